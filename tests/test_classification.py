"""Completing the region registry from Statistics Finland's municipality key (real 2026 key)."""

from __future__ import annotations

import pytest

from kokka_analysis import cli, regions
from kokka_analysis.errors import DataFormatError
from kokka_analysis.sources import classification


def test_key_completes_a_registry(fixtures_dir):
    rows = classification.read_municipality_key(
        fixtures_dir / "regions" / "municipality_key_2026.csv"
    )
    assert len(rows) == 308
    reg = regions.RegionRegistry()
    reg.add("SSS", "Koko maa", "Hela landet", "Whole country")
    n = regions.complete_from_key(rows, reg)
    assert n == 308
    assert len(reg.all("kunta")) == 308 and len(reg.all("maakunta")) == 19
    assert reg.resolve("Helsingfors").code == "KU091"
    assert reg.parent("KU091").code == "MK01"
    assert len(reg.members("MK09")) == 9 and len(reg.members("MK08")) == 6


def test_install_key_persists_for_the_next_start(fixtures_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("KOKKA_HOME", str(tmp_path))
    monkeypatch.setattr(regions, "REGISTRY", regions._default_registry())
    assert not regions.cached_key_path().exists()
    assert regions.members("MK01") == []  # only the two home regions are built in
    assert (
        cli.main(
            [
                "regions",
                "--install-key",
                str(fixtures_dir / "regions" / "municipality_key_2026.csv"),
            ]
        )
        == 0
    )
    assert regions.cached_key_path().exists()
    fresh = regions._default_registry()  # what the next process builds at import
    assert len(fresh.members("MK01")) == 26
    assert fresh.get("KU285").name_sv == "Kotka"


def test_bad_key_names_row_and_column(tmp_path):
    p = tmp_path / "key.csv"
    header = ",".join(regions.KEY_COLUMNS)
    good = "285,Kotka,Kotka,Kotka,082,Kotka-Hamina,Kotka-Fredrikshamn,Kotka-Hamina,08,Kymenlaakso,Kymmenedalen,Kymenlaakso"
    bad = good.replace("285,", "28X,", 1)
    p.write_text(f"{header}\n{good}\n{bad}\n", encoding="utf-8")
    with pytest.raises(DataFormatError) as exc:
        classification.read_municipality_key(p)
    assert exc.value.rows == [3] and exc.value.column == "kunta" and "28X" in str(exc.value)
    p.write_text("kunta,name\n285,Kotka\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="lacks the columns"):
        classification.read_municipality_key(p)
