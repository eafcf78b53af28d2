"""Plotly figure builders with one theme; every chart has a title, axis titles with units,
a source line and reads in Finnish or English by ``lang``.

Figures are shown in notebooks as plotly's own mime type (``plotly_mimetype``): JupyterLab draws
them with its plotly extension, and the publisher turns them into offline HTML.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"year": [2020, 2021], "persons": [100, 98]})
>>> fig = plot_population_trend(df, region_name="Kotka", lang="en")
>>> fig.layout.title.text.startswith("Population")
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import labels

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
    base = labels.t("source_statfin", lang)
    table = attrs.get("table_id")
    when = str(attrs.get("retrieved", ""))[:10]
    extra = []
    if table:
        extra.append(("taulukko " if lang == "fi" else "table ") + str(table))
    if when:
        extra.append(("haettu " if lang == "fi" else "retrieved ") + when)
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
    """Apply title, axis titles, the source line (and a synthetic-data mark) to a figure."""
    fig.update_layout(title=dict(text=title, x=0, xanchor="left"))
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    note = source + (
        " — " + ("SYNTEETTINEN DEMODATA" if lang == "fi" else "SYNTHETIC DEMO DATA")
        if synthetic
        else ""
    )
    fig.add_annotation(
        text=note, xref="paper", yref="paper", x=0, y=-0.22, xanchor="left", yanchor="top",
        showarrow=False, font=dict(size=11, color="#5b6875"),
    )  # fmt: skip
    return fig


def _synthetic(df: pd.DataFrame) -> bool:
    return bool((df.attrs or {}).get("synthetic", True))


def plot_population_trend(summary: pd.DataFrame, region_name: str, lang: str = "fi") -> go.Figure:
    """Residents by year (``summary`` has ``year`` and ``persons``)."""
    fig = go.Figure(
        go.Scatter(
            x=summary["year"], y=summary["persons"], mode="lines+markers",
            name=labels.t("persons", lang),
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
        )
    )  # fmt: skip
    title = f"{'Väkiluku' if lang == 'fi' else 'Population'}: {region_name}"
    return finish(
        fig,
        title=title,
        x_title=labels.t("year", lang),
        y_title=("Asukkaita, henkilöä" if lang == "fi" else "Residents, persons"),
        source=source_text(summary, lang),
        synthetic=_synthetic(summary),
        lang=lang,
    )


def plot_employment_by_industry(
    table: pd.DataFrame, region_name: str, lang: str = "fi", top: int = 10
) -> go.Figure:
    """Employed persons by industry, first vs last year (``year, industry, employed``)."""
    years = sorted(table["year"].unique())
    first, last = years[0], years[-1]
    wide = table.pivot_table(index="industry", columns="year", values="employed", aggfunc="sum")
    wide = wide.sort_values(last, ascending=True).tail(top)
    names = [labels.label("industry", i, lang) for i in wide.index]
    fig = go.Figure()
    for year, colour in ((first, PALETTE[4]), (last, PALETTE[0])):
        fig.add_bar(
            y=names, x=wide[year], orientation="h", name=str(year), marker_color=colour,
            hovertemplate="%{y}: %{x:,.0f}<extra>" + str(year) + "</extra>",
        )  # fmt: skip
    fig.update_layout(barmode="group", height=120 + 38 * len(wide))
    title = (
        f"Työlliset toimialoittain {first} ja {last}: {region_name}"
        if lang == "fi"
        else f"Employed by industry, {first} and {last}: {region_name}"
    )
    return finish(
        fig,
        title=title,
        x_title=("Työllisiä, henkilöä" if lang == "fi" else "Employed, persons"),
        y_title=None,
        source=source_text(table, lang),
        synthetic=_synthetic(table),
        lang=lang,
    )


def plot_retention_rates(
    table: pd.DataFrame, by: str, lang: str = "fi", label_kind: str | None = None
) -> go.Figure:
    """Share still in the region after h years, with 95 % intervals, per group and horizon.

    ``table`` is :func:`kokka_analysis.retention.retention_table` output; suppressed rows are
    left out (their bars are absent, and the legend note says why).
    """
    fig = go.Figure()
    shown = table[~table["suppressed"]] if "suppressed" in table else table
    for i, (h, grp) in enumerate(shown.groupby("horizon")):
        names = [labels.label(label_kind or by, g, lang) for g in grp[by]]
        rate = grp["rate"] * 100
        fig.add_bar(
            x=names, y=rate, name=(f"{h} v" if lang == "fi" else f"{h} yr"),
            marker_color=PALETTE[i % len(PALETTE)],
            error_y=dict(type="data", symmetric=False, array=grp["ci_high"] * 100 - rate,
                         arrayminus=rate - grp["ci_low"] * 100, color="#5b6875"),
            customdata=np.stack([grp["n"]], axis=-1),
            hovertemplate="%{x}: %{y:.0f} % (n=%{customdata[0]:.0f})<extra></extra>",
        )  # fmt: skip
    fig.update_layout(barmode="group", yaxis_range=[0, 100])
    title = (
        "Alueella yhä asuvien osuus vuosien kuluttua saapumisesta"
        if lang == "fi"
        else "Share still living in the region, years after arrival"
    )
    return finish(
        fig,
        title=title,
        x_title=None,
        y_title=("Osuus, % (95 %:n luottamusväli)" if lang == "fi" else "Share, % (95 % interval)"),
        source=source_text(table, lang),
        synthetic=_synthetic(table),
        lang=lang,
    )


def plot_likert_means(
    table: pd.DataFrame, by: str, item_labels: dict[str, str], lang: str = "fi"
) -> go.Figure:
    """Mean agreement (1-5) per item and group, from a ``likert_summary`` table."""
    means = table.drop_duplicates([by, "item"])
    means = means[~means["suppressed"]] if "suppressed" in means else means
    fig = go.Figure()
    for i, (g, grp) in enumerate(means.groupby(by, sort=False, observed=True)):
        fig.add_scatter(
            x=grp["mean"], y=[item_labels.get(it, it) for it in grp["item"]], mode="markers",
            name=str(g), marker=dict(size=11, color=PALETTE[i % len(PALETTE)]),
            hovertemplate="%{y}: %{x:.2f}<extra>" + str(g) + "</extra>",
        )  # fmt: skip
    fig.update_xaxes(range=[1, 5], dtick=1)
    fig.update_layout(height=160 + 34 * means["item"].nunique())
    title = "Aluekuva: keskiarvot ryhmittäin" if lang == "fi" else "Regional image: means by group"
    return finish(
        fig,
        title=title,
        x_title=(
            "Keskiarvo, 1 = täysin eri mieltä … 5 = täysin samaa mieltä"
            if lang == "fi"
            else "Mean, 1 = strongly disagree … 5 = strongly agree"
        ),
        y_title=None,
        source=source_text(table, lang),
        synthetic=_synthetic(table),
        lang=lang,
    )
