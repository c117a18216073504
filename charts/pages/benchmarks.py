"""Chart set of the Benchmarks page: OpenRouter endpoint latency and speed per provider,
the LLMPerf leaderboard, specialised hardware against other providers, MLPerf per
accelerator. Every chart states its workload, method and measurement date."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from charts import benchmarks as charts
from charts.provenance import Loader
from charts.spec import ChartSpec, slug
from warehouse.queries import benchmarks as q

DEFAULTS: dict[str, Any] = {
    "model": "gpt-oss-120b",
    "endpoint_metric": "ttft_s",
    "llmperf_metric": "ttft_s",
    "special_metric": "output_tps",
    "mlperf_metric": "tokens_per_s_per_accelerator",
    "mlperf_model": "llama-2-70b-99",
    "mlperf_scenario": "Offline",
    "mlperf_round": "",  # "" = the newest round with results for the benchmark
    "mlperf_division": "closed",
}
DIVISIONS = {
    "closed": "Closed (same model and accuracy rules)",
    "open": "Open (model may be changed, e.g. quantized or pruned)",
}
# metric -> (axis label with unit, short noun for titles, higher is better)
METRICS: dict[str, tuple[str, str, bool]] = {
    "ttft_s": ("Time to first token, seconds", "time to first token", False),
    "output_tps": ("Output speed per request, tokens/s", "output speed", True),
    "inter_token_latency_s": ("Inter-token latency, seconds", "inter-token latency", False),
    "e2e_latency_s": ("End-to-end request latency, seconds", "end-to-end latency", False),
}
# metric -> (axis label with unit, unit in titles)
MLPERF_METRICS: dict[str, tuple[str, str]] = {
    "tokens_per_s_per_accelerator": ("Tokens/s per accelerator", "tokens/s"),
    "samples_per_s_per_accelerator": ("Samples/s per accelerator", "samples/s"),
    "queries_per_s_per_accelerator": ("Queries/s per accelerator", "queries/s"),
}
SPECIALISED_GROUP = "Specialised hardware (Groq, Cerebras, SambaNova)"
OTHER_GROUP = "Other providers (mostly GPU-based)"
GROUP_COLORS = {SPECIALISED_GROUP: "#c8553d", OTHER_GROUP: "#1f4e79"}


def specs(load: Loader, **params: Any) -> list[ChartSpec]:
    """All charts of the page for ``params`` (see DEFAULTS)."""
    p = {**DEFAULTS, **params}
    model = resolve_model(load, p["model"], p["endpoint_metric"])
    return [
        endpoint_spec(load, model, p["endpoint_metric"]),
        llmperf_spec(load, p["llmperf_metric"]),
        specialised_spec(load, p["special_metric"]),
        *mlperf_specs(load, **{k: p[k] for k in MLPERF_KEYS}),
    ]


def present(catalog: pd.DataFrame, source_id: str, candidates: Mapping[str, Any]) -> list[str]:
    """The metrics of ``candidates`` (in their order) that ``source_id`` has a p50 or
    result for in ``catalog`` (``q.catalog``), so widgets offer only what was measured."""
    rows = catalog[(catalog["source_id"] == source_id) & catalog["stat"].isin(["p50", "result"])]
    return [m for m in candidates if m in set(rows["metric"])]


def catalog_count(catalog: pd.DataFrame, source_id: str, metric: str, stat: str) -> int:
    """How many values ``catalog`` lists for one source, metric and stat."""
    hit = (
        (catalog["source_id"] == source_id)
        & (catalog["metric"] == metric)
        & (catalog["stat"] == stat)
    )
    return int(catalog.loc[hit, "n_rows"].sum())


def resolve_model(load: Loader, model: str, metric: str = "ttft_s") -> str:
    """``model`` if OpenRouter has stats for it, else the most widely served model."""
    models = load(q.endpoint_models, metric=metric)
    if models.empty or model in set(models["model_id"]):
        return model
    return str(models["model_id"].iloc[0])


def _day(value: object) -> str:
    return pd.Timestamp(value).date().isoformat() if pd.notna(value) else "n/a"


def _window(data: pd.DataFrame) -> str:
    """The shared part of OpenRouter workload texts ("OpenRouter live traffic, rolling …")."""
    if data.empty:
        return "OpenRouter live traffic"
    return ", ".join(str(data["workload"].mode().iloc[0]).split(", ")[:2])


def endpoint_spec(load: Loader, model: str, metric: str) -> ChartSpec:
    """p50 with p90/p99 per OpenRouter endpoint of ``model``."""
    axis, noun, higher = METRICS[metric]
    raw = load(q.percentiles, source_id=q.OPENROUTER, metric=metric, model_id=model)
    data = raw.sort_values("p50", ascending=not higher, kind="stable").reset_index(drop=True)
    data["label"] = charts.unique_labels(
        pd.Series(
            [
                charts.endpoint_label(p, w)
                for p, w in zip(data["provider"], data["workload"], strict=True)
            ],
            index=data.index,
            dtype=object,
        )
    )
    data["group"] = [
        SPECIALISED_GROUP if p in q.SPECIALISED else OTHER_GROUP for p in data["provider"]
    ]
    data = data[
        [
            "label",
            "group",
            "provider",
            "model_id",
            "p50",
            "p90",
            "p99",
            "unit",
            "n_endpoints",
            "workload",
            "source_id",
            "observed_at",
        ]
    ]
    day = _day(data["observed_at"].max()) if not data.empty else "n/a"
    subtitle = f"{model} · {_window(data)} · measured {day}"
    title = _ranking_title(data, model, noun, higher, what="endpoints")
    return _ranges_spec(
        load,
        f"openrouter-{metric}-{slug(model)}",
        data,
        axis=axis,
        title=title,
        subtitle=subtitle,
        colors=GROUP_COLORS,
        method=(
            f"OpenRouter endpoint stats of {day}: percentiles of real user requests routed "
            "to each endpoint in a rolling 30-minute window (TTFT = OpenRouter 'latency', "
            "ms → s; output speed = 'throughput', tokens/s). One row per endpoint; "
            "load, prompt length and region are not controlled."
        ),
    )


def _ranges_spec(
    load: Loader,
    name: str,
    data: pd.DataFrame,
    *,
    axis: str,
    title: str,
    subtitle: str,
    method: str,
    colors: dict[str, str] | None = None,
) -> ChartSpec:
    """A p50 dot with p90/p99 ranges per row (OpenRouter endpoints, LLMPerf runs)."""
    figure = charts.percentile_ranges(
        data,
        x_title=axis,
        title=title,
        subtitle=subtitle,
        colors=colors,
        unit=data["unit"].iloc[0] if not data.empty else "",
    )
    return ChartSpec.from_data(
        load, name=name, figure=figure, data=data, title=title, subtitle=subtitle, method=method
    )


def _ranking_title(data: pd.DataFrame, subject: str, noun: str, higher: bool, what: str) -> str:
    if data.empty:
        return f"No {noun} measurements for {subject}"
    best, worst = data.iloc[0], data.iloc[-1]
    unit = best["unit"]
    fmt = (lambda v: f"{v:,.0f} {unit}") if unit != "s" else (lambda v: f"{v:.2f} s")
    title = f"{subject}: {best['label']} leads on median {noun} ({fmt(best['p50'])})"
    if len(data) > 1 and min(best["p50"], worst["p50"]) > 0:
        ratio = max(best["p50"], worst["p50"]) / min(best["p50"], worst["p50"])
        better = "faster" if higher else "quicker"
        title += f", {ratio:.1f}× {better} than the slowest of {len(data)} {what}"
    return title


def llmperf_spec(load: Loader, metric: str) -> ChartSpec:
    """The LLMPerf leaderboard: p50 with p90/p99 per provider × Llama-2 size."""
    axis, noun, higher = METRICS[metric]
    raw = load(q.percentiles, source_id=q.LLMPERF, metric=metric)
    data = raw.assign(size=raw["model_id"].str.extract(r"(\d+b)", expand=False).str.upper())
    data["size_n"] = pd.to_numeric(data["size"].str.rstrip("B"), errors="coerce")
    data = data.sort_values(["size_n", "p50"], ascending=[False, not higher], kind="stable")
    data["label"] = data["provider"] + " · " + data["size"].fillna(data["model_id"])
    data["group"] = "Llama-2 " + data["size"].fillna("") + " chat"
    data = data[
        [
            "label",
            "group",
            "provider",
            "model_id",
            "p50",
            "p90",
            "p99",
            "unit",
            "workload",
            "source_id",
            "observed_at",
        ]
    ]
    data = data.reset_index(drop=True)
    first, last = (
        (_day(data["observed_at"].min()), _day(data["observed_at"].max()))
        if not data.empty
        else ("n/a", "n/a")
    )
    workload = data["workload"].mode().iloc[0] if not data.empty else "llmperf"
    subtitle = f"Llama-2 chat 7B / 13B / 70B · {workload} · measured {first} to {last}"
    biggest = data[data["group"] == data["group"].iloc[0]] if not data.empty else data
    model = f"Llama-2 {biggest['label'].iloc[0].split(' · ')[-1]}" if not data.empty else ""
    title = _ranking_title(
        biggest.assign(label=biggest["provider"]), model, noun, higher, what="providers"
    )
    return _ranges_spec(
        load,
        f"llmperf-{metric}",
        data,
        axis=axis,
        title=title,
        subtitle=subtitle,
        method=(
            f"Ray LLMPerf leaderboard runs of {first} to {last}: {workload}; percentiles "
            "over the completed requests of each run (some providers had high error rates)."
        ),
    )


def specialised_spec(load: Loader, metric: str) -> ChartSpec:
    """Groq / Cerebras / SambaNova against the other providers of the same models."""
    axis, noun, higher = METRICS[metric]
    data = load(q.specialised_vs_gpu, metric=metric).reset_index(drop=True)
    day = _day(data["observed_at"].max()) if not data.empty else "n/a"
    subtitle = (
        f"Median (p50) {noun} per endpoint · models served by a specialised-hardware "
        f"provider and ≥2 others on OpenRouter · {_window(data)} · {day}"
    )
    title = _specialised_title(data, noun, higher)
    return ChartSpec.from_data(
        load,
        name=f"specialised-vs-gpu-{metric}",
        figure=charts.specialised_strip(
            data,
            x_title=axis,
            title=title,
            subtitle=subtitle,
            unit=data["unit"].iloc[0] if not data.empty else "",
        ),
        data=data,
        title=title,
        subtitle=subtitle,
        method=(
            f"OpenRouter endpoint p50 of {day} (rolling 30-minute window of live traffic). "
            "Specialised = Groq (LPU), Cerebras (wafer-scale engine), SambaNova (RDU); the "
            "others are mostly GPU-based but may include TPUs (Google) or other chips."
        ),
    )


def _specialised_title(data: pd.DataFrame, noun: str, higher: bool) -> str:
    """How often the best specialised endpoint beats the median other endpoint."""
    if data.empty:
        return "No model is served by both specialised-hardware and other providers"
    ratios = []
    for _, part in data.groupby("model_id"):
        special = part.loc[part["hardware_group"] == "specialised", "value"]
        other = part.loc[part["hardware_group"] == "other", "value"].median()
        best = special.max() if higher else special.min()
        if best > 0 and other > 0:
            ratios.append(best / other if higher else other / best)
    if not ratios:
        return f"Specialised hardware vs other providers: {noun} per model"
    wins = sum(r > 1 for r in ratios)
    median = pd.Series(ratios).median()
    better = "faster" if higher else "quicker"
    share = f"all {len(ratios)}" if wins == len(ratios) else f"{wins} of {len(ratios)}"
    return (
        f"Specialised chips beat the median other provider's {noun} on {share} shared "
        f"models (best of Groq / Cerebras / SambaNova: median {median:.1f}× {better})"
    )


MLPERF_KEYS = (
    "mlperf_metric",
    "mlperf_model",
    "mlperf_scenario",
    "mlperf_round",
    "mlperf_division",
)


def mlperf_specs(
    load: Loader,
    mlperf_metric: str,
    mlperf_model: str,
    mlperf_scenario: str,
    mlperf_round: str,
    mlperf_division: str,
) -> list[ChartSpec]:
    """Accelerators side by side on one MLPerf benchmark, then their round-over-round
    progress (``mlperf_round`` "" = the newest round with results)."""
    rnd = mlperf_round or newest_round(load, mlperf_model, mlperf_metric)
    return [
        mlperf_accelerators_spec(
            load, mlperf_model, mlperf_scenario, rnd, mlperf_division, mlperf_metric
        ),
        mlperf_progress_spec(load, mlperf_model, mlperf_scenario, mlperf_division, mlperf_metric),
    ]


def newest_round(load: Loader, model_id: str, metric: str) -> str:
    """The newest MLPerf round with results for ``model_id`` ("" when none)."""
    models = load(q.mlperf_models, metric=metric)
    hit = models.loc[models["model_id"] == model_id, "rounds"]
    if hit.empty:
        return ""
    return max(str(hit.iloc[0]).split(","), key=lambda r: [int(n) for n in r.strip("v").split(".")])


def _mlperf_context(division: str) -> str:
    return (
        f"{DIVISIONS.get(division, division)} division · per accelerator = system result ÷ "
        "accelerators (derived) · mixed-accelerator systems left out"
    )


def mlperf_accelerators_spec(
    load: Loader,
    model_id: str,
    scenario: str,
    round_: str,
    division: str,
    metric: str = "tokens_per_s_per_accelerator",
) -> ChartSpec:
    """The best per-accelerator result of each accelerator, with the spread over
    submitters (lowest, median and best submitter's best)."""
    axis, unit = MLPERF_METRICS.get(metric, (metric, metric))
    data = load(
        q.mlperf_accelerators,
        model_id=model_id,
        scenario=scenario,
        round_=round_,
        division=division,
        metric=metric,
    )
    published = _day(data["observed_at"].max()) if not data.empty else "n/a"
    subtitle = (
        f"MLPerf Inference {round_ or 'all rounds'} · {model_id} · {scenario} · "
        f"{_mlperf_context(division)} · weights of the best rows: {_precisions(data)} · "
        f"results file of {published}"
    )
    if data.empty:
        title = f"No {division}-division MLPerf results for {model_id} ({scenario}, {round_})"
    else:
        top = data.iloc[0]
        title = (
            f"{model_id} {scenario}, MLPerf {round_}: {top['hardware']} leads with "
            f"{top['best']:,.0f} {unit} per accelerator ({top['provider']}); "
            f"{_count(len(data), 'accelerator')} compared"
        )
        if len(data) > 1 and data["best"].iloc[-1] > 0:
            last = data.iloc[-1]
            title += f", {top['best'] / last['best']:.1f}× the lowest ({last['hardware']})"
    return ChartSpec.from_data(
        load,
        name=f"mlperf-accelerators-{slug(model_id)}-{slug(scenario)}",
        figure=charts.accelerator_ranges(
            data, x_title=axis, title=title, subtitle=subtitle, unit=unit
        ),
        data=data,
        title=title,
        subtitle=subtitle,
        method=(
            "MLPerf Inference results summary (MLCommons): per-accelerator value = system "
            "result ÷ (nodes × accelerators per node). For each accelerator, each submitter's "
            "best result counts once; the line spans the lowest to the best submitter, the dot "
            "is the median submitter. Offline = all queries at once (peak throughput); Server "
            "= Poisson arrivals under a latency bound; Interactive = a tighter latency bound. "
            "Precision and software differ between rows (see the data)."
        ),
    )


def _precisions(data: pd.DataFrame) -> str:
    """'fp4: GB200, B200; fp8: H200' from the best rows (precision differs by accelerator)."""
    if data.empty:
        return "n/a"
    parts = data.groupby("precision", sort=True)["hardware"].apply(", ".join)
    return "; ".join(f"{p}: {hw}" for p, hw in parts.items())


def mlperf_progress_spec(
    load: Loader,
    model_id: str,
    scenario: str,
    division: str,
    metric: str = "tokens_per_s_per_accelerator",
) -> ChartSpec:
    """Best per-accelerator result per round for accelerators present in several rounds."""
    axis, unit = MLPERF_METRICS.get(metric, (metric, metric))
    data = load(
        q.mlperf_progress, model_id=model_id, scenario=scenario, division=division, metric=metric
    )
    rounds = sorted(set(data["round"])) if not data.empty else []
    subtitle = (
        f"MLPerf Inference {' → '.join(rounds) or 'rounds'} · {model_id} · {scenario} · "
        f"{_mlperf_context(division)} · best result per accelerator and round (software, "
        "precision and systems change between rounds)"
    )
    if data.empty:
        title = f"No accelerator has {model_id} {scenario} results in two MLPerf rounds"
    else:
        last = data.sort_values("round").groupby("hardware").tail(1)
        top = last.sort_values("vs_first", ascending=False).iloc[0]
        title = (
            f"{model_id} {scenario}, {rounds[0]} → {rounds[-1]}: {top['hardware']} improved "
            f"most, {top['vs_first']:.2f}× per accelerator "
            f"({_count(last['hardware'].nunique(), 'accelerator')} in both rounds)"
        )
    return ChartSpec.from_data(
        load,
        name=f"mlperf-progress-{slug(model_id)}-{slug(scenario)}",
        figure=charts.round_progress(data, x_title=axis, title=title, subtitle=subtitle),
        data=data,
        title=title,
        subtitle=subtitle,
        method=(
            "Best per-accelerator result (any submitter) of each accelerator in each round; "
            "the label is the ratio to its first round. Gains mix hardware, software and "
            "precision changes (e.g. fp16 → fp8/fp4 weights)."
        ),
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
