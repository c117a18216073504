"""A chart with everything a memo needs: the figure, the exact plotted data, the
finding, the filter context, the source and the as-of date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

if TYPE_CHECKING:
    from charts.provenance import Loader


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

    @classmethod
    def from_data(
        cls,
        load: Loader,
        *,
        name: str,
        figure: go.Figure,
        data: pd.DataFrame,
        title: str,
        subtitle: str = "",
        method: str = "",
        license: str = "",
        date_col: str = "observed_at",
    ) -> ChartSpec:
        """A spec whose source and as-of come from ``data`` itself: the titles of its
        ``source_id`` rows and the newest ``date_col`` (``charts.provenance.provenance``)."""
        from charts.provenance import provenance  # lazy: keeps spec free of warehouse imports

        source, as_of = provenance(load, data, date_col=date_col)
        return cls(
            name=name,
            figure=figure,
            data=data,
            title=title,
            source=source,
            as_of=as_of,
            subtitle=subtitle,
            method=method,
            license=license,
        )

    def caption(self) -> str:
        return (
            f"Source: {self.source}; as of {self.as_of or 'undated (the source states no date)'}."
        )


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "chart"
