"""Every table-writing command of the installed ``options``, in every format, on three workspaces:
the document alone on standard output, nothing on standard error, exit 0."""

from __future__ import annotations

import csv
import io
import json

import pytest

from csv_columns import columns_for, expand, tables_of

from .conftest import FORMATS, TABLE_COMMANDS

WORKSPACES = ("sandwell", "typed", "fresh")
#: What a solver or a library would print if it reached the process's descriptors.
STRAYS = (
    "Running HiGHS",
    "Copyright (c)",
    "WeasyPrint could not",
    "Welcome to the CBC",
    "Traceback",
)


def _strict(text: str):
    def refuse(name: str):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", list(TABLE_COMMANDS))
@pytest.mark.parametrize("workspace", WORKSPACES)
def test_the_document_alone(table_run, workspaces, workspace, command, fmt):
    run = table_run(workspace, command, fmt)
    assert run.code == 0, run
    assert run.err == "", run
    assert run.out.strip(), run
    assert not any(s in run.out for s in STRAYS), run
    if fmt == "json":
        assert isinstance(_strict(run.out), dict)
    elif fmt == "csv":
        header, *rows = csv.reader(io.StringIO(run.out, newline=""))
        name, root = TABLE_COMMANDS[command][0], workspaces[workspace]
        documented = [expand(columns_for(name, t), root, rows, header) for t in tables_of(name)]
        assert header in documented, run
        assert header not in rows, run  # one header row
        assert all(len(r) == len(header) for r in rows), run
    elif fmt == "md":
        assert run.out.startswith("#"), run
    else:
        too_wide = [line for line in run.out.splitlines() if len(line) > 80]
        assert too_wide == [], run


def test_json_statement_indices_count_from_0_and_csv_numbers_from_1(table_run):
    doc = json.loads(table_run("sandwell", "infer", "json").out)
    assert [s["index"] for s in doc["statements"]][:2] == [0, 1]
    rows = list(
        csv.DictReader(
            io.StringIO(table_run("sandwell", "infer", "csv", "--table", "statements").out)
        )
    )
    assert [r["number"] for r in rows] == [str(k) for k in range(1, len(doc["statements"]) + 1)]
    text = table_run("sandwell", "infer", "text").out
    said = text.split("has said")[1].split("Weights inferred")[0]
    assert "\n0\n" not in said and "\n1\n" in said


@pytest.mark.parametrize("workspace", WORKSPACES)
def test_csv_excel_is_the_csv_after_a_byte_order_mark(options, workspaces, workspace):
    plain = options.run(
        "rank",
        "-w",
        "commissioner" if workspace != "fresh" else "example",
        "-f",
        "csv",
        cwd=workspaces[workspace],
    )
    excel = options.run(
        "rank",
        "-w",
        "commissioner" if workspace != "fresh" else "example",
        "-f",
        "csv-excel",
        cwd=workspaces[workspace],
    )
    assert plain.code == excel.code == 0 and excel.err == ""
    assert excel.out == "\ufeff" + plain.out


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "text"])
def test_output_to_a_file_is_the_same_document(options, table_run, workspaces, tmp_path, fmt):
    """-o writes the document standard output would hold, says where on standard output, and
    leaves standard error empty."""
    path = tmp_path / f"ranking.{fmt}"
    run = options.run("rank", "-w", "dfe", "-f", fmt, "-o", str(path), cwd=workspaces["sandwell"])
    assert run.code == 0 and run.err == "" and run.out == f"wrote {path}\n", run
    assert path.read_text(encoding="utf-8") == table_run("sandwell", "rank", fmt).out
