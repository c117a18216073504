"""Benchmark: server-side render time of every page (AppTest) at 1x and at 100x price
history, and cold start to first chart in Chromium against a bare one-line page.

Run: python benchmarks/bench_pages.py [--skip-browser]
The 100x warehouse is generated from the real snapshot by copying every price and
benchmark observation 99 more times with dates shifted back by 1..99 weeks.
Aggregation happens in DuckDB, so the 100x render should stay within 1.5x of 1x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.runner import refresh  # noqa: E402
from warehouse.connection import Warehouse  # noqa: E402
from warehouse.migrate import materialize  # noqa: E402

PAGES_DIR = "app_pages"
DEFAULT_PAGE = "landscape"
HISTORY_TABLES = ("api_prices", "gpu_prices", "benchmarks", "usage")
REPEATS = 3


def build(tmp: Path) -> tuple[Warehouse, Warehouse]:
    one = Warehouse(f"duckdb:///{tmp / 'x1.duckdb'}")
    refresh(one, offline=True, archive_dir=None)
    shutil.copy(one.path, tmp / "x100.duckdb")
    hundred = Warehouse(f"duckdb:///{tmp / 'x100.duckdb'}")
    with hundred.writer() as s:
        for table in HISTORY_TABLES:
            s.execute(
                f"INSERT INTO {table} SELECT t.* REPLACE ("
                f"t.observed_at - to_weeks(r.k::INTEGER) AS observed_at, "
                f"t.run_id || '-h' || r.k AS run_id) "
                f"FROM {table} t, range(1, 100) r(k)"
            )
        materialize(s)  # what a refresh that loaded this history would do
    for label, wh in (("1x", one), ("100x", hundred)):
        counts = {t: int(wh.scalar(f"SELECT COUNT(*) FROM {t}")) for t in HISTORY_TABLES}
        print(f"{label:5} " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    return one, hundred


def render_seconds(wh: Warehouse, page: str) -> float:
    """Median wall time of a cold (cache-cleared) AppTest run of one page."""
    import logging

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    for name in ("streamlit", "streamlit.runtime"):
        logging.getLogger(name).setLevel(logging.ERROR)

    os.environ["ATLAS_DATABASE_URL"] = wh.url
    times = []
    for _ in range(REPEATS):
        st.cache_data.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        if page != DEFAULT_PAGE:
            at.run()  # the default page first, then a cold switch to the measured one
            st.cache_data.clear()
            at.switch_page(f"{PAGES_DIR}/{page}.py")
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].value}")
    return statistics.median(times)


def pages() -> list[str]:
    return sorted(p.stem for p in (ROOT / PAGES_DIR).glob("*.py"))


def render_table(one: Warehouse, hundred: Warehouse) -> None:
    print(f"\n{'page':18} {'1x (s)':>8} {'100x (s)':>9} {'ratio':>6}")
    ratios = []
    for page in pages():
        a, b = render_seconds(one, page), render_seconds(hundred, page)
        ratios.append(b / a)
        print(f"{page:18} {a:8.2f} {b:9.2f} {b / a:6.2f}")
    print(f"{'worst ratio':18} {'':8} {'':9} {max(ratios):6.2f}  (goal <= 1.5)")


def cold_start(script: Path, url_path: str, selector: str, wh: Warehouse) -> float:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port

    port = free_port()
    env = {**os.environ, "ATLAS_DATABASE_URL": wh.url}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=script.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/{url_path}", timeout=2000)
                    break
                except Exception:  # noqa: BLE001 - server not listening yet
                    time.sleep(0.1)
            page.wait_for_selector(selector, timeout=120_000)
            elapsed = time.perf_counter() - t0
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return elapsed


def browser_table(one: Warehouse) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text('import streamlit as st\nst.write("hello")\n')
        base = cold_start(bare, "", "text=hello", one)
    app = cold_start(ROOT / "app.py", "", ".js-plotly-plot .main-svg", one)
    print(
        f"\ncold start to first content: bare one-line page {base:.2f} s; "
        f"Inference Atlas landscape first chart {app:.2f} s; ratio {app / base:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one, hundred = build(Path(tmp))
        render_table(one, hundred)
        if not args.skip_browser:
            browser_table(one)


if __name__ == "__main__":
    main()
