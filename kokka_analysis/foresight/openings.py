"""Openings: expansion demand plus replacement demand (retirement, net out-migration)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import regions
from ..errors import KokkaError
from ._common import MIN_WORKERS, _check
from .engine import EmploymentForecast, forecast_employment

#: Yearly rates of leaving work for retirement by age band (share of the band's workers).
#: Illustrative defaults shaped on Finnish retirement (average effective retirement age about
#: 64, a few leave working life earlier on disability pension, few work past 70); replace them
#: with the Finnish Centre for Pensions' (ETK) exit rates for real use. Workers also age: each
#: year a tenth of a 10-year band moves to the next one, and everyone leaves after 74.
EXIT_RATES: dict[str, float] = {
    "15-24": 0.0,
    "25-34": 0.0,
    "35-44": 0.002,
    "45-54": 0.006,
    "55-64": 0.07,
    "65-74": 0.30,
}
_BANDS = tuple(EXIT_RATES)
#: Working ages whose net migration counts as workers leaving (replacement demand).
_WORKER_MIGRATION_AGES = ("25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64")


def _exits(stock: np.ndarray, horizon: int, exit_rates: np.ndarray, migration_rate: float):
    """Retirement and migration exits of a workforce (industries x age bands) over the horizon.

    No entrants: this is the replacement need of the *current* workforce.
    """
    stock = stock.astype(float).copy()
    retire = np.zeros(stock.shape[0])
    migrate = np.zeros(stock.shape[0])
    out_rate = max(migration_rate, 0.0)
    for _ in range(horizon):
        r = stock * exit_rates[None, :]
        stock = stock - r
        m = stock * out_rate
        stock = stock - m
        ageing = stock / 10.0
        stock = stock - ageing
        stock[:, 1:] += ageing[:, :-1]
        retire += r.sum(axis=1) + ageing[:, -1]  # past 74 everyone has left
        migrate += m.sum(axis=1)
    return retire, migrate


def net_out_migration_rate(
    population: pd.DataFrame, migration: pd.DataFrame, region: str, years: int = 5
) -> float:
    """Average yearly net out-migration of working-age people (25-64) as a share of them.

    Positive: the region loses working-age residents; negative: it gains them. From the
    ``migration`` (in minus out, domestic and abroad) and ``population`` tables over the last
    ``years`` years.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> t = demo.generate(seed=0)
    >>> -0.05 < net_out_migration_rate(t["population"], t["migration"], "MK08") < 0.05
    True
    """
    pop = regions.rows_of(population, region, "population")
    mig = regions.rows_of(migration, region, "migration")
    last = int(mig["year"].max())
    span = range(last - years + 1, last + 1)
    mig = mig[mig["year"].isin(span) & mig["age_group"].isin(_WORKER_MIGRATION_AGES)]
    pop = pop[pop["year"].isin(span) & pop["age_group"].isin(_WORKER_MIGRATION_AGES)]
    flows = mig.groupby("direction")["persons"].sum()
    net_out = float(flows.get("out", 0) - flows.get("in", 0))
    persons = float(pop["persons"].sum())
    return net_out / persons if persons > 0 else 0.0


def openings(
    employment: pd.DataFrame,
    region: str,
    forecast: EmploymentForecast | None = None,
    horizon: int | None = None,
    exit_rates: dict[str, float] | None = None,
    migration_rate: float | None = None,
    population: pd.DataFrame | None = None,
    migration: pd.DataFrame | None = None,
    growth_pp: float = 0.0,
    min_workers: int = MIN_WORKERS,
) -> pd.DataFrame:
    """Job openings by industry over the horizon: expansion demand plus replacement demand.

    As in the skills forecasts of Cedefop and the Finnish Education Evaluation Centre:
    ``openings = max(expansion + replacement, 0)`` with ``replacement = retirement +
    migration``: when an industry shrinks faster than its workers retire or move away, it
    opens no jobs (not a negative number of them), and ``expansion`` keeps its sign.

    - **expansion**: forecast employment at the end of the horizon minus the last observed
      year (negative in a shrinking industry), from ``forecast`` (a
      :func:`forecast_employment` result; made with the defaults when not given), optionally
      shifted by ``growth_pp`` percentage points of growth a year (a scenario).
    - **retirement**: exits of the last observed year's workforce of each industry by its age
      structure, with yearly :data:`EXIT_RATES` by age band and ageing across bands.
    - **migration**: workers leaving with the region's net out-migration of working-age
      people (``migration_rate`` a year, estimated with :func:`net_out_migration_rate` from
      ``population`` and ``migration`` when those are given, else 0). Net in-migration
      does not reduce demand (it is supply); only a net loss counts here.

    Parameters
    ----------
    employment
        The tidy ``employment`` table (not changed), with age groups.
    region
        A region code.
    horizon
        Years ahead (default: the forecast's horizon, else 10).

    Returns
    -------
    DataFrame
        Columns ``industry, employed_base, employed_end, expansion, retirement, migration,
        replacement, openings, uncertain``; largest openings first. ``uncertain`` marks
        industries with fewer than ``min_workers`` employed in the base year. ``attrs`` are
        the employment table's plus ``base_year``, ``horizon``, ``migration_rate``.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> from kokka_analysis.foresight import forecast_employment
    >>> t = demo.generate(seed=0)
    >>> fc = forecast_employment(t["employment"], "KU489", horizon=5, models=["drift"])
    >>> op = openings(t["employment"], "KU489", fc)
    >>> total = (op["expansion"] + op["replacement"]).clip(lower=0)
    >>> bool((op["openings"] - total).abs().max() < 1e-9)
    True
    """
    _check(employment)
    code = regions.code_of(region)
    if forecast is None:
        forecast = forecast_employment(employment, code, horizon=horizon or 10)
    h = int(horizon or forecast.settings["horizon"])
    if h > forecast.settings["horizon"]:
        raise KokkaError(
            f"openings: horizon {h} is longer than the forecast's ({forecast.settings['horizon']})."
        )
    rates = {**EXIT_RATES, **(exit_rates or {})}
    if migration_rate is None:
        migration_rate = (
            net_out_migration_rate(population, migration, code)
            if population is not None and migration is not None
            else 0.0
        )
    rows = regions.rows_of(employment, code, "employment")
    base_year = int(rows["year"].max())
    base = rows[rows["year"] == base_year]
    stock = base.pivot_table(
        index="industry", columns="age_group", values="employed", aggfunc="sum", fill_value=0
    ).reindex(columns=list(rates), fill_value=0)
    retire, migrate = _exits(
        stock.to_numpy(), h, np.array(list(rates.values())), float(migration_rate)
    )
    fc = forecast.forecasts
    fc = fc[(fc["region"] == code) & (fc["period"] == base_year + h)].set_index("industry")
    employed_base = stock.sum(axis=1)
    end = fc["mean"].reindex(stock.index).fillna(employed_base) * (1 + growth_pp / 100) ** h
    out = pd.DataFrame(
        {
            "industry": stock.index.to_numpy(),
            "employed_base": employed_base.to_numpy(dtype=float),
            "employed_end": end.to_numpy(dtype=float),
        }
    )
    out["expansion"] = out["employed_end"] - out["employed_base"]
    out["retirement"] = retire
    out["migration"] = migrate
    out["replacement"] = out["retirement"] + out["migration"]
    # a shrinking industry whose contraction exceeds its replacement need opens no jobs: total
    # openings are floored at zero, while expansion stays signed (as in Cedefop's forecasts)
    out["openings"] = np.maximum(out["expansion"] + out["replacement"], 0.0)
    out["uncertain"] = out["employed_base"] < min_workers
    out = out.sort_values("openings", ascending=False, ignore_index=True)
    out.attrs = {
        **employment.attrs,
        "region": code,
        "base_year": base_year,
        "horizon": h,
        "migration_rate": float(migration_rate),
        "growth_pp": growth_pp,
    }
    return out
