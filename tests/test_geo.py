"""Boundaries loader, cache and the offline maps (issue 4). Never touches the network."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import requests

from kokka_analysis import geo, regions
from kokka_analysis.errors import DataFormatError, KokkaError
from kokka_analysis.plots import situation

HOME_KUNNAT = [r.code for mk in regions.HOME_REGIONS for r in regions.members(mk, "kunta")]


@pytest.fixture(scope="module")
def boundaries(fixtures_dir):
    path = fixtures_dir / "geo" / "mml_kuntarajat_2023.geojson"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return geo.read_boundaries(path)


def _values(codes, values=None):
    return pd.DataFrame(
        {
            "region": codes,
            "name_fi": [regions.name(c, "fi") for c in codes],
            "name_en": [regions.name(c, "en") for c in codes],
            "indicator": "foreign_background_share_pct",
            "year": 2024,
            "value": values if values is not None else [float(i) for i in range(len(codes))],
        }
    )


def test_read_real_geojson(boundaries):
    assert len(boundaries) == 309
    assert boundaries.columns.tolist() == ["region", "kunta", "name_fi", "name_sv", "geometry"]
    assert boundaries.crs.to_epsg() == 4326
    kotka = boundaries.set_index("region").loc["KU285"]
    assert kotka["name_fi"] == "Kotka" and kotka["kunta"] == "285"
    assert set(HOME_KUNNAT) <= set(boundaries["region"])
    # Kotka lies on the south coast, Parikkala in the north-east of the home area.
    b = boundaries.set_index("region").geometry
    assert b["KU285"].centroid.y < b["KU580"].centroid.y
    assert b["KU624"].centroid.x < b["KU580"].centroid.x


def test_read_statfin_property_names():
    obj = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kunta": "75", "nimi": "Hamina", "namn": "Fredrikshamn"},
                "geometry": {"type": "Point", "coordinates": [27.2, 60.57]},
            }
        ],
    }
    out = geo.read_boundaries(obj)
    assert out[["region", "kunta", "name_sv"]].values.tolist() == [["KU075", "075", "Fredrikshamn"]]
    bad = {"type": "FeatureCollection", "features": [{**obj["features"][0], "properties": {}}]}
    with pytest.raises(DataFormatError, match="municipality code"):
        geo.read_boundaries(bad)


class _Resp:
    def __init__(self, payload, status=200):
        self.payload, self.status_code = payload, status

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code} error")

    def json(self):
        return self.payload


def test_fetch_builds_request_and_caches(monkeypatch, tmp_path):
    calls = []
    payload = {"type": "FeatureCollection", "features": []}

    def fake_get(url, params=None, timeout=None):
        calls.append((url, params))
        return _Resp(payload)

    monkeypatch.setattr(requests, "get", fake_get)
    path = geo.fetch_boundaries(2023, cache_dir=tmp_path)
    url, params = calls[0]
    assert url == "https://geo.stat.fi/geoserver/wfs"
    assert params["typeName"] == "tilastointialueet:kunta4500k_2023"
    assert params["outputFormat"] == "application/json" and params["srsName"] == "EPSG:4326"
    assert params["request"] == "GetFeature" and params["service"] == "WFS"
    assert path == tmp_path / "kunta4500k_2023.geojson" and json.loads(path.read_text()) == payload
    meta = json.loads((tmp_path / "kunta4500k_2023.geojson.meta.json").read_text())
    assert meta["retrieved"] and meta["params"]["typeName"].endswith("_2023")
    geo.fetch_boundaries(2023, cache_dir=tmp_path)  # cached: no second request
    assert len(calls) == 1


def test_network_error_suggests_schematic(monkeypatch, tmp_path):
    def broken(*a, **k):
        raise requests.ConnectionError("no route to host")

    monkeypatch.setattr(requests, "get", broken)
    with pytest.raises(KokkaError, match="schematic"):
        geo.fetch_boundaries(2024, cache_dir=tmp_path)
    monkeypatch.setattr(requests, "get", lambda *a, **k: _Resp({"error": "no layer"}))
    with pytest.raises(KokkaError, match="not a GeoJSON"):
        geo.fetch_boundaries(2024, cache_dir=tmp_path)


def test_load_boundaries_modes(monkeypatch, tmp_path, fixtures_dir):
    def no_network(*a, **k):
        raise AssertionError("must not touch the network")

    monkeypatch.setattr(requests, "get", no_network)
    assert geo.load_boundaries("auto", 2023, cache_dir=tmp_path) is None
    assert geo.load_boundaries("schematic", 2023, cache_dir=tmp_path) is None
    with pytest.raises(KokkaError, match="map_source='wfs'"):
        geo.load_boundaries("cache", 2023, cache_dir=tmp_path)
    with pytest.raises(KokkaError, match="map_source"):
        geo.load_boundaries("tiles", 2023, cache_dir=tmp_path)
    src = fixtures_dir / "geo" / "mml_kuntarajat_2023.geojson"
    if not src.exists():
        pytest.skip("fixture absent")
    # a cached file (a temporary copy, never inside the project) is used by auto and cache
    geo.cache_path(2023, tmp_path).write_bytes(src.read_bytes())
    assert len(geo.load_boundaries("auto", 2023, cache_dir=tmp_path)) == 309


def test_tile_layout_covers_home_kunnat():
    t = geo.tile_layout()
    assert sorted(t["region"]) == sorted(HOME_KUNNAT)
    assert not t.duplicated(["row", "col"]).any()
    with pytest.raises(KokkaError, match="KU091"):
        geo.tile_layout(["KU091"])


def test_maps_render_offline(boundaries):
    values = _values(HOME_KUNNAT)
    real = situation.plot_municipality_map(values, boundaries, lang="en", highlight=["KU285"])
    # shapes on plain axes: no geo subplot, so nothing is fetched from a CDN
    assert not any(t.type in ("choropleth", "choroplethmapbox", "choroplethmap") for t in real.data)
    assert len(real.data) == len(HOME_KUNNAT) + 1
    tiles = situation.plot_municipality_map(values, None, lang="fi")
    assert "kaaviokuva" in tiles.layout.title.text
    assert any("Kaaviokuva" in a.text for a in tiles.layout.annotations)
    # kunnat outside the home regions (the whole country fetched): left off the schematic, said
    helsinki = {"region": "KU091", "name_fi": "Helsinki", "name_en": "Helsinki"}
    wider = pd.concat([values, _values(HOME_KUNNAT[:1]).assign(**helsinki)], ignore_index=True)
    tiles = situation.plot_municipality_map(wider, None, lang="en")
    assert len(tiles.data[0].x) == len(HOME_KUNNAT)
    assert any("1 other municipalities are not on" in a.text for a in tiles.layout.annotations)


def test_export_figures_html_fallback(tmp_path, monkeypatch):
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1], y=[2]))

    def no_exporter(*a, **k):
        raise RuntimeError("Kaleido requires Google Chrome to be installed.")

    monkeypatch.setattr(go.Figure, "write_image", no_exporter)
    out = situation.export_figures({"a": fig, "b": fig}, "MK08", "png", out_dir=tmp_path)
    assert [p.name for p in out] == ["a.html", "b.html"]
    assert all(p.parent == tmp_path / "MK08" and p.exists() for p in out)
    with pytest.raises(KokkaError, match="fmt"):
        situation.export_figures({"a": fig}, "MK08", "jpeg", out_dir=tmp_path)
