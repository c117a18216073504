"""What an API price listing sells (its *kind*), and the one classifier that decides it.

LLM tables, rankings and every "cheapest / fastest / median" headline count
``text`` (text generation) only; the other kinds stay reachable under their own filter.

``classify_listing`` weighs what the source says (LiteLLM's ``mode``, OpenRouter's
output modalities, price fields such as ``output_cost_per_image``) together with the
model id (``flux``, ``tts``, ``whisper``, ``embed`` ...): ``mode: chat`` alone does not
make a listing text generation (LiteLLM files FLUX, Llama Guard and TTS models as chat).
A source value the classifier does not know (a new LiteLLM mode) gives
``unclassified``, which stays out of LLM headlines until it is added here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TEXT = "text"
UNCLASSIFIED = "unclassified"
KINDS: tuple[str, ...] = (
    TEXT,  # text generation (chat / completion; may accept images or audio as input)
    "image",  # image generation / editing
    "video",  # video generation
    "audio",  # speech: text-to-speech, transcription, realtime / speech-to-speech
    "music",  # music generation
    "embedding",
    "rerank",
    "ocr",  # OCR / vision-only document models
    "moderation",  # safety classifiers (Llama Guard, gpt-oss-safeguard, moderation APIs)
    "search",  # web-search / vector-store APIs
    UNCLASSIFIED,  # a new kind a source started sending: kept out of LLM headlines
)

# LiteLLM ``mode`` -> kind. Modes not listed here are unclassified (a new mode).
MODE_KINDS: dict[str, str] = {
    "chat": TEXT,
    "completion": TEXT,
    "responses": TEXT,
    "realtime": "audio",  # speech-to-speech sessions, not a text-generation list price
    "image_generation": "image",
    "image_edit": "image",
    "video_generation": "video",
    "audio_speech": "audio",
    "audio_transcription": "audio",
    "embedding": "embedding",
    "rerank": "rerank",
    "ocr": "ocr",
    "moderation": "moderation",
    "search": "search",
    "vector_store": "search",
}

# Model-id patterns, checked in order (first match wins), on the lowercased id with
# separators kept. Word boundaries (\b, "-", "/", ".") keep "stablecode" a code model and
# "qwen2-audio-7b-instruct" (audio in, text out) a text model.
NAME_KINDS: tuple[tuple[str, str], ...] = (
    (r"\b(lyria|music|suno|udio|song)", "music"),
    (r"\b(guard|safeguard|shieldgemma|guardian)\b|llamaguard|moderation", "moderation"),
    (r"\brerank", "rerank"),
    (r"embed|\b(bge|e5|gte)-", "embedding"),
    (r"ocr\b|ocr-", "ocr"),
    (r"\b(tts|whisper|transcribe|speech|native-audio|realtime|gpt-audio|voice)\b", "audio"),
    (r"livetranslate", "audio"),  # speech-to-speech translation (Qwen LiveTranslate)
    (r"-tts|tts-|-audio-preview|audio-preview-", "audio"),
    (r"\b(veo|sora|kling|seedance|hailuo|video|t2v|i2v)\b", "video"),
    (
        r"\b(flux|dall-e|imagen|stable-diffusion|sdxl|sd3|gpt-image|seedream|recraft"
        r"|ideogram|midjourney|nano-banana|playground-v)|-image\b|image-\d|\bimage-gen",
        "image",
    ),
)

# Source fields (LiteLLM price fields, OpenRouter pricing keys, OpenRouter endpoint SKU
# labels) that only a listing *producing* that medium has, matched as prefixes (so
# "supports_audio_output" is no evidence). Input-side fields (input_cost_per_image,
# input_cost_per_audio_token) describe what a text model reads. A per-image output
# price beside a per-token text output price is an add-on of a text model (LiteLLM
# lists one for gemini-3.1-pro-preview), so those two count only without one.
PER_IMAGE_FIELDS = ("output_cost_per_image", "output_cost_per_pixel")
FIELD_KINDS: tuple[tuple[str, str], ...] = (
    ("output_cost_per_image", "image"),
    ("output_cost_per_pixel", "image"),
    ("image_output", "image"),
    ("Image Output", "image"),
    ("output_cost_per_video", "video"),
    ("Video Output", "video"),
    ("Video (", "video"),
    ("Video Generation", "video"),
    ("Video Tokens", "video"),
    ("Text to Video", "video"),
    ("Image to Video", "video"),
    ("Song Generation", "music"),
    ("output_cost_per_audio", "audio"),
    ("audio_output", "audio"),
    ("Output Audio", "audio"),
    ("Audio Minutes", "audio"),  # transcription, billed per minute / hour / second
    ("Audio Hours", "audio"),
    ("Audio Seconds", "audio"),
    ("Characters", "audio"),  # OpenRouter's text-to-speech SKU, per 1M characters
    ("Search units", "search"),
)
MODALITY_KINDS = {"image": "image", "audio": "audio", "video": "video", "text": TEXT}
_NAME_PATTERNS = [(re.compile(pattern), kind) for pattern, kind in NAME_KINDS]
_FIELD_MARKER = re.compile("|".join(re.escape(marker) for marker, _ in FIELD_KINDS))


def kind_from_name(model: str) -> str | None:
    """The kind a model id names (``flux-1-dev`` -> image), or None."""
    name = (model or "").lower()
    for pattern, kind in _NAME_PATTERNS:
        if pattern.search(name):
            return kind
    return None


def classify_listing(
    model: str,
    *,
    mode: str | None = None,
    output_modalities: Iterable[str] | None = None,
    fields: Iterable[str] = (),
    default: str = UNCLASSIFIED,
) -> str:
    """What one price listing sells, one of ``KINDS``.

    Evidence, strongest first: a non-text ``mode``; the model id; output-side price
    fields; non-text output modalities; a text ``mode`` or text-only output modalities.
    ``default`` is what the source itself vouches for when it says nothing (e.g.
    ``TEXT`` for a page that lists only chat models); an unknown ``mode`` is
    ``unclassified`` whatever the name says, so a new LiteLLM mode is noticed.

    >>> classify_listing("fireworks_ai/accounts/fireworks/models/flux-1-dev", mode="chat")
    'image'
    >>> classify_listing("gpt-4o", mode="chat")
    'text'
    """
    mode_kind = MODE_KINDS.get(mode) if mode is not None else None
    if mode is not None and mode_kind is None:
        return UNCLASSIFIED
    if mode_kind not in (None, TEXT):
        return mode_kind
    named = kind_from_name(model)
    if named:
        return named
    present = [str(f) for f in fields]
    text_output = "output_cost_per_token" in present
    found = {m.group(0) for f in present if (m := _FIELD_MARKER.match(f))}
    for marker, kind in FIELD_KINDS:
        if marker in found and not (text_output and marker in PER_IMAGE_FIELDS):
            return kind
    outputs = [str(m).lower() for m in output_modalities or ()]
    for modality in outputs:
        if modality != "text":
            return MODALITY_KINDS.get(modality, UNCLASSIFIED)
    if mode_kind == TEXT or outputs == ["text"]:
        return TEXT
    return default
