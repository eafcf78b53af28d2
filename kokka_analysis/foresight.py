"""Foresight of labour demand: the industry structure of a region and how it changes.

Works on the tidy ``employment`` table (DESIGN section 4: region, year, industry as a TOL 2008
letter, age_group, employed), which has rows for kunta, seutukunta and maakunta codes.

Examples
--------
>>> from kokka_analysis.sources import demo
>>> emp = demo.generate(seed=0)["employment"]
>>> employment_by_industry(emp, "MK09", years=[2024])["share_pct"].sum().round(6)
np.float64(100.0)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .errors import DataFormatError, KokkaError
from .indicators import select_region

log = logging.getLogger(__name__)

_COLUMNS = ["region", "year", "industry", "employed"]


def _check(employment: pd.DataFrame) -> None:
    for col in _COLUMNS:
        if col not in employment.columns:
            raise DataFormatError(
                f"the column {col!r} is missing; the table has {list(employment.columns)}.",
                source="employment",
                column=col,
            )


def _by_year_industry(rows: pd.DataFrame) -> pd.DataFrame:
    """Employed summed over the other keys (age groups) per year and industry."""
    return rows.groupby(["year", "industry"], sort=True, as_index=False)["employed"].sum()


def employment_by_industry(
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
    >>> employment_by_industry(emp, "MK08")["share_pct"].tolist()
    [30.0, 70.0]
    """
    _check(employment)
    rows = select_region(employment, region, "employment")
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
            log.warning("employment_by_industry: no data for years %s in %s", missing, region)
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
    rows = select_region(employment, region, "employment")
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
