"""A real `streamlit run app.py` server and headless Debian Chromium (Playwright)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from warehouse.connection import Warehouse

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _need_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must apt-get install chromium")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def streamlit_url(offline_warehouse: Warehouse) -> Iterator[str]:
    """Start the app on a free port against the offline warehouse; stop it after."""
    _need_chromium()
    port = free_port()
    env = {**os.environ, "ATLAS_DATABASE_URL": offline_warehouse.url}
    log = open(ROOT / "test-artifacts-streamlit.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{url}/_stcore/health", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        else:
            pytest.fail(
                "streamlit did not become healthy in 60 s; see test-artifacts-streamlit.log"
            )
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        (ROOT / "test-artifacts-streamlit.log").unlink(missing_ok=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def has_chromium() -> bool:
    return shutil.which("chromium") is not None or Path(CHROMIUM).exists()
