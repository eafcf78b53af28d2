import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from kokka_analysis import retention
from kokka_analysis.errors import DataFormatError

COLUMNS = ["horizon", "n", "stayed", "rate", "ci_low", "ci_high", "suppressed"]


@pytest.fixture
def six():
    """Six persons; durations 1 (left), 3 (left), 2 (censored), 9, 4 (left), 4 (censored)."""
    return pd.DataFrame(
        {
            "person_id": list("ABCDEF"),
            "start_year": [2015, 2015, 2015, 2015, 2016, 2020],
            "end_year": [2016, 2018, 2017, 2024, 2020, 2024],
            "left": [True, True, False, False, True, False],
        }
    )


def _wilson_by_hand(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


def test_hand_computed_rates_on_six_persons(six):
    out = retention.retention_table(six, by=[], horizons=(1, 3, 5), min_n=1)
    assert out.columns.tolist() == COLUMNS
    # h=1: A left by 1, all six observed >= 1 year or left -> 5 / 6.
    # h=3: A, B left by 3; C censored at 2 is not counted; D, E, F stayed -> 3 / 5.
    # h=5: A, B, E left by 5; C and F censored; D stayed -> 1 / 4.
    assert out["horizon"].tolist() == [1, 3, 5]
    assert out["n"].tolist() == [6, 5, 4]
    assert out["stayed"].tolist() == [5, 3, 1]
    np.testing.assert_allclose(out["rate"], [5 / 6, 3 / 5, 1 / 4])
    assert not out["suppressed"].any()


def test_wilson_interval_matches_statsmodels_and_hand_formula(six):
    out = retention.retention_table(six, by=[], horizons=[3], min_n=1)
    low, high = out.loc[0, ["ci_low", "ci_high"]]
    sm_low, sm_high = proportion_confint(3, 5, alpha=0.05, method="wilson")
    hand_low, hand_high = _wilson_by_hand(3, 5)
    assert low == pytest.approx(sm_low) and high == pytest.approx(sm_high)
    assert low == pytest.approx(hand_low) and high == pytest.approx(hand_high)
    assert (round(low, 4), round(high, 4)) == (0.2307, 0.8824)


def test_small_groups_and_small_complements_are_suppressed():
    def group(name, n_left_year1, n_stayed):
        size = n_left_year1 + n_stayed
        return pd.DataFrame(
            {
                "g": name,
                "start_year": 2015,
                "end_year": [2016] * n_left_year1 + [2024] * n_stayed,
                "left": [True] * n_left_year1 + [False] * n_stayed,
            },
            index=range(size),
        )

    cohort = pd.concat(
        [
            group("a", 10, 10),  # publishable
            group("b", 1, 2),  # n = 3 < 5
            group("c", 2, 8),  # 2 leavers disclose as much as 2 stayers
            group("d", 0, 10),  # nobody left: zero is not disclosive
            group("e", 10, 0),  # nobody stayed: zero is not disclosive
            group("f", 8, 3),  # 3 stayers
        ],
        ignore_index=True,
    )
    out = retention.retention_table(cohort, by="g", horizons=[1], min_n=5).set_index("g")
    assert out["suppressed"].to_dict() == {
        "a": False, "b": True, "c": True, "d": False, "e": False, "f": True,
    }  # fmt: skip
    assert out.loc["a", "rate"] == 0.5 and out.loc["a", "stayed"] == 10
    assert out.loc["d", "rate"] == 1.0 and out.loc["e", "rate"] == 0.0
    for g in ("b", "c", "f"):
        assert out.loc[g, ["stayed", "rate", "ci_low", "ci_high"]].isna().all(), g
    assert out.loc["c", "n"] == 10  # the base is kept, the disclosive parts are not
    assert np.isnan(out.loc["b", "n"])  # a group of 3 is itself a small published count


def test_derived_age_band_and_origin_group():
    cohort = pd.DataFrame(
        {
            "age": [18, 24, 25, 29, 30, 34, 35, 61],
            "origin_country": ["FI", "in", "IN", "NG", "US", "XX", None, "RU"],
            "start_year": 2020,
            "end_year": 2024,
            "left": False,
        }
    )
    bands = retention.retention_table(cohort, by="age_band", horizons=[1], min_n=1)
    assert bands["age_band"].astype(str).tolist() == ["18-24", "25-29", "30-34", "35+"]
    assert bands["n"].tolist() == [2, 2, 2, 2]
    origins = retention.retention_table(cohort, by=["origin_group"], horizons=[1], min_n=1)
    assert dict(zip(origins["origin_group"], origins["n"], strict=True)) == {
        "africa": 1, "americas": 1, "asia": 2, "eu_eea": 1, "rest_of_europe": 1, "unknown": 2,
    }  # fmt: skip
    assert "age_band" not in cohort  # input not changed


def test_errors_name_the_missing_column(six):
    with pytest.raises(DataFormatError, match="'field'"):
        retention.retention_table(six, by="field")
    with pytest.raises(DataFormatError, match="age_band"):
        retention.retention_table(six, by="age_band")
    with pytest.raises(DataFormatError, match="'left'"):
        retention.retention_table(six.drop(columns="left"), by=[])
    bad = six.assign(end_year=[2014, 2018, 2017, 2024, 2020, 2024])
    with pytest.raises(DataFormatError, match="end_year is before start_year") as err:
        retention.retention_table(bad, by=[])
    assert err.value.rows == [0]


def test_demo_health_retained_better_than_ict(demo_tables):
    cohort = demo_tables["cohort"]
    before = cohort.copy()
    out = retention.retention_table(cohort, by="field")
    pd.testing.assert_frame_equal(cohort, before)  # not mutated
    assert out.attrs["synthetic"] is True and out.attrs["source"] == cohort.attrs["source"]
    assert out.columns.tolist() == ["field", *COLUMNS]
    assert out.equals(out.sort_values(["field", "horizon"], ignore_index=True))
    h3 = out[out["horizon"] == 3].set_index("field")
    assert h3.loc["09", "rate"] > h3.loc["06", "rate"]
    assert h3.loc["09", "ci_low"] > h3.loc["06", "ci_high"]  # clearly, not by chance
    # The overall table is the sum of the groups.
    overall = retention.retention_table(cohort, by=[])
    totals = out.groupby("horizon")[["n", "stayed"]].sum()
    assert overall["n"].tolist() == totals["n"].tolist()
    assert overall["stayed"].tolist() == totals["stayed"].tolist()
    # Independent count for one cell: field 09, horizon 3.
    f = cohort[cohort["field"] == "09"]
    d = f["end_year"] - f["start_year"]
    left3 = f["left"] & (d <= 3)
    eligible = left3 | (d >= 3)
    assert h3.loc["09", "n"] == eligible.sum()
    assert h3.loc["09", "stayed"] == (eligible & ~left3).sum()
