"""The full sensitivity analysis of one stakeholder's ranking (DCLG manual step 8; Green Book
switching values): switching weights, stability intervals, score switching values and the
robust choice over the weights the stakeholder would accept.

The pieces live in their own modules: :mod:`switching` (switching weights and scores, the LPs),
:mod:`stability` (stability intervals, closed form) and :mod:`robust` (value intervals,
dominance, possibly/necessarily best, regret). This module only runs them together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model.types import Stakeholder, Workspace
from .lp import WeightSet, make_solver, solver_name, weight_set
from .robust import RobustResult, robust_choice
from .stability import StabilityInterval, stability_intervals
from .switching import ScoreSwitch, Switch, score_switching, switching_weights
from .value import DecisionMatrix, Ranking, rank_options, weight_vector


@dataclass(frozen=True)
class Sensitivity:
    stakeholder: str
    criteria: tuple[str, ...]
    weights: np.ndarray
    W: WeightSet
    ranking: Ranking
    leader: str
    switching: tuple[Switch, ...]  # to reach first place against every rival
    pairwise: tuple[Switch, ...]  # to overtake the current leader only
    stability: tuple[StabilityInterval, ...]
    scores: tuple[ScoreSwitch, ...]
    robust: RobustResult
    solver: str


def analyse(
    ws: Workspace,
    dm: DecisionMatrix,
    stakeholder: Stakeholder,
    solver: str = "auto",
    top: int = 3,
    W: WeightSet | None = None,
) -> Sensitivity:
    """Every sensitivity analysis over W (default: the stakeholder's constraints alone)."""
    X = dm.values
    w0 = weight_vector(dm.criteria, stakeholder)
    W = weight_set(dm.criteria, stakeholder) if W is None else W
    lp_solver = make_solver(solver)
    ranking = rank_options(dm, w0, stakeholder.id)
    robust = robust_choice(X, dm.options, W, w0, lp_solver)
    possible = [o in robust.possibly_best for o in dm.options]
    leader = ranking.rows[0].option
    beaten = {b for a, b, strict in robust.dominance if a == leader and strict}
    catchable = [o not in beaten for o in dm.options]
    raw = [
        [(o.scores[c].value, o.scores[c].low, o.scores[c].high) for c in dm.criteria]
        for o in ws.options
    ]
    return Sensitivity(
        stakeholder=stakeholder.id,
        criteria=dm.criteria,
        weights=w0,
        W=W,
        ranking=ranking,
        leader=leader,
        switching=tuple(
            switching_weights(X, dm.options, W, w0, lp_solver, pairwise=False, candidates=possible)
        ),
        pairwise=tuple(
            switching_weights(X, dm.options, W, w0, lp_solver, pairwise=True, candidates=catchable)
        ),
        stability=tuple(stability_intervals(X, dm.criteria, w0, W)),
        scores=tuple(score_switching(X, dm.options, ws.criteria, raw, w0, top)),
        robust=robust,
        solver=solver_name(solver),
    )
