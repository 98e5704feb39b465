"""Tables as GitHub-flavoured Markdown: a ``###`` title, a pipe table, notes as paragraphs.

Text may come from hostile files, so nothing in it may change the document's structure or reach
the reader as HTML: ``|`` and ``\\`` are escaped, ``<``, ``>`` and ``&`` become entities, line
breaks and tabs become spaces and other control characters U+FFFD. A note cannot start a
heading, list, quote, code block or thematic break (its first character is escaped), nor a
table (its pipes are escaped and every note is a paragraph of one line). A table cell can hold
only inline text in GFM, so cells need no more than that.
"""

from __future__ import annotations

import re

from .cells import format_cell, is_control
from .table import Table

_SPACES = {"\t": " ", "\n": " ", "\r": " ", "\u2028": " ", "\u2029": " "}
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "|": "\\|"})
_TITLE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "|": "\\|", "#": "\\#"}
)
# First characters that could open a block: heading, list, thematic break, setext underline,
# code fence, link reference definition, definition list.
_BLOCK_START = "#-+*=_`~[:"
_ORDERED = re.compile(r"^(\d+)([.)])")  # an ordered-list marker


def _one_line(text: str) -> str:
    if text.isprintable():
        return text.strip(" ")
    plain = "".join(_SPACES.get(c) or ("\ufffd" if is_control(c) else c) for c in text)
    return plain.strip(" ")  # leading spaces could make a code block


def inline(text: str) -> str:
    """Text for a table cell: one line, no raw HTML, no pipe or backslash read as syntax."""
    return _one_line(text).translate(_ESCAPES)


def paragraph(text: str) -> str:
    """Text for a paragraph of its own that cannot open any other block."""
    plain = _one_line(text)
    out = plain.translate(_ESCAPES)
    if plain and plain[0] in _BLOCK_START:
        return "\\" + out
    return _ORDERED.sub(r"\1\\\2", out)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(inline(c) for c in cells) + " |"


def render_markdown(table: Table) -> str:
    """The table as Markdown, ending with a newline."""
    out = []
    title = _one_line(table.title).translate(_TITLE_ESCAPES)  # a closing "#" would be dropped
    if title:
        out += [f"### {title}", ""]
    if not table.rows:  # a sentence, not a grid of headers
        return "\n".join([*out, paragraph(table.no_rows)]) + "\n"
    out.append(_row([c.heading for c in table.columns]))
    out.append("|" + "|".join("---:" if c.numeric else "---" for c in table.columns) + "|")
    for row in table.rows:
        out.append(_row([format_cell(c, v) for c, v in zip(table.columns, row, strict=True)]))
    out += [f"\n{p}" for p in map(paragraph, table.notes) if p]
    return "\n".join(out) + "\n"
