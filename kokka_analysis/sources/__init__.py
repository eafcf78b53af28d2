"""Data in: one module per source. :func:`load_tables` is what notebooks call."""

from __future__ import annotations

from .base import DATA_SOURCES, load_table, load_tables

__all__ = ["DATA_SOURCES", "load_table", "load_tables"]
