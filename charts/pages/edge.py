"""Chart set of the Edge / on-device page: NPU TOPS with their basis and the Copilot+ PC
reference line, and on-device LLM decode speed and time to first token."""

from __future__ import annotations

from typing import Any

import pandas as pd

from charts import edge as charts
from charts.provenance import Loader, curated_provenance
from charts.spec import ChartSpec
from charts.theme import PALETTE
from warehouse.queries import edge as q

# Microsoft's Copilot+ PC requirement of at least 40 NPU TOPS: data/reference/README.md
# (edge_accelerators caveats), also quoted in the notes of the Snapdragon X rows.
COPILOT_PLUS_MIN_TOPS = 40.0
COPILOT_LABEL = "Copilot+ PC minimum: 40 NPU TOPS"

DEFAULTS: dict[str, Any] = {"vendors": (), "engines": None}
BASIS_COLORS = {q.INT8_BASIS: PALETTE[0], q.STATED_BASIS: PALETTE[1]}


def default_engines(load: Loader) -> tuple[str, ...]:
    """The engine with the most measurements: the largest set comparable within one
    runtime (the reference notes advise comparing rows only within one source/engine)."""
    engines = load(q.engines)
    return () if engines.empty else (str(engines["engine"].iloc[0]),)


def specs(load: Loader, **params: Any) -> list[ChartSpec]:
    """All charts of the page for ``params`` (see DEFAULTS; engines None = default)."""
    p = {**DEFAULTS, **params}
    engines = default_engines(load) if p["engines"] is None else tuple(p["engines"])
    bench = load(q.benchmarks, engines=engines)
    context = f"Engine: {', '.join(engines) or 'all engines'}"
    return [
        tops_spec(load, load(q.accelerators, vendors=tuple(p["vendors"]))),
        tokens_spec(load, bench, context),
        ttft_spec(load, bench, context),
    ]


def tops_spec(load: Loader, acc: pd.DataFrame) -> ChartSpec:
    cols = [
        "vendor",
        "chip",
        "label",
        "tops",
        "tops_basis",
        "int8_tops",
        "npu_tops_stated",
        "note",
        "citation",
        "source_date",
        "source_kind",
        "source_id",
    ]
    data = acc.dropna(subset=["tops"]).assign(label=lambda d: d["vendor"] + " " + d["chip"])
    data = data[cols].reset_index(drop=True)
    missing = acc.loc[acc["tops"].isna(), "chip"].tolist()
    n_int8 = int((data["tops_basis"] == q.INT8_BASIS).sum())
    title = _tops_title(n_int8, len(data))
    subtitle = "Bars of different colours are not comparable. Dashed line: Copilot+ PC minimum."
    if missing:
        subtitle += f" No TOPS published: {', '.join(missing)}."
    source, as_of = curated_provenance(load, data)
    copilot = acc[acc["note"].fillna("").str.contains("Copilot+", regex=False)]
    source += "; Copilot+ 40 TOPS minimum: data/reference/README.md" + (
        f", quoted in the notes of {', '.join(copilot['chip'])}" if not copilot.empty else ""
    )
    figure = charts.tops_bars(
        data,
        title=title,
        subtitle=subtitle,
        reference_tops=COPILOT_PLUS_MIN_TOPS,
        reference_label=COPILOT_LABEL,
        basis_colors=BASIS_COLORS,
    )
    return ChartSpec(
        name="npu-tops-by-chip",
        figure=figure,
        data=data,
        title=title,
        source=source,
        as_of=as_of,
        subtitle=subtitle,
        method="int8_tops where the source states dense INT8, else the headline TOPS as "
        "stated (any precision, sparse or dense; see note).",
    )


def _tops_title(n_int8: int, n: int) -> str:
    if n == 0:
        return "No NPU in this selection has a published TOPS figure"
    if n_int8 == n:
        return f"All {n} NPU TOPS figures here are stated as dense INT8"
    if n_int8 == 0:
        return (
            f"None of the {n} NPU TOPS figures here is stated as dense INT8: all are "
            "headline claims at other or unstated precision"
        )
    return (
        f"Only {n_int8} of {n} NPU TOPS figures are stated as dense INT8; the other "
        f"{n - n_int8} are headline claims at other or unstated precision"
    )


def _prepare(bench: pd.DataFrame, value: str) -> pd.DataFrame:
    data = bench.dropna(subset=[value]).copy()
    data["label"] = data["model"] + " · " + data["precision"].fillna("precision not stated")
    data["prompt_text"] = data["prompt_tokens"].map(
        lambda p: (
            f"TTFT prompt: up to {int(p)} tokens"
            if pd.notna(p)
            else "TTFT prompt length not stated"
        )
    )
    return data[
        [
            "label",
            "device",
            "chip",
            "model",
            "params_b",
            "precision",
            "engine",
            "prompt_tokens",
            "prompt_text",
            value,
            "citation",
            "source_date",
            "source_kind",
            "note",
            "source_id",
        ]
    ].reset_index(drop=True)


def _device_colors(bench: pd.DataFrame) -> dict[str, str]:
    return {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(sorted(bench["device"].unique()))}


def tokens_spec(load: Loader, bench: pd.DataFrame, context: str) -> ChartSpec:
    data = _prepare(bench, "output_tokens_per_s")
    if data.empty:
        title = "No decode-speed measurement for this selection"
    else:
        lo = data.loc[data["output_tokens_per_s"].idxmin()]
        hi = data.loc[data["output_tokens_per_s"].idxmax()]
        title = (
            f"Decode speed spans {lo['output_tokens_per_s']:g}–"
            f"{hi['output_tokens_per_s']:g} tokens/s; fastest: {hi['device']} on "
            f"{hi['model']} ({hi['precision']})"
        )
    subtitle = (
        f"{context}. Compare within one engine: prompts, context, quantisation and "
        "power modes differ between sources."
    )
    return _measurement_spec(
        load,
        bench,
        data,
        value="output_tokens_per_s",
        x_title="Output tokens/s (decode)",
        name="on-device-decode-tokens-per-s",
        title=title,
        subtitle=subtitle,
        method="Published decode rates (tokens/s), one bar per device × model × "
        "precision; vendor-run figures are best case.",
    )


def ttft_spec(load: Loader, bench: pd.DataFrame, context: str) -> ChartSpec:
    data = _prepare(bench, "ttft_s")
    if data.empty:
        title = "No time-to-first-token measurement for this selection"
    else:
        lo = data.loc[data["ttft_s"].idxmin()]
        hi = data.loc[data["ttft_s"].idxmax()]
        title = (
            f"Time to first token: {lo['ttft_s']:g} s ({lo['device']}, {lo['model']}) to "
            f"{hi['ttft_s']:g} s ({hi['device']}, {hi['model']})"
        )
    prompts = sorted({int(p) for p in data["prompt_tokens"].dropna()})
    prompt_note = (
        f"prompts of up to {', '.join(map(str, prompts))} tokens"
        if prompts
        else "prompt length not stated"
    )
    if prompts and data["prompt_tokens"].isna().any():
        prompt_note += " (some rows: not stated)"
    subtitle = f"{context}. TTFT for {prompt_note}; longer prompts take longer (see note)."
    return _measurement_spec(
        load,
        bench,
        data,
        value="ttft_s",
        x_title="Time to first token, seconds",
        name="on-device-ttft-seconds",
        title=title,
        subtitle=subtitle,
        method="Published time to first token (s) at the stated prompt length; "
        "Qualcomm AI Hub rows are the lower bound of its published range.",
    )


def _measurement_spec(
    load: Loader,
    bench: pd.DataFrame,
    data: pd.DataFrame,
    *,
    value: str,
    x_title: str,
    name: str,
    title: str,
    subtitle: str,
    method: str,
) -> ChartSpec:
    """One bar per device × model × precision for one published measurement."""
    source, as_of = curated_provenance(load, data)
    figure = charts.measurement_bars(
        data,
        value=value,
        x_title=x_title,
        title=title,
        subtitle=subtitle,
        device_colors=_device_colors(bench),
    )
    return ChartSpec(
        name=name,
        figure=figure,
        data=data,
        title=title,
        source=source,
        as_of=as_of,
        subtitle=subtitle,
        method=method,
    )
