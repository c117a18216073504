"""LLMPerf leaderboard summaries: whole Benchmark rows, model ids, layout errors."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import Benchmark
from ingest.sources.llmperf import FILES, SOURCE, model_id, parse

WORKLOAD = "llmperf: 550 input / 150 output tokens, 5 concurrent requests"


def _payload(data: object, name: str = "x.json") -> Payload:
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return Payload(body, datetime(2026, 1, 1, tzinfo=UTC), "test", name)


@pytest.fixture(scope="module")
def payloads() -> dict[str, Payload]:
    return {p.name: p for p in SOURCE.load_snapshot()}


def _row(payloads: dict[str, Payload], name: str, metric: str, stat: str) -> Benchmark:
    rows = parse(payloads[name]).rows
    (row,) = [r for r in rows if r.metric == metric and r.stat == stat]
    return row


def test_counts(payloads: dict[str, Payload]) -> None:
    assert len(payloads) == len(FILES) == 19
    total = 0
    for payload in payloads.values():
        result = parse(payload)
        assert len(result.rows) == 29  # 4 metrics x 7 stats + aggregate throughput
        assert result.skipped == {}
        total += len(result.rows)
    assert total == 551


def test_groq_ttft_p50(payloads: dict[str, Payload]) -> None:
    assert _row(payloads, "groq_70b.json", "ttft_s", "p50") == Benchmark(
        provider="Groq",
        model_id="llama-2-70b-chat",
        metric="ttft_s",
        stat="p50",
        value=0.2218883791938424,
        unit="s",
        raw_value=0.2218883791938424,
        raw_unit="s",
        workload=WORKLOAD,
        observed_at=datetime(2024, 1, 10, 1, 55, 4, tzinfo=UTC),
    )


def test_bedrock_aggregate_throughput(payloads: dict[str, Payload]) -> None:
    assert _row(payloads, "bedrock_70b.json", "throughput_tps", "mean") == Benchmark(
        provider="AWS Bedrock",
        model_id="llama-2-70b-chat",
        metric="throughput_tps",
        stat="mean",
        value=62.867056292903534,
        unit="tokens/s",
        raw_value=62.867056292903534,
        raw_unit="tokens/s",
        workload=WORKLOAD,
        observed_at=datetime.fromtimestamp(1703638329, UTC),
    )


def test_replicate_per_request_output_rate(payloads: dict[str, Payload]) -> None:
    row = _row(payloads, "replicate_13b.json", "output_tps", "p99")
    assert row == Benchmark(
        provider="Replicate",
        model_id="llama-2-13b-chat",
        metric="output_tps",
        stat="p99",
        value=1.3744184689363517,
        unit="tokens/s",
        raw_value=1.3744184689363517,
        raw_unit="tokens/s",
        workload=WORKLOAD,
        observed_at=datetime(2023, 12, 27, 1, 13, 22, tzinfo=UTC),
    )
    assert row.observed_at.date() == date(2023, 12, 27)


def test_every_provider_and_model_is_unified(payloads: dict[str, Payload]) -> None:
    pairs = {(r.provider, r.model_id) for p in payloads.values() for r in parse(p).rows}
    assert {m for _, m in pairs} == {"llama-2-7b-chat", "llama-2-13b-chat", "llama-2-70b-chat"}
    assert {p for p, _ in pairs} == {
        "Anyscale",
        "AWS Bedrock",
        "Fireworks AI",
        "Groq",
        "Lepton AI",
        "Perplexity",
        "Replicate",
        "Together AI",
    }
    assert len(pairs) == 19


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("meta-llama/Llama-2-13b-chat-hf", "llama-2-13b-chat"),
        ("meta.llama2-70b-chat-v1", "llama-2-70b-chat"),
        ("llama2-70b-4096", "llama-2-70b-chat"),  # Groq
        ("llama2-13b", "llama-2-13b-chat"),  # Lepton
        ("together_ai/togethercomputer/llama-2-7b-chat", "llama-2-7b-chat"),
        ("accounts/fireworks/models/llama-v2-7b-chat", "llama-2-7b-chat"),
        (
            "meta/llama-2-70b-chat:02e509c789964a7ea8736978a43525956ef40397be9033abf9fd2badfe68c9e3",
            "llama-2-70b-chat",
        ),
        ("mistralai/Mixtral-8x7B-Instruct-v0.1", "mixtral-8x7b-instruct-v0.1"),
    ],
)
def test_model_id(raw: str, expected: str) -> None:
    assert model_id(raw) == expected


def test_string_numbers_and_missing_stats() -> None:
    data = {
        "model": "llama2-7b",
        "framework": "together",
        "timestamp": 1700000000,
        "mean_input_tokens": 550,
        "mean_output_tokens": "150",
        "num_concurrent_requests": 1,
        "results_ttft_s_quantiles_p50": "0.5",
        "results_ttft_s_mean": "n/a",
    }
    result = parse(_payload(data))
    assert result.rows == [
        Benchmark(
            provider="Together AI",
            model_id="llama-2-7b-chat",
            metric="ttft_s",
            stat="p50",
            value=0.5,
            unit="s",
            raw_value=0.5,
            raw_unit="s",
            workload="llmperf: 550 input / 150 output tokens, 1 concurrent requests",
            observed_at=datetime.fromtimestamp(1700000000, UTC),
        )
    ]
    assert result.skipped["ttft_s mean not reported"] == 1
    assert result.skipped["throughput_tps mean not reported"] == 1
    assert sum(result.skipped.values()) == 28


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>rate limited</html>", "expected an LLMPerf summary JSON"),
        ([1, 2], "expected a JSON object"),
        ({"model": "m", "framework": "f"}, "timestamp"),
        (
            {
                "model": "m",
                "framework": "f",
                "timestamp": 1,
                "mean_input_tokens": 1,
                "mean_output_tokens": 1,
            },
            "expected results_",
        ),
    ],
)
def test_malformed_payloads_raise(body: object, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse(_payload(body))
