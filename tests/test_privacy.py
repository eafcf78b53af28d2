import numpy as np
import pandas as pd
import pytest

from kokka_analysis import privacy


def test_small_cells_masked_and_flagged_input_untouched():
    df = pd.DataFrame({"g": list("abcd"), "n": [10, 4, 0, 5], "rate": [0.5, 0.25, np.nan, 0.2]})
    out = privacy.suppress(df, "n", min_n=5, dependent_cols=["rate"])
    assert out["n"].tolist()[0] == 10 and np.isnan(out["n"][1]) and out["n"][2] == 0
    assert np.isnan(out["rate"][1]) and out["rate"][3] == 0.2
    assert out["suppressed"].tolist() == [False, True, False, False]
    assert df["n"].tolist() == [10, 4, 0, 5]  # not mutated


def test_base_column_suppresses_whole_row():
    df = pd.DataFrame({"n": [3, 20], "stayed": [3, 15], "rate": [1.0, 0.75]})
    out = privacy.suppress(df, ["stayed"], base_col="n", dependent_cols=["rate"])
    assert out["suppressed"].tolist() == [True, False]
    assert np.isnan(out.loc[0, "rate"]) and np.isnan(out.loc[0, "stayed"])


def test_missing_column_error():
    with pytest.raises(KeyError, match="persons"):
        privacy.suppress(pd.DataFrame({"n": [1]}), "persons")
