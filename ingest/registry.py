"""The explicit source registry: every module under ``ingest/sources`` is listed
here once, and the CLI's choices come from this list (a test checks both ways)."""

from __future__ import annotations

import importlib
from functools import cache

from ingest.base import Source

# Order matters for dependent tables: reference data and catalogues first.
MODULES: tuple[str, ...] = (
    "curated_companies",
    "curated_market_shares",
    "curated_edge_accelerators",
    "curated_edge_benchmarks",
    "epoch_hardware",
    "epoch_clusters",
    "ecb_fx",  # before any source with prices in another currency (model_price_hub)
    "litellm",
    "llm_prices",
    "openrouter_models",
    "openrouter_endpoints",
    "openrouter_effective_pricing",
    "openrouter_providers",
    "openrouter_rankings",
    "deepseek_pricing",
    "model_price_hub",
    "gpu_tracker",
    "coreweave",
    "lambda_catalog",
    "vast_catalog",
    "runpod_daily",
    "ornn_gpu_index",
    "gcp_tpu",
    "curated_gpu_prices",
    "llmperf",
    "mlperf",
)


@cache
def all_sources() -> dict[str, Source]:
    """source name -> Source, in registry order."""
    out: dict[str, Source] = {}
    for module_name in MODULES:
        module = importlib.import_module(f"ingest.sources.{module_name}")
        source: Source = module.SOURCE
        if source.name in out:
            raise RuntimeError(f"source name {source.name!r} registered twice")
        out[source.name] = source
    return out


def get_source(name: str) -> Source:
    sources = all_sources()
    if name not in sources:
        raise KeyError(f"unknown source {name!r}; known: {', '.join(sources)}")
    return sources[name]
