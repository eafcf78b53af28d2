"""Benchmark of the survey pipeline: read a large Finnish export, rake, summarise.

200,000 respondents x 30 Likert items written as a Finnish export (``;``-separated, cp1252,
Likert as text labels, "En osaa sanoa" as missing), then:

1. ``sources.files.read_survey`` (parse, map labels, validate);
2. ``survey.rake`` on three margins (age band x sex x municipality);
3. ``survey.likert_summary`` and ``survey.item_profile`` by two groups (age band, status).

Prints wall times and the peak resident memory. Targets on 2 cores: read <= 3 s, rake <= 1 s,
summaries <= 1 s. Run: ``.venv/bin/python benchmarks/survey.py [n_respondents]``.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from kokka_analysis import survey
from kokka_analysis.sources import files

N_ITEMS = 30
LABELS = np.array(
    ["Täysin eri mieltä", "Jokseenkin eri mieltä", "Ei samaa eikä eri mieltä",
     "Jokseenkin samaa mieltä", "Täysin samaa mieltä", "En osaa sanoa"]
)  # fmt: skip
KUNNAT = ["KU285", "KU286", "KU075", "KU489", "KU624", "KU935", "KU405"]


def _write_export(path: Path, n: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    data = {
        "Vastaajatunnus": [f"R{i:06d}" for i in range(n)],
        "Kunta": rng.choice(KUNNAT, n),
        "Ikä": rng.integers(15, 65, n),
        "Sukupuoli": rng.choice(["nainen", "mies"], n),
        "Asema": rng.choice(["opiskelija", "työssäkäyvä", "muu"], n),
    }
    for j in range(N_ITEMS):
        data[f"q_{j:02d}"] = LABELS[rng.choice(6, n, p=[0.1, 0.15, 0.2, 0.3, 0.2, 0.05])]
    pd.DataFrame(data).to_csv(path, sep=";", index=False, encoding="cp1252")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(n: int = 200_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "survey_export.csv"
        # written by a child process, so the peak memory below is the pipeline's own
        subprocess.run([sys.executable, __file__, "--write", str(path), str(n)], check=True)
        size = path.stat().st_size / 1e6
        print(f"survey benchmark: {n:,} respondents x {N_ITEMS} items, {size:.0f} MB CSV")
        # One-time cost of a fresh process (pandera builds its schema classes, pyarrow loads):
        # paid once per session, reported apart from the steady-state reading time.
        small = Path(tmp) / "warm_up.csv"
        subprocess.run([sys.executable, __file__, "--write", str(small), "50"], check=True)
        t0 = time.perf_counter()
        files.read_survey(small)
        print(f"first call    {time.perf_counter() - t0:6.2f} s  (one-time imports, 50 rows)")
        t0 = time.perf_counter()
        df = files.read_survey(path)
        t_read = time.perf_counter() - t0
    df = df.assign(age_band=survey.age_band_survey(df["age"]))
    rng = np.random.default_rng(1)
    margins = {
        "age_band": pd.Series({"15-29": 0.25, "30-44": 0.30, "45-64": 0.45}),
        "sex": pd.Series({"male": 0.49, "female": 0.51}),
        "region": pd.Series(rng.dirichlet(np.ones(len(KUNNAT))), index=KUNNAT),
    }
    t0 = time.perf_counter()
    w = survey.rake(df, margins)
    t_rake = time.perf_counter() - t0
    df = df.assign(weight=w)
    items = [c for c in df.columns if c.startswith("q_")]
    t0 = time.perf_counter()
    shares = survey.likert_summary(df, items, by=["age_band", "status"], weights="weight")
    profile = survey.item_profile(
        df, items, by=["age_band", "status"], weights="weight", calibration=margins
    )
    t_sum = time.perf_counter() - t0
    ok = lambda t, target: "ok" if t <= target else "SLOW"  # noqa: E731
    print(f"read_survey   {t_read:6.2f} s  (target <= 3 s: {ok(t_read, 3)})")
    print(
        f"rake          {t_rake:6.2f} s  (target <= 1 s: {ok(t_rake, 1)}; "
        f"{w.attrs['iterations']} sweeps, design effect {w.attrs['design_effect']:.2f})"
    )
    print(
        f"summaries     {t_sum:6.2f} s  (target <= 1 s: {ok(t_sum, 1)}; "
        f"{len(shares):,} share rows, {len(profile):,} profile rows)"
    )
    print(f"peak memory   {_peak_mb():6.0f} MB (whole run: read, rake, summaries)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--write":
        _write_export(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
