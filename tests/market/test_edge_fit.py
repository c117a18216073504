"""Edge memory-fit calculator: hand-computed values, input errors, monotonicity."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market import edge_fit
from market.tco import InputError

# Llama 3 8B shape (KV_CONFIGS): 2 x 32 layers x 8 KV heads x 128 head dim = 65,536
# elements per token; 70B: 2 x 80 x 8 x 128 = 163,840.
ELEMENTS_8B = 2 * 32 * 8 * 128
ELEMENTS_70B = 2 * 80 * 8 * 128


def row(table, size: float):
    return table.set_index("params_b").loc[size]


def test_8b_int4_weights_and_fp16_kv_by_hand() -> None:
    table = edge_fit.fit_table(16, 0.5, "int4", 4096, kv_precision="fp16")
    r = row(table, 8)
    assert r["weights_gb"] == pytest.approx(4.0)  # 8e9 params x 0.5 B
    assert r["kv_cache_gb"] == pytest.approx(ELEMENTS_8B * 2 * 4096 / 1e9)  # 0.537 GB
    assert r["total_gb"] == pytest.approx(4.0 + 0.536870912)
    assert r["available_gb"] == pytest.approx(8.0)
    assert r["headroom_gb"] == pytest.approx(8.0 - 4.536870912)
    assert bool(r["fits"]) and r["kv_basis"] == "llama-3-8b shape"


def test_exact_fit_counts_as_fitting_and_a_byte_less_does_not() -> None:
    need = 4.0 + ELEMENTS_8B * 2 * 4096 / 1e9
    assert bool(row(edge_fit.fit_table(need, 1.0, "int4", 4096), 8)["fits"])
    assert not bool(row(edge_fit.fit_table(need - 1e-9, 1.0, "int4", 4096), 8)["fits"])


def test_70b_uses_its_published_shape_and_other_sizes_are_labelled_assumptions() -> None:
    table = edge_fit.fit_table(256, 1.0, "bf16", 1000).set_index("params_b")
    assert table.loc[70, "kv_basis"] == "llama-3-70b shape"
    assert table.loc[70, "kv_cache_gb"] == pytest.approx(ELEMENTS_70B * 2 * 1000 / 1e9)
    assert table.loc[70, "weights_gb"] == pytest.approx(140.0)
    for size in (1, 3, 7, 13, 32):
        assert "assumption" in table.loc[size, "kv_basis"]
    # nearest by ratio: 13B is nearer 8B (x1.6) than 70B (x5.4); 32B nearer 70B (x2.2 vs x4)
    assert table.loc[13, "kv_basis"].startswith("llama-3-8b")
    assert table.loc[32, "kv_basis"].startswith("llama-3-70b")


def test_zero_context_means_weights_only() -> None:
    table = edge_fit.fit_table(8, 1.0, "int8", 0)
    assert (table["kv_cache_gb"] == 0).all()
    assert list(table["total_gb"]) == pytest.approx(list(table["params_b"]))


def test_largest_fitting_and_none() -> None:
    table = edge_fit.fit_table(8, 0.5, "int4", 4096)  # 4 GB for the model
    assert edge_fit.largest_fitting(table) == 3.0  # 3B: 1.5 + 0.54 GB; 7B: 3.5 + 0.54 GB
    assert edge_fit.largest_fitting(edge_fit.fit_table(0.5, 0.5, "fp32", 4096)) is None


@pytest.mark.parametrize("memory", [0, -8, math.nan, math.inf, "8", True, None])
def test_memory_must_be_positive(memory: object) -> None:
    with pytest.raises(InputError, match="device memory must be a positive number of GB"):
        edge_fit.fit_table(memory, 0.5, "int4", 4096)  # type: ignore[arg-type]


@pytest.mark.parametrize("fraction", [0, -0.1, 1.0001, 2, math.nan, None])
def test_fraction_must_be_in_zero_one(fraction: object) -> None:
    with pytest.raises(InputError, match=r"usable fraction must be greater than 0 and at most 1"):
        edge_fit.fit_table(8, fraction, "int4", 4096)  # type: ignore[arg-type]


def test_fraction_of_one_is_allowed() -> None:
    assert edge_fit.usable_memory_gb(8, 1) == 8.0


@pytest.mark.parametrize(
    ("precision", "kv_precision", "context", "match"),
    [
        ("int3", "fp16", 4096, "precision must be one of"),
        ("int4", "q4", 4096, "precision must be one of"),
        ("int4", "fp16", -1, "context length"),
        ("int4", "fp16", 4096.5, "context length"),
    ],
)
def test_other_invalid_inputs(precision: str, kv_precision: str, context: object, match: str):
    with pytest.raises(InputError, match=match):
        edge_fit.fit_table(8, 0.5, precision, context, kv_precision=kv_precision)  # type: ignore[arg-type]


@given(
    memory=st.floats(0.1, 512),
    fraction=st.floats(0.01, 1.0),
    context=st.integers(0, 131072),
    precision=st.sampled_from(["fp32", "bf16", "fp8", "int4"]),
)
def test_total_grows_with_size_and_fits_is_a_prefix(memory, fraction, context, precision):
    table = edge_fit.fit_table(memory, fraction, precision, context)
    totals = list(table["total_gb"])
    assert totals == sorted(totals)  # bigger models never need less memory
    fits = list(table["fits"])
    assert fits == sorted(fits, reverse=True)  # once a size does not fit, larger ones do not
    assert (table["total_gb"] == table["weights_gb"] + table["kv_cache_gb"]).all()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8 GB LPDDR5 unified memory (per source)", [8.0]),
        ("LPDDR5X on package, 16 or 32 GB, 8533 MT/s (beebom.com 2024-09-03)", [16.0, 32.0]),
        ("4 or 8 GB LPDDR4/4X on module (awesomeagents.ai)", [4.0, 8.0]),
        ("8 GB LPDDR5 128-bit, 102 GB/s (was 68 GB/s)", [8.0]),
        ("unified memory, up to 120 GB/s bandwidth (per source)", []),
        ("152 GB/s LPDDR5x (per multicoreperformance.com review)", []),
        ("LPDDR5X 10.7 Gbps support (mobilissimo.hu)", []),
        ("6 MB NPUMEM scratchpad (per source)", []),
        ("Jetson Orin Nano 8GB (Super)", [8.0]),
        ("AMD Ryzen AI 7 350 (Kraken Point) system, 32 GB DRAM", [32.0]),
        ("", []),
        (None, []),
    ],
)
def test_memory_figures_from_real_notes(text: str | None, expected: list[float]) -> None:
    assert edge_fit.memory_figures_gb(text) == expected
