"""StatFin tables -> tidy tables, the local store, `kokka fetch` and data_source="statfin".

The service is the stand-in of ``statfin_fake`` (real PxWeb/JSON-stat formats, June-2026 style
codes, the demo numbers), so every figure can be checked against the demo tables it came from.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from statfin_fake import FakeStatFin, build_tables

from kokka_analysis import cli, indicators, labels, schemas
from kokka_analysis.sources import base, estimation, statfin
from kokka_analysis.sources import statfin_tables as st
from kokka_analysis.sources import store as table_store
from kokka_analysis.sources.statfin import StatFinError, StatFinOfflineError, TableMeta, Variable

YEARS = (2010, 2024)


@pytest.fixture(scope="module")
def service(demo_tables):
    return FakeStatFin(build_tables(demo_tables))


@pytest.fixture(scope="module")
def fetched(service, tmp_path_factory):
    """One fetch through the fake service into a data folder: (data dir, tables, service)."""
    data = tmp_path_factory.mktemp("data")
    client = statfin.StatFinClient(
        session=service, cache_dir=data / "raw" / "statfin", sleep=lambda s: None
    )
    service.calls.clear()
    tables = st.fetch_tables(
        ["MK08", "MK09"], YEARS, client=client, store=data / "processed" / "statfin"
    )
    return data, tables, list(service.calls)


def _sums(df, keys, value):
    return df.groupby(keys)[value].sum()


# --- values and variables ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [("20 - 24", (20, 24)), ("020-024", (20, 24)), ("85 -", (85, None)), ("100-", (100, None)),
     ("75 ja yli", (75, None)), ("7", (7, 7)), ("SSS", None), ("Yhteensä", None),
     ("Total", None)],
)  # fmt: skip
def test_age_values_of_statfin_tables(text, expected):
    assert st.classify_age(text) == expected


def test_age_bands_nest_or_fail_clearly():
    assert st.to_band((7, 7), st.POPULATION_BANDS) == "5-9"
    assert st.to_band((100, None), st.POPULATION_BANDS) == "85+"
    assert st.to_band((18, 24), st.WORK_BANDS) == "15-24"
    assert st.to_band((75, None), st.POPULATION_BANDS) == "75-79"  # open top: noted
    assert st.to_band((75, None), st.WORK_BANDS) is None  # outside working ages: dropped
    with pytest.raises(StatFinError, match="straddles"):
        st.to_band((20, 29), st.WORK_BANDS)


def test_the_age_partition_that_covers_most_ages_is_used():
    singles = [f"{k:03d}" for k in range(100)] + ["100-"]
    var = Variable("ikaryhma_10_20180101", "Ikä", ["SSS", *singles],
                   ["Yhteensä", *[str(k) for k in range(100)], "100 -"])  # fmt: skip
    assert st._age_values(var) == singles  # single years and the open top, not '100-' alone
    both = Variable("ika", "Ikä", ["SSS", "0-4", "5-9", "10-", "000", "001", "002"],
                    ["Yhteensä", "0 - 4", "5 - 9", "10 -", "0", "1", "2"])  # fmt: skip
    assert st._age_values(both) == ["0-4", "5-9", "10-"]


def test_migration_measures_by_code_or_text():
    assert st.classify_migration("muutl-vm43_tulo", "x") == ("in", "domestic")
    assert st.classify_migration("vm43_lahto", "Lähtömuutto") == ("out", "domestic")
    assert st.classify_migration("muutl-vm41", "Maahanmuutto") == ("in", "abroad")
    assert st.classify_migration("x", "Emigration") == ("out", "abroad")
    assert st.classify_migration("muutl-vm4142", "Nettomaahanmuutto") is None
    assert st.classify_migration("vm43_netto", "Net migration") is None


def _meta(*variables):
    return TableMeta("t.px", "Test", [Variable(*v) for v in variables])


def test_language_total_is_used_instead_of_single_languages():
    var = Variable(
        "kieli_15_20180102", "Kieli", ["SSS", "01", "02", "fi", "sv", "se", "ru", "et"],
        ["Yhteensä", "Kotimaiset kielet", "Vieraat kielet yhteensä", "suomi", "ruotsi", "saame",
         "venäjä", "viro"],
    )  # fmt: skip
    assert st._language_values(var) == {"fi": "fi", "sv": "sv", "se": "fi", "02": "other"}
    no_total = Variable("Kieli", "Kieli", ["fi", "sv", "ru"], ["suomi", "ruotsi", "venäjä"])
    assert st._language_values(no_total) == {"fi": "fi", "sv": "sv", "ru": "other"}


def test_occupations_prefer_two_digit_codes_and_sum_four_digit_ones():
    two = Variable("Ammattiryhmä", "Ammattiryhmä", ["SSS", "2", "25", "2512"], ["", "", "", ""])
    assert st._occupation_values(two) == {"25": "25"}
    four = Variable("Ammattiryhmä", "Ammattiryhmä", ["SSS", "2511", "2512", "X999"], [""] * 4)
    assert st._occupation_values(four) == {"2511": "25", "2512": "25"}


def test_roles_found_by_new_and_old_codes_and_texts():
    meta = _meta(
        ("alue_23_20260101", "Alue", ["SSS"], ["KOKO MAA"]),
        ("Ikä", "Ikä", ["SSS"], ["Yhteensä"]),
        ("x", "Kön", ["1"], ["Män"]),
        ("timeperiod_y", "Vuosi", ["2024"], ["2024"], False, True),
    )
    assert st.find_role(meta, "region").code == "alue_23_20260101"
    assert st.find_role(meta, "age").code == "Ikä"
    assert st.find_role(meta, "sex").code == "x"
    assert st.find_role(meta, "time").code == "timeperiod_y"


def test_a_table_without_a_needed_variable_names_what_it_has():
    meta = _meta(
        ("alue_23_20260101", "Alue", ["KU285"], ["Kotka"]),
        ("timeperiod_y", "Vuosi", ["2024"], ["2024"], False, True),
    )
    spec = st.TABLE_SPECS["employment"]
    with pytest.raises(StatFinError, match=r"no variable for 'industry'.*alue_23_20260101"):
        st.plan_query(meta, spec, {"KU285"}, YEARS)


def test_an_unused_variable_without_a_total_is_an_error():
    meta = _meta(
        ("Alue", "Alue", ["KU285"], ["Kotka"]),
        ("Toimiala", "Toimiala", ["C"], ["C Teollisuus"]),
        ("Ikä", "Ikä", ["15-24"], ["15 - 24"]),
        ("Sektori", "Sektori", ["1", "2"], ["Julkinen", "Yksityinen"]),
        ("Vuosi", "Vuosi", ["2024"], ["2024"], False, True),
    )
    with pytest.raises(StatFinError, match="Sektori"):
        st.plan_query(meta, st.TABLE_SPECS["employment"], {"KU285"}, YEARS)


# --- the round trip ------------------------------------------------------------------------
def test_tables_are_valid_and_carry_their_provenance(fetched):
    _, tables, _ = fetched
    assert set(tables) == set(st.STATFIN_TABLES)
    for name, df in tables.items():
        schemas.validate(df, name)
        assert df.attrs["synthetic"] is False
        assert "Statistics Finland" in df.attrs["source"] and df.attrs["retrieved"]
    assert tables["population"].attrs["table_id"] == "11re.px, 11rm.px, 11rl.px, 11rv.px"
    assert tables["migration"].attrs["table_id"] == "11a2.px, 11a7.px"
    notes = tables["migration"].attrs["notes"]
    assert any("75+" in n["en"] and "75+" in n["fi"] for n in notes)  # fi and en for the pages


def test_aggregates_and_figures_match_what_the_service_published(fetched, demo_tables):
    _, tables, _ = fetched
    # the fake serves the home kunnat and, as the real tables do, the whole country (SSS)
    d = demo_tables
    assert "SSS" in set(tables["employment"]["region"])
    # kunnat only were served: seutukunnat and maakunnat are summed by kokka
    assert {"MK08", "MK09", "SK082", "SK093"} <= set(tables["population"]["region"])
    for name, keys, value in (
        ("population", ["region", "year", "sex", "age_group"], "persons"),
        ("migration", ["region", "year", "direction", "counterpart"], "persons"),
        ("employment", ["region", "year", "industry"], "employed"),
        ("labour_market", ["region", "month", "occupation"], "vacancies"),
        ("labour_market", ["region", "month", "occupation"], "jobseekers"),
    ):
        got, want = _sums(tables[name], keys, value), _sums(d[name], keys, value)
        pd.testing.assert_series_equal(got, want, check_dtype=False, obj=name)
    # employment: industry (115i) exact; the age split (115b) is the region's for every
    # industry, so age totals hold to within rounding and the cross is an estimate, noted
    age_got = _sums(tables["employment"], ["region", "year", "age_group"], "employed")
    age_want = _sums(d["employment"], ["region", "year", "age_group"], "employed")
    assert (age_got - age_want).abs().max() <= len(labels.INDUSTRIES)
    emp_notes = " ".join(n["en"] for n in tables["employment"].attrs["notes"])
    assert "not by both" in emp_notes and "estimated" in emp_notes
    assert tables["employment"].attrs["table_id"] == "115i.px, 115b.px"
    lang_got = _sums(tables["population"], ["region", "year", "language_group"], "persons")
    lang_want = _sums(d["population"], ["region", "year", "language_group"], "persons")
    assert (lang_got - lang_want).abs().max() <= 15  # rounding to whole persons only
    for region in ("MK08", "MK09", "KU285"):
        a = indicators.language_summary(tables["population"], region).set_index("year")
        b = indicators.language_summary(d["population"], region).set_index("year")
        diff = (a["foreign_background_share_pct"] - b["foreign_background_share_pct"]).abs()
        assert diff.max() < 0.05, region


def test_population_projection_round_trip(fetched, demo_tables):
    """14wx (single years, its own area vintage, future years) -> population_projection with
    the demo projection's totals by region, year, sex and 5-year age group."""
    _, tables, _ = fetched
    got = tables["population_projection"]
    assert got.attrs["table_id"] == "14wx.px" and not got.attrs["synthetic"]
    want = demo_tables["population_projection"]
    want = want[want["region"].isin(set(got["region"]))]
    keys = ["region", "year", "sex", "age_group"]
    a = got.groupby(keys)["persons"].sum()
    b = want.groupby(keys)["persons"].sum().reindex(a.index)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-6, atol=0.5)
    assert got["year"].min() == 2025 and got["year"].max() == 2045  # not cut to --years


def test_large_queries_were_split_under_the_cell_limit(fetched):
    _, _, calls = fetched
    posts = [url for method, url in calls if method == "post"]
    assert sum(url.endswith("12ti.px") for url in posts) > 1  # 12ti is over 120,000 cells
    assert len({url for url in posts}) == 10  # one address per table
    assert any(url.endswith("/fi/StatFin/tyonv/12ti.px") for url in posts)  # subject folder kept


def test_store_reads_back_offline_and_load_tables_marks_stand_ins(fetched, monkeypatch):
    data, tables, _ = fetched
    monkeypatch.setenv("KOKKA_DATA", str(data))
    manifest = json.loads((data / "processed" / "statfin" / "manifest.json").read_text("utf-8"))
    assert manifest["years"] == list(YEARS) and set(manifest["tables"]) == set(tables)
    loaded = base.load_tables("statfin")
    pd.testing.assert_frame_equal(loaded["employment"], tables["employment"])
    assert loaded["population"].attrs["synthetic"] is False
    for name in ("barometer", "graduates", "cohort", "survey"):
        assert loaded[name].attrs["synthetic"] is True and loaded[name].attrs["stand_in"]
    fp = base.data_fingerprint("statfin")
    assert fp.startswith("statfin-") and "none" not in fp
    assert "11re.px" in base.data_vintage("statfin")


def test_without_fetched_data_the_error_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("KOKKA_DATA", str(tmp_path))
    with pytest.raises(StatFinError, match=r"kokka fetch.*data_source='demo'"):
        base.load_tables("statfin")
    client = statfin.StatFinClient(offline=True, cache_dir=tmp_path / "cache")
    with pytest.raises(StatFinOfflineError, match="data_source='demo'"):
        st.fetch_tables(["MK08"], YEARS, client=client, store=tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_a_failed_fetch_leaves_the_previous_store_untouched(fetched, service, tmp_path):
    data, _, _ = fetched
    store = tmp_path / "store"
    shutil.copytree(data / "processed" / "statfin", store)
    before = {p.name: p.read_bytes() for p in store.iterdir()}
    client = statfin.StatFinClient(session=service, cache_dir=tmp_path / "c", sleep=lambda s: 0)
    with pytest.raises(StatFinError, match="no table"):
        st.fetch_tables(
            ["MK08"], YEARS, client=client, store=store, table_ids={"employment": "99zz.px"}
        )
    assert {p.name: p.read_bytes() for p in store.iterdir()} == before


def test_kokka_fetch_offline_from_the_cache(fetched, monkeypatch, tmp_path, capsys):
    data, tables, _ = fetched
    home = tmp_path / "data"
    shutil.copytree(data / "raw", home / "raw")  # the cache only, no store yet
    monkeypatch.setenv("KOKKA_DATA", str(home))
    argv = ["fetch", "--offline", "--source", "statfin", "--region", "MK08", "--region", "MK09"]
    assert cli.main(argv) == 0
    out = capsys.readouterr()
    assert "labour_market" in out.out and "11a2.px" in out.err  # progress on stderr
    again = table_store.read_store()
    pd.testing.assert_frame_equal(again["migration"], tables["migration"])
    assert cli.main(["fetch", "--years", "2024-20"]) == 2
    assert cli.main(["fetch", "--offline", "--table", "nonsense=1.px"]) == 2
    assert "Unknown --table key" in capsys.readouterr().err


def test_every_notebook_builds_on_statfin_data(fetched, monkeypatch, tmp_path):
    """`kokka build -p data_source statfin` on the stored tables: pages name the StatFin tables
    and retrieval date; parts StatFin does not publish are marked synthetic where used."""
    from kokka_analysis.publish.build import build

    data, _, _ = fetched
    monkeypatch.setenv("KOKKA_DATA", str(data))
    summary = build(["KU624"], out_dir=tmp_path, workers=2, params={"data_source": "statfin"})
    assert summary.ok and len(summary.built) == 7, summary.failed
    pages = {p.stem: p.read_text("utf-8") for p in (tmp_path / "KU624").glob("*.html")}
    for text in pages.values():
        assert "Traceback" not in text
    # the footer names the fetched tables each page uses, and their retrieval date
    assert "StatFin 115b.px, 115i.px, 11a2.px" in pages["01_situation_picture"]
    assert "haettu / retrieved 20" in pages["01_situation_picture"]
    survey_footer = pages["04_regional_image_survey"].split("kokka-footer")[-1]
    assert "11re.px" in survey_footer and "115i.px" not in survey_footer
    situation = pages["01_situation_picture"]
    assert "11re.px, 11rm.px, 11rl.px, 11rv.px" in situation and "haettu 20" in situation
    assert "SYNTEETTISTÄ DEMODATAA tällä sivulla: työvoimabarometri" in situation
    assert "SYNTEETTINEN DEMODATA —" not in situation  # not the all-synthetic banner
    assert "tutkinnot" in pages["02_labour_shortage_foresight"].split("Oletukset")[0]
    assert "ei molempien mukaan" in pages["02_labour_shortage_foresight"]  # estimated age split
    assert "SYNTEETTINEN DEMODATA —" in pages["03_retention"]  # demo cohort: all synthetic


def test_any_region_builds_once_fetched_and_missing_stand_ins_are_said(
    fetched, fixtures_dir, monkeypatch, tmp_path
):
    """`kokka build --region MK01 -p data_source statfin` once the key and MK01's tables are
    there. The fake service has numbers for the home regions only, so the stored tables are
    copied under Uusimaa's codes; the stand-ins (barometer, cohort, survey) have no MK01 rows."""
    from kokka_analysis import regions
    from kokka_analysis.publish.build import build
    from kokka_analysis.sources import classification

    data, tables, _ = fetched
    home = tmp_path / "data"
    monkeypatch.setenv("KOKKA_DATA", str(home))
    monkeypatch.setattr(regions, "REGISTRY", regions._default_registry())
    classification.install_key(fixtures_dir / "regions" / "municipality_key_2026.csv")
    copied = {}
    for name, df in tables.items():
        extra = df[df["region"].isin(["MK08", "KU285"])].copy()
        extra["region"] = extra["region"].map({"MK08": "MK01", "KU285": "KU091"})
        copied[name] = pd.concat([df, extra], ignore_index=True)
    manifest = table_store.read_manifest(data / "processed" / "statfin")
    table_store.write_store(copied, manifest["tables"], ["MK08", "MK09", "MK01"], YEARS)
    summary = build(["MK01"], out_dir=tmp_path / "site", workers=2,
                    params={"data_source": "statfin"})  # fmt: skip
    assert summary.ok and sorted(summary.built) == [
        "MK01/00_summary", "MK01/01_situation_picture", "MK01/02_labour_shortage_foresight"
    ], summary.failed  # fmt: skip
    assert summary.unavailable == {"MK01/03_retention": "cohort",
                                   "MK01/04_regional_image_survey": "survey",
                                   "MK01/05_employer_needs": "employer_survey",
                                   "MK01/06_actor_network": "actors"}  # fmt: skip
    page = (tmp_path / "site" / "MK01" / "01_situation_picture.html").read_text("utf-8")
    assert "Uusimaa" in page and "Ei aineistoa: työvoimabarometri" in page
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "ei aineistoa / no data" in index and "kysely / survey" in index
    assert "NO DATA MK01/03_retention" in summary.text()


def test_build_on_statfin_without_fetched_data_stops_before_any_kernel(tmp_path, monkeypatch):
    from kokka_analysis.publish.build import build
    from kokka_analysis.publish.jobs import BuildConfigError

    monkeypatch.setenv("KOKKA_DATA", str(tmp_path / "empty"))
    with pytest.raises(BuildConfigError, match="kokka fetch"):
        build(["KU489"], out_dir=tmp_path / "site", params={"data_source": "statfin"})
    with pytest.raises(BuildConfigError, match="data_source = 'stafin' is not allowed"):
        build(["KU489"], out_dir=tmp_path / "site", params={"data_source": "stafin"})
    assert not (tmp_path / "site" / "KU489").exists()


def test_employment_age_split_keeps_industry_totals_and_says_where_it_borrowed():
    ind = pd.DataFrame({"region": ["KU285", "KU285", "KU153"], "year": [2024] * 3,
                        "industry": ["C", "Q", "C"], "employed": [1000, 333, 50]})  # fmt: skip
    bands = list(labels.WORK_AGE_GROUPS)
    age = pd.DataFrame({"region": ["KU285"] * 6 + ["MK09"] * 6, "year": 2024,
                        "age_group": bands * 2,
                        "employed": [100, 200, 300, 200, 150, 50, 0, 10, 10, 10, 10, 0]})  # fmt: skip
    emp, notes = estimation.combine_employment(ind, age)
    totals = emp.groupby(["region", "industry"])["employed"].sum()
    assert totals.to_dict() == {("KU153", "C"): 50, ("KU285", "C"): 1000, ("KU285", "Q"): 333}
    c = emp[(emp["region"] == "KU285") & (emp["industry"] == "C")].set_index("age_group")
    assert c.loc["35-44", "employed"] == 300 and c.loc["65-74", "employed"] == 50  # 1000 × share
    kouvola = emp[emp["region"] == "KU153"].set_index("age_group")["employed"]
    assert kouvola["15-24"] == 0 and kouvola["65-74"] == 0  # Imatra: its maakunta's (MK09) profile
    assert any("KU153 2024 (MK09)" in n["en"] for n in notes)
    with pytest.raises(StatFinError, match="no age groups"):
        estimation.combine_employment(ind, None)
    with pytest.raises(StatFinError, match=r"employed-by-age table \(tyokay/115b\.px\) could not"):
        estimation.combine_employment(ind, None, age_table="tyokay/115b.px")
    with_age = emp.copy()
    same, none = estimation.combine_employment(with_age, None)  # a table with industry × age: as is
    assert none == [] and same["employed"].sum() == emp["employed"].sum()


def test_moved_functions_stay_importable_from_statfin_tables():
    """The estimation and store functions moved out; callers that import them from
    statfin_tables (cli, fetch, notebooks) get the same objects."""
    for name in ("combine_population", "combine_employment"):
        assert getattr(st, name) is getattr(estimation, name)
    for name in ("store_dir", "write_store", "read_manifest", "read_store"):
        assert getattr(st, name) is getattr(table_store, name)


def test_population_age_groups_are_the_population_bands():
    """combine_population labels its rows with labels.AGE_GROUPS; to_band labels ages with
    POPULATION_BANDS: the two must be the same groups in the same order."""
    bands = [f"{lo}+" if hi is None else f"{lo}-{hi}" for lo, hi in st.POPULATION_BANDS]
    assert bands == list(labels.AGE_GROUPS)


class _FailingAfter:
    """The fake service, whose connection breaks for good after ``posts`` answers."""

    def __init__(self, service, posts):
        self.service, self.left = service, posts
        self.headers = {}

    def get(self, url, timeout=None):
        return self.service.get(url, timeout=timeout)

    def post(self, url, json=None, timeout=None):  # noqa: A002 - requests' signature
        if self.left == 0:
            raise ConnectionError("connection reset by peer")
        self.left -= 1
        return self.service.post(url, json=json, timeout=timeout)


def test_an_interrupted_fetch_goes_on_from_the_cached_answers(demo_tables, fetched, tmp_path):
    """Issue 18: every answer is cached as it arrives, so running an interrupted fetch again
    asks only for what is missing, and gives the same tables as a fetch that was never
    interrupted; the progress callback follows each table's answers."""
    service = FakeStatFin(build_tables(demo_tables), max_values=20_000)  # many parts
    cache = tmp_path / "raw"

    def client(session):
        return statfin.StatFinClient(session=session, cache_dir=cache, sleep=lambda s: None)

    with pytest.raises(StatFinOfflineError, match="connection reset"):
        st.fetch_tables(["MK08", "MK09"], YEARS, client=client(_FailingAfter(service, 7)),
                        store=tmp_path / "store")  # fmt: skip
    assert not (tmp_path / "store").exists()  # nothing half-written
    service.calls.clear()
    answers = []
    tables = st.fetch_tables(
        ["MK08", "MK09"], YEARS, client=client(service), store=tmp_path / "store",
        on_answer=lambda *a: answers.append(a),
    )  # fmt: skip
    posts = [c for c in service.calls if c[0] == "post"]
    assert sum(cached for *_, cached in answers) == 7  # the answers the first run had
    assert len(posts) == len(answers) - 7  # only the rest was asked for
    by_table = {}
    for table, done, total, _ in answers:
        by_table.setdefault(table, []).append((done, total))
    assert "11re.px" in by_table and len(by_table["11re.px"]) > 1  # split: several answers
    for table, steps in by_table.items():  # 1..n of n, in order
        assert steps == [(i, steps[0][1]) for i in range(1, steps[0][1] + 1)], table
    _, whole, _ = fetched  # the same tables as the uninterrupted fetch
    for name, df in whole.items():
        pd.testing.assert_frame_equal(tables[name], df, obj=name)
