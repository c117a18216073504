"""Questions about API token prices (USD per 1M tokens): the current price table, one
model across providers, price vs speed, price history, price changes and the price of
intelligence.

"Current" prices are the latest value of each (provider, model, price type) that its
source still lists: the series was seen in that source's newest observation of that
provider. A model a source dropped (delisted or renamed) is not current.

The blended price is the 3:1 blend of ``market.pricing`` (0.75 x input + 0.25 x output),
passed to SQL as the parameter ``:w`` so there is one definition.

Current prices and price changes are read from the derived tables that every refresh
rebuilds (``mv_*``, see ``warehouse.schema.MATERIALIZED``), so the table, facets and
change log cost the same however long the price history grows.
"""

from __future__ import annotations

import pandas as pd

from canon.channels import ROUTERS
from canon.kinds import TEXT
from market.pricing import BLEND_INPUT_WEIGHT
from warehouse.connection import Warehouse
from warehouse.queries._sql import in_filter, mv, query_derived

ENDPOINT_SOURCE = "openrouter_endpoints"  # per-provider prices + live throughput stats
COMPARE_WINDOW_DAYS = 14  # "cheapest provider" compares prices observed this close together
HEADLINE_TYPES = ("input", "output")

# Latest non-empty value of each model fact (sources disagree on which facts they
# carry: the newest row of a model may lack the Artificial Analysis index another
# source published, so a row-level "latest" would drop it).
MODEL_FACTS = """
model_facts AS (
    SELECT model_id,
        MAX(CASE WHEN rn_name = 1 THEN name END) AS name,
        MAX(CASE WHEN rn_creator = 1 THEN creator END) AS creator,
        BOOL_OR(CASE WHEN rn_open = 1 THEN open_weights END) AS open_weights,
        MAX(CASE WHEN rn_ctx = 1 THEN context_tokens END) AS context_tokens,
        MAX(CASE WHEN rn_idx = 1 THEN aa_intelligence_index END) AS aa_intelligence_index
    FROM (
        SELECT m.model_id, m.name, m.creator, m.open_weights, m.context_tokens,
            m.aa_intelligence_index,
            ROW_NUMBER() OVER (PARTITION BY model_id
                ORDER BY (NULLIF(name, '') IS NULL), observed_at DESC, source_id) AS rn_name,
            ROW_NUMBER() OVER (PARTITION BY model_id
                ORDER BY (NULLIF(creator, '') IS NULL), observed_at DESC, source_id)
                AS rn_creator,
            ROW_NUMBER() OVER (PARTITION BY model_id
                ORDER BY (open_weights IS NULL), observed_at DESC, source_id) AS rn_open,
            ROW_NUMBER() OVER (PARTITION BY model_id
                ORDER BY (context_tokens IS NULL), observed_at DESC, source_id) AS rn_ctx,
            ROW_NUMBER() OVER (PARTITION BY model_id
                ORDER BY (aa_intelligence_index IS NULL), observed_at DESC, source_id)
                AS rn_idx
        FROM models m) t
    GROUP BY model_id)
"""

# What a (provider, model) listing sells (canon.kinds): its rows' kind when they agree,
# else (or when none is recorded) unclassified, which no LLM table shows.
LISTING_KIND = (
    "CASE WHEN MIN(COALESCE({p}kind, 'unclassified')) = MAX(COALESCE({p}kind, 'unclassified'))"
    " THEN MIN(COALESCE({p}kind, 'unclassified')) ELSE 'unclassified' END"
)

# Current (or, with :all_series, latest ever) prices, one row per provider x model, by
# the current-price rule of ``warehouse.views`` (latest_api_prices_long): listed first,
# dated before undated, newest date, then source precedence. ``disagree`` flags a row
# whose input or output price another source gives more than 5% apart at the same time
# (``price_disagreements`` lists both values). Reads derived tables: run it through
# ``query_derived``.
CURRENT_PRICES = f"""
current_prices AS (
    SELECT l.provider, l.model_id,
        MAX(CASE WHEN l.price_type = 'input' THEN l.usd_per_mtok END) AS input_usd_per_mtok,
        MAX(CASE WHEN l.price_type = 'output' THEN l.usd_per_mtok END) AS output_usd_per_mtok,
        MAX(CASE WHEN l.price_type = 'cached_input' THEN l.usd_per_mtok END)
            AS cached_input_usd_per_mtok,
        MAX(l.observed_at) AS observed_at,
        STRING_AGG(DISTINCT l.source_id, ',' ORDER BY l.source_id) AS source_id,
        {LISTING_KIND.format(p="l.")} AS kind,
        MAX(NULLIF(l.terms, '')) AS terms,
        MAX(CASE WHEN l.price_type IN ('input', 'output', 'cached_input')
                  AND COALESCE(l.currency, 'USD') <> 'USD' THEN l.currency END) AS fx_currency,
        MAX(CASE WHEN l.price_type IN ('input', 'output', 'cached_input')
                 THEN l.fx_usd_per_unit END) AS fx_usd_per_unit,
        MAX(CASE WHEN l.price_type IN ('input', 'output', 'cached_input')
                 THEN l.fx_rate_date END) AS fx_rate_date,
        BOOL_OR(l.official) AS official,
        BOOL_OR(l.is_router) AS is_router,
        BOOL_OR(l.undated) AS undated,
        BOOL_OR(d.provider IS NOT NULL) AS disagree
    FROM {mv("latest_api_prices_long")} l
    LEFT JOIN (SELECT DISTINCT provider, model_id, price_type
               FROM {mv("api_price_disagreements")}
               WHERE price_type IN ('input', 'output')) d
      ON d.provider = l.provider AND d.model_id = l.model_id AND d.price_type = l.price_type
    WHERE l.listed OR :all_series
    GROUP BY l.provider, l.model_id)
"""

# Input and output price of every observation of a series, side by side; {where} narrows
# the rows of api_prices first (e.g. to one source), before they are paired. As in the
# current-price rule, a price converted from another currency (a mainland China CNY list)
# is left out where the provider lists the model in USD: histories and "cheapest" series
# follow the global USD list, not a regional one.
OBSERVED_PAIRS = """
observed AS (
    SELECT source_id, provider, model_id, observed_at,
        MAX(CASE WHEN price_type = 'input' THEN usd_per_mtok END) AS input_usd_per_mtok,
        MAX(CASE WHEN price_type = 'output' THEN usd_per_mtok END) AS output_usd_per_mtok
    FROM api_prices
    WHERE price_type IN ('input', 'output') AND kind = 'text' AND {where}
      AND (COALESCE(currency, 'USD') = 'USD' OR NOT EXISTS (
            SELECT 1 FROM api_prices u
            WHERE u.provider = api_prices.provider AND u.model_id = api_prices.model_id
              AND COALESCE(u.currency, 'USD') = 'USD'))
    GROUP BY source_id, provider, model_id, observed_at)
"""

# Sources whose input or output value for a listing validation held back (ingest.validate;
# listed with the value shown instead on Data & sources): the flag beside a current price.
HELD_BACK = """(SELECT STRING_AGG(DISTINCT h.source_id, ',' ORDER BY h.source_id) FROM held_back h
    WHERE h.table_name = 'api_prices'
      AND h.item IN (p.provider || ' | ' || p.model_id || ' | input',
                     p.provider || ' | ' || p.model_id || ' | output'))"""

BLENDED = "(:w * {p}input_usd_per_mtok + (1 - :w) * {p}output_usd_per_mtok)"
PAID = "{p}input_usd_per_mtok > 0 AND {p}output_usd_per_mtok > 0"

SORTS = {
    "blended": "blended_usd_per_mtok ASC NULLS LAST, model_id, provider",
    "input": "input_usd_per_mtok ASC NULLS LAST, model_id, provider",
    "output": "output_usd_per_mtok ASC NULLS LAST, model_id, provider",
    "intelligence": "aa_intelligence_index DESC NULLS LAST, blended_usd_per_mtok ASC NULLS LAST",
    "context": "context_tokens DESC NULLS LAST, blended_usd_per_mtok ASC NULLS LAST",
    "model": "model_id, provider",
    "provider": "provider, model_id",
}


def like_pattern(text: str) -> str:
    """A case-insensitive substring pattern for ``LIKE ... ESCAPE '\\'``."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def with_ctes(*ctes: str) -> str:
    return "WITH " + ",\n".join(c.strip() for c in ctes) + "\n"


def price_facets(wh: Warehouse, kind: str = TEXT) -> pd.DataFrame:
    """Filter options of the price table: ``facet`` (provider | creator), ``value``, ``n``
    (current provider x model rows of listing ``kind`` with that value)."""
    sql = (
        with_ctes(CURRENT_PRICES, MODEL_FACTS)
        + """
        SELECT 'provider' AS facet, provider AS value, COUNT(*) AS n
        FROM current_prices WHERE kind = :kind GROUP BY provider
        UNION ALL
        SELECT 'creator' AS facet, f.creator AS value, COUNT(*) AS n
        FROM current_prices p JOIN model_facts f ON f.model_id = p.model_id
        WHERE NULLIF(f.creator, '') IS NOT NULL AND p.kind = :kind GROUP BY f.creator
        ORDER BY facet, value"""
    )
    return query_derived(wh, sql, {"all_series": False, "kind": kind})


def price_table(
    wh: Warehouse,
    providers: tuple[str, ...] = (),
    creators: tuple[str, ...] = (),
    open_weights_only: bool = False,
    paid_only: bool = True,
    min_context: int = 0,
    search: str = "",
    sort: str = "blended",
    include_delisted: bool = False,
    limit: int = 300,
    kind: str = TEXT,
) -> pd.DataFrame:
    """Current prices by model x provider (USD per 1M tokens; the current-price rule of
    ``CURRENT_PRICES``) with model facts, filtered and sorted in SQL; ``n_total`` is the
    number of matching rows before ``limit``. ``is_router``, ``undated`` and ``disagree``
    flag routers, prices without a date of their own and prices another source gives
    more than 5% apart.
    ``paid_only`` keeps listings with a positive input *and* output price: it hides free
    tiers and local runtimes (price 0, e.g. Ollama) and input-only listings
    (embeddings), for which a blended price means nothing. ``kind`` (``canon.kinds``):
    text generation by default; other kinds (image, audio, embedding ...) on request.
    ``terms`` states a condition of the price (e.g. a tiered entry's first tier);
    ``held_back_from`` names the sources whose value for the listing validation held
    back (the price shown is then the last one that passed). ``official``: the source
    says the price is the model vendor's own list price (true) or a third-party
    channel's (false); NULL where it does not say."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
    conds = [
        "(p.input_usd_per_mtok IS NOT NULL OR p.output_usd_per_mtok IS NOT NULL)",
        "p.kind = :kind",
    ]
    params: dict = {
        "w": BLEND_INPUT_WEIGHT,
        "all_series": include_delisted,
        "limit": limit,
        "kind": kind,
    }
    for column, prefix, values in (
        ("p.provider", "prov", providers),
        ("f.creator", "crea", creators),
    ):
        sql, extra = in_filter(column, prefix, values)  # "TRUE" when no values are chosen
        conds.append(sql)
        params.update(extra)
    if open_weights_only:
        conds.append("f.open_weights")
    if paid_only:
        conds.append(PAID.format(p="p."))
    if min_context > 0:
        conds.append("f.context_tokens >= :min_context")
        params["min_context"] = min_context
    if search.strip():
        conds.append(
            "(LOWER(p.model_id) LIKE :pat ESCAPE '\\' "
            "OR LOWER(COALESCE(f.name, '')) LIKE :pat ESCAPE '\\')"
        )
        params["pat"] = like_pattern(search.strip())
    sql = (
        with_ctes(CURRENT_PRICES, MODEL_FACTS)
        + f"""
        SELECT * FROM (
            SELECT p.model_id, p.provider, {BLENDED.format(p="p.")} AS blended_usd_per_mtok,
                p.input_usd_per_mtok, p.output_usd_per_mtok, p.cached_input_usd_per_mtok,
                f.aa_intelligence_index, f.context_tokens, f.creator, f.open_weights, f.name,
                p.observed_at, p.source_id, p.kind, p.terms, {HELD_BACK} AS held_back_from,
                p.fx_currency, p.fx_usd_per_unit, p.fx_rate_date, p.official,
                p.is_router, p.undated, p.disagree,
                COUNT(*) OVER () AS n_total
            FROM current_prices p LEFT JOIN model_facts f ON f.model_id = p.model_id
            WHERE {" AND ".join(conds)}) t
        ORDER BY {SORTS[sort]}
        LIMIT :limit"""
    )
    return query_derived(wh, sql, params)


def model_choices(wh: Warehouse, limit: int = 1000) -> pd.DataFrame:
    """Text-generation models with current paid prices (input and output > 0), the most widely offered
    first: ``model_id``, ``n_providers``, cheapest blended price, intelligence index."""
    sql = (
        with_ctes(CURRENT_PRICES, MODEL_FACTS)
        + f"""
        SELECT p.model_id, COUNT(*) AS n_providers,
            MIN({BLENDED.format(p="p.")}) AS min_blended_usd_per_mtok,
            MAX(f.aa_intelligence_index) AS aa_intelligence_index
        FROM current_prices p LEFT JOIN model_facts f ON f.model_id = p.model_id
        WHERE {PAID.format(p="p.")} AND p.kind = 'text'
        GROUP BY p.model_id
        ORDER BY n_providers DESC, p.model_id
        LIMIT :limit"""
    )
    return query_derived(wh, sql, {"w": BLEND_INPUT_WEIGHT, "all_series": False, "limit": limit})


def model_across_providers(
    wh: Warehouse, model_id: str, paid_only: bool = True, window_days: int = COMPARE_WINDOW_DAYS
) -> pd.DataFrame:
    """Current input, output, cached-input and blended price of one model at every
    provider that lists it, cheapest blended first. ``paid_only``: positive input and
    output prices only (a free tier is not a comparable list price).

    ``is_router``: the seller is a router (canon.channels), a channel, not a provider
    serving the model. ``in_window``: observed within ``window_days`` of the newest
    observation of a serving (non-router) provider of the model, so "the cheapest
    provider" compares prices of the same time. ``disagree``: another source gives this
    provider's input or output price more than 5% apart (``price_disagreements``);
    ``undated``: the price has no date of its own; ``fx_currency``: the currency a price
    was published in when not USD (converted at the ECB rate of its day)."""
    sql = (
        with_ctes(CURRENT_PRICES)
        + f""",
        offers AS (
            SELECT provider, model_id, input_usd_per_mtok, output_usd_per_mtok,
                cached_input_usd_per_mtok, {BLENDED.format(p="")} AS blended_usd_per_mtok,
                observed_at, source_id, kind, is_router, undated, disagree, fx_currency
            FROM current_prices
            WHERE model_id = :model AND kind = 'text' AND (NOT :paid OR ({PAID.format(p="")})))
        SELECT o.*,
            (o.observed_at >= n.newest - :days * INTERVAL '1 day') AS in_window
        FROM offers o
        CROSS JOIN (SELECT MAX(observed_at) AS newest FROM offers WHERE NOT is_router) n
        ORDER BY blended_usd_per_mtok ASC NULLS LAST, provider"""
    )
    params = {
        "w": BLEND_INPUT_WEIGHT,
        "all_series": False,
        "model": model_id,
        "paid": paid_only,
        "days": window_days,
    }
    df = query_derived(wh, sql, params)
    df["in_window"] = df["in_window"].fillna(False).astype(bool)  # only routers: none
    return df


def price_disagreements(
    wh: Warehouse,
    model_ids: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (TEXT,),
    limit: int = 500,
) -> pd.DataFrame:
    """Listed prices of the same provider, model and price type that two sources give
    more than 5% apart at the same time (warehouse view api_price_disagreements): both
    values, both sources, both dates, the currency each was published in and its terms
    (a mainland China CNY list beside a global USD one), furthest apart first.
    ``kinds``: what the listing sells (canon.kinds; () = all)."""
    model_sql, params = in_filter("model_id", "m", model_ids)
    kind_sql, kind_params = in_filter("kind", "k", kinds)
    sql = f"""
        SELECT provider, model_id, price_type, source_a, usd_per_mtok_a, observed_at_a,
            undated_a, currency_a, terms_a, source_b, usd_per_mtok_b, observed_at_b,
            undated_b, currency_b, terms_b, pct_apart, kind,
            CASE WHEN observed_at_a > observed_at_b THEN observed_at_a ELSE observed_at_b END
                AS observed_at,
            source_a || ',' || source_b AS source_id
        FROM {mv("api_price_disagreements")}
        WHERE {model_sql} AND {kind_sql}
        ORDER BY pct_apart DESC, provider, model_id, price_type, source_a, source_b
        LIMIT :limit"""
    return query_derived(wh, sql, {**params, **kind_params, "limit": limit})


def endpoint_label(workload: str) -> str:
    """The endpoint's name in an OpenRouter workload text ('..., endpoint=Baseten Fast,
    region=...' -> 'Baseten Fast')."""
    for part in str(workload).split(", "):
        if part.startswith("endpoint="):
            return part.removeprefix("endpoint=")
    return str(workload)


def price_speed(wh: Warehouse, model_id: str = "") -> pd.DataFrame:
    """Blended price vs output speed of each priced OpenRouter endpoint at the latest
    endpoint scrape: one point is one real offer, the p50 ``output_tps`` (tokens/s) of
    an endpoint joined to the price of that same endpoint in the same scrape
    (``api_prices.endpoint`` = ``benchmarks.workload``). A provider's other endpoints of
    the model (a faster, dearer tier) have speed stats but no tracked price and are
    left out, as are free (price 0) endpoints. ``model_id`` narrows to one model."""
    model_filter = "AND b.model_id = :model" if model_id else ""
    sql = f"""
        WITH newest AS (
            SELECT MAX(observed_at) AS newest_at FROM benchmarks
            WHERE source_id = :src AND metric = 'output_tps'),
        priced AS (
            SELECT source_id, provider, model_id, observed_at, endpoint, kind,
                MAX(CASE WHEN price_type = 'input' THEN usd_per_mtok END) AS input_usd_per_mtok,
                MAX(CASE WHEN price_type = 'output' THEN usd_per_mtok END)
                    AS output_usd_per_mtok
            FROM api_prices
            WHERE source_id = :src AND endpoint IS NOT NULL
              AND price_type IN ('input', 'output')
              AND observed_at = (SELECT newest_at FROM newest)
            GROUP BY source_id, provider, model_id, observed_at, endpoint, kind)
        SELECT b.provider, b.model_id, b.workload AS endpoint, b.value AS output_tps,
            o.input_usd_per_mtok, o.output_usd_per_mtok,
            {BLENDED.format(p="o.")} AS blended_usd_per_mtok, b.observed_at, o.source_id,
            o.kind
        FROM benchmarks b
        JOIN priced o ON o.provider = b.provider AND o.model_id = b.model_id
            AND o.observed_at = b.observed_at AND o.endpoint = b.workload
        WHERE b.source_id = :src AND b.metric = 'output_tps' AND b.stat = 'p50'
          AND b.observed_at = (SELECT newest_at FROM newest)
          AND {BLENDED.format(p="o.")} > 0 {model_filter}
        ORDER BY blended_usd_per_mtok, output_tps DESC, b.provider, b.model_id"""
    params = {"w": BLEND_INPUT_WEIGHT, "src": ENDPOINT_SOURCE}
    if model_id:
        params["model"] = model_id
    df = wh.query(sql, params)
    df.insert(3, "endpoint_label", [endpoint_label(w) for w in df["endpoint"]])
    return df


def price_history(
    wh: Warehouse,
    model_ids: tuple[str, ...],
    providers: tuple[str, ...] = (),
    serving_only: bool = True,
) -> pd.DataFrame:
    """Blended price of the given models at each provider on each observed day (the
    lowest where two sources report the same day), oldest first. ``serving_only``:
    routers (canon.channels.ROUTERS) left out, so "the cheapest price" is a price of a
    provider serving the model."""
    if not model_ids:
        return pd.DataFrame(
            columns=["model_id", "provider", "observed_at", "blended_usd_per_mtok", "source_id"]
        )
    model_sql, params = in_filter("model_id", "m", model_ids)
    prov_sql, prov_params = in_filter("provider", "prov", providers)
    params.update(prov_params)
    if serving_only:
        router_sql, router_params = in_filter("provider", "rt", tuple(sorted(ROUTERS)))
        prov_sql = f"{prov_sql} AND NOT ({router_sql})"
        params.update(router_params)
    conds = ["input_usd_per_mtok IS NOT NULL", "output_usd_per_mtok IS NOT NULL"]
    sql = (
        with_ctes(OBSERVED_PAIRS.format(where=f"{model_sql} AND {prov_sql}"))
        + f"""
        SELECT model_id, provider, CAST(observed_at AS DATE) AS observed_at,
            MIN({BLENDED.format(p="")}) AS blended_usd_per_mtok,
            MIN(input_usd_per_mtok) AS input_usd_per_mtok,
            MIN(output_usd_per_mtok) AS output_usd_per_mtok,
            STRING_AGG(DISTINCT source_id, ',' ORDER BY source_id) AS source_id
        FROM observed WHERE {" AND ".join(conds)}
        GROUP BY model_id, provider, CAST(observed_at AS DATE)
        ORDER BY model_id, provider, observed_at"""
    )
    return wh.query(sql, {**params, "w": BLEND_INPUT_WEIGHT})


# What "movers" headlines leave out: fine-tunes (``ft:`` ids price a customer's tuned
# copy, not a list price), moving aliases (``-latest`` ids point at a new model when
# one ships, so their "price change" is a model swap) and deprecated listings (the
# source's ``deprecated_on`` on or before the change). LIKE patterns, '\\' escapes.
# ("%latest" covers -latest, :latest and _latest without a colon in the SQL text, which
# SQLAlchemy would read as a bind parameter.)
MOVER_EXCLUDED = ("ft:%", "%latest")
# A move of this factor or more either way is a data correction (a unit slip fixed
# upstream, which ingest.validate loads when it moves toward the other sources), not a
# price change: it stays in the full change log but leads no headline.
CORRECTION_FACTOR = 10.0


def _mover_filter(col: str = "c.model_id", p: str = "c.") -> str:
    """Headline movers: no fine-tune, no moving alias, no listing its source had already
    deprecated when the change was seen, no data correction (``CORRECTION_FACTOR``)."""
    names = " AND ".join(f"{col} NOT LIKE '{pat}' ESCAPE '\\'" for pat in MOVER_EXCLUDED)
    f = CORRECTION_FACTOR
    return (
        f"{names} AND ({p}deprecated_on IS NULL OR {p}deprecated_on > {p}first_seen)"
        f" AND {p}new_usd_per_mtok < {f} * {p}old_usd_per_mtok"
        f" AND {p}old_usd_per_mtok < {f} * {p}new_usd_per_mtok"
    )


def price_change_log(
    wh: Warehouse,
    latest_only: bool = False,
    price_types: tuple[str, ...] = HEADLINE_TYPES,
    model_ids: tuple[str, ...] = (),
    limit: int = 50,
    headline: bool = True,
) -> pd.DataFrame:
    """Price changes between consecutive observations of the same (source, provider,
    model, price type), biggest relative move first; equal moves newest first, then by
    provider, model, price type and source (so the order, and a title naming the first
    row, is the same on every run). ``last_seen_old`` and ``first_seen`` are the real
    dates of the two observations compared.

    ``latest_only``: only changes first seen in each source's newest observation of that
    provider. ``headline``: text-generation listings only, fine-tunes and moving aliases
    left out (``MOVER_EXCLUDED``). ``since_last_refresh``: the old value came from the
    source's previous refresh (an earlier run) and the new one from its latest run;
    False when both came in one load of several snapshots."""
    conds = ["c.pct_change IS NOT NULL"]
    types_sql, params = in_filter("c.price_type", "t", price_types or HEADLINE_TYPES)
    model_sql, model_params = in_filter("c.model_id", "m", model_ids)
    params.update(model_params)
    conds += [types_sql, model_sql]
    if latest_only:
        conds.append("c.first_seen = s.newest")
    if headline:
        conds += [f"c.kind = '{TEXT}'", _mover_filter()]
    sql = f"""
        SELECT c.provider, c.model_id, c.price_type, c.old_usd_per_mtok, c.new_usd_per_mtok,
            c.pct_change, c.last_seen_old, c.first_seen, c.source_id,
            (c.old_run_id <> c.new_run_id AND c.new_run_id = r.newest_run) AS since_last_refresh
        FROM {mv("price_changes")} c
        JOIN {mv("latest_api_snapshots")} s
          ON s.source_id = c.source_id AND s.provider = c.provider
        LEFT JOIN (SELECT source_id, MAX(run_id) AS newest_run FROM ingest_runs
                   WHERE status = 'ok' GROUP BY source_id) r ON r.source_id = c.source_id
        WHERE {" AND ".join(conds)}
        ORDER BY ABS(c.pct_change) DESC, c.first_seen DESC, c.provider, c.model_id,
            c.price_type, c.source_id
        LIMIT :limit"""
    df = query_derived(wh, sql, {**params, "limit": limit})
    df["since_last_refresh"] = df["since_last_refresh"].fillna(False).astype(bool)
    return df


def price_change_stats(wh: Warehouse) -> pd.DataFrame:
    """One row: number of input/output price changes of text-generation listings
    (fine-tunes and moving aliases left out), cuts, rises, the median change (percent),
    and the first and last day a change was seen."""
    types_sql, params = in_filter("price_type", "t", HEADLINE_TYPES)
    sql = f"""
        SELECT COUNT(*) AS n_changes,
            SUM(CASE WHEN pct_change < 0 THEN 1 ELSE 0 END) AS n_cuts,
            SUM(CASE WHEN pct_change > 0 THEN 1 ELSE 0 END) AS n_rises,
            PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY pct_change) AS median_pct_change,
            MIN(first_seen) AS first_change, MAX(first_seen) AS last_change,
            (SELECT MIN(first_at) FROM {mv("api_price_series")}) AS tracked_since,
            STRING_AGG(DISTINCT source_id, ',' ORDER BY source_id) AS source_id,
            MAX(first_seen) AS observed_at
        FROM {mv("price_changes")}
        WHERE pct_change IS NOT NULL AND kind = '{TEXT}' AND {types_sql}
          AND {_mover_filter("model_id", "")}"""
    return query_derived(wh, sql, params)


def intelligence_summary(wh: Warehouse) -> pd.DataFrame:
    """One row: models with an Artificial Analysis intelligence index, its top-decile
    threshold (90th percentile), median and maximum."""
    sql = (
        with_ctes(MODEL_FACTS)
        + """
        SELECT COUNT(*) AS n_indexed,
            PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY aa_intelligence_index) AS p90_index,
            PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY aa_intelligence_index) AS median_index,
            MAX(aa_intelligence_index) AS max_index
        FROM model_facts WHERE aa_intelligence_index IS NOT NULL"""
    )
    return wh.query(sql)


def cheapest_by_period(wh: Warehouse, min_index: float, stale_days: int = 120) -> pd.DataFrame:
    """For every month with price observations, each model with an Artificial Analysis
    intelligence index >= ``min_index`` and its cheapest non-zero blended price at a
    provider serving it (routers left out) among the series' prices known at the end of
    that month: each series' last observation
    in the month or, failing that, in the ``stale_days`` before the month (carried
    forward). The index is the model's latest published one, applied to all its
    prices. Equal prices: the first provider by name, then its newest observation, then
    the first source by name. Rows by month, then cheapest first, then model. Feed to
    ``market.pricing.price_of_intelligence``.

    Only each series' last observation of each month can be the one known at a month's
    end (the window ends on a month boundary), so the history is cut to those before
    the months are matched: the query grows with the months tracked, not the rows."""
    router_sql, router_params = in_filter("provider", "rt", tuple(sorted(ROUTERS)))
    observed = OBSERVED_PAIRS.format(
        where=f"model_id IN (SELECT model_id FROM indexed) AND NOT ({router_sql})"
    )
    sql = (
        with_ctes(MODEL_FACTS)
        + f""",
        indexed AS (
            SELECT model_id, aa_intelligence_index FROM model_facts
            WHERE aa_intelligence_index >= :min_index),
        {observed.strip()},
        month_last AS (
            SELECT * FROM (
                SELECT o.*, ROW_NUMBER() OVER (
                    PARTITION BY source_id, provider, model_id, DATE_TRUNC('month', observed_at)
                    ORDER BY observed_at DESC) AS rn
                FROM observed o) t
            WHERE rn = 1),
        periods AS (  -- months with observations (distinct timestamps first: fewer rows)
            SELECT DISTINCT DATE_TRUNC('month', observed_at) AS period
            FROM (SELECT DISTINCT observed_at FROM api_prices) d),
        known AS (
            SELECT p.period, o.source_id, o.provider, o.model_id, o.observed_at,
                {BLENDED.format(p="o.")} AS blended_usd_per_mtok,
                ROW_NUMBER() OVER (PARTITION BY p.period, o.source_id, o.provider, o.model_id
                                   ORDER BY o.observed_at DESC) AS rn
            FROM periods p
            JOIN month_last o ON o.observed_at < p.period + INTERVAL '1 month'
                AND o.observed_at >= p.period - :stale * INTERVAL '1 day'),
        ranked AS (
            SELECT k.*, ROW_NUMBER() OVER (PARTITION BY period, model_id
                ORDER BY blended_usd_per_mtok, provider, observed_at DESC, source_id)
                AS rank_in_model
            FROM known k WHERE rn = 1 AND blended_usd_per_mtok > 0)
        SELECT r.period, r.model_id, r.provider, r.blended_usd_per_mtok,
            i.aa_intelligence_index, r.observed_at, r.source_id
        FROM ranked r JOIN indexed i ON i.model_id = r.model_id
        WHERE r.rank_in_model = 1
        ORDER BY r.period, r.blended_usd_per_mtok, r.model_id"""
    )
    params = {"w": BLEND_INPUT_WEIGHT, "min_index": float(min_index), "stale": stale_days}
    return wh.query(sql, {**params, **router_params})
