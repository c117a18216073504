"""Edge / on-device charts: NPU TOPS with their basis, and on-device LLM measurements.

Pure builders: DataFrame in, plotly Figure out (no Streamlit)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from charts.theme import PALETTE, empty_figure, fit, wrap

BAR_PX = 24


def _hover_note(note: object, width: int = 70, limit: int = 280) -> str:
    """A source note shortened and wrapped for a hover box."""
    if note is None or (isinstance(note, float) and pd.isna(note)):
        return ""
    return "<br>".join(wrap(textwrap.shorten(str(note), limit, placeholder=" …"), width))


def tops_bars(
    df: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    reference_tops: float | None = None,
    reference_label: str = "",
    basis_colors: Mapping[str, str] | None = None,
) -> go.Figure:
    """Horizontal TOPS bars per chip (``label`` column), one colour per ``tops_basis``.

    The basis is in the legend and the note in the hover, so a headline figure at an
    unstated precision is never shown as if it were INT8. ``reference_tops`` draws a
    dashed vertical line (e.g. a certification threshold) labelled ``reference_label``.
    """
    if df.empty:
        return empty_figure("No NPU with a published TOPS figure for this selection")
    data = df.sort_values("tops", ascending=False)
    order = list(data["label"])
    present = list(dict.fromkeys(data["tops_basis"]))
    bases = [b for b in (basis_colors or {}) if b in present] + [
        b for b in present if b not in (basis_colors or {})
    ]
    colors = basis_colors or {b: PALETTE[i % len(PALETTE)] for i, b in enumerate(bases)}
    fig = go.Figure()
    for basis in bases:
        part = data[data["tops_basis"] == basis]
        fig.add_trace(
            go.Bar(
                x=part["tops"],
                y=part["label"],
                orientation="h",
                name=basis,
                marker_color=colors.get(basis),
                customdata=[[_hover_note(n)] for n in part["note"]],
                hovertemplate="<b>%{y}</b>: %{x:g} TOPS<br>%{customdata[0]}<extra></extra>",
            )
        )
    if reference_tops is not None:
        fig.add_vline(
            x=reference_tops,
            line_dash="dash",
            line_color="#c8553d",
            name=reference_label,
            showlegend=True,  # labelled in the legend: an annotation would cover bars
        )
    fig.update_yaxes(
        categoryorder="array", categoryarray=order[::-1], title_text="", automargin=True
    )
    fig.update_xaxes(title_text="TOPS (10^12 operations/s, as stated by the source)")
    legend = [*bases, reference_label] if reference_tops is not None else bases
    fig.update_layout(barmode="overlay")
    plot_px = max(150, BAR_PX * len(order))
    return fit(fig, title, subtitle, plot_px=plot_px, legend=legend, force_legend=True)


def measurement_bars(
    df: pd.DataFrame,
    *,
    value: str,
    x_title: str,
    title: str,
    subtitle: str = "",
    device_colors: Mapping[str, str] | None = None,
) -> go.Figure:
    """Grouped horizontal bars: one row per ``label`` (model · precision), one bar per
    device. Rows keep the frame's order (first on top)."""
    if df.empty:
        return empty_figure("No measurements of this kind for this selection")
    order = list(dict.fromkeys(df["label"]))
    devices = sorted(df["device"].unique())
    colors = device_colors or {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(devices)}
    fig = go.Figure()
    for device in reversed(devices):  # plotly stacks a group's first trace at the bottom
        part = df[df["device"] == device]
        fig.add_trace(
            go.Bar(
                x=part[value],
                y=part["label"],
                orientation="h",
                name=device,
                marker_color=colors.get(device),
                customdata=part[["engine", "prompt_text"]],
                hovertemplate="<b>%{y}</b><br>" + device + "<br>" + x_title + ": %{x:g}"
                "<br>Engine: %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            )
        )
    bars = len(df)
    fig.update_yaxes(
        categoryorder="array", categoryarray=order[::-1], title_text="", automargin=True
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_layout(barmode="group", legend_traceorder="reversed")
    plot_px = max(150, 16 * bars + 30 * len(order))
    return fit(fig, title, subtitle, plot_px=plot_px, legend=devices)
