"""Notebook parameters: what each one means and which values are allowed, in one place.

The batch runner checks every job's parameters here before any kernel starts, and every
notebook checks its own right after its ``parameters`` cell (``ka.parameters.check(globals())``),
so that a bad value stops with a message naming the parameter, the value and what is allowed,
whether the notebook runs in a build or in JupyterLab.

File parameters (``*_path``) name the analyst's own files. A relative path is resolved from
where the command was run (:func:`resolve_path`); published pages and notebooks show the
file name only (:func:`public_value`).

Examples
--------
>>> check({"min_n": 10, "lang": "en"})["min_n"]
10
>>> check({"min_n": 0})
Traceback (most recent call last):
...
kokka_analysis.parameters.ParameterError: Parameter min_n = 0 is not allowed: a whole number from 3 to 1000 (smallest number of persons or respondents behind a published figure; statistical offices use at least 3).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import KokkaError

#: The first and last year a year parameter may name.
FIRST_YEAR = 1990


def _this_year() -> int:
    return _dt.date.today().year


class ParameterError(KokkaError, ValueError):
    """A notebook parameter with a value outside what it allows."""


@dataclass(frozen=True)
class Spec:
    """What a parameter allows.

    ``kind``: ``int``, ``float``, ``str``, ``year``, ``region``, ``path``, ``int_list`` or
    ``float_list``; ``low``/``high`` bound numbers (and list items); ``choices`` lists the
    allowed strings; ``items`` bounds the length of a list; ``what`` says in words what the
    parameter is (for messages).
    """

    kind: str
    what: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    items: tuple[int, int] | None = None
    suffixes: tuple[str, ...] = ()

    def allowed(self) -> str:
        """What is allowed, in words."""
        if self.choices:
            shown = ", ".join(repr(c) for c in self.choices)
            return f"one of {shown} ({self.what})"
        if self.kind == "region":
            return f"a region code or name known to the registry ({self.what})"
        if self.kind == "path":
            ext = ", ".join(self.suffixes)
            return f'a file ({ext}) or "" ({self.what})'
        high = _this_year() if self.kind == "year" else self.high
        rng = _range_text(self.low, high, whole=self.kind in ("int", "year", "int_list"))
        if self.kind in ("int_list", "float_list"):
            lo, hi = self.items or (1, 10)
            return f"a list of {lo} to {hi} different values, each {rng} ({self.what})"
        return f"{rng} ({self.what})"


def _range_text(low: float | None, high: float | None, whole: bool) -> str:
    noun = "a whole number" if whole else "a number"
    fmt = (lambda v: f"{int(v)}") if whole else (lambda v: f"{v:g}")
    if low is not None and high is not None:
        return f"{noun} from {fmt(low)} to {fmt(high)}"
    if low is not None:
        return f"{noun} of at least {fmt(low)}"
    if high is not None:
        return f"{noun} of at most {fmt(high)}"
    return noun


_LANGS = ("fi", "en")
_TABLE_FILES = (".csv", ".txt", ".tsv", ".xlsx", ".xls", ".parquet")

#: Every notebook parameter. A notebook that declares a parameter missing here fails the tests.
SPECS: dict[str, Spec] = {
    "region": Spec("region", "the region of the report"),
    "lang": Spec("str", "the report language", choices=_LANGS),
    "data_source": Spec("str", "where the data come from", choices=("demo", "statfin")),
    "seed": Spec("int", "seed of the synthetic demo data", low=0, high=2**32 - 1),
    "min_n": Spec(
        "int",
        "smallest number of persons or respondents behind a published figure; statistical "
        "offices use at least 3",
        low=3,
        high=1000,
    ),
    "year": Spec("year", "reference year", low=FIRST_YEAR),
    "years_back": Spec("int", "years between the compared years", low=1, high=30),
    "start_year": Spec("year", "first year of the comparison", low=FIRST_YEAR),
    "end_year": Spec("year", "last observed year", low=FIRST_YEAR),
    "horizon": Spec("int", "forecast horizon in years", low=1, high=30),
    "folds": Spec("int", "backtest origins per series", low=1, high=10),
    "horizons": Spec("int_list", "years after arrival", low=1, high=30, items=(1, 10)),
    "retention_international": Spec(
        "float", "share of international graduates staying, 0-1", low=0.0, high=1.0
    ),
    "retention_boost_pp": Spec(
        "float", "change of that share in the scenario, percentage points", low=-50, high=50
    ),
    "growth_scenarios": Spec(
        "float_list",
        "employment growth scenarios, percentage points a year",
        low=-10,
        high=10,
        items=(0, 6),
    ),
    "map_indicator": Spec("str", "the key figure on the map"),  # choices: see _check_one
    "map_source": Spec(
        "str", "where the map boundaries come from", choices=("auto", "cache", "wfs", "schematic")
    ),
    "export_format": Spec(
        "str", "format of the exported charts; empty: none", choices=("", "png", "svg", "html")
    ),
    "cohort_path": Spec("path", "your cohort file; empty: demo cohort", suffixes=_TABLE_FILES),
    "survey_path": Spec("path", "your survey export; empty: demo survey", suffixes=_TABLE_FILES),
    "codebook_path": Spec(
        "path", "the survey codebook; empty: none", suffixes=(".yaml", ".yml", ".csv")
    ),
    "employer_path": Spec(
        "path", "your employer-survey export; empty: demo employer survey", suffixes=_TABLE_FILES
    ),
    "employer_codebook_path": Spec(
        "path",
        "the employer-survey codebook; empty: roles from the headers",
        suffixes=(".yaml", ".yml", ".csv", ".xlsx"),
    ),
    "frame_path": Spec(
        "path",
        "your business frame (e.g. Toimipaikkalaskuri CSV); empty: the data source's",
        suffixes=_TABLE_FILES,
    ),
    "actors_path": Spec(
        "path", "your actors table (CSV/Excel); empty: demo network", suffixes=_TABLE_FILES
    ),
    "ties_path": Spec(
        "path", "your ties table (CSV/Excel); with actors_path", suffixes=_TABLE_FILES
    ),
    "events_path": Spec(
        "path",
        "your newcomer event log (CSV/Excel); empty: none with your own network",
        suffixes=_TABLE_FILES,
    ),
    "follow_months": Spec(
        "int", "months a newcomer must have been followed to count in the funnel", low=0, high=120
    ),
    "min_firms": Spec("int", "fewest firms behind a published business figure", low=3, high=100),
}


def _fail(name: str, value: object, spec: Spec, why: str = "") -> ParameterError:
    shown = repr(value) if isinstance(value, str) else str(value)
    extra = f" {why}" if why else ""
    return ParameterError(f"Parameter {name} = {shown} is not allowed: {spec.allowed()}.{extra}")


def _number(name: str, value: object, spec: Spec, whole: bool) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(name, value, spec)
    if not math.isfinite(value):  # nan and inf pass no range
        raise _fail(name, value, spec)
    if whole and float(value) != int(value):
        raise _fail(name, value, spec)
    high = _this_year() if spec.kind == "year" else spec.high
    if (spec.low is not None and value < spec.low) or (high is not None and value > high):
        raise _fail(name, value, spec)
    return int(value) if whole else float(value)


def _check_one(name: str, value: object, spec: Spec) -> object:
    kind = spec.kind
    if kind in ("int", "year"):
        return _number(name, value, spec, whole=True)
    if kind == "float":
        return _number(name, value, spec, whole=False)
    if kind in ("int_list", "float_list"):
        if isinstance(value, tuple):
            value = list(value)
        if not isinstance(value, list):
            raise _fail(name, value, spec)
        lo, hi = spec.items or (1, 10)
        if not lo <= len(value) <= hi:
            raise _fail(name, value, spec)
        whole = kind == "int_list"
        try:
            numbers = [_number(name, v, spec, whole) for v in value]
        except ParameterError:
            raise _fail(name, value, spec) from None
        if len({float(v) for v in numbers}) != len(numbers):  # 1 and 1.0, 0.0 and -0.0
            raise _fail(name, value, spec)
        return numbers
    if kind == "region":
        from . import regions

        if not isinstance(value, str) or not value.strip():
            raise _fail(name, value, spec)
        regions.resolve(value)  # an unknown region raises its own message with close matches
        return value
    if kind == "path":
        if not isinstance(value, str):
            raise _fail(name, value, spec)
        return value  # existence is checked where the path is resolved (resolve_path)
    if not isinstance(value, str):
        raise _fail(name, value, spec)
    if spec.choices and value not in spec.choices:
        raise _fail(name, value, spec)
    if name == "map_indicator":
        from .indicators import INDICATORS

        if value not in INDICATORS:
            choices = ", ".join(INDICATORS)
            raise ParameterError(
                f"Parameter map_indicator = {value!r} is not allowed: one of {choices}."
            )
    return value


def check(values: Mapping[str, object], given: set[str] | None = None) -> dict[str, object]:
    """Check every known parameter in ``values`` (others are left alone) and return them.

    ``given`` limits the value checks to those names (the runner checks what the user gave;
    the notebooks' own defaults are checked by the tests); pairs are checked on all values.
    Raises :class:`ParameterError` naming the first parameter whose value is not allowed, or
    a pair that contradicts itself (``start_year`` not before ``end_year``).

    In a notebook, right after the parameters cell: ``ka.parameters.check(globals())``.
    """
    out = {}
    for name, spec in SPECS.items():
        if name in values:
            if given is None or name in given:
                out[name] = _check_one(name, values[name], spec)
            else:
                out[name] = values[name]
    if "start_year" in out and "end_year" in out and out["start_year"] >= out["end_year"]:
        raise ParameterError(
            f"Parameter start_year = {out['start_year']} must be before end_year = "
            f"{out['end_year']}."
        )
    return out


def check_years(values: Mapping[str, object], first: int, last: int) -> None:
    """Year parameters must lie in the data's years (``first``-``last``), and ``year -
    years_back`` too: a year outside them would fail inside the notebook.

    Examples
    --------
    >>> check_years({"year": 2026}, 2010, 2024)
    Traceback (most recent call last):
    ...
    kokka_analysis.parameters.ParameterError: Parameter year = 2026 is outside the data's years 2010-2024; choose a year from 2010 to 2024.
    """
    for name in ("year", "start_year", "end_year"):
        v = values.get(name)
        if isinstance(v, int | float) and not isinstance(v, bool) and not first <= v <= last:
            raise ParameterError(
                f"Parameter {name} = {int(v)} is outside the data's years {first}-{last}; "
                f"choose a year from {first} to {last}."
            )
    year, back = values.get("year"), values.get("years_back")
    if isinstance(year, int) and isinstance(back, int) and year - back < first:
        raise ParameterError(
            f"Parameter years_back = {back} reaches {year - back}, before the data's first year "
            f"{first}; choose at most {year - first}."
        )


def is_path(name: str) -> bool:
    """Whether a parameter names one of the analyst's files."""
    spec = SPECS.get(name)
    return spec is not None and spec.kind == "path"


def resolve_path(name: str, value: str, base: str | Path | None = None) -> str:
    """The absolute path of a file parameter, resolved from ``base`` (default: the current
    folder, where the command was run), checked to be an existing file of an allowed kind.

    ``""`` stays ``""`` (no file: the demo data). The message of a problem shows the resolved
    path, so the analyst sees where kokka looked.

    Examples
    --------
    >>> resolve_path("survey_path", "")
    ''
    """
    if not value:
        return ""
    spec = SPECS[name]
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = Path(base or Path.cwd()) / path
    path = path.resolve()
    if path.is_dir():
        raise ParameterError(f"Parameter {name}: {path} is a folder, not a file.")
    if not path.exists():
        raise ParameterError(
            f"Parameter {name}: the file {path} does not exist (a relative path is read from "
            f"the folder where the command was run, {Path(base or Path.cwd()).resolve()})."
        )
    if spec.suffixes and path.suffix.lower() not in spec.suffixes:
        raise ParameterError(
            f"Parameter {name}: {path.name} is not a {', '.join(spec.suffixes)} file."
        )
    return str(path)


def public_value(name: str, value: object) -> object:
    """What a published page or notebook may show of a parameter: file names, never paths."""
    if is_path(name) and isinstance(value, str) and value:
        return value.replace("\\", "/").rsplit("/", 1)[-1]
    return value
