"""The generic pricing-table parser on small synthetic pages (a second provider config)."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from ingest.base import ParseError
from ingest.html_pricing import (
    InfoRowRule,
    PriceRowRule,
    PricingPageConfig,
    expand_table,
    parse_price,
    parse_pricing_table,
    parse_token_count,
)
from ingest.rows import ApiPrice, ModelInfo

# Models as rows; a two-level header (colspan "Input" over Standard/Cached, rowspan
# "Model"/"Output"/"Context"), a value cell spanning two model rows, a footnote <sup>,
# an em-dash "no price" cell, a CNY column and an unmapped price column.
PAGE = """<html><body>
<p>All prices are per 1K tokens.</p>
<table class="other"><tr><td>Plan</td><td>Free</td></tr></table>
<table class="prices">
  <tr><th rowspan="2">Model</th><th colspan="2">Input</th><th rowspan="2">Output</th>
      <th rowspan="2">Batch input (CNY)</th><th rowspan="2">Fine-tuning</th>
      <th rowspan="2">Context</th></tr>
  <tr><th>Standard</th><th>Cached</th></tr>
  <tr><td>Alpha-1<sup>new</sup></td><td>$1.00</td><td>$0.10</td><td rowspan="2">$2</td>
      <td>¥3.5</td><td>$25</td><td>128K</td></tr>
  <tr><td>beta-2</td><td>$0.50</td><td>—</td><td>¥1</td><td>$25</td><td>32K</td></tr>
  <tr><td>gamma-3</td><td>Contact sales</td><td></td><td>$3</td><td>¥2</td><td>—</td>
      <td>8K</td></tr>
</table></body></html>"""

CONFIG = PricingPageConfig(
    provider="example_cloud",
    url="https://example.invalid/pricing",
    model_label="Model",
    table_selector="table",
    models_in="rows",
    price_rules=(
        PriceRowRule("cached_input", ("INPUT", "CACHED")),
        PriceRowRule("batch_input", ("BATCH INPUT",)),
        PriceRowRule("input", ("INPUT",), none_of=("CACHED", "BATCH")),
        PriceRowRule("output", ("OUTPUT",)),
    ),
    info_rules=(InfoRowRule("context_tokens", "CONTEXT"),),
)


def _price(model: str, source: str, price_type: str, usd_mtok: float, raw: float, **kw):
    unit = kw.pop("raw_unit", "USD/1K tokens")
    return ApiPrice(
        provider="Example Cloud",
        model_id=model,
        price_type=price_type,
        usd_per_mtok=usd_mtok,
        raw_value=raw,
        raw_unit=unit,
        source_model=source,
        kind=kw.pop("kind", "text"),
        official=kw.pop("official", True),  # a provider's own pricing page
        **kw,
    )


def test_expand_table_fills_rowspan_and_colspan() -> None:
    table = BeautifulSoup(PAGE, "lxml").select_one("table.prices")
    grid = expand_table(table, ("sup",))
    texts = [[cell.text for cell in row] for row in grid]
    assert texts == [
        ["Model", "Input", "Input", "Output", "Batch input (CNY)", "Fine-tuning", "Context"],
        ["Model", "Standard", "Cached", "Output", "Batch input (CNY)", "Fine-tuning", "Context"],
        ["Alpha-1", "$1.00", "$0.10", "$2", "¥3.5", "$25", "128K"],
        ["beta-2", "$0.50", "—", "$2", "¥1", "$25", "32K"],
        ["gamma-3", "Contact sales", "", "$3", "¥2", "—", "8K"],
    ]
    # One merged cell is one object at every position it covers.
    assert grid[0][1].cell_id == grid[0][2].cell_id
    assert grid[2][3].cell_id == grid[3][3].cell_id
    assert grid[1][1].cell_id != grid[1][2].cell_id


def test_expand_table_pads_short_rows() -> None:
    table = BeautifulSoup("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "lxml")
    grid = expand_table(table.table)
    assert [[c.text for c in row] for row in grid] == [["a", "b"], ["c", ""]]


def test_second_config_models_in_rows() -> None:
    result = parse_pricing_table(PAGE, CONFIG)
    assert set(result.rows) == {
        _price("alpha-1", "Alpha-1", "input", 1000.0, 1.0),
        _price("beta-2", "beta-2", "input", 500.0, 0.5),
        _price("alpha-1", "Alpha-1", "cached_input", 100.0, 0.1),
        _price("alpha-1", "Alpha-1", "output", 2000.0, 2.0),
        _price("beta-2", "beta-2", "output", 2000.0, 2.0),
        _price("gamma-3", "gamma-3", "output", 3000.0, 3.0),
        ModelInfo(model_id="alpha-1", creator="Example Cloud", context_tokens=128_000),
        ModelInfo(model_id="beta-2", creator="Example Cloud", context_tokens=32_000),
        ModelInfo(model_id="gamma-3", creator="Example Cloud", context_tokens=8_000),
    }
    assert len(result.rows) == 9
    assert result.skipped == Counter(
        {
            "CNY price without a stated USD rate": 3,
            "unmapped price row: Fine-tuning": 2,
            "empty price cell": 2,
            "unparseable price in row: Input | Standard": 1,
        }
    )


def test_cny_converted_only_with_a_stated_rate() -> None:
    config = dataclasses.replace(CONFIG, usd_per_cny=0.14)
    result = parse_pricing_table(PAGE, config)
    rows = [r for r in result.rows if getattr(r, "price_type", "") == "batch_input"]
    assert rows == [
        _price(
            "alpha-1",
            "Alpha-1",
            "batch_input",
            490.0,
            3.5,
            raw_unit="CNY/1K tokens",
            currency="CNY",
        ),
        _price(
            "beta-2", "beta-2", "batch_input", 140.0, 1.0, raw_unit="CNY/1K tokens", currency="CNY"
        ),
        _price(
            "gamma-3",
            "gamma-3",
            "batch_input",
            280.0,
            2.0,
            raw_unit="CNY/1K tokens",
            currency="CNY",
        ),
    ]
    assert "CNY price without a stated USD rate" not in result.skipped


def test_missing_required_price_type_is_a_parse_error() -> None:
    renamed = PAGE.replace(">Output<", ">Completion<")
    with pytest.raises(ParseError, match=r"no prices found for \['output'\]"):
        parse_pricing_table(renamed, CONFIG)


def test_no_matching_table_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="none of 2 table"):
        parse_pricing_table(PAGE.replace(">Model<", ">Name<"), CONFIG)
    with pytest.raises(ParseError, match="no element matches"):
        parse_pricing_table("<html><p>no tables</p></html>", CONFIG)


def test_unknown_unit_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="price unit"):
        parse_pricing_table(PAGE.replace("per 1K tokens", "per request"), CONFIG)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$0.28", (0.28, "USD")),
        (" $1,250.5 ", (1250.5, "USD")),
        ("US$3", (3.0, "USD")),
        ("0.5 USD", (0.5, "USD")),
        ("¥2", (2.0, "CNY")),
        ("￥0.5", (0.5, "CNY")),
        ("4元", (4.0, "CNY")),
        ("0.28", None),  # no currency marker
        ("Free", None),
        ("$0.28 / $0.56", None),  # two prices in one cell
    ],
)
def test_parse_price(text: str, expected: tuple | None) -> None:
    assert parse_price(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1M", 1_000_000), ("MAXIMUM: 384K", 384_000), ("128k", 128_000), ("n/a", None)],
)
def test_parse_token_count(text: str, expected: int | None) -> None:
    assert parse_token_count(text) == expected


def test_model_header_spanning_two_columns_is_read_once() -> None:
    page = """<p>Prices per 1M tokens</p><table>
      <tr><td>MODEL</td><td colspan="2">wide-model</td><td>narrow</td></tr>
      <tr><td>Input</td><td>$1</td><td>$9</td><td>$2</td></tr>
      <tr><td>Output</td><td colspan="3">$4</td></tr></table>"""
    config = PricingPageConfig(
        provider="Acme",
        url="https://example.invalid/",
        price_rules=(PriceRowRule("input", ("INPUT",)), PriceRowRule("output", ("OUTPUT",))),
    )
    rows = parse_pricing_table(page, config).rows
    got = {(r.model_id, r.price_type, r.usd_per_mtok, r.raw_unit) for r in rows}
    assert got == {
        ("wide-model", "input", 1.0, "USD/1M tokens"),
        ("wide-model", "output", 4.0, "USD/1M tokens"),
        ("narrow", "input", 2.0, "USD/1M tokens"),
        ("narrow", "output", 4.0, "USD/1M tokens"),
    }
