"""Check that notebooks in git are clean: outputs stripped and a ``parameters`` cell first.

Run as ``python -m kokka_analysis.publish.stripcheck notebooks`` (part of ``make test``);
``make format`` strips outputs with nbstripout.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


def problems(path: Path) -> list[str]:
    """What is wrong with one notebook file (empty list if nothing)."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # not JSON, not a notebook
        return [f"{path}: cannot be read as a notebook ({exc})"]
    out = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    if not code or "parameters" not in code[0].get("metadata", {}).get("tags", []):
        out.append(f"{path}: the first code cell must be tagged 'parameters'")
    for i, cell in enumerate(code):
        if cell.get("outputs") or cell.get("execution_count") is not None:
            out.append(f"{path}: code cell {i} has outputs; run `make format` (nbstripout)")
            break
    return out


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    folder = Path(args[0] if args else "notebooks")
    found = [p for nb in sorted(folder.glob("*.ipynb")) for p in problems(nb)]
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
