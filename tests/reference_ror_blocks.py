"""methods/ror.py's relations as they were before the row blocks (adversary finding 6): the
m x m float arrays of least differences, kept verbatim but for its imports, as the oracle the
block version is compared with on random cases."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from delivery_options.methods.lp import VERIFY_TOL, WeightSet
from delivery_options.methods.ror import (
    MARGIN_TOL,
    CompatLp,
    RorResult,
    _need,
    chebyshev_centre,
    compatible_set,
    find_conflict,
    first_somewhere,
    margin,
    too_close,
    weight_ranges,
)
from delivery_options.model.statements import Statement


def necessary_margins(
    model: CompatLp, X: np.ndarray, W: WeightSet, points: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """min over the closure of (x_a - x_b).w for every pair, where it decides anything.

    Returns ``lo`` (m x m), which of its entries are exact minima, and the minimisers found
    (points of the closure). Before any LP, two bounds
    settle most pairs: a known point of the closure with (x_a - x_b).w < -MARGIN_TOL (an upper
    bound: a is not necessarily as good as b, and b can be better than a), and the greedy
    minimum over W's box and the simplex, which contain the closure (a lower bound: above
    MARGIN_TOL, a is necessarily better and b never as good). Only pairs neither settles are
    solved, on the one model, those a is furthest ahead in at the first point (the centre)
    first; each LP's minimiser is a new known point for every pair still open, so that one
    vertex of the closure settles all the pairs it puts the other way. An entry that is not
    exact is below -MARGIN_TOL (a point's value) or above MARGIN_TOL (the greedy bound).
    """
    from delivery_options.methods.robust import box_simplex_min

    m = len(X)
    exact = np.zeros((m, m), dtype=bool)
    at = X @ points.T if len(points) else np.empty((m, 0))
    lo, d = np.full((m, m), np.inf), np.empty((m, m))
    for v in at.T:  # the least value at a known point
        np.subtract(v[:, None], v[None, :], out=d)
        np.minimum(lo, d, out=lo)
    lo[lo >= -MARGIN_TOL] = np.nan
    del d
    np.fill_diagonal(lo, np.inf)
    A, B = np.nonzero(np.isnan(lo))
    lo[np.diag_indices(m)] = np.nan
    high = np.zeros(len(A), dtype=bool)
    for s in range(0, len(A), 4096):  # the greedy bound a slice at a time
        k = slice(s, s + 4096)
        lb = box_simplex_min(X[A[k]] - X[B[k]], W.lower, W.upper)
        high[k] = lb > MARGIN_TOL
        lo[A[k][high[k]], B[k][high[k]]] = lb[high[k]]
    A, B = A[~high], B[~high]
    found = []
    if len(points):
        order = np.argsort(at[B, 0] - at[A, 0], kind="stable")
        A, B = A[order], B[order]
    while len(A):
        a, b = int(A[0]), int(B[0])
        out = _need(model.closure(X[a] - X[b]), "necessary-preference")
        lo[a, b], exact[a, b] = out.objective, True
        found.append(out.w)
        v = X @ out.w
        d = v[A] - v[B]
        behind = d < -MARGIN_TOL
        behind[0] = False
        lo[A[behind], B[behind]] = d[behind]
        keep = ~behind
        keep[0] = False
        A, B = A[keep], B[keep]
    return lo, exact, np.array(found).reshape(len(found), X.shape[1])


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
    lo, _, found = necessary_margins(model, X, W, P)
    off = ~np.eye(m, dtype=bool)
    necessary = off & (lo >= -MARGIN_TOL)

    # possible a >= b: max (x_a - x_b).w = -lo[b, a]; a boundary tie needs the eps LP
    top = -lo.T
    possible = off & (top > MARGIN_TOL)
    floor = MARGIN_TOL if C.strict.any() else -np.inf
    for a, b in zip(*np.nonzero(off & (top <= MARGIN_TOL) & (top >= -MARGIN_TOL)), strict=True):
        out = model.margin(extra=X[a] - X[b])
        if out.status != "infeasible" and _need(out, "possible-preference").objective > floor:
            possible[a, b] = True

    # possibly first: first at the centre (a point of C); never when another option is
    # necessarily better by more than the tolerance (no weight of the closure puts it level);
    # otherwise an eps LP with a >= every other option, asked in order of value at the centre
    # (each LP starts from the last one's basis, and neighbours in value tend to share it)
    vc = X @ centre.w
    beaten = np.any(lo.T > MARGIN_TOL + VERIFY_TOL, axis=1)
    first = vc >= vc.max() - MARGIN_TOL
    first |= ~beaten & first_somewhere(C, X, np.vstack([P, found]), centre.w, floor)
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
    necessarily = [a for a in range(m) if necessary[a][off[a]].all()]

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
