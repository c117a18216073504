"""The contract every source module follows.

A source module defines one ``Source`` instance named ``SOURCE``:
- ``parse(payload) -> ParseResult`` is pure: bytes in, typed rows out; no I/O.
- ``fetch()`` requests the live URL(s) through ``ingest.http`` and returns payloads.
- ``snapshot`` lists the bundled files under ``data/snapshots/`` with the date each
  was observed, which ``--offline`` loads instead of fetching.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

SNAPSHOT_DIR = Path(__file__).resolve().parent.parent / "data" / "snapshots"

Kind = Literal["json", "html", "csv", "curated"]


class ParseError(ValueError):
    """The payload does not have the shape the parser expects (layout changed,
    malformed JSON, missing columns). The message says what was expected."""


@dataclass(frozen=True)
class Payload:
    """Raw bytes from one URL or one bundled file, with when they were observed."""

    content: bytes
    observed_at: datetime
    origin: str  # URL, or snapshot path relative to data/snapshots
    name: str = ""  # short label, e.g. the snapshot file name

    def text(self) -> str:
        return self.content.decode("utf-8-sig")


@dataclass
class ParseResult:
    """Rows parsed from one payload plus what was skipped and why."""

    rows: list[Any] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    # (name kind, raw name) -> rows that carry it: names the canon could not map
    # (a new provider spelling, a listing kind a source started sending). Loaded as
    # given, recorded in ``unmapped_names`` and listed on Data & sources.
    unmapped: Counter = field(default_factory=Counter)

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] += n

    def unmapped_name(self, name_kind: str, raw: str, n: int = 1) -> None:
        self.unmapped[(name_kind, raw)] += n

    def extend(self, other: ParseResult) -> None:
        self.rows.extend(other.rows)
        self.skipped.update(other.skipped)
        self.unmapped.update(other.unmapped)


@dataclass(frozen=True)
class SnapshotFile:
    """A bundled payload: path under data/snapshots and the date it was observed."""

    path: str
    observed_at: date


@dataclass(frozen=True)
class Source:
    name: str  # source_id, e.g. "litellm"
    title: str
    url: str  # live URL (the main one)
    kind: Kind
    license: str
    attribution: str
    parse: Callable[[Payload], ParseResult]
    fetch: Callable[[], list[Payload]]
    snapshot: Sequence[SnapshotFile] = ()
    description: str = ""
    # Bounds against a hostile or broken upstream (None: the defaults in ingest.http and
    # ingest.runner): largest body per request, rows per payload, seconds per fetch.
    max_bytes: int | None = None
    max_rows: int | None = None
    deadline_s: float | None = None
    # A source whose prices may be in another currency than USD parses with the exchange
    # rates stored in the warehouse (ingest.fx.FxRates): the runner calls
    # ``parse_fx(payload, rates)`` instead of ``parse`` (which then converts nothing).
    parse_fx: Callable[[Payload, Any], ParseResult] | None = None

    def load_snapshot(self, root: Path = SNAPSHOT_DIR) -> list[Payload]:
        """Bundled payloads in observation order (oldest first)."""
        out = []
        for snap in sorted(self.snapshot, key=lambda s: s.observed_at):
            path = root / snap.path
            observed = datetime(
                snap.observed_at.year, snap.observed_at.month, snap.observed_at.day, tzinfo=UTC
            )
            out.append(Payload(path.read_bytes(), observed, snap.path, path.name))
        return out


def now_utc() -> datetime:
    return datetime.now(UTC)
