import numpy as np
import pandas as pd
import pytest

from kokka_analysis import privacy


def test_small_cells_masked_and_flagged_input_untouched():
    df = pd.DataFrame({"g": list("abcd"), "n": [10, 4, 0, 5], "rate": [0.5, 0.25, np.nan, 0.2]})
    out = privacy.suppress(df, "n", min_n=5, dependent_cols=["rate"])
    assert out["n"].tolist()[0] == 10 and np.isnan(out["n"][1]) and out["n"][2] == 0
    assert np.isnan(out["rate"][1]) and out["rate"][3] == 0.2
    assert out["suppressed"].tolist() == [False, True, False, False]
    assert df["n"].tolist() == [10, 4, 0, 5]  # not mutated


def test_base_column_suppresses_whole_row():
    df = pd.DataFrame({"n": [3, 20], "stayed": [3, 15], "rate": [1.0, 0.75]})
    out = privacy.suppress(df, ["stayed"], base_col="n", dependent_cols=["rate"])
    assert out["suppressed"].tolist() == [True, False]
    assert np.isnan(out.loc[0, "rate"]) and np.isnan(out.loc[0, "stayed"])


def test_missing_column_error():
    with pytest.raises(KeyError, match="persons"):
        privacy.suppress(pd.DataFrame({"n": [1]}), "persons")


def _recoverable(df, count_col, margins):
    """Hidden cells fixed exactly by the margin totals (independent rank computation)."""
    hidden = df[count_col].isna().to_numpy()
    cells = np.flatnonzero(hidden)
    rows = []
    for cols in margins:
        groups = df.groupby(cols).indices.values() if cols else [np.arange(len(df))]
        for idx in groups:
            vec = np.zeros(len(cells))
            vec[np.isin(cells, idx)] = 1
            if vec.any():
                rows.append(vec)
    if not rows:
        return []
    a = np.array(rows)
    r = np.linalg.matrix_rank(a)
    return [
        c
        for j, c in enumerate(cells)
        if np.linalg.matrix_rank(np.vstack([a, np.eye(len(cells))[j]])) == r
    ]


def test_complementary_one_margin():
    df = pd.DataFrame({"h": [1, 1, 1, 3, 3, 3], "o": list("abcabc"), "n": [50, 3, 20, 40, 0, 9]})
    out = privacy.suppress_complementary(df, "n", "h", min_n=5)
    # h=1: 3 hidden, and the next smallest (20) too; h=3: nothing small (0 is not disclosive)
    assert out["n"].isna().tolist() == [False, True, True, False, False, False]
    assert out["suppressed"].tolist() == out["n"].isna().tolist()
    assert df["n"].tolist() == [50, 3, 20, 40, 0, 9]


def test_complementary_two_way_table_cannot_be_recovered():
    rng = np.random.default_rng(1)
    counts = rng.integers(0, 30, size=(6, 4))
    counts[0, 0], counts[2, 3], counts[4, 1] = 2, 1, 4
    df = pd.DataFrame(
        [(r, c, counts[r, c]) for r in range(6) for c in range(4)], columns=["row", "col", "n"]
    )
    margins = [["row"], ["col"], []]  # row totals, column totals and the grand total shown
    out = privacy.suppress_complementary(df, "n", margins, min_n=5)
    shown = out["n"].dropna()
    assert ((shown == 0) | (shown >= 5)).all()
    assert out["n"].isna().sum() >= 4
    assert _recoverable(out, "n", margins) == []
    for cols in (["row"], ["col"]):
        assert (out.groupby(cols)["n"].apply(lambda s: s.isna().sum()) != 1).all()


def test_complementary_bridge_between_cycles_is_closed():
    # Two 2x2 blocks of small cells joined by one small cell would leave that cell derivable
    # from row and column totals; the exact check must mask more.
    counts = np.full((4, 4), 50)
    for r, c in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)]:
        counts[r, c] = 2
    df = pd.DataFrame(
        [(r, c, counts[r, c]) for r in range(4) for c in range(4)], columns=["row", "col", "n"]
    )
    out = privacy.suppress_complementary(df, "n", [["row"], ["col"]], min_n=5)
    assert _recoverable(out, "n", [["row"], ["col"]]) == []


def test_complementary_keeps_existing_masks_and_dependents():
    df = pd.DataFrame({"g": [1, 1, 1], "n": [np.nan, 30, 40], "share": [0.1, 0.4, 0.5]})
    out = privacy.suppress_complementary(df, "n", "g", dependent_cols=["share"])
    assert out["n"].isna().tolist() == [True, True, False]
    assert out["share"].isna().tolist() == [True, True, False]
    with pytest.raises(KeyError, match="zz"):
        privacy.suppress_complementary(df, "n", "zz")


def _integer_ranges(true: np.ndarray, hidden: np.ndarray) -> dict[tuple[int, int], tuple]:
    """Independent audit by brute force: every non-negative integer filling of the hidden
    cells of a small two-way table that gives the published row and column totals; the
    smallest and largest value each hidden cell takes."""
    import itertools

    cells = list(zip(*np.nonzero(hidden), strict=True))
    row_tot, col_tot = true.sum(axis=1), true.sum(axis=0)
    known = np.where(hidden, 0, true)
    bounds = [range(int(min(row_tot[r], col_tot[c])) + 1) for r, c in cells[:-1]]
    seen = {c: [np.inf, -np.inf] for c in cells}
    for combo in itertools.product(*bounds):
        fill = known.copy()
        for (r, c), v in zip(cells[:-1], combo, strict=True):
            fill[r, c] = v
        r, c = cells[-1]
        fill[r, c] = row_tot[r] - fill[r].sum()
        if fill[r, c] < 0:
            continue
        if (fill.sum(axis=1) == row_tot).all() and (fill.sum(axis=0) == col_tot).all():
            for cell in cells:
                seen[cell][0] = min(seen[cell][0], fill[cell])
                seen[cell][1] = max(seen[cell][1], fill[cell])
    return {c: tuple(v) for c, v in seen.items()}


def test_no_primary_cell_can_be_narrowed_below_min_n():
    """Random 3 x 3 tables with row and column totals: before the interval check about one
    primary cell in five had a range under min_n; now every primary cell keeps >= min_n,
    audited by brute-force enumeration (not the library's linear programs)."""
    rng = np.random.default_rng(3)
    checked = 0
    for _ in range(40):
        true = rng.integers(0, 12, size=(3, 3))
        true[rng.integers(0, 3), rng.integers(0, 3)] = rng.integers(1, 5)
        df = pd.DataFrame(
            [(r, c, true[r, c]) for r in range(3) for c in range(3)], columns=["row", "col", "n"]
        )
        out = privacy.suppress_complementary(df, "n", [["row"], ["col"]], min_n=5)
        hidden = out["n"].isna().to_numpy().reshape(3, 3)
        if not hidden.any() or hidden.sum() > 5:
            continue
        primary = (true > 0) & (true < 5)
        for cell, (lo, hi) in _integer_ranges(true, hidden).items():
            if primary[cell]:
                checked += 1
                assert hi - lo >= 5, (true.tolist(), hidden.tolist(), cell, lo, hi)
    assert checked >= 10


def test_feasible_ranges_by_hand():
    # one margin: a + b = 7 with a = 2 hidden and b = 5 hidden: each can be 0..7
    values = np.array([2.0, 5.0, 30.0])
    ids = [np.array([0, 0, 0])]
    ranges = privacy.feasible_ranges(values, np.array([True, True, False]), ids)
    assert ranges == {0: (0.0, 7.0), 1: (0.0, 7.0)}
    # hidden 1 and 2 in one group: each 0..3 -> too narrow for min_n = 5, so more is masked
    df = pd.DataFrame({"g": [1, 1, 1, 1], "n": [1, 2, 40, 50]})
    out = privacy.suppress_complementary(df, "n", "g", min_n=5)
    assert out["n"].isna().tolist() == [True, True, True, False]
