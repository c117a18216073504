"""Bad input: a source that starts sending a new kind, a new provider spelling or a new
variant form does not crash the parse; it is counted, recorded per run in
``unmapped_names`` (listed on Data & sources) and kept out of LLM tables."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import UTC, datetime

from ingest.base import Payload
from ingest.runner import refresh
from ingest.sources import litellm, openrouter_endpoints, openrouter_models
from warehouse.connection import Warehouse
from warehouse.queries import prices, quality

NEW_LITELLM = {
    "acme_cloud/holo-1": {  # a new provider spelling and a new mode, token-priced
        "litellm_provider": "acme_cloud",
        "mode": "hologram",
        "input_cost_per_token": 1e-06,
        "output_cost_per_token": 2e-06,
    },
    "dashscope/qwen-odd": {  # a new tier form: no list of tiers
        "litellm_provider": "dashscope",
        "mode": "chat",
        "tiered_pricing": {"range": [0, 32000], "input_cost_per_token": 1e-06},
    },
    "dashscope/qwen-odd2": {  # a tier without a range
        "litellm_provider": "dashscope",
        "mode": "chat",
        "tiered_pricing": [{"input_cost_per_token": 1e-06}],
    },
    "openai/gpt-x": {
        "litellm_provider": "openai",
        "mode": "chat",
        "input_cost_per_token": 1e-06,
        "output_cost_per_token": 4e-06,
    },
}


def _payload(data: object, name: str = "test.json") -> Payload:
    return Payload(json.dumps(data).encode(), datetime(2026, 8, 1, tzinfo=UTC), "test", name)


def test_litellm_new_mode_provider_and_tier_form_are_counted() -> None:
    result = litellm.parse(_payload(NEW_LITELLM))
    kinds = Counter((r.model_id, r.kind) for r in result.rows)
    assert kinds == Counter({("holo-1", "unclassified"): 2, ("gpt-x", "text"): 2})
    assert result.skipped["tiered token pricing without a usable first tier"] == 2
    assert result.unmapped == Counter(
        {("provider", "acme_cloud"): 1, ("listing_kind", "mode: hologram"): 1}
    )


def test_openrouter_new_output_modality_is_unclassified() -> None:
    entry = {
        "id": "acme/holo-1",
        "name": "Holo",
        "architecture": {"output_modalities": ["hologram"]},
        "pricing": {"prompt": "0.000001", "completion": "0.000002"},
    }
    result = openrouter_models.parse(_payload([entry], "models.json"))
    prices_ = [r for r in result.rows if hasattr(r, "price_type")]
    assert {r.kind for r in prices_} == {"unclassified"}
    assert [k for k, _ in result.unmapped] == ["listing_kind"]


def test_openrouter_endpoint_new_provider_slug_is_counted() -> None:
    [snapshot] = openrouter_endpoints.SOURCE.load_snapshot()
    reader = csv.DictReader(io.StringIO(snapshot.text()))
    row = next(reader)
    row["provider_slug"] = "brand-new-cloud"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
    writer.writeheader()
    writer.writerow(row)
    payload = Payload(out.getvalue().encode(), snapshot.observed_at, "test", "endpoints.csv")
    result = openrouter_endpoints.parse(payload)
    assert result.unmapped[("provider", "brand-new-cloud")] == 1


def test_refresh_records_unmapped_names_and_keeps_them_out_of_llm_tables() -> None:
    """Through the runner (only the network is replaced): the names are stored per run
    and listed by the Data & sources query; the unclassified listing is not in the
    LLM price table, but stays reachable by its kind."""
    wh = Warehouse("duckdb:///:memory:")
    source = litellm.SOURCE.__class__(
        **{**litellm.SOURCE.__dict__, "fetch": lambda: [_payload(NEW_LITELLM)]}
    )
    [result] = refresh(wh, ["litellm"], sources={"litellm": source}, archive_dir=None)
    assert result.status == "ok"
    listed = quality.unmapped_names(wh)
    assert listed[["source_id", "name_kind", "raw_name", "n_rows"]].to_dict("records") == [
        {
            "source_id": "litellm",
            "name_kind": "listing_kind",
            "raw_name": "mode: hologram",
            "n_rows": 1,
        },
        {"source_id": "litellm", "name_kind": "provider", "raw_name": "acme_cloud", "n_rows": 1},
    ]
    assert set(prices.price_table(wh)["model_id"]) == {"gpt-x"}
    assert set(prices.price_table(wh, kind="unclassified")["model_id"]) == {"holo-1"}
