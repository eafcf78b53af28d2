"""Analysts' own files (issue 21): surveys and cohorts shaped as DESIGN section 4 describes but
not copied from the demo build reports, or get one clear message."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kokka_analysis import cli, codes, retention
from kokka_analysis.errors import DataFormatError
from kokka_analysis.publish.build import build, load_manifest
from kokka_analysis.sources import demo, files

LIKERT_FI = ["Täysin eri mieltä", "Jokseenkin eri mieltä", "Ei samaa eikä eri mieltä",
             "Jokseenkin samaa mieltä", "Täysin samaa mieltä"]  # fmt: skip


def _text(page: Path) -> str:
    s = page.read_text(encoding="utf-8")
    s = re.sub(r"<script.*?</script>", "", s, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s))


def _own_survey(path: Path, n: int = 240, seed: int = 5, minimal: bool = False) -> Path:
    """A survey export with its own item names (not the demo's) and a free-text column."""
    rng = np.random.default_rng(seed)
    towns = rng.choice(["Kotka", "Kouvola", "Hamina"], n)
    data = {"Kunta": towns}
    if not minimal:
        data |= {
            "Vastaaja": [f"A{i:04d}" for i in range(n)],
            "Ikä": rng.integers(16, 65, n),
            "Sukupuoli": rng.choice(["nainen", "mies"], n),
            "Asema": rng.choice(["opiskelija", "työssäkäyvä", "muu"], n),
        }
    young = data.get("Ikä", np.full(n, 40)) < 30
    data["q_image_1"] = rng.choice(LIKERT_FI, n)
    data["q_image_2"] = np.where(young, rng.choice(LIKERT_FI[:3], n), rng.choice(LIKERT_FI[2:], n))
    data["q_stay_intent"] = rng.choice([*LIKERT_FI, "En osaa sanoa"], n)
    if not minimal:
        data["Kommentti"] = rng.choice(
            ["Työpaikkoja on liian vähän nuorille täällä", "Meri ja luonto ovat hienoja asioita",
             "", "Liikenneyhteydet Helsinkiin ovat hyvät"], n,
        )  # fmt: skip
    pd.DataFrame(data).to_csv(path, sep=";", index=False, encoding="cp1252")
    return path


def _own_cohort(path: Path, n: int = 320, seed: int = 2) -> Path:
    """A register-style cohort: ISCO-08 unit groups, ISCED-F detailed fields, alpha-3 and
    Finnish country names; one institution per town, so field and municipality coincide."""
    rng = np.random.default_rng(seed)
    town_field = {"KU285": "0613", "KU286": "0714", "KU075": "0913"}
    town = rng.choice(list(town_field), n)
    start = rng.integers(2012, 2023, n)
    leave_after = rng.geometric(0.18, n)
    left = start + leave_after <= 2024
    pd.DataFrame(
        {
            "Henkilö": [f"H{i:05d}" for i in range(n)],
            "Kunta": town,
            "Oppilaitos": "XAMK",
            "Koulutusala": [town_field[t] for t in town],
            "Ammatti": rng.choice(["2512", "25121 Ohjelmistokehittäjät", "2221", "7233", "X"], n),
            "Sukupuoli": "nainen",  # a single sex
            "Ikä": rng.integers(20, 40, n),
            "Lähtömaa": rng.choice(["IND", "VNM", "Venäjä", "Nepal", "UKR", "Intia"], n),
            "Alkuvuosi": start,
            "Loppuvuosi": np.where(left, start + leave_after, 2024),
            "Lähti": np.where(left, "kyllä", "ei"),
        }
    ).to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return path


# --- codes as registers export them --------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [("2512", "25"), ("25121", "25"), ("2512 Ohjelmistokehittäjät", "25"), ("72", "72"),
     ("X", None), ("X0", None), ("Health professionals", "22")],
)  # fmt: skip
def test_occupation_codes_of_any_depth(value, expected):
    assert codes.occupation_group(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("06", "06"), ("061", "06"), ("0613", "06"), ("6", "06"), ("Tekniikan alat", "07"),
     ("Health and welfare", "09"), ("ICT", "06")],
)  # fmt: skip
def test_field_codes_and_names(value, expected):
    assert codes.field_broad(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("IN", "IN"), ("ind", "IN"), ("356", "IN"), ("India", "IN"), ("Intia", "IN"),
     ("Venäjä", "RU"), ("Russian Federation", "RU"), ("Viro", "EE"), ("vn", "VN")],
)  # fmt: skip
def test_country_codes_and_names(value, expected):
    assert codes.country_alpha2(value) == expected


def test_unknown_codes_name_file_row_column_value_and_closest(tmp_path):
    path = _own_cohort(tmp_path / "c.csv", n=20)
    text = path.read_text(encoding="utf-8-sig").splitlines()
    text[4] = text[4].replace(";IND;", ";Intiaa;").replace(";VNM;", ";Intiaa;")
    text[4] = re.sub(r";(IND|VNM|Venäjä|Nepal|UKR|Intia);", ";Intiaa;", text[4])
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as err:
        files.read_cohort(path)
    msg = str(err.value)
    assert str(path) in msg and "row 4" in msg and "'Lähtömaa'" in msg  # the file's own header
    assert "Intiaa" in msg and "closest known: IN (intia)" in msg
    with pytest.raises(DataFormatError, match="one-digit main group"):
        bad = tmp_path / "d.csv"
        bad.write_text(
            "person_id;region;sex;age;occupation;start_year;end_year;left\n"
            "P1;KU285;female;30;2;2015;2016;kyllä\n",
            encoding="utf-8",
        )
        files.read_cohort(bad)


def test_cohort_codes_are_normalised_with_originals_kept(tmp_path):
    df = files.read_cohort(_own_cohort(tmp_path / "c.csv", n=60))
    assert set(df["field"]) <= {"06", "07", "09"}
    assert set(df["occupation"].dropna()) <= {"25", "22", "72"}
    assert df["occupation"].isna().any()  # "X": occupation unknown
    assert set(df["origin_country"]) <= {"IN", "VN", "RU", "NP", "UA"}
    row = df[df["origin_country_original"] == "Venäjä"].iloc[0]
    assert row["origin_country"] == "RU"
    assert df.attrs["normalised"]["field"] == 60


def test_duplicate_headers_are_an_error_naming_them(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("Kunta;q_a;q_a\nKotka;1;2\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="'q_a' appears 2 times"):
        files.read_survey(path)
    path.write_text("Kunta;region;q_a\nKotka;KU285;2\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match=r"\['Kunta', 'region'\] all mean the column"):
        files.read_survey(path)


# --- survey roles ---------------------------------------------------------------------------
def test_survey_roles_are_inferred_without_a_codebook(tmp_path):
    df = files.read_survey(_own_survey(tmp_path / "s.csv"))
    a = df.attrs
    assert a["items"] == ["q_image_1", "q_image_2", "q_stay_intent"]
    assert a["stay_item"] == "q_stay_intent" and a["free_text"] == ["Kommentti"]
    assert set(a["inferred"]) >= {"items", "free_text", "stay_intention"}
    assert "Kommentti" in a["inferred"]["free_text"]


def test_survey_roles_from_a_codebook(tmp_path):
    path = _own_survey(tmp_path / "s.csv")
    cb = tmp_path / "cb.yaml"
    cb.write_text(
        "id: Vastaaja\nregion: Kunta\nstay_intention: q_stay_intent\nfree_text: [Kommentti]\n"
        "items:\n"
        "  q_image_1: {fi: Alue on kaunis, en: The region is beautiful, scale: image}\n"
        "  q_image_2: {fi: Alueella on tulevaisuus, en: The region has a future, scale: image}\n"
        "  q_stay_intent: {fi: Aion jäädä, en: I intend to stay}\n",
        encoding="utf-8",
    )
    df = files.read_survey(path, codebook=cb)
    assert df.attrs["inferred"] == {} and df.attrs["stay_item"] == "q_stay_intent"
    assert df.attrs["scales"] == {"image": ["q_image_1", "q_image_2"]}
    assert df.attrs["codebook"]["q_image_1"]["en"] == "The region is beautiful"
    bad = tmp_path / "bad.yaml"
    bad.write_text("region: Kunta\nitems:\n  q_x: {role: banana}\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="unknown role 'banana'"):
        files.read_survey(path, codebook=bad)


def test_demo_survey_goes_through_its_codebook():
    s = demo.generate(seed=0)["survey"]
    assert s.attrs["stay_item"] == "q_intend_stay" and s.attrs["free_text"] == ["open_text"]
    assert s.attrs["inferred"] == {} and len(s.attrs["scales"]) == 3
    assert demo.SURVEY_CODEBOOK.exists()


def test_nothing_outside_the_demo_names_the_demo_items():
    root = Path(__file__).resolve().parents[1]
    demo_items = re.compile(r"q_(intend_stay|safe|nature|jobs|career|welcoming|recommend)\b")
    allowed = {"sources/demo.py", "data/demo_survey_codebook.yaml"}
    for path in [*(root / "kokka_analysis").rglob("*.py"), *(root / "notebooks").glob("*.ipynb")]:
        rel = path.relative_to(root / "kokka_analysis").as_posix() if "kokka_analysis" in \
            path.parts else path.name  # fmt: skip
        if rel in allowed:
            continue
        assert not demo_items.search(path.read_text(encoding="utf-8")), rel


# --- kokka check and kokka template --------------------------------------------------------
@pytest.mark.parametrize("kind", ["survey", "cohort"])
def test_template_files_pass_check(tmp_path, kind, capsys):
    assert cli.main(["template", kind, str(tmp_path)]) == 0
    written = sorted(tmp_path.iterdir())
    data = next(p for p in written if p.suffix == ".csv")
    args = ["check", str(data), "--kind", kind]
    if kind == "survey":
        args += ["--codebook", str(next(p for p in written if p.suffix == ".yaml"))]
    capsys.readouterr()
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "rows read: 40" in out and "no problems found" in out
    if kind == "cohort":
        assert "codes normalised in origin_country" in out


@pytest.mark.parametrize("kind", ["employer", "frame", "actors", "events"])
def test_templates_of_the_other_files_pass_check(tmp_path, kind, capsys):
    """Asked for by a new user: a starting point for every kind of own file."""
    assert cli.main(["template", kind, str(tmp_path)]) == 0
    out = capsys.readouterr().out
    command = out.strip().splitlines()[-1].split("`")[1].split()
    assert command[:2] == ["kokka", "check"]
    assert cli.main(command[1:]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_check_lists_every_problem_and_small_groups(tmp_path, capsys):
    path = _own_survey(tmp_path / "s.csv", n=60)
    lines = path.read_text(encoding="cp1252").splitlines()
    lines[3] = lines[3].replace("nainen", "alien").replace("mies", "alien")
    lines[9] = re.sub(r"^(Kotka|Kouvola|Hamina)", "Atlantis", lines[9])
    # a respondent in a town of one (Pyhtää): too few to publish on its own
    lines.append("Pyhtää;A9999;30;nainen;muu;Täysin eri mieltä;Täysin eri mieltä;3;")
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    code = cli.main(["check", str(path), "--kind", "survey"])
    out = capsys.readouterr().out
    assert code == 1
    assert "PROBLEMS (2)" in out
    assert "row 3" in out and "'Sukupuoli'" in out and "row 9" in out and "'Kunta'" in out
    assert "region = KU624: 1" in out  # Pyhtää: too small to publish on its own
    assert cli.main(["check", str(tmp_path / "none.csv"), "--kind", "survey"]) == 1


# --- reports from own files -----------------------------------------------------------------
@pytest.fixture(scope="module")
def own_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("own")
    survey = _own_survey(tmp / "kysely.csv")
    minimal = _own_survey(tmp / "pieni.csv", minimal=True)
    cohort = _own_cohort(tmp / "kohortti.csv")
    cb = tmp / "cb.yaml"
    cb.write_text(
        "id: Vastaaja\nregion: Kunta\nage: Ikä\nsex: Sukupuoli\nstatus: Asema\n"
        "stay_intention: q_stay_intent\nfree_text: [Kommentti]\n"
        "items:\n  q_image_1: {fi: Alue on kaunis, en: Beautiful, scale: image}\n"
        "  q_image_2: {fi: Alueella on tulevaisuus, en: A future, scale: image}\n",
        encoding="utf-8",
    )
    out = tmp / "site"
    results = {
        "codebook": build(
            ["MK08"], ["04"], {"survey_path": str(survey), "codebook_path": str(cb)}, out_dir=out
        ),  # fmt: skip
        "inferred": build(["SK082"], ["04"], {"survey_path": str(survey)}, out_dir=out),
        "minimal": build(["KU286"], ["04"], {"survey_path": str(minimal)}, out_dir=out),
        "cohort": build(["MK08"], ["03"], {"cohort_path": str(cohort)}, out_dir=out),
    }
    return out, results


def test_notebook_04_builds_from_an_own_survey_with_and_without_codebook(own_site):
    out, results = own_site
    for key in ("codebook", "inferred", "minimal"):
        assert results[key].ok, (key, results[key].failed)
    with_cb = _text(out / "MK08" / "04_regional_image_survey.html")
    assert "Alue on kaunis" in with_cb and "Aion asua" not in with_cb
    inferred = _text(out / "SK082" / "04_regional_image_survey.html")
    assert "roolit pääteltiin" in inferred and "q_stay_intent" in inferred
    minimal = _text(out / "KU286" / "04_regional_image_survey.html")
    # no ages, sexes, statuses, free text: those sections say what would enable them
    assert "ei ole avovastauksia" in minimal
    assert "ei ole tietoa vastaajien iästä ja sukupuolesta" in minimal
    assert "Työpaikkoja on liian vähän" not in with_cb + inferred  # free text never published


def test_notebook_03_builds_from_a_lopsided_register_cohort(own_site):
    out, results = own_site
    assert results["cohort"].ok, results["cohort"].failed
    page = _text(out / "MK08" / "03_retention.html")
    # field and municipality coincide (one institution per town): the model leaves one out
    assert "Mallista jätettiin pois asuinkunta" in page
    assert "H0000" not in page  # no person ids


def test_too_few_to_publish_is_listed_not_built(tmp_path):
    path = _own_survey(tmp_path / "s.csv", n=200)
    lines = path.read_text(encoding="cp1252").splitlines()
    lines += [f"Pyhtää;Z{i};30;nainen;muu;1;2;3;" for i in range(3)]
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    out = tmp_path / "site"
    summary = build(["KU624", "KU285"], ["04"], {"survey_path": str(path)}, out_dir=out)
    assert summary.ok and summary.too_few == {"KU624/04_regional_image_survey": "survey"}
    assert "TOO FEW KU624/04_regional_image_survey" in summary.text()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "too few to publish" in index
    assert load_manifest(out)["jobs"]["KU624/04_regional_image_survey"]["status"] == "too_few"
    assert not (out / "KU624" / "04_regional_image_survey.html").exists()


def test_cox_copes_with_a_lopsided_cohort(tmp_path):
    df = files.read_cohort(_own_cohort(tmp_path / "c.csv"))
    res = retention.fit_cox(df)
    assert "sex" not in res.covariates and "region" not in res.covariates
    assert {n["variable"] for n in res.notes} >= {"sex", "region"}
    assert res.ph_test()["p_value"].notna().all()


def test_check_with_a_region_set_says_which_pages_a_build_would_make(tmp_path, capsys):
    """Issue 18: `kokka check FILE --level ...` counts the file's persons in each region of the
    set with the build's own rule (rows inside the region; fewer than min_n: not published)."""
    cohort = demo.generate(seed=0)["cohort"]
    mine = pd.concat([cohort[cohort["region"] == "KU405"].head(30),
                      cohort[cohort["region"] == "KU153"].head(3)])  # fmt: skip
    path = tmp_path / "kohortti.csv"
    mine.to_csv(path, index=False)
    code = cli.main(["check", str(path), "--kind", "cohort", "--level", "seutukunta",
                     "--within", "MK09", "--region", "Kotka", "--min-n", "5"])  # fmt: skip
    out = capsys.readouterr()
    assert code == 0 and "kokka check: 3 regions" in out.err
    assert "a page can be built for 1 (at least min_n = 5 persons inside)" in out.out
    assert "Lappeenranta (SK091): 30 persons — page" in out.out
    assert "Imatra (SK093): 3 persons — too few to publish" in out.out
    assert "Kotka (KU285): 0 persons — no data" in out.out
    code = cli.main(["check", str(path), "--kind", "cohort", "--region", "Atlantis"])
    assert code == 1 and "Atlantis" in capsys.readouterr().err
    # a file with a problem: a build would stop at it, so no page is promised
    broken = mine.astype({"start_year": object})
    broken.iloc[0, broken.columns.get_loc("start_year")] = "vuosi?"
    broken.to_csv(path, index=False)
    code = cli.main(["check", str(path), "--kind", "cohort", "--level", "seutukunta"])
    out = capsys.readouterr().out
    assert code == 1 and "PROBLEMS" in out and "a page can be built" not in out
    assert "counted once the problems above are fixed" in out


def test_municipality_codes_as_spreadsheets_leave_them():
    """Found by a new user: Excel turns Hamina's 075 into 75, and exports write 'KU285 Kotka';
    both were refused although the message itself suggested the right code."""
    from kokka_analysis.errors import KokkaError
    from kokka_analysis.sources.files import _region_code

    assert [_region_code(v) for v in ("75", "075", "KU285 Kotka", "285 Kotka", "Kotka")] == [
        "KU075", "KU075", "KU285", "KU285", "KU285",
    ]  # fmt: skip
    assert _region_code("8") == "MK08"  # one digit stays a maakunta number
    with pytest.raises(KokkaError, match="Unknown region 'KU285 Hamina'"):
        _region_code("KU285 Hamina")  # a code and another place's name: refused


def test_a_survey_as_a_new_user_wrote_it(tmp_path, capsys):
    """Found by a new user: 'Kotikunta' and 'Ikä vuosina' were not recognised, an e-mail
    column was read as an open answer, and one typo in a Likert column turned the whole item
    into free text without a word."""
    f = tmp_path / "kysely.csv"
    rows = ["Vastaajan ID;Kotikunta;Ikä vuosina;Sukupuoli;Sähköposti;Viihdyn asuinalueellani;"
            "Alue on kaunis"]  # fmt: skip
    rows += [f"{i};{'Kotka' if i % 2 else 'Hamina'};{20 + i};{'nainen' if i % 3 else 'mies'};"
             f"p{i}@x.fi;{1 + i % 5};{1 + (i + 2) % 5}" for i in range(1, 13)]  # fmt: skip
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    t = files.read_survey(f)
    assert {"region", "age"} <= set(t.columns) and t["age"].tolist()[:2] == [21, 22]
    assert "Sähköposti" not in t.columns and t.attrs["inferred"]["ignored"] == ["Sähköposti"]
    assert t.attrs["items"] == ["Viihdyn asuinalueellani", "Alue on kaunis"]
    text = f.read_text("utf-8")
    assert ";5;2\n" in text
    f.write_text(text.replace(";5;2\n", ";Ehkä;2\n", 1), encoding="utf-8")
    assert cli.main(["check", str(f), "--kind", "survey"]) == 1
    out = capsys.readouterr().out
    assert "'Ehkä' is not a Likert answer" in out and "column 'Viihdyn asuinalueellani'" in out


def test_title_lines_in_the_forms_excel_and_pxweb_leave_them(tmp_path):
    """Found by a reviewer: a title re-saved by Excel ('T;;;') and an unquoted title with a
    comma were read as the header."""
    body = "Kunta;Toimiala;Kokoluokka;Toimipaikat\nKotka;C;0 - 4;3\nHamina;G;10 - 19;4\n"
    for title in ("Toimipaikkalaskuri: Toimipaikat;;;\n;;;\n",
                  "Toimipaikat muuttujina Alue, Toimiala 2008\n\n"):  # fmt: skip
        f = tmp_path / "t.csv"
        f.write_text(title + body, encoding="utf-8")
        raw, _ = files._read_raw(f)
        assert list(raw.attrs["headers"].values())[:2] == ["Kunta", "Toimiala"], title
    f.write_text(body, encoding="utf-8")  # the same path read again: no title lines now
    f.write_text(body.replace("Kotka;C;0 - 4;3", "Kotka;C;0 - 4;kolme"), encoding="utf-8")
    from kokka_analysis import employers

    with pytest.raises(DataFormatError, match=r"line 2 of the file"):
        employers.read_frame(f)


def test_a_count_of_one_to_seven_is_a_grouping_and_a_phone_question_an_item(tmp_path):
    """Found by a reviewer: household size 1-7 stopped the read as a 'broken Likert item', and
    a question about phone services was dropped as a contact column."""
    rows = ["Kunta;Talouden koko;Puhelinpalvelut toimivat hyvin;Alue on kaunis"]
    rows += [f"Kotka;{1 + i % 7};{1 + i % 5};{1 + (i + 1) % 5}" for i in range(30)]
    f = tmp_path / "k.csv"
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    t = files.read_survey(f)
    assert t.attrs["items"] == ["Puhelinpalvelut toimivat hyvin", "Alue on kaunis"]
    assert "Talouden koko" in t.attrs["groups"]


def test_second_review_of_own_file_reading(tmp_path, home_only):
    """Found by a second review: contact headers not anchored at the start were read again,
    one numeric bad answer turned an item into a grouping, a column of maakunta numbers mixed
    levels, and a national identity number was accepted as a person id."""
    rows = ["Kunta;Sähköpostiosoite;Matkapuhelin;Etu- ja sukunimi;Aion jäädä alueelle;"
            "Alue on kaunis"]  # fmt: skip
    rows += [f"Kotka;p{i}@x.fi;040{i};Nimi {i};{1 + i % 5};{1 + (i + 1) % 5}" for i in range(12)]
    f = tmp_path / "k.csv"
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    t = files.read_survey(f)
    assert set(t.attrs["inferred"]["ignored"]) == {"Sähköpostiosoite", "Matkapuhelin",
                                                   "Etu- ja sukunimi"}  # fmt: skip
    parts = rows[3].split(";")
    parts[4] = "9"  # a missing-data code in "Aion jäädä alueelle"
    f.write_text("\n".join([*rows[:3], ";".join(parts), *rows[4:]]) + "\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="'9' is not a Likert answer"):
        files.read_survey(f)
    assert files._regions(Path("x.csv"), pd.Series(["1", "8", "9"])).tolist() == [
        "MK01", "MK08", "MK09",
    ]  # fmt: skip
    c = tmp_path / "c.csv"
    c.write_text("Henkilö;Kunta;Sukupuoli;Ikä;Alkuvuosi;Loppuvuosi;Lähti\n"
                 "010190-123A;Kotka;nainen;24;2019;2021;kyllä\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(DataFormatError, match="personal identity code") as err:
        files.read_cohort(c)
    assert "010190" not in str(err.value)  # the message never repeats it
