"""A stand-in for Statistics Finland's open classification service (API v2), tests only.

It answers ``GET .../correspondenceTables/kunta_1_YYYY0101%23{target}_1_YYYY0101/maps`` in the
service's format (``content=data&meta=min``: a list of ``sourceLocalId``/``sourceItem`` ->
``targetLocalId``/``targetItem`` with ``classificationItemNames`` in the asked language),
made from a real municipality key (``../shared/fixtures/regions/``), and 404 for a year it
does not have.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from statfin_fake import FakeResponse

_MAPS = re.compile(r"/correspondenceTables/kunta_1_(\d{8})%23(\w+?)_1_\1/maps$")
_CODE = {"seutukunta": "seutukunta_code", "maakunta": "maakunta_code"}


def _item(classification: str, code: str, name: str, lang: str, level: float) -> dict:
    return {
        "localId": f"{classification}/{code}",
        "level": level,
        "code": code,
        "classificationItemNames": [{"lang": lang, "name": name}],
    }


class FakeClassificationService:
    """``get(url, timeout=)`` like ``requests.Session``; ``rows`` as read from a key CSV."""

    def __init__(self, rows: list[dict], year: int, throttle_first: int = 0):
        self.rows, self.year = rows, year
        self.calls: list[str] = []
        self.headers: dict[str, str] = {}  # like requests.Session
        self._throttle = throttle_first

    def get(self, url, timeout=None):
        self.calls.append(url)
        if self._throttle:
            self._throttle -= 1
            return FakeResponse(429, text="Too Many Requests", headers={"Retry-After": "1"})
        parts = urlsplit(url)
        m = _MAPS.search(parts.path)
        lang = parse_qs(parts.query).get("lang", ["fi"])[0]
        if not m or m.group(2) not in _CODE or m.group(1) != f"{self.year}0101":
            return FakeResponse(404, text="Not Found")
        stamp, target = m.group(1), m.group(2)
        source_cls, target_cls = f"kunta_1_{stamp}", f"{target}_1_{stamp}"
        answer = []
        for row in self.rows:
            tcode = row[_CODE[target]]
            answer.append(
                {
                    "sourceLocalId": f"{source_cls}/{row['kunta']}",
                    "sourceItem": _item(
                        source_cls, row["kunta"], row[f"municipality_name_{lang}"], lang, 1.0
                    ),
                    "targetLocalId": f"{target_cls}/{tcode}",
                    "targetItem": _item(target_cls, tcode, row[f"{target}_name_{lang}"], lang, 1.0),
                }
            )
        return FakeResponse(200, answer)

    def post(self, url, json=None, timeout=None):  # noqa: A002 - requests' signature
        return FakeResponse(405, text="Method Not Allowed")
