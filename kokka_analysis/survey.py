"""Survey microdata: Likert summaries, scale reliability and age bands.

Works on the ``survey`` microdata (DESIGN section 4): one row per respondent with ``q_*``
Likert items coded 1-5 (1 = fully disagree ... 5 = fully agree) or missing (NA).

Every published share must rest on at least ``min_n`` respondents: groups with fewer
answers to an item have their shares, mean and top-2 share masked.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"q_safe": [5, 4, 4, 2, None, 5]})
>>> likert_summary(df, ["q_safe"])["share"].round(2).tolist()
[0.0, 0.2, 0.0, 0.4, 0.4]
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import privacy
from .errors import DataFormatError, KokkaError

log = logging.getLogger(__name__)

#: Likert levels, 1 = fully disagree ... 5 = fully agree.
LEVELS = (1, 2, 3, 4, 5)
#: Age bands used in survey reports.
AGE_BANDS = ("15-29", "30-44", "45-64", "65+")
_AGE_BAND_EDGES = (15, 30, 45, 65, np.inf)


def age_band_survey(age: pd.Series) -> pd.Series:
    """Survey age bands ``15-29``, ``30-44``, ``45-64``, ``65+`` as an ordered categorical.

    Ages under 15 and missing ages get no band (NaN). The index of ``age`` is kept, so the
    result can be assigned as a new column.

    Examples
    --------
    >>> import pandas as pd
    >>> age_band_survey(pd.Series([15, 29, 30, 64, 65])).tolist()
    ['15-29', '15-29', '30-44', '45-64', '65+']
    """
    age = pd.to_numeric(pd.Series(age), errors="coerce")
    return pd.cut(
        age, bins=list(_AGE_BAND_EDGES), labels=list(AGE_BANDS), right=False, ordered=True
    ).rename("age_band")


def _check_columns(df: pd.DataFrame, columns: Sequence[str]) -> None:
    for col in columns:
        if col not in df.columns:
            raise DataFormatError(
                f"the column {col!r} is missing; the survey has {list(df.columns)}.",
                source="survey",
                column=col,
            )


def _check_items(df: pd.DataFrame, items: Sequence[str]) -> pd.DataFrame:
    """The items as floats 1-5 / NaN, or a DataFormatError naming the column and rows."""
    values = {}
    for item in items:
        raw = df[item]
        num = pd.to_numeric(raw, errors="coerce")
        bad = (raw.notna() & num.isna()) | (num.notna() & ~num.isin(LEVELS))
        if bad.any():
            shown = raw[bad].unique()[:5].tolist()
            raise DataFormatError(
                f"Likert answers must be 1-5 or missing; found {shown}.",
                source="survey",
                rows=df.index[bad].tolist(),
                column=item,
                hint="Text answers ('Täysin samaa mieltä') must be coded 1-5 when reading.",
            )
        values[item] = num.astype("float64")
    return pd.DataFrame(values, index=df.index)


def likert_summary(
    df: pd.DataFrame,
    items: str | Sequence[str],
    by: str | Sequence[str] | None = None,
    weights: str | None = None,
    min_n: int = privacy.MIN_N,
) -> pd.DataFrame:
    """Share of answers at each Likert level, mean and top-2 share per item (and group).

    Parameters
    ----------
    df
        Survey microdata (not changed) with the item columns coded 1-5 or NA.
    items
        Item column(s), e.g. ``["q_jobs", "q_career"]``.
    by
        Group column(s), or None for all respondents. Add derived groups first, e.g.
        ``df.assign(age_band=age_band_survey(df["age"]))``. Missing group values form their
        own (NaN) group.
    weights
        Name of a weight column (e.g. from ``rake``), or None for equal weights.
    min_n
        Smallest publishable number of answers in a group (see :mod:`kokka_analysis.privacy`).

    Returns
    -------
    DataFrame
        One row per group, item and level with columns ``[*by, item, level, share, n, mean,
        top2, suppressed]``:

        - ``level``: 1-5
        - ``share``: weighted share of the group's non-missing answers at that level (0-1);
          the five levels of a group and item sum to 1
        - ``n``: unweighted number of non-missing answers in the group for the item
        - ``mean``: weighted mean answer; ``top2``: weighted share of answers 4 or 5
        - ``suppressed``: True where ``n < min_n``; ``n``, ``share``, ``mean`` and ``top2`` are
          then NaN

        Sorted by the ``by`` columns, items in the given order, and level. ``attrs`` are
        copied from ``df``.

    Raises
    ------
    DataFormatError
        If a column is missing, an answer is not 1-5, or weights are missing or negative.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"g": ["a"] * 5 + ["b"] * 2, "q": [1, 2, 4, 5, 5, 3, 3]})
    >>> out = likert_summary(df, "q", by="g")
    >>> out.loc[out.level == 5, ["g", "n", "mean", "top2", "suppressed"]]
       g  n  mean  top2  suppressed
    4  a  5   3.4   0.6       False
    9  b  2   NaN   NaN        True
    """
    item_list = [items] if isinstance(items, str) else list(items)
    by_cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    if not item_list:
        raise ValueError("likert_summary: give at least one item column.")
    _check_columns(df, [*by_cols, *item_list, *([weights] if weights else [])])
    answers = _check_items(df, item_list)

    if weights is None:
        w = pd.Series(1.0, index=df.index)
    else:
        w = pd.to_numeric(df[weights], errors="coerce")
        bad = w.isna() | (w < 0)
        if bad.any():
            raise DataFormatError(
                "weights must be non-negative numbers and not missing.",
                source="survey",
                rows=df.index[bad].tolist(),
                column=weights,
            )

    # Long format: one row per respondent and item, with the weight put on the level given.
    wide = pd.concat([df[by_cols], answers], axis=1).assign(_w=w.to_numpy())
    long = wide.melt(id_vars=[*by_cols, "_w"], value_vars=item_list, var_name="item")
    long["_answered"] = long["value"].notna()
    level_cols = [f"_w{level}" for level in LEVELS]
    for level, col in zip(LEVELS, level_cols, strict=True):  # five levels, not persons
        long[col] = long["_w"].where(long["value"] == level, 0.0)
    sums = (
        long.groupby([*by_cols, "item"], sort=False, observed=True, dropna=False)[
            ["_answered", *level_cols]
        ]
        .sum()
        .reset_index()
    )

    weighted = sums[level_cols].to_numpy(dtype="float64")
    total = weighted.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(total > 0, weighted / np.where(total > 0, total, 1), np.nan)
    n = sums["_answered"].to_numpy(dtype="int64")
    small = n < min_n
    shares[small] = np.nan
    mean = shares @ np.array(LEVELS, dtype="float64")
    top2 = shares[:, 3] + shares[:, 4]

    n_levels = len(LEVELS)
    out = sums[[*by_cols, "item"]].loc[sums.index.repeat(n_levels)].reset_index(drop=True)
    out["level"] = np.tile(np.array(LEVELS, dtype="int64"), len(sums))
    out["share"] = shares.ravel()
    # the group size is a published count too: masked when 0 < n < min_n (DESIGN section 7)
    out["n"] = np.repeat(np.where(small & (n > 0), np.nan, n.astype("float64")), n_levels)
    out["mean"] = np.repeat(mean, n_levels)
    out["top2"] = np.repeat(top2, n_levels)
    out["suppressed"] = np.repeat(small, n_levels)

    order = {item: i for i, item in enumerate(item_list)}
    out = (
        out.assign(_item_order=out["item"].map(order))
        .sort_values([*by_cols, "_item_order", "level"], kind="stable", ignore_index=True)
        .drop(columns="_item_order")
    )
    out.attrs = dict(df.attrs)
    log.debug(
        "likert_summary: %d items by %s, %d groups suppressed",
        len(item_list), by_cols, int(small.sum()),
    )  # fmt: skip
    return out


def cronbach_alpha(df: pd.DataFrame, items: Sequence[str]) -> float:
    """Cronbach's alpha of a scale made of ``items`` (respondents with any missing item dropped).

    ``alpha = k / (k - 1) * (1 - sum(item variances) / variance(total score))`` with sample
    variances (``ddof=1``).

    Parameters
    ----------
    df
        Survey microdata (not changed).
    items
        At least two item columns coded 1-5 or NA.

    Returns
    -------
    float
        Alpha; NaN if the total score does not vary.

    Raises
    ------
    DataFormatError
        If a column is missing or an answer is not 1-5.
    KokkaError
        If fewer than two items, or fewer than two complete respondents.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 3, 3, 5], "c": [1, 3, 2, 5]})
    >>> round(cronbach_alpha(df, ["a", "b", "c"]), 4)
    0.9559
    """
    item_list = list(items)
    if len(item_list) < 2:
        raise KokkaError(f"Cronbach's alpha needs at least two items; got {item_list}.")
    _check_columns(df, item_list)
    complete = _check_items(df, item_list).dropna()
    if len(complete) < 2:
        raise KokkaError(
            f"Cronbach's alpha needs at least two respondents who answered all of {item_list}; "
            f"found {len(complete)}."
        )
    k = len(item_list)
    item_var = complete.var(ddof=1).sum()
    total_var = complete.sum(axis=1).var(ddof=1)
    if total_var == 0:
        log.warning("cronbach_alpha: the total score of %s does not vary", item_list)
        return float("nan")
    alpha = k / (k - 1) * (1 - item_var / total_var)
    log.debug("cronbach_alpha: %d items, %d complete respondents", k, len(complete))
    return float(alpha)
