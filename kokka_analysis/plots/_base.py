"""The one plot theme and the helpers every figure uses (title, axis titles, source line).

Figures are shown in notebooks as plotly's own mime type (``plotly_mimetype``): JupyterLab draws
them with its plotly extension, and the publisher turns them into offline HTML.

"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .. import labels
from ..text import pick

#: Okabe-Ito colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
LIKERT_COLOURS = ["#B2182B", "#EF8A62", "#D9D9D9", "#67A9CF", "#2166AC"]

pio.templates["kokka"] = go.layout.Template(
    layout=go.Layout(
        font=dict(
            family="system-ui, Segoe UI, Roboto, Arial, sans-serif", size=13, color="#1d2733"
        ),
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(showgrid=False, linecolor="#9aa5b1", ticks="outside"),
        yaxis=dict(gridcolor="#e5e9ee", zerolinecolor="#9aa5b1"),
        margin=dict(l=70, r=30, t=70, b=90),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        hoverlabel=dict(namelength=-1),
    )
)
pio.templates.default = "plotly_white+kokka"
pio.renderers.default = "plotly_mimetype"


def source_text(df: pd.DataFrame, lang: str = "fi") -> str:
    """The source line of a chart from the table's provenance (``df.attrs``)."""
    attrs = df.attrs or {}
    if attrs.get("synthetic", True):
        return labels.t("source_demo", lang)
    table = str(attrs.get("table_id") or "")
    when = str(attrs.get("retrieved", ""))[:10]
    if table.startswith("file:"):  # the analyst's own file: never Statistics Finland
        return pick(f"Lähde: käyttäjän oma aineisto (tiedosto {when})",
                    f"Source: data supplied by the user (file of {when})", lang)  # fmt: skip
    base = labels.t("source_statfin", lang)
    given = str(attrs.get("source") or "")
    if given and "statfin" not in given.casefold():  # another public source: its own name
        fi, _, en = given.partition(" / ")
        base = pick("Lähde: ", "Source: ", lang) + (pick(fi, en, lang) if en else given)
    extra = []
    if table:
        extra.append(pick("taulukko ", "table ", lang) + str(table))
    if when:
        extra.append(pick("haettu ", "retrieved ", lang) + when)
    return base + (", " + ", ".join(extra) if extra else "")


def finish(
    fig: go.Figure,
    *,
    title: str,
    x_title: str | None,
    y_title: str | None,
    source: str,
    synthetic: bool = False,
    lang: str = "fi",
) -> go.Figure:
    """Apply title, axis titles, the source line (and a synthetic-data mark) to a figure.

    On charts with an x-axis the source line is a second, smaller line of the x-axis title:
    axis titles take part in plotly's automatic margins, so the source never overlaps long or
    rotated tick labels. Charts without axes (e.g. a Sankey) get it as a note at the bottom.
    """
    fig.update_layout(title=dict(text=title, x=0, xanchor="left"))
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    note = source + (
        " — " + pick("SYNTEETTINEN DEMODATA", "SYNTHETIC DEMO DATA", lang) if synthetic else ""
    )
    cartesian = any("xaxis" in trace for trace in fig.data)
    if cartesian:
        line = f'<span style="font-size:11px;color:#5b6875">{note}</span>'
        fig.update_xaxes(title_text=(f"{x_title}<br>{line}" if x_title else line))
        fig.update_layout(xaxis_automargin=True)
    else:
        if x_title is not None:
            fig.update_xaxes(title_text=x_title)
        fig.add_annotation(
            text=note, xref="paper", yref="paper", x=0, y=-0.08, xanchor="left", yanchor="top",
            showarrow=False, font=dict(size=11, color="#5b6875"),
        )  # fmt: skip
    return fig


def is_synthetic(df: pd.DataFrame) -> bool:
    return bool((df.attrs or {}).get("synthetic", True))
