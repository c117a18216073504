"""Google Cloud TPU prices per region, on-demand and spot (dstack's gpuhunt table).

Source: ``src/gpuhunt/resources/tpu_pricing.json`` in ``dstackai/gpuhunt`` ("A manually
filled TPU pricing table from the pricing page. On-demand TPUs -
https://cloud.google.com/tpu/pricing. Spot TPUs - https://cloud.google.com/spot-vms/pricing",
as the gpuhunt code that reads it says). Shape: ``{TPU name: {GCP region: {"Location",
"On Demand (USD)", "Spot (USD)"}}}``.

Unit. The file states only "USD"; Google's TPU pricing page, which the table transcribes,
prices TPUs per chip-hour, so each value is read as USD per chip-hour
(``usd_per_gpu_hour``, one chip per row) and ``raw_unit`` keeps the file's column name
("On Demand (USD)" / "Spot (USD)"). ``gpu`` is ``canonical_gpu`` ("TPU v6e" -> TPU_V6E,
the id Epoch AI's hardware rows and MLPerf's TPU rows get), ``source_gpu`` the name as
written ("TPU v3 device" and "TPU v3 pod" stay apart there), ``region`` the GCP region.

Skipped and counted: a missing or non-numeric price.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from canon.names import canonical_gpu
from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import GpuPrice

URL = (
    "https://raw.githubusercontent.com/dstackai/gpuhunt/main/src/gpuhunt/resources/tpu_pricing.json"
)
PROVIDER = "Google Cloud"
COLUMNS = {"On Demand (USD)": "on_demand", "Spot (USD)": "spot"}


def _regions(payload: Payload) -> dict[str, dict[str, Any]]:
    origin = payload.name or payload.origin
    try:
        data = json.loads(payload.text())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{origin}: expected gpuhunt's tpu_pricing.json ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ParseError(f"{origin}: expected {{TPU name: {{region: prices}}}}")
    return data


def parse(payload: Payload) -> ParseResult:
    """One GpuPrice per TPU, region and pricing (on-demand, spot) in USD per chip-hour."""
    result = ParseResult()
    for name, regions in _regions(payload).items():
        for region, prices in regions.items():
            if not isinstance(prices, dict) or not set(COLUMNS) & set(prices):
                raise ParseError(
                    f"{payload.name}: {name} / {region}: expected {list(COLUMNS)} columns"
                )
            for column, pricing in COLUMNS.items():
                value = prices.get(column)
                if not isinstance(value, (int, float)) or isinstance(value, bool):
                    result.skip(f"missing or non-numeric {column}")
                    continue
                result.rows.append(
                    GpuPrice(
                        provider=PROVIDER,
                        gpu=canonical_gpu(name),
                        pricing=pricing,
                        usd_per_gpu_hour=float(value),
                        raw_value=float(value),
                        raw_unit=column,
                        usd_per_hour=float(value),
                        region=region,
                        source_gpu=name,
                    )
                )
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="tpu_pricing.json")]


SOURCE = Source(
    name="gcp_tpu",
    title="Google Cloud TPU prices (gpuhunt table)",
    url=URL,
    kind="json",
    license="MPL-2.0 (dstackai/gpuhunt); prices are Google Cloud's published list prices",
    attribution="dstackai/gpuhunt, src/gpuhunt/resources/tpu_pricing.json "
    "(from cloud.google.com/tpu/pricing and /spot-vms/pricing)",
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("gpuhunt-tpu/tpu_pricing.json", date(2026, 8, 19)),),
    description=(
        "Google Cloud TPU v2-v6e on-demand and spot prices by region, USD per chip-hour "
        "(Google's pricing unit; the file says only 'USD')."
    ),
)
