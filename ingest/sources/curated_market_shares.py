"""Published market-share figures with their basis and citation (curated).

Source: ``data/reference/market_shares.csv``. ``share_pct`` is percent (0-100) as
published; ``basis`` is kept as curated (revenue, spend, units, tokens,
wallet_share, adoption, unspecified). Shares with different bases or market
definitions are not comparable (see ``data/reference/README.md``). Forecasts are
marked in ``period`` (e.g. "2024 (forecast)").

Skipped and counted: rows with a blank ``share_pct`` (a blank is "not stated",
never 0), a non-numeric or out-of-range share, or a segment outside ``SEGMENTS``.
"""

from __future__ import annotations

from ingest.base import ParseResult, Payload
from ingest.rows import SEGMENTS, MarketShare
from ingest.sources import _curated

FILENAME = "market_shares.csv"
REQUIRED = (
    "segment",
    "company",
    "period",
    "share_pct",
    "basis",
    "market_definition",
    "source_url",
    "source_date",
    "source_kind",
    "note",
)


def _row(row: dict[str, str], share: float) -> MarketShare:
    return MarketShare(
        segment=row["segment"],
        company=row["company"],
        period=row["period"],
        share_pct=share,
        basis=row["basis"],
        market_definition=row["market_definition"],
        citation=row["source_url"],
        source_date=row["source_date"],
        source_kind=row["source_kind"],
        note=row["note"],
    )


def parse(payload: Payload) -> ParseResult:
    """One ``MarketShare`` per row that states a share in 0-100 for a known segment."""
    result = ParseResult()
    for row in _curated.read_rows(payload, REQUIRED):
        if row["segment"] not in SEGMENTS:
            result.skip(f"unknown segment {row['segment']!r}")
            continue
        if not row["company"]:
            result.skip("missing company")
            continue
        try:
            share = _curated.optional_float(row, "share_pct")
        except ValueError:
            result.skip("non-numeric share_pct")
            continue
        if share is None:
            result.skip("blank share_pct")
            continue
        if not 0 <= share <= 100:
            result.skip("share_pct outside 0-100")
            continue
        result.rows.append(_row(row, share))
    return result


SOURCE = _curated.source(
    FILENAME,
    name="curated_market_shares",
    title="Published market shares (curated)",
    attribution="Inference Atlas curated market shares; each row cites its source_url",
    parse=parse,
    description=(
        "Market-share percentages by segment, company and period, with the basis "
        "(revenue, units, tokens, ...) and the market definition as published."
    ),
)
