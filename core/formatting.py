"""Dutch notation of numbers, amounts and dates; the Amsterdam calendar date of a moment and the
moments a day begins and ends.

One home for what letters, reports, exports and messages print, independent of the language a request
or thread has activated: ``1.234``, ``€ 12.345,00``, ``12-03-2026``, ``12-03-2026 14:05``, ``12 maart 2026``,
``maart 2026``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def format_number(value, decimals: int = 0) -> str:
    """``1234`` → ``1.234``; ``3.5`` with one decimal → ``3,5``."""
    if isinstance(value, float | Decimal) and decimals:
        text = f"{Decimal(value).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP):,.{decimals}f}"
    elif isinstance(value, float | Decimal):
        text = f"{Decimal(value).quantize(Decimal(1), ROUND_HALF_UP):,.0f}"
    else:
        text = f"{value:,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_amount(value: Decimal) -> str:
    """``Decimal("12345")`` → ``€ 12.345,00``."""
    return "€ " + format_number(Decimal(value), decimals=2)


def format_date(value: date) -> str:
    return f"{value:%d-%m-%Y}"


def format_moment(value: datetime) -> str:
    """``12-03-2026 14:05``: an aware moment in Amsterdam time (a naive one as it is)."""
    if value.tzinfo is not None:
        value = value.astimezone(AMSTERDAM)
    return f"{value:%d-%m-%Y %H:%M}"


def format_month(value: date) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}"


def dutch_date(day: date) -> str:
    """``1 juni 2026``: the long Dutch date of letters and messages."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def amsterdam_date(moment: datetime) -> date:
    """The calendar date of an aware moment in Europe/Amsterdam."""
    return moment.astimezone(AMSTERDAM).date()


def day_start(day: date) -> datetime:
    """The moment ``day`` begins in Europe/Amsterdam (00:00)."""
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM)


def day_end(day: date) -> datetime:
    """The last second of ``day`` in Europe/Amsterdam (23:59:59): the moment of a deadline on that day."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=AMSTERDAM)
