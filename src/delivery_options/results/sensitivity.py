"""How robust one stakeholder's ranking is: switching weights, stability intervals, score
switching values and the robust choice (methods/sensitivity.py and the modules it names)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..methods.sensitivity import Sensitivity
from ..methods.tree import ObjectiveStability
from ..model.tree import ROOT
from ..model.types import Stakeholder, Workspace
from ..present.table import Column, Table
from ..present.words import counted
from .base import Presentable, by_criterion, option_cells, option_columns
from .screened import ScreenedOut


def weight_change_words(ws: Workspace, before: np.ndarray, after: np.ndarray) -> str:
    """'move 4.5 points of weight from A (-3.0), B (-1.5) to C (+4.5)'; for an option that is
    not first (by the ranking's strict margin) yet needs less than 0.05 points moved, 'level
    with the leader', never 'already first'."""
    delta = after - before
    moved = float(delta[delta > 0].sum())
    if moved < 5e-4:
        return "level with the leader: less than 0.05 points of weight to move"

    def names(sel) -> str:
        idx = sorted(np.flatnonzero(sel), key=lambda j: (-abs(delta[j]), j))
        return ", ".join(f"{ws.criteria[j].name} ({100 * delta[j]:+.1f})" for j in idx)

    return (
        f"move {100 * moved:.1f} points of weight from {names(delta < -5e-4)} "
        f"to {names(delta > 5e-4)}"
    )


def _interval(iv: tuple[float, float]) -> tuple[float, float] | None:
    lo, hi = iv
    return None if math.isnan(lo) or math.isnan(hi) else (lo, hi)


def _switch_json(ws: Workspace, s) -> dict:
    return {
        "status": s.status,
        "l1": s.l1,
        "linf": s.linf,
        "moved": s.moved,
        "weights": None if s.weights_l1 is None else by_criterion(ws, s.weights_l1),
        "weights_linf": None if s.weights_linf is None else by_criterion(ws, s.weights_linf),
        "method": s.method,
    }


@dataclass(frozen=True)
class SensitivityResult(Presentable):
    workspace: Workspace
    stakeholder: Stakeholder
    analysis: Sensitivity
    screened_out: tuple[ScreenedOut, ...] | None = None  # None: no requirements
    #: on a value tree: each objective's weight moved with its criteria in proportion
    objectives: tuple[ObjectiveStability, ...] = ()

    def what_it_takes(self, option: str) -> str:
        """In words: what weights must do for ``option`` to come first."""
        sa = self.analysis
        full = next(s for s in sa.switching if s.option == option)
        if full.status == "leader":
            return "first now"
        if full.status == "optimal":
            return weight_change_words(self.workspace, sa.weights, full.weights_l1)
        if full.status == "cannot":
            p = next(s for s in sa.pairwise if s.option == option)
            words = "cannot come first within the weights this stakeholder would accept"
            if p.status == "optimal":
                words += f" (could pass the leader alone: {100 * p.moved:.1f} points moved)"
            return words
        return "the solver failed; no figure is given"

    def switching_by_objective(self, option: str) -> dict[str, float] | None:
        """On a value tree: the least move that brings ``option`` level with every other, as the
        change in each top-level node's weight (an objective's: the sum of its criteria's);
        None when no such move is found."""
        sa, tree = self.analysis, self.workspace.tree
        full = next(s for s in sa.switching if s.option == option)
        if full.weights_l1 is None:
            return None
        delta = full.weights_l1 - sa.weights
        return {n: float(tree.indicator(n) @ delta) for n in tree.children[ROOT]}

    def _by_objective_words(self, option: str) -> str | None:
        moves = self.switching_by_objective(option)
        if moves is None:
            return None
        shown = [(n, d) for n, d in moves.items() if abs(d) >= 5e-4]
        if not shown:
            return "none"
        name = self.workspace.node_name
        return ", ".join(f"{name(n)} {100 * d:+.1f}" for n, d in shown)

    def _tables(self) -> tuple[Table, ...]:
        ws, st, sa = self.workspace, self.stakeholder, self.analysis
        rob = sa.robust
        full = {s.option: s for s in sa.switching}
        switching = Table(
            name="switching",
            title=f"How far each option is from first place, for {st.name}",
            columns=(
                *option_columns(with_rank=True),
                Column("score", "Score", "number"),
                Column("moved", "Moved", "number", unit="points"),
                Column("largest", "Largest", "number", unit="points"),
                *((Column("by_objective", "By objective"),) if self.objectives else ()),
                Column("what_it_takes", "What it would take"),
            ),
            rows=tuple(
                (
                    r.rank,
                    *option_cells(ws, r.option),
                    r.score,
                    None if full[r.option].moved is None else 100 * full[r.option].moved,
                    None if full[r.option].linf is None else 100 * full[r.option].linf,
                    *((self._by_objective_words(r.option),) if self.objectives else ()),
                    self.what_it_takes(r.option),
                )
                for r in sa.ranking.rows
            ),
            notes=(
                "Moved: points of weight (out of 100) that must move between criteria, at the "
                "least, for the option to draw level with every other. Largest: the smallest "
                "possible largest change to any one weight.",
                *(
                    (
                        "By objective: the same move as the change in each top-level "
                        "objective's weight (the sum of its criteria's), in points.",
                    )
                    if self.objectives
                    else ()
                ),
                "Only weights this stakeholder would accept are considered (its constraints).",
            ),
        )
        stability = Table(
            name="stability",
            title=(
                "Weight stability intervals: each weight moved alone, the others rescaled "
                f"(leader: {ws.option(sa.leader).name})"
            ),
            columns=(
                Column("criterion", "Criterion id", text=False),
                Column("name", "Criterion", key_column=True),
                Column("weight", "Weight", "percent"),
                Column("leader_first", "Leader stays first", "range", of="percent"),
                Column("ranking_unchanged", "Ranking unchanged", "range", of="percent"),
                Column("acceptable", "Acceptable", "range", of="percent"),
            ),
            rows=tuple(
                (
                    s.criterion,
                    ws.criterion(s.criterion).name,
                    s.weight,
                    _interval(s.top),
                    _interval(s.ranking),
                    _interval(s.feasible),
                )
                for s in sa.stability
            ),
            notes=(
                "Acceptable: the range this stakeholder's constraints allow along that path. "
                "– means no such range.",
            ),
        )
        scores = Table(
            name="score_switching",
            title="Score switching values (one score at a time, weights held)",
            columns=(
                Column("option", "Option id", text=False),
                Column("name", "Option", key_column=True),
                Column("criterion", "Criterion id", text=False),
                Column("criterion_name", "Criterion", key_column=True),
                Column("score", "Score", "number"),
                Column("switch_at", "Top changes at", "number"),
                Column("change", "Change", "number"),
                Column("plausible", "Plausible range", "range"),
                Column("unit", "Unit"),
                Column("within_range", "Within range"),
            ),
            rows=tuple(
                (
                    s.option,
                    ws.option(s.option).name,
                    s.criterion,
                    ws.criterion(s.criterion).name,
                    s.current,
                    s.switch_at,
                    s.change,
                    tuple(s.plausible),
                    ws.criterion(s.criterion).unit or None,
                    "yes: check the evidence" if s.within_range else "no",
                )
                for s in sa.scores
            ),
            notes=(
                "Top changes at: the score, on the criterion's own scale, at which another "
                "option comes first; – means no score on the scale would change it.",
            ),
        )
        # strictly: better under every acceptable weighting (two options that tie somewhere,
        # or exactly everywhere, do not beat each other)
        dominated_by: dict[str, list[str]] = {o: [] for o in ws.option_ids}
        for a, b, strict in rob.dominance:
            if strict:
                dominated_by[b].append(a)

        def short(o: str) -> str:
            n = ws.option(o).number
            return str(n) if n is not None else ws.option(o).name

        robust = Table(
            name="robust",
            title="Robust choice over every weighting this stakeholder would accept",
            columns=(
                *option_columns(),
                Column("lowest", "Lowest", "number"),
                Column("highest", "Highest", "number"),
                Column("possibly_best", "Possibly best"),
                Column("beaten_by", "Beaten everywhere by"),
                Column("max_regret", "Max regret", "number"),
            ),
            rows=tuple(
                (
                    *option_cells(ws, o),
                    *rob.value_intervals[o],
                    "yes" if o in rob.possibly_best else "no",
                    ", ".join(short(a) for a in dominated_by[o]) or None,
                    rob.max_regret[o],
                )
                for o in ws.option_ids
            ),
            notes=(
                "Lowest/Highest: the option's overall score over those weightings. Possibly "
                "best: first (or tied first) under at least one of them. Beaten everywhere by: "
                "the options that score higher than it under every one of them. Max regret: "
                "the most it can fall behind the best option under any of them.",
                "Necessarily best: "
                + (
                    ws.option(rob.necessarily_best).name
                    if rob.necessarily_best
                    else "none (no option is first under every acceptable weighting)"
                )
                + ".",
                "Least worst-case shortfall over these weightings (minimax regret, for this "
                f"stakeholder alone): {ws.option(rob.minimax_regret).name}.",
                f"Solver: {sa.solver}; {counted(rob.lp_count, 'linear program')} for this table.",
            ),
        )
        if not self.objectives:
            return switching, stability, scores, robust
        return switching, stability, self._objective_table(), scores, robust

    def _objective_table(self) -> Table:
        ws, sa = self.workspace, self.analysis

        def name(o: str | None) -> str | None:
            return None if o is None else ws.option_label(o)

        return Table(
            name="objective_stability",
            title=(
                "Objectives' stability intervals: each objective's weight moved with its "
                f"criteria in proportion, the rest rescaled (leader: {ws.option(sa.leader).name})"
            ),
            columns=(
                Column("objective", "Objective id", text=False),
                Column("name", "Objective", key_column=True),
                Column("weight", "Weight", "percent"),
                Column("leader_first", "Leader stays first", "range", of="percent"),
                Column("ranking_unchanged", "Ranking unchanged", "range", of="percent"),
                Column("acceptable", "Acceptable", "range", of="percent"),
                Column("switches", "Switches at", "range", of="percent"),
                Column("first_below", "First below"),
                Column("first_above", "First above"),
            ),
            rows=tuple(
                (
                    s.objective,
                    "· " * ws.tree.depth(s.objective) + ws.node_name(s.objective),
                    s.weight,
                    _interval(s.top),
                    _interval(s.ranking),
                    _interval(s.feasible),
                    _interval(s.switch),
                    name(s.first_below),
                    name(s.first_above),
                )
                for s in self.objectives
            ),
            notes=(
                "An objective's weight is the sum of its criteria's. Acceptable: the range this "
                "stakeholder's constraints allow along that path. Switches at: where the leader "
                "stays first along the path, whatever the constraints; its ends are the "
                "objective's switching weights. First below / above: the option first once the "
                "weight moves past either end (– where the range reaches 0% or 100%).",
            ),
        )

    def _document(self) -> dict[str, Any]:
        ws, st, sa = self.workspace, self.stakeholder, self.analysis
        rob = sa.robust
        return {
            "stakeholder": st.id,
            "leader": sa.leader,
            "solver": sa.solver,
            "weights": by_criterion(ws, sa.weights),
            "switching": {s.option: _switch_json(ws, s) for s in sa.switching},
            "pairwise": {s.option: _switch_json(ws, s) for s in sa.pairwise},
            "stability": {
                s.criterion: {
                    "weight": s.weight,
                    "top": list(s.top),
                    "ranking": list(s.ranking),
                    "feasible": list(s.feasible),
                }
                for s in sa.stability
            },
            "score_switching": [
                {
                    "option": s.option,
                    "criterion": s.criterion,
                    "role": s.role,
                    "current": s.current,
                    "switch_at": s.switch_at,
                    "change": s.change,
                    "plausible": list(s.plausible),
                    "within_range": s.within_range,
                }
                for s in sa.scores
            ],
            "value_intervals": {o: list(iv) for o, iv in rob.value_intervals.items()},
            "possibly_best": list(rob.possibly_best),
            "necessarily_best": rob.necessarily_best,
            "dominance": [[a, b] for a, b, _ in rob.dominance],
            "dominance_strict": [[a, b] for a, b, s in rob.dominance if s],
            "max_regret": rob.max_regret,
            "minimax_regret": rob.minimax_regret,
            **(
                {
                    "objective_stability": {
                        s.objective: {
                            "weight": s.weight,
                            "top": list(s.top),
                            "ranking": list(s.ranking),
                            "feasible": list(s.feasible),
                            "switch": list(s.switch),
                            "first_below": s.first_below,
                            "first_above": s.first_above,
                        }
                        for s in self.objectives
                    }
                }
                if self.objectives
                else {}
            ),
            **(
                {
                    "switching_by_objective": {
                        r.option: self.switching_by_objective(r.option) for r in sa.ranking.rows
                    }
                }
                if self.objectives
                else {}
            ),
        }
