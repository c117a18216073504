"""Cached, read-only data access for pages. Nothing connects at import time.

Loaders are keyed on the warehouse's data version (``Warehouse.data_version``: the
DuckDB file's mtime, or the refresh counter in a PostgreSQL warehouse, which every
replica reads), so a refresh shows up on the next page load everywhere without
restarting the app.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from warehouse.connection import Warehouse


def warehouse() -> Warehouse:
    return Warehouse()


def data_version() -> str:
    """Changes whenever a writer finishes, in every replica."""
    wh = warehouse()
    return f"{wh.url}|{wh.data_version()}"


def ensure_built() -> None:
    """First start: build the warehouse from the bundled snapshot if it is missing."""
    wh = warehouse()
    if wh.exists():
        _upgrade_if_needed(wh)
        return
    from ingest.runner import WarehouseFailure, refresh
    from ui.text import md
    from warehouse.connection import WarehouseBusy

    with st.status("First start: building the warehouse from the bundled snapshot…") as status:
        try:
            results = refresh(wh, offline=True)
        except WarehouseBusy:
            status.update(label="Another process is building the warehouse", state="running")
            st.info("The warehouse is being built by another process; reload in a minute.")
            st.stop()
        except WarehouseFailure as exc:  # disk full, unwritable data/: say so, no traceback
            status.update(label="The warehouse could not be built", state="error")
            st.error(f"Building the warehouse failed: {md(exc, 500)}")
            st.stop()
        failed = [r.source for r in results if r.status == "failed"]
        rows = sum(r.rows_new for r in results)
        status.update(
            label=f"Warehouse built: {rows:,} rows from {len(results)} sources"
            + (f" ({len(failed)} failed: {', '.join(failed)})" if failed else ""),
            state="error" if failed else "complete",
        )


# Warehouse data versions already known to have the current schema.
_CURRENT: set[str] = set()


def _upgrade_if_needed(wh: Warehouse) -> None:
    """A warehouse file written by an older version gets the current views and derived
    tables (a second or two); if a refresh holds the lock, say so and carry on."""
    from warehouse.connection import WarehouseBusy
    from warehouse.migrate import SchemaError, needs_upgrade, upgrade

    version = data_version()
    if version in _CURRENT or not needs_upgrade(wh):
        _CURRENT.add(version)  # checked once per warehouse file, not on every rerun
        return
    try:
        with st.spinner("Updating the warehouse to this version's schema…"):
            upgrade(wh)
    except WarehouseBusy:
        st.info("A data refresh is running; pages will use the new data when it finishes.")
    except SchemaError as exc:
        st.error(str(exc))
        st.stop()


def load(fn: Callable[..., pd.DataFrame], **kwargs: Any) -> pd.DataFrame:
    """Run query function ``fn(warehouse, **kwargs)`` through the cache."""
    ref = f"{fn.__module__}:{fn.__qualname__}"
    return _cached(ref, data_version(), tuple(sorted(kwargs.items())))


@st.cache_data(ttl=3600, show_spinner="Loading data…", max_entries=512)
def _cached(ref: str, version: str, kwargs: tuple) -> pd.DataFrame:
    module, name = ref.split(":")
    fn = getattr(importlib.import_module(module), name)
    return fn(warehouse(), **dict(kwargs))
