"""Consensus across stakeholders: regret, hull, compromise, common ground, Kendall's tau."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import ROOT, write_workspace
from delivery_options.methods.consensus import (
    common_ground,
    compromise_weights,
    consensus,
    kendall_tau_b,
)
from delivery_options.methods.lp import WeightSet, make_solver, simplex

SOLVER = make_solver("auto")


def _box(lo, hi) -> WeightSet:
    return WeightSet(("c1", "c2"), np.array(lo, float), np.array(hi, float))


def test_a_blend_can_crown_an_option_nobody_favours():
    """a = (100, 0), b = (0, 100), c = (60, 60); one stakeholder on each criterion.
    Neither favours c, but at the even blend c scores 60 against 50 and 50."""
    X = np.array([[100.0, 0.0], [0.0, 100.0], [60.0, 60.0]])
    Ws = np.array([[1.0, 0.0], [0.0, 1.0]])
    con = consensus(X, ["a", "b", "c"], ["s1", "s2"], Ws, [simplex("xy")] * 2, SOLVER)
    assert set(con.hull_possibly_best) == {"a", "b", "c"}
    np.testing.assert_allclose(con.regret, [[0, 100, 40], [100, 0, 40]])
    assert con.minimax_regret == ("c", 40.0)  # by hand: max regret a 100, b 100, c 40
    # compromise (0.5, 0.5): a 50, b 50, c 60, so c comes first under it
    assert con.compromise_scores == pytest.approx([50.0, 50.0, 60.0])
    assert con.compromise_leader == "c"


def test_hull_possibly_best_against_sampled_blends():
    rng = np.random.default_rng(3)
    X = rng.integers(0, 101, size=(6, 4)).astype(float)
    Ws = rng.dirichlet(np.ones(4), size=3)
    con = consensus(X, list("abcdef"), ["s", "t", "u"], Ws, [simplex("wxyz")] * 3, SOLVER)
    lam = rng.dirichlet(np.ones(3), size=20000)
    V = lam @ Ws @ X.T
    winners = {"abcdef"[i] for i in np.argmax(V, axis=1)}
    assert winners <= set(con.hull_possibly_best)
    # each stakeholder's own favourite is a vertex of the hull: always possibly best
    assert {"abcdef"[i] for i in np.argmax(Ws @ X.T, axis=1)} <= set(con.hull_possibly_best)


def test_compromise_by_hand():
    w, d = compromise_weights(np.array([[1.0, 0.0], [0.0, 1.0]]), SOLVER)
    np.testing.assert_allclose(w, [0.5, 0.5], atol=1e-7)
    assert d == pytest.approx(1.0)
    w, d = compromise_weights(np.eye(3), SOLVER)
    np.testing.assert_allclose(w, [1 / 3] * 3, atol=1e-7)
    assert d == pytest.approx(4 / 3)


def test_common_ground_found_and_conflict_explained():
    X = np.array([[100.0, 0.0], [0.0, 100.0]])
    ok = common_ground(
        [_box([0.2, 0], [0.7, 1]), _box([0.5, 0], [1, 1])], ["s", "t"], X, "ab", SOLVER
    )
    assert ok.feasible
    assert 0.5 - 1e-9 <= ok.weights[0] <= 0.7 + 1e-9
    # w1 in [0.5, 0.7]: b can at best tie a (50 to 50 at w1 = 0.5), which counts as possibly best
    assert ok.possibly_best == ("a", "b")
    only_a = common_ground(
        [_box([0.2, 0], [0.7, 1]), _box([0.55, 0], [1, 1])], ["s", "t"], X, "ab", SOLVER
    )
    assert only_a.possibly_best == ("a",)
    sets = [_box([0.6, 0], [1, 1]), _box([0, 0], [0.4, 1]), _box([0, 0], [1, 1])]
    bad = common_ground(sets, ["hi", "lo", "any"], X, "ab", SOLVER)
    assert not bad.feasible
    assert bad.conflicting_pairs == (("hi", "lo"),)
    assert bad.irreducible == ("hi", "lo")


def test_conflict_only_as_a_group():
    """Three order constraints that are pairwise compatible but form a cycle with a strict bound:
    w1 >= w2, w2 >= w3, w3 >= w1 forces equal weights, which the third's bound forbids."""
    crit = ("a", "b", "c")
    s1 = WeightSet(crit, np.zeros(3), np.ones(3), ((0, 1),))
    s2 = WeightSet(crit, np.zeros(3), np.ones(3), ((1, 2),))
    s3 = WeightSet(crit, np.array([0.0, 0.0, 0.4]), np.ones(3), ((2, 0),))
    X = np.eye(3) * 100
    cg = common_ground([s1, s2, s3], ["s1", "s2", "s3"], X, "xyz", SOLVER)
    assert not cg.feasible
    assert cg.conflicting_pairs == ()
    assert cg.irreducible == ("s1", "s2", "s3")


def test_kendall_tau_b_by_hand():
    assert kendall_tau_b([1, 2, 3], [1, 3, 2]) == pytest.approx(1 / 3)
    assert kendall_tau_b([1, 2, 3], [3, 2, 1]) == pytest.approx(-1)
    # ties: pairs (1,2) tied in x; (1,3), (2,3) concordant -> 2 / sqrt(2 * 3)
    assert kendall_tau_b([1, 1, 2], [1, 2, 3]) == pytest.approx(2 / np.sqrt(6))


def test_compare_json_has_consensus(run, tiny):
    res = run("compare", "-p", str(tiny), "-f", "json")
    data = json.loads(res.stdout)
    for key in (
        "favourites",
        "regret",
        "minimax_regret",
        "hull_possibly_best",
        "compromise",
        "common_ground",
        "kendall_tau",
    ):
        assert key in data
    # even: alpha 51.67, beta 65, gamma 43.33; quality: alpha 60.5, beta 54.5, gamma 53
    assert data["regret"]["even"]["alpha"] == pytest.approx(65 - 155 / 3, abs=1e-6)
    assert data["regret"]["quality"]["beta"] == pytest.approx(6.0)
    assert data["minimax_regret"] == {"option": "beta", "value": 6.0}
    assert data["common_ground"]["feasible"] is True


def test_compare_sandwell_renders(run):
    res = run("compare", "-p", str(ROOT))
    assert res.exit_code == 0
    assert "Consensus across the stakeholders" in res.stdout
    assert "Rank agreement" in res.stdout


def test_compare_conflicting_stakeholders_cli(tmp_path, run):
    from conftest import TINY_OPTIONS

    ws = write_workspace(
        tmp_path / "c",
        options=TINY_OPTIONS,
        weights={
            "a": 'name = "A"\n[weights]\nquality = 8\ncost = 1\nspeed = 1\n'
            "[constraints]\nbounds = { quality = [0.7, 1] }\n",
            "b": 'name = "B"\n[weights]\nquality = 1\ncost = 8\nspeed = 1\n'
            "[constraints]\nbounds = { quality = [0, 0.3] }\n",
        },
    )
    data = json.loads(run("compare", "-p", str(ws), "-f", "json").stdout)
    assert data["common_ground"]["feasible"] is False
    assert data["common_ground"]["conflicting_pairs"] == [["a", "b"]]
