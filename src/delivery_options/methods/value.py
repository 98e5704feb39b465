"""The additive value model (DCLG, Multi-criteria analysis: a manual, 2009, ch. 6).

Raw scores are mapped onto 0-100 preference scales per criterion; an option's overall value is
V_a(w) = sum_j w_j x_aj with normalised weights w. Rank = 1 + the number of options strictly
better, so tied options share a rank (1, 1, 3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..model.types import Stakeholder, Workspace

#: Two overall values closer than this (on the 0-100 scale) are a tie.
TIE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class DecisionMatrix:
    """Options x criteria on the 0-100 value scale, with each score's plausible range."""

    options: tuple[str, ...]
    criteria: tuple[str, ...]
    values: np.ndarray  # m x n
    lows: np.ndarray  # m x n, the least favourable end of the plausible range, in value terms
    highs: np.ndarray  # m x n, the most favourable end

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape


def decision_matrix(ws: Workspace) -> DecisionMatrix:
    """Map every score of the workspace onto 0-100 (a cost criterion's range flips)."""
    m, n = len(ws.options), len(ws.criteria)
    values, a, b = np.empty((m, n)), np.empty((m, n)), np.empty((m, n))
    for i, opt in enumerate(ws.options):
        for j, crit in enumerate(ws.criteria):
            s = opt.scores[crit.id]
            values[i, j] = crit.to_value(s.value)
            a[i, j] = crit.to_value(s.low)
            b[i, j] = crit.to_value(s.high)
    if not (np.isfinite(values).all() and np.isfinite(a).all() and np.isfinite(b).all()):
        from ..errors import OptionsError

        raise OptionsError("a score could not be put on its criterion's 0-100 scale (overflow)")
    for arr in (values, a, b):
        arr.setflags(write=False)
    lows, highs = np.minimum(a, b), np.maximum(a, b)
    lows.setflags(write=False)
    highs.setflags(write=False)
    return DecisionMatrix(ws.option_ids, ws.criterion_ids, values, lows, highs)


def weight_vector(criteria: tuple[str, ...], stakeholder: Stakeholder) -> np.ndarray:
    """The stakeholder's normalised weights as a vector in criteria order."""
    return np.array([stakeholder.weights[c] for c in criteria], dtype=float)


def ranks(scores: np.ndarray, tol: float = TIE_TOLERANCE) -> np.ndarray:
    """Rank 1 + number of options strictly better (by more than ``tol``); ties share a rank."""
    scores = np.asarray(scores, dtype=float)
    better = scores[None, :] > scores[:, None] + tol
    return 1 + better.sum(axis=1)


@dataclass(frozen=True)
class RankedOption:
    option: str
    rank: int
    score: float
    contributions: Mapping[str, float]  # w_j * x_aj per criterion; they add up to score


@dataclass(frozen=True)
class Ranking:
    stakeholder: str
    weights: Mapping[str, float]
    rows: tuple[RankedOption, ...]  # in rank order, ties in the workspace's option order

    @property
    def leaders(self) -> tuple[str, ...]:
        return tuple(r.option for r in self.rows if r.rank == 1)

    def row(self, option: str) -> RankedOption:
        return next(r for r in self.rows if r.option == option)


def rank_options(dm: DecisionMatrix, w: np.ndarray, stakeholder: str = "") -> Ranking:
    """Rank the options under weights ``w`` and keep each criterion's contribution."""
    contrib = dm.values * w[None, :]
    scores = contrib.sum(axis=1)
    r = ranks(scores)
    order = sorted(range(len(dm.options)), key=lambda i: (r[i], i))
    rows = tuple(
        RankedOption(
            option=dm.options[i],
            rank=int(r[i]),
            score=float(scores[i]),
            contributions=dict(zip(dm.criteria, map(float, contrib[i]), strict=True)),
        )
        for i in order
    )
    return Ranking(stakeholder, dict(zip(dm.criteria, map(float, w), strict=True)), rows)
