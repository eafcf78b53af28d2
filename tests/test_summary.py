"""Region summaries (issue 20): peers by a stated similarity, and recommendation rules tested
with hand-made inputs (each fires only on its numbers and cites them)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kokka_analysis import summary


def test_young_adults_leave_fires_below_minus_five_and_grades_its_evidence():
    assert summary.young_adults_leave([-9, -8, -7, -6, -4.9], 2024, "X", lang="en") is None
    strong = summary.young_adults_leave([-9, -8, -7, 2, -6], 2024, "Kotka", lang="en")
    assert strong.strength == "strong" and strong.rule == "young_adults_leave"
    assert strong.figures[0] == ("Net domestic migration of 20–34-year-olds, 2024",
                                 "-6.0 per 1,000")  # fmt: skip
    assert strong.figures[1] == ("negative in years", "4 / 5")
    assert summary.young_adults_leave([3, 2, -8, -7, -6], 2024, "X", lang="en").strength == (
        "moderate"
    )
    assert summary.young_adults_leave([5, 4, 3, 2, -6], 2024, "X", lang="fi").strength == "weak"
    assert summary.young_adults_leave([], 2024, "X", lang="fi") is None
    fi = summary.young_adults_leave([-9, -8, -7, -6, -6], 2024, "Kotka", lang="fi")
    assert "Kotka" in fi.text and fi.figures[0][1] == "−6,0 / 1 000"


def _rows(*rates):
    return pd.DataFrame(
        [{"field": f, "rate": r, "ci_low": lo, "ci_high": hi} for f, r, lo, hi in rates]
    )


def test_retention_gap_needs_fifteen_points_and_says_whether_intervals_overlap():
    rows = _rows(("07", 0.41, 0.35, 0.48), ("09", 0.64, 0.58, 0.70), ("04", 0.55, 0.5, 0.6))
    r = summary.retention_gap(rows, lang="en", field_names={"07": "ICT", "09": "Health"})
    assert r.strength == "strong"  # 0.48 < 0.58: the intervals do not overlap
    assert r.figures == (
        ("Five-year retention, ICT", "41\xa0% [35–48\xa0%]"),
        ("Five-year retention, health", "64\xa0% [58–70\xa0%]"),
        ("gap", "23\xa0pp"),
    )
    overlap = _rows(("07", 0.41, 0.30, 0.60), ("09", 0.64, 0.50, 0.75))
    assert summary.retention_gap(overlap, lang="fi").strength == "moderate"
    assert summary.retention_gap(_rows(("07", 0.50, 0.4, 0.6), ("09", 0.64, 0.5, 0.7)),
                                 lang="fi") is None  # 14 points  # fmt: skip
    assert summary.retention_gap(_rows(("07", 0.2, 0.1, 0.3)), lang="fi") is None


def test_tight_labour_market_and_ageing_thresholds():
    assert summary.tight_labour_market(0.6, 0.5, 2024, "X", lang="en").strength == "moderate"
    assert summary.tight_labour_market(0.8, 0.5, 2024, "X", lang="en").strength == "strong"
    assert summary.tight_labour_market(0.3, 0.5, 2024, "X", lang="en") is None
    assert summary.tight_labour_market(0.5, None, 2024, "X", lang="en").strength == "moderate"
    assert summary.tight_labour_market(np.nan, 0.5, 2024, "X", lang="en") is None
    r = summary.ageing(47.0, 34.2, 2024, "Etelä-Karjala", lang="fi")
    assert r.strength == "strong" and r.figures[0] == ("Vanhushuoltosuhde 2024", "47,0")
    assert summary.ageing(40.0, 34.0, 2024, "X", lang="fi").strength == "moderate"
    assert summary.ageing(38.9, 34.0, 2024, "X", lang="fi") is None
    md = r.markdown("fi")
    assert "Näytön vahvuus: vahva" in md and "Vanhushuoltosuhde 2024: 47,0" in md


def _region(code, young, old, middle, foreign, c, q):
    pop = pd.DataFrame(
        {"region": code, "year": 2024, "age_group": ["20-24", "70-74", "40-44", "40-44"],
         "background": ["finnish", "finnish", "finnish", "foreign"],
         "language_group": "fi", "persons": [young, old, middle, foreign]}
    )  # fmt: skip
    emp = pd.DataFrame({"region": code, "year": 2024, "industry": ["C", "G", "J", "Q"],
                        "age_group": "25-34", "employed": [c, 10, 10, q]})  # fmt: skip
    return pop, emp


def test_peers_are_ranked_by_the_stated_distance():
    """Four sub-regions with known features; the distance is computed here independently."""
    spec = {"SK081": (100, 300, 500, 100, 50, 30), "SK082": (120, 280, 500, 100, 45, 35),
            "SK091": (300, 100, 500, 100, 10, 70), "SK093": (90, 310, 500, 100, 60, 25)}  # fmt: skip
    parts = [_region(code, *v) for code, v in spec.items()]
    tables = {"population": pd.concat([p for p, _ in parts]),
              "employment": pd.concat([e for _, e in parts])}  # fmt: skip
    feats = {}
    for code, (young, old, middle, foreign, c, q) in spec.items():
        total = young + old + middle + foreign
        emp = c + 10 + 10 + q
        feats[code] = [np.log(total), old / total * 100, young / total * 100,
                       foreign / total * 100, c / emp * 100, 10 / emp * 100, 10 / emp * 100,
                       q / emp * 100]  # fmt: skip
    f = pd.DataFrame(feats).T
    z = (f - f.mean()) / f.std(ddof=0)
    z = z.dropna(axis=1)  # features equal everywhere carry no information
    expected = {c: float(np.sqrt(((z.loc[c] - z.loc["SK082"]) ** 2).mean())) for c in spec}
    peers = summary.peer_regions(tables, "SK082", 2024, n=2)
    assert peers["region"].tolist() == ["SK081", "SK093"]  # SK091 is the odd one out
    for _, row in peers.iterrows():
        assert row["distance"] == pytest.approx(expected[row["region"]])
    assert peers.attrs["candidates"] == 3
    with pytest.raises(Exception, match="whole country"):
        summary.peer_regions(tables, "SSS", 2024)


def test_recommendations_on_the_demo_cite_their_numbers(demo_tables):
    recs = summary.recommendations(demo_tables, "MK09", 2024, lang="en")
    assert recs, "the demo should give at least one recommendation"
    for r in recs:
        assert r.figures and all(value for _, value in r.figures)
        assert r.strength in ("strong", "moderate", "weak") and r.would_change
    # the demo's built-in effect: ICT graduates leave more than health graduates
    gap = [r for r in recs if r.rule == "retention_gap"]
    assert gap and "information and communication" in gap[0].text.lower()


def test_a_feature_equal_everywhere_up_to_rounding_is_left_out():
    """Found by an independent check: shares equal on paper (10 % foreign everywhere) differ
    by rounding only; their z-scores must not decide the ranking."""
    rows = []
    for code, x in [("MK08", 1.0), ("MK09", 1.2), ("MK10", 1.4), ("MK11", 2.0)]:
        rows += [(code, 2024, "20-24", "finnish", "fi", 0.9 * x),
                 (code, 2024, "20-24", "foreign", "fi", 0.1 * x)]  # fmt: skip
    pop = pd.DataFrame(rows, columns=["region", "year", "age_group", "background",
                                      "language_group", "persons"])  # fmt: skip
    peers = summary.peer_regions({"population": pop}, "MK08", 2024)
    assert peers["region"].tolist() == ["MK09", "MK10", "MK11"]  # by size, the only difference
    sizes = np.log([1.0, 1.2, 1.4, 2.0])
    z = (sizes - sizes.mean()) / sizes.std()
    assert peers["distance"].tolist() == pytest.approx(list(np.abs(z[1:] - z[0])))


def test_peer_comparison_and_topic_paragraphs_on_the_demo(demo_tables):
    from kokka_analysis import indicators

    peers = summary.peer_regions(demo_tables, "SK082", 2024)
    table = summary.peer_comparison(demo_tables, "SK082", peers, 2024, lang="en")
    panel = indicators.indicator_panel(demo_tables)
    panel = panel[panel["year"] == 2024].set_index("region")
    theirs = panel.loc[list(peers["region"]), "age_65_plus_share_pct"]
    row = table[table["Indicator"] == "Share aged 65+"].iloc[0]
    assert row["peers, mean"] == f"{theirs.mean():.1f}"
    assert row["range"] == f"{theirs.min():.1f} … {theirs.max():.1f}"
    assert row["Kotka-Hamina"] == f"{panel.loc['SK082', 'age_65_plus_share_pct']:.1f}"
    text = summary.topic_paragraphs(demo_tables, "KU489", 2024, lang="en")
    assert "(01_situation_picture.html)" in text and "(04_regional_image_survey.html)" in text
    assert "03_retention" not in text  # Miehikkälä has no cohort: no link to a missing page
    text = summary.topic_paragraphs(demo_tables, "SK082", 2024, lang="fi")
    assert "oli alueella viiden vuoden kuluttua" in text and "[" in text


def _boost(extra, gap, closed, per_year=3.0):
    from kokka_analysis.foresight import RetentionBoost

    idx = list(extra)
    return RetentionBoost("06", 10.0, 10, per_year, pd.Series(extra, index=idx),
                          pd.Series(gap, index=idx), closed)  # fmt: skip


def test_retention_gap_with_the_foresight_linkage_cites_its_numbers():
    rows = _rows(("06", 0.41, 0.35, 0.48), ("09", 0.64, 0.58, 0.70))
    seen = []

    def boost(field):
        seen.append(field)
        return _boost({"J": 24.0, "M": 6.0}, {"J": 40.0, "M": -5.0}, 60.0)

    r = summary.retention_gap(rows, lang="en", field_names={"06": "ICT"}, boost=boost)
    assert seen == ["06"]  # the lowest field
    assert (
        "close about 60\xa0% of the region's 10-year labour gap in information and communication (J) and "
        in r.text
    )
    assert r.figures[3:] == (
        ("Retention 10\xa0pp higher: added workers in 10 years", "30"),
        ("baseline gap in those industries (10 yrs)", "40"),
        ("share closed", "60\xa0%"),
    )
    fi = summary.retention_gap(rows, lang="fi", boost=boost)
    assert "kuroisi umpeen noin 60\xa0%" in fi.text
    no_gap = summary.retention_gap(
        rows, lang="en", boost=lambda f: _boost({"J": 5.0}, {"J": -3.0}, None)
    )
    assert "no gap in the baseline" in no_gap.text and len(no_gap.figures) == 4
    none = summary.retention_gap(
        rows, lang="en", boost=lambda f: _boost({"J": 0.0}, {"J": 9.0}, None)
    )
    assert "cannot be estimated" in none.text and len(none.figures) == 3
    assert summary.retention_gap(rows, lang="en", boost=lambda f: None).figures == (
        summary.retention_gap(rows, lang="en").figures
    )


def test_recommendations_on_the_demo_link_retention_to_the_foresight_gap(demo_tables):
    recs = summary.recommendations(demo_tables, "SK082", 2024, lang="en")
    gap = [r for r in recs if r.rule == "retention_gap"]
    assert len(gap) == 1
    labels = [label for label, _ in gap[0].figures]
    assert "share closed" in labels and "Raising it by 10\xa0pp" in gap[0].text


def _steps(*rows):
    return pd.DataFrame(rows, columns=["stage", "share_of_previous", "low", "high"])


def test_path_breaks_fires_only_on_a_clearly_weaker_step():
    steps = _steps(("attraction", np.nan, np.nan, np.nan), ("arrival", 90, 85, 94),
                   ("studies", 80, 74, 85), ("internship", 70, 63, 76),
                   ("first_job", 34, 28, 40), ("family_social", 75, 66, 83))  # fmt: skip
    r = summary.path_breaks(steps, "Kotka", 12, lang="en")
    assert r.rule == "path_breaks" and r.strength == "strong"  # 40 < 70, the lowest other
    assert "between internship and first job" in r.text
    assert r.figures == (("Went on from internship to first job", "34\xa0% [28–40\xa0%]"),
                         ("median of the other steps", "78\xa0%"),
                         ("actors serving first job", "12"))  # fmt: skip
    # the weakest step's interval reaches the others' median: no recommendation
    wide = steps.copy()
    wide.loc[4, "high"] = 79
    assert summary.path_breaks(wide, "Kotka", None, lang="en") is None
    # 50 % or more goes on: no break
    fine = steps.copy()
    fine.loc[4, ["share_of_previous", "low", "high"]] = [55, 50, 60]
    assert summary.path_breaks(fine, "Kotka", None, lang="fi") is None
    mod = steps.copy()
    mod.loc[4, "high"] = 72  # below the median (77.5) but above the lowest other (70)
    assert summary.path_breaks(mod, "Kotka", None, lang="fi").strength == "moderate"


def test_stage_without_actor_names_the_stage_and_place():
    assert summary.stage_without_actor([], lang="en") is None
    r = summary.stage_without_actor([("Imatra", "family_social")], lang="fi")
    assert "perhe ja sosiaalinen elämä (Imatra)" in r.text
    assert r.figures == (("toimijoita: perhe ja sosiaalinen elämä, Imatra", "0"),)
