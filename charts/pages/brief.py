"""Chart set of the Weekly brief page: the charts of the brief over the newest
``days`` days of data (what a link or the deck CLI draws for ``brief/<chart>``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from brief import facts
from charts.brief import gpu_moves_spec, price_moves_spec
from charts.provenance import Loader
from charts.spec import ChartSpec
from warehouse.queries import brief as q

DEFAULTS: dict[str, Any] = {
    "days": facts.DEFAULT_DAYS,
    "threshold_pct": facts.DEFAULT_THRESHOLD_PCT,
}


def specs(load: Loader, **params: Any) -> list[ChartSpec]:
    p = {**DEFAULTS, **params}
    newest = load(q.newest_day)["newest"].iloc[0]
    if pd.isna(newest):
        newest = pd.Timestamp.now()
    end = pd.Timestamp(newest).date()
    start = end - timedelta(days=int(p["days"]) - 1)
    b = facts.build(load, start, end, threshold_pct=float(p["threshold_pct"]))
    return [
        price_moves_spec(load, b.price_moves, b.label),
        gpu_moves_spec(load, b.gpu_moves, b.label),
    ]  # both, even without data (the batch export skips empty charts)
