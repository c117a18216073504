"""Questions about the quality of what was loaded: names the canon could not map,
listings by kind (what LLM tables leave out), and values held back by validation
beside the value still shown as current."""

from __future__ import annotations

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.queries._sql import mv, query_derived


def unmapped_names(wh: Warehouse) -> pd.DataFrame:
    """Raw names a parser could not map (``unmapped_names``): per source, kind of name
    (provider | listing_kind) and raw spelling, the rows that carried it in a payload
    (the most in any one), the runs that saw it and the last of them. Most rows first."""
    return wh.query(
        """SELECT source_id, name_kind, raw_name, MAX(n_rows) AS n_rows,
               COUNT(DISTINCT run_id) AS n_runs, MAX(run_id) AS last_run
           FROM unmapped_names
           GROUP BY source_id, name_kind, raw_name
           ORDER BY n_rows DESC, source_id, name_kind, raw_name"""
    )


def listing_kinds(wh: Warehouse) -> pd.DataFrame:
    """Current (provider, model) listings per kind (``canon.kinds``), with the sources
    that list them: LLM tables, rankings and headlines show ``text`` only."""
    return query_derived(
        wh,
        f"""SELECT p.kind, COUNT(*) AS n_listings, COUNT(DISTINCT p.provider) AS n_providers,
                (SELECT STRING_AGG(DISTINCT l.source_id, ',' ORDER BY l.source_id)
                 FROM {mv("latest_api_prices_long")} l JOIN {mv("latest_api_prices")} q
                   ON q.provider = l.provider AND q.model_id = l.model_id
                 WHERE q.kind = p.kind) AS source_id
            FROM {mv("latest_api_prices")} p
            GROUP BY p.kind
            ORDER BY n_listings DESC, p.kind""",
    )


def held_back_values(wh: Warehouse) -> pd.DataFrame:
    """Every value validation held back, newest run first, beside what is current for
    that series now (value, source, date): a held correction never leaves a wrong value
    current without this list saying so. Series are ``provider | model | price type``
    for API prices; other tables show no current value."""
    return query_derived(
        wh,
        f"""SELECT h.item, h.new_value, h.previous_value, c.usd_per_mtok AS current_value,
                c.source_id AS current_source, c.observed_at AS current_observed_at,
                h.reason, h.source_id, h.table_name, h.run_id
            FROM held_back h
            LEFT JOIN {mv("latest_api_prices_long")} c
              ON h.table_name = 'api_prices'
             AND h.item = c.provider || ' | ' || c.model_id || ' | ' || c.price_type
            ORDER BY h.run_id DESC, h.source_id, h.item""",
    )
