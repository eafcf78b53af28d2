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
>>> _ = p.write_bytes("respondent_id;region;age;sex;status;q_image\\n"
...                   "R1;KU285;23;nainen;opiskelija;Täysin samaa mieltä\\n".encode("cp1252"))
>>> read_survey(p)[["respondent_id", "sex", "q_image"]].to_dict("records")
[{'respondent_id': 'R1', 'sex': 'female', 'q_image': 5.0}]
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .. import codes, regions, schemas
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
    "henkilötunnus": "person_id", "henkilö": "person_id", "pseudonyymi": "person_id",
    "oppilaitos": "institution",
    "koulutusala": "field", "ammatti": "occupation", "lähtömaa": "origin_country",
    "alkuvuosi": "start_year", "loppuvuosi": "end_year", "lähti": "left", "muutti": "left",
    "kohde": "destination", "kotikunta": "region", "asuinpaikkakunta": "region",
    "ikä vuosina": "age", "ikä (vuotta)": "age", "vastaajan id": "respondent_id",
    "vastaajan tunnus": "respondent_id", "respondent id": "respondent_id",
}  # fmt: skip
#: Headers of columns that identify a person (names, contacts): never read as answers.
_CONTACT_HEADERS = re.compile(  # (a survey question that mentions one stays: see its reader)
    r"nimi\b|\bname\b|sähköposti|e-?mail|puhelin|phone|osoite|address|yhteystiedot|"
    r"yhteyshenkilö|contact|\bwww\b|verkkosivu|website",
    re.IGNORECASE,
)
_SURVEY_NUMERIC = ("age", "weight")
_COHORT_INT = ("age", "start_year", "end_year")


# --- reading the raw file -------------------------------------------------------------------
#: Title lines above a CSV's header (a PxWeb export "with heading"), by file: messages count
#: the file's lines with them.
_TITLE_LINES: dict[str, int] = {}


def _where(rows: np.ndarray | list[int], excel: bool, skipped: int = 0) -> str:
    """'row 7 (line 8 of the file, counting the header line)' for the first bad rows."""
    rows = [int(r) for r in rows]
    first = rows[0]
    if excel:
        return f"row {first} (Excel row {first + 1}, below the header row)"
    return f"row {first} (line {first + 1 + skipped} of the file, counting the header line)"


def _fail(
    path: Path, problem: str, rows=None, column: str | None = None, hint: str | None = None
) -> DataFormatError:
    excel = path.suffix.lower() in (".xlsx", ".xlsm", ".xls")
    if rows is not None and len(rows):
        problem = f"{_where(rows, excel, _TITLE_LINES.get(str(path), 0))}: {problem}"
    return DataFormatError(
        problem,
        source=str(path),
        rows=[int(r) for r in rows] if rows is not None else None,
        column=column,
        hint=hint,
    )


def _file_headers(reader):
    """A reader whose errors name the file's own header (``Alkuvuosi``), not the tidy column
    it was read into (``start_year``)."""

    @functools.wraps(reader)
    def wrapped(df: pd.DataFrame, *args, **kwargs):
        try:
            return reader(df, *args, **kwargs)
        except DataFormatError as exc:
            header = (df.attrs.get("headers") or {}).get(exc.column)
            if type(exc) is not DataFormatError or not header or header == exc.column:
                raise
            problem = exc.problem
            if problem.startswith(f"{exc.column} "):  # "start_year must be …"
                problem = header + problem[len(exc.column) :]
            problem = problem.replace(f": {exc.column} ", f": {header} ", 1)  # "row 2 (…): …"
            raise DataFormatError(problem, source=exc.source, rows=exc.rows, column=header,
                                  hint=exc.hint) from None  # fmt: skip

    return wrapped


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


def _title_lines(raw: bytes, encoding: str) -> int:
    """How many title lines (one field each, or blank) stand above the header of a CSV, as in
    PxWeb's exports "with heading"; 0 when the first line is the header."""
    lines = raw[:8192].decode(encoding, errors="replace").lstrip("\ufeff").splitlines()[:8]
    if len(lines) < 2:
        return 0
    # the header's separator: the one that splits the most of the first lines into most fields
    sep = max((";", ",", "\t"), key=lambda s: sum(line.count(s) for line in lines))

    def fields(line: str) -> int:  # non-empty fields: a title re-saved by Excel is "T;;;"
        return sum(bool(f.strip()) for f in next(csv.reader([line], delimiter=sep), []))

    if fields(lines[0]) > 1:
        return 0
    for i, line in enumerate(lines[1:], start=1):
        if fields(line) > 1:
            return i
        if fields(line) == 1 and i > 3:
            break
    return 0


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
    _TITLE_LINES.pop(str(path), None)  # a line count of an earlier read must not linger
    common = dict(dtype=str, keep_default_na=False, na_values=[""])
    df = None
    try:
        if suffix in (".xlsx", ".xlsm", ".xls"):
            header = pd.read_excel(path, header=None, nrows=1, dtype=str).iloc[0].tolist()
            _no_duplicate_headers(path, header)
            df = pd.read_excel(path, **common)
        elif suffix == ".parquet":
            df = pd.read_parquet(path)
            df = df.astype({c: object for c in df.columns})
        else:
            raw = path.read_bytes()
            if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
                raise _fail(
                    path,
                    "the file is UTF-16 text.",
                    hint="Save it again as 'CSV UTF-8' (or Windows-1252) from Excel or your "
                    "survey tool.",
                )
            if raw[:2] == b"\x1f\x8b" or raw[:4] == b"PK\x03\x04" or b"\x00" in raw[:4096]:
                raise _fail(
                    path,
                    "the file is not text (a compressed, Excel or other binary file named .csv).",
                    hint="Give the CSV itself, or the Excel file with its .xlsx name.",
                )
            encoding = _detect_encoding(path, raw)
            skipped = _title_lines(raw, encoding)
            if skipped:
                _TITLE_LINES[str(path)] = (
                    skipped  # a title (and blank lines) above the header, as PxWeb writes them
                )
                log.info("%s: %d title lines above the header left out", path.name, skipped)
                bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
                for _ in range(skipped):
                    raw = raw[raw.find(b"\n") + 1 :]
                raw = bom + raw
            first = raw[: raw.find(b"\n") if b"\n" in raw else len(raw)]
            sep = _sniff_separator(first.decode(encoding, errors="replace"))
            log.debug("reading %s: encoding %s, separator %r", path, encoding, sep)
            header_line = first.decode(encoding, errors="replace").lstrip("\ufeff").rstrip("\r")
            _no_duplicate_headers(path, next(csv.reader([header_line], delimiter=sep), []))
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
    except Exception as exc:  # noqa: BLE001 - any reader failure: one message naming the file
        raise _fail(
            path,
            f"the file cannot be read as a table ({type(exc).__name__}: {exc}).",
            hint="Give a CSV (';' or ',' separated), an Excel .xlsx or a Parquet file.",
        ) from None
    headers = {_column_name(c): str(c).strip() for c in df.columns}
    df.columns = [_column_name(c) for c in df.columns]
    df.attrs["headers"] = headers  # the file's own headers, for messages and `kokka check`
    dupes = sorted({c for c in df.columns if list(df.columns).count(c) > 1})
    if dupes:
        raise _fail(path, f"the column {dupes[0]!r} appears more than once.", column=dupes[0])
    df.index = pd.RangeIndex(1, len(df) + 1)
    df = df.dropna(how="all")  # blank lines; the remaining rows keep their file numbers
    if df.empty:
        raise _fail(path, "the file has a header but no data rows.")
    return df, path


def _no_duplicate_headers(path: Path, header: list) -> None:
    """Two columns with the same header (or two headers that mean the same column, such as
    ``Kunta`` and ``region``) are an error naming them, not silently renamed."""
    by_name: dict[str, list[str]] = {}
    for h in header:
        if h is None or str(h) in ("", "nan"):
            continue
        by_name.setdefault(_column_name(h), []).append(str(h).strip())
    dupes = {n: hs for n, hs in by_name.items() if len(hs) > 1}
    if dupes:
        name, headers = next(iter(dupes.items()))
        same = (
            f"the header {headers[0]!r} appears {len(headers)} times"
            if len(set(headers)) == 1
            else f"the headers {headers} all mean the column {name!r}"
        )
        more = f" (and {len(dupes) - 1} more such columns)" if len(dupes) > 1 else ""
        raise _fail(path, f"{same}{more}; every column needs its own header.", column=name)


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


def _region_code(text: str, maakunta_numbers: bool = False) -> str:
    """A region code from a code, number or name, also as spreadsheets leave them: a
    municipality number without its leading zero (``75`` for Hamina's ``075``) and a code
    with its name (``KU285 Kotka``)."""
    if (text.isdigit() and len(text) < 3 and (not maakunta_numbers or int(text) > 21)
            and f"KU{int(text):03d}" in regions.REGISTRY):  # fmt: skip
        return f"KU{int(text):03d}"  # a municipality column: 16 is Asikkala (016), not MK16
    try:
        return regions.resolve(text).code
    except KokkaError:
        code, _, name = text.partition(" ")
        if name:
            try:
                r = regions.resolve(code)
            except KokkaError:
                r = None
            names = {n.casefold() for n in (r.name_fi, r.name_sv, r.name_en)} if r else set()
            if name.strip().casefold() in names:
                return r.code
        raise


#: A Finnish personal identity code (henkilötunnus): ddmmyy, century sign, number, check.
_HETU = r"\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]"
_ABROAD = {"abroad", "ulkomaat", "ulkomaille", "ulkomaa", "utomlands", "ABROAD"}


def _destinations(s: pd.Series) -> pd.Series:
    """Leavers' destinations as the retention page reads them: ``ABROAD`` or the maakunta
    code of a place the registry knows (``Helsinki`` -> ``MK01`` once the municipality key is
    installed); anything else is kept as written."""
    out = {}
    spelling = s.dropna().astype(str).str.strip()
    # one place written in several cases is one destination, shown as it is most often written
    usual = spelling.groupby(spelling.str.casefold()).agg(lambda v: v.value_counts().index[0])
    for value in pd.unique(s.dropna()):
        text = str(value).strip()
        if text.casefold() in _ABROAD or text in _ABROAD:
            out[value] = "ABROAD"
            continue
        try:  # numbers are maakunta codes here (destinations are maakunnat)
            r = regions.resolve(text if text.isdigit() else _region_code(text))
            out[value] = r.code if r.level in ("maakunta", "koko_maa") else (
                regions.parent(r.code, "maakunta").code)  # fmt: skip
        except KokkaError:
            out[value] = usual[text.casefold()]
    return s.map(out).astype("string")


def _regions(path: Path, s: pd.Series) -> pd.Series:
    """Region codes or names (``KU285``, ``285``, ``Kotka``) -> Statistics Finland codes."""
    uniques = pd.unique(s.dropna())
    mapping = {}
    digits = [int(str(v).strip()) for v in uniques if str(v).strip().isdigit()]
    # a column of numbers 1-21 only is maakunta numbers, not municipalities 001-021
    maakunnat = bool(digits) and len(digits) == len(uniques) and max(digits) <= 21
    for value in uniques:
        try:
            mapping[value] = _region_code(str(value).strip(), maakunnat)
        except KokkaError as exc:
            rows = s.index[s == value].tolist()
            hint = None
            if len(regions.all_regions("kunta")) < 300:  # the home regions only are known
                hint = ("Regions outside Kymenlaakso and South Karelia are known once the "
                        "municipality key is installed: `kokka regions --fetch`.")  # fmt: skip
            raise _fail(path, str(exc), rows=rows, column=str(s.name), hint=hint) from None
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
    """An own file's provenance: its name only and its date ("" for a table given in memory)."""
    df.attrs = {
        # the file name only: provenance travels to published pages, a path must not
        "source": path.name,
        "retrieved": datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).isoformat()
        if path.is_file()
        else "",
        "synthetic": False,
        "table_id": f"file:{table}",
    }
    return df


# --- codebook -------------------------------------------------------------------------------
#: The roles a codebook can give a survey column; the tidy name each role gets.
SURVEY_ROLES = {
    "id": "respondent_id",
    "region": "region",
    "age": "age",
    "sex": "sex",
    "status": "status",
    "background": "background",
    "weight": "weight",
    "item": None,  # keeps its name (or the codebook's ``name``)
    "stay_intention": None,  # a Likert item: the intention to stay in the region
    "group": None,  # a grouping variable of the analyst's own (e.g. education, district)
    "free_text": None,  # never published; only theme counts
    "ignore": None,  # left out
}
_ROLE_ALIASES = {"respondent_id": "id", "stay": "stay_intention", "text": "free_text",
                 "open_text": "free_text", "grouping": "group", "likert": "item"}  # fmt: skip


def read_codebook(path: str | Path) -> pd.DataFrame:
    """A survey codebook (YAML or CSV) as a table ``[column, role, name, question_fi,
    question_en, scale, reverse]``: which export column plays which role.

    Roles (:data:`SURVEY_ROLES`): ``id``, ``region``, ``age``, ``sex``, ``status``,
    ``background``, ``weight`` (the file's own weights), ``item`` (a Likert item), ``stay_intention``
    (the Likert item on staying in the region), ``group`` (a grouping variable of your own),
    ``free_text`` (never published, only theme counts) and ``ignore``.

    YAML::

        id: Vastaajatunnus
        region: Asuinkunta
        age: Ikä
        weight: paino           # optional: weights already in the file
        stay_intention: q_stay  # optional: which item asks about staying
        groups: [Koulutus]      # optional: further grouping variables
        free_text: [Avoin palaute]
        items:
          q_image_1: {fi: Alue on turvallinen, en: The region is safe, scale: living}
          q_image_2: {fi: Työpaikkoja on, en: There are jobs, scale: work, reverse: false}

    CSV: one row per column with headers ``column, role, name, question_fi, question_en,
    scale, reverse`` (``role`` defaults to ``item``; ``name`` to the column: give it when the
    header is a long question text).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cb.yaml"
    >>> _ = p.write_text("region: Kunta\\nitems:\\n  q_work: {fi: Työpaikat, en: Jobs, scale: work}\\n")
    >>> cb = read_codebook(p)
    >>> cb[["column", "role", "name"]].values.tolist(), cb["scale"].isna().tolist()
    ([['region', 'region', 'region'], ['q_work', 'item', 'q_work']], [True, False])
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
        cb = _codebook_from_yaml(data, path)
    else:
        cb, path = _read_raw(path)
        cb.columns = [c.casefold() for c in cb.columns]
    if "column" not in cb:
        raise DataFormatError("the codebook has no 'column' column.", source=str(path))
    for col in ("role", "name", "question_fi", "question_en", "scale", "reverse"):
        if col not in cb:
            cb[col] = None
    cb["column"] = cb["column"].astype(str).map(_column_name)
    role = cb["role"].where(cb["role"].notna() & (cb["role"].astype(str).str.strip() != ""), "item")
    role = role.astype(str).str.strip().str.casefold().map(lambda r: _ROLE_ALIASES.get(r, r))
    bad = ~role.isin(list(SURVEY_ROLES))
    if bad.any():
        raise DataFormatError(
            f"unknown role {cb['role'][bad].iloc[0]!r}; the roles are {', '.join(SURVEY_ROLES)}.",
            source=str(path),
            rows=cb.index[bad].tolist(),
            column="role",
        )
    cb["role"] = role
    fixed = cb["role"].map(SURVEY_ROLES)
    given = cb["name"].where(cb["name"].notna() & (cb["name"].astype(str) != ""), None)
    cb["name"] = fixed.where(fixed.notna(), given).where(
        fixed.notna() | given.notna(), cb["column"]
    )
    for role_name, tidy in SURVEY_ROLES.items():
        if tidy and (cb["role"] == role_name).sum() > 1:
            raise DataFormatError(
                f"the role {role_name!r} is given to more than one column.", source=str(path)
            )
    if (cb["role"] == "stay_intention").sum() > 1:
        raise DataFormatError(
            "the role 'stay_intention' is given to more than one column.", source=str(path)
        )
    rev = cb["reverse"].where(cb["reverse"].notna(), "false").astype(str).rename("reverse")
    cb["reverse"] = _map_labels(path, rev, _BOOL, "reverse flag (true/false)").astype(bool)
    cb["scale"] = cb["scale"].where(cb["scale"].notna() & (cb["scale"].astype(str) != ""), None)
    cb = cb[["column", "role", "name", "question_fi", "question_en", "scale", "reverse"]]
    return cb.reset_index(drop=True)


def _codebook_from_yaml(data: object, path: Path) -> pd.DataFrame:
    """The rows of a YAML codebook (see :func:`read_codebook`)."""
    rows: list[dict] = []
    if isinstance(data, list):  # a list of {column, role, ...} mappings
        items = data
        data = {}
    elif isinstance(data, dict):
        items = data.get("items", {} if any(k in data for k in (*SURVEY_ROLES, "groups"))
                         else data)  # fmt: skip
    else:
        raise DataFormatError("the codebook must be a mapping (see the README).", source=str(path))
    for role in ("id", "region", "age", "sex", "status", "background", "weight"):
        if data.get(role):
            rows.append({"column": str(data[role]), "role": role})
    stay = data.get("stay_intention")
    if isinstance(items, dict):
        items = [{"column": k, **(v or {})} for k, v in items.items()]
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DataFormatError(
            "the codebook's items must map item columns to {fi, en, scale, reverse}.",
            source=str(path),
        )
    for item in items:
        item = {("question_fi" if k == "fi" else "question_en" if k == "en" else k): v
                for k, v in item.items()}  # fmt: skip
        if stay and str(stay) in (str(item.get("column")), str(item.get("name"))):
            item.setdefault("role", "stay_intention")
        rows.append(item)
    if stay and not any(str(r.get("column")) == str(stay) or str(r.get("name")) == str(stay)
                        for r in rows):  # fmt: skip
        rows.append({"column": str(stay), "role": "stay_intention"})
    for role, key in (("group", "groups"), ("free_text", "free_text")):
        value = data.get(key)
        for col in [value] if isinstance(value, str) else list(value or []):
            rows.append({"column": str(col), "role": role})
    cb = pd.DataFrame(rows)
    cb.index = pd.RangeIndex(1, len(cb) + 1)
    return cb


# --- survey ---------------------------------------------------------------------------------
#: Header words that mark an item as the intention to stay, when no codebook says which.
_STAY_WORDS = re.compile(r"stay|jää|jaa(da|n|maan)|asua alueella|aion asua|intend", re.IGNORECASE)


def _likert_or_none(path: Path, s: pd.Series) -> pd.Series | None:
    """The column as Likert answers, or None when it is not a Likert item."""
    try:
        out = _likert(path, s)
    except DataFormatError:
        return None
    return out if out.notna().any() else None


def _mostly_likert(path: Path, s: pd.Series) -> bool:
    """Whether at least 80 % (and 5) of a column's answers are Likert answers: an item with a
    few bad answers, to be reported by row, not read as free text or a grouping."""
    values = s.dropna()
    if len(values) < 5:
        return False
    ok, above = 0, set()
    for value, n in values.value_counts().items():
        try:
            if pd.notna(_likert(path, pd.Series([value])).iloc[0]):
                ok += int(n)
        except DataFormatError:
            number = pd.to_numeric(str(value).replace(",", "."), errors="coerce")
            if pd.notna(number) and number > 5 and number == int(number) and number < 20:
                above.add(int(number))
    # counts such as a household size go on past 5 (6 and 7 both): a grouping, not an item
    # with a bad answer (a single 0, 6, 9 or 99 is a bad answer, reported by row)
    return len(above) < 2 and ok >= max(5, 0.8 * len(values))


def _looks_like_free_text(s: pd.Series) -> bool:
    text = s.dropna().astype(str)
    if text.empty:
        return False
    return text.str.len().mean() > 15 or (text.nunique() > 0.5 * len(text) and len(text) > 10)


def read_survey(
    path: str | Path | pd.DataFrame,
    codebook: str | Path | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Read a survey export (CSV/Excel/Parquet, or a table) into the validated ``survey`` table.

    Every column gets a role. With a ``codebook`` (file or table, see :func:`read_codebook`)
    the roles are as it says. Without one they are inferred, and ``attrs["inferred"]`` says
    how: the id, region, age, sex, status, background, weight and free-text columns by their
    headers (English or Finnish, e.g. ``Vastaajatunnus, Kunta, Ikä, Sukupuoli, Asema``); every
    other column whose answers are all Likert answers (1-5 or the standard labels) is an item;
    an item whose header speaks of staying is the intention to stay; other text columns with
    long answers are free text; other columns with 2-8 values are groupings.

    Only ``region`` and at least one item are required; without age, sex or status the parts
    of the page that need them say so.

    Returns
    -------
    DataFrame
        One row per respondent (blank rows dropped), Likert items as floats 1-5 / NaN ("En osaa
        sanoa" is NaN), ``sex`` male/female/other, ``status`` student/worker/other, ``region``
        as Statistics Finland codes. ``attrs``: ``source`` (the file name), ``retrieved``,
        ``synthetic=False``, ``items``, ``stay_item`` (or None), ``groups`` (grouping columns
        of the analyst's own), ``free_text`` (columns), ``weighted`` (the file has its own
        weights), ``codebook`` ({item: {fi, en, scale, reverse}}), ``scales`` ({scale:
        [items]}) and ``inferred`` ({role: columns} where no codebook said so).

    Raises
    ------
    DataFormatError
        Naming file, row(s) (see the module docstring for the numbering), column and value.

    Examples
    --------
    >>> read_survey("export.csv", codebook="codebook.yaml")  # doctest: +SKIP
    """
    if isinstance(path, pd.DataFrame):
        df = path.astype(object).where(path.notna(), None).copy()
        df.columns = [_column_name(c) for c in df.columns]
        df.index = pd.RangeIndex(1, len(df) + 1)
        src = Path(str(path.attrs.get("source_name", "survey table")))
        result = _survey_from_raw(df, src, codebook)
        # a table brings its own provenance; the roles are added to it
        result.attrs = {
            **path.attrs,
            **result.attrs,
            "synthetic": bool(path.attrs.get("synthetic")),
        }
        return result
    df, src = _read_raw(path)
    result = _survey_from_raw(df, src, codebook)
    extra = dict(result.attrs)
    result = _provenance(result, src, "survey")
    result.attrs.update(extra)
    return result


@_file_headers
def _survey_from_raw(
    df: pd.DataFrame, src: Path, codebook: str | Path | pd.DataFrame | None
) -> pd.DataFrame:
    """:func:`read_survey` on the raw cells (index = row numbers in the file)."""
    cb = None
    if codebook is not None:
        cb = codebook if isinstance(codebook, pd.DataFrame) else read_codebook(codebook)
        if "role" not in cb:
            cb = cb.assign(role="item")
        missing = [c for c in cb["column"] if c not in df.columns and c not in set(cb["name"])]
        if missing:
            raise _fail(
                src,
                f"the codebook names columns that the file does not have: {missing[:5]}.",
                column=missing[0],
                hint=f"The file has {list(df.columns)[:12]}.",
            )
        df = df.rename(columns=dict(zip(cb["column"], cb["name"], strict=True)))
        df = df.drop(columns=list(cb.loc[cb["role"] == "ignore", "name"]), errors="ignore")
    inferred: dict[str, list[str]] = {}
    if "region" not in df:
        raise _fail(
            src,
            f"no column for the region (municipality); the file has {list(df.columns)[:15]}.",
            column="region",
            hint="Name it 'region' or 'kunta', or give it the role region in the codebook.",
        )
    if "respondent_id" not in df:
        df.insert(0, "respondent_id", [f"R{i}" for i in df.index])
        inferred["id"] = ["(row numbers)"]

    out = {"respondent_id": df["respondent_id"].astype("string").str.strip()}
    blank_id = out["respondent_id"].isna()
    if blank_id.any():
        raise _fail(src, "respondent_id is empty.", rows=df.index[blank_id], column="respondent_id")
    dup = out["respondent_id"].duplicated(keep=False)
    if dup.any():
        raise _fail(
            src,
            f"respondent_id {out['respondent_id'][dup].iloc[0]!r} appears more than once.",
            rows=df.index[dup],
            column="respondent_id",
        )
    out["region"] = _regions(src, df["region"])
    if out["region"].isna().any():
        raise _fail(src, "region is missing.", rows=df.index[out["region"].isna()], column="region")
    if "age" in df:
        age = _numbers(src, df["age"], "age", integer=True)
        implausible = age.notna() & ((age < 10) | (age > 110))
        if implausible.any():
            raise _fail(
                src,
                f"age must be a whole number 10-110; found {df['age'][implausible].iloc[0]!r}.",
                rows=df.index[implausible],
                column="age",
            )
        out["age"] = age.astype("Int64")
    if "sex" in df:
        out["sex"] = _map_labels(src, df["sex"], _SEX, "sex")
    if "status" in df:
        out["status"] = _map_labels(src, df["status"], _STATUS, "status")
    if "background" in df:
        out["background"] = _map_labels(src, df["background"], _BACKGROUND, "background")
    if "weight" in df:
        w = _numbers(src, df["weight"], "weight")
        bad = w.isna() | (w < 0) | ~np.isfinite(w.fillna(0))
        if bad.any():
            raise _fail(
                src,
                "weight must be a finite, non-negative number.",
                rows=df.index[bad],
                column="weight",
            )
        if not (w > 0).any():
            raise _fail(src, "every weight is 0.", column="weight")
        out["weight"] = w

    role_of = dict(zip(cb["name"], cb["role"], strict=True)) if cb is not None else {}
    rest = [c for c in df.columns if c not in out]
    if cb is not None:
        items = [c for c in rest if role_of.get(c) in ("item", "stay_intention")]
        free_text = [c for c in rest if role_of.get(c) == "free_text"]
        groups = [c for c in rest if role_of.get(c) == "group"]
        stay = next((c for c in rest if role_of.get(c) == "stay_intention"), None)
        unlisted = [c for c in rest if c not in role_of]
        items += [c for c in unlisted if c.startswith("q_")]
        free_text += [c for c in unlisted if c == "open_text"]
    else:
        items, free_text, groups = [], [], []
        for col in rest:
            if col == "open_text":
                free_text.append(col)
                continue
            if _CONTACT_HEADERS.search(str(col)) and _likert_or_none(src, df[col]) is None:
                # names and contacts: never read (a Likert question that mentions one stays)
                inferred.setdefault("ignored", []).append(col)
                continue
            answers = _likert_or_none(src, df[col].rename(col)) if not col.startswith("q_") else 1
            if answers is None and _mostly_likert(src, df[col]):
                _likert(src, df[col].rename(col))  # raises, naming the rows of the bad answers
            if answers is not None:
                items.append(col)
            elif _looks_like_free_text(df[col]):
                free_text.append(col)
            elif 2 <= df[col].nunique(dropna=True) <= 8:
                groups.append(col)
        stay = next((c for c in items if _STAY_WORDS.search(c)), None)
        inferred.update(items=list(items), free_text=list(free_text), groups=list(groups))
        if stay:
            inferred["stay_intention"] = [stay]
    if not items:
        raise _fail(
            src,
            "no Likert items found: no column has answers 1-5 or Likert labels.",
            hint="Name item columns q_*, or list them in a codebook (see the README).",
        )
    for item in items:
        out[item] = _likert(src, df[item].rename(item))
    ignored = set(inferred.get("ignored", []))
    for col in [c for c in df.columns if c not in out and c not in ignored]:
        # free text, groupings and anything else: kept as text, never published as such
        out[col] = df[col].astype("string").str.strip()
    result = pd.DataFrame(out, index=df.index)
    # The schema as the final net (items were checked above value by value).
    core = [c for c in ("respondent_id", "region", "age", "sex", "status") if c in result]
    _validate(result[core], "survey", src)
    result = result.reset_index(drop=True)
    result.attrs = {}
    meta = {}
    if cb is not None:
        for row in cb.itertuples(index=False):  # a few dozen codebook rows
            if row.role not in ("item", "stay_intention"):
                continue
            meta[row.name] = {
                "fi": None if pd.isna(row.question_fi) else str(row.question_fi),
                "en": None if pd.isna(row.question_en) else str(row.question_en),
                "scale": None if pd.isna(row.scale) or row.scale == "" else str(row.scale),
                "reverse": bool(row.reverse),
            }
    scales: dict[str, list[str]] = {}
    for item, m in meta.items():
        if m["scale"]:
            scales.setdefault(m["scale"], []).append(item)
    result.attrs.update(
        items=list(items),
        stay_item=stay,
        groups=list(groups),
        free_text=list(free_text),
        weighted="weight" in result,
        codebook=meta,
        scales=scales,
        inferred=inferred,
    )
    log.info("read_survey: %d respondents, %d items from %s", len(result), len(items), src.name)
    return result


# --- cohort ---------------------------------------------------------------------------------
def _codes(path: Path, s: pd.Series, mapper) -> tuple[pd.Series, pd.Series | None]:
    """A column of codes as registers export them -> the analyses' codes (vectorised over the
    unique values), and the original values where they differ (None if none does)."""
    text = s.astype("string").str.strip()
    uniques = [v for v in pd.unique(text.dropna()) if v != ""]
    mapping, errors = codes.normalise(uniques, mapper)
    if errors:
        value, exc = next(iter(errors.items()))
        rows = s.index[text == value].tolist()
        more = f" (and {len(errors) - 1} more unknown values)" if len(errors) > 1 else ""
        raise _fail(path, f"{exc}{more}", rows=rows, column=str(s.name))
    out = text.map(mapping).astype("string")
    changed = text.notna() & (out.fillna("") != text.fillna(""))
    return out, (text.where(changed) if changed.any() else None)


def read_cohort(path: str | Path) -> pd.DataFrame:
    """Read a cohort file (CSV/Excel/Parquet) into the validated ``cohort`` table.

    Parameters
    ----------
    path
        Columns of DESIGN section 4: ``person_id, region, institution, field, occupation, sex,
        age, origin_country, start_year, end_year, left, destination`` (Finnish headers such as
        ``Kunta, Ikä, Lähtömaa, Alkuvuosi, Loppuvuosi, Lähti`` are recognised). ``left`` accepts
        true/false, 1/0, kyllä/ei, yes/no; ``region`` codes or names. Codes as registers
        export them are normalised (:mod:`kokka_analysis.codes`): ``occupation`` ISCO-08 /
        Ammattiluokitus codes of 2-5 digits (with or without a label) to the two-digit groups,
        ``field`` ISCED-F codes of 2-4 digits or field names to the broad fields,
        ``origin_country`` ISO alpha-2/alpha-3/numeric codes or English/Finnish names to
        alpha-2; the original values are kept in ``<column>_original``.

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
    result = _cohort_from_raw(df, path)
    normalised = result.attrs.get("normalised", {})
    result = _provenance(result, path, "cohort")
    result.attrs["normalised"] = normalised
    log.info("read_cohort: %d persons from %s", len(result), path.name)
    return result


@_file_headers
def _cohort_from_raw(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """:func:`read_cohort` on the raw cells (index = row numbers in the file)."""
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
    hetu = out["person_id"].str.fullmatch(_HETU).fillna(False)
    if hetu.any():  # never keep (or publish a count keyed by) a national identity number
        raise _fail(path, "the person id looks like a Finnish personal identity code "
                    "(henkilötunnus); give pseudonyms instead.", rows=df.index[hetu],
                    column="person_id")  # fmt: skip
    out["region"] = _regions(path, df["region"])
    out["institution"] = (
        df["institution"].astype("string").str.strip() if "institution" in df else pd.NA
    )
    originals = {}
    for col, mapper in (("field", codes.field_broad), ("occupation", codes.occupation_group)):
        if col in df:
            out[col], originals[col] = _codes(path, df[col], mapper)
        else:
            out[col] = pd.NA
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
    if "origin_country" in df:
        out["origin_country"], originals["origin_country"] = _codes(
            path, df["origin_country"], codes.country_alpha2
        )
    else:
        out["origin_country"] = pd.NA
    out["left"] = _map_labels(path, df["left"], _BOOL, "left value", allow_missing=False)
    out["left"] = out["left"].astype(bool)
    out["destination"] = _destinations(df["destination"]) if "destination" in df else pd.NA
    stray = ~out["left"] & out["destination"].notna()
    if stray.any():
        raise _fail(
            path,
            "destination is given for a person who did not leave (left = false).",
            rows=df.index[stray],
            column="destination",
        )
    for col, original in originals.items():  # the code as the register gave it, when changed
        if original is not None:
            out[f"{col}_original"] = original
    for col in df.columns:
        if col not in out:
            out[col] = df[col].astype("string")
    result = _validate(out, "cohort", path).reset_index(drop=True)
    result.attrs = {
        "normalised": {
            col: int(out[f"{col}_original"].notna().sum())
            for col in originals
            if f"{col}_original" in out
        }
    }
    return result


# --- checking a file before the first build, and templates ---------------------------------
KINDS = ("survey", "cohort", "employer", "actors", "events", "frame")


class CheckReport:
    """What :func:`check_file` found: rows, roles, normalised codes, small groups, problems."""

    def __init__(self, path: Path, kind: str):
        self.path = path
        self.kind = kind
        self.rows = 0
        self.columns: list[str] = []
        self.roles: dict[str, list[str]] = {}
        self.inferred: dict[str, list[str]] = {}
        self.normalised: dict[str, int] = {}
        self.small: list[tuple[str, str, int]] = []  # (grouping, group, persons)
        self.problems: list[DataFormatError] = []
        self.notes: list[str] = []
        self.usable_rows = 0
        #: usable rows per region code of the file (kunnat, usually)
        self.region_counts: dict[str, int] = {}

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self, min_n: int) -> str:
        who = {"survey": "respondents", "employer": "firms", "actors": "actors",
               "events": "events", "frame": "frame cells"}.get(self.kind, "persons")  # fmt: skip
        lines = [f"kokka check: {self.path.name} ({self.kind})", f"  rows read: {self.rows}"]
        lines.append(f"  columns: {', '.join(self.columns)}")
        for role, cols in self.roles.items():
            mark = " (inferred: no codebook)" if role in self.inferred else ""
            lines.append(f"  {role}: {', '.join(cols) if cols else '-'}{mark}")
        for col, n in self.normalised.items():
            lines.append(f"  codes normalised in {col}: {n} values (originals in {col}_original)")
        if self.small:
            lines.append(f"  groups under min_n = {min_n} {who} (not published on their own):")
            for grouping, group, n in self.small[:30]:
                lines.append(f"    {grouping} = {group}: {n}")
            if len(self.small) > 30:
                lines.append(f"    ... and {len(self.small) - 30} more")
        lines += [f"  {note}" for note in self.notes]
        if self.problems:
            lines.append(f"  PROBLEMS ({len(self.problems)}): the build would stop at the first")
            for p in self.problems:
                lines.append("    - " + str(p).replace(f"file/table {self.path}; ", ""))
        else:
            lines.append(f"  OK: {self.usable_rows} {who} can be used; no problems found.")
        return "\n".join(lines)

    def regions_text(self, codes: list[str], min_n: int) -> str:
        """For each region of a set: the file's persons inside it and what a build would do
        with its page (build it, or list it as too few or without data), as the build decides."""
        from .. import regions
        from .base import rows_inside

        who = {"survey": "respondents", "employer": "firms", "actors": "actors",
               "events": "persons"}.get(self.kind, "persons")  # fmt: skip
        counts = [(code, rows_inside(self.region_counts, code)) for code in codes]
        built = sum(n >= min_n for _, n in counts)
        lines = [f"  regions asked for: {len(codes)}; a page can be built for {built} "
                 f"(at least min_n = {min_n} {who} inside)"]  # fmt: skip
        for code, n in counts:
            verdict = "page" if n >= min_n else "too few to publish" if n else "no data"
            lines.append(f"    {regions.name(code)} ({code}): {n} {who} — {verdict}")
        return "\n".join(lines)


def check_file(
    path: str | Path,
    kind: str,
    codebook: str | Path | None = None,
    min_n: int = 5,
    max_problems: int = 50,
    ties: str | Path | None = None,
) -> CheckReport:
    """Read a survey or cohort file as a build would, without building, and report.

    The same readers as :func:`read_survey` / :func:`read_cohort` (so a check and a build
    cannot disagree). A problem in some rows is recorded and those rows are set aside, and
    the file is read again, so one check lists every problem (up to ``max_problems``), each
    with its row and column; a problem with the whole file (a missing column, duplicate
    headers) stops the check.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    report = CheckReport(Path(path), kind)
    try:
        raw, src = _read_raw(path)
    except DataFormatError as exc:
        report.problems.append(exc)
        return report
    report.rows = len(raw)
    headers = raw.attrs.get("headers", {})
    report.columns = [
        f"{headers[c]} (-> {c})" if headers.get(c, c) != c else c for c in raw.columns
    ]
    table = None
    work = raw
    while len(report.problems) < max_problems:
        try:
            if kind == "employer":
                from ..employers import _employer_from_raw

                table, employer_attrs = _employer_from_raw(work, src, codebook)
                table.attrs.update(employer_attrs)
            elif kind in ("actors", "events"):
                from .. import network

                reader = network.read_actors if kind == "actors" else network.read_events
                table = reader((work, src))
            elif kind == "frame":
                from ..employers import read_frame

                table = read_frame((work, src))
            else:
                table = (
                    _survey_from_raw(work, src, codebook)
                    if kind == "survey"
                    else _cohort_from_raw(work, src)
                )
            break
        except DataFormatError as exc:
            report.problems.append(exc)
            bad = [r for r in exc.rows if r in work.index]
            if not bad:
                break  # a problem of the whole file: nothing to set aside
            work = work.drop(index=bad)
            if work.empty:
                break
    if table is None:
        return report
    if kind == "actors" and ties is not None:
        if report.problems:  # ids set aside above would show up as unknown in the ties
            report.notes.append("ties: checked once the actors file has no problems")
        else:
            from .. import network

            try:
                network.read_ties(ties, table)
                report.notes.append(f"ties: {Path(ties).name} OK, every end is an actor id")
            except DataFormatError as exc:
                report.problems.append(exc)
    report.usable_rows = len(table)
    per_region = (table.drop_duplicates("person") if kind == "events" else table)["region"]
    report.region_counts = {  # persons of an event log, not its events
        str(k): int(v) for k, v in per_region.value_counts(dropna=True).items()
    }
    if kind == "survey":
        a = table.attrs
        report.roles = {
            "id": ["respondent_id"],
            "region": ["region"],
            **{r: [r] for r in ("age", "sex", "status", "background", "weight") if r in table},
            "items": list(a.get("items", [])),
            "stay_intention": [a["stay_item"]] if a.get("stay_item") else [],
            "groups": list(a.get("groups", [])),
            "free_text": list(a.get("free_text", [])),
            "ignored (names, contacts: never read)": list(a.get("inferred", {}).get("ignored", [])),
        }
        report.inferred = dict(a.get("inferred", {}))
        groupings = ["region", *[c for c in ("sex", "status", "background") if c in table],
                     *a.get("groups", [])]  # fmt: skip
    elif kind in ("actors", "events"):
        report.roles = {c: [c] for c in table.columns}
        groupings = ["region", "sector"] if kind == "actors" else ["stage"]
    elif kind == "frame":  # establishments by cell: no small groups of persons to list
        report.roles = {c: [c] for c in table.columns}
        report.notes += [n["en"] for n in table.attrs.get("notes", [])]
        unit = table.attrs.get("unit", "enterprises")
        report.notes.append(f"{int(table['enterprises'].sum())} {unit} in {len(table)} cells "
                            "(municipality x TOL section x size class)")  # fmt: skip
        groupings = []
    elif kind == "employer":
        a = table.attrs
        report.roles = {
            "id": ["firm_id"], "region": ["region"], "industry": ["industry"],
            "size": ["size_class", "employees"],
            "hires": [f"{c} (occupation {o})" for c, o in a.get("hires", {}).items()],
            "barriers": [f"{c} ({a['barrier_kind'][c]})" for c in a.get("barriers", [])],
            "readiness": list(a.get("readiness", [])),
            "cooperation": list(a.get("cooperation", [])),
            "free_text": [f"{a.get('free_text', 0)} columns (never published)"],
        }  # fmt: skip
        report.inferred = {"roles": list(a.get("inferred", []))} if a.get("inferred") else {}
        groupings = ["region", "industry", "size_class"]
    else:
        report.roles = {c: [c] for c in table.columns if not c.endswith("_original")}
        report.normalised = dict(table.attrs.get("normalised", {}))
        groupings = ["region", "field", "occupation", "sex", "origin_country"]
    for g in groupings:
        if g not in table:
            continue
        counts = table[g].value_counts(dropna=True)
        for group, n in counts[(counts > 0) & (counts < min_n)].items():
            report.small.append((g, str(group), int(n)))
    return report


def _employer_template(folder: Path, rng: np.random.Generator, n: int) -> list[Path]:
    towns = ["Kotka", "Kouvola", "Lappeenranta", "Hamina"]
    tol = ["25 Metallituotteiden valmistus", "47 Vähittäiskauppa", "62 Ohjelmistot",
           "86 Terveyspalvelut", "41 Rakentaminen"]  # fmt: skip
    extent = ["Ei lainkaan", "Vähän", "Jonkin verran", "Paljon", "Erittäin paljon"]
    data = pd.DataFrame(
        {
            "Y-tunnus": [f"{1000000 + i}-{i % 10}" for i in range(n)],
            "Kotikunta": rng.choice(towns, n),
            "Toimiala": rng.choice(tol, n),
            "Henkilöstö": rng.choice([3, 8, 25, 60, 300], n),
            "2512": rng.poisson(1, n),  # planned hires in 12 months, by ISCO-08 code
            "7223": rng.poisson(1, n),
            "este_kieli": rng.choice(extent, n),
            "este_luvat": rng.choice(["x", ""], n),
            "valmius_englanti": rng.integers(1, 6, n),
            "valmius_perehdytys": rng.integers(1, 6, n),
            "yhteistyo_harjoittelu": rng.choice(["Kyllä", "Ei"], n),
            "Avoin vastaus": rng.choice(["", "Lupien käsittely kestää", "Kielitaito"], n),
        }
    )
    path = folder / "tyonantajat_esimerkki.csv"
    data.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return [path]


def _frame_template(folder: Path, rng: np.random.Generator, n: int) -> list[Path]:
    rows = [
        (town, section, size, int(rng.integers(1, 40)))
        for town in ("Kotka", "Kouvola", "Lappeenranta")
        for section in ("C Teollisuus", "F Rakentaminen", "G Tukku- ja vähittäiskauppa")
        for size in ("0 - 4 henkeä", "5 - 9 henkeä", "10 - 19 henkeä", "50 - 99 henkeä")
    ]
    data = pd.DataFrame(rows, columns=["Alue", "Toimiala 2008", "Henkilöstön suuruusluokka",
                                       "Toimipaikat"])  # fmt: skip
    path = folder / "toimipaikat_esimerkki.csv"
    data.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return [path]


def _network_template(folder: Path, rng: np.random.Generator, n: int) -> list[Path]:
    actors = pd.DataFrame(
        [("Y1", "Yritys Oy", "Yritys", "Kotka", "harjoittelu, ensimmäinen työpaikka"),
         ("Y2", "Tehdas Oy", "Yritys", "Kouvola", "ensimmäinen työpaikka"),
         ("O1", "Ammattikorkeakoulu", "Oppilaitos", "Kotka", "opinnot, harjoittelu"),
         ("K1", "Kaupunki", "Kunta", "Kotka", "saapuminen ja luvat, perhe"),
         ("S1", "Yhdistys", "yhdistys", "Kouvola", "perhe, jääminen")],
        columns=["Tunnus", "Nimi", "Tyyppi", "Kunta", "Vaiheet"],
    )  # fmt: skip
    ties = pd.DataFrame(
        [("Y1", "O1", "harjoittelu", 2, "2024"), ("Y2", "O1", "yhteistyö", 1, "2024"),
         ("O1", "K1", "yhteistyö", 3, ""), ("S1", "K1", "yhteistyö", 1, "")],
        columns=["Mistä", "Mihin", "Laji", "Vahvuus", "Kausi"],
    )  # fmt: skip
    paths = [folder / "toimijat_esimerkki.csv", folder / "yhteydet_esimerkki.csv"]
    actors.to_csv(paths[0], sep=";", index=False, encoding="utf-8-sig")
    ties.to_csv(paths[1], sep=";", index=False, encoding="utf-8-sig")
    return paths


def _events_template(folder: Path, rng: np.random.Generator, n: int) -> list[Path]:
    rows = []
    for p in range(n):
        town = "Kotka" if p % 2 else "Kouvola"
        rows.append((f"T{p:03d}", town, "houkuttelu", f"1.{1 + p % 12}.2021"))
        rows.append((f"T{p:03d}", town, "saapuminen", f"1.{1 + p % 12}.2022"))
        if rng.random() < 0.7:
            rows.append((f"T{p:03d}", town, "opinnot", f"15.{1 + p % 12}.2022"))
    data = pd.DataFrame(rows, columns=["Henkilö", "Kunta", "Vaihe", "Päivä"])
    path = folder / "tapahtumat_esimerkki.csv"
    data.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return [path]


_OTHER_TEMPLATES = {
    "employer": _employer_template,
    "frame": _frame_template,
    "actors": _network_template,
    "events": _events_template,
}


def write_template(kind: str, folder: str | Path) -> list[Path]:
    """Write a small example file (and, for a survey, its codebook) that pass
    :func:`check_file`: a starting point for an analyst's own export. Returns the paths."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    n = 40
    if kind == "survey":
        likert = ["Täysin eri mieltä", "Jokseenkin eri mieltä", "Ei samaa eikä eri mieltä",
                  "Jokseenkin samaa mieltä", "Täysin samaa mieltä"]  # fmt: skip
        data = pd.DataFrame(
            {
                "Vastaajatunnus": [f"V{i:03d}" for i in range(1, n + 1)],
                "Asuinkunta": rng.choice(["Kotka", "Kouvola", "Lappeenranta"], n),
                "Ikä": rng.integers(16, 64, n),
                "Sukupuoli": rng.choice(["nainen", "mies"], n),
                "Elämäntilanne": rng.choice(["opiskelija", "työssäkäyvä", "muu"], n),
                "Koulutus": rng.choice(["toinen aste", "korkeakoulu"], n),
                "Alue on turvallinen": rng.choice(likert[2:], n),
                "Alueella on työpaikkoja": rng.choice(likert, n),
                "Aion asua alueella viiden vuoden päästä": rng.choice(
                    [*likert, "En osaa sanoa"], n
                ),
                "Mitä haluaisit kertoa alueesta?": rng.choice(
                    ["", "Meri ja luonto ovat hienoja", "Työpaikkoja on vähän nuorille"], n
                ),
            }
        )
        data_path = folder / "kysely_esimerkki.csv"
        data.to_csv(data_path, sep=";", index=False, encoding="utf-8-sig")
        codebook = folder / "koodikirja_esimerkki.yaml"
        codebook.write_text(
            "# Which column plays which role (see README: your own survey files).\n"
            "id: Vastaajatunnus\n"
            "region: Asuinkunta\n"
            "age: Ikä\n"
            "sex: Sukupuoli\n"
            "status: Elämäntilanne\n"
            "groups: [Koulutus]\n"
            "stay_intention: q_stay\n"
            'free_text: ["Mitä haluaisit kertoa alueesta?"]\n'
            "items:\n"
            "  Alue on turvallinen:\n"
            "    {name: q_image, fi: Alue on turvallinen, en: The region is safe, scale: living}\n"
            "  Alueella on työpaikkoja:\n"
            "    {name: q_work, fi: Alueella on työpaikkoja, en: There are jobs, scale: work}\n"
            "  Aion asua alueella viiden vuoden päästä:\n"
            "    name: q_stay\n"
            "    fi: Aion asua alueella viiden vuoden päästä\n"
            "    en: I intend to live in the region in five years\n",
            encoding="utf-8",
        )
        return [data_path, codebook]
    if kind in _OTHER_TEMPLATES:
        return _OTHER_TEMPLATES[kind](folder, rng, n)
    start = rng.integers(2012, 2023, n)
    follow = rng.integers(1, 6, n)
    end = np.minimum(start + follow, 2024)
    left = (start + follow <= 2024) & (rng.random(n) < 0.4)
    data = pd.DataFrame(
        {
            # a pseudonym, never the national identity number (henkilötunnus)
            "Pseudonyymi": [f"H{i:04d}" for i in range(1, n + 1)],
            "Kunta": rng.choice(["KU285", "KU286", "KU405"], n),
            "Oppilaitos": rng.choice(["XAMK", "LAB", "LUT"], n),
            "Koulutusala": rng.choice(["0613", "0714", "0913", "0413"], n),
            "Ammatti": rng.choice(["25121", "2144", "3221", "X"], n),
            "Sukupuoli": rng.choice(["nainen", "mies"], n),
            "Ikä": rng.integers(20, 45, n),
            "Lähtömaa": rng.choice(["IND", "VNM", "Venäjä", "Nepal", "UKR"], n),
            "Alkuvuosi": start,
            "Loppuvuosi": end,
            "Lähti": np.where(left, "kyllä", "ei"),
            "Kohde": np.where(left, rng.choice(["MK01", "ABROAD"], n), ""),
        }
    )
    path = folder / "kohortti_esimerkki.csv"
    data.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return [path]
