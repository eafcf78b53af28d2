"""Plotly figure builders with one theme; every chart has a title, axis titles with units,
a source line and reads in Finnish or English by ``lang``.

One module per topic (``situation``, ``foresight``, ``retention``, ``survey``) on a shared base
(``_base``: theme, palette, :func:`finish`, :func:`source_text`); every public ``plot_*`` is
re-exported here, so notebooks call ``ka.plots.plot_retention_rates(...)``.

Figures are shown in notebooks as plotly's own mime type (``plotly_mimetype``): JupyterLab draws
them with its plotly extension, and the publisher turns them into offline HTML.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"year": [2020, 2021], "persons": [100, 98]})
>>> fig = plot_population_trend(df, region_name="Kotka", lang="en")
>>> fig.layout.title.text.startswith("Population")
True
"""

from __future__ import annotations

from . import employers, foresight, network, retention, situation, survey
from ._base import LIKERT_COLOURS, PALETTE, finish, source_text
from .employers import *  # noqa: F403
from .foresight import *  # noqa: F403
from .network import *  # noqa: F403
from .retention import *  # noqa: F403
from .situation import *  # noqa: F403
from .survey import *  # noqa: F403

__all__ = [
    "LIKERT_COLOURS",
    "PALETTE",
    "finish",
    "source_text",
    *employers.__all__,
    *foresight.__all__,
    *network.__all__,
    *retention.__all__,
    *situation.__all__,
    *survey.__all__,
]
