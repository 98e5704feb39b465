"""The ranking of the options under one stakeholder's weights (DCLG manual, steps 6-7)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..methods.value import Ranking
from ..model.types import Stakeholder, Workspace
from ..present.table import Column, Table
from .base import Presentable, criterion_columns, option_cells, option_columns
from .screened import ScreenedOut


@dataclass(frozen=True)
class RankResult(Presentable):
    workspace: Workspace
    stakeholder: Stakeholder
    ranking: Ranking
    screened_out: tuple[ScreenedOut, ...] | None = None  # None: no requirements

    def _tables(self) -> tuple[Table, ...]:
        ws, st = self.workspace, self.stakeholder
        ranking = Table(
            name="ranking",
            title=f"{ws.title}: ranking for {st.name}",
            columns=(
                *option_columns(with_rank=True),
                Column("score", "Score", "number"),
                *criterion_columns(ws),
            ),
            rows=tuple(
                (
                    r.rank,
                    *option_cells(ws, r.option),
                    r.score,
                    *(r.contributions[c] for c in ws.criterion_ids),
                )
                for r in self.ranking.rows
            ),
            notes=(
                "Score: the option's overall value on 0-100. The criterion columns are each "
                "criterion's contribution (weight x value); they add up to the score. Tied "
                "options share a rank.",
            ),
        )
        weights = Table(
            name="weights",
            title=f"Weights of {st.name}",
            columns=(
                Column("criterion", "Criterion id", text=False),
                Column("name", "Criterion", key_column=True),
                Column("weight", "Weight", "percent"),
            ),
            rows=tuple((c.id, c.name, st.weights[c.id]) for c in ws.criteria),
            notes=self._source(),
        )
        if ws.tree.flat:
            return ranking, weights
        return ranking, self._tree_weights(), self._by_objective()

    def _tree_weights(self) -> Table:
        ws, st = self.workspace, self.stakeholder
        return Table(
            name="weights",
            title=f"Weights of {st.name}",
            columns=(
                *node_columns(),
                Column("local", "Local weight", "percent"),
                Column("weight", "Weight", "percent"),
            ),
            rows=tuple(
                (*node_cells(ws, n), self._local[n], self._node_weight(n)) for n in ws.tree.nodes()
            ),
            notes=(
                "Local weight: the node's share of the objective above it (of the whole, at the "
                "top). Weight: its share of the whole, the product of the local weights down "
                "its path; an objective's is the sum of its criteria's.",
                *self._source(),
            ),
        )

    def _source(self) -> tuple[str, ...]:
        """Where the weights come from; inferred weights are said to be a representative point
        of an open set, so the ranking is never read as the stakeholder's own preference."""
        st = self.stakeholder
        if not st.path:
            return ()
        if not st.inferred:
            basis = f" ({st.basis})" if st.basis in ("modelled", "elicited") else ""
            return (f"From {st.path}{basis}.",)
        return (
            f"Inferred from the statements in {st.path}: {st.name} stated no weights, and "
            "these are the centre of the weights its statements allow, so this ranking is not "
            f"its preference; which options its record leaves possible first: options infer -w "
            f"{st.id}.",
        )

    def _by_objective(self) -> Table:
        ws = self.workspace
        rows = self.ranking.rows
        return Table(
            name="by_objective",
            title=f"{ws.title}: contributions by objective for {self.stakeholder.name}",
            columns=(
                *node_columns(),
                Column("weight", "Weight", "percent"),
                *(Column(r.option, ws.option_label(r.option), "number") for r in rows),
            ),
            rows=tuple(
                (
                    *node_cells(ws, n),
                    self._node_weight(n),
                    *(self.contribution(r.option, n) for r in rows),
                )
                for n in ws.tree.nodes()
            )
            + (("", "", "", "Overall value", 1.0, *(r.score for r in rows)),),
            notes=(
                "Each option's contribution from each objective (the sum of its criteria's "
                "weight x value) and, beneath it, from each criterion; the options in rank "
                "order. An objective's contributions add up to its part of the overall value.",
            ),
        )

    @property
    def _local(self) -> dict[str, float]:
        ws = self.workspace
        return ws.tree.local_weights(self._w)

    @property
    def _w(self):
        import numpy as np

        return np.array([self.stakeholder.weights[c] for c in self.workspace.criterion_ids])

    def _node_weight(self, node: str) -> float:
        return self.workspace.tree.node_weight(self._w, node)

    def contribution(self, option: str, node: str) -> float:
        """An option's contribution from a criterion, or from an objective (the sum of its
        criteria's)."""
        c = self.ranking.row(option).contributions
        return math.fsum(c[j] for j in self.workspace.tree.leaves(node))

    def by_objective(self) -> dict[str, dict[str, float]]:
        """Each option's contribution from each objective, by option then objective."""
        tree = self.workspace.tree
        return {
            r.option: {o: self.contribution(r.option, o) for o in tree.objective_ids}
            for r in self.ranking.rows
        }

    def _document(self) -> dict[str, Any]:
        ws, st = self.workspace, self.stakeholder
        return {
            "stakeholder": st.id,
            "name": st.name,
            "basis": st.basis,
            "inferred": st.inferred,
            "weights": dict(st.weights),
            "ranking": [
                {
                    "option": r.option,
                    "name": ws.option(r.option).name,
                    "number": ws.option(r.option).number,
                    "rank": r.rank,
                    "score": r.score,
                    "contributions": dict(r.contributions),
                }
                for r in self.ranking.rows
            ],
            **({} if ws.tree.flat else {"objectives": objectives_document(ws, self)}),
        }


def node_columns() -> tuple[Column, ...]:
    """A node of the value tree: its id, kind and parent (machine only) and its name, indented
    beneath its objective for people."""
    return (
        Column("node", "Node id", text=False),
        Column("kind", "Kind", text=False),
        Column("parent", "Parent id", text=False),
        Column("name", "Objective or criterion", key_column=True),
    )


def node_cells(ws: Workspace, node: str) -> tuple[Any, ...]:
    tree = ws.tree
    kind = "objective" if tree.is_objective(node) else "criterion"
    return (node, kind, tree.parent[node], "· " * tree.depth(node) + ws.node_name(node))


def objectives_document(ws: Workspace, res: RankResult) -> dict[str, Any]:
    """Each objective: name, parent, weight, local weight and each option's contribution."""
    local = res._local
    return {
        o.id: {
            "name": o.name,
            "parent": o.parent or None,
            "criteria": list(ws.tree.leaves(o.id)),
            "weight": res._node_weight(o.id),
            "local_weight": local[o.id],
            "contributions": {r.option: res.contribution(r.option, o.id) for r in res.ranking.rows},
        }
        for o in ws.tree.objectives
    }
