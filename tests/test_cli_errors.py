"""How the command line reports a user's mistakes: one problem a line for scripts, wrapped for
people at a terminal, naming only flags the running command has, and saying what to do."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.fixture(autouse=True)
def _piped(monkeypatch):
    """Standard error is not a terminal here; without COLUMNS, errors are one line each."""
    monkeypatch.delenv("COLUMNS", raising=False)


LONG = "servce_quality_as_the_residents_experience_it_on_a_weekday_evening"


def _misspelt(tiny):
    text = (tiny / "options" / "beta.toml").read_text().replace("quality =", f"{LONG} =")
    (tiny / "options" / "beta.toml").write_text(text)
    return tiny


def test_piped_errors_are_one_line_per_problem(tiny, run):
    _misspelt(tiny)
    res = run("validate", "-p", str(tiny))
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert lines[0].startswith(f"error: options/beta.toml: scores.{LONG}: unknown criterion")
    assert (
        lines[1]
        == "error: options/beta.toml: scores.quality: missing: every criterion needs a score"
    )
    assert lines[2] == "2 problems found."
    res = run("rank", "-p", str(tiny), "-w", "even")
    assert res.exit_code == 1
    (line,) = res.stderr.splitlines()
    assert line.startswith(f"error: options/beta.toml: scores.{LONG}: unknown criterion")
    assert line.endswith("(and 1 more problem; run `options validate`)")


def _check_wrapped(text: str, width: int, head: str) -> None:
    lines = text.splitlines()
    assert lines[0].startswith(head)  # the prefix whole on the first line
    assert all(len(line) <= width for line in lines[1:])
    continued = [line for line in lines[1:] if not line.startswith(("error:", "1 problem"))]
    assert continued and all(line.startswith("    ") for line in continued)
    words = " ".join(text.split())  # wrapped at spaces: no word was cut
    assert f"{head} unknown criterion (not in criteria.toml)" in words
    assert "(and 1 more problem; run `options validate`)" in words


def test_errors_wrap_to_columns_with_continuation_lines_indented(tiny, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    res = run("rank", "-p", str(tiny), "-w", "nobody")
    lines = res.stderr.splitlines()
    assert lines[0].startswith("error: -w/--weights: no stakeholder 'nobody'")
    assert len(lines) > 1 and all(len(line) <= 60 for line in lines)
    assert all(line.startswith("    ") for line in lines[1:])
    _misspelt(tiny)
    res = run("rank", "-p", str(tiny), "-w", "even")
    _check_wrapped(res.stderr, 60, f"error: options/beta.toml: scores.{LONG}:")
    res = run("validate", "-p", str(tiny))
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and res.stderr.splitlines()[-1] == "2 problems found."


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_errors_wrap_on_a_terminal(tiny):
    import fcntl
    import struct
    import termios

    _misspelt(tiny)
    primary, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 70, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["PYTHONPATH"] = str(ROOT / "src")
    try:
        res = subprocess.run(
            [sys.executable, "-m", "delivery_options", "rank", "-p", str(tiny), "-w", "even"],
            stdout=subprocess.PIPE,  # standard output piped: the width is standard error's
            stderr=secondary,
            env=env,
            check=False,
        )
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(primary)
    assert res.returncode == 1
    text = b"".join(chunks).decode().replace("\r\n", "\n")
    _check_wrapped(text, 70, f"error: options/beta.toml: scores.{LONG}:")


def test_elicit_names_no_flag_it_does_not_have(tiny, run, tmp_path):
    res = run("elicit", "-p", str(tiny), "even")
    target = tiny / "weights" / "even.toml"
    assert res.exit_code == 1
    assert res.stderr == f"error: {target} exists; add --force to replace it\n"
    from click.testing import CliRunner

    from delivery_options.cli import cli

    typed = CliRunner().invoke(cli, ["elicit", "-p", str(tiny), "newcomer"], input="stop\n")
    assert typed.exit_code == 1
    assert typed.stderr == "error: the interview was stopped; nothing was written\n"
    answers = tmp_path / "answers.txt"
    answers.write_text("stop\n")
    replayed = run("elicit", "-p", str(tiny), "newcomer", "--answers", str(answers))
    assert replayed.stderr == "error: --answers: the interview was stopped; nothing was written\n"


def test_a_flag_is_named_only_when_the_command_has_it_and_it_was_given(tiny, run, monkeypatch):
    from delivery_options.appraisal import Appraisal
    from delivery_options.errors import OptionsError

    def refuse(self, *args, **kwargs):
        raise OptionsError("no such stakeholder", "stakeholder")

    for name in ("screen", "compare"):
        monkeypatch.setattr(Appraisal, name, refuse)
    # screen has no -w: the concept is reported without a flag
    assert run("screen", "-p", str(tiny)).stderr == "error: no such stakeholder\n"
    # compare has -w, but it was not given: nothing the user typed to point at
    assert run("compare", "-p", str(tiny)).stderr == "error: no such stakeholder\n"
    named = run("compare", "-p", str(tiny), "-w", "even")
    assert named.stderr == "error: -w/--weights: no such stakeholder\n"
    # an argument is named as the help shows it
    res = run("risks", "-p", str(tiny), "nope")
    assert res.exit_code == 1 and res.stderr.startswith("error: OPTION: no option 'nope'")


def test_outside_a_workspace_the_error_says_where_it_looked_and_what_to_do(
    tmp_path, run, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    for args in (("validate",), ("rank", "-w", "council"), ("screen",)):
        res = run(*args)
        assert res.exit_code == 1, args
        (line,) = res.stderr.splitlines()
        assert line.startswith(
            f"error: criteria.toml: not found in {tmp_path} (the current folder)"
        )
        assert "-p FOLDER" in line and "`options init FOLDER`" in line
    empty = tmp_path / "empty"
    empty.mkdir()
    res = run("validate", "-p", str(empty))
    assert res.stderr.startswith(f"error: -p/--project: criteria.toml: not found in {empty},")
    # a script asking for JSON still gets the problems as data
    data = json.loads(run("validate", "-f", "json").stdout)
    assert data["valid"] is False and data["problems"][0]["file"] == "criteria.toml"


def test_a_wrong_format_is_one_line_naming_the_formats_and_options_report(tiny, run):
    res = run("rank", "-p", str(tiny), "-w", "even", "-f", "pdf")
    assert res.exit_code == 1
    assert res.stderr == (
        "error: -f/--format: options rank writes text, markdown (md), csv, csv-excel or json, not 'pdf'; "
        "PDF, HTML and Word come from `options report`\n"
    )
    res = run("validate", "-p", str(tiny), "-f", "html")
    assert res.stderr.startswith("error: -f/--format: options validate writes text,")
    assert run("rank", "-p", str(tiny), "-w", "even", "-f", "MD").stdout.startswith("###")


def _main(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(
        [sys.executable, "-m", "delivery_options", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )


def test_a_command_run_without_a_stakeholder_names_the_workspaces_stakeholders(tiny):
    (tiny / "weights" / "sub").mkdir()
    (tiny / "weights" / "sub" / "café.toml").write_text(
        (tiny / "weights" / "even.toml").read_text()
    )
    res = _main("rank", "-p", str(tiny))
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr == (
        "error: missing option '--weights' / '-w'; name one of this workspace's stakeholders: "
        "even, quality or café (see options rank --help)\n"
    )
    empty = tiny.parent / "empty"
    empty.mkdir()
    res = _main("sensitivity", cwd=empty)  # no weights/ at all: nothing to name
    assert (
        res.stderr == "error: missing option '--weights' / '-w' (see options sensitivity --help)\n"
    )


def test_a_workspace_with_many_stakeholders_names_the_first_eight_and_counts_the_rest(tiny):
    for i in range(9):
        (tiny / "weights" / f"s{i}.toml").write_text((tiny / "weights" / "even.toml").read_text())
    res = _main("rank", "-p", str(tiny))
    assert "stakeholders: even, quality, s0, s1, s2, s3, s4, s5 or 3 more (see" in res.stderr
