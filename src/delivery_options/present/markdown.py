"""Tables as GitHub-flavoured Markdown: a ``###`` title, a pipe table, notes as paragraphs.

Text may come from hostile files, so nothing in it may change the document's structure, make a
link or image, or reach the reader as HTML: inline text goes through
:func:`delivery_options.present.escape.markdown` (``|``, ``\\``, emphasis, code and brackets
escaped, ``<``, ``>`` and ``&`` as entities, bare addresses broken, line breaks and tabs as
spaces, other control characters U+FFFD). A note cannot start a
heading, list, quote, code block or thematic break (its first character is escaped), nor a
table (its pipes are escaped and every note is a paragraph of one line). A table cell can hold
only inline text in GFM, so cells need no more than that.
"""

from __future__ import annotations

import re

from .cells import format_cell
from .escape import markdown as inline
from .table import Table

_TITLE_ESCAPES = str.maketrans({"#": "\\#"})
# First characters that could open a block: heading, list, thematic break, setext underline,
# code fence, link reference definition, definition list.
_BLOCK_START = "#-+*=_`~[:>"
_ORDERED = re.compile(r"^(\d+)([.)])")  # an ordered-list marker


def paragraph(text: str) -> str:
    """Text for a paragraph of its own that cannot open any other block."""
    out = inline(text)
    if out and out[0] in _BLOCK_START:
        return "\\" + out
    return _ORDERED.sub(r"\1\\\2", out)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(inline(c) for c in cells) + " |"


def render_markdown(table: Table) -> str:
    """The table as Markdown, ending with a newline."""
    out = []
    title = inline(table.title).translate(_TITLE_ESCAPES)  # a closing "#" would be dropped
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
