"""Benchmark: a memo pack of N charts (one browser session) against N separate cold
single-chart exports (one browser session each, one after the other).

Run: python benchmarks/bench_export.py [--db URL] [--page PAGE ...] [--repeat R]
Both sides render the same images (each chart as PNG at 2x and SVG, 16:9, including the
probe that places the footer) with the in-process image cache cleared before every
export, so nothing is reused. Also times N*2 cold one-image exports (what a user
clicking PNG then SVG on every chart would cost without the cache). Prints seconds
and the ratio pack / separate (goal: <= 0.3). Needs Chromium.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from charts import export, memo, registry  # noqa: E402
from charts.provenance import direct_loader  # noqa: E402
from charts.spec import ChartSpec  # noqa: E402
from warehouse.connection import Warehouse  # noqa: E402
from warehouse.queries import meta  # noqa: E402


def cold() -> None:
    export.CACHE.clear()
    export._BOXES.clear()


def timed(fn) -> float:  # noqa: ANN001
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def pack_seconds(specs: list[ChartSpec], wh: Warehouse) -> float:
    cold()
    sources = meta.sources(wh)
    return timed(lambda: memo.build_pack(specs, name="bench", sources=sources).to_zip())


def separate_seconds(specs: list[ChartSpec], formats: tuple[str, ...]) -> float:
    """One cold browser session per chart (both formats), one chart after the other."""
    total = 0.0
    for spec in specs:
        cold()
        total += timed(lambda s=spec: export.render_many([export.Job(s, f) for f in formats]))
    return total


def per_image_seconds(specs: list[ChartSpec], formats: tuple[str, ...]) -> float:
    """One cold browser session per image."""
    total = 0.0
    for spec in specs:
        for fmt in formats:
            cold()
            total += timed(lambda s=spec, f=fmt: export.render(s, f))
    return total


def charts(wh: Warehouse, pages: list[str]) -> list[ChartSpec]:
    load = direct_loader(wh)
    out: list[ChartSpec] = []
    for page in pages:
        out += memo.unique_specs(registry.specs_for(page, load))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="warehouse URL (default: build the offline snapshot)")
    parser.add_argument("--page", action="append", dest="pages", help="default: hardware, edge")
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
        pages = args.pages or [p for p in ("hardware", "edge") if p in registry.pages()]
        specs = charts(wh, pages)
        formats = memo.PACK_FORMATS
        print(
            f"{len(specs)} charts from {', '.join(pages)}; formats {'+'.join(formats)}, "
            f"{export.DEFAULT_ASPECT}; best and median of {args.repeat} runs"
        )
        pack = [pack_seconds(specs, wh) for _ in range(args.repeat)]
        separate = [separate_seconds(specs, formats) for _ in range(args.repeat)]
        images = [per_image_seconds(specs, formats) for _ in range(args.repeat)]
    rows = [
        ("memo pack, one browser session", pack),
        ("N single-chart exports, cold, one at a time", separate),
        ("N*2 single-image exports, cold, one at a time", images),
    ]
    for label, runs in rows:
        print(f"{label:48} best {min(runs):7.2f} s   median {statistics.median(runs):7.2f} s")
    ratio = statistics.median(pack) / statistics.median(separate)
    ratio_images = statistics.median(pack) / statistics.median(images)
    print(f"ratio pack / single-chart exports (median): {ratio:.2f}  (goal <= 0.30)")
    print(f"ratio pack / single-image exports (median): {ratio_images:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
