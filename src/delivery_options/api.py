"""A Python API for notebooks: the same analyses as the CLI, returned as pandas DataFrames.

import delivery_options as do
app = do.load("path/to/workspace")
app.rank("commissioner")            # one DataFrame per question
app.sensitivity("commissioner")["switching"]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .lp import make_solver, weight_set
from .value import DecisionMatrix, decision_matrix, rank_options, weight_vector
from .workspace import Stakeholder, Workspace, load_stakeholders, load_workspace


@dataclass(frozen=True)
class Appraisal:
    workspace: Workspace

    @cached_property
    def matrix(self) -> DecisionMatrix:
        return decision_matrix(self.workspace)

    @cached_property
    def stakeholders(self) -> tuple[Stakeholder, ...]:
        return load_stakeholders(self.workspace)

    def stakeholder(self, name: str) -> Stakeholder:
        from .workspace import load_stakeholder, resolve_weights

        return load_stakeholder(self.workspace, resolve_weights(self.workspace, name))

    # --- the data ---------------------------------------------------------------------------

    @property
    def criteria(self) -> pd.DataFrame:
        rows = [
            {
                "criterion": c.id,
                "name": c.name,
                "direction": c.direction,
                "low": c.scale[0],
                "high": c.scale[1],
                "anchors": c.anchors,
            }
            for c in self.workspace.criteria
        ]
        return pd.DataFrame(rows).set_index("criterion")

    def _by_criterion(self, data) -> pd.DataFrame:
        """An options x criteria frame, labelled as the workspace labels them."""
        return pd.DataFrame(
            data,
            index=pd.Index(self.workspace.option_ids, name="option"),
            columns=pd.Index(self.workspace.criterion_ids, name="criterion"),
        )

    @property
    def scores(self) -> pd.DataFrame:
        """Raw scores, options x criteria."""
        ws = self.workspace
        return self._by_criterion([[o.scores[c.id].value for c in ws.criteria] for o in ws.options])

    @property
    def values(self) -> pd.DataFrame:
        """Scores mapped to 0-100, options x criteria."""
        return self._by_criterion(self.matrix.values)

    @property
    def weights(self) -> pd.DataFrame:
        """Every stakeholder's normalised weights, stakeholders x criteria."""
        dm = self.matrix
        return pd.DataFrame(
            [weight_vector(dm.criteria, s) for s in self.stakeholders],
            index=pd.Index([s.id for s in self.stakeholders], name="stakeholder"),
            columns=pd.Index(dm.criteria, name="criterion"),
        )

    # --- the analyses -----------------------------------------------------------------------

    def rank(self, stakeholder: str) -> pd.DataFrame:
        """Rank, score and each criterion's contribution, in rank order."""
        st = self.stakeholder(stakeholder)
        rk = rank_options(self.matrix, weight_vector(self.matrix.criteria, st), st.id)
        rows = [
            {"option": r.option, "rank": r.rank, "score": r.score, **r.contributions}
            for r in rk.rows
        ]
        return pd.DataFrame(rows).set_index("option")

    def compare(self, stakeholders: Sequence[str] = ()) -> pd.DataFrame:
        """Each stakeholder's rank of each option (options x stakeholders)."""
        sts = load_stakeholders(self.workspace, stakeholders)
        out = {}
        for s in sts:
            rk = rank_options(self.matrix, weight_vector(self.matrix.criteria, s), s.id)
            out[s.id] = {r.option: r.rank for r in rk.rows}
        return pd.DataFrame(out).loc[list(self.matrix.options)].rename_axis("option")

    def sensitivity(self, stakeholder: str) -> dict[str, pd.DataFrame]:
        """Switching weights, stability intervals, score switching and robust choice."""
        from .sensitivity import analyse

        sa = analyse(self.workspace, self.matrix, self.stakeholder(stakeholder))
        rob = sa.robust

        def switches(items) -> pd.DataFrame:
            return pd.DataFrame(
                [
                    {
                        "option": s.option,
                        "status": s.status,
                        "l1": s.l1,
                        "linf": s.linf,
                        "moved": s.moved,
                    }
                    for s in items
                ]
            ).set_index("option")

        return {
            "switching": switches(sa.switching),
            "pairwise": switches(sa.pairwise),
            "stability": pd.DataFrame(
                [
                    {
                        "criterion": s.criterion,
                        "weight": s.weight,
                        "top_low": s.top[0],
                        "top_high": s.top[1],
                        "ranking_low": s.ranking[0],
                        "ranking_high": s.ranking[1],
                    }
                    for s in sa.stability
                ]
            ).set_index("criterion"),
            "score_switching": pd.DataFrame([s.__dict__ for s in sa.scores]),
            "robust": pd.DataFrame(
                {
                    "lowest": {o: iv[0] for o, iv in rob.value_intervals.items()},
                    "highest": {o: iv[1] for o, iv in rob.value_intervals.items()},
                    "possibly_best": {o: o in rob.possibly_best for o in rob.options},
                    "max_regret": rob.max_regret,
                }
            ).rename_axis("option"),
        }

    def consensus(
        self, stakeholders: Sequence[str] = ()
    ) -> dict[str, pd.DataFrame | pd.Series | object]:
        """Regret, rank agreement, compromise weights and the rest of `options compare`."""
        from .stakeholders import consensus_for

        dm = self.matrix
        con = consensus_for(dm, load_stakeholders(self.workspace, stakeholders), make_solver())
        ids = pd.Index(con.stakeholders, name="stakeholder")
        return {
            "regret": pd.DataFrame(
                con.regret, index=ids, columns=pd.Index(dm.options, name="option")
            ),
            "kendall_tau": pd.DataFrame(con.kendall, index=ids, columns=ids),
            "compromise_weights": pd.Series(
                con.compromise, index=pd.Index(dm.criteria, name="criterion")
            ),
            "minimax_regret": con.minimax_regret,
            "hull_possibly_best": con.hull_possibly_best,
            "common_ground": con.common_ground,
        }

    def smaa(
        self, stakeholder: str | None = None, samples: int | None = None, seed: int = 0
    ) -> dict[str, pd.DataFrame | pd.Series]:
        """SMAA-2 over the stakeholder's acceptable weights (or any weights when None)."""
        from . import smaa as sm
        from .lp import simplex

        dm = self.matrix
        st = self.stakeholder(stakeholder) if stakeholder else None
        W = weight_set(dm.criteria, st) if st else simplex(dm.criteria)
        start = None if W.is_simplex else sm.interior_point(W, make_solver())
        k = samples or sm.samples_for(len(dm.options))[0]
        res = sm.smaa(
            dm.values,
            dm.lows,
            dm.highs,
            dm.options,
            dm.criteria,
            lambda rng: sm.WeightSampler(W, rng, start=start),
            k,
            seed,
        )
        opts = pd.Index(dm.options, name="option")
        return {
            "acceptability": pd.DataFrame(
                res.acceptability,
                index=opts,
                columns=pd.Index(range(1, len(opts) + 1), name="rank"),
            ),
            "central_weights": pd.DataFrame(
                res.central_weights, index=opts, columns=pd.Index(dm.criteria, name="criterion")
            ),
            "confidence": pd.Series(res.confidence, index=opts, name="confidence"),
            "holistic": pd.Series(res.holistic, index=opts, name="holistic"),
        }


def load(path: str | Path = ".") -> Appraisal:
    """Load a workspace for analysis in Python."""
    return Appraisal(load_workspace(path))
