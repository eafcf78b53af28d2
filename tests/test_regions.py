import csv

import pandas as pd
import pytest

from kokka_analysis import regions
from kokka_analysis.errors import KokkaError, UnknownRegionError

HOME_KUNNAT = {
    "KU075", "KU153", "KU285", "KU286", "KU405", "KU416", "KU441", "KU489", "KU580",
    "KU624", "KU689", "KU700", "KU739", "KU831", "KU935",
}  # fmt: skip


def test_nineteen_maakunnat():
    mk = regions.all_regions("maakunta")
    assert len(mk) == 19
    assert {r.code for r in mk} >= {"MK01", "MK08", "MK09", "MK21"}


def test_all_fifteen_home_municipalities_answer():
    kunnat = {r.code for mk in ("MK08", "MK09") for r in regions.members(mk)}
    assert kunnat == HOME_KUNNAT
    for code in HOME_KUNNAT:
        r = regions.get(code)
        assert r.level == "kunta"
        assert r.name("fi") and r.name("sv") and r.name("en")
        assert regions.parent(code).code in ("MK08", "MK09")


@pytest.mark.parametrize(
    "query, code",
    [
        ("kymenlaakso", "MK08"),
        ("KYMENLAAKSO", "MK08"),
        ("Kymmenedalen", "MK08"),
        ("South Karelia", "MK09"),
        ("etela-karjala", "MK09"),
        ("Etelä Karjala", "MK09"),
        ("Kotka", "KU285"),
        ("285", "KU285"),
        (285, "KU285"),
        ("08", "MK08"),
        ("8", "MK08"),
        ("ku285", "KU285"),
        ("SK082", "SK082"),
        ("Kotka-Hamina", "SK082"),
        ("Luumaki", "KU441"),
        ("Villmanstrand", "KU405"),  # a name shared by kunta and seutukunta means the kunta
        ("Kouvola", "KU286"),
        ("Pyttis", "KU624"),
        ("koko maa", "SSS"),
    ],
)
def test_resolve_is_tolerant(query, code):
    assert regions.resolve(query).code == code


def test_unknown_region_lists_close_matches():
    with pytest.raises(UnknownRegionError) as exc:
        regions.resolve("Kotkka")
    assert "Kotka (KU285)" in str(exc.value)
    assert "Kotka (KU285)" in exc.value.suggestions


def test_unknown_code_and_number():
    with pytest.raises(UnknownRegionError, match="MK99"):
        regions.get("MK99")
    with pytest.raises(UnknownRegionError):
        regions.resolve("999")


def test_members_and_parent_hierarchy():
    assert [r.code for r in regions.members("MK08", "seutukunta")] == ["SK081", "SK082"]
    assert [r.code for r in regions.members("SK093")] == ["KU153", "KU580", "KU689", "KU700"]
    assert regions.members("KU285")[0].code == "KU285"
    assert regions.parent("KU285", "seutukunta").code == "SK082"
    assert regions.parent("SK091").code == "MK09"
    assert regions.parent("MK08", "koko_maa").code == "SSS"
    assert len(regions.members("SSS", "maakunta")) == 19
    with pytest.raises(ValueError, match="level"):
        regions.members("MK08", "county")
    with pytest.raises(UnknownRegionError):
        regions.parent("MK08", "kunta")


def test_home_regions_default_build_set():
    codes = regions.home_regions()
    assert codes[:3] == ["MK08", "SK081", "SK082"]
    assert len(codes) == 2 + 4 + 15


def test_in_region_mask():
    s = pd.Series(["KU285", "KU405", "KU286", "MK08"])
    assert regions.in_region(s, "SK082").tolist() == [True, False, False, False]
    assert regions.in_region(s, "MK08").tolist() == [True, False, True, True]
    assert regions.in_region(s, "SSS").all()


def test_registry_can_grow():
    reg = regions.RegionRegistry()
    reg.add("SSS", "Koko maa", "Hela landet", "Whole country")
    reg.add("MK01", "Uusimaa", "Nyland", "Uusimaa", "SSS")
    reg.add("SK011", "Helsinki", "Helsingfors", "Helsinki", "MK01")
    reg.add("KU091", "Helsinki", "Helsingfors", "Helsinki", "SK011")
    assert reg.resolve("helsingfors").code == "KU091"
    assert [r.code for r in reg.members("MK01")] == ["KU091"]
    with pytest.raises(ValueError, match="must start"):
        reg.add("XX1", "x", "x", "x")


def test_names_match_statistics_finland_key(fixtures_dir):
    """Every registry kunta and seutukunta has the names of Statistics Finland's 2026 key."""
    path = fixtures_dir / "regions" / "municipality_key_2026.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    home = [r for r in rows if r["maakunta_code"] in ("08", "09")]
    assert {"KU" + r["kunta"] for r in home} == HOME_KUNNAT
    for r in home:
        reg = regions.get("KU" + r["kunta"])
        assert (reg.name_fi, reg.name_sv, reg.name_en) == (
            r["municipality_name_fi"],
            r["municipality_name_sv"],
            r["municipality_name_en"],
        )
        assert reg.parent_code == "SK" + r["seutukunta_code"]
        sk = regions.get("SK" + r["seutukunta_code"])
        assert (sk.name_fi, sk.name_sv, sk.name_en) == (
            r["seutukunta_name_fi"],
            r["seutukunta_name_sv"],
            r["seutukunta_name_en"],
        )
    maakunnat = {
        (r["maakunta_code"], r["maakunta_name_fi"], r["maakunta_name_sv"], r["maakunta_name_en"])
        for r in rows
    }
    assert len(maakunnat) == 19
    for code, fi, sv, en in maakunnat:
        mk = regions.get("MK" + code)
        assert (mk.name_fi, mk.name_sv, mk.name_en) == (fi, sv, en)


# --- region sets (issue 18) ------------------------------------------------------------------


def test_region_set_levels_within_all_and_duplicates():
    assert regions.region_set() is None  # nothing asked: the command's default
    assert regions.region_set(level="kunta", within=["SK082", "Kotka"]) == [
        "KU075", "KU285", "KU489", "KU624", "KU935",
    ]  # fmt: skip
    assert regions.region_set(level="seutukunta", within=["MK09"]) == ["SK091", "SK093"]
    maakunnat = regions.region_set(level="maakunta")
    assert len(maakunnat) == 19 and maakunnat[:2] == ["MK01", "MK02"]
    everything = regions.region_set(["all"])
    assert (
        len(everything)
        == len(set(everything))
        == sum(len(regions.all_regions(level)) for level in regions.SET_LEVELS)
    )
    assert "SSS" not in everything and {"MK08", "SK082", "KU285"} <= set(everything)
    # names and codes of the same region count once, in the order first given
    assert regions.region_set(["Imatra", "KU153", "MK09"], level="maakunta", within=["MK09"]) == [
        "KU153", "MK09",
    ]  # fmt: skip


def test_region_set_refuses_what_has_no_meaning():
    with pytest.raises(KokkaError, match="--within needs --level"):
        regions.region_set(within=["MK08"])
    with pytest.raises(KokkaError, match="--level must be one of"):
        regions.region_set(level="county")
    with pytest.raises(UnknownRegionError, match="Kotkka"):
        regions.region_set(["Kotkka"])


def test_regions_file_comments_blank_lines_and_every_unknown_line(tmp_path):
    good = tmp_path / "verkosto.txt"
    good.write_text(
        "\ufeff# Kaupunkiverkoston jäsenet\nKotka\n\nKU153   # Imatra\nLappeenranta\nkotka\n",
        encoding="utf-8",
    )
    assert regions.read_regions_file(good) == ["KU285", "KU153", "KU405"]
    bad = tmp_path / "towns.txt"
    bad.write_text("Kotka\nKotkka\n# fine\nNowhereville\nMK09\n", encoding="utf-8")
    with pytest.raises(KokkaError) as err:
        regions.read_regions_file(bad)
    msg = str(err.value)
    assert "towns.txt has 2 unknown entries" in msg
    assert "line 2: 'Kotkka' (did you mean" in msg and "line 4: 'Nowhereville'" in msg
    assert str(tmp_path) not in msg  # the file's name, not its full path
    with pytest.raises(KokkaError, match="Cannot read the regions file missing.txt"):
        regions.read_regions_file(tmp_path / "missing.txt")
