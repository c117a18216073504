"""Chart set of the AI clouds & hyperscalers page: $/GPU-hour per provider for one GPU,
weekly median trends per GPU, and hyperscalers vs AI clouds vs marketplaces."""

from __future__ import annotations

from typing import Any

import pandas as pd

from charts import gpu as charts
from charts.provenance import Loader
from charts.spec import ChartSpec
from warehouse.queries import gpu as q

DEFAULTS: dict[str, Any] = {
    "gpu": "H100_SXM",
    "pricings": ("on_demand", "spot"),
    "max_age_days": 180,
    "trend_gpus": ("H100_SXM", "H200", "B200", "A100_SXM_80GB", "MI300X"),
    "trend_pricing": "on_demand",
    "trend_source": "gpu_tracker",
}
CLASS_SHORT = {
    "hyperscaler": "hyperscalers",
    "ai_cloud": "AI clouds",
    "marketplace": "marketplaces",
}
CLASS_METHOD = (
    "Provider classes: companies.segment (hyperscaler / ai_cloud / inference_provider) via "
    "warehouse.queries.gpu.COMPANY_ALIASES; marketplaces = companies.subsegment 'GPU "
    "marketplace' (Vast.ai) + explicit list (SF Compute) + RunPod Community Cloud rows; "
    "providers missing from the companies table are 'Other'."
)


def specs(load: Loader, **params: Any) -> list[ChartSpec]:
    """All charts of the page for ``params`` (see DEFAULTS)."""
    p = {**DEFAULTS, **params}
    age = int(p["max_age_days"])
    return [
        distribution_spec(load, p["gpu"], tuple(p["pricings"]), age),
        trend_spec(load, tuple(p["trend_gpus"]), p["trend_pricing"], p["trend_source"]),
        class_spec(load, tuple(p["trend_gpus"]), age),
    ]


def _money(value: float) -> str:
    return f"${value:,.2f}"


def distribution_spec(
    load: Loader, gpu: str, pricings: tuple[str, ...], max_age_days: int
) -> ChartSpec:
    """Box/strip of every provider's newest offers of ``gpu``."""
    data = load(q.latest_offers, gpu=gpu, pricings=tuple(pricings), max_age_days=max_age_days)
    data = data.reset_index(drop=True)
    kinds = ", ".join(charts.pricing_label(x).lower() for x in pricings) or "no pricing type"
    subtitle = (
        f"{gpu} · {kinds} · each provider's newest observation, at most "
        f"{max_age_days} days older than the newest GPU price"
    )
    title = _distribution_title(data, gpu)
    return ChartSpec.from_data(
        load,
        name=f"gpu-prices-{gpu.lower()}",
        figure=charts.price_distribution(data, title=title, subtitle=subtitle),
        data=data,
        title=title,
        subtitle=subtitle,
        method=(
            "All offers (regions, instance sizes) of each provider × pricing type at that "
            "series' newest observation; instance prices divided by GPUs per instance. "
            + CLASS_METHOD
        ),
    )


def headline(offers: pd.DataFrame) -> list[tuple[str, str, str | None]]:
    """(label, value, help) of the page's four metrics for the offers of one GPU."""

    def cheapest(kind: str) -> tuple[str, str | None]:
        part = offers[offers["pricing"] == kind]
        if part.empty:
            return "n/a", None
        best = part.loc[part["usd_per_gpu_hour"].idxmin()]
        return f"{_money(best['usd_per_gpu_hour'])}/GPU-h", f"{best['provider']}, {kind}"

    on_demand = offers[offers["pricing"] == "on_demand"]
    per_provider = on_demand.groupby("provider")["usd_per_gpu_hour"].median()
    median = f"{_money(per_provider.median())}/GPU-h" if not per_provider.empty else "n/a"
    return [
        ("Providers with a price", str(offers["provider"].nunique()), None),
        ("Median on-demand", median, "Median over providers of each provider's median offer"),
        ("Cheapest on-demand", *cheapest("on_demand")),
        ("Cheapest spot", *cheapest("spot")),
    ]


def _distribution_title(data: pd.DataFrame, gpu: str) -> str:
    if data.empty:
        return f"No recent offers for {gpu}"
    main = "on_demand" if (data["pricing"] == "on_demand").any() else data["pricing"].iloc[0]
    part = data[data["pricing"] == main]
    per = part.groupby("provider")["usd_per_gpu_hour"].min().sort_values()
    label = charts.pricing_label(main).lower()
    title = (
        f"{gpu} {label}: {_money(per.iloc[0])} ({per.index[0]}) to "
        f"{_money(per.iloc[-1])} ({per.index[-1]}) per GPU-hour across {len(per)} providers"
    )
    spot = data[data["pricing"] == "spot"]
    if main == "on_demand" and not spot.empty:
        ratio = spot["usd_per_gpu_hour"].median() / part["usd_per_gpu_hour"].median()
        title += f"; spot median {ratio:.0%} of on-demand"
    return title


def trend_spec(load: Loader, gpus: tuple[str, ...], pricing: str, source_id: str) -> ChartSpec:
    """Weekly median $/GPU-hour per GPU (median over providers of provider medians)."""
    data = load(q.weekly_median, gpus=tuple(gpus), pricing=pricing, source_id=source_id)
    rank = {g: i for i, g in enumerate(gpus)}
    data = data.sort_values(
        ["gpu", "week"], key=lambda s: s.map(rank) if s.name == "gpu" else s, kind="stable"
    ).reset_index(drop=True)
    src = source_id or "all sources"
    subtitle = f"{charts.pricing_label(pricing)} · {', '.join(gpus) or 'no GPU'} · {src}"
    if not data.empty:
        lo, hi = int(data["n_providers"].min()), int(data["n_providers"].max())
        subtitle += f" · {lo}–{hi} providers per GPU-week (the mix changes)"
    title = _trend_title(data, pricing)
    return ChartSpec.from_data(
        load,
        name=f"gpu-weekly-median-{pricing}",
        figure=charts.weekly_trend(data, title=title, subtitle=subtitle),
        data=data,
        title=title,
        subtitle=subtitle,
        method=(
            "Per ISO week (date_trunc('week')) and GPU: each provider's median $/GPU-hour, "
            "then the median over providers, so a provider with many regional rows counts "
            "once. The provider mix changes from week to week (see n_providers)."
        ),
    )


def _trend_title(data: pd.DataFrame, pricing: str) -> str:
    if data.empty:
        return "No weekly prices for this selection"
    moves = []
    for gpu, part in data.groupby("gpu", sort=False):
        part = part.sort_values("week")
        first, last = part.iloc[0], part.iloc[-1]
        if len(part) > 1 and first["usd_per_gpu_hour"] > 0:
            pct = last["usd_per_gpu_hour"] / first["usd_per_gpu_hour"] - 1
            moves.append((abs(pct), pct, gpu, first, last))
    label = charts.pricing_label(pricing).lower()
    if not moves:
        return f"Only one week of {label} prices for this selection"
    _, pct, gpu, first, last = max(moves, key=lambda m: m[0])
    verb = "rose" if pct > 0 else "fell" if pct < 0 else "held"
    return (
        f"Biggest move in the weekly median {label} price: {gpu} {verb} {abs(pct):.0%}, "
        f"{_money(first['usd_per_gpu_hour'])} → {_money(last['usd_per_gpu_hour'])} per "
        f"GPU-hour ({pd.Timestamp(first['week']):%b %Y}–{pd.Timestamp(last['week']):%b %Y})"
    )


def class_spec(load: Loader, gpus: tuple[str, ...], max_age_days: int) -> ChartSpec:
    """Hyperscalers vs AI clouds vs marketplaces: providers' on-demand list prices."""
    data = load(q.class_prices, gpus=tuple(gpus), max_age_days=max_age_days)
    rank = {g: i for i, g in enumerate(gpus)}
    data = data.sort_values("gpu", key=lambda s: s.map(rank), kind="stable").reset_index(drop=True)
    subtitle = (
        f"{', '.join(gpus) or 'no GPU'} · on-demand and community-cloud list prices · "
        f"newest observation per provider, at most {max_age_days} days old"
    )
    title = _class_title(data)
    return ChartSpec.from_data(
        load,
        name="gpu-prices-by-provider-class",
        figure=charts.class_comparison(data, title=title, subtitle=subtitle),
        data=data,
        title=title,
        subtitle=subtitle,
        method="One point per provider: median of its newest on-demand offers. " + CLASS_METHOD,
    )


def _class_title(data: pd.DataFrame) -> str:
    if data.empty:
        return "No on-demand prices for these GPUs"
    gpu = data.groupby("gpu")["provider"].nunique().idxmax()
    part = data[data["gpu"] == gpu]
    med = part.groupby("provider_class")["usd_per_gpu_hour"].median()
    named = [c for c in ("hyperscaler", "ai_cloud", "marketplace") if c in med.index]
    if not named:
        return f"{gpu}: no hyperscaler, AI-cloud or marketplace prices in this selection"
    parts = [f"{CLASS_SHORT[c]} {_money(med[c])}" for c in named]
    return f"{gpu} median on-demand price per GPU-hour: " + " vs ".join(parts)
