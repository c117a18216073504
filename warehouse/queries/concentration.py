"""Questions for the Concentration page: market shares per segment, published and derived.

Published shares come from the curated ``market_shares`` table (one row per company, basis,
period and market definition, with its citation). For segments without published shares
(inference providers, AI clouds; see data/reference/README.md) and for a token-basis view of
model APIs, shares are *derived* by Inference Atlas from OpenRouter token volumes in the
``usage`` table. Every row carries ``group_label`` (basis · period · market definition): only
rows of one group are comparable, so callers never mix bases.
"""

from __future__ import annotations

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.queries._sql import latest_load

SEGMENTS = ("model_api", "inference_provider", "ai_cloud", "hyperscaler", "hardware", "edge")
HOST_SOURCE = "openrouter_effective_pricing"
AUTHOR_SOURCE = "openrouter_rankings"
HOST_URL = "https://github.com/sui414/openrouter-pricing-data/tree/main/data/csv/effective_pricing"
AUTHOR_URL = (
    "https://github.com/sui414/openrouter-pricing-data/blob/main/data/csv/model_rankings.csv"
)
DERIVED_LABEL = (
    "derived by Inference Atlas from OpenRouter token volumes (one router, not the whole market)"
)
# Derived groups per segment: (kind, segment filter for hosts or None for every host).
DERIVED: dict[str, tuple[tuple[str, str | None], ...]] = {
    "model_api": (("authors", None),),
    "inference_provider": (("hosts", "inference_provider"), ("hosts", None)),
    "ai_cloud": (("hosts", "ai_cloud"),),
}
COLUMNS = [
    "segment", "company", "share_pct", "basis", "period", "market_definition", "group_label",
    "origin", "excluded_reason", "tokens", "citation", "source_date", "source_kind", "note",
    "source_id", "observed_at",
]  # fmt: skip

# Rows that are not one firm's share of a market that sums to 100 (README §3 caveats).
_EXCLUDED = """
    CASE
        WHEN basis = 'adoption' THEN
            'adoption rate (share of buyers using the vendor), not a market share'
        WHEN company LIKE '%(category)%' THEN
            'penetration rate of a product category, not a company share'
        WHEN company LIKE '%(aggregate)%' OR company LIKE '%(all %' THEN
            'aggregate of many firms, not one firm'
    END
"""


def published_shares(wh: Warehouse, segment: str) -> pd.DataFrame:
    """Published shares of ``segment`` with citation, and why a row is excluded from HHI
    (``excluded_reason`` NULL = a firm's share that may enter an HHI)."""
    return wh.query(
        f"""
        SELECT segment, company, share_pct, basis, period,
            COALESCE(market_definition, '') AS market_definition,
            basis || ' · ' || period || ' · ' || COALESCE(market_definition, '') AS group_label,
            'published' AS origin, {_EXCLUDED} AS excluded_reason,
            CAST(NULL AS DOUBLE PRECISION) AS tokens, citation, NULLIF(source_date, '') AS source_date,
            source_kind, note, source_id, observed_at
        FROM ({latest_load("market_shares")}) s
        WHERE segment = :segment
        ORDER BY basis, period, market_definition, share_pct DESC, company
        """,
        {"segment": segment},
    )


def host_token_shares(wh: Warehouse, segment: str | None = None) -> pd.DataFrame:
    """Share of OpenRouter tokens served per host (provider) on the newest snapshot of
    ``openrouter_effective_pricing``; ``segment`` keeps only hosts the landscape taxonomy
    places in that segment (shares then sum to 100 within them), None keeps every host."""
    scope = "hosts in the landscape segment" if segment else "all hosts"
    where = "AND provider IN (SELECT provider FROM latest_companies WHERE segment = :segment)"
    return wh.query(
        f"""
        WITH latest_companies AS ({latest_load("companies")}),
        snap AS (SELECT MAX(observed_at) AS d FROM usage WHERE source_id = :src),
        hosts AS (
            SELECT provider AS company, SUM(tokens) AS tokens, MAX(observed_at) AS observed_at
            FROM usage
            WHERE source_id = :src AND observed_at = (SELECT d FROM snap)
                AND provider IS NOT NULL AND provider <> '' {where if segment else ""}
            GROUP BY provider
        )
        SELECT :label_segment AS segment, company,
            100.0 * tokens / NULLIF(SUM(tokens) OVER (), 0) AS share_pct,
            'tokens' AS basis, CAST(CAST(observed_at AS DATE) AS VARCHAR) AS period,
            :definition AS market_definition,
            'tokens · ' || CAST(CAST(observed_at AS DATE) AS VARCHAR) || ' · ' || :definition
                AS group_label,
            'derived' AS origin, CAST(NULL AS VARCHAR) AS excluded_reason, tokens,
            :url AS citation, CAST(CAST(observed_at AS DATE) AS VARCHAR) AS source_date,
            'derived' AS source_kind, :note AS note, :src AS source_id, observed_at
        FROM hosts
        WHERE tokens > 0
        ORDER BY share_pct DESC, company
        """,
        {
            **({"segment": segment} if segment else {}),
            "src": HOST_SOURCE,
            "label_segment": segment or "inference_provider",
            "definition": f"Tokens served on OpenRouter, {scope} ({DERIVED_LABEL})",
            "url": HOST_URL,
            "note": "Sum of total_tokens per host over all models in the snapshot; the "
            "averaging window is undocumented, so read shares, not volumes.",
        },
    )


def author_token_shares(wh: Warehouse) -> pd.DataFrame:
    """Share of OpenRouter tokens per model author (trailing 30 days) on the newest full
    day of ``openrouter_rankings`` (a day with at least half the largest daily row count;
    partial scrape days are skipped)."""
    return wh.query(
        """
        WITH days AS (
            SELECT observed_at, COUNT(*) AS n FROM usage WHERE source_id = :src GROUP BY 1
        ),
        day AS (
            SELECT MAX(observed_at) AS d FROM days
            WHERE n >= 0.5 * (SELECT MAX(n) FROM days)
        ),
        authors AS (
            SELECT COALESCE(NULLIF(author, ''), '(unattributed)') AS company,
                SUM(tokens) AS tokens, MAX(observed_at) AS observed_at
            FROM usage
            WHERE source_id = :src AND observed_at = (SELECT d FROM day)
            GROUP BY 1
        )
        SELECT 'model_api' AS segment, company,
            100.0 * tokens / NULLIF(SUM(tokens) OVER (), 0) AS share_pct,
            'tokens' AS basis,
            '30 days to ' || CAST(CAST(observed_at AS DATE) AS VARCHAR) AS period,
            :definition AS market_definition,
            'tokens · 30 days to ' || CAST(CAST(observed_at AS DATE) AS VARCHAR) || ' · '
                || :definition AS group_label,
            'derived' AS origin, CAST(NULL AS VARCHAR) AS excluded_reason, tokens,
            :url AS citation, CAST(CAST(observed_at AS DATE) AS VARCHAR) AS source_date,
            'derived' AS source_kind, :note AS note, :src AS source_id, observed_at
        FROM authors
        WHERE tokens > 0
        ORDER BY share_pct DESC, company
        """,
        {
            "src": AUTHOR_SOURCE,
            "definition": f"Tokens routed through OpenRouter by model author ({DERIVED_LABEL})",
            "url": AUTHOR_URL,
            "note": "Prompt + completion tokens of every model by this author over the "
            "trailing month (OpenRouter rankings, view=month).",
        },
    )


def derived_label(rows: pd.DataFrame) -> str:
    """How the derived ``rows`` were derived: from OpenRouter tokens, or (hardware) from
    Epoch AI's known clusters."""
    from warehouse.queries import deployed_compute

    if not rows.empty and set(rows["source_id"]) == {deployed_compute.SOURCE_ID}:
        return deployed_compute.DERIVED_LABEL
    return DERIVED_LABEL


def segment_shares(wh: Warehouse, segment: str) -> pd.DataFrame:
    """Every share row of ``segment``: published groups first, then derived ones."""
    if segment not in SEGMENTS:
        raise ValueError(f"unknown segment {segment!r}; choose one of {SEGMENTS}")
    frames = [published_shares(wh, segment)]
    for kind, scope in DERIVED.get(segment, ()):
        part = author_token_shares(wh) if kind == "authors" else host_token_shares(wh, scope)
        frames.append(part.assign(segment=segment))
    if segment == "hardware":  # vendor shares of deployed compute in known clusters
        from warehouse.queries import deployed_compute

        frames.append(deployed_compute.concentration_rows(wh))
    frames = [f[COLUMNS] for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True)
