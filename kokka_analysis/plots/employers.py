"""Charts of the employer survey: barriers with intervals and planned hires by occupation."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import labels
from ..text import pick
from ._base import PALETTE, finish, is_synthetic, source_text

__all__ = ["plot_barriers", "plot_planned_hires"]


def plot_barriers(table: pd.DataFrame, region_name: str, source: pd.DataFrame, *, lang: str = "fi"):
    """Share of firms for which each barrier matters much, firm- and employee-weighted, with
    95 % intervals (a :func:`kokka_analysis.employers.barrier_table`)."""
    t = table.dropna(subset=["share"]).iloc[::-1]
    fig = go.Figure()
    for key, name, colour in (("share", pick("Yrityksistä", "Of firms", lang), PALETTE[0]),
                              ("employee_share", pick("Työpaikoista", "Of jobs", lang), PALETTE[2])):  # fmt: skip
        fig.add_bar(
            y=t["label"], x=t[key], orientation="h", name=name, marker_color=colour,
            error_x={"type": "data", "symmetric": False, "array": t[f"{key}_high"] - t[key],
                     "arrayminus": t[key] - t[f"{key}_low"]},
            hovertemplate="%{y}: %{x:.0f} %<extra>" + name + "</extra>",
        )  # fmt: skip
    fig.update_layout(barmode="group", height=180 + 45 * len(t))
    return finish(
        fig,
        title=pick(
            f"Esteet kansainvälisten osaajien palkkaamiselle: {region_name}",
            f"Barriers to hiring international talent: {region_name}",
            lang,
        ),  # fmt: skip
        x_title=pick(
            "Osuus, jolle este on suuri (%, 95 %:n väli)",
            "Share for which the barrier matters much (%, 95 % interval)",
            lang,
        ),  # fmt: skip
        y_title=None,
        source=source_text(source, lang),
        synthetic=is_synthetic(source),
        lang=lang,
    )


def plot_planned_hires(
    table: pd.DataFrame, region_name: str, source: pd.DataFrame, *, lang: str = "fi"
):
    """Estimated planned hires in 12 months by occupation group with 95 % intervals."""
    t = table[(table["group"] != "total")].dropna(subset=["hires"]).iloc[::-1]
    names = [labels.label("occupation", g, lang) for g in t["group"]]
    fig = go.Figure()
    fig.add_bar(
        y=names, x=t["hires"], orientation="h", marker_color=PALETTE[1],
        error_x={"type": "data", "symmetric": False, "array": t["hires_high"] - t["hires"],
                 "arrayminus": t["hires"] - t["hires_low"]},
        hovertemplate="%{y}: %{x:,.0f}<extra></extra>", showlegend=False,
    )  # fmt: skip
    fig.update_layout(height=180 + 24 * len(t))
    return finish(
        fig,
        title=pick(
            f"Suunnitellut rekrytoinnit 12 kuukauden aikana: {region_name}",
            f"Planned hires in the next 12 months: {region_name}",
            lang,
        ),  # fmt: skip
        x_title=pick(
            "Henkilöä, arvio kaikista alueen yrityksistä (95 %:n väli)",
            "Persons, estimate for all the region's firms (95 % interval)",
            lang,
        ),  # fmt: skip
        y_title=None,
        source=source_text(source, lang),
        synthetic=is_synthetic(source),
        lang=lang,
    )
