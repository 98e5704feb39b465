"""The additive value model: scale mapping, hand-computed rankings, ties."""

from __future__ import annotations

import json

import numpy as np
import pytest

from delivery_options.appraisal import load
from delivery_options.methods.value import decision_matrix, rank_options, ranks, weight_vector
from delivery_options.model.load import load_workspace
from delivery_options.model.types import Criterion


def test_benefit_and_cost_scale_mapping():
    benefit = Criterion("b", "B", scale=(10.0, 60.0))
    cost = Criterion("c", "C", direction="cost", scale=(0.0, 200.0))
    assert benefit.to_value(10) == 0
    assert benefit.to_value(60) == 100
    assert benefit.to_value(35) == 50
    assert cost.to_value(0) == 100
    assert cost.to_value(200) == 0
    assert cost.to_value(150) == 25


def test_tiny_matrix_is_mapped(tiny):
    dm = decision_matrix(load_workspace(tiny))
    # alpha: quality 80, cost 150 of 200 -> 25, speed 5 of 10 -> 50
    np.testing.assert_allclose(dm.values, [[80, 25, 50], [40, 75, 80], [60, 50, 20]])


def test_hand_computed_ranking_even_weights(tiny):
    app = load(tiny)
    ws, st = app.workspace, app.stakeholder("even")
    dm = decision_matrix(ws)
    rk = rank_options(dm, weight_vector(dm.criteria, st), st.id)
    # alpha (80+25+50)/3 = 51.667, beta (40+75+80)/3 = 65, gamma (60+50+20)/3 = 43.333
    assert [r.option for r in rk.rows] == ["beta", "alpha", "gamma"]
    assert [r.rank for r in rk.rows] == [1, 2, 3]
    assert rk.rows[0].score == pytest.approx(65.0)
    assert rk.rows[1].score == pytest.approx(155 / 3)
    assert sum(rk.rows[1].contributions.values()) == pytest.approx(rk.rows[1].score)


def test_hand_computed_ranking_weights_normalised(tiny):
    app = load(tiny)
    ws, st = app.workspace, app.stakeholder("quality.toml")
    assert dict(st.weights) == pytest.approx({"quality": 0.6, "cost": 0.3, "speed": 0.1})
    dm = decision_matrix(ws)
    rk = rank_options(dm, weight_vector(dm.criteria, st))
    # alpha 48+7.5+5 = 60.5; beta 24+22.5+8 = 54.5; gamma 36+15+2 = 53
    assert [(r.option, round(r.score, 9)) for r in rk.rows] == [
        ("alpha", 60.5),
        ("beta", 54.5),
        ("gamma", 53.0),
    ]
    assert rk.row("alpha").contributions == pytest.approx({"quality": 48, "cost": 7.5, "speed": 5})


def test_ties_share_a_rank():
    assert list(ranks(np.array([5.0, 7.0, 7.0, 1.0]))) == [3, 1, 1, 4]
    assert list(ranks(np.array([2.0, 2.0, 2.0]))) == [1, 1, 1]


def test_triantaphyllou_tie_survives_float_noise():
    """Triantaphyllou (2000), the weighted-sum example: A2 and A3 both score 22.00."""
    x = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], dtype=float)
    w = np.array([0.20, 0.15, 0.40, 0.25])
    v = x @ w
    assert v == pytest.approx([21.5, 22.0, 22.0])
    assert list(ranks(v)) == [3, 1, 1]


def test_rank_json_shape(tiny, run):
    res = run("rank", "--project", str(tiny), "--weights", "quality", "--format", "json")
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["stakeholder"] == "quality"
    assert [r["option"] for r in data["ranking"]] == ["alpha", "beta", "gamma"]
    assert data["ranking"][0] == {
        "option": "alpha",
        "name": "Alpha",
        "number": 1,
        "rank": 1,
        "score": 60.5,
        "contributions": {"quality": 48.0, "cost": 7.5, "speed": 5.0},
    }


def test_tied_options_in_cli_output(tmp_path, run):
    from conftest import write_workspace

    ws = write_workspace(
        tmp_path / "ties",
        criteria='[appraisal]\ntitle = "T"\n[criteria.a]\nname = "A"\n[criteria.b]\nname = "B"\n',
        options={
            "x": 'name = "X"\n[scores]\na = 100\nb = 0\n',
            "y": 'name = "Y"\n[scores]\na = 0\nb = 100\n',
            "z": 'name = "Z"\n[scores]\na = 10\nb = 10\n',
        },
        weights={"half": 'name = "Half"\n[weights]\na = 1\nb = 1\n'},
    )
    data = json.loads(run("rank", "-p", str(ws), "-w", "half", "-f", "json").stdout)
    assert [(r["option"], r["rank"]) for r in data["ranking"]] == [("x", 1), ("y", 1), ("z", 3)]
