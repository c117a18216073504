"""DeepSeek pricing page: every price in the recorded table, and layout drift."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.rows import ApiPrice, ModelInfo
from ingest.sources.deepseek_pricing import SOURCE, URL


@pytest.fixture(scope="module")
def html() -> bytes:
    (payload,) = SOURCE.load_snapshot()
    return payload.content


def _payload(content: bytes) -> Payload:
    return Payload(content, datetime(2026, 9, 10, tzinfo=UTC), "test", "deepseek_en.html")


def _row(model: str, price_type: str, usd: float) -> ApiPrice:
    return ApiPrice(
        provider="DeepSeek",
        model_id=model,
        price_type=price_type,
        usd_per_mtok=usd,
        raw_value=usd,
        raw_unit="USD/1M tokens",
        source_model=model,
        kind="text",
        official=True,  # DeepSeek's own pricing page
    )


# Every price cell of the table (USD per 1M tokens), read off the page.
EXPECTED_PRICES = {
    _row("deepseek-flash", "cached_input_off_peak", 0.003),
    _row("deepseek-flash", "cached_input", 0.006),
    _row("deepseek-flash", "input_off_peak", 0.15),
    _row("deepseek-flash", "input", 0.3),
    _row("deepseek-flash", "output_off_peak", 0.6),
    _row("deepseek-flash", "output", 1.2),
    _row("deepseek-v4-pro", "cached_input_off_peak", 0.022),
    _row("deepseek-v4-pro", "cached_input", 0.044),
    _row("deepseek-v4-pro", "input_off_peak", 0.66),
    _row("deepseek-v4-pro", "input", 1.32),
    _row("deepseek-v4-pro", "output_off_peak", 1.98),
    _row("deepseek-v4-pro", "output", 3.96),
}


def test_snapshot_metadata() -> None:
    assert SOURCE.name == "deepseek_pricing"
    assert SOURCE.url == URL == "https://api-docs.deepseek.com/quick_start/pricing"
    assert [(s.path, s.observed_at) for s in SOURCE.snapshot] == [
        ("deepseek_pricing/deepseek_en.html", date(2026, 9, 10))
    ]


def test_every_price_in_the_table(html: bytes) -> None:
    result = SOURCE.parse(_payload(html))
    prices = [r for r in result.rows if isinstance(r, ApiPrice)]
    assert len(prices) == 12
    assert set(prices) == EXPECTED_PRICES
    assert result.skipped == Counter()


def test_off_peak_is_half_of_peak(html: bytes) -> None:
    """Footnote (3) on the page: off-peak rates are half of the peak rates."""
    rows = {
        (r.model_id, r.price_type): r.usd_per_mtok
        for r in SOURCE.parse(_payload(html)).rows
        if isinstance(r, ApiPrice)
    }
    for (model, price_type), value in rows.items():
        if price_type.endswith("_off_peak"):
            assert value * 2 == pytest.approx(rows[(model, price_type.removesuffix("_off_peak"))])


def test_model_info_rows(html: bytes) -> None:
    infos = [r for r in SOURCE.parse(_payload(html)).rows if isinstance(r, ModelInfo)]
    assert infos == [
        ModelInfo(
            model_id="deepseek-flash",
            name="DeepSeek-V4.1-Flash",
            creator="DeepSeek",
            context_tokens=1_000_000,
        ),
        ModelInfo(
            model_id="deepseek-v4-pro",
            name="DeepSeek-V4-Pro-0813",
            creator="DeepSeek",
            context_tokens=1_000_000,
        ),
    ]


def test_table_removed_is_a_parse_error(html: bytes) -> None:
    text = html.decode("utf-8")
    start, end = text.index("<table"), text.index("</table>") + len("</table>")
    with pytest.raises(ParseError, match=r"DeepSeek pricing page: no element matches 'table'"):
        SOURCE.parse(_payload((text[:start] + text[end:]).encode()))


def test_model_header_renamed_is_a_parse_error(html: bytes) -> None:
    renamed = html.replace(b">MODEL</td>", b">MODEL NAME</td>")
    assert renamed != html
    with pytest.raises(ParseError, match="'MODEL' header cell"):
        SOURCE.parse(_payload(renamed))


def test_price_headers_renamed_is_a_parse_error(html: bytes) -> None:
    renamed = html.replace(b"(CACHE MISS)", b"(STANDARD)")
    assert renamed != html
    with pytest.raises(ParseError, match=r"no prices found for \['input'\].*headers renamed"):
        SOURCE.parse(_payload(renamed))
