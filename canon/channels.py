"""Channels: who sells a listing, and how far each price source is from the seller.

A *router* (OpenRouter, Vercel AI Gateway ...) resells other providers' endpoints
under one API; it is a channel, not a provider that serves the model. Headlines that
name "the cheapest provider" compare providers that serve the model; routers are shown
beside them, marked.

``SOURCE_PRECEDENCE`` ranks the API price sources for the current-price rule (see
``warehouse.views``): when two sources give a price for the same provider, model and
price type on the same date, the source closer to the seller wins: the provider's own
pricing page first, hand-kept official list prices next, catalogues, then what a
router reports about other providers, and a router's own listings last.
"""

from __future__ import annotations

ROUTER = "router"
PROVIDER = "provider"

# Canonical provider names (canon.names) of gateways that route to other providers'
# endpoints. OpenRouter and Vercel AI Gateway are in the bundled data; the others are
# gateways of the same kind, listed so a source that starts naming them is classed.
ROUTERS: frozenset[str] = frozenset(
    {
        "OpenRouter",
        "Vercel AI Gateway",
        "Cloudflare AI Gateway",
        "Requesty",
        "Portkey",
        "Helicone",
        "LiteLLM Proxy",
        "Martian",
        "Unify",
    }
)

# Source id -> rank (lower wins a same-date tie). Unknown sources rank with catalogues.
SOURCE_PRECEDENCE: dict[str, int] = {
    "deepseek_pricing": 0,  # the provider's own pricing page
    "llm_prices": 1,  # hand-kept official list prices
    "litellm": 2,  # maintained catalogue
    "model_price_hub": 2,
    "openrouter_endpoints": 3,  # a router's report of other providers' prices
    "openrouter_effective_pricing": 4,  # a router's own prices
    "openrouter_models": 4,
}
DEFAULT_PRECEDENCE = 2


def is_router(provider: str) -> bool:
    """True when ``provider`` (a canonical name) is a router / gateway, not a server."""
    return provider in ROUTERS


def channel(provider: str) -> str:
    """``'router'`` or ``'provider'`` for a canonical provider name."""
    return ROUTER if is_router(provider) else PROVIDER


def precedence(source_id: str) -> int:
    """Rank of a price source in same-date ties (0 = the provider's own page)."""
    return SOURCE_PRECEDENCE.get(source_id, DEFAULT_PRECEDENCE)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def router_sql_list() -> str:
    """The router names as a SQL literal list, for view bodies (views take no
    parameters; the names are the constants above, never user input)."""
    return "(" + ", ".join(_quote(r) for r in sorted(ROUTERS)) + ")"


def precedence_sql(column: str = "source_id") -> str:
    """A SQL CASE giving ``precedence(column)``, for view bodies (constants only)."""
    whens = " ".join(
        f"WHEN {_quote(s)} THEN {rank}" for s, rank in sorted(SOURCE_PRECEDENCE.items())
    )
    return f"(CASE {column} {whens} ELSE {DEFAULT_PRECEDENCE} END)"
