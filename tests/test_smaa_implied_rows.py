"""Hit-and-run without the constraints that W's own box implies (issue 23; adversary 6's
finding 6: a record of many statements made every step work through every row). A row dropped
is redundant (checked here by an LP over W, independently of the box bound), and the chains,
so every draw, are the same to the last bit as with every row kept."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from delivery_options.methods import smaa
from delivery_options.methods.lp import LinearOverW, WeightSet, make_solver

SOLVER = make_solver("auto")


def _stated(rng: np.random.Generator, n: int, k: int, orders: int) -> WeightSet:
    """W from k statements a.w >= 0 true at a hidden w0 by a margin (as preferences between
    made-up options are: rows x_a - x_b of 0-100 scores), some implied by the others, and
    ``orders`` order pairs true at w0."""
    crit = tuple(f"c{j}" for j in range(n))
    w0 = rng.dirichlet(np.ones(n))
    rows = []
    while len(rows) < k:
        a = rng.integers(0, 101, n) - rng.integers(0, 101, n)
        if a @ w0 > 0.5:
            rows.append(a.astype(float))
    order = []
    for _ in range(orders):
        p, q = (int(x) for x in rng.choice(n, 2, replace=False))
        order.append((p, q) if w0[p] >= w0[q] else (q, p))
    lower, upper = np.zeros(n), np.ones(n)
    return WeightSet(crit, lower, upper, tuple(dict.fromkeys(order)), w0, tuple(rows))


def _pair(W: WeightSet, seed: int, moves: str):
    """Samplers with and without the box, from the same start and seed."""
    pts = smaa.extreme_points(W, SOLVER)
    box, start = (pts.min(axis=0), pts.max(axis=0)), pts.mean(axis=0)
    kw = dict(start=start, chains=50, thin=W.n, moves=moves, force="hit-and-run")
    pruned = smaa.WeightSampler(W, np.random.default_rng(seed), box=box, **kw)
    full = smaa.WeightSampler(W, np.random.default_rng(seed), **kw)
    return pruned, full


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    n=st.integers(3, 8),
    k=st.integers(5, 60),
    orders=st.integers(0, 6),
    moves=st.sampled_from(["pairs", "isotropic"]),
)
def test_chains_without_implied_rows_are_the_same_to_the_bit(seed, n, k, orders, moves):
    W = _stated(np.random.default_rng(seed), n, k, orders)
    pruned, full = _pair(W, seed, moves)
    assert len(full.R) == len(W.rows)
    assert pruned.draw(500).tobytes() == full.draw(500).tobytes()


def test_rows_left_out_are_redundant_by_an_lp_and_many_are_left_out():
    """Each row left out has min over W of a.w well above 0 (an LP over all of W, rows
    included: a row strictly positive at every point of the set is redundant); the box finds
    only part of the rows the LP finds (35 of 96 here), the price of needing no LP per row."""
    rng = np.random.default_rng(7)
    W = _stated(rng, 12, 150, 4)
    pruned, full = _pair(W, 7, "pairs")
    kept = {tuple(r) for r in pruned.R}
    dropped = [r for r in np.array(W.rows) if tuple(r) not in kept]
    fam = LinearOverW(W, SOLVER)
    lp_min = np.array([fam.optimise(np.asarray(r)).objective for r in W.rows])
    assert dropped and all(fam.optimise(r).objective >= smaa.IMPLIED for r in dropped)
    assert len(dropped) <= int((lp_min >= smaa.IMPLIED).sum())
    assert pruned.draw(2_000).tobytes() == full.draw(2_000).tobytes()


def test_implied_is_the_box_and_simplex_minimum():
    """By hand, on w1 in [0.5, 0.7], w2 in [0.2, 0.5], w3 in [0, 0.1] summing to 1: w1 - w2 is
    least at (0.5, 0.5, 0), where it is 0 (kept); w1 - w3 at (0.5, 0.4, 0.1): 0.4 (left out);
    w2 - w3 at (0.7, 0.2, 0.1): 0.1 (left out); w3 - w2 at (0.5, 0.5, 0): -0.5 (kept)."""
    lower, upper = np.array([0.5, 0.2, 0.0]), np.array([0.7, 0.5, 0.1])
    A = np.array([[1, -1, 0], [1, 0, -1], [0, 1, -1], [0, -1, 1]], dtype=float)
    assert smaa.implied(A, lower, upper).tolist() == [False, True, True, False]
    assert smaa.implied(np.zeros((0, 3)), lower, upper).shape == (0,)


def test_sampler_for_passes_the_box_and_draws_as_without_it():
    rng = np.random.default_rng(3)
    W = _stated(rng, 6, 40, 3)
    factory = smaa.sampler_for(W, 10_000)
    s = factory(np.random.default_rng(1))
    assert s.kind == "hit-and-run" and s.box is not None and len(s.R) < len(W.rows)
    full = smaa.WeightSampler(
        W, np.random.default_rng(1), start=s.start, chains=s.chains, thin=2 * W.n, moves="pairs"
    )
    assert s.draw(3_000).tobytes() == full.draw(3_000).tobytes()


@pytest.mark.parametrize("n", [4, 10])
def test_extreme_points_bound_every_weight(n):
    """The 2n points are in W and each attains its weight's least or greatest value (checked
    against rejection draws from W, none outside the box)."""
    W = _stated(np.random.default_rng(n), n, 3 * n, 2)
    pts = smaa.extreme_points(W, SOLVER)
    assert pts.shape == (2 * n, n) and all(W.contains(p) for p in pts)
    draws = smaa.simplex_gaps(np.random.default_rng(0), 200_000, n)
    inside = draws[
        smaa.WeightSampler(W, np.random.default_rng(0), force="rejection")._inside(draws)
    ]
    assert len(inside)
    assert (inside >= pts.min(axis=0) - 1e-9).all() and (inside <= pts.max(axis=0) + 1e-9).all()


def _masked(slack, rate, hi, lo):
    """The chord's ends as the sampler found them before (issue 23): masks over every row."""
    r = slack / rate
    return (
        np.minimum(hi, np.where(rate > 0, r, np.inf).min(axis=1)),
        np.maximum(lo, np.where(rate < 0, r, -np.inf).max(axis=1)),
    )


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), chains=st.integers(1, 40), k=st.integers(1, 12))
def test_chord_without_masks_is_the_masked_chord_to_the_bit(seed, chains, k):
    """Signed zeros, zero and negative (rounded) slacks, zero rates and infinite bounds."""
    rng = np.random.default_rng(seed)
    slack = rng.random((chains, k)) * rng.choice([1e-12, 1.0, 100.0])
    rate = rng.normal(size=(chains, k))
    z, z2 = rng.random((2, chains, k))
    rate[z < 0.1], rate[z > 0.95] = 0.0, -0.0
    slack[z2 < 0.03], slack[z2 > 0.98], slack[(z2 > 0.5) & (z2 < 0.51)] = 0.0, -1e-17, -0.0
    hi, lo = rng.random(chains), -rng.random(chains)
    if rng.random() < 0.2:
        hi[:], lo[:] = np.inf, -np.inf
    with np.errstate(divide="ignore", invalid="ignore"):
        want, got = _masked(slack, rate, hi, lo), smaa._chord(slack, rate, hi, lo)
    assert want[0].tobytes() == got[0].tobytes() and want[1].tobytes() == got[1].tobytes()


@pytest.mark.parametrize("moves", ["pairs", "isotropic"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_chains_are_those_of_the_masked_chord(monkeypatch, moves, seed):
    """Whole chains, from W's centre and from a vertex (every chain on a face at first)."""
    W = _stated(np.random.default_rng(seed), 6, 30, 3)
    pts = smaa.extreme_points(W, SOLVER)
    for start in (pts.mean(axis=0), pts[0]):
        kw = dict(start=start, chains=40, thin=6, moves=moves, force="hit-and-run")
        new = smaa.WeightSampler(W, np.random.default_rng(seed), **kw).draw(1_000)
        monkeypatch.setattr(smaa, "_chord", _masked)
        old = smaa.WeightSampler(W, np.random.default_rng(seed), **kw).draw(1_000)
        monkeypatch.undo()
        assert new.tobytes() == old.tobytes()
