"""Where the stakeholders agree and differ: ranks side by side, regret, the blends of their
weights, a compromise, common ground and rank agreement (methods/consensus.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..methods.consensus import Consensus
from ..methods.record import Settled, settled_words, share_words
from ..methods.value import Ranking
from ..model.types import Outcome, Stakeholder, Workspace
from ..present.table import Column, Table
from .base import Presentable, by_criterion, option_cells, option_columns
from .screened import ScreenedOut


@dataclass(frozen=True)
class CompareResult(Presentable):
    workspace: Workspace
    stakeholders: tuple[Stakeholder, ...]
    rankings: tuple[Ranking, ...]
    consensus: Consensus
    screened_out: tuple[ScreenedOut, ...] | None = None  # None: no requirements
    outcome: Outcome | None = None  # what was decided later (a back-test, never an input)
    outcome_label: str = ""
    #: what each stakeholder's record settles (methods/record.py), in the stakeholders' order
    settled: tuple[Settled, ...] = ()

    def _per_stakeholder(self, kind: str, digits: int = 1) -> tuple[Column, ...]:
        return tuple(Column(s.id, s.name, kind, digits) for s in self.stakeholders)

    def favourites(self) -> dict[str, tuple[str, ...]]:
        """Each stakeholder's first choice where its record settles one: the option first under
        every weighting its record allows. A stakeholder whose record leaves it open has none."""
        if not self.settled:
            return {rk.stakeholder: rk.leaders for rk in self.rankings}
        return {s.stakeholder: s.first for s in self.settled if s.settled}

    def representative(self) -> dict[str, tuple[str, ...]]:
        """First at each stakeholder's representative weights (typed, or the centre of the
        weights its record allows): what the tables rank by, not a settled preference."""
        return {rk.stakeholder: rk.leaders for rk in self.rankings}

    def record_words(self, label=None) -> dict[str, str]:
        """What each stakeholder's record settles, in words (methods/record.py)."""
        names = {o.id: o.name for o in self.workspace.options}
        return {s.stakeholder: settled_words(s, label or names.get) for s in self.settled}

    def _tables(self) -> tuple[Table, ...]:
        ws, con = self.workspace, self.consensus
        names = {o.id: o.name for o in ws.options}
        words = self.record_words()
        fav_notes = tuple(
            f"{s.name}: {words[s.id]}"
            + (
                f"; ranked here at its representative weights, where "
                f"{' and '.join(names[o] for o in rk.leaders)} "
                f"{'comes' if len(rk.leaders) == 1 else 'come'} first."
                if s.id in words and not self._settles(s.id)
                else "."
            )
            if s.id in words
            else f"First for {s.name}: {' and '.join(names[o] for o in rk.leaders)}."
            for s, rk in zip(self.stakeholders, self.rankings, strict=True)
        )
        ranks = Table(
            name="ranks",
            title=f"{ws.title}: the options ranked by each stakeholder",
            columns=(*option_columns(), *self._per_stakeholder("int")),
            rows=tuple(
                (*option_cells(ws, o), *(rk.row(o).rank for rk in self.rankings))
                for o in ws.option_ids
            ),
            notes=(
                "Each cell: the option's rank for that stakeholder at its representative "
                "weights (1 = first): typed, or the centre of the weights its record allows.",
                *fav_notes,
            ),
        )
        scores = Table(
            name="scores",
            title="Overall scores (0-100) under each stakeholder's weights",
            columns=(*option_columns(), *self._per_stakeholder("number")),
            rows=tuple(
                (*option_cells(ws, o), *(rk.row(o).score for rk in self.rankings))
                for o in ws.option_ids
            ),
        )
        worst = con.regret.max(axis=0)
        mm_option, mm_value = con.minimax_regret
        regret = Table(
            name="regret",
            title="Regret: how far each option falls short of each stakeholder's favourite",
            columns=(
                *option_columns(),
                *self._per_stakeholder("number"),
                Column("worst", "Worst", "number"),
            ),
            rows=tuple(
                (
                    *option_cells(ws, o),
                    *(float(con.regret[s, a]) for s in range(len(self.stakeholders))),
                    float(worst[a]),
                )
                for a, o in enumerate(con.options)
            ),
            notes=(
                "Points on the 0-100 scale.",
                "Across the stakeholders, the option that leaves the worst-off least short "
                f"(minimax regret): {names[mm_option]}, "
                + (
                    "the favourite of every stakeholder."
                    if mm_value < 0.05
                    else f"which leaves no stakeholder more than {mm_value:.1f} points short of "
                    "its favourite."
                ),
            ),
        )
        cannot = [names[o] for o in con.options if o not in con.hull_possibly_best]
        cg = con.common_ground
        if cg.feasible:
            ground = (
                "Yes: some weights are acceptable to every stakeholder; within them the options "
                f"that can come first are {', '.join(names[o] for o in cg.possibly_best)}."
            )
        else:
            sname = {s.id: s.name for s in self.stakeholders}
            pairs = "; ".join(f"{sname[a]} and {sname[b]}" for a, b in cg.conflicting_pairs)
            ground = (
                "No: no weights are acceptable to every stakeholder. Pairs that conflict: "
                f"{pairs or 'none on their own'}. Smallest conflicting group found: "
                f"{', '.join(sname[s] for s in cg.irreducible)}."
            )
        weights_text = ", ".join(
            f"{c.name} {100 * w:.1f}%" for c, w in zip(ws.criteria, con.compromise, strict=True)
        )
        summary = Table(
            name="consensus",
            title="Consensus across the stakeholders",
            columns=(Column("question", "Question"), Column("answer", "Answer")),
            rows=(
                (
                    "Which options could come first under some blend of the stakeholders' weights?",
                    ", ".join(names[o] for o in con.hull_possibly_best),
                ),
                ("Which cannot come first under any blend?", ", ".join(cannot) or "none"),
                ("Compromise weights (closest to the furthest stakeholder)", weights_text),
                (
                    "Largest distance from the compromise to any stakeholder (points of weight "
                    "moved)",
                    f"{50 * con.compromise_distance:.1f}",
                ),
                ("First under the compromise weights", names[con.compromise_leader]),
                ("Is there common ground in what the stakeholders would accept?", ground),
            ),
        )
        ids = [s.id for s in self.stakeholders]
        agreement = Table(
            name="agreement",
            title="Rank agreement (Kendall's tau-b: 1 = same order, -1 = reversed)",
            columns=(
                Column("stakeholder", "Stakeholder id", text=False),
                Column("name", "Stakeholder", key_column=True),
                *(Column(s.id, s.id, "number", 2) for s in self.stakeholders),
            ),
            rows=tuple(
                (s.id, s.name, *(float(con.kendall[i, j]) for j in range(len(ids))))
                for i, s in enumerate(self.stakeholders)
            ),
        )
        return (ranks, scores, regret, summary, agreement, *self._back_test(), *self._tree())

    def objective_weights(self) -> dict[str, dict[str, float]]:
        """On a value tree: each stakeholder's weight on every objective and criterion (an
        objective's: the sum of its criteria's), by stakeholder then node."""
        import numpy as np

        tree = self.workspace.tree
        out = {}
        for st in self.stakeholders:
            w = np.array([st.weights[c] for c in tree.criteria])
            out[st.id] = {n: tree.node_weight(w, n) for n in tree.nodes()}
        return out

    def _tree(self) -> tuple[Table, ...]:
        from .rank import node_cells, node_columns

        ws = self.workspace
        if ws.tree.flat:
            return ()
        by = self.objective_weights()
        return (
            Table(
                name="objective_weights",
                title="Each stakeholder's weights by objective, with the criteria beneath",
                columns=(*node_columns(), *self._per_stakeholder("percent")),
                rows=tuple(
                    (*node_cells(ws, n), *(by[s.id][n] for s in self.stakeholders))
                    for n in ws.tree.nodes()
                ),
                notes=("An objective's weight is the sum of its criteria's.",),
            ),
        )

    def _settles(self, sid: str) -> bool:
        return any(s.stakeholder == sid and s.settled for s in self.settled)

    def _outcome_facts(self) -> dict[str, Any] | None:
        out = self.outcome
        if out is None:
            return None
        appraised = out.option in self.workspace.option_ids
        ranks = {
            rk.stakeholder: rk.row(out.option).rank if appraised else None for rk in self.rankings
        }
        return {
            "option": out.option,
            "date": out.date,
            "source": out.source,
            "appraised": appraised,
            "ranks": ranks,
            "favourite_of": [s for s, r in ranks.items() if r == 1],
            "settled_first_for": [s for s, f in self.favourites().items() if out.option in f],
            "possible_for": {
                s.stakeholder: s.share(out.option)
                for s in self.settled
                if not s.settled and out.option in s.possible
            },
            "possible_under_some_blend": out.option in self.consensus.hull_possibly_best,
        }

    def _back_test(self) -> tuple[Table, ...]:
        facts = self._outcome_facts()
        if facts is None:
            return ()
        out = self.outcome
        label = self.outcome_label or out.option
        if not facts["appraised"]:
            verdict = f"{label} is not among the options appraised here (screened out)."
        elif self.settled:
            names = {s.id: s.name for s in self.stakeholders}
            settled, possible = facts["settled_first_for"], facts["possible_for"]
            verdict = (
                (
                    f"The record settles {label} first for "
                    + ", ".join(names[s] for s in settled)
                    + ". "
                    if settled
                    else f"No stakeholder's record settles {label} first. "
                )
                + (
                    "It leaves it possible first for "
                    + ", ".join(f"{names[s]} ({share_words(x)})" for s, x in possible.items())
                    + " (share of the weights each record allows)."
                    if possible
                    else ""
                )
            ).strip()
        elif facts["favourite_of"]:
            names = {s.id: s.name for s in self.stakeholders}
            verdict = (
                f"The model puts {label} first for "
                + ", ".join(names[s] for s in facts["favourite_of"])
                + "."
            )
        else:
            verdict = f"The model puts {label} first for no stakeholder" + (
                ", though some blend of their weights could."
                if facts["possible_under_some_blend"]
                else ", nor under any blend of their weights."
            )
        return (
            Table(
                name="back_test",
                title=f"Back-test: what was decided later ({label}"
                + (f", {out.date}" if out.date else "")
                + ")",
                columns=(
                    Column("stakeholder", "Stakeholder id", text=False),
                    Column("name", "Stakeholder", key_column=True),
                    Column("rank", "Rank of the option decided (representative weights)", "int"),
                ),
                rows=tuple((s.id, s.name, facts["ranks"][s.id]) for s in self.stakeholders),
                notes=(
                    verdict,
                    f"Source: {out.source}." if out.source else "",
                    "The outcome is not an input to any analysis: it is set beside the model "
                    "as a test of it.",
                ),
            ),
        )

    def _document(self) -> dict[str, Any]:
        ws, con = self.workspace, self.consensus
        ids = [s.id for s in self.stakeholders]
        favourites = self.favourites()
        cg = con.common_ground
        return {
            "stakeholders": ids,
            "options": list(ws.option_ids),
            "ranks": {
                rk.stakeholder: {o: rk.row(o).rank for o in ws.option_ids} for rk in self.rankings
            },
            "scores": {
                rk.stakeholder: {o: rk.row(o).score for o in ws.option_ids} for rk in self.rankings
            },
            "favourites": {k: v[0] if len(v) == 1 else list(v) for k, v in favourites.items()},
            "representative_first": {
                k: v[0] if len(v) == 1 else list(v) for k, v in self.representative().items()
            },
            "record": {
                s.stakeholder: {
                    "settled": s.settled,
                    "first": list(s.first),
                    "possible": {o: x for o, x in s.shares},
                    "samples": s.samples,
                }
                for s in self.settled
            },
            "regret": {
                s: {o: float(con.regret[i, a]) for a, o in enumerate(con.options)}
                for i, s in enumerate(ids)
            },
            "minimax_regret": {"option": con.minimax_regret[0], "value": con.minimax_regret[1]},
            "hull_possibly_best": list(con.hull_possibly_best),
            "hull_cannot_win": [o for o in con.options if o not in con.hull_possibly_best],
            "compromise": {
                "weights": by_criterion(ws, con.compromise),
                "max_l1_distance": con.compromise_distance,
                "leader": con.compromise_leader,
                "scores": dict(zip(con.options, map(float, con.compromise_scores), strict=True)),
            },
            "common_ground": {
                "feasible": cg.feasible,
                "weights": None if cg.weights is None else by_criterion(ws, cg.weights),
                "possibly_best": list(cg.possibly_best),
                "conflicting_pairs": [list(p) for p in cg.conflicting_pairs],
                "irreducible_conflict": list(cg.irreducible),
            },
            "kendall_tau": {
                s: {t: float(con.kendall[i, j]) for j, t in enumerate(ids)}
                for i, s in enumerate(ids)
            },
            **({"outcome": self._outcome_facts()} if self.outcome is not None else {}),
            **({} if ws.tree.flat else {"objective_weights": self.objective_weights()}),
        }
