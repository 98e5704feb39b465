"""Honest near-ties (issue 22, item 8): an option a hair behind the leader is 'level with' it,
never 'already first'; only the option first by the ranking's strict margin is first."""

from __future__ import annotations

import json

from conftest import write_workspace

CRITERIA = '[appraisal]\ntitle = "Near tie"\n[criteria.a]\nname = "A"\n[criteria.b]\nname = "B"\n'


def test_an_option_0_00002_points_behind_is_level_not_already_first(tmp_path, run):
    # by hand: Alpha 50; Beta (60 + 39.99996) / 2 = 49.99998, 0.00002 points behind; moving
    # 0.0001 points of weight from B to A gains Beta 0.0001% x 20 = 0.00002: level
    options = {
        "alpha": 'name = "Alpha"\nnumber = 1\n[scores]\na = 50\nb = 50\n',
        "beta": 'name = "Beta"\nnumber = 2\n[scores]\na = 60\nb = 39.99996\n',
    }
    weights = {"s": 'name = "S"\n[weights]\na = 1\nb = 1\n'}
    ws = write_workspace(tmp_path / "w", CRITERIA, options, weights)
    text = run("sensitivity", "-p", str(ws), "-w", "s").stdout
    assert "already first" not in text
    assert "level with the leader" in " ".join(text.split())
    doc = json.loads(run("sensitivity", "-p", str(ws), "-w", "s", "-f", "json").stdout)
    assert doc["switching"]["alpha"]["status"] == "leader"
    assert doc["switching"]["beta"]["status"] == "optimal"
    assert doc["switching"]["beta"]["moved"] < 5e-4
