"""A methodology linter: known mistakes in multi-criteria appraisal that a tool can catch.

Each finding says what is wrong, where, why it matters and where the advice comes from. They are
warnings: the appraisal still runs. References are to the DCLG multi-criteria analysis manual
(2009), HM Treasury's Green Book (2022) and its MCDA supplement (2024), as summarised in
shared/reference/appraisal-conventions.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model.load import unmapped_statements
from ..model.scaffold import placeholders
from ..model.types import Stakeholder, Workspace
from ..present.words import possessive
from .value import DecisionMatrix, rank_options, weight_vector

CORRELATION_LIMIT = 0.95
CORRELATION_MIN_OPTIONS = 5  # with fewer points a high correlation is likely by chance alone
NEAR_TIE_SHARE = 0.95

DCLG = "DCLG, Multi-criteria analysis: a manual (2009)"
GREEN_BOOK = "HM Treasury, The Green Book (2022)"
ORANGE_BOOK = "HM Treasury, The Orange Book: management of risk (2020)"


@dataclass(frozen=True)
class Finding:
    code: str
    where: str
    message: str
    why: str
    reference: str


def _and(items) -> str:
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _opt_file(oid: str) -> str:
    return f"options/{oid}.toml"


def check(ws: Workspace, dm: DecisionMatrix, stakeholders: Sequence[Stakeholder]) -> list[Finding]:
    from .smaa import lead_under_scores

    out: list[Finding] = []
    names = {o.id: o.name for o in ws.options}
    if not any(o.status_quo for o in ws.options):
        out.append(
            Finding(
                "no-status-quo",
                "options/",
                "No option is marked as business as usual (status_quo = true).",
                "Every option should be judged against what happens if nothing changes; without it a "
                "weak option can look good.",
                f"{GREEN_BOOK}: the short list holds business as usual; {DCLG}, step 2.",
            )
        )
    X = dm.values
    for a in range(len(dm.options)):
        for b in range(len(dm.options)):
            if a != b and (X[b] >= X[a]).all() and (X[b] > X[a]).any():
                out.append(
                    Finding(
                        "dominated",
                        _opt_file(dm.options[a]),
                        f"{names[dm.options[a]]} is dominated: {names[dm.options[b]]} is at least as "
                        "good on every criterion and better on one.",
                        "No weighting can rank it above the option that dominates it; keep it only to "
                        "show why it was rejected.",
                        f"{DCLG}, step 4 (dominance).",
                    )
                )
                break
    for s in stakeholders:
        w = weight_vector(dm.criteria, s)
        rk = rank_options(dm, w, s.id)
        if len(rk.rows) < 2:
            continue
        i, j = dm.options.index(rk.rows[0].option), dm.options.index(rk.rows[1].option)
        lead = lead_under_scores(dm.values, dm.lows, dm.highs, w, i, j)
        if lead.p_ahead < NEAR_TIE_SHARE:
            out.append(
                Finding(
                    "near-tie",
                    s.path,
                    f"For {s.name}, {names[rk.rows[0].option]} "
                    + (
                        f"and {names[rk.rows[1].option]} score the same, and plausible scores "
                        f"put the second ahead in {100 * (1 - lead.p_ahead):.0f}% of draws."
                        if abs(lead.lead) < 0.05
                        else f"leads {names[rk.rows[1].option]} by {lead.lead:.1f} points, but "
                        f"plausible scores reverse them in {100 * (1 - lead.p_ahead):.0f}% of "
                        "draws."
                    ),
                    "A lead smaller than the score ranges allow is a near tie, not a clear win.",
                    "Appraisal good practice: never present a near tie as a clear win.",
                )
            )
    if len(dm.options) >= CORRELATION_MIN_OPTIONS:
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.corrcoef(X.T)
        for p in range(len(dm.criteria)):
            for q in range(p + 1, len(dm.criteria)):
                if abs(r[p, q]) >= CORRELATION_LIMIT:
                    cp, cq = ws.criteria[p], ws.criteria[q]
                    out.append(
                        Finding(
                            "correlated-criteria",
                            "criteria.toml",
                            f"{cp.name} and {cq.name} move together across the options "
                            f"(correlation {r[p, q]:+.2f}).",
                            "Two criteria that measure the same thing count it twice (double "
                            "counting); merge them or check they are preference-independent.",
                            f"{DCLG}, step 3 (double counting, redundancy).",
                        )
                    )
    for p in unmapped_statements(ws):
        out.append(
            Finding(
                "unmapped",
                f"{p.file}: {p.field}",
                p.message,
                "A benefit or risk scored under no criterion is either missing from the criteria or "
                "not a real consideration.",
                f"{DCLG}, step 3 (completeness).",
            )
        )
    for o in ws.options:
        for c in ws.criteria:
            s = o.scores[c.id]
            if not s.rationale or not s.evidence:
                missing = " and ".join(
                    k for k, v in (("rationale", s.rationale), ("evidence", s.evidence)) if not v
                )
                out.append(
                    Finding(
                        "unevidenced-score",
                        f"{_opt_file(o.id)}: scores.{c.id}",
                        f"The score of {o.name} on {c.name} has no {missing}.",
                        "Every score should be tied to its evidence so it can be challenged.",
                        f"{DCLG}, step 4; {GREEN_BOOK}: a transparent record of evidence.",
                    )
                )
    for file, fields in placeholders(ws, stakeholders).items():
        more = f" and {len(fields) - 1} more" if len(fields) > 1 else ""
        out.append(
            Finding(
                "placeholder",
                f"{file}: {fields[0][0]}{more}",
                f"Still the example text that options init wrote: {_and(w for _, w in fields)}.",
                "A paper built on example text states a decision, context and evidence that no "
                "one has given; replace each with the appraisal's own.",
                f"{DCLG}, step 4; {GREEN_BOOK}: a transparent record of evidence.",
            )
        )
    for s in stakeholders:
        if not s.rationale.strip():
            out.append(
                Finding(
                    "no-weight-rationale",
                    s.path,
                    f"{possessive(s.name)} weights have no rationale.",
                    "Weights are judgements; say whose, and on what basis, or they cannot be tested.",
                    f"{DCLG}, step 5; good practice: give the reason for every weight.",
                )
            )
    for j, c in enumerate(ws.criteria):
        if c.anchors == "relative":
            lo, hi = float(X[:, j].min()), float(X[:, j].max())
            if abs(lo) > 1e-9 or abs(hi - 100) > 1e-9:
                out.append(
                    Finding(
                        "moved-anchors",
                        f"criteria.toml: criteria.{c.id}",
                        f"{c.name} uses relative anchors, but the options now span "
                        f"{lo:.0f}-{hi:.0f} of 100, not 0-100: an option was added or removed.",
                        "Swing weights refer to the distance between the anchors; when the anchors "
                        "move, the weights must be revisited or the ranking can reverse.",
                        f"{DCLG}, steps 4-5 (relative scaling and swing weights).",
                    )
                )
    out.extend(short_list_findings(ws))
    return out


def short_list_findings(ws: Workspace) -> list[Finding]:
    """The short list and its risk registers: Green Book (2022) options framework, Orange Book."""
    from ..model.risks import HIGH_FROM
    from .screening import screen

    out: list[Finding] = []
    names = {o.id: o.name for o in ws.options}
    sc = screen(ws)
    short = set(sc.short_list)
    if ws.requirements and sc.status_quo and not short & set(sc.status_quo):
        out.append(
            Finding(
                "short-list-no-status-quo",
                "criteria.toml: requirements",
                f"Business as usual ({', '.join(names[o] for o in sc.status_quo)}) fails the "
                "requirements and is not on the short list.",
                "The short list keeps business as usual (or a do-minimum) as the benchmark every "
                "other option is measured against, even when it is not viable.",
                f"{GREEN_BOOK}: the short list holds business as usual and a do-minimum.",
            )
        )
    if not short - set(sc.status_quo):
        out.append(
            Finding(
                "short-list-no-alternative",
                "criteria.toml: requirements" if ws.requirements else "options/",
                "No option other than business as usual passes the requirements.",
                "With nothing to compare against business as usual there is no choice to appraise; "
                "review the requirements or widen the long list.",
                f"{GREEN_BOOK}: the short list holds at least one viable alternative.",
            )
        )
    for oid, failed in sc.screened_out.items():
        results = [r for r in sc.option(oid).results if not r.passes]
        if not any(r.threshold or r.reason.strip() for r in results):
            out.append(
                Finding(
                    "unrecorded-rejection",
                    f"{_opt_file(oid)}: requirements",
                    f"{names[oid]} is screened out (fails {', '.join(failed)}) with no rationale "
                    "recorded for any failed requirement.",
                    "The reason for every rejected option must be on the record so the short "
                    "list can be challenged.",
                    f"{GREEN_BOOK}: record why each long-list option was rejected.",
                )
            )
    # Only once the workspace is at the short-list stage: it has requirements or any register.
    if ws.requirements or any(o.risk_register for o in ws.options):
        for oid in sc.short_list:
            if not ws.option(oid).risk_register:
                out.append(
                    Finding(
                        "no-risk-register",
                        _opt_file(oid),
                        f"{names[oid]} is on the short list but has no risk register.",
                        "Each short-listed option needs its risks assessed (likelihood, impact, "
                        "mitigation, owner) before one is chosen.",
                        f"{GREEN_BOOK}: risk assessment of the short list; {ORANGE_BOOK}.",
                    )
                )
    for o in ws.options:
        for i, r in enumerate(o.risk_register):
            missing = [k for k in ("mitigation", "owner") if not getattr(r, k).strip()]
            if r.score >= HIGH_FROM and missing:
                out.append(
                    Finding(
                        "high-risk-unmanaged",
                        f"{_opt_file(o.id)}: risk_register[{i}]",
                        f"{names[o.id]}: high risk {r.id} (score {r.score}) has no "
                        f"{' and no '.join(missing)}.",
                        "A high risk needs a named owner and a mitigation, or an explicit decision "
                        "to tolerate it.",
                        f"{ORANGE_BOOK}: risk ownership and treatment.",
                    )
                )
    return out
