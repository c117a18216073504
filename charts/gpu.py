"""GPU rental price charts: price distribution per provider, weekly median trends,
provider classes compared.

Pure builders: DataFrame in, plotly Figure out (no Streamlit)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.theme import PALETTE, SEGMENT_COLORS, SEGMENT_LABELS, empty_figure, finish

ROW_PX = 24
USD_GPU_HOUR = "USD per GPU-hour"
CLASS_LABELS: dict[str, str] = {
    "hyperscaler": SEGMENT_LABELS["hyperscaler"],
    "ai_cloud": SEGMENT_LABELS["ai_cloud"],
    "marketplace": "Marketplaces",
    "inference_provider": SEGMENT_LABELS["inference_provider"],
    "unclassified": "Other (not in landscape table)",
}
CLASS_COLORS: dict[str, str] = {
    "hyperscaler": SEGMENT_COLORS["hyperscaler"],
    "ai_cloud": SEGMENT_COLORS["ai_cloud"],
    "marketplace": "#e9c46a",
    "inference_provider": SEGMENT_COLORS["inference_provider"],
    "unclassified": "#9aa5b1",
}
PRICING_LABELS: dict[str, str] = {
    "on_demand": "On-demand",
    "spot": "Spot / interruptible",
    "community": "Community cloud",
    "reserved_1w": "Reserved 1 week",
    "reserved_1m": "Reserved 1 month",
    "reserved_3m": "Reserved 3 months",
    "reserved_6m": "Reserved 6 months",
    "reserved_1y": "Reserved 1 year",
    "reserved_3y": "Reserved 3 years",
    "inference": "Serverless inference",
    "index": "Price index",
}
PRICING_COLORS: dict[str, str] = {"on_demand": PALETTE[0], "spot": PALETTE[1]}


def pricing_label(pricing: str) -> str:
    return PRICING_LABELS.get(pricing, pricing.replace("_", " ").capitalize())


def class_label(provider_class: str) -> str:
    return CLASS_LABELS.get(provider_class, provider_class)


def provider_order(df: pd.DataFrame) -> list[str]:
    """Providers by their median price, cheapest first (on-demand first when present)."""
    base = df[df["pricing"] == "on_demand"] if (df["pricing"] == "on_demand").any() else df
    med = base.groupby("provider")["usd_per_gpu_hour"].median().sort_values()
    rest = sorted(set(df["provider"]) - set(med.index))
    return list(med.index) + rest


def price_distribution(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Offers of one GPU: one row per provider (cheapest on top), a box with every offer
    as a point, one colour per pricing type."""
    if df.empty:
        return empty_figure("No offers for this GPU and pricing")
    order = provider_order(df)
    fig = go.Figure()
    for i, (pricing, part) in enumerate(df.groupby("pricing", sort=True)):
        fig.add_trace(
            go.Box(
                x=part["usd_per_gpu_hour"],
                y=part["provider"],
                orientation="h",
                name=pricing_label(str(pricing)),
                boxpoints="all",
                jitter=0.3,
                pointpos=0,
                marker=dict(size=6, color=PRICING_COLORS.get(pricing, PALETTE[2 + i])),
                line=dict(width=1),
                fillcolor="rgba(0,0,0,0)",
                customdata=part[["gpu_count", "region", "source_id", "observed_at"]]
                .astype(str)
                .to_numpy(),
                hovertemplate="<b>%{y}</b> $%{x:.2f}/GPU-hour<br>%{customdata[0]} GPU(s), "
                "region %{customdata[1]}<br>%{customdata[2]}, %{customdata[3]}<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=USD_GPU_HOUR, tickprefix="$", rangemode="tozero")
    fig.update_yaxes(
        title_text="", categoryorder="array", categoryarray=order[::-1], automargin=True
    )
    fig.update_layout(boxmode="group")
    return finish(fig, title, subtitle, max(380, 170 + ROW_PX * len(order)))


def weekly_trend(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """One line per GPU: the weekly median $/GPU-hour; hover shows how many providers."""
    if df.empty:
        return empty_figure("No prices for these GPUs in this period")
    fig = go.Figure()
    for i, (gpu, part) in enumerate(df.groupby("gpu", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=part["week"],
                y=part["usd_per_gpu_hour"],
                mode="lines+markers",
                name=str(gpu),
                line=dict(width=2.5, color=PALETTE[i % len(PALETTE)]),
                marker=dict(size=5),
                customdata=part[["n_providers", "n_obs"]].to_numpy(),
                hovertemplate=f"<b>{gpu}</b> week of " + "%{x|%Y-%m-%d}<br>median $%{y:.2f}"
                "/GPU-hour<br>%{customdata[0]} providers, %{customdata[1]} prices<extra></extra>",
            )
        )
    fig.update_yaxes(title_text=f"Median {USD_GPU_HOUR}", tickprefix="$", rangemode="tozero")
    fig.update_xaxes(title_text="Week")
    return finish(fig, title, subtitle, 480)


def class_comparison(df: pd.DataFrame, *, title: str, subtitle: str = "") -> go.Figure:
    """Per GPU (x), one box per provider class over providers' list prices (points =
    providers)."""
    if df.empty:
        return empty_figure("No on-demand prices for these GPUs")
    fig = go.Figure()
    present = [c for c in CLASS_LABELS if c in set(df["provider_class"])]
    present += sorted(set(df["provider_class"]) - set(present))
    for cls in present:
        part = df[df["provider_class"] == cls]
        fig.add_trace(
            go.Box(
                x=part["gpu"],
                y=part["usd_per_gpu_hour"],
                name=class_label(cls),
                boxpoints="all",
                jitter=0.4,
                pointpos=0,
                marker=dict(size=6),
                marker_color=CLASS_COLORS.get(cls, PALETTE[-1]),
                line=dict(width=1.2),
                customdata=part[["provider", "n_offers", "observed_at"]].astype(str).to_numpy(),
                hovertemplate="<b>%{customdata[0]}</b> %{x}: $%{y:.2f}/GPU-hour<br>"
                "median of %{customdata[1]} offer(s), %{customdata[2]}<extra></extra>",
            )
        )
    fig.update_yaxes(title_text=USD_GPU_HOUR, tickprefix="$", rangemode="tozero")
    fig.update_xaxes(
        title_text="GPU", categoryorder="array", categoryarray=list(dict.fromkeys(df["gpu"]))
    )
    fig.update_layout(boxmode="group")
    return finish(fig, title, subtitle, 520)
