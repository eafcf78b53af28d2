"""Write cox_zph_data.csv: a simulated annual cohort for the R cox.zph reference (see README.md).

Run from this folder: python make_cox_zph_data.py; then Rscript cox_zph.R.
"""

import numpy as np
import pandas as pd


def main() -> None:
    """Simulate and write the files into the current folder."""
    rng = np.random.default_rng(20261129)
    n = 600
    a = rng.choice(["x", "y", "z"], size=n, p=[0.5, 0.3, 0.2])
    # b depends on a (correlated covariates); its effect on leaving changes with time
    b = np.where(rng.random(n) < np.where(a == "x", 0.7, 0.3), "p", "q")
    hazard0 = 0.12
    years = np.zeros(n, dtype=int)
    left = np.zeros(n, dtype=bool)
    follow = rng.integers(3, 13, size=n)  # staggered entry: 3-12 years of follow-up
    for i in range(n):
        for t in range(1, follow[i] + 1):
            hr = {"x": 1.0, "y": 1.6, "z": 0.7}[a[i]]
            hr *= (2.5 if t <= 3 else 0.6) if b[i] == "q" else 1.0
            if rng.random() < 1 - np.exp(-hazard0 * hr):
                years[i], left[i] = t, True
                break
        else:
            years[i] = follow[i]
    pd.DataFrame(
        {"start_year": 2010, "end_year": 2010 + years, "left": left, "a": a, "b": b}
    ).to_csv("cox_zph_data.csv", index=False)


if __name__ == "__main__":  # importing (e.g. doctest collection) writes nothing
    main()
