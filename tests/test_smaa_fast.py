"""SMAA's faster steps give the previous code's answers: ranks by one sort per draw, the
batch-means half-width a block of indices at a time, einsum's own loop for the values."""

from __future__ import annotations

import math

import numpy as np
import pytest

import reference_smaa
from delivery_options.methods import smaa
from delivery_options.methods.lp import simplex


def _pairwise(V: np.ndarray) -> np.ndarray:
    return 1 + (V[None, :, :] > V[:, None, :]).sum(axis=1)


@pytest.mark.parametrize("seed", range(6))
def test_sorted_ranks_are_the_pairwise_count_and_the_old_sort(seed):
    """Float32 values (SMAA's with uncertain scores), many ties, m past the pairwise path's 64:
    the ranks by one sort per draw are 1 + the options strictly better (brute force) and the
    previous offset sort's (reference module)."""
    rng = np.random.default_rng(seed)
    m, k = int(rng.integers(65, 300)), int(rng.integers(1, 200))
    V = (rng.integers(0, 40, (m, k)) * 2.5).astype(np.float32)  # ties in every draw
    V[:, ::3] = rng.random((m, len(range(0, k, 3))), dtype=np.float32) * 100  # and few
    got = smaa.ranks_of(V)
    np.testing.assert_array_equal(got, _pairwise(V))
    np.testing.assert_array_equal(got, reference_smaa.ranks_of(V))


def _old_half_width(bm: smaa.BatchMeans, level: float = 0.95) -> float:
    """BatchMeans.half_width as it was (the whole m^2 indices at once)."""
    N = int(bm.n.sum())
    used = bm.n > 0
    b = int(used.sum())
    if b < 2:
        return math.inf
    seen = np.flatnonzero(bm.counts.any(axis=0))
    c = bm.counts[np.ix_(used, seen)].astype(np.float64)
    n = bm.n[used, None].astype(np.float64)
    spread = (c * c / n).sum(axis=0) - c.sum(axis=0) ** 2 / N
    s2 = float(np.max(spread, initial=0.0)) / (b - 1)
    t = smaa.t_quantile(1 - (1 - level) / (2 * bm.m * bm.m), b - 1)
    return t * math.sqrt((s2 + 1 / N) / N)


@pytest.mark.parametrize(
    ("m", "chains", "batches", "draws", "spread"),
    [
        (80, 500, 100, 30_000, 0.01),  # more indices than one block, all batches used
        (80, 500, 100, 700, 0.01),  # some batches still empty
        (3, 60, 30, 500, 1.0),  # a handful of indices
        (70, 300, 30, 5_000, 100.0),  # each option at one rank: one index seen per row
    ],
)
def test_batch_means_half_width_as_before(m, chains, batches, draws, spread):
    """The block-wise half-width is the previous whole-array computation's to the bit, and
    within rounding of the definition t sqrt((s^2 + 1/N) / N) with s^2 from the batch means."""
    rng = np.random.default_rng(m + draws)
    bm = smaa.BatchMeans(m, chains, batches)
    done = 0
    while done < draws:
        k = min(166, draws - done)
        V = rng.random((m, k)).astype(np.float32) + np.arange(m)[:, None] * spread
        bm.add(done, smaa.ranks_of(V))
        done += k
    got = bm.half_width()
    assert got == _old_half_width(bm)
    used = bm.n > 0
    p_j = bm.counts[used] / bm.n[used, None]
    p = bm.counts.sum(axis=0) / bm.n.sum()
    s2 = np.max((bm.n[used, None] * (p_j - p) ** 2).sum(axis=0)) / (used.sum() - 1)
    N = bm.n.sum()
    t = smaa.t_quantile(1 - 0.05 / (2 * m * m), int(used.sum()) - 1)
    assert got == pytest.approx(t * math.sqrt((s2 + 1 / N) / N), rel=1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_smaa_past_64_options_with_uncertain_scores_is_as_before(seed):
    """100 options with score ranges (float32 values, the sorted ranks, einsum's own loop):
    asked for a number of draws, SMAA gives the previous code's answers to the last bit."""
    rng = np.random.default_rng(seed)
    m, n = 100, 6
    X = rng.integers(10, 91, (m, n)).astype(float)
    lo, hi = X - rng.integers(0, 15, (m, n)), X + rng.integers(0, 15, (m, n))
    opts, crit = tuple(f"o{i}" for i in range(m)), tuple(f"c{j}" for j in range(n))
    W = simplex(crit)
    new = smaa.smaa(X, lo, hi, opts, crit, lambda r: smaa.WeightSampler(W, r), 4_000, seed)
    old = reference_smaa.smaa(
        X, lo, hi, opts, crit, lambda r: reference_smaa.WeightSampler(W, r), 4_000, seed
    )
    for f in ("acceptability", "central_weights", "confidence", "holistic"):
        assert np.array_equal(getattr(new, f), getattr(old, f), equal_nan=True), f
    assert new.samples == old.samples and new.confidence_samples == old.confidence_samples
