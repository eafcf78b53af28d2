"""The survey's findings text (kokka_analysis.text.survey): one language per call, numbers
from the tables written by the text layer, Finnish that reads as Finnish."""

import inspect
import re

import pandas as pd
import pytest

from kokka_analysis import regions, survey
from kokka_analysis import text as text_layer
from kokka_analysis.text import number, share
from kokka_analysis.text import survey as text

LANGS = ("fi", "en")
FINDINGS = ("weighting_findings", "item_profile_findings", "comparison_findings",
            "stay_findings", "theme_findings")  # fmt: skip
NOTICES = ("missing_role_notice", "inferred_notice", "weighting_note")


@pytest.fixture(scope="module")
def page(demo_tables):
    """The tables of notebook 04 for Kymenlaakso on the demo data, as the notebook makes them."""
    s = demo_tables["survey"]
    s = survey.add_comparison_groups(s[regions.in_region(s["region"], "MK08")])
    items = s.attrs["items"]
    dims = survey.weighting_dimensions(s)
    margins = survey.population_margins(demo_tables["population"], s, dims=dims)
    weights = survey.rake(s, margins, unmatched="ignore")
    s = s.assign(weight=weights)
    groupings = survey.comparison_groupings(s)
    kw = {"weights": "weight", "min_n": 5}
    return {
        "survey": s,
        "dims": dims,
        "margins": margins,
        "weights": survey.weight_summary(weights),
        "profile": survey.item_profile(s, items, calibration=margins, **kw),
        "comparison": survey.compare_groups(s, items, groupings, **kw),
        "stay": survey.stay_intention(
            s, s.attrs["stay_item"], groupings, calibration=margins, **kw
        ),  # fmt: skip
        "themes": survey.theme_counts(survey.free_text(s), min_n=5),
    }


def _texts(page, lang):
    item_text = survey.item_texts(page["survey"], lang)
    return {
        "weighting": survey.weighting_findings(page["weights"], list(page["margins"]), lang=lang),
        "profile": survey.item_profile_findings(page["profile"], item_text, lang=lang),
        "comparison": survey.comparison_findings(page["comparison"], item_text, lang=lang),
        "stay": survey.stay_findings(page["stay"], lang=lang),
        "themes": survey.theme_findings(page["themes"], 5, lang=lang),
    }


def test_names_are_re_exported_from_survey():
    for name in (*FINDINGS, *NOTICES, "group_label"):
        assert getattr(survey, name) is getattr(text, name)


@pytest.mark.parametrize("name", FINDINGS + NOTICES)
def test_lang_is_keyword_only(name):
    param = inspect.signature(getattr(text, name)).parameters["lang"]
    assert param.kind is inspect.Parameter.KEYWORD_ONLY and param.default == "fi"


@pytest.mark.parametrize("lang", LANGS)
def test_weighting_findings_numbers(page, lang):
    r = page["weights"].iloc[0]
    t = _texts(page, lang)["weighting"]
    for x in (number(r["respondents"], lang), number(r["design_effect"], lang, 2),
              number(r["effective_n"], lang)):  # fmt: skip
        assert x in t
    big = pd.DataFrame({"respondents": [1234], "effective_n": [1000.4], "design_effect": [1.2]})
    assert ("1\xa0234" if lang == "fi" else "1,234") in survey.weighting_findings(big, lang=lang)
    own = survey.weighting_findings(big, lang=lang, own_weights=True)
    assert ("omilla painoilla" if lang == "fi" else "own weights") in own


@pytest.mark.parametrize("lang", LANGS)
def test_item_profile_findings_numbers(page, lang):
    prof = page["profile"]
    shown = prof[~prof["suppressed"]].sort_values("top2")
    t = _texts(page, lang)["profile"]
    item_text = survey.item_texts(page["survey"], lang)
    assert share(shown["top2"].iloc[-1], lang) in t and share(shown["top2"].iloc[0], lang) in t
    assert number(shown["mean"].iloc[-1], lang, 2) in t
    assert item_text[shown["item"].iloc[-1]] in t and item_text[shown["item"].iloc[0]] in t
    one = survey.item_profile_findings(shown.tail(1), item_text, lang=lang)
    assert share(shown["top2"].iloc[-1], lang) in one and ("vähiten" not in one)


@pytest.mark.parametrize("lang", LANGS)
def test_comparison_findings_numbers(page, lang):
    comp = page["comparison"]
    tested = comp[comp["test"].notna()]
    sig = tested[tested["significant"]]
    top = sig.loc[sig["difference"].abs().idxmax()]
    t = _texts(page, lang)["comparison"]
    assert number(len(tested), lang) in t and number(len(sig), lang) in t
    for col in ("high_mean", "low_mean", "effect_size"):
        assert number(top[col], lang, 2) in t
    for col in ("high_group", "low_group"):
        assert survey.group_label(top["comparison"], top[col], lang) in t


@pytest.mark.parametrize("lang", LANGS)
def test_stay_findings_numbers(page, lang):
    stay = page["stay"]
    everyone = stay.iloc[0]
    lowest = stay[(stay["grouping"] != "all") & ~stay["suppressed"]].sort_values("top2").iloc[0]
    t = _texts(page, lang)["stay"]
    assert share(everyone["top2"], lang) in t
    assert share(lowest["top2"], lang) in t and share(lowest["top2_high"], lang) in t
    assert survey.group_label(lowest["grouping"], lowest["group"], lang) in t
    # everyone masked: the group sentence alone, without a stray space
    only_groups = survey.stay_findings(stay.assign(suppressed=stay["grouping"] == "all"),
                                       lang=lang)  # fmt: skip
    assert only_groups == only_groups.strip() and share(lowest["top2"], lang) in only_groups


@pytest.mark.parametrize("lang", LANGS)
def test_theme_findings_numbers(page, lang):
    shown = page["themes"][~page["themes"]["suppressed"]].head(3)
    t = _texts(page, lang)["themes"]
    parts = [f"{r[f'label_{lang}'].lower()} ({share(r['share'], lang)})" for _, r in
             shown.iterrows()]  # fmt: skip
    assert len(parts) == 3
    assert text_layer.join(parts, lang) in t  # "x (20 %), y (18 %) ja z (17 %)"
    assert parts[0] in t and t.index(parts[0]) < t.index(parts[1]) < t.index(parts[2])


@pytest.mark.parametrize("lang", LANGS)
def test_per_cent_signs_follow_a_non_breaking_space(page, lang):
    texts = _texts(page, lang)
    texts["note"] = survey.weighting_note(pd.DataFrame(), ["region"], lang=lang)
    for name, t in texts.items():
        assert not re.search(r"\d[ ]?%", t), (name, t)  # never "67 %" nor "67%"
    joined = " ".join(texts.values())
    assert joined.count("\xa0%") >= 8
    if lang == "fi":
        assert not re.search(r"\d\.\d", joined)  # decimal comma
        assert "95\xa0%:n" in joined
    else:
        assert not re.search(r"\d,\d{1,2}\b", joined)


def test_finnish_reads_as_finnish(page):
    t = _texts(page, "fi")
    # no dummy noun before a bare label: the label stands as the predicate
    assert "ryhmässä" not in t["stay"] and "Pienin julkaistu ryhmän osuus: " in t["stay"]
    assert not re.search(r"\d+/\d+", t["comparison"])  # "14/44 vertailussa" is not Finnish
    assert t["stay"].startswith("Vastaajista ")  # a sentence does not start with a digit


def test_words_instead_of_zero_counts():
    none = pd.DataFrame({"test": ["mann-whitney"] * 3, "significant": [False] * 3})
    for lang, word in (("fi", "Yksikään"), ("en", "None of the")):
        t = survey.comparison_findings(none, {}, lang=lang)
        assert t.startswith(word) and "0" not in t
    one = none.head(1)
    assert survey.comparison_findings(one, {}, lang="fi").startswith("Ainoa vertailu ei")
    hidden = pd.DataFrame({"label_fi": ["Työ"], "label_en": ["Jobs"], "share": [None],
                           "suppressed": [True]})  # fmt: skip
    assert survey.theme_findings(hidden, 5, lang="fi").startswith("Yksikään teema ei")
    assert survey.theme_findings(hidden, 5, lang="en").startswith("No theme")
    empty = pd.DataFrame({"respondents": [0], "effective_n": [None], "design_effect": [None]})
    assert "0" not in survey.weighting_findings(empty, lang="fi")


def test_counts_in_comparisons_agree_in_number():
    def table(flags):
        return pd.DataFrame({"test": ["mann-whitney"] * len(flags), "significant": flags,
                             "difference": [0.5] * len(flags), "item": ["q"] * len(flags),
                             "comparison": ["status"] * len(flags),
                             "high_group": ["worker"] * len(flags), "high_mean": [3.5] * len(flags),
                             "low_group": ["student"] * len(flags), "low_mean": [3.0] * len(flags),
                             "effect_size": [0.2] * len(flags),
                             "effect_measure": ["rank-biserial r"] * len(flags)})  # fmt: skip

    fi = survey.comparison_findings(table([True, False, False]), {"q": "Väite"}, lang="fi")
    assert fi.startswith("Vertailuja on 3, ja niistä yksi on tilastollisesti merkitsevä")
    assert "keskiarvot ovat 3,50 (Työssä) ja 3,00 (Opiskelija)" in fi
    en = survey.comparison_findings(table([True, True, False]), {"q": "Claim"}, lang="en")
    assert en.startswith("Of 3 comparisons, 2 are statistically significant")
    assert survey.comparison_findings(table([True, True]), {}, lang="fi").startswith("Kaikki 2")
    assert survey.comparison_findings(table([True]), {}, lang="en").startswith("The only")


def test_notices_one_language_each():
    df = pd.DataFrame()
    df.attrs["inferred"] = {"items": ["q_a"], "free_text": ["c1", "c2"]}
    fi, en = (survey.inferred_notice(df, lang=lang) for lang in LANGS)
    assert "2 saraketta (ei julkaista)" in fi and "2 columns (never published)" in en
    assert "c1" not in fi + en  # free-text headers are never shown
    df.attrs["inferred"] = {"free_text": ["c1"]}
    assert "1 sarake (ei julkaista)" in survey.inferred_notice(df, lang="fi")
    assert survey.inferred_notice(pd.DataFrame(), lang="en") == ""
    assert survey.missing_role_notice("groups", lang="en").startswith("The survey has no")
    note = survey.weighting_note(pd.DataFrame(), ["sex", "region"], lang="fi")
    assert "vastaajien iästä" in note and "sen suhteen" in note
    own = pd.DataFrame()
    own.attrs["weighted"] = True
    assert survey.weighting_note(own, [], lang="en").startswith("The weights are")
    with pytest.raises(ValueError, match="lang"):
        survey.stay_findings(pd.DataFrame({"suppressed": pd.Series([], dtype=bool)}), lang="sv")
