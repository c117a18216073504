"""Accelerator charts: release timeline, ranked efficiency bars, vendor shares.

Pure builders: DataFrame in, plotly Figure out (no Streamlit)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from charts.axes import log_axis
from charts.theme import PALETTE, empty_figure, fit

BAR_PX = 26  # height per bar, so long rankings stay readable
# The theme palette first, then muted qualitative colours: 21 vendors need more than 10.
_SIMILAR = {"rgb(68, 170, 153)", "rgb(221, 204, 119)"}  # too close to theme teal and sand
COLORS = PALETTE + [
    c
    for c in plotly.colors.qualitative.Safe + plotly.colors.qualitative.T10
    if c not in PALETTE and c not in _SIMILAR
]


def color_map(values: Iterable[str]) -> dict[str, str]:
    """A stable colour per value, in the given order (pass the most frequent first), so
    one vendor keeps its colour across charts."""
    ordered = list(dict.fromkeys(values))
    return {v: COLORS[i % len(COLORS)] for i, v in enumerate(ordered)}


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
    log_axis(fig, df[y], axis="y", steps=(1, 3))  # 1-3-10: a decade per two ticks
    fig.update_yaxes(title_text=y_title)
    fig.update_xaxes(title_text="Release date")
    return fit(fig, title, subtitle, plot_px=440, legend=[str(v) for v in df["vendor"].unique()])


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
    fig.update_layout(barmode="overlay")
    vendors = [str(v) for v in data["vendor"].unique()]
    return fit(fig, title, subtitle, plot_px=max(150, BAR_PX * len(order)), legend=vendors)


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
    return fit(fig, title, subtitle, plot_px=max(120, 50 * len(data)))
