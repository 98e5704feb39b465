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
from collections.abc import Sequence
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
    #: General homogeneous rows a.w >= 0 (a stakeholder's statements: robust ordinal regression)
    rows: tuple[np.ndarray, ...] = ()

    @property
    def n(self) -> int:
        return len(self.criteria)

    @property
    def is_simplex(self) -> bool:
        """True when W is the whole simplex (no constraints at all)."""
        return (
            not self.order
            and not self.rows
            and not self.lower.any()
            and bool((self.upper >= 1).all())
        )

    def violation(self, w: np.ndarray) -> float:
        """The largest amount by which ``w`` breaks any constraint of W (0 when inside)."""
        parts = [
            abs(float(w.sum()) - 1.0),
            float(np.max(self.lower - w, initial=0.0)),
            float(np.max(w - self.upper, initial=0.0)),
        ]
        parts += [float(w[q] - w[p]) for p, q in self.order]
        parts += [float(-(a @ w)) / max(1.0, float(np.abs(a).max())) for a in self.rows]
        return max(0.0, *parts)

    def contains(self, w: np.ndarray, tol: float = VERIFY_TOL) -> bool:
        return self.violation(w) <= tol


def simplex(criteria: Sequence[str]) -> WeightSet:
    n = len(criteria)
    return WeightSet(tuple(criteria), np.zeros(n), np.ones(n))


def weight_set(
    criteria: Sequence[str],
    stakeholder: Stakeholder | None,
    rows: Sequence[np.ndarray] = (),
) -> WeightSet:
    """W for a stakeholder: its bounds, order and tolerance around its own weights, and the rows
    a.w >= 0 its statements give (computed by the caller, who knows the options' values)."""
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
    return WeightSet(criteria, lower, upper, order, w0, tuple(np.asarray(r, float) for r in rows))


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
    try:
        import highspy
    except ImportError:
        return False
    _absorb_banner(highspy)
    return True


def _absorb_banner(highspy) -> None:
    """Create the process's first HiGHS object with file descriptors 1 and 2 on the null device.

    HiGHS 1.16 prints a copyright banner from C++ on standard output when the first ``Highs`` of
    a process is constructed, before any option (``output_flag``) can be set, and never again.
    Python's ``sys.stdout`` does not see it, so only the descriptors can stop it corrupting a
    document written to standard output; they are redirected for exactly this one construction.
    """
    import os
    import sys

    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    try:
        saved = [os.dup(1), os.dup(2)]
    except OSError:  # a descriptor is closed: the banner has nowhere to go anyway
        highspy.Highs().silent()
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        highspy.Highs().silent()
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (null, *saved):
            os.close(fd)


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
    for k, a in enumerate(W.rows):
        prob += affine(w, a) >= 0, f"{prefix}_row{k}"
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


class LpModel:
    """One PuLP model (a minimisation) solved many times as its data change: the coefficients
    of a row, rows added, the objective.

    PuLP builds and solves it first. With HiGHS the solver's model that PuLP made is then changed
    in place and solved again from its last basis (a warm start), so PuLP does not rebuild it for
    every solve; with any other solver PuLP solves the changed model afresh. The PuLP model is
    kept in step either way, and every answer is re-checked by the caller as before.
    """

    #: False: PuLP builds and solves afresh every time (the tests compare the two ways).
    warm_start = True

    def __init__(self, prob: pulp.LpProblem, solver, read: Sequence):
        import pulp

        self.prob, self.solver, self.read = prob, solver, list(read)
        self.highs = None  # the HiGHS model, once PuLP has built it
        self._warm = (
            self.warm_start and isinstance(solver, pulp.HiGHS) and prob.sense == pulp.LpMinimize
        )
        self.count = 0

    def set_row(self, name: str, variables: Sequence, coefs: Sequence[float]) -> None:
        """Give the variables of row ``name`` these coefficients (zeros included)."""
        row = self.prob.get_constraint_by_name(name)
        for v, a in zip(variables, coefs, strict=True):
            row.expr[v] = float(a)
        if self.highs is not None:
            for v, a in zip(variables, coefs, strict=True):
                self.highs.changeCoeff(row.index, v.index, float(a))

    def add_row(self, name: str, constraint) -> None:
        """Add a constraint (an ``LpConstraint`` of PuLP) as row ``name``."""
        self.prob += constraint, name
        if self.highs is not None:
            import highspy

            row = self.prob.get_constraint_by_name(name)
            row.index = self.highs.getNumRow()
            lo, hi = row.getLb(), row.getUb()
            items = [(v.index, a) for v, a in row.items() if a != 0]
            self.highs.addRow(
                -highspy.kHighsInf if lo is None else lo,
                highspy.kHighsInf if hi is None else hi,
                len(items),
                [i for i, _ in items],
                [a for _, a in items],
            )

    def set_objective(self, variables: Sequence, coefs: Sequence[float]) -> None:
        """Minimise sum coefs[j] * variables[j] (the other variables cost nothing)."""
        self.prob.setObjective(affine(variables, coefs) + 0.0 * variables[0])
        if self.highs is not None:
            n = self.highs.getNumCol()
            cost = np.zeros(n)
            cost[[v.index for v in variables]] = coefs
            self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost)

    def solve(self) -> LpOutcome:
        """Solve; the objective and the values of ``read`` only when optimal."""
        self.count += 1
        if self.highs is None:
            out = solve(self.prob, self.solver, self.read)
            if self._warm:
                self.highs = self.prob.solverModel
            return out
        import highspy

        h = self.highs
        h.run()
        status = h.getModelStatus()
        if status in (
            highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            return LpOutcome("infeasible")
        if status != highspy.HighsModelStatus.kOptimal:
            # the warm start did not end well: solve afresh, as PuLP would
            self.highs = None
            self.count -= 1
            return self.solve()
        cols = np.asarray(h.getSolution().col_value)
        values = cols[[v.index for v in self.read]]
        if not np.isfinite(values).all():
            return LpOutcome("failed")
        return LpOutcome("optimal", float(h.getInfo().objective_function_value), values)


class LinearOverW:
    """Optimise many linear objectives c.w over one W, building the constraints once."""

    def __init__(self, W: WeightSet, solver):
        import pulp

        self.W = W
        prob = pulp.LpProblem("linear_over_W", pulp.LpMinimize)
        self.w = add_weight_set(prob, W)
        self.model = LpModel(prob, solver, self.w)

    @property
    def count(self) -> int:
        return self.model.count

    def optimise(self, c: np.ndarray, maximise: bool = False) -> LpOutcome:
        """min (or max) c.w over W, verified: the weights are in W and the value is c.w."""
        self.model.set_objective(self.w, -c if maximise else c)
        out = self.model.solve()
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


def nearest(W: WeightSet, w0: np.ndarray, solver) -> LpOutcome:
    """The weights in W closest to ``w0`` (least L1 distance), verified: the objective is the
    points of weight that must move, sum |w - w0| / 2 (the measure of switching weights)."""
    import pulp

    prob = pulp.LpProblem("nearest", pulp.LpMinimize)
    w = add_weight_set(prob, W)
    e = [prob.add_variable(f"e{j}", lowBound=0) for j in range(W.n)]
    for j in range(W.n):
        prob += e[j] - w[j] >= -float(w0[j]), f"up{j}"
        prob += e[j] + w[j] >= float(w0[j]), f"down{j}"
    prob.setObjective(affine(e, np.full(W.n, 0.5)) + 0)
    out = solve(prob, solver, w)
    if not out.ok:
        return out
    wv = clean(out.w)
    moved = float(np.abs(wv - w0).sum()) / 2
    if not W.contains(wv) or abs(moved - out.objective) > VERIFY_TOL:
        return LpOutcome("failed")
    return LpOutcome("optimal", moved, wv)
