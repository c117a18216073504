"""Which model sizes fit in an edge device's memory. Pure functions, no I/O.

Memory a model needs = weights + KV cache, with

* weights (GB) = parameters (billions) x bytes per parameter (``market.tco.weights_gb``);
* KV cache (GB) = KV bytes per token x context tokens x 1 sequence (one user on the
  device), with the attention shape from ``market.tco.KV_CONFIGS`` where a published
  config exists for that size. For other sizes the shape of the nearest published config
  (by parameter-count ratio) is used and the row is labelled as an assumption.

It fits when that total is at most device memory x the usable fraction (the share of
device memory the model may take; the operating system and other apps keep the rest).
GB means 10^9 bytes throughout; device memory sold as "8 GB" is usually 8 GiB
(8.59 x 10^9 bytes), so the check is slightly conservative.
"""

from __future__ import annotations

import math
import re
from functools import cache

import pandas as pd

from market.tco import (
    BYTES_PER_PARAM,
    KV_CONFIGS,
    InputError,
    KvConfig,
    kv_cache_gb,
    weights_gb,
)

# Common open-weight model sizes, billions of parameters (Llama 3.2 1B/3B, Mistral 7B,
# Llama 3 8B, Llama 2 13B, Qwen2.5 32B, Llama 3 70B).
COMMON_SIZES_B: tuple[float, ...] = (1, 3, 7, 8, 13, 32, 70)
# Assumption, stated in the UI: the FastFlowLM docs note that the Ryzen AI NPU can
# address under 50% of system DRAM (edge_benchmarks, FastFlowLM rows).
DEFAULT_USABLE_FRACTION = 0.5
# Assumption, stated in the UI: runtimes keep the KV cache at 16 bit unless told otherwise.
DEFAULT_KV_PRECISION = "fp16"
# Most on-device measurements in edge_benchmarks use 4-bit weights (w4, w4a16, Q4_0).
DEFAULT_WEIGHT_PRECISION = "int4"

_SIZE_IN_KEY = re.compile(r"(\d+(?:\.\d+)?)b$")
# "8 GB", "8GB", "16 or 32 GB", "4 or 8 GB" -- but not "120 GB/s" or "10.7 Gbps".
_MEMORY = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)(?:\s*(?:or|/)\s*(\d+(?:\.\d+)?))?\s*GB(?!\s*/\s*s)(?![a-z])"
)


def usable_memory_gb(device_memory_gb: float, usable_fraction: float) -> float:
    """GB available to the model: device memory x usable fraction.

    Raises InputError when memory is not a positive number of GB or the fraction is
    outside (0, 1].
    """
    if not _finite(device_memory_gb) or device_memory_gb <= 0:
        raise InputError(
            f"device memory must be a positive number of GB (got {device_memory_gb!r})"
        )
    if not _finite(usable_fraction) or not 0 < usable_fraction <= 1:
        raise InputError(
            "usable fraction must be greater than 0 and at most 1, e.g. 0.5 for half of "
            f"device memory (got {usable_fraction!r})"
        )
    return float(device_memory_gb) * float(usable_fraction)


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@cache
def _configs_by_size() -> dict[float, tuple[str, KvConfig]]:
    """Size in billions -> (config name, config); the later name wins on equal sizes."""
    out: dict[float, tuple[str, KvConfig]] = {}
    for name in sorted(KV_CONFIGS):
        match = _SIZE_IN_KEY.search(name)
        if match:
            out[float(match.group(1))] = (name, KV_CONFIGS[name])
    return out


def kv_basis(params_b: float) -> tuple[str, KvConfig, bool]:
    """(config name, config, is_assumption) for a model of ``params_b`` billion parameters.

    Exact when a published config has that size; otherwise the nearest size by ratio
    (|log(size / params)|), flagged as an assumption.
    """
    configs = _configs_by_size()
    if params_b in configs:
        name, config = configs[params_b]
        return name, config, False
    nearest = min(configs, key=lambda size: abs(math.log(size / params_b)))
    name, config = configs[nearest]
    return name, config, True


def fit_table(
    device_memory_gb: float,
    usable_fraction: float,
    precision: str,
    context_tokens: int,
    *,
    kv_precision: str = DEFAULT_KV_PRECISION,
    sizes: tuple[float, ...] = COMMON_SIZES_B,
) -> pd.DataFrame:
    """One row per model size: weights, KV cache and total GB, and whether it fits.

    Columns: params_b, weights_gb, kv_cache_gb, total_gb, available_gb, headroom_gb
    (available - total; negative when it does not fit), fits (bool), kv_basis (which
    attention shape the KV cache assumes).
    """
    available = usable_memory_gb(device_memory_gb, usable_fraction)
    if precision not in BYTES_PER_PARAM or kv_precision not in BYTES_PER_PARAM:
        raise InputError(f"precision must be one of {sorted(BYTES_PER_PARAM)}")
    if (
        not isinstance(context_tokens, int)
        or isinstance(context_tokens, bool)
        or context_tokens < 0
    ):
        raise InputError(
            f"context length must be a whole number of tokens >= 0 (got {context_tokens!r})"
        )
    rows = [_row(size, precision, kv_precision, context_tokens, available) for size in sizes]
    return pd.DataFrame(rows)


def _row(size: float, precision: str, kv_precision: str, context: int, available: float) -> dict:
    name, config, assumed = kv_basis(size)
    weights = weights_gb(size, precision)
    kv = kv_cache_gb(config.bytes_per_token(kv_precision), context, 1)
    total = weights + kv
    label = f"{name} shape" + (" (assumption: nearest published config)" if assumed else "")
    return {
        "params_b": float(size),
        "weights_gb": weights,
        "kv_cache_gb": kv,
        "total_gb": total,
        "available_gb": available,
        "headroom_gb": available - total,
        "fits": total <= available,
        "kv_basis": label,
    }


def largest_fitting(table: pd.DataFrame) -> float | None:
    """The largest ``params_b`` in a :func:`fit_table` result that fits, or None."""
    fitting = table.loc[table["fits"], "params_b"]
    return None if fitting.empty else float(fitting.max())


def memory_figures_gb(text: str | None) -> list[float]:
    """Memory capacities in GB stated in free text, ascending and unique.

    "16 or 32 GB" gives [16, 32]; bandwidths ("120 GB/s") and other units ("6 MB",
    "10.7 Gbps") are ignored. None or text without a figure gives [].
    """
    if not text:
        return []
    found: set[float] = set()
    for first, second in _MEMORY.findall(text):
        found.add(float(first))
        if second:
            found.add(float(second))
    return sorted(value for value in found if value > 0)
