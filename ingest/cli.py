"""Command line: ``python -m ingest refresh|status|sources|record|brief``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from brief import cli as brief_cli
from ingest.registry import all_sources, get_source
from ingest.runner import SourceResult, refresh
from warehouse.connection import Warehouse, WarehouseBusy
from warehouse.migrate import SchemaError
from warehouse.status import source_status

FIXTURE_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "recorded"


def _parser() -> argparse.ArgumentParser:
    names = list(all_sources())
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__)
    parser.add_argument("--db", help="warehouse URL (default: ATLAS_DATABASE_URL or data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    ref = sub.add_parser("refresh", help="fetch sources and load them into the warehouse")
    ref.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help=f"sources to refresh (default: all). Choices: {', '.join(names)}",
    )
    ref.add_argument(
        "--offline",
        action="store_true",
        help="load the bundled snapshot in data/snapshots instead of fetching",
    )
    ref.add_argument(
        "--rebuild",
        action="store_true",
        help="delete the DuckDB file first and rebuild it from scratch",
    )
    sub.add_parser("status", help="per source: last success, last failure, rows, age")
    sub.add_parser("sources", help="list registered sources")
    rec = sub.add_parser("record", help="fetch a source live and save the payload as a fixture")
    rec.add_argument("source", choices=names)
    rec.add_argument("--out", type=Path, default=FIXTURE_DIR)
    brief_cli.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A wide table even when the output goes to a log file (cron), not a terminal.
    console = Console(width=None if sys.stdout.isatty() else 160)
    warehouse = Warehouse(args.db)
    try:
        if args.command == "refresh":
            return _refresh(console, warehouse, args)
        if args.command == "status":
            _print_status(console, warehouse)
            return 0
        if args.command == "sources":
            _print_sources(console)
            return 0
        if args.command == "record":
            return _record(console, args.source, args.out)
        if args.command == "brief":
            return brief_cli.run(args, warehouse, sys.stdout)
    except (WarehouseBusy, SchemaError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        return 2
    return 1


def _refresh(console: Console, warehouse: Warehouse, args: argparse.Namespace) -> int:
    unknown = [s for s in args.sources if s not in all_sources()]
    if unknown:
        console.print(
            f"[red]error:[/red] unknown source(s) {', '.join(unknown)}. "
            f"Known: {', '.join(all_sources())}"
        )
        return 2
    if args.rebuild and warehouse.path is not None:
        warehouse.path.unlink(missing_ok=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("refresh", total=len(args.sources or all_sources()))

        def progress(name: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=name)

        results = refresh(warehouse, args.sources, offline=args.offline, progress=progress)
    console.print(summary_table(results, "offline" if args.offline else "live"))
    failed = [r for r in results if r.status == "failed"]
    held = sum(r.rows_held for r in results)
    if held:
        console.print(f"[yellow]{held} row(s) held back[/yellow] (see the held_back table).")
    if failed:
        console.print(f"[red]{len(failed)} source(s) failed[/red]; their previous data is kept.")
        return 1
    return 0


def summary_table(results: list[SourceResult], mode: str) -> Table:
    table = Table(title=f"Refresh summary ({mode})")
    for col in (
        "source",
        "status",
        "payloads",
        "rows in",
        "rows new",
        "held",
        "skipped",
        "seconds",
        "error",
    ):
        table.add_column(
            col,
            justify="right"
            if col in {"payloads", "rows in", "rows new", "held", "skipped", "seconds"}
            else "left",
        )
    colour = {"ok": "green", "failed": "red", "skipped": "yellow"}
    for r in results:
        table.add_row(
            r.source,
            f"[{colour[r.status]}]{r.status}[/]",
            str(r.payloads),
            f"{r.rows_in:,}",
            f"{r.rows_new:,}",
            str(r.rows_held),
            f"{sum(r.skipped.values()):,}",
            f"{r.seconds:.2f}",
            (r.error or "")[:120],
        )
    return table


def _print_status(console: Console, warehouse: Warehouse) -> None:
    df = source_status(warehouse)
    table = Table(title=f"Sources in {warehouse.url}")
    for col in df.columns:
        table.add_column(col)
    for row in df.itertuples(index=False):
        table.add_row(*("" if v is None or v != v else str(v) for v in row))
    console.print(table)


def _print_sources(console: Console) -> None:
    table = Table(title="Registered sources")
    for col in ("name", "kind", "title", "url", "license"):
        table.add_column(col)
    for s in all_sources().values():
        table.add_row(s.name, s.kind, s.title, s.url, s.license)
    console.print(table)


def _record(console: Console, name: str, out: Path) -> int:
    """Fetch live and store the payload(s) as fixtures for a parser test."""
    source = get_source(name)
    payloads = source.fetch()
    out.mkdir(parents=True, exist_ok=True)
    for p in payloads:
        target = out / f"{name}-{p.observed_at:%Y-%m-%d}-{p.name}"
        target.write_bytes(p.content)
        rows = len(source.parse(p).rows)
        console.print(f"recorded {target} ({len(p.content):,} bytes, parses to {rows:,} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
