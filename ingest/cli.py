"""Command line: ``python -m ingest refresh|status|sources|record|brief``.

Exit codes: 0 all loaded; 1 a source failed or was held as suspect (its previous data is
kept); 2 the run could not start or the warehouse failed (nothing from it was kept)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from brief import cli as brief_cli
from ingest.registry import all_sources, get_source
from ingest.runner import SourceResult, WarehouseFailure, failure_marker, refresh
from warehouse.connection import Warehouse, WarehouseBusy
from warehouse.logs import setup_logging
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
        help="build a new warehouse (a DuckDB file or a PostgreSQL schema) from the bundled snapshot and every archived payload "
        "(data/archive/), and swap it in only when complete (asks first; all sources)",
    )
    ref.add_argument("--yes", action="store_true", help="do not ask before --rebuild")
    ref.add_argument(
        "--accept-suspect",
        action="store_true",
        help="load the named sources' payloads even if they look suspicious "
        "(far fewer rows, a field gone, a body cut short)",
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
    log = setup_logging()
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
    except (WarehouseBusy, SchemaError, WarehouseFailure) as exc:
        log.error("%s", exc)
        console.print(f"[red]error:[/red] {escape(str(exc))}")
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
    if args.accept_suspect and not args.sources:
        console.print("[red]error:[/red] --accept-suspect needs the source(s) to accept, by name")
        return 2
    if args.rebuild:
        if args.sources:
            console.print(
                "[red]error:[/red] --rebuild rebuilds every source (a partial rebuild would "
                "drop the others' history); run it without source names"
            )
            return 2
        if not _confirm_rebuild(console, warehouse, args.yes):
            return 2
    accept = set(args.sources) if args.accept_suspect else set()
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

        if args.rebuild:
            from ingest.rebuild import RebuildRefused, rebuild

            try:
                results = rebuild(warehouse, progress=progress, accept_suspect=accept)
            except RebuildRefused as exc:
                console.print(f"error: {exc}", markup=False, highlight=False)
                return 2
            if not args.offline:
                results = refresh(warehouse, progress=progress)
        else:
            results = refresh(
                warehouse, args.sources, offline=args.offline, progress=progress,
                accept_suspect=accept,
            )  # fmt: skip
    console.print(summary_table(results, "offline" if args.offline else "live"))
    logging.getLogger("atlas.ingest").info(
        "refresh of %d source(s) into %s finished: %d rows new, %d failed",
        len(results),
        warehouse.display_url,
        sum(r.rows_new for r in results),
        sum(r.status == "failed" for r in results),
    )
    failed = [r for r in results if r.status == "failed"]
    suspect = [r for r in results if r.status == "suspect"]
    held = sum(r.rows_held for r in results)
    if held:
        console.print(f"[yellow]{held} row(s) held back[/yellow] (see the held_back table).")
    for r in suspect:
        console.print(f"[yellow]{r.source} held as suspect:[/yellow]", end=" ")
        console.print(r.error, markup=False, highlight=False)
    if failed:
        console.print(f"[red]{len(failed)} source(s) failed[/red]; their previous data is kept.")
    return 1 if failed or suspect else 0


def _confirm_rebuild(console: Console, warehouse: Warehouse, yes: bool) -> bool:
    """Say what --rebuild will do; go on only with --yes or a typed "y"."""
    from ingest.rebuild import plan

    p = plan(warehouse)
    current = "no warehouse yet" if p.current_rows is None else f"{p.current_rows:,} rows"
    kept = "file" if warehouse.path is not None else "schema"
    console.print(
        f"Rebuild {warehouse.display_url} ({current}) from {p.snapshot_files} bundled "
        f"snapshot file(s) and {p.archived} archived payload(s). The current {kept} stays "
        "until the new one is complete. Saved scenarios are kept (they are not in the "
        "warehouse).",
        markup=False,
        highlight=False,
    )
    if yes:
        return True
    if not sys.stdin.isatty():
        console.print("[red]error:[/red] not a terminal: pass --yes to rebuild without asking")
        return False
    return console.input("Rebuild now? [y/N] ").strip().lower() in ("y", "yes")


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
    colour = {"ok": "green", "failed": "red", "skipped": "yellow", "suspect": "yellow"}
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
            Text((r.error or "")[:120]),
        )
    return table


def _missing(value: object) -> bool:
    """None, NaN, NaT or pd.NA (a scalar; pd.isna of a list would be elementwise)."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


STATUS_CELL_CHARS = 300  # an error text is cut for the table; ingest_runs keeps 2,000


def _print_status(console: Console, warehouse: Warehouse) -> None:
    marker = failure_marker(warehouse)
    if marker is not None and marker.exists():
        note = json.loads(marker.read_text())
        console.print(
            Text(f"LAST REFRESH FAILED at {note['at']}: {note['error']}"[:2000], style="red")
        )
    df = source_status(warehouse)
    table = Table(title=f"Sources in {warehouse.display_url}")
    for col in df.columns:
        if col == "source_id":  # never cut a source's name, however narrow the terminal
            width = max([len(col), *(len(str(v)) for v in df[col])])
            table.add_column(col, no_wrap=True, min_width=width)
        else:
            table.add_column(col, overflow="fold")
    for row in df.itertuples(index=False):
        table.add_row(*(Text("" if _missing(v) else str(v)[:STATUS_CELL_CHARS]) for v in row))
    console.print(table)
    _print_suspects(console, warehouse)


def _print_suspects(console: Console, warehouse: Warehouse) -> None:
    """Sources whose latest run was held as suspect, with the reason."""
    held = warehouse.query(
        """SELECT source_id, finished_at, error FROM (
               SELECT source_id, finished_at, status, error, ROW_NUMBER() OVER (
                   PARTITION BY source_id ORDER BY finished_at DESC) AS rn
               FROM ingest_runs WHERE status <> 'skipped') t
           WHERE rn = 1 AND status = 'suspect' ORDER BY source_id"""
    )
    for source_id, at, error in held.itertuples(index=False):
        console.print(
            Text(
                f"{source_id}: held as suspect at {at}: {str(error)[:STATUS_CELL_CHARS]}", "yellow"
            )
        )


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
