"""What an API price listing sells (its *kind*).

LLM tables, rankings and every "cheapest / fastest / median" headline count
``text`` (text generation) only; the other kinds stay reachable under their own filter.
"""

from __future__ import annotations

TEXT = "text"
KINDS: tuple[str, ...] = (
    TEXT,  # text generation (chat / completion; may accept images or audio as input)
    "image",  # image generation / editing
    "video",  # video generation
    "audio",  # speech: text-to-speech, transcription, realtime audio
    "music",  # music generation
    "embedding",
    "rerank",
    "ocr",  # OCR / vision-only document models
    "moderation",
    "unclassified",  # a new kind a source started sending: kept out of LLM headlines
)
