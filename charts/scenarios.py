"""Value-flow charts: a Sankey of where app spend goes, $ by layer for two scenarios side by
side, and $ by layer over a horizon of years.

Pure builders: DataFrame in, plotly Figure out (no Streamlit)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import PALETTE, empty_figure, fit

USD_AXIS = "USD billions per year"
TOTAL = "Inference spend"  # drawn dashed in spend_path
# One colour per layer of the value-flow graph (node names from market.scenarios).
LAYER_COLORS = {
    "End users": "#9aa5b1",
    TOTAL: "#222222",
    "AI apps": PALETTE[0],
    "Edge devices": PALETTE[5],
    "Vertically integrated (in-house)": PALETTE[4],
    "Model APIs": PALETTE[1],
    "Inference providers": PALETTE[2],
    "Clouds": PALETTE[7],
    "Energy & facilities": PALETTE[6],
    "Nvidia": "#76b900",
    "AMD": PALETTE[3],
    "Custom ASICs": PALETTE[8],
}


def _color(name: str) -> str:
    return LAYER_COLORS.get(name, PALETTE[9])


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def sankey(edges: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Flows (``source``, ``target``, ``usd_b``) as a Sankey; links take the source's colour.
    Zero flows are left out."""
    data = edges[edges["usd_b"] > 0]
    if data.empty:
        return empty_figure("No money flows in this scenario")
    nodes = list(dict.fromkeys([*data["source"], *data["target"]]))
    index = {n: i for i, n in enumerate(nodes)}
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.2f",
            valuesuffix=" $B/yr",
            node=dict(
                label=nodes,
                color=[_color(n) for n in nodes],
                pad=18,
                thickness=16,
                line=dict(width=0),
            ),
            link=dict(
                source=[index[s] for s in data["source"]],
                target=[index[t] for t in data["target"]],
                value=list(data["usd_b"]),
                color=[_rgba(_color(s), 0.35) for s in data["source"]],
            ),
        )
    )
    fig.update_layout(margin=dict(l=10, r=10))
    return fit(fig, title, subtitle, plot_px=460, bottom=20)


def layer_bars(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """$B/yr kept by each layer (``layer``, ``scenario``, ``usd_b``), one bar per scenario."""
    if df.empty:
        return empty_figure("No layers to compare")
    order = list(dict.fromkeys(df["layer"]))
    fig = go.Figure()
    # Horizontal grouped bars put the first trace at the bottom: add the scenarios in
    # reverse so A sits above B in each group; the legend order is reversed to match.
    parts = list(df.groupby("scenario", sort=False))
    for i, (name, part) in reversed(list(enumerate(parts))):
        fig.add_trace(
            go.Bar(
                x=part["usd_b"],
                y=part["layer"],
                orientation="h",
                name=str(name),
                marker_color=(PALETTE[0], PALETTE[1])[i % 2],
                text=[f"{v:,.2f}" for v in part["usd_b"]],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="<b>%{y}</b>: $%{x:,.3f}B/yr<extra>" + str(name) + "</extra>",
            )
        )
    fig.update_xaxes(title_text=USD_AXIS, tickprefix="$")
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], automargin=True)
    names = [str(n) for n in dict.fromkeys(df["scenario"])]
    fig.update_layout(barmode="group", legend_traceorder="reversed")
    plot_px = max(200, 18 * len(order) * len(names) + 20 * len(order))
    return fit(fig, title, subtitle, plot_px=plot_px, legend=names, force_legend=True)


def spend_path(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """$B/yr kept by each layer (``year``, ``layer``, ``usd_b``) over the horizon, one line
    per layer."""
    if df.empty:
        return empty_figure("No horizon to show")
    fig = go.Figure()
    for layer, part in df.groupby("layer", sort=False):
        fig.add_trace(
            go.Scatter(
                x=part["year"],
                y=part["usd_b"],
                mode="lines+markers",
                name=str(layer),
                line=dict(
                    color=_color(str(layer)),
                    width=2,
                    dash="dash" if layer == TOTAL else "solid",
                ),
                hovertemplate="Year %{x}: $%{y:,.3f}B/yr<extra>" + str(layer) + "</extra>",
            )
        )
    fig.update_xaxes(title_text="Years from base", dtick=1)
    fig.update_yaxes(title_text=USD_AXIS, tickprefix="$", rangemode="tozero")
    layers = [str(v) for v in dict.fromkeys(df["layer"])]
    return fit(fig, title, subtitle, plot_px=420, legend=layers)
