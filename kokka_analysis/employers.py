"""Employers' needs: what companies need to hire international talent, and what stops them.

Works on the ``employer_survey`` table: one row per responding firm, read by
:func:`read_employer_survey` from an analyst's export (CSV/Excel) or made by the demo.

Roles of the columns (a codebook names them; without one they are inferred from headers):

========================  =========================================================  ==========
role                      what it is                                                 tidy name
========================  =========================================================  ==========
``id``                    firm id: used to count firms, never published              firm_id
``region``                municipality (code, number or name)                        region
``industry``              TOL 2008 code of any depth, a section letter or its name   industry
``employees``             number of employees                                        employees
``size_class``            size class (0-9, 10-49, 50-249, 250+), if no employees     size_class
``hires``                 planned hires in 12 months for one occupation              hires_<ISCO>
``difficulty``            how hard recruiting is (1-5)                               difficulty
``barrier``               how much something hinders hiring international talent    b_<name>
                          (1-5 or an extent label), or ticked / not ticked (yes/no)
``readiness``             readiness item (1-5): English at work, onboarding ...     r_<name>
``cooperation``           co-operation with educational institutions (yes/no)       c_<name>
``weight``                the file's own weights (otherwise raked to the frame)      weight
``free_text``             open answers: themes counted, never published              (dropped)
``ignore``                left out
========================  =========================================================  ==========

Without a codebook: ``Yritystunnus``/``firm_id``, ``Kunta``/``region``,
``Toimiala``/``industry``/``TOL``, ``Henkilöstö``/``employees``, ``Kokoluokka``/``size_class``,
``hires_<code>``/``rekry_<code>``, ``Rekrytoinnin vaikeus``/``difficulty``,
``este_*``/``barrier_*``, ``valmius_*``/``readiness_*``, ``yhteistyo_*``/``cooperation_*``,
``paino``/``weight``; other text columns are free text.

Weighting
---------
Firms are raked (:func:`kokka_analysis.survey.rake`) to the number of enterprises by TOL
section and by size class (and by maakunta when the survey spans several) of the business
frame (``enterprises`` table: the analyst's ``frame_path``, Statistics Finland's
establishment counter fetched by ``kokka fetch --source register`` (:mod:`.sources.register`),
or a synthetic frame on the demo). Firm-weighted results answer "what share of firms ...";
employee-weighted results (firm weight times employees) answer "what share of jobs are in
firms that ...". The design effect (Kish) is reported beside them.

Disclosure control for business data
------------------------------------
No published cell rests on fewer than ``min_firms`` (3) firms, and no magnitude cell (planned
hires) is dominated by its largest contributors: the (n, k) rules :data:`DOMINANCE` (the
largest firm over 80 % of the cell, or the two largest over 90 %) on the weighted
contributions. A group no firm plans hires in is a known zero and is shown as 0. Beside a
suppressed magnitude cell, published cells are masked until the other masked cells hold at
least :data:`PROTECTION` (20 %) of its value, so the total minus the published cells leaves an
interval from 0 to at least 1.2 times the cell, also for a firm that knows its own part of
another masked cell (the smallest cell that gives it is chosen). The occupation and industry
tables share one total: when either cannot protect its cells, the total is masked in both and
at least two cells of each are masked, so that neither gives it back. Firm-count tables (barrier shares)
use :func:`kokka_analysis.privacy.suppress_complementary`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from . import codes, labels, regions, survey
from .errors import DataFormatError, KokkaError
from .sources.files import _CONTACT_HEADERS  # names and contacts: the survey reader's rule
from .text import number, percent, pick

log = logging.getLogger(__name__)

SIZE_CLASSES = ("0-9", "10-49", "50-249", "250+")
_SIZE_EDGES = (0, 10, 50, 250, np.inf)
#: Minimum number of firms behind a published cell.
MIN_FIRMS = 3
#: (n, k) dominance rules: the ``n`` largest contributors may not exceed ``k`` of a cell.
DOMINANCE = ((1, 0.80), (2, 0.90))

#: Known barriers (the tidy name after ``b_``): Finnish and English labels.
BARRIERS = {
    "language": ("Kielitaito", "Language skills"),
    "permits": ("Luvat ja byrokratia", "Permits and bureaucracy"),
    "recognition": ("Tutkintojen tunnustaminen", "Recognition of qualifications"),
    "housing": ("Asuminen", "Housing"),
    "culture": ("Yrityskulttuuri", "Company culture"),
    "customers": ("Asiakkaiden vaatimukset", "Customers' requirements"),
    "cost": ("Perehdytyksen kustannukset", "Cost of orientation"),
}
READINESS = {
    "english": ("Englanti työkielenä", "English as a working language"),
    "onboarding": ("Perehdytys kansainvälisille", "Onboarding for international staff"),
    "experience": ("Kokemus kansainvälisestä henkilöstöstä", "Experience of international staff"),
}
COOPERATION = {
    "internships": ("Harjoittelut", "Internships"),
    "theses": ("Opinnäytetyöt", "Theses"),
    "apprenticeships": ("Oppisopimukset", "Apprenticeships"),
}
#: Finnish short names of the known items (``este_kieli`` is ``b_language``).
_ALIASES = {
    "kieli": "language", "kielitaito": "language", "luvat": "permits", "lupa": "permits",
    "byrokratia": "permits", "tunnustaminen": "recognition", "tutkinnot": "recognition",
    "asuminen": "housing", "asunnot": "housing", "kulttuuri": "culture",
    "asiakkaat": "customers", "kustannukset": "cost", "perehdytyskustannukset": "cost",
    "englanti": "english", "perehdytys": "onboarding", "kokemus": "experience",
    "harjoittelu": "internships", "harjoittelut": "internships", "opinnaytetyot": "theses",
    "opinnäytetyöt": "theses", "oppisopimus": "apprenticeships",
    "oppisopimukset": "apprenticeships",
}  # fmt: skip
_EXTENT = {  # "how much does this hinder": extent labels -> 1-5
    "ei lainkaan": 1, "ei yhtään": 1, "vähän": 2, "jonkin verran": 3, "paljon": 4,
    "erittäin paljon": 5, "hyvin paljon": 5, "not at all": 1, "a little": 2,
    "somewhat": 3, "a lot": 4, "much": 4, "very much": 5,
}  # fmt: skip
_YES = {"1", "kyllä", "k", "yes", "y", "x", "true", "tosi", "on", "valittu", "selected"}
_NO = {"0", "ei", "e", "no", "n", "false", "epätosi", "", "nan", "none"}

ROLES = ("id", "region", "industry", "employees", "size_class", "hires", "difficulty",
         "barrier", "readiness", "cooperation", "weight", "free_text", "ignore")  # fmt: skip
_HEADER_ROLES = (
    (re.compile(r"^(yritystunnus|y-tunnus|firm_?id|firm|yritys|id)$"), "id"),
    (re.compile(r"^(kunta|kotikunta|sijaintikunta|region|municipality)$"), "region"),
    (re.compile(r"^(toimiala|industry|tol)\b"), "industry"),
    (re.compile(r"^(henkilöstö|henkilöstömäärä|henkilosto|employees|staff)$"), "employees"),
    (re.compile(r"^(kokoluokka|size_?class|size)$"), "size_class"),
    (re.compile(r"^(hires|rekry|rekrytoinnit)_"), "hires"),
    (re.compile(r"^(rekrytoinnin vaikeus|difficulty|recruitment difficulty)$"), "difficulty"),
    (re.compile(r"^(este|barrier)_"), "barrier"),
    (re.compile(r"^(valmius|readiness)_"), "readiness"),
    (re.compile(r"^(yhteistyo|yhteistyö|cooperation|co_operation)_"), "cooperation"),
    (re.compile(r"^(paino|weight)$"), "weight"),
    # names and contact details identify a firm: never read, never counted as open answers
    (_CONTACT_HEADERS, "ignore"),
)


# --- reading --------------------------------------------------------------------------------
def size_class(employees: pd.Series) -> pd.Series:
    """Size classes 0-9, 10-49, 50-249, 250+ from numbers of employees.

    >>> size_class(pd.Series([0, 9, 10, 249, 250])).tolist()
    ['0-9', '0-9', '10-49', '50-249', '250+']
    """
    cut = pd.cut(pd.Series(employees, dtype="float64"), list(_SIZE_EDGES), right=False,
                 labels=list(SIZE_CLASSES))  # fmt: skip
    return cut.astype(object).where(cut.notna(), None)


def _size_label(path: Path, s: pd.Series) -> pd.Series:
    known = {c.replace(" ", ""): c for c in SIZE_CLASSES}
    known.update({"250-": "250+", "yli250": "250+", "over250": "250+", "alle10": "0-9",
                  "1-9": "0-9", "under10": "0-9"})  # fmt: skip
    from .sources import files

    text = s.astype("string").str.replace(" ", "", regex=False).str.replace("–", "-")
    return files._map_labels(path, text.rename(s.name), known, "size class", allow_missing=False)


def read_codebook(path: str | Path | pd.DataFrame) -> pd.DataFrame:
    """An employer-survey codebook (CSV/Excel/YAML list, one row per column): ``column,
    role, name, question_fi, question_en``. ``name`` is the occupation code of a ``hires``
    column and the short name of a barrier, readiness or co-operation item."""
    from .sources import files

    if isinstance(path, pd.DataFrame):
        cb, src = path.copy(), Path("codebook")
    else:
        src = Path(path)
        if src.suffix.lower() in (".yaml", ".yml"):
            import yaml

            cb = pd.DataFrame(yaml.safe_load(src.read_text(encoding="utf-8-sig")))
        else:
            cb, src = files._read_raw(src)
    cb.columns = [str(c).strip().casefold() for c in cb.columns]
    if "column" not in cb or "role" not in cb:
        raise DataFormatError("the codebook needs the columns 'column' and 'role'.",
                              source=str(src))  # fmt: skip
    for col in ("name", "question_fi", "question_en"):
        if col not in cb:
            cb[col] = None
    cb["role"] = cb["role"].astype(str).str.strip().str.casefold()
    bad = ~cb["role"].isin(ROLES)
    if bad.any():
        raise files._fail(src, f"unknown role {cb['role'][bad].iloc[0]!r}; the roles are "
                          f"{', '.join(ROLES)}.", rows=cb.index[bad].tolist(), column="role")  # fmt: skip
    return cb.reset_index(drop=True)


def _slug(text: str) -> str:
    s = re.sub(r"[^0-9a-zA-Z_]+", "_", str(text).strip().casefold()).strip("_")
    return s or "item"


def read_employer_survey(
    path: str | Path | pd.DataFrame, codebook: str | Path | pd.DataFrame | None = None
) -> pd.DataFrame:
    """Read an employer-survey export into the ``employer_survey`` table (see the module
    notes for the roles). Errors name the file, the row and the column.

    Returns
    -------
    DataFrame
        One row per firm: ``firm_id, region, industry, size_class, employees`` and the
        ``hires_*``, ``difficulty``, ``b_*``, ``r_*``, ``c_*`` (0/1) and ``weight`` columns the
        file has. ``attrs``: ``hires`` ({column: occupation}), ``barriers``, ``readiness``,
        ``cooperation`` (column lists), ``barrier_kind`` ({column: "likert" or "select"}),
        ``texts`` ({column: (fi, en)}), ``free_text`` (how many columns were left out),
        ``inferred`` (roles taken from headers), ``source``.
    """
    from .sources import files

    if isinstance(path, pd.DataFrame):
        raw = path.astype(object).where(path.notna(), None).copy()
        raw.columns = [files._column_name(c) for c in raw.columns]
        raw.index = pd.RangeIndex(1, len(raw) + 1)
        src = Path(str(path.attrs.get("source_name", "employer survey table")))
    else:
        raw, src = files._read_raw(path)
    out, attrs = _employer_from_raw(raw, src, codebook)
    out = out.reset_index(drop=True)
    if isinstance(path, pd.DataFrame):
        out.attrs = {**attrs, "source": src.name, "synthetic": False}
    else:  # the file name only (never its path) and its date, as the other readers
        out = files._provenance(out, src, "employer_survey")
        out.attrs.update(attrs)
    return out


def _employer_from_raw(
    raw: pd.DataFrame, src: Path, codebook: str | Path | pd.DataFrame | None
) -> tuple[pd.DataFrame, dict]:
    """:func:`read_employer_survey` on the raw cells (index = row numbers in the file)."""
    from .sources import files

    headers = raw.attrs.get("headers", {})
    raw = raw.astype(object).where(raw.notna(), None)  # plain values, whatever the reader gave
    if codebook is not None:
        cb = read_codebook(codebook)
        # a codebook may name a column by its header in the file or by the name kokka gives it
        by_header = {str(h): c for c, h in headers.items()}
        cb["column"] = [c if c in raw.columns else by_header.get(c, c)
                        for c in cb["column"].astype(str)]  # fmt: skip
        missing = [c for c in cb["column"].astype(str) if c not in raw.columns]
        if missing:
            raise files._fail(src, f"the codebook names columns the file does not have: "
                              f"{missing[:5]}.", column=missing[0],
                              hint=f"The file has {list(raw.columns)[:12]}.")  # fmt: skip
        roles = {str(r.column): (r.role, r.name, r.question_fi, r.question_en)
                 for r in cb.itertuples()}  # fmt: skip
        inferred: list[str] = []
    else:
        roles, inferred = {}, []
        for col in raw.columns:
            key = str(headers.get(col, col)).strip().casefold()
            role = next((r for pat, r in _HEADER_ROLES if pat.search(key)), None)
            name = None
            if role is None and re.fullmatch(r"\d{2,5}", key):
                role, name = "hires", key  # a header that is an occupation code
            if role is None:
                role = "free_text"  # never published; counted in attrs["free_text"]
            roles[col] = (role, name, None, None)
            inferred.append(col)
    out = pd.DataFrame(index=raw.index)
    attrs: dict = {"hires": {}, "barriers": [], "readiness": [], "cooperation": [],
                   "barrier_kind": {}, "texts": {}, "free_text": 0,
                   "inferred": inferred}  # fmt: skip
    for col, (role, name, q_fi, q_en) in roles.items():
        s = raw[col].rename(headers.get(col, col))  # messages name the file's own header
        given = None if name is None or (isinstance(name, float) and np.isnan(name)) else str(name)
        rest = re.sub(r"^[^_]*_", "", str(headers.get(col, col))) if "_" in str(col) else col
        if role == "ignore":
            continue
        if role == "free_text":
            # never published: kept in one column for counting themes, read by nothing else
            text = s.astype("string").str.strip()
            before = out["free_text"] if "free_text" in out else None
            out["free_text"] = text if before is None else before.str.cat(text, sep=" | ",
                                                                         na_rep="")  # fmt: skip
            attrs["free_text"] += 1
            continue
        if role in ("id", "region", "industry", "employees", "size_class", "difficulty",
                    "weight") and role in _tidy_names(out):  # fmt: skip
            raise files._fail(src, f"two columns have the role {role!r}.", column=col)
        if role == "id":
            out["firm_id"] = s.astype("string").str.strip()
        elif role == "region":
            out["region"] = files._regions(src, s)
        elif role == "industry":
            out["industry"] = _industries(src, s)
        elif role == "employees":
            out["employees"] = files._numbers(src, s, "the number of employees", integer=True)
        elif role == "size_class":
            out["size_class"] = _size_label(src, s)
        elif role == "weight":
            out["weight"] = files._numbers(src, s, "a weight")
        elif role == "difficulty":
            out["difficulty"] = files._likert(src, _extent(s))
        elif role == "hires":
            occ = given or rest
            try:
                group = codes.occupation_group(occ)
            except codes.CodeError as exc:
                raise files._fail(src, f"the column's occupation: {exc}", column=col) from None
            if group is None:
                raise files._fail(src, f"the column's occupation {occ!r} is unknown (an X code); "
                                  "planned hires need an occupation group.", column=col)  # fmt: skip
            tidy = f"hires_{group}"
            value = files._numbers(src, s.where(s.notna(), "0"), "planned hires", integer=True)
            if (value < 0).any():
                raise files._fail(src, "planned hires cannot be negative.",
                                  rows=s.index[value < 0].tolist(), column=col)  # fmt: skip
            out[tidy] = out.get(tidy, 0) + value  # several columns of one group add up
            attrs["hires"][tidy] = group
        elif role in ("barrier", "readiness", "cooperation"):
            prefix = {"barrier": "b_", "readiness": "r_", "cooperation": "c_"}[role]
            short = _slug(given or rest)
            short = _ALIASES.get(short, short)
            if role == "barrier" and short == "onboarding":
                short = "cost"  # "perehdytys" as a barrier: the cost of orientation
            tidy = prefix + short
            known = {"barrier": BARRIERS, "readiness": READINESS, "cooperation": COOPERATION}
            fi_en = known[role].get(short, (q_fi or str(headers.get(col, col)),
                                            q_en or q_fi or str(headers.get(col, col))))  # fmt: skip
            attrs["texts"][tidy] = (str(fi_en[0]), str(fi_en[1]))
            if role == "cooperation" or (role == "barrier" and _is_select(s)):
                out[tidy] = _yes_no(src, s)
                if role == "barrier":
                    attrs["barrier_kind"][tidy] = "select"
            else:
                out[tidy] = files._likert(src, _extent(s))
                if role == "barrier":
                    attrs["barrier_kind"][tidy] = "likert"
            attrs[{"barrier": "barriers", "readiness": "readiness",
                   "cooperation": "cooperation"}[role]].append(tidy)  # fmt: skip
    for need in ("region", "industry"):
        if need not in out:
            raise files._fail(src, f"no column for the {need}; the file has "
                              f"{list(raw.columns)[:15]}.", column=need,
                              hint=f"Name it '{need}' or give it the role {need} in a codebook.")  # fmt: skip
    if "firm_id" not in out:
        out.insert(0, "firm_id", [f"F{i}" for i in out.index])
    dup = out["firm_id"].duplicated(keep=False) & out["firm_id"].notna()
    if dup.any():
        raise files._fail(src, f"the firm id {out['firm_id'][dup].iloc[0]!r} appears more than "
                          "once.", rows=out.index[dup].tolist(), column="firm_id")  # fmt: skip
    if "employees" in out and "size_class" not in out:
        out["size_class"] = size_class(out["employees"])
    if "size_class" not in out:
        raise files._fail(src, "no column for the size of the firm (employees or size class).",
                          column="employees")  # fmt: skip
    no_size = out["size_class"].isna()
    if no_size.any():
        raise files._fail(src, "the firm's size (employees or size class) is missing.",
                          rows=out.index[no_size].tolist(), column="employees")  # fmt: skip
    if "employees" not in out:  # the class's typical size for employee weights
        out["employees"] = out["size_class"].map(
            {"0-9": 4.0, "10-49": 22.0, "50-249": 110.0, "250+": 600.0}
        )
        attrs["employees_from_class"] = True
    if not (attrs["hires"] or attrs["barriers"]):
        raise files._fail(src, "the file has no planned-hires or barrier columns; nothing to "
                          "analyse.", hint="Name them hires_<occupation code> and "
                          "este_<barrier> / barrier_<barrier>, or use a codebook.")  # fmt: skip
    first = ["firm_id", "region", "industry", "size_class", "employees"]
    out = out[[*first, *[c for c in out.columns if c not in first]]]
    return out, attrs


def _tidy_names(out: pd.DataFrame) -> set[str]:
    m = {"firm_id": "id", "region": "region", "industry": "industry", "employees": "employees",
         "size_class": "size_class", "difficulty": "difficulty", "weight": "weight"}  # fmt: skip
    return {m[c] for c in out.columns if c in m}


def _industries(path: Path, s: pd.Series) -> pd.Series:
    from .sources import files

    mapping = {}
    for value in pd.unique(s.dropna()):
        try:
            mapping[value] = codes.industry_section(value)
        except codes.CodeError as exc:
            raise files._fail(path, str(exc), rows=s.index[s == value].tolist(),
                              column=str(s.name)) from None  # fmt: skip
    out = s.map(mapping)
    if out.isna().any():
        raise files._fail(path, "the industry is missing.", rows=s.index[out.isna()].tolist(),
                          column=str(s.name))  # fmt: skip
    return out


def _extent(s: pd.Series) -> pd.Series:
    """Extent labels (``Paljon``, ``A lot``) as the digits the Likert reader takes."""
    s = s.astype(object)
    text = s.astype("string").str.strip().str.casefold()
    return s.where(~text.isin(list(_EXTENT)), text.map(_EXTENT).astype("string"))


def _is_select(s: pd.Series) -> bool:
    """Ticked / not ticked: yes-no answers, or only 1 with blanks (a tick column)."""
    text = set(s.dropna().astype(str).str.strip().str.casefold()) - {""}
    if not text or not text <= (_YES | _NO):
        return False
    return not text <= {"1"} or s.isna().any() or (s.astype(str).str.strip() == "").any()


def _yes_no(path: Path, s: pd.Series) -> pd.Series:
    from .sources import files

    text = s.astype("string").str.strip().str.casefold().fillna("")
    bad = ~text.isin(list(_YES | _NO))
    if bad.any():
        raise files._fail(path, f"{s[bad].iloc[0]!r} is not a yes/no answer (kyllä/ei, "
                          "yes/no, 1/0, or empty for not ticked).",
                          rows=s.index[bad].tolist(), column=str(s.name))  # fmt: skip
    return text.isin(list(_YES)).astype("float64")


#: Size classes of Statistics Finland's establishment counter (Toimipaikkalaskuri) and
#: business register tables, grouped to :data:`SIZE_CLASSES`.
_REGISTER_SIZES = {
    "0-4": "0-9", "5-9": "0-9", "0-9": "0-9", "alle10": "0-9", "1-9": "0-9",
    "10-19": "10-49", "20-49": "10-49", "10-49": "10-49",
    "50-99": "50-249", "100-249": "50-249", "50-249": "50-249",
    "250-499": "250+", "500-999": "250+", "1000-": "250+", "1000+": "250+", "250-": "250+",
    "250+": "250+", "yli250": "250+", "1-4": "0-9", "yli1000": "250+", "1000taienemmän": "250+",
    "1000ormore": "250+", "yli999": "250+",
}  # fmt: skip
_UNKNOWN_SIZE = ("ei vielä tiedossa", "tuntematon", "unknown", "not yet known", "ei tiedossa")
#: Employees each grouped label spans (to tell a subtotal such as 0-9 beside 0-4 and 5-9).
_SIZE_SPAN = {"alle10": (0, 9), "yli250": (250, None), "250+": (250, None),
              "1000+": (1000, None), "yli1000": (1000, None), "1000taienemmän": (1000, None),
              "1000ormore": (1000, None), "yli999": (1000, None)}  # fmt: skip


def _size_key(label: object) -> str:
    text = re.sub(r"\s|henkeä|henkilöä|henkilöt|persons|hlöä|hlö", "", str(label).casefold())
    return re.sub("[–—‒−]", "-", text)


def register_size_span(label: object) -> tuple[int, int | None] | None:
    """The employees a register size-class label spans, ``(low, high)`` (high None: open)."""
    key = _size_key(label)
    if key in _SIZE_SPAN:
        return _SIZE_SPAN[key]
    m = re.fullmatch(r"(\d+)-(\d*)", key)
    if not m or key not in _REGISTER_SIZES:
        return None
    return int(m.group(1)), (int(m.group(2)) if m.group(2) else None)


def size_subtotals(labels_: Sequence[object]) -> set:
    """The labels among ``labels_`` that span others among them (``0 - 9`` beside ``0 - 4`` and
    ``5 - 9``): subtotals, which would count their establishments twice.

    Examples
    --------
    >>> sorted(size_subtotals(["0 - 4", "5 - 9", "0 - 9", "10 - 19", "250 -", "1 000 -"]))
    ['0 - 9', '250 -']
    """
    spans = {lab: s for lab in labels_ if (s := register_size_span(lab))}

    def within(a, b):  # a inside b, a != b
        hi_a = float("inf") if a[1] is None else a[1]
        hi_b = float("inf") if b[1] is None else b[1]
        return a != b and b[0] <= a[0] and hi_a <= hi_b

    return {lab for lab, s in spans.items() if any(within(t, s) for t in spans.values())}


def is_unknown_size(label: object) -> bool:
    """Whether a size-class label says the size is not known (``Ei vielä tiedossa``)."""
    text = re.sub(r"\s+", " ", str(label).strip().casefold())
    return text in _UNKNOWN_SIZE or any(
        w in text for w in ("tuntematon", "ei vielä tiedossa", "unknown", "not yet known")
    )


def register_size_class(label: object) -> str | None:
    """The size class (:data:`SIZE_CLASSES`) of a register size-class label; None for a total,
    "not yet known" or anything else.

    Examples
    --------
    >>> register_size_class("0 - 4 henkeä"), register_size_class("1 000 - henkeä")
    ('0-9', '250+')
    >>> register_size_class("Yhteensä") is None, register_size_class("ei vielä tiedossa") is None
    (True, True)
    """
    return _REGISTER_SIZES.get(_size_key(label))


def read_frame(path: str | Path | pd.DataFrame | tuple) -> pd.DataFrame:
    """The business frame from a file: enterprises or establishments by municipality, TOL
    industry (any depth) and size class, e.g. a CSV saved from Statistics Finland's
    establishment counter (Toimipaikkalaskuri) in PxWeb.

    Columns are found by their headers (Finnish or English): the municipality (``Kunta``,
    ``Alue``, ``region``), the industry (``Toimiala``, ``industry``), the size class
    (``Henkilöstön suuruusluokka``, ``Kokoluokka``, ``size_class``; the register's classes
    0-4 ... 1 000- are grouped to 0-9, 10-49, 50-249, 250+) and the count (``Toimipaikat``,
    ``Yritykset``, ``enterprises``, ``establishments``, or the only numeric column). Rows of
    unknown size ("ei vielä tiedossa") and totals ("Yhteensä", ``SSS``, a section-level total
    beside its divisions is not detected: give one industry level) are left out; the number
    left out is in ``attrs["unknown_size"]``.

    Returns
    -------
    DataFrame
        The ``enterprises`` table: ``region, industry, size_class, enterprises, employees``
        (employees NaN unless the file has them), summed over the grouped classes.
    """
    from .sources import files

    if isinstance(path, tuple):  # (raw cells, file) from kokka check: row numbers kept
        raw, src = path
        raw = raw.copy()
    elif isinstance(path, pd.DataFrame):
        raw, src = path.astype(object).copy(), Path(str(path.attrs.get("source_name", "frame")))
        raw.index = pd.RangeIndex(1, len(raw) + 1)
    else:
        raw, src = files._read_raw(path)
    headers = {c: str(raw.attrs.get("headers", {}).get(c, c)) for c in raw.columns}
    raw = raw.astype(object).where(raw.notna(), None)

    def find_all(pattern: str) -> list[str]:
        return [c for c in raw.columns if re.search(pattern, f"{c} {headers[c]}".casefold())]

    def find(pattern: str) -> str | None:
        return next(iter(find_all(pattern)), None)

    region = find(r"^(region|kunta|alue|area|municipality)|\b(kunta|alue|area)\b")
    industry = find(r"toimiala|industry|\btol\b")
    size = find(r"suuruusluokka|kokoluokka|size")
    staffs = [c for c in find_all(r"henkilöstö(?!n suuruus)|employees|personnel|"
                                  r"henkilöstömäärä|\bhtv\b") if c != size]  # fmt: skip
    year_col = next((c for c in raw.columns if re.fullmatch(
        r"vuosi|year|tilastovuosi|år", headers[c].strip().casefold())), None)  # fmt: skip
    counts = [c for c in find_all(r"toimipaik|yritykset|yritysten lukumäärä|enterprises|"
                                  r"establishments|lukumäärä") if c not in (*staffs, size)]  # fmt: skip
    counts += [c for c in raw.columns  # a PxWeb export with one column per year: "2022"
               if re.fullmatch(r"(?:19|20)\d\d\W*", headers[c].strip()) and c not in counts]  # fmt: skip

    def year_in(c: str) -> int | None:
        m = re.search(r"\b((?:19|20)\d\d)\b", headers[c])
        return int(m.group(1)) if m else None

    year_of = {c: y for c in counts if (y := year_in(c))}
    count = counts[0] if counts else None
    staff = staffs[0] if staffs else None
    picked_year = None
    if len(counts) > 1 and len(year_of) == len(counts):  # one column per year: the latest
        count = max(year_of, key=year_of.get)
        picked_year = year_of[count]
    elif len(counts) > 1:
        raise files._fail(src, "several columns could be the number of establishments: "
                          f"{[headers[c] for c in counts]}; keep one.", column=headers[counts[0]])  # fmt: skip
    if year_col is not None:  # years as rows: the latest year's rows ("2023*": preliminary)
        years = pd.to_numeric(
            raw[year_col].astype("string").str.extract(r"((?:19|20)\d\d)")[0], errors="coerce"
        )
        if years.isna().any():
            raise files._fail(src, "a row has no year.", rows=raw.index[years.isna()].tolist(),
                              column=headers[year_col])  # fmt: skip
        if years.nunique() > 1:
            picked_year = int(years.max())
            raw = raw[years == picked_year]
    staff_years = {c: y for c in staffs if (y := year_in(c))}
    if len(staff_years) > 1:  # personnel by year too: the same year as the count, else latest
        want = picked_year if picked_year in staff_years.values() else max(staff_years.values())
        staff = next(c for c, y in staff_years.items() if y == want)
    for what, col in (("municipality", region), ("industry", industry), ("size class", size)):
        if col is None:
            raise files._fail(src, f"no column for the {what}; the file has "
                              f"{list(headers.values())[:12]}.", column=what)  # fmt: skip
    if count is None:
        numeric = [c for c in raw.columns if c not in (region, industry, size, staff, year_col)]
        if len(numeric) != 1:
            raise files._fail(src, "no column for the number of enterprises or establishments "
                              "(e.g. 'Toimipaikat').", column="enterprises")  # fmt: skip
        count = numeric[0]
    text = raw[size].astype(str).str.strip().str.casefold()
    total = raw[region].astype(str).str.casefold().isin(["yhteensä", "total", "sss", "koko maa"])
    total |= raw[industry].astype(str).str.casefold().str.contains("yhteensä|total|kaikki")
    total |= text.str.contains("yhteensä|total|kaikki")
    for _, group in raw.groupby([region, industry], sort=False)[size]:  # 0-9 beside 0-4, 5-9
        total.loc[group.index] |= group.isin(size_subtotals(pd.unique(group.dropna())))
    unknown = raw[size].map(is_unknown_size).astype(bool)
    keep = ~(total | unknown)
    marks = ["..", ".", "...", "-", "x"]  # PxWeb's marks for no number
    suppressed = raw[count].astype("string").str.strip().isin(marks)
    raw[count] = raw[count].where(~suppressed, "0")
    if staff:  # '..' protected: that cell's group has no personnel total; '-' and '.' nil
        marked = raw[staff].astype("string").str.strip()
        raw[staff] = raw[staff].where(~marked.isin(["-", "."]), "0")
        raw[staff] = raw[staff].where(~marked.isin(["..", "...", "x"]), None)
    rows = raw[keep]
    key = rows[size].map(_size_key)
    cls = files._map_labels(src, key.rename(size), _REGISTER_SIZES, "size class",
                            allow_missing=False)  # fmt: skip
    out = pd.DataFrame(
        {
            "region": files._regions(src, rows[region]),
            "industry": _industries(src, rows[industry]),
            "size_class": cls,
            "enterprises": files._numbers(src, rows[count].where(rows[count].notna(), "0"),
                                          "the number of enterprises", integer=True),
            "employees": (files._numbers(src, rows[staff], "the number of employees")
                          if staff else np.nan),
        }
    )  # fmt: skip
    out["gap"] = out["employees"].isna() if staff else False
    out = out.groupby(["region", "industry", "size_class"], as_index=False).agg(
        enterprises=("enterprises", "sum"),
        employees=("employees", lambda s: s.sum(min_count=1)),
        gap=("gap", "any"),
    )
    # a group with a missing (protected) personnel cell has no personnel total, not a partial
    out.loc[out["gap"], "employees"] = np.nan
    out = out.drop(columns="gap")
    out["enterprises"] = out["enterprises"].astype("int64")
    left_out = pd.to_numeric(raw.loc[unknown & ~total, count], errors="coerce").fillna(0)
    out = files._provenance(out, src, "enterprises")
    out.attrs["unknown_size"] = int(left_out.sum())
    out.attrs["suppressed_cells"] = int((suppressed & keep).sum())
    said = f"{count} {headers.get(count, '')}".casefold()
    out.attrs["unit"] = (
        "establishments" if re.search("toimipaik|establishment", said) else ("enterprises")
    )
    out.attrs["notes"] = _frame_notes(
        out.attrs["unknown_size"], out.attrs["suppressed_cells"], out.attrs["unit"]
    )
    if picked_year:
        out.attrs["year"] = picked_year
        out.attrs["notes"].append({"fi": f"Kehikon tiedostossa on useita vuosia: käytetty "
                                         f"viimeisintä ({picked_year}).",
                                   "en": f"The frame file has several years: the latest "
                                         f"({picked_year}) is used."})  # fmt: skip
    return out


def _frame_notes(unknown: int, suppressed: int, unit: str) -> list[dict]:
    from .sources.estimation import note

    fi, en = ("toimipaikkaa", "establishments") if unit == "establishments" else (
        "yritystä", "enterprises")  # fmt: skip
    out = []
    if unknown:
        out.append(note(f"{unknown} {fi}, joiden kokoluokka ei ole tiedossa, jäi kehikosta "
                        "pois.", f"{unknown} {en} of unknown size are left out of the frame."))  # fmt: skip
    if suppressed:
        out.append(note(f"Kehikon {suppressed} solua oli suojattu tai tyhjä ('..'); ne ovat 0.",
                        f"{suppressed} cells of the frame were protected or empty ('..'); "
                        "they count as 0."))  # fmt: skip
    return out


# --- weighting ------------------------------------------------------------------------------
def in_region(df: pd.DataFrame, region: str) -> pd.DataFrame:
    """The rows (firms or frame cells) of ``df`` inside ``region``."""
    out = df[regions.in_region(df["region"].astype(str), regions.code_of(region))]
    out.attrs = dict(df.attrs)
    return out


def weights(firms: pd.DataFrame, enterprises: pd.DataFrame | None) -> pd.DataFrame:
    """Firm and employee weights of ``firms`` (already restricted to a region).

    Raked to the frame's enterprises by TOL section, size class and, when the firms span
    several maakunnat, maakunta. Sections or size classes of the frame with no responding
    firm cannot be represented: they are left out of the targets and named in
    ``attrs["not_represented"]``. Without a frame (or with the file's own weights) the
    file's weights, or 1, are used and ``attrs["raked"]`` is False.

    Returns
    -------
    DataFrame
        ``firm_weight`` (sums to the frame's enterprises when raked) and ``employee_weight``
        (firm weight times employees) on ``firms``' index. ``attrs``: ``raked``,
        ``design_effect``, ``effective_n``, ``calibration`` (the margins, for variances),
        ``not_represented``, ``enterprises`` (the frame total).
    """
    if len(firms) == 0:
        raise KokkaError("No responding firms in the region: nothing to weight.")
    if "weight" in firms or enterprises is None or len(enterprises) == 0:
        w = firms["weight"] if "weight" in firms else pd.Series(1.0, index=firms.index)
        w = w.astype(float)
        summary_ = survey.weight_summary(w).iloc[0]
        out = pd.DataFrame({"firm_weight": w, "employee_weight": w * firms["employees"]})
        out.attrs = {"raked": False, "design_effect": float(summary_["design_effect"]),
                     "effective_n": float(summary_["effective_n"]), "calibration": None,
                     "not_represented": [], "enterprises": float(w.sum()),
                     "own_weights": "weight" in firms}  # fmt: skip
        return out
    work = firms.assign(maakunta=firms["region"].map(_maakunta))
    frame = enterprises.assign(maakunta=enterprises["region"].map(_maakunta))
    frame = frame[frame["maakunta"].isin(set(work["maakunta"]))]
    dims = ["industry", "size_class"] + (["maakunta"] if work["maakunta"].nunique() > 1 else [])
    missing = []
    for dim in dims:  # frame categories without respondents: left out (named)
        lost = sorted(set(frame[dim]) - set(work[dim]))
        missing += [(dim, v) for v in lost]
        frame = frame[frame[dim].isin(set(work[dim]))]
    keep = np.ones(len(work), dtype=bool)
    for dim in dims:  # firms outside the frame's categories cannot be weighted to it
        keep &= work[dim].isin(set(frame[dim])).to_numpy()
    if not keep.all():
        raise KokkaError(
            f"{int((~keep).sum())} responding firms are in an industry or size class the "
            "business frame does not have (e.g. public administration): give them weights of "
            "your own or leave them out of the file."
        )
    margins = {d: frame.groupby(d)["enterprises"].sum().astype(float) for d in dims}
    w = survey.rake(work, margins, max_iter=300)
    fallback = False
    if not w.attrs["converged"] and len(dims) > 1:
        # the margins cannot all be met (too few firms in some industry x size cells): the
        # iteration would drive some firms' weights towards zero. Post-stratify by size class,
        # the sampling strata, which always fits, and say so on the page.
        dims = ["size_class"]
        margins = {"size_class": margins["size_class"]}
        w = survey.rake(work, margins)
        fallback = True
    out = pd.DataFrame({"firm_weight": w, "employee_weight": w * firms["employees"]},
                       index=firms.index)  # fmt: skip
    out.attrs = {"raked": True, "design_effect": w.attrs["design_effect"],
                 "effective_n": w.attrs["effective_n"], "calibration": margins, "dims": dims,
                 "stratum_sizes": margins["size_class"].to_dict(),
                 "fallback": fallback,
                 "not_represented": missing,
                 "enterprises": float(frame["enterprises"].sum()),
                 "unit": enterprises.attrs.get("unit", "enterprises")}  # fmt: skip
    return out


def _maakunta(code: str) -> str:
    try:
        return regions.parent(str(code), "maakunta").code
    except KokkaError:
        return str(code)


def _calibration(firms: pd.DataFrame, w: pd.DataFrame) -> dict | None:
    if not w.attrs.get("calibration"):
        return None
    return w.attrs["calibration"]


def _with_dims(firms: pd.DataFrame) -> pd.DataFrame:
    return firms.assign(maakunta=firms["region"].map(_maakunta))


# --- results --------------------------------------------------------------------------------
def _major(firms: pd.DataFrame, item: str) -> pd.Series:
    """1 where the barrier matters much (4-5) or is ticked, 0 where not, NaN unanswered."""
    v = firms[item].astype(float)
    kind = firms.attrs.get("barrier_kind", {}).get(item)
    if kind == "select" or item in firms.attrs.get("cooperation", []):
        return v
    return (v >= 4).astype(float).where(v.notna())


def _variance(z, firms: pd.DataFrame, w: pd.DataFrame) -> np.ndarray:
    """Variance of the weighted totals ``sum(firm_weight * z)`` (one per column of ``z``).

    Linearised for the raking (Deville and Särndal 1992): ``z`` is replaced by its residuals
    from a weighted least-squares fit on the indicators of the raking margins, and the size
    classes are the sampling strata (business surveys sample large firms far more often),
    each with its finite-population correction ``1 - n_h / N_h`` from the frame. Coverage of
    the resulting intervals is measured by simulation in the tests.
    """
    wv = w["firm_weight"].to_numpy(dtype=float)
    z = np.asarray(z, dtype=float)
    z = z[:, None] if z.ndim == 1 else z
    data = _with_dims(firms)
    dims = list(w.attrs.get("dims") or [])
    if dims:
        d = pd.get_dummies(data[dims].astype(str)).to_numpy(dtype=float)
        b = np.linalg.pinv(d.T @ (wv[:, None] * d)) @ (d.T @ (wv[:, None] * z))
        z = z - d @ b
    u = wv[:, None] * z
    strata = data["size_class"].astype(str).to_numpy()
    sizes = w.attrs.get("stratum_sizes") or {}
    var = np.zeros(z.shape[1])
    for h in np.unique(strata):
        sel = strata == h
        n_h = int(sel.sum())
        if n_h < 2:
            continue
        f_h = min(n_h / sizes[h], 1.0) if sizes.get(h) else 0.0
        uh = u[sel]
        var += n_h / (n_h - 1) * (1 - f_h) * ((uh - uh.mean(axis=0)) ** 2).sum(axis=0)
    return var


def _shares(
    firms: pd.DataFrame, w: pd.DataFrame, items: list[str], by: str | None, min_firms: int
) -> pd.DataFrame:
    """Firm- and employee-weighted shares (0-1) of ``items`` being 1, with 95 % logit
    intervals from :func:`_variance`; masked where fewer than ``min_firms`` firms answered,
    or where 1-``min_firms - 1`` firms answered yes (or no)."""
    fw = w["firm_weight"].to_numpy(dtype=float)
    emp = firms["employees"].to_numpy(dtype=float)
    groups = [(None, np.ones(len(firms), dtype=bool))] if by is None else [
        (g, (firms[by] == g).to_numpy()) for g in sorted(firms[by].dropna().unique())
    ]  # fmt: skip
    rows = []
    for g, dom in groups:
        for item in items:
            y = _major(firms, item).to_numpy()
            ok = dom & ~np.isnan(y)
            yv = np.where(ok, y, 0.0)
            n, yes = int(ok.sum()), int(yv[ok].sum())
            row = {"group": g, "item": item, "firms": n}
            for key, scale in (("", np.ones_like(fw)), ("employee_", emp)):
                tot = (fw * scale)[ok].sum()
                p = float((fw * scale * yv)[ok].sum() / tot) if tot > 0 else np.nan
                z = np.where(ok, scale * (yv - p) / tot, 0.0) if tot > 0 else np.zeros(len(fw))
                se = float(np.sqrt(_variance(z, firms, w)[0]))
                lo, hi = survey._logit_interval(np.array([p]), np.array([se]), np.array([n]))
                row.update(
                    {f"{key}share": p, f"{key}low": float(lo[0]), f"{key}high": float(hi[0])}
                )
            few = n < min_firms or 0 < yes < min_firms or 0 < n - yes < min_firms
            if few:
                for key in (
                    "share",
                    "low",
                    "high",
                    "employee_share",
                    "employee_low",
                    "employee_high",
                ):
                    row[key] = np.nan
            row["suppressed"] = few
            rows.append(row)
    out = pd.DataFrame(rows)
    if by is not None and len(out):
        out = _protect_groups(out)
    return out


def _protect_groups(table: pd.DataFrame) -> pd.DataFrame:
    """Complementary suppression across the groups of each item: the overall share and the
    frame's group sizes are published, so a single masked group would follow from the others;
    the smallest published group of that item is masked with it."""
    cols = ["share", "low", "high", "employee_share", "employee_low", "employee_high"]
    for _, idx in table.groupby("item").groups.items():
        part = table.loc[idx]
        if part["suppressed"].sum() == 1 and (~part["suppressed"]).any():
            other = part.loc[~part["suppressed"], "firms"].idxmin()
            table.loc[other, cols] = np.nan
            table.loc[other, "suppressed"] = True
    return table


def barrier_table(
    firms: pd.DataFrame,
    w: pd.DataFrame,
    by: str | None = None,
    min_firms: int = MIN_FIRMS,
    *,
    lang: str = "fi",
) -> pd.DataFrame:
    """The share of firms for which each barrier matters much (4-5 on a 1-5 scale, or ticked),
    firm-weighted and employee-weighted, with 95 % intervals (:func:`_variance`), largest
    first. Cells with fewer than ``min_firms`` firms (or 1-2 firms answering yes or no) are
    masked.

    Returns
    -------
    DataFrame
        ``[by,] barrier, label, firms, share, share_low, share_high, employee_share,
        employee_share_low, employee_share_high`` (shares in per cent).
    """
    items = list(firms.attrs.get("barriers", []))
    if not items:
        raise KokkaError("The employer survey has no barrier columns.")
    m = _shares(firms, w, items, by, min_firms)
    texts = firms.attrs.get("texts", {})
    out = pd.DataFrame(
        {
            **({by: m["group"]} if by else {}),
            "barrier": m["item"],
            "label": [pick(*texts.get(i, (i, i)), lang) for i in m["item"]],
            "firms": m["firms"].astype(int),
            "share": m["share"] * 100,
            "share_low": m["low"] * 100,
            "share_high": m["high"] * 100,
            "employee_share": m["employee_share"] * 100,
            "employee_share_low": m["employee_low"] * 100,
            "employee_share_high": m["employee_high"] * 100,
        }
    )
    if by:  # groups in their natural order (size classes by size), largest share first
        order = {c: i for i, c in enumerate(SIZE_CLASSES)} if by == "size_class" else {}
        out["_g"] = out[by].map(lambda g: order.get(g, len(order))).astype(float)
        out = out.sort_values(["_g", by, "share"], ascending=[True, True, False],
                              ignore_index=True, na_position="last").drop(columns="_g")  # fmt: skip
    else:
        out = out.sort_values("share", ascending=False, ignore_index=True, na_position="last")
    out.attrs = {"raked": w.attrs.get("raked", False)}
    return out


def readiness(firms: pd.DataFrame, w: pd.DataFrame, min_firms: int = MIN_FIRMS) -> dict:
    """The readiness index: the mean of a firm's readiness items (1-5; firms answering at
    least half of them), its reliability (Cronbach's alpha) and its firm-weighted
    distribution and mean by size class.

    Returns
    -------
    dict
        ``alpha`` (NaN when fewer than ``min_firms`` answered every item), ``items``, ``n``,
        ``index`` (Series on ``firms``' index), ``distribution`` (DataFrame ``band, share``
        in per cent over the bands 1-2, 2-3, 3-4, 4-5), ``by_size`` (DataFrame
        ``size_class, firms, mean``; masked under ``min_firms``).
    """
    items = list(firms.attrs.get("readiness", []))
    if not items:
        raise KokkaError("The employer survey has no readiness items.")
    answers = firms[items].astype(float)
    enough = answers.notna().sum(axis=1) >= max(1, (len(items) + 1) // 2)
    index = answers.mean(axis=1).where(enough)
    complete = answers.dropna()
    alpha = (survey.cronbach_alpha(complete, items)  # a single item has no alpha
             if len(complete) >= min_firms and len(items) >= 2 else np.nan)  # fmt: skip
    fw = w["firm_weight"].where(index.notna(), 0.0)
    bands = pd.cut(index, [1, 2, 3, 4, 5.0001], right=False, labels=["1–2", "2–3", "3–4", "4–5"])
    dist = fw.groupby(bands, observed=False).sum()
    dist = (dist / dist.sum() * 100).rename("share").reset_index().rename(columns={"r": "band"})
    dist.columns = ["band", "share"]
    counts = bands.value_counts().reindex(dist["band"]).to_numpy()
    dist.loc[(counts > 0) & (counts < min_firms), "share"] = np.nan
    if dist["share"].isna().sum() == 1:  # 100 minus the others would give it back
        shown = dist["share"].dropna()
        if len(shown):
            dist.loc[shown.idxmin(), "share"] = np.nan
    rows = []
    for cls in SIZE_CLASSES:
        sel = (firms["size_class"] == cls) & index.notna()
        n = int(sel.sum())
        mean = float(np.average(index[sel], weights=fw[sel])) if n >= min_firms else np.nan
        rows.append((cls, n, mean))
    by_size = pd.DataFrame(rows, columns=["size_class", "firms", "mean"])
    return {"alpha": float(alpha), "items": items, "n": int(len(complete)), "index": index,
            "distribution": dist, "by_size": by_size}  # fmt: skip


def dominance(
    contributions: pd.Series, groups: pd.Series, rules=DOMINANCE, min_firms: int = MIN_FIRMS
) -> pd.DataFrame:
    """The disclosure check of magnitude cells: per group, the contributing firms (value > 0),
    the shares of the largest one and two, and whether the cell is sensitive (fewer than
    ``min_firms`` contributors, or an (n, k) rule broken).

    Examples
    --------
    >>> v = pd.Series([90, 5, 5, 30, 30, 40, 1])
    >>> g = pd.Series(["a", "a", "a", "b", "b", "b", "c"])
    >>> dominance(v, g)[["group", "contributors", "sensitive"]].values.tolist()
    [['a', 3, True], ['b', 3, False], ['c', 1, True]]
    """
    rows = []
    for key, vals in contributions.groupby(groups, sort=True):
        v = np.sort(vals[vals > 0].to_numpy(dtype=float))[::-1]
        total = v.sum()
        top1 = v[0] / total if total > 0 else np.nan
        top2 = v[:2].sum() / total if total > 0 else np.nan
        broken = any(total > 0 and v[:n].sum() > k * total for n, k in rules)
        rows.append((key, len(v), total, top1, top2, bool(len(v) < min_firms or broken)))
    return pd.DataFrame(rows, columns=["group", "contributors", "total", "top1_share",
                                       "top2_share", "sensitive"])  # fmt: skip


#: Protection of a sensitive magnitude cell: the other cells masked with it hold at least this
#: share of its value, so the total minus the published cells leaves an attacker an interval
#: from 0 to at least (1 + PROTECTION) times the cell (the p % rule's idea, p = 20 %).
PROTECTION = 0.2


def _complementary(
    values: np.ndarray,
    sensitive: np.ndarray,
    protection: float = PROTECTION,
    contributions: np.ndarray | None = None,
    floor: float = 0.0,
) -> tuple[np.ndarray, bool]:
    """Cells to mask in a table of magnitudes whose total is published: the sensitive cells,
    and beside them published cells until, for every sensitive cell, the other masked cells
    hold at least ``protection`` times its value. A partner is the smallest published
    non-zero cell that closes the gap, else the largest. Returns the mask and whether that was
    reached (False: not enough published cells to hide with).

    ``contributions`` (firms x cells) counts the worst attacker: a firm knows its own parts of
    the other masked cells, and every other contributor of a cell (their number is published)
    holds at least ``floor`` (the smallest weight times one hire); only what is beyond those
    lower bounds protects.

    Examples
    --------
    >>> v = np.array([100.0, 5.0, 40.0, 120.0, 0.0])
    >>> mask, ok = _complementary(v, np.array([True, False, False, False, False]))
    >>> mask.tolist(), ok  # 20 needed: 40 is the smallest that gives it (not 5)
    ([True, False, True, False, False], True)
    """
    masked = np.asarray(sensitive, dtype=bool).copy()
    c = np.zeros((1, len(values))) if contributions is None else np.nan_to_num(contributions)
    c = np.vstack([np.zeros((1, len(values))), c])  # row 0: an outsider, who knows nothing
    present = c > 0
    n = present.sum(axis=0)  # contributors per cell
    idx = np.flatnonzero(masked)
    while len(idx):

        def cover(i):  # what hides cell i from the worst attacker
            others = masked.copy()
            others[i] = False
            if not others.any():
                return 0.0
            # each attacker's lower bound of every other masked cell: its own part plus
            # the floor for each other contributor
            low = c[:, others] + (n[others] - present[:, others]) * floor
            return float((values[others] - low).sum(axis=1).min())

        gap = max(protection * values[i] - cover(i) for i in idx)
        if gap <= 0:
            return masked, True
        pool = np.flatnonzero(~masked & (values > 0))
        if len(pool) == 0:
            return masked, False
        big = pool[values[pool] >= gap]
        pick = big[np.argmin(values[big])] if len(big) else pool[np.argmax(values[pool])]
        masked[pick] = True
    return masked, True


def _hires_partition(
    firms: pd.DataFrame, w: pd.DataFrame, by: str, min_firms: int
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, bool]:
    """Planned hires by ``by`` with their disclosure mask: ``(table, influence matrix, masked,
    enough)``; contributions are summed per firm within a group (a firm counts once even when
    several of its columns fall in one occupation group)."""
    cols = list(firms.attrs.get("hires", {}))
    x = firms[cols].fillna(0.0).astype(float)
    fw = w["firm_weight"].to_numpy(dtype=float)
    if by == "occupation":
        names = [firms.attrs["hires"][c] for c in cols]
        infl = x.to_numpy()
        contrib = x.mul(fw, axis=0).T.groupby(names).sum().T  # firm x group
        contrib = contrib.melt(var_name="group", value_name="v", ignore_index=False)
    else:
        total_x = x.sum(axis=1)
        names = sorted(firms["industry"].unique())
        infl = np.column_stack([total_x.where(firms["industry"] == s, 0.0) for s in names])
        contrib = pd.DataFrame({"v": total_x * fw, "group": firms["industry"].to_numpy()},
                               index=firms.index)  # fmt: skip
    est = infl.T @ fw
    dom = dominance(contrib["v"], contrib["group"], min_firms=min_firms).set_index("group")
    table = pd.DataFrame({"group": names, "hires": est, "sample_hires": infl.sum(axis=0)})
    table = table.groupby("group", as_index=False, sort=False).sum()  # columns of one group
    if by == "occupation":  # the influence of a group: its columns summed
        infl = pd.DataFrame(infl, columns=names).T.groupby(level=0, sort=False).sum().T
        infl = infl[table["group"]].to_numpy()
    d = dom.reindex(table["group"])
    table["firms"] = d["contributors"].fillna(0).to_numpy()
    sensitive = d["sensitive"].fillna(True).to_numpy(dtype=bool)
    # a group no firm plans hires in is a known zero: shown as 0, and never counted as the
    # protection of a sensitive cell (a reviewer recovered a cell hidden only beside zeros)
    sensitive = sensitive & (table["firms"].to_numpy() > 0)
    matrix = (contrib.assign(firm=contrib.index)
              .pivot_table(index="firm", columns="group", values="v", aggfunc="sum")
              .reindex(columns=table["group"]).fillna(0.0).to_numpy())  # fmt: skip
    positive = fw[fw > 0]
    masked, enough = _complementary(table["hires"].to_numpy(dtype=float), sensitive,
                                    contributions=matrix,
                                    floor=float(positive.min()) if len(positive) else 0.0)  # fmt: skip
    return table, infl, masked, enough


def planned_hires(
    firms: pd.DataFrame,
    w: pd.DataFrame,
    by: str = "occupation",
    min_firms: int = MIN_FIRMS,
) -> pd.DataFrame:
    """Planned hires in the next 12 months, estimated for all the region's firms (firm
    weights), by occupation group or by industry, with 95 % intervals and business
    disclosure control.

    Returns
    -------
    DataFrame
        ``group, firms (contributing), hires (estimate), hires_low, hires_high, sample_hires,
        suppressed``; sensitive cells (:func:`dominance` on the weighted contributions) and
        their complementary cells are masked; the total is the last row (``group`` "total").
    """
    cols = list(firms.attrs.get("hires", {}))
    if not cols:
        raise KokkaError("The employer survey has no planned-hires columns.")
    if by not in ("occupation", "industry"):
        raise ValueError("planned_hires: by must be 'occupation' or 'industry'.")
    x = firms[cols].fillna(0.0).astype(float)
    table, infl, masked, enough = _hires_partition(firms, w, by, min_firms)
    # the occupation and industry tables share one published total: it is masked when
    # either table cannot protect its cells, and then neither table may give it back
    other = "industry" if by == "occupation" else "occupation"
    enough_other = _hires_partition(firms, w, other, min_firms)[3]
    fw = w["firm_weight"].to_numpy(dtype=float)
    se = np.sqrt(_variance(infl, firms, w))
    table["hires_low"] = np.clip(table["hires"] - 1.96 * se, 0, None)
    table["hires_high"] = table["hires"] + 1.96 * se
    whole = dominance(x.sum(axis=1) * fw, pd.Series("total", index=firms.index),
                      min_firms=min_firms)  # fmt: skip
    total_masked = bool(whole["sensitive"].iloc[0]) if len(whole) else True
    total_masked |= not (enough and enough_other)
    if total_masked:  # the cells must not add up to the masked total: two of them masked
        values = table["hires"].to_numpy(dtype=float)
        while (masked & (values > 0)).sum() < 2 and (~masked & (values > 0)).any():
            pool = np.flatnonzero(~masked & (values > 0))
            masked[pool[np.argmin(values[pool])]] = True
    table["suppressed"] = masked
    table.loc[masked, ["hires", "hires_low", "hires_high", "sample_hires"]] = np.nan
    total_se = float(np.sqrt(_variance(infl.sum(axis=1), firms, w)[0]))
    total = float(infl.sum(axis=1) @ fw)
    n_all = int((x.sum(axis=1) > 0).sum())
    table = table.sort_values("hires", ascending=False, na_position="last", ignore_index=True)
    table.loc[len(table)] = {"group": "total",
                             "hires": np.nan if total_masked else total,
                             "hires_low": np.nan if total_masked else max(total - 1.96 * total_se, 0.0),
                             "hires_high": np.nan if total_masked else total + 1.96 * total_se,
                             "sample_hires": np.nan if total_masked else float(infl.sum()),
                             "firms": n_all, "suppressed": total_masked}  # fmt: skip
    table = table[["group", "firms", "hires", "hires_low", "hires_high", "sample_hires",
                   "suppressed"]]  # fmt: skip
    table.attrs = {"by": by, "raked": w.attrs.get("raked", False)}
    return table


def openings_by_occupation(
    openings: pd.DataFrame, firms: pd.DataFrame, w: pd.DataFrame, horizon: int
) -> pd.DataFrame:
    """The foresight's yearly openings by industry, spread over occupation groups by the
    surveyed firms' planned hires in each industry (firm-weighted), so that they can be set
    beside the planned hires and the barometer in the same groups.

    An industry whose firms plan no hires (or that no firm answered for) cannot be spread:
    its openings stay unallocated, and ``attrs["unallocated"]`` gives them (a year).

    Returns
    -------
    Series
        Openings a year by occupation group (name ``openings_per_year``).
    """
    cols = list(firms.attrs.get("hires", {}))
    per_year = openings.set_index("industry")["openings"].astype(float) / horizon
    if not cols:
        out = pd.Series(dtype=float, name="openings_per_year")
        out.attrs = {"unallocated": float(per_year.sum())}
        return out
    occ = [firms.attrs["hires"][c] for c in cols]
    weighted = firms[cols].fillna(0.0).astype(float).mul(w["firm_weight"], axis=0)
    weighted.columns = occ
    mix = weighted.T.groupby(level=0).sum().T.groupby(firms["industry"]).sum()
    totals = mix.sum(axis=1)
    mix = mix[totals > 0].div(totals[totals > 0], axis=0)
    covered = per_year.reindex(mix.index).fillna(0.0)
    out = (mix.mul(covered, axis=0)).sum(axis=0).rename("openings_per_year")
    # with one hiring industry the spread is that industry's own hire mix: beside its openings
    # it gives the ratio of each occupation's hires to the industry's (a masked total back)
    out.attrs = {"unallocated": float(per_year.drop(index=mix.index, errors="ignore").sum()),
                 "industries": int((covered > 0).sum())}  # fmt: skip
    return out


def hires_beside_barometer(
    hires: pd.DataFrame,
    barometer: pd.DataFrame | None,
    labour_market: pd.DataFrame | None,
    region: str,
    year: int,
    *,
    lang: str = "fi",
    openings_per_year: pd.Series | None = None,
) -> pd.DataFrame:
    """Planned hires by occupation group beside the Labour Market Barometer's latest index
    and the year's vacancies per jobseeker for the same two-digit groups (the barometer and
    the employment-service figures of the region's maakunta when the region has none), and,
    given ``openings_per_year`` (:func:`openings_by_occupation`), the foresight's openings a
    year in the same groups."""
    rows = hires[hires["group"] != "total"].copy()
    code = regions.code_of(region)
    allocated = openings_per_year if openings_per_year is not None else None
    out = pd.DataFrame({
        "occupation": rows["group"],
        "hires": rows["hires"], "hires_low": rows["hires_low"], "hires_high": rows["hires_high"],
        "hiring_firms": rows["firms"],
    })  # fmt: skip
    if allocated is not None:
        # a masked occupation's openings are spread by its (masked) hires: masked with them;
        # and all of them when the hires total is masked (found by a reviewer: with one
        # hiring industry, hires x its openings / spread openings gave the masked total back)
        total_masked = bool(hires.loc[hires["group"] == "total", "suppressed"].any())
        hide = rows["suppressed"].to_numpy(dtype=bool) | total_masked
        out["openings_per_year"] = out["occupation"].map(allocated).where(~hide)
        out.attrs["unallocated"] = allocated.attrs.get("unallocated", 0.0)
    out["barometer"] = np.nan
    if barometer is not None and len(barometer):
        b = _region_or_parent(barometer, code)
        if len(b):
            last = b[b["period"] == b["period"].max()]
            out["barometer"] = out["occupation"].map(last.groupby("occupation")["index"].mean())
            out.attrs["barometer_period"] = str(b["period"].max())
    out["vacancies_per_jobseeker"] = np.nan
    if labour_market is not None and len(labour_market):
        lm = _region_or_parent(labour_market, code)
        lm = lm[pd.to_datetime(lm["month"]).dt.year == year]
        if len(lm):
            s = lm.groupby("occupation")[["vacancies", "jobseekers"]].sum()
            ratio = s["vacancies"] / s["jobseekers"].where(s["jobseekers"] > 0)
            out["vacancies_per_jobseeker"] = out["occupation"].map(ratio)
    return out.reset_index(drop=True)


def _region_or_parent(df: pd.DataFrame, code: str) -> pd.DataFrame:
    rows = df[df["region"].astype(str) == code]
    if len(rows) == 0:
        rows = df[df["region"].astype(str) == _maakunta(code)]
    return rows


def hires_beside_openings(
    hires: pd.DataFrame, openings: pd.DataFrame, horizon: int, *, lang: str = "fi"
) -> pd.DataFrame:
    """Planned hires in 12 months by industry beside the foresight's yearly openings
    (openings over the horizon divided by its years) of the same TOL sections."""
    rows = hires[hires["group"] != "total"].rename(columns={"group": "industry"})
    per_year = openings.set_index("industry")["openings"] / horizon
    out = rows[["industry", "firms", "hires", "hires_low", "hires_high"]].copy()
    out = out.rename(columns={"firms": "hiring_firms"})  # not the responding firms
    out["openings_per_year"] = out["industry"].map(per_year)
    return out.reset_index(drop=True)  # report.table names the industries


def needs_and_barriers(
    firms: pd.DataFrame, w: pd.DataFrame, min_firms: int = MIN_FIRMS
) -> pd.DataFrame:
    """Where hiring intent and barriers meet, by industry: planned hires per 100 employees
    (firm-weighted hires over firm-weighted employees), and the firm-weighted mean number of
    barriers that matter much (4-5 or ticked) per firm. Industries with fewer than
    ``min_firms`` firms are masked."""
    hires_cols = list(firms.attrs.get("hires", {}))
    barriers = list(firms.attrs.get("barriers", []))
    kinds = firms.attrs.get("barrier_kind", {})
    hit = pd.Series(0.0, index=firms.index)
    for b in barriers:
        v = firms[b]
        hit += ((v >= 1) if kinds.get(b) == "select" else (v >= 4)).astype(float)
    hires = (
        firms[hires_cols].fillna(0).sum(axis=1) if hires_cols else pd.Series(0.0, index=firms.index)
    )
    dominated = {}
    if hires_cols:
        by_ind = planned_hires(firms, w, by="industry", min_firms=min_firms)
        dominated = dict(zip(by_ind["group"], by_ind["suppressed"], strict=True))
    rows = []
    for section, idx in firms.groupby("industry").groups.items():
        fw, emp = w.loc[idx, "firm_weight"], firms.loc[idx, "employees"]
        n = len(idx)
        if n < min_firms:
            rows.append((section, n, np.nan, np.nan))
            continue
        rate = (
            float((hires[idx] * fw).sum() / (emp * fw).sum() * 100)
            if (emp * fw).sum() > 0 and not dominated.get(section, True)
            else np.nan  # the industry's hires are masked on the page: so is their rate
        )
        some = int((hit[idx] > 0).sum())
        few = 0 < some < min_firms or 0 < n - some < min_firms
        share = np.nan if few else float((hit[idx] * fw).sum() / fw.sum())
        rows.append((section, n, rate, share))
    return pd.DataFrame(rows, columns=["industry", "firms", "hires_per_100", "major_barriers"])


def cooperation_table(
    firms: pd.DataFrame, w: pd.DataFrame, min_firms: int = MIN_FIRMS, *, lang: str = "fi"
) -> pd.DataFrame:
    """Firm- and employee-weighted shares of firms co-operating with educational institutions
    in each way, with 95 % intervals (as :func:`barrier_table`)."""
    items = list(firms.attrs.get("cooperation", []))
    if not items:
        raise KokkaError("The employer survey has no co-operation columns.")
    m = _shares(firms, w, items, None, min_firms)
    texts = firms.attrs.get("texts", {})
    return pd.DataFrame({
        "label": [pick(*texts.get(i, (i, i)), lang) for i in m["item"]],
        "firms": m["firms"].astype(int),
        "share": m["share"] * 100, "share_low": m["low"] * 100, "share_high": m["high"] * 100,
        "employee_share": m["employee_share"] * 100,
    })  # fmt: skip


#: Column headers of the employer tables (Finnish, English).
COLUMN_LABELS = {
    "occupation": ("Ammattiryhmä", "Occupation group"),
    "industry": ("Toimiala", "Industry"),
    "label": ("Nimi", "Name"),
    "firms": ("Yrityksiä", "Firms"),
    "hiring_firms": ("Rekrytoivia yrityksiä", "Firms planning hires"),
    "hires": ("Rekrytoinnit, arvio", "Planned hires, estimate"),
    "hires_low": ("väli alkaen", "interval from"),
    "hires_high": ("väli asti", "interval to"),
    "barometer": ("Barometri (1–5)", "Barometer (1–5)"),
    "vacancies_per_jobseeker": ("Avoimet / työnhakija", "Vacancies per jobseeker"),
    "openings_per_year": ("Ennakointi: avautuvat työpaikat / v", "Foresight: openings a year"),
    "size_class": ("Kokoluokka (henkilöä)", "Size class (employees)"),
    "share": ("Osuus yrityksistä (%)", "Share of firms (%)"),
    "share_low": ("väli alkaen", "interval from"),
    "share_high": ("väli asti", "interval to"),
    "employee_share": ("Osuus työpaikoista (%)", "Share of jobs (%)"),
    "mean": ("Valmiusindeksi (1–5)", "Readiness index (1–5)"),
    "hires_per_100": ("Rekrytoinnit / 100 työntekijää", "Hires per 100 employees"),
    "major_barriers": ("Suuria esteitä / yritys", "Major barriers per firm"),
}


def needs_and_barriers_display(table: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """:func:`needs_and_barriers` for reading: industry names, largest hiring rate first."""
    out = table.sort_values("hires_per_100", ascending=False, na_position="last")
    cols = ["industry", "firms", "hires_per_100", "major_barriers"]
    return out[cols].reset_index(drop=True)


def readiness_text(ready: dict, *, lang: str) -> str:
    """The readiness index's reliability and distribution in a sentence."""
    alpha = number(ready["alpha"], lang, 2)
    upper = ready["distribution"].loc[ready["distribution"]["band"].isin(["3–4", "4–5"]), "share"]
    high = upper.sum() if len(upper) and upper.notna().all() else np.nan
    items = len(ready["items"])
    text = pick(
        f"Valmiusindeksi yhdistää {items} kysymystä (Cronbachin alfa {alpha}, "
        f"{ready['n']} yritystä vastasi kaikkiin).",
        f"The readiness index combines {items} items (Cronbach's alpha {alpha}, "
        f"{ready['n']} firms answered all).",
        lang,
    )
    if items == 1:
        text = pick(
            f"Valmiusindeksi on yksi kysymys ({ready['n']} yritystä vastasi): sen "
            "yhtenäisyyttä (Cronbachin alfa) ei voi arvioida.",
            f"The readiness index is a single item ({ready['n']} firms answered): its "
            "consistency (Cronbach's alpha) cannot be assessed.",
            lang,
        )
    if pd.notna(high):  # only when both upper bands are published
        text += pick(f" {percent(high, 'fi', 0)}:lla alueen yrityksistä indeksi on vähintään 3.",
                     f" {percent(high, 'en', 0)} of the region's firms score 3 or more.", lang)  # fmt: skip
    if items > 1 and not ready["alpha"] >= 0.6:
        text += pick(
            " Alfa on alle 0,6: kysymykset eivät muodosta yhtenäistä asteikkoa, joten "
            "indeksiä kannattaa lukea varoen ja katsoa kysymyksiä erikseen.",
            " Alpha is below 0.6: the items do not form one scale, so read the index with "
            "care and look at the items one by one.",
            lang,
        )
    return text


def graduates_text(graduates: pd.DataFrame | None, region: str, *, lang: str) -> str:
    """The region's graduates of the last year beside the co-operation shares."""
    if graduates is None or len(graduates) == 0:
        return ""
    code = regions.code_of(region)
    rows = graduates[regions.in_region(graduates["region"].astype(str), code)]
    if len(rows) == 0:
        rows = graduates[graduates["region"].astype(str) == _maakunta(code)]
    if len(rows) == 0:
        return pick(
            "Alueella ei ole oppilaitoksia tutkintotaulussa.",
            "The graduates table has no institutions in the region.",
            lang,
        )
    last = int(rows["year"].max())
    r = rows[rows["year"] == last]
    total = number(r["graduates"].sum(), lang, 0)
    intl = r.loc[r["international"].astype(bool), "graduates"].sum()
    known = graduates.attrs.get("international_known", True) is not False
    top = r.groupby("field")["graduates"].sum().sort_values(ascending=False).head(3)
    fields = ", ".join(
        f"{labels.label('field', f, lang).lower()} {number(n, lang, 0)}" for f, n in top.items()
    )
    return pick(
        f"Alueen oppilaitoksista valmistui vuonna {last} {total} tutkintoa"
        + (f", joista {number(intl, 'fi', 0)} kansainvälisille opiskelijoille" if known else "")
        + f"; eniten aloilla {fields}.",
        f"The region's institutions awarded {total} degrees in {last}"
        + (f", {number(intl, 'en', 0)} of them to international students" if known else "")
        + f"; the most in {fields}.",
        lang,
    )


# --- page text ------------------------------------------------------------------------------
_PARTS = {
    "hires": ("suunniteltuja rekrytointeja", "planned hires"),
    "barriers": ("esteitä", "barriers"),
    "readiness": ("valmiuskysymyksiä", "readiness items"),
    "cooperation": ("yhteistyökysymyksiä", "co-operation items"),
}


def has(firms: pd.DataFrame, *parts: str) -> bool:
    """Whether the survey has columns of every one of ``parts`` (``hires``, ``barriers``,
    ``readiness``, ``cooperation``): a page leaves a section out when its file has none."""
    return all(bool(firms.attrs.get(p)) for p in parts)


def missing_text(*parts: str, lang: str) -> str:
    """The sentence a page shows in place of a section its survey file has no columns for."""
    what = [p for p in parts if p in _PARTS]
    return pick(
        "Kyselyaineistossa ei ole " + " eikä ".join(_PARTS[p][0] for p in what)
        + ", joten tämä osa jää pois.",
        "The survey file has no " + " or ".join(_PARTS[p][1] for p in what)
        + ", so this part is left out.",
        lang,
    )  # fmt: skip


def weighting_text(firms: pd.DataFrame, w: pd.DataFrame, *, lang: str) -> str:
    """How the firms were weighted, and the design effect."""
    n = len(firms)
    deff = number(w.attrs.get("design_effect", np.nan), lang, 2)
    neff = number(w.attrs.get("effective_n", np.nan), lang, 0)
    if not w.attrs.get("raked"):
        own = w.attrs.get("own_weights")
        return pick(
            f"Vastanneita yrityksiä {n}. " + ("Painot ovat tiedoston omat" if own else
            "Tuloksia ei ole painotettu (yritysrekisterin kehikkoa ei ole)") +
            f"; asetelmakerroin {deff}, efektiivinen otoskoko {neff}.",
            f"{n} firms answered. " + ("The weights are the file's own" if own else
            "The results are not weighted (no business-register frame)") +
            f"; design effect {deff}, effective sample size {neff}.",
            lang,
        )  # fmt: skip
    dims = {"industry": ("toimiala", "TOL section"), "size_class": ("kokoluokka", "size class"),
            "maakunta": ("maakunta", "maakunta")}  # fmt: skip
    by = ", ".join(pick(*dims[d], lang) for d in w.attrs.get("dims", []))
    total = number(w.attrs.get("enterprises", np.nan), lang, 0)
    units = ("yritykseen", "enterprises")
    if w.attrs.get("unit") == "establishments":
        units = ("toimipaikkaan (monitoimipaikkainen yritys on kehikossa kerran kutakin "
                 "toimipaikkaansa kohden)", "establishments (a firm with several counts once "
                 "per establishment)")  # fmt: skip
    text = pick(
        f"Vastanneita yrityksiä {n}. Vastaukset on painotettu (raking) yritysrekisterin "
        f"{total} {units[0]} ({by}): yrityspainotetut osuudet kertovat, kuinka suuri osa "
        f"alueen yrityksistä vastaa niin, henkilöstöpainotetut, kuinka suuri osa "
        f"työpaikoista on sellaisissa yrityksissä. Asetelmakerroin {deff}, efektiivinen "
        f"otoskoko {neff}.",
        f"{n} firms answered. The answers are weighted (raking) to the register's {total} "
        f"{units[1]} ({by}): firm-weighted shares say what share of the region's firms answer "
        f"so, employee-weighted ones what share of jobs are in such firms. Design effect "
        f"{deff}, effective sample size {neff}.",
        lang,
    )
    if w.attrs.get("fallback"):
        text += pick(
            " Toimialojen ja kokoluokkien jakaumiin ei voitu painottaa yhtä aikaa (liian vähän "
            "vastaajia joissain yhdistelmissä), joten painot täsmäävät vain kokoluokkiin: "
            "toimialojen osuudet ovat vastaajien mukaiset.",
            " The answers could not be weighted to industries and size classes at once (too "
            "few firms in some combinations), so the weights fit the size classes only: the "
            "industries count as the respondents have them.",
            lang,
        )
    lost = w.attrs.get("not_represented") or []
    if lost:
        shown = ", ".join(labels.label("industry", v, lang) if d == "industry" else str(v)
                          for d, v in lost[:8])  # fmt: skip
        text += pick(f" Ilman vastaajia jäivät pois: {shown}.",
                     f" Left out for want of respondents: {shown}.", lang)  # fmt: skip
    return text


def barrier_findings(table: pd.DataFrame, *, lang: str) -> str:
    """The top barriers in a sentence, with intervals."""
    ok = table.dropna(subset=["share"]).head(3)
    if ok.empty:
        return pick("Esteistä ei voi julkaista lukuja (liian vähän vastaajia).",
                    "No barrier figures can be published (too few firms).", lang)  # fmt: skip
    parts = [f"{r.label.lower() if lang == 'fi' else r.label} {percent(r.share, lang, 0)} "
             f"[{number(r.share_low, lang, 0)}–{percent(r.share_high, lang, 0)}]"
             for r in ok.itertuples()]  # fmt: skip
    return pick(
        "Yleisimmät esteet kansainvälisten osaajien palkkaamiselle (osuus yrityksistä, joille "
        f"este on suuri): {', '.join(parts)}.",
        "The most common barriers to hiring international talent (share of firms for which "
        f"the barrier matters much): {', '.join(parts)}.",
        lang,
    )


def hires_findings(table: pd.DataFrame, *, lang: str) -> str:
    """The estimated planned hires in all and the largest published groups."""
    total = table[table["group"] == "total"].iloc[0]
    if total["suppressed"]:
        return pick(
            "Suunniteltujen rekrytointien yhteismäärää ei voi julkaista: se perustuisi alle "
            "kolmeen yritykseen tai yksi tai kaksi yritystä hallitsisi sitä.",
            "The total of planned hires cannot be published: it would rest on fewer than three "
            "firms or be dominated by one or two firms.",
            lang,
        )
    rows = table[(table["group"] != "total") & ~table["suppressed"]].head(3)
    by = table.attrs.get("by", "occupation")
    names = ", ".join(
        f"{labels.label(by, r.group, lang)} {number(r.hires, lang, 0)}" for r in rows.itertuples()
    )
    hidden = int(table.loc[table["group"] != "total", "suppressed"].sum())
    text = pick(
        f"Alueen yritykset aikovat palkata seuraavan 12 kuukauden aikana arviolta "
        f"{number(total.hires, 'fi', 0)} henkilöä [{number(total.hires_low, 'fi', 0)}–"
        f"{number(total.hires_high, 'fi', 0)}]. Eniten: {names}.",
        f"The region's firms plan to hire an estimated {number(total.hires, 'en', 0)} persons "
        f"in the next 12 months [{number(total.hires_low, 'en', 0)}–"
        f"{number(total.hires_high, 'en', 0)}]. The most: {names}.",
        lang,
    )
    if hidden:
        text += pick(
            f" {hidden} ryhmän luku on peitetty: se perustuisi alle kolmeen yritykseen tai "
            "yksi tai kaksi yritystä hallitsisi sitä, tai se on peitetty suojaamaan tällaista "
            "ryhmää, jotta sitä ei voi laskea kokonaismäärästä.",
            f" {hidden} groups are masked: they would rest on fewer than three firms or be "
            "dominated by one or two firms, or they are masked to protect such a group, so that "
            "it cannot be worked out from the total.",
            lang,
        )
    return text


def openings_note(by_occupation: pd.Series, *, lang: str) -> str:
    """How the foresight's openings were put into occupation groups (for the page)."""
    rest = number(by_occupation.attrs.get("unallocated", 0.0), lang, 0)
    return pick(
        "Ennakoinnin avautuvat työpaikat ovat toimialoittain; ne on jaettu ammattiryhmiin "
        "kunkin toimialan vastanneiden yritysten suunniteltujen rekrytointien mukaan "
        f"(yrityspainotettuna). Toimialoilta, joiden yritykset eivät suunnittele rekrytointeja, "
        f"jäi jakamatta {rest} avautuvaa työpaikkaa vuodessa.",
        "The foresight's openings are by industry; they are spread over occupation groups by "
        "the planned hires of the responding firms in each industry (firm-weighted). "
        f"{rest} openings a year in industries whose firms plan no hires stay unallocated.",
        lang,
    )


def themes(firms: pd.DataFrame, min_firms: int = MIN_FIRMS, lexicon: str | None = None):
    """How many firms mention each theme in their open answers (:func:`survey.theme_counts`
    with the employer lexicon ``data/employer_themes.yaml``, or ``lexicon``); themes under
    ``min_firms`` mentions are masked. The answers are never shown."""
    from importlib import resources

    import yaml

    if lexicon is None:
        text = resources.files("kokka_analysis").joinpath("data/employer_themes.yaml")
        lex = (yaml.safe_load(text.read_text("utf-8")) or {}).get("themes", {})
    else:
        lex = survey.load_lexicon(lexicon)
    return survey.theme_counts(firms.get("free_text"), lex, min_n=min_firms)


def themes_display(table: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """:func:`themes` for reading: the theme in ``lang``, firms mentioning it and their share
    (per cent of the firms that wrote something)."""
    return pd.DataFrame({
        pick("Teema", "Theme", lang): table["label_fi" if lang == "fi" else "label_en"],
        pick("Yrityksiä", "Firms", lang): table["mentions"],
        pick("Osuus kirjoittaneista (%)", "Share of those who wrote (%)", lang):
            table["share"] * 100,
    })  # fmt: skip
