"""MLPerf Inference v4.1 + v5.1 summaries, every submitter: whole-row expectations on the
bundled payloads (a preview row, a mixed-accelerator system, Samples/s vs Tokens/s, a
multi-node NVL72 system), the skip reasons, and a round that renames a column."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import Benchmark
from ingest.sources.mlperf import SOURCE, accelerator_mix, parse


@pytest.fixture(scope="module")
def payloads() -> dict[str, Payload]:
    v41, v51 = SOURCE.load_snapshot()
    return {"v4.1": v41, "v5.1": v51}


@pytest.fixture(scope="module")
def rows(payloads: dict[str, Payload]) -> list[Benchmark]:
    return [r for p in payloads.values() for r in parse(p).rows]


def _find(rows: list[Benchmark], result_id: str, model: str, scenario: str) -> Benchmark:
    (row,) = [
        r for r in rows if (r.result_id, r.model_id, r.scenario) == (result_id, model, scenario)
    ]
    return row


def test_counts_and_skip_reasons(payloads: dict[str, Payload]) -> None:
    v41, v51 = parse(payloads["v4.1"]), parse(payloads["v5.1"])
    assert (len(v41.rows), len(v51.rows)) == (796, 543)
    # 937 and 1,448 rows in the files: every row is either loaded or counted with a reason.
    assert len(v41.rows) + v41.skipped.total() == 937
    assert len(v51.rows) + v51.skipped.total() == 1448
    assert v41.skipped == {
        "no accelerator named (CPU-only or host system)": 107,
        "latency result (Latency (ms)), not a throughput": 34,
    }
    assert v51.skipped == {
        "inferred result": 536,
        "no accelerator named (CPU-only or host system)": 68,
        "latency result (Latency (ms)), not a throughput": 301,
    }


def test_preview_row_is_kept_with_its_availability(rows: list[Benchmark]) -> None:
    assert _find(rows, "v4.1-0074", "llama-2-70b-99", "Offline") == Benchmark(
        provider="NVIDIA",
        model_id="llama-2-70b-99",
        metric="tokens_per_s_per_accelerator",
        stat="result",
        value=11264.4,
        unit="tokens/s per accelerator",
        raw_value=11264.4,
        raw_unit="Tokens/s",
        workload="MLPerf Inference v4.1 closed datacenter, Offline, NVIDIA B200 (1x "
        "B200-SXM-180GB, TensorRT), 1 x NVIDIA B200-SXM-180GB, fp16",
        hardware="B200",
        round="v4.1",
        scenario="Offline",
        system="NVIDIA B200 (1x B200-SXM-180GB, TensorRT)",
        accelerators=1,
        precision="fp16",
        software="TensorRT 10.1.0, CUDA 12.7",
        availability="preview",
        division="closed",
        derived=True,
        result_id="v4.1-0074",
        details_url="https://github.com/gateoverflow/inference_results_v4.1/tree/main/"
        "closed/NVIDIA/results/B200-SXM-180GBx1_TRT",
    )


def test_mixed_accelerator_system_is_kept_whole(rows: list[Benchmark]) -> None:
    row = _find(rows, "5.1-0065", "llama-2-70b-99", "Offline")
    assert row == Benchmark(
        provider="MangoBoost",
        model_id="llama-2-70b-99",
        metric="tokens_per_s_per_system",
        stat="result",
        value=169197.0,  # never divided as if 48 identical accelerators
        unit="tokens/s per system",
        raw_value=169197.0,
        raw_unit="Tokens/s",
        workload="MLPerf Inference v5.1 closed datacenter, Offline, MangoBoost Heterogeneous "
        "Cluster (4x8x MI300X-192GB, 2x8x MI325X-256GB, LLMBoost), 48 x AMD Instinct MI300X "
        "192GB HBM3 (x32), AMD Instinct MI325X 256GB HBM3e (x16), fp8",
        hardware="MI300X x32 + MI325X x16",
        round="v5.1",
        scenario="Offline",
        system="MangoBoost Heterogeneous Cluster (4x8x MI300X-192GB, 2x8x MI325X-256GB, LLMBoost)",
        accelerators=48,
        precision="fp8",
        software="Mango LLMBoost AI Enterprise Platform, "
        "vllm-0.9.0.2.dev108+g71faa1880.d20250717.rocm641, ROCm 6.12.12",
        availability="available",
        division="closed",
        derived=False,
        result_id="5.1-0065",
        details_url="https://github.com/mlcommons/inference_results_v5.1/tree/main/closed/"
        "MangoBoost/results/32xMI300X_2xEPYC_9534_16xMI325X_2xEPYC_9655",
    )
    mixed = {r.hardware for r in rows if r.metric.endswith("_per_system")}
    assert mixed == {"MI300X x32 + MI325X x16", "MI325X x16 + MI300X x8"}


def test_samples_per_second_and_tokens_per_second_of_one_system(rows: list[Benchmark]) -> None:
    resnet = _find(rows, "v4.1-0027", "resnet", "Offline")
    llama = _find(rows, "v4.1-0027", "llama-2-70b-99", "Offline")
    assert (resnet.metric, resnet.unit, resnet.raw_unit) == (
        "samples_per_s_per_accelerator",
        "samples/s per accelerator",
        "Samples/s",
    )
    assert resnet.value == pytest.approx(757446.0 / 8)
    assert (llama.metric, llama.raw_unit, llama.hardware) == (
        "tokens_per_s_per_accelerator",
        "Tokens/s",
        "H200",
    )
    # The GigaComputing 8x H200 figure the old single-submitter loader had: 31,263.8 / 8.
    assert llama.value == pytest.approx(31263.8 / 8)


def test_multi_node_systems_divide_by_nodes_times_accelerators(rows: list[Benchmark]) -> None:
    nvl72 = _find(rows, "5.1-0071", "deepseek-r1", "Offline")  # Nodes 18 x a# 4
    assert (nvl72.system, nvl72.hardware, nvl72.accelerators) == (
        "(72x GB200-186GB_aarch64, TensorRT)",  # the leading space of the file trimmed
        "GB200",
        72,
    )
    assert nvl72.value == pytest.approx(289712.0 / 72)
    dgx = _find(rows, "v4.1-0035", "llama-2-70b-99", "Offline")  # "2x8xH100-SXM-80GB"
    assert (dgx.accelerators, dgx.raw_value) == (16, 41672.4)  # Nodes 2 x a# 8
    assert dgx.value == pytest.approx(41672.4 / 16)


def test_the_seven_accelerators_have_llama_results(rows: list[Benchmark]) -> None:
    per_acc = {r.hardware for r in rows if r.metric == "tokens_per_s_per_accelerator"}
    assert {"H100_SXM", "H200", "B200", "GB200", "MI300X", "MI325X", "MI355X"} <= per_acc
    assert {r.round for r in rows} == {"v4.1", "v5.1"}
    assert {r.availability for r in rows} == {"available", "preview"}


@pytest.mark.parametrize(
    ("name", "mix"),
    [
        ("NVIDIA H100-SXM-80GB", [("H100_SXM", None)]),
        ("AMD Instinct MI300X-NPS1-SPX-192GB-750W", [("MI300X", None)]),
        ("AMD Instinct MI300X 192GB HBM3", [("MI300X", None)]),
        (
            "AMD Instinct MI325X 256GB HBM3E (x16), AMD Instinct MI300X 192GB HBM3 (x8)",
            [("MI325X", 16), ("MI300X", 8)],
        ),
    ],
)
def test_accelerator_mix(name: str, mix: list) -> None:
    assert accelerator_mix(name) == mix


def _payload(records: list[dict], name: str = "v9.9/summary_results.json") -> Payload:
    data = json.dumps(records).encode()
    return Payload(data, datetime(2026, 1, 1, tzinfo=UTC), "test", name)


def _record(payloads: dict[str, Payload], **changes: object) -> dict:
    base = json.loads(payloads["v5.1"].text())[0]
    return {**base, **changes}


def test_bad_rows_are_counted_never_divided(payloads: dict[str, Payload]) -> None:
    result = parse(
        _payload(
            [
                _record(payloads, **{"a#": 0}),
                _record(payloads, **{"a#": ""}),
                _record(payloads, Accelerator=""),
                _record(payloads, inferred=1),
                _record(payloads, Performance_Units="Watts"),
                _record(payloads, Performance_Result="n/a"),
                _record(payloads),
            ]
        )
    )
    assert len(result.rows) == 1
    assert result.skipped == {
        "zero accelerator count": 1,
        "no accelerator count": 1,
        "no accelerator named (CPU-only or host system)": 1,
        "inferred result": 1,
        "unknown unit 'Watts'": 1,
        "non-numeric result": 1,
    }


def test_a_renamed_column_fails_the_round_clearly(payloads: dict[str, Payload]) -> None:
    record = _record(payloads)
    record["Accelerators"] = record.pop("a#")
    with pytest.raises(ParseError, match=r"round v5\.1.*lack the column 'a#'"):
        parse(_payload([record]))


def test_not_json_fails_clearly() -> None:
    with pytest.raises(ParseError, match="expected an MLPerf summary_results.json"):
        parse(Payload(b"<html>", datetime(2026, 1, 1, tzinfo=UTC), "x", "x.json"))
