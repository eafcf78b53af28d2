"""Random-variation intervals of the key figures: hand examples and coverage by simulation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kokka_analysis import indicators, uncertainty

REPS = 20_000


def _covered(low, high, truth) -> float:
    return float(np.mean((low <= truth) & (truth <= high)))


def test_wilson_matches_the_formula_by_hand():
    k, n, z = 50, 1000, uncertainty.Z95
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    low, high = uncertainty.proportion_interval(k, n)
    assert low == pytest.approx(centre - half, rel=1e-9)
    assert high == pytest.approx(centre + half, rel=1e-9)


def test_ratio_and_net_intervals_by_hand():
    low, high = uncertainty.ratio_interval(400, 1000)
    half = uncertainty.Z95 * math.sqrt(1 / 400 + 1 / 1000)
    assert (low, high) == pytest.approx((0.4 * math.exp(-half), 0.4 * math.exp(half)))
    low, high = uncertainty.net_rate_interval(120, 150, 10_000)
    half = uncertainty.Z95 * math.sqrt(270.5) / 10
    assert (low, high) == pytest.approx((-3 - half, -3 + half))
    assert np.isnan(uncertainty.ratio_interval(0, 10)[0])
    assert np.isnan(uncertainty.net_rate_interval(1, 2, 0)[0])


@pytest.mark.parametrize("n,p", [(30, 0.1), (200, 0.03), (2000, 0.25), (50_000, 0.05)])
def test_wilson_coverage_by_simulation(n, p):
    k = np.random.default_rng(n).binomial(n, p, REPS)
    cover = _covered(*uncertainty.proportion_interval(k, n), p)
    assert 0.935 <= cover <= 0.985, cover
    if n >= 2000:
        assert abs(cover - 0.95) < 0.006, cover


@pytest.mark.parametrize("a,b", [(5, 20), (30, 100), (1000, 3000), (15_000, 40_000)])
def test_ratio_coverage_by_simulation(a, b):
    rng = np.random.default_rng(a)
    low, high = uncertainty.ratio_interval(rng.poisson(a, REPS), rng.poisson(b, REPS))
    cover = _covered(low, high, a / b)  # a NaN interval (a zero count) counts as a miss
    assert 0.935 <= cover <= 0.975, cover
    if a >= 30:
        assert abs(cover - 0.95) < 0.006, cover


@pytest.mark.parametrize(
    "a,b",
    [(10, 10), (19.6, 0.4), (18, 2), (14, 6), (1, 29), (20, 30), (120, 150), (2000, 2100)],
)
def test_net_migration_coverage_by_simulation(a, b):
    """At least 94 % once 20 moves are expected, however unequal the flows; the pages give
    no interval under MIN_MOVES seen moves."""
    assert a + b >= uncertainty.MIN_MOVES
    rng = np.random.default_rng(int(a * 10))
    base = 1000
    low, high = uncertainty.net_rate_interval(rng.poisson(a, REPS), rng.poisson(b, REPS), base)
    cover = _covered(low, high, (a - b) / base * 1000)
    assert cover >= 0.94, cover
    if a >= 20:
        assert abs(cover - 0.95) < 0.006, cover


def test_few_moves_get_no_interval():
    mig = pd.DataFrame({"region": "KU285", "year": 2024, "direction": ["in", "out"],
                        "counterpart": "domestic", "sex": "male", "age_group": "20-24",
                        "background": "finnish", "persons": [6, 9]})  # fmt: skip
    pop = pd.DataFrame({"region": "KU285", "year": 2024, "age_group": ["20-24", "70-74"],
                        "sex": "male", "background": "finnish", "language_group": "fi",
                        "persons": [800, 400]})  # fmt: skip
    ci = uncertainty.key_figure_intervals({"population": pop, "migration": mig}, "KU285", 2024)
    row = ci.set_index("indicator").loc["net_domestic_migration_20_34_per_1000"]
    assert row["value"] == pytest.approx(-3 / 800 * 1000) and np.isnan(row["ci_low"])
    assert uncertainty.interval_text(row, 1, "en") == "too few moves for an interval"


def test_key_figure_intervals_rest_on_the_regions_counts(demo_tables):
    t = demo_tables
    ci = uncertainty.key_figure_intervals(t, "KU285", 2024).set_index("indicator")
    panel = indicators.indicator_panel(t, only=["KU285"])
    row = panel[panel["year"] == 2024].iloc[0]
    for key in indicators.INDICATORS:
        assert ci.loc[key, "value"] == pytest.approx(row[key], nan_ok=True)
        if ci.loc[key, "method"] not in ("register_total",):
            assert ci.loc[key, "ci_low"] <= row[key] <= ci.loc[key, "ci_high"], key
        else:
            assert np.isnan(ci.loc[key, "ci_low"])
    # the share's interval from the counts, recomputed here
    pop = t["population"]
    pop = pop[(pop["region"] == "KU285") & (pop["year"] == 2024)]
    k = pop.loc[pop["background"] == "foreign", "persons"].sum()
    low, high = uncertainty.proportion_interval(k, pop["persons"].sum())
    assert ci.loc["foreign_background_share_pct", "ci_low"] == pytest.approx(low * 100)
    assert ci.loc["foreign_background_share_pct", "ci_high"] == pytest.approx(high * 100)
    # the monthly range of vacancies per jobseeker
    lm = t["labour_market"]
    lm = lm[(lm["region"] == "KU285") & (pd.to_datetime(lm["month"]).dt.year == 2024)]
    m = lm.groupby("month")[["vacancies", "jobseekers"]].sum()
    ratios = m["vacancies"] / m["jobseekers"]
    assert ci.loc["vacancies_per_jobseeker", "ci_low"] == pytest.approx(ratios.min())
    assert ci.loc["vacancies_per_jobseeker", "ci_high"] == pytest.approx(ratios.max())
    # a small kunta's interval is wider than its maakunta's
    mk = uncertainty.key_figure_intervals(t, "MK08", 2024).set_index("indicator")
    key = "net_domestic_migration_20_34_per_1000"
    assert (ci.loc[key, "ci_high"] - ci.loc[key, "ci_low"]) > (
        mk.loc[key, "ci_high"] - mk.loc[key, "ci_low"]
    )


def test_key_figures_table_shows_the_interval_column(demo_tables):
    t = indicators.key_figures_table(demo_tables, "MK09", 2024, lang="en", intervals=True)
    col = t["Uncertainty"].tolist()
    assert col[0] == "register total" and col[-1].startswith("monthly range ")
    assert col[1].startswith("95 %: ") and "…" in col[1]
    fi = indicators.key_figures_table(demo_tables, "MK09", 2024, lang="fi", intervals=True)
    assert fi["Epävarmuus"].iloc[0] == "rekisterin kokonaismäärä"
    assert "Uncertainty" not in indicators.key_figures_table(demo_tables, "MK09", 2024)
