"""Benchmark: `kokka build` against the loop a user would otherwise write.

The same jobs (REGIONS x all notebooks) are built
  1. by the naive loop: `papermill` CLI then `jupyter nbconvert --to html --no-input`, per job,
     one after another;
  2. by `kokka build --force` (parallel, warm kernels, in-process HTML export);
  3. by `kokka build` again with nothing changed (incremental: nothing should execute);
  4. by `kokka build --force` in both languages (the default site: Finnish and English).
Steps 1-3 build one language (`-p lang fi`), as the naive loop does. Prints the wall-clock
times, the ratio full/naive (target <= 0.4 on 2 cores), the ratio no-change/full (target
<= 5 %) and the ratio of the two-language build to the one-language build.

Run: .venv/bin/python benchmarks/build.py [--regions MK08 MK09 KU285 KU405]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(cmd: list[str], cwd: Path = ROOT) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--regions", nargs="+", default=["MK08", "MK09", "KU285", "KU405"])
    args = ap.parse_args()
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    n_jobs = len(args.regions) * len(notebooks)
    print(
        f"kokka build benchmark: {len(args.regions)} regions x {len(notebooks)} notebooks = {n_jobs} jobs"
    )
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}")

    # warm the demo-data disk cache once, so that neither side pays for generating it
    subprocess.run(
        [str(BIN / "python"), "-c", "import kokka_analysis as ka; ka.load_tables()"], check=True
    )

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        naive_out = tmp_path / "naive"
        naive_out.mkdir()
        t_naive = 0.0
        for region in args.regions:
            for nb in notebooks:
                out_nb = naive_out / f"{region}_{nb.name}"
                t_naive += _run(
                    [str(BIN / "papermill"), str(nb), str(out_nb), "-p", "region", region,
                     "--cwd", str(ROOT / "notebooks"), "--no-progress-bar"]
                )  # fmt: skip
                t_naive += _run(
                    [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out_nb)]
                )
        print(
            f"naive loop (papermill CLI + nbconvert CLI per job): {t_naive:8.1f} s  ({t_naive / n_jobs:.2f} s/job)"
        )

        site = tmp_path / "site"
        region_args = [a for r in args.regions for a in ("--region", r)]
        build = [str(BIN / "kokka"), "build", *region_args, "--out", str(site), "--no-progress",
                 "-p", "lang", "fi"]  # fmt: skip
        t_full = _run([*build, "--force"])
        print(
            f"kokka build (full, {os.cpu_count()} workers):            {t_full:8.1f} s  ({t_full / n_jobs:.2f} s/job)"
        )
        t_nochange = _run(build)
        print(f"kokka build (no change, incremental):                {t_nochange:8.2f} s")
        n_pages = len(list(site.glob("*/*.html")))  # region pages (the index is at the top)
        assert n_pages == n_jobs, f"expected {n_jobs} pages, found {n_pages}"
        both = tmp_path / "both"
        t_both = _run([str(BIN / "kokka"), "build", *region_args, "--out", str(both),
                       "--no-progress", "--force"])  # fmt: skip
        n_both = len(list(both.glob("*/*/*.html")))
        print(
            f"kokka build (full, Finnish and English, the default): {t_both:8.1f} s  ({n_both} pages)"
        )

    ratio = t_full / t_naive
    inc = t_nochange / t_full
    print(
        f"ratio full / naive:      {ratio:.3f}  (target <= 0.40) {'OK' if ratio <= 0.40 else 'MISSED'}"
    )
    print(
        f"ratio no-change / full:  {inc:.3f}  (target <= 0.05) {'OK' if inc <= 0.05 else 'MISSED'}"
    )
    print(f"ratio two languages / one language: {t_both / t_full:.2f}")


if __name__ == "__main__":
    main()
