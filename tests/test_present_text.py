"""Text for a terminal: fits the width, wraps and splits sensibly, never sends control codes."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from delivery_options.present.cells import format_cell
from delivery_options.present.table import Column, Table
from delivery_options.present.text import (
    display_width,
    render_text,
    render_text_all,
    terminal_width,
    visible,
    wrap,
)
from present_helpers import hostile_tables, options_table, scenarios_table

AT_80 = """\
Scores for each option, with plausible ranges

                           Score      Share of  Plausible
Option                  (points)  first places      range  Comment
----------------------  --------  ------------  ---------  --------------------
In-house delivery           71.2         45.0%  60.1–80.2  Strong on quality,
                                                           costly

Outsource to a private      65.0         30.0%  55.0–75.0  –
provider

Shared service with a        0.0         25.0%          –  Depends on a partner
neighbour

Mutual                         –          0.0%      1.0–?  New

Scores are out of 100; ranges come from 1,000 random weightings of each group.
"""

AT_120 = """\
Scores for each option, with plausible ranges

Option                           Score (points)  Share of first places  Plausible range  Comment
-------------------------------  --------------  ---------------------  ---------------  -------------------------
In-house delivery                          71.2                  45.0%        60.1–80.2  Strong on quality, costly
Outsource to a private provider            65.0                  30.0%        55.0–75.0  –
Shared service with a neighbour             0.0                  25.0%                –  Depends on a partner
Mutual                                        –                   0.0%            1.0–?  New

Scores are out of 100; ranges come from 1,000 random weightings of each group.
"""


def _widths(text: str) -> list[int]:
    return [display_width(line) for line in text.splitlines()]


@pytest.mark.parametrize(("width", "expected"), [(80, AT_80), (120, AT_120)])
def test_worked_example(width, expected):
    out = render_text(options_table(), width)
    assert max(_widths(out)) <= width
    assert out.splitlines() == expected.splitlines()
    assert out.endswith("\n")


def test_uses_the_width_it_is_given():
    out = render_text(options_table(), 120)
    rows = [
        line for line in out.splitlines() if line.startswith(("In-house", "Outsource", "Mutual"))
    ]
    assert len(rows) == 3 and "" not in out.split("\n")[3:8]  # one line per row, no spacing
    assert max(_widths(out)) > 100  # ... and it spreads out rather than wrapping


def test_cell_formatting_by_kind():
    def cell(kind: str, value, **kw) -> str:
        return format_cell(Column("c", "C", kind, **kw), value)

    assert cell("int", 3) == "3" and cell("int", 3.0) == "3"
    assert cell("number", 2 / 3, digits=3) == "0.667"
    assert cell("number", -0.01) == "0.0"  # no negative zero
    assert cell("percent", 0.256) == "25.6%"
    assert cell("range", (0.1, 0.25), of="percent", digits=0) == "10%–25%"
    assert cell("range", (1, None)) == "1.0–?"
    assert [cell(k, v) for k, v in [("number", None), ("number", math.nan), ("text", None)]] == [
        "–"
    ] * 3
    assert cell("range", None) == "–" and cell("range", (None, math.nan)) == "–"


def test_twelve_columns_split_into_blocks_at_80():
    out = render_text(scenarios_table(), 80)
    assert max(_widths(out)) <= 80
    blocks = out.split("\n(continued)\n")
    assert len(blocks) == 2
    for block in blocks:
        lines = block.strip("\n").splitlines()
        rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
        assert lines[rule - 1].startswith("No.  Option")  # the keys repeated in every block
        rows = [line for line in lines[rule + 1 :] if line]
        assert [r.split()[:2] for r in rows][:2] == [["1", "In-house"], ["2", "Outsource"]]
    assert "Scenario" in blocks[0] and "12" in blocks[1].splitlines()[1]
    assert [block.count("Scenario") for block in blocks] == [6, 6]


def test_blocks_share_the_columns_evenly():
    # at 90 columns seven scenarios would fit in the first block, leaving five for the second
    blocks = render_text(scenarios_table(), 90).split("\n(continued)\n")
    assert [block.count("Scenario") for block in blocks] == [6, 6]


def test_twelve_columns_do_not_split_at_200():
    out = render_text(scenarios_table(), 200)
    assert "(continued)" not in out
    lines = out.splitlines()
    assert lines[2].startswith("No.  Option") and lines[2].endswith("Scenario 12")
    assert len(lines) == 2 + 2 + 4  # title, blank, header, rule, four rows


def test_headers_wrap_at_words_and_sit_on_the_rule():
    table = Table(
        "t",
        "",
        (
            Column("o", "Option", key_column=True),
            Column("p", "Probability of being ranked first", "percent"),
        ),
        (("A", 0.5), ("B", 0.25)),
    )
    lines = render_text(table, 24).splitlines()
    assert lines == [
        "        Probability of",
        "          being ranked",
        "Option           first",
        "------  --------------",
        "A                50.0%",
        "B                25.0%",
    ]


def test_text_cells_wrap_at_words_and_long_words_are_cut():
    assert wrap("the quick brown fox", 10) == ["the quick", "brown fox"]
    assert wrap("abcdefghijklmnop xy", 6) == ["abcdef", "ghijkl", "mnop", "xy"]
    assert wrap("東京都庁舎", 5) == ["東京", "都庁", "舎"]  # never half a wide character
    assert wrap("short", 10) == ["short"]


def test_cjk_and_combining_widths():
    assert display_width("東京") == 4 and display_width("ｶﾀｶﾅ") == 4
    assert display_width("e\u0301cole") == 5 and display_width("\u200b") == 0
    assert display_width("\u00ad") == 1  # a soft hyphen is shown, as wcwidth counts it
    table = Table(
        "t",
        "",
        (Column("o", "Option"), Column("s", "Score", "number")),
        (("東京都の共同サービス", 1.0), ("e\u0301cole", 22.0), ("Outsource", 333.0)),
    )
    out = render_text(table, 40)
    lines = out.splitlines()
    assert max(_widths(out)) <= 40
    # the numbers line up in display columns, whatever the script before them
    assert len({display_width(line) for line in lines[1:]}) == 1


def test_control_characters_are_shown_not_sent():
    text = "\x1b[31mred\rover\nnext\x9b\x7f\x00\u202eevil\u2028"
    assert visible(text) == "\\x1b[31mred\\rover\\nnext\\x9b\\x7f\\x00\\u202eevil\\u2028"
    table = Table(
        "t", "Title\x1b]0;pwned\x07", (Column("o", "Option\x1b"),), ((text,),), ("n\x1b",)
    )
    out = render_text(table, 80)
    assert "\x1b" not in out and "\r" not in out and "\x9b" not in out and "\u202e" not in out
    assert out.count("\n") == len(out.splitlines())  # no newline but those between lines
    assert "\\x1b[31mred" in out and "Title\\x1b]0;pwned\\x07" in out


def test_title_and_notes_wrap_to_the_width():
    table = replace(options_table(), title="A title " * 12, notes=("First note. " * 10, "Second."))
    out = render_text(table, 50)
    assert max(_widths(out)) <= 50
    paragraphs = out.split("\n\n")
    assert paragraphs[0].count("\n") >= 1  # the title wrapped
    assert paragraphs[-1] == "Second.\n" and paragraphs[-2].startswith("First note.")


def test_narrow_widths_break_words_but_never_numbers():
    # two key columns cut to two characters, then a five-character number: 13 columns at least
    out = render_text(scenarios_table(), 13)
    assert max(_widths(out)) == 13 and "64.39" in out and "(continued)" in out
    out = render_text(scenarios_table(), 10)  # cannot fit: overflows as little as it can
    assert max(_widths(out)) == 13 and "64.39" in out
    assert render_text(Table("e", "Empty", (), ()), 80) == "Empty\n\nNone.\n"


def test_a_table_with_no_rows_is_a_sentence_not_a_grid():
    from dataclasses import replace

    from delivery_options.present.csv import render_csv
    from delivery_options.present.markdown import render_markdown

    cols = (Column("a", "Alpha"), Column("b", "Beta", "number"))
    t = Table("e", "Nothing here", cols, (), notes=("About the rows.",), empty="None, because.")
    assert render_text(t, 80) == "Nothing here\n\nNone, because.\n"
    assert render_markdown(t) == "### Nothing here\n\nNone, because.\n"
    assert render_csv(t) == '"a","b"\n'  # a machine still gets the header
    assert render_text(replace(t, empty=""), 80) == "Nothing here\n\nNone.\n"
    assert render_markdown(replace(t, empty="# not a heading")) == (
        "### Nothing here\n\n\\# not a heading\n"
    )


def test_render_text_all_and_terminal_width(monkeypatch):
    a, b = options_table(), scenarios_table()
    assert render_text_all([a, b], 80) == render_text(a, 80) + "\n" + render_text(b, 80)
    monkeypatch.setenv("COLUMNS", "132")
    assert terminal_width() == 132
    monkeypatch.delenv("COLUMNS")
    assert terminal_width() >= 1  # the terminal, or 80 when there is none


@pytest.mark.parametrize("columns", [None, "132", "0", "-5", "wide", ""])
def test_terminal_width_is_what_shutil_would_say(monkeypatch, columns):
    import shutil

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_width() == shutil.get_terminal_size((80, 24)).columns


def _is_control(char: str) -> bool:
    bidi = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    return unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs") or char in bidi


def _logical_rows(out: str) -> list[list[int]]:
    """The row numbers (the "No." key column) each block shows, one per row's first line."""
    blocks = []
    for block in out.split("\n(continued)\n"):
        lines = block.strip("\n").split("\n")
        rule = next(i for i, line in enumerate(lines) if re.fullmatch(r"-+( +-+)*", line))
        key_width = len(lines[rule].split(" ")[0])  # the "No." column comes first
        body = [line for line in lines[rule + 1 :] if line]
        starts = [line[:key_width] for line in body if line[:key_width].strip()]
        blocks.append([int(s) for s in starts])
    return blocks


@settings(max_examples=300, deadline=None)
@given(table=hostile_tables(), width=st.integers(40, 160))
def test_hostile_text_never_changes_the_structure(table, width):
    out = render_text(table, width)
    assert out.endswith("\n")
    assert not [c for c in out if c != "\n" and _is_control(c)]
    assert max(_widths(out)) <= width
    # The title and notes only add lines around the table: the table itself is unchanged.
    bare = render_text(replace(table, title="", notes=()), width)
    assert bare in out
    if not table.rows:  # a sentence, not a grid of headers
        assert bare == render_text(replace(table, title=""), width) == "None.\n"
        return
    blocks = _logical_rows(bare)
    assert all(rows == list(range(len(table.rows))) for rows in blocks)
