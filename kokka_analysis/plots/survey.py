"""Figures of the regional-image survey (notebook 04)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..text import pick
from ._base import LIKERT_COLOURS, PALETTE, finish, is_synthetic, source_text

__all__ = ["plot_image_profile", "plot_likert_diverging", "plot_likert_means", "plot_themes"]

#: Names (fi, en) of the Likert levels 1-5.
_LEVEL_NAMES = (
    ("Täysin eri mieltä", "Strongly disagree"),
    ("Jokseenkin eri mieltä", "Disagree"),
    ("Ei samaa eikä eri mieltä", "Neither agree nor disagree"),
    ("Jokseenkin samaa mieltä", "Agree"),
    ("Täysin samaa mieltä", "Strongly agree"),
)


def _source(df: pd.DataFrame, lang: str) -> str:
    """The source line; a user's survey file is named as such (not as StatFin, not its path)."""
    attrs = df.attrs or {}
    if not attrs.get("synthetic", True) and str(attrs.get("table_id", "")).startswith("file:"):
        when = str(attrs.get("retrieved", ""))[:10]
        return pick(
            f"Lähde: käyttäjän kyselyaineisto (tiedosto {when})",
            f"Source: survey data supplied by the user (file of {when})",
            lang,
        )
    return source_text(df, lang)


def plot_likert_means(
    table: pd.DataFrame, by: str, item_labels: dict[str, str], *, lang: str = "fi"
) -> go.Figure:
    """Mean agreement (1-5) per item and group, from a ``likert_summary`` table.

    Examples
    --------
    >>> import pandas as pd
    >>> from kokka_analysis import survey
    >>> df = pd.DataFrame({"g": ["a"] * 6 + ["b"] * 6, "q": [1, 2, 3, 4, 5, 5] * 2})
    >>> t = survey.likert_summary(df, "q", by="g")
    >>> plot_likert_means(t, "g", {}, lang="en").layout.title.text
    'Regional image: means by group'
    """
    # a group's mean is published unless it is masked (NaN on every level of the item): a
    # suppressed level share does not hide it
    means = table.dropna(subset=["mean"]).drop_duplicates([by, "item"])
    fig = go.Figure()
    for i, (g, grp) in enumerate(means.groupby(by, sort=False, observed=True)):
        fig.add_scatter(
            x=grp["mean"], y=[item_labels.get(it, it) for it in grp["item"]], mode="markers",
            name=str(g), marker=dict(size=11, color=PALETTE[i % len(PALETTE)]),
            hovertemplate="%{y}: %{x:.2f}<extra>" + str(g) + "</extra>",
        )  # fmt: skip
    fig.update_xaxes(range=[1, 5], dtick=1)
    fig.update_layout(height=160 + 34 * means["item"].nunique())
    title = pick("Aluekuva: keskiarvot ryhmittäin", "Regional image: means by group", lang)
    return finish(
        fig,
        title=title,
        x_title=pick(
            "Keskiarvo, 1 = täysin eri mieltä … 5 = täysin samaa mieltä",
            "Mean, 1 = strongly disagree … 5 = strongly agree",
            lang,
        ),
        y_title=None,
        source=_source(table, lang),
        synthetic=is_synthetic(table),
        lang=lang,
    )


def plot_likert_diverging(
    table: pd.DataFrame, item_labels: dict[str, str], *, lang: str = "fi"
) -> go.Figure:
    """Diverging stacked bars of answer shares per item, from a ``likert_summary`` table
    without groups: disagreement to the left of zero, agreement to the right, the neutral
    answer split across zero. Suppressed items are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> from kokka_analysis import survey
    >>> t = survey.likert_summary(pd.DataFrame({"q": [1, 2, 3, 4, 5, 5]}), "q")
    >>> len(plot_likert_diverging(t, {"q": "Q"}, lang="en").data)
    6
    """
    shown = table[~table["suppressed"]] if "suppressed" in table else table
    wide = shown.pivot_table(index="item", columns="level", values="share", sort=False)
    wide = wide.reindex(columns=[1, 2, 3, 4, 5]).fillna(0.0) * 100
    agree = wide[4] + wide[5]
    wide = wide.loc[agree.sort_values().index]
    names = [item_labels.get(i, i) for i in wide.index]
    fig = go.Figure()
    # left of zero: neutral half, then 2, then 1 (outwards); right: neutral half, 4, 5
    for level, sign, part in ((3, -1, 0.5), (2, -1, 1), (1, -1, 1), (3, 1, 0.5), (4, 1, 1),
                              (5, 1, 1)):  # fmt: skip
        fig.add_bar(
            x=sign * part * wide[level], y=names, orientation="h",
            marker_color=LIKERT_COLOURS[level - 1], name=pick(*_LEVEL_NAMES[level - 1], lang),
            legendgroup=str(level), legendrank=level, showlegend=not (level == 3 and sign == 1),
            customdata=wide[level], hovertemplate="%{y}: %{customdata:.0f}\u00a0%<extra></extra>",
        )  # fmt: skip
    fig.update_layout(barmode="relative", height=180 + 34 * len(names))
    fig.update_xaxes(range=[-100, 100], zeroline=True, zerolinecolor="#5b6875")
    title = pick("Aluekuva: vastausten jakauma", "Regional image: answers", lang)
    return finish(
        fig, title=title,
        x_title=pick("Osuus vastaajista, % (eri mieltä ← → samaa mieltä)",
                     "Share of respondents, % (disagree ← → agree)", lang),
        y_title=None, source=_source(table, lang), synthetic=is_synthetic(table), lang=lang,
    )  # fmt: skip


def plot_image_profile(
    profile: pd.DataFrame, item_labels: dict[str, str], *, lang: str = "fi"
) -> go.Figure:
    """The image profile: share agreeing (4-5) per item with 95 % intervals, from an
    ``item_profile`` table without groups, sorted from least to most agreed.

    Examples
    --------
    >>> import pandas as pd
    >>> from kokka_analysis import survey
    >>> p = survey.item_profile(pd.DataFrame({"q": [1, 2, 4, 5, 5, 3]}), "q")
    >>> plot_image_profile(p, {}, lang="en").data[0].type
    'scatter'
    """
    shown = profile[~profile["suppressed"]].sort_values("top2")
    pct = shown["top2"] * 100
    fig = go.Figure()
    fig.add_scatter(
        x=pct, y=[item_labels.get(i, i) for i in shown["item"]], mode="markers",
        marker=dict(size=11, color=PALETTE[0]),
        error_x=dict(type="data", symmetric=False, array=shown["top2_high"] * 100 - pct,
                     arrayminus=pct - shown["top2_low"] * 100, color=PALETTE[0]),
        hovertemplate="%{y}: %{x:.0f}\u00a0%<extra></extra>", showlegend=False,
    )  # fmt: skip
    fig.update_xaxes(range=[0, 100])
    fig.update_layout(height=160 + 34 * len(shown))
    title = pick("Aluekuvaprofiili", "Regional image profile", lang)
    return finish(
        fig, title=title,
        x_title=pick("Samaa mieltä (4–5), % vastaajista, 95\u00a0%:n luottamusväli",
                     "Agree (4–5), % of respondents, 95\u00a0% confidence interval", lang),
        y_title=None, source=_source(profile, lang), synthetic=is_synthetic(profile),
        lang=lang,
    )  # fmt: skip


def plot_themes(themes: pd.DataFrame, *, lang: str = "fi") -> go.Figure:
    """Respondents mentioning each free-text theme (``theme_counts``); hidden themes left out.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"theme": ["jobs"], "label_fi": ["Työ"], "label_en": ["Jobs"],
    ...                   "mentions": [12.0], "share": [0.4], "suppressed": [False]})
    >>> plot_themes(t, lang="en").data[0].y[0]
    'Jobs'
    """
    shown = themes[~themes["suppressed"]].sort_values("mentions")
    col = pick("label_fi", "label_en", lang)
    fig = go.Figure()
    fig.add_bar(
        x=shown["share"] * 100, y=shown[col].tolist(), orientation="h",
        marker_color=PALETTE[2], customdata=shown["mentions"],
        hovertemplate="%{y}: %{x:.0f}\u00a0% (n = %{customdata:.0f})<extra></extra>",
    )  # fmt: skip
    fig.update_layout(height=160 + 34 * len(shown))
    title = pick("Avovastausten teemat", "Themes of the free-text answers", lang)
    return finish(
        fig, title=title,
        x_title=pick("Maininneita, % avovastauksen antaneista",
                     "Mentioned by, % of those who answered", lang),
        y_title=None, source=_source(themes, lang), synthetic=is_synthetic(themes),
        lang=lang,
    )  # fmt: skip
