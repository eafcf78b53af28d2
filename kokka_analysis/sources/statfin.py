"""Statistics Finland's PxWeb API (StatFin database): metadata, queries, JSON-stat2, cache.

The client reads each table's metadata (GET on the table address) and builds its query from
it — since June 2026 StatFin uses short table ids (``12tg.px``) and new variable codes, so no
variable code is hard-coded here. Responses (JSON-stat 2.0) become tidy frames with both codes
and labels; cells marked missing (status such as ``".."``) become NA.

Politeness: the service publishes its limits at ``<api>/?config`` (``maxValues`` cells per
query, ``maxCalls`` per ``timeWindow`` seconds). Queries larger than ``maxValues`` are split
along their largest dimension and re-joined; calls are spaced to stay under the rate limit;
HTTP 429 and transient 5xx errors are retried with back-off (``Retry-After`` respected).

Every response is cached on disk under ``data/raw/statfin/`` with its address, query and
retrieval time; a cached answer is used instead of the network unless ``refresh=True``.
Offline, a missing cache entry gives a clear error that suggests the cache or
``data_source="demo"``.

Examples
--------
>>> import json
>>> obj = {"version": "2.0", "class": "dataset", "id": ["Vuosi"], "size": [2],
...        "dimension": {"Vuosi": {"label": "Vuosi", "category": {"index": {"2022": 0, "2023": 1}}}},
...        "value": [10, None]}
>>> read_jsonstat(obj)[["Vuosi", "value"]].to_dict("list")
{'Vuosi': ['2022', '2023'], 'value': [10.0, nan]}
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataFormatError, KokkaError

log = logging.getLogger(__name__)

API_BASE = "https://statfin.stat.fi/PxWeb/api/v1"
DATABASE = "StatFin"
#: Used when the service's ?config cannot be read (its published defaults).
DEFAULT_LIMITS = {"maxValues": 100_000, "maxCalls": 30, "timeWindow": 10}


class StatFinError(KokkaError):
    """A request to Statistics Finland that failed, or a table that does not fit the query."""


class StatFinOfflineError(StatFinError):
    """No network answer and nothing in the cache."""


class StatFinNotFoundError(StatFinError):
    """The service answered HTTP 404: no table (or classification) at that address."""


# ---------------------------------------------------------------------------------------------
# JSON-stat 2.0
# ---------------------------------------------------------------------------------------------
def _categories(dim: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    cat = dim.get("category", {})
    index = cat.get("index")
    labels = cat.get("label", {})
    if index is None:  # a single category may come with labels only
        codes = list(labels)
    elif isinstance(index, list):
        codes = [str(c) for c in index]
    else:
        codes = [c for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
    return codes, [str(labels.get(c, c)) for c in codes]


def _dense(values: Any, n: int, what: str) -> list:
    if isinstance(values, list):
        if len(values) != n:
            raise DataFormatError(
                f"JSON-stat '{what}' has {len(values)} entries but the dimensions give {n} cells."
            )
        return values
    if isinstance(values, dict):  # sparse: {"index": value}
        out: list = [None] * n
        for k, v in values.items():
            out[int(k)] = v
        return out
    if values is None:
        return [None] * n
    return [values] * n  # a single status string for all cells


#: Markers PxWeb uses for a missing or confidential cell (with a status), not numbers.
_MISSING_MARKS = frozenset({"..", ".", "...", "-", ":", "x", "X", ""})


def read_jsonstat(
    obj: str | bytes | Mapping[str, Any], retrieved: str | None = None
) -> pd.DataFrame:
    """A JSON-stat 2.0 dataset (dict or JSON text) as a tidy frame.

    Returns one row per cell, in the dataset's order: for each dimension a code column
    (named by the dimension id) and a ``<id>_label`` column, then ``value`` (float, NA where the
    cell is missing) and ``status`` (the cell's status marker, e.g. ``".."``, or None).
    ``df.attrs`` holds ``source``, ``label``, ``updated``, ``table_id``, ``dimensions``
    (id -> label), ``units``, ``roles``, ``retrieved`` and ``synthetic=False``.
    """
    if isinstance(obj, (str, bytes)):
        try:
            obj = json.loads(obj)
        except json.JSONDecodeError as exc:
            raise DataFormatError(f"Not JSON: {exc}", source="JSON-stat response") from None
    if not isinstance(obj, Mapping):
        raise DataFormatError("A JSON-stat dataset must be a JSON object.")
    if obj.get("class") == "collection" or "link" in obj and "item" in obj.get("link", {}):
        raise DataFormatError("This is a JSON-stat collection; pass one of its datasets.")
    if "id" not in obj or "dimension" not in obj:
        if "error" in obj or "message" in obj:
            raise StatFinError(f"The service answered with an error: {obj}")
        raise DataFormatError(
            "Not a JSON-stat 2.0 dataset (no 'id'/'dimension'); a JSON-stat 1.x response or "
            "an error page?",
            source="JSON-stat response",
        )
    ids = [str(i) for i in obj["id"]]
    dims = obj["dimension"]
    cats = [_categories(dims[i]) for i in ids]
    sizes = [len(c[0]) for c in cats]
    declared = obj.get("size")
    if declared is not None and list(declared) != sizes:
        raise DataFormatError(f"JSON-stat 'size' {declared} does not match the categories {sizes}.")
    n = int(np.prod(sizes)) if sizes else 1
    values = _dense(obj.get("value"), n, "value")
    status = _dense(obj.get("status"), n, "status")
    # row-major order: the last dimension varies fastest
    grids = np.unravel_index(np.arange(n), sizes) if sizes else []
    data: dict[str, Any] = {}
    for dim_id, (codes, labels), idx in zip(ids, cats, grids, strict=True):
        data[dim_id] = np.asarray(codes, dtype=object)[idx]
        data[f"{dim_id}_label"] = np.asarray(labels, dtype=object)[idx]
    raw_values = pd.Series(values, dtype=object)
    val = pd.to_numeric(raw_values, errors="coerce").astype("float64")
    not_number = raw_values.notna() & val.isna() & ~raw_values.astype(str).isin(_MISSING_MARKS)
    if not_number.any():
        raise DataFormatError(
            f"cell values must be numbers; found {raw_values[not_number].iloc[0]!r} "
            f"(and {int(not_number.sum()) - 1} more).",
            source="JSON-stat response",
        )
    data["value"] = val.to_numpy()
    data["status"] = status
    df = pd.DataFrame(data)
    units = {}
    for i in ids:
        for code, cat in dims[i].get("category", {}).get("unit", {}).items():
            units[code] = cat
    ext = obj.get("extension", {}) or {}
    df.attrs = {
        "source": obj.get("source", "Statistics Finland"),
        "label": obj.get("label", ""),
        "updated": obj.get("updated", ""),
        "table_id": (ext.get("px", {}) or {}).get("tableid", ""),
        "dimensions": {i: dims[i].get("label", i) for i in ids},
        "units": units,
        "roles": obj.get("role", {}),
        "retrieved": retrieved or "",
        "synthetic": False,
    }
    return df


# ---------------------------------------------------------------------------------------------
# PxWeb client
# ---------------------------------------------------------------------------------------------
@dataclass
class Variable:
    code: str
    text: str
    values: list[str]
    value_texts: list[str]
    elimination: bool = False
    time: bool = False


@dataclass
class TableMeta:
    path: str
    title: str
    variables: list[Variable]

    def variable(self, code: str) -> Variable:
        for v in self.variables:
            if v.code == code:
                return v
        raise StatFinError(
            f"Table {self.path} has no variable {code!r}; its variables are: "
            + ", ".join(f"{v.code} ({v.text})" for v in self.variables)
            + ". Statistics Finland changed many variable codes in June 2026: check the table's "
            "metadata."
        )

    def find(self, *candidates: str) -> Variable:
        """The variable whose code or text matches one of ``candidates`` (case-insensitive)."""
        folded = [c.lower() for c in candidates]
        for v in self.variables:
            if v.code.lower() in folded or v.text.lower() in folded:
                return v
        raise StatFinError(
            f"Table {self.path} has none of the variables {list(candidates)}; it has: "
            + ", ".join(f"{v.code} ({v.text})" for v in self.variables)
        )


def parse_metadata(path: str, obj: Mapping[str, Any]) -> TableMeta:
    """PxWeb v1 table metadata (GET on the table address) -> :class:`TableMeta`."""
    try:
        variables = [
            Variable(
                code=str(v["code"]),
                text=str(v.get("text", v["code"])),
                values=[str(x) for x in v["values"]],
                value_texts=[str(x) for x in v.get("valueTexts", v["values"])],
                elimination=bool(v.get("elimination", False)),
                time=bool(v.get("time", False)),
            )
            for v in obj["variables"]
        ]
    except (KeyError, TypeError) as exc:
        raise DataFormatError(
            f"Unexpected table metadata (missing {exc}); is {path!r} a table address?",
            source=path,
        ) from None
    return TableMeta(path=path, title=str(obj.get("title", path)), variables=variables)


Selection = Mapping[str, "list[str] | str"]


def build_query(meta: TableMeta, selection: Selection) -> dict:
    """A PxWeb JSON query from a selection ``{variable code: [values] | "*"}``.

    Every named variable and value is checked against the metadata; a variable that cannot be
    eliminated and is not selected is taken whole.
    """
    query = []
    for code, wanted in selection.items():
        var = meta.variable(code)
        values = var.values if wanted == "*" else [str(w) for w in wanted]
        unknown = [v for v in values if v not in var.values]
        if unknown:
            raise StatFinError(
                f"Table {meta.path}, variable {code!r}: unknown values {unknown[:10]}; "
                f"known values begin {var.values[:10]}."
            )
        query.append({"code": code, "selection": {"filter": "item", "values": values}})
    for var in meta.variables:
        if var.code not in selection and not var.elimination:
            query.append({"code": var.code, "selection": {"filter": "item", "values": var.values}})
    return {"query": query, "response": {"format": "json-stat2"}}


def query_cells(query: Mapping[str, Any]) -> int:
    return math.prod(len(q["selection"]["values"]) for q in query["query"]) if query["query"] else 1


def split_query(query: Mapping[str, Any], max_cells: int) -> list[dict]:
    """Split a query whose cells exceed ``max_cells`` along its largest dimension."""
    if query_cells(query) <= max_cells:
        return [json.loads(json.dumps(query))]
    parts = query["query"]
    big = max(range(len(parts)), key=lambda i: len(parts[i]["selection"]["values"]))
    values = parts[big]["selection"]["values"]
    other = query_cells(query) // len(values)
    if other > max_cells:  # even one value of the largest variable is too much: recurse
        chunk = 1
    else:
        chunk = max(1, max_cells // other)
    out = []
    for start in range(0, len(values), chunk):
        q = json.loads(json.dumps(query))
        q["query"][big]["selection"]["values"] = values[start : start + chunk]
        out.extend(split_query(q, max_cells))
    return out


@dataclass
class StatFinClient:
    """A polite PxWeb client with a disk cache.

    Parameters
    ----------
    lang
        ``fi``, ``sv`` or ``en`` (labels of the answers).
    session
        Anything with ``get(url, timeout=)`` and ``post(url, json=, timeout=)`` returning
        responses with ``status_code``, ``headers``, ``json()`` and ``text`` (``requests``).
    cache_dir
        Where answers are kept (default ``data/raw/statfin``).
    offline
        Never touch the network: answer from the cache or raise :class:`StatFinOfflineError`.
    """

    lang: str = "fi"
    base_url: str = API_BASE
    database: str = DATABASE
    session: Any = None
    cache_dir: Path | None = None
    offline: bool = False
    max_retries: int = 5
    timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    #: the service's name in messages (the client also serves Vipunen and the barometer)
    service: str = "Statistics Finland"
    _limits: dict | None = field(default=None, repr=False)
    _calls: list[float] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if self.session is None and not self.offline:
            import requests

            self.session = requests.Session()
            self.session.headers["User-Agent"] = "kokka-analysis (regional research notebooks)"
        self.cache_dir = Path(self.cache_dir) if self.cache_dir else config.raw_dir() / "statfin"

    # -- addresses ----------------------------------------------------------------------------
    def table_url(self, table: str) -> str:
        return f"{self.base_url}/{self.lang}/{self.database}/{table.lstrip('/')}"

    # -- politeness ---------------------------------------------------------------------------
    def limits(self) -> dict:
        """The service's published limits (``?config``), cached like the answers, so that an
        offline run splits queries exactly as the online run that filled the cache did."""
        if self._limits is None:
            self._limits = dict(DEFAULT_LIMITS)
            try:
                payload, _ = self._cached(
                    "get", f"{self.base_url}/{self.lang}/?config", None, False
                )
                given = {k: int(v) for k, v in payload.items() if k in DEFAULT_LIMITS}
                if any(v <= 0 for v in given.values()):
                    raise ValueError(f"limits must be positive, got {given}")
                self._limits.update(given)
            except (StatFinError, ValueError, TypeError, AttributeError):
                log.info("Could not read the service's ?config; using %s", DEFAULT_LIMITS)
        return self._limits

    def _throttle(self) -> None:
        lim = self._limits or DEFAULT_LIMITS
        window, max_calls = float(lim["timeWindow"]), int(lim["maxCalls"])
        now = self.clock()
        self._calls = [t for t in self._calls if now - t < window]
        if len(self._calls) >= max_calls:
            wait = window - (now - self._calls[0]) + 0.05
            log.info("StatFin rate limit: waiting %.1f s", wait)
            self.sleep(max(wait, 0.0))
        self._calls.append(self.clock())

    def _send(self, method: str, url: str, body: dict | None = None):
        if self.offline:
            raise StatFinOfflineError(
                _offline_message(url, service=self.service, cache=self.cache_dir)
            )
        delay = 1.0
        for attempt in range(self.max_retries + 1):
            self._throttle()
            try:
                if method == "get":
                    resp = self.session.get(url, timeout=self.timeout)
                else:
                    resp = self.session.post(url, json=body, timeout=self.timeout)
            except OSError as exc:  # requests' ConnectionError/Timeout derive from OSError
                # a name that cannot be resolved (no network, no DNS) is not transient
                if attempt == self.max_retries or _unresolvable(exc):
                    raise StatFinOfflineError(
                        _offline_message(url, exc, service=self.service, cache=self.cache_dir)
                    ) from None
                log.warning("%s request failed (%s); retrying in %.0f s", self.service, exc, delay)
                self.sleep(delay)
                delay *= 2
                continue
            code = resp.status_code
            if code == 200:
                return resp
            if code in (429, 500, 502, 503, 504) and attempt < self.max_retries:
                retry_after = resp.headers.get("Retry-After")
                wait = float(retry_after) if retry_after and str(retry_after).isdigit() else delay
                log.warning("%s answered %s; retrying in %.0f s", self.service, code, wait)
                self.sleep(wait)
                delay *= 2
                continue
            text = (resp.text or "")[:300]
            if code == 404 and self.service != "Statistics Finland":
                raise StatFinNotFoundError(f"{self.service} has nothing at {url} (HTTP 404).")
            if code == 404:
                raise StatFinNotFoundError(
                    f"Statistics Finland has no table at {url} (HTTP 404). Table ids were "
                    "shortened in June 2026 (e.g. 'statfin_tyonv_pxt_12tg.px' -> '12tg.px'); "
                    "check the address, or use data_source='demo'."
                )
            hint = (
                " The service is busy or down: try again later (answers already received are "
                "cached), or use `--offline` to work from the cache."
                if code in (429, 500, 502, 503, 504)
                else ""
            )
            raise StatFinError(f"{self.service} answered HTTP {code} for {url}: {text}{hint}")
        raise StatFinError(f"{self.service} kept failing for {url}")  # pragma: no cover

    # -- cache ----------------------------------------------------------------------------
    def _cache_path(self, url: str, body: dict | None) -> Path:
        key = hashlib.sha256(json.dumps([url, body], sort_keys=True).encode()).hexdigest()[:24]
        return self.cache_dir / f"{key}.json"

    def _cached(
        self,
        method: str,
        url: str,
        body: dict | None,
        refresh: bool,
        missing_ok: bool = False,
    ) -> tuple[Any, str]:
        path = self._cache_path(url, body)
        if path.exists() and not refresh:
            try:
                entry = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(entry.get("retrieved"), str) or entry.get("url") != url:
                    raise ValueError("not a kokka cache entry for this address")
                if entry.get("not_found") is True:  # a 404 kept, so that --offline knows it
                    if missing_ok:
                        return None, entry["retrieved"]
                    raise StatFinNotFoundError(f"{self.service} has nothing at {url} (HTTP 404).")
                answer = entry.get("response")  # Vipunen's row count is a bare integer
                if not isinstance(answer, dict | list | int) or isinstance(answer, bool):
                    raise ValueError("no answer in it")
                return entry["response"], entry["retrieved"]
            except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
                # a truncated or damaged cache file is as good as none: ask again, or say which
                if self.offline:
                    raise StatFinOfflineError(
                        f"The cached answer {path} for {url} is damaged (not readable JSON). "
                        "Delete that file and run `kokka fetch` where the network is available."
                    ) from None
                log.warning("StatFin cache file %s is damaged; asking the service again", path)
        if self.offline:
            raise StatFinOfflineError(
                _offline_message(url, service=self.service, cache=self.cache_dir)
            )
        try:
            resp = self._send(method, url, body)
        except StatFinNotFoundError:
            if not missing_ok:
                raise
            retrieved = datetime.now(UTC).replace(microsecond=0).isoformat()
            self._keep(path, {"url": url, "query": body, "retrieved": retrieved,
                              "response": None, "not_found": True})  # fmt: skip
            return None, retrieved
        try:
            payload = resp.json()
        except ValueError:
            raise StatFinError(
                f"{self.service} sent something that is not JSON for {url}."
            ) from None
        retrieved = datetime.now(UTC).replace(microsecond=0).isoformat()
        self._keep(path, {"url": url, "query": body, "retrieved": retrieved, "response": payload})
        return payload, retrieved

    @staticmethod
    def _keep(path: Path, entry: dict) -> None:
        """Write a cache entry atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    # -- public ---------------------------------------------------------------------------
    def get_json(
        self, url: str, refresh: bool = False, missing_ok: bool = False
    ) -> tuple[Any, str]:
        """GET any JSON address through the same politeness and cache: ``(payload,
        retrieved)`` (ISO time of the network answer). With ``missing_ok`` a 404 gives
        ``(None, retrieved)`` and is cached like an answer (an offline run then knows it)."""
        return self._cached("get", url, None, refresh, missing_ok)

    def metadata(self, table: str, refresh: bool = False) -> TableMeta:
        """The table's variables and values (GET on the table address)."""
        url = self.table_url(table)
        payload, _ = self._cached("get", url, None, refresh)
        try:
            return parse_metadata(table, payload)
        except StatFinError as exc:
            raise type(exc)(f"{exc} {self._cache_hint(url, None)}") from None

    def _cache_hint(self, url: str, body: dict | None) -> str:
        path = self._cache_path(url, body)
        if not path.exists():
            return ""
        return (
            f"(The answer came from the cache file {path}: if it is damaged, delete it, or "
            "run `kokka fetch --refresh` where the network is available.)"
        )

    def fetch(
        self,
        table: str,
        selection: Selection,
        refresh: bool = False,
        on_part: Callable[[int, int, bool], None] | None = None,
    ) -> pd.DataFrame:
        """Query ``table`` with ``selection`` (validated against its metadata) -> tidy frame.

        Queries over the service's cell limit are split and the parts re-joined. Each part's
        answer is cached as it arrives, so an interrupted fetch continues from the parts it
        has. ``on_part(done, total, from_cache)`` is called after each part.
        """
        meta = self.metadata(table, refresh=refresh)
        query = build_query(meta, selection)
        max_cells = int(self.limits()["maxValues"])
        parts = split_query(query, max_cells)
        if len(parts) > 1:
            log.info(
                "StatFin %s: %d cells split into %d queries", table, query_cells(query), len(parts)
            )
        frames, retrieved = [], []
        for i, part in enumerate(parts, start=1):
            url = self.table_url(table)
            from_cache = not refresh and self._cache_path(url, part).exists()
            payload, when = self._cached("post", url, part, refresh)
            try:
                frames.append(read_jsonstat(payload, retrieved=when))
            except DataFormatError as exc:
                raise StatFinError(
                    f"Statistics Finland's answer for {table} cannot be read: {exc.problem} "
                    f"{self._cache_hint(url, part)}"
                ) from None
            retrieved.append(when)
            if on_part is not None:
                on_part(i, len(parts), from_cache)
        df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        df.attrs = {
            **frames[0].attrs,
            "retrieved": min(retrieved),
            "table_path": table,
            "query": query,
        }
        return df


def _unresolvable(exc: BaseException) -> bool:
    """True when retrying cannot help: the host name could not be resolved (no DNS, no
    network) or the connection was refused (nothing listening, e.g. a dead proxy)."""
    import socket

    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, socket.gaierror):
            return True
        text = f"{type(e).__name__}: {e}"
        if any(m in text for m in ("NameResolutionError", "Name or service not known",
                                   "Temporary failure in name resolution",
                                   "nodename nor servname", "getaddrinfo failed",
                                   "Connection refused", "ConnectionRefusedError")):  # fmt: skip
            return True
        if isinstance(e, ConnectionRefusedError):
            return True
        todo += [e.__cause__, e.__context__, *[a for a in e.args if isinstance(a, BaseException)]]
        reason = getattr(e, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
    return False


def _offline_message(
    url: str,
    exc: Exception | None = None,
    *,
    service: str = "Statistics Finland",
    cache: Path | None = None,
) -> str:
    why = f" ({exc})" if exc else ""
    return (
        f"Cannot reach {service} for {url}{why}, and the answer is not in the cache "
        f"({cache or config.raw_dir() / 'statfin'}). Run `kokka fetch` where the network is "
        "available, or use data_source='demo'."
    )
