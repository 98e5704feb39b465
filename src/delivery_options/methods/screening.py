"""Screening a long list against must-meet requirements, to give the short list.

HM Treasury's Green Book (2022) takes options from a long list to a short list: each option is
tested against the requirements it must meet, the reason for every rejection is recorded, and only
the short list is appraised in depth. The rule is conjunctive: an option is short-listed only if it
meets every requirement, and a strength elsewhere does not buy back a failed requirement.

A requirement is either judged by hand for each option (``[requirements]`` in the option file) or
decided by a threshold on a criterion score (``criterion``, ``min`` or ``max`` in
``criteria.toml``). For a threshold the score's plausible range (``low``-``high``) is checked too:
a result that the range could reverse is reported, not hidden. The format is in docs/format.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..model.requirements import Requirement
from ..model.types import Criterion, Option, Workspace


@dataclass(frozen=True)
class Result:
    """One option against one requirement."""

    option: str
    requirement: str
    passes: bool
    reason: str  # the judgement's rationale, or "scores 45 on X against a minimum of 40"
    evidence: tuple[str, ...] = ()
    threshold: bool = False
    could_change: bool = False  # threshold only: the score's low-high range holds the other result
    range_note: str = ""  # e.g. "passes at its score; could fail within its range (35-55)"


@dataclass(frozen=True)
class OptionScreen:
    """One option against every requirement, in the requirements' order."""

    option: str
    passes: bool
    results: tuple[Result, ...]
    failed: tuple[str, ...]  # ids of the requirements it fails
    could_change: bool  # its overall pass/fail could change within its scores' ranges


@dataclass(frozen=True)
class Screen:
    """The screen of every option: the short list and the reasons for each rejection."""

    requirements: tuple[str, ...]
    options: tuple[OptionScreen, ...]  # in the workspace's option order
    short_list: tuple[str, ...]  # options that pass every requirement, in option order
    screened_out: Mapping[str, tuple[str, ...]]  # option id -> the requirement ids it fails
    could_change: tuple[str, ...]  # options whose pass/fail could change within their ranges
    status_quo: tuple[str, ...] = ()  # the business-as-usual option(s), short-listed or not

    def option(self, oid: str) -> OptionScreen:
        for o in self.options:
            if o.option == oid:
                return o
        raise KeyError(oid)

    @property
    def benchmarked(self) -> tuple[str, ...]:
        """The short list plus any screened-out status-quo option, in option order: what the
        screen's summary lists.

        The Green Book keeps business as usual on the short list as a benchmark even when it
        fails the requirements; here it is screened out like any other option and not appraised
        (``options check`` says so), so the summary shows it as screened out.
        """
        keep = set(self.short_list) | set(self.status_quo)
        return tuple(o.option for o in self.options if o.option in keep)


# --- screening -------------------------------------------------------------------------------


def _threshold_result(option: Option, req: Requirement, crit: Criterion) -> Result:
    s = option.scores[crit.id]
    at_least = req.min is not None
    bound = req.min if at_least else req.max
    assert bound is not None  # the loader requires exactly one of min and max

    def ok(x: float) -> bool:
        return x >= bound if at_least else x <= bound

    word = "minimum" if at_least else "maximum"
    # the unfavourable and favourable ends of the plausible range
    worst, best = (s.low, s.high) if at_least else (s.high, s.low)
    passes, worst_ok, best_ok = ok(s.value), ok(worst), ok(best)
    span = f"({s.low:g}-{s.high:g})"
    note = ""
    if passes and not worst_ok:
        note = f"passes at its score; could fail within its range {span}"
    elif not passes and best_ok:
        note = f"fails at its score; could pass within its range {span}"
    return Result(
        option=option.id,
        requirement=req.id,
        passes=passes,
        reason=f"scores {s.value:g} on {crit.name} against a {word} of {bound:g}",
        evidence=s.evidence,
        threshold=True,
        could_change=bool(note),
        range_note=note,
    )


def _judged_result(option: Option, req: Requirement) -> Result:
    j = option.requirements[req.id]
    return Result(option.id, req.id, j.meets, j.rationale, j.evidence)


def screen(ws: Workspace) -> Screen:
    """Screen every option against every requirement (Green Book 2022, long list to short list).

    With no requirements every option passes and the short list is every option.
    """
    reqs = ws.requirements
    crits = {c.id: c for c in ws.criteria}
    rows = []
    for o in ws.options:
        results = tuple(
            _threshold_result(o, r, crits[r.criterion]) if r.threshold else _judged_result(o, r)
            for r in reqs
        )
        passes = all(r.passes for r in results)
        # best case: every threshold at the favourable end of its range; worst: the other end
        best = all(r.passes or r.could_change for r in results)
        worst = all(r.passes and not r.could_change for r in results)
        failed = tuple(r.requirement for r in results if not r.passes)
        rows.append(OptionScreen(o.id, passes, results, failed, best != worst))
    return Screen(
        requirements=tuple(r.id for r in reqs),
        options=tuple(rows),
        short_list=tuple(r.option for r in rows if r.passes),
        screened_out=MappingProxyType({r.option: r.failed for r in rows if not r.passes}),
        could_change=tuple(r.option for r in rows if r.could_change),
        status_quo=tuple(o.id for o in ws.options if o.status_quo),
    )


def restrict(ws: Workspace, option_ids: Iterable[str]) -> Workspace:
    """The workspace with only the given options (kept in the workspace's order).

    Used to appraise the short list. Criteria with relative anchors move when options are
    removed; ``options check`` reports that (moved-anchors).
    """
    keep = set(option_ids)
    unknown = keep - set(ws.option_ids)
    if unknown:
        raise KeyError(f"unknown option(s): {', '.join(sorted(unknown))}")
    return dataclasses.replace(ws, options=tuple(o for o in ws.options if o.id in keep))
