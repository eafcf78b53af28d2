"""Foresight of labour demand and supply by industry.

Works on the tidy ``employment`` table (DESIGN section 4: region, year, industry as a TOL 2008
letter, age_group, employed), which has rows for kunta, seutukunta and maakunta codes.

Modules (every public name is importable from ``kokka_analysis.foresight``):

- :mod:`.structure` -- industry shares and change, shift-share, vacancies per jobseeker,
  the Beveridge curve;
- :mod:`.engine` -- candidate models, rolling-origin backtests, forecasts and the
  :class:`EmploymentForecast` result;
- :mod:`.openings` -- expansion demand plus replacement demand (retirement, out-migration);
- :mod:`.supply` -- young entrants from a population projection and retained graduates;
- :mod:`.scenarios` -- the gap between openings and supply under scenarios (:class:`LabourGap`);
- :mod:`.text` -- the assumptions table, column headers and the findings sentences.

Examples
--------
>>> from kokka_analysis.sources import demo
>>> emp = demo.generate(seed=0)["employment"]
>>> industry_shares(emp, "MK09", years=[2024])["share_pct"].sum().round(6)
np.float64(100.0)
"""

from __future__ import annotations

from ._common import MIN_WORKERS
from .engine import (  # noqa: F401  (tests)
    MODELS,
    Backtest,
    EmploymentForecast,
    _arima110,
    _drift,
    _ets_damped_variance,
    _reference,
    backtest,
    forecast,
    forecast_employment,
)
from .openings import EXIT_RATES, net_out_migration_rate, openings
from .scenarios import (
    LabourGap,
    RetentionBoost,
    Scenario,
    default_scenarios,
    retention_boost,
    scenario_gap,
)
from .structure import (
    beveridge_curve,
    industry_change,
    industry_shares,
    shift_share,
    shift_share_note,
    vacancy_ratios,
)
from .supply import (
    DEATH_RATES,
    ENTRY_RATE,
    FIELD_INDUSTRIES,
    MIN_PERSONS_RETENTION,
    RETENTION_DOMESTIC,
    RETENTION_INTERNATIONAL,
    estimate_retention,
    new_supply,
    project_population,
    projected_entrants,
)
from .text import (
    COLUMN_LABELS,
    accuracy_findings,
    assumptions_table,
    industry_change_findings,
    openings_findings,
    supply_findings,
    vacancy_ratio_findings,
)

__all__ = [
    "Backtest",
    "COLUMN_LABELS",
    "DEATH_RATES",
    "ENTRY_RATE",
    "EXIT_RATES",
    "EmploymentForecast",
    "FIELD_INDUSTRIES",
    "LabourGap",
    "RetentionBoost",
    "MIN_PERSONS_RETENTION",
    "MIN_WORKERS",
    "MODELS",
    "RETENTION_DOMESTIC",
    "RETENTION_INTERNATIONAL",
    "Scenario",
    "accuracy_findings",
    "industry_change_findings",
    "assumptions_table",
    "backtest",
    "beveridge_curve",
    "default_scenarios",
    "industry_shares",
    "estimate_retention",
    "forecast",
    "forecast_employment",
    "industry_change",
    "net_out_migration_rate",
    "new_supply",
    "openings",
    "openings_findings",
    "project_population",
    "projected_entrants",
    "retention_boost",
    "scenario_gap",
    "shift_share",
    "shift_share_note",
    "vacancy_ratio_findings",
    "vacancy_ratios",
    "supply_findings",
]
