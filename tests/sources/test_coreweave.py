"""CoreWeave tracker JSON: per-instance -> per-GPU, the NVL72 "41" quirk, layout drift."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import GpuPrice
from ingest.sources.coreweave import SOURCE, URL, gpu_count


@pytest.fixture(scope="module")
def parsed() -> dict[str, ParseResult]:
    return {p.name: SOURCE.parse(p) for p in SOURCE.load_snapshot()}


def _payload(content: str | bytes, name: str = "test.json") -> Payload:
    data = content.encode() if isinstance(content, str) else content
    return Payload(data, datetime(2026, 8, 22, tzinfo=UTC), "test", name)


def _instance(gpu: str, source: str, pricing: str, price: float, n: int, mem: float, **kw):
    return GpuPrice(
        provider="CoreWeave",
        gpu=gpu,
        pricing=pricing,
        usd_per_gpu_hour=price / n,
        raw_value=price,
        raw_unit="USD/instance-hour",
        gpu_count=n,
        usd_per_hour=price,
        gpu_memory_gb=mem,
        source_gpu=source,
        **kw,
    )


def _inference(gpu: str, source: str, price: float, mem: float, **kw) -> GpuPrice:
    return GpuPrice(
        provider="CoreWeave",
        gpu=gpu,
        pricing="inference",
        usd_per_gpu_hour=price,
        raw_value=price,
        raw_unit="USD/GPU-hour",
        gpu_memory_gb=mem,
        source_gpu=source,
        **kw,
    )


def test_metadata() -> None:
    assert SOURCE.name == "coreweave" and SOURCE.url == URL
    assert [s.observed_at for s in SOURCE.snapshot] == [
        date(2026, 3, 13),
        date(2026, 7, 27),
        date(2026, 8, 22),
    ]


def test_counts(parsed: dict[str, ParseResult]) -> None:
    assert {name: len(r.rows) for name, r in parsed.items()} == {
        "2026-03-13.json": 29,
        "2026-07-27.json": 41,
        "2026-08-22.json": 41,
    }
    assert parsed["2026-08-22.json"].skipped == Counter(
        {
            "CPU instance (no GPU)": 20,
            "onDemandPrice null or not a number": 4,  # GB300 x2, HGX B300 x2
            "spotPrice null or not a number": 8,
            "inferencePrice null or not a number": 13,  # all of Europe + 2 in NA
        }
    )
    assert parsed["2026-03-13.json"].skipped["CPU instance (no GPU)"] == 22


def test_hgx_h100_per_instance_to_per_gpu(parsed: dict[str, ParseResult]) -> None:
    rows = parsed["2026-08-22.json"].rows
    na = dict(region="North America", observed_at=date(2026, 8, 22))
    on_demand = _instance("H100_SXM", "NVIDIA HGX H100", "on_demand", 49.24, 8, 80.0, **na)
    assert on_demand.usd_per_gpu_hour == pytest.approx(6.155)
    assert on_demand in rows
    assert _instance("H100_SXM", "NVIDIA HGX H100", "spot", 19.71, 8, 80.0, **na) in rows
    assert _inference("H100_SXM", "NVIDIA HGX H100", 6.16, 80.0, **na) in rows
    europe = dict(region="Europe", observed_at=date(2026, 8, 22))
    h100_europe = [r for r in rows if r.source_gpu == "NVIDIA HGX H100" and r.region == "Europe"]
    assert h100_europe == [
        _instance("H100_SXM", "NVIDIA HGX H100", "on_demand", 49.24, 8, 80.0, **europe),
        _instance("H100_SXM", "NVIDIA HGX H100", "spot", 19.51, 8, 80.0, **europe),
    ]


def test_nvl72_footnote_digit(parsed: dict[str, ParseResult]) -> None:
    # 2026-03-13 publishes gpuCount "4^1", 2026-08-22 the merged "41": both read as 4.
    for name, observed in (
        ("2026-03-13.json", date(2026, 3, 13)),
        ("2026-08-22.json", date(2026, 8, 22)),
    ):
        gb200 = [r for r in parsed[name].rows if r.gpu == "GB200"]
        assert gb200 == [
            _instance(
                "GB200",
                "NVIDIA GB200 NVL72",
                "on_demand",
                42.0,
                4,
                186.0,
                region="North America",
                observed_at=observed,
            ),
            _inference(
                "GB200",
                "NVIDIA GB200 NVL72",
                10.5,
                186.0,
                region="North America",
                observed_at=observed,
            ),
            _instance(
                "GB200",
                "NVIDIA GB200 NVL72",
                "on_demand",
                42.0,
                4,
                186.0,
                region="Europe",
                observed_at=observed,
            ),
        ]
    # GB300 NVL72 has no price at all: no rows, three null cells per region counted.
    assert not [r for r in parsed["2026-08-22.json"].rows if r.gpu == "GB300"]


def test_footnote_evidence_in_raw_data() -> None:
    payloads = {p.name: json.loads(p.content) for p in SOURCE.load_snapshot()}
    march = payloads["2026-03-13.json"]["regions"][0]["gpu"][1]
    august = payloads["2026-08-22.json"]["regions"][0]["gpu"][1]
    assert march["model"] == august["model"] == "NVIDIA GB200 NVL72"
    assert (march["gpuCount"], august["gpuCount"]) == ("4^1", "41")
    assert august["onDemandPrice"] / august["inferencePrice"] == 4


def test_gpu_count_rules() -> None:
    assert gpu_count("NVIDIA GB300 NVL72", "41") == 4
    assert gpu_count("NVIDIA GB200 NVL72", "4^1") == 4
    assert gpu_count("NVIDIA HGX H100", "8") == 8
    assert gpu_count("NVIDIA HGX H100", "1,024") == 1024
    assert gpu_count("NVIDIA HGX H100", "eight") is None
    assert gpu_count("NVIDIA HGX H100", "0") is None


def _doc(gpu: list, cpu: list | None = None) -> str:
    region = {"name": "North America", "gpu": gpu, "cpu": cpu or []}
    return json.dumps({"scrapeDate": "2026-09-01", "regions": [region]})


def test_strings_with_thousands_commas_and_missing_prices() -> None:
    item = {
        "model": "NVIDIA HGX B200",
        "gpuCount": "8",
        "vramGB": "1,180",  # synthetic: exercises the comma path on memory
        "onDemandPrice": "1,234.56",
        "spotPrice": "",
        "inferencePrice": None,
    }
    bad = {"model": "NVIDIA L40", "gpuCount": "n/a", "onDemandPrice": 10}
    cpu = [{"model": "AMD Genoa (9454)", "onDemandPrice": 7.78}]
    result = SOURCE.parse(_payload(_doc([item, bad], cpu)))
    assert result.rows == [
        _instance(
            "B200",
            "NVIDIA HGX B200",
            "on_demand",
            1234.56,
            8,
            1180.0,
            region="North America",
            observed_at=date(2026, 9, 1),
        )
    ]
    assert result.skipped == Counter(
        {
            "spotPrice null or not a number": 1,
            "inferencePrice null or not a number": 1,
            "GPU row without model or readable gpuCount": 1,
            "CPU instance (no GPU)": 1,
        }
    )


def test_html_with_embedded_json_is_parsed() -> None:
    item = {"model": "NVIDIA GH200", "gpuCount": "1", "vramGB": "96", "onDemandPrice": 6.5}
    html = (
        '<html><head><script src="x.js"></script>'
        '<script type="application/json">{"props": ' + _doc([item]) + "}</script></head></html>"
    )
    result = SOURCE.parse(_payload(html, "pricing.html"))
    assert result.rows == [
        _instance(
            "GH200",
            "NVIDIA GH200",
            "on_demand",
            6.5,
            1,
            96.0,
            region="North America",
            observed_at=date(2026, 9, 1),
        )
    ]


def test_layout_errors() -> None:
    with pytest.raises(ParseError, match="no embedded pricing JSON"):
        SOURCE.parse(_payload("<!doctype html><html><body><table></table></body></html>"))
    with pytest.raises(ParseError, match="neither JSON nor HTML"):
        SOURCE.parse(_payload("onDemandPrice,spotPrice\n1,2\n"))
    with pytest.raises(ParseError, match="'regions' list"):
        SOURCE.parse(_payload('{"scrapeDate": "2026-09-01", "gpus": []}'))
    with pytest.raises(ParseError, match="gpu list"):
        SOURCE.parse(_payload('{"regions": [{"name": "X", "gpu": {"model": "H100"}}]}'))
