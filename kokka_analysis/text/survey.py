"""Findings text, notices and group names of the regional-image survey (notebook 04).

Every function returns text in one language (``lang`` keyword-only) and writes its numbers
through the text layer (:func:`~kokka_analysis.text.number`, :func:`~kokka_analysis.text.share`,
:func:`~kokka_analysis.text.percent`), so Finnish pages read ``80 %`` and ``4,16``. The
tables these sentences describe come from :mod:`kokka_analysis.survey`, which re-exports the
public names here (``ka.survey.stay_findings`` and so on).

This module imports nothing from :mod:`kokka_analysis.survey` (that module imports this one).

Examples
--------
>>> import pandas as pd
>>> themes = pd.DataFrame({"label_fi": ["Luonto ja meri"], "label_en": ["Nature and the sea"],
...                        "share": [0.25], "suppressed": [False]})
>>> print(theme_findings(themes, 5, lang="en").replace("\\xa0", " "))
The free-text answers most often mention nature and the sea (25 %); the shares are of those who wrote an answer. Free-text answers are not published; themes with fewer than 5 mentions are hidden.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import labels, privacy
from . import column_label, join, number, percent, pick, share

__all__ = [
    "EFFECT_NAMES",
    "GROUPING_NAMES",
    "comparison_findings",
    "group_label",
    "inferred_notice",
    "item_profile_findings",
    "missing_role_notice",
    "stay_findings",
    "theme_findings",
    "weighting_findings",
    "weighting_note",
]

#: Names (fi, en) of the groupings compared, for tables and text.
GROUPING_NAMES: dict[str, tuple[str, str]] = {
    "age_split": ("Nuoret (15–29) vs. vanhemmat", "Young (15–29) vs older"),
    "age_band": ("Ikäryhmä", "Age group"),
    "status": ("Opiskelijat, työssäkäyvät, muut", "Students, workers, others"),
    "background": ("Ulkomaalais- vs. suomalaistaustaiset", "International vs Finnish background"),
    "region": ("Kunnat", "Municipalities"),
    "sex": ("Sukupuoli", "Sex"),
    "all": ("Kaikki", "All"),
}

#: Names (fi, en) of the effect sizes of :func:`kokka_analysis.survey.compare_groups`.
EFFECT_NAMES: dict[str, tuple[str, str]] = {
    "rank-biserial r": ("järjestysbiseriaalinen r", "rank-biserial r"),
    "epsilon squared": ("epsilon²", "epsilon squared"),
}

#: The margins the weights are raked to, in "weighted by ... " (fi: genitive before "mukaan").
_MARGIN_NAMES = {
    "age_band": ("ikäryhmän", "age band"),
    "sex": ("sukupuolen", "sex"),
    "region": ("kunnan", "municipality"),
}

#: What a survey without ages or sexes lacks (fi: elative after "tietoa").
_MISSING_MARGIN_NAMES = {"age_band": ("iästä", "age"), "sex": ("sukupuolesta", "sex")}

_MISSING_ROLE_TEXT = {
    "stay_intention": (
        "Kyselyssä ei ole kysymystä aikomuksesta jäädä alueelle (tai sitä ei ole merkitty). "
        "Merkitse se koodikirjaan (stay_intention: sarake), niin tämä osio näytetään.",
        "The survey has no question on the intention to stay in the region (or it is not "
        "marked). Mark it in the codebook (stay_intention: column) to show this section.",
    ),
    "scales": (
        "Väittämiä ei ole ryhmitelty mittareiksi. Anna koodikirjassa väittämille mittari "
        "(scale), niin niiden luotettavuus (Cronbachin alfa) lasketaan.",
        "The items are not grouped into scales. Give the items a scale in the codebook to "
        "compute their reliability (Cronbach's alpha).",
    ),
    "free_text": (
        "Kyselyssä ei ole avovastauksia (tai niitä ei ole merkitty). Merkitse ne koodikirjaan "
        "(free_text), niin niiden teemat lasketaan (vastauksia ei koskaan julkaista).",
        "The survey has no free-text answers (or they are not marked). Mark them in the "
        "codebook (free_text) to count their themes (the answers are never published).",
    ),
    "groups": (
        "Kyselyssä ei ole ryhmittelyä (ikä, asema, tausta, useampi kunta tai oma ryhmittely), "
        "joten ryhmiä ei voi verrata.",
        "The survey has no grouping (age, status, background, several municipalities or one "
        "of your own), so there are no groups to compare.",
    ),
}

_ROLE_NAMES = {
    "id": ("vastaajatunnus", "respondent id"), "items": ("väittämät", "items"),
    "stay_intention": ("aikomus jäädä", "intention to stay"),
    "free_text": ("avovastaukset", "free text"), "groups": ("ryhmittelyt", "groupings"),
}  # fmt: skip


def _ci(low: float, high: float, lang: str) -> str:
    """``95 %:n luottamusväli 7–14 %`` / ``95 % confidence interval 7–14 %`` of two shares."""
    return pick(
        f"{percent(95, 'fi')}:n luottamusväli {number(low * 100, 'fi')}–{share(high, 'fi')}",
        f"{percent(95, 'en')} confidence interval {number(low * 100, 'en')}–{share(high, 'en')}",
        lang,
    )


# --- names --------------------------------------------------------------------------------
def group_label(grouping: str, value: object, lang: str = "fi") -> str:
    """A readable name of a group value: region names, labelled codes, or the value itself.

    Examples
    --------
    >>> group_label("status", "student", "fi"), group_label("age_split", "30+", "en")
    ('Opiskelija', '30+ years')
    >>> group_label("region", "KU285", "fi"), group_label("all", "all", "en")
    ('Kotka', 'All')
    """
    from .. import regions
    from ..errors import KokkaError

    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if grouping == "all":
        return pick("Kaikki", "All", lang)
    if grouping == "region":
        try:
            return regions.name(str(value), lang)
        except KokkaError:
            return str(value)
    if grouping == "age_split":
        return f"{value} {pick('v.', 'years', lang)}"
    return labels.label(grouping, value, lang)


# --- notices ------------------------------------------------------------------------------
def missing_role_notice(role: str, *, lang: str = "fi") -> str:
    """What a section needs that the survey lacks, and how to give it.

    Examples
    --------
    >>> missing_role_notice("scales", lang="en")[:37]
    'The items are not grouped into scales'
    """
    fi, en = _MISSING_ROLE_TEXT[role]
    return pick(fi, en, lang)


def inferred_notice(df: pd.DataFrame, *, lang: str = "fi") -> str:
    """A sentence saying which roles were inferred (no codebook), or ``""``.

    Free-text columns are counted, never named: their headers may say what the answers say.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame()
    >>> df.attrs["inferred"] = {"items": ["q_a", "q_b"], "free_text": ["comments"]}
    >>> inferred_notice(df, lang="fi")
    'Kyselylle ei annettu koodikirjaa, joten sarakkeiden roolit pääteltiin: väittämät: q_a, q_b; avovastaukset: 1 sarake (ei julkaista).'
    """
    inferred = df.attrs.get("inferred") or {}
    if not inferred:
        return ""

    def shown(role: str, cols: list[str]) -> str:
        if not cols:
            return "–"
        if role == "free_text":  # never published: how many, not their headers
            n = len(cols)
            return number(n, lang) + pick(
                " sarake (ei julkaista)" if n == 1 else " saraketta (ei julkaista)",
                " column (never published)" if n == 1 else " columns (never published)",
                lang,
            )
        row_numbers = pick("(rivinumerot)", "(row numbers)", lang)
        return ", ".join(row_numbers if c == "(row numbers)" else c for c in cols)

    parts = [
        f"{column_label(_ROLE_NAMES, role, lang)}: {shown(role, cols)}"
        for role, cols in inferred.items()
    ]
    head = pick(
        "Kyselylle ei annettu koodikirjaa, joten sarakkeiden roolit pääteltiin: ",
        "No codebook was given for the survey, so the columns' roles were inferred: ",
        lang,
    )
    return head + "; ".join(parts) + "."


def weighting_note(df: pd.DataFrame, dims: Sequence[str], *, lang: str = "fi") -> str:
    """What the weights rest on: the file's own weights, or raking to the margins there are
    (a survey without ages or sexes says so); ``""`` when all margins are there.

    Examples
    --------
    >>> import pandas as pd
    >>> weighting_note(pd.DataFrame(), ["region"], lang="fi")
    'Kyselyssä ei ole tietoa vastaajien iästä ja sukupuolesta, joten painotus ei korjaa otoksen vinoumaa niiden suhteen.'
    >>> weighting_note(pd.DataFrame(), ["age_band", "region"], lang="en")
    "The survey does not record the respondents' sex, so the weights cannot correct an imbalance in it."
    """
    if df.attrs.get("weighted"):
        return pick(
            "Painot ovat kyselyaineiston omia (sen painosarake); niitä ei ole laskettu uudelleen.",
            "The weights are the survey file's own (its weight column); they were not recomputed.",
            lang,
        )
    missing = [d for d in ("age_band", "sex") if d not in dims]
    if not missing:
        return ""
    listed = join([column_label(_MISSING_MARGIN_NAMES, m, lang) for m in missing], lang)
    several = len(missing) > 1
    return pick(
        f"Kyselyssä ei ole tietoa vastaajien {listed}, joten painotus ei korjaa otoksen "
        f"vinoumaa {'niiden' if several else 'sen'} suhteen.",
        f"The survey does not record the respondents' {listed}, so the weights cannot correct "
        f"an imbalance in {'them' if several else 'it'}.",
        lang,
    )


# --- findings -----------------------------------------------------------------------------
def weighting_findings(
    summary: pd.DataFrame,
    n_margins: int | Sequence[str] = ("age_band", "sex", "region"),
    *,
    lang: str = "fi",
    own_weights: bool = False,
) -> str:
    """Two sentences on the sample and the weights, from :func:`kokka_analysis.survey.
    weight_summary`.

    ``n_margins`` names the margins raked to (``age_band``, ``sex``, ``region``); a number
    means the three. ``own_weights``: the file's own weights were used.

    Examples
    --------
    >>> import pandas as pd
    >>> from kokka_analysis.survey import weight_summary
    >>> weighting_findings(weight_summary(pd.Series([1.0, 1.0, 2.0, 4.0])), lang="fi")
    'Vastaajia on 4. Vastaukset on painotettu väestöön ikäryhmän, sukupuolen ja kunnan mukaan. Painotuksen asetelmavaikutus on 1,38, joten painotetut tulokset ovat yhtä tarkkoja kuin noin 3 vastaajan satunnaisotoksesta.'
    >>> weighting_findings(weight_summary(pd.Series([1.0, 2.0])), ["region"], lang="en")[25:80]
    'Answers are weighted to the population by municipality.'
    """
    dims = ["age_band", "sex", "region"] if isinstance(n_margins, int) else list(n_margins)
    r = summary.iloc[0]
    n, neff, deff = int(r["respondents"]), r["effective_n"], r["design_effect"]
    if n == 0:
        return pick("Kyselyssä ei ole vastaajia.", "The survey has no respondents.", lang)
    listed = join([column_label(_MARGIN_NAMES, d, lang) for d in dims], lang)
    how = pick(
        "Vastaukset on painotettu aineiston omilla painoilla."
        if own_weights
        else f"Vastaukset on painotettu väestöön {listed} mukaan.",
        "Answers are weighted with the file's own weights."
        if own_weights
        else f"Answers are weighted to the population by {listed}.",
        lang,
    )
    return pick(
        f"Vastaajia on {number(n, 'fi')}. {how} Painotuksen asetelmavaikutus on "
        f"{number(deff, 'fi', 2)}, joten painotetut tulokset ovat yhtä tarkkoja kuin noin "
        f"{number(neff, 'fi')} vastaajan satunnaisotoksesta.",
        f"There are {number(n, 'en')} respondents. {how} The design effect of the weights is "
        f"{number(deff, 'en', 2)}, so weighted results are about as precise as a simple random "
        f"sample of {number(neff, 'en')} respondents.",
        lang,
    )


def item_profile_findings(
    profile: pd.DataFrame, item_text: dict[str, str], *, lang: str = "fi"
) -> str:
    """The most and least agreed statements, from an :func:`kokka_analysis.survey.
    item_profile` table (no groups).

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"item": ["q_a", "q_b"], "top2": [0.8, 0.2], "mean": [4.16, 2.5],
    ...                   "suppressed": [False, False]})
    >>> text = item_profile_findings(p, {"q_a": "Alue on turvallinen"}, lang="fi")
    >>> print(text.replace("\\xa0", " "))
    Eniten samaa mieltä ollaan väittämästä ”Alue on turvallinen” (samaa mieltä 80 %, keskiarvo 4,16) ja vähiten väittämästä ”q_b” (20 %). Kuvion välit ovat 95 %:n luottamusvälejä.
    """
    shown = profile[~profile["suppressed"]].sort_values("top2", ascending=False)
    if shown.empty:
        return pick(
            "Vastaajia on liian vähän tulosten näyttämiseen.",
            "Too few respondents to show results.",
            lang,
        )
    hi, lo = shown.iloc[0], shown.iloc[-1]
    t_hi, t_lo = item_text.get(hi["item"], hi["item"]), item_text.get(lo["item"], lo["item"])
    intervals = pick(
        f" Kuvion välit ovat {percent(95, 'fi')}:n luottamusvälejä.",
        f" The intervals in the figure are {percent(95, 'en')} confidence intervals.",
        lang,
    )
    if len(shown) == 1:
        return (
            pick(
                f"Väittämästä ”{t_hi}” on samaa mieltä {share(hi['top2'], 'fi')} vastaajista "
                f"(keskiarvo {number(hi['mean'], 'fi', 2)}).",
                f"{share(hi['top2'], 'en')} of respondents agree with “{t_hi}” (mean "
                f"{number(hi['mean'], 'en', 2)}).",
                lang,
            )
            + intervals
        )
    return (
        pick(
            f"Eniten samaa mieltä ollaan väittämästä ”{t_hi}” (samaa mieltä "
            f"{share(hi['top2'], 'fi')}, keskiarvo {number(hi['mean'], 'fi', 2)}) ja vähiten "
            f"väittämästä ”{t_lo}” ({share(lo['top2'], 'fi')}).",
            f"Agreement is highest with “{t_hi}” ({share(hi['top2'], 'en')} agree, mean "
            f"{number(hi['mean'], 'en', 2)}) and lowest with “{t_lo}” "
            f"({share(lo['top2'], 'en')}).",
            lang,
        )
        + intervals
    )


def _significant_count(k: int, m: int, lang: str) -> str:
    """How many of ``m`` comparisons (``k >= 1``) are significant, in words where it reads
    better than a digit."""
    holm = pick("Holmin korjauksen jälkeen", "after Holm's correction", lang)
    p = f"(p < {number(0.05, lang, 2)})"
    if m == 1:
        return pick(
            f"Ainoa vertailu on tilastollisesti merkitsevä {holm} {p}.",
            f"The only comparison is statistically significant {holm} {p}.",
            lang,
        )
    if k == m:
        return pick(
            f"Kaikki {number(m, 'fi')} vertailua ovat tilastollisesti merkitseviä {holm} {p}.",
            f"All {number(m, 'en')} comparisons are statistically significant {holm} {p}.",
            lang,
        )
    return pick(
        f"Vertailuja on {number(m, 'fi')}, ja niistä "
        + ("yksi on tilastollisesti merkitsevä" if k == 1
           else f"{number(k, 'fi')} on tilastollisesti merkitseviä")
        + f" {holm} {p}.",
        f"Of {number(m, 'en')} comparisons, "
        + ("one is" if k == 1 else f"{number(k, 'en')} are")
        + f" statistically significant {holm} {p}.",
        lang,
    )  # fmt: skip


def comparison_findings(
    comparison: pd.DataFrame, item_text: dict[str, str], *, lang: str = "fi"
) -> str:
    """How many differences survive Holm's correction, and the largest one (from a
    :func:`kokka_analysis.survey.compare_groups` table).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"test": ["mann-whitney"] * 2, "significant": [False, False]})
    >>> comparison_findings(c, {}, lang="fi")
    'Yksikään 2 vertailusta ei ole tilastollisesti merkitsevä Holmin korjauksen jälkeen.'
    """
    tested = comparison[comparison["test"].notna()]
    sig = tested[tested["significant"].astype(bool)]
    m = len(tested)
    if tested.empty:
        return pick(
            "Ryhmät ovat liian pieniä vertailuun.", "The groups are too small to compare.", lang
        )
    if sig.empty:
        if m == 1:
            return pick(
                "Ainoa vertailu ei ole tilastollisesti merkitsevä Holmin korjauksen jälkeen.",
                "The only comparison is not statistically significant after Holm's correction.",
                lang,
            )
        return pick(
            f"Yksikään {number(m, 'fi')} vertailusta ei ole tilastollisesti merkitsevä Holmin "
            "korjauksen jälkeen.",
            f"None of the {number(m, 'en')} comparisons is statistically significant after "
            "Holm's correction.",
            lang,
        )
    top = sig.assign(_d=sig["difference"].abs()).sort_values("_d", ascending=False).iloc[0]
    item = item_text.get(top["item"], top["item"])
    hi = group_label(top["comparison"], top["high_group"], lang)
    lo = group_label(top["comparison"], top["low_group"], lang)
    measure = top["effect_measure"]
    measure = f" ({column_label(EFFECT_NAMES, measure, lang)})" if isinstance(measure, str) else ""
    high_mean, low_mean = number(top["high_mean"], lang, 2), number(top["low_mean"], lang, 2)
    effect = number(top["effect_size"], lang, 2)
    largest = pick(
        f"Suurin ero on väittämässä ”{item}”: keskiarvot ovat {high_mean} ({hi}) ja "
        f"{low_mean} ({lo}), ja vaikutuksen koko on {effect}{measure}.",
        f"The largest difference is in “{item}”: means of {high_mean} ({hi}) and {low_mean} "
        f"({lo}), effect size {effect}{measure}.",
        lang,
    )
    rule = pick(
        "Alle vähimmäiskoon ryhmiä ei verrata.",
        "Groups below the minimum size are not compared.",
        lang,
    )
    return f"{_significant_count(len(sig), m, lang)} {largest} {rule}"


def stay_findings(table: pd.DataFrame, *, lang: str = "fi") -> str:
    """The overall share intending to stay and the group with the lowest share (from a
    :func:`kokka_analysis.survey.stay_intention` table).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"grouping": ["all", "status", "status"],
    ...                   "group": ["all", "student", "worker"], "top2": [0.33, 0.1, 0.4],
    ...                   "top2_low": [0.3, 0.07, 0.35], "top2_high": [0.36, 0.14, 0.45],
    ...                   "suppressed": [False] * 3})
    >>> print(stay_findings(t, lang="fi").replace("\\xa0", " "))
    Vastaajista 33 % aikoo asua alueella viiden vuoden päästä (95 %:n luottamusväli 30–36 %). Pienin julkaistu ryhmän osuus: Opiskelija (10 %, 95 %:n luottamusväli 7–14 %); alle vähimmäiskoon ryhmiä ei näytetä.
    """
    shown = table[~table["suppressed"]]
    if shown.empty:
        return pick("Vastaajia on liian vähän.", "Too few respondents.", lang)
    everyone = shown[shown["grouping"] == "all"]
    groups = shown[shown["grouping"] != "all"].sort_values("top2")
    parts = []
    if not everyone.empty:
        r = everyone.iloc[0]
        ci = _ci(r["top2_low"], r["top2_high"], lang)
        parts.append(
            pick(
                f"Vastaajista {share(r['top2'], 'fi')} aikoo asua alueella viiden vuoden "
                f"päästä ({ci}).",
                f"Of the respondents, {share(r['top2'], 'en')} intend to live in the region in "
                f"five years' time ({ci}).",
                lang,
            )
        )
    if not groups.empty:
        lo = groups.iloc[0]
        name = group_label(lo["grouping"], lo["group"], lang)
        ci = _ci(lo["top2_low"], lo["top2_high"], lang)
        parts.append(
            pick(
                f"Pienin julkaistu ryhmän osuus: {name} ({share(lo['top2'], 'fi')}, {ci}); alle "
                f"vähimmäiskoon ryhmiä ei näytetä.",
                f"The lowest published group share: {name} ({share(lo['top2'], 'en')}, {ci}); "
                f"groups below the minimum size are not shown.",
                lang,
            )
        )
    return " ".join(parts)


def theme_findings(themes: pd.DataFrame, min_n: int = privacy.MIN_N, *, lang: str = "fi") -> str:
    """The most mentioned themes of the free-text answers (counts only, never the texts), from
    a :func:`kokka_analysis.survey.theme_counts` table."""
    shown = themes[~themes["suppressed"]].head(3)
    note = pick(
        f" Avovastauksia ei julkaista; teemat, joilla on alle {number(min_n, 'fi')} mainintaa, "
        "on piilotettu.",
        f" Free-text answers are not published; themes with fewer than {number(min_n, 'en')} "
        "mentions are hidden.",
        lang,
    )
    if shown.empty:
        return (
            pick(
                "Yksikään teema ei yllä vähimmäismäärään.",
                "No theme reaches the minimum count.",
                lang,
            )
            + note
        )
    col = pick("label_fi", "label_en", lang)
    parts = join([f"{r[col].lower()} ({share(r['share'], lang)})" for _, r in shown.iterrows()],
                 lang)  # fmt: skip
    return (
        pick(
            f"Avovastauksissa mainitaan useimmin {parts}; osuudet ovat avovastauksen "
            "kirjoittaneista.",
            f"The free-text answers most often mention {parts}; the shares are of those who "
            "wrote an answer.",
            lang,
        )
        + note
    )
