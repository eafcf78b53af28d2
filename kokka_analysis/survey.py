"""Survey microdata: Likert summaries, scale reliability and age bands.

Works on the ``survey`` microdata (DESIGN section 4): one row per respondent with ``q_*``
Likert items coded 1-5 (1 = fully disagree ... 5 = fully agree) or missing (NA).

Every published share must rest on at least ``min_n`` respondents: groups with fewer
answers to an item have their shares, mean and top-2 share masked.

The sentences about these tables (``weighting_findings``, ``stay_findings`` and the rest) and
the notices of a survey that lacks something live in :mod:`kokka_analysis.text.survey`; they
are re-exported here.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"q_image": [5, 4, 4, 2, None, 5]})
>>> likert_summary(df, ["q_image"], min_n=1)["share"].round(2).tolist()
[0.0, 0.2, 0.0, 0.4, 0.4]
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import labels, privacy, schemas
from .errors import DataFormatError, KokkaError
from .text import column_label
from .text.survey import (  # noqa: F401  (the sentences, re-exported: this module's API)
    EFFECT_NAMES,
    GROUPING_NAMES,
    comparison_findings,
    group_label,
    inferred_notice,
    item_profile_findings,
    missing_role_notice,
    stay_findings,
    theme_findings,
    weighting_findings,
    weighting_note,
)

log = logging.getLogger(__name__)

#: Header texts of the survey tables for :func:`kokka_analysis.report.table`.
COLUMN_LABELS = labels.SURVEY_COLUMNS

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
    schemas.require_columns(df, list(columns), "survey")


def _check_items(df: pd.DataFrame, items: Sequence[str]) -> pd.DataFrame:
    """The items as floats 1-5 / NaN, or a DataFormatError naming the column and rows."""
    values = {}
    for item in items:
        raw = df[item]
        if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
            arr = raw.to_numpy(dtype="float64", na_value=np.nan)
            with np.errstate(invalid="ignore"):
                ok = np.isnan(arr) | ((arr >= 1) & (arr <= 5) & (arr % 1 == 0))
            if ok.all():  # the common case, checked without pandas per-value work
                values[item] = arr
                continue
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


def _group_codes(df: pd.DataFrame, by_cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Group number of each row (missing group values form their own group) and the keys."""
    if not by_cols:
        return np.zeros(len(df), dtype="int64"), pd.DataFrame(index=[0])
    grouped = df.groupby(by_cols, observed=True, dropna=False, sort=True)
    codes = grouped.ngroup().to_numpy(dtype="int64")
    keys = grouped.size().reset_index()[by_cols]
    return codes, keys


def _vertex_ranges(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Smallest and largest value of each x >= 0 with ``a x = b`` (a few unknowns): the
    optimum of a linear program lies at a vertex, and with at most five unknowns every vertex
    (basic solution) can be listed. None if no solution is found."""
    from itertools import combinations

    k = a.shape[1]
    rank = np.linalg.matrix_rank(a)
    if rank == 0:
        return None
    lo, hi, found = np.full(k, np.inf), np.full(k, -np.inf), False
    for cols in combinations(range(k), rank):
        sub = a[:, cols]
        if np.linalg.matrix_rank(sub) < rank:
            continue
        sol, *_ = np.linalg.lstsq(sub, b, rcond=None)
        if not np.allclose(sub @ sol, b, atol=1e-6) or (sol < -1e-9).any():
            continue
        x = np.zeros(k)
        x[list(cols)] = sol
        lo, hi, found = np.minimum(lo, x), np.maximum(hi, x), True
    return (lo, hi) if found else None


def _protect_levels(
    counts: np.ndarray, hidden: np.ndarray, primary: np.ndarray, min_n: int, top_ok: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mask more levels until no primary level can be narrowed below ``min_n`` from the group
    size, the mean and the top-2 share (where ``top_ok``: published beside the shares); if
    even all levels hidden are not enough, the top-2 share goes, then the mean.
    Returns (hidden, mean_ok, top2_ok)."""
    levels = np.array(LEVELS, dtype=float)
    hidden = hidden.copy()
    mean_ok = np.ones(len(counts), dtype=bool)
    top2_ok = top_ok.copy()

    def narrow(r: int, use_mean: bool, use_top: bool) -> bool:
        h = np.flatnonzero(hidden[r])
        shown = ~hidden[r]
        rows = [np.ones(len(h))]
        rhs = [counts[r].sum() - counts[r, shown].sum()]
        if use_mean:
            rows.append(levels[h])
            rhs.append((levels * counts[r]).sum() - (levels[shown] * counts[r, shown]).sum())
        if use_top:
            rows.append((levels[h] >= 4).astype(float))
            rhs.append(counts[r, 3:].sum() - counts[r, 3:][shown[3:]].sum())
        ranges = _vertex_ranges(np.vstack(rows), np.array(rhs))
        return ranges is not None and ((ranges[1] - ranges[0])[primary[r, h]] < min_n).any()

    for r in np.flatnonzero(primary.any(axis=1)):  # group-items with a handful somewhere
        while narrow(r, True, top2_ok[r]):
            candidates = np.flatnonzero(~hidden[r])
            if len(candidates):
                hidden[r, candidates[np.argmin(counts[r, candidates])]] = True
            elif top2_ok[r]:
                top2_ok[r] = False  # every level hidden: the top-2 share goes first ...
            else:
                mean_ok[r] = False  # ... then the mean
                break
    return hidden, mean_ok, top2_ok


def _hidden_levels(
    counts: np.ndarray, n: np.ndarray, min_n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which level shares to mask (group-items x levels), and whether the mean and the top-2
    share may be shown: a count, or the rest of the group, between 1 and ``min_n - 1`` is
    masked (primary), then enough further levels that no masked one can be computed, or
    narrowed below ``min_n``, from the group's published size (:func:`kokka_analysis.privacy.
    suppress_complementary`), its mean and its top-2 share (:func:`_protect_levels`); a top-2
    share resting on 1 to ``min_n - 1`` answers (or all but that many) is not shown.
    For weighted summaries the unweighted counts stand in for the weighted shares.

    Returns (hidden, mean_ok, top2_ok).
    """
    rest = n[:, None] - counts
    primary = ((counts > 0) & (counts < min_n)) | ((rest > 0) & (rest < min_n))
    top_n = counts[:, 3] + counts[:, 4]
    top_ok = ~(((top_n > 0) & (top_n < min_n)) | ((n - top_n > 0) & (n - top_n < min_n)))
    if not primary.any():
        return primary, np.ones(len(counts), dtype=bool), top_ok
    rows = np.flatnonzero(primary.any(axis=1))
    long = pd.DataFrame({"cell": np.repeat(rows, counts.shape[1]), "count": counts[rows].ravel()})
    masked = privacy.suppress_complementary(
        long, "count", "cell", min_n, hide=primary[rows].ravel()
    )["suppressed"]
    out = np.zeros_like(primary)
    out[rows] = masked.to_numpy(dtype=bool).reshape(len(rows), counts.shape[1])
    return _protect_levels(counts, out, primary, min_n, top_ok)


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
        Item column(s), e.g. ``["q_work", "q_future"]``.
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
        - ``suppressed``: True where ``n < min_n`` (``n``, ``share``, ``mean`` and ``top2`` are
          then NaN), or where the level's share is masked: its count, or the rest of the
          group, is between 1 and ``min_n - 1``, or it is masked so that such a count can be
          neither computed nor narrowed below ``min_n`` from the group size, the other shares,
          the mean and the top-2 share (every possible value is checked); only when that is
          impossible are ``mean`` and ``top2`` masked. ``top2`` is also masked when it rests
          on 1 to ``min_n - 1`` answers itself

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
    >>> out = likert_summary(df, "q", by="g", min_n=1)
    >>> out.loc[out.level == 5, ["g", "n", "mean", "top2", "suppressed"]]
       g    n  mean  top2  suppressed
    4  a  5.0   3.4   0.6       False
    9  b  2.0   3.0   0.0       False
    >>> likert_summary(df, "q", by="g", min_n=3)["suppressed"].tolist()[:5]
    [True, True, True, True, True]
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

    # Per group and item, the weight at each level: one bincount per item (no long format).
    codes, keys = _group_codes(df, by_cols)
    n_groups = len(keys)
    wv = w.to_numpy(dtype="float64")
    n_levels = len(LEVELS)
    weighted = np.empty((n_groups * len(item_list), n_levels))
    counts = np.empty((n_groups * len(item_list), n_levels))
    n = np.empty(n_groups * len(item_list), dtype="int64")
    for j, item in enumerate(item_list):
        v = answers[item].to_numpy()
        ok = ~np.isnan(v)
        idx = codes[ok] * n_levels + (v[ok].astype("int64") - 1)
        sl = slice(j * n_groups, (j + 1) * n_groups)
        weighted[sl] = np.bincount(idx, weights=wv[ok], minlength=n_groups * n_levels).reshape(
            n_groups, n_levels
        )
        counts[sl] = np.bincount(idx, minlength=n_groups * n_levels).reshape(n_groups, n_levels)
        n[sl] = np.bincount(codes[ok], minlength=n_groups)
    # rows: item-major here; reordered below to group, item, level
    sums = pd.concat([keys] * len(item_list), ignore_index=True)
    sums["item"] = np.repeat(np.array(item_list, dtype=object), n_groups)
    present = np.tile(np.bincount(codes, minlength=n_groups) > 0, len(item_list))
    sums, weighted, n = sums[present].reset_index(drop=True), weighted[present], n[present]
    counts = counts[present]

    total = weighted.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(total > 0, weighted / np.where(total > 0, total, 1), np.nan)
    small = n < min_n
    shares[small] = np.nan
    mean = shares @ np.array(LEVELS, dtype="float64")
    top2 = shares[:, 3] + shares[:, 4]
    hidden, mean_ok, top2_ok = _hidden_levels(counts, n, min_n)
    hidden &= ~small[:, None]
    shares[hidden] = np.nan
    # a masked level must not be recoverable from the mean or the top-2 share shown beside
    # the other shares, and a top-2 share must not rest on a handful (see _hidden_levels)
    mean[~mean_ok] = np.nan
    top2[~top2_ok] = np.nan

    out = sums[[*by_cols, "item"]].loc[sums.index.repeat(n_levels)].reset_index(drop=True)
    out["level"] = np.tile(np.array(LEVELS, dtype="int64"), len(sums))
    out["share"] = shares.ravel()
    # the group size is a published count too: masked when 0 < n < min_n (DESIGN section 7)
    out["n"] = np.repeat(np.where(small & (n > 0), np.nan, n.astype("float64")), n_levels)
    out["mean"] = np.repeat(mean, n_levels)
    out["top2"] = np.repeat(top2, n_levels)
    out["suppressed"] = np.repeat(small, n_levels) | hidden.ravel()

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


# --- weighting ------------------------------------------------------------------------------
def _margin_codes(
    df: pd.DataFrame, col: str, target: pd.Series, unmatched: str
) -> tuple[np.ndarray, np.ndarray]:
    """Category codes of ``df[col]`` in the order of ``target`` (-1 = not in the margin)."""
    cats = pd.Index(target.index)
    if cats.has_duplicates:
        raise KokkaError(f"rake: the margin {col!r} lists a category twice.")
    codes = cats.get_indexer(pd.Index(df[col])).astype("int64")  # -1: not in the margin
    outside = codes < 0
    if outside.any() and unmatched == "error":
        shown = pd.unique(df.loc[outside, col].astype(object))[:5].tolist()
        raise DataFormatError(
            f"values {shown} are not in the margin (categories {list(cats)}).",
            source="survey",
            rows=df.index[outside].tolist(),
            column=col,
            hint="Recode them, or rake with unmatched='ignore' to leave them out of this margin.",
        )
    values = pd.to_numeric(target, errors="coerce").to_numpy(dtype="float64")
    if np.isnan(values).any() or (values < 0).any():
        raise KokkaError(f"rake: the margin {col!r} has missing or negative targets.")
    return codes, values


def rake(
    df: pd.DataFrame,
    margins: dict[str, pd.Series],
    max_iter: int = 100,
    tol: float = 1e-8,
    *,
    base_weights: pd.Series | str | None = None,
    trim: tuple[float, float] | None = None,
    unmatched: str = "error",
) -> pd.Series:
    """Raking weights (iterative proportional fitting) to marginal targets (DESIGN section 5).

    Parameters
    ----------
    df
        Survey microdata (not changed) with one column per margin, e.g. ``age_band``, ``sex``,
        ``region``.
    margins
        ``{column: Series(target, index=category)}``. Targets are proportions (each margin sums
        to 1) or totals (e.g. persons; every margin must then have the same sum). See
        :func:`population_margins`.
    max_iter, tol
        At most ``max_iter`` sweeps; stop when every weighted margin share is within ``tol`` of
        its target share.
    base_weights
        Design weights (a Series or a column name) to start from; default 1.
    trim
        ``(low, high)`` bounds as multiples of the mean weight, e.g. ``(0.2, 5)``; weights are
        clipped and the margins refitted, alternately. The margins then hold only
        approximately if the bounds bind (a warning is logged).
    unmatched
        ``"error"`` (default): a value outside a margin's categories (e.g. sex ``other``, a
        missing age) is an error. ``"ignore"``: such rows are not adjusted on that margin, and
        the margin's shares hold among the rows that have one of its categories.

    Returns
    -------
    Series
        ``weight`` on ``df``'s index. Scaled to mean 1 for proportion margins, to the margin
        total for totals. ``attrs``: ``iterations``, ``converged``, ``design_effect`` (Kish,
        ``n * sum(w**2) / sum(w)**2``), ``effective_n`` (``n / design_effect``), ``trimmed``.

    Raises
    ------
    DataFormatError
        A margin column is missing or has values outside the margin (``unmatched="error"``).
    KokkaError
        A target category with a positive target but no respondents, or inconsistent totals.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sex": ["m", "m", "m", "f", "f"], "young": [1, 0, 1, 0, 1]})
    >>> w = rake(df, {"sex": pd.Series({"m": 0.5, "f": 0.5}), "young": pd.Series({1: .5, 0: .5})})
    >>> round(float(w[df.sex == "m"].sum() / w.sum()), 6)
    0.5
    """
    if unmatched not in ("error", "ignore"):
        raise ValueError("rake: unmatched must be 'error' or 'ignore'.")
    if not margins:
        raise ValueError("rake: give at least one margin.")
    _check_columns(df, list(margins))
    n = len(df)
    if n == 0:
        raise KokkaError("rake: the survey has no respondents.")
    if base_weights is None:
        w = np.ones(n)
    else:
        bw = df[base_weights] if isinstance(base_weights, str) else base_weights
        w = pd.to_numeric(pd.Series(bw), errors="coerce").to_numpy(dtype="float64").copy()
        if np.isnan(w).any() or (w < 0).any():
            raise DataFormatError("base weights must be non-negative numbers.", source="survey")

    fitted = []
    sums = []
    for col, target in margins.items():
        codes, values = _margin_codes(df, col, target, unmatched)
        total = values.sum()
        if total <= 0:
            raise KokkaError(f"rake: the margin {col!r} sums to zero.")
        present = np.bincount(codes[codes >= 0], weights=w[codes >= 0], minlength=len(values))
        empty = (values > 0) & (present == 0)
        if empty.any():
            cats = [target.index[i] for i in np.flatnonzero(empty)]
            raise KokkaError(
                f"rake: no respondents in {col} = {cats}, but the margin has a target for them; "
                "merge those categories with a neighbour or drop them from the margin."
            )
        fitted.append((col, codes, values / total))
        sums.append(total)
    is_prop = all(abs(s - 1) < 1e-6 for s in sums)
    if not is_prop and (max(sums) - min(sums)) > 1e-6 * max(sums):
        raise KokkaError(
            f"rake: margin totals differ ({dict(zip(margins, sums, strict=True))}); give "
            "proportions, or totals from the same population."
        )
    scale_to = float(n) if is_prop else float(sums[0])

    def _sweep(w: np.ndarray) -> np.ndarray:
        for _, codes, target in fitted:
            inside = codes >= 0
            cur = np.bincount(codes[inside], weights=w[inside], minlength=len(target))
            goal = target * cur.sum()
            factor = np.divide(goal, cur, out=np.zeros_like(cur), where=cur > 0)
            w = w.copy()
            w[inside] *= factor[codes[inside]]
        return w

    def _gap(w: np.ndarray) -> float:
        gap = 0.0
        for _, codes, target in fitted:
            inside = codes >= 0
            cur = np.bincount(codes[inside], weights=w[inside], minlength=len(target))
            gap = max(gap, float(np.abs(cur / cur.sum() - target).max()))
        return gap

    iterations, converged, trimmed = 0, False, 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 - reported below
        w = _sweep(w)
        if trim is not None:
            mean = w[w > 0].mean()
            clipped = np.clip(w, trim[0] * mean, trim[1] * mean)
            trimmed = int((clipped != w).sum())
            w = np.where(w > 0, clipped, 0.0)
        if _gap(w) < tol:
            converged = True
            break
    if trim is not None and _gap(w) >= tol:
        log.warning("rake: trimming to %s leaves margins off by %.2g", trim, _gap(w))
    elif not converged:
        log.warning("rake: not converged after %d sweeps (gap %.2g)", max_iter, _gap(w))
    w = w * scale_to / w.sum()
    out = pd.Series(w, index=df.index, name="weight")
    deff = float(n * (w**2).sum() / w.sum() ** 2)
    out.attrs = {
        "iterations": iterations,
        "converged": converged,
        "design_effect": deff,
        "effective_n": float(n / deff),
        "trimmed": trimmed,
    }
    log.debug("rake: %d sweeps, design effect %.3f", iterations, deff)
    return out


def population_margins(
    population: pd.DataFrame,
    survey: pd.DataFrame,
    dims: Sequence[str] = ("age_band", "sex", "region"),
    year: int | None = None,
) -> dict[str, pd.Series]:
    """Raking targets (persons) from the population table for the survey's regions and ages.

    The population is restricted to the regions that occur in ``survey["region"]`` and to the
    survey age bands (:func:`age_band_survey`) that occur among the respondents, so every
    margin has the same total. Sexes are those of the population table (male, female):
    respondents of other or unknown sex need ``rake(..., unmatched="ignore")``.

    Parameters
    ----------
    population
        The ``population`` table (region, year, sex, age_group, ..., persons).
    survey
        Survey microdata with ``region`` and ``age`` (or ``age_band``).
    dims
        Margins to build, from ``age_band``, ``sex``, ``region``.
    year
        Population year; default the latest.

    Returns
    -------
    dict of Series
        ``{dim: Series(persons, index=category)}``.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> t = demo.generate()
    >>> m = population_margins(t["population"], t["survey"])
    >>> sorted(m), int(m["sex"].sum()) == int(m["region"].sum())
    (['age_band', 'region', 'sex'], True)
    """
    _check_columns(population, ["region", "year", "sex", "age_group", "persons"])
    _check_columns(survey, ["region"])
    if "age_band" in dims:
        bands = survey["age_band"] if "age_band" in survey else age_band_survey(survey["age"])
        used_bands = [b for b in AGE_BANDS if (bands == b).any()]
    else:
        used_bands = list(AGE_BANDS)
    codes = sorted(pd.unique(survey["region"].dropna()))
    pop = population[population["region"].isin(codes)]
    missing = sorted(set(codes) - set(pop["region"]))
    if missing:
        raise KokkaError(f"population_margins: no population rows for regions {missing}.")
    year = int(pop["year"].max()) if year is None else int(year)
    pop = pop[pop["year"] == year]
    lower = pd.to_numeric(pop["age_group"].str.extract(r"^(\d+)")[0], errors="coerce")
    pop = pop.assign(age_band=age_band_survey(lower).astype(object))
    pop = pop[pop["age_band"].isin(used_bands)]
    out = {}
    for dim in dims:
        if dim not in ("age_band", "sex", "region"):
            raise ValueError(f"population_margins: unknown margin {dim!r}.")
        s = pop.groupby(dim, observed=True)["persons"].sum().astype("float64")
        if dim == "age_band":
            s = s.reindex(used_bands)
        out[dim] = s.rename("persons")
    log.debug("population_margins: year %d, regions %s, bands %s", year, codes, used_bands)
    return out


def weight_summary(weights: pd.Series) -> pd.DataFrame:
    """Respondents, design effect (Kish) and effective sample size of a set of weights.

    Returns
    -------
    DataFrame
        One row: ``respondents, effective_n, design_effect, weight_min, weight_max,
        weight_ratio`` (max / min of the positive weights).

    Examples
    --------
    >>> import pandas as pd
    >>> weight_summary(pd.Series([1.0, 1.0, 2.0, 4.0]))["design_effect"].round(3).tolist()
    [1.375]
    """
    w = pd.to_numeric(weights, errors="coerce").dropna().to_numpy(dtype="float64")
    n = len(w)
    deff = float(n * (w**2).sum() / w.sum() ** 2) if n and w.sum() > 0 else float("nan")
    pos = w[w > 0]
    return pd.DataFrame(
        {
            "respondents": [n],
            "effective_n": [n / deff if deff == deff else float("nan")],
            "design_effect": [deff],
            "weight_min": [float(pos.min()) if len(pos) else float("nan")],
            "weight_max": [float(pos.max()) if len(pos) else float("nan")],
            "weight_ratio": [float(pos.max() / pos.min()) if len(pos) else float("nan")],
        }
    )


def weighting_table(
    df: pd.DataFrame,
    margins: dict[str, pd.Series],
    weights: pd.Series | str,
    min_n: int = privacy.MIN_N,
) -> pd.DataFrame:
    """Sample, weighted and population shares per margin category (the check on raking).

    Returns
    -------
    DataFrame
        ``[dimension, category, respondents, sample_share, weighted_share, population_share,
        suppressed]``; respondents outside a margin's categories form the category
        ``other_or_unknown``. Categories with fewer than ``min_n`` respondents have
        ``respondents`` and the sample share masked, with complementary suppression within each
        dimension (all dimensions add up to the published number of respondents).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sex": ["m"] * 7 + ["f"] * 5})
    >>> m = {"sex": pd.Series({"m": 0.5, "f": 0.5})}
    >>> weighting_table(df, m, rake(df, m))["weighted_share"].round(3).tolist()
    [0.5, 0.5]
    """
    w = df[weights] if isinstance(weights, str) else pd.Series(weights, index=df.index)
    rows = []
    n_total = len(df)
    for dim, target in margins.items():
        _check_columns(df, [dim])
        cats = pd.Index(target.index)
        inside = df[dim].isin(cats)
        counts = df.loc[inside, dim].value_counts().reindex(cats, fill_value=0)
        wsum = (
            w[inside]
            .groupby(df.loc[inside, dim], observed=True)
            .sum()
            .reindex(cats, fill_value=0.0)
        )
        part = pd.DataFrame(
            {
                "dimension": dim,
                "category": [str(c) for c in cats],
                "respondents": counts.to_numpy(),
                "sample_share": (counts / n_total).to_numpy(),
                "weighted_share": (wsum / wsum.sum()).to_numpy(),
                "population_share": (target / target.sum()).to_numpy(dtype="float64"),
            }
        )
        # respondents outside the margin (e.g. sex "other" or unknown) are a group too: shown,
        # so that the categories add up to all respondents, and protected like the others
        outside = int((~inside).sum())
        if outside:
            part = pd.concat(
                [
                    part,
                    pd.DataFrame(
                        {
                            "dimension": [dim],
                            "category": ["other_or_unknown"],
                            "respondents": [outside],
                            "sample_share": [outside / n_total],
                            "weighted_share": [np.nan],
                            "population_share": [np.nan],
                        }
                    ),
                ],  # fmt: skip
                ignore_index=True,
            )
        rows.append(part)
    out = pd.concat(rows, ignore_index=True)
    # every dimension adds up to the number of respondents, which is published: a masked
    # category must not be computable (or narrowed below min_n) from the others
    out = privacy.suppress_complementary(
        out, "respondents", "dimension", min_n, dependent_cols=["sample_share"]
    )
    out.attrs = dict(df.attrs)
    return out


# --- summaries ------------------------------------------------------------------------------
def _wilson(p: np.ndarray, n: np.ndarray, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _calibration_codes(df: pd.DataFrame, calibration: dict[str, pd.Series] | None) -> list:
    """Per calibration margin, each row's category number (-1 outside the margin's categories:
    rows ``rake(..., unmatched="ignore")`` did not adjust on it)."""
    if not calibration:
        return []
    out = []
    for col, target in calibration.items():
        _check_columns(df, [col])
        codes = pd.Index(target.index).get_indexer(pd.Index(df[col]))  # -1: not a category
        out.append((np.asarray(codes, dtype="int64"), len(target)))
    return out


def linearised_variance(
    influence,
    weights: np.ndarray,
    calibration: Sequence[tuple[np.ndarray, int]] = (),
) -> np.ndarray:
    """Variance of weighted estimators from their influence values (Taylor linearisation).

    ``influence`` is ``n x m``, dense or ``scipy.sparse`` (one column per estimate: for a
    weighted mean of ``x`` in a domain, ``1{domain} * (x - mean) / sum of the domain's
    weights``). With ``calibration`` (per margin the weights were raked to, each row's
    category number, -1 for none, and the number of categories), the influence values are
    first replaced by their residuals from those margins' indicators (least squares), which is
    the variance of the calibrated estimator (Deville and Särndal 1992); R's ``survey``
    package does the same for raked designs (``svyrecvar``, by repeated post-stratification).
    The sample is treated as drawn with replacement from one stratum:
    ``n / (n - 1) * sum((w e - mean(w e))**2)``. Sparse input is never made dense, so a
    200,000-respondent survey with hundreds of domain estimates stays small and fast.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([1.0, 2.0, 4.0, 5.0])
    >>> infl = ((x - x.mean()) / len(x))[:, None]
    >>> bool(np.isclose(linearised_variance(infl, np.ones(4))[0], x.var(ddof=1) / 4))
    True
    """
    from scipy import sparse

    z = sparse.coo_matrix(influence, dtype=float)
    w = np.asarray(weights, dtype=float)
    cal = list(calibration)
    sums = _influence_sums(z.row, z.col, [z.data], z.shape[1], w, cal)[0]
    return _variance_from_sums(sums, w, cal)


def _influence_sums(
    rows: np.ndarray,
    cols: np.ndarray,
    vals: Sequence[np.ndarray],
    m: int,
    w: np.ndarray,
    calibration: Sequence[tuple[np.ndarray, int]],
) -> list[tuple[np.ndarray, ...]]:
    """For each value array: per column the sum of w z, of (w z)**2, and (calibrated) D'z and
    D'W^2 z (K x m). The row lookups are shared by the value arrays."""
    wr = w[rows]
    k_total = sum(size for _, size in calibration)
    lookups = []
    offset = 0
    for codes, size in calibration:
        cat = codes[rows]
        ok = cat >= 0
        if ok.all():
            lookups.append((slice(None), (offset + cat) * m + cols))
        else:
            lookups.append((ok, (offset + cat[ok]) * m + cols[ok]))
        offset += size
    out = []
    for v in vals:
        u = wr * v
        w2z = wr * u
        a = np.zeros((k_total, m))
        b = np.zeros((k_total, m))
        for ok, idx in lookups:
            a += np.bincount(idx, v[ok], minlength=k_total * m).reshape(k_total, m)
            b += np.bincount(idx, w2z[ok], minlength=k_total * m).reshape(k_total, m)
        out.append((np.bincount(cols, u, minlength=m), np.bincount(cols, u * u, minlength=m), a, b))
    return out


def _calibration_crossproducts(
    w: np.ndarray, calibration: Sequence[tuple[np.ndarray, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """D'D, D'W^2 D and w'D of the margins' indicator matrix D, from the category numbers."""
    k_total = sum(size for _, size in calibration)
    dd = np.zeros((k_total, k_total))
    dwd = np.zeros((k_total, k_total))
    wd = np.zeros(k_total)
    offsets = np.cumsum([0] + [size for _, size in calibration])
    for i, (ci, si) in enumerate(calibration):
        in_i = ci >= 0
        wd[offsets[i] : offsets[i] + si] = np.bincount(ci[in_i], w[in_i], minlength=si)
        for j, (cj, sj) in enumerate(calibration):
            both = in_i & (cj >= 0)
            idx = ci[both] * sj + cj[both]
            block = (slice(offsets[i], offsets[i] + si), slice(offsets[j], offsets[j] + sj))
            dd[block] = np.bincount(idx, minlength=si * sj).reshape(si, sj)
            dwd[block] = np.bincount(idx, w[both] ** 2, minlength=si * sj).reshape(si, sj)
    return dd, dwd, wd


def _variance_from_sums(
    sums: tuple[np.ndarray, ...],
    w: np.ndarray,
    calibration: Sequence[tuple[np.ndarray, int]],
    crossproducts: tuple[np.ndarray, ...] | None = None,
) -> np.ndarray:
    """The with-replacement variance of the (calibration residuals of the) influence values."""
    sum_u, sum_u2, a, b = sums
    n = len(w)
    if n < 2:
        return np.full(len(sum_u), np.nan)
    if calibration:
        dd, dwd, wd = crossproducts or _calibration_crossproducts(w, calibration)
        # residuals e = z - D coef with coef = (D'D)^+ D'z (least squares on the indicators)
        coef = np.linalg.pinv(dd) @ a
        sum_u2 = (
            sum_u2 - 2 * np.einsum("km,km->m", b, coef) + np.einsum("km,km->m", coef, dwd @ coef)
        )
        sum_u = sum_u - wd @ coef
    return n / (n - 1) * np.clip(sum_u2 - sum_u**2 / n, 0, None)


def _logit_interval(
    p: np.ndarray, se: np.ndarray, n_eff: np.ndarray, z: float = 1.96
) -> tuple[np.ndarray, np.ndarray]:
    """95 % interval of a share on the logit scale (R ``svyciprop(method="logit")``); where the
    share is 0 or 1 (no logit), Wilson's with the effective sample size."""
    with np.errstate(divide="ignore", invalid="ignore"):
        inner = (p > 0) & (p < 1) & (se > 0)
        logit = np.log(p / (1 - p))
        half = z * se / (p * (1 - p))
        lo = 1 / (1 + np.exp(-(logit - half)))
        hi = 1 / (1 + np.exp(-(logit + half)))
    wl, wh = _wilson(p, n_eff, z)
    return np.where(inner, lo, wl), np.where(inner, hi, wh)


def item_profile(
    df: pd.DataFrame,
    items: str | Sequence[str],
    by: str | Sequence[str] | None = None,
    weights: str | None = None,
    min_n: int = privacy.MIN_N,
    *,
    calibration: dict[str, pd.Series] | None = None,
) -> pd.DataFrame:
    """Mean with 95 % interval and top-2 share with interval per item (and group): the image
    profile, with the design effect and effective sample size next to each weighted result.

    Standard errors are linearised (:func:`linearised_variance`). Give ``calibration`` (the
    margins the weights were raked to, as passed to :func:`rake`) and they are those of the
    calibrated estimator, which gains from the margins; without it the weights are treated as
    fixed design weights. The mean's interval is ``mean ± 1.96 se``, the top-2 share's is on
    the logit scale with the normal quantile (R's ``svyciprop(method="logit")`` uses a t
    quantile on the domain's degrees of freedom: the bounds differ in the fourth decimal). ``design_effect`` is the linearised variance of the mean over that of a
    simple random sample of the same size, ``n_eff = n / design_effect``. Coverage measured by
    simulation (tests/test_survey.py): 94-96 % for nominal 95 %, where the earlier Kish
    effective-n intervals covered 99 %.

    A top-2 share (and its interval) whose count of answers 4-5, or of the other answers, is
    between 1 and ``min_n - 1`` is masked: it would show a handful of respondents.

    Returns
    -------
    DataFrame
        One row per group and item: ``[*by, item, n, n_eff, design_effect, mean, mean_low,
        mean_high, top2, top2_low, top2_high, suppressed]``; groups with ``n < min_n`` have
        every number masked. Sorted by group, items in the given order.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"q": [1, 2, 4, 5, 5, 3, 4, 2, 5, 4, 1, 3]})
    >>> item_profile(df, "q", min_n=1)[["n", "mean", "top2"]].round(2).to_dict("records")
    [{'n': 12.0, 'mean': 3.25, 'top2': 0.5}]
    """
    item_list = [items] if isinstance(items, str) else list(items)
    by_cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    _check_columns(df, [*by_cols, *item_list, *([weights] if weights else [])])
    answers = _check_items(df, item_list)
    w = (
        pd.Series(1.0, index=df.index)
        if weights is None
        else pd.to_numeric(df[weights], errors="coerce").fillna(0.0)
    )
    codes, keys = _group_codes(df, by_cols)
    n_groups = len(keys)
    wv = w.to_numpy(dtype="float64")
    design = _calibration_codes(df, calibration)
    n_rows = n_groups * len(item_list)
    stats_ = np.zeros((7, n_rows))  # n, w, w2, wx, wxx, w top2, n top2
    level_counts = np.zeros((n_rows, len(LEVELS)))
    k_total = sum(size for _, size in design)
    sums_mean = [np.zeros(n_rows), np.zeros(n_rows), np.zeros((k_total, n_rows)),
                 np.zeros((k_total, n_rows))]  # fmt: skip
    sums_top = [np.zeros(n_rows), np.zeros(n_rows), np.zeros((k_total, n_rows)),
                np.zeros((k_total, n_rows))]  # fmt: skip
    for j, item in enumerate(item_list):
        v = answers[item].to_numpy()
        ok = ~np.isnan(v)
        c, x, lw = codes[ok], v[ok], wv[ok]
        top = (x >= 4).astype(float)
        sl = slice(j * n_groups, (j + 1) * n_groups)
        for k, vals in enumerate((None, lw, lw**2, lw * x, lw * x * x, lw * top, top)):
            stats_[k, sl] = np.bincount(c, weights=vals, minlength=n_groups)
        idx = c * len(LEVELS) + (x.astype("int64") - 1)
        level_counts[sl] = np.bincount(idx, minlength=n_groups * len(LEVELS)).reshape(
            n_groups, len(LEVELS)
        )
        sw = stats_[1, sl]
        safe = np.where(sw > 0, sw, 1.0)
        mean_g, top_g = stats_[3, sl] / safe, stats_[5, sl] / safe
        rows_ok = np.flatnonzero(ok)
        parts = _influence_sums(rows_ok, c, [(x - mean_g[c]) / safe[c], (top - top_g[c]) / safe[c]],
                                n_groups, wv, design)  # fmt: skip
        for acc, part in zip((sums_mean, sums_top), parts, strict=True):
            for total, block in zip(acc, part, strict=True):
                total[..., sl] = block
    g = pd.concat([keys] * len(item_list), ignore_index=True)
    g["item"] = np.repeat(np.array(item_list, dtype=object), n_groups)
    keep = stats_[0] > 0  # group-item pairs with at least one answer
    g, stats_ = g[keep].reset_index(drop=True), stats_[:, keep]
    level_counts = level_counts[keep]
    cross = _calibration_crossproducts(wv, design) if design else None
    var_mean = _variance_from_sums(tuple(t[..., keep] for t in sums_mean), wv, design, cross)
    var_top = _variance_from_sums(tuple(t[..., keep] for t in sums_top), wv, design, cross)
    with np.errstate(divide="ignore", invalid="ignore"):
        n, sw = stats_[0], stats_[1]
        mean = stats_[3] / sw
        top2 = stats_[5] / sw
        # a simple random sample of the same size: the weighted variance over n
        var_srs = np.clip(stats_[4] / sw - mean**2, 0, None) * n / (n - 1) / n
        design_effect = np.where(var_srs > 0, var_mean / var_srs, np.nan)
        n_eff = n / design_effect
        kish = sw**2 / stats_[2]
    se_mean, se_top = np.sqrt(var_mean), np.sqrt(var_top)
    lo, hi = _logit_interval(top2, se_top, np.where(np.isfinite(n_eff), n_eff, kish))
    out = g[[*by_cols, "item"]].copy()
    out["n"] = n
    out["n_eff"] = n_eff
    out["design_effect"] = design_effect
    out["mean"] = mean
    out["mean_low"] = mean - 1.96 * se_mean
    out["mean_high"] = mean + 1.96 * se_mean
    out["top2"] = top2
    out["top2_low"] = lo
    out["top2_high"] = hi
    small = n < min_n
    n_top = stats_[6]
    few = ((n_top > 0) & (n_top < min_n)) | ((n - n_top > 0) & (n - n_top < min_n))
    num_cols = ["n", "n_eff", "design_effect", "mean", "mean_low", "mean_high"]
    num_cols += ["top2", "top2_low", "top2_high"]
    # the same rule as likert_summary, on the same counts: where the level shares of a group
    # are published with masked levels, a mean or top-2 share that would give them back is not
    _, mean_ok, top2_ok = _hidden_levels(level_counts, n.astype("int64"), min_n)
    out.loc[small, num_cols] = np.nan
    out.loc[few | ~top2_ok, ["top2", "top2_low", "top2_high"]] = np.nan
    out.loc[~mean_ok, ["mean", "mean_low", "mean_high"]] = np.nan
    out["suppressed"] = small | few | ~top2_ok | ~mean_ok
    order = {item: i for i, item in enumerate(item_list)}
    out = (
        out.assign(_o=out["item"].map(order))
        .sort_values([*by_cols, "_o"], kind="stable", ignore_index=True)
        .drop(columns="_o")
    )
    out.attrs = {**df.attrs, "calibrated": bool(calibration)}
    return out


def scale_reliability(
    df: pd.DataFrame,
    scales: dict[str, Sequence[str]] | None = None,
    reverse: Sequence[str] | None = None,
    min_n: int = privacy.MIN_N,
) -> pd.DataFrame:
    """Cronbach's alpha per scale (:func:`cronbach_alpha`), reverse-coded items turned first.

    Parameters
    ----------
    scales
        ``{scale: [items]}``; default ``df.attrs["scales"]`` (from the codebook), keeping only
        items present. No scales: an empty table.
    reverse
        Items coded the other way round (answer ``a`` counts as ``6 - a``); default the
        codebook's reverse-coded items.

    Returns
    -------
    DataFrame
        ``[scale, items, k, n, alpha]`` (``n`` respondents who answered every item; alpha NaN
        when ``n < min_n``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 4]})
    >>> scale_reliability(df, {"s": ["a", "b"]})[["k", "n"]].to_dict("records")
    [{'k': 2, 'n': 5}]
    """
    if scales is None:
        scales = {
            name: [i for i in items if i in df.columns]
            for name, items in (df.attrs.get("scales") or {}).items()
        }
    if reverse is None:
        reverse = [k for k, v in (df.attrs.get("codebook") or {}).items() if v.get("reverse")]
    rows = []
    for scale, items in scales.items():
        items = list(items)
        if len(items) < 2:
            continue
        data = _check_items(df, items)
        for item in set(reverse) & set(items):
            data[item] = 6 - data[item]
        n = int(data.notna().all(axis=1).sum())
        alpha = cronbach_alpha(data, items) if n >= max(min_n, 2) else float("nan")
        rows.append({"scale": scale, "items": ", ".join(items), "k": len(items), "n": n,
                     "alpha": alpha})  # fmt: skip
    out = pd.DataFrame(rows, columns=["scale", "items", "k", "n", "alpha"])
    out.attrs = dict(df.attrs)
    return out


def reliability_display(table: pd.DataFrame, df: pd.DataFrame, lang: str = "fi") -> pd.DataFrame:
    """:func:`scale_reliability` for reading: the items by their question texts (not their
    column names) and the scale names as words.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"scale": ["living_conditions"], "items": ["a, b"], "k": [2]})
    >>> reliability_display(t, pd.DataFrame())[["scale", "items"]].values.tolist()
    [['Living conditions', 'a; b']]
    """
    texts = item_texts(df, lang) if len(df.columns) else {}
    out = table.copy()
    out["scale"] = [str(s).replace("_", " ").strip().capitalize() for s in out["scale"]]
    out["items"] = ["; ".join(texts.get(i.strip(), i.strip()) for i in str(v).split(","))
                    for v in out["items"]]  # fmt: skip
    return out


# --- what a survey file allows -------------------------------------------------------------
def item_texts(df: pd.DataFrame, lang: str = "fi") -> dict[str, str]:
    """The question text of each item in ``lang`` (from the codebook), else the column name.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"q_a": [1]})
    >>> df.attrs = {"items": ["q_a"], "codebook": {"q_a": {"fi": "Kysymys", "en": None}}}
    >>> item_texts(df, "fi"), item_texts(df, "en")
    ({'q_a': 'Kysymys'}, {'q_a': 'q_a'})
    """
    meta = df.attrs.get("codebook") or {}
    items = df.attrs.get("items") or [c for c in df.columns if str(c).startswith("q_")]
    return {k: (meta.get(k) or {}).get(lang) or str(k) for k in items}


def weighting_dimensions(df: pd.DataFrame) -> list[str]:
    """The population margins a survey can be raked to: age band, sex and region where the
    file has them (region always)."""
    dims = []
    if "age" in df and pd.to_numeric(df["age"], errors="coerce").notna().any():
        dims.append("age_band")
    if "sex" in df and df["sex"].isin(["male", "female"]).any():
        dims.append("sex")
    return [*dims, "region"]


def comparison_groupings(df: pd.DataFrame) -> list[str]:
    """Groupings a survey allows comparing: young vs older (with age), status, background,
    municipality (with more than one), and the analyst's own groupings (``attrs["groups"]``)."""
    out = []
    if "age_split" in df and df["age_split"].notna().any():
        out.append("age_split")
    for col in ("status", "background"):
        if col in df and df[col].notna().any():
            out.append(col)
    if "region" in df and df["region"].nunique() > 1:
        out.append("region")
    out += [g for g in df.attrs.get("groups") or [] if g in df and g not in out]
    return out


def free_text(df: pd.DataFrame) -> pd.Series | None:
    """The free-text answers of each respondent (all free-text columns joined), or None when
    the survey has none. For theme counts only: never publish them."""
    cols = [c for c in df.attrs.get("free_text") or [] if c in df]
    if not cols:
        return None
    text = df[cols].astype("string").fillna("")
    joined = text.iloc[:, 0]
    for c in cols[1:]:
        joined = joined + " " + text[c]
    return joined.str.strip().replace("", pd.NA)


# --- comparisons ----------------------------------------------------------------------------
def add_comparison_groups(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with ``age_band`` and ``age_split`` (``15-29`` / ``30+``) for group comparisons.

    Examples
    --------
    >>> import pandas as pd
    >>> add_comparison_groups(pd.DataFrame({"age": [20, 40]}))["age_split"].tolist()
    ['15-29', '30+']
    """
    if "age" not in df:  # a survey without ages: nothing to derive
        out = df.copy()
        out.attrs = dict(df.attrs)
        return out
    band = age_band_survey(df["age"])
    split = pd.Series(np.where(band == "15-29", "15-29", "30+"), index=df.index, dtype=object)
    out = df.assign(age_band=band, age_split=split.where(band.notna()))
    out.attrs = dict(df.attrs)
    return out


def holm(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm-adjusted p-values (step-down, monotone, capped at 1); NaN stays NaN.

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03]).round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p_values, dtype="float64")
    out = np.full_like(p, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    m = len(ok)
    if m == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    adj = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out[order] = np.minimum(adj, 1.0)
    return out


def compare_groups(
    df: pd.DataFrame,
    items: str | Sequence[str],
    by: str | Sequence[str],
    weights: str | None = None,
    min_n: int = privacy.MIN_N,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Do groups answer differently? A rank test per item, Holm-corrected, with effect sizes.

    Two groups: Mann-Whitney U, effect size the rank-biserial correlation (0 = no difference,
    1 = every answer of the higher group above every answer of the lower). More groups:
    Kruskal-Wallis H, effect size epsilon squared ``H / (n - 1)``. Tests use the unweighted
    answers (they assume a simple random sample); group means are weighted when ``weights``
    is given. Groups with fewer than ``min_n`` answers to an item are left out of its test.
    Holm's correction runs over the items of each comparison (``by`` column).

    Parameters
    ----------
    by
        One grouping column, or several: each is its own comparison (e.g. ``["age_split",
        "status", "background", "region"]``).

    Returns
    -------
    DataFrame
        One row per comparison and item: ``[comparison, item, test, groups, n, statistic,
        p_value, p_holm, significant, effect_size, effect_measure, high_group, high_mean,
        low_group, low_mean, difference]``; ``test`` is None when fewer than two groups are
        big enough.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"g": ["a"] * 6 + ["b"] * 6, "q": [4, 5, 5, 4, 5, 3, 2, 1, 2, 3, 1, 2]})
    >>> r = compare_groups(df, "q", "g").iloc[0]
    >>> r["test"], r["high_group"], round(float(r["effect_size"]), 2)
    ('mann-whitney', 'a', 0.97)
    """
    from scipy import stats

    item_list = [items] if isinstance(items, str) else list(items)
    groupings = [by] if isinstance(by, str) else list(by)
    _check_columns(df, [*groupings, *item_list, *([weights] if weights else [])])
    answers = _check_items(df, item_list)
    w = None if weights is None else pd.to_numeric(df[weights], errors="coerce").fillna(0.0)
    rows = []
    for grouping in groupings:
        block = []
        for item in item_list:
            x = answers[item]
            ok = x.notna() & df[grouping].notna()
            groups = {
                g: idx
                for g, idx in x[ok].groupby(df.loc[ok, grouping], observed=True).groups.items()
                if len(idx) >= min_n
            }
            n_tested = float(sum(len(i) for i in groups.values()))
            left_out = int(x.notna().sum()) - n_tested  # small groups and missing values
            row = {"comparison": grouping, "item": item, "test": None, "groups": len(groups),
                   "n": n_tested if not 0 < left_out < min_n else np.nan, "statistic": np.nan,
                   "p_value": np.nan, "effect_size": np.nan, "effect_measure": None,
                   "high_group": None, "high_mean": np.nan, "low_group": None,
                   "low_mean": np.nan}  # fmt: skip
            if len(groups) >= 2:
                samples = {g: x[i].to_numpy() for g, i in groups.items()}
                means = {
                    g: float(np.average(samples[g], weights=None if w is None else w[i]))
                    if w is None or w[i].sum() > 0
                    else float("nan")
                    for g, i in groups.items()
                }  # fmt: skip
                high = max(means, key=lambda g: means[g])
                low = min(means, key=lambda g: means[g])
                row.update(high_group=high, high_mean=means[high], low_group=low,
                           low_mean=means[low])  # fmt: skip
                if len(groups) == 2:
                    a, b = samples[high], samples[low]
                    res = stats.mannwhitneyu(a, b, alternative="two-sided")
                    r_rb = 2 * res.statistic / (len(a) * len(b)) - 1
                    row.update(test="mann-whitney", statistic=float(res.statistic),
                               p_value=float(res.pvalue), effect_size=float(r_rb),
                               effect_measure="rank-biserial r")  # fmt: skip
                else:
                    res = stats.kruskal(*samples.values())
                    row.update(test="kruskal-wallis", statistic=float(res.statistic),
                               p_value=float(res.pvalue),
                               effect_size=float(res.statistic / (n_tested - 1)),
                               effect_measure="epsilon squared")  # fmt: skip
            block.append(row)
        p_adj = holm([r["p_value"] for r in block])
        for r, p in zip(block, p_adj, strict=True):
            r["p_holm"] = p
            r["significant"] = bool(p < alpha) if p == p else False
        rows.extend(block)
    cols = ["comparison", "item", "test", "groups", "n", "statistic", "p_value", "p_holm",
            "significant", "effect_size", "effect_measure", "high_group", "high_mean",
            "low_group", "low_mean"]  # fmt: skip
    out = pd.DataFrame(rows)[cols]
    out["difference"] = out["high_mean"] - out["low_mean"]
    out.attrs = dict(df.attrs)
    return out


def comparison_display(
    table: pd.DataFrame, item_text: dict[str, str] | None = None, lang: str = "fi"
) -> pd.DataFrame:
    """A copy of a :func:`compare_groups` (or :func:`stay_intention`) table with readable
    comparison, group and item names, for ``report.table``."""
    out = table.copy()
    group_cols = [c for c in ("high_group", "low_group", "group") if c in out]
    key = "comparison" if "comparison" in out else "grouping"
    for col in group_cols:
        out[col] = [group_label(g, v, lang) for g, v in zip(out[key], out[col], strict=True)]
    out[key] = [column_label(GROUPING_NAMES, g, lang) for g in out[key]]
    if "effect_measure" in out:
        out["effect_measure"] = [
            column_label(EFFECT_NAMES, m, lang) if isinstance(m, str) else m
            for m in out["effect_measure"]
        ]
    if item_text and "item" in out:
        out["item"] = out["item"].map(lambda k: item_text.get(k, k))
    return out


def stay_intention(
    df: pd.DataFrame,
    item: str,
    groupings: Sequence[str] = ("age_split", "status", "background"),
    weights: str | None = None,
    min_n: int = privacy.MIN_N,
    *,
    calibration: dict[str, pd.Series] | None = None,
) -> pd.DataFrame:
    """Share intending to stay (answers 4-5 to ``item``) overall and per group.

    Returns
    -------
    DataFrame
        ``[grouping, group, n, n_eff, top2, top2_low, top2_high, mean, suppressed]``; the
        first row is everyone (``grouping = "all"``); groupings not in ``df`` are skipped.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"q_stay": [5, 4, 2, 1, 4, 5], "status": ["student"] * 6})
    >>> stay_intention(df, "q_stay", groupings=["status"], min_n=1)["top2"].round(2).tolist()
    [0.67, 0.67]
    """
    kw = {"weights": weights, "min_n": min_n, "calibration": calibration}
    parts = [item_profile(df, item, **kw).assign(grouping="all", group="all")]
    for g in groupings:
        if g not in df.columns or df[g].isna().all():
            continue
        prof = item_profile(df, item, by=g, **kw)
        parts.append(prof.rename(columns={g: "group"}).assign(grouping=g))
    out = pd.concat(parts, ignore_index=True)
    out = out[out["group"].notna()]
    cols = ["grouping", "group", "n", "n_eff", "top2", "top2_low", "top2_high", "mean"]
    out = out[[*cols, "suppressed"]].reset_index(drop=True)
    out["group"] = out["group"].astype(object)
    out = _protect_group_sizes(df, item, out, min_n)
    out.attrs = dict(df.attrs)
    return out


def _protect_group_sizes(
    df: pd.DataFrame, item: str, table: pd.DataFrame, min_n: int
) -> pd.DataFrame:
    """Complementary protection of the group sizes of a :func:`stay_intention` table.

    Within each grouping the groups' sizes add up to the published "all" row, less the
    respondents without a value for the grouping (a group that is not shown): a masked group,
    or that unshown remainder, must not be computable from the others or narrowed below
    ``min_n``. Masked sizes take their effective sample size with them.
    """
    answered = df[item].notna()
    out = table.copy()
    for grouping in out.loc[out["grouping"] != "all", "grouping"].unique():
        counts = df.loc[answered, grouping].value_counts(dropna=False)
        rows = out.index[out["grouping"] == grouping]
        shown = {g: int(counts.get(g, 0)) for g in out.loc[rows, "group"]}
        missing = int(answered.sum()) - sum(shown.values())
        cells = pd.DataFrame(
            {"cell": [*map(str, shown), "__missing__"], "n": [*shown.values(), missing]}
        )
        hide = np.array([False] * len(shown) + [missing > 0])
        masked = privacy.suppress_complementary(cells, "n", [[]], min_n, hide=hide)
        hidden = masked["suppressed"].to_numpy(dtype=bool)[: len(shown)]
        out.loc[rows[hidden], ["n", "n_eff"]] = np.nan
        out.loc[rows[hidden], "suppressed"] = True
    return out


# --- free text ------------------------------------------------------------------------------
def load_lexicon(path: str | None = None) -> dict[str, dict]:
    """The theme lexicon: ``{theme: {fi, en, stems: [...], words: [...]}}``.

    Default: ``kokka_analysis/data/themes.yaml`` (edit a copy and pass its path).

    Examples
    --------
    >>> "jobs" in load_lexicon()
    True
    """
    from importlib import resources

    import yaml

    if path is None:
        text = resources.files("kokka_analysis").joinpath("data/themes.yaml").read_text("utf-8")
    else:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read()
    data = yaml.safe_load(text) or {}
    themes = data.get("themes", data)
    if not isinstance(themes, dict):
        raise DataFormatError("the lexicon must map themes to {fi, en, stems, words}.",
                              source=str(path))  # fmt: skip
    return themes


def _theme_pattern(spec: dict) -> str:
    import re

    stems = [re.escape(str(s).casefold()) + r"\w*" for s in spec.get("stems") or []]
    words = [re.escape(str(w).casefold()) for w in spec.get("words") or []]
    parts = stems + words
    return r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)" if parts else r"(?!x)x"


def theme_counts(
    texts: pd.Series | None,
    lexicon: dict[str, dict] | str | None = None,
    min_n: int = privacy.MIN_N,
) -> pd.DataFrame:
    """How many respondents mention each theme in their free text (never the texts).

    Finnish stems match at the start of a word, English words whole; a respondent counts
    once per theme. Themes with fewer than ``min_n`` mentions are masked. ``texts=None`` (a
    survey without a free-text column) gives every theme with zero mentions.

    Returns
    -------
    DataFrame
        ``[theme, label_fi, label_en, mentions, share, suppressed]`` sorted by mentions;
        ``share`` of respondents who wrote something.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.Series(["Työpaikkoja ei ole", "no jobs", None, "luonto on kaunis"])
    >>> theme_counts(t, min_n=1).set_index("theme").loc["jobs", "mentions"].item()
    2.0
    """
    lex = lexicon if isinstance(lexicon, dict) else load_lexicon(lexicon)
    if texts is None:
        texts = pd.Series([], dtype="string")
    text = texts.astype("string").str.casefold()
    wrote = text.notna() & (text.str.strip() != "")
    text = text[wrote]
    rows = []
    for theme, spec in lex.items():
        hits = text.str.contains(_theme_pattern(spec), regex=True, na=False)
        rows.append({"theme": theme, "label_fi": spec.get("fi", theme),
                     "label_en": spec.get("en", theme), "mentions": int(hits.sum())})  # fmt: skip
    out = pd.DataFrame(rows, columns=["theme", "label_fi", "label_en", "mentions"])
    out["share"] = out["mentions"] / max(int(wrote.sum()), 1)
    out = out.sort_values("mentions", ascending=False, kind="stable", ignore_index=True)
    small = out["mentions"] < min_n
    out["mentions"] = out["mentions"].astype("float64").mask(small)
    out["share"] = out["share"].mask(small)
    out["suppressed"] = small
    out.attrs = dict(texts.attrs)
    return out
