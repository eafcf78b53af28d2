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


# --- survival, log-rank, Cox, profiles, destinations (issue 6) --------------------------------
def test_kaplan_meier_by_hand(six):
    # durations/left: A 1 L, B 3 L, C 2 c, D 9 c, E 4 L, F 4 c
    km = retention.survival(six)
    assert km.columns.tolist() == [
        "group", "time", "at_risk", "events", "survival", "ci_low", "ci_high",
    ]  # fmt: skip
    row = km.set_index("time")
    assert row.loc[[0, 1, 2, 3, 4, 5], "at_risk"].tolist() == [6, 6, 5, 4, 3, 1]
    assert row.loc[[1, 3, 4], "events"].tolist() == [1, 1, 1]
    s1, s3, s4 = 5 / 6, 5 / 6 * 3 / 4, 5 / 6 * 3 / 4 * 2 / 3
    np.testing.assert_allclose(row.loc[[0, 1, 2, 3, 4, 9], "survival"], [1, s1, s1, s3, s4, s4])
    # log(-log) interval with Greenwood's variance, by hand at t = 3
    gw = 1 / (6 * 5) + 1 / (4 * 3)
    se = math.sqrt(gw) / abs(math.log(s3))
    assert row.loc[3, "ci_low"] == pytest.approx(s3 ** math.exp(1.959964 * se), rel=1e-6)
    assert row.loc[3, "ci_high"] == pytest.approx(s3 ** math.exp(-1.959964 * se), rel=1e-6)


def test_kaplan_meier_matches_statsmodels(demo_tables):
    from statsmodels.duration.survfunc import SurvfuncRight

    cohort = demo_tables["cohort"]
    f = cohort[cohort["field"] == "06"]
    sf = SurvfuncRight((f["end_year"] - f["start_year"]).to_numpy(), f["left"].astype(int))
    km = retention.survival(cohort, by="field").query("group == '06'").set_index("time")
    np.testing.assert_allclose(km.loc[sf.surv_times, "survival"], sf.surv_prob)
    # Greenwood standard error on the probability scale
    gw_se = (
        np.sqrt((km["events"] / (km["at_risk"] * (km["at_risk"] - km["events"]))).cumsum())
        * km["survival"]
    )
    np.testing.assert_allclose(gw_se.loc[sf.surv_times], sf.surv_prob_se, rtol=1e-8)


def test_published_survival_has_no_small_counts(demo_tables):
    cohort = demo_tables["cohort"]
    full = retention.survival(cohort, by="origin_group")
    pub = retention.survival(cohort, by="origin_group", min_n=5)
    assert (pub["at_risk"] >= 5).all()
    assert ((pub["events"] == 0) | (pub["events"] >= 5)).all()
    # pooled events add up to the full curve's events up to each shown year
    for group, g in pub.groupby("group"):
        f = full[full["group"] == group].set_index("time")["events"].cumsum()
        np.testing.assert_array_equal(g["events"].cumsum(), f.loc[g["time"]].to_numpy())
        merged = g.merge(full, on=["group", "time"], suffixes=("", "_full"))
        np.testing.assert_allclose(merged["survival"], merged["survival_full"])


def test_logrank_matches_statsmodels(demo_tables):
    from statsmodels.duration.survfunc import survdiff

    cohort = demo_tables["cohort"]
    out = retention.logrank_test(cohort, "field", min_n=1)
    stat, p = survdiff(
        (cohort["end_year"] - cohort["start_year"]).to_numpy(),
        cohort["left"].astype(int).to_numpy(),
        cohort["field"].to_numpy(),
    )
    assert out["statistic"].iloc[0] == pytest.approx(stat)
    assert out["df"].iloc[0] == cohort["field"].nunique() - 1


def test_cox_recovers_demo_effects_and_matches_phreg(demo_tables):
    from statsmodels.duration.hazard_regression import PHReg

    cohort = demo_tables["cohort"]
    res = retention.fit_cox(cohort, ["field", "sex"])
    assert "fitted on 6000 persons" in repr(res)
    s = res.summary().set_index(["variable", "level"])
    assert s.loc[("field", "09"), "reference"] == "07"
    assert s.loc[("field", "09"), "ci_high"] < 1 < s.loc[("field", "06"), "ci_low"]
    assert (s["n"] >= 5).all() and (s["events"] >= 5).all()
    # independent fit with statsmodels' formula interface
    d = cohort.assign(time=cohort["end_year"] - cohort["start_year"], ev=cohort["left"].astype(int))
    ref = PHReg.from_formula(
        "time ~ C(field, Treatment('07')) + C(sex, Treatment('male'))", d, status="ev", ties="efron"
    ).fit()
    params = dict(zip(ref.model.exog_names, np.asarray(ref.params), strict=True))
    for lvl in ("06", "09"):
        expected = np.exp(params[f"C(field, Treatment('07'))[T.{lvl}]"])
        assert s.loc[("field", lvl), "hazard_ratio"] == pytest.approx(expected, rel=1e-6)
    ph = res.ph_test()
    assert ph.columns.tolist() == ["variable", "level", "rho", "p_value", "ph_ok"]
    assert ph["p_value"].between(0, 1).all()


def test_outcomes_profiles_and_flows_are_suppressed(demo_tables):
    cohort = demo_tables["cohort"]
    small = cohort[cohort["region"] == "KU580"]  # a small kunta
    out = retention.outcome_shares(small, (1, 3, 5), min_n=5)
    shown = out["persons"].dropna()
    assert ((shown == 0) | (shown >= 5)).all()
    assert (out.groupby("horizon")["persons"].apply(lambda s: s.isna().sum()) != 1).all()
    full = retention.outcome_shares(cohort, (3,), min_n=5).set_index("outcome")
    assert full["persons"].sum() == full["n"].iloc[0]
    prof = retention.profile_table(small, 3, min_n=5)
    for col in ("stayers", "leavers"):
        vals = prof[col].dropna()
        assert ((vals == 0) | (vals >= 5)).all()
        assert (prof.groupby("variable")[col].apply(lambda s: s.isna().sum()) != 1).all()
    assert (prof[["stayers", "leavers"]].isna().sum(axis=1) != 1).all()
    tests = retention.profile_tests(cohort, 3, ["field", "sex"])
    assert tests.set_index("variable").loc["field", "p_value"] < 0.001
    flows = retention.destination_flows(small, min_n=5)
    assert (flows["persons"] >= 5).all()
    assert flows["persons"].sum() == small["left"].sum()


def test_complementary_retention_table(demo_tables):
    cohort = demo_tables["cohort"]
    out = retention.retention_table(cohort, "field", horizons=[3], min_n=60, complementary=True)
    assert out["stayed"].isna().sum() != 1 and out["n"].isna().sum() != 1
    plain = retention.retention_table(cohort, "field", horizons=[3], min_n=60)
    assert out["suppressed"].sum() >= plain["suppressed"].sum()


def test_findings_text_in_both_languages(demo_tables):
    cohort = demo_tables["cohort"]
    args = (
        retention.retention_table(cohort, []),
        retention.survival(cohort),
        retention.fit_cox(cohort, ["field"]),
        retention.destination_flows(cohort),
        retention.outcome_shares(cohort),
    )
    fi = retention.findings_text(*args, lang="fi")
    en = retention.findings_text(*args, lang="en")
    assert "sensurointi" in fi and "censoring" in en and "ulkomaille" in fi


def test_p_values_are_never_shown_as_zero():
    from kokka_analysis.retention import _p_text

    assert _p_text(0.00002, "fi") == "p < 0,001" and _p_text(0.00002, "en") == "p < 0.001"
    assert _p_text(0.0234, "fi") == "p = 0,023"
