"""Deployed AI compute in known clusters (Epoch AI GPU clusters, table ``ai_clusters``):
vendor shares of the primary chips by chips and by H100-equivalents, overall and by year
of first operation. Known clusters, not sales: a cluster list is what was reported, and a
quarter of the rows name no supplier ("Anonymized" / "Unknown" are kept as such).

Counted: clusters Epoch marks as existing and includes in its standard analysis, minus
rows it flags as possible duplicates (``COUNTED``). A cluster built in phases is listed
once per phase, each phase's figure including the earlier ones (xAI Colossus Phase 2:
200,000 H100e, Phase 3: ~275,800): current shares count only phases that no later phase
supersedes; by year of first operation, a phase counts what it added (its figure minus
the phases it supersedes, at least 0), so the years sum to the current total."""

from __future__ import annotations

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.queries._sql import latest_load

SOURCE_ID = "epoch_clusters"
LABEL = "known clusters, not sales"
DERIVED_LABEL = (
    "derived by Inference Atlas from Epoch AI's GPU clusters data (known clusters, not sales; "
    "a phased cluster counted once)"
)
# basis -> (SQL expression of the measure, label with unit)
BASES: dict[str, tuple[str, str]] = {
    "h100e": ("h100_equivalents", "H100-equivalents"),
    "chips": ("COALESCE(total_chips, chip_quantity)", "AI chips"),
}
UNDISCLOSED = ("Anonymized", "Unknown")
COUNTED = "status = 'Existing' AND standard_analysis AND NOT COALESCE(possible_duplicate, FALSE)"


def _measure(basis: str) -> str:
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; choose one of {', '.join(BASES)}")
    return BASES[basis][0]


def vendor_shares(wh: Warehouse, basis: str = "h100e") -> pd.DataFrame:
    """Per supplier of the primary chip: the measure summed over counted clusters that
    state it, share_pct of the total (undisclosed suppliers included in the total),
    n_clusters, undisclosed (True for Anonymized / Unknown), source_id, observed_at.
    Largest first."""
    measure = _measure(basis)
    return wh.query(
        f"""
        WITH c AS ({latest_load("ai_clusters")}),
        counted AS (SELECT supplier, {measure} AS v, source_id, observed_at FROM c
                    WHERE {COUNTED} AND {measure} IS NOT NULL
                      AND COALESCE(superseded_by, '') = '')
        SELECT supplier, SUM(v) AS value, 100.0 * SUM(v) / (SELECT SUM(v) FROM counted)
                AS share_pct,
            COUNT(*) AS n_clusters, supplier IN (:u0, :u1) AS undisclosed,
            MIN(source_id) AS source_id, MAX(observed_at) AS observed_at
        FROM counted GROUP BY supplier ORDER BY value DESC, supplier""",
        {"u0": UNDISCLOSED[0], "u1": UNDISCLOSED[1]},
    )


def vendor_shares_by_year(wh: Warehouse, basis: str = "h100e") -> pd.DataFrame:
    """Per year of first operation and supplier: value (what the clusters and phases that
    came online that year added), share_pct within the year, n_clusters, source_id,
    observed_at. Clusters without a first operational date are left out. By year, then
    largest first."""
    measure = _measure(basis)
    return wh.query(
        f"""
        WITH c AS ({latest_load("ai_clusters")}),
        phases AS (SELECT *, {measure} AS m FROM c WHERE {COUNTED} AND {measure} IS NOT NULL),
        counted AS (
            SELECT CAST(EXTRACT(YEAR FROM p.first_operational) AS INTEGER) AS year, p.supplier,
                GREATEST(p.m - COALESCE(
                    (SELECT SUM(e.m) FROM phases e WHERE e.superseded_by = p.name), 0), 0) AS v,
                p.source_id, p.observed_at
            FROM phases p WHERE p.first_operational IS NOT NULL)
        SELECT year, supplier, SUM(v) AS value,
            100.0 * SUM(v) / SUM(SUM(v)) OVER (PARTITION BY year) AS share_pct,
            COUNT(*) AS n_clusters, MIN(source_id) AS source_id, MAX(observed_at) AS observed_at
        FROM counted GROUP BY year, supplier ORDER BY year, value DESC, supplier""",
    )


def concentration_rows(wh: Warehouse, years: int = 3) -> pd.DataFrame:
    """The hardware segment's deployed-compute share groups for the Concentration page, in
    ``warehouse.queries.concentration.COLUMNS`` shape: all counted clusters by
    H100-equivalents and by chips, and by H100-equivalents for each of the ``years``
    newest years of first operation. Undisclosed suppliers carry an ``excluded_reason``
    (not one firm) but stay in the total, so listed shares sum to the disclosed part."""
    frames = []
    for basis in BASES:
        frames.append(_group(vendor_shares(wh, basis), basis, "existing clusters"))
    by_year = vendor_shares_by_year(wh, "h100e")
    for year in sorted(set(by_year["year"]))[-years:]:
        part = by_year[by_year["year"] == year]
        frames.append(_group(part, "h100e", f"first operational {year}"))
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _group(shares: pd.DataFrame, basis: str, period: str) -> pd.DataFrame:
    if shares.empty:
        return shares
    unit = BASES[basis][1]
    definition = (
        f"{unit} of the primary chips in Epoch AI's known AI clusters ({LABEL}): existing, "
        "in Epoch's standard analysis, possible duplicates left out"
    )
    undisclosed = shares["supplier"].isin(UNDISCLOSED)
    total = int(shares["n_clusters"].sum())
    return pd.DataFrame(
        {
            "segment": "hardware",
            "company": shares["supplier"],
            "share_pct": shares["share_pct"],
            "basis": f"deployed {unit} ({LABEL})",
            "period": period,
            "market_definition": definition,
            "group_label": f"deployed {unit} ({LABEL}) · {period} · {definition}",
            "origin": "derived",
            "excluded_reason": undisclosed.map(
                {True: "supplier not disclosed in Epoch AI's data, not one firm", False: None}
            ),
            "tokens": None,
            "citation": "https://epoch.ai/data/gpu-clusters",
            "source_date": shares["observed_at"].max().date().isoformat(),
            "source_kind": "dataset",
            "note": shares["n_clusters"].map(
                lambda n: f"{total} known clusters counted; {n} of them with this supplier."
            ),
            "source_id": shares["source_id"],
            "observed_at": shares["observed_at"],
        }
    )
