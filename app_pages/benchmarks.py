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
    help="Benchmark × scenario results, per accelerator",
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
    show(chart_set.endpoint_spec(load, model, metric), key="endpoint")


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
    show(spec_fn(load, metric), key=chart_key)


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

st.subheader("MLPerf Inference: throughput per accelerator")
mlperf_metrics = chart_set.present(catalog, q.MLPERF, chart_set.MLPERF_METRICS)
if mlperf_metrics:
    p_metric = params.choice(
        "Result",
        mlperf_metrics,
        key="bm_mlperf_metric",
        default=chart_set.DEFAULTS["mlperf_metric"],
        format_func=lambda m: chart_set.MLPERF_METRICS[m][0],
    )
    show(chart_set.mlperf_spec(load, p_metric), key="mlperf")
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
