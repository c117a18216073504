"""API price charts: one model across providers, price vs speed with its Pareto frontier,
price history, biggest price moves and the price of intelligence.

Pure builders: DataFrame in, plotly Figure out (no Streamlit). Prices are USD per 1M
tokens; the blended price is 0.75 x input + 0.25 x output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.theme import PALETTE, empty_figure, finish, fit

USD_MTOK = "USD per 1M tokens"
BLENDED_LABEL = "Blended 3:1"
BAR_PX = 22  # height per bar
PRICE_SERIES = (  # column, legend label, colour
    ("blended_usd_per_mtok", BLENDED_LABEL, PALETTE[0]),
    ("input_usd_per_mtok", "Input", PALETTE[2]),
    ("output_usd_per_mtok", "Output", PALETTE[1]),
)
CUT_COLOR, RISE_COLOR, MUTED = PALETTE[2], PALETTE[3], "#b8c2cc"
ONE_LINE = None  # title_chars: API-price titles stay on one line, as they always have


def provider_bars(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """One row per provider, cheapest blended price at the top: the blended price as a
    bar, input and output prices as markers on the same row."""
    if df.empty:
        return empty_figure("No provider lists this model")
    data = df.sort_values("blended_usd_per_mtok", ascending=False, na_position="first")
    fig = go.Figure()
    for col, label, color in PRICE_SERIES:
        hover = "%{y}: $%{x:,.3f} per 1M tokens<extra>" + label + "</extra>"
        if col == "blended_usd_per_mtok":
            trace = go.Bar(
                y=data["provider"],
                x=data[col],
                name=label,
                orientation="h",
                marker_color=color,
                opacity=0.85,
                hovertemplate=hover,
            )
        else:
            symbol = "diamond" if label == "Input" else "circle"
            trace = go.Scatter(
                y=data["provider"],
                x=data[col],
                name=label,
                mode="markers",
                marker=dict(color=color, size=10, symbol=symbol, line=dict(width=1, color="#fff")),
                hovertemplate=hover,
            )
        fig.add_trace(trace)
    fig.update_layout(bargap=0.35)
    fig.update_xaxes(title_text=USD_MTOK, tickprefix="$", rangemode="tozero")
    fig.update_yaxes(title_text="Provider", automargin=True)
    return finish(fig, title, subtitle, 170 + BAR_PX * len(data), title_chars=ONE_LINE)


def price_speed(
    df: pd.DataFrame, *, title: str, subtitle: str = "", label_frontier: bool = True
) -> go.Figure:
    """Blended price (x, log) vs median output speed (y); ``pareto`` rows are drawn as
    the frontier (a step line: nothing is both cheaper and faster than it)."""
    if df.empty:
        return empty_figure("No endpoint has both a price and a measured speed")
    label = df["provider"] + " · " + df["model_id"]
    hover = (
        "<b>%{customdata}</b><br>$%{x:,.3f} per 1M tokens (blended)<br>"
        "%{y:,.0f} tokens/s (median p50)<extra></extra>"
    )
    rest, front = df[~df["pareto"]], df[df["pareto"]].sort_values("blended_usd_per_mtok")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=rest["blended_usd_per_mtok"],
            y=rest["output_tps"],
            mode="markers",
            name="Other endpoints",
            customdata=label[rest.index],
            hovertemplate=hover,
            marker=dict(size=7, color=MUTED, line=dict(width=0.5, color="#fff")),
        )
    )
    show_text = label_frontier and len(front) <= 12
    fig.add_trace(
        go.Scatter(
            x=front["blended_usd_per_mtok"],
            y=front["output_tps"],
            mode="lines+markers+text" if show_text else "lines+markers",
            name="Pareto frontier (cheapest for its speed)",
            customdata=label[front.index],
            text=front["provider"] if show_text else None,
            textposition="top left",
            textfont=dict(size=11),
            line=dict(shape="hv", color=PALETTE[1], width=2),
            marker=dict(size=10, color=PALETTE[1]),
            hovertemplate=hover,
        )
    )
    prices = df["blended_usd_per_mtok"]
    wide = prices.max() / prices.min() > 30  # over 1.5 decades: label powers of 10 only
    fig.update_xaxes(
        type="log",
        dtick=1 if wide else None,
        title_text=f"Blended price, {USD_MTOK} (log scale)",
        tickprefix="$",
    )
    fig.update_yaxes(title_text="Output speed, tokens/s (median of p50)", rangemode="tozero")
    return finish(fig, title, subtitle, 540, title_chars=ONE_LINE)


def price_history(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Blended price over time: a line per provider (per model x provider when the frame
    holds several models) observed on two or more days; listings seen on one day only
    share one grey marker trace, so the legend stays short."""
    if df.empty:
        return empty_figure("No price history for this selection")
    several = df["model_id"].nunique() > 1
    label = (df["model_id"] + " · " + df["provider"]) if several else df["provider"]
    days = df.groupby(["model_id", "provider"])["observed_at"].transform("nunique")
    fig = go.Figure()
    for i, (name, part) in enumerate(df[days > 1].groupby(label[days > 1], sort=True)):
        hover = "%{x|%Y-%m-%d}: $%{y:,.3f} per 1M tokens<extra>" + str(name) + "</extra>"
        fig.add_trace(
            go.Scatter(
                x=part["observed_at"],
                y=part["blended_usd_per_mtok"],
                mode="lines+markers",
                name=str(name),
                line=dict(color=PALETTE[i % len(PALETTE)], width=2),
                marker=dict(size=8),
                hovertemplate=hover,
            )
        )
    once = df[days == 1]
    if not once.empty:
        fig.add_trace(
            go.Scatter(
                x=once["observed_at"],
                y=once["blended_usd_per_mtok"],
                mode="markers",
                name=f"Observed on one day ({len(once)})",
                customdata=label[days == 1],
                marker=dict(size=8, color=MUTED, line=dict(width=0.5, color="#fff")),
                hovertemplate="%{customdata}<br>%{x|%Y-%m-%d}: $%{y:,.3f} per 1M tokens"
                "<extra></extra>",
            )
        )
    fig.update_yaxes(title_text=f"Blended price, {USD_MTOK}", tickprefix="$", rangemode="tozero")
    fig.update_xaxes(title_text="Observed on")
    fig.update_layout(legend=dict(orientation="v", x=1.02, y=1, yanchor="top", font=dict(size=11)))
    legend_px = 24 * len(fig.data)  # the legend is beside the plot
    return fit(fig, title, subtitle, plot_px=max(340, legend_px), title_chars=ONE_LINE)


def change_dots(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Biggest price moves as new / previous price on a log axis (1 = unchanged, 0.5 =
    halved, 2 = doubled), a line from 1 to each dot; cuts and rises in two colours."""
    if df.empty:
        return empty_figure("No price changes for this selection")
    data = df.assign(
        ratio=df["new_usd_per_mtok"] / df["old_usd_per_mtok"],
        label=df["provider"] + " · " + df["model_id"] + " (" + df["price_type"] + ")",
    ).iloc[::-1]
    fig = go.Figure()
    for name, part, color in (
        ("Price cut", data[data["ratio"] < 1], CUT_COLOR),
        ("Price rise", data[data["ratio"] > 1], RISE_COLOR),
    ):
        if part.empty:
            continue
        stems_x = np.column_stack([np.ones(len(part)), part["ratio"], np.full(len(part), None)])
        stems_y = np.column_stack([part["label"], part["label"], np.full(len(part), None)])
        fig.add_trace(
            go.Scatter(
                x=stems_x.ravel(),
                y=stems_y.ravel(),
                mode="lines",
                line=dict(color=color, width=2),
                showlegend=False,
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=part["ratio"],
                y=part["label"],
                mode="markers",
                name=name,
                marker=dict(size=10, color=color),
                customdata=part[["old_usd_per_mtok", "new_usd_per_mtok", "pct_change"]],
                hovertemplate="<b>%{y}</b><br>$%{customdata[0]:,.4g} → $%{customdata[1]:,.4g} "
                "per 1M tokens (%{customdata[2]:+,.1f}%)<extra></extra>",
            )
        )
    fig.add_vline(x=1, line=dict(color="#888", dash="dot", width=1))
    fig.update_xaxes(
        type="log", dtick=1, title_text="New price ÷ previous price (log scale; 1 = unchanged)"
    )
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=list(data["label"]))
    return finish(fig, title, subtitle, 170 + BAR_PX * len(data), title_chars=ONE_LINE)


def price_of_intelligence(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Per period: every qualifying model's cheapest price (grey dots) and the cheapest
    of them (line, labelled with the model). ``role`` is 'cheapest' or 'other'."""
    if df.empty:
        return empty_figure("No model meets the threshold in any period with prices")
    other, best = df[df["role"] == "other"], df[df["role"] == "cheapest"]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=other["period"],
            y=other["blended_usd_per_mtok"],
            mode="markers",
            name="Other qualifying models",
            marker=dict(size=7, color=MUTED),
            customdata=other[["model_id", "provider", "aa_intelligence_index"]],
            hovertemplate="%{customdata[0]} at %{customdata[1]} (index %{customdata[2]:.1f})<br>"
            "$%{y:,.3f} per 1M tokens<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=best["period"],
            y=best["blended_usd_per_mtok"],
            mode="lines+markers+text",
            name="Cheapest qualifying model",
            text=best["model_id"],
            textposition="bottom center",
            line=dict(color=PALETTE[1], width=3),
            marker=dict(size=11, color=PALETTE[1]),
            customdata=best[["model_id", "provider", "aa_intelligence_index"]],
            hovertemplate="<b>%{customdata[0]}</b> at %{customdata[1]} (index "
            "%{customdata[2]:.1f})<br>$%{y:,.3f} per 1M tokens<extra></extra>",
        )
    )
    fig.update_yaxes(
        type="log", dtick=1, title_text=f"Blended price, {USD_MTOK} (log scale)", tickprefix="$"
    )
    pad = pd.Timedelta(days=12)
    fig.update_xaxes(
        title_text="Month",
        tickformat="%b %Y",
        dtick="M1",
        range=[df["period"].min() - pad, df["period"].max() + pad],
    )
    return finish(fig, title, subtitle, 500, title_chars=ONE_LINE)
