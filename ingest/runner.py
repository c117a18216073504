"""Refresh: for each source, get payloads -> archive -> parse -> validate -> write.

Each source is written in its own transaction; a failing source is recorded in
``ingest_runs`` with its error, its previous data stays, and the others go on.
A payload whose sha256 was already loaded for that source adds nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from ingest.base import ParseError, ParseResult, Payload, Source, now_utc
from ingest.http import FetchError
from ingest.registry import all_sources
from ingest.rows import ROW_TABLES, RowError, row_columns, row_values
from ingest.validate import Held, check_ranges, guard_anomalies
from warehouse.connection import Session, Warehouse, data_dir
from warehouse.migrate import ensure_schema, materialize

ARCHIVE_DIR = data_dir() / "archive"
log = logging.getLogger("atlas.ingest")

# Errors that mean "this source failed", as opposed to a bug in the runner.
SOURCE_ERRORS = (FetchError, ParseError, RowError, ValueError, KeyError, OSError)


@dataclass
class SourceResult:
    source: str
    status: str = "ok"  # ok | failed | skipped
    payloads: int = 0
    rows_in: int = 0
    rows_new: int = 0
    rows_held: int = 0
    skipped: Counter = field(default_factory=Counter)
    error: str = ""
    seconds: float = 0.0
    held: list[Held] = field(default_factory=list)


def refresh(
    warehouse: Warehouse,
    names: Iterable[str] | None = None,
    *,
    offline: bool = False,
    archive_dir: Path | None = ARCHIVE_DIR,
    sources: dict[str, Source] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    fresh: bool = False,
) -> list[SourceResult]:
    """Refresh the named sources (all by default) and return one result per source.

    ``fresh``: build a new warehouse from nothing and swap it in at the end
    (``Warehouse.writer(fresh=True)``); the old one stays if the build fails."""
    registry = sources if sources is not None else all_sources()
    chosen = list(names) if names else list(registry)
    unknown = [n for n in chosen if n not in registry]
    if unknown:
        raise KeyError(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(registry)}")
    results = []
    with warehouse.writer(fresh=fresh) as session:
        ensure_schema(session)
        for i, name in enumerate(chosen):
            if progress:
                progress(name, i, len(chosen))
            results.append(_refresh_one(session, registry[name], offline, archive_dir))
        materialize(session)  # derived tables (latest prices, price changes) for the pages
        if progress:
            progress("done", len(chosen), len(chosen))
    return results


def _refresh_one(
    session: Session, source: Source, offline: bool, archive_dir: Path | None
) -> SourceResult:
    result = SourceResult(source.name)
    run_id = f"{now_utc():%Y%m%dT%H%M%S}-{source.name}-{uuid.uuid4().hex[:6]}"
    started = now_utc()
    t0 = time.perf_counter()
    _register_source(session, source)
    shas: list[str] = []
    archives: list[str] = []
    try:
        payloads = source.load_snapshot() if offline else source.fetch()
        if not payloads:
            raise ParseError("the source returned no payload")
        with session.transaction():
            for payload in payloads:
                sha, archive = _load_payload(session, source, payload, run_id, result, archive_dir)
                shas.append(sha)
                archives.append(archive)
        if result.rows_new == 0 and result.rows_in == 0 and result.payloads == 0:
            result.status = "skipped"
    except SOURCE_ERRORS as exc:
        result.status = "failed"
        result.error = f"{exc.__class__.__name__}: {exc}"
        result.rows_new = 0
    result.seconds = time.perf_counter() - t0
    _record_run(session, source, run_id, started, result, offline, shas, archives)
    log.log(
        logging.WARNING if result.status == "failed" else logging.INFO,
        "%s: %s, %d payload(s), %d rows new, %d held back, %.2f s%s",
        source.name,
        result.status,
        result.payloads,
        result.rows_new,
        result.rows_held,
        result.seconds,
        f" ({result.error})" if result.error else "",
    )
    return result


def _load_payload(
    session: Session,
    source: Source,
    payload: Payload,
    run_id: str,
    result: SourceResult,
    archive_dir: Path | None,
) -> tuple[str, str]:
    sha = hashlib.sha256(payload.content).hexdigest()
    seen = session.query(
        "SELECT run_id FROM loaded_payloads WHERE source_id = :s AND sha256 = :h",
        {"s": source.name, "h": sha},
    )
    if not seen.empty:
        return sha, ""
    archive = _archive(source, payload, sha, archive_dir)
    parsed: ParseResult = source.parse(payload)
    if not parsed.rows:
        reasons = ", ".join(f"{k}: {v}" for k, v in parsed.skipped.items()) or "none"
        raise ParseError(
            f"{payload.name or payload.origin}: parsed 0 rows (skipped: {reasons}); "
            "the payload's layout may have changed"
        )
    result.payloads += 1
    result.rows_in += len(parsed.rows)
    result.skipped.update(parsed.skipped)
    _record_unmapped(session, run_id, source.name, parsed)
    new = 0
    for table, frame in _frames(parsed.rows, source.name, run_id, payload.observed_at).items():
        frame, held_range = check_ranges(table, frame)
        frame, held_anomaly = guard_anomalies(session, table, source.name, frame)
        for held in (held_range, held_anomaly):
            if held is not None:
                _record_held(session, run_id, source.name, held)
                result.held.append(held)
                result.rows_held += len(held.frame)
        new += session.insert_df(table, frame)
    result.rows_new += new
    session.execute(
        "INSERT INTO loaded_payloads VALUES (:s, :h, :r, :o, :t, :a, :n)",
        {
            "s": source.name,
            "h": sha,
            "r": run_id,
            "o": payload.origin,
            "t": payload.observed_at.replace(tzinfo=None),
            "a": archive,
            "n": new,
        },
    )
    return sha, archive


def _frames(
    rows: list, source_id: str, run_id: str, observed_at: datetime
) -> dict[str, pd.DataFrame]:
    """Group typed rows by table into DataFrames with provenance columns."""
    by_class: dict[type, list] = {}
    for row in rows:
        by_class.setdefault(type(row), []).append(row)
    frames = {}
    default_ts = pd.Timestamp(observed_at.replace(tzinfo=None))
    for cls, items in by_class.items():
        if cls not in ROW_TABLES:
            raise RowError(f"parser produced an unknown row type {cls.__name__}")
        df = pd.DataFrame([row_values(r) for r in items], columns=row_columns(cls))
        if "observed_at" in df.columns:
            ts = pd.to_datetime(df["observed_at"], utc=True, format="mixed").dt.tz_localize(None)
            df["observed_at"] = ts.where(ts.notna(), default_ts)
        else:
            df["observed_at"] = default_ts
        df["source_id"] = source_id
        df["run_id"] = run_id
        frames[ROW_TABLES[cls]] = df
    return frames


def _archive(source: Source, payload: Payload, sha: str, archive_dir: Path | None) -> str:
    """Keep the raw bytes of live payloads (bundled snapshots are already in the repo)."""
    if archive_dir is None or not payload.origin.startswith("http"):
        return payload.origin
    ext = Path(payload.name).suffix or ".bin"
    folder = archive_dir / source.name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{payload.observed_at:%Y-%m-%d}-{sha[:12]}{ext}.gz"
    if not path.exists():
        path.write_bytes(gzip.compress(payload.content))
    return str(path)


def _register_source(session: Session, source: Source) -> None:
    with session.transaction():  # readers never see the source missing
        session.execute("DELETE FROM sources WHERE source_id = :s", {"s": source.name})
        session.execute(
            "INSERT INTO sources VALUES (:s, :t, :u, :k, :l, :a, :d)",
            {
                "s": source.name,
                "t": source.title,
                "u": source.url,
                "k": source.kind,
                "l": source.license,
                "a": source.attribution,
                "d": source.description,
            },
        )


def _record_unmapped(session: Session, run_id: str, source_id: str, parsed: ParseResult) -> None:
    """Names the canon could not map (``ParseResult.unmapped``), for Data & sources."""
    if not parsed.unmapped:
        return
    frame = pd.DataFrame(
        [
            {"name_kind": k, "raw_name": raw, "n_rows": n}
            for (k, raw), n in sorted(parsed.unmapped.items())
        ]
    ).assign(run_id=run_id, source_id=source_id)
    session.insert_df("unmapped_names", frame)


def _record_held(session: Session, run_id: str, source_id: str, held: Held) -> None:
    frame = held.frame.assign(run_id=run_id, source_id=source_id, table_name=held.table)
    session.insert_df("held_back", frame)


def _record_run(
    session: Session,
    source: Source,
    run_id: str,
    started: datetime,
    result: SourceResult,
    offline: bool,
    shas: list[str],
    archives: list[str],
) -> None:
    session.execute(
        """INSERT INTO ingest_runs VALUES
           (:run, :src, :mode, :start, :end, :status, :rin, :rnew, :rheld, :skipped,
            :error, :sha, :archive, :origin)""",
        {
            "run": run_id,
            "src": source.name,
            "mode": "offline" if offline else "live",
            "start": started.replace(tzinfo=None),
            "end": now_utc().replace(tzinfo=None),
            "status": result.status,
            "rin": result.rows_in,
            "rnew": result.rows_new,
            "rheld": result.rows_held,
            "skipped": json.dumps(dict(result.skipped), sort_keys=True),
            "error": result.error or None,
            "sha": ",".join(shas) or None,
            "archive": ",".join(a for a in archives if a) or None,
            "origin": source.url,
        },
    )
