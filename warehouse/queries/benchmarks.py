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


# MLPerf result rows (one per system id, benchmark, scenario and metric: the newest load).
# Rows loaded before schema version 3 have no round and are left out.
MLPERF_COLUMNS = (
    "provider, model_id, hardware, scenario, round, division, availability, system, "
    "accelerators, precision, software, derived, result_id, details_url, value, unit, "
    "raw_value, raw_unit, workload, source_id, observed_at"
)
MLPERF_ROWS = f"""
    mlperf AS (
        SELECT {MLPERF_COLUMNS} FROM (
            SELECT b.*, ROW_NUMBER() OVER (
                PARTITION BY result_id, model_id, scenario, metric ORDER BY observed_at DESC) AS rn
            FROM benchmarks b
            WHERE source_id = :source_id AND metric = :metric AND round IS NOT NULL) t
        WHERE rn = 1)
"""


def mlperf_results(wh: Warehouse, metric: str = "tokens_per_s_per_accelerator") -> pd.DataFrame:
    """Every MLPerf result row for ``metric`` (all rounds and submitters), highest first.

    Columns: provider (submitter), model_id (benchmark), hardware (canonical accelerator
    id; a mix such as "MI300X x32 + MI325X x16" for ``*_per_system`` metrics), scenario,
    round, division, availability, system, accelerators, precision, software, derived,
    result_id, details_url, value, unit, raw_value (system result), raw_unit, workload,
    source_id, observed_at."""
    return wh.query(
        f"""
        WITH {MLPERF_ROWS}
        SELECT * FROM mlperf
        ORDER BY value DESC, provider, model_id, hardware, round, result_id""",
        {"source_id": MLPERF, "metric": metric},
    )


def mlperf_models(wh: Warehouse, metric: str = "tokens_per_s_per_accelerator") -> pd.DataFrame:
    """Benchmarks with MLPerf results for ``metric``: model_id, n_accelerators (distinct
    accelerator ids), n_results, rounds (comma-separated); most accelerators first."""
    return wh.query(
        f"""
        WITH {MLPERF_ROWS}
        SELECT model_id, COUNT(DISTINCT hardware) AS n_accelerators, COUNT(*) AS n_results,
            STRING_AGG(DISTINCT round, ',' ORDER BY round) AS rounds
        FROM mlperf GROUP BY model_id
        ORDER BY n_accelerators DESC, n_results DESC, model_id""",
        {"source_id": MLPERF, "metric": metric},
    )


# Each submitter's best per-accelerator result per (model, scenario, round, accelerator).
_SUBMITTER_BEST = """
    best AS (
        SELECT * FROM (
            SELECT m.*, ROW_NUMBER() OVER (
                PARTITION BY model_id, scenario, round, hardware, provider
                ORDER BY value DESC, result_id) AS pick
            FROM mlperf m
            WHERE model_id = :model_id AND scenario = :scenario AND division = :division
              AND (:round = '' OR round = :round)) t
        WHERE pick = 1)
"""


def mlperf_accelerators(
    wh: Warehouse,
    model_id: str,
    scenario: str,
    round_: str = "",
    division: str = "closed",
    metric: str = "tokens_per_s_per_accelerator",
) -> pd.DataFrame:
    """Accelerators side by side on one MLPerf benchmark and scenario (``round_`` ""
    = every round): the best per-accelerator result and its row, and the spread over
    submitters (each submitter's best counts once).

    Columns: hardware, best, median, low (the lowest submitter's best), n_submitters,
    n_results, round, provider, system, accelerators, precision, software,
    availability, result_id, details_url, raw_value, unit, source_id, observed_at
    (those of the best row). Best first."""
    params = {
        "source_id": MLPERF,
        "metric": metric,
        "model_id": model_id,
        "scenario": scenario,
        "round": round_,
        "division": division,
    }
    return wh.query(
        f"""
        WITH {MLPERF_ROWS}, {_SUBMITTER_BEST},
        spread AS (
            SELECT hardware, MAX(value) AS best,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median,
                MIN(value) AS low, COUNT(DISTINCT provider) AS n_submitters
            FROM best GROUP BY hardware),
        counts AS (
            SELECT hardware, COUNT(*) AS n_results FROM mlperf
            WHERE model_id = :model_id AND scenario = :scenario AND division = :division
              AND (:round = '' OR round = :round)
            GROUP BY hardware),
        top AS (
            SELECT * FROM (
                SELECT b.*, ROW_NUMBER() OVER (
                    PARTITION BY hardware ORDER BY value DESC, round DESC, result_id) AS rn
                FROM best b) t
            WHERE rn = 1)
        SELECT s.hardware, s.best, s.median, s.low, s.n_submitters, c.n_results, t.round,
            t.provider, t.system, t.accelerators, t.precision, t.software, t.availability,
            t.result_id, t.details_url, t.raw_value, t.unit, t.source_id, t.observed_at
        FROM spread s JOIN counts c USING (hardware) JOIN top t USING (hardware)
        ORDER BY s.best DESC, s.hardware""",
        params,
    )


def mlperf_progress(
    wh: Warehouse,
    model_id: str,
    scenario: str,
    division: str = "closed",
    metric: str = "tokens_per_s_per_accelerator",
) -> pd.DataFrame:
    """Round-over-round progress on one benchmark and scenario for the accelerators with
    results in more than one round: one row per accelerator and round with the best
    per-accelerator result (and its submitter, system and result id) and
    ``vs_first`` = best ÷ the accelerator's best in its first round.

    Columns: hardware, round, best, vs_first, provider, system, result_id, software,
    precision, unit, source_id, observed_at. By accelerator, then round."""
    params = {
        "source_id": MLPERF,
        "metric": metric,
        "model_id": model_id,
        "scenario": scenario,
        "round": "",
        "division": division,
    }
    return wh.query(
        f"""
        WITH {MLPERF_ROWS}, {_SUBMITTER_BEST},
        per_round AS (
            SELECT * FROM (
                SELECT b.*, ROW_NUMBER() OVER (
                    PARTITION BY hardware, round ORDER BY value DESC, result_id) AS rn
                FROM best b) t
            WHERE rn = 1),
        multi AS (
            SELECT hardware, MIN(round) AS first_round FROM per_round
            GROUP BY hardware HAVING COUNT(DISTINCT round) > 1)
        SELECT p.hardware, p.round, p.value AS best,
            p.value / f.value AS vs_first, p.provider, p.system, p.result_id, p.software,
            p.precision, p.unit, p.source_id, p.observed_at
        FROM per_round p JOIN multi m USING (hardware)
        JOIN per_round f ON f.hardware = m.hardware AND f.round = m.first_round
        ORDER BY p.hardware, p.round""",
        params,
    )
