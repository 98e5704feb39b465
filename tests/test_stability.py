"""Stability intervals: by hand, against Triantaphyllou & Sanchez's closed form, and a scan."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from delivery_options.methods.lp import WeightSet, simplex
from delivery_options.methods.stability import rescaled, stability_intervals
from delivery_options.methods.value import ranks


def test_two_options_by_hand():
    """V = (100t, 100(1-t)) along criterion 1: a stays first while w1 >= 0.5."""
    X = np.array([[100.0, 0.0], [0.0, 100.0]])
    w0 = np.array([0.7, 0.3])
    s = stability_intervals(X, ["c1", "c2"], w0, simplex(["c1", "c2"]))
    assert s[0].top == pytest.approx((0.5, 1.0))
    assert s[1].top == pytest.approx((0.0, 0.5))
    assert s[0].ranking == pytest.approx((0.5, 1.0))


def test_clipped_to_the_stakeholders_bounds():
    X = np.array([[100.0, 0.0], [0.0, 100.0]])
    w0 = np.array([0.7, 0.3])
    W = WeightSet(("c1", "c2"), np.array([0.6, 0.0]), np.array([0.9, 1.0]), (), w0)
    s = stability_intervals(X, ["c1", "c2"], w0, W)
    assert s[0].feasible == pytest.approx((0.6, 0.9))
    assert s[0].top == pytest.approx((0.6, 0.9))
    assert s[1].feasible == pytest.approx((0.1, 0.4))  # w1 = 1 - t must stay in [0.6, 0.9]
    assert s[1].top == pytest.approx((0.1, 0.4))


def test_triantaphyllou_sanchez_critical_change():
    """Change w_k by delta and renormalise: the pair (i above j) reverses at
    delta = (V_i - V_j) / (x_jk - x_ik); the new weight is (w_k + delta) / (1 + delta).
    That must be an end of the stability interval for the top pair (methods.md)."""
    X = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], dtype=float)
    w = np.array([0.20, 0.15, 0.40, 0.25])
    X = X[[0, 2]]  # A1 (21.5) against A3 (22.0): A3 leads
    V = X @ w
    s = stability_intervals(X, list("abcd"), w, simplex("abcd"))
    for k in range(4):
        if X[0, k] == X[1, k]:
            continue
        delta = (V[1] - V[0]) / (X[0, k] - X[1, k])
        if w[k] + delta < 0:
            continue
        t_star = (w[k] + delta) / (1 + delta)
        assert t_star == pytest.approx(s[k].top[0]) or t_star == pytest.approx(s[k].top[1])


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_intervals_match_a_fine_scan(seed):
    rng = np.random.default_rng(seed)
    m, n = 4, 3
    X = rng.integers(0, 101, size=(m, n)).astype(float)
    w0 = rng.dirichlet(np.ones(n))
    v0 = X @ w0
    if np.sort(v0)[-1] - np.sort(v0)[-2] < 1e-6:
        return  # a tie at the start: nothing to scan from
    s = stability_intervals(X, ["a", "b", "c"], w0, simplex("abc"))
    leader = int(np.argmax(v0))
    r0 = ranks(v0)
    ts = np.linspace(0, 1, 2001)
    for k in range(n):
        top_ok = np.array([int(np.argmax(X @ rescaled(w0, k, t))) == leader for t in ts])
        rank_ok = np.array([(ranks(X @ rescaled(w0, k, t)) == r0).all() for t in ts])
        for ok, (lo, hi) in ((top_ok, s[k].top), (rank_ok, s[k].ranking)):
            inside = (ts >= lo + 1e-3) & (ts <= hi - 1e-3)
            outside = (ts < lo - 1e-3) | (ts > hi + 1e-3)
            assert ok[inside].all()
            assert not ok[outside].any()


def test_one_criterion_cannot_move():
    """Found by the fuzz test: with a single criterion the weight is 1 and stays 1."""
    s = stability_intervals(
        np.array([[10.0], [20.0]]), ["only"], np.array([1.0]), simplex(["only"])
    )
    assert s[0].top == s[0].ranking == s[0].feasible == (1.0, 1.0)
