"""gpu-pricing-tracker: a daily panel of GPU rental prices across 43 providers.

Origin: ``cherielilili/gpu-pricing-tracker``, ``data/observations.csv`` (one row per
date x provider x GPU model x GPU count x region x rental type). The collector
aggregates getdeploying.com, console.vast.ai, api.runpod.io and a few provider
pricing pages. Prices are USD per GPU-hour; each row gives the min / median / max
over ``n_offers`` offers, and we load the median.

Units: ``usd_per_gpu_hour`` = ``price_median_usd`` (already per single GPU, also for
``gpu_count`` > 1 offers), ``raw_unit`` = "USD/GPU-hour (median of n_offers)".
``usd_per_hour`` stays None: the source does not publish an instance price.
``observed_at`` is the row's ``date``. ``region`` is kept as published (ISO
country codes, "global", and RunPod's "secure" / "community" / "any").

Unit slip in the source, skipped and counted: for 2026-02-11 to 2026-02-18 the
getdeploying.com rows with ``gpu_count`` > 1 (1,459 rows) hold the whole-instance
price in ``price_median_usd``, not the per-GPU price. CoreWeave 8x H100 reads 49.24
on 2026-02-18 (CoreWeave's instance price; ``price_min_usd`` of the same row is
6.16) and 6.16 from 2026-02-19 on; 1,073 of those rows equal gpu_count x the same
provider's single-GPU median (within 25%). Some rows of 2026-02-18 are already per
GPU, so dividing by gpu_count would be a guess: the whole window is skipped.

This file feeds the bulk-load benchmark, so the parser uses the ``csv`` module on
one pass and memoizes the per-name work (dates, canonical provider and GPU names).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from datetime import date
from typing import Any

from canon.names import canonical_gpu, canonical_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import GpuPrice

URL = (
    "https://raw.githubusercontent.com/cherielilili/gpu-pricing-tracker/main/data/observations.csv"
)
RAW_UNIT = "USD/GPU-hour (median of n_offers)"
REQUIRED = (
    "date",
    "provider",
    "gpu_model",
    "gpu_count",
    "region",
    "rental_type",
    "price_median_usd",
    "n_offers",
    "source_url",
)
# Until this date the getdeploying.com collector stored the whole-instance price in
# price_median_usd of multi-GPU rows (see module docstring); those rows are skipped.
INSTANCE_PRICED_SOURCE = "https://getdeploying.com"
INSTANCE_PRICED_UNTIL = date(2026, 2, 18)
INSTANCE_PRICED_REASON = (
    "getdeploying.com multi-GPU row dated <= 2026-02-18: median is an instance price"
)
PRICINGS = {"on_demand": "on_demand", "spot": "spot"}


class _Memo(dict):
    """dict that fills a missing key with ``func(key)`` (one call per distinct key)."""

    def __init__(self, func: Callable[[str], Any]) -> None:
        super().__init__()
        self.func = func

    def __missing__(self, key: str) -> Any:
        value = self[key] = self.func(key)
        return value


def _header_index(header: list[str] | None) -> dict[str, int]:
    if not header:
        raise ParseError("gpu_tracker: empty payload, expected a CSV header row")
    index = {name.strip(): i for i, name in enumerate(header)}
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        raise ParseError(
            f"gpu_tracker: observations.csv is missing columns {missing}; "
            f"expected {list(REQUIRED)}, got {header}"
        )
    return index


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _price(text: str) -> float | None:
    """Median price, or None when empty / not a number / not positive."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0 < value < math.inf else None


def parse(payload: Payload) -> ParseResult:
    """observations.csv bytes -> GpuPrice rows (one per CSV row with a usable median)."""
    reader = csv.reader(io.StringIO(payload.text()))
    idx = _header_index(next(reader, None))
    width = max(idx[c] for c in REQUIRED) + 1
    i_date, i_prov, i_gpu, i_count, i_region, i_type, i_price, i_n, i_url = (
        idx[c] for c in REQUIRED
    )
    dates = _Memo(_iso_date)
    providers = _Memo(canonical_provider)
    gpus = _Memo(canonical_gpu)
    result = ParseResult()
    rows = result.rows
    for rec in reader:
        if len(rec) < width:
            result.skip("line with too few fields")
            continue
        pricing = PRICINGS.get(rec[i_type])
        if pricing is None:
            result.skip("rental_type not on_demand/spot")
            continue
        price = _price(rec[i_price])
        if price is None:
            result.skip("price_median_usd empty, not a number or not > 0")
            continue
        observed = dates[rec[i_date]]
        if observed is None:
            result.skip("date not an ISO date")
            continue
        count_text, n_text = rec[i_count], rec[i_n]
        if not count_text.isdigit() or count_text == "0":
            result.skip("gpu_count not a positive integer")
            continue
        if (
            observed <= INSTANCE_PRICED_UNTIL
            and count_text != "1"
            and rec[i_url] == INSTANCE_PRICED_SOURCE
        ):
            result.skip(INSTANCE_PRICED_REASON)
            continue
        source_gpu = rec[i_gpu]
        rows.append(
            GpuPrice(
                provider=providers[rec[i_prov]],
                gpu=gpus[source_gpu],
                pricing=pricing,
                usd_per_gpu_hour=price,
                raw_value=price,
                raw_unit=RAW_UNIT,
                gpu_count=int(count_text),
                region=rec[i_region],
                observed_at=observed,
                source_gpu=source_gpu,
                n_offers=int(n_text) if n_text.isdigit() else None,
            )
        )
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="observations.csv")]


SOURCE = Source(
    name="gpu_tracker",
    title="GPU pricing tracker (daily multi-provider GPU rental prices)",
    url=URL,
    kind="csv",
    license="none in repo (redistribution rights unknown)",
    attribution=(
        "cherielilili/gpu-pricing-tracker, data/observations.csv (aggregating "
        "getdeploying.com, console.vast.ai, api.runpod.io, crusoe.ai, lambda.ai, "
        "nebius.com, sfcompute.com)"
    ),
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("gpu-pricing-tracker/observations.csv", date(2026, 7, 15)),),
    description=(
        "Daily GPU rental prices, 2026-02-11 to 2026-07-14 in the bundled copy: 43 "
        "providers, on-demand and spot, median USD per GPU-hour over n_offers offers."
    ),
)
