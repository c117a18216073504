"""The memo tray: "Add to memo" under every chart, charts from several pages in one
tray, reordering, the ?memo= link that rebuilds it (unknown ids listed and skipped),
and no download while it is empty."""

from __future__ import annotations

from tests.app.conftest import open_app
from warehouse.connection import Warehouse

H100 = "landscape/h100-on-demand-by-provider"
COMPARE = "model_apis/model-across-providers"


def _tray(at) -> list[str]:  # noqa: ANN001
    return [t.value for t in at.sidebar.text]


def _deck_buttons(at) -> dict[str, object]:  # noqa: ANN001
    return {d.label: d.proto for d in at.sidebar.get("download_button") if "memo (" in d.label}


def test_empty_tray_cannot_be_downloaded_and_says_why(app_env: Warehouse) -> None:
    at = open_app()
    assert not at.exception
    buttons = _deck_buttons(at)
    assert set(buttons) == {"Download memo (PowerPoint)", "Download memo (PDF)"}
    assert all(b.disabled and "Add to memo" in b.help for b in buttons.values())
    assert any("Add charts with “Add to memo”" in c.value for c in at.sidebar.caption)
    adds = [b for b in at.button if b.key.startswith("memo-add-")]
    assert len(adds) == 4 and {b.label for b in adds} == {"Add to memo"}  # every chart


def test_charts_from_two_pages_reorder_and_link(app_env: Warehouse) -> None:
    at = open_app()
    at.button(key="memo-add-h100").click().run()
    at.switch_page("app_pages/model_apis.py")
    at.run()
    assert not at.exception
    at.button(key="memo-add-compare").click().run()
    tray = _tray(at)
    assert len(tray) == 2 and tray[0].startswith("1. Median H100 SXM")
    assert at.query_params["memo"] == f"{H100},{COMPARE}"
    at.sidebar.button(key=f"memo-up-{COMPARE}").click().run()
    assert _tray(at)[0].startswith("1. ") and "glm-5.2" in _tray(at)[0]
    assert at.query_params["memo"] == f"{COMPARE},{H100}"
    assert not any(b.disabled for b in _deck_buttons(at).values())
    at.switch_page("app_pages/landscape.py")
    at.run()
    assert len(_tray(at)) == 2  # survives page switches
    assert at.button(key="memo-add-h100").label == "In memo: remove"
    at.sidebar.button(key=f"memo-rm-{H100}").click().run()
    assert len(_tray(at)) == 1 and at.query_params["memo"] == COMPARE


def test_a_link_rebuilds_the_tray_and_lists_gone_ids(app_env: Warehouse) -> None:
    at = open_app(memo=f"{H100},landscape/no-longer-here,nopage/x")
    assert not at.exception
    assert [t.split(". ", 1)[1][:19] for t in _tray(at)] == ["Median H100 SXM on-"]
    warning = " ".join(w.value for w in at.sidebar.warning)
    assert "landscape/no-longer-here" in warning and "nopage/x" in warning
    assert at.query_params["memo"] == H100
