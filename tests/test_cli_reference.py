"""docs/cli.md is the command line's --help, generated; regenerate with UPDATE_DOCS=1."""

from __future__ import annotations

import os

from click.testing import CliRunner

from conftest import ROOT


def reference() -> str:
    from delivery_options.cli import cli

    out = [
        "# Command-line reference",
        "",
        "Generated from `options --help` by `UPDATE_DOCS=1 pytest tests/test_cli_reference.py`;",
        "a test fails when it is out of date.",
        "",
    ]
    runner = CliRunner(env={"COLUMNS": "100"})
    for args in [[], *([name] for name in sorted(cli.commands))]:
        res = runner.invoke(cli, [*args, "--help"], prog_name="options")
        out += [f"## options {' '.join(args)}".rstrip(), "", "```", res.output.rstrip(), "```", ""]
    return "\n".join(out)


def test_cli_reference_is_current():
    path = ROOT / "docs" / "cli.md"
    text = reference()
    if os.environ.get("UPDATE_DOCS"):
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        "run UPDATE_DOCS=1 pytest tests/test_cli_reference.py"
    )
