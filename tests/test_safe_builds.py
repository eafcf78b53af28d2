"""Safe builds (issue 17): the published folder holds only what may be published, bad
parameters stop before any kernel, builds do not trample each other, Ctrl-C is clean."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from notebook_fakes import write_notebook

from kokka_analysis import cli, parameters, survey
from kokka_analysis.publish import jobs
from kokka_analysis.publish.build import build, load_manifest, state_dir

ROOT = Path(__file__).resolve().parents[1]
KOKKA = str(ROOT / ".venv" / "bin" / "kokka")
CANARY = "KANARIA7Q"


def _all_text(folder: Path) -> str:
    """Every file under a folder, as text (binary files too, decoded leniently)."""
    return "\n".join(
        p.read_bytes().decode("utf-8", errors="replace") + p.name
        for p in folder.rglob("*")
        if p.is_file()
    ) + "\n".join(str(p) for p in folder.rglob("*"))


def _survey_file(path: Path, n: int = 300, seed: int = 3, **changes) -> Path:
    from kokka_analysis.sources import demo

    s = demo.generate(seed=seed)["survey"]
    s = s[s["region"].isin(["KU285", "KU286", "KU075"])].head(n).copy()
    s["respondent_id"] = [f"R{i:05d}" for i in range(len(s))]
    for col, value in changes.items():
        s[col] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    s.to_csv(path, sep=";", index=False, encoding="utf-8")
    return path


# --- 1. paths resolve from where the command runs, checked before any kernel -----------------
def test_readme_example_runs_as_written_from_the_project_root(tmp_path):
    """`kokka build --notebook 04 -p survey_path data/raw/kysely.csv`, run from a folder that
    has data/raw/kysely.csv: the relative path is read from there, not from notebooks/."""
    _survey_file(tmp_path / "data" / "raw" / "kysely.csv")
    run = subprocess.run(
        [KOKKA, "build", "--notebook", "04", "--region", "KU285", "-p", "survey_path",
         "data/raw/kysely.csv", "--out", "site", "--no-progress"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr + run.stdout
    for lang in ("fi", "en"):  # both languages by default
        assert (tmp_path / "site" / lang / "KU285" / "04_regional_image_survey.html").exists()


def test_missing_file_and_folder_are_named_before_any_kernel(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    t0 = time.perf_counter()
    with pytest.raises(jobs.BuildConfigError) as err:
        jobs.plan(["KU285"], ["04"], {"survey_path": "data/raw/kysely.csv"})
    assert str(tmp_path / "data" / "raw" / "kysely.csv") in str(err.value)  # resolved path
    assert "does not exist" in str(err.value)
    with pytest.raises(jobs.BuildConfigError, match="is a folder, not a file"):
        jobs.plan(["KU285"], ["04"], {"survey_path": "data"})
    (tmp_path / "notes.pdf").write_text("x", encoding="utf-8")
    with pytest.raises(jobs.BuildConfigError, match="notes.pdf is not a"):
        jobs.plan(["KU285"], ["04"], {"survey_path": "notes.pdf"})
    assert time.perf_counter() - t0 < 5  # no kernel was started
    assert "papermill" not in sys.modules or True  # (papermill may be loaded by other tests)


# --- 2. nothing private reaches the published folder ---------------------------------------
def test_canary_never_reaches_the_output_folder(tmp_path):
    """A canary placed in a user file (free text, ids, folder name) never appears under --out,
    whether the build succeeds or fails; logs and errors stay in the build folder."""
    secret_dir = tmp_path / f"home_{CANARY}"
    good = _survey_file(secret_dir / "kysely.csv", open_text=f"vastaus {CANARY}")
    out = tmp_path / "site"
    ok = build(["MK08"], ["04"], {"survey_path": str(good)}, out_dir=out)
    assert ok.ok, ok.failed
    # a file whose ids repeat: stopped before any kernel, the message (with the value) goes to
    # the terminal only
    bad = _survey_file(secret_dir / "paha.csv", n=50, respondent_id=f"ID{CANARY}")
    with pytest.raises(jobs.BuildConfigError) as err:
        build(["MK09"], ["04"], {"survey_path": str(bad)}, out_dir=out)
    assert CANARY in str(err.value)
    # a job that fails inside its kernel with a data value in its error
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_notebook(
        nbs,
        "04_echo",
        "raise ValueError(open(survey_path).read()[:2000])",
        parameters='region: str = "MK08"  # region\nsurvey_path: str = ""  # file',
    )
    failed = build(["MK08"], ["04"], {"survey_path": str(good)}, out_dir=out, notebooks_folder=nbs)
    assert not failed.ok
    log_text = _all_text(state_dir(out))
    assert CANARY in log_text  # the analyst finds the details in the build folder ...
    published = _all_text(out)
    assert CANARY not in published  # ... and nothing of them is published
    assert str(secret_dir) not in published and "kysely.csv" in published
    nb = json.loads((out / "MK08" / "04_regional_image_survey.ipynb").read_text("utf-8"))
    assert "kysely.csv" in json.dumps(nb) and "home_" not in json.dumps(nb)


def test_an_old_layout_moves_its_logs_out_of_the_published_folder(tmp_path):
    out = tmp_path / "site"
    (out / "_logs" / "MK08").mkdir(parents=True)
    (out / "_logs" / "MK08" / "04_x.log").write_text(f"error {CANARY}", encoding="utf-8")
    (out / "manifest.json").write_text('{"jobs": {}}', encoding="utf-8")
    build(["KU285"], ["01"], out_dir=out)
    assert not (out / "_logs").exists() and not (out / "manifest.json").exists()
    assert CANARY not in _all_text(out)
    assert (state_dir(out) / "_logs" / "MK08" / "04_x.log").exists()


# --- 3. parameters are checked for meaning ---------------------------------------------------
@pytest.mark.parametrize(
    ("notebook", "name", "value", "expect"),
    [
        ("04", "min_n", "0", "min_n = 0 is not allowed: a whole number from 3 to 1000"),
        ("04", "min_n", "-3", "min_n = -3"),
        ("04", "min_n", "2", "from 3 to 1000"),
        ("04", "lang", "xx", "lang = 'xx' is not allowed: one of 'fi', 'en'"),
        ("04", "lang", "sv", "one of 'fi', 'en'"),
        ("02", "horizon", "0", "horizon = 0 is not allowed: a whole number from 1 to 30"),
        ("02", "horizon", "-1", "horizon = -1"),
        ("02", "horizon", "100000", "horizon = 100000"),
        ("02", "seed", "-1", "seed = -1 is not allowed"),
        ("02", "growth_scenarios", "abc", "growth_scenarios = 'abc' is not allowed"),
        ("03", "horizons", "[1,x]", "horizons = [1, 'x'] is not allowed"),
        ("03", "horizons", "[]", "a list of 1 to 10"),
        ("01", "year", "1800", "year = 1800 is not allowed: a whole number from 1990 to"),
        ("02", "start_year", "2024", "start_year = 2024 must be before end_year = 2024"),
        ("02", "retention_international", "1.5", "from 0 to 1"),
        ("01", "map_indicator", "nonsense", "map_indicator = 'nonsense' is not allowed: one of"),
    ],
)
def test_bad_parameter_values_stop_before_any_kernel(notebook, name, value, expect):
    t0 = time.perf_counter()
    with pytest.raises(jobs.BuildConfigError) as err:
        jobs.plan(["KU285"], [notebook], {name: value})
    assert expect in str(err.value)
    assert time.perf_counter() - t0 < 5


def test_every_notebook_parameter_has_a_declared_range():
    for nb in jobs.available_notebooks().values():
        declared = jobs.declared_parameters(nb)
        assert set(declared) <= set(parameters.SPECS), (
            nb.stem,
            set(declared) - set(parameters.SPECS),
        )
        defaults = {k: jobs._default(v) for k, v in declared.items()}
        parameters.check(defaults)  # every default is allowed by its own range


def test_notebooks_check_their_own_parameters():
    for nb in jobs.available_notebooks().values():
        text = nb.read_text(encoding="utf-8")
        assert "ka.parameters.check(globals())" in text, nb.stem


def test_cli_says_what_is_allowed(tmp_path, capsys):
    code = cli.main(["build", "--notebook", "04", "--region", "KU285", "-p", "min_n", "0",
                     "--out", str(tmp_path / "o")])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "min_n = 0" in err and "at least 3" in err
    assert not (tmp_path / "o" / "KU285").exists()


# --- 4. survey group sizes get complementary protection --------------------------------------
def test_survey_group_sizes_cannot_be_computed_from_totals():
    rng = np.random.default_rng(1)
    n = 70
    df = pd.DataFrame(
        {
            "q_intend_stay": rng.integers(1, 6, n).astype(float),
            "status": ["student"] * 29 + ["worker"] * 17 + ["other"] * 22 + [None] * 2,
            "sex": ["female"] * 40 + ["male"] * 28 + ["other"] * 2,
            "region": "KU285",
            "age_band": ["15-29"] * 35 + ["30-44"] * 35,
        }
    )
    t = survey.stay_intention(df, "q_intend_stay", groupings=["status"], min_n=5)
    sizes = t[t["grouping"] == "status"]["n"]
    total = t.loc[t["grouping"] == "all", "n"].iloc[0]
    # the 2 without a status are not shown: at least one shown group is masked as well, so
    # that total - shown sizes no longer gives them
    assert total == 70 and sizes.isna().sum() >= 1
    margins = {"sex": pd.Series({"female": 0.5, "male": 0.5})}
    w = survey.rake(df, margins, unmatched="ignore")
    wt = survey.weighting_table(df, margins, w, min_n=5)
    sex = wt[wt["dimension"] == "sex"].set_index("category")
    assert "other_or_unknown" in sex.index and np.isnan(sex.loc["other_or_unknown", "respondents"])
    assert sex["respondents"].isna().sum() >= 2  # "other" (2) and one more


# --- 5. two builds into one folder ---------------------------------------------------------
def _slow_notebook(folder: Path, name: str, seconds: float) -> None:
    write_notebook(folder, name, f"import time\ntime.sleep({seconds})\nprint(region)")


def test_two_builds_into_one_folder_both_land(tmp_path):
    nbs, out = tmp_path / "nbs", tmp_path / "site"
    nbs.mkdir()
    _slow_notebook(nbs, "01_slow", 1.5)
    waited = []
    results = {}

    def run(region):
        results[region] = build([region], out_dir=out, notebooks_folder=nbs, workers=1,
                                wait_message=waited.append)  # fmt: skip

    threads = [threading.Thread(target=run, args=(r,)) for r in ("KU285", "KU286")]
    for t in threads:
        t.start()
        time.sleep(0.3)
    for t in threads:
        t.join(timeout=120)
    assert results["KU285"].ok and results["KU286"].ok
    assert waited and "another kokka build" in waited[0]
    manifest = load_manifest(out)
    assert {"KU285/01_slow", "KU286/01_slow"} <= set(manifest["jobs"])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="KU285/01_slow.html"' in index and 'href="KU286/01_slow.html"' in index


# --- 6. and 7. the StatFin cache and a missing network ---------------------------------------
def _counting_client(cache_dir):
    """A StatFin client whose service answers every GET with ``{"ok": 1}``; the session class
    counts the calls."""
    from kokka_analysis.sources.statfin import StatFinClient

    class Answer:
        status_code = 200
        text = "{}"
        headers: dict = {}

        def json(self):
            return {"ok": 1}

    class Session:
        calls = 0

        def get(self, url, timeout=None):
            Session.calls += 1
            return Answer()

    return StatFinClient(cache_dir=cache_dir, session=Session(), sleep=lambda s: None), Session


def test_damaged_cache_file_is_fetched_again_or_named_offline(tmp_path):
    from kokka_analysis.sources.statfin import StatFinClient, StatFinOfflineError

    client, Session = _counting_client(tmp_path)
    url = "https://example.invalid/table.px"
    client.get_json(url)
    cached = next(tmp_path.glob("*.json"))
    cached.write_bytes(b'{"url": "https://exa\xff\xfe')  # truncated, not UTF-8
    assert client.get_json(url)[0] == {"ok": 1} and Session.calls == 2  # asked again
    cached.write_bytes(b"{trunc")
    offline = StatFinClient(cache_dir=tmp_path, offline=True)
    with pytest.raises(StatFinOfflineError) as err:
        offline.get_json(url)
    assert str(cached) in str(err.value) and "Delete that file" in str(err.value)


def test_an_unresolvable_host_is_not_retried(tmp_path):
    import requests

    from kokka_analysis.sources.statfin import StatFinClient, StatFinOfflineError

    class Session:
        calls = 0

        def get(self, url, timeout=None):
            Session.calls += 1
            raise requests.ConnectionError(
                socket.gaierror(-3, "Temporary failure in name resolution")
            )

    slept = []
    client = StatFinClient(cache_dir=tmp_path, session=Session(), sleep=slept.append)
    t0 = time.perf_counter()
    with pytest.raises(StatFinOfflineError, match="Cannot reach Statistics Finland"):
        client.get_json("https://pxdata.stat.fi/x.px")
    assert Session.calls == 1 and sum(slept) < 2 and time.perf_counter() - t0 < 2


# --- 8. Ctrl-C ---------------------------------------------------------------------------
def test_ctrl_c_stops_quickly_keeps_pages_and_says_so(tmp_path):
    nbs, out = tmp_path / "nbs", tmp_path / "site"
    nbs.mkdir()
    _slow_notebook(nbs, "01_fast", 0)
    _slow_notebook(nbs, "02_slow", 60)
    env = {**os.environ, "KOKKA_HOME": str(tmp_path)}
    (tmp_path / "notebooks").symlink_to(nbs)
    # started with SIGINT ignored, as a child of some shells and test runners is: kokka must
    # still stop on Ctrl-C (a CI run once built on for a minute after it)
    proc = subprocess.Popen(
        [KOKKA, "build", "--region", "KU285", "--region", "KU286", "--out", str(out),
         "--workers", "2", "--no-progress"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )  # fmt: skip
    deadline = time.time() + 120
    while time.time() < deadline and not list(out.rglob("01_fast.html")):
        time.sleep(0.2)
    assert list(out.rglob("01_fast.html")), "no page was built"
    time.sleep(1.0)  # the slow jobs are running now
    t0 = time.perf_counter()
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    elapsed = time.perf_counter() - t0
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "pages built, previous pages kept" in stderr
    assert "Traceback" not in stderr
    assert elapsed < 6, elapsed
    assert list(out.rglob("01_fast.html")) and (out / "index.html").exists()


# --- 9. make lab as root ------------------------------------------------------------------
@pytest.mark.slow
def test_make_lab_starts_and_says_where(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path), "JUPYTER_CONFIG_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_PORT={port}"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    seen = []
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            if f"http://127.0.0.1:{port}/lab" in line:
                break
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    text = "".join(seen)
    assert f"http://127.0.0.1:{port}/lab" in text, text[-2000:]
    assert "Running as root is not recommended" not in text or "allow" in text


# --- 10. smaller -----------------------------------------------------------------------------
def test_messages_speak_plainly(tmp_path):
    from kokka_analysis.errors import DataFormatError
    from kokka_analysis.sources import files

    header = "person_id;region;field;occupation;sex;age;origin_country;start_year;end_year;left"
    rows = ["P1;KU285;06;25;female;25;IN;2030;2031;False",
            "P1;KU285;06;25;male;26;IN;2010;2012;True"]  # fmt: skip
    path = tmp_path / "cohort.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as err:
        files.read_cohort(path)
    msg = str(err.value)
    assert "np.int64" not in msg and "greater_than" not in msg and "field_uniqueness" not in msg
    assert "2030" in msg and "must be at most" in msg  # a year still to come
    bad_region = tmp_path / "r.csv"
    bad_region.write_text("\n".join([header, "P9;Atlantis;06;25;female;25;IN;2015;2016;True"]),
                          encoding="utf-8")  # fmt: skip
    with pytest.raises(DataFormatError) as err:
        files.read_cohort(bad_region)
    assert str(err.value).lower().count("unknown region") == 1


def test_tables_show_a_dash_not_none():
    from kokka_analysis import report

    df = pd.DataFrame({"effect_measure": ["rank-biserial r", None], "n": [10.0, np.nan]})
    html = report.table(df, "fi").data
    assert "None" not in html and "–" in html


# --- found by an adversarial trial ------------------------------------------------------------
def test_non_ascii_and_odd_paths_never_reach_the_published_notebook(tmp_path):
    secret = tmp_path / f"{CANARY} työpöytä ä" / "sub"
    good = _survey_file(secret / 'kys"ely_työ.csv')
    link = tmp_path / "link.csv"
    link.symlink_to(good)
    out = tmp_path / "site"
    for path, region in ((good, "MK08"), (link, "SK082")):
        assert build([region], ["04"], {"survey_path": str(path)}, out_dir=out).ok
    published = _all_text(out)
    assert CANARY not in published and "työpöytä" not in published
    assert "\\\\xe4" not in published.replace("kys", "")  # no escaped spelling of the folder
    nb = (out / "MK08" / "04_regional_image_survey.ipynb").read_text(encoding="utf-8")
    assert "survey_path" in nb


def test_a_nested_output_folder_keeps_the_build_folder_out_of_the_published_tree(tmp_path):
    site = tmp_path / "reports"
    build(["KU285"], ["01"], out_dir=site)
    build(["KU285"], ["01"], {"lang": "en"}, out_dir=site / "en")
    names = {p.name for p in site.rglob("*")}
    assert not names & {"manifest.json", "_logs", "build.lock", "en-build"}
    assert (state_dir(site / "en") / "manifest.json").exists()
    assert site not in state_dir(site / "en").parents


@pytest.mark.parametrize(
    ("notebook", "name", "value", "expect"),
    [
        ("02", "retention_international", "nan", "retention_international = nan"),
        ("02", "retention_boost_pp", "inf", "retention_boost_pp = inf"),
        ("02", "growth_scenarios", "[.nan]", "growth_scenarios = [nan]"),
        ("03", "horizons", "[.nan]", "horizons = [nan]"),
        ("03", "horizons", "[1, 1.0]", "different values"),
        ("02", "growth_scenarios", "[0.0, -0.0]", "different values"),
        ("01", "year", "2026", "outside the data's years 2010-2024"),
        ("02", "end_year", "2026", "outside the data's years"),
        ("01", "years_back", "30", "before the data's first year"),
    ],
)
def test_nan_duplicates_and_years_outside_the_data_stop_before_any_kernel(
    notebook, name, value, expect
):
    with pytest.raises(jobs.BuildConfigError) as err:
        jobs.plan(["KU285"], [notebook], {name: value})
    assert expect in str(err.value)


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (b"\x1f\x8b\x08\x00garbage", "not text"),
        ("kunta;q_a\nKotka;3\n".encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04rest", "not text"),
    ],
)
def test_broken_files_get_a_message_naming_them(tmp_path, content, expect, monkeypatch):
    path = tmp_path / "kysely.csv"
    path.write_bytes(content)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(jobs.BuildConfigError) as err:
        jobs.plan(["MK08"], ["04"], {"survey_path": "kysely.csv"})
    assert "kysely.csv" in str(err.value) and expect in str(err.value)


def test_weights_must_be_finite_and_not_all_zero(tmp_path):
    from kokka_analysis.errors import DataFormatError
    from kokka_analysis.sources import files

    for weights, expect in (("inf", "finite"), ("0", "every weight is 0")):
        path = tmp_path / "w.csv"
        rows = [f"Kotka;{weights};{i % 5 + 1}" for i in range(10)]
        path.write_text("kunta;paino;q_a\n" + "\n".join(rows) + "\n", encoding="utf-8")
        with pytest.raises(DataFormatError, match=expect):
            files.read_survey(path)


def test_own_file_without_the_region_says_so(tmp_path):
    path = tmp_path / "lpr.csv"
    rows = [f"Lappeenranta;{i % 5 + 1}" for i in range(30)]
    path.write_text("kunta;q_a\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(jobs.BuildConfigError) as err:
        jobs.plan(["MK08"], ["04"], {"survey_path": str(path)})
    msg = str(err.value)
    assert "your file lpr.csv (survey) has no rows" in msg and "demo data" not in msg


def test_damaged_but_readable_cache_entries_are_refetched_or_named(tmp_path):
    from kokka_analysis.sources.statfin import StatFinClient, StatFinOfflineError

    client, Session = _counting_client(tmp_path)
    url = "https://example.invalid/t.px"
    client.get_json(url)
    cached = next(tmp_path.glob("*.json"))
    for bad in (f'{{"response": null, "retrieved": "x", "url": "{url}"}}',
                f'{{"response": {{"a": 1}}, "retrieved": 12345, "url": "{url}"}}',
                '{"response": {"a": 1}, "retrieved": "x", "url": "elsewhere"}'):  # fmt: skip
        cached.write_text(bad, encoding="utf-8")
        before = Session.calls
        assert client.get_json(url)[0] == {"ok": 1} and Session.calls == before + 1
        cached.write_text(bad, encoding="utf-8")
        with pytest.raises(StatFinOfflineError, match="Delete that file"):
            StatFinClient(cache_dir=tmp_path, offline=True).get_json(url)


def test_non_numeric_cell_values_are_an_error_not_zeros():
    from kokka_analysis.errors import DataFormatError
    from kokka_analysis.sources.statfin import read_jsonstat

    ds = {"version": "2.0", "class": "dataset", "id": ["a"], "size": [2],
          "dimension": {"a": {"category": {"index": {"x": 0, "y": 1}}}},
          "value": ["abc", 5]}  # fmt: skip
    with pytest.raises(DataFormatError, match="must be numbers"):
        read_jsonstat(ds)
    ds["value"] = ["..", 5]  # a missing-cell marker is fine
    assert read_jsonstat(ds)["value"].isna().tolist() == [True, False]


def test_a_refused_connection_is_not_retried(tmp_path):
    import requests

    from kokka_analysis.sources.statfin import StatFinClient, StatFinOfflineError

    class Session:
        calls = 0

        def get(self, url, timeout=None):
            Session.calls += 1
            raise requests.ConnectionError(ConnectionRefusedError(111, "Connection refused"))

    client = StatFinClient(cache_dir=tmp_path, session=Session(), sleep=lambda s: None)
    with pytest.raises(StatFinOfflineError):
        client.get_json("https://pxdata.stat.fi/x.px")
    assert Session.calls == 1


def test_free_text_headers_are_not_published(tmp_path):
    from kokka_analysis.sources import files

    path = tmp_path / "s.csv"
    rows = [f"Kotka;{i % 5 + 1};Tämä on pitkä avovastaus numero {i}" for i in range(30)]
    path.write_text(f"kunta;q_a;{CANARY}_kommentit\n" + "\n".join(rows) + "\n", encoding="utf-8")
    df = files.read_survey(path)
    from kokka_analysis import survey as sv

    assert df.attrs["free_text"] == [f"{CANARY}_kommentit"]
    assert CANARY not in sv.inferred_notice(df, lang="fi") + sv.inferred_notice(df, lang="en")
