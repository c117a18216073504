"""Every page loads in headless Chromium, draws its charts, and shows no error.
A screenshot per page is saved to test-artifacts/screenshots/, or to docs/screenshots/
(committed, shown in the README) when ATLAS_UPDATE_SCREENSHOTS=1."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import ROOT

# url path (st.navigation uses the page file's stem; the default page is "/") -> text
PAGES = {
    "": "landscape",
    "model_apis": "Model APIs",
    "benchmarks": "Benchmarks",
    "clouds": "AI clouds",
    "hardware": "Hardware",
    "edge": "Edge",
    "concentration": "Concentration",
    "scenarios": "Scenarios",
    "unit_economics": "Unit economics",
    "brief": "Weekly brief",
    "data_sources": "Data & sources",
}
NO_CHART_BY_DEFAULT = ("data_sources", "brief")  # the brief's newest week may hold no move
SHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("ATLAS_UPDATE_SCREENSHOTS") == "1"
    else ROOT / "test-artifacts" / "screenshots"
)
ERROR_MARKERS = ("Traceback (most recent call last)", "StreamlitAPIException", "Error running app")


@pytest.mark.browser
@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_without_error(streamlit_url: str, browser, path: str) -> None:  # noqa: ANN001
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        page.goto(f"{streamlit_url}/{path}", wait_until="domcontentloaded")
        name = path or "landscape"
        page.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
        main = page.locator('[data-testid="stMain"]')
        main.get_by_text(PAGES[path]).first.wait_for(timeout=60_000)
        # wait until the script run has finished (the status widget disappears)
        page.wait_for_function(
            "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000
        )
        assert page.get_by_text("Page not found").count() == 0
        if path not in NO_CHART_BY_DEFAULT:
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        page.wait_for_timeout(1500)  # let plotly finish drawing
        assert page.locator('[data-testid="stException"]').count() == 0
        text = main.inner_text()
        for marker in ERROR_MARKERS:
            assert marker not in text, f"{name}: {marker}"
        # Streamlit scrolls inside its main container, so grow the viewport to the
        # content's height for a whole-page screenshot (capped for file size).
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": 1440, "height": min(int(height) + 40, 7000)})
        page.wait_for_timeout(1500)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))
    finally:
        page.close()
