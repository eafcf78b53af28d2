"""Small parameterised notebooks for build tests (tests only)."""

from __future__ import annotations

from pathlib import Path

import nbformat

#: The parameters cell of a minimal notebook: what every build passes.
PARAMETERS = 'region: str = "MK08"  # region\nlang: str = "fi"  # language'


def write_notebook(folder: Path, name: str, body: str, parameters: str = PARAMETERS) -> None:
    """``folder/name.ipynb``: a tagged ``parameters`` cell, then ``body``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body),
    ]
    nbformat.write(nb, Path(folder) / f"{name}.ipynb")
