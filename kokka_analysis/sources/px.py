"""PC-Axis (``.px``) files as analysts download them from the StatFin web service.

Handles the encodings StatFin uses (``CODEPAGE="iso-8859-15"`` or UTF-8), CRLF line ends,
keywords whose values run over many lines, language variants (``TITLE[en]=``), ``CODES`` next
to ``VALUES``, ``TLIST(...)`` time values and quoted missing-value markers in ``DATA``
(``"."``, ``".."``, ``"..."``, ``"-"`` …), which become NA with the marker kept in ``status``.

The result has the same tidy form as :func:`kokka_analysis.sources.statfin.read_jsonstat`:
for each variable a code column and a ``<variable>_label`` column, then ``value`` and
``status``; metadata in ``df.attrs``.

Examples
--------
>>> import tempfile, pathlib
>>> text = ('CHARSET="ANSI";\\nCODEPAGE="iso-8859-15";\\nTITLE="Väestö";\\nSTUB="Vuosi";\\n'
...         'HEADING="Tiedot";\\nVALUES("Vuosi")="2022","2023";\\nVALUES("Tiedot")="Väestö";\\n'
...         'DATA=\\n5 "..";\\n')
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.px"
>>> _ = p.write_bytes(text.encode("iso-8859-15"))
>>> read_px(p)[["Vuosi", "value", "status"]].values.tolist()
[['2022', 5.0, None], ['2023', nan, '..']]
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataFormatError

_KEY = re.compile(r"^\s*([A-Z0-9][A-Z0-9-]*)(?:\[([A-Za-z_-]+)\])?(?:\((.*?)\))?\s*=\s*(.*)$", re.S)
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
_CODEPAGE = re.compile(rb'CODEPAGE\s*=\s*"([^"]+)"')


def _decode(raw: bytes, path: Path) -> str:
    m = _CODEPAGE.search(raw[:5000])
    candidates = []
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates.append("utf-8-sig")
    if m:
        candidates.append(m.group(1).decode("ascii").lower())
    candidates += ["utf-8", "iso-8859-15"]
    for enc in candidates:
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise DataFormatError(
        "cannot decode the file (tried " + ", ".join(candidates) + ")", source=str(path)
    )


def _statements(header: str) -> list[str]:
    """Split the header into ``KEY=value;`` statements (``;`` inside quotes does not end one)."""
    out, buf, in_quote = [], [], False
    for ch in header:
        if ch == '"':
            in_quote = not in_quote
        if ch == ";" and not in_quote:
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    if "".join(buf).strip():
        out.append("".join(buf))
    return [s.strip() for s in out if s.strip()]


def _values(rhs: str) -> list[str] | str:
    quoted = _QUOTED.findall(rhs)
    if quoted:
        return [q.replace('""', '"') for q in quoted]
    return rhs.strip()


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def read_px(path: str | Path, lang: str | None = None) -> pd.DataFrame:
    """Read a PC-Axis file into a tidy frame (see the module docstring).

    Parameters
    ----------
    path
        The ``.px`` file.
    lang
        Language of the labels (``fi``, ``sv``, ``en``) when the file carries several; default:
        the file's main ``LANGUAGE``.

    Raises
    ------
    DataFormatError
        Naming the file, the line and the keyword when the file is not valid PC-Axis.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataFormatError(f"cannot read the file: {exc}", source=str(path)) from None
    text = _decode(raw, path).replace("\r\n", "\n").replace("\r", "\n")
    m = re.search(r"(^|\n)DATA\s*=", text)
    if not m:
        raise DataFormatError("no DATA= section: not a PC-Axis file?", source=str(path))
    header, data_text = text[: m.start() + len(m.group(1))], text[m.end() :]

    meta: dict[tuple[str, str | None, str | None], list[str] | str] = {}
    for stmt in _statements(header):
        km = _KEY.match(stmt)
        if not km:
            line = _line_of(text, text.find(stmt[:40]))
            raise DataFormatError(
                f"line {line}: cannot parse the keyword statement {stmt[:60]!r}", source=str(path)
            )
        key, language, sub, rhs = km.groups()
        if sub is not None:
            sub = sub.strip().strip('"')
        meta[(key, language, sub)] = _values(rhs)

    main_lang = meta.get(("LANGUAGE", None, None))
    main_lang = main_lang[0] if isinstance(main_lang, list) else main_lang
    use = lang if lang and lang != main_lang else None

    def get(key: str, sub: str | None = None, default=None):
        for k in ((key, use, sub), (key, None, sub)):
            if k in meta:
                return meta[k]
        return default

    stub = get("STUB", default=[]) or []
    heading = get("HEADING", default=[]) or []
    stub = [stub] if isinstance(stub, str) else stub
    heading = [heading] if isinstance(heading, str) else heading
    variables = list(stub) + list(heading)
    if not variables:
        raise DataFormatError("no STUB or HEADING keyword", source=str(path))
    # variable names in the main language are the keys of VALUES/CODES
    main_vars = (meta.get(("STUB", None, None)) or []) + (meta.get(("HEADING", None, None)) or [])
    main_vars = [main_vars] if isinstance(main_vars, str) else main_vars
    columns, codes, labels = [], [], []
    for name, main_name in zip(variables, main_vars or variables, strict=False):
        main_vals = meta.get(("VALUES", None, main_name))
        if main_vals is None:
            raise DataFormatError(f"no VALUES for variable {main_name!r}", source=str(path))
        main_vals = [main_vals] if isinstance(main_vals, str) else main_vals
        # translated labels are keyed by the translated variable name: VALUES[en]("Sex")
        vals = meta.get(("VALUES", use, name)) if use else None
        vals = [vals] if isinstance(vals, str) else vals
        if not vals or len(vals) != len(main_vals):
            vals = main_vals
        cds = meta.get(("CODES", None, main_name)) or main_vals
        cds = [cds] if isinstance(cds, str) else cds
        if len(cds) != len(main_vals):
            raise DataFormatError(
                f"variable {main_name!r} has {len(main_vals)} VALUES but {len(cds)} CODES",
                source=str(path),
            )
        vcode = meta.get(("VARIABLECODE", None, main_name))
        vcode = vcode[0] if isinstance(vcode, list) else vcode
        columns.append(vcode or main_name)  # stable across languages
        codes.append(cds)
        labels.append(vals)

    sizes = [len(c) for c in codes]
    n = int(np.prod(sizes))
    body = data_text.rsplit(";", 1)[0]
    tokens = re.findall(r'"[^"]*"|[^\s"]+', body)
    if len(tokens) != n:
        raise DataFormatError(
            f"DATA has {len(tokens)} values but the variables give {n} cells "
            f"({' x '.join(map(str, sizes))}); the file may be truncated",
            source=str(path),
            hint=f"(DATA starts on line {_line_of(text, m.end())})",
        )
    tok = pd.Series(tokens, dtype=object)
    quoted = tok.str.startswith('"')
    values = pd.to_numeric(tok.where(~quoted), errors="coerce")
    bad = ~quoted & values.isna()
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataFormatError(
            f"DATA value number {first + 1} is {tokens[first]!r}, not a number or a quoted marker",
            source=str(path),
        )
    status = tok.where(quoted).str.strip('"').where(quoted, None)
    grids = np.unravel_index(np.arange(n), sizes)
    data = {}
    for col, cds, lbs, idx in zip(columns, codes, labels, grids, strict=True):
        data[col] = np.asarray(cds, dtype=object)[idx]
        data[f"{col}_label"] = np.asarray(lbs, dtype=object)[idx]
    data["value"] = values.astype("float64").to_numpy()
    data["status"] = status.to_numpy(dtype=object)
    df = pd.DataFrame(data)
    df["status"] = df["status"].astype(object).where(df["status"].notna(), None)

    def first(key: str) -> str:
        v = get(key, default="")
        return v[0] if isinstance(v, list) and v else (v or "")

    df.attrs = {
        "source": first("SOURCE") or "Statistics Finland (PC-Axis file)",
        "label": first("TITLE"),
        "table_id": first("TABLEID") or first("MATRIX"),
        "updated": first("LAST-UPDATED") or first("CREATION-DATE"),
        "units": first("UNITS"),
        "decimals": first("DECIMALS"),
        "dimensions": dict(zip(columns, variables, strict=False)),
        "file": str(path),
        "language": use or main_lang or "",
        "retrieved": "",
        "synthetic": False,
    }
    return df
