"""Statistics Finland's regional classification key: every kunta with its seutukunta and
maakunta, names in Finnish, Swedish and English.

:func:`install_key` validates a key file (CSV, as published with the classification, one row
per municipality) and keeps it in ``data/raw/classification/``; from then on the region
registry knows the whole country at every start, so ``kokka build --region MK01`` resolves all
of Uusimaa's municipalities.

Examples
--------
>>> rows = read_municipality_key("municipality_key_2026.csv")  # doctest: +SKIP
>>> install_key("municipality_key_2026.csv")  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

from .. import regions
from ..errors import DataFormatError


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
    target = regions.cached_key_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(regions.KEY_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(target)
    meta = {
        "source": str(Path(path).resolve()),
        "installed": datetime.now(UTC).isoformat(),
        "rows": len(rows),
    }
    target.with_suffix(".json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    return regions.complete_from_key(rows)
