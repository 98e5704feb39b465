"""The room behind `options serve`, without a browser: weights that put an option strictly first,
checked against values worked out by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, write_workspace
from delivery_options.appraisal import Appraisal
from delivery_options.serve.room import Room

TOKEN = "t" * 40


def bundled(folder: Path) -> Path:
    """The bundled Sandwell case (seven options, seven stakeholders inferred from statements)."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "criteria.toml", folder)
    shutil.copytree(ROOT / "options", folder / "options")
    shutil.copytree(ROOT / "weights", folder / "weights")
    return folder


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Room:
    return Room(Appraisal.open(bundled(tmp_path_factory.mktemp("b") / "ws")))


TWO = """
[appraisal]
title = "Two"
[criteria.a]
name = "A"
[criteria.b]
name = "B"
"""
TWO_OPTIONS = {
    "p": 'name = "P"\nnumber = 1\n[scores]\na = 100\nb = 0\n',
    "q": 'name = "Q"\nnumber = 2\n[scores]\na = 0\nb = 100\n',
}


def test_strictly_first_by_hand(tmp_path):
    """P = 100 w_a, Q = 100 w_b. From (0.5, 0.5), where they draw level, toward the weights of
    largest lead (w_a = 1): P leads by 100 t, so the strict margin 0.01 needs t = 1e-4, w_a =
    0.50005. With w_a at most 0.45 P can never lead: None."""
    ws = write_workspace(
        tmp_path / "two",
        TWO,
        TWO_OPTIONS,
        {
            "free": 'name = "Free"\n[weights]\na = 40\nb = 60\n',
            "held": 'name = "Held"\n[weights]\na = 40\nb = 60\n'
            "[constraints]\nbounds = { a = [0.3, 0.45] }\n",
        },
    )
    app = Appraisal.open(ws)
    w = app.strictly_first("free", "p", np.array([0.5, 0.5]))
    assert w == pytest.approx([0.50005, 0.49995], abs=1e-12)
    assert app.strictly_first("held", "p", np.array([0.45, 0.55])) is None
