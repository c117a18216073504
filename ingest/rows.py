"""Typed rows that parsers emit, one dataclass per warehouse table.

Units are in the field names. Every normalized number keeps the raw value and raw
unit it was computed from, because unit slips (per token vs per 1M tokens, per
instance vs per GPU) are the most common error in price data.

Rows validate themselves in ``__post_init__``: a parser that produces a negative
price or an unknown pricing type fails loudly instead of loading bad data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, get_args, get_type_hints

from canon.kinds import KINDS, UNCLASSIFIED

SEGMENTS = (
    "model_api",
    "inference_provider",
    "ai_cloud",
    "hyperscaler",
    "hardware",
    "edge",
)
PRICE_TYPES = (
    "input",
    "output",
    "cached_input",
    "cache_write",
    "batch_input",
    "batch_output",
    "input_off_peak",
    "output_off_peak",
    "cached_input_off_peak",
    # A regional endpoint's price beside the global list price (e.g. AWS Bedrock's
    # geographic cross-region profiles us./eu./apac., +10%): an attribute, never the listing.
    "input_regional",
    "output_regional",
)
PRICINGS = (
    "on_demand",
    "spot",
    "community",
    "reserved_1w",
    "reserved_1m",
    "reserved_3m",
    "reserved_6m",
    "reserved_1y",
    "reserved_3y",
    "inference",
    "index",
)


class RowError(ValueError):
    """A parsed value is outside what the schema accepts."""


def _check_nonneg(name: str, value: float | None) -> None:
    if value is None:
        return
    if not isinstance(value, (int, float)) or math.isnan(value) or value < 0:
        raise RowError(f"{name} must be a non-negative number, got {value!r}")


def _check_in(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise RowError(f"{name}={value!r} is not one of {allowed}")


def _check_text(name: str, value: str | None) -> None:
    if not value or not str(value).strip():
        raise RowError(f"{name} is required")


@dataclass(frozen=True, slots=True)
class ApiPrice:
    """One price of one model at one provider, long format (one row per price type).

    ``usd_per_mtok`` is USD per 1,000,000 tokens; ``raw_value``/``raw_unit`` are as
    published (e.g. 1.5e-06, "USD/token"; or 0.28, "USD/1M tokens").
    """

    provider: str
    model_id: str
    price_type: str
    usd_per_mtok: float
    raw_value: float
    raw_unit: str
    observed_at: date | datetime | None = None  # None: the payload's date
    source_model: str = ""  # the model name exactly as the source spells it
    currency: str = "USD"
    # What the listing sells, one of canon.kinds.KINDS, decided by the parser with
    # canon.kinds.classify_listing; a row that does not say is kept out of LLM tables.
    kind: str = UNCLASSIFIED
    terms: str = ""  # conditions stated by the source, e.g. "first tier: 0-256K tokens"
    undated: bool = False  # no date of its own: observed_at is the payload's date
    endpoint: str | None = None  # the endpoint (its benchmarks.workload) priced here
    deprecated_on: date | None = None  # the source's deprecation date of the listing
    # True: the model vendor's own list price; False: a third-party channel's; None: not
    # stated by the source.
    official: bool | None = None
    # Published in another currency: the stated, dated rate used (USD per unit of
    # ``currency``), the rate's own date and its source (see ingest.fx).
    fx_usd_per_unit: float | None = None
    fx_rate_date: date | None = None
    fx_source: str | None = None

    def __post_init__(self) -> None:
        _check_text("provider", self.provider)
        _check_text("model_id", self.model_id)
        _check_in("price_type", self.price_type, PRICE_TYPES)
        _check_in("kind", self.kind, KINDS)
        _check_nonneg("usd_per_mtok", self.usd_per_mtok)
        _check_text("raw_unit", self.raw_unit)


@dataclass(frozen=True, slots=True)
class GpuPrice:
    """A GPU rental price. ``usd_per_gpu_hour`` is always per single GPU;
    ``usd_per_hour`` is for the whole offer of ``gpu_count`` GPUs when known."""

    provider: str
    gpu: str
    pricing: str
    usd_per_gpu_hour: float
    raw_value: float
    raw_unit: str
    gpu_count: int = 1
    usd_per_hour: float | None = None
    gpu_memory_gb: float | None = None
    region: str = ""
    observed_at: date | datetime | None = None
    source_gpu: str = ""
    n_offers: int | None = None

    def __post_init__(self) -> None:
        _check_text("provider", self.provider)
        _check_text("gpu", self.gpu)
        _check_in("pricing", self.pricing, PRICINGS)
        _check_nonneg("usd_per_gpu_hour", self.usd_per_gpu_hour)
        _check_nonneg("usd_per_hour", self.usd_per_hour)
        if self.gpu_count < 1:
            raise RowError(f"gpu_count must be >= 1, got {self.gpu_count}")
        _check_text("raw_unit", self.raw_unit)


@dataclass(frozen=True, slots=True)
class Benchmark:
    """A measured performance figure.

    ``metric`` names the quantity with its unit as suffix: ``ttft_s``,
    ``inter_token_latency_s``, ``e2e_latency_s``, ``output_tps`` (tokens/s per
    request), ``throughput_tps`` (tokens/s aggregate), ``latency_s`` ...;
    ``stat`` is p50/p90/p99/mean/min/max/result; ``workload`` describes the test.
    """

    provider: str
    model_id: str
    metric: str
    stat: str
    value: float
    unit: str
    raw_value: float
    raw_unit: str
    workload: str = ""
    hardware: str = ""
    observed_at: date | datetime | None = None
    # Hardware benchmarks (MLPerf): what was run, on what, and how the value was derived.
    round: str = ""  # benchmark round, e.g. "v5.1"
    scenario: str = ""  # Offline / Server / Interactive ...
    system: str = ""  # the submitted system as named
    accelerators: int | None = None  # accelerators in the system (nodes x per node)
    precision: str = ""  # weight data types, e.g. "fp8"
    software: str = ""
    availability: str = ""  # available / preview
    division: str = ""  # closed / open
    derived: bool | None = None  # True: value computed from raw_value (e.g. / accelerators)
    result_id: str = ""  # the source's id of the submission (MLPerf: system ID)
    details_url: str = ""

    def __post_init__(self) -> None:
        _check_text("metric", self.metric)
        if self.accelerators is not None and self.accelerators < 1:
            raise RowError(f"accelerators must be >= 1, got {self.accelerators}")
        _check_text("unit", self.unit)
        _check_nonneg("value", self.value)


@dataclass(frozen=True, slots=True)
class Hardware:
    """Accelerator specs in engineering units (TFLOP/s, GB, TB/s, W, USD)."""

    accelerator: str  # canonical id, e.g. H100_SXM
    name: str  # as published
    vendor: str
    kind: str = ""  # GPU / TPU / ASIC ...
    release_date: date | None = None
    price_usd: float | None = None
    bf16_tflops: float | None = None
    fp8_tflops: float | None = None
    fp4_tflops: float | None = None
    int8_tops: float | None = None
    memory_gb: float | None = None
    bandwidth_tbps: float | None = None
    tdp_w: float | None = None
    process_nm: float | None = None

    def __post_init__(self) -> None:
        _check_text("accelerator", self.accelerator)
        for name in (
            "price_usd",
            "bf16_tflops",
            "fp8_tflops",
            "fp4_tflops",
            "int8_tops",
            "memory_gb",
            "bandwidth_tbps",
            "tdp_w",
        ):
            _check_nonneg(name, getattr(self, name))


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Facts about a model (dimension table, latest source wins per field)."""

    model_id: str
    name: str = ""
    creator: str = ""
    params_b: float | None = None
    context_tokens: int | None = None
    open_weights: bool | None = None
    release_date: date | None = None
    aa_intelligence_index: float | None = None
    aa_coding_index: float | None = None

    def __post_init__(self) -> None:
        _check_text("model_id", self.model_id)


@dataclass(frozen=True, slots=True)
class Usage:
    """Token usage volume (a market-share signal): per model (author = creator) on a
    platform, or per provider serving a model (``provider`` set)."""

    platform: str  # e.g. OpenRouter
    model_id: str
    author: str
    tokens: float
    provider: str = ""
    prompt_tokens: float | None = None
    completion_tokens: float | None = None
    requests: float | None = None
    observed_at: date | datetime | None = None
    window: str = ""  # what period the volume covers, e.g. "trailing 30 days"

    def __post_init__(self) -> None:
        _check_nonneg("tokens", self.tokens)


@dataclass(frozen=True, slots=True)
class Company:
    """Landscape taxonomy row (curated, one row per company x segment)."""

    company: str
    segment: str
    subsegment: str = ""
    hq_country: str = ""
    ownership: str = ""
    parent: str = ""
    citation: str = ""  # source URL
    source_date: str = ""
    note: str = ""
    provider: str = ""  # canonical provider name, to join with price and usage tables
    notable_offering: str = ""

    def __post_init__(self) -> None:
        _check_text("company", self.company)
        _check_in("segment", self.segment, SEGMENTS)


@dataclass(frozen=True, slots=True)
class Provider:
    """Provider directory entry (e.g. OpenRouter's provider list)."""

    provider: str
    slug: str = ""
    headquarters: str = ""
    url: str = ""
    data_policy: str = ""

    def __post_init__(self) -> None:
        _check_text("provider", self.provider)


@dataclass(frozen=True, slots=True)
class MarketShare:
    """A published market share in percent (0-100) with its basis and citation."""

    segment: str
    company: str
    period: str
    share_pct: float
    basis: str
    market_definition: str = ""
    citation: str = ""
    source_date: str = ""
    source_kind: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        _check_in("segment", self.segment, SEGMENTS)
        _check_nonneg("share_pct", self.share_pct)
        if self.share_pct > 100:
            raise RowError(f"share_pct must be <= 100, got {self.share_pct}")


@dataclass(frozen=True, slots=True)
class EdgeAccelerator:
    """An on-device NPU (curated). TOPS as stated with precision in the note."""

    device_family: str
    vendor: str
    chip: str
    npu_name: str = ""
    release_date: str = ""
    int8_tops: float | None = None
    npu_tops_stated: float | None = None
    memory_note: str = ""
    typical_devices: str = ""
    citation: str = ""
    source_date: str = ""
    source_kind: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class EdgeBenchmark:
    """A published on-device LLM measurement (curated). Seconds and tokens/s."""

    device: str
    chip: str
    model: str
    params_b: float | None = None
    precision: str = ""
    engine: str = ""
    prompt_tokens: float | None = None
    ttft_s: float | None = None
    output_tokens_per_s: float | None = None
    citation: str = ""
    source_date: str = ""
    source_kind: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class AiCluster:
    """A known AI supercomputer / GPU cluster (Epoch AI): chips, H100-equivalents, power.

    ``supplier`` is the canonical vendor of the primary chip ("Anonymized" / "Unknown"
    kept as published); ``accelerator`` the canonical id of the primary chip."""

    name: str
    status: str  # Existing / Planned / Decommissioned
    supplier: str
    certainty: str = ""
    accelerator: str = ""
    chip_type: str = ""  # primary chip as published
    chip_quantity: float | None = None  # primary chips
    total_chips: float | None = None  # all AI chips (primary + secondary)
    h100_equivalents: float | None = None
    owner: str = ""
    country: str = ""
    sector: str = ""
    first_operational: date | None = None
    power_mw: float | None = None
    hardware_cost_usd: float | None = None
    single_cluster: str = ""  # Yes / No / Unclear
    possible_duplicate: bool = False
    standard_analysis: bool = False  # Epoch's "Include in Standard Analysis"
    superseded_by: str = ""  # a later phase of the same cluster that includes this one
    citation: str = ""  # the row's first source URL

    def __post_init__(self) -> None:
        _check_text("name", self.name)
        _check_text("status", self.status)
        for name in ("chip_quantity", "total_chips", "h100_equivalents", "power_mw"):
            _check_nonneg(name, getattr(self, name))


@dataclass(frozen=True, slots=True)
class FxRate:
    """A reference exchange rate: ``units_per_eur`` of ``currency`` for 1 EUR on the
    rate's own date (``observed_at``), and ``usd_per_unit`` = USD per EUR ÷ units per EUR
    on that same day (the cross rate through the euro)."""

    currency: str
    units_per_eur: float
    usd_per_unit: float
    observed_at: date | datetime | None = None

    def __post_init__(self) -> None:
        _check_text("currency", self.currency)
        for name in ("units_per_eur", "usd_per_unit"):
            value = getattr(self, name)
            _check_nonneg(name, value)
            if not value:
                raise RowError(f"{name} must be positive, got {value!r}")


# Row class -> warehouse table it is written to.
ROW_TABLES: dict[type, str] = {
    ApiPrice: "api_prices",
    GpuPrice: "gpu_prices",
    Benchmark: "benchmarks",
    Hardware: "hardware",
    ModelInfo: "models",
    Usage: "usage",
    Company: "companies",
    Provider: "providers",
    MarketShare: "market_shares",
    EdgeAccelerator: "edge_accelerators",
    EdgeBenchmark: "edge_benchmarks",
    AiCluster: "ai_clusters",
    FxRate: "fx_rates",
}


def row_columns(cls: type) -> list[str]:
    """Field names of a row class, in declaration order."""
    return [f.name for f in fields(cls)]


def row_values(row: Any) -> tuple:
    """The row's values as a tuple, in ``row_columns`` order (fast, no deep copy)."""
    return tuple(getattr(row, name) for name in row.__slots__)


# Columns the runner fills from the payload and the run, not from the parser's rows.
PROVENANCE_COLUMNS = ("source_id", "run_id", "observed_at")


def schema_mismatches(cls: type, table: Any) -> list[str]:
    """How row class ``cls`` disagrees with the SQLAlchemy ``table`` it is written to.

    The table (``warehouse.schema``) is the single declaration of what is stored; a row
    class must match it: every field is a column of the field's Python type, every
    other column is provenance, and a NOT NULL column is never an optional field."""
    hints = get_type_hints(cls)
    columns = {c.name: c for c in table.columns}
    problems = []
    for name in row_columns(cls):
        column = columns.get(name)
        if column is None:
            problems.append(f"{cls.__name__}.{name}: no column {table.name}.{name}")
            continue
        allowed = set(get_args(hints[name])) or {hints[name]}
        if column.type.python_type not in allowed:
            problems.append(
                f"{cls.__name__}.{name}: annotated {hints[name]}, but {table.name}.{name} "
                f"is {column.type} ({column.type.python_type.__name__})"
            )
        if not column.nullable and type(None) in allowed and name not in PROVENANCE_COLUMNS:
            problems.append(f"{cls.__name__}.{name} may be None, {table.name}.{name} is NOT NULL")
    for name in sorted(set(columns) - set(row_columns(cls)) - set(PROVENANCE_COLUMNS)):
        problems.append(f"{table.name}.{name}: no field {cls.__name__}.{name}")
    return problems
