"""Finnish genitive and locative forms of every region (kokka_analysis.text.forms)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kokka_analysis import regions
from kokka_analysis.regions import Region, RegionRegistry, complete_from_key
from kokka_analysis.text import forms
from kokka_analysis.text.forms import genitive, has_forms, locative

KEY_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "fixtures" / "regions"
KEY_YEARS = (2024, 2026)

ROWS = forms.all_forms()
LOCATIVE_ENDINGS = ("ssa", "ssä", "lla", "llä")
SOURCE_TAGS = {"pykko", "kuntavisa", "rule", "reviewed", "voikko"}
#: Names whose adjective first part inflects too (Uudellamaalla, Isossakyrössä).
BOTH_PARTS_INFLECT = {"Uusimaa", "Uusikaupunki", "Uusikaarlepyy", "Isokyrö"}
#: Irregular pairs, asserted exactly: a plural name whose genitive is not of the -sten type,
#: and the contracted adessive of Kangasala.
IRREGULAR = {"Virrat": ("Virtain", "Virroilla"), "Kangasala": ("Kangasalan", "Kangasalla")}
#: Compound finals with only neutral vowels (i, e): the word takes front harmony
#: (Rovaniemellä, Haapavedellä) even after back vowels in the first part.
NEUTRAL_FINALS = ("niemi", "vesi")


def _key_rows(year: int) -> list[dict]:
    path = KEY_DIR / f"municipality_key_{year}.csv"
    if not path.is_file():
        pytest.skip(f"classification key fixture not found at {path} (../shared is absent)")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _bare(form: str) -> str:
    """The form without the uninflected distinguishing abbreviation of 'Koski Tl'."""
    return form.removesuffix(" Tl")


def _head(row: forms.RegionForms) -> str:
    """The word whose vowels decide the harmony of the locative ending."""
    if row.level == "seutukunta":
        return "seutukunta"
    return re.split(r"[ -]", _bare(row.name))[-1]


def _front(word: str) -> bool:
    w = word.casefold()
    if len(w) > 5 and w.endswith(NEUTRAL_FINALS):
        return True
    for ch in reversed(w):
        if ch in "aouå":
            return False
        if ch in "äöy":
            return True
    return True  # only neutral vowels: Lemi -> Lemillä, Kemi -> Kemissä


# -- coverage -----------------------------------------------------------------------------


def test_every_registry_region_has_forms():
    missing = [r for r in regions.all_regions() if not (has_forms(r) and has_forms(r.code))]
    assert not missing, f"no Finnish forms for {missing}"


@pytest.mark.parametrize("year", KEY_YEARS)
def test_every_region_of_the_classification_keys_has_forms(year):
    rows = _key_rows(year)
    reg = RegionRegistry()
    reg.add("SSS", "Koko maa", "Hela landet", "Whole country")
    complete_from_key(rows, reg)
    assert len(reg.all("kunta")) == len(rows) > 300
    assert len(reg.all("maakunta")) == 19
    missing = [r for r in reg.all() if not has_forms(r)]
    assert not missing, f"no Finnish forms for {missing}"
    for r in reg.all():
        row = forms.forms(r)
        assert (row.level, row.name) == (r.level, r.name_fi)
        # a Finnish name alone finds the same forms (kunta preferred over seutukunta)
        if r.level == "kunta" or not any(k.name_fi == r.name_fi for k in reg.all("kunta")):
            assert forms.forms(r.name_fi) == row


def test_row_counts_per_level():
    counts = {level: sum(r.level == level for r in ROWS) for level in regions.LEVELS}
    assert counts == {"koko_maa": 1, "maakunta": 19, "seutukunta": 69, "kunta": 309}


def test_codes_and_names_are_unique_and_match_the_level():
    codes = [r.code for r in ROWS]
    assert len(codes) == len(set(codes))
    assert len({(r.level, r.name) for r in ROWS}) == len(ROWS)
    prefix = {"koko_maa": "SSS", "maakunta": "MK", "seutukunta": "SK", "kunta": "KU"}
    for r in ROWS:
        assert r.code.startswith(prefix[r.level]), r


# -- structure of every row ---------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.code)
def test_row_structure(row):
    gen, loc = _bare(row.genitive), _bare(row.locative)
    for form in (row.genitive, row.locative):
        assert form == " ".join(form.split()), f"stray whitespace in {form!r}"
    assert gen.endswith("n"), row
    assert loc.endswith(LOCATIVE_ENDINGS), row
    ending = loc[-3:]
    # vowel harmony of the ending follows the last compound part of the word
    assert _front(_head(row)) == ending.endswith("ä"), f"vowel harmony: {row}"
    # the genitive starts like the name, and the locative shares the genitive's stem
    name = row.name if row.name not in BOTH_PARTS_INFLECT else row.name[:2]
    assert gen.casefold().startswith(name[:3].casefold()), row
    if row.name in BOTH_PARTS_INFLECT:  # Uudenmaan ~ Uudellamaalla
        assert loc[:3] == gen[:3] and loc.endswith(gen[-4:-1] + ending), row
    elif row.name in IRREGULAR:
        assert (gen, loc) == IRREGULAR[row.name]
    elif gen.endswith("sten"):  # plural -inen names: Huittisten ~ Huittisissa
        assert loc == gen[:-3] + "i" + ending, row
    else:  # Lappeenrannan ~ Lappeenrannassa
        assert loc == gen[:-1] + ending, row
    if row.level == "seutukunta":
        assert gen.endswith("seutukunnan") and loc.endswith("seutukunnassa"), row


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.code)
def test_row_names_its_source(row):
    tags = set(row.source.split(";"))
    assert tags and tags <= SOURCE_TAGS, row.source
    assert tags & {"pykko", "kuntavisa", "rule"}, row.source
    if "rule" in tags:
        assert "reviewed" in tags, row.source


# -- known forms --------------------------------------------------------------------------

KNOWN = {
    # Kymenlaakso and Etelä-Karjala
    "Lappeenranta": ("Lappeenrannan", "Lappeenrannassa"),
    "Ruokolahti": ("Ruokolahden", "Ruokolahdella"),
    "Savitaipale": ("Savitaipaleen", "Savitaipaleella"),
    "Taipalsaari": ("Taipalsaaren", "Taipalsaarella"),
    "Pyhtää": ("Pyhtään", "Pyhtäällä"),
    "Hamina": ("Haminan", "Haminassa"),
    "Imatra": ("Imatran", "Imatralla"),
    "Luumäki": ("Luumäen", "Luumäellä"),
    "Virolahti": ("Virolahden", "Virolahdella"),
    "Miehikkälä": ("Miehikkälän", "Miehikkälässä"),
    "Parikkala": ("Parikkalan", "Parikkalassa"),
    "Rautjärvi": ("Rautjärven", "Rautjärvellä"),
    "Lemi": ("Lemin", "Lemillä"),
    "Kouvola": ("Kouvolan", "Kouvolassa"),
    "Kotka": ("Kotkan", "Kotkassa"),
    "Iitti": ("Iitin", "Iitissä"),
    # maakunnat
    "MK08": ("Kymenlaakson", "Kymenlaaksossa"),
    "MK09": ("Etelä-Karjalan", "Etelä-Karjalassa"),
    "MK19": ("Lapin", "Lapissa"),
    "MK18": ("Kainuun", "Kainuussa"),
    "MK21": ("Ahvenanmaan", "Ahvenanmaalla"),
    "MK17": ("Pohjois-Pohjanmaan", "Pohjois-Pohjanmaalla"),
    "MK07": ("Päijät-Hämeen", "Päijät-Hämeessä"),
    "MK04": ("Satakunnan", "Satakunnassa"),
    "MK01": ("Uudenmaan", "Uudellamaalla"),
    "MK06": ("Pirkanmaan", "Pirkanmaalla"),
    # seutukunnat and the whole country
    "SK082": ("Kotka-Haminan seutukunnan", "Kotka-Haminan seutukunnassa"),
    "SK081": ("Kouvolan seutukunnan", "Kouvolan seutukunnassa"),
    "SK093": ("Imatran seutukunnan", "Imatran seutukunnassa"),
    "SSS": ("koko maan", "koko maassa"),
    # the rest of Finland
    "Helsinki": ("Helsingin", "Helsingissä"),
    "Turku": ("Turun", "Turussa"),
    "Espoo": ("Espoon", "Espoossa"),
    "Vantaa": ("Vantaan", "Vantaalla"),
    "Tampere": ("Tampereen", "Tampereella"),
    "Oulu": ("Oulun", "Oulussa"),
    "Jyväskylä": ("Jyväskylän", "Jyväskylässä"),
    "Kuopio": ("Kuopion", "Kuopiossa"),
    "Joensuu": ("Joensuun", "Joensuussa"),
    "Lahti": ("Lahden", "Lahdessa"),
    "Pori": ("Porin", "Porissa"),
    "Vaasa": ("Vaasan", "Vaasassa"),
    "Seinäjoki": ("Seinäjoen", "Seinäjoella"),
    "Rovaniemi": ("Rovaniemen", "Rovaniemellä"),
    "Mikkeli": ("Mikkelin", "Mikkelissä"),
    "Hämeenlinna": ("Hämeenlinnan", "Hämeenlinnassa"),
    "Kajaani": ("Kajaanin", "Kajaanissa"),
    "Kemi": ("Kemin", "Kemissä"),
    "Salo": ("Salon", "Salossa"),
    "Porvoo": ("Porvoon", "Porvoossa"),
    "Kerava": ("Keravan", "Keravalla"),
    "Järvenpää": ("Järvenpään", "Järvenpäässä"),
    "Hyvinkää": ("Hyvinkään", "Hyvinkäällä"),
    "Nurmijärvi": ("Nurmijärven", "Nurmijärvellä"),
    "Kirkkonummi": ("Kirkkonummen", "Kirkkonummella"),
    "Sipoo": ("Sipoon", "Sipoossa"),
    "Raasepori": ("Raaseporin", "Raaseporissa"),
    "Lohja": ("Lohjan", "Lohjalla"),
    "Vihti": ("Vihdin", "Vihdissä"),
    "Hanko": ("Hangon", "Hangossa"),
    "Ii": ("Iin", "Iissä"),
    "Utsjoki": ("Utsjoen", "Utsjoella"),
    "Inari": ("Inarin", "Inarissa"),
    "Kangasala": ("Kangasalan", "Kangasalla"),
    "Laukaa": ("Laukaan", "Laukaassa"),
    "Loimaa": ("Loimaan", "Loimaalla"),
    "Huittinen": ("Huittisten", "Huittisissa"),
    "Parainen": ("Paraisten", "Paraisilla"),
    "Kaustinen": ("Kaustisen", "Kaustisella"),
    "Uusikaupunki": ("Uudenkaupungin", "Uudessakaupungissa"),
    "Isokyrö": ("Isonkyrön", "Isossakyrössä"),
    "Mynämäki": ("Mynämäen", "Mynämäessä"),
    "Pertunmaa": ("Pertunmaan", "Pertunmaalla"),  # only in the 2024 key
    "Koski Tl": ("Kosken Tl", "Koskella Tl"),
}


@pytest.mark.parametrize(("region", "expected"), KNOWN.items(), ids=list(KNOWN))
def test_known_forms(region, expected):
    assert (genitive(region), locative(region)) == expected
    assert has_forms(region)


def test_lookup_by_region_object_code_and_name():
    kotka = regions.get("KU285")
    assert locative(kotka) == locative("KU285") == locative("Kotka") == "Kotkassa"
    assert locative("kotka") == "Kotkassa"  # case of the name does not matter
    # a bare name shared by a kunta and its seutukunta means the kunta
    assert locative("Kouvola") == "Kouvolassa"
    assert locative("SK081") == "Kouvolan seutukunnassa"
    # a region added from a key that the built-in registry lacks, by code and by name
    hki = Region("KU091", "kunta", "Helsinki", "Helsingfors", "Helsinki")
    assert locative(hki) == "Helsingissä"
    assert locative("KU588") == "Pertunmaalla"  # code only in the 2024 key


def test_fallback_for_a_name_without_forms():
    assert not has_forms("Uusikunta")
    assert forms.forms("Uusikunta") is None
    assert locative("Uusikunta") == "alueella Uusikunta"
    assert genitive("Uusikunta") == "alueen Uusikunta"
    # a known code under a new name (say after a merger) does not borrow the old forms
    merged = Region("KU285", "kunta", "Kotka-Pyhtää", "Kotka-Pyttis", "Kotka-Pyhtää")
    assert not has_forms(merged)
    assert locative(merged) == "alueella Kotka-Pyhtää"
    assert genitive(merged) == "alueen Kotka-Pyhtää"
