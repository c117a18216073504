"""OpenRouter endpoints CSV: per-provider prices, live TTFT/throughput, skips, fetch."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from ingest import http
from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import ApiPrice, Benchmark
from ingest.sources import openrouter_endpoints
from ingest.sources.openrouter_endpoints import SOURCE, parse

DAY = date(2026, 7, 31)
WINDOW = "OpenRouter live traffic, rolling 30-min window"


@pytest.fixture(scope="module")
def result() -> ParseResult:
    [payload] = SOURCE.load_snapshot()
    return parse(payload)


def _price(provider, mid, price_type, mtok, per_token, source, endpoint) -> ApiPrice:
    """``endpoint``: the priced endpoint, spelled as its benchmarks' workload."""
    return ApiPrice(
        provider=provider,
        model_id=mid,
        price_type=price_type,
        usd_per_mtok=mtok,
        raw_value=per_token,
        raw_unit="USD/token",
        observed_at=DAY,
        source_model=source,
        kind="text",
        endpoint=endpoint,
    )


def _bench(provider, mid, metric, stat, value, raw, workload) -> Benchmark:
    unit, raw_unit = ("s", "ms") if metric == "ttft_s" else ("tokens/s", "tokens/s")
    return Benchmark(
        provider=provider,
        model_id=mid,
        metric=metric,
        stat=stat,
        value=value,
        unit=unit,
        raw_value=raw,
        raw_unit=raw_unit,
        workload=workload,
        observed_at=DAY,
    )


def _rows(result: ParseResult, provider: str, mid: str, cls: type) -> list:
    return [
        r
        for r in result.rows
        if isinstance(r, cls) and r.provider == provider and r.model_id == mid
    ]


def test_row_counts(result) -> None:
    assert Counter(type(r).__name__ for r in result.rows) == {"ApiPrice": 2400, "Benchmark": 7660}
    bench = Counter((r.metric, r.stat) for r in result.rows if isinstance(r, Benchmark))
    assert set(bench.values()) == {766}  # 766 endpoints x 5 percentiles x 2 metrics


def test_skip_counts(result) -> None:
    assert result.skipped == {
        "alias (~) model slug, duplicate of its target's endpoints": 48,
        "variant 'thinking' priced apart from its base model (same model_id)": 1,
        "benchmark: no performance stats in window": 152,
        "benchmark: endpoint status -2 (not OK)": 69,
        "benchmark: endpoint status -3 (not OK)": 8,
        "benchmark: endpoint status -5 (not OK)": 26,
        "benchmark: not a text-output endpoint (image/audio/video)": 44,
        "price: another endpoint of the same provider+model (cheapest kept)": 80,
        "price: batch cache price (no price type)": 3,
        "price: free variant of a paid endpoint (paid price kept)": 2,
        "price: price_prompt not a per-token price (per image/second/character...)": 83,
        "price: price_completion not a per-token price (per image/second/character...)": 121,
        "price: price_cache_write not a per-token price (per image/second/character...)": 12,
    }


def test_groq_row_prices_and_latency_in_seconds(result) -> None:
    source = "openai/gpt-oss-120b"
    assert _rows(result, "Groq", "gpt-oss-120b", ApiPrice) == [
        _price(
            "Groq",
            "gpt-oss-120b",
            "input",
            0.15,
            1.5e-07,
            source,
            f"{WINDOW}, quantization=unknown, endpoint=Groq",
        ),
        _price(
            "Groq",
            "gpt-oss-120b",
            "output",
            0.6,
            6e-07,
            source,
            f"{WINDOW}, quantization=unknown, endpoint=Groq",
        ),
        _price(
            "Groq",
            "gpt-oss-120b",
            "cached_input",
            0.075,
            7.5e-08,
            source,
            f"{WINDOW}, quantization=unknown, endpoint=Groq",
        ),
    ]
    bench = _rows(result, "Groq", "gpt-oss-120b", Benchmark)
    workload = f"{WINDOW}, quantization=unknown, endpoint=Groq"
    assert len(bench) == 10
    assert bench[:2] == [
        _bench("Groq", "gpt-oss-120b", "output_tps", "p50", 301.5, 301.5, workload),
        _bench("Groq", "gpt-oss-120b", "ttft_s", "p50", 0.276, 276.0, workload),
    ]
    assert bench[-1] == _bench("Groq", "gpt-oss-120b", "ttft_s", "p99", 2.44109, 2441.09, workload)


def test_cerebras_quantization_in_workload(result) -> None:
    workload = f"{WINDOW}, quantization=fp16, endpoint=Cerebras"
    assert _rows(result, "Cerebras", "gpt-oss-120b", Benchmark)[:2] == [
        _bench("Cerebras", "gpt-oss-120b", "output_tps", "p50", 633.5, 633.5, workload),
        _bench("Cerebras", "gpt-oss-120b", "ttft_s", "p50", 0.305, 305.0, workload),
    ]


def test_free_endpoint_keeps_zero_price_and_bad_status_has_no_benchmark(result) -> None:
    # cohere/north-mini-code is served only as a free variant, with status -2.
    source = "cohere/north-mini-code:free"
    assert _rows(result, "Cohere", "north-mini-code", ApiPrice) == [
        _price(
            "Cohere",
            "north-mini-code",
            "input",
            0.0,
            0.0,
            source,
            f"{WINDOW}, quantization=unknown, endpoint=Cohere, variant=free",
        ),
        _price(
            "Cohere",
            "north-mini-code",
            "output",
            0.0,
            0.0,
            source,
            f"{WINDOW}, quantization=unknown, endpoint=Cohere, variant=free",
        ),
    ]
    assert _rows(result, "Cohere", "north-mini-code", Benchmark) == []


def test_row_without_stats_keeps_prices_only(result) -> None:
    source = "allenai/olmo-3-32b-think"
    assert _rows(result, "Parasail", "olmo-3-32b-think", ApiPrice) == [
        _price(
            "Parasail",
            "olmo-3-32b-think",
            "input",
            0.15,
            1.5e-07,
            source,
            "OpenRouter live traffic, quantization=bf16, endpoint=Parasail",
        ),
        _price(
            "Parasail",
            "olmo-3-32b-think",
            "output",
            0.5,
            5e-07,
            source,
            "OpenRouter live traffic, quantization=bf16, endpoint=Parasail",
        ),
    ]
    assert _rows(result, "Parasail", "olmo-3-32b-think", Benchmark) == []


def test_status_minus_5_endpoint_prices_kept(result) -> None:
    # OpenRouter's "deepseek-chat-v3-0324" is DeepSeek-V3-0324: one id with LiteLLM's.
    source = "deepseek/deepseek-chat-v3-0324"
    assert _rows(result, "DeepInfra", "deepseek-v3-0324", ApiPrice) == [
        _price(
            "DeepInfra",
            "deepseek-v3-0324",
            "input",
            0.24,
            2.4e-07,
            source,
            f"{WINDOW}, quantization=fp4, endpoint=DeepInfra",
        ),
        _price(
            "DeepInfra",
            "deepseek-v3-0324",
            "output",
            0.9,
            9e-07,
            source,
            f"{WINDOW}, quantization=fp4, endpoint=DeepInfra",
        ),
        _price(
            "DeepInfra",
            "deepseek-v3-0324",
            "cached_input",
            0.135,
            1.35e-07,
            source,
            f"{WINDOW}, quantization=fp4, endpoint=DeepInfra",
        ),
    ]
    assert _rows(result, "DeepInfra", "deepseek-v3-0324", Benchmark) == []


def test_sambanova_deepseek_v31_is_one_id_and_image_endpoints_are_not_text(result) -> None:
    """OpenRouter slug deepseek/deepseek-chat-v3.1 is LiteLLM's sambanova/DeepSeek-V3.1."""
    sambanova = {r.model_id for r in result.rows if r.provider == "SambaNova"}
    assert "deepseek-v3.1" in sambanova and "deepseek-chat-v3.1" not in sambanova
    kinds = {r.kind for r in result.rows if isinstance(r, ApiPrice) and "image" in r.model_id}
    assert kinds and "text" not in kinds


def test_discounted_price_is_loaded_as_charged(result) -> None:
    # StreamLake lists 0.0000002145 with discount 0.25: the CSV price is already net.
    [row] = [
        r for r in _rows(result, "StreamLake", "deepseek-v3.2", ApiPrice) if r.price_type == "input"
    ]
    assert row == _price(
        "StreamLake",
        "deepseek-v3.2",
        "input",
        0.2145,
        2.145e-07,
        "deepseek/deepseek-v3.2",
        f"{WINDOW}, quantization=fp8, endpoint=StreamLake",
    )


def test_regional_endpoints_keep_the_cheapest(result) -> None:
    # "Google" in provider_name is Vertex (slug google-vertex); Europe costs +10%.
    inputs = [
        r.usd_per_mtok
        for r in _rows(result, "Google Vertex AI", "claude-opus-4.7", ApiPrice)
        if r.price_type == "input"
    ]
    assert inputs == [5.0]
    workloads = {
        r.workload for r in _rows(result, "Google Vertex AI", "claude-opus-4.7", Benchmark)
    }
    assert workloads == {f"{WINDOW}, quantization=unknown, endpoint=Google Vertex, region=global"}


def test_non_token_models_are_not_priced_or_benchmarked(result) -> None:
    assert _rows(result, "Recraft", "recraft-v4.1", ApiPrice) == []
    assert _rows(result, "Recraft", "recraft-v4.1", Benchmark) == []
    assert _rows(result, "Groq", "whisper-large-v3", ApiPrice) == []  # USD per audio hour


def test_no_alias_rows(result) -> None:
    assert not [
        r for r in result.rows if isinstance(r, ApiPrice) and r.source_model.startswith("~")
    ]
    # ~anthropic/claude-opus-latest etc. repeat their target's endpoints
    aliases = {"claude-opus-latest", "claude-sonnet-latest", "gpt-latest", "kimi-latest"}
    assert not [r for r in result.rows if r.model_id in aliases]


def _csv_payload(text: str) -> Payload:
    return Payload(text.encode(), datetime(2026, 1, 1, tzinfo=UTC), "test", "endpoints.csv")


def test_missing_columns_raise() -> None:
    with pytest.raises(ParseError, match=r"expected CSV columns \[.*'p50_latency'"):
        parse(_csv_payload("scrape_date,model_slug,variant\n2026-07-31,a/b,standard\n"))


def test_fetch_falls_back_to_yesterday_on_404(monkeypatch) -> None:
    today = datetime.now(UTC).date()
    calls = []

    def fake_get(url: str, *, timeout=None, name: str = "") -> Payload:
        calls.append(url)
        if f"date={today}" in url:
            raise http.FetchError(f"GET {url} returned HTTP 404")
        return Payload(b"x", datetime.now(UTC), url, name)

    monkeypatch.setattr(openrouter_endpoints.http, "get", fake_get)
    [payload] = openrouter_endpoints.fetch()
    assert payload.origin.endswith(f"date={today - timedelta(days=1)}.csv")
    assert len(calls) == 2


def test_fetch_does_not_hide_other_errors(monkeypatch) -> None:
    def fake_get(url: str, *, timeout=None, name: str = "") -> Payload:
        raise http.FetchError(f"GET {url} returned HTTP 500")

    monkeypatch.setattr(openrouter_endpoints.http, "get", fake_get)
    with pytest.raises(http.FetchError, match="HTTP 500"):
        openrouter_endpoints.fetch()
