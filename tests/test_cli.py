"""The commands as a user runs them: name resolution, formats, compare, validate."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

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
    assert rows[0] == ["Rank", "No.", "Option", "Score", "quality", "cost", "speed"]
    assert rows[1][:4] == ["1", "2", "Beta", "65.0"]
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
    data = json.loads(run("compare", "-p", str(tiny), "quality", "-f", "json").stdout)
    assert data["stakeholders"] == ["quality"]


def test_validate_reports_counts_and_unmapped(tiny, run):
    (tiny / "options" / "alpha.toml").write_text(
        'name = "Alpha"\nnumber = 1\nbenefits = ["cheap", { text = "good", criteria = ["quality"] }]\n'
        "[scores]\nquality = 80\ncost = 150\nspeed = 5\n"
    )
    res = run("validate", "-p", str(tiny))
    assert res.exit_code == 0
    assert (
        "valid. 3 criteria, 3 options, 2 stakeholders, 2 benefits and risks (1 mapped" in res.stdout
    )
    assert "warning: options/alpha.toml: benefits[0]: 'cheap' maps to no criterion" in res.stdout


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
    assert "Executive commissioner" in res.stdout
