"""The synthetic employer survey of the demo and the business frame it is weighted to.

**Frame** (``enterprises``): enterprises and their employees by kunta, TOL section and size
class for the home regions' kunnat, from the demo's 2024 employment (private sections only:
public administration and education are left out, and about a third of health and social work
is private). Employees spread over size classes by section (manufacturing has the largest
firms), enterprises are employees over a typical firm size of the class.

**Survey** (``employer_survey``): a stratified sample of the frame, large firms sampled far
more often than small ones (as business surveys do), so unweighted results lean towards large
firms. Built-in effects, which the tests recover:

- small firms (under 50 employees) cite permits and bureaucracy and language as barriers more
  often than large firms (about +1 point on the 1-5 scale);
- manufacturing (C) plans the most hires: the highest hiring rate per employee and large firms;
- readiness (English as a working language, onboarding, experience of international staff)
  rises with firm size, the three items sharing one factor (Cronbach's alpha about 0.8);
- co-operation with educational institutions rises with firm size.

The export is read through :func:`kokka_analysis.employers.read_employer_survey`, exactly as an
analyst's file: a five-digit TOL code, the number of employees, Finnish Likert labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Size classes by employees (Statistics Finland's business register classes, grouped).
SIZE_CLASSES = ("0-9", "10-49", "50-249", "250+")
_SIZE_SHARE = {  # employees by size class within a section
    "default": (0.30, 0.25, 0.20, 0.25),
    "C": (0.08, 0.17, 0.25, 0.50),
    "Q": (0.25, 0.35, 0.25, 0.15),
    "I": (0.45, 0.35, 0.15, 0.05),
    "F": (0.40, 0.35, 0.15, 0.10),
}
_MEAN_SIZE = (3.0, 22.0, 110.0, 600.0)
_SAMPLE_P = (0.03, 0.25, 0.6, 0.85)  # share of the frame's firms sampled (and answering)
_PRIVATE = {"Q": 0.33}
_SECTIONS = tuple("ABCDEFGHIJKLMNQRS")
_HIRE_RATE = {"C": 0.16, "Q": 0.10, "F": 0.09, "H": 0.08, "I": 0.07}  # yearly, per employee
#: occupations each section hires (two-digit ISCO-08 groups, weights)
_OCCUPATIONS = {
    "C": {"72": 0.4, "81": 0.3, "21": 0.15, "31": 0.15},
    "F": {"71": 0.7, "31": 0.15, "93": 0.15},
    "G": {"52": 0.8, "41": 0.2},
    "H": {"83": 0.7, "93": 0.3},
    "I": {"51": 0.9, "91": 0.1},
    "J": {"25": 0.8, "24": 0.2},
    "M": {"21": 0.5, "24": 0.3, "33": 0.2},
    "N": {"91": 0.6, "41": 0.2, "33": 0.2},
    "Q": {"22": 0.3, "32": 0.3, "53": 0.4},
    "default": {"33": 0.3, "41": 0.2, "93": 0.3, "13": 0.2},
}
_TOL5 = {  # one real five-digit TOL code per section, as registers export them
    "A": "02200", "B": "08110", "C": "25620", "D": "35110", "E": "38110", "F": "41200",
    "G": "47111", "H": "49410", "I": "56101", "J": "62010", "K": "64190", "L": "68201",
    "M": "71121", "N": "81210", "Q": "87101", "R": "93120", "S": "96020",
}  # fmt: skip
BARRIERS = ("language", "permits", "recognition", "housing", "culture", "customers", "cost")
_BARRIER_BASE = {"language": 3.2, "permits": 2.9, "recognition": 2.8, "housing": 2.3,
                 "culture": 2.0, "customers": 2.4, "cost": 2.7}  # fmt: skip
_SMALL_EFFECT = {"language": 1.0, "permits": 1.1}
_LIKERT_FI = {1: "Ei lainkaan", 2: "Vähän", 3: "Jonkin verran", 4: "Paljon", 5: "Erittäin paljon"}
_THEMES = ["Lupaprosessit kestävät liian kauan.", "Suomen kieli on välttämätön asiakastyössä.",
           "Asuntoja ei löydy helposti.", "Perehdytys vie paljon aikaa.", ""]  # fmt: skip


def frame(employment: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The ``enterprises`` table: ``region, industry, size_class, enterprises, employees``."""
    emp = employment[(employment["year"] == employment["year"].max())
                     & employment["region"].astype(str).str.startswith("KU")]  # fmt: skip
    by = emp.groupby(["region", "industry"])["employed"].sum()
    rows = []
    for (region, section), employed in by.items():
        if section not in _SECTIONS or employed <= 0:
            continue
        private = employed * _PRIVATE.get(section, 1.0)
        shares = _SIZE_SHARE.get(section, _SIZE_SHARE["default"])
        for cls, share, mean in zip(SIZE_CLASSES, shares, _MEAN_SIZE, strict=True):
            firms = rng.poisson(private * share / mean)
            if firms > 0:
                rows.append((region, section, cls, int(firms), float(firms * mean)))
    out = pd.DataFrame(rows, columns=["region", "industry", "size_class", "enterprises",
                                      "employees"])  # fmt: skip
    return out.sort_values(["region", "industry", "size_class"], ignore_index=True)


def survey(enterprises: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The raw export of the demo employer survey (one row per responding firm)."""
    p = dict(zip(SIZE_CLASSES, _SAMPLE_P, strict=True))
    n = rng.binomial(enterprises["enterprises"].to_numpy(), enterprises["size_class"].map(p))
    firms = enterprises.loc[enterprises.index.repeat(n), ["region", "industry", "size_class"]]
    firms = firms.reset_index(drop=True)
    m = len(firms)
    lo = firms["size_class"].map({"0-9": 1, "10-49": 10, "50-249": 50, "250+": 250})
    hi = firms["size_class"].map({"0-9": 9, "10-49": 49, "50-249": 249, "250+": 2500})
    u = rng.random(m)
    employees = np.floor(np.exp(np.log(lo) + u * (np.log(hi + 1) - np.log(lo)))).astype(int)
    employees = np.clip(employees, lo, hi)
    small = firms["size_class"].isin(["0-9", "10-49"]).to_numpy()
    size_z = np.log(employees) / np.log(2500)  # 0 ... 1
    out = pd.DataFrame(
        {
            "Yritystunnus": [f"F{i:05d}" for i in range(1, m + 1)],
            "Kunta": firms["region"].str[2:].to_numpy(),
            "Toimiala (TOL 2008)": firms["industry"].map(_TOL5).to_numpy(),
            "Henkilöstö": employees,
        }
    )
    # planned hires in the next 12 months, by occupation
    rate = firms["industry"].map(_HIRE_RATE).fillna(0.05).to_numpy()
    hires = rng.poisson(employees * rate * rng.lognormal(0, 0.4, m))
    occ_cols: dict[str, np.ndarray] = {}
    for i, (section, h) in enumerate(zip(firms["industry"], hires, strict=True)):
        if h <= 0:
            continue
        prof = _OCCUPATIONS.get(section, _OCCUPATIONS["default"])
        draw = rng.multinomial(h, list(prof.values()))
        for occ, k in zip(prof, draw, strict=True):
            occ_cols.setdefault(occ, np.zeros(m, dtype=int))[i] += k
    for occ in sorted(occ_cols):
        out[f"hires_{occ}"] = occ_cols[occ]
    tight = firms["industry"].isin(["C", "Q"]).to_numpy()
    out["Rekrytoinnin vaikeus"] = _likert(2.8 + 0.8 * tight + rng.normal(0, 1, m))
    for b in BARRIERS:
        mean = _BARRIER_BASE[b] + _SMALL_EFFECT.get(b, 0.0) * small - 0.3 * size_z
        out[f"este_{b}"] = [_LIKERT_FI[v] for v in _likert(mean + rng.normal(0, 1, m))]
    factor = rng.normal(0, 1, m) + 2.0 * size_z
    for item in ("english", "onboarding", "experience"):
        out[f"valmius_{item}"] = _likert(1.9 + 0.9 * factor + rng.normal(0, 0.7, m))
    for kind, base in (("internships", -0.5), ("theses", -1.5), ("apprenticeships", -1.0)):
        prob = 1 / (1 + np.exp(-(base + 3.0 * size_z)))
        out[f"yhteistyo_{kind}"] = np.where(rng.random(m) < prob, "Kyllä", "Ei")
    out["Avoin vastaus"] = rng.choice(_THEMES, m)
    return out


def _likert(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x), 1, 5).astype(int)
