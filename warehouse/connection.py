"""Where the warehouse lives and how to read from and write to it.

URL resolution: ``ATLAS_DATABASE_URL`` env var, else ``[database] url`` in
``.streamlit/secrets.toml``, else the DuckDB file ``warehouse.duckdb`` in the data
directory (``ATLAS_DATA_DIR``, default ``data/`` of the checkout; see :func:`data_dir`).

DuckDB file (the default). Readers and the writer never block each other (DuckDB allows
one read-write process *or* many read-only ones):
- readers open a short-lived read-only connection per query and close it;
- the writer builds the next state in a copy of the file and ``os.replace``\\ s it
  over the old one. Readers holding the old file keep a consistent view; new
  connections see the new file. A failed refresh leaves the old file untouched.
- a lock file stops two refreshes from overlapping.

PostgreSQL (any other SQLAlchemy URL; ``postgresql://`` means psycopg 3). One pooled
engine per process (:func:`engine`); readers take a pooled connection per query. The
writer holds one connection with a session-level advisory lock (one refresh at a time,
:data:`ADVISORY_LOCK_CLASS`) and commits each statement, or each
``Session.transaction()`` block, on its own: a refresh is a series of short
per-source transactions that readers read around (MVCC), never one long one.

Every writer that finishes bumps the data version (``warehouse_meta``), which every
replica reads as its cache key (:meth:`Warehouse.data_version`).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import threading
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
SECRETS_PATH = ROOT / ".streamlit" / "secrets.toml"
_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
# Rows per INSERT statement on PostgreSQL: far below its 65,535 bound parameters
# for the widest table (SQLAlchemy splits each executemany into pages as well).
INSERT_CHUNK_ROWS = 2_000
# First key of the PostgreSQL advisory lock; the second is a hash of the schema name,
# so warehouses in different schemas of one database refresh independently.
ADVISORY_LOCK_CLASS = 72_410
_BUSY = "Another refresh is running ({where}). Wait for it to finish."


class WarehouseBusy(RuntimeError):
    """Another refresh holds the lock."""


class WarehouseMissing(FileNotFoundError):
    """The DuckDB file does not exist yet (build it with the offline refresh)."""


def data_dir() -> Path:
    """Where the warehouse file, archive, charts and logs go: ``ATLAS_DATA_DIR``, else
    ``data/`` of the checkout, else (an installed package, no checkout around it)
    ``$XDG_DATA_HOME/inference-atlas``, so nothing is ever written into site-packages."""
    env = os.environ.get("ATLAS_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    if (ROOT / "pyproject.toml").exists():
        return ROOT / "data"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "inference-atlas"


def database_url() -> str:
    """The configured warehouse URL (see module docstring for the order)."""
    env = os.environ.get("ATLAS_DATABASE_URL")
    if env:
        return normalize_url(env)
    if SECRETS_PATH.exists():
        with SECRETS_PATH.open("rb") as fh:
            url = tomllib.load(fh).get("database", {}).get("url")
        if url:
            return normalize_url(str(url))
    return f"duckdb:///{data_dir() / 'warehouse.duckdb'}"


def normalize_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3, the driver of the
    ``postgres`` extra (SQLAlchemy would otherwise pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


_ENGINES: dict[str, sa.Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine(url: str) -> sa.Engine:
    """The process's one pooled engine for ``url`` (created on first use)."""
    with _ENGINES_LOCK:
        eng = _ENGINES.get(url)
        if eng is None:
            eng = sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
            _ENGINES[url] = eng
        return eng


def _duckdb_params(sql: str) -> str:
    """``:name`` placeholders (portable, SQLAlchemy style) -> DuckDB ``$name``."""
    return _PARAM.sub(r"$\1", sql)


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python values, NaN/NaT as None (for typed inserts)."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


class Session:
    """An open connection used by one writer (or the in-memory test database).

    On DuckDB the writer works on a private copy of the file, so its statements simply
    run. On a SQLAlchemy connection each ``execute`` outside ``transaction()`` commits
    at once, and each ``transaction()`` block commits at its end: readers see either the
    state before a block or after it, and never wait for more than one block."""

    def __init__(self, con: Any, duck: bool) -> None:
        self.con = con
        self.duck = duck
        self._depth = 0
        self._written: set[str] = set()

    def wrote(self, table: str) -> None:
        """Note that ``table`` got new rows: on PostgreSQL its planner statistics are
        refreshed (``ANALYZE``) after the commit. Without that, the first reads after a
        big load plan for the old row counts (measured: the price table took 17.8 s
        instead of 0.04 s until autovacuum caught up)."""
        if not self.duck:
            self._written.add(table)

    def execute(self, sql: str, params: dict | None = None) -> None:
        if self.duck:
            self.con.execute(_duckdb_params(sql), params or {})
            return
        self.con.execute(sa.text(sql), params or {})
        self._autocommit()

    def query(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        if self.duck:
            return self.con.execute(_duckdb_params(sql), params or {}).df()
        df = pd.read_sql(sa.text(sql), self.con, params=params or {})
        self._autocommit()
        return df

    def has_table(self, name: str) -> bool:
        """Whether table or view ``name`` exists in the current schema (a catalog
        lookup: never a failing statement, which would abort a PostgreSQL transaction)."""
        found = self.query(
            "SELECT COUNT(*) AS n FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name = :t",
            {"t": name},
        )
        return int(found.iat[0, 0]) > 0

    def insert_df(self, table: str, df: pd.DataFrame) -> int:
        """Bulk insert a DataFrame whose columns are a subset of the table's.

        DuckDB: its native DataFrame scan (fast). Elsewhere: SQLAlchemy Core ``insert()``
        against the schema's typed Table, in chunks, so every value is bound with its
        column's type (an all-NULL column stays a typed NULL) and no statement exceeds
        the driver's parameter limit."""
        if df.empty:
            return 0
        if self.duck:
            cols = ", ".join(f'"{c}"' for c in df.columns)
            self.con.register("_atlas_insert", df)
            try:
                self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _atlas_insert")
            finally:
                self.con.unregister("_atlas_insert")
            return len(df)
        from warehouse.schema import metadata

        target = metadata.tables[table]
        unknown = sorted(set(df.columns) - set(target.columns.keys()))
        if unknown:
            raise KeyError(f"{table} has no column(s) {', '.join(unknown)}")
        records = _records(df)
        self.wrote(table)
        with self.transaction():
            for start in range(0, len(records), INSERT_CHUNK_ROWS):
                self.con.execute(target.insert(), records[start : start + INSERT_CHUNK_ROWS])
        return len(df)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside commit together or not at all (nested: a savepoint)."""
        if self.duck:
            self.con.execute("BEGIN TRANSACTION")
            try:
                yield
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")
            return
        if self._depth:
            self._depth += 1
            try:
                with self.con.begin_nested():
                    yield
            finally:
                self._depth -= 1
            return
        if self.con.in_transaction():
            self.con.commit()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.con.rollback()
            raise
        self._depth = 0
        self.con.commit()
        self._analyze()

    def _autocommit(self) -> None:
        if not self._depth and self.con.in_transaction():
            self.con.commit()
            self._analyze()

    def _analyze(self) -> None:
        """ANALYZE the tables written since the last commit (takes no lock readers wait for)."""
        written, self._written = sorted(self._written), set()
        if written:
            self.con.execute(sa.text(f"ANALYZE {', '.join(written)}"))
            self.con.commit()


class Warehouse:
    """A handle on the warehouse at ``url``. Holds no open connection for files."""

    def __init__(self, url: str | None = None) -> None:
        self.url = normalize_url(url) if url else database_url()
        self._memory: Session | None = None
        if self.is_duckdb and self.path is None:
            self._memory = Session(duckdb.connect(":memory:"), duck=True)

    @property
    def display_url(self) -> str:
        """The URL to print: any password masked."""
        return sa.make_url(self.url).render_as_string(hide_password=True)

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
        """Whether a warehouse has been built here (a file, or the schema in a database)."""
        if self._memory is not None:
            return True
        if self.path is not None:
            return self.path.exists()
        with engine(self.url).connect() as con:
            return Session(con, duck=False).has_table("schema_version")

    def query(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        """Run a read query on a short-lived read-only connection (pooled on servers)."""
        if self._memory is not None:
            return self._memory.query(sql, params)
        if not self.is_duckdb:
            with engine(self.url).connect() as con:
                return pd.read_sql(sa.text(sql), con, params=params or {})
        path = self.path
        if path is None or not path.exists():
            raise WarehouseMissing(
                f"No warehouse at {path}. Build it with: python -m ingest refresh --offline"
            )
        for attempt in range(5):
            try:
                duck = duckdb.connect(str(path), read_only=True)
                break
            except duckdb.IOException:
                # The file is being swapped or (briefly) locked: retry shortly.
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))
        try:
            return duck.execute(_duckdb_params(sql), params or {}).df()
        finally:
            duck.close()

    def scalar(self, sql: str, params: dict | None = None) -> Any:
        df = self.query(sql, params)
        return None if df.empty else df.iat[0, 0]

    def data_version(self) -> str:
        """A value that changes whenever a writer finishes, the same in every process
        that reads this warehouse: the cache key of the app and of its schema check.

        A DuckDB file: its mtime and size (each writer swaps in a new file; no connection
        needed). A database: the refresh counter in ``warehouse_meta``."""
        if self.path is not None:
            if not self.path.exists():
                return "missing"
            stat = self.path.stat()
            return f"file-{stat.st_mtime_ns}-{stat.st_size}"
        try:
            df = self.query(
                "SELECT value, updated_at FROM warehouse_meta WHERE key = 'data_version'"
            )
        except Exception:  # noqa: BLE001 - no schema yet: a version of its own
            return "unbuilt"
        # The time as well as the counter: a rebuilt warehouse counts from 1 again.
        return "v0" if df.empty else f"v{df.iat[0, 0]}-{df.iat[0, 1]}"

    @contextmanager
    def writer(self, *, fresh: bool = False) -> Iterator[Session]:
        """The single writer (lock, write, bump the data version).

        ``fresh=True`` builds from nothing beside the current warehouse and swaps the
        result in only when the block succeeds (``--rebuild``): a DuckDB file is not
        copied first; on PostgreSQL the block writes into a new schema that replaces the
        current one in a single transaction. A failure leaves the old warehouse as it was."""
        if self._memory is not None:
            if fresh:
                self._memory = Session(duckdb.connect(":memory:"), duck=True)
            yield self._memory
            bump_data_version(self._memory)
            return
        if self.path is not None:
            with _duckdb_writer(self.path, fresh) as session:
                yield session
                bump_data_version(session)
            return
        with _server_writer(engine(self.url), fresh) as session:
            yield session
            bump_data_version(session)


def bump_data_version(session: Session) -> None:
    """Add one to the warehouse's data version (a no-op before the schema exists)."""
    if not session.has_table("warehouse_meta"):
        return
    with session.transaction():
        session.execute(
            "UPDATE warehouse_meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR), "
            "updated_at = CURRENT_TIMESTAMP WHERE key = 'data_version'"
        )
        found = session.query("SELECT COUNT(*) AS n FROM warehouse_meta WHERE key = 'data_version'")
        if int(found.iat[0, 0]) == 0:
            session.execute(
                "INSERT INTO warehouse_meta (key, value, updated_at) "
                "VALUES ('data_version', '1', CURRENT_TIMESTAMP)"
            )


@contextmanager
def _duckdb_writer(path: Path, fresh: bool) -> Iterator[Session]:
    """Lock, copy the file (unless ``fresh``), write the copy, swap it in. ``kill -9``
    at any moment leaves the old or the new file; the next writer removes what a crashed
    one left behind."""
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


@contextmanager
def _server_writer(eng: sa.Engine, fresh: bool) -> Iterator[Session]:
    """One connection holding the advisory lock of the current schema for the whole
    write; with ``fresh``, the writes go to a new schema swapped in at the end."""
    with eng.connect() as con:
        schema = con.execute(sa.text("SELECT current_schema()")).scalar_one()
        key = {"c": ADVISORY_LOCK_CLASS, "s": schema}
        got = con.execute(
            sa.text("SELECT pg_try_advisory_lock(:c, hashtext(:s))"), key
        ).scalar_one()
        con.commit()
        if not got:
            holder = con.execute(
                sa.text(
                    "SELECT MIN(pid) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND classid = :c AND objid = CAST(hashtext(:s) AS oid) AND granted"
                ),
                key,
            ).scalar()
            con.commit()
            where = f"PostgreSQL advisory lock on schema {schema}, held by backend pid {holder}"
            raise WarehouseBusy(_BUSY.format(where=where))
        try:
            if fresh:
                with _fresh_schema(con, schema) as session:
                    yield session
            else:
                yield Session(con, duck=False)
        except BaseException:
            if con.in_transaction():
                con.rollback()
            raise
        finally:
            con.execute(sa.text("SELECT pg_advisory_unlock(:c, hashtext(:s))"), key)
            con.commit()


@contextmanager
def _fresh_schema(con: sa.Connection, schema: str) -> Iterator[Session]:
    """Write into schema ``<schema>__rebuild``; on success it becomes ``schema`` (the
    old one is dropped in the same transaction); on failure it is dropped."""
    build, old = f"{schema}__rebuild", f"{schema}__replaced"
    q = con.dialect.identifier_preparer.quote
    con.execute(sa.text(f"DROP SCHEMA IF EXISTS {q(build)} CASCADE"))
    con.execute(sa.text(f"CREATE SCHEMA {q(build)}"))
    con.execute(sa.text(f"SET search_path TO {q(build)}"))
    con.commit()
    try:
        yield Session(con, duck=False)
    except BaseException:
        if con.in_transaction():
            con.rollback()
        con.execute(sa.text(f"DROP SCHEMA IF EXISTS {q(build)} CASCADE"))
        con.commit()
        raise
    finally:
        con.execute(sa.text("RESET search_path"))
        con.commit()
    con.execute(sa.text(f"ALTER SCHEMA {q(schema)} RENAME TO {q(old)}"))
    con.execute(sa.text(f"ALTER SCHEMA {q(build)} RENAME TO {q(schema)}"))
    con.execute(sa.text(f"DROP SCHEMA {q(old)} CASCADE"))
    con.commit()


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
                _BUSY.format(where=f"lock {lock_path}, held by pid {holder}")
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        fh.close()
