"""Region registry keyed by Statistics Finland's own codes.

Codes: ``SSS`` whole country, ``MK08`` maakunta (region), ``SK082`` seutukunta (sub-region),
``KU285`` kunta (municipality). The built-in registry holds all 19 maakunnat and, for
Kymenlaakso (MK08) and Etelä-Karjala (MK09), every seutukunta and kunta, with names in
Finnish, Swedish and English (Statistics Finland regional classification, 2026 key).

Examples
--------
>>> from kokka_analysis import regions
>>> regions.resolve("kotka").code
'KU285'
>>> [r.code for r in regions.members("SK082")]
['KU075', 'KU285', 'KU489', 'KU624', 'KU935']
>>> regions.parent("KU285").code
'MK08'
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import KokkaError, UnknownRegionError

if TYPE_CHECKING:
    import pandas as pd

LEVELS = ("koko_maa", "maakunta", "seutukunta", "kunta")
_PREFIX = {"koko_maa": "", "maakunta": "MK", "seutukunta": "SK", "kunta": "KU"}
_LEVEL_OF_PREFIX = {"MK": "maakunta", "SK": "seutukunta", "KU": "kunta"}
_LEVEL_NAMES = {
    "koko_maa": {"fi": "koko maa", "sv": "hela landet", "en": "whole country"},
    "maakunta": {"fi": "maakunta", "sv": "landskap", "en": "region"},
    "seutukunta": {"fi": "seutukunta", "sv": "ekonomisk region", "en": "sub-region"},
    "kunta": {"fi": "kunta", "sv": "kommun", "en": "municipality"},
}


@dataclass(frozen=True)
class Region:
    """One region of the registry."""

    code: str
    level: str
    name_fi: str
    name_sv: str
    name_en: str
    parent_code: str | None = None
    children: tuple[str, ...] = field(default=(), compare=False)

    def name(self, lang: str = "fi") -> str:
        """Name in ``fi``, ``sv`` or ``en``."""
        return {"fi": self.name_fi, "sv": self.name_sv, "en": self.name_en}.get(lang, self.name_fi)

    def level_name(self, lang: str = "fi") -> str:
        return _LEVEL_NAMES[self.level].get(lang, self.level)

    @property
    def number(self) -> str:
        """The bare Statistics Finland number, e.g. ``'285'`` for ``KU285``."""
        return self.code[2:] if self.level != "koko_maa" else "SSS"

    def __str__(self) -> str:
        return f"{self.name_fi} ({self.code})"


# code, fi, sv, en
_MAAKUNNAT = [
    ("01", "Uusimaa", "Nyland", "Uusimaa"),
    ("02", "Varsinais-Suomi", "Egentliga Finland", "Southwest Finland"),
    ("04", "Satakunta", "Satakunta", "Satakunta"),
    ("05", "Kanta-Häme", "Egentliga Tavastland", "Kanta-Häme"),
    ("06", "Pirkanmaa", "Birkaland", "Pirkanmaa"),
    ("07", "Päijät-Häme", "Päijänne-Tavastland", "Päijät-Häme"),
    ("08", "Kymenlaakso", "Kymmenedalen", "Kymenlaakso"),
    ("09", "Etelä-Karjala", "Södra Karelen", "South Karelia"),
    ("10", "Etelä-Savo", "Södra Savolax", "South Savo"),
    ("11", "Pohjois-Savo", "Norra Savolax", "North Savo"),
    ("12", "Pohjois-Karjala", "Norra Karelen", "North Karelia"),
    ("13", "Keski-Suomi", "Mellersta Finland", "Central Finland"),
    ("14", "Etelä-Pohjanmaa", "Södra Österbotten", "South Ostrobothnia"),
    ("15", "Pohjanmaa", "Österbotten", "Ostrobothnia"),
    ("16", "Keski-Pohjanmaa", "Mellersta Österbotten", "Central Ostrobothnia"),
    ("17", "Pohjois-Pohjanmaa", "Norra Österbotten", "North Ostrobothnia"),
    ("18", "Kainuu", "Kajanaland", "Kainuu"),
    ("19", "Lappi", "Lappland", "Lapland"),
    ("21", "Ahvenanmaa", "Åland", "Åland"),
]
# code, fi, sv, en, maakunta
_SEUTUKUNNAT = [
    ("081", "Kouvola", "Kouvola", "Kouvola", "08"),
    ("082", "Kotka-Hamina", "Kotka-Fredrikshamn", "Kotka-Hamina", "08"),
    ("091", "Lappeenranta", "Villmanstrand", "Lappeenranta", "09"),
    ("093", "Imatra", "Imatra", "Imatra", "09"),
]
# code, fi, sv, en, seutukunta
_KUNNAT = [
    ("075", "Hamina", "Fredrikshamn", "Hamina", "082"),
    ("153", "Imatra", "Imatra", "Imatra", "093"),
    ("285", "Kotka", "Kotka", "Kotka", "082"),
    ("286", "Kouvola", "Kouvola", "Kouvola", "081"),
    ("405", "Lappeenranta", "Villmanstrand", "Lappeenranta", "091"),
    ("416", "Lemi", "Lemi", "Lemi", "091"),
    ("441", "Luumäki", "Luumäki", "Luumäki", "091"),
    ("489", "Miehikkälä", "Miehikkälä", "Miehikkälä", "082"),
    ("580", "Parikkala", "Parikkala", "Parikkala", "093"),
    ("624", "Pyhtää", "Pyttis", "Pyhtää", "082"),
    ("689", "Rautjärvi", "Rautjärvi", "Rautjärvi", "093"),
    ("700", "Ruokolahti", "Ruokolax", "Ruokolahti", "093"),
    ("739", "Savitaipale", "Savitaipale", "Savitaipale", "091"),
    ("831", "Taipalsaari", "Taipalsaari", "Taipalsaari", "091"),
    ("935", "Virolahti", "Vederlax", "Virolahti", "082"),
]


def _fold(text: str) -> str:
    """Lower-case, strip diacritics and separators: 'Etelä-Karjala' -> 'etelakarjala'."""
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(c for c in text if c.isalnum())


class RegionRegistry:
    """A mutable set of regions with lookup by code and by name.

    The module-level functions (:func:`get`, :func:`resolve`, ...) use the default registry,
    which :mod:`kokka_analysis.sources.statfin` can complete with the whole country.
    """

    def __init__(self) -> None:
        self._regions: dict[str, Region] = {}

    # -- building -----------------------------------------------------------------------------
    def add(
        self,
        code: str,
        name_fi: str,
        name_sv: str,
        name_en: str,
        parent_code: str | None = None,
    ) -> Region:
        """Add (or replace) one region; ``code`` is a full code such as ``'KU285'``."""
        level = "koko_maa" if code == "SSS" else _LEVEL_OF_PREFIX.get(code[:2])
        if level is None:
            raise ValueError(f"Region code {code!r} must start with MK, SK or KU, or be 'SSS'.")
        old = self._regions.get(code)
        children = old.children if old else ()
        if old and old.parent_code and old.parent_code != parent_code:
            self._unlink(old.parent_code, code)
        region = Region(code, level, name_fi, name_sv, name_en, parent_code, children)
        self._regions[code] = region
        if parent_code:
            p = self._regions[parent_code]
            if code not in p.children:
                self._regions[parent_code] = Region(
                    p.code, p.level, p.name_fi, p.name_sv, p.name_en, p.parent_code,
                    tuple(sorted((*p.children, code))),
                )  # fmt: skip
        return region

    def _unlink(self, parent_code: str, code: str) -> None:
        p = self._regions[parent_code]
        kids = tuple(c for c in p.children if c != code)
        self._regions[parent_code] = Region(
            p.code, p.level, p.name_fi, p.name_sv, p.name_en, p.parent_code, kids
        )

    # -- lookup -------------------------------------------------------------------------------
    def __contains__(self, code: object) -> bool:
        return code in self._regions

    def __len__(self) -> int:
        return len(self._regions)

    def all(self, level: str | None = None) -> list[Region]:
        """Every region (of one level), sorted by code."""
        _check_level(level) if level else None
        return [r for c, r in sorted(self._regions.items()) if level is None or r.level == level]

    def get(self, code: str) -> Region:
        """The region with exactly this code (``'MK08'``); see :meth:`resolve` for names."""
        try:
            return self._regions[code]
        except (KeyError, TypeError):
            raise UnknownRegionError(str(code), self._suggest(str(code))) from None

    def resolve(self, query: str | int) -> Region:
        """A region from a code, a bare number or a name in fi/sv/en.

        Case, diacritics, spaces and hyphens are ignored. A bare three-digit number is a kunta
        ("285"), a bare one- or two-digit number a maakunta ("8", "08"). A name shared by a kunta
        and its seutukunta ("Kouvola") means the kunta; use the code (``SK081``) for the other.
        """
        if isinstance(query, Region):
            return query
        q = str(query).strip()
        if q.upper() in self._regions:
            return self._regions[q.upper()]
        if q.isdigit():
            code = {1: "MK0", 2: "MK", 3: "KU"}.get(len(q), "") + q
            if code in self._regions:
                return self._regions[code]
            raise UnknownRegionError(q, self._suggest(q))
        folded = _fold(q)
        order = {"kunta": 0, "seutukunta": 1, "maakunta": 2, "koko_maa": 3}
        hits = [
            r
            for r in self._regions.values()
            if folded in {_fold(r.name_fi), _fold(r.name_sv), _fold(r.name_en)}
        ]
        if hits:
            return min(hits, key=lambda r: order[r.level])
        for alias, code in _ALIASES.items():
            if folded == alias and code in self._regions:
                return self._regions[code]
        raise UnknownRegionError(q, self._suggest(q))

    def members(self, code: str, level: str = "kunta") -> list[Region]:
        """The regions of ``level`` inside ``code`` (a kunta's members at kunta level: itself)."""
        _check_level(level)
        root = self.resolve(code)
        if root.level == level:
            return [root]
        out: list[Region] = []
        stack = list(root.children)
        if root.level == "koko_maa":
            stack = [r.code for r in self.all("maakunta")]
        while stack:
            r = self._regions[stack.pop()]
            if r.level == level:
                out.append(r)
            else:
                stack.extend(r.children)
        return sorted(out, key=lambda r: r.code)

    def parent(self, code: str, level: str = "maakunta") -> Region:
        """The region of ``level`` that contains ``code`` (itself if already at that level)."""
        _check_level(level)
        r = self.resolve(code)
        if level == "koko_maa":
            return self._regions["SSS"]
        while r.level != level:
            if r.parent_code is None:
                raise UnknownRegionError(
                    f"{level} containing {r.code}",
                    [f"{r.code} is a {r.level}; it has no parent at level {level!r}"],
                )
            r = self._regions[r.parent_code]
        return r

    def _suggest(self, query: str, n: int = 5) -> list[str]:
        folded = _fold(query)
        labels: dict[str, str] = {}
        for r in self._regions.values():
            for name in (r.name_fi, r.name_sv, r.name_en):
                labels.setdefault(_fold(name), f"{r.name_fi} ({r.code})")
            labels.setdefault(_fold(r.code), f"{r.name_fi} ({r.code})")
        close = difflib.get_close_matches(folded, list(labels), n=n, cutoff=0.6)
        return list(dict.fromkeys(labels[c] for c in close))


_ALIASES = {
    "kymi": "MK08",
    "kymenlaaksonmaakunta": "MK08",
    "etelakarjalanmaakunta": "MK09",
    "suomi": "SSS",
    "finland": "SSS",
    "kokomaa": "SSS",
}


def _check_level(level: str | None) -> None:
    if level not in LEVELS:
        raise ValueError(f"Unknown region level {level!r}; use one of {', '.join(LEVELS)}.")


#: Columns of Statistics Finland's regional classification key (one row per kunta).
KEY_COLUMNS = (
    "kunta", "municipality_name_fi", "municipality_name_sv", "municipality_name_en",
    "seutukunta_code", "seutukunta_name_fi", "seutukunta_name_sv", "seutukunta_name_en",
    "maakunta_code", "maakunta_name_fi", "maakunta_name_sv", "maakunta_name_en",
)  # fmt: skip


def complete_from_key(rows: Iterable[dict], registry: RegionRegistry | None = None) -> int:
    """Add every kunta and seutukunta of a classification key to the registry.

    ``rows`` are dicts with :data:`KEY_COLUMNS` (codes without prefix, e.g. ``"285"``,
    ``"082"``, ``"08"``), as in Statistics Finland's municipality key. Returns the number of
    kunnat added or updated. See :mod:`kokka_analysis.sources.classification` for reading and
    caching the key file.
    """
    reg = registry or REGISTRY
    n = 0
    for row in rows:
        mk = "MK" + str(row["maakunta_code"]).zfill(2)
        sk = "SK" + str(row["seutukunta_code"]).zfill(3)
        ku = "KU" + str(row["kunta"]).zfill(3)
        if mk not in reg:
            reg.add(
                mk, row["maakunta_name_fi"], row["maakunta_name_sv"], row["maakunta_name_en"], "SSS"
            )
        if sk not in reg:
            reg.add(
                sk,
                row["seutukunta_name_fi"],
                row["seutukunta_name_sv"],
                row["seutukunta_name_en"],
                mk,
            )
        reg.add(
            ku, row["municipality_name_fi"], row["municipality_name_sv"],
            row["municipality_name_en"], sk,
        )  # fmt: skip
        n += 1
    return n


def cached_key_path():
    """Where an installed classification key is kept (``data/raw/classification/``)."""
    from . import config

    return config.raw_dir() / "classification" / "municipality_key.csv"


def _default_registry() -> RegionRegistry:
    reg = RegionRegistry()
    reg.add("SSS", "Koko maa", "Hela landet", "Whole country")
    for code, fi, sv, en in _MAAKUNNAT:
        reg.add("MK" + code, fi, sv, en, "SSS")
    for code, fi, sv, en, mk in _SEUTUKUNNAT:
        reg.add("SK" + code, fi, sv, en, "MK" + mk)
    for code, fi, sv, en, sk in _KUNNAT:
        reg.add("KU" + code, fi, sv, en, "SK" + sk)
    key = cached_key_path()
    if (
        key.exists()
    ):  # the whole country, once a key has been installed (kokka regions --install-key)
        import csv

        try:
            with key.open(encoding="utf-8", newline="") as fh:
                complete_from_key(csv.DictReader(fh), reg)
        except (OSError, KeyError, ValueError) as exc:
            import logging

            logging.getLogger(__name__).warning("Ignoring unusable region key %s: %s", key, exc)
    return reg


REGISTRY = _default_registry()

#: The two regions of the projects.
HOME_REGIONS = ("MK08", "MK09")


def get(code: str) -> Region:
    """The region with exactly this code, e.g. ``get("MK08")``."""
    return REGISTRY.get(code)


def resolve(query: str | int) -> Region:
    """A region from a code, number or name: ``resolve("kymenlaakso")``, ``resolve(285)``."""
    return REGISTRY.resolve(query)


def members(code: str, level: str = "kunta") -> list[Region]:
    """The regions of ``level`` inside ``code``: ``members("MK08")`` lists its kunnat."""
    return REGISTRY.members(code, level)


def parent(code: str, level: str = "maakunta") -> Region:
    """The region of ``level`` containing ``code``: ``parent("KU285").code == "MK08"``."""
    return REGISTRY.parent(code, level)


def all_regions(level: str | None = None) -> list[Region]:
    """Every region in the registry, optionally of one level."""
    return REGISTRY.all(level)


def home_regions(levels: Iterable[str] = ("maakunta", "seutukunta", "kunta")) -> list[str]:
    """MK08 and MK09 with all their seutukunnat and kunnat: the default build regions."""
    out: list[str] = []
    for mk in HOME_REGIONS:
        for level in levels:
            out.extend(r.code for r in members(mk, level))
    return out


#: The levels a region set can be made of (``--level``).
SET_LEVELS = ("maakunta", "seutukunta", "kunta")


def read_regions_file(path: str | Path) -> list[str]:
    """Region codes from a file with one code or name a line; ``#`` starts a comment, blank
    lines are skipped, duplicates are dropped (first one kept).

    Raises
    ------
    KokkaError
        Naming every unknown line of the file (its number and text) at once.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "towns.txt"
    >>> _ = f.write_text("# the network's towns\\nKotka\\nKU153  # Imatra\\n\\nkotka\\n", "utf-8")
    >>> read_regions_file(f)
    ['KU285', 'KU153']
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise KokkaError(f"Cannot read the regions file {path.name}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise KokkaError(f"The regions file {path.name} is not UTF-8 text.") from exc
    out: list[str] = []
    bad: list[str] = []
    for number, line in enumerate(lines, start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        try:
            out.append(resolve(entry).code)
        except UnknownRegionError as exc:
            hint = f" (did you mean {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
            bad.append(f"line {number}: {entry!r}{hint}")
    if bad:
        raise KokkaError(
            f"The regions file {path.name} has {len(bad)} unknown "
            f"{'entry' if len(bad) == 1 else 'entries'}: " + "; ".join(bad) + ". Use Statistics "
            "Finland codes (MK08, SK082, KU285) or names, one a line; # starts a comment."
        )
    return list(dict.fromkeys(out))


def region_set(
    regions: Iterable[str] | None = None,
    *,
    level: str | None = None,
    within: Iterable[str] | None = None,
    regions_file: str | Path | None = None,
) -> list[str] | None:
    """The codes of a set of regions, in order and without duplicates; ``None`` when nothing
    was asked (the caller's default then applies).

    ``regions`` are codes or names; ``"all"`` means every maakunta, seutukunta and kunta the
    registry knows (the whole country once the municipality key is installed). ``level`` adds
    every region of that level, or with ``within`` only those inside the given regions.
    ``regions_file`` adds the lines of a file (:func:`read_regions_file`).

    Examples
    --------
    >>> region_set(level="kunta", within=["SK082"])
    ['KU075', 'KU285', 'KU489', 'KU624', 'KU935']
    >>> region_set(["MK09", "Etelä-Karjala", "SK091"])
    ['MK09', 'SK091']
    >>> region_set() is None
    True
    """
    out: list[str] = []
    for item in regions or []:
        if str(item).strip().lower() == "all":
            out.extend(r.code for lvl in SET_LEVELS for r in all_regions(lvl))
        else:
            out.append(resolve(item).code)
    if within and level is None:
        raise KokkaError("--within needs --level (maakunta, seutukunta or kunta).")
    if level is not None:
        if level not in SET_LEVELS:
            raise KokkaError(f"--level must be one of {', '.join(SET_LEVELS)}, not {level!r}.")
        if within:
            for parent_code in within:
                out.extend(r.code for r in members(resolve(parent_code).code, level))
        else:
            out.extend(r.code for r in all_regions(level))
    if regions_file is not None:
        out.extend(read_regions_file(regions_file))
    if not out and (regions or level or regions_file):
        raise KokkaError("The region set is empty: no region matches what was asked.")
    return list(dict.fromkeys(out)) or None


def whole_country_known() -> bool:
    """Whether every kunta of Finland is known (a municipality key has been installed)."""
    return len(all_regions("kunta")) > len(_KUNNAT)


def name(code: str, lang: str = "fi") -> str:
    """The name of a region in ``lang``."""
    return resolve(code).name(lang)


def code_of(region: str | int) -> str:
    """The registry code of ``region`` (a code, name or bare number) if the registry knows
    it, else the text as given (tables from StatFin may carry codes the registry does not
    list yet).

    >>> code_of("Kotka"), code_of("MK99")
    ('KU285', 'MK99')
    """
    try:
        return resolve(region).code
    except UnknownRegionError:
        return str(region)


def rows_of(table: pd.DataFrame, region: str, table_name: str = "table") -> pd.DataFrame:
    """The rows of an aggregate table whose ``region`` is exactly ``region`` (a copy, with
    ``attrs``). Aggregate tables have a row per kunta, seutukunta and maakunta, so a plain code
    comparison is right; for microdata use :func:`in_region`.

    Raises :class:`~kokka_analysis.errors.DataFormatError` if the table has no ``region``
    column and :class:`~kokka_analysis.errors.KokkaError` (naming the codes it has) if it has
    no rows for the region.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"region": ["MK08", "KU285"], "persons": [10, 4]})
    >>> rows_of(t, "Kotka")["persons"].tolist()
    [4]
    """
    from .errors import DataFormatError, KokkaError

    if "region" not in table.columns:
        raise DataFormatError(
            "the table has no 'region' column.", source=table_name, column="region"
        )
    code = code_of(region)
    out = table[table["region"] == code].copy()
    if out.empty:
        available = sorted(table["region"].dropna().astype(str).unique())
        shown = ", ".join(available[:10]) + (", ..." if len(available) > 10 else "")
        raise KokkaError(
            f"The {table_name} table has no rows for region {code!r}. It has "
            f"{len(available)} region codes ({shown}). Choose one of them, or load the "
            f"table for {code}."
        )
    out.attrs = dict(table.attrs)
    return out


def in_region(codes: pd.Series, code: str) -> pd.Series:
    """Boolean mask: which rows' region codes are ``code`` itself or lie inside it.

    Use it on microdata whose ``region`` is a kunta, e.g. ``cohort[in_region(cohort.region,
    "MK08")]``; for aggregate tables that have a row per region, compare codes directly.
    """
    import pandas as pd

    if resolve(code).level == "koko_maa":
        return pd.Series(True, index=codes.index)
    return codes.isin(inside(code))


def inside(code: str) -> set[str]:
    """``code`` itself and every region the registry places inside it (the whole registry for
    ``SSS``).

    >>> sorted(inside("SK082"))
    ['KU075', 'KU285', 'KU489', 'KU624', 'KU935', 'SK082']
    """
    root = resolve(code)
    out = {root.code}
    for level in LEVELS[LEVELS.index(root.level) + 1 :]:
        out.update(r.code for r in members(root.code, level))
    return out
