"""Money amounts: `1.75T` in, "$1.75 trillion" out."""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

_SUFFIX = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
# A number with optional thousands separators and decimals, then an optional scale letter.
_AMOUNT_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*([KMBT]?)", re.IGNORECASE)
_SCALES = ((10**6, "million"), (10**9, "billion"), (10**12, "trillion"))
# Enough digits for any amount `parse_amount` accepts (40 characters, then a scale of up
# to 10**12), so scaling and rounding are exact instead of failing past the default 28.
_DIGITS = 60
# Symbols only where one is unambiguous for these currencies; others show their ISO code.
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥", "INR": "₹"}


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
    with localcontext(prec=_DIGITS):
        return number * _SUFFIX[suffix.upper()]


def _plain(number: Decimal) -> str:
    """Decimal without trailing zeros or exponent: 1.750 → 1.75, 2500 → 2,500."""
    text = format(number.normalize(), ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: Decimal) -> str:
    """A figure as said aloud: 1.75 trillion, 38 million, 250,000."""
    with localcontext(prec=_DIGITS):
        return _said(value)


def _said(value: Decimal) -> str:
    scales = [i for i, (scale, _) in enumerate(_SCALES) if abs(value) >= scale]
    if scales:
        i = scales[-1]
        figure = round(value / _SCALES[i][0], 2)
        # 999,999,999 would round to "1000 million": a reader says "1 billion".
        if abs(figure) >= 1000 and i + 1 < len(_SCALES):
            i += 1
            figure = round(value / _SCALES[i][0], 2)
        return f"{_plain(figure)} {_SCALES[i][1]}"
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
