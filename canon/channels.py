"""Channels: who sells a listing. A router (an API gateway reselling other providers'
endpoints under one key) is a channel, not a provider: its prices echo the upstream
providers', so headlines and price moves leave routers out.

Minimal version for the weekly brief; issue 9b owns the full list and rules.
"""

from __future__ import annotations

# Routers present in the bundled data (provider names after canon.names canonicalisation):
# OpenRouter (openrouter.ai) and Vercel AI Gateway (vercel.com/ai-gateway), both listed
# in the LiteLLM catalogue and OpenRouter's own model list.
ROUTERS: frozenset[str] = frozenset({"OpenRouter", "Vercel AI Gateway"})


def is_router(provider: str) -> bool:
    """True if ``provider`` is a router/gateway rather than a provider serving the model."""
    return provider in ROUTERS
