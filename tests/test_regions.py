import csv

import pandas as pd
import pytest

from kokka_analysis import regions
from kokka_analysis.errors import UnknownRegionError

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
