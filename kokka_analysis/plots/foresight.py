"""Figures of the labour-shortage foresight (notebook 02).

Cells that rest on few workers (``uncertain``) are drawn pale and marked with an asterisk.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import labels
from ..text import pick
from ._base import PALETTE, finish, is_synthetic, source_text

__all__ = [
    "plot_backtest",
    "plot_beveridge_curve",
    "plot_industry_shares",
    "plot_employment_fan",
    "plot_gap_scenarios",
    "plot_openings",
    "plot_supply",
]


def _names(codes, uncertain, lang: str) -> list[str]:
    return [
        labels.label("industry", c, lang) + (" *" if u else "")
        for c, u in zip(codes, uncertain, strict=True)
    ]


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _few_note(lang: str) -> str:
    return pick(" · * vähän työllisiä, epävarma", " · * few workers, uncertain", lang)


def plot_industry_shares(
    table: pd.DataFrame, region_name: str, *, lang: str = "fi", top: int = 10
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
        x_title=pick("Työllisiä, henkilöä", "Employed, persons", lang),
        y_title=None,
        source=source_text(table, lang),
        synthetic=is_synthetic(table),
        lang=lang,
    )


def plot_employment_fan(forecast, region_name: str, *, lang: str = "fi", top: int = 6) -> go.Figure:
    """Fan chart: observed employment and the forecast with its 95 % interval, for the ``top``
    largest industries (an :class:`~kokka_analysis.foresight.EmploymentForecast`)."""
    region = forecast.regions[0]
    hist = forecast.history[forecast.history["region"] == region]
    fc = forecast.forecasts[forecast.forecasts["region"] == region]
    last = hist["year"].max()
    biggest = (
        hist[hist["year"] == last].sort_values("employed", ascending=False)["industry"].head(top)
    )
    fig = go.Figure()
    for i, ind in enumerate(biggest):
        colour = PALETTE[i % len(PALETTE)]
        h = hist[hist["industry"] == ind]
        f = fc[fc["industry"] == ind]
        name = labels.label("industry", ind, lang) + (" *" if f["uncertain"].any() else "")
        x_band = list(f["period"]) + list(f["period"])[::-1]
        y_band = list(f["upper"]) + list(f["lower"])[::-1]
        fig.add_scatter(
            x=x_band, y=y_band, fill="toself", fillcolor=_rgba(colour, 0.15),
            line=dict(width=0), hoverinfo="skip", showlegend=False, legendgroup=ind,
        )  # fmt: skip
        fig.add_scatter(
            x=h["year"], y=h["employed"], mode="lines", line=dict(color=colour), name=name,
            legendgroup=ind, hovertemplate="%{x}: %{y:,.0f}<extra>" + name + "</extra>",
        )  # fmt: skip
        fig.add_scatter(
            x=[last, *f["period"]], y=[h["employed"].iloc[-1], *f["mean"]], mode="lines",
            line=dict(color=colour, dash="dash"), showlegend=False, legendgroup=ind,
            hovertemplate="%{x}: %{y:,.0f}<extra>" + name + "</extra>",
        )  # fmt: skip
    fig.update_layout(height=520)
    title = pick(
        f"Työllisten ennuste toimialoittain (95 %:n ennusteväli): {region_name}",
        f"Employment forecast by industry (95 % interval): {region_name}",
        lang,
    )
    return finish(
        fig,
        title=title,
        x_title=pick("Vuosi", "Year", lang),
        y_title=pick("Työllisiä, henkilöä", "Employed, persons", lang),
        source=source_text(forecast.forecasts, lang) + _few_note(lang),
        synthetic=is_synthetic(forecast.forecasts),
        lang=lang,
    )


def _stacked(table, parts, colours, title, x_title, lang, top) -> go.Figure:
    t = table.sort_values(parts[-1], ascending=True).tail(top)
    names = _names(t["industry"], t["uncertain"], lang)
    fig = go.Figure()
    for (col, fi, en), colour in zip(parts[:-1], colours, strict=True):
        fig.add_bar(
            y=names, x=t[col], orientation="h", name=pick(fi, en, lang), marker_color=colour,
            marker_opacity=[0.45 if u else 1.0 for u in t["uncertain"]],
            hovertemplate="%{y}: %{x:,.0f}<extra>" + pick(fi, en, lang) + "</extra>",
        )  # fmt: skip
    fig.update_layout(barmode="relative", height=140 + 34 * len(t))
    return finish(
        fig,
        title=title,
        x_title=x_title,
        y_title=None,
        source=source_text(table, lang) + _few_note(lang),
        synthetic=is_synthetic(table),
        lang=lang,
    )


def plot_openings(table: pd.DataFrame, region_name: str, *, lang: str = "fi", top: int = 12):
    """Job openings by industry split into expansion, retirement and migration (stacked)."""
    h = table.attrs.get("horizon", "")
    parts = [
        ("expansion", "Laajenemistarve", "Expansion demand"),
        ("retirement", "Eläköityminen", "Retirement"),
        ("migration", "Muuttotappio", "Net out-migration"),
        "openings",
    ]
    return _stacked(
        table, parts, PALETTE[:3],
        pick(f"Avautuvat työpaikat {h} vuodessa: {region_name}", f"Job openings over {h} years: {region_name}", lang),
        pick("Työpaikkoja, henkilöä", "Openings, persons", lang), lang, top,
    )  # fmt: skip


def plot_supply(table: pd.DataFrame, region_name: str, *, lang: str = "fi", top: int = 12):
    """New labour supply by industry: young entrants and retained graduates (stacked)."""
    h = table.attrs.get("horizon", "")
    parts = [
        ("young_entrants", "Nuoret tulijat", "Young entrants"),
        ("graduates_domestic", "Kotimaiset valmistuneet", "Domestic graduates"),
        ("graduates_international", "Kansainväliset valmistuneet", "International graduates"),
        "supply",
    ]
    return _stacked(
        table, parts, [PALETTE[4], PALETTE[2], PALETTE[1]],
        pick(f"Uusi työvoima {h} vuodessa: {region_name}", f"New labour supply over {h} years: {region_name}", lang),
        pick("Henkilöä", "Persons", lang), lang, top,
    )  # fmt: skip


def plot_gap_scenarios(gap, region_name: str, *, lang: str = "fi", top: int = 10) -> go.Figure:
    """Openings minus supply by industry, one bar per scenario (a ``LabourGap``)."""
    t = gap.table
    order = (
        t[t["scenario"] == gap.scenarios[0].name]
        .assign(size=lambda d: d["gap"].abs())
        .sort_values("size")
        .tail(top)
    )
    inds = list(order["industry"])
    names = _names(inds, order["uncertain"], lang)
    fig = go.Figure()
    for i, s in enumerate(gap.scenarios):
        rows = t[t["scenario"] == s.name].set_index("industry").reindex(inds)
        fig.add_bar(
            y=names, x=rows["gap"], orientation="h", name=s.label(lang),
            marker_color=PALETTE[i % len(PALETTE)],
            hovertemplate="%{y}: %{x:,.0f}<extra>" + s.label(lang) + "</extra>",
        )  # fmt: skip
    fig.update_layout(barmode="group", height=160 + 20 * len(inds) * len(gap.scenarios))
    h = t.attrs.get("horizon", "")
    return finish(
        fig,
        title=pick(
            f"Avautuvat työpaikat miinus uusi työvoima {h} vuodessa: {region_name}",
            f"Openings minus new supply over {h} years: {region_name}",
            lang,
        ),
        x_title=pick(
            "Vaje (+) / ylitarjonta (−), henkilöä", "Shortfall (+) / surplus (−), persons", lang
        ),
        y_title=None,
        source=source_text(t, lang) + _few_note(lang),
        synthetic=is_synthetic(t),
        lang=lang,
    )


def plot_beveridge_curve(curve: pd.DataFrame, region_name: str, *, lang: str = "fi") -> go.Figure:
    """Beveridge curve: yearly average jobseekers (x) against vacancies (y), years joined.

    Levels (persons, vacancies), as :func:`kokka_analysis.foresight.beveridge_curve` gives
    them; a year marked incomplete is labelled with its months and drawn hollow.
    """
    fig = go.Figure()
    complete = curve["complete"] if "complete" in curve else pd.Series(True, index=curve.index)
    months = curve["months"] if "months" in curve else pd.Series(12, index=curve.index)
    text = [
        str(int(y)) if ok else f"{int(y)} ({int(m)} {pick('kk', 'mo', lang)})"
        for y, ok, m in zip(curve["year"], complete, months, strict=True)
    ]
    fig.add_scatter(
        x=curve["jobseekers"], y=curve["vacancies"], mode="lines+markers+text",
        text=text, textposition="top center",
        line=dict(color=PALETTE[0]), showlegend=False,
        marker=dict(size=7, symbol=["circle" if ok else "circle-open" for ok in complete]),
        hovertemplate="%{text}: %{x:,.0f} / %{y:,.0f}<extra></extra>",
    )  # fmt: skip
    return finish(
        fig,
        title=pick(f"Beveridgen käyrä: {region_name}", f"Beveridge curve: {region_name}", lang),
        x_title=pick(
            "Työnhakijat, kuukausikeskiarvo (henkilöä)",
            "Jobseekers, monthly average (persons)",
            lang,
        ),
        y_title=pick(
            "Avoimet työpaikat, kuukausikeskiarvo (lkm)",
            "Open vacancies, monthly average (number)",
            lang,
        ),
        source=source_text(curve, lang),
        synthetic=is_synthetic(curve),
        lang=lang,
    )


def plot_backtest(backtest, *, lang: str = "fi") -> go.Figure:
    """Mean absolute error of each model by steps ahead in a rolling-origin backtest (a
    :class:`~kokka_analysis.foresight.Backtest`); the lowest line is the most accurate."""
    err = backtest.errors.assign(
        abs_error=(backtest.errors["actual"] - backtest.errors["forecast"]).abs()
    )
    by_step = err.groupby(["model", "step"], sort=False)["abs_error"].mean().reset_index()
    fig = go.Figure()
    for i, (model, g) in enumerate(by_step.groupby("model", sort=False)):
        name = labels.label("model", model, lang)
        fig.add_scatter(
            x=g["step"], y=g["abs_error"], mode="lines+markers", name=name,
            line=dict(color=PALETTE[i % len(PALETTE)]),
            hovertemplate="%{x}: %{y:,.1f}<extra>" + name + "</extra>",
        )  # fmt: skip
    return finish(
        fig,
        title=pick(
            f"Taaksepäin testi: {backtest.name} ({backtest.folds} lähtövuotta)",
            f"Backtest: {backtest.name} ({backtest.folds} origins)",
            lang,
        ),
        x_title=pick("Vuotta eteenpäin", "Years ahead", lang),
        y_title=pick(
            "Keskimääräinen absoluuttinen virhe, sarjan yksikköä",
            "Mean absolute error, units of the series",
            lang,
        ),
        source=source_text(backtest.errors, lang),
        synthetic=is_synthetic(backtest.errors),
        lang=lang,
    )
