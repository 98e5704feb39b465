"""Build the paper's context from the analyses, render it, and write it safely.

Nothing here computes a result: it calls the core (:class:`~delivery_options.appraisal.Appraisal`)
and the narrative, arranges what comes back for the templates, and writes files atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .. import __version__
from ..errors import OptionsError
from ..files import interruptible, write_set
from ..model.types import Stakeholder, Workspace
from ..present.cells import format_cell

if TYPE_CHECKING:
    from ..appraisal import Appraisal

FORMATS = ("html", "pdf", "md")


@dataclass(frozen=True)
class Settings:
    stakeholder: str
    compare: tuple[str, ...] = ()  # empty: every weights file
    samples: int | None = None
    seed: int = 0
    date: str | None = None  # None: the workspace's date; "today": the clock


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_context(app: Appraisal, settings: Settings) -> dict:
    """Everything the templates show, from the core's results; nothing is computed here."""
    from ..results.sensitivity import weight_change_words
    from . import charts
    from .narrative import build

    ws = app.workspace
    st = app.stakeholder(settings.stakeholder)
    others = app.stakeholders(settings.compare or None)
    if st.id not in {s.id for s in others}:
        others = (st, *others)
    crit = {c.id: c for c in ws.criteria}
    opts = {o.id: o for o in ws.options}

    def label(oid: str) -> str:
        o = opts[oid]
        return f"option {o.number} ({o.name})" if o.number is not None else o.name

    short = ws.option_label
    ranked = app.rank(st)
    ranking = ranked.ranking
    sens = app.sensitivity(st)
    sa = sens.analysis
    compared = app.compare(others)
    con = compared.consensus
    smaa = app.smaa(st, samples=settings.samples, seed=settings.seed)
    smaa_res = smaa.result
    lead = app.lead(st, seed=settings.seed)
    leader = ranking.rows[0].option
    names = {s.id: s.name for s in others}
    favourites = {names[k]: v for k, v in compared.favourites().items()}
    story = build(
        option_label=label,
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
    )

    dm = app.matrix
    w0 = app.weights(st)
    order = [r.option for r in ranking.rows]
    crit_labels = [c.name for c in ws.criteria]
    contrib = np.array([[ranking.row(o).contributions[c] for c in dm.criteria] for o in order])
    chart_contrib = charts.contributions(
        [short(o) for o in order], crit_labels, contrib, label(leader)
    )
    chart_stab = charts.stability(
        crit_labels,
        [s.weight for s in sa.stability],
        [s.top for s in sa.stability],
        [s.feasible for s in sa.stability],
        label(leader),
    )
    acc_order = smaa.order()
    chart_acc = charts.acceptability(
        [short(dm.options[a]) for a in acc_order],
        smaa_res.acceptability[acc_order],
        smaa_res.samples,
        smaa_res.seed,
    )

    date = settings.date or ws.date
    if date == "today":
        date = dt.date.today().isoformat()

    audit_files = [(shown, _sha256(p)) for shown, p in _inputs(ws, others)]

    rec = opts[leader]
    # the leader's scores whose plausible range moves its overall score most: the range's width
    # on the 0-100 value scale (comparable across criteria, unlike raw units) times the weight
    li = dm.options.index(leader)
    swing = (dm.highs[li] - dm.lows[li]) * w0
    widest = [
        (ws.criteria[j].id, rec.scores[ws.criteria[j].id])
        for j in sorted(range(len(ws.criteria)), key=lambda j: (-swing[j], j))[:3]
    ]

    return {
        "version": __version__,
        "ws": ws,
        "date": date,
        "stakeholder": st,
        "stakeholders": others,
        "narrative": story,
        "leader": rec,
        "label": label,
        "short": short,
        "criteria": ws.criteria,
        "options": ws.options,
        "ranking": ranking,
        "weights_pct": {s.id: {c: 100 * s.weights[c] for c in dm.criteria} for s in others},
        "constraints": {s.id: _constraints_text(s, crit) for s in others},
        "charts": {
            "contributions": chart_contrib,
            "stability": chart_stab,
            "acceptability": chart_acc,
        },
        "sensitivity": sa,
        "sensitivity_tables": sens.tables(),
        "compare_tables": compared.tables(),
        "consensus": con,
        "consensus_data": compared.document(),
        "smaa": smaa_res,
        "lead": lead,
        "evidence_notes": list(story.evidence),
        "widest": [(crit[c].name, s) for c, s in widest],
        "dclg": _dclg_steps(ws, others, sa, smaa_res),
        "findings": app.check().findings,
        "audit": {
            "files": audit_files,
            "solver": app.solver_name,
            "seed": settings.seed,
            "samples": smaa_res.samples,
            "python": platform.python_version(),
            "versions": _versions(),
        },
    }


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


def _constraints_text(s: Stakeholder, crit) -> str:
    c = s.constraints
    parts = [
        f"{crit[k].name} between {100 * lo:.0f}% and {100 * hi:.0f}%"
        for k, (lo, hi) in c.bounds.items()
    ]
    parts += [f"{crit[a].name} at least {crit[b].name}" for a, b in c.order]
    if c.tolerance is not None:
        parts.append(f"no weight more than {100 * c.tolerance:.0f} points from its own")
    return "; ".join(parts) if parts else "none stated (any weights)"


def _versions() -> list[tuple[str, str]]:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for pkg in ("numpy", "PuLP", "highspy", "Jinja2", "matplotlib", "WeasyPrint"):
        try:
            out.append((pkg, version(pkg)))
        except PackageNotFoundError:
            out.append((pkg, "not installed"))
    return out


def _dclg_steps(ws: Workspace, sts, sa, smaa_res) -> list[tuple[str, str, str]]:
    """The eight steps of the DCLG multi-criteria manual and where this paper meets each."""
    n_stmt = sum(len(o.benefits) + len(o.risks) for o in ws.options)
    mapped = sum(1 for o in ws.options for s in (*o.benefits, *o.risks) if s.criteria)
    scores = [s for o in ws.options for s in o.scores.values()]
    evidenced = sum(1 for s in scores if s.rationale and s.evidence)
    sq = [o for o in ws.options if o.status_quo]

    def status(ok: bool, partly: bool = False) -> str:
        return "met" if ok else "partly met" if partly else "not met"

    return [
        (
            "1. Establish the decision context",
            status(bool(ws.description and ws.question), bool(ws.description)),
            "Section 2: the question and the context from the workspace.",
        ),
        (
            "2. Identify the options",
            status(bool(sq)),
            f"Section 3: {len(ws.options)} options"
            + (
                f", including the status quo ({sq[0].name})."
                if sq
                else "; no option is marked as the status quo."
            ),
        ),
        (
            "3. Identify objectives and criteria",
            status(mapped == n_stmt, mapped > 0),
            f"Section 4: {len(ws.criteria)} criteria; {mapped} of {n_stmt} benefits and risks mapped to them.",
        ),
        (
            "4. Score the options",
            status(evidenced == len(scores), evidenced > 0),
            f"Section 5 and Annex A: {evidenced} of {len(scores)} scores carry a rationale and evidence.",
        ),
        (
            "5. Weight the criteria",
            status(all(s.rationale for s in sts), True),
            f"Section 6: {len(sts)} stakeholders' weights, each with its rationale.",
        ),
        ("6. Combine weights and scores", "met", "Section 7: the additive value model."),
        (
            "7. Examine the results",
            "met",
            "Section 7: contributions and the head-to-head of the top two.",
        ),
        (
            "8. Sensitivity analysis",
            "met",
            f"Sections 8-10: switching values, stability intervals, consensus, and {smaa_res.samples:,} "
            "SMAA draws.",
        ),
    ]


# --- rendering and writing -------------------------------------------------------------------


def environment(ws: Workspace, autoescape: bool):
    """Jinja2 in its sandbox: a workspace's own templates (in ``templates/``) come from whoever
    sent the workspace, so they may read the context they are given and nothing else."""
    from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    loaders = []
    if (ws.root / "templates").is_dir():
        loaders.append(FileSystemLoader(str(ws.root / "templates")))
    loaders.append(PackageLoader("delivery_options.paper", "templates"))
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = lambda value, column: format_cell(column, value)
    env.globals["zip"] = zip
    env.filters["md"] = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    return env


def render_html(ctx: dict) -> str:
    return environment(ctx["ws"], autoescape=True).get_template("paper.html.j2").render(**ctx)


def render_markdown(ctx: dict) -> str:
    return environment(ctx["ws"], autoescape=False).get_template("paper.md.j2").render(**ctx)


def render_pdf(html: str, base: Path, date: str | None = None) -> bytes:
    """The PDF, byte for byte the same for the same HTML and date.

    Font subsets carry a timestamp; fontTools takes it from SOURCE_DATE_EPOCH (the
    reproducible-builds convention), set here from the paper's date for the duration.
    """
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        when = dt.datetime.fromisoformat(date or "").replace(tzinfo=dt.UTC)
        epoch = str(int(when.timestamp()))
    except ValueError:
        epoch = "0"
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        return HTML(string=html, base_url=str(base)).write_pdf()
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def write_report(
    app: Appraisal, settings: Settings, out: Path, formats: tuple[str, ...]
) -> list[Path]:
    """Render every requested format in memory first, then write them; return the paths."""
    from jinja2 import TemplateError

    ws = app.workspace
    if not out.parent.is_dir():
        raise OptionsError(f"the folder {out.parent} does not exist", "output")
    targets = {fmt: out.with_name(f"{out.name}.{fmt}") for fmt in FORMATS if fmt in formats}
    for path in targets.values():
        if path.is_dir():
            raise OptionsError(f"{path} is a folder", "output")
    with interruptible() as state:
        ctx = build_context(app, settings)
        rendered: dict[str, bytes] = {}
        try:
            html = render_html(ctx)
            if "html" in formats:
                rendered["html"] = html.encode("utf-8")
            if "md" in formats:
                rendered["md"] = render_markdown(ctx).encode("utf-8")
        except TemplateError as exc:
            raise OptionsError(f"{_where(exc)}: {exc}", "template") from None
        if "pdf" in formats:
            rendered["pdf"] = render_pdf(html, ws.root, ctx["date"])
        write_set({targets[fmt]: data for fmt, data in rendered.items()}, state)
    return list(targets.values())


def _where(exc) -> str:
    name = getattr(exc, "name", None) or getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    where = f"template {name}" if name else "a template"
    return f"{where}, line {line}" if line else where
