"""A chart with everything a memo needs: the figure, the exact plotted data, the
finding, the filter context, the source and the as-of date."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go


@dataclass
class ChartSpec:
    name: str  # slug for file names, unique within a page
    figure: go.Figure
    data: pd.DataFrame  # exactly the plotted data
    title: str  # the finding
    source: str  # "Source: ..." text without the prefix
    as_of: str  # ISO date of the newest observation plotted
    subtitle: str = ""  # filter context
    method: str = ""  # method note for SOURCES.md in a memo pack
    license: str = ""

    def caption(self) -> str:
        return f"Source: {self.source}; as of {self.as_of or 'n/a'}."


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "chart"
