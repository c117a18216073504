"""Questions about measured inference performance (``benchmarks``): latency and output
speed per provider and model (OpenRouter live traffic, the LLMPerf leaderboard),
specialised-hardware providers against GPU-based ones, and MLPerf per-accelerator
throughput.

Metric names present in the warehouse (see ``catalog``): ``ttft_s`` (seconds) and
``output_tps`` (tokens/s) with p50…p99 for ``openrouter_endpoints`` and ``llmperf``;
``inter_token_latency_s`` and ``e2e_latency_s`` for ``llmperf``;
``tokens_per_s_per_accelerator`` / ``samples_per_s_per_accelerator`` /
``queries_per_s_per_accelerator`` (stat ``result``) for ``mlperf``.

The catalog and the newest values per series come from derived tables that every
refresh rebuilds (``mv_benchmark_series``, ``mv_latest_benchmarks``; see
``warehouse.schema``), so they do not grow with the history.
"""

from __future__ import annotations

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.queries._sql import mv, placeholders, query_derived

OPENROUTER = "openrouter_endpoints"
LLMPERF = "llmperf"
MLPERF = "mlperf"
PERCENTILES: tuple[str, ...] = ("p25", "p50", "p75", "p90", "p95", "p99", "mean")
# Providers that serve models on their own (non-GPU) silicon -> the chip.
SPECIALISED: dict[str, str] = {
    "Groq": "LPU",
    "Cerebras": "WSE",
    "SambaNova": "RDU",
}


def catalog(wh: Warehouse) -> pd.DataFrame:
    """What is measured: per source, metric, stat and unit the row, provider and model
    counts and the observation dates."""
    return query_derived(
        wh,
        "SELECT source_id, metric, stat, unit, CAST(SUM(n_rows) AS BIGINT) AS n_rows, "
        "COUNT(DISTINCT provider) AS n_providers, COUNT(DISTINCT model_id) AS n_models, "
        "MIN(first_at) AS first_at, MAX(last_at) AS last_at "
        f"FROM {mv('benchmark_series')} GROUP BY source_id, metric, stat, unit "
        "ORDER BY source_id, metric, stat, unit",
    )


def _pivot(params: dict) -> str:
    """``MAX(CASE WHEN stat = :stat_p50 THEN value END) AS p50, …`` for ``PERCENTILES``."""
    for name in PERCENTILES:
        params[f"stat_{name}"] = name
    return ", ".join(
        f"MAX(CASE WHEN stat = :stat_{name} THEN value END) AS {name}" for name in PERCENTILES
    )


# Every row of each (provider, model, workload) series of :source_id and :metric at its
# newest observation. Reads a derived table: run the query through ``query_derived``.
_LATEST_SERIES = f"""
    latest AS (
        SELECT * FROM {mv("latest_benchmarks")}
        WHERE source_id = :source_id AND metric = :metric),
    -- Two endpoints can share provider, model and workload text; their percentiles
    -- are averaged stat by stat (which keeps p50 <= p90 <= p99).
    per_stat AS (
        SELECT provider, model_id, workload, stat, unit, source_id, observed_at,
            AVG(value) AS value, COUNT(*) AS n_endpoints
        FROM latest GROUP BY provider, model_id, workload, stat, unit, source_id, observed_at)
"""


def percentiles(wh: Warehouse, source_id: str, metric: str, model_id: str = "") -> pd.DataFrame:
    """One row per (provider, model, workload) at its newest observation, with the
    percentiles as columns (p25, p50, p75, p90, p95, p99, mean; missing ones are NaN).

    ``model_id`` "" = every model. Columns also: provider, model_id, workload, unit,
    n_endpoints, source_id, observed_at. By model, then p50, provider and workload."""
    params: dict = {"source_id": source_id, "metric": metric, "model_id": model_id}
    stats = _pivot(params)
    return query_derived(
        wh,
        f"""
        WITH {_LATEST_SERIES}
        SELECT provider, model_id, workload, unit, {stats},
            MAX(n_endpoints) AS n_endpoints, source_id, observed_at
        FROM per_stat
        WHERE (:model_id = '' OR model_id = :model_id)
        GROUP BY provider, model_id, workload, unit, source_id, observed_at
        ORDER BY model_id, p50, provider, workload""",
        params,
    )


def endpoint_models(wh: Warehouse, metric: str = "ttft_s") -> pd.DataFrame:
    """Models with OpenRouter endpoint stats: model_id, n_providers, n_endpoints and
    whether a specialised-hardware provider serves it; most widely served first."""
    params: dict = {"source_id": OPENROUTER, "metric": metric}
    special = placeholders("sp_", tuple(SPECIALISED), params)
    return query_derived(
        wh,
        f"""
        WITH {_LATEST_SERIES}
        SELECT model_id, COUNT(DISTINCT provider) AS n_providers,
            COUNT(DISTINCT workload) AS n_endpoints,
            MAX(CASE WHEN provider IN ({special}) THEN 1 ELSE 0 END) AS has_specialised
        FROM per_stat WHERE stat = 'p50'
        GROUP BY model_id ORDER BY n_providers DESC, n_endpoints DESC, model_id""",
        params,
    )


def specialised_vs_gpu(
    wh: Warehouse, metric: str = "output_tps", stat: str = "p50", min_other: int = 2
) -> pd.DataFrame:
    """Models that a specialised-hardware provider (``SPECIALISED``) and at least
    ``min_other`` other providers serve on OpenRouter: one row per endpoint with its
    ``stat`` value.

    Columns: model_id, provider, hardware_group ("specialised" / "other"), chip,
    workload, value, unit, source_id, observed_at. By model, specialised first, then
    value, provider and workload (so equal values keep one order on every run)."""
    params: dict = {
        "source_id": OPENROUTER,
        "metric": metric,
        "stat": stat,
        "min_other": int(min_other),
    }
    special = placeholders("sp_", tuple(SPECIALISED), params)
    chips = " ".join(
        f"WHEN provider = :chip_p_{i} THEN :chip_c_{i}" for i in range(len(SPECIALISED))
    )
    for i, (provider, chip) in enumerate(SPECIALISED.items()):
        params[f"chip_p_{i}"], params[f"chip_c_{i}"] = provider, chip
    return query_derived(
        wh,
        f"""
        WITH {_LATEST_SERIES},
        rows_ AS (
            SELECT model_id, provider, workload, value, unit, source_id, observed_at,
                CASE WHEN provider IN ({special}) THEN 'specialised' ELSE 'other' END
                    AS hardware_group
            FROM per_stat WHERE stat = :stat),
        shared AS (
            SELECT model_id FROM rows_ GROUP BY model_id
            HAVING SUM(CASE WHEN hardware_group = 'specialised' THEN 1 ELSE 0 END) > 0
               AND COUNT(DISTINCT CASE WHEN hardware_group = 'other' THEN provider END)
                   >= :min_other)
        SELECT r.model_id, r.provider, r.hardware_group,
            CASE {chips} ELSE 'GPU (mostly)' END AS chip,
            r.workload, r.value, r.unit, r.source_id, r.observed_at
        FROM rows_ r JOIN shared USING (model_id)
        ORDER BY r.model_id, r.hardware_group DESC, r.value, r.provider, r.workload""",
        params,
    )


def mlperf_results(wh: Warehouse, metric: str = "tokens_per_s_per_accelerator") -> pd.DataFrame:
    """MLPerf results per accelerator for ``metric``, newest round per series.

    Columns: provider (submitter), model_id (benchmark), hardware, scenario, value,
    unit, raw_value (system result), raw_unit, workload, source_id, observed_at."""
    return wh.query(
        """
        SELECT provider, model_id, hardware, SPLIT_PART(workload, ', ', 2) AS scenario,
            value, unit, raw_value, raw_unit, workload, source_id, observed_at
        FROM benchmarks b
        WHERE source_id = :source_id AND metric = :metric
          AND observed_at = (SELECT MAX(observed_at) FROM benchmarks
                             WHERE source_id = :source_id AND metric = :metric)
        ORDER BY value DESC, provider, model_id, hardware, workload""",
        {"source_id": MLPERF, "metric": metric},
    )
