"""Downloads in a real browser: on a page of the running app, the CSV button delivers the
plotted data, the PNG button a 2x memo image (rendered on click), and the sidebar's
memo pack a ZIP holding exactly what its SOURCES.md lists."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from charts.memo import listed_files

TIMEOUT_MS = 180_000  # a cold image export starts Chromium (seconds on a busy machine)


def _open_first_page(browser, url: str):  # noqa: ANN001, ANN202
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=90_000)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000
    )
    return page


def _download(page, label: str) -> tuple[str, bytes]:  # noqa: ANN001
    button = page.locator("[data-testid=stDownloadButton] button").filter(has_text=label).first
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    download = info.value
    path = download.path()
    return download.suggested_filename, Path(path).read_bytes()


@pytest.mark.browser
def test_csv_and_png_downloads_arrive(streamlit_url: str, browser) -> None:  # noqa: ANN001
    page = _open_first_page(browser, streamlit_url)
    try:
        name, csv = _download(page, "CSV")
        assert name.endswith(".csv")
        table = pd.read_csv(io.BytesIO(csv))
        assert len(table) > 0 and len(table.columns) > 1
        name, png = _download(page, "PNG")
        assert name.endswith(".png")
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
        assert struct.unpack(">II", png[16:24]) == (1920, 1080)
    finally:
        page.close()


@pytest.mark.browser
def test_memo_pack_download_matches_its_sources_md(streamlit_url: str, browser) -> None:  # noqa: ANN001
    page = _open_first_page(browser, streamlit_url)
    try:
        name, data = _download(page, "Memo pack (ZIP)")
        assert name.endswith("-memo-pack.zip")
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            text = zf.read("SOURCES.md").decode()
        assert names == listed_files(text) | {"SOURCES.md"}
        assert any(n.endswith(".png") for n in names) and any(n.endswith(".svg") for n in names)
        assert "license:" in text
    finally:
        page.close()
