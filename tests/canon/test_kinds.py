"""canon.kinds.classify_listing: what a price listing sells, from the source's fields
and the model id together. Cases are real entries of the bundled payloads (LiteLLM
keys with their mode and price fields, OpenRouter ids with output modalities and
pricing keys, OpenRouter endpoint SKU labels)."""

from __future__ import annotations

import pytest

from canon.kinds import KINDS, MODE_KINDS, TEXT, UNCLASSIFIED, classify_listing

LITELLM_TOKEN = ("input_cost_per_token", "output_cost_per_token")

# (model id, source evidence, expected kind)
CASES: list[tuple[str, dict, str]] = [
    # LiteLLM files these as mode "chat": the name or the fields say otherwise
    (
        "fireworks_ai/accounts/fireworks/models/flux-1-dev-controlnet-union",
        {"mode": "chat", "fields": LITELLM_TOKEN},
        "image",
    ),
    ("fireworks_ai/accounts/fireworks/models/llama-guard-3-8b", {"mode": "chat"}, "moderation"),
    ("groq/openai/gpt-oss-safeguard-20b", {"mode": "chat"}, "moderation"),
    ("watsonx/ibm/granite-guardian-3-3-8b", {"mode": "chat"}, "moderation"),
    ("gemini/gemini-2.5-pro-preview-tts", {"mode": "chat"}, "audio"),
    (
        "gpt-4o-audio-preview",
        {"mode": "chat", "fields": LITELLM_TOKEN + ("output_cost_per_audio_token",)},
        "audio",
    ),
    ("gemini-2.5-flash-native-audio-latest", {"mode": "chat"}, "audio"),
    ("deepinfra/allenai/olmOCR-7B-0725-FP8", {"mode": "chat"}, "ocr"),
    ("novita/deepseek/deepseek-ocr", {"mode": "chat"}, "ocr"),
    ("vercel_ai_gateway/cohere/embed-v4.0", {"mode": "chat"}, "embedding"),
    (
        "gemini/lyria-3-clip-preview",
        {"mode": "chat", "fields": ("output_cost_per_image",)},
        "music",
    ),
    # LiteLLM modes
    ("text-embedding-3-large", {"mode": "embedding"}, "embedding"),
    ("cohere/rerank-v3.5", {"mode": "rerank"}, "rerank"),
    ("gpt-image-1", {"mode": "image_generation"}, "image"),
    ("whisper-1", {"mode": "audio_transcription"}, "audio"),
    ("gpt-4o-realtime-preview", {"mode": "realtime"}, "audio"),
    ("omni-moderation-latest", {"mode": "moderation"}, "moderation"),
    ("gemini/veo-3.0-generate-preview", {"mode": "video_generation"}, "video"),
    # text models that must stay text
    ("gpt-4o", {"mode": "chat", "fields": LITELLM_TOKEN}, TEXT),
    ("fireworks_ai/accounts/fireworks/models/stablecode-3b", {"mode": "completion"}, TEXT),
    ("sambanova/Qwen2-Audio-7B-Instruct", {"mode": "chat"}, TEXT),  # audio in, text out
    (
        "gemini/gemini-2.0-flash",  # reads audio; "supports_audio_output" is no price
        {
            "mode": "chat",
            "fields": LITELLM_TOKEN + ("input_cost_per_audio_token", "supports_audio_output"),
        },
        TEXT,
    ),
    (
        "vertex_ai/gemini-3.1-pro-preview",  # per-image add-on beside a text output price
        {"mode": "chat", "fields": LITELLM_TOKEN + ("output_cost_per_image",)},
        TEXT,
    ),
    ("meta.llama3-2-11b-instruct-v1:0", {"mode": "chat"}, TEXT),
    # OpenRouter model list: output modalities and pricing keys
    ("google/gemini-2.5-flash-image", {"output_modalities": ["image", "text"]}, "image"),
    (
        "openai/gpt-5-image-mini",
        {"output_modalities": ["image", "text"], "fields": ("prompt", "image_output")},
        "image",
    ),
    (
        "openai/gpt-audio",
        {"output_modalities": ["text", "audio"], "fields": ("prompt", "audio_output")},
        "audio",
    ),
    ("google/lyria-3-pro-preview", {"output_modalities": ["text", "audio"]}, "music"),
    ("anthropic/claude-sonnet-4.5", {"output_modalities": ["text"]}, TEXT),
    # OpenRouter endpoint SKU labels
    ("black-forest-labs/flux.2-pro", {"fields": ("Image Output",), "default": TEXT}, "image"),
    ("google/veo-3.1", {"fields": ("Video (with audio)",), "default": TEXT}, "video"),
    (
        "qwen/qwen3-vl-8b",
        {"fields": ("Input Price", "Output Price", "Video Input"), "default": TEXT},
        TEXT,
    ),
    ("openai/whisper-large-v3", {"fields": ("Audio Minutes",), "default": TEXT}, "audio"),
    # nothing said: the source's default; a new mode: unclassified whatever the name
    ("deepseek-v4-pro", {"default": TEXT}, TEXT),
    ("mystery-model", {}, UNCLASSIFIED),
    ("gpt-5", {"mode": "hologram"}, UNCLASSIFIED),
]


@pytest.mark.parametrize(("model", "evidence", "expected"), CASES)
def test_classify_listing(model: str, evidence: dict, expected: str) -> None:
    assert classify_listing(model, **evidence) == expected


def test_vocabulary_is_closed() -> None:
    assert set(MODE_KINDS.values()) <= set(KINDS)
    assert {expected for *_, expected in CASES} <= set(KINDS)
