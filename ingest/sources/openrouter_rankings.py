"""OpenRouter model rankings (``model_rankings.csv`` of the sui414/openrouter-pricing-data
repo, an upserted panel of ``/api/frontend/v1/rankings/models?view=month``) -> Usage
rows per (date, model): cross-model usage share on OpenRouter.

What a row measures: the scraper requests ``view=month`` and keys rows by the API's
``date``. The values behave as TRAILING ~30-DAY TOTALS ending on that date, not daily
volumes: claude-opus-5 (listed 2026-07-24) rises every day from 1.6e10 to 2.1e12
tokens by 2026-08-07, and claude-sonnet-5 (listed 2026-06-30) rises until about
2026-07-30 and then levels off near 4.2-4.5e12. So compare models within one date;
never sum a model over dates. Usage.tokens = prompt + completion tokens of that window;
observed_at = the row's date.

Coverage: full panels (426-483 rows a day) for 2026-07-19 .. 2026-08-07 except 2026-08-05
(4 rows); the 28 rows dated before 2026-07-19 are models whose latest ranking day was
earlier. Both kinds are real observations and are loaded as published.

Rules:
- Variants (standard, free, batch, thinking) of a model and permaslugs that resolve to
  the same model_id on one date are summed into one row.
- model_id via ``public_slug(permaslug)`` (the permaslug is OpenRouter's versioned id):
  a trailing ``-YYYYMMDD`` listing stamp is dropped and Anthropic's
  ``claude-4.5-haiku`` order is rewritten to the public ``claude-haiku-4.5``;
  ``PERMASLUG_OVERRIDES`` maps the permaslugs these rules get wrong to their public
  slug (pairs taken from the snapshot's models.json ``canonical_slug``/``id`` and the
  endpoints CSV ``permaslug``/``model_slug``).
- author = creator from the public slug's prefix (``venice/uncensored`` is Cognitive
  Computations' dolphin-mistral); "" for the few un-prefixed ids
  (``text-embedding-3-small``). Rows with an empty permaslug are skipped.
"""

from __future__ import annotations

import re
from datetime import date

from canon.names import canonical_model
from ingest import http
from ingest.base import ParseResult, Payload, SnapshotFile, Source
from ingest.rows import Usage
from ingest.sources.openrouter_endpoints import read_rows, row_date
from ingest.sources.openrouter_models import creator_from_slug, parse_decimal
from ingest.sources.openrouter_providers import ATTRIBUTION, LICENSE

URL = (
    "https://raw.githubusercontent.com/sui414/openrouter-pricing-data/main/"
    "data/csv/model_rankings.csv"
)
# The rankings API is called with view=month: each row is a trailing-month total.
WINDOW = "trailing 30 days"
PLATFORM = "OpenRouter"
REQUIRED = (
    "date",
    "model_permaslug",
    "variant",
    "total_prompt_tokens",
    "total_completion_tokens",
    "request_count",
)
# Permaslug -> public slug where the rules in public_slug() do not apply.
PERMASLUG_OVERRIDES: dict[str, str] = {
    "anthropic/claude-3-5-haiku": "anthropic/claude-3.5-haiku",
    "cohere/command-a-03-2025": "cohere/command-a",
    "deepseek/deepseek-chat-v3": "deepseek/deepseek-chat",
    "deepseek/deepseek-v4-flash-20260731": "deepseek/deepseek-v4-flash-0731",
    "meta-llama/llama-4-maverick-17b-128e-instruct": "meta-llama/llama-4-maverick",
    "meta-llama/llama-4-scout-17b-16e-instruct": "meta-llama/llama-4-scout",
    "minimax/hailuo-03-20260730": "minimax/hailuo-3",
    "mistralai/mistral-medium-3.5-20260430": "mistralai/mistral-medium-3-5",
    "mistralai/mistral-saba-2502": "mistralai/mistral-saba",
    "mistralai/mistral-small-3.1-24b-instruct-2503": "mistralai/mistral-small-3.1-24b-instruct",
    "mistralai/mistral-small-3.2-24b-instruct-2506": "mistralai/mistral-small-3.2-24b-instruct",
    "mistralai/voxtral-mini-transcribe-2602": "mistralai/voxtral-mini-transcribe",
    "moonshotai/kimi-k2.5-0127": "moonshotai/kimi-k2.5",
    "openai/gpt-4.1-2025-04-14": "openai/gpt-4.1",
    "openai/gpt-4.1-mini-2025-04-14": "openai/gpt-4.1-mini",
    "openai/gpt-4.1-nano-2025-04-14": "openai/gpt-4.1-nano",
    "openai/gpt-4o-mini-search-preview-2025-03-11": "openai/gpt-4o-mini-search-preview",
    "openai/gpt-4o-search-preview-2025-03-11": "openai/gpt-4o-search-preview",
    "openai/gpt-5-2025-08-07": "openai/gpt-5",
    "openai/gpt-5-chat-2025-08-07": "openai/gpt-5-chat",
    "openai/gpt-5-mini-2025-08-07": "openai/gpt-5-mini",
    "openai/gpt-5-nano-2025-08-07": "openai/gpt-5-nano",
    "openai/gpt-5-pro-2025-10-06": "openai/gpt-5-pro",
    "openai/o1-2024-12-17": "openai/o1",
    "openai/o3-2025-04-16": "openai/o3",
    "openai/o3-deep-research-2025-06-26": "openai/o3-deep-research",
    "openai/o3-mini-2025-01-31": "openai/o3-mini",
    "openai/o3-mini-high-2025-01-31": "openai/o3-mini-high",
    "openai/o3-pro-2025-06-10": "openai/o3-pro",
    "openai/o4-mini-2025-04-16": "openai/o4-mini",
    "openai/o4-mini-deep-research-2025-06-26": "openai/o4-mini-deep-research",
    "openai/o4-mini-high-2025-04-16": "openai/o4-mini-high",
    "qwen/qwen-plus-2025-01-25": "qwen/qwen-plus",
    "qwen/qwen3-14b-04-28": "qwen/qwen3-14b",
    "qwen/qwen3-235b-a22b-04-28": "qwen/qwen3-235b-a22b",
    "qwen/qwen3-235b-a22b-07-25": "qwen/qwen3-235b-a22b-2507",
    "qwen/qwen3-30b-a3b-04-28": "qwen/qwen3-30b-a3b",
    "qwen/qwen3-32b-04-28": "qwen/qwen3-32b",
    "qwen/qwen3-8b-04-28": "qwen/qwen3-8b",
    "qwen/qwen3-coder-480b-a35b-07-25": "qwen/qwen3-coder",
    "qwen/qwen3-coder-next-2025-02-03": "qwen/qwen3-coder-next",
    "qwen/qwen3-next-80b-a3b-instruct-2509": "qwen/qwen3-next-80b-a3b-instruct",
    "qwen/qwen3-next-80b-a3b-thinking-2509": "qwen/qwen3-next-80b-a3b-thinking",
    "qwen/qwen3.5-flash-20260224": "qwen/qwen3.5-flash-02-23",
    "qwen/qwen3.5-plus-20260216": "qwen/qwen3.5-plus-02-15",
    "qwen/qwen3.5-plus-20260420": "qwen/qwen3.5-plus-20260420",
    "qwen/qwen3.6-plus-04-02": "qwen/qwen3.6-plus",
    "rekaai/reka-edge-2603": "rekaai/reka-edge",
    "sao10k/l3.3-euryale-70b-v2.3": "sao10k/l3.3-euryale-70b",
    "venice/uncensored": "cognitivecomputations/dolphin-mistral-24b-venice-edition",
    "x-ai/grok-stt-20260723": "x-ai/grok-stt-1.0",
    "z-ai/glm-4.6-20251208": "z-ai/glm-4.6v",
}
_LISTING_STAMP = re.compile(r"-20\d{6}$")
_CLAUDE_VERSION_FIRST = re.compile(r"^claude-(\d+(?:\.\d+)?)-(opus|sonnet|haiku|fable)(-.+)?$")


def public_slug(permaslug: str) -> str:
    """The public model slug of an OpenRouter permaslug.

    >>> public_slug("anthropic/claude-4.5-haiku-20251001")
    'anthropic/claude-haiku-4.5'
    """
    slug = (permaslug or "").strip()
    slug = PERMASLUG_OVERRIDES.get(slug.lower(), _LISTING_STAMP.sub("", slug))
    prefix, sep, name = slug.rpartition("/")
    match = _CLAUDE_VERSION_FIRST.match(name.lower())
    if match and float(match.group(1)) >= 4:  # claude-3.x kept the version-first order
        name = f"claude-{match.group(2)}-{match.group(1)}{match.group(3) or ''}"
    return f"{prefix}{sep}{name}"


def _counts(row: dict[str, str]) -> tuple[float, float, float] | None:
    prompt, completion, requests = (parse_decimal(row.get(c)) for c in REQUIRED[3:])
    if prompt is None or completion is None or requests is None:
        return None
    if prompt < 0 or completion < 0 or requests < 0:
        return None
    return float(prompt), float(completion), float(requests)


def parse(payload: Payload) -> ParseResult:
    """Usage rows (platform OpenRouter, provider "") per date x model."""
    rows = read_rows(payload, "openrouter model_rankings", REQUIRED)
    result = ParseResult()
    totals: dict[tuple[date, str], list] = {}  # -> [author, prompt, completion, requests]
    for row in rows:
        permaslug = (row.get("model_permaslug") or "").strip()
        day = row_date(row.get("date") or "")
        counts = _counts(row)
        if not permaslug:
            result.skip("row without model_permaslug")
        elif day is None:
            result.skip("unparseable date")
        elif counts is None:
            result.skip("missing or negative token/request counts")
        else:
            slug = public_slug(permaslug)
            key = (day, canonical_model(slug))
            entry = totals.setdefault(key, ["", 0.0, 0.0, 0.0])
            entry[0] = entry[0] or creator_from_slug(slug)
            for i, value in enumerate(counts, start=1):
                entry[i] += value
    for (day, model_id), (author, prompt, completion, requests) in sorted(totals.items()):
        result.rows.append(
            Usage(
                platform=PLATFORM,
                model_id=model_id,
                author=author,
                tokens=prompt + completion,
                prompt_tokens=prompt,
                completion_tokens=completion,
                requests=requests,
                observed_at=day,
                window=WINDOW,
            )
        )
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="model_rankings.csv")]


SOURCE = Source(
    name="openrouter_rankings",
    title="OpenRouter model rankings (trailing-month tokens per model)",
    url=URL,
    kind="csv",
    license=LICENSE,
    attribution=ATTRIBUTION,
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("openrouter/csv/model_rankings.csv", date(2026, 8, 8)),),
    description=(
        "Tokens per model on OpenRouter, one panel per day; each value is the model's "
        "trailing ~30-day total (OpenRouter rankings, month view) ending that day - "
        "compare models within a date, do not sum over dates."
    ),
)
