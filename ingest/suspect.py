"""Is a payload suspicious enough to hold instead of loading?

A source that suddenly sends far fewer rows, drops a field that most previous rows
had, or a body cut short, is far more often broken than honest. Such a payload is
held: the runner marks the source "suspect" with the reason, keeps its current data,
and loads it only when asked (``python -m ingest refresh SOURCE --accept-suspect``).

Each loaded payload's *profile* (rows per table, non-empty values per field, rows per
price type) is stored in ``loaded_payloads.profile``; a new payload is compared with
the profile of the last good payload of the same origin (or of the same file name
with dates removed).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re

import pandas as pd

from ingest.base import Payload

# A payload with fewer rows than this share of the last good one is held.
MIN_ROW_SHARE = float(os.environ.get("ATLAS_SUSPECT_ROW_SHARE", "0.5"))
# The row-share rule needs a previous payload at least this big to mean anything.
MIN_PREVIOUS_ROWS = 10
# A field filled in at least this share of the previous rows...
FIELD_PRESENT_SHARE = 0.3
# ...that now fills less than this fraction of its previous share is "now missing".
FIELD_DROP_FACTOR = 0.1
# Columns every row has by construction: not fields of the source.
_PROVENANCE = {"source_id", "run_id", "observed_at"}
# Rows per value of these columns are profiled too (a renamed input-price field makes
# the parser emit no "input" rows: the column itself stays full).
_CATEGORY_FIELDS = {"api_prices": "price_type", "gpu_prices": "pricing"}


class Suspect(Exception):
    """A payload that looks broken; the message says why and how to load it anyway."""


def profile(frames: dict[str, pd.DataFrame], payload: Payload | None = None) -> dict:
    """Rows and filled fields of one payload's frames (JSON-serialisable), and whether
    its body ends with a line break (a CSV cut inside its last field parses fine)."""
    fields: dict[str, int] = {}
    rows = 0
    for table, df in frames.items():
        rows += len(df)
        fields[table] = len(df)
        for col in df.columns:
            if col not in _PROVENANCE:
                fields[f"{table}.{col}"] = int(df[col].notna().sum())
        category = _CATEGORY_FIELDS.get(table)
        if category in df.columns:
            for value, n in df[category].value_counts().items():
                fields[f"{table}[{category}={value}]"] = int(n)
    shape: dict = {"rows": rows, "fields": fields}
    if payload is not None and (payload.name or payload.origin).lower().endswith(".csv"):
        shape["line_end"] = payload.content.rstrip(b" \t")[-1:] in (b"\n", b"\r")
    return shape


def match_key(name: str) -> str:
    """A payload's file name without dates or numbers, to find its predecessor."""
    return re.sub(r"\d+", "#", name or "")


def check(new: dict, previous: dict | None, min_share: float = MIN_ROW_SHARE) -> str | None:
    """The reason ``new`` is suspect against ``previous`` (a :func:`profile`), or None."""
    if not previous or not previous.get("rows"):
        return None
    if previous.get("line_end") and new.get("line_end") is False:
        return "the body no longer ends with a line break as the last good payload did (cut short?)"
    before, now = int(previous["rows"]), int(new["rows"])
    if before >= MIN_PREVIOUS_ROWS and now < min_share * before:
        return (
            f"{now:,} rows, fewer than {min_share:.0%} of the {before:,} rows of the last "
            "good payload (partial or shrunken payload?)"
        )
    for key, had in previous.get("fields", {}).items():
        table = key.split(".", 1)[0].split("[", 1)[0]
        table_before = previous["fields"].get(table, 0)
        table_now = new["fields"].get(table, 0)
        if ("." not in key and "[" not in key) or table_before < MIN_PREVIOUS_ROWS:
            continue
        share_before = had / table_before
        share_now = new["fields"].get(key, 0) / table_now if table_now else 0.0
        if share_before >= FIELD_PRESENT_SHARE and share_now < share_before * FIELD_DROP_FACTOR:
            return (
                f"field {key} was filled in {share_before:.0%} of the last good payload's "
                f"{table} rows and now in {share_now:.0%} (renamed or dropped upstream?)"
            )
    return None


def truncation(payload: Payload) -> str | None:
    """Why the body looks cut short (unterminated JSON, CSV or HTML), or None."""
    body = payload.content
    if not body.strip():
        return None  # empty: the parser's "no rows" error says it better
    suffix = os.path.splitext(payload.name or payload.origin)[1].lower()
    if suffix == ".json":
        try:
            json.loads(body)
        except RecursionError:
            return None  # deeply nested, not cut: the parser reports it
        except ValueError as exc:
            if exc.__class__.__name__ == "JSONDecodeError" and exc.pos >= len(body.rstrip()) - 1:  # type: ignore[attr-defined]
                return f"JSON ends before it is complete at byte {len(body):,} (cut short?)"
    elif suffix == ".csv":
        return _csv_truncation(body)
    elif suffix in (".html", ".htm"):
        head, tail = body[:4096].lower(), body[-4096:].lower()
        if b"<html" in head and b"</html>" not in tail:
            return "HTML page has no closing </html> tag (cut short?)"
    return None


def _csv_truncation(body: bytes) -> str | None:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # the parser reports the encoding
    try:
        rows = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error as exc:
        return f"CSV is malformed ({exc}); cut inside a quoted field?"
    rows = [r for r in rows if r]
    if len(rows) >= 2 and len(rows[-1]) < len(rows[0]) and not text.endswith(("\n", "\r")):
        return (
            f"CSV's last line has {len(rows[-1])} of {len(rows[0])} columns and no line "
            "end (cut short?)"
        )
    return None
