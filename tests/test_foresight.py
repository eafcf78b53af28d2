import numpy as np
import pandas as pd
import pytest

from kokka_analysis import foresight
from kokka_analysis.errors import DataFormatError, KokkaError


@pytest.fixture
def emp():
    rows = [
        # region, year, industry, age_group, employed
        ("MK08", 2020, "C", "15-24", 60),
        ("MK08", 2020, "C", "25-34", 40),
        ("MK08", 2020, "Q", "15-24", 50),
        ("MK08", 2024, "C", "15-24", 80),
        ("MK08", 2024, "Q", "15-24", 60),
        ("MK08", 2024, "J", "25-34", 20),
        ("KU285", 2024, "C", "15-24", 999),  # a kunta row: must be left out
    ]
    df = pd.DataFrame(rows, columns=["region", "year", "industry", "age_group", "employed"])
    df.attrs = {"source": "hand", "synthetic": True}
    return df


def test_employment_by_industry_by_hand(emp):
    out = foresight.employment_by_industry(emp, "MK08")
    assert out.columns.tolist() == ["year", "industry", "employed", "share_pct"]
    assert out[["year", "industry", "employed"]].values.tolist() == [
        [2020, "C", 100], [2020, "Q", 50], [2024, "C", 80], [2024, "J", 20], [2024, "Q", 60],
    ]  # fmt: skip
    np.testing.assert_allclose(out["share_pct"], [200 / 3, 100 / 3, 50.0, 12.5, 37.5])
    only = foresight.employment_by_industry(emp, "MK08", years=[2024])
    assert only["year"].unique().tolist() == [2024]
    assert out.attrs == emp.attrs


def test_industry_change_by_hand(emp):
    out = foresight.industry_change(emp, "MK08", 2020, 2024)
    assert out.columns.tolist() == [
        "industry", "employed_start", "employed_end", "change", "change_pct",
    ]  # fmt: skip
    # Sorted by change, largest growth first; J is new (0 in 2020, no percentage).
    assert out["industry"].tolist() == ["J", "Q", "C"]
    assert out["change"].tolist() == [20, 10, -20]
    assert out["employed_start"].tolist() == [0, 50, 100]
    assert np.isnan(out.loc[0, "change_pct"])
    np.testing.assert_allclose(out["change_pct"].iloc[1:], [20.0, -20.0])


def test_errors(emp):
    with pytest.raises(KokkaError, match="2019"):
        foresight.industry_change(emp, "MK08", 2019, 2024)
    with pytest.raises(KokkaError, match="MK09"):
        foresight.employment_by_industry(emp, "MK09")
    with pytest.raises(KokkaError, match="years"):
        foresight.employment_by_industry(emp, "MK08", years=[1999])
    with pytest.raises(DataFormatError, match="'employed'"):
        foresight.employment_by_industry(emp.rename(columns={"employed": "n"}), "MK08")


def test_demo_trends_and_totals(demo_tables):
    emp = demo_tables["employment"]
    before = emp.copy()
    out = foresight.employment_by_industry(emp, "MK09", years=range(2020, 2025))
    pd.testing.assert_frame_equal(emp, before)
    assert out["year"].unique().tolist() == [2020, 2021, 2022, 2023, 2024]
    np.testing.assert_allclose(out.groupby("year")["share_pct"].sum(), 100.0)
    direct = emp[(emp.region == "MK09") & (emp.year == 2024)]["employed"].sum()
    assert out[out.year == 2024]["employed"].sum() == direct
    change = foresight.industry_change(emp, "MK09", 2010, 2024).set_index("industry")
    # Built-in demo trends: manufacturing shrinks, health care grows.
    assert change.loc["C", "change"] < 0 < change.loc["Q", "change"]
    assert (change["employed_end"] - change["employed_start"] == change["change"]).all()
    assert change["change"].is_monotonic_decreasing
