"""Graduates from Vipunen, the education administration's statistics service (open REST API).

``GET {API}/resources`` lists the resources, ``GET {API}/resources/{name}`` gives a resource's
fields (``[{name, type}]``), ``GET {API}/resources/{name}/data?limit=…&offset=…`` pages its
rows (flat JSON objects keyed by field name) and ``…/data/count`` the number of rows. Clients
identify themselves with a ``Caller-Id`` header. Field names are read from the schema first and
recognised by name (:data:`FIELD_NAMES`), never by position; values are Finnish labels
("Tietojenkäsittely ja tietoliikenne (ICT)", "Kymenlaakso", "Ammattikorkeakoulututkinto"),
mapped to the codes of the ``graduates`` table; "Tieto puuttuu" / "Tuntematon" are missing.

What Vipunen publishes (as read from the service's own code, 2025-2026): higher-education
degrees (``opiskelijat_ja_tutkinnot``) by year, institution, programme, field of education at
three levels, level of education and **the maakunta of the programme** — so the graduates are
by maakunta, not municipality — and **without the graduates' citizenship**: where the resource
has no citizenship field, ``international`` is False for every row and
``attrs["international_known"]`` is False, and pages say that international graduates cannot be
told apart in these data.

Requests go through the same polite, caching client as StatFin (rate limit, 429/5xx back-off,
answers kept under ``data/raw/vipunen/`` with address and retrieval time, ``--offline``).

Examples
--------
>>> level_of("Ammattikorkeakoulututkinto"), level_of("Ylempi korkeakoulututkinto")
('bachelor', 'master')
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from urllib.parse import quote

import pandas as pd

from .. import codes, config, regions, schemas
from ..errors import KokkaError
from ..text import share
from .statfin import StatFinClient, StatFinError

log = logging.getLogger(__name__)

API = "https://api.vipunen.fi/api"
CALLER_ID = "kokka-analysis.regional-research-notebooks"
#: The resource of higher-education degrees (override with ``kokka fetch --table``).
RESOURCE = "opiskelijat_ja_tutkinnot"
PAGE = 5000
LICENCE = "Vipunen (Opetushallinto), CC BY 4.0"

#: Roles of the ``graduates`` table and the field names that play them, in order of preference.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "year": ("tilastovuosi", "vuosi", "tutkinnonsuorittamisvuosi"),
    "institution": ("korkeakoulu", "koulutuksenjarjestaja", "oppilaitos", "organisaatio"),
    "region": ("koulutuksenmaakunta", "oppilaitoksenmaakunta", "korkeakoulunmaakunta",
               "maakunta", "koulutuksenkunta", "kunta"),
    "field": ("koulutusalataso1", "koulutusala", "koulutusalataso1fi"),
    "level": ("koulutusastetaso2", "koulutusastetaso1", "koulutusaste", "tutkintotyyppi"),
    "graduates": ("tutkinnot", "tutkinnonsuorittaneetlkm", "tutkinnotlkm", "tutkinnonsuorittaneet"),
    "citizenship": ("kansalaisuus", "kansalaisuusryhma", "kansalaisuusfi"),
}  # fmt: skip
_REQUIRED = ("year", "region", "field", "level", "graduates")
_MISSING = {
    "tieto puuttuu",
    "tuntematon",
    "puuttuu",
    "unknown",
    "",
    "none",
    "null",
    "<na>",
    "muu tai tuntematon",
    "muut tai tuntematon",
    "yleissivistävä koulutus",
}


class VipunenError(StatFinError):
    """A Vipunen resource that cannot be read as graduates."""


def _fold(text: object) -> str:
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", s.lower())


def level_of(label: object) -> str | None:
    """The education level (``vocational``, ``bachelor``, ``master``, ``doctoral``) of a Finnish
    or English level label, or None.

    Examples
    --------
    >>> level_of("Tohtorin tutkinto"), level_of("Ammatillinen perustutkinto")
    ('doctoral', 'vocational')
    """
    s = str(label).casefold()
    if any(w in s for w in ("tohtori", "lisensiaat", "doctor", "licentiate")):
        return "doctoral"
    # "ylempi"/"ylemmät" (also the master's of universities of applied sciences); medical
    # specialist training is on the master's level of the national classification (73)
    if any(w in s for w in ("ylempi", "ylemm", "master", "maisteri", "erikoistumis")):
        return "master"
    if any(w in s for w in ("alempi", "alemm", "ammattikorkeakoulu", "bachelor", "kandidaat")):
        return "bachelor"
    if any(w in s for w in ("ammatillinen", "ammattitutkinto", "perustutkinto", "vocational")):
        return "vocational"
    return None


def client(offline: bool = False, session=None, sleep=None) -> StatFinClient:
    """The polite, caching client pointed at Vipunen (``Caller-Id`` header set)."""
    kw = {"sleep": sleep} if sleep else {}
    c = StatFinClient(
        base_url=API, cache_dir=config.raw_dir() / "vipunen", offline=offline, session=session,
        service="Vipunen", **kw,
    )  # fmt: skip
    if c.session is not None and hasattr(c.session, "headers"):
        c.session.headers["Caller-Id"] = CALLER_ID
        c.session.headers["Accept"] = "application/json"
    return c


def find_fields(fields: Sequence[str]) -> dict[str, str]:
    """Role -> the resource's field name, recognised by name (case, accents and separators
    ignored). Raises :class:`VipunenError` naming a missing role and the fields there are.

    Examples
    --------
    >>> find_fields(["tilastovuosi", "korkeakoulu", "koulutuksenMaakunta", "koulutusalaTaso1",
    ...              "koulutusasteTaso2", "tutkinnot"])["region"]
    'koulutuksenMaakunta'
    """
    by_fold = {_fold(f): f for f in fields}
    out = {}
    for role, names in FIELD_NAMES.items():
        hit = next((by_fold[n] for n in names if n in by_fold), None)
        if hit:
            out[role] = hit
    missing = [r for r in _REQUIRED if r not in out]
    if missing:
        raise VipunenError(
            f"The Vipunen resource has no field for {missing[0]!r} (looked for "
            f"{', '.join(FIELD_NAMES[missing[0]][:3])} …); its fields are: {', '.join(fields)}. "
            "The resource may have changed: name another with `kokka fetch --table "
            "graduates=RESOURCE`."
        )
    return out


def fetch_rows(
    resource: str,
    years: tuple[int, int],
    c: StatFinClient,
    refresh: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[dict], dict[str, str], str]:
    """The resource's rows for ``years`` (paged), its role -> field map and the retrieval time."""
    say = progress or (lambda msg: None)
    names, _ = c.get_json(f"{API}/resources", refresh=refresh)
    if not isinstance(names, list) or resource not in names:
        close = [n for n in (names or []) if isinstance(n, str) and "tutkin" in n][:5]
        raise VipunenError(
            f"Vipunen has no resource {resource!r}" + (f"; similar: {close}" if close else "")
            + ". Name another with `kokka fetch --table graduates=RESOURCE`."
        )  # fmt: skip
    schema, _ = c.get_json(f"{API}/resources/{resource}", refresh=refresh)
    if not isinstance(schema, list) or not all(isinstance(f, dict) and "name" in f for f in schema):
        raise VipunenError(
            f"Vipunen's schema of {resource} is not a list of fields: {schema!r:.200}"
        )
    fields = find_fields([f["name"] for f in schema])
    year_list = ",".join(f'"{y}"' for y in range(years[0], years[1] + 1))
    flt = quote(f"{fields['year']}=in=({year_list})", safe="")
    base = f"{API}/resources/{resource}/data"
    count, _ = c.get_json(f"{base}/count?filter={flt}", refresh=refresh)
    if not isinstance(count, int) or count < 0:
        raise VipunenError(f"Vipunen's row count of {resource} is not a number: {count!r:.100}")
    rows: list[dict] = []
    retrieved = []
    for offset in range(0, count, PAGE):
        say(f"Vipunen {resource}: rows {offset + 1}-{min(offset + PAGE, count)} of {count}")
        page, when = c.get_json(
            f"{base}?filter={flt}&limit={PAGE}&offset={offset}", refresh=refresh
        )
        if not isinstance(page, list):
            raise VipunenError(f"Vipunen's page of {resource} at {offset} is not a list.")
        rows += page
        retrieved.append(when)
    if not rows:
        raise VipunenError(
            f"Vipunen's {resource} has no rows for {years[0]}-{years[1]}; choose other years."
        )
    return rows, fields, min(retrieved)


def _numbers(values: pd.Series) -> pd.Series:
    """Counts as numbers: '1 234', '1\u00a0234', '12,5' and 12 alike; anything else NaN."""
    text = values.astype("string").str.replace(r"[\s\u00a0]", "", regex=True)
    return pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")


def tidy_graduates(rows: list[dict], fields: dict[str, str]) -> tuple[pd.DataFrame, list[dict]]:
    """Vipunen rows -> the ``graduates`` table (maakunta rows and the whole country) and notes.

    Rows whose region is the whole country itself (a total row) are left out, so that nothing
    is counted twice; rows without a maakunta count in the whole country only; rows whose field
    or level is not known count nowhere. The notes say how many of each."""
    df = pd.DataFrame(rows)
    # the rows' own keys win where their case differs from the schema's
    by_fold = {_fold(k): k for k in df.columns}
    fields = {role: by_fold.get(_fold(name), name) for role, name in fields.items()}
    absent = [f for f in fields.values() if f not in df.columns]
    if absent:
        raise VipunenError(
            f"Vipunen's rows have no field {absent[0]!r} although its schema names it; the "
            f"rows have: {', '.join(map(str, df.columns))}."
        )
    notes = []
    out = pd.DataFrame(
        {
            "year": pd.to_numeric(df[fields["year"]], errors="coerce"),
            "institution": df[fields["institution"]].astype("string")
            if "institution" in fields
            else "",
            "graduates": _numbers(df[fields["graduates"]]).fillna(0.0),
        }
    )
    region_names = df[fields["region"]].astype("string")
    mapping = {}
    for name in region_names.dropna().unique():
        if str(name).casefold().strip() in _MISSING:
            continue
        try:
            mapping[name] = regions.resolve(str(name)).code
        except KokkaError:
            mapping[name] = None
    out["region"] = region_names.map(mapping)
    totals = out["region"] == "SSS"  # "Koko maa": a total row, not a place
    total_rows = float(out.loc[totals, "graduates"].sum())
    if totals.any():
        out = out[~totals]
        df = df.loc[out.index]
        notes.append({
            "fi": f"Koko maan summarivit ({total_rows:.0f} tutkintoa) jätettiin pois, jotta "
                  "mitään ei lasketa kahdesti.",
            "en": f"Whole-country total rows ({total_rows:.0f} degrees) were left out so that "
                  "nothing is counted twice.",
        })  # fmt: skip
    fields_map, bad = codes.normalise(df[fields["field"]].dropna().unique(), codes.field_broad)
    out["field"] = df[fields["field"]].map({**fields_map, **dict.fromkeys(bad)})
    out["level"] = df[fields["level"]].map(level_of)
    odd = sorted(
        {str(v) for v in bad if str(v).casefold().strip() not in _MISSING}
        | {str(v) for v in df[fields["level"]].dropna().unique()
           if level_of(v) is None and str(v).casefold().strip() not in _MISSING}
    )  # fmt: skip
    if odd:
        shown = ", ".join(odd[:5]) + (" …" if len(odd) > 5 else "")
        notes.append({
            "fi": f"Tunnistamattomat alat tai asteet (eivät ole luvuissa): {shown}.",
            "en": f"Fields or levels not recognised (not in the figures): {shown}.",
        })  # fmt: skip
    if "citizenship" in fields:
        cit = df[fields["citizenship"]].astype("string").str.casefold().str.strip().fillna("")
        finnish = cit.str.contains("suom|finland|finsk", regex=True) | cit.isin(["fi", "fin"])
        out["international"] = (~finnish & ~cit.isin(_MISSING)).astype(bool)
        known = True
        unknown_cit = float(out.loc[cit.isin(_MISSING), "graduates"].sum())
        if unknown_cit > 0:
            notes.append({
                "fi": f"{unknown_cit:.0f} tutkintoa ilman kansalaisuutta lasketaan kotimaisiksi.",
                "en": f"{unknown_cit:.0f} degrees without citizenship count as domestic.",
            })  # fmt: skip
    else:
        out["international"] = False
        known = False
        notes.append({
            "fi": "Vipunen ei julkaise korkeakoulututkintoja kansalaisuuden mukaan: "
                  "kansainvälisiä valmistuneita ei voi erottaa näistä tiedoista.",
            "en": "Vipunen publishes higher-education degrees without citizenship: "
                  "international graduates cannot be told apart in these data.",
        })  # fmt: skip
    total = float(out["graduates"].sum())
    usable = out.dropna(subset=["year", "field", "level"])
    country = usable.assign(region="SSS")
    in_region = usable.dropna(subset=["region"])
    nowhere = total - float(usable["graduates"].sum())
    country_only = float(usable["graduates"].sum()) - float(in_region["graduates"].sum())
    if nowhere > 0:
        notes.append({
            "fi": f"{nowhere:.0f} tutkintoa ({share(nowhere / total, 'fi', 1)}) ilman tunnettua "
                  "alaa, astetta tai vuotta ei ole missään luvussa.",
            "en": f"{nowhere:.0f} degrees ({share(nowhere / total, 'en', 1)}) without a known field, "
                  "level or year are in no figure.",
        })  # fmt: skip
    if country_only > 0:
        notes.append({
            "fi": f"{country_only:.0f} tutkintoa ({share(country_only / total, 'fi', 1)}) ilman "
                  "maakuntaa on vain koko maan luvuissa.",
            "en": f"{country_only:.0f} degrees ({share(country_only / total, 'en', 1)}) without a "
                  "maakunta count in the whole country only.",
        })  # fmt: skip
    notes.append({
        "fi": "Tutkinnot ovat koulutuksen maakunnan mukaan (Vipunen ei anna kuntaa).",
        "en": "Degrees are by the maakunta of the programme (Vipunen gives no municipality).",
    })  # fmt: skip
    tidy = pd.concat([in_region, country], ignore_index=True)
    tidy["year"] = tidy["year"].astype("int64")
    tidy["institution"] = tidy["institution"].fillna("").astype(str)
    keys, values = schemas.KEYS["graduates"], schemas.VALUES["graduates"]
    tidy = tidy.groupby(keys, as_index=False)[values].sum()
    tidy["graduates"] = tidy["graduates"].round().astype("int64")
    tidy.attrs["international_known"] = known
    return tidy, notes


def fetch_graduates(
    years: tuple[int, int],
    c: StatFinClient | None = None,
    resource: str = RESOURCE,
    refresh: bool = False,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """The ``graduates`` table from Vipunen, validated, with its provenance in ``attrs``."""
    c = c or client()
    rows, fields, retrieved = fetch_rows(resource, years, c, refresh=refresh, progress=progress)
    tidy, notes = tidy_graduates(rows, fields)
    out = schemas.validate(tidy, "graduates", source=f"Vipunen {resource}")
    out.attrs = {
        "source": LICENCE,
        "retrieved": retrieved or datetime.now(UTC).replace(microsecond=0).isoformat(),
        "synthetic": False,
        "table_id": f"vipunen:{resource}",
        "notes": notes,
        "international_known": tidy.attrs["international_known"],
        "fields": fields,
    }
    return out
