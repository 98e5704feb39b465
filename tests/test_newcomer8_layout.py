"""80 columns kept (newcomer 8, finding 12): init's hint, the command summaries of
`options --help`, and one layout for every option's risk register in one run."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT

LONG = (
    '[[risk_register]]\nrisk = "Cannot recruit a leisure manager in time for the transfer"\n'
    'likelihood = 4\nimpact = 4\nmitigation = "Second the current manager from the council for '
    'a year"\nowner = "Director of Leisure and Culture"\nresidual_likelihood = 2\n'
    "residual_impact = 3\n"
)
SHORT = '[[risk_register]]\nrisk = "No bidders"\nlikelihood = 2\nimpact = 3\n'


def _main(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "80", "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "delivery_options", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )


def test_every_command_summary_is_whole_at_80_columns():
    res = _main("--help")
    assert res.returncode == 0
    commands = res.stdout.split("Commands:\n")[1].splitlines()
    assert len(commands) >= 14
    for line in commands:
        assert len(line) <= 80 and not line.endswith("..."), line
        assert len(line.split()) >= 3, line  # a summary on the command's own line
    assert "  check        Check the appraisal's method for known mistakes" in commands


def test_the_init_hint_fits_80_columns_one_command_a_line(tmp_path):
    res = _main("init", "my-appraisal", "--options", "4", cwd=tmp_path)
    assert res.returncode == 0
    assert all(len(line) <= 80 for line in res.stdout.splitlines())
    assert res.stdout.splitlines()[1:] == [
        "next:",
        "  options validate -p my-appraisal",
        "  options rank -p my-appraisal -w example",
    ]


def test_risk_registers_take_one_layout_in_one_run(tiny):
    for oid, reg in (("alpha", LONG), ("beta", LONG), ("gamma", SHORT)):
        path = tiny / "options" / f"{oid}.toml"
        path.write_text(path.read_text() + "\n" + reg)
    res = _main("risks", "-p", str(tiny), "alpha", "beta", "gamma")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert all(len(line) <= 80 for line in out.splitlines())
    gamma = out.split("Risk register: 3. Gamma")[1].split("Risk profiles")[0]
    # as records, like the others: the id and its fields beneath it, no header row
    assert "R1\n    Risk: No bidders" in gamma
    assert "Id" not in gamma.split()
    assert out.count("    Risk: ") == 3
