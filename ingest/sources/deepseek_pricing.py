"""DeepSeek's official "Models & Pricing" page (api-docs.deepseek.com).

The page is one HTML table with models as columns and merged label cells:
``PRICING | 1M INPUT TOKENS (CACHE HIT) | OFF-PEAK/PEAK``, ``... (CACHE MISS) ...``,
``1M OUTPUT TOKENS | OFF-PEAK/PEAK``. Cache hit -> ``cached_input``, cache miss ->
``input``, output -> ``output``; the OFF-PEAK rows map to the ``*_off_peak`` price
types and the PEAK rows to the plain ones (footnote 3 on the page: off-peak rates are
half of the peak rates). Prices are USD per 1M tokens. CONTEXT LENGTH becomes
``ModelInfo.context_tokens`` ("1M" read as 1,000,000 as written) and MODEL VERSION the
model's display name.
"""

from __future__ import annotations

from datetime import date

from ingest import http
from ingest.base import ParseResult, Payload, SnapshotFile, Source
from ingest.html_pricing import InfoRowRule, PriceRowRule, PricingPageConfig, parse_pricing_table

URL = "https://api-docs.deepseek.com/quick_start/pricing"

_OFF = ("OFF-PEAK",)
CONFIG = PricingPageConfig(
    provider="deepseek",
    url=URL,
    model_label="MODEL",
    price_rules=(
        PriceRowRule("cached_input_off_peak", ("INPUT", "CACHE HIT", "OFF-PEAK")),
        PriceRowRule("cached_input", ("INPUT", "CACHE HIT", "PEAK"), none_of=_OFF),
        PriceRowRule("input_off_peak", ("INPUT", "CACHE MISS", "OFF-PEAK")),
        PriceRowRule("input", ("INPUT", "CACHE MISS", "PEAK"), none_of=_OFF),
        PriceRowRule("output_off_peak", ("OUTPUT", "OFF-PEAK")),
        PriceRowRule("output", ("OUTPUT", "PEAK"), none_of=_OFF),
    ),
    required_price_types=("input", "output", "cached_input"),
    info_rules=(
        InfoRowRule("name", "MODEL VERSION"),
        InfoRowRule("context_tokens", "CONTEXT LENGTH"),
    ),
)


def parse(payload: Payload) -> ParseResult:
    """DeepSeek pricing HTML -> ApiPrice rows (6 per model) + ModelInfo rows."""
    return parse_pricing_table(payload.content, CONFIG)


def fetch() -> list[Payload]:
    return [http.get(URL, name="deepseek_en.html")]


SOURCE = Source(
    name="deepseek_pricing",
    title="DeepSeek API pricing page",
    url=URL,
    kind="html",
    license="Page content (c) DeepSeek; their terms apply. Fixture via MIT-licensed repo.",
    attribution="DeepSeek, 'Models & Pricing', api-docs.deepseek.com/quick_start/pricing",
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("deepseek_pricing/deepseek_en.html", date(2026, 9, 10)),),
    description=(
        "First-party DeepSeek API list prices (USD per 1M tokens): cache-hit input, "
        "cache-miss input and output, each at peak and off-peak rates; context length."
    ),
)
