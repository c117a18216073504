"""Benchmark: weekly brief generation at 1x and at 100x history.

Run: python benchmarks/bench_brief.py [--repeat R] [--charts]
The 100x warehouse is the one of bench_pages.py (every price and benchmark observation
copied 99 more times, dates shifted back 1..99 weeks, derived tables rebuilt). Times
``brief.generate.build`` (every query, the facts, Markdown and HTML; with --charts the
two chart images too) for the default period (the newest 7 days of data) and for
2026-07-25..2026-08-08. Goal: 100x / 1x <= 1.5.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_export import cold, timed  # noqa: E402
from bench_pages import build  # noqa: E402

from brief import generate  # noqa: E402
from charts.provenance import direct_loader  # noqa: E402
from warehouse.connection import Warehouse  # noqa: E402

RANGES = {
    "default (newest 7 days)": (None, None),
    "2026-07-25..2026-08-08": (date(2026, 7, 25), date(2026, 8, 8)),
}


def seconds(
    wh: Warehouse, folder: Path, start: date | None, end: date | None, charts: bool
) -> float:
    cold()
    load = direct_loader(wh)
    return timed(lambda: generate.build(load, folder, start=start, end=end, charts=charts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--charts", action="store_true", help="include the chart images")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one, hundred = build(Path(tmp))
        folder = Path(tmp) / "briefs"  # empty: no previous brief
        print(f"\n{'period':26} {'1x (s)':>8} {'100x (s)':>9} {'ratio':>6}")
        for label, (start, end) in RANGES.items():
            seconds(one, folder, start, end, args.charts)  # warm imports
            a = statistics.median(
                seconds(one, folder, start, end, args.charts) for _ in range(args.repeat)
            )
            b = statistics.median(
                seconds(hundred, folder, start, end, args.charts) for _ in range(args.repeat)
            )
            print(f"{label:26} {a:8.3f} {b:9.3f} {b / a:6.2f}")
    print("goal: ratio <= 1.5")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
