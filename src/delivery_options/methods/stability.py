"""Weight stability intervals (Mareschal 1988; Triantaphyllou & Sanchez 1997), in closed form.

For criterion k, the weight moves along w_k(t) = t with the other weights rescaled in proportion,
w_j(t) = w_j (1 - t) / (1 - w_k). Every option's value is then linear in t, and so is every
constraint of W, so each condition "a stays at or above b" or "w(t) stays in W" holds on an
interval of t. The stability interval is the intersection of those intervals:
  top:     the leader stays first (pairs leader-rival);
  ranking: the whole ranking is unchanged (adjacent pairs in rank order suffice).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .lp import WeightSet
from .value import TIE_TOLERANCE


@dataclass(frozen=True)
class StabilityInterval:
    criterion: str
    weight: float
    top: tuple[float, float]
    ranking: tuple[float, float]
    feasible: tuple[float, float]  # where the rescaled family stays inside W


def family(w0: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """w(t) = A + B t for the one-at-a-time family on criterion k."""
    n = len(w0)
    rest = 1.0 - w0[k]
    share = w0 / rest if rest > 1e-12 else np.full(n, 1.0 / (n - 1))
    A, B = share.copy(), -share.copy()
    A[k], B[k] = 0.0, 1.0
    return A, B


def interval_where_nonneg(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """The t in [0, 1] with a_i + b_i t >= 0 for every i (an interval, possibly empty)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    lo, hi = 0.0, 1.0
    pos, neg = b > 1e-15, b < -1e-15
    if pos.any():
        lo = max(lo, float(np.max(-a[pos] / b[pos])))
    if neg.any():
        hi = min(hi, float(np.min(-a[neg] / b[neg])))
    flat = ~(pos | neg)
    if flat.any() and float(np.min(a[flat])) < 0:
        return (np.nan, np.nan)
    return (lo, hi) if lo <= hi else (np.nan, np.nan)


def _pairs_interval(X: np.ndarray, A: np.ndarray, B: np.ndarray, pairs) -> tuple[float, float]:
    if not pairs:
        return (0.0, 1.0)
    hi_idx = np.array([p for p, _ in pairs])
    lo_idx = np.array([q for _, q in pairs])
    diff = X[hi_idx] - X[lo_idx]
    # V_a - V_b along the family, with the tie tolerance used for ranks
    return interval_where_nonneg(diff @ A + TIE_TOLERANCE, diff @ B)


def _w_interval(W: WeightSet, A: np.ndarray, B: np.ndarray) -> tuple[float, float]:
    a = [A - W.lower, W.upper - A]
    b = [B, -B]
    for p, q in W.order:
        a.append(np.array([A[p] - A[q]]))
        b.append(np.array([B[p] - B[q]]))
    for r in W.rows:  # a statement's row r.w >= 0 along the path A + tB
        a.append(np.array([r @ A]))
        b.append(np.array([r @ B]))
    return interval_where_nonneg(np.concatenate(a) + 1e-12, np.concatenate(b))


def _intersect(x: tuple[float, float], y: tuple[float, float]) -> tuple[float, float]:
    lo, hi = max(x[0], y[0]), min(x[1], y[1])
    return (lo, hi) if lo <= hi else (np.nan, np.nan)


def stability_intervals(
    X: np.ndarray, criteria: Sequence[str], w0: np.ndarray, W: WeightSet
) -> list[StabilityInterval]:
    if len(w0) == 1:  # one criterion: its weight is 1 and cannot move
        return [StabilityInterval(criteria[0], 1.0, (1.0, 1.0), (1.0, 1.0), (1.0, 1.0))]
    v0 = X @ w0
    order = sorted(range(len(v0)), key=lambda i: (-v0[i], i))
    leader = order[0]
    top_pairs = [(leader, b) for b in order[1:]]
    adjacent = list(zip(order[:-1], order[1:], strict=True))
    out = []
    for k, cid in enumerate(criteria):
        A, B = family(w0, k)
        feasible = _w_interval(W, A, B)
        out.append(
            StabilityInterval(
                criterion=cid,
                weight=float(w0[k]),
                top=_intersect(_pairs_interval(X, A, B, top_pairs), feasible),
                ranking=_intersect(_pairs_interval(X, A, B, adjacent), feasible),
                feasible=feasible,
            )
        )
    return out


def rescaled(w0: np.ndarray, k: int, t: float) -> np.ndarray:
    """The weight vector with w_k = t and the others rescaled in proportion."""
    A, B = family(w0, k)
    return A + B * t
