"""Small-cell suppression: what may be published.

Every published count or rate must rest on at least ``min_n`` persons (default 5).

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"group": ["a", "b"], "n": [12, 3]})
>>> suppress(df, "n")["n"].tolist()
[12.0, nan]
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

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
