"""The warehouse schema, in one place (SQLAlchemy Core, portable to PostgreSQL).

Observation tables are append-only and carry provenance (source_id, run_id,
observed_at); ``latest_*`` and ``price_changes`` views are derived from them.
Bump ``SCHEMA_VERSION`` and add a step to ``MIGRATIONS`` when the schema changes.
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

SCHEMA_VERSION = 1

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
)

# Rows that the anomaly guard held back instead of loading (e.g. a 100x price move).
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
)

# Derived views. Portable SQL (DuckDB and PostgreSQL): window functions, no PIVOT.
VIEWS: dict[str, str] = {
    # Latest value per (provider, model, price type) across all sources;
    # among equal timestamps, any source (ties are rare and values agree).
    "latest_api_prices_long": """
        SELECT * FROM (
            SELECT p.*, ROW_NUMBER() OVER (
                PARTITION BY p.provider, p.model_id, p.price_type
                ORDER BY p.source_id) AS rn
            FROM api_prices p
            JOIN (SELECT provider, model_id, price_type, MAX(observed_at) AS newest
                  FROM api_prices GROUP BY provider, model_id, price_type) m
              ON p.provider = m.provider AND p.model_id = m.model_id
             AND p.price_type = m.price_type AND p.observed_at = m.newest) t
        WHERE rn = 1
    """,
    "latest_api_prices": """
        SELECT provider, model_id,
            MAX(CASE WHEN price_type = 'input' THEN usd_per_mtok END) AS input_usd_per_mtok,
            MAX(CASE WHEN price_type = 'output' THEN usd_per_mtok END) AS output_usd_per_mtok,
            MAX(CASE WHEN price_type = 'cached_input' THEN usd_per_mtok END)
                AS cached_input_usd_per_mtok,
            MAX(CASE WHEN price_type = 'batch_input' THEN usd_per_mtok END)
                AS batch_input_usd_per_mtok,
            MAX(CASE WHEN price_type = 'batch_output' THEN usd_per_mtok END)
                AS batch_output_usd_per_mtok,
            MAX(observed_at) AS observed_at,
            STRING_AGG(DISTINCT source_id, ',') AS source_id
        FROM latest_api_prices_long
        GROUP BY provider, model_id
    """,
    # Newest observation date per series first (a cheap GROUP BY), then one row per
    # series among that date's rows: this stays fast when history grows 100x.
    "latest_gpu_prices": """
        SELECT * FROM (
            SELECT g.*, ROW_NUMBER() OVER (
                PARTITION BY g.provider, g.gpu, g.pricing
                ORDER BY g.usd_per_gpu_hour, g.source_id) AS rn
            FROM gpu_prices g
            JOIN (SELECT provider, gpu, pricing, MAX(observed_at) AS newest
                  FROM gpu_prices GROUP BY provider, gpu, pricing) m
              ON g.provider = m.provider AND g.gpu = m.gpu AND g.pricing = m.pricing
             AND g.observed_at = m.newest) t
        WHERE rn = 1
    """,
    # Every change of a price between consecutive observations of the same series
    # in the same source; first_seen is when the new value was first observed.
    "price_changes": """
        SELECT source_id, provider, model_id, price_type,
               prev_value AS old_usd_per_mtok, usd_per_mtok AS new_usd_per_mtok,
               CASE WHEN prev_value > 0
                    THEN 100.0 * (usd_per_mtok - prev_value) / prev_value END AS pct_change,
               prev_observed_at AS last_seen_old, observed_at AS first_seen
        FROM (
            SELECT p.*,
                LAG(usd_per_mtok) OVER w AS prev_value,
                LAG(observed_at) OVER w AS prev_observed_at
            FROM api_prices p
            WINDOW w AS (PARTITION BY source_id, provider, model_id, price_type
                         ORDER BY observed_at)) t
        WHERE prev_value IS NOT NULL AND usd_per_mtok <> prev_value
    """,
    # Per field, the newest non-empty value across sources (a newer row that lacks a
    # field must not hide it), with the sources that contributed.
    "latest_models": """
        SELECT model_id,
            (ARRAY_AGG(name ORDER BY observed_at DESC) FILTER (WHERE name IS NOT NULL AND name <> ''))[1] AS name,
            (ARRAY_AGG(creator ORDER BY observed_at DESC) FILTER (WHERE creator IS NOT NULL AND creator <> ''))[1] AS creator,
            (ARRAY_AGG(params_b ORDER BY observed_at DESC) FILTER (WHERE params_b IS NOT NULL))[1] AS params_b,
            (ARRAY_AGG(context_tokens ORDER BY observed_at DESC) FILTER (WHERE context_tokens IS NOT NULL))[1] AS context_tokens,
            (ARRAY_AGG(open_weights ORDER BY observed_at DESC) FILTER (WHERE open_weights IS NOT NULL))[1] AS open_weights,
            (ARRAY_AGG(release_date ORDER BY observed_at DESC) FILTER (WHERE release_date IS NOT NULL))[1] AS release_date,
            (ARRAY_AGG(aa_intelligence_index ORDER BY observed_at DESC) FILTER (WHERE aa_intelligence_index IS NOT NULL))[1] AS aa_intelligence_index,
            (ARRAY_AGG(aa_coding_index ORDER BY observed_at DESC) FILTER (WHERE aa_coding_index IS NOT NULL))[1] AS aa_coding_index,
            MAX(observed_at) AS observed_at,
            STRING_AGG(DISTINCT source_id, ',') AS source_id
        FROM models
        GROUP BY model_id
    """,
    "latest_hardware": """
        SELECT * FROM (
            SELECT h.*, ROW_NUMBER() OVER (
                PARTITION BY accelerator, name ORDER BY observed_at DESC) AS rn
            FROM hardware h) t
        WHERE rn = 1
    """,
    "source_freshness": """
        SELECT s.source_id, s.title, s.kind,
            (SELECT MAX(finished_at) FROM ingest_runs r
              WHERE r.source_id = s.source_id AND r.status = 'ok') AS last_success,
            (SELECT MAX(finished_at) FROM ingest_runs r
              WHERE r.source_id = s.source_id AND r.status = 'failed') AS last_failure,
            (SELECT error FROM ingest_runs r
              WHERE r.source_id = s.source_id AND r.status = 'failed'
              ORDER BY finished_at DESC LIMIT 1) AS last_error,
            (SELECT status FROM ingest_runs r
              WHERE r.source_id = s.source_id AND r.status <> 'skipped'
              ORDER BY finished_at DESC LIMIT 1) AS last_status
        FROM sources s
    """,
}
