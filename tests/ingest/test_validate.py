"""ingest.validate: plausibility for the kind and unit, consensus with the other
sources, and one decision per entry, on a real in-memory DuckDB warehouse."""

from __future__ import annotations

import pandas as pd
import pytest

from ingest.validate import check_ranges, guard_anomalies
from warehouse.connection import Warehouse

DAY1, DAY2 = pd.Timestamp("2025-10-04"), pd.Timestamp("2026-07-24")


def _frame(rows: list[tuple], source: str = "litellm", day: pd.Timestamp = DAY2) -> pd.DataFrame:
    """rows: (provider, model, price_type, usd_per_mtok[, kind])."""
    return pd.DataFrame(
        [
            {
                "provider": p,
                "model_id": m,
                "price_type": t,
                "usd_per_mtok": v,
                "raw_value": v / 1e6,
                "raw_unit": "USD/token",
                "kind": rest[0] if rest else "text",
                "observed_at": day,
                "source_id": source,
                "run_id": f"{source}-{day:%Y%m%d}",
            }
            for p, m, t, v, *rest in rows
        ]
    )


@pytest.fixture
def wh(memory_warehouse: Warehouse) -> Warehouse:
    """Stored history: litellm's 2025-10-04 values and another source's current ones."""
    with memory_warehouse.writer() as s:
        s.insert_df(
            "api_prices",
            _frame(
                [
                    ("IBM watsonx", "granite-3-8b-instruct", "input", 200.0),
                    ("IBM watsonx", "granite-3-8b-instruct", "output", 200.0),
                    ("Oracle Cloud", "grok-3", "input", 3.0),
                    ("Oracle Cloud", "grok-3", "output", 0.15),
                    ("Acme", "m-1", "input", 1.0),
                    ("Acme", "m-1", "output", 2.0),
                    ("Solo", "s-1", "input", 1.0),
                    ("Solo", "s-1", "output", 2.0),
                ],
                day=DAY1,
            ),
        )
        s.insert_df(
            "api_prices",
            _frame(
                [
                    ("xAI", "grok-3", "input", 3.0),
                    ("xAI", "grok-3", "output", 15.0),
                    ("OpenRouter", "grok-3", "output", 15.0),
                    ("Acme", "m-1", "input", 1.1),
                    ("Acme", "m-1", "output", 2.1),
                    ("Groq", "big-model", "input", 0.5),
                    ("Together AI", "big-model", "input", 0.6),
                    ("Other", "granite-3-8b-instruct", "input", 0.25),
                    ("Other2", "granite-3-8b-instruct", "input", 0.2),
                ],
                source="openrouter_endpoints",
            ),
        )
    return memory_warehouse


def test_text_above_1000_per_mtok_is_held_with_its_other_side() -> None:
    """Azure jais-30b-chat: $3,200 input, $9,710 output per 1M tokens."""
    df = _frame(
        [
            ("Microsoft Azure", "jais-30b-chat", "input", 3200.0),
            ("Microsoft Azure", "jais-30b-chat", "output", 9710.0),
            ("IBM watsonx", "jais-13b-chat", "input", 500.0),
            ("IBM watsonx", "jais-13b-chat", "output", 2000.0),
            ("OpenAI", "gpt-image-1", "output", 40.0, "image"),
            ("Acme", "image-x", "output", 5000.0, "image"),  # plausible for image tokens
        ]
    )
    kept, held = check_ranges("api_prices", df)
    assert list(kept["model_id"]) == ["gpt-image-1", "image-x"]
    assert held is not None
    assert held.frame[["item", "new_value"]].to_dict("records") == [
        {"item": "Microsoft Azure | jais-30b-chat | input", "new_value": 3200.0},
        {"item": "Microsoft Azure | jais-30b-chat | output", "new_value": 9710.0},
        {"item": "IBM watsonx | jais-13b-chat | input", "new_value": 500.0},
        {"item": "IBM watsonx | jais-13b-chat | output", "new_value": 2000.0},
    ]
    reasons = list(held.frame["reason"])
    assert reasons[1] == "usd_per_mtok 9710 outside the plausible range [0, 1000] for kind text"
    assert reasons[2].startswith("held with the other prices of its entry (usd_per_mtok 2000")


def test_moves_toward_consensus_are_corrections_and_load(wh: Warehouse) -> None:
    df = _frame(
        [
            ("IBM watsonx", "granite-3-8b-instruct", "input", 0.2),  # 200 -> 0.2
            ("IBM watsonx", "granite-3-8b-instruct", "output", 0.2),
            ("Oracle Cloud", "grok-3", "input", 3.0),
            ("Oracle Cloud", "grok-3", "output", 15.0),  # 0.15 -> 15, xAI says 15
        ]
    )
    with wh.writer() as s:
        kept, held = guard_anomalies(s, "api_prices", "litellm", df)
    assert held is None
    assert len(kept) == 4 and "previous_value" not in kept.columns


def test_move_away_from_consensus_is_held_with_its_entry(wh: Warehouse) -> None:
    """Acme m-1 input 1.0 -> 0.001 while the other source says 1.1: a unit slip."""
    df = _frame([("Acme", "m-1", "input", 0.001), ("Acme", "m-1", "output", 2.2)])
    with wh.writer() as s:
        kept, held = guard_anomalies(s, "api_prices", "litellm", df)
    assert kept.empty
    assert held.frame.to_dict("records") == [
        {
            "item": "Acme | m-1 | input",
            "previous_value": 1.0,
            "new_value": 0.001,
            "reason": "usd_per_mtok moved 0.001x against the previous value away from "
            "the other sources' consensus 1.1",
        },
        {
            "item": "Acme | m-1 | output",
            "previous_value": 2.0,
            "new_value": 2.2,
            "reason": "held with the other prices of its entry (usd_per_mtok moved 0.001x "
            "against the previous value away from the other sources' consensus 1.1)",
        },
    ]


def test_without_a_second_source_only_gross_moves_are_judged(wh: Warehouse) -> None:
    """Solo s-1 has no other source: a 20x cut loads; a 1,000x cut away from the
    market median of text prices is held."""
    with wh.writer() as s:
        kept, held = guard_anomalies(
            s, "api_prices", "litellm", _frame([("Solo", "s-1", "input", 0.05)])
        )
        assert held is None and len(kept) == 1
        kept, held = guard_anomalies(
            s, "api_prices", "litellm", _frame([("Solo", "s-1", "input", 1000.0)])
        )
    assert kept.empty
    assert "away from the market median of its kind" in held.frame["reason"].iloc[0]


def test_first_value_far_from_consensus_is_held(wh: Warehouse) -> None:
    """A new series 100x above what two other providers charge for the model."""
    df = _frame([("NewCo", "big-model", "input", 60.0), ("NewCo", "other", "input", 0.5)])
    with wh.writer() as s:
        kept, held = guard_anomalies(s, "api_prices", "litellm", df)
    assert list(kept["model_id"]) == ["other"]
    assert held.frame["reason"].iloc[0] == (
        "first value 60 is 109x the other sources' consensus 0.55"
    )
