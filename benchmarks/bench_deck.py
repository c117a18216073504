"""Benchmark: a memo deck of 10 charts (PowerPoint, one browser session) against 10
separate cold single-chart PNG exports (one browser session each, one after the other).

Run: python benchmarks/bench_deck.py [--db URL] [--repeat R]
The charts are the first 10 with data of the landscape, model APIs and hardware pages
(an analyst's memo from three pages). The in-process image cache is cleared before
every export, so nothing is reused. Also times the PDF and both files from one click
each. Prints seconds and the ratio deck / single PNGs (goal: <= 0.4). Needs Chromium.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_export import cold, timed  # noqa: E402

from charts import deck, export, memo, registry  # noqa: E402
from charts.provenance import direct_loader  # noqa: E402
from charts.spec import ChartSpec  # noqa: E402
from warehouse.connection import Warehouse  # noqa: E402
from warehouse.queries import meta  # noqa: E402

PAGES = ("landscape", "model_apis", "hardware")
N_CHARTS = 10


def ten_charts(wh: Warehouse) -> list[ChartSpec]:
    load = direct_loader(wh)
    out: list[ChartSpec] = []
    for page in PAGES:
        out += memo.unique_specs(registry.specs_for(page, load))
    return out[:N_CHARTS]


def deck_seconds(specs: list[ChartSpec], wh: Warehouse, pptx: bool, pdf: bool) -> float:
    cold()
    sources = meta.sources(wh)
    return timed(lambda: deck.build(specs, sources, pptx=pptx, pdf=pdf))


def singles_seconds(specs: list[ChartSpec]) -> float:
    total = 0.0
    for spec in specs:
        cold()
        total += timed(lambda s=spec: export.render(s, "png"))
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="warehouse URL (default: build the offline snapshot)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    problem = export.browser_problem()
    if problem:
        print(problem)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            wh = Warehouse(args.db)
        else:
            from ingest.runner import refresh

            wh = Warehouse(f"duckdb:///{tmp}/bench.duckdb")
            refresh(wh, offline=True, archive_dir=None)
        specs = ten_charts(wh)
        print(f"{len(specs)} charts from {', '.join(PAGES)}; best and median of {args.repeat} runs")
        rows = [
            (
                "deck (PPTX), one browser session",
                [deck_seconds(specs, wh, True, False) for _ in range(args.repeat)],
            ),
            (
                "PDF, one browser session",
                [deck_seconds(specs, wh, False, True) for _ in range(args.repeat)],
            ),
            (
                "PPTX + PDF, one browser session",
                [deck_seconds(specs, wh, True, True) for _ in range(args.repeat)],
            ),
            (
                "10 single PNG exports, cold, one at a time",
                [singles_seconds(specs) for _ in range(args.repeat)],
            ),
        ]
    for label, runs in rows:
        print(f"{label:44} best {min(runs):7.2f} s   median {statistics.median(runs):7.2f} s")
    singles = statistics.median(rows[-1][1])
    for label, runs in rows[:-1]:
        print(f"ratio {label} / 10 single PNGs (median): {statistics.median(runs) / singles:.2f}")
    print("goal: deck (PPTX) / 10 single PNGs <= 0.40")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
