"""Where the stakeholders agree and where they split (methods.md, "Stakeholders").

- regret: a stakeholder's best option's value minus this option's value, in its own weights;
  the minimax-regret option minimises the largest regret over the stakeholders.
- hull: w = sum_s lambda_s w^s with lambda on the simplex. V is linear in w, so V(w) =
  sum_s lambda_s V_s: "possibly best over the hull" is the robust choice over the lambda-simplex
  with the stakeholders' values as the columns (robust.py's possibly-best LPs).
- compromise: the weights minimising the largest L1 distance to any stakeholder's weights (LP).
- common ground: the intersection of the stakeholders' acceptable sets W_s (LP feasibility);
  when empty, the conflicting pairs and an irreducible conflicting set (deletion filter).
- rank agreement: Kendall's tau-b between every two stakeholders' rankings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .lp import (
    VERIFY_TOL,
    LinearOverW,
    WeightSet,
    add_weight_set,
    affine,
    clean,
    simplex,
    solve,
)
from .robust import possibly_best
from .value import TIE_TOLERANCE


@dataclass(frozen=True)
class CommonGround:
    feasible: bool
    weights: np.ndarray | None  # one weight vector every stakeholder accepts
    possibly_best: tuple[str, ...]  # within the common ground
    conflicting_pairs: tuple[tuple[str, str], ...]
    irreducible: tuple[str, ...]  # a smallest-by-deletion set of stakeholders that conflict


@dataclass(frozen=True)
class Consensus:
    stakeholders: tuple[str, ...]
    options: tuple[str, ...]
    values: np.ndarray  # stakeholders x options
    regret: np.ndarray  # stakeholders x options
    minimax_regret: tuple[str, float]
    hull_possibly_best: tuple[str, ...]
    compromise: np.ndarray
    compromise_distance: float
    compromise_scores: np.ndarray  # each option's overall value under the compromise weights
    common_ground: CommonGround
    kendall: np.ndarray  # stakeholders x stakeholders

    @property
    def compromise_leader(self) -> str:
        return self.options[int(np.argmax(self.compromise_scores))]


def kendall_tau_b(x: Sequence[float], y: Sequence[float], block: int = 256) -> float:
    """Kendall's tau-b between two score vectors (ties counted as in Kendall 1945), a block of
    rows at a time, so that memory stays O(block m) rather than O(m^2). Every ordered pair is
    counted, each pair twice with the same sign product: the counts double and tau-b is the same
    to the bit (whole numbers, and sqrt(4 N) = 2 sqrt(N) in floating point)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    m = len(x)
    concordance = nx = ny = 0.0
    for s in range(0, m, block):
        i = np.arange(s, min(m, s + block))
        sx = np.sign(x[i, None] - x[None, :])
        sy = np.sign(y[i, None] - y[None, :])
        concordance += float(np.sum(sx * sy))
        nx += float(np.count_nonzero(sx))
        ny += float(np.count_nonzero(sy))
    if nx == 0 or ny == 0:
        return float("nan")
    return concordance / np.sqrt(nx * ny)


def compromise_weights(Ws: np.ndarray, solver) -> tuple[np.ndarray, float]:
    """min t over the simplex with sum_j |w_j - w^s_j| <= t for every stakeholder s."""
    import pulp

    S, n = Ws.shape
    prob = pulp.LpProblem("compromise", pulp.LpMinimize)
    w = add_weight_set(prob, simplex([f"c{j}" for j in range(n)]))
    t = prob.add_variable("t", lowBound=0)
    for s in range(S):
        e = [prob.add_variable(f"e{s}_{j}", lowBound=0) for j in range(n)]
        for j in range(n):
            prob += e[j] - w[j] >= -float(Ws[s, j]), f"up{s}_{j}"
            prob += e[j] + w[j] >= float(Ws[s, j]), f"down{s}_{j}"
        prob += affine(e, np.ones(n)) - t <= 0, f"dist{s}"
    prob.setObjective(t + 0)
    out = solve(prob, solver, w)
    if not out.ok:
        raise RuntimeError(f"the compromise LP ended {out.status}")
    wv = clean(out.w)
    dist = float(np.abs(Ws - wv).sum(axis=1).max())
    if abs(dist - out.objective) > VERIFY_TOL or abs(wv.sum() - 1) > VERIFY_TOL:
        raise RuntimeError("the compromise LP's answer did not verify")
    return wv, dist


def intersect(sets: Sequence[WeightSet]) -> WeightSet:
    """The intersection of several feasible weight sets over the same criteria."""
    lower = np.max([W.lower for W in sets], axis=0)
    upper = np.min([W.upper for W in sets], axis=0)
    order = tuple(dict.fromkeys(p for W in sets for p in W.order))
    rows = tuple(a for W in sets for a in W.rows)
    return WeightSet(sets[0].criteria, lower, upper, order, rows=rows)


def feasible_point(W: WeightSet, solver) -> np.ndarray | None:
    """A weight vector in W, or None when W is empty."""
    if (W.lower > W.upper + 1e-12).any() or W.lower.sum() > 1 + 1e-12 or W.upper.sum() < 1 - 1e-12:
        return None
    out = LinearOverW(W, solver).optimise(np.zeros(W.n))
    return out.w if out.ok else None


def common_ground(
    sets: Sequence[WeightSet],
    ids: Sequence[str],
    X: np.ndarray,
    options: Sequence[str],
    solver,
    candidates: np.ndarray | None = None,
) -> CommonGround:
    """``candidates``: options known to be the only ones that can be first in some stakeholder's
    set (so in the intersection), as :func:`~.robust.possibly_best` takes them."""
    both = intersect(sets)
    w = feasible_point(both, solver)
    if w is not None:
        pb = possibly_best(X, options, both, solver, candidates)
        return CommonGround(True, w, pb, (), ())
    pairs = tuple(
        (ids[i], ids[j])
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
        if feasible_point(intersect([sets[i], sets[j]]), solver) is None
    )
    keep = list(range(len(sets)))  # deletion filter: drop any member not needed for the conflict
    for i in range(len(sets)):
        trial = [k for k in keep if k != i]
        if trial and feasible_point(intersect([sets[k] for k in trial]), solver) is None:
            keep = trial
    return CommonGround(False, None, (), pairs, tuple(ids[k] for k in keep))


def consensus(
    X: np.ndarray,
    options: Sequence[str],
    ids: Sequence[str],
    Ws: np.ndarray,
    sets: Sequence[WeightSet],
    solver,
    candidates: np.ndarray | None = None,
) -> Consensus:
    """Everything `options compare` reports beyond the side-by-side ranks. ``candidates``: as
    :func:`common_ground` takes them."""
    V = Ws @ X.T
    regret = V.max(axis=1, keepdims=True) - V
    worst = regret.max(axis=0)
    mean = V.mean(axis=0)
    a = min(range(len(options)), key=lambda i: (round(float(worst[i]), 9), -mean[i], i))
    hull = possibly_best(V.T, options, simplex(list(ids)), solver)
    comp, dist = compromise_weights(Ws, solver)
    S = len(ids)
    tau = np.array([[kendall_tau_b(V[s], V[t]) for t in range(S)] for s in range(S)])
    return Consensus(
        stakeholders=tuple(ids),
        options=tuple(options),
        values=V,
        regret=np.where(np.abs(regret) < TIE_TOLERANCE, 0.0, regret),
        minimax_regret=(options[a], float(worst[a])),
        hull_possibly_best=hull,
        compromise=comp,
        compromise_distance=dist,
        compromise_scores=X @ comp,
        common_ground=common_ground(sets, ids, X, options, solver, candidates),
        kendall=tau,
    )


def consensus_for(dm, stakeholders: Sequence, solver) -> Consensus:
    """:func:`consensus` for loaded stakeholders over a decision matrix."""
    from .lp import weight_set
    from .value import weight_vector

    Ws = np.array([weight_vector(dm.criteria, s) for s in stakeholders])
    sets = [weight_set(dm.criteria, s) for s in stakeholders]
    return consensus(dm.values, dm.options, [s.id for s in stakeholders], Ws, sets, solver)
