"""The commands as a user runs them: name resolution, formats, compare, validate."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from conftest import ROOT, write_workspace


def test_weights_resolve_by_bare_name_file_name_and_path(tiny, run):
    outs = [
        run("rank", "-p", str(tiny), "-w", name, "-f", "json").stdout
        for name in ("quality", "quality.toml", str(tiny / "weights" / "quality.toml"))
    ]
    assert outs[0] == outs[1] == outs[2]


def test_weights_in_subfolders_count(tmp_path, run):
    from conftest import TINY_OPTIONS

    ws = write_workspace(
        tmp_path / "w",
        options=TINY_OPTIONS,
        weights={"group/nested": 'name = "Nested"\n[weights]\nquality = 1\ncost = 0\nspeed = 0\n'},
    )
    data = json.loads(run("rank", "-p", str(ws), "-w", "nested", "-f", "json").stdout)
    assert data["ranking"][0]["option"] == "alpha"
    assert json.loads(run("compare", "-p", str(ws), "-f", "json").stdout)["stakeholders"] == [
        "nested"
    ]


def test_every_format_renders(tiny, run):
    for fmt in ("table", "csv", "json", "markdown"):
        res = run("rank", "-p", str(tiny), "-w", "even", "-f", fmt)
        assert res.exit_code == 0
        assert "Beta" in res.stdout
    rows = list(
        csv.reader(io.StringIO(run("rank", "-p", str(tiny), "-w", "even", "-f", "csv").stdout))
    )
    # tidy: machine keys as headers, one value a cell, numbers as numbers
    assert rows[0] == ["rank", "option", "number", "name", "score", "quality", "cost", "speed"]
    assert rows[1][:5] == ["1", "beta", "2", "Beta", "65"]  # 65.0 written as a plain number
    md = run("rank", "-p", str(tiny), "-w", "even", "-f", "markdown").stdout
    assert "| 1 | 2 | Beta | 65.0 |" in md


def test_compare_json(tiny, run):
    data = json.loads(run("compare", "-p", str(tiny), "-f", "json").stdout)
    assert data["stakeholders"] == ["even", "quality"]
    assert data["ranks"] == {
        "even": {"alpha": 2, "beta": 1, "gamma": 3},
        "quality": {"alpha": 1, "beta": 2, "gamma": 3},
    }
    assert data["scores"]["quality"]["beta"] == 54.5
    assert data["favourites"] == {"even": "beta", "quality": "alpha"}


def test_compare_named_subset(tiny, run):
    data = json.loads(run("compare", "-p", str(tiny), "-w", "quality", "-f", "json").stdout)
    assert data["stakeholders"] == ["quality"]


def test_validate_reports_counts_and_unmapped(tiny, run):
    (tiny / "options" / "alpha.toml").write_text(
        'name = "Alpha"\nnumber = 1\nbenefits = ["cheap", { text = "good", criteria = ["quality"] }]\n'
        "[scores]\nquality = 80\ncost = 150\nspeed = 5\n"
    )
    res = run("validate", "-p", str(tiny))
    assert res.exit_code == 0
    text = " ".join(res.stdout.split())  # the summary wraps to the terminal
    assert "valid. 3 criteria, 3 options, 2 stakeholders, 2 benefits and risks (1 mapped" in text
    assert "warning: options/alpha.toml: benefits[1]: 'cheap' maps to no criterion" in res.stdout


def test_validate_lists_every_problem(tiny, run):
    (tiny / "options" / "beta.toml").write_text(
        'name = "Beta"\n[scores]\nquality = 400\ncost = "x"\n'
    )
    res = run("validate", "-p", str(tiny))
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert (
        "options/beta.toml: scores.quality: 400 is outside the criterion's scale [0, 100]"
        in lines[0]
    )
    assert any("scores.cost: must be a number" in ln for ln in lines)
    assert any("scores.speed: missing" in ln for ln in lines)
    assert lines[-1] == "3 problems found."


def test_console_script_runs_on_the_bundled_workspace():
    res = subprocess.run(
        [sys.executable, "-m", "delivery_options", "rank", "--weights", "commissioner.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert "Executive commissioner" in " ".join(res.stdout.split())  # text wraps at 80


COMMANDS = (
    ("rank", "-w", "commissioner"),
    ("compare",),
    ("sensitivity", "-w", "dfe"),
    ("smaa", "-w", "commissioner", "-n", "500"),
    ("smaa", "--hull", "-n", "500"),
    ("check",),
    ("validate",),
    ("screen",),
    ("risks",),
    ("infer", "-w", "council"),
)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_text_output_fits_the_terminal(run, monkeypatch, args, width):
    from delivery_options.present.text import display_width

    monkeypatch.setenv("COLUMNS", str(width))
    res = run(*args, "-p", str(ROOT))
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert max(display_width(line) for line in lines) <= width
    if width == 120:  # the width is used: some line is longer than 80 columns would allow
        assert args[0] == "validate" or max(map(len, lines)) > 80


def test_validate_lists_every_problem_in_every_kind_of_file(tiny, run):
    (tiny / "options" / "beta.toml").write_text('name = "Beta"\n[scores]\nquality = "high"\n')
    (tiny / "weights" / "even.toml").write_text('name = "Even"\n[weights]\nquality = -1\n')
    res = run("validate", "-p", str(tiny))
    assert res.exit_code == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    files = {line.split(":")[1].strip() for line in errors}
    assert files == {"options/beta.toml", "weights/even.toml"}
    assert any("scores.quality" in e for e in errors)  # the option file's problem ...
    assert any("weights.quality" in e for e in errors)  # ... and the weights file's, in one run
    data = json.loads(run("validate", "-p", str(tiny), "-f", "json").stdout)
    assert data["valid"] is False and len(data["problems"]) == len(errors)


def test_one_vocabulary(tiny, run, tmp_path):
    for fmt in ("md", "markdown"):
        assert run("rank", "-p", str(tiny), "-w", "even", "-f", fmt).stdout.startswith("###")
    out = tmp_path / "made" / "rank.csv"
    res = run(
        "rank", "-p", str(tiny), "-w", "even", "-f", "csv", "--table", "weights", "-o", str(out)
    )
    assert res.exit_code == 0
    assert next(csv.reader(io.StringIO(out.read_text()))) == ["criterion", "name", "weight"]
    bad = run("rank", "-p", str(tiny), "-w", "even", "--table", "nope")
    assert bad.exit_code == 1 and bad.stderr.startswith("error: --table: unknown table 'nope'")
    for cmd in ("validate", "check", "rank", "compare", "sensitivity", "smaa"):
        helptext = run(cmd, "--help").stdout
        assert "--format" in helptext and "--output" in helptext, cmd


def test_completion_offers_stakeholders(tiny):
    from click.shell_completion import ShellComplete

    from delivery_options.cli import cli

    comp = ShellComplete(cli, {}, "options", "_OPTIONS_COMPLETE")
    names = [c.value for c in comp.get_completions(["rank", "-p", str(tiny), "-w"], "")]
    assert names == ["even", "quality"]
    assert [c.value for c in comp.get_completions(["rank", "-p", str(tiny), "-w"], "q")] == [
        "quality"
    ]


def test_names_as_people_give_them(run):
    bad = run("rank", "-p", str(ROOT), "-w", "comissioner")
    assert bad.exit_code == 1 and "did you mean 'commissioner'?" in bad.stderr
    by_name = json.loads(run("rank", "-p", str(ROOT), "-w", "Trade unions", "-f", "json").stdout)
    assert by_name["stakeholder"] == "unions"
    by_number = json.loads(run("risks", "-p", str(ROOT), "5", "-f", "json").stdout)
    assert list(by_number["options"]) == ["trust-with-council"]
