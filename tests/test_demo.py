import numpy as np
import pandas as pd
import pytest

from kokka_analysis import labels, regions, schemas
from kokka_analysis.sources import demo


def test_every_table_present_valid_and_flagged(demo_tables):
    assert set(demo_tables) == set(schemas.TABLES)
    for name, df in demo_tables.items():
        assert df.attrs["synthetic"] is True
        assert df.attrs["source"] and df.attrs["retrieved"]
        schemas.validate(df, name)  # raises if not


def test_same_seed_same_tables_other_seed_differs(demo_tables):
    again = demo.generate(seed=0)
    for name in schemas.TABLES:
        pd.testing.assert_frame_equal(demo_tables[name], again[name])
    other = demo.generate(seed=1)
    assert not demo_tables["cohort"].equals(other["cohort"])


@pytest.mark.parametrize("table", list(schemas.KEYS))
def test_every_home_kunta_and_aggregates_add_up(demo_tables, table):
    df = demo_tables[table]
    keys = [k for k in schemas.KEYS[table] if k != "region"]
    value = schemas.VALUES[table][0]
    if table == "barometer":
        assert set(df["region"]) == {"MK08", "MK09"}
        return
    kunta = df[df["region"].str.startswith("KU")]
    if table == "graduates":
        assert set(kunta["region"]) <= {
            r.code for mk in ("MK08", "MK09") for r in regions.members(mk)
        }
    else:
        assert set(kunta["region"]) == {
            r.code for mk in ("MK08", "MK09") for r in regions.members(mk)
        }
    for level in ("seutukunta", "maakunta"):
        mapped = kunta.assign(
            region=kunta["region"].map(lambda c, lv=level: regions.parent(c, lv).code)
        )
        expect = mapped.groupby(["region", *keys])[value].sum().sort_index()
        got = df[df["region"].isin(expect.index.get_level_values(0).unique())]
        got = got.set_index(["region", *keys])[value].sort_index()
        pd.testing.assert_series_equal(got, expect, check_names=False)


def test_years_and_magnitudes(demo_tables):
    pop = demo_tables["population"]
    assert set(range(2010, 2025)) <= set(pop["year"])
    tot = pop.groupby(["region", "year"])["persons"].sum()
    assert 140_000 < tot["MK08", 2024] < 180_000  # about 160,000
    assert 105_000 < tot["MK09", 2024] < 145_000  # about 125,000
    foreign = pop[pop.background == "foreign"].groupby(["region", "year"])["persons"].sum() / tot
    for mk in ("MK08", "MK09"):
        assert 0.01 < foreign[mk, 2010] < foreign[mk, 2024] < 0.10  # a few per cent and rising


def test_young_adults_move_out_and_workforce_ages(demo_tables):
    mig = demo_tables["migration"]
    m = mig[(mig.region == "MK08") & (mig.counterpart == "domestic")]
    m = m[m.age_group.isin(["20-24", "25-29", "30-34"])]
    net = m.pivot_table(index="year", columns="direction", values="persons", aggfunc="sum")
    assert (net["in"] - net["out"]).lt(0).mean() > 0.8
    emp = demo_tables["employment"]
    e = emp[emp.region == "MK09"].groupby(["year", "age_group"])["employed"].sum().unstack()
    old_share = (e["55-64"] + e["65-74"]) / e.sum(axis=1)
    assert old_share[2024] > old_share[2010]


def test_cohort_and_survey_sizes_and_effects(demo_tables):
    c = demo_tables["cohort"]
    assert 3000 <= len(c) <= 20000
    assert c["person_id"].is_unique
    # a built-in effect: health field leaves less than ICT (multipliers 0.55 vs 1.45)
    rate = c.groupby("field")["left"].mean()
    assert rate["09"] < rate["06"]
    assert c.loc[~c["left"], "destination"].isna().all()
    assert c.loc[c["left"], "destination"].notna().all()
    s = demo_tables["survey"]
    assert len(s) > 1000
    young = s["age"] < 30
    assert s.loc[young, "q_intend_stay"].mean() < s.loc[~young, "q_intend_stay"].mean()
    items = [c for c in s.columns if c.startswith("q_")]
    assert set(items) == set(demo.SURVEY_ITEMS)
    vals = s[items].to_numpy(dtype=float).ravel()
    assert set(np.unique(vals[~np.isnan(vals)])) == {1.0, 2.0, 3.0, 4.0, 5.0}


def test_codes_are_statistics_finland_classifications(demo_tables):
    assert set(demo_tables["employment"]["industry"]) <= set(labels.INDUSTRIES)
    assert set(demo_tables["labour_market"]["occupation"]) <= set(labels.OCCUPATIONS)
    assert set(demo_tables["cohort"]["origin_country"]) <= labels.COUNTRIES
