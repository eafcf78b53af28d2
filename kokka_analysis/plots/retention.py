"""Figures of the retention analysis (notebook 03)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import labels
from ._base import PALETTE, finish, is_synthetic, source_text

__all__ = ["plot_retention_rates"]


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
        synthetic=is_synthetic(table),
        lang=lang,
    )
