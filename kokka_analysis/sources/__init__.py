"""Data in: one module per source. :func:`load_tables` is what notebooks call.

Submodules (``demo``, ``files``, ``statfin``, ``px``, ``classification``) load on first use.
"""

from __future__ import annotations

import importlib

from .base import DATA_SOURCES, load_table, load_tables

__all__ = [
    "DATA_SOURCES",
    "classification",
    "demo",
    "files",
    "load_table",
    "load_tables",
    "px",
    "statfin",
    "with_own_files",
]


def __getattr__(name: str):
    if name in ("classification", "demo", "files", "px", "statfin"):
        return importlib.import_module(f".{name}", __name__)
    if name == "with_own_files":  # loaded on first use: the CLI starts without pandas
        return importlib.import_module(".own", __name__).with_own_files
    raise AttributeError(f"module 'kokka_analysis.sources' has no attribute {name!r}")
