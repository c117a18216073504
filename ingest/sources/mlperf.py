"""MLPerf Inference v4.1 (closed division) results, normalised per accelerator.

Source: ``closed/<Submitter>/summary.csv`` in ``mlcommons/inference_results_v4.1``
(the bundled copy is GigaComputing's: GIGABYTE G593-SD1, 8x NVIDIA H200-SXM-141GB).
Results were published by MLCommons on 2024-08-28 (the v4.1 announcement date as
remembered; not read from a stored page), used as the snapshot date.

Per-accelerator throughput = ``Result`` / (``number_of_nodes`` x
``accelerators_per_node``); ``raw_value`` keeps the system ``Result`` and
``raw_unit`` the ``Units`` cell exactly as written.

Unit decision. The ``Units`` column of v4.1 summaries is written from the scenario
alone (Server -> "Queries/s", Offline -> "Samples/s"), but for the LLM benchmarks
the ``Result`` is tokens per second: the v4.1 submission checker
(``mlcommons/inference``, ``tools/submission/submission_checker.py``,
``RESULT_FIELD_BENCHMARK_OVERWRITE["v4.1"]``) reads ``result_tokens_per_second`` /
``result_completed_tokens_per_second`` for llama2-70b and mixtral-8x7b and
``result_inferred_tokens_per_second`` / ``result_inferred_completed_tokens_per_second``
for gptj (tokens inferred from samples x the dataset's tokens per sample); later
checkers label these rows "Tokens/s". The magnitudes agree: llama2-70b Offline
31,263.8 on 8 GPUs is 3,908 per H200; as samples/s, even at 100 tokens a sample,
that would be ~55 PFLOP/s per GPU through a 70B model, ~28x an H200's 1,979 TFLOP/s
FP8 peak (Epoch AI data). So rows for those three
models get ``tokens_per_s_per_accelerator`` (unit "tokens/s per accelerator");
other Offline rows ``samples_per_s_per_accelerator`` and other Server rows
``queries_per_s_per_accelerator``.

Rows: ``provider`` = canonical Organization, ``model_id`` = ``canonical_model(Model)``
(MLPerf benchmark id incl. accuracy target, with Llama spelled as in the other sources:
"llama2-70b-99.9" -> "llama-2-70b-99.9"), ``hardware`` =
``canonical_gpu(accelerator_model_name)``, ``stat`` = "result". Skipped and
counted: scenarios other than Offline/Server (latency results), non-numeric
results, rows without an accelerator count.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from canon.names import canonical_gpu, canonical_model, canonical_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import Benchmark

URL = (
    "https://raw.githubusercontent.com/mlcommons/inference_results_v4.1/main/"
    "closed/GigaComputing/summary.csv"
)
VERSION = "v4.1"
REQUIRED = (
    "Organization",
    "Division",
    "SystemName",
    "Model",
    "MlperfModel",
    "Scenario",
    "Result",
    "number_of_nodes",
    "accelerator_model_name",
    "accelerators_per_node",
    "Units",
)
# MLPerf benchmarks whose v4.1 Result is tokens/s whatever the Units cell says.
TOKEN_MODELS = ("llama2-70b", "mixtral-8x7b", "gptj")
SCENARIO_METRIC = {
    "Offline": ("samples_per_s_per_accelerator", "samples/s per accelerator"),
    "Server": ("queries_per_s_per_accelerator", "queries/s per accelerator"),
}
TOKEN_METRIC = ("tokens_per_s_per_accelerator", "tokens/s per accelerator")


def metric_for(mlperf_model: str, scenario: str) -> tuple[str, str] | None:
    """(metric, unit) for a benchmark and scenario; None for latency scenarios."""
    if scenario not in SCENARIO_METRIC:
        return None
    if mlperf_model.startswith(TOKEN_MODELS):
        return TOKEN_METRIC
    return SCENARIO_METRIC[scenario]


def _accelerators(row: dict[str, str]) -> int:
    """Total accelerators of the system (ValueError if missing or not positive)."""
    nodes = int(float(row["number_of_nodes"] or "1"))
    per_node = int(float(row["accelerators_per_node"]))
    if nodes < 1 or per_node < 1:
        raise ValueError(f"{nodes} nodes x {per_node} accelerators")
    return nodes * per_node


def _benchmark(row: dict[str, str], metric: str, unit: str, n_acc: int) -> Benchmark:
    result = float(row["Result"])
    return Benchmark(
        provider=canonical_provider(row["Organization"]),
        model_id=canonical_model(row["Model"]),
        metric=metric,
        stat="result",
        value=result / n_acc,
        unit=unit,
        raw_value=result,
        raw_unit=row["Units"],
        workload=(
            f"MLPerf Inference {row.get('version') or VERSION} {row['Division']}, "
            f"{row['Scenario']}, {row['SystemName']}, {n_acc} accelerators"
        ),
        hardware=canonical_gpu(row["accelerator_model_name"]),
    )


def _rows(payload: Payload) -> list[dict[str, str]]:
    origin = payload.name or payload.origin
    try:
        reader = csv.DictReader(io.StringIO(payload.text()))
    except UnicodeDecodeError as exc:
        raise ParseError(f"{origin}: expected an MLPerf summary.csv ({exc})") from exc
    missing = [col for col in REQUIRED if col not in (reader.fieldnames or [])]
    if missing:
        raise ParseError(f"{origin}: expected MLPerf summary.csv columns; missing {missing}")
    return [{k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader]


def parse(payload: Payload) -> ParseResult:
    """One per-accelerator Benchmark per Offline/Server result row."""
    result = ParseResult()
    for row in _rows(payload):
        chosen = metric_for(row["MlperfModel"] or row["Model"], row["Scenario"])
        if chosen is None:
            result.skip(f"scenario {row['Scenario']!r} is a latency result")
            continue
        try:
            n_acc = _accelerators(row)
        except ValueError:
            result.skip("no accelerator count")
            continue
        try:
            result.rows.append(_benchmark(row, *chosen, n_acc))
        except ValueError:
            result.skip("non-numeric or negative Result")
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="summary.csv")]


SOURCE = Source(
    name="mlperf",
    title="MLPerf Inference v4.1 results (GigaComputing, closed)",
    url=URL,
    kind="csv",
    license="MLCommons results repository (license not checked; cite MLCommons)",
    attribution="MLCommons, MLPerf Inference v4.1 results, closed division, GigaComputing",
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("mlperf/summary.csv", date(2024, 8, 28)),),
    description=(
        "Per-accelerator throughput of an 8x H200 system on the MLPerf Inference v4.1 "
        "benchmarks (Llama-2-70B, Mixtral-8x7B and GPT-J in tokens/s)."
    ),
)
