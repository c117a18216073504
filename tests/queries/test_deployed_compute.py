"""Deployed compute in known clusters: vendor shares with phases counted once, undisclosed
suppliers kept in the total, duplicates left out; the Concentration page's groups."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from warehouse.connection import Warehouse
from warehouse.queries import concentration
from warehouse.queries import deployed_compute as q


def _cluster(name: str, supplier: str, h100e: float, chips: float, day: str, **kw) -> dict:
    return {
        "source_id": q.SOURCE_ID, "run_id": "r1", "observed_at": datetime(2025, 12, 14),
        "name": name, "status": kw.get("status", "Existing"), "supplier": supplier,
        "h100_equivalents": h100e, "total_chips": chips, "chip_quantity": chips,
        "first_operational": date.fromisoformat(day), "standard_analysis": True,
        "possible_duplicate": kw.get("duplicate", False),
        "superseded_by": kw.get("superseded_by", ""),
    }  # fmt: skip


@pytest.fixture
def wh(memory_warehouse: Warehouse) -> Warehouse:
    rows = [
        _cluster("Big P1", "NVIDIA", 100, 100, "2024-03-01", superseded_by="Big P2"),
        _cluster("Big P2", "NVIDIA", 300, 250, "2025-02-01"),
        _cluster("Amd", "AMD", 50, 60, "2024-06-01"),
        _cluster("Secret", "Anonymized", 50, 90, "2025-01-01"),
        _cluster("Dup", "AMD", 500, 500, "2025-01-01", duplicate=True),
        _cluster("Plan", "NVIDIA", 9000, 9000, "2025-01-01", status="Planned"),
    ]
    with memory_warehouse.writer() as session:
        session.insert_df("ai_clusters", pd.DataFrame(rows))
    return memory_warehouse


def test_vendor_shares_count_each_cluster_once(wh: Warehouse) -> None:
    df = q.vendor_shares(wh, "h100e").set_index("supplier")
    # Big P2 includes P1; the duplicate and the planned cluster are left out
    assert df["value"].to_dict() == {"NVIDIA": 300.0, "AMD": 50.0, "Anonymized": 50.0}
    assert df.loc["NVIDIA", "share_pct"] == pytest.approx(75.0)
    assert bool(df.loc["Anonymized", "undisclosed"]) and not df.loc["AMD", "undisclosed"]
    chips = q.vendor_shares(wh, "chips").set_index("supplier")["value"]
    assert chips.to_dict() == {"NVIDIA": 250.0, "Anonymized": 90.0, "AMD": 60.0}


def test_by_year_counts_what_each_phase_added(wh: Warehouse) -> None:
    df = q.vendor_shares_by_year(wh, "h100e")
    got = {(r.year, r.supplier): r.value for r in df.itertuples()}
    assert got == {(2024, "NVIDIA"): 100.0, (2024, "AMD"): 50.0,
                   (2025, "NVIDIA"): 200.0, (2025, "Anonymized"): 50.0}  # fmt: skip
    assert df.loc[df["year"] == 2024, "share_pct"].sum() == pytest.approx(100)


def test_hardware_segment_gets_the_deployed_compute_groups(wh: Warehouse) -> None:
    rows = concentration.segment_shares(wh, "hardware")
    derived = rows[rows["origin"] == "derived"]
    assert set(derived["period"]) == {"existing clusters", "first operational 2024",
                                      "first operational 2025"}  # fmt: skip
    assert derived["basis"].str.contains("known clusters, not sales").all()
    assert concentration.derived_label(derived).startswith("derived by Inference Atlas from Epoch")
    existing = derived[derived["period"] == "existing clusters"]
    assert existing["note"].iloc[0].startswith("3 known clusters counted")
    secret = derived[derived["company"] == "Anonymized"]
    assert secret["excluded_reason"].str.startswith("supplier not disclosed").all()


def test_unknown_basis_is_refused(wh: Warehouse) -> None:
    with pytest.raises(ValueError, match="unknown basis"):
        q.vendor_shares(wh, "watts")
