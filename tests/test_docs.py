"""docs/output.md says what each command writes; check it against the commands themselves."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT

ARGS = {
    "rank": ["-w", "commissioner"],
    "sensitivity": ["-w", "commissioner"],
    "infer": ["-w", "commissioner"],
    "smaa": ["-n", "500"],
    "value": ["-w", "commissioner"],
}


def _documented() -> dict[str, tuple[list[str], list[str]]]:
    rows = {}
    text = (ROOT / "docs" / "output.md").read_text().split("## CSV columns")[0]
    for line in text.splitlines():
        m = re.match(r"\| `(\w+)` \| ([^|]+) \| ([^|]+) \|$", line)
        if m:
            keys = [k.strip() for k in m.group(2).split(",")]
            tables = [t.strip() for t in m.group(3).split(",")]
            rows[m.group(1)] = (keys, tables)
    return rows


DOCUMENTED = _documented()


def test_every_command_that_writes_json_is_documented():
    from delivery_options.cli import cli

    writes = {n for n, c in cli.commands.items() if any(p.name == "fmt" for p in c.params)}
    assert writes == set(DOCUMENTED)


@pytest.mark.parametrize("command", sorted(DOCUMENTED))
def test_documented_json_keys_and_tables(run, command):
    keys, tables = DOCUMENTED[command]
    res = run(command, "-p", str(ROOT), *ARGS.get(command, []), "-f", "json")
    assert res.exit_code == 0, res.stderr
    got = list(json.loads(res.stdout))
    required = [k for k in keys if not k.endswith("?")]
    optional = {k.rstrip("?") for k in keys if k.endswith("?")}
    assert [k for k in got if k not in optional] == required
    if command == "validate":
        return
    probe = run(command, "-p", str(ROOT), *ARGS.get(command, []), "--table", "no-such-table")
    shown = probe.stderr.split("this result has: ")[1].strip().split(", ")
    documented = [t.rstrip("?") for t in tables]
    for name in shown:
        assert name in documented or (
            name.startswith("register:") and "register:OPTION (one per option)" in tables
        ), name


@pytest.mark.parametrize("command", sorted(DOCUMENTED))
def test_documented_csv_columns_of_every_table(run, command):
    """Each table's CSV header is the one docs/output.md lists (placeholders expanded for the
    bundled workspace), and the header row appears once."""
    import csv
    import io

    from csv_columns import columns_for, expand, tables_of

    base = [command, "-p", str(ROOT), *ARGS.get(command, [])]
    probe = run(*base, "-f", "csv", "--table", "no-such-table")
    names = probe.stderr.split("this result has: ")[1].strip().split(", ")
    shown = ["register:OPTION" if n.startswith("register:") else n for n in names]
    documented = tables_of(command)
    assert sorted(shown, key=documented.index) == shown  # the documented order
    for name in names:
        res = run(*base, "-f", "csv", "--table", name)
        assert res.exit_code == 0, res.stderr
        header, *rows = csv.reader(io.StringIO(res.stdout, newline=""))
        assert header == expand(columns_for(command, name, ROOT), ROOT, rows, header), name
        assert header not in rows and all(len(r) == len(header) for r in rows), name
