"""Loaders and provenance shared by the app and the batch exporter.

A *loader* runs a query function ``fn(warehouse, **kwargs) -> DataFrame``: in the
app it is the cached ``ui.data.load``; in the CLI it is ``direct_loader(wh)``.
Chart sets (``charts/pages/*.py``) take a loader, so the same code draws a page's
charts in the browser and in the weekly batch export.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import urlparse

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
    if date_col in df.columns:
        dates = pd.to_datetime(df[date_col].replace("", None), errors="coerce", format="mixed")
        if dates.notna().any():  # blank dates (undated curated rows) give no as-of
            as_of = dates.max().date().isoformat()
    return names, as_of


def curated_provenance(load: Loader, df: pd.DataFrame) -> tuple[str, str]:
    """(source text, as-of) for rows of a curated table: the table's title, 'curated
    reference, see citation per row', the cited sites; as-of = newest source_date."""
    names, _ = provenance(load, df)
    sites: list[str] = []
    if "citation" in df.columns:
        for url in df["citation"].dropna():
            host = urlparse(str(url)).netloc.removeprefix("www.")
            if host and host not in sites:
                sites.append(host)
    source = f"{names}, curated reference, see citation per row"
    if sites:
        source += f" ({', '.join(sites[:6])}{', …' if len(sites) > 6 else ''})"
    if "source_date" not in df.columns:
        return source, ""
    dates = [str(d) for d in df["source_date"].dropna() if str(d)]
    return source, max(dates, default="")
