"""OpenRouter effective pricing (daily CSV of ``/api/frontend/v1/stats/effective-pricing``
from the sui414/openrouter-pricing-data repo) -> Usage rows: tokens each provider
served for each model on OpenRouter, a within-model provider-share signal.

Rules:
- One row per (model, provider) in the CSV; ``total_tokens`` -> Usage.tokens with
  platform "OpenRouter", provider = ``provider_from_slug(provider_slug)`` and author =
  the model's creator (slug prefix). The CSV's ``provider_name`` is an endpoint label
  ("Google Vertex (Europe)", "Together (1)", "Claude Platform on AWS"), so the slug is
  used; several labels of one provider and the model's variants (standard, free,
  batch, thinking) are summed into one row per (provider, model_id).
- Models without any provider summary have an empty provider (and no tokens) and are
  skipped and counted.
- The averaging window of ``total_tokens`` is not documented. In the 2026-07-31
  snapshot it is below one day of the model's volume in ``model_rankings`` (e.g.
  kimi-k3: 1.48e11 here vs a 2.2e11/day rise of its trailing-month total), so use it
  for shares within a model, not as a volume.
- The effective prices (USD/1M after caching) are averages paid, not list prices,
  and are not loaded.
"""

from __future__ import annotations

from datetime import date

from canon.names import canonical_model
from ingest.base import ParseResult, Payload, SnapshotFile, Source
from ingest.rows import Usage
from ingest.sources.openrouter_endpoints import fetch_daily, read_rows, row_date
from ingest.sources.openrouter_models import creator_from_slug, parse_decimal
from ingest.sources.openrouter_providers import ATTRIBUTION, LICENSE, provider_from_slug

URL_TEMPLATE = (
    "https://raw.githubusercontent.com/sui414/openrouter-pricing-data/main/"
    "data/csv/effective_pricing/date={day}.csv"
)
HOME = "https://github.com/sui414/openrouter-pricing-data/tree/main/data/csv/effective_pricing"
PLATFORM = "OpenRouter"
REQUIRED = (
    "scrape_date",
    "model_slug",
    "variant",
    "provider_name",
    "provider_slug",
    "total_tokens",
)


def parse(payload: Payload) -> ParseResult:
    """Usage rows (platform OpenRouter) per provider x model."""
    rows = read_rows(payload, "openrouter effective_pricing", REQUIRED)
    result = ParseResult()
    totals: dict[tuple[str, str], list] = {}  # (provider, model_id) -> [author, tokens, date]
    for row in rows:
        slug = (row.get("model_slug") or "").strip()
        provider = provider_from_slug(row.get("provider_slug") or "")
        if not slug:
            result.skip("row without model_slug")
            continue
        if slug.startswith("~"):
            result.skip("alias (~) model slug, duplicate of its target")
            continue
        if not provider:
            result.skip("model without provider summary (empty provider)")
            continue
        tokens = parse_decimal(row.get("total_tokens"))
        if tokens is None or tokens < 0:
            result.skip("missing or negative total_tokens")
            continue
        key = (provider, canonical_model(slug))
        entry = totals.setdefault(key, [creator_from_slug(slug), 0.0, row_date(row["scrape_date"])])
        entry[1] += float(tokens)
    for (provider, model_id), (author, tokens, day) in totals.items():
        result.rows.append(
            Usage(
                platform=PLATFORM,
                model_id=model_id,
                author=author,
                tokens=tokens,
                provider=provider,
                observed_at=day,
            )
        )
    return result


def fetch() -> list[Payload]:
    return fetch_daily(URL_TEMPLATE, "effective_pricing")


SOURCE = Source(
    name="openrouter_effective_pricing",
    title="OpenRouter token volume per provider and model",
    url=HOME,
    kind="csv",
    license=LICENSE,
    attribution=ATTRIBUTION,
    parse=parse,
    fetch=fetch,
    snapshot=(
        SnapshotFile("openrouter/csv/effective_pricing/date=2026-07-31.csv", date(2026, 7, 31)),
    ),
    description=(
        "Tokens each provider served for each model on OpenRouter (from OpenRouter's "
        "effective-pricing stats): the providers' shares of a model's traffic."
    ),
)
