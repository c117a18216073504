"""Issue 9 item 11: precision columns show only what the chip supports, and data-centre
and consumer parts are classed and ranked apart (bundled Epoch AI snapshot)."""

from __future__ import annotations

import pandas as pd

from charts.pages import hardware as chart_set
from charts.provenance import direct_loader
from warehouse.connection import Warehouse
from warehouse.queries import hardware as q


def test_bf16_blank_for_chips_without_bf16(offline_warehouse: Warehouse) -> None:
    specs = q.specs(offline_warehouse).set_index("name")
    for name in ("NVIDIA Tesla V100 SXM2 16 GB", "NVIDIA GeForce RTX 2080 Ti 11GB"):
        assert pd.isna(specs.loc[name, "bf16_tflops"]), name  # no BF16 on Volta / Turing
    assert specs.loc["NVIDIA Tesla V100 SXM2 16 GB", "fp16_tflops"] == 125.0
    assert specs.loc["NVIDIA GeForce RTX 2080 Ti 11GB", "fp16_tflops"] == 113.8
    h100 = specs.loc["NVIDIA H100 SXM5 80GB"]
    assert h100["bf16_tflops"] == h100["fp16_tflops"] == 989.4
    # a Chinese "BI-V100" is not an NVIDIA V100
    assert not q._any_like("x", q.NO_BF16_NAMES).count("'%V100%'")
    bf16 = q.efficiency(offline_warehouse, "bf16")
    assert not bf16["name"].str.contains("V100|2080").any()
    assert q.efficiency(offline_warehouse, "fp16")["name"].str.contains("V100").any()


def test_consumer_and_datacenter_parts_are_classed(offline_warehouse: Warehouse) -> None:
    specs = q.specs(offline_warehouse).set_index("name")
    assert specs.loc["NVIDIA GeForce RTX 4090", "market_class"] == "consumer"
    assert specs.loc["NVIDIA H100 SXM5 80GB", "market_class"] == "datacenter"
    consumer = q.specs(offline_warehouse, classes=("consumer",))
    assert set(consumer["market_class"]) == {"consumer"} and len(consumer) > 0
    assert consumer["name"].str.contains("GeForce|Radeon RX|TITAN").all()


def test_perf_per_dollar_ranks_each_class_apart(offline_warehouse: Warehouse) -> None:
    load = direct_loader(offline_warehouse)
    specs = {s.name: s for s in chart_set.specs(load)}
    per_kusd = specs["bf16-tflops-per-1000-usd"]
    assert set(per_kusd.data["name"]) & {"NVIDIA GeForce RTX 4090"} == set()
    assert per_kusd.title == (
        "AMD Instinct MI300X gives the most dense BF16 TFLOP/s per $1,000 of release price: "
        "87.2 (consumer (gaming) parts ranked apart: best NVIDIA GeForce RTX 4090, 206)"
    )
    consumer = {s.name: s for s in chart_set.specs(load, market_class="consumer")}
    top = consumer["bf16-tflops-per-1000-usd"].data.iloc[0]
    assert top["name"] == "NVIDIA GeForce RTX 4090"
    timeline = specs["accelerator-release-timeline"]
    assert "V100" not in timeline.title  # 2017's fastest BF16 part is a TPU v2, not a V100
