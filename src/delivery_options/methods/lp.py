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
from functools import cache, cached_property
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
        if self.rows:
            R, scale = self._rows
            parts.append(float(np.max(-(R @ w) / scale)))
        return max(0.0, *parts)

    @cached_property
    def _rows(self) -> tuple[np.ndarray, np.ndarray]:
        """The rows a.w >= 0 as one matrix, and each row's scale max(1, max |a_j|)."""
        R = np.array(self.rows, dtype=float).reshape(len(self.rows), self.n)
        return R, np.maximum(1.0, np.abs(R).max(axis=1))

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


class Solver:
    """The LP solver chosen: its name, and PuLP's solver object, made (and PuLP imported) only
    when a model is built with PuLP. :class:`MatrixLp` uses HiGHS without PuLP."""

    def __init__(self, name: str):
        self.name = name
        self._pulp = None

    @property
    def highs(self) -> bool:
        return self.name == "HiGHS"

    def pulp(self):
        if self._pulp is None:
            import pulp

            if self.highs:
                self._pulp = pulp.HiGHS(msg=False)
            else:  # PuLP 3.x warns that the bundled CBC moves to an extra in 4.0; we pin < 4
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    self._pulp = pulp.PULP_CBC_CMD(msg=False)
        return self._pulp

    def __repr__(self) -> str:
        return f"Solver({self.name!r})"


def make_solver(choice: str = "auto") -> Solver:
    return Solver(solver_name(choice))


def _pulp_solver(solver):
    """PuLP's solver object for a :class:`Solver` (or a PuLP solver given as is)."""
    return solver.pulp() if isinstance(solver, Solver) else solver


def _is_highs(solver) -> bool:
    if isinstance(solver, Solver):
        return solver.highs
    import pulp

    return isinstance(solver, pulp.HiGHS)


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
        code = prob.solve(_pulp_solver(solver))
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
    every solve; with any other solver PuLP solves the changed model afresh. While HiGHS holds the
    model, changes to a row's coefficients and to the objective reach the PuLP model only when
    PuLP must solve it again (a warm start that did not end well), so that each change costs
    HiGHS's calls alone; every answer is re-checked by the caller as before.
    """

    #: False: PuLP builds and solves afresh every time (the tests compare the two ways).
    warm_start = True

    def __init__(self, prob: pulp.LpProblem, solver, read: Sequence):
        import pulp

        self.prob, self.solver, self.read = prob, solver, list(read)
        self.highs = None  # the HiGHS model, once PuLP has built it
        self._warm = self.warm_start and _is_highs(solver) and prob.sense == pulp.LpMinimize
        self.count = 0
        self._rows: dict[str, tuple[Sequence, np.ndarray]] = {}  # not yet in the PuLP model
        self._objective: tuple[Sequence, np.ndarray] | None = None
        self._index: dict[str, int] = {}  # HiGHS's row of each constraint changed in place
        self._cols: dict[int, np.ndarray] = {}  # HiGHS's columns of a list of variables
        self._later: list = []  # rows in HiGHS alone: (name, a function making PuLP's)

    def set_row(self, name: str, variables: Sequence, coefs: Sequence[float]) -> None:
        """Give the variables of row ``name`` these coefficients (zeros included)."""
        coefs = np.asarray(coefs, dtype=float)
        if self.highs is None:
            self._put_row(name, variables, coefs)
            return
        self._rows[name] = (variables, coefs)
        if name not in self._index:
            self._index[name] = self.prob.get_constraint_by_name(name).index
        row, change = self._index[name], self.highs.changeCoeff
        for j, a in zip(self._columns(variables), coefs.tolist(), strict=True):
            change(row, j, a)

    def _put_row(self, name: str, variables: Sequence, coefs: np.ndarray) -> None:
        row = self.prob.get_constraint_by_name(name)
        for v, a in zip(variables, coefs, strict=True):
            row.expr[v] = float(a)

    def _columns(self, variables: Sequence) -> list[int]:
        key = id(variables)
        if key not in self._cols:
            self._cols[key] = (variables, [v.index for v in variables])
        return self._cols[key][1]

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

    def add_row_later(
        self, name: str, build, variables: Sequence, coefs: Sequence[float], lower: float
    ) -> None:
        """Add the row sum_j coefs[j] variables[j] >= lower, which ``build()`` makes as PuLP's
        constraint: at once while PuLP holds the model; while HiGHS holds it, in HiGHS alone
        (the same call :meth:`add_row` makes), PuLP's constraint made only if PuLP must solve
        the model again, so that thousands of rows do not each keep a PuLP expression."""
        if self.highs is None:
            self.add_row(name, build())
            return
        import highspy

        self._later.append((name, build))
        coefs = np.asarray(coefs, dtype=float)
        keep = coefs != 0
        cols = np.asarray(self._columns(variables))[keep]
        self.highs.addRow(
            float(lower), highspy.kHighsInf, int(keep.sum()), cols.tolist(), coefs[keep].tolist()
        )

    def set_objective(self, variables: Sequence, coefs: Sequence[float]) -> None:
        """Minimise sum coefs[j] * variables[j] (the other variables cost nothing)."""
        coefs = np.asarray(coefs, dtype=float)
        if self.highs is None:
            self._put_objective(variables, coefs)
            return
        self._objective = (variables, coefs)
        n = self.highs.getNumCol()
        cost = np.zeros(n)
        cost[self._columns(variables)] = coefs
        self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost)

    def _put_objective(self, variables: Sequence, coefs: np.ndarray) -> None:
        self.prob.setObjective(affine(variables, coefs) + 0.0 * variables[0])

    def solve(self) -> LpOutcome:
        """Solve; the objective and the values of ``read`` only when optimal."""
        self.count += 1
        if self.highs is None:
            for name, build in self._later:
                self.prob += build(), name
            self._later = []
            for name, (variables, coefs) in self._rows.items():
                self._put_row(name, variables, coefs)
            if self._objective is not None:
                self._put_objective(*self._objective)
            self._rows, self._objective = {}, None
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
        values = cols[self._columns(self.read)]
        if not np.isfinite(values).all():
            return LpOutcome("failed")
        return LpOutcome("optimal", float(h.getInfo().objective_function_value), values)


class MatrixLp:
    """min (or max) c.x subject to lo <= A x <= hi and bounds on x: one model, changed in place
    and solved many times (rows added, coefficients, bounds and the objective changed).

    With HiGHS the model is made in HiGHS directly from the arrays, without PuLP, and each solve
    starts from the last basis; with CBC, PuLP builds it afresh for every solve. Answers are
    re-checked by the caller either way.
    """

    def __init__(
        self,
        solver,
        lower: Sequence[float],
        upper: Sequence[float],
        names: Sequence[str] | None = None,
    ):
        self.solver = solver
        self.lower = np.array(lower, dtype=float)
        self.upper = np.array(upper, dtype=float)
        n = len(self.lower)
        self.A = np.zeros((0, n))
        self.row_lower, self.row_upper = np.zeros(0), np.zeros(0)
        self.cost, self.maximise = np.zeros(n), False
        self.count = 0
        self.h = None
        # HiGHS's columns in the order PuLP would give them (sorted by ``names``), so that a
        # model solved once is the very model PuLP would have passed
        self.perm = np.argsort(np.array(names), kind="stable") if names else np.arange(n)
        if _is_highs(solver):
            import highspy

            _highs_available()  # the banner, absorbed once per process
            self.hs = highspy
            self.h = highspy.Highs()
            self.h.silent()
            self.h.addVars(n, _inf(self.lower[self.perm]), _inf(self.upper[self.perm]))
            self.col = np.empty(n, dtype=int)
            self.col[self.perm] = np.arange(n)  # HiGHS's column of each of ours

    @property
    def rows(self) -> int:
        return len(self.A)

    def add_rows(self, A: np.ndarray, lower, upper) -> range:
        """Add rows ``lower <= A x <= upper`` (+-inf for one side); their indices."""
        A = np.atleast_2d(np.asarray(A, dtype=float))
        k = len(A)
        lo = np.broadcast_to(np.asarray(lower, dtype=float), (k,))
        hi = np.broadcast_to(np.asarray(upper, dtype=float), (k,))
        first = self.rows
        self.A = np.vstack([self.A, A])
        self.row_lower, self.row_upper = np.r_[self.row_lower, lo], np.r_[self.row_upper, hi]
        if self.h is not None and k:
            A = A[:, self.perm]
            nz = A != 0
            starts = np.r_[0, np.cumsum(nz.sum(axis=1))[:-1]].astype(np.int32)
            cols = np.nonzero(nz)[1].astype(np.int32)
            self.h.addRows(k, _inf(lo), _inf(hi), int(nz.sum()), starts, cols, A[nz])
        return range(first, first + k)

    def set_row(self, i: int, a: np.ndarray) -> None:
        """Give row ``i`` these coefficients (every column)."""
        a = np.asarray(a, dtype=float)
        if self.h is not None:
            for j in np.flatnonzero(a != self.A[i]):
                self.h.changeCoeff(int(i), int(self.col[j]), float(a[j]))
        self.A[i] = a

    def set_row_bounds(self, i: int, lower: float, upper: float) -> None:
        self.row_lower[i], self.row_upper[i] = lower, upper
        if self.h is not None:
            self.h.changeRowBounds(int(i), *_inf(np.array([lower, upper])))

    def set_rows_bounds(self, rows: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """Bounds on many rows at once (one call to HiGHS)."""
        rows = np.asarray(rows, dtype=np.int32)
        if not len(rows):
            return
        self.row_lower[rows], self.row_upper[rows] = lower, upper
        if self.h is not None:
            lo = _inf(np.broadcast_to(lower, rows.shape).astype(float))
            hi = _inf(np.broadcast_to(upper, rows.shape).astype(float))
            self.h.changeRowsBounds(len(rows), rows, lo, hi)

    def set_bounds(self, j: int, lower: float, upper: float) -> None:
        """Bounds on column ``j``."""
        self.lower[j], self.upper[j] = lower, upper
        if self.h is not None:
            self.h.changeColBounds(int(self.col[j]), *_inf(np.array([lower, upper])))

    def set_objective(self, c: np.ndarray, maximise: bool = False) -> None:
        """Minimise (or maximise: minimise -c, as PuLP does) c.x."""
        c = np.asarray(c, dtype=float)
        if self.h is not None:
            n = len(c)
            cost = -c[self.perm] if maximise else c[self.perm]
            self.h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        self.cost, self.maximise = c.copy(), maximise

    def solve(self) -> LpOutcome:
        """Solve; the objective and every column's value only when optimal."""
        self.count += 1
        if self.h is None:
            return self._solve_pulp()
        h, hs = self.h, self.hs
        h.run()
        status = h.getModelStatus()
        if status in (hs.HighsModelStatus.kInfeasible, hs.HighsModelStatus.kUnboundedOrInfeasible):
            return LpOutcome("infeasible")
        if status == hs.HighsModelStatus.kUnbounded:
            return LpOutcome("unbounded")
        if status != hs.HighsModelStatus.kOptimal:
            h.clearSolver()  # solve afresh once, from no basis
            h.run()
            if h.getModelStatus() != hs.HighsModelStatus.kOptimal:
                return LpOutcome("failed")
        x = np.empty(len(self.perm))
        x[self.perm] = np.asarray(h.getSolution().col_value, dtype=float)
        if not np.isfinite(x).all():
            return LpOutcome("failed")
        objective = float(h.getInfo().objective_function_value)
        return LpOutcome("optimal", -objective if self.maximise else objective, x)

    def _solve_pulp(self) -> LpOutcome:
        import pulp

        prob = pulp.LpProblem("matrix", pulp.LpMaximize if self.maximise else pulp.LpMinimize)
        x = [
            prob.add_variable(f"x{j}", lowBound=_none(lo), upBound=_none(hi))
            for j, (lo, hi) in enumerate(zip(self.lower, self.upper, strict=True))
        ]
        for i, a in enumerate(self.A):
            lo, hi = self.row_lower[i], self.row_upper[i]
            expr = affine(x, a) + 0.0 * x[0]
            if lo == hi:
                prob += expr == float(lo), f"r{i}"
                continue
            if np.isfinite(lo):
                prob += expr >= float(lo), f"r{i}lo"
            if np.isfinite(hi):
                prob += expr <= float(hi), f"r{i}hi"
        # every column in the objective, zeros included, so PuLP reports each one's value
        prob.setObjective(
            pulp.LpAffineExpression([(v, float(c)) for v, c in zip(x, self.cost, strict=True)])
        )
        return solve(prob, self.solver, x)


def _inf(v: np.ndarray) -> np.ndarray:
    """Infinite bounds as HiGHS spells them."""
    return np.clip(np.asarray(v, dtype=float), -1e30, 1e30)


def _none(v: float) -> float | None:
    return float(v) if np.isfinite(v) else None


def weight_rows(W: WeightSet) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """W's rows beyond its box as (A, lower, upper): the sum, the orders, the rows a.w >= 0."""
    n, eye = W.n, np.eye(W.n)
    A = [np.ones(n), *(eye[p] - eye[q] for p, q in W.order), *W.rows]
    lo = [1.0] + [0.0] * (len(W.order) + len(W.rows))
    hi = [1.0] + [np.inf] * (len(W.order) + len(W.rows))
    return np.array(A).reshape(len(A), n), np.array(lo), np.array(hi)


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
