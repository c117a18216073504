"""Charts of the weekly brief: the biggest text-model price moves and the GPU median
moves. DataFrame -> ChartSpec; no Streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import theme
from charts.provenance import Loader
from charts.spec import ChartSpec

TOP_MOVES = 15
CUT, RISE = "#2a9d8f", "#e76f51"


def _bars(labels: list[str], pct: list[float], hover: list[str], x_title: str) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=pct,
            y=labels,
            orientation="h",
            marker_color=[CUT if v < 0 else RISE for v in pct],
            text=[f"{v:+.0f}%" for v in pct],
            textposition="outside",
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title_text=x_title, ticksuffix="%", zeroline=True)
    return fig


def price_moves_spec(load: Loader, moves: pd.DataFrame, period: str) -> ChartSpec:
    """The ``TOP_MOVES`` most important moves (the brief's order: usage share, then size)."""
    top = moves.head(TOP_MOVES).copy()
    top["label"] = top["provider"] + " · " + top["model_id"] + " (" + top["price_type"] + ")"
    hover = [
        f"{r.label}: ${r.old_usd_per_mtok:.4g} → ${r.new_usd_per_mtok:.4g} per 1M tokens, "
        f"{r.last_seen_old:%Y-%m-%d} → {r.first_seen:%Y-%m-%d}"
        for r in top.itertuples()
    ]
    fig = _bars(
        list(top["label"]),
        list(top["pct_change"]),
        hover,
        "Change in USD per 1M tokens (%)",
    )
    n = len(moves)
    title = f"{n} text-model price move{'s' if n != 1 else ''} in {period}"
    if n:
        first = top.iloc[0]
        title += (
            f"; most-used: {first['model_id']} on {first['provider']} {first['pct_change']:+.0f}%"
        )
    sub = "Input/output list prices; routers, fine-tunes and aliases excluded; top by usage share"
    theme.fit(fig, title, sub, plot_px=max(160, 26 * len(top)))
    return ChartSpec.from_data(
        load,
        name="brief-price-moves",
        figure=fig,
        data=top.drop(columns="label"),
        title=title,
        subtitle=sub,
        method="Consecutive observations of one (source, provider, model, price type) on two "
        "different days; % = (new - old) / old.",
        date_col="first_seen",
    )


def gpu_moves_spec(load: Loader, moves: pd.DataFrame, period: str) -> ChartSpec:
    """Median on-demand USD per GPU-hour per GPU, this period vs the one before."""
    hover = [
        f"{r.gpu}: median ${r.old_median:.2f} → ${r.new_median:.2f} per GPU-hour "
        f"over {r.n_providers} providers ({r.providers})"
        for r in moves.itertuples()
    ]
    fig = _bars(list(moves["gpu"]), list(moves["pct_change"]), hover, "Change in median (%)")
    title = f"GPU on-demand medians moved for {len(moves)} GPU(s) in {period}"
    sub = "Median USD per GPU-hour over the providers seen in both periods (same provider set)"
    theme.fit(fig, title, sub, plot_px=max(160, 26 * len(moves)))
    return ChartSpec.from_data(
        load,
        name="brief-gpu-moves",
        figure=fig,
        data=moves,
        title=title,
        subtitle=sub,
        method="Per provider the cheapest on-demand offer at its newest observation in each "
        "period; the period before has the same length.",
    )


def brief_specs(
    load: Loader, price_moves: pd.DataFrame, gpu: pd.DataFrame, period: str
) -> list[ChartSpec]:
    """The brief's charts that have data."""
    out = []
    if len(price_moves):
        out.append(price_moves_spec(load, price_moves, period))
    if len(gpu):
        out.append(gpu_moves_spec(load, gpu, period))
    return out
