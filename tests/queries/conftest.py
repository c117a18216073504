"""Hand-built warehouses are read two ways: through the views only (what
``ensure_schema`` and inserts give, as in most tests) and through the derived tables
that every refresh builds (``warehouse.migrate.materialize``). Both must give the same
answers, so fixtures that build a warehouse end with the ``derive`` fixture."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from warehouse.connection import Warehouse
from warehouse.migrate import materialize


@pytest.fixture(params=["views", "derived_tables"])
def derive(request: pytest.FixtureRequest) -> Callable[[Warehouse], Warehouse]:
    """``derive(wh)``: build the derived tables (second parametrization) or not (first)."""

    def apply(wh: Warehouse) -> Warehouse:
        if request.param == "derived_tables":
            with wh.writer() as session:
                materialize(session)
        return wh

    return apply
