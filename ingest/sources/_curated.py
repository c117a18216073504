"""Shared plumbing for the hand-curated tables in ``data/reference/``.

The curated CSVs are maintained in this repository (each row cites the page it was
read from), so "fetching" one means reading the checked-in file. The bundled
snapshot is the same file, addressed relative to ``data/snapshots/``. A curated
source module is its ``parse`` plus a ``source(...)`` declaration.

Conventions of those files (see ``data/reference/README.md``): UTF-8, RFC 4180
quoting, one header row; a blank cell means "not found / not stated", never zero.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import date

from ingest.base import (
    SNAPSHOT_DIR,
    ParseError,
    ParseResult,
    Payload,
    SnapshotFile,
    Source,
    now_utc,
)

REFERENCE_DIR = SNAPSHOT_DIR.parent / "reference"
REPO_URL = "https://github.com/inference-atlas/inference-atlas/blob/main/data/reference/"
# The day the curated tables were copied into data/reference/ (their file date).
CURATED_ON = date(2026, 11, 28)
LICENSE = (
    "Curated by the Inference Atlas project (facts and figures are those of the cited "
    "sources; each row names its source)"
)


def live_url(filename: str) -> str:
    """The table's address in the project repository."""
    return REPO_URL + filename


def snapshot(filename: str) -> tuple[SnapshotFile, ...]:
    """The curated file as a snapshot entry (paths are relative to data/snapshots/)."""
    return (SnapshotFile(f"../reference/{filename}", CURATED_ON),)


def make_fetch(filename: str) -> Callable[[], list[Payload]]:
    """A ``fetch`` that reads the checked-in table; curated data has no remote origin."""

    def fetch() -> list[Payload]:
        path = REFERENCE_DIR / filename
        return [Payload(path.read_bytes(), now_utc(), f"../reference/{filename}", filename)]

    return fetch


def source(
    filename: str,
    *,
    name: str,
    title: str,
    attribution: str,
    parse: Callable[[Payload], ParseResult],
    description: str,
) -> Source:
    """The ``Source`` of the curated table ``filename``: kind "curated", the project's
    curation licence, fetched from and snapshotted as the checked-in file."""
    return Source(
        name=name,
        title=title,
        url=live_url(filename),
        kind="curated",
        license=LICENSE,
        attribution=attribution,
        parse=parse,
        fetch=make_fetch(filename),
        snapshot=snapshot(filename),
        description=description,
    )


def parse_each(
    payload: Payload,
    required: Sequence[str],
    build: Callable[[dict[str, str]], object],
    *,
    needed: Sequence[str],
    missing: str,
) -> ParseResult:
    """One ``build(row)`` per row of a curated CSV (see ``read_rows``).

    Skipped and counted: rows with a blank cell in any ``needed`` column (reason
    ``missing``) and rows for which ``build`` raises ValueError (reason "non-numeric
    cell: <its message>", e.g. from ``optional_float``).
    """
    result = ParseResult()
    for row in read_rows(payload, required):
        if not all(row[column] for column in needed):
            result.skip(missing)
            continue
        try:
            result.rows.append(build(row))
        except ValueError as exc:
            result.skip(f"non-numeric cell: {exc}")
    return result


def read_rows(payload: Payload, required: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a curated CSV as dicts of stripped strings.

    Raises ParseError when the payload is not UTF-8 text or the header lacks any of
    ``required`` (the message names the missing columns).
    """
    try:
        text = payload.text()
    except UnicodeDecodeError as exc:
        raise ParseError(f"{payload.name or payload.origin}: expected UTF-8 CSV ({exc})") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [col for col in required if col not in header]
    if missing:
        raise ParseError(
            f"{payload.name or payload.origin}: expected CSV columns {list(required)}; "
            f"missing {missing} (header: {header})"
        )
    return [
        {key: (value or "").strip() for key, value in row.items() if key is not None}
        for row in reader
    ]


def optional_float(row: dict[str, str], column: str) -> float | None:
    """The cell as a float; None when blank (blank means "not stated", never 0).

    Raises ValueError (with the column name) when the cell is not a number.
    """
    cell = row.get(column, "")
    if not cell:
        return None
    try:
        return float(cell.replace(",", ""))
    except ValueError:
        raise ValueError(f"{column}={cell!r} is not a number") from None
