"""kokka_analysis — skills needs, international talent and retention in South-East Finland.

Use it as ``import kokka_analysis as ka``; see DESIGN.md for the contracts.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import (  # noqa: E402 - __version__ first: publish reads it
    config,
    errors,
    foresight,
    indicators,
    labels,
    plots,
    privacy,
    regions,
    report,
    retention,
    schemas,
    sources,
    survey,
)
from .errors import (  # noqa: E402
    DataFormatError,
    KokkaError,
    TableSchemaError,
    UnknownRegionError,
)
from .sources import demo as _demo  # noqa: E402,F401  - makes ka.sources.demo available
from .sources import load_table, load_tables  # noqa: E402

__all__ = [
    "DataFormatError",
    "KokkaError",
    "TableSchemaError",
    "UnknownRegionError",
    "__version__",
    "config",
    "errors",
    "foresight",
    "indicators",
    "labels",
    "load_table",
    "load_tables",
    "plots",
    "privacy",
    "regions",
    "report",
    "retention",
    "schemas",
    "sources",
    "survey",
]
