"""The ``kokka`` command. The only place that parses arguments.

kokka build [--region CODE]... [--notebook NAME]... [-p NAME VALUE]... [--out DIR]
            [--workers N] [--force] [--executor local|dask --scheduler ADDRESS]
kokka fetch [--source statfin|vipunen|barometer|register]... [--region CODE]... [--years 2010-2024]
            [--table KEY=ID]... [--refresh] [--offline] [--list]
kokka regions [CODE]
kokka check FILE --kind survey|cohort|employer|actors|events|frame [--codebook FILE] [--min-n N]
kokka template survey|cohort|employer|frame|actors|events DIR
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
import threading

from . import __version__, regions
from .errors import KokkaError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kokka",
        description="kokka: South-East Finland talent reports (Kymenlaakso, Etelä-Karjala).",
    )
    p.add_argument("--version", action="version", version=f"kokka {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="execute every notebook for every region and publish HTML")
    _add_region_set(b, "default: MK08, MK09 and all their sub-regions and municipalities")
    b.add_argument(
        "--notebook", action="append", metavar="NAME",
        help="notebook name, e.g. 03_retention or 03 (repeatable; default: all in notebooks/)",
    )  # fmt: skip
    b.add_argument(
        "-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
        help="papermill parameter passed to every job (repeatable), e.g. -p lang en",
    )  # fmt: skip
    b.add_argument("--out", default=None, help="output folder (default: reports/)")
    b.add_argument(
        "--workers", type=int, default=None, help="parallel jobs (default: number of cores)"
    )
    b.add_argument("--force", action="store_true", help="rebuild even unchanged pages")
    b.add_argument("--executor", choices=("local", "dask"), default="local")
    b.add_argument("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786)")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")

    f = sub.add_parser(
        "fetch",
        help="fetch the public tables (StatFin, Vipunen, Työvoimabarometri, the establishment "
        "counter) into the cache and data/processed/statfin",
    )
    f.add_argument(
        "--source", action="append", metavar="NAME",
        help="a source to fetch (repeatable; default all): statfin, vipunen, barometer, register",
    )  # fmt: skip
    _add_region_set(
        f,
        "default MK08 and MK09; all their sub-regions, their maakunta and the whole "
        "country are fetched too",
    )
    f.add_argument("--years", default="2010-2024", help="first-last year (default 2010-2024)")
    f.add_argument(
        "--table", action="append", default=[], metavar="KEY=ID",
        help="use another table for a part, e.g. employment=tyokay/115i.px or "
        "graduates=yamk_tutkinnot or enterprises=Toimipaikkalaskuri/14if.px (keys: see "
        "`kokka fetch --list`)",
    )  # fmt: skip
    f.add_argument("--refresh", action="store_true", help="ask the service again (skip cache)")
    f.add_argument(
        "--offline", action="store_true",
        help="no network: make the tables from the cache only (data/raw/<source>)",
    )  # fmt: skip
    f.add_argument("--lang", default="fi", choices=("fi", "sv", "en"), help="label language")
    f.add_argument("--no-progress", action="store_true", help="no progress bar per table")
    f.add_argument(
        "--list", action="store_true", help="list every source, its tables and what they feed"
    )

    c = sub.add_parser(
        "check",
        help="read a survey, cohort or employer-survey file as a build would, and report "
        "(nothing is built)",
    )
    c.add_argument(
        "file", help="the survey export, cohort or employer-survey file (CSV, Excel, Parquet)"
    )
    c.add_argument(
        "--kind",
        required=True,
        choices=("survey", "cohort", "employer", "actors", "events", "frame"),
    )
    c.add_argument("--ties", default=None, help="with --kind actors: the ties file to check too")
    c.add_argument("--codebook", default=None, help="survey or employer-survey codebook")
    c.add_argument(
        "--min-n", type=int, default=5, help="smallest publishable group (default 5, at least 3)"
    )
    _add_region_set(c, "with any of these: the file's persons in each region of the set")

    t = sub.add_parser("template", help="write an example file (and codebook) to start from")
    t.add_argument("kind", choices=("survey", "cohort", "employer", "frame", "actors", "events"))
    t.add_argument("folder", help="where to write them")

    r = sub.add_parser("regions", help="list regions or show one")
    r.add_argument("code", nargs="?", help="code or name; default: list the home regions")
    r.add_argument(
        "--install-key", metavar="CSV",
        help="install Statistics Finland's municipality key so that every region of the "
        "country is known (kept in data/raw/classification/)",
    )  # fmt: skip
    r.add_argument(
        "--fetch", action="store_true",
        help="fetch the municipality key from Statistics Finland's classification service "
        "(all kunnat with their seutukunta and maakunta; kept in data/raw/classification/)",
    )  # fmt: skip
    r.add_argument("--year", type=int, default=None, help="key year for --fetch (default newest)")
    r.add_argument("--refresh", action="store_true", help="with --fetch: skip the cache")
    r.add_argument("--offline", action="store_true", help="with --fetch: from the cache only")
    return p


def _add_region_set(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--region", action="append", metavar="CODE",
        help=f"region code or name, or 'all' for every region known (repeatable; {default})",
    )  # fmt: skip
    parser.add_argument(
        "--level", choices=regions.SET_LEVELS, default=None,
        help="every region of this level (of the whole country once `kokka regions --fetch` "
        "has installed the municipality key)",
    )  # fmt: skip
    parser.add_argument(
        "--within", action="append", metavar="CODE",
        help="with --level: only the regions inside this one (repeatable), e.g. --level kunta "
        "--within MK08",
    )  # fmt: skip
    parser.add_argument(
        "--regions-file", metavar="FILE",
        help="a file with one region code or name a line (# starts a comment), e.g. a "
        "network's member towns",
    )  # fmt: skip


def _region_set(args: argparse.Namespace, command: str) -> list[str] | None:
    """The regions asked for on the command line (None: the command's default)."""
    codes = regions.region_set(
        args.region, level=args.level, within=args.within, regions_file=args.regions_file
    )
    wide = args.level in ("seutukunta", "kunta") or any(
        str(r).strip().lower() == "all" for r in args.region or []
    )
    if wide and not regions.whole_country_known():
        print(
            f"kokka {command}: only the kunnat and seutukunnat of MK08 and MK09 are known; "
            "`kokka regions --fetch` installs the whole country's municipality key",
            file=sys.stderr,
        )
    if codes is not None:
        print(
            f"kokka {command}: {len(codes)} {'region' if len(codes) == 1 else 'regions'}",
            file=sys.stderr,
        )
    return codes


def _named(code: str) -> str:
    """``Uusimaa (MK01)`` for a code the registry knows, else the text as given."""
    try:
        return f"{regions.name(code)} ({regions.code_of(code)})"
    except KokkaError:
        return str(code)


class _TableBars:
    """A progress bar per StatFin table (answers received of the table's queries), and a
    count of the answers that came from the cache (what an interrupted fetch had)."""

    def __init__(self, show: bool):
        self.show, self.bar, self.table = show, None, None
        self.answers = self.cached = 0

    def __call__(self, table: str, done: int, total: int, from_cache: bool) -> None:
        self.answers += 1
        self.cached += from_cache
        if not self.show:
            return
        from tqdm import tqdm

        if table != self.table:
            self.close()
            self.table = table
            self.bar = tqdm(total=total, desc=f"kokka fetch {table}", unit="answer",
                            file=sys.stderr, dynamic_ncols=True, leave=True)  # fmt: skip
        self.bar.update(1)
        if done == total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.bar, self.table = None, None


def _progress_bar(total: int):
    from tqdm import tqdm

    return tqdm(total=total, desc="kokka build", unit="job", file=sys.stderr, dynamic_ncols=True)


def _cmd_build(args: argparse.Namespace) -> int:
    from .publish.build import BuildInterrupted, build

    params = {name: value for name, value in args.parameter}
    if args.executor == "dask" and not args.scheduler:
        print("kokka build: --executor dask needs --scheduler ADDRESS", file=sys.stderr)
        return 2
    try:
        summary = build(
            region_codes=_region_set(args, "build"),
            notebook_names=args.notebook,
            params=params,
            out_dir=args.out,
            workers=args.workers or os.cpu_count(),
            force=args.force,
            executor=args.executor,
            scheduler=args.scheduler,
            progress=None if args.no_progress else _progress_bar,
            wait_message=lambda msg: print(f"kokka build: {msg}", file=sys.stderr, flush=True),
            # Finnish and English by default; -p lang fi|en builds that one language
            languages=None if "lang" in params else ("fi", "en"),
        )
    except BuildInterrupted as exc:
        print(exc.summary.text(), file=sys.stderr)
        return 130
    print(summary.text())
    return 0 if summary.ok else 1


def _cmd_fetch(args: argparse.Namespace) -> int:
    from .sources import classification, fetch, statfin_tables

    if args.list:
        print("\n".join(fetch.describe()))
        return 0
    names = list(dict.fromkeys(args.source or fetch.SOURCES))
    unknown = [n for n in names if n not in fetch.SOURCES]
    if unknown:
        print(
            f"kokka fetch: unknown --source {unknown[0]!r}; sources are: "
            f"{', '.join(fetch.SOURCES)}",
            file=sys.stderr,
        )
        return 2
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", args.years)
    if not m:
        print(f"kokka fetch: --years must look like 2010-2024, not {args.years!r}", file=sys.stderr)
        return 2
    years = (int(m.group(1)), int(m.group(2) or m.group(1)))
    table_ids = {}
    for item in args.table:
        key, sep, value = item.partition("=")
        if not sep or not value:
            print(f"kokka fetch: --table wants KEY=ID, not {item!r}", file=sys.stderr)
            return 2
        table_ids[key.strip()] = value.strip()
    try:
        wanted = _region_set(args, "fetch") or ["MK08", "MK09"]
    except KokkaError as exc:
        print(f"kokka fetch: {exc}", file=sys.stderr)
        return 2
    missing = classification.incomplete_regions(wanted)
    if missing and (
        "statfin" in names or "register" in names
    ):  # e.g. MK01 before the whole country is known: get the key first
        print(
            f"kokka fetch: {', '.join(_named(m) for m in missing)} not fully known; fetching "
            "the municipality key",
            file=sys.stderr,
        )
        n, year = classification.fetch_and_install(offline=args.offline)
        print(f"kokka fetch: municipality key {year}: {n} municipalities", file=sys.stderr)
    results = fetch.fetch_sources(
        names,
        wanted,
        years,
        offline=args.offline,
        refresh=args.refresh,
        table_ids=table_ids,
        lang=args.lang,
        progress=lambda msg: print(f"kokka fetch: {msg}", file=sys.stderr, flush=True),
        on_answer=(bars := _TableBars(show=not args.no_progress)),
    )
    bars.close()
    if bars.cached and not args.offline:
        print(
            f"kokka fetch: {bars.cached} of {bars.answers} PxWeb answers from the cache "
            "(data/raw/statfin, data/raw/register: an interrupted fetch goes on from them; "
            "--refresh asks again)",
            file=sys.stderr,
        )
    failed = {n: r for n, r in results.items() if isinstance(r, Exception)}
    for name, tables in results.items():
        if name in failed:
            continue
        for table, df in tables.items():
            print(
                f"{name:10} {table:22} {len(df):8} rows  {str(df.attrs.get('table_id', '')):28} "
                f"{str(df.attrs.get('retrieved', ''))[:10]}"
            )
    for name, exc in failed.items():
        print(f"kokka fetch: {name} failed: {exc}", file=sys.stderr)
    if len(failed) < len(results):
        print(
            f"kokka fetch: stored in {statfin_tables.store_dir()}; build with "
            "-p data_source statfin"
            + (" (tables of the failed sources keep what was fetched before)" if failed else "")
        )
    return 1 if failed else 0


def _cmd_check(args: argparse.Namespace) -> int:
    from . import parameters
    from .sources import files

    try:
        parameters.check({"min_n": args.min_n})
        path = parameters.resolve_path(f"{args.kind}_path", args.file)
        cb_param = "employer_codebook_path" if args.kind == "employer" else "codebook_path"
        codebook = parameters.resolve_path(cb_param, args.codebook) if args.codebook else None
        codes = _region_set(args, "check")
        ties = parameters.resolve_path("ties_path", args.ties) if args.ties else None
        report = files.check_file(path, args.kind, codebook=codebook, min_n=args.min_n, ties=ties)
    except KokkaError as exc:  # the file cannot be checked at all: that is its problem
        print(f"kokka check: {exc}", file=sys.stderr)
        return 1
    print(report.text(args.min_n))
    if codes and report.usable_rows and args.kind != "frame":  # a frame counts cells, not persons
        if report.ok:
            print(report.regions_text(codes, args.min_n))
        else:  # a build reads the whole file and stops at its first problem
            print("  regions: counted once the problems above are fixed (a build would stop)")
    return 0 if report.ok else 1


def _cmd_template(args: argparse.Namespace) -> int:
    from .sources import files

    paths = files.write_template(args.kind, args.folder)
    for p in paths:
        print(f"kokka template: wrote {p}")
    flag = "--ties" if args.kind == "actors" else "--codebook"
    opts = f" {flag} {paths[1]}" if len(paths) > 1 else ""
    print(f"kokka template: try `kokka check {paths[0]} --kind {args.kind}{opts}`")
    return 0


def _cmd_regions(args: argparse.Namespace) -> int:
    if args.fetch:
        from .sources import classification

        n, year = classification.fetch_and_install(
            args.year,
            offline=args.offline,
            refresh=args.refresh,
            progress=lambda msg: print(f"kokka regions: {msg}", file=sys.stderr, flush=True),
        )
        print(
            f"kokka regions: municipality key {year} from Statistics Finland: {n} municipalities;"
            f" {len(regions.all_regions())} regions known"
        )
        return 0
    if args.install_key:
        from .sources.classification import install_key

        n = install_key(args.install_key)
        print(
            f"kokka regions: {n} municipalities installed; {len(regions.all_regions())} regions known"
        )
        return 0
    if args.code:
        r = regions.resolve(args.code)
        print(f"{r.code}\t{r.level}\t{r.name_fi} / {r.name_sv} / {r.name_en}")
        for m in regions.members(r.code, "kunta") if r.level != "kunta" else []:
            print(f"  {m.code}\t{m.name_fi}")
        return 0
    for code in regions.home_regions():
        r = regions.get(code)
        indent = {"maakunta": "", "seutukunta": "  ", "kunta": "    "}[r.level]
        print(f"{indent}{r.code}\t{r.name_fi} / {r.name_en}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C must stop a build even when the shell or a parent process started kokka with
        # SIGINT ignored (a child inherits that, and Python then never raises KeyboardInterrupt)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        if args.command == "build":
            return _cmd_build(args)
        if args.command == "fetch":
            return _cmd_fetch(args)
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "template":
            return _cmd_template(args)
        return _cmd_regions(args)
    except KokkaError as exc:
        print(f"kokka {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kokka {args.command}: interrupted; nothing already published was changed.",
              file=sys.stderr)  # fmt: skip
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
