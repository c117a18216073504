"""Row classes (ingest.rows) against the tables they are written to (warehouse.schema):
the table is the one declaration of what is stored; every row class must match it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Double, MetaData, String, Table

from ingest.rows import ROW_TABLES, schema_mismatches
from warehouse.schema import OBSERVATION_TABLES, metadata


def test_every_row_class_matches_its_table() -> None:
    problems = [
        p for cls, t in ROW_TABLES.items() for p in schema_mismatches(cls, metadata.tables[t])
    ]
    assert problems == []


def test_every_observation_table_has_a_row_class() -> None:
    assert sorted(ROW_TABLES.values()) == sorted(OBSERVATION_TABLES)


@dataclass(frozen=True, slots=True)
class _Drifted:
    provider: str
    price: str  # a number stored as text
    note: float | None = None  # a nullable field for a NOT NULL column
    extra: str = ""  # a field with no column


def test_a_drifted_row_class_is_reported_field_by_field() -> None:
    table = Table(
        "drifted",
        MetaData(),
        Column("source_id", String, nullable=False),
        Column("provider", String, nullable=False),
        Column("price", Double),
        Column("note", Double, nullable=False),
        Column("missing", String),
    )
    assert schema_mismatches(_Drifted, table) == [
        "_Drifted.price: annotated <class 'str'>, but drifted.price is DOUBLE (float)",
        "_Drifted.note may be None, drifted.note is NOT NULL",
        "_Drifted.extra: no column drifted.extra",
        "drifted.missing: no field _Drifted.missing",
    ]
