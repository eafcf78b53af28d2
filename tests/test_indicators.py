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


# --- situation-picture indicators (issue 4): hand computations on small tables ---------------


@pytest.fixture
def small_pop():
    rows = [
        # region, year, sex, age_group, background, language_group, persons
        ("KU285", 2019, "male", "20-24", "finnish", "fi", 40),
        ("KU285", 2019, "female", "70-74", "finnish", "sv", 50),
        ("KU285", 2019, "female", "20-24", "foreign", "other", 10),
        ("KU285", 2024, "male", "20-24", "finnish", "fi", 30),
        ("KU285", 2024, "female", "70-74", "finnish", "sv", 50),
        ("KU285", 2024, "female", "20-24", "foreign", "other", 15),
        ("KU285", 2024, "male", "0-4", "foreign", "fi", 5),
        ("MK08", 2024, "male", "20-24", "finnish", "fi", 900),
        ("MK08", 2024, "male", "70-74", "finnish", "fi", 100),
        ("MK08", 2019, "male", "20-24", "finnish", "fi", 800),
        ("MK08", 2019, "male", "70-74", "finnish", "fi", 200),
    ]
    cols = ["region", "year", "sex", "age_group", "background", "language_group", "persons"]
    df = pd.DataFrame(rows, columns=cols)
    df.attrs = {"source": "hand", "synthetic": True}
    return df


@pytest.fixture
def small_mig():
    rows = [
        # region, year, direction, counterpart, age_group, persons
        ("KU285", 2024, "in", "domestic", "20-24", 4),
        ("KU285", 2024, "out", "domestic", "20-24", 9),
        ("KU285", 2024, "out", "domestic", "30-34", 1),
        ("KU285", 2024, "in", "abroad", "20-24", 3),
        ("KU285", 2024, "out", "domestic", "70-74", 2),
        ("MK08", 2024, "in", "domestic", "20-24", 100),
    ]
    df = pd.DataFrame(
        rows, columns=["region", "year", "direction", "counterpart", "age_group", "persons"]
    )
    return df.assign(sex="male", background="finnish")


def test_population_pyramid_hand(small_pop):
    before = small_pop.copy()
    out = indicators.population_pyramid(small_pop, "KU285", 2024)
    pd.testing.assert_frame_equal(small_pop, before)
    assert out["age_group"].tolist() == ["0-4", "20-24", "20-24", "70-74"]
    assert out["persons"].tolist() == [5, 15, 30, 50]
    np.testing.assert_allclose(out["share_pct"], [5, 15, 30, 50])  # total is 100
    assert out.attrs == small_pop.attrs
    with pytest.raises(KokkaError, match="year 2030"):
        indicators.population_pyramid(small_pop, "KU285", 2030)


def test_language_summary_hand(small_pop):
    out = indicators.language_summary(small_pop, "KU285").set_index("year")
    # 2024: 100 residents, foreign background 15 + 5, foreign language 15, Swedish 50.
    assert out.loc[2024, "foreign_background"] == 20
    assert out.loc[2024, "foreign_language_share_pct"] == pytest.approx(15.0)
    assert out.loc[2024, "swedish_speaking_share_pct"] == pytest.approx(50.0)
    assert out.loc[2019, "foreign_background_share_pct"] == pytest.approx(10.0)


def test_net_migration_hand(small_mig):
    out = indicators.net_migration(small_mig, "KU285")
    r = out.set_index(["age_band", "counterpart"])
    # 20-34 domestic: in 4, out 9 + 1 -> net -6; abroad +3; total -3.
    assert r.loc[("20-34", "domestic"), ["inflow", "outflow", "net"]].tolist() == [4, 10, -6]
    assert r.loc[("20-34", "abroad"), "net"] == 3
    assert r.loc[("20-34", "total"), "net"] == -3
    assert r.loc[("65+", "domestic"), "net"] == -2
    assert r.loc[("0-19", "total"), "net"] == 0  # bands without moves are 0, not missing
    assert out["age_band"].unique().tolist() == list(indicators.MIGRATION_BANDS)
    with pytest.raises(DataFormatError, match="20-24"):
        indicators.net_migration(small_mig, "KU285", bands=("0-21", "22+"))


def test_employment_by_industry_hand():
    emp = pd.DataFrame(
        {
            "region": "MK09",
            "year": [2019, 2019, 2019, 2024, 2024, 2024],
            "industry": ["C", "Q", "Q", "C", "Q", "J"],
            "age_group": ["25-34", "25-34", "35-44", "25-34", "25-34", "25-34"],
            "employed": [100, 30, 20, 80, 60, 10],
        }
    )
    out = indicators.employment_by_industry(emp, "MK09", 2024).set_index("industry")
    assert out.index.tolist() == ["C", "Q", "J"]  # largest first
    assert out.loc["Q", "employed"] == 60 and out.loc["Q", "employed_before"] == 50
    assert out.loc["Q", "change"] == 10 and out.loc["Q", "change_pct"] == pytest.approx(20.0)
    assert out.loc["C", "share_pct"] == pytest.approx(80 / 150 * 100)
    assert np.isnan(out.loc["J", "change"])  # new industry: no earlier value


def test_vacancies_per_jobseeker_hand():
    lm = pd.DataFrame(
        {
            "region": "MK08",
            "month": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-01-01", "2023-12-01"]),
            "occupation": ["53", "53", "41", "53"],
            "vacancies": [10, 30, 1, 999],
            "jobseekers": [5, 15, 0, 1],
        }
    )
    out = indicators.vacancies_per_jobseeker(lm, "MK08", 2024).set_index("occupation")
    # 53: mean vacancies 20, mean jobseekers 10 -> 2.0; 41: no jobseekers -> NaN.
    assert out.loc["53", ["vacancies", "jobseekers", "vacancies_per_jobseeker"]].tolist() == [
        20.0, 10.0, 2.0,
    ]  # fmt: skip
    assert np.isnan(out.loc["41", "vacancies_per_jobseeker"])
    with pytest.raises(KokkaError, match="2020"):
        indicators.vacancies_per_jobseeker(lm, "MK08", 2020)


def test_shortage_occupations_hand_and_parent_region():
    bar = pd.DataFrame(
        {
            "region": "MK08",
            "period": ["2019H2", "2024H1", "2024H2", "2024H2", "2024H2"],
            "occupation": ["53", "53", "53", "41", "22"],
            "index": [3.0, 3.9, 4.6, 1.2, 3.5],
        }
    )
    out = indicators.shortage_occupations(bar, "KU285", 2024)  # a kunta: its maakunta is used
    assert out["barometer_region"].unique().tolist() == ["MK08"]
    assert out["period"].unique().tolist() == ["2024H2"]
    assert out["occupation"].tolist() == ["53", "22", "41"]
    assert out["class"].tolist() == ["big_shortage", "shortage", "big_surplus"]
    assert out["shortage"].tolist() == [True, True, False]
    assert out.loc[0, "change"] == pytest.approx(1.6)  # against 2019H2


def test_indicator_panel_hand(small_pop, small_mig):
    panel = indicators.indicator_panel({"population": small_pop, "migration": small_mig})
    p = panel.set_index(["region", "year"])
    k = p.loc[("KU285", 2024)]
    assert k["population"] == 100
    assert k["old_age_dependency_ratio"] == pytest.approx(50 / 45 * 100)  # 65+ / 15-64
    # net migration: 4 - 9 - 1 + 3 - 2 = -5 per 100 residents -> -50 per 1000.
    assert k["net_migration_per_1000"] == pytest.approx(-50.0)
    # domestic 20-34: -6 per 45 residents aged 20-34.
    assert k["net_domestic_migration_20_34_per_1000"] == pytest.approx(-6 / 45 * 1000)
    assert np.isnan(k["employed"])  # no employment table given
    assert set(panel.columns) == {"region", "year", *indicators.INDICATORS}


def test_key_figures_comparison_and_change(small_pop):
    kf = indicators.key_figures({"population": small_pop}, "KU285", 2024)
    # MK09 and SSS are not in the data: only the kunta and its maakunta.
    assert kf.attrs["comparison"] == ["KU285", "MK08"] and kf.attrs["whole_country"] is False
    r = kf.set_index(["indicator", "region"])
    assert r.loc[("population", "KU285"), "change"] == pytest.approx(0.0)  # 100 -> 100
    dep = r.loc[("old_age_dependency_ratio", "MK08")]
    assert dep["value"] == pytest.approx(100 / 900 * 100)
    assert dep["change"] == pytest.approx(100 / 900 * 100 - 200 / 800 * 100)
    text_fi = indicators.key_figures_findings({"population": small_pop}, "KU285", 2024)
    assert "Koko maan lukuja ei ole" in text_fi
    table = indicators.key_figures_table({"population": small_pop}, "KU285", 2024, lang="en")
    assert table.columns.tolist() == [
        "Indicator", "Unit", "Kotka 2019", "Kotka 2024", "Change", "Kymenlaakso 2024",
    ]  # fmt: skip


def test_comparison_regions():
    assert indicators.comparison_regions("KU405") == ["KU405", "MK09", "MK08", "SSS"]
    assert indicators.comparison_regions("MK08", {"MK08", "MK09", "SSS"}) == [
        "MK08", "MK09", "SSS",
    ]  # fmt: skip


def test_demo_panel_matches_population_summary(demo_tables):
    panel = indicators.indicator_panel(demo_tables).set_index(["region", "year"])
    summ = indicators.population_summary(demo_tables["population"], "SK093").set_index("year")
    sk = panel.xs("SK093", level="region")
    np.testing.assert_allclose(sk["population"], summ["persons"])
    np.testing.assert_allclose(sk["old_age_dependency_ratio"], summ["old_age_dependency_ratio"])
    vals = indicators.municipality_values(demo_tables, "population", 2024, "MK08")
    assert vals["region"].tolist() == ["KU075", "KU285", "KU286", "KU489", "KU624", "KU935"]
    assert vals["value"].sum() == panel.loc[("MK08", 2024), "population"]


def test_findings_texts_fi_en(demo_tables):
    net = indicators.net_migration(demo_tables["migration"], "MK09")
    fi = indicators.migration_findings(net, "Etelä-Karjala", 2024, lang="fi")
    en = indicators.migration_findings(net, "South Karelia", 2024, lang="en")
    young = net[(net.year >= 2020) & (net.age_band == "20-34") & (net.counterpart == "domestic")]
    n = int(abs(young["net"].sum()))
    assert f"{n:,}".replace(",", "\u00a0") in fi and f"{n:,}" in en
    assert "20–34" in fi and "20–34" in en
    defs = indicators.indicator_definitions("fi")
    assert len(defs) == len(indicators.INDICATORS) and defs["definition"].str.len().min() > 10


def test_finnish_sentences_inflect_region_names(demo_tables):
    """Issue 19: "Pyhtäällä oli …", not "alueella Pyhtää oli …"; the numbers are the table's."""
    from kokka_analysis.text import forms, number

    for code, start in [("KU624", "Pyhtäällä"), ("KU153", "Imatralla"), ("MK08", "Kymenlaaksossa"),
                        ("SK082", "Kotka-Haminan seutukunnassa")]:  # fmt: skip
        fi = indicators.key_figures_findings(demo_tables, code, 2024, lang="fi")
        assert fi.startswith(f"{start} oli vuonna 2024 ") and "alueella" not in fi
        assert forms.locative(code) == start
        kf = indicators.key_figures(demo_tables, code, 2024).set_index(["indicator", "region"])
        assert number(kf.loc[("population", code), "value"], "fi") in fi
    summary = indicators.population_summary(demo_tables["population"], "KU405")
    fi = indicators.population_findings(summary, "KU405", lang="fi")
    assert fi.startswith("Lappeenrannan väkiluku ")
    assert number(summary.sort_values("year")["persons"].iloc[-1], "fi") in fi
