"""Figures of the situation picture (notebook 01)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import labels
from ._base import finish, is_synthetic, source_text

__all__ = ["plot_population_trend"]


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
        synthetic=is_synthetic(summary),
        lang=lang,
    )
