"""Seeded synthetic demo data for every tidy table (the embedded, offline default).

The numbers are *invented*. They have the orders of magnitude of the real regions (about
160,000 residents in Kymenlaakso and 125,000 in Etelä-Karjala in 2024, a foreign-background
population of a few per cent and rising, young adults moving out, an ageing workforce), so that
every notebook and test has something realistic to run on. They are not statistics: every
table carries ``df.attrs["synthetic"] = True`` and every page built on them says so.

How the tables are made
-----------------------
population, migration
    A yearly cohort-component simulation per kunta, sex and background (finnish/foreign) in
    5-year age groups, 2010-2024: ageing, deaths (age-specific rates), births (age-specific
    fertility, TFR about 1.35), domestic in/out-migration by age (net loss at 20-34) and
    international migration (mostly foreign background, rising over time).
    Demo simplification: moves between kunnat of the same maakunta are not simulated, so kunta
    flows add up to seutukunta and maakunta flows exactly.
employment
    Population 15-74 x age-specific employment rates x a kunta-specific industry mix with
    industry trends (manufacturing shrinking, health and ICT growing) and industry-specific
    age profiles (older workforce in agriculture, transport and health care).
labour_market, barometer
    Monthly vacancies and jobseekers by occupation with seasonality and a business cycle;
    the barometer (1 big surplus ... 5 big shortage) follows the vacancy/jobseeker ratio.
graduates
    Degrees by institution, field and level; international students mostly at LUT master's.
cohort
    International graduates and workers (several thousand persons). Each year after entry a
    person leaves with probability ``base x field x origin group x age band x entry route``
    (see :data:`COHORT_EFFECTS`), higher in the first year; censored at the end of 2024.
survey
    A regional-image survey (default 1,500 respondents, 15-64, young over-represented) with
    11 Likert items; see :data:`SURVEY_EFFECTS`. Free-text answers are composed from stock
    phrases.

All aggregate tables have rows for every kunta of MK08 and MK09 and for their seutukunnat and
maakunnat; the aggregate rows are sums of the kunta rows. population, migration, employment
and labour_market also have a synthetic **whole country** (``SSS``, about 5.4 million residents
in 2010, a younger age structure, more immigration and a service-heavier industry mix): it is
simulated on its own (no moves between Finnish regions), not summed from the home regions, so
that comparisons with "the whole country" compare with something else than the region itself.

The whole country, kunta by kunta
---------------------------------
Once the registry knows every kunta (a municipality key is installed: ``kokka regions
--fetch`` or ``--install-key``), population, migration, employment, labour_market and
population_projection cover **every kunta, seutukunta and maakunta of the key**, and ``SSS`` is
the sum of all kunnat (its domestic moves are zero: moves between Finnish regions are not moves
of the country). The other kunnat are simulated as the home ones, from their own random stream,
so the home regions' numbers are the same with or without the key. Moves between kunnat
are not simulated as moves (each kunta draws its own in- and out-flows), so over the country
they do not cancel: the country's population change is not exactly births - deaths + net
moves abroad (about 0.1 % a year apart), a gap of the demo, not of real data. Their sizes are invented:
about twenty large towns have residents of their real order of magnitude (:data:`TOWN_POP_2010`),
the others a fixed log-normal draw, scaled so that the country has about 5.4 million residents;
the capital region and large towns have more foreign-background residents, immigration and
services, Pohjanmaa and Åland mostly Swedish speakers, small kunnat more agriculture and older
residents. The graduates, cohort, survey and barometer stay those of the home regions (other
regions' pages on them say there are no data).

Examples
--------
>>> from kokka_analysis.sources import demo
>>> tables = demo.generate(seed=0)
>>> tables["population"].attrs["synthetic"]
True
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .. import labels, regions, schemas

log = logging.getLogger(__name__)

YEARS = tuple(range(2010, 2025))
SOURCE = "kokka synthetic demo data (sources.demo)"

# --- population parameters ------------------------------------------------------------------
#: Residents in 2010 per kunta (invented, of the real order of magnitude).
POP_2010 = {
    "KU286": 88_000, "KU285": 55_000, "KU075": 21_500, "KU624": 5_300, "KU489": 2_200,
    "KU935": 3_600, "KU405": 71_500, "KU153": 28_500, "KU416": 3_100, "KU441": 5_000,
    "KU739": 3_800, "KU831": 4_800, "KU580": 5_600, "KU689": 4_000, "KU700": 5_700,
}  # fmt: skip
#: The synthetic whole country (``SSS``): residents and foreign-background share in 2010,
#: invented of the real order of magnitude (Finland: about 5.4 million, 4-5 %).
NATIONAL_POP_2010 = 5_360_000
NATIONAL_FOREIGN_2010 = 0.044
#: Share of Swedish speakers among Finnish-background residents (Pyhtää is bilingual-ish).
SV_SHARE = {"KU624": 0.045, "KU285": 0.006, "KU075": 0.005}
UNIVERSITY_TOWNS = {"KU405": 1.55, "KU285": 1.15, "KU286": 1.1}  # pull of young adults
#: Residents in 2010 of large towns outside the home regions (invented, rounded, of the real
#: order of magnitude; used only when the whole country is known).
TOWN_POP_2010 = {
    "KU091": 590_000, "KU049": 250_000, "KU837": 215_000, "KU092": 200_000, "KU853": 178_000,
    "KU564": 190_000, "KU179": 133_000, "KU398": 118_000, "KU297": 112_000, "KU609": 83_000,
    "KU167": 73_000, "KU109": 67_000, "KU905": 66_000, "KU743": 60_000, "KU698": 60_000,
    "KU491": 54_000, "KU734": 55_000, "KU638": 49_000, "KU444": 47_000, "KU272": 46_000,
    "KU106": 46_000, "KU543": 40_000, "KU684": 40_000, "KU186": 39_000, "KU205": 38_000,
}  # fmt: skip
#: University towns outside the home regions (pull of young adults; whole country only).
_OTHER_UNIVERSITY_TOWNS = {
    "KU091": 1.4, "KU049": 1.3, "KU837": 1.5, "KU853": 1.5, "KU564": 1.45, "KU179": 1.55,
    "KU297": 1.35, "KU167": 1.45, "KU905": 1.3, "KU698": 1.3,
}  # fmt: skip
#: Swedish speakers among Finnish-background residents by maakunta (whole country only).
_SV_SHARE_MAAKUNTA = {"MK01": 0.08, "MK02": 0.05, "MK15": 0.45, "MK21": 0.88}
#: Foreign-background share in 2010 by maakunta (whole country only; default 0.022).
_FOREIGN_MAAKUNTA = {"MK01": 0.075, "MK02": 0.04, "MK21": 0.06, "MK15": 0.035, "MK06": 0.03}
#: The residents the synthetic country adds up to in 2010 (home regions included).
_COUNTRY_POP_2010 = 5_360_000
_AGE_PROFILE_2010 = np.array(
    [4.8, 5.0, 5.4, 5.9, 5.3, 5.0, 5.0, 5.3, 6.0, 7.1, 7.6, 8.0, 8.3, 6.2, 5.0, 4.3, 3.2, 2.7]
)
_FOREIGN_AGE_PROFILE = np.array(
    [5.0, 5.0, 4.5, 5.0, 10.0, 14.0, 14.0, 12.0, 9.0, 7.0, 5.0, 4.0, 2.5, 1.5, 0.8, 0.4, 0.2, 0.1]
)
_DEATH = np.array(
    [0.0006, 0.0001, 0.0001, 0.0003, 0.0005, 0.0006, 0.0008, 0.0011, 0.0016, 0.0025, 0.0040,
     0.0062, 0.0095, 0.014, 0.022, 0.038, 0.068, 0.160]
)  # fmt: skip
_FERTILITY = np.zeros(18)
_FERTILITY[3:9] = [0.005, 0.040, 0.083, 0.090, 0.046, 0.010]
# domestic out-migration rate by age group (finnish background); the young leave
_DOM_OUT = np.array(
    [0.025, 0.018, 0.014, 0.030, 0.095, 0.075, 0.042, 0.028, 0.022, 0.016, 0.013, 0.011,
     0.010, 0.010, 0.008, 0.008, 0.008, 0.008]
)  # fmt: skip
# domestic in-migration relative to the out rate: lower at 20-34 (net loss of young adults)
_DOM_IN_RATIO = np.array(
    [0.85, 0.90, 0.95, 0.90, 0.75, 0.72, 0.85, 0.95, 1.0, 1.05, 1.1, 1.15, 1.25, 1.3, 1.1,
     1.0, 0.95, 0.95]
)  # fmt: skip

# --- employment parameters ------------------------------------------------------------------
_EMP_RATE = {
    "15-24": 0.38,
    "25-34": 0.72,
    "35-44": 0.80,
    "45-54": 0.82,
    "55-64": 0.56,
    "65-74": 0.06,
}
_WORK_AGE_MAP = {  # 5-year group -> working-age band
    "15-19": "15-24", "20-24": "15-24", "25-29": "25-34", "30-34": "25-34", "35-39": "35-44",
    "40-44": "35-44", "45-49": "45-54", "50-54": "45-54", "55-59": "55-64", "60-64": "55-64",
    "65-69": "65-74", "70-74": "65-74",
}  # fmt: skip
_INDUSTRY_MIX = {  # base shares in 2010 (per cent), Finnish-like with a heavier industry
    "A": 3.5, "B": 0.2, "C": 15.5, "D": 1.0, "E": 0.8, "F": 6.5, "G": 11.5, "H": 8.0, "I": 3.0,
    "J": 2.5, "K": 1.2, "L": 1.0, "M": 4.5, "N": 4.5, "O": 5.0, "P": 6.8, "Q": 18.0, "R": 1.5,
    "S": 2.5, "T": 0.1, "U": 0.05, "X": 0.85,
}  # fmt: skip
_INDUSTRY_TREND = {  # yearly relative change of the share
    "A": -0.025, "C": -0.022, "H": -0.004, "J": 0.035, "M": 0.015, "N": 0.020, "Q": 0.018,
    "I": 0.005, "G": -0.008, "O": -0.005, "P": 0.002, "F": 0.004,
}  # fmt: skip
_KUNTA_TILT = {  # kunta-specific multipliers on the mix
    "KU285": {"H": 1.8, "C": 1.1, "P": 1.1},  # port city
    "KU075": {"H": 1.6, "C": 1.0},
    "KU286": {"C": 1.2, "O": 1.4},  # garrison, logistics
    "KU405": {"P": 1.6, "J": 1.5, "M": 1.3, "C": 0.9},  # university city
    "KU153": {"C": 1.6, "D": 1.5},  # pulp mill, energy
}
#: The whole country against the home regions' base mix: less manufacturing and agriculture,
#: more ICT, finance and professional services (invented, of the real direction).
_NATIONAL_TILT = {"C": 0.75, "A": 0.8, "H": 0.9, "J": 1.9, "K": 1.4, "M": 1.4, "N": 1.1, "Q": 0.9}
#: Large towns (100,000+ residents) outside the home regions: services, ICT and finance.
_CITY_TILT = {"C": 0.7, "A": 0.2, "J": 1.8, "K": 1.5, "M": 1.4, "N": 1.2}
# older industries: multiplier on the 55-64 and 65-74 age bands
_INDUSTRY_AGE_TILT = {"A": 1.6, "H": 1.35, "Q": 1.2, "C": 1.15, "J": 0.6, "I": 0.55, "M": 0.9}

# --- labour market parameters ---------------------------------------------------------------
_OCC_SHARE = {  # share of employment by occupation (per cent)
    "13": 3, "21": 6, "22": 4, "23": 5, "24": 5, "25": 3, "31": 6, "32": 5, "33": 7, "41": 5,
    "51": 6, "52": 7, "53": 9, "71": 6, "72": 6, "81": 5, "83": 6, "91": 3, "93": 3,
}  # fmt: skip
#: vacancy/jobseeker tightness by occupation (>1 shortage, <1 surplus), invented
OCC_TIGHTNESS = {
    "13": 0.8, "21": 1.6, "22": 2.6, "23": 0.9, "24": 0.7, "25": 1.4, "31": 1.1, "32": 1.8,
    "33": 0.5, "41": 0.15, "51": 0.7, "52": 0.35, "53": 2.2, "71": 0.9, "72": 1.7, "81": 0.6,
    "83": 1.5, "91": 0.8, "93": 0.2,
}  # fmt: skip

# --- graduates ----------------------------------------------------------------------------
#: institution, kunta, level, fields (field: yearly degrees), international share
_INSTITUTIONS = [
    ("LUT-yliopisto", "KU405", "master", {"07": 330, "04": 180, "06": 90, "05": 40}, 0.38),
    ("LUT-yliopisto", "KU405", "bachelor", {"07": 260, "04": 140, "06": 60}, 0.08),
    ("LUT-yliopisto", "KU405", "doctoral", {"07": 45, "04": 10, "05": 10}, 0.55),
    ("LAB-ammattikorkeakoulu", "KU405", "bachelor", {"04": 140, "07": 110, "09": 170, "10": 60, "02": 25}, 0.12),
    ("LAB-ammattikorkeakoulu", "KU153", "bachelor", {"09": 45, "10": 30}, 0.05),
    ("Xamk", "KU285", "bachelor", {"07": 110, "04": 90, "09": 120, "10": 50, "02": 40}, 0.14),
    ("Xamk", "KU286", "bachelor", {"06": 70, "04": 80, "09": 110, "10": 40}, 0.12),
    ("Ekami", "KU285", "vocational", {"07": 260, "09": 210, "10": 150, "04": 90}, 0.05),
    ("KSAO", "KU286", "vocational", {"07": 240, "09": 200, "10": 130, "04": 80, "08": 40}, 0.04),
    ("Sampo", "KU405", "vocational", {"07": 240, "09": 190, "10": 140, "04": 80}, 0.06),
    ("Sampo", "KU153", "vocational", {"07": 110, "09": 80, "10": 50}, 0.04),
]  # fmt: skip

# --- cohort ---------------------------------------------------------------------------------
#: The built-in effects on the yearly probability of leaving the region (multipliers on BASE).
#: These are *inputs* of the simulation; the retention analyses should recover their direction.
COHORT_EFFECTS = {
    "base_hazard": 0.085,
    "first_year_multiplier": 1.9,
    "field": {"09": 0.55, "07": 0.85, "01": 0.8, "10": 0.9, "04": 1.25, "06": 1.45, "05": 1.3,
              "02": 1.3, "03": 1.2, "08": 0.9},
    "origin_group": {"rest_of_europe": 0.7, "asia": 1.0, "africa": 1.1, "eu_eea": 1.45,
                     "americas": 1.6, "oceania": 1.6},
    "age_band": {"18-24": 1.25, "25-29": 1.0, "30-34": 0.85, "35+": 0.7},
    "route": {"graduate": 1.0, "worker": 0.7},
}  # fmt: skip
_ORIGINS = {  # country: relative weight among entrants
    "RU": 16, "UA": 10, "EE": 5, "VN": 8, "CN": 7, "IN": 9, "NP": 6, "PK": 4, "BD": 4, "PH": 5,
    "NG": 5, "KE": 3, "GH": 2, "DE": 3, "ES": 2, "IT": 2, "FR": 1.5, "PL": 2, "US": 2, "BR": 2,
    "IR": 2, "TR": 2, "MX": 1, "LV": 1, "LT": 1,
}  # fmt: skip
_DEST_DOMESTIC = {"MK01": 0.58, "MK06": 0.12, "MK02": 0.08, "MK07": 0.05, "MK11": 0.04,
                  "MK13": 0.04, "MK17": 0.05, "MK10": 0.04}  # fmt: skip

# --- survey ---------------------------------------------------------------------------------
SURVEY_ITEMS = {
    # item: (question fi, question en, baseline mean)
    "q_safe": ("Alue on turvallinen asua", "The region is a safe place to live", 4.1),
    "q_nature": ("Luonto ja ympäristö ovat vetovoimaisia", "Nature and the environment are attractive", 4.3),
    "q_jobs": ("Alueella on hyvin työpaikkoja", "There are good jobs in the region", 2.9),
    "q_career": ("Voin edetä urallani täällä", "I can advance my career here", 2.8),
    "q_services": ("Palvelut ovat hyvät", "Services are good", 3.5),
    "q_culture": ("Kulttuuri- ja vapaa-ajan tarjonta on riittävä", "Culture and leisure offer is sufficient", 3.0),
    "q_transport": ("Liikenneyhteydet ovat hyvät", "Transport connections are good", 3.1),
    "q_housing": ("Asuminen on edullista", "Housing is affordable", 4.0),
    "q_welcoming": ("Alue on avoin ja vastaanottavainen", "The region is open and welcoming", 3.3),
    "q_recommend": ("Suosittelisin aluetta asuinpaikaksi", "I would recommend the region as a place to live", 3.4),
    "q_intend_stay": ("Aion asua alueella viiden vuoden päästä", "I intend to live in the region in five years", 3.3),
}  # fmt: skip
#: Built-in survey effects (added to the baseline mean on the 1-5 scale); inputs, not results.
SURVEY_EFFECTS = {
    "young_15_29": {"q_jobs": -0.45, "q_career": -0.55, "q_culture": -0.5, "q_recommend": -0.4,
                    "q_intend_stay": -0.7, "q_transport": -0.3},
    "foreign_background": {"q_welcoming": -0.6, "q_jobs": -0.4, "q_safe": 0.25, "q_nature": 0.2},
    "student": {"q_intend_stay": -0.35},
}  # fmt: skip
_THEME_PHRASES = [
    ("työpaikkoja ei löydy omalta alalta", "no jobs in my own field"),
    ("luonto ja meri ovat upeita", "nature and the sea are wonderful"),
    ("asuminen on edullista", "housing is cheap"),
    ("junayhteydet Helsinkiin ovat hyvät", "train connections to Helsinki are good"),
    ("vapaa-ajan tekemistä on vähän", "there is little to do in free time"),
    ("ihmiset ovat ystävällisiä", "people are friendly"),
    ("kieli on vaikea ja ystäviä on vaikea saada", "the language is hard and it is hard to make friends"),
    ("palvelut ovat kaukana", "services are far away"),
    ("turvallinen paikka lapsille", "a safe place for children"),
]  # fmt: skip


def generate(
    seed: int = 0, survey_size: int = 1500, validate: bool = True
) -> dict[str, pd.DataFrame]:
    """Every tidy table of DESIGN section 4, synthetic and seeded.

    Parameters
    ----------
    seed
        The same seed gives identical tables.
    survey_size
        Number of survey respondents.
    validate
        Check each table against its schema (:mod:`kokka_analysis.schemas`).

    Returns
    -------
    dict of DataFrame
        Keys ``population, migration, employment, labour_market, barometer, graduates,
        cohort, survey, population_projection``, the employer survey and its frame
        (``employer_survey, enterprises``) and the actor network (``actors, ties, events``);
        each with ``attrs`` ``source``, ``retrieved``, ``synthetic=True``, ``seed``.

    Examples
    --------
    >>> t = generate(seed=1)
    >>> sorted(t)[:3]
    ['actors', 'barometer', 'cohort']
    """
    rng = np.random.default_rng(seed)
    pop, mig = _population_and_migration(rng, _home_units())
    emp = _employment(pop, rng)
    lm_kunnat = _labour_market(emp, rng)
    home_lm = _add_aggregates(lm_kunnat, "labour_market")
    kunta = {
        "population": pop,
        "migration": mig,
        "employment": emp,
        "labour_market": lm_kunnat,
        # a synthetic stand-in for Statistics Finland's population projection (vaenn/14wx)
        "population_projection": _projection(pop, mig),
    }
    rest = _rest_units()
    if rest is None:
        # the whole country: its own generator, so the home regions' numbers do not depend on it
        nat_rng = np.random.default_rng([seed, 8])
        nat_pop, nat_mig = _population_and_migration(nat_rng, _national_units())
        nat_emp = _employment(nat_pop, nat_rng)
        national = {
            "population": nat_pop,
            "migration": nat_mig,
            "employment": nat_emp,
            "labour_market": _labour_market(nat_emp, nat_rng),
            "population_projection": _projection(nat_pop, nat_mig),
        }
        tables = {
            name: pd.concat([_add_aggregates(df, name), national[name]], ignore_index=True)
            for name, df in kunta.items()
        }
    else:
        # every other kunta of the installed key: its own generator, as the national one
        rest_rng = np.random.default_rng([seed, 9])
        r_pop, r_mig = _population_and_migration(rest_rng, rest)
        r_emp = _employment(r_pop, rest_rng)
        others = {
            "population": r_pop,
            "migration": r_mig,
            "employment": r_emp,
            "labour_market": _labour_market(r_emp, rest_rng),
            "population_projection": _projection(r_pop, r_mig),
        }
        tables = {
            name: _add_aggregates(
                pd.concat([df, others[name]], ignore_index=True), name, country=True
            )
            for name, df in kunta.items()
        }
    tables.update(
        barometer=_barometer(home_lm, rng),
        graduates=_graduates(rng),
        cohort=_cohort(rng),
        # the demo survey is read through its own codebook, exactly as an analyst's export
        survey=_read_demo_survey(_survey(rng, survey_size)),
    )
    order = ("population", "migration", "employment", "labour_market", "barometer",
             "graduates", "cohort", "survey", "population_projection")  # fmt: skip
    tables = {name: tables[name] for name in order}
    stamp = datetime(2025, 1, 1, tzinfo=UTC).isoformat()  # fixed: same seed, same attrs
    for name, df in tables.items():
        df.attrs.update(
            source=SOURCE, retrieved=stamp, synthetic=True, seed=seed, table_id=f"demo:{name}"
        )
        if validate:
            tables[name] = schemas.validate(df, name, source=f"demo:{name}")
    # the employer survey and its business frame: their own generator (the other tables do
    # not change), and the survey read by the analyst's reader
    from . import demo_employers

    emp_rng = np.random.default_rng([seed, 15])
    home_emp = tables["employment"][tables["employment"]["region"].isin(_home_kunnat())]
    frame = demo_employers.frame(home_emp, emp_rng)
    tables["enterprises"] = frame
    tables["employer_survey"] = _read_demo_employers(demo_employers.survey(frame, emp_rng))
    # the actor network and the newcomer event log: their own generator, read by the readers
    from . import demo_network

    net_rng = np.random.default_rng([seed, 16])
    raw_actors, raw_ties = demo_network.actors_and_ties(net_rng)
    tables.update(
        _read_demo_network(raw_actors, raw_ties, demo_network.events(raw_actors, net_rng))
    )
    for name in ("actors", "ties", "events"):
        tables[name].attrs.update(
            source=SOURCE, retrieved=stamp, synthetic=True, seed=seed, table_id=f"demo:{name}"
        )
        if validate:
            tables[name] = schemas.validate(tables[name], name, source=f"demo:{name}")
    for name in ("enterprises", "employer_survey"):
        tables[name].attrs.update(
            source=SOURCE, retrieved=stamp, synthetic=True, seed=seed, table_id=f"demo:{name}"
        )
        if validate:
            tables[name] = schemas.validate(tables[name], name, source=f"demo:{name}")
    return tables


def _home_kunnat() -> set[str]:
    return {u.code for mk in regions.HOME_REGIONS for u in regions.members(mk, "kunta")}


def _read_demo_network(actors: pd.DataFrame, ties: pd.DataFrame, events: pd.DataFrame) -> dict:
    from .. import network

    for df, name in ((actors, "demo actors"), (ties, "demo ties"), (events, "demo events")):
        df.attrs = {"source_name": name}
    a = network.read_actors(actors)
    return {"actors": a, "ties": network.read_ties(ties, a), "events": network.read_events(events)}


def _read_demo_employers(raw: pd.DataFrame) -> pd.DataFrame:
    from .. import employers

    raw.attrs = {"source_name": "demo employer survey"}
    out = employers.read_employer_survey(raw)
    out.attrs["synthetic"] = True
    return out


#: The codebook of the demo survey (roles, question texts, scales), shipped with the package.
SURVEY_CODEBOOK = Path(__file__).resolve().parents[1] / "data" / "demo_survey_codebook.yaml"


def _read_demo_survey(raw: pd.DataFrame) -> pd.DataFrame:
    from . import files

    raw.attrs = {"source_name": "demo survey", "synthetic": True}
    return files.read_survey(raw, codebook=SURVEY_CODEBOOK)


# ---------------------------------------------------------------------------------------------
def _kunnat() -> list[str]:
    """The home regions' kunnat (the survey's, cohort's and graduates' regions)."""
    return [r.code for mk in regions.HOME_REGIONS for r in regions.members(mk, "kunta")]


@dataclass(frozen=True)
class _Units:
    """The units one cohort-component simulation runs over, with their 2010 features."""

    codes: list[str]
    total: np.ndarray  # residents in 2010
    foreign: np.ndarray  # foreign-background share in 2010
    pull: np.ndarray  # pull of young adults (university towns > 1)
    immigration: np.ndarray  # multiplier on the immigration rate
    national: bool = False
    #: multiplier on domestic in-migration (urbanisation: large towns gain); ones by default
    domestic_in: np.ndarray | None = None


def _home_units() -> _Units:
    kunnat = _kunnat()
    return _Units(
        codes=kunnat,
        total=np.array([POP_2010[c] for c in kunnat], dtype=float),
        foreign=0.019 + 0.006 * np.isin(kunnat, ["KU405", "KU153", "KU285"]),
        pull=np.array([UNIVERSITY_TOWNS.get(c, 1.0) for c in kunnat]),
        immigration=np.ones(len(kunnat)),
    )


def _national_units() -> _Units:
    return _Units(
        codes=["SSS"],
        total=np.array([NATIONAL_POP_2010], dtype=float),
        foreign=np.array([NATIONAL_FOREIGN_2010]),
        pull=np.ones(1),
        immigration=np.ones(1),
        national=True,
    )


def _rest_units() -> _Units | None:
    """Every kunta of the installed key outside the home regions; ``None`` when the registry
    knows only the home regions."""
    sizes = _other_sizes()
    if not sizes:
        return None
    codes = list(sizes)
    foreign = np.array(
        [_FOREIGN_MAAKUNTA.get(regions.parent(c).code, 0.022) for c in codes]
    ) * np.where(np.array([sizes[c] for c in codes]) >= 100_000, 1.3, 1.0)
    total = np.array([sizes[c] for c in codes], dtype=float)
    return _Units(
        codes=codes,
        total=total,
        foreign=foreign,
        pull=np.array([_OTHER_UNIVERSITY_TOWNS.get(c, 1.0) for c in codes]),
        immigration=(foreign / 0.021) ** 0.7 * np.where(total >= 100_000, 1.3, 1.0),
        domestic_in=np.select([total >= 100_000, total >= 20_000], [1.22, 1.06], 1.0),
    )


def _other_sizes() -> dict[str, float]:
    """Residents in 2010 of every known kunta outside the home regions (see
    :func:`_other_sizes_for`)."""
    return _other_sizes_for(tuple(r.code for r in regions.all_regions("kunta")))


@functools.lru_cache(maxsize=2)
def _other_sizes_for(known: tuple[str, ...]) -> dict[str, float]:
    """Residents in 2010 of every known kunta outside the home regions (empty when none is
    known): :data:`TOWN_POP_2010`, the others a fixed log-normal draw (median 4,500), scaled
    so that the country adds up to :data:`_COUNTRY_POP_2010`. Seed-independent, like
    :data:`POP_2010`."""
    home = set(_kunnat())
    codes = sorted(c for c in known if c not in home)
    if not codes:
        return {}
    small = [c for c in codes if c not in TOWN_POP_2010]
    draw = np.random.default_rng(2010).lognormal(np.log(4_500), 0.85, len(small))
    draw = np.clip(draw, 300, 35_000)
    # Åland's kunnat are small (the whole maakunta has some 30,000 residents)
    draw *= np.array([0.25 if regions.parent(c).code == "MK21" else 1.0 for c in small])
    remaining = (
        _COUNTRY_POP_2010
        - sum(POP_2010.values())
        - sum(v for c, v in TOWN_POP_2010.items() if c in codes)
    )
    scale = remaining / draw.sum() if small and remaining > 0 else 1.0
    sizes = dict(zip(small, np.round(draw * scale, -1), strict=True))
    sizes.update({c: float(v) for c, v in TOWN_POP_2010.items() if c in codes})
    return {c: float(sizes[c]) for c in codes}


def _size_2010(code: str) -> float:
    if code in POP_2010:
        return float(POP_2010[code])
    return _other_sizes().get(code, 0.0)


def _sv_share(code: str) -> float:
    """Swedish speakers among Finnish-background residents of a unit."""
    if code == "SSS":
        return 0.055
    if code in POP_2010:
        return SV_SHARE.get(code, 0.003)
    return _SV_SHARE_MAAKUNTA.get(regions.parent(code).code, 0.003)


def _population_and_migration(
    rng: np.random.Generator, units: _Units
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cohort-component simulation over ``units``: kunnat, or the synthetic whole country
    as one unit ``SSS`` (no domestic moves, more immigration)."""
    national = units.national
    kunnat = units.codes
    k, a = len(kunnat), len(labels.AGE_GROUPS)
    total = units.total
    rural = np.array([not national for _ in kunnat]) & (total < 10_000)
    # older age profile in rural kunnat, younger in university towns
    prof = np.tile(_AGE_PROFILE_2010, (k, 1))
    shift = np.where(rural, 1.0, 0.0)[:, None] * np.linspace(-0.35, 0.45, a)[None, :]
    prof = prof * (1 + shift)
    if national:  # the country is younger than South-East Finland
        prof = prof * (1 + np.linspace(0.25, -0.35, a))[None, :]
    for i in np.flatnonzero(units.pull != 1.0):
        prof[i, 4:6] *= units.pull[i] ** 0.5
    prof /= prof.sum(axis=1, keepdims=True)
    foreign_share = units.foreign
    fprof = _FOREIGN_AGE_PROFILE / _FOREIGN_AGE_PROFILE.sum()
    # state[k, s, b, a]: s 0 male 1 female; b 0 finnish 1 foreign
    state = np.zeros((k, 2, 2, a))
    male_share = np.linspace(0.51, 0.36, a)  # more women at old ages
    for b, (share, p) in enumerate([(1 - foreign_share, prof), (foreign_share, None)]):
        p_b = p if p is not None else np.tile(fprof, (k, 1))
        n = (total * share)[:, None] * p_b
        state[:, 0, b, :] = n * male_share
        state[:, 1, b, :] = n * (1 - male_share)
    pull = units.pull
    pop_rows, mig_rows = [], []
    for year in YEARS:
        t = year - 2010
        # flows during the year (recorded for `year`), population at the end of `year`
        dom_out = state * _DOM_OUT[None, None, None, :]
        dom_out[:, :, 1, :] *= 2.2  # foreign-background residents move on more often
        dom_in = state * (_DOM_OUT * _DOM_IN_RATIO * 1.12)[None, None, None, :]
        dom_in[:, :, :, 4:6] *= pull[:, None, None, None]  # students come to university towns
        if units.domestic_in is not None:
            dom_in *= units.domestic_in[:, None, None, None]
        dom_in[:, :, :, 5:7] *= np.where(pull > 1, 0.9, 1.0)[:, None, None, None]
        if national:  # moves between Finnish regions are not moves of the country
            dom_out, dom_in = dom_out * 0, dom_in * 0
        ab_out = state * np.array([0.003, 0.075])[None, None, :, None]
        immigration = (0.0046 + 0.0003 * t) if national else (0.0028 + 0.00022 * t)
        inflow = total[:, None] * immigration * (1 + 0.6 * (pull[:, None] - 1))
        inflow = inflow * units.immigration[:, None]
        ab_in = np.zeros_like(state)
        ab_in[:, :, 1, :] = inflow[:, :, None] * fprof[None, None, :] * 0.5
        ab_in[:, :, 0, :] = state[:, :, 0, :] * 0.0015  # returning Finns
        # a mild year-to-year cycle (e.g. 2015-16 asylum seekers, 2022 Ukraine)
        cyc = 1.0 + (0.5 if year in (2016, 2022, 2023) else 0.0)
        ab_in[:, :, 1, :] *= cyc
        noise = rng.lognormal(0, 0.06, size=state.shape)
        dom_out, dom_in = dom_out * noise, dom_in * rng.lognormal(0, 0.06, size=state.shape)
        deaths = state * _DEATH[None, None, None, :]
        women = state[:, 1, :, :]
        births = (women * _FERTILITY[None, None, :]).sum(axis=2)  # k, b
        aged = state * 0.8
        aged[..., 1:] += state[..., :-1] * 0.2
        aged[..., -1] += state[..., -1] * 0.2
        aged[:, 0, :, 0] += births * 0.512
        aged[:, 1, :, 0] += births * 0.488
        state = np.maximum(aged - deaths - dom_out + dom_in - ab_out + ab_in, 0)
        for s, sex in enumerate(labels.SEXES):
            for b, bg in enumerate(labels.BACKGROUNDS):
                flows = {
                    ("in", "domestic"): dom_in[:, s, b],
                    ("out", "domestic"): dom_out[:, s, b],
                    ("in", "abroad"): ab_in[:, s, b],
                    ("out", "abroad"): ab_out[:, s, b],
                }
                for (direction, counterpart), arr in flows.items():
                    mig_rows.append((year, direction, counterpart, sex, bg, arr))
                pop_rows.append((year, sex, bg, state[:, s, b].copy()))
    pop = _explode_pop(pop_rows, kunnat, rng)
    mig = _explode_mig(mig_rows, kunnat, rng)
    return pop, mig


#: The years of the synthetic population projection (as StatFin's 14wx: to 2045).
PROJECTION_YEARS = tuple(range(2025, 2046))


def _projection(pop: pd.DataFrame, mig: pd.DataFrame) -> pd.DataFrame:
    """A cohort-component projection of each unit's population by sex and 5-year age group
    from the last observed year, with the demo's death and birth rates and the units' average
    net migration by age of the last five years (a stand-in for the official projection)."""
    last = int(pop["year"].max())
    ages = list(labels.AGE_GROUPS)
    units = sorted(pop["region"].unique())
    base = (
        pop[pop["year"] == last]
        .groupby(["region", "sex", "age_group"])["persons"]
        .sum()
        .reindex(pd.MultiIndex.from_product([units, list(labels.SEXES), ages]), fill_value=0)
        .to_numpy(dtype=float)
        .reshape(len(units), 2, len(ages))
    )
    recent = mig[mig["year"] > last - 5]
    net = (
        recent.assign(sign=np.where(recent["direction"] == "in", 1.0, -1.0))
        .assign(net=lambda d: d["sign"] * d["persons"])
        .groupby(["region", "sex", "age_group"])["net"]
        .sum()
        .reindex(pd.MultiIndex.from_product([units, list(labels.SEXES), ages]), fill_value=0)
        .to_numpy(dtype=float)
        .reshape(len(units), 2, len(ages))
        / 5
    )
    span = pop[pop["year"] > last - 5].groupby(["region", "sex", "age_group"])["persons"].sum()
    span = span.reindex(pd.MultiIndex.from_product([units, list(labels.SEXES), ages]),
                        fill_value=0).to_numpy(dtype=float).reshape(base.shape) / 5  # fmt: skip
    rate = np.divide(net, span, out=np.zeros_like(net), where=span > 0)
    state = base.copy()
    rows = []
    sex_index = {s: i for i, s in enumerate(labels.SEXES)}
    for year in PROJECTION_YEARS:
        births = (state[:, sex_index["female"], :] * _FERTILITY[None, :]).sum(axis=1)
        aged = state * 0.8
        aged[..., 1:] += state[..., :-1] * 0.2
        aged[..., -1] += state[..., -1] * 0.2
        aged[:, sex_index["male"], 0] += births * 0.512
        aged[:, sex_index["female"], 0] += births * 0.488
        state = np.maximum(aged * (1 - _DEATH[None, None, :]) * (1 + rate), 0)
        rows.append(
            pd.DataFrame(
                {
                    "region": np.repeat(units, 2 * len(ages)),
                    "year": year,
                    "sex": np.tile(np.repeat(list(sex_index), len(ages)), len(units)),
                    "age_group": np.tile(ages, 2 * len(units)),
                    "persons": state.round(1).ravel(),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _stochastic_round(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    fl = np.floor(x)
    return (fl + (rng.random(x.shape) < (x - fl))).astype(np.int64)


def _explode_pop(rows: list, kunnat: list[str], rng: np.random.Generator) -> pd.DataFrame:
    sv = np.array([_sv_share(c) for c in kunnat])
    frames = []
    ages = np.array(labels.AGE_GROUPS)
    for year, sex, bg, arr in rows:  # arr: k x a
        if bg == "finnish":
            split = {"fi": 1 - sv - 0.002, "sv": sv, "other": np.full_like(sv, 0.002)}
        else:
            split = {"fi": np.full_like(sv, 0.07), "sv": np.full_like(sv, 0.01), "other": 1 - 0.08}
        for lang, share in split.items():
            vals = _stochastic_round(arr * np.broadcast_to(share, sv.shape)[:, None], rng)
            frames.append(
                pd.DataFrame(
                    {
                        "region": np.repeat(kunnat, len(ages)),
                        "year": year,
                        "sex": sex,
                        "age_group": np.tile(ages, len(kunnat)),
                        "background": bg,
                        "language_group": lang,
                        "persons": vals.ravel(),
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def _explode_mig(rows: list, kunnat: list[str], rng: np.random.Generator) -> pd.DataFrame:
    ages = np.array(labels.AGE_GROUPS)
    frames = []
    for year, direction, counterpart, sex, bg, arr in rows:
        frames.append(
            pd.DataFrame(
                {
                    "region": np.repeat(kunnat, len(ages)),
                    "year": year,
                    "direction": direction,
                    "counterpart": counterpart,
                    "sex": sex,
                    "age_group": np.tile(ages, len(kunnat)),
                    "background": bg,
                    "persons": _stochastic_round(arr, rng).ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _employment(pop: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    work = pop[pop["age_group"].isin(_WORK_AGE_MAP)].assign(
        band=lambda d: d["age_group"].map(_WORK_AGE_MAP)
    )
    base = work.groupby(["region", "year", "band"], as_index=False)["persons"].sum()
    base["workers"] = base["persons"] * base["band"].map(_EMP_RATE)
    # older workers stay at work longer (as in Finland since 2010): an ageing workforce
    t = base["year"] - 2010
    base.loc[base["band"] == "55-64", "workers"] *= 1 + 0.022 * t
    base.loc[base["band"] == "65-74", "workers"] *= 1 + 0.06 * t
    # a business cycle on the employment rate
    cycle = {2010: -0.01, 2015: -0.02, 2016: -0.015, 2020: -0.025, 2022: 0.01, 2023: 0.005}
    base["workers"] *= 1 + base["year"].map(cycle).fillna(0.0)
    inds = list(_INDUSTRY_MIX)
    frames = []
    for (region, band), grp in base.groupby(["region", "band"]):
        years = grp["year"].to_numpy()
        t = (years - 2010)[:, None]
        mix = np.array([_INDUSTRY_MIX[i] for i in inds])[None, :]
        trend = np.array([_INDUSTRY_TREND.get(i, 0.0) for i in inds])[None, :]
        tilt = np.array([_KUNTA_TILT.get(region, {}).get(i, 1.0) for i in inds])[None, :]
        size = _size_2010(region) if region != "SSS" else NATIONAL_POP_2010
        if region == "SSS":
            tilt = np.array([_NATIONAL_TILT.get(i, 1.0) for i in inds])[None, :]
        elif size < 10_000:
            tilt = tilt * np.array([2.2 if i == "A" else 1.0 for i in inds])[None, :]
        elif size >= 100_000 and region not in POP_2010:
            tilt = np.array([_CITY_TILT.get(i, 1.0) for i in inds])[None, :]
        old = band in ("55-64", "65-74")
        young = band == "15-24"
        age_tilt = np.array(
            [
                _INDUSTRY_AGE_TILT.get(i, 1.0)
                if old
                else (1 / _INDUSTRY_AGE_TILT.get(i, 1.0) if young else 1.0)
                for i in inds
            ]
        )[None, :]
        share = mix * tilt * age_tilt * np.exp(trend * t)
        share /= share.sum(axis=1, keepdims=True)
        vals = grp["workers"].to_numpy()[:, None] * share * rng.lognormal(0, 0.02, share.shape)
        frames.append(
            pd.DataFrame(
                {
                    "region": region,
                    "year": np.repeat(years, len(inds)),
                    "industry": np.tile(inds, len(years)),
                    "age_group": band,
                    "employed": _stochastic_round(vals, rng).ravel(),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["region", "year", "industry", "age_group"], ignore_index=True)


def _labour_market(emp: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    tot = emp.groupby(["region", "year"])["employed"].sum()
    months = pd.date_range("2010-01-01", "2024-12-01", freq="MS")
    occs = list(_OCC_SHARE)
    share = np.array([_OCC_SHARE[o] for o in occs], dtype=float)
    share /= share.sum()
    tight = np.array([OCC_TIGHTNESS[o] for o in occs])
    # unemployment rate cycle (national-like shape) and vacancy cycle (inverse)
    year_frac = np.asarray(months.year + (months.month - 1) / 12, dtype=float)
    unemp = (
        0.11
        + 0.025 * np.sin((year_frac - 2013.5) / 3.2)
        + 0.03 * ((year_frac > 2020.2) & (year_frac < 2021.3))
    )
    unemp = (
        unemp
        - 0.012 * np.clip(year_frac - 2021.3, 0, 1.5)
        + 0.01 * np.clip(year_frac - 2023.0, 0, 2)
    )
    month_no = np.asarray(months.month, dtype=float)
    season = 1 + 0.07 * np.cos(2 * np.pi * (month_no - 1) / 12)  # more jobseekers in winter
    vac_season = 1 + 0.25 * np.sin(2 * np.pi * (month_no - 3) / 12)  # spring hiring
    frames = []
    for region in tot.index.get_level_values(0).unique():
        e = tot.loc[region].reindex(months.year).to_numpy()
        js_total = e * unemp / (1 - unemp) * season
        vac_total = e * 0.012 * (0.11 / unemp) ** 1.6 * vac_season
        w_js = share / np.sqrt(tight)
        w_vac = share * np.sqrt(tight)
        js = js_total[:, None] * (w_js / w_js.sum())[None, :]
        vac = vac_total[:, None] * (w_vac / w_vac.sum())[None, :]
        js *= rng.lognormal(0, 0.04, js.shape)
        vac *= rng.lognormal(0, 0.12, vac.shape)
        frames.append(
            pd.DataFrame(
                {
                    "region": region,
                    "month": np.repeat(months.values, len(occs)),
                    "occupation": np.tile(occs, len(months)),
                    "vacancies": _stochastic_round(vac, rng).ravel(),
                    "jobseekers": _stochastic_round(js, rng).ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _barometer(lm: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    agg = lm[lm["region"].isin(regions.HOME_REGIONS)].copy()
    agg["period"] = agg["month"].dt.year.astype(str) + np.where(
        agg["month"].dt.month <= 6, "H1", "H2"
    )
    agg = agg[agg["month"].dt.year >= 2015]
    g = agg.groupby(["region", "period", "occupation"], as_index=False)[
        ["vacancies", "jobseekers"]
    ].sum()
    ratio = (g["vacancies"] + 1) / (g["jobseekers"] + 1)
    idx = 3 + 1.1 * np.log(ratio / 0.25) + rng.normal(0, 0.15, len(g))
    g["index"] = np.clip(idx, 1, 5).round(2)
    return g[["region", "period", "occupation", "index"]]


def _graduates(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for inst, kunta, level, fields, intl in _INSTITUTIONS:
        for year in YEARS:
            growth = 1 + 0.03 * (year - 2010) * (1 if level in ("master", "doctoral") else 0.3)
            intl_y = min(0.9, intl * (1 + 0.05 * (year - 2010)))
            for field, n in fields.items():
                total = rng.poisson(n * growth)
                n_int = rng.binomial(total, intl_y)
                rows.append((kunta, year, inst, field, level, True, n_int))
                rows.append((kunta, year, inst, field, level, False, total - n_int))
    df = pd.DataFrame(
        rows,
        columns=["region", "year", "institution", "field", "level", "international", "graduates"],
    )
    df = df.groupby(schemas.KEYS["graduates"], as_index=False)["graduates"].sum()
    return _add_aggregates(df, "graduates")


def _cohort(rng: np.random.Generator, n: int = 6000) -> pd.DataFrame:
    eff = COHORT_EFFECTS
    route = rng.choice(["graduate", "worker"], size=n, p=[0.6, 0.4])
    start = rng.integers(2010, 2024, size=n)  # entry 2010..2023
    countries = list(_ORIGINS)
    w = np.array(list(_ORIGINS.values()), dtype=float)
    origin = rng.choice(countries, size=n, p=w / w.sum())
    sex = rng.choice(labels.SEXES, size=n, p=[0.55, 0.45])
    age = np.where(route == "graduate", rng.normal(26, 3, n), rng.normal(33, 7, n))
    age = np.clip(np.rint(age), 19, 64).astype(int)
    grad_fields = ["07", "04", "06", "09", "10", "05", "02"]
    field = np.where(
        route == "graduate",
        rng.choice(grad_fields, size=n, p=[0.34, 0.2, 0.13, 0.16, 0.08, 0.05, 0.04]),
        rng.choice(
            ["07", "09", "10", "08", "04", "06"], size=n, p=[0.3, 0.25, 0.2, 0.1, 0.08, 0.07]
        ),
    )
    occ_for_field = {"07": ["21", "31", "72"], "04": ["24", "33", "41"], "06": ["25", "25", "31"],
                     "09": ["22", "32", "53"], "10": ["51", "91", "83"], "05": ["21", "31", "21"],
                     "02": ["23", "33", "51"], "08": ["93", "81", "83"]}  # fmt: skip
    occupation = np.array([occ_for_field[f][rng.integers(0, 3)] for f in field], dtype=object)
    no_job = (route == "graduate") & (rng.random(n) < 0.15)
    occupation[no_job] = None
    kunta_grad = ["KU405", "KU405", "KU405", "KU285", "KU286", "KU153"]
    kunta_work = ["KU405", "KU285", "KU286", "KU075", "KU153", "KU624", "KU935", "KU580"]
    region = np.where(
        route == "graduate",
        rng.choice(kunta_grad, size=n),
        rng.choice(kunta_work, size=n, p=[0.25, 0.2, 0.2, 0.1, 0.1, 0.05, 0.05, 0.05]),
    )
    inst_of = {
        "KU405": "LUT-yliopisto",
        "KU285": "Xamk",
        "KU286": "Xamk",
        "KU153": "LAB-ammattikorkeakoulu",
    }
    institution = np.array(
        [inst_of.get(r) if ro == "graduate" else None for r, ro in zip(region, route, strict=True)],
        dtype=object,
    )
    ogroup = np.array([labels.origin_group(c) for c in origin])
    band = np.select([age < 25, age < 30, age < 35], ["18-24", "25-29", "30-34"], "35+")
    h = (
        eff["base_hazard"]
        * np.array([eff["field"][f] for f in field])
        * np.array([eff["origin_group"][g] for g in ogroup])
        * np.array([eff["age_band"][b] for b in band])
        * np.array([eff["route"][r] for r in route])
    )
    last_year = 2024
    end_year = np.full(n, last_year)
    left = np.zeros(n, dtype=bool)
    for i in range(n):  # few thousand persons x <15 years: cheap
        for y in range(start[i], last_year + 1):
            if y == start[i]:
                continue  # whole years: nobody leaves in the entry year
            p = min(0.95, h[i] * (eff["first_year_multiplier"] if y == start[i] + 1 else 1.0))
            if rng.random() < p:
                end_year[i], left[i] = y, True
                break
    abroad_p = np.where(np.isin(ogroup, ["eu_eea", "americas", "oceania"]), 0.55, 0.3)
    goes_abroad = rng.random(n) < abroad_p
    dk = list(_DEST_DOMESTIC)
    dw = np.array(list(_DEST_DOMESTIC.values()))
    dom = rng.choice(dk, size=n, p=dw / dw.sum())
    destination = np.where(goes_abroad, "ABROAD", dom).astype(object)
    destination[~left] = None
    df = pd.DataFrame(
        {
            "person_id": [f"P{i:06d}" for i in range(n)],
            "region": region,
            "institution": institution,
            "field": field,
            "occupation": occupation,
            "sex": sex,
            "age": age,
            "origin_country": origin,
            "start_year": start,
            "end_year": end_year,
            "left": left,
            "destination": destination,
            "route": route,
        }
    )
    return df


def _survey(rng: np.random.Generator, n: int) -> pd.DataFrame:
    kunnat = _kunnat()
    weights = np.array([POP_2010[c] for c in kunnat], dtype=float) ** 0.8
    region = rng.choice(kunnat, size=n, p=weights / weights.sum())
    # young over-represented (an image survey aimed at young people and students)
    age = np.clip(
        np.rint(np.where(rng.random(n) < 0.6, rng.uniform(15, 30, n), rng.uniform(30, 65, n))),
        15,
        64,
    ).astype(int)
    sex = rng.choice(["male", "female", "other"], size=n, p=[0.42, 0.55, 0.03])
    young = age < 30
    status = np.where(
        young & (rng.random(n) < 0.6), "student", np.where(rng.random(n) < 0.8, "worker", "other")
    )
    foreign = rng.random(n) < np.where(young, 0.14, 0.08)
    respondent_effect = rng.normal(0, 0.45, n)
    data: dict[str, object] = {
        "respondent_id": [f"R{i:05d}" for i in range(n)],
        "region": region,
        "age": age,
        "sex": sex,
        "status": status,
        "background": np.where(foreign, "foreign", "finnish"),
    }
    for item, (_, _, mean) in SURVEY_ITEMS.items():
        mu = np.full(n, mean) + respondent_effect
        mu += young * SURVEY_EFFECTS["young_15_29"].get(item, 0.0)
        mu += foreign * SURVEY_EFFECTS["foreign_background"].get(item, 0.0)
        mu += (status == "student") * SURVEY_EFFECTS["student"].get(item, 0.0)
        val = np.clip(np.rint(mu + rng.normal(0, 0.8, n)), 1, 5)
        val[rng.random(n) < 0.05] = np.nan  # "En osaa sanoa" / don't know
        data[item] = val
    texts = []
    for i in range(n):
        if rng.random() < 0.45:
            texts.append(None)
            continue
        k = rng.integers(1, 3)
        picks = rng.choice(len(_THEME_PHRASES), size=k, replace=False)
        use_en = bool(foreign[i]) and rng.random() < 0.7
        texts.append("; ".join(_THEME_PHRASES[p][1 if use_en else 0] for p in picks))
    data["open_text"] = texts
    return pd.DataFrame(data)


def _add_aggregates(df: pd.DataFrame, table: str, country: bool = False) -> pd.DataFrame:
    """Append seutukunta and maakunta rows summed from the kunta rows, and with ``country``
    the whole country ``SSS`` (its domestic moves zero: they are moves inside the country)."""
    keys = schemas.KEYS[table]
    values = schemas.VALUES[table]
    kunta = df[df["region"].str.startswith("KU")]
    parts = [kunta]
    for level in ("seutukunta", "maakunta", *(("koko_maa",) if country else ())):
        if level == "koko_maa":
            mapping = dict.fromkeys(kunta["region"].unique(), "SSS")
        else:
            mapping = {r: regions.parent(r, level).code for r in kunta["region"].unique()}
        agg = (
            kunta.assign(region=kunta["region"].map(mapping))
            .groupby(keys, as_index=False, sort=False)[values]
            .sum()
        )
        if level == "koko_maa" and table == "migration":
            agg.loc[agg["counterpart"] == "domestic", values] = 0
        parts.append(agg)
    return pd.concat(parts, ignore_index=True)
