"""Headline population indicators of a region from the tidy ``population`` table.

The population table (DESIGN section 4) has one row per region, year, sex, age group,
background and language group, with rows for kunta, seutukunta and maakunta codes. The
functions here pick one region's rows and summarise them per year.

Examples
--------
>>> from kokka_analysis.sources import demo
>>> pop = demo.generate(seed=0)["population"]
>>> population_summary(pop, "MK08").columns.tolist()[:3]
['year', 'persons', 'change']
"""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd

from . import regions
from .errors import DataFormatError, KokkaError, UnknownRegionError

log = logging.getLogger(__name__)

_RANGE_RE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_OPEN_RE = re.compile(r"^\s*(\d+)\s*\+\s*$")
_SINGLE_RE = re.compile(r"^\s*(\d+)\s*$")


def select_region(table: pd.DataFrame, region: str, table_name: str = "table") -> pd.DataFrame:
    """The rows of an aggregate table whose ``region`` is exactly ``region``.

    Aggregate tables have a row per kunta, seutukunta and maakunta, so a plain code
    comparison is right (for microdata use :func:`kokka_analysis.regions.in_region`).
    A name or bare number (``"Kotka"``, ``"285"``) is turned into its code first.

    Parameters
    ----------
    table
        A tidy aggregate table with a ``region`` column (not changed).
    region
        A region code such as ``"MK08"`` or a name the registry knows.
    table_name
        Used in error messages.

    Returns
    -------
    DataFrame
        A new frame with only that region's rows; ``attrs`` are kept.

    Raises
    ------
    DataFormatError
        If the table has no ``region`` column.
    KokkaError
        If the table has no rows for the region.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"region": ["MK08", "KU285"], "persons": [10, 4]})
    >>> select_region(t, "Kotka")["persons"].tolist()
    [4]
    """
    if "region" not in table.columns:
        raise DataFormatError(
            "the table has no 'region' column.", source=table_name, column="region"
        )
    code = _region_code(region)
    out = table[table["region"] == code].copy()
    if out.empty:
        available = sorted(table["region"].dropna().astype(str).unique())
        shown = ", ".join(available[:10]) + (", ..." if len(available) > 10 else "")
        raise KokkaError(
            f"The {table_name} table has no rows for region {code!r}. It has "
            f"{len(available)} region codes ({shown}). Choose one of them, or load the "
            f"table for {code}."
        )
    out.attrs = dict(table.attrs)
    return out


def _region_code(region: str) -> str:
    """The registry code of ``region`` if the registry knows it, else the text as given."""
    try:
        return regions.resolve(region).code
    except UnknownRegionError:
        # Tables from StatFin may carry codes the built-in registry does not list yet.
        return str(region)


def _require(df: pd.DataFrame, columns: list[str], table_name: str) -> None:
    for col in columns:
        if col not in df.columns:
            raise DataFormatError(
                f"the column {col!r} is missing; the table has {list(df.columns)}.",
                source=table_name,
                column=col,
            )


def _age_bounds(age_groups: pd.Series) -> pd.DataFrame:
    """Lower and upper age (inclusive, inf for open groups) of each distinct age-group label."""
    labels = pd.Series(age_groups.dropna().astype(str).unique())
    lower = np.full(len(labels), np.nan)
    upper = np.full(len(labels), np.nan)
    for i, text in enumerate(labels):  # loops over a handful of labels, not persons
        if m := _RANGE_RE.match(text):
            lower[i], upper[i] = int(m[1]), int(m[2])
        elif m := _OPEN_RE.match(text):
            lower[i], upper[i] = int(m[1]), np.inf
        elif m := _SINGLE_RE.match(text):
            lower[i] = upper[i] = int(m[1])
    bad = labels[np.isnan(lower)].tolist()
    if bad or age_groups.isna().any():
        raise DataFormatError(
            f"age groups must look like '15-19', '85+' or '42'; found {bad or ['<missing>']}.",
            source="population",
            column="age_group",
            hint="Drop total rows (e.g. 'total') before summarising.",
        )
    return pd.DataFrame({"lower": lower, "upper": upper}, index=labels)


def population_summary(population: pd.DataFrame, region: str) -> pd.DataFrame:
    """Population, its change, foreign-background share and ageing of a region per year.

    Parameters
    ----------
    population
        The tidy ``population`` table (columns region, year, age_group, background, persons;
        other key columns are summed over). Not changed.
    region
        A region code (``"MK08"``, ``"SK082"``, ``"KU285"``) or a name the registry knows.

    Returns
    -------
    DataFrame
        One row per year, sorted by year, with columns

        - ``year``
        - ``persons``: residents at the end of the year
        - ``change``: persons minus persons of the previous calendar year (NA for the first
          year and after a gap)
        - ``change_pct``: ``change`` in per cent of the previous year's persons
        - ``foreign``: persons with ``background == "foreign"``
        - ``foreign_share_pct``: ``foreign`` in per cent of persons
        - ``age_65_plus_share_pct``: persons aged 65 or over in per cent of persons
        - ``old_age_dependency_ratio``: persons 65+ per 100 persons aged 15-64

        ``attrs`` are copied from ``population``.

    Raises
    ------
    KokkaError
        If the table has no rows for the region.
    DataFormatError
        If a needed column is missing or an age group straddles 15 or 65 (or cannot be read).

    Examples
    --------
    >>> import pandas as pd
    >>> pop = pd.DataFrame({
    ...     "region": "KU285", "year": 2024, "age_group": ["0-14", "15-64", "65+"],
    ...     "background": ["finnish", "foreign", "finnish"], "persons": [20, 50, 30]})
    >>> population_summary(pop, "KU285")["old_age_dependency_ratio"].tolist()
    [60.0]
    """
    _require(population, ["region", "year", "age_group", "background", "persons"], "population")
    rows = select_region(population, region, "population")

    bounds = _age_bounds(rows["age_group"])
    straddling = bounds[
        ((bounds.lower < 15) & (bounds.upper >= 15)) | ((bounds.lower < 65) & (bounds.upper >= 65))
    ]
    if not straddling.empty:
        raise DataFormatError(
            f"age groups {straddling.index.tolist()} cross the 15 or 65 year limit, so the "
            "65+ share and the dependency ratio cannot be computed.",
            source="population",
            column="age_group",
            hint="Use 5-year or single-year age groups.",
        )
    lower = rows["age_group"].astype(str).map(bounds["lower"])
    persons = rows["persons"]
    parts = pd.DataFrame(
        {
            "year": rows["year"],
            "persons": persons,
            "foreign": persons.where(rows["background"] == "foreign", 0),
            "age_65_plus": persons.where(lower >= 65, 0),
            "age_15_64": persons.where((lower >= 15) & (lower < 65), 0),
        }
    )
    by_year = parts.groupby("year", sort=True).sum()

    # Change against the previous *calendar* year; a gap in the years gives NA, not a
    # change over several years that would read as one year's change.
    previous = by_year["persons"].reindex(by_year.index - 1).to_numpy(dtype="float64")
    total = by_year["persons"].to_numpy()
    change = total - previous
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = by_year[["foreign", "age_65_plus"]].div(
            by_year["persons"].replace(0, np.nan), axis=0
        )
        dependency = by_year["age_65_plus"] / by_year["age_15_64"].replace(0, np.nan) * 100
        change_pct = np.where(previous > 0, change / previous * 100, np.nan)
    change_dtype = "Int64" if pd.api.types.is_integer_dtype(by_year["persons"]) else "Float64"
    out = pd.DataFrame(
        {
            "year": by_year.index.to_numpy(),
            "persons": total,
            "change": pd.array(change, dtype="Float64").astype(change_dtype),
            "change_pct": change_pct,
            "foreign": by_year["foreign"].to_numpy(),
            "foreign_share_pct": shares["foreign"].to_numpy() * 100,
            "age_65_plus_share_pct": shares["age_65_plus"].to_numpy() * 100,
            "old_age_dependency_ratio": dependency.to_numpy(),
        }
    )
    out.attrs = dict(population.attrs)
    log.debug("population_summary: %s, %d years", region, len(out))
    return out
