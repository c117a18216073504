"""Ray LLMPerf leaderboard: latency and throughput of Llama-2 chat endpoints by provider.

One payload per summary file (``raw_data/summary/<provider>_<size>.json`` in
``ray-project/llmperf-leaderboard``, Apache-2.0), measured Dec 2023 - Jan 2024.
Each run sends requests of ~550 input / 150 output tokens with 5 concurrent
requests (read from the file's ``mean_input_tokens``, ``mean_output_tokens`` and
``num_concurrent_requests``; they become the ``workload`` text).

Rows (``Benchmark``), values as published (already in seconds / tokens per second):

- ``ttft_s``, ``inter_token_latency_s``, ``e2e_latency_s`` (seconds) and
  ``output_tps`` (output tokens/s of one request), each with the stats
  p25, p50, p75, p90, p95, p99 and mean that the file reports;
- ``throughput_tps`` / ``mean``: ``results_mean_output_throughput_token_per_s``,
  the aggregate output tokens/s over all concurrent requests.

``provider`` is ``canonical_provider(framework)`` (bedrock -> AWS Bedrock).
``model_id`` is ``canonical_model(model)`` with the Replicate version hash removed,
which unifies most provider spellings ("meta.llama2-70b-chat-v1",
"accounts/fireworks/models/llama-v2-70b-chat" -> "llama-2-70b-chat"); two spellings
do not say they are the chat model ("llama2-7b" at Lepton, "llama2-70b-4096" at
Groq), ``_MODEL_IDS`` maps those.
``observed_at`` is the file's ``timestamp`` (unix seconds, UTC).

Caveat kept out of the rows: error rates differ a lot (Lepton 87%, Bedrock 13B 65%
of 150 requests failed), so some stats rest on few completed requests.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import SupportsFloat, SupportsIndex, TypedDict

from canon.names import canonical_model, canonical_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import Benchmark

REPO = "https://github.com/ray-project/llmperf-leaderboard"
RAW = "https://raw.githubusercontent.com/ray-project/llmperf-leaderboard/main/raw_data/summary/"
# provider_size files of the leaderboard (Dec 2023 - Jan 2024).
FILES: tuple[str, ...] = (
    "anyscale_7b",
    "anyscale_13b",
    "anyscale_70b",
    "bedrock_13b",
    "bedrock_70b",
    "fireworks_7b",
    "fireworks_13b",
    "fireworks_70b",
    "groq_70b",
    "lepton_7b",
    "lepton_13b",
    "lepton_70b",
    "perplexity_70b",
    "replicate_7b",
    "replicate_13b",
    "replicate_70b",
    "together_7b",
    "together_13b",
    "together_70b",
)

# metric -> (key prefix in the summary, unit)
METRICS: dict[str, tuple[str, str]] = {
    "ttft_s": ("results_ttft_s", "s"),
    "inter_token_latency_s": ("results_inter_token_latency_s", "s"),
    "e2e_latency_s": ("results_end_to_end_latency_s", "s"),
    "output_tps": ("results_request_output_throughput_token_per_s", "tokens/s"),
}
STATS: dict[str, str] = {f"p{q}": f"_quantiles_p{q}" for q in (25, 50, 75, 90, 95, 99)}
STATS["mean"] = "_mean"
THROUGHPUT_KEY = "results_mean_output_throughput_token_per_s"
REQUIRED = ("model", "framework", "timestamp", "mean_input_tokens", "mean_output_tokens")

# canonical_model() already unifies most spellings of the Llama-2 chat models
# ("meta.llama2-70b-chat-v1", "llama-v2-70b-chat", "Llama-2-70b-chat-hf" ->
# "llama-2-70b-chat", the id litellm and OpenRouter use). Left (module-local override):
# Lepton names its chat endpoints after the base model ("llama2-7b"), Groq adds the
# context length ("llama2-70b-4096").
_MODEL_IDS: dict[str, str] = {
    **{f"llama-2-{s}": f"llama-2-{s}-chat" for s in ("7b", "13b", "70b")},
    "llama-2-70b-4096": "llama-2-70b-chat",
}


def model_id(model: str) -> str:
    """Canonical id of an LLMPerf ``model`` string (provider spellings unified)."""
    base = re.sub(r":[0-9a-f]{16,}$", "", canonical_model(model))  # replicate version hash
    return _MODEL_IDS.get(base, base)


def _number(value: object) -> float | None:
    """A summary value as a float (some are strings); None when absent or not numeric."""
    if isinstance(value, bool) or value is None:
        return None
    if not isinstance(value, (str, bytes, bytearray, SupportsFloat, SupportsIndex)):
        return None  # float() would raise TypeError
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _load(payload: Payload) -> dict:
    origin = payload.name or payload.origin
    try:
        data = json.loads(payload.text())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{origin}: expected an LLMPerf summary JSON object ({exc})") from exc
    if not isinstance(data, dict):
        raise ParseError(f"{origin}: expected a JSON object, got {type(data).__name__}")
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise ParseError(f"{origin}: expected LLMPerf summary keys {missing} (missing)")
    if not any(key.startswith(prefix) for key in data for prefix, _ in METRICS.values()):
        raise ParseError(f"{origin}: expected results_* metrics (e.g. results_ttft_s_mean)")
    return data


def _workload(data: dict) -> str:
    inp, out = _number(data["mean_input_tokens"]), _number(data["mean_output_tokens"])
    conc = _number(data.get("num_concurrent_requests"))
    text = f"llmperf: {inp:g} input / {out:g} output tokens"
    return text + (f", {conc:g} concurrent requests" if conc is not None else "")


class _Common(TypedDict):
    """Benchmark fields shared by all rows of one summary file."""

    provider: str
    model_id: str
    workload: str
    observed_at: datetime


def parse(payload: Payload) -> ParseResult:
    """Benchmark rows of one LLMPerf summary file."""
    data = _load(payload)
    try:
        observed = datetime.fromtimestamp(float(data["timestamp"]), UTC)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ParseError(f"{payload.name}: expected unix seconds in 'timestamp' ({exc})") from exc
    common = _Common(
        provider=canonical_provider(str(data["framework"])),
        model_id=model_id(str(data["model"])),
        workload=_workload(data),
        observed_at=observed,
    )
    result = ParseResult()
    for metric, (prefix, unit) in METRICS.items():
        for stat, suffix in STATS.items():
            value = _number(data.get(prefix + suffix))
            if value is None:
                result.skip(f"{metric} {stat} not reported")
                continue
            result.rows.append(
                Benchmark(
                    metric=metric,
                    stat=stat,
                    value=value,
                    unit=unit,
                    raw_value=value,
                    raw_unit=unit,
                    **common,
                )
            )
    throughput = _number(data.get(THROUGHPUT_KEY))
    if throughput is None:
        result.skip("throughput_tps mean not reported")
    else:
        result.rows.append(
            Benchmark(
                metric="throughput_tps",
                stat="mean",
                value=throughput,
                unit="tokens/s",
                raw_value=throughput,
                raw_unit="tokens/s",
                **common,
            )
        )
    return result


def fetch() -> list[Payload]:
    return [http.get(f"{RAW}{name}.json", name=f"{name}.json") for name in FILES]


def _snapshot(name: str) -> SnapshotFile:
    # groq_70b.json was last changed 2024-01-09; the other files 2023-12-28.
    day = date(2024, 1, 9) if name == "groq_70b" else date(2023, 12, 28)
    return SnapshotFile(f"llmperf/{name}.json", day)


SOURCE = Source(
    name="llmperf",
    title="Ray LLMPerf leaderboard",
    url=REPO,
    kind="json",
    license="Apache-2.0",
    attribution="Anyscale / Ray project, LLMPerf leaderboard (github.com/ray-project)",
    parse=parse,
    fetch=fetch,
    snapshot=tuple(_snapshot(name) for name in FILES),
    description=(
        "TTFT, inter-token latency, end-to-end latency and output tokens/s of Llama-2 "
        "7B/13B/70B chat endpoints at 8 providers (Dec 2023 - Jan 2024)."
    ),
)
