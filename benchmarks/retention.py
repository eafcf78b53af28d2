"""Retention benchmark: retention_table and survival on a 1,000,000-person synthetic cohort.

Run ``.venv/bin/python benchmarks/retention.py``. Prints the time of each step and the peak
memory (traced Python allocations and the process's peak resident size). Target on a 2-core
machine: each step <= 1 s, the whole benchmark <= 1 GB peak.
"""

from __future__ import annotations

import resource
import time
import tracemalloc

import numpy as np
import pandas as pd

from kokka_analysis import retention

N = 1_000_000


def make_cohort(n: int = N, seed: int = 0) -> pd.DataFrame:
    """A synthetic cohort with the demo's columns; durations drawn as geometric leaving times."""
    rng = np.random.default_rng(seed)
    start = rng.integers(2005, 2024, size=n)
    field = rng.choice(["02", "04", "05", "06", "07", "08", "09", "10"], size=n)
    sex = rng.choice(["male", "female"], size=n)
    age = rng.integers(19, 65, size=n)
    origin = rng.choice(["RU", "UA", "EE", "VN", "CN", "IN", "NG", "US", "DE", "BR"], size=n)
    leave_after = rng.geometric(0.1, size=n)
    end = np.minimum(start + leave_after, 2024)
    left = start + leave_after <= 2024
    return pd.DataFrame(
        {
            "person_id": np.arange(n),
            "field": pd.Categorical(field),
            "sex": pd.Categorical(sex),
            "age": age,
            "origin_country": pd.Categorical(origin),
            "start_year": start,
            "end_year": end,
            "left": left,
        }
    )


def timed(label: str, fn) -> float:
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    print(f"{label:<58} {dt:6.2f} s  ({len(out)} rows)")
    return dt


def main() -> None:
    cohort = make_cohort()
    print(f"cohort: {len(cohort):,} persons, {cohort.memory_usage(deep=True).sum() / 1e6:.0f} MB")
    tracemalloc.start()
    t1 = timed(
        "retention_table by field, sex, age_band (h = 1, 3, 5)",
        lambda: retention.retention_table(cohort, ["field", "sex", "age_band"]),
    )
    t2 = timed("survival by origin_group", lambda: retention.survival(cohort, "origin_group"))
    t3 = timed(
        "survival by origin_group, min_n = 5 (published)",
        lambda: retention.survival(cohort, "origin_group", min_n=5),
    )
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"peak traced allocations during the steps: {traced / 1e6:.0f} MB")
    print(f"peak resident memory of the whole benchmark: {rss:.0f} MB")
    ok = max(t1, t2, t3) <= 1.0 and rss <= 1024
    print(f"target (each step <= 1 s, peak <= 1 GB): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
