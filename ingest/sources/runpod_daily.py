"""RunPod daily GPU price panel (secure, community, spot and committed-term prices).

Origin: ``sui414/openrouter-pricing-data``, ``data/csv/runpod_daily.csv``: a GitHub
Action reads RunPod's public GraphQL API once a day and appends one row per GPU
type: ``date, gpu_id, display_name, memory_gb, secure_price, community_price,
spot_bid_floor, on_demand_floor, stock_*, price_1wk, price_1mo, price_3mo,
price_6mo, price_cluster, available_dcs, listed_dcs, scraped_at``.

Units: every price is USD per hour for one GPU (``raw_unit`` "USD/GPU-hour",
``gpu_count`` 1). Columns -> pricing:

- ``secure_price`` -> "on_demand" (Secure Cloud)
- ``community_price`` -> "community" (Community Cloud)
- ``spot_bid_floor`` -> "spot" (lowest accepted bid)
- ``price_1wk`` / ``price_1mo`` / ``price_3mo`` / ``price_6mo`` -> "reserved_1w" /
  "reserved_1m" / "reserved_3m" / "reserved_6m"

Not loaded, counted in ``skipped`` per non-empty cell: ``on_demand_floor`` (the
lowest of the on-demand prices already loaded) and ``price_cluster`` (1.2 x the
secure price; no matching pricing type). Empty cells and 0 (RunPod's value for a
tier that is not offered) are skipped and counted, never loaded as a price.
Rows for MIG slices (a fraction of one GPU) and for gpu_id "unknown" are skipped.

``observed_at`` is the row's ``date``. GPU ids come from ``display_name`` with
vendor words removed ("NVIDIA GeForce GTX 1050 Ti" -> "GTX 1050 Ti"), because
``gpu_id`` misleads canonical_gpu ("NVIDIA A100 80GB PCIe" would map to the SXM
part); ``source_gpu`` keeps ``gpu_id``.
"""

from __future__ import annotations

import re
from datetime import date

from canon.names import canonical_gpu, canonical_provider
from ingest import http
from ingest.base import ParseResult, Payload, SnapshotFile, Source
from ingest.rows import GpuPrice
from ingest.sources import _csv_panel

URL = "https://raw.githubusercontent.com/sui414/openrouter-pricing-data/main/data/csv/runpod_daily.csv"
RAW_UNIT = "USD/GPU-hour"
PRICE_COLUMNS = (
    ("secure_price", "on_demand"),
    ("community_price", "community"),
    ("spot_bid_floor", "spot"),
    ("price_1wk", "reserved_1w"),
    ("price_1mo", "reserved_1m"),
    ("price_3mo", "reserved_3m"),
    ("price_6mo", "reserved_6m"),
)
UNLOADED_COLUMNS = {
    "on_demand_floor": "on_demand_floor not loaded (lowest of the on-demand prices)",
    "price_cluster": "price_cluster not loaded (no matching pricing type)",
}
REQUIRED = ("date", "gpu_id", "display_name", "memory_gb") + tuple(c for c, _ in PRICE_COLUMNS)
_VENDOR_WORDS = re.compile(
    r"\b(NVIDIA|GeForce|AMD|Instinct|Blackwell|Generation|Server Edition|Workstation Edition)\b"
)
# cleaned display name -> canonical id, where canonical_gpu maps wrongly
# ("RTX A4000" matches its A40 pattern; "RTX 3090 Ti" merges into RTX_3090).
GPU_OVERRIDES = {"RTX A4000": "RTX_A4000", "RTX 3090 Ti": "RTX_3090_TI"}


def clean_gpu_name(display_name: str) -> str:
    """``NVIDIA RTX PRO 4500 Blackwell Server Edition`` -> ``RTX PRO 4500``."""
    return " ".join(_VENDOR_WORDS.sub(" ", display_name).split())


def runpod_gpu(display_name: str, memory_gb: float | None) -> str:
    name = clean_gpu_name(display_name)
    return GPU_OVERRIDES.get(name) or canonical_gpu(name, memory_gb)


def _row_prices(rec: dict[str, str], result: ParseResult) -> list[tuple[str, float]]:
    out = []
    for column, pricing in PRICE_COLUMNS:
        value = _csv_panel.number(rec.get(column))
        if value is None:
            result.skip(f"{column} empty or not a number")
        elif value <= 0:
            result.skip(f"{column} is 0 (not offered)")
        else:
            out.append((pricing, value))
    for column, reason in UNLOADED_COLUMNS.items():
        if (rec.get(column) or "").strip():
            result.skip(reason)
    return out


def parse(payload: Payload) -> ParseResult:
    """runpod_daily.csv -> one GpuPrice per GPU type x date x published price."""
    result = ParseResult()
    provider = canonical_provider("runpod")
    for rec in _csv_panel.read_panel(payload, REQUIRED, source="runpod_daily"):
        gpu_id = (rec.get("gpu_id") or "").strip()
        if not gpu_id or gpu_id.lower() == "unknown":
            result.skip("gpu_id unknown")
            continue
        if "MIG" in gpu_id.split():
            result.skip("MIG slice (a fraction of one GPU)")
            continue
        try:
            observed = date.fromisoformat(rec["date"].strip())
        except ValueError:
            result.skip("date not an ISO date")
            continue
        memory = _csv_panel.number(rec.get("memory_gb")) or None
        gpu = runpod_gpu(rec.get("display_name") or gpu_id, memory)
        for pricing, value in _row_prices(rec, result):
            result.rows.append(
                GpuPrice(
                    provider=provider,
                    gpu=gpu,
                    pricing=pricing,
                    usd_per_gpu_hour=value,
                    raw_value=value,
                    raw_unit=RAW_UNIT,
                    gpu_memory_gb=memory,
                    observed_at=observed,
                    source_gpu=gpu_id,
                )
            )
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="runpod_daily.csv")]


SOURCE = Source(
    name="runpod_daily",
    title="RunPod daily GPU prices",
    url=URL,
    kind="csv",
    license="none in repo (redistribution rights unknown); data is RunPod's public API output",
    attribution="sui414/openrouter-pricing-data, data/csv/runpod_daily.csv (RunPod GraphQL API)",
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("runpod-daily/runpod_daily.csv", date(2026, 8, 8)),),
    description=(
        "RunPod per-GPU hourly prices by GPU type and day: Secure Cloud (on-demand), "
        "Community Cloud, spot bid floor and 3/6-month committed prices."
    ),
)
