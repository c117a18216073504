"""Unit-economics charts: cost per 1M tokens per accelerator, cost bands beside provider
list prices, and cost sensitivity to utilization and the GPU-hour price.

Pure builders (DataFrame in, plotly Figure out, no Streamlit) and the functions that shape
the plotted data from the per-accelerator results of ``market.accelerators``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.theme import PALETTE, empty_figure, fit, money
from market import tco

BASIS_COLORS = {"rented": PALETTE[0], "owned": PALETTE[1]}
BASIS_NAMES = {  # hover and trace names
    "rented": "Rented (on-demand USD per GPU-hour)",
    "owned": "Owned (capex + power + opex per hour)",
}
BAR_PX = 34
COUNTS_TEXT = {"not stated": "tokens counted: not stated"}  # else "<counts> tokens"


def cost_bars(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Horizontal bars of USD per 1M tokens, one per accelerator and basis ("H200 · rented"),
    coloured by basis, cheapest on top, each labelled with the tokens its throughput counts.
    Columns: accelerator, basis, usd_per_mtok, usd_per_gpu_hour, tokens_per_s,
    utilization_pct, counts, workload."""
    if df.empty:
        return empty_figure("No accelerator has both a price and a throughput")
    data = df.assign(row=df["accelerator"] + " · " + df["basis"].astype(str))
    data = data.sort_values("usd_per_mtok", ascending=False)
    fig = go.Figure()
    for basis, part in data.groupby("basis", sort=False):
        fig.add_trace(
            go.Bar(
                y=part["row"],
                x=part["usd_per_mtok"],
                orientation="h",
                name=BASIS_NAMES.get(str(basis), str(basis)),
                marker_color=BASIS_COLORS.get(str(basis)),
                text=[
                    f"{money(v)} ({COUNTS_TEXT.get(c, f'{c} tokens')})"
                    for v, c in zip(part["usd_per_mtok"], part["counts"], strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                customdata=part[
                    ["usd_per_gpu_hour", "tokens_per_s", "utilization_pct", "counts", "workload"]
                ],
                hovertemplate="<b>%{y}</b><br>$%{x:,.3f} per 1M tokens"
                "<br>$%{customdata[0]:,.2f} per GPU-hour<br>%{customdata[1]:,.0f} tokens/s "
                "per GPU (%{customdata[3]} tokens) at %{customdata[2]:.0f}% utilization"
                "<br>%{customdata[4]}<extra></extra>",
            )
        )
    fig.update_layout(showlegend=False, margin=dict(r=170))
    fig.update_yaxes(categoryorder="array", categoryarray=list(data["row"]), title_text="")
    fig.update_xaxes(
        title_text="USD per 1M tokens (tokens as each benchmark counts them)", rangemode="tozero"
    )
    return fit(fig, title, subtitle, plot_px=50 + BAR_PX * len(data))


def margin_bands(
    df: pd.DataFrame, *, title: str, subtitle: str = "", median_list: float | None = None
) -> go.Figure:
    """Provider list prices (one dot per listing) beside each accelerator's cost band.

    Columns: kind ("list price" or "cost band"), label, usd_per_mtok_low, usd_per_mtok_high;
    list-price rows have low == high. x is USD per 1M output tokens."""
    if df.empty:
        return empty_figure("No list prices or cost bands for this selection")
    prices = df[df["kind"] == "list price"]
    bands = df[df["kind"] == "cost band"].iloc[::-1]
    fig = go.Figure()
    if not bands.empty:
        fig.add_trace(
            go.Bar(
                y=bands["label"],
                x=bands["usd_per_mtok_high"] - bands["usd_per_mtok_low"],
                base=bands["usd_per_mtok_low"],
                orientation="h",
                name="Cost band (stated ranges)",
                marker_color=[
                    BASIS_COLORS["owned"] if str(lbl).endswith(" owned") else BASIS_COLORS["rented"]
                    for lbl in bands["label"]
                ],
                customdata=bands[["usd_per_mtok_low", "usd_per_mtok_high"]],
                hovertemplate="<b>%{y}</b><br>cost $%{customdata[0]:,.3f}–"
                "$%{customdata[1]:,.3f} per 1M output tokens<extra></extra>",
            )
        )
    if not prices.empty:
        row = f"List prices ({len(prices)})"
        fig.add_trace(
            go.Box(
                x=prices["usd_per_mtok_low"],
                y=[row] * len(prices),
                orientation="h",
                name="Provider list price (output)",
                boxpoints="all",
                jitter=0.6,
                pointpos=0,
                fillcolor="rgba(0,0,0,0)",
                line=dict(color=PALETTE[3]),
                marker=dict(color=PALETTE[3], size=6, opacity=0.6),
                customdata=prices[["label"]],
                hovertemplate="%{customdata[0]}<br>$%{x:,.2f} per 1M output tokens<extra></extra>",
            )
        )
    if median_list is not None:
        fig.add_vline(
            x=median_list,
            line_dash="dash",
            line_color=PALETTE[3],
            annotation_text=f"median list {money(median_list)}",
            annotation_position="bottom right",
        )
    fig.update_layout(showlegend=False)
    fig.update_xaxes(title_text="USD per 1M output tokens", rangemode="tozero")
    fig.update_yaxes(title_text="")
    return fit(fig, title, subtitle, plot_px=130 + BAR_PX * (len(bands) + 2))


def sensitivity_heatmap(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """USD per 1M tokens over utilization (y, percent) x USD per GPU-hour (x).

    Columns: utilization_pct, usd_per_gpu_hour, usd_per_mtok."""
    if df.empty:
        return empty_figure("No throughput to compute a sensitivity grid")
    grid = df.pivot(index="utilization_pct", columns="usd_per_gpu_hour", values="usd_per_mtok")
    x_labels = [f"${p:,.2f}" for p in grid.columns]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=x_labels,
            y=[f"{u:g}%" for u in grid.index],
            colorscale="YlOrRd",
            colorbar=dict(title=dict(text="USD per<br>1M tokens")),
            text=[[money(v) for v in row] for row in grid.to_numpy()],
            texttemplate="%{text}",
            hovertemplate="%{y} utilization, %{x} per GPU-hour<br>%{text} per 1M tokens"
            "<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="USD per GPU-hour", type="category")
    fig.update_yaxes(title_text="Utilization (%)", type="category")
    return fit(fig, title, subtitle, plot_px=390)


# --- plotted data ---------------------------------------------------------------------------

# which inputs a cost rests on, per basis: price / throughput / spec (capex, power)
PARTS = {"rented": ("price", "throughput"), "owned": ("spec", "throughput")}
COST_COLS = [
    "accelerator",
    "basis",
    "usd_per_mtok",
    "usd_per_gpu_hour",
    "tokens_per_s",
    "utilization_pct",
    "counts",
    "workload",
    "source_id",
    "citations",
    "observed_at",
    "edited",
]
BAND_COLS = [
    "kind",
    "label",
    "usd_per_mtok_low",
    "usd_per_mtok_high",
    "margin_low",
    "margin_high",
    "source_id",
    "citations",
    "observed_at",
    "edited",
]


def with_provenance(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with ``source_id`` (warehouse ids) and ``citations`` (cited references, " | ")
    of the inputs each row rests on (``PARTS`` by its ``basis``, rented when absent)."""
    out = df.copy()
    ids, cited = [], []
    for _, row in out.iterrows():
        parts = PARTS.get(str(row.get("basis", "rented")), PARTS["rented"])
        ids.append(
            ",".join(
                str(row[f"{p}_source_id"])
                for p in parts
                if isinstance(row.get(f"{p}_source_id"), str) and row[f"{p}_source_id"]
            )
        )
        cited.append(
            " | ".join(
                str(row[f"{p}_citation"])
                for p in parts
                if isinstance(row.get(f"{p}_citation"), str) and row[f"{p}_citation"]
            )
        )
    return out.assign(source_id=ids, citations=cited)


def cost_long(costs: pd.DataFrame) -> pd.DataFrame:
    """One row per accelerator and basis (rented, owned) that has a computed cost."""
    parts = []
    for basis, hourly in (("rented", "usd_per_gpu_hour"), ("owned", "owned_usd_per_gpu_hour")):
        part = costs[costs[f"{basis}_usd_per_mtok"].notna()] if not costs.empty else costs
        if part.empty:
            continue
        part = part.assign(
            basis=basis,
            usd_per_mtok=part[f"{basis}_usd_per_mtok"],
            usd_per_gpu_hour=part[hourly],
            utilization_pct=part["util_pct"],
            workload=part["benchmark_workload"],
        )
        parts.append(with_provenance(part).reindex(columns=COST_COLS))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COST_COLS)


def band_data(lists: pd.DataFrame, margins: pd.DataFrame) -> pd.DataFrame:
    """Providers' list prices (low = high, output price) and the cost bands of the margin
    rows that have one."""
    listed = pd.DataFrame(
        {
            "kind": "list price",
            "label": lists["provider"] + " · " + lists["model_id"],
            "usd_per_mtok_low": lists["output_usd_per_mtok"],
            "usd_per_mtok_high": lists["output_usd_per_mtok"],
            "source_id": lists["source_id"],
            "observed_at": lists["observed_at"],
        }
    ).reindex(columns=BAND_COLS)
    if margins.empty or "cost_low" not in margins:
        return listed
    m = with_provenance(margins[margins["cost_low"].notna()])
    bands = m.assign(
        kind="cost band",
        label=m["accelerator"] + " " + m["basis"],
        usd_per_mtok_low=m["cost_low"],
        usd_per_mtok_high=m["cost_high"],
    )
    frames = [f for f in (listed, bands[BAND_COLS]) if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else listed


def sensitivity_data(
    row: pd.Series, utilizations_pct: tuple[int, ...] = tuple(range(10, 101, 10))
) -> pd.DataFrame:
    """USD per 1M tokens at the row's throughput over ``utilizations_pct`` x seven GPU-hour
    prices from the providers' lowest to highest (widened to the row's price; 0.5-1.5x the
    row's price when there is no range). Columns: utilization_pct, usd_per_gpu_hour,
    usd_per_mtok."""
    price = float(row["usd_per_gpu_hour"])
    lo, hi = row.get("min_usd"), row.get("max_usd")
    if pd.notna(lo) and pd.notna(hi):
        lo, hi = min(float(lo), price), max(float(hi), price)
    else:
        lo, hi = price / 2, price * 1.5
    prices = sorted({round(float(v), 2) for v in np.linspace(lo, hi, 7)})
    utils = [u / 100 for u in utilizations_pct]
    grid = tco.sensitivity_grid(float(row["tokens_per_s"]), utils, prices)
    long = grid.stack().rename("usd_per_mtok").reset_index()
    long["utilization_pct"] = (long.pop("utilization") * 100).round().astype(int)
    return long[["utilization_pct", "usd_per_gpu_hour", "usd_per_mtok"]]
