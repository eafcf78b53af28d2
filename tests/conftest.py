"""Shared fixtures: the demo tables (generated once per test session) and shared/ paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from kokka_analysis.sources import demo

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIXTURES = SHARED / "fixtures"


@pytest.fixture(scope="session")
def demo_tables():
    return demo.generate(seed=0)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    if not FIXTURES.is_dir():
        pytest.skip(f"real-format fixtures not found at {FIXTURES} (../shared is absent)")
    return FIXTURES


#: Test files that take minutes: collected first, so that on two workers they run beside the
#: rest of the suite instead of after it (pytest-xdist hands out files in collection order).
LONG_FIRST = ("test_whole_country.py",)


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.path.name not in LONG_FIRST)  # stable: order kept otherwise


@pytest.fixture
def home_only(tmp_path, monkeypatch):
    """The registry of the home regions only, whatever municipality key this machine has
    installed (`kokka regions --fetch` makes every place in Finland known)."""
    from kokka_analysis import regions

    monkeypatch.setenv("KOKKA_DATA", str(tmp_path / "home-only-data"))
    monkeypatch.setattr(regions, "REGISTRY", regions._default_registry())
    return regions.REGISTRY


@pytest.fixture
def whole_country(tmp_path, monkeypatch, fixtures_dir):
    """The registry with the 2026 municipality key installed (from the shared fixtures)."""
    from kokka_analysis import regions
    from kokka_analysis.sources import classification

    monkeypatch.setenv("KOKKA_DATA", str(tmp_path / "country-data"))
    monkeypatch.setattr(regions, "REGISTRY", regions._default_registry())
    classification.install_key(fixtures_dir / "regions" / "municipality_key_2026.csv")
    monkeypatch.setattr(regions, "REGISTRY", regions._default_registry())
    return regions.REGISTRY
