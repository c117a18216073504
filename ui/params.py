"""Widgets whose values live in the URL (``st.query_params``), so a shared link
reproduces the view. A bad or stale parameter falls back to the default with a
notice, never a traceback; the notice shows the value as text (never Markdown),
shortened."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import streamlit as st

from ui.text import code, md

_SEP = ","
MAX_TEXT_PARAM = 500  # longest free-text value taken from a link


def _notice(key: str, raw: str, why: str) -> None:
    st.warning(
        f"Ignored link parameter {code(f'{key}={raw}')}: {md(why, 200)}. "
        "Showing the default instead.",
        icon="⚠️",
    )


def _init(key: str, value: Any) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def _store(key: str, text: str) -> None:
    """Put ``text`` in the URL as ``?key=text``; an empty value leaves the URL."""
    if text:
        st.query_params[key] = text
    elif key in st.query_params:
        del st.query_params[key]


def choice(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str | None = None,
    container: Any = st,
    **kwargs: Any,
) -> str | None:
    """A selectbox backed by ``?key=value``."""
    options = list(options)
    if not options:
        container.selectbox(label, ["(no data)"], disabled=True, key=f"{key}__empty")
        return None
    fallback = default if default in options else options[0]
    raw = st.query_params.get(key)
    value = fallback
    if raw is not None and key not in st.session_state:
        if raw in options:
            value = raw
        else:
            _notice(key, raw, "not one of the available options")
    _init(key, value)
    if st.session_state[key] not in options:
        st.session_state[key] = fallback
    chosen = container.selectbox(label, options, key=key, **kwargs)
    st.query_params[key] = chosen
    return chosen


def multi(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: Sequence[str] = (),
    container: Any = st,
    **kwargs: Any,
) -> list[str]:
    """A multiselect backed by ``?key=a,b,c`` (unknown values are dropped with a notice)."""
    options = list(options)
    raw = st.query_params.get(key)
    value = [d for d in default if d in options]
    if raw is not None and key not in st.session_state:
        wanted = list(dict.fromkeys(v for v in raw.split(_SEP) if v))  # each value once
        unknown = [v for v in wanted if v not in options]
        if unknown:
            _notice(key, raw, f"unknown value(s) {', '.join(unknown)}")
        elif len(wanted) < len([v for v in raw.split(_SEP) if v]):
            _notice(key, raw, "a value was repeated; each is used once")
        value = [v for v in wanted if v in options] or value
    _init(key, value)
    st.session_state[key] = list(dict.fromkeys(v for v in st.session_state[key] if v in options))
    chosen = container.multiselect(label, options, key=key, **kwargs)
    _store(key, _SEP.join(chosen))
    return chosen


def number(
    label: str,
    *,
    key: str,
    default: float,
    min_value: float,
    max_value: float,
    step: float | None = None,
    slider: bool = False,
    container: Any = st,
    **kwargs: Any,
) -> float:
    """A number input or slider backed by ``?key=1.5`` (range-checked)."""
    raw = st.query_params.get(key)
    value = default
    if raw is not None and key not in st.session_state:
        try:
            parsed = float(raw)
        except (ValueError, OverflowError):
            _notice(key, raw, "not a number")
        else:
            if math.isfinite(parsed) and min_value <= parsed <= max_value:
                value = parsed
            else:
                _notice(key, raw, f"outside {min_value:g}–{max_value:g}")
    as_int = isinstance(default, int) and (step is None or isinstance(step, int))
    value = int(value) if as_int else float(value)
    _init(key, value)
    widget = container.slider if slider else container.number_input
    cast = int if as_int else float
    chosen = widget(
        label,
        min_value=cast(min_value),
        max_value=cast(max_value),
        step=cast(step) if step is not None else None,
        key=key,
        **kwargs,
    )
    st.query_params[key] = str(chosen)
    return chosen


def text(label: str, *, key: str, default: str = "", container: Any = st, **kwargs: Any) -> str:
    """A text input backed by ``?key=...``."""
    raw = st.query_params.get(key)
    limit = kwargs.get("max_chars") or MAX_TEXT_PARAM
    if raw is not None and len(raw) > limit and key not in st.session_state:
        _notice(key, raw, f"longer than {limit} characters")
        raw = None
    _init(key, raw if raw is not None else default)
    value = container.text_input(label, key=key, **kwargs)
    _store(key, value)
    return value


def toggle(
    label: str, *, key: str, default: bool = False, container: Any = st, **kwargs: Any
) -> bool:
    """A toggle backed by ``?key=1`` / ``?key=0``."""
    raw = st.query_params.get(key)
    value = default
    if raw is not None and key not in st.session_state:
        if raw in ("1", "0", "true", "false"):
            value = raw in ("1", "true")
        else:
            _notice(key, raw, "expected 1 or 0")
    _init(key, value)
    chosen = container.toggle(label, key=key, **kwargs)
    st.query_params[key] = "1" if chosen else "0"
    return chosen
