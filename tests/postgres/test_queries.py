"""Every query function gives the same answer on DuckDB and on PostgreSQL, from the same
bundled snapshot (engine-portable SQL). Compared modulo float formatting (9 significant
digits), number types (int/float/Decimal), and row order (rows are compared sorted;
order is a presentation detail each function documents, checked on one engine by the
per-area tests), without the columns that record *when* the test refresh ran."""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import pandas as pd
import pytest

import warehouse.queries
from warehouse.connection import Warehouse

pytestmark = pytest.mark.postgres

# Arguments for query functions whose parameters have no default: real values from the
# bundled snapshot, so that each returns rows.
ARGS: dict[str, dict] = {
    "benchmarks.mlperf_accelerators": {"model_id": "llama-2-70b-99", "scenario": "Offline"},
    "benchmarks.mlperf_progress": {"model_id": "llama-2-70b-99", "scenario": "Offline"},
    "benchmarks.percentiles": {"source_id": "llmperf", "metric": "ttft_s"},
    "brief.gpu_offers": {"start": date(2026, 7, 1), "end": date(2026, 8, 8)},
    "brief.new_benchmarks": {"start": date(2023, 12, 20), "end": date(2025, 9, 9)},
    "brief.price_moves": {"start": date(2025, 1, 1), "end": date(2026, 8, 8), "min_abs_pct": 5.0},
    "brief.run_problems": {"since": pd.Timestamp("2020-01-01")},
    "brief.series_changes": {"start": date(2025, 1, 1), "end": date(2026, 8, 8)},
    "brief.series_spans": {"start": date(2025, 1, 1), "end": date(2026, 8, 8)},
    "concentration.published_shares": {"segment": "model_api"},
    "concentration.segment_shares": {"segment": "model_api"},
    "gpu.class_prices": {"gpus": ("H100_SXM", "A100_SXM_80GB")},
    "gpu.latest_offers": {"gpu": "H100_SXM"},
    "gpu.weekly_median": {"gpus": ("H100_SXM", "A100_SXM_80GB")},
    "meta.table": {"name": "api_prices"},
    "meta.table_preview": {"name": "gpu_prices"},
    "meta.table_shape": {"name": "benchmarks"},
    "prices.cheapest_by_period": {"min_index": 40.0},
    "prices.model_across_providers": {"model_id": "gpt-oss-120b"},
    "prices.price_history": {"model_ids": ("gpt-oss-120b", "glm-5.2")},
    "unit_economics.comparable_list_prices": {"params_b": 120.0},
    "unit_economics.gpu_price_summary": {"gpus": ("H100_SXM", "A100_SXM_80GB")},
    "unit_economics.hardware_specs": {"accelerators": ("H100_SXM", "H200")},
    "unit_economics.provider_prices": {"gpu": "H100_SXM"},
    "unit_economics.token_throughput": {"hardware": ("H100_SXM", "H200")},
}
WRITERS = {"scenarios.save_scenario"}  # writes; covered by the scenario tests
# When the test's own refresh ran (differs between the two builds by design).
VOLATILE = {"run_id", "started_at", "finished_at", "last_success", "last_failure",
            "last_refresh", "age_days", "saved_at"}  # fmt: skip
# Rows that differ only by a table preview's cut-off: compare the full table instead.
PREVIEWS = {"meta.table_preview"}


def query_functions() -> dict[str, Callable]:
    """Every public function of warehouse.queries.* whose first parameter is ``wh``."""
    found = {}
    for info in pkgutil.iter_modules(warehouse.queries.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"warehouse.queries.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = list(inspect.signature(fn).parameters)
            if params and params[0] == "wh":
                found[f"{info.name}.{name}"] = fn
    return found


FUNCTIONS = query_functions()


def test_every_query_function_is_compared() -> None:
    required = {
        key
        for key, fn in FUNCTIONS.items()
        if any(p.default is p.empty for p in list(inspect.signature(fn).parameters.values())[1:])
    }
    assert required - WRITERS <= set(ARGS), "give the new query function arguments in ARGS"
    assert set(ARGS) <= set(FUNCTIONS), "ARGS names a function that no longer exists"
    assert len(FUNCTIONS) > 50


def _cell(value: object) -> object:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        return float(f"{float(value):.9g}")
    if isinstance(value, pd.Timestamp | datetime):
        return (
            pd.Timestamp(value).tz_localize(None) if pd.Timestamp(value).tz else pd.Timestamp(value)
        )
    if isinstance(value, date):
        return pd.Timestamp(value)
    if hasattr(value, "item"):  # numpy scalars
        return _cell(value.item())
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return tuple(_cell(v) for v in (value.tolist() if hasattr(value, "tolist") else value))
    return value


def normalized(df: pd.DataFrame) -> tuple[list[str], list[tuple]]:
    cols = [c for c in df.columns if c not in VOLATILE]
    rows = [tuple(_cell(v) for v in row) for row in df[cols].itertuples(index=False)]
    return cols, sorted(rows, key=lambda r: tuple((v is None, str(type(v)), str(v)) for v in r))


@pytest.mark.parametrize("key", sorted(set(FUNCTIONS) - WRITERS - PREVIEWS))
def test_same_answer_on_both_engines(
    key: str, offline_warehouse: Warehouse, pg_offline_warehouse: Warehouse
) -> None:
    fn, kwargs = FUNCTIONS[key], ARGS.get(key, {})
    duck = fn(offline_warehouse, **kwargs)
    pg = fn(pg_offline_warehouse, **kwargs)
    duck_cols, duck_rows = normalized(duck)
    pg_cols, pg_rows = normalized(pg)
    assert pg_cols == duck_cols
    assert len(pg_rows) == len(duck_rows)
    assert pg_rows == duck_rows
