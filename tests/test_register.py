"""The business frame fetched from Statistics Finland's establishment counter
(``kokka fetch --source register``): a round trip through a PxWeb-format fake built from the
demo frame (its sums must come back exactly), the layouts the counter has had, failure modes,
the store, and a page weighted to the fetched frame. Never the network."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import requests
from public_fakes import Router
from register_fake import LONG_ID, UNKNOWN_PER_CELL, counter_table
from statfin_fake import FakeStatFin

from kokka_analysis import cli, employers, regions
from kokka_analysis.sources import base, register
from kokka_analysis.sources.statfin import StatFinOfflineError
from kokka_analysis.sources.store import read_store

HOME = ["MK08", "MK09"]


@pytest.fixture(scope="module")
def frame(demo_tables):
    return demo_tables["enterprises"]


def _client(tables, tmp_path, **kw):
    service = FakeStatFin(tables)
    c = register.client(session=service, sleep=lambda s: None, **kw)
    c.cache_dir = tmp_path / "register"
    return c, service


def _expected(frame, region_codes):
    kunnat = register.kunnat_of(region_codes)
    want = frame[frame["region"].isin(kunnat)]
    return (
        want.groupby(["region", "industry", "size_class"], as_index=False)["enterprises"]
        .sum()
        .query("enterprises > 0")
        .reset_index(drop=True)
    )


def _compare(got, want):
    pd.testing.assert_frame_equal(
        got[["region", "industry", "size_class", "enterprises"]].reset_index(drop=True),
        want,
        check_dtype=False,
    )


def test_the_counters_sums_come_back_as_the_frame_they_were_made_from(frame, tmp_path):
    c, service = _client({LONG_ID: counter_table(frame)}, tmp_path)
    got = register.fetch_frame(HOME, c)
    _compare(got, _expected(frame, HOME))
    # the section level was asked (not divisions or classes: they would count twice)
    post = [u for m, u in service.calls if m == "post"]
    assert len(post) == 1 and post[0].endswith(f"Toimipaikkalaskuri/Toimipaikkalaskuri/{LONG_ID}")
    assert got.attrs["unit"] == "establishments" and got.attrs["synthetic"] is False
    assert got["employees"].isna().all()  # this layout has no personnel
    # establishments of unknown size are left out and counted, by hand: one per kunta x section
    kunnat = register.kunnat_of(HOME)
    cells = frame[frame["region"].isin(kunnat)].groupby(["region", "industry"]).ngroups
    assert got.attrs["unknown_size"] == cells * UNKNOWN_PER_CELL
    assert any(f"{cells} establishments whose size class" in n["en"] for n in got.attrs["notes"])
    assert "Toimipaikkalaskuri" in got.attrs["source"] and "14if" in got.attrs["table_id"]


def test_a_seutukunta_asks_only_its_own_municipalities(frame, tmp_path):
    c, _ = _client({LONG_ID: counter_table(frame)}, tmp_path)
    got = register.fetch_frame(["SK082"], c)
    _compare(got, _expected(frame, ["SK082"]))
    assert set(got["region"]) == {k.code for k in regions.members("SK082", "kunta")}


def test_the_older_layout_with_bare_five_digit_codes_is_summed_to_sections(frame, tmp_path):
    c, _ = _client({LONG_ID: counter_table(frame, bare=True)}, tmp_path)
    _compare(register.fetch_frame(HOME, c), _expected(frame, HOME))


def test_a_year_takes_the_latest_and_personnel_is_read_when_the_table_has_it(frame, tmp_path):
    table = counter_table(frame, year="2024", personnel=True)
    c, _ = _client({LONG_ID: table}, tmp_path)
    got = register.fetch_frame(HOME, c)
    _compare(got, _expected(frame, HOME))  # 2024, not 2020 (half as many)
    assert got.attrs["year"] == 2024 and "(2024)" in got.attrs["table_id"]
    # personnel: three per establishment in the fake
    assert (got["employees"] == 3.0 * got["enterprises"]).all()


def test_the_short_id_is_tried_when_the_long_one_is_gone_and_a_named_one_is_used(frame, tmp_path):
    c, service = _client({"14if.px": counter_table(frame, path="14if.px")}, tmp_path)
    _compare(register.fetch_frame(HOME, c), _expected(frame, HOME))
    assert [u.rsplit("/", 1)[-1] for m, u in service.calls if m == "get" and "?" not in u] == [
        LONG_ID,
        "14if.px",
    ]
    c, _ = _client({"x9zz.px": counter_table(frame, path="x9zz.px")}, tmp_path / "b")
    _compare(register.fetch_frame(HOME, c, table="Toimipaikkalaskuri/x9zz.px"),
             _expected(frame, HOME))  # fmt: skip
    c, _ = _client({}, tmp_path / "c")
    with pytest.raises(register.RegisterError, match="--table enterprises=Toimipaikkalaskuri"):
        register.fetch_frame(HOME, c)


def test_a_table_without_size_classes_or_industries_is_named_with_its_variables(frame, tmp_path):
    table = counter_table(frame)
    size = table.variables.pop(2)
    table.array = table.array.sum(axis=2)
    assert size["code"] == "Henkilöstön suuruusluokka"
    c, _ = _client({LONG_ID: table}, tmp_path)
    with pytest.raises(register.RegisterError, match=r"no variable for the size class.*Toimiala"):
        register.fetch_frame(HOME, c)
    table = counter_table(frame)
    table.variables[1]["values"] = [f"Z{i}" for i in range(len(table.variables[1]["values"]))]
    c, _ = _client({LONG_ID: table}, tmp_path / "b")
    with pytest.raises(register.RegisterError, match="no variable with TOL 2008 industry codes"):
        register.fetch_frame(HOME, c)
    kotka_only = counter_table(frame[frame["region"] == "KU285"])
    c, _ = _client({LONG_ID: kotka_only}, tmp_path / "c")
    with pytest.raises(register.RegisterError, match="none of the municipalities asked for"):
        register.fetch_frame(["MK09"], c)


def test_offline_answers_from_the_cache_or_says_where_it_looked(frame, tmp_path):
    c, _ = _client({LONG_ID: counter_table(frame)}, tmp_path)
    online = register.fetch_frame(HOME, c)
    off, _ = _client({}, tmp_path, offline=True)
    _compare(register.fetch_frame(HOME, off), _expected(frame, HOME))
    assert online.attrs["retrieved"] == register.fetch_frame(HOME, off).attrs["retrieved"]
    empty, _ = _client({}, tmp_path / "none", offline=True)
    with pytest.raises(StatFinOfflineError, match="register"):
        register.fetch_frame(HOME, empty)


def test_kokka_fetch_register_stores_the_frame_and_pages_weight_to_it(
    frame, demo_tables, monkeypatch, tmp_path, capsys
):
    service = FakeStatFin({LONG_ID: counter_table(frame)})
    monkeypatch.setattr(requests, "Session", lambda: Router(pxdata=service))
    monkeypatch.setenv("KOKKA_DATA", str(tmp_path / "data"))
    assert cli.main(["fetch", "--list"]) == 0
    assert f"enterprises              {register.TABLES[0]}" in capsys.readouterr().out
    assert cli.main(["fetch", "--source", "register", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "register" in out and "enterprises" in out
    stored = read_store()["enterprises"]  # validated against the schema on reading
    _compare(stored, _expected(frame, HOME))
    tables = base.load_tables("statfin")
    assert not tables["enterprises"].attrs.get("stand_in")
    assert tables["employer_survey"].attrs["stand_in"]  # the survey is the analyst's own
    # the employer page's weighting speaks of the counter's establishments
    firms = employers.in_region(tables["employer_survey"], "MK08")
    w = employers.weights(firms, employers.in_region(tables["enterprises"], "MK08"))
    assert w.attrs["raked"] and w.attrs["unit"] == "establishments"
    mk08 = _expected(frame, ["MK08"])  # the cells of sections and classes firms answered in
    mk08 = mk08[mk08["industry"].isin(set(firms["industry"]))
                & mk08["size_class"].isin(set(firms["size_class"]))]  # fmt: skip
    assert w["firm_weight"].sum() == pytest.approx(mk08["enterprises"].sum())
    text = employers.weighting_text(firms, w, lang="en")
    assert "establishments (a firm with several counts once per establishment)" in text
    assert cli.main(["fetch", "--source", "register", "--table", "enterprises=x.px"]) == 1
    assert "register failed" in capsys.readouterr().err
    _compare(read_store()["enterprises"], _expected(frame, HOME))  # kept as it was


# --- found by a reviewer with layouts of its own ---------------------------------------------
def _with_unknown_industry(frame):
    kunnat = sorted(register.kunnat_of(HOME) & set(frame["region"]))
    x = pd.DataFrame({"region": kunnat, "industry": "X", "size_class": "0-9",
                      "enterprises": range(1, len(kunnat) + 1), "employees": float("nan")})  # fmt: skip
    return pd.concat([frame, x], ignore_index=True)


@pytest.mark.parametrize("bare", [False, True])
def test_unknown_industry_is_its_own_group_and_does_not_hide_the_others(frame, tmp_path, bare):
    """An X value beside bare five-digit codes made the loader ask for X alone."""
    with_x = _with_unknown_industry(frame)
    c, _ = _client({LONG_ID: counter_table(with_x, bare=bare)}, tmp_path)
    got = register.fetch_frame(HOME, c)
    _compare(got, _expected(with_x, HOME))
    assert {"C", "G", "X"} <= set(got["industry"])


def test_years_listed_newest_first_still_give_the_latest(frame, tmp_path):
    table = counter_table(frame, year="2024", years_descending=True)
    c, _ = _client({LONG_ID: table}, tmp_path)
    got = register.fetch_frame(HOME, c)
    _compare(got, _expected(frame, HOME))
    assert got.attrs["year"] == 2024


def test_size_subtotals_beside_the_classes_are_not_counted_twice(frame, tmp_path):
    c, _ = _client({LONG_ID: counter_table(frame, subtotals=True)}, tmp_path)
    _compare(register.fetch_frame(HOME, c), _expected(frame, HOME))


def test_personnel_or_turnover_is_never_taken_for_the_count(frame, tmp_path):
    table = counter_table(frame, personnel=True)
    table.variables[-1]["valueTexts"] = ["Henkilöstö", "Liikevaihto"]  # no count among them
    c, _ = _client({LONG_ID: table}, tmp_path)
    with pytest.raises(register.RegisterError, match="no measure reads as the number of est"):
        register.fetch_frame(HOME, c)
    table = counter_table(frame, personnel=True)
    table.variables[-1]["values"] = table.variables[-1]["values"][1:]  # personnel alone
    table.variables[-1]["valueTexts"] = ["Henkilöstö"]
    table.array = table.array[..., 1:]
    c, _ = _client({LONG_ID: table}, tmp_path / "b")
    with pytest.raises(register.RegisterError, match="among: Henkilöstö"):
        register.fetch_frame(HOME, c)


def test_a_size_label_not_understood_is_an_error_not_an_unknown_size(frame, tmp_path):
    table = counter_table(frame)
    texts = table.variables[2]["valueTexts"]
    texts[texts.index("1 000 - henkeä")] = "Suuryritykset"
    c, _ = _client({LONG_ID: table}, tmp_path)
    with pytest.raises(register.RegisterError, match="not understood: Suuryritykset"):
        register.fetch_frame(HOME, c)


def test_a_missing_municipality_and_missing_personnel_are_said(frame, tmp_path):
    lemi = "KU416"
    assert lemi in register.kunnat_of(HOME)
    table = counter_table(frame[frame["region"] != lemi], personnel=True)
    table.array[1, 1, 1, 1] = np.nan  # one personnel cell protected ('..')
    c, _ = _client({LONG_ID: table}, tmp_path)
    got = register.fetch_frame(HOME, c)
    _compare(got, _expected(frame[frame["region"] != lemi], HOME))
    notes = " ".join(n["en"] for n in got.attrs["notes"])
    assert "no rows for Lemi" in notes and "1 personnel cells" in notes
    kunta = table.variables[0]["values"][1]
    cell = got[
        (got["region"] == f"KU{kunta}") & (got["industry"] == "A") & (got["size_class"] == "0-9")
    ]
    assert cell["employees"].isna().all()  # not a partial sum
    assert got["employees"].notna().sum() == len(got) - 1
