"""Benchmark: a full offline refresh per source, and bulk vs row-by-row loading.

Run: python benchmarks/bench_refresh.py
Prints seconds per source for a full offline refresh into a fresh DuckDB file,
then rows/s of the bulk DataFrame path (``Session.insert_df``) against row-by-row
``INSERT ... VALUES`` for the 32,719-row GPU tracker, and their ratio.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from ingest.registry import get_source  # noqa: E402
from ingest.runner import _frames, refresh  # noqa: E402
from warehouse.connection import Session, Warehouse  # noqa: E402
from warehouse.migrate import ensure_schema  # noqa: E402

ROW_BY_ROW_SAMPLE = 3_000


def full_refresh() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        wh = Warehouse(f"duckdb:///{tmp}/bench.duckdb")
        t0 = time.perf_counter()
        results = refresh(wh, offline=True)
        total = time.perf_counter() - t0
    print(f"{'source':32} {'status':8} {'rows':>9} {'seconds':>8}")
    for r in results:
        print(f"{r.source:32} {r.status:8} {r.rows_new:>9,} {r.seconds:>8.2f}")
    print(f"{'TOTAL':32} {'':8} {sum(r.rows_new for r in results):>9,} {total:>8.2f}\n")


def bulk_vs_rows() -> None:
    source = get_source("gpu_tracker")
    payload = source.load_snapshot()[0]
    t0 = time.perf_counter()
    rows = source.parse(payload).rows
    parse_s = time.perf_counter() - t0
    frame = _frames(rows, "gpu_tracker", "bench", payload.observed_at)["gpu_prices"]

    con = duckdb.connect(":memory:")
    session = Session(con, duck=True)
    ensure_schema(session)
    t0 = time.perf_counter()
    session.insert_df("gpu_prices", frame)
    bulk_s = time.perf_counter() - t0

    sample = frame.head(ROW_BY_ROW_SAMPLE)
    cols = ", ".join(sample.columns)
    marks = ", ".join("?" for _ in sample.columns)
    records = [tuple(r) for r in sample.itertuples(index=False)]
    con.execute("DELETE FROM gpu_prices")
    t0 = time.perf_counter()
    for rec in records:
        con.execute(f"INSERT INTO gpu_prices ({cols}) VALUES ({marks})", rec)
    rows_s = time.perf_counter() - t0

    bulk_rate = len(frame) / bulk_s
    row_rate = len(sample) / rows_s
    print(f"GPU tracker: {len(frame):,} rows parsed in {parse_s:.2f} s")
    print(f"bulk insert_df:  {len(frame):>6,} rows in {bulk_s:.3f} s = {bulk_rate:>10,.0f} rows/s")
    print(f"row-by-row:      {len(sample):>6,} rows in {rows_s:.3f} s = {row_rate:>10,.0f} rows/s")
    print(f"bulk is {bulk_rate / row_rate:,.0f}x faster per row (goal: >= 20x)")


if __name__ == "__main__":
    full_refresh()
    bulk_vs_rows()
