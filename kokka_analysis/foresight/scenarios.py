"""Labour gap (openings minus new supply) and its scenarios."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import regions
from ..text import pick, points, source_of
from .engine import EmploymentForecast
from .openings import net_out_migration_rate, openings
from .supply import RETENTION_INTERNATIONAL, new_supply


@dataclass(frozen=True)
class Scenario:
    """A set of assumptions: retention of international graduates and a growth shift.

    ``growth_pp`` shifts the employment forecast by that many percentage points a year
    (negative: slower growth); ``retention_international`` is a share (0-1).
    """

    name: str
    retention_international: float = RETENTION_INTERNATIONAL
    growth_pp: float = 0.0
    label_fi: str = ""
    label_en: str = ""

    def label(self, lang: str = "fi") -> str:
        text = pick(self.label_fi, self.label_en, lang)
        return text or self.name


def default_scenarios(
    retention_international: float = RETENTION_INTERNATIONAL,
    retention_boost_pp: float = 10.0,
    growth_scenarios: Sequence[float] = (-0.5, 0.5),
) -> list[Scenario]:
    """The standard scenario set: baseline, higher retention, slower/faster growth.

    Examples
    --------
    >>> [s.name for s in default_scenarios(0.5, 10, [-0.5, 0.5])]
    ['baseline', 'retention_+10pp', 'growth_-0.5pp', 'growth_+0.5pp']
    """
    r = retention_international
    boosted = min(1.0, r + retention_boost_pp / 100)
    out = [
        Scenario("baseline", r, 0.0, "Perusura", "Baseline"),
        Scenario(
            f"retention_{retention_boost_pp:+g}pp", boosted, 0.0,
            f"Pito {points(retention_boost_pp, 'fi', 1 if retention_boost_pp % 1 else 0)}",
            f"Retention {points(retention_boost_pp, 'en', 1 if retention_boost_pp % 1 else 0)}",
        ),
    ]  # fmt: skip
    for g in growth_scenarios:
        word_fi = "Nopeampi" if g > 0 else "Hitaampi"
        word_en = "Faster" if g > 0 else "Slower"
        out.append(
            Scenario(
                f"growth_{g:+g}pp",
                r,
                float(g),
                f"{word_fi} kasvu ({points(g, 'fi', 1)}/v)",
                f"{word_en} growth ({points(g, 'en', 1)}/yr)",
            )  # fmt: skip
        )
    return out


class LabourGap:
    """Openings, supply and their gap by industry under each scenario.

    Made by :func:`scenario_gap`. ``table`` has one row per scenario and industry:
    ``scenario, industry, openings, supply, gap, uncertain`` (``gap = openings - supply``;
    positive: more openings than new workers).
    """

    def __init__(self, table: pd.DataFrame, scenarios: list[Scenario], region: str):
        self.table = table
        self.scenarios = scenarios
        self.region = region

    def summary(self, *, lang: str | None = None) -> pd.DataFrame:
        """Totals per scenario: ``scenario, openings, supply, gap, retention_international,
        growth_pp``; ``scenario`` is the scenario's name, or its label in ``lang``."""
        tot = self.table.groupby("scenario", sort=False)[["openings", "supply", "gap"]].sum()
        out = tot.reset_index()
        by_name = {s.name: s for s in self.scenarios}
        out["retention_international"] = [
            by_name[n].retention_international * 100 for n in out["scenario"]
        ]
        out["growth_pp"] = [by_name[n].growth_pp for n in out["scenario"]]
        if lang is not None:
            out["scenario"] = [by_name[n].label(lang) for n in out["scenario"]]
        out.attrs = dict(self.table.attrs)
        return out

    def wide(self, *, lang: str | None = None) -> pd.DataFrame:
        """The gap by industry (rows) and scenario (columns: names, or labels in ``lang``),
        largest baseline gap first, with the ``uncertain`` flag."""
        w = self.table.pivot_table(index="industry", columns="scenario", values="gap")
        names = [s.name for s in self.scenarios]
        w = w[names].sort_values(names[0], ascending=False)
        flag = self.table.groupby("industry")["uncertain"].first()
        w.columns = [s.name if lang is None else s.label(lang) for s in self.scenarios]
        out = w.reset_index()
        out["uncertain"] = flag.reindex(out["industry"]).to_numpy()
        out.attrs = dict(self.table.attrs)
        return out

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def plot(self, *, lang: str = "fi", top: int = 10):
        """Gap by industry, one bar per scenario (see :func:`plots.plot_gap_scenarios`)."""
        from ..plots.foresight import plot_gap_scenarios
        from ..text import region_name

        return plot_gap_scenarios(self, region_name(self.region, lang), lang=lang, top=top)

    def findings(self, *, lang: str = "fi") -> str:
        """Sentences on the baseline gap, its range over the scenarios and the industries
        with the largest gaps."""
        from .text import _gap_findings

        return _gap_findings(self, self.region, lang)

    def __repr__(self) -> str:
        n = self.table["industry"].nunique()
        return (
            f"<LabourGap {self.region}: {len(self.scenarios)} scenarios "
            f"{[s.name for s in self.scenarios]} x {n} industries; "
            f"source: {source_of(self.table.attrs)}>"
        )


def scenario_gap(
    forecast: EmploymentForecast,
    employment: pd.DataFrame,
    population: pd.DataFrame,
    migration: pd.DataFrame,
    graduates: pd.DataFrame | None,
    region: str,
    scenarios: Sequence[Scenario] | None = None,
    horizon: int | None = None,
    **kwargs,
) -> LabourGap:
    """Openings minus new supply by industry under each scenario, side by side.

    For each :class:`Scenario`, :func:`openings` (with the scenario's ``growth_pp``) and
    :func:`new_supply` (with its ``retention_international``) are computed over the same
    horizon; further keyword arguments go to both where they fit (``exit_rates``,
    ``migration_rate``, ``retention_domestic``, ``entry_rate``, ``min_workers``,
    ``projection``). Higher
    retention only adds supply, so it never widens the gap.

    Returns
    -------
    LabourGap

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> from kokka_analysis.foresight import forecast_employment
    >>> t = demo.generate(seed=0)
    >>> fc = forecast_employment(t["employment"], "KU489", horizon=5, models=["drift"])
    >>> gap = scenario_gap(fc, t["employment"], t["population"], t["migration"],
    ...                    t["graduates"], "KU489")
    >>> gap.summary(lang="en")["scenario"].tolist()[:2]
    ['Baseline', 'Retention +10\\xa0pp']
    """
    code = regions.code_of(region)
    scen = list(scenarios) if scenarios is not None else default_scenarios()
    h = int(horizon or forecast.settings["horizon"])
    op_keys = {"exit_rates", "migration_rate", "min_workers"}
    sup_keys = {"retention_domestic", "entry_rate", "graduate_years", "min_workers", "projection"}
    unknown = set(kwargs) - op_keys - sup_keys
    if unknown:
        raise TypeError(f"scenario_gap: unexpected arguments {sorted(unknown)}")
    op_kw = {k: v for k, v in kwargs.items() if k in op_keys}
    sup_kw = {k: v for k, v in kwargs.items() if k in sup_keys}
    if "migration_rate" not in op_kw:
        op_kw["migration_rate"] = net_out_migration_rate(population, migration, code)
    frames = []
    supply_cache: dict[float, pd.DataFrame] = {}
    for s in scen:
        op = openings(employment, code, forecast, h, growth_pp=s.growth_pp, **op_kw)
        if s.retention_international not in supply_cache:
            supply_cache[s.retention_international] = new_supply(
                employment, population, migration, graduates, code, h,
                retention_international=s.retention_international, **sup_kw,
            )  # fmt: skip
        sup = supply_cache[s.retention_international]
        m = op[["industry", "openings", "uncertain"]].merge(
            sup[["industry", "supply"]], on="industry", how="outer"
        )
        m[["openings", "supply"]] = m[["openings", "supply"]].fillna(0.0)
        m["uncertain"] = m["uncertain"].fillna(True).astype(bool)
        m["gap"] = m["openings"] - m["supply"]
        m.insert(0, "scenario", s.name)
        frames.append(m[["scenario", "industry", "openings", "supply", "gap", "uncertain"]])
    table = pd.concat(frames, ignore_index=True)
    known = all(s.attrs.get("international_known", True) for s in supply_cache.values())
    table.attrs = {**employment.attrs, "region": code, "horizon": h, "international_known": known}
    return LabourGap(table, scen, code)


@dataclass(frozen=True)
class RetentionBoost:
    """What raising one field's retention of international graduates would do to the gap.

    Made by :func:`retention_boost`. ``extra`` is the added workers over the horizon by
    industry; ``gap`` the baseline gap of the same industries; ``closed_pct`` the share of the
    positive baseline gap in those industries that the added workers would fill (each
    industry's contribution capped at its own gap), or None when those industries have no gap.
    """

    field: str
    boost_pp: float
    horizon: int
    graduates_per_year: float
    extra: pd.Series
    gap: pd.Series
    closed_pct: float | None

    @property
    def industries(self) -> list[str]:
        """The industries the field's graduates go to, largest share first."""
        return list(self.extra[self.extra > 0].sort_values(ascending=False).index)


def retention_boost(
    gap: LabourGap,
    employment: pd.DataFrame,
    graduates: pd.DataFrame,
    field: str,
    boost_pp: float = 10.0,
    graduate_years: int = 3,
) -> RetentionBoost | None:
    """The baseline gap closed by raising retention of international graduates of ``field``.

    The added supply is counted as :func:`new_supply` counts graduates: the field's yearly
    international graduates of the region's institutions (mean of the last ``graduate_years``
    years, the maakunta's share for a kunta or seutukunta) times ``boost_pp / 100`` times the
    horizon, spread over industries by :data:`FIELD_INDUSTRIES`. As in the scenario, retention
    cannot pass 100 %: the raise is at most ``1 -`` the baseline scenario's retention. Summed
    over every field it is exactly the supply the ``retention +boost`` scenario adds. None when
    the graduates table cannot tell international graduates apart or has no rows for the
    region. ``boost_pp`` must be positive.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> from kokka_analysis.foresight import forecast_employment
    >>> t = demo.generate(seed=0)
    >>> fc = forecast_employment(t["employment"], "MK09", horizon=10, models=["drift"])
    >>> g = scenario_gap(fc, t["employment"], t["population"], t["migration"], t["graduates"],
    ...                  "MK09")
    >>> b = retention_boost(g, t["employment"], t["graduates"], "06")
    >>> b.industries
    ['J', 'M']
    """
    from .supply import _field_to_industry, region_graduates

    if not boost_pp > 0:
        raise ValueError(f"retention_boost: boost_pp must be positive, got {boost_pp}.")
    raise_by = min(boost_pp / 100, max(1.0 - gap.scenarios[0].retention_international, 0.0))
    if graduates is None or graduates.attrs.get("international_known", True) is False:
        return None
    code = gap.region
    h = int(gap.table.attrs["horizon"])
    rows = regions.rows_of(employment, code, "employment")
    base_year = int(rows["year"].max())
    size = rows[rows["year"] == base_year].groupby("industry")["employed"].sum().astype(float)
    found = region_graduates(graduates, employment, code, base_year)
    if found is None:
        return None
    grads = found[0]
    last = int(grads["year"].max())
    recent = grads[grads["year"] > last - graduate_years]
    mine = recent[recent["international"].astype(bool) & (recent["field"].astype(str) == field)]
    per_year = float(mine["graduates"].sum()) / max(recent["year"].nunique(), 1)
    extra = _field_to_industry(pd.Series({field: per_year * h * raise_by}), size.index, size)
    base = gap.table[gap.table["scenario"] == gap.scenarios[0].name].set_index("industry")["gap"]
    base = base.reindex(extra.index, fill_value=0.0)
    served = extra > 0
    need = base.where(served & (base > 0), 0.0)
    closed = None
    if need.sum() > 0:
        closed = float(np.minimum(extra, need).sum() / need.sum() * 100)
    return RetentionBoost(field, raise_by * 100, h, per_year, extra[served], base[served], closed)
