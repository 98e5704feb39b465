"""Plain tables and their renderings: aligned text, CSV, Markdown, JSON.

Commands build a :class:`Table` (for people and spreadsheets) and a plain dict (for JSON); this
module only formats them. Numbers are rounded here, never in the analysis.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .present.json import JSON_DIGITS, render_json, rounded  # noqa: F401 (moved there)

FORMATS = ("table", "csv", "json", "markdown")


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    title: str = ""
    notes: tuple[str, ...] = ()
    align_right: frozenset[int] = field(default_factory=frozenset)
    digits: int = 1


def _cell(value: Any, digits: int) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def render_text(t: Table) -> str:
    cells = [[_cell(v, t.digits) for v in row] for row in t.rows]
    widths = [len(c) for c in t.columns]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if i in t.align_right else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    out = []
    if t.title:
        out += [t.title, ""]
    out.append(line(t.columns))
    out.append("  ".join("-" * w for w in widths))
    out += [line(r) for r in cells]
    if t.notes:
        out.append("")
        out += list(t.notes)
    return "\n".join(out) + "\n"


def render_markdown(t: Table) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    out = []
    if t.title:
        out += [f"### {esc(t.title)}", ""]
    out.append("| " + " | ".join(esc(c) for c in t.columns) + " |")
    out.append(
        "|" + "|".join("---:" if i in t.align_right else "---" for i in range(len(t.columns))) + "|"
    )
    for row in t.rows:
        out.append("| " + " | ".join(esc(_cell(v, t.digits)) for v in row) + " |")
    if t.notes:
        out.append("")
        out += [esc(n) for n in t.notes]
    return "\n".join(out) + "\n"


def render_csv(t: Table) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(t.columns)
    for row in t.rows:
        writer.writerow(["" if v is None else _csv_value(v) for v in row])
    return buf.getvalue()


def _csv_value(v: Any) -> Any:
    return round(v, JSON_DIGITS) if isinstance(v, float) else v


def render(fmt: str, tables: Sequence[Table], data: Any) -> str:
    """Render several tables (or the JSON document) in one of :data:`FORMATS`."""
    if fmt == "json":
        return render_json(data)
    if fmt == "csv":
        return "\n".join(render_csv(t) for t in tables)
    if fmt == "markdown":
        return "\n".join(render_markdown(t) for t in tables)
    return "\n".join(render_text(t) for t in tables)
