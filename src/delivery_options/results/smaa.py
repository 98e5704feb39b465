"""Stochastic robustness (SMAA-2; methods/smaa.py): rank acceptability, central weights,
confidence factors and holistic acceptability."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..methods.smaa import SmaaResult
from ..model.types import Workspace
from ..present.table import Column, Table
from .base import Presentable, by_criterion, option_cells, option_columns
from .screened import ScreenedOut


def _maybe(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


@dataclass(frozen=True)
class SmaaAnalysis(Presentable):
    workspace: Workspace
    result: SmaaResult
    subject: str  # whose weights were sampled, in words
    screened_out: tuple[ScreenedOut, ...] | None = None  # None: no requirements
    #: with no preference information on a value tree: the same analysis with the weights
    #: uniform over the criteria (flat), set beside the tree's (uniform at each node)
    flat: SmaaResult | None = None

    def order(self) -> list[int]:
        """Options by holistic acceptability, best first (ties in workspace order)."""
        res = self.result
        return sorted(range(len(res.options)), key=lambda a: (-res.holistic[a], a))

    def first(self, option: str) -> float:
        """The share of draws in which ``option`` is first."""
        return float(self.result.acceptability[self.result.options.index(option), 0])

    def _tables(self) -> tuple[Table, ...]:
        ws, res = self.workspace, self.result
        m = len(res.options)
        acceptability = Table(
            name="acceptability",
            title=f"Rank acceptability ({self.subject})",
            columns=(
                *option_columns(),
                *(Column(f"rank_{r}", f"Rank {r}", "percent") for r in range(1, m + 1)),
                Column("holistic", "Holistic", "percent"),
                Column("confidence", "Confidence", "percent"),
            ),
            rows=tuple(
                (
                    *option_cells(ws, res.options[a]),
                    *(float(x) for x in res.acceptability[a]),
                    float(res.holistic[a]),
                    _maybe(res.confidence[a]),
                )
                for a in self.order()
            ),
            notes=(
                "Rank r: the share of draws in which the option took rank r (tied options share "
                "a rank). Holistic: acceptability over all ranks with rank-order-centroid "
                "meta-weights (rank 1 counts fully). Confidence: the share of score draws in "
                "which the option is first at its central weights.",
                f"{res.samples:,} draws, seed {res.seed}: every acceptability is within "
                f"±{100 * res.error_bound:.2f} points of its limit at 95% confidence, all "
                f"together; confidence factors from {res.confidence_samples:,} score draws "
                f"(±{100 * res.confidence_error_bound:.2f} points).",
                f"Sampling stopped {res.stopped}.",
                f"Weights: {res.weight_method}.",
                f"Scores: {res.score_method}.",
            ),
        )
        central = Table(
            name="central_weights",
            title="Central weights: the typical weights under which each option comes first",
            columns=(*option_columns(), *(Column(c.id, c.name, "percent") for c in ws.criteria)),
            rows=tuple(
                (*option_cells(ws, res.options[a]), *(float(x) for x in res.central_weights[a]))
                for a in self.order()
                if res.acceptability[a, 0] > 0
            ),
        )
        if self.flat is None:
            return acceptability, central
        priors = Table(
            name="priors",
            title="First place with no preference information: by objective, and by criterion",
            columns=(
                *option_columns(),
                Column("tree", "Uniform at each node", "percent"),
                Column("flat", "Uniform over criteria", "percent"),
            ),
            rows=tuple(
                (*option_cells(ws, o), float(res.acceptability[a, 0]), self._flat_first(a))
                for a, o in ((a, res.options[a]) for a in self.order())
            ),
            notes=(
                "Uniform at each node: each objective's children share its weight by a uniform "
                "draw, so every objective has the same prior whatever number of criteria it "
                "holds. Uniform over criteria: the flat draw, in which an objective held by more "
                "criteria weighs more.",
            ),
        )
        return acceptability, central, priors

    def _flat_first(self, a: int) -> float:
        assert self.flat is not None
        return float(self.flat.acceptability[a, 0])

    def _document(self) -> dict[str, Any]:
        ws, res = self.workspace, self.result
        return {
            "samples": res.samples,
            "seed": res.seed,
            "subject": self.subject,
            "weight_sampler": res.weight_method,
            "score_sampler": res.score_method,
            "error_bound": res.error_bound,
            "stop": res.stop,
            "stopped": f"Sampling stopped {res.stopped}.",
            "half_width": res.half_width,
            "confidence_samples": res.confidence_samples,
            "confidence_error_bound": res.confidence_error_bound,
            "acceptability": {
                o: list(map(float, res.acceptability[a])) for a, o in enumerate(res.options)
            },
            "central_weights": {
                o: None
                if res.acceptability[a, 0] == 0
                else by_criterion(ws, res.central_weights[a])
                for a, o in enumerate(res.options)
            },
            "confidence": {o: _maybe(res.confidence[a]) for a, o in enumerate(res.options)},
            "holistic": {o: float(res.holistic[a]) for a, o in enumerate(res.options)},
            **(
                {}
                if self.flat is None
                else {
                    "flat": {
                        "weight_sampler": self.flat.weight_method,
                        "first": {o: self._flat_first(a) for a, o in enumerate(res.options)},
                    }
                }
            ),
        }
