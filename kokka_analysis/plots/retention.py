"""Figures of the retention analysis (notebook 03)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import labels
from ..text import pick
from ._base import PALETTE, finish, is_synthetic, source_text

__all__ = [
    "plot_destinations",
    "plot_hazard_ratios",
    "plot_outcome_shares",
    "plot_retention_rates",
    "plot_survival",
]


def plot_retention_rates(
    table: pd.DataFrame, by: str, *, lang: str = "fi", label_kind: str | None = None
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
            x=names, y=rate, name=pick(f"{h} v", f"{h} yr", lang),
            marker_color=PALETTE[i % len(PALETTE)],
            error_y=dict(type="data", symmetric=False, array=grp["ci_high"] * 100 - rate,
                         arrayminus=rate - grp["ci_low"] * 100, color="#5b6875"),
            customdata=np.stack([grp["n"]], axis=-1),
            hovertemplate="%{x}: %{y:.0f} % (n=%{customdata[0]:.0f})<extra></extra>",
        )  # fmt: skip
    fig.update_layout(barmode="group", yaxis_range=[0, 100])
    title = pick(
        "Alueella yhä asuvien osuus vuosien kuluttua saapumisesta",
        "Share still living in the region, years after arrival",
        lang,
    )
    return finish(
        fig,
        title=title,
        x_title=None,
        y_title=pick("Osuus, % (95 %:n luottamusväli)", "Share, % (95 % interval)", lang),
        source=source_text(table, lang),
        synthetic=is_synthetic(table),
        lang=lang,
    )


def _lbl(kind: str | None, value: object, lang: str) -> str:
    if kind == "region" or (isinstance(value, str) and value.startswith("MK")):
        from .. import regions

        try:
            return regions.get(str(value)).name(lang)
        except Exception:  # noqa: BLE001 - unknown codes are shown as they are
            return str(value)
    return labels.label(kind, value, lang) if kind else str(value)


def plot_survival(curves: pd.DataFrame, by: str | None = None, *, lang: str = "fi") -> go.Figure:
    """Kaplan-Meier step curves with 95 % bands; hover shows the persons at risk.

    ``curves`` is :func:`kokka_analysis.retention.survival` output (``by`` names the grouping
    column, for labels).
    """
    fig = go.Figure()
    for i, (group, g) in enumerate(curves.groupby("group", sort=True)):
        colour = PALETTE[i % len(PALETTE)]
        name = _lbl(by, group, lang) if group != "all" else pick("Kaikki", "All", lang)
        x = g["time"].tolist()
        fig.add_scatter(
            x=x + x[::-1], y=(g["ci_high"] * 100).tolist() + (g["ci_low"] * 100).tolist()[::-1],
            fill="toself", fillcolor=colour, opacity=0.15, line=dict(width=0, shape="hv"),
            hoverinfo="skip", showlegend=False, legendgroup=name,
        )  # fmt: skip
        fig.add_scatter(
            x=x, y=g["survival"] * 100, name=name, mode="lines+markers", legendgroup=name,
            line=dict(shape="hv", color=colour), customdata=np.stack([g["at_risk"]], axis=-1),
            hovertemplate="%{x}: %{y:.0f} % (n=%{customdata[0]})<extra>" + name + "</extra>",
        )  # fmt: skip
    fig.update_layout(yaxis_range=[0, 100])
    return finish(
        fig,
        title=pick(
            "Alueella yhä asuvien osuus (Kaplan–Meier)",
            "Share still living in the region (Kaplan–Meier)",
            lang,
        ),
        x_title=pick("Vuotta saapumisesta", "Years since arrival", lang),
        y_title=pick("Osuus, % (95 %:n väli)", "Share, % (95 % interval)", lang),
        source=source_text(curves, lang),
        synthetic=is_synthetic(curves),
        lang=lang,
    )


def plot_hazard_ratios(summary: pd.DataFrame, *, lang: str = "fi") -> go.Figure:
    """Forest plot of a Cox model's hazard ratios (log scale) with 95 % intervals.

    ``summary`` is :meth:`kokka_analysis.retention.CoxResult.summary` output.
    """
    names = [
        f"{_lbl(v, lv, lang)} ({pick('vrt.', 'vs', lang)} {_lbl(v, ref, lang)})"
        for v, lv, ref in zip(
            summary["variable"], summary["level"], summary["reference"], strict=True
        )
    ]
    hr = summary["hazard_ratio"]
    fig = go.Figure()
    fig.add_scatter(
        x=hr, y=names, mode="markers", marker=dict(color=PALETTE[0], size=9), showlegend=False,
        error_x=dict(type="data", symmetric=False, array=summary["ci_high"] - hr,
                     arrayminus=hr - summary["ci_low"], color="#5b6875"),
        hovertemplate="%{y}: %{x:.2f}<extra></extra>",
    )  # fmt: skip
    fig.add_vline(x=1, line_dash="dash", line_color="#9aa5b1")
    fig.update_xaxes(type="log")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(height=max(350, 28 * len(names) + 150), margin=dict(l=320))
    return finish(
        fig,
        title=pick(
            "Lähtöriskin suhde, muut tekijät vakioituina (Cox-malli)",
            "Hazard ratio of leaving, other factors held fixed (Cox model)",
            lang,
        ),
        x_title=pick(
            "Riskisuhde (log-asteikko; > 1 = lähtee herkemmin)",
            "Hazard ratio (log scale; > 1 = leaves sooner)",
            lang,
        ),
        y_title=None,
        source=source_text(summary, lang),
        synthetic=is_synthetic(summary),
        lang=lang,
    )


def plot_outcome_shares(outcomes: pd.DataFrame, *, lang: str = "fi") -> go.Figure:
    """Stacked shares: in the region, elsewhere in Finland, abroad, by years since arrival.

    ``outcomes`` is :func:`kokka_analysis.retention.outcome_shares` output; masked shares are
    left out.
    """
    from ..retention import OUTCOMES

    fig = go.Figure()
    for i, (key, (fi, en)) in enumerate(OUTCOMES.items()):
        g = outcomes[outcomes["outcome"] == key]
        if g.empty:
            continue
        fig.add_bar(
            x=[str(h) for h in g["horizon"]], y=g["share"] * 100, name=pick(fi, en, lang),
            marker_color=PALETTE[i % len(PALETTE)],
            hovertemplate="%{x}: %{y:.0f} %<extra></extra>",
        )  # fmt: skip
    fig.update_layout(barmode="stack", yaxis_range=[0, 100])
    return finish(
        fig,
        title=pick(
            "Missä tulijat asuvat vuosien kuluttua",
            "Where the newcomers live, years after arrival",
            lang,
        ),
        x_title=pick("Vuotta saapumisesta", "Years since arrival", lang),
        y_title=pick("Osuus, %", "Share, %", lang),
        source=source_text(outcomes, lang),
        synthetic=is_synthetic(outcomes),
        lang=lang,
    )


def plot_destinations(
    flows: pd.DataFrame, region_name: str, *, lang: str = "fi", by: str | None = None
) -> go.Figure:
    """Sankey of where the leavers went (maakunta, abroad, other).

    ``flows`` is :func:`kokka_analysis.retention.destination_flows` output (already merged so
    that no flow is under ``min_n``).
    """
    special = {
        "ABROAD": ("Ulkomaat", "Abroad"),
        "OTHER": ("Muut kohteet", "Other destinations"),
        "UNKNOWN": ("Tuntematon", "Unknown"),
    }
    sources = [
        region_name if s == "all" else _lbl(by, s, lang) for s in flows["source"].drop_duplicates()
    ]
    dests = flows["destination"].drop_duplicates().tolist()
    dest_names = [
        pick(*special[d], lang) if d in special else _lbl("region", d, lang) for d in dests
    ]
    src_index = {s: i for i, s in enumerate(flows["source"].drop_duplicates())}
    dst_index = {d: len(sources) + i for i, d in enumerate(dests)}
    fig = go.Figure(
        go.Sankey(
            node=dict(
                label=sources + dest_names,
                pad=14,
                thickness=16,
                color=[PALETTE[0]] * len(sources) + [PALETTE[1]] * len(dests),
            ),
            link=dict(
                source=[src_index[s] for s in flows["source"]],
                target=[dst_index[d] for d in flows["destination"]],
                value=flows["persons"].tolist(),
            ),
        )  # fmt: skip
    )
    return finish(
        fig,
        title=pick(
            "Minne alueelta lähteneet muuttivat (henkilöä)",
            "Where the leavers moved (persons)",
            lang,
        ),
        x_title=None,
        y_title=None,
        source=source_text(flows, lang),
        synthetic=is_synthetic(flows),
        lang=lang,
    )
