"""The weights compatible with a stakeholder's statements (robust ordinal regression, Greco,
Mousseau & Slowinski 2008, EJOR 191): the weight set W cut by the statements' rows, as
:mod:`delivery_options.methods.ror` asks its LPs of it. Kept apart from the LPs so that checking
a point of the set (a kept inferred weighting, :mod:`delivery_options.cache`) loads no solver.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..model.statements import Statement, statement_matrix
from .lp import VERIFY_TOL, WeightSet

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
    #: The rows in value points, when ``A`` holds them scaled to unit length
    #: (:func:`compatible_set`); None when ``A`` is in points itself.
    points: np.ndarray | None = None

    @cached_property
    def strict(self) -> np.ndarray:
        return np.array([k == ">=eps" for k in self.kinds], dtype=bool)

    @cached_property
    def equal(self) -> np.ndarray:
        """The rows that are equalities ("=0")."""
        return np.array([k == "=0" for k in self.kinds], dtype=bool)

    def subset(self, keep: Iterable[int]) -> Compatible:
        """Only the rows of the statements in ``keep``."""
        keep = set(keep)
        idx = [r for r, o in enumerate(self.owners) if o in keep]
        return Compatible(
            self.W,
            self.A[idx].reshape(len(idx), self.W.n),
            tuple(self.kinds[r] for r in idx),
            tuple(self.owners[r] for r in idx),
            None if self.points is None else self.points[idx].reshape(len(idx), self.W.n),
        )

    def add(self, more: Compatible) -> Compatible:
        both = None
        if self.points is not None or more.points is not None:
            both = np.vstack([self.in_points().A, more.in_points().A])
        return Compatible(
            self.W,
            np.vstack([self.A, more.A]),
            self.kinds + more.kinds,
            self.owners + more.owners,
            both,
        )

    def in_points(self) -> Compatible:
        """The same set with its rows in value points (their margins are value points)."""
        if self.points is None:
            return self
        return Compatible(self.W, self.points, self.kinds, self.owners)

    def violation(self, w: np.ndarray, eps: float = 0.0) -> float:
        """How far ``w`` breaks W or a row (strict rows read as >= eps); 0 when it breaks none."""
        v = self.A @ w
        eq = self.equal
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
    """C for ``statements`` (numbered from ``first_index``) over W; X is options x criteria.

    A row shorter than one is scaled to unit length, so that its margin is measured against
    its own size, not the solver's tolerance: a preference between made-up options of values
    1e-7 apart holds as one between values 100 apart does (an absolute margin called it
    impossible). Longer rows are left in value points, so their margins read as before."""
    mat, kinds, owners = statement_matrix(statements, X, option_ids, W.criteria)
    owners = tuple(first_index + k for k in owners)
    # each row's length, taken from the row over its largest entry: squares below 1e-154
    # would underflow to 0 and leave a row of 1e-268 points unscaled
    peak = np.abs(mat).max(axis=1, initial=0.0)
    norms = peak * np.linalg.norm(mat / np.where(peak > 0, peak, 1.0)[:, None], axis=1)
    short = (norms > 0) & (norms < 1)
    if not short.any():
        return Compatible(W, mat, kinds, owners)
    scaled = mat / np.where(short, norms, 1.0)[:, None]
    return Compatible(W, scaled, kinds, owners, mat)
