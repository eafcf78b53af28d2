"""Findings sentences of the situation picture (notebook 01), in Finnish or English.

Every function takes the table an :mod:`kokka_analysis.indicators` function made, the region
(a code, or a name the registry knows) and ``lang`` (keyword-only), and returns one
paragraph as ``str``. Numbers go through :func:`kokka_analysis.text.number` and friends;
Finnish region names are inflected from the data in :mod:`kokka_analysis.text.forms`
(``Imatralla``, ``Kymenlaakson``) and category names stay in the nominative as the subject
of a sentence or after a colon.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import labels, regions
from . import in_region, join, number, of_region, percent, pick, region_name, sentence


def _industry(code: object, lang: str) -> str:
    return labels.label("industry", code, lang).lower()


def _occupation(code: object, lang: str) -> str:
    return labels.label("occupation", code, lang).lower()


def population_findings(summary: pd.DataFrame, region: str, *, lang: str = "fi") -> str:
    """Population change over the years of a :func:`~kokka_analysis.indicators.population_summary`
    table, the foreign-background share and the share aged 65 or over.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"year": [2019, 2024], "persons": [1000, 950],
    ...     "foreign_share_pct": [3.0, 4.5], "age_65_plus_share_pct": [25.0, 27.5]})
    >>> population_findings(s, "KU405", lang="fi")[:62]
    'Lappeenrannan väkiluku väheni vuodesta 2019 vuoteen 2024 5,0\\xa0%'
    """
    s = summary.sort_values("year")
    first, last = s.iloc[0], s.iloc[-1]
    pct = (last["persons"] / first["persons"] - 1) * 100
    y0, y1 = int(first["year"]), int(last["year"])
    return pick(
        f"{sentence(of_region(region, 'fi'))} väkiluku {'kasvoi' if pct > 0 else 'väheni'} "
        f"vuodesta {y0} vuoteen {y1} {percent(abs(pct), 'fi', 1)} "
        f"({number(first['persons'], 'fi')} → {number(last['persons'], 'fi')}). "
        f"Ulkomaalaistaustaisten osuus oli {percent(last['foreign_share_pct'], 'fi', 1)} "
        f"(vuonna {y0}: {percent(first['foreign_share_pct'], 'fi', 1)}), ja 65 vuotta "
        f"täyttäneitä oli {percent(last['age_65_plus_share_pct'], 'fi', 1)} asukkaista.",
        f"The population of {region_name(region, 'en')} {'grew' if pct > 0 else 'declined'} "
        f"by {percent(abs(pct), 'en', 1)} from {y0} to {y1} "
        f"({number(first['persons'], 'en')} → {number(last['persons'], 'en')}). "
        f"The foreign-background share was {percent(last['foreign_share_pct'], 'en', 1)} "
        f"({y0}: {percent(first['foreign_share_pct'], 'en', 1)}), and "
        f"{percent(last['age_65_plus_share_pct'], 'en', 1)} of residents were aged 65 or over.",
        lang,
    )


def key_figures_findings(
    tables: dict[str, pd.DataFrame], region: str, year: int, years_back: int = 5, *,
    lang: str = "fi",
) -> str:  # fmt: skip
    """Two or three sentences comparing the region with its comparison regions.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> key_figures_findings(demo.generate(seed=0), "MK08", 2024, lang="en")[:20]
    'In 2024, Kymenlaakso'
    >>> key_figures_findings(demo.generate(seed=0), "KU624", 2024, lang="fi")[:28]
    'Pyhtäällä oli vuonna 2024 4\\xa0'
    """
    from ..indicators import key_figures

    kf = key_figures(tables, region, year, years_back).set_index(["indicator", "region"])
    comp = kf.attrs.get("comparison") or list(dict.fromkeys(kf.index.get_level_values("region")))
    main = comp[0]
    dep = kf.loc[("old_age_dependency_ratio", main)]
    fsh = kf.loc[("foreign_background_share_pct", main)]
    pop = kf.loc[("population", main)]
    y0 = year - years_back
    text = pick(
        f"{sentence(in_region(main, 'fi'))} oli vuonna {year} {number(pop['value'], 'fi')} "
        f"asukasta ({percent(pop['change'], 'fi', 1, sign=True)} vuodesta {y0}). "
        f"Vanhushuoltosuhde oli {number(dep['value'], 'fi', 1)} "
        f"({number(dep['change'], 'fi', 1, sign=True)} vuodesta {y0}) ja "
        f"ulkomaalaistaustaisten osuus {percent(fsh['value'], 'fi', 1)}.",
        f"In {year}, {region_name(main, 'en')} had {number(pop['value'], 'en')} residents "
        f"({percent(pop['change'], 'en', 1, sign=True)} since {y0}). "
        f"The old-age dependency ratio was {number(dep['value'], 'en', 1)} "
        f"({number(dep['change'], 'en', 1, sign=True)} since {y0}) and the foreign-background "
        f"share {percent(fsh['value'], 'en', 1)}.",
        lang,
    )
    others = comp[1:]
    if others:
        cmp = "; ".join(
            f"{pick('koko maa', 'Finland as a whole', lang) if c == 'SSS' else region_name(c, lang)} "
            f"{number(kf.loc[('old_age_dependency_ratio', c), 'value'], lang, 1)}"
            for c in others
        )
        text += pick(
            f" Vertailualueiden vanhushuoltosuhde: {cmp}.",
            f" Old-age dependency ratio in the comparison regions: {cmp}.",
            lang,
        )
    if "SSS" not in comp:
        text += pick(
            " Koko maan lukuja ei ole tässä aineistossa, joten vertailu koko maahan puuttuu.",
            " The data have no whole-country figures, so there is no comparison with Finland.",
            lang,
        )
    return text


def pyramid_findings(pyramid: pd.DataFrame, region: str, *, lang: str = "fi") -> str:
    """Share of residents aged 65+, of working age and of foreign background in the pyramid.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"age_group": ["20-24", "70-74"], "sex": "male",
    ...     "background": ["foreign", "finnish"], "persons": [25, 75], "share_pct": [25.0, 75.0]})
    >>> pyramid_findings(p, "X", lang="en")[:40]
    'In X, 75.0\\xa0% of residents are aged 65 or'
    >>> pyramid_findings(p, "KU624", lang="fi")[:32]
    'Pyhtään asukkaista 75,0\\xa0% on täy'
    """
    from ..indicators import _age_bounds

    lower = pyramid["age_group"].map(_age_bounds(pyramid["age_group"])["lower"])
    total = pyramid["persons"].sum()
    old = pyramid.loc[lower >= 65, "persons"].sum() / total * 100
    foreign = pyramid[pyramid["background"] == "foreign"]
    f_work = foreign.loc[(lower[foreign.index] >= 15) & (lower[foreign.index] < 65), "persons"]
    f_tot = foreign["persons"].sum()
    f_work_pct = f_work.sum() / f_tot * 100 if f_tot > 0 else np.nan
    a_work = pyramid.loc[(lower >= 15) & (lower < 65), "persons"].sum() / total * 100
    return pick(
        f"{sentence(of_region(region, 'fi'))} asukkaista {percent(old, 'fi', 1)} on täyttänyt "
        f"65 vuotta. Työikäisiä (15–64) on {percent(a_work, 'fi', 1)} kaikista asukkaista mutta "
        f"{percent(f_work_pct, 'fi', 1)} ulkomaalaistaustaisista: muuttajat nuorentavat "
        "ikärakennetta.",
        f"In {region_name(region, 'en')}, {percent(old, 'en', 1)} of residents are aged 65 or "
        f"over. {percent(a_work, 'en', 1)} of all residents are of working age (15–64), but "
        f"{percent(f_work_pct, 'en', 1)} of those of foreign background: newcomers make the age "
        "structure younger.",
        lang,
    )


def language_findings(summary: pd.DataFrame, region: str, *, lang: str = "fi") -> str:
    """How the foreign-background and foreign-language shares changed over the years shown.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"year": [2019, 2024], "foreign_background_share_pct": [3.0, 5.0],
    ...     "foreign_language_share_pct": [2.5, 4.5]})
    >>> language_findings(s, "X", lang="en")[:45]
    'In X, the foreign-background share rose from '
    >>> language_findings(s, "KU153", lang="fi")[:48]
    'Imatralla ulkomaalaistaustaisten osuus nousi vuo'
    """
    s = summary.sort_values("year")
    a, b = s.iloc[0], s.iloc[-1]
    y0, y1 = int(a["year"]), int(b["year"])
    up = b["foreign_background_share_pct"] >= a["foreign_background_share_pct"]
    return pick(
        f"{sentence(in_region(region, 'fi'))} ulkomaalaistaustaisten osuus "
        f"{'nousi' if up else 'laski'} vuodesta {y0} vuoteen {y1}: "
        f"{percent(a['foreign_background_share_pct'], 'fi', 1)} → "
        f"{percent(b['foreign_background_share_pct'], 'fi', 1)}. Vieraskielisiä oli "
        f"{percent(b['foreign_language_share_pct'], 'fi', 1)} asukkaista "
        f"(vuonna {y0} {percent(a['foreign_language_share_pct'], 'fi', 1)}).",
        f"In {region_name(region, 'en')}, the foreign-background share "
        f"{'rose' if up else 'fell'} from {percent(a['foreign_background_share_pct'], 'en', 1)} "
        f"in {y0} to {percent(b['foreign_background_share_pct'], 'en', 1)} in {y1}. "
        f"{percent(b['foreign_language_share_pct'], 'en', 1)} of residents spoke a foreign "
        f"language ({y0}: {percent(a['foreign_language_share_pct'], 'en', 1)}).",
        lang,
    )


def migration_findings(
    net: pd.DataFrame, region: str, year: int, years_back: int = 5, *, lang: str = "fi"
) -> str:
    """Net migration of 20-34-year-olds (domestic) and international net migration, summed
    over the ``years_back`` years up to ``year``.

    Examples
    --------
    >>> import pandas as pd
    >>> n = pd.DataFrame({"year": 2024, "age_band": ["20-34", "20-34", "20-34"],
    ...     "counterpart": ["domestic", "abroad", "total"], "inflow": [10, 8, 18],
    ...     "outflow": [30, 2, 32], "net": [-20, 6, -14]})
    >>> migration_findings(n, "X", 2024, 1, lang="en")[:40]
    'In 2024–2024, X lost 20 residents aged 2'
    >>> migration_findings(n, "MK09", 2024, 1, lang="fi")[:40]
    'Vuosina 2024–2024 Etelä-Karjalan maan si'
    """
    y0 = year - years_back + 1
    w = net[(net["year"] >= y0) & (net["year"] <= year)]
    young_dom = w[(w["age_band"] == "20-34") & (w["counterpart"] == "domestic")]["net"].sum()
    abroad = w[w["counterpart"] == "abroad"]["net"].sum()
    total = w[w["counterpart"] == "total"]["net"].sum()
    return pick(
        f"Vuosina {y0}–{year} {of_region(region, 'fi')} maan sisäinen "
        f"{'muuttotappio' if young_dom < 0 else 'muuttovoitto'} 20–34-vuotiaissa oli "
        f"{number(abs(young_dom), 'fi')} henkilöä. Ulkomaiden "
        f"nettomuutto oli {number(abs(abroad), 'fi')} henkilöä "
        f"{'voitolla' if abroad >= 0 else 'tappiolla'}, ja kokonaisnettomuutto "
        f"{number(total, 'fi', sign=True)} henkilöä.",
        f"In {y0}–{year}, {region_name(region, 'en')} "
        f"{'lost' if young_dom < 0 else 'gained'} {number(abs(young_dom), 'en')} residents "
        f"aged 20–34 (net) through domestic migration. International net migration was "
        f"{number(abroad, 'en', sign=True)} persons and total net migration "
        f"{number(total, 'en', sign=True)} persons.",
        lang,
    )


def industry_findings(
    table: pd.DataFrame, region: str, year: int, years_back: int = 5, *, lang: str = "fi"
) -> str:
    """Largest industry, and the largest growth and decline, from
    :func:`~kokka_analysis.indicators.employment_by_industry`.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"industry": ["Q", "C"], "employed": [70, 80], "share_pct": [46.7, 53.3],
    ...     "change": [20.0, -20.0]})
    >>> industry_findings(t, "X", 2024, 5, lang="en")[:35]
    'In 2024, the largest industry in X '
    >>> industry_findings(t, "MK08", 2024, 5, lang="fi")[:63]
    'Kymenlaakson suurin toimiala oli vuonna 2024 teollisuus (53,3\\xa0%'
    """
    big = table.sort_values("employed", ascending=False).iloc[0]
    ch = table.dropna(subset=["change"])
    y0 = year - years_back
    text = pick(
        f"{sentence(of_region(region, 'fi'))} suurin toimiala oli vuonna {year} "
        f"{_industry(big['industry'], 'fi')} ({percent(big['share_pct'], 'fi', 1)} "
        f"työllisistä).",
        f"In {year}, the largest industry in {region_name(region, 'en')} was "
        f"{_industry(big['industry'], 'en')} ({percent(big['share_pct'], 'en', 1)} of the "
        f"employed).",
        lang,
    )
    if not ch.empty:
        up, down = ch.loc[ch["change"].idxmax()], ch.loc[ch["change"].idxmin()]
        text += pick(
            f" Vuodesta {y0} eniten kasvanut toimiala: {_industry(up['industry'], 'fi')} "
            f"({number(up['change'], 'fi', sign=True)} työllistä); eniten vähentynyt: "
            f"{_industry(down['industry'], 'fi')} ({number(down['change'], 'fi', sign=True)}).",
            f" Since {y0}, employment grew most in {_industry(up['industry'], 'en')} "
            f"({number(up['change'], 'en', sign=True)}) and fell most in "
            f"{_industry(down['industry'], 'en')} ({number(down['change'], 'en', sign=True)}).",
            lang,
        )
    return text


def vacancy_findings(table: pd.DataFrame, region: str, year: int, *, lang: str = "fi") -> str:
    """Tightest and loosest occupations from
    :func:`~kokka_analysis.indicators.vacancies_per_jobseeker`.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"occupation": ["53", "41"], "vacancies": [20.0, 1.0],
    ...     "jobseekers": [10.0, 10.0], "vacancies_per_jobseeker": [2.0, 0.1]})
    >>> vacancy_findings(t, "X", 2024, lang="en")[:30]
    'In 2024, X had 1.05 vacancies '
    >>> vacancy_findings(t.iloc[1:], "KU153", 2024, lang="fi")
    'Imatralla oli vuonna 2024 0,10 avointa työpaikkaa työnhakijaa kohden. Yhdessäkään ammattiryhmässä työpaikkoja ei ollut enemmän kuin hakijoita. Tiukin tilanne: toimistotyöntekijät (0,10); väljin: toimistotyöntekijät (0,10).'
    """
    t = table.dropna(subset=["vacancies_per_jobseeker"])
    overall = table["vacancies"].sum() / table["jobseekers"].sum()
    hi = t.iloc[t["vacancies_per_jobseeker"].to_numpy().argmax()]
    lo = t.iloc[t["vacancies_per_jobseeker"].to_numpy().argmin()]
    n_tight = int((t["vacancies_per_jobseeker"] >= 1).sum())
    ratio = lambda r: number(r["vacancies_per_jobseeker"], lang, 2)  # noqa: E731
    return pick(
        f"{sentence(in_region(region, 'fi'))} oli vuonna {year} {number(overall, 'fi', 2)} "
        f"avointa työpaikkaa työnhakijaa kohden. "
        + (
            "Yhdessäkään ammattiryhmässä työpaikkoja ei ollut enemmän kuin hakijoita."
            if n_tight == 0
            else f"Työpaikkoja oli enemmän kuin hakijoita {n_tight} ammattiryhmässä."
        )
        + f" Tiukin tilanne: {_occupation(hi['occupation'], 'fi')} ({ratio(hi)}); väljin: "
        f"{_occupation(lo['occupation'], 'fi')} ({ratio(lo)}).",
        f"In {year}, {region_name(region, 'en')} had {number(overall, 'en', 2)} vacancies per "
        f"jobseeker. "
        + (
            "No occupation group had more vacancies than jobseekers"
            if n_tight == 0
            else f"{n_tight} occupation {'group' if n_tight == 1 else 'groups'} had more "
            f"vacancies than jobseekers"
        )
        + f"; the tightest was {_occupation(hi['occupation'], 'en')} ({ratio(hi)}) and the "
        f"loosest {_occupation(lo['occupation'], 'en')} ({ratio(lo)}).",
        lang,
    )


def shortage_findings(table: pd.DataFrame, region: str, *, lang: str = "fi") -> str:
    """How many occupations are in shortage, which are, and whose barometer was used (a
    :func:`~kokka_analysis.indicators.shortage_occupations` table).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"occupation": ["53"], "barometer_region": "MK08", "period": "2024H2",
    ...     "index": [4.2], "shortage": [True]})
    >>> shortage_findings(t, "KU285", lang="en")[:40]
    'In the Labour Market Barometer of Kymenl'
    >>> shortage_findings(t.assign(shortage=False), "MK08", lang="fi")
    'Kymenlaakson työvoimabarometrissa (2024H2) yhdessäkään ammatissa ei ollut pulaa (indeksi vähintään 3,5).'
    """
    used = str(table["barometer_region"].iloc[0]) if len(table) else regions.code_of(region)
    period = str(table["period"].iloc[0]) if len(table) else ""
    short = table[table["shortage"]]
    names = [_occupation(c, lang) for c in short["occupation"].head(3)]
    n = len(short)
    text = pick(
        f"{sentence(of_region(used, 'fi'))} työvoimabarometrissa ({period}) "
        + (
            f"pula-ammatteja (indeksi vähintään 3,5) oli vain yksi: {names[0]}."
            if n == 1
            else f"pula-ammatteja (indeksi vähintään 3,5) oli {n}; suurin pula: "
            f"{join(names, 'fi')}."
            if names
            else "yhdessäkään ammatissa ei ollut pulaa (indeksi vähintään 3,5)."
        ),
        f"In the Labour Market Barometer of {region_name(used, 'en')} ({period}), "
        + (
            f"one occupation was in shortage (index 3.5 or more): {names[0]}."
            if n == 1
            else f"{n} occupations were in shortage (index 3.5 or more); the largest shortage: "
            f"{join(names, 'en')}."
            if names
            else "no occupation was in shortage (index 3.5 or more)."
        ),
        lang,
    )
    if regions.code_of(region) != used:
        text += pick(
            " Barometri tehdään maakunnittain, joten luvut koskevat koko maakuntaa.",
            " The barometer is made per maakunta, so the figures cover the whole maakunta.",
            lang,
        )
    note = table.attrs.get("period_note")
    if note:
        text += " " + pick(note[0], note[1], lang)
    return text


def map_findings(values: pd.DataFrame, *, lang: str = "fi") -> str:
    """Highest and lowest kunta of the mapped key figure (a
    :func:`~kokka_analysis.indicators.municipality_values` table).

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"region": ["KU285", "KU075"], "name_fi": ["Kotka", "Hamina"],
    ...     "name_en": ["Kotka", "Hamina"], "indicator": "population", "year": 2024,
    ...     "value": [50000.0, 20000.0]})
    >>> map_findings(v, lang="en")[:30]
    'Population in 2024 was highest'
    >>> map_findings(v, lang="fi")
    'Väkiluku oli vuonna 2024 suurin Kotkassa (50\\xa0000\\xa0henkilöä) ja pienin Haminassa (20\\xa0000\\xa0henkilöä).'
    """
    from ..indicators import INDICATORS

    ind = INDICATORS[str(values["indicator"].iloc[0])]
    v = values.dropna(subset=["value"])
    hi = v.loc[v["value"].idxmax()]
    lo = v.loc[v["value"].idxmin()]
    d = ind.decimals
    unit = ind.unit(lang)
    year = int(values["year"].iloc[0])
    value = lambda r: f"{number(r['value'], lang, d)}\u00a0{unit}"  # noqa: E731
    return pick(
        f"{ind.label('fi')} oli vuonna {year} suurin {in_region(hi['region'], 'fi')} "
        f"({value(hi)}) ja pienin {in_region(lo['region'], 'fi')} ({value(lo)}).",
        f"{ind.label('en')} in {year} was highest in {hi['name_en']} ({value(hi)}) and lowest "
        f"in {lo['name_en']} ({value(lo)}).",
        lang,
    )
