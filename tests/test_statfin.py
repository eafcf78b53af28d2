"""StatFin PxWeb client and JSON-stat reader, on recorded real-format responses (no network)."""

from __future__ import annotations

import copy
import json

import numpy as np
import pandas as pd
import pytest
from statfin_fake import FakeResponse

from kokka_analysis.errors import DataFormatError
from kokka_analysis.sources import statfin
from kokka_analysis.sources.px import read_px


@pytest.fixture(scope="module")
def recorded(fixtures_dir):
    d = fixtures_dir / "statfin"
    response = json.loads((d / "statfin_vaerak_11rc_jsonstat2_response_sv.json").read_text("utf-8"))
    query = json.loads((d / "statfin_vaerak_11rc_query.json").read_text("utf-8"))
    return response, query


def _metadata(response: dict) -> dict:
    """PxWeb v1 table metadata (GET) for the recorded table, in the service's format."""
    variables = []
    for dim_id in response["id"]:
        cat = response["dimension"][dim_id]["category"]
        codes = sorted(cat["index"], key=cat["index"].get)
        variables.append(
            {
                "code": dim_id,
                "text": response["dimension"][dim_id]["label"],
                "values": codes,
                "valueTexts": [cat["label"][c] for c in codes],
                "elimination": dim_id == "Tiedot",
                "time": dim_id == "Vuosi",
            }
        )
    return {"title": response["label"], "variables": variables}


def _subset(response: dict, query: dict) -> dict:
    """What the service answers for a sub-query: the recorded dataset sliced (test helper)."""
    out = copy.deepcopy(response)
    arr = np.array(response["value"], dtype=object).reshape(response["size"])
    wanted = {q["code"]: q["selection"]["values"] for q in query["query"]}
    idx = []
    for dim_id in response["id"]:
        cat = response["dimension"][dim_id]["category"]
        codes = sorted(cat["index"], key=cat["index"].get)
        keep = wanted.get(dim_id, codes)
        idx.append([codes.index(c) for c in keep])
        out["dimension"][dim_id]["category"]["index"] = {c: i for i, c in enumerate(keep)}
        out["dimension"][dim_id]["category"]["label"] = {c: cat["label"][c] for c in keep}
    out["size"] = [len(i) for i in idx]
    out["value"] = arr[np.ix_(*idx)].ravel().tolist()
    return out


class FakeService:
    """Answers like StatFin's PxWeb API from the recorded response; can be told to misbehave."""

    def __init__(self, response: dict, limits=None, script=None):
        self.response = response
        self.limits = limits or {"maxValues": 100000, "maxCalls": 30, "timeWindow": 10}
        self.script = list(script or [])  # responses served first, before normal answers
        self.calls: list[tuple[str, str, dict | None]] = []

    def get(self, url, timeout=None):
        self.calls.append(("get", url, None))
        if self.script:
            return self.script.pop(0)
        if url.endswith("?config"):
            return FakeResponse(200, self.limits)
        if url.endswith("statfin_vaerak_pxt_11rc.px"):
            return FakeResponse(200, _metadata(self.response))
        return FakeResponse(404, text="Not found")

    def post(self, url, json=None, timeout=None):  # noqa: A002 - the requests signature
        self.calls.append(("post", url, json))
        if self.script:
            return self.script.pop(0)
        return FakeResponse(200, _subset(self.response, json))


def _client(tmp_path, service, **kw):
    sleeps: list[float] = []
    client = statfin.StatFinClient(
        lang="sv", session=service, cache_dir=tmp_path / "cache", sleep=sleeps.append, **kw
    )
    return client, sleeps


TABLE = "vaerak/statfin_vaerak_pxt_11rc.px"


def test_read_jsonstat_recorded_response(recorded):
    response, _ = recorded
    df = statfin.read_jsonstat(json.dumps(response), retrieved="2026-11-01T00:00:00+00:00")
    assert len(df) == 90
    assert list(df.columns[:4]) == ["Vuosi", "Vuosi_label", "Sukupuoli", "Sukupuoli_label"]
    assert df.attrs["table_id"] == "statfin_vaerak_pxt_11rc"
    assert df.attrs["dimensions"]["Sukupuoli"] == "Kön"
    assert df.attrs["synthetic"] is False and df.attrs["retrieved"].startswith("2026-11-01")
    row = df[(df.Vuosi == "2021") & (df.Sukupuoli == "2") & (df["Ikä"] == "30-34")]
    assert row["Sukupuoli_label"].item() == "Kvinnor"
    # the last dimension varies fastest: cell (1, 2, 2, 0) of a 3 x 3 x 10 x 1 cube
    assert row["value"].item() == response["value"][1 * 30 + 2 * 10 + 2]


def test_jsonstat_agrees_with_the_px_file_of_the_same_table(recorded, fixtures_dir):
    """Independent check: the downloaded PC-Axis file holds the same numbers."""
    response, _ = recorded
    js = statfin.read_jsonstat(response)
    px = read_px(fixtures_dir / "statfin" / "statfin_vaerak_pxt_11rc.px")
    keys = ["Vuosi", "Sukupuoli", "Ikä"]
    merged = js.merge(px, on=keys, suffixes=("_js", "_px"))
    assert len(merged) == 90
    np.testing.assert_array_equal(merged["value_js"], merged["value_px"])


def test_missing_cells_and_sparse_values(recorded):
    response, _ = recorded
    obj = copy.deepcopy(response)
    obj["value"][5] = None
    obj["status"] = {"5": ".."}
    df = statfin.read_jsonstat(obj)
    assert np.isnan(df.loc[5, "value"]) and df.loc[5, "status"] == ".."
    assert df["status"].isna().sum() == 89
    sparse = copy.deepcopy(response)
    sparse["value"] = {"0": 1, "89": 2}
    df = statfin.read_jsonstat(sparse)
    assert df["value"].iloc[0] == 1 and df["value"].iloc[-1] == 2 and df["value"].isna().sum() == 88


def test_bad_jsonstat_is_a_clear_error(recorded):
    with pytest.raises(DataFormatError, match="Not JSON"):
        statfin.read_jsonstat("<html>")
    with pytest.raises(DataFormatError, match="JSON-stat 2.0"):
        statfin.read_jsonstat({"dataset": {}})
    with pytest.raises(statfin.StatFinError, match="error"):
        statfin.read_jsonstat({"error": "Too many values selected"})
    bad = copy.deepcopy(recorded[0])
    bad["value"] = bad["value"][:-1]
    with pytest.raises(DataFormatError, match="89 entries"):
        statfin.read_jsonstat(bad)


def test_query_is_built_from_metadata_like_the_recorded_one(recorded, tmp_path):
    response, recorded_query = recorded
    client, _ = _client(tmp_path, FakeService(response))
    meta = client.metadata(TABLE)
    selection = {q["code"]: q["selection"]["values"] for q in recorded_query["query"]["query"]}
    body = statfin.build_query(meta, selection)
    assert body == recorded_query["query"]  # Tiedot can be eliminated, as in the recorded call
    assert client.table_url(TABLE) == recorded_query["url"].replace(":443", "").replace(
        "PxWeb", "PxWeb"
    )


def test_unknown_variable_or_value_names_what_exists(recorded, tmp_path):
    client, _ = _client(tmp_path, FakeService(recorded[0]))
    meta = client.metadata(TABLE)
    with pytest.raises(statfin.StatFinError, match=r"no variable 'Alue'.*Vuosi \(År\)"):
        statfin.build_query(meta, {"Alue": ["KU285"]})
    with pytest.raises(statfin.StatFinError, match="unknown values"):
        statfin.build_query(meta, {"Vuosi": ["1999"]})


def test_fetch_caches_and_answers_offline_from_cache(recorded, tmp_path):
    service = FakeService(recorded[0])
    client, _ = _client(tmp_path, service)
    df = client.fetch(TABLE, {"Vuosi": ["2021", "2022"], "Sukupuoli": "*"})
    assert len(df) == 2 * 3 * 10
    assert df.attrs["table_path"] == TABLE and df.attrs["retrieved"]
    n_calls = len(service.calls)
    offline = statfin.StatFinClient(lang="sv", offline=True, cache_dir=tmp_path / "cache")
    again = offline.fetch(TABLE, {"Vuosi": ["2021", "2022"], "Sukupuoli": "*"})
    pd.testing.assert_frame_equal(df, again)
    assert len(service.calls) == n_calls
    with pytest.raises(statfin.StatFinOfflineError, match="data_source='demo'"):
        offline.fetch(TABLE, {"Vuosi": ["2020"]})


def test_large_query_is_split_and_rejoined(recorded, tmp_path):
    service = FakeService(recorded[0], limits={"maxValues": 30, "maxCalls": 30, "timeWindow": 10})
    client, _ = _client(tmp_path, service)
    df = client.fetch(TABLE, {"Vuosi": "*", "Sukupuoli": "*", "Ikä": "*"})
    posts = [c for c in service.calls if c[0] == "post"]
    assert len(posts) > 1
    assert all(statfin.query_cells(c[2]) <= 30 for c in posts)
    full = statfin.read_jsonstat(recorded[0])
    keys = ["Vuosi", "Sukupuoli", "Ikä", "Tiedot"]
    got = df.sort_values(keys).reset_index(drop=True)[[*keys, "value"]]
    want = full.sort_values(keys).reset_index(drop=True)[[*keys, "value"]]
    pd.testing.assert_frame_equal(got, want)


def test_429_is_retried_after_the_wait_the_service_asks(recorded, tmp_path):
    script = [FakeResponse(429, text="Too Many Requests", headers={"Retry-After": "7"})]
    service = FakeService(recorded[0])
    client, sleeps = _client(tmp_path, service)
    client.metadata(TABLE)  # ?config is read lazily at the first fetch; prime it first
    client.limits()
    service.script = script
    df = client.fetch(TABLE, {"Vuosi": ["2020"]})
    assert len(df) == 30 and 7.0 in sleeps


def test_error_responses_are_clear(recorded, tmp_path):
    service = FakeService(recorded[0])
    client, sleeps = _client(tmp_path, service, max_retries=2)
    with pytest.raises(statfin.StatFinError, match="June 2026"):
        client.metadata("vaerak/11xx.px")
    client.limits()
    service.script = [FakeResponse(400, text='{"error":"Bad query"}')]
    with pytest.raises(statfin.StatFinError, match="HTTP 400.*Bad query"):
        client.fetch(TABLE, {"Vuosi": ["2020"]}, refresh=True)
    service.script = [FakeResponse(503, text="busy")] * 3
    with pytest.raises(statfin.StatFinError, match="HTTP 503"):
        client.fetch(TABLE, {"Vuosi": ["2020"]}, refresh=True)
    assert sleeps == [1.0, 2.0]  # exponential back-off between the tries


def test_network_failure_means_offline_error(recorded, tmp_path):
    class Down:
        def get(self, url, timeout=None):
            raise ConnectionError("no route to host")

        post = get

    client, _ = _client(tmp_path, Down(), max_retries=1)
    with pytest.raises(statfin.StatFinOfflineError, match="kokka fetch"):
        client.metadata(TABLE)


def test_rate_limit_spaces_the_calls(recorded, tmp_path):
    now = [0.0]
    service = FakeService(
        recorded[0], limits={"maxValues": 100000, "maxCalls": 2, "timeWindow": 10}
    )
    sleeps: list[float] = []

    def sleep(s):
        sleeps.append(s)
        now[0] += s

    client = statfin.StatFinClient(
        session=service, cache_dir=tmp_path / "c", sleep=sleep, clock=lambda: now[0]
    )
    client.limits()  # call 1
    client.metadata(TABLE)  # call 2
    client.fetch(TABLE, {"Vuosi": ["2020"]})  # call 3 must wait for the window
    assert sleeps and sleeps[0] == pytest.approx(10.05)
