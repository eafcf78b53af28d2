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
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import regions, schemas
from .errors import DataFormatError, KokkaError, UnknownRegionError
from .text import number, percent, pick, region_name

log = logging.getLogger(__name__)

_RANGE_RE = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")
_OPEN_RE = re.compile(r"^\s*(\d+)\s*\+\s*$")
_SINGLE_RE = re.compile(r"^\s*(\d+)\s*$")


def _require(df: pd.DataFrame, columns: list[str], table_name: str) -> None:
    schemas.require_columns(df, columns, table_name)


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


def _bounds_per_row(age_groups: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper age of every row (:func:`_age_bounds` looked up once per label: fast
    on a whole country's rows)."""
    bounds = _age_bounds(age_groups)  # checks the labels
    codes, uniques = pd.factorize(age_groups.astype(str))
    at = bounds.reindex(pd.Index(uniques))
    return at["lower"].to_numpy()[codes], at["upper"].to_numpy()[codes]


def _keep_regions(df: pd.DataFrame, keep: set[str]) -> pd.DataFrame:
    """The rows of ``df`` whose region is in ``keep`` (labels compared once, not per row)."""
    codes, uniques = pd.factorize(df["region"])
    mask = np.isin(np.asarray(uniques, dtype=object), list(keep))
    if mask.all():
        return df
    return df[mask[codes] & (codes >= 0)]


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
    rows = regions.rows_of(population, region, "population")

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


# =============================================================================================
# Indicator registry: definition, unit and source of every key figure
# =============================================================================================


@dataclass(frozen=True)
class Indicator:
    """What a key figure means: label, unit, definition and source in Finnish and English."""

    key: str
    label_fi: str
    label_en: str
    unit_fi: str
    unit_en: str
    definition_fi: str
    definition_en: str
    table: str
    source_fi: str
    source_en: str
    decimals: int = 1

    def label(self, lang: str = "fi") -> str:
        return pick(self.label_fi, self.label_en, lang)

    def unit(self, lang: str = "fi") -> str:
        return pick(self.unit_fi, self.unit_en, lang)


_SRC_POP = ("Tilastokeskus, väestörakenne", "Statistics Finland, population structure")
_SRC_MIG = ("Tilastokeskus, muuttoliike", "Statistics Finland, migration")
_SRC_EMP = ("Tilastokeskus, työssäkäynti", "Statistics Finland, employment")
_SRC_LM = ("TEM, työnvälitystilasto", "Ministry of Economic Affairs, employment service statistics")
_SRC_BAR = ("KEHA-keskus, Työvoimabarometri", "KEHA Centre, Labour Market Barometer")

#: The key figures of the situation picture, in display order.
INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in [
        Indicator(
            "population", "Väkiluku", "Population", "henkilöä", "persons",
            "Asukkaat vuoden lopussa.", "Residents at the end of the year.",
            "population", *_SRC_POP, decimals=0,
        ),
        Indicator(
            "foreign_background_share_pct", "Ulkomaalaistaustaisten osuus",
            "Foreign-background share", "%", "%",
            "Ulkomaalaistaustaiset (background = foreign) prosentteina asukkaista.",
            "Persons of foreign background in per cent of residents.",
            "population", *_SRC_POP,
        ),
        Indicator(
            "foreign_language_share_pct", "Vieraskielisten osuus", "Foreign-language share",
            "%", "%",
            "Muuta kuin suomea tai ruotsia äidinkielenään puhuvat prosentteina asukkaista.",
            "Persons whose mother tongue is not Finnish or Swedish, in per cent of residents.",
            "population", *_SRC_POP,
        ),
        Indicator(
            "age_65_plus_share_pct", "65 vuotta täyttäneiden osuus", "Share aged 65+", "%", "%",
            "65 vuotta täyttäneet prosentteina asukkaista.",
            "Residents aged 65 or over in per cent of residents.",
            "population", *_SRC_POP,
        ),
        Indicator(
            "old_age_dependency_ratio", "Vanhushuoltosuhde", "Old-age dependency ratio",
            "65+ / 100 15–64-v.", "65+ per 100 aged 15–64",
            "65 vuotta täyttäneet sataa 15–64-vuotiasta kohden.",
            "Residents aged 65+ per 100 residents aged 15-64.",
            "population", *_SRC_POP,
        ),
        Indicator(
            "net_migration_per_1000", "Nettomuutto", "Net migration", "‰ asukkaista",
            "per 1,000 residents",
            "Tulomuutto miinus lähtömuutto (maan sisäinen ja ulkomaat) tuhatta asukasta kohden.",
            "In-migration minus out-migration (domestic and international) per 1,000 residents.",
            "migration", *_SRC_MIG,
        ),
        Indicator(
            "net_domestic_migration_20_34_per_1000", "20–34-v. maan sisäinen nettomuutto",
            "Domestic net migration, age 20–34", "‰ 20–34-vuotiaista",
            "per 1,000 residents aged 20–34",
            "20–34-vuotiaiden maan sisäinen tulomuutto miinus lähtömuutto tuhatta samanikäistä "
            "asukasta kohden; negatiivinen luku = nuoret aikuiset muuttavat pois.",
            "Domestic in-migration minus out-migration of persons aged 20-34 per 1,000 residents "
            "of that age; negative = young adults move away.",
            "migration", *_SRC_MIG,
        ),
        Indicator(
            "employed", "Työlliset", "Employed", "henkilöä", "persons",
            "Alueella asuvat työlliset (kaikki toimialat).",
            "Employed residents of the region (all industries).",
            "employment", *_SRC_EMP, decimals=0,
        ),
        Indicator(
            "vacancies_per_jobseeker", "Avoimet työpaikat työnhakijaa kohden",
            "Vacancies per jobseeker", "suhde", "ratio",
            "Avoimien työpaikkojen kuukausikeskiarvo jaettuna työnhakijoiden "
            "kuukausikeskiarvolla (kaikki ammatit).",
            "Monthly mean of open vacancies divided by the monthly mean of jobseekers "
            "(all occupations).",
            "labour_market", *_SRC_LM, decimals=2,
        ),
    ]
}  # fmt: skip

#: Age bands of the migration indicators.
MIGRATION_BANDS = ("0-19", "20-34", "35-64", "65+")


def indicator_definitions(lang: str = "fi") -> pd.DataFrame:
    """Every key figure with its definition, unit and source, in ``lang``.

    Returns
    -------
    DataFrame
        Columns ``indicator`` (label), ``definition``, ``unit``, ``source``.

    Examples
    --------
    >>> indicator_definitions("en")["indicator"].iloc[0]
    'Population'
    """
    fi = lang == "fi"
    rows = [
        {
            "indicator": i.label(lang),
            "definition": i.definition_fi if fi else i.definition_en,
            "unit": i.unit(lang),
            "source": i.source_fi if fi else i.source_en,
        }
        for i in INDICATORS.values()
    ]
    return pd.DataFrame(rows)


# =============================================================================================
# Population structure
# =============================================================================================


def population_pyramid(population: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """Residents by age group, sex and background in one year: the population pyramid.

    Definition: residents at the end of ``year``. Unit: persons and per cent of all
    residents. Source: Statistics Finland, population structure (``population`` table).

    Parameters
    ----------
    population
        The tidy ``population`` table (language groups are summed over). Not changed.
    region
        A region code or a name the registry knows.
    year
        The year shown.

    Returns
    -------
    DataFrame
        Columns ``age_group``, ``sex``, ``background``, ``persons`` and ``share_pct``
        (per cent of all residents of the region in that year), ordered from the youngest
        age group up, then sex and background. ``attrs`` are copied.

    Raises
    ------
    KokkaError
        If the region or the year has no rows.

    Examples
    --------
    >>> import pandas as pd
    >>> pop = pd.DataFrame({"region": "KU285", "year": 2024, "age_group": ["0-4", "0-4"],
    ...     "sex": ["male", "female"], "background": "finnish", "persons": [30, 70]})
    >>> population_pyramid(pop, "KU285", 2024)["share_pct"].tolist()
    [70.0, 30.0]
    """
    _require(population, ["region", "year", "age_group", "sex", "background", "persons"],
             "population")  # fmt: skip
    rows = regions.rows_of(population, region, "population")
    rows = _select_year(rows, year, "population")
    out = rows.groupby(["age_group", "sex", "background"], as_index=False)["persons"].sum()
    total = out["persons"].sum()
    out["share_pct"] = out["persons"] / total * 100 if total > 0 else np.nan
    lower = out["age_group"].map(_age_bounds(out["age_group"])["lower"])
    out = (
        out.assign(_lower=lower)
        .sort_values(["_lower", "sex", "background"])
        .drop(columns="_lower")
        .reset_index(drop=True)
    )
    out.attrs = dict(population.attrs)
    return out


def language_summary(population: pd.DataFrame, region: str) -> pd.DataFrame:
    """Foreign-background and foreign-language residents of a region per year.

    Definition: a resident is of foreign background when ``background == "foreign"`` and
    foreign-language (*vieraskielinen*) when ``language_group == "other"`` (mother tongue
    other than Finnish, Swedish or Sami). Unit: persons and per cent of residents.
    Source: Statistics Finland, population structure.

    Returns
    -------
    DataFrame
        One row per year: ``year``, ``persons``, ``foreign_background``,
        ``foreign_background_share_pct``, ``foreign_language``,
        ``foreign_language_share_pct``, ``swedish_speaking_share_pct``. ``attrs`` copied.

    Examples
    --------
    >>> import pandas as pd
    >>> pop = pd.DataFrame({"region": "MK09", "year": 2024, "background": ["finnish", "foreign"],
    ...     "language_group": ["fi", "other"], "persons": [90, 10]})
    >>> language_summary(pop, "MK09")["foreign_language_share_pct"].tolist()
    [10.0]
    """
    _require(population, ["region", "year", "background", "language_group", "persons"],
             "population")  # fmt: skip
    rows = regions.rows_of(population, region, "population")
    p = rows["persons"]
    parts = pd.DataFrame(
        {
            "year": rows["year"],
            "persons": p,
            "foreign_background": p.where(rows["background"] == "foreign", 0),
            "foreign_language": p.where(rows["language_group"] == "other", 0),
            "swedish": p.where(rows["language_group"] == "sv", 0),
        }
    )
    by = parts.groupby("year", sort=True).sum()
    denom = by["persons"].replace(0, np.nan)
    out = pd.DataFrame(
        {
            "year": by.index.to_numpy(),
            "persons": by["persons"].to_numpy(),
            "foreign_background": by["foreign_background"].to_numpy(),
            "foreign_background_share_pct": (by["foreign_background"] / denom * 100).to_numpy(),
            "foreign_language": by["foreign_language"].to_numpy(),
            "foreign_language_share_pct": (by["foreign_language"] / denom * 100).to_numpy(),
            "swedish_speaking_share_pct": (by["swedish"] / denom * 100).to_numpy(),
        }
    )
    out.attrs = dict(population.attrs)
    return out


# =============================================================================================
# Migration
# =============================================================================================


def _band_of(age_groups: pd.Series, bands: tuple[str, ...]) -> pd.Series:
    """Map 5-year age-group labels to wider bands; a group straddling a band limit is an error."""
    groups = _age_bounds(age_groups)
    band_bounds = _age_bounds(pd.Series(bands))
    mapping = {}
    for label, (lo, hi) in groups.iterrows():
        hit = band_bounds[(band_bounds.lower <= lo) & (band_bounds.upper >= hi)]
        if hit.empty:
            raise DataFormatError(
                f"the age group {label!r} does not fit inside one of the bands {list(bands)}.",
                source="migration",
                column="age_group",
                hint="Use 5-year age groups or choose bands on their limits.",
            )
        mapping[label] = hit.index[0]
    return age_groups.astype(str).map(mapping)


def net_migration(
    migration: pd.DataFrame, region: str, bands: tuple[str, ...] = MIGRATION_BANDS
) -> pd.DataFrame:
    """In-, out- and net migration of a region by year, age band and counterpart.

    Definition: net migration = in-migration minus out-migration during the year; domestic
    moves cross the region's border within Finland, international ones Finland's border.
    Unit: persons per year. Source: Statistics Finland, migration (``migration`` table).

    Parameters
    ----------
    migration
        The tidy ``migration`` table (sex and background are summed over). Not changed.
    region
        A region code or a name the registry knows.
    bands
        Age bands such as ``("0-19", "20-34", "35-64", "65+")``; each age group of the table
        must fall inside one band.

    Returns
    -------
    DataFrame
        Columns ``year``, ``age_band``, ``counterpart`` (``domestic``, ``abroad`` and
        ``total``), ``inflow``, ``outflow``, ``net``; sorted by year, band (in the order of
        ``bands``) and counterpart. ``attrs`` are copied.

    Examples
    --------
    >>> import pandas as pd
    >>> mig = pd.DataFrame({"region": "KU285", "year": 2024, "age_group": "20-24",
    ...     "direction": ["in", "out"], "counterpart": "domestic", "persons": [5, 9]})
    >>> net_migration(mig, "KU285", bands=("20-34",))["net"].tolist()
    [-4, 0, -4]
    """
    _require(migration, ["region", "year", "direction", "counterpart", "age_group", "persons"],
             "migration")  # fmt: skip
    rows = regions.rows_of(migration, region, "migration")
    rows = rows.assign(age_band=_band_of(rows["age_group"], bands))
    wide = rows.pivot_table(
        index=["year", "age_band", "counterpart"], columns="direction", values="persons",
        aggfunc="sum", fill_value=0,
    )  # fmt: skip
    wide = wide.reindex(columns=["in", "out"], fill_value=0)
    years = sorted(rows["year"].unique())
    full = pd.MultiIndex.from_product(
        [years, list(bands), ["domestic", "abroad"]], names=["year", "age_band", "counterpart"]
    )
    wide = wide.reindex(full, fill_value=0)
    total = wide.groupby(level=["year", "age_band"]).sum()
    total["counterpart"] = "total"
    total = total.set_index("counterpart", append=True)
    both = pd.concat([wide, total]).reset_index()
    out = pd.DataFrame(
        {
            "year": both["year"].to_numpy(),
            "age_band": both["age_band"].to_numpy(),
            "counterpart": both["counterpart"].to_numpy(),
            "inflow": both["in"].to_numpy(),
            "outflow": both["out"].to_numpy(),
        }
    )
    out["net"] = out["inflow"] - out["outflow"]
    order = {b: i for i, b in enumerate(bands)}
    corder = {"domestic": 0, "abroad": 1, "total": 2}
    out = out.sort_values(
        ["year", "age_band", "counterpart"],
        key=lambda s: s.map(order) if s.name == "age_band" else (
            s.map(corder) if s.name == "counterpart" else s),
    ).reset_index(drop=True)  # fmt: skip
    out.attrs = dict(migration.attrs)
    return out


# =============================================================================================
# Employment and the labour market
# =============================================================================================


def employment_by_industry(
    employment: pd.DataFrame, region: str, year: int, years_back: int = 5
) -> pd.DataFrame:
    """Employed persons by industry in ``year``, their share and change since ``year - years_back``.

    Definition: employed residents of the region by industry (TOL 2008 letter), age groups
    summed. Unit: persons; share and change in per cent. Source: Statistics Finland,
    employment statistics (``employment`` table).

    Returns
    -------
    DataFrame
        Columns ``industry``, ``employed``, ``share_pct`` (of all employed in ``year``),
        ``employed_before`` (in ``year - years_back``; NA if that year is missing),
        ``change`` and ``change_pct``; sorted by ``employed``, largest first. ``attrs``
        are copied.

    Examples
    --------
    >>> import pandas as pd
    >>> emp = pd.DataFrame({"region": "MK08", "year": [2019, 2019, 2024, 2024],
    ...     "industry": ["C", "Q", "C", "Q"], "employed": [100, 50, 80, 70]})
    >>> employment_by_industry(emp, "MK08", 2024)[["industry", "change"]].values.tolist()
    [['C', -20.0], ['Q', 20.0]]
    """
    _require(employment, ["region", "year", "industry", "employed"], "employment")
    rows = regions.rows_of(employment, region, "employment")
    now = _select_year(rows, year, "employment").groupby("industry")["employed"].sum()
    before_rows = rows[rows["year"] == year - years_back]
    if before_rows.empty:
        log.info("employment_by_industry: no year %d for %s", year - years_back, region)
    before = before_rows.groupby("industry")["employed"].sum().reindex(now.index)
    total = now.sum()
    change = now - before
    out = pd.DataFrame(
        {
            "industry": now.index.to_numpy(),
            "employed": now.to_numpy(),
            "share_pct": (now / total * 100).to_numpy() if total > 0 else np.nan,
            "employed_before": before.to_numpy(dtype="float64"),
            "change": change.to_numpy(dtype="float64"),
            "change_pct": (change / before.where(before > 0) * 100).to_numpy(dtype="float64"),
        }
    )
    out = out.sort_values(["employed", "industry"], ascending=[False, True], ignore_index=True)
    out.attrs = dict(employment.attrs)
    return out


def vacancies_per_jobseeker(labour_market: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """Open vacancies per jobseeker by occupation in one year.

    Definition: the monthly mean of open vacancies at the end of the month divided by the
    monthly mean of jobseekers, over the months of ``year``; above 1 means more vacancies than
    jobseekers (a tight market). Unit: persons (monthly means) and a ratio. Source: Ministry
    of Economic Affairs and Employment, employment service statistics (``labour_market``).

    Returns
    -------
    DataFrame
        Columns ``occupation``, ``vacancies``, ``jobseekers`` (monthly means),
        ``vacancies_per_jobseeker`` (NaN without jobseekers) and ``months`` (months of data);
        sorted by the ratio, tightest first. ``attrs`` are copied.

    Examples
    --------
    >>> import pandas as pd
    >>> lm = pd.DataFrame({"region": "MK09", "month": pd.to_datetime(["2024-01-01", "2024-02-01"]),
    ...     "occupation": "53", "vacancies": [10, 30], "jobseekers": [10, 10]})
    >>> vacancies_per_jobseeker(lm, "MK09", 2024)["vacancies_per_jobseeker"].tolist()
    [2.0]
    """
    _require(labour_market, ["region", "month", "occupation", "vacancies", "jobseekers"],
             "labour_market")  # fmt: skip
    rows = regions.rows_of(labour_market, region, "labour_market")
    years = pd.to_datetime(rows["month"]).dt.year
    rows = rows[years == year]
    if rows.empty:
        raise KokkaError(
            f"The labour_market table has no months of {year} for region {region!r}; it has "
            f"years {sorted(int(y) for y in years.unique())}. Choose one of them."
        )
    g = rows.groupby("occupation").agg(
        vacancies=("vacancies", "mean"),
        jobseekers=("jobseekers", "mean"),
        months=("month", "nunique"),
    )
    ratio = g["vacancies"] / g["jobseekers"].where(g["jobseekers"] > 0)
    out = pd.DataFrame(
        {
            "occupation": g.index.to_numpy(),
            "vacancies": g["vacancies"].to_numpy(),
            "jobseekers": g["jobseekers"].to_numpy(),
            "vacancies_per_jobseeker": ratio.to_numpy(),
            "months": g["months"].to_numpy(),
        }
    )
    out = out.sort_values(
        ["vacancies_per_jobseeker", "occupation"], ascending=[False, True], ignore_index=True,
        na_position="last",
    )  # fmt: skip
    out.attrs = dict(labour_market.attrs)
    return out


#: Labour Market Barometer classes: lower limit of the index -> class.
BAROMETER_CLASSES = (
    (4.5, "big_shortage"),
    (3.5, "shortage"),
    (2.5, "balance"),
    (1.5, "surplus"),
    (-np.inf, "big_surplus"),
)
BAROMETER_CLASS_LABELS = {
    "big_shortage": ("suuri pula", "big shortage"),
    "shortage": ("pula", "shortage"),
    "balance": ("tasapaino", "balance"),
    "surplus": ("ylitarjonta", "surplus"),
    "big_surplus": ("suuri ylitarjonta", "big surplus"),
}


def shortage_occupations(
    barometer: pd.DataFrame,
    region: str,
    year: int,
    years_back: int = 5,
    latest_if_missing: bool = False,
) -> pd.DataFrame:
    """Occupations by their Labour Market Barometer index: the shortage occupations first.

    Definition: the barometer index (1 big surplus ... 5 big shortage) of the last period of
    ``year`` (e.g. ``2024H2``); class limits 4.5 big shortage, 3.5 shortage, 2.5 balance,
    1.5 surplus. The barometer is published for ELY areas and maakunnat: for a kunta or a
    seutukunta the maakunta that contains it is used (``barometer_region``). Unit: index
    1-5. Source: KEHA Centre, Labour Market Barometer (until 2023 the Occupational Barometer).

    Returns
    -------
    DataFrame
        Columns ``occupation``, ``barometer_region``, ``period``, ``index``,
        ``index_before`` (same half-year ``years_back`` years earlier, NaN if absent),
        ``change``, ``class`` (``big_shortage`` ... ``big_surplus``) and ``shortage``
        (bool: index >= 3.5); sorted by index, highest first. ``attrs`` are copied.

    With ``latest_if_missing`` a ``year`` the barometer does not have (the Labour Market
    Barometer only has recent half-years, statistics lag a year or more) gives the latest
    period instead, and ``attrs["period_note"]`` (fi, en) says so.

    Raises
    ------
    KokkaError
        If neither the region nor its maakunta has barometer rows, or ``year`` has none (and
        ``latest_if_missing`` is False).

    Examples
    --------
    >>> import pandas as pd
    >>> bar = pd.DataFrame({"region": "MK08", "period": ["2024H1", "2024H2", "2024H2"],
    ...     "occupation": ["53", "53", "41"], "index": [3.0, 4.2, 1.2]})
    >>> shortage_occupations(bar, "KU285", 2024)[["occupation", "class"]].values.tolist()
    [['53', 'shortage'], ['41', 'big_surplus']]
    """
    _require(barometer, ["region", "period", "occupation", "index"], "barometer")
    code = regions.code_of(region)
    present = set(barometer["region"].astype(str).unique())
    used = code
    if code not in present:
        try:
            used = regions.parent(code, "maakunta").code
        except UnknownRegionError:
            used = code
    rows = regions.rows_of(barometer, used, "barometer")
    periods = sorted(p for p in rows["period"].astype(str).unique() if p[:4] == str(year))
    note = None
    if not periods and latest_if_missing and len(rows):
        periods = [max(rows["period"].astype(str))]
        note = (
            f"Vuotta {year} ei ole barometrissa; käytetty viimeisintä puolivuotiskautta "
            f"{periods[0]}.",
            f"The barometer has no {year}; its latest half-year {periods[0]} is used.",
        )
    if not periods:
        raise KokkaError(
            f"The barometer has no period of {year} for {used}; it has "
            f"{sorted(rows['period'].astype(str).unique())}. Choose another year."
        )
    period = periods[-1]
    now = rows[rows["period"] == period].groupby("occupation")["index"].mean()
    before_period = f"{int(period[:4]) - years_back}{period[4:]}"
    before = rows[rows["period"] == before_period].groupby("occupation")["index"].mean()
    before = before.reindex(now.index)
    cls = pd.Series("big_surplus", index=now.index, dtype=object)
    for limit, name in reversed(BAROMETER_CLASSES):
        cls[now >= limit] = name
    out = pd.DataFrame(
        {
            "occupation": now.index.to_numpy(),
            "barometer_region": used,
            "period": period,
            "index": now.to_numpy(),
            "index_before": before.to_numpy(),
            "change": (now - before).to_numpy(),
            "class": cls.to_numpy(),
            "shortage": (now >= 3.5).to_numpy(),
        }
    )
    out = out.sort_values(["index", "occupation"], ascending=[False, True], ignore_index=True)
    out.attrs = dict(barometer.attrs)
    if note:
        out.attrs["period_note"] = note
    return out


# =============================================================================================
# Key figures of every region and year, comparisons and municipality values
# =============================================================================================


def indicator_panel(
    tables: dict[str, pd.DataFrame], only: Iterable[str] | None = None
) -> pd.DataFrame:
    """Every key figure of :data:`INDICATORS` for every region and year in the tables.

    See :data:`INDICATORS` (or :func:`indicator_definitions`) for each figure's definition,
    unit and source. A figure whose table is missing (or has no row for a region-year) is NaN.

    Parameters
    ----------
    tables
        Tidy tables by name; uses ``population``, ``migration``, ``employment`` and
        ``labour_market`` when present. Not changed.
    only
        Region codes: the figures of these regions only (the same numbers, much faster on
        whole-country tables).

    Returns
    -------
    DataFrame
        Columns ``region``, ``year`` and one column per key of :data:`INDICATORS`; sorted by
        region and year. ``attrs`` are those of the population table.

    Examples
    --------
    >>> import pandas as pd
    >>> pop = pd.DataFrame({"region": "KU285", "year": 2024, "age_group": ["10-14", "70-74"],
    ...     "background": "finnish", "language_group": "fi", "persons": [60, 40]})
    >>> indicator_panel({"population": pop})["age_65_plus_share_pct"].tolist()
    [40.0]
    """
    if "population" not in tables:
        raise KokkaError("indicator_panel needs the 'population' table; load it first.")
    if only is not None:
        keep = set(only)
        tables = {
            name: (_keep_regions(df, keep) if "region" in df else df)
            for name, df in tables.items()
            if name in ("population", "migration", "employment", "labour_market")
        }
    pop = tables["population"]
    _require(pop, ["region", "year", "age_group", "background", "language_group", "persons"],
             "population")  # fmt: skip
    lower, upper = _bounds_per_row(pop["age_group"])
    p = pop["persons"]
    parts = pd.DataFrame(
        {
            "region": pop["region"],
            "year": pop["year"],
            "population": p,
            "_foreign": p.where(pop["background"] == "foreign", 0),
            "_other_lang": p.where(pop["language_group"] == "other", 0),
            "_65": p.where(lower >= 65, 0),
            "_15_64": p.where((lower >= 15) & (upper < 65), 0),
            "_20_34": p.where((lower >= 20) & (upper <= 34), 0),
        }
    )
    g = parts.groupby(["region", "year"], sort=True).sum()
    n = g["population"].replace(0, np.nan)
    out = pd.DataFrame(index=g.index)
    out["population"] = g["population"]
    out["foreign_background_share_pct"] = g["_foreign"] / n * 100
    out["foreign_language_share_pct"] = g["_other_lang"] / n * 100
    out["age_65_plus_share_pct"] = g["_65"] / n * 100
    out["old_age_dependency_ratio"] = g["_65"] / g["_15_64"].replace(0, np.nan) * 100
    out["net_migration_per_1000"] = np.nan
    out["net_domestic_migration_20_34_per_1000"] = np.nan
    if "migration" in tables:
        mig = tables["migration"]
        sign = np.where(mig["direction"] == "in", 1, -1)
        net = (mig["persons"] * sign).groupby([mig["region"], mig["year"]]).sum()
        out["net_migration_per_1000"] = net.reindex(out.index) / n * 1000
        mlow, mup = _bounds_per_row(mig["age_group"])
        young = (mig["counterpart"] == "domestic") & (mlow >= 20) & (mup <= 34)
        m = mig[young]
        net_y = (m["persons"] * sign[young.to_numpy()]).groupby([m["region"], m["year"]]).sum()
        out["net_domestic_migration_20_34_per_1000"] = (
            net_y.reindex(out.index) / g["_20_34"].replace(0, np.nan) * 1000
        )
    out["employed"] = np.nan
    if "employment" in tables:
        emp = tables["employment"]
        out["employed"] = emp.groupby(["region", "year"])["employed"].sum().reindex(out.index)
    out["vacancies_per_jobseeker"] = np.nan
    if "labour_market" in tables:
        lm = tables["labour_market"]
        yr = pd.to_datetime(lm["month"]).dt.year.rename("year")
        sums = lm[["vacancies", "jobseekers"]].groupby([lm["region"], yr]).sum()
        ratio = sums["vacancies"] / sums["jobseekers"].where(sums["jobseekers"] > 0)
        out["vacancies_per_jobseeker"] = ratio.reindex(out.index)
    out = out.reset_index()
    out.attrs = dict(pop.attrs)
    return out


def comparison_regions(region: str, available: list[str] | set[str] | None = None) -> list[str]:
    """The regions a region is compared with: itself, its maakunta, the other home region
    (MK08 <-> MK09) and the whole country (``SSS``), in that order.

    Only codes in ``available`` (the regions the data have) are returned, when it is given.

    Examples
    --------
    >>> comparison_regions("KU285", ["KU285", "MK08", "MK09"])
    ['KU285', 'MK08', 'MK09']
    """
    code = regions.code_of(region)
    out = [code]
    try:
        mk = regions.parent(code, "maakunta").code
    except (UnknownRegionError, KeyError):
        mk = None
    if mk and mk not in out:
        out.append(mk)
    other = {"MK08": "MK09", "MK09": "MK08"}.get(mk or "")
    if other:
        out.append(other)
    out = list(dict.fromkeys([*out, "SSS"]))  # the whole country is compared with nothing else
    if available is not None:
        avail = set(available)
        out = [c for c in out if c in avail]
    return out


def key_figures(
    tables: dict[str, pd.DataFrame], region: str, year: int, years_back: int = 5
) -> pd.DataFrame:
    """Key figures of a region beside its comparison regions, now and ``years_back`` earlier.

    The comparison regions are :func:`comparison_regions` limited to those in the data: the
    whole country (``SSS``) is included only when the tables have it (the demo data do not).

    Returns
    -------
    DataFrame
        Tidy: one row per indicator and region, columns ``indicator``, ``region``,
        ``year``, ``value``, ``value_before`` (in ``year - years_back``; NaN if missing) and
        ``change`` (value minus value_before; for ``population`` and ``employed`` the change
        in per cent). Indicators in the order of :data:`INDICATORS`. ``attrs`` copied from
        the population table, plus ``comparison`` (list of codes) and ``whole_country``
        (bool).

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> kf = key_figures(demo.generate(seed=0), "MK08", 2024)
    >>> sorted(kf["region"].unique())
    ['MK08', 'MK09', 'SSS']
    """
    code = regions.code_of(region)
    panel = indicator_panel(tables, only=comparison_regions(code))
    present = set(panel["region"].unique())
    if code not in present:
        regions.rows_of(tables["population"], code, "population")  # raises the helpful error
    if year not in set(panel["year"]):
        raise KokkaError(
            f"The tables have no year {year}; they have "
            f"{[int(y) for y in sorted(panel['year'].unique())[:3]]}... "
            f"{int(sorted(panel['year'].unique())[-1])}. Choose one of those years."
        )
    comp = comparison_regions(code, present)
    p = panel.set_index(["region", "year"])
    rows = []
    for key in INDICATORS:
        for r in comp:
            value = p[key].get((r, year), np.nan)
            before = p[key].get((r, year - years_back), np.nan)
            if key in ("population", "employed"):
                change = (value / before - 1) * 100 if before and before > 0 else np.nan
            else:
                change = value - before
            rows.append((key, r, year, value, before, change))
    out = pd.DataFrame(
        rows, columns=["indicator", "region", "year", "value", "value_before", "change"]
    )
    out.attrs = dict(tables["population"].attrs)
    out.attrs.update(comparison=comp, whole_country="SSS" in comp, years_back=years_back)
    return out


def key_figures_table(
    tables: dict[str, pd.DataFrame],
    region: str,
    year: int,
    years_back: int = 5,
    lang: str = "fi",
    intervals: bool = False,
) -> pd.DataFrame:
    """The compact key-figures table for reading: one row per indicator, numbers as text.

    With ``intervals``, a column after the region's ``year`` gives each figure's 95 %
    random-variation interval (:func:`kokka_analysis.uncertainty.key_figure_intervals`).

    Columns: indicator label, unit, the region ``year - years_back`` and ``year``, its change
    (percentage points, or per cent for counts), then each comparison region in ``year``.
    Numbers are formatted with each indicator's decimals in the style of ``lang``.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> t = key_figures_table(demo.generate(seed=0), "MK09", 2024, lang="en")
    >>> t.columns.tolist()[:3]
    ['Indicator', 'Unit', 'South Karelia 2019']
    """
    kf = key_figures(tables, region, year, years_back)
    comp = kf.attrs["comparison"]
    fi = lang == "fi"
    main = comp[0]
    if intervals:
        from . import uncertainty

        ci = uncertainty.key_figure_intervals(tables, main, year).set_index("indicator")
    name = {c: region_name(c, lang) for c in comp}
    rows = []
    for key, ind in INDICATORS.items():
        sub = kf[kf["indicator"] == key].set_index("region")
        d = ind.decimals
        count = key in ("population", "employed")
        change = sub.loc[main, "change"]
        row = {
            ("Indikaattori" if fi else "Indicator"): ind.label(lang),
            ("Yksikkö" if fi else "Unit"): ind.unit(lang),
            f"{name[main]} {year - years_back}": number(sub.loc[main, "value_before"], lang, d),
            f"{name[main]} {year}": number(sub.loc[main, "value"], lang, d),
            **(
                {("Epävarmuus" if fi else "Uncertainty"):
                 uncertainty.interval_text(ci.loc[key], d, lang)}
                if intervals else {}
            ),
            ("Muutos" if fi else "Change"): (
                (percent(change, lang, 1, sign=True) if count else number(change, lang, max(d, 1), sign=True))
                if pd.notna(change) else "–"
            ),
        }  # fmt: skip
        for c in comp[1:]:
            row[f"{name[c]} {year}"] = number(sub.loc[c, "value"], lang, d)
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs = dict(kf.attrs)
    return out


def municipality_values(
    tables: dict[str, pd.DataFrame], indicator: str, year: int, area: str | None = None
) -> pd.DataFrame:
    """One key figure for every kunta of an area (default: all kunnat in the data), for maps.

    Parameters
    ----------
    tables
        Tidy tables by name (see :func:`indicator_panel`).
    indicator
        A key of :data:`INDICATORS`, e.g. ``"foreign_background_share_pct"``.
    year
        The year mapped.
    area
        A region code or name: only its kunnat are returned (``None``: every kunta).

    Returns
    -------
    DataFrame
        Columns ``region`` (KU code), ``name_fi``, ``name_en``, ``indicator``, ``year``,
        ``value``; sorted by region. ``attrs`` from the population table.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> v = municipality_values(demo.generate(seed=0), "population", 2024, "MK09")
    >>> len(v)
    9
    """
    if indicator not in INDICATORS:
        raise KokkaError(
            f"Unknown indicator {indicator!r}. Choose one of: {', '.join(INDICATORS)}."
        )
    inside = None
    if area is not None:
        code = regions.code_of(area)
        try:
            inside = {r.code for r in regions.members(code, "kunta")}
        except UnknownRegionError:
            inside = {code}
    panel = indicator_panel(tables, only=inside)
    rows = panel[(panel["year"] == year) & panel["region"].astype(str).str.startswith("KU")]
    if rows.empty:
        raise KokkaError(
            f"No kunta rows for year {year}{' in ' + str(area) if area else ''}: a map needs "
            "the population table at kunta level. Choose another year or area."
        )
    out = pd.DataFrame(
        {
            "region": rows["region"].to_numpy(),
            "name_fi": [region_name(c, "fi") for c in rows["region"]],
            "name_en": [region_name(c, "en") for c in rows["region"]],
            "indicator": indicator,
            "year": year,
            "value": rows[indicator].to_numpy(),
        }
    ).sort_values("region", ignore_index=True)
    out.attrs = dict(tables["population"].attrs)
    return out


def indicator_trend(
    tables: dict[str, pd.DataFrame], region: str, indicator: str, since: int | None = None
) -> pd.DataFrame:
    """One key figure over the years for a region and its comparison regions.

    Returns
    -------
    DataFrame
        Columns ``region``, ``name``, ``year``, ``value`` (``name`` in Finnish; plots
        translate); ``attrs`` from the population table plus ``indicator``.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> t = indicator_trend(demo.generate(seed=0), "KU285", "old_age_dependency_ratio")
    >>> t["region"].unique().tolist()
    ['KU285', 'MK08', 'MK09', 'SSS']
    """
    if indicator not in INDICATORS:
        raise KokkaError(
            f"Unknown indicator {indicator!r}. Choose one of: {', '.join(INDICATORS)}."
        )
    code = regions.code_of(region)
    panel = indicator_panel(tables, only=comparison_regions(code))
    comp = comparison_regions(code, set(panel["region"]))
    if code not in comp:
        regions.rows_of(tables["population"], code, "population")
    rows = panel[panel["region"].isin(comp)]
    if since is not None:
        rows = rows[rows["year"] >= since]
    out = pd.DataFrame({"region": rows["region"], "year": rows["year"], "value": rows[indicator]})
    out["_o"] = out["region"].map({c: i for i, c in enumerate(comp)})
    out = out.sort_values(["_o", "year"]).drop(columns="_o").reset_index(drop=True)
    out.insert(1, "name", [region_name(c, "fi") for c in out["region"]])
    out.attrs = dict(tables["population"].attrs)
    out.attrs["indicator"] = indicator
    return out


# ---------------------------------------------------------------------------------------------
def _select_year(rows: pd.DataFrame, year: int, table_name: str) -> pd.DataFrame:
    out = rows[rows["year"] == year]
    if out.empty:
        years = sorted(int(y) for y in rows["year"].unique())
        raise KokkaError(
            f"The {table_name} table has no rows for year {year} in this region; it has "
            f"years {years[0]}–{years[-1]}. Choose one of those years."
            if years
            else f"The {table_name} table has no rows for this region."
        )
    return out


# The findings sentences live in the text layer; they are part of this module's API.
from .text.situation import (  # noqa: E402, F401
    industry_findings,
    key_figures_findings,
    language_findings,
    map_findings,
    migration_findings,
    population_findings,
    pyramid_findings,
    shortage_findings,
    vacancy_findings,
)
