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
