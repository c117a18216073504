"""Questions the weekly brief asks: what moved between two dates.

Dates are the data's own (``observed_at``); a range is ``[start, end]`` inclusive of
both days, passed as ``:start`` and ``:stop`` (the day after ``end``). Routers, aliases
and fine-tunes are removed by the caller (``brief.facts``, through
``canon.channels.is_router``), so the one rule for each lives in one place.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.queries._sql import mv, query_derived
from warehouse.schema import OBSERVATION_TABLES

TEXT_KIND = "text"
HEADLINE_TYPES = ("input", "output")


def _bounds(start: date, end: date) -> dict:
    return {"start": start, "stop": end + timedelta(days=1)}


def price_moves(wh: Warehouse, start: date, end: date, min_abs_pct: float) -> pd.DataFrame:
    """Input/output price changes of text listings first seen in ``[start, end]``:
    consecutive observations of one (source, provider, model, price type) on two
    different days whose price differs by at least ``min_abs_pct`` percent, with the
    model's token share on the usage platform (newest usage day up to ``end``; NULL
    where the model is not ranked)."""
    sql = f"""
        WITH usage_day AS (
            SELECT MAX(observed_at) AS day FROM usage
            WHERE observed_at < :stop AND tokens > 0),
        window_shares AS (  -- per usage table (platform and window) on that day
            SELECT u.model_id, u.platform,
                100.0 * SUM(u.tokens)
                    / SUM(SUM(u.tokens)) OVER (PARTITION BY u.platform, u."window")
                    AS share_pct,
                MAX(u.observed_at) AS usage_at
            FROM usage u JOIN usage_day d ON u.observed_at = d.day
            GROUP BY u.model_id, u.platform, u."window"),
        shares AS (
            SELECT model_id, MIN(platform) AS platform, MAX(share_pct) AS usage_share_pct,
                MAX(usage_at) AS usage_at
            FROM window_shares GROUP BY model_id),
        text_models AS (
            SELECT DISTINCT provider, model_id FROM {mv("latest_api_prices_long")}
            WHERE kind = :kind)
        SELECT c.source_id, c.provider, c.model_id, c.price_type,
            c.old_usd_per_mtok, c.new_usd_per_mtok, c.pct_change,
            c.last_seen_old, c.first_seen,
            s.usage_share_pct, s.platform AS usage_platform, s.usage_at
        FROM {mv("price_changes")} c
        JOIN text_models t ON t.provider = c.provider AND t.model_id = c.model_id
        LEFT JOIN shares s ON s.model_id = c.model_id
        WHERE c.price_type IN (:t0, :t1)
          AND c.first_seen >= :start AND c.first_seen < :stop
          AND c.last_seen_old < c.first_seen
          AND c.pct_change IS NOT NULL AND ABS(c.pct_change) >= :min_pct
        ORDER BY s.usage_share_pct DESC NULLS LAST, ABS(c.pct_change) DESC,
            c.provider, c.model_id, c.price_type, c.source_id"""
    params = {**_bounds(start, end), "kind": TEXT_KIND, "min_pct": float(min_abs_pct)}
    params.update(t0=HEADLINE_TYPES[0], t1=HEADLINE_TYPES[1])
    return query_derived(wh, sql, params)


LOOKBACK_DAYS = 366  # a listing not seen in the year before a period is not current at its start


def series_spans(wh: Warehouse, start: date, end: date) -> pd.DataFrame:
    """Per text price series (source, provider, model, price type) observed in the
    ``LOOKBACK_DAYS`` before ``start`` or in ``[start, end]``: its (and its source's)
    first day ever, its
    last day before ``start`` and up to ``end``, and its lowest and highest price in that
    window (equal: the series did not change, so that is its price on every day of it).
    Reads only the window (plus the derived per-series table), so a long history costs
    little; prices of series that changed come from ``series_changes``."""
    sql = f"""
        WITH w AS (
            SELECT source_id, provider, model_id, price_type,
                MAX(CASE WHEN observed_at < :start THEN observed_at END) AS last_before,
                MAX(observed_at) AS last_at,
                MIN(usd_per_mtok) AS min_usd_per_mtok, MAX(usd_per_mtok) AS max_usd_per_mtok
            FROM api_prices
            WHERE kind = :kind AND observed_at >= :since AND observed_at < :stop
            GROUP BY source_id, provider, model_id, price_type)
        SELECT w.source_id, w.provider, w.model_id, w.price_type, s.first_at,
            w.last_before, w.last_at, w.min_usd_per_mtok, w.max_usd_per_mtok,
            f.source_first_at
        FROM w JOIN {mv("api_price_series")} s
          ON s.source_id = w.source_id AND s.provider = w.provider
         AND s.model_id = w.model_id AND s.price_type = w.price_type
        JOIN (SELECT source_id, MIN(first_at) AS source_first_at
              FROM {mv("api_price_series")} GROUP BY source_id) f ON f.source_id = w.source_id
        ORDER BY w.source_id, w.provider, w.model_id, w.price_type"""
    params = {**_bounds(start, end), "kind": TEXT_KIND}
    params["since"] = start - timedelta(days=LOOKBACK_DAYS)
    return query_derived(wh, sql, params)


def series_changes(wh: Warehouse, start: date, end: date) -> pd.DataFrame:
    """The input/output price changes that fix each series' price on its last day
    before ``start`` and up to ``end``: every change first seen in ``[start, end]`` and
    each series' latest change before ``start`` (older ones are superseded)."""
    sql = f"""
        WITH c AS (
            SELECT source_id, provider, model_id, price_type, old_usd_per_mtok,
                new_usd_per_mtok, last_seen_old, first_seen
            FROM {mv("price_changes")}
            WHERE first_seen < :stop AND price_type IN (:t0, :t1)),
        latest AS (
            SELECT source_id, provider, model_id, price_type, MAX(first_seen) AS newest
            FROM c WHERE first_seen < :start
            GROUP BY source_id, provider, model_id, price_type)
        SELECT c.* FROM c
        LEFT JOIN latest l ON l.source_id = c.source_id AND l.provider = c.provider
            AND l.model_id = c.model_id AND l.price_type = c.price_type
        WHERE c.first_seen >= :start OR c.first_seen = l.newest
        ORDER BY c.source_id, c.provider, c.model_id, c.price_type, c.first_seen"""
    params = {**_bounds(start, end), "t0": HEADLINE_TYPES[0], "t1": HEADLINE_TYPES[1]}
    return query_derived(wh, sql, params)


def model_index(wh: Warehouse) -> pd.DataFrame:
    """Each model's latest published Artificial Analysis intelligence index."""
    return wh.query(
        "SELECT model_id, aa_intelligence_index FROM latest_models "
        "WHERE aa_intelligence_index IS NOT NULL ORDER BY model_id"
    )


def gpu_offers(wh: Warehouse, start: date, end: date) -> pd.DataFrame:
    """On-demand USD per GPU-hour per (provider, GPU) in two periods of equal length:
    ``previous`` (the days just before ``start``) and ``current`` (``[start, end]``):
    the cheapest offer at the provider's newest observation of that GPU in the period."""
    days = (end - start).days + 1
    sql = """
        WITH rows AS (
            SELECT provider, gpu, source_id, usd_per_gpu_hour, observed_at,
                CASE WHEN observed_at >= :start THEN 'current' ELSE 'previous' END AS period
            FROM gpu_prices
            WHERE pricing = 'on_demand' AND usd_per_gpu_hour > 0
              AND observed_at >= :prev AND observed_at < :stop),
        newest AS (
            SELECT period, provider, gpu, MAX(observed_at) AS newest_at
            FROM rows GROUP BY period, provider, gpu)
        SELECT r.period, r.provider, r.gpu, MIN(r.usd_per_gpu_hour) AS usd_per_gpu_hour,
            MAX(r.observed_at) AS observed_at, STRING_AGG(DISTINCT r.source_id, ',') AS source_id
        FROM rows r JOIN newest n ON n.period = r.period AND n.provider = r.provider
            AND n.gpu = r.gpu AND n.newest_at = r.observed_at
        GROUP BY r.period, r.provider, r.gpu
        ORDER BY r.gpu, r.provider, r.period"""
    params = {**_bounds(start, end), "prev": start - timedelta(days=days)}
    return wh.query(sql, params)


def new_benchmarks(wh: Warehouse, start: date, end: date) -> pd.DataFrame:
    """Benchmark results observed in ``[start, end]``, per source and metric: how many,
    on how many models and hardware, first and last day; ``new_source`` when the
    source had no result before ``start`` (its first load: new coverage)."""
    sql = f"""
        SELECT b.source_id, b.metric, b.unit, COUNT(*) AS n_results,
            COUNT(DISTINCT b.model_id) AS n_models, COUNT(DISTINCT b.hardware) AS n_hardware,
            MIN(b.observed_at) AS first_at, MAX(b.observed_at) AS last_at,
            MIN(f.first_at) >= :start AS new_source
        FROM benchmarks b
        JOIN (SELECT source_id, MIN(first_at) AS first_at FROM {mv("benchmark_series")}
              GROUP BY source_id) f ON f.source_id = b.source_id
        WHERE b.observed_at >= :start AND b.observed_at < :stop
        GROUP BY b.source_id, b.metric, b.unit
        ORDER BY b.source_id, n_results DESC, b.metric"""
    return query_derived(wh, sql, _bounds(start, end))


def run_problems(wh: Warehouse, since: pd.Timestamp) -> pd.DataFrame:
    """Refresh runs started at or after ``since`` that failed or held rows back as
    suspect, newest first, with the first held-back item as an example."""
    sql = """
        SELECT r.run_id, r.source_id, r.started_at, r.status, r.rows_held, r.error,
            (SELECT MIN(h.item || ': ' || h.reason) FROM held_back h
              WHERE h.run_id = r.run_id) AS held_example
        FROM ingest_runs r
        WHERE r.started_at >= :since AND (r.status = 'failed' OR r.rows_held > 0)
        ORDER BY r.started_at DESC, r.source_id"""
    return wh.query(sql, {"since": since.to_pydatetime()})


def newest_data(wh: Warehouse) -> pd.DataFrame:
    """Per source with observations: the newest data date (its own ``observed_at``).
    The long price tables are read through their derived per-series tables."""
    big = {
        "api_prices": f"SELECT source_id, MAX(newest) AS newest FROM {mv('latest_api_snapshots')} "
        "GROUP BY source_id",
        "gpu_prices": f"SELECT source_id, MAX(last_at) AS newest FROM {mv('gpu_price_series')} "
        "GROUP BY source_id",
        "benchmarks": f"SELECT source_id, MAX(last_at) AS newest FROM {mv('benchmark_series')} "
        "GROUP BY source_id",
    }
    union = " UNION ALL ".join(
        big.get(t, f"SELECT source_id, MAX(observed_at) AS newest FROM {t} GROUP BY source_id")
        for t in OBSERVATION_TABLES
    )
    sql = f"""
        SELECT u.source_id, s.title, MAX(u.newest) AS newest, s.kind
        FROM ({union}) u LEFT JOIN sources s ON s.source_id = u.source_id
        GROUP BY u.source_id, s.title, s.kind ORDER BY u.source_id"""
    return query_derived(wh, sql)


def newest_day(wh: Warehouse) -> pd.DataFrame:
    """One row: the newest observation day across API prices, GPU prices and benchmarks."""
    return wh.query(
        "SELECT GREATEST((SELECT MAX(observed_at) FROM api_prices), "
        "(SELECT MAX(observed_at) FROM gpu_prices), "
        "(SELECT MAX(observed_at) FROM benchmarks)) AS newest"
    )
