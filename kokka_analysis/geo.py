"""Municipality boundaries for maps, and a schematic tile map for when there are none.

Real boundaries come from Statistics Finland's open geodata service (``geo.stat.fi``, WFS,
layer ``tilastointialueet:kunta4500k_<year>``: municipality boundaries at 1:4 500 000,
licence CC BY 4.0). :func:`fetch_boundaries` downloads them once into the raw-data cache
(``data/raw/geo/``) with the retrieval time; :func:`read_boundaries` reads that file (or any
GeoJSON of municipalities with Statistics Finland or National Land Survey property names);
:func:`load_boundaries` is what notebooks call.

Offline, on a fresh machine, the maps fall back to a *schematic* tile map: one square per
kunta of Kymenlaakso and Etelä-Karjala at a grid position stored here (:data:`TILE_POSITIONS`),
roughly where the kunta lies. It is labelled as schematic wherever it is drawn.

Examples
--------
>>> from kokka_analysis import geo
>>> geo.tile_layout(["KU285", "KU405"])["col"].tolist()
[1, 5]
>>> geo.wfs_params(2024)["typeName"]
'tilastointialueet:kunta4500k_2024'
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import config, regions
from .errors import DataFormatError, KokkaError

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger(__name__)

#: Statistics Finland's open WFS service.
WFS_URL = "https://geo.stat.fi/geoserver/wfs"
#: The default boundary vintage (municipalities of MK08 and MK09 unchanged since 2021).
DEFAULT_YEAR = 2024
LICENCE = "CC BY 4.0"
SOURCE_FI = "Tilastokeskus, kuntarajat 1:4,5 milj. (CC BY 4.0)"
SOURCE_EN = "Statistics Finland, municipality boundaries 1:4.5M (CC BY 4.0)"
MAP_SOURCES = ("auto", "cache", "wfs", "schematic")

#: Schematic grid position (row, col) of each home kunta; row 0 is north, col 0 west.
TILE_POSITIONS: dict[str, tuple[int, int]] = {
    "KU580": (0, 7),  # Parikkala
    "KU689": (1, 7),  # Rautjärvi
    "KU700": (2, 7),  # Ruokolahti
    "KU739": (2, 4),  # Savitaipale
    "KU831": (2, 5),  # Taipalsaari
    "KU153": (3, 7),  # Imatra
    "KU286": (2, 1),  # Kouvola
    "KU416": (3, 4),  # Lemi
    "KU405": (3, 5),  # Lappeenranta
    "KU441": (3, 3),  # Luumäki
    "KU489": (4, 3),  # Miehikkälä
    "KU624": (4, 0),  # Pyhtää
    "KU285": (4, 1),  # Kotka
    "KU075": (4, 2),  # Hamina
    "KU935": (5, 3),  # Virolahti
}

# Property names of the two GeoJSON flavours: Statistics Finland WFS and National Land Survey.
_CODE_PROPS = ("kunta", "NATCODE", "natcode")
_NAME_FI_PROPS = ("nimi", "NAMEFIN", "namefin")
_NAME_SV_PROPS = ("namn", "NAMESWE", "nameswe")


def wfs_params(year: int = DEFAULT_YEAR, layer: str = "kunta4500k") -> dict[str, str]:
    """The query parameters of a WFS GetFeature request for one boundary layer and year.

    Examples
    --------
    >>> wfs_params(2023)["outputFormat"]
    'application/json'
    """
    return {
        "service": "WFS",
        "version": "2.0.0",
        "request": "GetFeature",
        "typeName": f"tilastointialueet:{layer}_{int(year)}",
        "outputFormat": "application/json",
        "srsName": "EPSG:4326",
    }


def cache_path(year: int = DEFAULT_YEAR, cache_dir: Path | None = None) -> Path:
    """Where the boundaries of ``year`` are cached: ``data/raw/geo/kunta4500k_<year>.geojson``."""
    base = Path(cache_dir) if cache_dir is not None else config.raw_dir() / "geo"
    return base / f"kunta4500k_{int(year)}.geojson"


def fetch_boundaries(
    year: int = DEFAULT_YEAR,
    cache_dir: Path | None = None,
    refresh: bool = False,
    timeout: float = 60.0,
) -> Path:
    """Download the municipality boundaries of ``year`` from Statistics Finland into the cache.

    The GeoJSON is stored as received, beside a ``.meta.json`` with the address, query and
    retrieval time. An existing cache file is reused unless ``refresh``.

    Returns
    -------
    Path
        The cached GeoJSON file.

    Raises
    ------
    KokkaError
        If the service cannot be reached or does not answer with GeoJSON; the message suggests
        the schematic map (``map_source="schematic"``).

    Examples
    --------
    >>> fetch_boundaries(2024)  # doctest: +SKIP
    PosixPath('.../data/raw/geo/kunta4500k_2024.geojson')
    """
    import requests

    path = cache_path(year, cache_dir)
    if path.exists() and not refresh:
        return path
    params = wfs_params(year)
    try:
        resp = requests.get(WFS_URL, params=params, timeout=timeout)
        resp.raise_for_status()
        data = resp.json()
    except (requests.RequestException, ValueError) as exc:
        raise KokkaError(
            f"Could not download municipality boundaries {params['typeName']} from "
            f"{WFS_URL} ({type(exc).__name__}: {exc}). Check the network connection, or use "
            "the schematic map (map_source='schematic'), which needs no download."
        ) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise KokkaError(
            f"The answer from {WFS_URL} for {params['typeName']} is not a GeoJSON feature "
            "collection (is the year published?). Try another year, or use the schematic map "
            "(map_source='schematic')."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    tmp.replace(path)
    meta = {
        "url": WFS_URL,
        "params": params,
        "retrieved": datetime.now(UTC).isoformat(timespec="seconds"),
        "licence": LICENCE,
        "features": len(data.get("features", [])),
    }
    _meta_path(path).write_text(json.dumps(meta, indent=2), encoding="utf-8")
    log.info("Cached %d municipality boundaries in %s", meta["features"], path)
    return path


def read_boundaries(source: str | Path | dict[str, Any]) -> gpd.GeoDataFrame:
    """Municipality boundaries from a GeoJSON file or dict, in one shape.

    Reads Statistics Finland WFS (``kunta``, ``nimi``, ``namn``) and National Land Survey
    (``NATCODE``, ``NAMEFIN``, ``NAMESWE``) property names.

    Returns
    -------
    GeoDataFrame
        Columns ``region`` (``KU285``), ``kunta`` (``"285"``), ``name_fi``, ``name_sv``,
        ``geometry`` (WGS84, EPSG:4326); sorted by region. ``attrs``: ``source``,
        ``retrieved`` (from the cache's ``.meta.json`` when present), ``licence``.

    Raises
    ------
    DataFormatError
        If the file has no municipality code property.

    Examples
    --------
    >>> gdf = read_boundaries({"type": "FeatureCollection", "features": [{"type": "Feature",
    ...     "properties": {"kunta": "285", "nimi": "Kotka", "namn": "Kotka"},
    ...     "geometry": {"type": "Point", "coordinates": [26.9, 60.5]}}]})
    >>> gdf["region"].tolist()
    ['KU285']
    """
    import geopandas as gpd

    name = str(source) if not isinstance(source, dict) else "GeoJSON"
    if isinstance(source, dict):
        gdf = gpd.GeoDataFrame.from_features(source["features"], crs="EPSG:4326")
    else:
        if not Path(source).exists():
            raise KokkaError(
                f"No boundary file at {source}. Download it with "
                "kokka_analysis.geo.fetch_boundaries(), or use the schematic map."
            )
        gdf = gpd.read_file(source)
    code_col = next((c for c in _CODE_PROPS if c in gdf.columns), None)
    if code_col is None:
        raise DataFormatError(
            f"no municipality code property; the features have {list(gdf.columns)}.",
            source=name,
            column="kunta",
            hint="Expected Statistics Finland ('kunta') or NLS ('NATCODE') boundaries.",
        )
    fi_col = next((c for c in _NAME_FI_PROPS if c in gdf.columns), None)
    sv_col = next((c for c in _NAME_SV_PROPS if c in gdf.columns), None)
    kunta = gdf[code_col].astype(str).str.strip().str.zfill(3)
    out = gpd.GeoDataFrame(
        {
            "region": "KU" + kunta,
            "kunta": kunta,
            "name_fi": gdf[fi_col].astype(str) if fi_col else kunta,
            "name_sv": gdf[sv_col].astype(str) if sv_col else kunta,
        },
        geometry=gdf.geometry.to_numpy(),
        crs=gdf.crs or "EPSG:4326",
    )
    if out.crs is not None and out.crs.to_epsg() != 4326:
        out = out.to_crs(4326)
    out = out.sort_values("region", ignore_index=True)
    retrieved = None
    if not isinstance(source, dict) and _meta_path(Path(source)).exists():
        try:
            retrieved = json.loads(_meta_path(Path(source)).read_text("utf-8")).get("retrieved")
        except (OSError, ValueError):
            retrieved = None
    out.attrs = {"source": name, "retrieved": retrieved, "licence": LICENCE}
    return out


def load_boundaries(
    map_source: str = "auto", year: int = DEFAULT_YEAR, cache_dir: Path | None = None
) -> gpd.GeoDataFrame | None:
    """The boundaries for a map, or ``None`` when the schematic tile map should be drawn.

    Parameters
    ----------
    map_source
        ``"auto"``: the cached boundaries if there are any, else ``None`` (never downloads,
        so builds stay offline); ``"cache"``: the cached boundaries or an error;
        ``"wfs"``: the cache, downloading first if needed; ``"schematic"``: ``None``.
    year
        Boundary vintage.
    cache_dir
        Cache folder (default ``data/raw/geo``).

    Examples
    --------
    >>> load_boundaries("schematic") is None
    True
    """
    if map_source not in MAP_SOURCES:
        raise KokkaError(f"map_source must be one of {', '.join(MAP_SOURCES)}; got {map_source!r}.")
    if map_source == "schematic":
        return None
    path = cache_path(year, cache_dir)
    if map_source == "wfs":
        path = fetch_boundaries(year, cache_dir)
    if not path.exists():
        if map_source == "auto":
            log.info("No cached boundaries at %s: drawing the schematic map", path)
            return None
        raise KokkaError(
            f"No cached municipality boundaries at {path}. Download them once with "
            f"map_source='wfs' (or kokka_analysis.geo.fetch_boundaries({year})), or use "
            "map_source='schematic'."
        )
    return read_boundaries(path)


def tile_layout(codes: list[str] | None = None) -> pd.DataFrame:
    """Grid positions of the schematic tile map.

    Parameters
    ----------
    codes
        Kunta codes (default: every kunta in :data:`TILE_POSITIONS`); a code without a
        stored position is an error.

    Returns
    -------
    DataFrame
        Columns ``region``, ``name_fi``, ``name_sv``, ``row``, ``col``, in the order given.

    Examples
    --------
    >>> tile_layout(["KU285"])[["row", "col"]].values.tolist()
    [[4, 1]]
    """
    codes = list(TILE_POSITIONS) if codes is None else [str(c) for c in codes]
    missing = [c for c in codes if c not in TILE_POSITIONS]
    if missing:
        raise KokkaError(
            f"The schematic map has no position for {missing}; it covers the kunnat of MK08 "
            "and MK09. Use real boundaries (map_source='wfs') for other regions."
        )
    rows = []
    for c in codes:
        r = regions.get(c)
        row, col = TILE_POSITIONS[c]
        rows.append((c, r.name_fi, r.name_sv, row, col))
    return pd.DataFrame(rows, columns=["region", "name_fi", "name_sv", "row", "col"])


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")
