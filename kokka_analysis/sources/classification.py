"""Statistics Finland's regional classification key: every kunta with its seutukunta and
maakunta, names in Finnish, Swedish and English.

Two ways to get it, both kept in ``data/raw/classification/`` so that from then on the region
registry knows the whole country at every start (``kokka build --region MK01`` resolves all of
Uusimaa's municipalities):

- :func:`fetch_key` reads it from Statistics Finland's open classification service
  (``https://data.stat.fi/api/classifications/v2``): the correspondence tables
  ``kunta_1_YYYY0101#seutukunta_1_YYYY0101`` and ``kunta_1_YYYY0101#maakunta_1_YYYY0101``, in
  Finnish, Swedish and English (six GET requests). The newest year the service has is used
  (this year, else the one before). Answers go through the StatFin client's politeness rules
  (rate limit, back-off on HTTP 429) and are cached under ``data/raw/classification/answers/``,
  so a re-run works offline. ``kokka regions --fetch``; ``kokka fetch`` does it by itself when
  a requested region is not yet known.
- :func:`install_key` validates a key file (CSV, one row per municipality, e.g. as published
  with the classification) and keeps it.

Examples
--------
>>> rows = read_municipality_key("municipality_key_2026.csv")  # doctest: +SKIP
>>> install_key("municipality_key_2026.csv")  # doctest: +SKIP
>>> fetch_and_install()  # doctest: +SKIP
(308, 2026)
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .. import config, regions
from ..errors import DataFormatError, KokkaError
from .statfin import StatFinClient, StatFinNotFoundError, StatFinOfflineError

#: Statistics Finland's open classification service (API v2).
CLASSIFICATION_API = "https://data.stat.fi/api/classifications/v2"
#: The region levels the key links every kunta to.
KEY_TARGETS = ("seutukunta", "maakunta")
LANGS = ("fi", "sv", "en")


def read_municipality_key(path: str | Path) -> list[dict]:
    """Read and check a municipality key CSV; errors name the file, row and column."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFormatError(
            f"cannot read the key as UTF-8 text: {exc}", source=str(path)
        ) from None
    sample = text[:2000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    missing = [c for c in regions.KEY_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DataFormatError(
            f"the key lacks the columns {missing}",
            source=str(path),
            hint="Expected: " + ", ".join(regions.KEY_COLUMNS),
        )
    rows = []
    for i, row in enumerate(reader, start=2):  # line 1 is the header
        for col, width in (("kunta", 3), ("seutukunta_code", 3), ("maakunta_code", 2)):
            value = str(row[col]).strip()
            if not value.isdigit() or len(value) > width:
                raise DataFormatError(
                    f"{value!r} is not a {width}-digit code", source=str(path), rows=[i], column=col,
                    hint="(row numbers count the header as line 1)",
                )  # fmt: skip
            row[col] = value.zfill(width)
        for col in regions.KEY_COLUMNS:
            if not str(row[col]).strip():
                raise DataFormatError("empty value", source=str(path), rows=[i], column=col)
        rows.append({c: str(row[c]).strip() for c in regions.KEY_COLUMNS})
    if not rows:
        raise DataFormatError("the key has no rows", source=str(path))
    return rows


def install_key(path: str | Path) -> int:
    """Validate ``path``, keep a copy as the cached key and complete the running registry.

    Returns the number of municipalities now known from the key.
    """
    rows = read_municipality_key(path)
    return _keep_key(rows, {"source": str(Path(path).resolve())})


def _keep_key(rows: list[dict], meta: dict) -> int:
    """Write ``rows`` as the cached key (atomically), its provenance beside it, and complete
    the running registry."""
    target = regions.cached_key_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(regions.KEY_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(target)
    meta = {**meta, "installed": datetime.now(UTC).isoformat(), "rows": len(rows)}
    target.with_suffix(".json").write_text(
        json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return regions.complete_from_key(rows)


# ---------------------------------------------------------------------------------------------
# Statistics Finland's classification service
# ---------------------------------------------------------------------------------------------
def maps_url(year: int, target: str, lang: str, base: str = CLASSIFICATION_API) -> str:
    """Address of the kunta -> ``target`` correspondence table of 1 January ``year``."""
    stamp = f"{year}0101"
    return (
        f"{base}/correspondenceTables/kunta_1_{stamp}%23{target}_1_{stamp}/maps"
        f"?content=data&meta=min&lang={lang}&format=json"
    )


def parse_maps(payload: Any, url: str) -> dict[str, tuple[str, str, str]]:
    """One correspondence table (the service's ``maps`` answer) ->
    ``{kunta code: (kunta name, target code, target name)}``.

    Errors name the address, the entry (1-based) and the field.
    """
    if not isinstance(payload, list) or not payload:
        raise DataFormatError(
            "expected a non-empty list of correspondences (sourceItem -> targetItem)",
            source=url,
        )
    out: dict[str, tuple[str, str, str]] = {}
    for i, entry in enumerate(payload, start=1):
        got = []
        for side in ("sourceItem", "targetItem"):
            item = entry.get(side) if isinstance(entry, dict) else None
            code = str((item or {}).get("code") or "").strip()
            if not code.isdigit():
                raise DataFormatError(
                    f"no numeric code ({code!r})", source=url, rows=[i], column=f"{side}.code"
                )
            names = [n for n in (item.get("classificationItemNames") or []) if n.get("name")]
            if not names:
                raise DataFormatError(
                    "no name", source=url, rows=[i], column=f"{side}.classificationItemNames"
                )
            got += [code, str(names[0]["name"]).strip()]
        kunta, kunta_name, target, target_name = got
        if kunta in out and out[kunta][1] != target:
            raise DataFormatError(
                f"kunta {kunta} is mapped to both {out[kunta][1]} and {target}",
                source=url, rows=[i], column="targetItem.code",
            )  # fmt: skip
        out[kunta] = (kunta_name, target, target_name)
    return out


def _key_rows(maps: dict[tuple[str, str], dict], urls: dict[tuple[str, str], str]) -> list[dict]:
    """Join the six correspondence tables into rows with :data:`regions.KEY_COLUMNS`."""
    base = maps[("seutukunta", "fi")]
    for (target, lang), m in maps.items():
        if set(m) != set(base):
            diff = sorted(set(m) ^ set(base))[:5]
            raise DataFormatError(
                f"the kunnat differ from those of the Finnish kunta -> seutukunta table "
                f"(e.g. {', '.join(diff)})",
                source=urls[(target, lang)],
            )
    seutu_in = {}
    rows = []
    for kunta in sorted(base):
        sk = maps[("seutukunta", "fi")][kunta][1]
        mk = maps[("maakunta", "fi")][kunta][1]
        if seutu_in.setdefault(sk, mk) != mk:
            raise DataFormatError(
                f"seutukunta {sk} lies in two maakunnat ({seutu_in[sk]} and {mk})",
                source=urls[("maakunta", "fi")],
            )
        row = {
            "kunta": kunta.zfill(3),
            "seutukunta_code": sk.zfill(3),
            "maakunta_code": mk.zfill(2),
        }
        for lang in LANGS:
            row[f"municipality_name_{lang}"] = maps[("seutukunta", lang)][kunta][0]
            row[f"seutukunta_name_{lang}"] = maps[("seutukunta", lang)][kunta][2]
            row[f"maakunta_name_{lang}"] = maps[("maakunta", lang)][kunta][2]
        rows.append({c: row[c] for c in regions.KEY_COLUMNS})
    return rows


def _client(offline: bool = False) -> StatFinClient:
    """The polite, caching client, with the answers kept in data/raw/classification/answers."""
    return StatFinClient(cache_dir=config.raw_dir() / "classification" / "answers", offline=offline)


def fetch_key(
    year: int | None = None,
    *,
    client: StatFinClient | None = None,
    refresh: bool = False,
    base: str = CLASSIFICATION_API,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[dict], dict]:
    """The municipality key from Statistics Finland's classification service.

    ``year`` is the key's 1 January; by default the newest the service has (this year, else the
    previous two). Returns ``(rows, provenance)``; nothing is written (see
    :func:`fetch_and_install`).
    """
    client = client or _client()
    this_year = date.today().year
    years: Sequence[int] = [year] if year else [this_year, this_year - 1, this_year - 2]
    unreachable = False
    for y in years:
        maps, urls, retrieved = {}, {}, []
        try:
            for target in KEY_TARGETS:
                for lang in LANGS:
                    url = urls[(target, lang)] = maps_url(y, target, lang, base)
                    if progress:
                        progress(f"classification kunta -> {target} {y} ({lang})")
                    payload, when = client.get_json(url, refresh=refresh)
                    maps[(target, lang)] = parse_maps(payload, url)
                    retrieved.append(when)
        except StatFinNotFoundError:
            continue
        except StatFinOfflineError:
            unreachable = True  # an earlier year may be cached
            continue
        rows = _key_rows(maps, urls)
        prov = {
            "source": "Statistics Finland, classification service (CC BY 4.0)",
            "year": y,
            "urls": sorted(set(urls.values())),
            "retrieved": min(retrieved),
        }
        return rows, prov
    if unreachable:
        raise StatFinOfflineError(
            "Cannot reach Statistics Finland's classification service "
            f"({base}), and its answers for {', '.join(str(y) for y in years)} are not cached "
            f"under {client.cache_dir}. Run `kokka regions --fetch` where the network is "
            "available, or install a key file with `kokka regions --install-key CSV`."
        )
    raise KokkaError(
        f"Statistics Finland's classification service has no kunta key for "
        f"{', '.join(str(y) for y in years)} at {base}. Give another year with --year, or "
        "install a key file with `kokka regions --install-key CSV`."
    )


def fetch_and_install(
    year: int | None = None,
    *,
    client: StatFinClient | None = None,
    offline: bool = False,
    refresh: bool = False,
    base: str = CLASSIFICATION_API,
    progress: Callable[[str], None] | None = None,
) -> tuple[int, int]:
    """Fetch the key (:func:`fetch_key`), keep it and complete the registry.

    Returns ``(municipalities, year)``.
    """
    client = client or _client(offline)
    rows, prov = fetch_key(year, client=client, refresh=refresh, base=base, progress=progress)
    return _keep_key(rows, prov), int(prov["year"])


def key_info() -> dict | None:
    """Provenance of the kept key (``None`` when none is kept)."""
    path = regions.cached_key_path().with_suffix(".json")
    if not regions.cached_key_path().exists() or not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None  # a damaged provenance file: the key itself is still used


def incomplete_regions(codes: Sequence[str]) -> list[str]:
    """The requested regions the registry cannot place in full: unknown names or codes, and
    seutukunnat or maakunnat whose municipalities are not known (before a key is kept, only
    the home regions' are)."""
    out = []
    for code in codes:
        try:
            r = regions.resolve(code)
        except KokkaError:
            out.append(str(code))
            continue
        if r.level in ("maakunta", "seutukunta") and not regions.members(r.code, "kunta"):
            out.append(str(code))
    return out
