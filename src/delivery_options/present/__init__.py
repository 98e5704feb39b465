"""Presentation: tables declared by results, and the renderers that turn them into text,
Markdown, CSV, JSON and pandas frames (:func:`delivery_options.present.frames.to_frame`, kept
out of this module so that importing it does not import pandas)."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import OptionsError
from .table import Column, Result, Table

# Each renderer is imported when it is used, so that a command pays only for its own format.
__all__ = ["FORMATS", "Column", "Result", "Table", "normalise_format", "pick_table", "render"]

FORMATS = ("text", "markdown", "csv", "json")
ALIASES = {"table": "text", "md": "markdown"}


def normalise_format(name: str) -> str:
    """The format's canonical name (``table`` is text, ``md`` is markdown)."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        raise OptionsError(
            f"unknown format {name!r}: choose from text (or table), markdown (or md), csv, json",
            "format",
        )
    return key


def pick_table(tables: Sequence[Table], name: str | None) -> Table:
    """The table called ``name``, or the first when no name is given."""
    if not tables:
        raise OptionsError("this result has no tables", "table")
    if name is None:
        return tables[0]
    for t in tables:
        if t.name == name:
            return t
    known = ", ".join(t.name for t in tables)
    raise OptionsError(f"unknown table {name!r}; this result has: {known}", "table")


def render(result: Result, fmt: str, width: int | None = None, table: str | None = None) -> str:
    """The result in one format. CSV holds one table (``table``, default the first); text and
    Markdown hold every table, or only ``table`` if it is given; JSON is the result's document."""
    fmt = normalise_format(fmt)
    if fmt == "json":
        from .json import render_json

        return render_json(result.document())
    tables = list(result.tables())
    if fmt == "csv":
        from .csv import render_csv

        return render_csv(pick_table(tables, table))
    if table is not None:
        tables = [pick_table(tables, table)]
    tables = [t.for_people() for t in tables]
    if fmt == "markdown":
        from .markdown import render_markdown

        return "\n".join(render_markdown(t) for t in tables)
    from .text import render_text_all, terminal_width

    return render_text_all(tables, terminal_width() if width is None else width)
