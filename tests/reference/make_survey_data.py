"""Write survey_data.csv and survey_margins.csv for the R survey reference (see README.md).

A simulated regional-image survey: answers depend on age band, sex and region; response is
selective (the young and women answer more), so raking matters. Run from this folder.
"""

import numpy as np
import pandas as pd


def main() -> None:
    """Simulate and write the files into the current folder."""
    rng = np.random.default_rng(20261130)
    N = 40_000  # population
    age = rng.choice(["15-29", "30-44", "45-64", "65+"], size=N, p=[0.22, 0.23, 0.33, 0.22])
    sex = rng.choice(["female", "male"], size=N)
    region = rng.choice(["KU285", "KU286", "KU075"], size=N, p=[0.45, 0.4, 0.15])
    latent = (
        3.0
        + np.select([age == "15-29", age == "65+"], [-0.6, 0.5], 0.0)
        + np.where(sex == "female", 0.25, 0.0)
        + np.select([region == "KU075"], [0.4], 0.0)
        + rng.normal(0, 0.9, N)
    )
    q = np.clip(np.round(latent), 1, 5)
    respond = rng.random(N) < np.select(
        [age == "15-29", age == "65+"], [0.09, 0.02], 0.04
    ) * np.where(sex == "female", 1.4, 0.8)
    pop = pd.DataFrame({"age_band": age, "sex": sex, "region": region})
    sample = pop[respond].assign(q=q[respond]).reset_index(drop=True)
    sample.loc[rng.random(len(sample)) < 0.05, "q"] = np.nan  # item non-response
    sample["q"] = sample["q"].astype("Int64")
    sample.to_csv("survey_data.csv", index=False)
    margins = pd.concat(
        [
            pop[c]
            .value_counts()
            .rename_axis("category")
            .reset_index(name="persons")
            .assign(margin=c)
            for c in ("age_band", "sex", "region")
        ]
    )[["margin", "category", "persons"]]
    margins.to_csv("survey_margins.csv", index=False)


if __name__ == "__main__":  # importing (e.g. doctest collection) writes nothing
    main()
