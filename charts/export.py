"""Memo-ready static exports of a ChartSpec: PNG (2x), SVG and PDF in one memo theme.

The memo theme puts the finding in the title, the filter context in the subtitle and
"Source: ...; as of ...; Inference Atlas" in a footer, at a fixed 16:9 (or 4:3) size.
Rendering uses kaleido v1, which drives a Chromium browser (Debian: ``apt-get install -y
chromium``). Starting the browser is the slow part (seconds), so ``render_many`` renders
any number of images in ONE browser session, and rendered bytes are cached in-process.
No Streamlit here: the app and the batch CLI both use this module.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import os
import re
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from charts import theme
from charts.spec import ChartSpec

FORMATS = ("png", "svg", "pdf")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv"}
ASPECTS = {"16:9": (960, 540), "4:3": (960, 720)}  # layout pixels; PNG is rendered at 2x
DEFAULT_ASPECT = "16:9"
PNG_SCALE = 2
TABS = 1  # browser tabs rendering in parallel within one session
BRAND = "Inference Atlas"
THEME_VERSION = "memo-1"  # bump when the memo layout changes (invalidates cached images)
INSTALL_HINT = "apt-get install -y chromium"

_TITLE_PX, _SUB_PX, _FOOT_PX = 19, 13, 11  # font sizes of the memo text blocks
_AXIS_AREA = 72  # px under the plot kept for tick labels and the axis title
_TOP_PAD, _PAD, _LEFT = 14, 12, 70


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


class BrowserUnavailable(RuntimeError):
    """No Chromium/Chrome to render images with; the message says what to install."""


def browser_path() -> str | None:
    """The Chromium/Chrome that kaleido will use, or None.

    ``BROWSER_PATH`` (kaleido's own override) wins when set; it must point at an
    executable file. Otherwise kaleido's search (PATH, typical install locations)."""
    forced = os.environ.get("BROWSER_PATH")
    if forced:
        return forced if Path(forced).is_file() and os.access(forced, os.X_OK) else None
    from choreographer.browsers.chromium import Chromium

    return Chromium.find_browser(skip_local=False)


def browser_problem() -> str | None:
    """None if images can be rendered, else the message to show to the user."""
    if browser_path() is not None:
        return None
    forced = os.environ.get("BROWSER_PATH")
    where = f" (BROWSER_PATH={forced} is not an executable file)" if forced else ""
    return (
        f"Chart images (PNG/SVG/PDF) need a Chromium browser and none was found{where}. "
        f"Install it with `{INSTALL_HINT}` (Debian/Ubuntu) or point BROWSER_PATH at a "
        "Chrome/Chromium executable. CSV downloads work without it."
    )


def require_browser() -> None:
    """Raise BrowserUnavailable with the install hint if there is no browser."""
    problem = browser_problem()
    if problem:
        raise BrowserUnavailable(problem)


# ---------------------------------------------------------------- memo theme


def footer_text(spec: ChartSpec) -> str:
    """``Source: …; as of …; Inference Atlas`` (plain text)."""
    return f"Source: {spec.source or 'n/a'}; as of {spec.as_of or 'n/a'}; {BRAND}"


def _lines(text: str, width: int) -> list[str]:
    """Wrap plain text into lines escaped for plotly's HTML-like text."""
    plain = _BREAK.sub(" ", text)
    return [html.escape(line, quote=False) for line in textwrap.wrap(plain, width)]


@dataclass(frozen=True)
class PlotBox:
    """Where the browser put the plot area (layout px), after automatic margins."""

    left: float
    bottom: float  # the bottom margin actually used


def _head(spec: ChartSpec, width: int) -> tuple[str, float, float]:
    """Title (the finding) + subtitle (filter context) as one block, the y of its first
    baseline and the y of its bottom (px from the top).

    One block with explicit lines keeps the layout predictable: plotly puts the first
    baseline of a multi-line title at ``y`` and steps 1.3 em per line."""
    title = _lines(spec.title, width // 10)
    sub = _lines(spec.subtitle, int(width / 6.8))
    styled = [f"<span style='font-size:{_SUB_PX}px;color:#555'>{s}</span>" for s in sub]
    lines = title + styled
    first = _TOP_PAD + _TITLE_PX * (0.75 if len(lines) > 1 else 0)
    bottom = _TOP_PAD + _TITLE_PX * 0.75 + (len(lines) - 1) * 1.3 * _TITLE_PX + 6
    return "<br>".join(lines), first, bottom


def memo_figure(
    spec: ChartSpec, aspect: str = DEFAULT_ASPECT, box: PlotBox | None = None
) -> go.Figure:
    """A copy of ``spec.figure`` in the memo theme at the ``aspect`` size.

    ``box`` (measured on ``probe_figure`` by a first render) aligns the footer with
    the left edge of the image and puts it under the tick labels even when long labels
    made the browser widen the margins."""
    width, height = ASPECTS[aspect]
    fig = go.Figure(spec.figure)
    head, first, head_bottom = _head(spec, width)
    footer = _lines(footer_text(spec), int(width / 5.6))
    foot_h = len(footer) * (_FOOT_PX + 4) + _PAD
    axis = box.bottom if box else _AXIS_AREA
    left = box.left if box else _LEFT
    fig.update_layout(
        template=theme.TEMPLATE,
        width=width,
        height=height,
        font=dict(family=theme.FONT, size=12, color="#222"),
        title=dict(
            text=head,
            font=dict(size=_TITLE_PX, color="#111"),
            subtitle=dict(text=""),
            x=_PAD / width,
            xref="container",
            xanchor="left",
            y=1 - first / height,
            yref="container",
            yanchor="top",
            pad=dict(t=0, b=0, l=0, r=0),
            automargin=False,
        ),
        legend=dict(
            orientation="h",
            xref="container",
            yref="container",
            x=_PAD / width,
            xanchor="left",
            y=1 - head_bottom / height,
            yanchor="top",
            font=dict(size=12),
            title_text="",
        ),
        margin=dict(t=head_bottom + 12, b=axis + foot_h, l=_LEFT, r=30, autoexpand=True),
        paper_bgcolor="white",
    )
    legend_h = 30 if _has_legend(fig) else 0
    _fit_categories(fig, height - head_bottom - 12 - legend_h - _AXIS_AREA - foot_h)
    fig.add_annotation(
        text="<br>".join(footer),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        align="left",
        xshift=_PAD - left,
        yshift=-axis,
        showarrow=False,
        font=dict(size=_FOOT_PX, color="#666"),
    )
    return fig


def bare_figure(spec: ChartSpec, aspect: str = DEFAULT_ASPECT) -> go.Figure:
    """A copy of ``spec.figure`` at the ``aspect`` size without the memo text blocks
    (for a slide, whose title, subtitle and footer are text boxes of their own)."""
    width, height = ASPECTS[aspect]
    fig = go.Figure(spec.figure)
    fig.update_layout(
        template=theme.TEMPLATE,
        width=width,
        height=height,
        font=dict(family=theme.FONT, size=12, color="#222"),
        title=dict(text="", subtitle=dict(text="")),
        legend=dict(orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom", title_text=""),
        margin=dict(t=48, b=_PAD + 40, l=_LEFT, r=30, autoexpand=True),
        paper_bgcolor="white",
    )
    _fit_categories(fig, height - 48 - _AXIS_AREA)
    return fig


def _has_legend(fig: go.Figure) -> bool:
    if fig.layout.showlegend is not None:
        return bool(fig.layout.showlegend)
    return sum(1 for t in fig.data if getattr(t, "showlegend", None) is not False) > 1


def _fit_categories(fig: go.Figure, plot_h: float) -> None:
    """Show every label of a long horizontal-bar ranking (smaller type instead of the
    browser silently dropping every other label)."""
    cats: set[str] = set()
    for trace in fig.data:
        ys = getattr(trace, "y", None)
        horizontal = getattr(trace, "orientation", None) == "h"
        if horizontal and ys is not None and len(ys) and isinstance(ys[0], str):
            cats.update(map(str, ys))
    per = plot_h / max(len(cats), 1)
    if len(cats) > 1 and per < 16:
        fig.update_yaxes(dtick=1, tickfont_size=max(8, int(per * 0.8)))


_PLOT_AT = re.compile(
    r'<g class="overplot"><g class="[^"]*" transform="translate\(([\d.]+),([\d.]+)\)'
)
_PLOT_SIZE = re.compile(r'class="plotclip"><rect width="([\d.]+)" height="([\d.]+)"')


def probe_figure(spec: ChartSpec, aspect: str = DEFAULT_ASPECT) -> go.Figure:
    """The memo figure without the footer's space: rendering it shows how much room
    the tick labels and axis titles really need (see ``plot_box``)."""
    fig = memo_figure(spec, aspect)
    fig.update_layout(margin_b=_AXIS_AREA, annotations=list(fig.layout.annotations)[:-1])
    return fig


def plot_box(svg: str, height: int) -> PlotBox | None:
    """The first cartesian plot area in a rendered SVG, or None (pie, treemap, …)."""
    at, size = _PLOT_AT.search(svg), _PLOT_SIZE.search(svg)
    if not at or not size:
        return None
    top, plot_h = float(at.group(2)), float(size.group(2))
    return PlotBox(left=float(at.group(1)), bottom=height - top - plot_h)


# ---------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Job:
    """One image to render: a chart in one format at one aspect."""

    spec: ChartSpec
    fmt: str
    aspect: str = DEFAULT_ASPECT
    chrome: bool = True  # False: the chart alone (``bare_figure``), e.g. for a slide

    def opts(self) -> dict[str, Any]:
        width, height = ASPECTS[self.aspect]
        scale = PNG_SCALE if self.fmt == "png" else 1
        return {"format": self.fmt, "width": width, "height": height, "scale": scale}

    def key(self) -> str:
        """Identifies the image: the chart's content, the size and the format."""
        bare = "" if self.chrome else "bare"
        return _digest(self.spec, self.aspect, repr(sorted(self.opts().items())), bare)


class _LRU:
    """A small thread-safe LRU cache bounded by the total ``weigh`` of its values."""

    def __init__(self, limit: int, weigh: Callable[[Any], int] = lambda _: 1) -> None:
        self.limit, self.weigh = limit, weigh
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > 1 and sum(map(self.weigh, self._items.values())) > self.limit:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


CACHE = _LRU(64 * 2**20, len)  # rendered images, up to 64 MB per process
_BOXES = _LRU(1024)  # measured plot areas per (chart, aspect)
_SESSIONS = threading.BoundedSemaphore(2)  # at most two browsers at once per process


def _digest(spec: ChartSpec, *parts: str) -> str:
    """A content hash of everything the memo figure is made of (cheap: no copy)."""
    text = [spec.title, spec.subtitle, spec.source, spec.as_of, THEME_VERSION, *parts]
    payload = pio.to_json(spec.figure, validate=False) + "\x00".join(text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


async def _session(jobs: Sequence[Job], tabs: int = TABS) -> list[bytes | Exception]:
    """Render ``jobs`` in one browser with ``tabs`` tabs working in parallel: per chart
    and aspect, a quick SVG probe measures the plot area, then every requested format.
    A chart that fails gets its exception in place of its images; the rest go on."""
    import kaleido

    out: list[bytes | Exception] = [b""] * len(jobs)
    groups: dict[tuple[int, str, bool], list[int]] = {}
    for i, job in enumerate(jobs):
        groups.setdefault((id(job.spec), job.aspect, job.chrome), []).append(i)

    async def chart(k: kaleido.Kaleido, indices: list[int]) -> None:
        first = jobs[indices[0]]
        try:
            box = await _measure(k, first.spec, first.aspect) if first.chrome else None
            for i in indices:
                job = jobs[i]
                fig = memo_figure(job.spec, job.aspect, box) if job.chrome else None
                fig = fig or bare_figure(job.spec, job.aspect)
                out[i] = await k.calc_fig(fig, opts=job.opts())
        except Exception as exc:  # this chart only; returned to the caller
            for i in indices:
                out[i] = exc

    # mathjax=False: no CDN request (the app runs offline); the charts use no LaTeX.
    browser = _without_reload(kaleido.Kaleido)
    async with browser(n=max(1, min(tabs, len(groups))), mathjax=False) as k:
        await asyncio.gather(*(chart(k, idx) for idx in groups.values()))
    return out


def _without_reload(base: type) -> type:
    """kaleido's browser minus its page reload after every image.

    kaleido reloads the tab (plotly.js and all) after each render; that reload was
    0.17-0.31 s of the 0.2-0.8 s per image measured here. plotly.js's ``toImage``
    draws each figure in a fresh div that it purges, so nothing carries over between
    images of one batch. If a kaleido version lacks the hook, the reload stays."""
    if not hasattr(base, "_return_kaleido_tab"):
        return base

    class BatchKaleido(base):
        async def _return_kaleido_tab(self, tab: Any) -> None:
            await self.tabs_ready.put(tab)

    return BatchKaleido


async def _measure(k: Any, spec: ChartSpec, aspect: str) -> PlotBox:
    """The plot area of the chart's probe figure (cached per chart and aspect)."""
    bkey = _digest(spec, aspect)
    box = _BOXES.get(bkey)
    if box is None:
        width, height = ASPECTS[aspect]
        opts = {"format": "svg", "width": width, "height": height}
        svg = await k.calc_fig(probe_figure(spec, aspect), opts=opts)
        box = plot_box(svg.decode("utf-8"), height) or PlotBox(_LEFT, 2 * _PAD)
        _BOXES.put(bkey, box)
    return box


def _run(coro: Coroutine[Any, Any, list[bytes | Exception]]) -> list[bytes | Exception]:
    """Run ``coro`` to completion in a fresh event loop on its own thread (works
    whether or not the caller already runs an event loop)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread below
            box["error"] = exc

    thread = threading.Thread(target=target, name="atlas-kaleido", daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def render_results(jobs: Sequence[Job]) -> list[bytes | Exception]:
    """Render every job in ONE browser session; cached images are not re-rendered.

    Returns, in the order of ``jobs``, the image bytes or the exception of a chart that
    failed. Raises BrowserUnavailable (with the install hint) when there is no browser
    and something must be drawn."""
    for job in jobs:
        if job.fmt not in FORMATS or job.aspect not in ASPECTS:
            raise ValueError(f"unsupported export {job.fmt!r} at {job.aspect!r}")
    keys = [job.key() for job in jobs]
    out: list[bytes | Exception | None] = [CACHE.get(k) for k in keys]
    missing = [i for i, b in enumerate(out) if b is None]
    if missing:
        require_browser()
        with _SESSIONS:
            images = _run(_session([jobs[i] for i in missing]))
        for i, img in zip(missing, images, strict=True):
            if isinstance(img, bytes):
                CACHE.put(keys[i], img)
            out[i] = img
    return [b for b in out if b is not None]


def render_many(jobs: Sequence[Job]) -> list[bytes]:
    """Like ``render_results`` but raises the first chart's error, if any."""
    results = render_results(jobs)
    for result in results:
        if isinstance(result, Exception):
            raise result
    return [r for r in results if isinstance(r, bytes)]


def render(spec: ChartSpec, fmt: str, aspect: str = DEFAULT_ASPECT) -> bytes:
    """One chart in one format (a browser session of its own unless cached)."""
    return render_many([Job(spec, fmt, aspect)])[0]


def file_name(spec: ChartSpec, fmt: str) -> str:
    return f"{spec.name}.{fmt}"
