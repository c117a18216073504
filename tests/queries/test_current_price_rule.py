"""Issue 9 (part B): which price is current, whose, how old. The current-price rule and
disagreements on a hand-made warehouse, then the issue's cases on the bundled snapshot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pandas as pd
import pytest

from canon.channels import channel, is_router, precedence, precedence_sql, router_sql_list
from charts.pages import model_apis as chart_set
from charts.provenance import direct_loader
from warehouse.connection import Warehouse
from warehouse.queries import prices as q
from warehouse.status import source_status

Derive = Callable[[Warehouse], Warehouse]
D1, D2, D3 = "2026-07-24", "2026-07-31", "2026-08-05"
# (source, run, provider, model, observed, input, output, undated)
ROWS = [
    # o3-like: an undated list entry stamped with its (newest) snapshot date loses to
    # dated observations from other sources, and the disagreement is shown
    ("litellm", "r1", "OpenAI", "o3", D1, 2.0, 8.0, False),
    ("llm_prices", "r2", "OpenAI", "o3", D3, 10.0, 40.0, True),
    # same date: the provider's own page beats a router's report of it
    ("deepseek_pricing", "r3", "DeepSeek", "ds", D2, 0.28, 0.42, False),
    ("openrouter_endpoints", "r4", "DeepSeek", "ds", D2, 0.30, 0.42, False),
    # only undated: it is still the current price (nothing dated overrides it)
    ("llm_prices", "r2", "OpenAI", "only-undated", D3, 1.0, 2.0, True),
    # 4% apart: not a disagreement
    ("litellm", "r1", "Groq", "g", D1, 1.00, 1.00, False),
    ("openrouter_endpoints", "r4", "Groq", "g", D2, 1.04, 1.04, False),
    # a router's own listing
    ("openrouter_models", "r5", "OpenRouter", "g", D3, 0.5, 0.5, False),
]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "source_id": s,
                "run_id": run,
                "observed_at": datetime.fromisoformat(at),
                "provider": prov,
                "model_id": model,
                "price_type": t,
                "usd_per_mtok": v,
                "raw_value": v,
                "raw_unit": "USD/1M tokens",
                "kind": "text",
                "undated": undated,
            }
            for s, run, prov, model, at, i, o, undated in ROWS
            for t, v in (("input", i), ("output", o))
        ]
    )


@pytest.fixture
def wh(memory_warehouse: Warehouse, derive: Derive) -> Warehouse:
    with memory_warehouse.writer() as s:
        s.insert_df("api_prices", _frame())
    return derive(memory_warehouse)


def _current(wh: Warehouse) -> dict[tuple[str, str], tuple]:
    t = q.price_table(wh, limit=100)
    return {
        (r.provider, r.model_id): (r.input_usd_per_mtok, r.output_usd_per_mtok, r.source_id)
        for r in t.itertuples()
    }


def test_dated_beats_undated_and_own_page_beats_router_report(wh: Warehouse) -> None:
    cur = _current(wh)
    assert cur[("OpenAI", "o3")] == (2.0, 8.0, "litellm")
    assert cur[("DeepSeek", "ds")] == (0.28, 0.42, "deepseek_pricing")
    assert cur[("OpenAI", "only-undated")] == (1.0, 2.0, "llm_prices")
    assert cur[("Groq", "g")] == (1.04, 1.04, "openrouter_endpoints")  # newest date wins


def test_price_table_flags_routers_undated_and_disagreements(wh: Warehouse) -> None:
    t = q.price_table(wh, limit=100).set_index(["provider", "model_id"])
    assert bool(t.loc[("OpenRouter", "g"), "is_router"]) is True
    assert bool(t.loc[("Groq", "g"), "is_router"]) is False
    assert bool(t.loc[("OpenAI", "only-undated"), "undated"]) is True
    assert bool(t.loc[("OpenAI", "o3"), "disagree"]) is True
    assert bool(t.loc[("Groq", "g"), "disagree"]) is False  # 4% apart agrees
    assert bool(t.loc[("DeepSeek", "ds"), "disagree"]) is True  # input 0.28 vs 0.30 (7%)


def test_disagreements_give_both_values_and_both_sources(wh: Warehouse) -> None:
    d = q.price_disagreements(wh)
    got = {
        (r.provider, r.model_id, r.price_type): (
            r.source_a,
            r.usd_per_mtok_a,
            bool(r.undated_a),
            r.source_b,
            r.usd_per_mtok_b,
            bool(r.undated_b),
            round(r.pct_apart, 1),
        )
        for r in d.itertuples()
    }
    assert got == {
        ("OpenAI", "o3", "input"): ("litellm", 2.0, False, "llm_prices", 10.0, True, 400.0),
        ("OpenAI", "o3", "output"): ("litellm", 8.0, False, "llm_prices", 40.0, True, 400.0),
        ("DeepSeek", "ds", "input"): (
            "deepseek_pricing",
            0.28,
            False,
            "openrouter_endpoints",
            0.30,
            False,
            7.1,
        ),
    }


def test_channels() -> None:
    assert is_router("OpenRouter") and is_router("Vercel AI Gateway")
    assert not is_router("Groq") and channel("Groq") == "provider"
    assert channel("OpenRouter") == "router"
    assert precedence("deepseek_pricing") < precedence("litellm") < precedence("openrouter_models")
    assert "'OpenRouter'" in router_sql_list()
    assert precedence_sql("x").startswith("(CASE x WHEN")


# ---------------------------------------------------------------- the bundled snapshot


def test_o3_at_openai_is_2_and_8(offline_warehouse: Warehouse) -> None:
    rows = q.model_across_providers(offline_warehouse, "o3").set_index("provider")
    openai = rows.loc["OpenAI"]
    assert (openai["input_usd_per_mtok"], openai["output_usd_per_mtok"]) == (2.0, 8.0)
    assert bool(openai["disagree"]) is True  # llm-prices' undated $10 / $40 is shown
    d = q.price_disagreements(offline_warehouse, model_ids=("o3",))
    llm = d[(d["source_a"] == "llm_prices") | (d["source_b"] == "llm_prices")]
    values = set(llm["usd_per_mtok_a"]) | set(llm["usd_per_mtok_b"])
    assert {2.0, 8.0, 10.0, 40.0} <= values


def test_openrouter_is_a_router_and_glm_headline_names_a_serving_provider(
    offline_warehouse: Warehouse,
) -> None:
    load = direct_loader(offline_warehouse)
    spec = chart_set.comparison_spec(load, "glm-5.2")
    data = spec.data.set_index("provider")
    assert bool(data.loc["OpenRouter", "is_router"]) is True
    named = spec.title.split(" is the cheapest of ")[0]
    assert named == "Decart" and not is_router(named)
    endpoints = offline_warehouse.query(
        "SELECT DISTINCT provider FROM api_prices WHERE source_id = :s AND model_id = 'glm-5.2'",
        {"s": q.ENDPOINT_SOURCE},
    )
    assert named in set(endpoints["provider"])  # a real endpoint priced on OpenRouter
    assert spec.title.startswith(
        "Decart is the cheapest of 29 providers serving glm-5.2: $0.825 vs $3.23 at Wafer "
        "(observed 2026-07-31"
    )
    assert spec.subtitle.endswith("routers (channels, not ranked): OpenRouter $0.316 (2026-08-08)")
    # the 29th: PPIO's mainland China list in CNY (model_price_hub), converted at the ECB
    # rate of 2026-08-13 and labelled as such on the chart
    ppio = spec.data.set_index("provider").loc["PPIO"]
    assert ppio["fx_currency"] == "CNY" and ppio["source_id"] == "model_price_hub"
    assert chart_set.display_provider(spec.data[spec.data["provider"] == "PPIO"].iloc[0]) == (
        "PPIO (CNY list)"
    )


def test_baseten_frontier_point_is_one_endpoint(offline_warehouse: Warehouse) -> None:
    speed = q.price_speed(offline_warehouse, "glm-5.2")
    baseten = speed[speed["provider"] == "Baseten"]
    assert len(baseten) == 1
    row = baseten.iloc[0]
    assert (row["endpoint_label"], row["output_tps"], row["blended_usd_per_mtok"]) == (
        "Baseten (fp8)",
        83.0,
        2.15,
    )
    # the same endpoint's own p50 speed in the same scrape; its "Fast" tier is not mixed in
    raw = offline_warehouse.query(
        "SELECT value FROM benchmarks WHERE source_id = :s AND workload = :w "
        "AND metric = 'output_tps' AND stat = 'p50' AND observed_at = :at",
        {"s": q.ENDPOINT_SOURCE, "w": row["endpoint"], "at": row["observed_at"]},
    )
    assert raw["value"].tolist() == [83.0]
    title = chart_set.speed_title(
        speed.assign(pareto=[False] * len(speed)), "glm-5.2"
    )  # fastest named with its endpoint
    assert "112" not in title


def test_llmperf_age_counts_from_its_data_not_the_load(offline_warehouse: Warehouse) -> None:
    status = source_status(offline_warehouse, today=date(2026, 12, 4)).set_index("source_id")
    llmperf = status.loc["llmperf"]
    assert llmperf["data_date"] == pd.Timestamp("2024-01-10")
    assert llmperf["age_days"] == 1059  # "about 1,000 days"
    assert pd.Timestamp(llmperf["last_success"]).date() >= date(2026, 12, 1)  # loaded now
    assert status.loc["llm_prices", "n_undated"] == 344  # entries without a date of their own
    assert status.loc["curated_companies", "n_undated"] == 82  # no citation date: undated
    assert pd.isna(status.loc["curated_companies", "data_date"])


def test_movers_leave_out_fine_tunes_and_aliases_and_state_dates(
    offline_warehouse: Warehouse,
) -> None:
    log = q.price_change_log(offline_warehouse, limit=200)
    assert not log["model_id"].str.startswith("ft:").any()
    assert not log["model_id"].str.endswith("-latest").any()
    everything = q.price_change_log(offline_warehouse, limit=200, headline=False)
    assert everything["model_id"].eq("ft:davinci-002").any()  # still in the full log
    title = chart_set.movers_title(log.head(20))
    assert title.startswith(
        "Largest move: Cohere command-r7b-12-2024 output +300% since 2025-10-04 (to 2026-07-24)"
    )
    # one offline load of several snapshots: never "since the last refresh"
    assert not log["since_last_refresh"].any() and "last refresh" not in title


def test_history_and_price_of_intelligence_leave_routers_out(
    offline_warehouse: Warehouse,
) -> None:
    hist = q.price_history(offline_warehouse, model_ids=("glm-5.2",))
    assert not hist["provider"].map(is_router).any()
    with_routers = q.price_history(offline_warehouse, model_ids=("glm-5.2",), serving_only=False)
    assert with_routers["provider"].eq("OpenRouter").any()
    assert hist["blended_usd_per_mtok"].min() == 0.825  # Decart, not OpenRouter's $0.316
    per = q.cheapest_by_period(offline_warehouse, min_index=40)
    assert not per["provider"].map(is_router).any()


def test_movers_leave_out_listings_deprecated_before_the_change(
    offline_warehouse: Warehouse,
) -> None:
    # LiteLLM deprecates moonshot/kimi-thinking-preview on 2025-11-11; its -98% cut first
    # seen on 2026-07-24 is a legacy listing, not a market move
    log = q.price_change_log(offline_warehouse, limit=500)
    assert "kimi-thinking-preview" not in set(log["model_id"])
    full = q.price_change_log(offline_warehouse, limit=500, headline=False)
    kimi = full[full["model_id"] == "kimi-thinking-preview"]
    assert set(kimi["pct_change"].round()) == {-98.0, -92.0}
