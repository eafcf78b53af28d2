"""Report helpers: labels in the page language, data notes, notices for missing data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kokka_analysis import report


def test_whole_cohort_row_is_named_in_the_page_language():
    df = pd.DataFrame({"group": ["all", "female"], "time": [0, 0]})
    assert report.table_frame(df, "fi").iloc[0, 0] == "kaikki"
    assert report.table_frame(df, "en").iloc[0, 0] == "all"


def test_data_notes_follow_the_page_language():
    df = pd.DataFrame({"region": ["MK08"], "persons": [1]})
    df.attrs = {"synthetic": False, "source": "Tilastokeskus", "table_id": "11re.px",
                "retrieved": "2026-11-20T10:00:00+00:00",
                "notes": [{"fi": "Ikä 75+ on yksi ryhmä.", "en": "Ages 75+ are one group."},
                          "plain text note"]}  # fmt: skip
    fi = report.data_notice({"population": df}, "fi").data
    en = report.data_notice({"population": df}, "en").data
    assert "Ikä 75+ on yksi ryhmä." in fi and "Ages 75+" not in fi and "haettu 2026-11-20" in fi
    assert "Ages 75+ are one group." in en and "plain text note" in en


def test_missing_region_gets_a_notice_not_an_error():
    bar = pd.DataFrame({"region": ["MK08", "MK09"], "index": [3.0, 4.0]})
    assert report.covers(bar, "KU285", maakunta=True) and not report.covers(bar, "KU285")
    assert not report.covers(bar, "MK01", maakunta=True)
    text = report.no_data_notice("barometer", "MK01", "fi").data
    assert "Ei aineistoa: työvoimabarometri" in text and "Uusimaa (MK01)" in text
    assert (
        "No data: the labour market barometer"
        in report.no_data_notice("barometer", "MK01", "en").data
    )


def test_table_shows_labels_not_codes():
    """Issue 19 (review of the built pages): region codes, model names and the categories of a
    row's own variable are shown as words; other values are left alone."""
    from kokka_analysis import report

    df = pd.DataFrame({
        "variable": ["sex", "origin_group"], "level": ["female", "eu_eea"],
        "reference": ["male", "asia"], "destination": ["KU075", "abroad"],
        "model": ["damped", "naive"], "source": ["MK08", "Tilastokeskus"],
    })  # fmt: skip
    fi = report.table_frame(df, "fi")
    assert fi.iloc[:, 1].tolist() == ["Naiset", "EU/ETA ja Sveitsi"]
    assert fi.iloc[0, 2] == "Miehet" and fi.iloc[0, 3] == "Hamina" and fi.iloc[1, 3] == "abroad"
    assert fi.iloc[0, 4].startswith("vaimennettu trendi") and fi.iloc[:, 5].tolist() == [
        "Kymenlaakso", "Tilastokeskus",
    ]  # fmt: skip
    groups = pd.DataFrame({"grouping": ["all", "status"], "group": ["all", "student"]})
    assert report.table_frame(groups, "en").iloc[:, 1].tolist() == ["all", "Student"]


def test_model_and_test_tables_read_as_words_not_codes():
    """Found by a new user: variable names (age_band, origin_group, GLOBAL), 'chi2', 'NA',
    p-values printed as 0.000 and counts as 325.0 on the retention page."""
    from kokka_analysis import retention as R
    from kokka_analysis.report import table

    tests = pd.DataFrame({"variable": ["age_band", "origin_group", "GLOBAL"],
                          "test": ["chi2", "chi2", "chi2"], "statistic": [46.2, 9.5, 16.9],
                          "df": [3, 4, 19], "p_value": [1e-9, 0.049, 0.596]})  # fmt: skip
    html_en = table(tests, "en", 3, R.COLUMN_LABELS).data
    for word in ("Age group", "Region of origin", "Whole model", "χ² test", "&lt; 0.001", "0.049"):
        assert word in html_en, word
    assert "age_band" not in html_en and "0.000" not in html_en
    assert "&lt; 0,001" in table(tests, "fi", 3, R.COLUMN_LABELS).data
    profile = pd.DataFrame({"variable": ["occupation", "sex"], "level": ["NA", "female"],
                            "stayers": [325.0, 12.0], "stayers_pct": [18.6, 1.0],
                            "leavers": [141.0, np.nan], "leavers_pct": [28.3, np.nan],
                            "suppressed": [False, True]})  # fmt: skip
    html = table(profile, "en", 1, R.COLUMN_LABELS).data
    assert "unknown" in html and ">325<" in html and "325.0" not in html


def test_destinations_are_read_as_the_page_counts_them(home_only):
    from kokka_analysis.sources.files import _destinations

    got = _destinations(pd.Series(["ulkomaat", "Abroad", "Kotka", "MK01", "Tampere", None,
                                   "TAMPERE", "tampere"]))  # fmt: skip
    assert got.tolist()[:4] == ["ABROAD", "ABROAD", "MK08", "MK01"]
    assert got.tolist()[4] == "Tampere" and pd.isna(got.tolist()[5])  # not known: as written
    assert got.tolist()[6:] == ["Tampere", "Tampere"]  # one place, one flow


def test_destinations_and_small_municipality_numbers_with_the_whole_country(whole_country):
    from kokka_analysis.sources.files import _destinations, _region_code

    assert _destinations(pd.Series(["Helsinki", "tampere"])).tolist() == ["MK01", "MK06"]
    # Excel's 16 for Asikkala (016) in a municipality column, not maakunta 16
    assert _region_code("16") == "KU016" and _region_code("75") == "KU075"
