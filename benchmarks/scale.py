"""Benchmark: `kokka build` for the whole country (issue 18). Prints its figures.

Runs in a temporary data folder with a municipality key installed (``--key``; default the key
installed in data/, else ../shared/fixtures/regions/municipality_key_2026.csv), so the demo
covers every kunta of Finland. Nothing in data/ or reports/ is touched.

(a) Cluster overhead: the same jobs (default 120: small notebooks that load the demo tables
    and sum one region's residents) on the local pool with W workers and on a Dask
    LocalCluster with W worker processes. Overhead per job = (wall_dask - wall_local) x W / jobs.
(b) Projection: the real notebooks are built for a sample of regions (a maakunta, seutukunnat
    and kunnat inside and outside the home regions); from the measured cost per job
    (worker-seconds) and page sizes, the whole country's wall time and disk size for 2, 16 and
    64 workers (jobs x cost / workers; on a cluster plus the overhead of (a) per job).
(c) No-change rebuild of the whole country: small notebooks with the real notebooks' data
    needs, for every region x 4 topics, built once, then built again with nothing changed:
    seconds per 100 jobs (target: well under 1 s).

Run: .venv/bin/python benchmarks/scale.py [--workers 2] [--jobs 120] [--key FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_KEY = ROOT.parent / "shared" / "fixtures" / "regions" / "municipality_key_2026.csv"

SMALL_BODY = (
    "import kokka_analysis as ka\n"
    "pop = ka.load_tables()['population']\n"
    "print(region, int(pop[(pop['region'] == region) & (pop['year'] == 2024)]['persons'].sum()))\n"
)


def _small_notebook(folder: Path, name: str, needs: dict | None = None) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}  # fmt: skip
    if needs is not None:
        nb.metadata["kokka"] = needs
    nb.cells = [
        nbformat.v4.new_code_cell(
            'region: str = "MK08"  # region\nlang: str = "fi"  # language',
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_code_cell(SMALL_BODY),
    ]
    nbformat.write(nb, folder / f"{name}.ipynb")


def _key_file(given: str | None) -> Path:
    from kokka_analysis import regions

    for candidate in (given, regions.cached_key_path(), SHARED_KEY):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    sys.exit(
        "No municipality key: give one with --key FILE (Statistics Finland's key as CSV), or "
        "install one with `kokka regions --fetch`."
    )


def _timed_build(codes, names, out, workers, folder=None, **kw):
    from kokka_analysis.publish.build import build

    t0 = time.perf_counter()
    summary = build(codes, names, out_dir=out, workers=workers, notebooks_folder=folder, **kw)
    seconds = time.perf_counter() - t0
    if summary.failed:
        sys.exit(f"build failed: {sorted(summary.failed)[:3]}")
    return seconds, summary


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--jobs", type=int, default=120, help="jobs for the overhead measure (a)")
    ap.add_argument("--key", default=None, help="municipality key CSV (default: see above)")
    args = ap.parse_args()
    key = _key_file(args.key)
    tmp = Path(tempfile.mkdtemp(prefix="kokka-scale-"))
    os.environ["KOKKA_DATA"] = str(tmp / "data")  # the kernels and workers inherit it
    os.environ["KOKKA_HOME"] = str(tmp)  # the builds' state folders go there too
    from kokka_analysis import regions
    from kokka_analysis.publish.jobs import notebook_needs, plan
    from kokka_analysis.sources import base, classification

    try:
        n_kunnat = classification.install_key(key)
        regions.REGISTRY = regions._default_registry()
        t0 = time.perf_counter()
        base.load_tables()  # the whole-country demo, generated and cached once
        print(f"kokka scale benchmark: {os.cpu_count()} cores, {args.workers} workers, "
              f"python {sys.version.split()[0]}")  # fmt: skip
        print(f"municipality key {key.name}: {n_kunnat} kunnat; whole-country demo "
              f"generated in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        every = regions.region_set(["all"])
        print(f"regions: {len(every)} ({', '.join(f'{len(regions.all_regions(lv))} {lv}' for lv in regions.SET_LEVELS)})")  # fmt: skip

        # (a) local pool against a Dask LocalCluster, same jobs and workers -----------------
        small = tmp / "small"
        small.mkdir()
        home = regions.home_regions()
        copies = -(-args.jobs // len(home))
        for i in range(copies):
            _small_notebook(small, f"{i + 1:02d}_small")
        n_a = copies * len(home)
        t_local, _ = _timed_build(home, None, tmp / "a-local", args.workers, small, force=True)
        import distributed

        with distributed.LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True,
            dashboard_address=None,
        ) as cluster:  # fmt: skip
            t_dask, _ = _timed_build(home, None, tmp / "a-dask", args.workers, small,
                                     force=True, executor="dask",
                                     scheduler=cluster.scheduler_address)  # fmt: skip
        overhead = (t_dask - t_local) * args.workers / n_a
        print(f"(a) {n_a} jobs: local pool {t_local:.1f} s ({t_local * args.workers / n_a:.2f} "
              f"worker-s/job), Dask LocalCluster {t_dask:.1f} s "
              f"({t_dask * args.workers / n_a:.2f} worker-s/job): cluster overhead "
              f"{overhead:+.2f} s per job")  # fmt: skip

        # (b) the real notebooks on a sample, projected to the whole country ----------------
        sample = ["MK08", "MK01", "SK082", "SK011", "SK191", "KU285", "KU091", "KU698"]
        out_b = tmp / "b"
        t_b, s_b = _timed_build(sample, None, out_b, args.workers, ROOT / "notebooks", force=True)
        cost = t_b * args.workers / len(s_b.built)
        sizes: dict[str, list[int]] = {}
        for page in out_b.glob("*/*.html"):  # the page and its executed notebook beside it
            both = page.stat().st_size + page.with_suffix(".ipynb").stat().st_size
            sizes.setdefault(page.stem, []).append(both)
        mean_size = {nb: sum(v) / len(v) for nb, v in sizes.items()}
        jobs = plan(every, None, None, ROOT / "notebooks", {}, {}, {})
        runnable = [j for j in jobs if not j.unavailable and not j.too_few]
        by_topic: dict[str, int] = {}
        for j in runnable:
            by_topic[j.notebook] = by_topic.get(j.notebook, 0) + 1
        library = sum(p.stat().st_size for p in (out_b / "assets").glob("*"))
        disk = sum(n * mean_size.get(nb, 0) for nb, n in by_topic.items()) + library
        print(f"(b) sample {len(sample)} regions: {len(s_b.built)} pages in {t_b:.1f} s = "
              f"{cost:.2f} worker-s/page; mean page with its notebook "
              f"{sum(mean_size.values()) / len(mean_size) / 1e6:.2f} MB")  # fmt: skip
        print(f"    whole country: {len(jobs)} jobs, {len(runnable)} with data "
              f"({', '.join(f'{nb[:2]}: {n}' for nb, n in sorted(by_topic.items()))}); "
              f"site about {disk / 1e9:.2f} GB")  # fmt: skip
        print("    one language (-p lang fi); the default site has both: twice the jobs and disk")
        for w in (2, 16, 64):
            local = len(runnable) * cost / w
            dask = len(runnable) * (cost + max(overhead, 0.0)) / w
            print(f"    {w:3d} workers: about {local / 60:6.1f} min (local pool), "
                  f"{dask / 60:6.1f} min (Dask cluster); both languages "
                  f"{2 * local / 60:6.1f} / {2 * dask / 60:6.1f} min")  # fmt: skip

        # (c) no-change rebuild of the whole country -----------------------------------------
        lean = tmp / "lean"
        lean.mkdir()
        for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
            meta = json.loads(nb.read_text("utf-8"))["metadata"].get("kokka")
            _small_notebook(lean, nb.stem, meta)
            assert notebook_needs(lean / f"{nb.stem}.ipynb") == notebook_needs(nb)
        t_first, s_first = _timed_build(every, None, tmp / "c", args.workers, lean)
        n_c = len(s_first.built) + len(s_first.unavailable) + len(s_first.too_few)
        t_again, s_again = _timed_build(every, None, tmp / "c", args.workers, lean)
        assert not s_again.built, "the rebuild ran jobs"
        per100 = t_again / n_c * 100
        print(f"(c) whole country, {n_c} jobs ({len(s_first.built)} run): first build "
              f"{t_first:.1f} s; rebuild with no change {t_again:.2f} s = {per100:.3f} s per "
              f"100 jobs (target well under 1 s) {'OK' if per100 < 1 else 'MISSED'}")  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
