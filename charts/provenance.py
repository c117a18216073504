"""Loaders and provenance shared by the app and the batch exporter.

A *loader* runs a query function ``fn(warehouse, **kwargs) -> DataFrame``: in the
app it is the cached ``ui.data.load``; in the CLI it is ``direct_loader(wh)``.
Chart sets (``charts/pages/*.py``) take a loader, so the same code draws a page's
charts in the browser and in the weekly batch export.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import pandas as pd

from warehouse.connection import Warehouse


class Loader(Protocol):
    def __call__(self, fn: Callable[..., pd.DataFrame], **kwargs: Any) -> pd.DataFrame: ...


def direct_loader(wh: Warehouse) -> Loader:
    """A loader without caching (CLI, tests)."""

    def load(fn: Callable[..., pd.DataFrame], **kwargs: Any) -> pd.DataFrame:
        return fn(wh, **kwargs)

    return load


def provenance(load: Loader, df: pd.DataFrame, date_col: str = "observed_at") -> tuple[str, str]:
    """(source titles joined by '; ', ISO as-of date) for the rows of ``df``.

    Needs a ``source_id`` column (falls back to the warehouse in general) and a date
    column for the as-of date (the newest observation plotted)."""
    from warehouse.queries import meta

    titles_df = load(meta.sources)
    titles = dict(zip(titles_df["source_id"], titles_df["title"], strict=False))
    ids: list[str] = []
    if "source_id" in df.columns:
        for value in df["source_id"].dropna().unique():
            ids.extend(str(value).split(","))
    names = "; ".join(titles.get(i, i) for i in sorted(set(ids))) or "Inference Atlas warehouse"
    as_of = ""
    if date_col in df.columns and df[date_col].notna().any():
        as_of = pd.to_datetime(df[date_col]).max().date().isoformat()
    return names, as_of
