"""One entry point for notebooks: ``load_tables(data_source)`` -> dict of tidy tables.

The demo tables are generated once per seed and package version and kept on disk under
``data/demo/`` (a cache; delete it freely), so that a batch build of many notebooks does not
regenerate them in every kernel.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import pickle
from collections.abc import Iterable, Sequence
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
    for rel in (
        "sources/demo.py", "sources/files.py", "labels.py", "regions.py", "schemas.py",
        "data/demo_survey_codebook.yaml", "sources/demo_employers.py", "employers.py",
        "codes.py", "sources/demo_network.py", "network.py",
    ):  # fmt: skip
        h.update((config.PACKAGE_DIR / rel).read_bytes())
    from ..regions import cached_key_path

    key = cached_key_path()  # an installed key makes the demo cover the whole country
    h.update(key.read_bytes() if key.exists() else b"home regions only")
    return h.hexdigest()[:12]


#: Tables that were not fetched, and where they really come from.
STAND_IN_REASONS = {
    "barometer": (
        "Työvoimabarometria (KEHA) ei ole haettu: kokka fetch --source barometer",
        "the Labour Market Barometer (KEHA) has not been fetched: kokka fetch --source barometer",
    ),
    "graduates": (
        "tutkintoja ei ole haettu Vipusesta: kokka fetch --source vipunen",
        "graduates have not been fetched from Vipunen: kokka fetch --source vipunen",
    ),
    "population_projection": (
        "väestöennustetta (vaenn/14wx) ei ole haettu",
        "the population projection (vaenn/14wx) has not been fetched",
    ),
    "cohort": ("kohorttitiedosto annetaan parametrilla cohort_path",
               "the cohort file is given with the parameter cohort_path"),
    "survey": ("kyselyaineisto annetaan parametrilla survey_path",
               "the survey file is given with the parameter survey_path"),
    "employer_survey": ("työnantajakysely annetaan parametrilla employer_path",
                        "the employer survey is given with the parameter employer_path"),
    "enterprises": ("yritysrekisterin kehikkoa ei ole haettu (kokka fetch --source register) "
                    "eikä annettu (frame_path): synteettinen kehikko",
                    "the business-register frame has not been fetched (kokka fetch --source "
                    "register) nor given (frame_path): a synthetic frame"),
    "actors": ("toimijataulukko annetaan parametrilla actors_path",
               "the actors table is given with the parameter actors_path"),
    "ties": ("yhteystaulukko annetaan parametrilla ties_path",
             "the ties table is given with the parameter ties_path"),
    "events": ("tapahtumaloki annetaan parametrilla events_path",
               "the event log is given with the parameter events_path"),
}  # fmt: skip


def _statfin_manifest_path():
    return config.statfin_store_dir() / "manifest.json"


def statfin_fetched() -> bool:
    """Whether ``kokka fetch`` has stored StatFin tables (checked without importing pandas)."""
    return _statfin_manifest_path().exists()


def data_fingerprint(data_source: str = "demo", seed: int = 0) -> str:
    """A short id of the data a build uses (for build manifests and page footers).

    For ``statfin`` it changes whenever ``kokka fetch`` stores new data (and with the demo
    generator, whose tables stand in for those StatFin does not publish).
    """
    if data_source == "demo":
        return f"demo-seed{seed}-{_demo_fingerprint()}"
    _check_source(data_source)
    path = _statfin_manifest_path()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else "none"
    return f"statfin-{digest}-demo-seed{seed}-{_demo_fingerprint()}"


def data_vintage(
    data_source: str = "demo", seed: int = 0, tables: Sequence[str] | None = None
) -> str:
    """What a page footer says about the data's version: tables and retrieval date (of the
    stored ``tables`` only, when given: those a page uses)."""
    if data_source != "statfin":
        return data_fingerprint(data_source, seed)
    path = _statfin_manifest_path()
    if not path.exists():
        return "StatFin: not fetched"
    manifest = json.loads(path.read_text("utf-8"))
    tables = [meta for name, meta in manifest["tables"].items() if tables is None or name in tables]
    if not tables:
        return "–"
    ids = sorted({p["table"] for t in tables for p in t.get("tables", [])})
    others = sorted(
        {str(t["table_id"]) for t in tables if not t.get("tables") and t.get("table_id")}
    )
    dates = [t.get("retrieved", "")[:10] for t in tables if t.get("retrieved")]
    parts = ([f"StatFin {', '.join(ids)}"] if ids else []) + others
    return f"{'; '.join(parts)}; haettu / retrieved {min(dates) if dates else '?'}"


def stored_tables() -> dict[str, str]:
    """The tables ``kokka fetch`` has stored, with the source each came from (read without
    pandas): ``{table: source}``; empty when nothing was fetched."""
    path = _statfin_manifest_path()
    if not path.exists():
        return {}
    manifest = json.loads(path.read_text("utf-8"))
    return {name: str(meta.get("source", "")) for name, meta in manifest["tables"].items()}


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
        ``"demo"`` (synthetic, offline, default) or ``"statfin"``: the Statistics Finland
        tables stored by ``kokka fetch`` (population, migration, employment, labour_market),
        read offline; the tables StatFin does not publish are the synthetic demo ones,
        flagged ``attrs["stand_in"] = True`` (pages say so where they are used).
    seed
        Seed of the demo data.

    Examples
    --------
    >>> tables = load_tables("demo")
    >>> tables["population"].attrs["synthetic"]
    True
    """
    _check_source(data_source)
    tables = _demo_tables(seed)
    real = {}
    if data_source == "statfin":
        from .store import read_store

        real = read_store()  # clear error naming `kokka fetch` when nothing was fetched
    out = {}
    for name, df in tables.items():
        if name in real:
            out[name] = real[name]
            continue
        copy = df.copy()
        copy.attrs = dict(df.attrs)
        if data_source == "statfin":
            copy.attrs["stand_in"] = True
            copy.attrs["stand_in_reason"] = STAND_IN_REASONS.get(name, ("", ""))
        out[name] = copy
    return out


def load_table(name: str, data_source: str = "demo", seed: int = 0) -> pd.DataFrame:
    """One tidy table, e.g. ``load_table("population")``."""
    tables = load_tables(data_source, seed)
    if name not in tables:
        raise KokkaError(f"Unknown table {name!r}; known: {', '.join(sorted(tables))}.")
    return tables[name]


#: Tables with one row per person or respondent: their coverage counts rows by region.
MICRODATA = ("cohort", "survey", "employer_survey", "events")


def region_coverage(data_source: str = "demo", seed: int = 0) -> dict[str, object]:
    """For each table of ``data_source``: the region codes it has rows for; and, under
    ``"__counts__"``, the persons or respondents per region of the microdata tables."""
    tables = load_tables(data_source, seed=seed)
    out: dict[str, object] = {
        name: sorted(df["region"].dropna().astype(str).unique())
        for name, df in tables.items()
        if "region" in df.columns
    }
    out["__counts__"] = {name: region_counts(tables[name]) for name in MICRODATA if name in tables}
    # the years every aggregate table has (year parameters must lie in them)
    spans = [
        (int(df["year"].min()), int(df["year"].max()))
        for name, df in tables.items()
        if "year" in df.columns
        and name not in MICRODATA
        and name != "population_projection"  # future years, not observed ones
        and name != "graduates"  # read as "the latest years it has", not by the year parameters
        and len(df)
        and not df.attrs.get("stand_in")
    ]
    if spans:
        out["__years__"] = [max(a for a, _ in spans), min(b for _, b in spans)]
    return out


def region_counts(df: pd.DataFrame) -> dict[str, int]:
    """Rows per region code of a microdata table."""
    counts = df["region"].dropna().astype(str).value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def rows_inside(counts: dict[str, int], region: str) -> int:
    """How many of the counted rows lie in ``region`` (the region or areas inside it).

    Examples
    --------
    >>> rows_inside({"KU285": 4, "KU286": 10, "KU405": 7}, "MK08")
    14
    """
    from .. import regions

    inside = regions.inside(region)
    return sum(n for code, n in counts.items() if code in inside)


def covers(codes: Iterable[str], region: str, maakunta: bool = False) -> bool:
    """Whether a table with rows for ``codes`` has data for ``region``: the region itself or
    any area inside it; with ``maakunta=True`` also the maakunta that contains it (tables
    such as the Labour Market Barometer are published by maakunta).

    Examples
    --------
    >>> covers(["MK08", "KU285"], "SK082"), covers(["MK08"], "KU285"), covers(["MK08"], "KU285", True)
    (True, False, True)
    """
    from .. import regions  # plain Python: a no-change build plans without pandas

    codes = {str(c) for c in codes}
    if maakunta and regions.resolve(region).level == "koko_maa":
        return "SSS" in codes  # a table by maakunta covers the country only with its own row
    if codes & regions.inside(region):
        return True
    if maakunta:
        try:
            return regions.parent(region, "maakunta").code in codes
        except KokkaError:
            return False
    return False
