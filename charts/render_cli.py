"""``python -m charts render|deck|ids|pages``: charts and memo decks for cron.

``render``: every chart of every page (or the chosen pages) from the current warehouse
into a folder, in the memo theme, plus one memo pack ZIP per page. ``deck``: a
PowerPoint deck and/or PDF of a list of chart ids (``charts.deck_cli``).

Runs without Streamlit (for cron). All images of a run are rendered in ONE browser
session. Exit status: 0 if everything was written, 1 if a page failed or no browser was
found (CSVs and packs without images are still written), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import pandas as pd

from charts import deck_cli, export, memo, registry
from charts.csv import safe_csv
from charts.provenance import direct_loader
from charts.spec import ChartSpec
from warehouse.connection import Warehouse, data_dir
from warehouse.logs import setup_logging
from warehouse.queries import meta

DEFAULT_OUT = data_dir() / "charts"
log = logging.getLogger("atlas.charts")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m charts", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    render = sub.add_parser("render", help="render charts and memo packs into a folder")
    render.add_argument(
        "--page",
        action="append",
        dest="pages",
        metavar="PAGE",
        help="a page with a chart set (repeatable; default: all)",
    )
    render.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})"
    )
    render.add_argument("--aspect", choices=sorted(export.ASPECTS), default=export.DEFAULT_ASPECT)
    render.add_argument(
        "--formats",
        type=_formats,
        default=export.FORMATS,
        help="comma-separated subset of png,svg,pdf (default: all three)",
    )
    render.add_argument(
        "--db", help="warehouse URL (default: ATLAS_DATABASE_URL or the configured warehouse)"
    )
    sub.add_parser("pages", help="list the pages with a chart set")
    ids = sub.add_parser("ids", help="list the chart ids (page/chart) for decks and links")
    ids.add_argument("--page", action="append", dest="pages", metavar="PAGE")
    ids.add_argument("--db", help="warehouse URL")
    deck_cli.add_parser(sub)
    return parser.parse_args(argv)


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    bad = [f for f in chosen if f not in export.FORMATS]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {', '.join(bad) or '(none)'}; choose from "
            + ",".join(export.FORMATS)
        )
    return chosen


def collect(
    pages: Sequence[str], wh: Warehouse, out: TextIO
) -> tuple[dict[str, list[ChartSpec]], list[str]]:
    """Draw each page's charts at its DEFAULTS. One failing page does not stop the rest."""
    load = direct_loader(wh)
    drawn: dict[str, list[ChartSpec]] = {}
    failed: list[str] = []
    for i, page in enumerate(pages, 1):
        t0 = time.perf_counter()
        try:
            specs = registry.specs_for(page, load)
        except Exception as exc:  # report and go on with the other pages
            failed.append(page)
            print(f"FAILED {page}: {type(exc).__name__}: {exc}", file=out)
            log.error("page %d/%d %s failed: %s: %s", i, len(pages), page, type(exc).__name__, exc)
            continue
        drawn[page] = memo.unique_specs(specs)
        log.info(
            "page %d/%d %s: %d chart(s) drawn in %.1f s",
            i,
            len(pages),
            page,
            len(drawn[page]),
            time.perf_counter() - t0,
        )
        empty = len(specs) - len(drawn[page])
        print(
            f"{page}: {len(drawn[page])} chart(s)"
            + (f", {empty} without data skipped" if empty else ""),
            file=out,
        )
    return drawn, failed


def render_all(
    drawn: dict[str, list[ChartSpec]], formats: Sequence[str], aspect: str, out: TextIO
) -> tuple[dict[tuple[str, str, str], bytes], str]:
    """Every image of every page in one browser session: {(page, chart, fmt): bytes}.
    Returns the images and the no-browser message ('' if images were drawn); a chart
    that fails to render is reported and left out."""
    wanted = list(dict.fromkeys([*formats, *memo.PACK_FORMATS]))
    keys = [(p, s, f) for p, specs in drawn.items() for s in specs for f in wanted]
    jobs = [export.Job(spec, fmt, aspect) for _, spec, fmt in keys]
    if not jobs:
        return {}, ""
    log.info("rendering %d image(s) of %d page(s) in one browser session", len(jobs), len(drawn))
    try:
        results = export.render_results(jobs)
    except export.BrowserUnavailable as exc:
        return {}, str(exc)
    images: dict[tuple[str, str, str], bytes] = {}
    for (page, spec, fmt), result in zip(keys, results, strict=True):
        if isinstance(result, bytes):
            images[page, spec.name, fmt] = result
        elif fmt == wanted[0]:  # report a chart's failure once
            print(f"FAILED {page}/{spec.name}: {type(result).__name__}: {result}", file=out)
    return images, ""


def write_page(
    page: str,
    specs: list[ChartSpec],
    images: dict[tuple[str, str, str], bytes],
    args: argparse.Namespace,
    sources: pd.DataFrame,
) -> list[Path]:
    """The page's charts into ``<out>/<page>/`` and its memo pack to ``<out>/<page>.zip``."""
    folder = args.out / page
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for spec in specs:
        for fmt in args.formats:
            if (page, spec.name, fmt) in images:
                written.append(
                    _write(folder / export.file_name(spec, fmt), images[page, spec.name, fmt])
                )
        written.append(_write(folder / export.file_name(spec, "csv"), safe_csv(spec.data)))

    def cached(jobs: Sequence[export.Job]) -> list[bytes]:
        found = [images.get((page, j.spec.name, j.fmt)) for j in jobs]
        if any(b is None for b in found):
            raise export.BrowserUnavailable(export.browser_problem() or "images not rendered")
        return [b for b in found if b is not None]

    pack = memo.build_pack(
        specs,
        name=page.replace("_", " ").title(),
        sources=sources,
        aspect=args.aspect,
        render=cached,
    )
    written.append(_write(args.out / f"{page}.zip", pack.to_zip()))
    return written


def _write(path: Path, data: bytes) -> Path:
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)  # a reader never sees half a file
    return path


def run(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    known = registry.pages()
    pages = args.pages or known
    unknown = [p for p in pages if p not in known]
    if unknown:
        print(
            f"Unknown page(s): {', '.join(unknown)}. Pages with charts: {', '.join(known)}",
            file=out,
        )
        return 2
    wh = Warehouse(args.db) if args.db else Warehouse()
    problem = export.browser_problem()
    if problem:
        print(f"WARNING: {problem}", file=out)
    drawn, failed = collect(pages, wh, out)
    images, problem = render_all(drawn, args.formats, args.aspect, out)
    sources = meta.sources(wh)
    total = 0
    for page, specs in drawn.items():
        paths = write_page(page, specs, images, args, sources)
        total += len(paths)
        log.info("page %s: wrote %d file(s) to %s", page, len(paths), args.out / page)
        for path in paths:
            print(f"wrote {path} ({path.stat().st_size:,} bytes)", file=out)
    print(
        f"{total} file(s) for {len(drawn)} page(s) in {args.out}"
        + (f"; FAILED: {', '.join(failed)}" if failed else "")
        + ("; no images: no browser" if problem else ""),
        file=out,
    )
    return 1 if failed or problem else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    setup_logging()
    if args.command == "pages":
        print("\n".join(registry.pages()))
        return 0
    if args.command == "ids":
        wh = Warehouse(args.db) if args.db else Warehouse()
        print("\n".join(registry.all_ids(direct_loader(wh), args.pages)))
        return 0
    if args.command == "deck":
        return deck_cli.run(args)
    return run(args)
