"""User state (saved scenarios, and any later state of users) in its own small database.

It is not the warehouse: a refresh or a ``--rebuild`` never touches it, and saving
never takes the refresh lock. Where it lives: ``ATLAS_USERSTATE_URL`` (any SQLAlchemy
URL, e.g. ``postgresql://…`` for a team), else a SQLite file ``userstate.sqlite`` next
to the DuckDB warehouse file (``data/`` by default). SQLite serialises concurrent
writers itself, so many app sessions can save at once.

Scenario names are normalised (Unicode NFKC, control and format characters removed,
runs of spaces collapsed, trimmed) before they are stored or looked up; saving over an
existing name needs ``overwrite=True`` (the page asks first).
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from market.scenarios import ScenarioError
from warehouse.connection import Warehouse, data_dir, normalize_url

MAX_NAME_LENGTH = 80
FILE_NAME = "userstate.sqlite"
log = logging.getLogger("warehouse.userstate")

metadata = MetaData()
scenarios = Table(
    "scenarios",
    metadata,
    Column("name", String, primary_key=True),
    Column("params_json", Text, nullable=False),
    Column("saved_at", DateTime, nullable=False),
)
# One-off facts about the store, e.g. which old warehouse's scenarios were carried over.
meta = Table(
    "meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)


class ScenarioExists(ScenarioError):
    """A scenario of that name is already saved (save again with overwrite=True)."""


def store_url(warehouse: Warehouse | None = None) -> str:
    """``ATLAS_USERSTATE_URL``, else ``userstate.sqlite`` beside the warehouse file."""
    env = os.environ.get("ATLAS_USERSTATE_URL")
    if env:
        return env
    path = warehouse.path if warehouse is not None else None
    folder = path.parent if path is not None else data_dir()
    return f"sqlite:///{folder / FILE_NAME}"


@cache
def _engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10})
    else:  # e.g. the team's PostgreSQL (postgresql:// means psycopg 3, as for the warehouse)
        engine = create_engine(normalize_url(url), pool_pre_ping=True)
    metadata.create_all(engine)
    return engine


def engine_for(warehouse: Warehouse | None = None) -> Engine:
    return _engine(store_url(warehouse))


def clean_name(name: str) -> str:
    """The name as stored; ScenarioError if empty or too long after normalising."""
    text = unicodedata.normalize("NFKC", name or "")
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if unicodedata.category(ch)[0] != "C" or ch.isspace()
    )
    cleaned = re.sub(r" {2,}", " ", text).strip()
    if not cleaned:
        raise ScenarioError("give the scenario a name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ScenarioError(f"scenario names are at most {MAX_NAME_LENGTH} characters")
    return cleaned


def save_scenario(
    warehouse: Warehouse | None, name: str, params_json: str, *, overwrite: bool = False
) -> str:
    """Save scenario ``name`` and return the name as stored. Raises ScenarioError for bad
    input and ScenarioExists when the name is taken and ``overwrite`` is False."""
    from warehouse.queries.scenarios import params_from_json, params_to_json

    cleaned = clean_name(name)
    stored = params_to_json(params_from_json(params_json))
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine_for(warehouse).begin() as con:
        taken = con.execute(select(scenarios.c.name).where(scenarios.c.name == cleaned)).first()
        if taken is not None and not overwrite:
            raise ScenarioExists(f"a scenario named '{cleaned}' is already saved")
        con.execute(delete(scenarios).where(scenarios.c.name == cleaned))
        con.execute(insert(scenarios).values(name=cleaned, params_json=stored, saved_at=now))
    return cleaned


def list_scenarios(warehouse: Warehouse | None = None) -> pd.DataFrame:
    """Saved scenarios, newest first: name, params_json, saved_at (UTC)."""
    query = select(scenarios).order_by(scenarios.c.saved_at.desc(), scenarios.c.name)
    with engine_for(warehouse).connect() as con:
        return pd.DataFrame(con.execute(query).all(), columns=["name", "params_json", "saved_at"])


def load_scenario(warehouse: Warehouse | None, name: str) -> pd.DataFrame:
    """The saved row of scenario ``name`` (empty if there is none or the name is invalid)."""
    try:
        cleaned = clean_name(name)
    except ScenarioError:
        return pd.DataFrame(columns=["name", "params_json", "saved_at"])
    query = select(scenarios).where(scenarios.c.name == cleaned)
    with engine_for(warehouse).connect() as con:
        return pd.DataFrame(con.execute(query).all(), columns=["name", "params_json", "saved_at"])


def carry_over(warehouse: Warehouse) -> int:
    """Copy the scenarios saved inside an older warehouse file into this store, once per
    warehouse URL (names already in the store win). Returns how many were copied."""
    engine = engine_for(warehouse)
    key = f"carried_over:{warehouse.url}"
    with engine.connect() as con:
        if con.execute(select(meta.c.value).where(meta.c.key == key)).first() is not None:
            return 0
    try:
        old = warehouse.query("SELECT name, params_json, saved_at FROM scenarios")
    except Exception:  # noqa: BLE001 - no warehouse, or one without a scenarios table
        old = pd.DataFrame(columns=["name", "params_json", "saved_at"])
    copied = 0
    try:
        copied = _copy_old(engine, key, old)
    except IntegrityError:  # another session carried them over at the same moment
        return 0
    return copied


def _copy_old(engine: Engine, key: str, old: pd.DataFrame) -> int:
    copied = 0
    with engine.begin() as con:
        have = {r[0] for r in con.execute(select(scenarios.c.name))}
        for row in old.itertuples(index=False):
            try:
                name = clean_name(str(row.name))
            except ScenarioError:
                log.warning("old scenario %r has an unusable name; not carried over", row.name)
                continue
            if name in have:
                continue
            saved_at = pd.Timestamp(row.saved_at).to_pydatetime()
            con.execute(
                insert(scenarios).values(name=name, params_json=row.params_json, saved_at=saved_at)
            )
            have.add(name)
            copied += 1
        con.execute(insert(meta).values(key=key, value=datetime.now(UTC).isoformat()))
    return copied
