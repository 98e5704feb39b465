"""The faster methods (issue 23) give the answers the code gave before: each is compared with
the old module (tests/reference_*.py, kept verbatim) on random cases, ties and edge cases
included."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reference_robust
from delivery_options.methods import robust
from delivery_options.methods.lp import WeightSet, make_solver, simplex

SOLVER = make_solver("auto")


def _random_w(rng: np.random.Generator, n: int, kind: str) -> tuple[WeightSet, np.ndarray]:
    """A weight set of the given kind and the stakeholder's weights (sometimes outside it)."""
    crit = tuple(f"c{j}" for j in range(n))
    w0 = rng.dirichlet(np.ones(n))
    if kind == "simplex":
        return simplex(crit), w0
    band = float(rng.choice([0.03, 0.1, 0.3]))
    lower, upper = np.maximum(0, w0 - band), np.minimum(1, w0 + band)
    pairs = []
    for _ in range(int(rng.integers(1, n))):
        p, q = (int(x) for x in rng.choice(n, 2, replace=False))
        if w0[p] < w0[q]:
            p, q = q, p
        pairs.append((p, q))
    rows: tuple[np.ndarray, ...] = ()
    if kind == "rows":
        a = rng.normal(size=n)
        rows = (a if a @ w0 >= 0 else -a,)  # w0 keeps W non-empty
    if rng.random() < 0.2:
        w0 = rng.dirichlet(np.ones(n))  # weights moved outside W: no point of it
    return WeightSet(crit, lower, upper, tuple(dict.fromkeys(pairs)), w0, rows), w0


def _same_robust(new, old) -> None:
    assert new.options == old.options
    assert new.possibly_best == old.possibly_best
    assert new.necessarily_best == old.necessarily_best
    assert new.dominance == old.dominance
    assert new.minimax_regret == old.minimax_regret
    for o in old.options:
        assert new.value_intervals[o] == pytest.approx(old.value_intervals[o], abs=1e-9)
        assert new.max_regret[o] == pytest.approx(old.max_regret[o], abs=1e-7)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    m=st.integers(2, 40),
    n=st.integers(2, 7),
    kind=st.sampled_from(["simplex", "orders", "rows"]),
    coarse=st.booleans(),
)
def test_robust_choice_as_before(seed, m, n, kind, coarse):
    """Bounds in O(m n) per option, points a block at a time: the same verdicts and values."""
    rng = np.random.default_rng(seed)
    X = (rng.integers(0, 4, (m, n)) * 25 if coarse else rng.integers(0, 101, (m, n))).astype(float)
    W, w0 = _random_w(rng, n, kind)
    names = [f"o{i}" for i in range(m)]
    new = robust.robust_choice(X, names, W, w0, SOLVER)
    old = reference_robust.robust_choice(X, names, W, w0, SOLVER)
    _same_robust(new, old)


def test_robust_bounds_as_before_on_a_larger_case():
    """300 options with close values: many pairs are left to the full minimum over the points."""
    rng = np.random.default_rng(7)
    m, n = 300, 12
    X = 50 + rng.normal(0, 3, (m, n))
    W, w0 = _random_w(rng, n, "orders")
    names = [f"o{i}" for i in range(m)]
    _same_robust(
        robust.robust_choice(X, names, W, w0, SOLVER),
        reference_robust.robust_choice(X, names, W, w0, SOLVER),
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000), m=st.integers(2, 30), n=st.integers(2, 6))
def test_margin_bounds_bracket_the_old_bounds(seed, m, n):
    """Per option, the new upper bound is never below the old one where the old one could
    decide anything, and equals it wherever it is still undecided."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 101, (m, n)).astype(float)
    W, w0 = _random_w(rng, n, "orders")
    fam = robust.LinearOverW(W, SOLVER)
    pts = [fam.optimise(s * X[a]).w for s in (1.0, -1.0) for a in range(m)]
    own = W.contains(w0)
    P = np.array(pts + ([w0] if own else []))
    new = robust._Margins(X, W, fam, P, own)
    old = reference_robust._Margins(X, W, fam, P)
    tol = robust.TIE_TOLERANCE
    for a in range(m):
        lb, ub = new.bounds(a)
        lb0, ub0 = old.bounds(a)
        assert np.array_equal(lb, lb0)
        assert (ub >= ub0 - 1e-9).all()
        undecided = (lb <= tol) & (ub >= -tol)
        assert np.allclose(ub[undecided], ub0[undecided], atol=1e-9)
        # where the new bound decided "not dominated", the old one did too
        assert (ub0[(lb <= tol) & (ub < -tol)] < -tol).all()
