"""Switching values: how far weights or scores must move before another option comes first.

Switching weights (Wolters & Mareschal 1995; methods.md): the smallest change w' - w, within the
stakeholder's feasible set W, after which a target option r scores at least as high as its rivals:
    minimise sum(p + q)   (L1)  or  t with p, q <= t   (L-infinity)
    subject to w' in W, w' - w = p - q, p, q >= 0, sum_j (x_rj - x_bj) w'_j >= 0 for each rival b.
"Weight moved" is L1 / 2: every unit taken from one criterion is given to another.

Score switching values (HM Treasury Green Book): how far one option's score on one criterion
must move, the weights held, before the top option changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model.types import Criterion
from .lp import (
    VERIFY_TOL,
    LpModel,
    LpOutcome,
    WeightSet,
    add_weight_set,
    affine,
    clean,
)
from .value import TIE_TOLERANCE, ranks


@dataclass(frozen=True)
class Switch:
    """The least weight change that lets ``option`` reach the top (or just the leader)."""

    option: str
    status: str  # "leader", "optimal", "cannot" (no weights in W allow it) or "failed"
    l1: float | None = None
    linf: float | None = None
    weights_l1: np.ndarray | None = None
    weights_linf: np.ndarray | None = None
    method: str = "lp"  # "lp" or "closed form"

    @property
    def moved(self) -> float | None:
        """Points of weight moved (L1 / 2)."""
        return None if self.l1 is None else self.l1 / 2


def pairwise_l1_simplex(g: np.ndarray, w: np.ndarray) -> tuple[float, np.ndarray] | None:
    """Closed form for one pair on the whole simplex (no extra constraints).

    Make g.w' >= 0 (g = x_r - x_b) with the least L1 change: move weight to the criterion with
    the largest g, taking it first from the criteria with the smallest g. With G = -g.w this gives
    L1* = 2G / (max g - min g) whenever the weight at argmin g covers G / (max g - min g)
    (methods.md). Returns None when no weights on the simplex allow it.
    """
    need = -float(g @ w)
    if need <= 0:
        return 0.0, w.copy()
    k = int(np.argmax(g))
    new = w.astype(float).copy()
    moved = 0.0
    for j in np.argsort(g, kind="stable"):
        gain = g[k] - g[j]
        if gain <= 0:
            break
        take = min(new[j], need / gain)
        new[j] -= take
        new[k] += take
        moved += take
        need -= take * gain
        if need <= TIE_TOLERANCE:
            return 2 * moved, new
    return None


def pairwise_l1_box(
    g: np.ndarray, w: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> tuple[float, np.ndarray] | None:
    """Closed form for one pair on a box cut by the simplex (bounds, no orders).

    Make g.w' >= 0 with the least L1 change: take weight from the criteria with the smallest g
    (down to their lower bounds) and give it to those with the largest g (up to their upper
    bounds). Moving M units gains at most (sum of the M units' largest g received) - (sum of
    the M units' smallest g given), which is concave in M, so walking the two sorted lists
    finds the least M; the L1 change is 2M. With no bounds this is
    :func:`pairwise_l1_simplex`. Returns None when no weights in the box allow it.
    """
    need = -float(g @ w)
    if need <= 0:
        return 0.0, w.copy()
    up, down = np.argsort(-g, kind="stable"), np.argsort(g, kind="stable")
    room, spare = upper - w, w - lower
    new = w.astype(float).copy()
    moved, i, j = 0.0, 0, 0
    while i < len(g) and j < len(g):
        k, m = up[i], down[j]
        if room[k] <= 0:
            i += 1
            continue
        if spare[m] <= 0:
            j += 1
            continue
        gain = g[k] - g[m]
        if gain <= 0:
            break
        take = min(room[k], spare[m], need / gain)
        new[k] += take
        new[m] -= take
        room[k] -= take
        spare[m] -= take
        moved += take
        need -= take * gain
        if need <= TIE_TOLERANCE:
            return 2 * moved, new
    return None


class _SwitchLps:
    """The switching LPs from one w0 over one W in one norm, for any target option r.

    A variable s = X_r.w holds the target's value (its row is the only one that depends on r),
    and each rival b has a row s - X_b.w >= 0. Rival rows are shared by every target (for the
    target itself the row is 0 >= 0) and added by row generation: solve, add every rival the
    answer leaves ahead, repeat; exact, as an optimum that keeps every rival's row is optimal
    for the whole LP and an infeasible relaxation means the whole LP is infeasible. Built once
    with PuLP and re-solved in place (:class:`~.lp.LpModel`).
    """

    def __init__(self, X: np.ndarray, W: WeightSet, w0: np.ndarray, norm: str, solver):
        import pulp

        prob = pulp.LpProblem(f"switch_{norm}", pulp.LpMinimize)
        w = add_weight_set(prob, W)
        s = prob.add_variable("s")
        prob += s - affine(w, X[0]) == 0, "target"
        if norm == "l1":
            # w - w0 = p - q with p, q >= 0; at the optimum sum(p + q) = sum|w - w0|
            p = [prob.add_variable(f"p{j}", lowBound=0) for j in range(W.n)]
            q = [prob.add_variable(f"q{j}", lowBound=0) for j in range(W.n)]
            for j in range(W.n):
                prob += w[j] - p[j] + q[j] == float(w0[j]), f"delta{j}"
            prob.setObjective(affine(p + q, np.ones(2 * W.n)))
        else:
            # |w_j - w0_j| <= t for every j
            t = prob.add_variable("t", lowBound=0)
            for j in range(W.n):
                prob += w[j] - t <= float(w0[j]), f"up{j}"
                prob += w[j] + t >= float(w0[j]), f"down{j}"
            prob.setObjective(t + 0)
        self.X, self.w, self.s = X, w, s
        self.row_vars = [s, *w]  # a rival row's variables
        self.order = np.argsort(-(X @ w0), kind="stable")  # the strongest rivals first
        self.model = LpModel(prob, solver, w)
        self.pooled = np.zeros(len(X), dtype=bool)

    def solve(self, r: int, rivals: Sequence[int], first: int = 8) -> LpOutcome:
        X = self.X
        rival = np.zeros(len(X), dtype=bool)
        rival[list(rivals)] = True
        self.model.set_row("target", self.w, -X[r])
        for b in self.order[rival[self.order]][:first]:
            self._add(int(b))
        while True:
            out = self.model.solve()
            if not out.ok:
                return out
            v = X @ out.w
            broken = np.flatnonzero((v[r] - v < -1e-9) & rival & ~self.pooled)
            if not len(broken):
                return out
            for b in broken:
                self._add(int(b))

    def _add(self, b: int) -> None:
        if not self.pooled[b]:
            s, w, x = self.s, self.w, self.X[b]
            self.model.add_row_later(
                f"beat{b}", lambda: s - affine(w, x) >= 0, self.row_vars, np.r_[1.0, -x], 0.0
            )
            self.pooled[b] = True


def _switch_lp(
    X: np.ndarray,
    W: WeightSet,
    w0: np.ndarray,
    r: int,
    rivals: Sequence[int],
    norm: str,
    solver,
) -> LpOutcome:
    """One switching LP on its own (a model used once)."""
    return _SwitchLps(X, W, w0, norm, solver).solve(r, rivals)


def _verified(
    out: LpOutcome, X: np.ndarray, W: WeightSet, w0: np.ndarray, r: int, rivals, norm: str
) -> tuple[str, float | None, np.ndarray | None]:
    """Re-evaluate an LP answer: in W, the target really ties or wins, distance recomputed."""
    if out.status == "infeasible":
        return "cannot", None, None
    if not out.ok:
        return "failed", None, None
    w = clean(out.w)
    v = X @ w
    if not W.contains(w) or np.any(v[r] < v[list(rivals)] - VERIFY_TOL):
        return "failed", None, None
    d = np.abs(w - w0)
    dist = float(d.sum() if norm == "l1" else d.max())
    if abs(dist - out.objective) > VERIFY_TOL:
        return "failed", None, None
    return "optimal", dist, w


def switching_weights(
    X: np.ndarray,
    options: Sequence[str],
    W: WeightSet,
    w0: np.ndarray,
    solver,
    pairwise: bool,
    candidates: Sequence[bool] | None = None,
) -> list[Switch]:
    """Switching weights for every option.

    ``pairwise``: the rival is only the current leader; otherwise every other option.
    ``candidates[i]`` False means option i cannot do what is asked anywhere in W (for the full
    version: it is not possibly best; for the pairwise version: the leader beats it strictly
    everywhere in W), so it is reported as "cannot" without an LP.
    """
    v0 = X @ w0
    first = ranks(v0) == 1
    leader = int(np.flatnonzero(first)[0])  # as in the ranking: first in workspace order
    lps: dict[str, _SwitchLps] = {}

    def lp(norm: str, r: int, rivals: list[int]):
        if norm not in lps:  # one model per norm, shared by every target
            lps[norm] = _SwitchLps(X, W, w0, norm, solver)
        return _verified(lps[norm].solve(r, rivals), X, W, w0, r, rivals, norm)

    out: dict[int, Switch] = {}
    for r in np.argsort(-v0, kind="stable"):  # similar LPs in turn: the warm starts help
        r, oid = int(r), options[r]
        if first[r]:
            out[r] = Switch(oid, "leader", 0.0, 0.0, w0.copy(), w0.copy(), "none")
            continue
        rivals = [leader] if pairwise else [b for b in range(len(options)) if b != r]
        if candidates is not None and not candidates[r]:
            out[r] = Switch(oid, "cannot")
            continue
        if pairwise and W.is_simplex:
            found = pairwise_l1_simplex(X[r] - X[leader], w0)
            lp_inf = lp("linf", r, rivals)
            if found is None:
                out[r] = Switch(oid, "cannot", method="closed form")
            else:
                l1, w1 = found
                out[r] = Switch(oid, "optimal", l1, lp_inf[1], w1, lp_inf[2], "closed form")
            continue
        if pairwise and W.contains(w0):
            # the closed form on W's box is exact for W when its answer keeps W's orders
            found = pairwise_l1_box(X[r] - X[leader], w0, W.lower, W.upper)
            if found is None:  # not even within the box
                out[r] = Switch(oid, "cannot", method="closed form")
                continue
            if W.contains(found[1]):
                lp_inf = lp("linf", r, rivals)
                if lp_inf[0] != "optimal":
                    out[r] = Switch(oid, lp_inf[0])
                    continue
                l1, w1 = found
                out[r] = Switch(oid, "optimal", l1, lp_inf[1], w1, lp_inf[2], "closed form")
                continue
        res = {norm: lp(norm, r, rivals) for norm in ("l1", "linf")}
        statuses = {res["l1"][0], res["linf"][0]}
        status = "failed" if "failed" in statuses else res["l1"][0]
        if status != "optimal":
            out[r] = Switch(oid, status)
            continue
        out[r] = Switch(oid, "optimal", res["l1"][1], res["linf"][1], res["l1"][2], res["linf"][2])
    return [out[r] for r in range(len(options))]


# --- score switching values ------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreSwitch:
    """How far ``option``'s raw score on ``criterion`` must move before the top option changes."""

    option: str
    criterion: str
    role: str  # "leader" (its score falls) or "challenger" (its score rises)
    current: float  # raw score
    switch_at: float | None  # raw score at which the top changes; None: not within the scale
    change: float | None  # switch_at - current, in the criterion's own units
    plausible: tuple[float, float]  # the score's low-high range (raw)
    within_range: bool  # the switch lies inside the plausible range: weak evidence matters


def _to_raw(c: Criterion, v: float) -> float:
    lo, hi = c.scale
    return hi - v * (hi - lo) / 100 if c.direction == "cost" else lo + v * (hi - lo) / 100


def score_switching(
    X: np.ndarray,
    options: Sequence[str],
    criteria: Sequence[Criterion],
    raw: Sequence[Sequence[tuple[float, float, float]]],
    w: np.ndarray,
    top: int = 3,
) -> list[ScoreSwitch]:
    """Score switching values for the leader and the next ``top - 1`` options.

    The leader's value on criterion j must fall by margin / w_j (margin = its lead over the
    runner-up); a challenger's must rise by (V_leader - V_challenger) / w_j. Values stay on
    0-100; a switch beyond the scale end is reported as None. ``raw[i][j]`` is (value, low, high).
    """
    v = X @ w
    order = sorted(range(len(options)), key=lambda i: (-v[i], i))
    leader = order[0]
    runner_up = v[order[1]] if len(order) > 1 else v[leader]
    out = []
    for i in order[: max(1, top)]:
        is_leader = i == leader
        gap = (v[leader] - runner_up) if is_leader else (v[leader] - v[i])
        for j, crit in enumerate(criteria):
            value, low, high = raw[i][j]
            new_raw = change = None
            within = False
            if w[j] > 0:
                delta = gap / w[j]
                target = X[i, j] - delta if is_leader else X[i, j] + delta
                if -TIE_TOLERANCE <= target <= 100 + TIE_TOLERANCE:
                    new_raw = float(_to_raw(crit, min(100.0, max(0.0, float(target)))))
                    change = new_raw - value
                    within = bool(min(low, high) - 1e-9 <= new_raw <= max(low, high) + 1e-9)
            out.append(
                ScoreSwitch(
                    options[i],
                    crit.id,
                    "leader" if is_leader else "challenger",
                    value,
                    new_raw,
                    change,
                    (low, high),
                    within,
                )
            )
    return out
