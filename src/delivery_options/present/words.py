"""A few words of English for messages, titles and notes: counts, ordinals, possessives and
amounts in their unit."""

from __future__ import annotations

import math
import re

#: Plurals that are not the noun with an s.
PLURALS = {"criterion": "criteria", "benefit or risk": "benefits and risks"}


def counted(k: int, noun: str) -> str:
    """'1 criterion', '7 criteria', '2 findings', '1 linear program'."""
    plural = PLURALS.get(noun, noun + "s")
    return f"{k} {noun if k == 1 else plural}"


def ordinal(k: int) -> str:
    """'1st', '2nd', '3rd', '8th', '11th', '22nd'."""
    if 10 <= k % 100 <= 20:
        return f"{k}th"
    return f"{k}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th') }"


def possessive(name: str) -> str:
    """'Cabinet's', but 'Friends of Anytown Libraries'' (a name ending in s takes only the
    apostrophe)."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


#: Currency signs written before the number ("£1,850k", "£1.3m", "$40").
CURRENCY = "£$€"
#: A currency unit with a multiplier after the sign: "£k", "£m", "£bn".
_MONEY = re.compile(rf"^([{CURRENCY}])(k|m|bn|K|M|BN)$")


def plain(x: float) -> str:
    """A number as typed, with thousands separators: '1,850', '12.5', '0.035'."""
    if not math.isfinite(x) or abs(x) >= 1e15:
        return f"{x:g}"
    if x == int(x):
        return f"{int(x):,}"
    if abs(x) >= 1000:  # to the penny, not in powers of ten
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{x:.6g}"


def amount(x: float, unit: str = "") -> str:
    """A raw value in its unit, as a council paper writes it: '£1,850k' for £k, '£40' for £,
    '12 months', '40%', or the number alone when there is no unit."""
    text, unit = plain(x), unit.strip()
    if not unit:
        return text
    if unit in CURRENCY:
        return f"-{unit}{text[1:]}" if text.startswith("-") else f"{unit}{text}"
    if money := _MONEY.match(unit):
        sign, scale = money.groups()
        body = text[1:] if text.startswith("-") else text
        return f"{'-' if text.startswith('-') else ''}{sign}{body}{scale.lower()}"
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"
