"""Robust ordinal regression: the weights compatible with stakeholders' statements.

Greco, Mousseau & Slowinski (2008, EJOR 191) for the additive model. Here the value functions
are fixed (the 0-100 values x_aj), so every statement is a linear row on the weights
(:mod:`delivery_options.statements`) and the compatible set C is the weight set W cut by those
rows, strict rows (a preferred to b) holding with a positive margin eps:

  margin             eps* = max eps over W with every strict row a.w >= eps (eps <= 100), a
                     row shorter than one scaled to unit length; consistent iff eps* > MARGIN_TOL.
                     An infeasible LP means the non-strict rows (indifferences, swings, orders)
                     already contradict each other or W. The margin shown is the same LP's on the
                     rows in value points. A conflict that holds in exact arithmetic at the
                     weights its LP finds, or at the centre of the set's closure, is "too close
                     to tell apart" (:func:`too_close`), not a conflict.
  conflicts          when inconsistent, one set of statements that cannot hold together, minimal
                     by inclusion (removing any member restores consistency): a deletion filter
                     (Chinneck & Dravnieks 1991; as suggested for ROR by Mousseau et al. 2003,
                     EJOR 147). Not necessarily the smallest such set. W's own limits (the
                     stakeholder's bounds, order and tolerance) can be a member: a statement may
                     hold on the simplex but not within them.
  representative     the Chebyshev centre of the closure of C (see :func:`chebyshev_centre`).
  weight ranges      min and max of each w_j over the closure of C.
  necessary a >= b   min over C of (x_a - x_b).w >= 0 (the min over the closure equals the
                     infimum over C); possible a >= b: some w in C has (x_a - x_b).w >= 0. A tie
                     reached only on the boundary (strict rows at 0) is settled by an eps LP.
  possibly first     some w in C makes a at least as good as every other option (eps LP);
  necessarily first  a necessarily >= every other option.

Every LP answer is re-evaluated at the weights it returns: in W, rows satisfied, objective
recomputed (to :data:`delivery_options.lp.VERIFY_TOL`); anything else is reported as "failed".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model.statements import Statement
from .compatible import CONSTRAINTS, EPS_CAP, MARGIN_TOL, Compatible, compatible_set
from .lp import VERIFY_TOL, LpOutcome, MatrixLp, WeightSet, clean, simplex, weight_rows

# --- LPs over C ------------------------------------------------------------------------------


class CompatLp:
    """C as one LP model, changed in place for every question asked of it (:class:`MatrixLp`).

    Columns: w, eps and s. Rows: W's sum, orders and rows; C's rows, strict ones as
    a.w - eps >= 0; a spare row for one more constraint; and, once "possibly first" is asked,
    the target row s - x_a.w = 0 and a lead row s - x_b.w >= 0 for every option b. eps runs up
    to EPS_CAP (free below) for margin questions and is fixed at 0 for the closure; a row is
    switched off by freeing its bounds. Every answer is re-evaluated at the weights returned.
    """

    def __init__(self, C: Compatible, solver):
        W, n = C.W, C.W.n
        self.C, self.n = C, n
        inf = np.inf
        names = [*(f"w{j}" for j in range(n)), "eps", "s"]
        self.lp = lp = MatrixLp(solver, [*W.lower, -inf, -inf], [*W.upper, EPS_CAP, inf], names)
        A, lo, hi = weight_rows(W)
        self.w_rows = lp.add_rows(self._pad(A), lo, hi)
        R = self._pad(C.A)
        R[:, n] = -C.strict.astype(float)
        self.eq = np.array([k == "=0" for k in C.kinds], dtype=bool)
        self.c_rows = lp.add_rows(R, 0.0, np.where(self.eq, 0.0, inf))
        self.spare = lp.add_rows(np.zeros((1, n + 2)), -inf, inf)[0]
        self.lead_rows: dict[int, int] = {}
        self.target: int | None = None
        self.eps_free = True
        h = self.lp.h
        self.dual = None
        if h is not None:  # (status, value) from some highspy versions, the value from others
            got = h.getOptionValue("simplex_strategy")
            self.dual = got[1] if isinstance(got, tuple) else got
        self.primal = False

    @property
    def count(self) -> int:
        return self.lp.count

    def _pad(self, A: np.ndarray, eps: float = 0.0, s: float = 0.0) -> np.ndarray:
        A = np.atleast_2d(A)
        return np.hstack([A, np.full((len(A), 1), eps), np.full((len(A), 1), s)])

    def _simplex(self, primal: bool) -> None:
        """HiGHS's primal simplex for closure questions, where only the objective changes and
        the last basis stays feasible; its default (dual) when rows change."""
        if self.dual is not None and primal != self.primal:
            self.lp.h.setOptionValue("simplex_strategy", 4 if primal else self.dual)
            self.primal = primal

    def _eps(self, free: bool) -> None:
        if free != self.eps_free:
            self.lp.set_bounds(self.n, -np.inf if free else 0.0, EPS_CAP if free else 0.0)
            self.eps_free = free

    def closure(self, c: np.ndarray, maximise: bool = False) -> LpOutcome:
        """min (or max) c.w over the closure of C, verified."""
        self._eps(False)
        self._simplex(True)
        self.lp.set_objective(self._pad(c)[0], maximise)
        out = self.lp.solve()
        if not out.ok:
            return out
        w = clean(out.w[: self.n])
        if not self.C.contains(w):
            return LpOutcome("failed")
        return LpOutcome("optimal", float(c @ w), w)

    def margin(self, extra: np.ndarray | None = None, first: int | None = None, X=None):
        """max eps with every strict row >= eps, and ``extra`` . w >= 0 (one row) or option
        ``first`` at least as good as every option of X; verified; objective = eps."""
        self._eps(True)
        self._simplex(False)
        lp, n = self.lp, self.n
        if extra is not None:
            lp.set_row(self.spare, self._pad(extra)[0])
            lp.set_row_bounds(self.spare, 0.0, np.inf)
        if first is not None:
            lp.set_row(self.target, self._pad(-X[first], s=1.0)[0])
        lp.set_objective(np.r_[np.zeros(n), 1.0, 0.0], maximise=True)
        out = lp.solve()
        while first is not None and out.ok:  # row generation: add the leads it breaks
            v = X @ out.w[:n]
            broken = np.flatnonzero((v - v[first] > 1e-9) & ~self.pooled)
            if not len(broken):
                break
            self._pool(broken)
            out = lp.solve()
        if extra is not None:
            lp.set_row_bounds(self.spare, -np.inf, np.inf)
        if not out.ok:
            return out
        C, wv = self.C, clean(out.w[:n])
        eps = C.strict_margin(wv)
        rows = [] if extra is None else [float(extra @ wv)]
        if first is not None:
            rows += list((X[first] - X) @ wv)
        if (
            C.violation(wv, min(eps, 0.0)) > VERIFY_TOL
            or min(rows, default=0.0) < -VERIFY_TOL
            or abs(eps - out.objective) > VERIFY_TOL
        ):
            return LpOutcome("failed")
        return LpOutcome("optimal", eps, wv)

    def leads(self, X: np.ndarray, on: bool, start: np.ndarray | None = None) -> None:
        """Ready (or clear) the rows that make the target at least as good as other options.

        A lead row s - x_b.w >= 0 holds for whichever option the target row names, so a row
        added stays for every later target (row generation, as in robust.py): the eight
        strongest options at ``start`` first, then each option an answer puts ahead. Rows are
        added only when needed: a free row still costs the simplex a basic variable."""
        if on:
            self.X = X
            self.target = self.lp.add_rows(self._pad(-X[0], s=1.0), 0.0, 0.0)[0]
            self.lead_rows = {}
            self.pooled = np.zeros(len(X), dtype=bool)
            if start is not None:
                self._pool(np.argsort(-(X @ start), kind="stable")[:8])
            return
        self.lp.set_row_bounds(self.target, -np.inf, np.inf)
        for i in self.lead_rows.values():
            self.lp.set_row_bounds(i, -np.inf, np.inf)
        self.pooled[:] = False

    def _pool(self, rivals: np.ndarray) -> None:
        rivals = np.asarray(rivals, dtype=int)
        rows = self.lp.add_rows(self._pad(-self.X[rivals], s=1.0), 0.0, np.inf)
        self.lead_rows.update(zip(rivals.tolist(), rows, strict=True))
        self.pooled[rivals] = True

    def switch(self, keep_rows: np.ndarray, limits: bool) -> None:
        """Keep only C's rows marked in ``keep_rows``; W's limits beyond the simplex (box,
        orders, rows) only with ``limits``. Only the bounds that change are sent."""
        lp, W, inf = self.lp, self.C.W, np.inf
        rows = np.r_[np.asarray(self.c_rows, dtype=int), np.asarray(self.w_rows, dtype=int)[1:]]
        on = np.r_[np.asarray(keep_rows, dtype=bool), np.full(len(self.w_rows) - 1, limits)]
        eq = np.r_[self.eq, np.zeros(len(self.w_rows) - 1, dtype=bool)]
        lo = np.where(on, 0.0, -inf)
        hi = np.where(on & eq, 0.0, inf)
        changed = (lp.row_lower[rows] != lo) | (lp.row_upper[rows] != hi)
        lp.set_rows_bounds(rows[changed], lo[changed], hi[changed])
        for j in range(self.n):
            b = (W.lower[j], W.upper[j]) if limits else (0.0, 1.0)
            if (lp.lower[j], lp.upper[j]) != b:
                lp.set_bounds(j, *b)


class OverClosure:
    """min or max c.w over the closure of C (strict rows >= 0), one model changed in place."""

    def __init__(self, C: Compatible, solver):
        self.model = CompatLp(C, solver)

    @property
    def count(self) -> int:
        return self.model.count

    def optimise(self, c: np.ndarray, maximise: bool = False) -> LpOutcome:
        return self.model.closure(c, maximise)


@dataclass(frozen=True)
class Margin:
    """eps*: how far the strict statements can all hold (value points); status in words."""

    status: str  # "consistent", "inconsistent", "infeasible" or "failed"
    eps: float | None = None  # None when infeasible, failed, or no statement is strict
    w: np.ndarray | None = None


def _margin_of(C: Compatible, out: LpOutcome, strict: bool) -> Margin:
    if out.status == "infeasible":
        return Margin("infeasible")
    if not out.ok:
        return Margin("failed")
    eps = out.objective if strict else None
    ok = eps is None or eps > MARGIN_TOL
    return Margin("consistent" if ok else "inconsistent", eps, out.w)


def margin(C: Compatible, solver, model: CompatLp | None = None) -> Margin:
    """The margin LP (Greco, Mousseau & Slowinski 2008): max eps, every strict row >= eps.

    eps is free below, so the LP is infeasible only when the non-strict rows and W are.
    """
    model = model or CompatLp(C, solver)
    return _margin_of(C, model.margin(), bool(C.strict.any()))


def too_close(C: Compatible, found: Sequence[int | str], solver) -> bool:
    """Whether a conflict found is none: its statements all hold at some weights, in exact
    arithmetic, but by less than the solver can tell from nothing (rows nearly opposite, as a
    preference for 100 over 99.99999999999999 each way round). Tried at the weights the conflict's
    margin LP returns, exactly and rounded to nearby fractions, against the rows in value
    points, and at the centre of the set's closure; a conflict with the stakeholder's
    [constraints] is left a conflict."""
    if not found or CONSTRAINTS in found or not C.W.is_simplex:
        return False
    from fractions import Fraction

    sub = C.subset(found)
    rows = [[Fraction(float(x)) for x in a] for a in sub.in_points().A]
    tries = []
    if (balanced := _balanced(rows, sub.kinds)) is not None:
        tries.append(balanced)
    # the margin LP's vertex, and the centre of the closure: a linear row that is not zero on
    # the whole of a convex set is positive at a point of its relative interior, where a vertex
    # may sit on the face that row is zero on (a swing's w_a = w_b beside x over y by 1e-9 on c)
    for w in (CompatLp(sub, solver).margin().w, chebyshev_centre(sub, solver).w):
        if w is not None:
            tries.append([Fraction(float(x)) for x in w])
            tries += [[Fraction(float(x)).limit_denominator(10**k) for x in w] for k in (3, 6, 9)]
    for w in tries:
        w = [max(x, Fraction(0)) for x in w]
        if not any(w):
            continue
        values = [sum((a * x for a, x in zip(r, w, strict=True)), Fraction(0)) for r in rows]
        if all(
            v > 0 if kind == ">=eps" else v == 0 if kind == "=0" else v >= 0
            for v, kind in zip(values, sub.kinds, strict=True)
        ):
            return True
    return False


def _balanced(rows, kinds) -> list | None:
    """The weights, exactly, on the criteria the rows touch, at which every strict row takes one
    value t, every other row 0 and the weights sum to 1 (where the statements nearly balance,
    the margin LP's own optimum); None unless that system is square and has one solution."""
    from fractions import Fraction

    n = len(rows[0]) if rows else 0
    support = [j for j in range(n) if any(r[j] for r in rows)]
    if not support or len(support) != len(rows) or len(support) > 50:
        return None
    m = len(support) + 1  # unknowns: the weights on the support, then t
    system = [
        [r[j] for j in support] + [Fraction(-1 if k == ">=eps" else 0), Fraction(0)]
        for r, k in zip(rows, kinds, strict=True)
    ]
    system.append([Fraction(1)] * len(support) + [Fraction(0), Fraction(1)])
    for col in range(m):  # Gauss-Jordan elimination in exact arithmetic
        pivot = next((i for i in range(col, m) if system[i][col]), None)
        if pivot is None:
            return None
        system[col], system[pivot] = system[pivot], system[col]
        lead = system[col][col]
        system[col] = [x / lead for x in system[col]]
        for i in range(m):
            if i != col and system[i][col]:
                f = system[i][col]
                system[i] = [x - f * y for x, y in zip(system[i], system[col], strict=True)]
    w = [Fraction(0)] * n
    for k, j in enumerate(support):
        w[j] = system[k][-1]
    return w


def find_conflict(C: Compatible, solver, constraints: bool = False) -> tuple[int | str, ...]:
    """One set of statements that cannot hold together, minimal by inclusion (deletion filter).

    The deletion filter (Chinneck & Dravnieks 1991) drops each member in turn and keeps it
    dropped while the rest stay inconsistent. Removing a statement only removes rows, so
    consistency is monotone and what is left is irreducible: removing any one member restores
    consistency. Empty when C is consistent (or W is empty).

    The same set is found with O(k log n) LPs instead of n (k members found, n statements): with
    F the members kept so far, the filter keeps next the first j after the last kept member for
    which F and the members after j are consistent, and as that test is monotone in j a
    bisection finds j (the preferred conflict of QuickXplain, Junker 2004, for the reverse
    order). One model serves every test: a statement is switched off by freeing its rows'
    bounds, and each solve starts from the last basis. The conflict found is then checked
    afresh: inconsistent, and consistent without any one member.

    With ``constraints``, W's limits beyond the simplex are one more member, :data:`CONSTRAINTS`,
    dropped first (the statements alone, over the whole simplex): they are named only when the
    statements could hold without them (and alone when W itself is empty), after the statements.
    """
    limited = constraints and not C.W.is_simplex
    free = simplex(C.W.criteria)
    model = CompatLp(C, solver)
    owners = np.array(C.owners, dtype=int).reshape(len(C.owners))
    kinds = np.array(C.kinds, dtype=object)

    def bad(keep: list[int | str]) -> bool:
        stated = [k for k in keep if k != CONSTRAINTS]
        limits = not limited or CONSTRAINTS in keep
        rows = np.isin(owners, stated)
        model.switch(rows, limits)
        sub = Compatible(C.W if limits else free, C.A[rows], tuple(kinds[rows]), ())
        status = _margin_of(sub, _checked(model, sub), bool(sub.strict.any())).status
        if status == "failed":
            raise RuntimeError("a margin LP in the conflict search ended failed")
        return status != "consistent"

    members: list[int | str] = [*([CONSTRAINTS] if limited else []), *sorted(set(C.owners))]
    if not bad(members) or bad([]):
        return ()
    kept: list[int | str] = []
    after = 0  # members before this index are decided
    while not bad(kept):
        # the first j >= after with kept + members[j + 1:] consistent (it exists: j = last)
        lo, hi = after, len(members) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if bad(kept + members[mid + 1 :]):
                lo = mid + 1
            else:
                hi = mid
        kept.append(members[lo])
        after = lo + 1
    found = tuple(sorted(kept, key=lambda k: k == CONSTRAINTS))  # the statements first
    _verify_conflict(C, found, limited, solver)
    return found


def _checked(model: CompatLp, sub: Compatible) -> LpOutcome:
    """The model's margin answer, re-evaluated against the rows switched on (``sub``)."""
    full = model.C
    model.C = sub
    try:
        return model.margin()
    finally:
        model.C = full


def _verify_conflict(C: Compatible, found, limited: bool, solver) -> None:
    """A conflict is infeasible and irreducible: checked afresh, one fresh model per test."""
    free = simplex(C.W.criteria)

    def bad(keep) -> bool:
        sub = C.subset(k for k in keep if k != CONSTRAINTS)
        if limited and CONSTRAINTS not in keep:
            sub = Compatible(free, sub.A, sub.kinds, sub.owners)
        return margin(sub, solver).status not in ("consistent", "failed")

    if not bad(found) or any(bad([s for s in found if s != k]) for k in found):
        raise RuntimeError("the conflict found did not verify as minimal and inconsistent")


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
    rows = C.A if C.points is None else C.points  # the ball's LP scales each row itself
    for a, kind in zip(rows, C.kinds, strict=True):
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
    """max r with g.w - |g N| r >= h for every inequality and E w = f: columns w, then r (in
    HiGHS in the order PuLP gave them, so the centre found is the one it found)."""
    N = R.N
    norms = np.linalg.norm(R.G @ N, axis=1) if N.shape[1] else np.zeros(len(R.h))
    n = R.E.shape[1]
    names = [*(f"w{j}" for j in range(n)), "r"]
    lp = MatrixLp(solver, [*[-np.inf] * n, 0.0], [*[np.inf] * n, 1.0 if N.shape[1] else 0.0], names)
    lp.add_rows(np.hstack([R.G, -norms[:, None]]).reshape(len(R.G), n + 1), R.h, np.inf)
    used = R.E.any(axis=1)
    if used.any():
        lp.add_rows(np.hstack([R.E[used], np.zeros((int(used.sum()), 1))]), R.f[used], R.f[used])
    lp.set_objective(np.r_[np.zeros(n), 1.0], maximise=True)
    return lp.solve(), norms


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
            # rows within 1e-9 of tight may still differ (a swing rated 99.99999999 against
            # 100): as equalities they can leave nothing, so then the first LP's point stands
            flat, flat_norms = _chebyshev_lp(R.with_equalities(tight), solver)
            if flat.ok:
                R, out, norms = R.with_equalities(tight), flat, flat_norms
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
    #: [a, b]: a >= b for every compatible w (necessary), for some (possible); None: no relation
    necessary_matrix: np.ndarray | None = None
    possible_matrix: np.ndarray | None = None
    lp_count: int = 0
    #: Inconsistent only by a margin too small to tell apart (:func:`too_close`): the conflict
    #: found holds exactly, at weights the solver cannot tell from a conflict.
    close: bool = False

    def _ends(self, M: np.ndarray | None) -> np.ndarray:
        """The pairs M holds, in row-major order, as an array of option ids (k x 2)."""
        if M is None:
            return np.empty((0, 2), dtype=object)
        return Pairs(M, self.options)[:]

    def _pairs(self, M: np.ndarray | None) -> tuple[tuple[str, str], ...]:
        return tuple(map(tuple, self._ends(M).tolist()))

    @property
    def necessary(self) -> tuple[tuple[str, str], ...]:
        """(a, b): a >= b for every compatible w."""
        return self._pairs(self.necessary_matrix)

    @property
    def possible(self) -> tuple[tuple[str, str], ...]:
        """(a, b): a >= b for some compatible w."""
        return self._pairs(self.possible_matrix)

    @property
    def consistent(self) -> bool:
        return self.status == "consistent"

    def counts(self) -> dict[str, np.ndarray]:
        """For each option (in ``options`` order): how many options it is necessarily at least
        as good as, how many are necessarily at least as good as it, and how many it is
        possibly at least as good as. Zeros when there is no relation."""
        m = len(self.options)
        N, P = self.necessary_matrix, self.possible_matrix
        if N is None or P is None:
            zero = np.zeros(m, dtype=int)
            return {"necessary_over": zero, "necessary_under": zero, "possible_over": zero}
        return {
            "necessary_over": N.sum(axis=1),
            "necessary_under": N.sum(axis=0),
            "possible_over": P.sum(axis=1),
        }

    def document(self, pairs: bool = True) -> dict[str, Any]:
        """The answers; the necessary and possible pairs listed when ``pairs``, else None."""

        def listed(M: np.ndarray | None) -> list | None:
            return self._ends(M).tolist() if pairs else None

        return {
            "consistent": self.consistent,
            "status": self.status,
            "too_close_to_tell": self.close,
            "margin": self.margin,
            "conflicts": [list(c) for c in self.conflicts],
            "weights": self.weights,
            "radius": self.radius,
            "weight_ranges": {c: list(r) for c, r in self.weight_ranges.items()},
            "possibly_first": list(self.possibly_first),
            "necessarily_first": list(self.necessarily_first),
            "necessary": listed(self.necessary_matrix),
            "possible": listed(self.possible_matrix),
        }


class Pairs:
    """The pairs [a, b] a boolean options x options matrix holds, as option ids in row-major
    order, made a slice at a time: present/json.py writes it as a list of pairs without holding
    the list (millions of pairs at thousands of options)."""

    ndim = 2

    def __init__(self, M: np.ndarray, options: Sequence[str]):
        self.M = M
        self.options = np.array(options, dtype=object).reshape(len(options))
        self.ends = np.r_[0, np.cumsum(M.sum(axis=1))]

    def __len__(self) -> int:
        return int(self.ends[-1])

    def __getitem__(self, k: slice) -> np.ndarray:
        start, stop, step = k.indices(len(self))
        if step != 1:
            raise ValueError("Pairs are read in plain slices")
        if stop <= start:
            return np.empty((0, 2), dtype=object)
        r0 = int(np.searchsorted(self.ends, start, side="right")) - 1
        r1 = int(np.searchsorted(self.ends, stop, side="left"))
        idx = np.argwhere(self.M[r0:r1])
        idx[:, 0] += r0
        skip = start - int(self.ends[r0])
        return self.options[idx[skip : skip + stop - start]]

    def tolist(self) -> list[list[str]]:
        return self[:].tolist()


def _need(out: LpOutcome, what: str) -> LpOutcome:
    if not out.ok:
        raise RuntimeError(f"the {what} LP ended {out.status}")
    return out


#: Cells of an options x options block of least differences held at once (512 KB of float64).
BLOCK_CELLS = 1 << 16


@dataclass(frozen=True, eq=False)
class Margins:
    """What the least differences lo[a, b] = min over the closure of (x_a - x_b).w settle,
    without an options x options array of numbers (:func:`necessary_margins`)."""

    necessary: np.ndarray  # m x m bool: lo[a, b] >= -MARGIN_TOL, the diagonal False
    ties: np.ndarray  # k x 2: the pairs (a, b) with |lo[a, b]| <= MARGIN_TOL, row-major order
    beaten: np.ndarray  # m bool: some b has lo[b, a] > MARGIN_TOL + VERIFY_TOL
    solved: np.ndarray  # k x 2: the pairs whose minimum an LP found, in the order solved
    values: np.ndarray  # those minima
    found: np.ndarray  # the minimisers (points of the closure), one row per LP


def necessary_margins(model: CompatLp, X: np.ndarray, W: WeightSet, points: np.ndarray) -> Margins:
    """min over the closure of (x_a - x_b).w for every pair, where it decides anything.

    Before any LP, two bounds settle most pairs: a known point of the closure with
    (x_a - x_b).w < -MARGIN_TOL (an upper bound: a is not necessarily as good as b, and b can
    be better than a), and the greedy minimum over W's box and the simplex, which contain the
    closure (a lower bound: above MARGIN_TOL, a is necessarily better and b never as good).
    Both are taken a block of rows at a time (:data:`BLOCK_CELLS`), so that memory grows as
    m x n plus a block, and the m x m answers are kept as booleans. Only pairs neither bound
    settles are solved, on the one model, those a is furthest ahead in at the first point (the
    centre) first; each LP's minimiser is a new known point for every pair still open, so that
    one vertex of the closure settles all the pairs it puts the other way. A value that is not
    an LP's is below -MARGIN_TOL (a point's) or above MARGIN_TOL (the greedy bound's).
    """
    from .robust import box_simplex_min

    m = len(X)
    at = X @ points.T if len(points) else np.empty((m, 0))
    necessary = np.zeros((m, m), dtype=bool)
    beaten = np.zeros(m, dtype=bool)
    high_tol = MARGIN_TOL + VERIFY_TOL
    open_a, open_b = [], []
    rows = max(1, BLOCK_CELLS // max(m, 1))
    for s in range(0, m, rows):
        e = min(m, s + rows)
        lo, d = np.full((e - s, m), np.inf), np.empty((e - s, m))
        for v in at.T:  # the least value at a known point
            np.subtract(v[s:e, None], v[None, :], out=d)
            np.minimum(lo, d, out=lo)
        undecided = lo >= -MARGIN_TOL
        undecided[np.arange(e - s), np.arange(s, e)] = False
        del lo, d
        A, B = np.nonzero(undecided)
        A = (A + s).astype(np.int32)
        B = B.astype(np.int32)
        high = np.zeros(len(A), dtype=bool)
        for k in range(0, len(A), 4096):  # the greedy bound a slice at a time
            sl = slice(k, k + 4096)
            lb = box_simplex_min(X[A[sl]] - X[B[sl]], W.lower, W.upper)
            high[sl] = lb > MARGIN_TOL
            beaten[B[sl][lb > high_tol]] = True
        necessary[A[high], B[high]] = True
        open_a.append(A[~high])
        open_b.append(B[~high])
    A = np.concatenate(open_a) if open_a else np.empty(0, dtype=np.int32)
    B = np.concatenate(open_b) if open_b else np.empty(0, dtype=np.int32)
    if len(points):
        order = np.argsort(at[B, 0] - at[A, 0], kind="stable")
        A, B = A[order], B[order]
    found, solved, values = [], [], []
    while len(A):
        a, b = int(A[0]), int(B[0])
        out = _need(model.closure(X[a] - X[b]), "necessary-preference")
        solved.append((a, b))
        values.append(out.objective)
        found.append(out.w)
        v = X @ out.w
        d = v[A] - v[B]
        keep = d >= -MARGIN_TOL  # a point puts the rest the other way: settled
        keep[0] = False
        A, B = A[keep], B[keep]
    solved = np.array(solved, dtype=np.int64).reshape(len(solved), 2)
    values = np.array(values, dtype=float)
    sa, sb = solved.T
    necessary[sa, sb] = values >= -MARGIN_TOL
    np.logical_or.at(beaten, sb, values > high_tol)
    tie = np.abs(values) <= MARGIN_TOL
    ties = solved[tie][np.lexsort((sb[tie], sa[tie]))]
    return Margins(
        necessary,
        ties,
        beaten,
        solved,
        values,
        np.array(found).reshape(len(found), X.shape[1]),
    )


def first_somewhere(
    C: Compatible, X: np.ndarray, points: np.ndarray, centre: np.ndarray, floor: float
) -> np.ndarray:
    """Options that known points of the closure show possibly first, without an LP.

    Where a point p puts option a ahead of every other by L > 0, and a trails by Lc < 0 at the
    centre c (a point of C: every strict row holds there with a positive margin), the point
    q = (1 - t) p + t c with t = L / (2 (L - Lc)) still has a ahead (a's lead, the least of
    linear functions, is concave in w: at least L / 2 at q) and every strict row at least t
    times its value at c. When q is in the closure, a at least as good as every other option
    there, and its least strict row above ``floor`` + MARGIN_TOL, the eps LP's optimum is at
    least that: a is possibly first, as the LP would say. Each point speaks for its leader.
    """
    m = len(X)
    best = np.zeros(m)  # the greatest lead of each option at a known point
    if m < 2:
        return np.zeros(m, dtype=bool)
    at = np.zeros(m, dtype=int)
    for s in range(0, len(points), 256):
        V = X @ points[s : s + 256].T
        cols = np.arange(V.shape[1])
        top = V.argmax(axis=0)
        lead = V[top, cols] - np.partition(V, m - 2, axis=0)[m - 2]  # over the runner-up
        for k in np.flatnonzero(lead > best[top]):
            if lead[k] > best[top[k]]:
                best[top[k]], at[top[k]] = lead[k], s + k
    vc = X @ centre
    out = np.zeros(m, dtype=bool)
    for a in np.flatnonzero(best > 0):
        rival = np.delete(vc, a).max()
        L, Lc = best[a], vc[a] - rival
        if Lc >= 0:
            continue
        t = L / (2 * (L - Lc))
        q = (1 - t) * points[at[a]] + t * centre
        ahead = np.delete((X[a] - X) @ q, a).min()
        if ahead >= 0 and C.violation(q) <= VERIFY_TOL and C.strict_margin(q) > floor + MARGIN_TOL:
            out[a] = True
    return out


def weight_ranges(
    C: Compatible, solver, model: CompatLp | None = None
) -> tuple[dict[str, tuple[float, float]], list[np.ndarray], int]:
    """min and max of each w_j over the closure of a consistent C: the ranges by criterion, the
    weights at each end (points of the closure) and the number of LPs solved."""
    model = model or CompatLp(C, solver)
    before = model.count
    ranges, ends = {}, []
    for j, c in enumerate(C.W.criteria):
        e = np.eye(C.W.n)[j]
        low = _need(model.closure(e), "weight-range")
        high = _need(model.closure(e, maximise=True), "weight-range")
        ranges[c] = (low.objective, high.objective)
        ends += [low.w, high.w]
    return ranges, ends, model.count - before


def analyse(
    X: np.ndarray,
    option_ids: Sequence[str],
    W: WeightSet,
    statements: Sequence[Statement],
    solver,
) -> RorResult:
    """Robust ordinal regression over W with ``statements`` (Greco, Mousseau & Slowinski 2008).

    One model of C (:class:`CompatLp`) answers every LP but the Chebyshev centre's.
    """
    X = np.asarray(X, dtype=float)
    options, m = tuple(option_ids), len(option_ids)
    C = compatible_set(X, options, W, statements)
    model = CompatLp(C, solver)
    mg = margin(C, solver, model)
    if mg.status == "failed":
        raise RuntimeError("the margin LP ended failed")
    shown = mg.eps  # the margin in value points, as the statements were written
    if mg.eps is not None and C.points is not None:
        out = CompatLp(C.in_points(), solver).margin()
        shown = out.objective if out.ok else None
    if mg.status != "consistent":
        found = find_conflict(C, solver, constraints=True)
        close = too_close(C, found, solver)
        return RorResult(
            options, W.criteria, mg.status, shown, (found,) if found else (), close=close
        )

    centre = chebyshev_centre(C, solver)
    if centre.status != "optimal":
        raise RuntimeError(f"the Chebyshev-centre LP ended {centre.status}")

    # weight ranges; their extreme points join the centre as known points of the closure
    ranges, ends, _ = weight_ranges(C, solver, model)
    P = np.array([centre.w, *ends])
    found = necessary_margins(model, X, W, P)
    necessary = found.necessary

    # possible a >= b: max (x_a - x_b).w = -lo[b, a] > MARGIN_TOL; a boundary tie (|lo[b, a]|
    # within it) needs the eps LP, asked in the order of the pairs (a, b)
    possible = ~necessary.T
    np.fill_diagonal(possible, False)
    floor = MARGIN_TOL if C.strict.any() else -np.inf
    for b, a in found.ties[np.lexsort(found.ties.T)].tolist():
        out = model.margin(extra=X[a] - X[b])
        if out.status != "infeasible" and _need(out, "possible-preference").objective > floor:
            possible[a, b] = True

    # possibly first: first at the centre (a point of C); never when another option is
    # necessarily better by more than the tolerance (no weight of the closure puts it level);
    # otherwise an eps LP with a >= every other option, asked in order of value at the centre
    # (each LP starts from the last one's basis, and neighbours in value tend to share it)
    vc = X @ centre.w
    beaten = found.beaten
    first = vc >= vc.max() - MARGIN_TOL
    first |= ~beaten & first_somewhere(C, X, np.vstack([P, found.found]), centre.w, floor)
    asked = False
    for a in np.argsort(-vc, kind="stable"):
        if first[a] or beaten[a]:
            continue
        if not asked:
            model.leads(X, True, centre.w)
            asked = True
        out = model.margin(first=a, X=X)
        if out.status == "infeasible":
            continue
        if _need(out, "possibly-first").objective > floor:
            first[a] = True
    possibly = np.flatnonzero(first).tolist()
    if asked:
        model.leads(X, False)
    necessarily = np.flatnonzero(necessary.sum(axis=1) == m - 1).tolist()

    return RorResult(
        options,
        W.criteria,
        "consistent",
        shown,
        (),
        {c: float(centre.w[j]) for j, c in enumerate(W.criteria)},
        centre.radius,
        ranges,
        tuple(options[a] for a in possibly),
        tuple(options[a] for a in necessarily),
        necessary,
        possible,
        model.count,
    )
