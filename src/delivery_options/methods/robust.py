"""Robust choice under incomplete weight information (Kirkwood & Sarin 1985; Salo & Hamalainen,
PRIME, 2001; methods.md).

Over the feasible weight set W:
  value interval     [min_W V_a, max_W V_a]
  margin             d(a, b) = min_W sum_j (x_aj - x_bj) w_j; a dominates b when d >= 0
                     (strictly when d > 0)
  possibly best      z* = max_W min_{b != r} (V_r - V_b) >= 0
  necessarily best   d(r, b) >= 0 for every b
  max regret         MR(a) = max_{b != a} max_W (V_b - V_a) = -min_b d(a, b); minimax regret
                     = argmin MR, ties broken by the value at the stakeholder's own weights, then
                     by the workspace's option order.

Every minimum of a linear function over W is found exactly. Without order constraints W is a box
cut by the simplex and a greedy fill is exact (the fractional knapsack); with orders the greedy
fill over the box alone is a lower bound, known feasible points give upper bounds, and an LP is
solved only where the bounds leave the answer open.

Cost per option a: the upper bound first uses three points, O(m n): a's lowest point, each
rival b's highest point (where V_b - V_a is largest among a's and b's own extremes) and the
stakeholder's weights. The greedy lower bound (one sort per rival, O(n log n)) is computed only
for the rivals a might dominate (upper bound at least -tolerance) and those whose cheap bound
is below a's least upper bound (the only ones that can hold a's least margin); the others keep
the cheap bound: the larger of the floor min_W V_a - max_W V_b and the Lagrangian dual of the
sum constraint (O(n) a rival with no sort, at one multiplier and, where that leaves many open,
at a few found by partial sorting), never above the greedy bound, so the same rivals reach
the LPs. Only the pairs the bounds leave open take the minimum over
all 2m + 1 known points, O(m n) each; on the benchmarks that is under one pair per option, so
the whole is at most O(m^2 n log n) time and O(m n) memory, where the minimum over every point
for every pair was O(m^3 n) time and O(m^2) memory. Each verdict is the one the full minimum gives: a pair left to
the full minimum gets it; a pair the three points settle has d(a, b) < -tolerance at one of
them, which the full minimum (never larger) also shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .lp import (
    VERIFY_TOL,
    LinearOverW,
    LpModel,
    LpOutcome,
    WeightSet,
    add_weight_set,
    affine,
    clean,
)
from .value import TIE_TOLERANCE


def box_simplex_min(C: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """min c.w over {lower <= w <= upper, sum w = 1} for every row c of C (greedy, exact).

    Start from the lower bounds and pour the remaining weight into the cheapest criteria first.
    """
    C = np.atleast_2d(C)
    rem = 1.0 - lower.sum()
    cap = upper - lower
    idx = np.argsort(C, axis=1, kind="stable")
    cap_sorted = cap[idx]
    before = np.cumsum(cap_sorted, axis=1) - cap_sorted
    fill = np.clip(rem - before, 0.0, cap_sorted)
    return C @ lower + np.sum(np.take_along_axis(C, idx, axis=1) * fill, axis=1)


def box_simplex_argmin(c: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """The weights attaining :func:`box_simplex_min` for one objective c."""
    w = lower.astype(float).copy()
    rem = 1.0 - lower.sum()
    for j in np.argsort(c, kind="stable"):
        add = min(upper[j] - lower[j], max(rem, 0.0))
        w[j] += add
        rem -= add
    return w


def lagrange_min(C: np.ndarray, lower: np.ndarray, upper: np.ndarray, lam: np.ndarray):
    """A lower bound on :func:`box_simplex_min` for every row c of C, in O(n) a row with no sort:
    the Lagrangian dual of the sum constraint at multiplier ``lam`` (one per row),
    lam + sum_j min((c_j - lam) lower_j, (c_j - lam) upper_j), which is at most c.w for every
    w in the box with sum 1 (weak duality) and equals the minimum at the best lam."""
    D = C - lam[:, None]
    base = D @ lower
    np.minimum(D, 0.0, out=D)  # (c_j - lam) upper_j = (c_j - lam) lower_j + (c_j - lam) cap_j
    return lam + base + D @ (upper - lower)


def fill_multipliers(C: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """:func:`lagrange_min` at the best of a few multipliers for each row, found in O(n) a row
    by partial sorting: the greedy fill of :func:`box_simplex_min` ends at the k-th cheapest
    criterion for some k between the fewest criteria whose room covers the weight to pour
    (the largest rooms) and the most (the smallest), and the minimum is the Lagrangian at that
    criterion's c; the multipliers tried are the c's at those ranks and between."""
    n = C.shape[1]
    rem, cap = 1.0 - lower.sum(), upper - lower
    fewest = int(np.searchsorted(np.cumsum(np.sort(cap)[::-1]), rem - 1e-12))
    most = int(np.searchsorted(np.cumsum(np.sort(cap)), rem - 1e-12))
    ranks = sorted({min(n - 1, max(0, k)) for k in (fewest, (fewest + most) // 2, most)})
    part = np.partition(C, ranks, axis=1)
    return np.max([lagrange_min(C, lower, upper, part[:, k]) for k in ranks], axis=0)


@dataclass(frozen=True)
class RobustResult:
    options: tuple[str, ...]
    value_intervals: dict[str, tuple[float, float]]
    possibly_best: tuple[str, ...]
    necessarily_best: str | None
    #: (a, b, strict): a is at least as good as b for every w in W; strict: a is better than b
    #: (by more than the tie tolerance) for every w in W
    dominance: tuple[tuple[str, str, bool], ...]
    max_regret: dict[str, float]
    minimax_regret: str
    lp_count: int


class _Margins:
    """Exact d(a, b) on demand, with cheap bounds first.

    ``P`` holds the known points of W: rows 0..m-1 minimise each option's value, rows m..2m-1
    maximise it, and a last row (when ``own``) is the stakeholder's weights.
    """

    def __init__(self, X: np.ndarray, W: WeightSet, fam: LinearOverW | None, P: np.ndarray, own):
        self.X, self.W, self.fam, self.P, self.own = X, W, fam, P, own
        self.exact: dict[tuple[int, int], float] = {}
        self.points: list[np.ndarray] = []  # the exact LPs' minimisers, points of W
        m = len(X)
        self.high_rival = np.einsum("bn,bn->b", X, P[m : 2 * m])  # V_b at b's highest point
        self.middle = P.mean(axis=0)  # a point of W: the multiplier of the Lagrangian bound

    def bounds(self, a: int, floor: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds on d(a, b) for every b (exact when W has no orders).

        ``floor``: lower bounds already known for every b (min_W V_a - max_W V_b), raised to
        the Lagrangian bound (:func:`lagrange_min` at the value at the known points' mean, O(n)
        a rival with no sort). Then the greedy bound is computed only for the rivals that a
        might dominate (upper bound at least -tolerance) or whose cheap bound is below every
        upper bound (+1e-9; the only ones that can hold a's least margin); the others keep the
        cheap bound, capped at their upper bound, which is below -tolerance or above a's least
        margin, so no verdict or regret depends on it. The greedy bound is never below the
        Lagrangian one, so every rival it could leave below a's least upper bound is bounded
        greedily as when the floor alone chose them: the same verdicts from the same LPs.
        """
        X, P, m = self.X, self.P, len(self.X)
        C = X[a][None, :] - X
        ub = C @ P[a]  # at a's lowest point
        np.minimum(ub, P[m : 2 * m] @ X[a] - self.high_rival, out=ub)  # at each b's highest
        if self.own:
            np.minimum(ub, C @ P[-1], out=ub)
        if floor is None:
            rows = np.arange(m)
            lb = box_simplex_min(C, self.W.lower, self.W.upper)
        else:
            cheap = np.maximum(floor, lagrange_min(C, self.W.lower, self.W.upper, C @ self.middle))
            loose = np.flatnonzero(cheap < ub.min() + 1e-9)
            if len(loose) > 64:  # sharper multipliers where the first leaves many rivals open
                sharp = fill_multipliers(C[loose], self.W.lower, self.W.upper)
                cheap[loose] = np.maximum(cheap[loose], sharp)
            rows = np.flatnonzero((ub >= -TIE_TOLERANCE) | (cheap < ub.min() + 1e-9))
            lb = np.minimum(cheap, ub)
            lb[rows] = box_simplex_min(C[rows], self.W.lower, self.W.upper)
        if not self.W.order and not self.W.rows:
            ub[rows] = lb[rows]  # the greedy fill is exact
            return lb, np.maximum(ub, lb)
        open_ = rows[(lb[rows] <= TIE_TOLERANCE) & (ub[rows] >= -TIE_TOLERANCE)]
        if len(open_):  # the minimum over every known point, only where it can matter
            ub[open_] = np.min(C[open_] @ P.T, axis=1)
        return lb, np.maximum(ub, lb)

    def exact_value(self, a: int, b: int) -> float:
        key = (a, b)
        if key not in self.exact:
            out = self.fam.optimise(self.X[a] - self.X[b])
            if not out.ok:
                raise RuntimeError(f"the dominance LP for options {a}, {b} ended {out.status}")
            self.exact[key] = out.objective
            self.points.append(out.w)
        return self.exact[key]


class _LeadLps:
    """Can option r come first somewhere in W? max z <= 0 with V_r - V_b >= z for each rival b:
    r can be first iff z* = 0. Capping z at 0 makes the rivals that r already dominates
    redundant.

    As in switching.py, a variable s = X_r.w carries the target (its row is the only one that
    depends on r) and rival rows s - X_b.w - z >= 0 are shared by every target and added by row
    generation. A shared row for an option that r dominates (their margin is at least minus the
    tie tolerance everywhere in W), or for r itself, lowers z* by at most that tolerance; the
    lead is recomputed over r's own rivals and checked against the LP's. Built once with PuLP,
    re-solved in place (:class:`~.lp.LpModel`).
    """

    def __init__(self, X: np.ndarray, W: WeightSet, solver):
        import pulp

        prob = pulp.LpProblem("possibly_best", pulp.LpMinimize)
        self.w = add_weight_set(prob, W)
        self.s = prob.add_variable("s")
        self.z = prob.add_variable("z", upBound=0)
        prob += self.s - affine(self.w, X[0]) == 0, "target"
        prob.setObjective(-1.0 * self.z)  # maximise z
        self.X, self.W = X, W
        self.row_vars = [self.s, *self.w, self.z]  # a rival row's variables
        self.model = LpModel(prob, solver, self.w)
        self.pooled = np.zeros(len(X), dtype=bool)

    def solve(self, r: int, rivals: Sequence[int], start: np.ndarray, first: int = 8) -> LpOutcome:
        X = self.X
        rival = np.zeros(len(X), dtype=bool)
        rival[list(rivals)] = True
        self.model.set_row("target", self.w, -X[r])
        order = np.argsort(-(X @ start), kind="stable")  # strongest at ``start`` first
        for b in order[rival[order]][:first]:
            self._add(int(b))
        while True:
            out = self.model.solve()
            if not out.ok:
                return out
            v = X @ out.w
            z = -out.objective
            broken = np.flatnonzero((v[r] - v < z - 1e-9) & rival & ~self.pooled)
            if not len(broken):
                break
            for b in broken:
                self._add(int(b))
        wv = clean(out.w)
        v = X @ wv
        lead = min(0.0, float(v[r] - np.max(v[list(rivals)]))) if rivals else 0.0
        if not self.W.contains(wv) or abs(lead - z) > VERIFY_TOL:
            return LpOutcome("failed")
        return LpOutcome("optimal", lead, wv)

    def _add(self, b: int) -> None:
        if not self.pooled[b]:
            s, w, z, x = self.s, self.w, self.z, self.X[b]
            self.model.add_row_later(
                f"lead{b}",
                lambda: s - affine(w, x) - z >= 0,
                self.row_vars,
                np.r_[1.0, -x, -1.0],
                0.0,
            )
            self.pooled[b] = True


def _first_at_points(X: np.ndarray, P: np.ndarray, block: int = 256):
    """Which options are first (within the tie tolerance) at some point of P, and each option's
    best point (the first where its value is highest), a block of points at a time so that the
    m x |P| values are never held at once."""
    m = len(X)
    first = np.zeros(m, dtype=bool)
    top, where = np.full(m, -np.inf), np.zeros(m, dtype=int)
    for k in range(0, len(P), block):
        vals = X @ P[k : k + block].T
        first |= np.any(vals >= vals.max(axis=0) - TIE_TOLERANCE, axis=1)
        j = np.argmax(vals, axis=1)
        v = vals[np.arange(m), j]
        better = v > top
        top[better], where[better] = v[better], k + j[better]
    return first, where


def _known_points(
    X: np.ndarray,
    W: WeightSet,
    w0: np.ndarray | None,
    fam: LinearOverW | None,
    lows_too: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Each option's value interval over W and the points of W that attain them: rows 0..m-1
    of P minimise each option's value, rows m..2m-1 maximise it, and a last row (when ``own``)
    is the stakeholder's weights. Without ``lows_too``, only the maximising points (rows
    0..m-1) and no lows (NaN)."""
    m = len(X)
    lows, highs, points = np.full(m, np.nan), np.empty(m), []
    # similar LPs in turn: warm starts help
    for sign, store in ((1.0, lows), (-1.0, highs))[0 if lows_too else 1 :]:
        for a in range(m):
            if fam is None:
                w = box_simplex_argmin(sign * X[a], W.lower, W.upper)
            else:
                out = fam.optimise(sign * X[a])
                if not out.ok:
                    raise RuntimeError(f"the value-interval LP ended {out.status}")
                w = out.w
            store[a] = float(X[a] @ w)
            points.append(w)
    own = w0 is not None and W.contains(w0)  # weights moved outside W are no point of it
    if own:
        points.append(w0)
    return lows, highs, np.array(points), own


def possibly_best(
    X: np.ndarray,
    options: Sequence[str],
    W: WeightSet,
    solver,
    candidates: np.ndarray | None = None,
) -> tuple[str, ...]:
    """The options first at some w in W (z* >= -tolerance in :class:`_LeadLps`): what
    :func:`robust_choice` gives as ``possibly_best`` with no stakeholder's weights, without the
    pairwise margins and regret it also computes (O(m^2) LPs when W has statement rows).

    First at a known point (here the points that maximise each candidate's value: an option is
    rarely first where another's value is least) rules an option in. A rival better by more
    than the tolerance everywhere on W's box and the simplex (a superset of W) rules it out, as
    strict dominance does in :func:`robust_choice`; only the rivals ahead at the option's best
    known point can be, so only they are bounded (O(k n log n) for k of them, not O(m n log n)).
    A lead LP over every rival decides the rest. Over every rival rather than those the option
    does not dominate: a rival b it dominates has V_r - V_b >= -tol everywhere, so z* over all
    rivals is at least min(z* over the others, -tol), and the two z* are on the same side of
    -tol. Each lead LP's point rules in the options first there, as a known point does.

    ``candidates``: the only options that can be first somewhere in W (a mask), when the caller
    knows more, e.g. the options possibly first over a set that contains W (methods/record.py,
    whose tolerance is wider): the others are ruled out with no LP, and only the candidates'
    known points are found.
    """
    m = len(options)
    cand = np.ones(m, dtype=bool) if candidates is None else np.asarray(candidates, dtype=bool)
    if not cand.any():
        return ()
    fam = LinearOverW(W, solver) if W.order or W.rows else None
    _, _, P, _ = _known_points(X[cand], W, None, fam, lows_too=False)
    first, best_point = _first_at_points(X, P)
    first &= cand
    lead: _LeadLps | None = None
    for r in np.argsort(-(X @ P.mean(axis=0)), kind="stable"):
        r = int(r)
        if first[r] or not cand[r]:
            continue
        # a rival can be better everywhere only if it is better at r's best known point
        v = X @ P[best_point[r]]
        ahead = np.flatnonzero(v - v[r] > TIE_TOLERANCE)
        behind = box_simplex_min(X[ahead] - X[r], W.lower, W.upper)  # lower bounds of d(b, r)
        if behind.max(initial=-np.inf) > TIE_TOLERANCE:
            continue
        if lead is None:
            lead = _LeadLps(X, W, solver)
        out = lead.solve(r, [b for b in range(m) if b != r], P[best_point[r]])
        if not out.ok:
            raise RuntimeError(f"the possibly-best LP ended {out.status}")
        if out.objective >= -TIE_TOLERANCE:
            first[r] = True
        v = X @ out.w
        first |= (v >= v.max() - TIE_TOLERANCE) & cand
    return tuple(o for o, f in zip(options, first, strict=True) if f)


def robust_choice(
    X: np.ndarray, options: Sequence[str], W: WeightSet, w0: np.ndarray | None, solver
) -> RobustResult:
    m = len(options)
    fam = LinearOverW(W, solver) if W.order or W.rows else None
    lows, highs, P, own = _known_points(X, W, w0, fam)
    margins = _Margins(X, W, fam, P, own)

    # pairwise margins: exact where the dominance verdict or the regret depends on them
    dominates = np.zeros((m, m), dtype=bool)
    strict = np.zeros((m, m), dtype=bool)
    min_margin = np.full(m, np.inf)
    for a in range(m):
        lb, ub = margins.bounds(a, lows[a] - highs)
        lb[a] = ub[a] = np.inf
        d = np.where(lb >= ub - 1e-12, lb, np.nan)  # exact where the bounds meet (d[a] = inf)
        # elsewhere, solve only where the bounds do not settle the verdict
        unsettled = np.isnan(d) & (ub >= -TIE_TOLERANCE) & (lb <= TIE_TOLERANCE)
        for b in np.flatnonzero(unsettled):
            d[b] = margins.exact_value(a, int(b))
        # max regret needs min_b d(a, b) exactly: solve every candidate that could be lower
        best = float(np.min(np.where(np.isnan(d), ub, d)))
        for b in np.argsort(lb, kind="stable"):
            if b == a or lb[b] >= best:
                break
            if np.isnan(d[b]):
                d[b] = margins.exact_value(a, int(b))
                best = min(best, d[b])
        if m > 1:
            min_margin[a] = best
        known = np.where(np.isnan(d), lb, d)  # where unsolved, lb > tol or ub < -tol
        known[a] = -np.inf
        dominates[a] = known >= -TIE_TOLERANCE
        strict[a] = known > TIE_TOLERANCE

    # possibly best: first at a known point (the value intervals' points, the margin LPs' and
    # the lead LPs' minimisers), or not strictly dominated and a verified LP says so
    first_somewhere, best_point = _first_at_points(X, P)
    if margins.points:
        first_somewhere |= _first_at_points(X, np.array(margins.points))[0]
    possibly = []
    lead_lps = 0
    lead: _LeadLps | None = None
    for r in range(m):
        if first_somewhere[r]:
            possibly.append(options[r])
            continue
        if strict[:, r].any():
            continue
        rivals = [b for b in range(m) if b != r and not dominates[r, b]]
        if lead is None:
            lead = _LeadLps(X, W, solver)
        out = lead.solve(r, rivals, P[best_point[r]])
        lead_lps += 1
        if not out.ok:
            raise RuntimeError(f"the possibly-best LP ended {out.status}")
        if out.objective >= -TIE_TOLERANCE:
            possibly.append(options[r])
        v = X @ out.w
        first_somewhere |= v >= v.max() - TIE_TOLERANCE

    max_regret = np.where(np.isfinite(min_margin), -min_margin, 0.0)
    necessarily = [a for a in range(m) if min_margin[a] >= -TIE_TOLERANCE]
    v0 = X @ w0 if w0 is not None else X @ P.mean(axis=0)
    mm = min(range(m), key=lambda a: (round(float(max_regret[a]), 9), -v0[a], a))
    return RobustResult(
        options=tuple(options),
        value_intervals={options[a]: (float(lows[a]), float(highs[a])) for a in range(m)},
        possibly_best=tuple(possibly),
        necessarily_best=options[necessarily[0]] if len(necessarily) == 1 else None,
        dominance=tuple(
            (options[a], options[b], bool(strict[a, b]))
            for a, b in zip(*np.nonzero(dominates), strict=True)
        ),
        max_regret={options[a]: float(max_regret[a]) for a in range(m)},
        minimax_regret=options[mm],
        lp_count=(fam.count if fam else 0) + lead_lps,
    )
