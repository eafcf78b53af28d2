"""Validation before any kernel starts: regions, notebooks, parameter names and types."""

import json

import pytest

from kokka_analysis.errors import UnknownRegionError
from kokka_analysis.publish import jobs


def test_default_plan_is_home_regions_times_all_notebooks():
    planned = jobs.plan()
    notebooks = jobs.available_notebooks()
    assert len(notebooks) == 7  # the summary and six topics
    assert len(planned) == 21 * 7
    assert {j.region for j in planned} >= {"MK08", "MK09", "SK082", "KU285", "KU935"}


def test_unknown_region_lists_close_matches():
    with pytest.raises(UnknownRegionError, match=r"Kotka \(KU285\)"):
        jobs.plan(["Kotkka"])


def test_notebook_by_number_or_topic_and_unknown():
    assert [p.stem for p in jobs.resolve_notebooks(["03"])] == ["03_retention"]
    assert [p.stem for p in jobs.resolve_notebooks(["retention"])] == ["03_retention"]
    with pytest.raises(jobs.BuildConfigError, match="03_retention"):
        jobs.resolve_notebooks(["retension"])


def test_unknown_parameter_is_an_error_naming_the_declared_ones():
    with pytest.raises(jobs.BuildConfigError) as exc:
        jobs.plan(["MK08"], ["03_retention"], {"min_m": "3"})
    msg = str(exc.value)
    assert "min_m" in msg and "min_n" in msg and "horizons" in msg


def test_parameters_are_typed_from_the_parameters_cell():
    (job,) = jobs.plan(["KU285"], ["03"], {"min_n": "10", "horizons": "[2, 4]", "lang": "en"})
    assert job.parameters == {"min_n": 10, "horizons": [2, 4], "lang": "en", "region": "KU285"}
    with pytest.raises(jobs.BuildConfigError, match="expects int"):
        jobs.plan(["KU285"], ["03"], {"min_n": "ten"})
    with pytest.raises(jobs.BuildConfigError, match="--region"):
        jobs.plan(["KU285"], ["03"], {"region": "MK09"})


def test_fingerprint_changes_with_parameters_only():
    a = jobs.plan(["MK08"], ["01"])[0].fingerprint
    assert a == jobs.plan(["MK08"], ["01"])[0].fingerprint
    assert a != jobs.plan(["MK08"], ["01"], {"lang": "en"})[0].fingerprint
    # stating a default explicitly is the same job
    assert a == jobs.plan(["MK08"], ["01"], {"lang": "fi"})[0].fingerprint


def test_parameter_goes_only_to_notebooks_that_declare_it():
    planned = jobs.plan(["MK08"], None, {"min_n": "10"})
    by_nb = {j.notebook: j.parameters for j in planned}
    assert by_nb["03_retention"]["min_n"] == 10
    assert by_nb["04_regional_image_survey"]["min_n"] == 10
    assert "min_n" not in by_nb["01_situation_picture"]
    with pytest.raises(jobs.BuildConfigError, match="no parameter 'colour'"):
        jobs.plan(["MK08"], None, {"colour": "red"})


def test_jobs_whose_data_lack_the_region_are_marked_and_a_region_without_data_stops(
    tmp_path, monkeypatch
):
    planned = {j.key: j for j in jobs.plan()}
    # the demo cohort has graduates and immigrants of the study towns only
    assert planned["KU489/03_retention"].unavailable == ("cohort",)
    assert planned["KU405/03_retention"].unavailable == ()
    assert all(not j.unavailable for k, j in planned.items() if not k.endswith("03_retention"))
    # a cohort file of one's own replaces the demo cohort: nothing is unavailable then
    rows = [f"P{i};KU489;female;30;2015;2020;ei" for i in range(6)]
    (tmp_path / "my_cohort.csv").write_text(
        "person_id;region;sex;age;start_year;end_year;left\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)  # a relative path is read from where the command runs
    own = jobs.plan(["KU489"], ["03"], {"cohort_path": "my_cohort.csv"})
    assert own[0].unavailable == ()
    assert own[0].parameters["cohort_path"] == str(tmp_path / "my_cohort.csv")
    with pytest.raises(jobs.BuildConfigError) as exc:
        jobs.plan(["MK01"])
    msg = str(exc.value)
    assert "Nothing to build for MK01 (Uusimaa)" in msg and "population" in msg
    assert "kokka fetch --region MK01" in msg and "data_source statfin" in msg


def test_notebooks_declare_what_they_need():
    needs = {p.stem: jobs.notebook_needs(p) for p in jobs.available_notebooks().values()}
    assert needs["03_retention"] == {"cohort": "cohort_path"}
    assert needs["04_regional_image_survey"] == {"survey": "survey_path", "population": None}
    assert "population" in needs["01_situation_picture"]


def test_notebooks_declare_every_table_they_read():
    """``kokka.uses`` (the index's real/synthetic list) names every table a notebook's code
    reads from ``tables`` — read here from the code itself, not from the metadata."""
    import re

    for path in jobs.available_notebooks().values():
        nb = json.loads(path.read_text("utf-8"))
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        read = set(re.findall(r'tables(?:\[|\.get\()"(\w+)"', code))
        read |= {"cohort"} if "cohort_path" in code else set()
        read |= {"survey"} if "survey_path" in code else set()
        uses = jobs.notebook_uses(path)
        assert read <= set(uses), (path.stem, sorted(read - set(uses)))
        assert set(jobs.notebook_needs(path)) <= set(uses)
