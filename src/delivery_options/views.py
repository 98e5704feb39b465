"""Turn analysis results into tables for people and documents for JSON.

Each ``*_view`` function takes results from the core and returns ``(tables, json_document)``;
it computes nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence

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
