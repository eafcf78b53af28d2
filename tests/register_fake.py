"""A stand-in for Statistics Finland's establishment counter (Toimipaikkalaskuri, PxWeb v1), for
tests only: never the network.

The counter is served as the PxWeb API serves a table (metadata on GET, JSON-stat 2.0 on POST,
through :class:`statfin_fake.FakeStatFin`), laid out as public uses of its table by
municipality show it: ``Kunta`` (``SSS`` and three-digit codes with names), ``Toimiala``
(``SSS``, section letters, divisions and five-digit classes with their letter, e.g.
``S96021``) and ``Henkilöstön suuruusluokka`` (a total, the register's classes ``0 - 4
henkeä`` … ``1 000 - henkeä`` and "Ei vielä tiedossa"). Optional layouts: the older one (bare
five-digit codes under ``Toimiala2008``, no sections), a year, and a measure with personnel.

The numbers come from the demo frame: each of its size classes is split over the register's
classes by a fixed rule, each section over two divisions and their classes, plus a known
number of establishments of unknown size. Summing them back must give the demo frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from statfin_fake import Table, _var

from kokka_analysis import codes, labels, regions

LONG_ID = "tplask_toimipaikkalaskuri_pxt_14if_fi.px"
#: register class -> (survey class, share of that class's count it takes; the last takes the
#: rest)
REGISTER_CLASSES = [
    ("1", "0 - 4 henkeä", "0-9"), ("2", "5 - 9 henkeä", "0-9"),
    ("3", "10 - 19 henkeä", "10-49"), ("4", "20 - 49 henkeä", "10-49"),
    ("5", "50 - 99 henkeä", "50-249"), ("6", "100 - 249 henkeä", "50-249"),
    ("7", "250 - 499 henkeä", "250+"), ("8", "500 - 999 henkeä", "250+"),
    ("9", "1 000 - henkeä", "250+"),
]  # fmt: skip
UNKNOWN_PER_CELL = 1  # establishments of unknown size per municipality x section with firms


def _divisions(section: str) -> list[str]:
    if section == "X":  # unknown industry: no divisions
        return ["X"]
    lo, hi = next((lo, hi) for lo, hi, s in codes._TOL_DIVISIONS if s == section)
    return [f"{lo:02d}", f"{hi:02d}"] if hi > lo else [f"{lo:02d}"]


def _split(n: int, k: int) -> list[int]:
    """n over k parts: the first takes the rest (a rule, not random)."""
    parts = [n // (k + 1)] * (k - 1)
    return [n - sum(parts), *parts]


def counter_cells(frame: pd.DataFrame, bare: bool = False) -> pd.DataFrame:
    """Leaf cells (kunta, five-digit class, register class) whose sums are ``frame``'s."""
    rows = []
    by_class: dict[str, list[tuple[str, str]]] = {}
    for code, text, cls in REGISTER_CLASSES:
        by_class.setdefault(cls, []).append((code, text))
    for r in frame.itertuples(index=False):
        divs = _divisions(r.industry)
        for div, n_div in zip(divs, _split(int(r.enterprises), len(divs)), strict=True):
            leaf = _leaf(r.industry, div, bare)
            classes = by_class[r.size_class]
            for (code, _), n in zip(classes, _split(n_div, len(classes)), strict=True):
                rows.append((r.region[2:], leaf, r.industry, div, code, n))
    for (kunta, section), _ in frame.groupby(["region", "industry"]):
        div = _divisions(section)[0]
        leaf = _leaf(section, div, bare)
        rows.append((kunta[2:], leaf, section, div, "99", UNKNOWN_PER_CELL))
    return pd.DataFrame(rows, columns=["kunta", "leaf", "section", "division", "size", "n"])


def _leaf(section: str, div: str, bare: bool) -> str:
    if section == "X":
        return "X"
    return f"{div}000" if bare else f"{section}{div}000"


def counter_table(
    frame: pd.DataFrame,
    *,
    path: str = LONG_ID,
    bare: bool = False,
    year: str | None = None,
    personnel: bool = False,
    subtotals: bool = False,
    years_descending: bool = False,
) -> Table:
    """The counter's table by municipality, from the demo frame (``enterprises`` table)."""
    cells = counter_cells(frame, bare)
    kunnat = sorted(cells["kunta"].unique())
    k_texts = ["KOKO MAA"] + [regions.get(f"KU{k}").name_fi for k in kunnat]
    # industry values: the total, then (unless bare) each section, its divisions and classes
    ind_codes, ind_texts, ind_members = ["SSS"], ["Kaikki toimialat"], {"SSS": None}
    for section in sorted(cells["section"].unique()):
        sec = cells[cells["section"] == section]
        if section == "X":  # unknown industry: one value at every layout
            ind_codes.append("X")
            ind_texts.append("X Toimiala tuntematon")
            ind_members["X"] = ("leaf", "X")
            continue
        if not bare:
            ind_codes.append(section)
            ind_texts.append(f"{section} {labels.INDUSTRIES[section][0]}")
            ind_members[section] = ("section", section)
        for div in sorted(sec["division"].unique()):
            if not bare:
                ind_codes.append(f"{section}{div}")
                ind_texts.append(f"{div} Toimialaluokka {div}")
                ind_members[f"{section}{div}"] = ("division", div)
            leaf = _leaf(section, div, bare)
            ind_codes.append(leaf)
            ind_texts.append(f"{div}000 Toimiala {div}000")
            ind_members[leaf] = ("leaf", leaf)
    size_codes = ["SSS"] + [c for c, _, _ in REGISTER_CLASSES] + ["99"]
    size_texts = ["Yhteensä"] + [t for _, t, _ in REGISTER_CLASSES] + ["Ei vielä tiedossa"]
    groups = {}
    if subtotals:  # grouped classes beside the detailed ones, as some tables have them
        groups = {"G1": ("0 - 9 henkeä", {"1", "2"}), "G7": ("250 - henkeä", {"7", "8", "9"})}
        size_codes += list(groups)
        size_texts += [t for t, _ in groups.values()]
    arr = np.zeros((len(kunnat) + 1, len(ind_codes), len(size_codes)))
    k_pos = {k: i + 1 for i, k in enumerate(kunnat)}
    s_pos = {s: i for i, s in enumerate(size_codes)}
    for c in cells.itertuples(index=False):
        for j, code in enumerate(ind_codes):
            what = ind_members[code]
            hit = (
                what is None
                or (what[0] == "section" and what[1] == c.section)
                or (what[0] == "division" and what[1] == c.division and code[0] == c.section)
                or (what[0] == "leaf" and what[1] == c.leaf)
            )
            if hit:
                extra = [s_pos[g] for g, (_, members) in groups.items() if c.size in members]
                for ki in (0, k_pos[c.kunta]):
                    for si in (0, s_pos[c.size], *extra):
                        arr[ki, j, si] += c.n
    variables = [
        _var("Kunta", "Kunta", ["SSS", *kunnat], k_texts, elimination=True),
        _var("Toimiala2008" if bare else "Toimiala", "Toimiala", ind_codes, ind_texts,
             elimination=True),
        _var("Henkilöstön suuruusluokka", "Henkilöstön suuruusluokka", size_codes, size_texts,
             elimination=True),
    ]  # fmt: skip
    if personnel:  # a measure variable: establishments and personnel (3 per establishment)
        variables.append(_var("Tiedot", "Tiedot", ["lkm", "henk"],
                              ["Toimipaikkojen lukumäärä", "Henkilöstö"]))  # fmt: skip
        arr = np.stack([arr, arr * 3.0], axis=-1)
    if year:  # a year: the older year has half the establishments
        order = [year, "2020"] if years_descending else ["2020", year]
        variables.insert(0, _var("Vuosi", "Vuosi", order, order, time=True))
        older = np.floor(arr / 2)
        arr = np.stack([arr, older] if years_descending else [older, arr], axis=0)
    title = "Toimipaikat kunnittain toimialan ja henkilöstön suuruusluokan mukaan"
    return Table(path, title, variables, arr)
