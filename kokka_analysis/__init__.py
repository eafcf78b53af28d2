"""kokka_analysis — skills needs, international talent and retention in South-East Finland.

Use it as ``import kokka_analysis as ka``; see DESIGN.md for the contracts. Submodules are
loaded on first use (``ka.retention``, ``ka.plots``, ...), so that the ``kokka`` command starts
fast and an incremental build that has nothing to do imports no data-science stack.
"""

from __future__ import annotations

import importlib

from .errors import DataFormatError, KokkaError, TableSchemaError, UnknownRegionError

__version__ = "0.1.0"

_SUBMODULES = {
    "config",
    "employers",
    "errors",
    "foresight",
    "geo",
    "indicators",
    "labels",
    "network",
    "parameters",
    "plots",
    "privacy",
    "regions",
    "report",
    "retention",
    "schemas",
    "sources",
    "summary",
    "survey",
    "uncertainty",
}
_FROM_SOURCES = {"load_table", "load_tables"}

__all__ = [
    "DataFormatError",
    "KokkaError",
    "TableSchemaError",
    "UnknownRegionError",
    "__version__",
    *sorted(_SUBMODULES),
    *sorted(_FROM_SOURCES),
]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _FROM_SOURCES:
        return getattr(importlib.import_module(".sources", __name__), name)
    raise AttributeError(f"module 'kokka_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
