"""Bilingual text layer: number formats, language choice and Finnish word forms.

Every sentence a page shows is built here or in a topic's text module, with one
:func:`number`, :func:`percent` and :func:`pick`, so that Finnish pages use Finnish number
conventions (decimal comma, a non-breaking space between thousands, ``67 %``) and English
pages English ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: Languages of the pages.
LANGS = ("fi", "en")

#: Non-breaking space: between thousands in Finnish and before the per cent sign.
NBSP = "\u00a0"
_MINUS = "\u2212"
_DASH = "–"


def check_lang(lang: str) -> str:
    """``lang`` itself if it is a page language, else a ValueError that lists the languages.

    >>> check_lang("en")
    'en'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def pick(fi: str, en: str, lang: str) -> str:
    """The Finnish or the English text.

    >>> pick("Kyllä", "Yes", "en")
    'Yes'
    """
    return fi if check_lang(lang) == "fi" else en


def _missing(x: object) -> bool:
    try:
        return x is None or math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def number(x: float | None, lang: str, decimals: int = 0, *, sign: bool = False) -> str:
    """A number as page text; a missing value as a dash.

    Finnish: decimal comma, a non-breaking space between thousands and a real minus sign
    (``−1 234,5``); English: ``-1,234.5``. ``sign`` writes a plus sign on positive numbers.
    Rounding is Python's (half to even on the binary value).

    >>> number(1234.5, "fi", 1)
    '1\\xa0234,5'
    >>> number(-1234.5, "en", 1)
    '-1,234.5'
    >>> number(12, "fi", sign=True), number(float("nan"), "en")
    ('+12', '–')
    """
    check_lang(lang)
    if _missing(x):
        return _DASH
    value = float(x)  # type: ignore[arg-type]
    if round(value, decimals) == 0:
        value = 0.0  # no "-0"
    s = f"{value:+,.{decimals}f}" if sign else f"{value:,.{decimals}f}"
    if lang == "fi":
        s = s.replace(",", NBSP).replace(".", ",").replace("-", _MINUS)
    return s


def percent(x: float | None, lang: str, decimals: int = 0, *, sign: bool = False) -> str:
    """A value already in per cent as ``67 %`` (non-breaking space) in both languages.

    >>> percent(66.6, "fi"), percent(12.25, "en", 1)
    ('67\\xa0%', '12.2\\xa0%')
    >>> percent(-3.0, "fi", sign=True)
    '−3\\xa0%'
    """
    s = number(x, lang, decimals, sign=sign)
    return s if s == _DASH else f"{s}{NBSP}%"


def share(x: float | None, lang: str, decimals: int = 0, *, sign: bool = False) -> str:
    """A proportion (0-1) as a percentage: ``share(0.5, "fi")`` is ``50 %``.

    >>> share(0.675, "en", 1)
    '67.5\\xa0%'
    """
    return percent(None if _missing(x) else float(x) * 100, lang, decimals, sign=sign)  # type: ignore[arg-type]


def points(x: float | None, lang: str, decimals: int = 0, *, sign: bool = True) -> str:
    """A difference of percentages in percentage points (``+3 %-yks.`` / ``+3 pp``).

    >>> points(2.5, "fi", 1), points(-4, "en")
    ('+2,5\\xa0%-yks.', '-4\\xa0pp')
    """
    s = number(x, lang, decimals, sign=sign)
    return s if s == _DASH else s + NBSP + pick("%-yks.", "pp", lang)


def p_value(p: float, lang: str) -> str:
    """``p = 0,023`` or, below the precision shown, ``p < 0,001`` (never ``p = 0,000``).

    >>> p_value(0.0234, "fi"), p_value(0.00001, "en")
    ('p = 0,023', 'p < 0.001')
    """
    if p < 0.001:
        return f"p < {number(0.001, lang, 3)}"
    return f"p = {number(p, lang, 3)}"


def join(items: Sequence[str], lang: str) -> str:
    """``a, b ja c`` / ``a, b and c``; when a name has its own "ja" / "and", the last one is
    joined with "sekä" / ", and" so that the names stay apart.

    >>> join(["a", "b", "c"], "fi"), join(["a"], "en"), join(["a", "b"], "en")
    ('a, b ja c', 'a', 'a and b')
    >>> join(["terveys- ja sosiaalipalvelut", "kuljetus ja varastointi"], "fi")
    'terveys- ja sosiaalipalvelut sekä kuljetus ja varastointi'
    >>> join(["human health and social work", "transportation and storage"], "en")
    'human health and social work, and transportation and storage'
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    inner = any(pick(" ja ", " and ", lang) in i for i in items)
    last = pick(" sekä " if inner else " ja ", ", and " if inner else " and ", lang)
    return ", ".join(items[:-1]) + last + items[-1]


def column_label(labels: dict[str, tuple[str, str]], column: str, lang: str) -> str:
    """A column header from a ``{column: (fi, en)}`` table; the column name if absent.

    >>> column_label({"n": ("Henkilöitä", "Persons")}, "n", "fi")
    'Henkilöitä'
    """
    pair = labels.get(column)
    return column if pair is None else pick(pair[0], pair[1], lang)


def _region(region: object):
    from .. import regions
    from ..errors import UnknownRegionError

    try:
        return regions.resolve(region)  # type: ignore[arg-type]
    except (UnknownRegionError, ValueError, TypeError):
        return None


def _finnish_form(region: object, case: str) -> str:
    """The region's Finnish ``genitive`` or ``locative`` from :mod:`.forms`; an English or
    Swedish name is first resolved in the registry, so that it too finds its forms."""
    from . import forms

    r = _region(region)
    return getattr(forms, case)(r if r is not None else str(region))


def region_name(region: object, lang: str) -> str:
    """A region's name in ``lang`` from a code or a name; an unknown name as given.

    >>> region_name("MK09", "en"), region_name("Nowhere", "fi")
    ('South Karelia', 'Nowhere')
    """
    r = _region(region)
    return str(region) if r is None else r.name(check_lang(lang))


def in_region(region: object, lang: str) -> str:
    """ "In the region": the Finnish locative (``Kotkassa``, ``Imatralla``) or ``in Kotka``.

    >>> in_region("KU153", "fi"), in_region("KU153", "en")
    ('Imatralla', 'in Imatra')
    """
    if check_lang(lang) == "fi":
        return _finnish_form(region, "locative")
    return f"in {region_name(region, 'en')}"


def of_region(region: object, lang: str) -> str:
    """The Finnish genitive (``Kymenlaakson``) or the English name (``Kymenlaakso``).

    >>> of_region("MK08", "fi"), of_region("MK08", "en")
    ('Kymenlaakson', 'Kymenlaakso')
    """
    if check_lang(lang) == "fi":
        return _finnish_form(region, "genitive")
    return region_name(region, "en")


def sentence(text: str) -> str:
    """The text with its first letter in upper case (``koko maassa`` starts a sentence).

    >>> sentence("koko maassa oli")
    'Koko maassa oli'
    """
    return text[:1].upper() + text[1:]


def source_of(attrs: dict) -> str:
    """Where a result's data came from, for a repr: synthetic demo data, or the source and
    table named in the table's ``attrs``.

    >>> source_of({"synthetic": True, "source": "x"}), source_of({})
    ('synthetic demo data', 'unknown')
    >>> source_of({"source": "Statistics Finland", "table_id": "statfin_tyokay_pxt_115h"})
    'Statistics Finland (statfin_tyokay_pxt_115h)'
    """
    if attrs.get("synthetic"):
        return "synthetic demo data"
    source = str(attrs.get("source") or "unknown")
    table = attrs.get("table_id")
    return f"{source} ({table})" if table else source
