"""The estimation step (kokka_analysis.sources.estimation) against independent computations:
IPF against the closed form of a 2x2 table and the independence table, rounding against its
promises (total kept, no cell moved by 1 or more), and the population estimate against the
margins it was made from."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kokka_analysis import labels
from kokka_analysis.sources.estimation import combine_population, ipf, round_keep_total


# --- IPF -------------------------------------------------------------------------------------
def _closed_form_2x2(seed, rows, cols) -> np.ndarray:
    """The 2x2 table with row sums ``rows``, column sums ``cols`` and the seed's odds ratio
    theta = s11 s22 / (s12 s21). With x = m11: m12 = r1 - x, m21 = c1 - x, m22 = r2 - c1 + x,
    and x (r2 - c1 + x) = theta (r1 - x)(c1 - x), a quadratic in x:
    (1 - theta) x^2 + (r2 - c1 + theta (r1 + c1)) x - theta r1 c1 = 0."""
    (s11, s12), (s21, s22) = seed
    (r1, r2), (c1, _) = rows, cols
    theta = s11 * s22 / (s12 * s21)
    a, b, c = 1 - theta, r2 - c1 + theta * (r1 + c1), -theta * r1 * c1
    if abs(a) < 1e-12:
        roots = [-c / b]
    else:
        d = math.sqrt(b * b - 4 * a * c)
        roots = [(-b + d) / (2 * a), (-b - d) / (2 * a)]
    low, high = max(0.0, c1 - r2), min(r1, c1)
    (x,) = [x for x in roots if low < x < high]  # exactly one root gives a positive table
    return np.array([[x, r1 - x], [c1 - x, r2 - c1 + x]])


@pytest.mark.parametrize(
    ("seed", "rows", "cols"),
    [
        ([[1, 1], [1, 1]], [3, 7], [4, 6]),  # independence: m11 = 3 * 4 / 10 = 1.2
        ([[2, 1], [1, 2]], [5, 5], [5, 5]),  # odds ratio 4: m11 = 10 / 3
        ([[1, 1], [1, 3]], [4, 6], [5, 5]),  # odds ratio 3: m11 = 7 - sqrt(19)
        ([[30, 5], [2, 40]], [120, 80], [90, 110]),
        ([[0.2, 9], [4, 0.5]], [10, 1000], [600, 410]),
    ],
)
def test_ipf_fits_both_margins_and_matches_the_2x2_closed_form(seed, rows, cols):
    seed, rows, cols = (np.array(v, dtype=float) for v in (seed, rows, cols))
    m = ipf(seed, rows, cols)
    np.testing.assert_allclose(m.sum(axis=1), rows, rtol=1e-9)
    np.testing.assert_allclose(m.sum(axis=0), cols, rtol=1e-9)
    np.testing.assert_allclose(m, _closed_form_2x2(seed, rows, cols), rtol=1e-6)


def test_ipf_hand_examples():
    m = ipf(np.ones((2, 2)), np.array([3.0, 7.0]), np.array([4.0, 6.0]))
    np.testing.assert_allclose(m, [[1.2, 1.8], [2.8, 4.2]], rtol=1e-9)
    m = ipf(np.array([[1.0, 1.0], [1.0, 3.0]]), np.array([4.0, 6.0]), np.array([5.0, 5.0]))
    assert m[0, 0] == pytest.approx(7 - math.sqrt(19), rel=1e-6)


def test_ipf_with_a_uniform_seed_is_the_independence_table():
    rows = np.array([10.0, 0.0, 25.0, 65.0])
    cols = np.array([50.0, 30.0, 20.0])
    m = ipf(np.ones((4, 3)), rows, cols)
    np.testing.assert_allclose(m, np.outer(rows, cols) / 100, atol=1e-9)  # a zero row stays 0


def test_ipf_ends_on_the_columns_when_the_totals_differ():
    rows, cols = np.array([3.0, 7.0]), np.array([6.0, 6.0])  # totals 10 and 12
    m = ipf(np.array([[2.0, 1.0], [1.0, 2.0]]), rows, cols)
    np.testing.assert_allclose(m.sum(axis=0), cols, rtol=1e-12)


# --- rounding ------------------------------------------------------------------------------
def test_round_keep_total_hand_example():
    got = round_keep_total(np.array([[1.6, 2.3], [0.2, 0.9]]))
    assert got.tolist() == [[2.0, 2.0], [0.0, 1.0]]  # 5 in all: the remainders .9 and .6 go up


@pytest.mark.parametrize("shape", [(1,), (7,), (18, 3), (4, 5, 2)])
def test_round_keep_total_keeps_the_total_and_moves_no_cell_by_one(shape):
    rng = np.random.default_rng(sum(shape))
    for scale in (0.3, 1.0, 17.0, 2500.0):
        x = rng.random(shape) * scale
        got = round_keep_total(x)
        assert got.shape == x.shape
        assert np.array_equal(got, np.round(got))  # whole numbers
        assert got.sum() == round(x.sum())
        assert np.abs(got - x).max() < 1
        # largest remainders: every cell that went up had a remainder at least as large as
        # every cell that went down
        up = got > np.floor(x)
        if up.any() and (~up).any():
            rest = x - np.floor(x)
            assert rest[up].min() >= rest[~up].max()


def test_round_keep_total_leaves_whole_numbers_alone():
    x = np.array([[3.0, 0.0], [12.0, 5.0]])
    assert np.array_equal(round_keep_total(x), x)


# --- the population estimate ------------------------------------------------------------------
BANDS = list(labels.AGE_GROUPS)
LANGS = list(labels.LANGUAGE_GROUPS)


def _margins():
    """Kotka (KU285), one year, one sex: an age margin, a language margin with another total
    (the two tables need not agree exactly) and a foreign-background count."""
    ages = np.arange(len(BANDS), dtype=float) * 7 + 40  # 40, 47, …, 159
    age = pd.DataFrame({"region": "KU285", "year": 2024, "sex": "male", "age_group": BANDS,
                        "persons": ages})  # fmt: skip
    lang = pd.DataFrame({"region": "KU285", "year": 2024, "sex": "male", "language_group": LANGS,
                         "persons": [1500.0, 40.0, 190.0]})  # fmt: skip
    origin = pd.DataFrame({"region": "KU285", "year": 2024, "sex": "male",
                           "background": ["finnish", "foreign"], "persons": [1500.0, 150.0]})  # fmt: skip
    return age, lang, origin


def test_population_from_margins_alone_is_the_rounded_independence_table():
    age, lang, _ = _margins()
    pop, notes = combine_population(age, lang)
    cells = pop.groupby(["age_group", "language_group"])["persons"].sum()
    cells = cells.unstack().reindex(index=BANDS, columns=LANGS)
    rows = age["persons"].to_numpy()
    cols = lang["persons"].to_numpy() * rows.sum() / lang["persons"].sum()
    expected = np.outer(rows, cols) / rows.sum()  # computed here, not by ipf
    assert np.abs(cells.to_numpy() - expected).max() < 1
    np.testing.assert_array_equal(cells.sum(axis=1).to_numpy(), rows)  # age margin exact
    assert np.abs(cells.sum(axis=0).to_numpy() - cols).max() < len(BANDS)
    # no origin table: foreign background = the foreign-language residents
    by = pop.groupby(["background", "language_group"])["persons"].sum()
    assert by["foreign"].get("fi", 0) == 0 and by["foreign"].get("sv", 0) == 0
    assert by["foreign"]["other"] == cells["other"].sum()
    en = " ".join(n["en"] for n in notes)
    assert "no language × age table" in en and "no origin table" in en
    assert "their cross (background × language × age) is estimated" in en


def test_population_takes_the_age_profile_of_each_language_from_the_maakunta():
    age, lang, origin = _margins()
    # Kymenlaakso (MK08): the foreign-language residents are all under 35
    young = [b for b in BANDS if int(b.split("-")[0].rstrip("+")) < 35]
    seed = pd.DataFrame([
        {"region": "MK08", "year": 2024, "sex": "male", "age_group": b, "language_group": g,
         "persons": 100.0 if g != "other" or b in young else 0.0}
        for b in BANDS for g in LANGS
    ])  # fmt: skip
    pop, notes = combine_population(age, lang, seed, origin)
    cells = pop.groupby(["age_group", "language_group"])["persons"].sum().unstack()
    other = cells["other"].reindex(BANDS)
    assert other[young].sum() >= 189 and other.drop(young).sum() <= 1  # seed 0 -> ~0
    np.testing.assert_array_equal(cells.sum(axis=1).reindex(BANDS).to_numpy(),
                                  age["persons"].to_numpy())  # fmt: skip
    # foreign background (150) is found among the foreign-language (190) first
    foreign = pop[pop["background"] == "foreign"]
    assert abs(foreign["persons"].sum() - 150) <= 1
    assert set(foreign.loc[foreign["persons"] > 0, "language_group"]) == {"other"}
    en = " ".join(n["en"] for n in notes)
    assert "no language × age table" not in en and "no origin table" not in en


def test_population_from_margins_that_share_no_cell_is_an_error():
    """An age table by sex beside a language table for both sexes only: nothing to cross, a
    clear error rather than an empty population stored without complaint."""
    from kokka_analysis.sources.statfin import StatFinError

    age, lang, _ = _margins()
    with pytest.raises(StatFinError, match="share no region × year × sex"):
        combine_population(age, lang.assign(sex="total"))
