"""Classification codes and their labels in Finnish and English, plus UI texts.

Codes follow Statistics Finland: TOL 2008 industries (letters), Ammattiluokitus 2010 /
ISCO-08 occupations (2-digit), ISCED-F 2013 broad fields of education, ISO 3166-1 alpha-2
countries. :func:`label` turns any code into readable text; :func:`t` gives UI texts.

Examples
--------
>>> label("industry", "C", "en")
'Manufacturing'
>>> t("synthetic_notice", "fi")[:20]
'SYNTEETTINEN DEMODAT'
"""

from __future__ import annotations

from .text import pick

LANGS = ("fi", "en")

SEXES = ("male", "female")
AGE_GROUPS = tuple(f"{a}-{a + 4}" for a in range(0, 85, 5)) + ("85+",)
WORK_AGE_GROUPS = ("15-24", "25-34", "35-44", "45-54", "55-64", "65-74")
BACKGROUNDS = ("finnish", "foreign")
LANGUAGE_GROUPS = ("fi", "sv", "other")
DIRECTIONS = ("in", "out")
COUNTERPARTS = ("domestic", "abroad")
EDUCATION_LEVELS = ("vocational", "bachelor", "master", "doctoral")
SURVEY_STATUSES = ("student", "worker", "other")

INDUSTRIES = {
    "A": ("Maatalous, metsätalous ja kalatalous", "Agriculture, forestry and fishing"),
    "B": ("Kaivostoiminta ja louhinta", "Mining and quarrying"),
    "C": ("Teollisuus", "Manufacturing"),
    "D": ("Sähkö-, kaasu- ja lämpöhuolto", "Electricity, gas and heat supply"),
    "E": ("Vesi- ja jätehuolto", "Water supply and waste management"),
    "F": ("Rakentaminen", "Construction"),
    "G": ("Tukku- ja vähittäiskauppa", "Wholesale and retail trade"),
    "H": ("Kuljetus ja varastointi", "Transportation and storage"),
    "I": ("Majoitus- ja ravitsemistoiminta", "Accommodation and food services"),
    "J": ("Informaatio ja viestintä", "Information and communication"),
    "K": ("Rahoitus- ja vakuutustoiminta", "Financial and insurance activities"),
    "L": ("Kiinteistöalan toiminta", "Real estate activities"),
    "M": (
        "Ammatillinen, tieteellinen ja tekninen toiminta",
        "Professional, scientific and technical",
    ),
    "N": ("Hallinto- ja tukipalvelutoiminta", "Administrative and support services"),
    "O": ("Julkinen hallinto ja maanpuolustus", "Public administration and defence"),
    "P": ("Koulutus", "Education"),
    "Q": ("Terveys- ja sosiaalipalvelut", "Human health and social work"),
    "R": ("Taiteet, viihde ja virkistys", "Arts, entertainment and recreation"),
    "S": ("Muu palvelutoiminta", "Other service activities"),
    "T": ("Kotitalouksien toiminta työnantajina", "Households as employers"),
    "U": ("Kansainväliset organisaatiot", "Extraterritorial organisations"),
    "X": ("Toimiala tuntematon", "Industry unknown"),
}

#: ISCO-08 / Ammattiluokitus 2010 sub-major groups (two digits); the demo uses a subset.
OCCUPATIONS = {
    "01": ("Upseerit", "Commissioned armed forces officers"),
    "02": ("Aliupseerit", "Non-commissioned armed forces officers"),
    "03": ("Muut sotilaat", "Armed forces occupations, other ranks"),
    "11": ("Johtajat, ylimmät virkamiehet ja järjestöjen johtajat", "Chief executives, senior officials and legislators"),
    "12": ("Hallintojohtajat ja kaupalliset johtajat", "Administrative and commercial managers"),
    "13": ("Tuotantotoiminnan ja palvelujen johtajat", "Production and services managers"),
    "14": ("Hotelli- ja ravintola-alan, vähittäiskaupan ja muiden palvelualojen johtajat", "Hospitality, retail and other services managers"),
    "21": ("Luonnontieteiden ja tekniikan erityisasiantuntijat", "Science and engineering professionals"),
    "22": ("Terveydenhuollon erityisasiantuntijat", "Health professionals"),
    "23": ("Opettajat ja muut opetusalan erityisasiantuntijat", "Teaching professionals"),
    "24": ("Liike-elämän ja hallinnon erityisasiantuntijat", "Business and administration professionals"),
    "25": ("Tieto- ja viestintäteknologian erityisasiantuntijat", "ICT professionals"),
    "26": ("Lainopilliset, sosiaalialan ja kulttuurialan erityisasiantuntijat", "Legal, social and cultural professionals"),
    "31": ("Luonnontieteiden ja tekniikan asiantuntijat", "Science and engineering associate professionals"),
    "32": ("Terveydenhuollon asiantuntijat", "Health associate professionals"),
    "33": ("Liike-elämän ja hallinnon asiantuntijat", "Business and administration associate professionals"),
    "34": ("Lainopilliset avustajat sekä sosiaali- ja kulttuurialan asiantuntijat", "Legal, social, cultural and related associate professionals"),
    "35": ("Informaatio- ja tietoliikenneteknologian asiantuntijat", "Information and communications technicians"),
    "41": ("Toimistotyöntekijät", "General and keyboard clerks"),
    "42": ("Asiakaspalvelutyöntekijät", "Customer services clerks"),
    "43": ("Numeeristen tietojen ja materiaalin käsittelijät", "Numerical and material recording clerks"),
    "44": ("Muut toimistotyöntekijät", "Other clerical support workers"),
    "51": ("Henkilökohtaisen palvelun työntekijät", "Personal service workers"),
    "52": ("Myyjät, kauppiaat ym.", "Sales workers"),
    "53": ("Hoitotyöntekijät ja avustavat hoitotyöntekijät", "Personal care workers"),
    "54": ("Suojelu- ja vartiointityöntekijät", "Protective services workers"),
    "61": ("Maanviljelijät, metsätyöntekijät ym.", "Market-oriented skilled agricultural workers"),
    "62": ("Metsä- ja kalatalouden työntekijät", "Skilled forestry, fishery and hunting workers"),
    "63": ("Omavaraistalouden harjoittajat", "Subsistence farmers, fishers, hunters and gatherers"),
    "71": ("Rakennustyöntekijät ym. (pl. sähköasentajat)", "Building and related trades workers"),
    "72": ("Konepaja- ja valimotyöntekijät sekä asentajat ja korjaajat", "Metal, machinery and related trades workers"),
    "73": ("Käsityötuotteiden valmistajat, hienomekaanikot sekä painoalan työntekijät", "Handicraft and printing workers"),
    "74": ("Sähkö- ja elektroniikka-alan työntekijät", "Electrical and electronic trades workers"),
    "75": ("Elintarvike-, puutyö- ja vaatetusalan työntekijät ym.", "Food processing, wood working, garment and related trades workers"),
    "81": ("Prosessityöntekijät", "Stationary plant and machine operators"),
    "82": ("Teollisuustuotteiden kokoonpanijat", "Assemblers"),
    "83": ("Kuljetustyöntekijät", "Drivers and mobile plant operators"),
    "91": ("Siivoojat, kotiapulaiset ja muut puhdistustyöntekijät", "Cleaners and helpers"),
    "92": ("Maa-, metsä- ja kalatalouden avustavat työntekijät", "Agricultural, forestry and fishery labourers"),
    "93": ("Avustavat teollisuuden, rakentamisen ja kuljetuksen työntekijät", "Labourers in mining, construction, manufacturing and transport"),
    "94": ("Avustavat keittiö- ja ruokatyöntekijät", "Food preparation assistants"),
    "95": ("Katumyyjät, kengänkiillottajat ym.", "Street and related sales and service workers"),
    "96": ("Jätehuoltotyöntekijät ja muut avustavat työntekijät", "Refuse workers and other elementary workers"),
}  # fmt: skip

FIELDS = {
    "01": ("Kasvatusalat", "Education"),
    "02": ("Taiteet ja kulttuurialat", "Arts and humanities"),
    "03": ("Yhteiskunnalliset alat", "Social sciences"),
    "04": ("Kauppa, hallinto ja oikeustieteet", "Business, administration and law"),
    "05": ("Luonnontieteet", "Natural sciences"),
    "06": (
        "Tietojenkäsittely ja tietoliikenne (ICT)",
        "Information and communication technologies",
    ),
    "07": ("Tekniikan alat", "Engineering, manufacturing and construction"),
    "08": ("Maa- ja metsätalousalat", "Agriculture and forestry"),
    "09": ("Terveys- ja hyvinvointialat", "Health and welfare"),
    "10": ("Palvelualat", "Services"),
}

#: Origin-country groups used in retention analyses (ISO 3166-1 alpha-2 -> group).
ORIGIN_GROUPS_LABELS = {
    "eu_eea": ("EU/ETA ja Sveitsi", "EU/EEA and Switzerland"),
    "rest_of_europe": ("Muu Eurooppa", "Rest of Europe"),
    "asia": ("Aasia", "Asia"),
    "africa": ("Afrikka", "Africa"),
    "americas": ("Amerikka", "Americas"),
    "oceania": ("Oseania", "Oceania"),
    "unknown": ("Tuntematon", "Unknown"),
}

_EU_EEA = (
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO CH"
).split()
_REST_OF_EUROPE = "AL AD AM AZ BY BA GE XK MD MC ME MK RU SM RS TR UA GB VA".split()
_AFRICA = (
    "DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG "
    "MW ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW"
).split()
_AMERICAS = (
    "AG AR BS BB BZ BO BR CA CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC VC "
    "SR TT US UY VE"
).split()
_OCEANIA = "AU FJ KI MH FM NR NZ PW PG WS SB TO TV VU".split()
_ASIA = (
    "AF BH BD BT BN KH CN IN ID IR IQ IL JP JO KZ KW KG LA LB MY MV MN MM NP KP OM PK PS PH QA "
    "SA SG KR LK SY TW TJ TH TL TM AE UZ VN YE HK MO"
).split()

ORIGIN_GROUP_OF_COUNTRY: dict[str, str] = {
    **{c: "eu_eea" for c in _EU_EEA},
    **{c: "rest_of_europe" for c in _REST_OF_EUROPE},
    **{c: "africa" for c in _AFRICA},
    **{c: "americas" for c in _AMERICAS},
    **{c: "oceania" for c in _OCEANIA},
    **{c: "asia" for c in _ASIA},
}
#: ISO 3166-1 alpha-2 codes the package knows (for validating user files).
COUNTRIES = frozenset(ORIGIN_GROUP_OF_COUNTRY)

_VALUE_LABELS = {
    "sex": {"male": ("Miehet", "Men"), "female": ("Naiset", "Women"), "other": ("Muu", "Other")},
    "background": {
        "finnish": ("Suomalaistaustaiset", "Finnish background"),
        "foreign": ("Ulkomaalaistaustaiset", "Foreign background"),
        "unknown": ("Syntyperä ei tiedossa", "Background not known"),
    },
    "language_group": {
        "fi": ("Suomenkieliset", "Finnish-speaking"),
        "sv": ("Ruotsinkieliset", "Swedish-speaking"),
        "other": ("Vieraskieliset", "Other languages"),
    },
    "direction": {"in": ("Tulomuutto", "In-migration"), "out": ("Lähtömuutto", "Out-migration")},
    "counterpart": {"domestic": ("Maan sisäinen", "Domestic"), "abroad": ("Ulkomaat", "Abroad")},
    "level": {
        "vocational": ("Ammatillinen", "Vocational"),
        "bachelor": ("Alempi korkeakoulututkinto", "Bachelor's"),
        "master": ("Ylempi korkeakoulututkinto", "Master's"),
        "doctoral": ("Tohtorintutkinto", "Doctoral"),
    },
    "status": {
        "student": ("Opiskelija", "Student"),
        "worker": ("Työssä", "Working"),
        "other": ("Muu", "Other"),
    },
    "model": {
        "naive": (
            "naiivi ennuste (viime vuosi jatkuu)",
            "the naive forecast (last year carried on)",
        ),
        "drift": ("trendimalli (drift)", "the drift model"),
        "damped": ("vaimennettu trendi (Holt)", "the damped trend (Holt)"),
        "arima": ("ARIMA(1,1,0)", "ARIMA(1,1,0)"),
    },
    "industry": INDUSTRIES,
    "occupation": OCCUPATIONS,
    "field": FIELDS,
    "origin_group": ORIGIN_GROUPS_LABELS,
}

#: UI texts used by notebooks, plots and the published site.
TEXTS: dict[str, tuple[str, str]] = {
    "synthetic_notice": (
        "SYNTEETTINEN DEMODATA — luvut ovat keksittyjä esimerkkilukuja, eivät virallista "
        "tilastoa. Älä tee niistä johtopäätöksiä.",
        "SYNTHETIC DEMO DATA — the figures are invented examples, not official statistics. "
        "Do not draw conclusions from them.",
    ),
    "source_demo": ("Lähde: kokka, synteettinen demodata", "Source: kokka, synthetic demo data"),
    "source_statfin": ("Lähde: Tilastokeskus", "Source: Statistics Finland"),
    "persons": ("henkilöä", "persons"),
    "year": ("Vuosi", "Year"),
    "month": ("Kuukausi", "Month"),
    "region": ("Alue", "Region"),
    "share_pct": ("Osuus, %", "Share, %"),
    "suppressed": ("Alle {min_n} havaintoa, ei näytetä", "Fewer than {min_n} cases, not shown"),
}


def label(kind: str, code: object, lang: str = "fi") -> str:
    """Readable label for a classification code; unknown codes come back as text."""
    table = _VALUE_LABELS.get(kind, {})
    pair = table.get(str(code))
    if pair is None:
        return str(code)
    return pick(pair[0], pair[1], lang)


def t(key: str, lang: str = "fi", **fmt: object) -> str:
    """A UI text in Finnish (``fi``) or English (``en``)."""
    fi, en = TEXTS[key]
    text = pick(fi, en, lang)
    return text.format(**fmt) if fmt else text


def origin_group(country: str | None) -> str:
    """The origin group of an ISO 3166-1 alpha-2 country code (``'unknown'`` if not known)."""
    if country is None:
        return "unknown"
    return ORIGIN_GROUP_OF_COUNTRY.get(str(country).upper(), "unknown")


#: The tidy tables as a reader knows them (fi, en).
TABLE_NAMES = {
    "population": ("väestö", "population"),
    "migration": ("muuttoliike", "migration"),
    "employment": ("työlliset", "employment"),
    "labour_market": ("työnhakijat ja avoimet työpaikat", "jobseekers and vacancies"),
    "barometer": ("työvoimabarometri", "labour market barometer"),
    "graduates": ("tutkinnot", "graduates"),
    "cohort": ("kohortti", "cohort"),
    "survey": ("kysely", "survey"),
    "population_projection": ("väestöennuste", "population projection"),
    "employer_survey": ("työnantajakysely", "employer survey"),
    "enterprises": ("yritysrekisterin kehikko", "business-register frame"),
    "actors": ("toimijat", "actors"),
    "ties": ("yhteydet", "ties"),
    "events": ("tulijoiden tapahtumat", "newcomer events"),
}


# --- column headers ---------------------------------------------------------------------
# report.table() translates every header it finds here; a topic's own headers (the same
# column may read differently there) are passed as ``column_labels``.

#: Headers (fi, en) of the situation picture and of tables shared by the topics.
COLUMNS: dict[str, tuple[str, str]] = {
    "year": ("Vuosi", "Year"),
    "persons": ("Asukkaat", "Residents"),
    "change": ("Muutos", "Change"),
    "change_pct": ("Muutos, %", "Change, %"),
    "foreign": ("Ulkomaalaistaustaiset", "Foreign background"),
    "foreign_share_pct": ("Ulkomaalaistaustaisten osuus, %", "Foreign-background share, %"),
    "age_65_plus_share_pct": ("65 vuotta täyttäneet, %", "Aged 65+, %"),
    "old_age_dependency_ratio": ("Vanhushuoltosuhde", "Old-age dependency ratio"),
    "industry": ("Toimiala", "Industry"),
    "employed": ("Työlliset", "Employed"),
    "employed_start": ("Työlliset alussa", "Employed, start"),
    "employed_end": ("Työlliset lopussa", "Employed, end"),
    "share_pct": ("Osuus, %", "Share, %"),
    "field": ("Koulutusala", "Field of education"),
    "horizon": ("Vuosia saapumisesta", "Years since arrival"),
    "n": ("Henkilöitä (n)", "Persons (n)"),
    "stayed": ("Jääneitä", "Stayed"),
    "leavers": ("Lähteneitä", "Left"),
    "rate": ("Jääneiden osuus", "Share stayed"),
    "ci_low": ("95 % väli, ala", "95 % CI, low"),
    "ci_high": ("95 % väli, ylä", "95 % CI, high"),
    "suppressed": ("Salattu (pieni ryhmä)", "Suppressed (small group)"),
    "age_band": ("Ikäryhmä", "Age group"),
    "item": ("Väittämä", "Statement"),
    "mean": ("Keskiarvo", "Mean"),
    "top2": ("Samaa mieltä (4–5), osuus", "Agree (4–5), share"),
    "respondents": ("Vastaajia", "Respondents"),
    "assumption": ("Oletus", "Assumption"),
    "value": ("Arvo", "Value"),
    "basis": ("Peruste", "Basis"),
    "occupation": ("Ammattiryhmä", "Occupation"),
    "uncertain": ("Epävarma (vähän havaintoja)", "Uncertain (few cases)"),
}

#: Headers (fi, en) of the retention tables.
RETENTION_COLUMNS: dict[str, tuple[str, str]] = {
    "group": ("Ryhmä", "Group"),
    "time": ("Vuosia saapumisesta", "Years since arrival"),
    "at_risk": ("Alueella vuoden alussa", "Still in region (at risk)"),
    "events": ("Lähteneitä", "Left"),
    "survival": ("Alueella yhä (osuus)", "Still in region (share)"),
    "variable": ("Muuttuja", "Variable"),
    "level": ("Luokka", "Category"),
    "reference": ("Vertailuryhmä", "Reference"),
    "hazard_ratio": ("Lähtöriskin suhde", "Hazard ratio"),
    "p_value": ("p-arvo", "p-value"),
    "chisq": ("Khiin neliö", "Chi-square"),
    "ph_ok": ("Oletus voimassa", "Assumption holds"),
    "outcome": ("Tilanne", "Outcome"),
    "persons": ("Henkilöitä", "Persons"),
    "share": ("Osuus", "Share"),
    "stayers": ("Jääneet", "Stayers"),
    "stayers_pct": ("Jääneet, %", "Stayers, %"),
    "leavers": ("Lähteneet", "Leavers"),
    "leavers_pct": ("Lähteneet, %", "Leavers, %"),
    "statistic": ("Testisuure", "Statistic"),
    "df": ("Vapausasteet", "Degrees of freedom"),
    "test": ("Testi", "Test"),
    "cramers_v": ("Cramérin V", "Cramér's V"),
    "source": ("Mistä", "From"),
    "destination": ("Minne", "To"),
}

#: Headers (fi, en) of the foresight tables.
FORESIGHT_COLUMNS: dict[str, tuple[str, str]] = {
    "model": ("Malli", "Model"),
    "mae": ("Keskim. abs. virhe", "MAE"),
    "mase": ("MASE", "MASE"),
    "relative_mae": ("Virhe / naiivi", "MAE / naive"),
    "naive_mae": ("Naiivin virhe", "Naive MAE"),
    "direction_hit_pct": ("Suunta oikein, %", "Direction right, %"),
    "chosen_pct": ("Valittu, %", "Chosen, %"),
    "series": ("Sarjoja", "Series"),
    "uncertain": ("Epävarma (vähän työllisiä)", "Uncertain (few workers)"),
    "employed_base": ("Työlliset nyt", "Employed now"),
    "employed_end": ("Työlliset lopussa", "Employed, end"),
    "expansion": ("Laajenemistarve", "Expansion demand"),
    "retirement": ("Eläköityminen", "Retirement"),
    "migration": ("Muuttotappio", "Net out-migration"),
    "replacement": ("Poistuma yhteensä", "Replacement demand"),
    "openings": ("Avautuvat työpaikat", "Job openings"),
    "young_entrants": ("Nuoret tulijat", "Young entrants"),
    "graduates_domestic": ("Kotimaiset valmistuneet", "Domestic graduates"),
    "graduates_international": ("Kansainväliset valmistuneet", "International graduates"),
    "supply": ("Uusi työvoima", "New supply"),
    "gap": ("Erotus", "Gap"),
    "scenario": ("Skenaario", "Scenario"),
    "retention_international": ("Kv. pito, %", "Intl. retention, %"),
    "growth_pp": ("Kasvusiirto, %-yks./v", "Growth shift, pp/yr"),
    "reference_trend": ("Vertailualueen kehitys", "Reference trend"),
    "industry_mix": ("Toimialarakenne", "Industry mix"),
    "regional_effect": ("Alueellinen tekijä", "Regional effect"),
    "rank": ("Sija", "Rank"),
    "vacancies": ("Avoimet paikat", "Vacancies"),
    "jobseekers": ("Työnhakijat", "Jobseekers"),
    "ratio": ("Paikkoja / hakija", "Vacancies per jobseeker"),
    "barometer_index": ("Työvoimabarometri (1-5)", "Labour Market Barometer (1-5)"),
    "assumption": ("Oletus", "Assumption"),
    "value": ("Arvo", "Value"),
    "basis": ("Peruste", "Basis"),
}

#: Headers (fi, en) of the survey tables.
SURVEY_COLUMNS: dict[str, tuple[str, str]] = {
    "dimension": ("Reunajakauma", "Margin"),
    "category": ("Luokka", "Category"),
    "sample_share": ("Osuus otoksessa", "Sample share"),
    "weighted_share": ("Painotettu osuus", "Weighted share"),
    "population_share": ("Osuus väestössä", "Population share"),
    "scale": ("Mittari", "Scale"),
    "items": ("Väittämät", "Items"),
    "k": ("Väittämiä", "Items (k)"),
    "alpha": ("Cronbachin alfa", "Cronbach's alpha"),
    "comparison": ("Vertailu", "Comparison"),
    "groups": ("Ryhmiä", "Groups"),
    "high_group": ("Korkein ryhmä", "Highest group"),
    "high_mean": ("Keskiarvo", "Mean"),
    "low_group": ("Matalin ryhmä", "Lowest group"),
    "low_mean": ("Keskiarvo ", "Mean "),
    "effect_size": ("Vaikutuksen koko", "Effect size"),
    "effect_measure": ("Mittari", "Measure"),
    "p_holm": ("p (Holm)", "p (Holm)"),
    "grouping": ("Ryhmittely", "Grouping"),
    "group": ("Ryhmä", "Group"),
    "n_eff": ("Efektiivinen n", "Effective n"),
    "top2_low": ("95 % väli, ala", "95 % CI, low"),
    "top2_high": ("95 % väli, ylä", "95 % CI, high"),
}
