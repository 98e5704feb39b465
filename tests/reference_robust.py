"""methods/robust.py as it was before the performance work (issue 23), kept verbatim but
for its imports: the reference oracle the new code is compared with on random cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from delivery_options.methods.lp import (
    VERIFY_TOL,
    LinearOverW,
    LpModel,
    LpOutcome,
    WeightSet,
    add_weight_set,
    affine,
    clean,
)
from delivery_options.methods.value import TIE_TOLERANCE


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
    """Exact d(a, b) on demand, with cheap bounds first."""

    def __init__(self, X: np.ndarray, W: WeightSet, fam: LinearOverW | None, points: np.ndarray):
        self.X, self.W, self.fam = X, W, fam
        S = X @ points.T  # m x P: values at known feasible points
        self.S = S
        self.exact: dict[tuple[int, int], float] = {}

    def bounds(self, a: int) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds on d(a, b) for every b (exact when W has no orders)."""
        C = self.X[a][None, :] - self.X
        lb = box_simplex_min(C, self.W.lower, self.W.upper)
        ub = np.min(self.S[a][None, :] - self.S, axis=1)
        if not self.W.order and not self.W.rows:
            ub = lb.copy()
        return lb, np.maximum(ub, lb)

    def exact_value(self, a: int, b: int) -> float:
        key = (a, b)
        if key not in self.exact:
            out = self.fam.optimise(self.X[a] - self.X[b])
            if not out.ok:
                raise RuntimeError(f"the dominance LP for options {a}, {b} ended {out.status}")
            self.exact[key] = out.objective
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
            self.model.add_row(f"lead{b}", self.s - affine(self.w, self.X[b]) - self.z >= 0)
            self.pooled[b] = True


def robust_choice(
    X: np.ndarray, options: Sequence[str], W: WeightSet, w0: np.ndarray | None, solver
) -> RobustResult:
    m = len(options)
    fam = LinearOverW(W, solver) if W.order or W.rows else None

    # value intervals and the extreme points that attain them
    lows, highs, points = np.empty(m), np.empty(m), []
    for sign, store in ((1.0, lows), (-1.0, highs)):  # similar LPs in turn: warm starts help
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
    if w0 is not None and W.contains(w0):  # weights moved outside W are no point of it
        points.append(w0)
    P = np.array(points)
    margins = _Margins(X, W, fam, P)

    # pairwise margins: exact where the dominance verdict or the regret depends on them
    dominates = np.zeros((m, m), dtype=bool)
    strict = np.zeros((m, m), dtype=bool)
    min_margin = np.full(m, np.inf)
    for a in range(m):
        lb, ub = margins.bounds(a)
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

    # possibly best: first at a known point, or not strictly dominated and a verified LP says so
    at_points = X @ P.T
    first_somewhere = np.any(at_points >= at_points.max(axis=0) - TIE_TOLERANCE, axis=1)
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
        out = lead.solve(r, rivals, P[int(np.argmax(at_points[r]))])
        lead_lps += 1
        if not out.ok:
            raise RuntimeError(f"the possibly-best LP ended {out.status}")
        if out.objective >= -TIE_TOLERANCE:
            possibly.append(options[r])

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
            for a in range(m)
            for b in range(m)
            if dominates[a, b]
        ),
        max_regret={options[a]: float(max_regret[a]) for a in range(m)},
        minimax_regret=options[mm],
        lp_count=(fam.count if fam else 0) + lead_lps,
    )
