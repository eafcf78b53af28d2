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
