"""The memo deck in a real browser: "Add to memo" on charts of two pages, then both
sidebar downloads: a PowerPoint deck with one slide per chart plus the sources slide,
and a PDF with as many pages."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pptx import Presentation

TIMEOUT_MS = 240_000  # the deck renders every chart in one Chromium session


def _settle(page) -> None:  # noqa: ANN001
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90_000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000
    )


def _add(page, nth: int, charts: int) -> None:  # noqa: ANN001
    """Click the nth "Add to memo" and wait until the sidebar tray, drawn after the page
    at the end of the run, counts ``charts``."""
    page.locator("button").filter(has_text="Add to memo").nth(nth).click()
    label = f"Memo deck ({charts} chart{'s' if charts != 1 else ''})"
    page.locator("[data-testid=stSidebar]").get_by_text(label).wait_for(timeout=90_000)
    _settle(page)


def _download(page, label: str) -> tuple[str, bytes]:  # noqa: ANN001
    button = page.locator("[data-testid=stDownloadButton] button").filter(has_text=label).first
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


@pytest.mark.browser
def test_charts_from_two_pages_download_as_deck_and_pdf(streamlit_url: str, browser) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    try:
        page.goto(streamlit_url, wait_until="domcontentloaded")
        _settle(page)
        _add(page, 2, 1)  # a landscape chart
        sidebar = page.locator("[data-testid=stSidebar]")
        sidebar.get_by_role("link", name="Model APIs & providers").click()  # same session
        page.wait_for_url(re.compile(r"/model_apis"), timeout=60_000)
        _settle(page)
        _add(page, 0, 2)
        _add(page, 0, 3)
        assert "memo=" in page.url
        tray = sidebar.get_by_test_id("stText").all_inner_texts()
        assert [t.split(". ", 1)[0] for t in tray] == ["1", "2", "3"], tray
        name, pptx = _download(page, "Download memo (PowerPoint)")
        assert name.endswith(".pptx")
        slides = list(Presentation(io.BytesIO(pptx)).slides)
        assert len(slides) == 4
        for slide in slides:
            footer = [s.text_frame.text for s in slide.shapes if s.has_text_frame][-1]
            assert footer.startswith("Source: ") and "; as of 20" in footer
        name, pdf = _download(page, "Download memo (PDF)")
        assert name.endswith(".pdf") and pdf[:5] == b"%PDF-"
        assert len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) == 4
    finally:
        page.close()
