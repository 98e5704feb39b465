"""Cell values as the renderers need them: formatted for people, or tidy for machines."""

from __future__ import annotations

import math
import numbers
import unicodedata
from typing import Any

from .table import Column, Table

MISSING = "–"  # a missing value, for people
UNKNOWN_END = "?"  # a missing end of a range
RANGE_DASH = "–"

# Bidirectional controls: they reorder what a reader sees, so they are treated as control characters.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_control(char: str) -> bool:
    """C0, DEL, C1, line/paragraph separators, lone surrogates and bidi controls."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs") or char in _BIDI


def is_missing(value: Any) -> bool:
    """None or NaN (numpy's included)."""
    if value is None:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return False


def _pair(column: Column, value: Any) -> tuple[Any, Any]:
    if is_missing(value):
        return None, None
    try:
        low, high = value
    except (TypeError, ValueError):
        raise ValueError(
            f"column {column.key!r}: a range needs (low, high), got {value!r}"
        ) from None
    return low, high


def _number(value: Any, kind: str, digits: int) -> str:
    try:
        if kind == "int":
            text = str(value) if isinstance(value, numbers.Integral) else f"{value:.0f}"
        elif kind == "percent":
            text = f"{100 * value:.{digits}f}%"
        else:
            text = f"{value:.{digits}f}"
    except (TypeError, ValueError):
        return str(value)  # not a number after all: show it as it is
    if text.startswith("-") and not text.strip("-0.%"):
        text = text[1:]  # -0.0 rounds to 0.0, not to a negative zero
    return text


def format_cell(column: Column, value: Any) -> str:
    """The value as people read it (not yet made safe for any output)."""
    if column.kind == "range":
        low, high = _pair(column, value)
        if is_missing(low) and is_missing(high):
            return MISSING
        ends = (
            UNKNOWN_END if is_missing(v) else _number(v, column.of, column.digits)
            for v in (low, high)
        )
        return RANGE_DASH.join(ends)
    if is_missing(value):
        return MISSING
    return str(value) if column.kind == "text" else _number(value, column.kind, column.digits)


def tidy_header(table: Table) -> list[tuple[str, str]]:
    """(key, kind) of each tidy column: a range becomes ``<key>_low`` and ``<key>_high``."""
    header: list[tuple[str, str]] = []
    for c in table.columns:
        if c.kind == "range":
            header += [(f"{c.key}_low", c.of), (f"{c.key}_high", c.of)]
        else:
            header.append((c.key, c.kind))
    return header


def _tidy(value: Any, kind: str) -> Any:
    if is_missing(value):
        return None
    if kind == "text":
        return str(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return value  # not a number: left for the caller to show or refuse


def tidy_rows(table: Table) -> list[list[Any]]:
    """Rows in tidy form: ranges split, numbers as int or float, text as str, missing as None."""
    rows = []
    for row in table.rows:
        out: list[Any] = []
        for c, value in zip(table.columns, row, strict=True):
            if c.kind == "range":
                out += [_tidy(end, c.of) for end in _pair(c, value)]
            else:
                out.append(_tidy(value, c.kind))
        rows.append(out)
    return rows
