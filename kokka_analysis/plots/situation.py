"""Figures of the situation picture (notebook 01)."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from .. import labels
from ..errors import KokkaError
from ..text import pick
from ._base import LIKERT_COLOURS, PALETTE, finish, is_synthetic, source_text

__all__ = [
    "export_figures",
    "plot_indicator_trend",
    "plot_industry_change",
    "plot_municipality_map",
    "plot_net_migration",
    "plot_population_pyramid",
    "plot_population_trend",
    "plot_shortage_occupations",
    "plot_vacancies_per_jobseeker",
]

log = logging.getLogger(__name__)


def plot_population_trend(
    summary: pd.DataFrame, region_name: str, *, lang: str = "fi"
) -> go.Figure:
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
        y_title=pick("Asukkaita, henkilöä", "Residents, persons", lang),
        source=source_text(summary, lang),
        synthetic=is_synthetic(summary),
        lang=lang,
    )


def _done(fig: go.Figure, df: pd.DataFrame, title: str, x: str | None, y: str | None, lang: str):
    return finish(
        fig, title=title, x_title=x, y_title=y, source=source_text(df, lang),
        synthetic=is_synthetic(df), lang=lang,
    )  # fmt: skip


def plot_population_pyramid(
    pyramid: pd.DataFrame, region_name: str, year: int, *, lang: str = "fi"
) -> go.Figure:
    """Population pyramid by sex and background (from ``indicators.population_pyramid``).

    Men to the left, women to the right; Finnish and foreign background stacked.
    """
    order = list(dict.fromkeys(pyramid["age_group"]))
    fig = go.Figure()
    for b, colour in (("finnish", PALETTE[0]), ("foreign", PALETTE[1])):
        for sex, sign in (("male", -1), ("female", 1)):
            d = pyramid[(pyramid["sex"] == sex) & (pyramid["background"] == b)]
            d = d.set_index("age_group").reindex(order)
            fig.add_bar(
                y=order, x=sign * d["persons"].fillna(0), orientation="h",
                name=labels.label("background", b, lang), legendgroup=b,
                showlegend=sex == "male", marker_color=colour,
                customdata=d["persons"].fillna(0),
                hovertemplate=f"{labels.label('sex', sex, lang)} %{{y}}: %{{customdata:,.0f}}"
                "<extra>%{fullData.name}</extra>",
            )  # fmt: skip
    peak = pyramid.groupby(["age_group", "sex"])["persons"].sum().max()
    ticks = [v for v in _nice_ticks(peak)]
    fig.update_layout(barmode="relative", bargap=0.05, height=560)
    fig.update_xaxes(
        tickvals=[-t for t in ticks[::-1]] + ticks[1:],
        ticktext=[f"{t:,.0f}" for t in ticks[::-1]] + [f"{t:,.0f}" for t in ticks[1:]],
    )
    fig.add_annotation(
        text=pick("← Miehet", "← Men", lang), x=0.02, y=1.0, xref="paper", yref="paper",
        showarrow=False, xanchor="left",
    )  # fmt: skip
    fig.add_annotation(
        text=pick("Naiset →", "Women →", lang), x=0.98, y=1.0, xref="paper", yref="paper",
        showarrow=False, xanchor="right",
    )  # fmt: skip
    title = pick("Väestörakenne", "Population pyramid", lang) + f": {region_name} {year}"
    return _done(
        fig, pyramid, title, pick("Asukkaita, henkilöä", "Residents, persons", lang),
        pick("Ikäryhmä, vuotta", "Age group, years", lang), lang,
    )  # fmt: skip


def _nice_ticks(peak: float) -> list[float]:
    import math

    if not peak or peak <= 0:
        return [0.0]
    step = 10 ** math.floor(math.log10(peak / 2))
    for m in (1, 2, 5, 10):
        if peak / (m * step) <= 4:
            step *= m
            break
    n = int(peak // step)
    return [i * step for i in range(n + 1)]


def plot_indicator_trend(trend: pd.DataFrame, *, lang: str = "fi") -> go.Figure:
    """One key figure over the years for a region and its comparison regions
    (from ``indicators.indicator_trend``); the first region is drawn bold."""
    from .. import indicators, regions

    ind = indicators.INDICATORS[trend.attrs["indicator"]]
    fig = go.Figure()
    for i, (code, d) in enumerate(trend.groupby("region", sort=False)):
        fig.add_scatter(
            x=d["year"], y=d["value"], mode="lines+markers", name=regions.name(code, lang),
            line=dict(width=3.5 if i == 0 else 1.8, color=PALETTE[i % len(PALETTE)]),
            hovertemplate=f"%{{x}}: %{{y:,.{ind.decimals}f}}<extra>%{{fullData.name}}</extra>",
        )  # fmt: skip
    return _done(
        fig, trend, ind.label(lang), labels.t("year", lang), f"{ind.label(lang)}, {ind.unit(lang)}",
        lang,
    )  # fmt: skip


def plot_net_migration(
    net: pd.DataFrame, region_name: str, year: int, years_back: int = 5, *, lang: str = "fi"
) -> go.Figure:
    """Net migration per year by age band, domestic and international, averaged over the
    ``years_back`` years up to ``year`` (from ``indicators.net_migration``)."""
    y0 = year - years_back + 1
    w = net[(net["year"] >= y0) & (net["year"] <= year) & (net["counterpart"] != "total")]
    n_years = max(w["year"].nunique(), 1)
    avg = w.groupby(["age_band", "counterpart"], sort=False)["net"].sum() / n_years
    bands = list(dict.fromkeys(net["age_band"]))
    fig = go.Figure()
    for cp, colour in (("domestic", PALETTE[0]), ("abroad", PALETTE[1])):
        vals = [avg.get((b, cp), 0.0) for b in bands]
        fig.add_bar(
            x=bands, y=vals, name=labels.label("counterpart", cp, lang), marker_color=colour,
            hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
        )  # fmt: skip
    fig.update_layout(barmode="relative")
    title = pick("Nettomuutto ikäryhmittäin", "Net migration by age", lang) + (
        f": {region_name}, {pick('keskimäärin vuodessa', 'mean per year', lang)} {y0}–{year}"
    )
    return _done(
        fig, net, title, pick("Ikäryhmä, vuotta", "Age group, years", lang),
        pick("Nettomuutto, henkilöä / vuosi", "Net migration, persons per year", lang), lang,
    )  # fmt: skip


def plot_industry_change(
    table: pd.DataFrame, region_name: str, year: int, years_back: int = 5, *, lang: str = "fi",
    top: int = 12,
) -> go.Figure:  # fmt: skip
    """Change in employed persons by industry since ``year - years_back`` for the ``top``
    largest industries (from ``indicators.employment_by_industry``)."""
    t = table.sort_values("employed", ascending=False).head(top).dropna(subset=["change"])
    t = t.sort_values("change")
    names = [labels.label("industry", c, lang) for c in t["industry"]]
    colours = [PALETTE[2] if v >= 0 else PALETTE[3] for v in t["change"]]
    fig = go.Figure(
        go.Bar(
            y=names, x=t["change"], orientation="h", marker_color=colours,
            customdata=t[["employed", "change_pct"]].to_numpy(),
            hovertemplate="%{y}: %{x:+,.0f} (%{customdata[1]:+.1f} %)<br>"
            + pick("työllisiä ", "employed ", lang) + f"{year}: %{{customdata[0]:,.0f}}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(height=140 + 34 * len(t), showlegend=False)
    title = pick("Työllisten muutos toimialoittain", "Change in employment by industry", lang)
    title += f": {region_name} {year - years_back}–{year}"
    return _done(fig, table, title, pick("Muutos, henkilöä", "Change, persons", lang), None, lang)


def plot_vacancies_per_jobseeker(
    table: pd.DataFrame, region_name: str, year: int, *, lang: str = "fi"
) -> go.Figure:
    """Vacancies per jobseeker by occupation (from ``indicators.vacancies_per_jobseeker``);
    a line marks 1 (as many vacancies as jobseekers)."""
    t = table.dropna(subset=["vacancies_per_jobseeker"]).sort_values("vacancies_per_jobseeker")
    names = [labels.label("occupation", c, lang) for c in t["occupation"]]
    colours = [PALETTE[3] if v >= 1 else PALETTE[4] for v in t["vacancies_per_jobseeker"]]
    fig = go.Figure(
        go.Bar(
            y=names, x=t["vacancies_per_jobseeker"], orientation="h", marker_color=colours,
            customdata=t[["vacancies", "jobseekers"]].to_numpy(),
            hovertemplate="%{y}: %{x:.2f}<br>"
            + pick("avoimia %{customdata[0]:,.0f}, hakijoita %{customdata[1]:,.0f}", "vacancies %{customdata[0]:,.0f}, jobseekers %{customdata[1]:,.0f}", lang)
            + "<extra></extra>",
        )
    )  # fmt: skip
    fig.add_vline(x=1, line_dash="dash", line_color="#5b6875")
    fig.update_layout(height=140 + 30 * len(t), showlegend=False)
    title = pick("Avoimet työpaikat työnhakijaa kohden", "Vacancies per jobseeker", lang)
    title += f": {region_name} {year}"
    return _done(
        fig, table, title,
        pick("Avoimia työpaikkoja / työnhakija (kuukausikeskiarvot)", "Vacancies per jobseeker (monthly means)", lang),
        None, lang,
    )  # fmt: skip


_CLASS_COLOURS = {
    "big_shortage": LIKERT_COLOURS[0],
    "shortage": LIKERT_COLOURS[1],
    "balance": LIKERT_COLOURS[2],
    "surplus": LIKERT_COLOURS[3],
    "big_surplus": LIKERT_COLOURS[4],
}


def plot_shortage_occupations(table: pd.DataFrame, *, lang: str = "fi") -> go.Figure:
    """Labour Market Barometer index by occupation, coloured by class
    (from ``indicators.shortage_occupations``)."""
    from .. import indicators, regions

    t = table.sort_values("index")
    names = [labels.label("occupation", c, lang) for c in t["occupation"]]
    cls = indicators.BAROMETER_CLASS_LABELS
    fig = go.Figure(
        go.Bar(
            y=names, x=t["index"], orientation="h",
            marker_color=[_CLASS_COLOURS[c] for c in t["class"]],
            customdata=[cls[c][0 if lang == "fi" else 1] for c in t["class"]],
            hovertemplate="%{y}: %{x:.2f} (%{customdata})<extra></extra>",
        )
    )  # fmt: skip
    fig.add_vline(x=3.5, line_dash="dash", line_color="#5b6875")
    fig.update_xaxes(range=[0, 5])
    fig.update_layout(height=140 + 30 * len(t), showlegend=False)
    reg = str(table["barometer_region"].iloc[0]) if len(table) else ""
    period = str(table["period"].iloc[0]) if len(table) else ""
    title = pick("Työvoimabarometri", "Labour Market Barometer", lang)
    title += f": {regions.name(reg, lang) if reg else ''} {period}"
    return _done(
        fig, table, title,
        pick("Indeksi (1 suuri ylitarjonta … 5 suuri pula)", "Index (1 big surplus … 5 big shortage)", lang),
        None, lang,
    )  # fmt: skip


def plot_municipality_map(
    values: pd.DataFrame,
    boundaries=None,
    *,
    lang: str = "fi",
    highlight: list[str] | None = None,
) -> go.Figure:
    """A municipality map of one key figure (from ``indicators.municipality_values``).

    With ``boundaries`` (a GeoDataFrame from ``geo.load_boundaries``) a choropleth of the real
    municipality boundaries (offline: no tile server, no base map); without, a *schematic*
    tile map (one square per kunta, positions from ``geo.TILE_POSITIONS``), labelled as such.
    ``highlight`` kunnat (e.g. the chosen region's) get a thick outline.
    """
    from .. import geo, indicators

    ind = indicators.INDICATORS[str(values["indicator"].iloc[0])]
    year = int(values["year"].iloc[0])
    left_out = []
    if boundaries is None:  # the schematic has squares for the home regions' kunnat only
        left_out = sorted(set(values["region"]) - set(geo.TILE_POSITIONS))
        values = values[values["region"].isin(set(geo.TILE_POSITIONS))]
    names = values[pick("name_fi", "name_en", lang)]
    hl = set(highlight or [])
    lw = [3.0 if r in hl else 0.8 for r in values["region"]]
    lc = ["#000000" if r in hl else "#ffffff" for r in values["region"]]
    v = values["value"]
    diverging = bool((v.min() < 0) and (v.max() > 0))
    scale = dict(colorscale="RdBu", zmid=0) if diverging else dict(colorscale="Viridis")
    cbar = dict(title=dict(text=ind.unit(lang)), thickness=14)
    hover = f"%{{text}}: %{{z:,.{ind.decimals}f}} {ind.unit(lang)}<extra></extra>"
    title = f"{ind.label(lang)} {year}"
    if boundaries is not None:
        b = boundaries[boundaries["region"].isin(set(values["region"]))]
        missing = sorted(set(values["region"]) - set(b["region"]))
        if missing:
            log.warning("No boundaries for %s; they are left out of the map", missing)
        fig = _polygon_map(b, values, names, scale, cbar, hover, lw, lc, ind.decimals)
        note = pick(geo.SOURCE_FI, geo.SOURCE_EN, lang)
    else:
        tiles = geo.tile_layout(values["region"].tolist())
        fig = go.Figure(
            go.Scatter(
                x=tiles["col"], y=-tiles["row"], mode="markers+text", text=names,
                textfont=dict(size=10, color="#1d2733"), textposition="middle center",
                marker=dict(
                    symbol="square", size=78, color=v, showscale=True, colorbar=cbar,
                    line=dict(width=lw, color=lc), **{
                        "colorscale": scale["colorscale"],
                        **({"cmid": 0} if diverging else {}),
                    },
                ),
                customdata=v, hovertemplate=hover.replace("%{z", "%{customdata"),
            )
        )  # fmt: skip
        fig.update_xaxes(visible=False, range=[-0.7, 7.7])
        fig.update_yaxes(visible=False, range=[-5.7, 0.7], scaleanchor="x")
        fig.update_layout(height=560, showlegend=False, plot_bgcolor="white")
        title += pick(" — kaaviokuva, ei oikea kartta", " — schematic, not a true map", lang)
        note = pick("Kaaviokuva: yksi ruutu kuntaa kohden, sijainnit likimääräisiä", "Schematic: one square per municipality, positions approximate", lang)  # fmt: skip
        if left_out:
            note += pick(
                f". {len(left_out)} muuta kuntaa ei ole kaaviokuvassa: oikea kartta "
                "parametrilla map_source='wfs'",
                f". {len(left_out)} other municipalities are not on the schematic: real map "
                "with map_source='wfs'",
                lang,
            )
    fig = _done(fig, values, title, None, None, lang)
    fig.add_annotation(
        text=note, xref="paper", yref="paper", x=0, y=-0.12, xanchor="left", yanchor="top",
        showarrow=False, font=dict(size=11, color="#5b6875"),
    )  # fmt: skip
    return fig


def _polygon_map(b, values, names, scale, cbar, hover, lw, lc, decimals) -> go.Figure:
    """Municipality polygons as filled shapes on plain axes: no map library, no tiles, no
    network (plotly's geo subplot would fetch a base map from a CDN)."""
    from plotly.colors import get_colorscale, sample_colorscale

    v = values.set_index("region")["value"]
    lo, hi = float(v.min()), float(v.max())
    if "zmid" in scale:
        m = max(abs(lo), abs(hi)) or 1.0
        lo, hi = -m, m
    span = (hi - lo) or 1.0
    cs = get_colorscale(scale["colorscale"])
    width = dict(zip(values["region"], lw, strict=True))
    colour = dict(zip(values["region"], lc, strict=True))
    label = dict(zip(values["region"], names, strict=True))
    fig = go.Figure()
    mid_lat = float(b.geometry.union_all().centroid.y) if len(b) else 61.0
    for region, geom in zip(b["region"], b.geometry, strict=True):
        val = v.get(region)
        fill = sample_colorscale(cs, [(val - lo) / span])[0] if pd.notna(val) else "#d9d9d9"
        polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
        xs: list = []
        ys: list = []
        for poly in polys:
            x, y = poly.exterior.coords.xy
            xs += [*x, None]
            ys += [*y, None]
        fig.add_scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill,
            line=dict(width=width.get(region, 0.8), color=colour.get(region, "#ffffff")),
            hoveron="fills", name=label.get(region, region),
            text=f"{label.get(region, region)}: {val:,.{decimals}f}" if pd.notna(val) else region,
            hoverinfo="text", showlegend=False,
        )  # fmt: skip
    # label points (hover with the value) and the colour bar
    cent = b.geometry.representative_point()
    at = dict(zip(b["region"], cent, strict=True))
    pts = values[values["region"].isin(at)]
    fig.add_scatter(
        x=[at[r].x for r in pts["region"]], y=[at[r].y for r in pts["region"]],
        mode="markers+text", text=[label[r] for r in pts["region"]],
        textfont=dict(size=10, color="#1d2733"), customdata=pts["value"],
        hovertemplate=hover.replace("%{z", "%{customdata"), showlegend=False,
        marker=dict(
            size=4, color=pts["value"], colorscale=scale["colorscale"], cmin=lo, cmax=hi,
            showscale=True, colorbar=cbar, line=dict(width=0),
        ),
    )  # fmt: skip
    import math

    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(mid_lat)))
    fig.update_layout(height=600, plot_bgcolor="white")
    return fig


def export_figures(
    figs: dict[str, go.Figure], region: str, fmt: str = "png", out_dir: Path | None = None
) -> list[Path]:
    """Write figures as static files for slides: ``figures/<region>/<name>.<fmt>``.

    PNG and SVG need kaleido and a Chrome/Chromium browser. When they do not work here, each
    figure is written as a stand-alone offline HTML file instead and a warning says why; the
    caller never fails because an exporter is missing.

    Parameters
    ----------
    figs
        Figures by file name (without suffix), e.g. ``{"population_pyramid": fig}``.
    region
        Region code: the sub-folder.
    fmt
        ``"png"``, ``"svg"`` or ``"html"``.
    out_dir
        Base folder (default :func:`kokka_analysis.config.figures_dir`).

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import plotly.graph_objects as go, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in export_figures({"x": go.Figure()}, "MK08", "html", d)]
    ['x.html']
    """
    from .. import config

    if fmt not in ("png", "svg", "html"):
        raise KokkaError(f"fmt must be 'png', 'svg' or 'html'; got {fmt!r}.")
    folder = (Path(out_dir) if out_dir is not None else config.figures_dir()) / region
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    static_ok = fmt != "html"
    for name, fig in figs.items():
        if static_ok:
            path = folder / f"{name}.{fmt}"
            try:
                fig.write_image(path, format=fmt, width=1200, height=fig.layout.height or 650)
                written.append(path)
                continue
            except Exception as exc:  # noqa: BLE001 - kaleido raises many kinds when no Chrome
                log.warning(
                    "Static %s export is not available here (%s: %s); writing HTML instead. "
                    "Install Chrome/Chromium (or run `plotly_get_chrome`) for PNG/SVG.",
                    fmt.upper(), type(exc).__name__, exc,
                )  # fmt: skip
                static_ok = False
        path = folder / f"{name}.html"
        fig.write_html(path, include_plotlyjs=True, full_html=True)
        written.append(path)
    log.info("Exported %d figures to %s", len(written), folder)
    return written
