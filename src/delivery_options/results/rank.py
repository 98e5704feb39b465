"""The ranking of the options under one stakeholder's weights (DCLG manual, steps 6-7)."""

from __future__ import annotations

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
            notes=(
                f"From {st.path}"
                + (", inferred from the stakeholder's statements" if st.inferred else "")
                + (f" ({st.basis})" if st.basis in ("modelled", "elicited") else "")
                + ".",
            )
            if st.path
            else (),
        )
        return ranking, weights

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
        }
