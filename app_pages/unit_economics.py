"""Unit economics: cost per 1M tokens per accelerator (rented and owned), memory fit,
providers' list prices beside the cost band with implied margins, and sensitivity."""

from __future__ import annotations

from typing import Any

import streamlit as st

from charts.pages import unit_economics as chart_set
from market import accelerators as acc
from market import tco
from ui import params
from ui.charts import chart_block
from ui.data import load

D = chart_set.DEFAULTS
p: dict[str, Any] = dict(D)


# chart-set parameter -> URL / widget key
KEYS = {
    "model": "ue_model", "precision": "ue_prec", "workload": "ue_work",
    "kv_precision": "ue_kvprec", "sensitivity": "ue_sens", "util_pct": "ue_util", "params_b": "ue_params", "kv_elements": "ue_kv",
    "life_years": "ue_life", "pue": "ue_pue", "usd_per_kwh": "ue_kwh", "opex_pct": "ue_opex",
    "context_tokens": "ue_ctx", "batch": "ue_batch", "overhead_pct": "ue_over",
    "util_lo_pct": "ue_ulo", "util_hi_pct": "ue_uhi", "tput_spread_pct": "ue_spread",
    "mlperf_round": "ue_round", "mlperf_submitter": "ue_sub",
}  # fmt: skip


def number(
    label: str, name: str, lo: float, hi: float, step: float, container: Any, **kwargs: Any
) -> None:
    """A URL-backed number input (``?<KEYS[name]>=``) whose value goes into ``p[name]``."""
    p[name] = params.number(
        label,
        key=KEYS[name],
        default=D[name],
        min_value=lo,
        max_value=hi,
        step=step,
        container=container,
        **kwargs,
    )


def choice(label: str, name: str, options: list[str], container: Any = st, **kwargs: Any) -> None:
    """A URL-backed selectbox (``?<KEYS[name]>=``) whose value goes into ``p[name]``."""
    chosen = params.choice(
        label, options, key=KEYS[name], default=D[name], container=container, **kwargs
    )
    p[name] = chosen if chosen is not None else D[name]


def columns(spec: dict[str, str | tuple[str, str]]) -> dict[str, Any]:
    """column_config from {column: label} (text) or {column: (label, number format)};
    text columns whose name ends in "source" or "workload" get a medium width."""
    out: dict[str, Any] = {}
    for col, v in spec.items():
        if isinstance(v, tuple):
            out[col] = st.column_config.NumberColumn(v[0], format=v[1])
        elif col.endswith(("source", "workload")):
            out[col] = st.column_config.TextColumn(v, width="medium")
        else:
            out[col] = v
    return out


st.title("Unit economics")
st.caption(
    "What serving 1M tokens costs on each accelerator: USD per GPU-hour ÷ (tokens/s per GPU × "
    "3600 × utilization) × 10⁶ (ECONOMICS.md §6.1). Rented and owned GPUs are both paid for "
    "every hour; utilization is the share of hours the GPU is busy at the stated throughput."
)

with st.container(border=True):
    c1, c2, c3, c4 = st.columns(4)
    choice(
        "Model size",
        "model",
        list(chart_set.MODELS),
        c1,
        format_func=lambda k: chart_set.MODELS[k][0],
    )
    choice("Weight precision", "precision", list(tco.BYTES_PER_PARAM), c2)
    choice(
        "Workload (benchmark scenario)",
        "workload",
        list(acc.WORKLOADS),
        c3,
        format_func=acc.WORKLOADS.get,
    )
    number(
        "Utilization (%)",
        "util_pct",
        1,
        100,
        1,
        c4,
        slider=True,
        help="User-entered: the busy share of hours; the default for every row of the "
        "inputs table (editable per row).",
    )
    if p["model"] == "custom":
        k1, k2 = st.columns(2)
        number("Parameters (billions, user-entered)", "params_b", 0.1, 5000.0, 1.0, k1)
        number(
            "KV values per token = 2 × layers × KV heads × head dim (user-entered; "
            "default: Llama 3 70B shape)",
            "kv_elements",
            1,
            100_000_000,
            1,
            k2,
        )
shape = chart_set.model_shape(p)
rounds, submitters = chart_set.mlperf_choices(load, shape.params_b, p["workload"])
r1, r2 = st.columns(2)
choice("MLPerf round of the throughputs", "mlperf_round", rounds, r1)
choice(
    "MLPerf submitter",
    "mlperf_submitter",
    submitters,
    r2,
    help="The default takes, per accelerator, each submitter's best result and then the "
    "median submitter; pick one submitter to see only its results.",
)
st.caption(acc.MLPERF_RULE)

st.subheader("Inputs per accelerator")
st.warning(
    "Throughput figures come from different benchmarks (model, precision, batch, software "
    "and which tokens are counted), so they are **not like-for-like**: each row shows its "
    "workload and source. A blank throughput means no cited figure exists for a "
    f"~{shape.params_b:g}B model in this workload: enter one to compute that row.",
    icon=":material/warning:",
)
defaults = chart_set.default_inputs(
    load,
    params_b=shape.params_b,
    workload=p["workload"],
    util_pct=float(p["util_pct"]),
    mlperf_round=p["mlperf_round"],
    mlperf_submitter=p["mlperf_submitter"],
)
edited = st.data_editor(
    defaults,
    key=chart_set.editor_key(
        p["model"], p["workload"], shape.params_b, p["mlperf_round"], p["mlperf_submitter"]
    ),
    hide_index=True,
    width="stretch",
    num_rows="fixed",
    column_order=[
        "accelerator",
        "usd_per_gpu_hour",
        "n_providers",
        "price_source",
        "tokens_per_s",
        "counts",
        "mlperf_result",
        "benchmark_workload",
        "throughput_source",
        "mlperf_url",
        "util_pct",
        "capex_usd",
        "capex_source",
        "power_w",
        "power_source",
        "memory_gb",
        "memory_source",
    ],
    disabled=[
        "accelerator",
        "n_providers",
        "price_source",
        "mlperf_result",
        "benchmark_workload",
        "throughput_source",
        "mlperf_url",
        "capex_source",
        "power_source",
        "memory_source",
    ],
    column_config=columns(
        {
            "accelerator": "Accelerator",
            "usd_per_gpu_hour": ("Rental (USD per GPU-hour)", "%.2f"),
            "n_providers": ("Providers (n)", "%d"),
            "price_source": "Rental price source",
            "tokens_per_s": ("Throughput (tokens/s per GPU)", "%.0f"),
            "benchmark_workload": "Benchmark workload",
            "throughput_source": "Throughput source",
            "util_pct": ("Utilization (%)", "%.0f"),
            "capex_usd": ("Capex (USD per GPU)", "%.0f"),
            "capex_source": "Capex source",
            "power_w": ("Power (W per GPU)", "%.0f"),
            "power_source": "Power source",
            "memory_gb": ("Memory (GB)", "%.0f"),
            "memory_source": "Memory source",
        }
    )
    | {
        "counts": st.column_config.SelectboxColumn(
            "Tokens counted", options=acc.TOKEN_COUNTS, required=True
        ),
        "mlperf_result": "MLPerf result (round, system ID, scenario)",
        "mlperf_url": st.column_config.LinkColumn("MLPerf details"),
    },
)
unpriced = defaults.loc[defaults["usd_per_gpu_hour"].isna(), "accelerator"].tolist()
if unpriced:
    st.info(
        f"No rental price in the warehouse for {', '.join(unpriced)}: no price is assumed, "
        "so the rented cost of "
        + ("that row" if len(unpriced) == 1 else "those rows")
        + " stays blank until you enter a USD per GPU-hour in the inputs table.",
        icon=":material/info:",
    )
single = defaults.loc[defaults["n_providers"] == 1, "accelerator"].tolist()
if single:
    st.caption(
        f"One provider's price only, no second source to check it against: {', '.join(single)}. "
        "Treat those rented costs as indicative; the inputs table names each price's source."
    )
st.caption(
    "Rental: median over providers of each provider's newest on-demand offers (spot, "
    "community and reserved prices left out; providers not seen in the 180 days before the "
    "newest price left out). Capex: Epoch AI release price where the warehouse has one, else "
    "blank (required for the owned cost). Utilization and every edited cell are user-entered."
)
valid, errors = acc.validate_inputs(acc.mark_edits(defaults, edited))
error_area = st.container()

with st.expander(f"Owned GPUs: {acc.OWNED_EXAMPLE.label}"):
    st.caption(
        "Owned USD per GPU-hour = capex ÷ (life × 8,760) + kW × PUE × USD/kWh + opex. The "
        "defaults are ECONOMICS.md §6.1's example (4-year life, PUE 1.3, $0.08/kWh); it leaves "
        "out facility, network and staff costs, so other opex defaults to 0. Power is the "
        "table's TDP per GPU, drawn every hour (an upper bound)."
    )
    o1, o2, o3, o4 = st.columns(4)
    number("Life (years)", "life_years", 0.5, 15.0, 0.5, o1)
    number("PUE", "pue", 1.0, 3.0, 0.05, o2)
    number("Electricity (USD per kWh)", "usd_per_kwh", 0.0, 2.0, 0.01, o3)
    number("Other opex (% of capex per year)", "opex_pct", 0.0, 100.0, 1.0, o4)

cost_area, memory_area, margin_area, sens_area = (st.container() for _ in range(4))
with memory_area:
    st.subheader("Memory fit: GPUs per model replica")
    m1, m2, m3, m4 = st.columns(4)
    number("Context per sequence (tokens)", "context_tokens", 1, 2_000_000, 1, m1)
    number("Sequences in flight (batch)", "batch", 1, 100_000, 1, m2)
    choice("KV-cache precision", "kv_precision", list(tco.BYTES_PER_PARAM), m3)
    number("Runtime overhead (% of weights + KV)", "overhead_pct", 0.0, 200.0, 5.0, m4)
    shape = chart_set.model_shape(p)
with margin_area:
    st.subheader("Providers' list prices beside the cost band")
    g1, g2, g3 = st.columns(3)
    number("Utilization range: low (%)", "util_lo_pct", 1, 100, 1, g1)
    number("Utilization range: high (%)", "util_hi_pct", 1, 100, 1, g2)
    number("Throughput range: ± (%)", "tput_spread_pct", 0, 90, 5, g3)
ready = valid[valid["tokens_per_s"].notna() & valid["usd_per_gpu_hour"].notna()]
labels = dict(zip(ready["key"], ready["accelerator"], strict=True))
with sens_area:
    st.subheader("Sensitivity: utilization × GPU-hour price")
    choice("Accelerator", "sensitivity", list(labels), format_func=labels.get)

res = chart_set.results(load, valid, **p)
errors += res.errors
if errors:
    error_area.error(
        "Some inputs need fixing; those rows are left out until they are fixed:\n\n"
        + "\n".join(f"- {e}" for e in errors),
        icon=":material/error:",
    )
specs = {s.name: s for s in chart_set.specs(load, inputs=valid, **p)}
costs = res.costs

with cost_area:
    st.subheader("Cost per 1M tokens")
    has_cost = costs["rented_usd_per_mtok"].notna() if not costs.empty else costs
    rented = (
        costs.loc[has_cost & (costs["counts"] == acc.OUTPUT), "rented_usd_per_mtok"]
        if (not costs.empty)
        else costs
    )
    a1, a2, a3 = st.columns(3)
    a1.metric("Accelerators with a rented cost", f"{int(has_cost.sum())} of {len(defaults)}")
    a2.metric(
        "Lowest rented cost per 1M output tokens", f"${rented.min():,.3f}" if len(rented) else "n/a"
    )
    a3.metric(
        f"Median {shape.params_b:g}B-class output list price",
        f"${res.median_list:,.3f} per 1M" if res.median_list is not None else "n/a",
    )
    chart_block(
        specs["cost-per-million-tokens"],
        key="ue-cost",
        empty_message="No accelerator has both a price and a throughput for this "
        "model size and workload: enter a throughput in the inputs table.",
    )
    if not costs.empty:
        st.dataframe(
            costs[
                [
                    "accelerator",
                    "usd_per_gpu_hour",
                    "tokens_per_s",
                    "counts",
                    "util_pct",
                    "rented_usd_per_mtok",
                    "owned_usd_per_gpu_hour",
                    "owned_usd_per_mtok",
                    "note",
                    "price_source",
                    "throughput_source",
                    "capex_source",
                ]
            ],
            hide_index=True,
            width="stretch",
            column_config=columns(
                {
                    "accelerator": "Accelerator",
                    "usd_per_gpu_hour": ("Rental (USD per GPU-hour)", "%.2f"),
                    "tokens_per_s": ("Throughput (tokens/s per GPU)", "%.0f"),
                    "counts": "Tokens counted",
                    "util_pct": ("Utilization (%)", "%.0f"),
                    "rented_usd_per_mtok": ("Rented (USD per 1M tokens)", "%.3f"),
                    "owned_usd_per_gpu_hour": ("Owned (USD per GPU-hour)", "%.3f"),
                    "owned_usd_per_mtok": ("Owned (USD per 1M tokens)", "%.3f"),
                    "note": "Missing",
                    "price_source": "Rental price source",
                    "throughput_source": "Throughput source",
                    "capex_source": "Capex source",
                }
            ),
        )

with memory_area:
    st.dataframe(
        res.memory,
        hide_index=True,
        width="stretch",
        column_config=columns(
            {
                "accelerator": "Accelerator",
                "memory_gb": ("GPU memory (GB)", "%.0f"),
                "weights_gb": ("Weights (GB)", "%.1f"),
                "kv_gb": ("KV cache (GB)", "%.1f"),
                "need_gb": ("Needed per replica (GB)", "%.1f"),
                "gpus_per_replica": ("GPUs per replica", "%d"),
                "memory_source": "Memory source",
            }
        ),
    )
    st.caption(
        f"{shape.label}, {p['precision']} weights ({tco.BYTES_PER_PARAM[p['precision']]:g} "
        f"bytes per parameter); KV cache {shape.kv_bytes_per_token / 1e6:.3f} MB per token at "
        f"{p['kv_precision']} (shape: {shape.kv_source}) × {p['context_tokens']:,} tokens × "
        f"{p['batch']:,} sequences. GPUs per replica = ceil(needed ÷ GPU memory). Context and "
        "batch default to the 128-in/128-out, batch-64 workload of the TensorRT-LLM figure in "
        "ECONOMICS.md §6.2. GB = 10⁹ bytes."
    )

with margin_area:
    token = f"{shape.params_b:g}b"
    example = res.lists["model_id"].iloc[0] if not res.lists.empty else f"<name>-{token}-<variant>"
    st.caption(
        "List prices: every provider's latest **output** price for a model whose id carries "
        f"the size token '{token}' as a separate part (e.g. {example}) or "
        "whose models.params_b is within 5%; free listings left out. Output prices are "
        "compared only with throughputs that count output tokens; rows counting input+output "
        "tokens (or not saying) get no margin. Implied gross margin = 1 − cost ÷ median list "
        "price over the stated ranges: rental price over the providers' interquartile range, "
        "throughput ± the spread, utilization low–high. A range under assumptions, not a "
        "measured margin."
    )
    chart_block(specs["list-prices-vs-cost-bands"], key="ue-margin")
    margins = res.margins
    if not margins.empty:
        shown = [
            c
            for c in (
                "accelerator",
                "basis",
                "counts",
                "cost_low",
                "cost_high",
                "margin_low",
                "margin_high",
                "list_usd_per_mtok",
                "note",
            )
            if c in margins
        ]
        st.dataframe(
            margins[shown],
            hide_index=True,
            width="stretch",
            column_config=columns(
                {
                    "accelerator": "Accelerator",
                    "basis": "Basis",
                    "counts": "Tokens counted",
                    "cost_low": ("Cost low (USD per 1M output tokens)", "%.3f"),
                    "cost_high": ("Cost high (USD per 1M output tokens)", "%.3f"),
                    "margin_low": ("Implied margin low", "percent"),
                    "margin_high": ("Implied margin high", "percent"),
                    "list_usd_per_mtok": ("Median list price (USD per 1M)", "%.3f"),
                    "note": "Note",
                }
            ),
        )
    with st.expander(f"All {len(res.lists)} comparable list prices"):
        st.dataframe(
            res.lists,
            hide_index=True,
            width="stretch",
            column_config=columns(
                {
                    "provider": "Provider",
                    "model_id": "Model",
                    "matched_by": "Matched by",
                    "input_usd_per_mtok": ("Input (USD per 1M tokens)", "%.3f"),
                    "output_usd_per_mtok": ("Output (USD per 1M tokens)", "%.3f"),
                    "source_id": "Source",
                    "observed_at": "Observed",
                }
            ),
        )

with sens_area:
    chart_block(
        specs["cost-sensitivity"],
        key="ue-sens",
        empty_message="No accelerator has both a throughput and a price to vary.",
    )
