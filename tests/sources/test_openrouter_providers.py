"""OpenRouter provider directory -> Provider rows; slug -> canonical provider."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from ingest.base import ParseError, ParseResult, Payload
from ingest.rows import Provider
from ingest.sources.openrouter_providers import SOURCE, parse, provider_from_slug


@pytest.fixture(scope="module")
def result() -> ParseResult:
    [payload] = SOURCE.load_snapshot()
    return parse(payload)


def _payload(content: bytes) -> Payload:
    return Payload(content, datetime(2026, 1, 1, tzinfo=UTC), "test", "providers.json")


def _by_slug(result: ParseResult) -> dict[str, Provider]:
    return {r.slug: r for r in result.rows}


def test_counts(result) -> None:
    assert len(result.rows) == 80
    assert result.skipped == {}
    assert sum(1 for r in result.rows if r.headquarters) == 62


def test_whole_rows(result) -> None:
    rows = _by_slug(result)
    assert rows["cerebras"] == Provider(
        provider="Cerebras",
        slug="cerebras",
        headquarters="US",
        url="https://api.cerebras.ai/v1",
        data_policy="training=no; retains_prompts=no",
    )
    # named just "Google" by OpenRouter; baseUrl "not_used"
    assert rows["google-vertex"] == Provider(
        provider="Google Vertex AI",
        slug="google-vertex",
        headquarters="US",
        url="",
        data_policy="training=no; retains_prompts=no",
    )
    assert rows["claude-on-aws"] == Provider(
        provider="Anthropic",
        slug="claude-on-aws",
        headquarters="US",
        url="https://aws-external-anthropic.us-east-1.api.aws/v1",
        data_policy="training=no; retains_prompts=yes; retention_days=30",
    )
    assert rows["deepseek"] == Provider(
        provider="DeepSeek",
        slug="deepseek",
        headquarters="CN",
        url="https://api.deepseek.com/beta",
        data_policy="training=yes; retains_prompts=yes",
    )
    assert rows["voyageai"].provider == "Voyage AI" and rows["voyageai"].headquarters == ""


def test_live_shape_with_data_wrapper() -> None:
    [payload] = SOURCE.load_snapshot()
    wrapped = _payload(json.dumps({"data": json.loads(payload.text())}).encode())
    assert parse(wrapped).rows == parse(payload).rows


@pytest.mark.parametrize(
    ("slug", "provider"),
    [
        ("google-vertex/europe", "Google Vertex AI"),
        ("google-ai-studio", "Google"),
        ("amazon-bedrock/global", "AWS Bedrock"),
        ("deepinfra/turbo", "DeepInfra"),
        ("together", "Together AI"),
        ("novita", "Novita AI"),
        ("sambanova-turbo", "SambaNova"),
        ("io-net", "io.net"),
        ("", ""),
    ],
)
def test_provider_from_slug(slug: str, provider: str) -> None:
    assert provider_from_slug(slug) == provider


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "expected JSON"),
        (b'{"providers": []}', "expected a 'data' list"),
        (b'[{"name": "X"}]', "no record has a 'slug' field"),
    ],
)
def test_malformed_payload_raises(content: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse(_payload(content))
