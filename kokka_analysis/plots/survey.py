"""Figures of the regional-image survey (notebook 04)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ._base import PALETTE, finish, is_synthetic, source_text

__all__ = ["plot_likert_means"]


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
        synthetic=is_synthetic(table),
        lang=lang,
    )
