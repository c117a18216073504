"""One visual theme for the app and the memo exports: template, palette, and the title,
subtitle and legend room every chart builder finishes its figure with."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE = "atlas"
FONT = "Inter, Helvetica Neue, Arial, sans-serif"
PALETTE = [
    "#1f4e79",  # deep blue
    "#e07a1f",  # orange
    "#2a9d8f",  # teal
    "#c8553d",  # brick
    "#6c5b7b",  # plum
    "#8ab17d",  # sage
    "#e9c46a",  # sand
    "#577590",  # slate
    "#b5838d",  # rose
    "#264653",  # ink
]
SEGMENT_LABELS = {
    "model_api": "Foundation-model APIs",
    "inference_provider": "Inference providers",
    "ai_cloud": "AI clouds",
    "hyperscaler": "Hyperscalers",
    "hardware": "Hardware",
    "edge": "Edge / on-device",
}
SEGMENT_COLORS = dict(zip(SEGMENT_LABELS, PALETTE, strict=False))
TITLE_CHARS = 90  # plotly does not wrap titles; longer ones are cut off
SUBTITLE_CHARS = 130
HEADER_PX = 130  # finish(): one title line, one subtitle line and a legend row
BOTTOM_PX = 70  # fit(): x-axis tick labels and title
LEGEND_ROW_PX = 560  # conservative width of a legend row before it wraps to another
LEGEND_ON_TOP = dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left")


def register() -> None:
    """Register the template and make it the default (idempotent).

    The plotly_white base and our layout are merged once into one template: a
    "plotly_white+atlas" default would be re-merged for every new figure (~20 ms)."""
    if TEMPLATE in pio.templates:
        pio.templates.default = TEMPLATE
        return
    atlas = go.layout.Template(
        layout=go.Layout(
            font=dict(family=FONT, size=13, color="#222"),
            colorway=PALETTE,
            title=dict(font=dict(size=17), x=0.0, xanchor="left"),
            margin=dict(l=60, r=30, t=80, b=60),
            legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, title_text=""),
            hoverlabel=dict(font_family=FONT),
        )
    )
    pio.templates[TEMPLATE] = pio.templates.merge_templates(pio.templates["plotly_white"], atlas)
    pio.templates.default = TEMPLATE


def titled(fig: go.Figure, title: str, subtitle: str = "") -> go.Figure:
    """Set the finding as the title and the filter context as the subtitle."""
    fig.update_layout(title=dict(text=title, subtitle=dict(text=subtitle)))
    return fig


def wrap(text: str, width: int | None) -> list[str]:
    """Lines of at most ``width`` characters, broken at spaces only ("GPU-hour" stays);
    ``width`` None keeps the text on one line."""
    if width is None:
        return [text]
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False) or [""]


def finish(
    fig: go.Figure,
    title: str,
    subtitle: str,
    height: int,
    *,
    title_chars: int | None = TITLE_CHARS,
) -> go.Figure:
    """Title and subtitle (wrapped at ``title_chars`` / ``SUBTITLE_CHARS``) and a one-line
    legend above the plot, for a chart of a set ``height``: the top margin is a fixed band
    (``HEADER_PX``) that grows, with the figure, by the lines the wrapping adds.

    Use ``fit`` instead when the legend needs more than one row or the chart has no legend
    above the plot (the fixed band would leave its row empty)."""
    lines = wrap(title, title_chars)
    sub_lines = wrap(subtitle, SUBTITLE_CHARS)
    extra = 24 * (len(lines) - 1) + 16 * (len(sub_lines) - 1)
    fig.update_layout(height=height + extra, margin=dict(t=HEADER_PX + extra), legend=LEGEND_ON_TOP)
    return titled(fig, "<br>".join(lines), "<br>".join(sub_lines))


def legend_rows(entries: Sequence[str], force: bool = False) -> int:
    """Rows a horizontal legend of ``entries`` takes (0 when it would show one entry and
    ``force`` is off: a legend of one says nothing)."""
    if len(entries) < 2 and not (entries and force):
        return 0
    item_px = sum(40 + 6 * len(str(name)) for name in entries)
    return math.ceil(item_px / LEGEND_ROW_PX)


def fit(
    fig: go.Figure,
    title: str,
    subtitle: str = "",
    *,
    plot_px: int,
    legend: Sequence[str] | None = None,
    force_legend: bool = False,
    bottom: int = BOTTOM_PX,
    title_chars: int | None = TITLE_CHARS,
) -> go.Figure:
    """Title and subtitle (wrapped) at the top and the figure sized to its content: the
    top margin holds exactly the title lines, the subtitle lines and the legend rows, and
    the figure is ``plot_px`` (plot area) + that margin + ``bottom`` tall.

    ``legend`` lists the entries of a horizontal legend above the plot, shown with two or
    more entries (or one, with ``force_legend``); None leaves the legend to the figure
    (none, or one placed beside the plot). ``title_chars`` None: the title is not wrapped."""
    lines = wrap(title, title_chars)
    sub_lines = wrap(subtitle, SUBTITLE_CHARS) if subtitle else []
    rows = legend_rows(legend or (), force_legend)
    top = 24 + 24 * len(lines) + 18 * len(sub_lines) + 24 * rows + 12
    titled(fig, "<br>".join(lines), "<br>".join(sub_lines))
    fig.update_layout(
        title=dict(yref="container", y=1, yanchor="top", pad=dict(t=14)),
        margin=dict(t=top, b=bottom),
        height=plot_px + top + bottom,
    )
    if legend is not None:
        fig.update_layout(legend=LEGEND_ON_TOP, showlegend=rows > 0)
    return fig


def money(value: float) -> str:
    """USD with three decimals under $1 and two from $1 up ("$0.415", "$4.99")."""
    return f"${value:,.3f}" if value < 1 else f"${value:,.2f}"


def empty_figure(message: str) -> go.Figure:
    """A figure that says there is nothing to show, instead of a blank frame."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, font=dict(size=15), x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


register()
