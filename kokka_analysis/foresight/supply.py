"""New labour supply: young entrants (cohort-component projection) and retained graduates."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .. import regions
from ..errors import KokkaError
from ._common import MIN_WORKERS, _check

log = logging.getLogger(__name__)


#: Yearly death rates by 5-year age group (rounded, Finland-like); used by the projection.
DEATH_RATES = {
    **{g: 0.0003 for g in ("0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34")},
    **{g: 0.001 for g in ("35-39", "40-44", "45-49")},
    **{"50-54": 0.003, "55-59": 0.005, "60-64": 0.008, "65-69": 0.012, "70-74": 0.02},
    **{"75-79": 0.035, "80-84": 0.065, "85+": 0.16},
}
#: Share of young people who enter the regional labour market when they reach 20 (about the
#: employment rate of Finns aged 20-29).
ENTRY_RATE = 0.70
#: Share of international graduates still in the region three years after graduating, used
#: when no cohort estimate is given (see :func:`estimate_retention`).
RETENTION_INTERNATIONAL = 0.50
#: Fewest persons (in all, and still followed at the horizon) for a cohort estimate of retention.
MIN_PERSONS_RETENTION = 20
#: Share of *domestic* higher-education graduates counted as new supply: those who moved in to
#: study and stay (graduates who grew up in the region are already among the young entrants).
RETENTION_DOMESTIC = 0.35
#: Where graduates of each field of education (ISCED-F) find work: industry weights.
FIELD_INDUSTRIES = {
    "01": {"P": 1.0},
    "02": {"R": 0.6, "J": 0.4},
    "03": {"O": 0.4, "Q": 0.3, "P": 0.3},
    "04": {"G": 0.3, "K": 0.2, "M": 0.2, "N": 0.2, "O": 0.1},
    "05": {"M": 0.6, "E": 0.2, "D": 0.2},
    "06": {"J": 0.8, "M": 0.2},
    "07": {"C": 0.55, "F": 0.2, "D": 0.1, "M": 0.15},
    "08": {"A": 1.0},
    "09": {"Q": 1.0},
    "10": {"I": 0.4, "H": 0.35, "S": 0.25},
}
_AGE_ORDER = (
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85+",
)  # fmt: skip


def project_population(
    population: pd.DataFrame,
    migration: pd.DataFrame,
    region: str,
    horizon: int = 10,
    migration_years: int = 5,
    death_rates: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Cohort-component projection of a region's population by 5-year age group.

    Each year: deaths (:data:`DEATH_RATES`), net migration by age (the average yearly net
    rate of the last ``migration_years`` years in the ``migration`` table, domestic and
    abroad), then ageing (a fifth of each 5-year group moves up). Births are held at the last
    observed level (the 0-4 group divided by 5), which does not touch working ages within 15
    years. ``entrants`` counts the persons reaching 20 in the year (moving from 15-19 to 20-24).

    Returns
    -------
    DataFrame
        Columns ``year, age_group, persons, entrants`` for the base year (observed) and each
        projected year; ``entrants`` is non-zero only on the ``20-24`` rows.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> t = demo.generate(seed=0)
    >>> p = project_population(t["population"], t["migration"], "MK08", horizon=3)
    >>> sorted(int(y) for y in p["year"].unique())
    [2024, 2025, 2026, 2027]
    """
    pop = regions.rows_of(population, region, "population")
    mig = regions.rows_of(migration, region, "migration")
    base_year = int(pop["year"].max())
    stock = pop[pop["year"] == base_year].groupby("age_group")["persons"].sum()
    stock = stock.reindex(_AGE_ORDER, fill_value=0).to_numpy(dtype=float)
    span = range(int(mig["year"].max()) - migration_years + 1, int(mig["year"].max()) + 1)
    flows = (
        mig[mig["year"].isin(span)]
        .pivot_table(
            index="age_group", columns="direction", values="persons", aggfunc="sum", fill_value=0
        )
        .reindex(_AGE_ORDER, fill_value=0)
    )
    denom = pop[pop["year"].isin(span)].groupby("age_group")["persons"].sum()
    denom = denom.reindex(_AGE_ORDER, fill_value=0).to_numpy(dtype=float)
    net = flows.get("in", 0) - flows.get("out", 0)
    net_rate = np.divide(
        np.asarray(net, dtype=float), denom, out=np.zeros(len(_AGE_ORDER)), where=denom > 0
    )
    deaths = np.array([{**DEATH_RATES, **(death_rates or {})}[g] for g in _AGE_ORDER])
    births = stock[0] / 5
    i20 = _AGE_ORDER.index("20-24")
    rows = [(base_year, g, v, 0.0) for g, v in zip(_AGE_ORDER, stock, strict=True)]
    for t in range(1, horizon + 1):
        stock = stock * (1 - deaths) * (1 + net_rate)
        move = stock[:-1] / 5
        entrants = move[i20 - 1]
        stock[:-1] -= move
        stock[1:] += move
        stock[0] += births
        rows += [
            (base_year + t, g, v, entrants if k == i20 else 0.0)
            for k, (g, v) in enumerate(zip(_AGE_ORDER, stock, strict=True))
        ]
    out = pd.DataFrame(rows, columns=["year", "age_group", "persons", "entrants"])
    out.attrs = {**population.attrs, "region": regions.code_of(region), "base_year": base_year}
    return out


def estimate_retention(cohort: pd.DataFrame, region: str, horizon: int = 3) -> float:
    """Share of a region's international graduates still there ``horizon`` years on.

    The Kaplan-Meier estimate from the ``cohort`` microdata, the definition the retention page
    uses (:func:`kokka_analysis.retention.retention_table`; graduates only when the cohort has
    a ``route`` column); falls back to
    :data:`RETENTION_INTERNATIONAL` when fewer than :data:`MIN_PERSONS_RETENTION` persons are in
    the group or still followed at the horizon.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> t = demo.generate(seed=0)
    >>> 0 < estimate_retention(t["cohort"], "MK09") < 1
    True
    """
    from .. import retention

    people = cohort[regions.in_region(cohort["region"], regions.code_of(region))]
    if "route" in people.columns:
        people = people[people["route"] == "graduate"]
    # the assumption needs enough persons followed to the horizon, not the page's rule for
    # publishing each step (a step of 1-4 leavers would otherwise throw away a sound estimate)
    table = retention.retention_table(people, by=[], horizons=(horizon,), min_n=1)
    if len(table) == 0:
        return RETENTION_INTERNATIONAL
    row = table.iloc[0]
    enough = row["n"] >= MIN_PERSONS_RETENTION and row["stayed"] >= MIN_PERSONS_RETENTION
    return float(row["rate"]) if enough and pd.notna(row["rate"]) else RETENTION_INTERNATIONAL


def _industry_weights(base: pd.DataFrame) -> pd.Series:
    """Share of each industry among the young (15-34) workers of the base year."""
    young = base[base["age_group"].isin(["15-24", "25-34"])]
    w = young.groupby("industry")["employed"].sum()
    if w.sum() <= 0:
        w = base.groupby("industry")["employed"].sum()
    return w / w.sum() if w.sum() > 0 else w


def _field_to_industry(per_field: pd.Series, industries: pd.Index, size: pd.Series) -> pd.Series:
    """Distribute graduates by field over industries with :data:`FIELD_INDUSTRIES`."""
    out = pd.Series(0.0, index=industries)
    for field, n in per_field.items():
        weights = pd.Series(FIELD_INDUSTRIES.get(str(field), {}), dtype=float)
        weights = weights[weights.index.isin(industries)]
        if weights.empty or weights.sum() <= 0:
            weights = size  # unknown field: spread like employment
        out = out.add(weights / weights.sum() * n, fill_value=0.0)
    return out


def new_supply(
    employment: pd.DataFrame,
    population: pd.DataFrame,
    migration: pd.DataFrame,
    graduates: pd.DataFrame | None,
    region: str,
    horizon: int = 10,
    retention_international: float = RETENTION_INTERNATIONAL,
    retention_domestic: float = RETENTION_DOMESTIC,
    entry_rate: float = ENTRY_RATE,
    graduate_years: int = 3,
    min_workers: int = MIN_WORKERS,
    projection: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """New labour supply by industry over the horizon.

    - **young_entrants**: persons reaching 20 in each projected year times ``entry_rate``,
      spread over industries like the base year's workers aged 15-34. From the official
      population projection (``projection``: the ``population_projection`` table, Statistics
      Finland's vaenn/14wx; a fifth of the 15-19-year-olds of each projected year reach 20)
      when it has the region, else from kokka's own extrapolation
      (:func:`project_population`: ageing, deaths and net migration by age);
      ``attrs["entrants_source"]`` says which.
    - **graduates_international**: yearly international graduates of the region's
      institutions (average of the last ``graduate_years`` years, all levels) times
      ``retention_international``, times the horizon.
    - **graduates_domestic**: domestic higher-education graduates (bachelor, master,
      doctoral) times ``retention_domestic`` (only those who moved in to study and stay;
      vocational graduates are young residents, already among the entrants).
      Graduates go to industries by field (:data:`FIELD_INDUSTRIES`). A region without
      institutions has no graduate supply.
    - When the graduates table is by maakunta only (Vipunen) and has no rows for a kunta or
      seutukunta, the region gets its maakunta's graduates times its share of the maakunta's
      employed in the base year; ``attrs["graduates_share"]`` and
      ``attrs["graduates_region"]`` say so (otherwise ``graduates_share`` is 1).
    - When the graduates table cannot tell international graduates apart
      (``attrs["international_known"] is False``, e.g. Vipunen's degrees, which have no
      citizenship), every higher-education graduate counts as domestic,
      ``graduates_international`` is 0 and ``attrs["international_known"]`` is False: pages
      must say so rather than report no international graduates.

    Returns
    -------
    DataFrame
        Columns ``industry, young_entrants, graduates_domestic, graduates_international,
        supply, uncertain`` (``supply`` is the sum of the three), largest first. ``attrs``
        carry the parameters.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> t = demo.generate(seed=0)
    >>> s = new_supply(t["employment"], t["population"], t["migration"], t["graduates"], "MK09")
    >>> bool(s["supply"].sum() > 0)
    True
    """
    _check(employment)
    code = regions.code_of(region)
    rows = regions.rows_of(employment, code, "employment")
    base_year = int(rows["year"].max())
    base = rows[rows["year"] == base_year]
    size = base.groupby("industry")["employed"].sum().astype(float)
    industries = size.index
    entrants, source = None, "extrapolation"
    if projection is not None and len(projection):
        entrants = projected_entrants(projection, code, base_year, horizon)
        if entrants is not None:
            source = "projection"
    if entrants is None:
        proj = project_population(population, migration, code, horizon)
        entrants = float(proj["entrants"].sum())
    entrants *= entry_rate
    young = _industry_weights(base).reindex(industries, fill_value=0.0) * entrants
    dom = pd.Series(0.0, index=industries)
    intl = pd.Series(0.0, index=industries)
    grads = None
    intl_known = graduates is None or graduates.attrs.get("international_known", True) is not False
    grads_region, grads_share = code, 1.0
    if graduates is not None:
        found = region_graduates(graduates, employment, code, base_year)
        if found is None:
            log.info("new_supply: no graduates table rows for %s (no institutions)", code)
        else:
            grads, grads_region, grads_share = found
    if grads is not None and len(grads):
        last = int(grads["year"].max())
        recent = grads[grads["year"] > last - graduate_years]
        n_years = recent["year"].nunique()
        is_intl = recent["international"].astype(bool)
        higher = recent["level"].isin(["bachelor", "master", "doctoral"])
        per_int = recent[is_intl].groupby("field")["graduates"].sum() / n_years
        per_dom = recent[~is_intl & higher].groupby("field")["graduates"].sum() / n_years
        intl = _field_to_industry(per_int * horizon * retention_international, industries, size)
        dom = _field_to_industry(per_dom * horizon * retention_domestic, industries, size)
    out = pd.DataFrame(
        {
            "industry": industries.to_numpy(),
            "young_entrants": young.to_numpy(dtype=float),
            "graduates_domestic": dom.reindex(industries).to_numpy(dtype=float),
            "graduates_international": intl.reindex(industries).to_numpy(dtype=float),
        }
    )
    out["supply"] = out[["young_entrants", "graduates_domestic", "graduates_international"]].sum(
        axis=1
    )
    out["uncertain"] = size.to_numpy() < min_workers
    out = out.sort_values("supply", ascending=False, ignore_index=True)
    out.attrs = {
        **employment.attrs,
        "region": code,
        "base_year": base_year,
        "horizon": horizon,
        "retention_international": retention_international,
        "retention_domestic": retention_domestic,
        "entry_rate": entry_rate,
        "international_known": intl_known,
        "graduates_region": grads_region,
        "graduates_share": grads_share,
        "entrants_source": (
            "synthetic_projection"
            if source == "projection" and projection.attrs.get("synthetic", True)
            else source
        ),
        "projection_table": (
            projection.attrs.get("table_id", "") if source == "projection" else ""
        ),  # fmt: skip
    }
    return out


def region_graduates(
    graduates: pd.DataFrame, employment: pd.DataFrame, code: str, base_year: int
) -> tuple[pd.DataFrame, str, float] | None:
    """A region's graduates rows: ``(rows, code, 1.0)``, or, when the table is by maakunta
    only, its share of the maakunta's (:func:`_maakunta_graduates`); None when it has none."""
    try:
        return regions.rows_of(graduates, code, "graduates"), code, 1.0
    except KokkaError:
        return _maakunta_graduates(graduates, employment, code, base_year)


def _maakunta_graduates(
    graduates: pd.DataFrame, employment: pd.DataFrame, code: str, base_year: int
) -> tuple[pd.DataFrame, str, float] | None:
    """A kunta's or seutukunta's share of its maakunta's graduates, when the graduates table
    is by maakunta only: ``(rows scaled by the share, maakunta, share)`` or None."""
    try:
        mk = regions.parent(code, "maakunta").code
    except KokkaError:
        return None
    if mk == code:
        return None
    present = set(graduates["region"].astype(str))
    members = {m.code for lvl in ("kunta", "seutukunta") for m in regions.members(mk, lvl)}
    if present & members or mk not in present:  # by kunta after all, or no maakunta rows
        return None
    emp = employment[employment["year"] == base_year].groupby("region")["employed"].sum()
    if emp.get(mk, 0) <= 0 or code not in emp:
        return None
    share = float(emp[code] / emp[mk])
    rows = graduates[graduates["region"].astype(str) == mk].copy()
    rows["graduates"] = rows["graduates"].astype(float) * share
    return rows, mk, share


def projected_entrants(
    projection: pd.DataFrame, region: str, base_year: int, horizon: int
) -> float | None:
    """Persons reaching 20 in the years ``base_year + 1 ... base_year + horizon`` by the
    population projection: a fifth of each year's 15-19-year-olds (the same rule as
    :func:`project_population`). None when the projection lacks the region or those years.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"region": "R", "year": [2025, 2026], "sex": "male",
    ...                   "age_group": "15-19", "persons": [500.0, 400.0]})
    >>> projected_entrants(p, "R", 2024, 2)
    180.0
    """
    rows = projection[projection["region"] == regions.code_of(region)]
    years = range(base_year + 1, base_year + horizon + 1)
    teen = rows[rows["age_group"] == "15-19"].groupby("year")["persons"].sum()
    if teen.empty or not set(years) <= set(teen.index):
        return None
    return float(teen.reindex(years).sum() / 5)
