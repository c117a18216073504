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

Counted and skipped, with the reason:
- CNY prices while no stated, dated USD/CNY rate is configured (``USD_PER_CNY``): no
  citable rate was found in the project's sources or in the payload, so CNY listings
  are kept out of every USD comparison instead of being converted with a guessed rate;
- entries the hub copied from LiteLLM or OpenRouter (``source``), which the warehouse
  ingests directly: a copy agreeing with its original is not a second source;
- ``stale`` entries (a failed scrape whose old value the hub carried forward: their
  date is unknown) and entries without any price.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from canon.kinds import TEXT, classify_listing
from canon.names import canonical_model, canonical_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
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


@dataclass(frozen=True)
class UsdRate:
    """A stated, dated exchange rate: USD per 1 CNY on ``as_of``, from ``source``."""

    usd_per_cny: float
    as_of: date
    source: str


# None: no citable rate in the project's sources or the payload (see the module doc).
USD_PER_CNY: UsdRate | None = None


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
    return entries, str(data.get("data_date") or "")


def _skip_reason(entry: dict[str, Any], rate: UsdRate | None) -> str | None:
    if entry["source"] in COPIED_FROM:
        return f"copied from {COPIED_FROM[entry['source']]}, ingested directly"
    if entry["provenance"] == "stale":
        return "stale (an old value carried forward by the hub; date unknown)"
    if entry["currency"] == "CNY" and rate is None:
        return "CNY price without a stated, dated USD rate (kept out of USD comparisons)"
    if entry["currency"] not in ("USD", "CNY"):
        return f"unknown currency {entry['currency']!r}"
    if all(entry.get(f) is None for f in PRICE_FIELDS):
        return "no price"
    return None


def _name(raw: str) -> str:
    return canonical_provider(_NAMES.get(raw.lower(), raw))


def _prices(entry: dict[str, Any], rate: UsdRate | None) -> list[ApiPrice]:
    official = bool(entry["official"])
    provider = _name(entry["provider"] if official else entry["channel"])
    currency = entry["currency"]
    unit = f"{currency}/1M tokens"
    factor = 1.0
    if currency == "CNY" and rate is not None:
        factor = rate.usd_per_cny
        unit += f" (USD at {rate.usd_per_cny:g} per CNY, {rate.as_of.isoformat()}, {rate.source})"
    observed = datetime.fromisoformat(entry["scraped_at"].replace("Z", "+00:00"))
    out = []
    for field, price_type in PRICE_FIELDS.items():
        value = entry.get(field)
        if value is None:
            continue
        out.append(
            ApiPrice(
                provider=provider,
                model_id=canonical_model(entry.get("canonical_model") or entry["model"]),
                price_type=price_type,
                usd_per_mtok=round(float(value) * factor, 9),
                raw_value=float(value),
                raw_unit=unit,
                observed_at=observed,
                source_model=entry["model"],
                currency=currency,
                kind=classify_listing(entry["model"], default=TEXT),  # lists chat models
                official=official,
            )
        )
    return out


def parse_with_rate(payload: Payload, rate: UsdRate | None) -> ParseResult:
    """``parse`` with an explicit USD/CNY rate (None: CNY rows are skipped)."""
    result = ParseResult()
    entries, _ = _entries(payload)
    for entry in entries:
        reason = _skip_reason(entry, rate)
        if reason:
            result.skip(reason)
            continue
        result.rows.extend(_prices(entry, rate))
    return result


def parse(payload: Payload) -> ParseResult:
    """ApiPrice rows of the hub's own scrapes (official vendors and non-copied channels)."""
    return parse_with_rate(payload, USD_PER_CNY)


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
    fetch=fetch,
    snapshot=(SnapshotFile("model-price-hub/2026-08-13.json", date(2026, 8, 13)),),
    description=(
        "List prices scraped from model vendors' own pricing pages (official) and from "
        "third-party channels, per 1M tokens in the published currency. CNY listings are "
        "kept out until a stated, dated USD rate is configured; copies of LiteLLM and "
        "OpenRouter are left to those sources."
    ),
)
