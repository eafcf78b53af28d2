"""Retention of international graduates and workers: who is still in the region after h years.

Works on the ``cohort`` microdata (DESIGN section 4): one row per person with ``start_year``
(graduation or arrival), ``end_year`` (the year they left, or the last year observed) and
``left`` (True if they left, False if still in the region when observation ended). Durations
are whole years, as in annual register data.

Retention at horizon ``h``
    A person has *left by h* if ``left`` and ``end_year - start_year <= h``. Persons observed
    for fewer than ``h`` years without leaving are censored: we do not know whether they stay
    for ``h`` years, so they are not counted at that horizon. Among the rest (``n``),
    ``stayed`` is the number not left by ``h`` and ``rate = stayed / n``, with a Wilson 95 %
    interval.

Every published count and rate must rest on at least ``min_n`` persons: cells are masked with
:func:`kokka_analysis.privacy.suppress`, and so are rates whose *leavers* (``n - stayed``) are
a small non-zero number, because such a rate discloses those few persons just as well.

Examples
--------
>>> from kokka_analysis.sources import demo
>>> cohort = demo.generate(seed=0)["cohort"]
>>> retention_table(cohort, by="field", horizons=[3]).columns.tolist()
['field', 'horizon', 'n', 'stayed', 'rate', 'ci_low', 'ci_high', 'suppressed']
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from . import labels, privacy
from .errors import DataFormatError

log = logging.getLogger(__name__)

#: Age bands of the retention analyses (lower bound, label); ages under 18 get no band.
AGE_BANDS = ("18-24", "25-29", "30-34", "35+")
_AGE_BAND_EDGES = (18, 25, 30, 35, np.inf)

_REQUIRED = ("start_year", "end_year", "left")


def age_band(age: pd.Series) -> pd.Series:
    """Retention age bands ``18-24``, ``25-29``, ``30-34``, ``35+`` as an ordered categorical.

    Ages under 18 and missing ages get no band (NaN).

    Examples
    --------
    >>> import pandas as pd
    >>> age_band(pd.Series([18, 24, 25, 35, 60])).tolist()
    ['18-24', '18-24', '25-29', '35+', '35+']
    """
    age = pd.Series(age)
    return pd.cut(
        age, bins=list(_AGE_BAND_EDGES), labels=list(AGE_BANDS), right=False, ordered=True
    ).rename("age_band")


def _with_group_columns(cohort: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The cohort columns needed, with ``age_band``/``origin_group`` derived when absent."""
    cols: dict[str, pd.Series] = {}
    for name in by:
        if name in cohort.columns:
            cols[name] = cohort[name]
        elif name == "age_band" and "age" in cohort.columns:
            cols[name] = age_band(cohort["age"])
            n_unbanded = int(cols[name].isna().sum())
            if n_unbanded:
                log.warning(
                    "retention: %d persons under 18 or without age get no age band", n_unbanded
                )
        elif name == "origin_group" and "origin_country" in cohort.columns:
            country = cohort["origin_country"]
            groups = {c: labels.origin_group(c) for c in country.dropna().unique()}
            cols[name] = country.map(groups).fillna("unknown")
        else:
            derive_from = {"age_band": "age", "origin_group": "origin_country"}.get(name)
            also = f" (or {derive_from!r} to derive it from)" if derive_from else ""
            raise DataFormatError(
                f"the column {name!r}{also} is missing; the cohort has {list(cohort.columns)}.",
                source="cohort",
                column=name,
            )
    return pd.DataFrame(cols, index=cohort.index)


def _check_cohort(cohort: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Validated durations (years) and ``left`` flags as arrays."""
    for col in _REQUIRED:
        if col not in cohort.columns:
            raise DataFormatError(
                f"the column {col!r} is missing; the cohort has {list(cohort.columns)}.",
                source="cohort",
                column=col,
                hint="A cohort needs start_year, end_year and left (True/False) per person.",
            )
    years = {}
    for col in ("start_year", "end_year"):
        values = pd.to_numeric(cohort[col], errors="coerce")
        bad = values.isna() | (values != values.round())
        if bad.any():
            raise DataFormatError(
                "years must be whole numbers and not missing.",
                source="cohort",
                rows=cohort.index[bad].tolist(),
                column=col,
            )
        years[col] = values.to_numpy(dtype="int64")
    left = cohort["left"]
    if not pd.api.types.is_bool_dtype(left):
        ok = left.isin([True, False, 0, 1]) & left.notna()
        if not ok.all():
            raise DataFormatError(
                "'left' must be True/False (or 1/0) for every person.",
                source="cohort",
                rows=cohort.index[~ok].tolist(),
                column="left",
            )
    duration = years["end_year"] - years["start_year"]
    negative = duration < 0
    if negative.any():
        raise DataFormatError(
            "end_year is before start_year.",
            source="cohort",
            rows=cohort.index[negative].tolist(),
            column="end_year",
        )
    return duration, left.to_numpy(dtype=bool)


def _wilson(stayed: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wilson 95 % interval, NaN where ``n == 0``."""
    has_n = n > 0
    low, high = proportion_confint(stayed, np.where(has_n, n, 1), alpha=0.05, method="wilson")
    return np.where(has_n, low, np.nan), np.where(has_n, high, np.nan)


def retention_table(
    cohort: pd.DataFrame,
    by: str | Sequence[str],
    horizons: Sequence[int] = (1, 3, 5),
    min_n: int = privacy.MIN_N,
) -> pd.DataFrame:
    """Share of persons still in the region ``h`` years after entry, by group, with Wilson CIs.

    Parameters
    ----------
    cohort
        The ``cohort`` microdata (not changed): ``start_year``, ``end_year``, ``left`` and the
        ``by`` columns. Select a region first with
        ``cohort[regions.in_region(cohort.region, "MK08")]``.
    by
        Group column(s); ``[]`` for the whole cohort. ``"age_band"`` (18-24, 25-29, 30-34,
        35+) is derived from ``age`` and ``"origin_group"`` from ``origin_country`` when the
        cohort has no such column. Missing group values form their own (NaN) group.
    horizons
        Whole years after entry.
    min_n
        Smallest publishable number of persons (see :mod:`kokka_analysis.privacy`).

    Returns
    -------
    DataFrame
        Columns ``[*by, horizon, n, stayed, rate, ci_low, ci_high, suppressed]``, sorted by
        the ``by`` columns and horizon:

        - ``n``: persons who left by ``h`` or were observed at least ``h`` years
        - ``stayed``: of those, persons who had not left by ``h`` (float; NaN if suppressed)
        - ``rate``: ``stayed / n``; ``ci_low``, ``ci_high``: Wilson 95 % interval
        - ``suppressed``: True where ``n < min_n``, or ``stayed`` or ``n - stayed`` is
          between 1 and ``min_n - 1``; such rows have ``stayed``, ``rate`` and the interval
          masked (NaN)

        ``attrs`` are copied from ``cohort``.

    Raises
    ------
    DataFormatError
        If a column is missing or years / ``left`` cannot be used.

    Examples
    --------
    >>> import pandas as pd
    >>> cohort = pd.DataFrame({"start_year": [2015] * 6, "end_year": [2016, 2017, 2024, 2024,
    ...                        2024, 2024], "left": [True, True, False, False, False, False]})
    >>> retention_table(cohort, by=[], horizons=[1, 3], min_n=1)[["horizon", "rate"]]
       horizon      rate
    0        1  0.833333
    1        3  0.666667
    """
    by_cols = [by] if isinstance(by, str) else list(by)
    if len(set(by_cols)) != len(by_cols):
        raise ValueError(f"retention_table: 'by' repeats a column: {by_cols}")
    hs = [int(h) for h in horizons]
    if not hs or any(h < 1 or h != float(x) for h, x in zip(hs, horizons, strict=True)):
        raise ValueError(f"retention_table: horizons must be whole years >= 1, got {horizons!r}")
    duration, left = _check_cohort(cohort)
    groups = _with_group_columns(cohort, by_cols)

    parts = []
    for h in hs:  # a loop over a few horizons; persons are handled as arrays
        left_by_h = left & (duration <= h)
        eligible = left_by_h | (duration >= h)
        part = groups.copy()
        part["horizon"] = h
        part["n"] = eligible.astype("int64")
        part["stayed"] = (eligible & ~left_by_h).astype("int64")
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    keys = [*by_cols, "horizon"]
    out = (
        long.groupby(keys, sort=True, observed=True, dropna=False)[["n", "stayed"]]
        .sum()
        .reset_index()
    )

    n = out["n"].to_numpy()
    stayed = out["stayed"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(n > 0, stayed / np.where(n > 0, n, 1), np.nan)
    out["ci_low"], out["ci_high"] = _wilson(stayed, n)

    leavers = n - stayed
    few_leavers = (leavers > 0) & (leavers < min_n)
    # n itself is a published count: under min_n it is masked too (DESIGN section 7)
    out = privacy.suppress(
        out,
        ["stayed", "n"],
        min_n=min_n,
        base_col="n",
        dependent_cols=["rate", "ci_low", "ci_high"],
    )
    for col in ("stayed", "rate", "ci_low", "ci_high"):
        out[col] = out[col].mask(few_leavers)
    out["suppressed"] = out["suppressed"] | few_leavers

    out = out[[*by_cols, "horizon", "n", "stayed", "rate", "ci_low", "ci_high", "suppressed"]]
    out.attrs = dict(cohort.attrs)
    log.debug(
        "retention_table: by=%s horizons=%s, %d rows, %d suppressed",
        by_cols, hs, len(out), int(out["suppressed"].sum()),
    )  # fmt: skip
    return out
