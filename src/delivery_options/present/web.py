"""A table for a web page: headings and cells formatted exactly as the text output shows them.

The page builds its tables from this with ``textContent``; the cells are already the strings
people read (``format_cell``), control characters made visible as on a terminal, so the browser
shows the same figures as ``options ... --format text``.
"""

from __future__ import annotations

from typing import Any

from .cells import format_cell
from .table import Table
from .text import visible


def web_table(table: Table) -> dict[str, Any]:
    """The table's people columns, its title, notes and formatted cells, as plain JSON."""
    t = table.for_people()
    return {
        "name": t.name,
        "title": visible(t.title),
        "notes": [visible(n) for n in t.notes],
        "empty": visible(t.no_rows),  # shown instead of the table when it has no rows
        "columns": [{"label": visible(c.heading), "numeric": c.numeric} for c in t.columns],
        "rows": [
            [visible(format_cell(c, v)) for c, v in zip(t.columns, row, strict=True)]
            for row in t.rows
        ],
    }
