"""The batch build: run (notebook x region) jobs in parallel and publish the static site.

The output folder (default ``reports/``) holds only what may be published::

    index.html                    bilingual table of regions x topics, linking every page
    assets/plotly.min.js          the one copy of the chart library, used by every page
    assets/kokka.css
    <region>/<notebook>.html      the published page (code hidden)
    <region>/<notebook>.ipynb     the executed notebook, for audit (file names, no paths;
                                  warnings and logs left out)

What may hold data values or paths of the analyst's files stays in the build folder of that
output folder, ``build/sites/<name>-<hash>/`` in the project (:func:`state_dir`; ignored by
git), which is never published::

    manifest.json                 per job: fingerprint, status, times, errors
    _logs/<region>/<notebook>.log each job's log (and the failed notebook, if it failed)
    build.lock                    held while a build writes to the output folder

A failing job never stops the others, and its previous page stays until a new one succeeds:
files are written to a temporary name and moved into place only after a successful run. A
second build into the same folder waits for the first (the lock); Ctrl-C stops the workers and
kernels, keeps every page built so far and the previous ones, and says so.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config, labels
from ..sources.base import data_vintage
from . import html
from .jobs import (
    BuildConfigError,
    Job,
    git_commit,
    library_fingerprint,
    notebook_needs,
    notebook_uses,
    plan,
)

if TYPE_CHECKING:  # papermill and the kernel machinery load only when something runs
    from .execute import JobResult

log = logging.getLogger(__name__)


class _QuietZmq(logging.Filter):
    """Kernel clients of reused kernels are dropped per job; their zmq teardown note is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Could not destroy zmq context" not in record.getMessage()


logging.getLogger("traitlets").addFilter(_QuietZmq())

MANIFEST = "manifest.json"
LOCK = "build.lock"


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C during a build: the summary says what was built before it."""

    def __init__(self, summary: BuildSummary):
        super().__init__("interrupted")
        self.summary = summary


def state_dir(out: Path) -> Path:
    """The build folder that belongs to an output folder, outside any published tree: in the
    project's ``build/sites/`` (ignored by git), named after the output folder and a hash of
    its full path (``--out reports/en`` must not put private files inside ``reports/``)."""
    import hashlib

    out = Path(out).resolve()
    digest = hashlib.sha256(str(out).encode("utf-8")).hexdigest()[:10]
    slug = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in out.name) or "site"
    return config.project_root() / "build" / "sites" / f"{slug}-{digest}"


def _not_run_entry(job, status: str, missing) -> dict:
    """The manifest entry of a job listed on the index but not run (no data, too few)."""
    source = str(job.parameters.get("data_source", "demo"))
    return {
        "region": job.region,
        "notebook": job.notebook,
        "status": status,
        "missing": list(missing),
        "parameters": job.parameters,
        "data_source": source,
        "synthetic": source == "demo",
        "attempted_at": _now(),
    }


def site_size(out_dir: Path) -> dict[str, int]:
    """What a published folder holds: ``pages`` (report pages, the index pages not counted),
    ``bytes`` (every file), ``library_bytes`` (the shared chart library, one copy in
    ``assets/``) and ``library_copies`` (how many copies of it there are: should be 1)."""
    out_dir = Path(out_dir)
    files = [p for p in out_dir.rglob("*") if p.is_file()]
    libraries = [p for p in files if p.name.startswith("plotly") and p.suffix == ".js"]
    index_pages = {"index.html", *(name for name, _, _ in html.LEVEL_PAGES.values())}
    return {
        "pages": sum(1 for p in files if p.suffix == ".html" and p.name not in index_pages),
        "bytes": sum(p.stat().st_size for p in files),
        "library_bytes": sum(p.stat().st_size for p in libraries),
        "library_copies": len(libraries),
    }


def site_size_text(out_dir: Path) -> str:
    """``site: 78 pages, 24.6 MB (the chart library 4.8 MB, one copy)``."""
    s = site_size(out_dir)
    copies = "one copy" if s["library_copies"] == 1 else f"{s['library_copies']} copies"
    return (
        f"site: {s['pages']} pages, {s['bytes'] / 1e6:.1f} MB (the chart library "
        f"{s['library_bytes'] / 1e6:.1f} MB, {copies})"
    )


@dataclass
class BuildSummary:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    #: jobs not run because a table the notebook needs has no rows for the region
    unavailable: dict[str, str] = field(default_factory=dict)
    #: jobs not run because the region has fewer than min_n persons or respondents
    too_few: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    out_dir: Path | None = None
    state_dir: Path | None = None
    interrupted: bool = False
    #: where each failed job's log is, when not under ``state_dir`` (a site in two languages)
    logs: dict[str, Path] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted

    def text(self) -> str:
        nodata = f", {len(self.unavailable)} without data" if self.unavailable else ""
        nodata += f", {len(self.too_few)} too few to publish" if self.too_few else ""
        if self.interrupted:
            lines = [
                f"kokka build: interrupted, {len(self.built)} pages built, previous pages kept "
                f"-> {self.out_dir / 'index.html'}"
            ]
        else:
            lines = [
                f"kokka build: {len(self.built)} built, {len(self.skipped)} up to date, "
                f"{len(self.failed)} failed{nodata} in {self.seconds:.1f} s -> "
                f"{self.out_dir / 'index.html'}"
            ]
        if self.out_dir is not None and self.out_dir.is_dir():
            lines.append("  " + site_size_text(self.out_dir))
        for key, tables in self.unavailable.items():
            lines.append(f"  NO DATA {key}: no rows for this region in {tables}")
        for key, tables in self.too_few.items():
            lines.append(
                f"  TOO FEW {key}: fewer persons or respondents than min_n in {tables}; "
                "nothing could be published"
            )
        for key, err in self.failed.items():
            first = err.strip().splitlines()[0] if err.strip() else "failed"
            log_path = self.logs.get(key) or (self.state_dir or Path(".")) / "_logs" / f"{key}.log"
            lines.append(f"  FAILED {key}: {first}  (log: {log_path})")
        return "\n".join(lines)


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # published pages are read by others (file share, web server)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_manifest(out_dir: Path) -> dict:
    """The build manifest of an output folder (kept in its build folder, :func:`state_dir`)."""
    path = state_dir(out_dir) / MANIFEST
    if not path.exists():
        return {"jobs": {}}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        log.warning("Ignoring unreadable %s; everything will be rebuilt", path)
        return {"jobs": {}}


def _move_old_layout(out: Path, state: Path) -> None:
    """Earlier builds kept the manifest and logs inside the output folder, or in a
    ``<out>-build`` folder beside it (inside a published tree for ``--out reports/en``): move
    them to the build folder (logs can hold data values)."""
    import shutil

    sibling = out.parent / f"{out.name}-build"
    if sibling.is_dir() and (sibling / MANIFEST).exists():
        if not (state / MANIFEST).exists():
            os.replace(sibling / MANIFEST, state / MANIFEST)
            if (sibling / "_logs").is_dir() and not (state / "_logs").exists():
                shutil.move(str(sibling / "_logs"), str(state / "_logs"))
        shutil.rmtree(sibling, ignore_errors=True)
    old_manifest, old_logs = out / MANIFEST, out / "_logs"
    if old_manifest.exists():
        if not (state / MANIFEST).exists():
            state.mkdir(parents=True, exist_ok=True)
            os.replace(old_manifest, state / MANIFEST)
        else:
            old_manifest.unlink()
    if old_logs.is_dir():
        if not (state / "_logs").exists():
            state.mkdir(parents=True, exist_ok=True)
            shutil.move(str(old_logs), str(state / "_logs"))
        else:
            shutil.rmtree(old_logs)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


#: Tables a notebook can do without but an analyst may bring (the parameter naming the file).
_OPTIONAL_OWN = {
    "cohort": "cohort_path",
    "enterprises": "frame_path",
    "ties": "ties_path",
    "events": "events_path",
    "employer_survey": "employer_path",
    "actors": "actors_path",
}


def table_origins(job: Job, stored: dict[str, str] | None = None) -> dict[str, str]:
    """Each table the job's notebook uses (``kokka.uses``) and where its numbers come from:
    ``"own"`` (the analyst's file given by parameter), ``"real"`` (fetched from a public
    source by ``kokka fetch``) or ``"synthetic"`` (the seeded demo data or its stand-in)."""
    from ..sources.base import stored_tables

    path = Path(job.notebook_path)
    source = str(job.parameters.get("data_source", "demo"))
    if stored is None:
        stored = stored_tables() if source == "statfin" else {}
    needs = notebook_needs(path)
    out = {}
    for name in notebook_uses(path):
        param = needs.get(name) or _OPTIONAL_OWN.get(name)
        if param and job.parameters.get(param):
            out[name] = "own"
        elif source == "statfin" and name in stored:
            out[name] = "real"
        else:
            out[name] = "synthetic"
    return out


def _provenance(job: Job, lang: str) -> dict:
    from ..sources.base import stored_tables

    source = str(job.parameters.get("data_source", "demo"))
    seed = int(job.parameters.get("seed", 0) or 0)
    stored = stored_tables() if source == "statfin" else {}
    origins = table_origins(job, stored)
    fi = lang == "fi"
    own = [
        Path(str(v)).name
        for k, v in job.parameters.items()
        if k
        in (
            "cohort_path",
            "survey_path",
            "employer_path",
            "frame_path",
            "actors_path",
            "ties_path",
            "events_path",
        )
        and v
    ]
    synthetic = all(o == "synthetic" for o in origins.values()) if origins else not own
    i = 0 if fi else 1

    def names(kind: str) -> list[str]:
        return [labels.TABLE_NAMES.get(t, (t, t))[i] for t, o in origins.items() if o == kind]

    if synthetic:
        label = (
            f"Synteettinen demodata (siemen {seed}) — ei virallista tilastoa"
            if fi
            else f"Synthetic demo data (seed {seed}) — not official statistics"
        )
    else:
        parts = []
        if own:
            parts.append(("Oma aineisto" if fi else "Your own data") + f" ({', '.join(own)}): "
                         + ", ".join(names("own")))  # fmt: skip
        from ..sources.fetch import source_of

        by_source: dict[str, list[str]] = {}
        for t, o in origins.items():
            if o == "real":
                src = source_of(t)
                name = src.short[i] if src else stored.get(t, "") or "?"
                by_source.setdefault(name, []).append(labels.TABLE_NAMES.get(t, (t, t))[i])
        parts += [f"{src}: {', '.join(ts)}" for src, ts in by_source.items()]
        if names("synthetic"):
            parts.append(
                ("synteettinen demodata (merkitty sivulla): " if fi
                 else "synthetic demo data (marked on the page): ") + ", ".join(names("synthetic"))
            )  # fmt: skip
        label = "; ".join(parts)
    return {
        "synthetic": synthetic,
        "tables": origins,
        "data_source": source,
        "data_label": label,
        "data_vintage": ("oma aineisto: " if fi else "own data: ") + ", ".join(own)
        if origins and all(o == "own" for o in origins.values())
        else data_vintage(source, seed, [t for t, o in origins.items() if o == "real"])
        if source == "statfin"
        else data_vintage(source, seed)
        if source == "demo"
        else source,
        "commit": git_commit(),
        "ipynb_name": f"{job.notebook}.ipynb",
    }


def _run_local(jobs: list[Job], workers: int, cwd: str) -> Iterator[tuple[Job, JobResult]]:
    from .execute import WarmKernel, execute_job

    pool: queue.Queue[WarmKernel] = queue.Queue()
    kernels = [WarmKernel(cwd) for _ in range(workers)]
    for k in kernels:
        pool.put(k)

    def task(job: Job) -> JobResult:
        kernel = pool.get()
        try:
            return execute_job(job, cwd, kernel=kernel)
        finally:
            pool.put(kernel)

    ex = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kokka-job")
    try:
        futures = {ex.submit(task, j): j for j in jobs}
        for fut in as_completed(futures):
            yield futures[fut], fut.result()
    finally:
        # on Ctrl-C (or any error) stop at once: no new jobs, and the kernels are shut down
        # first so that the running jobs end instead of being waited for
        ex.shutdown(wait=False, cancel_futures=True)
        for k in kernels:
            k.shutdown()
        ex.shutdown(wait=True)


#: A Dask worker's warm kernels, one per worker thread (kept across jobs, as the local pool's).
_WORKER_KERNELS: dict[int, object] = {}


def _worker_kernel(cwd: str):
    import atexit
    import threading

    from .execute import WarmKernel

    ident = threading.get_ident()
    kernel = _WORKER_KERNELS.get(ident)
    if kernel is None or getattr(kernel, "cwd", None) != cwd:
        if kernel is not None:
            kernel.shutdown()
        kernel = _WORKER_KERNELS[ident] = WarmKernel(cwd)
        atexit.register(kernel.shutdown)
    return kernel


def _dask_task(job_dict: dict, notebook_json: str) -> JobResult:
    """Runs on a Dask worker: the notebook sent as text, run on the worker thread's warm
    kernel (started at its first job, reused after, replaced after a failure)."""
    from .execute import execute_job

    job = Job(**job_dict)
    cwd = job_dict["notebook_path"].rsplit("/", 1)[0]
    if not Path(cwd).is_dir():
        cwd = tempfile.gettempdir()
    return execute_job(job, cwd, kernel=_worker_kernel(cwd), notebook_json=notebook_json)


def _needs_of(jobs: list[Job]) -> tuple[list[tuple[str, int]], list[str]]:
    """The data sources (with seeds) and the analysts' files the jobs read."""
    from .. import parameters as params_mod

    sources = sorted(
        {
            (str(j.parameters.get("data_source") or "demo"), int(j.parameters.get("seed") or 0))
            for j in jobs
        }
    )
    files = sorted(
        {
            str(v)
            for j in jobs
            for k, v in j.parameters.items()
            if params_mod.is_path(k) and isinstance(v, str) and v
        }
    )
    return sources, files


def environment(sources: list[tuple[str, int]], files: list[str]) -> dict:
    """What a machine would build with: the package version and code, the fingerprint of
    each data source, and the SHA-256 of each analyst file (``None`` when it has none)."""
    import hashlib

    from .. import __version__
    from ..sources import base

    # a long-running worker must see today's files, not what it hashed at an earlier build
    base._demo_fingerprint.cache_clear()
    library_fingerprint.cache_clear()
    data = {}
    for source, seed in sources:
        try:
            data[f"{source} seed {seed}"] = base.data_fingerprint(source, seed)
        except Exception as exc:  # e.g. nothing fetched on that machine
            data[f"{source} seed {seed}"] = f"unusable ({type(exc).__name__})"
    digests = {}
    for path in files:
        p = Path(path)
        digests[path] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
    return {"version": __version__, "library": library_fingerprint(), "data": data,
            "files": digests}  # fmt: skip


def check_workers(answers: dict[str, dict], here: dict) -> None:
    """Raise :class:`BuildConfigError` naming every worker whose environment differs from
    this machine's (``answers``: worker address -> :func:`environment`), before any job."""
    if not answers:
        raise BuildConfigError("The Dask cluster has no workers: start some, then build again.")
    problems = []
    for worker, env in sorted(answers.items()):
        if env["version"] != here["version"]:
            problems.append(
                f"{worker}: kokka {env['version']} (here {here['version']}): install the same "
                "version on the workers"
            )
        elif env["library"] != here["library"]:
            problems.append(
                f"{worker}: the kokka_analysis code differs from this machine's (same version "
                "number): install the same checkout on the workers"
            )
        for what, fp in here["data"].items():
            if env["data"].get(what) != fp:
                problems.append(
                    f"{worker}: data {what} is not the same as here (fingerprint "
                    f"{env['data'].get(what)}, here {fp}): give the workers the same "
                    "data/ folder (the fetched store, or the same municipality key for the demo)"
                )
        for path, digest in here["files"].items():
            theirs = env["files"].get(path)
            if theirs != digest:
                problems.append(
                    f"{worker}: {'has no file' if theirs is None else 'has another file'} "
                    f"{Path(path).name} at the path given: put the same file there"
                )
    if problems:
        raise BuildConfigError(
            "The Dask workers cannot build these pages as this machine would; nothing was run:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )


def _run_dask(jobs: list[Job], scheduler: str) -> Iterator[tuple[Job, JobResult]]:
    from .execute import JobResult

    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as exc:  # pragma: no cover - dask is a dev/optional dependency
        raise RuntimeError(
            "The Dask executor needs 'dask[distributed]': pip install 'kokka-analysis[dask]'."
        ) from exc
    with Client(scheduler, timeout="30s") as client:
        try:
            client.wait_for_workers(1, timeout=60)
        except TimeoutError:
            check_workers({}, {})  # says that the cluster has no workers
        sources, files = _needs_of(jobs)
        check_workers(client.run(environment, sources, files), environment(sources, files))
        try:
            futures = {}
            for j in jobs:
                nb_json = Path(j.notebook_path).read_text(encoding="utf-8")
                fut = client.submit(_dask_task, j.to_dict(), nb_json, pure=False,
                                    key=f"kokka-{j.key}-{j.fingerprint}")  # fmt: skip
                futures[fut] = j
            for fut in dask_completed(list(futures)):
                job = futures[fut]
                try:
                    yield job, fut.result()
                except Exception as exc:  # worker lost, task error
                    yield job, JobResult(job.key, False, 0.0,
                                         error=f"{type(exc).__name__}: {exc}")  # fmt: skip
        finally:
            # the kernels hold the code they started with: the next build starts new ones
            client.run(_shutdown_worker_kernels)


def _shutdown_worker_kernels() -> int:
    """Stop a Dask worker's warm kernels (after each build); returns how many there were."""
    n = len(_WORKER_KERNELS)
    for kernel in _WORKER_KERNELS.values():
        kernel.shutdown()
    _WORKER_KERNELS.clear()
    return n


def build(
    region_codes: list[str] | None = None,
    notebook_names: list[str] | None = None,
    params: dict[str, object] | None = None,
    out_dir: str | Path | None = None,
    workers: int | None = None,
    force: bool = False,
    executor: str = "local",
    scheduler: str | None = None,
    progress: Callable[[int], object] | None = None,
    on_result: Callable[[str, bool], None] | None = None,
    notebooks_folder: str | Path | None = None,
    wait_message: Callable[[str], None] | None = None,
    languages: Sequence[str] | None = None,
) -> BuildSummary:
    """Validate, run and publish. See the module docstring for the output layout.

    ``languages`` (e.g. ``("fi", "en")``): every page in each language, in ``<out>/<lang>/``
    with an index per language, a language switch on every page that leads to the same page
    in the other language, one shared ``<out>/assets/`` and a language choice at
    ``<out>/index.html``; keys in the summary start with the language (``fi/KU285/01_…``).
    Without it, one language (``-p lang``, else the notebooks' default) straight in ``out``.

    ``progress(total)`` may return a progress bar with ``update()``/``set_postfix()``/``close()``
    (the CLI passes tqdm); the library itself only logs. Ctrl-C raises
    :class:`BuildInterrupted` (with the summary) after stopping the workers.
    """
    t0 = time.perf_counter()
    folder = Path(notebooks_folder) if notebooks_folder else config.notebooks_dir()
    if executor == "dask" and not scheduler:
        raise ValueError("--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
    out = (Path(out_dir) if out_dir else config.reports_dir()).resolve()
    args = (region_codes, notebook_names, params, workers, force, executor, scheduler,
            progress, on_result, folder, t0)  # fmt: skip
    if not languages:
        _check_layout(out, several=False)
        return _build_one(out, *args, wait_message=wait_message)
    langs = list(dict.fromkeys(languages))
    bad = [lang for lang in langs if lang not in html.LANGUAGE_NAMES]
    if bad or "lang" in (params or {}):
        raise BuildConfigError(
            f"languages must be among {', '.join(html.LANGUAGE_NAMES)} (got {bad}), and -p lang "
            "builds one language only: give one or the other."
            if bad
            else "-p lang builds one language; a site in several languages sets it itself."
        )
    _check_layout(out, several=True)
    merged = BuildSummary(out_dir=out, state_dir=state_dir(out))
    for lang in langs:
        site = {"root": out, "lang": lang, "others": [o for o in langs if o != lang]}
        sub = (region_codes, notebook_names, {**(params or {}), "lang": lang}, *args[3:])
        try:
            done = _build_one(out / lang, *sub, wait_message=wait_message, site=site)
        except (BuildInterrupted, KeyboardInterrupt) as exc:
            if isinstance(exc, BuildInterrupted):
                _merge(merged, exc.summary, lang)
            merged.interrupted = True
            _finish_languages(out, langs)
            raise BuildInterrupted(merged) from None
        _merge(merged, done, lang)
    _finish_languages(out, langs)
    merged.seconds = time.perf_counter() - t0
    return merged


#: Marks the top page of a site in several languages (the language choice).
_LANGUAGES_MARK = 'class="kokka-languages"'


def _check_layout(out: Path, several: bool) -> None:
    """Refuse to mix a site in several languages (``<out>/<lang>/…``) and a one-language
    site (``<out>/<region>/…``) in one output folder: each would leave the other's pages
    published beside it."""
    top = out / "index.html"
    if not top.exists():
        return
    is_several = _LANGUAGES_MARK in top.read_text(encoding="utf-8", errors="replace")
    if is_several != several:
        have, want = (
            ("one language", "Finnish and English")
            if several
            else ("Finnish and English", "one language (-p lang)")
        )
        raise BuildConfigError(
            f"The output folder {out.name} holds a site in {have}; this build makes one in "
            f"{want}. Use another --out (e.g. --out reports/{'site' if several else 'en'}), "
            "or remove the folder first (make clean-reports)."
        )


def _finish_languages(out: Path, langs: list[str]) -> None:
    """The language choice at ``<out>/index.html`` (the languages that have an index), and
    every language switch that would lead to a page the other language lacks (its job
    failed, or was not run) pointed at that language's index instead."""
    built = [lang for lang in langs if (out / lang / "index.html").exists()]
    if built:
        _atomic_write(out / "index.html", html.render_languages(built))
    for lang in langs:
        for page in (out / lang).glob("*/*.html"):
            text = page.read_text(encoding="utf-8")
            fixed = text
            for other in langs:
                if other == lang:
                    continue
                target = f"../../{other}/{page.parent.name}/{page.name}"
                if target in text and not (out / other / page.parent.name / page.name).exists():
                    fixed = fixed.replace(f'href="{target}"', f'href="../../{other}/index.html"')
            if fixed != text:
                _atomic_write(page, fixed)


def _merge(into: BuildSummary, part: BuildSummary, lang: str) -> None:
    """Add one language's summary to the site's, its keys prefixed with the language."""
    into.built += [f"{lang}/{k}" for k in part.built]
    into.skipped += [f"{lang}/{k}" for k in part.skipped]
    for name in ("failed", "unavailable", "too_few"):
        getattr(into, name).update({f"{lang}/{k}": v for k, v in getattr(part, name).items()})
    into.logs.update(
        {f"{lang}/{k}": (part.state_dir or Path(".")) / "_logs" / f"{k}.log" for k in part.failed}
    )


def _build_one(
    out: Path, *args, wait_message: Callable[[str], None] | None = None, site: dict | None = None
) -> BuildSummary:
    state = state_dir(out)
    state.mkdir(parents=True, exist_ok=True)
    with _locked(state, wait_message):
        return _build_locked(out, state, *args, site=site)


def _locked(state: Path, wait_message: Callable[[str], None] | None):
    """Hold the build folder's lock; a second build waits for the first (and says so)."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(state / LOCK))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        msg = (
            f"another kokka build is writing to the same output folder ({state.name}); "
            "waiting for it to finish (Ctrl-C to stop waiting)"
        )
        (wait_message or log.warning)(msg)
        lock.acquire()
    return _Held(lock)


class _Held:
    def __init__(self, lock):
        self.lock = lock

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.lock.release()
        return False


def _build_locked(
    out: Path,
    state: Path,
    region_codes,
    notebook_names,
    params,
    workers,
    force,
    executor,
    scheduler,
    progress,
    on_result,
    folder: Path,
    t0: float,
    site: dict | None = None,
) -> BuildSummary:
    # read-modify-write of the manifest and the index happens under the lock
    _move_old_layout(out, state)
    manifest = load_manifest(out)
    # raises before any kernel starts; the parameters cells are cached by notebook content
    jobs = plan(
        region_codes,
        notebook_names,
        params,
        folder,
        manifest.setdefault("parameters_cache", {}),
        manifest.setdefault("coverage_cache", {}),
        manifest.setdefault("file_counts_cache", {}),
    )
    out.mkdir(parents=True, exist_ok=True)
    html.copy_assets(site["root"] if site else out)  # one copy for every language
    entries: dict = manifest.setdefault("jobs", {})
    summary = BuildSummary(out_dir=out, state_dir=state)

    todo = []
    for job in jobs:
        if job.too_few and not job.unavailable:  # listed on the index, not run
            entries[job.key] = _not_run_entry(job, "too_few", job.too_few)
            summary.too_few[job.key] = ", ".join(job.too_few)
            continue
        if job.unavailable:  # listed on the index, not run; an earlier page stays on disk
            entries[job.key] = _not_run_entry(job, "nodata", job.unavailable)
            summary.unavailable[job.key] = ", ".join(job.unavailable)
            continue
        prev = entries.get(job.key)
        page = out / job.region / f"{job.notebook}.html"
        if (
            not force
            and prev
            and prev.get("status") == "ok"
            and prev.get("fingerprint") == job.fingerprint
            and page.exists()
        ):
            summary.skipped.append(job.key)
        else:
            todo.append(job)
    log.info(
        "%d jobs: %d to run, %d up to date, %d without data",
        len(jobs),
        len(todo),
        len(summary.skipped),
        len(summary.unavailable),
    )

    bar = progress(len(todo)) if progress and todo else None
    n_ok = n_failed = 0
    try:
        if todo:
            n_workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
            results: Iterable[tuple[Job, JobResult]] = (
                _run_dask(todo, scheduler)
                if executor == "dask"
                else _run_local(todo, n_workers, str(folder))
            )
            try:
                for job, res in results:
                    _publish_result(out, state, job, res, entries, summary, site)
                    _atomic_write(state / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
                    n_ok += res.ok
                    n_failed += not res.ok
                    if bar is not None:
                        bar.update(1)
                        bar.set_postfix(done=n_ok, failed=n_failed)
                    if on_result:
                        on_result(job.key, res.ok)
            finally:
                close = getattr(results, "close", None)
                if close is not None:
                    close()  # stops the workers and kernels now, also on Ctrl-C
    except KeyboardInterrupt:
        summary.interrupted = True
        raise BuildInterrupted(summary) from None
    finally:
        if bar is not None:
            bar.close()
        _atomic_write(state / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        write_index(out, manifest, site)
        summary.seconds = time.perf_counter() - t0
    return summary


def _publish_result(
    out: Path,
    state: Path,
    job: Job,
    res: JobResult,
    entries: dict,
    summary: BuildSummary,
    site: dict | None = None,
) -> None:
    lang = str(job.parameters.get("lang", "fi"))
    prov = _provenance(job, lang)
    built_at = _now()
    log_path = state / "_logs" / job.region / f"{job.notebook}.log"
    failed_nb = log_path.with_suffix(".failed.ipynb")
    prev = entries.get(job.key, {})
    entry = {
        "region": job.region,
        "notebook": job.notebook,
        "fingerprint": job.fingerprint,
        "parameters": job.parameters,
        "data_source": prov["data_source"],
        "data_label": prov["data_label"],
        "synthetic": prov["synthetic"],
        "tables": prov["tables"],
        "seconds": round(res.seconds, 2),
        "attempted_at": built_at,
    }
    if res.ok:
        try:
            page = html.render_page(
                res.notebook_json,
                notebook=job.notebook,
                region=job.region,
                parameters=job.parameters,
                provenance=prov,
                build_time=built_at,
                assets="../../assets" if site else "../assets",
                switch=[
                    (o, f"../../{o}/{job.region}/{job.notebook}.html", html.LANGUAGE_NAMES[o])
                    for o in (site or {}).get("others", [])
                ],
            )
        except Exception as exc:  # an export bug fails this job only
            from .execute import JobResult

            res = JobResult(
                job.key,
                False,
                res.seconds,
                res.notebook_json,
                f"HTML export failed: {exc!r}",
                res.log,
            )
        else:
            _atomic_write(
                out / job.region / f"{job.notebook}.ipynb",
                html.public_notebook(res.notebook_json, job.parameters),
            )
            _atomic_write(out / job.region / f"{job.notebook}.html", page)
            _atomic_write(log_path, res.log)
            failed_nb.unlink(missing_ok=True)
            entry.update(status="ok", built_at=built_at, error="")
            summary.built.append(job.key)
    if not res.ok:
        if res.notebook_json:
            _atomic_write(failed_nb, res.notebook_json)
        log_text = res.log or ""
        if res.error and res.error not in log_text:  # e.g. an HTML export failure
            log_text += "\nERROR:\n" + res.error
        _atomic_write(log_path, log_text)
        entry.update(status="failed", built_at=prev.get("built_at", ""), error=res.error[:2000])
        if prev.get("status") == "ok":
            entry["previous_fingerprint"] = prev.get("fingerprint")
        summary.failed[job.key] = res.error
    entries[job.key] = entry


def _tables_text(entry: dict, kinds: tuple[str, ...], lang: str | None = None) -> str:
    """The tables of an index entry of the given origins, as 'väestö / population, ...' (in
    ``lang`` only, when given)."""
    return ", ".join(
        html.table_name(t, lang) for t, o in (entry.get("tables") or {}).items() if o in kinds
    )


def write_index(out: Path, manifest: dict, site: dict | None = None) -> None:
    rows = []
    synthetic = False
    lang = (site or {}).get("lang")

    def both(fi: str, en: str) -> str:
        return {"fi": fi, "en": en}.get(lang or "", f"{fi} / {en}")

    for key, e in sorted(manifest.get("jobs", {}).items()):
        page = out / e["region"] / f"{e['notebook']}.html"
        rows.append(
            {
                **e,
                "key": key,
                "href": f"{e['region']}/{e['notebook']}.html",
                "page_exists": page.exists(),
                "missing_text": ", ".join(html.table_name(t, lang) for t in e.get("missing", [])),
                "data_short": f"demo ({both('synteettinen', 'synthetic')})"
                if e.get("synthetic")
                else both("julkiset lähteet", "public sources")
                if e.get("data_source") == "statfin"
                and any(o == "real" for o in (e.get("tables") or {}).values())
                else both("oma aineisto", "own data")
                if any(o == "own" for o in (e.get("tables") or {}).values())
                else str(e.get("data_source", "")),
                "real_text": _tables_text(e, ("real", "own"), lang),
                "synthetic_text": _tables_text(e, ("synthetic",), lang)
                if not e.get("synthetic")
                else "",
                "built_at": (e.get("built_at") or e.get("attempted_at", ""))
                .replace("T", " ")
                .replace("+00:00", " UTC"),
            }
        )
        synthetic |= bool(e.get("synthetic"))
    common = {"build_time": _now(), "provenance": {"commit": git_commit()}, "synthetic": synthetic}
    if site:  # the index in the site's language, beside the same index in the others
        common.update(lang=site["lang"], assets="../assets")

    def switch(name):
        return [
            (o, f"../{o}/{name}", html.LANGUAGE_NAMES[o]) for o in (site or {}).get("others", [])
        ]

    _atomic_write(
        out / "index.html", html.render_index(rows, switch=switch("index.html"), **common)
    )
    levels = html.index_levels(rows)
    for level, (name, _, _) in html.LEVEL_PAGES.items():
        if level in levels:  # one page per level, linked from every index page
            _atomic_write(
                out / name, html.render_index(rows, level=level, switch=switch(name), **common)
            )
        else:
            (out / name).unlink(missing_ok=True)  # no region of that level any more
