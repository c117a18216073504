"""ECB reference rates: whole rows from the bundled eurofxref-hist.zip, the USD/CNY cross
rate of the day, the rate picked for a date (weekends take the Friday rate, no rate
older than a week), N/A days counted, a renamed column failing the source clearly."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import pytest

from ingest.base import ParseError, Payload
from ingest.fx import FxRates, UsdRate
from ingest.rows import FxRate
from ingest.sources.ecb_fx import SOURCE, parse

NOW = datetime(2026, 10, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def rows() -> list[FxRate]:
    (snap,) = SOURCE.load_snapshot()
    return parse(snap).rows


def _csv(text: str, zipped: bool = True) -> Payload:
    data = text.encode()
    if zipped:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("eurofxref-hist.csv", data)
        data = buf.getvalue()
    return Payload(data, NOW, "test", "eurofxref-hist.zip")


def test_whole_rows_of_the_newest_day(rows: list[FxRate]) -> None:
    assert rows[:2] == [
        FxRate(
            currency="USD", units_per_eur=1.1172, usd_per_unit=1.0, observed_at=date(2026, 10, 30)
        ),
        FxRate(
            currency="CNY",
            units_per_eur=7.4326,
            usd_per_unit=1.1172 / 7.4326,
            observed_at=date(2026, 10, 30),
        ),
    ]


def test_counts_and_na_days(rows: list[FxRate]) -> None:
    (snap,) = SOURCE.load_snapshot()
    result = parse(snap)
    usd = [r for r in rows if r.currency == "USD"]
    cny = [r for r in rows if r.currency == "CNY"]
    assert len(usd) == 7126  # every ECB day since 1999-01-04
    assert len(cny) == 7126 - 1599  # the ECB quotes CNY from 2005-04-01 on
    assert result.skipped == {"no CNY rate that day (N/A)": 1599}
    assert min(r.observed_at for r in cny) == date(2005, 4, 1)


def test_the_rate_of_a_day_and_of_a_weekend(rows: list[FxRate]) -> None:
    rates = FxRates.from_rows(rows)
    thursday = rates.rate("CNY", date(2026, 8, 13))
    assert thursday == UsdRate("CNY", 1.1534 / 7.7774, date(2026, 8, 13), "ecb_fx")
    assert thursday.describe() == "USD 0.1483 per CNY (ecb_fx, rate of 2026-08-13)"
    sunday = rates.rate("CNY", datetime(2026, 8, 16, 12, tzinfo=UTC))
    assert sunday is not None and sunday.as_of == date(2026, 8, 14)  # Friday's rate
    assert rates.rate("CNY", date(2026, 11, 20)) is None  # 21 days after the newest rate
    assert "no rate (ecb_fx) within 7 days before 2026-11-20" in rates.missing_reason(
        "CNY", date(2026, 11, 20)
    )
    assert rates.rate("CNY", date(2005, 3, 1)) is None  # before the ECB quoted CNY
    assert rates.rate("JPY", date(2026, 8, 13)) is None  # not loaded
    assert rates.rate("USD", date(2026, 8, 13)).usd_per_unit == 1.0


def test_a_bare_csv_and_na_usd_day() -> None:
    text = "Date,USD,JPY,CNY,\n2026-08-14,1.16,170,7.8,\n2026-08-13,N/A,170,7.7,\n"
    result = parse(_csv(text, zipped=False))
    assert [(r.currency, r.observed_at) for r in result.rows] == [
        ("USD", date(2026, 8, 14)),
        ("CNY", date(2026, 8, 14)),
    ]
    assert result.skipped == {"no USD rate that day": 2}


def test_a_renamed_column_fails_with_the_header() -> None:
    with pytest.raises(ParseError, match=r"missing \['CNY'\]"):
        parse(_csv("Date,USD,RMB\n2026-08-14,1.16,7.8\n"))


def test_not_a_zip_of_the_rates_fails_clearly() -> None:
    with pytest.raises(ParseError, match="eurofxref-hist.csv"):
        parse(Payload(_zip_with("readme.txt"), NOW, "test", "x.zip"))
    with pytest.raises(ParseError, match="expected the ECB"):
        parse(Payload(b"PK\x03\x04 truncated", NOW, "test", "x.zip"))


def _zip_with(name: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, b"hello")
    return buf.getvalue()
