"""The appraisal's inputs as tables: criteria, raw scores, values on 0-100, and weights."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model.types import Stakeholder, Workspace
from ..present.table import Column, Table
from .base import Presentable, by_criterion, criterion_columns, option_cells, option_columns


@dataclass(frozen=True)
class Inputs(Presentable):
    workspace: Workspace
    values: np.ndarray  # options x criteria on 0-100 (the decision matrix)
    stakeholders: tuple[Stakeholder, ...]

    def tables(self) -> tuple[Table, ...]:
        ws = self.workspace
        criteria = Table(
            name="criteria",
            title="Criteria",
            columns=(
                Column("criterion", "Id", key_column=True),
                Column("name", "Criterion"),
                Column("direction", "Direction"),
                Column("low", "Scale low", "number", digits=0),
                Column("high", "Scale high", "number", digits=0),
                Column("anchors", "Anchors"),
            ),
            rows=tuple(
                (c.id, c.name, c.direction, c.scale[0], c.scale[1], c.anchors) for c in ws.criteria
            ),
        )
        scores = Table(
            name="scores",
            title="Scores, on each criterion's own scale",
            columns=(*option_columns(), *criterion_columns(ws)),
            rows=tuple(
                (*option_cells(ws, o.id), *(o.scores[c].value for c in ws.criterion_ids))
                for o in ws.options
            ),
        )
        values = Table(
            name="values",
            title="Values on 0-100 (a cost criterion reversed)",
            columns=(*option_columns(), *criterion_columns(ws)),
            rows=tuple(
                (*option_cells(ws, o.id), *map(float, self.values[i]))
                for i, o in enumerate(ws.options)
            ),
        )
        weights = Table(
            name="weights",
            title="Each stakeholder's normalised weights",
            columns=(
                Column("stakeholder", "Stakeholder id", text=False),
                Column("name", "Stakeholder", key_column=True),
                *criterion_columns(ws, "percent"),
            ),
            rows=tuple(
                (s.id, s.name, *(s.weights[c] for c in ws.criterion_ids)) for s in self.stakeholders
            ),
            empty="No stakeholder's weights yet: weights/ has no weights file.",
        )
        return criteria, scores, values, weights

    def document(self) -> dict[str, Any]:
        ws = self.workspace
        return {
            "criteria": list(ws.criterion_ids),
            "options": list(ws.option_ids),
            "values": {o.id: by_criterion(ws, self.values[i]) for i, o in enumerate(ws.options)},
            "weights": {s.id: dict(s.weights) for s in self.stakeholders},
        }
