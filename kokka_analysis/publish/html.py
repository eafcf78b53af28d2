"""Static HTML: one page per executed notebook (code hidden) and the site index.

Pages work offline from the file system: plotly figures (saved in the notebook as
``application/vnd.plotly.v1+json``) become a ``<div>`` plus a ``Plotly.newPlot`` call, and every
page loads one shared ``assets/plotly.min.js`` copied from the installed plotly package — no CDN,
no require.js, no MathJax, and no copy of the chart library per page. Figure ids are numbered
by position, so the same notebook gives byte-identical HTML.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from .. import __version__, labels, regions
from ..errors import KokkaError
from ..text import pick

if TYPE_CHECKING:  # nbconvert/nbformat load only when a page is rendered (fast no-op builds)
    import nbformat
    from nbconvert import HTMLExporter

PLOTLY_MIME = "application/vnd.plotly.v1+json"
TEMPLATES = Path(__file__).with_name("templates")
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    keep_trailing_newline=True,
)

#: Topic titles of the notebooks (fi, en), by notebook stem.
TOPICS = {
    "00_summary": ("Alueen yhteenveto", "Region summary"),
    "01_situation_picture": ("Alueen tilannekuva", "Situation picture"),
    "02_labour_shortage_foresight": ("Työvoimapulan ennakointi", "Labour-shortage foresight"),
    "03_retention": ("Alueelle jääminen", "Retention: who stays, who leaves"),
    "04_regional_image_survey": ("Aluekuvakysely", "Regional-image survey"),
    "05_employer_needs": ("Työnantajien tarpeet", "Employers' needs"),
    "06_actor_network": ("Toimijaverkosto ja palvelupolku", "Actor network and service path"),
}


def topic_title(stem: str, lang: str = "fi") -> str:
    fi, en = TOPICS.get(stem, (stem, stem))
    return pick(fi, en, lang)


def table_name(name: str, lang: str | None = None) -> str:
    """A tidy table's name in ``lang``, or in Finnish / English, e.g. ``kohortti / cohort``."""
    fi, en = labels.TABLE_NAMES.get(name, (name, name))
    return pick(fi, en, lang) if lang in ("fi", "en") else f"{fi} / {en}"


def copy_assets(out_dir: Path) -> None:
    """Copy the shared chart library and style sheet into ``out_dir/assets`` (once)."""
    import importlib.util

    assets = out_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    spec = importlib.util.find_spec("plotly")  # located, not imported: no-op builds stay fast
    src = Path(spec.origin).parent / "package_data" / "plotly.min.js"
    dst = assets / "plotly.min.js"
    if not dst.exists() or dst.stat().st_size != src.stat().st_size:
        shutil.copyfile(src, dst)
    css = TEMPLATES / "kokka.css"
    if (
        not (assets / "kokka.css").exists()
        or (assets / "kokka.css").read_bytes() != css.read_bytes()
    ):
        shutil.copyfile(css, assets / "kokka.css")


def _plotly_to_html(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Replace plotly mime outputs with a div + script that draws them (deterministic ids)."""
    n = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PLOTLY_MIME not in data:
                continue
            n += 1
            fig = data[PLOTLY_MIME]
            payload = json.dumps(
                [
                    fig.get("data", []),
                    fig.get("layout", {}),
                    {"responsive": True, "displaylogo": False, **fig.get("config", {})},
                ],
                sort_keys=True,
                separators=(",", ":"),
                ensure_ascii=False,
            ).replace("</", "<\\/")
            div = f"kokka-fig-{n}"
            out["data"] = {
                "text/html": (
                    f'<div id="{div}" class="kokka-figure"></div>\n'
                    f"<script>(function(){{var a={payload};"
                    f'Plotly.newPlot("{div}",a[0],a[1],a[2]);}})();</script>'
                )
            }
    return nb


def _hide_non_report_cells(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop the parameters cells and cells tagged ``remove-cell``; strip execution metadata."""
    keep = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"parameters", "injected-parameters", "remove-cell", "kokka-reset"}:
            continue
        cell.metadata = {}
        cell["id"] = f"c{len(keep)}"  # ids of injected cells are random; pages must not be
        if cell.cell_type == "code":
            cell.execution_count = None
        keep.append(cell)
    nb.cells = keep
    nb.metadata = {"language_info": nb.metadata.get("language_info", {"name": "python"})}
    return nb


_EXPORTER: HTMLExporter | None = None


def _exporter() -> HTMLExporter:
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        ex = HTMLExporter(template_name="basic")
        ex.exclude_input = True
        ex.exclude_input_prompt = True
        ex.exclude_output_prompt = True
        ex.anchor_link_text = ""
        _EXPORTER = ex
    return _EXPORTER


#: A two-language heading of the notebooks: ``## Väestö · Population``.
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s+·\s+(.+?)\s*$")
#: A two-language paragraph line: the Finnish text, then its English in italics at the end.
_PARAGRAPH = re.compile(
    r"^(?P<mark>\s*(?:[-*+]\s+|\d+\.\s+|>\s*)?)(?P<fi>[^*\s][^*]*?)\s+\*(?P<en>[^*]+)\*\s*$"
)
#: The notebook metadata (``kokka.text``) that says its text follows the convention.
TEXT_CONVENTION = "fi · en"


def bilingual_line(line: str) -> bool:
    """Whether a line of a notebook's text follows the convention :func:`one_language_markdown`
    reads (a heading ``fi · en``, or a Finnish paragraph ending with its English in italics)."""
    return bool(_HEADING.match(line) or _PARAGRAPH.match(line))


def one_language_markdown(markdown: str, lang: str) -> str:
    """A notebook's two-language text reduced to ``lang`` (``fi`` or ``en``; any other
    language leaves it as it is). Lines outside the convention stay as they are.

    >>> one_language_markdown("## Väestö · Population\\n\\nAlueittain. *By region.*", "en")
    '## Population\\n\\nBy region.'
    """
    if lang not in ("fi", "en"):
        return markdown
    out = []
    for line in markdown.split("\n"):
        if m := _HEADING.match(line):
            out.append(f"{m[1]} {m[2] if lang == 'fi' else m[3]}")
        elif m := _PARAGRAPH.match(line):
            out.append(m["mark"] + (m["fi"] if lang == "fi" else m["en"].strip()))
        else:
            out.append(line)
    return "\n".join(out)


def _one_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = one_language_markdown(cell.source, lang)
    return nb


def notebook_body(nb_json: str, lang: str | None = None) -> str:
    """The executed notebook as an HTML fragment: outputs and text only (the text in
    ``lang`` when given), charts drawable."""
    import nbformat

    nb = nbformat.reads(nb_json, as_version=4)
    # only notebooks that declare the two-language convention have their text reduced (an
    # analyst's own notebook may end a line in italics for another reason)
    convention = (nb.metadata.get("kokka") or {}).get("text") == TEXT_CONVENTION
    nb = _plotly_to_html(_drop_stderr(_hide_non_report_cells(nb)))
    if lang is not None and convention:
        nb = _one_language(nb, lang)
    body, _ = _exporter().from_notebook_node(nb)
    return body


def render_page(
    nb_json: str,
    *,
    notebook: str,
    region: str,
    parameters: dict,
    provenance: dict,
    build_time: str,
    assets: str = "../assets",
    switch: list[tuple[str, str, str]] | None = None,
) -> str:
    """A complete page for one job; ``provenance`` carries version, commit and data source;
    ``assets`` is where the shared chart library and style sheet are, relative to the page;
    ``switch`` lists ``(language, address, label)`` of the same page in other languages."""
    lang = parameters.get("lang", "fi") if parameters.get("lang") in ("fi", "en") else "fi"
    reg = regions.resolve(region)
    synthetic = provenance.get("synthetic", True)
    # the way down from the index: the region's maakunta and seutukunta, each a link to the
    # index filtered to it (always there, whatever was built)
    crumbs = [(_page_texts(lang)["reports"], "../index.html")]
    for level in ("maakunta", "seutukunta", "kunta"):
        try:
            up = regions.parent(reg.code, level)
        except KokkaError:  # no such level above this region
            continue
        if up.code != reg.code:
            crumbs.append((up.name(lang), f"../index.html#q={up.code.lower()}"))
    crumbs.append((reg.name(lang), f"../index.html#q={reg.code.lower()}"))
    return _ENV.get_template("page.html.j2").render(
        lang=lang,
        title=f"{topic_title(notebook, lang)} — {reg.name(lang)}",
        topic=topic_title(notebook, lang),
        region_name=reg.name(lang),
        region_code=reg.code,
        region_sv=reg.name("sv") if reg.name("sv") != reg.name(lang) else "",
        crumbs=crumbs,
        body=notebook_body(nb_json, lang),
        synthetic=synthetic,
        notice=labels.t("synthetic_notice", lang),
        parameters=sorted(
            (k, json.dumps(_public(k, v), ensure_ascii=False)) for k, v in parameters.items()
        ),
        provenance=provenance,
        version=__version__,
        build_time=build_time,
        t=_page_texts(lang),
        assets=assets,
        switch=switch or [],
    )


def _public(name: str, value: object) -> object:
    """File paths of confidential inputs are shown by file name only, not by location."""
    from ..parameters import public_value

    if name.endswith("_path") and isinstance(value, str) and value:
        return Path(value).name
    return public_value(name, value)


def _drop_stderr(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Warnings and log lines (stderr) are for the analyst, not the reader: they may name
    files, and they are not translated. They stay in the build log."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    return nb


def public_notebook(nb_json: str, parameters: dict) -> str:
    """The executed notebook as it may be published: analysts' file paths replaced by file
    names (the injected parameters cell is written anew from the public values, papermill's
    metadata too, and any other spelling of a path is replaced), stderr outputs left out."""
    import nbformat
    from papermill.translators import PythonTranslator

    public = {k: _public(k, v) for k, v in parameters.items()}
    nb = _drop_stderr(nbformat.reads(nb_json, as_version=4))
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = PythonTranslator.codify(public, "Parameters")
    papermill_meta = nb.metadata.get("papermill")
    if papermill_meta is not None:
        papermill_meta["parameters"] = public
        for key in ("input_path", "output_path"):
            papermill_meta.pop(key, None)
    text = nbformat.writes(nb)
    for name, value in parameters.items():
        if isinstance(value, str) and value and public[name] != value:
            forms = {
                value,
                json.dumps(value)[1:-1],  # JSON escapes (quotes, backslashes, non-ASCII)
                json.dumps(value, ensure_ascii=False)[1:-1],
                repr(value)[1:-1],
                value.encode("unicode_escape").decode("ascii"),  # Python's \xe4 spelling
                json.dumps(value.encode("unicode_escape").decode("ascii"))[1:-1],
                value.replace("\\", "/"),
            }
            for form in sorted(forms, key=len, reverse=True):
                text = text.replace(form, str(public[name]))
    return text


def _page_texts(lang: str) -> dict[str, str]:
    fi = lang == "fi"
    return {
        "back": "← Kaikki raportit" if fi else "← All reports",
        "crumbs": "Sijainti" if fi else "Where you are",
        "reports": "Raportit" if fi else "Reports",
        "built": "Koottu" if fi else "Built",
        "version": "kokka-versio" if fi else "kokka version",
        "commit": "Git-versio" if fi else "Git commit",
        "params": "Parametrit" if fi else "Parameters",
        "data": "Aineisto" if fi else "Data",
        "vintage": "Aineiston versio / haettu" if fi else "Data vintage / retrieved",
        "ipynb": "Suoritettu muistio (.ipynb) tarkastusta varten"
        if fi
        else "Executed notebook (.ipynb) for audit",
    }


#: The index pages of one level each (besides ``index.html`` with every region).
LEVEL_PAGES = {
    "maakunta": ("index-maakunta.html", "maakunnat", "regions"),
    "seutukunta": ("index-seutukunta.html", "seutukunnat", "sub-regions"),
    "kunta": ("index-kunta.html", "kunnat", "municipalities"),
}


#: The index pages' texts: (Finnish, English). Without a language both are shown ("fi / en").
_INDEX_TEXTS = {
    "title": ("kokka — raportit", "kokka — reports"),
    "heading": (
        "kokka — Kaakkois-Suomen osaajaraportit",
        "kokka — South-East Finland talent reports",
    ),
    "lead": (
        "Tilannekuva, työvoimapulan ennakointi, alueelle jääminen ja aluekuva alueittain.",
        "Situation picture, labour-shortage foresight, retention and regional image by region.",
    ),
    "levels": ("Tasot", "Levels"),
    "all": ("kaikki", "all"),
    "maakunnat": ("maakunnat", "regions"),
    "seutukunnat": ("seutukunnat", "sub-regions"),
    "kunnat": ("kunnat", "municipalities"),
    "ready": ("valmista", "ready"),
    "failed_n": ("epäonnistunutta", "failed"),
    "without": ("ilman aineistoa", "without data"),
    "find": ("Hae", "Find"),
    "level": ("Taso", "Level"),
    "regions": ("aluetta", "regions"),
    "region": ("Alue", "Region"),
    "nodata": ("ei aineistoa", "no data"),
    "too_few": ("liian vähän julkaistavaksi", "too few to publish"),
    "open": ("avaa", "open"),
    "previous": ("edellinen", "previous"),
    "failed": ("epäonnistui", "failed"),
    "real": ("todellinen", "real"),
    "synthetic": ("synteettinen", "synthetic"),
    "version": ("kokka-versio", "kokka version"),
    "built": ("Koottu", "Built"),
}
#: The name of each language in itself, for the language switch.
LANGUAGE_NAMES = {"fi": "Suomeksi", "en": "In English"}


def render_languages(langs: list[str]) -> str:
    """The top page of a site in several languages: a choice of the language indexes."""
    links = "".join(
        f'<li><a href="{lang}/index.html" hreflang="{lang}" lang="{lang}">'
        f"{LANGUAGE_NAMES[lang]}: {html.escape(index_texts(lang)['heading'])}</a></li>"
        for lang in langs
    )
    return (
        '<!DOCTYPE html>\n<html lang="fi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>kokka</title>\n"
        '<link rel="stylesheet" href="assets/kokka.css">\n</head>\n<body>\n'
        '<header class="kokka-header"><h1>kokka</h1></header>\n'
        f'<main class="kokka-main"><ul class="kokka-languages">{links}</ul></main>\n'
        "</body>\n</html>\n"
    )


def index_texts(lang: str | None) -> dict[str, str]:
    """The index texts in ``lang`` (``fi``/``en``), or both as "fi / en" (``None``)."""
    if lang in ("fi", "en"):
        return {k: pick(fi, en, lang) for k, (fi, en) in _INDEX_TEXTS.items()} | {"html_lang": lang}
    return {k: fi if fi == en else f"{fi} / {en}" for k, (fi, en) in _INDEX_TEXTS.items()} | {
        "html_lang": "fi"
    }


def index_levels(entries: list[dict]) -> dict[str, int]:
    """The levels of the regions in ``entries`` with their number of regions (for the level
    pages and the links between them)."""
    counts: dict[str, int] = {}
    for code in dict.fromkeys(e["region"] for e in entries):
        level = regions.resolve(code).level
        counts[level] = counts.get(level, 0) + 1
    return {lvl: counts[lvl] for lvl in LEVEL_PAGES if lvl in counts}


def render_index(
    entries: list[dict],
    *,
    build_time: str,
    provenance: dict,
    synthetic: bool,
    level: str | None = None,
    lang: str | None = None,
    switch: list[tuple[str, str, str]] | None = None,
    assets: str = "assets",
) -> str:
    """The site index: regions x topics with status, data source and build time, in ``lang``
    (``None``: Finnish and English side by side); with ``level``, the index page of that
    level's regions only (``index-<level>.html``). Each page links to the others; ``switch``
    lists ``(language, address, label)`` of the same page in the other languages."""
    it = index_texts(lang)
    levels = index_levels(entries)
    n_all = len({e["region"] for e in entries})  # the whole country too, when built
    if level is not None:  # the counts of this page's regions
        entries = [e for e in entries if regions.resolve(e["region"]).level == level]
    topics = sorted({e["notebook"] for e in entries})
    by_region: dict[str, dict[str, dict]] = {}
    for e in entries:
        by_region.setdefault(e["region"], {})[e["notebook"]] = e
    order = {r: i for i, r in enumerate(regions.home_regions())}
    rows = []
    for code in sorted(by_region, key=lambda c: (order.get(c, 10_000), c)):
        reg = regions.resolve(code)
        if level is not None and reg.level != level:
            continue
        rows.append(
            {
                "code": code,
                "name": reg.name(lang)
                if lang
                else reg.name("fi")
                + (f" / {reg.name('en')}" if reg.name("en") != reg.name("fi") else ""),
                "level_name": reg.level_name(lang)
                if lang
                else f"{reg.level_name('fi')} / {reg.level_name('en')}",
                "indent": {"maakunta": 0, "seutukunta": 1, "kunta": 2}.get(reg.level, 0),
                "level": reg.level,
                "search": " ".join(
                    dict.fromkeys([reg.name("fi"), reg.name("sv"), reg.name("en"), code])
                ).lower(),
                "cells": [by_region[code].get(t) for t in topics],
            }
        )
    return _ENV.get_template("index.html.j2").render(
        topics=[
            (
                t,
                html.escape(topic_title(t, lang))
                if lang
                else f"{html.escape(topic_title(t, 'fi'))}<br>"
                f"<em>{html.escape(topic_title(t, 'en'))}</em>",
            )
            for t in topics
        ],
        it=it,
        assets=assets,
        switch=switch or [],
        rows=rows,
        build_time=build_time,
        provenance=provenance,
        version=__version__,
        synthetic=synthetic,
        notice=labels.t("synthetic_notice", lang)
        if lang
        else f"{html.escape(labels.t('synthetic_notice', 'fi'))}<br>"
        f"{html.escape(labels.t('synthetic_notice', 'en'))}",
        n_ok=sum(e["status"] == "ok" for e in entries),
        n_failed=sum(e["status"] == "failed" for e in entries),
        n_nodata=sum(e["status"] in ("nodata", "too_few") for e in entries),
        escape=html.escape,
        level=level,
        level_links=[
            ("index.html", it["all"], n_all, level is None),
            *(
                (LEVEL_PAGES[lvl][0], it[LEVEL_PAGES[lvl][1]], n, lvl == level)
                for lvl, n in levels.items()
            ),
        ],
    )
