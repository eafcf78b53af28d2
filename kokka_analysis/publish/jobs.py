"""Planning a build: validate regions, notebooks and parameters; one :class:`Job` per pair.

Everything is checked here, before any kernel starts (papermill itself only warns about
unknown parameters).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import subprocess
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .. import __version__, config, parameters, regions
from ..errors import KokkaError
from ..sources.base import (
    DATA_SOURCES,
    covers,
    data_fingerprint,
    region_coverage,
    rows_inside,
    statfin_fetched,
)

PACKAGE_DIR = Path(__file__).resolve().parents[1]


class BuildConfigError(KokkaError):
    """A build request that names an unknown notebook or parameter, or a bad value."""


@dataclass(frozen=True)
class Job:
    """One (notebook x region) execution."""

    notebook: str  # stem, e.g. "01_situation_picture"
    region: str  # registry code
    parameters: dict = field(hash=False)
    notebook_path: str = ""
    fingerprint: str = ""
    #: tables the notebook needs that have no rows for the region: the job is not run
    unavailable: tuple[str, ...] = ()
    #: microdata tables with fewer than ``min_n`` persons for the region: not run either
    too_few: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.region}/{self.notebook}"

    def to_dict(self) -> dict:
        return asdict(self)


def available_notebooks(folder: Path | None = None) -> dict[str, Path]:
    folder = folder or config.notebooks_dir()
    return {p.stem: p for p in sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))}


def resolve_notebooks(names: list[str] | None, folder: Path | None = None) -> list[Path]:
    """Notebook paths from names ("03_retention", "03", "retention" or a file name)."""
    avail = available_notebooks(folder)
    if not avail:
        raise BuildConfigError(f"No notebooks found in {folder or config.notebooks_dir()}.")
    if not names:
        return list(avail.values())
    out = []
    for name in names:
        stem = Path(name).stem
        hits = [p for s, p in avail.items() if s == stem or s[:2] == stem or s[3:] == stem]
        if len(hits) != 1:
            close = difflib.get_close_matches(stem, list(avail), n=3, cutoff=0.4)
            raise BuildConfigError(
                f"Unknown notebook {name!r}. Available: {', '.join(avail)}."
                + (f" Did you mean {', '.join(close)}?" if close else "")
            )
        out.append(hits[0])
    return list(dict.fromkeys(out))


def resolve_regions(codes: list[str] | None) -> list[str]:
    """Registry codes; unknown names raise UnknownRegionError listing close matches."""
    if not codes:
        return regions.home_regions()
    return list(dict.fromkeys(regions.resolve(c).code for c in codes))


@lru_cache(maxsize=32)
def _declared(path: str, mtime: float) -> dict[str, dict]:
    import papermill  # imported here: a no-change build never needs it

    return papermill.inspect_notebook(path)


def declared_parameters(path: Path, cache: dict | None = None) -> dict[str, dict]:
    """The parameters cell of a notebook, as ``papermill.inspect_notebook`` reads it.

    ``cache`` (kept in the build manifest) maps a hash of the notebook's content to the result.
    """
    if cache is None:
        return _declared(str(path), path.stat().st_mtime)
    key = hashlib.sha256(path.read_bytes()).hexdigest()
    if key not in cache:
        cache[key] = _declared(str(path), path.stat().st_mtime)
    return cache[key]


def coerce_parameters(
    path: Path, raw: dict[str, object], cache: dict | None = None
) -> dict[str, object]:
    """Check names against the notebook's parameters cell and convert CLI strings to its types."""
    declared = declared_parameters(path, cache)
    out = {}
    for name, value in raw.items():
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=3, cutoff=0.5)
            raise BuildConfigError(
                f"Notebook {path.stem} has no parameter {name!r}. "
                f"Its parameters are: {', '.join(declared)}."
                + (f" Did you mean {', '.join(close)}?" if close else "")
            )
        out[name] = _convert(value, declared[name].get("inferred_type_name", "None"), name, path)
    return out


def _convert(value: object, type_name: str, name: str, path: Path) -> object:
    if not isinstance(value, str):
        return value
    base = type_name.split("[")[0].replace("typing.", "").strip().lower()
    try:
        if base == "int":
            return int(value)
        if base == "float":
            return float(value)
        if base == "bool":
            low = value.strip().lower()
            if low in ("true", "1", "yes", "kyllä"):
                return True
            if low in ("false", "0", "no", "ei"):
                return False
            raise ValueError(value)
        if base in ("list", "tuple", "dict"):
            return yaml.safe_load(value)
    except (ValueError, yaml.YAMLError):
        raise BuildConfigError(
            f"Parameter {name!r} of {path.stem} expects {type_name}, got {value!r}."
        ) from None
    if value.strip().lower() in ("none", "null") and "none" in type_name.lower():
        return None
    return value


@lru_cache(maxsize=1)
def library_fingerprint() -> str:
    """Hash of the package's source: a changed library invalidates built pages."""
    h = hashlib.sha256(__version__.encode())
    for p in sorted(PACKAGE_DIR.rglob("*")):
        if p.suffix in (".py", ".j2", ".css", ".json", ".csv") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(PACKAGE_DIR)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def git_commit() -> str:
    """The checkout's commit (with ``+dirty`` when there are uncommitted changes)."""
    root = config.project_root()
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True,
            text=True, check=True, timeout=10,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
            capture_output=True, text=True, timeout=10,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return sha + ("+dirty" if dirty else "")


def notebook_needs(path: Path) -> dict[str, str | None]:
    """The tables a notebook cannot do without, from its metadata ``kokka.needs``:
    ``{table: parameter that replaces it (e.g. "cohort_path") or None}``."""
    meta = json.loads(Path(path).read_text("utf-8")).get("metadata", {})
    return dict((meta.get("kokka") or {}).get("needs") or {})


def notebook_uses(path: Path) -> list[str]:
    """Every table a notebook's numbers rest on, from its metadata ``kokka.uses`` (the needed
    ones first); the index and the page footer say which of them are real."""
    meta = (json.loads(Path(path).read_text("utf-8")).get("metadata", {}).get("kokka")) or {}
    return list(dict.fromkeys([*(meta.get("needs") or {}), *(meta.get("uses") or [])]))


def _coverage(source: str, seed: int, fingerprint: str, cache: dict | None) -> dict[str, list]:
    """Region codes per table of a data source, cached (in the build manifest) by the data's
    fingerprint so that a no-change build does not load the data."""
    if cache is not None and fingerprint in cache:
        return cache[fingerprint]
    cov = region_coverage(source, seed)
    if cache is not None:
        cache.clear()  # keep only the current data's entry
        cache[fingerprint] = cov
    return cov


def _nothing_to_build(
    code: str, source: str, missing: set[str], own: dict[str, str] | None = None
) -> BuildConfigError:
    what = ", ".join(sorted(missing))
    own = own or {}
    if own and set(missing) <= set(own):
        files = ", ".join(f"{Path(p).name} ({t})" for t, p in sorted(own.items()))
        return BuildConfigError(
            f"Nothing to build for {code} ({regions.name(code, 'en')}): your file {files} has "
            "no rows for it or for any municipality in it. Check the file's region column "
            "(`kokka check FILE --kind ...` lists its regions), or build a region it covers."
        )
    if source == "demo":
        how = (
            "The demo data cover Kymenlaakso (MK08) and Etelä-Karjala (MK09) only. For real "
            f"figures: `kokka fetch --region {code}`, then `kokka build --region {code} -p "
            "data_source statfin`."
        )
    else:
        how = (
            f"Fetch it first: `kokka fetch --region {code}` (add the regions fetched before, "
            "e.g. --region MK08 --region MK09, to keep them)."
        )
    return BuildConfigError(
        f"Nothing to build for {code} ({regions.name(code, 'en')}): the {source} data have no "
        f"rows for it ({what}). {how}"
    )


def _file_counts(
    table: str, path: str, codebook: str | None, hashes: dict[str, str], cache: dict | None
) -> dict[str, int]:
    """Rows per region of an analyst's file (read as the build will read it), cached in the
    manifest by the file's content; a file that cannot be read stops the build here, before
    any kernel starts, with the reader's message."""
    from ..sources import files
    from ..sources.base import region_counts

    key = f"{table}:{hashes.get(path, '')}:{hashes.get(codebook or '', '')}"
    if cache is not None and key in cache:
        return cache[key]
    try:
        if table == "employer_survey":
            from ..employers import read_employer_survey

            df = read_employer_survey(path, codebook=codebook or None)
        elif table == "actors":
            from ..network import read_actors

            df = read_actors(path)
        else:
            df = (
                files.read_survey(path, codebook=codebook or None)
                if table == "survey"
                else files.read_cohort(path)
            )
    except KokkaError as exc:
        raise BuildConfigError(f"{Path(path).name} cannot be used: {exc}") from None
    counts = region_counts(df)
    if cache is not None:
        cache[key] = counts
    return counts


def _check_own_file(name: str, params: dict, hashes: dict[str, str], cache: dict | None) -> None:
    """Read an analyst's optional file (the business frame, the ties, the event log) as the
    notebook will, so that a file that cannot be used stops the build here, before any kernel
    starts, with the reader's message (cached in the manifest by the files' contents)."""
    path = str(params[name])
    actors = str(params.get("actors_path") or "")
    key = (
        f"{name}:{hashes.get(path, '')}:{hashes.get(actors, '') if name == 'ties_path' else ''}"
        f":{__version__}:{len(regions.all_regions())}"
    )  # a new reader or key: read again
    if cache is not None and cache.get(key) == "ok":
        return
    try:
        if name == "frame_path":
            from ..employers import read_frame

            read_frame(path)
        elif name == "events_path":
            from ..network import read_events

            read_events(path)
        elif name == "ties_path":
            from ..network import read_actors, read_ties

            if not actors:
                raise KokkaError("ties_path needs actors_path: the actors the ties join.")
            read_ties(path, read_actors(actors))
    except KokkaError as exc:
        raise BuildConfigError(f"{Path(path).name} cannot be used: {exc}") from None
    if cache is not None:
        cache[key] = "ok"


def plan(
    region_codes: list[str] | None = None,
    notebook_names: list[str] | None = None,
    params: dict[str, object] | None = None,
    notebooks_folder: Path | None = None,
    parameters_cache: dict | None = None,
    coverage_cache: dict | None = None,
    file_counts_cache: dict | None = None,
) -> list[Job]:
    """Validate the request and return the jobs, each with its content fingerprint.

    A job whose notebook needs a table (``kokka.needs`` in its metadata) that has no rows for
    the region is returned with ``unavailable`` set (the build lists it, does not run it); a
    region for which no job could run is an error, before any kernel starts.
    """
    nb_paths = resolve_notebooks(notebook_names, notebooks_folder)
    codes = resolve_regions(region_codes)
    params = dict(params or {})
    if "region" in params:
        raise BuildConfigError("Use --region to choose regions, not -p region.")
    # a -p name goes to every selected notebook that declares it; one that none declares is
    # an error (so `-p min_n 10` over all notebooks reaches 03 and 04 and leaves 01 alone)
    declared_by = {nb: declared_parameters(nb, parameters_cache) for nb in nb_paths}
    needs = {nb: notebook_needs(nb) for nb in nb_paths}
    for name in params:
        if not any(name in d for d in declared_by.values()):
            coerce_parameters(nb_paths[0], {name: params[name]}, parameters_cache)  # raises
    jobs = []
    file_hashes: dict[str, str] = {}
    for nb in nb_paths:
        declared = declared_by[nb]
        mine = {k: v for k, v in params.items() if k in declared}
        typed = coerce_parameters(nb, mine, parameters_cache)
        # analysts' files: resolved from where the command was run, checked here
        for name, value in list(typed.items()):
            if parameters.is_path(name) and isinstance(value, str):
                try:
                    typed[name] = parameters.resolve_path(name, value)
                except parameters.ParameterError as exc:
                    raise BuildConfigError(str(exc)) from None
                if typed[name] and typed[name] not in file_hashes:
                    file_hashes[typed[name]] = hashlib.sha256(
                        Path(typed[name]).read_bytes()
                    ).hexdigest()
        for name in ("frame_path", "events_path", "ties_path"):
            if typed.get(name):
                _check_own_file(name, typed, file_hashes, file_counts_cache)
        defaults = {k: _default(v) for k, v in declared.items()}
        try:
            parameters.check({**defaults, **typed}, given=set(typed))
        except parameters.ParameterError as exc:
            raise BuildConfigError(f"{nb.stem}: {exc}") from None
        for code in codes:
            p = {**typed, "region": code}
            effective = {**defaults, **p}
            source = str(effective.get("data_source", "demo"))
            seed = effective.get("seed", 0)
            if source not in DATA_SOURCES:
                raise BuildConfigError(
                    f"Unknown data_source {source!r}; use one of: {', '.join(DATA_SOURCES)}."
                )
            if source == "statfin" and not statfin_fetched():
                raise BuildConfigError(
                    "data_source 'statfin': no Statistics Finland data have been fetched. Run "
                    "`kokka fetch --region MK08 --region MK09 --years 2010-2024` first (with "
                    "network), or build on the demo data."
                )
            seed_i = int(seed) if seed is not None else 0
            data_fp = data_fingerprint(source, seed_i)
            cov = _coverage(source, seed_i, data_fp, coverage_cache)
            if cov.get("__years__"):
                try:
                    parameters.check_years(effective, *cov["__years__"])
                except parameters.ParameterError as exc:
                    raise BuildConfigError(f"{nb.stem}: {exc}") from None
            unavailable = tuple(
                t
                for t, replaced_by in needs[nb].items()
                if not (replaced_by and effective.get(replaced_by))
                and not covers(cov.get(t, []), code)
            )
            # microdata: too few persons or respondents in the region to publish anything
            min_n = int(effective.get("min_n") or 5)
            too_few = []
            for t, replaced_by in needs[nb].items():
                if t in unavailable:
                    continue
                if replaced_by and effective.get(replaced_by):
                    counts = _file_counts(
                        t, str(effective[replaced_by]),
                        effective.get("employer_codebook_path" if t == "employer_survey"
                                      else "codebook_path") or None,
                        file_hashes, file_counts_cache,
                    )  # fmt: skip
                else:
                    counts = (cov.get("__counts__") or {}).get(t)
                if counts is None:
                    continue
                n = rows_inside(counts, code)
                if n == 0:
                    unavailable += (t,)
                elif n < min_n:
                    too_few.append(t)
            fp = hashlib.sha256(
                json.dumps(
                    {
                        "notebook": hashlib.sha256(nb.read_bytes()).hexdigest(),
                        "params": effective,
                        "files": {
                            v: file_hashes.get(v)
                            for v in effective.values()
                            if isinstance(v, str) and v in file_hashes
                        },
                        "data": data_fp,
                        "library": library_fingerprint(),
                    },
                    sort_keys=True,
                    default=str,
                ).encode()
            ).hexdigest()[:20]
            jobs.append(Job(nb.stem, code, p, str(nb), fp, unavailable, tuple(too_few)))
    for code in codes:
        mine = [j for j in jobs if j.region == code]
        if mine and all(j.unavailable for j in mine):
            source = str(mine[0].parameters.get("data_source", "demo"))
            own = {
                t: str(j.parameters[p])
                for j in mine
                for t, p in notebook_needs(Path(j.notebook_path)).items()
                if p and j.parameters.get(p)
            }
            raise _nothing_to_build(code, source, {t for j in mine for t in j.unavailable}, own)
    return jobs


def _default(info: dict) -> object:
    """The default value of a declared parameter (a Python literal in the parameters cell)."""
    import ast

    try:
        return ast.literal_eval(info.get("default", "None"))
    except (ValueError, SyntaxError):
        raise BuildConfigError(
            f"The default of parameter {info.get('name')!r} is not a plain value "
            f"({info.get('default')!r}); write it on one line in the parameters cell."
        ) from None
