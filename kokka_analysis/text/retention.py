"""Findings sentences of the retention analysis (notebook 03), in Finnish or English.

Every function takes tables of :mod:`kokka_analysis.retention` and returns one paragraph in
one language (``lang`` is keyword-only). Numbers go through :func:`~kokka_analysis.text.number`,
:func:`~kokka_analysis.text.share` and :func:`~kokka_analysis.text.p_value`, so Finnish pages
get ``67 %`` and ``1,96``. A category name is never put in the nominative after a noun
("ryhmästä terveys- ja hyvinvointialat"): it follows a colon ("… tässä ryhmässä:
terveys- ja hyvinvointialat") or is the subject of the sentence. The public names are also
importable from :mod:`kokka_analysis.retention`.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"field": ["06", "09"], "horizon": [3, 3], "rate": [0.61, 0.89],
...                   "suppressed": [False, False]})
>>> print(group_findings(t, "field", 3, 5, lang="fi"))  # doctest: +NORMALIZE_WHITESPACE
Alueella yhä asuvien osuus 3 vuotta saapumisen jälkeen oli suurin, 89\\xa0%, tässä ryhmässä:
terveys- ja hyvinvointialat. Pienin osuus, vain 61\\xa0%, oli tässä ryhmässä: tietojenkäsittely
ja tietoliikenne (ICT). Alle 5 henkilön ryhmiä ei näytetä; luottamusvälit kertovat
epävarmuudesta.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from .. import labels, privacy
from . import join, number, p_value, pick, region_name, share

if TYPE_CHECKING:  # the retention module imports this one
    from ..retention import CoxResult

__all__ = [
    "cox_findings",
    "destination_findings",
    "findings_text",
    "group_findings",
    "profile_test_findings",
    "survival_findings",
]

#: Names (fi, en) of the grouping variables, as they read inside a sentence.
VARIABLE_NAMES = {
    "age_band": ("ikä", "age"), "sex": ("sukupuoli", "gender"),
    "field": ("koulutusala", "field of education"), "occupation": ("ammatti", "occupation"),
    "origin_group": ("alkuperämaa", "origin country"), "route": ("tulotapa", "entry route"),
    "region": ("asuinkunta", "municipality"),
}  # fmt: skip

#: Categories made by the analysis itself (pooled and missing values).
_OWN_CATEGORIES = {"other": ("muut", "other"), "NA": ("tieto puuttuu", "not known")}

#: Origin groups whose labels are common nouns ("muu Eurooppa"), not names ("Aasia").
_COMMON_ORIGINS = ("rest_of_europe", "unknown")


def _variable_name(variable: str, lang: str) -> str:
    fi, en = VARIABLE_NAMES.get(variable, (variable, variable))
    return pick(fi, en, lang)


def _variable_names(variables: Sequence[str], lang: str) -> str:
    return join([_variable_name(v, lang) for v in variables], lang)


def _age_band(band: str, lang: str) -> str:
    """``25-29`` as "25–29-vuotiaat" / "aged 25–29"; ``35+`` as "35 vuotta täyttäneet"."""
    if band.endswith("+"):
        low = band[:-1]
        return pick(f"{low} vuotta täyttäneet", f"aged {low} and over", lang)
    band = band.replace("-", "–")
    return pick(f"{band}-vuotiaat", f"aged {band}", lang)


def _category(variable: str | None, value: object, lang: str) -> str:
    """A category's name as it reads inside a sentence (after a colon or "for").

    Labels of common nouns start with a small letter ("terveys- ja hyvinvointialat",
    "naiset"); names ("Uusimaa", "Aasia") and abbreviations ("EU/ETA ja Sveitsi", "ICT-…")
    keep theirs.

    >>> _category("field", "09", "fi"), _category("origin_group", "asia", "fi")
    ('terveys- ja hyvinvointialat', 'Aasia')
    >>> _category("origin_group", "rest_of_europe", "fi"), _category("age_band", "35+", "en")
    ('muu Eurooppa', 'aged 35 and over')
    """
    code = str(value)
    if code in _OWN_CATEGORIES:
        return pick(*_OWN_CATEGORIES[code], lang)
    if variable == "region":
        return region_name(code, lang)
    if variable == "age_band" and code[:1].isdigit():
        return _age_band(code, lang)
    text = labels.label(variable, code, lang) if variable else code
    if variable == "origin_group":  # continents are names; English group names read as names
        return pick(_small(text) if code in _COMMON_ORIGINS else text, text, lang)
    return _small(text)


def _small(text: str) -> str:
    """The text with a small first letter, unless it starts with an abbreviation (ICT, EU/ETA)."""
    first = text.split(" ")[0]
    if len(first) > 1 and (first[1].isupper() or not first[1].isalpha()):
        return text
    return text[:1].lower() + text[1:]


# --- retention rates by group --------------------------------------------------------------


def group_findings(
    table: pd.DataFrame, by: str, horizon: int, min_n: int = privacy.MIN_N, *, lang: str = "fi"
) -> str:
    """Which group had the highest and which the lowest retention at one horizon.

    ``table`` is a :func:`kokka_analysis.retention.retention_table` by ``by``; suppressed
    rows are left out, and the text says that groups under ``min_n`` persons are not shown.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"sex": ["female", "male"], "horizon": [5, 5], "rate": [0.7, 0.55],
    ...                   "suppressed": [False, False]})
    >>> group_findings(t, "sex", 5, 5, lang="en")[:87]
    'The share still living in the region 5 years after arrival was highest for women (70\\xa0%)'
    """
    t = table[(table["horizon"] == horizon) & ~table["suppressed"].astype(bool)]
    t = t.dropna(subset=["rate"])
    n_min = number(min_n, lang)
    caveat = pick(
        f" Alle {n_min} henkilön ryhmiä ei näytetä; luottamusvälit kertovat epävarmuudesta.",
        f" Groups under {n_min} persons are not shown; the intervals show the uncertainty.",
        lang,
    )
    if len(t) < 2:
        return pick(
            f"Ryhmiä, joissa on vähintään {n_min} henkilöä, on liian vähän vertailuun tällä "
            f"alueella.",
            f"Too few groups with at least {n_min} persons for a comparison in this region.",
            lang,
        )
    hi = t.loc[t["rate"].idxmax()]
    lo = t.loc[t["rate"].idxmin()]
    h = number(horizon, lang)
    if hi["rate"] == lo["rate"]:
        return (
            pick(
                f"Alueella yhä asuvien osuus {h} vuotta saapumisen jälkeen oli kaikissa "
                f"ryhmissä sama, {share(hi['rate'], 'fi')}.",
                f"The share still living in the region {h} years after arrival was the same in "
                f"every group, {share(hi['rate'], 'en')}.",
                lang,
            )
            + caveat
        )
    g_hi, g_lo = _category(by, hi[by], lang), _category(by, lo[by], lang)
    return (
        pick(
            f"Alueella yhä asuvien osuus {h} vuotta saapumisen jälkeen oli suurin, "
            f"{share(hi['rate'], 'fi')}, tässä ryhmässä: {g_hi}. Pienin osuus, vain "
            f"{share(lo['rate'], 'fi')}, oli tässä ryhmässä: {g_lo}.",
            f"The share still living in the region {h} years after arrival was highest for "
            f"{g_hi} ({share(hi['rate'], 'en')}) and lowest for {g_lo} (only "
            f"{share(lo['rate'], 'en')}).",
            lang,
        )
        + caveat
    )


# --- Kaplan-Meier curves ---------------------------------------------------------------------


def survival_findings(
    curves: pd.DataFrame,
    tests: pd.DataFrame | None = None,
    horizon: int = 5,
    by: str | None = None,
    *,
    lang: str = "fi",
) -> str:
    """Two or three sentences on the Kaplan-Meier curves (and the log-rank test).

    ``curves`` is a :func:`kokka_analysis.retention.survival` table, ``tests`` a
    :func:`~kokka_analysis.retention.logrank_test`; each curve is read at ``horizon`` years,
    or at its last shown year before that.

    Examples
    --------
    >>> import pandas as pd
    >>> km = pd.DataFrame({"group": ["all"] * 2, "time": [0, 5], "at_risk": [50, 20],
    ...                    "events": [0, 12], "survival": [1.0, 0.7], "ci_low": [1.0, 0.55],
    ...                    "ci_high": [1.0, 0.8]})
    >>> survival_findings(km, lang="en")[:32]
    'After 5 years an estimated 70\\xa0% '
    >>> survival_findings(km, lang="fi")[:49]
    'Arviolta 70\\xa0% asui alueella yhä 5 vuoden kuluttua'
    """
    at_h = curves[curves["time"] <= horizon].sort_values("time").groupby("group").tail(1)
    at_h = at_h[at_h["time"] > 0]
    if at_h.empty:
        return pick(
            "Seuranta-aika on liian lyhyt käyrien vertailuun.",
            "The follow-up is too short to compare the curves.",
            lang,
        )
    caveat = pick(
        " Käyrät ottavat huomioon, että osaa henkilöistä on seurattu vasta lyhyen aikaa "
        "(sensurointi); ne päättyvät, kun seurannassa on jäljellä liian vähän henkilöitä.",
        " The curves allow for persons observed only for a short time (censoring); they stop "
        "where too few persons remain.",
        lang,
    )
    if len(at_h) == 1:
        r = at_h.iloc[0]
        t = number(int(r["time"]), lang)
        s, low, high = (share(r[c], lang) for c in ("survival", "ci_low", "ci_high"))
        return (
            pick(
                f"Arviolta {s} asui alueella yhä {t} vuoden kuluttua saapumisesta (95 %:n väli "
                f"{low}–{high}).",
                f"After {t} years an estimated {s} still lived in the region (95 % interval "
                f"{low}–{high}).",
                lang,
            )
            + caveat
        )
    hi = at_h.loc[at_h["survival"].idxmax()]
    lo = at_h.loc[at_h["survival"].idxmin()]
    g_hi, g_lo = (_category(by, r["group"], lang) for r in (hi, lo))
    h = number(horizon, lang)
    text = pick(
        f"Alueella yhä asuvien osuus oli {h} vuoden kohdalla suurin, "
        f"{share(hi['survival'], 'fi')}, tässä ryhmässä: {g_hi}. Pienin osuus, "
        f"{share(lo['survival'], 'fi')}, oli tässä ryhmässä: {g_lo}.",
        f"The share still living in the region at {h} years was highest for {g_hi} "
        f"({share(hi['survival'], 'en')}) and lowest for {g_lo} "
        f"({share(lo['survival'], 'en')}).",
        lang,
    )
    if not (at_h["time"] == horizon).all():
        text += pick(
            " Aiemmin päättyvistä käyristä on käytetty viimeistä pistettä.",
            " Curves that stop earlier are read at their last point.",
            lang,
        )
    if tests is not None and len(tests) and pd.notna(tests["p_value"].iloc[0]):
        p = float(tests["p_value"].iloc[0])
        text += pick(
            f" Log-rank-testin mukaan ryhmien ero {'on' if p < 0.05 else 'ei ole'} "
            f"tilastollisesti merkitsevä ({p_value(p, 'fi')}).",
            f" The log-rank test finds the difference {'' if p < 0.05 else 'not '}statistically "
            f"significant ({p_value(p, 'en')}).",
            lang,
        )
    return text + caveat


# --- Cox model -------------------------------------------------------------------------------


def _effect(row: pd.Series, lang: str, *, interval_words: bool) -> tuple[str, str]:
    """A Cox term as (category, its hazard ratio, interval and reference) in ``lang``."""
    var = row["variable"]
    level, ref = _category(var, row["level"], lang), _category(var, row["reference"], lang)
    hr, low, high = (number(row[c], lang, 2) for c in ("hazard_ratio", "ci_low", "ci_high"))
    if interval_words:
        detail = pick(
            f"riskisuhde {hr} (95 %:n väli {low}–{high}; vertailuryhmä: {ref})",
            f"(hazard ratio {hr}, 95 % interval {low}–{high}, against {ref})",
            lang,
        )
    else:
        detail = pick(
            f"riskisuhde {hr} ({low}–{high}; vertailuryhmä: {ref})",
            f"({hr}, {low}–{high}, against {ref})",
            lang,
        )
    return level, detail


def _cox_effects(result: CoxResult, lang: str) -> str:
    s = result.summary()
    sig = s[s["p_value"] < 0.05]
    if sig.empty:
        return pick(
            "Kun muut tekijät vakioidaan, mikään ryhmä ei eroa lähtöriskiltään selvästi "
            "vertailuryhmästään.",
            "Holding the other factors fixed, no group clearly differs in its risk of leaving "
            "from its reference group.",
            lang,
        )
    if len(result.covariates) >= 2:
        lead = pick(
            f"Kun {_variable_names(result.covariates, 'fi')} vakioidaan, ",
            f"Holding {_variable_names(result.covariates, 'en')} fixed, ",
            lang,
        )
    else:
        lead = pick("Cox-mallin mukaan ", "In the Cox model, ", lang)
    hi = sig.loc[sig["hazard_ratio"].idxmax()]
    lo = sig.loc[sig["hazard_ratio"].idxmin()]
    # a clear effect is above or below 1; "highest" is only said of a ratio above 1
    hi = hi if hi["hazard_ratio"] > 1 else None
    lo = lo if lo["hazard_ratio"] < 1 else None
    if hi is not None:
        a, a_detail = _effect(hi, lang, interval_words=True)
        text = pick(
            f"{lead}lähtöriski on suurin tässä ryhmässä: {a}, {a_detail}.",
            f"{lead}the risk of leaving is highest for {a} {a_detail}",
            lang,
        )
        if lo is not None:
            b, b_detail = _effect(lo, lang, interval_words=False)
            text += pick(
                f" Pienin lähtöriski on tässä ryhmässä: {b}, {b_detail}.",
                f" and lowest for {b} {b_detail}.",
                lang,
            )
        else:
            text += pick("", ".", lang)
        return text
    b, b_detail = _effect(lo, lang, interval_words=True)
    return pick(
        f"{lead}lähtöriski on pienin tässä ryhmässä: {b}, {b_detail}.",
        f"{lead}the risk of leaving is lowest for {b} {b_detail}.",
        lang,
    )


def _ph_text(result: CoxResult, lang: str) -> str:
    ph = result.ph_test()
    per_var = ph[ph["variable"] != "GLOBAL"]
    bad = per_var[~per_var["ph_ok"].astype(bool)]
    glob = ph[ph["variable"] == "GLOBAL"]
    global_ok = glob.empty or bool(glob["ph_ok"].iloc[0])
    if bad.empty and global_ok:
        return pick(
            " Suhteellisten riskien oletus näyttää pätevän (Grambschin ja Therneaun testi: "
            "yhdenkään tekijän vaikutus ei muutu selvästi ajan myötä).",
            " The proportional-hazards assumption looks reasonable (Grambsch-Therneau test: "
            "no factor's effect clearly changes over time).",
            lang,
        )
    if bad.empty:
        return pick(
            " Yhteistestin mukaan jonkin tekijän vaikutus voi muuttua ajan myötä, mutta "
            "mikään yksittäinen tekijä ei erotu; riskisuhteet ovat seuranta-ajan keskiarvoja.",
            " The global test suggests that some effect may change over time, but no single "
            "factor stands out; the hazard ratios are averages over follow-up.",
            lang,
        )
    one = len(bad) == 1
    return pick(
        f" Suhteellisten riskien oletus ei päde kaikille tekijöille. Grambschin ja Therneaun "
        f"testin mukaan {'tämän tekijän' if one else 'näiden tekijöiden'} vaikutus muuttuu ajan "
        f"myötä: {_variable_names(bad['variable'].tolist(), 'fi')}; "
        f"{'sen' if one else 'niiden'} riskisuhteet ovat seuranta-ajan keskiarvoja.",
        f" The proportional-hazards assumption does not hold for every factor: the effect of "
        f"{_variable_names(bad['variable'].tolist(), 'en')} changes over time "
        f"(Grambsch-Therneau test), so {'its' if one else 'their'} hazard ratios are averages "
        f"over follow-up.",
        lang,
    )


def cox_findings(result: CoxResult, *, lang: str = "fi") -> str:
    """The clearest adjusted effects and the proportional-hazards check, in words.

    ``result`` is a :class:`kokka_analysis.retention.CoxResult`; the same text is
    ``result.findings(lang=...)``. The largest hazard ratio above 1 and the smallest below 1
    among the clear effects (p < 0.05) are named with their intervals and reference groups.

    Examples
    --------
    >>> from kokka_analysis import retention
    >>> from kokka_analysis.sources import demo
    >>> res = retention.fit_cox(demo.generate(seed=0)["cohort"], ["field", "sex"])
    >>> cox_findings(res, lang="fi")[:102]
    'Kun koulutusala ja sukupuoli vakioidaan, lähtöriski on suurin tässä ryhmässä: taiteet ja kulttuurialat'
    """
    text = _cox_effects(result, lang) + _ph_text(result, lang)
    left_out = [n["variable"] for n in result.notes if n.get("reason") == "collinear"]
    if left_out:
        one = len(left_out) == 1
        text += pick(
            f" Mallista jätettiin pois {_variable_names(left_out, 'fi')}, koska "
            f"{'se määräytyy' if one else 'ne määräytyvät'} jo muista tekijöistä (esimerkiksi "
            f"kun oppilaitos on vain yhdessä kunnassa).",
            f" The model leaves out {_variable_names(left_out, 'en')}, because "
            f"{'it is' if one else 'they are'} determined by the other factors (for example "
            f"when an institution sits in one municipality only).",
            lang,
        )
    return text


# --- stayers and leavers -----------------------------------------------------------------------


def profile_test_findings(tests: pd.DataFrame, *, lang: str = "fi") -> str:
    """Which characteristics set leavers apart from stayers most (Cramér's V), in words.

    ``tests`` is a :func:`kokka_analysis.retention.profile_tests` table.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"variable": ["field", "sex"], "p_value": [0.0001, 0.4],
    ...                   "cramers_v": [0.25, 0.02]})
    >>> print(profile_test_findings(t, lang="fi"))  # doctest: +NORMALIZE_WHITESPACE
    Lähteneet eroavat jääneistä eniten näiltä osin (suurimmasta erosta alkaen): koulutusala.
    Suurimman eron voimakkuus on 0,25 (Cramérin V: 0 = ei eroa, 1 = suurin mahdollinen).
    Ei merkitsevää eroa: sukupuoli.
    """
    t = tests.dropna(subset=["p_value"])
    if t.empty:
        return pick("Ryhmiä on liian vähän vertailuun.", "Too few groups to compare.", lang)
    sig = t[t["p_value"] < 0.05].sort_values("cramers_v", ascending=False)
    if sig.empty:
        return pick(
            "Jääneet ja lähteneet eivät eroa toisistaan tilastollisesti merkitsevästi.",
            "Stayers and leavers do not differ significantly.",
            lang,
        )
    top = _variable_names(sig["variable"].tolist(), lang)
    v = number(sig["cramers_v"].iloc[0], lang, 2)
    text = pick(
        f"Lähteneet eroavat jääneistä eniten näiltä osin (suurimmasta erosta alkaen): {top}. "
        f"Suurimman eron voimakkuus on {v} (Cramérin V: 0 = ei eroa, 1 = suurin mahdollinen).",
        f"Leavers differ from stayers most in (largest difference first): {top}. The largest "
        f"difference has Cramér's V = {v} (0 = none, 1 = the largest possible).",
        lang,
    )
    same = t.loc[t["p_value"] >= 0.05, "variable"].tolist()
    if same:
        text += pick(
            f" Ei merkitsevää eroa: {_variable_names(same, 'fi')}.",
            f" No significant difference: {_variable_names(same, 'en')}.",
            lang,
        )
    return text


# --- destinations and outcomes -------------------------------------------------------------


def _stayed_at_last(outcomes: pd.DataFrame, lang: str) -> str:
    last = outcomes.dropna(subset=["share"])
    if last.empty:
        return ""
    h = int(last["horizon"].max())
    row = last[(last["horizon"] == h) & (last["outcome"] == "stayed")]
    if not len(row):
        return ""
    s = row["share"].iloc[0]
    return pick(
        f" Alueella asui yhä {share(s, 'fi')} tulijoista {number(h, 'fi')} vuotta saapumisen "
        f"jälkeen.",
        f" After {number(h, 'en')} years, {share(s, 'en')} of the newcomers still lived in the "
        f"region.",
        lang,
    )


def _destination_text(flows: pd.DataFrame, lang: str) -> str:
    total = flows["persons"].sum()
    abroad = flows.loc[flows["destination"] == "ABROAD", "persons"].sum()
    dom = flows[~flows["destination"].isin(["ABROAD", "OTHER", "UNKNOWN"])]
    text = pick(
        f"Lähteneistä {share(abroad / total, 'fi')} muutti ulkomaille.",
        f"Of the leavers, {share(abroad / total, 'en')} moved abroad.",
        lang,
    )
    if not dom.empty:
        top = dom.loc[dom["persons"].idxmax()]
        place = region_name(top["destination"], lang)
        part = share(top["persons"] / total, lang)
        text += pick(
            f" Suomessa yleisin kohde oli {place} ({part} lähteneistä).",
            f" Within Finland the most common destination was {place} ({part} of leavers).",
            lang,
        )
    return text


def destination_findings(flows: pd.DataFrame, outcomes: pd.DataFrame, *, lang: str = "fi") -> str:
    """Where the leavers went, and the share still in the region at the last horizon.

    ``flows`` is a :func:`kokka_analysis.retention.destination_flows` table, ``outcomes`` an
    :func:`~kokka_analysis.retention.outcome_shares` table.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"source": "all", "destination": ["ABROAD", "MK01"],
    ...                       "persons": [30, 70]})
    >>> destination_findings(flows, pd.DataFrame(columns=["horizon", "outcome", "share"]),
    ...                      lang="fi")
    'Lähteneistä 30\\xa0% muutti ulkomaille. Suomessa yleisin kohde oli Uusimaa (70\\xa0% lähteneistä).'
    """
    if flows.empty:
        return pick(
            "Lähteneitä on liian vähän, jotta heidän muuttokohteitaan voisi näyttää.",
            "Too few leavers to show where they went.",
            lang,
        )
    return _destination_text(flows, lang) + _stayed_at_last(outcomes, lang)


# --- summary -----------------------------------------------------------------------------------


def findings_text(
    rates: pd.DataFrame,
    curves: pd.DataFrame,
    result: CoxResult | None,
    flows: pd.DataFrame,
    outcomes: pd.DataFrame,
    min_n: int = privacy.MIN_N,
    *,
    lang: str = "fi",
) -> str:
    """The short plain-language summary of notebook 03, with its caveats.

    ``rates`` is a :func:`~kokka_analysis.retention.retention_table` without ``by`` (whole
    cohort), ``curves`` a :func:`~kokka_analysis.retention.survival` table, ``result`` a
    :class:`~kokka_analysis.retention.CoxResult` (or None), ``flows`` a
    :func:`~kokka_analysis.retention.destination_flows` and ``outcomes`` an
    :func:`~kokka_analysis.retention.outcome_shares` table.

    Examples
    --------
    >>> from kokka_analysis import retention as r
    >>> from kokka_analysis.sources import demo
    >>> cohort = demo.generate(seed=0)["cohort"]
    >>> text = findings_text(r.retention_table(cohort, []), r.survival(cohort), None,
    ...                      r.destination_flows(cohort), r.outcome_shares(cohort), lang="en")
    >>> "censor" in text
    True
    """
    shown = rates.dropna(subset=["rate"]).sort_values("horizon")
    if shown.empty:
        head = pick(
            f"Alueella on liian vähän henkilöitä (alle {number(min_n, 'fi')}) tulosten "
            f"näyttämiseen.",
            f"The region has too few persons (under {number(min_n, 'en')}) to show results.",
            lang,
        )
    else:
        r = shown.iloc[-1]
        h, n = number(int(r["horizon"]), lang), number(r["n"], lang)
        s, low, high = (share(r[c], lang) for c in ("rate", "ci_low", "ci_high"))
        head = pick(
            f"Kansainvälisistä tulijoista {s} asui alueella yhä {h} vuotta saapumisensa "
            f"jälkeen (95 %:n väli {low}–{high}, {n} henkilöä).",
            f"Of the international newcomers, {s} still lived in the region {h} years after "
            f"arrival (95 % interval {low}–{high}, {n} persons).",
            lang,
        )
    parts = [head]
    if not flows.empty:
        # the head already gives the share still in the region
        stayed = "" if not shown.empty else _stayed_at_last(outcomes, lang)
        parts.append(_destination_text(flows, lang) + stayed)
    if result is not None:
        parts.append(cox_findings(result, lang=lang))
    n_min = number(min_n, lang)
    parts.append(
        pick(
            f"Varaukset: osaa henkilöistä on seurattu vasta lyhyen aikaa (sensurointi), joten "
            f"pitkän aikavälin osuudet perustuvat harvempiin henkilöihin; alle {n_min} henkilön "
            f"ryhmät ja luvut on salattu, ja pienten ryhmien luottamusvälit ovat leveitä.",
            f"Caveats: some persons have been observed only briefly (censoring), so long-run "
            f"shares rest on fewer persons; groups and counts under {n_min} persons are "
            f"suppressed, and small groups have wide intervals.",
            lang,
        )
    )
    return " ".join(parts)


def definitions(min_n: int = privacy.MIN_N, *, lang: str = "fi") -> str:
    """The definitions the retention page rests on (who counts as stayed, how the share is
    estimated, what is suppressed), with the page's smallest group size.

    >>> "Alle 5 henkilön luvut salataan" in definitions(5, lang="fi")
    True
    """
    return pick(
        "*Jääneiden osuus* h vuoden kohdalla on niiden osuus, jotka asuvat alueella yhä h "
        "vuotta saapumisensa (valmistuminen tai maahantulo) jälkeen. Henkilöt ovat tulleet eri "
        "vuosina, eikä viimeksi tulleita ole vielä voitu seurata h vuotta, joten osuus "
        "lasketaan Kaplanin–Meierin menetelmällä: jokainen on mukana niin monta vuotta kuin "
        "hänet on havaittu. Sama luku näkyy taulukoissa ja käyrissä. Taulukoissa *henkilöitä* "
        "on ryhmän koko, *jääneitä* ne, jotka on havaittu alueella vielä h vuoden kohdalla, ja "
        "*lähteneitä* ne, jotka muuttivat pois h vuoden kuluessa; loput ovat tulleet niin "
        "hiljattain, ettei heitä ole vielä seurattu h vuotta. Jääneitä ja lähteneitä verrataan "
        "niistä tulovuosista, joiden kaikkia henkilöitä on voitu seurata h vuotta. Alle "
        f"18-vuotiaat eivät saa ikäryhmää. Alle {min_n} henkilön luvut salataan, ja lisäksi niin"
        " monta muuta lukua, ettei salattua voi laskea summista.",
        "The **share stayed** at h years is the share still living in the region h years after "
        "arrival (graduation or immigration). People arrived in different years and the latest "
        "have not yet been followed for h years, so the share is a Kaplan–Meier estimate: "
        "everyone counts for the years they were observed. The same figure appears in the "
        "tables and the curves. In the tables, **persons** is the group size, **stayed** those "
        "observed in the region at h years and **left** those who moved away within h years; "
        "the rest arrived too recently to have been followed h years. Stayers and leavers are "
        "compared within the arrival years whose members could all be followed h years. Persons"
        f" under 18 get no age band. Counts under {min_n} persons are suppressed, together with "
        "enough other counts that a suppressed one cannot be computed from totals.",
        lang,
    )
