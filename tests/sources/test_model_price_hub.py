"""Model Price Hub snapshot: official vendor prices vs third-party channels, CNY kept
out of USD without a stated rate (and converted with one), copies and stale rows skipped."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import ApiPrice
from ingest.sources.model_price_hub import SOURCE, UsdRate, parse, parse_with_rate

SCRAPED = datetime(2026, 8, 13, 20, 3, 13, 73639, tzinfo=UTC)


@pytest.fixture(scope="module")
def payload() -> Payload:
    (snap,) = SOURCE.load_snapshot()
    return snap


def test_official_usd_rows_load_whole(payload: Payload) -> None:
    result = parse(payload)
    assert len(result.rows) == 6  # DeepSeek's two intl models x input, output, cached input
    assert result.rows[0] == ApiPrice(
        provider="DeepSeek",
        model_id="deepseek-v4-flash",
        price_type="input",
        usd_per_mtok=0.14,
        raw_value=0.14,
        raw_unit="USD/1M tokens",
        observed_at=SCRAPED,
        source_model="deepseek-v4-flash",
        currency="USD",
        kind="text",
        official=True,
    )
    assert {(r.model_id, r.price_type, r.usd_per_mtok) for r in result.rows} >= {
        ("deepseek-v4-pro", "input", 0.435),
        ("deepseek-v4-pro", "output", 0.87),
    }


def test_skips_are_counted_with_reasons(payload: Payload) -> None:
    result = parse(payload)
    assert result.skipped == {
        "CNY price without a stated, dated USD rate (kept out of USD comparisons)": 132,
        "copied from LiteLLM (source litellm), ingested directly": 407,
        "copied from OpenRouter (openrouter_*), ingested directly": 137,
        "stale (an old value carried forward by the hub; date unknown)": 30,
    }
    assert result.skipped.total() + 2 == 708  # every entry loaded or counted


# A rate for testing the conversion path only; the bundled source configures none.
TEST_RATE = UsdRate(0.5, date(2026, 8, 13), "test rate")


def test_a_cny_price_stays_cny_in_raw_value_and_converts_only_with_a_stated_rate(
    payload: Payload,
) -> None:
    rows = parse_with_rate(payload, TEST_RATE).rows
    (qwen_max,) = [r for r in rows if r.source_model == "qwen3-max" and r.price_type == "input"]
    assert qwen_max == ApiPrice(
        provider="Alibaba",  # hub "aliyun", official channel
        model_id="qwen3-max",
        price_type="input",
        usd_per_mtok=1.25,
        raw_value=2.5,
        raw_unit="CNY/1M tokens (USD at 0.5 per CNY, 2026-08-13, test rate)",
        observed_at=datetime(2026, 8, 13, 20, 3, 13, 73901, tzinfo=UTC),
        source_model="qwen3-max",
        currency="CNY",
        kind="text",
        official=True,
    )


def test_third_party_channel_is_the_provider_and_marked_not_official(payload: Payload) -> None:
    rows = parse_with_rate(payload, TEST_RATE).rows
    ppio = [r for r in rows if r.source_model == "Deepseek V4 Flash 0731"]
    assert {(r.provider, r.official, r.currency, r.raw_value) for r in ppio} == {
        ("PPIO", False, "CNY", 1.0),
        ("PPIO", False, "CNY", 2.0),
    }
    voice = [r for r in rows if r.source_model == "qwen-voice-design"]
    assert voice and {r.kind for r in voice} == {"audio"}


def test_missing_field_fails_clearly() -> None:
    data = {"entries": [{"provider": "x", "model": "m"}]}
    bad = Payload(json.dumps(data).encode(), SCRAPED, "test", "latest.json")
    with pytest.raises(ParseError, match="lack 'channel'"):
        parse(bad)
