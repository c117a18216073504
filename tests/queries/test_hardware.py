"""Hardware queries: exact expectations on a small hand-made warehouse, and real shapes
on the offline snapshot (recomputed independently in pandas)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pandas as pd
import pytest

from warehouse.connection import Warehouse
from warehouse.queries import hardware as q

Derive = Callable[[Warehouse], Warehouse]  # the ``derive`` fixture (conftest.py)

OBSERVED = datetime(2026, 1, 10)


def _hardware(name: str, accelerator: str, vendor: str, kind: str, **specs) -> dict:
    return {
        "source_id": "epoch_hardware",
        "run_id": "r1",
        "observed_at": OBSERVED,
        "accelerator": accelerator,
        "name": name,
        "vendor": vendor,
        "kind": kind,
        **specs,
    }


def _price(provider: str, gpu: str, pricing: str, usd: float, day: int) -> dict:
    return {
        "source_id": f"src_{provider.lower()}",
        "run_id": "r1",
        "observed_at": datetime(2026, 1, day),
        "provider": provider,
        "gpu": gpu,
        "pricing": pricing,
        "usd_per_gpu_hour": usd,
        "raw_value": usd,
        "raw_unit": "USD/GPU-hour",
        "gpu_count": 1,
    }


@pytest.fixture
def wh(memory_warehouse: Warehouse, derive: Derive) -> Warehouse:
    hardware = pd.DataFrame(
        [
            _hardware(
                "Chip A",
                "H100_SXM",
                "NVIDIA",
                "GPU",
                release_date=date(2022, 9, 20),
                bf16_tflops=1000.0,
                fp8_tflops=2000.0,
                price_usd=25000.0,
                tdp_w=500.0,
            ),
            _hardware(
                "Chip B",
                "CHIP_B",
                "",
                "",
                release_date=date(2024, 1, 1),
                bf16_tflops=300.0,
                tdp_w=150.0,
            ),
            _hardware(
                "Chip C",
                "CHIP_C",
                "Acme",
                "TPU",
                release_date=None,
                bf16_tflops=None,
                memory_gb=16.0,
            ),
        ]
    )
    prices = pd.DataFrame(
        [
            _price("Alpha", "H100_SXM", "on_demand", 2.0, 5),
            _price("Beta", "H100_SXM", "on_demand", 9.0, 1),  # superseded by Beta's newer price
            _price("Beta", "H100_SXM", "on_demand", 4.0, 8),
            _price("Gamma", "H100_SXM", "spot", 1.0, 8),  # not on-demand: ignored
        ]
    )
    with memory_warehouse.writer() as session:
        session.insert_df("hardware", hardware)
        session.insert_df("gpu_prices", prices)
    return derive(memory_warehouse)


def test_efficiency_ratios_and_rental_median_by_hand(wh: Warehouse) -> None:
    eff = q.efficiency(wh, "bf16").set_index("name")
    assert list(eff.index) == ["Chip B", "Chip A"]  # Chip C has no BF16 figure
    a = eff.loc["Chip A"]
    assert a["tflops_per_kusd"] == pytest.approx(1000 / 25)  # 40 TFLOP/s per $1,000
    assert a["tflops_per_w"] == pytest.approx(2.0)
    assert a["rental_usd_per_gpu_hour"] == pytest.approx(3.0)  # median of latest 2.0 and 4.0
    assert a["rental_providers"] == 2
    assert a["tflops_per_rental_usd"] == pytest.approx(1000 / 3)
    assert a["rental_observed_at"] == pd.Timestamp("2026-01-08")
    assert set(a["rental_sources"].split(",")) == {"src_alpha", "src_beta"}
    b = eff.loc["Chip B"]
    assert pd.isna(b["tflops_per_kusd"]) and pd.isna(b["rental_usd_per_gpu_hour"])
    assert b["tflops_per_w"] == pytest.approx(2.0)


def test_fp8_uses_fp8_figures_and_bad_precision_is_refused(wh: Warehouse) -> None:
    eff = q.efficiency(wh, "fp8")
    assert list(eff["name"]) == ["Chip A"] and eff["tflops"].iloc[0] == 2000.0
    with pytest.raises(ValueError, match="precision must be one of"):
        q.efficiency(wh, "fp8_tflops; DROP TABLE hardware")


def test_blank_vendor_and_type_are_labelled_and_filterable(wh: Warehouse) -> None:
    rows = q.specs(wh, vendors=(q.NOT_STATED,))
    assert list(rows["name"]) == ["Chip B"] and rows["kind"].iloc[0] == q.NOT_STATED
    assert list(q.specs(wh, kinds=("TPU",))["name"]) == ["Chip C"]


def test_year_filter_drops_undated_rows(wh: Warehouse) -> None:
    assert set(q.specs(wh)["name"]) == {"Chip A", "Chip B", "Chip C"}
    assert list(q.specs(wh, year_from=2023)["name"]) == ["Chip B"]
    assert list(q.specs(wh, year_to=2023)["name"]) == ["Chip A"]


def test_filter_values_are_parameters_not_sql(wh: Warehouse) -> None:
    # in_filter itself: tests/queries/test_sql.py
    assert list(q.specs(wh, vendors=("x') OR 1=1 --",))["name"]) == []


# --- offline snapshot ---------------------------------------------------------------


def test_specs_on_snapshot_match_latest_hardware(offline_warehouse: Warehouse) -> None:
    specs = q.specs(offline_warehouse)
    raw = offline_warehouse.query("SELECT * FROM latest_hardware")
    assert len(specs) == len(raw) > 100
    amd = q.specs(offline_warehouse, vendors=("AMD",), year_from=2023)
    assert set(amd["vendor"]) == {"AMD"}
    assert (pd.to_datetime(amd["release_date"]).dt.year >= 2023).all()
    options = q.filter_options(offline_warehouse)
    assert options["accelerators"].sum() == len(raw)


def test_efficiency_on_snapshot_recomputed_in_pandas(offline_warehouse: Warehouse) -> None:
    eff = q.efficiency(offline_warehouse, "bf16")
    prices = offline_warehouse.query(
        "SELECT gpu, usd_per_gpu_hour FROM latest_gpu_prices WHERE pricing = 'on_demand'"
    )
    medians = prices.groupby("gpu")["usd_per_gpu_hour"].median()
    h100 = eff[eff["accelerator"] == "H100_SXM"].iloc[0]
    assert h100["rental_usd_per_gpu_hour"] == pytest.approx(medians["H100_SXM"])
    assert h100["tflops_per_rental_usd"] == pytest.approx(h100["tflops"] / medians["H100_SXM"])
    priced = eff.dropna(subset=["price_usd"])
    assert (priced["tflops_per_kusd"] == priced["tflops"] / (priced["price_usd"] / 1000)).all()
    assert eff["tflops"].gt(0).all()


def test_share_groups_never_mix_bases(offline_warehouse: Warehouse) -> None:
    groups = q.share_groups(offline_warehouse, segment="hardware")
    rows = q.shares(offline_warehouse, segment="hardware")
    assert groups["companies"].sum() == len(rows) > 0
    for g in groups.itertuples(index=False):
        part = q.shares(
            offline_warehouse,
            segment="hardware",
            basis=g.basis,
            period=g.period,
            market_definition=g.market_definition,
        )
        assert len(part) == g.companies
        assert set(part["basis"]) == {g.basis} and set(part["period"]) == {g.period}
        assert part["citation"].notna().all()
    assert list(rows.columns[:4]) == ["company", "share_pct", "basis", "period"]
