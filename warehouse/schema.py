"""The warehouse schema, in one place (SQLAlchemy Core, portable to PostgreSQL).

Observation tables are append-only and carry provenance (source_id, run_id,
observed_at); ``latest_*``, ``*_series`` and ``price_changes`` views are derived from
them. The views in ``MATERIALIZED`` are also snapshotted into derived tables
``mv_<view>`` (see ``warehouse.migrate.materialize``) so that pages read small tables
however long the history grows.
Bump ``SCHEMA_VERSION`` and add a step to ``MIGRATIONS`` when the schema changes
(derived tables need no migration: every refresh rebuilds them).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

SCHEMA_VERSION = 8

# Columns that describe a hardware benchmark row (MLPerf), added in schema version 5.
BENCHMARK_TEXT_COLUMNS = (
    "round",
    "scenario",
    "system",
    "precision",
    "software",
    "availability",
    "division",
    "result_id",
    "details_url",
)

metadata = MetaData()


def _provenance() -> list[Column]:
    return [
        Column("source_id", String, nullable=False),
        Column("run_id", String, nullable=False),
        Column("observed_at", DateTime, nullable=False),
    ]


schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, nullable=False),
    Column("applied_at", DateTime, nullable=False),
)

# Facts about the warehouse itself: ``data_version`` (a counter every finished writer
# bumps: the cache key of every app replica), ``views_sha256`` (the view definitions the
# views were created from; see warehouse.migrate).
warehouse_meta = Table(
    "warehouse_meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("source_id", String, primary_key=True),
    Column("title", String, nullable=False),
    Column("url", Text, nullable=False),
    Column("kind", String, nullable=False),
    Column("license", Text),
    Column("attribution", Text),
    Column("description", Text),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("run_id", String, nullable=False),
    Column("source_id", String, nullable=False),
    Column("mode", String, nullable=False),  # live | offline
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("status", String, nullable=False),  # ok | failed | skipped
    Column("rows_in", Integer),
    Column("rows_new", Integer),
    Column("rows_held", Integer),
    Column("skipped", Text),  # JSON: reason -> count
    Column("error", Text),
    Column("payload_sha256", String),
    Column("archive_path", Text),
    Column("origin", Text),
)

# Every payload loaded, by content hash: a rerun of the same payload adds no rows.
loaded_payloads = Table(
    "loaded_payloads",
    metadata,
    Column("source_id", String, nullable=False),
    Column("sha256", String, nullable=False),
    Column("run_id", String, nullable=False),
    Column("origin", Text),
    Column("observed_at", DateTime),
    Column("archive_path", Text),
    Column("rows_new", Integer),
    # What the payload held (ingest.suspect.profile), to judge the next one by.
    Column("rows_in", Integer),
    Column("name", String),
    Column("profile", Text),
)

# Rows that validation held back instead of loading (implausible for their kind, or a
# 10x move away from the other sources' consensus; see ingest/validate.py).
held_back = Table(
    "held_back",
    metadata,
    Column("run_id", String, nullable=False),
    Column("source_id", String, nullable=False),
    Column("table_name", String, nullable=False),
    Column("item", Text, nullable=False),
    Column("previous_value", Double),
    Column("new_value", Double),
    Column("reason", Text, nullable=False),
)

# Raw names a parser could not map to a canonical name (provider spellings, listing
# kinds a source started sending), counted per run: listed on Data & sources, never
# silently title-cased into a new company.
unmapped_names = Table(
    "unmapped_names",
    metadata,
    Column("run_id", String, nullable=False),
    Column("source_id", String, nullable=False),
    Column("name_kind", String, nullable=False),  # provider | listing_kind | ...
    Column("raw_name", Text, nullable=False),
    Column("n_rows", Integer, nullable=False),
    Column("note", Text),
)

api_prices = Table(
    "api_prices",
    metadata,
    *_provenance(),
    Column("provider", String, nullable=False),
    Column("model_id", String, nullable=False),
    Column("price_type", String, nullable=False),
    Column("usd_per_mtok", Double, nullable=False),
    Column("raw_value", Double, nullable=False),
    Column("raw_unit", String, nullable=False),
    Column("source_model", String),
    Column("currency", String),
    Column("kind", String),  # canon.kinds.KINDS: text | image | audio | embedding | ...
    # Conditions the price holds under, as the source states them ("" = the plain list
    # price), e.g. "first tier: prompts of 0-256K tokens" for a tiered-only entry.
    Column("terms", Text),
    # True: the source gives the price no date of its own (observed_at is the snapshot's
    # date); such a row never overrides a dated observation (warehouse.views).
    Column("undated", Boolean),
    # The endpoint the price was read from, spelled as its benchmarks.workload (sources
    # with per-endpoint speed stats), so a price-speed point is one real offer.
    Column("endpoint", Text),
    Column("deprecated_on", Date),  # the source's deprecation date (movers leave it out)
    Column("official", Boolean),  # vendor's own price (true) / third-party channel (false)
    # A price published in another currency (``currency``, ``raw_value``) is converted at a
    # stated, dated rate: USD per unit of that currency, the rate's own date and the
    # source it came from (fx_rates, e.g. ecb_fx). NULL for prices published in USD.
    Column("fx_usd_per_unit", Double),
    Column("fx_rate_date", Date),
    Column("fx_source", String),
)

gpu_prices = Table(
    "gpu_prices",
    metadata,
    *_provenance(),
    Column("provider", String, nullable=False),
    Column("gpu", String, nullable=False),
    Column("pricing", String, nullable=False),
    Column("usd_per_gpu_hour", Double, nullable=False),
    Column("raw_value", Double, nullable=False),
    Column("raw_unit", String, nullable=False),
    Column("gpu_count", Integer, nullable=False),
    Column("usd_per_hour", Double),
    Column("gpu_memory_gb", Double),
    Column("region", String),
    Column("source_gpu", String),
    Column("n_offers", Integer),
)

benchmarks = Table(
    "benchmarks",
    metadata,
    *_provenance(),
    Column("provider", String, nullable=False),
    Column("model_id", String, nullable=False),
    Column("metric", String, nullable=False),
    Column("stat", String, nullable=False),
    Column("value", Double, nullable=False),
    Column("unit", String, nullable=False),
    Column("raw_value", Double, nullable=False),
    Column("raw_unit", String, nullable=False),
    Column("workload", Text),
    Column("hardware", String),
    *[Column(name, String) for name in BENCHMARK_TEXT_COLUMNS],
    Column("accelerators", Integer),
    Column("derived", Boolean),
)

hardware = Table(
    "hardware",
    metadata,
    *_provenance(),
    Column("accelerator", String, nullable=False),
    Column("name", String, nullable=False),
    Column("vendor", String),
    Column("kind", String),
    Column("release_date", Date),
    Column("price_usd", Double),
    Column("bf16_tflops", Double),
    Column("fp8_tflops", Double),
    Column("fp4_tflops", Double),
    Column("int8_tops", Double),
    Column("memory_gb", Double),
    Column("bandwidth_tbps", Double),
    Column("tdp_w", Double),
    Column("process_nm", Double),
)

models = Table(
    "models",
    metadata,
    *_provenance(),
    Column("model_id", String, nullable=False),
    Column("name", String),
    Column("creator", String),
    Column("params_b", Double),
    Column("context_tokens", Integer),
    Column("open_weights", Boolean),
    Column("release_date", Date),
    Column("aa_intelligence_index", Double),
    Column("aa_coding_index", Double),
)

usage = Table(
    "usage",
    metadata,
    *_provenance(),
    Column("platform", String, nullable=False),
    Column("model_id", String, nullable=False),
    Column("author", String),
    Column("tokens", Double, nullable=False),
    Column("provider", String),
    Column("prompt_tokens", Double),
    Column("completion_tokens", Double),
    Column("requests", Double),
    Column("window", String),
)

providers = Table(
    "providers",
    metadata,
    *_provenance(),
    Column("provider", String, nullable=False),
    Column("slug", String),
    Column("headquarters", String),
    Column("url", Text),
    Column("data_policy", Text),
)

companies = Table(
    "companies",
    metadata,
    *_provenance(),
    Column("company", String, nullable=False),
    Column("segment", String, nullable=False),
    Column("subsegment", String),
    Column("hq_country", String),
    Column("ownership", String),
    Column("parent", String),
    Column("citation", Text),
    Column("source_date", String),
    Column("note", Text),
    Column("provider", String),
    Column("notable_offering", Text),
)

market_shares = Table(
    "market_shares",
    metadata,
    *_provenance(),
    Column("segment", String, nullable=False),
    Column("company", String, nullable=False),
    Column("period", String, nullable=False),
    Column("share_pct", Double, nullable=False),
    Column("basis", String, nullable=False),
    Column("market_definition", Text),
    Column("citation", Text),
    Column("source_date", String),
    Column("source_kind", String),
    Column("note", Text),
)

edge_accelerators = Table(
    "edge_accelerators",
    metadata,
    *_provenance(),
    Column("device_family", String),
    Column("vendor", String),
    Column("chip", String),
    Column("npu_name", String),
    Column("release_date", String),
    Column("int8_tops", Double),
    Column("npu_tops_stated", Double),
    Column("memory_note", Text),
    Column("typical_devices", Text),
    Column("citation", Text),
    Column("source_date", String),
    Column("source_kind", String),
    Column("note", Text),
)

edge_benchmarks = Table(
    "edge_benchmarks",
    metadata,
    *_provenance(),
    Column("device", String),
    Column("chip", String),
    Column("model", String),
    Column("params_b", Double),
    Column("precision", String),
    Column("engine", String),
    Column("prompt_tokens", Double),
    Column("ttft_s", Double),
    Column("output_tokens_per_s", Double),
    Column("citation", Text),
    Column("source_date", String),
    Column("source_kind", String),
    Column("note", Text),
)

ai_clusters = Table(
    "ai_clusters",
    metadata,
    *_provenance(),
    Column("name", String, nullable=False),
    Column("status", String, nullable=False),
    Column("supplier", String, nullable=False),
    Column("certainty", String),
    Column("accelerator", String),
    Column("chip_type", String),
    Column("chip_quantity", Double),
    Column("total_chips", Double),
    Column("h100_equivalents", Double),
    Column("owner", String),
    Column("country", String),
    Column("sector", String),
    Column("first_operational", Date),
    Column("power_mw", Double),
    Column("hardware_cost_usd", Double),
    Column("single_cluster", String),
    Column("possible_duplicate", Boolean),
    Column("standard_analysis", Boolean),
    Column("superseded_by", String),
    Column("citation", Text),
)

# Reference exchange rates (ECB): units of ``currency`` per EUR on ``observed_at`` (the
# rate's own date) and the USD value of one unit derived from the same day's USD rate.
fx_rates = Table(
    "fx_rates",
    metadata,
    *_provenance(),
    Column("currency", String, nullable=False),
    Column("units_per_eur", Double, nullable=False),
    Column("usd_per_unit", Double, nullable=False),
)

scenarios = Table(
    "scenarios",
    metadata,
    Column("name", String, primary_key=True),
    Column("params_json", Text, nullable=False),
    Column("saved_at", DateTime, nullable=False),
)

# Tables whose rows come from parsers (row class -> table in ingest.rows.ROW_TABLES).
OBSERVATION_TABLES = (
    "api_prices",
    "gpu_prices",
    "benchmarks",
    "hardware",
    "models",
    "usage",
    "providers",
    "companies",
    "market_shares",
    "edge_accelerators",
    "edge_benchmarks",
    "ai_clusters",
    "fx_rates",
)


# Derived views and the derived tables rebuilt from them live in warehouse/views.py.
from warehouse.views import (  # noqa: E402
    MATERIALIZED,
    MATERIALIZED_PREFIX,
    VIEWS,
    materialized,
)

__all__ = [
    "MATERIALIZED",
    "MATERIALIZED_PREFIX",
    "OBSERVATION_TABLES",
    "SCHEMA_VERSION",
    "VIEWS",
    "materialized",
    "metadata",
]
