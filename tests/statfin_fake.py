"""A stand-in for Statistics Finland's PxWeb API (v1), for tests only: never the network.

It serves, in the service's real formats (table metadata as GET answers, JSON-stat 2.0 as POST
answers, ``?config`` limits), the StatFin tables that ``statfin_tables`` reads, laid out as the
service lays them out after June 2026 (short ids, codes such as ``alue_23_20260101``,
``ikaryhma_10_20180101``, ``contentscode`` with prefixed values, totals ``SSS``, 4-digit
occupation codes, a foreign-languages total beside single languages, an origin table by
background country without sex) — with the numbers of the synthetic demo tables, so that a
round trip can be checked against them. The format follows the recorded real response in
``../shared/fixtures/statfin/``.
"""

from __future__ import annotations

import copy
import json

import numpy as np
import pandas as pd

from kokka_analysis import labels

REGION_VAR = "alue_23_20260101"
SEX_VAR = "sukupuoli_9_20180101"
AGE_VAR = "ikaryhma_10_20180101"
LANG_VAR = "kieli_15_20180102"
YEAR_VAR = "timeperiod_y"
MONTH_VAR = "timeperiod_m"
CONTENT = "contentscode"


def _var(code, text, values, texts, *, time=False, elimination=False):
    return {
        "code": code,
        "text": text,
        "values": list(values),
        "valueTexts": list(texts),
        "elimination": elimination,
        "time": time,
    }


class Table:
    """One table: its variables (metadata) and a full array of values (NaN = '..')."""

    def __init__(self, path, title, variables, array, source="Tilastokeskus"):
        self.path, self.title, self.variables, self.array = path, title, variables, array
        self.source = source
        assert list(array.shape) == [len(v["values"]) for v in variables], path

    def metadata(self):
        return {"title": self.title, "variables": copy.deepcopy(self.variables)}

    def answer(self, query):
        wanted = {q["code"]: q["selection"]["values"] for q in query["query"]}
        idx, dims, ids = [], {}, []
        for v in self.variables:
            keep = wanted.get(v["code"])
            if keep is None:
                raise ValueError(f"{v['code']} must be selected")
            for k in keep:
                if k not in v["values"]:
                    raise KeyError(k)
            ids.append(v["code"])
            idx.append([v["values"].index(k) for k in keep])
            texts = dict(zip(v["values"], v["valueTexts"], strict=True))
            dims[v["code"]] = {
                "label": v["text"],
                "category": {
                    "index": {k: i for i, k in enumerate(keep)},
                    "label": {k: texts[k] for k in keep},
                },
            }
        sub = self.array[np.ix_(*idx)]
        values = [None if np.isnan(x) else float(x) for x in sub.ravel()]
        status = {str(i): ".." for i, x in enumerate(values) if x is None}
        role = {"time": [c for c in ids if c.startswith("timeperiod")], "metric": [CONTENT]}
        out = {
            "class": "dataset",
            "label": self.title,
            "source": self.source,
            "updated": "2026-04-30T05:00:00Z",
            "id": ids,
            "size": [len(i) for i in idx],
            "dimension": dims,
            "role": role,
            "version": "2.0",
            "extension": {"px": {"tableid": self.path.removesuffix(".px"), "decimals": 0}},
            "value": values,
        }
        if status:
            out["status"] = status
        return out


def _array(df, dims, value):
    """A dense array over ``dims`` [(column, [codes])] of df[value] (missing -> 0)."""
    cols = [c for c, _ in dims]
    full = pd.MultiIndex.from_product([codes for _, codes in dims], names=cols)
    s = df.groupby(cols)[value].sum().reindex(full, fill_value=0)
    return s.to_numpy(float).reshape([len(codes) for _, codes in dims])


def _with_total(arr, axis):
    """Prepend the total along ``axis`` (the 'SSS' value)."""
    return np.concatenate([arr.sum(axis=axis, keepdims=True), arr], axis=axis)


def build_tables(demo: dict[str, pd.DataFrame]) -> dict[str, Table]:
    pop = demo["population"]
    kunnat = sorted(r for r in pop["region"].unique() if r.startswith("KU"))
    # the whole country (``SSS``) is an area value like the kunnat, as in the real tables
    kunnat = ["SSS", *kunnat] if "SSS" in set(pop["region"]) else kunnat
    years = sorted(pop["year"].unique())
    ystr = [str(y) for y in years]
    ages = list(labels.AGE_GROUPS)
    age_codes = [a.replace("+", "-") for a in ages]
    age_texts = [a.replace("-", " - ").replace("+", " -") for a in ages]
    sexes = ["male", "female"]
    region_var = _var(REGION_VAR, "Alue", kunnat, [f"Kunta {k}" for k in kunnat])
    year_var = _var(YEAR_VAR, "Vuosi", ystr, ystr, time=True)
    sex_var = _var(SEX_VAR, "Sukupuoli", ["SSS", "1", "2"], ["Yhteensä", "Miehet", "Naiset"])
    age_var = _var(AGE_VAR, "Ikä", ["SSS", *age_codes], ["Yhteensä", *age_texts])
    vaesto = _var(CONTENT, "Tiedot", ["vaerak-vaesto"], ["Väestö 31.12."])
    tables = {}
    ku = pop[pop["region"].isin(kunnat)].copy()
    ku["year"] = ku["year"].astype(str)

    # 11re: single years of age (0 … 99, '100-': 102 values with the total, as published)
    # x sex by municipality; each 5-year group of the demo spread over its single years
    a = _array(ku, [("region", kunnat), ("year", ystr), ("sex", sexes), ("age_group", ages)],
               "persons")  # fmt: skip
    singles = []
    for i in range(len(ages)):
        n = 5 if i < len(ages) - 1 else 16  # 85+ -> 85 … 99 and 100-
        part = np.floor(a[..., i : i + 1] / n)
        singles += [part] * (n - 1) + [a[..., i : i + 1] - part * (n - 1)]
    a1 = _with_total(_with_total(np.concatenate(singles, axis=3), 2), 3)[..., None]
    one_codes = [f"{k:03d}" for k in range(100)] + ["100-"]
    one_texts = [str(k) for k in range(100)] + ["100 -"]
    tables["11re.px"] = Table(
        "11re.px", "Väestö 31.12. muuttujina Alue, Vuosi, Sukupuoli, Ikä ja Tiedot",
        [region_var, year_var, sex_var,
         _var(AGE_VAR, "Ikä", ["SSS", *one_codes], ["Yhteensä", *one_texts]), vaesto], a1,
    )  # fmt: skip

    # 11rm: language x sex by municipality; 'other' split into two languages + its total
    langs = ["fi", "sv", "other"]
    lg = _array(ku, [("region", kunnat), ("year", ystr), ("sex", sexes),
                     ("language_group", langs)], "persons")  # fmt: skip
    fi, sv, oth = lg[..., 0], lg[..., 1], lg[..., 2]
    ru = np.floor(oth * 0.6)
    se = np.zeros_like(ru)
    lg_full = np.stack([fi + sv + oth, fi + sv + se, oth, fi, sv, se, ru, oth - ru], axis=-1)
    lg_full = _with_total(lg_full, 2)[..., None]
    lang_var = _var(
        LANG_VAR, "Kieli", ["SSS", "01", "02", "fi", "sv", "se", "ru", "et"],
        ["Yhteensä", "Kotimaiset kielet yhteensä", "Vieraat kielet yhteensä", "suomi", "ruotsi",
         "saame", "venäjä", "viro, eesti"],
    )  # fmt: skip
    tables["11rm.px"] = Table(
        "11rm.px", "Väestö 31.12. muuttujina Alue, Kieli, Sukupuoli, Vuosi ja Tiedot",
        [region_var, year_var, sex_var, lang_var, vaesto], lg_full,
    )  # fmt: skip

    # 11rl: language x age x sex for maakunnat (aggregates only)
    mks = ["MK08", "MK09"]
    mk = pop[pop["region"].isin(mks)].copy()
    mk["year"] = mk["year"].astype(str)
    la = _array(mk, [("region", mks), ("year", ystr), ("sex", sexes), ("age_group", ages),
                     ("language_group", langs)], "persons")  # fmt: skip
    la = _with_total(_with_total(_with_total(la, 4), 3), 2)[..., None]
    tables["11rl.px"] = Table(
        "11rl.px", "Väestö 31.12. muuttujina Alue, Kieli, Ikä, Sukupuoli, Vuosi ja Tiedot",
        [_var(REGION_VAR, "Alue", mks, ["Kymenlaakso", "Etelä-Karjala"]),
         year_var, sex_var, age_var,
         _var(LANG_VAR, "Kieli", ["SSS", "fi", "sv", "02"],
              ["Yhteensä", "suomi", "ruotsi", "Vieraat kielet yhteensä"]), vaesto],
        la,
    )  # fmt: skip

    # 11rv: background country by municipality, no sex
    bg = _array(ku, [("region", kunnat), ("year", ystr), ("background", ["finnish", "foreign"])],
                "persons")  # fmt: skip
    eur = np.floor(bg[..., 1] * 0.5)
    rv = np.stack([bg.sum(-1), bg[..., 0], bg[..., 1], eur, bg[..., 1] - eur], axis=-1)[..., None]
    tables["11rv.px"] = Table(
        "11rv.px", "Väestö 31.12. muuttujina Alue, Taustamaa, Vuosi ja Tiedot",
        [region_var, year_var,
         _var("valtio_19_20190101", "Taustamaa", ["SSS", "246", "ULK", "EUR", "AAS"],
              ["Yhteensä", "Suomi", "Ulkomaat", "Eurooppa", "Aasia"]), vaesto],
        rv,
    )  # fmt: skip

    # 11a2 / 11a7: migration by age (5-year, open top '75-'), sex
    mig = demo["migration"]
    mig = mig[mig["region"].isin(kunnat)].copy()
    mig["year"] = mig["year"].astype(str)
    mig["age"] = mig["age_group"].map(lambda a: "75-" if a in ("75-79", "80-84", "85+") else a)
    m_ages = [a for a in age_codes[:15]] + ["75-"]
    m_age_var = _var(AGE_VAR, "Ikä", ["SSS", *m_ages],
                     ["Yhteensä", *age_texts[:15], "75 -"])  # fmt: skip
    for path, counterpart, codes, texts in (
        ("11a2.px", "domestic", ["muutl-vm43_tulo", "muutl-vm43_lahto", "muutl-vm43_netto"],
         ["Kuntien välinen tulomuutto", "Kuntien välinen lähtömuutto",
          "Kuntien välinen nettomuutto"]),
        ("11a7.px", "abroad", ["muutl-vm41", "muutl-vm42", "muutl-vm4142"],
         ["Maahanmuutto", "Maastamuutto", "Nettomaahanmuutto"]),
    ):  # fmt: skip
        part = mig[mig["counterpart"] == counterpart]
        arr = _array(part, [("region", kunnat), ("year", ystr), ("sex", sexes), ("age", m_ages),
                            ("direction", ["in", "out"])], "persons")  # fmt: skip
        arr = np.concatenate([arr, arr[..., :1] - arr[..., 1:]], axis=-1)
        arr = _with_total(_with_total(arr, 3), 2)
        tables[path] = Table(
            path, f"Muuttoliike muuttujina Alue, Vuosi, Sukupuoli, Ikä ja Tiedot ({path})",
            [region_var, year_var, sex_var, m_age_var, _var(CONTENT, "Tiedot", codes, texts)],
            arr,
        )  # fmt: skip

    # 115i: employed by area, industry (code + label) and sex — no age, as published
    emp = demo["employment"]
    emp = emp[emp["region"].isin(kunnat)].copy()
    emp["year"] = emp["year"].astype(str)
    inds = list(labels.INDUSTRIES)
    by_ind = _array(emp, [("region", kunnat), ("year", ystr), ("industry", inds)], "employed")
    men = np.floor(by_ind * 0.52)
    arr = _with_total(_with_total(np.stack([men, by_ind - men], axis=3), 3), 2)
    tables["115i.px"] = Table(
        "115i.px", "Työlliset muuttujina Alue, Toimiala, Sukupuoli, Vuosi ja Tiedot",
        [region_var,
         _var("toimiala_10_20080101", "Toimiala", ["SSS", *inds],
              ["Kaikki toimialat", *[f"{k} {v[0]}" for k, v in labels.INDUSTRIES.items()]]),
         sex_var, year_var,
         _var(CONTENT, "Tiedot", ["tyokay-tyolliset"], ["Työlliset"])],
        np.transpose(arr, (0, 2, 3, 1))[..., None],  # region, industry, sex, year, contents
    )  # fmt: skip

    # 115b: population by main type of activity (11 = employed), sex and 5-year age
    w_ages = list(labels.WORK_AGE_GROUPS)
    by_age = _array(emp, [("region", kunnat), ("year", ystr), ("age_group", w_ages)], "employed")
    first = np.floor(by_age / 2)
    five = np.stack([first, by_age - first], axis=3).reshape(*by_age.shape[:2], -1)
    zero = np.zeros((*five.shape[:2], 1))
    employed = np.concatenate([zero, five, zero], axis=2)  # 0-14, 15-19 … 70-74, 75-
    fives = [f"{a}-{a + 4}" for a in range(15, 75, 5)]
    act = np.stack([employed, np.floor(employed * 0.1), np.floor(employed * 0.2)], axis=3)
    men = np.floor(act * 0.52)
    arr = _with_total(_with_total(np.stack([men, act - men], axis=4), 4), 3)
    arr = _with_total(arr, 2)  # region, year, age, activity, sex
    tables["115b.px"] = Table(
        "115b.px", "Väestö muuttujina Alue, Pääasiallinen toiminta, Sukupuoli, Ikä, Vuosi ja "
        "Tiedot",
        [_var("alue_23_20250101", "Alue", kunnat, [f"Kunta {k}" for k in kunnat]),
         _var("paaasial_toimin_3_20180101", "Pääasiallinen toiminta", ["SSS", "11", "12", "24"],
              ["Väestö yhteensä", "Työlliset", "Työttömät", "Eläkeläiset"]),
         sex_var,
         _var(AGE_VAR, "Ikä", ["SSS", "0-14", *fives, "75-"],
              ["Yhteensä", "0 - 14", *[a.replace("-", " - ") for a in fives], "75 -"]),
         year_var,
         _var(CONTENT, "Tiedot", ["tyokay-vaesto"], ["Väestö"])],
        np.transpose(arr, (0, 3, 4, 2, 1))[..., None],
    )  # fmt: skip

    # 12ti: jobseekers and vacancies by 4-digit occupation, monthly; a few '..' cells
    lm = demo["labour_market"]
    lm = lm[lm["region"].isin(kunnat)].copy()
    months = sorted(lm["month"].unique())
    mcodes = [pd.Timestamp(m).strftime("%YM%m") for m in months]
    lm["month"] = lm["month"].dt.strftime("%YM%m")
    occs = sorted(lm["occupation"].unique())
    arr = _array(lm.melt(["region", "month", "occupation"], ["jobseekers", "vacancies"]),
                 [("region", kunnat), ("month", mcodes), ("occupation", occs),
                  ("variable", ["jobseekers", "vacancies"])], "value")  # fmt: skip
    first = np.floor(arr * 0.5)
    four = np.stack([first, arr - first], axis=3).reshape(
        len(kunnat), len(mcodes), len(occs) * 2, 2
    )
    unknown = np.floor(four.sum(axis=2, keepdims=True) * 0.01)  # X011: occupation not known
    four = _with_total(np.concatenate([four, unknown], axis=2), 2)
    four = four[..., [0, 1, 0]]  # TYOTTOMATLOPUSSA, AVPAIKATLOPUSSA, HAKIJALOPUSSA (~)
    occ_codes = [f"{o}{d}" for o in occs for d in ("11", "12")]
    tables["12ti.px"] = Table(
        "12ti.px", "Työttömät työnhakijat ja avoimet työpaikat kuukauden lopussa",
        [_var("Alue", "Alue", kunnat, [f"Kunta {k}" for k in kunnat]),
         _var("Ammattiryhmä", "Ammattiryhmä", ["SSS", *occ_codes, "X011"],
              ["Yhteensä", *[f"{c} Ammatti {c}" for c in occ_codes], "X011 Tuntematon"]),
         _var(MONTH_VAR, "Kuukausi", mcodes, mcodes, time=True),
         _var(CONTENT, "Tiedot", ["TYOTTOMATLOPUSSA", "AVPAIKATLOPUSSA", "HAKIJALOPUSSA"],
              ["Työttömät työnhakijat laskentapäivänä (lkm.)",
               "Avoimet työpaikat laskentapäivänä (lkm.)",
               "Työnhakijoita laskentapäivänä (lkm.)"])],
        np.transpose(four, (0, 2, 1, 3)),  # variable order: region, occupation, month, content
    )  # fmt: skip

    # 14wx: the population projection (vaenn), single years of age, its own area vintage
    proj = demo["population_projection"]
    pk = proj[proj["region"].isin(kunnat)].copy()
    pyears = sorted(pk["year"].unique())
    pystr = [str(y) for y in pyears]
    pk["year"] = pk["year"].astype(str)
    pa = _array(pk, [("region", kunnat), ("year", pystr), ("sex", sexes), ("age_group", ages)],
                "persons")  # fmt: skip
    psingles = []
    for i in range(len(ages)):
        n = 5 if i < len(ages) - 1 else 16
        part = pa[..., i : i + 1] / n
        psingles += [part] * n
    pa1 = _with_total(_with_total(np.concatenate(psingles, axis=3), 2), 3)[..., None]
    tables["14wx.px"] = Table(
        "14wx.px", "Väestöennuste 2024: Väestö iän ja sukupuolen mukaan alueittain",
        [_var("alue_23_20240101", "Alue", kunnat, [f"Kunta {k}" for k in kunnat]),
         _var(YEAR_VAR, "Vuosi", pystr, pystr, time=True), sex_var,
         _var(AGE_VAR, "Ikä", ["SSS", *one_codes], ["Yhteensä", *one_texts]),
         _var(CONTENT, "Tiedot", ["vaesto_e24"], ["Väestö 31.12. (ennuste 2024)"])], pa1,
    )  # fmt: skip
    return tables


class FakeResponse:
    def __init__(self, status_code, payload=None, text="", headers=None):
        self.status_code = status_code
        self._payload = payload
        self.text = text or json.dumps(payload)
        self.headers = headers or {}

    def json(self):
        if self._payload is None:
            raise ValueError("not json")
        return self._payload


class FakeStatFin:
    """Answers GET (metadata, ``?config``) and POST (JSON-stat2) like the PxWeb v1 API."""

    def __init__(self, tables: dict[str, Table], max_values: int = 120_000):
        self.tables = tables
        self.limits = {"maxValues": max_values, "maxCalls": 30, "timeWindow": 10}
        self.calls: list[tuple[str, str]] = []

    def _table(self, url):
        name = url.rsplit("/", 1)[-1]
        return self.tables.get(name)

    def get(self, url, timeout=None):
        self.calls.append(("get", url))
        if url.endswith("?config"):
            return FakeResponse(200, self.limits)
        t = self._table(url)
        if t is None:
            return FakeResponse(404, text="Not Found")
        return FakeResponse(200, t.metadata())

    def post(self, url, json=None, timeout=None):  # noqa: A002 - requests' signature
        self.calls.append(("post", url))
        t = self._table(url)
        if t is None:
            return FakeResponse(404, text="Not Found")
        try:
            cells = int(np.prod([len(q["selection"]["values"]) for q in json["query"]]))
            if cells > self.limits["maxValues"]:
                return FakeResponse(403, text="Too many values selected")
            return FakeResponse(200, t.answer(json))
        except (KeyError, ValueError) as exc:
            return FakeResponse(400, text=f"Bad request: {exc}")
