"""OpenRouter's provider directory (``/api/frontend/v1/all-providers``) -> Provider rows.

Also home of the helpers the other ``openrouter_*`` modules share:

- ``provider_from_slug``: OpenRouter provider slug -> canonical provider. The slug is
  used rather than the provider name because names are ambiguous: the endpoint
  stats call Google Vertex just ``"Google"`` (slug ``google-vertex``), and the
  effective-pricing table uses endpoint labels such as ``"Google Vertex (Europe)"``
  or ``"Together (1)"``. Sub-endpoints (``deepinfra/turbo``, ``azure/eu``) map to the
  slug's first segment.
- ``json_records``: accepts both the live API shape ``{"data": [...]}`` and the
  bare list the dataset repo stores.

Provider rows: ``provider`` canonical, ``slug`` as published, ``headquarters`` the
country code OpenRouter lists (empty when absent), ``url`` the provider's API base
URL as OpenRouter lists it (empty for ``"not_used"``), ``data_policy`` a compact
summary of OpenRouter's ``dataPolicy`` flags.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from canon.names import canonical_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import Provider

URL = "https://openrouter.ai/api/frontend/v1/all-providers"
REPO = "sui414/openrouter-pricing-data"
LICENSE = (
    "No license file in the dataset repo (sui414/openrouter-pricing-data); "
    "the data is OpenRouter's public, unauthenticated API output"
)
ATTRIBUTION = (
    "OpenRouter (openrouter.ai) public API, via the sui414/openrouter-pricing-data dataset"
)


def provider_from_slug(slug: str) -> str:
    """Canonical provider of an OpenRouter provider slug (``deepinfra/turbo`` -> DeepInfra).

    >>> provider_from_slug("google-vertex/europe"), provider_from_slug("together")
    ('Google Vertex AI', 'Together AI')
    """
    base = (slug or "").strip().split("/", 1)[0].lower()
    if not base:
        return ""
    return canonical_provider(base)


def json_records(payload: Payload, label: str) -> list[Any]:
    """The list of records in an OpenRouter JSON payload: ``{"data": [...]}`` or ``[...]``.

    Raises ParseError when the payload is not JSON or holds no such list."""
    try:
        data = json.loads(payload.text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(
            f"{label}: expected JSON ({{'data': [...]}} or a list), got: {exc}"
        ) from exc
    if isinstance(data, dict):
        if not isinstance(data.get("data"), list):
            raise ParseError(
                f"{label}: expected a 'data' list in the JSON object, got keys {list(data)[:8]}"
            )
        data = data["data"]
    if not isinstance(data, list):
        raise ParseError(f"{label}: expected a JSON list of records, got {type(data).__name__}")
    return data


def _yes_no(value: Any) -> str:
    return "yes" if value is True else "no" if value is False else "unknown"


def data_policy_summary(policy: Any) -> str:
    """``dataPolicy`` -> "training=no; retains_prompts=yes; retention_days=30"."""
    if not isinstance(policy, dict):
        return ""
    parts = [
        f"training={_yes_no(policy.get('training'))}",
        f"retains_prompts={_yes_no(policy.get('retainsPrompts'))}",
    ]
    if isinstance(policy.get("retentionDays"), (int, float)):
        parts.append(f"retention_days={policy['retentionDays']:g}")
    return "; ".join(parts)


def parse(payload: Payload) -> ParseResult:
    """One Provider row per directory entry; entries without a slug are skipped."""
    records = json_records(payload, "openrouter all-providers")
    if records and not any(isinstance(r, dict) and "slug" in r for r in records):
        raise ParseError("openrouter all-providers: no record has a 'slug' field (schema changed?)")
    result = ParseResult()
    for record in records:
        slug = str(record.get("slug") or "").strip() if isinstance(record, dict) else ""
        if not slug:
            result.skip("entry without slug")
            continue
        base_url = str(record.get("baseUrl") or "")
        result.rows.append(
            Provider(
                provider=provider_from_slug(slug),
                slug=slug,
                headquarters=str(record.get("headquarters") or ""),
                url=base_url if base_url.startswith("http") else "",
                data_policy=data_policy_summary(record.get("dataPolicy")),
            )
        )
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="all-providers.json")]


SOURCE = Source(
    name="openrouter_providers",
    title="OpenRouter provider directory",
    url=URL,
    kind="json",
    license=LICENSE,
    attribution=ATTRIBUTION,
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("openrouter/raw/2026-08-08/providers.json", date(2026, 8, 8)),),
    description=(
        "Inference providers routed by OpenRouter, with headquarters country, API base "
        "URL and data policy (training on prompts, prompt retention)."
    ),
)
