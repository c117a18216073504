"""Questions for the landscape page: the curated map of the market by segment, which of
its companies the warehouse tracks prices for, the headline figures, and what the
latest refresh changed."""

from __future__ import annotations

import re

import pandas as pd

from canon.names import canonical_provider
from market.pricing import BLEND_INPUT_WEIGHT
from warehouse.connection import Warehouse
from warehouse.queries._sql import mv, query_derived
from warehouse.queries.prices import BLENDED, CURRENT_PRICES, MODEL_FACTS, with_ctes

# Which price table can hold a segment's companies (hardware and edge vendors sell
# chips, not priced tokens or GPU-hours, so their coverage is "not applicable").
PRICE_TABLES: dict[str, tuple[str, ...]] = {
    "model_api": ("api_prices",),
    "inference_provider": ("api_prices",),
    "hyperscaler": ("api_prices", "gpu_prices"),
    "ai_cloud": ("gpu_prices",),
    "hardware": (),
    "edge": (),
}
REFRESH_WINDOW_HOURS = 12  # runs started this close to the newest run form one refresh


def companies(wh: Warehouse) -> pd.DataFrame:
    """The curated taxonomy: the latest row of each company x segment."""
    return wh.query("""
        SELECT company, segment, subsegment, hq_country, ownership, parent, citation,
            source_date, note, source_id, observed_at
        FROM (SELECT c.*, ROW_NUMBER() OVER (PARTITION BY company, segment
                                             ORDER BY observed_at DESC) AS rn
              FROM companies c) t
        WHERE rn = 1
        ORDER BY segment, company""")


def tracked_providers(wh: Warehouse, window_days: int | None = None) -> pd.DataFrame:
    """Every provider with prices in the warehouse: ``table_name`` (api_prices |
    gpu_prices), ``n_series`` (models or GPU x pricing), newest observation, sources.
    Counted from the per-series summaries (``api_price_series``, ``gpu_price_series``).
    ``window_days``: only providers last seen within that many days of the table's
    newest observation (a KPI counts offers of the same time, not every name ever)."""
    recent = "last_at >= (SELECT MAX(last_at) FROM {t}) - :days * INTERVAL '1 day'"
    api_t, gpu_t = mv("api_price_series"), mv("gpu_price_series")
    api_where = recent.format(t=api_t) if window_days is not None else "TRUE"
    gpu_where = recent.format(t=gpu_t) if window_days is not None else "TRUE"
    return query_derived(
        wh,
        f"""
        SELECT 'api_prices' AS table_name, provider, COUNT(DISTINCT model_id) AS n_series,
            MAX(last_at) AS observed_at, STRING_AGG(DISTINCT source_id, ',' ORDER BY source_id) AS source_id
        FROM {api_t} WHERE {api_where} GROUP BY provider
        UNION ALL
        SELECT 'gpu_prices' AS table_name, provider,
            COUNT(DISTINCT gpu || '/' || pricing) AS n_series,
            MAX(last_at) AS observed_at, STRING_AGG(DISTINCT source_id, ',' ORDER BY source_id) AS source_id
        FROM {gpu_t} WHERE {gpu_where} GROUP BY provider
        ORDER BY table_name, provider""",
        {"days": window_days} if window_days is not None else None,
    )


def company_names(company: str) -> set[str]:
    """Canonical provider names a curated company may appear under in price data.

    "Amazon Web Services (Bedrock, SageMaker)" -> the full name, each name in the
    parentheses (AWS Bedrock, AWS SageMaker) and the first word (Amazon)."""
    base, _, inner = company.partition("(")
    parts = [base, *re.split(r"[,/;]", inner.rstrip(") "))]
    words = base.split()
    if words:
        parts.append(words[0])
    return {canonical_provider(p.strip()) for p in parts if p.strip()} - {""}


def match_companies(taxonomy: pd.DataFrame, tracked: pd.DataFrame) -> pd.DataFrame:
    """``taxonomy`` with ``price_tables`` (where the segment's prices would be) and
    ``tracked_as`` (the provider names it has prices under there, '' if none)."""
    by_table = {t: set(g["provider"]) for t, g in tracked.groupby("table_name")}
    out = taxonomy.copy()
    tables = out["segment"].map(lambda s: PRICE_TABLES.get(s, ()))
    matches = [
        sorted(set().union(*(company_names(c) & by_table.get(t, set()) for t in ts))) if ts else []
        for c, ts in zip(out["company"], tables, strict=True)
    ]
    out["price_tables"] = [", ".join(ts) for ts in tables]
    out["tracked_as"] = [", ".join(m) for m in matches]
    return out


def segment_coverage(wh: Warehouse) -> pd.DataFrame:
    """Per segment: companies in the curated map, how many of them have prices in the
    warehouse (matched by canonical provider name), and in which table."""
    matched = match_companies(companies(wh), tracked_providers(wh))
    matched["has_prices"] = matched["tracked_as"] != ""
    out = matched.groupby("segment", sort=False).agg(
        n_companies=("company", "count"),
        n_with_prices=("has_prices", "sum"),
        price_tables=("price_tables", "first"),
        source_id=("source_id", "first"),
        observed_at=("observed_at", "max"),
    )
    return out.reset_index()


def cheapest_top_quality(wh: Warehouse, quantile: float = 0.9, limit: int = 5) -> pd.DataFrame:
    """The cheapest current blended prices (USD per 1M tokens, > 0) of models whose
    Artificial Analysis intelligence index is at or above the ``quantile`` of all
    indexed models (0.9 = top decile) at providers that serve them (routers left out);
    ``threshold`` is that index value."""
    sql = (
        with_ctes(CURRENT_PRICES, MODEL_FACTS)
        + f""",
        cut AS (SELECT PERCENTILE_CONT(:q) WITHIN GROUP (ORDER BY aa_intelligence_index)
                    AS threshold
                FROM model_facts WHERE aa_intelligence_index IS NOT NULL)
        SELECT p.model_id, p.provider, {BLENDED.format(p="p.")} AS blended_usd_per_mtok,
            p.input_usd_per_mtok, p.output_usd_per_mtok, f.aa_intelligence_index,
            cut.threshold, p.observed_at, p.source_id, p.disagree
        FROM current_prices p
        JOIN model_facts f ON f.model_id = p.model_id
        CROSS JOIN cut
        WHERE f.aa_intelligence_index >= cut.threshold AND {BLENDED.format(p="p.")} > 0
          AND NOT p.is_router
        ORDER BY blended_usd_per_mtok, p.model_id, p.provider
        LIMIT :limit"""
    )
    params = {"w": BLEND_INPUT_WEIGHT, "all_series": False, "q": quantile, "limit": limit}
    return query_derived(wh, sql, params)


def gpu_price_by_provider(
    wh: Warehouse, gpu: str = "H100_SXM", pricing: str = "on_demand", window_days: int = 180
) -> pd.DataFrame:
    """Each provider's latest price (USD per GPU-hour) for ``gpu`` and ``pricing``, for
    providers observed within ``window_days`` of the newest observation of that GPU."""
    return query_derived(
        wh,
        f"""
        SELECT provider, usd_per_gpu_hour, gpu_count, region, observed_at, source_id
        FROM {mv("latest_gpu_prices")}
        WHERE gpu = :gpu AND pricing = :pricing
          AND observed_at >= (SELECT MAX(observed_at) FROM {mv("latest_gpu_prices")}
                              WHERE gpu = :gpu AND pricing = :pricing)
                             - :days * INTERVAL '1 day'
        ORDER BY usd_per_gpu_hour, provider""",
        {"gpu": gpu, "pricing": pricing, "days": window_days},
    )


def latest_refresh(wh: Warehouse) -> pd.DataFrame:
    """The runs of the latest refresh (runs started within ``REFRESH_WINDOW_HOURS`` of the
    newest run), one per source: status, rows added, error, and ``is_new`` when the
    source had no successful run before this refresh."""
    return wh.query(
        """
        WITH last AS (SELECT MAX(started_at) AS at FROM ingest_runs),
        batch AS (
            SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.source_id
                                           ORDER BY r.started_at DESC) AS rn
            FROM ingest_runs r, last
            WHERE r.started_at >= last.at - :hours * INTERVAL '1 hour'),
        earlier AS (
            SELECT source_id, MAX(finished_at) AS prev_ok FROM ingest_runs r, last
            WHERE r.status = 'ok' AND r.started_at < last.at - :hours * INTERVAL '1 hour'
            GROUP BY source_id)
        SELECT b.source_id, s.title, b.status, b.rows_new, b.rows_held, b.error,
            b.started_at, e.prev_ok, (b.status = 'ok' AND e.prev_ok IS NULL) AS is_new
        FROM batch b
        LEFT JOIN earlier e ON e.source_id = b.source_id
        LEFT JOIN sources s ON s.source_id = b.source_id
        WHERE b.rn = 1
        ORDER BY b.status <> 'failed', b.source_id""",
        {"hours": REFRESH_WINDOW_HOURS},
    )


def listing_changes(wh: Warehouse) -> pd.DataFrame:
    """Per price source, its newest observation against the one before (per provider):
    model listings added, dropped, and price series changed. Providers observed only
    once have nothing to compare and are left out."""
    return query_derived(
        wh,
        f"""
        WITH pairs AS (
            SELECT n.source_id, n.provider, n.newest, MAX(a.observed_at) AS previous
            FROM {mv("latest_api_snapshots")} n
            JOIN api_prices a ON a.source_id = n.source_id AND a.provider = n.provider
              AND a.observed_at < n.newest
            GROUP BY n.source_id, n.provider, n.newest),
        listed AS (
            SELECT DISTINCT a.source_id, a.provider, a.model_id, a.observed_at
            FROM api_prices a JOIN pairs x ON x.source_id = a.source_id
              AND x.provider = a.provider AND a.observed_at IN (x.newest, x.previous)),
        per_model AS (
            SELECT l.source_id, l.provider, l.model_id,
                MAX(CASE WHEN l.observed_at = x.newest THEN 1 ELSE 0 END) AS in_new,
                MAX(CASE WHEN l.observed_at = x.previous THEN 1 ELSE 0 END) AS in_prev
            FROM listed l JOIN pairs x ON x.source_id = l.source_id AND x.provider = l.provider
            GROUP BY l.source_id, l.provider, l.model_id),
        changed AS (
            SELECT c.source_id, COUNT(*) AS n_changed FROM {mv("price_changes")} c
            JOIN pairs x ON x.source_id = c.source_id AND x.provider = c.provider
              AND c.first_seen = x.newest
            GROUP BY c.source_id)
        SELECT m.source_id, MAX(x.newest) AS observed_at, MIN(x.previous) AS previous,
            COUNT(DISTINCT m.provider) AS n_providers,
            SUM(CASE WHEN in_new = 1 AND in_prev = 0 THEN 1 ELSE 0 END) AS n_added,
            SUM(CASE WHEN in_new = 0 AND in_prev = 1 THEN 1 ELSE 0 END) AS n_dropped,
            COALESCE(MAX(ch.n_changed), 0) AS n_price_changes
        FROM per_model m
        JOIN pairs x ON x.source_id = m.source_id AND x.provider = m.provider
        LEFT JOIN changed ch ON ch.source_id = m.source_id
        GROUP BY m.source_id
        ORDER BY m.source_id""",
    )
