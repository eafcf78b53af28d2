"""Industry structure: shares, change, shift-share, matching (vacancies against jobseekers)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .. import regions
from ..errors import DataFormatError, KokkaError
from ..text import pick
from ._common import MIN_WORKERS, _by_year_industry, _check

log = logging.getLogger(__name__)


def industry_shares(
    employment: pd.DataFrame, region: str, years: Iterable[int] | None = None
) -> pd.DataFrame:
    """Employed persons by industry in a region, with each industry's share of the year.

    Parameters
    ----------
    employment
        The tidy ``employment`` table (not changed); age groups are summed over.
    region
        A region code (``"MK08"``, ``"KU285"``) or a name the registry knows.
    years
        Only these years (default: every year in the table).

    Returns
    -------
    DataFrame
        Columns ``year``, ``industry``, ``employed``, ``share_pct`` (per cent of that year's
        employed in the region), sorted by year and industry. ``attrs`` are copied.

    Raises
    ------
    KokkaError
        If the region, or none of the requested years, has rows.
    DataFormatError
        If a needed column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> emp = pd.DataFrame({"region": "MK08", "year": 2024, "industry": ["C", "Q", "Q"],
    ...                     "age_group": ["15-24", "15-24", "25-34"], "employed": [30, 50, 20]})
    >>> industry_shares(emp, "MK08")["share_pct"].tolist()
    [30.0, 70.0]
    """
    _check(employment)
    rows = regions.rows_of(employment, region, "employment")
    if years is not None:
        wanted = sorted({int(y) for y in years})
        present = set(rows["year"].unique())
        missing = [y for y in wanted if y not in present]
        if len(missing) == len(wanted):
            raise KokkaError(
                f"The employment table has no rows for region {region!r} in years {wanted}; "
                f"it covers {int(rows['year'].min())}-{int(rows['year'].max())}."
            )
        if missing:
            log.warning("industry_shares: no data for years %s in %s", missing, region)
        rows = rows[rows["year"].isin(wanted)]
    out = _by_year_industry(rows)
    totals = out.groupby("year")["employed"].transform("sum")
    out["share_pct"] = out["employed"] / totals.replace(0, np.nan) * 100
    out.attrs = dict(employment.attrs)
    return out


def industry_change(employment: pd.DataFrame, region: str, start: int, end: int) -> pd.DataFrame:
    """Change in employed persons by industry between two years in a region.

    Parameters
    ----------
    employment
        The tidy ``employment`` table (not changed); age groups are summed over.
    region
        A region code or a name the registry knows.
    start, end
        The two years compared; both must be in the table.

    Returns
    -------
    DataFrame
        Columns ``industry``, ``employed_start``, ``employed_end``, ``change``
        (end minus start) and ``change_pct`` (per cent of ``employed_start``; NaN when that is
        0), sorted by ``change`` from the largest growth to the largest decline. An industry
        missing in one of the years counts as 0 employed there. ``attrs`` are copied.

    Raises
    ------
    KokkaError
        If the region has no rows or ``start``/``end`` is not in the table.
    DataFormatError
        If a needed column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> emp = pd.DataFrame({"region": "MK08", "year": [2020, 2020, 2024, 2024],
    ...                     "industry": ["C", "Q", "C", "Q"], "employed": [100, 50, 80, 60]})
    >>> industry_change(emp, "MK08", 2020, 2024)[["industry", "change"]].values.tolist()
    [['Q', 10], ['C', -20]]
    """
    _check(employment)
    rows = regions.rows_of(employment, region, "employment")
    present = set(rows["year"].unique())
    for label, year in (("start", start), ("end", end)):
        if year not in present:
            raise KokkaError(
                f"{label} year {year} is not in the employment table for region {region!r}; "
                f"it has years {sorted(int(y) for y in present)}."
            )
    totals = _by_year_industry(rows[rows["year"].isin([start, end])]).set_index(
        ["year", "industry"]
    )["employed"]
    at_start = totals.xs(start, level="year")
    at_end = totals.xs(end, level="year")
    industries = at_start.index.union(at_end.index)
    at_start = at_start.reindex(industries, fill_value=0)
    at_end = at_end.reindex(industries, fill_value=0)
    change = at_end - at_start
    out = pd.DataFrame(
        {
            "industry": industries.to_numpy(),
            "employed_start": at_start.to_numpy(),
            "employed_end": at_end.to_numpy(),
            "change": change.to_numpy(),
            "change_pct": (change / at_start.where(at_start > 0) * 100).to_numpy(),
        }
    )
    out = out.sort_values(["change", "industry"], ascending=[False, True], ignore_index=True)
    out.attrs = dict(employment.attrs)
    return out


def shift_share(
    employment: pd.DataFrame,
    region: str,
    start: int,
    end: int,
    reference: str | Sequence[str] | None = None,
    min_workers: int = MIN_WORKERS,
) -> pd.DataFrame:
    """Split a region's employment change by industry into the reference trend, industry mix
    and regional effect (classic shift-share).

    With ``E`` the region's and ``N`` the reference's employed, ``g = N_end/N_start - 1`` and
    ``g_i`` the reference growth of industry ``i``:
    ``reference_trend = E_i,start * g``, ``industry_mix = E_i,start * (g_i - g)`` and
    ``regional_effect = change - reference_trend - industry_mix`` (so the three add up to the
    change exactly).

    Parameters
    ----------
    reference
        Region code(s) summed as the reference. Default: the whole country (``SSS``) when the
        table has it (StatFin data and the demo do); otherwise every maakunta in the table,
        and ``attrs["national"]`` is then False so that pages do not call it national.

    Returns
    -------
    DataFrame
        Columns ``industry, employed_start, employed_end, change, reference_trend,
        industry_mix, regional_effect, uncertain``, sorted by change; ``attrs``:
        ``reference`` (codes joined by "+"), ``national`` (True when the reference is the
        whole country), ``contains_region`` (True when the region is part of the reference).

    Examples
    --------
    >>> import pandas as pd
    >>> emp = pd.DataFrame({"region": ["R", "R", "N", "N"] * 2, "year": [1] * 4 + [2] * 4,
    ...     "industry": ["C", "Q"] * 4, "employed": [10, 10, 100, 100, 10, 20, 100, 150]})
    >>> ss = shift_share(emp, "R", 1, 2, reference="N", min_workers=0)
    >>> parts = ["reference_trend", "industry_mix", "regional_effect"]
    >>> ss.set_index("industry").loc["Q", parts].astype(float).round(2).to_dict()
    {'reference_trend': 2.5, 'industry_mix': 2.5, 'regional_effect': 5.0}
    """
    _check(employment)
    present = set(employment["region"].unique())
    if reference is None:
        if "SSS" in present:
            ref_codes = ["SSS"]
        else:
            ref_codes = sorted(r for r in present if str(r).startswith("MK")) or ["SSS"]
    else:
        ref_codes = [reference] if isinstance(reference, str) else list(reference)
    code = regions.code_of(region)
    reg = industry_change(employment, code, start, end).set_index("industry")
    ref_rows = employment[employment["region"].isin(ref_codes)]
    if ref_rows.empty:
        raise KokkaError(
            f"shift_share: the reference {ref_codes} has no rows in the employment table; "
            "pass reference= a region code the table has."
        )
    ref = ref_rows[ref_rows["year"].isin([start, end])].pivot_table(
        index="industry", columns="year", values="employed", aggfunc="sum", fill_value=0
    )
    ref = ref.reindex(columns=[start, end], fill_value=0)
    g = ref[end].sum() / ref[start].sum() - 1
    g_i = (ref[end] / ref[start].where(ref[start] > 0) - 1).reindex(reg.index).fillna(g)
    e0 = reg["employed_start"].astype(float)
    out = pd.DataFrame(
        {
            "industry": reg.index.to_numpy(),
            "employed_start": reg["employed_start"].to_numpy(),
            "employed_end": reg["employed_end"].to_numpy(),
            "change": reg["change"].to_numpy(dtype=float),
            "reference_trend": (e0 * g).to_numpy(),
            "industry_mix": (e0 * (g_i - g)).to_numpy(),
        }
    )
    out["regional_effect"] = out["change"] - out["reference_trend"] - out["industry_mix"]
    out["uncertain"] = out[["employed_start", "employed_end"]].min(axis=1) < min_workers

    contains = any(code in regions.inside(c) for c in ref_codes if c in regions.REGISTRY)
    out.attrs = {**employment.attrs, "reference": "+".join(ref_codes), "start": start,
                 "end": end, "national": ref_codes == ["SSS"],
                 "contains_region": bool(contains)}  # fmt: skip
    return out


def shift_share_note(table: pd.DataFrame, lang: str = "fi") -> str:
    """One sentence naming the reference of a :func:`shift_share` table (fi/en).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame()
    >>> t.attrs = {"reference": "SSS", "national": True, "contains_region": True}
    >>> shift_share_note(t, "en")[:50]
    'The reference is the whole country: the reference '
    """

    codes = str(table.attrs.get("reference", "")).split("+")
    names = []
    for c in codes:
        try:
            names.append(regions.get(c).name(lang))
        except Exception:  # noqa: BLE001 - an unknown code is shown as it is
            names.append(c)
    joined = " + ".join(names)
    if table.attrs.get("national"):
        fi = (
            "Vertailualueena on koko maa: vertailualueen kehitys kertoo, paljonko työllisyys "
            "olisi muuttunut, jos se olisi kasvanut koko maan tahtia; toimialarakenne ja "
            "alueellinen tekijä selittävät loput."
        )
        en = (
            "The reference is the whole country: the reference trend is how employment would "
            "have changed had it grown at the national rate; industry mix and the regional "
            "effect explain the rest."
        )
    else:
        fi = (
            f"Koko maan lukuja ei ole tässä aineistossa, joten vertailualueena on {joined}; "
            "se ei ole koko maa."
        )
        en = (
            f"The data have no whole-country figures, so the reference is {joined}, not the "
            "whole country."
        )
        if table.attrs.get("contains_region"):
            fi += " Alue itse sisältyy vertailualueeseen, mikä pienentää alueellista tekijää."
            en += " The region itself is part of the reference, which shrinks its regional effect."
    return pick(fi, en, lang)


def _lm_region(labour_market: pd.DataFrame, region: str) -> pd.DataFrame:
    for col in ("month", "occupation", "vacancies", "jobseekers"):
        if col not in labour_market.columns:
            raise DataFormatError(
                f"the column {col!r} is missing; the table has {list(labour_market.columns)}.",
                source="labour_market",
                column=col,
            )
    rows = regions.rows_of(labour_market, region, "labour_market")
    rows["year"] = pd.to_datetime(rows["month"]).dt.year
    return rows


def beveridge_curve(
    labour_market: pd.DataFrame, region: str, incomplete: str = "drop"
) -> pd.DataFrame:
    """Yearly averages of monthly vacancies and jobseekers in a region (a Beveridge curve).

    The curve is drawn in **levels** (persons and open vacancies, monthly averages), not in
    rates: the tables have no labour force by month. A year with fewer than 12 months of data
    would average a season rather than a year (spring hiring lifts vacancies), so it is left
    out (``incomplete="drop"``, the default) or kept and marked (``"mark"``).

    Returns
    -------
    DataFrame
        Columns ``year, vacancies, jobseekers, ratio, months, complete``: ``ratio`` is
        vacancies per jobseeker, ``months`` the months averaged and ``complete`` whether
        all 12 are there. Points moving out (up and right) over time signal worse matching;
        along the curve, the business cycle. ``attrs["measure"] = "levels"`` and
        ``attrs["incomplete_years"]`` lists the years dropped or marked.

    Examples
    --------
    >>> import pandas as pd
    >>> months = pd.date_range("2023-01-01", "2024-06-01", freq="MS")
    >>> lm = pd.DataFrame({"region": "R", "month": months, "occupation": "53",
    ...                    "vacancies": 10, "jobseekers": 20})
    >>> bc = beveridge_curve(lm, "R")
    >>> bc[["year", "vacancies", "ratio", "months"]].values.tolist(), bc.attrs["incomplete_years"]
    ([[2023.0, 10.0, 0.5, 12.0]], [2024])
    """
    if incomplete not in ("drop", "mark"):
        raise ValueError(
            f"beveridge_curve: incomplete must be 'drop' or 'mark', got {incomplete!r}"
        )
    rows = _lm_region(labour_market, region)
    monthly = rows.groupby(["year", "month"])[["vacancies", "jobseekers"]].sum()
    out = monthly.groupby("year").mean().reset_index()
    out["ratio"] = out["vacancies"] / out["jobseekers"].where(out["jobseekers"] > 0)
    out["months"] = monthly.groupby("year").size().to_numpy()
    out["complete"] = out["months"] >= 12
    partial = out.loc[~out["complete"], "year"].astype(int).tolist()
    if incomplete == "drop":
        out = out[out["complete"]].reset_index(drop=True)
    out.attrs = {**labour_market.attrs, "measure": "levels", "incomplete_years": partial}
    return out


def vacancy_ratios(
    labour_market: pd.DataFrame,
    region: str,
    barometer: pd.DataFrame | None = None,
    year: int | None = None,
    min_n: int = 5,
) -> pd.DataFrame:
    """Occupations ranked by vacancies per jobseeker in a year, with the barometer index.

    Parameters
    ----------
    labour_market
        Monthly vacancies and jobseekers by occupation (not changed).
    barometer
        The Labour Market Barometer table (``region, period, occupation, index``); its
        average over the year's half-years is added as ``barometer_index`` (1 big surplus ...
        5 big shortage). The barometer is made per maakunta: a kunta or seutukunta gets its
        maakunta's index. A year the barometer does not have (it only keeps recent
        half-years) gets its latest half-year; ``attrs["barometer_period"]`` names the
        half-years used (empty: the barometer does not cover the region).
    year
        Default: the last year in the table.
    min_n
        Occupations with fewer than ``min_n`` average jobseekers or vacancies are marked
        ``uncertain``.

    Returns
    -------
    DataFrame
        Columns ``rank, occupation, vacancies, jobseekers, ratio, barometer_index,
        uncertain`` (yearly averages of the monthly counts), largest ratio first.

    Examples
    --------
    >>> import pandas as pd
    >>> lm = pd.DataFrame({"region": "R", "month": pd.to_datetime(["2024-01-01"] * 2),
    ...                    "occupation": ["22", "41"], "vacancies": [30, 5],
    ...                    "jobseekers": [10, 50]})
    >>> vacancy_ratios(lm, "R")["occupation"].tolist()
    ['22', '41']
    """
    rows = _lm_region(labour_market, region)
    year = int(year or rows["year"].max())
    rows = rows[rows["year"] == year]
    g = rows.groupby("occupation")[["vacancies", "jobseekers"]].mean()
    out = g.reset_index()
    out["ratio"] = out["vacancies"] / out["jobseekers"].where(out["jobseekers"] > 0)
    out["barometer_index"] = np.nan
    used_periods: list[str] = []
    if barometer is not None and {"region", "period", "index"} <= set(barometer.columns):
        code = regions.code_of(region)
        present = set(barometer["region"].astype(str))
        if code not in present:
            try:
                code = regions.parent(code, "maakunta").code
            except KokkaError:
                pass
        b = barometer[barometer["region"].astype(str) == code]
        this_year = b[b["period"].astype(str).str.startswith(str(year))]
        if len(this_year):
            b = this_year
        elif len(b):
            b = b[b["period"].astype(str) == max(b["period"].astype(str))]
        if len(b):
            used_periods = sorted(b["period"].astype(str).unique())
            idx = b.groupby("occupation")["index"].mean()
            out["barometer_index"] = out["occupation"].map(idx)
    out["uncertain"] = out[["vacancies", "jobseekers"]].min(axis=1) < min_n
    out = out.sort_values("ratio", ascending=False, ignore_index=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out.attrs = {**labour_market.attrs, "year": year, "barometer_period": ", ".join(used_periods)}
    return out
