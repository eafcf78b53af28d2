"""The analyst's own files in place of a data source's tables (the register cohort, the
employer survey and its frame, the actor network and the newcomer event log), read by the
topic pages' own readers."""

from __future__ import annotations

import pandas as pd

from ..errors import KokkaError


def with_own_files(
    tables: dict[str, pd.DataFrame],
    *,
    employer_path: str = "",
    employer_codebook_path: str = "",
    frame_path: str = "",
    actors_path: str = "",
    ties_path: str = "",
    events_path: str = "",
    cohort_path: str = "",
) -> dict[str, pd.DataFrame]:
    """The tables with the analyst's own files in place of the data source's: the topic pages
    and the summary read the same files, so they speak of the same numbers. An own actor
    network without an event log has no events (the data source's newcomers are not its
    actors' newcomers)."""
    from .. import employers, network
    from . import files

    out = dict(tables)
    if cohort_path:
        out["cohort"] = files.read_cohort(cohort_path)
    if employer_path:
        out["employer_survey"] = employers.read_employer_survey(
            employer_path, codebook=employer_codebook_path or None
        )
    if frame_path:
        out["enterprises"] = employers.read_frame(frame_path)
    if actors_path:
        if not ties_path:
            raise KokkaError("actors_path needs ties_path: the ties between your actors.")
        out["actors"] = network.read_actors(actors_path)
        out["ties"] = network.read_ties(ties_path, out["actors"])
        if not events_path:
            out.pop("events", None)  # the demo's newcomers are not your actors' newcomers
    if events_path:
        out["events"] = network.read_events(events_path)
    return out
