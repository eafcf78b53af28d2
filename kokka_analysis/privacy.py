"""Small-cell suppression: what may be published.

Every published count or rate must rest on at least ``min_n`` persons (default 5):
:func:`suppress` masks small cells (primary suppression); :func:`suppress_complementary` also
masks enough other cells that a masked one cannot be computed back from published totals
(secondary or complementary suppression).

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"group": ["a", "b"], "n": [12, 3]})
>>> suppress(df, "n")["n"].tolist()
[12.0, nan]
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)

MIN_N = 5


def suppress(
    df: pd.DataFrame,
    count_cols: str | Sequence[str],
    min_n: int = MIN_N,
    *,
    dependent_cols: Sequence[str] = (),
    base_col: str | None = None,
) -> pd.DataFrame:
    """Mask cells resting on fewer than ``min_n`` persons; add a ``suppressed`` flag column.

    Parameters
    ----------
    df
        A tidy table (not changed; a new frame is returned).
    count_cols
        Count columns checked against ``min_n`` (a zero count is not disclosive and is kept).
    min_n
        Smallest publishable number of persons.
    dependent_cols
        Columns (rates, intervals, means) masked together with a suppressed row.
    base_col
        If given, the row is suppressed when this base count (the denominator) is under
        ``min_n``, whatever the other counts say.

    Returns
    -------
    DataFrame
        With masked values as NaN (floats) and a boolean ``suppressed`` column.
    """
    cols = [count_cols] if isinstance(count_cols, str) else list(count_cols)
    missing = [
        c for c in [*cols, *dependent_cols, *([base_col] if base_col else [])] if c not in df
    ]
    if missing:
        raise KeyError(f"suppress: columns not in the table: {missing}")
    out = df.copy()
    cell_small = pd.DataFrame({c: (out[c] > 0) & (out[c] < min_n) for c in cols})
    row_small = pd.Series(False, index=out.index)
    if base_col:
        row_small |= out[base_col] < min_n
    for c in cols:
        out[c] = out[c].astype("float64").mask(cell_small[c] | row_small)
    for c in dependent_cols:
        out[c] = out[c].mask(row_small | cell_small.any(axis=1))
    prev = out["suppressed"] if "suppressed" in out else False
    out["suppressed"] = prev | row_small | cell_small.any(axis=1)
    return out


def _as_margins(group_cols: str | Sequence[str] | Sequence[Sequence[str]]) -> list[list[str]]:
    """``"a"`` / ``["a", "b"]`` is one margin; ``[["a"], ["b", "c"]]`` are several."""
    if isinstance(group_cols, str):
        return [[group_cols]]
    group_cols = list(group_cols)
    if group_cols and all(isinstance(g, str) for g in group_cols):
        return [list(group_cols)]
    return [[g] if isinstance(g, str) else list(g) for g in group_cols]


def _margin_ids(df: pd.DataFrame, margins: list[list[str]]) -> list[np.ndarray]:
    """For each margin, an integer id per row naming the margin group (total) it adds up to."""
    ids = []
    for cols in margins:
        if cols:
            ids.append(
                df.groupby(cols, sort=False, dropna=False, observed=True).ngroup().to_numpy()
            )
        else:  # the grand total
            ids.append(np.zeros(len(df), dtype=int))
    return ids


def _determined(hidden: np.ndarray, ids: list[np.ndarray]) -> np.ndarray:
    """Which hidden cells are fixed exactly by the published totals (linear algebra).

    Unknowns are the hidden cells; each margin group gives one equation (its total minus the
    shown cells). A cell is determined iff its unit vector lies in the row space of those
    equations.
    """
    cells = np.flatnonzero(hidden)
    if len(cells) == 0:
        return np.zeros(0, dtype=int)
    rows = []
    for mid in ids:
        for g in np.unique(mid[cells]):
            rows.append((mid[cells] == g).astype(float))
    a = np.array(rows)
    rank = np.linalg.matrix_rank(a)
    fixed = []
    for j in range(len(cells)):  # a few dozen hidden cells at most in a published table
        e = np.zeros(len(cells))
        e[j] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, e])) == rank:
            fixed.append(cells[j])
    return np.array(fixed, dtype=int)


def _components(cells: np.ndarray, ids: list[np.ndarray]) -> list[np.ndarray]:
    """Hidden cells grouped by shared margin totals (they can only be narrowed together)."""
    parent = {int(c): int(c) for c in cells}

    def find(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for mid in ids:
        first: dict[int, int] = {}
        for c in cells:
            g = int(mid[c])
            if g in first:
                parent[find(int(c))] = find(first[g])
            else:
                first[g] = int(c)
    groups: dict[int, list[int]] = {}
    for c in cells:
        groups.setdefault(find(int(c)), []).append(int(c))
    return [np.array(v) for v in groups.values()]


def feasible_ranges(
    values: np.ndarray, hidden: np.ndarray, ids: list[np.ndarray]
) -> dict[int, tuple[float, float]]:
    """What the published totals reveal of each hidden cell: its smallest and largest value.

    The unknowns are the hidden cells, non-negative; every margin group with a hidden cell
    gives one equation (its total minus its shown cells). Each range is two linear programs
    (the standard audit of a suppressed table, as in tau-Argus), solved per connected block of
    hidden cells. ``values`` must hold the true counts of the hidden cells too.
    """
    from scipy.optimize import linprog

    out: dict[int, tuple[float, float]] = {}
    cells = np.flatnonzero(hidden)
    for block in _components(cells, ids):
        rows, rhs = [], []
        for mid in ids:
            for g in np.unique(mid[block]):
                rows.append((mid[block] == g).astype(float))
                rhs.append(float(values[block][mid[block] == g].sum()))
        a_eq, b_eq = np.array(rows), np.array(rhs)
        for j, cell in enumerate(block):
            e = np.zeros(len(block))
            e[j] = 1.0
            lo = linprog(e, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            hi = linprog(-e, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            low = lo.fun if lo.status == 0 else 0.0
            high = -hi.fun if hi.status == 0 else np.inf
            out[int(cell)] = (float(low), float(high))
    return out


def suppress_complementary(
    df: pd.DataFrame,
    count_col: str,
    group_cols: str | Sequence[str] | Sequence[Sequence[str]],
    min_n: int = MIN_N,
    *,
    dependent_cols: Sequence[str] = (),
    hide: Sequence[bool] | np.ndarray | None = None,
) -> pd.DataFrame:
    """Primary and complementary (secondary) suppression of one count column.

    Primary: counts between 1 and ``min_n - 1`` are masked (cells already NaN count as masked),
    and so are the cells flagged in ``hide``. Secondary: the totals of each *margin* are
    assumed published (or derivable), so a masked cell must not be recoverable by
    subtraction. Within every margin group that has exactly one masked cell, the smallest other
    non-zero cell is masked too; then an exact check (each masked cell must not be fixed by
    the system of published totals) and an interval check (the smallest and largest value the
    totals allow each primary cell, by linear programming, must be at least ``min_n`` apart)
    add cells until no primary cell can be computed back or narrowed below ``min_n``, as
    statistical offices audit tables with margins. Cells that were NaN on input have no known
    value: their margin groups are left out of the interval check.

    Parameters
    ----------
    df
        A tidy table (not changed), one row per cell.
    count_col
        The count column.
    group_cols
        The margins whose totals are published: a column name or list of names is one margin
        (cells with equal values there add up to a shown total); a list of lists gives several
        margins, e.g. ``[["variable", "status"], ["variable", "level"]]`` for a two-way table
        with row and column totals; ``[[]]`` is the grand total.
    min_n
        Smallest publishable count.
    dependent_cols
        Columns (shares, rates) masked together with their row's count.

    Returns
    -------
    DataFrame
        ``count_col`` as float with masked cells NaN, dependent columns masked, and a boolean
        ``suppressed`` column (OR-ed with an existing one).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"year": [1, 1, 1], "dest": ["a", "b", "c"], "n": [3, 40, 12]})
    >>> suppress_complementary(df, "n", "year")["n"].tolist()
    [nan, 40.0, nan]
    """
    missing = [c for c in [count_col, *dependent_cols] if c not in df]
    margins = _as_margins(group_cols)
    missing += [c for m in margins for c in m if c not in df]
    if missing:
        raise KeyError(f"suppress_complementary: columns not in the table: {missing}")
    out = df.copy()
    values = out[count_col].astype("float64").to_numpy()
    unknown = np.isnan(values)
    primary = (values > 0) & (values < min_n)
    if hide is not None:
        primary |= np.asarray(hide, dtype=bool)
    hidden = unknown | primary
    ids = _margin_ids(out, margins)
    # margin groups with a cell of unknown value cannot be audited for intervals
    unknown_groups = [set(mid[unknown].tolist()) for mid in ids]

    def candidate(rows: np.ndarray) -> int | None:
        """The cell to mask next among ``rows``: the smallest shown non-zero, else a zero."""
        shown = rows[~hidden[rows]]
        if len(shown) == 0:
            return None
        nonzero = shown[values[shown] > 0]
        pool = nonzero if len(nonzero) else shown
        return int(pool[np.argmin(values[pool])])

    for _ in range(len(out) + 1):  # each round masks at least one more cell, or stops
        changed = False
        for mid in ids:  # margin groups with exactly one masked cell
            per_group = pd.Series(hidden).groupby(mid).sum()
            for g in per_group.index[per_group == 1]:
                pick = candidate(np.flatnonzero(mid == g))
                if pick is not None:
                    hidden[pick] = changed = True
        if not changed:
            fixed = _determined(hidden, ids)
            for cell in fixed:
                for mid in ids:
                    pick = candidate(np.flatnonzero(mid == mid[cell]))
                    if pick is not None:
                        hidden[pick] = changed = True
                        break
                if changed:
                    break
            if len(fixed) and not changed:
                log.warning(
                    "suppress_complementary: %d masked cells remain derivable from totals "
                    "(every other cell of their margins is masked already)",
                    len(fixed),
                )
        if not changed:
            auditable = hidden & ~np.isnan(values)
            for mid, bad in zip(ids, unknown_groups, strict=True):
                if bad:
                    auditable &= ~np.isin(mid, list(bad))
            ranges = feasible_ranges(np.nan_to_num(values), auditable, ids)
            narrow = [c for c, (lo, hi) in ranges.items() if primary[c] and hi - lo < min_n]
            for cell in narrow:
                for mid in ids:
                    pick = candidate(np.flatnonzero(mid == mid[cell]))
                    if pick is not None:
                        hidden[pick] = changed = True
                        break
                if changed:
                    break
            if narrow and not changed:
                log.warning(
                    "suppress_complementary: %d masked cells keep a range under %d "
                    "(every other cell of their margins is masked already)",
                    len(narrow),
                    min_n,
                )
        if not changed:
            break
    out[count_col] = pd.Series(values, index=out.index).mask(hidden)
    for c in dependent_cols:
        out[c] = out[c].mask(hidden)
    prev = out["suppressed"].to_numpy(dtype=bool) if "suppressed" in out else False
    out["suppressed"] = prev | hidden
    return out
