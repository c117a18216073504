"""Accelerator charts: release timeline, ranked efficiency bars, vendor shares.

Pure builders: DataFrame in, plotly Figure out (no Streamlit)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from charts.theme import PALETTE, empty_figure, titled

BAR_PX = 26  # height per bar, so long rankings stay readable
BOTTOM_PX = 70  # x-axis ticks and title
# The theme palette first, then muted qualitative colours: 21 vendors need more than 10.
_SIMILAR = {"rgb(68, 170, 153)", "rgb(221, 204, 119)"}  # too close to theme teal and sand
COLORS = PALETTE + [
    c
    for c in plotly.colors.qualitative.Safe + plotly.colors.qualitative.T10
    if c not in PALETTE and c not in _SIMILAR
]
TITLE_CHARS = 80  # wrap longer titles: the chart may be half the page wide
LEGEND_ROW_PX = 560  # conservative legend width before it wraps to another row


def color_map(values: Iterable[str]) -> dict[str, str]:
    """A stable colour per value, in the given order (pass the most frequent first), so
    one vendor keeps its colour across charts."""
    ordered = list(dict.fromkeys(values))
    return {v: COLORS[i % len(COLORS)] for i, v in enumerate(ordered)}


def header(
    fig: go.Figure,
    title: str,
    subtitle: str = "",
    legend: Sequence[str] = (),
    force_legend: bool = False,
) -> int:
    """Title (wrapped), subtitle and a horizontal legend above the plot without overlap.

    The legend shows with two or more entries (or one, with ``force_legend``). Returns the
    top margin in px it reserved; add it to the figure height."""
    title_html = "<br>".join(textwrap.wrap(title, TITLE_CHARS)) or title
    sub_html = "<br>".join(textwrap.wrap(subtitle, int(TITLE_CHARS * 1.4)))
    item_px = sum(40 + 6 * len(str(name)) for name in legend)
    rows = math.ceil(item_px / LEGEND_ROW_PX) if len(legend) > 1 or (legend and force_legend) else 0
    top = (
        24
        + 24 * (title_html.count("<br>") + 1)
        + 18 * (sub_html.count("<br>") + 1 if subtitle else 0)
        + 24 * rows
        + 12
    )
    titled(fig, title_html, sub_html)
    fig.update_layout(
        title=dict(yref="container", y=1, yanchor="top", pad=dict(t=14)),
        margin=dict(t=top, b=BOTTOM_PX),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left"),
        showlegend=rows > 0,
    )
    return top


def timeline(
    df: pd.DataFrame,
    *,
    y: str = "bf16_tflops",
    y_title: str = "Dense BF16 TFLOP/s (log scale)",
    title: str,
    subtitle: str = "",
    colors: Mapping[str, str] | None = None,
) -> go.Figure:
    """Release date (x) vs throughput (y, log scale), one trace per vendor."""
    if df.empty:
        return empty_figure("No accelerators with a release date and this figure")
    colors = colors or color_map(df["vendor"])
    fig = go.Figure()
    for vendor, part in df.groupby("vendor", sort=True):
        fig.add_trace(
            go.Scatter(
                x=part["release_date"],
                y=part[y],
                mode="markers",
                name=str(vendor),
                marker=dict(size=10, color=colors.get(vendor), line=dict(width=0.5, color="#fff")),
                customdata=part[["name", "kind"]],
                hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>"
                "Released %{x|%Y-%m-%d}<br>%{y:,.1f} TFLOP/s<extra>" + str(vendor) + "</extra>",
            )
        )
    ticks = log_ticks(df[y])
    fig.update_yaxes(
        type="log", title_text=y_title, tickvals=ticks, ticktext=[f"{t:,g}" for t in ticks]
    )
    fig.update_xaxes(title_text="Release date")
    top = header(fig, title, subtitle, legend=[str(v) for v in df["vendor"].unique()])
    fig.update_layout(height=440 + top + BOTTOM_PX)
    return fig


def log_ticks(values: pd.Series) -> list[float]:
    """1-3-10 ticks from the last tick at or below the smallest positive value to the
    first tick at or above the largest, for a readable log axis."""
    positive = values[values > 0]
    if positive.empty:
        return []
    low, high = float(positive.min()), float(positive.max())
    exponents = range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
    ticks = [m * 10.0**k for k in exponents for m in (1, 3)]
    start = max(t for t in ticks if t <= low)
    stop = min(t for t in ticks if t >= high)
    return [t for t in ticks if start <= t <= stop]


def ranked_bars(
    df: pd.DataFrame,
    *,
    value: str,
    x_title: str,
    title: str,
    subtitle: str = "",
    label: str = "name",
    hover: Mapping[str, str] | None = None,
    colors: Mapping[str, str] | None = None,
) -> go.Figure:
    """Horizontal bars of ``value`` per ``label``, largest on top, coloured by vendor.

    ``hover`` maps extra column -> hover label (e.g. {"price_usd": "Release price, USD"}).
    """
    if df.empty:
        return empty_figure("No accelerators with both figures for this selection")
    data = df.sort_values(value, ascending=False)
    order = list(data[label])
    colors = colors or color_map(data["vendor"])
    hover = dict(hover or {})
    lines = "".join(f"<br>{name}: %{{customdata[{i}]}}" for i, name in enumerate(hover.values()))
    fig = go.Figure()
    for vendor, part in data.groupby("vendor", sort=True):
        fig.add_trace(
            go.Bar(
                x=part[value],
                y=part[label],
                orientation="h",
                name=str(vendor),
                marker_color=colors.get(vendor),
                customdata=part[list(hover)] if hover else None,
                hovertemplate="<b>%{y}</b><br>"
                + x_title
                + ": %{x:,.2f}"
                + lines
                + "<extra>"
                + str(vendor)
                + "</extra>",
            )
        )
    fig.update_yaxes(
        categoryorder="array", categoryarray=order[::-1], title_text="", automargin=True
    )
    fig.update_xaxes(title_text=x_title)
    top = header(fig, title, subtitle, legend=[str(v) for v in data["vendor"].unique()])
    fig.update_layout(height=max(150, BAR_PX * len(order)) + top + BOTTOM_PX, barmode="overlay")
    return fig


def share_bars(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Published shares (%, 0-100) per company of one basis/period/definition group."""
    if df.empty:
        return empty_figure("No published shares for this selection")
    data = df.sort_values("share_pct", ascending=False)
    fig = go.Figure(
        go.Bar(
            x=data["share_pct"],
            y=data["company"],
            orientation="h",
            marker_color=PALETTE[0],
            text=[f"{v:g}%" for v in data["share_pct"]],
            textposition="outside",
            customdata=data[["source_kind", "citation"]],
            hovertemplate="<b>%{y}</b>: %{x:g}%<br>%{customdata[0]} source: %{customdata[1]}"
            "<extra></extra>",
        )
    )
    fig.update_xaxes(range=[0, 105], title_text="Share, % (as published)")
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(data["company"])[::-1],
        title_text="",
        automargin=True,
    )
    top = header(fig, title, subtitle)
    fig.update_layout(height=max(120, 50 * len(data)) + top + BOTTOM_PX)
    return fig
