"""simonw/llm-prices: hand-maintained official list prices, one JSON file per vendor,
with explicit price history.

Each model has ``price_history`` entries ``{input, output, input_cached, from_date,
to_date}`` in USD per 1M tokens; ``from_date`` is inclusive, ``to_date`` exclusive,
``null`` = open-ended. One ApiPrice per price type per history entry, dated:

- ``from_date`` when set (the day the price took effect);
- open start but a ``to_date`` on/before the observation date: the day before
  ``to_date`` (the last day the price is known to have applied);
- otherwise (open start, still in force when observed): ``None``, i.e. the
  payload's observation date, and the row is marked ``undated``: the file gives the
  price no date of its own (o3 is listed at $10 / $40 with no dates at all, though
  every other source lists $2 / $8), so the snapshot date says when the list was read, not
  when the price held. An undated row never overrides a dated observation from
  another source (the current-price rule in ``warehouse.views``).

A ``from_date`` after the observation date is an announced future price: it is
skipped and counted (a later fetch records it once it is in force).
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from canon.kinds import TEXT, classify_listing
from canon.names import canonical_model, canonical_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import ApiPrice

BASE_URL = "https://raw.githubusercontent.com/simonw/llm-prices/main/data"
VENDORS = (
    "amazon",
    "anthropic",
    "deepseek",
    "google",
    "meta-ai",
    "minimax",
    "mistral",
    "moonshot-ai",
    "openai",
    "qwen",
    "xai",
)
SNAPSHOT_DATE = date(2026, 8, 5)  # simonw/llm-prices commit 723ef0bd (2026-08-05)
RAW_UNIT = "USD/1M tokens"
PRICE_FIELDS = (("input", "input"), ("output", "output"), ("input_cached", "cached_input"))


def _date(value: object, where: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ParseError(
            f"llm-prices: {where}: expected an ISO date or null, got {value!r}"
        ) from exc


def _load(payload: Payload) -> tuple[str, list]:
    try:
        data = json.loads(payload.text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(
            f"llm-prices {payload.name}: expected JSON, got invalid JSON: {exc}"
        ) from exc
    if not isinstance(data, dict) or "vendor" not in data or "models" not in data:
        raise ParseError(
            f"llm-prices {payload.name}: expected an object with 'vendor' and 'models' keys"
        )
    if not isinstance(data["models"], list):
        raise ParseError(f"llm-prices {payload.name}: 'models' must be a list")
    return str(data["vendor"]), data["models"]


def _observed(entry: dict, where: str, as_of: date) -> tuple[date | None, bool]:
    """(observed_at, is_future) for one price_history entry; see module docstring."""
    start = _date(entry.get("from_date"), where)
    end = _date(entry.get("to_date"), where)
    if start is not None:
        return start, start > as_of
    if end is not None and end <= as_of:
        return end - timedelta(days=1), False
    return None, False


def _entry_rows(provider: str, model: dict, entry: dict, as_of: date) -> tuple[list, str | None]:
    where = f"model {model.get('id')!r}"
    if not isinstance(entry, dict) or "input" not in entry or "output" not in entry:
        raise ParseError(f"llm-prices: {where}: price_history entries need 'input' and 'output'")
    observed, future = _observed(entry, where, as_of)
    if future:
        return [], "future price_history entry (from_date after observation date)"
    rows = []
    for field, price_type in PRICE_FIELDS:
        value = entry.get(field)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParseError(f"llm-prices: {where}: {field} must be a number, got {value!r}")
        rows.append(
            ApiPrice(
                provider=provider,
                model_id=canonical_model(model["id"]),
                price_type=price_type,
                usd_per_mtok=float(value),
                raw_value=float(value),
                raw_unit=RAW_UNIT,
                observed_at=observed,
                source_model=model["id"],
                kind=classify_listing(model["id"], default=TEXT),  # lists LLM token prices
                undated=observed is None,
            )
        )
    return rows, None


def parse(payload: Payload) -> ParseResult:
    """One vendor file -> ApiPrice rows (USD per 1M tokens), one per price type per
    price_history entry. Identical duplicate model entries are counted, not loaded."""
    vendor, models = _load(payload)
    provider = canonical_provider(vendor)
    as_of = payload.observed_at.date()
    result = ParseResult()
    seen: dict[tuple, float] = {}
    for model in models:
        if not isinstance(model, dict) or not model.get("id"):
            raise ParseError(f"llm-prices {payload.name}: every model needs an 'id'")
        for entry in model.get("price_history") or []:
            rows, reason = _entry_rows(provider, model, entry, as_of)
            if reason:
                result.skip(reason)
            for row in rows:
                key = (row.model_id, row.price_type, row.observed_at)
                if key in seen:
                    same = seen[key] == row.usd_per_mtok
                    result.skip(
                        f"duplicate model entry: {'same' if same else 'conflicting'} price row"
                    )
                    continue
                seen[key] = row.usd_per_mtok
                result.rows.append(row)
    return result


def fetch() -> list[Payload]:
    return [http.get(f"{BASE_URL}/{v}.json", name=f"{v}.json") for v in VENDORS]


SOURCE = Source(
    name="llm_prices",
    title="llm-prices.com (simonw/llm-prices)",
    url=f"{BASE_URL}/openai.json",
    kind="json",
    license="No license file in repository; data are vendors' published list prices.",
    attribution="Simon Willison, simonw/llm-prices (https://www.llm-prices.com/)",
    parse=parse,
    fetch=fetch,
    snapshot=tuple(SnapshotFile(f"llm_prices/{v}.json", SNAPSHOT_DATE) for v in VENDORS),
    description=(
        "Official first-party API list prices (input, output, cached input; USD per "
        "1M tokens) for 11 model vendors, with dated price history."
    ),
)
