"""One entry point for notebooks: ``load_tables(data_source)`` -> dict of tidy tables.

The demo tables are generated once per seed and package version and kept on disk under
``data/demo/`` (a cache; delete it freely), so that a batch build of many notebooks does not
regenerate them in every kernel.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
from typing import TYPE_CHECKING

from .. import config
from ..errors import KokkaError

if TYPE_CHECKING:  # pandas is imported by the generator; not needed to fingerprint data
    import pandas as pd

log = logging.getLogger(__name__)

DATA_SOURCES = ("demo", "statfin")


@functools.lru_cache(maxsize=1)
def _demo_fingerprint() -> str:
    """Hash of the generator's code: a changed generator invalidates the disk cache.

    Read from the files, not the imported modules, so it costs no pandas import.
    """
    h = hashlib.sha256()
    for rel in ("sources/demo.py", "labels.py", "regions.py", "schemas.py"):
        h.update((config.PACKAGE_DIR / rel).read_bytes())
    return h.hexdigest()[:12]


def data_fingerprint(data_source: str = "demo", seed: int = 0) -> str:
    """A short id of the data a build uses (for build manifests and page footers)."""
    if data_source == "demo":
        return f"demo-seed{seed}-{_demo_fingerprint()}"
    _check_source(data_source)
    return data_source


def _check_source(data_source: str) -> None:
    if data_source not in DATA_SOURCES:
        raise KokkaError(
            f"Unknown data_source {data_source!r}; use one of: {', '.join(DATA_SOURCES)}."
        )


@functools.lru_cache(maxsize=4)
def _demo_tables(seed: int) -> dict[str, pd.DataFrame]:
    from . import demo

    path = config.demo_dir() / f"demo_seed{seed}_{_demo_fingerprint()}.pkl"
    if path.exists():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception:  # a damaged cache file is regenerated, never trusted
            log.warning("Ignoring unreadable demo cache %s", path)
    tables = demo.generate(seed=seed)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{id(tables)}")
        with tmp.open("wb") as fh:
            pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: parallel kernels never read a half-written file
    except OSError as exc:
        log.warning("Could not write demo cache %s: %s", path, exc)
    return tables


def load_tables(data_source: str = "demo", seed: int = 0) -> dict[str, pd.DataFrame]:
    """All tidy tables from ``data_source``; each a fresh copy the caller may change.

    Parameters
    ----------
    data_source
        ``"demo"`` (synthetic, offline, default) or ``"statfin"`` (Statistics Finland).
    seed
        Seed of the demo data.

    Examples
    --------
    >>> tables = load_tables("demo")
    >>> tables["population"].attrs["synthetic"]
    True
    """
    _check_source(data_source)
    if data_source == "statfin":
        raise KokkaError(
            "data_source='statfin' is not available yet in this version of kokka: the "
            "Statistics Finland loader is still being built. Use data_source='demo'."
        )
    tables = _demo_tables(seed)
    out = {}
    for name, df in tables.items():
        copy = df.copy()
        copy.attrs = dict(df.attrs)
        out[name] = copy
    return out


def load_table(name: str, data_source: str = "demo", seed: int = 0) -> pd.DataFrame:
    """One tidy table, e.g. ``load_table("population")``."""
    tables = load_tables(data_source, seed)
    if name not in tables:
        raise KokkaError(f"Unknown table {name!r}; known: {', '.join(sorted(tables))}.")
    return tables[name]
