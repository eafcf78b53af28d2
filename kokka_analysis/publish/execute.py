"""Executing one job with papermill, optionally on a warm (reused) kernel.

Start-up is most of a small notebook's cost: a fresh kernel, then importing pandas, plotly and
the package. A :class:`WarmKernel` is started once per worker and reused for its jobs; before
each job the kernel's namespace is cleared (``%reset -f``), so only imported modules and the
package's data caches carry over. A job that fails or kills the kernel gets a new kernel.
"""

from __future__ import annotations

import logging
import subprocess
import time
import traceback
from dataclasses import dataclass, field

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from .jobs import Job

log = logging.getLogger(__name__)

_RESET_SOURCE = "get_ipython().run_line_magic('reset', '-f')  # kokka: clean namespace"
_RESET_TAG = "kokka-reset"


@dataclass
class JobResult:
    key: str
    ok: bool
    seconds: float
    notebook_json: str = ""  # the executed notebook (for audit) — also on failure
    error: str = ""
    log: str = ""
    extra: dict = field(default_factory=dict)


class WarmKernel:
    """One Python kernel kept alive across jobs (one per worker thread)."""

    def __init__(self, cwd: str, kernel_name: str = "python3"):
        self.cwd = cwd
        self.kernel_name = kernel_name
        self.km: AsyncKernelManager | None = None
        self._clients: list = []

    def ensure(self) -> AsyncKernelManager:
        if self.km is not None and run_sync(self.km.is_alive)():
            return self.km
        self.shutdown()
        km = AsyncKernelManager(kernel_name=self.kernel_name)
        # the kernel's own stderr is start-up noise; cell errors arrive as outputs anyway
        run_sync(km.start_kernel)(cwd=self.cwd, stderr=subprocess.DEVNULL)
        # papermill opens a new client (sockets and a heartbeat thread) for every job and, on
        # a kernel it does not own, never closes it: keep them to close after each job (a
        # whole-country build leaked a thread and some 3.5 MB per job)
        make_client = km.client

        def client(*args, **kwargs):
            kc = make_client(*args, **kwargs)
            self._clients.append(kc)
            return kc

        km.client = client
        self.km = km
        return km

    def close_clients(self) -> None:
        """Close the clients the last job opened on this kernel (the kernel runs on)."""
        while self._clients:
            kc = self._clients.pop()
            try:
                kc.stop_channels()
            except Exception:  # noqa: BLE001 - already closed
                log.debug("closing a kernel client failed", exc_info=True)

    def shutdown(self) -> None:
        if self.km is not None:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # already dead
                log.debug("kernel shutdown failed", exc_info=True)
            self.km = None


def _with_reset_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(_RESET_SOURCE, metadata={"tags": [_RESET_TAG]})
    nb.cells.insert(0, cell)
    return nb


def _drop_reset_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb.cells = [c for c in nb.cells if _RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    return nb


def execute_job(
    job: Job,
    cwd: str,
    kernel: WarmKernel | None = None,
    timeout: int = 900,
    notebook_json: str | None = None,
) -> JobResult:
    """Run one job; never raises for a failing notebook (the result says so).

    ``notebook_json`` lets a remote worker (Dask) run a notebook it has no file for.
    """
    t0 = time.perf_counter()
    src = notebook_json or open(job.notebook_path, encoding="utf-8").read()
    nb = nbformat.reads(src, as_version=4)
    kwargs: dict = {}
    if kernel is not None:
        nb = _with_reset_cell(nb)
        kwargs["km"] = kernel.ensure()
    try:
        out = papermill.execute_notebook(
            nb,
            None,
            parameters=job.parameters,
            kernel_name="python3",
            # papermill's cwd is a process-wide chdir; a warm kernel already runs in cwd
            cwd=None if kernel is not None else cwd,
            progress_bar=False,
            log_output=False,
            execution_timeout=timeout,
            **kwargs,
        )
        ok, error = True, ""
    except papermill.PapermillExecutionError as exc:
        out, ok = None, False
        error = f"{exc.ename}: {exc.evalue}\n(cell {exc.exec_count})\n" + "".join(exc.traceback)
    except Exception as exc:  # kernel died, timeout, bad notebook
        out, ok = None, False
        error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
    if kernel is not None:
        kernel.close_clients()
    if not ok and kernel is not None:
        kernel.shutdown()  # the next job gets a fresh kernel
    if out is None:
        out = nb
    out = _drop_reset_cell(out)
    return JobResult(
        key=job.key,
        ok=ok,
        seconds=time.perf_counter() - t0,
        notebook_json=nbformat.writes(out),
        error=_strip_ansi(error),
        log=_job_log(out, error),
    )


def _job_log(nb: nbformat.NotebookNode, error: str) -> str:
    """Plain-text log: every cell's stream/error output, then the error."""
    lines = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                lines.append(f"[cell {i} {o.get('name')}] {o.get('text', '').rstrip()}")
            elif o.get("output_type") == "error":
                lines.append(f"[cell {i} error] {o.get('ename')}: {o.get('evalue')}")
    if error:
        lines.append("ERROR:\n" + error)
    return _strip_ansi("\n".join(lines)) + "\n"


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
