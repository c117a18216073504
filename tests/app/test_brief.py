"""The Weekly brief page: a chosen range with real history, a range without data, and
the saved briefs listed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.app.conftest import open_page
from warehouse.connection import Warehouse


@pytest.fixture
def briefs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ATLAS_BRIEF_DIR", str(tmp_path))
    return tmp_path


def test_brief_over_the_litellm_catalogues(app_env: Warehouse, briefs: Path) -> None:
    at = open_page("brief")
    assert not at.exception
    at.date_input(key="brief_range").set_value((date(2025, 3, 30), date(2026, 7, 24))).run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "From 2025-03-30 to 2026-07-24:" in text
    assert "| SambaNova | gpt-oss-120b | input | \\$3.00 | \\$0.22 | -92.7%" in text
    assert "OpenRouter | gpt-oss-20b" not in text  # a router's move
    assert [b.key for b in at.button if b.key.startswith("memo-add-")] == [
        "memo-add-brief-price-moves"
    ]
    assert not at.warning


def test_a_range_without_data_says_so(app_env: Warehouse, briefs: Path) -> None:
    at = open_page("brief")
    at.date_input(key="brief_range").set_value((date(2021, 1, 1), date(2021, 1, 7))).run()
    assert not at.exception
    assert at.warning[0].value.startswith("No market data in 2021-01-01 to 2021-01-07")


def test_saved_briefs_are_listed(app_env: Warehouse, briefs: Path) -> None:
    from brief import generate
    from charts.provenance import direct_loader

    result = generate.build(
        direct_loader(app_env), briefs, start=date(2026, 7, 18), end=date(2026, 7, 24), charts=False
    )
    generate.save_and_post(result, briefs, post=False)
    at = open_page("brief")
    assert not at.exception
    assert [e.label for e in at.expander] == ["2026-07-18 to 2026-07-24"]
    labels = [d.label for d in at.get("download_button")]
    assert "brief-2026-07-24.md" in labels and "brief-2026-07-24.html" in labels
    # the default period starts the day after the saved brief
    assert at.date_input(key="brief_range").value[0] == date(2026, 7, 25)
