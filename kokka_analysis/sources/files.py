"""User files: survey exports and cohort files (CSV, Excel, Parquet) -> validated tidy tables.

Survey tools and registers in Finland export CSV with ``;`` or ``,`` separators, quoted fields,
decimal commas, and UTF-8 (with or without BOM) or Windows-1252 (cp1252) text. Likert answers
come as numbers 1-5 or as the standard labels ("Täysin eri mieltä" ... "Täysin samaa mieltä",
"Strongly disagree" ... "Strongly agree"); "En osaa sanoa" / "Don't know" is a missing answer.

Every problem is one :class:`~kokka_analysis.errors.DataFormatError` naming the file, the
row(s), the column and the value; nothing is half-read.

Row numbers
-----------
Rows are numbered as a person sees them in the file: **row 1 is the first data row**, which
is line 2 of a CSV file (line 1 is the header) and row 2 of an Excel sheet. Messages say both,
e.g. ``row 7 (line 8 of the file, counting the header line)``. Blank lines keep their number;
a quoted field that spans several lines shifts later line numbers.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
>>> _ = p.write_bytes("respondent_id;region;age;sex;status;q_safe\\n"
...                   "R1;KU285;23;nainen;opiskelija;Täysin samaa mieltä\\n".encode("cp1252"))
>>> read_survey(p)[["respondent_id", "sex", "q_safe"]].to_dict("records")
[{'respondent_id': 'R1', 'sex': 'female', 'q_safe': 5.0}]
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .. import labels, regions, schemas
from ..errors import DataFormatError, KokkaError, TableSchemaError

log = logging.getLogger(__name__)

__all__ = [
    "DONT_KNOW_LABELS",
    "LIKERT_LABELS",
    "read_codebook",
    "read_cohort",
    "read_survey",
]

#: Likert labels (lower case, single spaces) -> level 1-5.
LIKERT_LABELS: dict[str, int] = {
    # Finnish (standard and common variants)
    "täysin eri mieltä": 1,
    "jokseenkin eri mieltä": 2,
    "osittain eri mieltä": 2,
    "eri mieltä": 2,
    "ei samaa eikä eri mieltä": 3,
    "en samaa enkä eri mieltä": 3,
    "neutraali": 3,
    "jokseenkin samaa mieltä": 4,
    "osittain samaa mieltä": 4,
    "samaa mieltä": 4,
    "täysin samaa mieltä": 5,
    # English
    "strongly disagree": 1,
    "disagree": 2,
    "somewhat disagree": 2,
    "neither agree nor disagree": 3,
    "neither agree or disagree": 3,
    "neutral": 3,
    "agree": 4,
    "somewhat agree": 4,
    "strongly agree": 5,
}
#: Answers that mean "no opinion": read as missing (NA).
DONT_KNOW_LABELS = frozenset(
    {"en osaa sanoa", "eos", "ei osaa sanoa", "don't know", "dont know", "do not know", "dk"}
)
_SEX = {
    "male": "male", "mies": "male", "m": "male", "man": "male",
    "female": "female", "nainen": "female", "n": "female", "f": "female", "woman": "female",
    "other": "other", "muu": "other", "muu / en halua sanoa": "other",
    "en halua sanoa": None, "prefer not to say": None,
}  # fmt: skip
_STATUS = {
    "student": "student", "opiskelija": "student", "opiskelen": "student",
    "worker": "worker", "employed": "worker", "työssäkäyvä": "worker", "työllinen": "worker",
    "palkansaaja": "worker", "yrittäjä": "worker", "entrepreneur": "worker", "työssä": "worker",
    "other": "other", "muu": "other", "työtön": "other", "unemployed": "other",
    "eläkeläinen": "other", "retired": "other", "kotona": "other",
}  # fmt: skip
_BACKGROUND = {
    "finnish": "finnish", "suomalainen": "finnish", "suomi": "finnish",
    "suomalaistaustainen": "finnish", "fi": "finnish",
    "foreign": "foreign", "international": "foreign", "ulkomaalainen": "foreign",
    "ulkomaalaistaustainen": "foreign", "kansainvälinen": "foreign", "ulkomaat": "foreign",
}  # fmt: skip
_BOOL = {
    "true": True, "1": True, "kyllä": True, "k": True, "yes": True, "y": True, "tosi": True,
    "false": False, "0": False, "ei": False, "e": False, "no": False, "n": False,
    "epätosi": False, "1.0": True, "0.0": False,
}  # fmt: skip
#: Finnish (and a few English) column headers -> the tidy names of DESIGN section 4.
_COLUMN_ALIASES = {
    "vastaajatunnus": "respondent_id", "vastaaja": "respondent_id", "id": "respondent_id",
    "respondent": "respondent_id", "kunta": "region", "asuinkunta": "region", "alue": "region",
    "municipality": "region", "ikä": "age", "sukupuoli": "sex", "gender": "sex",
    "asema": "status", "elämäntilanne": "status", "pääasiallinen toiminta": "status",
    "tausta": "background", "paino": "weight", "avoin vastaus": "open_text",
    "henkilötunnus": "person_id", "henkilö": "person_id", "oppilaitos": "institution",
    "koulutusala": "field", "ammatti": "occupation", "lähtömaa": "origin_country",
    "alkuvuosi": "start_year", "loppuvuosi": "end_year", "lähti": "left", "muutti": "left",
    "kohde": "destination",
}  # fmt: skip
_SURVEY_NUMERIC = ("age", "weight")
_COHORT_INT = ("age", "start_year", "end_year")


# --- reading the raw file -------------------------------------------------------------------
def _where(rows: np.ndarray | list[int], excel: bool) -> str:
    """'row 7 (line 8 of the file, counting the header line)' for the first bad rows."""
    rows = [int(r) for r in rows]
    first = rows[0]
    if excel:
        return f"row {first} (Excel row {first + 1}, below the header row)"
    return f"row {first} (line {first + 1} of the file, counting the header line)"


def _fail(
    path: Path, problem: str, rows=None, column: str | None = None, hint: str | None = None
) -> DataFormatError:
    excel = path.suffix.lower() in (".xlsx", ".xlsm", ".xls")
    if rows is not None and len(rows):
        problem = f"{_where(rows, excel)}: {problem}"
    return DataFormatError(
        problem,
        source=str(path),
        rows=[int(r) for r in rows] if rows is not None else None,
        column=column,
        hint=hint,
    )


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise _fail(  # cp1252 leaves only five bytes undefined; name the first
        path,
        "the file is neither UTF-8 nor Windows-1252 (cp1252) text.",
        hint="Save it again as 'CSV UTF-8' from Excel or your survey tool.",
    )


def _detect_encoding(path: Path, raw: bytes) -> str:
    """``utf-8-sig`` if the bytes are valid UTF-8 (BOM or not), else ``cp1252``."""
    try:
        raw.decode("utf-8")  # fails fast at the first cp1252 byte (usually in the header)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"  # validated while reading; undefined bytes fail in _decode


def _read_csv_arrow(raw: bytes, encoding: str, sep: str) -> pd.DataFrame | None:
    """Fast path: pyarrow's multi-threaded CSV reader, every column dictionary-encoded (so
    Likert labels are mapped once per distinct value). None if pyarrow cannot parse the
    file cleanly (the pandas reader then takes over and names the problem)."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    end = raw.find(b"\n")
    if end < 0:
        return None
    header = next(csv.reader([raw[:end].decode(encoding).rstrip("\r")], delimiter=sep))
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(raw),
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, encoding="utf8" if encoding != "cp1252" else
                "cp1252",
            ),
            parse_options=pacsv.ParseOptions(delimiter=sep, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, null_values=[""],
                strings_can_be_null=True, quoted_strings_can_be_null=True,
            ),
        )  # fmt: skip
    except (pa.ArrowInvalid, UnicodeDecodeError, ValueError):
        return None
    columns = {}
    for name, col in zip(header, table.columns, strict=True):
        columns[name] = col.dictionary_encode().to_pandas()
    if len(columns) != len(header):
        return None  # duplicate headers: let the general reader report them
    return pd.DataFrame(columns)


def _sniff_separator(text: str) -> str:
    """``;`` or ``,`` (or tab): the one that splits the header line into most fields."""
    header = text.split("\n", 1)[0]
    best, best_n = ";", 0
    for sep in (";", ",", "\t"):
        n = len(next(csv.reader([header], delimiter=sep), []))
        if n > best_n:
            best, best_n = sep, n
    return best


def _read_raw(path: str | Path) -> tuple[pd.DataFrame, Path]:
    """Every cell as a string (or NA); index = data row number as in the file (1 = first)."""
    path = Path(path)
    if not path.is_file():
        raise DataFormatError(
            "the file does not exist.",
            source=str(path),
            hint="Check the path (survey_path / cohort_path).",
        )
    suffix = path.suffix.lower()
    common = dict(dtype=str, keep_default_na=False, na_values=[""])
    df = None
    try:
        if suffix in (".xlsx", ".xlsm", ".xls"):
            df = pd.read_excel(path, **common)
        elif suffix == ".parquet":
            df = pd.read_parquet(path)
            df = df.astype({c: object for c in df.columns})
        else:
            raw = path.read_bytes()
            encoding = _detect_encoding(path, raw)
            first = raw[: raw.find(b"\n") if b"\n" in raw else len(raw)]
            sep = _sniff_separator(first.decode(encoding, errors="replace"))
            log.debug("reading %s: encoding %s, separator %r", path, encoding, sep)
            df = _read_csv_arrow(raw, encoding, sep)
        if df is None and suffix not in (".xlsx", ".xlsm", ".xls", ".parquet"):
            # the general reader: blank lines, values spanning lines, ragged rows
            text, encoding = _decode(path, raw)
            df = pd.read_csv(
                io.StringIO(text), sep=sep, quotechar='"', skip_blank_lines=False,
                skipinitialspace=True, **common,
            )  # fmt: skip
    except DataFormatError:
        raise
    except (ValueError, pd.errors.ParserError, OSError, ImportError) as exc:
        raise _fail(
            path,
            f"the file cannot be read as a table ({exc}).",
            hint="Give a CSV (';' or ',' separated), an Excel .xlsx or a Parquet file.",
        ) from None
    df.columns = [_column_name(c) for c in df.columns]
    dupes = sorted({c for c in df.columns if list(df.columns).count(c) > 1})
    if dupes:
        raise _fail(path, f"the column {dupes[0]!r} appears more than once.", column=dupes[0])
    df.index = pd.RangeIndex(1, len(df) + 1)
    df = df.dropna(how="all")  # blank lines; the remaining rows keep their file numbers
    if df.empty:
        raise _fail(path, "the file has a header but no data rows.")
    return df, path


def _column_name(col: object) -> str:
    name = re.sub(r"\s+", " ", str(col).replace("\ufeff", "")).strip()
    return _COLUMN_ALIASES.get(name.casefold(), name)


def _norm(values: pd.Index | pd.Series) -> pd.Index:
    """Lower case, trimmed, single spaces, straight apostrophes (on the few unique values)."""
    return pd.Index(
        [
            re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(v))).strip().casefold()
            .replace("\u2019", "'")
            for v in values
        ]
    )  # fmt: skip


def _map_labels(
    path: Path, s: pd.Series, mapping: dict, what: str, allow_missing: bool = True
) -> pd.Series:
    """Map text codes through ``mapping`` (vectorised over the unique values)."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    keys = _norm(uniques)
    known = np.array([k in mapping for k in keys], dtype=bool)
    if not known.all():
        bad_codes = np.flatnonzero(~known)
        bad_rows = s.index[np.isin(codes, bad_codes)]
        shown = [str(uniques[i]) for i in bad_codes[:5]]
        raise _fail(
            path,
            f"unknown {what} {shown[0]!r}" + (f" (also {shown[1:]})" if len(shown) > 1 else "")
            + ".",
            rows=bad_rows.tolist(),
            column=str(s.name),
            hint=f"Accepted values: {sorted({str(v) for v in mapping if v})[:14]}.",
        )  # fmt: skip
    mapped = np.array([mapping[k] for k in keys] + [None], dtype=object)
    out = pd.Series(mapped[codes], index=s.index, name=s.name)
    if not allow_missing and out.isna().any():
        raise _fail(
            path, f"{what} is missing.", rows=s.index[out.isna()].tolist(), column=str(s.name)
        )
    return out


def _numbers(path: Path, s: pd.Series, what: str, integer: bool = False) -> pd.Series:
    """Numbers with decimal comma or point; a DataFormatError for anything else."""
    text = s.astype("string").str.strip().str.replace("\u00a0", "", regex=False)
    text = text.str.replace(" ", "", regex=False).str.replace(",", ".", regex=False)
    num = pd.to_numeric(text, errors="coerce")
    bad = text.notna() & num.isna()
    if integer:
        bad |= num.notna() & (num % 1 != 0)
    if bad.any():
        shown = s[bad].unique()[:5].tolist()
        raise _fail(
            path,
            f"{what} must be {'a whole number' if integer else 'a number'}; found {shown[0]!r}.",
            rows=s.index[bad].tolist(),
            column=str(s.name),
        )
    return num.astype("float64")


def _likert(path: Path, s: pd.Series) -> pd.Series:
    """A Likert column as floats 1-5 / NaN, from numbers or labels (vectorised)."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    keys = _norm(uniques)
    lookup = np.full(len(uniques) + 1, np.nan)
    bad = []
    for i, key in enumerate(keys):
        # "5", "5,0", "5 Täysin samaa mieltä", "5 = Täysin samaa mieltä"
        m = re.fullmatch(r"([1-5])(?:[.,]0+)?(?:\s*[=:.)\-–]?\s*(.+))?", key)
        if key in DONT_KNOW_LABELS or key.rstrip(".") in DONT_KNOW_LABELS:
            continue
        if key in LIKERT_LABELS:
            lookup[i] = LIKERT_LABELS[key]
        elif m and (m.group(2) is None or LIKERT_LABELS.get(m.group(2)) == int(m.group(1))):
            lookup[i] = int(m.group(1))
        else:
            bad.append(i)
    if bad:
        rows = s.index[np.isin(codes, bad)]
        raise _fail(
            path,
            f"{uniques[bad[0]]!r} is not a Likert answer (1-5, a label such as 'Täysin samaa "
            "mieltä' / 'Strongly agree', or 'En osaa sanoa' / 'Don't know' for missing).",
            rows=rows.tolist(),
            column=str(s.name),
        )
    return pd.Series(lookup[codes], index=s.index, name=s.name)


def _regions(path: Path, s: pd.Series) -> pd.Series:
    """Region codes or names (``KU285``, ``285``, ``Kotka``) -> Statistics Finland codes."""
    uniques = pd.unique(s.dropna())
    mapping = {}
    for value in uniques:
        try:
            mapping[value] = regions.resolve(str(value).strip()).code
        except KokkaError as exc:
            rows = s.index[s == value].tolist()
            raise _fail(path, str(exc), rows=rows, column=str(s.name)) from None
    return s.map(mapping)


def _validate(df: pd.DataFrame, table: str, path: Path) -> pd.DataFrame:
    try:
        return schemas.validate(df, table, source=str(path))
    except TableSchemaError as exc:
        first = exc.failures[0] if exc.failures else {}
        rows = first.get("rows") or []
        raise _fail(
            path,
            f"does not match the {table} table: {first.get('problem', exc)}",
            rows=rows,
            column=first.get("column"),
            hint="(" + "; ".join(f"{f['column']}: {f['problem']}" for f in exc.failures[1:4])
            + ")" if len(exc.failures) > 1 else None,
        ) from None  # fmt: skip


def _provenance(df: pd.DataFrame, path: Path, table: str) -> pd.DataFrame:
    df.attrs = {
        # the file name only: provenance travels to published pages, a path must not
        "source": path.name,
        "retrieved": datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).isoformat(),
        "synthetic": False,
        "table_id": f"file:{table}",
    }
    return df


# --- codebook -------------------------------------------------------------------------------
def read_codebook(path: str | Path) -> pd.DataFrame:
    """A survey codebook (YAML or CSV) as a table ``[column, name, question_fi, question_en,
    scale, reverse]``.

    CSV: one row per item with those headers (``name`` optional: the tidy ``q_*`` name when the
    export's column header is a question text). YAML: ``{items: {column: {fi, en, scale,
    reverse, name}}}`` or a list of such mappings with a ``column`` key.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cb.yaml"
    >>> _ = p.write_text("items:\\n  q_jobs: {fi: Työpaikat, en: Jobs, scale: work}\\n")
    >>> read_codebook(p)[["column", "name", "scale", "reverse"]].to_dict("records")
    [{'column': 'q_jobs', 'name': 'q_jobs', 'scale': 'work', 'reverse': False}]
    """
    path = Path(path)
    if not path.is_file():
        raise DataFormatError("the codebook file does not exist.", source=str(path))
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise DataFormatError(
                f"the codebook is not valid YAML ({exc}).", source=str(path)
            ) from None
        items = data.get("items", data) if isinstance(data, dict) else data
        if isinstance(items, dict):
            items = [{"column": k, **(v or {})} for k, v in items.items()]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise DataFormatError(
                "the codebook must map item columns to {fi, en, scale, reverse}.",
                source=str(path),
            )
        cb = pd.DataFrame(items)
        cb = cb.rename(columns={"fi": "question_fi", "en": "question_en"})
        cb.index = pd.RangeIndex(1, len(cb) + 1)
    else:
        cb, path = _read_raw(path)
        cb.columns = [c.casefold() for c in cb.columns]
    if "column" not in cb:
        raise DataFormatError("the codebook has no 'column' column.", source=str(path))
    for col in ("name", "question_fi", "question_en", "scale", "reverse"):
        if col not in cb:
            cb[col] = None
    cb["column"] = cb["column"].astype(str).map(_column_name)
    cb["name"] = cb["name"].where(cb["name"].notna() & (cb["name"] != ""), cb["column"])
    rev = cb["reverse"].where(cb["reverse"].notna(), "false").astype(str).rename("reverse")
    cb["reverse"] = _map_labels(path, rev, _BOOL, "reverse flag (true/false)").astype(bool)
    cb = cb[["column", "name", "question_fi", "question_en", "scale", "reverse"]]
    return cb.reset_index(drop=True)


# --- survey ---------------------------------------------------------------------------------
def read_survey(
    path: str | Path, codebook: str | Path | pd.DataFrame | None = None
) -> pd.DataFrame:
    """Read a survey export (CSV/Excel/Parquet) into the validated ``survey`` table.

    Parameters
    ----------
    path
        The export. Columns ``respondent_id, region, age, sex, status`` (Finnish headers such as
        ``Vastaajatunnus, Kunta, Ikä, Sukupuoli, Asema`` are recognised), Likert items named
        ``q_*`` or listed in the codebook, optional ``background`` (finnish/foreign), ``weight``
        and free-text columns (kept as text, never published). ``respondent_id`` may be absent:
        then ``R<row>`` is used.
    codebook
        Optional codebook file (YAML/CSV, see :func:`read_codebook`) or table: renames export
        columns to item names and gives question texts, scales and reverse-coded items.

    Returns
    -------
    DataFrame
        One row per respondent (blank rows dropped), Likert items as floats 1-5 / NaN ("En osaa
        sanoa" is NaN), ``sex`` male/female/other, ``status`` student/worker/other, ``region``
        as Statistics Finland codes. ``attrs``: ``source`` (the file name), ``retrieved`` (file
        modification time, ISO), ``synthetic=False``, ``items`` (item columns), ``codebook``
        ({item: {fi, en, scale, reverse}}) and ``scales`` ({scale: [items]}).

    Raises
    ------
    DataFormatError
        Naming file, row(s) (see the module docstring for the numbering), column and value.

    Examples
    --------
    >>> read_survey("export.csv", codebook="codebook.yaml")  # doctest: +SKIP
    """
    df, path = _read_raw(path)
    cb = None
    if codebook is not None:
        cb = codebook if isinstance(codebook, pd.DataFrame) else read_codebook(codebook)
        missing = [c for c in cb["column"] if c not in df.columns and c not in set(cb["name"])]
        if missing:
            raise _fail(
                path,
                f"the codebook names columns that the file does not have: {missing[:5]}.",
                column=missing[0],
                hint=f"The file has {list(df.columns)[:12]}.",
            )
        df = df.rename(columns=dict(zip(cb["column"], cb["name"], strict=True)))
    if "respondent_id" not in df:
        df.insert(0, "respondent_id", [f"R{i}" for i in df.index])
    for col in ("region", "age", "sex", "status"):
        if col not in df:
            raise _fail(
                path,
                f"the column {col!r} is missing; the file has {list(df.columns)[:15]}.",
                column=col,
                hint="A survey export needs respondent_id (optional), region, age, sex, status.",
            )
    items = [c for c in df.columns if c.startswith("q_")]
    if cb is not None:
        items += [n for n in cb["name"] if n not in items]
    if not items:
        raise _fail(path, "no Likert items found (columns named q_* or listed in the codebook).")

    out = {"respondent_id": df["respondent_id"].astype("string").str.strip()}
    blank_id = out["respondent_id"].isna()
    if blank_id.any():
        raise _fail(
            path, "respondent_id is empty.", rows=df.index[blank_id], column="respondent_id"
        )
    dup = out["respondent_id"].duplicated(keep=False)
    if dup.any():
        raise _fail(
            path,
            f"respondent_id {out['respondent_id'][dup].iloc[0]!r} appears more than once.",
            rows=df.index[dup],
            column="respondent_id",
        )
    out["region"] = _regions(path, df["region"])
    if out["region"].isna().any():
        raise _fail(
            path, "region is missing.", rows=df.index[out["region"].isna()], column="region"
        )
    age = _numbers(path, df["age"], "age", integer=True)
    implausible = age.isna() | (age < 10) | (age > 110)
    if implausible.any():
        raise _fail(
            path,
            f"age must be a whole number 10-110; found {df['age'][implausible].iloc[0]!r}.",
            rows=df.index[implausible],
            column="age",
        )
    out["age"] = age.astype("int64")
    out["sex"] = _map_labels(path, df["sex"], _SEX, "sex")
    out["status"] = _map_labels(path, df["status"], _STATUS, "status")
    if "background" in df:
        out["background"] = _map_labels(path, df["background"], _BACKGROUND, "background")
    if "weight" in df:
        w = _numbers(path, df["weight"], "weight")
        if (w.isna() | (w < 0)).any():
            bad = w.isna() | (w < 0)
            raise _fail(
                path, "weight must be a non-negative number.", rows=df.index[bad], column="weight"
            )
        out["weight"] = w
    for item in items:
        out[item] = _likert(path, df[item].rename(item))
    rest = [c for c in df.columns if c not in out]
    for col in rest:  # free text and anything else: kept as text, never published
        out[col] = df[col].astype("string")
    result = pd.DataFrame(out, index=df.index)
    # The schema as the final net. Every item was checked above (1-5 or NA, value by value),
    # so the schema sees one item column: a full check of 30 items x 200,000 rows doubles the
    # reading time and can find nothing new.
    core = ["respondent_id", "region", "age", "sex", "status", items[0]]
    _validate(result[core], "survey", path)
    result = result.reset_index(drop=True)
    result = _provenance(result, path, "survey")
    result.attrs["items"] = list(items)
    meta = {}
    if cb is not None:
        for row in cb.itertuples(index=False):  # a few dozen codebook rows
            meta[row.name] = {
                "fi": None if pd.isna(row.question_fi) else str(row.question_fi),
                "en": None if pd.isna(row.question_en) else str(row.question_en),
                "scale": None if pd.isna(row.scale) or row.scale == "" else str(row.scale),
                "reverse": bool(row.reverse),
            }
    result.attrs["codebook"] = meta
    scales: dict[str, list[str]] = {}
    for item, m in meta.items():
        if m["scale"]:
            scales.setdefault(m["scale"], []).append(item)
    result.attrs["scales"] = scales
    log.info("read_survey: %d respondents, %d items from %s", len(result), len(items), path)
    return result


# --- cohort ---------------------------------------------------------------------------------
def read_cohort(path: str | Path) -> pd.DataFrame:
    """Read a cohort file (CSV/Excel/Parquet) into the validated ``cohort`` table.

    Parameters
    ----------
    path
        Columns of DESIGN section 4: ``person_id, region, institution, field, occupation, sex,
        age, origin_country, start_year, end_year, left, destination`` (Finnish headers such as
        ``Kunta, Ikä, Lähtömaa, Alkuvuosi, Loppuvuosi, Lähti`` are recognised). ``left`` accepts
        true/false, 1/0, kyllä/ei, yes/no; ``region`` codes or names; ``origin_country`` ISO
        3166-1 alpha-2 codes (any case).

    Returns
    -------
    DataFrame
        The validated cohort (``end_year >= start_year``, known regions and countries, ages
        15-80) with ``attrs`` ``source`` (file name), ``retrieved`` (file modification time, ISO),
        ``synthetic=False``.

    Raises
    ------
    DataFormatError
        One error naming file, row(s) (row 1 = first data row = line 2), column and value.

    Examples
    --------
    >>> read_cohort("cohort.csv")  # doctest: +SKIP
    """
    df, path = _read_raw(path)
    required = ["person_id", "region", "sex", "age", "start_year", "end_year", "left"]
    for col in required:
        if col not in df:
            raise _fail(
                path,
                f"the column {col!r} is missing; the file has {list(df.columns)[:15]}.",
                column=col,
                hint="A cohort file needs " + ", ".join(required) + ".",
            )
    out = pd.DataFrame(index=df.index)
    out["person_id"] = df["person_id"].astype("string").str.strip()
    out["region"] = _regions(path, df["region"])
    for col in ("institution", "field", "occupation"):
        out[col] = df[col].astype("string").str.strip() if col in df else pd.NA
    out["sex"] = _map_labels(path, df["sex"], _SEX, "sex", allow_missing=False)
    for col in _COHORT_INT:
        num = _numbers(path, df[col], col, integer=True)
        if num.isna().any():
            raise _fail(path, f"{col} is missing.", rows=df.index[num.isna()], column=col)
        out[col] = num.astype("int64")
    bad_age = (out["age"] < 15) | (out["age"] > 80)
    if bad_age.any():
        raise _fail(
            path,
            f"age {int(out['age'][bad_age].iloc[0])} is not plausible (15-80).",
            rows=df.index[bad_age],
            column="age",
        )
    order = out["end_year"] < out["start_year"]
    if order.any():
        raise _fail(
            path,
            "end_year is before start_year.",
            rows=df.index[order],
            column="end_year",
            hint="end_year is the year the person left, or the last year observed.",
        )
    out["origin_country"] = (
        df["origin_country"].astype("string").str.strip().str.upper()
        if "origin_country" in df
        else pd.NA
    )
    unknown = out["origin_country"].notna() & ~out["origin_country"].isin(labels.COUNTRIES)
    if unknown.any():
        raise _fail(
            path,
            f"unknown country code {out['origin_country'][unknown].iloc[0]!r}.",
            rows=df.index[unknown],
            column="origin_country",
            hint="Use ISO 3166-1 alpha-2 codes such as FI, EE, UA, IN.",
        )
    out["left"] = _map_labels(path, df["left"], _BOOL, "left value", allow_missing=False)
    out["left"] = out["left"].astype(bool)
    out["destination"] = (
        df["destination"].astype("string").str.strip() if "destination" in df else pd.NA
    )
    stray = ~out["left"] & out["destination"].notna()
    if stray.any():
        raise _fail(
            path,
            "destination is given for a person who did not leave (left = false).",
            rows=df.index[stray],
            column="destination",
        )
    for col in df.columns:
        if col not in out:
            out[col] = df[col].astype("string")
    result = _validate(out, "cohort", path).reset_index(drop=True)
    result = _provenance(result, path, "cohort")
    log.info("read_cohort: %d persons from %s", len(result), path)
    return result
