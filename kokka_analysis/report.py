"""Presentation helpers for notebooks: the data notice, headings, tables and findings text
in Finnish or English. They take tables and return displayable objects; no analysis here.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"year": [2023, 2024], "persons": [100, 98]})
>>> df.attrs["synthetic"] = True
>>> "SYNTHETIC" in data_notice(df, "en").data
True
"""

from __future__ import annotations

import html as _html
import re

import pandas as pd
from IPython.display import HTML, Markdown

from . import labels
from .text import number, pick, region_name

_COLUMN_LABELS = labels.COLUMNS
#: Columns whose values may be region codes, shown by name (other values are left as they are).
_REGION_COLUMNS = {"region", "destination", "source", "barometer_region"}
_REGION_CODE = re.compile(r"^(SSS|MK\d{2}|SK\d{3}|KU\d{3})$")


def _region_label(value: object, lang: str) -> object:
    if isinstance(value, str) and _REGION_CODE.match(value):
        return region_name(value, lang)
    return value


_LABELLED_VALUES = {
    "industry",
    "field",
    "occupation",
    "sex",
    "background",
    "origin_group",
    "status",
}


def _lang(lang: str) -> int:
    return 0 if lang == "fi" else 1


_WARN_STYLE = (
    "background:#fff3cd;color:#7a4f00;border:2px solid #e0b000;padding:.7em 1em;"
    "font-weight:600;border-radius:4px"
)
_TABLE_NAMES = labels.TABLE_NAMES


def data_notice(
    data: pd.DataFrame | dict[str, pd.DataFrame],
    lang: str = "fi",
    uses: list[str] | None = None,
) -> HTML:
    """A visible box: the synthetic-data notice, or the real sources with their tables and
    retrieval dates — and, for a mix, which parts are synthetic stand-ins and why.

    ``data`` is one table or a dict of tables (``load_tables``); ``uses`` names the tables the
    page uses (default: all in the dict).
    """
    i = _lang(lang)
    frames = {"data": data} if isinstance(data, pd.DataFrame) else dict(data)
    names = [n for n in (uses or list(frames)) if n in frames]
    real = {n: frames[n] for n in names if not (frames[n].attrs or {}).get("synthetic", True)}
    synthetic = [n for n in names if n not in real]
    if not real:
        return HTML(
            f'<div class="kokka-notice kokka-notice-synthetic" style="{_WARN_STYLE}">'
            f"{_html.escape(labels.t('synthetic_notice', lang))}</div>"
        )
    parts = []
    for name, df in real.items():
        attrs = df.attrs or {}
        what = _TABLE_NAMES.get(name, (name, name))[i]
        ids = str(attrs.get("table_id", ""))
        when = str(attrs.get("retrieved", ""))[:10]
        src = str(attrs.get("source", ""))
        if ids.startswith("file:"):  # the analyst's own file: its name only, never its path
            src, ids = src.replace("\\", "/").rsplit("/", 1)[-1], ""
        head = f"{what}: {src}" + (f" ({ids})" if ids else "")
        head += f", haettu {when}" if i == 0 else f", retrieved {when}"
        notes = attrs.get("notes") or []
        item = _html.escape(head)
        if notes:
            item += "<ul>" + "".join(f"<li>{_html.escape(_note_text(n, lang))}</li>"
                                     for n in notes) + "</ul>"  # fmt: skip
        parts.append(f"<li>{item}</li>")
    title = "Aineistot" if i == 0 else "Data"
    out = f'<div class="kokka-notice"><strong>{title}</strong><ul>{"".join(parts)}</ul></div>'
    if synthetic:
        out += _stand_in_box({n: frames[n] for n in synthetic}, lang)
    return HTML(out)


def _stand_in_box(frames: dict[str, pd.DataFrame], lang: str) -> str:
    i = _lang(lang)
    items = []
    for name, df in frames.items():
        reason = (df.attrs or {}).get("stand_in_reason") or ("", "")
        what = _TABLE_NAMES.get(name, (name, name))[i]
        items.append(f"{what}" + (f" ({reason[i]})" if reason[i] else ""))
    text = (
        "SYNTEETTISTÄ DEMODATAA tällä sivulla: " + "; ".join(items) + ". Näitä osia käyttävät "
        "luvut ovat keksittyjä esimerkkejä, eivät virallista tilastoa."
        if i == 0
        else "SYNTHETIC DEMO DATA on this page: " + "; ".join(items) + ". Figures using these "
        "parts are invented examples, not official statistics."
    )
    return (
        f'<div class="kokka-notice kokka-notice-synthetic" style="{_WARN_STYLE}">'
        f"{_html.escape(text)}</div>"
    )


def _note_text(note: object, lang: str) -> str:
    """A data note in the page language (notes are ``{"fi": …, "en": …}``, or plain text)."""
    if isinstance(note, dict):
        return str(note.get("fi" if _lang(lang) == 0 else "en") or note.get("en") or "")
    return str(note)


def stand_in_notice(df: pd.DataFrame, name: str, lang: str = "fi") -> HTML:
    """Before a section that uses ``df``: a warning when ``df`` is a synthetic stand-in for
    data the real source does not publish; nothing otherwise (on demo data the page-wide
    notice already says everything is synthetic)."""
    attrs = df.attrs or {}
    if not attrs.get("stand_in"):
        return HTML("")
    return HTML(_stand_in_box({name: df}, lang))


def covers(df: pd.DataFrame, region: str, maakunta: bool = False) -> bool:
    """Whether ``df`` has rows for ``region`` (or an area inside it; with ``maakunta=True``
    also its maakunta). See :func:`kokka_analysis.sources.base.covers`."""
    from .sources.base import covers as _covers

    return _covers(df["region"].dropna().astype(str).unique(), region, maakunta)


def no_data_notice(name: str, region: str, lang: str = "fi") -> HTML:
    """In place of a section whose data (table ``name``) have no rows for ``region``."""
    from . import regions

    i = _lang(lang)
    what = _TABLE_NAMES.get(name, (name, name))[i]
    place = regions.name(region, "fi" if i == 0 else "en")
    text = (
        f"Ei aineistoa: {what} ei sisällä tietoja alueesta {place} ({region}), joten tämä "
        "osio jää tyhjäksi."
        if i == 0
        else f"No data: the {what} has no figures for {place} ({region}), so this section "
        "is left empty."
    )
    return HTML(f'<div class="kokka-notice kokka-notice-nodata">{_html.escape(text)}</div>')


def section_notice(text_in_lang: str) -> HTML:
    """A quiet box in place of a section the data cannot support (empty text: nothing).

    Examples
    --------
    >>> section_notice("").data, "kokka-section-notice" in section_notice("No ages.").data
    ('', True)
    """
    if not text_in_lang:
        return HTML("")
    return HTML(
        '<div class="kokka-notice kokka-section-notice" style="border-left:4px solid #8a99a6;'
        f'padding:.5em 1em;color:#33414d">{_html.escape(text_in_lang)}</div>'
    )


def heading(text_fi: str, text_en: str, lang: str = "fi", level: int = 2) -> Markdown:
    """A section heading in the report language."""
    return Markdown("#" * level + " " + pick(text_fi, text_en, lang))


def md(text_in_lang: str) -> Markdown:
    """Text already in the report language (e.g. a findings function's output) as Markdown."""
    return Markdown(text_in_lang)


def text(text_fi: str, text_en: str, lang: str = "fi") -> Markdown:
    """A paragraph in the report language."""
    return Markdown(pick(text_fi, text_en, lang))


def table_frame(
    df: pd.DataFrame,
    lang: str = "fi",
    decimals: int = 1,
    column_labels: dict[str, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """A display copy: codes turned into labels, headers translated, numbers rounded.

    ``column_labels`` adds or overrides header texts: ``{"hazard_ratio": ("Riskisuhde",
    "Hazard ratio")}``.
    """
    names = {**_COLUMN_LABELS, **(column_labels or {})}
    out = df.copy()
    for col in out.columns:
        if col == "variable" and not pd.api.types.is_numeric_dtype(out[col]):  # model terms
            out[col] = [_variable_label(v, names, lang) for v in out[col]]
        elif col == "test" and not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = [_TESTS.get(str(v), (v, v))[_lang(lang)] for v in out[col]]
        elif col in _LABELLED_VALUES or col == "model":
            out[col] = [labels.label(col, v, lang) for v in out[col]]
        elif (col in ("level", "reference") and "variable" in out.columns) or (
            col == "category" and "dimension" in out.columns
        ):
            # a category of the row's own variable (Cox terms, profile tests, survey margins)
            kinds = df["variable"] if col != "category" else df["dimension"]
            out[col] = [
                (pick("tuntematon", "unknown", lang) if str(v) == "NA"
                 else _region_label(v, lang) if str(k) == "region"
                 else labels.label(str(k), v, lang)) if pd.notna(v) else v
                for k, v in zip(kinds, out[col], strict=True)
            ]  # fmt: skip
        elif col == "group" and "grouping" in out.columns:
            out[col] = [
                labels.label(str(k), v, lang) if k != "all" else pick("kaikki", "all", lang)
                for k, v in zip(df["grouping"], out[col], strict=True)
            ]
        elif col in _REGION_COLUMNS:
            out[col] = [_region_label(v, lang) for v in out[col]]
        elif col == "group":  # the whole cohort's row ("all" without a grouping)
            out[col] = out[col].replace({"all": "kaikki" if _lang(lang) == 0 else "all"})
        elif pd.api.types.is_float_dtype(out[col]) and col not in ("p_value", "p"):
            out[col] = out[col].round(decimals)  # (p-values are formatted by table())
        elif pd.api.types.is_extension_array_dtype(out[col]) and out[col].isna().any():
            # nullable counts (Int64): a missing one is a dash, as elsewhere
            out[col] = out[col].astype(object).where(out[col].notna(), "–")
        elif out[col].dtype == object:  # None is "no value" to a reader, not the word None
            out[col] = out[col].where(out[col].notna(), "–")
    out = out.rename(columns={c: names[c][_lang(lang)] for c in out.columns if c in names})
    out.attrs = {}
    return out.reset_index(drop=True)


#: Variables of the built-in tables (their own header texts) and the model's global test.
_VARIABLES = {
    "sex": ("Sukupuoli", "Sex"), "region": ("Kunta", "Municipality"),
    "origin_group": ("Lähtöalue", "Region of origin"), "GLOBAL": ("Koko malli", "Whole model"),
}  # fmt: skip
_TESTS = {
    "chi2": ("χ²-testi", "χ² test"),
    "fisher": ("Fisherin tarkka testi", "Fisher's exact test"),
}


def _variable_label(value: object, names: dict, lang: str) -> object:
    key = str(value)
    pair = names.get(key) or _VARIABLES.get(key)
    return pair[_lang(lang)] if pair else value


def table(
    df: pd.DataFrame,
    lang: str = "fi",
    decimals: int = 1,
    column_labels: dict[str, tuple[str, str]] | None = None,
) -> HTML:
    """A table for reading: labels for codes, translated headers, numbers formatted for
    ``lang``, suppressed or missing cells shown as "–", no row index.

    The HTML is plain and deterministic (no random ids), so published pages are reproducible.
    """
    frame = table_frame(df, lang, decimals, column_labels)
    formatters = {}
    p_decimals = max(decimals, 3)  # a p-value keeps three decimals whatever the table's
    for col in frame.columns:
        if pd.api.types.is_bool_dtype(frame[col]):
            yes, no = ("kyllä", "ei") if lang == "fi" else ("yes", "no")
            formatters[col] = lambda v, yes=yes, no=no: yes if v else no
        elif col in _PLAIN_LABELS:
            formatters[col] = str  # years and horizons: no thousands separator
        elif pd.api.types.is_integer_dtype(frame[col]):
            formatters[col] = lambda v: number(v, lang, 0)
        elif col in _P_LABELS and pd.api.types.is_float_dtype(frame[col]):
            # a p-value is never shown as 0: below the last decimal it is "< 0.001"
            formatters[col] = lambda v, d=p_decimals: (
                "–" if pd.isna(v) else f"< {number(10.0**-d, lang, d)}" if v < 10.0**-d
                else number(v, lang, d)
            )  # fmt: skip
        elif pd.api.types.is_float_dtype(frame[col]):
            whole = frame[col].dropna().mod(1).eq(0).all() and col in _WHOLE_NUMBER_LABELS
            formatters[col] = lambda v, d=(0 if whole else decimals): (
                "–" if pd.isna(v) else number(v, lang, d)
            )
    html_text = frame.to_html(
        index=False, border=0, classes="kokka-table", na_rep="–", formatters=formatters,
        escape=True,
    )  # fmt: skip
    return HTML(html_text)


_PLAIN_LABELS = {lbl for key in ("year", "horizon") for lbl in _COLUMN_LABELS[key]}
_WHOLE_NUMBER_LABELS = {
    lbl
    for key in ("n", "stayed", "leavers", "persons", "employed", "respondents")
    for lbl in _COLUMN_LABELS[key]
} | {lbl for key in ("stayers", "leavers") for lbl in labels.RETENTION_COLUMNS[key]}
_P_LABELS = {lbl for key in ("p_value",) for lbl in _COLUMN_LABELS.get(key, ())} | {
    lbl for key in ("p_value", "p") for lbl in labels.RETENTION_COLUMNS.get(key, ())
}
