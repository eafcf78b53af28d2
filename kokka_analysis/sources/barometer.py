"""The Labour Market Barometer (Työvoimabarometri, KEHA centre): shortage and surplus by
occupation and region, into the ``barometer`` table.

The Barometer replaced the Occupational Barometer (Ammattibarometri) in 2023. Its web pages read
JSON from ``https://tyovoimabarometri.fi/api`` (not a documented contract; as recorded in public
use in 2026): ``/ammatit`` lists about 420 occupations (``id`` uuid, ``koodi`` four-digit
Ammattiluokitus 2010 code, ``nimi``), ``/Paikka/regions`` the 19 maakunnat (``id``, ``koodi``
"01"-"21", ``nimi``), ``/Tyollisyys/kohtaanto/date`` the latest month and
``/Tyollisyys/kohtaanto/Ammatti/{id}/{yyyy-mm}`` one row per region with ``groupingId`` (the
region's id), ``kohtaantotila`` (0 balance, 1 surplus, 2 mismatch, 3 shortage, 99 not computed)
and ``kohtaantoaste`` (severity 1-5, 1 balance … 5 alarming), ``tyottomat``, ``tyopaikat`` and
``…Sensuroitu`` flags. Fields are recognised by name; a change stops with a message naming
what is missing. A file saved by hand (the same JSON rows, or a CSV with columns
``region, period, occupation, index``) is read too (:func:`read_barometer_file`).

The index keeps the old Occupational Barometer's meaning, 1 big surplus … 3 balance … 5 big
shortage (:func:`index_of`): shortage of severity ``s`` is ``3 + (s - 1) / 2``, surplus of
severity ``s`` is ``3 - (s - 1) / 2``, balance and mismatch (surplus and shortage at once) are
3. Four-digit occupations are aggregated to the two-digit groups used elsewhere by the mean of
their indices weighted by jobseekers plus vacancies (unweighted where those are suppressed).
A period is a half-year (``2026H1``): its last month's assessment.

Examples
--------
>>> index_of(3, 5), index_of(1, 3), index_of(0, 1), index_of(99, 1)
(5.0, 2.0, 3.0, None)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config, regions, schemas
from ..errors import DataFormatError, KokkaError
from .statfin import StatFinClient, StatFinError

log = logging.getLogger(__name__)

API = "https://tyovoimabarometri.fi/api"
LICENCE = (
    "Työvoimabarometri, KEHA-keskus / Labour Market Barometer, KEHA Centre "
    "(palvelun käyttöehdot / the service's terms of use)"
)
ROW_FIELDS = ("groupingId", "kohtaantotila", "kohtaantoaste")


class BarometerError(StatFinError):
    """The Barometer's answers cannot be read as the ``barometer`` table."""


def index_of(state: object, severity: object) -> float | None:
    """The 1-5 index (1 big surplus … 5 big shortage) of a matching state and severity."""
    try:
        s, v = float(state), float(severity)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not (s.is_integer() and v.is_integer()):  # a code, never a fraction: not ours to round
        return None
    state, severity = int(s), int(v)
    if state == 99 or not 1 <= severity <= 5:
        return None
    if state == 3:
        return 3.0 + (severity - 1) / 2
    if state == 1:
        return 3.0 - (severity - 1) / 2
    if state in (0, 2):
        return 3.0
    return None


def _count(value: object) -> float:
    """A count of the answers (number, numeric string or None/suppressed) as a float >= 0."""
    try:
        x = float(str(value).replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except (TypeError, ValueError):
        return 0.0
    return x if x > 0 and x == x else 0.0


def _region(value: object) -> str | None:
    """A barometer region ('08', 8, 'MK08', 'Kymenlaakso') as a registry code, or None."""
    text = str(value).strip()
    if text.isdigit():
        text = f"MK{int(text):02d}"
    try:
        return regions.resolve(text).code
    except KokkaError:
        return None


def client(offline: bool = False, session=None, sleep=None) -> StatFinClient:
    kw = {"sleep": sleep} if sleep else {}
    return StatFinClient(
        base_url=API, cache_dir=config.raw_dir() / "barometer", offline=offline,
        session=session, service="Työvoimabarometri", **kw,
    )  # fmt: skip


def _need(obj: object, keys: tuple[str, ...], what: str) -> list[dict]:
    if not isinstance(obj, list) or not obj:
        raise BarometerError(f"Työvoimabarometri's {what} is not a list of rows: {obj!r:.200}")
    missing = [k for k in keys if not all(isinstance(r, dict) and k in r for r in obj)]
    if missing:
        have = sorted(obj[0]) if isinstance(obj[0], dict) else []
        raise BarometerError(
            f"Työvoimabarometri's {what} has no field {missing[0]!r}; its fields are {have}. "
            "The service may have changed: save its answers by hand and read them with "
            "`read_barometer_file`."
        )
    return obj


def periods_of(months: list[str], n: int) -> list[str]:
    """The last ``n`` half-year-end months (June, December) among ``months``, and the latest
    month when its half-year has not ended yet.

    Examples
    --------
    >>> periods_of(["2025-06", "2025-12", "2026-03"], 2)
    ['2025-12', '2026-03']
    """
    months = sorted(set(months))
    latest = months[-1]
    picked = [m for m in months if m[5:7] in ("06", "12")][-n:]
    if half_year(latest) not in {half_year(p) for p in picked}:
        picked = [*picked, latest][-n:]
    return picked


def months_back(latest: str, n: int) -> list[str]:
    """The ``n`` months up to ``latest`` ('yyyy-mm'), oldest first.

    Examples
    --------
    >>> months_back("2026-02", 3)
    ['2025-12', '2026-01', '2026-02']
    """
    y, m = int(latest[:4]), int(latest[5:7])
    out = []
    for _ in range(n):
        out.append(f"{y}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def half_year(month: str) -> str:
    return month[:4] + ("H1" if month[5:7] <= "06" else "H2")


def fetch_barometer(
    c: StatFinClient | None = None,
    periods: int = 2,
    refresh: bool = False,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """The ``barometer`` table for the last ``periods`` half-years, every occupation and region."""
    c = c or client()
    say = progress or (lambda msg: None)
    occs = _need(
        c.get_json(f"{API}/ammatit", refresh=refresh)[0], ("id", "koodi"), "occupation list"
    )
    regs = _need(
        c.get_json(f"{API}/Paikka/regions", refresh=refresh)[0], ("id", "koodi"), "region list"
    )
    latest, _ = c.get_json(f"{API}/Tyollisyys/kohtaanto/date", refresh=refresh)
    month = latest.get("value") if isinstance(latest, dict) else None
    if not isinstance(month, str) or not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise BarometerError(f"Työvoimabarometri's latest month is not 'yyyy-mm': {latest!r:.100}")
    wanted = periods_of(months_back(month, 6 * periods + 1), periods)
    region_of = {r["id"]: _region(r["koodi"]) for r in regs}
    rows, retrieved = [], []
    for i, occ in enumerate(occs):
        code = str(occ["koodi"]).strip()
        if not code[:2].isdigit():
            continue
        if i % 50 == 0:
            say(f"Työvoimabarometri: occupations {i + 1}-{min(i + 50, len(occs))} of {len(occs)}")
        for mon in wanted:
            answer, when = c.get_json(  # None: no assessment of that month (404, cached)
                f"{API}/Tyollisyys/kohtaanto/Ammatti/{occ['id']}/{mon}",
                refresh=refresh,
                missing_ok=True,
            )
            retrieved.append(when)
            for r in _need(answer, ROW_FIELDS, f"answer for {code} {mon}") if answer else []:
                rows.append({"groupingId": r["groupingId"], "occupation4": code, "month": mon,
                             "state": r["kohtaantotila"], "severity": r["kohtaantoaste"],
                             "weight": _count(r.get("tyottomat")) + _count(r.get("tyopaikat"))})  # fmt: skip
    if not rows:
        raise BarometerError("Työvoimabarometri gave no assessments for the months asked.")
    raw = pd.DataFrame(rows)
    raw["region"] = raw["groupingId"].map(region_of)
    table = aggregate(raw)
    table.attrs = {
        "source": LICENCE,
        "retrieved": min(retrieved) if retrieved else datetime.now(UTC).isoformat(),
        "synthetic": False,
        "table_id": "tyovoimabarometri:kohtaanto",
        "notes": [_periods_note(table, wanted)],
    }
    return table


def aggregate(raw: pd.DataFrame) -> pd.DataFrame:
    """Four-digit assessments (``region, month, occupation4, state, severity, weight``) ->
    the two-digit ``barometer`` table (weighted mean of the 1-5 indices)."""
    df = raw.dropna(subset=["region"]).copy()
    df["index"] = [index_of(s, v) for s, v in zip(df["state"], df["severity"], strict=True)]
    df = df.dropna(subset=["index"])
    df["occupation"] = df["occupation4"].astype(str).str[:2]
    df["period"] = df["month"].map(half_year)
    df["w"] = np.where(df["weight"] > 0, df["weight"], 1.0)
    df["wi"] = df["w"] * df["index"]
    g = df.groupby(["region", "period", "occupation"], as_index=False)[["wi", "w"]].sum()
    g["index"] = (g["wi"] / g["w"]).round(2)
    out = g[["region", "period", "occupation"]].assign(index=g["index"])
    known = out["region"].map(lambda c: c in regions.REGISTRY)
    return schemas.validate(
        out[known].reset_index(drop=True), "barometer", source="Työvoimabarometri"
    )


def _periods_note(table: pd.DataFrame, months: list[str] | None = None) -> dict:
    last = max(table["period"]) if len(table) else "?"
    running = ""
    if months and months[-1][5:7] not in ("06", "12"):
        running = months[-1]
    fi_when = (
        f"viimeisin kausi {last} on kesken: sen arvio on kuukaudelta {running}"
        if running
        else f"viimeisin puolivuotiskausi {last}"
    )
    en_when = (
        f"the latest half-year {last} is still running: its assessment is that of {running}"
        if running
        else f"latest half-year {last}"
    )
    used = f" (kuukaudet {', '.join(months)})" if months else ""
    used_en = f" (months {', '.join(months)})" if months else ""
    return {
        "fi": f"Työvoimabarometri: {fi_when}{used}; indeksi 1 suuri ylitarjonta … 5 suuri pula, "
              "ammattiryhmittäin työnhakijoiden ja työpaikkojen painoin.",
        "en": f"Labour Market Barometer: {en_when}{used_en}; index 1 big surplus … 5 big "
              "shortage, by occupation group weighted by jobseekers and vacancies.",
    }  # fmt: skip


def read_barometer_file(path: str | Path) -> pd.DataFrame:
    """A barometer saved by hand: a CSV/Excel with ``region, period, occupation, index`` (codes
    as elsewhere), or JSON rows of the service with ``region, month, occupation4, state,
    severity`` (and optionally ``weight``)."""
    from .files import _read_raw

    path = Path(path)
    if path.suffix.lower() == ".json":
        import json

        try:
            raw = pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
            need = ["region", "month", "occupation4", "state", "severity"]
            missing = [c for c in need if c not in raw]
            if missing:
                raise KeyError(f"no field {missing[0]!r}; rows need {need}")
            raw["region"] = raw["region"].map(_region)
            raw["weight"] = [_count(w) for w in raw.get("weight", pd.Series(0, index=raw.index))]
            unknown = int(raw["region"].isna().sum())
            if unknown:
                raise ValueError(f"{unknown} rows have a region that is not known")
            out = aggregate(raw)
        except (ValueError, KeyError, TypeError) as exc:
            raise DataFormatError(f"not barometer rows ({exc}).", source=str(path)) from None
        out.attrs = {"source": f"{path.name} ({LICENCE}, saved by hand)", "synthetic": False,
                     "table_id": "tyovoimabarometri:file", "retrieved": "",
                     "notes": [_periods_note(out)]}  # fmt: skip
        return out
    raw, _ = _read_raw(path)
    need = ["region", "period", "occupation", "index"]
    missing = [c for c in need if c not in raw]
    if missing:
        raise DataFormatError(
            f"the column {missing[0]!r} is missing; a barometer file has {need}.",
            source=str(path),
            column=missing[0],
        )
    codes = [_region(r) for r in raw["region"]]
    bad = next((i for i, c in enumerate(codes) if c is None), None)
    if bad is not None:
        raise DataFormatError(
            f"the region {raw['region'].iloc[bad]!r} is not a known region code or name.",
            source=str(path), rows=[bad + 2], column="region",
        )  # fmt: skip
    raw["region"] = codes
    raw["index"] = pd.to_numeric(raw["index"].astype(str).str.replace(",", "."), errors="coerce")
    out = schemas.validate(raw[need].reset_index(drop=True), "barometer", source=str(path))
    out.attrs = {"source": f"{path.name} ({LICENCE}, saved by hand)", "synthetic": False,
                 "table_id": "tyovoimabarometri:file", "retrieved": "",
                 "notes": [_periods_note(out)]}  # fmt: skip
    return out
