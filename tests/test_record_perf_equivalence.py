"""What a record settles, faster (issue 23), with the same answers: the first-place shares are
SMAA-2's first-rank acceptability (Lahdelma & Salminen 2001) as ``smaa`` gives it, to the last
bit, without ranking the other places; the draws behind them rule options in as possibly first
as LP points do, and the possible set is the one the old record gave (tests/reference_record.py,
one fresh LP per option and pair); ``settled_first`` is ``settle(...).first``."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import reference_record
from delivery_options.methods import record, smaa
from delivery_options.methods.lp import WeightSet, make_solver, simplex

SOLVER = make_solver("auto")


def _w(rng: np.random.Generator, n: int, kind: str) -> tuple[WeightSet, np.ndarray]:
    crit = tuple(f"c{j}" for j in range(n))
    w0 = rng.dirichlet(np.ones(n))
    if kind == "simplex":
        return simplex(crit), w0
    band = float(rng.choice([0.03, 0.1, 0.3]))
    lower, upper = np.maximum(0, w0 - band), np.minimum(1, w0 + band)
    order = []
    for _ in range(int(rng.integers(0, n))):
        p, q = (int(x) for x in rng.choice(n, 2, replace=False))
        order.append((p, q) if w0[p] >= w0[q] else (q, p))
    rows = []
    if kind == "rows":
        for _ in range(int(rng.integers(1, 4))):
            a = rng.normal(size=n)
            rows.append(a if a @ w0 >= 0 else -a)
    return WeightSet(crit, lower, upper, tuple(dict.fromkeys(order)), w0, tuple(rows)), w0


def _factory(W: WeightSet, force: str | None):
    if force is None:
        return smaa.sampler_for(W, 2_000)
    start = smaa.interior_point(W, SOLVER)
    return lambda rng: smaa.WeightSampler(W, rng, start=start, chains=200, force=force)


def _scores(rng, m, n, coarse):
    if coarse:  # ties
        return (rng.integers(0, 4, (m, n)) * 25).astype(float)
    return rng.integers(0, 101, (m, n)).astype(float)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    m=st.sampled_from([2, 5, 30, 64, 65, 150]),
    n=st.integers(2, 6),
    kind=st.sampled_from(["simplex", "orders", "rows"]),
    force=st.sampled_from([None, "rejection", "hit-and-run"]),
    coarse=st.booleans(),
    samples=st.sampled_from([100, 1_000, 2_345]),
)
def test_first_shares_are_smaa_first_rank_bit_for_bit(seed, m, n, kind, force, coarse, samples):
    """m <= 64 and m > 64 (ranks_of sorts offset values there), every sampler, ties."""
    rng = np.random.default_rng(seed)
    X = _scores(rng, m, n, coarse)
    W, _ = _w(rng, n, kind)
    if kind == "simplex":
        force = None
    names, crit = tuple(f"o{i}" for i in range(m)), W.criteria
    old = smaa.smaa(X, X, X, names, crit, _factory(W, force), samples, seed).acceptability[:, 0]
    new, _ = smaa.first_shares(X, _factory(W, force), samples, seed)
    assert new.tobytes() == old.tobytes()


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    m=st.integers(2, 25),
    n=st.integers(2, 5),
    kind=st.sampled_from(["simplex", "orders", "rows"]),
    coarse=st.booleans(),
)
def test_settled_with_drawn_points_as_before(seed, m, n, kind, coarse):
    """The draws' points rule options in; the record says what the old one said (fresh LPs)."""
    rng = np.random.default_rng(seed)
    X = _scores(rng, m, n, coarse)
    if m > 2 and rng.random() < 0.3:
        X[1] = X[0]
    W, w0 = _w(rng, n, kind)
    names = tuple(f"o{i}" for i in range(m))
    got = smaa.first_shares(X, _factory(W, None), 2_000, seed, lead=record.SLACK - record.TOL)
    new = record.settle("s", X, names, W, w0, SOLVER, lambda: got)
    old = reference_record.settle("s", X, names, W, w0, SOLVER, lambda: got[0])
    assert (new.first, new.possible, new.shares, new.centre) == (
        old.first,
        old.possible,
        old.shares,
        old.centre,
    )
    assert record.settled_first(X, names, W, w0, SOLVER) == new.first


def test_drawn_points_lie_in_w_and_have_a_leader():
    """Each point returned is a draw of W at which its option leads every other by the margin
    asked, one point per option."""
    rng = np.random.default_rng(4)
    X = rng.integers(0, 101, (40, 5)).astype(float)
    W, _ = _w(rng, 5, "rows")
    lead = 0.5
    shares, points = smaa.first_shares(X, _factory(W, "hit-and-run"), 3_000, 1, lead=lead)
    assert len(points) > 1
    leaders = []
    for p in points:
        assert W.violation(p) <= 1e-9
        v = np.sort(X @ p)
        assert v[-1] - v[-2] >= lead - 1e-9
        leaders.append(int(np.argmax(X @ p)))
    assert len(set(leaders)) == len(leaders)
    assert all(shares[a] > 0 for a in leaders)


def test_drawn_points_save_lps_on_a_wide_record():
    """Over a record that leaves many options possible, the draws rule most of them in, so
    fewer lead LPs are solved than options (the old code solved one per option)."""
    rng = np.random.default_rng(2)
    m, n = 60, 4
    X = rng.integers(0, 101, (m, n)).astype(float)
    W, w0 = simplex(tuple(f"c{j}" for j in range(n))), rng.dirichlet(np.ones(n))
    names = tuple(f"o{i}" for i in range(m))
    got = smaa.first_shares(X, _factory(W, None), 10_000, 0, lead=record.SLACK - record.TOL)
    calls = []
    best_lead = record._Record.best_lead

    def counted(self, a, start):
        calls.append(a)
        return best_lead(self, a, start)

    record._Record.best_lead = counted
    try:
        with_points = record.settle("s", X, names, W, w0, SOLVER, lambda: got)
        ruled = len(calls)
        calls.clear()
        none = (got[0], np.empty((0, n)))
        without = record.settle("s", X, names, W, w0, SOLVER, lambda: none)
    finally:
        record._Record.best_lead = best_lead
    assert with_points == without
    assert ruled < len(calls)


def test_first_shares_round_near_ties_as_smaa_does():
    """Two options 1e-11 apart: ranks_of's offset sort (m > 64) rounds them level in most
    draws, so both count as first there; first_shares counts them the same way."""
    rng = np.random.default_rng(9)
    X = rng.integers(0, 60, (80, 3)).astype(float)
    X[0] = 99.0
    X[1] = X[0] + 1e-11
    W = simplex(("a", "b", "c"))
    names = tuple(f"o{i}" for i in range(80))
    old = smaa.smaa(X, X, X, names, W.criteria, _factory(W, None), 5_000, 3).acceptability[:, 0]
    new, _ = smaa.first_shares(X, _factory(W, None), 5_000, 3)
    assert 0 < old[0] < 1 and old[1] == 1.0
    assert new.tobytes() == old.tobytes()


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    m=st.integers(2, 150),
    n=st.integers(2, 6),
    kind=st.sampled_from(["orders", "rows"]),
    coarse=st.booleans(),
)
def test_box_bound_from_the_best_point_as_over_every_rival(seed, m, n, kind, coarse):
    """Bounding only the rivals ahead at an option's best known point gives the verdict of
    bounding every rival (a rival better on the whole box is ahead at every point of W)."""
    from delivery_options.methods.robust import box_simplex_min

    rng = np.random.default_rng(seed)
    X = _scores(rng, m, n, coarse)
    W, w0 = _w(rng, n, kind)
    rec = record._Record(X, W, SOLVER)
    for _ in range(3):  # points of W: minimisers of random objectives
        rec.min_over_w(rng.normal(size=n))
    where = np.argmax(X @ np.array(rec.points).T, axis=1)
    for a in range(m):
        every = box_simplex_min(np.delete(X, a, axis=0) - X[a], *rec.box())
        want = bool(every.max(initial=-np.inf) > record.TOL + record.SLACK)
        assert record._box_behind(rec, a, where, first=2) == want
