"""Independent answers for the ROR tests: vertex enumeration and Dirichlet samples by rejection."""

from __future__ import annotations

import itertools

import numpy as np

from delivery_options.methods.lp import WeightSet


def constraints(W: WeightSet, A: np.ndarray, kinds, eps: float = 0.0):
    """{w : G w >= h, E w = f} for W and the rows, strict rows read as a.w >= eps."""
    n = W.n
    G = [np.eye(n)[j] for j in range(n)] + [-np.eye(n)[j] for j in range(n)]
    h = list(W.lower) + list(-W.upper)
    G += [np.eye(n)[p] - np.eye(n)[q] for p, q in W.order]
    h += [0.0] * len(W.order)
    E, f = [np.ones(n)], [1.0]
    for a, kind in zip(A, kinds, strict=True):
        if kind == "=0":
            E.append(a)
            f.append(0.0)
        else:
            G.append(a)
            h.append(eps if kind == ">=eps" else 0.0)
    return np.array(G), np.array(h), np.array(E), np.array(f)


def vertices(G, h, E, f, tol: float = 1e-9) -> np.ndarray:
    """Every vertex of {x : G x >= h, E x = f}: choose active rows, solve, keep the feasible."""
    d = G.shape[1]
    rank = np.linalg.matrix_rank(E)
    out = []
    for rows in itertools.combinations(range(len(G)), d - rank):
        M = np.vstack([E, G[list(rows)]])
        rhs = np.r_[f, h[list(rows)]]
        if M.shape[0] == d:  # a square system: the common case, solved directly
            if abs(np.linalg.det(M)) < 1e-12:
                continue
            sol = np.linalg.solve(M, rhs)
        else:
            sol, _, r, _ = np.linalg.lstsq(M, rhs, rcond=None)
            if r < d or np.abs(M @ sol - rhs).max() > 1e-9:
                continue
        if (G @ sol >= h - tol).all() and np.abs(E @ sol - f).max() <= tol:
            out.append(sol)
    return np.array(out).reshape(len(out), d)


def max_eps(W: WeightSet, A: np.ndarray, kinds, cap: float = 100.0) -> float | None:
    """eps* by vertex enumeration over (w, eps); None when the non-strict part is empty."""
    G, h, E, f = constraints(W, A, kinds)
    strict = np.array([k == ">=eps" for k in kinds if k != "=0"], dtype=bool)
    base = len(G) - len(strict)
    col = np.zeros((len(G), 1))
    col[base:][strict] = -1.0  # a.w - eps >= 0
    G2 = np.vstack([np.hstack([G, col]), np.r_[np.zeros(W.n), -1.0]])  # -eps >= -cap
    h2 = np.r_[h, -cap]
    # eps is free below: add a floor far below any margin so the set has vertices
    G2 = np.vstack([G2, np.r_[np.zeros(W.n), 1.0]])
    h2 = np.r_[h2, -1000.0]
    E2 = np.hstack([E, np.zeros((len(E), 1))])
    V = vertices(G2, h2, E2, f)
    return float(V[:, -1].max()) if len(V) else None


def dirichlet_in(W: WeightSet, A: np.ndarray, kinds, k: int, seed: int = 0) -> np.ndarray:
    """Uniform points of the compatible set: Dirichlet(1) draws kept when W and every row hold
    (strict rows above 0). Equalities have no volume: do not use with "=0" rows."""
    rng = np.random.default_rng(seed)
    P = rng.dirichlet(np.ones(W.n), size=k)
    ok = np.array([W.contains(p, 0.0) for p in P], dtype=bool)
    V = P @ A.T
    for r, kind in enumerate(kinds):
        assert kind != "=0"
        ok &= V[:, r] > 0 if kind == ">=eps" else V[:, r] >= 0
    return P[ok]
