"""Money amounts: `1.75T` in, "$1.75 trillion" out."""

from __future__ import annotations

import re
from decimal import Decimal

_SUFFIX = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
# A number with optional thousands separators and decimals, then an optional scale letter.
_AMOUNT_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*([KMBT]?)", re.IGNORECASE)
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹"}


def parse_amount(text: str) -> Decimal | None:
    """`800B` → 800000000000; None if `text` is not an amount."""
    # Bounded length keeps this linear and stops absurd precision in its tracks.
    text = text.strip()
    if len(text) > 40:
        return None
    match = _AMOUNT_RE.fullmatch(text)
    if not match:
        return None
    whole, decimals, suffix = match.groups()
    number = Decimal(whole.replace(",", "") + (decimals or ""))
    return number * _SUFFIX[suffix.upper()]


def _plain(number: Decimal) -> str:
    """Decimal without trailing zeros or exponent: 1.750 → 1.75, 800 → 800."""
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: Decimal) -> str:
    """A figure as said aloud: 1.75 trillion, 38 million, 250,000."""
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{_plain(round(value / scale, 2))} {word}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_money(value: Decimal, currency: str = "USD") -> str:
    symbol = SYMBOLS.get(currency.upper())
    figure = format_number(value)
    return f"{symbol}{figure}" if symbol else f"{currency.upper()} {figure}"


def format_range(low: Decimal, high: Decimal, currency: str = "USD") -> str:
    """`$800 billion–$1 trillion`, or one amount where low equals high."""
    if low == high:
        return format_money(low, currency)
    return f"{format_money(low, currency)}–{format_money(high, currency)}"
