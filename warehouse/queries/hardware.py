"""Questions about data-center accelerators: specs (Epoch AI), efficiency per dollar and
per watt, rental prices of the same GPU, and published hardware market shares."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from warehouse.connection import Warehouse
from warehouse.queries._sql import in_filter, latest_load, mv, query_derived

NOT_STATED = "(not stated)"
PRECISIONS = ("bf16", "fp16", "fp8")

# Epoch's one "Tensor-FP16/BF16 performance" column is stored as bf16_tflops, but chips
# before NVIDIA Ampere have FP16 tensor cores and no BF16 (NVIDIA A100 Tensor Core GPU
# Architecture whitepaper, 2020: BF16 tensor support is new in A100; Volta V100 and
# Turing T4 / RTX 20xx do FP16). Their figure is FP16 only: shown as fp16_tflops and
# blank under BF16. Name patterns (LIKE, constants):
NO_BF16_NAMES = (
    "%NVIDIA Tesla V100%",
    "%NVIDIA V100%",
    "%TITAN V%",
    "%Tesla T4%",
    "%NVIDIA T4%",
    "%RTX 20%",
    "%TITAN RTX%",
    "%Quadro RTX%",
    "%P100%",
    "%Tesla P%",
)
# Consumer parts (gaming cards) are classed apart from data-centre parts and ranked
# separately: a GeForce card's release price is a retail price of a different market.
CONSUMER_NAMES = ("%GeForce%", "%Radeon RX%", "%TITAN%")
CLASSES = ("datacenter", "consumer")


def _any_like(column: str, patterns: Sequence[str]) -> str:
    return "(" + " OR ".join(f"{column} LIKE '{pat}'" for pat in patterns) + ")"


_NO_BF16 = _any_like("name", NO_BF16_NAMES)
_CLASS = f"(CASE WHEN {_any_like('name', CONSUMER_NAMES)} THEN 'consumer' ELSE 'datacenter' END)"

# Blank vendor/type in the Epoch CSV become an explicit label, so they can be filtered.
_SPEC_COLUMNS = f"""
    accelerator, name,
    COALESCE(NULLIF(vendor, ''), '{NOT_STATED}') AS vendor,
    COALESCE(NULLIF(kind, ''), '{NOT_STATED}') AS kind,
    {_CLASS} AS market_class,
    release_date, EXTRACT(YEAR FROM release_date) AS release_year,
    price_usd, CASE WHEN {_NO_BF16} THEN NULL ELSE bf16_tflops END AS bf16_tflops,
    bf16_tflops AS fp16_tflops, fp8_tflops, fp4_tflops, int8_tops, memory_gb,
    bandwidth_tbps, tdp_w, process_nm, source_id, observed_at
"""


def _where(
    vendors: Sequence[str],
    kinds: Sequence[str],
    year_from: int | None,
    year_to: int | None,
    classes: Sequence[str] = (),
) -> tuple[str, dict]:
    vendor_sql, params = in_filter(f"COALESCE(NULLIF(vendor, ''), '{NOT_STATED}')", "v", vendors)
    kind_sql, kind_params = in_filter(f"COALESCE(NULLIF(kind, ''), '{NOT_STATED}')", "k", kinds)
    class_sql, class_params = in_filter(_CLASS, "c", classes)
    params.update(kind_params)
    params.update(class_params)
    clauses = [vendor_sql, kind_sql, class_sql]
    if year_from is not None:
        clauses.append("EXTRACT(YEAR FROM release_date) >= :year_from")
        params["year_from"] = int(year_from)
    if year_to is not None:
        clauses.append("EXTRACT(YEAR FROM release_date) <= :year_to")
        params["year_to"] = int(year_to)
    return " AND ".join(clauses), params


def specs(
    wh: Warehouse,
    vendors: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    year_from: int | None = None,
    year_to: int | None = None,
    classes: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Latest spec row per accelerator (Epoch AI), newest release first.

    TFLOP/s are dense tensor throughput as Epoch reports them; ``fp16_tflops`` is Epoch's
    FP16/BF16 tensor figure and ``bf16_tflops`` the same figure only for chips with BF16
    (``NO_BF16_NAMES``: blank for V100, RTX 2080 Ti ...). ``market_class``: datacenter |
    consumer. Memory in GB (10^9 B), bandwidth in TB/s, TDP in W, release price in USD.
    A year filter drops undated rows.
    """
    where, params = _where(vendors, kinds, year_from, year_to, classes)
    return wh.query(
        f"SELECT {_SPEC_COLUMNS} FROM latest_hardware WHERE {where} "
        "ORDER BY release_date DESC NULLS LAST, name",
        params,
    )


def filter_options(wh: Warehouse) -> pd.DataFrame:
    """Distinct (vendor, kind, release_year) with row counts, for the page's filters."""
    return wh.query(
        f"SELECT COALESCE(NULLIF(vendor, ''), '{NOT_STATED}') AS vendor, "
        f"COALESCE(NULLIF(kind, ''), '{NOT_STATED}') AS kind, "
        "EXTRACT(YEAR FROM release_date) AS release_year, COUNT(*) AS accelerators "
        "FROM latest_hardware GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    )


def efficiency(
    wh: Warehouse,
    precision: str = "bf16",
    vendors: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    year_from: int | None = None,
    year_to: int | None = None,
    classes: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Per accelerator with a ``precision`` TFLOP/s figure: TFLOP/s per 1,000 USD of release
    price, per W of TDP, and per USD/GPU-hour of the median on-demand rental price.

    The rental median is over the latest on-demand price of each provider
    (``latest_gpu_prices``) whose GPU id equals the accelerator id; ratio columns are
    NULL where the denominator is missing. ``source_id`` is the spec source,
    ``rental_sources`` the comma-separated sources of the rental prices.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS} (got {precision!r})")
    where, params = _where(vendors, kinds, year_from, year_to, classes)
    col = f"{precision}_tflops"  # checked against PRECISIONS above
    return query_derived(
        wh,
        f"""
        WITH rent AS (
            SELECT gpu,
                PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY usd_per_gpu_hour) AS rental_usd,
                COUNT(*) AS rental_providers, MAX(observed_at) AS rental_observed_at,
                STRING_AGG(DISTINCT source_id, ',' ORDER BY source_id) AS rental_sources
            FROM {mv("latest_gpu_prices")}
            WHERE pricing = 'on_demand' AND usd_per_gpu_hour > 0
            GROUP BY gpu
        ),
        spec AS (SELECT {_SPEC_COLUMNS} FROM latest_hardware WHERE {where}),
        hw AS (SELECT spec.*, {col} AS tflops FROM spec WHERE {col} > 0)
        SELECT hw.accelerator, hw.name, hw.vendor, hw.kind, hw.market_class,
            hw.release_date, hw.tflops,
            hw.price_usd, hw.tflops / (hw.price_usd / 1000.0) AS tflops_per_kusd,
            hw.tdp_w, hw.tflops / hw.tdp_w AS tflops_per_w,
            r.rental_usd AS rental_usd_per_gpu_hour, r.rental_providers,
            hw.tflops / r.rental_usd AS tflops_per_rental_usd,
            r.rental_observed_at,
            r.rental_sources, hw.source_id, hw.observed_at
        FROM hw LEFT JOIN rent r ON r.gpu = hw.accelerator
        ORDER BY hw.release_date DESC NULLS LAST, hw.name
        """,
        params,
    )


def share_groups(wh: Warehouse, segment: str = "hardware") -> pd.DataFrame:
    """Comparable groups of published shares in ``segment``: one row per (basis, period,
    market definition), with the number of companies and the newest source date."""
    return wh.query(
        f"""
        SELECT basis, period, COALESCE(market_definition, '') AS market_definition,
            COUNT(*) AS companies,
            MAX(NULLIF(source_date, '')) AS source_date
        FROM ({latest_load("market_shares")}) s
        WHERE segment = :segment
        GROUP BY 1, 2, 3
        ORDER BY COUNT(*) DESC, basis, period, 3
        """,
        {"segment": segment},
    )


def shares(
    wh: Warehouse,
    segment: str = "hardware",
    basis: str | None = None,
    period: str | None = None,
    market_definition: str | None = None,
) -> pd.DataFrame:
    """Published shares in ``segment`` (all rows, or one basis/period/definition group),
    largest first, with citation, source date, kind and note per row."""
    params: dict = {"segment": segment}
    clauses = ["segment = :segment"]
    for name, value in (("basis", basis), ("period", period)):
        if value is not None:
            clauses.append(f"{name} = :{name}")
            params[name] = value
    if market_definition is not None:
        clauses.append("COALESCE(market_definition, '') = :definition")
        params["definition"] = market_definition
    return wh.query(
        f"""
        SELECT company, share_pct, basis, period,
            COALESCE(market_definition, '') AS market_definition, citation,
            NULLIF(source_date, '') AS source_date,
            source_kind, note, source_id, observed_at
        FROM ({latest_load("market_shares")}) s
        WHERE {" AND ".join(clauses)}
        ORDER BY basis, period, market_definition, share_pct DESC, company
        """,
        params,
    )
