"""Concentration page, hardware segment: the deployed-compute basis (Epoch AI known
clusters) is offered as its own group, labelled as known clusters, not sales."""

from __future__ import annotations

from tests.app.conftest import chart_titles, open_page
from warehouse.connection import Warehouse


def test_hardware_offers_deployed_compute_groups(app_env: Warehouse) -> None:
    at = open_page("concentration", conc_seg="hardware")
    assert not at.exception
    options = at.selectbox(key="conc_grp").options
    deployed = [o for o in options if "known clusters, not sales" in o]
    assert len(deployed) == 5  # H100e and chips of existing clusters, H100e for 3 years
    at.selectbox(key="conc_grp").set_value(deployed[0]).run()
    assert not at.exception and not at.error
    notes = " ".join(i.value for i in at.info)
    assert "Epoch AI's GPU clusters data (known clusters, not sales" in notes
    assert "OpenRouter" not in notes
    assert any("2 row(s) of this group are not firm shares" in w.value for w in at.warning)
    shares_title = chart_titles(at)[1]
    assert shares_title.startswith("NVIDIA leads with 81.7% (deployed H100-equivalents")
