"""One table as tidy CSV for spreadsheets and scripts.

A header row of column keys, then one line per row. Numbers are written plainly (floats rounded
to six decimals) and never quoted or altered; a missing value is an empty field; a range column
becomes ``<key>_low`` and ``<key>_high``. Every text field is quoted, and text that a spreadsheet
would evaluate as a formula is prefixed with a single quote (OWASP's advice on CSV injection).
``csv-excel`` is the same text after a UTF-8 byte-order mark: Excel on Windows reads a CSV file
without one in the system's code page, turning "£" into "Â£".
"""

from __future__ import annotations

import math
from typing import Any

from .cells import tidy_header, tidy_rows
from .table import Table

#: Decimal places kept for floats.
CSV_DIGITS = 6

#: A text field starting with one of these is read as a formula by some spreadsheet (OWASP lists
#: = + - @ tab and carriage return; NUL and line feed are added as they are as cheap to refuse).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def neutralise(text: str) -> str:
    """Text that a spreadsheet shows instead of evaluating."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        text = f"{value:.{CSV_DIGITS}f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    from .escape import csv as csv_text

    text = csv_text(value)
    return '"' + text.replace('"', '""') + '"'


def render_csv(table: Table) -> str:
    """The table as CSV text with ``\\n`` line endings."""
    lines = [[_field(key) for key, _ in tidy_header(table)]]
    lines += [[_field(v) for v in row] for row in tidy_rows(table)]
    return "".join(",".join(line) + "\n" for line in lines)


#: The UTF-8 byte-order mark, by which Excel recognises a CSV file as UTF-8.
BOM = "\ufeff".encode()


def for_excel(text: str) -> bytes:
    """CSV text as UTF-8 bytes after a byte-order mark, as Excel reads it."""
    return BOM + text.encode("utf-8")
