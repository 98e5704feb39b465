"""The LP solvers never write to the process's standard output or error (file descriptors 1 and 2).

HiGHS 1.16 prints a banner from C++ when a process creates its first ``Highs``; Python's
``sys.stdout`` never sees it, so these tests run the command in a subprocess and read the pipes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = "import sys; from delivery_options.cli import main; sys.argv[0] = 'options'; main()"


def _options(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RUN, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})},
        timeout=120,
    )


def test_first_highs_object_prints_nothing_on_the_descriptors():
    pytest.importorskip("highspy")
    code = (
        "from delivery_options.methods.lp import _highs_available\n"
        "assert _highs_available()\n"
        "import highspy\n"
        "highspy.Highs()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert (out.stdout, out.stderr) == ("", "")


@pytest.mark.parametrize("solver", ["auto", "highs", "cbc"])
def test_json_on_standard_output_is_the_document_alone(solver):
    out = _options("sensitivity", "-w", "dfe", "-f", "json", "--solver", solver)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    json.loads(out.stdout)  # strict: a stray banner line makes this fail


def test_without_highspy_every_lp_runs_on_cbc(tmp_path):
    """A broken install without highspy: the auto solver falls back to PuLP's CBC, the in-place
    re-solve of sensitivity included, and asking for HiGHS is one line of error."""
    blocker = tmp_path / "highspy"
    blocker.mkdir()
    (blocker / "__init__.py").write_text("raise ImportError('highspy is blocked for this test')\n")
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src")])}
    out = _options("sensitivity", "-w", "dfe", "-f", "json", env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["solver"] == "CBC"
    out = _options("sensitivity", "-w", "dfe", "--solver", "highs", env=env)
    assert out.returncode != 0
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "highspy" in lines[0]
