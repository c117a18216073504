"""Chart set of the Hardware page: release timeline, TFLOP/s per dollar (release price and
rental price) and per watt, and published hardware shares of one comparable group."""

from __future__ import annotations

from typing import Any

import pandas as pd

from charts import hardware as charts
from charts.provenance import (  # concentration's chart set imports curated_provenance from here
    Loader,
    curated_provenance,
    provenance,
)
from charts.spec import ChartSpec
from warehouse.queries import hardware as q

DEFAULTS: dict[str, Any] = {
    "vendors": (),
    "kinds": (),
    "year_from": None,
    "year_to": None,
    "precision": "bf16",
    "market_class": "datacenter",  # rankings rank one class: datacenter | consumer
    "top": 20,
    "share_basis": None,
    "share_period": None,
    "share_definition": None,
}
PRECISION_LABEL = {"bf16": "dense BF16", "fp16": "dense FP16", "fp8": "dense FP8"}
CLASS_LABEL = {"datacenter": "data-centre parts", "consumer": "consumer (gaming) parts"}


def specs(load: Loader, **params: Any) -> list[ChartSpec]:
    """All charts of the page for ``params`` (see DEFAULTS)."""
    p = {**DEFAULTS, **params}
    filters = {k: p[k] for k in ("vendors", "kinds", "year_from", "year_to")}
    context = filter_context(**filters)
    counts = load(q.filter_options).groupby("vendor")["accelerators"].sum()
    colors = charts.color_map(counts.sort_values(ascending=False, kind="stable").index)
    eff = load(q.efficiency, precision=p["precision"], **filters)
    cls = p["market_class"]
    if cls not in CLASS_LABEL:
        raise ValueError(f"market_class must be one of {', '.join(CLASS_LABEL)}")
    ranked = f"{context} · ranked among {CLASS_LABEL[cls]}"
    return [
        timeline_spec(load, load(q.specs, **filters), context, colors),
        per_kusd_spec(load, eff, p["precision"], int(p["top"]), ranked, colors, cls),
        per_watt_spec(load, eff, p["precision"], int(p["top"]), ranked, colors, cls),
        per_rental_spec(load, eff, p["precision"], int(p["top"]), ranked, colors, cls),
        share_spec(load, p["share_basis"], p["share_period"], p["share_definition"]),
    ]


def filter_context(
    vendors: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    year_from: int | None = None,
    year_to: int | None = None,
) -> str:
    """The filters in words, for chart subtitles."""
    years = "all release dates"
    if year_from is not None or year_to is not None:
        years = f"released {year_from or '…'}–{year_to or '…'}"
    return f"Vendors: {', '.join(vendors) or 'all'} · Types: {', '.join(kinds) or 'all'} · {years}"


def timeline_spec(
    load: Loader, table: pd.DataFrame, context: str, colors: dict[str, str]
) -> ChartSpec:
    cols = ["name", "vendor", "kind", "release_date", "bf16_tflops", "source_id", "observed_at"]
    data = table.dropna(subset=["release_date", "bf16_tflops"])[cols].reset_index(drop=True)
    title = _timeline_title(data)
    return ChartSpec.from_data(
        load,
        name="accelerator-release-timeline",
        figure=charts.timeline(data, title=title, subtitle=context, colors=colors),
        data=data,
        title=title,
        subtitle=context,
        method="Epoch AI 'Tensor-FP16/BF16 performance' (dense) per accelerator, by release date.",
    )


def _timeline_title(data: pd.DataFrame) -> str:
    if data.empty:
        return "No accelerator has both a release date and a BF16 figure"
    best = data.loc[data["bf16_tflops"].idxmax()]
    year = pd.Timestamp(best["release_date"]).year
    title = f"Fastest: {best['name']} ({year}) at {best['bf16_tflops']:,.0f} dense BF16 TFLOP/s"
    years = pd.to_datetime(data["release_date"]).dt.year
    first_year = int(years.min())
    oldest = data[years == first_year]
    base = oldest.sort_values(["bf16_tflops", "name"], ascending=[False, True]).iloc[0]
    if first_year < year and base["bf16_tflops"] > 0:
        ratio = best["bf16_tflops"] / base["bf16_tflops"]
        times = f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.1f}"
        title += f", {times}× the fastest of {first_year} ({base['name']})"
    return title


def _ratio_spec(
    load: Loader,
    eff: pd.DataFrame,
    *,
    name: str,
    value: str,
    x_title: str,
    finding: str,
    extra: list[str],
    hover: dict[str, str],
    top: int,
    context: str,
    method: str,
    colors: dict[str, str],
    market_class: str = "datacenter",
) -> ChartSpec:
    """Top ``top`` accelerators of ``market_class`` by ``value`` (data-centre and consumer
    parts are ranked separately); the title is ``finding`` about the leader and names the
    other class's leader."""
    in_class = eff["market_class"] == market_class
    have = eff[in_class].dropna(subset=[value])
    cols = ["name", "vendor", "release_date", "tflops", *extra, value, "source_id", "observed_at"]
    data = have.nlargest(top, value)[cols].reset_index(drop=True)
    if data.empty:
        title = f"No accelerator in this selection has a {x_title} figure"
    else:
        title = finding.format(**data.iloc[0].to_dict())
        other = eff[~in_class].dropna(subset=[value])
        if not other.empty:
            best = other.loc[other[value].idxmax()]
            what = CLASS_LABEL.get(str(best["market_class"]), str(best["market_class"]))
            title += f" ({what} ranked apart: best {best['name']}, {best[value]:,.3g})"
    subtitle = f"{context} · top {len(data)} of {len(have)} with both figures"
    dated = data.copy()
    if "rental_observed_at" in dated:  # the rental chart also plots rental prices
        dated["observed_at"] = dated[["observed_at", "rental_observed_at"]].max(axis=1)
        dated["source_id"] = dated["source_id"] + "," + dated["rental_sources"]
    source, as_of = provenance(load, dated)
    figure = charts.ranked_bars(
        data,
        value=value,
        x_title=x_title,
        title=title,
        subtitle=subtitle,
        hover=hover,
        colors=colors,
    )
    return ChartSpec(
        name=name,
        figure=figure,
        data=data,
        title=title,
        source=source,
        as_of=as_of,
        subtitle=subtitle,
        method=method,
    )


def per_kusd_spec(
    load: Loader,
    eff: pd.DataFrame,
    precision: str,
    top: int,
    context: str,
    colors: dict[str, str],
    market_class: str = "datacenter",
) -> ChartSpec:
    label = PRECISION_LABEL[precision]
    return _ratio_spec(
        load,
        eff,
        name=f"{precision}-tflops-per-1000-usd",
        value="tflops_per_kusd",
        x_title=f"{label[0].upper()}{label[1:]} TFLOP/s per 1,000 USD of release price",
        finding="{name} gives the most " + label + " TFLOP/s per $1,000 of release price: "
        "{tflops_per_kusd:,.1f}",
        extra=["price_usd"],
        hover={"price_usd": "Release price, USD", "tflops": "TFLOP/s"},
        top=top,
        context=context,
        colors=colors,
        market_class=market_class,
        method="TFLOP/s ÷ (Epoch AI release price in USD / 1,000); only accelerators with a "
        "release price in the data.",
    )


def per_watt_spec(
    load: Loader,
    eff: pd.DataFrame,
    precision: str,
    top: int,
    context: str,
    colors: dict[str, str],
    market_class: str = "datacenter",
) -> ChartSpec:
    label = PRECISION_LABEL[precision]
    return _ratio_spec(
        load,
        eff,
        name=f"{precision}-tflops-per-watt",
        value="tflops_per_w",
        x_title=f"{label[0].upper()}{label[1:]} TFLOP/s per W of TDP",
        finding="{name} leads on " + label + " TFLOP/s per watt of TDP: {tflops_per_w:,.2f}",
        extra=["tdp_w"],
        hover={"tdp_w": "TDP, W", "tflops": "TFLOP/s"},
        top=top,
        context=context,
        colors=colors,
        market_class=market_class,
        method="TFLOP/s ÷ thermal design power (W), both from Epoch AI.",
    )


def per_rental_spec(
    load: Loader,
    eff: pd.DataFrame,
    precision: str,
    top: int,
    context: str,
    colors: dict[str, str],
    market_class: str = "datacenter",
) -> ChartSpec:
    label = PRECISION_LABEL[precision]
    return _ratio_spec(
        load,
        eff,
        name=f"{precision}-tflops-per-rental-usd",
        value="tflops_per_rental_usd",
        x_title=f"{label[0].upper()}{label[1:]} TFLOP/s per USD/GPU-hour (median on-demand rental)",
        finding="{name} gives the most " + label + " TFLOP/s per USD/GPU-hour rented: "
        "{tflops_per_rental_usd:,.0f} (median ${rental_usd_per_gpu_hour:,.2f}/GPU-hour)",
        extra=[
            "rental_usd_per_gpu_hour",
            "rental_providers",
            "rental_observed_at",
            "rental_sources",
        ],
        hover={
            "rental_usd_per_gpu_hour": "Median on-demand USD/GPU-hour",
            "rental_providers": "Providers in the median",
            "tflops": "TFLOP/s",
        },
        top=top,
        context=context,
        colors=colors,
        market_class=market_class,
        method="TFLOP/s ÷ median of each provider's latest on-demand USD per GPU-hour for "
        "the GPU id equal to the accelerator id (spec variants sharing an id, e.g. V100 "
        "16/32 GB, share one rental median).",
    )


def share_spec(
    load: Loader, basis: str | None, period: str | None, definition: str | None
) -> ChartSpec:
    """Shares of one (basis, period, market definition) group; the largest group by
    default. Never mixes groups."""
    groups = load(q.share_groups, segment="hardware")
    if basis is None and not groups.empty:
        first = groups.iloc[0]
        basis, period, definition = first["basis"], first["period"], first["market_definition"]
    data = (
        load(q.shares, segment="hardware", basis=basis, period=period, market_definition=definition)
        if basis is not None
        else _empty_shares()
    )
    if data.empty:
        title = "No published hardware shares for this basis, period and definition"
    else:
        lead = data.iloc[0]
        title = f"{lead['company']}: {lead['share_pct']:g}% ({basis} basis, {period})"
    subtitle = f"Market as defined by the source: {definition}"
    source, as_of = curated_provenance(load, data)
    return ChartSpec(
        name="hardware-vendor-share",
        figure=charts.share_bars(data, title=title, subtitle=subtitle),
        data=data,
        title=title,
        source=source,
        as_of=as_of,
        subtitle=subtitle,
        method="Shares as published; one basis, period and market definition per chart.",
    )


def _empty_shares() -> pd.DataFrame:
    return pd.DataFrame(
        columns=["company", "share_pct", "citation", "source_date", "source_kind", "source_id"]
    )
