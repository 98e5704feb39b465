"""Possibly best without the margins (issue 23): ``robust.possibly_best`` gives the set the old
``robust_choice`` gave (tests/reference_robust.py, kept verbatim) on random cases, ties and
weight sets cut by statement-like rows included; and ``options compare``'s common ground and
hull, which now call it, give the old sets."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reference_robust
from delivery_options.methods import consensus, robust
from delivery_options.methods.lp import WeightSet, make_solver, simplex

SOLVER = make_solver("auto")


def _random_w(rng: np.random.Generator, n: int, kind: str) -> WeightSet:
    crit = tuple(f"c{j}" for j in range(n))
    if kind == "simplex":
        return simplex(crit)
    w0 = rng.dirichlet(np.ones(n))
    band = float(rng.choice([0.03, 0.1, 0.3, 1.0]))
    lower, upper = np.maximum(0, w0 - band), np.minimum(1, w0 + band)
    pairs = []
    for _ in range(int(rng.integers(0, n))):
        p, q = (int(x) for x in rng.choice(n, 2, replace=False))
        pairs.append((p, q) if w0[p] >= w0[q] else (q, p))
    rows = []
    if kind == "rows":
        for _ in range(int(rng.integers(1, 6))):
            a = rng.normal(size=n)
            rows.append(a if a @ w0 >= 0 else -a)  # w0 keeps W non-empty
    return WeightSet(crit, lower, upper, tuple(dict.fromkeys(pairs)), None, tuple(rows))


@settings(max_examples=120, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    m=st.integers(1, 40),
    n=st.integers(2, 7),
    kind=st.sampled_from(["simplex", "orders", "rows"]),
    coarse=st.booleans(),
)
def test_possibly_best_as_robust_choice_gave_it(seed, m, n, kind, coarse):
    rng = np.random.default_rng(seed)
    X = (rng.integers(0, 4, (m, n)) * 25 if coarse else rng.integers(0, 101, (m, n))).astype(float)
    if m > 2 and rng.random() < 0.3:
        X[1] = X[0]  # two options the same everywhere
    W = _random_w(rng, n, kind)
    names = [f"o{i}" for i in range(m)]
    old = reference_robust.robust_choice(X, names, W, None, SOLVER).possibly_best
    assert robust.possibly_best(X, names, W, SOLVER) == old


def test_possibly_best_as_before_on_a_larger_case_cut_by_rows():
    """200 options with close values over a W cut by 8 statement rows: the old code solved a
    margin LP for most pairs; the set is the same."""
    rng = np.random.default_rng(12)
    m, n = 200, 10
    X = 50 + rng.normal(0, 3, (m, n))
    w0 = rng.dirichlet(np.ones(n))
    rows = []
    while len(rows) < 8:
        a, b = (int(x) for x in rng.choice(m, 2, replace=False))
        g = X[a] - X[b]
        rows.append(g if g @ w0 >= 0 else -g)
    crit = tuple(f"c{j}" for j in range(n))
    W = WeightSet(crit, np.maximum(0, w0 - 0.05), np.minimum(1, w0 + 0.05), (), None, tuple(rows))
    names = [f"o{i}" for i in range(m)]
    new = robust.possibly_best(X, names, W, SOLVER)
    assert new == reference_robust.robust_choice(X, names, W, None, SOLVER).possibly_best
    assert 1 < len(new) < m


def test_possibly_best_by_hand():
    """Two criteria, w = (t, 1 - t) for t in [0.2, 0.8]: values 80 - 60t (a), 20 + 60t (b),
    50 (c), 40 (d). a leads for t < 0.5 and b for t > 0.5; c ties them at t = 0.5 (50) and is
    beaten everywhere else; d is below c everywhere. So a, b and c are possibly best."""
    X = np.array([[20.0, 80.0], [80.0, 20.0], [50.0, 50.0], [40.0, 40.0]])
    W = WeightSet(("x", "y"), np.array([0.2, 0.2]), np.array([0.8, 0.8]))
    assert robust.possibly_best(X, list("abcd"), W, SOLVER) == ("a", "b", "c")
    # with an order y >= x (t <= 0.5) b can only tie, at t = 0.5
    W2 = WeightSet(("x", "y"), W.lower, W.upper, ((1, 0),))
    assert robust.possibly_best(X, list("abcd"), W2, SOLVER) == ("a", "b", "c")
    # with t <= 0.4 (a row 0.4 - t >= 0, i.e. 0.4 (t + s) - t = -0.6 t + 0.4 s >= 0) only a
    W3 = WeightSet(("x", "y"), W.lower, W.upper, (), None, (np.array([-0.6, 0.4]),))
    assert robust.possibly_best(X, list("abcd"), W3, SOLVER) == ("a",)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000), m=st.integers(2, 25), n=st.integers(2, 6))
def test_consensus_sets_as_before(seed, m, n):
    """The common ground's and the hull's possibly best, as the old robust choice gave them."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 101, (m, n)).astype(float)
    sets = [_random_w(rng, n, str(rng.choice(["orders", "rows"]))) for _ in range(2)]
    Ws = rng.dirichlet(np.ones(n), 2)
    names, ids = [f"o{i}" for i in range(m)], ["s", "t"]
    con = consensus.consensus(X, names, ids, Ws, sets, SOLVER)
    hull = reference_robust.robust_choice(X @ Ws.T, names, simplex(ids), None, SOLVER)
    assert con.hull_possibly_best == hull.possibly_best
    cg = con.common_ground
    if cg.feasible:
        both = consensus.intersect(sets)
        old = reference_robust.robust_choice(X, names, both, None, SOLVER)
        assert cg.possibly_best == old.possibly_best


def _same_robust(new, old) -> None:
    assert new.options == old.options
    assert new.possibly_best == old.possibly_best
    assert new.necessarily_best == old.necessarily_best
    assert new.dominance == old.dominance
    assert new.minimax_regret == old.minimax_regret
    for o in old.options:
        assert new.value_intervals[o] == pytest.approx(old.value_intervals[o], abs=1e-9)
        assert new.max_regret[o] == pytest.approx(old.max_regret[o], abs=1e-7)


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    m=st.integers(1, 40),
    n=st.integers(2, 7),
    kind=st.sampled_from(["box", "orders", "rows"]),
    coarse=st.booleans(),
    own=st.booleans(),
)
def test_robust_choice_with_the_greedy_bound_where_it_matters_as_before(
    seed, m, n, kind, coarse, own
):
    """The greedy bound only for the rivals an option may dominate or whose floor (its least
    value less theirs at most) is below its least upper bound: the same verdicts and values,
    on boxes without orders (exact greedy), orders and rows."""
    rng = np.random.default_rng(seed)
    X = (rng.integers(0, 4, (m, n)) * 25 if coarse else rng.integers(0, 101, (m, n))).astype(float)
    if m > 2 and rng.random() < 0.3:
        X[1] = X[0]
    W = _random_w(rng, n, "orders" if kind == "box" else kind)
    if kind == "box":
        W = WeightSet(W.criteria, W.lower, W.upper)
    w0 = None
    if own:
        w0 = rng.dirichlet(np.ones(n))
        W = WeightSet(W.criteria, W.lower, W.upper, W.order, w0, W.rows)
    names = [f"o{i}" for i in range(m)]
    _same_robust(
        robust.robust_choice(X, names, W, w0, SOLVER),
        reference_robust.robust_choice(X, names, W, w0, SOLVER),
    )


def test_robust_choice_as_before_on_a_larger_box():
    """300 options with close values on a box without orders (every margin by the greedy fill):
    the same dominance, regret and choice."""
    rng = np.random.default_rng(21)
    m, n = 300, 12
    X = 50 + rng.normal(0, 3, (m, n))
    w0 = rng.dirichlet(np.ones(n))
    crit = tuple(f"c{j}" for j in range(n))
    W = WeightSet(crit, np.maximum(0, w0 - 0.03), np.minimum(1, w0 + 0.03), (), w0)
    names = [f"o{i}" for i in range(m)]
    new = robust.robust_choice(X, names, W, w0, SOLVER)
    _same_robust(new, reference_robust.robust_choice(X, names, W, w0, SOLVER))
    assert new.dominance


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000), m=st.integers(2, 30), n=st.integers(2, 6))
def test_common_ground_from_a_records_possible_options_as_before(seed, m, n):
    """``options compare`` hands the common ground the options one stakeholder's record leaves
    possible (methods/record.py, over a set containing the intersection, with a wider
    tolerance) as its only candidates: the set is the one the old robust choice gave over the
    intersection."""
    from delivery_options.methods import record

    rng = np.random.default_rng(seed)
    X = rng.integers(0, 101, (m, n)).astype(float)
    if m > 2 and rng.random() < 0.3:
        X[1] = X[0]
    stated = _random_w(rng, n, "rows")
    other = _random_w(rng, n, "orders")
    centre = consensus.feasible_point(stated, SOLVER)
    both = consensus.intersect([stated, other])
    if centre is None or consensus.feasible_point(both, SOLVER) is None:
        return
    names = [f"o{i}" for i in range(m)]
    rec = record.settle("s", X, names, stated, centre, SOLVER)
    if rec.settled:  # a settled record lists its first choice alone: compare does not use it
        return
    cand = np.isin(names, rec.possible)
    old = reference_robust.robust_choice(X, names, both, None, SOLVER).possibly_best
    assert set(old) <= set(rec.possible)
    assert robust.possibly_best(X, names, both, SOLVER, cand) == old
