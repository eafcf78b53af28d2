"""The shared plot theme: title, axis titles with units, a source line, fi/en."""

import pandas as pd
import plotly.graph_objects as go

from kokka_analysis import plots


def _table(synthetic=True):
    df = pd.DataFrame({"year": [2023, 2024], "persons": [100, 98]})
    df.attrs = {"synthetic": synthetic, "table_id": "11re", "retrieved": "2026-11-01T10:00:00"}
    return df


def test_source_line_sits_under_the_x_axis_title():
    fig = plots.plot_population_trend(_table(), "Kotka", lang="en")
    x_title = fig.layout.xaxis.title.text
    assert x_title.startswith("Year<br>") and "SYNTHETIC DEMO DATA" in x_title
    assert fig.layout.yaxis.title.text == "Residents, persons"
    assert not fig.layout.annotations  # nothing floating that could overlap tick labels


def test_real_source_names_table_and_retrieval_date():
    fig = plots.plot_population_trend(_table(synthetic=False), "Kotka", lang="fi")
    x_title = fig.layout.xaxis.title.text
    assert "Tilastokeskus" in x_title and "11re" in x_title and "2026-11-01" in x_title
    assert "SYNTEETTINEN" not in x_title


def test_chart_without_axes_gets_a_note():
    fig = go.Figure(
        go.Sankey(node=dict(label=["a", "b"]), link=dict(source=[0], target=[1], value=[5]))
    )
    plots.finish(fig, title="T", x_title=None, y_title=None, source="Lähde: x", synthetic=True)
    assert "Lähde: x" in fig.layout.annotations[0].text
