"""Completing the region registry from Statistics Finland's municipality key (real 2026 key)."""

from __future__ import annotations

import pytest

from kokka_analysis import cli, regions
from kokka_analysis.errors import DataFormatError, KokkaError
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


# -- Statistics Finland's classification service ----------------------------------------------
def _real_key(fixtures_dir):
    return classification.read_municipality_key(
        fixtures_dir / "regions" / "municipality_key_2026.csv"
    )


def _client(service, cache, offline=False):
    from kokka_analysis.sources.statfin import StatFinClient

    return StatFinClient(session=service, cache_dir=cache, offline=offline, sleep=lambda s: None)


def test_fetch_key_rebuilds_the_published_key_and_falls_back_a_year(fixtures_dir, tmp_path):
    from datetime import date

    from classification_fake import FakeClassificationService

    key = _real_key(fixtures_dir)
    last_year = date.today().year - 1  # the service has no key for this year yet
    service = FakeClassificationService(key, year=last_year, throttle_first=1)
    rows, prov = classification.fetch_key(client=_client(service, tmp_path))
    assert prov["year"] == last_year and prov["retrieved"]
    assert sorted(rows, key=lambda r: r["kunta"]) == sorted(key, key=lambda r: r["kunta"])
    asked = [u for u in service.calls if f"kunta_1_{last_year + 1}0101" in u]
    assert len(asked) == 2  # this year: 429 (retried), then 404; so last year's key
    assert {u.split("lang=")[1][:2] for u in service.calls} == {"fi", "sv", "en"}
    # offline, the cached answers give the same key; without them the error says what to do
    again, _ = classification.fetch_key(client=_client(None, tmp_path, offline=True))
    assert again == rows
    with pytest.raises(classification.StatFinOfflineError, match="kokka regions --fetch"):
        classification.fetch_key(client=_client(None, tmp_path / "empty", offline=True))
    with pytest.raises(KokkaError, match="no kunta key for 1999"):
        classification.fetch_key(1999, client=_client(service, tmp_path))


def test_a_broken_correspondence_names_address_entry_and_field():
    url = "https://example/correspondenceTables/kunta_1_20260101%23maakunta_1_20260101/maps"
    good = {
        "sourceItem": {"code": "285", "classificationItemNames": [{"lang": "fi", "name": "Kotka"}]},
        "targetItem": {"code": "08", "classificationItemNames": [{"lang": "fi", "name": "Kymi"}]},
    }
    assert classification.parse_maps([good], url) == {"285": ("Kotka", "08", "Kymi")}
    broken = {**good, "targetItem": {"code": "", "classificationItemNames": []}}
    with pytest.raises(DataFormatError) as exc:
        classification.parse_maps([good, broken], url)
    assert exc.value.source == url and exc.value.rows == [2]
    assert exc.value.column == "targetItem.code"
    twice = {**good, "targetItem": {**good["targetItem"], "code": "09"}}
    with pytest.raises(DataFormatError, match="mapped to both 08 and 09"):
        classification.parse_maps([good, twice], url)
    with pytest.raises(DataFormatError, match="non-empty list"):
        classification.parse_maps({"error": "x"}, url)


def test_kokka_regions_fetch_then_kokka_fetch_knows_the_whole_country(
    fixtures_dir, tmp_path, monkeypatch, capsys
):
    import requests
    from classification_fake import FakeClassificationService

    from kokka_analysis.sources import statfin_tables

    monkeypatch.setenv("KOKKA_HOME", str(tmp_path))
    monkeypatch.delenv("KOKKA_DATA", raising=False)
    monkeypatch.setattr(regions, "REGISTRY", regions._default_registry())
    assert classification.incomplete_regions(["MK01", "Helsinki", "MK08", "KU285"]) == [
        "MK01",
        "Helsinki",
    ]
    service = FakeClassificationService(_real_key(fixtures_dir), year=2026)
    monkeypatch.setattr(requests, "Session", lambda: service)
    assert cli.main(["regions", "--fetch", "--year", "2026"]) == 0
    assert "municipality key 2026 from Statistics Finland: 308" in capsys.readouterr().out
    assert len(regions.members("MK01")) == 26 and regions.resolve("Helsingfors").code == "KU091"
    assert classification.key_info()["year"] == 2026
    assert len(regions._default_registry().members("MK01")) == 26  # kept for the next start

    # a fresh machine: `kokka fetch --region MK01` gets the key by itself (here from the cached
    # answers, offline), then asks StatFin, which offline has nothing cached: a clear error
    regions.cached_key_path().unlink()
    monkeypatch.setattr(regions, "REGISTRY", regions._default_registry())
    assert regions.members("MK01") == []
    assert cli.main(["fetch", "--offline", "--source", "statfin", "--region", "Uusimaa"]) == 1
    err = capsys.readouterr().err
    assert "Uusimaa (MK01) not fully known; fetching the municipality key" in err
    assert "municipality key 2026: 308 municipalities" in err and "Run `kokka fetch`" in err
    assert len(regions.members("MK01")) == 26
    assert "KU091" in statfin_tables.wanted_regions(["MK01"])
