"""CoreWeave GPU instance prices (on-demand, spot, and per-GPU inference price).

Payload shape: the JSON written by ``PrashantSedhain/coreweave-pricing-tracker``
(``data/<date>.json``), a parse of https://coreweave.com/pricing::

    {"scrapeDate": "2026-08-22", "regions": [{"name": "North America",
      "gpu": [{"model": "NVIDIA HGX H100", "gpuCount": "8", "vramGB": "80",
               "onDemandPrice": 49.24, "spotPrice": 19.71, "inferencePrice": 6.16}, ...],
      "cpu": [...]}]}

Units: ``onDemandPrice`` / ``spotPrice`` are USD per hour for the whole instance of
``gpuCount`` GPUs, so ``usd_per_hour`` = instance price, ``usd_per_gpu_hour`` =
instance price / gpuCount, ``raw_unit`` = "USD/instance-hour" (HGX H100, 8 GPUs,
49.24 -> 6.155 per GPU-hour). ``inferencePrice`` (the page's "Inference Single GPU
Price") is already USD per GPU-hour: pricing "inference", ``raw_unit`` =
"USD/GPU-hour", gpu_count 1. ``vramGB`` is per GPU. Null prices are skipped and
counted, never loaded as 0; CPU instances are skipped and counted.

The GB200 / GB300 NVL72 gpuCount quirk: the page prints "4" followed by footnote
marker 1. The Wayback capture of 2026-03-13 keeps it apart ("4^1"); the 2026-07-27
and 2026-08-22 files merge it into "41". Decision: a trailing "^<n>" footnote is
dropped, and a bare "41" on an NVL72 row is read as 4. Evidence in the data: the
GB200 NVL72 row prices the instance at 42.00 and a single GPU at 10.50, and
42.00 / 10.50 = 4 (not 41); the rows list 144 vCPUs and 960 GB RAM, the size of one
NVL72 compute tray (2 Grace CPUs, 4 GPUs; 18 trays x 4 = 72 GPUs), not of a 41-GPU
machine. Any other gpuCount that is not a plain integer is skipped and counted.

Live source: ``fetch()`` GETs https://www.coreweave.com/pricing, which is an HTML
page, not this JSON. ``parse`` accepts HTML only if the page embeds a JSON object
of the same shape (an object with ``regions[].gpu[]`` inside a ``<script>``);
otherwise it raises ParseError saying so. Parsing CoreWeave's rendered HTML table
is not implemented; the bundled snapshots are the tracker's JSON files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, TypedDict

from canon.names import canonical_gpu, canonical_provider
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import GpuPrice

URL = "https://www.coreweave.com/pricing"
PROVIDER = canonical_provider("CoreWeave")
INSTANCE_UNIT = "USD/instance-hour"
GPU_UNIT = "USD/GPU-hour"
# JSON field -> (pricing, priced per instance?)
PRICE_FIELDS = (
    ("onDemandPrice", "on_demand", True),
    ("spotPrice", "spot", True),
    ("inferencePrice", "inference", False),
)
_FOOTNOTE = re.compile(r"^(\d+)\^\d+$")  # "4^1": 4 GPUs, footnote 1
# gpuCount strings where the scraper merged a footnote digit into the count.
_MERGED_FOOTNOTE = {"NVL72": {"41": 4}}
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def _number(value: Any) -> float | None:
    """A JSON number or a string like "2,048" / "$49.24"; None when empty or null."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).replace(",", "").replace("$", "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def gpu_count(model: str, raw: Any) -> int | None:
    """GPUs per instance from the published gpuCount, undoing footnote digits.

    >>> gpu_count("NVIDIA GB200 NVL72", "41"), gpu_count("NVIDIA GB200 NVL72", "4^1")
    (4, 4)
    """
    text = str(raw if raw is not None else "").replace(",", "").strip()
    match = _FOOTNOTE.match(text)
    if match:
        return int(match.group(1))
    for marker, fixes in _MERGED_FOOTNOTE.items():
        if marker in model.upper() and text in fixes:
            return fixes[text]
    return int(text) if text.isdigit() and int(text) > 0 else None


def _find_pricing(obj: Any) -> dict | None:
    """The first object with a ``regions`` list of dicts holding ``gpu`` lists."""
    children: Iterable[Any]
    if isinstance(obj, dict):
        regions = obj.get("regions")
        if isinstance(regions, list) and any(
            isinstance(r, dict) and isinstance(r.get("gpu"), list) for r in regions
        ):
            return obj
        children = obj.values()
    elif isinstance(obj, list):
        children = obj
    else:
        return None
    for child in children:
        found = _find_pricing(child)
        if found is not None:
            return found
    return None


def _from_html(text: str) -> dict:
    for body in _SCRIPT.findall(text):
        try:
            found = _find_pricing(json.loads(body))
        except ValueError:
            continue
        if found is not None:
            return found
    raise ParseError(
        "coreweave: got an HTML page with no embedded pricing JSON (expected an object "
        "with regions[].gpu[] in a <script>, the coreweave-pricing-tracker shape); "
        "parsing the rendered HTML table of coreweave.com is not implemented"
    )


def _load(payload: Payload) -> dict:
    text = payload.text().strip()
    if text.startswith("<"):
        return _from_html(text)
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ParseError(f"coreweave: payload is neither JSON nor HTML ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("regions"), list):
        raise ParseError(
            "coreweave: expected a JSON object with a 'regions' list "
            "(coreweave-pricing-tracker format)"
        )
    return data


def _scrape_date(data: dict) -> date | None:
    try:
        return date.fromisoformat(str(data.get("scrapeDate", ""))[:10])
    except ValueError:
        return None


def _region_gpus(data: dict, result: ParseResult) -> Iterator[tuple[str, dict]]:
    for region in data["regions"]:
        if not isinstance(region, dict) or not isinstance(region.get("gpu", []), list):
            raise ParseError("coreweave: each regions[] entry must be an object with a gpu list")
        result.skip("CPU instance (no GPU)", len(region.get("cpu") or []))
        for item in region.get("gpu", []):
            yield str(region.get("name", "")), item


class _Common(TypedDict):
    """GpuPrice fields shared by all prices of one GPU row."""

    provider: str
    gpu: str
    gpu_memory_gb: float | None
    region: str
    observed_at: date | None
    source_gpu: str


def _rows(item: dict, region: str, observed: date | None, result: ParseResult) -> list[GpuPrice]:
    model = str(item.get("model") or "").strip()
    count = gpu_count(model, item.get("gpuCount"))
    if not model or count is None:
        result.skip("GPU row without model or readable gpuCount")
        return []
    gpu = canonical_gpu(model, _number(item.get("vramGB")))
    common = _Common(
        provider=PROVIDER,
        gpu=gpu,
        gpu_memory_gb=_number(item.get("vramGB")),
        region=region,
        observed_at=observed,
        source_gpu=model,
    )
    rows = []
    for field, pricing, per_instance in PRICE_FIELDS:
        value = _number(item.get(field))
        if value is None:
            result.skip(f"{field} null or not a number")
            continue
        if value <= 0:
            result.skip(f"{field} not > 0")
            continue
        if per_instance:
            rows.append(
                GpuPrice(
                    pricing=pricing,
                    usd_per_gpu_hour=value / count,
                    raw_value=value,
                    raw_unit=INSTANCE_UNIT,
                    gpu_count=count,
                    usd_per_hour=value,
                    **common,
                )
            )
        else:
            rows.append(
                GpuPrice(
                    pricing=pricing,
                    usd_per_gpu_hour=value,
                    raw_value=value,
                    raw_unit=GPU_UNIT,
                    **common,
                )
            )
    return rows


def parse(payload: Payload) -> ParseResult:
    """Tracker JSON (or an HTML page embedding it) -> GpuPrice rows per region x price."""
    data = _load(payload)
    observed = _scrape_date(data)
    result = ParseResult()
    for region, item in _region_gpus(data, result):
        if not isinstance(item, dict):
            result.skip("gpu entry not an object")
            continue
        result.rows.extend(_rows(item, region, observed, result))
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="pricing.html")]


SOURCE = Source(
    name="coreweave",
    title="CoreWeave GPU pricing",
    url=URL,
    kind="json",
    license="none in repo (redistribution rights unknown); prices are CoreWeave's public list",
    attribution=(
        "PrashantSedhain/coreweave-pricing-tracker, data/<date>.json (parsed from "
        "coreweave.com/pricing; 2026-03-13 and 2026-07-27 via Wayback Machine captures)"
    ),
    parse=parse,
    fetch=fetch,
    snapshot=(
        SnapshotFile("coreweave-pricing-tracker/2026-03-13.json", date(2026, 3, 13)),
        SnapshotFile("coreweave-pricing-tracker/2026-07-27.json", date(2026, 7, 27)),
        SnapshotFile("coreweave-pricing-tracker/2026-08-22.json", date(2026, 8, 22)),
    ),
    description=(
        "CoreWeave list prices per instance (on-demand, spot) and per GPU (inference), "
        "North America and Europe, three dated captures."
    ),
)
