"""Employers' needs (issue 15): reading, raking to the business frame, business disclosure
control, the demo's built-in effects, and interval coverage by simulation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kokka_analysis import employers as E
from kokka_analysis.errors import DataFormatError
from kokka_analysis.sources import demo_employers as D


def test_raking_matches_an_independent_ipf(demo_tables):
    firms = E.in_region(demo_tables["employer_survey"], "MK09")
    frame = E.in_region(demo_tables["enterprises"], "MK09")
    w = E.weights(firms, frame)
    # our own iterative proportional fitting, written here with pandas
    frame = frame[frame["industry"].isin(set(firms["industry"]))]
    frame = frame[frame["size_class"].isin(set(firms["size_class"]))]
    targets = {d: frame.groupby(d)["enterprises"].sum() for d in ("industry", "size_class")}
    mine = pd.Series(1.0, index=firms.index)
    for _ in range(500):
        for d, t in targets.items():
            mine *= firms[d].map(t / mine.groupby(firms[d]).sum())
    np.testing.assert_allclose(w["firm_weight"], mine, rtol=1e-6)
    for d, t in targets.items():
        np.testing.assert_allclose(w["firm_weight"].groupby(firms[d]).sum()[t.index], t, rtol=1e-6)
    np.testing.assert_allclose(w["employee_weight"], w["firm_weight"] * firms["employees"])
    n = len(firms)
    kish = n * (w["firm_weight"] ** 2).sum() / w["firm_weight"].sum() ** 2
    assert w.attrs["design_effect"] == pytest.approx(kish)


def test_dominance_rule_by_hand():
    v = pd.Series([81, 10, 9, 50, 45, 5, 30, 30, 40, 7, 8])
    g = pd.Series(list("aaabbbcccdd"))
    d = E.dominance(v, g).set_index("group")
    assert d.loc["a", "sensitive"]  # the largest firm 81 % > 80 %
    assert d.loc["b", "sensitive"]  # the two largest 95 % > 90 %
    assert not d.loc["c", "sensitive"]  # 40 % and 70 %: fine
    assert d.loc["d", "sensitive"]  # two firms only
    assert d.loc["a", "top1_share"] == pytest.approx(0.81)
    assert not E.dominance(pd.Series([80, 10, 10]), pd.Series(list("aaa")))["sensitive"].iloc[0]


def _firms(hires_by_firm, occupations, industry="C"):
    n = len(hires_by_firm)
    df = pd.DataFrame({"firm_id": [f"F{i}" for i in range(n)], "region": "KU285",
                       "industry": industry, "size_class": "10-49", "employees": 20.0})  # fmt: skip
    for occ in occupations:
        df[f"hires_{occ}"] = [h.get(occ, 0) for h in hires_by_firm]
    df.attrs = {"hires": {f"hires_{o}": o for o in occupations}, "barriers": []}
    return df


def test_planned_hires_masks_dominated_cells_and_their_complement():
    rows = [{"72": 50, "21": 2}, {"72": 1, "21": 2}, {"72": 1, "21": 2}, {"21": 3, "81": 2},
            {"81": 2}, {"81": 3}]  # fmt: skip
    firms = _firms(rows, ["72", "21", "81"])
    w = E.weights(firms, None)  # no frame: each firm counts once
    t = E.planned_hires(firms, w, min_firms=3).set_index("group")
    assert t.loc["72", "suppressed"]  # one firm has 50 of 52
    # the total is published, so one more cell is masked: 72 cannot be got by subtraction
    assert t.loc[["21", "81"], "suppressed"].sum() == 1
    assert t.loc["total", "hires"] == pytest.approx(68)
    assert np.isnan(t.loc["72", "hires"])
    shown = t.drop(index="total")
    assert shown["hires"].notna().sum() == 1


def test_demo_effects_are_recovered(demo_tables):
    firms = demo_tables["employer_survey"]
    w = E.weights(firms, demo_tables["enterprises"])
    by_size = E.barrier_table(firms, w, by="size_class", lang="en").set_index(
        ["size_class", "barrier"]
    )["share"]
    for b in ("b_permits", "b_language"):  # small firms cite permits and language more
        assert by_size[("0-9", b)] - by_size[("250+", b)] > 20
    hires = E.planned_hires(firms, w, by="industry").set_index("group")["hires"]
    assert hires.drop("total").idxmax() == "C"  # manufacturing plans the most hires
    ready = E.readiness(firms, w)
    assert ready["alpha"] > 0.7
    means = ready["by_size"].set_index("size_class")["mean"]
    assert means["0-9"] < means["50-249"]
    # unweighted results lean towards the oversampled large firms; weighting corrects it
    plain = (firms["b_permits"] >= 4).mean() * 100
    weighted = E.barrier_table(firms, w).set_index("barrier").loc["b_permits", "share"]
    assert weighted > plain + 5


def test_interval_coverage_by_simulation(demo_tables):
    """A population of firms from the demo model (every firm answers), the demo's stratified
    sample drawn 120 times, raked to the population's own frame: how often the 95 % intervals
    of the total planned hires and of a barrier share cover the truth."""
    frame = E.in_region(demo_tables["enterprises"], "MK09")
    saved = D._SAMPLE_P
    D._SAMPLE_P = (1.0, 1.0, 1.0, 1.0)
    try:
        pop = E.read_employer_survey(D.survey(frame, np.random.default_rng(5)))
    finally:
        D._SAMPLE_P = saved
    census = pop.groupby(["region", "industry", "size_class"]).size().rename("enterprises")
    census = census.reset_index()
    truth_hires = pop[list(pop.attrs["hires"])].to_numpy().sum()
    truth_share = ((pop["b_permits"] >= 4).mean()) * 100
    p = dict(zip(D.SIZE_CLASSES, saved, strict=True))
    rng = np.random.default_rng(11)
    hit_h, hit_s = [], []
    for _ in range(120):
        take = rng.random(len(pop)) < pop["size_class"].map(p).to_numpy()
        s = pop[take].reset_index(drop=True)
        s.attrs = pop.attrs
        w = E.weights(s, census)
        tot = E.planned_hires(s, w, min_firms=1).set_index("group").loc["total"]
        hit_h.append(tot["hires_low"] <= truth_hires <= tot["hires_high"])
        b = E.barrier_table(s, w, min_firms=1).set_index("barrier").loc["b_permits"]
        hit_s.append(b["share_low"] <= truth_share <= b["share_high"])
    assert 0.88 <= np.mean(hit_h) <= 0.99, np.mean(hit_h)
    assert 0.88 <= np.mean(hit_s) <= 0.99, np.mean(hit_s)


def test_a_user_file_with_other_headers_and_a_codebook(tmp_path):
    f = tmp_path / "kysely.csv"
    f.write_text(
        "Tunnus;Sijainti;TOL;Koko;Ohjelmoijat;Hoitajat;Kieli ongelma;Lupa-asiat;Englanti;Harjoittelu\n"
        "a1;Kotka;62010;12;2;0;Paljon;x;4;Kyllä\n"
        "a2;285;86;3;0;1;Vähän;;2;Ei\n"
        "a3;Hamina;C25;260;0;0;Erittäin paljon;x;5;Kyllä\n",
        encoding="utf-8",
    )
    cb = tmp_path / "koodikirja.csv"
    cb.write_text(
        "column,role,name,question_fi,question_en\nTunnus,id,,,\nSijainti,region,,,\n"
        "TOL,industry,,,\nKoko,employees,,,\nOhjelmoijat,hires,2512,,\nHoitajat,hires,2221,,\n"
        "Kieli ongelma,barrier,language,,\nLupa-asiat,barrier,permits,,\n"
        "Englanti,readiness,english,,\nHarjoittelu,cooperation,internships,,\n",
        encoding="utf-8",
    )
    t = E.read_employer_survey(f, codebook=cb)
    assert t["region"].tolist() == ["KU285", "KU285", "KU075"]
    assert t["industry"].tolist() == ["J", "Q", "C"]
    assert t["size_class"].tolist() == ["10-49", "0-9", "250+"]
    assert t["hires_25"].tolist() == [2, 0, 0] and t["hires_22"].tolist() == [0, 1, 0]
    assert t["b_language"].tolist() == [4, 2, 5]
    assert t.attrs["barrier_kind"]["b_permits"] == "select"
    assert t["b_permits"].tolist() == [1, 0, 1] and t["c_internships"].tolist() == [1, 0, 1]
    bad = tmp_path / "bad.csv"
    bad.write_text(f.read_text("utf-8").replace("C25", "Q25"), encoding="utf-8")
    with pytest.raises(DataFormatError) as exc:
        E.read_employer_survey(bad, codebook=cb)
    msg = str(exc.value)
    assert "bad.csv" in msg and "row 3" in msg and "TOL" in msg


def test_a_file_read_without_codebook_keeps_code_headers_ticks_and_empty_cells(tmp_path):
    """Found by a new user: empty hires cells, hires headed by an occupation code only, a
    tick column of 1 and blanks, a codebook naming the file's own header."""
    f = tmp_path / "oma.csv"
    f.write_text(
        "Y-tunnus;Kotikunta;Toimiala;Henkilöstömäärä;2221;7212;este_luvat;Avoin\n"
        "1;Kotka;86;12;;3;1;hyvä\n"
        "2;Hamina;25;40;1;;;\n"
        "3;Kouvola;25;300;2;5;1;\n",
        encoding="utf-8",
    )
    t = E.read_employer_survey(f)
    assert t["hires_22"].tolist() == [0, 1, 2] and t["hires_72"].tolist() == [3, 0, 5]
    assert t.attrs["barrier_kind"]["b_luvat"] == "select"
    assert t["b_luvat"].tolist() == [1, 0, 1]
    assert t.attrs["free_text"] == 1 and "Avoin" not in t.columns
    cb = tmp_path / "cb.csv"
    cb.write_text("column,role,name\nKotikunta,region,\nToimiala,industry,\n"
                  "Henkilöstömäärä,employees,\n2221,hires,2221\nX1,ignore,\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(DataFormatError, match="X1"):
        E.read_employer_survey(f, codebook=cb)
    cb.write_text("column,role,name\nKotikunta,region,\nToimiala,industry,\n"
                  "Henkilöstömäärä,employees,\n2221,hires,2221\n", encoding="utf-8")  # fmt: skip
    assert E.read_employer_survey(f, codebook=cb)["hires_22"].tolist() == [0, 1, 2]
