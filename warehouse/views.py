"""Derived views over the observation tables, and the derived tables (``mv_*``)
that each refresh rebuilds from them so pages do not recompute over all history."""

from __future__ import annotations

from canon.channels import precedence_sql, router_sql_list

# Sources whose every payload republishes the whole dated price history (llm-prices'
# ``price_history``): a series is still listed when the newest load contains it.
HISTORY_SOURCES_SQL = "('llm_prices')"
PRECEDENCE_SQL = precedence_sql("t.source_id")
ROUTERS_SQL = router_sql_list()
DISAGREE_PCT = 5.0  # sources further apart than this (% of the lower price) disagree
DISAGREE_WINDOW_DAYS = 31  # ... when observed within this many days of each other

# Derived views. Portable SQL (DuckDB and PostgreSQL): window functions, no PIVOT.
# ``kind`` (canon.kinds) is carried through every current-price view: LLM tables read
# ``kind = 'text'`` only. A (provider, model) whose current rows disagree on the kind,
# or carry none (rows loaded before schema v2), is ``unclassified``.
VIEWS: dict[str, str] = {
    # Each source's latest row of each (provider, model, price type) series, with what
    # the current-price rule needs: ``listed`` (the source still lists it: seen in the
    # source's newest observation of that provider or, for a source that republishes
    # its whole price history, in its newest load of that provider), ``undated`` (no
    # date of its own), the source's ``precedence`` and whether the seller is a router.
    "api_prices_by_source": f"""
        SELECT t.*,
            (t.observed_at = n.newest OR (t.source_id IN {HISTORY_SOURCES_SQL}
                                          AND t.run_id = n.newest_run)) AS listed,
            {PRECEDENCE_SQL} AS precedence,
            (t.provider IN {ROUTERS_SQL}) AS is_router
        FROM (
            SELECT p.source_id, p.run_id, p.observed_at, p.provider, p.model_id,
                p.price_type, p.usd_per_mtok, p.raw_value, p.raw_unit, p.source_model,
                p.currency, p.kind, p.terms, COALESCE(p.undated, FALSE) AS undated, p.endpoint,
                p.deprecated_on, p.fx_usd_per_unit, p.fx_rate_date, p.fx_source, p.official,
                ROW_NUMBER() OVER (
                    PARTITION BY p.source_id, p.provider, p.model_id, p.price_type
                    ORDER BY p.observed_at DESC, p.run_id DESC, p.usd_per_mtok) AS rn
            FROM api_prices p) t
        JOIN (SELECT source_id, provider, MAX(observed_at) AS newest,
                     MAX(run_id) AS newest_run
              FROM api_prices GROUP BY source_id, provider) n
          ON n.source_id = t.source_id AND n.provider = t.provider
        WHERE t.rn = 1
    """,
    # THE CURRENT-PRICE RULE (also in README "Which price is current"). One row per
    # (provider, model, price type), chosen among the sources' latest rows:
    # 1. a price its source still lists beats one it dropped (delisted or renamed);
    # 2. a dated price beats an undated one (an entry with no date of its own, stamped
    #    with its snapshot's date, never overrides a dated observation);
    # 3. a price published in USD beats one converted from another currency (a
    #    mainland China CNY list price is the regional list beside the global USD one,
    #    and its USD value moves with the exchange rate): it is current only where no
    #    source lists the model in USD;
    # 4. the newest date wins: the date the source says the price took effect or was
    #    observed;
    # 5. same date: source precedence (canon.channels.SOURCE_PRECEDENCE: the provider's
    #    own page first, routers last), then source id and price, so the pick is the
    #    same on every run.
    # Where sources disagree by more than 5%, ``api_price_disagreements`` says so.
    "latest_api_prices_long": """
        SELECT * FROM (
            SELECT b.*, ROW_NUMBER() OVER (
                PARTITION BY b.provider, b.model_id, b.price_type
                ORDER BY (CASE WHEN b.listed THEN 0 ELSE 1 END),
                         (CASE WHEN b.undated THEN 1 ELSE 0 END),
                         (CASE WHEN COALESCE(b.currency, 'USD') = 'USD' THEN 0 ELSE 1 END),
                         b.observed_at DESC, b.precedence, b.source_id, b.usd_per_mtok)
                AS pick
            FROM api_prices_by_source b) t
        WHERE pick = 1
    """,
    # Pairs of sources whose listed prices for the same provider, model and price type
    # differ by more than 5% (of the lower) while observed within 31 days of each other
    # (an undated price is compared with any): both values, both sources, both dates.
    "api_price_disagreements": f"""
        SELECT a.provider, a.model_id, a.price_type, a.kind,
            a.source_id AS source_a, a.usd_per_mtok AS usd_per_mtok_a,
            a.observed_at AS observed_at_a, a.undated AS undated_a,
            a.currency AS currency_a, a.terms AS terms_a,
            b.source_id AS source_b, b.usd_per_mtok AS usd_per_mtok_b,
            b.observed_at AS observed_at_b, b.undated AS undated_b,
            b.currency AS currency_b, b.terms AS terms_b,
            100.0 * ABS(a.usd_per_mtok - b.usd_per_mtok)
                / (CASE WHEN a.usd_per_mtok < b.usd_per_mtok THEN a.usd_per_mtok
                        ELSE b.usd_per_mtok END) AS pct_apart
        FROM api_prices_by_source a
        JOIN api_prices_by_source b
          ON a.provider = b.provider AND a.model_id = b.model_id
         AND a.price_type = b.price_type AND a.source_id < b.source_id
        WHERE a.listed AND b.listed AND a.usd_per_mtok > 0 AND b.usd_per_mtok > 0
          AND ABS(a.usd_per_mtok - b.usd_per_mtok) > {DISAGREE_PCT / 100}
              * (CASE WHEN a.usd_per_mtok < b.usd_per_mtok THEN a.usd_per_mtok
                      ELSE b.usd_per_mtok END)
          AND (a.undated OR b.undated
               OR (a.observed_at <= b.observed_at + INTERVAL '{DISAGREE_WINDOW_DAYS} days'
                   AND b.observed_at <= a.observed_at + INTERVAL '{DISAGREE_WINDOW_DAYS} days'))
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
            STRING_AGG(DISTINCT source_id, ',' ORDER BY source_id) AS source_id,
            CASE WHEN MIN(COALESCE(kind, 'unclassified')) = MAX(COALESCE(kind, 'unclassified'))
                 THEN MIN(COALESCE(kind, 'unclassified')) ELSE 'unclassified' END AS kind,
            MAX(NULLIF(terms, '')) AS terms
        FROM latest_api_prices_long
        GROUP BY provider, model_id
    """,
    # Each source's newest observation of each provider: a price series is current when
    # it was seen there (a series its source no longer lists was delisted or renamed).
    "latest_api_snapshots": """
        SELECT source_id, provider, MAX(observed_at) AS newest
        FROM api_prices GROUP BY source_id, provider
    """,
    # Every row (all regions and instance sizes) of each (provider, gpu, pricing) series
    # at that series' newest observation: the newest date per series first (a cheap
    # GROUP BY), then a join, so this stays fast when history grows 100x.
    "latest_gpu_offers": """
        SELECT g.*
        FROM gpu_prices g
        JOIN (SELECT provider, gpu, pricing, MAX(observed_at) AS newest
              FROM gpu_prices GROUP BY provider, gpu, pricing) m
          ON g.provider = m.provider AND g.gpu = m.gpu AND g.pricing = m.pricing
         AND g.observed_at = m.newest
    """,
    # One row per series: its cheapest newest offer (equal prices: the first source by
    # name, then the fewest GPUs, region and source GPU name, the same on every run).
    "latest_gpu_prices": """
        SELECT * FROM (
            SELECT g.*, ROW_NUMBER() OVER (
                PARTITION BY g.provider, g.gpu, g.pricing
                ORDER BY g.usd_per_gpu_hour, g.source_id, g.gpu_count, g.region,
                         g.source_gpu) AS rn
            FROM latest_gpu_offers g) t
        WHERE rn = 1
    """,
    # One row per GPU price series and source: how many rows, first and last seen.
    "gpu_price_series": """
        SELECT source_id, provider, gpu, pricing, COUNT(*) AS n_rows,
            MIN(observed_at) AS first_at, MAX(observed_at) AS last_at
        FROM gpu_prices GROUP BY source_id, provider, gpu, pricing
    """,
    # One row per source, pricing type and week (Monday) with GPU prices.
    "gpu_price_weeks": """
        SELECT source_id, pricing, CAST(date_trunc('week', observed_at) AS DATE) AS week,
            COUNT(*) AS n_rows, MIN(observed_at) AS first_at, MAX(observed_at) AS last_at
        FROM gpu_prices
        GROUP BY source_id, pricing, CAST(date_trunc('week', observed_at) AS DATE)
    """,
    # One row per API price series and source: how many rows, first and last seen.
    "api_price_series": """
        SELECT source_id, provider, model_id, price_type, COUNT(*) AS n_rows,
            MIN(observed_at) AS first_at, MAX(observed_at) AS last_at
        FROM api_prices GROUP BY source_id, provider, model_id, price_type
    """,
    # Every row of each benchmark series (source, metric, provider, model, workload) at
    # that series' newest observation (all stats; several endpoints may share a workload).
    "latest_benchmarks": """
        SELECT b.*
        FROM benchmarks b
        JOIN (SELECT source_id, metric, provider, model_id, workload,
                     MAX(observed_at) AS newest
              FROM benchmarks GROUP BY source_id, metric, provider, model_id, workload) m
          ON b.source_id = m.source_id AND b.metric = m.metric AND b.provider = m.provider
         AND b.model_id = m.model_id AND b.workload IS NOT DISTINCT FROM m.workload
         AND b.observed_at = m.newest
    """,
    # One row per benchmark series and stat: how many rows, first and last seen.
    "benchmark_series": """
        SELECT source_id, metric, stat, unit, provider, model_id, COUNT(*) AS n_rows,
            MIN(observed_at) AS first_at, MAX(observed_at) AS last_at
        FROM benchmarks GROUP BY source_id, metric, stat, unit, provider, model_id
    """,
    # Every change of a price between consecutive observations of the same series
    # in the same source; first_seen is when the new value was first observed. (Two
    # rows of a series at one timestamp are ordered by value, then run, so the result
    # is the same on every run.)
    "price_changes": """
        SELECT source_id, provider, model_id, price_type,
               prev_value AS old_usd_per_mtok, usd_per_mtok AS new_usd_per_mtok,
               CASE WHEN prev_value > 0
                    THEN 100.0 * (usd_per_mtok - prev_value) / prev_value END AS pct_change,
               prev_observed_at AS last_seen_old, observed_at AS first_seen,
               prev_run_id AS old_run_id, run_id AS new_run_id, kind, deprecated_on
        FROM (
            SELECT p.*,
                LAG(usd_per_mtok) OVER w AS prev_value,
                LAG(raw_value) OVER w AS prev_raw_value,
                LAG(observed_at) OVER w AS prev_observed_at,
                LAG(run_id) OVER w AS prev_run_id
            FROM api_prices p
            WINDOW w AS (PARTITION BY source_id, provider, model_id, price_type
                         ORDER BY observed_at, usd_per_mtok, run_id)) t
        WHERE prev_value IS NOT NULL AND usd_per_mtok <> prev_value
          -- a price published in another currency changed only when its published
          -- figure did: a move of the exchange rate alone is not a price change
          AND (COALESCE(currency, 'USD') = 'USD' OR raw_value <> prev_raw_value)
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
            STRING_AGG(DISTINCT source_id, ',' ORDER BY source_id) AS source_id
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

# Views snapshotted into derived tables ``mv_<view>`` by ``warehouse.migrate.materialize``,
# which ``ingest.runner.refresh`` (the only writer) runs after loading its sources. A
# warehouse that lacks them (built with ``ensure_schema`` and inserts, as tests do) is
# read through the views instead (``queries._sql.query_derived``). Anything else that
# writes observation rows must call ``materialize`` afterwards, or pages keep reading
# the derived tables as of the last refresh.
MATERIALIZED: tuple[str, ...] = (
    "api_prices_by_source",
    "latest_api_prices_long",
    "api_price_disagreements",
    "latest_api_prices",
    "latest_api_snapshots",
    "api_price_series",
    "price_changes",
    "latest_gpu_offers",
    "latest_gpu_prices",
    "gpu_price_series",
    "gpu_price_weeks",
    "latest_benchmarks",
    "benchmark_series",
)
MATERIALIZED_PREFIX = "mv_"


def materialized(view: str) -> str:
    """The derived table that holds a snapshot of ``view`` (one of ``MATERIALIZED``)."""
    if view not in MATERIALIZED:
        raise ValueError(f"{view!r} is not materialized; one of {', '.join(MATERIALIZED)}")
    return MATERIALIZED_PREFIX + view
