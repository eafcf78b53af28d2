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
    # cells are masked with 72 until, beyond what an attacker can bound, they hold at least
    # 20 % of its 52 (10.4): 21 (9 hires, 4 firms: at least 4) and 81 (7, 3 firms: at least 3)
    # leave 9 at most, and less to a firm that knows its own part: the total is masked too
    assert t.loc[["21", "81"], "suppressed"].all()
    assert t.loc["total", "suppressed"] and np.isnan(t.loc["total", "hires"])
    assert t.drop(index="total")["hires"].isna().all()


def _attacker_interval(t, cell):
    """What the published total and cells leave for a masked cell: [0, total - published]."""
    body = t.drop(index="total")
    return 0.0, t.loc["total", "hires"] - body["hires"].sum()


def test_empty_groups_are_shown_as_zero_and_never_hide_a_sensitive_cell():
    """Found by a reviewer: a cell of two firms was masked beside two groups no firm plans
    hires in; with no other cell masked, the total minus the published cells gave it back."""
    rows = [{"51": 8, "72": 5, "41": 4}, {"51": 6, "72": 6, "41": 5}]
    rows += [{"72": 4 + i % 3, "41": 3 + i % 2} for i in range(8)]
    firms = _firms(rows, ["51", "72", "41", "13", "25"])  # nobody hires 13 or 25
    t = E.planned_hires(firms, E.weights(firms, None), min_firms=3).set_index("group")
    assert t.loc["51", "suppressed"] and t.loc["51", "firms"] == 2
    for empty in ("13", "25"):  # known zeros: shown, not masked
        assert t.loc[empty, "hires"] == 0 and not t.loc[empty, "suppressed"]
    lo, hi = _attacker_interval(t, "51")
    assert hi >= 1.2 * 14  # the true 14 is hidden with at least 20 % of it beside it
    assert t.loc["total", "hires"] == pytest.approx(firms.filter(like="hires_").to_numpy().sum())


@pytest.mark.parametrize("seed", range(20))
def test_every_sensitive_hires_cell_keeps_its_protection(seed):
    """Random small surveys: for every masked sensitive cell, the total minus the published
    cells leaves at least 1.2 times its value, or the total itself is masked."""
    rng = np.random.default_rng(seed)
    occs = ["11", "21", "25", "41", "51", "72", "81", "93"]
    rows = []
    for _ in range(rng.integers(4, 15)):
        chosen = rng.choice(occs, size=rng.integers(1, 4), replace=False)
        rows.append({o: int(rng.integers(1, 40)) for o in chosen})
    firms = _firms(rows, occs)
    t = E.planned_hires(firms, E.weights(firms, None), min_firms=3).set_index("group")
    truth = firms[[f"hires_{o}" for o in occs]].sum().set_axis(occs)
    contrib = firms[[f"hires_{o}" for o in occs]]
    for occ in occs:
        v = contrib[f"hires_{occ}"]
        n, top = int((v > 0).sum()), np.sort(v[v > 0].to_numpy())[::-1]
        sensitive = n > 0 and (n < 3 or top[0] > 0.8 * top.sum() or top[:2].sum() > 0.9 * top.sum())
        if n == 0:
            assert t.loc[occ, "hires"] == 0
        if sensitive:
            assert t.loc[occ, "suppressed"]
            if not t.loc["total", "suppressed"]:
                assert _attacker_interval(t, occ)[1] >= 1.2 * truth[occ] - 1e-9
    # the industry table (all firms in C here) shares the total and its masking
    ind = E.planned_hires(firms, E.weights(firms, None), by="industry").set_index("group")
    assert ind.loc["total", "suppressed"] == t.loc["total", "suppressed"]
    if t.loc["total", "suppressed"]:
        assert ind.drop(index="total")["hires"].isna().any()


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


def test_a_file_read_without_codebook_keeps_code_headers_ticks_and_empty_cells(tmp_path, home_only):
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
    assert t.attrs["barrier_kind"]["b_permits"] == "select"  # "luvat": the known item
    assert t["b_permits"].tolist() == [1, 0, 1]
    assert t.attrs["free_text"] == 1 and "Avoin" not in t.columns
    cb = tmp_path / "cb.csv"
    cb.write_text("column,role,name\nKotikunta,region,\nToimiala,industry,\n"
                  "Henkilöstömäärä,employees,\n2221,hires,2221\nX1,ignore,\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(DataFormatError, match="X1"):
        E.read_employer_survey(f, codebook=cb)
    cb.write_text("column,role,name\nKotikunta,region,\nToimiala,industry,\n"
                  "Henkilöstömäärä,employees,\n2221,hires,2221\n", encoding="utf-8")  # fmt: skip
    assert E.read_employer_survey(f, codebook=cb)["hires_22"].tolist() == [0, 1, 2]
    # a municipality the registry does not know: the file's own header and how to fix it
    f.write_text(f.read_text("utf-8").replace("2;Hamina", "2;Helsinki"), encoding="utf-8")
    with pytest.raises(DataFormatError) as exc:
        E.read_employer_survey(f)
    msg = str(exc.value)
    assert "column 'Kotikunta'" in msg and "row 2" in msg and "'Helsinki'" in msg
    assert "kokka regions --fetch" in msg


def _page_text(page) -> str:
    import re

    s = page.read_text(encoding="utf-8")
    s = re.sub(r"<script.*?</script>", "", s, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s))


def _own_employer_file(path, n=120, seed=3):
    """An export of the analyst's own, in none of the demo's formats: Finnish headers, a
    two-digit TOL code with its name, planned hires per ISCO code, extent labels, ticks."""
    rng = np.random.default_rng(seed)
    towns = ["Kotka", "Hamina", "Kouvola", "Lappeenranta", "Imatra", "Pyhtää"]
    tol = ["25 Metallituotteet", "47 Vähittäiskauppa", "62 Ohjelmistot", "86 Terveyspalvelut",
           "41 Rakentaminen", "49 Maaliikenne"]  # fmt: skip
    extent = ["Ei lainkaan", "Vähän", "Jonkin verran", "Paljon", "Erittäin paljon", "En osaa sanoa"]
    lines = ["Y-tunnus;Kotikunta;Toimiala;Henkilöstömäärä;2512;7223;5322;este_kieli;"
             "este_luvat;valmius_englanti;valmius_perehdytys;yhteistyo_harjoittelu;Avoin vastaus"]  # fmt: skip
    for i in range(n):
        emp = int(rng.choice([3, 8, 25, 60, 400]))
        lines.append(";".join([
            f"{1000000 + i}-{i % 10}", towns[i % len(towns)], tol[rng.integers(len(tol))], str(emp),
            str(rng.poisson(1)), "" if i % 3 else str(rng.poisson(2)), str(rng.poisson(1)),
            extent[rng.integers(6)], "x" if rng.random() < 0.5 else "", str(rng.integers(1, 6)),
            str(rng.integers(1, 6)), "Kyllä" if rng.random() < 0.4 else "Ei",
            f"Salainen vastaus numero {i}",
        ]))  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_notebook_05_builds_for_both_maakunnat_and_a_seutukunta_on_the_demo_and_an_own_file(
    tmp_path,
):
    from kokka_analysis.publish.build import build

    out = tmp_path / "demo"
    s = build(["MK08", "MK09", "SK082"], ["05"], {"lang": "en"}, out_dir=out)
    assert s.ok and len(s.built) == 3, s.failed
    page = _page_text(out / "SK082" / "05_employer_needs.html")
    assert "SYNTHETIC DEMO DATA" in page and "Planned hires by occupation" in page
    assert "Barometer (1–5)" in page and "Foresight: openings a year" in page
    import re

    assert not re.search(r"\bF\d{5}\b", page)  # no firm ids

    own = _own_employer_file(tmp_path / "yritykset.csv")
    frame = tmp_path / "toimipaikat.csv"
    rows = ["Alue;Toimiala 2008;Henkilöstön suuruusluokka;Toimipaikat"]
    for town in ["Kotka", "Hamina", "Kouvola", "Lappeenranta", "Imatra", "Pyhtää"]:
        for tol in ["25", "47", "62", "86", "41", "49"]:
            for size, n in (("0 - 4 henkeä", 60), ("5 - 9 henkeä", 20), ("10 - 19 henkeä", 9),
                            ("20 - 49 henkeä", 5), ("50 - 99 henkeä", 2), ("250 - 499 henkeä", 1)):  # fmt: skip
                rows.append(f"{town};{tol};{size};{n}")
    frame.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out2 = tmp_path / "own"
    s2 = build(["MK08", "MK09", "SK082"], ["05"],
               {"employer_path": str(own), "frame_path": str(frame)}, out_dir=out2)  # fmt: skip
    assert s2.ok and len(s2.built) == 3, s2.failed
    page = _page_text(out2 / "MK09" / "05_employer_needs.html")
    assert "Synteettinen" not in page.split("Työnantajien tarpeet")[0]
    assert "yritykset.csv" in page and "Kielitaito" in page
    assert "Salainen vastaus" not in page and "1000001-1" not in page
    assert str(tmp_path) not in page  # no full paths of user files


def test_raking_that_cannot_meet_both_margins_falls_back_to_size_classes():
    """Only small firms in A and only large firms in B answered, but the frame has A's firms
    mostly large: no weights meet both margins. The weights then fit the size classes (the
    sampling strata), and the page says so, instead of weights driven towards zero."""
    firms = pd.DataFrame({"firm_id": [f"F{i}" for i in range(12)], "region": "KU285",
                          "industry": ["C"] * 6 + ["G"] * 6,
                          "size_class": ["0-9"] * 6 + ["250+"] * 6, "employees": 5.0})  # fmt: skip
    firms.attrs = {"hires": {}, "barriers": []}
    frame = pd.DataFrame({"region": "KU285", "industry": ["C", "C", "G", "G"],
                          "size_class": ["0-9", "250+", "0-9", "250+"],
                          "enterprises": [10, 150, 90, 10], "employees": 1.0})  # fmt: skip
    w = E.weights(firms, frame)
    assert w.attrs["fallback"] and w.attrs["dims"] == ["size_class"]
    by_size = w["firm_weight"].groupby(firms["size_class"]).sum()
    assert by_size["0-9"] == pytest.approx(100) and by_size["250+"] == pytest.approx(160)
    assert w["firm_weight"].min() > 1
    assert "fit the size classes only" in E.weighting_text(firms, w, lang="en")


def test_kokka_check_reads_an_employer_file_as_the_build_would(tmp_path, capsys):
    from kokka_analysis import cli

    good = _own_employer_file(tmp_path / "yritykset.csv", n=40)
    assert cli.main(["check", str(good), "--kind", "employer", "--region", "MK08"]) == 0
    out = capsys.readouterr().out
    assert "OK: 40 firms can be used" in out and "b_permits (select)" in out
    assert "Kymenlaakso (MK08)" in out and "1000001" not in out
    bad = tmp_path / "bad.csv"
    bad.write_text("Y-tunnus;Kunta;Toimiala;Henkilöstö;hires_25\n1;Kotka;62;10;2\n"
                   "2;Hamina;Q99;5;1\n3;Mordor;62;8;1\n", encoding="utf-8")  # fmt: skip
    assert cli.main(["check", str(bad), "--kind", "employer"]) == 1
    out = capsys.readouterr().out
    assert "PROBLEMS (2)" in out and "row 3" in out and "'Toimiala'" in out


def test_frame_file_from_the_establishment_counter(tmp_path):
    f = tmp_path / "toimipaikat.csv"
    f.write_text(
        "Alue;Toimiala 2008;Henkilöstön suuruusluokka;Toimipaikat\n"
        "Kotka;25 Metallituotteiden valmistus;0 - 4 henkeä;120\n"
        "Kotka;25 Metallituotteiden valmistus;5 - 9 henkeä;30\n"
        "Kotka;25 Metallituotteiden valmistus;1000 - henkeä;1\n"
        "Kotka;25 Metallituotteiden valmistus;Ei vielä tiedossa;7\n"
        "Hamina;47 Vähittäiskauppa;10 - 19 henkeä;12\n"
        "Hamina;47 Vähittäiskauppa;20 - 49 henkeä;4\n"
        "Yhteensä;Kaikki toimialat;Yhteensä;999\n",
        encoding="utf-8",
    )
    t = E.read_frame(f)
    assert t[["region", "industry", "size_class", "enterprises"]].values.tolist() == [
        ["KU075", "G", "10-49", 16], ["KU285", "C", "0-9", 150], ["KU285", "C", "250+", 1],
    ]  # fmt: skip
    assert t.attrs["unknown_size"] == 7 and t.attrs["source"] == "toimipaikat.csv"
    assert t.attrs["unit"] == "establishments"
    # as the counter also saves it: unknown industry, '..' for a protected cell, a subtotal
    # class beside its parts (found by a reviewer: X refused, '..' refused, 0-9 counted twice)
    f2 = tmp_path / "toimipaikat2.csv"
    f2.write_text(
        f.read_text("utf-8")
        + "Kotka;X Toimiala tuntematon;0 - 4 henkeä;3\n"
        + "Kotka;25 Metallituotteiden valmistus;0 - 9 henkeä;150\n"
        + "Hamina;47 Vähittäiskauppa;50 - 99 henkeä;..\n",
        encoding="utf-8",
    )
    t2 = E.read_frame(f2)
    assert t2[["region", "industry", "size_class", "enterprises"]].values.tolist() == [
        ["KU075", "G", "10-49", 16], ["KU075", "G", "50-249", 0], ["KU285", "C", "0-9", 150],
        ["KU285", "C", "250+", 1], ["KU285", "X", "0-9", 3],
    ]  # fmt: skip
    assert t2.attrs["suppressed_cells"] == 1
    f.write_text(f.read_text("utf-8").replace("0 - 4 henkeä", "0 - 3 henkeä"), encoding="utf-8")
    with pytest.raises(DataFormatError, match="size class"):
        E.read_frame(f)


def test_openings_spread_over_occupations_add_up(demo_tables):
    """The foresight's yearly openings by industry, spread over occupation groups by the
    firms' planned-hire mix: allocated plus unallocated equals the openings a year."""
    t = demo_tables
    firms = E.in_region(t["employer_survey"], "MK09")
    w = E.weights(firms, E.in_region(t["enterprises"], "MK09"))
    openings = pd.DataFrame({"industry": ["C", "Q", "O"], "openings": [300.0, 200.0, 100.0]})
    by_occ = E.openings_by_occupation(openings, firms, w, horizon=10)
    assert by_occ.sum() + by_occ.attrs["unallocated"] == pytest.approx(60.0)
    assert by_occ.attrs["unallocated"] == pytest.approx(10.0)  # O: no firm in the survey
    # C's 30 a year go to the occupations manufacturing firms plan to hire, in their shares
    c = firms[firms["industry"] == "C"]
    cols = list(firms.attrs["hires"])
    mix = c[cols].mul(w.loc[c.index, "firm_weight"], axis=0).sum()
    mix.index = [firms.attrs["hires"][k] for k in mix.index]
    assert by_occ["72"] >= 30 * mix["72"] / mix.sum() - 1e-9
    table = E.hires_beside_barometer(E.planned_hires(firms, w), t["barometer"],
                                     t["labour_market"], "MK09", 2024,
                                     openings_per_year=by_occ)  # fmt: skip
    assert "openings_per_year" in table and table["barometer"].notna().all()


def test_open_answers_are_counted_by_theme_never_shown(demo_tables):
    firms = demo_tables["employer_survey"]
    t = E.themes(firms).set_index("theme")
    wrote = firms["free_text"].fillna("").str.strip() != ""
    permits = firms["free_text"].fillna("").str.contains("Lupaprosessit").sum()
    assert t.loc["permits", "mentions"] == permits
    assert t.loc["language", "share"] == pytest.approx(
        firms["free_text"].fillna("").str.contains("kieli").sum() / wrote.sum()
    )
    shown = E.themes_display(E.themes(firms), lang="en")
    assert list(shown.columns) == ["Theme", "Firms", "Share of those who wrote (%)"]
    assert "free_text" not in " ".join(map(str, shown.to_numpy().ravel()))


def test_group_tables_never_leave_one_masked_cell_beside_the_published_total(demo_tables):
    """Found by a reviewer: with the overall share and the frame's group sizes published, a
    single masked size class followed from the others (KU075: the 250+ firms' share)."""
    firms = E.in_region(demo_tables["employer_survey"], "KU075")
    w = E.weights(firms, E.in_region(demo_tables["enterprises"], "KU075"))
    for by in ("size_class", "industry"):
        t = E.barrier_table(firms, w, by=by)
        masked = t.groupby("barrier")["share"].apply(lambda s: int(s.isna().sum()))
        assert not (masked == 1).any(), (by, masked.to_dict())
    dist = E.readiness(firms, w)["distribution"]
    assert dist["share"].isna().sum() != 1


def test_a_dominated_total_and_its_industry_rates_are_masked():
    rows = [{"72": 90}, {"72": 2}, {"72": 1}, {"21": 1}]
    firms = _firms(rows, ["72", "21"])
    w = E.weights(firms, None)
    t = E.planned_hires(firms, w, min_firms=3).set_index("group")
    assert t.loc["total", "suppressed"] and np.isnan(t.loc["total", "hires"])  # 90 of 94
    assert "cannot be published" in E.hires_findings(t.reset_index(), lang="en")
    nb = E.needs_and_barriers(firms, w, min_firms=3).set_index("industry")
    assert np.isnan(nb.loc["C", "hires_per_100"])  # the industry's hires are masked


def _without(path, out, *columns):
    """The file at ``path`` without ``columns`` (by header), written to ``out``."""
    df = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
    df.drop(columns=list(columns)).to_csv(out, sep=";", index=False)
    return out


def test_a_file_without_some_parts_builds_with_those_sections_left_out(tmp_path):
    """Found by a new user: a file `kokka check` passes, with one readiness item or none,
    stopped the page (Cronbach's alpha needs two items)."""
    from kokka_analysis.publish.build import build

    full = _own_employer_file(tmp_path / "full.csv")
    one_ready = _without(full, tmp_path / "yksi.csv", "valmius_perehdytys")
    bare = _without(full, tmp_path / "esteet.csv", "2512", "7223", "5322", "valmius_englanti",
                    "valmius_perehdytys", "yhteistyo_harjoittelu")  # fmt: skip
    firms = E.read_employer_survey(one_ready)
    ready = E.readiness(firms, E.weights(firms, None))
    assert np.isnan(ready["alpha"]) and "single item" in E.readiness_text(ready, lang="en")
    from kokka_analysis import cli

    assert cli.main(["check", str(bare), "--kind", "employer"]) == 0
    out = tmp_path / "site"
    for name, path in (("one", one_ready), ("bare", bare)):
        s = build(["MK08"], ["05"], {"employer_path": str(path), "lang": "en"},
                  out_dir=out / name)  # fmt: skip
        assert s.ok and len(s.built) == 1, s.failed
    page = (out / "bare" / "MK08" / "05_employer_needs.html").read_text("utf-8")
    for part in ("planned hires", "readiness items", "co-operation items"):
        assert f"The survey file has no {part}, so this part is left out." in page
    assert "The survey file has no planned hires or barriers" in page
    assert "firms answered" in page  # the barriers are there


def test_names_and_contacts_are_not_open_answers(tmp_path):
    """Found by a new user: a firm-name column was read as an open answer, so every firm
    'wrote', and the themes' share of those who wrote fell from 100 % to 59 %."""
    f = tmp_path / "nimet.csv"
    f.write_text(
        "Y-tunnus;Yrityksen nimi;Yhteyshenkilö;Sähköposti;Kunta;Toimiala;Henkilöstö;este_kieli;"
        "Avoin vastaus\n"
        + "".join(f"{i};Oy {i};Matti {i};m{i}@x.fi;Kotka;25;{5 + i};4;"
                  + ("kielitaito on este\n" if i < 4 else "\n") for i in range(8)),
        encoding="utf-8",
    )  # fmt: skip
    t = E.read_employer_survey(f)
    assert t.attrs["free_text"] == 1
    assert not any("Oy" in str(v) or "@" in str(v) for v in t["free_text"].dropna())
    assert (t["free_text"].fillna("").str.strip() != "").sum() == 4  # the four who wrote


def test_frame_exports_as_a_new_user_saved_them(tmp_path, capsys):
    """Found by a new user: PxWeb's export "with heading" (a title line and a blank line above
    the header) failed inside the kernel; one column per year, English headers; and a bad
    frame was found only by the kernel, not before the build."""
    from kokka_analysis import cli
    from kokka_analysis.publish.build import build
    from kokka_analysis.publish.jobs import BuildConfigError

    body = (
        '"Alue";"Toimiala 2008";"Henkilöstön suuruusluokka";"2022";"2023"\n'
        '"Kotka";"C Teollisuus";"0 - 4 henkeä";"12";"14"\n'
        '"Kotka";"C Teollisuus";"5 - 9 henkeä";"3";"4"\n'
        '"Hamina";"G Tukku- ja vähittäiskauppa";"10 - 19 henkeä";"..";"5"\n'
    )
    title = '"Toimipaikkalaskuri: Toimipaikat muuttujina Alue, Toimiala 2008"\n\n'
    f = tmp_path / "otsikolla.csv"
    f.write_text(title + body, encoding="utf-8")
    t = E.read_frame(f)
    assert t[["region", "industry", "size_class", "enterprises"]].values.tolist() == [
        ["KU075", "G", "10-49", 5], ["KU285", "C", "0-9", 18],
    ]  # fmt: skip
    assert t.attrs["year"] == 2023 and "the latest (2023)" in t.attrs["notes"][-1]["en"]
    # a bad row: its line counts the title lines
    f.write_text(title + body.replace('"Hamina"', '"Mordor"'), encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"row 3 \(line 6 of the file"):
        E.read_frame(f)
    assert cli.main(["check", str(f), "--kind", "frame"]) == 1
    assert "Mordor" in capsys.readouterr().out
    en = tmp_path / "en.csv"
    en.write_text("Area;Industry (TOL 2008);Size class of personnel;Establishments\n"
                  "Kotka;C Manufacturing;0 - 4 persons;14\n"
                  "Hamina;G Wholesale and retail trade;10 - 19 persons;5\n", encoding="utf-8")  # fmt: skip
    assert E.read_frame(en)["enterprises"].tolist() == [5, 14]
    assert cli.main(["check", str(en), "--kind", "frame"]) == 0
    assert "19 establishments in 2 cells" in capsys.readouterr().out
    two = tmp_path / "kaksi.csv"
    two.write_text("Kunta;Toimiala;Kokoluokka;Toimipaikat;Yritykset\nKotka;C;0 - 4;3;2\n",
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(DataFormatError, match="several columns could be the number"):
        E.read_frame(two)
    # a frame that cannot be used stops the build before any kernel, naming the file
    with pytest.raises(BuildConfigError, match="otsikolla.csv cannot be used.*Mordor"):
        build(["MK08"], ["05"], {"frame_path": str(f)}, out_dir=tmp_path / "site")
    assert not (tmp_path / "site" / "MK08").exists()


def test_the_two_hires_tables_share_their_total_and_its_masking():
    """Found by a reviewer: the occupation table masked its total (no cell could protect 72),
    but the industry table published C = 112, the same total."""
    rows = [{"72": 50}, {"72": 50}, {"41": 4}, {"41": 4}, {"41": 4}]
    firms = _firms(rows, ["72", "41"])
    w = E.weights(firms, None)
    occ = E.planned_hires(firms, w, by="occupation").set_index("group")
    ind = E.planned_hires(firms, w, by="industry").set_index("group")
    assert occ.loc["total", "suppressed"] and ind.loc["total", "suppressed"]
    assert np.isnan(ind.loc["C", "hires"])  # the only industry would be the total


def test_a_firm_counts_once_in_an_occupation_group_of_several_columns():
    """Found by a reviewer: three four-digit columns of one firm in group 25 made 3 firms."""
    rows = [{"2511": 10, "2512": 10, "2513": 10}] + [{"72": 5 + i} for i in range(6)]
    firms = _firms(rows, ["2511", "2512", "2513", "72"])
    firms.attrs["hires"] = {f"hires_{o}": o[:2] for o in ("2511", "2512", "2513", "72")}
    t = E.planned_hires(firms, E.weights(firms, None), by="occupation").set_index("group")
    assert t.loc["25", "firms"] == 1 and t.loc["25", "suppressed"]


def test_single_firm_cells_do_not_protect_each_other():
    """Two masked cells of one firm each: either firm subtracts its own value from the masked
    sum and learns the other's, so published cells must be masked beside them."""
    rows = [{"11": 10}, {"13": 12}] + [{"41": 3 + i % 4, "72": 2 + i % 3} for i in range(8)]
    firms = _firms(rows, ["11", "13", "41", "72"])
    t = E.planned_hires(firms, E.weights(firms, None), by="occupation").set_index("group")
    assert t.loc[["11", "13"], "suppressed"].all()
    hidden = t.loc["total", "hires"] - t.drop(index="total")["hires"].sum()
    # the firm of 13 knows its 12: what is left must hide 11's 10 by at least 20 %
    assert hidden - 12 >= 1.2 * 10


def test_frame_years_and_personnel_as_the_counter_saves_them(tmp_path):
    """Found by a reviewer: with a column per year for both measures, the 2023 personnel was
    read as the establishments; '..' in personnel stopped the read; years as rows were added
    together."""
    multi = tmp_path / "multi.csv"
    multi.write_text(
        "Alue;Toimiala;Henkilöstön suuruusluokka;Henkilöstön lukumäärä 2022;"
        "Henkilöstön lukumäärä 2023;Toimipaikkojen lukumäärä 2022;Toimipaikkojen lukumäärä 2023\n"
        "Kotka;C;0 - 4 henkeä;90;100;10;11\nKotka;C;5 - 9 henkeä;..;50;3;4\n",
        encoding="utf-8",
    )
    t = E.read_frame(multi)
    assert t[["enterprises", "employees"]].values.tolist() == [[15, 150.0]]  # 2023: 11 + 4
    assert t.attrs["year"] == 2023
    rows = tmp_path / "rows.csv"
    rows.write_text("Vuosi;Kunta;Toimiala;Kokoluokka;Toimipaikat;Henkilöstö\n"
                    "2022;Kotka;C;0 - 4;10;..\n2023;Kotka;C;0 - 4;11;30\n"
                    "2023;Kotka;C;5 - 9;2;..\n2023;Hamina;C;10 - 19;4;60\n", encoding="utf-8")  # fmt: skip
    t = E.read_frame(rows).set_index("region")
    assert t.loc["KU285", "enterprises"] == 13 and np.isnan(t.loc["KU285", "employees"])
    assert t.loc["KU075", "employees"] == 60  # a group without a protected cell keeps it
    assert "several years: the latest (2023)" in t.attrs["notes"][-1]["en"]


def _hidden(t):
    return t.loc["total", "hires"] - t.drop(index="total")["hires"].sum()


def test_a_firm_in_two_masked_cells_and_the_published_firm_counts_do_not_narrow_a_cell():
    """Found by a second review: a firm with its 6 in both partners subtracted 12; and a
    partner of 11 firms holds at least 11 hires, which its published count tells."""
    rows = [{"11": 50}, {"21": 6, "31": 6}, {"21": 2}, {"21": 2}, {"31": 2}, {"31": 2}]
    rows += [{"41": 40}] * 3 + [{"51": 50}] * 3
    firms = _firms(rows, ["11", "21", "31", "41", "51"])
    t = E.planned_hires(firms, E.weights(firms, None)).set_index("group")
    assert t.loc["11", "suppressed"]
    if not t.loc["total", "suppressed"]:
        assert _hidden(t) - 50 - 12 >= 0.2 * 50  # what the firm of the two 6s is left with
    rows = [{"11": 50}] + [{"21": 1}] * 11 + [{"41": 30}] * 3 + [{"51": 40}] * 3
    firms = _firms(rows, ["11", "21", "41", "51"])
    t = E.planned_hires(firms, E.weights(firms, None)).set_index("group")
    assert t.loc["11", "suppressed"]
    if not t.loc["total", "suppressed"]:
        lower = sum(t.loc[g, "firms"] for g in t.index[t["suppressed"]] if g not in ("11", "total"))
        assert _hidden(t) - 50 - lower >= 0.2 * 50


def test_spread_openings_do_not_give_back_a_masked_total():
    """Found by a second review: all firms in one industry, the total masked (one firm
    dominates it): a published occupation's hires times the industry's openings over its
    spread openings gave the total back."""
    rows = [{"11": 200, "41": 200}] + [{"21": 10}] * 3 + [{"51": 10}] * 3 + [{"72": 10}] * 3
    firms = _firms(rows, ["11", "41", "21", "51", "72"])
    w = E.weights(firms, None)
    hires = E.planned_hires(firms, w)
    assert hires.set_index("group").loc["total", "suppressed"]
    openings = pd.DataFrame({"industry": ["C"], "openings": [500.0]})
    spread = E.openings_by_occupation(openings, firms, w, 5)
    table = E.hires_beside_barometer(hires, None, None, "KU285", 2024, openings_per_year=spread)
    assert table["openings_per_year"].isna().all()


def test_frame_years_marked_preliminary_and_personnel_marks(tmp_path):
    """Found by a second review: '2023*' (a preliminary year) in rows or headers, '-' (nil)
    in personnel, and personnel by year beside one count column."""
    rows = tmp_path / "rows.csv"
    rows.write_text("Vuosi;Kunta;Toimiala;Kokoluokka;Toimipaikat\n2022;Kotka;C;0 - 4;10\n"
                    "2023*;Kotka;C;0 - 4;11\n2023*;Kotka;C;10 - 19;3\n", encoding="utf-8")  # fmt: skip
    assert E.read_frame(rows)["enterprises"].tolist() == [11, 3]
    cols = tmp_path / "cols.csv"
    cols.write_text("Kunta;Toimiala;Kokoluokka;2022;2023*\nKotka;C;0 - 4;10;11\n",
                    encoding="utf-8")  # fmt: skip
    assert E.read_frame(cols)["enterprises"].tolist() == [11]
    staff = tmp_path / "staff.csv"
    staff.write_text("Kunta;Toimiala;Kokoluokka;Toimipaikat;Henkilöstö 2022;Henkilöstö 2023\n"
                     "Kotka;C;0 - 4;11;20;22\nKotka;C;5 - 9;2;-;-\n", encoding="utf-8")  # fmt: skip
    assert E.read_frame(staff)[["enterprises", "employees"]].values.tolist() == [[13, 22.0]]
