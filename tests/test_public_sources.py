"""Vipunen graduates and the Labour Market Barometer: tidy tables against independent sums and
hand examples, failure modes (429, 5xx, changed fields, missing years, offline), `kokka fetch
--source/--list`, and a build whose supply side rests on the fetched tables. Never the network:
recorded-format fakes (tests/public_fakes.py)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
import requests
from public_fakes import DEGREE_FIELDS, FakeBarometer, FakeVipunen, Router, degree_rows

from kokka_analysis import cli, foresight
from kokka_analysis.sources import barometer, fetch, vipunen
from kokka_analysis.sources.statfin import StatFinError, StatFinOfflineError
from kokka_analysis.sources.store import read_manifest, read_store

YEARS = (2015, 2024)


@pytest.fixture(scope="module")
def rows(demo_tables):
    return degree_rows(demo_tables["graduates"])


def _vclient(service, tmp_path, **kw):
    sleeps = []
    c = vipunen.client(session=service, sleep=sleeps.append, **kw)
    c.cache_dir = tmp_path / "vipunen"
    return c, sleeps


# --- Vipunen -------------------------------------------------------------------------------
def test_vipunen_graduates_equal_an_independent_sum_of_the_rows(rows, tmp_path, monkeypatch):
    monkeypatch.setattr(vipunen, "PAGE", 200)
    service = FakeVipunen(rows)
    c, _ = _vclient(service, tmp_path)
    got = vipunen.fetch_graduates(YEARS, c)

    # independent: sum the raw rows by maakunta label, year, field label and level label
    raw = pd.DataFrame(rows)
    raw = raw[raw["tilastovuosi"].astype(int).between(*YEARS)]
    lvl = {"Ammattikorkeakoulututkinto": "bachelor", "Alempi korkeakoulututkinto": "bachelor",
           "Ylempi korkeakoulututkinto": "master", "Tohtorin tutkinto": "doctoral"}  # fmt: skip
    mk = {"Kymenlaakso": "MK08", "Etelä-Karjala": "MK09", "Uusimaa": "MK01"}
    from kokka_analysis import labels

    fld = {fi: code for code, (fi, _) in labels.FIELDS.items()}
    known = raw[raw["koulutusalaTaso1"].isin(fld)]
    want = (
        known.dropna(subset=["koulutuksenMaakunta"])
        .assign(
            region=lambda d: d["koulutuksenMaakunta"].map(mk),
            year=lambda d: d["tilastovuosi"].astype(int),
            field=lambda d: d["koulutusalaTaso1"].map(fld),
            level=lambda d: d["koulutusasteTaso2"].map(lvl),
        )  # fmt: skip
        .groupby(["region", "year", "field", "level"])["tutkinnot"]
        .sum()
    )
    have = got[got["region"] != "SSS"].groupby(["region", "year", "field", "level"])["graduates"]
    pd.testing.assert_series_equal(have.sum().sort_index(), want.sort_index(), check_names=False)
    # the whole country: every row with a known field and level, with or without a maakunta
    assert got.loc[got["region"] == "SSS", "graduates"].sum() == known["tutkinnot"].sum()
    assert not got["international"].any() and got.attrs["international_known"] is False
    notes = " ".join(n["en"] for n in got.attrs["notes"])
    assert "without citizenship" in notes
    # the fake adds 3 degrees of an unknown field and 7 without a maakunta per year
    assert "30 degrees (0.1\xa0%) without a known field, level or year are in no figure" in notes
    assert "70 degrees (0.2\xa0%) without a maakunta count in the whole country only" in notes
    assert got.attrs["table_id"] == "vipunen:opiskelijat_ja_tutkinnot"
    # paged by the row count; the years asked for in the filter; the caller named
    count = len(raw)
    pages = [u for u in service.calls if "/data?" in u]
    assert len(pages) == math.ceil(count / 200) == 3 and "offset=400" in pages[2]
    assert all("tilastovuosi%3Din%3D%28%222015%22" in u for u in pages)
    assert service.headers["Caller-Id"] == vipunen.CALLER_ID


def test_vipunen_rows_as_a_user_might_meet_them():
    """A hand example: a whole-country total row, counts with thousands spaces, plural and
    specialist level labels, a Swedish region name, rows keyed in another case than the
    schema, and a citizenship field (Finnish, other, missing)."""
    fields = vipunen.find_fields(["tilastovuosi", "koulutuksenMaakunta", "koulutusalaTaso1",
                                  "koulutusasteTaso2", "tutkinnot", "kansalaisuus"])  # fmt: skip
    base = {"tilastovuosi": 2024, "koulutusalataso1": "Tekniikan alat"}
    rows = [
        {**base, "koulutuksenmaakunta": "Kymenlaakso", "koulutusastetaso2":
         "Ylemmät ammattikorkeakoulututkinnot", "tutkinnot": "1 234", "kansalaisuus": "Suomi"},
        {**base, "koulutuksenmaakunta": "Kymmenedalen", "koulutusastetaso2":
         "Lääkärien erikoistumiskoulutus", "tutkinnot": 6, "kansalaisuus": "Muu"},
        {**base, "koulutuksenmaakunta": "Kymenlaakso", "koulutusastetaso2":
         "Alemmat korkeakoulututkinnot", "tutkinnot": "2,0", "kansalaisuus": None},
        {**base, "koulutuksenmaakunta": "Koko maa", "koulutusastetaso2":
         "Ylempi korkeakoulututkinto", "tutkinnot": 5000, "kansalaisuus": "Suomi"},
    ]  # fmt: skip
    got, notes = vipunen.tidy_graduates(rows, fields)
    mk08 = got[got["region"] == "MK08"].set_index(["level", "international"])["graduates"]
    assert mk08.to_dict() == {("bachelor", False): 2, ("master", False): 1234,
                              ("master", True): 6}  # fmt: skip
    assert got.loc[got["region"] == "SSS", "graduates"].sum() == 1242  # the total row is out
    text = " ".join(n["en"] for n in notes)
    assert "total rows (5000 degrees) were left out" in text
    assert "2 degrees without citizenship count as domestic" in text


def test_vipunen_recognises_fields_by_name_in_another_order_and_case():
    fields = ["Tutkinnot", "KOULUTUSALATASO1", "tilastovuosi", "koulutusaste_taso2",
              "koulutuksenMaakunta"]  # fmt: skip
    got = vipunen.find_fields(fields)
    assert got["graduates"] == "Tutkinnot" and got["level"] == "koulutusaste_taso2"
    assert "institution" not in got  # optional


def test_vipunen_schema_of_the_real_fixture_is_read_and_a_missing_role_named(fixtures_dir):
    schema = json.loads((fixtures_dir / "vipunen" / "resource_schema_julkaisut.json").read_text())
    names = [f["name"] for f in schema]
    assert names and all(isinstance(f, dict) and "type" in f for f in schema)
    with pytest.raises(
        vipunen.VipunenError, match=r"no field for 'region'.*its fields are: tilastovuosi, "
    ):
        vipunen.find_fields(names)


def test_vipunen_failure_modes(rows, tmp_path):
    # 429 twice, then an answer: waits as told and goes on
    service = FakeVipunen(rows)
    service.fail["/data/count"] = [429, 429]
    c, sleeps = _vclient(service, tmp_path / "a")
    assert len(vipunen.fetch_graduates(YEARS, c)) > 0 and sleeps[:2] == [1.0, 1.0]
    # a 5xx that does not pass: the service and the address named
    service = FakeVipunen(rows)
    service.fail["/resources/opiskelijat_ja_tutkinnot"] = [503] * 10
    c, _ = _vclient(service, tmp_path / "b")
    with pytest.raises(StatFinError, match="Vipunen answered HTTP 503 for https://api.vipunen"):
        vipunen.fetch_graduates(YEARS, c)
    # a changed resource: the missing role and the fields there are
    changed = [f for f in DEGREE_FIELDS if f[0] != "tutkinnot"] + [("tutkinnotYht", "number")]
    c, _ = _vclient(FakeVipunen(rows, fields=changed), tmp_path / "c")
    with pytest.raises(vipunen.VipunenError, match=r"no field for 'graduates'.*tutkinnotYht"):
        vipunen.fetch_graduates(YEARS, c)
    # years the resource does not have
    c, _ = _vclient(FakeVipunen(rows), tmp_path / "d")
    with pytest.raises(vipunen.VipunenError, match="no rows for 1990-1995; choose other years"):
        vipunen.fetch_graduates((1990, 1995), c)
    # a resource that is not there (the service answers 404 with a plain string)
    c, _ = _vclient(FakeVipunen(rows), tmp_path / "e")
    with pytest.raises(vipunen.VipunenError, match="no resource 'tutkinnot_x'"):
        vipunen.fetch_graduates(YEARS, c, resource="tutkinnot_x")
    # offline with nothing cached: the service and the cache folder named
    c = vipunen.client(offline=True)
    c.cache_dir = tmp_path / "empty"
    with pytest.raises(StatFinOfflineError, match=r"Cannot reach Vipunen .* \(.*empty\)"):
        vipunen.fetch_graduates(YEARS, c)


def test_vipunen_offline_from_the_cache_gives_the_same_table(rows, tmp_path):
    c, _ = _vclient(FakeVipunen(rows), tmp_path)
    first = vipunen.fetch_graduates(YEARS, c)
    off = vipunen.client(offline=True)
    off.cache_dir = tmp_path / "vipunen"
    again = vipunen.fetch_graduates(YEARS, off)
    pd.testing.assert_frame_equal(first, again)
    assert again.attrs["retrieved"] == first.attrs["retrieved"]


# --- Työvoimabarometri ---------------------------------------------------------------------
#: (occupation, region, month) -> (state, severity, unemployed, vacancies)
ASSESSMENTS = {
    ("2511", "08", "2026-06"): (3, 5, 10, 0),  # shortage, alarming: index 5
    ("2512", "08", "2026-06"): (1, 3, 20, 10),  # surplus, moderate: index 2
    ("3112", "09", "2026-06"): (0, 1, None, None),  # balance, counts suppressed: 3, weight 1
    ("3112", "09", "2025-12"): (2, 4, 3, 3),  # mismatch: 3
    ("5321", "08", "2025-12"): (3, 3, 5, 5),  # shortage, moderate: 4
    ("5321", "09", "2025-12"): (99, 1, 5, 5),  # not computed: left out
    ("9112", "01", "2026-06"): (1, 5, 50, 1),  # surplus, alarming: 1
    ("9112", "08", "2026-03"): (3, 5, 1, 1),  # a month that is not a half-year end
}


def _bclient(service, tmp_path):
    sleeps = []
    c = barometer.client(session=service, sleep=sleeps.append)
    c.cache_dir = tmp_path / "barometer"
    return c, sleeps


def test_barometer_indices_and_two_digit_groups_by_hand(tmp_path):
    service = FakeBarometer(ASSESSMENTS)
    c, _ = _bclient(service, tmp_path)
    got = barometer.fetch_barometer(c, periods=2)
    by = got.set_index(["region", "period", "occupation"])["index"]
    # group 25 in Kymenlaakso, 2026H1: (5 * 10 + 2 * 30) / 40
    assert by[("MK08", "2026H1", "25")] == pytest.approx(2.75)
    assert by[("MK09", "2026H1", "31")] == 3.0 and by[("MK09", "2025H2", "31")] == 3.0
    assert by[("MK08", "2025H2", "53")] == 4.0 and by[("MK01", "2026H1", "91")] == 1.0
    assert ("MK09", "2025H2", "53") not in by.index  # state 99
    assert len(got) == 5  # 2026-03 is not asked for: the half-years end in June and December
    months = {u.rsplit("/", 1)[-1] for u in service.calls if "/Ammatti/" in u}
    assert months == {"2025-12", "2026-06"}
    assert "2026H1" in got.attrs["notes"][0]["fi"] and got.attrs["synthetic"] is False


def test_barometer_latest_half_year_not_yet_ended_is_taken_from_its_latest_month(tmp_path):
    service = FakeBarometer(ASSESSMENTS, latest="2026-03")
    c, _ = _bclient(service, tmp_path)
    got = barometer.fetch_barometer(c, periods=2)
    assert set(got["period"]) == {"2025H2", "2026H1"}
    assert (
        got.set_index(["region", "period", "occupation"])["index"][("MK08", "2026H1", "91")] == 5.0
    )


def test_barometer_failure_modes(tmp_path):
    service = FakeBarometer(ASSESSMENTS)
    service.fail["/ammatit"] = [429]
    c, sleeps = _bclient(service, tmp_path / "a")
    assert len(barometer.fetch_barometer(c)) == 5 and sleeps == [1.0]

    service = FakeBarometer(ASSESSMENTS)
    service.fail["/Tyollisyys/kohtaanto/date"] = [500] * 10
    c, _ = _bclient(service, tmp_path / "b")
    with pytest.raises(StatFinError, match="Työvoimabarometri answered HTTP 500"):
        barometer.fetch_barometer(c)

    service = FakeBarometer(ASSESSMENTS)
    service.rename = {"kohtaantotila": "tila"}
    c, _ = _bclient(service, tmp_path / "c")
    with pytest.raises(barometer.BarometerError, match=r"no field 'kohtaantotila'.*'tila'"):
        barometer.fetch_barometer(c)

    service = FakeBarometer(ASSESSMENTS, latest="kesäkuu")
    c, _ = _bclient(service, tmp_path / "d")
    with pytest.raises(barometer.BarometerError, match="latest month is not 'yyyy-mm'"):
        barometer.fetch_barometer(c)

    service = FakeBarometer({})  # reachable, but nothing for the months asked
    c, _ = _bclient(service, tmp_path / "e")
    with pytest.raises(barometer.BarometerError, match="no assessments for the months asked"):
        barometer.fetch_barometer(c)


def test_barometer_saved_by_hand(tmp_path):
    csv = tmp_path / "baro.csv"
    csv.write_text('region,period,occupation,index\nKymenlaakso,2026H1,25,"4,5"\n', "utf-8")
    got = barometer.read_barometer_file(csv)
    assert got.iloc[0].to_dict() == {"region": "MK08", "period": "2026H1", "occupation": "25",
                                     "index": 4.5}  # fmt: skip
    bad = tmp_path / "bad.csv"
    bad.write_text("region,period,occupation\nMK08,2026H1,25\n", "utf-8")
    with pytest.raises(Exception, match=r"bad.csv.*'index' is missing"):
        barometer.read_barometer_file(bad)
    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps([
        {"region": "MK08", "month": "2026-06", "occupation4": "2511", "state": 3, "severity": 5,
         "weight": 10},
        {"region": "MK08", "month": "2026-06", "occupation4": "2512", "state": 1, "severity": 3,
         "weight": 30},
    ]), "utf-8")  # fmt: skip
    assert barometer.read_barometer_file(rows)["index"].tolist() == [2.75]


# --- kokka fetch ---------------------------------------------------------------------------
@pytest.fixture
def router(rows, monkeypatch, tmp_path):
    r = Router(vipunen=FakeVipunen(rows), tyovoimabarometri=FakeBarometer(ASSESSMENTS))
    monkeypatch.setattr(requests, "Session", lambda: r)
    monkeypatch.setenv("KOKKA_DATA", str(tmp_path / "data"))
    return r


def test_kokka_fetch_list_names_every_source_and_what_it_feeds(capsys):
    assert cli.main(["fetch", "--list"]) == 0
    out = capsys.readouterr().out
    for name in fetch.SOURCES:
        assert f"{name}:" in out
    assert "opiskelijat_ja_tutkinnot" in out and "-> graduates" in out and "14wx" in out
    assert cli.main(["fetch", "--source", "kela"]) == 2
    assert "unknown --source 'kela'" in capsys.readouterr().err


def test_kokka_fetch_sources_store_and_a_failing_source_keeps_what_was_there(router, capsys):
    argv = ["fetch", "--source", "vipunen", "--source", "barometer", "--years", "2015-2024"]
    assert cli.main(argv) == 0
    out = capsys.readouterr()
    assert "graduates" in out.out and "barometer" in out.out and "Vipunen" in out.err
    store = read_store()
    assert set(store) == {"graduates", "barometer"}
    manifest = read_manifest()
    assert manifest["tables"]["graduates"]["years"] == [2015, 2024]
    assert store["graduates"].attrs["international_known"] is False  # kept in the manifest
    before = store["barometer"]
    # the Barometer now fails: Vipunen is stored again, the Barometer kept, exit 1
    router.services["tyovoimabarometri"].fail["/ammatit"] = [503] * 10
    router.services["tyovoimabarometri"].retry_after = "0"  # the CLI's client really sleeps
    assert cli.main([*argv, "--refresh"]) == 1
    out = capsys.readouterr()
    assert "barometer failed: Työvoimabarometri answered HTTP 503" in out.err
    assert "the failed sources keep what was fetched before" in out.out
    again = read_store()
    pd.testing.assert_frame_equal(again["barometer"], before)
    # offline, from the cache
    assert cli.main(["fetch", "--offline", "--source", "vipunen", "--years", "2015-2024"]) == 0
    assert cli.main(["fetch", "--source", "vipunen", "--table", "nonsense=x"]) == 2
    assert cli.main(["fetch", "--source", "statfin", "--table", "graduates=x"]) == 2
    assert "belongs to the source 'vipunen'" in capsys.readouterr().err


def test_supply_without_citizenship_counts_every_graduate_as_domestic(rows, tmp_path):
    from kokka_analysis.sources import demo

    t = demo.generate(seed=0)
    c, _ = _vclient(FakeVipunen(rows), tmp_path)
    grads = vipunen.fetch_graduates(YEARS, c)
    args = (t["employment"], t["population"], t["migration"])
    real = foresight.new_supply(*args, grads, "MK08", 10)
    assert real.attrs["international_known"] is False
    assert real["graduates_international"].sum() == 0
    # by hand: the last three years' higher-education degrees of Kymenlaakso, a year's worth,
    # times the horizon and the domestic rate (spreading over industries keeps the total)
    mk08 = grads[(grads["region"] == "MK08") & (grads["year"] > grads["year"].max() - 3)]
    want = mk08["graduates"].sum() / 3 * 10 * foresight.RETENTION_DOMESTIC
    assert real["graduates_domestic"].sum() == pytest.approx(want)
    # a retention scenario cannot move what is not known: the pages say so
    text = foresight.supply_findings(real, "MK08", lang="en")
    assert "international graduates cannot be told apart" in text
    table = foresight.assumptions_table(10, lang="en", graduates=grads)
    row = table.set_index("assumption").loc["Retention of international graduates"]
    assert row["basis"].startswith("not applied")


# --- a build on every public source --------------------------------------------------------
def test_a_build_on_every_fetched_source_has_no_synthetic_part(
    rows, demo_tables, monkeypatch, tmp_path
):
    """StatFin, Vipunen and the Barometer fetched (fakes): the situation and foresight pages
    rest on real tables only, say where each comes from, and the index says so per topic."""
    from register_fake import LONG_ID, counter_table
    from statfin_fake import FakeStatFin, build_tables

    from kokka_analysis.publish.build import build

    r = Router(statfin=FakeStatFin(build_tables(demo_tables)), vipunen=FakeVipunen(rows),
               tyovoimabarometri=FakeBarometer(ASSESSMENTS),
               pxdata=FakeStatFin({LONG_ID: counter_table(demo_tables["enterprises"])}))  # fmt: skip
    monkeypatch.setattr(requests, "Session", lambda: r)
    monkeypatch.setenv("KOKKA_DATA", str(tmp_path / "data"))
    got = fetch.fetch_sources(list(fetch.SOURCES), ["MK08", "MK09"], YEARS)
    assert not [n for n, v in got.items() if isinstance(v, Exception)], got
    assert {*read_store()} == {
        "population", "migration", "employment", "labour_market", "population_projection",
        "graduates", "barometer", "enterprises",
    }  # fmt: skip
    site = tmp_path / "site"
    summary = build(["MK08"], ["01_situation_picture", "02_labour_shortage_foresight",
                               "05_employer_needs"],
                    params={"data_source": "statfin"}, out_dir=site, workers=2)  # fmt: skip
    assert summary.ok and len(summary.built) == 3, summary.failed
    # the employer page: weighted to the fetched counter; its survey is still synthetic
    employer_page = (site / "MK08" / "05_employer_needs.html").read_text("utf-8")
    assert "Tilastokeskus, Toimipaikkalaskuri" in employer_page
    assert "toimipaikkaan (monitoimipaikkainen yritys" in employer_page
    assert "SYNTEETTISTÄ DEMODATAA tällä sivulla: työnantajakysely" in employer_page
    assert "synteettinen kehikko" not in employer_page
    situation = (site / "MK08" / "01_situation_picture.html").read_text("utf-8")
    foresight_page = (site / "MK08" / "02_labour_shortage_foresight.html").read_text("utf-8")
    for page in (situation, foresight_page):
        assert "SYNTEETTI" not in page and "Traceback" not in page
    # the footer: the fetched tables the page uses, no others
    assert "vipunen:opiskelijat_ja_tutkinnot" in foresight_page.split("kokka-footer")[-1]
    assert "vipunen:" not in situation.split("kokka-footer")[-1]
    assert "Työvoimabarometri, KEHA-keskus" in situation  # the data box names the source
    assert "Vipunen (Opetushallinto), CC BY 4.0 (vipunen:opiskelijat_ja_tutkinnot)" in (
        foresight_page
    )
    assert "ei voi erottaa" in foresight_page  # no citizenship in Vipunen's degrees
    assert "Tilastokeskuksen väestöennuste" in foresight_page
    index = (site / "index.html").read_text("utf-8")
    assert index.count("todellinen / real:") == 3
    # only the employer page has a synthetic part: its survey (the analyst's own file)
    assert index.count("synteettinen / synthetic:") == 1
    assert "synteettinen / synthetic: työnantajakysely / employer survey<" in index
    assert "tutkinnot / graduates" in index and "työvoimabarometri / labour market barometer" in (
        index
    )


def test_a_statistics_year_older_than_the_barometer_gets_its_latest_half_year(tmp_path):
    from kokka_analysis import indicators
    from kokka_analysis.errors import KokkaError

    c, _ = _bclient(FakeBarometer(ASSESSMENTS), tmp_path)
    bar = barometer.fetch_barometer(c)
    with pytest.raises(KokkaError, match="no period of 2024 for MK08"):
        indicators.shortage_occupations(bar, "KU285", 2024)
    got = indicators.shortage_occupations(bar, "KU285", 2024, latest_if_missing=True)
    assert set(got["period"]) == {"2026H1"} and got["barometer_region"].iloc[0] == "MK08"
    assert got.set_index("occupation")["index"]["25"] == pytest.approx(2.75)
    text = indicators.shortage_findings(got, "KU285", lang="fi")
    assert "Vuotta 2024 ei ole barometrissa; käytetty viimeisintä puolivuotiskautta 2026H1" in text


def test_a_kunta_gets_its_share_of_its_maakuntas_graduates(rows, tmp_path):
    """Vipunen has maakunnat only: Kotka's supply takes Kymenlaakso's graduates times Kotka's
    share of Kymenlaakso's employed, and says so (it used to count none)."""
    from kokka_analysis.sources import demo

    t = demo.generate(seed=0)
    c, _ = _vclient(FakeVipunen(rows), tmp_path)
    grads = vipunen.fetch_graduates(YEARS, c)
    args = (t["employment"], t["population"], t["migration"])
    mk = foresight.new_supply(*args, grads, "MK08", 10)
    ku = foresight.new_supply(*args, grads, "KU285", 10)
    emp = t["employment"][t["employment"]["year"] == 2024].groupby("region")["employed"].sum()
    share = emp["KU285"] / emp["MK08"]
    assert ku.attrs["graduates_region"] == "MK08"
    assert ku.attrs["graduates_share"] == pytest.approx(share)
    assert ku["graduates_domestic"].sum() == pytest.approx(mk["graduates_domestic"].sum() * share)
    assert 0 < share < 1 and ku["graduates_domestic"].sum() > 0
    text = foresight.supply_findings(ku, "KU285", lang="fi")
    assert text.startswith("Kotkassa tulee 10 vuodessa")
    assert (
        f"Kymenlaakson tutkinnoista sen osuus maakunnan työllisistä ({share * 100:.0f}\xa0%)"
        in text
    )
    # the demo's graduates are by kunta: the kunta's own rows, no share
    own = foresight.new_supply(*args, t["graduates"], "KU285", 10)
    assert own.attrs["graduates_share"] == 1.0 and own.attrs["graduates_region"] == "KU285"


def test_barometer_offline_after_a_fetch_and_answers_of_odd_shapes(tmp_path):
    """Months an occupation has no assessment for (404) are cached too, so --offline works
    after an online fetch; counts as strings or suppressed, a fractional severity."""
    service = FakeBarometer({
        **ASSESSMENTS,
        ("2511", "09", "2026-06"): (3, 5, "12", None),  # count as a string, vacancies suppressed
        ("2512", "09", "2026-06"): (1, 4.6, 3, 3),  # not a severity code: left out
    })  # fmt: skip
    c, _ = _bclient(service, tmp_path)
    online = barometer.fetch_barometer(c)
    assert (
        online.set_index(["region", "period", "occupation"])["index"][("MK09", "2026H1", "25")]
        == 5.0
    )
    off = barometer.client(offline=True)
    off.cache_dir = tmp_path / "barometer"
    pd.testing.assert_frame_equal(barometer.fetch_barometer(off), online)


def test_barometer_names_a_running_half_year_by_its_month(tmp_path):
    c, _ = _bclient(FakeBarometer(ASSESSMENTS, latest="2026-03"), tmp_path)
    note = barometer.fetch_barometer(c).attrs["notes"][0]
    assert "2026H1 is still running: its assessment is that of 2026-03" in note["en"]
    assert "kausi 2026H1 on kesken" in note["fi"]


def test_barometer_rows_saved_by_hand_with_region_names(tmp_path):
    path = tmp_path / "rows.json"
    path.write_text(json.dumps([
        {"region": "Kymenlaakso", "month": "2026-06", "occupation4": "2511", "state": 3,
         "severity": 5},
        {"region": "08", "month": "2026-06", "occupation4": "2512", "state": 1, "severity": 3},
    ]), "utf-8")  # fmt: skip
    got = barometer.read_barometer_file(path)
    assert got["index"].tolist() == [3.5] and got.attrs["synthetic"] is False
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"region": "Atlantis", "month": "2026-06", "occupation4": "2511",
                                "state": 3, "severity": 5}]), "utf-8")  # fmt: skip
    with pytest.raises(Exception, match=r"bad.json.*region that is not known"):
        barometer.read_barometer_file(bad)
