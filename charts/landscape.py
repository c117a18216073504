"""Landscape charts: the market map by segment, price coverage per segment, and one
GPU's rental price across providers.

Pure builders: DataFrame in, plotly Figure out (no Streamlit)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import PALETTE, SEGMENT_COLORS, SEGMENT_LABELS, empty_figure, finish, fit

ROOT = "Inference market"
MUTED = "#b8c2cc"


def segment_label(segment: str) -> str:
    return SEGMENT_LABELS.get(segment, segment)


def segment_treemap(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Companies (one tile each) inside their segment. A company in two segments gets a
    tile in each. Hover shows the subsegment, HQ country and price coverage."""
    if df.empty:
        return empty_figure("No companies in the curated map for this selection")
    segs = [s for s in SEGMENT_LABELS if s in set(df["segment"])]
    segs += sorted(set(df["segment"]) - set(segs))
    counts = df.groupby("segment")["company"].count()
    ids = [ROOT] + segs + [f"{s}/{c}" for s, c in zip(df["segment"], df["company"], strict=True)]
    short = [c.split(" (")[0] for c in df["company"]]  # the parenthesis is in the hover
    labels = [ROOT] + [segment_label(s) for s in segs] + short
    parents = [""] + [ROOT] * len(segs) + list(df["segment"])
    values = [len(df)] + [int(counts[s]) for s in segs] + [1] * len(df)
    colors = (
        ["#ffffff"]
        + [SEGMENT_COLORS.get(s, MUTED) for s in segs]
        + [SEGMENT_COLORS.get(s, MUTED) for s in df["segment"]]
    )
    hover = ["", *[f"{int(counts[s])} companies" for s in segs]] + [
        _company_hover(r) for r in df.itertuples()
    ]
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker=dict(colors=colors, line=dict(color="#fff", width=1)),
            customdata=hover,
            hovertemplate="<b>%{label}</b><br>%{customdata}<extra></extra>",
            textfont=dict(size=13),
            tiling=dict(pad=2),
            pathbar=dict(visible=True),
            maxdepth=3,
        )
    )
    fig.update_layout(margin=dict(l=10, r=10))
    return fit(fig, title, subtitle, plot_px=530, bottom=10)


def _company_hover(row: object) -> str:
    parts = [
        "<b>" + str(getattr(row, "company", "")) + "</b>",
        str(getattr(row, "subsegment", "") or ""),
    ]
    hq = getattr(row, "hq_country", "") or ""
    if hq:
        parts.append(f"HQ: {hq}")
    tracked = getattr(row, "tracked_as", "") or ""
    parts.append(f"Prices tracked as: {tracked}" if tracked else "No prices in the warehouse")
    return "<br>".join(p for p in parts if p)


def coverage_bars(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Per segment, companies of the curated map with and without prices in the
    warehouse (stacked horizontal bars); segments whose companies sell no priced
    tokens or GPU-hours are shown as 'not price-tracked'."""
    if df.empty:
        return empty_figure("No segments")
    data = df.assign(label=df["segment"].map(segment_label)).iloc[::-1]
    applies = data["price_tables"] != ""
    without = (data["n_companies"] - data["n_with_prices"]).where(applies, 0)
    na = data["n_companies"].where(~applies, 0)
    fig = go.Figure()
    for name, values, color in (
        ("With prices in the warehouse", data["n_with_prices"], PALETTE[0]),
        ("No prices yet", without, PALETTE[6]),
        ("Not price-tracked (sells chips)", na, MUTED),
    ):
        fig.add_trace(
            go.Bar(
                y=data["label"],
                x=values,
                name=name,
                orientation="h",
                marker_color=color,
                hovertemplate="%{y}: %{x} companies<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(title_text="Companies in the curated map (count)", dtick=5)
    fig.update_yaxes(automargin=True)
    return finish(fig, title, subtitle, 360)


def gpu_price_bars(
    df: pd.DataFrame, *, median: float, gpu_label: str, title: str, subtitle: str = ""
) -> go.Figure:
    """Each provider's latest price for one GPU (horizontal bars, cheapest at the top)
    with the median across providers as a dotted line."""
    if df.empty:
        return empty_figure(f"No {gpu_label} prices in the window")
    data = df.sort_values("usd_per_gpu_hour", ascending=False)
    fig = go.Figure(
        go.Bar(
            y=data["provider"],
            x=data["usd_per_gpu_hour"],
            orientation="h",
            marker_color=PALETTE[7],
            name=gpu_label,
            customdata=data[["observed_at", "source_id"]],
            hovertemplate="%{y}: $%{x:,.2f} per GPU-hour<br>observed %{customdata[0]|%Y-%m-%d} "
            "(%{customdata[1]})<extra></extra>",
        )
    )
    fig.add_vline(
        x=median,
        line=dict(color=PALETTE[1], dash="dot", width=2),
        annotation_text=f"median ${median:,.2f}",
        annotation_position="top right",
    )
    fig.update_xaxes(title_text="USD per GPU-hour", tickprefix="$")
    fig.update_yaxes(automargin=True)
    fig.update_layout(showlegend=False)
    return fit(fig, title, subtitle, plot_px=20 * len(data))
