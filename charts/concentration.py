"""Concentration charts: HHI against guideline bands, shares with the unlisted remainder,
merger price effects and before/after what-ifs.

Pure builders: DataFrame in, plotly Figure out (no Streamlit)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.theme import PALETTE, empty_figure, fit

HHI_AXIS = "HHI (points, 0–10,000)"
SHARE_AXIS = "Share of the market (%)"
BAND_COLORS = ("#e8f3ec", "#fdf3dc", "#f9e0dc")  # unconcentrated, moderate, high
OTHER_COLOR = "#b9bec4"
BAR_PX = 30
#: A band: (from HHI, to HHI, label).
Band = tuple[float, float, str]


def _bands(fig: go.Figure, bands: Sequence[Band]) -> str:
    """Shade each band and draw its thresholds (one layout update: add_vrect per shape is
    ~10x slower); returns the key to the shading for the subtitle."""
    shapes = []
    for i, (lo, hi, _) in enumerate(bands):
        shapes.append(
            dict(type="rect", xref="x", yref="paper", x0=lo, x1=hi, y0=0, y1=1, line_width=0,
                 fillcolor=BAND_COLORS[min(i, 2)], layer="below")
        )  # fmt: skip
        if lo > 0:
            shapes.append(
                dict(type="line", xref="x", yref="paper", x0=lo, x1=lo, y0=0, y1=1,
                     line=dict(color="#666", width=1, dash="dot"), layer="below")
            )  # fmt: skip
    fig.update_layout(shapes=shapes)
    names = ("green", "yellow", "red")
    return "Shading: " + " · ".join(
        f"{label} {lo:,.0f}–{hi:,.0f} ({names[min(i, 2)]})"
        for i, (lo, hi, label) in enumerate(bands)
    )


def _ticks(bands: Sequence[Band], right: float) -> list[float]:
    """Round ticks plus every threshold, dropping round ticks too close to a threshold."""
    step = 500 if right <= 3000 else 1000 if right <= 6000 else 2000
    thresholds = [lo for lo, _, _ in bands if 0 < lo < right]
    round_ticks = [
        float(x)
        for x in range(0, int(right) + 1, step)
        if all(abs(x - t) > 0.06 * right for t in thresholds)
    ]
    return sorted({*round_ticks, *thresholds})


def hhi_bands(
    df: pd.DataFrame,
    *,
    bands: Sequence[Band],
    title: str,
    subtitle: str = "",
    color_by: str | None = None,
    x_max: float | None = None,
) -> go.Figure:
    """Horizontal HHI bars (``label``, ``hhi``) over the shaded guideline ``bands``.

    ``color_by`` names a column whose values get one colour each (e.g. basis); the x axis
    runs to ``x_max`` (default: just past the largest bar or the top threshold)."""
    if df.empty:
        return empty_figure("No market with shares to measure")
    data = df.reset_index(drop=True)
    keys = data[color_by].astype(str) if color_by else pd.Series(["HHI"] * len(data))
    palette = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(dict.fromkeys(keys))}
    fig = go.Figure()
    for key in palette:
        part = data[keys == key]
        fig.add_trace(
            go.Bar(
                x=part["hhi"], y=part["label"], orientation="h", name=key,
                marker_color=palette[key], text=[f"{v:,.0f}" for v in part["hhi"]],
                textposition="outside", cliponaxis=False,
                hovertemplate="<b>%{y}</b><br>HHI %{x:,.0f}<extra></extra>",
            )
        )  # fmt: skip
    top_threshold = max((lo for lo, _, _ in bands), default=0.0)
    right = x_max or min(10_000.0, max(float(data["hhi"].max()) * 1.15, top_threshold * 1.35))
    key = _bands(fig, bands)
    fig.update_xaxes(
        range=[0, right], title_text=HHI_AXIS, tickformat=",", tickvals=_ticks(bands, right)
    )
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(data["label"])[::-1], automargin=True
    )
    fig.update_layout(barmode="group")
    return fit(
        fig,
        title,
        f"{subtitle} · {key}" if subtitle else key,
        plot_px=max(110, BAR_PX * len(data)),
        legend=list(palette) if color_by else [],
    )


def share_bars(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Shares (``company``, ``share_pct``) largest first; a row with ``kind`` "other" (the
    unlisted remainder) is drawn grey and last."""
    if df.empty:
        return empty_figure("No shares for this selection")
    kind = df["kind"] if "kind" in df else pd.Series(["listed"] * len(df), index=df.index)
    listed = df[kind != "other"].sort_values("share_pct", ascending=False)
    data = pd.concat([listed, df[kind == "other"]])
    colors = [OTHER_COLOR if k == "other" else PALETTE[0] for k in kind.loc[data.index]]
    fig = go.Figure(
        go.Bar(
            x=data["share_pct"], y=data["company"], orientation="h", marker_color=colors,
            text=[f"{v:.3g}%" for v in data["share_pct"]], textposition="outside",
            cliponaxis=False, hovertemplate="<b>%{y}</b>: %{x:.4g}%<extra></extra>",
        )
    )  # fmt: skip
    fig.update_xaxes(range=[0, min(100.0, float(data["share_pct"].max()) * 1.2 + 2)])
    fig.update_xaxes(title_text=SHARE_AXIS)
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(data["company"])[::-1], automargin=True
    )
    return fit(fig, title, subtitle, plot_px=max(120, 24 * len(data)))


def price_effects(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Post-merger % price change per product (``product``, ``price_change_pct``,
    ``merging`` bool): merging firms' products in one colour, rivals in another."""
    if df.empty:
        return empty_figure("No merger simulated")
    data = df.sort_values("price_change_pct", ascending=False)
    fig = go.Figure()
    for merging, name, color in (
        (True, "Merging firms", PALETTE[1]),
        (False, "Rivals", PALETTE[0]),
    ):
        part = data[data["merging"] == merging]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["price_change_pct"], y=part["product"], orientation="h", name=name,
                marker_color=color, text=[f"{v:+.2f}%" for v in part["price_change_pct"]],
                textposition="outside", cliponaxis=False,
                hovertemplate="<b>%{y}</b>: %{x:+.3f}%<extra>" + name + "</extra>",
            )
        )  # fmt: skip
    lo, hi = float(data["price_change_pct"].min()), float(data["price_change_pct"].max())
    pad = 0.18 * max(abs(lo), abs(hi), 1e-6)  # room for the value labels
    fig.update_xaxes(
        title_text="Post-merger price change (%)",
        ticksuffix="%",
        range=[min(0.0, lo) - (pad if lo < 0 else 0.0), max(0.0, hi) + pad],
    )
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(data["product"])[::-1], automargin=True
    )
    fig.update_layout(barmode="overlay")
    legend = ["Merging firms", "Rivals"]
    return fit(fig, title, subtitle, plot_px=max(120, 24 * len(data)), legend=legend)


def before_after(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Grouped bars of each firm's share before and after a what-if (``company``,
    ``before_pct``, ``after_pct``; NaN = not in the market at that time)."""
    if df.empty:
        return empty_figure("No what-if to show")
    data = df.sort_values("after_pct", ascending=False, na_position="last")
    fig = go.Figure()
    # Horizontal grouped bars put the first trace at the bottom: add After first so each
    # group reads Before (top) then After; the legend order is reversed to match.
    for col, name, color in (
        ("after_pct", "After", PALETTE[0]),
        ("before_pct", "Before", OTHER_COLOR),
    ):
        fig.add_trace(
            go.Bar(
                x=data[col], y=data["company"], orientation="h", name=name, marker_color=color,
                hovertemplate="<b>%{y}</b>: %{x:.4g}%<extra>" + name + "</extra>",
            )
        )  # fmt: skip
    fig.update_xaxes(title_text=SHARE_AXIS)
    fig.update_yaxes(
        categoryorder="array", categoryarray=list(data["company"])[::-1], automargin=True
    )
    fig.update_layout(barmode="group", legend_traceorder="reversed")
    plot_px = max(140, 34 * len(data))
    return fit(fig, title, subtitle, plot_px=plot_px, legend=["Before", "After"])
