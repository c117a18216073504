"""Published on-device LLM measurements: time to first token and decode rate (curated).

Source: ``data/reference/edge_benchmarks.csv``. ``ttft_s`` is seconds (the curators
converted milliseconds to seconds), ``output_tokens_per_s`` is tokens per second,
``prompt_tokens`` is the prompt length ``ttft_s`` refers to when known. Rows come
from different engines, prompts and quantisations: compare only within one
source (see ``data/reference/README.md``). Blank cells are None, never 0; a row
with no figure at all is kept (its note carries the published wording).

Skipped and counted: rows without a model or device, rows with a non-numeric cell.
"""

from __future__ import annotations

from ingest.base import ParseResult, Payload
from ingest.rows import EdgeBenchmark
from ingest.sources import _curated

FILENAME = "edge_benchmarks.csv"
REQUIRED = (
    "device",
    "chip",
    "model",
    "params_b",
    "precision",
    "engine",
    "prompt_tokens",
    "ttft_s",
    "output_tokens_per_s",
    "source_url",
    "source_date",
    "source_kind",
    "note",
)


def _row(row: dict[str, str]) -> EdgeBenchmark:
    return EdgeBenchmark(
        device=row["device"],
        chip=row["chip"],
        model=row["model"],
        params_b=_curated.optional_float(row, "params_b"),
        precision=row["precision"],
        engine=row["engine"],
        prompt_tokens=_curated.optional_float(row, "prompt_tokens"),
        ttft_s=_curated.optional_float(row, "ttft_s"),
        output_tokens_per_s=_curated.optional_float(row, "output_tokens_per_s"),
        citation=row["source_url"],
        source_date=row["source_date"],
        source_kind=row["source_kind"],
        note=row["note"],
    )


def parse(payload: Payload) -> ParseResult:
    """One ``EdgeBenchmark`` per row that names a device and a model."""
    return _curated.parse_each(
        payload, REQUIRED, _row, needed=("model", "device"), missing="missing device or model"
    )


SOURCE = _curated.source(
    FILENAME,
    name="curated_edge_benchmarks",
    title="On-device LLM benchmarks (curated)",
    attribution="Inference Atlas curated edge benchmarks; each row cites its source_url",
    parse=parse,
    description=(
        "Published on-device LLM measurements (Qualcomm AI Hub, AMD Ryzen AI NPU, "
        "vendor claims): TTFT in seconds and decode tokens/s, with engine and precision."
    ),
)
