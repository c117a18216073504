"""``python -m ingest brief``: the brief since the previous one (or for ``--since`` /
``--until``), saved under the data directory and posted to the configured webhook.

Exit status: 0 written (and posted, if configured); 1 written but a webhook post failed
(kept in the outbox for the next run); 2 bad arguments."""

from __future__ import annotations

import argparse
import logging
from datetime import date
from pathlib import Path
from typing import TextIO

from brief import facts, generate, store
from charts.provenance import direct_loader
from warehouse.connection import Warehouse


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


def _pct(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from exc
    if not 0 <= value < 1000:
        raise argparse.ArgumentTypeError("the threshold is a percent between 0 and 1000")
    return value


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("brief", help="write the weekly brief (Markdown + HTML) and post it")
    p.add_argument("--since", type=_day, help="first data day (default: after the previous brief)")
    p.add_argument("--until", type=_day, help="last data day (default: the newest data day)")
    p.add_argument(
        "--threshold",
        type=_pct,
        default=facts.DEFAULT_THRESHOLD_PCT,
        help=f"smallest price move reported, percent (default {facts.DEFAULT_THRESHOLD_PCT:g})",
    )
    p.add_argument(
        "--out", type=Path, help=f"folder (default: ATLAS_BRIEF_DIR or {store.DEFAULT_DIR})"
    )
    p.add_argument("--no-post", action="store_true", help="do not post to the webhook")
    p.add_argument("--no-charts", action="store_true", help="no chart images (no browser needed)")


def run(args: argparse.Namespace, warehouse: Warehouse, out: TextIO) -> int:
    if args.since and args.until and args.until < args.since:
        print(f"error: --until {args.until} is before --since {args.since}", file=out)
        return 2
    folder = args.out or store.brief_dir()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.getLogger("brief").addHandler(handler)
    logging.getLogger("brief").setLevel(logging.INFO)
    result = generate.build(
        direct_loader(warehouse),
        folder,
        start=args.since,
        end=args.until,
        threshold_pct=args.threshold,
        charts=not args.no_charts,
    )
    generate.save_and_post(result, folder, post=not args.no_post)
    saved = result.saved
    assert saved is not None
    print(f"brief {result.brief.label}: {saved.md} and {saved.html}", file=out)
    print(result.summary, file=out)
    if result.chart_note:
        print(f"WARNING: charts not embedded: {result.chart_note}", file=out)
    failed = [d for d in result.deliveries or [] if not d.ok]
    for d in result.deliveries or []:
        state = "posted" if d.ok else "FAILED to post (kept in the outbox, retried next run)"
        print(f"webhook: {d.name} {state}: {d.detail}", file=out)
    return 1 if failed else 0
