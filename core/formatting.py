"""Dutch number, amount and date notation for reports (independent of the request's locale)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

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


def format_month(value: date) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}"
