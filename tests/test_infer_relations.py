"""The necessary and possible relations of `options infer` (robust ordinal regression, Greco,
Mousseau & Slowinski 2008) after the pre-pass that shares each LP's point with every open pair:
the same answers as the old code (tests/reference_ror.py) and as brute force over the vertices
of the compatible set."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reference_ror
from delivery_options.methods import ror
from delivery_options.methods.lp import WeightSet, make_solver, simplex
from delivery_options.model.statements import CriteriaOrder, Prefer
from ror_helpers import constraints, max_eps, vertices

SOLVER = make_solver("auto")


def _case(seed: int, m: int, n: int, k: int, limited: bool = False):
    """m options, n criteria, k preferences true at hidden weights (so they can all hold)."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 101, (m, n)).astype(float)
    opts, crit = [f"o{i}" for i in range(m)], [f"c{j}" for j in range(n)]
    w0 = rng.dirichlet(np.ones(n))
    v = X @ w0
    sts = []
    while len(sts) < k:
        a, b = (int(x) for x in rng.choice(m, 2, replace=False))
        if abs(v[a] - v[b]) > 0.5:
            hi, lo = (a, b) if v[a] > v[b] else (b, a)
            sts.append(Prefer(opts[hi], opts[lo], source="t"))
    W = simplex(crit)
    if limited:
        i, j = np.argsort(-w0)[:2]
        sts.append(CriteriaOrder((crit[i], crit[j]), source="t"))
        W = WeightSet(tuple(crit), np.maximum(0, w0 - 0.25), np.minimum(1, w0 + 0.25))
    return X, opts, W, sts


def _margins(X, opts, W, sts, fn):
    """``fn`` (a necessary_margins) on the model as analyse readies it."""
    C = ror.compatible_set(X, opts, W, sts)
    model = ror.CompatLp(C, SOLVER)
    assert ror.margin(C, SOLVER, model).status == "consistent"
    centre = ror.chebyshev_centre(C, SOLVER)
    _, ends, _ = ror.weight_ranges(C, SOLVER, model)
    P = np.array([centre.w, *ends])
    lo, exact = fn(model, X, W, P)[:2]
    return lo, exact, model.count


@pytest.mark.parametrize(("seed", "m", "n", "k"), [(1, 40, 5, 6), (2, 80, 8, 10), (3, 60, 4, 3)])
def test_margins_decide_as_the_row_by_row_version(seed, m, n, k):
    """Every pair on the same side of -MARGIN_TOL, MARGIN_TOL and MARGIN_TOL + VERIFY_TOL (the
    thresholds analyse reads), exact entries equal, and fewer LPs."""
    X, opts, W, sts = _case(seed, m, n, k, limited=seed == 2)
    new, new_exact, new_lps = _margins(X, opts, W, sts, ror.necessary_margins)
    old, old_exact, old_lps = _margins(X, opts, W, sts, reference_ror.necessary_margins_by_row)
    off = ~np.eye(m, dtype=bool)
    tol, hi = ror.MARGIN_TOL, ror.MARGIN_TOL + ror.VERIFY_TOL
    for t in (-tol, tol, hi):
        assert np.array_equal(new[off] >= t, old[off] >= t)
    both = new_exact & old_exact
    assert np.allclose(new[both], old[both], atol=1e-9)
    assert np.isnan(np.diag(new)).all()
    assert new_lps < old_lps


def test_margins_against_the_vertices_of_the_compatible_set():
    """30 options, 4 criteria: each exact entry is the least (x_a - x_b).w over the closure's
    vertices (enumerated), and each other entry is on the same side of the tolerance."""
    X, opts, W, sts = _case(7, 30, 4, 4, limited=True)
    C = ror.compatible_set(X, opts, W, sts)
    V = vertices(*constraints(W, C.A, C.kinds))
    vals = X @ V.T
    true = (vals[:, None, :] - vals[None, :, :]).min(axis=2)
    lo, exact, _ = _margins(X, opts, W, sts, ror.necessary_margins)
    off = ~np.eye(len(X), dtype=bool)
    assert exact.any() and (lo[off] < -ror.MARGIN_TOL).any() and (lo[off] > ror.MARGIN_TOL).any()
    assert np.allclose(lo[exact], true[exact], atol=1e-7)
    assert np.array_equal(lo[off] >= -ror.MARGIN_TOL, true[off] >= -1e-7)
    # a point's value is an upper bound on the least difference, the greedy bound a lower one
    got, want = lo[off & ~exact], true[off & ~exact]
    assert (got >= want - 1e-9)[got < 0].all() and (got <= want + 1e-9)[got > 0].all()


def test_analysis_against_brute_force_with_many_options():
    """24 options, 3 criteria: the relations and the first choices as vertex enumeration gives
    them (necessary: the least difference over the closure's vertices >= 0; possible and
    possibly first: the greatest margin eps over (w, eps) with the extra rows is > 0)."""
    X, opts, W, sts = _case(11, 24, 3, 3)
    res = ror.analyse(X, opts, W, sts, SOLVER)
    C = ror.compatible_set(X, opts, W, sts)
    V = vertices(*constraints(W, C.A, C.kinds))
    vals = X @ V.T

    def possible_in_c(extra: np.ndarray) -> bool:
        eps = max_eps(W, np.vstack([C.A, extra]), C.kinds + (">=0",) * len(extra))
        return eps is not None and eps > 1e-6

    m = len(X)
    for a in range(m):
        for b in range(m):
            if a != b:
                nec = (vals[a] - vals[b]).min() >= -1e-7
                assert ((opts[a], opts[b]) in res.necessary) == nec
                if not nec and (vals[b] - vals[a]).max() < 1e-6:
                    assert ((opts[a], opts[b]) in res.possible) == possible_in_c(X[a] - X[b])
        beat = np.array([X[a] - X[b] for b in range(m) if b != a])
        assert (opts[a] in res.possibly_first) == possible_in_c(beat)
    assert 1 < len(res.possibly_first) < m and res.necessary


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    m=st.integers(10, 40),
    n=st.integers(2, 6),
    k=st.integers(1, 6),
    limited=st.booleans(),
)
def test_analysis_as_the_old_code_on_random_cases(seed, m, n, k, limited):
    """Every answer of analyse as a fresh PuLP model per LP gave it (tests/reference_ror.py)."""
    X, opts, W, sts = _case(seed, m, n, k, limited)
    new = ror.analyse(X, opts, W, sts, SOLVER)
    old = reference_ror.analyse(X, opts, W, sts, SOLVER)
    assert new.status == old.status == "consistent"
    assert new.possibly_first == old.possibly_first
    assert new.necessarily_first == old.necessarily_first
    assert new.necessary == old.necessary
    assert new.possible == old.possible
    for key in ("necessary", "possible", "possibly_first", "necessarily_first"):
        assert new.document()[key] == old.document()[key]


def test_points_show_possibly_first_only_what_the_lp_would():
    """The options first_somewhere certifies from known points are possibly first by vertex
    enumeration (eps* over (w, eps) with a >= every other option is > 0), and it certifies
    some that are not first at the centre."""
    X, opts, W, sts = _case(5, 30, 3, 3)
    C = ror.compatible_set(X, opts, W, sts)
    V = vertices(*constraints(W, C.A, C.kinds))
    centre = ror.chebyshev_centre(C, SOLVER).w
    got = ror.first_somewhere(C, X, V, centre, ror.MARGIN_TOL)
    vc = X @ centre
    assert (got & (vc < vc.max() - 1e-6)).any()
    for a in np.flatnonzero(got):
        beat = np.array([X[a] - X[b] for b in range(len(X)) if b != a])
        eps = max_eps(W, np.vstack([C.A, beat]), C.kinds + (">=0",) * len(beat))
        assert eps is not None and eps > 1e-6
    res = ror.analyse(X, opts, W, sts, SOLVER)
    assert {opts[a] for a in np.flatnonzero(got)} <= set(res.possibly_first)
