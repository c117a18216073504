"""Stated, dated exchange rates for prices published in another currency than USD.

A price list in CNY stays CNY in ``raw_value``; its ``usd_per_mtok`` is computed only with
a reference rate that has a date and a source: the ECB euro foreign exchange reference
rate (``ecb_fx``, table ``fx_rates``) of the price's own day, or of the newest ECB
publication day before it when that day had none (weekends, TARGET holidays), at most
``MAX_GAP_DAYS`` earlier. Without such a rate the price is counted and skipped, never
converted with a guessed one.

Parsers stay pure: a source that needs rates declares ``Source.parse_fx(payload, rates)``
and the runner hands it the rates stored in the warehouse (``load``); tests build
``FxRates`` from the stored ECB payload.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from ingest.rows import FxRate
from warehouse.connection import Session

# An ECB rate older than this many days before the price's date is not "the rate of the
# day": the price is skipped instead (the ECB publishes every TARGET working day, so a
# normal gap is at most 4 days, e.g. over Easter).
MAX_GAP_DAYS = 7


@dataclass(frozen=True)
class UsdRate:
    """USD per 1 unit of ``currency`` on ``as_of`` (the rate's own date), from ``source``."""

    currency: str
    usd_per_unit: float
    as_of: date
    source: str

    def describe(self) -> str:
        """E.g. "USD 0.1483 per CNY (ecb_fx, rate of 2026-08-13)"."""
        return (
            f"USD {self.usd_per_unit:.4f} per {self.currency} "
            f"({self.source}, rate of {self.as_of.isoformat()})"
        )


class FxRates:
    """Rates per currency, sorted by date: ``rate(currency, on)`` picks the rate of ``on``
    or of the newest earlier publication day within ``MAX_GAP_DAYS``."""

    def __init__(self, rows: pd.DataFrame, source: str = "ecb_fx") -> None:
        """``rows``: columns currency, observed_at (the rate's date), usd_per_unit."""
        self.source = source
        self._by_currency: dict[str, tuple[list[date], list[float]]] = {}
        if rows.empty:
            return
        frame = rows.assign(day=pd.to_datetime(rows["observed_at"]).dt.date)
        frame = frame.sort_values("day").drop_duplicates(["currency", "day"], keep="last")
        for currency, group in frame.groupby("currency"):
            self._by_currency[str(currency)] = (
                list(group["day"]),
                [float(v) for v in group["usd_per_unit"]],
            )

    @classmethod
    def from_rows(cls, rows: Iterable[FxRate], source: str = "ecb_fx") -> FxRates:
        """Rates from parsed ``FxRate`` rows (e.g. ``ecb_fx.parse``), as ``load`` would
        read them back from the warehouse."""
        frame = pd.DataFrame(
            [(r.currency, r.observed_at, r.usd_per_unit) for r in rows],
            columns=["currency", "observed_at", "usd_per_unit"],
        )
        return cls(frame, source=source)

    @classmethod
    def empty(cls) -> FxRates:
        return cls(pd.DataFrame(columns=["currency", "observed_at", "usd_per_unit"]))

    def __bool__(self) -> bool:
        return bool(self._by_currency)

    def currencies(self) -> list[str]:
        return sorted(self._by_currency)

    def span(self, currency: str) -> tuple[date, date] | None:
        """First and last date with a rate for ``currency`` (None: no rate at all)."""
        days = self._by_currency.get(currency, ([], []))[0]
        return (days[0], days[-1]) if days else None

    def rate(self, currency: str, on: date | datetime) -> UsdRate | None:
        """The stated rate for ``currency`` on ``on`` (see the class doc), or None."""
        day = on.date() if isinstance(on, datetime) else on
        if currency == "USD":
            return UsdRate("USD", 1.0, day, self.source)
        days, values = self._by_currency.get(currency, ([], []))
        i = bisect_right(days, day) - 1
        if i < 0 or (day - days[i]).days > MAX_GAP_DAYS:
            return None
        return UsdRate(currency, values[i], days[i], self.source)

    def missing_reason(self, currency: str, on: date | datetime) -> str:
        """Why ``rate`` gave None, in words for the skipped-rows count."""
        day = on.date() if isinstance(on, datetime) else on
        span = self.span(currency)
        if span is None:
            return f"{currency} price without a stated, dated USD rate (no {currency} rate loaded)"
        return (
            f"{currency} price without a stated, dated USD rate: no rate ({self.source}) within "
            f"{MAX_GAP_DAYS} days before {day.isoformat()} (rates span {span[0]} to {span[1]})"
        )


def load(session: Session) -> FxRates:
    """The rates stored in ``fx_rates`` (every source; the ECB's is the only one)."""
    rows = session.query(
        "SELECT currency, observed_at, usd_per_unit, source_id FROM fx_rates "
        "ORDER BY currency, observed_at"
    )
    sources = sorted(set(rows["source_id"])) if not rows.empty else []
    return FxRates(rows, source=", ".join(sources) or "ecb_fx")
