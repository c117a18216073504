"""The archive of raw live payloads: ``data/archive/<source>/<observed UTC>-<sha12>--<name>.gz``.

Written before a payload is parsed (so a payload that failed or was held can be
inspected), read back oldest first by ``--rebuild``.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from ingest.base import Payload, Source

log = logging.getLogger("ingest.archive")

_ARCHIVE_NAME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:T(?P<time>\d{6})(?:\.(?P<us>\d{6}))?Z)?-(?P<sha>[0-9a-f]{12})"
    r"(?:--(?P<name>.+)|(?P<ext>\.[^.]+))?\.gz$"
)


def archive_payload(source: Source, payload: Payload, sha: str, archive_dir: Path | None) -> str:
    """Keep the raw bytes of live payloads (bundled snapshots are already in the repo),
    named ``<observed UTC>-<sha12>--<payload name>.gz`` so a rebuild can replay them."""
    if archive_dir is None or not payload.origin.startswith("http"):
        return payload.origin
    folder = archive_dir / source.name
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9._-]", "_", payload.name or "payload")[:120]
    existing = sorted(folder.glob(f"*-{sha[:12]}*.gz"))
    if existing:
        return str(existing[0])
    path = (
        folder / f"{payload.observed_at.astimezone(UTC):%Y-%m-%dT%H%M%S.%fZ}-{sha[:12]}--{name}.gz"
    )
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(gzip.compress(payload.content))
    os.replace(tmp, path)  # never a half-written archive file under the final name
    return str(path)


def archived_payloads(
    source: Source, archive_dir: Path, origins: dict[str, str] | None = None
) -> list[Payload]:
    """Every archived payload of ``source``, oldest first. ``origins`` maps an archive
    path to its URL and name (from the old warehouse) for files named before names
    were kept in the file name."""
    folder = archive_dir / source.name
    out = []
    for path in sorted(folder.glob("*.gz")) if folder.is_dir() else []:
        m = _ARCHIVE_NAME.match(path.name)
        if m is None:
            continue
        clock = f"{m['time'] or '000000'}{m['us'] or '000000'}"
        observed = datetime.strptime(f"{m['date']}{clock}", "%Y-%m-%d%H%M%S%f").replace(tzinfo=UTC)
        url = (origins or {}).get(str(path), source.url)
        name = m["name"] or url.rsplit("/", 1)[-1] or f"{source.name}{m['ext'] or ''}"
        try:
            content = gzip.decompress(path.read_bytes())
        except (OSError, EOFError) as exc:
            log.warning("archive %s is unreadable (%s); skipped", path, exc)
            continue
        out.append(Payload(content, observed, url, name))
    return sorted(out, key=lambda p: p.observed_at)
