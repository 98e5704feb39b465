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
import reference_ror_blocks
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
    """``fn`` (a necessary_margins) on the model as analyse readies it, and the LPs it solved."""
    C = ror.compatible_set(X, opts, W, sts)
    model = ror.CompatLp(C, SOLVER)
    assert ror.margin(C, SOLVER, model).status == "consistent"
    centre = ror.chebyshev_centre(C, SOLVER)
    _, ends, _ = ror.weight_ranges(C, SOLVER, model)
    P = np.array([centre.w, *ends])
    before = model.count
    got = fn(model, X, W, P)
    return got, model.count - before


def _classes(lo: np.ndarray) -> tuple[np.ndarray, set, np.ndarray]:
    """What analyse reads from an m x m array of least differences (the old code's form): the
    necessary pairs, the boundary ties and the options beaten by more than the tolerance."""
    off = ~np.eye(len(lo), dtype=bool)
    necessary = off & (lo >= -ror.MARGIN_TOL)
    ties = {(int(a), int(b)) for a, b in np.argwhere(off & (np.abs(lo) <= ror.MARGIN_TOL))}
    beaten = np.any(off & (lo > ror.MARGIN_TOL + ror.VERIFY_TOL), axis=0)
    return necessary, ties, beaten


@pytest.mark.parametrize(("seed", "m", "n", "k"), [(1, 40, 5, 6), (2, 80, 8, 10), (3, 60, 4, 3)])
def test_margins_decide_as_the_row_by_row_version(seed, m, n, k):
    """The same necessary pairs, boundary ties and beaten options as the row-by-row version
    (the thresholds analyse reads), the minima both solved equal, and fewer LPs."""
    X, opts, W, sts = _case(seed, m, n, k, limited=seed == 2)
    new, new_lps = _margins(X, opts, W, sts, ror.necessary_margins)
    (old, old_exact), old_lps = _margins(X, opts, W, sts, reference_ror.necessary_margins_by_row)
    necessary, ties, beaten = _classes(old)
    assert np.array_equal(new.necessary, necessary)
    assert {tuple(p) for p in new.ties.tolist()} == ties
    assert np.array_equal(new.beaten, beaten)
    both = [
        (v, old[a, b]) for (a, b), v in zip(new.solved, new.values, strict=True) if old_exact[a, b]
    ]
    assert both and np.allclose(*np.array(both).T, atol=1e-9)
    assert not np.diag(new.necessary).any()
    assert new_lps < old_lps


@pytest.mark.parametrize("cells", [1, 7, 100, 1 << 20])
@pytest.mark.parametrize(("seed", "m", "n", "k"), [(4, 50, 5, 4), (2, 80, 8, 10), (9, 35, 3, 2)])
def test_margins_in_blocks_as_the_whole_array(monkeypatch, cells, seed, m, n, k):
    """Row blocks of any size (one row, a few, all) solve the same LPs in the same order as the
    whole m x m array did (tests/reference_ror_blocks.py): the same minimisers, the same
    minima, and the same answers read from them."""
    monkeypatch.setattr(ror, "BLOCK_CELLS", cells)
    X, opts, W, sts = _case(seed, m, n, k, limited=seed == 2)
    new, new_lps = _margins(X, opts, W, sts, ror.necessary_margins)
    (lo, exact, found), old_lps = _margins(X, opts, W, sts, reference_ror_blocks.necessary_margins)
    assert new_lps == old_lps == len(new.solved) and new_lps > 0
    assert np.array_equal(new.found, found)
    assert np.array_equal(exact, np.isin(np.arange(m * m), new.solved @ [m, 1]).reshape(m, m))
    assert np.array_equal(lo[tuple(new.solved.T)], new.values)
    necessary, ties, beaten = _classes(lo)
    assert np.array_equal(new.necessary, necessary)
    assert [tuple(p) for p in new.ties.tolist()] == sorted(ties)
    assert np.array_equal(new.beaten, beaten)


def test_margins_against_the_vertices_of_the_compatible_set():
    """30 options, 4 criteria: each LP's minimum is the least (x_a - x_b).w over the closure's
    vertices (enumerated), and the necessary pairs and beaten options are as those minima say."""
    X, opts, W, sts = _case(7, 30, 4, 4, limited=True)
    C = ror.compatible_set(X, opts, W, sts)
    V = vertices(*constraints(W, C.A, C.kinds))
    vals = X @ V.T
    true = (vals[:, None, :] - vals[None, :, :]).min(axis=2)
    got, _ = _margins(X, opts, W, sts, ror.necessary_margins)
    off = ~np.eye(len(X), dtype=bool)
    assert len(got.solved) and got.necessary.any() and (off & ~got.necessary).any()
    assert np.allclose(got.values, true[tuple(got.solved.T)], atol=1e-7)
    assert np.array_equal(got.necessary, off & (true >= -1e-7))
    # beaten: some option is better everywhere by more than the tolerance (greedy bounds and
    # LP minima are at most the true minimum, so none is beaten that is not)
    truly = np.any(off & (true > ror.MARGIN_TOL + ror.VERIFY_TOL), axis=0)
    assert got.beaten.any() and not (got.beaten & ~truly).any()
    assert all(
        (abs(true[a, b]) <= 1e-6) for a, b in got.ties.tolist()
    )  # a tie is one at the vertices


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


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    m=st.integers(2, 40),
    n=st.integers(2, 6),
    k=st.integers(1, 6),
    limited=st.booleans(),
    cells=st.sampled_from([1, 5, 64, 1 << 20]),
)
def test_analysis_as_the_whole_array_version(seed, m, n, k, limited, cells):
    """analyse with the relations in row blocks gives every answer the m x m version gave
    (tests/reference_ror_blocks.py), with the same LPs: the necessary and possible relations,
    the possibly and necessarily first options and the LP count."""
    X, opts, W, sts = _case(seed, m, n, k, limited)
    old = reference_ror_blocks.analyse(X, opts, W, sts, SOLVER)
    ror.BLOCK_CELLS, keep = cells, ror.BLOCK_CELLS
    try:
        new = ror.analyse(X, opts, W, sts, SOLVER)
    finally:
        ror.BLOCK_CELLS = keep
    assert new.status == old.status == "consistent"
    assert np.array_equal(new.necessary_matrix, old.necessary_matrix)
    assert np.array_equal(new.possible_matrix, old.possible_matrix)
    assert new.possibly_first == old.possibly_first
    assert new.necessarily_first == old.necessarily_first
    assert new.lp_count == old.lp_count
    assert new.document() == old.document()


def test_pairs_read_in_slices_as_the_whole_list():
    """Pairs (the lazy list JSON writes) gives, slice by slice, the row-major pairs of the
    matrix, empty rows and all."""
    rng = np.random.default_rng(0)
    M = rng.random((23, 23)) < 0.3
    M[4] = False
    M[:, 0] = False
    opts = [f"o{i}" for i in range(23)]
    want = [[opts[a], opts[b]] for a, b in np.argwhere(M)]
    pairs = ror.Pairs(M, opts)
    assert len(pairs) == len(want) and pairs.tolist() == want
    for size in (1, 2, 7, 50, 1000):
        got = [p for s in range(0, len(pairs), size) for p in pairs[s : s + size].tolist()]
        assert got == want
    assert ror.Pairs(np.zeros((3, 3), dtype=bool), opts[:3]).tolist() == []
