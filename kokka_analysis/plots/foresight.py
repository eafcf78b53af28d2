"""Figures of the labour-shortage foresight (notebook 02)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import labels
from ._base import PALETTE, finish, is_synthetic, source_text

__all__ = ["plot_employment_by_industry"]


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
        synthetic=is_synthetic(table),
        lang=lang,
    )
