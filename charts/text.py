"""Plotly text is HTML-ish: titles, labels, legends, hover and tick text render ``<a href>``
as a live link (and ``<b>``, ``<br>``, ``<span style>``). Source-derived strings go through
:func:`plain` before they are put into a figure's text; :func:`defang` is the last guard
on a whole figure before it is shown, turning any link tag into visible text."""

from __future__ import annotations

import html
import re
from typing import Any

import plotly.graph_objects as go

_LINK_TAG = re.compile(r"<(\s*/?\s*a\b)", re.IGNORECASE)


def plain(text: object) -> str:
    """``text`` with ``<``, ``>`` and ``&`` as entities: Plotly shows it literally."""
    return html.escape(str(text), quote=False)


def _walk(value: Any) -> tuple[Any, bool]:
    if isinstance(value, str):
        fixed = _LINK_TAG.sub(r"&lt;\1", value)
        return fixed, fixed != value
    if isinstance(value, dict):
        changed = False
        out = {}
        for k, v in value.items():
            out[k], hit = _walk(v)
            changed |= hit
        return out, changed
    if isinstance(value, (list, tuple)):
        items = [_walk(v) for v in value]
        return [v for v, _ in items], any(hit for _, hit in items)
    return value, False


def _texts(value: Any) -> bool:
    """True when some string in the figure could hold a link tag (a quick scan)."""
    if isinstance(value, str):
        return "<" in value and _LINK_TAG.search(value) is not None
    if isinstance(value, dict):
        return any(_texts(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_texts(v) for v in value)
    return False


def defang(fig: go.Figure) -> go.Figure:
    """``fig`` itself when it holds no ``<a>`` tag, else a copy whose link tags are shown
    as text (``&lt;a href=…``) wherever they are: titles, labels, names, data, hover."""
    raw = fig.to_plotly_json()
    if not _texts(raw):
        return fig
    fixed, _ = _walk(raw)
    return go.Figure(fixed)
