"""A generic, config-driven parser for provider pricing pages that publish an HTML
``<table>`` of per-token prices.

Adding a provider = one ``PricingPageConfig`` (how to find the table, which row
holds the model names, which row labels mean which price type) plus a recorded
fixture. The parser:

1. selects the table (CSS selector + a header row whose label is ``model_label``),
2. expands ``rowspan``/``colspan`` into a rectangular grid (``expand_table``),
3. transposes it when models are rows rather than columns, so one code path reads
   "label cells on the left, one column per model",
4. maps each row's label path (e.g. ``PRICING | 1M INPUT TOKENS (CACHE HIT) | PEAK``)
   to a price type with the first matching ``PriceRowRule``,
5. parses ``$0.28``-style cells. Prices in CNY (``¥``) are converted only with a
   rate stated in the config (``usd_per_cny``, which must come from the page);
   otherwise they are skipped and counted, never converted with an invented rate.
   ``ApiPrice.currency`` and ``raw_unit`` keep the published currency.

One column per model: a model header cell spanning several columns is read once
(its first column).

Layout drift raises ``ParseError`` naming what was expected (no table, no model
row, required price types missing, no unit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bs4 import BeautifulSoup, Tag

from canon.kinds import TEXT, classify_listing
from canon.names import canonical_model, canonical_provider
from ingest.base import ParseError, ParseResult
from ingest.rows import PRICE_TYPES, ApiPrice, ModelInfo


@dataclass(frozen=True)
class PriceRowRule:
    """Rows whose label path contains every string in ``all_of`` and none of
    ``none_of`` (case-insensitive) hold ``price_type`` prices."""

    price_type: str
    all_of: tuple[str, ...]
    none_of: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.price_type not in PRICE_TYPES:
            raise ValueError(f"unknown price_type {self.price_type!r}")

    def matches(self, label: str) -> bool:
        up = label.upper()
        return all(s.upper() in up for s in self.all_of) and not any(
            s.upper() in up for s in self.none_of
        )


@dataclass(frozen=True)
class InfoRowRule:
    """Rows whose label contains ``contains`` give a ModelInfo ``field``
    (``context_tokens`` parsed from "128K"/"1M", or ``name`` as text)."""

    field: Literal["context_tokens", "name"]
    contains: str


@dataclass(frozen=True)
class PricingPageConfig:
    """How to read one provider's pricing table."""

    provider: str  # any spelling; canonical_provider() is applied
    url: str
    price_rules: tuple[PriceRowRule, ...]
    model_label: str = "MODEL"  # text of the label cell of the model-name row/column
    table_selector: str = "table"
    models_in: Literal["columns", "rows"] = "columns"
    required_price_types: tuple[str, ...] = ("input", "output")
    info_rules: tuple[InfoRowRule, ...] = ()
    strip_tags: tuple[str, ...] = ("sup",)  # footnote markers inside cells
    usd_per_cny: float | None = None  # only a rate the page itself states


@dataclass(frozen=True)
class GridCell:
    """One source cell as seen from every grid position it covers."""

    text: str
    cell_id: int  # same id for all positions covered by one merged cell


_LABEL_UNIT_RE = re.compile(r"\b(1\s?M|1\s?K)\b(?=.*\bTOKENS?\b)", re.I)
_PAGE_UNIT_RE = re.compile(
    r"\bper\s+(1\s?M|1\s?K|1,000,000|1,000|million|thousand)\s+tokens\b", re.I
)
_UNIT_TOKENS = {"1M": 1_000_000, "1,000,000": 1_000_000, "MILLION": 1_000_000}
_UNIT_TOKENS |= {"1K": 1_000, "1,000": 1_000, "THOUSAND": 1_000}
_PRICE_RE = re.compile(
    r"^(?:(?P<pre>US\$|\$|USD|¥|￥|CNY|RMB)\s*)?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"\s*(?P<post>USD|CNY|RMB|元)?$",
    re.I,
)
_CURRENCY = {"US$": "USD", "$": "USD", "USD": "USD"} | dict.fromkeys(
    ("¥", "￥", "CNY", "RMB", "元"), "CNY"
)
_TOKEN_COUNT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*([KM])\b", re.I)
_EMPTY = {"", "-", "—", "–", "N/A", "NA"}


def _cell_text(cell: Tag, strip_tags: tuple[str, ...]) -> str:
    for tag in strip_tags:
        for node in cell.find_all(tag):
            node.decompose()
    return " ".join(cell.get_text(" ", strip=True).split())


# Bounds against a hostile page (a rowspan/colspan bomb of 75 bytes expands to GBs):
# the HTML spec's own span limits, a cap on the expanded grid and on the page size.
MAX_COLSPAN = 1_000
MAX_ROWSPAN = 65_534
MAX_GRID_CELLS = 100_000
MAX_HTML_BYTES = 5 * 1024 * 1024


def _span(cell: Tag, attr: str) -> int:
    limit = MAX_COLSPAN if attr == "colspan" else MAX_ROWSPAN
    try:
        return min(limit, max(1, int(str(cell.get(attr, "1")).strip() or 1)))
    except ValueError:
        return 1


def expand_table(table: Tag, strip_tags: tuple[str, ...] = ()) -> list[list[GridCell]]:
    """Expand a ``<table>`` with rowspan/colspan into a rectangular grid.

    Every position covered by a merged cell holds the same ``GridCell``; short
    rows are padded with empty cells so all rows have the same width.
    """
    grid: dict[tuple[int, int], GridCell] = {}
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    next_id = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            item = GridCell(_cell_text(cell, strip_tags), next_id)
            next_id += 1
            covered = _span(cell, "rowspan") * _span(cell, "colspan")
            if len(grid) + covered > MAX_GRID_CELLS:
                raise ParseError(
                    f"a pricing table expands to more than {MAX_GRID_CELLS:,} cells "
                    "(rowspan/colspan far beyond any real table); not parsed"
                )
            for dr in range(_span(cell, "rowspan")):
                for dc in range(_span(cell, "colspan")):
                    grid[(r + dr, c + dc)] = item
            c += _span(cell, "colspan")
    if not grid:
        return []
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    if height * width > MAX_GRID_CELLS:
        raise ParseError(
            f"a pricing table spans {height:,} x {width:,} cells, more than "
            f"{MAX_GRID_CELLS:,}; not parsed"
        )
    out = []
    for r in range(height):
        row = []
        for c in range(width):
            if (r, c) not in grid:
                grid[(r, c)] = GridCell("", next_id)
                next_id += 1
            row.append(grid[(r, c)])
        out.append(row)
    return out


def _page(config: PricingPageConfig) -> str:
    """How error messages name the page, e.g. "DeepSeek pricing page"."""
    return f"{canonical_provider(config.provider)} pricing page"


def _norm(text: str) -> str:
    return " ".join(text.split()).upper()


def _model_row(grid: list[list[GridCell]], label: str) -> int | None:
    for r, row in enumerate(grid):
        if row and _norm(row[0].text) == _norm(label):
            return r
    return None


def find_grid(soup: BeautifulSoup, config: PricingPageConfig) -> tuple[list[list[GridCell]], int]:
    """The pricing grid (models as columns) and the index of its model row."""
    tables = soup.select(config.table_selector)
    if not tables:
        raise ParseError(
            f"{_page(config)}: no element matches {config.table_selector!r}; "
            "expected an HTML pricing <table> (page layout changed?)"
        )
    for table in tables:
        grid = expand_table(table, config.strip_tags)
        if config.models_in == "rows":
            grid = [list(col) for col in zip(*grid, strict=True)] if grid else []
        row = _model_row(grid, config.model_label)
        if row is not None:
            return grid, row
    raise ParseError(
        f"{_page(config)}: none of {len(tables)} table(s) has a "
        f"{config.model_label!r} header cell listing the models (page layout changed?)"
    )


def _label_width(row: list[GridCell]) -> int:
    first = row[0].cell_id
    width = 0
    while width < len(row) and row[width].cell_id == first:
        width += 1
    return width


def _row_label(row: list[GridCell], width: int) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    for cell in row[:width]:
        if cell.cell_id not in seen and cell.text:
            parts.append(cell.text)
        seen.add(cell.cell_id)
    return " | ".join(parts)


def parse_price(text: str) -> tuple[float, str] | None:
    """``"$0.28"`` -> ``(0.28, "USD")``; ``"¥2"`` -> ``(2.0, "CNY")``; else None
    (free text, ranges, several prices in one cell, or no currency marker)."""
    m = _PRICE_RE.match(text.strip())
    if not m:
        return None
    currency = _CURRENCY.get((m.group("pre") or m.group("post") or "").upper())
    if currency is None:
        return None
    return float(m.group("num").replace(",", "")), currency


def tokens_per_unit(label: str, page_text: str) -> int | None:
    """Tokens per priced unit, from the row label ("1M INPUT TOKENS") or else the
    page text ("prices ... per 1M tokens")."""
    m = _LABEL_UNIT_RE.search(label) or _PAGE_UNIT_RE.search(page_text)
    return _UNIT_TOKENS[m.group(1).replace(" ", "").upper()] if m else None


def parse_token_count(text: str) -> int | None:
    """``"128K"`` -> 128000, ``"1M"`` -> 1000000 (decimal, as written)."""
    m = _TOKEN_COUNT_RE.search(text)
    if not m:
        return None
    return round(float(m.group(1)) * (1_000 if m.group(2).upper() == "K" else 1_000_000))


def _unit_label(n_tokens: int) -> str:
    return "1M tokens" if n_tokens == 1_000_000 else "1K tokens"


def _price_row(
    config: PricingPageConfig,
    provider: str,
    models: dict[int, str],
    row: list[GridCell],
    label: str,
    page_text: str,
    result: ParseResult,
) -> None:
    rule = next((r for r in config.price_rules if r.matches(label)), None)
    cells = {col: row[col].text for col in models}
    if rule is None:
        priced = sum(1 for t in cells.values() if parse_price(t))
        if priced:
            result.skip(f"unmapped price row: {label}", priced)
        return
    per = tokens_per_unit(label, page_text)
    if per is None:
        raise ParseError(
            f"{_page(config)}: cannot tell the price unit of row {label!r}; "
            "expected '1M'/'1K' tokens in the row label or page text"
        )
    for col, source_model in models.items():
        text = cells[col]
        parsed = parse_price(text)
        if parsed is None:
            empty = text.upper() in _EMPTY
            result.skip("empty price cell" if empty else f"unparseable price in row: {label}")
            continue
        value, currency = parsed
        if currency == "CNY" and config.usd_per_cny is None:
            result.skip("CNY price without a stated USD rate")
            continue
        usd = value * (config.usd_per_cny or 1.0) if currency == "CNY" else value
        result.rows.append(
            ApiPrice(
                provider=provider,
                model_id=canonical_model(source_model),
                price_type=rule.price_type,
                usd_per_mtok=round(usd * 1_000_000 / per, 9),
                raw_value=value,
                raw_unit=f"{currency}/{_unit_label(per)}",
                source_model=source_model,
                currency=currency,
                # a token-price table of chat models unless the model id says otherwise
                kind=classify_listing(source_model, default=TEXT),
                official=True,  # the provider's own pricing page
            )
        )


def _model_columns(header: list[GridCell], width: int) -> dict[int, str]:
    """Grid column -> model name as published, one column per model header cell."""
    out: dict[int, str] = {}
    seen: set[int] = set()
    for col in range(width, len(header)):
        cell = header[col]
        if cell.text and cell.cell_id not in seen:
            out[col] = cell.text
        seen.add(cell.cell_id)
    return out


def _model_infos(provider: str, models: dict[int, str], facts: dict[int, dict]) -> list[ModelInfo]:
    out = []
    for col, source_model in models.items():
        f = facts.get(col, {})
        if f:
            out.append(ModelInfo(model_id=canonical_model(source_model), creator=provider, **f))
    return out


def parse_pricing_table(html: bytes | str, config: PricingPageConfig) -> ParseResult:
    """Parse a pricing page into ApiPrice rows (and ModelInfo rows if configured)."""
    if len(html) > MAX_HTML_BYTES:
        raise ParseError(
            f"{_page(config)}: page of {len(html):,} bytes, over the {MAX_HTML_BYTES:,} a "
            "pricing page can plausibly be; not parsed"
        )
    soup = BeautifulSoup(html, "lxml")
    grid, model_row = find_grid(soup, config)
    width = _label_width(grid[model_row])
    models = _model_columns(grid[model_row], width)
    if not models:
        raise ParseError(f"{_page(config)}: the {config.model_label!r} row names no models")
    provider = canonical_provider(config.provider)
    page_text = soup.get_text(" ", strip=True)
    result = ParseResult()
    facts: dict[int, dict] = {}
    for r, row in enumerate(grid):
        label = _row_label(row, width)
        if r == model_row or not label:
            continue
        info = next((i for i in config.info_rules if i.contains.upper() in label.upper()), None)
        if info is not None:
            for col in models:
                value = row[col].text if info.field == "name" else parse_token_count(row[col].text)
                if value:
                    facts.setdefault(col, {})[info.field] = value
            continue
        _price_row(config, provider, models, row, label, page_text, result)
    found = {row.price_type for row in result.rows}
    missing = [t for t in config.required_price_types if t not in found]
    if missing:
        raise ParseError(
            f"{_page(config)}: no prices found for {missing}; expected rows "
            f"labelled like {[r.all_of for r in config.price_rules if r.price_type in missing]} "
            "(table headers renamed?)"
        )
    result.rows.extend(_model_infos(provider, models, facts))
    return result
