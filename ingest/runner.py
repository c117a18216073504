"""Refresh: for each source, get payloads -> archive -> parse -> check -> write.

Each source is written in its own transaction. Whatever goes wrong with one source
(network, a malformed or hostile payload, a parser bug) fails that source only: the
error type and a bounded message go to ``ingest_runs``, the full traceback to the
log, its previous data stays, and the others go on. A payload that looks broken
(``ingest.suspect``) is held and the source marked "suspect". Only a failure of the
warehouse itself stops the run; the run is then recorded as failed (in a fresh writer,
or in a marker file next to the warehouse when even that fails).

A payload whose sha256 was already loaded adds nothing; a row whose natural key is
already stored (``ingest.dedupe``) is not inserted again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from ingest import fx, http, suspect
from ingest.archive import archive_payload as _archive
from ingest.base import ParseError, ParseResult, Payload, Source, now_utc
from ingest.dedupe import drop_loaded
from ingest.registry import all_sources
from ingest.rows import ROW_TABLES, RowError, row_columns, row_values
from ingest.validate import Held, check_ranges, guard_anomalies
from warehouse.connection import Session, Warehouse, WarehouseBusy, data_dir
from warehouse.migrate import SchemaError, ensure_schema, materialize

ARCHIVE_DIR = data_dir() / "archive"  # for a warehouse that is not a DuckDB file
DEFAULT = Path("<beside the warehouse>")  # sentinel: archive_dir_for(warehouse)
MAX_ERROR_CHARS = 2_000
MAX_ROWS_PER_PAYLOAD = int(os.environ.get("ATLAS_MAX_ROWS_PER_PAYLOAD", "1000000"))
FAILURE_MARKER = "last_refresh_failure.json"
log = logging.getLogger("atlas.ingest")

# Errors of the warehouse itself (disk, file, connection): they stop the run.
WAREHOUSE_ERRORS: tuple[type[BaseException], ...] = (
    duckdb.IOException,
    duckdb.FatalException,
    duckdb.InternalException,
    duckdb.OutOfMemoryException,
)
try:  # the PostgreSQL path: a lost connection is not the source's fault
    from sqlalchemy.exc import InterfaceError, InternalError, OperationalError

    WAREHOUSE_ERRORS += (OperationalError, InterfaceError, InternalError)
except ImportError:  # pragma: no cover - sqlalchemy is a dependency
    pass


class WarehouseFailure(RuntimeError):
    """The warehouse itself failed: the run stopped and nothing from it was kept."""


@dataclass
class SourceResult:
    source: str
    status: str = "ok"  # ok | failed | skipped | suspect
    payloads: int = 0
    rows_in: int = 0
    rows_new: int = 0
    rows_held: int = 0
    skipped: Counter = field(default_factory=Counter)
    error: str = ""
    seconds: float = 0.0
    held: list[Held] = field(default_factory=list)


def archive_dir_for(warehouse: Warehouse) -> Path:
    """``archive/`` beside the DuckDB file (``data/archive`` by default), so a warehouse
    elsewhere (a test's, a team's data directory) keeps its own raw payloads."""
    return ARCHIVE_DIR if warehouse.path is None else warehouse.path.parent / "archive"


def error_text(exc: BaseException, limit: int = MAX_ERROR_CHARS) -> str:
    """``Type: message`` cut to ``limit`` characters (a payload echoed in an error
    message must not fill the warehouse or the terminal)."""
    text = f"{exc.__class__.__name__}: {exc}"
    if len(text) <= limit:
        return text
    cut = len(text) - (limit - 40)
    return f"{text[: limit - 40]} … [{cut:,} more characters in the log]"


def refresh(
    warehouse: Warehouse,
    names: Iterable[str] | None = None,
    *,
    offline: bool = False,
    archive_dir: Path | None = DEFAULT,
    sources: dict[str, Source] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    accept_suspect: Collection[str] = (),
    fresh: bool = False,
) -> list[SourceResult]:
    """Refresh the named sources (all by default) and return one result per source.

    ``accept_suspect`` names sources whose suspicious payloads load anyway. ``fresh``:
    build a new warehouse from nothing and swap it in at the end
    (``Warehouse.writer(fresh=True)``); the old one stays if the build fails. Raises
    WarehouseFailure (after recording the run as failed) when the warehouse fails."""
    registry = sources if sources is not None else all_sources()
    chosen = list(names) if names else list(registry)
    unknown = [n for n in chosen if n not in registry]
    if unknown:
        raise KeyError(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(registry)}")
    mode = "offline" if offline else "live"
    if archive_dir is DEFAULT:
        archive_dir = archive_dir_for(warehouse)

    def loader(source: Source) -> Callable[[], list[Payload]]:
        return source.load_snapshot if offline else source.fetch

    jobs = [(registry[n], loader(registry[n])) for n in chosen]
    return run_jobs(
        warehouse, jobs, mode=mode, archive_dir=archive_dir, progress=progress,
        accept_suspect=accept_suspect, fresh=fresh,
    )  # fmt: skip


def run_jobs(
    warehouse: Warehouse,
    jobs: list[tuple[Source, Callable[[], list[Payload]]]],
    *,
    mode: str,
    archive_dir: Path | None,
    progress: Callable[[str, int, int], None] | None = None,
    accept_suspect: Collection[str] = (),
    fresh: bool = False,
) -> list[SourceResult]:
    """Load each (source, payload getter) in one writer session (a new, empty warehouse
    when ``fresh``), then rebuild the derived tables."""
    results: list[SourceResult] = []
    try:
        with warehouse.writer(fresh=fresh) as session:
            ensure_schema(session)
            for i, (source, get_payloads) in enumerate(jobs):
                if progress:
                    progress(source.name, i, len(jobs))
                accept = source.name in accept_suspect
                results.append(
                    _refresh_one(session, source, get_payloads, mode, archive_dir, accept)
                )
            materialize(session)  # derived tables (latest prices, price changes)
    except (WarehouseBusy, SchemaError, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - source errors never get here: this is the warehouse
        failure = exc if isinstance(exc, WarehouseFailure) else WarehouseFailure(error_text(exc))
        log.error("refresh stopped: the warehouse failed", exc_info=exc)
        _record_aborted(warehouse, [s for s, _ in jobs], mode, str(failure))
        if failure is exc:
            raise
        raise failure from exc
    _clear_failure_marker(warehouse)
    if progress:
        progress("done", len(jobs), len(jobs))
    return results


def _refresh_one(
    session: Session,
    source: Source,
    get_payloads: Callable[[], list[Payload]],
    mode: str,
    archive_dir: Path | None,
    accept_suspect: bool,
) -> SourceResult:
    result = SourceResult(source.name)
    run_id = f"{now_utc():%Y%m%dT%H%M%S}-{source.name}-{uuid.uuid4().hex[:6]}"
    started = now_utc()
    t0 = time.perf_counter()
    _register_source(session, source)
    shas: list[str] = []
    archives: list[str] = []
    try:
        with http.limits(source.deadline_s or http.DEADLINE_S, source.max_bytes or http.MAX_BYTES):
            payloads = get_payloads()
        if not payloads:
            raise ParseError("the source returned no payload")
        with session.transaction():
            for payload in payloads:
                sha, archive = _load_payload(
                    session, source, payload, run_id, result, archive_dir, accept_suspect
                )
                shas.append(sha)
                archives.append(archive)
        if result.rows_new == 0 and result.rows_in == 0 and result.payloads == 0:
            result.status = "skipped"
    except suspect.Suspect as exc:
        _fail(result, "suspect", str(exc))
    except WAREHOUSE_ERRORS as exc:
        raise WarehouseFailure(f"while loading {source.name}: {error_text(exc)}") from exc
    except Exception as exc:  # noqa: BLE001 - one source's failure, whatever it is, is its own
        log.error("source %s failed", source.name, exc_info=exc)
        _fail(result, "failed", error_text(exc))
    result.seconds = time.perf_counter() - t0
    _record_run(session, source, run_id, started, result, mode, shas, archives)
    log.log(
        logging.INFO if result.status in ("ok", "skipped") else logging.WARNING,
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


def _fail(result: SourceResult, status: str, error: str) -> None:
    result.status = status
    result.error = error[:MAX_ERROR_CHARS]
    result.rows_new = result.rows_held = 0
    result.held.clear()


def _load_payload(
    session: Session,
    source: Source,
    payload: Payload,
    run_id: str,
    result: SourceResult,
    archive_dir: Path | None,
    accept_suspect: bool,
) -> tuple[str, str]:
    sha = hashlib.sha256(payload.content).hexdigest()
    seen = session.query(
        "SELECT run_id FROM loaded_payloads WHERE source_id = :s AND sha256 = :h",
        {"s": source.name, "h": sha},
    )
    if not seen.empty:
        return sha, ""
    archive = _archive(source, payload, sha, archive_dir)
    label = payload.name or payload.origin
    if not accept_suspect and (reason := suspect.truncation(payload)):
        raise suspect.Suspect(_suspect_message(source, label, reason))
    parsed: ParseResult = (
        source.parse_fx(payload, fx.load(session)) if source.parse_fx else source.parse(payload)
    )
    if not parsed.rows:
        reasons = ", ".join(f"{k}: {v}" for k, v in parsed.skipped.items()) or "none"
        raise ParseError(
            f"{label}: parsed 0 rows (skipped: {reasons}); the payload's layout may have changed"
        )
    cap = source.max_rows or MAX_ROWS_PER_PAYLOAD
    if len(parsed.rows) > cap:
        raise ParseError(
            f"{label}: parsed {len(parsed.rows):,} rows, more than the plausible "
            f"{cap:,} for one payload of this source; not loaded"
        )
    frames = _frames(parsed.rows, source.name, run_id, payload.observed_at)
    shape = suspect.profile(frames, payload)
    if not accept_suspect and (
        reason := suspect.check(shape, _previous(session, source, payload, run_id))
    ):
        raise suspect.Suspect(_suspect_message(source, label, reason))
    result.payloads += 1
    result.rows_in += len(parsed.rows)
    result.skipped.update(parsed.skipped)
    _record_unmapped(session, run_id, source.name, parsed)
    new = 0
    for table, frame in frames.items():
        fresh = drop_loaded(session, table, source.name, frame)
        if len(fresh) < len(frame):
            result.skipped["already loaded (same natural key)"] += len(frame) - len(fresh)
        frame, held_range = check_ranges(table, fresh)
        frame, held_anomaly = guard_anomalies(session, table, source.name, frame)
        for held in (held_range, held_anomaly):
            if held is not None:
                _record_held(session, run_id, source.name, held)
                result.held.append(held)
                result.rows_held += len(held.frame)
        new += session.insert_df(table, frame)
    result.rows_new += new
    session.execute(
        """INSERT INTO loaded_payloads
           (source_id, sha256, run_id, origin, observed_at, archive_path, rows_new,
            rows_in, name, profile)
           VALUES (:s, :h, :r, :o, :t, :a, :n, :i, :nm, :p)""",
        {
            "s": source.name,
            "h": sha,
            "r": run_id,
            "o": payload.origin,
            "t": payload.observed_at.replace(tzinfo=None),
            "a": archive,
            "n": new,
            "i": len(parsed.rows),
            "nm": payload.name,
            "p": json.dumps(shape, sort_keys=True),
        },
    )
    return sha, archive


def _suspect_message(source: Source, label: str, reason: str) -> str:
    return (
        f"{label}: held as suspect: {reason}. The current data stays; inspect the payload "
        f"and load it anyway with `python -m ingest refresh {source.name} --accept-suspect`"
    )


def _previous(session: Session, source: Source, payload: Payload, run_id: str) -> dict | None:
    """Profile of the last good payload of the same origin or file name."""
    rows = session.query(
        "SELECT origin, name, profile, run_id FROM loaded_payloads "
        "WHERE source_id = :s AND profile IS NOT NULL ORDER BY observed_at DESC",
        {"s": source.name},
    )
    same_origin = rows[rows["origin"] == payload.origin]
    if same_origin.empty:  # e.g. a daily file whose URL carries the date, from an earlier run
        key = suspect.match_key(payload.name)
        earlier = rows[rows["run_id"] != run_id]
        same_origin = earlier[[bool(n) and suspect.match_key(n) == key for n in earlier["name"]]]
    return None if same_origin.empty else json.loads(same_origin["profile"].iloc[0])


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


# --- provenance tables -----------------------------------------------------------------------


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
    mode: str,
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
            "mode": mode,
            "start": started.replace(tzinfo=None),
            "end": now_utc().replace(tzinfo=None),
            "status": result.status,
            "rin": result.rows_in,
            "rnew": result.rows_new,
            "rheld": result.rows_held,
            "skipped": json.dumps(dict(result.skipped), sort_keys=True),
            "error": result.error[:MAX_ERROR_CHARS] or None,
            "sha": ",".join(shas) or None,
            "archive": ",".join(a for a in archives if a) or None,
            "origin": source.url,
        },
    )


def failure_marker(warehouse: Warehouse) -> Path | None:
    """Where a run that could not even record its failure leaves a note for ``status``."""
    return None if warehouse.path is None else warehouse.path.with_name(FAILURE_MARKER)


def _record_aborted(warehouse: Warehouse, sources: list[Source], mode: str, error: str) -> None:
    """Record every source of a stopped run as failed, in a fresh writer session; if the
    warehouse cannot take even that, write the marker file that ``status`` shows."""
    message = f"warehouse failure, nothing from this run was kept: {error}"[:MAX_ERROR_CHARS]
    started = now_utc()
    try:
        with warehouse.writer() as session:
            ensure_schema(session)
            for source in sources:
                _register_source(session, source)
                run_id = f"{started:%Y%m%dT%H%M%S}-{source.name}-{uuid.uuid4().hex[:6]}"
                result = SourceResult(source.name, status="failed", error=message)
                _record_run(session, source, run_id, started, result, mode, [], [])
        return
    except Exception as exc:  # noqa: BLE001 - the warehouse is down: fall back to the marker
        log.error("could not record the failed run in the warehouse", exc_info=exc)
    marker = failure_marker(warehouse)
    if marker is not None:
        marker.parent.mkdir(parents=True, exist_ok=True)
        note = {"at": started.isoformat(timespec="seconds"), "mode": mode, "error": message}
        marker.write_text(json.dumps(note, indent=1))


def _clear_failure_marker(warehouse: Warehouse) -> None:
    marker = failure_marker(warehouse)
    if marker is not None:
        marker.unlink(missing_ok=True)
