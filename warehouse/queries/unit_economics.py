"""Questions behind the unit-economics page: what a GPU-hour costs across providers, each
accelerator's specs and measured token throughput, and what providers charge for models
of a given size."""

from __future__ import annotations

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.queries import benchmarks as bq
from warehouse.queries._sql import mv, placeholders, query_derived


def gpu_price_summary(
    wh: Warehouse, gpus: tuple[str, ...], pricing: str = "on_demand", max_age_days: int = 180
) -> pd.DataFrame:
    """Per GPU: the median $/GPU-hour over providers of each provider's median offer at its
    newest ``pricing`` observation (so a provider with many regions counts once), with the
    spread over providers. Providers whose newest observation is more than
    ``max_age_days`` older than the newest GPU price in the warehouse are left out.

    Columns: gpu, usd_per_gpu_hour, min_usd, p25_usd, p75_usd, max_usd, n_providers,
    n_offers, listed_memory_gb (median memory the price sources list for the GPU, GB),
    memory_source_id, source_id, observed_at."""
    params: dict = {"pricing": pricing, "max_age_days": int(max_age_days)}
    gpu_in = placeholders("gpu", gpus, params)
    return query_derived(
        wh,
        f"""
        WITH latest AS (
            SELECT g.* FROM {mv("latest_gpu_offers")} g
            WHERE g.gpu IN ({gpu_in}) AND g.pricing = :pricing
                AND g.observed_at >= (SELECT MAX(last_at) FROM {mv("gpu_price_series")})
                    - CAST(:max_age_days AS INTEGER) * INTERVAL '1 day'),
        per_provider AS (
            SELECT gpu, provider,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY usd_per_gpu_hour) AS med,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY gpu_memory_gb) AS memory_gb,
                COUNT(*) AS n_offers, MAX(observed_at) AS observed_at
            FROM latest GROUP BY gpu, provider),
        sources AS (
            SELECT gpu, STRING_AGG(DISTINCT source_id, ',' ORDER BY source_id) AS source_id,
                STRING_AGG(DISTINCT source_id, ',' ORDER BY source_id)
                    FILTER (WHERE gpu_memory_gb IS NOT NULL) AS memory_source_id
            FROM latest GROUP BY gpu)
        SELECT pp.gpu,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY med) AS usd_per_gpu_hour,
            MIN(med) AS min_usd,
            percentile_cont(0.25) WITHIN GROUP (ORDER BY med) AS p25_usd,
            percentile_cont(0.75) WITHIN GROUP (ORDER BY med) AS p75_usd,
            MAX(med) AS max_usd,
            COUNT(*) AS n_providers, SUM(n_offers) AS n_offers,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY memory_gb) AS listed_memory_gb,
            MIN(s.memory_source_id) AS memory_source_id, MIN(s.source_id) AS source_id,
            MAX(observed_at) AS observed_at
        FROM per_provider pp JOIN sources s ON s.gpu = pp.gpu
        GROUP BY pp.gpu ORDER BY pp.gpu""",
        params,
    )


def provider_prices(
    wh: Warehouse, gpu: str, pricing: str = "on_demand", max_age_days: int = 180
) -> pd.DataFrame:
    """One $/GPU-hour per provider of ``gpu`` (median of its newest ``pricing`` offers), on
    the same rules as :func:`gpu_price_summary`, cheapest first.

    Columns: provider, usd_per_gpu_hour, n_offers, source_id, observed_at."""
    params: dict = {"gpu": gpu, "pricing": pricing, "max_age_days": int(max_age_days)}
    return query_derived(
        wh,
        f"""
        SELECT g.provider,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY g.usd_per_gpu_hour) AS usd_per_gpu_hour,
            COUNT(*) AS n_offers, STRING_AGG(DISTINCT g.source_id, ',' ORDER BY g.source_id) AS source_id,
            MAX(g.observed_at) AS observed_at
        FROM {mv("latest_gpu_offers")} g
        WHERE g.gpu = :gpu AND g.pricing = :pricing
            AND g.observed_at >= (SELECT MAX(last_at) FROM {mv("gpu_price_series")})
                - CAST(:max_age_days AS INTEGER) * INTERVAL '1 day'
        GROUP BY g.provider ORDER BY usd_per_gpu_hour, g.provider""",
        params,
    )


def hardware_specs(wh: Warehouse, accelerators: tuple[str, ...]) -> pd.DataFrame:
    """One Epoch AI spec row per accelerator (preferring a row with a release price, then
    one with memory): accelerator, name, memory_gb, tdp_w, price_usd (release price, USD),
    release_date, source_id, observed_at."""
    params: dict = {}
    acc_in = placeholders("acc", accelerators, params)
    return wh.query(
        f"""
        SELECT accelerator, name, memory_gb, tdp_w, price_usd, release_date, source_id,
            observed_at
        FROM (
            SELECT h.*, ROW_NUMBER() OVER (
                PARTITION BY accelerator
                ORDER BY CASE WHEN price_usd IS NULL THEN 1 ELSE 0 END,
                    CASE WHEN memory_gb IS NULL THEN 1 ELSE 0 END, name) AS pick
            FROM latest_hardware h WHERE accelerator IN ({acc_in})) t
        WHERE pick = 1 ORDER BY accelerator""",
        params,
    )


def token_throughput(wh: Warehouse, hardware: tuple[str, ...]) -> pd.DataFrame:
    """MLPerf rows in tokens/s per accelerator (derived: system result ÷ accelerators) for
    ``hardware``: every round, division and submitter, one row per result.

    Columns: hardware, model_id, scenario (lowercase: 'offline', 'server', 'interactive'),
    tokens_per_s, round, division, availability, provider (submitter), system,
    accelerators, precision, software, result_id, details_url, raw_value (system
    tokens/s), workload, source_id, observed_at."""
    params: dict = {"source_id": bq.MLPERF, "metric": "tokens_per_s_per_accelerator"}
    hw_in = placeholders("hw", hardware, params)
    return wh.query(
        f"""
        WITH {bq.MLPERF_ROWS}
        SELECT hardware, model_id, LOWER(scenario) AS scenario, value AS tokens_per_s,
            round, division, availability, provider, system, accelerators, precision,
            software, result_id, details_url, raw_value, workload, source_id, observed_at
        FROM mlperf WHERE hardware IN ({hw_in})
        ORDER BY hardware, model_id, scenario, tokens_per_s DESC, provider, result_id""",
        params,
    )


def size_token(params_b: float) -> str:
    """The size as it appears in model ids: 70 -> "70b", 1.5 -> "1.5b"."""
    return f"{params_b:g}b"


def comparable_list_prices(
    wh: Warehouse, params_b: float, max_age_days: int = 60, tolerance: float = 0.05
) -> pd.DataFrame:
    """Latest list prices (USD per 1M tokens) of models of about ``params_b`` billion
    parameters, cheapest output first. A model matches when its id contains the size as a
    separate token (e.g. "70b" in "llama-3.3-70b-instruct" or "llama3:70b", not in
    "8x7b"), or when ``latest_models.params_b`` is within ``tolerance`` of the size.
    Free listings (output price 0) and prices not observed within ``max_age_days`` of the
    newest API price are left out.

    Columns: provider, model_id, input_usd_per_mtok, output_usd_per_mtok, matched_by,
    source_id, observed_at."""
    params = {
        "token": f"%-{size_token(params_b)}-%",
        "lo": params_b * (1 - tolerance),
        "hi": params_b * (1 + tolerance),
        "max_age_days": int(max_age_days),
    }
    id_match = (
        "('-' || REPLACE(REPLACE(REPLACE(LOWER(p.model_id), ':', '-'), '_', '-'), '/', '-')"
        " || '-') LIKE :token"
    )
    return query_derived(
        wh,
        f"""
        SELECT p.provider, p.model_id, p.input_usd_per_mtok, p.output_usd_per_mtok,
            CASE WHEN {id_match} THEN 'size in model id' ELSE 'models.params_b' END
                AS matched_by,
            p.source_id, p.observed_at
        FROM {mv("latest_api_prices")} p
        LEFT JOIN latest_models m ON m.model_id = p.model_id
        WHERE p.output_usd_per_mtok > 0 AND p.kind = 'text'
            AND p.observed_at >= (SELECT MAX(newest) FROM {mv("latest_api_snapshots")})
                - CAST(:max_age_days AS INTEGER) * INTERVAL '1 day'
            AND ({id_match} OR m.params_b BETWEEN :lo AND :hi)
        ORDER BY p.output_usd_per_mtok, p.provider, p.model_id""",
        params,
    )
