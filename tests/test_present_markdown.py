"""Markdown: a GFM pipe table whose structure no text can change, and no raw HTML."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings

from delivery_options.present.markdown import render_markdown
from delivery_options.present.table import Column, Table
from present_helpers import COLUMNS, hostile_tables, options_table

UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
# What could open a block at the start of a line: indented code (spaces or tabs, not other
# Unicode spaces, in CommonMark), heading, list, quote, code fence, break, HTML, table.
BLOCK_START = re.compile(r"^([ \t]|[#>*+=_`~\[:|<-]|\d+[.)])")


def test_worked_example():
    assert render_markdown(options_table()) == (
        "### Scores for each option, with plausible ranges\n"
        "\n"
        "| Option | Score (points) | Share of first places | Plausible range | Comment |\n"
        "|---|---:|---:|---:|---|\n"
        "| In-house delivery | 71.2 | 45.0% | 60.1–80.2 | Strong on quality, costly |\n"
        "| Outsource to a private provider | 65.0 | 30.0% | 55.0–75.0 | – |\n"
        "| Shared service with a neighbour | 0.0 | 25.0% | – | Depends on a partner |\n"
        "| Mutual | – | 0.0% | 1.0–? | New |\n"
        "\n"
        "Scores are out of 100; ranges come from 1,000 random weightings of each group.\n"
    )


def test_escaping():
    table = Table(
        "t",
        "C# & <b>bold</b> ##",
        (Column("c", "A|B"),),
        (("a|b\\|c\nnext <script>",), ("\x1b[31m\u202e",)),
        (
            "# Heading",
            "- item",
            "1. first",
            "```",
            "    code",
            "|---|",
            "<div>",
            "[x]: http://e.org",
        ),
    )
    lines = render_markdown(table).split("\n")
    assert lines[0] == "### C\\# &amp; &lt;b&gt;bold&lt;/b&gt; \\#\\#"
    assert lines[2:6] == [
        "| A\\|B |",
        "|---|",
        "| a\\|b\\\\\\|c next &lt;script&gt; |",
        "| \ufffd\\[31m\ufffd |",  # no link can open either
    ]
    notes = lines[7::2]
    assert notes == [
        "\\# Heading",
        "\\- item",
        "1\\. first",
        "\\`\\`\\`",
        "code",
        "\\|---\\|",
        "&lt;div&gt;",
        "\\[x\\]: http\\://e.org",  # no link reference, no bare link
    ]


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs")


@settings(max_examples=300, deadline=None)
@given(table=hostile_tables())
def test_hostile_text_never_changes_the_structure(table):
    out = render_markdown(table)
    assert "<" not in out and not [c for c in out if c != "\n" and _is_control(c)]
    lines = out.split("\n")
    assert lines.pop() == ""  # ends with a newline
    if lines[0].startswith("### "):
        assert lines[1] == ""
        lines = lines[2:]
    if not table.rows:  # a sentence, not a grid of headers
        assert lines == ["None."]
        return
    table_lines = [lines.pop(0) for _ in range(2 + len(table.rows))]
    assert table_lines[1] == "|---:|---|---|---:|---:|---:|"
    for line in table_lines:  # header, separator, one line per row, each with all its cells
        assert line.startswith("|") and len(UNESCAPED_PIPE.findall(line)) == len(COLUMNS) + 1
    assert len(lines) % 2 == 0 and len(lines) <= 2 * len(table.notes)
    for blank, note in zip(lines[::2], lines[1::2], strict=True):  # notes: one-line paragraphs
        assert blank == "" and note and not BLOCK_START.match(note)
