"""Shared linear-programming plumbing: the feasible weight set W, solving with PuLP, verifying.

W is the set of normalised weight vectors a stakeholder would accept (methods.md): w >= 0,
sum(w) = 1, bounds lo_j <= w_j <= hi_j, orders w_p >= w_q, and a tolerance t meaning
|w_j - w0_j| <= t. Bounds, tolerance and non-negativity all fold into one box [lower, upper].

Every LP answer is re-checked by the caller with :func:`verify_in_w` (and by re-evaluating the
options at the returned weights); :data:`VERIFY_TOL` is the one tolerance for those checks.
PuLP is imported lazily so commands that need no LP never pay for it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from ..model.types import Constraints, Stakeholder

if TYPE_CHECKING:
    import pulp

#: Tolerance for verifying LP answers: constraints, ties and reported distances.
VERIFY_TOL = 1e-6

SOLVERS = ("auto", "cbc", "highs")


@dataclass(frozen=True)
class WeightSet:
    """W as plain data: a box, the simplex, and order pairs (indices into the criteria)."""

    criteria: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    order: tuple[tuple[int, int], ...] = ()
    centre: np.ndarray | None = None  # the stakeholder's own weights, when there is one

    @property
    def n(self) -> int:
        return len(self.criteria)

    @property
    def is_simplex(self) -> bool:
        """True when W is the whole simplex (no constraints at all)."""
        return not self.order and not self.lower.any() and bool((self.upper >= 1).all())

    def violation(self, w: np.ndarray) -> float:
        """The largest amount by which ``w`` breaks any constraint of W (0 when inside)."""
        parts = [
            abs(float(w.sum()) - 1.0),
            float(np.max(self.lower - w, initial=0.0)),
            float(np.max(w - self.upper, initial=0.0)),
        ]
        parts += [float(w[q] - w[p]) for p, q in self.order]
        return max(0.0, *parts)

    def contains(self, w: np.ndarray, tol: float = VERIFY_TOL) -> bool:
        return self.violation(w) <= tol


def simplex(criteria: Sequence[str]) -> WeightSet:
    n = len(criteria)
    return WeightSet(tuple(criteria), np.zeros(n), np.ones(n))


def weight_set(criteria: Sequence[str], stakeholder: Stakeholder | None) -> WeightSet:
    """W for a stakeholder: its bounds, order and tolerance around its own weights."""
    criteria = tuple(criteria)
    if stakeholder is None:
        return simplex(criteria)
    w0 = np.array([stakeholder.weights[c] for c in criteria])
    lower, upper = np.zeros(len(criteria)), np.ones(len(criteria))
    cons = stakeholder.constraints
    for c, (lo, hi) in cons.bounds.items():
        j = criteria.index(c)
        lower[j], upper[j] = max(lower[j], lo), min(upper[j], hi)
    if cons.tolerance is not None:
        lower = np.maximum(lower, w0 - cons.tolerance)
        upper = np.minimum(upper, w0 + cons.tolerance)
    order = tuple((criteria.index(a), criteria.index(b)) for a, b in cons.order)
    return WeightSet(criteria, lower, upper, order, w0)


def fixed(W: WeightSet) -> Constraints:
    """W as constraints with no tolerance: the box as explicit bounds (only where it is not
    [0, 1]) and the same orders. They describe the same set wherever the weights move."""
    bounds = {
        c: (float(W.lower[j]), float(W.upper[j]))
        for j, c in enumerate(W.criteria)
        if W.lower[j] > 0 or W.upper[j] < 1
    }
    order = tuple((W.criteria[p], W.criteria[q]) for p, q in W.order)
    return Constraints(MappingProxyType(bounds), order)


# --- solving ---------------------------------------------------------------------------------


@cache
def _highs_available() -> bool:
    import pulp

    return bool(pulp.HiGHS(msg=False).available())


def solver_name(choice: str = "auto") -> str:
    """The solver actually used: HiGHS (in-process) when installed, else PuLP's bundled CBC."""
    if choice == "cbc":
        return "CBC"
    if choice == "highs":
        if not _highs_available():
            from ..errors import OptionsError

            raise OptionsError("--solver: HiGHS is not installed (pip install highspy)")
        return "HiGHS"
    return "HiGHS" if _highs_available() else "CBC"


def make_solver(choice: str = "auto"):
    import pulp

    if solver_name(choice) == "HiGHS":
        return pulp.HiGHS(msg=False)
    # PuLP 3.x warns that the bundled CBC moves to the pulp[cbc] extra in 4.0; we pin PuLP < 4.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pulp.PULP_CBC_CMD(msg=False)


@dataclass(frozen=True)
class LpOutcome:
    """What an LP gave: a status in plain words and, when optimal, the objective and weights."""

    status: str  # "optimal", "infeasible", "unbounded" or "failed"
    objective: float | None = None
    w: np.ndarray | None = None

    @property
    def ok(self) -> bool:
        return self.status == "optimal"


def status_word(code: int) -> str:
    return {1: "optimal", -1: "infeasible", -2: "unbounded"}.get(code, "failed")


def affine(variables: Sequence[pulp.LpVariable], coefs: Sequence[float]):
    """sum_j coefs[j] * variables[j], skipping zeros (faster than lpSum of products)."""
    import pulp

    return pulp.LpAffineExpression(
        [(v, float(c)) for v, c in zip(variables, coefs, strict=True) if c != 0]
    )


def add_weight_set(prob: pulp.LpProblem, W: WeightSet, prefix: str = "w") -> list:
    """Add variables w in W (box, simplex, orders) to ``prob`` and return them."""
    w = [
        prob.add_variable(f"{prefix}{j}", lowBound=float(W.lower[j]), upBound=float(W.upper[j]))
        for j in range(W.n)
    ]
    prob += affine(w, np.ones(W.n)) == 1, f"{prefix}_sum"
    for k, (p, q) in enumerate(W.order):
        prob += w[p] - w[q] >= 0, f"{prefix}_order{k}"
    return w


def solve(prob: pulp.LpProblem, solver, variables: Sequence) -> LpOutcome:
    """Solve; return the objective and the values of ``variables`` only when optimal."""
    import pulp

    try:
        code = prob.solve(solver)
    except pulp.PulpSolverError:
        return LpOutcome("failed")
    status = status_word(code)
    if status != "optimal":
        return LpOutcome(status)
    values = np.array([v.varValue if v.varValue is not None else np.nan for v in variables])
    if not np.isfinite(values).all():
        return LpOutcome("failed")
    return LpOutcome("optimal", float(pulp.value(prob.objective) or 0.0), values)


class LinearOverW:
    """Optimise many linear objectives c.w over one W, building the constraints once."""

    def __init__(self, W: WeightSet, solver):
        import pulp

        self.W = W
        self.solver = solver
        self.prob = pulp.LpProblem("linear_over_W", pulp.LpMinimize)
        self.w = add_weight_set(self.prob, W)
        self.count = 0

    def optimise(self, c: np.ndarray, maximise: bool = False) -> LpOutcome:
        """min (or max) c.w over W, verified: the weights are in W and the value is c.w."""
        import pulp

        self.prob.sense = pulp.LpMaximize if maximise else pulp.LpMinimize
        self.prob.setObjective(affine(self.w, c) + 0.0 * self.w[0])
        self.count += 1
        out = solve(self.prob, self.solver, self.w)
        if not out.ok:
            return out
        w = clean(out.w)
        if not self.W.contains(w):
            return LpOutcome("failed")
        return LpOutcome("optimal", float(c @ w), w)


def clean(w: np.ndarray) -> np.ndarray:
    """Snap solver round-off (tiny negatives, -0.0) without moving any weight materially."""
    w = np.where(np.abs(w) < 1e-12, 0.0, w)
    return w


def with_row_generation(
    solve_rows: Callable[[list[int]], LpOutcome],
    X: np.ndarray,
    r: int,
    rivals: Sequence[int],
    floor: Callable[[LpOutcome], float],
    first: int = 8,
) -> LpOutcome:
    """Solve an LP with one row "V_r - V_b >= floor" per rival b, adding rows only as needed.

    ``solve_rows(active)`` solves with the rows of the ``active`` rivals. Start with the first
    few rivals (callers list the strongest first); add every rival whose row the answer breaks;
    repeat. Exact: an optimum of the relaxation that keeps every row is optimal for the whole LP,
    and an infeasible relaxation means the whole LP is infeasible.
    """
    rivals = list(rivals)
    active = rivals[:first]
    while True:
        out = solve_rows(active)
        if not out.ok:
            return out
        v = X @ out.w
        need = floor(out)
        broken = [b for b in rivals if v[r] - v[b] < need - 1e-9 and b not in active]
        if not broken:
            return out
        active = active + broken
