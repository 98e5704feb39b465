"""Tidy CSV and pandas frames: plain numbers, split ranges, no formula a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import math
import subprocess
import sys

from hypothesis import given, settings

from conftest import ROOT
from delivery_options.present import escape
from delivery_options.present.csv import FORMULA_START, render_csv
from delivery_options.present.frames import to_frame
from delivery_options.present.table import Column, Table
from present_helpers import COLUMNS, hostile_tables, options_table

#: What OWASP says a spreadsheet may read as the start of a formula.
OWASP = ("=", "+", "-", "@", "\t", "\r")


def _parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_tidy_header_numbers_and_ranges():
    rows = _parse(render_csv(options_table()))
    assert rows[0] == ["option", "score", "share", "range_low", "range_high", "comment"]
    assert rows[1] == [
        "In-house delivery",
        "71.234",
        "0.45",
        "60.1",
        "80.2",
        "Strong on quality, costly",
    ]
    assert rows[2][1:5] == ["65", "0.3", "55", "75"]
    assert rows[3][1:6] == ["-0.01", "0.25", "", "", "Depends on a partner"]
    assert rows[4][1:5] == ["", "0", "1", ""]  # NaN and a missing end are empty
    for row in rows[1:]:  # numeric fields parse as numbers
        assert all(isinstance(float(v), float) for v in row[1:5] if v)


def test_rounding_negative_zero_and_non_finite():
    table = Table(
        "t",
        "",
        (Column("x", "X", "number"), Column("n", "N", "int")),
        ((1 / 3, 7), (-1e-9, -2), (math.inf, None), (1e20, 0)),
    )
    assert render_csv(table) == (
        '"x","n"\n0.333333,7\n0,-2\n,\n100000000000000000000,0\n'
    )  # numbers plain and unquoted, negative numbers never neutralised


def test_formulas_are_neutralised_and_quotes_doubled():
    cells = ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx", 'say "hi"', "ok, fine"]
    table = Table("t", "", (Column("c", "C"),), tuple((c,) for c in cells))
    parsed = [row[0] for row in _parse(render_csv(table))[1:]]
    # a carriage return is a control, shown as an escape like the terminal's (then no formula)
    assert parsed == ["'" + c for c in cells[:5]] + ["\\rx"] + cells[6:]


@settings(max_examples=300, deadline=None)
@given(table=hostile_tables())
def test_hostile_text_never_changes_the_structure(table):
    rows = _parse(render_csv(table))
    assert len(rows) == 1 + len(table.rows)
    assert all(len(row) == len(COLUMNS) + 1 for row in rows)  # the range is two columns
    for row, original in zip(rows[1:], table.rows, strict=True):
        for field, value in zip(row[1:3], original[1:3], strict=True):  # the text cells
            shown = escape.controls(value, keep="\n\t")  # ESC, BEL, bidi shown as escapes
            assert field == shown or field == "'" + shown and shown.startswith(FORMULA_START)
        for field in row:
            if field.startswith(OWASP):
                float(field)  # only a number may start like a formula


def test_frame_has_the_tidy_columns_and_numeric_dtypes():
    frame = to_frame(options_table())
    assert frame.index.name == "option" and list(frame.index)[0] == "In-house delivery"
    assert list(frame.columns) == ["score", "share", "range_low", "range_high", "comment"]
    assert all(
        str(frame[c].dtype) == "float64" for c in ["score", "share", "range_low", "range_high"]
    )
    assert math.isnan(frame.loc["Mutual", "score"]) and frame.loc["Mutual", "range_low"] == 1.0
    assert frame.loc["Outsource to a private provider", "comment"] is None
    ints = to_frame(
        Table("t", "", (Column("n", "N", "int"), Column("m", "M", "int")), ((1, 2), (3, None)))
    )
    assert str(ints["n"].dtype) == "int64" and str(ints["m"].dtype) == "float64"
    assert ints.index.name is None  # no key column, no index


def test_present_does_not_import_pandas():
    code = (
        "import sys\n"
        "import delivery_options.present, delivery_options.present.frames\n"
        "print('pandas' in sys.modules)\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert res.stdout.strip() == "False"


def test_csv_excel_starts_with_a_byte_order_mark_and_keeps_pound_and_dash(tiny, run, tmp_path):
    """Excel on Windows reads a CSV file as UTF-8 only after a byte-order mark; read back as
    Excel does (utf-8-sig), "£" and "–" come through, in a file and on standard output."""
    alpha = tiny / "options" / "alpha.toml"
    alpha.write_text(alpha.read_text().replace('"Alpha"', '"Alpha – £2m a year"'))
    out = tmp_path / "rank.csv"
    res = run("rank", "-p", str(tiny), "-w", "even", "-f", "csv-excel", "-o", str(out))
    assert res.exit_code == 0, res.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["rank", "option", "number", "name"]
    assert "Alpha – £2m a year" in [r[3] for r in rows[1:]]
    plain = run("rank", "-p", str(tiny), "-w", "even", "-f", "csv")
    assert data == b"\xef\xbb\xbf" + plain.stdout.encode("utf-8")
    assert run("rank", "-p", str(tiny), "-w", "even", "-f", "csv-excel").stdout_bytes == data
