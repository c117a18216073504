"""Edge / on-device: NPUs and their stated TOPS, published on-device LLM measurements,
and a calculator of which model sizes fit a device's memory."""

from __future__ import annotations

import streamlit as st

from charts.pages import edge as chart_set
from market import edge_fit
from market.tco import BYTES_PER_PARAM, InputError
from ui import params
from ui.charts import chart_block
from ui.data import load
from ui.text import md
from warehouse.queries import edge as q

MANUAL = "Enter memory manually"

st.title("Edge / on-device")
st.caption(
    "Phone, PC and embedded NPUs and what they run. All figures are curated from published "
    "sources, one citation per row; most are vendor claims or vendor-run measurements."
)

# --- NPUs -------------------------------------------------------------------------------
st.subheader("NPUs by vendor")
vendor_list = load(q.vendors)["vendor"].tolist()
vendors = params.multi("Vendor", vendor_list, key="edge_vendor", placeholder="All vendors")
engine_list = load(q.engines)["engine"].tolist()
tops_area, bench_area = st.container(), st.container()
with bench_area:
    st.subheader("On-device LLM measurements")
    st.caption(
        "Rows come from different sources, prompts, context lengths, quantisations and power "
        "modes: compare within one engine. Vendor-run numbers are best case."
    )
    engines = params.multi(
        "Engine",
        engine_list,
        key="edge_engine",
        default=chart_set.default_engines(load),
        placeholder="All engines",
    )

specs = {s.name: s for s in chart_set.specs(load, vendors=tuple(vendors), engines=tuple(engines))}

with tops_area:
    chart_block(specs["npu-tops-by-chip"], key="edge-tops")
    npus = load(q.accelerators, vendors=tuple(vendors))
    with st.expander(f"All {len(npus)} NPUs with TOPS basis, memory and citation"):
        st.dataframe(
            npus.drop(columns=["source_id", "observed_at"]),
            hide_index=True,
            width="stretch",
            column_config={
                "vendor": "Vendor",
                "chip": "Chip",
                "device_family": "Family",
                "npu_name": "NPU",
                "release_date": "Released",
                "tops": st.column_config.NumberColumn("TOPS shown", format="%g"),
                "tops_basis": "TOPS basis",
                "int8_tops": st.column_config.NumberColumn("INT8 TOPS (stated)", format="%g"),
                "npu_tops_stated": st.column_config.NumberColumn("Headline TOPS", format="%g"),
                "memory_note": "Memory (as stated)",
                "typical_devices": "Typical devices",
                "citation": st.column_config.LinkColumn("Citation"),
                "source_date": "Source date",
                "source_kind": "Primary / secondary",
                "note": "Note (precision, sparsity, conflicts)",
            },
        )
        st.caption(
            "Curated reference, see citation per row (data/reference/edge_accelerators.csv)."
        )

with bench_area:
    chart_block(specs["on-device-decode-tokens-per-s"], key="edge-tps")
    chart_block(specs["on-device-ttft-seconds"], key="edge-ttft")
    bench = load(q.benchmarks, engines=tuple(engines))
    with st.expander(f"All {len(bench)} measurements for this selection, with citations"):
        st.dataframe(
            bench.drop(columns=["source_id", "observed_at"]),
            hide_index=True,
            width="stretch",
            column_config={
                "device": "Device",
                "chip": "Chip",
                "model": "Model",
                "params_b": st.column_config.NumberColumn("Parameters (B)", format="%g"),
                "precision": "Precision",
                "engine": "Engine",
                "prompt_tokens": st.column_config.NumberColumn("Prompt (tokens)", format="%d"),
                "ttft_s": st.column_config.NumberColumn("TTFT (s)", format="%.3f"),
                "output_tokens_per_s": st.column_config.NumberColumn(
                    "Output (tokens/s)", format="%.2f"
                ),
                "citation": st.column_config.LinkColumn("Citation"),
                "source_date": "Source date",
                "source_kind": "Primary / secondary",
                "note": "Note",
            },
        )
        st.caption("Curated reference, see citation per row (data/reference/edge_benchmarks.csv).")

# --- Calculator -------------------------------------------------------------------------
st.subheader("Which model sizes fit a device?")
st.caption(
    "Memory needed = parameters × bytes per parameter (weights) + KV cache for one sequence "
    "of the chosen context. GB = 10⁹ bytes. Weights and KV cache only: runtime buffers and "
    "activations need extra room, which the usable fraction leaves aside."
)
presets = load(q.memory_presets)
c1, c2, c3 = st.columns(3)
preset = params.choice(
    "Device memory preset (figures stated in the data)",
    [MANUAL, *presets["label"]],
    key="edge_preset",
    default=MANUAL,
    container=c1,
)
if preset == MANUAL or preset is None:
    memory_gb = params.number(
        "Device memory (GB)",
        key="edge_mem",
        default=8.0,
        min_value=0.5,
        max_value=1024.0,
        step=0.5,
        container=c1,
    )
else:
    row = presets.loc[presets["label"] == preset].iloc[0]
    memory_gb = float(row["memory_gb"])
    dated = f", {row['source_date']}" if isinstance(row["source_date"], str) else ""
    c1.caption(
        f"{memory_gb:g} GB, from {row['field']}: “{row['stated']}” "
        f"([citation]({row['citation']}){dated})"
    )
fraction = params.number(
    "Usable fraction for the model",
    key="edge_frac",
    default=edge_fit.DEFAULT_USABLE_FRACTION,
    min_value=0.05,
    max_value=1.0,
    step=0.05,
    slider=True,
    container=c2,
    help="Assumption. Default 0.5: FastFlowLM's docs state the Ryzen AI NPU can address "
    "under 50% of system DRAM (edge_benchmarks notes); the OS and apps need the rest.",
)
context = params.number(
    "Context length (tokens)",
    key="edge_ctx",
    default=4096,
    min_value=0,
    max_value=131072,
    step=512,
    container=c2,
)
precisions = list(BYTES_PER_PARAM)
precision = params.choice(
    "Weight precision",
    precisions,
    key="edge_prec",
    default=edge_fit.DEFAULT_WEIGHT_PRECISION,
    container=c3,
    help="Most on-device measurements above use 4-bit weights (w4, w4a16, Q4_0).",
)
kv_precision = params.choice(
    "KV-cache precision",
    precisions,
    key="edge_kvprec",
    default=edge_fit.DEFAULT_KV_PRECISION,
    container=c3,
    help="Assumption: runtimes keep the KV cache at 16 bit unless configured.",
)

try:
    fit = edge_fit.fit_table(
        memory_gb,
        fraction,
        precision or precisions[0],
        int(context),
        kv_precision=kv_precision or edge_fit.DEFAULT_KV_PRECISION,
    )
except InputError as exc:
    st.error(f"Cannot compute the fit: {md(exc, 300)}")
else:
    largest = edge_fit.largest_fitting(fit)
    m1, m2 = st.columns(2)
    m1.metric(
        "Memory for the model",
        f"{fit['available_gb'].iloc[0]:,.1f} GB",
        help=f"{memory_gb:g} GB × {fraction:g}",
    )
    m2.metric("Largest size that fits", f"{largest:g}B parameters" if largest else "none")
    st.dataframe(
        fit.drop(columns=["available_gb"]).assign(fits=fit["fits"].map({True: "yes", False: "no"})),
        hide_index=True,
        width="stretch",
        column_config={
            "params_b": st.column_config.NumberColumn("Model size (B parameters)", format="%gB"),
            "weights_gb": st.column_config.NumberColumn("Weights (GB)", format="%.2f"),
            "kv_cache_gb": st.column_config.NumberColumn("KV cache (GB)", format="%.2f"),
            "total_gb": st.column_config.NumberColumn("Total (GB)", format="%.2f"),
            "headroom_gb": st.column_config.NumberColumn("Headroom (GB)", format="%.2f"),
            "fits": "Fits?",
            "kv_basis": "KV-cache shape",
        },
    )
    st.caption(
        "KV cache = 2 × layers × KV heads × head dim × bytes per element × context tokens. "
        "Layer and head counts from Meta's published config.json for Llama 3 8B and 70B; other "
        "sizes use the nearest published shape and are labelled as an assumption."
    )
