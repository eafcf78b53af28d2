"""Retention of international graduates and workers: who is still in the region after h years.

Works on the ``cohort`` microdata (DESIGN section 4): one row per person with ``start_year``
(graduation or arrival), ``end_year`` (the year they left, or the last year observed) and
``left`` (True if they left, False if still in the region when observation ended). Durations
are whole years, as in annual register data.

Retention at horizon ``h``
    The share of persons still in the region ``h`` years after entry is the Kaplan-Meier
    survival curve at ``h`` (:func:`retention_table`, :func:`survival`): persons who entered
    recently count for the years they were observed, so neither recent leavers nor recent
    stayers are over- or under-counted. Where a plain share is wanted, the same quantity is
    the share among entry cohorts that everyone could be followed for ``h`` years
    (``retention_table(..., method="complete")``, :func:`status_at`); profiles of stayers
    and leavers use those persons. Where the leavers went is split with the Aalen-Johansen
    estimator (:func:`outcome_shares`), whose parts add up to one with ``S(h)``.

Every published count and rate must rest on at least ``min_n`` persons: counts are masked with
:func:`kokka_analysis.privacy.suppress`, and so are rates whose step rests on a small non-zero
number of leavers, because such a rate discloses those few persons just as well.

The findings sentences (:func:`group_findings`, :func:`survival_findings`,
:func:`cox_findings`, :func:`profile_test_findings`, :func:`destination_findings`,
:func:`findings_text`) live in :mod:`kokka_analysis.text.retention` and are importable from
here too.

Examples
--------
>>> from kokka_analysis.sources import demo
>>> cohort = demo.generate(seed=0)["cohort"]
>>> retention_table(cohort, by="field", horizons=[3]).columns.tolist()
['field', 'horizon', 'n', 'stayed', 'leavers', 'rate', 'ci_low', 'ci_high', 'suppressed']
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from . import labels, privacy, schemas
from .errors import DataFormatError, KokkaError
from .text import source_of
from .text.retention import (  # noqa: F401  (re-exported: the findings sentences)
    VARIABLE_NAMES,
    cox_findings,
    definitions,
    destination_findings,
    findings_text,
    group_findings,
    profile_test_findings,
    survival_findings,
)

log = logging.getLogger(__name__)

#: Age bands of the retention analyses (lower bound, label); ages under 18 get no band.
AGE_BANDS = ("18-24", "25-29", "30-34", "35+")
_AGE_BAND_EDGES = (18, 25, 30, 35, np.inf)

_REQUIRED = ("start_year", "end_year", "left")
_Z95 = 1.959963984540054


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
    schemas.require_columns(
        cohort, _REQUIRED, "cohort",
        hint="A cohort needs start_year, end_year and left (True/False) per person.",
    )  # fmt: skip
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


#: Ways of computing the share still in the region h years after entry (``retention_table``).
METHODS = ("km", "complete")


def _km_arrays(
    at_risk: np.ndarray, events: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kaplan-Meier survival and its pointwise 95 % interval (group x time arrays).

    Greenwood variance on the log(-log) scale, as R ``survival`` (``conf.type="log-log"``) and
    lifelines do. Where nobody is at risk any more the curve keeps its last value.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = np.where(at_risk > 0, events / np.where(at_risk > 0, at_risk, 1), 0.0)
        surv = np.cumprod(1.0 - hazard, axis=1)
        survivors = at_risk - events
        greenwood = np.cumsum(
            np.where(at_risk > 0, events / (at_risk * np.where(survivors > 0, survivors, 1)), 0),
            axis=1,
        )
        log_s = np.log(surv)
        se = np.sqrt(greenwood) / np.abs(log_s)  # of log(-log S)
        inside = (surv > 0) & (surv < 1)
        low = np.where(inside, surv ** np.exp(_Z95 * se), surv)
        high = np.where(inside, surv ** np.exp(-_Z95 * se), surv)
    return surv, low, high


def _group_codes(groups: pd.DataFrame, by_cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Group number per person (missing values form their own group) and the group keys."""
    if not by_cols:
        return np.zeros(len(groups), dtype="int64"), pd.DataFrame(index=[0])
    grouped = groups.groupby(by_cols, observed=True, dropna=False, sort=True)
    codes = grouped.ngroup().to_numpy(dtype="int64")
    keys = grouped.size().reset_index()[by_cols]
    return codes, keys


def _followed_cohorts(cohort: pd.DataFrame, horizon: int) -> np.ndarray:
    """Persons whose entry cohort could be followed for ``horizon`` years (True/False).

    The end of observation is the last year in the data (the largest ``end_year``): an entry
    cohort is *followed for h years* when ``start_year + h`` is not after it.
    """
    start = pd.to_numeric(cohort["start_year"]).to_numpy(dtype="int64")
    last = int(pd.to_numeric(cohort["end_year"]).max()) if len(cohort) else 0
    return start + int(horizon) <= last


def status_at(cohort: pd.DataFrame, horizon: int) -> tuple[np.ndarray, np.ndarray]:
    """Who can be classified as a stayer or leaver ``horizon`` years after entry, and who left.

    The plain-share definition of retention: only entry cohorts that everyone could be
    followed for ``horizon`` years count (see :func:`retention_table` with
    ``method="complete"``), stayers and leavers alike; within them, a person censored before
    ``horizon`` (lost to follow-up) is left out. This is what profiles of stayers and leavers
    use, so that they rest on the same persons as a plain share.

    Returns
    -------
    (known, left_by)
        Boolean arrays over the persons: status known at ``horizon``; known to have left by
        ``horizon`` (a subset of the first).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"start_year": [2014, 2014, 2022, 2022], "end_year": [2016, 2024,
    ...                   2023, 2024], "left": [True, False, True, False]})
    >>> [a.tolist() for a in status_at(c, 5)]
    [[True, True, False, False], [True, False, False, False]]
    """
    duration, left = _check_cohort(cohort)
    h = int(horizon)
    left_by = left & (duration <= h)
    known = _followed_cohorts(cohort, h) & (left_by | (duration >= h))
    return known, left_by & known


def retention_table(
    cohort: pd.DataFrame,
    by: str | Sequence[str],
    horizons: Sequence[int] = (1, 3, 5),
    min_n: int = privacy.MIN_N,
    *,
    complementary: bool = False,
    method: str = "km",
) -> pd.DataFrame:
    """Share of persons still in the region ``h`` years after entry, by group, with 95 % CIs.

    Persons enter in different years (graduation or arrival) and are observed until they
    leave or until the data end, so recent entrants have not yet been followed ``h`` years.
    The share still in the region after ``h`` years is therefore the **Kaplan-Meier**
    estimate ``S(h)`` (``method="km"``, the default): it uses every person for as long as
    they were observed, and it is the same number as the curve of :func:`survival` at
    ``h``. ``method="complete"`` gives the plain share among the entry cohorts that everyone
    could be followed for ``h`` years (stayers and leavers alike, see :func:`status_at`),
    with a Wilson interval; it estimates the same quantity with fewer persons. Both agree
    exactly when everyone has been followed ``h`` years, and both are unbiased under
    staggered entry (tests/test_retention.py measures this by simulation).

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
    complementary
        Also mask enough further groups that no masked count can be computed back from the
        whole-cohort totals at the same horizon (use it when the totals are published too, as
        in notebook 03).
    method
        ``"km"`` (Kaplan-Meier, default) or ``"complete"`` (plain share of fully followed
        entry cohorts).

    Returns
    -------
    DataFrame
        Columns ``[*by, horizon, n, stayed, leavers, rate, ci_low, ci_high, suppressed]``,
        sorted by the ``by`` columns and horizon:

        - ``n``: persons in the group (``"complete"``: persons of the fully followed cohorts
          whose status at ``h`` is known)
        - ``stayed``: persons observed still in the region ``h`` years after entry
        - ``leavers``: persons observed to leave within ``h`` years; ``n - stayed - leavers``
          were followed for less than ``h`` years (``"km"``)
        - ``rate``: the estimated share still in the region after ``h`` years;
          ``ci_low``, ``ci_high``: its 95 % interval (Greenwood log(-log) for ``"km"``,
          Wilson for ``"complete"``)
        - ``suppressed``: True where a count is between 1 and ``min_n - 1``, where fewer than
          ``min_n`` persons are still followed at ``h``, or where the Kaplan-Meier step at
          ``h`` rests on 1 to ``min_n - 1`` leavers (the rule of :func:`survival`: the row's
          counts are masked with its rate, so that the cumulative leavers of neighbouring
          horizons do not give the small step back); masked values are NaN. A group whose
          persons have all left shows a rate of 0.

        ``attrs`` are copied from ``cohort``.

    Raises
    ------
    DataFormatError
        If a column is missing or years / ``left`` cannot be used.

    Examples
    --------
    Cohort 2014 (5 leave in 2016, 5 stay) and cohort 2022 (5 leave in 2023, 5 stay), data to
    2024: half of each cohort leaves within two years and nobody later, so 50 % remain.

    >>> import pandas as pd
    >>> c = pd.DataFrame({"start_year": [2014] * 10 + [2022] * 10,
    ...                   "end_year": [2016] * 5 + [2024] * 5 + [2023] * 5 + [2024] * 5,
    ...                   "left": ([True] * 5 + [False] * 5) * 2})
    >>> retention_table(c, by=[], horizons=[5], min_n=1)[["n", "stayed", "leavers", "rate"]]
          n  stayed  leavers  rate
    0  20.0     5.0     10.0   0.5
    >>> float(retention_table(c, [], horizons=[5], min_n=1, method="complete")["rate"].iloc[0])
    0.5
    """
    if method not in METHODS:
        raise ValueError(f"retention_table: method must be one of {METHODS}, got {method!r}")
    by_cols = [by] if isinstance(by, str) else list(by)
    if len(set(by_cols)) != len(by_cols):
        raise ValueError(f"retention_table: 'by' repeats a column: {by_cols}")
    hs = [int(h) for h in horizons]
    if not hs or any(h < 1 or h != float(x) for h, x in zip(hs, horizons, strict=True)):
        raise ValueError(f"retention_table: horizons must be whole years >= 1, got {horizons!r}")
    duration, left = _check_cohort(cohort)
    groups = _with_group_columns(cohort, by_cols)
    codes, keys = _group_codes(groups, by_cols)
    n_groups = len(keys)
    if method == "km":
        at_risk, events = _count_matrix(codes, n_groups, duration, left)
        width = max(at_risk.shape[1], max(hs) + 1)
        at_risk = np.pad(at_risk, ((0, 0), (0, width - at_risk.shape[1])))
        events = np.pad(events, ((0, 0), (0, width - events.shape[1])))
        surv, low, high = _km_arrays(at_risk, events)
        shown = _shown_steps(at_risk, events, surv, min_n)
        size = np.bincount(codes, minlength=n_groups)

    parts = []
    for h in hs:  # a loop over a few horizons; persons are handled as arrays
        part = keys.copy()
        part["horizon"] = h
        if method == "km":
            part["n"] = size
            part["stayed"] = at_risk[:, h] - events[:, h]
            part["leavers"] = events[:, : h + 1].sum(axis=1)
            followed = (at_risk[:, h] > 0) | (surv[:, h] == 0)  # or everyone has left
            part["rate"] = np.where(followed, surv[:, h], np.nan)
            part["ci_low"] = np.where(followed, low[:, h], np.nan)
            part["ci_high"] = np.where(followed, high[:, h], np.nan)
            part["_step_ok"] = shown[:, h]
        else:
            known, left_by = status_at(cohort, h)
            n = np.bincount(codes[known], minlength=n_groups)
            gone = np.bincount(codes[known & left_by], minlength=n_groups)
            part["n"] = n
            part["stayed"] = n - gone
            part["leavers"] = gone
            with np.errstate(divide="ignore", invalid="ignore"):
                part["rate"] = np.where(n > 0, (n - gone) / np.where(n > 0, n, 1), np.nan)
            part["ci_low"], part["ci_high"] = _wilson(n - gone, n)
            part["_step_ok"] = True
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values([*by_cols, "horizon"], kind="stable", ignore_index=True)

    rates = ["rate", "ci_low", "ci_high"]
    # n itself is a published count: under min_n the whole row is masked (DESIGN section 7)
    out = privacy.suppress(
        out, ["n", "stayed", "leavers"], min_n=min_n, base_col="n", dependent_cols=rates
    )
    # a rate whose step rests on 1 to min_n - 1 leavers is masked, and so are the row's counts:
    # the leavers of the neighbouring horizons would otherwise give that small step back
    step_bad = ~out.pop("_step_ok").to_numpy(dtype=bool) & out["n"].notna().to_numpy()
    for col in ("stayed", "leavers", *rates):
        out[col] = out[col].mask(step_bad)
    out["suppressed"] = out["suppressed"] | step_bad
    if complementary and by_cols:
        for col in ("n", "stayed", "leavers"):
            out = privacy.suppress_complementary(out, col, "horizon", min_n, dependent_cols=rates)
    out = out[[*by_cols, "horizon", "n", "stayed", "leavers", *rates, "suppressed"]]
    out.attrs = {**cohort.attrs, "retention_method": method}
    log.debug(
        "retention_table: by=%s horizons=%s method=%s, %d rows, %d suppressed",
        by_cols, hs, method, len(out), int(out["suppressed"].sum()),
    )  # fmt: skip
    return out


# --- survival ------------------------------------------------------------------------------

#: Header texts of the retention tables for :func:`kokka_analysis.report.table`.
COLUMN_LABELS = labels.RETENTION_COLUMNS

#: Outcomes at a horizon and their labels (fi, en).
OUTCOMES = {
    "stayed": ("Asuu alueella", "Lives in the region"),
    "moved_domestic": ("Muutti muualle Suomeen", "Moved elsewhere in Finland"),
    "moved_abroad": ("Muutti ulkomaille", "Moved abroad"),
    "moved_unknown": ("Muutti, kohde tuntematon", "Moved, destination unknown"),
}


def _by_list(by: str | Sequence[str] | None) -> list[str]:
    cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    if len(set(cols)) != len(cols):
        raise ValueError(f"'by' repeats a column: {cols}")
    return cols


def _group_labels(cohort: pd.DataFrame, by_cols: list[str]) -> pd.Series:
    """One text label per person: the ``by`` values joined by " / " ("all" without ``by``)."""
    if not by_cols:
        return pd.Series("all", index=cohort.index)
    groups = _with_group_columns(cohort, by_cols)
    parts = [groups[c].astype("string").fillna("NA") for c in by_cols]
    label = parts[0]
    for p in parts[1:]:
        label = label + " / " + p
    return label.astype(str)


def _count_matrix(
    codes: np.ndarray, n_groups: int, duration: np.ndarray, left: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Persons at risk and events per (group, year since entry), as group x time arrays."""
    n_times = int(duration.max()) + 1 if len(duration) else 1
    flat = codes * n_times + duration
    size = n_groups * n_times
    exits = np.bincount(flat, minlength=size).reshape(n_groups, n_times)
    events = np.bincount(flat[left], minlength=size).reshape(n_groups, n_times)
    at_risk = exits[:, ::-1].cumsum(axis=1)[:, ::-1]  # still observed at the start of t
    return at_risk, events


def survival(
    cohort: pd.DataFrame, by: str | Sequence[str] | None = None, *, min_n: int | None = None
) -> pd.DataFrame:
    """Kaplan-Meier curves of the time to leaving the region, with 95 % intervals.

    Durations are whole years (``end_year - start_year``); leaving is the event and persons
    still in the region when observation ended are censored. At each year ``t`` the persons
    at risk are those observed for at least ``t`` years; those censored at ``t`` count as at
    risk at ``t`` (register data: they were resident at the end of year ``t``).

    Parameters
    ----------
    cohort
        The ``cohort`` microdata (not changed).
    by
        Group column(s), or None for one curve. ``age_band`` and ``origin_group`` are derived
        as in :func:`retention_table`.
    min_n
        If given, the table is made publishable: the curve stops where fewer than ``min_n``
        persons are at risk, and a year is shown only when the leavers since the previous
        shown year are 0 or at least ``min_n`` (smaller steps are pooled into the next shown
        year, so ``events`` then counts leavers since the previous row). None: every year.

    Returns
    -------
    DataFrame
        ``[group, time, at_risk, events, survival, ci_low, ci_high]``: ``group`` is the
        ``by`` value(s) as text ("all" without ``by``; several joined by " / "), ``time``
        years since entry (from 0), ``survival`` the Kaplan-Meier estimate of still being in
        the region after ``time`` years, ``ci_low``/``ci_high`` the pointwise 95 % interval
        (Greenwood variance on the log(-log) scale, as lifelines and R ``survival`` do).
        Sorted by group and time; ``attrs`` copied from ``cohort``.

    Examples
    --------
    >>> import pandas as pd
    >>> cohort = pd.DataFrame({"start_year": [2015] * 4, "end_year": [2016, 2017, 2017, 2019],
    ...                        "left": [True, False, True, False]})
    >>> survival(cohort)[["time", "at_risk", "events", "survival"]]
       time  at_risk  events  survival
    0     0        4       0      1.00
    1     1        4       1      0.75
    2     2        3       1      0.50
    3     3        1       0      0.50
    4     4        1       0      0.50
    """
    by_cols = _by_list(by)
    duration, left = _check_cohort(cohort)
    label = _group_labels(cohort, by_cols)
    codes, uniques = pd.factorize(label, sort=True)
    at_risk, events = _count_matrix(codes, len(uniques), duration, left)
    n_groups, n_times = at_risk.shape

    surv, low, high = _km_arrays(at_risk, events)

    keep = at_risk > 0
    if min_n is not None:
        keep = _publishable_steps(at_risk, events, min_n)
        events = _pooled_events(events, keep)
    g_idx, t_idx = np.nonzero(keep)
    out = pd.DataFrame(
        {
            "group": np.asarray(uniques, dtype=object)[g_idx],
            "time": t_idx.astype("int64"),
            "at_risk": at_risk[g_idx, t_idx].astype("int64"),
            "events": events[g_idx, t_idx].astype("int64"),
            "survival": surv[g_idx, t_idx],
            "ci_low": low[g_idx, t_idx],
            "ci_high": high[g_idx, t_idx],
        }
    )
    out.attrs = dict(cohort.attrs)
    log.debug("survival: by=%s, %d groups, %d rows", by_cols, n_groups, len(out))
    return out


def _publishable_steps(at_risk: np.ndarray, events: np.ndarray, min_n: int) -> np.ndarray:
    """Years shown under ``min_n``: enough at risk, and each step 0 or >= ``min_n`` leavers."""
    keep = np.zeros(at_risk.shape, dtype=bool)
    for g in range(at_risk.shape[0]):  # a handful of groups x at most a few dozen years
        pooled = 0
        for t in range(at_risk.shape[1]):
            if at_risk[g, t] < min_n:
                break
            pooled += events[g, t]
            if pooled == 0 or pooled >= min_n:
                keep[g, t] = True
                pooled = 0
    return keep


def _shown_steps(
    at_risk: np.ndarray, events: np.ndarray, surv: np.ndarray, min_n: int
) -> np.ndarray:
    """:func:`_publishable_steps`, and a group that has all left keeps its zero shown after
    its last (publishable) step."""
    shown = _publishable_steps(at_risk, events, min_n)
    for g in np.flatnonzero((surv == 0).any(axis=1)):
        t0 = int(np.argmax(surv[g] == 0))
        if shown[g, t0]:
            shown[g, t0:] = True
    return shown


def _pooled_events(events: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Events since the previous shown year, at every shown year."""
    cum = np.cumsum(events, axis=1)
    out = np.zeros_like(events)
    for g in range(events.shape[0]):
        shown = np.flatnonzero(keep[g])
        if len(shown):
            c = cum[g, shown]
            out[g, shown] = np.diff(np.concatenate([[0], c]))
    return out


def logrank_test(
    cohort: pd.DataFrame, by: str | Sequence[str], *, min_n: int = privacy.MIN_N
) -> pd.DataFrame:
    """Log-rank test that the time to leaving is the same in every group.

    Groups with fewer than ``min_n`` persons are left out of the test (logged).

    Returns
    -------
    DataFrame
        One row: ``[variable, groups, statistic, df, p_value]`` (chi-square with
        ``groups - 1`` degrees of freedom; NaN with fewer than two groups).

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> cohort = demo.generate(seed=0)["cohort"]
    >>> float(logrank_test(cohort, "field")["p_value"].iloc[0]) < 0.001
    True
    """
    by_cols = _by_list(by)
    duration, left = _check_cohort(cohort)
    label = _group_labels(cohort, by_cols)
    codes, uniques = pd.factorize(label, sort=True)
    sizes = np.bincount(codes, minlength=len(uniques))
    big = sizes >= min_n
    if (~big).any():
        log.info("logrank_test: %d groups under %d persons left out", int((~big).sum()), min_n)
    sel = big[codes]
    new_code = np.cumsum(big) - 1
    at_risk, events = _count_matrix(new_code[codes[sel]], int(big.sum()), duration[sel], left[sel])
    stat, dof, p = _logrank(at_risk, events)
    return pd.DataFrame(
        {
            "variable": [" / ".join(by_cols)],
            "groups": [int(big.sum())],
            "statistic": [stat],
            "df": [dof],
            "p_value": [p],
        }
    )


def _logrank(at_risk: np.ndarray, events: np.ndarray) -> tuple[float, int, float]:
    """Log-rank chi-square from group x time counts (Mantel-Haenszel variance)."""
    from scipy.stats import chi2

    n_groups = at_risk.shape[0]
    if n_groups < 2:
        return np.nan, 0, np.nan
    n = at_risk.sum(axis=0).astype(float)
    d = events.sum(axis=0).astype(float)
    ok = n > 1
    n, d, r, e = n[ok], d[ok], at_risk[:, ok].astype(float), events[:, ok].astype(float)
    expected = (r * d / n).sum(axis=1)
    diff = e.sum(axis=1) - expected
    w = d * (n - d) / (n - 1) / n**2
    cov = -(r * w) @ r.T
    cov[np.diag_indices(n_groups)] = (w * r * (n - r)).sum(axis=1)
    diff, cov = diff[:-1], cov[:-1, :-1]
    stat = float(diff @ np.linalg.solve(cov, diff))
    dof = n_groups - 1
    return stat, dof, float(chi2.sf(stat, dof))


# --- adjusted effects: Cox proportional hazards -------------------------------------------------
#: Covariates of the default Cox model (derived columns as in :func:`retention_table`).
COX_COVARIATES = ("age_band", "sex", "field", "origin_group", "region")


class CoxResult:
    """A fitted Cox proportional-hazards model of the time to leaving the region.

    Made by :func:`fit_cox`. The results protocol of the package:

    - ``summary()``: hazard ratios with 95 % intervals per category (against the largest
      category of each variable), untranslated column names;
    - ``to_frame()``: the summary with the raw coefficients and standard errors;
    - ``plot(lang=...)``: a forest plot; ``findings(lang=...)``: the findings in words;
    - ``repr()``: persons, leavers (events), covariates and the data source.

    ``ph_test()`` checks the proportional-hazards assumption and ``ph_residuals()`` gives
    the residuals to plot. ``notes`` lists the variables left out of the model and why (one
    category only, or determined by another variable).

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> res = fit_cox(demo.generate(seed=0)["cohort"], ["field", "sex"])
    >>> res  # doctest: +ELLIPSIS
    <CoxResult: fitted on 6000 persons, 2482 left the region (events), ...; source: synthetic demo data>
    >>> res.findings(lang="en")[:58]
    'Holding field of education and gender fixed, the risk of l'
    """

    def __init__(
        self,
        results,
        terms: pd.DataFrame,
        n: int,
        events: int,
        covariates,
        attrs,
        *,
        exog: np.ndarray | None = None,
        duration: np.ndarray | None = None,
        status: np.ndarray | None = None,
        notes: Sequence[dict] = (),
    ):
        self.results = results  # statsmodels PHRegResults
        self.terms = terms
        self.n = n
        self.events = events
        self.covariates = list(covariates)
        self.attrs = dict(attrs)
        self.notes = list(notes)
        self._exog = exog
        self._duration = duration
        self._status = status

    def __repr__(self) -> str:
        return (
            f"<CoxResult: fitted on {self.n} persons, {self.events} left the region (events), "
            f"{self.n - self.events} censored; covariates: {', '.join(self.covariates) or 'none'}; "
            f"ties: efron; source: {source_of(self.attrs)}>"
        )

    def summary(self) -> pd.DataFrame:
        """``[variable, level, reference, n, events, hazard_ratio, ci_low, ci_high, p_value]``.

        ``hazard_ratio`` > 1: this category leaves faster than the reference category, with
        the other variables held fixed. ``n`` and ``events`` count the persons of the fitted
        design (after pooling and leaving out), and are at least ``min_n``.
        """
        res = self.results
        ci = np.asarray(res.conf_int())
        out = self.terms.copy()
        out["hazard_ratio"] = np.exp(np.asarray(res.params))
        out["ci_low"] = np.exp(ci[:, 0])
        out["ci_high"] = np.exp(ci[:, 1])
        out["p_value"] = np.asarray(res.pvalues)
        out.attrs = dict(self.attrs)
        return out.reset_index(drop=True)

    def to_frame(self) -> pd.DataFrame:
        """The summary with the raw coefficients (log hazard ratios) and standard errors."""
        out = self.summary()
        out.insert(5, "coef", np.asarray(self.results.params))
        out.insert(6, "se", np.asarray(self.results.bse))
        return out

    def _zph(self, transform: str) -> dict:
        if self._exog is None:
            raise KokkaError("ph_test needs a CoxResult made by fit_cox.")
        return _zph_score(
            self._exog, self._duration, self._status, np.asarray(self.results.params), transform
        )

    def ph_test(
        self, transform: str = "km", alpha: float = 0.05, method: str = "partial"
    ) -> pd.DataFrame:
        """Proportional-hazards check: does any variable's effect change with time?

        The model is augmented with a term ``x * g(t)`` for every variable (``g`` = ``1 -
        KM(t-)`` with ``transform="km"``, the default, or the time itself, its rank or its
        log), as in Grambsch and Therneau (1994) and R's ``survival::cox.zph``:

        - ``GLOBAL``: the score test that no effect changes with time, exactly as
          ``cox.zph`` (version 3) computes it.
        - per variable, ``method="partial"`` (default): the Wald test that *this* variable's
          effect does not change while every other variable's may (the augmented model is
          fitted). ``method="zph"``: ``cox.zph``'s own per-variable score test, which holds
          the other variables' time terms at zero; when a variable whose effect does change
          is correlated with one whose effect does not, that test flags both (measured by
          simulation in tests/test_retention.py: 97 % of data sets), so the page uses the
          partial test, which flags the constant one at about the nominal 5 %.

        A categorical variable is tested with all its categories together (degrees of
        freedom = categories - 1). ``ph_ok`` is False where the Holm-adjusted p-value over the
        variables (or the global p-value) is under ``alpha``. tests/reference/ holds results
        of R (``cox.zph`` and a ``coxph`` fit with ``tt()`` terms) on a simulated data set,
        with the R script that made them, and the tests compare with them.

        Returns
        -------
        DataFrame
            ``[variable, chisq, df, p_value, ph_ok]``; the last row is ``GLOBAL``.
        """
        from scipy.stats import chi2

        from .survey import holm

        if method not in ("partial", "zph"):
            raise ValueError(f"ph_test: method must be 'partial' or 'zph', got {method!r}")
        z = self._zph(transform)
        u, imat = z["u"], z["imat"]
        p = len(u) // 2
        if method == "partial" and p:
            theta, cov = _fit_time_varying(
                self._exog, self._duration, self._status, np.asarray(self.results.params),
                transform,
            )  # fmt: skip
        rows = []
        for var in self.covariates:
            cols = np.flatnonzero(self.terms["variable"].to_numpy() == var)
            if method == "partial":
                est = theta[p + cols]
                stat = float(est @ np.linalg.solve(cov[np.ix_(p + cols, p + cols)], est))
            else:
                kk = np.concatenate([np.arange(p), cols + p])
                uu = np.concatenate([np.zeros(p), u[cols + p]])
                stat = float(uu @ np.linalg.solve(imat[np.ix_(kk, kk)], uu))
            rows.append({"variable": var, "chisq": stat, "df": len(cols)})
        if p:
            uu = np.concatenate([np.zeros(p), u[p:]])
            rows.append({"variable": "GLOBAL", "chisq": float(uu @ np.linalg.solve(imat, uu)),
                         "df": p})  # fmt: skip
        out = pd.DataFrame(rows, columns=["variable", "chisq", "df"])
        out["p_value"] = chi2.sf(out["chisq"].to_numpy(dtype=float), out["df"].to_numpy())
        is_global = (out["variable"] == "GLOBAL").to_numpy()
        adjusted = out["p_value"].to_numpy(dtype=float).copy()
        adjusted[~is_global] = holm(adjusted[~is_global])
        out["ph_ok"] = ~(adjusted < alpha)
        out.attrs = {**self.attrs, "transform": transform, "method": method}
        return out

    def ph_residuals(self, transform: str = "km") -> pd.DataFrame:
        """Scaled Schoenfeld residuals per leaving event (as R's ``cox.zph(...)$y``).

        One row per event: ``time``, ``g`` (the transformed time) and one column per
        variable; a categorical variable's columns are combined through its coefficients
        (the residual of its part of the linear predictor, centred on 1), a single-column
        variable is centred on its coefficient. Plotted against ``g`` they show how an
        effect changes with time.
        """
        z = self._zph(transform)
        beta = np.asarray(self.results.params)
        resid = z["schoen"]
        p = len(beta)
        variables = self.covariates
        combine = np.zeros((p, len(variables)))
        for j, var in enumerate(variables):
            cols = np.flatnonzero(self.terms["variable"].to_numpy() == var)
            combine[cols, j] = 1.0 if len(cols) == 1 else beta[cols]
        vmean = z["imat"][:p, :p] / max(len(resid), 1)
        r = resid @ combine
        v = combine.T @ vmean @ combine
        scaled = np.linalg.solve(v, r.T).T
        centre = np.array(
            [
                beta[np.flatnonzero(self.terms["variable"].to_numpy() == var)[0]]
                if (self.terms["variable"] == var).sum() == 1
                else 1.0
                for var in variables
            ]
        )
        out = pd.DataFrame(scaled + centre, columns=variables)
        out.insert(0, "g", z["g_event"])
        out.insert(0, "time", z["time_event"])
        return out

    def plot(self, *, lang: str = "fi"):
        """Forest plot of the hazard ratios (see :func:`kokka_analysis.plots.plot_hazard_ratios`)."""
        from .plots.retention import plot_hazard_ratios

        return plot_hazard_ratios(self.summary(), lang=lang)

    def findings(self, *, lang: str = "fi") -> str:
        """The clearest adjusted effects and the proportional-hazards check in words (see
        :func:`kokka_analysis.text.retention.cox_findings`)."""
        return cox_findings(self, lang=lang)


def _time_transform(duration: np.ndarray, status: np.ndarray, transform: str) -> np.ndarray:
    """g(t) per person, as ``cox.zph``: ``km`` = 1 - left-continuous Kaplan-Meier."""
    t = duration.astype(float)
    if transform == "identity":
        return t
    if transform == "log":
        return np.log(t)
    if transform == "rank":
        from scipy.stats import rankdata

        return rankdata(t)
    if transform != "km":
        raise ValueError(f"transform must be 'km', 'rank', 'identity' or 'log', got {transform!r}")
    times = np.unique(t)
    at_risk = np.array([(t >= x).sum() for x in times], dtype=float)
    deaths = np.array([((t == x) & status).sum() for x in times], dtype=float)
    surv = np.cumprod(1 - deaths / at_risk)
    before = np.concatenate([[1.0], surv[:-1]])  # S(t-) at each distinct time
    return 1.0 - before[np.searchsorted(times, t)]


def _zph_score(
    x: np.ndarray,
    duration: np.ndarray,
    status: np.ndarray,
    beta: np.ndarray,
    transform: str,
    gamma: np.ndarray | None = None,
) -> dict:
    """Score vector and information of the Cox model augmented with ``x * g(t)`` at
    (beta, gamma) (gamma = 0 by default), with Efron's handling of ties, and the Schoenfeld
    residuals.

    At gamma = 0 this is the algorithm of R ``survival``'s ``cox.zph`` (C routine ``zph1``):
    the last ``p`` score elements are ``sum over events of g(t) * (x_i - xbar(t))``. ``u_beta``
    is the score of the first ``p`` (zero at the model's own estimate).
    """
    status = status.astype(bool)
    n, p = x.shape
    xc = x - x.mean(axis=0)
    gamma = np.zeros(p) if gamma is None else np.asarray(gamma, dtype=float)
    g_raw = _time_transform(duration, status, transform)
    g = g_raw - g_raw[status].mean()
    u = np.zeros(2 * p)
    imat = np.zeros((2 * p, 2 * p))
    schoen, ev_time, ev_g = [], [], []
    for t in np.unique(duration[status]):  # distinct leaving years: a dozen or two
        in_risk = duration >= t
        dead = in_risk & (duration == t) & status
        nd = int(dead.sum())
        gt = float(g[dead][0])
        eta = xc[in_risk] @ (beta + gt * gamma)
        r_all = np.exp(eta - eta.max())
        x_all = xc[in_risk]
        dead_in = dead[in_risk]
        r_d, x_d = r_all[dead_in], x_all[dead_in]
        den0 = r_all.sum()
        a0 = r_all @ x_all
        c0 = (x_all * r_all[:, None]).T @ x_all
        den_d = r_d.sum()
        a_d = r_d @ x_d
        c_d = (x_d * r_d[:, None]).T @ x_d
        means = []
        info = np.zeros((p, p))
        for k in range(nd):  # Efron: the tied leavers leave the risk set step by step
            frac = k / nd
            den = den0 - frac * den_d
            m = (a0 - frac * a_d) / den
            means.append(m)
            info += (c0 - frac * c_d) / den - np.outer(m, m)
        resid = x_d.sum(axis=0) - np.sum(means, axis=0)
        u[:p] += resid
        u[p:] += gt * resid
        imat[:p, :p] += info
        imat[:p, p:] += gt * info
        imat[p:, p:] += gt * gt * info
        schoen.append(x_d - np.mean(means, axis=0))
        ev_time += [t] * nd
        ev_g += [float(g_raw[dead][0])] * nd
    imat[p:, :p] = imat[:p, p:].T
    return {
        "u": u,
        "imat": imat,
        "schoen": np.vstack(schoen) if schoen else np.zeros((0, p)),
        "time_event": np.array(ev_time, dtype=float),
        "g_event": np.array(ev_g, dtype=float),
    }


def _fit_time_varying(
    x: np.ndarray, duration: np.ndarray, status: np.ndarray, beta: np.ndarray, transform: str
) -> tuple[np.ndarray, np.ndarray]:
    """Maximum partial likelihood of the model with every effect allowed to change with g(t)
    (``x * beta + x * g(t) * gamma``), by Newton-Raphson from (beta, 0): the estimate of
    (beta, gamma) and its covariance (inverse information)."""
    p = x.shape[1]
    theta = np.concatenate([beta, np.zeros(p)])
    for _ in range(30):  # Newton from the PH fit: a handful of steps
        z = _zph_score(x, duration, status, theta[:p], transform, gamma=theta[p:])
        step = np.linalg.solve(z["imat"], z["u"])
        theta = theta + step
        if np.max(np.abs(step)) < 1e-9:
            break
    z = _zph_score(x, duration, status, theta[:p], transform, gamma=theta[p:])
    return theta, np.linalg.inv(z["imat"])


def _pool_small_levels(
    values: dict[str, np.ndarray], left: np.ndarray, min_n: int
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Pool categories with fewer than ``min_n`` persons or leavers into "other", and leave
    out persons of an "other" that is itself that small; repeat until stable, because leaving
    persons out can make another category small."""
    keep = np.ones(len(left), dtype=bool)
    values = dict(values)
    for _ in range(20):  # converges in two or three rounds
        changed = False
        for var, v in values.items():
            lv, inv = np.unique(v[keep], return_inverse=True)
            n_lvl = np.bincount(inv, minlength=len(lv))
            ev_lvl = np.bincount(inv, weights=left[keep].astype(float), minlength=len(lv))
            small = lv[((n_lvl < min_n) | (ev_lvl < min_n)) & (lv != "other")]
            if len(small):
                v = np.where(np.isin(v, small), "other", v)
                values[var] = v
                changed = True
            other = keep & (v == "other")
            if other.any() and (other.sum() < min_n or (left & other).sum() < min_n):
                keep &= v != "other"
                changed = True
        if not changed:
            break
    return values, keep


def fit_cox(
    cohort: pd.DataFrame,
    covariates: Sequence[str] = COX_COVARIATES,
    *,
    min_n: int = privacy.MIN_N,
) -> CoxResult:
    """Fit a Cox proportional-hazards model of leaving the region (statsmodels ``PHReg``).

    Each covariate is categorical; its largest category is the reference. Categories with
    fewer than ``min_n`` persons or fewer than ``min_n`` leavers are pooled into "other" (so
    no published estimate rests on a handful of persons); if "other" is itself that small its
    persons are left out, and the pooling is repeated until every category of the fitted
    design has ``min_n`` persons and leavers. A covariate with a single category (e.g.
    ``region`` when one kunta is analysed), or one determined by the covariates before it
    (e.g. field and municipality when each institution sits in one town), is left out and
    named in ``result.notes``. Ties (whole years) are handled with Efron's method.

    Parameters
    ----------
    cohort
        The ``cohort`` microdata (not changed).
    covariates
        Columns; ``age_band`` and ``origin_group`` are derived when absent.
    min_n
        Smallest number of persons and of leavers per category.

    Returns
    -------
    CoxResult

    Raises
    ------
    DataFormatError
        If a column is missing, or fewer than ``min_n`` leavers remain to fit.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> cohort = demo.generate(seed=0)["cohort"]
    >>> res = fit_cox(cohort, ["field", "sex"])
    >>> res.summary().columns.tolist()[:3]
    ['variable', 'level', 'reference']
    """
    from statsmodels.duration.hazard_regression import PHReg

    covs = _by_list(covariates)
    duration, left = _check_cohort(cohort)
    groups = _with_group_columns(cohort, covs)
    raw = {v: groups[v].astype("string").fillna("NA").to_numpy(dtype=object) for v in covs}
    values, keep = _pool_small_levels(raw, left, min_n)
    design: list[np.ndarray] = []
    terms, used, notes = [], [], []
    for var in covs:  # a handful of covariates; persons are handled as arrays
        v = values[var][keep]
        sizes = pd.Series(v).value_counts()
        if len(sizes) < 2:
            log.info("fit_cox: %r has one category here and is left out", var)
            notes.append({"variable": var, "reason": "one_category"})
            continue
        ref = sizes.index[0]
        cols = [(v == lvl).astype(float) for lvl in sorted(sizes.index[1:])]
        trial = np.column_stack([*design, *cols])
        if np.linalg.matrix_rank(trial) < trial.shape[1]:
            log.info("fit_cox: %r is determined by %s and is left out", var, used)
            notes.append({"variable": var, "reason": "collinear", "with": list(used)})
            continue
        design += cols
        used.append(var)
        for lvl in sorted(sizes.index[1:]):
            in_lvl = v == lvl
            terms.append({"variable": var, "level": lvl, "reference": ref,
                          "n": int(in_lvl.sum()), "events": int((left[keep] & in_lvl).sum())})  # fmt: skip
    n_events = int(left[keep].sum())
    if n_events < min_n:
        raise DataFormatError(
            f"only {n_events} persons left the region; a model needs at least {min_n}.",
            source="cohort",
            hint="Choose a larger region or a longer period.",
        )
    if (~keep).any():
        log.info("fit_cox: %d persons in too small pooled categories left out", int((~keep).sum()))
    exog = np.column_stack(design) if design else np.zeros((int(keep.sum()), 0))
    time = duration[keep].astype(float)
    status = left[keep]
    model = PHReg(time, exog, status=status.astype(int), ties="efron")
    results = model.fit()
    return CoxResult(
        results, pd.DataFrame(terms, columns=["variable", "level", "reference", "n", "events"]),
        int(keep.sum()), n_events, used, cohort.attrs,
        exog=exog, duration=time, status=status, notes=notes,
    )  # fmt: skip


# --- outcomes, profiles and destinations -------------------------------------------------------
def outcome_shares(
    cohort: pd.DataFrame, horizons: Sequence[int] = (1, 3, 5), *, min_n: int = privacy.MIN_N
) -> pd.DataFrame:
    """Where the persons are ``h`` years after entry: in the region, elsewhere in Finland, abroad.

    The share still in the region is the Kaplan-Meier ``S(h)`` (as in :func:`retention_table`);
    the leavers are split by destination with the Aalen-Johansen estimator (cumulative
    incidence of each kind of move, ``sum over t <= h of S(t - 1) * d_k(t) / at_risk(t)``), so
    that recent entrants count for the years they were observed and the shares add up to one.
    Leavers' ``destination`` is "ABROAD" or a maakunta code; without a ``destination`` column,
    or where it is missing, leavers are "moved_unknown".

    Returns
    -------
    DataFrame
        ``[horizon, outcome, persons, n, share, suppressed]`` with ``outcome`` in
        :data:`OUTCOMES` order: ``persons`` observed in that situation at ``h`` (still in the
        region, or moved by ``h``), ``n`` persons in the cohort, ``share`` the estimate.
        Counts under ``min_n`` are masked with complementary suppression within each horizon,
        ``share`` with them; every share of a horizon is masked where the Kaplan-Meier step at
        ``h`` is not publishable (see :func:`survival`).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"start_year": [2014] * 10 + [2022] * 10,
    ...                   "end_year": [2016] * 5 + [2024] * 5 + [2023] * 5 + [2024] * 5,
    ...                   "left": ([True] * 5 + [False] * 5) * 2,
    ...                   "destination": (["ABROAD"] * 5 + [None] * 5) * 2})
    >>> outcome_shares(c, [5], min_n=1)[["outcome", "persons", "share"]]
              outcome  persons  share
    0          stayed      5.0    0.5
    1  moved_domestic      0.0    0.0
    2    moved_abroad     10.0    0.5
    """
    duration, left = _check_cohort(cohort)
    if "destination" in cohort:
        dest = cohort["destination"].astype("string").str.upper()
    else:
        dest = pd.Series(pd.NA, index=cohort.index, dtype="string")
    abroad = dest.eq("ABROAD").fillna(False).to_numpy(dtype=bool)
    domestic = dest.notna().to_numpy(dtype=bool) & ~abroad
    kinds = {
        "moved_domestic": left & domestic,
        "moved_abroad": left & abroad,
        "moved_unknown": left & ~domestic & ~abroad,
    }
    hs = [int(h) for h in horizons]
    one = np.zeros(len(duration), dtype="int64")
    at_risk, events = _count_matrix(one, 1, duration, left)
    width = max(at_risk.shape[1], max(hs, default=0) + 1)
    at_risk = np.pad(at_risk, ((0, 0), (0, width - at_risk.shape[1])))[0]
    events = np.pad(events, ((0, 0), (0, width - events.shape[1])))
    surv = _km_arrays(at_risk[None, :], events)[0][0]
    shown = _shown_steps(at_risk[None, :], events, surv[None, :], min_n)[0]
    before = np.concatenate([[1.0], surv[:-1]])  # S(t - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        risk = np.where(at_risk > 0, at_risk, 1)
    cif, kind_events = {}, {}
    for kind, mask in kinds.items():
        ev = np.bincount(duration[mask], minlength=width)[:width]
        kind_events[kind] = np.cumsum(ev)
        cif[kind] = np.cumsum(np.where(at_risk > 0, before * ev / risk, 0.0))
    n = len(duration)
    rows = []
    for h in hs:  # a few horizons
        followed = at_risk[h] > 0 or surv[h] == 0
        counts = {"stayed": (int(at_risk[h] - events[0, h]), surv[h])}
        for kind in kinds:
            counts[kind] = (int(kind_events[kind][h]), cif[kind][h])
        for outcome, (persons, prop) in counts.items():
            if outcome != "moved_unknown" or persons:
                rows.append({"horizon": h, "outcome": outcome, "persons": persons, "n": n,
                             "share": prop if followed else np.nan,
                             "_step_ok": bool(shown[h])})  # fmt: skip
    cols = ["horizon", "outcome", "persons", "n", "share", "_step_ok"]
    out = pd.DataFrame(rows, columns=cols)
    out = privacy.suppress(out, "n", min_n=min_n, dependent_cols=["persons", "share"])
    out["persons"] = out["persons"].mask(out["suppressed"])
    out = privacy.suppress_complementary(
        out.drop(columns="suppressed"), "persons", "horizon", min_n, dependent_cols=["share"]
    ).assign(suppressed=lambda d: d["suppressed"] | d["n"].isna())
    step_bad = ~out.pop("_step_ok").to_numpy(dtype=bool)
    out["share"] = out["share"].mask(step_bad)
    out["suppressed"] = out["suppressed"] | step_bad
    out.attrs = dict(cohort.attrs)
    return out


#: Variables of the stayers-vs-leavers profile.
PROFILE_VARIABLES = ("age_band", "sex", "field", "occupation", "origin_group")


def _stayer_leaver_groups(
    cohort: pd.DataFrame, horizon: int, variables: Sequence[str]
) -> tuple[pd.DataFrame, np.ndarray]:
    """Group columns and leaver flags of the persons whose status at ``horizon`` is known in
    fully followed entry cohorts (:func:`status_at`)."""
    known, left_by = status_at(cohort, int(horizon))
    groups = _with_group_columns(cohort, list(variables))[known]
    return groups, left_by[known]


def profile_table(
    cohort: pd.DataFrame,
    horizon: int = 3,
    variables: Sequence[str] = PROFILE_VARIABLES,
    *,
    min_n: int = privacy.MIN_N,
) -> pd.DataFrame:
    """Stayers and leavers side by side: how each group is made up, ``horizon`` years on.

    Stayers are persons still in the region ``horizon`` years after entry; leavers those who
    left by then. Only entry cohorts that everyone could be followed for ``horizon`` years
    count (:func:`status_at`), so that recent leavers are not compared with stayers whose
    cohort-mates are left out. Missing values form the category "NA" (e.g. no occupation).

    Returns
    -------
    DataFrame
        ``[variable, level, stayers, stayers_pct, leavers, leavers_pct, suppressed]``:
        persons and the column percentage within stayers / leavers. Counts under ``min_n``
        are masked with complementary suppression over the stayer and leaver totals and the
        category totals, so no masked count can be computed back.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> cohort = demo.generate(seed=0)["cohort"]
    >>> profile_table(cohort, 3, ["sex"])["level"].tolist()
    ['female', 'male']
    """
    groups, leaver = _stayer_leaver_groups(cohort, horizon, variables)
    status = np.where(leaver, "leavers", "stayers")
    parts = []
    for var in variables:  # a few variables
        level = groups[var].astype("string").fillna("NA")
        counts = pd.crosstab(level, status).reindex(columns=["stayers", "leavers"], fill_value=0)
        long = counts.stack().rename("persons").reset_index()
        long.columns = ["level", "status", "persons"]
        long.insert(0, "variable", var)
        parts.append(long)
    cols = ["variable", "level", "status", "persons"]
    long = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    long["total"] = long.groupby(["variable", "status"])["persons"].transform("sum")
    long["pct"] = 100 * long["persons"] / long["total"].where(long["total"] > 0)
    long = privacy.suppress_complementary(
        long, "persons", [["variable", "status"], ["variable", "level"]], min_n,
        dependent_cols=["pct"],
    )  # fmt: skip
    if long.empty:
        cols = ["variable", "level", "stayers", "stayers_pct", "leavers", "leavers_pct"]
        empty = pd.DataFrame(columns=[*cols, "suppressed"])
        empty.attrs = dict(cohort.attrs)
        return empty
    wide = long.pivot(index=["variable", "level"], columns="status", values=["persons", "pct"])
    out = pd.DataFrame(
        {
            "stayers": wide[("persons", "stayers")],
            "stayers_pct": wide[("pct", "stayers")],
            "leavers": wide[("persons", "leavers")],
            "leavers_pct": wide[("pct", "leavers")],
        }
    )
    flags = long.groupby(["variable", "level"])["suppressed"].any()
    out["suppressed"] = flags.reindex(out.index).to_numpy(dtype=bool)
    order = {v: i for i, v in enumerate(variables)}
    out = out.reset_index().sort_values(
        ["variable", "level"], key=lambda s: s.map(order) if s.name == "variable" else s
    )
    out = out.reset_index(drop=True)
    out.attrs = dict(cohort.attrs)
    return out


def profile_tests(
    cohort: pd.DataFrame, horizon: int = 3, variables: Sequence[str] = PROFILE_VARIABLES
) -> pd.DataFrame:
    """Do stayers and leavers differ? A chi-square test of independence per variable.

    Returns
    -------
    DataFrame
        ``[variable, test, statistic, df, p_value, cramers_v]``; Cramér's V (0 none ... 1
        complete association) says how large the difference is.

    Examples
    --------
    >>> from kokka_analysis.sources import demo
    >>> cohort = demo.generate(seed=0)["cohort"]
    >>> bool(profile_tests(cohort, 3, ["field"])["p_value"].iloc[0] < 0.05)
    True
    """
    from scipy.stats import chi2_contingency

    groups, leaver = _stayer_leaver_groups(cohort, horizon, variables)
    rows = []
    for var in variables:
        table = pd.crosstab(groups[var].astype("string").fillna("NA"), leaver)
        table = table.loc[table.sum(axis=1) > 0]
        if table.shape[0] < 2 or table.shape[1] < 2:
            rows.append({"variable": var, "test": "chi2", "statistic": np.nan, "df": 0,
                         "p_value": np.nan, "cramers_v": np.nan})  # fmt: skip
            continue
        res = chi2_contingency(table.to_numpy(), correction=False)
        n = table.to_numpy().sum()
        v = np.sqrt(res.statistic / (n * (min(table.shape) - 1)))
        rows.append({"variable": var, "test": "chi2", "statistic": float(res.statistic),
                     "df": int(res.dof), "p_value": float(res.pvalue), "cramers_v": float(v)})  # fmt: skip
    out = pd.DataFrame(
        rows, columns=["variable", "test", "statistic", "df", "p_value", "cramers_v"]
    )
    out.attrs = dict(cohort.attrs)
    return out


def destination_flows(
    cohort: pd.DataFrame, by: str | None = None, *, min_n: int = privacy.MIN_N
) -> pd.DataFrame:
    """Where the leavers went: persons per destination (maakunta, or "ABROAD").

    Flows under ``min_n`` persons are merged into "OTHER" (other destinations); if that
    bucket is itself small, the next smallest flows join it until it has ``min_n``; a source
    group with fewer than ``min_n`` leavers in all is not shown.

    Parameters
    ----------
    by
        Optional column splitting the leavers (e.g. ``"origin_group"``, ``"route"``); the
        ``source`` column is "all" without it.

    Returns
    -------
    DataFrame
        ``[source, destination, persons]``, largest flows first within each source.

    Examples
    --------
    >>> import pandas as pd
    >>> cohort = pd.DataFrame({"start_year": 2015, "end_year": 2017, "left": True,
    ...                        "destination": ["MK01"] * 6 + ["ABROAD"] * 5 + ["MK02"] * 2})
    >>> destination_flows(cohort, min_n=5)[["destination", "persons"]].values.tolist()
    [['MK01', 6], ['OTHER', 7]]
    """
    _check_cohort(cohort)
    if "destination" not in cohort:
        raise DataFormatError(
            f"the column 'destination' is missing; the cohort has {list(cohort.columns)}.",
            source="cohort",
            column="destination",
        )
    left = cohort["left"].to_numpy(dtype=bool)
    source = _group_labels(cohort, _by_list(by))[left]
    dest = cohort["destination"].astype("string")
    codes_ = dest.str.upper().str.fullmatch(r"ABROAD|UNKNOWN|MK\d\d|SSS").fillna(False)
    dest = dest.where(~codes_, dest.str.upper()).fillna("UNKNOWN")[left]  # names as written
    counts = pd.DataFrame({"source": source, "destination": dest}).value_counts().rename("persons")
    parts = []
    for src, flows in counts.reset_index().groupby("source", sort=True):  # a few sources
        flows = flows.sort_values("persons", ascending=False, ignore_index=True)
        if flows["persons"].sum() < min_n:
            continue
        small = flows["persons"] < min_n
        while 0 < flows.loc[small, "persons"].sum() < min_n and not small.all():
            small.loc[flows.index[~small][-1]] = True  # the smallest shown flow joins "other"
        merged = flows[~small]
        if small.any():
            other = pd.DataFrame({"source": [src], "destination": ["OTHER"],
                                  "persons": [int(flows.loc[small, "persons"].sum())]})  # fmt: skip
            merged = pd.concat([merged, other], ignore_index=True)
        parts.append(merged)
    cols = ["source", "destination", "persons"]
    out = pd.concat(parts, ignore_index=True)[cols] if parts else pd.DataFrame(columns=cols)
    out["persons"] = out["persons"].astype("int64")
    out.attrs = dict(cohort.attrs)
    return out
