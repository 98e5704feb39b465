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
from ..model.toml import nth
from ..model.types import Stakeholder, Workspace
from ..present.words import possessive
from .value import DecisionMatrix, rank_options, weight_vector

CORRELATION_MIN_OPTIONS = 5  # with fewer points a high correlation is likely by chance alone
#: How certain a lead is when only the scores vary, in the words the paper uses (its Annex A):
#: the leader ahead in fewer than this share of score draws is "too close to call" ...
TOO_CLOSE_SCORES = 0.80
#: ... and in fewer than this share "close"; a finding is made below it.
CLOSE_SCORES = 0.95
NEAR_TIE_SHARE = CLOSE_SCORES

DCLG = "DCLG, Multi-criteria analysis: a manual (2009)"
GREEN_BOOK = "HM Treasury, The Green Book (2022)"
ORANGE_BOOK = "HM Treasury, The Orange Book: management of risk (2020)"
KEENEY = "Keeney, Value-Focused Thinking (1992)"
BELTON_STEWART = "Belton and Stewart, Multiple Criteria Decision Analysis (2002)"
#: The structure findings, in words: DCLG step 3 is met only when none of them is found.
STRUCTURE_CODES = {
    "correlated-criteria": "criteria that move together",
    "shared-evidence": "evidence scored under two criteria",
    "concern-imbalance": "a concern held by several criteria against one",
    "against-requirement": "a criterion against a must-meet requirement",
    "unmentioned-weight": "weight on criteria a party's record never mentions",
    "indistinguishable-stakeholders": "parties the record cannot tell apart",
}


@dataclass(frozen=True)
class Finding:
    code: str
    where: str
    message: str
    why: str
    reference: str
    plain: str = ""  # the finding in a sentence or two for the paper's main text, when it has one


def _and(items) -> str:
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


#: The criteria named in one option's finding of unevidenced scores; the rest are counted.
NAMED_SCORES = 8


def _unevidenced(ws: Workspace) -> list[Finding]:
    """One finding per option whose scores lack a rationale or evidence (3,000 options x 200
    criteria made 600,000 findings, one per score): the criteria named, up to
    :data:`NAMED_SCORES`, and counted."""
    out = []
    for o in ws.options:
        bare = []  # (criterion id, its name, what it lacks)
        for c in ws.criteria:
            s = o.scores[c.id]
            if not s.rationale or not s.evidence:
                missing = " and ".join(
                    k for k, v in (("rationale", s.rationale), ("evidence", s.evidence)) if not v
                )
                bare.append((c.id, c.name, missing))
        if not bare:
            continue
        if len(bare) == 1:
            cid, name, missing = bare[0]
            where, what = f"scores.{cid}", f"The score of {o.name} on {name} has no {missing}."
        else:
            named = [f"{name} (no {missing})" for _, name, missing in bare[:NAMED_SCORES]]
            if len(bare) > NAMED_SCORES:
                named.append(f"{len(bare) - NAMED_SCORES:,} more")
            where = f"scores ({len(bare):,} of {len(ws.criteria):,})"
            what = f"{len(bare):,} scores of {o.name} lack a rationale or evidence: {_and(named)}."
        out.append(
            Finding(
                "unevidenced-score",
                f"{_opt_file(o.id)}: {where}",
                what,
                "Every score should be tied to its evidence so it can be challenged.",
                f"{DCLG}, step 4; {GREEN_BOOK}: a transparent record of evidence.",
            )
        )
    return out


def _opt_file(oid: str) -> str:
    return f"options/{oid}.toml"


def lead_words(p_ahead: float) -> str:
    """How certain a lead is with the scores varied, in the paper's words: 'too close to call'
    when the runner-up comes out ahead in more than 1 draw in 5, 'close' in more than 1 in 20,
    else 'clear'."""
    if p_ahead < TOO_CLOSE_SCORES:
        return "too close to call"
    return "close" if p_ahead < CLOSE_SCORES else "clear"


def _close_leads(ws: Workspace, dm: DecisionMatrix, stakeholders, names) -> list[Finding]:
    """Each stakeholder's lead at its weights that plausible scores reverse too often to call
    clear, labelled as the paper labels it; over the long list when an option is screened out."""
    from .screening import screen
    from .smaa import lead_under_scores

    out = []
    gone = set(screen(ws).screened_out) if ws.requirements else set()
    for s in stakeholders:
        w = weight_vector(dm.criteria, s)
        rk = rank_options(dm, w, s.id)
        if len(rk.rows) < 2:
            continue
        a, b = rk.rows[0].option, rk.rows[1].option
        lead = lead_under_scores(dm.values, dm.lows, dm.highs, w, *map(dm.options.index, (a, b)))
        if lead.p_ahead >= NEAR_TIE_SHARE:
            continue
        scope = "Over the whole long list, for" if {a, b} & gone else "For"
        back = f"{100 * (1 - lead.p_ahead):.0f}% of draws"
        said = (
            f"and {names[b]} score the same, and plausible scores put the second ahead in {back}"
            if abs(lead.lead) < 0.05
            else f"leads {names[b]} by {lead.lead:.1f} points; plausible scores reverse them "
            f"in {back}"
        )
        out.append(
            Finding(
                "near-tie",
                s.path,
                f"{scope} {s.name}, {names[a]} {said}: {lead_words(lead.p_ahead)}, not clear.",
                "With the scores varied within their plausible ranges, a lead reversed in more "
                "than 1 draw in 20 is close, and in more than 1 in 5 too close to call; never "
                "present it as clear.",
                "Appraisal good practice: the certainty labels of the paper's Annex A.",
            )
        )
    return out


def check(ws: Workspace, dm: DecisionMatrix, stakeholders: Sequence[Stakeholder]) -> list[Finding]:
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
    out.extend(_close_leads(ws, dm, stakeholders, names))
    out.extend(structure_findings(ws, dm, stakeholders))
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
    out.extend(_unevidenced(ws))
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
    out.extend(case_findings(ws))
    out.extend(money_findings(ws))
    return out


def money_findings(ws: Workspace) -> list[Finding]:
    """A criterion that looks like money while options record [[costs]] too: the same money
    may be counted twice, in the value and beside it (HM Treasury, Green Book 2022, and its MCDA
    supplementary guidance, 2024: benefits appraised apart from costs, then set beside them)."""
    from ..model.costs import costs_recorded, money_criteria

    if not costs_recorded(ws.options):
        return []
    return [
        Finding(
            "money-twice",
            f"criteria.toml: criteria.{c.id}",
            f"{c.name} looks like money ({why}), and options record [[costs]] as well: money may "
            "be counted twice.",
            "Value for money sets each option's value beside its cost; a criterion that scores "
            "money puts cost inside the value too, so a cheaper option gains twice and `options "
            "value` sets cost beside a value that already holds it. Keep money in [[costs]] "
            "only; if the criterion judges something else (disruption, effort), name it so and "
            "write 'not money' in its description.",
            f"{GREEN_BOOK} and its MCDA supplementary guidance (2024): benefits from the value "
            "model, kept apart from costs.",
        )
        for c, why in money_criteria(ws.criteria)
    ]


def case_findings(ws: Workspace) -> list[Finding]:
    """The thin cases of the business case, and a long list not drawn across the options
    framework (HM Treasury, Green Book 2022 and Business Case Guidance 2018). Only once the
    workspace is at the short-list stage (requirements or a risk register) or records any case."""
    from ..model.cases import FRAMEWORK, TOPICS
    from .screening import screen

    cases = ws.cases
    started = cases is not None and (cases.workspace or cases.options or cases.framework)
    if not (started or ws.requirements or any(o.risk_register for o in ws.options)):
        return []
    if cases is None:
        from ..model.cases import Cases

        cases = Cases()
    short = tuple(screen(ws).short_list)
    out: list[Finding] = []
    where = {"strategic": "criteria.toml: appraisal.strategic"}
    for kind, topics in TOPICS.items():
        missing = cases.missing(kind, short)
        if not missing:
            continue
        names = [topics[t].lower() for t in missing]
        out.append(
            Finding(
                "thin-case",
                where.get(kind, f"criteria.toml: appraisal.{kind}, or options/<id>.toml: {kind}"),
                f"The {kind} case is thin: {_and(names)} "
                + ("are" if len(names) > 1 else "is")
                + " not recorded"
                + (" for every short-listed option." if kind != "strategic" else "."),
                "A business case the decision-maker can act on has all five cases; the paper says "
                "'not recorded' for each missing topic, and the decision needs them.",
                f"{GREEN_BOOK}; HM Treasury, Business Case Guidance (2018): the five cases.",
            )
        )
    fw = cases.framework
    if ws.options:
        unrecorded = [d for d in FRAMEWORK if not any(fw.get(o.id, {}).get(d) for o in ws.options)]
        if unrecorded:
            out.append(
                Finding(
                    "framework-gap",
                    "options/<id>.toml: framework",
                    f"No option records a choice of {_and(unrecorded)} in the options framework.",
                    "A long list is drawn across every dimension of the framework (scope, "
                    "solution, delivery, implementation, funding); a dimension no option varies "
                    "may hide options never considered.",
                    f"{GREEN_BOOK}: the options framework filter.",
                )
            )
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
                        f"{_opt_file(o.id)}: {nth('risk_register', i)}",
                        f"{names[o.id]}: high risk {r.id} (score {r.score}) has no "
                        f"{' and no '.join(missing)}.",
                        "A high risk needs a named owner and a mitigation, or an explicit decision "
                        "to tolerate it.",
                        f"{ORANGE_BOOK}: risk ownership and treatment.",
                    )
                )
    return out


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def structure_findings(
    ws: Workspace, dm: DecisionMatrix, stakeholders: Sequence[Stakeholder]
) -> list[Finding]:
    """How the criteria are cut and what the record says of them (methods/structure.py): criteria
    that move together, evidence scored twice, a concern held by several criteria against one,
    a criterion against a requirement, weight the record never speaks to, and stakeholders the
    record cannot tell apart."""
    from .screening import screen

    appraised = screen(ws).short_list if ws.requirements else ws.option_ids
    rows = [dm.options.index(o) for o in appraised if o in dm.options]
    return [
        *_correlation_findings(ws, dm, rows),
        *_shared_evidence_findings(ws),
        *_requirement_findings(ws, dm),
        *_unmentioned_findings(ws, dm, rows, stakeholders),
        *_indistinguishable_findings(dm, stakeholders),
    ]


def _correlation_findings(ws: Workspace, dm: DecisionMatrix, rows: list[int]) -> list[Finding]:
    from . import structure as st

    m = len(dm.options)
    if m < CORRELATION_MIN_OPTIONS:
        return []
    limit = st.correlation_limit(m)
    crit = {c.id: c.name for c in ws.criteria}
    name = [crit[c] for c in dm.criteria]
    onames = {o.id: o.name for o in ws.options}
    stated = (
        f"the limit is r = {limit:.2f} across {m} options: the larger of {st.STRONG} and the "
        f"value chance alone exceeds in {_pct(st.SIGNIFICANCE)} of cases with {m} options"
    )
    pairs = st.correlated_pairs(dm.values, limit)
    out = []
    for g in st.clusters(len(dm.criteria), pairs):
        within = [(p, q, r) for p, q, r in pairs if p in g]
        out.append(
            Finding(
                "correlated-criteria",
                "criteria.toml",
                f"{', '.join(name[j] for j in g[:-1])} and {name[g[-1]]} move together across "
                "the options: "
                + "; ".join(f"{name[p]} with {name[q]} r = {r:.2f}" for p, q, r in within)
                + f" (Pearson r; {stated}).",
                "Criteria that rise and fall together may measure one concern several times "
                "(double counting): it then gets several criteria's weight. Merge them, put them "
                "under one objective, or say why they are different concerns.",
                f"{DCLG}, step 3 (redundancy, double counting); {KEENEY}, ch. 3.",
            )
        )
    appraised = dm.values[rows] if len(rows) >= 2 else None
    if appraised is None:
        return out
    for im in st.imbalances(dm.values, limit, appraised):
        group = [name[j] for j in im.cluster]
        against = " and ".join(f"{name[j]} (r = {r:.2f} with their mean)" for j, r in im.against)
        one = " and ".join(name[j] for j, _ in im.against)
        opts = [dm.options[i] for i in rows]
        lead = int(np.argmax(im.flat))
        moved = ", ".join(
            f"{onames[o]} {_pct(a)} -> {_pct(b)}"
            for o, a, b in zip(opts, im.flat, im.merged, strict=True)
            if round(100 * a) or round(100 * b)
        )
        n = len(dm.criteria)
        tree = ""
        if not ws.tree.flat and tuple(ws.tree.criteria) == tuple(dm.criteria):
            from .tree import sample_weights

            shares = st.no_information_shares(
                dm.values[rows], sample=lambda rng, k: sample_weights(ws.tree, rng, k)
            )
            tree = (
                " Under this workspace's value tree (uniform at each node, so each objective has "
                "the same prior): "
                + ", ".join(
                    f"{onames[o]} {_pct(x)}"
                    for o, x in zip(opts, shares, strict=True)
                    if round(100 * x)
                )
                + "."
            )
        plain = _imbalance_plain(ws, group, opts, im)
        out.append(
            Finding(
                "concern-imbalance",
                "criteria.toml",
                f"{len(group)} criteria move together ({', '.join(group)}) and against "
                f"{against}. With no preference information over a flat list each criterion "
                f"gets the same prior weight, so this concern gets {len(group)}/{n} of it and "
                f"{one} 1/{n}"
                + (" each. " if len(im.against) > 1 else ". ")
                + "First places under uniform weights, at the stated scores, as cut"
                f" -> with the {len(group)} merged into one (their mean):"
                f" {moved}; {onames[opts[lead]]} leads as cut." + tree,
                "How the criteria are cut decides the no-preference result: a concern held by "
                "several criteria outweighs one held by one. Group them under one objective (a "
                "value tree), so that each concern is weighed once, at its own level.",
                f"{BELTON_STEWART}, ch. 3 (value trees); {DCLG}, step 3 (double counting).",
                plain,
            )
        )
    return out


_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _imbalance_plain(ws: Workspace, group: list[str], opts: list[str], im) -> str:
    """The imbalance in plain words: which criteria may count one concern more than once, and
    how the first places with no view on the weights move when they are merged."""
    number = {o.id: o.number for o in ws.options}

    def opt(o: str) -> str:
        return f"option {number[o]}" if number.get(o) is not None else names_of(ws)[o]

    k = len(group)
    count = _SMALL[k] if k < len(_SMALL) else str(k)
    crit = _and([g[:1].lower() + g[1:] if not g[:2].isupper() else g for g in group])
    a, b = int(np.argmax(im.flat)), int(np.argmax(im.merged))
    first = (
        f"{count.capitalize()} criteria move together across the options and may count one "
        f"concern more than once: {crit}."
    )
    cut = f"With no view on the weights, {opt(opts[a])} comes first in {_pct(im.flat[a])} of draws"
    if a == b:
        second = (
            f"{cut} as the criteria are cut, and in {_pct(im.merged[b])} with the {count} merged."
        )
    else:
        second = (
            f"{cut} as the criteria are cut; with the {count} merged, {opt(opts[b])} comes first "
            f"instead, in {_pct(im.merged[b])}."
        )
    return f"{first} {second}"


def names_of(ws: Workspace) -> dict[str, str]:
    return {o.id: o.name for o in ws.options}


def _shared_evidence_findings(ws: Workspace) -> list[Finding]:
    from . import structure as st

    crit = {c.id: c.name for c in ws.criteria}
    out = []
    for o in ws.options:
        for i, s in enumerate((*o.benefits, *o.risks)):
            if len(s.criteria) > 1:
                kind, k = ("benefits", i) if i < len(o.benefits) else ("risks", i - len(o.benefits))
                out.append(
                    Finding(
                        "shared-evidence",
                        f"{_opt_file(o.id)}: {nth(kind, k)}",
                        f"{o.name}: '{s.text}' is scored under "
                        + " and ".join(crit.get(c, c) for c in s.criteria)
                        + ".",
                        "One fact scored under two criteria is counted twice, unless the file "
                        "argues that it has two separate effects.",
                        f"{DCLG}, step 3 (double counting).",
                    )
                )
        ev = {c.id: o.scores[c.id].evidence for c in ws.criteria if c.id in o.scores}
        for a, b, phrase in st.shared_phrases(ev):
            out.append(
                Finding(
                    "shared-evidence",
                    f"{_opt_file(o.id)}: scores.{a}, scores.{b}",
                    f"{o.name}: the evidence for {crit[a]} and for {crit[b]} quotes the same "
                    f"phrase ('{phrase}').",
                    "The same evidence behind two scores counts one fact twice, unless it bears "
                    "on each for a different reason; say which.",
                    f"{DCLG}, step 3 (double counting).",
                )
            )
    return out


def _requirement_findings(ws: Workspace, dm: DecisionMatrix) -> list[Finding]:
    from . import structure as st
    from .screening import screen

    if not ws.requirements:
        return []
    sc = screen(ws)
    crit = {c.id: c for c in ws.criteria}
    out = []
    for req in ws.requirements:
        if req.threshold:
            c = crit.get(req.criterion or "")
            if c is not None and req.max is not None and c.direction != "cost":
                out.append(
                    Finding(
                        "against-requirement",
                        f"criteria.toml: requirements.{req.id}",
                        f"{req.name} caps {c.name} at {req.max:g}, but higher is better on it.",
                        "A must-meet requirement that caps a benefit rewards, in the weighing, "
                        "what the requirement rules out.",
                        f"{KEENEY}, ch. 3 (a constraint is not also an objective).",
                    )
                )
            continue
        meets = [
            next(r.passes for r in sc.option(o).results if r.requirement == req.id)
            for o in dm.options
        ]
        for j, hi_ok, lo_fail in st.works_against(dm.values, meets):
            c = crit[dm.criteria[j]]
            out.append(
                Finding(
                    "against-requirement",
                    f"criteria.toml: criteria.{c.id}",
                    f"{c.name} works against the requirement '{req.name}': every option that "
                    f"meets it scores at most {hi_ok:.0f} on it, every option that fails it at "
                    f"least {lo_fail:.0f}.",
                    "Weighing this criterion rewards what the must-meet requirement rules out, "
                    "and under no preference information it counts against the short list. "
                    "Reverse or redefine it, or leave it out if it only restates the requirement.",
                    f"{KEENEY}, ch. 3 (a constraint is not also an objective); {DCLG}, step 3.",
                )
            )
    return out


def _unmentioned_findings(
    ws: Workspace, dm: DecisionMatrix, rows: list[int], stakeholders: Sequence[Stakeholder]
) -> list[Finding]:
    from . import structure as st

    if len(rows) < 2:
        return []
    crit = {c.id: c.name for c in ws.criteria}
    names = {o.id: o.name for o in ws.options}
    X = dm.values[rows]
    out = []
    for s in stakeholders:
        if not s.inferred or not s.statements:
            continue
        said = st.mentioned_criteria(s.statements, dm.criteria)
        if not said or len(said) == len(dm.criteria):
            continue
        w = weight_vector(dm.criteria, s)
        split = st.lead_split(X, w, [dm.criteria.index(c) for c in said])
        if split is None or split.lead <= 1e-9 or split.unmentioned <= split.lead / 2:
            continue
        a, b = dm.options[rows[split.leader]], dm.options[rows[split.runner_up]]
        never = [crit[c] for c in dm.criteria if c not in said]
        out.append(
            Finding(
                "unmentioned-weight",
                s.path,
                f"{possessive(s.name)} record speaks only to "
                + ", ".join(crit[c] for c in dm.criteria if c in said)
                + f". At its inferred weights {names[a]} leads {names[b]} by {split.lead:.1f} "
                f"points, of which {split.unmentioned:.1f} ({_pct(split.unmentioned / split.lead)}"
                f") comes from criteria its record never mentions ({', '.join(never)}).",
                "Inferred weights on criteria the record is silent on are the method's filling, "
                "not the stakeholder's view; a lead that rests on them is not the stakeholder's "
                "preference. Report what the record settles, or ask.",
                f"{BELTON_STEWART}, ch. 5 (weights are elicited, not assumed); {KEENEY}, ch. 3.",
            )
        )
    return out


def _indistinguishable_findings(
    dm: DecisionMatrix, stakeholders: Sequence[Stakeholder]
) -> list[Finding]:
    from . import structure as st

    sts = [s for s in stakeholders if s.inferred and s.statements]
    ws_ = [weight_vector(dm.criteria, s) for s in sts]
    return [
        Finding(
            "indistinguishable-stakeholders",
            f"{sts[i].path}, {sts[j].path}",
            f"{sts[i].name} and {sts[j].name} have the same inferred weights: their statements "
            "do not tell them apart.",
            "Two parties the record cannot tell apart are one point of view counted twice, or "
            "the record lacks what makes them differ; find it, or say they are one view.",
            f"{BELTON_STEWART}, ch. 9 (stakeholders' distinct values); {DCLG}, step 1.",
            f"{sts[i].name.split(' (', 1)[0]} and {sts[j].name.split(' (', 1)[0]} have the same "
            "weights, as their records cannot be told apart, so a result across the parties "
            "counts that view twice.",
        )
        for i, j in st.same_weights(ws_)
    ]
