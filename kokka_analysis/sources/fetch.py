"""Every public source in one place: what each gives (``kokka fetch --list``) and fetching them
into the store of real tables (``data/processed/statfin/``, one manifest for all sources).

===========  ==========================================  ============================================
source       tables                                      terms
===========  ==========================================  ============================================
statfin      population, migration, employment,          Statistics Finland, CC BY 4.0
             labour_market, population_projection
vipunen      graduates                                   Vipunen (education administration), CC BY 4.0
barometer    barometer                                   Työvoimabarometri (KEHA centre); the
                                                         service's terms of use
register     enterprises (the employer survey's frame:   Statistics Finland, CC BY 4.0
             establishments by municipality, TOL
             section and size class)
===========  ==========================================  ============================================

The cohort and the survey are the analyst's own microdata, never fetched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import KokkaError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    name: str
    tables: tuple[str, ...]
    title: str
    terms: str
    #: how a page footer names it, (fi, en)
    short: tuple[str, str] = ("", "")


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source("statfin", ("population", "migration", "employment", "labour_market",
                           "population_projection"),
               "Statistics Finland, StatFin (PxWeb API)", "CC BY 4.0",
               ("Tilastokeskus, StatFin (CC BY 4.0)", "Statistics Finland, StatFin (CC BY 4.0)")),
        Source("vipunen", ("graduates",), "Vipunen, the education administration's statistics "
               "service (REST API)", "CC BY 4.0",
               ("Vipunen, opetushallinto (CC BY 4.0)", "Vipunen, education administration "
                "(CC BY 4.0)")),
        Source("barometer", ("barometer",), "Työvoimabarometri / Labour Market Barometer, KEHA "
               "centre (the JSON behind its pages)", "the service's terms of use",
               ("Työvoimabarometri, KEHA-keskus", "Labour Market Barometer, KEHA Centre")),
        Source("register", ("enterprises",), "Statistics Finland, establishment counter "
               "(Toimipaikkalaskuri, PxWeb API): the employer survey's business frame",
               "CC BY 4.0",
               ("Tilastokeskus, Toimipaikkalaskuri (CC BY 4.0)",
                "Statistics Finland, establishment counter (CC BY 4.0)")),
    )
}  # fmt: skip


def source_of(table: str) -> Source | None:
    """The public source a table is fetched from (None for the analyst's own microdata)."""
    return next((s for s in SOURCES.values() if table in s.tables), None)


def describe() -> list[str]:
    """One line per source and table, for ``kokka fetch --list``."""
    from .statfin_tables import TABLE_SPECS

    lines = []
    for s in SOURCES.values():
        lines.append(f"{s.name}: {s.title} [{s.terms}]")
        if s.name == "statfin":
            for spec in TABLE_SPECS.values():
                lines.append(f"  {spec.key:24} {spec.table:15} -> {spec.feeds:21} {spec.title}")
        elif s.name == "vipunen":
            from .vipunen import RESOURCE

            lines.append(f"  {'graduates':24} {RESOURCE:15} -> graduates")
        elif s.name == "register":
            from .register import TABLES

            lines.append(f"  {'enterprises':24} {TABLES[0]} -> enterprises")
        else:
            lines.append(f"  {'barometer':24} {'kohtaanto':15} -> barometer")
    return lines


def fetch_sources(
    names: Sequence[str],
    region_codes: Sequence[str],
    years: tuple[int, int],
    *,
    offline: bool = False,
    refresh: bool = False,
    table_ids: dict[str, str] | None = None,
    lang: str = "fi",
    progress: Callable[[str], None] | None = None,
    on_answer: Callable[[str, int, int, bool], None] | None = None,
) -> dict[str, object]:
    """Fetch ``names`` (from :data:`SOURCES`) and store their tables; returns
    ``{source: {table: frame} or the error}``: one failing source does not stop the others.
    ``on_answer(table, done, total, from_cache)`` follows StatFin's answers table by table."""
    from . import barometer, register, statfin, statfin_tables, store, vipunen

    unknown = [n for n in names if n not in SOURCES]
    if unknown:
        raise KokkaError(f"Unknown source(s) {unknown}; sources are: {', '.join(SOURCES)}.")
    say = progress or (lambda msg: None)
    results: dict[str, object] = {}
    ids = dict(table_ids or {})
    owner = {**dict.fromkeys(statfin_tables.TABLE_SPECS, "statfin"), "graduates": "vipunen",
             "enterprises": "register"}  # fmt: skip
    bad = sorted(set(ids) - set(owner))
    if bad:
        raise KokkaError(
            f"Unknown --table key(s) {bad}; known: {', '.join(sorted(owner))} "
            "(see `kokka fetch --list`)."
        )
    unused = sorted(k for k in ids if owner[k] not in names)
    if unused:
        raise KokkaError(
            f"--table {unused[0]}=… belongs to the source {owner[unused[0]]!r}, which is not "
            f"fetched here; add `--source {owner[unused[0]]}`."
        )
    for name in names:
        try:
            if name == "statfin":
                client = statfin.StatFinClient(lang=lang, offline=offline)
                results[name] = statfin_tables.fetch_tables(
                    region_codes, years, client=client,
                    table_ids={k: v for k, v in ids.items() if k in statfin_tables.TABLE_SPECS},
                    refresh=refresh, progress=say, on_answer=on_answer,
                )  # fmt: skip
                continue
            if name == "vipunen":
                df = vipunen.fetch_graduates(
                    years, vipunen.client(offline=offline),
                    resource=ids.get("graduates", vipunen.RESOURCE), refresh=refresh,
                    progress=say,
                )  # fmt: skip
                tables = {"graduates": df}
            elif name == "register":
                df = register.fetch_frame(
                    region_codes, register.client(offline=offline),
                    table=ids.get("enterprises"), refresh=refresh, progress=say,
                    on_answer=on_answer,
                )  # fmt: skip
                tables = {"enterprises": df}
            else:
                df = barometer.fetch_barometer(
                    barometer.client(offline=offline), refresh=refresh, progress=say
                )
                tables = {"barometer": df}
            meta = {t: {**dict(d.attrs), "rows": len(d)} for t, d in tables.items()}
            store.write_store(tables, meta, list(region_codes), years)
            results[name] = tables
        except KokkaError as exc:
            log.warning("fetch %s failed: %s", name, exc)
            results[name] = exc
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            # an answer of a shape nobody foresaw: this source fails, the others go on
            log.warning("fetch %s failed on an unexpected answer: %r", name, exc)
            results[name] = KokkaError(
                f"{SOURCES[name].title}: an answer could not be read ({exc!r}); the service may "
                "have changed. Tables fetched before are kept."
            )
    return results
