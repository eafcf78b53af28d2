"""Offline fakes of Vipunen and the Työvoimabarometri JSON API, in their recorded formats.

Formats: ``../shared/fixtures/README.md`` and the Vipunen schema/count fixtures there
(``[{name, type}]``, a bare integer), and public recordings of the Barometer's answers (2026).
Both fakes can be told to fail: ``fail[substring] = [status, ...]`` answers the next requests
whose address contains ``substring`` with those statuses first (429, 503, …).
"""

from __future__ import annotations

import json
import re
import uuid
from urllib.parse import parse_qs, unquote, urlsplit

import pandas as pd

from kokka_analysis import labels

VIPUNEN = "https://api.vipunen.fi/api"
BAROMETER = "https://tyovoimabarometri.fi/api"

#: The higher-education degree resource's fields, named as Vipunen names them.
DEGREE_FIELDS = [
    ("tilastovuosi", "string"), ("aineistotyyppi", "string"), ("sektori", "string"),
    ("korkeakoulu", "string"), ("koulutus", "string"), ("sukupuoli", "string"),
    ("tutkinnot", "number"), ("opiskelijat", "number"), ("uudetOpiskelijat", "number"),
    ("koulutusasteTaso1", "string"), ("koulutusasteTaso2", "string"),
    ("koulutusalaTaso1", "string"), ("koulutusalaTaso2", "string"),
    ("koulutuksenMaakunta", "string"), ("koodiKorkeakoulu", "string"),
    ("tietojoukkoPaivitettyPvm", "date"),
]  # fmt: skip
_MAAKUNTA = {"MK08": "Kymenlaakso", "MK09": "Etelä-Karjala"}
_LEVEL = {"master": "Ylempi korkeakoulututkinto", "doctoral": "Tohtorin tutkinto"}


class Response:
    def __init__(self, status_code, payload=None, text=None, headers=None):
        self.status_code = status_code
        self._payload = payload
        self.text = json.dumps(payload) if text is None else text
        self.headers = headers or {}

    def json(self):
        if self._payload is None:
            raise ValueError("not json")
        return self._payload


class _Failing:
    def __init__(self):
        self.headers: dict = {}
        self.calls: list[str] = []
        self.fail: dict[str, list[int]] = {}
        self.retry_after = "1"

    def _failure(self, url):
        for key, codes in self.fail.items():
            if key in url and codes:
                code = codes.pop(0)
                return Response(code, text="", headers={"Retry-After": self.retry_after})
        return None

    def post(self, url, json=None, timeout=None):  # noqa: A002
        return Response(405, text="Method Not Allowed")


def degree_rows(graduates: pd.DataFrame) -> list[dict]:
    """Vipunen-like rows (Finnish labels, two sexes, no citizenship) made from the demo's
    maakunta rows of higher-education degrees, plus rows only the whole country counts: a
    programme without a maakunta and one with an unknown field."""
    g = graduates[graduates["region"].isin(list(_MAAKUNTA))]
    g = g[g["level"].isin(["bachelor", "master", "doctoral"])]
    g = g.groupby(["region", "year", "institution", "field", "level"], as_index=False)[
        "graduates"
    ].sum()
    rows = []
    for r in g.itertuples(index=False):
        amk = "ammattikorkeakoulu" in r.institution.lower() or r.institution == "Xamk"
        level = _LEVEL.get(
            r.level, "Ammattikorkeakoulututkinto" if amk else "Alempi korkeakoulututkinto"
        )
        women = r.graduates // 2
        for sex, n in (("Nainen", women), ("Mies", r.graduates - women)):
            rows.append({
                "tilastovuosi": str(r.year), "aineistotyyppi": "Tilastokeskus",
                "sektori": "Ammattikorkeakoulukoulutus" if amk else "Yliopistokoulutus",
                "korkeakoulu": r.institution, "koulutus": "Koulutus X", "sukupuoli": sex,
                "tutkinnot": int(n), "opiskelijat": int(n) * 4, "uudetOpiskelijat": int(n),
                "koulutusasteTaso1": "Korkea-asteen koulutus", "koulutusasteTaso2": level,
                "koulutusalaTaso1": labels.FIELDS[r.field][0], "koulutusalaTaso2": "x",
                "koulutuksenMaakunta": _MAAKUNTA[r.region], "koodiKorkeakoulu": "01",
                "tietojoukkoPaivitettyPvm": "2026-03-15",
            })  # fmt: skip
    years = sorted({r["tilastovuosi"] for r in rows})
    extra = {**rows[0], "korkeakoulu": "Etäopisto", "koulutuksenMaakunta": None, "tutkinnot": 7}
    unknown = {**rows[0], "koulutusalaTaso1": "Tuntematon", "tutkinnot": 3}
    uusimaa = {**rows[0], "korkeakoulu": "Metropolia", "koulutuksenMaakunta": "Uusimaa",
               "tutkinnot": 40}  # fmt: skip
    for y in years:
        rows += [{**extra, "tilastovuosi": y}, {**unknown, "tilastovuosi": y},
                 {**uusimaa, "tilastovuosi": y}]  # fmt: skip
    return rows


class FakeVipunen(_Failing):
    """``/resources``, ``/resources/{r}``, ``/resources/{r}/data/count`` and paged
    ``/resources/{r}/data`` with ``filter=field=in=("2020","2021")`` (RSQL)."""

    def __init__(self, rows: list[dict], fields=DEGREE_FIELDS, resource="opiskelijat_ja_tutkinnot"):
        super().__init__()
        self.rows = rows
        self.fields = [{"name": n, "type": t} for n, t in fields]
        self.resource = resource

    def _filtered(self, query: dict) -> list[dict]:
        flt = unquote(query.get("filter", [""])[0])
        if not flt:
            return self.rows
        m = re.fullmatch(r"(\w+)=in=\((.*)\)", flt)
        if not m:
            raise ValueError(flt)
        field, values = m.group(1), {v.strip().strip('"') for v in m.group(2).split(",")}
        if field not in {f["name"] for f in self.fields}:
            raise ValueError(field)
        return [r for r in self.rows if str(r.get(field)) in values]

    def get(self, url, timeout=None):
        self.calls.append(url)
        failed = self._failure(url)
        if failed is not None:
            return failed
        parts = urlsplit(url)
        path = parts.path.removeprefix("/api")
        query = parse_qs(parts.query, keep_blank_values=True)
        if path == "/resources":
            return Response(200, ["koulutusluokitus", self.resource, "yamk_tutkinnot"])
        m = re.fullmatch(r"/resources/([^/]+)(/data(/count)?)?", path)
        if not m or m.group(1) != self.resource:
            # the real service: 404 with a plain string although it says application/json
            name = m.group(1) if m else path
            return Response(404, text=f"Resource '{name}' not found")
        if not m.group(2):
            return Response(200, self.fields)
        try:
            rows = self._filtered(query)
        except ValueError as exc:
            return Response(400, text=f"Bad filtering parameter! Cause: {exc}")
        if m.group(3):
            return Response(200, len(rows))
        offset = int(query.get("offset", ["0"])[0])
        limit = int(query.get("limit", [str(len(rows))])[0])
        return Response(200, rows[offset : offset + limit])


#: Occupations of the fake Barometer: four-digit code -> Finnish name.
OCCUPATIONS = {"2511": "Sovellusarkkitehdit", "2512": "Sovellussuunnittelijat",
               "3112": "Rakennusalan tekniset asiantuntijat", "5321": "Lähihoitajat",
               "9112": "Siivoojat"}  # fmt: skip
REGION_CODES = {"08": "Kymenlaakso", "09": "Etelä-Karjala", "01": "Uusimaa"}


class FakeBarometer(_Failing):
    """The JSON behind tyovoimabarometri.fi: ``/ammatit``, ``/Paikka/regions``,
    ``/Tyollisyys/kohtaanto/date`` and ``/Tyollisyys/kohtaanto/Ammatti/{id}/{yyyy-mm}``.

    ``assessments[(code4, region "08", month)] = (state, severity, unemployed, vacancies)``;
    a month with no assessment for an occupation answers 404 with an empty body.
    """

    def __init__(self, assessments: dict, latest: str = "2026-06"):
        super().__init__()
        self.assessments = assessments
        self.latest = latest
        self.occ_ids = {c: str(uuid.uuid5(uuid.NAMESPACE_URL, "occ" + c)) for c in OCCUPATIONS}
        self.reg_ids = {c: str(uuid.uuid5(uuid.NAMESPACE_URL, "reg" + c)) for c in REGION_CODES}
        self.rename: dict[str, str] = {}  # field renames, to simulate a changed service

    def get(self, url, timeout=None):
        self.calls.append(url)
        failed = self._failure(url)
        if failed is not None:
            return failed
        path = urlsplit(url).path.removeprefix("/api")
        if path == "/ammatit":
            return Response(200, [
                {"nimi": n, "id": self.occ_ids[c], "toimialaId": "t", "koodi": c,
                 "kaytossa": True, "lokalisoidutNimet": {}, "uiNayttaa": True,
                 "tyopaikkaKerroin": 1.0} for c, n in OCCUPATIONS.items()
            ])  # fmt: skip
        if path == "/Paikka/regions":
            return Response(200, [
                {"id": self.reg_ids[c], "koodi": c, "nimi": n, "voimassaAlkaen": "2021-01-01",
                 "voimassaPaattyen": None} for c, n in REGION_CODES.items()
            ])  # fmt: skip
        if path == "/Tyollisyys/kohtaanto/date":
            return Response(200, {"value": self.latest, "ennuste": False})
        m = re.fullmatch(r"/Tyollisyys/kohtaanto/Ammatti/([^/]+)/(\d{4}-\d{2})", path)
        if not m:
            return Response(404, text="")
        code = next((c for c, i in self.occ_ids.items() if i == m.group(1)), None)
        rows = []
        for reg, rid in self.reg_ids.items():
            a = self.assessments.get((code, reg, m.group(2)))
            if a is None:
                continue
            state, severity, unemployed, vacancies = a
            row = {"groupingId": rid, "asteikko": 1.0, "kulmakerroin": 0.0,
                   "tyottomyysaste": 0.05, "vakanssiaste": 0.01, "kohtaantotila": state,
                   "kohtaantoaste": severity, "tyottomat": unemployed,
                   "tyottomatSensuroitu": unemployed is None, "toissa": 100,
                   "toissaSensuroitu": False, "tyopaikat": vacancies,
                   "kohtaantoTime": m.group(2)}  # fmt: skip
            rows.append({self.rename.get(k, k): v for k, v in row.items()})
        if not rows:
            return Response(404, text="")
        return Response(200, rows)


class Router:
    """One ``requests.Session`` stand-in for every service: by host."""

    def __init__(self, **services):
        self.services = services
        self.headers: dict = {}

    def _pick(self, url):
        host = urlsplit(url).netloc
        for key, svc in self.services.items():
            if key in host:
                return svc
        raise AssertionError(f"no fake for {url}")

    def get(self, url, timeout=None):
        svc = self._pick(url)
        if hasattr(svc, "headers"):
            svc.headers.update(self.headers)
        return svc.get(url, timeout=timeout)

    def post(self, url, json=None, timeout=None):  # noqa: A002
        return self._pick(url).post(url, json=json, timeout=timeout)
