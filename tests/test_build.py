"""Integration: `kokka build` end to end on the real notebooks, incremental rebuilds,
failure isolation, the CLI, a Dask cluster and a headless browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from notebook_fakes import write_notebook

from kokka_analysis import cli
from kokka_analysis.publish.build import build, load_manifest, state_dir

REGION = "KU624"  # Pyhtää: a small kunta with data for every topic; small groups suppressed


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    summary = build([REGION], out_dir=out, workers=2)
    assert summary.ok, summary.failed
    return out, summary


def _without_build_time(text: str) -> str:
    return re.sub(r'class="kokka-build-time">[^<]*<', "", text)


def test_one_region_builds_every_topic(site):
    out, summary = site
    assert len(summary.built) == 7
    index = (out / "index.html").read_text(encoding="utf-8")
    for nb in (
        "00_summary",
        "01_situation_picture",
        "02_labour_shortage_foresight",
        "03_retention",
        "04_regional_image_survey",
    ):
        page = out / REGION / f"{nb}.html"
        assert page.exists() and (out / REGION / f"{nb}.ipynb").exists()
        assert f'href="{REGION}/{nb}.html"' in index
        text = page.read_text(encoding="utf-8")
        assert "SYNTEETTINEN DEMODATA" in text  # visible synthetic notice on demo data
        assert "https://cdn" not in text and "require.js" not in text
        assert (state_dir(out) / "_logs" / REGION / f"{nb}.log").exists()
    # the output folder holds only what may be published: no logs, no manifest
    assert not (out / "_logs").exists() and not (out / "manifest.json").exists()
    assert "Pyhtää" in index and "valmista / ready" in index
    assert (out / "assets" / "plotly.min.js").exists()


def test_published_pages_hold_no_respondent_rows(site):
    out, _ = site
    text = (out / REGION / "04_regional_image_survey.html").read_text(encoding="utf-8")
    assert not re.search(r"R\d{5}", text)  # respondent ids
    assert "respondent_id" not in text and "open_text" not in text
    text = (out / REGION / "03_retention.html").read_text(encoding="utf-8")
    assert not re.search(r"P\d{6}", text)  # person ids


def test_no_change_rebuild_executes_nothing_and_force_is_identical(site):
    out, _ = site
    before = {p: p.read_text(encoding="utf-8") for p in sorted(out.glob(f"{REGION}/*.html"))}
    again = build([REGION], out_dir=out, workers=2)
    assert again.built == [] and len(again.skipped) == 7
    forced = build([REGION], ["01", "03"], out_dir=out, workers=2, force=True)
    assert sorted(forced.built) == [f"{REGION}/01_situation_picture", f"{REGION}/03_retention"]
    for path, old in before.items():
        assert _without_build_time(path.read_text(encoding="utf-8")) == _without_build_time(old), (
            path
        )


def test_no_change_build_loads_no_kernel_machinery(site):
    """The incremental path must stay cheap: no papermill, nbconvert or pandas import."""
    import sys

    out, _ = site
    code = (
        "import sys; from kokka_analysis.publish.build import build; "
        f"s = build([{REGION!r}], out_dir={str(out)!r}); "
        "assert s.built == [] and len(s.skipped) == 7, s.text(); "
        "heavy = [m for m in ('papermill', 'nbconvert', 'pandas', 'plotly') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_failing_job_keeps_previous_page_and_others_run(tmp_path):
    nbs, out = tmp_path / "nbs", tmp_path / "out"
    nbs.mkdir()
    write_notebook(nbs, "01_good", "print('hyvä', region)")
    write_notebook(nbs, "02_fragile", "print('version one')")
    first = build(["MK08", "MK09"], out_dir=out, workers=2, notebooks_folder=nbs)
    assert first.ok and len(first.built) == 4
    old_page = (out / "MK08" / "02_fragile.html").read_text(encoding="utf-8")
    write_notebook(nbs, "02_fragile", "raise RuntimeError('data file missing')")
    second = build(["MK08", "MK09"], out_dir=out, workers=2, notebooks_folder=nbs)
    assert not second.ok
    assert set(second.failed) == {"MK08/02_fragile", "MK09/02_fragile"}
    assert "RuntimeError" in second.failed["MK08/02_fragile"]
    assert (out / "MK08" / "02_fragile.html").read_text(encoding="utf-8") == old_page
    log = (state_dir(out) / "_logs" / "MK08" / "02_fragile.log").read_text(encoding="utf-8")
    assert "data file missing" in log
    manifest = load_manifest(out)
    assert manifest["jobs"]["MK08/02_fragile"]["status"] == "failed"
    assert manifest["jobs"]["MK08/01_good"]["status"] == "ok"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "epäonnistui / failed" in index and "_logs" not in index  # logs are not published
    assert "FAILED MK08/02_fragile" in second.text()
    # a fixed notebook replaces the old page again
    write_notebook(nbs, "02_fragile", "print('version two')")
    third = build(["MK08"], ["02"], out_dir=out, notebooks_folder=nbs)
    assert third.ok and "version two" in (out / "MK08" / "02_fragile.html").read_text(
        encoding="utf-8"
    )


def test_cli_validates_before_running(tmp_path, capsys):
    code = cli.main(["build", "--region", "Kotkka", "--out", str(tmp_path)])
    assert code == 2
    assert "Kotka (KU285)" in capsys.readouterr().err
    code = cli.main(["build", "--region", "MK08", "-p", "colour", "red", "--out", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "colour" in err and "lang" in err
    code = cli.main(["build", "--notebook", "99_nothing", "--out", str(tmp_path)])
    assert code == 2 and "Available" in capsys.readouterr().err
    assert not (tmp_path / "MK08").exists()


def test_cli_build_exit_status_and_summary(tmp_path, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_notebook(nbs, "01_bad", "1/0")
    summary = build(["KU285"], out_dir=tmp_path / "o", notebooks_folder=nbs)
    assert not summary.ok and "ZeroDivisionError" in summary.text()
    code = cli.main(
        [
            "build",
            "--region",
            "KU285",
            "--notebook",
            "01",
            "--out",
            str(tmp_path / "c"),
            "--no-progress",
        ]
    )
    assert code == 0
    assert "2 built" in capsys.readouterr().out  # Finnish and English by default
    assert (tmp_path / "c" / "en" / "KU285" / "01_situation_picture.html").exists()


def test_dask_cluster_builds_the_same_pages_as_the_local_pool(tmp_path):
    """Issue 18: 21 jobs (notebook 01 for every home region) on a Dask LocalCluster of two
    worker processes give the very pages the local pool gives (build times aside)."""
    distributed = pytest.importorskip("distributed")
    from kokka_analysis import regions

    codes = regions.home_regions()
    assert len(codes) >= 20
    local = build(codes, ["01"], out_dir=tmp_path / "local", workers=2)
    assert local.ok and len(local.built) == len(codes), local.failed
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = build(codes, ["01"], out_dir=tmp_path / "dask", executor="dask",
                       scheduler=cluster.scheduler_address)  # fmt: skip
    assert remote.ok and sorted(remote.built) == sorted(local.built), remote.failed
    for key in local.built:
        mine = (tmp_path / "local" / f"{key}.html").read_text("utf-8")
        theirs = (tmp_path / "dask" / f"{key}.html").read_text("utf-8")
        assert "kokka-fig-1" in theirs
        assert _without_build_time(theirs) == _without_build_time(mine), key


def test_dask_workers_that_differ_are_named_before_any_job(tmp_path, fixtures_dir, monkeypatch):
    """Issue 18: a worker with other data (here: a municipality key installed, so its demo
    covers the whole country) or without an analyst's file fails the build before any job."""
    distributed = pytest.importorskip("distributed")
    from kokka_analysis.publish.build import check_workers, environment
    from kokka_analysis.publish.jobs import BuildConfigError
    from kokka_analysis.sources import classification

    other = tmp_path / "other-data"
    with monkeypatch.context() as mp:  # the workers' machine: another data folder
        mp.setenv("KOKKA_DATA", str(other))
        from kokka_analysis import regions

        mp.setattr(regions, "REGISTRY", regions._default_registry())
        classification.install_key(fixtures_dir / "regions" / "municipality_key_2026.csv")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
        env={"KOKKA_DATA": str(other)},
    ) as cluster:  # fmt: skip
        with pytest.raises(BuildConfigError) as exc:
            build(["KU285"], ["01"], out_dir=tmp_path / "site", executor="dask",
                  scheduler=cluster.scheduler_address)  # fmt: skip
    assert "data demo seed 0 is not the same as here" in str(exc.value)
    assert "nothing was run" in str(exc.value)
    assert not (tmp_path / "site" / "KU285").exists()
    # the checks themselves, on hand-made answers
    here = {"version": "1.0", "library": "abc", "data": {"demo seed 0": "f1"},
            "files": {"/data/kysely.csv": "d1"}}  # fmt: skip
    check_workers({"tcp://a:1": here}, here)  # the same: no error
    with pytest.raises(BuildConfigError) as exc:
        check_workers(
            {"tcp://a:1": {**here, "version": "0.9"},
             "tcp://b:2": {**here, "library": "xyz", "files": {"/data/kysely.csv": None}}},
            here,
        )  # fmt: skip
    text = str(exc.value)
    assert (
        "tcp://a:1: kokka 0.9 (here 1.0)" in text and "tcp://b:2: the kokka_analysis code" in text
    )
    assert "has no file kysely.csv" in text and "/data/" not in text
    with pytest.raises(BuildConfigError, match="no workers"):
        check_workers({}, here)
    assert environment([("demo", 0)], [str(tmp_path / "none.csv")])["files"] == {
        str(tmp_path / "none.csv"): None
    }


def test_user_survey_build_publishes_no_respondent_data(tmp_path):
    """Issue 7: a real-format survey export (';', cp1252, Finnish Likert labels) passed with
    -p survey_path is read, weighted and published without ids or free-text answers."""
    from kokka_analysis.sources import demo

    survey = demo.generate(seed=3)["survey"]
    survey = survey[survey["region"].isin(["KU285", "KU075", "KU286"])].head(400).copy()
    labels_fi = {1: "Täysin eri mieltä", 2: "Jokseenkin eri mieltä", 3: "Ei samaa eikä eri mieltä",
                 4: "Jokseenkin samaa mieltä", 5: "Täysin samaa mieltä"}  # fmt: skip
    for col in [c for c in survey.columns if c.startswith("q_")]:
        survey[col] = survey[col].map(labels_fi).fillna("En osaa sanoa")
    survey["respondent_id"] = [f"SALAINEN{i:04d}" for i in range(len(survey))]
    survey["open_text"] = "luottamuksellinen vastaus MERKKIJONO"
    path = tmp_path / "kysely.csv"
    survey.to_csv(path, sep=";", index=False, encoding="cp1252")
    out = tmp_path / "site"
    summary = build(["MK08"], ["04"], {"survey_path": str(path)}, out_dir=out)
    assert summary.ok, summary.failed
    page = (out / "MK08" / "04_regional_image_survey.html").read_text(encoding="utf-8")
    assert "SALAINEN" not in page and "MERKKIJONO" not in page and "luottamuksellinen" not in page
    assert str(tmp_path) not in page and "kysely.csv" in page  # file name only, not its location
    assert "kokka-fig-" in page  # the charts were made from the user's file


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _browser_or_skip() -> str:
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: `make test` installs it (apt-get install chromium)")
        pytest.skip("chromium not installed (make test installs it)")
    return browser


def _dump_dom(url: str, profile: Path, budget_ms: int = 10000) -> str:
    """The DOM of ``url`` after its scripts ran in headless chromium, with networking off:
    every host name fails to resolve and every proxy connection is refused."""
    cmd = [
        _browser_or_skip(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
        f"--virtual-time-budget={budget_ms}", "--dump-dom", url,
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout


def test_page_draws_chart_in_headless_browser_offline(site, tmp_path):
    out, _ = site
    page = out / REGION / "01_situation_picture.html"
    dom = _dump_dom(page.as_uri(), tmp_path / "profile")
    assert 'id="kokka-fig-1"' in dom
    # plotly.js replaced the empty div with its drawn SVG
    assert "main-svg" in dom and "plot-container" in dom
    assert "Väkiluku" in dom


def test_cli_region_sets_from_a_file_and_a_level(tmp_path, capsys):
    """Issue 18: --regions-file (relative to where the command runs) and --level/--within
    choose the regions; a bad line fails before any job with its line number."""
    towns = tmp_path / "towns.txt"
    towns.write_text("# network\nKotka\nKU153\nkotka\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("Kotka\nKotkka\n", encoding="utf-8")
    code = cli.main(["build", "--regions-file", str(bad), "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 2 and "line 2: 'Kotkka'" in err and not (tmp_path / "x").exists()
    code = cli.main(["build", "--within", "MK08", "--out", str(tmp_path / "x")])
    assert code == 2 and "--within needs --level" in capsys.readouterr().err
    code = cli.main(
        ["build", "--level", "kunta", "--within", "SK093", "--regions-file", str(towns),
         "--notebook", "01", "--out", str(tmp_path / "c"), "--no-progress", "-p", "lang", "fi"]
    )  # fmt: skip
    out = capsys.readouterr()
    # SK093's four kunnat, then the file's Kotka (Imatra is in both: once)
    assert code == 0 and "kokka build: 5 regions" in out.err and "5 built" in out.out
    built = sorted(p.parent.name for p in (tmp_path / "c").glob("*/01_situation_picture.html"))
    assert built == ["KU153", "KU285", "KU580", "KU689", "KU700"]


def test_index_filters_regions_in_a_headless_browser_offline(site, tmp_path):
    """Issue 18: the index filters its rows by text and level on the page itself (no server,
    no network); the address can carry the filter (#q=…&level=…)."""
    _browser_or_skip()
    out, _ = site
    index = (out / "index.html").read_text(encoding="utf-8")
    n_rows = index.count('<tr class="level-')
    assert 'id="kokka-filter"' in index and f"{n_rows} / {n_rows}" in index

    def visible_rows(fragment: str) -> list[str]:
        dom = _dump_dom((out / "index.html").as_uri() + fragment, tmp_path / "profile", 5000)
        rows = re.findall(r"<tr class=\"level-\d\"[^>]*>", dom)
        assert len(rows) == n_rows
        shown = [r for r in rows if " hidden" not in r]
        assert f"{len(shown)} / {n_rows}" in dom  # the count beside the filter follows
        return shown

    found = visible_rows("#q=PYHT&level=kunta")  # Pyhtää, any case, part of the name
    assert len(found) == 1 and 'data-search="pyhtää pyttis ku624"' in found[0]
    assert visible_rows("#q=pyhtää&level=maakunta") == []  # a kunta is not a maakunta
    assert visible_rows("#q=kotka") == []


def test_summary_reports_the_size_of_the_site(site):
    """Issue 18: the build says how big the published folder is, and the chart library is
    one shared copy whatever the number of pages."""
    from kokka_analysis.publish.build import site_size

    out, summary = site
    size = site_size(out)
    html = list(out.rglob("*/*.html"))  # the index pages are at the top
    assert size["pages"] == len(html) == len(summary.built) + len(summary.skipped)
    assert size["library_copies"] == 1 and 1e6 < size["library_bytes"] < size["bytes"]
    assert size["bytes"] == sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert f"site: {size['pages']} pages, " in summary.text() and "one copy" in summary.text()


def test_index_has_one_page_per_level_linked_from_every_index_page(tmp_path):
    """Issue 18: besides index.html (every region), one index page per level of the built
    regions, each listing that level's regions only and linking to the others."""
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_notebook(nbs, "01_tiny", "print(region)")
    out = tmp_path / "site"
    summary = build(["MK09", "SK093", "KU153", "KU580"], ["01_tiny"], out_dir=out, workers=2,
                    notebooks_folder=nbs)  # fmt: skip
    assert summary.ok, summary.failed
    pages = {p: (out / p).read_text("utf-8") for p in
             ("index.html", "index-maakunta.html", "index-seutukunta.html", "index-kunta.html")}  # fmt: skip

    def listed(text):
        return re.findall(r'href="((?:MK|SK|KU)\d+)/01_tiny.html"', text)

    assert listed(pages["index.html"]) == ["MK09", "SK093", "KU153", "KU580"]
    assert listed(pages["index-maakunta.html"]) == ["MK09"]
    assert listed(pages["index-seutukunta.html"]) == ["SK093"]
    assert listed(pages["index-kunta.html"]) == ["KU153", "KU580"]
    for name, text in pages.items():
        links = re.findall(r'<nav class="kokka-levels".*?</nav>', text, re.S)[0]
        assert "kunnat / municipalities (2)" in links and "kaikki / all (4)" in links
        for other in pages:  # every other page is one link away, the page itself is not
            assert (f'href="{other}"' in links) == (other != name), (name, other)
    assert "hidden>Taso / Level" in pages["index-kunta.html"]  # no level choice on it
    assert "hidden>Taso / Level" not in pages["index.html"]


def test_warm_kernels_leave_no_client_behind(tmp_path):
    """Found by the whole-country benchmark: papermill opened a kernel client (sockets and a
    heartbeat thread, some 3.5 MB) per job and never closed it on a warm kernel, so a build of
    1,200 jobs held 1,200 threads and 9 GB. Threads must not grow with the number of jobs."""
    import threading

    nbs = tmp_path / "nbs"
    nbs.mkdir()
    write_notebook(nbs, "01_tiny", "print(region)")
    write_notebook(nbs, "02_tiny", "print(region * 2)")
    before = threading.active_count()
    summary = build(["SK093", "KU153", "KU580", "KU689", "KU700", "KU285"], out_dir=tmp_path / "s",
                    workers=2, notebooks_folder=nbs)  # fmt: skip
    assert summary.ok and len(summary.built) == 12
    assert threading.active_count() <= before + 1, threading.enumerate()
