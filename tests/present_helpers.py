"""Tables and hostile text shared by the renderer tests."""

from __future__ import annotations

import math

from hypothesis import strategies as st

from delivery_options.present.table import Column, Table

#: Text that has broken renderers before: terminal escapes, Markdown and HTML syntax, formulas.
HOSTILE = (
    "\x1b[2J\x1b[31mred",
    "line one\nline two\r\nthree",
    "tab\there",
    "\x9b31m C1 CSI",
    "\x7f\x00\x07",
    "a | b | c",
    "\\|",
    "<script>alert(1)</script>",
    "&amp; &lt;",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tindented",
    "\r=1",
    "# heading",
    "### title ###",
    "- item",
    "1. first",
    "```python",
    "~~~",
    "    four spaces",
    "> quote",
    "[x]: http://example.org",
    "---",
    "|---|---|",
    "東京都の共同サービス",
    "e\u0301cole",
    "\u202eevil\u202c",
    "\u2028separator\u2029",
    "",
    " ",
)

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE) | st.text(max_size=8), max_size=4).map(" ".join),
)

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
maybe_number = st.one_of(finite, st.none(), st.just(math.nan))

COLUMNS = (
    Column("n", "No.", "int", key_column=True),
    Column("name", "Name", key_column=True),
    Column("comment", "Comment"),
    Column("score", "Score", "number", digits=2, unit="points"),
    Column("share", "Share of first places", "percent"),
    Column("range", "Plausible range", "range", of="number"),
)


@st.composite
def hostile_tables(draw: st.DrawFn) -> Table:
    """A table with hostile text in every text cell, its title and its notes."""
    rows = []
    for n in range(draw(st.integers(0, 5))):
        low, high = draw(finite), draw(finite)
        rng = draw(st.sampled_from([None, (min(low, high), max(low, high))]))
        share = draw(st.floats(0, 1) | st.none())
        rows.append((n, draw(hostile_text), draw(hostile_text), draw(maybe_number), share, rng))
    notes = tuple(draw(st.lists(hostile_text, max_size=3)))
    return Table("hostile", draw(hostile_text), COLUMNS, tuple(rows), notes)


def options_table() -> Table:
    """The worked example: four options, five columns."""
    columns = (
        Column("option", "Option", key_column=True),
        Column("score", "Score", "number", unit="points"),
        Column("share", "Share of first places", "percent"),
        Column("range", "Plausible range", "range"),
        Column("comment", "Comment"),
    )
    rows = (
        ("In-house delivery", 71.234, 0.45, (60.1, 80.2), "Strong on quality, costly"),
        ("Outsource to a private provider", 65.0, 0.3, (55, 75), None),
        ("Shared service with a neighbour", -0.01, 0.25, None, "Depends on a partner"),
        ("Mutual", math.nan, 0.0, (1, None), "New"),
    )
    notes = ("Scores are out of 100; ranges come from 1,000 random weightings of each group.",)
    return Table("scores", "Scores for each option, with plausible ranges", columns, rows, notes)


def scenarios_table() -> Table:
    """Twelve numeric columns beside two key columns."""
    columns = (
        Column("no", "No.", "int", key_column=True),
        Column("option", "Option", key_column=True),
        *(Column(f"s{i}", f"Scenario {i}", "number", digits=2) for i in range(1, 13)),
    )
    names = ("In-house", "Outsource", "Shared service", "Mutual")
    rows = tuple(
        (i + 1, name, *(round((i * 12 + j) * 1.37, 2) for j in range(12)))
        for i, name in enumerate(names)
    )
    return Table("scenarios", "Scores under twelve scenarios", columns, rows)
