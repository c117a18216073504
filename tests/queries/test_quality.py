"""On the bundled snapshot (offline warehouse): plausibility and consensus decide
what is current, LLM tables hold text generation only, and what was held or not
mapped is listed (warehouse.queries.quality)."""

from __future__ import annotations

import pytest

from warehouse.connection import Warehouse
from warehouse.queries import prices, quality


def _current(wh: Warehouse, provider: str, model: str) -> dict[str, float]:
    df = wh.query(
        "SELECT price_type, usd_per_mtok FROM mv_latest_api_prices_long "
        "WHERE provider = :p AND model_id = :m",
        {"p": provider, "m": model},
    )
    return dict(zip(df["price_type"], df["usd_per_mtok"], strict=True))


def test_no_current_text_price_above_1000_per_mtok(offline_warehouse: Warehouse) -> None:
    """Before: nine (provider, model) pairs above $1,000 per 1M tokens."""
    df = offline_warehouse.query(
        "SELECT provider, model_id FROM mv_latest_api_prices WHERE kind = 'text' "
        "AND (input_usd_per_mtok > 1000 OR output_usd_per_mtok > 1000)"
    )
    assert df.empty


@pytest.mark.parametrize(
    ("provider", "model", "expected"),
    [
        # W&B Inference is CoreWeave's: litellm's $15,000 input is held, OpenRouter's $0.03
        ("CoreWeave", "gpt-oss-120b", {"input": 0.03, "output": 0.17, "cached_input": 0.03}),
        # watsonx $200 -> $0.2 (2025-10-04 -> 2026-07-24): a correction, loaded
        ("IBM watsonx", "granite-3-8b-instruct", {"input": 0.2, "output": 0.2}),
        # Oracle grok-3 output $0.15 -> $15 toward xAI's $15: loaded
        ("Oracle Cloud", "grok-3", {"input": 3.0, "output": 15.0}),
    ],
)
def test_corrections_load_and_wrong_values_are_not_current(
    offline_warehouse: Warehouse, provider: str, model: str, expected: dict
) -> None:
    assert _current(offline_warehouse, provider, model) == pytest.approx(expected)


def test_broken_entries_are_held_whole_and_listed(offline_warehouse: Warehouse) -> None:
    held = quality.held_back_values(offline_warehouse)
    jais = held[held["item"].str.startswith("Microsoft Azure | jais-30b-chat | ")]
    assert set(jais["new_value"]) == {3200.0, 9710.0}  # input and output held together
    assert not _current(offline_warehouse, "Microsoft Azure", "jais-30b-chat")
    wandb = held[held["item"] == "CoreWeave | gpt-oss-120b | input"]
    assert set(wandb["new_value"]) == {15000.0}
    assert set(wandb["current_value"]) == {0.03}  # what is shown instead, and from where
    assert set(wandb["current_source"]) == {"openrouter_endpoints"}


def test_llm_price_table_is_text_only_other_kinds_on_request(
    offline_warehouse: Warehouse,
) -> None:
    """Before: the #1 cheapest listing was flux-1-dev-controlnet-union at $0.001."""
    table = prices.price_table(offline_warehouse, limit=20)
    assert set(table["kind"]) == {"text"}
    assert not table["model_id"].str.contains("flux|tts|embed|whisper|guard").any()
    images = prices.price_table(offline_warehouse, kind="image", search="flux", limit=50)
    assert "flux-1-dev-controlnet-union" in set(images["model_id"])
    kinds = quality.listing_kinds(offline_warehouse).set_index("kind")["n_listings"]
    assert kinds["text"] > 2000 and kinds["image"] > 0 and kinds["audio"] > 0
    assert "unclassified" not in kinds.index


def test_qwen3_max_loads_its_first_tier(offline_warehouse: Warehouse) -> None:
    """Before: dropped (tiered-only). LiteLLM's first tier is loaded with its threshold
    (OpenRouter's newer Alibaba endpoint price, 2026-07-31, is the current one)."""
    df = offline_warehouse.query(
        "SELECT price_type, usd_per_mtok, terms FROM api_prices WHERE source_id = 'litellm' "
        "AND provider = 'Alibaba' AND model_id = 'qwen3-max' ORDER BY price_type"
    )
    assert df.to_dict("records") == [
        {
            "price_type": "input",
            "usd_per_mtok": 1.2,
            "terms": "first tier: prompts of 0-32K tokens",
        },
        {
            "price_type": "output",
            "usd_per_mtok": 6.0,
            "terms": "first tier: prompts of 0-32K tokens",
        },
    ]
    table = prices.price_table(offline_warehouse, search="qwen3-max", providers=("Alibaba",))
    assert "qwen3-max" in set(table["model_id"])


def test_one_provider_one_id(offline_warehouse: Warehouse) -> None:
    providers = offline_warehouse.query("SELECT DISTINCT provider FROM api_prices")["provider"]
    assert "Weights & Biases" not in set(providers)
    lowered = providers.str.lower().str.replace(r"[^a-z0-9]", "", regex=True)
    assert not lowered.duplicated().any()
    sambanova = prices.model_across_providers(offline_warehouse, "deepseek-v3.1")
    assert "SambaNova" in set(sambanova["provider"])
    assert prices.model_across_providers(offline_warehouse, "deepseek-chat-v3.1").empty


def test_nothing_unmapped_in_the_bundled_snapshot(offline_warehouse: Warehouse) -> None:
    assert quality.unmapped_names(offline_warehouse).empty
