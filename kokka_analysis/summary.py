"""Region summaries: peers (regions like this one) and recommendations drawn from the numbers.

Peers
-----
:func:`peer_regions` ranks the other regions of the same level by a stated similarity: the
distance between standardised features of the reference year — log residents, the shares of
residents aged 65+ and 20-34, the foreign-background share, and the employment shares of
manufacturing (C), trade (G), ICT (J) and health and social work (Q). Each feature is turned
into z-scores over the candidate regions (the region itself included); the distance is the
root mean square of the differences over the features both regions have; a feature with no
spread among the candidates (equal everywhere, up to rounding) is left out. On the demo data
the candidates are the regions the data have (the home regions' seutukunnat, say); with the
whole country, every seutukunta or maakunta.

Recommendations
---------------
Each rule takes plain numbers (so it can be tested with hand-made inputs), returns a
:class:`Recommendation` or ``None``, and states the figures it rests on, the strength of the
evidence and what would change it. No rule fires without its numbers. The rules:

``young_adults_leave``
    Net domestic migration of 20-34-year-olds below -5 per 1,000 in the reference year.
    Strength: *strong* when negative in at least 4 of the last 5 years, *moderate* in 3,
    otherwise *weak*.
``retention_gap``
    Five-year retention of international graduates and workers by field: the lowest and the
    highest published field differ by at least 15 percentage points. *Strong* when their 95 %
    intervals do not overlap, otherwise *moderate*. When the tables allow a labour-gap
    foresight (employment and graduates with international graduates told apart), the
    recommendation also says how much of the region's baseline gap in the industries the
    lowest field's graduates go to would close if its retention rose by 10 points
    (:func:`kokka_analysis.foresight.retention_boost`, the foresight page's own model and
    defaults: a 10-year horizon, the baseline scenario).
``tight_labour_market``
    Vacancies per jobseeker at least 1.2 times the whole country's, or at least 0.5.
    *Strong* at 1.5 times or more, otherwise *moderate*.
``ageing``
    Old-age dependency ratio at least 5 points above the whole country's. *Strong* at 10
    points or more, otherwise *moderate*.
``path_breaks``
    The newcomers' path (the actor-network page's funnel): the step with the lowest share going
    on is under 50 % and its 95 % interval lies wholly below the median share of the other
    steps. *Strong* when its upper bound is below the lowest other step, otherwise *moderate*.
``stage_without_actor``
    A service-path stage that no actor of the region serves (the analyst's actor list).
    *Strong* (the list is the analyst's own: one added actor changes it).

Examples
--------
>>> r = young_adults_leave([-8.0, -6.5, -9.1, -7.2, -10.4], 2024, "Kotka", lang="en")
>>> r.strength, r.figures[0]
('strong', ('Net domestic migration of 20–34-year-olds, 2024', '-10.4 per 1,000'))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import indicators, regions
from .errors import KokkaError
from .text import number, percent, pick, points, region_name

#: The features of :func:`peer_regions` (name: (Finnish, English)).
PEER_FEATURES = {
    "log_population": ("asukkaat (log)", "residents (log)"),
    "share_65_plus": ("65 v. täyttäneiden osuus", "share aged 65+"),
    "share_20_34": ("20–34-vuotiaiden osuus", "share aged 20–34"),
    "foreign_share": ("ulkomaalaistaustaisten osuus", "foreign-background share"),
    "industry_C": ("teollisuuden osuus työllisistä", "manufacturing share of employed"),
    "industry_G": ("kaupan osuus", "trade share"),
    "industry_J": ("ICT:n osuus", "ICT share"),
    "industry_Q": ("sosiaali- ja terveysalan osuus", "health and social work share"),
}


def peer_features(tables: dict[str, pd.DataFrame], level: str, year: int) -> pd.DataFrame:
    """The features of every region of ``level`` the tables have in ``year`` (one row per
    region, columns :data:`PEER_FEATURES`); shares in per cent."""
    pop = tables["population"]
    pop = pop[(pop["year"] == year) & pop["region"].astype(str).str.startswith(_PREFIX[level])]
    if pop.empty:
        raise KokkaError(f"No population rows of {level} level in {year}: no peers to compare.")
    lower, upper = indicators._bounds_per_row(pop["age_group"])  # checks the labels too
    p = pop["persons"].astype(float)
    g = (
        pd.DataFrame(
            {
                "region": pop["region"],
                "all": p,
                "old": p.where(lower >= 65, 0.0),
                "young": p.where((lower >= 20) & (upper <= 34), 0.0),
                "foreign": p.where(pop["background"] == "foreign", 0.0),
            }
        )
        .groupby("region")[["all", "old", "young", "foreign"]]
        .sum()
    )
    out = pd.DataFrame(index=g.index)
    out["log_population"] = np.log(g["all"].where(g["all"] > 0))
    out["share_65_plus"] = g["old"] / g["all"] * 100
    out["share_20_34"] = g["young"] / g["all"] * 100
    out["foreign_share"] = g["foreign"] / g["all"] * 100
    emp = tables.get("employment")
    if emp is not None:
        e = emp[(emp["year"] == year) & emp["region"].isin(out.index)]
        by = e.groupby(["region", "industry"])["employed"].sum().unstack(fill_value=0)
        shares = by.div(by.sum(axis=1).where(by.sum(axis=1) > 0), axis=0) * 100
        for section in ("C", "G", "J", "Q"):
            col = shares[section] if section in shares else pd.Series(np.nan, index=shares.index)
            out[f"industry_{section}"] = col.reindex(out.index)
    else:
        for section in ("C", "G", "J", "Q"):
            out[f"industry_{section}"] = np.nan
    return out[list(PEER_FEATURES)]


_PREFIX = {"maakunta": "MK", "seutukunta": "SK", "kunta": "KU"}


def peer_regions(
    tables: dict[str, pd.DataFrame], region: str, year: int, n: int = 5
) -> pd.DataFrame:
    """The ``n`` regions of the same level most like ``region`` (see the module notes).

    Returns
    -------
    DataFrame
        One row per peer, nearest first: ``region``, ``distance`` (root mean square of the
        standardised differences over the features both regions have) and the features;
        ``attrs["features"]`` names them and ``attrs["candidates"]`` counts the regions
        compared.
    """
    code = regions.code_of(region)
    level = regions.resolve(code).level
    if level not in _PREFIX:
        raise KokkaError(f"Peers are regions of one level; {code} is the whole country.")
    feats = peer_features(tables, level, year)
    if code not in feats.index:
        raise KokkaError(f"The tables have no {year} population rows for {code}: no peers.")
    sd = feats.std(ddof=0)
    # a feature with no spread (up to rounding: shares equal on paper) says nothing about
    # likeness and is left out; z-scores of rounding noise would rank the regions at random
    sd = sd.where(sd > 1e-9 * feats.abs().mean().clip(lower=1.0))
    z = (feats - feats.mean()) / sd
    diff = z.drop(index=code) - z.loc[code]
    usable = diff.notna()
    distance = np.sqrt((diff**2).where(usable).sum(axis=1) / usable.sum(axis=1).replace(0, np.nan))
    out = feats.drop(index=code).assign(distance=distance).dropna(subset=["distance"])
    out = out.sort_values(["distance"], kind="stable").head(n)
    out = out.reset_index().rename(columns={"index": "region"})
    out = out[["region", "distance", *PEER_FEATURES]]
    out.attrs = {"features": list(PEER_FEATURES), "candidates": len(feats) - 1, "year": year}
    return out


# --- recommendations -----------------------------------------------------------------------
@dataclass(frozen=True)
class Recommendation:
    """One recommendation: what to do, the figures behind it, how strong the evidence is and
    what would change it (all in one language)."""

    rule: str
    text: str
    figures: tuple[tuple[str, str], ...]
    strength: str  # "strong", "moderate" or "weak"
    would_change: str

    def markdown(self, lang: str) -> str:
        strength = {
            "strong": pick("vahva", "strong", lang),
            "moderate": pick("kohtalainen", "moderate", lang),
            "weak": pick("heikko", "weak", lang),
        }[self.strength]
        figures = "; ".join(f"{label}: {value}" for label, value in self.figures)
        return (
            f"**{self.text}**  \n{pick('Luvut', 'Figures', lang)}: {figures.rstrip('.')}.  \n"
            f"{pick('Näytön vahvuus', 'Strength of evidence', lang)}: {strength}. "
            f"{pick('Muuttaisi arviota', 'Would change it', lang)}: {self.would_change}"
        )


def young_adults_leave(
    net_per_1000: Sequence[float], year: int, name: str, *, lang: str
) -> Recommendation | None:
    """Rule ``young_adults_leave``: ``net_per_1000`` are the last years' net domestic
    migration of 20-34-year-olds per 1,000 of that age, oldest first, ending in ``year``."""
    values = [float(v) for v in net_per_1000 if v is not None and not np.isnan(v)]
    if not values or values[-1] >= -5:
        return None
    negative = sum(v < 0 for v in values[-5:])
    strength = "strong" if negative >= 4 else "moderate" if negative >= 3 else "weak"
    per = pick("/ 1 000", "per 1,000", lang)
    return Recommendation(
        rule="young_adults_leave",
        text=pick(
            f"Nuoret aikuiset muuttavat pois ({name}): pitovoimatyö kannattaa kohdistaa "
            "20–34-vuotiaisiin (opiskelijat, ensimmäinen työpaikka, asuminen).",
            f"Young adults move away ({name}): retention work should aim at 20–34-year-olds "
            "(students, a first job, housing).",
            lang,
        ),
        figures=(
            (
                pick(
                    f"20–34-vuotiaiden kuntien välinen nettomuutto {year}",
                    f"Net domestic migration of 20–34-year-olds, {year}",
                    lang,
                ),
                f"{number(values[-1], lang, 1)} {per}",
            ),
            (
                pick("negatiivinen vuosina", "negative in years", lang),
                f"{negative} / {len(values[-5:])}",
            ),
        ),  # fmt: skip
        strength=strength,
        would_change=pick(
            "nettomuutto kääntyisi positiiviseksi kahtena vuotena peräkkäin.",
            "net migration turning positive two years in a row.",
            lang,
        ),
    )


def retention_gap(
    rows: pd.DataFrame, *, lang: str, field_names: dict | None = None, boost=None
) -> Recommendation | None:
    """Rule ``retention_gap``: ``rows`` are published five-year retention rows by field
    (columns ``field``, ``rate``, ``ci_low``, ``ci_high`` as shares 0-1). ``boost`` is a
    callable taking the lowest field's code and returning its
    :class:`~kokka_analysis.foresight.RetentionBoost` (or None): the foresight linkage."""
    ok = rows.dropna(subset=["rate"])
    if len(ok) < 2:
        return None
    low = ok.loc[ok["rate"].idxmin()]
    high = ok.loc[ok["rate"].idxmax()]
    gap = (high["rate"] - low["rate"]) * 100
    if gap < 15:
        return None
    separate = low["ci_high"] < high["ci_low"]
    names = field_names or {}
    lo_name = lower_first(names.get(low["field"], str(low["field"])))
    hi_name = lower_first(names.get(high["field"], str(high["field"])))

    def ci(r):
        return (
            f"{percent(r['rate'] * 100, lang, 0)} "
            f"[{number(r['ci_low'] * 100, lang, 0)}–{percent(r['ci_high'] * 100, lang, 0)}]"
        )

    effect = boost(str(low["field"])) if boost is not None else None
    text = pick(
        f"Kansainvälisten osaajien pysyvyys on heikoin alalla {lo_name}: "
        "pitovoimatoimet kannattaa aloittaa siitä.",
        f"International talent stays least in {lo_name}: start retention measures there.",
        lang,
    )
    figures = [
        (pick(f"Viiden vuoden pysyvyys, {lo_name}", f"Five-year retention, {lo_name}", lang),
         ci(low)),
        (pick(f"Viiden vuoden pysyvyys, {hi_name}", f"Five-year retention, {hi_name}", lang),
         ci(high)),
        (pick("ero", "gap", lang), points(gap, lang, 0, sign=False)),
    ]  # fmt: skip
    if effect is not None:
        text, more = _boost_text(text, effect, lang)
        figures += more
    return Recommendation(
        rule="retention_gap",
        text=text,
        figures=tuple(figures),
        strength="strong" if separate else "moderate",
        would_change=pick(
            "ero kaventuisi alle 15 prosenttiyksikön tai välit menisivät päällekkäin uusilla "
            "kohorteilla.",
            "the gap narrowing below 15 points, or the intervals overlapping with new cohorts.",
            lang,
        ),
    )


def lower_first(text: str) -> str:
    """A name inside a sentence: ``Health and welfare`` -> ``health and welfare`` (an
    abbreviation such as ``ICT`` stays)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _boost_text(text: str, b, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """The foresight sentence and figures of a :class:`RetentionBoost`."""
    from . import labels

    pp = points(b.boost_pp, lang, 0, sign=False)
    extra = number(b.extra.sum(), lang, 0)
    names = [f"{lower_first(labels.label('industry', i, lang))} ({i})" for i in b.industries]
    inds = ", ".join(names[:-1]) + pick(" ja ", " and ", lang) + names[-1] if names[1:] else (
        "".join(names)
    )  # fmt: skip
    if b.extra.sum() <= 0:
        return text + pick(
            " Alueen oppilaitoksista ei valmistunut alan kansainvälisiä opiskelijoita "
            "viime vuosina, joten pysyvyyden nostamisen vaikutusta työvoimavajeeseen ei voi "
            "arvioida.",
            " The region's institutions had no international graduates in this field in "
            "recent years, so the effect of higher retention on the labour gap cannot be "
            "estimated.",
            lang,
        ), []
    label = pick(
        f"Pysyvyys {pp} suuremmaksi: lisätyöntekijät {b.horizon} vuodessa",
        f"Retention {pp} higher: added workers in {b.horizon} years",
        lang,
    )
    if b.closed_pct is None:
        return text + pick(
            f" Pysyvyyden nostaminen {pp} toisi arviolta {extra} lisätyöntekijää "
            f"{b.horizon} vuodessa aloille {inds}, mutta niillä ei ole perusuralla vajetta.",
            f" Raising it by {pp} would add an estimated {extra} workers in {b.horizon} years "
            f"to {inds}, but those industries have no gap in the baseline.",
            lang,
        ), [(label, extra)]
    closed = percent(b.closed_pct, lang, 0)
    gap = number(b.gap.clip(lower=0).sum(), lang, 0)
    return text + pick(
        f" Pysyvyyden nostaminen {pp} toisi arviolta {extra} lisätyöntekijää {b.horizon} "
        f"vuodessa ja kuroisi umpeen noin {closed} alueen {b.horizon} vuoden "
        f"työvoimavajeesta toimialoilla {inds}.",
        f" Raising it by {pp} would add an estimated {extra} workers in {b.horizon} years and "
        f"close about {closed} of the region's {b.horizon}-year labour gap in {inds}.",
        lang,
    ), [
        (label, extra),
        (pick(f"perusuran vaje näillä toimialoilla ({b.horizon} v)",
              f"baseline gap in those industries ({b.horizon} yrs)", lang), gap),
        (pick("suljettu osuus", "share closed", lang), closed),
    ]  # fmt: skip


def tight_labour_market(
    ratio: float, national: float | None, year: int, name: str, *, lang: str
) -> Recommendation | None:
    """Rule ``tight_labour_market``: vacancies per jobseeker in the region and the country."""
    if ratio is None or np.isnan(ratio):
        return None
    relative = ratio / national if national and national > 0 else None
    if not ((relative is not None and relative >= 1.2) or ratio >= 0.5):
        return None
    strength = "strong" if relative is not None and relative >= 1.5 else "moderate"
    figures = [(pick(f"Avoimia työpaikkoja työnhakijaa kohden {year}",
                     f"Vacancies per jobseeker {year}", lang), number(ratio, lang, 2))]  # fmt: skip
    if national:
        figures.append((pick("koko maa", "whole country", lang), number(national, lang, 2)))
    return Recommendation(
        rule="tight_labour_market",
        text=pick(
            f"Työmarkkinat ovat kireät ({name}): kansainvälinen rekrytointi ja "
            "oppilaitosten kansainvälisten opiskelijoiden työllistäminen kannattaa asettaa "
            "etusijalle pula-ammateissa.",
            f"The labour market is tight ({name}): international recruitment and employing "
            "the institutions' international students should come first in shortage "
            "occupations.",
            lang,
        ),
        figures=tuple(figures),
        strength=strength,
        would_change=pick(
            "suhdeluvun lasku koko maan tasolle.",
            "the ratio falling to the whole country's level.",
            lang,
        ),
    )


def ageing(
    dependency: float, national: float | None, year: int, name: str, *, lang: str
) -> Recommendation | None:
    """Rule ``ageing``: old-age dependency ratio (65+ per 100 aged 15-64) against the
    country's."""
    if dependency is None or national is None or np.isnan(dependency) or np.isnan(national):
        return None
    above = dependency - national
    if above < 5:
        return None
    return Recommendation(
        rule="ageing",
        text=pick(
            f"Väestö ikääntyy maan keskiarvoa nopeammin ({name}): eläköityvien tilalle "
            "tarvitaan tulijoita, ja sote-alan osaajatarve kasvaa.",
            f"The population is older than the country's ({name}): newcomers are needed to "
            "replace retirees, and health and care need more skilled staff.",
            lang,
        ),
        figures=(
            (
                pick(f"Vanhushuoltosuhde {year}", f"Old-age dependency ratio {year}", lang),
                number(dependency, lang, 1),
            ),
            (pick("koko maa", "whole country", lang), number(national, lang, 1)),
        ),  # fmt: skip
        strength="strong" if above >= 10 else "moderate",
        would_change=pick(
            "ero koko maahan kaventuisi alle viiden.",
            "the difference to the country falling below five.",
            lang,
        ),
    )


def path_breaks(
    steps: pd.DataFrame, name: str, actors_serving: int | None, *, lang: str
) -> Recommendation | None:
    """Rule ``path_breaks``: ``steps`` is the funnel (``stage, share_of_previous, low, high``
    in per cent, in path order); ``actors_serving`` the actors serving the weak step's stage."""
    from .network import stage_name

    ok = steps.dropna(subset=["share_of_previous"]).reset_index(drop=True)
    if len(ok) < 3:
        return None
    i = int(ok["share_of_previous"].idxmin())
    row = ok.iloc[i]
    others = ok.drop(index=i)["share_of_previous"]
    if row["share_of_previous"] >= 50 or row["high"] >= others.median():
        return None
    stages = list(steps["stage"])
    prev = stage_name(stages[stages.index(row["stage"]) - 1], lang).lower()
    st = stage_name(row["stage"], lang).lower()
    share = (f"{percent(row['share_of_previous'], lang, 0)} [{number(row['low'], lang, 0)}–"
             f"{percent(row['high'], lang, 0)}]")  # fmt: skip
    figures = [
        (pick(f"Eteni vaiheesta {prev} vaiheeseen {st}", f"Went on from {prev} to {st}", lang),
         share),
        (pick("muiden vaiheiden mediaani", "median of the other steps", lang),
         percent(others.median(), lang, 0)),
    ]  # fmt: skip
    if actors_serving is not None:
        figures.append((pick(f"toimijoita vaiheessa {st}", f"actors serving {st}", lang),
                        str(actors_serving)))  # fmt: skip
    return Recommendation(
        rule="path_breaks",
        text=pick(
            f"Tulijoiden polku katkeaa vaiheiden ”{prev}” ja ”{st}” välillä ({name}): palvelupolun "
            f"kehittäminen kannattaa kohdistaa tähän siirtymään (esim. työnantajien ja "
            f"oppilaitosten yhteiset rekrytointireitit).",
            f"The newcomers' path breaks between {prev} and {st} ({name}): develop the service "
            "path at this step first (e.g. recruitment routes shared by employers and "
            "institutions).",
            lang,
        ),
        figures=tuple(figures),
        strength="strong" if row["high"] < others.min() else "moderate",
        would_change=pick(
            "siirtymän osuuden nousu muiden vaiheiden tasolle uusilla tulijoilla.",
            "the step's share rising to the level of the other steps with new newcomers.",
            lang,
        ),
    )


def stage_without_actor(missing: Sequence[tuple[str, str]], *, lang: str) -> Recommendation | None:
    """Rule ``stage_without_actor``: ``missing`` are (region name, stage code) pairs of
    stages no actor serves."""
    from .network import stage_name

    if not missing:
        return None
    parts = [f"{stage_name(s, lang).lower()} ({place})" for place, s in missing]
    return Recommendation(
        rule="stage_without_actor",
        text=pick(
            f"Palvelupolulta puuttuu toimija: {', '.join(parts)}. Vastuutaho kannattaa nimetä.",
            f"A stage of the service path has no actor: {', '.join(parts)}. Name an actor "
            "responsible for it.",
            lang,
        ),
        figures=tuple(
            (
                pick(
                    f"toimijoita: {stage_name(s, 'fi').lower()}, {place}",
                    f"actors: {stage_name(s, 'en').lower()}, {place}",
                    lang,
                ),
                "0",
            )
            for place, s in missing
        ),  # fmt: skip
        strength="strong",
        would_change=pick(
            "vaiheelle lisätty toimija toimijaluetteloon.",
            "an actor for the stage added to the actor list.",
            lang,
        ),  # fmt: skip
    )


def recommendations(
    tables: dict[str, pd.DataFrame],
    region: str,
    year: int,
    *,
    lang: str,
    min_n: int = 5,
    horizon: int = 10,
    boost_pp: float = 10.0,
) -> list[Recommendation]:
    """Every rule of the module notes applied to ``region``'s figures in ``year``;
    ``horizon`` and ``boost_pp`` are those of the foresight linkage of ``retention_gap``."""
    from . import labels, retention

    code = regions.code_of(region)
    name = region_name(code, lang)
    out: list[Recommendation | None] = []
    trend = indicators.indicator_trend(tables, code, "net_domestic_migration_20_34_per_1000")
    mine = trend[(trend["region"] == code) & (trend["year"] <= year)].sort_values("year")
    out.append(young_adults_leave(mine["value"].tail(5).tolist(), year, name, lang=lang))
    kf = indicators.key_figures(tables, code, year).set_index(["indicator", "region"])["value"]

    def value(key, where):
        return float(kf.get((key, where), np.nan))

    national = "SSS" if ("population", "SSS") in kf.index else None
    out.append(
        tight_labour_market(
            value("vacancies_per_jobseeker", code),
            value("vacancies_per_jobseeker", national) if national else None,
            year, name, lang=lang,
        )
    )  # fmt: skip
    if national:
        out.append(
            ageing(value("old_age_dependency_ratio", code),
                   value("old_age_dependency_ratio", national), year, name, lang=lang)
        )  # fmt: skip
    if "actors" in tables and "ties" in tables:
        out.extend(_network_rules(tables, code, name, lang, min_n))
    cohort = tables.get("cohort")
    if cohort is not None and len(cohort):
        mine = cohort[regions.in_region(cohort["region"].astype(str), code)]
        if len(mine) >= min_n:
            table = retention.retention_table(mine, "field", horizons=(5,), min_n=min_n)
            rows = table[~table["suppressed"]] if "suppressed" in table else table
            names = {f: labels.label("field", f, lang) for f in rows["field"].dropna().unique()}
            out.append(
                retention_gap(
                    rows, lang=lang, field_names=names,
                    boost=lambda field: _boost(tables, code, field, horizon, boost_pp),
                )
            )  # fmt: skip
    return [r for r in out if r is not None]


def _network_rules(tables, code: str, name: str, lang: str, min_n: int) -> list:
    """The rules on the actor network and the newcomers' path (see the module notes)."""
    from . import network

    actors, _ = network.in_region(tables["actors"], tables["ties"], code)
    if actors.empty:
        return []
    out = []
    gaps = network.gaps(actors)
    missing = [(regions.name(r), s) for r, s, n in gaps[["region", "stage", "actors"]].itertuples(
        index=False) if n == 0]  # fmt: skip
    out.append(stage_without_actor(missing, lang=lang))
    events = tables.get("events")
    if events is not None and len(events):
        mine = network.events_in_region(events, code)
        if len(mine):
            steps = network.funnel(mine, min_n=min_n)
            weak = network.weakest_step(steps)
            serving = None
            if weak is not None:
                cov = network.coverage(actors).set_index("stage")
                serving = int(cov.loc[weak["stage"], "total"])
            out.append(path_breaks(steps, name, serving, lang=lang))
    return out


def _boost(tables: dict[str, pd.DataFrame], code: str, field: str, horizon: int, boost_pp: float):
    """The foresight linkage of ``retention_gap`` (None when the tables do not allow it)."""
    from . import foresight

    needed = ("employment", "population", "migration", "graduates")
    if not boost_pp > 0 or any(name not in tables for name in needed):
        return None
    if tables["graduates"].attrs.get("international_known", True) is False:
        return None
    try:
        fc = foresight.forecast_employment(tables["employment"], code, horizon=horizon)
        gap = foresight.scenario_gap(
            fc, tables["employment"], tables["population"], tables["migration"],
            tables["graduates"], code, projection=tables.get("population_projection"),
        )  # fmt: skip
    except KokkaError:
        return None
    return foresight.retention_boost(
        gap, tables["employment"], tables["graduates"], field, boost_pp
    )


# --- page pieces ---------------------------------------------------------------------------
def peer_text(peers: pd.DataFrame, region: str, *, lang: str) -> str:
    """How the peers were chosen and which they are (for the summary page)."""
    features = ", ".join(pick(*PEER_FEATURES[f], lang) for f in PEER_FEATURES)
    names = ", ".join(region_name(c, lang) for c in peers["region"])
    n, of = len(peers), peers.attrs.get("candidates", len(peers))
    return pick(
        f"Vertailualueet ovat saman tason alueita, jotka muistuttavat aluetta "
        f"{region_name(region, 'fi')} eniten vuonna {peers.attrs.get('year', '')}: etäisyys on "
        f"standardoitujen erojen neliökeskiarvo tunnusluvuissa {features}. Lähimmät {n} "
        f"alueesta {of}: {names}.",
        f"Peers are regions of the same level most like {region_name(region, 'en')} in "
        f"{peers.attrs.get('year', '')}: the distance is the root mean square of the "
        f"standardised differences in {features}. The nearest {n} of {of}: {names}.",
        lang,
    )


def peer_table(peers: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The peers for reading: residents and the shares in per cent, one row per peer."""
    return pd.DataFrame(
        {
            "region": peers["region"],
            pick("Etäisyys", "Distance", lang): peers["distance"].round(2),
            pick("Asukkaat", "Residents", lang): np.exp(peers["log_population"]).round(-2),
            pick("65+ (%)", "65+ (%)", lang): peers["share_65_plus"].round(1),
            pick("20–34 (%)", "20–34 (%)", lang): peers["share_20_34"].round(1),
            pick("Ulkomaalaistaust. (%)", "Foreign backgr. (%)", lang): peers[
                "foreign_share"
            ].round(1),
            pick("Teollisuus (%)", "Manufacturing (%)", lang): peers["industry_C"].round(1),
            pick("ICT (%)", "ICT (%)", lang): peers["industry_J"].round(1),
            pick("Sote (%)", "Health (%)", lang): peers["industry_Q"].round(1),
        }
    )


#: The topic pages a summary links to, with what each answers (Finnish, English).
TOPIC_LINES = {
    "01_situation_picture": ("väestö, muuttoliike, työlliset ja avoimet työpaikat",
                             "population, migration, employment and vacancies"),
    "02_labour_shortage_foresight": ("työvoimavaje toimialoittain ja skenaarioittain",
                                     "the labour gap by industry and scenario"),
    "03_retention": ("ketkä kansainvälisistä osaajista jäävät ja ketkä lähtevät",
                     "who of the international talent stays and who leaves"),
    "04_regional_image_survey": ("miten nuoret ja kansainväliset asukkaat näkevät alueen",
                                 "how young and international residents see the region"),
    "05_employer_needs": ("mitä yritykset tarvitsevat ja mikä estää niitä palkkaamasta "
                          "kansainvälisiä osaajia",
                          "what firms need and what stops them hiring international talent"),
    "06_actor_network": ("kuka tekee yhteistyötä kenen kanssa ja missä tulijan polku katkeaa",
                         "who works with whom, and where a newcomer's path breaks"),
}  # fmt: skip


def _topics_with_data(tables: dict[str, pd.DataFrame], code: str) -> list[str]:
    """The topic pages a region has: by the build's own rule, a topic whose notebook needs a
    table (``kokka.needs`` in its metadata) without rows for the region is not built."""
    from . import config
    from .publish.jobs import notebook_needs
    from .sources.base import covers

    out = []
    for stem in TOPIC_LINES:
        path = config.notebooks_dir() / f"{stem}.ipynb"
        needs = notebook_needs(path) if path.exists() else {}
        if all(
            name in tables and covers(tables[name]["region"].dropna().astype(str).unique(), code)
            for name in needs
        ):
            out.append(stem)
    return out


def _network_paragraph(tables, code: str, lang: str, min_n: int) -> str | None:
    """The network's size and brokers, and where the path breaks, as on its page."""
    from . import network

    actors, ties = network.in_region(tables["actors"], tables["ties"], code)
    if actors.empty:
        return None
    g = network.graph(actors, ties)
    text = network.network_findings(g, network.measures(g), network.sector_links(g), lang=lang)
    events = tables.get("events")
    if events is not None and len(events):
        mine = network.events_in_region(events, code)
        if len(mine):
            text += " " + network.funnel_findings(network.funnel(mine, min_n=min_n), lang=lang)
    return text


def _employer_paragraph(tables: dict[str, pd.DataFrame], code: str, lang: str) -> str | None:
    """The employer survey's planned hires and its most common barrier, as on its page."""
    from . import employers

    firms = employers.in_region(tables["employer_survey"], code)
    if len(firms) < employers.MIN_FIRMS:
        return None
    frame = tables.get("enterprises")
    w = employers.weights(firms, employers.in_region(frame, code) if frame is not None else None)
    text = []
    if firms.attrs.get("hires"):
        text.append(employers.hires_findings(employers.planned_hires(firms, w), lang=lang))
    if firms.attrs.get("barriers"):
        text.append(employers.barrier_findings(employers.barrier_table(firms, w, lang=lang),
                                               lang=lang))  # fmt: skip
    return " ".join(text) or None


#: Key figures set beside the peers (a key of :data:`indicators.INDICATORS` each).
PEER_INDICATORS = (
    "foreign_background_share_pct",
    "age_65_plus_share_pct",
    "old_age_dependency_ratio",
    "net_domestic_migration_20_34_per_1000",
    "vacancies_per_jobseeker",
)


def peer_comparison(
    tables: dict[str, pd.DataFrame], region: str, peers: pd.DataFrame, year: int, *, lang: str
) -> pd.DataFrame:
    """The region's key figures in ``year`` beside its peers' mean, lowest and highest."""
    code = regions.code_of(region)
    codes = [code, *peers["region"]]
    panel = indicators.indicator_panel(tables, only=codes)
    panel = panel[panel["year"] == year].set_index("region")
    rows = []
    for key in PEER_INDICATORS:
        ind = indicators.INDICATORS[key]
        theirs = panel[key].reindex(list(peers["region"])).dropna()
        d = ind.decimals
        rows.append(
            {
                pick("Tunnusluku", "Indicator", lang): ind.label(lang),
                pick("Yksikkö", "Unit", lang): ind.unit(lang),
                region_name(code, lang): number(panel[key].get(code, np.nan), lang, d),
                pick("vertailualueet, keskiarvo", "peers, mean", lang): number(
                    theirs.mean() if len(theirs) else np.nan, lang, d
                ),
                pick("vaihteluväli", "range", lang): (
                    f"{number(theirs.min(), lang, d)} … {number(theirs.max(), lang, d)}"
                    if len(theirs)
                    else "–"
                ),
            }
        )
    return pd.DataFrame(rows)


def topic_paragraphs(
    tables: dict[str, pd.DataFrame], region: str, year: int, *, lang: str, min_n: int = 5
) -> str:
    """One short paragraph per topic page the region has, each with a link to the page."""
    from . import retention
    from .publish.html import topic_title

    code = regions.code_of(region)
    out = []
    for stem in _topics_with_data(tables, code):
        text = pick(*TOPIC_LINES[stem], lang).capitalize() + "."
        if stem == "01_situation_picture":
            text = indicators.key_figures_findings(tables, code, year, 5, lang=lang)
        elif stem == "03_retention":
            cohort = tables["cohort"]
            mine = cohort[regions.in_region(cohort["region"].astype(str), code)]
            row = retention.retention_table(mine, [], horizons=(5,), min_n=min_n).iloc[0]
            if not row.get("suppressed", False) and pd.notna(row["rate"]):
                text = pick(
                    f"Alueelle tulleista kansainvälisistä tutkinnon suorittaneista ja "
                    f"työntekijöistä {percent(row['rate'] * 100, 'fi', 0)} "
                    f"[{number(row['ci_low'] * 100, 'fi', 0)}–"
                    f"{percent(row['ci_high'] * 100, 'fi', 0)}] oli alueella viiden vuoden "
                    f"kuluttua (Kaplan–Meier, {number(row['n'], 'fi', 0)} henkilöä).",
                    f"Of the international graduates and workers who came to the region, "
                    f"{percent(row['rate'] * 100, 'en', 0)} "
                    f"[{number(row['ci_low'] * 100, 'en', 0)}–"
                    f"{percent(row['ci_high'] * 100, 'en', 0)}] were still there five years "
                    f"later (Kaplan–Meier, {number(row['n'], 'en', 0)} persons).",
                    lang,
                )
        elif stem == "05_employer_needs":
            text = _employer_paragraph(tables, code, lang) or text
        elif stem == "06_actor_network":
            text = _network_paragraph(tables, code, lang, min_n) or text
        out.append(f"**[{topic_title(stem, lang)}]({stem}.html).** {text}")
    return "\n\n".join(out)
