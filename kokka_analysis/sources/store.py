"""The local store of fetched tables: ``data/processed/statfin/``.

Every fetched source (StatFin, the Labour Market Barometer, Vipunen) writes its tidy tables here
as Parquet files, one per table, with a ``manifest.json`` that keeps each table's provenance
(source, tables, titles, retrieval times, notes, rows) and the regions and years it was fetched
for. :func:`write_store` replaces the store atomically; :func:`read_store` reads it back
offline (``load_tables("statfin")`` uses it, so a batch build never touches the network).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from .. import config, schemas
from .statfin import StatFinError


def store_dir() -> Path:
    """Where the fetched tidy tables are kept: ``data/processed/statfin``."""
    return config.statfin_store_dir()


def write_store(
    tables: dict[str, pd.DataFrame],
    manifest_tables: dict[str, dict],
    region_codes: Sequence[str],
    years: tuple[int, int],
    store: Path | None = None,
) -> Path:
    """Write the tidy tables (Parquet) and ``manifest.json``; replaces the store atomically
    (a new folder is filled, then swapped in), keeping tables fetched earlier that this run
    did not touch."""
    store = Path(store) if store else store_dir()
    old = read_manifest(store) if (store / "manifest.json").exists() else {"tables": {}}
    tmp = store.with_name(store.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    kept = {}
    for name, meta in old.get("tables", {}).items():
        if name not in tables and (store / f"{name}.parquet").exists():
            shutil.copy2(store / f"{name}.parquet", tmp / f"{name}.parquet")
            kept[name] = meta
    for name, df in tables.items():
        plain = df.copy()
        plain.attrs = {}
        plain.to_parquet(tmp / f"{name}.parquet", index=False)
    # each table keeps the regions and years it was fetched for (sources are fetched apart);
    # the top level sums them up
    for meta in kept.values():
        meta.setdefault("regions", old.get("regions", []))
        meta.setdefault("years", old.get("years", []))
    fresh = {
        name: {**meta, "regions": list(region_codes), "years": list(years)}
        for name, meta in manifest_tables.items()
    }
    every = {**kept, **fresh}
    spans = [m["years"] for m in every.values() if len(m.get("years") or []) == 2]
    manifest = {
        "written": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "regions": sorted({r for m in every.values() for r in m.get("regions") or []}),
        "years": [min(a for a, _ in spans), max(b for _, b in spans)] if spans else list(years),
        "tables": every,
    }
    (tmp / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, default=str), "utf-8"
    )
    backup = store.with_name(store.name + ".old")
    shutil.rmtree(backup, ignore_errors=True)
    if store.exists():
        store.rename(backup)
    tmp.rename(store)
    shutil.rmtree(backup, ignore_errors=True)
    return store


def read_manifest(store: Path | None = None) -> dict:
    """The store's ``manifest.json``; a StatFinError saying how to fetch when there is none."""
    store = Path(store) if store else store_dir()
    path = store / "manifest.json"
    if not path.exists():
        raise StatFinError(
            f"No Statistics Finland data in {store}. Run `kokka fetch --region MK08 --region "
            "MK09 --years 2010-2024` where the network is available (answers are cached under "
            "data/raw/statfin/), or use data_source='demo'."
        )
    return json.loads(path.read_text("utf-8"))


#: The last store read: ``(folder, manifest text, tables)``. A warm kernel builds many pages
#: from one store; a rewritten store (new manifest) is read again.
_LAST_READ: tuple[Path, str, dict[str, pd.DataFrame]] | None = None


def read_store(store: Path | None = None) -> dict[str, pd.DataFrame]:
    """The stored tidy StatFin tables, each with its provenance in ``attrs`` (each a copy the
    caller may change)."""
    global _LAST_READ
    store = Path(store) if store else store_dir()
    manifest = read_manifest(store)
    text = (store / "manifest.json").read_text("utf-8") + repr(
        [(p.name, p.stat().st_mtime_ns) for p in sorted(store.glob("*.parquet"))]
    )
    if _LAST_READ is None or _LAST_READ[:2] != (store.resolve(), text):
        tables = {}
        for name, meta in manifest["tables"].items():
            df = pd.read_parquet(store / f"{name}.parquet")
            df = schemas.validate(df, name, source=str(store / f"{name}.parquet"))
            df.attrs = {k: v for k, v in meta.items() if k != "rows"}
            tables[name] = df
        _LAST_READ = (store.resolve(), text, tables)
    out = {}
    for name, df in _LAST_READ[2].items():
        copy = df.copy()  # cheap (copy on write), and the cached frame stays as read
        copy.attrs = json.loads(json.dumps(df.attrs, default=str))
        out[name] = copy
    return out
