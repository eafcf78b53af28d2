"""Estimating the crosses StatFin does not publish (population, employment) from its margins.

This module is the whole estimation step of ``kokka fetch --source statfin``; the planning,
fetching and tidying around it are in :mod:`.statfin_tables`, which calls
:func:`combine_population` and :func:`combine_employment` with tidy margin tables. Everything
here is deterministic: the same margins give the same table.

Population (:func:`combine_population`)
---------------------------------------
*Estimated*: persons by region × year × sex × 5-year age group (0-4 … 85+) × language group
(fi, sv, other; Sami counts with fi) × background (finnish, foreign).

*From*: StatFin's age × sex margin by municipality (11re), its language × sex margin (11rm),
optionally the language × age × sex cross for maakunnat (11rl) and the number of
foreign-background residents (11rv, with or without sex).

For every region × year × sex:

1. The language margin is scaled to the age margin's total (the two tables count the same
   residents; the scaling absorbs small differences between them).
2. Seed: the language × age cross of the region itself if there is one, else of its maakunta,
   else of the whole country (``SSS``). Each age row of the seed is turned into language shares
   (plus 1e-6, so no language is ruled out) and multiplied by the region's persons of that age.
   When none of them has the cross for that year and sex (e.g. without 11rl) the seed is all
   ones: each language group then gets the region's overall age profile (independence).
3. :func:`ipf` fits the seed to the age margin (rows) and the scaled language margin (columns)
   with a fixed 50 sweeps.
4. Foreign background: the total is 11rv's (when 11rv has no sex, the region's total times this
   sex's share of the region's residents); without 11rv, or when 11rv lacks the region, it is
   the foreign-language total of the fitted table. It is capped at the region's persons and
   given first to the foreign-language cells, in proportion to them; what is left over goes to
   the fi/sv cells in proportion.
5. Rounding to whole persons with :func:`round_keep_total`: each age row of the fitted table on
   its own (so every age × sex total stays the whole-person total of its row), and the
   foreign-background table as a whole, then capped cell by cell at the rounded fitted table;
   finnish background is the rest.

So the age × sex margins are exact (as far as IPF's row sums have converged, see below), the
language × sex and foreign-background margins hold to within rounding (a few persons), and the
cross background × language × age is an estimate.

Employment (:func:`combine_employment`)
---------------------------------------
*Estimated*: employed by region × year × industry (TOL 2008 section) × age group (15-24 …
65-74).

*From*: the employed by industry (115i) and the employed by age (115b, main type of activity
"employed"). A 115i-like table that has age groups itself is used as it is, with no note.

For every region × year, the age shares of the region's employed (of its maakunta, or of the
whole country, when the region has no employed-by-age figures for that year) split each
industry's total; each industry's split is rounded with :func:`round_keep_total`. Industry
totals stay exact; each age total is within one person per industry of the age shares applied
to the region's industry total (it equals 115b's figure as far as 115i and 115b count the same
employed). Every industry gets the region's age structure, so the replacement demand by
industry shows the region's ageing, not each industry's own.

IPF (:func:`ipf`)
-----------------
Iterative proportional fitting (raking): a sweep scales every row of the table to its row
target, then every column to its column target. The number of sweeps is fixed (50 by default);
there is no tolerance test and no warning when the fit has not converged. 1e-9 is added to
every seed cell first, so a zero in the seed is not a structural zero. After the last sweep the
column sums equal their targets (to floating point); the row sums are as close as 50 sweeps
get. These tables are small (18 × 3) with positive seeds: on the test data (the demo tables
served as StatFin tables) no row sum is off by more than 1e-10 persons. The two targets must
have the same total for both to hold; when they do not, the columns win.

Rounding (:func:`round_keep_total`)
-----------------------------------
Largest remainders: every cell is rounded down, and the cells with the largest fractional parts
get one more each until the whole-number total equals the original total rounded to a whole
number. No cell moves by 1 or more.

Notes
-----
Both combine functions return ``(table, notes)``; each note is ``{"fi": …, "en": …}``
(:func:`note`), kept in the table's ``attrs["notes"]`` and the store's manifest, and shown on the
pages. :func:`combine_population` always adds the note that the margins are exact or kept to
within rounding and the cross is estimated; it adds a note when there was no language × age
table (independence seed), when there was no origin table (foreign background = foreign
language), and when region × year × sex cells had only one of the age and language margins
(those cells are left out). :func:`combine_employment` adds the note that the age split is
estimated from the region's age structure, and one naming the regions whose age structure was
borrowed from their maakunta or the whole country.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import labels, regions, schemas
from ..errors import KokkaError
from .statfin import StatFinError


def ipf(seed: np.ndarray, rows: np.ndarray, cols: np.ndarray, iters: int = 50) -> np.ndarray:
    """Fit ``seed`` (a 2-D table) to the row sums ``rows`` and column sums ``cols``.

    Iterative proportional fitting: ``iters`` sweeps, each scaling the rows to ``rows`` and
    then the columns to ``cols`` (a row or column that sums to zero is left as it is). 1e-9 is
    added to every seed cell first. There is no convergence test: after the last sweep the
    column sums are ``cols``; the row sums are ``rows`` to the extent the sweeps have
    converged, and exactly only when ``rows`` and ``cols`` have the same total. The fitted
    table keeps the seed's odds ratios (interaction), which is what makes it the estimate.

    Examples
    --------
    A uniform seed gives the independence table, ``rows[i] * cols[j] / total``:

    >>> ipf(np.ones((2, 2)), np.array([3.0, 7.0]), np.array([4.0, 6.0])).round(6).tolist()
    [[1.2, 1.8], [2.8, 4.2]]

    A seed that favours the diagonal keeps its odds ratio ``(2 * 2) / (1 * 1) = 4``:

    >>> m = ipf(np.array([[2.0, 1.0], [1.0, 2.0]]), np.array([5.0, 5.0]), np.array([5.0, 5.0]))
    >>> m.round(6).tolist()
    [[3.333333, 1.666667], [1.666667, 3.333333]]
    >>> round(float(m[0, 0] * m[1, 1] / (m[0, 1] * m[1, 0])), 6)
    4.0
    """
    m = seed.astype(float) + 1e-9
    for _ in range(iters):
        m *= (rows / np.where(m.sum(axis=1) > 0, m.sum(axis=1), 1))[:, None]
        m *= cols / np.where(m.sum(axis=0) > 0, m.sum(axis=0), 1)
    return m


def round_keep_total(x: np.ndarray) -> np.ndarray:
    """Whole numbers with the same (rounded) total: largest remainders get the leftovers.

    Every cell is rounded down; the ``round(x.sum() - floor(x).sum())`` cells with the largest
    fractional parts get 1 more. The result sums to ``round(x.sum())`` (Python's ``round``:
    halves to even), keeps the shape of ``x`` and differs from ``x`` by less than 1 in every
    cell. The values are floats with whole values.

    Examples
    --------
    >>> round_keep_total(np.array([0.6, 0.3, 1.1])).tolist()  # total 2: 0.6 is the largest rest
    [1.0, 0.0, 1.0]
    >>> round_keep_total(np.array([[1.6, 2.3], [0.2, 0.9]])).tolist()  # total 5: 0.9 and 0.6
    [[2.0, 2.0], [0.0, 1.0]]
    >>> round_keep_total(np.array([2.0, 3.0])).tolist()  # whole numbers stay as they are
    [2.0, 3.0]
    """
    flat = x.ravel()
    base = np.floor(flat)
    short = int(round(flat.sum() - base.sum()))
    if short > 0:
        base[np.argsort(base - flat)[:short]] += 1
    return base.reshape(x.shape)


def note(fi: str, en: str) -> dict[str, str]:
    """A note for the pages, in Finnish and English (kept in the manifest and ``attrs``).

    >>> note("Arvio.", "Estimate.")
    {'fi': 'Arvio.', 'en': 'Estimate.'}
    """
    return {"fi": fi, "en": en}


def _seed_regions(code: str) -> list[str]:
    """Where to look for a region's profile (language × age, or the age structure of the
    employed): the region itself, its maakunta, Finland."""
    out = [code]
    if code != "SSS":
        try:
            out.append(regions.parent(code, "maakunta").code)
        except KokkaError:
            pass
    return out + ["SSS"]


def combine_population(
    age: pd.DataFrame,
    language: pd.DataFrame,
    language_age: pd.DataFrame | None = None,
    origin: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, list[dict]]:
    """The tidy ``population`` table from StatFin's margins (see the module notes).

    ``age``: region, year, sex, age_group, persons. ``language``: region, year, sex,
    language_group, persons. ``language_age`` (optional): the same crossed, for maakunnat —
    the seed of each municipality's language × age fit. ``origin`` (optional): region, year,
    [sex,] background, persons.
    """
    notes = []
    bands = list(labels.AGE_GROUPS)
    langs = list(labels.LANGUAGE_GROUPS)
    a = age.pivot_table(index=["region", "year", "sex"], columns="age_group", values="persons",
                        aggfunc="sum", fill_value=0).reindex(columns=bands, fill_value=0)  # fmt: skip
    lg = language.pivot_table(index=["region", "year", "sex"], columns="language_group",
                              values="persons", aggfunc="sum",
                              fill_value=0).reindex(columns=langs, fill_value=0)  # fmt: skip
    seeds: dict[tuple, np.ndarray] = {}
    if language_age is not None and not language_age.empty:
        la = language_age.groupby(["region", "year", "sex", "age_group", "language_group"])[
            "persons"
        ].sum()
        for (r, y, s), grp in la.groupby(level=[0, 1, 2]):
            seeds[(r, y, s)] = (
                grp.droplevel([0, 1, 2]).unstack(fill_value=0)
                .reindex(index=bands, columns=langs, fill_value=0).to_numpy(float)
            )  # fmt: skip
    else:
        notes.append(note(
            "Väestö: kieli × ikä -taulukkoa ei ollut; kunkin kunnan kieliryhmille on annettu "
            "kunnan koko väestön ikärakenne.",
            "Population: no language × age table; each municipality's language groups are "
            "given its overall age profile.",
        ))  # fmt: skip
    fb = None
    by_sex = origin is not None and "sex" in origin.columns
    if origin is not None and not origin.empty:
        idx = ["region", "year"] + (["sex"] if by_sex else [])
        fb = origin[origin["background"] == "foreign"].groupby(idx)["persons"].sum().to_dict()
    else:
        notes.append(note(
            "Väestö: syntyperätaulukkoa ei ollut; ulkomaalaistaustaisiksi on luettu "
            "vieraskieliset.",
            "Population: no origin table; foreign background = foreign-language residents.",
        ))  # fmt: skip
    common = a.index.intersection(lg.index)
    if common.empty:
        raise StatFinError(
            "population: the age and the language tables share no region × year × sex (e.g. "
            "one gives both sexes only); the population cannot be put together from them."
        )
    dropped = len(a.index.union(lg.index)) - len(common)
    if dropped:
        notes.append(note(
            f"{dropped} alue × vuosi × sukupuoli -solulta puuttuu ikä- tai kielitieto.",
            f"{dropped} region × year × sex cells lack either age or language data.",
        ))  # fmt: skip
    # margins as arrays, one row per region x year x sex (looked up by position: fast for
    # the whole country's some 9,000 cells)
    a_rows = a.reindex(common).to_numpy(float)
    lg_rows = lg.reindex(common).to_numpy(float)
    both_sexes = a.sum(axis=1).groupby(level=[0, 1]).sum().to_dict()
    blocks = np.zeros((len(common), 2, len(bands), len(langs)), dtype=np.int64)
    for i, key in enumerate(common):
        region, year, sex = key
        rows = a_rows[i]
        cols = lg_rows[i]
        if cols.sum() > 0:
            cols = cols * rows.sum() / cols.sum()  # two tables, one total
        seed = None
        for code in _seed_regions(region):
            seed = seeds.get((code, year, sex))
            if seed is not None:
                break
        if seed is None:
            seed = np.ones((len(bands), len(langs)))
        else:
            seed = seed / np.where(seed.sum(axis=1, keepdims=True) > 0,
                                   seed.sum(axis=1, keepdims=True), 1) + 1e-6  # fmt: skip
            seed = rows[:, None] * seed
        joint = ipf(seed, rows, cols)
        # foreign background: among the foreign-language first, then fi/sv in proportion
        foreign_total = joint[:, 2].sum()  # without origin data: the foreign-language
        if fb is not None:
            if by_sex:
                got = fb.get((region, year, sex))
            else:  # origin without sex: this sex's share of the region's residents
                got = fb.get((region, year))
                if got is not None:
                    both = both_sexes.get((region, year), 0.0)
                    got = got * rows.sum() / both if both > 0 else 0.0
            if got is not None and not pd.isna(got):
                foreign_total = float(got)
        foreign_total = min(foreign_total, joint.sum())
        f = np.zeros_like(joint)
        other = joint[:, 2]
        take = min(foreign_total, other.sum())
        if other.sum() > 0:
            f[:, 2] = other * take / other.sum()
        rest = foreign_total - take
        dom = joint[:, :2]
        if rest > 0 and dom.sum() > 0:
            f[:, :2] = dom * rest / dom.sum()
        whole = np.vstack([round_keep_total(r) for r in joint])  # age margins stay exact
        f_whole = np.minimum(round_keep_total(np.clip(f, 0, None)), whole)
        blocks[i, 0], blocks[i, 1] = f_whole, whole - f_whole
    # one row per cell x background x age x language, in that order
    per_cell = 2 * len(bands) * len(langs)
    pop = pd.DataFrame(
        {
            "age_group": np.tile(np.repeat(bands, len(langs)), 2 * len(common)),
            "language_group": np.tile(langs, 2 * len(common) * len(bands)),
            "persons": blocks.ravel(),
            "region": np.repeat(common.get_level_values(0).to_numpy(), per_cell),
            "year": np.repeat(common.get_level_values(1).to_numpy(), per_cell),
            "sex": np.repeat(common.get_level_values(2).to_numpy(), per_cell),
            "background": np.tile(np.repeat(["foreign", "finnish"], per_cell // 2), len(common)),
        }
    )
    notes.append(note(
        "Väestö: StatFinin ikä × sukupuoli -jakaumat ovat tarkat; kieli × sukupuoli ja "
        "ulkomaalaistaustaisten määrät pyöristystä (muutama henkilö) vaille tarkat; niiden "
        "ristiintaulukointi (tausta × kieli × ikä) on estimoitu.",
        "Population: StatFin's age × sex margins are exact; language × sex and foreign-"
        "background margins are kept to within rounding (a few persons); their cross "
        "(background × language × age) is estimated.",
    ))  # fmt: skip
    return pop[schemas.KEYS["population"] + ["persons"]], notes


def combine_employment(
    industry: pd.DataFrame, age: pd.DataFrame | None, age_table: str | None = None
) -> tuple[pd.DataFrame, list[dict]]:
    """The tidy ``employment`` table from the employed by industry and the employed by age.

    ``industry``: region, year, industry, [age_group,] employed — used as it is when it has
    ``age_group``. Otherwise ``age`` (region, year, age_group, employed) gives each region's
    age structure of the employed (its maakunta's, or Finland's, when the region is missing),
    and every industry is split by it: industry totals stay exact, age totals to within
    rounding. ``age_table`` is the id of the employed-by-age table, for the error raised when
    ``age`` is missing.
    """
    if "age_group" in industry.columns:
        return industry[schemas.KEYS["employment"] + ["employed"]], []
    if age is None or age.empty:
        raise StatFinError(
            "employment: the industry table has no age groups and the employed-by-age table"
            f"{f' ({age_table})' if age_table else ''} could not be used. Name a table with "
            "industry × age, or one with the employed by age: `kokka fetch --table "
            "employment=ID` / `--table employment_age=ID`."
        )
    bands = list(labels.WORK_AGE_GROUPS)
    profile = age.pivot_table(index=["region", "year"], columns="age_group", values="employed",
                              aggfunc="sum", fill_value=0).reindex(columns=bands, fill_value=0)  # fmt: skip
    profiles = dict(zip(profile.index, profile.to_numpy(float), strict=True))
    frames, borrowed = [], set()
    for (region, year), grp in industry.groupby(["region", "year"], sort=True):
        shares = None
        for code in _seed_regions(region):
            found = profiles.get((code, year))
            if found is not None and found.sum() > 0:
                shares = found
                if code != region:
                    borrowed.add(f"{region} {year} ({code})")
                break
        if shares is None:
            raise StatFinError(
                f"employment: no employed-by-age figures for {region} in {year}, nor for its "
                "maakunta or the whole country."
            )
        shares = shares / shares.sum()
        totals = grp["employed"].to_numpy(float)
        cells = np.vstack([round_keep_total(t * shares) for t in totals])
        industries = grp["industry"].to_numpy()
        frames.append((region, year, industries, cells))  # industry x age band
    # one row per region x year x age band x industry, in that order
    emp = pd.DataFrame(
        {
            "industry": np.concatenate([np.tile(i, len(bands)) for _, _, i, _ in frames]),
            "age_group": np.concatenate([np.repeat(bands, len(i)) for _, _, i, _ in frames]),
            "employed": np.concatenate([c.T.ravel() for *_, c in frames]).round(),
            "region": np.concatenate([np.repeat(r, c.size) for r, _, _, c in frames]),
            "year": np.concatenate([np.repeat(y, c.size) for _, y, _, c in frames]),
        }
    )
    emp["employed"] = emp["employed"].astype("int64")
    notes = [note(
        "Työlliset: StatFin julkaisee työlliset toimialoittain ja ikäryhmittäin, ei molempien "
        "mukaan. Toimialojen summat ovat StatFinin; kunkin toimialan ikäryhmät on estimoitu "
        "alueen työllisten ikärakenteesta, joten toimialan poistuma kuvaa alueen, ei toimialan "
        "omaa ikääntymistä.",
        "Employment: StatFin publishes the employed by industry and by age, not by both. "
        "Industry totals are StatFin's; each industry's age groups are estimated from the "
        "region's age structure of the employed, so replacement demand by industry shows the "
        "region's ageing, not each industry's own.",
    )]  # fmt: skip
    if borrowed:
        which = ", ".join(sorted(borrowed)[:8]) + (" …" if len(borrowed) > 8 else "")
        notes.append(note(
            f"Työlliset: ikärakenne lainattu maakunnalta tai koko maalta: {which}",
            f"Employment: age structure borrowed from the maakunta or Finland for {which}",
        ))  # fmt: skip
    return emp[schemas.KEYS["employment"] + ["employed"]], notes
