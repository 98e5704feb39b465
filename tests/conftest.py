"""Shared helpers: build small workspaces on disk and run the CLI in-process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from delivery_options.cli import cli

# The same examples on every run, so that a green main stays green (HYPOTHESIS_PROFILE=explore
# draws fresh ones; FUZZ_EXAMPLES deepens the fuzz tests that read it).
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
# No run reads or writes the user's cache of inferred weights (delivery_options/cache.py):
# every test solves its LPs; tests/test_inferred_cache.py names a folder of its own.
os.environ["OPTIONS_CACHE"] = "off"

ROOT = Path(__file__).resolve().parents[1]
#: A frozen appraisal with typed weights and tolerances (tests/fixtures/typed/README.md)
TYPED = ROOT / "tests" / "fixtures" / "typed"

CRITERIA_3 = """
[appraisal]
title = "Tiny appraisal"

[criteria.quality]
name = "Quality"

[criteria.cost]
name = "Cost"
direction = "cost"
scale = [0, 200]

[criteria.speed]
name = "Speed"
scale = [0, 10]
"""


def write_workspace(
    root: Path,
    criteria: str = CRITERIA_3,
    options: dict[str, str] | None = None,
    weights: dict[str, str] | None = None,
) -> Path:
    """Write a workspace; file contents are given as TOML text."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "criteria.toml").write_text(criteria, encoding="utf-8")
    (root / "options").mkdir(exist_ok=True)
    (root / "weights").mkdir(exist_ok=True)
    for name, text in (options or {}).items():
        (root / "options" / f"{name}.toml").write_text(text, encoding="utf-8")
    for name, text in (weights or {}).items():
        path = root / "weights" / f"{name}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


TINY_OPTIONS = {
    # quality (0-100), cost (0-200, cost), speed (0-10)
    "alpha": 'name = "Alpha"\nnumber = 1\n[scores]\nquality = 80\ncost = 150\nspeed = 5\n',
    "beta": 'name = "Beta"\nnumber = 2\n[scores]\nquality = 40\ncost = 50\nspeed = 8\n',
    "gamma": 'name = "Gamma"\nnumber = 3\n[scores]\nquality = 60\ncost = 100\nspeed = 2\n',
}
TINY_WEIGHTS = {
    "even": 'name = "Even"\n[weights]\nquality = 1\ncost = 1\nspeed = 1\n',
    "quality": 'name = "Quality first"\n[weights]\nquality = 6\ncost = 3\nspeed = 1\n',
}


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_workspace(tmp_path / "tiny", options=TINY_OPTIONS, weights=TINY_WEIGHTS)


@pytest.fixture
def run():
    """Run the CLI in-process; returns the click Result (stdout, stderr and exit code apart)."""

    def _run(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return _run
