"""Edge queries on the offline snapshot (the curated reference tables), with the
expectations read from data/reference/*.csv independently."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.queries import edge as q

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"


def _csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_tops_is_int8_where_stated_else_headline(offline_warehouse: Warehouse) -> None:
    acc = q.accelerators(offline_warehouse).set_index("chip")
    rows = _csv("edge_accelerators.csv")
    assert len(acc) == len(rows)
    for row in rows:
        got = acc.loc[row["chip"]]
        if row["int8_tops"]:
            assert got["tops"] == float(row["int8_tops"]) and got["tops_basis"] == q.INT8_BASIS
        elif row["npu_tops_stated"]:
            assert got["tops"] == float(row["npu_tops_stated"])
            assert got["tops_basis"] == q.STATED_BASIS
        else:
            assert got["tops_basis"] == q.NO_TOPS


def test_hailo_10h_shows_int8_not_its_int4_headline(offline_warehouse: Warehouse) -> None:
    hailo = q.accelerators(offline_warehouse, vendors=("Hailo",)).set_index("chip")
    assert hailo.loc["Hailo-10H", "tops"] == 20.0  # 40 TOPS INT4 = 20 TOPS INT8
    assert hailo.loc["Hailo-10H", "npu_tops_stated"] == 40.0
    assert set(hailo["vendor"]) == {"Hailo"}


def test_vendor_and_engine_lists(offline_warehouse: Warehouse) -> None:
    vendors = q.vendors(offline_warehouse)
    assert vendors["chips"].sum() == len(_csv("edge_accelerators.csv"))
    engines = q.engines(offline_warehouse)
    assert list(engines["measurements"]) == sorted(engines["measurements"], reverse=True)
    top = engines["engine"].iloc[0]
    expected = sum(r["engine"] == top for r in _csv("edge_benchmarks.csv"))
    assert engines["measurements"].iloc[0] == expected


def test_benchmarks_filter_by_engine(offline_warehouse: Warehouse) -> None:
    everything = q.benchmarks(offline_warehouse)
    assert len(everything) == len(_csv("edge_benchmarks.csv"))
    engine = "Qualcomm QNN context binary"
    some = q.benchmarks(offline_warehouse, engines=(engine,))
    assert set(some["engine"]) == {engine} and 0 < len(some) < len(everything)
    assert some["citation"].str.startswith("https://").all()


def test_memory_presets_are_capacities_stated_in_the_data(offline_warehouse: Warehouse):
    presets = q.memory_presets(offline_warehouse)
    by_label = dict(zip(presets["label"], presets["memory_gb"], strict=True))
    assert by_label["Core Ultra 200V (Lunar Lake): 16 GB"] == 16.0
    assert by_label["Core Ultra 200V (Lunar Lake): 32 GB"] == 32.0
    assert by_label["Hailo-10H: 4 GB"] == 4.0
    assert by_label["M3: 128 GB (largest configuration)"] == 128.0
    # bandwidth figures (120, 152, 102, 68 GB/s) are never read as capacities
    assert not set(presets["memory_gb"]) & {120.0, 152.0, 102.0, 68.0}
    assert presets["label"].is_unique
    for stated, gb in zip(presets["stated"], presets["memory_gb"], strict=True):
        assert f"{gb:g}" in stated  # every figure appears in the text it was read from
    assert presets["citation"].notna().all()


def test_only_the_newest_load_of_a_curated_table_is_current(memory_warehouse: Warehouse):
    def load(day: int, chips: list[str], tops: float) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "source_id": "curated_edge_accelerators",
                    "run_id": f"r{day}",
                    "observed_at": datetime(2026, 1, day),
                    "vendor": "V",
                    "chip": chip,
                    "npu_tops_stated": tops,
                }
                for chip in chips
            ]
        )

    with memory_warehouse.writer() as session:
        session.insert_df("edge_accelerators", load(1, ["Old", "Kept"], 10.0))
        session.insert_df("edge_accelerators", load(2, ["Kept"], 12.0))
    current = q.accelerators(memory_warehouse)
    assert list(current["chip"]) == ["Kept"] and current["tops"].iloc[0] == 12.0
