"""``charts render`` draws the same charts from PostgreSQL as from DuckDB."""

from __future__ import annotations

import io

import pytest

from charts import registry, render_cli
from warehouse.connection import Warehouse

pytestmark = pytest.mark.postgres


def test_every_page_draws_the_same_charts_on_both_engines(
    offline_warehouse: Warehouse, pg_offline_warehouse: Warehouse
) -> None:
    pages = registry.pages()
    drawn = {}
    for wh in (offline_warehouse, pg_offline_warehouse):
        out = io.StringIO()
        specs, failed = render_cli.collect(pages, wh, out)
        assert failed == [], out.getvalue()
        drawn[wh.is_duckdb] = {
            page: [(s.name, s.title, len(s.data)) for s in page_specs]
            for page, page_specs in specs.items()
        }
    assert drawn[False] == drawn[True]
    assert sum(len(v) for v in drawn[True].values()) > 20
