"""Charts of the actor network: the network itself, stage coverage, and the newcomers' funnel."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..text import pick
from ._base import PALETTE, finish, is_synthetic, source_text

__all__ = ["plot_coverage", "plot_funnel", "plot_network"]


def plot_network(
    g, table: pd.DataFrame, region_name: str, source: pd.DataFrame, *, lang: str = "fi"
):
    """The network: nodes coloured by sector and sized by ties, laid out by a seeded spring
    layout (the same picture on every build); readable for 50-300 actors."""
    import networkx as nx

    from ..network import SECTORS, sector_name

    pos = nx.spring_layout(g, seed=1, k=1.5 / max(len(g), 1) ** 0.5, iterations=100)
    ex, ey = [], []
    for a, b in g.edges:
        ex += [pos[a][0], pos[b][0], None]
        ey += [pos[a][1], pos[b][1], None]
    fig = go.Figure()
    fig.add_scatter(x=ex, y=ey, mode="lines", line={"width": 0.6, "color": "#999999"},
                    hoverinfo="skip", showlegend=False)  # fmt: skip
    t = table.set_index("id")
    for i, sector in enumerate(SECTORS):
        nodes = [v for v in g.nodes if g.nodes[v]["sector"] == sector]
        if not nodes:
            continue
        fig.add_scatter(
            x=[pos[v][0] for v in nodes], y=[pos[v][1] for v in nodes], mode="markers",
            name=sector_name(sector, lang),
            marker={"size": [6 + 3 * min(t.loc[v, "degree"], 12) for v in nodes],
                    "color": PALETTE[i % len(PALETTE)], "line": {"width": 0.5, "color": "white"}},
            text=[f"{g.nodes[v]['name']}<br>{pick('yhteyksiä', 'ties', lang)}: "
                  f"{t.loc[v, 'degree']}" for v in nodes],
            hovertemplate="%{text}<extra></extra>",
        )  # fmt: skip
    fig.update_layout(height=620, xaxis={"visible": False}, yaxis={"visible": False})
    return finish(
        fig,
        title=pick(f"Toimijaverkosto: {region_name}", f"Actor network: {region_name}", lang),
        x_title=None, y_title=None,
        source=source_text(source, lang) + pick(
            " · pisteen koko = yhteyksien määrä", " · marker size = number of ties", lang),
        synthetic=is_synthetic(source), lang=lang,
    )  # fmt: skip


def plot_coverage(table: pd.DataFrame, region_name: str, source: pd.DataFrame, *, lang: str = "fi"):
    """Actors serving each service-path stage by sector (a heat map with the counts)."""
    from ..network import SECTORS, sector_name, stage_name

    z = table[list(SECTORS)].to_numpy()
    fig = go.Figure(go.Heatmap(
        z=z, x=[sector_name(s, lang) for s in SECTORS],
        y=[stage_name(s, lang) for s in table["stage"]], text=z, texttemplate="%{text}",
        colorscale="Blues", showscale=False,
        hovertemplate="%{y} · %{x}: %{z}<extra></extra>",
    ))  # fmt: skip
    fig.update_layout(height=140 + 40 * len(table), yaxis={"autorange": "reversed"})
    return finish(
        fig,
        title=pick(f"Palvelupolun vaiheet ja toimijat: {region_name}",
                   f"Service-path stages and actors: {region_name}", lang),  # fmt: skip
        x_title=pick("Sektori (toimijoita)", "Sector (actors)", lang),
        y_title=None, source=source_text(source, lang), synthetic=is_synthetic(source), lang=lang,
    )  # fmt: skip


def plot_funnel(table: pd.DataFrame, region_name: str, source: pd.DataFrame, *, lang: str = "fi"):
    """Newcomers reaching each stage of the path (masked counts left out)."""
    from ..network import stage_name

    t = table.dropna(subset=["persons"])
    fig = go.Figure(go.Funnel(
        y=[stage_name(s, lang) for s in t["stage"]], x=t["persons"],
        textinfo="value+percent initial", marker={"color": PALETTE[0]},
    ))  # fmt: skip
    fig.update_layout(height=160 + 45 * len(t))
    hidden = [stage_name(s, lang) for s in table.loc[table["persons"].isna(), "stage"]]
    note = pick(f" — peitetty (liian vähän henkilöitä): {', '.join(hidden)}",
                f" — masked (too few persons): {', '.join(hidden)}", lang) if hidden else ""  # fmt: skip
    return finish(
        fig,
        title=pick(f"Tulijoiden polku: {region_name}", f"Newcomers' path: {region_name}", lang),
        x_title=pick("Henkilöä", "Persons", lang), y_title=None,
        source=source_text(source, lang) + note, synthetic=is_synthetic(source), lang=lang,
    )  # fmt: skip
