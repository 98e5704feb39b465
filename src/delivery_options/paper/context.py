"""The paper's context: everything the paper and the submission show, from the core's results.

Nothing here computes a result: it calls the core (:class:`~delivery_options.appraisal.Appraisal`)
and the narrative, and arranges what comes back for the documents and templates. The charts and
their readings are :mod:`.figures`; rendering and writing the files, :mod:`.render`.
"""

from __future__ import annotations

import datetime as dt
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .. import __version__
from ..methods.check import STRUCTURE_CODES
from ..model.types import Workspace
from . import fmt
from .figures import paper_figures
from .sandbox import workspace_templates

if TYPE_CHECKING:
    from ..appraisal import Appraisal

NOT_STATED = "not stated"


@dataclass(frozen=True)
class Settings:
    stakeholder: str
    compare: tuple[str, ...] = ()  # empty: every weights file
    samples: int | None = None
    seed: int = 0
    date: str | None = None  # None: the workspace's date; "today": the clock
    kind: str = "paper"  # "paper" (the full options paper) or "submission" (two pages)
    png: bool = False  # draw the charts as PNG too (for Word)


def _audited(root: Path, inputs: list[tuple[str, Path]]) -> list[tuple[str, str]]:
    """Each input's SHA-256, of the bytes this run read and used (a file it has not read yet is
    read now, once, through the same checks)."""
    from ..files import digest, read_input

    out = []
    for shown, p in inputs:
        if digest(p) is None:
            read_input(p, shown, root)
        out.append((shown, digest(p)))
    return out


def build_context(app: Appraisal, settings: Settings, progress=None) -> dict:
    """Everything the paper shows, from the core's results; the readings of every chart and
    table are computed here from the numbers shown beside them."""
    from ..results.screened import screened_out
    from . import compose, economic, submission
    from .narrative import accepts, build, stated_below, whose

    say = progress or (lambda stage: None)
    ws = app.workspace
    long = app.long_list
    st = app.stakeholder(settings.stakeholder)
    others = app.stakeholders(settings.compare or None)
    if st.id not in {s.id for s in others}:
        others = (st, *others)
    crit = {c.id: c for c in ws.criteria}
    opts = {o.id: o for o in long.options}

    def label(oid: str) -> str:
        o = opts[oid]
        return f"option {o.number} ({o.name})" if o.number is not None else o.name

    def short(oid: str) -> str:
        o = opts[oid]
        return f"Option {o.number}" if o.number is not None else o.name

    basis = compose.basis_of(st)
    say("ranking the short list")
    ranked = app.rank(st)
    ranking = ranked.ranking
    say("testing the weights and scores")
    sens = app.sensitivity(st)
    sa = sens.analysis
    say("comparing the stakeholders")
    compared = app.compare(others)
    con = compared.consensus
    say("varying weights and scores together")
    smaa = app.smaa(st, samples=settings.samples, seed=settings.seed)
    smaa_res = smaa.result
    lead = app.lead(st, seed=settings.seed)
    leader = ranking.rows[0].option
    names = {s.id: s.name for s in others}
    fav_ids = compared.favourites()  # only where a party's record settles its first choice
    favourites = {names[k]: v for k, v in fav_ids.items()}
    open_records = {names[x.stakeholder]: x.shares for x in compared.settled if not x.settled}
    dm = app.matrix
    by_name = {s.name: s for s in others}

    def stated(first: dict[str, tuple[str, ...]], options) -> set[str]:
        """The parties whose settled first choice their own statements already give: an input,
        never to be reported as a finding."""
        return {
            p
            for p, f in first.items()
            if f and stated_below(tuple(getattr(by_name[p], "statements", ()) or ()), options, f)
        }

    def score_words(o: str, c: str, x: float) -> str:
        return fmt.raw(crit[c], x)

    def brief(oid: str) -> str:  # the submission names each option once, then by number
        o = opts[oid]
        return f"option {o.number}" if o.number is not None else o.name

    long_first: dict[str, tuple[str, ...]] = {}
    if app.screened_out and settings.kind == "paper":  # the submission does not show it
        every = type(app)(long, app.defaults, all_options=True)
        long_first = {s.name: f for s in others if (f := every.settled_first(s))}
    from ..model.scaffold import placeholders

    examples = tuple(placeholders(long, others))  # files still holding init's example text
    story = build(
        placeholders=examples,
        option_label=label if settings.kind == "paper" else brief,
        crit_name=lambda c: crit[c].name.lower() if c in crit else c,
        stakeholder=st.name,
        ranking=ranking,
        lead_scores=lead,
        sensitivity=sa,
        smaa_first=smaa.first(leader),
        smaa_samples=smaa_res.samples,
        favourites=favourites,
        minimax=con.minimax_regret,
        common_ground=con.common_ground.feasible,
        weight_words=lambda a, b: weight_change_words(ws, a, b),
        basis=basis,
        score_words=score_words,
        switch_words=lambda o, c, x: fmt.raw_finer(crit[c], x),
        party_bases={s.name: compose.basis_of(s) for s in others},
        long_favourites=long_first,
        # the submission names each rejected option's failed requirements once, in its background
        screened={
            x.option: x.failed_names if settings.kind == "paper" else ()
            for x in app.screened_out or ()
        },
        open_records=open_records,
        option_brief=brief,
        stated=stated(favourites, dm.options),
        long_stated=stated(long_first, long.option_ids),
        positions={
            s.name: tuple(f"{x.said[:1].lower()}{x.said[1:].rstrip('.')} ({x.source})" for x in ps)
            for s in others
            if (ps := getattr(s, "positions", ()))
        },
    )

    w0 = app.weights(st)
    order = [r.option for r in ranking.rows]
    crit_labels = [c.name for c in ws.criteria]
    contrib = np.array([[ranking.row(o).contributions[c] for c in dm.criteria] for o in order])
    say("drawing the charts")
    # the criterion the text names as the largest reason for the ranking keeps its own column
    why = story.head_to_head.largest_reason() if story.head_to_head else None
    named = [list(dm.criteria).index(why)] if why in dm.criteria else []
    figures, figure_cuts = paper_figures(
        ws, order, short, label, crit_labels, contrib, sa, dm, w0, smaa, st, basis, settings, named
    )

    date = settings.date or ws.date
    if date == "today":
        date = dt.date.today().isoformat()
    templates = workspace_templates(ws.root)
    inputs = _inputs(long, others)
    audit_files = _audited(ws.root, inputs)

    rec = opts[leader]
    # the leader's scores whose plausible range moves its overall score most: the range's width
    # on the 0-100 value scale (comparable across criteria, unlike raw units) times the weight
    li = dm.options.index(leader)
    swing = (dm.highs[li] - dm.lows[li]) * w0
    widest = [
        ws.criteria[j].id
        for j in sorted(range(len(ws.criteria)), key=lambda j: (-swing[j], j))[:3]
        if swing[j] > 0
    ]
    d = long.decision
    meta = {
        "organisation": long.organisation or NOT_STATED,
        "author": long.author or NOT_STATED,
        "version": long.version or NOT_STATED,
        "marking": long.marking or "",
    }
    decision = {  # a field not recorded is empty: the paper leaves out what it would say
        "sought": d.sought or "",  # never the question again: not recorded is said so
        "by": d.by or "",
        "maker": d.maker or "",
    }
    cover = (
        ("Organisation", meta["organisation"]),
        ("Author", meta["author"]),
        ("Date", fmt.uk_date(date) if date else NOT_STATED),
        ("Version", meta["version"]),
        ("Protective marking", meta["marking"] or NOT_STATED),
    )
    say("checking the method and the risks")
    findings = app.check().findings
    screen = app.screen() if long.requirements else None
    ctx = {
        "placeholders": examples,
        "version": __version__,
        "kind": settings.kind,
        "ws": ws,
        "long_list": long,
        "screen": screen,
        "screened_out": screened_out(long, screen.screen) if screen else (),
        "risks": app.risks(),
        "weight_ranges": _weight_ranges(app, others),
        "weight_ranges_cut": len(long.options) > RANGE_OPTIONS,
        "date": fmt.uk_date(date) if date else date,  # as prose shows it: "26 April 2016"
        "date_iso": date,  # as machines read it: the PDF's and Word's timestamps
        "meta": meta,
        "decision": decision,
        "cover": cover,
        "stakeholder": st,
        "stakeholders": others,
        "narrative": story,
        "accepts": accepts(st.name, basis),
        "weights_by": whose(st.name, basis),
        "leader": rec,
        "label": label,
        "short": short,
        "criteria": ws.criteria,
        "options": ws.options,
        "ranking": ranking,
        "ranked": ranked,
        "weights_pct": {s.id: {c: 100 * s.weights[c] for c in dm.criteria} for s in others},
        "figures": figures,
        "figure_cuts": figure_cuts,  # what the charts leave out, said in their tables' notes
        "charts": figures,
        "sensitivity": sa,
        "sensitivity_tables": sens.tables(),
        "compared": compared,
        "compare_tables": compared.tables(),
        "consensus": con,
        "consensus_data": compared.document(),
        "favourites_by_id": fav_ids,
        "record_words": compared.record_words(short),
        "long_favourites": long_first,  # stakeholder name -> first over the whole long list
        "stated_first": stated(favourites, dm.options),  # names: a first choice stated, an input
        "long_stated_first": stated(long_first, long.option_ids),
        "smaa": smaa_res,
        "smaa_order": smaa.order(),
        "lead": lead,
        "evidence_notes": list(story.evidence),
        "widest": [(crit[c].name, rec.scores[c], crit[c]) for c in widest],
        "swing": swing_rated(others),
        "dclg": _dclg_steps(long, ws, others, findings),
        "findings": findings,
        "value_for_money": economic.prepare(app, st, settings.png),
        "workspace_templates": templates,
        "inputs": inputs,
        "audit": {
            "files": audit_files,
            "solver": app.solver_name,
            "seed": settings.seed,
            "samples": smaa_res.samples,
            "python": platform.python_version(),
            "versions": _versions(),
        },
    }
    say("composing the " + settings.kind)
    ctx["doc"] = (submission.submission if settings.kind == "submission" else compose.paper)(ctx)

    return ctx


RANGE_OPTIONS = 60  # above this many options the paper leaves weight ranges to `options infer`


def _weight_ranges(app: Appraisal, sts) -> dict[str, dict[str, tuple[float, float]]]:
    """Each weight's range over the weights that fit a stakeholder's statements (robust ordinal
    regression, Greco, Mousseau & Slowinski 2008), for stakeholders with statements in use."""
    if len(app.long_list.options) > RANGE_OPTIONS:
        return {}
    ranges = {s.id: app.weight_ranges(s) for s in sts}
    return {k: r for k, r in ranges.items() if r is not None}


def weight_change_words(ws: Workspace, before: np.ndarray, after: np.ndarray) -> str:
    """'move 4.5 points of weight from A (3.0 points) and B (1.5 points) to C', without signs:
    a side with one criterion is only named; the parts are rounded so that each side adds up to
    the points moved."""
    delta = after - before
    moved = float(delta[delta > 0].sum())
    if moved < 5e-4:
        return "no change: the two are already level"
    shown = fmt.apportion([100 * float(x) for x in delta])

    def names(sign: int) -> str:
        idx = [j for j in range(len(delta)) if sign * shown[j] > 0]
        idx.sort(key=lambda j: (-abs(shown[j]), j))
        if len(idx) == 1:
            return ws.criteria[idx[0]].name.lower()
        return fmt.join_words(
            [f"{ws.criteria[j].name.lower()} ({abs(shown[j]):.1f} points)" for j in idx]
        )

    total = sum(x for x in shown if x > 0)
    return f"move {total:.1f} points of weight from {names(-1)} to {names(1)}"


def _inputs(ws: Workspace, stakeholders) -> list[tuple[str, Path]]:
    """Every file the paper rests on: criteria, options, each stakeholder's weights file
    wherever it lives, and every template of the workspace's own ``templates/`` folder."""
    root = ws.root
    files = [("criteria.toml", root / "criteria.toml")]
    files += [(f"options/{o.id}.toml", root / "options" / f"{o.id}.toml") for o in ws.options]
    for s in stakeholders:
        p = Path(s.path)
        files.append((s.path, p if p.is_absolute() else root / p))
    tdir = root / "templates"
    if tdir.is_dir():
        files += [
            (p.relative_to(root).as_posix(), p) for p in sorted(tdir.rglob("*")) if p.is_file()
        ]
    return files


def _versions() -> list[tuple[str, str]]:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for pkg in ("numpy", "PuLP", "highspy", "Jinja2", "matplotlib", "WeasyPrint", "python-docx"):
        try:
            out.append((pkg, version(pkg)))
        except PackageNotFoundError:
            out.append((pkg, "not installed"))
    return out


def swing_rated(sts) -> tuple:
    """The stakeholders whose weights rest on swing ratings: whose statements in use include
    one (``model.statements.Swing``)."""
    from ..model.statements import Swing

    return tuple(
        s
        for s in sts
        if any(isinstance(x, Swing) and getattr(x, "use", True) for x in s.statements or ())
    )


def _swing_step(swing, sts) -> str:
    """DCLG step 5 in words: whose weights rest on swing ratings, and how they came about."""
    from .compose import basis_of
    from .narrative import the

    how = {
        "modelled": "modelled from the record",
        "elicited": "elicited from the party",
        "stated": "stated by or for the party",
        "inferred": "inferred from what the party said",
    }
    if not swing:
        return (
            "No party's weights rest on swing ratings: they are "
            + fmt.join_words(sorted({basis_of(s) for s in sts}), "or")
            + ", each with its reasons (section 6)."
        )
    said = fmt.join_words([the(s.name) for s in swing])
    bases = sorted({basis_of(s) for s in swing})
    text = (
        f"Swing ratings underlie the weights of {said} ("
        + fmt.join_words([how.get(b, b) for b in bases], "or")
        + ", section 6)"
    )
    rest = [s for s in sts if s not in swing]
    if rest:
        text += (
            f"; those of {fmt.join_words([the(s.name) for s in rest])} rest on other readings, "
            "not swing ratings"
        )
    return text + "."


def _dclg_steps(long: Workspace, ws: Workspace, sts, findings) -> list[tuple[str, str, str]]:
    """The eight steps of the DCLG multi-criteria manual: a step is "met" only when the
    workspace shows it, "partly met" when it shows some of it, else "not met"."""
    codes = {f.code for f in findings}
    n_stmt = sum(len(o.benefits) + len(o.risks) for o in ws.options)
    mapped = sum(1 for o in ws.options for s in (*o.benefits, *o.risks) if s.criteria)
    scores = [s for o in ws.options for s in o.scores.values()]
    evidenced = sum(1 for s in scores if s.rationale and s.evidence)
    # the screened-out options were scored too: counted apart, never folded into the short list's
    gone = [o for o in long.options if o.id not in ws.option_ids]
    gone_scores = [s for o in gone for s in o.scores.values()]
    gone_evidenced = sum(1 for s in gone_scores if s.rationale and s.evidence)
    sq = [o for o in long.options if o.status_quo]
    sq_in = [o for o in sq if o.id in ws.option_ids]
    swing = swing_rated(sts)
    elicited = [s for s in sts if str(getattr(s, "basis", "") or "modelled") == "elicited"]
    d = long.decision

    def status(ok: bool, partly: bool = False) -> str:
        return "met" if ok else "partly met" if partly else "not met"

    from .compose import COMPACT_FROM

    # Annex B shows every scored option's scores up to this size (office reading 7, A10)
    shown = len(long.options) <= COMPACT_FROM and len(ws.options) <= COMPACT_FROM
    where_gone = "Annex B" if shown else "in their files in options/, not shown here"

    context_parts = [bool(ws.question), bool(ws.description), bool(d.maker), bool(sts)]
    redundancy = codes & {*STRUCTURE_CODES, "unmapped", "moved-anchors"}
    return [
        (
            "1. Establish the decision context: aims, decision-makers, key players",
            status(all(context_parts), any(context_parts)),
            "Question "
            + ("stated" if ws.question else "not stated")
            + "; decision-maker "
            + ("named" if d.maker else "not named")
            + f"; {len(sts)} parties' points of view weighed (sections 2 and 6).",
        ),
        (
            "2. Identify the options, including business as usual",
            status(bool(sq_in), bool(sq)),
            f"{len(long.options)} options on the long list"
            + (
                f"; business as usual ({sq[0].name}) "
                + ("is appraised." if sq_in else "is screened out, so not appraised (section 3).")
                if sq
                else "; none is marked as business as usual."
            ),
        ),
        (
            "3. Identify objectives and criteria; test for completeness, redundancy, double "
            "counting",
            status(mapped == n_stmt and not redundancy, mapped > 0),
            f"{len(ws.criteria)} criteria; {mapped} of {n_stmt} benefits and risks"
            + (" of the short-listed options" if gone else "")
            + " mapped to them"
            + (
                "; the method checks flag: "
                + "; ".join(
                    STRUCTURE_CODES.get(x, x.replace("-", " "))
                    for x in (*STRUCTURE_CODES, "unmapped", "moved-anchors")
                    if x in redundancy
                )
                + " (Annex F)."
                if redundancy
                else "; the structure checks (redundancy, double counting, imbalance, criteria "
                "against a requirement, weight the record never speaks to, parties the record "
                "cannot tell apart) all pass."
            ),
        ),
        (
            "4. Score the options, with the evidence for each score; check consistency",
            status(evidenced == len(scores) and "unevidenced-score" not in codes, evidenced > 0),
            f"{evidenced} of {len(scores)} scores"
            + (f" of the {len(ws.options)} short-listed options" if gone else "")
            + " carry a reason and evidence (Annex B)"
            + (
                f"; of the {len(gone)} screened-out "
                + ("option's" if len(gone) == 1 else "options'")
                + f" {len(gone_scores)} scores, "
                f"{gone_evidenced} do ({where_gone})"
                if gone_scores
                else ""
            )
            + (
                "; scores are the appraisal's judgements, not scored by the parties."
                if not elicited
                else "."
            ),
        ),
        (
            "5. Weight the criteria by swing weights",
            status(len(swing) == len(sts) > 0, bool(swing)),
            _swing_step(swing, sts),
        ),
        ("6. Combine weights and scores", "met", "The additive model (section 4, Annex A)."),
        (
            "7. Examine the results",
            "met",
            "Ranking, each criterion's part of the score, and the top two head to head "
            "(section 4).",
        ),
        (
            "8. Sensitivity analysis",
            "met",
            "Weights, scores and both together (section 7, Annexes C and D).",
        ),
    ]
