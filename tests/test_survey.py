import numpy as np
import pandas as pd
import pytest

from kokka_analysis import survey
from kokka_analysis.errors import DataFormatError, KokkaError

COLUMNS = ["item", "level", "share", "n", "mean", "top2", "suppressed"]


def test_weighted_shares_mean_and_top2_by_hand():
    df = pd.DataFrame(
        {
            "g": ["a"] * 6 + ["b"] * 2,
            "q": [1, 2, 2, 5, 5, np.nan, 3, 4],
            "w": [1, 1, 2, 1, 3, 9, 1, 1],
        }
    )
    out = survey.likert_summary(df, ["q"], by="g", weights="w", min_n=5)
    assert out.columns.tolist() == ["g", *COLUMNS]
    a = out[out["g"] == "a"]
    # Answered weights 1 + 1 + 2 + 1 + 3 = 8 (the missing answer's weight 9 does not count).
    np.testing.assert_allclose(a["share"], [1 / 8, 3 / 8, 0, 0, 4 / 8])
    assert a["level"].tolist() == [1, 2, 3, 4, 5]
    assert (a["n"] == 5).all()
    assert a["mean"].iloc[0] == pytest.approx((1 * 1 + 2 * 3 + 5 * 4) / 8)
    assert a["top2"].iloc[0] == pytest.approx(0.5)
    b = out[out["g"] == "b"]
    assert b["suppressed"].all() and b["n"].isna().all()  # a group of 2 is not published
    assert b[["share", "mean", "top2"]].isna().all().all()


def test_shares_sum_to_one_and_means_match_pandas(demo_tables):
    s = demo_tables["survey"]
    before = s.copy()
    items = ["q_jobs", "q_career", "q_intend_stay"]
    out = survey.likert_summary(s, items, by=["background", "status"])
    pd.testing.assert_frame_equal(s, before)
    assert out.attrs["synthetic"] is True
    sums = out[~out["suppressed"]].groupby(["background", "status", "item"])["share"].sum()
    np.testing.assert_allclose(sums, 1.0)
    # Unweighted mean and n equal pandas' own per group.
    expected = s.groupby(["background", "status"])["q_jobs"].agg(["mean", "count"])
    got = out[(out["item"] == "q_jobs") & (out["level"] == 1)].set_index(["background", "status"])
    np.testing.assert_allclose(got["mean"], expected["mean"].loc[got.index])
    assert got["n"].tolist() == expected["count"].loc[got.index].tolist()
    # Items keep the given order within a group.
    first = out[(out["background"] == "finnish") & (out["status"] == "student")]
    assert first["item"].drop_duplicates().tolist() == items


def test_weighted_mean_equals_numpy_average(demo_tables):
    s = demo_tables["survey"]
    w = np.random.default_rng(1).uniform(0.5, 2.0, len(s))
    out = survey.likert_summary(s.assign(wt=w), "q_safe", weights="wt")
    answered = s["q_safe"].notna().to_numpy()
    expected = np.average(s["q_safe"].to_numpy()[answered], weights=w[answered])
    assert out["mean"].iloc[0] == pytest.approx(expected)
    top2 = w[answered & (s["q_safe"] >= 4).to_numpy()].sum() / w[answered].sum()
    assert out["top2"].iloc[0] == pytest.approx(top2)


def test_invalid_answers_and_missing_columns():
    df = pd.DataFrame({"q": [1, 6, 3], "g": ["a", "a", "b"]})
    with pytest.raises(DataFormatError, match="'q'") as err:
        survey.likert_summary(df, ["q"])
    assert err.value.rows == [1]
    with pytest.raises(DataFormatError, match="'q_missing'"):
        survey.likert_summary(df, ["q_missing"])
    with pytest.raises(DataFormatError, match="'region'"):
        survey.likert_summary(df.assign(q=1), ["q"], by="region")
    with pytest.raises(DataFormatError, match="weights"):
        survey.likert_summary(df.assign(q=1, w=[1, -1, 1]), ["q"], weights="w")


def test_cronbach_alpha_by_hand_and_by_covariance():
    df = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 3, 3, 5, np.nan], "c": [1, 3, 2, 5, 4]})
    # Listwise deletion leaves four respondents. Item variances 5/3, 19/12, 35/12 (sum 37/6);
    # totals 4, 8, 8, 14 have variance 17: alpha = 3/2 * (1 - (37/6) / 17) = 65/68.
    assert survey.cronbach_alpha(df, ["a", "b", "c"]) == pytest.approx(65 / 68)
    cov = df.dropna().cov().to_numpy()
    assert survey.cronbach_alpha(df, ["a", "b", "c"]) == pytest.approx(
        1.5 * (1 - np.trace(cov) / cov.sum())
    )
    with pytest.raises(KokkaError, match="two items"):
        survey.cronbach_alpha(df, ["a"])
    with pytest.raises(DataFormatError, match="'z'"):
        survey.cronbach_alpha(df, ["a", "z"])


def test_age_band_survey_boundaries():
    age = pd.Series([14, 15, 29, 30, 44, 45, 64, 65, 90], index=list("abcdefghi"))
    bands = survey.age_band_survey(age)
    assert bands.index.tolist() == list("abcdefghi")
    assert bands.astype(object).where(bands.notna(), None).tolist() == [
        None, "15-29", "15-29", "30-44", "30-44", "45-64", "45-64", "65+", "65+",
    ]  # fmt: skip
    assert list(bands.cat.categories) == ["15-29", "30-44", "45-64", "65+"]
