"""Where briefs live: ``<data>/briefs/brief-<end date>.{md,html,json}``. The JSON keeps
the period, the summary and every row of every section; the newest one tells the next
run where to start ("since the previous brief")."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from brief.facts import Brief
from warehouse.connection import ROOT

DEFAULT_DIR = ROOT / "data" / "briefs"


def brief_dir() -> Path:
    """``ATLAS_BRIEF_DIR`` if set, else ``data/briefs`` of the project."""
    return Path(os.environ.get("ATLAS_BRIEF_DIR") or DEFAULT_DIR)


@dataclass(frozen=True)
class Saved:
    end: date
    start: date
    generated_at: pd.Timestamp
    summary: str
    md: Path
    html: Path
    json: Path


def _write(path: Path, data: str) -> Path:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(data, encoding="utf-8")
    tmp.replace(path)  # a reader never sees half a file
    return path


def save(b: Brief, md: str, html: str, summary: str, folder: Path) -> Saved:
    """Write the three files of ``b`` (a rerun for the same end date replaces them)."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"brief-{b.end.isoformat()}"
    meta = {
        "start": b.start.isoformat(),
        "end": b.end.isoformat(),
        "generated_at": b.generated_at.isoformat(),
        "runs_since": b.runs_since.isoformat(),
        "threshold_pct": b.threshold_pct,
        "summary": summary,
        "sections": {
            k: json.loads(v.to_json(orient="records", date_format="iso"))
            for k, v in b.sections().items()
        },
    }
    paths = (
        _write(stem.with_suffix(".md"), md),
        _write(stem.with_suffix(".html"), html),
        _write(stem.with_suffix(".json"), json.dumps(meta, indent=1, default=str)),
    )
    return Saved(b.end, b.start, b.generated_at, summary, *paths)


def saved(folder: Path) -> list[Saved]:
    """Every saved brief, newest end date first (unreadable JSON files are skipped)."""
    out = []
    for path in folder.glob("brief-*.json"):
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
            item = Saved(
                end=date.fromisoformat(meta["end"]),
                start=date.fromisoformat(meta["start"]),
                generated_at=pd.Timestamp(meta["generated_at"]),
                summary=str(meta.get("summary", "")),
                md=path.with_suffix(".md"),
                html=path.with_suffix(".html"),
                json=path,
            )
        except (OSError, ValueError, KeyError):
            continue
        out.append(item)
    return sorted(out, key=lambda s: (s.end, s.generated_at), reverse=True)


def previous(folder: Path) -> Saved | None:
    items = saved(folder)
    return items[0] if items else None
