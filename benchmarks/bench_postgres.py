"""Benchmark: PostgreSQL against DuckDB on the same bundled snapshot.

Run: python benchmarks/bench_postgres.py --pg-url postgresql://atlas@127.0.0.1:5432/atlas
     [--pages landscape,model_apis] [--repeats 2] [--skip-pages]
(or set ATLAS_BENCH_PG_URL / ATLAS_TEST_PG_URL). Each run uses a new schema of that
database and drops it at the end. Prints, for each engine and their ratio (PG / DuckDB):
1. a full offline refresh into an empty warehouse (seconds);
2. the server-side render of each page (AppTest, cold data cache, median of --repeats,
   after one untimed warm-up run that pays the page's imports);
3. read latency (the sidebar's as-of query and the price table) while idle and while
   a full refresh runs in another process (as cron runs it): median and worst, ms;
4. per-query overhead of the pooled engine against a new engine per query (PG).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import sqlalchemy as sa  # noqa: E402
from bench_pages import pages, render_seconds  # noqa: E402

from ingest.runner import refresh  # noqa: E402
from warehouse.connection import Warehouse, engine, normalize_url  # noqa: E402
from warehouse.queries import meta, prices  # noqa: E402

SEED_SOURCES = ["llm_prices", "curated_companies"]  # what readers read while the rest loads


@contextmanager
def pg_schema(server: str) -> Iterator[Warehouse]:
    schema = f"atlas_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(normalize_url(server), poolclass=sa.NullPool)
    with admin.begin() as con:
        con.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = sa.make_url(normalize_url(server)).update_query_dict(
        {"options": f"-csearch_path={schema}"}
    )
    wh = Warehouse(url.render_as_string(hide_password=False))
    try:
        yield wh
    finally:
        engine(wh.url).dispose()
        with admin.begin() as con:
            for name in (schema, f"{schema}__rebuild", f"{schema}__replaced"):
                con.execute(sa.text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def full_refresh(wh: Warehouse) -> float:
    def run() -> None:
        failed = [
            r.source for r in refresh(wh, offline=True, archive_dir=None) if r.status == "failed"
        ]
        if failed:
            raise RuntimeError(f"refresh failed for {failed}")

    return timed(run)


def read_once(wh: Warehouse) -> float:
    return timed(lambda: (meta.as_of(wh), prices.price_table(wh)))


def impatient(wh: Warehouse) -> Warehouse:
    """``wh`` through connections that fail after waiting 50 ms for any lock, so a
    slow read during a refresh is told apart from a blocked one (PostgreSQL)."""
    url = sa.make_url(wh.url)
    options = f"{url.query.get('options', '')} -c lock_timeout=50".strip()
    return Warehouse(url.update_query_dict({"options": options}).render_as_string(False))


def reads_during_refresh(wh: Warehouse) -> tuple[list[float], list[float], int, float]:
    """Read latencies idle (after seeding) and while another process (as cron would)
    runs a full offline refresh; reads that waited > 50 ms for a lock; refresh seconds."""
    refresh(wh, SEED_SOURCES, offline=True, archive_dir=None)
    reader = wh if wh.is_duckdb else impatient(wh)
    idle = [read_once(reader) for _ in range(10)]
    busy: list[float] = []
    blocked = 0
    cmd = [sys.executable, "-m", "ingest", "--db", wh.url, "refresh", "--offline"]
    env = {**os.environ, "ATLAS_LOG_LEVEL": "WARNING"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    while proc.poll() is None:
        try:
            busy.append(read_once(reader))
        except sa.exc.OperationalError as exc:
            if "lock timeout" not in str(exc):
                raise
            blocked += 1
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"refresh exited {proc.returncode}")
    return idle, busy, blocked, seconds


def pooled_overhead(wh: Warehouse, n: int = 50) -> tuple[float, float]:
    pooled = statistics.median(timed(lambda: wh.scalar("SELECT 1")) for _ in range(n))

    def fresh_engine() -> None:
        eng = sa.create_engine(wh.url)
        with eng.connect() as con:
            con.execute(sa.text("SELECT 1"))
        eng.dispose()

    unpooled = statistics.median(timed(fresh_engine) for _ in range(n))
    return pooled, unpooled


def ms(values: list[float]) -> str:
    return f"median {1000 * statistics.median(values):7.1f} ms, worst {1000 * max(values):7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg-url", default=os.environ.get("ATLAS_BENCH_PG_URL")
                        or os.environ.get("ATLAS_TEST_PG_URL"))  # fmt: skip
    parser.add_argument("--pages", help="comma-separated pages (default: all)")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--skip-pages", action="store_true", help="only refresh and reads")
    args = parser.parse_args()
    if not args.pg_url:
        parser.error("give a PostgreSQL server: --pg-url postgresql://user@host:port/db")
    import bench_pages

    bench_pages.REPEATS = args.repeats
    chosen = [] if args.skip_pages else args.pages.split(",") if args.pages else pages()
    with tempfile.TemporaryDirectory() as tmp, pg_schema(args.pg_url) as pg:
        duck = Warehouse(f"duckdb:///{Path(tmp) / 'bench.duckdb'}")
        d, p = full_refresh(duck), full_refresh(pg)
        print(
            f"full offline refresh:  DuckDB {d:6.2f} s   PostgreSQL {p:6.2f} s   ratio {p / d:5.2f}"
        )

        print(f"\n{'page':18} {'DuckDB (s)':>10} {'PG (s)':>8} {'ratio':>6}")
        ratios = []
        for page in chosen:
            render_seconds(duck, page)  # warm-up: the page's imports, paid once
            a, b = render_seconds(duck, page), render_seconds(pg, page)
            ratios.append(b / a)
            print(f"{page:18} {a:10.2f} {b:8.2f} {b / a:6.2f}")
        if ratios:
            print(f"{'median ratio':18} {'':10} {'':8} {statistics.median(ratios):6.2f}")

    print("\nreads (as-of + price table) while idle and during a full refresh:")
    with tempfile.TemporaryDirectory() as tmp, pg_schema(args.pg_url) as pg:
        duck = Warehouse(f"duckdb:///{Path(tmp) / 'busy.duckdb'}")
        for label, wh in (("DuckDB", duck), ("PostgreSQL", pg)):
            idle, busy, blocked, seconds = reads_during_refresh(wh)
            print(f"{label:10} idle {ms(idle)}; during a {seconds:.1f} s refresh "
                  f"({len(busy)} reads) {ms(busy)}; median busy/idle "
                  f"{statistics.median(busy) / statistics.median(idle):.1f}x"
                  + ("" if wh.is_duckdb else f"; reads that waited > 50 ms for a lock: {blocked}"))  # fmt: skip
        pooled, unpooled = pooled_overhead(pg)
        print(f"\nPG per query: pooled engine {1000 * pooled:.1f} ms, new engine per query "
              f"{1000 * unpooled:.1f} ms (ratio {unpooled / pooled:.1f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
