"""The retention findings sentences (kokka_analysis.text.retention): numbers, language and
Finnish that reads as Finnish."""

import inspect
import re

import pandas as pd
import pytest

from kokka_analysis import labels, plots, retention
from kokka_analysis.text import number, p_value, share
from kokka_analysis.text import retention as rtext

LANGS = ("fi", "en")


@pytest.fixture(scope="module")
def cohort(demo_tables):
    return demo_tables["cohort"]


@pytest.fixture(scope="module")
def cox(cohort):
    return retention.fit_cox(cohort, min_n=5)


def _category_labels() -> list[str]:
    """Every Finnish label a group comparison can name, as in the tables and in lower case."""
    names = [fi for fi, _ in labels.FIELDS.values()]
    names += [fi for fi, _ in labels.ORIGIN_GROUPS_LABELS.values()]
    names += [labels.label("sex", s, "fi") for s in ("male", "female")]
    names += list(retention.AGE_BANDS)
    return names + [n[:1].lower() + n[1:] for n in names] + [n.lower() for n in names]


def _dummy_noun(text: str) -> str | None:
    """The first "ryhmästä <category>" / "ryhmässä <category>" in ``text``, else None."""
    for name in _category_labels():
        for noun in ("ryhmästä", "ryhmässä", "ryhmällä", "alueella", "kunnassa"):
            if f"{noun} {name}" in text:
                return f"{noun} {name}"
    return None


def test_the_dummy_noun_check_catches_the_old_sentence():
    old = "alueella asui yhä 89 % ryhmästä terveys- ja hyvinvointialat mutta vain 61 %"
    assert _dummy_noun(old) == "ryhmästä terveys- ja hyvinvointialat"


def test_group_comparisons_name_categories_after_a_colon(cohort, cox):
    by_field = retention.retention_table(cohort, "field", (1, 3, 5), min_n=5, complementary=True)
    by_origin = retention.retention_table(cohort, "origin_group", (3,), min_n=5)
    by_age = retention.retention_table(cohort, "age_band", (3,), min_n=5)
    curves = retention.survival(cohort, by="origin_group", min_n=5)
    texts = [
        retention.group_findings(by_field, "field", 3, 5, lang="fi"),
        retention.group_findings(by_origin, "origin_group", 3, 5, lang="fi"),
        retention.group_findings(by_age, "age_band", 3, 5, lang="fi"),
        retention.survival_findings(curves, None, 5, "origin_group", lang="fi"),
        cox.findings(lang="fi"),
    ]
    for text in texts:
        assert _dummy_noun(text) is None, text
        assert "tässä ryhmässä: " in text, text
    assert "tässä ryhmässä: terveys- ja hyvinvointialat." in texts[0]
    assert "tietojenkäsittely ja tietoliikenne (ICT)" in texts[0]  # not "(ict)"
    assert "-vuotiaat" in texts[2] or "vuotta täyttäneet" in texts[2]


def test_group_findings_shows_the_table_shares(cohort):
    table = retention.retention_table(cohort, "field", (1, 3, 5), min_n=5, complementary=True)
    at3 = table[(table["horizon"] == 3) & ~table["suppressed"]].set_index("field")["rate"]
    hi, lo = at3.idxmax(), at3.idxmin()
    for lang in LANGS:
        text = retention.group_findings(table, "field", 3, 5, lang=lang)
        assert share(at3[hi], lang) in text and share(at3[lo], lang) in text
        assert text.index(share(at3[hi], lang)) < text.index(share(at3[lo], lang))
        assert labels.label("field", hi, lang).lower() in text.lower()
    fi = retention.group_findings(table, "field", 3, 5, lang="fi")
    assert fi.startswith("Alueella yhä asuvien osuus 3 vuotta saapumisen jälkeen oli suurin, ")
    assert "Alle 5 henkilön ryhmiä ei näytetä" in fi


def test_group_findings_with_too_few_or_equal_groups():
    one = pd.DataFrame({"sex": ["male"], "horizon": [3], "rate": [0.5], "suppressed": [False]})
    assert "liian vähän vertailuun" in retention.group_findings(one, "sex", 3, 10, lang="fi")
    assert "at least 10 persons" in retention.group_findings(one, "sex", 3, 10, lang="en")
    same = pd.DataFrame({"sex": ["male", "female"], "horizon": [3, 3], "rate": [0.5, 0.5],
                         "suppressed": [False, False]})  # fmt: skip
    assert "kaikissa ryhmissä sama, 50\xa0%" in retention.group_findings(same, "sex", 3, lang="fi")


def test_survival_findings_shows_the_curves_and_the_test(cohort):
    curves = retention.survival(cohort, by="origin_group", min_n=5)
    tests = retention.logrank_test(cohort, "origin_group", min_n=5)
    at5 = curves[curves["time"] == 5].set_index("group")["survival"]
    for lang in LANGS:
        text = retention.survival_findings(curves, tests, 5, "origin_group", lang=lang)
        assert share(at5.max(), lang) in text and share(at5.min(), lang) in text
        assert p_value(float(tests["p_value"].iloc[0]), lang) in text
    one = retention.survival(cohort, min_n=5)
    s3 = one.set_index("time").loc[3]
    fi = retention.survival_findings(one, horizon=3, lang="fi")
    assert fi.startswith(f"Arviolta {share(s3['survival'], 'fi')} asui alueella yhä 3 vuoden")
    assert f"{share(s3['ci_low'], 'fi')}–{share(s3['ci_high'], 'fi')}" in fi
    short = one[one["time"] == 0]
    assert "liian lyhyt" in retention.survival_findings(short, lang="fi")


def test_cox_findings_show_the_hazard_ratios(cox):
    s = cox.summary()
    sig = s[s["p_value"] < 0.05]
    hi, lo = sig.loc[sig["hazard_ratio"].idxmax()], sig.loc[sig["hazard_ratio"].idxmin()]
    assert hi["hazard_ratio"] > 1 > lo["hazard_ratio"]
    for lang in LANGS:
        text = cox.findings(lang=lang)
        assert text == retention.cox_findings(cox, lang=lang)
        for r in (hi, lo):
            assert number(r["hazard_ratio"], lang, 2) in text
            assert f"{number(r['ci_low'], lang, 2)}–{number(r['ci_high'], lang, 2)}" in text
    fi = cox.findings(lang="fi")
    assert fi.startswith("Kun ikä, sukupuoli, koulutusala, alkuperämaa ja asuinkunta vakioidaan")
    assert "," not in number(hi["hazard_ratio"], "en", 2) and "," in number(1.5, "fi", 2)


def test_cox_findings_name_only_effects_on_the_right_side_of_one():
    """Every clear effect above 1: the text names the largest and no "lowest"."""

    class Fake:
        covariates = ["field"]
        notes: list = []

        def summary(self):
            return pd.DataFrame({"variable": ["field"] * 2, "level": ["06", "02"],
                                 "reference": ["07"] * 2, "hazard_ratio": [1.9, 1.3],
                                 "ci_low": [1.5, 1.1], "ci_high": [2.4, 1.6],
                                 "p_value": [0.001, 0.01]})  # fmt: skip

        def ph_test(self):
            return pd.DataFrame({"variable": ["field", "GLOBAL"], "ph_ok": [True, True]})

    fi = retention.cox_findings(Fake(), lang="fi")
    en = retention.cox_findings(Fake(), lang="en")
    assert fi.startswith("Cox-mallin mukaan lähtöriski on suurin tässä ryhmässä: tietojenkäsittely")
    assert "riskisuhde 1,90 (95 %:n väli 1,50–2,40; vertailuryhmä: tekniikan alat)" in fi
    assert "Pienin" not in fi and "lowest" not in en and "1,30" not in fi
    assert "hazard ratio 1.90, 95 % interval 1.50–2.40" in en


def test_cox_result_protocol(cohort, cox):
    r = repr(cox)
    assert r.startswith("<CoxResult: fitted on ")
    assert f"{cox.n} persons" in r and f"{cox.events} left the region" in r
    assert "source: synthetic demo data" in r
    assert cox.n == len(cohort) and cox.events == int(cohort["left"].sum())
    frame = cox.to_frame()
    assert {"coef", "se", "hazard_ratio"} <= set(frame.columns)
    assert cox.summary().columns.tolist()[:3] == ["variable", "level", "reference"]  # untranslated
    assert cox.plot(lang="en").layout.title.text.startswith("Hazard ratio")
    assert cox.plot(lang="fi").layout.title.text.startswith("Lähtöriskin suhde")
    with pytest.raises(TypeError):
        cox.plot("en")
    with pytest.raises(TypeError):
        cox.findings("en")


def test_profile_test_findings_shows_cramers_v(cohort):
    tests = retention.profile_tests(cohort, 3)
    sig = tests[tests["p_value"] < 0.05].sort_values("cramers_v", ascending=False)
    for lang in LANGS:
        text = retention.profile_test_findings(tests, lang=lang)
        assert number(sig["cramers_v"].iloc[0], lang, 2) in text
    fi = retention.profile_test_findings(tests, lang="fi")
    first = retention.VARIABLE_NAMES[sig["variable"].iloc[0]][0]
    assert f"(suurimmasta erosta alkaen): {first}" in fi
    none = tests.assign(p_value=0.5)
    assert "eivät eroa" in retention.profile_test_findings(none, lang="fi")
    empty = tests.assign(p_value=float("nan"))
    assert retention.profile_test_findings(empty, lang="en") == "Too few groups to compare."


def test_destination_findings_shows_the_flows(cohort):
    flows = retention.destination_flows(cohort, min_n=5)
    outcomes = retention.outcome_shares(cohort, (1, 3, 5), min_n=5)
    total = flows["persons"].sum()
    abroad = flows.loc[flows["destination"] == "ABROAD", "persons"].sum()
    stayed = outcomes.query("horizon == 5 and outcome == 'stayed'")["share"].iloc[0]
    for lang in LANGS:
        text = retention.destination_findings(flows, outcomes, lang=lang)
        assert share(abroad / total, lang) in text and share(stayed, lang) in text
    fi = retention.destination_findings(flows, outcomes, lang="fi")
    assert fi.startswith(f"Lähteneistä {share(abroad / total, 'fi')} muutti ulkomaille.")
    assert "Suomessa yleisin kohde oli Uusimaa" in fi  # the region's name, not its code
    assert "liian vähän" in retention.destination_findings(flows.iloc[:0], outcomes, lang="fi")


def test_findings_text_says_the_share_once(cohort, cox):
    rates = retention.retention_table(cohort, [], (1, 3, 5), min_n=5)
    args = (rates, retention.survival(cohort, min_n=5), cox,
            retention.destination_flows(cohort, min_n=5),
            retention.outcome_shares(cohort, (1, 3, 5), min_n=5))  # fmt: skip
    s5 = rates.set_index("horizon").loc[5, "rate"]
    for lang in LANGS:
        text = retention.findings_text(*args, lang=lang)
        assert text.count(share(s5, lang)) == 1  # not again after the destinations
        assert cox.findings(lang=lang) in text
    empty = rates.assign(rate=float("nan"))
    assert "liian vähän henkilöitä (alle 5)" in retention.findings_text(empty, *args[1:], lang="fi")


def test_texts_use_the_text_layer(cohort, cox):
    """Numbers with a non-breaking space before %, no "lang ==" and lang keyword-only."""
    table = retention.retention_table(cohort, "field", (3,), min_n=5)
    flows = retention.destination_flows(cohort, min_n=5)
    outcomes = retention.outcome_shares(cohort, (1, 3, 5), min_n=5)
    for lang in LANGS:
        for text in (
            retention.group_findings(table, "field", 3, lang=lang),
            retention.destination_findings(flows, outcomes, lang=lang),
            cox.findings(lang=lang),
        ):
            # a plain space would break the line (the static "95 %:n väli" may stay)
            assert not re.search(r"\d %", text.replace("95 %", "")), text
    source = inspect.getsource(rtext) + inspect.getsource(plots.retention)
    assert 'lang == "fi"' not in source and "lang == 'fi'" not in source
    for f in (*(getattr(rtext, n) for n in rtext.__all__), *(getattr(plots.retention, n)
              for n in plots.retention.__all__)):  # fmt: skip
        param = inspect.signature(f).parameters["lang"]
        assert param.kind is inspect.Parameter.KEYWORD_ONLY, f.__name__
    for name in rtext.__all__:  # re-exported unchanged
        assert getattr(retention, name) is getattr(rtext, name)


def test_plots_take_lang_by_keyword(cohort):
    table = retention.retention_table(cohort, "field", (3,), min_n=5)
    fig = plots.plot_retention_rates(table, "field", lang="en")
    assert fig.layout.title.text.startswith("Share still living")
    assert fig.data[0].name == "3 yr"
    with pytest.raises(TypeError):
        plots.plot_retention_rates(table, "field", "en")
    flows = retention.destination_flows(cohort, min_n=5)
    sankey = plots.plot_destinations(flows, "Kymenlaakso", lang="fi")
    assert "Ulkomaat" in sankey.data[0].node.label


def test_definitions_name_the_smallest_group_in_the_page_language():
    """The definitions paragraph says the page's min_n (not the parameter's name) and is in
    one language only (it used to be two markdown paragraphs on every page)."""
    from kokka_analysis import retention

    fi, en = retention.definitions(7, lang="fi"), retention.definitions(7, lang="en")
    assert "Alle 7 henkilön luvut salataan" in fi and "Counts under 7 persons" in en
    assert "min_n" not in fi + en and "Kaplanin–Meierin" in fi and "Kaplan–Meier" in en
    assert "Jääneiden" not in en and "share stayed" not in fi
