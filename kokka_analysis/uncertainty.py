"""How much a key figure could differ by chance: random-variation intervals for register figures.

Register figures (residents, moves, employed) are complete counts, so they carry no sampling
error. A rate of a small region still moves from year to year by chance alone: 12 moves out of
a kunta one year and 18 the next need not mean anything changed. The intervals here treat each
count as the outcome of a random process around an underlying rate (the convention of
small-area statistics, e.g. public-health indicators) and say how far the figure could lie from
that rate by chance, at 95 %:

``wilson``
    A share of residents (foreign background, aged 65+): the Wilson score interval of a
    binomial proportion (statsmodels ``proportion_confint``).
``log_ratio``
    A ratio of two counts (old-age dependency: persons 65+ per 100 aged 15-64): both counts
    Poisson, the interval of the log ratio, ``exp(log(a/b) ± z sqrt(1/a + 1/b))``.
``skellam``
    Net migration per 1,000: in-migrants and out-migrants independent Poisson counts, so the
    net count has variance ``in + out`` (a Skellam difference); the normal interval
    ``net ± z sqrt(in + out + 0.5)``, divided by the population at risk. Measured coverage
    is at least 94 % when 20 or more moves are expected, however unequal the in- and
    out-flows (2-50 % in one direction); with fewer it falls to 77-92 % for unequal flows, so
    no interval is given when fewer than :data:`MIN_MOVES` moves were seen.
``register_total``
    Residents and employed persons: the count itself, no interval.
``monthly_range``
    Vacancies per jobseeker: a mean of monthly stocks, which are not independent events, so no
    interval is computed; the lowest and highest monthly ratio of the year show its seasonal
    spread (not a chance variation: it does not shrink with the region's size).

Shares and ratios of very few events (an expected count of 1-2) have intervals of poorer
coverage (Wilson about 92 %); the populations behind the key figures have hundreds.

The coverage of each interval is measured by simulation in the tests (counts drawn from known
rates, the share of intervals covering the truth), for the region sizes the pages show.

Examples
--------
>>> low, high = proportion_interval(50, 1000)
>>> round(low, 4), round(high, 4)
(0.0381, 0.0653)
>>> [round(x, 1) for x in net_rate_interval(120, 150, 10_000)]
[-6.2, 0.2]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import indicators, regions
from .text import number, pick

Z95 = 1.959963984540054
#: Added to the variance of a net count (see the module notes).
SKELLAM_ADD = 0.5
#: Fewest moves (in + out) for a net-migration interval (see the module notes).
MIN_MOVES = 20

#: How each key figure's uncertainty is computed (a key of :data:`indicators.INDICATORS` each).
METHODS = {
    "population": "register_total",
    "foreign_background_share_pct": "wilson",
    "foreign_language_share_pct": "wilson",
    "age_65_plus_share_pct": "wilson",
    "old_age_dependency_ratio": "log_ratio",
    "net_migration_per_1000": "skellam",
    "net_domestic_migration_20_34_per_1000": "skellam",
    "employed": "register_total",
    "vacancies_per_jobseeker": "monthly_range",
}


def proportion_interval(k, n, z: float = Z95):
    """Wilson score interval of ``k`` out of ``n`` (shares 0-1; NaN where ``n`` is 0)."""
    from statsmodels.stats.proportion import proportion_confint

    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    has = n > 0
    alpha = 2 * (1 - _norm_cdf(z))
    low, high = proportion_confint(k, np.where(has, n, 1), alpha=alpha, method="wilson")
    return _out(np.where(has, low, np.nan), np.where(has, high, np.nan))


def ratio_interval(a, b, z: float = Z95):
    """Interval of the ratio ``a / b`` of two Poisson counts (log scale; NaN if either is 0)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    ok = (a > 0) & (b > 0)
    sa, sb = np.where(ok, a, 1.0), np.where(ok, b, 1.0)
    half = z * np.sqrt(1 / sa + 1 / sb)
    r = sa / sb
    return _out(np.where(ok, r * np.exp(-half), np.nan), np.where(ok, r * np.exp(half), np.nan))


def net_rate_interval(inflow, outflow, base, per: float = 1000.0, z: float = Z95):
    """Interval of net migration ``(inflow - outflow) / base * per`` (Skellam, normal)."""
    i, o, b = (np.asarray(x, dtype=float) for x in (inflow, outflow, base))
    ok = b > 0
    net = (i - o) / np.where(ok, b, 1.0) * per
    half = z * np.sqrt(i + o + SKELLAM_ADD) / np.where(ok, b, 1.0) * per
    return _out(np.where(ok, net - half, np.nan), np.where(ok, net + half, np.nan))


def _out(low: np.ndarray, high: np.ndarray):
    """Floats for scalar input, arrays otherwise."""
    if np.ndim(low) == 0:
        return float(low), float(high)
    return low, high


def _norm_cdf(z: float) -> float:
    from math import erf, sqrt

    return 0.5 * (1 + erf(z / sqrt(2)))


def key_figure_intervals(tables: dict[str, pd.DataFrame], region: str, year: int) -> pd.DataFrame:
    """The 95 % random-variation interval of each key figure of ``region`` in ``year``.

    Returns
    -------
    DataFrame
        One row per key of :data:`indicators.INDICATORS`: ``indicator``, ``value``,
        ``ci_low``, ``ci_high`` (in the figure's unit; NaN where there is none) and
        ``method`` (see the module notes).
    """
    code = regions.code_of(region)
    counts = _counts(tables, code, year)
    panel = indicators.indicator_panel(tables, only=[code])
    row = panel[panel["year"] == year]
    value = row.iloc[0] if len(row) else pd.Series(dtype=float)
    out = []
    for key, method in METHODS.items():
        low = high = np.nan
        c = counts
        if method == "wilson":
            k = {"foreign_background_share_pct": "foreign",
                 "foreign_language_share_pct": "other_lang",
                 "age_65_plus_share_pct": "old"}[key]  # fmt: skip
            lo, hi = proportion_interval(c.get(k, np.nan), c.get("all", 0))
            low, high = float(lo) * 100, float(hi) * 100
        elif method == "log_ratio":
            lo, hi = ratio_interval(c.get("old", 0), c.get("working", 0))
            low, high = float(lo) * 100, float(hi) * 100
        elif method == "skellam":
            pre = "young_" if key.endswith("_20_34_per_1000") else ""
            base = c.get("young" if pre else "all", 0)
            if f"{pre}in" in c and c[f"{pre}in"] + c[f"{pre}out"] >= MIN_MOVES:
                lo, hi = net_rate_interval(c[f"{pre}in"], c[f"{pre}out"], base)
                low, high = float(lo), float(hi)
        elif method == "monthly_range":
            low, high = c.get("ratio_min", np.nan), c.get("ratio_max", np.nan)
        out.append((key, float(value.get(key, np.nan)), low, high, method))
    return pd.DataFrame(out, columns=["indicator", "value", "ci_low", "ci_high", "method"])


def _counts(tables: dict[str, pd.DataFrame], code: str, year: int) -> dict[str, float]:
    """The counts behind the key figures of one region and year."""
    pop = tables["population"]
    pop = pop[(pop["region"].astype(str) == code) & (pop["year"] == year)]
    lower, upper = indicators._bounds_per_row(pop["age_group"])
    p = pop["persons"].astype(float)
    c = {
        "all": p.sum(),
        "foreign": p[pop["background"] == "foreign"].sum(),
        "other_lang": p[pop["language_group"] == "other"].sum(),
        "old": p[lower >= 65].sum(),
        "working": p[(lower >= 15) & (upper < 65)].sum(),
        "young": p[(lower >= 20) & (upper <= 34)].sum(),
    }
    mig = tables.get("migration")
    if mig is not None:
        m = mig[(mig["region"].astype(str) == code) & (mig["year"] == year)]
        if len(m):
            mlow, mup = indicators._bounds_per_row(m["age_group"])
            young = ((m["counterpart"] == "domestic") & (mlow >= 20) & (mup <= 34)).to_numpy()
            into = (m["direction"] == "in").to_numpy()
            persons = m["persons"].to_numpy(dtype=float)
            c["in"], c["out"] = persons[into].sum(), persons[~into].sum()
            c["young_in"] = persons[into & young].sum()
            c["young_out"] = persons[~into & young].sum()
    lm = tables.get("labour_market")
    if lm is not None:
        rows = lm[lm["region"].astype(str) == code]
        rows = rows[pd.to_datetime(rows["month"]).dt.year == year]
        if len(rows):
            monthly = rows.groupby("month")[["vacancies", "jobseekers"]].sum()
            ratio = monthly["vacancies"] / monthly["jobseekers"].where(monthly["jobseekers"] > 0)
            c["ratio_min"], c["ratio_max"] = float(ratio.min()), float(ratio.max())
    return c


def interval_text(row, decimals: int, lang: str) -> str:
    """One row of :func:`key_figure_intervals` as page text (``[a–b]``, the monthly range,
    or a dash for a register total)."""
    if row["method"] == "register_total":
        return pick("rekisterin kokonaismäärä", "register total", lang)
    if pd.isna(row["ci_low"]) or pd.isna(row["ci_high"]):
        if row["method"] == "skellam" and pd.notna(row["value"]):
            return pick("liian vähän muuttoja väliin", "too few moves for an interval", lang)
        return "–"
    d = max(decimals, 1) if row["method"] != "monthly_range" else decimals
    span = f"{number(row['ci_low'], lang, d)} … {number(row['ci_high'], lang, d)}"
    if row["method"] == "monthly_range":
        return pick(f"kuukausivaihtelu {span}", f"monthly range {span}", lang)
    return f"95 %: {span}"


def definition_text(lang: str) -> str:
    """What the interval column means (for the page)."""
    return pick(
        "Rekisteriluvut ovat kokonaismääriä, joten niissä ei ole otantavirhettä. Väli kertoo, "
        "kuinka paljon luku voisi vaihdella pelkän sattuman vuoksi alueella, jonka koko on "
        "tämä (95 %): osuuksille Wilsonin väli, vanhushuoltosuhteelle kahden Poisson-luvun "
        "suhteen väli ja nettomuutolle tulo- ja lähtömuuton Poisson-vaihtelusta laskettu väli "
        "(vähintään 20 muuttoa). Avoimille työpaikoille työnhakijaa kohden näytetään vuoden "
        "pienin ja suurin kuukausiarvo: se on kausivaihtelua, ei sattuman vaihteluväli. "
        "Välien kattavuus on mitattu simuloimalla.",
        "Register figures are complete counts, so they carry no sampling error. The interval "
        "says how much the figure could vary by chance alone in a region of this size (95 %): "
        "the Wilson interval for shares, the interval of a ratio of two Poisson counts for the "
        "old-age dependency ratio and, for net migration, the Poisson variation of in- and "
        "out-migration (at least 20 moves). For vacancies per jobseeker the year's lowest and "
        "highest monthly value are shown: a seasonal spread, not a range of chance variation. "
        "The intervals' coverage is measured by simulation.",
        lang,
    )
