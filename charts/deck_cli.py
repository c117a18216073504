"""``python -m charts deck ID [ID ...] --out memo.pptx [--pdf memo.pdf]``: the memo deck
of a list of chart ids (``page/chart``, see ``python -m charts ids``), each drawn at its
page's defaults from the current warehouse. Unknown ids are listed and skipped.

Exit status: 0 written; 1 some ids unknown (the rest written) or no browser; 2 nothing
to write (no known chart, bad arguments)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from charts import deck, export, registry
from charts.provenance import direct_loader
from warehouse.connection import Warehouse
from warehouse.queries import meta


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("deck", help="a PowerPoint deck (and PDF) of chart ids, for cron")
    p.add_argument("ids", nargs="+", metavar="ID", help="chart ids page/chart (see: ids)")
    p.add_argument("--out", type=Path, help="the .pptx to write")
    p.add_argument("--pdf", type=Path, help="also (or only) write this PDF")
    p.add_argument("--aspect", choices=sorted(export.ASPECTS), default=export.DEFAULT_ASPECT)
    p.add_argument("--db", help="warehouse URL (default: the configured warehouse)")


def run(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    if not args.out and not args.pdf:
        print("error: give --out memo.pptx and/or --pdf memo.pdf", file=out)
        return 2
    wh = Warehouse(args.db) if args.db else Warehouse()
    specs, missing = registry.resolve(list(args.ids), direct_loader(wh))
    for cid in missing:
        print(f"skipped {cid}: no such chart (or no data); see `python -m charts ids`", file=out)
    if not specs:
        print("error: none of the ids is a chart with data; nothing written", file=out)
        return 2
    try:
        built = deck.build(
            specs, meta.sources(wh), pptx=bool(args.out), pdf=bool(args.pdf), aspect=args.aspect
        )
    except export.BrowserUnavailable as exc:
        print(f"error: {exc}", file=out)
        return 1
    for path, data in ((args.out, built.pptx), (args.pdf, built.pdf)):
        if path and data:
            tmp = path.with_name(path.name + ".part")
            tmp.write_bytes(data)
            tmp.replace(path)
            print(f"wrote {path} ({len(data):,} bytes, {len(built.charts)} chart(s))", file=out)
    return 1 if missing else 0
