"""``--rebuild``: a new warehouse from every payload we still have, swapped in only on
success.

The new file is built from the bundled snapshot plus every archived live payload
(``data/archive/``), each source's payloads in observation order, in a fresh writer
session: under the refresh lock, in a ``.building-*`` file that replaces the old
warehouse only once it is complete. ``kill -9`` at any moment leaves the old or the
new warehouse, never none; the next run removes the leftover build file. Saved
scenarios are not in the warehouse (``warehouse.userstate``); any still in an old
warehouse are carried over to the user-state store before the swap.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from ingest.archive import archived_payloads
from ingest.base import Payload, Source
from ingest.registry import all_sources
from ingest.runner import DEFAULT, SourceResult, archive_dir_for, run_jobs
from warehouse.connection import Warehouse


class RebuildRefused(RuntimeError):
    """The rebuild did not start because it could not keep everything; nothing changed."""


@dataclass(frozen=True)
class RebuildPlan:
    """What a rebuild would load: bundled snapshot files and archived payloads."""

    snapshot_files: int
    archived: int
    current_rows: int | None  # observation rows in the warehouse it replaces (None: none)


def _old_origins(warehouse: Warehouse) -> dict[str, str]:
    """archive path -> URL, from the warehouse being replaced (if it is readable)."""
    try:
        df = warehouse.query(
            "SELECT archive_path, origin FROM loaded_payloads WHERE archive_path IS NOT NULL"
        )
    except Exception:  # noqa: BLE001 - missing or broken warehouse: names come from file names
        return {}
    return dict(zip(df["archive_path"], df["origin"], strict=True))


def plan(warehouse: Warehouse, archive_dir: Path = DEFAULT) -> RebuildPlan:
    from warehouse.status import table_counts

    if archive_dir is DEFAULT:
        archive_dir = archive_dir_for(warehouse)
    sources = all_sources().values()
    archived = sum(
        len(list((archive_dir / s.name).glob("*.gz"))) for s in sources
        if (archive_dir / s.name).is_dir()
    )  # fmt: skip
    try:
        current = int(table_counts(warehouse)["rows"].sum())
    except Exception:  # noqa: BLE001 - no warehouse (or an unreadable one) to replace
        current = None
    return RebuildPlan(sum(len(s.snapshot) for s in sources), archived, current)


def rebuild(
    warehouse: Warehouse,
    *,
    archive_dir: Path = DEFAULT,
    sources: dict[str, Source] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    accept_suspect: Collection[str] = (),
) -> list[SourceResult]:
    """Rebuild the whole warehouse (every source) and swap it in on success."""
    from warehouse import userstate

    registry = sources if sources is not None else all_sources()
    if archive_dir is DEFAULT:
        archive_dir = archive_dir_for(warehouse)
    try:
        userstate.carry_over(warehouse)  # saved scenarios of an old warehouse survive
    except SQLAlchemyError as exc:
        raise RebuildRefused(
            f"the user-state store ({userstate.store_url(warehouse)}) is not reachable, so "
            "scenarios saved in the old warehouse could not be kept: "
            f"{type(exc).__name__}; nothing was changed"
        ) from exc
    origins = _old_origins(warehouse)

    def payloads(source: Source) -> Callable[[], list[Payload]]:
        def get() -> list[Payload]:
            both = source.load_snapshot() + archived_payloads(source, archive_dir, origins)
            return sorted(both, key=lambda p: p.observed_at)

        return get

    jobs = [(s, payloads(s)) for s in registry.values()]
    return run_jobs(
        warehouse, jobs, mode="rebuild", archive_dir=None, progress=progress,
        accept_suspect=accept_suspect, fresh=True,
    )  # fmt: skip
