"""Axis helpers shared by the chart builders: readable log-scale ticks."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

STEPS_125 = (1, 2, 5)  # ticks per decade: 1, 2, 5, 10, 20, 50, …


def log_ticks(lo: float, hi: float, steps: Sequence[float] = STEPS_125) -> list[float]:
    """Tick values ``step x 10^k`` from the last one at or below ``lo`` to the first one at
    or above ``hi``, for a log axis readable without minor digits (empty unless both are
    positive). ``steps`` are ascending multipliers in [1, 10), starting at 1."""
    if not (lo > 0 and hi > 0):
        return []
    decades = range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
    ticks = sorted(m * 10.0**k for k in decades for m in steps)
    start = max(t for t in ticks if t <= lo)
    stop = min(t for t in ticks if t >= hi)
    return [t for t in ticks if start <= t <= stop]


def log_axis(
    fig: go.Figure, values: pd.Series, *, axis: str = "x", steps: Sequence[float] = STEPS_125
) -> None:
    """Make the ``axis`` ("x" or "y") of ``fig`` logarithmic with ``log_ticks`` over the
    positive ``values`` (plotly's own ticks when there are none)."""
    positive = values[values > 0]
    ticks = log_ticks(float(positive.min()), float(positive.max()), steps) if len(positive) else []
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(type="log", tickvals=ticks, ticktext=[f"{t:,g}" for t in ticks])
