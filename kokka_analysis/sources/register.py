"""Statistics Finland's establishment counter (Toimipaikkalaskuri) -> the ``enterprises`` table:
the business frame the employer survey is weighted to (``kokka fetch --source register``).

The counter is a PxWeb database of its own (``Toimipaikkalaskuri``, Finnish only) beside
StatFin: establishments of the business register by municipality, TOL 2008 industry (every
level) and the register's size classes of personnel (0–4 … 1 000– persons, and "not yet
known"). Its table address is the one seen in public use of the API
(:data:`TABLES`, tried in order; change it with ``kokka fetch --table
enterprises=Toimipaikkalaskuri/ID``); like the StatFin tables, no variable code is
hard-coded. The metadata is read first and the variables are recognised:

- the municipality by its name (``Kunta``, ``Alue`` …) and values (``091``, ``KU091``);
- the industry by its values: TOL codes of any depth, bare (``96021``) or with their section
  letter (``S96021``); the section level is asked when the table has it, else the shallowest
  level, summed to sections;
- the size class by its value texts (``0 - 4 henkeä``, ``1 000 - henkeä``), grouped to the
  survey's classes 0-9, 10-49, 50-249, 250+; "not yet known" is left out and counted;
- a year, when the table has one (the latest), and a measure, when it has several (the
  number of establishments; personnel when given).

The counter counts *establishments* (toimipaikat), not enterprises; a firm with several
establishments counts in each. Pages say "establishments" when the frame is the counter's.

Examples
--------
>>> industry_level("S96021"), industry_level("96"), industry_level("C"), industry_level("SSS")
((5, 'S'), (2, 'S'), (0, 'C'), None)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

import pandas as pd

from .. import codes, config, regions, schemas
from .estimation import note as _note
from .statfin import StatFinClient, StatFinError, StatFinNotFoundError, TableMeta, Variable
from .statfin_tables import _fold, _is_total, find_role, region_code, rest_selection, short_id

log = logging.getLogger(__name__)

API = "https://pxdata.stat.fi/PxWeb/api/v1"
DATABASE = "Toimipaikkalaskuri"
#: Addresses of the counter's table by municipality, newest first, as seen in public use
#: (not checked against the live service from here); the short form follows StatFin's June
#: 2026 shortening of ids and is tried when the long one is not there.
TABLES = (
    "Toimipaikkalaskuri/tplask_toimipaikkalaskuri_pxt_14if_fi.px",
    "Toimipaikkalaskuri/14if.px",
)
SOURCE = (
    "Tilastokeskus, Toimipaikkalaskuri (yritysrekisteri, CC BY 4.0)",
    "Statistics Finland, establishment counter (business register, CC BY 4.0)",
)

_SIZE_NAMES = ("henkiloston suuruusluokka", "suuruusluokka", "kokoluokka", "size class",
               "storleksklass", "personalens storleksklass")  # fmt: skip
_COUNT_WORDS = ("lukumaara", "toimipaik", "establishment", "number", "antal", "arbetsstall")
_STAFF_WORDS = ("henkilo", "personnel", "personal", "htv", "employees", "staff")
_OTHER_WORDS = ("liikevaihto", "turnover", "omsattning", "euro", "jalostusarvo", "palkat")


class RegisterError(StatFinError):
    """The counter's table cannot be read as a business frame."""


def client(offline: bool = False, session=None, sleep=None) -> StatFinClient:
    """The polite, caching client pointed at the counter (answers under ``data/raw/register``)."""
    kw = {"sleep": sleep} if sleep else {}
    return StatFinClient(
        lang="fi", base_url=API, database=DATABASE, cache_dir=config.raw_dir() / "register",
        offline=offline, session=session, **kw,
    )  # fmt: skip


def industry_level(code: str, label: str = "") -> tuple[int, str] | None:
    """(depth, section) of a TOL 2008 value: depth 0 for a section letter, else the number of
    digits; section ``X`` for unknown industry (``X``, ``X0``, a label "… tuntematon"); None
    for a total or anything that is not an industry code."""
    c = str(code).strip().upper()
    text = _fold(label)
    if (
        re.fullmatch(r"X\d*", c)
        or re.match(r"x\b", text)
        or any(w in text for w in ("tuntematon", "unknown", "okand"))
    ):
        return (len(c) - 1 if c.startswith("X") else len(c), "X")
    m = re.fullmatch(r"([A-U])?(\d{2,5})?", c)
    if not m or not (m.group(1) or m.group(2)):
        return None
    try:
        section = codes.industry_section(c)
    except codes.CodeError:
        return None
    return (len(m.group(2) or ""), section) if section else None


def _size_var(meta: TableMeta, skip: set[str]) -> Variable:
    for v in meta.variables:
        if v.code not in skip and (_fold(v.code) in _SIZE_NAMES or _fold(v.text) in _SIZE_NAMES):
            return v
    for v in meta.variables:  # by its values: most of them read as size classes
        if v.code in skip:
            continue
        classes = [size_class_of(t) for t in v.value_texts]
        if sum(c is not None for c in classes) >= 3:
            return v
    raise RegisterError(
        f"Table {meta.path} has no variable for the size class of personnel; its variables "
        "are: " + ", ".join(f"{v.code} ({v.text})" for v in meta.variables)
    )


def _industry_var(meta: TableMeta, skip: set[str]) -> Variable:
    best, n_best = None, 0
    for v in meta.variables:
        if v.code in skip:
            continue
        n = sum(industry_level(c) is not None for c in v.values if not _fold(c).startswith("x"))
        if n > n_best:
            best, n_best = v, n
    if best is None or n_best < 3:
        raise RegisterError(
            f"Table {meta.path} has no variable with TOL 2008 industry codes; its variables "
            "are: " + ", ".join(f"{v.code} ({v.text})" for v in meta.variables)
        )
    return best


def size_class_of(label: str) -> str | None:
    """The survey's size class of a register class label (``"0 - 4 henkeä"`` -> ``"0-9"``);
    None for a total or "not yet known"."""
    from ..employers import register_size_class

    return register_size_class(label)


def _region_values(var: Variable, kunnat: set[str]) -> dict[str, str]:
    out = {}
    for c, t in zip(var.values, var.value_texts, strict=True):
        code = region_code(c, t)
        if code is None:
            try:
                r = regions.resolve(str(t).strip())
                code = r.code if r.level == "kunta" else None
            except Exception:  # noqa: BLE001 - a label that names no municipality
                code = None
        if code in kunnat:
            out[c] = code
    return out


def _content(var: Variable) -> tuple[str, str | None]:
    """The measure that counts establishments, and the one of personnel (if any). Personnel,
    turnover and other sums are never taken for the count, not even as the only measure."""
    kinds = {}
    for c, t in zip(var.values, var.value_texts, strict=True):
        text = f"{_fold(t)} {_fold(c)}"
        if any(w in text for w in _OTHER_WORDS):
            kinds[c] = "other"
        elif any(w in text for w in _STAFF_WORDS):
            kinds[c] = "staff"
        elif any(w in text for w in _COUNT_WORDS):
            kinds[c] = "count"
        else:
            kinds[c] = "?"
    counts = [c for c, k in kinds.items() if k == "count"]
    if not counts and len(var.values) == 1 and kinds[var.values[0]] == "?":
        counts = list(var.values)  # the table's only measure, not named as anything else
    staff = [c for c, k in kinds.items() if k == "staff"]
    if len(counts) != 1:
        raise RegisterError(
            f"Table variable {var.code} ({var.text}): "
            + ("no" if not counts else "more than one")
            + " measure reads as the number of establishments among: "
            + ", ".join(var.value_texts)
            + ". Name a table with one such measure: `kokka fetch --table "
            "enterprises=Toimipaikkalaskuri/ID`."
        )
    return counts[0], (staff[0] if len(staff) == 1 else None)


def _sizes(meta: TableMeta, var: Variable) -> tuple[dict[str, str], list[str]]:
    """Value code -> the survey's size class, and the codes of "not yet known"; totals and
    subtotals (``0 - 9`` beside ``0 - 4``) left out; any other label is an error."""
    from ..employers import is_unknown_size, size_subtotals

    texts = dict(zip(var.values, var.value_texts, strict=True))
    subtotal = size_subtotals(list(texts.values()))
    sizes, unknown, odd = {}, [], []
    for c, t in texts.items():
        folded = _fold(t)
        if _is_total(c, t) or "yhteensa" in folded or re.search(r"\btotal", folded):
            continue
        if t in subtotal:
            continue
        if cls := size_class_of(t) or size_class_of(c):
            sizes[c] = cls
        elif is_unknown_size(t):
            unknown.append(c)
        else:
            odd.append(t)
    if odd or len(set(sizes.values())) < 2:
        raise RegisterError(
            f"Table {meta.path}: the values of {var.code} ({var.text}) are not all the "
            "register's size classes of personnel"
            + (f"; not understood: {', '.join(odd[:8])}" if odd else "")
            + f". Its values: {', '.join(var.value_texts[:14])}."
        )
    return sizes, unknown


def plan(meta: TableMeta, kunnat: set[str]) -> tuple[dict[str, list[str]], dict]:
    """The selection for the counter's table, and how to read the answer back."""
    region = find_role(meta, "region")
    used = {region.code}
    time = find_role(meta, "time", required=False)
    if time is not None:
        used.add(time.code)
    content = find_role(meta, "content", required=False)
    if content is not None:
        used.add(content.code)
    industry = _industry_var(meta, used)
    used.add(industry.code)
    size = _size_var(meta, used)
    used.add(size.code)
    regs = _region_values(region, kunnat)
    if not regs:
        raise RegisterError(
            f"Table {meta.path} has none of the municipalities asked for ({sorted(kunnat)[:6]} "
            f"…); its {region.text} values begin {region.values[:6]}."
        )
    levels = {
        c: lv
        for c, t in zip(industry.values, industry.value_texts, strict=True)
        if (lv := industry_level(c, t))
    }
    known = {c: lv for c, lv in levels.items() if lv[1] != "X"}
    depth = min(d for d, _ in known.values())
    inds = {c: s for c, (d, s) in known.items() if d == depth}
    unknown_ind = sorted((d, c) for c, (d, s) in levels.items() if s == "X")
    if unknown_ind:  # one value of unknown industry (its shallowest), not every level of it
        inds[unknown_ind[0][1]] = "X"
    sizes, unknown = _sizes(meta, size)
    selection = {region.code: list(regs), industry.code: list(inds),
                 size.code: list(sizes) + unknown}  # fmt: skip
    how: dict = {"region": (region.code, regs), "industry": (industry.code, inds),
                 "size_class": (size.code, sizes), "depth": depth, "year": None}  # fmt: skip
    if time is not None:  # the latest year, whatever order the table lists them in
        years = {c: int(m.group(1)) for c in time.values if (m := re.match(r"^(\d{4})", c))}
        latest = max(years, key=years.get) if years else time.values[-1]
        selection[time.code] = [latest]
        how["year"] = years.get(latest)
    how["missing_kunnat"] = sorted(kunnat - set(regs.values()))
    if content is not None:
        count, staff = _content(content)
        selection[content.code] = [count] + ([staff] if staff else [])
        how["content"] = (content.code, count, staff)
    selection.update(
        rest_selection(meta, set(selection), RegisterError, "enterprises=Toimipaikkalaskuri/ID")
    )
    return selection, how


def tidy(raw: pd.DataFrame, how: dict, table: str) -> pd.DataFrame:
    """The counter's answer (a ``read_jsonstat`` frame) -> ``region, industry, size_class,
    enterprises, employees``, with notes on what was left out."""
    df = pd.DataFrame(index=raw.index)
    for role in ("region", "industry", "size_class"):
        code, mapping = how[role]
        df[role] = raw[code].astype(str).map(mapping)
    value = raw["value"]
    measure = pd.Series("count", index=raw.index)
    if "content" in how:
        code, count, staff = how["content"]
        measure = raw[code].astype(str).map({count: "count", **({staff: "staff"} if staff else {})})
    df["count"] = value.where(measure == "count")
    df["staff"] = value.where(measure == "staff")
    df["staff_missing"] = value.isna() & (measure == "staff")
    unknown = df["size_class"].isna() & df["region"].notna() & df["industry"].notna()
    n_missing = int((value.isna() & (measure == "count")).sum())
    n_unknown = int(df.loc[unknown, "count"].fillna(0).sum())
    n_x = int(df.loc[(df["industry"] == "X") & ~unknown, "count"].fillna(0).sum())
    n_staff = int(df["staff_missing"].sum())
    names = ", ".join(regions.get(k).name_fi for k in how.get("missing_kunnat", [])[:12])
    if names:
        log.warning("Establishment counter: no rows for %s", names)
    said = (  # (how many, Finnish, English): a note on the page for each that is not 0
        (n_missing, f"Toimipaikkalaskurin {n_missing} solua puuttuu tai on suojattu lähteessä; "
         "ne ovat 0.", f"{n_missing} cells of the establishment counter are missing or "
         "protected at the source; they count as 0."),
        (n_unknown, f"{n_unknown} toimipaikkaa, joiden henkilöstön suuruusluokka ei ole vielä "
         "tiedossa, jäi kehikosta pois.", f"{n_unknown} establishments whose size class is "
         "not yet known are left out of the frame."),
        (n_x, f"{n_x} toimipaikkaa, joiden toimiala on tuntematon (X), on kehikossa omana "
         "ryhmänään.", f"{n_x} establishments of unknown industry (X) are in the frame as a "
         "group of their own."),
        (n_staff, f"Toimipaikkalaskurin {n_staff} henkilöstösolua puuttuu tai on suojattu: "
         "niiden ryhmien henkilöstö jää tyhjäksi.", f"{n_staff} personnel cells of the "
         "establishment counter are missing or protected: their groups' personnel stays "
         "empty."),
        (len(names), f"Toimipaikkalaskurin taulukossa ei ole kuntia {names}: niiden "
         "toimipaikat puuttuvat kehikosta.", f"The establishment counter's table has no rows "
         f"for {names}: their establishments are missing from the frame."),
    )  # fmt: skip
    notes = [_note(fi, en) for n, fi, en in said if n]
    df = df.dropna(subset=["region", "industry", "size_class"])
    has_staff = "content" in how and how["content"][2] is not None
    out = df.groupby(["region", "industry", "size_class"], as_index=False).agg(
        enterprises=("count", lambda s: s.fillna(0).sum()),
        employees=("staff", lambda s: s.sum(min_count=1)),
        staff_missing=("staff_missing", "any"),
    )
    # a group with a missing personnel cell has no personnel total (not a partial one)
    out.loc[out["staff_missing"] | (not has_staff), "employees"] = float("nan")
    out = out.drop(columns="staff_missing")
    out["enterprises"] = out["enterprises"].round().astype("int64")
    out["employees"] = out["employees"].astype("float64")
    out = out[out["enterprises"] > 0].reset_index(drop=True)
    out = schemas.validate(out, "enterprises", source=f"Toimipaikkalaskuri {short_id(table)}")
    year = how.get("year")
    out.attrs = {
        "source": " / ".join(SOURCE),
        "table_id": f"Toimipaikkalaskuri {short_id(table)}" + (f" ({year})" if year else ""),
        "retrieved": raw.attrs.get("retrieved", ""),
        "updated": raw.attrs.get("updated", ""),
        "synthetic": False,
        "unit": "establishments",
        "year": year,
        "unknown_size": n_unknown,
        "notes": notes,
    }
    return out


def kunnat_of(region_codes: Sequence[str]) -> set[str]:
    """The municipalities inside ``region_codes`` (a frame is asked by municipality)."""
    out: set[str] = set()
    for code in region_codes:
        r = regions.resolve(code)
        if r.level == "kunta":
            out.add(r.code)
        else:
            out.update(m.code for m in regions.members(r.code, "kunta"))
    return out


def fetch_frame(
    region_codes: Sequence[str] = ("MK08", "MK09"),
    client_: StatFinClient | None = None,
    *,
    table: str | None = None,
    refresh: bool = False,
    progress: Callable[[str], None] | None = None,
    on_answer: Callable[[str, int, int, bool], None] | None = None,
) -> pd.DataFrame:
    """The establishments of ``region_codes``' municipalities by TOL section and size class
    from the counter: the ``enterprises`` table with its provenance in ``attrs``.

    ``table`` names the counter's table (default: :data:`TABLES`, the first that exists).
    Answers are cached under ``data/raw/register`` as they arrive; ``client_(offline=True)``
    answers from that cache only.
    """
    c = client_ or client()
    say = progress or log.info
    kunnat = kunnat_of(region_codes)
    candidates = (table,) if table else TABLES
    meta, path = None, ""
    for path in candidates:
        try:
            meta = c.metadata(path, refresh=refresh)
            break
        except StatFinNotFoundError:
            log.info("Establishment counter: no table at %s", path)
    if meta is None:
        raise RegisterError(
            "Statistics Finland's establishment counter has no table at "
            + " or ".join(c.table_url(p) for p in candidates)
            + ". Look up the table's id in the Toimipaikkalaskuri database (pxdata.stat.fi) and "
            "name it with `kokka fetch --source register --table enterprises=Toimipaikkalaskuri/"
            "ID`, or give the counter's CSV as `frame_path`."
        )
    say(f"Toimipaikkalaskuri {short_id(path)}: {meta.title}")
    selection, how = plan(meta, kunnat)

    def on_part(done, total, cached):
        if on_answer is not None:
            on_answer(short_id(path), done, total, cached)

    raw = c.fetch(path, selection, refresh=refresh, on_part=on_part)
    try:
        return tidy(raw, how, path)
    except (KeyError, IndexError, ValueError, TypeError) as exc:
        raise RegisterError(
            f"The answer for {path} does not fit its metadata ({exc!r}); a cached answer may be "
            "damaged. Run `kokka fetch --source register --refresh` where the network is "
            "available."
        ) from None
