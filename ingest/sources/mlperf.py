"""MLPerf Inference results of every submitter, two rounds (v4.1 and v5.1) as one source.

Source: the official ``summary_results.json`` of ``mlcommons/inference_results_v4.1``
(937 rows, commit 2024-11-05) and ``mlcommons/inference_results_v5.1`` (1,448 rows,
commit 2025-09-09): one row per system x benchmark x scenario, closed and open divisions,
datacenter and edge suites. The bundled copies keep every row and the columns this
parser reads (see data/snapshots/mlperf/ATTRIBUTION.md).

Per-accelerator value. ``Performance_Result`` is the whole system's. ``a#`` is the
number of accelerators *per node* (GB200 NVL72 rows say ``Nodes`` 18, ``a#`` 4, and the
platform name says x72; a 2-node DGX H100 says 2 and 8 for 16 GPUs), so the system has
``Nodes x a#`` accelerators and the per-accelerator figure is ``result / (Nodes x a#)``:
a derived metric (``derived=True``); ``raw_value`` keeps the system result and
``raw_unit`` the unit exactly as written.

Metric from ``Performance_Units``: ``Tokens/s`` -> ``tokens_per_s_per_accelerator``,
``Samples/s`` -> ``samples_per_s_per_accelerator``, ``Queries/s`` ->
``queries_per_s_per_accelerator``. Systems with mixed accelerators
("AMD Instinct MI300X ... (x32), AMD Instinct MI325X ... (x16)") are kept whole, never
divided: metric ``<unit>_per_system`` (e.g. ``tokens_per_s_per_system``), value = the
system result, hardware = the mix ("MI300X x32 + MI325X x16").

Counted and skipped, with the reason: latency results (``Latency (ms)``), unknown units,
rows without an accelerator (CPU-only systems), with zero or no accelerator count,
``inferred`` results (derived by the submitter from another scenario), non-numeric
results. A payload whose rows lack a column this parser needs (a round that renamed
one) fails the source with a message naming the round and the column.

Every row keeps round, division, suite, scenario, system, submitter (``provider``),
precision (``weight_data_types``), software, availability (available / preview), the
accelerator count and the MLPerf result ID with its details URL.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from canon.names import canonical_gpu, canonical_model, canonical_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import Benchmark

ROUNDS: dict[str, str] = {
    "v4.1": "https://raw.githubusercontent.com/mlcommons/inference_results_v4.1/"
    "4a0c87411066bd697db46fa44cf6f04fd458f627/summary_results.json",
    "v5.1": "https://raw.githubusercontent.com/mlcommons/inference_results_v5.1/main/"
    "summary_results.json",
}
URL = ROUNDS["v5.1"]
REQUIRED = (
    "ID",
    "Submitter",
    "Availability",
    "Category",
    "Suite",
    "System",
    "Model",
    "Scenario",
    "Nodes",
    "Accelerator",
    "a#",
    "Software",
    "version",
    "inferred",
    "weight_data_types",
    "Performance_Result",
    "Performance_Units",
)
# Performance_Units -> (metric stem, unit stem)
UNITS: dict[str, tuple[str, str]] = {
    "Tokens/s": ("tokens_per_s", "tokens/s"),
    "Samples/s": ("samples_per_s", "samples/s"),
    "Queries/s": ("queries_per_s", "queries/s"),
}
LATENCY_UNITS = ("Latency (ms)",)
_MIX_PART = re.compile(r"^(?P<name>.+?)\s*\(x(?P<n>\d+)\)$")


class SkipRow(ValueError):
    """A row that is counted and skipped; the message is the reason."""


def _count(value: Any, what: str) -> int:
    """A positive whole count from a JSON number or numeric string."""
    if value in (None, ""):
        raise SkipRow(f"no {what}")
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise SkipRow(f"non-numeric {what}") from exc
    if number <= 0:
        raise SkipRow(f"zero {what}")
    return int(number)


def accelerator_mix(name: str) -> list[tuple[str, int | None]]:
    """[(canonical id, count or None)] for an Accelerator cell: one entry for a
    homogeneous system, several for "A (x32), B (x16)" mixes (same ids merged)."""
    parts: dict[str, int | None] = {}
    for part in (p.strip() for p in name.split(",")):
        if not part:
            continue
        match = _MIX_PART.match(part)
        gpu = canonical_gpu(match.group("name") if match else part)
        n = int(match.group("n")) if match else None
        parts[gpu] = (parts.get(gpu) or 0) + n if n is not None else parts.get(gpu)
    return list(parts.items())


def _metric(row: dict[str, Any]) -> tuple[str, str]:
    units = str(row["Performance_Units"]).strip()
    if units in LATENCY_UNITS:
        raise SkipRow(f"latency result ({units}), not a throughput")
    if units not in UNITS:
        raise SkipRow(f"unknown unit {units!r}")
    return UNITS[units]


def _benchmark(row: dict[str, Any]) -> Benchmark:
    """One Benchmark for a result row (SkipRow with the reason when it cannot be used)."""
    if row["inferred"] not in (0, "0", False, None, ""):
        raise SkipRow("inferred result")
    stem, unit = _metric(row)
    name = str(row["Accelerator"] or "").strip()
    if not name:
        raise SkipRow("no accelerator named (CPU-only or host system)")
    n_acc = _count(row["Nodes"] or 1, "node count") * _count(row["a#"], "accelerator count")
    try:
        result = float(row["Performance_Result"])
    except (TypeError, ValueError) as exc:
        raise SkipRow("non-numeric result") from exc
    if result < 0:
        raise SkipRow("negative result")
    mix = accelerator_mix(name)
    mixed = len(mix) > 1
    hardware = " + ".join(f"{g} x{n}" for g, n in mix) if mixed else mix[0][0]
    rnd, scenario = str(row["version"]).strip(), str(row["Scenario"]).strip()
    system = str(row["System"]).strip()
    return Benchmark(
        provider=canonical_provider(str(row["Submitter"]).replace("_", " ")),
        model_id=canonical_model(str(row["Model"])),
        metric=f"{stem}_per_system" if mixed else f"{stem}_per_accelerator",
        stat="result",
        value=result if mixed else result / n_acc,
        unit=f"{unit} per system" if mixed else f"{unit} per accelerator",
        raw_value=result,
        raw_unit=str(row["Performance_Units"]),
        workload=(
            f"MLPerf Inference {rnd} {row['Category']} {row['Suite']}, {scenario}, "
            f"{system}, {n_acc} x {name}, {row['weight_data_types']}"
        ),
        hardware=hardware,
        round=rnd,
        scenario=scenario,
        system=system,
        accelerators=n_acc,
        precision=str(row["weight_data_types"] or ""),
        software=str(row["Software"] or ""),
        availability=str(row["Availability"] or ""),
        division=str(row["Category"] or ""),
        derived=not mixed,
        result_id=str(row["ID"]),
        details_url=str(row.get("Details") or ""),
    )


def _records(payload: Payload) -> list[dict[str, Any]]:
    origin = payload.name or payload.origin
    try:
        data = json.loads(payload.text())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{origin}: expected an MLPerf summary_results.json ({exc})") from exc
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ParseError(f"{origin}: expected a JSON list of MLPerf result objects")
    rounds = sorted({str(r.get("version", "?")) for r in data})
    for col in REQUIRED:
        lacking = sum(col not in r for r in data)
        if lacking:
            raise ParseError(
                f"{origin} (round {', '.join(rounds)}): {lacking} of {len(data)} rows lack "
                f"the column {col!r}; the round's layout changed, update ingest/sources/mlperf.py"
            )
    return data


def parse(payload: Payload) -> ParseResult:
    """One Benchmark per usable throughput row of one round's summary_results.json."""
    result = ParseResult()
    for row in _records(payload):
        try:
            result.rows.append(_benchmark(row))
        except SkipRow as reason:
            result.skip(str(reason))
    return result


def fetch() -> list[Payload]:
    return [http.get(url, name=f"{rnd}/summary_results.json") for rnd, url in ROUNDS.items()]


SOURCE = Source(
    name="mlperf",
    title="MLPerf Inference v4.1 and v5.1 results (all submitters)",
    url=URL,
    kind="json",
    license="Apache-2.0 (v4.1 results repository LICENSE.md); v5.1 results repository has "
    "no LICENSE file: MLCommons results, cited per the MLCommons results guidelines",
    attribution="MLCommons, MLPerf Inference v4.1 and v5.1 results (summary_results.json)",
    parse=parse,
    fetch=fetch,
    snapshot=(
        SnapshotFile("mlperf/v4.1/summary_results.json", date(2024, 11, 5)),
        SnapshotFile("mlperf/v5.1/summary_results.json", date(2025, 9, 9)),
    ),
    description=(
        "Every submitter's MLPerf Inference results (closed and open, datacenter and edge) "
        "of rounds v4.1 and v5.1: system throughput and the derived per-accelerator figure "
        "on H100, H200, B200, GB200, MI300X, MI325X, MI355X and more."
    ),
)
