"""Codes as registers and survey tools export them, normalised to the groups the analyses use.

- **Occupations**: ISCO-08 / Ammattiluokitus 2010 codes of any depth (2-5 digits, with or
  without a label after the code, e.g. ``"2512"``, ``"25121 Ohjelmistokehittäjät"``) are
  rolled up to the 43 two-digit sub-major groups of :data:`kokka_analysis.labels.OCCUPATIONS`;
  ``X`` codes (unknown occupation) become missing; a group name in Finnish or English is
  accepted too. A one-digit main group cannot be split and is an error.
- **Fields of education**: ISCED-F 2013 codes of any depth (2-4 digits, ``"06"``, ``"061"``,
  ``"0613"``) or broad-field names in Finnish or English -> the ten broad fields of
  :data:`kokka_analysis.labels.FIELDS`.
- **Countries**: ISO 3166-1 alpha-2 (``"IN"``), alpha-3 (``"IND"``) or numeric (``"356"``)
  codes, or country names in English or Finnish (``"India"``, ``"Intia"``, ``"Venäjä"``) ->
  alpha-2, from the ISO tables of the well-kept ``pycountry`` package (with its Finnish
  translations).

Each function maps one value; :class:`CodeError` says what was not recognised and the closest
known codes. :func:`normalise` maps a whole column through the unique values.

Examples
--------
>>> occupation_group("25121 Ohjelmistokehittäjät"), field_broad("0613"), country_alpha2("Intia")
('25', '06', 'IN')
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from . import labels


class CodeError(ValueError):
    """A code or name that the classification does not know; ``suggestions`` are the closest."""

    def __init__(self, what: str, value: object, suggestions: list[str] | None = None):
        self.value = value
        self.suggestions = list(suggestions or [])
        msg = f"unknown {what} {value!r}"
        if self.suggestions:
            msg += "; closest known: " + ", ".join(self.suggestions)
        super().__init__(msg + ".")


def _key(text: object) -> str:
    """Lower case, no accents folded away (ä stays ä), single spaces, no punctuation at ends."""
    s = unicodedata.normalize("NFC", str(text)).casefold().strip()
    s = re.sub(r"\s+", " ", s)
    return s.strip(" .,;:()[]\"'")


_CODE_LABEL = re.compile(r"^\s*([0-9Xx][0-9]*)(?:\s*[-–:.)=]?\s+(.*))?\s*$")


def _closest(value: str, names: dict[str, str], n: int = 3) -> list[str]:
    keys = difflib.get_close_matches(_key(value), list(names), n=n, cutoff=0.55)
    return [names[k] for k in keys]


@lru_cache(maxsize=1)
def _occupation_names() -> dict[str, str]:
    out = {}
    for code, (fi, en) in labels.OCCUPATIONS.items():
        out[_key(fi)] = code
        out[_key(en)] = code
    return out


def occupation_group(value: object) -> str | None:
    """The two-digit ISCO-08 sub-major group of an occupation code or name (None if unknown).

    Examples
    --------
    >>> occupation_group("2512"), occupation_group("72"), occupation_group("X")
    ('25', '72', None)
    >>> occupation_group("Health professionals")
    '22'
    """
    text = str(value).strip()
    if not text:
        return None
    m = _CODE_LABEL.match(text)
    if m:
        code = m.group(1).upper()
        if code.startswith("X"):
            return None  # Ammattiluokitus X: occupation unknown
        if len(code) == 1:
            raise CodeError(
                "occupation code (a one-digit main group cannot be split into the two-digit "
                "groups; give at least two digits)",
                value,
            )
        if len(code) > 5 or code[:2] not in labels.OCCUPATIONS:
            names = {c: f"{c} {labels.OCCUPATIONS[c][1]}" for c in labels.OCCUPATIONS}
            close = difflib.get_close_matches(code[:2], list(names), n=3, cutoff=0.5)
            raise CodeError("occupation code", value, [names[c] for c in close])
        return code[:2]
    key = _key(text)
    names = _occupation_names()
    if key in names:
        return names[key]
    raise CodeError(
        "occupation", value,
        [f"{c} {labels.OCCUPATIONS[c][1]}" for c in _closest(text, names)],
    )  # fmt: skip


_FIELD_ALIASES = {
    "ict": "06", "tieto- ja viestintätekniikka": "06", "tietojenkäsittely": "06",
    "information and communication technologies (icts)": "06",
    "engineering": "07", "tekniikka": "07", "health": "09", "terveysala": "09",
    "sosiaali- ja terveysala": "09", "business": "04", "kauppa ja hallinto": "04",
    "humanistiset ja taidealat": "02", "arts": "02", "kulttuuriala": "02",
    "luonnontieteet": "05", "palvelut": "10", "services": "10",
    "maatalous": "08", "agriculture": "08", "kasvatustieteet": "01", "education": "01",
    "kauppa, hallinto ja oikeustiede": "04", "kaupan, hallinnon ja oikeustieteen alat": "04",
    "taiteet ja kulttuuri": "02", "humanistiset alat": "02",
}  # fmt: skip


@lru_cache(maxsize=1)
def _field_names() -> dict[str, str]:
    out = dict(_FIELD_ALIASES)
    for code, (fi, en) in labels.FIELDS.items():
        out[_key(fi)] = code
        out[_key(en)] = code
        out[_key(re.sub(r"\s*\(.*\)$", "", fi))] = code
    return out


def field_broad(value: object) -> str | None:
    """The ISCED-F 2013 broad field (``01``-``10``) of a field code (2-4 digits) or name.

    Examples
    --------
    >>> field_broad("061"), field_broad("Tekniikan alat"), field_broad("Health and welfare")
    ('06', '07', '09')
    """
    text = str(value).strip()
    if not text:
        return None
    m = _CODE_LABEL.match(text)
    if m and m.group(1)[0] != "X" and m.group(1)[0] != "x":
        code = m.group(1)
        if len(code) == 1:
            code = "0" + code  # "6" written without its leading zero
        if len(code) > 4 or code[:2] not in labels.FIELDS:
            names = {c: f"{c} {labels.FIELDS[c][1]}" for c in labels.FIELDS}
            raise CodeError(
                "field of education code (ISCED-F 2013: 01-10, with up to 4 digits)",
                value,
                [names[c] for c in difflib.get_close_matches(code[:2], list(names), n=3)],
            )
        return code[:2]
    key = _key(text)
    names = _field_names()
    if key in names:
        return names[key]
    raise CodeError(
        "field of education", value,
        [f"{c} {labels.FIELDS[c][1]}" for c in _closest(text, names)],
    )  # fmt: skip


#: Finnish everyday names that differ from the ISO translations.
_COUNTRY_ALIASES = {
    "venäjä": "RU", "iso-britannia": "GB", "britannia": "GB", "englanti": "GB",
    "yhdysvallat": "US", "usa": "US", "amerikka": "US", "kiina": "CN", "etelä-korea": "KR",
    "korea": "KR", "iran": "IR", "syyria": "SY", "vietnam": "VN", "turkki": "TR",
    "tšekki": "CZ", "tsekki": "CZ", "hollanti": "NL", "alankomaat": "NL", "moldova": "MD",
    "tansania": "TZ", "bolivia": "BO", "venezuela": "VE", "laos": "LA", "kongo": "CD",
    "uk": "GB", "united kingdom": "GB", "russia": "RU", "south korea": "KR",
    "czech republic": "CZ", "great britain": "GB", "england": "GB", "suomi": "FI",
}  # fmt: skip


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import gettext

    import pycountry

    out: dict[str, str] = {}
    try:
        fi = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fi"])
    except OSError:  # pragma: no cover - pycountry ships its translations
        fi = None
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name:
                out[_key(name)] = c.alpha_2
                if fi is not None:
                    out[_key(fi.gettext(name))] = c.alpha_2
    out.update(_COUNTRY_ALIASES)
    return out


@lru_cache(maxsize=4096)
def country_alpha2(value: object) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country code (alpha-2, alpha-3, numeric) or name.

    Examples
    --------
    >>> country_alpha2("ind"), country_alpha2("Ukraine"), country_alpha2("Viro"), country_alpha2("246")
    ('IN', 'UA', 'EE', 'FI')
    """
    import pycountry

    text = str(value).strip()
    if not text:
        return None
    up = text.upper()
    hit = None
    if re.fullmatch(r"[A-Z]{2}", up):
        hit = pycountry.countries.get(alpha_2=up)
    elif re.fullmatch(r"[A-Z]{3}", up):
        hit = pycountry.countries.get(alpha_3=up)
    elif re.fullmatch(r"\d{1,3}", up):
        hit = pycountry.countries.get(numeric=up.zfill(3))
    if hit is not None:
        return hit.alpha_2
    names = _country_names()
    key = _key(text)
    if key in names:
        return names[key]
    if re.fullmatch(r"[A-Z]{2,3}|\d{1,3}", up):
        raise CodeError("country code (ISO 3166-1)", value)
    return _fail_country(text, names)


def _fail_country(text: str, names: dict[str, str]) -> str:
    close = difflib.get_close_matches(_key(text), list(names), n=3, cutoff=0.6)
    raise CodeError("country", text, [f"{names[k]} ({k})" for k in close])


def normalise(
    values, mapper: Callable[[object], str | None]
) -> tuple[dict[object, str | None], dict[object, CodeError]]:
    """Map the unique values of a column: ``({value: code}, {value: error})``."""
    out, errors = {}, {}
    for v in values:
        try:
            out[v] = mapper(v)
        except CodeError as exc:
            errors[v] = exc
    return out, errors


#: TOL 2008 (NACE Rev. 2) divisions -> sections: (first division, last division, section).
_TOL_DIVISIONS = (
    (1, 3, "A"), (5, 9, "B"), (10, 33, "C"), (35, 35, "D"), (36, 39, "E"), (41, 43, "F"),
    (45, 47, "G"), (49, 53, "H"), (55, 56, "I"), (58, 63, "J"), (64, 66, "K"), (68, 68, "L"),
    (69, 75, "M"), (77, 82, "N"), (84, 84, "O"), (85, 85, "P"), (86, 88, "Q"), (90, 93, "R"),
    (94, 96, "S"), (97, 98, "T"), (99, 99, "U"),
)  # fmt: skip
_TOL_RE = re.compile(r"^\s*([A-UXa-ux])?\s*(\d{2,5})?(?:\s|$|[.\-:])")  # X: unknown


def industry_section(value: object) -> str | None:
    """The TOL 2008 section (``A``-``U``) of an industry code of any depth, a section letter,
    or a section name in Finnish or English (None for an empty value).

    Examples
    --------
    >>> industry_section("25620"), industry_section("C25"), industry_section("j")
    ('C', 'C', 'J')
    >>> industry_section("62010 Ohjelmistojen suunnittelu"), industry_section("Construction")
    ('J', 'F')
    """
    text = str(value).strip()
    if not text or text.casefold() in ("nan", "none"):
        return None
    m = _TOL_RE.match(text)
    if m and (m.group(1) or m.group(2)):
        letter, digits = m.group(1), m.group(2)
        if digits:
            div = int(digits[:2])
            for lo, hi, section in _TOL_DIVISIONS:
                if lo <= div <= hi:
                    if letter and letter.upper() != section:
                        raise CodeError(
                            f"industry code (division {digits[:2]} is in section {section}, "
                            f"not {letter.upper()})", value,
                        )  # fmt: skip
                    return section
            raise CodeError("industry division (TOL 2008 has 01-99 with gaps)", value)
        if letter.upper() in labels.INDUSTRIES:
            return letter.upper()
    key = _key(text)
    for code, (fi, en) in labels.INDUSTRIES.items():
        if key in (_key(fi), _key(en)):
            return code
    names = {_key(fi): c for c, (fi, _) in labels.INDUSTRIES.items()}
    names.update({_key(en): c for c, (_, en) in labels.INDUSTRIES.items()})
    raise CodeError(
        "industry", value,
        [f"{c} {labels.INDUSTRIES[c][1]}" for c in _closest(text, names)],
    )  # fmt: skip
