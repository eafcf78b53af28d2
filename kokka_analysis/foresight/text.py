"""Assumptions, column labels and findings text of the foresight."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import labels
from ..text import in_region, join, number, of_region, percent, pick, sentence, share
from ._common import MIN_WORKERS
from .engine import MODELS, EmploymentForecast
from .openings import EXIT_RATES
from .scenarios import LabourGap
from .supply import ENTRY_RATE, RETENTION_DOMESTIC, RETENTION_INTERNATIONAL, projected_entrants

#: Header texts (fi, en) for ``ka.report.table(..., column_labels=COLUMN_LABELS)``.
COLUMN_LABELS = labels.FORESIGHT_COLUMNS


def assumptions_table(
    horizon: int,
    retention_international: float = RETENTION_INTERNATIONAL,
    retention_boost_pp: float = 10.0,
    growth_scenarios: Sequence[float] = (-0.5, 0.5),
    folds: int = 3,
    migration_rate: float | None = None,
    reference: str | None = None,
    lang: str = "fi",
    *,
    employment: pd.DataFrame | None = None,
    projection: pd.DataFrame | None = None,
    region: str | None = None,
    graduates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The assumptions of the foresight as a table: ``assumption, value, basis`` in ``lang``.

    With ``employment``, ``projection`` and ``region`` the table says what the page's
    numbers rest on: the whole country or another reference for shift-share, and the official
    population projection or kokka's own for the young entrants.

    Examples
    --------
    >>> assumptions_table(10, lang="en")["assumption"].iloc[0]
    'Forecast horizon'
    """
    fi = lang == "fi"
    if reference is None:
        has_country = employment is not None and "SSS" in set(employment["region"])
        reference = "SSS" if has_country or employment is None else "MK08+MK09"
    entrants_source, projection_table = "extrapolation", ""
    if projection is not None and employment is not None and region is not None:
        base_year = int(employment["year"].max())
        if projected_entrants(projection, region, base_year, horizon) is not None:
            synthetic = projection.attrs.get("synthetic", True)
            entrants_source = "synthetic_projection" if synthetic else "projection"
            projection_table = str(projection.attrs.get("table_id", ""))
    intl_known = graduates is None or graduates.attrs.get("international_known", True) is not False
    intl_basis = (
        ("3 v valmistumisesta" if fi else "3 years after graduation")
        if intl_known
        else ("ei käytetty: tutkintotiedoissa ei ole kansalaisuutta, joten kaikki lasketaan "
              "kotimaisiksi" if fi else "not applied: the degree data have no citizenship, so "
              "all graduates count as domestic")
    )  # fmt: skip
    exits = ", ".join(
        f"{b.replace('-', '–')}: {percent(r * 100, lang, 1)}"
        for b, r in EXIT_RATES.items()
        if r > 0
    )
    mig = "–" if migration_rate is None else f"{migration_rate * 100:.2f} %"
    growth = "; ".join(number(g, lang, 1, sign=True) for g in growth_scenarios)
    rows = [
        ("Ennustejakso" if fi else "Forecast horizon", f"{horizon} v" if fi else f"{horizon} yr",
         "parametri" if fi else "parameter"),
        ("Ennustemallit" if fi else "Forecast models", ", ".join(MODELS),
         (f"valittu sarjoittain {folds} taaksepäin testin perusteella (pienin MAE)" if fi
          else f"chosen per series by a {folds}-fold rolling-origin backtest (lowest MAE)")),
        ("Ennusteväli" if fi else "Forecast interval", "95 %",
         ("mallin oma väli yhdistettynä ARIMA(1,1,0)-vertailumallin väliin; kattavuus "
          "mitattu simuloimalla") if fi else ("the model's own interval joined with that of "
          "a reference ARIMA(1,1,0); coverage measured by simulation")),
        ("Eläköitymisaste / v" if fi else "Retirement exit rate / yr", exits,
         "havainnollinen, ETK:n lukujen mukaan muokattava" if fi
         else "illustrative; replace with Finnish Centre for Pensions rates"),
        ("Työikäisten nettomuuttotappio / v" if fi else "Net out-migration of workers / yr", mig,
         "muuttoaineisto, 5 v keskiarvo" if fi else "migration table, 5-year mean"),
        ("Kv. valmistuneiden pito" if fi else "Retention of international graduates",
         f"{retention_international * 100:g} %", intl_basis),
        ("Kotimaisten korkeakoulutettujen lisä" if fi else "Domestic higher-education graduates",
         f"{RETENTION_DOMESTIC * 100:g} %",
         "muualta opiskelemaan tulleet, jäävät" if fi else "moved in to study and stay"),
        ("Nuorten työhön tulo" if fi else "Entry rate of young people",
         f"{ENTRY_RATE * 100:g} %", "20 v täyttävät" if fi else "persons reaching 20"),
        ("20 vuotta täyttävät" if fi else "Persons reaching 20",
         (f"Tilastokeskuksen väestöennuste ({projection_table})" if fi
          else f"Statistics Finland's population projection ({projection_table})")
         if entrants_source == "projection"
         else ("synteettinen väestöennuste (demo)" if fi else "synthetic projection (demo)")
         if entrants_source == "synthetic_projection"
         else ("oma ennuste (ikääntyminen, kuolleisuus, muuttoliike)" if fi
               else "own projection (ageing, deaths, migration)"),
         ("virallinen ennuste" if fi else "official projection") if entrants_source ==
         "projection" else ("Tilastokeskuksen ennusteen muotoinen keksitty ennuste" if fi else
                            "invented, in the shape of Statistics Finland's projection")
         if entrants_source == "synthetic_projection" else
         ("virallista ennustetta ei ole aineistossa" if fi else
          "no official projection in the data")),
        ("Skenaario: pidon lisäys" if fi else "Scenario: retention boost",
         f"{retention_boost_pp:+g} %-yks." if fi else f"{retention_boost_pp:+g} pp", ""),
        ("Skenaariot: kasvu" if fi else "Scenarios: growth",
         f"{growth} %-yks./v" if fi else f"{growth} pp/yr", ""),
        ("Vertailualue (siirtymäanalyysi)" if fi else "Reference area (shift-share)",
         ("koko maa" if fi else "whole country") if reference == "SSS" else reference,
         "" if reference == "SSS" else ("ei koko maan rivejä aineistossa" if fi
                                        else "no whole-country rows in the data")),
        ("Epävarma solu" if fi else "Uncertain cell",
         f"< {MIN_WORKERS}" + (" työllistä" if fi else " employed"), ""),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["assumption", "value", "basis"])


def _ind(code: str, lang: str) -> str:
    return labels.label("industry", code, lang).lower()


def _inds(codes: Sequence[str], lang: str) -> str:
    return join([_ind(c, lang) for c in codes], lang)


def _model(name: str, lang: str) -> str:
    return labels.label("model", name, lang)


def _forecast_lead(fc: EmploymentForecast, region: str, lang: str) -> str:
    code = fc.regions[0]
    last = fc.settings["last_year"]
    year = last + fc.settings["horizon"]
    f = fc.forecasts[(fc.forecasts["region"] == code) & (fc.forecasts["period"] == year)]
    hist = fc.history[(fc.history["region"] == code) & (fc.history["year"] == last)]
    now = hist.set_index("industry")["employed"]
    end = f.set_index("industry")
    change = (end["mean"] - now.reindex(end.index).fillna(0)).sort_values()
    total_now, total_end = float(now.sum()), float(end["mean"].sum())
    # a conservative range for the total: the sum of industry bounds (they are not independent)
    lo, hi = float(end["lower"].sum()), float(end["upper"].sum())
    up, down = change.index[-1], change.index[0]
    n = lambda x: number(x, lang)  # noqa: E731
    return pick(
        f"{sentence(in_region(region, 'fi'))} työllisiä ennustetaan vuonna {year} olevan noin "
        f"{n(total_end)} (nyt {n(total_now)}); toimialojen 95 %:n ennustevälien summa on "
        f"{n(lo)}–{n(hi)}, joten epävarmuus on suuri. Eniten kasvava toimiala: "
        f"{_ind(up, 'fi')} ({number(change[up], 'fi', sign=True)}); eniten supistuva: "
        f"{_ind(down, 'fi')} ({number(change[down], 'fi', sign=True)}).",
        f"{sentence(in_region(region, 'en'))}, employment is forecast at about {n(total_end)} "
        f"in {year} (now {n(total_now)}); the industries' 95 % intervals add up to "
        f"{n(lo)}–{n(hi)}, so the uncertainty is large. The largest growth is in "
        f"{_ind(up, 'en')} ({number(change[up], 'en', sign=True)}) and the largest decline in "
        f"{_ind(down, 'en')} ({number(change[down], 'en', sign=True)}).",
        lang,
    )


def _forecast_findings(fc: EmploymentForecast, region: str, lang: str) -> str:
    summ = fc.summary()
    lead = _forecast_lead(fc, region, lang)
    if summ.empty:
        return lead + " " + _no_backtest_text(fc, lang)
    beat = float((summ["relative_mae"] < 1).mean() * 100)
    return (
        lead
        + " "
        + pick(
            f"Valittu malli oli taaksepäin testissä naiivia ennustetta tarkempi "
            f"{percent(beat, 'fi')}:lla toimialoista.",
            f"In the backtest the chosen model beat the naive forecast for {percent(beat, 'en')} "
            f"of industries.",
            lang,
        )
    )


def industry_change_findings(
    change: pd.DataFrame, region: str, start: int, end: int, *, lang: str = "fi"
) -> str:
    """Which industries gained and lost most employed persons between two years (an
    :func:`industry_change` table).

    Examples
    --------
    >>> import pandas as pd
    >>> ch = pd.DataFrame({"industry": ["C", "Q"], "change": [-40.0, 25.0]})
    >>> industry_change_findings(ch, "KU153", 2019, 2024, lang="fi")
    'Imatralla eniten kasvanut toimiala vuodesta 2019 vuoteen 2024: terveys- ja sosiaalipalvelut (+25 työllistä); eniten vähentynyt: teollisuus (−40).'
    """
    up = change.sort_values("change", ascending=False).iloc[0]
    down = change.sort_values("change").iloc[0]
    return pick(
        f"{sentence(in_region(region, 'fi'))} eniten kasvanut toimiala vuodesta {start} vuoteen "
        f"{end}: {_ind(up['industry'], 'fi')} ({number(up['change'], 'fi', sign=True)} "
        f"työllistä); eniten vähentynyt: {_ind(down['industry'], 'fi')} "
        f"({number(down['change'], 'fi', sign=True)}).",
        f"{sentence(in_region(region, 'en'))}, employment grew most from {start} to {end} in "
        f"{_ind(up['industry'], 'en')} ({number(up['change'], 'en', sign=True)} persons) and "
        f"fell most in {_ind(down['industry'], 'en')} "
        f"({number(down['change'], 'en', sign=True)}).",
        lang,
    )


def openings_findings(table: pd.DataFrame, region: str, *, lang: str = "fi") -> str:
    """Sentences on job openings (an :func:`openings` table): total, the share from
    replacement, the change in employment, and the industries with most openings."""
    h = table.attrs.get("horizon", "")
    tot = float(table["openings"].sum())
    rep = float(table["replacement"].sum())
    exp = float(table["expansion"].sum())
    floored = table[(table["expansion"] + table["replacement"]) < 0]["industry"].tolist()
    top = table.sort_values("openings", ascending=False)["industry"].head(2).tolist()
    n_unc = int(table["uncertain"].sum())
    text = pick(
        f"{sentence(in_region(region, 'fi'))} avautuu seuraavien {h} vuoden aikana arviolta "
        f"{number(tot, 'fi')} työpaikkaa. Eläköityminen ja muuttotappio vapauttavat "
        f"{number(rep, 'fi')} paikkaa, ja työllisten määrän ennustetaan "
        f"{'kasvavan' if exp >= 0 else 'vähenevän'} {number(abs(exp), 'fi')} henkilöllä. "
        f"Eniten paikkoja avautuu näillä toimialoilla: "
        f"{_inds(top, 'fi')}.",
        f"{sentence(in_region(region, 'en'))}, about {number(tot, 'en')} jobs open over the "
        f"next {h} years. Retirement and out-migration free {number(rep, 'en')} jobs, and "
        f"employment is forecast to {'grow' if exp >= 0 else 'fall'} by "
        f"{number(abs(exp), 'en')}. Most openings "
        f"are in {_inds(top, 'en')}.",
        lang,
    )
    if floored:
        text += pick(
            f" Työpaikkoja vähenee enemmän kuin työntekijöitä poistuu näillä toimialoilla: "
            f"{_inds(floored, 'fi')}; niille lasketaan nolla avautuvaa paikkaa.",
            f" In {_inds(floored, 'en')}, jobs disappear faster than workers leave, so zero "
            f"openings are counted there.",
            lang,
        )
    if n_unc:
        text += pick(
            f" {'Yhden toimialan' if n_unc == 1 else f'{n_unc} toimialan'} luvut perustuvat "
            f"alle {MIN_WORKERS} työlliseen ja ovat epävarmoja.",
            f" For {'one industry' if n_unc == 1 else f'{n_unc} industries'}, the figures rest "
            f"on fewer than {MIN_WORKERS} workers and are uncertain.",
            lang,
        )
    return text


def supply_findings(table: pd.DataFrame, region: str, *, lang: str = "fi") -> str:
    """Sentences on new labour supply (a :func:`new_supply` table) and its parts."""
    h = table.attrs.get("horizon", "")
    tot = float(table["supply"].sum())
    young = float(table["young_entrants"].sum())
    intl = float(table["graduates_international"].sum())
    ret = table.attrs.get("retention_international", RETENTION_INTERNATIONAL) * 100
    source = table.attrs.get("entrants_source")
    known = table.attrs.get("international_known", True)
    g_share = float(table.attrs.get("graduates_share", 1.0))
    g_region = str(table.attrs.get("graduates_region", ""))
    shared = ""
    if g_share < 1.0 and g_region:
        shared = pick(
            f" Tutkinnot ovat maakunnittain: alueelle on laskettu {of_region(g_region, 'fi')} "
            f"tutkinnoista sen osuus maakunnan työllisistä ({share(g_share, 'fi')}).",
            f" Degrees are by maakunta: the region gets {of_region(g_region, 'en')}'s degrees "
            f"times its share of the maakunta's employed ({share(g_share, 'en')}).",
            lang,
        )
    basis = pick(
        "Nuorten määrä on Tilastokeskuksen väestöennusteesta."
        if source == "projection"
        else "Nuorten määrä on synteettisestä väestöennusteesta (demo)."
        if source == "synthetic_projection"
        else "Nuorten määrä on kokan omasta väestöennusteesta (virallista ei ole aineistossa).",
        "The young entrants come from Statistics Finland's population projection."
        if source == "projection"
        else "The young entrants come from a synthetic population projection (demo)."
        if source == "synthetic_projection"
        else "The young entrants come from kokka's own projection (no official one in the data).",
        lang,
    )
    intl_text = pick(
        "; kansainvälisiä valmistuneita aineistossa ei ole"
        if known and round(intl) == 0
        else f"; kansainvälisiä valmistuneita jää alueelle {number(intl, 'fi')} (pito "
        f"{percent(ret, 'fi')})"
        if known
        else "; kaikki valmistuneet lasketaan kotimaisiksi, koska tutkintotiedoissa ei ole "
        "kansalaisuutta (kansainvälisiä valmistuneita ei voi erottaa)",
        "; the data have no international graduates"
        if known and round(intl) == 0
        else f" and {number(intl, 'en')} international graduates (retention {percent(ret, 'en')})"
        if known
        else "; all graduates count as domestic, because the degree data have no citizenship "
        "(international graduates cannot be told apart)",
        lang,
    )
    all_young = round(young) == round(tot)
    young_fi = (
        "kaikki alueen nuoria" if all_young else f"joista {number(young, 'fi')} on alueen nuoria"
    )
    young_en = (
        "all of them young residents"
        if all_young
        else (f"{number(young, 'en')} of them young residents")
    )
    return pick(
        f"{sentence(in_region(region, 'fi'))} tulee {h} vuodessa työmarkkinoille arviolta "
        f"{number(tot, 'fi')} uutta työntekijää, {young_fi}{intl_text}.{shared} {basis} Luvut "
        f"riippuvat oletuksista (taulukko yllä), ja todellinen vaihtelu on suurta.",
        f"{sentence(in_region(region, 'en'))}, about {number(tot, 'en')} new workers enter in "
        f"{h} years, {young_en}{intl_text}.{shared} {basis} "
        f"The figures depend on the assumptions (table above) and the real variation is large.",
        lang,
    )


def _gap_findings(gap: LabourGap, region: str, lang: str) -> str:
    s = gap.summary()
    base, ret = s.iloc[0], s.iloc[1]
    lo, hi = s["gap"].min(), s["gap"].max()
    top = gap.wide()["industry"].head(2).tolist()
    short = base["gap"] > 0
    known = gap.table.attrs.get("international_known", True)
    same = round(ret["gap"]) == round(base["gap"])
    retention = pick(
        "kansainvälisiä valmistuneita ei ole, joten paremman pidon skenaario ei muuta sitä"
        if known and same
        else f"kansainvälisten valmistuneiden paremmalla pidolla se on {number(ret['gap'], 'fi')}"
        if known
        else "paremman kansainvälisen pidon vaikutusta ei voi laskea, koska tutkintotiedoissa "
        "ei ole kansalaisuutta",
        "there are no international graduates, so the retention scenario does not change it"
        if known and same
        else f"with higher retention of international graduates it is {number(ret['gap'], 'en')}"
        if known
        else "the effect of higher international retention cannot be computed, because the "
        "degree data have no citizenship",
        lang,
    )
    return pick(
        f"{sentence(in_region(region, 'fi'))} on perusurassa avautuvia työpaikkoja "
        f"{number(abs(base['gap']), 'fi')} {'enemmän' if short else 'vähemmän'} kuin uusia "
        f"työntekijöitä ({'vajetta' if short else 'ylitarjontaa'}). Skenaarioissa erotus "
        f"vaihtelee välillä {number(lo, 'fi')}…{number(hi, 'fi')}; {retention}. Suurin vaje on "
        f"näillä toimialoilla: {_inds(top, 'fi')}. Ennusteväli ja oletukset tekevät luvuista "
        f"suuntaa antavia.",
        f"{sentence(in_region(region, 'en'))}, in the baseline, openings "
        f"{'exceed' if short else 'fall short of'} new workers by "
        f"{number(abs(base['gap']), 'en')} ({'shortfall' if short else 'surplus'}). Across "
        f"scenarios the gap ranges from {number(lo, 'en')} to {number(hi, 'en')}; {retention}. "
        f"The largest gaps are in {_inds(top, 'en')}; the forecast intervals and assumptions "
        f"make these figures indicative only.",
        lang,
    )


def vacancy_ratio_findings(table: pd.DataFrame, region: str, *, lang: str = "fi") -> str:
    """Sentences on vacancies per jobseeker by occupation (a :func:`vacancy_ratios` table)."""
    names = [labels.label("occupation", o, lang).lower() for o in table.head(3)["occupation"]]
    tight = int((table["ratio"] > 1).sum())
    y = table.attrs.get("year", "")
    has_b = table["barometer_index"].notna().any()
    bp = str(table.attrs.get("barometer_period", ""))
    tight_text = pick(
        "Yhdessäkään ammattiryhmässä paikkoja ei ollut enemmän kuin hakijoita."
        if tight == 0
        else f"Paikkoja oli enemmän kuin hakijoita {number(tight, 'fi')} ammattiryhmässä.",
        "No occupation had more vacancies than jobseekers."
        if tight == 0
        else f"{number(tight, 'en')} "
        f"{'occupation' if tight == 1 else 'occupations'} had more vacancies than jobseekers.",
        lang,
    )
    extra = pick(
        f" Työvoimabarometrin indeksi ({bp}) on rinnalla (5 = suuri pula)."
        if has_b
        else " Työvoimabarometria ei ole tälle alueelle.",
        f" The Labour Market Barometer index ({bp}) is shown alongside (5 = big shortage)."
        if has_b
        else " The Labour Market Barometer does not cover this region.",
        lang,
    )
    return (
        pick(
            f"{sentence(in_region(region, 'fi'))} oli vuonna {y} avoimia paikkoja työnhakijaa "
            f"kohden eniten näissä ammattiryhmissä: {join(names, 'fi')}. {tight_text}",
            f"{sentence(in_region(region, 'en'))}, in {y}, vacancies per jobseeker were highest "
            f"for {join(names, 'en')}. {tight_text}",
            lang,
        )
        + extra
    )


def _no_backtest_text(fc: EmploymentForecast, lang: str) -> str:
    n = int(fc.history["year"].nunique())
    need = fc.settings.get("min_train", 8) + fc.settings["backtest_horizon"]
    return pick(
        f"Sarjat ovat liian lyhyitä taaksepäin testiin ({n} vuotta; testi tarvitsee "
        f"vähintään {need}), joten käytettiin trendimallia (drift) eikä ennusteen tarkkuutta "
        "voitu mitata.",
        f"The series are too short for a backtest ({n} years; the test needs at least {need}), "
        "so the drift model was used and the forecast's accuracy could not be measured.",
        lang,
    )


def _backtest_findings(bt, lang: str) -> str:
    s = bt.summary()
    best = s.iloc[0]
    naive = s[s["model"] == "naive"]
    rel = best["relative_mae"]
    compare = pick(
        f" Virhe on {percent(rel * 100, 'fi')} naiivin ennusteen virheestä."
        if pd.notna(rel) and best["model"] != "naive"
        else "",
        f" Its error is {percent(rel * 100, 'en')} of the naive forecast's."
        if pd.notna(rel) and best["model"] != "naive"
        else "",
        lang,
    )
    if naive.empty:
        compare = ""
    return (
        pick(
            f"Taaksepäin testissä ({bt.folds} lähtövuotta, {bt.horizon} vuotta eteenpäin) "
            f"pienin keskimääräinen absoluuttinen virhe oli tällä mallilla: "
            f"{_model(best['model'], 'fi')} (virhe {number(best['mae'], 'fi', 1)}; MASE "
            f"{number(best['mase'], 'fi', 2)}).",
            f"Over {bt.folds} past origins ({bt.horizon} years ahead), "
            f"{_model(best['model'], 'en')} had the smallest mean absolute error "
            f"({number(best['mae'], 'en', 1)}; MASE {number(best['mase'], 'en', 2)}).",
            lang,
        )
        + compare
    )


def accuracy_findings(fc: EmploymentForecast, *, lang: str = "fi") -> str:
    """Sentences on the backtest: how often each model was chosen and how it did."""
    s = fc.summary()
    if s.empty:
        return _no_backtest_text(fc, lang)
    n_years = int(fc.history["year"].nunique())
    beat = float((s["relative_mae"] < 1).mean() * 100)
    hit = float(s["direction_hit_pct"].mean())
    common = s["model"].value_counts().index[0]
    k, h = fc.settings["folds"], fc.settings["backtest_horizon"]
    return pick(
        f"Mallit testattiin {k} kertaa menneisyydessä ({h} vuotta eteenpäin). Useimmin "
        f"valittu malli oli {_model(common, 'fi')}. Valittu malli oli naiivia tarkempi "
        f"{percent(beat, 'fi')}:lla toimialoista, ja muutoksen suunta osui oikein "
        f"{percent(hit, 'fi')}:ssa ennusteista. Lyhyet sarjat ({n_years} vuotta) tekevät "
        f"testistä karkean.",
        f"The models were tested at {k} past origins ({h} years ahead). The most often chosen "
        f"was {_model(common, 'en')}; the chosen model beat the naive forecast for "
        f"{percent(beat, 'en')} of industries and got the direction of change right in "
        f"{percent(hit, 'en')} of forecasts. Short series ({n_years} years) make this test "
        f"rough.",
        lang,
    )
