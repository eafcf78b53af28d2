"""StatFin tables -> the tidy tables of DESIGN section 4: which tables, what to ask, tidying.

Which StatFin table feeds which tidy table is listed in :data:`TABLE_SPECS` (a short table id per
part, as ``subject/id.px``; changeable with ``kokka fetch --table employment=tyokay/115i.px``).
Since June 2026 the ids are short and the subject folder stays (``.../StatFin/tyonv/12ti.px``);
an id without a folder is asked as ``.../StatFin/12ti.px``. No variable code is
hard-coded: each table's metadata is read first; its variables are recognised by their codes
(``alue_23_20260101``, ``Alue``, ``ikaryhma_10_20180101`` …) or texts in Finnish, Swedish or
English, its values by their codes *and* labels. A table that lacks a needed variable is a
:class:`~.statfin.StatFinError` naming what is missing and what the table has.

:func:`fetch_tables` asks the service (through the caching :class:`~.statfin.StatFinClient`),
and writes the tidy tables to ``data/processed/statfin/`` with a ``manifest.json`` (tables,
titles, retrieval times, regions, years, notes). :func:`~.store.read_store` reads them back
offline: ``load_tables("statfin")`` uses it, so a batch build never touches the network. The
store is in :mod:`.store`; the crosses StatFin publishes only as margins are estimated in
:mod:`.estimation`, which states the method. ``combine_population``, ``combine_employment``,
``store_dir``, ``write_store``, ``read_manifest`` and ``read_store`` stay importable from here.

What StatFin does not publish at this detail is stated, not invented:

- ``population``: StatFin gives age × sex and language × sex for municipalities, language ×
  age × sex for regions (maakunnat) and the count of foreign-background residents. The tidy
  table keeps all those margins exactly (up to rounding to whole persons); within a
  municipality the age profile of each language group is taken from its maakunta and fitted to
  the municipality's margins (iterative proportional fitting), and foreign-background residents
  are counted among foreign-language residents first. Every indicator uses one margin at a time;
  the population pyramid's background split is the only estimated cross and is marked so.
- ``employment``: StatFin publishes the employed by municipality × industry (115i) and by
  municipality × age (115b, main type of activity "employed"), not the cross. Each industry's
  age groups are estimated from the region's age structure of the employed (industry totals
  exact, age totals to within rounding); pages that use the age split say so. A table given
  with ``--table employment=ID`` that has industry × age itself is used as it is.
- ``migration``: StatFin's tables have no origin breakdown here: ``background`` is
  ``"unknown"``. Moves between municipalities of the same region count for each municipality.
- ``barometer`` (Labour Market Barometer, TEM/KEHA), ``graduates`` (Vipunen), ``cohort`` and
  ``survey`` (microdata) are not StatFin tables: :func:`~.base.load_tables` fills them with
  flagged synthetic stand-ins, and pages say so where they are used.

Examples
--------
>>> classify_age("20 - 24"), classify_age("85-"), classify_age("SSS"), classify_age("7")
((20, 24), (85, None), None, (7, 7))
>>> to_band((20, 24), POPULATION_BANDS), to_band((90, 94), POPULATION_BANDS)
('20-24', '85+')
>>> classify_migration("muutl-vm43_tulo", "Kuntien välinen tulomuutto")
('in', 'domestic')
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .. import labels, regions, schemas
from ..errors import KokkaError
from .estimation import combine_employment, combine_population
from .estimation import note as _note
from .statfin import StatFinClient, StatFinError, TableMeta, Variable

# store_dir, read_manifest and read_store are re-exported: callers import them from here
from .store import read_manifest, read_store, store_dir, write_store  # noqa: F401

log = logging.getLogger(__name__)

#: Tidy tables that come from StatFin.
STATFIN_TABLES = ("population", "migration", "employment", "labour_market", "population_projection")


# ---------------------------------------------------------------------------------------------
# Which StatFin table feeds what
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spec:
    """One StatFin table, the tidy table it feeds and the roles its variables must play."""

    key: str  # name on the command line (--table KEY=ID)
    feeds: str  # tidy table
    table: str  # StatFin table id (short id since June 2026)
    title: str
    roles: tuple[str, ...]  # roles that must be found in the metadata
    optional_roles: tuple[str, ...] = ()
    required: bool = True  # False: the tidy table can be made without it (with a note)
    content: dict[str, tuple[str, ...]] = field(default_factory=dict)  # measure -> hints
    future: bool = False  # a projection: every year it has, not the years asked for


#: The tables as published in 2026: ids, folders and variables as seen in public use of the
#: API after the June 2026 change (not checked against the live service from here; 11a7's
#: new content codes were not seen). Override with ``--table KEY=ID``.
TABLE_SPECS: dict[str, Spec] = {
    s.key: s
    for s in (
        Spec("population_age", "population", "vaerak/11re.px",
             "Väestö iän ja sukupuolen mukaan alueittain / Population by age and sex",
             ("region", "time", "sex", "age")),
        Spec("population_language", "population", "vaerak/11rm.px",
             "Väestö kielen ja sukupuolen mukaan kunnittain / Population by language and sex",
             ("region", "time", "sex", "language")),
        Spec("population_language_age", "population", "vaerak/11rl.px",
             "Kieli iän ja sukupuolen mukaan maakunnittain / Language by age and sex, regions",
             ("region", "time", "sex", "age", "language"), required=False),
        Spec("population_origin", "population", "vaerak/11rv.px",
             "Väestö syntyperän ja taustamaan mukaan / Population by origin and background "
             "country", ("region", "time", "origin"), ("sex",), required=False),
        Spec("migration_domestic", "migration", "muutl/11a2.px",
             "Kuntien välinen muutto iän ja sukupuolen mukaan / Intermunicipal migration by age "
             "and sex", ("region", "time", "sex", "age", "content")),
        Spec("migration_abroad", "migration", "muutl/11a7.px",
             "Maahan- ja maastamuutto iän ja sukupuolen mukaan / Immigration and emigration by "
             "age and sex", ("region", "time", "sex", "age", "content")),
        Spec("employment", "employment", "tyokay/115i.px",
             "Työlliset alueen, toimialan (TOL 2008) ja sukupuolen mukaan / Employed by area, "
             "industry and sex", ("region", "time", "industry"), ("age",)),
        Spec("employment_age", "employment", "tyokay/115b.px",
             "Väestö pääasiallisen toiminnan, sukupuolen ja iän mukaan (työlliset) / Population "
             "by main type of activity, sex and age (employed)",
             ("region", "time", "age", "activity"), required=False),
        Spec("labour_market", "labour_market", "tyonv/12ti.px",
             "Työttömät työnhakijat ja avoimet työpaikat ammattiryhmittäin / Unemployed "
             "jobseekers and open vacancies by occupation",
             ("region", "time", "occupation", "content"),
             content={
                 "jobseekers": ("TYOTTOMATLOPUSSA", "työttömät työnhakijat",
                                "unemployed jobseekers", "arbetslösa arbetssökande"),
                 "vacancies": ("AVPAIKATLOPUSSA", "avoimet työpaikat", "open vacancies",
                               "lediga arbetsplatser"),
             }),
        Spec("population_projection", "population_projection", "vaenn/14wx.px",
             "Väestöennuste iän ja sukupuolen mukaan alueittain / Population projection by age "
             "and sex, by area", ("region", "time", "sex", "age"), ("content",),
             content={"persons": ("vaesto", "väestö", "väkiluku", "population", "ennuste",
                                  "projection", "folkmängd")},
             required=False, future=True),
    )
}  # fmt: skip

# Variable codes/texts by role, folded (lower case, no diacritics); fi, sv, en. A variable
# code such as "alue_23_20260101" matches by its first part ("alue").
_ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "region": ("alue", "area", "region", "omrade", "kunta", "municipality", "kommun",
               "maakunta", "landskap", "seutukunta", "asuinalue"),
    "sex": ("sukupuoli", "sex", "kon", "gender"),
    "age": ("ika", "ikaryhma", "ikaluokka", "age", "age group", "alder", "aldersgrupp"),
    "language": ("kieli", "language", "sprak", "aidinkieli", "mother tongue", "modersmal"),
    "origin": ("syntypera", "origin", "harkomst", "taustamaa", "background country",
               "bakgrundsland", "valtio"),
    "industry": ("toimiala", "industry", "naringsgren"),
    "activity": ("paaasial", "paaasiallinen toiminta", "main type of activity",
                 "huvudsaklig verksamhet", "activity"),
    "occupation": ("ammattiryhma", "ammatti", "occupation", "yrke", "yrkesgrupp"),
    "content": ("contentscode", "tiedot", "information", "uppgifter"),
    "time": ("timeperiod", "vuosi", "year", "ar", "kuukausi", "month", "manad"),
}  # fmt: skip

_TOTAL = {"sss", "yht", "total", "totalt", "yhteensa", "kaikki", "all", "koko maa"}


def _fold(text: object) -> str:
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", s.lower()).strip()


def _is_total(code: str, label: str) -> bool:
    c, lab = _fold(code), _fold(label)
    return c in _TOTAL or lab in _TOTAL or lab.startswith(("yhteensa", "total", "kaikki "))


def find_role(meta: TableMeta, role: str, required: bool = True) -> Variable | None:
    """The variable of ``meta`` that plays ``role`` (by code, code prefix or text; fi/sv/en)."""
    names = _ROLE_NAMES[role]
    if role == "time":
        for v in meta.variables:
            if v.time:
                return v
    for how in ("exact", "prefix", "word"):
        for v in meta.variables:
            code, text = _fold(v.code), _fold(v.text)
            if how == "exact" and (code in names or text in names):
                return v
            if how == "prefix" and re.split(r"[_\-]", code)[0] in names:
                return v
            if how == "word" and any(
                re.search(rf"\b{re.escape(n)}\b", text) for n in names if len(n) > 3
            ):
                return v
    if not required:
        return None
    raise StatFinError(
        f"Table {meta.path} ({meta.title}) has no variable for {role!r} (looked for "
        f"{', '.join(names[:4])} …); its variables are: "
        + ", ".join(f"{v.code} ({v.text})" for v in meta.variables)
        + ". The table may have changed: name another with `kokka fetch --table KEY=ID`."
    )


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------
POPULATION_BANDS: list[tuple[int, int | None]] = [(a, a + 4) for a in range(0, 85, 5)] + [
    (85, None)
]
WORK_BANDS: list[tuple[int, int | None]] = [(15, 24), (25, 34), (35, 44), (45, 54), (55, 64),
                                            (65, 74)]  # fmt: skip
_UNIT = r"(?:\s*(?:v\.?|vuotta|vuotiaat|years?|år))?"
_AGE_RANGE = re.compile(rf"^(\d{{1,3}})\s*[-–]\s*(\d{{1,3}}){_UNIT}$")
_AGE_OPEN = re.compile(
    rf"^(\d{{1,3}}){_UNIT}\s*(?:[-–+]|ja yli|and over|och äldre|or older){_UNIT}$"
)
_AGE_ONE = re.compile(rf"^(\d{{1,3}}){_UNIT}$")


def classify_age(text: str) -> tuple[int, int | None] | None:
    """``(lower, upper)`` of an age value (``"20 - 24"``, ``"020-024"``, ``"85-"``, ``"7"``);
    None for totals or texts that are not an age."""
    t = str(text).strip().lower()
    if _is_total(t, t):
        return None
    if m := _AGE_RANGE.match(t):
        return (int(m.group(1)), int(m.group(2)))
    if m := _AGE_OPEN.match(t):
        return (int(m.group(1)), None)
    if m := _AGE_ONE.match(t):
        return (int(m.group(1)), int(m.group(1)))
    return None


def to_band(age: tuple[int, int | None], bands: Sequence[tuple[int, int | None]]) -> str | None:
    """The band (``"15-24"``/``"85+"``) that holds ``age`` whole; None if outside all bands.

    An open top group (``"75-"``) that the bands split further is counted in the band where it
    starts (``"75-79"``; :func:`fetch_tables` notes it). Any other group that straddles two
    bands raises StatFinError (it cannot be split honestly).
    """
    low, high = age
    high_v = float("inf") if high is None else high
    for b_low, b_high in bands:
        top = float("inf") if b_high is None else b_high
        if b_low <= low <= top:
            if high_v <= top or high is None:
                return f"{b_low}+" if b_high is None else f"{b_low}-{b_high}"
            raise StatFinError(
                f"The age group {low}-{'' if high is None else high} straddles the band "
                f"{b_low}-{'' if b_high is None else b_high}; choose a table with finer ages."
            )
    return None


def _age_values(var: Variable) -> list[str]:
    """The values of an age variable that partition the ages (no totals, no overlaps)."""
    parsed = {}
    for c, t in zip(var.values, var.value_texts, strict=True):
        if _is_total(c, t):
            continue
        a = classify_age(t) or classify_age(c)
        if a is not None:
            parsed[c] = a
    opens = {c: a for c, a in parsed.items() if a[1] is None}
    ranges = {c: a for c, a in parsed.items() if a[1] is not None and a[1] != a[0]} | opens
    singles = {c: a for c, a in parsed.items() if a[1] == a[0]} | opens

    def spans(group: dict) -> list[tuple[int, int]]:
        return sorted((lo, 120 if hi is None else hi) for lo, hi in group.values())

    def disjoint(group: dict) -> bool:
        s = spans(group)
        return all(a[1] < b[0] for a, b in zip(s, s[1:], strict=False))

    # the partition that covers most ages (single years and 5-year groups may both be there)
    usable = [g for g in (ranges, singles) if g and disjoint(g)]
    if usable:
        best = max(usable, key=lambda g: sum(hi - lo + 1 for lo, hi in spans(g)))
        return list(best)
    raise StatFinError(f"Cannot tell the age groups of {var.code} ({var.text}) apart.")


def classify_sex(code: str, label: str) -> str | None:
    c, lab = _fold(code), _fold(label)
    if c in ("1", "m", "male") or lab in ("miehet", "mies", "men", "males", "male", "man"):
        return "male"
    if c in ("2", "f", "n", "female") or lab in (
        "naiset", "nainen", "women", "females", "female", "kvinnor", "kvinna"
    ):  # fmt: skip
        return "female"
    return None


def _language_values(var: Variable) -> dict[str, str]:
    """Value code -> fi/sv/other; the foreign-languages total if there is one, else each
    foreign language. Sami (a domestic language) counts with fi."""
    out: dict[str, str] = {}
    aggregate_other = None
    for c, t in zip(var.values, var.value_texts, strict=True):
        fc, lab = _fold(c), _fold(t)
        if _is_total(c, t):
            continue
        if fc in ("fi", "fin") or lab in ("suomi", "finnish", "finska"):
            out[c] = "fi"
        elif fc in ("sv", "swe") or lab in ("ruotsi", "swedish", "svenska"):
            out[c] = "sv"
        elif fc in ("se", "sme") or lab.startswith(("saame", "sami", "samiska")):
            out[c] = "fi"
        elif fc == "02" or any(k in lab for k in ("vieraskiel", "vieraat kielet",
                                                  "foreign language", "frammande sprak",
                                                  "muut kielet")):  # fmt: skip
            aggregate_other = c
        elif fc == "01" or "kotimai" in lab or "domestic" in lab or "inhemsk" in lab:
            continue  # fi + sv + se: an aggregate
        else:
            out[c] = "other"
    if aggregate_other is not None:
        out = {c: g for c, g in out.items() if g != "other"}
        out[aggregate_other] = "other"
    return out


def _origin_values(var: Variable) -> dict[str, str]:
    """Value code -> finnish/foreign: "Finnish/foreign background" (syntyperä), or the
    background country Finland (246) vs the foreign-countries total (ULK)."""
    out = {}
    for c, t in zip(var.values, var.value_texts, strict=True):
        fc, lab = _fold(c), _fold(t)
        if _is_total(c, t):
            continue
        if lab.startswith(("suomalaistausta", "finlandsk bakgrund")) or (
            "finnish" in lab and "background" in lab
        ):
            out[c] = "finnish"
        elif lab.startswith(("ulkomaalaistausta", "utlandsk bakgrund")) or (
            "foreign" in lab and "background" in lab
        ):
            out[c] = "foreign"
        elif fc == "246" or lab in ("suomi", "finland"):
            out[c] = "finnish"
        elif fc == "ulk" or lab in ("ulkomaat", "foreign countries", "utlandet"):
            out[c] = "foreign"
    if "foreign" not in out.values():
        raise StatFinError(
            f"No foreign-background total among the values of {var.code} ({var.text}): "
            + ", ".join(var.values[:12])
        )
    return out


def classify_industry(code: str, label: str) -> str | None:
    """A TOL 2008 section letter (A–U, X) from a code like ``"C"`` or a label ``"C Teollisuus"``."""
    c = str(code).strip().upper()
    if re.fullmatch(r"[A-UX]", c):
        return c
    m = re.match(r"^([A-UX])\s+\D", str(label).strip())
    return m.group(1) if m else None


def _occupation_values(var: Variable) -> dict[str, str]:
    """Value code -> two-digit occupation group; two-digit values when the table has them,
    else four-digit (or three-digit) ones summed to their group. Unknown (X…) and totals out."""
    by_len: dict[int, dict[str, str]] = {}
    for c in var.values:
        digits = str(c).strip()
        if digits.isdigit() and len(digits) >= 2 and digits[:2] in labels.OCCUPATIONS:
            by_len.setdefault(len(digits), {})[c] = digits[:2]
    for n in (2, 3, 4, 5):
        if n in by_len:
            return by_len[n]
    raise StatFinError(
        f"No occupation codes of Ammattiluokitus 2010 among {var.code} ({var.text}): "
        + ", ".join(var.values[:12])
    )


def classify_migration(code: str, label: str) -> tuple[str, str] | None:
    """(direction, counterpart) of a migration measure from its code or text; None for net."""
    lab = _fold(label) + " | " + _fold(code)
    if "netto" in lab or re.search(r"\bnet\b", lab) or "vm4142" in lab:
        return None
    if any(k in lab for k in ("maahanmuut", "immigration", "invandring", "vm41")):
        return ("in", "abroad")
    if any(k in lab for k in ("maastamuut", "emigration", "utvandring", "vm42")):
        return ("out", "abroad")
    if any(k in lab for k in ("tulomuut", "in-migration", "inflyttning", "_tulo")):
        return ("in", "domestic")
    if any(k in lab for k in ("lahtomuut", "out-migration", "utflyttning", "_lahto")):
        return ("out", "domestic")
    return None


def region_code(code: str, label: str) -> str | None:
    """The registry code of a StatFin region value (``KU285``, ``MK08``, ``SSS``, ``285``)."""
    c = str(code).strip().upper()
    if c == "SSS":
        return "SSS"
    if re.fullmatch(r"(KU|MK|SK)\d+", c):
        return c if c in regions.REGISTRY else None
    if re.fullmatch(r"\d{3}", c) and f"KU{c}" in regions.REGISTRY:
        return f"KU{c}"
    return None


def _year(value: str) -> int | None:
    m = re.match(r"^(\d{4})", str(value))
    return int(m.group(1)) if m else None


def _pick_content(var: Variable, hints: Sequence[str]) -> str | None:
    for h in hints:  # codes first, in order of preference (content codes may carry a prefix)
        for c in var.values:
            if c == h or c.endswith(f"-{h}"):
                return c
    for h in hints:
        fh = _fold(h)
        for c, t in zip(var.values, var.value_texts, strict=True):
            if _fold(t).startswith(fh) and "%" not in t:
                return c
    return None


# ---------------------------------------------------------------------------------------------
# Query one table and make it tidy
# ---------------------------------------------------------------------------------------------
@dataclass
class Plan:
    """What to ask from one table, and how to read the answer."""

    spec: Spec
    meta: TableMeta
    selection: dict[str, list[str]]
    roles: dict[str, Variable]
    values: dict[str, dict[str, object]]  # role -> {value code: tidy value}


def plan_query(meta: TableMeta, spec: Spec, wanted: set[str], years: tuple[int, int]) -> Plan:
    """Build the selection for ``spec`` from the table's metadata."""
    found: dict[str, Variable] = {r: find_role(meta, r) for r in spec.roles}  # type: ignore[misc]
    for r in spec.optional_roles:
        v = find_role(meta, r, required=False)
        if v is not None:
            found[r] = v
    values: dict[str, dict[str, object]] = {}
    reg = found["region"]
    values["region"] = {
        c: code
        for c, t in zip(reg.values, reg.value_texts, strict=True)
        if (code := region_code(c, t)) in wanted
    }
    if not values["region"]:
        raise StatFinError(
            f"Table {meta.path} has none of the regions {sorted(wanted)[:6]} …; its region "
            f"values begin {reg.values[:6]}."
        )
    tv = found["time"]
    values["time"] = {
        v: v for v in tv.values if (y := _year(v)) and (spec.future or years[0] <= y <= years[1])
    }
    if not values["time"]:
        raise StatFinError(
            f"Table {meta.path} has no {tv.text} within {years[0]}–{years[1]} (it has "
            f"{tv.values[0]}–{tv.values[-1]})."
        )
    if "sex" in found:
        v = found["sex"]
        values["sex"] = {
            c: s for c, t in zip(v.values, v.value_texts, strict=True) if (s := classify_sex(c, t))
        }
    if "age" in found:
        v = found["age"]
        texts = dict(zip(v.values, v.value_texts, strict=True))
        values["age"] = {c: classify_age(texts[c]) or classify_age(c) for c in _age_values(v)}
    if "language" in found:
        values["language"] = dict(_language_values(found["language"]))
    if "origin" in found:
        values["origin"] = dict(_origin_values(found["origin"]))
    if "industry" in found:
        v = found["industry"]
        values["industry"] = {
            c: i
            for c, t in zip(v.values, v.value_texts, strict=True)
            if (i := classify_industry(c, t))
        }
    if "occupation" in found:
        values["occupation"] = dict(_occupation_values(found["occupation"]))
    if "activity" in found:
        v = found["activity"]
        values["activity"] = {
            c: "employed"
            for c, t in zip(v.values, v.value_texts, strict=True)
            if _fold(c) == "11" or _fold(t) in ("tyolliset", "employed", "sysselsatta")
        }
    if "content" in found:
        var = found["content"]
        content: dict[str, object] = {}
        if spec.content:
            for measure, hints in spec.content.items():
                code = _pick_content(var, hints)
                if code is None and len(var.values) == 1:  # the table's only measure
                    code = var.values[0]
                if code is None:
                    raise StatFinError(
                        f"Table {meta.path}: no {measure} among its {var.text}: "
                        + ", ".join(f"{c} ({t})" for c, t in
                                    zip(var.values, var.value_texts, strict=True))
                    )  # fmt: skip
                content[code] = measure
        else:  # migration: every in/out measure
            for c, t in zip(var.values, var.value_texts, strict=True):
                if kind := classify_migration(c, t):
                    content[c] = kind
            if not content:
                raise StatFinError(
                    f"Table {meta.path}: none of its measures is in- or out-migration: "
                    + ", ".join(var.value_texts)
                )
        values["content"] = content
    for role, vals in values.items():
        if not vals:
            raise StatFinError(
                f"Table {meta.path}: no usable values of {found[role].code} ({found[role].text})."
            )
    selection = {found[r].code: list(v) for r, v in values.items()}
    used = {v.code for v in found.values()}
    selection.update(rest_selection(meta, used))
    return Plan(spec, meta, selection, found, values)


def rest_selection(
    meta: TableMeta,
    used: set[str],
    error: type[StatFinError] = StatFinError,
    another: str = "KEY=ID",
) -> dict[str, list[str]]:
    """The variables of ``meta`` a query does not use: each its only value or its total (a
    variable the service may eliminate is left out); one with neither is ``error``."""
    out = {}
    for v in meta.variables:
        if v.code in used:
            continue
        totals = [c for c, t in zip(v.values, v.value_texts, strict=True) if _is_total(c, t)]
        if len(v.values) == 1:
            out[v.code] = list(v.values)
        elif totals:
            out[v.code] = totals[:1]
        elif not v.elimination:
            raise error(
                f"Table {meta.path} has a variable {v.code} ({v.text}) that kokka does not use "
                f"and that has no total; name another table with `kokka fetch --table {another}`."
            )
    return out


def tidy_answer(raw: pd.DataFrame, plan: Plan) -> tuple[pd.DataFrame, list[dict]]:
    """The service's answer (``read_jsonstat`` frame) -> one column per role + ``value``."""
    out = pd.DataFrame(index=raw.index)
    for role, var in plan.roles.items():
        codes = raw[var.code].astype(str)
        out[role] = codes.map(plan.values[role])
    notes = []
    missing = raw["value"].isna()
    if missing.any():
        n = int(missing.sum())
        notes.append(_note(
            f"StatFin-taulukon {short_id(plan.meta.path)} {n} solua puuttuu tai on salattu "
            "lähteessä (esim. '..'); summissa ne ovat 0.",
            f"{n} cells of StatFin table {short_id(plan.meta.path)} are missing or "
            "confidential at the source (e.g. '..'); they count as 0 in sums.",
        ))  # fmt: skip
    out["value"] = raw["value"].fillna(0.0)
    keep = out.drop(columns=["value"]).notna().all(axis=1)
    return out[keep].reset_index(drop=True), notes


def _per_label(values: pd.Series, func: Callable) -> pd.Series:
    """``values.map(func)``, calling ``func`` once per distinct label (whole-country answers
    have millions of rows and a few hundred labels)."""
    codes, uniques = pd.factorize(values)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[:-1] = [func(u) for u in uniques]
    mapped[-1] = None  # missing labels (code -1) stay missing
    return pd.Series(mapped[codes], index=values.index)


def shape(key: str, df: pd.DataFrame) -> pd.DataFrame:
    """One table's roles -> the columns of the tidy table it feeds (summed to its keys)."""
    df = df.rename(columns={"value": "count"}).copy()
    if key == "labour_market":
        df["month"] = pd.to_datetime(df["time"].str.replace("M", "-", regex=False), format="%Y-%m")
        wide = df.pivot_table(
            index=["region", "month", "occupation"], columns="content", values="count",
            aggfunc="sum", fill_value=0,
        ).reindex(columns=["vacancies", "jobseekers"], fill_value=0)  # fmt: skip
        wide.columns.name = None
        return wide.reset_index()
    df["year"] = _per_label(df["time"], _year).astype("int64")
    if "age" in df:
        bands = WORK_BANDS if key.startswith("employment") else POPULATION_BANDS
        df["age_group"] = _per_label(df["age"], lambda a: to_band(a, bands))
        df = df.dropna(subset=["age_group"])
    if key.startswith("migration"):
        df["direction"] = _per_label(df["content"], lambda k: k[0])
        df["counterpart"] = _per_label(df["content"], lambda k: k[1])
        df["background"] = "unknown"
        keys = schemas.KEYS["migration"]
        return (
            df.rename(columns={"count": "persons"}).groupby(keys, as_index=False)["persons"].sum()
        )
    if key.startswith("employment"):  # 115i: by industry (age if it has it); 115b: by age
        keys = [c for c in schemas.KEYS["employment"] if c in df]
        return (
            df.rename(columns={"count": "employed"}).groupby(keys, as_index=False)["employed"].sum()
        )
    renames = {"language": "language_group", "origin": "background", "count": "persons"}
    df = df.rename(columns=renames)
    keys = [c for c in ("region", "year", "sex", "age_group", "language_group", "background")
            if c in df]  # fmt: skip
    return df.groupby(keys, as_index=False)["persons"].sum()


def aggregate_regions(df: pd.DataFrame, wanted: set[str]) -> pd.DataFrame:
    """Add rows for wanted seutukunta/maakunta codes the table lacks, summing their kunnat
    (only when every kunta is there: a partial sum would understate)."""
    have = set(df["region"])
    keys = [c for c in df.columns if c != "region" and not pd.api.types.is_numeric_dtype(df[c])]
    keys += [c for c in ("year",) if c in df.columns and c not in keys]
    values = [c for c in df.columns if c not in keys and c != "region"]
    extra = []
    for code in sorted(wanted - have):
        if code == "SSS" or regions.get(code).level == "kunta":
            continue
        kunnat = [k.code for k in regions.members(code, "kunta")]
        if not kunnat or not set(kunnat) <= have:
            continue
        agg = df[df["region"].isin(kunnat)].groupby(keys, as_index=False)[values].sum()
        agg.insert(0, "region", code)
        extra.append(agg)
    return pd.concat([df, *extra], ignore_index=True) if extra else df


def short_id(table: str) -> str:
    """``tyonv/12ti.px`` -> ``12ti.px`` (how pages name a table)."""
    return table.rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------
# Fetch
# ---------------------------------------------------------------------------------------------
def wanted_regions(region_codes: Sequence[str]) -> set[str]:
    """The regions, all their sub-regions, their maakunnat and the whole country."""
    out: set[str] = {"SSS"}
    for code in region_codes:
        r = regions.resolve(code)
        out.add(r.code)
        if r.level not in ("maakunta", "koko_maa"):
            out.add(regions.parent(r.code, "maakunta").code)
        for level in ("maakunta", "seutukunta", "kunta"):
            if r.level != level:
                out.update(m.code for m in regions.members(r.code, level))
    return out


def fetch_tables(
    region_codes: Sequence[str] = ("MK08", "MK09"),
    years: tuple[int, int] = (2010, 2024),
    *,
    client: StatFinClient | None = None,
    tables: Sequence[str] = STATFIN_TABLES,
    table_ids: dict[str, str] | None = None,
    refresh: bool = False,
    store: Path | None = None,
    progress: Callable[[str], None] | None = None,
    on_answer: Callable[[str, int, int, bool], None] | None = None,
) -> dict[str, pd.DataFrame]:
    """Fetch, tidy, validate and store the StatFin tables for ``region_codes`` (with all their
    sub-regions, their maakunnat and the whole country) and ``years``.

    Every table is asked for all wanted regions at once (split only by the service's cell
    limit). Every answer goes through the client's disk cache (``data/raw/statfin``) as it
    arrives, so a second run, an interrupted one run again, or a client with
    ``offline=True``, answers from it. The store is replaced only when every table was made; a
    failure leaves the previous one as it was. ``on_answer(table, done, total, from_cache)`` is
    called after each answer (a progress bar per table).
    """
    client = client or StatFinClient()
    unknown = set(table_ids or {}) - set(TABLE_SPECS)
    if unknown:
        raise KokkaError(
            f"Unknown --table key(s) {sorted(unknown)}; known: {', '.join(TABLE_SPECS)}."
        )
    bad = [t for t in tables if t not in STATFIN_TABLES]
    if bad:
        raise KokkaError(f"{bad} are not StatFin tables; these are: {', '.join(STATFIN_TABLES)}.")
    specs = {k: replace(s, table=(table_ids or {}).get(k, s.table)) for k, s in TABLE_SPECS.items()}
    wanted = wanted_regions(region_codes)
    say = progress or log.info
    tidy: dict[str, pd.DataFrame] = {}
    manifest: dict[str, dict] = {}
    for name in tables:
        parts: dict[str, pd.DataFrame] = {}
        info: list[dict] = []
        notes: list[dict] = []
        for spec in (s for s in specs.values() if s.feeds == name):
            say(f"StatFin {spec.table}: {spec.title.split(' / ')[-1]}")
            try:
                meta = client.metadata(spec.table, refresh=refresh)
                plan = plan_query(meta, spec, wanted, years)
            except StatFinError as exc:
                if spec.required:
                    raise type(exc)(f"{name}: {exc}") from None
                log.warning("Skipping optional StatFin table %s: %s", spec.table, exc)
                notes.append(_note(f"Valinnaista taulukkoa {short_id(spec.table)} ei käytetty: "
                                   f"{exc}", f"Optional table {short_id(spec.table)} not used: "
                                   f"{exc}"))  # fmt: skip
                continue
            on_part = None
            if on_answer is not None:
                table_id = short_id(spec.table)

                def on_part(done, total, cached, table_id=table_id):
                    on_answer(table_id, done, total, cached)

            raw = client.fetch(spec.table, plan.selection, refresh=refresh, on_part=on_part)
            try:
                df, n = tidy_answer(raw, plan)
            except (KeyError, IndexError, ValueError, TypeError) as exc:
                raise StatFinError(
                    f"{name}: the answer for {spec.table} does not fit its metadata ({exc!r}); a "
                    "cached answer may be damaged or from another table. Run `kokka fetch "
                    "--refresh` where the network is available."
                ) from None
            notes += n + _open_age_notes(plan)
            info.append({"key": spec.key, "table": short_id(spec.table), "path": spec.table,
                         "title": raw.attrs.get("label") or meta.title,
                         "updated": raw.attrs.get("updated", ""),
                         "retrieved": raw.attrs.get("retrieved", "")})  # fmt: skip
            parts[spec.key] = aggregate_regions(shape(spec.key, df), wanted)
        if not parts:  # an optional table the service did not give: its stand-in stays
            log.warning("StatFin: no %s table; the demo stand-in stays in use", name)
            continue
        if name == "population":
            frame, n = combine_population(
                parts["population_age"],
                parts["population_language"],
                parts.get("population_language_age"),
                parts.get("population_origin"),
            )
            notes += n
        elif name == "employment":
            frame, n = combine_employment(
                parts["employment"],
                parts.get("employment_age"),
                # the default id, as before: the message named it even under --table
                age_table=TABLE_SPECS["employment_age"].table,
            )
            notes += n
            if "age_group" in parts["employment"]:  # the industry table had ages itself
                info = [i for i in info if i["key"] != "employment_age"]
        else:
            frame = pd.concat([parts[k] for k in parts], ignore_index=True)
        if name == "migration":
            notes.append(_note(
                "Muuttoliike: StatFinissä ei ole syntyperäjakoa; tausta = 'tuntematon'.",
                "Migration: no origin breakdown at StatFin; background = 'unknown'.",
            ))  # fmt: skip
        attrs = {
            "source": "Tilastokeskus, StatFin / Statistics Finland, StatFin (CC BY 4.0)",
            "retrieved": min((i["retrieved"] for i in info if i["retrieved"]), default=""),
            "synthetic": False,
            "table_id": ", ".join(i["table"] for i in info),
            "tables": info,
            "notes": notes,
        }
        keys, values = schemas.KEYS[name], schemas.VALUES[name]
        frame = frame.groupby(keys, as_index=False)[values].sum()
        frame = frame.sort_values(keys, kind="stable").reset_index(drop=True)
        tidy[name] = schemas.validate(frame, name, source=f"StatFin {attrs['table_id']}")
        tidy[name].attrs = attrs
        manifest[name] = {**attrs, "rows": len(frame)}
    write_store(tidy, manifest, region_codes, years, store)
    return tidy


def _open_age_notes(plan: Plan) -> list[dict]:
    bands = WORK_BANDS if plan.spec.feeds == "employment" else POPULATION_BANDS
    out = []
    for age in plan.values.get("age", {}).values():
        low, high = age  # type: ignore[misc]
        band = to_band((low, high), bands)
        if high is None and band and not band.endswith("+"):
            out.append(_note(
                f"Taulukossa {short_id(plan.meta.path)} ikä {low}+ on yksi ryhmä: se on "
                f"laskettu ryhmään {band}.",
                f"Table {short_id(plan.meta.path)} gives ages {low}+ as one group: counted in "
                f"{band}.",
            ))  # fmt: skip
    return out
