"""API price queries: on a small hand-made warehouse (exact expectations) and on the
offline snapshot (real shapes, recomputed independently in pandas)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd
import pytest

from warehouse.connection import Warehouse
from warehouse.queries import prices as q

Derive = Callable[[Warehouse], Warehouse]  # the ``derive`` fixture (conftest.py)

D1, D2 = "2026-01-10", "2026-02-10"
EP = q.ENDPOINT_SOURCE
# (source, provider, model, observed, input, output)  USD per 1M tokens; None = not listed
PRICES = [
    ("s1", "ProvA", "m1", D1, 1.0, 4.0),
    ("s1", "ProvA", "m1", D2, 0.5, 2.0),  # both prices halved
    ("s1", "ProvA", "m2", D1, 3.0, 9.0),  # not in ProvA's newest snapshot: delisted
    ("s1", "ProvA", "emb", D2, 0.1, None),  # input only (an embedding model)
    ("s1", "ProvB", "m1", D1, 2.0, 2.0),  # ProvB observed once: still current
    (EP, "ProvA", "m1", D2, 0.5, 2.0),
    (EP, "ProvC", "m1", D2, 0.0, 0.0),  # a free tier
]
# (source, model, observed, name, creator, open_weights, context, AA index)
MODELS = [
    ("cat", "m1", D1, "Model One", "LabX", True, 128_000, 50.0),
    ("lit", "m1", D2, "", "", None, None, None),  # newer row without facts
    ("cat", "m2", D1, "Model Two", "LabY", None, 8_000, 30.0),
]
# (provider, model, p50 output tokens/s, endpoint) at the endpoint source on D2. The
# endpoint source prices one endpoint per provider and model ("ep ProvA"); ProvA's
# faster "ep ProvA Fast" tier has speed stats but no tracked price.
SPEEDS = [
    ("ProvA", "m1", 100.0, "ep ProvA"),
    ("ProvA", "m1", 150.0, "ep ProvA Fast"),
    ("ProvC", "m1", 200.0, "ep ProvC"),
]


def _rows(prov: dict) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    prices = [
        {
            **prov,
            "source_id": s,
            "observed_at": datetime.fromisoformat(d),
            "provider": p,
            "model_id": m,
            "price_type": t,
            "usd_per_mtok": v,
            "raw_value": v,
            "raw_unit": "USD/1M tokens",
            "kind": "text",
            "endpoint": f"ep {p}" if s == EP else None,
        }
        for s, p, m, d, i, o in PRICES
        for t, v in (("input", i), ("output", o))
        if v is not None
    ]
    models = [
        {
            **prov,
            "source_id": s,
            "observed_at": datetime.fromisoformat(d),
            "model_id": m,
            "name": n,
            "creator": c,
            "open_weights": w,
            "context_tokens": ctx,
            "aa_intelligence_index": idx,
        }
        for s, m, d, n, c, w, ctx, idx in MODELS
    ]
    speeds = [
        {
            **prov,
            "source_id": EP,
            "observed_at": datetime.fromisoformat(D2),
            "provider": p,
            "model_id": m,
            "metric": "output_tps",
            "stat": "p50",
            "value": v,
            "unit": "tokens/s",
            "raw_value": v,
            "raw_unit": "tokens/s",
            "workload": w,
        }
        for p, m, v, w in SPEEDS
    ]
    return pd.DataFrame(prices), pd.DataFrame(models), pd.DataFrame(speeds)


@pytest.fixture
def wh(memory_warehouse: Warehouse, derive: Derive) -> Warehouse:
    prices, models, speeds = _rows({"run_id": "r1"})
    with memory_warehouse.writer() as s:
        s.insert_df("api_prices", prices)
        s.insert_df("models", models.astype({"open_weights": "boolean"}))
        s.insert_df("benchmarks", speeds)
    return derive(memory_warehouse)


def _pairs(df: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(df["model_id"], df["provider"], strict=True))


def test_price_table_current_paid_listings_blended_cheapest_first(wh: Warehouse) -> None:
    table = q.price_table(wh)
    assert _pairs(table) == [("m1", "ProvA"), ("m1", "ProvB")]
    assert table["blended_usd_per_mtok"].tolist() == [0.75 * 0.5 + 0.25 * 2.0, 2.0]
    assert table["n_total"].tolist() == [2, 2]
    first = table.iloc[0]
    # facts: the latest non-empty value per field, not the newest (empty) row
    assert (first["creator"], first["aa_intelligence_index"], first["context_tokens"]) == (
        "LabX",
        50.0,
        128_000,
    )
    assert bool(first["open_weights"]) is True


def test_price_table_filters(wh: Warehouse) -> None:
    assert len(q.price_table(wh, paid_only=False)) == 4  # + free ProvC, + input-only emb
    delisted = q.price_table(wh, include_delisted=True)
    assert ("m2", "ProvA") in _pairs(delisted)
    assert _pairs(q.price_table(wh, providers=("ProvB",))) == [("m1", "ProvB")]
    assert _pairs(q.price_table(wh, creators=("LabY",), include_delisted=True)) == [("m2", "ProvA")]
    assert q.price_table(wh, min_context=200_000).empty
    assert len(q.price_table(wh, open_weights_only=True)) == 2
    assert len(q.price_table(wh, search="model ONE")) == 2  # name, case-insensitive
    assert q.price_table(wh, search="%").empty  # LIKE wildcards are escaped
    limited = q.price_table(wh, limit=1)
    assert len(limited) == 1 and limited["n_total"].iloc[0] == 2


def test_price_table_sorts_and_rejects_unknown_sort(wh: Warehouse) -> None:
    assert q.price_table(wh, sort="provider")["provider"].tolist() == ["ProvA", "ProvB"]
    by_output = q.price_table(wh, sort="output")
    assert by_output["output_usd_per_mtok"].tolist() == [2.0, 2.0]
    with pytest.raises(ValueError, match="unknown sort"):
        q.price_table(wh, sort="price; DROP TABLE api_prices")


def test_facets_and_model_choices(wh: Warehouse) -> None:
    facets = q.price_facets(wh)
    providers = facets[facets["facet"] == "provider"].set_index("value")["n"].to_dict()
    assert providers == {"ProvA": 2, "ProvB": 1, "ProvC": 1}
    assert facets[facets["facet"] == "creator"]["value"].tolist() == ["LabX"]
    choices = q.model_choices(wh)
    assert choices[["model_id", "n_providers"]].values.tolist() == [["m1", 2]]


def test_model_across_providers_paid_only_by_default(wh: Warehouse) -> None:
    assert q.model_across_providers(wh, "m1")["provider"].tolist() == ["ProvA", "ProvB"]
    with_free = q.model_across_providers(wh, "m1", paid_only=False)
    assert with_free["provider"].tolist() == ["ProvC", "ProvA", "ProvB"]
    assert q.model_across_providers(wh, "nope").empty


def test_price_speed_one_point_is_one_endpoint(wh: Warehouse) -> None:
    speed = q.price_speed(wh)
    # the free ProvC endpoint is left out; ProvA's unpriced Fast tier is not blended in
    assert _pairs(speed) == [("m1", "ProvA")]
    row = speed.iloc[0]
    assert (row["output_tps"], row["endpoint"], row["endpoint_label"]) == (
        100.0,
        "ep ProvA",
        "ep ProvA",
    )
    assert row["blended_usd_per_mtok"] == 0.875
    assert len(q.price_speed(wh, model_id="m1")) == 1 and q.price_speed(wh, "m2").empty


def test_price_history_lowest_per_day(wh: Warehouse) -> None:
    hist = q.price_history(wh, model_ids=("m1",))
    got = {(r.provider, str(r.observed_at)[:10]): r.blended_usd_per_mtok for r in hist.itertuples()}
    assert got == {
        ("ProvA", D1): 1.75,
        ("ProvA", D2): 0.875,
        ("ProvB", D1): 2.0,
        ("ProvC", D2): 0.0,
    }
    assert hist.loc[hist["provider"] == "ProvA", "source_id"].iloc[1] in (f"s1,{EP}", f"{EP},s1")
    assert q.price_history(wh, model_ids=()).empty
    assert q.price_history(wh, model_ids=("m1",), providers=("ProvB",))[
        "provider"
    ].unique().tolist() == ["ProvB"]


def test_price_changes_log_and_stats(wh: Warehouse) -> None:
    log = q.price_change_log(wh)
    assert sorted(log["price_type"]) == ["input", "output"]
    assert log["pct_change"].tolist() == [-50.0, -50.0]
    assert len(q.price_change_log(wh, latest_only=True)) == 2
    assert q.price_change_log(wh, model_ids=("m2",)).empty
    stats = q.price_change_stats(wh).iloc[0]
    assert (stats["n_changes"], stats["n_cuts"], stats["n_rises"]) == (2, 2, 0)
    assert stats["median_pct_change"] == -50.0


def test_intelligence_summary(wh: Warehouse) -> None:
    row = q.intelligence_summary(wh).iloc[0]
    assert row["n_indexed"] == 2 and row["max_index"] == 50.0
    assert row["p90_index"] == pytest.approx(30 + 0.9 * 20)


def test_cheapest_by_period_carries_prices_forward(wh: Warehouse) -> None:
    per = q.cheapest_by_period(wh, min_index=40)
    got = [
        (f"{r.period:%Y-%m}", r.model_id, r.provider, r.blended_usd_per_mtok)
        for r in per.itertuples()
    ]
    # Jan: ProvA 1.75 beats ProvB 2.0; Feb: ProvA 0.875 (ProvB's Jan 2.0 carried forward
    # loses; the free ProvC is not a price); m2 (index 30) never qualifies.
    assert got == [("2026-01", "m1", "ProvA", 1.75), ("2026-02", "m1", "ProvA", 0.875)]
    assert q.cheapest_by_period(wh, min_index=60).empty


def test_cheapest_by_period_carry_forward_window(wh: Warehouse) -> None:
    cheap = pd.DataFrame(
        [
            {
                "source_id": "s3",
                "run_id": "r2",
                "observed_at": datetime.fromisoformat(D1),
                "provider": "ProvD",
                "model_id": "m1",
                "price_type": t,
                "usd_per_mtok": 0.2,
                "raw_value": 0.2,
                "raw_unit": "USD/1M tokens",
                "kind": "text",
            }
            for t in ("input", "output")
        ]
    )
    with wh.writer() as s:
        s.insert_df("api_prices", cheap)
    carried = q.cheapest_by_period(wh, min_index=40)  # Jan 10 is within 120 days of Feb
    assert carried["provider"].tolist() == ["ProvD", "ProvD"]
    assert carried["observed_at"].dt.strftime("%Y-%m-%d").tolist() == [D1, D1]
    fresh = q.cheapest_by_period(wh, min_index=40, stale_days=10)  # 22 days is too old
    assert fresh["provider"].tolist() == ["ProvD", "ProvA"]


# ---------------------------------------------------------------- the offline snapshot


def test_offline_price_table_matches_a_pandas_recomputation(
    offline_warehouse: Warehouse,
) -> None:
    table = q.price_table(offline_warehouse, limit=5000)
    assert len(table) == table["n_total"].iloc[0] > 1000
    blended = 0.75 * table["input_usd_per_mtok"] + 0.25 * table["output_usd_per_mtok"]
    assert (table["blended_usd_per_mtok"] - blended).abs().max() < 1e-9
    assert (table["input_usd_per_mtok"] > 0).all() and (table["output_usd_per_mtok"] > 0).all()
    assert table["blended_usd_per_mtok"].is_monotonic_increasing
    assert not table.duplicated(["model_id", "provider"]).any()
    # current = the series was seen in its source's newest snapshot of that provider, or
    # (llm-prices, which republishes its dated history) is in force in its newest file
    raw = offline_warehouse.query("SELECT source_id, provider, observed_at FROM api_prices")
    newest = raw.groupby(["source_id", "provider"])["observed_at"].max()
    for row in table.sample(200, random_state=1).itertuples():
        seen = [newest[(s, row.provider)] for s in row.source_id.split(",")]
        assert pd.Timestamp(row.observed_at) in set(seen) or "llm_prices" in row.source_id


def test_offline_price_speed_prices_are_the_endpoint_prices(
    offline_warehouse: Warehouse,
) -> None:
    speed = q.price_speed(offline_warehouse)
    assert len(speed) > 500 and (speed["blended_usd_per_mtok"] > 0).all()
    assert (speed["output_tps"] > 0).all() and set(speed["source_id"]) == {EP}
    raw = offline_warehouse.query(
        "SELECT provider, model_id, price_type, usd_per_mtok FROM api_prices "
        "WHERE source_id = :s AND price_type IN ('input', 'output')",
        {"s": EP},
    )
    wide = raw.pivot_table(
        index=["provider", "model_id"], columns="price_type", values="usd_per_mtok"
    )
    sample = speed.sample(50, random_state=2)
    expected = wide.loc[list(zip(sample["provider"], sample["model_id"], strict=True))]
    assert (sample["input_usd_per_mtok"].to_numpy() == expected["input"].to_numpy()).all()


def test_offline_price_of_intelligence_inputs(offline_warehouse: Warehouse) -> None:
    per = q.cheapest_by_period(offline_warehouse, min_index=40)
    assert not per.empty and (per["aa_intelligence_index"] >= 40).all()
    assert not per.duplicated(["period", "model_id"]).any()
    months = offline_warehouse.query(
        "SELECT DISTINCT DATE_TRUNC('month', observed_at) AS m FROM api_prices"
    )["m"]
    assert set(per["period"]) <= set(months)
