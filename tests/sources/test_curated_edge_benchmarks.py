"""Curated on-device LLM benchmarks: seconds and tokens/s as curated, blanks None."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import EdgeBenchmark
from ingest.sources.curated_edge_benchmarks import REQUIRED, SOURCE, parse

AI_HUB = (
    "https://github.com/quic/ai-hub-models/blob/33c3d0323591a9165457ff564b0a0ec8ef09fccb/"
    "qai_hub_models/models/"
)


def _payload(text: str) -> Payload:
    return Payload(text.encode(), datetime(2026, 1, 1, tzinfo=UTC), "test", "test.csv")


@pytest.fixture(scope="module")
def rows() -> list[EdgeBenchmark]:
    (payload,) = SOURCE.load_snapshot()
    result = parse(payload)
    assert result.skipped == {}
    return result.rows


def test_counts(rows: list[EdgeBenchmark]) -> None:
    assert len(rows) == 42
    assert sum(r.source_kind == "primary" and "ai-hub-models" in r.citation for r in rows) == 28
    assert sum(r.ttft_s is not None for r in rows) == 29


def test_qualcomm_ai_hub_row(rows: list[EdgeBenchmark]) -> None:
    (row,) = [r for r in rows if r.device == "SA8295P ADP" and r.model == "Llama 3.2 3B Instruct"]
    assert row == EdgeBenchmark(
        device="SA8295P ADP",
        chip="SA8295P (automotive)",
        model="Llama 3.2 3B Instruct",
        params_b=3.0,
        precision="w4",
        engine="Qualcomm Genie (QNN)",
        prompt_tokens=128.0,
        ttft_s=0.373,
        output_tokens_per_s=3.52,
        citation=AI_HUB + "llama_v3_2_3b_instruct/perf.yaml",
        source_date="2026-02-11",
        source_kind="primary",
        note=(
            "Qualcomm AI Hub published perf (vendor measurement on Qualcomm reference/retail "
            "device, NPU/HTP via QNN). ttft_s is the lower bound for a prompt of up to 128 "
            "tokens (one prompt-processor pass); TTFT for a full 1024-token prompt = 2.985 s. "
            "Precision w4 = 4-bit weights. Runtime genie."
        ),
    )


def test_vendor_claim_without_prompt_length(rows: list[EdgeBenchmark]) -> None:
    (row,) = [r for r in rows if r.device == "Intel Core Ultra Series 2 reference system"]
    assert (row.ttft_s, row.output_tokens_per_s, row.prompt_tokens, row.params_b) == (
        1.09,
        18.55,
        None,
        7.0,
    )
    assert row.source_date == "2025-05-12"


def test_row_without_any_figure_is_kept(rows: list[EdgeBenchmark]) -> None:
    (row,) = [r for r in rows if r.device == "Samsung Galaxy S24+"]
    assert (row.ttft_s, row.output_tokens_per_s, row.prompt_tokens) == (None, None, None)
    assert row.citation == "https://pytorch.org/blog/unleashing-ai-mobile"
    assert row.note.startswith("Arm/Meta blog: 'over 350 tokens per second on the prefill")


def test_bad_rows_are_skipped() -> None:
    header = ",".join(REQUIRED) + "\n"
    text = header + (
        "Phone,SoC,,1,,,,,,,,,\n"
        "Phone,SoC,M,1,,,,fast,,,,,\n"
        "Phone,SoC,M,0.5,Q4_0,llama.cpp,64,0.25,30,u,2025,secondary,n\n"
    )
    result = parse(_payload(text))
    assert result.rows == [
        EdgeBenchmark(
            device="Phone",
            chip="SoC",
            model="M",
            params_b=0.5,
            precision="Q4_0",
            engine="llama.cpp",
            prompt_tokens=64.0,
            ttft_s=0.25,
            output_tokens_per_s=30.0,
            citation="u",
            source_date="2025",
            source_kind="secondary",
            note="n",
        )
    ]
    assert result.skipped == {
        "missing device or model": 1,
        "non-numeric cell: ttft_s='fast' is not a number": 1,
    }


def test_missing_columns_raise() -> None:
    with pytest.raises(ParseError, match="ttft_s"):
        parse(_payload("device,chip,model\nPhone,SoC,M\n"))
