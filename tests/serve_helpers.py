"""Shared by the tests of `options serve`: a copy of Sandwell to save into, and a hostile one."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import TINY_OPTIONS, write_workspace
from conftest import TYPED as ROOT

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def sandwell_copy(folder: Path, source: Path = ROOT) -> Path:
    """A Sandwell workspace (the frozen one with typed weights unless ``source`` is given),
    copied so that saving cannot touch the repository."""
    folder.mkdir(parents=True)
    shutil.copy(source / "criteria.toml", folder)
    shutil.copytree(source / "options", folder / "options")
    shutil.copytree(source / "weights", folder / "weights")
    return folder


def hostile_workspace(folder: Path) -> Path:
    """A workspace whose title, criterion, option and stakeholder names hold HTML."""
    criteria = f"""
[appraisal]
title = '{HOSTILE}'
question = '</title><script>window.__pwned = 3</script>'

[criteria.quality]
name = '<b>Quality</b> {HOSTILE}'

[criteria.cost]
name = "Cost"
direction = "cost"
scale = [0, 200]

[criteria.speed]
name = "Speed"
scale = [0, 10]
"""
    options = dict(TINY_OPTIONS)
    options["alpha"] = options["alpha"].replace('"Alpha"', f"'Alpha {HOSTILE}'")
    weights = {
        "even": f"name = '{HOSTILE}'\n[weights]\nquality = 1\ncost = 1\nspeed = 1\n",
    }
    return write_workspace(folder, criteria, options, weights)
