"""sources.files: survey exports and cohort files as Finnish tools write them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kokka_analysis.errors import DataFormatError
from kokka_analysis.sources import files

HEADER = "respondent_id;region;age;sex;status;q_safe;q_jobs;open_text"
ROWS = [
    "R1;KU285;23;nainen;opiskelija;Täysin samaa mieltä;Jokseenkin eri mieltä;Meri on kaunis",
    "R2;Kotka;41;mies;työssäkäyvä;En osaa sanoa;Täysin eri mieltä;",
    'R3;KU286;35;muu;muu;4;5;"Hyvä; mutta kallis"',
    "R4;KU285;19;Nainen;Opiskelija;Ei samaa eikä eri mieltä;2;",
]


def _write(tmp_path, text: str, encoding: str = "utf-8", name: str = "survey.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _csv(rows=ROWS, header=HEADER, sep=";"):
    return "\n".join([header.replace(";", sep), *[r.replace(";", sep) for r in rows]]) + "\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_survey_encodings_labels_and_quoted_separators(tmp_path, encoding):
    df = files.read_survey(_write(tmp_path, _csv(), encoding))
    assert df["respondent_id"].tolist() == ["R1", "R2", "R3", "R4"]
    assert df["region"].tolist() == ["KU285", "KU285", "KU286", "KU285"]  # "Kotka" resolved
    assert df["sex"].tolist() == ["female", "male", "other", "female"]
    assert df["status"].tolist() == ["student", "worker", "other", "student"]
    np.testing.assert_array_equal(df["q_safe"], [5, np.nan, 4, 3])  # "En osaa sanoa" = NA
    np.testing.assert_array_equal(df["q_jobs"], [2, 1, 5, 2])
    assert df.loc[2, "open_text"] == "Hyvä; mutta kallis"  # separator inside quotes
    assert df.attrs["synthetic"] is False and df.attrs["source"].endswith("survey.csv")
    assert df.attrs["items"] == ["q_safe", "q_jobs"]


def test_survey_comma_separator_english_labels_and_decimal_comma(tmp_path):
    text = (
        "respondent_id,region,age,sex,status,weight,q_safe\n"
        'a1,KU285,30,female,student,"1,25",Strongly agree\n'
        'a2,KU285,31,male,employed,"0,75",Don\'t know\n'
        "a3,KU285,32,male,worker,1,Neither agree nor disagree\n"
    )
    df = files.read_survey(_write(tmp_path, text))
    assert df["weight"].tolist() == [1.25, 0.75, 1.0]
    np.testing.assert_array_equal(df["q_safe"], [5, np.nan, 3])
    assert df["status"].tolist() == ["student", "worker", "worker"]


def test_semicolon_file_with_decimal_comma_and_finnish_headers(tmp_path):
    text = "Vastaajatunnus;Kunta;Ikä;Sukupuoli;Asema;Paino;q_safe\nx;KU285;22;N;opiskelija;1,5;5\n"
    df = files.read_survey(_write(tmp_path, text, "cp1252"))
    assert df.columns[:6].tolist() == ["respondent_id", "region", "age", "sex", "status", "weight"]
    assert df["weight"].tolist() == [1.5]


def test_excel_export(tmp_path):
    raw = pd.DataFrame(
        {"respondent_id": ["e1", "e2"], "region": ["KU285", "KU286"], "age": [25, 50],
         "sex": ["nainen", "mies"], "status": ["opiskelija", "muu"],
         "q_safe": ["Täysin samaa mieltä", 2]}
    )  # fmt: skip
    path = tmp_path / "s.xlsx"
    raw.to_excel(path, index=False)
    df = files.read_survey(path)
    np.testing.assert_array_equal(df["q_safe"], [5, 2])
    raw.loc[1, "q_safe"] = "Hyvä"
    raw.to_excel(path, index=False)
    with pytest.raises(DataFormatError, match=r"row 2 \(Excel row 3") as err:
        files.read_survey(path)
    assert err.value.rows == [2] and err.value.column == "q_safe"


# --- each bad input kind: file, row (as in the file), column and value named ---------------
BAD = [
    (3, "q_jobs", "Melko hyvä", "not a Likert answer"),
    (2, "age", "4x", "whole number"),
    (4, "age", "7", "10-110"),
    (1, "sex", "alien", "unknown sex"),
    (3, "status", "astronautti", "unknown status"),
    (2, "region", "Atlantis", "Unknown region"),
    (4, "q_safe", "7", "not a Likert answer"),
]


@pytest.mark.parametrize(("row", "column", "value", "problem"), BAD)
def test_each_bad_value_is_named_with_file_row_column(tmp_path, row, column, value, problem):
    table = [r.split(";") for r in ROWS]
    cols = HEADER.split(";")
    table[row - 1][cols.index(column)] = value
    path = _write(tmp_path, _csv([";".join(r) for r in table]), "cp1252")
    with pytest.raises(DataFormatError) as err:
        files.read_survey(path)
    msg = str(err.value)
    assert str(path) in msg and f"'{column}'" in msg and value in msg and problem in msg
    # row numbers as a person sees them: data row N is line N + 1 counting the header
    assert f"row {row} (line {row + 1} of the file, counting the header line)" in msg
    assert err.value.rows == [row] and err.value.column == column


def test_blank_lines_keep_file_numbering_and_duplicate_ids(tmp_path):
    rows = [ROWS[0], "", ROWS[1], ROWS[1]]
    with pytest.raises(DataFormatError, match="more than once") as err:
        files.read_survey(_write(tmp_path, _csv(rows)))
    assert err.value.rows == [3, 4]


def test_missing_column_and_file_and_undecodable(tmp_path):
    text = _csv().replace("region", "place")
    with pytest.raises(DataFormatError, match="no column for the region"):
        files.read_survey(_write(tmp_path, text))
    with pytest.raises(DataFormatError, match="does not exist"):
        files.read_survey(tmp_path / "nope.csv")
    with pytest.raises(DataFormatError, match="neither UTF-8 nor"):
        files.read_survey(_bytes(tmp_path, b"a;b\n\x81\x8d;1\n"))


def _bytes(tmp_path, data: bytes):
    path = tmp_path / "bin.csv"
    path.write_bytes(data)
    return path


def test_codebook_yaml_and_csv(tmp_path):
    text = (
        "respondent_id;region;age;sex;status;Alue on turvallinen;Työpaikat\n"
        "R1;KU285;23;nainen;opiskelija;5;Täysin eri mieltä\n"
        "R2;KU285;33;mies;muu;4;Täysin samaa mieltä\n"
    )
    path = _write(tmp_path, text, "cp1252")
    yaml_cb = tmp_path / "cb.yaml"
    yaml_cb.write_text(
        "items:\n"
        "  Alue on turvallinen: {name: q_safe, fi: Alue on turvallinen, en: Safe, scale: live}\n"
        "  Työpaikat: {name: q_jobs, fi: Työpaikat, en: Jobs, scale: live, reverse: kyllä}\n",
        encoding="utf-8",
    )
    df = files.read_survey(path, codebook=yaml_cb)
    assert df["q_safe"].tolist() == [5, 4] and df["q_jobs"].tolist() == [1, 5]
    assert df.attrs["codebook"]["q_jobs"] == {"fi": "Työpaikat", "en": "Jobs", "scale": "live",
                                              "reverse": True}  # fmt: skip
    assert df.attrs["scales"] == {"live": ["q_safe", "q_jobs"]}
    csv_cb = _write(
        tmp_path,
        "column;name;question_fi;question_en;scale;reverse\n"
        "Alue on turvallinen;q_safe;Turvallinen;Safe;live;0\nTyöpaikat;q_jobs;Työ;Jobs;live;1\n",
        "cp1252",
        "cb.csv",
    )
    df2 = files.read_survey(path, codebook=csv_cb)
    assert df2.attrs["codebook"]["q_jobs"]["reverse"] is True
    bad = tmp_path / "bad.yaml"
    bad.write_text("items:\n  Puuttuu: {name: q_x}\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="Puuttuu"):
        files.read_survey(path, codebook=bad)


# --- cohort -----------------------------------------------------------------------------------
COHORT = (
    "person_id;region;institution;field;occupation;sex;age;origin_country;start_year;end_year;"
    "left;destination\n"
    "P1;KU285;XAMK;;;female;24;vn;2019;2021;kyllä;MK01\n"
    "P2;Kotka;;;;male;31;FI;2018;2024;ei;\n"
    "P3;KU286;;;;nainen;27;IN;2020;2022;1;ABROAD\n"
    "P4;KU286;;;;mies;45;;2017;2024;false;\n"
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_cohort_reads_finnish_csv(tmp_path, encoding):
    df = files.read_cohort(_write(tmp_path, COHORT, encoding, "cohort.csv"))
    assert df["left"].tolist() == [True, False, True, False]
    assert df["left"].dtype == bool
    assert df["origin_country"].tolist()[:3] == ["VN", "FI", "IN"]
    assert df["region"].tolist() == ["KU285", "KU285", "KU286", "KU286"]
    assert df["sex"].tolist() == ["female", "male", "female", "male"]
    assert df.attrs["synthetic"] is False and df.attrs["source"].endswith("cohort.csv")
    assert df.attrs["retrieved"][:4].isdigit()


def test_cohort_excel_and_parquet(tmp_path):
    df = files.read_cohort(_write(tmp_path, COHORT, "utf-8", "cohort.csv"))
    for name in ("c.xlsx", "c.parquet"):
        path = tmp_path / name
        plain = pd.DataFrame(df)
        (plain.to_excel(path, index=False) if name.endswith("xlsx")
         else plain.to_parquet(path, index=False))  # fmt: skip
        again = files.read_cohort(path)
        assert again["left"].tolist() == df["left"].tolist()
        assert again["age"].tolist() == df["age"].tolist()


@pytest.mark.parametrize(
    ("old", "new", "row", "column", "problem"),
    [
        ("2019;2021", "2019;2016", 1, "end_year", "before start_year"),
        (";ei;", ";ehkä;", 2, "left", "unknown left value"),
        (";IN;", ";XX;", 3, "origin_country", "unknown country code"),
        (";45;", ";145;", 4, "age", "not plausible"),
        ("P3;KU286", "P3;KU999", 3, "region", "Unknown region"),
        (";2018;", ";20x8;", 2, "start_year", "whole number"),
    ],
)
def test_cohort_bad_values(tmp_path, old, new, row, column, problem):
    path = _write(tmp_path, COHORT.replace(old, new), "cp1252", "cohort.csv")
    with pytest.raises(DataFormatError) as err:
        files.read_cohort(path)
    msg = str(err.value)
    assert str(path) in msg and f"'{column}'" in msg and problem in msg
    assert f"row {row} (line {row + 1} of the file" in msg
    assert err.value.rows == [row]
