"""PC-Axis files as downloaded from StatFin (real files in ../shared/fixtures/statfin)."""

from __future__ import annotations

import numpy as np
import pytest

from kokka_analysis.errors import DataFormatError
from kokka_analysis.sources.px import read_px


def test_population_file(fixtures_dir):
    df = read_px(fixtures_dir / "statfin" / "statfin_vaerak_pxt_11rc.px")
    assert df.attrs["table_id"] == "statfin_vaerak_pxt_11rc"
    assert df.attrs["synthetic"] is False
    years = df["Vuosi"].unique()
    assert years[0] == "1865" and years[-1] == "2023"
    assert set(df["Sukupuoli"]) == {"SSS", "1", "2"}
    total = df[(df.Vuosi == "2023") & (df.Sukupuoli == "SSS") & (df["Ikä"] == "SSS")][
        "value"
    ].item()
    parts = df[(df.Vuosi == "2023") & (df.Sukupuoli == "SSS") & (df["Ikä"] != "SSS")]["value"].sum()
    assert total == parts  # the age groups add up to the total
    assert 5_500_000 < total < 5_700_000
    assert "Ikä_label" in df.columns and df["Ikä_label"].iloc[1] == "0 - 4"


def test_language_variant_labels(fixtures_dir):
    en = read_px(fixtures_dir / "statfin" / "statfin_vaerak_pxt_11rc.px", lang="en")
    assert en["Sukupuoli_label"].iloc[0] == "Total"
    assert en.attrs["label"].startswith("Population")


def test_missing_markers_and_codes(fixtures_dir):
    df = read_px(fixtures_dir / "statfin" / "statfin_tyonv_eckero.px")
    assert set(df["Alue"]) == {"KU043"} and df["Alue_label"].iloc[0] == "Eckerö"
    assert df["Kuukausi"].iloc[0] == "2024M01"
    marked = df[df["status"].notna()]
    assert len(marked) > 0 and marked["value"].isna().all()
    assert set(marked["status"]) <= {".", "..", "...", "....", "-"}
    vac = df[(df.Tiedot == "AVPAIKATLOPUSSA") & (df.Kuukausi == "2024M03")]
    assert len(vac) == 1


def _write(tmp_path, text: str, enc="iso-8859-15"):
    p = tmp_path / "t.px"
    p.write_bytes(text.replace("\n", "\r\n").encode(enc))
    return p


def test_multiline_values_and_quoted_semicolons(tmp_path):
    p = _write(
        tmp_path,
        'CHARSET="ANSI";\nCODEPAGE="iso-8859-15";\nLANGUAGE="fi";\nTITLE="Työlliset; alueittain";\n'
        'STUB="Alue";\nHEADING="Vuosi";\nVALUES("Alue")="Kotka","Hamina",\n"Pyhtää";\n'
        'CODES("Alue")="KU285","KU075","KU624";\nVALUES("Vuosi")="2023","2024";\n'
        'DATA=\n1 2\n3 ".."\n5 6;\n',
    )
    df = read_px(p)
    assert df.attrs["label"] == "Työlliset; alueittain"
    assert df["Alue"].tolist() == ["KU285", "KU285", "KU075", "KU075", "KU624", "KU624"]
    assert df["Alue_label"].iloc[-1] == "Pyhtää"
    assert df["value"].tolist()[:3] == [1.0, 2.0, 3.0] and np.isnan(df["value"].iloc[3])


def test_utf8_file(tmp_path):
    p = _write(
        tmp_path,
        'CODEPAGE="utf-8";\nSTUB="Kunta";\nVALUES("Kunta")="Miehikkälä";\nHEADING="T";\nVALUES("T")="x";\nDATA=\n7;\n',
        "utf-8",
    )
    assert read_px(p)["Kunta"].item() == "Miehikkälä"


def test_bad_files(tmp_path):
    p = _write(
        tmp_path, 'STUB="A";\nVALUES("A")="a","b";\nHEADING="B";\nVALUES("B")="x";\nDATA=\n1;\n'
    )
    with pytest.raises(DataFormatError, match="1 values but the variables give 2 cells"):
        read_px(p)
    p = _write(tmp_path, 'STUB="A";\nVALUES("A")="a";\n')
    with pytest.raises(DataFormatError, match="no DATA"):
        read_px(p)
    p = _write(
        tmp_path, 'STUB="A";\nVALUES("A")="a","b";\nHEADING="B";\nVALUES("B")="x";\nDATA=\n1 abc;\n'
    )
    with pytest.raises(DataFormatError, match="'abc'"):
        read_px(p)
    with pytest.raises(DataFormatError, match="cannot read"):
        read_px(tmp_path / "missing.px")
