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
    return pair[0] if lang == "fi" else pair[1]


def t(key: str, lang: str = "fi", **fmt: object) -> str:
    """A UI text in Finnish (``fi``) or English (``en``)."""
    fi, en = TEXTS[key]
    text = fi if lang == "fi" else en
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
}
