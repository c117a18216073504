"""Model Price Hub (Microllin/model-price-hub): official vendor list prices scraped from the
vendors' own pages (DeepSeek, Zhipu, MiniMax, Aliyun, Baidu, Moonshot, Tencent ...) and
prices of third-party channels (PPIO, SiliconFlow ...), one normalised snapshot a day.

Payload: ``{"data_date", "generated_at", "entries": [...]}``; an entry has ``provider``
(the model's vendor), ``channel`` ("official" or the reseller: openrouter, azure,
bedrock, vertex, ppio, siliconflow, volcengine ...), ``official`` (bool), ``model``,
``canonical_model``, ``region`` (intl / cn), ``currency`` (USD or CNY),
``input_per_1m`` / ``output_per_1m`` / ``cached_input_per_1m`` / ``cache_write_per_1m``
(currency per 1M tokens), ``source`` (what the hub scraped or copied), ``provenance``
(scraped / stale / manual) and ``scraped_at``.

Rows: one ApiPrice per price present. ``provider`` is the vendor for official listings
and the channel for third-party ones; ``official`` marks which. ``raw_value`` /
``raw_unit`` / ``currency`` keep the published figure ("CNY/1M tokens" stays CNY).

CNY prices (mainland China list prices, region ``cn``) are converted at a stated, dated
rate: the ECB reference rate of the entry's scrape day (``ingest.fx``, source ``ecb_fx``),
kept on the row (``fx_usd_per_unit``, ``fx_rate_date``, ``fx_source``) beside the CNY
``raw_value``; ``terms`` says "mainland China list price (CNY)". They then take part in
the cross-source checks like any price. Where the same vendor also lists the model in
USD in the same snapshot (DeepSeek), the CNY input/output prices are the regional
variant (``input_regional`` / ``output_regional``) beside that USD listing.

Counted and skipped, with the reason:
- CNY prices without an ECB rate within ``ingest.fx.MAX_GAP_DAYS`` before their date
  (never converted with a guessed rate), and the CNY cache prices of a model the vendor
  also lists in USD (no regional variant of those price types);
- entries the hub copied from LiteLLM or OpenRouter (``source``), which the warehouse
  ingests directly: a copy agreeing with its original is not a second source;
- ``stale`` entries (a failed scrape whose old value the hub carried forward: their
  date is unknown) and entries without any price.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from canon.kinds import TEXT, classify_listing
from canon.names import canonical_model, canonical_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.fx import FxRates
from ingest.rows import ApiPrice

URL = "https://raw.githubusercontent.com/Microllin/model-price-hub/main/data/latest.json"
PRICE_FIELDS = {
    "input_per_1m": "input",
    "output_per_1m": "output",
    "cached_input_per_1m": "cached_input",
    "cache_write_per_1m": "cache_write",
}
REQUIRED = ("provider", "channel", "official", "model", "currency", "source", "provenance")
# Hub ``source`` values that are copies of sources the warehouse loads itself.
COPIED_FROM = {"litellm": "LiteLLM (source litellm)", "openrouter": "OpenRouter (openrouter_*)"}
# Hub spellings that canon.names does not know as such.
_NAMES = {"aliyun": "alibaba", "vertex": "vertex_ai", "ppio": "PPIO"}


def _entries(payload: Payload) -> tuple[list[dict[str, Any]], str]:
    origin = payload.name or payload.origin
    try:
        data = json.loads(payload.text())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{origin}: expected a Model Price Hub snapshot JSON ({exc})") from exc
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ParseError(f"{origin}: expected an object with an 'entries' list")
    for col in REQUIRED:
        lacking = sum(not isinstance(e, dict) or col not in e for e in entries)
        if lacking:
            raise ParseError(f"{origin}: {lacking} of {len(entries)} entries lack {col!r}")
    return entries, str(data.get("generated_at") or "")


CN_TERMS = "mainland China list price (CNY)"
REGIONAL = {"input": "input_regional", "output": "output_regional"}


def _skip_reason(entry: dict[str, Any]) -> str | None:
    if entry["source"] in COPIED_FROM:
        return f"copied from {COPIED_FROM[entry['source']]}, ingested directly"
    if entry["provenance"] == "stale":
        return "stale (an old value carried forward by the hub; date unknown)"
    if entry["currency"] not in ("USD", "CNY"):
        return f"unknown currency {entry['currency']!r}"
    if all(entry.get(f) is None for f in PRICE_FIELDS):
        return "no price"
    return None


def _name(raw: str) -> str:
    return canonical_provider(_NAMES.get(raw.lower(), raw))


def _key(entry: dict[str, Any]) -> tuple[str, str]:
    """(provider as listed, canonical model) of an entry."""
    seller = entry["provider"] if entry["official"] else entry["channel"]
    return _name(seller), canonical_model(entry.get("canonical_model") or entry["model"])


def _prices(
    entry: dict[str, Any],
    rates: FxRates | None,
    usd_listed: set[tuple[str, str]],
    result: ParseResult,
    generated_at: str,
) -> list[ApiPrice]:
    provider, model = _key(entry)
    currency = entry["currency"]
    # One snapshot is one observation: the hub's run time (its entries' scraped_at differ
    # by microseconds, which would make all but one look delisted to the price rule).
    stamp = generated_at or entry["scraped_at"]
    observed = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    rate = rates.rate(currency, observed) if rates is not None else None
    if currency != "USD" and rate is None:
        reason = (rates or FxRates.empty()).missing_reason(currency, observed)
        result.skip(reason, sum(entry.get(f) is not None for f in PRICE_FIELDS))
        return []
    factor = rate.usd_per_unit if rate is not None else 1.0
    out = []
    for field, price_type in PRICE_FIELDS.items():
        value = entry.get(field)
        if value is None:
            continue
        if currency != "USD" and (provider, model) in usd_listed:
            if price_type not in REGIONAL:
                result.skip(f"{currency} {price_type} price of a model also listed in USD")
                continue
            price_type = REGIONAL[price_type]
        out.append(
            ApiPrice(
                provider=provider,
                model_id=model,
                price_type=price_type,
                usd_per_mtok=round(float(value) * factor, 9),
                raw_value=float(value),
                raw_unit=f"{currency}/1M tokens",
                observed_at=observed,
                source_model=entry["model"],
                currency=currency,
                kind=classify_listing(entry["model"], default=TEXT),  # lists chat models
                terms=CN_TERMS if currency == "CNY" else "",
                official=bool(entry["official"]),
                fx_usd_per_unit=rate.usd_per_unit if currency != "USD" and rate else None,
                fx_rate_date=rate.as_of if currency != "USD" and rate else None,
                fx_source=rate.source if currency != "USD" and rate else None,
            )
        )
    return out


def parse_with_rates(payload: Payload, rates: FxRates | None) -> ParseResult:
    """``parse`` with the exchange rates to convert CNY prices with (None: no rates, so
    every CNY price is counted and skipped)."""
    result = ParseResult()
    entries, generated_at = _entries(payload)
    kept = [e for e in entries if not _skip_reason(e)]
    for entry in entries:
        if reason := _skip_reason(entry):
            result.skip(reason)
    usd_listed = {_key(e) for e in kept if e["currency"] == "USD"}
    for entry in kept:
        result.rows.extend(_prices(entry, rates, usd_listed, result, generated_at))
    return result


def parse(payload: Payload) -> ParseResult:
    """ApiPrice rows of the hub's own scrapes (official vendors and non-copied channels);
    without exchange rates, so CNY prices are skipped (the runner uses ``parse_with_rates``
    with the warehouse's ECB rates)."""
    return parse_with_rates(payload, None)


def fetch() -> list[Payload]:
    return [http.get(URL, name="latest.json")]


SOURCE = Source(
    name="model_price_hub",
    title="Model Price Hub: official vendor prices and channels",
    url=URL,
    kind="json",
    license="MIT (Microllin/model-price-hub LICENSE, (c) 2026 Model Price Hub Contributors); "
    "prices are the vendors' published list prices",
    attribution="Microllin/model-price-hub, data/snapshots/<date>.json (scraped vendor pages)",
    parse=parse,
    parse_fx=parse_with_rates,
    fetch=fetch,
    snapshot=(SnapshotFile("model-price-hub/2026-08-13.json", date(2026, 8, 13)),),
    description=(
        "List prices scraped from model vendors' own pricing pages (official) and from "
        "third-party channels, per 1M tokens in the published currency. CNY listings are "
        "converted at the ECB reference rate of their day (source ecb_fx), the CNY figure "
        "kept beside; copies of LiteLLM and OpenRouter are left to those sources."
    ),
)
