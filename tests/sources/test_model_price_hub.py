"""Model Price Hub snapshot: official vendor prices vs third-party channels; CNY prices
stay CNY in the raw value and convert only at the stated, dated ECB rate of their day
(and are skipped, counted, without one); copies and stale rows skipped."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.fx import FxRates
from ingest.rows import ApiPrice, FxRate
from ingest.sources import ecb_fx
from ingest.sources.model_price_hub import SOURCE, parse, parse_with_rates

GENERATED = datetime(2026, 8, 13, 20, 3, 13, 84955, tzinfo=UTC)  # the snapshot's run
USD_PER_CNY = 1.1534 / 7.7774  # ECB 2026-08-13: 1 EUR = 1.1534 USD = 7.7774 CNY


@pytest.fixture(scope="module")
def payload() -> Payload:
    (snap,) = SOURCE.load_snapshot()
    return snap


@pytest.fixture(scope="module")
def rates() -> FxRates:
    """The ECB rates of the bundled ecb_fx payload, as the runner would load them."""
    (snap,) = ecb_fx.SOURCE.load_snapshot()
    return FxRates.from_rows(ecb_fx.parse(snap).rows)


def test_official_usd_rows_load_whole(payload: Payload) -> None:
    result = parse(payload)  # no rates: only the USD listings load
    assert len(result.rows) == 6  # DeepSeek's two intl models x input, output, cached input
    assert result.rows[0] == ApiPrice(
        provider="DeepSeek",
        model_id="deepseek-v4-flash",
        price_type="input",
        usd_per_mtok=0.14,
        raw_value=0.14,
        raw_unit="USD/1M tokens",
        observed_at=GENERATED,
        source_model="deepseek-v4-flash",
        currency="USD",
        kind="text",
        official=True,
    )
    assert {(r.model_id, r.price_type, r.usd_per_mtok) for r in result.rows} >= {
        ("deepseek-v4-pro", "input", 0.435),
        ("deepseek-v4-pro", "output", 0.87),
    }


def test_without_rates_cny_prices_are_counted_and_skipped(payload: Payload) -> None:
    result = parse(payload)
    assert result.skipped == {
        "CNY price without a stated, dated USD rate (no CNY rate loaded)": 268,
        "copied from LiteLLM (source litellm), ingested directly": 407,
        "copied from OpenRouter (openrouter_*), ingested directly": 137,
        "stale (an old value carried forward by the hub; date unknown)": 30,
    }


def test_a_cny_price_converts_at_the_ecb_rate_of_its_day(payload: Payload, rates: FxRates) -> None:
    rows = parse_with_rates(payload, rates).rows
    (qwen_max,) = [r for r in rows if r.source_model == "qwen3-max" and r.price_type == "input"]
    assert qwen_max == ApiPrice(
        provider="Alibaba",  # hub "aliyun", official channel
        model_id="qwen3-max",
        price_type="input",
        usd_per_mtok=round(2.5 * USD_PER_CNY, 9),
        raw_value=2.5,  # stays CNY
        raw_unit="CNY/1M tokens",
        observed_at=GENERATED,
        source_model="qwen3-max",
        currency="CNY",
        kind="text",
        terms="mainland China list price (CNY)",
        official=True,
        fx_usd_per_unit=USD_PER_CNY,
        fx_rate_date=date(2026, 8, 13),
        fx_source="ecb_fx",
    )
    assert qwen_max.usd_per_mtok == pytest.approx(0.3708, abs=1e-4)


def test_every_entry_is_loaded_or_counted(payload: Payload, rates: FxRates) -> None:
    result = parse_with_rates(payload, rates)
    assert len(result.rows) == 272
    assert result.skipped == {
        "copied from LiteLLM (source litellm), ingested directly": 407,
        "copied from OpenRouter (openrouter_*), ingested directly": 137,
        "stale (an old value carried forward by the hub; date unknown)": 30,
        "CNY cached_input price of a model also listed in USD": 2,
    }
    assert sum(r.currency == "CNY" for r in result.rows) == 266


def test_cny_beside_the_vendors_usd_listing_is_the_regional_variant(
    payload: Payload, rates: FxRates
) -> None:
    rows = parse_with_rates(payload, rates).rows
    flash = {
        (r.currency, r.price_type): r.raw_value
        for r in rows
        if r.provider == "DeepSeek" and r.model_id == "deepseek-v4-flash"
    }
    assert flash == {
        ("USD", "input"): 0.14,
        ("USD", "output"): 0.28,
        ("USD", "cached_input"): 0.0028,
        ("CNY", "input_regional"): 1.0,
        ("CNY", "output_regional"): 2.0,
    }


def test_third_party_channel_is_the_provider_and_marked_not_official(
    payload: Payload, rates: FxRates
) -> None:
    rows = parse_with_rates(payload, rates).rows
    ppio = [r for r in rows if r.source_model == "Deepseek V4 Flash 0731"]
    assert {(r.provider, r.official, r.currency, r.raw_value) for r in ppio} == {
        ("PPIO", False, "CNY", 1.0),
        ("PPIO", False, "CNY", 2.0),
    }
    voice = [r for r in rows if r.source_model == "qwen-voice-design"]
    assert voice and {r.kind for r in voice} == {"audio"}


def test_a_rate_older_than_a_week_is_not_used(payload: Payload, rates: FxRates) -> None:
    """Only rates up to 2026-08-01 loaded: a CNY price of 2026-08-13 gets none."""
    old = FxRates.from_rows([FxRate("CNY", 6.7, 0.15, date(2026, 8, 1))])
    result = parse_with_rates(payload, old)
    assert not [r for r in result.rows if r.currency == "CNY"]
    reason = (
        "CNY price without a stated, dated USD rate: no rate (ecb_fx) within 7 days before "
        "2026-08-13 (rates span 2026-08-01 to 2026-08-01)"
    )
    assert result.skipped[reason] == 268


def test_missing_field_fails_clearly() -> None:
    data = {"entries": [{"provider": "x", "model": "m"}]}
    bad = Payload(json.dumps(data).encode(), GENERATED, "test", "latest.json")
    with pytest.raises(ParseError, match="lack 'channel'"):
        parse(bad)
