"""The whole country (issue 18): the demo covers every kunta of an installed municipality key,
and `kokka build --level seutukunta --notebook 01` builds every seutukunta of Finland from it
and from a whole-country fetch (through the recorded-format fake of StatFin, never the
network)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from statfin_fake import FakeStatFin, build_tables

from kokka_analysis import cli, regions
from kokka_analysis.sources import base, classification, demo, statfin
from kokka_analysis.sources import statfin_tables as st

pytestmark = pytest.mark.slow
YEARS = (2010, 2024)


@pytest.fixture(scope="module")
def country(fixtures_dir, tmp_path_factory):
    """A data folder with the 2026 municipality key installed, and the whole-country demo."""
    home = tmp_path_factory.mktemp("country")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KOKKA_DATA", str(home / "data"))
        mp.setattr(regions, "REGISTRY", regions._default_registry())
        assert classification.install_key(fixtures_dir / "regions" / "municipality_key_2026.csv")
        base._demo_tables.cache_clear()
        yield home, base.load_tables("demo")
    base._demo_tables.cache_clear()


def _totals(df, year, value="persons"):
    return df[df["year"] == year].groupby("region")[value].sum()


def test_whole_country_demo_covers_every_kunta_with_plausible_sizes(country, demo_tables):
    _, tables = country
    kunnat = {r.code for r in regions.all_regions("kunta")}
    assert len(kunnat) == 308
    for name in ("population", "migration", "employment", "labour_market"):
        have = set(tables[name]["region"])
        assert kunnat <= have, name
        assert {r.code for r in regions.all_regions("seutukunta")} <= have, name
        assert {r.code for r in regions.all_regions("maakunta")} | {"SSS"} <= have, name
    pop = _totals(tables["population"], 2010)
    ku = pop[pop.index.str.startswith("KU")]
    assert 5.2e6 < pop["SSS"] < 5.5e6  # Finland had about 5.4 million residents in 2010
    assert pop["SSS"] == ku.sum()  # the country is the sum of its kunnat here
    mk = pop[pop.index.str.startswith("MK")]
    assert mk.sum() == pop["SSS"] and pop["MK01"] == mk.max()  # Uusimaa is the largest
    assert pop["MK21"] < 60_000  # Åland is small
    for code, size in demo.TOWN_POP_2010.items():  # large towns of their invented size
        assert abs(ku[code] / size - 1) < 0.1, code
    others = ku.drop(list(demo.TOWN_POP_2010) + list(demo.POP_2010))
    assert 2_000 < others.median() < 10_000 and others.max() < 60_000  # Finland: about 6,000
    # urbanisation: the large towns grow, small kunnat shrink (2010 -> 2024)
    pop24 = _totals(tables["population"], 2024)
    big = [c for c in ku.index if ku[c] >= 100_000]
    small = [c for c in ku.index if ku[c] < 5_000]
    assert pop24[big].sum() > ku[big].sum() and pop24[small].sum() < ku[small].sum()
    # moves between Finnish regions are not moves of the whole country
    mig = tables["migration"]
    national = mig[(mig["region"] == "SSS") & (mig["counterpart"] == "domestic")]
    assert len(national) and (national["persons"] == 0).all()
    # Swedish speakers: most in Åland and Pohjanmaa
    p24 = tables["population"][tables["population"]["year"] == 2024]
    sv = p24[p24["language_group"] == "sv"].groupby("region")["persons"].sum() / pop24
    assert sv["MK21"] > 0.6 and sv["MK15"] > 0.3 and sv["SSS"] < 0.1


def test_home_regions_are_the_same_with_or_without_the_key(country, demo_tables):
    _, tables = country
    home = set(regions.home_regions())
    for name in ("population", "migration", "employment", "labour_market"):
        with_key = tables[name][tables[name]["region"].isin(home)].reset_index(drop=True)
        without = demo_tables[name][demo_tables[name]["region"].isin(home)]
        pd.testing.assert_frame_equal(with_key, without.reset_index(drop=True), obj=name)
    for name in ("barometer", "graduates", "cohort", "survey"):  # the home regions' only
        pd.testing.assert_frame_equal(tables[name], demo_tables[name], obj=name)


def _built_regions(site):
    return {page.parent.name for page in site.glob("*/01_situation_picture.html")}


def test_build_every_seutukunta_of_finland_from_the_whole_country_demo(country, capsys):
    home, _ = country
    site = home / "site-demo"
    rc = cli.main(["build", "--level", "seutukunta", "--notebook", "01", "--out", str(site),
                   "--workers", "2", "--no-progress", "-p", "lang", "fi"])  # fmt: skip
    out = capsys.readouterr()
    assert rc == 0, out.err[-2000:]
    every = {r.code for r in regions.all_regions("seutukunta")}
    assert len(every) == 69 and _built_regions(site) == every
    assert "69 built, 0 up to date, 0 failed" in out.out
    page = (site / "SK011" / "01_situation_picture.html").read_text("utf-8")
    assert "Helsinki" in page and re.search(r"synteettis|synthetic", page, re.I)
    index = (site / "index.html").read_text("utf-8")
    assert all(f"{code}/01_situation_picture.html" in index for code in every)


def test_build_every_seutukunta_from_a_whole_country_fetch(country, capsys):
    home, tables = country
    service = FakeStatFin(build_tables(tables))
    client = statfin.StatFinClient(
        session=service, cache_dir=home / "data" / "raw" / "statfin", sleep=lambda s: None
    )
    wanted = regions.region_set(level="seutukunta")
    fetched = st.fetch_tables(wanted, YEARS, client=client)
    # one query per table for all kunnat (split only by the service's cell limit)
    posts = [url.rsplit("/", 1)[-1] for method, url in service.calls if method == "post"]
    assert 0 < len(posts) < len(regions.all_regions("kunta")) / 3  # not region by region
    assert posts.count("11rv.px") == 1  # 309 areas x 15 years x 5 origins: within the limit
    assert posts.count("11re.px") > 1  # single years of age x sex x 309 areas: split
    pop = fetched["population"]
    kunnat = {r.code for r in regions.all_regions("kunta")}
    assert kunnat <= set(pop["region"])
    mine = _totals(pop, 2024)
    theirs = _totals(tables["population"], 2024)
    assert np.allclose(mine[sorted(kunnat)], theirs[sorted(kunnat)])
    assert np.isclose(mine["SK011"], theirs["SK011"]) and np.isclose(mine["SSS"], theirs["SSS"])

    # every seutukunta is in the store; the build (the same command as the demo test's, which
    # builds all 69) is run for the seutukunnat of three maakunnat to keep the suite short:
    # the largest (Uusimaa), the most northern (Lappi) and the Swedish-speaking islands (Åland)
    every = {r.code for r in regions.all_regions("seutukunta")}
    assert every <= set(pop["region"])
    site = home / "site-statfin"
    rc = cli.main(["build", "--level", "seutukunta", "--within", "MK01", "--within", "MK19",
                   "--within", "MK21", "--notebook", "01", "--out", str(site), "-p",
                   "data_source", "statfin", "--workers", "2", "--no-progress", "-p", "lang",
                   "fi"])  # fmt: skip
    out = capsys.readouterr()
    assert rc == 0, out.err[-2000:]
    chosen = regions.region_set(level="seutukunta", within=["MK01", "MK19", "MK21"])
    assert len(chosen) >= 10 and _built_regions(site) == set(chosen)
    page = (site / "SK011" / "01_situation_picture.html").read_text("utf-8")
    assert "Tilastokeskus" in page
