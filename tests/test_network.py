"""Actor network and service path (issue 16): measures by hand on a small graph, the demo's
built-in gaps found, the median interval's coverage by simulation, readers and the page."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from kokka_analysis import network as N
from kokka_analysis.errors import DataFormatError


def _small():
    """A - B - C - D and E alone; A, D companies, B an authority, C an association."""
    a = pd.DataFrame({"id": list("ABCDE"), "name": list("ABCDE"),
                      "sector": ["companies", "authorities", "associations", "companies",
                                 "education"], "region": None, "stages": [()] * 5})  # fmt: skip
    t = pd.DataFrame({"from": ["A", "B", "C", "C"], "to": ["B", "C", "D", "D"],
                      "strength": [1.0, 2.0, 1.0, 3.0], "period": [None, None, "2023", "2024"]})  # fmt: skip
    return a, t


def test_measures_agree_with_hand_computed_values():
    a, t = _small()
    g = N.graph(a, t)
    assert g["C"]["D"]["weight"] == 4.0  # parallel ties add their strengths
    s = N.summary(g)
    assert s == {"actors": 5, "ties": 3, "density": 0.3, "components": 2, "isolated": 1}
    m = N.measures(g).set_index("id")
    # degree centrality: neighbours / (5 - 1)
    assert m["degree_centrality"].to_dict() == {"A": 0.25, "B": 0.5, "C": 0.5, "D": 0.25, "E": 0}
    # betweenness: B is on the A-C and A-D paths, C on A-D and B-D: 2 of (4 * 3 / 2) = 6 pairs
    assert m.loc["B", "betweenness"] == pytest.approx(2 / 6)
    assert m.loc["C", "betweenness"] == pytest.approx(2 / 6)
    # brokerage: cross-sector pairs only: B bridges A-C (company-association); A-D are both
    # companies; C bridges B-D (authority-company)
    assert m.loc["B", "brokerage"] == pytest.approx(1 / 6)
    assert m.loc["C", "brokerage"] == pytest.approx(1 / 6)
    assert m.loc["A", "brokerage"] == 0
    assert (
        m.loc["E", "isolated"] and m.loc["A", "single_linked"] and not m.loc["B", "single_linked"]
    )
    # every company-association path runs through ... nobody: D reaches C directly
    assert N.sole_brokers(g, "companies", "associations") == []
    # authorities-companies: B reaches A directly and D only through C
    assert N.sole_brokers(g, "authorities", "companies") == []
    g2 = N.graph(a, t[t["from"] != "C"])  # without C-D: A-B-C and D alone
    # A (the only company with a tie) and B both hold the link; C is its sector's only actor
    assert N.sole_brokers(g2, "companies", "associations") == ["A", "B"]
    ch = N.change(a, t).set_index("period")
    assert ch.loc["2023", "ties"] == 3 and ch.loc["2024", "new_ties"] == 0


def test_demo_built_in_gaps_are_found(demo_tables):
    t = demo_tables
    actors, ties = N.in_region(t["actors"], t["ties"], "MK08")
    g = N.graph(actors, ties)
    links = N.sector_links(g).set_index(["sector_a", "sector_b"])
    assert links.loc[("companies", "associations"), "only_through"] == ["Kehitysyhtiö Kotka-Hamina"]
    assert links.loc[("companies", "associations"), "direct_ties"] == 0
    gaps = N.gaps(t["actors"])
    assert gaps[(gaps["region"] == "SK093") & (gaps["stage"] == "family_social")][
        "actors"
    ].tolist() == [0]
    assert not ((gaps["region"] != "SK093") & (gaps["actors"] == 0)).any()
    path = N.funnel(t["events"])
    assert N.weakest_step(path)["stage"] == "first_job"
    ch = N.change(t["actors"], t["ties"]).set_index("period")
    assert ch.loc["2024", "ties"] > ch.loc["2023", "ties"]


def test_median_interval_by_hand_and_coverage_by_simulation():
    med, lo, hi = N.median_interval(range(1, 21))
    # n = 20: the 6th and 15th values (binomial: P(B <= 5) = 0.0207 <= 0.025)
    assert (med, lo, hi) == (10.5, 6.0, 15.0)
    assert np.isnan(N.median_interval([1, 2, 3])[1])  # too few for 95 %
    rng = np.random.default_rng(4)
    for n in (8, 30, 200):
        truth = np.log(2) * 100  # median of an exponential with mean 100
        hits = []
        for _ in range(2000):
            _, lo, hi = N.median_interval(rng.exponential(100, n))
            hits.append(lo <= truth <= hi)
        assert 0.95 <= np.mean(hits) <= 0.995, (n, np.mean(hits))


def test_funnel_counts_only_followed_persons_and_masks_small_counts():
    rows = []
    for i in range(12):
        rows += [
            (f"P{i}", None, "attraction", "2020-01-01"),
            (f"P{i}", None, "arrival", "2020-03-01"),
        ]
        if i < 3:
            rows.append((f"P{i}", None, "studies", "2021-01-01"))
    rows.append(("LATE", None, "attraction", "2023-12-01"))
    ev = pd.DataFrame(rows, columns=["person", "region", "stage", "date"])
    ev["date"] = pd.to_datetime(ev["date"])
    f = N.funnel(ev, min_n=5, follow_months=24).set_index("stage")
    assert f.attrs["followed"] == 12  # LATE came less than 24 months before the end
    assert f.loc["arrival", "share_of_previous"] == pytest.approx(100)
    assert np.isnan(f.loc["studies", "persons"]) and f.loc["studies", "suppressed"]


def _own_files(tmp_path):
    actors = tmp_path / "toimijat.csv"
    lines = ["Tunnus;Nimi;Tyyppi;Kunta;Vaiheet;Kohderyhmät"]
    for i in range(8):
        lines.append(f"Y{i};Yritys {i};Yritys;{'Kotka' if i % 2 else 'Lappeenranta'};"
                     "harjoittelu, ensimmäinen työpaikka;opiskelijat")  # fmt: skip
    lines += ["O1;Ammattiopisto;Oppilaitos;Kotka;Opinnot;", "O2;Yliopisto;Yliopisto;Lappeenranta;opinnot;",
              "K1;Kotkan kaupunki;Kunta;Kotka;Saapuminen ja luvat, Perhe;",
              "K2;Lappeenrannan kaupunki;Kunta;Lappeenranta;luvat, perhe;", "S1;Seura;Urheiluseura;Kotka;perhe;",
              "S2;Kerho;yhdistys;Lappeenranta;jääminen;"]  # fmt: skip
    actors.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ties = tmp_path / "yhteydet.csv"
    t = ["Mistä;Mihin;Laji;Vahvuus;Kausi"]
    for i in range(8):
        t.append(f"Y{i};{'O1' if i % 2 else 'O2'};harjoittelu;{i % 3 + 1};2024")
        t.append(f"Y{i};{'K1' if i % 2 else 'K2'};yhteistyö;1;")
    t += ["S1;K1;yhteistyö;2;2023", "S2;K2;yhteistyö;2;", "K1;K2;yhteistyö;3;"]
    ties.write_text("\n".join(t) + "\n", encoding="utf-8")
    events = tmp_path / "tapahtumat.csv"
    e = ["Henkilö;Kunta;Vaihe;Päivä"]
    rng = np.random.default_rng(2)
    for p in range(80):
        town = "Kotka" if p % 2 else "Lappeenranta"
        e.append(f"h{p};{town};houkuttelu;1.{1 + p % 12}.2020")
        e.append(f"h{p};{town};saapuminen;1.{1 + p % 12}.2021")
        if rng.random() < 0.7:
            e.append(f"h{p};{town};opinnot;15.{1 + p % 12}.2021")
    events.write_text("\n".join(e) + "\n", encoding="utf-8")
    return actors, ties, events


def test_own_files_are_read_and_bad_rows_are_named(tmp_path, home_only):
    actors, ties, events = _own_files(tmp_path)
    a = N.read_actors(actors)
    assert a.loc[a["id"] == "K1", "stages"].iloc[0] == ("arrival", "family_social")
    assert set(a["sector"]) == {"companies", "education", "authorities", "associations"}
    t = N.read_ties(ties, a)
    assert t["period"].tolist()[:2] == ["2024", None]
    ev = N.read_events(events)
    assert set(ev["stage"]) == {"attraction", "arrival", "studies"}
    bad = tmp_path / "bad.csv"
    bad.write_text(ties.read_text("utf-8").replace("Y3;O1", "Y3;O9"), encoding="utf-8")
    with pytest.raises(DataFormatError) as exc:
        N.read_ties(bad, a)
    assert "bad.csv" in str(exc.value) and "row 7" in str(exc.value) and "O9" in str(exc.value)
    bad.write_text(
        actors.read_text("utf-8").replace("Urheiluseura", "Avaruusolento"), encoding="utf-8"
    )
    with pytest.raises(DataFormatError, match="unknown actor type 'Avaruusolento'"):
        N.read_actors(bad)
    # a municipality the registry does not know: the file's own header and how to fix it
    bad.write_text(actors.read_text("utf-8").replace(";Lappeenranta;", ";Helsinki;"), "utf-8")
    with pytest.raises(DataFormatError) as exc:
        N.read_actors(bad)
    assert "column 'Kunta'" in str(exc.value) and "kokka regions --fetch" in str(exc.value)


def _text(page) -> str:
    s = page.read_text(encoding="utf-8")
    s = re.sub(r"<script.*?</script>", "", s, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s))


def test_notebook_06_builds_on_the_demo_and_from_own_files(tmp_path):
    from kokka_analysis.publish.build import build

    out = tmp_path / "demo"
    s = build(["MK08", "MK09", "SK082"], ["06"], {"lang": "en"}, out_dir=out)
    assert s.ok and len(s.built) == 3, s.failed
    page = _text(out / "SK082" / "06_actor_network.html")
    assert "SYNTHETIC DEMO DATA" in page
    assert "linked only through Kehitysyhtiö Kotka-Hamina" in page
    assert "between “internship” and “first job”" in page
    assert not re.search(r"\bP\d{4}\b", page)  # no person pseudonyms
    actors, ties, events = _own_files(tmp_path)
    out2 = tmp_path / "own"
    s2 = build(["MK08", "MK09", "SK082"], ["06"],
               {"actors_path": str(actors), "ties_path": str(ties), "events_path": str(events)},
               out_dir=out2)  # fmt: skip
    assert s2.ok and len(s2.built) == 3, s2.failed
    page = _text(out2 / "MK09" / "06_actor_network.html")
    assert "toimijat.csv" in page and "Lappeenrannan kaupunki" in page
    assert "h12" not in page and str(tmp_path) not in page


def test_funnel_handles_skipped_missing_and_out_of_order_stages():
    """Found by a reviewer: skips read as breaks, a missing stage vanished, a masked base
    showed its share, out-of-order events went unnoticed."""
    rows = []
    for i in range(50):  # attraction -> arrival -> staying (studies ... family skipped)
        rows += [(f"A{i}", "attraction", "2019-01-01"), (f"A{i}", "arrival", "2019-02-01"),
                 (f"A{i}", "staying", "2020-01-01")]  # fmt: skip
    for i in range(50):  # attraction -> staying directly
        rows += [(f"B{i}", "attraction", "2019-01-01"), (f"B{i}", "staying", "2020-01-01")]
    ev = pd.DataFrame(rows, columns=["person", "stage", "date"]).assign(region=None)
    ev["date"] = pd.to_datetime(ev["date"])
    f = N.funnel(ev, min_n=5, follow_months=0).set_index("stage")
    assert list(f.index) == list(N.STAGES)  # every stage from the first reached, in order
    assert f.loc["studies", "persons"] == 0
    # those at arrival all went on (to staying): a skip is not a break
    assert f.loc["studies", "share_of_previous"] == pytest.approx(100)
    assert f.attrs["out_of_order"] == 0
    late = pd.concat([ev, pd.DataFrame({"person": ["Z", "Z"], "stage": ["attraction", "arrival"],
                                        "date": pd.to_datetime(["2020-06-01", "2019-06-01"]),
                                        "region": None})])  # fmt: skip
    h = N.funnel(late, min_n=5, follow_months=0)
    assert h.attrs["out_of_order"] == 1 and "out of order" in N.funnel_findings(h, lang="en")
    # a base of 3 persons: the next share is masked too
    small = pd.DataFrame([(f"S{i}", st, d) for i in range(3) for st, d in
                          (("attraction", "2019-01-01"), ("arrival", "2019-02-01"))] +
                         [(f"T{i}", "attraction", "2019-01-01") for i in range(20)],
                         columns=["person", "stage", "date"]).assign(region=None)  # fmt: skip
    small["date"] = pd.to_datetime(small["date"])
    g = N.funnel(small, min_n=5, follow_months=0).set_index("stage")
    assert np.isnan(g.loc["arrival", "persons"]) and np.isnan(g.loc["arrival", "share_of_previous"])
    assert np.isnan(g.loc["studies", "share_of_previous"])  # its base (3) is under min_n


def test_sole_brokers_include_a_sector_member_that_is_the_only_link():
    """Education's actors E1 and E2: only E1 has a tie (to company C1); C1 also links to the
    association S1. Removing E1 cuts education off; removing C1 cuts both off."""
    a = pd.DataFrame({"id": ["C1", "C2", "E1", "E2", "S1"], "name": ["C1", "C2", "E1", "E2", "S1"],
                      "sector": ["companies", "companies", "education", "education",
                                 "associations"], "region": None, "stages": [()] * 5})  # fmt: skip
    t = pd.DataFrame({"from": ["C1", "C1", "C1"], "to": ["E1", "S1", "C2"], "strength": 1.0,
                      "period": None})  # fmt: skip
    g = N.graph(a, t)
    assert N.sole_brokers(g, "companies", "education") == ["C1", "E1"]
    assert N.sole_brokers(g, "education", "associations") == ["C1", "E1"]


def test_an_id_column_before_the_person_column_is_not_taken_for_the_person(tmp_path):
    f = tmp_path / "loki.csv"
    f.write_text("id;Henkilö;Vaihe;Päivä\n1;h1;houkuttelu;1.2.2023\n2;h1;saapuminen;1.3.2023\n",
                 encoding="utf-8")  # fmt: skip
    assert N.read_events(f)["person"].tolist() == ["h1", "h1"]


def test_kokka_check_reads_actors_with_their_ties_and_an_event_log(tmp_path, capsys):
    from kokka_analysis import cli

    actors, ties, events = _own_files(tmp_path)
    assert cli.main(["check", str(actors), "--kind", "actors", "--ties", str(ties)]) == 0
    out = capsys.readouterr().out
    assert "OK: 14 actors can be used" in out
    assert cli.main(["check", str(events), "--kind", "events", "--region", "MK08"]) == 0
    assert "Kymenlaakso (MK08)" in capsys.readouterr().out
    bad_ties = tmp_path / "bad_ties.csv"
    bad_ties.write_text(ties.read_text("utf-8").replace("Y3;O1", "Y3;O9"), encoding="utf-8")
    bad_actors = tmp_path / "bad_actors.csv"
    bad_actors.write_text(actors.read_text("utf-8").replace("Urheiluseura", "Avaruusolento"),
                          encoding="utf-8")  # fmt: skip
    assert cli.main(["check", str(bad_actors), "--kind", "actors", "--ties", str(bad_ties)]) == 1
    out = capsys.readouterr().out
    assert "PROBLEMS (1)" in out and "Avaruusolento" in out
    assert "ties: checked once the actors file has no problems" in out
    assert cli.main(["check", str(actors), "--kind", "actors", "--ties", str(bad_ties)]) == 1
    out = capsys.readouterr().out
    assert "PROBLEMS (1)" in out and "O9" in out and "bad_ties.csv" in out


def test_the_summary_speaks_of_the_analysts_own_files(tmp_path):
    """Given the same own files as the topic pages, the summary's paragraphs and
    recommendations rest on them, and the page names them."""
    from test_employers import _own_employer_file
    from test_own_files import _own_cohort

    from kokka_analysis.publish.build import build

    actors, ties, events = _own_files(tmp_path)
    firms = _own_employer_file(tmp_path / "yritykset.csv")
    cohort = _own_cohort(tmp_path / "kohortti.csv")  # Kotka, Kouvola, Hamina (MK08)
    out = tmp_path / "site"
    params = {"actors_path": str(actors), "ties_path": str(ties), "events_path": str(events),
              "employer_path": str(firms), "lang": "en"}  # fmt: skip
    s = build(["MK09"], ["00", "05", "06"], params, out_dir=out)
    assert s.ok and len(s.built) == 3, s.failed
    page = _text(out / "MK09" / "00_summary.html")
    assert "toimijat.csv" in page and "yritykset.csv" in page
    assert "The network has 7 actors" in page  # the own file's MK09 actors, not the demo's
    assert "Kehitysyhtiö" not in page
    assert str(tmp_path) not in page and "Salainen vastaus" not in page
    # the cohort too (found by a new user: -p cohort_path reached 03 but not the summary)
    s = build(["MK08"], ["00", "03"], {"cohort_path": str(cohort), "lang": "en"}, out_dir=out)
    assert s.ok and len(s.built) == 2, s.failed
    page = _text(out / "MK08" / "00_summary.html")
    boxes = page.split("SYNTHETIC DEMO DATA on this page:")
    assert "kohortti.csv" in boxes[0] and "cohort" not in boxes[1].split(".")[0]


def test_a_masked_share_takes_its_count_with_it_and_durations_follow_the_funnels_persons():
    """Found by a reviewer: 20 at attraction, 18 at arrival, the share masked but both counts
    shown, so the 2 who stopped could be read off."""
    rows = [(f"P{i}", "attraction", "2019-01-01") for i in range(20)]
    rows += [(f"P{i}", "arrival", "2019-03-01") for i in range(18)]
    rows += [("NEW", "attraction", "2024-11-01"), ("NEW", "arrival", "2024-12-01")]
    ev = pd.DataFrame(rows, columns=["person", "stage", "date"]).assign(region=None)
    ev["date"] = pd.to_datetime(ev["date"])
    f = N.funnel(ev, min_n=5, follow_months=24).set_index("stage")
    assert np.isnan(f.loc["arrival", "share_of_previous"]) and np.isnan(f.loc["arrival", "persons"])
    d = N.durations(ev, min_n=5, follow_months=24).set_index("to_stage")
    # found by a new user: the step's 18 persons beside the 20 at attraction gave back the 2
    # who stopped, which the funnel masks; the median (of 18 persons) stays
    assert np.isnan(d.loc["arrival", "persons"]) and d.loc["arrival", "median_days"] == 59
    d2 = N.durations(ev, min_n=2, follow_months=24).set_index("to_stage")
    assert d2.loc["arrival", "persons"] == 18  # NEW (not yet followed 24 months) left out


def test_step_persons_never_give_back_a_small_difference_from_a_shown_stage():
    """30 reach studies, 27 of them an internship: the funnel masks the internship (3 stopped),
    and the step's 27 beside the 30 at studies must not show the 3 either."""
    rows = [(f"P{i}", "studies", "2019-01-01") for i in range(30)]
    rows += [(f"P{i}", "internship", "2019-06-01") for i in range(27)]
    rows += [(f"Q{i}", "internship", "2019-06-01") for i in range(10)]  # came straight in
    ev = pd.DataFrame(rows, columns=["person", "stage", "date"]).assign(region=None)
    ev["date"] = pd.to_datetime(ev["date"])
    d = N.durations(ev, min_n=5, follow_months=0).set_index("to_stage")
    assert np.isnan(d.loc["internship", "persons"])  # 30 - 27 = 3 < 5
    assert d.loc["internship", "median_days"] == 151


def test_step_persons_are_masked_when_only_the_dates_out_of_order_differ():
    """The funnel shows both stages (30 and 30), but two persons' internship is dated before
    their studies: the step counts 28, and 30 - 28 would show those two."""
    rows = [(f"P{i}", "studies", "2019-01-01") for i in range(30)]
    rows += [(f"P{i}", "internship", "2018-06-01" if i < 2 else "2019-06-01") for i in range(30)]
    ev = pd.DataFrame(rows, columns=["person", "stage", "date"]).assign(region=None)
    ev["date"] = pd.to_datetime(ev["date"])
    f = N.funnel(ev, min_n=5, follow_months=0).set_index("stage")
    assert f.loc["internship", "persons"] == 30 and not f.loc["internship", "suppressed"]
    d = N.durations(ev, min_n=5, follow_months=0).set_index("to_stage")
    assert np.isnan(d.loc["internship", "persons"]) and d.loc["internship", "median_days"] == 151
    d2 = N.durations(ev, min_n=2, follow_months=0).set_index("to_stage")
    assert d2.loc["internship", "persons"] == 28  # 2 stopping is publishable at min_n 2
