"""Benchmarks: time to first token and output speed per provider and model (OpenRouter
live traffic), the LLMPerf leaderboard, specialised hardware against GPU-based
providers, and MLPerf per-accelerator throughput. Each chart states its workload,
method and measurement date: numbers from different benchmarks are not comparable."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from charts.pages import benchmarks as chart_set
from charts.provenance import Loader
from charts.spec import ChartSpec
from ui import params
from ui.charts import chart_block
from ui.data import load
from warehouse.queries import benchmarks as q

st.title("Benchmarks")
st.caption(
    "How fast providers serve models. Each chart says what was measured, how and when; "
    "live-traffic stats (OpenRouter), a fixed-workload leaderboard (LLMPerf) and a hardware "
    "benchmark (MLPerf) measure different things and are not comparable with each other."
)

catalog = load(q.catalog)


def label_of(metric: str) -> str:
    return chart_set.METRICS[metric][0]


def show(spec: ChartSpec, key: str) -> None:
    chart_block(spec, key=key)
    if not spec.data.empty:
        st.caption(f"Method: {spec.method}")


m1, m2, m3, m4 = st.columns(4)
m1.metric(
    "OpenRouter endpoints",
    f"{chart_set.catalog_count(catalog, q.OPENROUTER, 'ttft_s', 'p50'):,}",
    help="Endpoints (provider × model × quantization/region) with live latency stats",
)
m2.metric(
    "LLMPerf runs",
    chart_set.catalog_count(catalog, q.LLMPERF, "ttft_s", "p50"),
    help="Provider × Llama-2 size runs",
)
m3.metric(
    "MLPerf results",
    int(catalog.loc[catalog["source_id"] == q.MLPERF, "n_rows"].sum()),
    help="Benchmark × scenario results of every submitter (v4.1 and v5.1), per "
    "accelerator; mixed-accelerator systems per system",
)
newest = catalog.loc[catalog["source_id"] == q.OPENROUTER, "last_at"].max()
m4.metric(
    "Newest live stats",
    "n/a" if pd.isna(newest) else f"{pd.Timestamp(newest):%Y-%m-%d}",
    help="Date of the newest OpenRouter endpoint statistics",
)

st.subheader("Latency and speed per provider (OpenRouter live traffic)")
endpoint_metrics = chart_set.present(catalog, q.OPENROUTER, chart_set.METRICS)
models = load(q.endpoint_models, metric=endpoint_metrics[0]) if endpoint_metrics else None
if not endpoint_metrics or models is None or models.empty:
    st.info("No OpenRouter endpoint statistics in the warehouse yet.")
else:
    counts = dict(zip(models["model_id"], models["n_providers"], strict=True))
    c1, c2 = st.columns([3, 2])
    model = params.choice(
        "Model",
        list(models["model_id"]),
        key="bm_model",
        default=chart_set.DEFAULTS["model"],
        container=c1,
        format_func=lambda m: f"{m} ({counts.get(m, 0)} providers)",
    )
    metric = params.choice(
        "Measure",
        endpoint_metrics,
        key="bm_metric",
        default="ttft_s",
        container=c2,
        format_func=label_of,
    )
    show(chart_set.endpoint_spec(load, model or "", metric or "ttft_s"), key="endpoint")


def metric_section(
    heading: str,
    source_id: str,
    key: str,
    default_key: str,
    spec_fn: Callable[[Loader, str], ChartSpec],
    chart_key: str,
    empty: str,
) -> None:
    """A subheader, a measure picker limited to metrics present for the source, the chart."""
    st.subheader(heading)
    metrics = chart_set.present(catalog, source_id, chart_set.METRICS)
    if not metrics:
        st.info(empty)
        return
    metric = params.choice(
        "Measure",
        metrics,
        key=key,
        default=chart_set.DEFAULTS[default_key],
        format_func=label_of,
    )
    show(spec_fn(load, metric or chart_set.DEFAULTS[default_key]), key=chart_key)


metric_section(
    "Specialised hardware vs GPU-based providers, same models",
    q.OPENROUTER,
    "bm_special_metric",
    "special_metric",
    chart_set.specialised_spec,
    "specialised",
    "No OpenRouter endpoint statistics in the warehouse yet.",
)
metric_section(
    "LLMPerf leaderboard (fixed workload, Llama-2 chat)",
    q.LLMPERF,
    "bm_llmperf_metric",
    "llmperf_metric",
    chart_set.llmperf_spec,
    "llmperf",
    "No LLMPerf results in the warehouse yet.",
)

st.subheader("MLPerf Inference: accelerators side by side")
mlperf_metrics = chart_set.present(catalog, q.MLPERF, chart_set.MLPERF_METRICS)
if mlperf_metrics:
    c1, c2, c3, c4, c5 = st.columns([2, 3, 2, 2, 3])
    p_metric = params.choice(
        "Result",
        mlperf_metrics,
        key="bm_mlperf_metric",
        default=chart_set.DEFAULTS["mlperf_metric"],
        container=c1,
        format_func=lambda m: chart_set.MLPERF_METRICS[m][0],
    )
    bench_models = load(q.mlperf_models, metric=p_metric)
    n_acc = dict(zip(bench_models["model_id"], bench_models["n_accelerators"], strict=True))
    p_model = params.choice(
        "Benchmark",
        list(bench_models["model_id"]),
        key="bm_mlperf_model",
        default=chart_set.DEFAULTS["mlperf_model"],
        container=c2,
        format_func=lambda m: f"{m} ({n_acc.get(m, 0)} accelerators)",
    )
    p_scenario = params.choice(
        "Scenario",
        ["Offline", "Server", "Interactive"],
        key="bm_mlperf_scenario",
        default=chart_set.DEFAULTS["mlperf_scenario"],
        container=c3,
    )
    rounds = bench_models.loc[bench_models["model_id"] == p_model, "rounds"]
    round_options = sorted(str(rounds.iloc[0]).split(","), reverse=True) if len(rounds) else []
    p_round = params.choice(
        "Round", round_options, key="bm_mlperf_round", default=None, container=c4
    )
    p_division = params.choice(
        "Division",
        list(chart_set.DIVISIONS),
        key="bm_mlperf_division",
        default=chart_set.DEFAULTS["mlperf_division"],
        container=c5,
        format_func=chart_set.DIVISIONS.get,
    )
    side, progress = chart_set.mlperf_specs(
        load,
        mlperf_metric=p_metric or chart_set.DEFAULTS["mlperf_metric"],
        mlperf_model=p_model or chart_set.DEFAULTS["mlperf_model"],
        mlperf_scenario=p_scenario or "Offline",
        mlperf_round=p_round or "",
        mlperf_division=p_division or "closed",
    )
    show(side, key="mlperf-side")
    st.subheader("MLPerf Inference: progress between rounds")
    show(progress, key="mlperf-progress")
    mixed = load(q.mlperf_results, metric="tokens_per_s_per_system")
    with st.expander(f"Mixed-accelerator systems ({len(mixed)} results, not divided)"):
        st.caption(
            "Systems that combine accelerator types are kept whole: their result is per "
            "system, never divided as if the accelerators were identical."
        )
        st.dataframe(
            mixed[["round", "provider", "system", "hardware", "accelerators", "model_id",
                   "scenario", "value", "unit", "precision", "result_id"]],
            hide_index=True,
            width="stretch",
            column_config={
                "round": "Round", "provider": "Submitter", "system": "System",
                "hardware": "Accelerators", "accelerators": "Count", "model_id": "Benchmark",
                "scenario": "Scenario",
                "value": st.column_config.NumberColumn("Result", format="%.1f"),
                "unit": "Unit", "precision": "Weights", "result_id": "MLPerf ID",
            },
        )  # fmt: skip
else:
    st.info("No MLPerf results in the warehouse yet.")

with st.expander("What is measured: every metric in the warehouse"):
    st.dataframe(
        catalog,
        hide_index=True,
        width="stretch",
        column_config={
            "source_id": "Source",
            "metric": "Metric",
            "stat": "Statistic",
            "unit": "Unit",
            "n_rows": st.column_config.NumberColumn("Values", format="%d"),
            "n_providers": st.column_config.NumberColumn("Providers", format="%d"),
            "n_models": st.column_config.NumberColumn("Models", format="%d"),
            "first_at": st.column_config.DatetimeColumn("First measured (UTC)"),
            "last_at": st.column_config.DatetimeColumn("Last measured (UTC)"),
        },
    )
