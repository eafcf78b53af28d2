"""HTML export: offline, code hidden, deterministic, provenance in the footer."""

import json

import nbformat
import plotly.graph_objects as go

from kokka_analysis.publish import html


def _executed_notebook() -> str:
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("region = 'MK08'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("## Otsikko"),
        nbformat.v4.new_code_cell(
            "secret_code_line()",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={html.PLOTLY_MIME: json.loads(fig.to_json()), "text/plain": "Figure"},
                )
            ],
        ),
    ]
    return nbformat.writes(nb)


def _page(build_time="2026-01-01T00:00:00+00:00", synthetic=True):
    return html.render_page(
        _executed_notebook(),
        notebook="01_situation_picture",
        region="MK08",
        parameters={"region": "MK08", "lang": "en"},
        provenance={
            "synthetic": synthetic, "data_label": "Synthetic demo data (seed 0)",
            "data_vintage": "demo-seed0-abc", "commit": "abc123", "ipynb_name": "01_situation_picture.ipynb",
        },
        build_time=build_time,
    )  # fmt: skip


def test_page_is_offline_and_hides_code():
    page = _page()
    assert '<script src="../assets/plotly.min.js"></script>' in page
    low = page.lower()
    for banned in ("cdn.", "require.js", "requirejs", "mathjax", "http://", "https://cdn"):
        assert banned not in low
    assert "secret_code_line" not in page
    assert 'Plotly.newPlot("kokka-fig-1"' in page
    assert "SYNTHETIC DEMO DATA" in page


def test_footer_provenance_and_determinism():
    a, b = _page("2026-01-01T00:00:00+00:00"), _page("2027-05-05T00:00:00+00:00")
    assert "abc123" in a and "0.1.0" in a and "demo-seed0-abc" in a and "lang=&#34;en&#34;" in a
    strip = lambda s: s.split('class="kokka-build-time">')[0]  # noqa: E731
    assert a != b and strip(a) == strip(b)


def test_real_data_page_has_no_synthetic_banner():
    page = _page(synthetic=False)
    assert 'class="kokka-synthetic"' not in page


def test_assets_copied_once(tmp_path):
    html.copy_assets(tmp_path)
    js = tmp_path / "assets" / "plotly.min.js"
    assert js.stat().st_size > 1_000_000
    mtime = js.stat().st_mtime_ns
    html.copy_assets(tmp_path)
    assert js.stat().st_mtime_ns == mtime
