"""Turn analysis results into tables for people and documents for JSON.

Each ``*_view`` function takes results from the core and returns ``(tables, json_document)``;
it computes nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .formats import Table
from .value import Ranking
from .workspace import Stakeholder, Workspace


def _number(ws: Workspace, oid: str) -> int | str:
    n = ws.option(oid).number
    return "" if n is None else n


def rank_view(
    ws: Workspace, stakeholder: Stakeholder, ranking: Ranking
) -> tuple[list[Table], dict]:
    crits = ws.criterion_ids
    rows = tuple(
        (
            r.rank,
            _number(ws, r.option),
            ws.option(r.option).name,
            r.score,
            *(r.contributions[c] for c in crits),
        )
        for r in ranking.rows
    )
    weights = ", ".join(f"{c} {100 * stakeholder.weights[c]:.0f}%" for c in crits)
    legend = "; ".join(f"{c} = {ws.criterion(c).name}" for c in crits)
    table = Table(
        columns=("Rank", "No.", "Option", "Score", *crits),
        rows=rows,
        title=f"{ws.title}: ranking for {stakeholder.name} ({stakeholder.id})",
        notes=(
            "Score is the overall value on 0-100; the criterion columns are each criterion's "
            "contribution (weight x value) and add up to it.",
            f"Weights: {weights}.",
            f"Criteria: {legend}.",
        ),
        align_right=frozenset({0, 1, *range(3, 4 + len(crits))}),
    )
    data = {
        "stakeholder": stakeholder.id,
        "name": stakeholder.name,
        "weights": dict(stakeholder.weights),
        "ranking": [
            {
                "option": r.option,
                "name": ws.option(r.option).name,
                "number": ws.option(r.option).number,
                "rank": r.rank,
                "score": r.score,
                "contributions": dict(r.contributions),
            }
            for r in ranking.rows
        ],
    }
    return [table], data


def compare_view(
    ws: Workspace, stakeholders: Sequence[Stakeholder], rankings: Sequence[Ranking]
) -> tuple[list[Table], dict]:
    ids = [s.id for s in stakeholders]
    rows = []
    for opt in ws.options:
        cells = []
        for rk in rankings:
            r = rk.row(opt.id)
            cells.append(f"{r.rank} ({r.score:.1f})")
        rows.append((_number(ws, opt.id), opt.name, *cells))
    favourites = {rk.stakeholder: list(rk.leaders) for rk in rankings}
    notes = ["Each cell: the option's rank (its overall score on 0-100) for that stakeholder."]
    for s in stakeholders:
        names = " and ".join(ws.option(o).name for o in favourites[s.id])
        notes.append(f"Favourite of {s.name}: {names}.")
    table = Table(
        columns=("No.", "Option", *ids),
        rows=tuple(rows),
        title=f"{ws.title}: the options ranked by each stakeholder",
        notes=tuple(notes),
        align_right=frozenset({0, *range(2, 2 + len(ids))}),
    )
    data = {
        "stakeholders": ids,
        "options": list(ws.option_ids),
        "ranks": {
            rk.stakeholder: {r.option: r.rank for r in _in_ws_order(ws, rk)} for rk in rankings
        },
        "scores": {
            rk.stakeholder: {r.option: r.score for r in _in_ws_order(ws, rk)} for rk in rankings
        },
        "favourites": {k: v[0] if len(v) == 1 else v for k, v in favourites.items()},
    }
    return [table], data


def _in_ws_order(ws: Workspace, rk: Ranking):
    return [rk.row(o) for o in ws.option_ids]


# --- sensitivity -----------------------------------------------------------------------------


def _interval(iv: tuple[float, float]) -> str | None:
    lo, hi = iv
    if lo != lo or hi != hi:  # NaN: empty
        return None
    return f"{100 * lo:.1f}%–{100 * hi:.1f}%"


def weight_change_words(ws: Workspace, before, after) -> str:
    """'move 4.5 points of weight from A (-3.0), B (-1.5) to C (+4.5)'."""
    delta = after - before
    moved = float(delta[delta > 0].sum())
    if moved < 5e-4:
        return "already first"

    def names(sel) -> str:
        idx = sorted(np.flatnonzero(sel), key=lambda j: (-abs(delta[j]), j))
        return ", ".join(f"{ws.criteria[j].name} ({100 * delta[j]:+.1f})" for j in idx)

    return (
        f"move {100 * moved:.1f} points of weight from {names(delta < -5e-4)} "
        f"to {names(delta > 5e-4)}"
    )


def _switch_json(ws: Workspace, s) -> dict:
    crits = ws.criterion_ids

    def wd(w):
        return None if w is None else dict(zip(crits, map(float, w), strict=True))

    return {
        "status": s.status,
        "l1": s.l1,
        "linf": s.linf,
        "moved": s.moved,
        "weights": wd(s.weights_l1),
        "weights_linf": wd(s.weights_linf),
        "method": s.method,
    }


def sensitivity_view(ws: Workspace, stakeholder: Stakeholder, sa) -> tuple[list[Table], dict]:
    rob = sa.robust
    pair = {s.option: s for s in sa.pairwise}
    rows = []
    for r in sa.ranking.rows:
        full = next(s for s in sa.switching if s.option == r.option)
        if full.status == "leader":
            words = "first now"
        elif full.status == "optimal":
            words = weight_change_words(ws, sa.weights, full.weights_l1)
        elif full.status == "cannot":
            p = pair[r.option]
            words = "cannot come first within this stakeholder's constraints"
            if p.status == "optimal":
                words += f" (could pass the leader alone: {100 * p.moved:.1f} points moved)"
        else:
            words = "the solver failed; no figure is given"
        rows.append(
            (
                r.rank,
                _number(ws, r.option),
                ws.option(r.option).name,
                r.score,
                None if full.moved is None else 100 * full.moved,
                None if full.linf is None else 100 * full.linf,
                words,
            )
        )
    crit_name = {c.id: c.name for c in ws.criteria}
    t_switch = Table(
        columns=("Rank", "No.", "Option", "Score", "Moved", "Largest", "What it would take"),
        rows=tuple(rows),
        title=f"How far each option is from first place, for {stakeholder.name}",
        notes=(
            "Moved: points of weight (out of 100) that must move between criteria, at the least, "
            "for the option to draw level with every other (L1 distance / 2). Largest: the "
            "smallest possible largest change to any one weight (L-infinity distance), in points.",
            "Only weights this stakeholder would accept are considered (its [constraints]).",
        ),
        align_right=frozenset({0, 1, 3, 4, 5}),
    )
    t_stab = Table(
        columns=("Criterion", "Weight", "Leader stays first", "Ranking unchanged", "Acceptable"),
        rows=tuple(
            (
                crit_name[s.criterion],
                f"{100 * s.weight:.1f}%",
                _interval(s.top),
                _interval(s.ranking),
                _interval(s.feasible),
            )
            for s in sa.stability
        ),
        title=f"Weight stability intervals (one weight at a time; the leader is "
        f"{ws.option(sa.leader).name})",
        notes=(
            "Each weight is moved alone, the others rescaled in proportion; Acceptable is the "
            "range this stakeholder's constraints allow along that path.",
        ),
        align_right=frozenset({1}),
    )
    t_scores = Table(
        columns=(
            "Option",
            "Criterion",
            "Score",
            "Top changes at",
            "Change",
            "Plausible range",
            "Within range",
        ),
        rows=tuple(
            (
                ws.option(s.option).name,
                crit_name[s.criterion],
                s.current,
                s.switch_at,
                s.change,
                f"{s.plausible[0]:g}–{s.plausible[1]:g}",
                "yes: check the evidence" if s.within_range else "no",
            )
            for s in sa.scores
        ),
        title="Score switching values (one score at a time, weights held)",
        notes=(
            "Top changes at: the score (on the criterion's own scale) at which another option "
            "comes first; – means no score on the scale would change it.",
        ),
        align_right=frozenset({2, 3, 4}),
    )
    dominated_by: dict[str, list[str]] = {o: [] for o in ws.option_ids}
    for a, b, _strict in rob.dominance:
        dominated_by[b].append(a)
    t_rob = Table(
        columns=(
            "No.",
            "Option",
            "Lowest",
            "Highest",
            "Possibly best",
            "Beaten everywhere by",
            "Max regret",
        ),
        rows=tuple(
            (
                _number(ws, o),
                ws.option(o).name,
                *rob.value_intervals[o],
                "yes" if o in rob.possibly_best else "no",
                ", ".join(str(_number(ws, a) or a) for a in dominated_by[o]) or "–",
                rob.max_regret[o],
            )
            for o in ws.option_ids
        ),
        title="Robust choice over every weighting this stakeholder would accept",
        notes=(
            "Lowest/Highest: the option's overall score over those weightings. Possibly best: "
            "first (or tied first) under at least one of them. Max regret: the most it can fall "
            "behind the best option under any of them.",
            f"Necessarily best: {ws.option(rob.necessarily_best).name if rob.necessarily_best else 'none (no option is first under every acceptable weighting)'}.",
            f"Minimax-regret choice: {ws.option(rob.minimax_regret).name}.",
            f"Solver: {sa.solver}; {rob.lp_count} LPs for this table.",
        ),
        align_right=frozenset({0, 2, 3, 6}),
    )
    data = {
        "stakeholder": stakeholder.id,
        "leader": sa.leader,
        "solver": sa.solver,
        "weights": dict(zip(sa.criteria, map(float, sa.weights), strict=True)),
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
    }
    return [t_switch, t_stab, t_scores, t_rob], data


# --- consensus (options compare) -------------------------------------------------------------


def consensus_view(
    ws: Workspace, stakeholders: Sequence[Stakeholder], con
) -> tuple[list[Table], dict]:
    ids = list(con.stakeholders)
    names = {o.id: o.name for o in ws.options}
    crit_names = {c.id: c.name for c in ws.criteria}
    worst = con.regret.max(axis=0)
    t_regret = Table(
        columns=("No.", "Option", *ids, "Worst"),
        rows=tuple(
            (
                _number(ws, o),
                names[o],
                *(float(con.regret[s, a]) for s in range(len(ids))),
                float(worst[a]),
            )
            for a, o in enumerate(con.options)
        ),
        title="Regret: how far each option falls short of each stakeholder's favourite (points)",
        notes=(
            f"Minimax-regret option: {names[con.minimax_regret[0]]}, "
            + (
                "the favourite of every stakeholder."
                if con.minimax_regret[1] < 0.05
                else f"which leaves no stakeholder more than {con.minimax_regret[1]:.1f} points "
                "short of its favourite."
            ),
        ),
        align_right=frozenset({0, *range(2, 3 + len(ids))}),
    )
    comp_v, comp_leader = con.compromise_scores, con.compromise_leader
    cannot = [names[o] for o in con.options if o not in con.hull_possibly_best]
    cg = con.common_ground
    if cg.feasible:
        ground = (
            "yes: some weights are acceptable to every stakeholder; within them the options "
            f"that can come first are {', '.join(names[o] for o in cg.possibly_best)}"
        )
    else:
        pairs = "; ".join(f"{a} and {b}" for a, b in cg.conflicting_pairs) or "no single pair"
        ground = (
            f"no: no weights are acceptable to every stakeholder. Conflicting pairs: "
            f"{pairs}. Smallest conflicting group found: {', '.join(cg.irreducible)}"
        )
    weights_text = ", ".join(
        f"{crit_names[c]} {100 * w:.1f}%"
        for c, w in zip(ws.criterion_ids, con.compromise, strict=True)
    )
    t_summary = Table(
        columns=("Question", "Answer"),
        rows=(
            (
                "Which options could come first under some blend of the stakeholders' weights?",
                ", ".join(names[o] for o in con.hull_possibly_best),
            ),
            ("Which cannot come first under any blend?", ", ".join(cannot) or "none"),
            ("Compromise weights (closest to the furthest stakeholder)", weights_text),
            (
                "Largest distance from the compromise to any stakeholder (points of weight moved)",
                f"{50 * con.compromise_distance:.1f}",
            ),
            ("First under the compromise weights", names[comp_leader]),
            ("Is there common ground in what the stakeholders would accept?", ground),
        ),
        title="Consensus across the stakeholders",
    )
    t_tau = Table(
        columns=("", *ids),
        rows=tuple(
            (ids[s], *(float(con.kendall[s, t]) for t in range(len(ids)))) for s in range(len(ids))
        ),
        title="Rank agreement (Kendall's tau-b: 1 = same order, -1 = reversed)",
        align_right=frozenset(range(1, 1 + len(ids))),
        digits=2,
    )
    crits = ws.criterion_ids
    data = {
        "regret": {
            s: {o: float(con.regret[i, a]) for a, o in enumerate(con.options)}
            for i, s in enumerate(ids)
        },
        "minimax_regret": {"option": con.minimax_regret[0], "value": con.minimax_regret[1]},
        "hull_possibly_best": list(con.hull_possibly_best),
        "hull_cannot_win": [o for o in con.options if o not in con.hull_possibly_best],
        "compromise": {
            "weights": dict(zip(crits, map(float, con.compromise), strict=True)),
            "max_l1_distance": con.compromise_distance,
            "leader": comp_leader,
            "scores": dict(zip(con.options, map(float, comp_v), strict=True)),
        },
        "common_ground": {
            "feasible": cg.feasible,
            "weights": None
            if cg.weights is None
            else dict(zip(crits, map(float, cg.weights), strict=True)),
            "possibly_best": list(cg.possibly_best),
            "conflicting_pairs": [list(p) for p in cg.conflicting_pairs],
            "irreducible_conflict": list(cg.irreducible),
        },
        "kendall_tau": {
            s: {t: float(con.kendall[i, j]) for j, t in enumerate(ids)} for i, s in enumerate(ids)
        },
    }
    return [t_regret, t_summary, t_tau], data


# --- SMAA ------------------------------------------------------------------------------------


def smaa_view(ws: Workspace, res, subject: str) -> tuple[list[Table], dict]:
    m = len(res.options)
    names = {o.id: o.name for o in ws.options}
    order = sorted(range(m), key=lambda a: (-res.holistic[a], a))

    def pct(x: float) -> str:
        return "–" if x != x else f"{100 * x:.1f}%"

    t_acc = Table(
        columns=(
            "No.",
            "Option",
            *(f"Rank {r}" for r in range(1, m + 1)),
            "Holistic",
            "Confidence",
        ),
        rows=tuple(
            (
                _number(ws, res.options[a]),
                names[res.options[a]],
                *(pct(res.acceptability[a, r]) for r in range(m)),
                pct(res.holistic[a]),
                pct(res.confidence[a]),
            )
            for a in order
        ),
        title=f"Rank acceptability ({subject})",
        notes=(
            "Rank r: the share of draws in which the option took rank r (tied options share a "
            "rank: 1 + the number of options strictly better). Holistic: acceptability over all "
            "ranks with rank-order-centroid meta-weights (rank 1 counts fully). Confidence: the "
            "share of score draws in which the option is first at its central weights.",
            f"{res.samples:,} draws, seed {res.seed}: every acceptability is within "
            f"±{100 * res.error_bound:.2f} points of its limit at 95% confidence, all together; "
            f"confidence factors from {res.confidence_samples:,} score draws "
            f"(±{100 * res.confidence_error_bound:.2f} points).",
            f"Weights: {res.weight_method}.",
            f"Scores: {res.score_method}.",
        ),
        align_right=frozenset({0, *range(2, 4 + m)}),
    )
    crit_names = [c.name for c in ws.criteria]
    t_central = Table(
        columns=("Option", *res.criteria),
        rows=tuple(
            (names[res.options[a]], *(pct(x) for x in res.central_weights[a]))
            for a in order
            if res.acceptability[a, 0] > 0
        ),
        title="Central weights: the typical weights under which each option comes first",
        notes=(
            f"Criteria: {'; '.join(f'{c} = {nm}' for c, nm in zip(res.criteria, crit_names, strict=True))}.",
        ),
        align_right=frozenset(range(1, 1 + len(res.criteria))),
    )

    def maybe(x: float):
        return None if x != x else float(x)

    data = {
        "samples": res.samples,
        "seed": res.seed,
        "subject": subject,
        "weight_sampler": res.weight_method,
        "score_sampler": res.score_method,
        "error_bound": res.error_bound,
        "confidence_samples": res.confidence_samples,
        "confidence_error_bound": res.confidence_error_bound,
        "acceptability": {
            o: list(map(float, res.acceptability[a])) for a, o in enumerate(res.options)
        },
        "central_weights": {
            o: None
            if res.acceptability[a, 0] == 0
            else dict(zip(res.criteria, map(float, res.central_weights[a]), strict=True))
            for a, o in enumerate(res.options)
        },
        "confidence": {o: maybe(res.confidence[a]) for a, o in enumerate(res.options)},
        "holistic": {o: float(res.holistic[a]) for a, o in enumerate(res.options)},
    }
    return [t_acc, t_central], data
