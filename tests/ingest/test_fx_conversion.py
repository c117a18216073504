"""CNY prices through the runner: converted at the ECB rate stored in the warehouse (the
rate, its date and source on every converted row, the CNY figure kept), counted and
skipped when no rate is stored, and never current where a USD price exists."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ingest.registry import all_sources
from ingest.runner import refresh
from warehouse.connection import Warehouse
from warehouse.migrate import ensure_schema
from warehouse.schema import SCHEMA_VERSION

USD_PER_CNY = 1.1534 / 7.7774  # ECB 2026-08-13


def _refresh(wh: Warehouse, *names: str) -> dict:
    results = refresh(wh, list(names), offline=True, archive_dir=None)
    return {r.source: r for r in results}


def test_cny_prices_convert_at_the_stored_ecb_rate() -> None:
    wh = Warehouse("duckdb:///:memory:")
    results = _refresh(wh, "ecb_fx", "model_price_hub")
    assert results["ecb_fx"].status == "ok" and results["ecb_fx"].rows_new == 12653
    assert results["model_price_hub"].rows_new == 272
    row = wh.query(
        "SELECT usd_per_mtok, raw_value, raw_unit, currency, fx_usd_per_unit, fx_rate_date, "
        "fx_source, terms FROM api_prices WHERE provider = 'Alibaba' AND model_id = 'qwen3-max' "
        "AND price_type = 'input'"
    ).iloc[0]
    assert row["raw_value"] == 2.5 and row["currency"] == "CNY"
    assert row["raw_unit"] == "CNY/1M tokens"
    assert row["fx_usd_per_unit"] == pytest.approx(USD_PER_CNY)
    assert row["usd_per_mtok"] == pytest.approx(2.5 * USD_PER_CNY)
    assert str(row["fx_rate_date"])[:10] == "2026-08-13" and row["fx_source"] == "ecb_fx"
    assert row["terms"] == "mainland China list price (CNY)"
    usd_rows = wh.scalar("SELECT COUNT(*) FROM api_prices WHERE currency = 'USD'")
    unconverted = wh.scalar(
        "SELECT COUNT(*) FROM api_prices WHERE currency = 'USD' AND fx_usd_per_unit IS NOT NULL"
    )
    assert usd_rows == 6 and unconverted == 0


def test_without_rates_cny_prices_are_skipped_with_the_reason() -> None:
    wh = Warehouse("duckdb:///:memory:")
    result = _refresh(wh, "model_price_hub")["model_price_hub"]
    assert result.status == "ok" and result.rows_new == 6
    reason = "CNY price without a stated, dated USD rate (no CNY rate loaded)"
    assert result.skipped[reason] == 268


def test_a_usd_price_stays_current_beside_a_converted_one() -> None:
    """Alibaba qwen-max: LiteLLM's USD list ($1.60) stays current; the mainland CNY list
    (converted, lower) shows as a disagreement with its currency and terms."""
    wh = Warehouse("duckdb:///:memory:")
    _refresh(wh, "ecb_fx", "litellm", "model_price_hub")
    current = wh.query(
        "SELECT source_id, usd_per_mtok FROM latest_api_prices_long "
        "WHERE provider = 'Alibaba' AND model_id = 'qwen-max' AND price_type = 'input'"
    ).iloc[0]
    assert current["source_id"] == "litellm" and current["usd_per_mtok"] == pytest.approx(1.6)
    pair = wh.query(
        "SELECT source_a, currency_a, source_b, currency_b, terms_b FROM api_price_disagreements "
        "WHERE provider = 'Alibaba' AND model_id = 'qwen-max' AND price_type = 'input'"
    ).iloc[0]
    assert (pair["source_a"], pair["currency_a"]) == ("litellm", "USD")
    assert (pair["source_b"], pair["currency_b"]) == ("model_price_hub", "CNY")
    assert pair["terms_b"] == "mainland China list price (CNY)"
    # a model only listed in CNY (Baidu ERNIE 5.1) is current at its converted price
    ernie = wh.query(
        "SELECT currency, raw_value FROM latest_api_prices_long "
        "WHERE provider = 'Baidu' AND model_id = 'ernie-5.1' AND price_type = 'input'"
    ).iloc[0]
    assert ernie["currency"] == "CNY" and ernie["raw_value"] == 4.0


def test_ecb_rates_load_before_the_sources_that_convert() -> None:
    order = list(all_sources())
    assert order.index("ecb_fx") < order.index("model_price_hub")


def test_a_version_7_file_gets_the_conversion_columns(tmp_path: Path) -> None:
    wh = Warehouse(f"duckdb:///{tmp_path / 'w.duckdb'}")
    with wh.writer() as s:
        ensure_schema(s)
        for column in ("fx_usd_per_unit", "fx_rate_date", "fx_source"):
            s.execute(f"ALTER TABLE api_prices DROP COLUMN {column}")
        s.execute("DROP TABLE fx_rates")
        s.execute("DELETE FROM schema_version")
        s.execute("INSERT INTO schema_version VALUES (7, CURRENT_TIMESTAMP)")
    with wh.writer() as s:
        assert ensure_schema(s) == SCHEMA_VERSION == 8
    _refresh(wh, "ecb_fx", "model_price_hub")
    assert wh.scalar("SELECT COUNT(*) FROM api_prices WHERE fx_source = 'ecb_fx'") == 266


def test_an_exchange_rate_move_alone_is_not_a_price_change() -> None:
    """Two hub snapshots a week apart: qwen3-max's CNY price unchanged (its USD value moves
    with the rate: no change listed); qwen-max's CNY price cut (listed, in USD)."""
    import json

    from ingest.base import Payload
    from ingest.runner import run_jobs
    from ingest.sources.model_price_hub import SOURCE as HUB

    (snap,) = HUB.load_snapshot()
    data = json.loads(snap.text())
    data["generated_at"] = "2026-08-20T20:00:00Z"
    for e in data["entries"]:
        if e["model"] == "qwen-max" and e["currency"] == "CNY":
            e["input_per_1m"] = 1.2  # was 2.4
    later = Payload(json.dumps(data).encode(), snap.observed_at, "later", "later.json")
    wh = Warehouse("duckdb:///:memory:")
    _refresh(wh, "ecb_fx", "model_price_hub")
    run_jobs(wh, [(HUB, lambda: [later])], mode="offline", archive_dir=None)
    rates = wh.query(
        "SELECT DISTINCT fx_rate_date FROM api_prices WHERE source_id = 'model_price_hub' "
        "AND currency = 'CNY' ORDER BY 1"
    )
    assert len(rates) == 2  # 2026-08-13 and 2026-08-20: two different ECB rates
    changes = wh.query(
        "SELECT model_id, price_type, old_usd_per_mtok, new_usd_per_mtok FROM price_changes "
        "WHERE source_id = 'model_price_hub' AND provider = 'Alibaba'"
    )
    assert changes[["model_id", "price_type"]].values.tolist() == [["qwen-max", "input"]]
    assert changes["new_usd_per_mtok"].iloc[0] < changes["old_usd_per_mtok"].iloc[0] * 0.55


def test_the_price_table_says_official_or_channel_and_the_conversion() -> None:
    from warehouse.queries import prices as q

    wh = Warehouse("duckdb:///:memory:")
    _refresh(wh, "ecb_fx", "model_price_hub")
    table = q.price_table(wh, search="deepseek-v4-flash")
    table = table[table["model_id"] == "deepseek-v4-flash"].set_index("provider")
    deepseek, ppio = table.loc["DeepSeek"], table.loc["PPIO"]
    assert bool(deepseek["official"]) is True and pd.isna(deepseek["fx_currency"])
    assert deepseek["input_usd_per_mtok"] == 0.14  # the USD list, not the CNY one
    assert bool(ppio["official"]) is False and ppio["fx_currency"] == "CNY"
    assert ppio["fx_usd_per_unit"] == pytest.approx(USD_PER_CNY)
    assert ppio["input_usd_per_mtok"] == pytest.approx(USD_PER_CNY)  # CNY 1.0


def test_price_history_follows_the_usd_list_where_there_is_one() -> None:
    """Alibaba qwen-max: the history shows LiteLLM's USD list only (the mainland CNY list,
    4.5x lower, is not a price cut); Baidu ERNIE 5.1, listed only in CNY, has a history."""
    from warehouse.queries import prices as q

    wh = Warehouse("duckdb:///:memory:")
    _refresh(wh, "ecb_fx", "litellm", "model_price_hub")
    alibaba = q.price_history(wh, ("qwen-max",), providers=("Alibaba",))
    assert set(alibaba["source_id"]) == {"litellm"}
    ernie = q.price_history(wh, ("ernie-5.1",), providers=("Baidu",))
    assert list(ernie["source_id"]) == ["model_price_hub"]
