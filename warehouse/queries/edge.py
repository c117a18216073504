"""Questions about on-device AI: NPUs and their stated TOPS, published on-device LLM
measurements, and device memory figures stated in the data (curated reference tables)."""

from __future__ import annotations

import pandas as pd

from market.edge_fit import memory_figures_gb
from warehouse.connection import Warehouse
from warehouse.queries._sql import in_filter, latest_load

INT8_BASIS = "INT8 (stated as INT8, dense)"
STATED_BASIS = "Headline TOPS as stated (precision varies, see note)"
NO_TOPS = "No TOPS published"


def accelerators(wh: Warehouse, vendors: tuple[str, ...] = ()) -> pd.DataFrame:
    """NPUs with the TOPS figure to show and its basis.

    ``tops`` is ``int8_tops`` where the source states INT8 (dense), else the headline
    ``npu_tops_stated`` (any precision, sparse or dense; ``note`` says which), else NULL.
    ``tops_basis`` names which one it is, so figures of different precisions are never
    shown as comparable without saying so. Largest TOPS first, then vendor and chip.
    """
    where, params = in_filter("vendor", "v", vendors)
    return wh.query(
        f"""
        SELECT vendor, chip, device_family, npu_name, NULLIF(release_date, '') AS release_date,
            COALESCE(int8_tops, npu_tops_stated) AS tops,
            CASE WHEN int8_tops IS NOT NULL THEN '{INT8_BASIS}'
                 WHEN npu_tops_stated IS NOT NULL THEN '{STATED_BASIS}'
                 ELSE '{NO_TOPS}' END AS tops_basis,
            int8_tops, npu_tops_stated, memory_note, typical_devices, citation,
            NULLIF(source_date, '') AS source_date, source_kind, note, source_id, observed_at
        FROM ({latest_load("edge_accelerators")}) a
        WHERE {where}
        ORDER BY tops DESC NULLS LAST, vendor, chip
        """,
        params,
    )


def vendors(wh: Warehouse) -> pd.DataFrame:
    """Vendors in edge_accelerators with their number of chips."""
    return wh.query(
        f"SELECT vendor, COUNT(*) AS chips FROM ({latest_load('edge_accelerators')}) a "
        "WHERE vendor IS NOT NULL GROUP BY vendor ORDER BY vendor"
    )


def benchmarks(wh: Warehouse, engines: tuple[str, ...] = ()) -> pd.DataFrame:
    """Published on-device LLM measurements: TTFT (s) and output tokens/s per device x
    model, with precision, engine, prompt length and citation. Sorted for charting."""
    where, params = in_filter("engine", "e", engines)
    return wh.query(
        f"""
        SELECT device, chip, model, params_b, precision, engine, prompt_tokens, ttft_s,
            output_tokens_per_s, citation, NULLIF(source_date, '') AS source_date,
            source_kind, note, source_id, observed_at
        FROM ({latest_load("edge_benchmarks")}) b
        WHERE {where}
        ORDER BY params_b NULLS LAST, model, precision, device
        """,
        params,
    )


def engines(wh: Warehouse) -> pd.DataFrame:
    """Engines in edge_benchmarks with their number of measurements, most first."""
    return wh.query(
        f"SELECT engine, COUNT(*) AS measurements FROM ({latest_load('edge_benchmarks')}) b "
        "WHERE engine IS NOT NULL GROUP BY engine ORDER BY COUNT(*) DESC, engine"
    )


def memory_presets(wh: Warehouse) -> pd.DataFrame:
    """Device memory capacities (GB) stated in the data, one row per figure.

    Read from ``edge_accelerators.memory_note`` and from ``edge_benchmarks.device`` names
    that state a capacity (e.g. "32 GB DRAM"); bandwidths are ignored. Columns: label,
    memory_gb, device, stated (the text the figure was read from), field, citation,
    source_date.
    """
    texts = wh.query(
        f"""
        SELECT chip AS device, memory_note AS stated, 'edge_accelerators.memory_note' AS field,
            citation, NULLIF(source_date, '') AS source_date
        FROM ({latest_load("edge_accelerators")}) a WHERE memory_note LIKE '%GB%'
        UNION ALL
        SELECT DISTINCT device, device, 'edge_benchmarks.device', citation,
            NULLIF(source_date, '')
        FROM ({latest_load("edge_benchmarks")}) b WHERE device LIKE '%GB%'
        ORDER BY 1
        """
    )
    rows = [
        {**record, "memory_gb": gb, "label": _preset_label(record["device"], record["stated"], gb)}
        for record in texts.to_dict("records")
        for gb in memory_figures_gb(record["stated"])
    ]
    columns = ["label", "memory_gb", "device", "stated", "field", "citation", "source_date"]
    out = pd.DataFrame(rows, columns=columns)
    return out.drop_duplicates("label").reset_index(drop=True)


def _preset_label(device: str, stated: str, gb: float) -> str:
    """ "A17 Pro: 8 GB"; a device name that already states its memory is kept as is;
    "up to" figures are marked as the largest configuration."""
    if device == stated:
        return device
    suffix = " (largest configuration)" if f"up to {gb:g} GB" in stated else ""
    return f"{device}: {gb:g} GB{suffix}"
