"""Where the warehouse lives and how to read from and write to it.

URL resolution: ``ATLAS_DATABASE_URL`` env var, else ``[database] url`` in
``.streamlit/secrets.toml``, else the DuckDB file ``data/warehouse.duckdb``.

Readers and the writer never block each other (DuckDB allows one read-write
process *or* many read-only ones):
- readers open a short-lived read-only connection per query and close it;
- the writer builds the next state in a copy of the file and ``os.replace``\\ s it
  over the old one. Readers holding the old file keep a consistent view; new
  connections see the new file. A failed refresh leaves the old file untouched.
- a lock file stops two refreshes from overlapping.
Any other SQLAlchemy URL (e.g. ``postgresql://``) uses ordinary transactions.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = ROOT / "data" / "warehouse.duckdb"
SECRETS_PATH = ROOT / ".streamlit" / "secrets.toml"
_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


class WarehouseBusy(RuntimeError):
    """Another refresh holds the lock."""


class WarehouseMissing(FileNotFoundError):
    """The DuckDB file does not exist yet (build it with the offline refresh)."""


def database_url() -> str:
    """The configured warehouse URL (see module docstring for the order)."""
    env = os.environ.get("ATLAS_DATABASE_URL")
    if env:
        return env
    if SECRETS_PATH.exists():
        with SECRETS_PATH.open("rb") as fh:
            url = tomllib.load(fh).get("database", {}).get("url")
        if url:
            return str(url)
    return f"duckdb:///{DEFAULT_DB_PATH}"


def _duckdb_params(sql: str) -> str:
    """``:name`` placeholders (portable, SQLAlchemy style) -> DuckDB ``$name``."""
    return _PARAM.sub(r"$\1", sql)


class Session:
    """An open connection used by one writer (or the in-memory test database)."""

    def __init__(self, con: Any, duck: bool) -> None:
        self.con = con
        self.duck = duck

    def execute(self, sql: str, params: dict | None = None) -> None:
        if self.duck:
            self.con.execute(_duckdb_params(sql), params or {})
        else:
            from sqlalchemy import text

            self.con.execute(text(sql), params or {})

    def query(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        if self.duck:
            return self.con.execute(_duckdb_params(sql), params or {}).df()
        from sqlalchemy import text

        return pd.read_sql(text(sql), self.con, params=params or {})

    def insert_df(self, table: str, df: pd.DataFrame) -> int:
        """Bulk insert a DataFrame whose columns are a subset of the table's."""
        if df.empty:
            return 0
        if self.duck:
            cols = ", ".join(f'"{c}"' for c in df.columns)
            self.con.register("_atlas_insert", df)
            try:
                self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _atlas_insert")
            finally:
                self.con.unregister("_atlas_insert")
        else:
            df.to_sql(table, self.con, if_exists="append", index=False, method="multi")
        return len(df)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.duck:
            self.con.execute("BEGIN TRANSACTION")
            try:
                yield
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")
        else:
            with self.con.begin_nested():
                yield


class Warehouse:
    """A handle on the warehouse at ``url``. Holds no open connection for files."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self._memory: Session | None = None
        if self.is_duckdb and self.path is None:
            self._memory = Session(duckdb.connect(":memory:"), duck=True)

    @property
    def is_duckdb(self) -> bool:
        return self.url.startswith("duckdb:")

    @property
    def path(self) -> Path | None:
        """The DuckDB file, or None for ``duckdb:///:memory:``."""
        if not self.is_duckdb:
            return None
        raw = self.url.split("duckdb:///", 1)[-1] if "///" in self.url else ":memory:"
        return None if raw in ("", ":memory:") else Path(raw)

    def exists(self) -> bool:
        return self._memory is not None or not self.is_duckdb or self.path.exists()

    def query(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        """Run a read query on a short-lived read-only connection."""
        if self._memory is not None:
            return self._memory.query(sql, params)
        if not self.is_duckdb:
            from sqlalchemy import create_engine

            with create_engine(self.url).connect() as con:
                return Session(con, duck=False).query(sql, params)
        if not self.path.exists():
            raise WarehouseMissing(
                f"No warehouse at {self.path}. Build it with: python -m ingest refresh --offline"
            )
        for attempt in range(5):
            try:
                con = duckdb.connect(str(self.path), read_only=True)
                break
            except duckdb.IOException:
                # The file is being swapped or (briefly) locked: retry shortly.
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))
        try:
            return con.execute(_duckdb_params(sql), params or {}).df()
        finally:
            con.close()

    def scalar(self, sql: str, params: dict | None = None) -> Any:
        df = self.query(sql, params)
        return None if df.empty else df.iat[0, 0]

    @contextmanager
    def writer(self, *, fresh: bool = False) -> Iterator[Session]:
        """The single writer. For a DuckDB file: lock, copy (or, when ``fresh``, start
        empty), write, swap. ``kill -9`` at any moment leaves the old or the new file."""
        if self._memory is not None:
            yield self._memory
            return
        if not self.is_duckdb:
            from sqlalchemy import create_engine

            if fresh:
                raise NotImplementedError("a fresh rebuild is only for the DuckDB file")
            with create_engine(self.url).begin() as con:
                yield Session(con, duck=False)
            return
        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with _refresh_lock(path.parent / ".refresh.lock"):
            remove_build_leftovers(path)  # we hold the lock: any other build file is orphaned
            building = path.with_name(f"{path.name}.building-{os.getpid()}")
            if path.exists() and not fresh:
                shutil.copy2(path, building)
            con = duckdb.connect(str(building))
            try:
                yield Session(con, duck=True)
                con.execute("CHECKPOINT")
            except BaseException:
                con.close()
                building.unlink(missing_ok=True)
                building.with_name(f"{building.name}.wal").unlink(missing_ok=True)
                raise
            con.close()
            os.replace(building, path)


def remove_build_leftovers(path: Path) -> list[Path]:
    """Delete ``<file>.building-*`` (and their ``.wal``) left by a crashed writer; call
    only while holding the refresh lock. Returns what was removed."""
    removed = []
    for leftover in path.parent.glob(f"{path.name}.building-*"):
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed


@contextmanager
def _refresh_lock(lock_path: Path) -> Iterator[None]:
    fh = lock_path.open("a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            raise WarehouseBusy(
                f"Another refresh is running (lock {lock_path}, held by pid {holder}). "
                "Wait for it to finish."
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        fh.close()
