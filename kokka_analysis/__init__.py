"""kokka_analysis — skills needs, international talent and retention in South-East Finland.

Use it as ``import kokka_analysis as ka``; see DESIGN.md for the contracts.
"""

from __future__ import annotations

from . import config, errors, labels, privacy, regions, schemas, sources
from .errors import DataFormatError, KokkaError, TableSchemaError, UnknownRegionError
from .sources import load_table, load_tables

__version__ = "0.1.0"

__all__ = [
    "DataFormatError",
    "KokkaError",
    "TableSchemaError",
    "UnknownRegionError",
    "__version__",
    "config",
    "errors",
    "labels",
    "load_table",
    "load_tables",
    "privacy",
    "regions",
    "schemas",
    "sources",
]
