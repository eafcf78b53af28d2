"""Benchmark: employment forecasts with backtests and model choice for 300 series.

15 municipalities x 20 largest industries of the demo employment table; every series is
backtested with every model (naive, drift, damped trend, ARIMA; 5 rolling origins, 3 years
ahead), the best model is refitted once and forecast 10 years. Target on 2 cores: <= 30 s.
Prints wall time and peak memory (resident set of this process and of its worker processes).

Run: .venv/bin/python benchmarks/foresight.py [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import kokka_analysis as ka
from kokka_analysis import foresight, regions


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    emp = ka.load_table("employment")
    kunnat = [r.code for mk in regions.HOME_REGIONS for r in regions.members(mk)]
    top = (
        emp[emp["region"].isin(kunnat)]
        .groupby("industry")["employed"].sum()
        .sort_values(ascending=False)
        .head(20).index.tolist()
    )  # fmt: skip
    n_series = len(kunnat) * len(top)
    print(
        f"foresight benchmark: {len(kunnat)} municipalities x {len(top)} industries = {n_series} series"
    )
    print(
        f"models {foresight.MODELS}, {args.folds} folds, horizon 10, {args.jobs} processes, {os.cpu_count()} cores"
    )
    t0 = time.perf_counter()
    result = foresight.forecast_employment(
        emp, kunnat, horizon=10, folds=args.folds, industries=top, n_jobs=args.jobs
    )
    seconds = time.perf_counter() - t0
    n_fc = result.forecasts.groupby(["region", "industry"]).ngroups
    assert n_fc == n_series, f"{n_fc} series forecast, expected {n_series}"
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"time: {seconds:.1f} s for {n_series} series ({1000 * seconds / n_series:.0f} ms/series)  (target <= 30 s) {'OK' if seconds <= 30 else 'MISSED'}"
    )
    print(f"peak memory: main process {self_mb:.0f} MB, largest worker process {child_mb:.0f} MB")
    chosen = result.accuracy[result.accuracy["chosen"]]["model"].value_counts().to_dict()
    print(f"models chosen: {chosen}")


if __name__ == "__main__":
    main()
