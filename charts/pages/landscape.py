"""Chart set of the Landscape page: the market map by segment, price coverage per
segment, the H100 on-demand price across providers and the biggest price moves of the
latest refresh; plus the page's headline figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from charts import landscape as charts
from charts import prices as price_charts
from charts.pages.model_apis import since_label
from charts.provenance import Loader
from charts.spec import ChartSpec
from charts.theme import SEGMENT_LABELS, money
from warehouse.queries import landscape as q
from warehouse.queries import prices as pq

DEFAULTS: dict[str, Any] = {
    "segments": (),  # () = all six
    "movers": 15,
}
TOP_QUANTILE = 0.9  # "top quality" = top decile of the Artificial Analysis index
GPU, GPU_LABEL, GPU_WINDOW_DAYS = "H100_SXM", "H100 SXM", 180
PROVIDER_WINDOW_DAYS = GPU_WINDOW_DAYS  # the providers KPI: offers seen this close to the newest


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    help: str  # method and source in one line


def specs(load: Loader, **params: Any) -> list[ChartSpec]:
    """All charts of the page for ``params`` (see DEFAULTS)."""
    p = {**DEFAULTS, **params}
    return [
        map_spec(load, tuple(p["segments"])),
        coverage_spec(load),
        gpu_spec(load),
        latest_moves_spec(load, int(p["movers"])),
    ]


def map_spec(load: Loader, segments: tuple[str, ...]) -> ChartSpec:
    taxonomy = q.match_companies(load(q.companies), load(q.tracked_providers))
    if segments:
        taxonomy = taxonomy[taxonomy["segment"].isin(segments)]
    cols = [
        "segment",
        "subsegment",
        "company",
        "hq_country",
        "ownership",
        "tracked_as",
        "citation",
        "source_date",
        "source_id",
        "observed_at",
    ]
    data = taxonomy[cols].reset_index(drop=True)
    counts = data.groupby("segment")["company"].count().sort_values(ascending=False)
    title = map_title(counts)
    picked = ", ".join(SEGMENT_LABELS.get(s, s) for s in segments) or "all segments"
    subtitle = f"Curated map, one tile per company and segment · {picked}"
    return ChartSpec.from_data(
        load,
        name="market-map",
        data=data,
        title=title,
        figure=charts.segment_treemap(data, title=title, subtitle=subtitle),
        subtitle=subtitle,
        method="Curated taxonomy with a citation per row (data/reference/landscape_companies.csv);"
        " a company active in two segments appears in both. Subsegments are shown on hover. "
        "As of: the newest date the citations state (rows without one are undated), not the "
        "day the table was curated.",
        date_col="source_date",
    )


def map_title(counts: pd.Series) -> str:
    """The map's finding from the number of companies per segment (largest first)."""
    if counts.empty:
        return "No companies in the selected segments"
    if len(counts) == 1:
        return f"{counts.iloc[0]} companies in 1 segment: {charts.segment_label(counts.index[0])}"
    return (
        f"{counts.sum()} companies across {len(counts)} segments; the largest is "
        f"{charts.segment_label(counts.index[0])} ({counts.iloc[0]})"
    )


def coverage_spec(load: Loader) -> ChartSpec:
    data = load(q.segment_coverage)
    order = {s: i for i, s in enumerate(SEGMENT_LABELS)}
    data = data.sort_values("segment", key=lambda s: s.map(order)).reset_index(drop=True)
    tracked = data[data["price_tables"] != ""]
    title = (
        f"{int(tracked['n_with_prices'].sum())} of {int(tracked['n_companies'].sum())} "
        "companies in price-tracked segments have prices in the warehouse"
    )
    subtitle = "Matched by canonical provider name; hardware and edge vendors sell chips"
    return ChartSpec.from_data(
        load,
        name="price-coverage-by-segment",
        data=data,
        title=title,
        figure=charts.coverage_bars(data, title=title, subtitle=subtitle),
        subtitle=subtitle,
        method="A company counts as tracked when one of its names (full name, names in "
        "parentheses, first word; canonicalised like ingest) has rows in api_prices "
        "(model APIs, inference providers, hyperscalers) or gpu_prices (AI clouds, "
        "hyperscalers).",
    )


def gpu_spec(load: Loader) -> ChartSpec:
    data = load(q.gpu_price_by_provider, gpu=GPU, pricing="on_demand", window_days=GPU_WINDOW_DAYS)
    median = float(data["usd_per_gpu_hour"].median()) if not data.empty else float("nan")
    title = (
        f"Median {GPU_LABEL} on-demand price is ${median:,.2f} per GPU-hour across "
        f"{len(data)} providers"
        if not data.empty
        else f"No {GPU_LABEL} on-demand prices"
    )
    subtitle = (
        f"Each provider's latest on-demand price, observed within {GPU_WINDOW_DAYS} "
        "days of the newest observation"
    )
    return ChartSpec.from_data(
        load,
        name="h100-on-demand-by-provider",
        data=data,
        title=title,
        figure=charts.gpu_price_bars(
            data, median=median, gpu_label=GPU_LABEL, title=title, subtitle=subtitle
        ),
        subtitle=subtitle,
        method="Warehouse view latest_gpu_prices (per provider: the newest observation, "
        "cheapest offer on that day) for gpu H100_SXM and pricing on_demand; per-GPU price.",
    )


def latest_moves_spec(load: Loader, limit: int) -> ChartSpec:
    data = load(pq.price_change_log, latest_only=True, limit=limit)
    title = latest_moves_title(data)
    subtitle = (
        f"Top {limit} input/output price changes of text-generation listings first seen in "
        "each source's newest observation; fine-tunes and moving aliases left out"
    )
    return ChartSpec.from_data(
        load,
        name="latest-price-moves",
        data=data,
        title=title,
        figure=price_charts.change_dots(data, title=title, subtitle=subtitle),
        subtitle=subtitle,
        method="Warehouse view price_changes: consecutive observations of the same source x "
        "provider x model x price type, changes whose first_seen is the newest observation "
        "of that source and provider, largest |% change| first. 'Since the last refresh' "
        "only when the older value came from the source's previous refresh.",
        date_col="first_seen",
    )


def latest_moves_title(data: pd.DataFrame) -> str:
    if data.empty:
        return "No price changed in the latest observation of any source"
    top = data.iloc[0]
    return (
        f"Biggest move in the newest snapshots: {top['provider']} {top['model_id']} "
        f"{top['price_type']} {top['pct_change']:+,.0f}% {since_label(top)}"
    )


def headlines(load: Loader) -> list[Headline]:
    """The four headline figures with their method, in page order."""
    return [
        top_quality_headline(load),
        gpu_headline(load),
        providers_headline(load),
        change_headline(load),
    ]


def top_quality_headline(load: Loader) -> Headline:
    top = load(q.cheapest_top_quality, quantile=TOP_QUANTILE, limit=1)
    intel = load(pq.intelligence_summary)
    if top.empty:
        return Headline(
            "Cheapest top-decile model",
            "n/a",
            "No priced model has an Artificial Analysis index in the top decile.",
        )
    r = top.iloc[0]
    n = int(intel["n_indexed"].iloc[0]) if not intel.empty else 0
    return Headline(
        "Cheapest top-decile model (USD/1M tok)",
        money(r["blended_usd_per_mtok"]) + (" ⚠" if bool(r.get("disagree", False)) else ""),
        f"{r['model_id']} at {r['provider']} (index {r['aa_intelligence_index']:.1f}). Top "
        f"quality = Artificial Analysis intelligence index in the top decile of the {n} indexed "
        f"models (≥ {r['threshold']:.1f}). Blended = 0.75 × input + 0.25 × output, current "
        f"list prices > 0 at providers serving the model (routers left out), observed "
        f"{pd.Timestamp(r['observed_at']):%Y-%m-%d} ({r['source_id']})."
        + disagreement_note(load, str(r["provider"]), str(r["model_id"])),
    )


def disagreement_note(load: Loader, provider: str, model: str) -> str:
    """' Sources disagree: ...' naming both values and sources, or ''."""
    d = load(pq.price_disagreements, model_ids=(model,))
    d = d[(d["provider"] == provider) & d["price_type"].isin(["input", "output"])]
    if d.empty:
        return ""
    parts = [
        f"{r.price_type} {money(r.usd_per_mtok_a)} ({r.source_a}, "
        f"{pd.Timestamp(r.observed_at_a):%Y-%m-%d}) vs {money(r.usd_per_mtok_b)} "
        f"({r.source_b}, {pd.Timestamp(r.observed_at_b):%Y-%m-%d})"
        for r in d.head(2).itertuples()
    ]
    return " ⚠ Sources disagree on this price: " + "; ".join(parts) + "."


def gpu_headline(load: Loader) -> Headline:
    data = load(q.gpu_price_by_provider, gpu=GPU, pricing="on_demand", window_days=GPU_WINDOW_DAYS)
    if data.empty:
        return Headline(f"Median {GPU_LABEL} on-demand", "n/a", "No observations.")
    dates = pd.to_datetime(data["observed_at"])
    return Headline(
        f"Median {GPU_LABEL} on-demand (USD/GPU-h)",
        f"${data['usd_per_gpu_hour'].median():,.2f}",
        f"Median of {len(data)} providers' latest on-demand price per GPU-hour, observed "
        f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d} (providers older than "
        f"{GPU_WINDOW_DAYS} days before the newest are left out).",
    )


def providers_headline(load: Loader) -> Headline:
    tracked = load(q.tracked_providers, window_days=PROVIDER_WINDOW_DAYS)
    n_api = int((tracked["table_name"] == "api_prices").sum())
    n_gpu = int((tracked["table_name"] == "gpu_prices").sum())
    coverage = load(q.segment_coverage)
    per_seg = ", ".join(
        f"{charts.segment_label(r.segment)} {int(r.n_with_prices)}/{int(r.n_companies)}"
        for r in coverage.itertuples()
        if r.price_tables
    )
    return Headline(
        "Providers with prices (API · GPU)",
        f"{n_api} · {n_gpu}",
        f"Distinct providers with API prices ({n_api}) and GPU prices ({n_gpu}) seen within "
        f"{PROVIDER_WINDOW_DAYS} days of each table's newest observation, incl. providers "
        f"outside the curated map and routers (channels such as OpenRouter). Curated "
        f"companies with prices (any date), per segment: {per_seg}.",
    )


def change_headline(load: Loader) -> Headline:
    stats = load(pq.price_change_stats)
    if stats.empty or not int(stats["n_changes"].iloc[0]):
        return Headline("Median price change", "n/a", "No price changes observed yet.")
    r = stats.iloc[0]
    return Headline(
        "Median price change",
        f"{r['median_pct_change']:+.0f}%",
        f"Median of {int(r['n_changes'])} input/output price changes ({int(r['n_cuts'])} cuts, "
        f"{int(r['n_rises'])} rises) first seen {pd.Timestamp(r['first_change']):%Y-%m-%d} to "
        f"{pd.Timestamp(r['last_change']):%Y-%m-%d}; unchanged prices are not counted.",
    )
