"""OpenRouter per-provider endpoints (daily CSV of ``/api/frontend/v1/stats/endpoint``
from the sui414/openrouter-pricing-data repo): each provider's price for each model
(ApiPrice) and live-traffic latency/throughput percentiles (Benchmark).

Units, established from the data:
- ``price_*`` are USD per token (decimal strings), already net of ``discount``
  (e.g. Baidu deepseek-v3.2 0.0000002072 with discount 0.26 = 0.28 $/M x 0.74).
- ``p*_throughput`` are output tokens/s.
- ``p*_latency`` are MILLISECONDS of time to first token. OpenRouter's API reference
  for ``latency_last_30m`` says "Latency percentiles in milliseconds ... Latency
  measures time to first token", and the magnitudes agree: Groq's p50 is 241-415,
  Cerebras' 305-350 and the median p50 of the loaded text endpoints 1,097.5 - i.e.
  0.24-1.1 s, plausible TTFTs, whereas seconds would mean minutes. Stored as
  ``ttft_s`` (value / 1000) with raw_unit "ms".
- ``pNN`` is the NN-th percentile of the measured values (p99 throughput is the fast
  tail, p99 latency the slow tail), over ``stats_window_minutes`` (30).
  Image/video/audio-output endpoints report other latencies (Recraft p50 10.5,
  gpt-image-2 12, i.e. not a text TTFT in ms) and are not loaded as benchmarks.

Rules:
- observed_at = the row's ``scrape_date``.
- Alias rows (``~`` slugs) duplicate their target's endpoints and are skipped.
- Provider = ``provider_from_slug(provider_slug)``: ``provider_name`` "Google" is
  Google Vertex (slug ``google-vertex``), distinct from Google AI Studio.
- A price is loaded only when ``pricing_json`` lists it as a per-token SKU
  ("Input Price", "Output Price", "Cache Read", "Cache Write" in "/M tokens"); per
  image/second/character prices (and the placeholder 0 of such models) are counted.
- Variants: ``batch`` -> batch_input/batch_output; ``free`` keeps 0 prices unless the
  same provider also serves the paid variant of the model; other variants
  (``thinking``) share the model_id with a different price and are skipped.
- One price set per (provider, model, variant): regional and quantization endpoints
  of one provider (Vertex Europe at +10%, DeepInfra Turbo ...) would give one series
  several values, so the cheapest endpoint (input, then output price) is kept and the
  others counted.
- Benchmarks for every endpoint with stats and status 0. Other statuses (-2, -3, -5
  in the snapshot) come with lower success counts (-3 coincides with is_deranked)
  and are counted, as are endpoints without stats in the window.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TypedDict

from canon.kinds import TEXT, classify_listing
from canon.names import canonical_model, known_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import ApiPrice, Benchmark
from ingest.sources.openrouter_models import parse_decimal, usd_per_mtok
from ingest.sources.openrouter_providers import ATTRIBUTION, LICENSE, provider_from_slug

URL_TEMPLATE = (
    "https://raw.githubusercontent.com/sui414/openrouter-pricing-data/main/"
    "data/csv/endpoints/date={day}.csv"
)
HOME = "https://github.com/sui414/openrouter-pricing-data/tree/main/data/csv/endpoints"
RAW_UNIT = "USD/token"
REQUIRED = (
    "scrape_date",
    "model_slug",
    "variant",
    "provider_name",
    "provider_slug",
    "provider_display_name",
    "quantization",
    "price_prompt",
    "price_completion",
    "price_cache_read",
    "status",
    "p50_throughput",
    "p50_latency",
    "stats_window_minutes",
    "pricing_json",
)
# CSV column -> (price type, batch price type, per-token SKU labels that confirm it).
PRICE_COLUMNS: dict[str, tuple[str, str | None, tuple[str, ...]]] = {
    "price_prompt": ("input", "batch_input", ("Input Price", "Text Input")),
    "price_completion": ("output", "batch_output", ("Output Price",)),
    "price_cache_read": ("cached_input", None, ("Cache Read",)),
    "price_cache_write": ("cache_write", None, ("Cache Write",)),
}
STATS = ("p50", "p75", "p90", "p95", "p99")
LOADED_VARIANTS = ("standard", "free", "batch")
NON_TEXT_OUTPUT = ("Image Output", "Video", "Song Generation", "Output Audio")


def read_rows(payload: Payload, label: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    """CSV rows as dicts; ParseError naming the missing columns if the header changed."""
    try:
        reader = csv.DictReader(io.StringIO(payload.text()))
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise ParseError(f"{label}: expected CSV columns {missing} (header: {header[:8]}...)")
        return list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ParseError(f"{label}: expected a CSV file, got: {exc}") from exc


def row_date(text: str) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def _token_skus(row: dict[str, str]) -> list[dict]:
    try:
        pricing = json.loads(row.get("pricing_json") or "{}")
    except json.JSONDecodeError:
        return []
    skus = pricing.get("display_pricing") if isinstance(pricing, dict) else None
    return [s for s in skus or [] if isinstance(s, dict)]


def _is_token_price(value: Decimal, labels: tuple[str, ...], skus: list[dict]) -> bool:
    for sku in skus:
        if sku.get("kind") != "token" or sku.get("unitLabel") != "/M tokens":
            continue
        if sku.get("sku_label") not in labels:
            continue
        listed = parse_decimal(sku.get("price"))
        if listed is not None and math.isclose(
            float(listed), float(value), rel_tol=1e-9, abs_tol=1e-15
        ):
            return True
    return False


def listing_kind(row: dict[str, str], skus: list[dict]) -> str:
    """What an endpoint sells (``canon.kinds``): the model slug and its SKU labels
    ("Image Output", "Song Generation" ...). Endpoints are chat completions, so a
    listing with no other evidence is text generation."""
    labels = [str(s.get("sku_label", "")) for s in skus]
    return classify_listing(row["model_slug"], fields=labels, default=TEXT)


def _prices(row: dict[str, str], provider: str, result: ParseResult) -> list[ApiPrice]:
    variant, skus, day = row["variant"], _token_skus(row), row_date(row["scrape_date"])
    kind = listing_kind(row, skus)
    source_model = row["model_slug"] + ("" if variant == "standard" else f":{variant}")
    out = []
    price_type: str | None  # the column's type, or its batch type (None: no batch type)
    for column, (price_type, batch_type, labels) in PRICE_COLUMNS.items():
        value = parse_decimal(row.get(column))
        if value is None:
            continue
        if variant == "batch":
            price_type = batch_type
        if price_type is None:
            result.skip("price: batch cache price (no price type)")
        elif value < 0 or not _is_token_price(value, labels, skus):
            result.skip(f"price: {column} not a per-token price (per image/second/character...)")
        else:
            out.append(
                ApiPrice(
                    provider=provider,
                    model_id=canonical_model(row["model_slug"]),
                    price_type=price_type,
                    usd_per_mtok=usd_per_mtok(value),
                    raw_value=float(value),
                    raw_unit=RAW_UNIT,
                    observed_at=day,
                    source_model=source_model,
                    kind=kind,
                    endpoint=_workload(row),
                )
            )
    return out


def _workload(row: dict[str, str]) -> str:
    window = (row.get("stats_window_minutes") or "").strip()
    parts = [
        f"OpenRouter live traffic, rolling {window}-min window"
        if window
        else "OpenRouter live traffic",
        f"quantization={row.get('quantization') or 'unknown'}",
        f"endpoint={row.get('provider_display_name') or row.get('provider_name')}",
    ]
    if (row.get("provider_region") or "").strip():
        parts.append(f"region={row['provider_region'].strip()}")
    if row["variant"] != "standard":
        parts.append(f"variant={row['variant']}")
    return ", ".join(parts)


def _benchmark_skip(row: dict[str, str]) -> str | None:
    if not (row.get("p50_throughput") or "").strip() and not (row.get("p50_latency") or "").strip():
        return "benchmark: no performance stats in window"
    status = (row.get("status") or "").strip()
    if status != "0":
        return f"benchmark: endpoint status {status or 'missing'} (not OK)"
    skus = _token_skus(row)
    text_output = any(
        s.get("sku_label") == "Output Price" and s.get("unitLabel") == "/M tokens" for s in skus
    )
    if not text_output or any(
        str(s.get("sku_label", "")).startswith(NON_TEXT_OUTPUT) for s in skus
    ):
        return "benchmark: not a text-output endpoint (image/audio/video)"
    return None


class _BenchmarkCommon(TypedDict):
    """Benchmark fields shared by all rows of one endpoint."""

    provider: str
    model_id: str
    workload: str
    observed_at: date | None


def _benchmarks(row: dict[str, str], provider: str, result: ParseResult) -> list[Benchmark]:
    reason = _benchmark_skip(row)
    if reason:
        result.skip(reason)
        return []
    common = _BenchmarkCommon(
        provider=provider,
        model_id=canonical_model(row["model_slug"]),
        workload=_workload(row),
        observed_at=row_date(row["scrape_date"]),
    )
    out = []
    for stat in STATS:
        for column, metric, unit, raw_unit, scale in (
            (f"{stat}_throughput", "output_tps", "tokens/s", "tokens/s", 1.0),
            (f"{stat}_latency", "ttft_s", "s", "ms", 1000.0),
        ):
            raw = parse_decimal(row.get(column))
            if raw is None or raw < 0:
                result.skip(f"benchmark: missing {column}")
                continue
            value = float(raw) / scale
            out.append(
                Benchmark(
                    metric=metric,
                    stat=stat,
                    value=value,
                    unit=unit,
                    raw_value=float(raw),
                    raw_unit=raw_unit,
                    **common,
                )
            )
    return out


def _cheapest(groups: dict[tuple, list[list[ApiPrice]]], result: ParseResult) -> list[ApiPrice]:
    """One price set per (provider, model_id, variant), the cheapest endpoint's."""
    out = []
    for (provider, model_id, variant), candidates in groups.items():
        if variant == "free" and (provider, model_id, "standard") in groups:
            result.skip("price: free variant of a paid endpoint (paid price kept)", len(candidates))
            continue

        def cost(prices: list[ApiPrice]) -> tuple[float, float]:
            by_type = {p.price_type.replace("batch_", ""): p.usd_per_mtok for p in prices}
            return by_type.get("input", math.inf), by_type.get("output", math.inf)

        ranked = sorted(candidates, key=cost)
        out.extend(ranked[0])
        if len(ranked) > 1:
            result.skip(
                "price: another endpoint of the same provider+model (cheapest kept)",
                len(ranked) - 1,
            )
    return out


def parse(payload: Payload) -> ParseResult:
    """ApiPrice per provider x model and Benchmark percentiles per endpoint."""
    rows = read_rows(payload, "openrouter endpoints", REQUIRED)
    result = ParseResult()
    groups: dict[tuple, list[list[ApiPrice]]] = {}
    for row in rows:
        slug = (row.get("model_slug") or "").strip()
        provider = provider_from_slug(row.get("provider_slug") or "")
        if not slug or not provider:
            result.skip("row without model_slug or provider_slug")
            continue
        if slug.startswith("~"):
            result.skip("alias (~) model slug, duplicate of its target's endpoints")
            continue
        raw_provider = (row.get("provider_slug") or "").strip().split("/", 1)[0]
        if known_provider(raw_provider) is None:
            result.unmapped_name("provider", raw_provider)
        if row["variant"] not in LOADED_VARIANTS:
            result.skip(
                f"variant '{row['variant']}' priced apart from its base model (same model_id)"
            )
            continue
        prices = _prices(row, provider, result)
        if prices:
            key = (provider, canonical_model(slug), row["variant"])
            groups.setdefault(key, []).append(prices)
        result.rows.extend(_benchmarks(row, provider, result))
    result.rows[:0] = _cheapest(groups, result)
    return result


def fetch_daily(template: str, name: str) -> list[Payload]:
    """Today's (UTC) daily CSV from the dataset repo, or yesterday's if today's is not
    published yet (HTTP 404)."""
    today = datetime.now(UTC).date()
    try:
        return [http.get(template.format(day=today), name=f"{name}-{today}.csv")]
    except http.FetchError as exc:
        if "HTTP 404" not in str(exc):
            raise
    yesterday = today - timedelta(days=1)
    return [http.get(template.format(day=yesterday), name=f"{name}-{yesterday}.csv")]


def fetch() -> list[Payload]:
    return fetch_daily(URL_TEMPLATE, "endpoints")


SOURCE = Source(
    name="openrouter_endpoints",
    title="OpenRouter provider endpoints: prices and live latency/throughput",
    url=HOME,
    kind="csv",
    license=LICENSE,
    attribution=ATTRIBUTION,
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("openrouter/csv/endpoints/date=2026-07-31.csv", date(2026, 7, 31)),),
    description=(
        "Every provider endpoint OpenRouter routes to: per-token prices per provider and "
        "model, and p50-p99 time to first token and output tokens/s measured on "
        "OpenRouter's live traffic over a rolling 30-minute window."
    ),
)
