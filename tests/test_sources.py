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


def test_fingerprint_is_stable():
    assert base.data_fingerprint("demo") == base.data_fingerprint("demo")
    assert base.data_fingerprint("demo", seed=1) != base.data_fingerprint("demo")
