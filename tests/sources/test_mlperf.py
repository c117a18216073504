"""MLPerf Inference v4.1 summary: per-accelerator throughput and the tokens/s decision."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import Benchmark
from ingest.sources.mlperf import SOURCE, metric_for, parse

SYSTEM = "GIGABYTE G593-SD1"


def _workload(scenario: str) -> str:
    return f"MLPerf Inference v4.1 closed, {scenario}, {SYSTEM}, 8 accelerators"


@pytest.fixture(scope="module")
def rows() -> list[Benchmark]:
    (payload,) = SOURCE.load_snapshot()
    result = parse(payload)
    assert result.skipped == {}
    return result.rows


def _find(rows: list[Benchmark], model: str, scenario: str) -> Benchmark:
    (row,) = [r for r in rows if r.model_id == model and f", {scenario}," in r.workload]
    return row


def test_counts(rows: list[Benchmark]) -> None:
    assert len(rows) == 26
    metrics = [r.metric for r in rows]
    assert metrics.count("tokens_per_s_per_accelerator") == 10
    assert metrics.count("samples_per_s_per_accelerator") == 9
    assert metrics.count("queries_per_s_per_accelerator") == 7
    assert {(r.provider, r.hardware, r.stat) for r in rows} == {("GigaComputing", "H200", "result")}


def test_llama_offline_is_tokens_per_second(rows: list[Benchmark]) -> None:
    assert _find(rows, "llama-2-70b-99", "Offline") == Benchmark(
        provider="GigaComputing",
        model_id="llama-2-70b-99",  # MLPerf "llama2-70b-99", Llama-2 spelled as elsewhere
        metric="tokens_per_s_per_accelerator",
        stat="result",
        value=31263.8 / 8,
        unit="tokens/s per accelerator",
        raw_value=31263.8,
        raw_unit="Samples/s",
        workload=_workload("Offline"),
        hardware="H200",
    )


def test_gptj_server_is_tokens_per_second(rows: list[Benchmark]) -> None:
    assert _find(rows, "gptj-99.9", "Server") == Benchmark(
        provider="GigaComputing",
        model_id="gptj-99.9",
        metric="tokens_per_s_per_accelerator",
        stat="result",
        value=19250.4 / 8,
        unit="tokens/s per accelerator",
        raw_value=19250.4,
        raw_unit="Queries/s",
        workload=_workload("Server"),
        hardware="H200",
    )


def test_non_llm_rows_keep_scenario_units(rows: list[Benchmark]) -> None:
    assert _find(rows, "resnet50", "Server") == Benchmark(
        provider="GigaComputing",
        model_id="resnet50",
        metric="queries_per_s_per_accelerator",
        stat="result",
        value=85166.0,
        unit="queries/s per accelerator",
        raw_value=681328.0,
        raw_unit="Queries/s",
        workload=_workload("Server"),
        hardware="H200",
    )
    sdxl = _find(rows, "stable-diffusion-xl", "Offline")
    assert (sdxl.metric, sdxl.value, sdxl.raw_value, sdxl.raw_unit) == (
        "samples_per_s_per_accelerator",
        17.3717 / 8,
        17.3717,
        "Samples/s",
    )


def test_metric_for() -> None:
    assert metric_for("mixtral-8x7b", "Server")[0] == "tokens_per_s_per_accelerator"
    assert metric_for("bert-99", "Offline")[0] == "samples_per_s_per_accelerator"
    assert metric_for("resnet", "SingleStream") is None


def _payload(text: str) -> Payload:
    return Payload(text.encode(), datetime(2026, 1, 1, tzinfo=UTC), "test", "summary.csv")


def test_multi_node_latency_and_bad_rows() -> None:
    (payload,) = SOURCE.load_snapshot()
    lines = payload.text().splitlines()
    header, llama = lines[0], next(line for line in lines if ",llama2-70b-99,Offline," in line)
    two_nodes = llama.replace(',1,"Intel', ',2,"Intel')  # 2 nodes x 8 accelerators
    assert two_nodes != llama
    latency = llama.replace(",Offline,31263.8,", ",SingleStream,2.5,")
    zero = llama.replace('"8",', '"0",')
    bad = llama.replace(",31263.8,", ",n/a,")
    result = parse(_payload("\n".join([header, two_nodes, latency, zero, bad]) + "\n"))
    (row,) = result.rows
    assert (row.value, row.raw_value) == (31263.8 / 16, 31263.8)
    assert row.workload == f"MLPerf Inference v4.1 closed, Offline, {SYSTEM}, 16 accelerators"
    assert result.skipped == {
        "scenario 'SingleStream' is a latency result": 1,
        "no accelerator count": 1,
        "non-numeric or negative Result": 1,
    }


def test_missing_columns_raise() -> None:
    with pytest.raises(ParseError, match=r"missing \[.*'accelerators_per_node'"):
        parse(_payload("Organization,Division,Model,Scenario,Result\nX,closed,m,Offline,1\n"))
