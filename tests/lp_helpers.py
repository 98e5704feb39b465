"""Independent helpers for the LP tests: sampling W by rejection, brute-force grids."""

from __future__ import annotations

import itertools

import numpy as np

from delivery_options.methods.lp import WeightSet


def simplex_grid(n: int, steps: int) -> np.ndarray:
    """Every weight vector on the simplex with coordinates in multiples of 1/steps."""
    pts = [
        np.array(c + (steps - sum(c),)) / steps
        for c in itertools.product(range(steps + 1), repeat=n - 1)
        if sum(c) <= steps
    ]
    return np.array(pts)


def sample_w(W: WeightSet, k: int, seed: int = 0) -> np.ndarray:
    """Uniform points of W: Dirichlet(1) on the simplex, kept when they satisfy W."""
    rng = np.random.default_rng(seed)
    pts = rng.dirichlet(np.ones(W.n), size=k * 20)
    keep = [p for p in pts if W.contains(p, 0.0)]
    return np.array(keep[:k]) if keep else np.empty((0, W.n))
