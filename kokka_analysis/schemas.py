"""The tidy tables of DESIGN section 4 as pandera schemas, and one validator for all of them.

Every table is long format, one row per observation, English snake_case columns, codes from
Statistics Finland classifications. :func:`validate` checks a table against its schema and
raises :class:`~kokka_analysis.errors.TableSchemaError` naming the offending rows and columns.

Examples
--------
>>> from kokka_analysis import schemas
>>> schemas.TABLES[:3]
('population', 'migration', 'employment')
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from . import labels
from . import regions as _regions
from .errors import TableSchemaError

TABLES = (
    "population",
    "migration",
    "employment",
    "labour_market",
    "barometer",
    "graduates",
    "cohort",
    "survey",
    "population_projection",
    "employer_survey",
    "enterprises",
    "actors",
    "ties",
    "events",
)
#: Key (dimension) columns of the aggregate tables, in order.
KEYS = {
    "population": ["region", "year", "sex", "age_group", "background", "language_group"],
    "migration": ["region", "year", "direction", "counterpart", "sex", "age_group", "background"],
    "employment": ["region", "year", "industry", "age_group"],
    "labour_market": ["region", "month", "occupation"],
    "barometer": ["region", "period", "occupation"],
    "graduates": ["region", "year", "institution", "field", "level", "international"],
    "population_projection": ["region", "year", "sex", "age_group"],
}
VALUES = {
    "population": ["persons"],
    "migration": ["persons"],
    "employment": ["employed"],
    "labour_market": ["vacancies", "jobseekers"],
    "barometer": ["index"],
    "graduates": ["graduates"],
    "population_projection": ["persons"],
}

_PERIOD_RE = re.compile(r"^\d{4}H[12]$")
_THIS_YEAR = datetime.date.today().year


def _known_region(s: pd.Series) -> pd.Series:
    # looked up at call time: the registry may grow (or be replaced) at run time
    return s.isin(set(_regions.REGISTRY._regions))  # noqa: SLF001


class _Base(pa.DataFrameModel):
    class Config:
        strict = False  # extra columns are allowed; the listed ones are checked
        coerce = True

    @pa.check("region", name="known_region")
    def _region(cls, s: Series[str]) -> Series[bool]:
        return _known_region(s)


class Population(_Base):
    region: Series[str]
    year: Series[int] = pa.Field(ge=1900, le=2100)
    sex: Series[str] = pa.Field(isin=labels.SEXES)
    age_group: Series[str] = pa.Field(isin=labels.AGE_GROUPS)
    background: Series[str] = pa.Field(isin=labels.BACKGROUNDS)
    language_group: Series[str] = pa.Field(isin=labels.LANGUAGE_GROUPS)
    persons: Series[int] = pa.Field(ge=0)


class PopulationProjection(_Base):
    """Statistics Finland's population projection (vaenn/14wx): future years by sex and age."""

    region: Series[str]
    year: Series[int] = pa.Field(ge=1990, le=2100)
    sex: Series[str] = pa.Field(isin=labels.SEXES)
    age_group: Series[str] = pa.Field(isin=labels.AGE_GROUPS)
    persons: Series[float] = pa.Field(ge=0)


class Migration(_Base):
    region: Series[str]
    year: Series[int] = pa.Field(ge=1900, le=2100)
    direction: Series[str] = pa.Field(isin=labels.DIRECTIONS)
    counterpart: Series[str] = pa.Field(isin=labels.COUNTERPARTS)
    sex: Series[str] = pa.Field(isin=labels.SEXES)
    age_group: Series[str] = pa.Field(isin=labels.AGE_GROUPS)
    background: Series[str] = pa.Field(isin=(*labels.BACKGROUNDS, "unknown"))  # StatFin: unknown
    persons: Series[int] = pa.Field(ge=0)


class Employment(_Base):
    region: Series[str]
    year: Series[int] = pa.Field(ge=1900, le=2100)
    industry: Series[str] = pa.Field(isin=list(labels.INDUSTRIES))
    age_group: Series[str] = pa.Field(isin=labels.WORK_AGE_GROUPS)
    employed: Series[int] = pa.Field(ge=0)


class LabourMarket(_Base):
    region: Series[str]
    month: Series[pd.Timestamp]
    occupation: Series[str] = pa.Field(isin=list(labels.OCCUPATIONS))
    vacancies: Series[int] = pa.Field(ge=0)
    jobseekers: Series[int] = pa.Field(ge=0)


class Barometer(_Base):
    region: Series[str]
    period: Series[str] = pa.Field(str_matches=_PERIOD_RE.pattern)
    occupation: Series[str] = pa.Field(isin=list(labels.OCCUPATIONS))
    index: Series[float] = pa.Field(ge=1, le=5)


class Graduates(_Base):
    region: Series[str]
    year: Series[int] = pa.Field(ge=1900, le=2100)
    institution: Series[str]
    field: Series[str] = pa.Field(isin=list(labels.FIELDS))
    level: Series[str] = pa.Field(isin=labels.EDUCATION_LEVELS)
    international: Series[bool]
    graduates: Series[int] = pa.Field(ge=0)


class Cohort(_Base):
    person_id: Series[str] = pa.Field(unique=True)
    region: Series[str]
    institution: Series[str] = pa.Field(nullable=True)
    field: Series[str] = pa.Field(isin=list(labels.FIELDS), nullable=True)
    occupation: Series[str] = pa.Field(isin=list(labels.OCCUPATIONS), nullable=True)
    sex: Series[str] = pa.Field(isin=labels.SEXES)
    age: Series[int] = pa.Field(ge=15, le=80)
    origin_country: Series[str] = pa.Field(str_matches=r"^[A-Z]{2}$", nullable=True)
    # years of the past: a cohort cannot have been observed in a year still to come
    start_year: Series[int] = pa.Field(ge=1950, le=_THIS_YEAR)
    end_year: Series[int] = pa.Field(ge=1950, le=_THIS_YEAR)
    left: Series[bool]
    destination: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(name="end_year >= start_year")
    def _order(cls, df: pd.DataFrame) -> Series[bool]:
        return df["end_year"] >= df["start_year"]

    @pa.dataframe_check(name="destination only for leavers")
    def _destination(cls, df: pd.DataFrame) -> Series[bool]:
        return df["left"] | df["destination"].isna()


class Survey(_Base):
    respondent_id: Series[str] = pa.Field(unique=True)
    region: Series[str]
    # a survey may lack age, sex or status: the page then leaves out what needs them
    age: Series[pd.Int64Dtype] | None = pa.Field(ge=10, le=110, nullable=True)
    sex: Series[str] | None = pa.Field(isin=(*labels.SEXES, "other"), nullable=True)
    status: Series[str] | None = pa.Field(isin=labels.SURVEY_STATUSES, nullable=True)
    q_items: Series[float] | None = pa.Field(alias=r"^q_", regex=True, ge=1, le=5, nullable=True)


_SIZE_CLASSES = ("0-9", "10-49", "50-249", "250+")


class EmployerSurvey(_Base):
    firm_id: Series[str] = pa.Field(unique=True)
    region: Series[str]
    industry: Series[str] = pa.Field(isin=list(labels.INDUSTRIES))
    size_class: Series[str] = pa.Field(isin=_SIZE_CLASSES)
    employees: Series[float] = pa.Field(ge=0, nullable=True)
    hires: Series[float] | None = pa.Field(alias=r"^hires_", regex=True, ge=0, nullable=True)
    barriers: Series[float] | None = pa.Field(alias=r"^b_", regex=True, ge=0, le=5, nullable=True)
    ready: Series[float] | None = pa.Field(alias=r"^r_", regex=True, ge=1, le=5, nullable=True)
    coop: Series[float] | None = pa.Field(alias=r"^c_", regex=True, isin=[0.0, 1.0], nullable=True)


class Enterprises(_Base):
    region: Series[str]
    industry: Series[str] = pa.Field(isin=list(labels.INDUSTRIES))
    size_class: Series[str] = pa.Field(isin=_SIZE_CLASSES)
    enterprises: Series[int] = pa.Field(ge=0)
    employees: Series[float] = pa.Field(ge=0, nullable=True)  # not every frame has them


_SECTORS = ("companies", "education", "authorities", "associations")
_STAGES = ("attraction", "arrival", "studies", "internship", "first_job", "family_social",
           "staying")  # fmt: skip


class Actors(pa.DataFrameModel):
    class Config:
        strict = False
        coerce = True

    id: Series[str] = pa.Field(unique=True)
    name: Series[str]
    sector: Series[str] = pa.Field(isin=_SECTORS)
    region: Series[str] = pa.Field(nullable=True)


class Ties(pa.DataFrameModel):
    class Config:
        strict = False
        coerce = True

    from_: Series[str] = pa.Field(alias="from")
    to: Series[str]
    strength: Series[float] = pa.Field(gt=0)


class Events(pa.DataFrameModel):
    class Config:
        strict = False
        coerce = True

    person: Series[str]
    stage: Series[str] = pa.Field(isin=_STAGES)
    date: Series[pd.Timestamp]


SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "population": Population,
    "population_projection": PopulationProjection,
    "migration": Migration,
    "employment": Employment,
    "labour_market": LabourMarket,
    "barometer": Barometer,
    "graduates": Graduates,
    "cohort": Cohort,
    "survey": Survey,
    "employer_survey": EmployerSurvey,
    "enterprises": Enterprises,
    "actors": Actors,
    "ties": Ties,
    "events": Events,
}


def validate(df: pd.DataFrame, table: str, source: str | None = None) -> pd.DataFrame:
    """Check ``df`` against the schema of ``table``; return the (type-coerced) table.

    Raises
    ------
    TableSchemaError
        Listing, per column and problem, the offending row labels (the frame's index).
    """
    if table not in SCHEMAS:
        raise KeyError(f"Unknown table {table!r}; known tables: {', '.join(TABLES)}.")
    try:
        out = SCHEMAS[table].validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise TableSchemaError(table, _failures(exc.failure_cases), source=source) from None
    out.attrs = dict(df.attrs)
    return out


def _failures(cases: pd.DataFrame) -> list[dict]:
    """Group pandera's failure cases into one entry per (column, check)."""
    out = []
    cases = cases.copy()
    cases["column"] = cases["column"].fillna("<table>").astype(str)
    for (column, check), grp in cases.groupby(["column", "check"], sort=False, dropna=False):
        rows = [int(i) for i in grp["index"].dropna().tolist() if _is_int(i)]
        values = ", ".join(_plain(v) for v in grp["failure_case"].dropna().unique().tolist()[:5])
        words = _in_words(str(check))
        if column == "<table>" or grp["index"].isna().all():
            problem = words + (f" (found: {values})" if values else "")
        else:
            problem = f"{words}; found: {values}" if values else words
        out.append({"column": column, "rows": sorted(set(rows)), "problem": problem})
    return out


def _plain(value: object) -> str:
    """A value as a reader writes it (2010, not np.int64(2010))."""
    item = getattr(value, "item", None)
    if callable(item):
        try:
            value = item()
        except (TypeError, ValueError):
            pass
    return repr(value) if isinstance(value, str) else str(value)


_CHECK_WORDS = (
    (re.compile(r"^field_uniqueness$"), lambda m: "each value must appear only once"),
    (re.compile(r"^not_nullable$"), lambda m: "must not be empty"),
    (re.compile(r"^column_in_dataframe$"), lambda m: "the column is missing"),
    (re.compile(r"^greater_than_or_equal_to\((.*)\)$"), lambda m: f"must be at least {m[1]}"),
    (re.compile(r"^less_than_or_equal_to\((.*)\)$"), lambda m: f"must be at most {m[1]}"),
    (re.compile(r"^greater_than\((.*)\)$"), lambda m: f"must be more than {m[1]}"),
    (re.compile(r"^less_than\((.*)\)$"), lambda m: f"must be less than {m[1]}"),
    (re.compile(r"^in_range\((.*),\s*(.*)\)$"), lambda m: f"must be from {m[1]} to {m[2]}"),
    (re.compile(r"^isin\("), lambda m: "must be one of the known codes of this column"),
    (re.compile(r"^str_matches\((.*)\)$"), lambda m: f"must look like {m[1]}"),
    (re.compile(r"^dtype\('?(\w+)'?\)$"), lambda m: f"must be of type {_TYPE_WORDS.get(m[1], m[1])}"),
    (re.compile(r"^coerce_dtype\('?(\w+)'?\)$"),
     lambda m: f"must be of type {_TYPE_WORDS.get(m[1], m[1])}"),
    (re.compile(r"^column_in_schema$"), lambda m: "is not a column this table has"),
)  # fmt: skip
_TYPE_WORDS = {"int64": "whole numbers", "float64": "numbers", "bool": "True/False",
               "str": "text", "object": "text"}  # fmt: skip


def _in_words(check: str) -> str:
    """A validation check as a reader says it (not the validation library's name)."""
    for pattern, words in _CHECK_WORDS:
        m = pattern.search(check)
        if m:
            return words(m)
    return check


def _is_int(x: object) -> bool:
    try:
        int(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


def require_columns(
    df: pd.DataFrame, columns: Sequence[str], table: str, hint: str | None = None
) -> None:
    """Raise a DataFormatError naming the first missing column and the columns present.

    The light check at the entry of an analysis function (full validation is :func:`validate`).
    """
    from .errors import DataFormatError

    for col in columns:
        if col not in df.columns:
            raise DataFormatError(
                f"the column {col!r} is missing; the {table} table has {list(df.columns)}.",
                source=table,
                column=col,
                hint=hint,
            )
