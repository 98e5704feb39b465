"""Robust choice over W: closed forms, extreme points, brute force, and LP agreement."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from delivery_options.methods.lp import LinearOverW, WeightSet, make_solver, simplex
from delivery_options.methods.robust import box_simplex_min, robust_choice
from lp_helpers import sample_w


def _chain(n: int) -> WeightSet:
    """w_1 >= w_2 >= ... >= w_n: a full ordering."""
    return WeightSet(
        tuple(f"c{j}" for j in range(n)),
        np.zeros(n),
        np.ones(n),
        tuple((j, j + 1) for j in range(n - 1)),
    )


def _chain_vertices(n: int) -> np.ndarray:
    """Extreme points of the full ordering: (1/r)(1, ..., 1, 0, ..., 0) (methods.md)."""
    return np.array([np.r_[np.ones(r), np.zeros(n - r)] / r for r in range(1, n + 1)])


def test_box_simplex_greedy_by_hand():
    # min 3a + 1b + 2c with a, b, c in [0.1, 0.5], sum 1: b = 0.5, c = 0.4, a = 0.1 -> 1.6
    got = box_simplex_min(np.array([[3.0, 1.0, 2.0]]), np.full(3, 0.1), np.full(3, 0.5))
    assert got[0] == pytest.approx(0.3 + 0.5 + 0.8)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_box_simplex_greedy_equals_lp(seed):
    rng = np.random.default_rng(seed)
    n = 5
    w0 = rng.dirichlet(np.ones(n))
    W = WeightSet(tuple("abcde"), np.maximum(0, w0 - 0.1), np.minimum(1, w0 + 0.1), (), w0)
    c = rng.normal(size=n)
    out = LinearOverW(W, make_solver("auto")).optimise(c)
    assert box_simplex_min(c[None, :], W.lower, W.upper)[0] == pytest.approx(
        out.objective, abs=1e-7
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_full_ordering_matches_extreme_points(seed):
    """With w_1 >= ... >= w_n, W's vertices are known: check every result against them."""
    rng = np.random.default_rng(seed)
    m, n = 5, 4
    X = rng.integers(0, 101, size=(m, n)).astype(float)
    W = _chain(n)
    V = _chain_vertices(n) @ X.T  # vertices x options
    res = robust_choice(X, list("abcde"), W, None, make_solver("auto"))
    for a, o in enumerate("abcde"):
        assert res.value_intervals[o] == pytest.approx((V[:, a].min(), V[:, a].max()))
        mr = max((V[:, b] - V[:, a]).max() for b in range(m) if b != a)
        assert res.max_regret[o] == pytest.approx(mr, abs=1e-7)
    expected = {
        (a, b)
        for a in range(m)
        for b in range(m)
        if a != b and (np.cumsum(X[a] - X[b]) >= -1e-9).all()
    }
    got = {("abcde".index(a), "abcde".index(b)) for a, b, _ in res.dominance}
    assert got == expected


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_possibly_best_against_sampling_and_certificates(seed):
    rng = np.random.default_rng(seed)
    m, n = 5, 3
    X = rng.integers(0, 101, size=(m, n)).astype(float)
    w0 = np.full(n, 1 / 3)
    W = WeightSet(tuple("abc"), w0 - 0.2, w0 + 0.2, ((0, 2),), w0)
    res = robust_choice(X, list("vwxyz"), W, w0, make_solver("auto"))
    pts = sample_w(W, 3000, seed)
    vals = pts @ X.T
    first = vals >= vals.max(axis=1, keepdims=True) - 1e-12
    for r, o in enumerate("vwxyz"):
        if first[:, r].any():
            assert o in res.possibly_best  # seen first at a sampled point of W
    # a strictly dominated option is never possibly best
    for a, b, strict in res.dominance:
        if strict:
            assert b not in res.possibly_best
            assert (vals[:, "vwxyz".index(a)] > vals[:, "vwxyz".index(b)]).all()


def test_necessarily_best_and_minimax_regret_by_hand():
    """a = (60, 60) against b = (100, 0) with w1 in [0.3, 0.5]: V_b - V_a = 100 w1 - 60 < 0
    throughout, so a is necessarily best; b's max regret is 60 - 30 = 30 at w1 = 0.3."""
    X = np.array([[60.0, 60.0], [100.0, 0.0]])
    w0 = np.array([0.4, 0.6])
    W = WeightSet(("c1", "c2"), np.array([0.3, 0.5]), np.array([0.5, 0.7]), (), w0)
    res = robust_choice(X, ["a", "b"], W, w0, make_solver("auto"))
    assert res.necessarily_best == "a"
    assert res.possibly_best == ("a",)
    assert res.max_regret == pytest.approx({"a": -10.0, "b": 30.0})
    assert res.minimax_regret == "a"
    assert res.dominance == (("a", "b", True),)
    assert res.value_intervals["b"] == pytest.approx((30.0, 50.0))


def test_triantaphyllou_tie_on_simplex():
    X = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], dtype=float)
    res = robust_choice(X, ["A1", "A2", "A3"], simplex("abcd"), None, make_solver("auto"))
    # on the whole simplex each option is best at the vertex of its best criterion
    assert set(res.possibly_best) == {"A1", "A2", "A3"}
    assert res.necessarily_best is None
    assert res.value_intervals["A1"] == pytest.approx((15.0, 30.0))
