"""Small real sources used to test the runner: JSON price lists served by a local
HTTP server (pytest-httpserver), parsed by a real parser."""

from __future__ import annotations

import json
from collections.abc import Callable

from ingest import http
from ingest.base import ParseError, ParseResult, Payload, Source
from ingest.rows import ApiPrice, GpuPrice


def parse_prices(payload: Payload) -> ParseResult:
    """{"prices": [{"provider", "model", "input", "output"}]} in USD per 1M tokens."""
    try:
        doc = json.loads(payload.text())
        items = doc["prices"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"expected a JSON object with a 'prices' list: {exc}") from exc
    result = ParseResult()
    for item in items:
        for kind in ("input", "output"):
            value = float(item[kind])
            result.rows.append(
                ApiPrice(item["provider"], item["model"], kind, value, value, "USD/1M tokens")
            )
    return result


def parse_gpus(payload: Payload) -> ParseResult:
    result = ParseResult()
    for item in json.loads(payload.text())["gpus"]:
        v = float(item["price"])
        result.rows.append(
            GpuPrice(item["provider"], item["gpu"], "on_demand", v, v, "USD/GPU-hour")
        )
    return result


def make_source(name: str, url: str, parse: Callable = parse_prices) -> Source:
    def fetch() -> list[Payload]:
        return [http.get(url, name=f"{name}.json")]

    return Source(
        name=name,
        title=name,
        url=url,
        kind="json",
        license="test",
        attribution="test",
        parse=parse,
        fetch=fetch,
    )


def prices_doc(input_price: float = 1.0, output_price: float = 2.0) -> dict:
    return {
        "prices": [
            {"provider": "Acme", "model": "m-1", "input": input_price, "output": output_price},
            {"provider": "Acme", "model": "m-2", "input": 0.5, "output": 1.5},
        ]
    }
