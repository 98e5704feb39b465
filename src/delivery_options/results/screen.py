"""The screen from long list to short list (methods/screening.py), and the risk registers of the
short-listed options (methods/risks.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..methods.risks import Profile, ranked
from ..methods.screening import Result, Screen
from ..model.types import Workspace
from ..present.table import Column, Table
from ..present.words import amount
from .base import Presentable, option_cells, option_columns
from .screened import screened_out, screened_out_document


@dataclass(frozen=True)
class ScreenResult(Presentable):
    workspace: Workspace  # the whole long list
    screen: Screen

    def tables(self) -> tuple[Table, ...]:
        ws, sc = self.workspace, self.screen
        reqs = ws.requirements
        grid = Table(
            name="screen",
            title=f"{ws.title}: the long list against the requirements",
            columns=(
                *option_columns(),
                *(Column(r.id, r.name) for r in reqs),
                Column("short_listed", "Short-listed"),
            ),
            rows=tuple(
                (
                    *option_cells(ws, o.option),
                    *(_mark(res.passes, res.could_change) for res in o.results),
                    "yes" if o.passes else "no",
                )
                for o in sc.options
            ),
            notes=(
                *(
                    (
                        "pass or FAIL for each requirement; '(could change)' where the score's "
                        "plausible range holds the other result.",
                    )
                    if reqs
                    else ()
                ),
                *(f"{r.name}: {r.description.strip()} ({r.source})" for r in reqs if r.source),
            ),
        )
        reasons = Table(
            name="reasons",
            title="Why: each judgement and its evidence",
            columns=(
                Column("option", "Option id", text=False),
                Column("name", "Option", key_column=True),
                Column("requirement", "Requirement id", text=False),
                Column("requirement_name", "Requirement"),
                Column("passes", "Result"),
                Column("reason", "Reason and evidence"),
            ),
            rows=tuple(
                (
                    o.option,
                    ws.option(o.option).name,
                    res.requirement,
                    ws_req(ws, res.requirement),
                    _mark(res.passes, res.could_change),
                    " ".join(
                        x
                        for x in (*_reason(ws, o.option, res), *(f"[{e}]" for e in res.evidence))
                        if x.strip()
                    )
                    or NO_REASON,
                )
                for o in sc.options
                for res in o.results
            ),
            empty="There are no must-meet requirements (criteria.toml), so there is nothing to "
            "judge: every option is on the short list.",
        )
        short = ", ".join(ws.option_label(o) for o in sc.short_list) or "none"
        out_sq = [o for o in sc.status_quo if o not in sc.short_list]
        summary = Table(
            name="short_list",
            title="The short list" + (", and business as usual (screened out)" if out_sq else ""),
            columns=(*option_columns(), Column("status", "Status")),
            rows=tuple(
                (
                    *option_cells(ws, o),
                    "short-listed"
                    if o in sc.short_list
                    else "business as usual: screened out, so not appraised",
                )
                for o in sc.benchmarked
            ),
            empty="No option passes every requirement, so the short list is empty.",
            notes=(
                f"Short list: {short}.",
                *(
                    (
                        "Business as usual fails the requirements, so it is not on the short "
                        "list and rank, compare and sensitivity do not appraise it; the Green "
                        "Book keeps it on the short list as the benchmark (options check), and "
                        "--all appraises every option.",
                    )
                    if out_sq
                    else ()
                ),
                *(
                    (
                        "Could change within the scores' plausible ranges: "
                        + ", ".join(ws.option_label(o) for o in sc.could_change)
                        + ".",
                    )
                    if sc.could_change
                    else ()
                ),
            ),
        )
        return grid, reasons, summary

    def document(self) -> dict[str, Any]:
        ws, sc = self.workspace, self.screen
        return {
            "requirements": list(sc.requirements),
            "options": [
                {
                    "option": o.option,
                    "meets": {r.requirement: r.passes for r in o.results},
                    "passes": o.passes,
                    "could_change": o.could_change,
                    "reasons": {
                        r.requirement: {
                            "reason": _reason(ws, o.option, r)[0],
                            "evidence": list(r.evidence),
                            "range_note": _reason(ws, o.option, r)[1],
                        }
                        for r in o.results
                    },
                }
                for o in sc.options
            ],
            "short_list": list(sc.short_list),
            "screened_out": screened_out_document(screened_out(ws, sc)),
            "could_change": list(sc.could_change),
            "status_quo": list(sc.status_quo),
        }


#: Said for a judgement recorded with neither a rationale nor evidence (``statutory = true``).
NO_REASON = "No reason or evidence recorded."


def _reason(ws: Workspace, oid: str, res: Result) -> tuple[str, str]:
    """A result's reason and range note; for a threshold on a criterion with a unit, the
    amounts in it ("Cost is £1,850k, against a maximum of £1,900k"), as methods/screening.py
    words them without one."""
    req = next(r for r in ws.requirements if r.id == res.requirement)
    if not res.threshold or req.criterion is None:
        return res.reason, res.range_note
    crit = ws.criterion(req.criterion)
    if not crit.unit.strip():
        return res.reason, res.range_note
    s = ws.option(oid).scores[crit.id]
    word, bound = ("minimum", req.min) if req.min is not None else ("maximum", req.max)
    reason = f"{crit.name} is {amount(s.value, crit.unit)}, against a {word} of "
    reason += amount(bound, crit.unit) if bound is not None else ""
    note = ""
    if res.range_note:
        span = f"{amount(s.low, crit.unit)} to {amount(s.high, crit.unit)}"
        turn = "passes at its score; could fail" if res.passes else "fails at its score; could pass"
        note = f"{turn} within its range ({span})"
    return reason, note


def ws_req(ws: Workspace, rid: str) -> str:
    return next(r.name for r in ws.requirements if r.id == rid)


def _mark(passes: bool, could_change: bool) -> str:
    word = "pass" if passes else "FAIL"
    return f"{word} (could change)" if could_change else word


@dataclass(frozen=True)
class RisksResult(Presentable):
    workspace: Workspace
    options: tuple[str, ...]  # whose registers, in the order asked
    profiles: tuple[Profile, ...]

    def tables(self) -> tuple[Table, ...]:
        ws = self.workspace
        out = []
        for oid in self.options:
            reg = ranked(ws.option(oid).risk_register)
            out.append(
                Table(
                    name=f"register:{oid}",
                    title=f"Risk register: {ws.option_label(oid)}",
                    columns=(
                        Column("id", "Id", key_column=True),
                        Column("risk", "Risk"),
                        Column("likelihood", "L", "int"),
                        Column("impact", "I", "int"),
                        Column("score", "L x I", "int"),
                        Column("band", "Band"),
                        Column("mitigation", "Mitigation"),
                        Column("owner", "Owner"),
                        Column("residual_score", "After", "int"),
                        Column("residual_band", "Band after"),
                    ),
                    rows=tuple(
                        (
                            r.id,
                            r.risk,
                            r.likelihood,
                            r.impact,
                            r.score,
                            r.band,
                            r.mitigation or None,
                            r.owner or None,
                            r.residual_score,
                            r.residual_band,
                        )
                        for r in reg
                    ),
                    notes=(
                        "L and I: likelihood and impact, 1-5; bands on the 5x5 matrix: high "
                        "15-25, medium 5-12, low 1-4. Ranked by L x I before mitigation.",
                        *(
                            (
                                "Likelihood, impact, mitigations and owners are modelled "
                                "judgements, not the source's.",
                            )
                            if any(r.modelled for r in reg)
                            else ()
                        ),
                    )
                    if reg
                    else (),
                    empty="No risk register: this option's risks are not yet assessed.",
                )
            )
        unassessed = [
            ws.option_label(oid) for oid in self.options if not ws.option(oid).risk_register
        ]
        profile = Table(
            name="profiles",
            title="Risk profiles compared, before and after mitigation",
            columns=(
                *option_columns(),
                Column("risks", "Risks", "int"),
                Column("high", "High", "int"),
                Column("medium", "Medium", "int"),
                Column("low", "Low", "int"),
                Column("largest", "Largest", "int"),
                Column("high_after", "High after", "int"),
                Column("medium_after", "Medium after", "int"),
                Column("low_after", "Low after", "int"),
                Column("largest_after", "Largest after", "int"),
            ),
            rows=tuple(
                (
                    *option_cells(ws, p.option),
                    p.risks,
                    p.before.high,
                    p.before.medium,
                    p.before.low,
                    p.before.largest,
                    p.after.high,
                    p.after.medium,
                    p.after.low,
                    p.after.largest,
                )
                for p in self.profiles
                if ws.option(p.option).risk_register
            ),
            notes=(
                "Totals depend on how finely risks are split, so compare bands and the largest "
                "score rather than sums.",
                *((f"No risk register yet: {', '.join(unassessed)}.",) if unassessed else ()),
            ),
            empty="No option here has a risk register yet, so there are no risk profiles to "
            "compare.",
        )
        return (*out, profile)

    def document(self) -> dict[str, Any]:
        ws = self.workspace
        return {
            "options": {
                oid: [
                    {
                        "id": r.id,
                        "risk": r.risk,
                        "likelihood": r.likelihood,
                        "impact": r.impact,
                        "score": r.score,
                        "band": r.band,
                        "mitigation": r.mitigation,
                        "owner": r.owner,
                        "residual_likelihood": r.residual_likelihood,
                        "residual_impact": r.residual_impact,
                        "residual_score": r.residual_score,
                        "residual_band": r.residual_band,
                        "criteria": list(r.criteria),
                        "evidence": list(r.evidence),
                        "source": r.source,
                        "modelled": r.modelled,
                    }
                    for r in ranked(ws.option(oid).risk_register)
                ]
                for oid in self.options
            },
            "profiles": {
                p.option: {
                    "risks": p.risks,
                    "before": p.before.__dict__,
                    "after": p.after.__dict__,
                }
                for p in self.profiles
            },
        }
