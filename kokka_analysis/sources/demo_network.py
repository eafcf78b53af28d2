"""The synthetic actor network and newcomer event log of the demo.

About 120 actors over the home regions' seutukunnat (companies, educational institutions,
municipalities and authorities, development companies, associations), ties in two periods
(2023, 2024) and an event log of about 600 newcomers. Built-in features, which the tests
recover:

- **one broker**: associations are linked to companies only through the Kotka-Hamina
  development company (every path from an association to a company runs through it);
- **a missing stage**: no actor serves family and social life in Imatra (SK093);
- **the path breaks between internship and first job**: of those who did an internship, about
  a third find a first job in the region (every other step keeps 70-90 %);
- **the network grows**: 2024 has more ties than 2023.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import regions

_SK_TOWNS = {"SK081": "KU286", "SK082": "KU285", "SK091": "KU405", "SK093": "KU153"}
_BROKER = "D082"
_STAGES_OF = {
    "company": "internship;first_job",
    "education": "attraction;studies;internship",
    "municipality": "arrival;family_social;staying",
    "employment services": "arrival;first_job",
    "development company": "attraction;first_job;staying",
    "association": "family_social;staying",
    "student union": "studies;family_social",
}
_TRANSITIONS = (("attraction", "arrival", 0.9, 60), ("arrival", "studies", 0.8, 120),
                ("studies", "internship", 0.75, 500), ("internship", "first_job", 0.33, 150),
                ("first_job", "family_social", 0.8, 200), ("family_social", "staying", 0.85, 300))  # fmt: skip


def actors_and_ties(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The raw actors and ties exports of the demo (Finnish headers, as an analyst keeps them)."""
    rows = []
    for sk, town in _SK_TOWNS.items():
        name = regions.name(sk)
        kunnat = [u.code for u in regions.members(sk, "kunta")]
        for i in range(18):
            rows.append((f"C{sk[2:]}{i:02d}", f"Yritys {name} {i + 1}", "company",
                         kunnat[i % len(kunnat)], _STAGES_OF["company"]))  # fmt: skip
        for i in range(2):
            rows.append((f"E{sk[2:]}{i}", f"Oppilaitos {name} {i + 1}", "education", town,
                         _STAGES_OF["education"]))  # fmt: skip
        muni = _STAGES_OF["municipality"]
        if sk == "SK093":
            muni = "arrival;staying"  # the built-in gap: no family services in Imatra
        rows.append((f"M{sk[2:]}", f"{regions.name(town)}, kunta", "municipality", town, muni))
        rows.append((f"T{sk[2:]}", f"TE-palvelut {name}", "employment services", town,
                     _STAGES_OF["employment services"]))  # fmt: skip
        rows.append((f"D{sk[2:]}", f"Kehitysyhtiö {name}", "development company", town,
                     _STAGES_OF["development company"]))  # fmt: skip
        assoc = [("association", "Urheiluseura"), ("association", "Kulttuuriyhdistys"),
                 ("student union", "Opiskelijakunta")]  # fmt: skip
        for i, (kind, label) in enumerate(assoc):
            stages = _STAGES_OF[kind]
            if sk == "SK093":
                stages = "staying" if kind == "association" else "studies"
            rows.append((f"A{sk[2:]}{i}", f"{label} {name}", kind, town, stages))
    actors = pd.DataFrame(rows, columns=["Tunnus", "Nimi", "Tyyppi", "Kunta", "Vaiheet"])
    actors["Kohderyhmät"] = "kansainväliset osaajat"
    by = actors.assign(sk=[a[1:4] for a in actors["Tunnus"]])
    ties = []

    def tie(a, b, kind, period, strength):
        ties.append((a, b, kind, strength, period))

    for sk in _SK_TOWNS:
        s = sk[2:]
        comps = list(by.loc[(by["Tyyppi"] == "company") & (by["sk"] == s), "Tunnus"])
        edu = list(by.loc[(by["Tyyppi"] == "education") & (by["sk"] == s), "Tunnus"])
        assoc = list(by.loc[by["Tyyppi"].isin(["association", "student union"]) & (by["sk"] == s),
                            "Tunnus"])  # fmt: skip
        public = [f"M{s}", f"T{s}", f"D{s}"]
        for c in comps:
            for period in ("2023", "2024"):
                if rng.random() < (0.5 if period == "2023" else 0.7):
                    tie(
                        c,
                        edu[rng.integers(len(edu))],
                        "harjoittelu",
                        period,
                        int(rng.integers(1, 6)),
                    )
            if rng.random() < 0.6:
                tie(c, f"T{s}", "ohjaus", None, int(rng.integers(1, 4)))
            if rng.random() < 0.4:
                tie(c, f"D{s}", "yhteistyö", None, int(rng.integers(1, 4)))
        for i, c in enumerate(comps[:-1]):
            if rng.random() < 0.25:
                tie(c, comps[i + 1], "yhteinen hanke", "2024", 2)
        for a, b in ((public[0], public[1]), (public[0], public[2]), (public[1], public[2])):
            tie(a, b, "yhteistyö", None, 4)
        for e in edu:
            tie(e, f"T{s}", "ohjaus", None, 3)
            tie(e, f"M{s}", "yhteistyö", "2024", 2)
        # associations: among themselves, and (Kotka-Hamina only) with the development company
        for i, a in enumerate(assoc[:-1]):
            tie(a, assoc[i + 1], "yhteistyö", None, 2)
        if s == "082":
            for a in assoc:
                tie(a, _BROKER, "yhteinen hanke", None, 2)
        else:
            tie(assoc[0], "A0820", "yhteistyö", None, 1)  # linked to Kotka's associations
    # maakunta-wide links between the towns' public actors
    for a, b in (("M081", "M082"), ("M091", "M093"), ("T082", "T091"), ("D081", "D082")):
        tie(a, b, "yhteistyö", None, 2)
    ties_df = pd.DataFrame(ties, columns=["Mistä", "Mihin", "Laji", "Vahvuus", "Kausi"])
    return actors, ties_df


def events(actors: pd.DataFrame, rng: np.random.Generator, n: int = 600) -> pd.DataFrame:
    """The raw newcomer event log: ``Henkilö, Kunta, Vaihe, Päivä``."""
    towns = list(_SK_TOWNS.values())
    rows = []
    for p in range(n):
        town = towns[p % len(towns)]
        day = pd.Timestamp("2018-01-01") + pd.Timedelta(days=int(rng.integers(0, 365 * 5)))
        rows.append((f"P{p:04d}", town, "attraction", day))
        for _, to, prob, mean_days in _TRANSITIONS:
            if rng.random() >= prob:
                break
            day = day + pd.Timedelta(days=int(rng.gamma(2.0, mean_days / 2)) + 1)
            if day > pd.Timestamp("2024-12-31"):
                break
            rows.append((f"P{p:04d}", town, to, day))
    out = pd.DataFrame(rows, columns=["Henkilö", "Kunta", "Vaihe", "Päivä"])
    out["Päivä"] = out["Päivä"].dt.strftime("%d.%m.%Y")
    return out
