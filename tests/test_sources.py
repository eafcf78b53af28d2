import pytest

from kokka_analysis import config
from kokka_analysis.errors import KokkaError
from kokka_analysis.sources import base, load_table, load_tables


def test_load_tables_returns_copies(tmp_path, monkeypatch):
    monkeypatch.setenv("KOKKA_HOME", str(tmp_path))
    base._demo_tables.cache_clear()
    t1 = load_tables("demo")
    assert list(config.demo_dir().glob("demo_seed0_*.pkl")), "disk cache written"
    t1["population"].loc[:, "persons"] = -1
    t2 = load_tables("demo")
    assert (t2["population"]["persons"] >= 0).all()
    assert t2["population"].attrs["synthetic"] is True
    base._demo_tables.cache_clear()
    t3 = load_table("cohort")  # from the disk cache this time
    assert len(t3) == len(t2["cohort"])
    base._demo_tables.cache_clear()


def test_unknown_source_and_table():
    with pytest.raises(KokkaError, match="demo"):
        load_tables("excel")
    with pytest.raises(KokkaError, match="known"):
        load_table("nonexistent")


def test_fingerprint_follows_the_generator_code_the_seed_and_the_fetched_store(
    tmp_path, monkeypatch
):
    """The fingerprint decides whether pages are rebuilt: it must change with the generator's
    code, the seed and a new fetch, and only then. Checked on a copy of the package files."""
    import shutil

    first = base.data_fingerprint("demo")
    assert first.startswith("demo-seed0-") and base.data_fingerprint("demo", seed=1) != first
    pkg = tmp_path / "pkg"
    shutil.copytree(config.PACKAGE_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(config, "PACKAGE_DIR", pkg)
    base._demo_fingerprint.cache_clear()  # computed once per process; here from the copy
    assert base.data_fingerprint("demo") == first  # same code, computed again from the files
    demo_py = pkg / "sources" / "demo.py"
    demo_py.write_text(demo_py.read_text("utf-8") + "\n# changed\n", "utf-8")
    base._demo_fingerprint.cache_clear()
    changed = base.data_fingerprint("demo")
    assert changed != first and changed.startswith("demo-seed0-")
    # statfin: a new manifest (a new fetch) gives a new fingerprint
    monkeypatch.setenv("KOKKA_DATA", str(tmp_path / "data"))
    none = base.data_fingerprint("statfin")
    assert none.startswith("statfin-none-")
    store = config.statfin_store_dir()
    store.mkdir(parents=True)
    (store / "manifest.json").write_text('{"tables": {}, "written": "1"}', "utf-8")
    one = base.data_fingerprint("statfin")
    (store / "manifest.json").write_text('{"tables": {}, "written": "2"}', "utf-8")
    assert len({none, one, base.data_fingerprint("statfin")}) == 3
    monkeypatch.undo()
    base._demo_fingerprint.cache_clear()  # the real package again for the other tests
