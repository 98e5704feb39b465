"""What a stakeholder's record settles, apart from the representative weights inferred from it.

Over the weights W its record allows (its statements, bounds and tolerance): an option is
necessarily first when it is at least as good as every other at every w in W, possibly first
when it is so at some w in W (robust ordinal regression, Greco, Mousseau and Slowinski 2008), and
its share is the share of W, drawn uniformly, under which it comes first at the stated scores
(SMAA-2's first-rank acceptability, Lahdelma and Salminen 2001). The record settles a first
choice only when one option is necessarily first; the centre of W (the weights the analyses use)
is a representative point, not a preference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .lp import WeightSet

#: Draws of W for the shares: +-1 point at 95% were they independent. Hit-and-run's draws (W cut
#: by orders or statements) are correlated and start from W's centre; measured against long runs
#: (issue 23) they are within about +-1 point over 6 criteria (tests/test_record_precision.py)
#: and +-2 over 40 criteria with 100 statements, but over 40 criteria with 400 statements they
#: are 2.4 points from a run with four times the burn-in and 6 points from chains started
#: spread towards W's vertices: there the shares are rough.
RECORD_SAMPLES = 10_000
TOL = 1e-7


@dataclass(frozen=True)
class Settled:
    """What one stakeholder's record settles about the options appraised."""

    stakeholder: str
    first: tuple[str, ...]  # necessarily first: empty when the record leaves it open
    possible: tuple[str, ...]  # possibly first, in the options' order
    shares: tuple[tuple[str, float], ...]  # share of W under which each possible one is first
    centre: tuple[str, ...]  # first at the representative (centre or typed) weights
    samples: int = 0  # draws behind the shares (0: W is one point)

    @property
    def settled(self) -> bool:
        return bool(self.first)

    def share(self, option: str) -> float:
        return dict(self.shares).get(option, 0.0)


#: A known point of W rules on an option only when it clears the tolerance by this much more
#: (the LP it stands in for could never land on the other side).
SLACK = 1e-6
#: A rival better everywhere on W is ahead at a known point by more than -AHEAD_SLACK (value
#: points: a point may break W's constraints by 1e-9 each, on scores of at most 100).
AHEAD_SLACK = 1e-4


class _Record:
    """The LPs of :func:`settle` over one W: each model built once in HiGHS (``MatrixLp``,
    changed in place), and every point of W they return kept, so that an option a known point
    already rules on takes no LP (as robust.py does with its known points)."""

    def __init__(self, X: np.ndarray, W: WeightSet, solver):
        self.X, self.W, self.solver = X, W, solver
        self.points: list[np.ndarray] = []
        self._min = self._lead = None
        self._box: tuple[np.ndarray, np.ndarray] | None = None

    def box(self) -> tuple[np.ndarray, np.ndarray]:
        """Bounds on each weight that hold over W: W's own box, or with orders or rows the least
        and greatest of each weight over W (2n LPs, each end a point of W), a far tighter box
        when statements shape W."""
        if self._box is None:
            W = self.W
            self._box = (W.lower, W.upper)
            if W.order or W.rows:
                eye = np.eye(W.n)
                low = np.array([self.min_over_w(e) for e in eye])
                high = np.array([-self.min_over_w(-e) for e in eye])
                if np.isfinite(low).all() and np.isfinite(high).all():
                    # never inside W's box, and widened by the LPs' tolerance
                    self._box = (
                        np.maximum(W.lower, low - 1e-7),
                        np.minimum(W.upper, high + 1e-7),
                    )
        return self._box

    def add_point(self, w: np.ndarray) -> bool:
        """Keep ``w`` when it is a point of W; say whether it was kept."""
        if self.W.violation(w) > 1e-9:
            return False
        self.points.append(w)
        return True

    def min_over_w(self, c: np.ndarray) -> float:
        """min c.w over W (-inf when the LP has no optimum), its minimiser kept."""
        from .lp import MatrixLp, clean, weight_rows

        if self._min is None:
            self._min = MatrixLp(self.solver, self.W.lower, self.W.upper)
            self._min.add_rows(*weight_rows(self.W))
        self._min.set_objective(c)
        out = self._min.solve()
        if not out.ok:
            return -np.inf
        self.add_point(clean(out.w))
        return float(out.objective)

    def best_lead(self, a: int, start: np.ndarray) -> float:
        """min(0, max over W of min_b (x_a - x_b).w): as in robust.py's lead LP, a variable
        s = x_a.w carries the target (the one row that depends on a) and the rival rows
        s - x_b.w - z >= 0, shared by every target, are added as the solutions break them."""
        from .lp import MatrixLp, clean, weight_rows

        X, n = self.X, self.W.n
        target = np.r_[-X[a], 1.0, 0.0]
        if self._lead is None:
            lp = MatrixLp(
                self.solver, [*self.W.lower, -np.inf, -np.inf], [*self.W.upper, np.inf, 0]
            )
            A, lo, hi = weight_rows(self.W)
            lp.add_rows(np.c_[A, np.zeros((len(A), 2))], lo, hi)
            self._target = lp.add_rows(target, 0.0, 0.0)[0]
            lp.set_objective(np.r_[np.zeros(n + 1), 1.0], maximise=True)
            self._lead, self._pooled = lp, np.zeros(len(X), dtype=bool)
        else:
            self._lead.set_row(self._target, target)
        order = np.argsort(-(X @ start), kind="stable")
        self._pool([b for b in order[:9] if b != a][:8])
        while True:
            out = self._lead.solve()
            if not out.ok:
                return -np.inf
            v, z = X @ out.w[:n], out.w[n + 1]
            broken = np.flatnonzero((v[a] - v < z - 1e-9) & ~self._pooled)
            if not len(broken):
                break
            self._pool(broken)
        self.add_point(clean(out.w[:n]))
        return float(out.objective)

    def _pool(self, rivals) -> None:
        rivals = [int(b) for b in rivals if not self._pooled[b]]
        if rivals:
            n = self.W.n
            rows = np.c_[-self.X[rivals], np.ones(len(rivals)), -np.ones(len(rivals))]
            self._lead.add_rows(rows.reshape(-1, n + 2), 0.0, np.inf)
            self._pooled[rivals] = True


def _near_first(v: np.ndarray, slack: float) -> np.ndarray:
    """Options whose value is within ``TOL + slack`` of the best at one point."""
    return v >= v.max() - TOL - slack


def _leads(v: np.ndarray) -> np.ndarray:
    """Each option's value minus the best of the others (at one point)."""
    order = np.argsort(-v, kind="stable")
    rival = np.full(len(v), v[order[0]])
    rival[order[0]] = v[order[1]]
    return v - rival


def _necessarily_first(rec: _Record) -> np.ndarray:
    """Options a with min over W of (x_a - x_b).w >= -TOL for every b: a known point where a is
    behind by more rules it out; else the box-and-simplex bound (robust.py's greedy fill, a
    lower bound over W) settles each rival, and an LP is solved only for the rest, the rival
    with the lowest bound first, until one is found behind."""
    from .robust import box_simplex_min

    X = rec.X
    cand = np.ones(len(X), dtype=bool)
    for p in rec.points:
        cand &= _near_first(X @ p, SLACK)
    for a in range(len(X)):
        if not cand[a]:
            continue
        lb = box_simplex_min(X[a] - X, *rec.box())
        lb[a] = np.inf
        for b in np.argsort(lb, kind="stable"):
            if lb[b] >= -TOL:
                break
            known = len(rec.points)
            if rec.min_over_w(X[a] - X[b]) < -TOL:
                cand[a] = False
                for p in rec.points[known:]:
                    cand &= _near_first(X @ p, SLACK)
                break
    return cand


def _possibly_first(rec: _Record, centre: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Options a with max over W of min_b (x_a - x_b).w >= -TOL, or first at the centre: ahead
    by more than the tolerance at a known point rules an option in, and a rival better than it
    everywhere on the box and simplex (so on W) rules it out; an LP decides the rest."""

    X = rec.X
    out = centre.copy()
    top, where = np.full(len(X), -np.inf), np.zeros(len(X), dtype=int)

    def seen(first: int) -> None:  # the points from ``first`` on: rule in, best points
        for k in range(first, len(rec.points)):
            v = X @ rec.points[k]
            out[:] |= _leads(v) >= -TOL + SLACK
            better = v > top
            top[better], where[better] = v[better], k

    seen(0)
    for a in range(len(X)):
        if out[a]:
            continue
        if _box_behind(rec, a, where):
            continue
        known = len(rec.points)
        if rec.best_lead(a, start) >= -TOL:
            out[a] = True
        seen(known)
    return out


def _box_behind(rec: _Record, a: int, where: np.ndarray | None, first: int = 64) -> bool:
    """Is some rival better than option a everywhere on the box and simplex (by more than
    TOL + SLACK; so on W)? Such a rival is ahead of a at every point of W, so only the rivals
    ahead at a's best known point (``where[a]``; every rival when there is none) are bounded,
    the ``first`` furthest ahead first: the verdict of bounding every rival, in O(k n log n)
    for the k bounded rather than O(m n log n). Ahead by more than -:data:`AHEAD_SLACK`: a
    known point may lie outside W by 1e-9 in each constraint (:meth:`_Record.add_point`)."""
    from .robust import box_simplex_min

    X = rec.X
    if where is None or not rec.points:
        rivals = np.delete(np.arange(len(X)), a)
    else:
        v = X @ rec.points[where[a]]
        rivals = np.flatnonzero(v > v[a] - AHEAD_SLACK)
        rivals = rivals[rivals != a]
        rivals = rivals[np.argsort(v[a] - v[rivals], kind="stable")]
    for k in range(0, len(rivals), first):
        chunk = rivals[k : k + first]
        if box_simplex_min(X[chunk] - X[a], *rec.box()).max() > TOL + SLACK:
            return True
        first = len(rivals)  # the rest at once
    return False


def settled_first(
    X: np.ndarray, options: Sequence[str], W: WeightSet | None, centre_w: np.ndarray, solver
) -> tuple[str, ...]:
    """The option W settles first (necessarily first, alone), or none: :func:`settle`'s
    ``first`` without the possible set and shares."""
    return _first(np.asarray(X, dtype=float), options, W, centre_w, solver)[0]


def _first(X, options, W, centre_w, solver) -> tuple[tuple[str, ...], _Record | None]:
    v = X @ centre_w
    centre = tuple(o for o, x in zip(options, v >= v.max() - 1e-9, strict=True) if x)
    if W is None or len(options) < 2:
        return (centre if len(centre) == 1 else ()), None
    rec = _Record(X, W, solver)
    rec.add_point(np.asarray(centre_w, dtype=float))
    first = tuple(o for o, x in zip(options, _necessarily_first(rec), strict=True) if x)
    return (first if len(first) == 1 else ()), rec


def settle(
    stakeholder: str,
    X: np.ndarray,
    options: Sequence[str],
    W: WeightSet | None,
    centre_w: np.ndarray,
    solver,
    shares: Callable[[], tuple[np.ndarray, np.ndarray]] | None = None,
) -> Settled:
    """What W settles about the options (rows of X). ``W`` None: the record is the one point
    ``centre_w`` (typed weights with no tolerance). ``shares()`` gives each option's share of W
    and points of W (rows) drawn for them, at each of which some option leads: those points
    rule options in as possibly first as the LPs' points do (each is checked to lie in W)."""
    X = np.asarray(X, dtype=float)
    v = X @ centre_w
    at_centre = v >= v.max() - 1e-9
    centre = tuple(o for o, x in zip(options, at_centre, strict=True) if x)
    if W is None or len(options) < 2:
        one = tuple((o, 1 / len(centre)) for o in centre)
        return Settled(stakeholder, centre if len(centre) == 1 else (), centre, one, centre)
    first, rec = _first(X, options, W, centre_w, solver)
    if first:
        return Settled(stakeholder, first, first, ((first[0], 1.0),), centre)
    got, drawn = shares() if shares is not None else (np.zeros(len(options)), ())
    for w in drawn:
        rec.add_point(np.asarray(w, dtype=float))
    can = _possibly_first(rec, at_centre, np.asarray(centre_w, dtype=float))
    possible = tuple(o for o, x in zip(options, can, strict=True) if x)
    at = {o: i for i, o in enumerate(options)}
    share = tuple(
        sorted(((o, float(got[at[o]])) for o in possible), key=lambda p: (-p[1], at[p[0]]))
    )
    return Settled(stakeholder, (), possible, share, centre, RECORD_SAMPLES)


def pct(x: float) -> str:
    """A share as a reader takes it: 'under 1%' and 'over 99%' at the ends."""
    if 0 < x < 0.005:
        return "under 1%"
    if 0.995 <= x < 1:
        return "over 99%"
    return f"{100 * x:.0f}%"


def share_words(x: float) -> str:
    """The share of an option the record leaves possible: never 0% or 100% (each end is held
    by some weights the record allows, however few the draws that land there)."""
    return pct(min(max(x, 0.001), 0.995))


def settled_words(s: Settled, label: Callable[[str], str]) -> str:
    """What the record settles, in words: the first choice it settles, or the options it leaves
    possible with their shares of the weights it allows."""
    if s.settled:
        return f"{label(s.first[0])} first: its record settles it"
    if not s.samples:  # one point, and a tie at it
        return "no first choice settled: " + " and ".join(map(label, s.centre)) + " tie"
    parts = [f"{label(o)} ({share_words(x)})" for o, x in s.shares]
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]
    return (
        f"not settled by its record: {said} can come first (share of the weights its record allows)"
    )
