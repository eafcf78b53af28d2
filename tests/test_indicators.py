import numpy as np
import pandas as pd
import pytest

from kokka_analysis import indicators
from kokka_analysis.errors import DataFormatError, KokkaError


@pytest.fixture
def tiny():
    rows = [
        # region, year, age_group, background, persons
        ("KU285", 2023, "0-14", "finnish", 20),
        ("KU285", 2023, "15-64", "finnish", 40),
        ("KU285", 2023, "15-64", "foreign", 10),
        ("KU285", 2023, "65+", "finnish", 30),
        ("KU285", 2024, "0-14", "finnish", 18),
        ("KU285", 2024, "15-64", "finnish", 38),
        ("KU285", 2024, "15-64", "foreign", 14),
        ("KU285", 2024, "65+", "finnish", 35),
        ("KU285", 2024, "65+", "foreign", 1),
        ("KU075", 2024, "65+", "finnish", 999),  # another region: must be left out
    ]
    df = pd.DataFrame(rows, columns=["region", "year", "age_group", "background", "persons"])
    df.attrs = {"source": "hand", "synthetic": True, "retrieved": "2025-01-01"}
    return df


def test_hand_table(tiny):
    before = tiny.copy()
    out = indicators.population_summary(tiny, "KU285")
    pd.testing.assert_frame_equal(tiny, before)
    assert out.columns.tolist() == [
        "year", "persons", "change", "change_pct", "foreign", "foreign_share_pct",
        "age_65_plus_share_pct", "old_age_dependency_ratio",
    ]  # fmt: skip
    assert out["year"].tolist() == [2023, 2024]
    assert out["persons"].tolist() == [100, 106]
    assert pd.isna(out.loc[0, "change"]) and out.loc[1, "change"] == 6
    assert np.isnan(out.loc[0, "change_pct"]) and out.loc[1, "change_pct"] == pytest.approx(6.0)
    assert out["foreign"].tolist() == [10, 15]
    np.testing.assert_allclose(out["foreign_share_pct"], [10.0, 15 / 106 * 100])
    np.testing.assert_allclose(out["age_65_plus_share_pct"], [30.0, 36 / 106 * 100])
    # 65+ per 100 aged 15-64: 30 / 50 and 36 / 52.
    np.testing.assert_allclose(out["old_age_dependency_ratio"], [60.0, 36 / 52 * 100])
    assert out.attrs == tiny.attrs


def test_name_is_resolved_and_gap_gives_na(tiny):
    gap = pd.concat([tiny, tiny[tiny.year == 2024].assign(year=2026)], ignore_index=True)
    out = indicators.population_summary(gap, "Kotka")
    assert out["year"].tolist() == [2023, 2024, 2026]
    assert pd.isna(out.loc[2, "change"]) and np.isnan(out.loc[2, "change_pct"])


def test_errors(tiny):
    with pytest.raises(KokkaError, match=r"'MK09'.*2 region codes"):
        indicators.population_summary(tiny, "MK09")
    with pytest.raises(DataFormatError, match="'background'"):
        indicators.population_summary(tiny.drop(columns="background"), "KU285")
    straddling = tiny.replace({"age_group": {"65+": "60+"}})
    with pytest.raises(DataFormatError, match="60\\+"):
        indicators.population_summary(straddling, "KU285")


def test_demo_region_matches_direct_sums(demo_tables):
    pop = demo_tables["population"]
    out = indicators.population_summary(pop, "MK08").set_index("year")
    assert out.index.tolist() == list(range(2010, 2025))
    y = pop[(pop.region == "MK08") & (pop.year == 2024)]
    old = y[y.age_group.isin(["65-69", "70-74", "75-79", "80-84", "85+"])]["persons"].sum()
    working = [f"{a}-{a + 4}" for a in range(15, 65, 5)]
    work = y[y.age_group.isin(working)]["persons"].sum()
    assert out.loc[2024, "persons"] == y["persons"].sum()
    assert out.loc[2024, "old_age_dependency_ratio"] == pytest.approx(old / work * 100)
    assert 0 < out.loc[2024, "foreign_share_pct"] < 20
    # The maakunta equals the sum of its kunnat (demo aggregates are sums).
    kunnat = ["KU075", "KU285", "KU286", "KU489", "KU624", "KU935"]
    total = sum(indicators.population_summary(pop, k).set_index("year")["persons"] for k in kunnat)
    assert (total == out["persons"]).all()
    assert out.attrs["synthetic"] is True
