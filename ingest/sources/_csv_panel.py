"""Shared reading of the daily CSV panels in ``sui414/openrouter-pricing-data``.

``ornn_gpu_index.csv`` and ``runpod_daily.csv`` are panels: one row per item x day,
with a header row. Each source module names the columns it reads; columns it does not
read may come and go without breaking the parse. A panel file is named after its
source (``<source>.csv``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ingest.base import ParseError, Payload


def read_panel(payload: Payload, required: Sequence[str], *, source: str) -> csv.DictReader:
    """The panel's rows as dicts keyed by the header.

    Raises ParseError (naming ``source``, the missing columns and the header found)
    when the header lacks any of ``required``; other columns are allowed.
    """
    reader = csv.DictReader(io.StringIO(payload.text()))
    header = reader.fieldnames or []
    missing = [c for c in required if c not in header]
    if missing:
        raise ParseError(
            f"{source}: {source}.csv is missing columns {missing}; "
            f"expected at least {list(required)}, got {header}"
        )
    return reader


def number(text: str | None) -> float | None:
    """The cell as a float; None when it is empty or not a number."""
    try:
        return float((text or "").strip())
    except ValueError:
        return None
