"""methods/ror.py as it was before the performance work (issue 23), kept verbatim but
for its imports: the reference oracle the new code is compared with on random cases."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from delivery_options.methods.lp import (
    VERIFY_TOL,
    LpOutcome,
    WeightSet,
    add_weight_set,
    affine,
    clean,
    simplex,
    solve,
)
from delivery_options.model.statements import Statement, rows

#: A margin (value points on the 0-100 scale) counts as positive above this; within it, a tie.
MARGIN_TOL = 1e-6
#: The cap on eps in the margin LPs (no difference of values on 0-100 scales can exceed 100).
EPS_CAP = 100.0
#: The member of a conflict that is no statement: W's limits beyond the simplex (a stakeholder's
#: bounds, order and tolerance, its ``[constraints]``).
CONSTRAINTS = "constraints"


@dataclass(frozen=True, eq=False)
class Compatible:
    """W with the statements' rows: coefficients, kind (">=eps", ">=0", "=0"), owning statement."""

    W: WeightSet
    A: np.ndarray
    kinds: tuple[str, ...]
    owners: tuple[int, ...]

    @property
    def strict(self) -> np.ndarray:
        return np.array([k == ">=eps" for k in self.kinds], dtype=bool)

    def subset(self, keep: Iterable[int]) -> Compatible:
        """Only the rows of the statements in ``keep``."""
        keep = set(keep)
        idx = [r for r, o in enumerate(self.owners) if o in keep]
        return Compatible(
            self.W,
            self.A[idx].reshape(len(idx), self.W.n),
            tuple(self.kinds[r] for r in idx),
            tuple(self.owners[r] for r in idx),
        )

    def add(self, more: Compatible) -> Compatible:
        return Compatible(
            self.W,
            np.vstack([self.A, more.A]),
            self.kinds + more.kinds,
            self.owners + more.owners,
        )

    def violation(self, w: np.ndarray, eps: float = 0.0) -> float:
        """How far ``w`` breaks W or a row (strict rows read as >= eps); 0 when it breaks none."""
        v = self.A @ w
        eq = np.array([k == "=0" for k in self.kinds], dtype=bool)
        floor = np.where(self.strict, eps, 0.0)
        parts = [self.W.violation(w), float(np.max((floor - v)[~eq], initial=0.0))]
        parts.append(float(np.max(np.abs(v[eq]), initial=0.0)))
        return max(parts)

    def contains(self, w: np.ndarray, tol: float = VERIFY_TOL) -> bool:
        """w is in the closure of C (strict rows >= 0)."""
        return self.violation(w) <= tol

    def strict_margin(self, w: np.ndarray) -> float:
        """The smallest strict row at w, capped at EPS_CAP (EPS_CAP when there is none)."""
        return float(np.min(self.A[self.strict] @ w, initial=EPS_CAP))

    def compatible(self, w: np.ndarray) -> bool:
        """w is in C itself: in the closure, every strict row above MARGIN_TOL."""
        return self.contains(w) and self.strict_margin(w) > MARGIN_TOL


def compatible_set(
    X: np.ndarray,
    option_ids: Sequence[str],
    W: WeightSet,
    statements: Sequence[Statement],
    first_index: int = 0,
) -> Compatible:
    """C for ``statements`` (numbered from ``first_index``) over W; X is options x criteria."""
    A, kinds, owners = [], [], []
    for k, st in enumerate(statements):
        for row in rows(st, X, option_ids, W.criteria):
            A.append(row.a)
            kinds.append(row.kind)
            owners.append(first_index + k)
    mat = np.array(A, dtype=float).reshape(len(A), W.n)
    return Compatible(W, mat, tuple(kinds), tuple(owners))


# --- LPs over C ------------------------------------------------------------------------------


def _build(C: Compatible, name: str, maximise: bool, eps: bool, extra: Sequence[np.ndarray] = ()):
    """A PuLP problem with w in W and C's rows; with ``eps``, strict rows read a.w >= eps."""
    import pulp

    prob = pulp.LpProblem(name, pulp.LpMaximize if maximise else pulp.LpMinimize)
    w = add_weight_set(prob, C.W)
    e = prob.add_variable("eps", upBound=EPS_CAP) if eps else None
    for r, (a, kind) in enumerate(zip(C.A, C.kinds, strict=True)):
        if kind == ">=eps" and e is not None:
            prob += affine(w, a) - e >= 0, f"row{r}"
        elif a.any():
            prob += (affine(w, a) == 0 if kind == "=0" else affine(w, a) >= 0), f"row{r}"
    for r, a in enumerate(extra):
        prob += affine(w, a) + 0.0 * w[0] >= 0, f"extra{r}"
    return prob, w, e


def _eps_lp(C: Compatible, solver, extra: Sequence[np.ndarray] = ()) -> LpOutcome:
    """max eps with strict rows >= eps and ``extra`` rows >= 0; verified; objective = eps."""
    prob, w, e = _build(C, "ror_margin", True, True, extra)
    prob.setObjective(e + 0.0 * w[0])
    out = solve(prob, solver, w)
    if not out.ok:
        return out
    wv = clean(out.w)
    eps = C.strict_margin(wv)
    if (
        C.violation(wv, min(eps, 0.0)) > VERIFY_TOL
        or any(float(a @ wv) < -VERIFY_TOL for a in extra)
        or abs(eps - out.objective) > VERIFY_TOL
    ):
        return LpOutcome("failed")
    return LpOutcome("optimal", eps, wv)


class OverClosure:
    """min or max c.w over the closure of C (strict rows >= 0), the problem built once."""

    def __init__(self, C: Compatible, solver):
        self.C, self.solver = C, solver
        self.prob, self.w, _ = _build(C, "ror_closure", False, False)
        self.count = 0

    def optimise(self, c: np.ndarray, maximise: bool = False) -> LpOutcome:
        import pulp

        self.prob.sense = pulp.LpMaximize if maximise else pulp.LpMinimize
        self.prob.setObjective(affine(self.w, c) + 0.0 * self.w[0])
        self.count += 1
        out = solve(self.prob, self.solver, self.w)
        if not out.ok:
            return out
        w = clean(out.w)
        if not self.C.contains(w):
            return LpOutcome("failed")
        return LpOutcome("optimal", float(c @ w), w)


@dataclass(frozen=True)
class Margin:
    """eps*: how far the strict statements can all hold (value points); status in words."""

    status: str  # "consistent", "inconsistent", "infeasible" or "failed"
    eps: float | None = None  # None when infeasible, failed, or no statement is strict
    w: np.ndarray | None = None


def margin(C: Compatible, solver) -> Margin:
    """The margin LP (Greco, Mousseau & Slowinski 2008): max eps, every strict row >= eps.

    eps is free below, so the LP is infeasible only when the non-strict rows and W are.
    """
    out = _eps_lp(C, solver)
    if out.status == "infeasible":
        return Margin("infeasible")
    if not out.ok:
        return Margin("failed")
    eps = out.objective if C.strict.any() else None
    ok = eps is None or eps > MARGIN_TOL
    return Margin("consistent" if ok else "inconsistent", eps, out.w)


def find_conflict(C: Compatible, solver, constraints: bool = False) -> tuple[int | str, ...]:
    """One set of statements that cannot hold together, minimal by inclusion (deletion filter).

    Drop each statement in turn and keep it dropped while the rest stay inconsistent. Removing a
    statement only removes rows, so consistency is monotone and what is left is irreducible:
    removing any one member restores consistency. Empty when C is consistent (or W is empty).

    With ``constraints``, W's limits beyond the simplex are one more member, :data:`CONSTRAINTS`,
    dropped first (the statements alone, over the whole simplex): they are named only when the
    statements could hold without them (and alone when W itself is empty), after the statements.
    """
    limited = constraints and not C.W.is_simplex
    free = simplex(C.W.criteria)

    def bad(keep: list[int | str]) -> bool:
        sub = C.subset(k for k in keep if k != CONSTRAINTS)
        if limited and CONSTRAINTS not in keep:
            sub = Compatible(free, sub.A, sub.kinds, sub.owners)
        status = margin(sub, solver).status
        if status == "failed":
            raise RuntimeError("a margin LP in the conflict search ended failed")
        return status != "consistent"

    keep: list[int | str] = [*([CONSTRAINTS] if limited else []), *sorted(set(C.owners))]
    if not bad(keep) or bad([]):
        return ()
    for k in list(keep):
        rest = [s for s in keep if s != k]
        if bad(rest):
            keep = rest
    return tuple(sorted(keep, key=lambda k: k == CONSTRAINTS))  # the statements first


# --- the closure as matrices: Chebyshev centre and uniform samples -------------------------


@dataclass(frozen=True, eq=False)
class Region:
    """The closure of C as G w >= h and E w = f; N spans the directions that keep E w = f."""

    G: np.ndarray
    h: np.ndarray
    E: np.ndarray
    f: np.ndarray

    @property
    def N(self) -> np.ndarray:
        _, s, vt = np.linalg.svd(self.E)
        rank = int((s > 1e-10 * max(1.0, s[0])).sum())
        return vt[rank:].T

    def with_equalities(self, idx: Sequence[int]) -> Region:
        """Move the inequality rows ``idx`` into the equalities."""
        rest = [i for i in range(len(self.h)) if i not in set(idx)]
        return Region(
            self.G[rest], self.h[rest], np.vstack([self.E, self.G[idx]]), np.r_[self.f, self.h[idx]]
        )

    def hit_and_run(self, start: np.ndarray, steps: int, rng: np.random.Generator) -> np.ndarray:
        """Run one hit-and-run chain from each row of ``start`` (points of the region).

        Directions are Gaussian in the span of N (symmetric, so the uniform law on the region is
        stationary: Smith 1984); the step is uniform on the chord through the point.
        """
        x = np.array(start, dtype=float, copy=True)
        N = self.N
        if N.shape[1] == 0 or len(x) == 0:
            return x
        for _ in range(steps):
            d = rng.standard_normal((len(x), N.shape[1])) @ N.T
            slack = np.maximum(x @ self.G.T - self.h, 0.0)  # >= 0 inside
            rate = d @ self.G.T  # how fast each slack changes along d
            with np.errstate(divide="ignore", invalid="ignore"):
                t = -slack / rate
                hi = np.where(rate < -1e-12, t, np.inf).min(axis=1)
                lo = np.where(rate > 1e-12, t, -np.inf).max(axis=1)
            hi, lo = np.maximum(hi, 0.0), np.minimum(lo, 0.0)
            hi, lo = np.where(np.isfinite(hi), hi, 0.0), np.where(np.isfinite(lo), lo, 0.0)
            x = x + (lo + (hi - lo) * rng.random(len(x)))[:, None] * d
        return x


def region(C: Compatible) -> Region:
    """C's closure as matrices: bounds, orders and rows as G w >= h; the sum, "=0" rows and
    fixed weights as E w = f."""
    W, n = C.W, C.W.n
    eye = np.eye(n)
    G, h, E, f = [], [], [np.ones(n)], [1.0]
    for j in range(n):
        if W.upper[j] - W.lower[j] <= 1e-12:
            E.append(eye[j])
            f.append(float(W.lower[j]))
            continue
        G.append(eye[j])
        h.append(float(W.lower[j]))
        if W.upper[j] < 1:
            G.append(-eye[j])
            h.append(-float(W.upper[j]))
    for p, q in W.order:
        G.append(eye[p] - eye[q])
        h.append(0.0)
    for a, kind in zip(C.A, C.kinds, strict=True):
        if kind == "=0":
            E.append(a)
            f.append(0.0)
        elif (a < 0).any():  # rows with no negative coefficient hold for every w >= 0
            G.append(a)
            h.append(0.0)
    return Region(
        np.array(G).reshape(len(G), n), np.array(h), np.array(E), np.array(f, dtype=float)
    )


@dataclass(frozen=True, eq=False)
class Centre:
    """The Chebyshev centre: the weights furthest from every face of C (within its affine hull)."""

    status: str  # "optimal", "infeasible" or "failed"
    w: np.ndarray | None = None
    radius: float | None = None
    region: Region | None = None  # with the implicit equalities found, ready for sampling


def _chebyshev_lp(R: Region, solver) -> tuple[LpOutcome, np.ndarray]:
    import pulp

    N = R.N
    norms = np.linalg.norm(R.G @ N, axis=1) if N.shape[1] else np.zeros(len(R.h))
    n = R.E.shape[1]
    prob = pulp.LpProblem("chebyshev_centre", pulp.LpMaximize)
    w = [prob.add_variable(f"w{j}") for j in range(n)]
    r = prob.add_variable("r", lowBound=0, upBound=1 if N.shape[1] else 0)  # a point: r = 0
    for i, (g, hi) in enumerate(zip(R.G, R.h, strict=True)):
        prob += affine(w, g) - float(norms[i]) * r >= float(hi), f"g{i}"
    for i, (e, fi) in enumerate(zip(R.E, R.f, strict=True)):
        if e.any():
            prob += affine(w, e) == float(fi), f"e{i}"
    prob.setObjective(r + 0.0 * w[0])
    return solve(prob, solver, [*w, r]), norms


def chebyshev_centre(C: Compatible, solver) -> Centre:
    """The centre of the largest ball inside the closure of C (within its affine hull).

    Chosen over the "most discriminating" weights (Kadzinski, Greco & Slowinski 2012, DSS 52)
    because it is one LP with no further thresholds, it lies inside C (every strict statement
    holds with a positive margin when C is consistent), and it stays away from every face, so
    it is the point least disturbed by the next statement. When the set is flat (the rows force
    an equality the statements did not write as one, e.g. w_a >= w_b and w_b >= w_a) the radius
    is 0; then each inequality that cannot be slack is found (one LP each) and moved to the
    equalities, and the ball is taken within the smaller affine hull.
    """
    R = region(C)
    out, norms = _chebyshev_lp(R, solver)
    if out.ok and out.w[-1] <= 1e-9 and len(R.h):
        closure = OverClosure(C, solver)
        tight = []
        for i, (g, hi) in enumerate(zip(R.G, R.h, strict=True)):
            best = closure.optimise(g, maximise=True)
            if not best.ok:
                return Centre("failed")
            if best.objective - hi <= 1e-9 * max(1.0, float(np.abs(g).max())):
                tight.append(i)
        if tight:
            R = R.with_equalities(tight)
            out, norms = _chebyshev_lp(R, solver)
    if not out.ok:
        return Centre(out.status)
    w, r = clean(out.w[:-1]), float(out.w[-1])
    # re-evaluate: inside C, and the radius is the smallest scaled slack
    slack = R.G @ w - R.h
    moving = norms > 1e-12
    radius = float(np.min(slack[moving] / norms[moving], initial=1.0)) if moving.any() else 0.0
    if not C.contains(w) or abs(min(radius, 1.0) - r) > VERIFY_TOL:
        return Centre("failed")
    return Centre("optimal", w, r, R)


def sample(
    C: Compatible, k: int, rng: np.random.Generator, solver, steps: int = 0
) -> tuple[np.ndarray, Centre]:
    """k points of C, near uniform: hit-and-run chains started at the Chebyshev centre.

    ``steps`` per chain (0: 20 n); every chain is an independent draw, correlated only
    through the shared start.
    """
    centre = chebyshev_centre(C, solver)
    if centre.status != "optimal":
        return np.empty((0, C.W.n)), centre
    start = np.repeat(centre.w[None, :], k, axis=0)
    pts = centre.region.hit_and_run(start, steps or 20 * C.W.n, rng)
    return pts, centre


# --- the analysis ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RorResult:
    """Everything robust ordinal regression says about one set of statements."""

    options: tuple[str, ...]
    criteria: tuple[str, ...]
    status: str  # "consistent", "inconsistent" or "infeasible" (see :func:`margin`)
    margin: float | None  # eps*, value points; None with no strict statement or when infeasible
    conflicts: tuple[tuple[int | str, ...], ...] = ()  # statement indices, or CONSTRAINTS
    weights: dict[str, float] | None = None  # the Chebyshev centre
    radius: float | None = None
    weight_ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    possibly_first: tuple[str, ...] = ()
    necessarily_first: tuple[str, ...] = ()
    necessary: tuple[tuple[str, str], ...] = ()  # (a, b): a >= b for every compatible w
    possible: tuple[tuple[str, str], ...] = ()  # (a, b): a >= b for some compatible w
    lp_count: int = 0

    @property
    def consistent(self) -> bool:
        return self.status == "consistent"

    def document(self) -> dict[str, Any]:
        return {
            "consistent": self.consistent,
            "status": self.status,
            "margin": self.margin,
            "conflicts": [list(c) for c in self.conflicts],
            "weights": self.weights,
            "radius": self.radius,
            "weight_ranges": {c: list(r) for c, r in self.weight_ranges.items()},
            "possibly_first": list(self.possibly_first),
            "necessarily_first": list(self.necessarily_first),
            "necessary": [list(p) for p in self.necessary],
            "possible": [list(p) for p in self.possible],
        }


def _need(out: LpOutcome, what: str) -> LpOutcome:
    if not out.ok:
        raise RuntimeError(f"the {what} LP ended {out.status}")
    return out


def necessary_margins(
    C: Compatible, X: np.ndarray, solver, points: np.ndarray, pairs: Iterable[tuple[int, int]]
) -> tuple[dict[tuple[int, int], float], int]:
    """min over the closure of (x_a - x_b).w for each pair, or a certificate below -MARGIN_TOL.

    ``points`` (of the closure) settle a pair without an LP when one of them has
    (x_a - x_b).w < -MARGIN_TOL; the value returned is then that point's (an upper bound).
    """
    closure = OverClosure(C, solver)
    at = X @ points.T if len(points) else np.empty((len(X), 0))
    lo = {}
    for a, b in pairs:
        seen = float(np.min(at[a] - at[b], initial=np.inf))
        if seen < -MARGIN_TOL:
            lo[a, b] = seen
        else:
            lo[a, b] = _need(closure.optimise(X[a] - X[b]), "necessary-preference").objective
    return lo, closure.count


def weight_ranges(
    C: Compatible, solver
) -> tuple[dict[str, tuple[float, float]], list[np.ndarray], int]:
    """min and max of each w_j over the closure of a consistent C: the ranges by criterion, the
    weights at each end (points of the closure) and the number of LPs solved."""
    closure = OverClosure(C, solver)
    ranges, ends = {}, []
    for j, c in enumerate(C.W.criteria):
        e = np.eye(C.W.n)[j]
        low = _need(closure.optimise(e), "weight-range")
        high = _need(closure.optimise(e, maximise=True), "weight-range")
        ranges[c] = (low.objective, high.objective)
        ends += [low.w, high.w]
    return ranges, ends, closure.count


def analyse(
    X: np.ndarray,
    option_ids: Sequence[str],
    W: WeightSet,
    statements: Sequence[Statement],
    solver,
) -> RorResult:
    """Robust ordinal regression over W with ``statements`` (Greco, Mousseau & Slowinski 2008)."""
    X = np.asarray(X, dtype=float)
    options, m = tuple(option_ids), len(option_ids)
    C = compatible_set(X, options, W, statements)
    mg = margin(C, solver)
    if mg.status == "failed":
        raise RuntimeError("the margin LP ended failed")
    if mg.status != "consistent":
        found = find_conflict(C, solver, constraints=True)
        return RorResult(options, W.criteria, mg.status, mg.eps, (found,) if found else ())
    lps = 1

    centre = chebyshev_centre(C, solver)
    if centre.status != "optimal":
        raise RuntimeError(f"the Chebyshev-centre LP ended {centre.status}")

    # weight ranges; their extreme points join the centre as known points of the closure
    ranges, ends, count = weight_ranges(C, solver)
    lps += count
    P = np.array([centre.w, *ends])

    pairs = [(a, b) for a in range(m) for b in range(m) if a != b]
    lo, count = necessary_margins(C, X, solver, P, pairs)
    lps += count
    necessary = {p for p in pairs if lo[p] >= -MARGIN_TOL}

    # possible a >= b: max (x_a - x_b).w = -lo[b, a]; a boundary tie needs the eps LP
    possible = set()
    for a, b in pairs:
        top = -lo[b, a]
        if top > MARGIN_TOL:
            possible.add((a, b))
        elif top >= -MARGIN_TOL:
            out = _eps_lp(C, solver, [X[a] - X[b]])
            lps += 1
            if out.status != "infeasible" and _need(out, "possible-preference").objective > (
                MARGIN_TOL if C.strict.any() else -np.inf
            ):
                possible.add((a, b))

    # possibly first: first at the centre (a point of C), or an eps LP with a >= every other
    vc = X @ centre.w
    possibly = []
    for a in range(m):
        if vc[a] >= vc.max() - MARGIN_TOL:
            possibly.append(a)
            continue
        out = _eps_lp(C, solver, [X[a] - X[b] for b in range(m) if b != a])
        lps += 1
        if out.status == "infeasible":
            continue
        if _need(out, "possibly-first").objective > (MARGIN_TOL if C.strict.any() else -np.inf):
            possibly.append(a)
    necessarily = [a for a in range(m) if all((a, b) in necessary for b in range(m) if b != a)]

    return RorResult(
        options,
        W.criteria,
        "consistent",
        mg.eps,
        (),
        {c: float(centre.w[j]) for j, c in enumerate(W.criteria)},
        centre.radius,
        ranges,
        tuple(options[a] for a in possibly),
        tuple(options[a] for a in necessarily),
        tuple((options[a], options[b]) for a, b in pairs if (a, b) in necessary),
        tuple((options[a], options[b]) for a, b in pairs if (a, b) in possible),
        lps,
    )


# --- necessary_margins as it was after the first performance step (issue 23): one model, known
# points and the box-and-simplex bound, each LP's point kept for the rest of its row only ------


def necessary_margins_by_row(model, X: np.ndarray, W: WeightSet, points: np.ndarray):
    """min over the closure of (x_a - x_b).w for every pair, where it decides anything: ``lo``
    (m x m) and which entries are exact minima (the row-by-row version)."""
    from delivery_options.methods.robust import box_simplex_min

    m = len(X)
    lo = np.full((m, m), np.nan)
    exact = np.zeros((m, m), dtype=bool)
    at = X @ points.T if len(points) else np.empty((m, 0))
    for a in range(m):
        seen = np.min(at[a][None, :] - at, axis=1, initial=np.inf)
        seen[a] = np.nan
        lo[a] = np.where(seen < -MARGIN_TOL, seen, np.nan)
        open_ = np.flatnonzero(np.isnan(lo[a]))
        open_ = open_[open_ != a]
        if not len(open_):
            continue
        lb = box_simplex_min(X[a][None, :] - X[open_], W.lower, W.upper)
        high = lb > MARGIN_TOL
        lo[a, open_[high]] = lb[high]
        for b in open_[~high][np.argsort(lb[~high], kind="stable")]:
            if not np.isnan(lo[a, b]):
                continue  # settled by an earlier LP's point
            out = _need(model.closure(X[a] - X[b]), "necessary-preference")
            lo[a, b], exact[a, b] = out.objective, True
            v = X @ out.w
            row = np.isnan(lo[a]) & (v - v[a] > MARGIN_TOL)
            row[a] = False
            lo[a, row] = v[a] - v[row]
    return lo, exact
