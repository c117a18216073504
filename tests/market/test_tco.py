"""Tests for market.tco: formula properties, ECONOMICS.md §6 worked numbers, memory fit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market.tco import (
    KV_CONFIGS,
    InputError,
    OwnedHardware,
    Workload,
    capital_recovery_factor,
    compare_owned_vs_rental,
    cost_per_million_tokens,
    gpus_per_replica,
    implied_gross_margin,
    kv_cache_gb,
    memory_fit,
    owned_hourly_cost,
    sensitivity_grid,
    weights_gb,
    workload_cost,
)

prices = st.floats(min_value=0.01, max_value=100, allow_nan=False)
throughputs = st.floats(min_value=1, max_value=1e6, allow_nan=False)
utilizations = st.floats(min_value=0.01, max_value=1.0, allow_nan=False)

# ECONOMICS.md §6.1 example: capex $30,000, 4-year life, 0.7 kW (H100 SXM TDP 700 W per
# deploybase), PUE 1.3, $0.08/kWh.
ECON_H100 = OwnedHardware(capex_usd=30_000, life_years=4, power_w=700, pue=1.3, usd_per_kwh=0.08)


# --- cost per 1M tokens: properties ----------------------------------------------------


@given(prices, throughputs, utilizations, st.floats(min_value=0.1, max_value=10))
def test_cost_is_linear_in_price(price, tps, util, k):
    assert cost_per_million_tokens(k * price, tps, util) == pytest.approx(
        k * cost_per_million_tokens(price, tps, util), rel=1e-12
    )


@given(prices, throughputs, throughputs, utilizations)
def test_cost_decreases_in_throughput(price, t1, t2, util):
    lo, hi = sorted((t1, t2))
    if hi > lo * (1 + 1e-9):
        assert cost_per_million_tokens(price, hi, util) < cost_per_million_tokens(price, lo, util)


@given(prices, throughputs, utilizations, utilizations)
def test_cost_decreases_in_utilization(price, tps, u1, u2):
    lo, hi = sorted((u1, u2))
    if hi > lo * (1 + 1e-9):
        assert cost_per_million_tokens(price, tps, hi) < cost_per_million_tokens(price, tps, lo)


def test_free_gpu_costs_nothing():
    assert cost_per_million_tokens(0.0, 1000, 0.5) == 0.0


# --- cost per 1M tokens: cited inputs (ECONOMICS.md §6.2), arithmetic done by hand ------


def test_h100_tensorrt_llm_gptj_at_low_rental_price():
    # 10,907 output tok/s (H100 SXM, FP8, GPT-J 6B, batch 64, 128/128; NVIDIA TensorRT-LLM
    # blog) at $1.99/GPU-hr (low end of H100 rentals, deploybase):
    # 1.99 / (10,907 x 3,600) x 1e6 = 1,990,000 / 39,265,200 = 0.050681...
    gptj = Workload(input_tokens=128, output_tokens=128, concurrency=64, precision="fp8")
    result = workload_cost(gptj, 1.99, 10_907, utilization=1.0)
    assert result.usd_per_mtok == pytest.approx(0.050681, abs=1e-6)
    assert result.usd_per_request == pytest.approx(0.050681 * 128 / 1e6, rel=1e-5)
    assert "counts output tokens" in gptj.describe()


def test_mi300x_vllm_llama31_8b_counts_input_and_output():
    # 18,752 tok/s input+output (MI300X, vLLM, Llama-3.1-8B; AIMultiple) at $3.49/hr (RunPod):
    # 3,490,000 / (18,752 x 3,600) = 3,490,000 / 67,507,200 = 0.051698...
    assert cost_per_million_tokens(3.49, 18_752) == pytest.approx(0.051698, abs=1e-6)
    wl = Workload(input_tokens=1000, output_tokens=200, concurrency=8, counts="input+output")
    assert wl.counted_tokens_per_request == 1200


def test_utilization_scales_cost_inversely():
    assert cost_per_million_tokens(1.99, 10_907, 0.5) == pytest.approx(2 * 0.050681, abs=2e-6)


# --- owned hardware -------------------------------------------------------------------


def test_economics_owned_example_reproduced():
    hourly = owned_hourly_cost(ECON_H100)
    assert round(hourly.capex, 3) == 0.856  # "Capex part: $0.856/hr"
    assert hourly.capex == pytest.approx(0.8561644, abs=1e-7)  # 30,000 / (4 x 8,760)
    assert hourly.power == pytest.approx(0.0728)  # 0.7 x 1.3 x 0.08
    assert round(hourly.power, 3) == 0.073
    assert hourly.opex == 0.0
    assert round(hourly.total, 2) == 0.93  # "total ≈ $0.93/hr"


def test_owned_server_split_per_gpu_by_hand():
    server = OwnedHardware(
        capex_usd=87_600,
        life_years=1,
        power_w=2_000,
        pue=1.5,
        usd_per_kwh=0.10,
        gpus=2,
        opex_share_of_capex_per_year=0.10,
        opex_usd_per_year=17_520,
    )
    hourly = owned_hourly_cost(server)
    assert hourly.capex == pytest.approx(5.0)  # 87,600 / 8,760 / 2
    assert hourly.power == pytest.approx(0.15)  # 2 kW x 1.5 x $0.10 / 2
    assert hourly.opex == pytest.approx(1.5)  # (8,760 + 17,520) / 8,760 / 2
    assert hourly.total == pytest.approx(6.65)


def test_cost_of_capital_uses_capital_recovery_factor():
    assert capital_recovery_factor(0.0, 4) == 0.25
    assert capital_recovery_factor(0.1, 2) == pytest.approx(0.121 / 0.21)  # 0.1 x 1.1^2 / 0.21
    financed = OwnedHardware(
        capex_usd=10_000, life_years=2, power_w=0, pue=1.0, usd_per_kwh=0, cost_of_capital=0.1
    )
    assert owned_hourly_cost(financed).capex == pytest.approx(10_000 * 0.121 / 0.21 / 8_760)


def test_owned_vs_latent_space_break_even_price():
    # $1.65/hr: the rental level below which a new H100 does not recoup its cost (Latent Space)
    total = 30_000 / 35_040 + 0.0728
    low = compare_owned_vs_rental(ECON_H100, 1.65, utilization=0.5)
    assert low.break_even_utilization == pytest.approx(total / 1.65)  # ≈ 0.563
    assert low.owned_per_busy_hour == pytest.approx(2 * total)
    assert low.break_even_rental == pytest.approx(2 * total)
    assert low.cheaper == "rent"
    assert compare_owned_vs_rental(ECON_H100, 1.65, utilization=0.6).cheaper == "own"


def test_owning_never_breaks_even_against_cheap_rental():
    assert compare_owned_vs_rental(ECON_H100, 0.5, 1.0).break_even_utilization > 1


# --- memory fit -----------------------------------------------------------------------


def test_70b_fp16_needs_two_80gb_gpus_but_one_mi300x():
    assert weights_gb(70, "fp16") == 140
    assert memory_fit(70, "fp16", gpu_memory_gb=80).gpus == 2  # H100 SXM 80 GB
    assert memory_fit(70, "fp16", gpu_memory_gb=192).gpus == 1  # MI300X 192 GB


@pytest.mark.parametrize(
    ("precision", "gb"), [("fp32", 280), ("bf16", 140), ("fp8", 70), ("int8", 70), ("int4", 35)]
)
def test_bytes_per_param_by_precision(precision, gb):
    assert weights_gb(70, precision) == gb


def test_exact_fit_is_not_rounded_up():
    assert gpus_per_replica(160, 80) == 2
    assert gpus_per_replica(0.1 * 3, 0.3) == 1  # 0.30000000000000004 / 0.3


def test_overhead_fraction_can_push_to_another_gpu():
    assert gpus_per_replica(70, 80) == 1
    assert gpus_per_replica(70, 80, overhead_fraction=0.2) == 2  # 84 GB


def test_llama3_70b_kv_cache_by_hand():
    per_token = KV_CONFIGS["llama-3-70b"].bytes_per_token("bf16")
    assert per_token == 2 * 80 * 8 * 128 * 2 == 327_680
    assert kv_cache_gb(per_token, 8192, 1) == pytest.approx(2.68435456)
    assert KV_CONFIGS["llama-3-8b"].bytes_per_token("fp16") == 131_072
    assert "config.json" in KV_CONFIGS["llama-2-70b"].source


def test_kv_cache_decides_fit_on_mi300x():
    per_token = KV_CONFIGS["llama-3-70b"].bytes_per_token("bf16")
    kv16 = kv_cache_gb(per_token, 8192, 16)  # 42.95 GB: 182.95 GB in all
    kv20 = kv_cache_gb(per_token, 8192, 20)  # 53.69 GB: 193.69 GB in all
    assert memory_fit(70, "bf16", 192, kv_gb=kv16).gpus == 1
    assert memory_fit(70, "bf16", 192, kv_gb=kv20).gpus == 2


@given(
    st.floats(min_value=0.1, max_value=2000),
    st.floats(min_value=0, max_value=500),
    st.floats(min_value=1, max_value=300),
)
def test_gpus_per_replica_is_the_fewest_that_fit(weights, kv, memory):
    gpus = gpus_per_replica(weights, memory, kv_gb=kv)
    need = weights + kv
    assert gpus * memory >= need * (1 - 1e-9)
    assert (gpus - 1) * memory < need * (1 + 1e-9)


# --- margins and sensitivity -----------------------------------------------------------


def test_margin_range_by_hand():
    margin = implied_gross_margin(0.10, 2.0, (5_000, 10_000), (0.5, 1.0))
    assert margin.cost_low == pytest.approx(1 / 18)  # 2 / (10,000 x 3,600 x 1.0) x 1e6
    assert margin.cost_high == pytest.approx(2 / 9)  # 2 / (5,000 x 3,600 x 0.5) x 1e6
    assert margin.low == pytest.approx(1 - (2 / 9) / 0.10)
    assert margin.high == pytest.approx(1 - (1 / 18) / 0.10)


def test_margin_undefined_for_free_model():
    margin = implied_gross_margin(0.0, (1.99, 2.86), 10_907, (0.4, 0.8))
    assert margin.low is None and margin.high is None
    assert "undefined" in margin.note
    assert margin.cost_low < margin.cost_high


@given(prices, prices, throughputs, throughputs, utilizations, utilizations, prices)
def test_margin_low_not_above_high(p1, p2, t1, t2, u1, u2, list_price):
    margin = implied_gross_margin(
        list_price, tuple(sorted((p1, p2))), tuple(sorted((t1, t2))), tuple(sorted((u1, u2)))
    )
    assert margin.low <= margin.high < 1


def test_margin_rejects_reversed_range():
    with pytest.raises(InputError, match="low <= high"):
        implied_gross_margin(1.0, 2.0, (10_000, 5_000), 0.5)


def test_sensitivity_grid_matches_formula():
    grid = sensitivity_grid(10_907, [0.25, 0.5, 1.0], [1.99, 2.86])
    assert grid.shape == (3, 2)
    assert grid.index.name == "utilization"
    assert grid.columns.name == "usd_per_gpu_hour"
    assert grid.loc[0.5, 2.86] == pytest.approx(cost_per_million_tokens(2.86, 10_907, 0.5))
    assert grid[1.99].is_monotonic_decreasing
    assert grid.loc[1.0].is_monotonic_increasing


# --- validation messages ----------------------------------------------------------------


@pytest.mark.parametrize("tps", [0, -5, float("nan")])
def test_rejects_non_positive_throughput(tps):
    with pytest.raises(InputError, match="throughput must be positive tokens/s"):
        cost_per_million_tokens(2.0, tps, 0.5)


@pytest.mark.parametrize("util", [0, -0.1, 1.01, 60, float("nan")])
def test_rejects_utilization_outside_unit_interval(util):
    with pytest.raises(InputError, match=r"between 0 and 1 \(e\.g\. 0\.6 for 60%\)"):
        cost_per_million_tokens(2.0, 1000, util)


def test_rejects_negative_price():
    with pytest.raises(InputError, match="price must not be negative"):
        cost_per_million_tokens(-1.0, 1000, 0.5)
    with pytest.raises(InputError, match="list price must not be negative"):
        implied_gross_margin(-0.1, 2.0, 1000, 0.5)


@pytest.mark.parametrize("life", [0, -3])
def test_rejects_non_positive_life(life):
    with pytest.raises(InputError, match="useful life must be positive years"):
        OwnedHardware(capex_usd=1, life_years=life, power_w=700, pue=1.3, usd_per_kwh=0.08)


def test_rejects_pue_below_one_and_unknown_precision():
    with pytest.raises(InputError, match="PUE must be at least 1"):
        OwnedHardware(capex_usd=1, life_years=4, power_w=700, pue=0.9, usd_per_kwh=0.08)
    with pytest.raises(InputError, match="precision must be one of"):
        weights_gb(70, "fp12")
    assert issubclass(InputError, ValueError)
