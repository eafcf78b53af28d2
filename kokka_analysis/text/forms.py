"""Finnish genitive and locative ("in X") forms of region names.

Finnish report sentences need region names in the right case: "Pyhtäällä oli 4 508
asukasta", "Lappeenrannassa", "Kymenlaakson suurin toimiala". Whether a place takes the
inessive (-ssa/-ssä: Kotkassa, Haminassa) or the adessive (-lla/-llä: Imatralla, Pyhtäällä,
Luumäellä, Virolahdella, Uudellamaalla) is lexical, so the forms are data, not rules: one
row per region in ``kokka_analysis/data/region_forms_fi.csv``.

The table covers every kunta, seutukunta and maakunta of Statistics Finland's 2026 and 2024
classification keys (the 2024-only kunta Pertunmaa included) and the whole country
(``SSS``). Columns: ``level``, ``code`` (2026 key; the 2024 key for names only there),
``name`` (Finnish name as in the key), ``genitive``, ``locative``, ``source``,
``key_years`` and ``note`` (which alternative was chosen, and why).

Sources (the ``source`` column lists them, separated by ``;``):

``pykko``
    Both forms of a kunta copied from the test data of Pekka Kauppinen's Finnish morphological
    generator *pykko* (MIT licence; its lexicon is based on Kotus' *Nykysuomen sanalista*):
    https://github.com/pkauppin/pykko, file ``tests/cases_generator.py`` at commit
    2da827adc39316cc22d166d402903d9311c406be. It gives the genitive and the inessive *or*
    adessive of every municipality name. Where it gives both (Kangasniemi, Karvia,
    Kontiolahti, Kärsämäki, Mynämäki, Nokia, Pieksämäki, Riihimäki, Vesilahti, Virolahti,
    Jokioinen) or two variants (Isojoki, Pyhäranta, Saltvik, Virrat), the ``note`` column
    names the alternative left out; Mynämäessä follows the Institute for the Languages of
    Finland (Kotus) recommendation of the local form.
``kuntavisa``
    Locatives of the 19 maakunnat from the ``REGION_NAMES`` table of
    https://github.com/qalle2/kuntavisa (``kuntavisa.py``); their genitives are by rule.
``rule``
    Built from the name: seutukunnat read as "<genitive of the name> seutukunta"
    (Kotka-Haminan seutukunnassa; the name's genitive is the kunta's where the names
    coincide, only the last part of a hyphenated name inflects, as in the key's own spelling
    "Kotka-Hamina"); seutukunnat whose name in the key is Swedish are not inflected but joined
    to the head noun ("Ålands skärgård -seutukunnassa", "Sydösterbotten-seutukunnassa");
    "Pedersören kunta" inflects its head noun; "Koko maa" -> "koko maan", "koko maassa".
``reviewed``
    Marks the rows built by rule; they were checked by hand one by one (so were all the
    other rows, against the sources above).
``voikko``
    The head word of both forms was confirmed as the right case of the right lemma by the
    Voikko morphological analyser (libvoikko 4.3 with the voikko-fi 2.5 dictionary, Debian
    packages ``python3-libvoikko`` and ``voikko-fi``). Voikko accepts both locatives of a
    place name, so it checks spelling and consonant gradation (Lappeenrannan, Ruokolahden,
    Savitaipaleen), not the choice between -ssa and -lla. Rows without it: Voikko does not
    know the name (Lemland, Lumparland, Saltvik, Sund, Uusikaarlepyy, Torniolaakso).

Names the table does not know (a future merged municipality, say) get a fallback that keeps
the nominative and stays grammatical: :func:`locative` gives ``"alueella X"`` ("in the area
X"), :func:`genitive` ``"alueen X"``, and :func:`has_forms` is ``False``.

"koko maan" / "koko maassa" are lower case: capitalise them at the start of a sentence.

Examples
--------
>>> locative("KU153"), locative("Pyhtää"), genitive("Lappeenranta")
('Imatralla', 'Pyhtäällä', 'Lappeenrannan')
>>> genitive("MK08"), locative("SK082"), locative("SSS")
('Kymenlaakson', 'Kotka-Haminan seutukunnassa', 'koko maassa')
>>> locative("Uusikunta"), genitive("Uusikunta"), has_forms("Uusikunta")
('alueella Uusikunta', 'alueen Uusikunta', False)
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import io
from dataclasses import dataclass

from .. import regions
from ..errors import UnknownRegionError
from ..regions import Region

__all__ = ["RegionForms", "all_forms", "forms", "genitive", "has_forms", "locative"]

_DATA_FILE = "data/region_forms_fi.csv"
#: Which level a bare name means when it exists at several (as in ``regions.resolve``).
_LEVEL_PREFERENCE = ("kunta", "seutukunta", "maakunta", "koko_maa")


@dataclass(frozen=True)
class RegionForms:
    """The Finnish forms of one region name (one row of the data file)."""

    level: str
    code: str
    name: str
    genitive: str
    locative: str
    source: str


def _key(name: str) -> str:
    """Case- and whitespace-insensitive lookup key of a Finnish name."""
    return " ".join(str(name).split()).casefold()


@functools.cache
def _table() -> tuple[tuple[RegionForms, ...], dict[str, RegionForms], dict[tuple, RegionForms]]:
    text = importlib.resources.files("kokka_analysis").joinpath(_DATA_FILE).read_text("utf-8")
    rows = tuple(
        RegionForms(r["level"], r["code"], r["name"], r["genitive"], r["locative"], r["source"])
        for r in csv.DictReader(io.StringIO(text))
    )
    by_code = {r.code: r for r in rows if r.code}
    by_name = {(r.level, _key(r.name)): r for r in rows}
    return rows, by_code, by_name


def all_forms() -> list[RegionForms]:
    """Every row of the data file (read once and cached).

    >>> len(all_forms()) > 390
    True
    """
    return list(_table()[0])


def _lookup(region: str | int | Region) -> tuple[RegionForms | None, str]:
    """The row for ``region`` (or ``None``) and the Finnish name to show in a fallback."""
    _, by_code, by_name = _table()
    if isinstance(region, Region):
        reg: Region | None = region
    else:
        text = " ".join(str(region).split())
        try:
            reg = regions.resolve(text)
        except UnknownRegionError:
            reg = None
        if reg is None:
            row = by_code.get(text.upper())  # e.g. a code only in the 2024 key
            if row is None:
                row = next(
                    (
                        r
                        for level in _LEVEL_PREFERENCE
                        if (r := by_name.get((level, _key(text)))) is not None
                    ),
                    None,
                )
            return row, text
    # By code first, but only while the code still carries the same name: a code re-used
    # after a merger must not lend its forms to a different name.
    row = by_code.get(reg.code)
    if row is None or _key(row.name) != _key(reg.name_fi):
        row = by_name.get((reg.level, _key(reg.name_fi)))
    return row, reg.name_fi


def forms(region: str | int | Region) -> RegionForms | None:
    """The :class:`RegionForms` row of ``region``, or ``None`` if the table lacks it.

    ``region`` is a code (``"KU285"``, ``"MK08"``, ``"SK082"``, ``"SSS"``), a
    :class:`~kokka_analysis.regions.Region`, or a Finnish name. Regions are looked up by
    code through :mod:`kokka_analysis.regions`, then by Finnish name and level, so regions
    added from an installed classification key get their forms too. A bare name that exists
    at several levels ("Kouvola") means the kunta, as in :func:`regions.resolve`.

    >>> forms("KU624").source
    'pykko;voikko'
    """
    return _lookup(region)[0]


def has_forms(region: str | int | Region) -> bool:
    """Whether the table has the forms of ``region`` (else the functions fall back).

    >>> has_forms("KU285"), has_forms("Helsinki"), has_forms("Uusikunta")
    (True, True, False)
    """
    return forms(region) is not None


def genitive(region: str | int | Region) -> str:
    """The Finnish genitive: "Kotkan", "Kymenlaakson", "Kotka-Haminan seutukunnan".

    Falls back to ``"alueen <name>"`` for a name without forms.

    >>> genitive("KU285"), genitive("Ruokolahti"), genitive("Isokyrö")
    ('Kotkan', 'Ruokolahden', 'Isonkyrön')
    """
    row, name = _lookup(region)
    return row.genitive if row else f"alueen {name}"


def locative(region: str | int | Region) -> str:
    """The Finnish "in X" form, inessive or adessive as the place takes it.

    "Kotkassa", "Imatralla", "Luumäellä", "Uudellamaalla", "Kotka-Haminan seutukunnassa".
    Falls back to ``"alueella <name>"`` for a name without forms.

    >>> locative("KU153"), locative("Luumäki"), locative("MK01"), locative("Huittinen")
    ('Imatralla', 'Luumäellä', 'Uudellamaalla', 'Huittisissa')
    """
    row, name = _lookup(region)
    return row.locative if row else f"alueella {name}"
