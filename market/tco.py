"""Unit economics of serving tokens: $/1M tokens, owned vs rented GPUs, memory fit, margins.

Pure functions, no I/O. Units are in the names: ``usd_per_gpu_hour`` is US dollars per GPU
per wall-clock hour, ``tokens_per_s_per_gpu`` is tokens per second per GPU while busy,
``utilization`` is the fraction (0, 1] of hours the GPU is busy at that throughput, and
costs per token are US dollars per 1,000,000 tokens. Formulas follow
``ECONOMICS.md`` §6 (Inference Atlas reference notes):

* rented: ``usd_per_mtok = usd_per_gpu_hour / (tokens_per_s_per_gpu * 3600 * utilization) * 1e6``
* owned: ``usd_per_gpu_hour = capex / (life_years * 8760) + kW * PUE * usd_per_kwh + opex/hr``
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

import numpy as np
import pandas as pd

SECONDS_PER_HOUR = 3600
HOURS_PER_YEAR = 8760  # 365 days, as in ECONOMICS.md §6.1
TOKENS_PER_MILLION = 1_000_000

# Bytes per parameter (or per KV-cache element) by numeric precision.
BYTES_PER_PARAM: dict[str, float] = {
    "fp32": 4.0,
    "bf16": 2.0,
    "fp16": 2.0,
    "fp8": 1.0,
    "int8": 1.0,
    "int4": 0.5,
}


class InputError(ValueError):
    """An input is outside the domain of a formula; the message says what is accepted."""


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _positive(name: str, value: float, unit: str) -> float:
    if not (_is_number(value) and value > 0 and math.isfinite(value)):
        raise InputError(f"{name} must be positive {unit} (got {value!r})")
    return float(value)


def _non_negative(name: str, value: float, unit: str) -> float:
    if not (_is_number(value) and value >= 0 and math.isfinite(value)):
        raise InputError(f"{name} must not be negative; expected {unit} (got {value!r})")
    return float(value)


def _utilization(value: float) -> float:
    if not (_is_number(value) and 0 < value <= 1):
        raise InputError(
            f"utilization must be between 0 and 1 (e.g. 0.6 for 60%): "
            f"greater than 0 and at most 1 (got {value!r})"
        )
    return float(value)


def _span(name: str, value: float | tuple[float, float]) -> tuple[float, float]:
    """A scalar or a (low, high) pair, returned as (low, high)."""
    # Not a number: the (low, high) pair (anything else fails to unpack, as before).
    pair = (value, value) if _is_number(value) else value
    low, high = cast("tuple[float, float]", pair)
    if low > high:
        raise InputError(f"{name} range must be (low, high) with low <= high (got {value!r})")
    return low, high


# --- cost per 1M tokens ---------------------------------------------------------------


def cost_per_million_tokens(
    usd_per_gpu_hour: float, tokens_per_s_per_gpu: float, utilization: float = 1.0
) -> float:
    """US dollars per 1M tokens produced by one GPU.

    ``usd_per_gpu_hour`` is paid for every wall-clock hour; ``tokens_per_s_per_gpu`` is the
    measured throughput while busy (state which tokens it counts, see :class:`Workload`);
    ``utilization`` is the busy fraction of hours, in (0, 1]. Linear in the price,
    decreasing in throughput and utilization.
    """
    price = _non_negative("price", usd_per_gpu_hour, "USD per GPU-hour")
    tps = _positive("throughput", tokens_per_s_per_gpu, "tokens/s")
    util = _utilization(utilization)
    return price / (tps * SECONDS_PER_HOUR * util) * TOKENS_PER_MILLION


@dataclass(frozen=True)
class Workload:
    """The serving workload a throughput figure was measured on.

    ``input_tokens``/``output_tokens`` are tokens per request, ``concurrency`` the number of
    requests in flight (batch size) per replica, ``precision`` the weight precision, and
    ``counts`` which tokens the tokens/s figure counts: ``"output"`` or ``"input+output"``.
    """

    input_tokens: int
    output_tokens: int
    concurrency: int
    precision: str = "bf16"
    counts: Literal["output", "input+output"] = "output"

    def __post_init__(self) -> None:
        _non_negative("input_tokens", self.input_tokens, "tokens per request")
        _positive("output_tokens", self.output_tokens, "tokens per request")
        _positive("concurrency", self.concurrency, "requests in flight")
        if self.precision not in BYTES_PER_PARAM:
            raise InputError(f"precision must be one of {sorted(BYTES_PER_PARAM)}")
        if self.counts not in ("output", "input+output"):
            raise InputError("counts must be 'output' or 'input+output'")

    @property
    def counted_tokens_per_request(self) -> int:
        """Tokens per request that the throughput figure counts."""
        extra = self.input_tokens if self.counts == "input+output" else 0
        return self.output_tokens + extra

    def describe(self) -> str:
        """One-line statement of the workload, for chart captions."""
        return (
            f"{self.input_tokens} in / {self.output_tokens} out tokens, concurrency "
            f"{self.concurrency}, {self.precision}, tokens/s counts {self.counts} tokens"
        )


@dataclass(frozen=True)
class WorkloadCost:
    """Cost of a stated workload: per 1M counted tokens and per request (USD)."""

    workload: Workload
    usd_per_mtok: float
    usd_per_request: float


def workload_cost(
    workload: Workload,
    usd_per_gpu_hour: float,
    tokens_per_s_per_gpu: float,
    utilization: float = 1.0,
) -> WorkloadCost:
    """Cost per 1M tokens (of the kind ``workload.counts`` names) and per request."""
    per_mtok = cost_per_million_tokens(usd_per_gpu_hour, tokens_per_s_per_gpu, utilization)
    per_request = per_mtok * workload.counted_tokens_per_request / TOKENS_PER_MILLION
    return WorkloadCost(workload, per_mtok, per_request)


# --- owned hardware -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class OwnedHardware:
    """A purchased unit (one GPU or a whole server); all results are per GPU.

    ``capex_usd`` buys the unit of ``gpus`` GPUs; ``power_w`` is the unit's draw (use TDP;
    counted for every hour, an upper bound since idle draw is lower); ``pue`` is the
    facility's power usage effectiveness (>= 1); ``usd_per_kwh`` the electricity price.
    Other opex is ``opex_share_of_capex_per_year`` (a fraction: 0.05 = 5% of capex a year)
    plus ``opex_usd_per_year``. ``cost_of_capital`` is an annual rate (fraction); the default
    0 means straight-line depreciation, otherwise capex is annualized with the capital
    recovery factor r(1+r)^n / ((1+r)^n - 1).
    """

    capex_usd: float
    life_years: float
    power_w: float
    pue: float
    usd_per_kwh: float
    gpus: int = 1
    opex_share_of_capex_per_year: float = 0.0
    opex_usd_per_year: float = 0.0
    cost_of_capital: float = 0.0

    def __post_init__(self) -> None:
        _non_negative("capex", self.capex_usd, "USD")
        _positive("useful life", self.life_years, "years")
        _non_negative("power", self.power_w, "watts")
        _non_negative("electricity price", self.usd_per_kwh, "USD per kWh")
        _non_negative("other opex", self.opex_usd_per_year, "USD per year")
        _non_negative("opex share", self.opex_share_of_capex_per_year, "a fraction of capex")
        _non_negative("cost of capital", self.cost_of_capital, "an annual rate, e.g. 0.08")
        if not (isinstance(self.gpus, int) and self.gpus >= 1):
            raise InputError(f"gpus must be a positive whole number (got {self.gpus!r})")
        if not self.pue >= 1:
            raise InputError(f"PUE must be at least 1 (got {self.pue!r})")


@dataclass(frozen=True)
class OwnedHourly:
    """Hourly-equivalent cost of owning one GPU, USD per GPU per wall-clock hour."""

    capex: float
    power: float
    opex: float
    total: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", self.capex + self.power + self.opex)


def capital_recovery_factor(rate: float, years: float) -> float:
    """Fraction of a capital sum paid each year to repay it with interest over ``years``."""
    if rate == 0:
        return 1 / years
    growth = (1 + rate) ** years
    return rate * growth / (growth - 1)


def owned_hourly_cost(hw: OwnedHardware) -> OwnedHourly:
    """Hourly equivalent of owning one GPU of ``hw``: capex, power and other opex parts."""
    crf = capital_recovery_factor(hw.cost_of_capital, hw.life_years)
    capex = hw.capex_usd * crf / HOURS_PER_YEAR / hw.gpus
    power = hw.power_w / 1000 * hw.pue * hw.usd_per_kwh / hw.gpus
    opex_year = hw.capex_usd * hw.opex_share_of_capex_per_year + hw.opex_usd_per_year
    return OwnedHourly(capex, power, opex_year / HOURS_PER_YEAR / hw.gpus)


@dataclass(frozen=True)
class OwnVsRent:
    """Owned vs on-demand rental, USD per GPU-hour.

    ``owned_per_busy_hour`` = owned hourly / utilization (owned GPUs cost every hour; an
    on-demand rental is paid only for busy hours). ``break_even_utilization`` = owned /
    rental: owning is cheaper above it; a value above 1 means owning never breaks even.
    ``break_even_rental`` is the rental price at which both cost the same at ``utilization``.
    """

    owned: OwnedHourly
    rental: float
    utilization: float
    owned_per_busy_hour: float
    break_even_utilization: float
    break_even_rental: float
    cheaper: Literal["own", "rent", "equal"]


def compare_owned_vs_rental(
    hw: OwnedHardware, rental_usd_per_gpu_hour: float, utilization: float
) -> OwnVsRent:
    """Compare owning ``hw`` at ``utilization`` with renting on demand (billed per busy hour).

    For reserved rentals (billed every hour) compare at utilization 1.
    """
    rental = _positive("rental price", rental_usd_per_gpu_hour, "USD per GPU-hour")
    util = _utilization(utilization)
    owned = owned_hourly_cost(hw)
    per_busy = owned.total / util
    cheaper: Literal["own", "rent", "equal"]
    cheaper = "equal" if math.isclose(per_busy, rental) else "own" if per_busy < rental else "rent"
    return OwnVsRent(owned, rental, util, per_busy, owned.total / rental, per_busy, cheaper)


# --- memory fit -----------------------------------------------------------------------


@dataclass(frozen=True)
class KvConfig:
    """Attention shape that sets the KV-cache size, with where it was published."""

    layers: int
    kv_heads: int
    head_dim: int
    source: str

    def bytes_per_token(self, precision: str) -> float:
        """KV-cache bytes per token of context: 2 (K and V) x layers x kv_heads x head_dim."""
        return 2 * self.layers * self.kv_heads * self.head_dim * _bytes(precision)


_META = "Meta config.json (huggingface.co/meta-llama/{}): num_hidden_layers, num_key_value_heads"
# head_dim = hidden_size / num_attention_heads: 8192/64 and 4096/32 = 128.
KV_CONFIGS: dict[str, KvConfig] = {
    "llama-2-70b": KvConfig(80, 8, 128, _META.format("Llama-2-70b-hf")),
    "llama-3-70b": KvConfig(80, 8, 128, _META.format("Meta-Llama-3-70B")),
    "llama-3-8b": KvConfig(32, 8, 128, _META.format("Meta-Llama-3-8B")),
}


def _bytes(precision: str) -> float:
    try:
        return BYTES_PER_PARAM[precision]
    except KeyError:
        raise InputError(f"precision must be one of {sorted(BYTES_PER_PARAM)}") from None


def weights_gb(params_b: float, precision: str) -> float:
    """Weight memory in GB (1e9 bytes) for ``params_b`` billion parameters."""
    return _positive("parameter count", params_b, "billions") * _bytes(precision)


def kv_cache_gb(kv_bytes_per_token: float, context_tokens: int, batch: int) -> float:
    """KV-cache GB (1e9 bytes) for ``batch`` sequences of ``context_tokens`` tokens each."""
    per_token = _non_negative("KV bytes per token", kv_bytes_per_token, "bytes")
    context = _non_negative("context", context_tokens, "tokens")
    return per_token * context * _positive("batch", batch, "sequences") / 1e9


def gpus_per_replica(
    weights_gb: float, gpu_memory_gb: float, kv_gb: float = 0.0, overhead_fraction: float = 0.0
) -> int:
    """GPUs one model replica needs: ceil((weights + KV) x (1 + overhead) / GPU memory).

    ``overhead_fraction`` (default 0) covers activations and runtime buffers, e.g. 0.1 for
    10% on top of weights and KV cache.
    """
    need = _positive("weights", weights_gb, "GB") + _non_negative("KV cache", kv_gb, "GB")
    need *= 1 + _non_negative("overhead fraction", overhead_fraction, "a fraction, e.g. 0.1")
    # round away float noise so that exactly 2 x 80 GB is 2 GPUs, not 3
    return math.ceil(round(need / _positive("GPU memory", gpu_memory_gb, "GB"), 9))


@dataclass(frozen=True)
class MemoryFit:
    """Memory a replica needs (GB) and the GPUs it takes."""

    weights_gb: float
    kv_gb: float
    gpus: int


def memory_fit(
    params_b: float,
    precision: str,
    gpu_memory_gb: float,
    *,
    kv_gb: float = 0.0,
    overhead_fraction: float = 0.0,
) -> MemoryFit:
    """Weights from parameters and precision, plus a given KV cache, packed onto GPUs.

    Get ``kv_gb`` from :func:`kv_cache_gb`, with bytes per token from ``KV_CONFIGS`` or
    from the user.
    """
    weights = weights_gb(params_b, precision)
    gpus = gpus_per_replica(weights, gpu_memory_gb, kv_gb, overhead_fraction)
    return MemoryFit(weights, kv_gb, gpus)


# --- margins and sensitivity -----------------------------------------------------------


@dataclass(frozen=True)
class MarginRange:
    """Implied gross margin range; ``low``/``high`` are None when undefined (price 0)."""

    low: float | None
    high: float | None
    cost_low: float
    cost_high: float
    list_price: float
    note: str


def implied_gross_margin(
    list_usd_per_mtok: float,
    usd_per_gpu_hour: float | tuple[float, float],
    tokens_per_s_per_gpu: float | tuple[float, float],
    utilization: float | tuple[float, float],
) -> MarginRange:
    """Range of 1 - cost / list price over ranges of the cost drivers (never a point fact).

    Each driver is a value or a (low, high) pair. The list price must be for the same
    tokens the throughput counts (e.g. output price for output tokens/s). Margins below 0
    mean selling under cost. A price of 0 (free) leaves the margin undefined.
    """
    price = _non_negative("list price", list_usd_per_mtok, "USD per 1M tokens")
    p_lo, p_hi = _span("price", usd_per_gpu_hour)
    t_lo, t_hi = _span("throughput", tokens_per_s_per_gpu)
    u_lo, u_hi = _span("utilization", utilization)
    cost_low = cost_per_million_tokens(p_lo, t_hi, u_hi)
    cost_high = cost_per_million_tokens(p_hi, t_lo, u_lo)
    if price == 0:
        note = "list price is 0 (free): gross margin is undefined"
        return MarginRange(None, None, cost_low, cost_high, price, note)
    note = "range over the given $/GPU-hour, throughput and utilization ranges"
    return MarginRange(
        1 - cost_high / price, 1 - cost_low / price, cost_low, cost_high, price, note
    )


def sensitivity_grid(
    tokens_per_s_per_gpu: float,
    utilizations: Sequence[float],
    usd_per_gpu_hours: Sequence[float],
) -> pd.DataFrame:
    """USD per 1M tokens over utilization (rows) x USD per GPU-hour (columns).

    Index is named ``utilization``, columns ``usd_per_gpu_hour``; ``.stack()`` gives the
    long form.
    """
    tps = _positive("throughput", tokens_per_s_per_gpu, "tokens/s")
    utils = [_utilization(u) for u in utilizations]
    prices = [_non_negative("price", p, "USD per GPU-hour") for p in usd_per_gpu_hours]
    values = np.outer(1 / np.array(utils), np.array(prices)) / (tps * SECONDS_PER_HOUR)
    return pd.DataFrame(
        values * TOKENS_PER_MILLION,
        index=pd.Index(utils, name="utilization"),
        columns=pd.Index(prices, name="usd_per_gpu_hour"),
    )
