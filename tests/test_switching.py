"""Switching weights and score switching values: hand cases, closed form vs LP, brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from delivery_options.methods.lp import WeightSet, make_solver, simplex
from delivery_options.methods.switching import (
    _switch_lp,
    _verified,
    pairwise_l1_box,
    pairwise_l1_simplex,
    score_switching,
    switching_weights,
)
from delivery_options.model.types import Criterion
from lp_helpers import sample_w, simplex_grid

SOLVERS = ["cbc", "highs"]

# Triantaphyllou (2000), the weighted-sum example: A2 and A3 tie at 22.00.
TRI_X = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], dtype=float)
TRI_W = np.array([0.20, 0.15, 0.40, 0.25])


@pytest.fixture(params=SOLVERS)
def solver(request):
    return make_solver(request.param)


def test_two_options_two_criteria_by_hand(solver):
    """V = (70, 30); option 2 draws level at w = (0.5, 0.5): L1 = 0.4, Linf = 0.2."""
    X = np.array([[100.0, 0.0], [0.0, 100.0]])
    w0 = np.array([0.7, 0.3])
    for pairwise in (True, False):
        res = switching_weights(X, ["a", "b"], simplex(["c1", "c2"]), w0, solver, pairwise)
        assert res[0].status == "leader" and res[0].l1 == 0
        b = res[1]
        assert b.status == "optimal"
        assert b.l1 == pytest.approx(0.4, abs=1e-7)
        assert b.moved == pytest.approx(0.2, abs=1e-7)
        assert b.linf == pytest.approx(0.2, abs=1e-7)
        np.testing.assert_allclose(b.weights_l1, [0.5, 0.5], atol=1e-7)


def test_triantaphyllou_pairwise_closed_form_by_hand():
    """A1 against A2: g = (15, -10, -5, 0), G = 0.5, L1* = 2G / (15 - (-10)) = 0.04."""
    l1, w = pairwise_l1_simplex(TRI_X[0] - TRI_X[1], TRI_W)
    assert l1 == pytest.approx(0.04)
    np.testing.assert_allclose(w, [0.22, 0.13, 0.40, 0.25])
    assert (TRI_X[0] - TRI_X[1]) @ w == pytest.approx(0.0, abs=1e-12)


def test_triantaphyllou_full_switch_against_grid(solver):
    """A1 must draw level with both A2 and A3; no grid point does so with a smaller L1."""
    res = switching_weights(TRI_X, ["A1", "A2", "A3"], simplex("abcd"), TRI_W, solver, False)
    assert [r.status for r in res] == ["optimal", "leader", "leader"]
    l1 = res[0].l1
    v = TRI_X @ res[0].weights_l1
    assert v[0] >= v.max() - 1e-7
    grid = simplex_grid(4, 100)
    vals = grid @ TRI_X.T
    wins = vals[:, 0] >= vals.max(axis=1) - 1e-12
    dists = np.abs(grid[wins] - TRI_W).sum(axis=1)
    assert dists.min() >= l1 - 1e-9
    assert dists.min() <= l1 + 0.04  # the grid's resolution
    # by hand: moving 0.1 from criterion 3 to 4 suffices (gains 5*0.1 and 35*0.1 >= 0.5)
    assert l1 <= 0.2 + 1e-9


@settings(max_examples=60, deadline=None)
@given(
    m=st.integers(2, 5),
    n=st.integers(2, 5),
    seed=st.integers(0, 10_000),
)
def test_pairwise_closed_form_equals_lp(m, n, seed):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 101, size=(m, n)).astype(float)
    w0 = rng.dirichlet(np.ones(n))
    W = simplex([f"c{j}" for j in range(n)])
    leader = int(np.argmax(X @ w0))
    solver = make_solver("auto")
    for r in range(m):
        if r == leader or X[r] @ w0 >= X[leader] @ w0:
            continue
        closed = pairwise_l1_simplex(X[r] - X[leader], w0)
        lp = _verified(_switch_lp(X, W, w0, r, [leader], "l1", solver), X, W, w0, r, [leader], "l1")
        if closed is None:
            assert lp[0] == "cannot"
        else:
            assert lp[0] == "optimal"
            assert closed[0] == pytest.approx(lp[1], abs=1e-7)


def _constrained_w(n: int) -> tuple[WeightSet, np.ndarray]:
    w0 = np.full(n, 1.0 / n)
    lower, upper = np.maximum(0, w0 - 0.15), np.minimum(1, w0 + 0.15)
    return WeightSet(tuple(f"c{j}" for j in range(n)), lower, upper, ((0, 1),), w0), w0


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_no_closer_random_weights_make_the_challenger_win(seed):
    """Sample W: any sampled weights under which the target comes first are at least L1* away."""
    rng = np.random.default_rng(seed)
    m, n = 4, 4
    X = rng.integers(0, 101, size=(m, n)).astype(float)
    W, w0 = _constrained_w(n)
    res = switching_weights(X, list("abcd"), W, w0, make_solver("auto"), pairwise=False)
    pts = sample_w(W, 400, seed)
    vals = pts @ X.T
    for r, s in enumerate(res):
        wins = vals[:, r] >= vals.max(axis=1) - 1e-12
        if s.status == "optimal":
            assert W.contains(s.weights_l1) and W.contains(s.weights_linf)
            for w, dist, order in ((s.weights_l1, s.l1, 1), (s.weights_linf, s.linf, np.inf)):
                v = X @ w
                assert v[r] >= v.max() - 1e-6  # re-evaluated: the challenger really draws level
                assert np.linalg.norm(w - w0, ord=order) == pytest.approx(dist, abs=1e-7)
            d1 = np.abs(pts[wins] - w0).sum(axis=1)
            dinf = np.abs(pts[wins] - w0).max(axis=1)
            assert (d1 >= s.l1 - 1e-7).all()
            assert (dinf >= s.linf - 1e-7).all()
        elif s.status == "cannot":
            assert not wins.any()


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), j=st.integers(0, 3), c=st.floats(-50, 50))
def test_adding_a_constant_to_one_criterion_changes_no_switching_value(seed, j, c):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 101, size=(4, 4)).astype(float)
    W, w0 = _constrained_w(4)
    Y = X.copy()
    Y[:, j] += c
    solver = make_solver("auto")
    for pairwise in (True, False):
        a = switching_weights(X, list("abcd"), W, w0, solver, pairwise)
        b = switching_weights(Y, list("abcd"), W, w0, solver, pairwise)
        assert [s.status for s in a] == [s.status for s in b]
        for s, t in zip(a, b, strict=True):
            if s.l1 is not None:
                assert s.l1 == pytest.approx(t.l1, abs=1e-6)
                assert s.linf == pytest.approx(t.linf, abs=1e-6)


def test_cannot_is_reported_not_a_number(solver):
    """Bounds pin the weights near (0.7, 0.3): option b can never draw level."""
    X = np.array([[100.0, 0.0], [0.0, 100.0]])
    w0 = np.array([0.7, 0.3])
    W = WeightSet(("c1", "c2"), np.array([0.6, 0.2]), np.array([0.8, 0.4]), (), w0)
    res = switching_weights(X, ["a", "b"], W, w0, solver, pairwise=False)
    assert res[1].status == "cannot"
    assert res[1].l1 is None and res[1].weights_l1 is None


def test_score_switching_by_hand():
    """Leader a: V = 0.5*80 + 0.5*40 = 60; b: 0.5*50 + 0.5*50 = 50. Margin 10.
    a's value on c1 must fall by 10/0.5 = 20 (to 60); b's must rise by 20 (to 70).
    c1 is a cost on a 0-200 scale: value 60 is raw 200 - 0.6*200 = 80."""
    X = np.array([[80.0, 40.0], [50.0, 50.0]])
    crits = [Criterion("c1", "C1", direction="cost", scale=(0, 200)), Criterion("c2", "C2")]
    raw = [[(40, 30, 90), (40, 35, 45)], [(100, 90, 110), (50, 40, 60)]]
    res = score_switching(X, ["a", "b"], crits, raw, np.array([0.5, 0.5]), top=2)
    by = {(s.option, s.criterion): s for s in res}
    a1 = by["a", "c1"]
    assert a1.role == "leader"
    assert a1.switch_at == pytest.approx(80.0)
    assert a1.change == pytest.approx(40.0)
    assert a1.within_range  # 80 lies in 30-90: the evidence matters here
    b1 = by["b", "c1"]
    assert b1.switch_at == pytest.approx(60.0)  # value 70 on 0-200 cost: 200 - 140
    assert not b1.within_range
    assert by["a", "c2"].switch_at == pytest.approx(20.0)  # 40 - 20
    assert not by["a", "c2"].within_range


def test_models_re_solved_in_place_agree_with_models_built_afresh(monkeypatch):
    """HiGHS models are changed and re-solved from their last basis (rows added by row
    generation, targets swapped); built afresh by PuLP for every LP, they must agree."""
    from delivery_options.methods.lp import LpModel
    from delivery_options.methods.robust import robust_choice

    rng = np.random.default_rng(5)
    m, n = 60, 8
    X = rng.uniform(0, 100, (m, n))
    w0 = rng.dirichlet(np.ones(n))
    by_weight = np.argsort(-w0)
    order = ((int(by_weight[0]), int(by_weight[3])), (int(by_weight[2]), int(by_weight[6])))
    crit = tuple(f"c{j}" for j in range(n))
    W = WeightSet(crit, np.maximum(0, w0 - 0.1), np.minimum(1, w0 + 0.1), order, w0)
    options = [f"o{i}" for i in range(m)]
    solver = make_solver("highs")

    def run():
        sw = [switching_weights(X, options, W, w0, solver, p) for p in (False, True)]
        return sw, robust_choice(X, options, W, w0, solver)

    (full, pair), robust = run()
    monkeypatch.setattr(LpModel, "warm_start", False)
    (full0, pair0), robust0 = run()
    for a, b in ((full, full0), (pair, pair0)):
        assert [s.status for s in a] == [s.status for s in b]
        for s, t in zip(a, b, strict=True):
            for x, y in ((s.l1, t.l1), (s.linf, t.linf)):
                assert (x is None and y is None) or abs(x - y) < 1e-7
    assert robust.possibly_best == robust0.possibly_best
    assert robust.dominance == robust0.dominance
    assert robust.minimax_regret == robust0.minimax_regret
    for o in options:
        assert abs(robust.max_regret[o] - robust0.max_regret[o]) < 1e-7
        np.testing.assert_allclose(robust.value_intervals[o], robust0.value_intervals[o], atol=1e-7)


@pytest.mark.parametrize("seed", range(30))
def test_pairwise_closed_form_on_a_box_equals_the_lp(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 7))
    X = rng.uniform(0, 100, (2, n))
    w0 = rng.dirichlet(np.ones(n))
    width = rng.uniform(0.02, 0.5)
    lower, upper = np.maximum(0, w0 - width), np.minimum(1, w0 + width)
    if rng.random() < 0.3:  # some bounds on one side only
        lower[0] = 0.0
    W = WeightSet(tuple(f"c{j}" for j in range(n)), lower, upper, (), w0)
    r, leader = (0, 1) if X[0] @ w0 < X[1] @ w0 else (1, 0)
    found = pairwise_l1_box(X[r] - X[leader], w0, lower, upper)
    lp = _verified(
        _switch_lp(X, W, w0, r, [leader], "l1", make_solver("highs")), X, W, w0, r, [leader], "l1"
    )
    if found is None:
        assert lp[0] == "cannot"
    else:
        assert lp[0] == "optimal" and W.contains(found[1])
        assert found[0] == pytest.approx(lp[1], abs=1e-7)
        assert (X[r] - X[leader]) @ found[1] >= -1e-9
