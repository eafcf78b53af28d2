import pandas as pd
import pytest

from kokka_analysis import schemas
from kokka_analysis.errors import DataFormatError, TableSchemaError


def _population():
    return pd.DataFrame(
        {
            "region": ["KU285", "KU285", "MK08"],
            "year": [2020, 2020, 2020],
            "sex": ["male", "female", "male"],
            "age_group": ["20-24", "85+", "0-4"],
            "background": ["finnish", "foreign", "finnish"],
            "language_group": ["fi", "other", "sv"],
            "persons": [100, 3, 0],
        }
    )


def test_valid_table_passes_and_keeps_attrs():
    df = _population()
    df.attrs["source"] = "x"
    out = schemas.validate(df, "population")
    assert out.attrs["source"] == "x"
    pd.testing.assert_frame_equal(out, df, check_dtype=False)


def test_schema_error_names_rows_and_columns():
    df = _population()
    df.loc[1, "sex"] = "M"
    df.loc[2, "persons"] = -4
    df.loc[0, "region"] = "KU999"
    with pytest.raises(TableSchemaError) as exc:
        schemas.validate(df, "population", source="pop.csv")
    err = exc.value
    assert isinstance(err, DataFormatError)
    assert set(err.columns) == {"sex", "persons", "region"}
    assert err.rows == [0, 1, 2]
    msg = str(err)
    assert "pop.csv" in msg and "'sex'" in msg and "'M'" in msg and "KU999" in msg


def test_missing_column_is_reported():
    df = _population().drop(columns=["background"])
    with pytest.raises(TableSchemaError, match="background"):
        schemas.validate(df, "population")


def test_cohort_end_before_start_rejected():
    df = pd.DataFrame(
        {
            "person_id": ["a", "b"],
            "region": ["KU405", "KU405"],
            "institution": ["LUT", None],
            "field": ["07", "04"],
            "occupation": ["21", None],
            "sex": ["female", "male"],
            "age": [25, 30],
            "origin_country": ["IN", "VN"],
            "start_year": [2015, 2018],
            "end_year": [2019, 2016],
            "left": [True, False],
            "destination": ["MK01", None],
        }
    )
    with pytest.raises(TableSchemaError) as exc:
        schemas.validate(df, "cohort")
    assert "end_year >= start_year" in str(exc.value)


def test_survey_items_checked_by_pattern():
    df = pd.DataFrame(
        {
            "respondent_id": ["r1", "r2"],
            "region": ["KU285", "KU405"],
            "age": [20, 40],
            "sex": ["female", "other"],
            "status": ["student", "worker"],
            "q_safe": [5.0, None],
            "q_jobs": [1.0, 7.0],
        }
    )
    with pytest.raises(TableSchemaError) as exc:
        schemas.validate(df, "survey")
    assert exc.value.columns == ["q_jobs"]
    assert exc.value.rows == [1]


def test_unknown_table():
    with pytest.raises(KeyError, match="known tables"):
        schemas.validate(_population(), "populaatio")


def test_require_columns_names_the_missing_one():
    with pytest.raises(DataFormatError) as exc:
        schemas.require_columns(_population(), ["region", "occupation"], "population")
    assert exc.value.column == "occupation" and "population" in str(exc.value)
    schemas.require_columns(_population(), ["region", "year"], "population")  # no error
