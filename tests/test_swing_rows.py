"""A swing statement with an exactly rated node keeps only the rows with that node (2 (k - 1),
not k (k - 1)): the same set of weights as every pair's rows gave, by vertex enumeration and by
the LPs (Mustajoki, Hamalainen & Salo 2005 for the rows)."""

from __future__ import annotations

import numpy as np
import pytest

from delivery_options.methods import ror
from delivery_options.methods.lp import make_solver, simplex
from delivery_options.model.statements import Row, Swing, swing_rows
from ror_helpers import constraints, vertices

SOLVER = make_solver("auto")


def every_pair_rows(ratings, crit_ids) -> list[Row]:
    """The rows as they were made before: both rows of every ordered pair (the reference)."""
    col = {c: np.eye(len(crit_ids))[list(crit_ids).index(c)] for c, _, _ in ratings}
    out = []
    for k, (ci, li, ui) in enumerate(ratings):
        for cj, lj, uj in ratings[k + 1 :]:
            i, j = col[ci], col[cj]
            if li == ui and lj == uj:
                a = uj * i - ui * j
                if a.any():
                    out.append(Row(a, "=0"))
                continue
            for (p, lp, _), (q, _, uq) in (((i, li, ui), (j, lj, uj)), ((j, lj, uj), (i, li, ui))):
                a = uq * p - lp * q
                if (a < 0).any():
                    out.append(Row(a, ">=0"))
    return out


def _ratings(rng, crit, k: int, exact: int):
    """k nodes, the first ``exact`` of them rated exactly (the first at 100), the rest ranges
    (some starting at 0), in a random order."""
    named = rng.choice(len(crit), size=k, replace=False)
    out = []
    for t, j in enumerate(named):
        if t == 0:
            lo = hi = 100.0
        elif t < exact:
            lo = hi = float(rng.integers(10, 100))
        else:
            lo = 0.0 if rng.random() < 0.25 else float(rng.integers(5, 70))
            hi = float(min(100, lo + rng.integers(5, 60)))
        out.append((crit[j], lo, hi))
    order = rng.permutation(k)
    return [out[t] for t in order]


def _vertex_set(W, rows) -> np.ndarray:
    A = np.array([r.a for r in rows]).reshape(len(rows), W.n)
    V = vertices(*constraints(W, A, tuple(r.kind for r in rows)))
    return np.unique(np.round(V, 9), axis=0)


@pytest.mark.parametrize("seed", range(40))
def test_the_same_weights_as_every_pairs_rows(seed):
    """Random swings over 3-6 criteria, one to three nodes rated exactly: fewer rows, and the
    same vertices of the weight set (so the same set), the same weight ranges, margin and
    Chebyshev radius from the LPs."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 7))
    crit = tuple(f"c{j}" for j in range(n))
    k = int(rng.integers(3, n + 1))
    ratings = _ratings(rng, crit, k, exact=int(rng.integers(1, min(k, 3) + 1)))
    W = simplex(crit)
    new, old = swing_rows(ratings, crit), every_pair_rows(ratings, crit)
    assert len(new) <= 2 * (k - 1) and len(new) <= len(old)
    got, want = _vertex_set(W, new), _vertex_set(W, old)
    assert len(want) and got.shape == want.shape and np.allclose(got, want, atol=1e-8)
    # the LPs, through the statement as the analyses read it
    X = np.zeros((1, n))
    C = ror.compatible_set(X, ["o"], W, [Swing(tuple(ratings), source="t")])
    Cold = ror.Compatible(
        W,
        np.array([r.a for r in old]).reshape(len(old), n),
        tuple(r.kind for r in old),
        (0,) * len(old),
    )
    for a, b in ((C, Cold),):
        ra, _, _ = ror.weight_ranges(a, SOLVER)
        rb, _, _ = ror.weight_ranges(b, SOLVER)
        for c in crit:
            assert ra[c] == pytest.approx(rb[c], abs=1e-7)
        ca, cb = ror.chebyshev_centre(a, SOLVER), ror.chebyshev_centre(b, SOLVER)
        assert ca.radius == pytest.approx(cb.radius, abs=1e-7)
        assert b.contains(ca.w) and a.contains(cb.w)


def test_every_row_kept_is_needed_here():
    """Four nodes, one exact: 6 rows kept of 12, the same set, and dropping any one of the six
    changes it (so the vertex comparison tells sets apart)."""
    crit = ("a", "b", "c", "d")
    ratings = [("a", 100.0, 100.0), ("b", 40.0, 60.0), ("c", 20.0, 50.0), ("d", 10.0, 30.0)]
    new, old = swing_rows(ratings, crit), every_pair_rows(ratings, crit)
    assert (len(new), len(old)) == (6, 12)
    W = simplex(crit)
    want = _vertex_set(W, old)
    assert np.array_equal(_vertex_set(W, new), want)
    for k in range(len(new)):
        less = _vertex_set(W, new[:k] + new[k + 1 :])
        assert less.shape != want.shape or not np.allclose(less, want)


def test_no_exact_rating_keeps_every_pair():
    """With only ranges no row is implied by two others: every pair's rows stay."""
    crit = ("a", "b", "c")
    ratings = [("a", 80.0, 100.0), ("b", 40.0, 60.0), ("c", 20.0, 50.0)]
    new, old = swing_rows(ratings, crit), every_pair_rows(ratings, crit)
    assert len(new) == len(old) == 6
    assert all(np.array_equal(x.a, y.a) for x, y in zip(new, old, strict=True))


def test_thirty_nodes_give_fifty_eight_rows():
    """The statement that made 870 dense rows now makes 58 (adversary 7's dense swings)."""
    crit = tuple(f"c{j}" for j in range(30))
    ratings = [(crit[0], 100.0, 100.0)] + [(c, 10.0, 90.0) for c in crit[1:]]
    assert len(swing_rows(ratings, crit)) == 58
    assert len(every_pair_rows(ratings, crit)) == 870
