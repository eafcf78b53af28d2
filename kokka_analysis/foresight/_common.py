"""Shared helpers of the foresight modules: the employment columns and the uncertainty limit."""

from __future__ import annotations

import pandas as pd

from .. import schemas

_COLUMNS = ["region", "year", "industry", "employed"]


def _check(employment: pd.DataFrame) -> None:
    schemas.require_columns(employment, _COLUMNS, "employment")


def _by_year_industry(rows: pd.DataFrame) -> pd.DataFrame:
    """Employed summed over the other keys (age groups) per year and industry."""
    return rows.groupby(["year", "industry"], sort=True, as_index=False)["employed"].sum()


#: Below this many employed in the last observed year, a cell is marked uncertain.
MIN_WORKERS = 50
