"""Project paths, built once from the project root (cookiecutter-data-science habit).

``KOKKA_HOME`` overrides the root, e.g. when the package is installed elsewhere than the
checkout that holds ``notebooks/`` and ``data/``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_root() -> Path:
    """The checkout root: ``$KOKKA_HOME`` or the folder above the package."""
    env = os.environ.get("KOKKA_HOME")
    return Path(env).resolve() if env else PACKAGE_DIR.parent


def data_dir() -> Path:
    """``data/`` of the checkout, or ``$KOKKA_DATA`` (e.g. a shared data folder)."""
    env = os.environ.get("KOKKA_DATA")
    return Path(env).resolve() if env else project_root() / "data"


def raw_dir() -> Path:
    """Download cache for real sources (as received, read-only, ignored by git)."""
    return data_dir() / "raw"


def processed_dir() -> Path:
    """Tidy tables made from real sources (e.g. ``processed/statfin``), ignored by git."""
    return data_dir() / "processed"


def statfin_store_dir() -> Path:
    """The tidy StatFin tables and their ``manifest.json`` written by ``kokka fetch``."""
    return processed_dir() / "statfin"


def demo_dir() -> Path:
    return data_dir() / "demo"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def reports_dir() -> Path:
    return project_root() / "reports"


def figures_dir() -> Path:
    return project_root() / "figures"
