"""Questions about GPU rental prices (``gpu_prices``): who charges what for which GPU,
how prices move week by week, and how hyperscalers, AI clouds and marketplaces compare.

Provider classes (``provider_class``), decided per row in SQL:

1. ``marketplace``: a provider whose ``companies.subsegment`` mentions "GPU marketplace"
   (Vast.ai; not Replicate's "model marketplace", which sells an API), a provider in the explicit ``MARKETPLACES`` list
   (SF Compute, which is not in the landscape table), or a community tier of a
   provider (``COMMUNITY_TIERS``: RunPod's Community Cloud, pricing or region
   "community"), which is a marketplace of third-party hosts;
2. else the provider's ``companies.segment``, preferring ``hyperscaler`` over
   ``ai_cloud`` over ``inference_provider`` when a company sits in several;
   provider names that differ from the curated company names are mapped by
   ``COMPANY_ALIASES``;
3. else ``unclassified`` (the provider is not in the landscape table).

Latest offers, per-series counts and weeks per source come from the derived tables
every refresh rebuilds (``mv_latest_gpu_offers``, ``mv_gpu_price_series``,
``mv_gpu_price_weeks``; see ``warehouse.schema``), so only the weekly median trend reads
the whole price history.
"""

from __future__ import annotations

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.queries._sql import mv, placeholders, query_derived

# gpu_prices.provider (canonical) -> companies.company (curated, often with a product line).
COMPANY_ALIASES: dict[str, str] = {
    "AWS": "Amazon Web Services (Bedrock, SageMaker)",
    "Google Cloud": "Google Cloud (Vertex AI)",
    "Microsoft Azure": "Microsoft Azure (Azure OpenAI / AI Foundry)",
    "Oracle Cloud": "Oracle Cloud Infrastructure",
    "FriendliAI": "Friendli",
}
# Marketplaces that the landscape table does not list (or does not mark as such).
MARKETPLACES: tuple[str, ...] = ("Vast.ai", "SF Compute")
# (provider, tier) whose rows are a marketplace of third-party hosts.
COMMUNITY_TIERS: tuple[tuple[str, str], ...] = (("RunPod", "community"),)
CLASS_ORDER: tuple[str, ...] = (
    "hyperscaler",
    "ai_cloud",
    "marketplace",
    "inference_provider",
    "unclassified",
)
# Pricing types that are not an offer one can rent (an index of many offers).
NON_OFFER_PRICING: tuple[str, ...] = ("index",)
# Pricing types that count as a list (on-demand) price in the class comparison.
ON_DEMAND_PRICING: tuple[str, ...] = ("on_demand", "community")


def _classes_cte(params: dict) -> str:
    """CTEs ``aliases``, ``segments`` and ``provider_class(provider, provider_class)``."""
    aliases = ", ".join(f"(:alias_p_{i}, :alias_c_{i})" for i in range(len(COMPANY_ALIASES)))
    for i, (provider, company) in enumerate(COMPANY_ALIASES.items()):
        params[f"alias_p_{i}"], params[f"alias_c_{i}"] = provider, company
    markets = placeholders("market_", MARKETPLACES, params)
    excluded = placeholders("cls_np_", NON_OFFER_PRICING, params)
    return f"""
    aliases(provider, company) AS (VALUES {aliases}),
    segments AS (
        SELECT company,
            MIN(CASE segment WHEN 'hyperscaler' THEN 1 WHEN 'ai_cloud' THEN 2
                WHEN 'inference_provider' THEN 3 END) AS seg_rank,
            MAX(CASE WHEN LOWER(subsegment) LIKE '%gpu marketplace%' THEN 1 ELSE 0 END)
                AS is_market
        FROM companies
        WHERE segment IN ('hyperscaler', 'ai_cloud', 'inference_provider')
        GROUP BY company),
    provider_class AS (
        SELECT p.provider,
            CASE WHEN p.provider IN ({markets}) OR s.is_market = 1 THEN 'marketplace'
                 WHEN s.seg_rank = 1 THEN 'hyperscaler'
                 WHEN s.seg_rank = 2 THEN 'ai_cloud'
                 WHEN s.seg_rank = 3 THEN 'inference_provider'
                 ELSE 'unclassified' END AS provider_class
        FROM (SELECT DISTINCT provider FROM {mv("gpu_price_series")}
              WHERE pricing NOT IN ({excluded})) p
        LEFT JOIN aliases a ON a.provider = p.provider
        LEFT JOIN segments s ON s.company = COALESCE(a.company, p.provider))"""


def _row_class(params: dict, alias: str = "g") -> str:
    """SQL for a row's class: community tiers are marketplaces, else the provider's class."""
    tiers = []
    for i, (provider, tier) in enumerate(COMMUNITY_TIERS):
        params[f"tier_p_{i}"], params[f"tier_t_{i}"] = provider, tier
        tiers.append(
            f"({alias}.provider = :tier_p_{i} AND (:tier_t_{i} IN "
            f"({alias}.pricing, COALESCE({alias}.region, ''))))"
        )
    cond = " OR ".join(tiers) or "FALSE"
    return f"CASE WHEN {cond} THEN 'marketplace' ELSE pc.provider_class END"


def _recent(params: dict, max_age_days: int, column: str) -> str:
    """Condition: ``column`` within ``max_age_days`` of the newest GPU price observed."""
    params["max_age_days"] = int(max_age_days)
    return (
        f"{column} >= (SELECT MAX(last_at) FROM {mv('gpu_price_series')}) "
        "- CAST(:max_age_days AS INTEGER) * INTERVAL '1 day'"
    )


def gpu_options(wh: Warehouse) -> pd.DataFrame:
    """GPUs with rentable offers: gpu, n_providers, n_rows; most widely offered first."""
    params: dict = {}
    excluded = placeholders("np_", NON_OFFER_PRICING, params)
    return query_derived(
        wh,
        "SELECT gpu, COUNT(DISTINCT provider) AS n_providers, "
        "CAST(SUM(n_rows) AS BIGINT) AS n_rows "
        f"FROM {mv('gpu_price_series')} WHERE pricing NOT IN ({excluded}) "
        "GROUP BY gpu ORDER BY n_providers DESC, gpu",
        params,
    )


def pricing_options(wh: Warehouse) -> pd.DataFrame:
    """Pricing types (on_demand, spot, …) with their row counts and sources; most rows
    first."""
    return query_derived(
        wh,
        "SELECT pricing, CAST(SUM(n_rows) AS BIGINT) AS n_rows, "
        "COUNT(DISTINCT provider) AS n_providers, "
        "STRING_AGG(DISTINCT source_id, ',' ORDER BY source_id) AS source_id "
        f"FROM {mv('gpu_price_series')} GROUP BY pricing ORDER BY n_rows DESC, pricing",
    )


def source_weeks(wh: Warehouse, pricing: str = "on_demand") -> pd.DataFrame:
    """Per source: how many distinct weeks of ``pricing`` prices it holds (longest first),
    with its first and last observation."""
    return query_derived(
        wh,
        "SELECT source_id, COUNT(*) AS n_weeks, MIN(first_at) AS first_at, "
        "MAX(last_at) AS last_at "
        f"FROM {mv('gpu_price_weeks')} WHERE pricing = :pricing GROUP BY source_id "
        "ORDER BY n_weeks DESC, source_id",
        {"pricing": pricing},
    )


def _latest_rows_sql(
    gpus: tuple[str, ...] | None, pricings: tuple[str, ...], max_age_days: int, params: dict
) -> str:
    """CTEs ending in ``latest``: every row of each (provider, gpu, pricing) series at that
    series' newest observation, with its provider class (all regions and instance sizes).
    ``gpus`` None = every GPU. Reads the derived table ``mv_latest_gpu_offers``: run the
    query through ``query_derived``."""
    params["all_gpus"] = 1 if gpus is None else 0
    gpu_in = placeholders("gpu_", gpus or (), params)
    pricing_in = placeholders("pricing_", pricings, params)
    return f"""
    WITH {_classes_cte(params)},
    latest AS (
        SELECT g.provider, {_row_class(params)} AS provider_class, g.gpu, g.pricing,
            g.usd_per_gpu_hour, g.gpu_count, g.usd_per_hour, g.region, g.source_gpu,
            g.source_id, g.observed_at
        FROM {mv("latest_gpu_offers")} g
        JOIN provider_class pc ON pc.provider = g.provider
        WHERE (:all_gpus = 1 OR g.gpu IN ({gpu_in})) AND g.pricing IN ({pricing_in})
            AND {_recent(params, max_age_days, "g.observed_at")})"""


def latest_offers(
    wh: Warehouse,
    gpu: str,
    pricings: tuple[str, ...] = ("on_demand", "spot"),
    max_age_days: int = 180,
) -> pd.DataFrame:
    """Every offer of ``gpu`` at each (provider, pricing)'s newest observation, if that is
    within ``max_age_days`` of the newest GPU price in the warehouse.

    Columns: provider, provider_class, gpu, pricing, usd_per_gpu_hour, gpu_count,
    usd_per_hour, region, source_gpu, source_id, observed_at; by provider, pricing, then
    cheapest first (ties: fewest GPUs, region, source GPU name, source)."""
    params: dict = {}
    sql = _latest_rows_sql((gpu,), tuple(pricings), max_age_days, params)
    return query_derived(
        wh,
        sql
        + """ SELECT * FROM latest ORDER BY provider, pricing, usd_per_gpu_hour, gpu_count,
            region, source_gpu, source_id""",
        params,
    )


def class_prices(wh: Warehouse, gpus: tuple[str, ...], max_age_days: int = 180) -> pd.DataFrame:
    """One list price per (gpu, provider, class): the median of the provider's newest
    on-demand offers (``ON_DEMAND_PRICING``) of that GPU.

    Columns: gpu, provider, provider_class, usd_per_gpu_hour, n_offers, source_id,
    observed_at; by GPU, then cheapest first (ties: provider, then class)."""
    params: dict = {}
    sql = _latest_rows_sql(tuple(gpus), ON_DEMAND_PRICING, max_age_days, params)
    return query_derived(
        wh,
        sql
        + """
        SELECT gpu, provider, provider_class,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY usd_per_gpu_hour) AS usd_per_gpu_hour,
            COUNT(*) AS n_offers, STRING_AGG(DISTINCT source_id, ',' ORDER BY source_id) AS source_id,
            MAX(observed_at) AS observed_at
        FROM latest GROUP BY gpu, provider, provider_class
        ORDER BY gpu, usd_per_gpu_hour, provider, provider_class""",
        params,
    )


def weekly_median(
    wh: Warehouse, gpus: tuple[str, ...], pricing: str = "on_demand", source_id: str = ""
) -> pd.DataFrame:
    """Median $/GPU-hour per week and GPU: first each provider's median of the week, then
    the median over providers (so a provider with many regional rows counts once).

    ``source_id`` "" uses every source. Columns: week, gpu, usd_per_gpu_hour,
    n_providers, n_obs, source_id (the week's sources, sorted, comma-separated),
    observed_at (newest observation in the week). Grows with the weeks of history, but
    DuckDB aggregates: one row per week and GPU comes back."""
    params: dict = {"pricing": pricing}
    gpu_in = placeholders("gpu_", tuple(gpus), params)
    if source_id:  # a plain filter (not ":s = '' OR ...") so DuckDB can push it into the scan
        params["source_id"] = source_id
    source_sql = "AND source_id = :source_id" if source_id else ""
    return wh.query(
        f"""
        WITH rows_ AS (
            SELECT CAST(date_trunc('week', observed_at) AS DATE) AS week, gpu, provider,
                source_id, usd_per_gpu_hour, observed_at
            FROM gpu_prices
            WHERE gpu IN ({gpu_in}) AND pricing = :pricing {source_sql}),
        per_provider AS (
            SELECT week, gpu, provider,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY usd_per_gpu_hour) AS med,
                COUNT(*) AS n_obs, MAX(observed_at) AS observed_at
            FROM rows_ GROUP BY week, gpu, provider),
        sources AS (
            SELECT week, gpu, STRING_AGG(source_id, ',' ORDER BY source_id) AS source_id
            FROM (SELECT DISTINCT week, gpu, source_id FROM rows_) s
            GROUP BY week, gpu)
        SELECT p.week, p.gpu,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY p.med) AS usd_per_gpu_hour,
            COUNT(*) AS n_providers, SUM(p.n_obs) AS n_obs, s.source_id,
            MAX(p.observed_at) AS observed_at
        FROM per_provider p JOIN sources s ON s.week = p.week AND s.gpu = p.gpu
        GROUP BY p.week, p.gpu, s.source_id ORDER BY p.gpu, p.week""",
        params,
    )


def cheapest_offers(
    wh: Warehouse,
    gpus: tuple[str, ...] = (),
    pricings: tuple[str, ...] = ("on_demand", "spot"),
    max_age_days: int = 180,
    limit: int = 200,
) -> pd.DataFrame:
    """The cheapest offer per provider × GPU × pricing at that series' newest observation,
    cheapest first. ``gpus`` empty = every GPU.

    Columns: provider, provider_class, gpu, pricing, usd_per_gpu_hour, gpu_count,
    usd_per_hour, region, source_id, observed_at. Ties: fewest GPUs, then region, source
    GPU name and source pick the offer; provider, GPU and pricing order equal prices."""
    params: dict = {"limit": int(limit)}
    sql = _latest_rows_sql(tuple(gpus) or None, tuple(pricings), max_age_days, params)
    return query_derived(
        wh,
        sql
        + """,
        ranked AS (
            SELECT latest.*, ROW_NUMBER() OVER (
                PARTITION BY provider, gpu, pricing
                ORDER BY usd_per_gpu_hour, gpu_count, region, source_gpu, source_id) AS rn
            FROM latest)
        SELECT provider, provider_class, gpu, pricing, usd_per_gpu_hour, gpu_count,
            usd_per_hour, region, source_id, observed_at
        FROM ranked WHERE rn = 1
        ORDER BY usd_per_gpu_hour, provider, gpu, pricing
        LIMIT :limit""",
        params,
    )


def provider_classes(wh: Warehouse) -> pd.DataFrame:
    """Every GPU-price provider with its class and the companies row it matched (if any).

    Columns: provider, provider_class, company, segment_source."""
    params: dict = {}
    return query_derived(
        wh,
        f"""
        WITH {_classes_cte(params)}
        SELECT pc.provider, pc.provider_class,
            CASE WHEN s.company IS NOT NULL THEN s.company END AS company,
            CASE WHEN s.company IS NOT NULL THEN 'companies table'
                 WHEN pc.provider_class = 'marketplace' THEN 'explicit marketplace list'
                 ELSE 'not in companies table' END AS basis
        FROM provider_class pc
        LEFT JOIN aliases a ON a.provider = pc.provider
        LEFT JOIN segments s ON s.company = COALESCE(a.company, pc.provider)
        ORDER BY pc.provider_class, pc.provider""",
        params,
    )
