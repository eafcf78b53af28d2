"""Data in: one module per source. :func:`load_tables` is what notebooks call.

``sources.demo`` (seeded synthetic data) is loaded on first use.
"""

from __future__ import annotations

import importlib

from .base import DATA_SOURCES, load_table, load_tables

__all__ = ["DATA_SOURCES", "demo", "load_table", "load_tables"]


def __getattr__(name: str):
    if name in ("demo",):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'kokka_analysis.sources' has no attribute {name!r}")
