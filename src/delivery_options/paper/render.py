"""Build the paper's context from the analyses, render it, and write it safely.

Nothing here computes a result: it calls the core (:class:`~delivery_options.appraisal.Appraisal`)
and the narrative, arranges what comes back for the templates, and writes files atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .. import __version__
from ..errors import OptionsError
from ..files import interruptible, write_set
from ..methods.check import STRUCTURE_CODES
from ..model.types import Workspace
from . import fmt
from .sandbox import (  # noqa: F401  (the renderers' public names)
    PAPER_CSP,
    environment,
    render_html,
    render_markdown,
    workspace_templates,
)

if TYPE_CHECKING:
    from ..appraisal import Appraisal

FORMATS = ("html", "pdf", "md", "docx")
KINDS = ("paper", "submission")
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
    figures, figure_cuts = _figures(
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


def _figures(
    ws, order, short, label, crit_labels, contrib, sa, dm, w0, smaa, st, basis, settings, named=()
):
    """The three charts, each with its caption, computed reading, text alternative and table."""
    from . import charts, readings
    from .compose import MOVED_ALONE, OPTION_COLUMNS, Grid, figure
    from .document import without_command
    from .narrative import accepts

    ok = accepts(st.name, basis)
    # 1. contributions: the top options, the criteria that matter most, by objective in a tree
    tree = ws.tree
    groups = None if tree.flat else [ws.node_name((*tree.path(c), c)[0]) for c in dm.criteria]
    summ = readings.summarise_contributions(
        [short(o) for o in order],
        crit_labels,
        contrib,
        charts.TOP_OPTIONS,
        charts.TOP_CRITERIA,
        named,
        groups,
    )
    reading = readings.contributions_reading(summ)
    costs = [ws.criterion(c) for c in dm.criteria if ws.criterion(c).direction == "cost"]
    cost_names = {c.name for c in costs}
    value_words, cost_example = _cost_as_value(ws, order, short, costs, dm, w0, summ)
    more = ""
    if summ.hidden_options:
        rest = contrib[len(summ.labels) :].sum(axis=1)
        more = (
            f" The top {len(summ.labels)} of {len(order)} options are shown; the other "
            f"{len(rest)} score between {fmt.points(float(rest.min()))} and "
            f"{fmt.points(float(rest.max()))}."
        )
    alt = (
        f"Bar chart of each option's overall score out of 100, split by criterion. {reading}" + more
    )
    drawn = charts.contributions(
        list(summ.labels),
        summ.parts,
        [
            f"{lb} (a cost: the lower, the longer its bar)" if lb in cost_names else lb
            for lb in summ.part_labels
        ],
        alt,
        settings.png,
        summ.totals,
        list(summ.groups) or None,
    )
    cols = list(range(len(summ.labels)))
    tables = []
    for part in compose_chunks(cols, OPTION_COLUMNS):
        tables.append(part)
    part = tables[0]
    cuts: dict[str, list[str]] = {"contributions": [], "acceptability": []}
    if summ.hidden_options:  # a large appraisal: the chart and its table show the top options
        cuts["contributions"].append(
            f"The chart shows the top {len(summ.labels)} of {len(order)} options and this table "
            f"the first {len(part)}; every option's overall score and each criterion's part: "
            f"options rank -w {st.id} -f csv."
        )
    grid = Grid(
        "The numbers behind figure 1: each criterion's part of the overall score",
        ("Criterion", *(summ.labels[i] for i in part)),
        (
            *(
                (summ.part_labels[j], *(fmt.points(summ.parts[i, j]) for i in part))
                for j in range(len(summ.part_labels))
            ),
            ("Overall score", *(fmt.points(summ.totals[i]) for i in part)),
        ),
        (False, *(True for _ in part)),
        notes=(
            readings.contributions_note(summ, part),
            *((cost_example,) if cost_example else ()),
            *((readings.gathered_note(summ),) if summ.others() else ()),
            *(
                (f"The chart shows {len(summ.labels)} options; this table the first {len(part)}.",)
                if len(part) < len(summ.labels) and not summ.hidden_options
                else ()
            ),
            *map(without_command, cuts["contributions"]),
        ),
        small=True,
    )
    fig1 = figure(
        1,
        "Each option's overall score, split into the part each criterion contributes"
        + (", grouped by objective" if summ.groups else "")
        + f". {value_words}"
        + (f" {readings.gathered_note(summ)}" if summ.others() else "")
        + more,
        reading,
        alt,
        drawn,
        grid,
    )

    # 2. weight stability: the criterion whose weight switches the leader soonest
    from ..methods.stability import rescaled

    X = dm.values

    def first_at(k: int, t: float) -> str:
        v = X @ rescaled(w0, k, t)
        return label(dm.options[int(np.argmax(v))])

    stab = list(sa.stability)
    names = [ws.criterion(s.criterion).name for s in stab]
    found = readings.switches(
        [s.weight for s in stab], [s.top for s in stab], [s.feasible for s in stab], first_at
    )
    keep = list(range(len(stab)))
    if len(stab) > 12:  # the criteria nearest to switching, then the heaviest
        near = [s.criterion for s in found][:12]
        rest = sorted((k for k in keep if k not in near), key=lambda k: -stab[k].weight)
        keep = sorted((near + rest)[:12])
    reading = readings.stability_reading(
        [names[k] for k in keep],
        [
            readings.Switch(
                keep.index(s.criterion), s.direction, s.at, s.distance, s.new_leader, s.weight
            )
            for s in found
            if s.criterion in keep
        ],
        label(sa.leader),
        ok,
        [stab[k].feasible for k in keep],
    )
    alt = (
        "Chart of each criterion's weight (a diamond), how far that weight can move alone "
        f"within {ok} (a grey band, keyed \u2018Acceptable, moved alone\u2019), and the part "
        f"over which {label(sa.leader)} stays first (a dark line). {reading}"
    )
    drawn = charts.stability(
        [names[k] for k in keep],
        [stab[k].weight for k in keep],
        [stab[k].top for k in keep],
        [stab[k].feasible for k in keep],
        alt,
        settings.png,
    )

    def iv(p):
        lo, hi = p
        return "–" if lo != lo else f"{fmt.weight_pct(lo)}–{fmt.weight_pct(hi)}"

    switch_of = {}
    for s in found:
        switch_of.setdefault(s.criterion, s)
    grid = Grid(
        "The numbers behind figure 2",
        (
            "Criterion",
            "Weight now",
            MOVED_ALONE,
            f"{short(sa.leader)} stays first over",
            "What changes",
        ),
        tuple(
            (
                names[k],
                fmt.weight_pct(stab[k].weight),
                iv(stab[k].feasible),
                iv(stab[k].top),
                (
                    f"{switch_of[k].new_leader} first if the weight {switch_of[k].direction} "
                    f"{'below' if switch_of[k].direction == 'falls' else 'above'} "
                    f"{fmt.weight_pct(switch_of[k].at)}"
                )
                if k in switch_of
                else f"none: held at {fmt.weight_pct(stab[k].feasible[0])}"
                if _held(stab[k].feasible)
                else "no change over the whole range moved alone",
            )
            for k in keep
        ),
        (False, True, True, True, False),
        notes=(
            "Each weight is moved alone, the others rescaled in proportion so that the weights "
            "still add up to 100%.",
            *(
                (f"The {len(stab) - len(keep)} other criteria are in Annex C.",)
                if len(keep) < len(stab)
                else ()
            ),
        ),
        small=True,
    )
    fig2 = figure(
        2,
        f"How far each weight can move on its own before {label(sa.leader)} stops coming "
        f"first. The diamond is the weight now. The grey band is how far it can move alone "
        f"within {ok}. The dark line is where the leader stays first.",
        reading,
        alt,
        drawn,
        grid,
    )

    # 3. rank acceptability: the top options, ranks 1-3 and the rest gathered
    res = smaa.result
    acc_order = smaa.order()[: charts.TOP_OPTIONS]
    m = len(res.options)
    k = min(m, 3)
    shares = res.acceptability[acc_order][:, :k]
    rank_labels = [f"Rank {r + 1}" for r in range(k)]
    if m > k:
        shares = np.column_stack([shares, res.acceptability[acc_order][:, k:].sum(axis=1)])
        rank_labels.append(f"Rank {k + 1} or lower")
    labels = [short(dm.options[a]) for a in acc_order]
    reading = readings.acceptability_reading(labels, list(shares[:, 0]), res.samples)
    others = ""
    if m > len(acc_order):  # the options not drawn, together, at each rank shown
        rest = np.delete(res.acceptability, acc_order, axis=0)[:, :k].sum(axis=0)
        places = ("first", "second", "third")
        others = (
            f"The other {m - len(acc_order)} options, not drawn, together take "
            + fmt.join_words([f"{places[r]} place in {fmt.pct(float(rest[r]))}" for r in range(k)])
            + " of the trials."
        )
        cuts["acceptability"].append(
            f"The chart and this table show the {len(acc_order)} options most often ranked "
            f"high, of {m}; every option at every rank: options smaa -w {st.id} -n "
            f"{res.samples} --seed {settings.seed} -f csv."
        )
    alt = (
        "Bar chart of how often each option takes each rank when the weights and the scores "
        f"are varied together. {reading}" + (f" {others}" if others else "")
    )
    drawn = charts.acceptability(labels, shares, rank_labels, alt, settings.png)
    grid = Grid(
        "The numbers behind figure 3: share of trials at each rank",
        ("Option", *rank_labels),
        tuple(
            (lb, *(fmt.pct(float(x)) for x in row)) for lb, row in zip(labels, shares, strict=True)
        ),
        (False, *(True for _ in rank_labels)),
        notes=(
            f"{fmt.count(res.samples)} trials; weights within {ok}, scores within their plausible ranges.",
            *((others,) if others else ()),
            *map(without_command, cuts["acceptability"]),
        ),
        small=True,
    )
    fig3 = figure(
        3,
        "How often each option comes first, second and so on when the weights and the scores "
        f"are varied at random together. The weights stay within {ok}, the scores within their "
        "plausible ranges." + (f" {others}" if others else ""),
        reading,
        alt,
        drawn,
        grid,
    )
    return {"contributions": fig1, "stability": fig2, "acceptability": fig3}, cuts


def _cost_as_value(ws, order, short, costs, dm, w0, summ) -> tuple[str, str]:
    """How figure 1 draws a value: the sentences for its caption, and, where a cost criterion
    is shown, a worked example from the first option shown (score, value, weight, part), so the
    reader can see why a low cost gives a long bar."""
    words = (
        "A part is the criterion's weight times the option's value on it (0\u2013100, 100 the "
        "best its scale allows)."
    )
    if not costs:
        return words, ""
    said = fmt.join_words([c.name.lower() for c in costs])
    words += (
        f" For a cost, such as {said}, the lower the cost the higher the value, so it is drawn "
        "as value, not as the score."
    )
    c = next((c for c in costs if c.name in summ.part_labels), None)
    if c is None or not summ.labels:
        return words, ""
    j = list(dm.criteria).index(c.id)
    k = list(summ.part_labels).index(c.name)

    def case(i: int) -> str:
        o = order[i]
        value = fmt.number(float(dm.values[dm.options.index(o), j]), 1)
        return (
            f"{short(o)}, scored {fmt.raw(c, ws.option(o).scores[c.id].value)}, has a value of "
            f"{value} and a part of {fmt.weight_pct(float(w0[j]))} \u00d7 {value} = "
            f"{fmt.points(summ.parts[i, k])}"
        )

    cases = [case(i) for i in range(min(2, len(summ.labels)))]
    return words, f"{c.name} is a cost (a higher score is worse): " + "; ".join(cases) + "."


def _held(feasible: tuple[float, float]) -> bool:
    """An acceptable range that holds the weight at one value, as shown at one decimal."""
    lo, hi = feasible
    return lo == lo and round(100 * lo, 1) == round(100 * hi, 1)


def compose_chunks(seq, n):
    return [seq[i : i + n] for i in range(0, len(seq), n)] or [seq]


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
                f"{gone_evidenced} do (in their files in options/, not shown here)"
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


# --- rendering and writing -------------------------------------------------------------------


def render_docx(ctx: dict) -> bytes:
    from .word import render

    long = ctx["long_list"]  # the workspace's own words: empty, never "not stated"
    return render(ctx["doc"], ctx["date_iso"], long.author, long.organisation)


#: How to get the system libraries WeasyPrint draws the PDF with (WeasyPrint's installation
#: guide, "First steps": Pango and its dependencies, which pip cannot install).
PANGO_HOWTO = (
    "for PDF, install Pango (https://doc.courtbouillon.org/weasyprint/stable/"
    "first_steps.html): on Windows, MSYS2 then `pacman -S mingw-w64-x86_64-pango` in its shell; "
    "on macOS, `brew install pango`; on Debian or Ubuntu, "
    "`sudo apt install libpango-1.0-0 libpangoft2-1.0-0`"
)


class PdfUnavailable(OptionsError):
    """WeasyPrint cannot load the system libraries it draws with; ``written`` lists the other
    formats' files, written all the same."""

    def __init__(self, cause: str, written: tuple[Path, ...] = ()):
        self.cause, self.written = cause, written
        done = f"; the other formats were written ({', '.join(p.name for p in written)})"
        super().__init__(
            f"no PDF: WeasyPrint cannot load its libraries ({cause}){done if written else ''}; "
            + PANGO_HOWTO,
            "format",
        )


#: The largest page drawn as a PDF (the Sandwell paper's is 0.27 MB for 46 pages; a synthetic
#: 300 x 40 paper's 0.65 MB): a stranger's 1.6 MB of statements made a page WeasyPrint took
#: 458 s and 1.4 GB to draw, and the input caps would allow hours.
MAX_PDF_HTML = 4 * 2**20
#: The most pages a PDF is laid out to. The page's size does not bound them: 45 KB of HTML with
#: a page break after each paragraph made 5,000 pages, 41 s and 571 MB. The Sandwell paper has
#: 46 pages and a synthetic 300-option, 40-criterion paper 90 (the paper cuts its long tables
#: to their first rows), so 500 leaves five times the room of the largest measured, and is laid
#: out in about 5 s.
MAX_PDF_PAGES = 500


class _PastPageLimit(Exception):
    """Raised from inside WeasyPrint's layout when it starts a page past the limit."""


class _PageLimit:
    """A filter on WeasyPrint's progress log, which names each page as its layout starts
    ("Step 5 - Creating layout - Page %d"): past :data:`MAX_PDF_PAGES` it stops the layout
    there, before the pages after it are made or any is drawn. It shows nothing."""

    def filter(self, record) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        page = args[0] if args and "layout - Page" in str(record.msg) else None
        if isinstance(page, int) and page > MAX_PDF_PAGES:
            raise _PastPageLimit
        return False


def render_pdf(
    html: str,
    base: Path,
    date: str | None = None,
    pages: list[int] | None = None,
    template: str | None = None,
) -> bytes:
    """A tagged (PDF/UA-1) PDF, byte for byte the same for the same HTML and date.

    Tagging gives screen readers the structure: headings, lists, tables with header rows, and
    each chart's text alternative. Font subsets carry a timestamp; fontTools takes it from
    SOURCE_DATE_EPOCH (the reproducible-builds convention), set here from the paper's date for
    the duration. A page past :data:`MAX_PDF_PAGES` stops the layout: one error naming
    ``template``, the template that made the page.
    """
    import contextlib
    import io
    import logging

    if len(html) > MAX_PDF_HTML:  # WeasyPrint's time and memory grow with the page: refuse first
        raise OptionsError(
            f"the paper is too long to draw as a PDF: its page is {len(html) / 2**20:.1f} MB, "
            f"past the {MAX_PDF_HTML // 2**20} MB (some 700 pages) a PDF is drawn from; write "
            "it as html, md or docx, or shorten the workspace's text",
            "format",
        )
    try:  # WeasyPrint prints its own notice on standard output when a library is missing
        with contextlib.redirect_stdout(io.StringIO()):
            from weasyprint import HTML
    except OSError as exc:
        raise PdfUnavailable(str(exc).split(":")[0]) from None

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        when = dt.datetime.fromisoformat(date or "").replace(tzinfo=dt.UTC)
        epoch = str(int(when.timestamp()))
    except ValueError:
        epoch = "0"
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    fetcher = _fetcher()
    counted = pages if pages is not None else []

    def count(document, pdf) -> None:  # the pages drawn, for a caller that must fit a count
        if len(document.pages) > MAX_PDF_PAGES:  # the layout's log did not stop it
            raise _PastPageLimit
        counted.append(len(document.pages))

    progress = logging.getLogger("weasyprint.progress")
    level, limit = progress.level, _PageLimit()
    progress.setLevel(logging.INFO)
    progress.addFilter(limit)
    try:
        doc = HTML(string=html, base_url=str(base), url_fetcher=fetcher)
        try:
            data = doc.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False, finisher=count)
        except (ValueError, TypeError):  # an older WeasyPrint: tags without the variant
            data = doc.write_pdf(pdf_tags=True, finisher=count)
    except _PastPageLimit:
        raise OptionsError(
            f"{template + ': ' if template else ''}the paper runs past {MAX_PDF_PAGES} pages as "
            "a PDF, more than a PDF is drawn with; write it as html, md or docx, or remove the "
            "page breaks",
            "template",
        ) from None
    except (AssertionError, IndexError, KeyError, RecursionError) as exc:  # inside WeasyPrint
        raise OptionsError(
            f"{template + ': ' if template else ''}the PDF could not be laid out "
            f"({type(exc).__name__} in WeasyPrint); write it as html, md or docx",
            "template",
        ) from None
    finally:
        progress.removeFilter(limit)
        progress.setLevel(level)
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    if fetcher.refused:
        from ..present.escape import terminal

        url = terminal(fetcher.refused[0])
        url = url if len(url) <= 80 else url[:77] + "..."
        raise OptionsError(
            f"the paper asks for {url}, which is neither the paper's own resource nor a "
            "picture it drew; the PDF fetches nothing else (remove it from the workspace's "
            "templates)",
            "template",
        )
    return data


#: data: URLs the paper itself made (none today: charts are inline SVG); only these are fetched.
MADE_URLS: frozenset[str] = frozenset()


def _fetcher():
    """WeasyPrint's URL fetcher for the paper: it fetches only the package's own files and the
    data: URLs the tool made; never the network, never a file of the workspace or elsewhere,
    never an attachment the tool did not create. What it refuses is kept in ``refused``, and
    :func:`render_pdf` then refuses the whole PDF."""
    from weasyprint.urls import URLFetcher

    own = Path(__file__).resolve().parent / "templates"

    class Fetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            from urllib.parse import unquote, urlsplit

            if url in MADE_URLS:
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(own) and path.is_file():
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"refused: {url}")

    return Fetcher()


def progress_printer(stream=None):
    """Stages on standard error when it is a terminal; nothing when it is piped."""
    import sys
    import time

    from ..present.escape import terminal

    stream = stream or sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        return None
    start = time.monotonic()

    def say(stage: str) -> None:
        stream.write(f"[{time.monotonic() - start:5.1f}s] {terminal(stage)}\n")
        stream.flush()

    return say


def write_report(
    app: Appraisal,
    settings: Settings,
    out: Path,
    formats: tuple[str, ...],
    progress=None,
) -> list[Path]:
    """Render every requested format in memory first, then write them as one set; return the
    paths. An interrupt or a failure leaves the earlier set as it was."""
    from dataclasses import replace

    say = progress or (lambda stage: None)
    if settings.kind not in KINDS:
        raise OptionsError(f"choose from {', '.join(KINDS)} (got {settings.kind!r})", "kind")
    if not out.parent.is_dir():
        raise OptionsError(f"the folder {out.parent} does not exist", "output")
    targets = {fmt_: out.with_name(f"{out.name}.{fmt_}") for fmt_ in FORMATS if fmt_ in formats}
    for path in targets.values():
        if path.is_dir():
            raise OptionsError(f"{path} is a folder", "output")
    if "docx" in formats and not settings.png:
        settings = replace(settings, png=True)
    with interruptible() as state:
        ctx = build_context(app, settings, say)
        if settings.kind == "submission" and "pdf" in formats:
            fit_submission(ctx, say)
        rendered, missing, pages = _render_formats(ctx, formats, say)
        say("saving the files")
        _unchanged(ctx["inputs"])
        write_set({targets[f]: data for f, data in rendered.items()}, state)
    if missing is not None:
        raise PdfUnavailable(missing.cause, tuple(targets[f] for f in rendered))
    return list(targets.values())


def fit_submission(ctx: dict, say=None) -> None:
    """The submission's fit, judged by the PDF drawn: its line estimate is tightened a line at a
    time while the PDF runs past two pages, and, when it needed no tightening, loosened while
    the PDF still holds two (:func:`_loosened`). Without a PDF renderer the estimate stands."""
    from . import submission

    say = say or (lambda stage: None)
    _, _, pages = _render_formats(ctx, ("pdf",), say)
    tighter = 0
    while pages and pages[-1] > 2 and tighter < 8:
        tighter += 1
        ctx["doc"] = submission.submission(ctx, submission.PAGE_LINES - tighter)
        _, _, pages = _render_formats(ctx, ("pdf",), say)
    if pages and not tighter:
        _loosened(ctx, say)


def _loosened(ctx: dict, say, most: int = 3):
    """The submission cut less, a line of estimate at a time, while the PDF drawn still holds it
    in two pages (the estimate errs short, so a cut it asks for may not be needed): the least
    cut document that fits, or None when the first cut is needed."""
    from . import submission

    found = None
    first = shown = ctx["doc"]
    for more in range(1, most + 1):
        trial = submission.submission(ctx, submission.PAGE_LINES + more)
        if trial.blocks == shown.blocks:
            continue
        ctx["doc"] = trial
        _, _, pages = _render_formats(ctx, ("pdf",), say)
        if not pages or pages[-1] > 2:
            break
        found, shown = trial, trial
    ctx["doc"] = found or first
    return found


def _render_formats(
    ctx: dict, formats, say
) -> tuple[dict[str, bytes], PdfUnavailable | None, list[int]]:
    """Each requested format in memory; the PDF's absence (no Pango) and its page count."""
    from jinja2 import TemplateError

    from . import jail

    if jail.wanted(ctx):  # a stranger's templates: made in a child process with hard limits
        return jail.render_formats(ctx, formats, say)
    rendered: dict[str, bytes] = {}
    try:
        say("writing HTML")
        html = render_html(ctx)
        if "html" in formats:
            rendered["html"] = html.encode("utf-8")
        if "md" in formats:
            say("writing Markdown")
            rendered["md"] = render_markdown(ctx).encode("utf-8")
        if "docx" in formats:  # a template may have added blocks the Word writer refuses
            say("writing Word")
            rendered["docx"] = render_docx(ctx)
    except TemplateError as exc:
        raise OptionsError(f"{_where(exc)}: {exc}", "template") from None
    except OptionsError:
        raise
    except Exception as exc:  # a stranger's template may fail any way a filter can
        if not ctx.get("workspace_templates"):
            raise  # the package's own templates: a bug of ours, not the workspace's
        raise OptionsError(
            f"templates/: a template failed while writing the paper "
            f"({type(exc).__name__}: {str(exc)[:200]})",
            "template",
        ) from None
    missing, pages = None, []
    if "pdf" in formats:
        say("writing the tagged PDF")
        own = ctx.get("workspace_templates") or {}
        making = [n for n in ("paper.html.j2", "macros.html.j2", "style.css") if n in own]
        made_by = f"templates/{(making or sorted(own))[0]}" if own else None
        try:
            rendered["pdf"] = render_pdf(html, ctx["ws"].root, ctx["date_iso"], pages, made_by)
        except PdfUnavailable as exc:  # the other formats are still worth having
            missing = exc
    return rendered, missing, pages


def _unchanged(inputs: list[tuple[str, Path]]) -> None:
    """Refuse to write a paper whose inputs changed while it was being made: its audit would
    give hashes of files that are no longer the ones its figures came from."""
    from ..files import changed

    moved = changed([p for _, p in inputs])
    if moved:
        shown = next(s for s, p in inputs if p == moved[0])
        raise OptionsError(
            f"{shown} changed while the paper was being made; nothing was written (run again)",
            "workspace",
        )


def _where(exc) -> str:
    name = getattr(exc, "name", None) or getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    where = f"template {name}" if name else "a template"
    return f"{where}, line {line}" if line else where
