"""A site in Finnish and English (issue 20): every page wholly in its language, both
languages built by default with a switch between the same report in the other language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kokka_analysis import cli
from kokka_analysis.publish import html
from kokka_analysis.publish.build import build, site_size

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_markdown_is_reduced_to_the_page_language():
    text = (
        "## Työllisyysennuste · Employment forecast\n\n"
        "Malli valitaan taaksepäin testaamalla; viuhka on 95 %:n ennusteväli. *The model is "
        "chosen by backtesting; the fan is the 95 % prediction interval.* \n"
        "| a | b |"
    )
    fi = html.one_language_markdown(text, "fi")
    en = html.one_language_markdown(text, "en")
    assert fi == (
        "## Työllisyysennuste\n\nMalli valitaan taaksepäin testaamalla; viuhka on 95 %:n "
        "ennusteväli.\n| a | b |"
    )
    assert en == (
        "## Employment forecast\n\nThe model is chosen by backtesting; the fan is the 95 % "
        "prediction interval.\n| a | b |"
    )
    assert html.one_language_markdown("## Kartta · Map", "sv") == "## Kartta · Map"
    # list items keep their marker; a line without the English part stays as it is
    assert html.one_language_markdown("- Väestö *Population*", "en") == "- Population"
    assert html.one_language_markdown("1. Väestö *Population*", "fi") == "1. Väestö"
    assert html.one_language_markdown("Lähde: Tilastokeskus", "en") == "Lähde: Tilastokeskus"


def test_only_notebooks_that_declare_the_convention_are_reduced():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("Lähde: Tilastokeskus *StatFin*")]
    plain = html.notebook_body(nbformat.writes(nb), "en")
    assert "Tilastokeskus" in plain  # an analyst's notebook: left as written
    nb.metadata["kokka"] = {"text": html.TEXT_CONVENTION}
    assert "Tilastokeskus" not in html.notebook_body(nbformat.writes(nb), "en")


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem)
def test_notebook_text_follows_the_two_language_convention(path):
    """Every heading is 'suomeksi · in English' and every paragraph ends with its English
    translation in italics, so that each page can be given wholly in its language."""
    nb = json.loads(path.read_text("utf-8"))
    assert nb["metadata"]["kokka"]["text"] == html.TEXT_CONVENTION  # declared, so reduced
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).split("\n"):
            if not line.strip():
                continue
            assert html.bilingual_line(line), f"{path.name} cell {cell['id']}: {line!r}"


def _page(out, lang, region, nb):
    return (out / lang / region / f"{nb}.html").read_text("utf-8")


def test_default_build_publishes_both_languages_with_a_switch(tmp_path):
    out = tmp_path / "site"
    summary = build(["KU285"], ["01"], out_dir=out, workers=2, languages=("fi", "en"))
    assert summary.ok, summary.failed
    assert sorted(summary.built) == ["en/KU285/01_situation_picture",
                                     "fi/KU285/01_situation_picture"]  # fmt: skip
    fi = _page(out, "fi", "KU285", "01_situation_picture")
    en = _page(out, "en", "KU285", "01_situation_picture")
    assert '<html lang="fi">' in fi and '<html lang="en">' in en
    assert 'href="../../en/KU285/01_situation_picture.html" hreflang="en"' in fi
    assert 'href="../../fi/KU285/01_situation_picture.html" hreflang="fi"' in en
    # each page wholly in its language (region names aside)
    for finnish in ("Alueen tilannekuva", "Väestö", "Muuttoliike", "Määritelmät"):
        assert finnish not in en, finnish
    for english in ("Situation picture", "Population pyramid", "Definitions"):
        assert english not in fi, english
    assert "Situation picture" in en and "Alueen tilannekuva" in fi
    # an index per language, a chooser at the top, one copy of the chart library
    idx_fi = (out / "fi" / "index.html").read_text("utf-8")
    idx_en = (out / "en" / "index.html").read_text("utf-8")
    assert '<html lang="fi">' in idx_fi and '<html lang="en">' in idx_en
    assert "KU285/01_situation_picture.html" in idx_fi and "Find" in idx_en
    assert "Hae" not in idx_en and "Find" not in idx_fi
    top = (out / "index.html").read_text("utf-8")
    assert 'href="fi/index.html"' in top and 'href="en/index.html"' in top
    assert site_size(out)["library_copies"] == 1 and site_size(out)["pages"] == 2
    assert 'src="../../assets/plotly.min.js"' in fi


def test_kokka_build_is_bilingual_unless_one_language_is_asked(tmp_path, capsys):
    assert cli.main(["build", "--region", "KU489", "--notebook", "01", "--out",
                     str(tmp_path / "both"), "--no-progress"]) == 0  # fmt: skip
    assert (tmp_path / "both" / "fi" / "KU489" / "01_situation_picture.html").exists()
    assert (tmp_path / "both" / "en" / "KU489" / "01_situation_picture.html").exists()
    assert "2 built" in capsys.readouterr().out
    assert cli.main(["build", "--region", "KU489", "--notebook", "01", "-p", "lang", "en",
                     "--out", str(tmp_path / "en"), "--no-progress"]) == 0  # fmt: skip
    page = (tmp_path / "en" / "KU489" / "01_situation_picture.html").read_text("utf-8")
    assert '<html lang="en">' in page and "hreflang" not in page  # one language: no switch


@pytest.mark.parametrize(
    ("notebook", "title", "charts"),
    [
        ("00_summary", "Region summary", 1),
        ("01_situation_picture", "Situation picture", 3),
        ("05_employer_needs", "Employers' needs", 2),
        ("06_actor_network", "Actor network and service path", 3),
    ],
)
def test_language_switch_in_a_headless_browser_offline(tmp_path, notebook, title, charts):
    """Open the Finnish page (the summary, a topic), check its charts are drawn, follow its
    language switch, and find the English page with its charts drawn (no server, no
    network); and back again."""
    from test_build import _browser_or_skip, _dump_dom

    _browser_or_skip()
    out = tmp_path / "site"
    summary = build(["KU285"], [notebook[:2]], out_dir=out, workers=2, languages=("fi", "en"))
    assert summary.ok, summary.failed
    fi_page = out / "fi" / "KU285" / f"{notebook}.html"
    dom = _dump_dom(fi_page.as_uri(), tmp_path / "profile", 8000)
    assert '<html lang="fi">' in dom and dom.count('class="main-svg"') >= charts
    href = re.search(r'<a [^>]*class="kokka-lang"[^>]*href="([^"]+)"', dom)
    assert href, "no language switch on the page"
    target = (fi_page.parent / href.group(1)).resolve()
    assert target == (out / "en" / "KU285" / f"{notebook}.html").resolve()
    dom_en = _dump_dom(target.as_uri(), tmp_path / "profile2", 8000)
    assert '<html lang="en">' in dom_en and title in dom_en
    assert dom_en.count('class="main-svg"') >= charts  # plotly drew the charts
    back = re.search(r'<a [^>]*class="kokka-lang"[^>]*href="([^"]+)"', dom_en)
    assert (target.parent / back.group(1)).resolve() == fi_page.resolve()


def test_a_page_missing_in_one_language_switches_to_its_index(tmp_path):
    """A job that fails in English only: the Finnish page's switch leads to the English index
    (not to a page that does not exist), and the language choice lists both indexes."""
    from notebook_fakes import write_notebook

    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_notebook(nbs, "01_fragile", "assert lang == 'fi', 'no English text yet'\nprint(region)")
    out = tmp_path / "site"
    summary = build(["KU285"], out_dir=out, workers=1, notebooks_folder=nbs,
                    languages=("fi", "en"))  # fmt: skip
    assert summary.built == ["fi/KU285/01_fragile"] and list(summary.failed) == [
        "en/KU285/01_fragile"
    ]
    assert "log:" in summary.text() and "_logs/KU285/01_fragile.log" in summary.text()
    page = (out / "fi" / "KU285" / "01_fragile.html").read_text("utf-8")
    assert 'href="../../en/index.html" hreflang="en"' in page
    top = (out / "index.html").read_text("utf-8")
    assert 'href="fi/index.html"' in top and 'href="en/index.html"' in top


def test_one_output_folder_holds_one_layout(tmp_path):
    """A two-language site and a one-language site are not mixed in one folder (each would
    leave the other's pages published beside it)."""
    from notebook_fakes import write_notebook

    from kokka_analysis.publish.jobs import BuildConfigError

    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_notebook(nbs, "01_tiny", "print(region)")
    both, one = tmp_path / "both", tmp_path / "one"
    assert build(["KU285"], out_dir=both, notebooks_folder=nbs, languages=("fi", "en")).ok
    assert build(["KU285"], out_dir=one, notebooks_folder=nbs, params={"lang": "en"}).ok
    with pytest.raises(BuildConfigError, match="holds a site in Finnish and English"):
        build(["KU285"], out_dir=both, notebooks_folder=nbs, params={"lang": "en"})
    with pytest.raises(BuildConfigError, match="holds a site in one language"):
        build(["KU285"], out_dir=one, notebooks_folder=nbs, languages=("fi", "en"))
    with pytest.raises(BuildConfigError, match="-p lang builds one language"):
        build(["KU285"], out_dir=both, notebooks_folder=nbs, params={"lang": "en"},
              languages=("fi", "en"))  # fmt: skip


def test_summary_page_prints_as_a4_with_breadcrumbs_offline(tmp_path):
    """A summary page has breadcrumbs (each level a link to the index filtered to it), the
    Swedish name where it differs, and prints to A4 with its print style (no navigation)."""
    import subprocess

    from test_build import _browser_or_skip

    browser = _browser_or_skip()
    out = tmp_path / "site"
    summary = build(["KU624"], ["00"], out_dir=out, workers=1, languages=("fi", "en"))
    assert summary.ok, summary.failed
    page = out / "fi" / "KU624" / "00_summary.html"
    text = page.read_text("utf-8")
    crumbs = re.search(r'<nav class="kokka-crumbs".*?</nav>', text).group(0)
    assert re.findall(r'href="([^"]+)"', crumbs) == [
        "../index.html", "../index.html#q=mk08", "../index.html#q=sk082", "../index.html#q=ku624"
    ]  # fmt: skip
    assert 'lang="sv">Pyttis<' in text
    css = (out / "assets" / "kokka.css").read_text("utf-8")
    assert "@media print" in css and "size: A4" in css
    pdf = tmp_path / "summary.pdf"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--proxy-server=127.0.0.1:9", "--virtual-time-budget=8000", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, timeout=120,
    )  # fmt: skip
    data = pdf.read_bytes()
    boxes = set(re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data))
    assert boxes and all(b.split()[2:4] and abs(float(b.split()[2]) - 595) < 1 and
                         abs(float(b.split()[3]) - 842) < 1 for b in boxes)  # fmt: skip
