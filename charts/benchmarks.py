"""Benchmark charts: percentile ranges per endpoint, specialised hardware against other
providers, MLPerf accelerators side by side and their progress between rounds.

Pure builders: DataFrame in, plotly Figure out (no Streamlit)."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from charts.axes import log_axis
from charts.theme import PALETTE, empty_figure, finish, fit

ROW_PX = 26  # height per category row, so long rankings stay readable
OTHER_COLOR = "#9aa5b1"
SPECIALISED_COLORS = {"Groq": "#c8553d", "Cerebras": "#e07a1f", "SambaNova": "#6c5b7b"}
RANGE_NOTE = "dot = p50, thick line to p90, thin line to p99"
_DETAIL = re.compile(r"(?:^|, )(endpoint|region|variant|quantization)=([^,]+)")


def endpoint_label(provider: str, workload: str) -> str:
    """A short endpoint name from an OpenRouter workload text: the provider, plus the
    endpoint name when it differs, then region / variant / quantization when given.

    >>> endpoint_label("DeepInfra", "…, quantization=fp4, endpoint=DeepInfra Turbo")
    'DeepInfra Turbo (fp4)'
    """
    parts = dict(_DETAIL.findall(workload or ""))
    name = parts.get("endpoint") or provider
    if provider.split()[0].lower() not in name.lower():
        name = f"{provider}: {name}"
    extra = [parts[k] for k in ("region", "variant") if parts.get(k)]
    quant = parts.get("quantization")
    if quant not in (None, "unknown") and quant.lower() not in name.lower():
        extra.append(quant)
    return f"{name} ({', '.join(extra)})" if extra else name


def unique_labels(labels: pd.Series) -> pd.Series:
    """Make labels unique by numbering repeats ("X", "X #2", …)."""
    seen: dict[str, int] = {}
    out = []
    for label in labels.astype(str):
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return pd.Series(out, index=labels.index)


def _segments(df: pd.DataFrame, lo: str, hi: str) -> tuple[list, list]:
    """x/y lists for one line per row from ``lo`` to ``hi`` (None-separated)."""
    xs: list = []
    ys: list = []
    for _, row in df.dropna(subset=[lo, hi]).iterrows():
        xs += [row[lo], row[hi], None]
        ys += [row["label"], row["label"], None]
    return xs, ys


def percentile_ranges(
    df: pd.DataFrame,
    *,
    x_title: str,
    title: str,
    subtitle: str = "",
    group_col: str = "group",
    colors: Mapping[str, str] | None = None,
    unit: str = "",
    log_x: bool | None = None,
) -> go.Figure:
    """One row per ``label`` (in frame order, first on top): a dot at p50, a thick
    line to p90 and a thin line to p99, coloured by ``group_col``."""
    if df.empty:
        return empty_figure("No measurements for this selection")
    colors = colors or {}
    fig = go.Figure()
    for i, (group, part) in enumerate(df.groupby(group_col, sort=False)):
        color = colors.get(group, PALETTE[i % len(PALETTE)])
        for lo, hi, width, opacity in (("p90", "p99", 1.5, 0.45), ("p50", "p90", 5, 0.6)):
            xs, ys = _segments(part, lo, hi)
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    showlegend=False,
                    line=dict(color=color, width=width),
                    opacity=opacity,
                    hoverinfo="skip",
                    legendgroup=str(group),
                )
            )
        fig.add_trace(
            go.Scatter(
                x=part["p50"],
                y=part["label"],
                mode="markers",
                name=str(group),
                legendgroup=str(group),
                marker=dict(size=10, color=color, line=dict(width=1, color="#fff")),
                customdata=part[["p90", "p99"]].to_numpy(),
                hovertemplate="<b>%{y}</b><br>p50 %{x:,.3g}" + f" {unit}"
                "<br>p90 %{customdata[0]:,.3g}<br>p99 %{customdata[1]:,.3g}<extra></extra>",
            )
        )
    hi = df[["p50", "p90", "p99"]].max(axis=None)
    lo = df["p50"].min()
    if log_x is None:
        log_x = bool(lo and lo > 0 and hi / lo > 20)
    fig.update_xaxes(title_text=x_title + (" (log scale)" if log_x else "") + f"; {RANGE_NOTE}")
    if log_x:
        log_axis(fig, df[["p50", "p90", "p99"]].stack())
    else:
        fig.update_xaxes(rangemode="tozero")
    fig.update_yaxes(
        title_text="", categoryorder="array", categoryarray=list(df["label"])[::-1], automargin=True
    )
    return finish(fig, title, subtitle, max(340, 170 + ROW_PX * df["label"].nunique()))


def specialised_strip(
    df: pd.DataFrame, *, x_title: str, title: str, subtitle: str = "", unit: str = ""
) -> go.Figure:
    """Per model (rows): every other provider's endpoint as a grey dot, the median of
    those as a tick, and each specialised-hardware provider as a coloured diamond."""
    if df.empty:
        return empty_figure("No model is served by both a specialised and other providers")
    fig = go.Figure()
    other = df[df["hardware_group"] == "other"]
    fig.add_trace(
        go.Scatter(
            x=other["value"],
            y=other["model_id"],
            mode="markers",
            name="Others (mostly GPU)",
            marker=dict(size=8, color=OTHER_COLOR, opacity=0.7),
            customdata=other[["provider"]].to_numpy(),
            hovertemplate="%{customdata[0]}: %{x:,.3g} " + unit + "<extra></extra>",
        )
    )
    med = other.groupby("model_id", sort=False)["value"].median()
    fig.add_trace(
        go.Scatter(
            x=med.to_numpy(),
            y=med.index,
            mode="markers",
            name="Median of others",
            marker=dict(symbol="line-ns", size=22, line=dict(width=3, color="#444")),
            hovertemplate="Median of others: %{x:,.3g} " + unit + "<extra></extra>",
        )
    )
    special = df[df["hardware_group"] == "specialised"]
    for provider, part in special.groupby("provider", sort=True):
        fig.add_trace(
            go.Scatter(
                x=part["value"],
                y=part["model_id"],
                mode="markers",
                name=f"{provider} ({part['chip'].iloc[0]})",
                marker=dict(
                    symbol="diamond",
                    size=14,
                    line=dict(width=1, color="#fff"),
                    color=SPECIALISED_COLORS.get(str(provider), PALETTE[0]),
                ),
                hovertemplate=f"{provider}: " + "%{x:,.3g} " + unit + "<extra></extra>",
            )
        )
    fig.update_xaxes(title_text=f"{x_title} (log scale)")
    log_axis(fig, df["value"])
    fig.update_yaxes(
        title_text="",
        categoryorder="array",
        categoryarray=list(dict.fromkeys(df["model_id"]))[::-1],
        automargin=True,
    )
    return finish(fig, title, subtitle, max(360, 180 + 34 * df["model_id"].nunique()))


VENDOR_COLORS = {"NVIDIA": "#76b900", "AMD": "#c8102e", "Other": "#1f4e79"}


def accelerator_vendor(hardware: str) -> str:
    """NVIDIA / AMD / Other for a canonical accelerator id (colours only)."""
    if hardware.startswith(("MI", "RADEON")):
        return "AMD"
    if re.match(r"^(GB|GH|[BHAL]\d|RTX|T4|V100|JETSON)", hardware):
        return "NVIDIA"
    return "Other"


def accelerator_ranges(
    df: pd.DataFrame, *, x_title: str, title: str, subtitle: str = "", unit: str = ""
) -> go.Figure:
    """One row per accelerator: a line from the lowest to the best submitter's result,
    a dot at the median submitter and a diamond at the best (columns hardware, low,
    median, best, n_submitters, provider, system, result_id)."""
    if df.empty:
        return empty_figure("No MLPerf results for this benchmark and scenario")
    fig = go.Figure()
    order = list(df.sort_values("best")["hardware"])
    for vendor, part in df.groupby(df["hardware"].map(accelerator_vendor), sort=True):
        color = VENDOR_COLORS[str(vendor)]
        xs, ys = [], []
        for _, r in part.iterrows():
            xs += [r["low"], r["best"], None]
            ys += [r["hardware"], r["hardware"], None]
        fig.add_trace(
            go.Scatter(x=xs, y=ys, mode="lines", line={"color": color, "width": 3},
                       hoverinfo="skip", showlegend=False, legendgroup=str(vendor))
        )  # fmt: skip
        fig.add_trace(
            go.Scatter(
                x=part["median"], y=part["hardware"], mode="markers", name=f"{vendor}: median",
                marker={"color": color, "size": 9}, legendgroup=str(vendor),
                customdata=part[["n_submitters"]].to_numpy(),
                hovertemplate="<b>%{y}</b><br>median submitter %{x:,.0f} " + unit
                + "<br>%{customdata[0]} submitters<extra></extra>",
            )
        )  # fmt: skip
        fig.add_trace(
            go.Scatter(
                x=part["best"], y=part["hardware"], mode="markers", name=f"{vendor}: best",
                marker={"color": color, "size": 11, "symbol": "diamond"},
                legendgroup=str(vendor),
                customdata=part[["provider", "system", "result_id"]].to_numpy(),
                hovertemplate="<b>%{y}</b><br>best %{x:,.0f} " + unit
                + "<br>%{customdata[0]}: %{customdata[1]}<br>result %{customdata[2]}"
                "<extra></extra>",
            )
        )  # fmt: skip
    fig.update_xaxes(title_text=x_title, rangemode="tozero")
    fig.update_yaxes(title_text="", categoryorder="array", categoryarray=order, automargin=True)
    # two legend entries per vendor (median, best): the legend can wrap, so the header is
    # sized to its rows (``fit``), never drawn over the subtitle
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    return fit(fig, title, subtitle, plot_px=max(200, 40 + ROW_PX * len(df)), legend=names)


def round_progress(df: pd.DataFrame, *, x_title: str, title: str, subtitle: str = "") -> go.Figure:
    """Grouped horizontal bars: the best result per accelerator, one colour per round
    (columns hardware, round, best, vs_first, provider, software)."""
    if df.empty:
        return empty_figure("No accelerator has results in two rounds for this benchmark")
    fig = go.Figure()
    for i, (rnd, part) in enumerate(df.groupby("round", sort=True)):
        fig.add_trace(
            go.Bar(
                x=part["best"], y=part["hardware"], orientation="h", name=str(rnd),
                marker_color=PALETTE[i % len(PALETTE)],
                customdata=part[["vs_first", "provider", "software"]].to_numpy(),
                text=[f"{v:.2f}×" for v in part["vs_first"]], textposition="outside",
                hovertemplate="<b>%{y}</b> " + str(rnd) + "<br>%{x:,.0f}<br>%{customdata[0]:.2f}×"
                " the first round<br>%{customdata[1]}: %{customdata[2]}<extra></extra>",
            )
        )  # fmt: skip
    order = df.groupby("hardware")["best"].max().sort_values().index
    fig.update_xaxes(title_text=x_title, rangemode="tozero")
    fig.update_yaxes(
        title_text="", categoryorder="array", categoryarray=list(order), automargin=True
    )
    fig.update_layout(barmode="group")
    return finish(fig, title, subtitle, max(340, 170 + 2 * ROW_PX * df["hardware"].nunique()))
