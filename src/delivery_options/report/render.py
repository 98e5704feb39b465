"""Build the paper's context from the analyses, render it, and write it safely.

Nothing here computes a result: it calls the core (value, sensitivity, stakeholders, smaa,
narrative), arranges what comes back for the templates, and writes files atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import __version__
from ..errors import OptionsError
from ..formats import Table
from ..workspace import Stakeholder, Workspace, weights_paths

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


def build_context(ws: Workspace, settings: Settings) -> dict:
    from .. import smaa as sm
    from ..check import check
    from ..lp import make_solver, solver_name, weight_set
    from ..narrative import build
    from ..sensitivity import analyse
    from ..stakeholders import consensus_for
    from ..value import decision_matrix, rank_options, weight_vector
    from ..views import compare_view, consensus_view, sensitivity_view, weight_change_words
    from ..workspace import load_stakeholder, load_stakeholders, resolve_weights
    from . import charts

    dm = decision_matrix(ws)
    st = load_stakeholder(ws, resolve_weights(ws, settings.stakeholder))
    others = load_stakeholders(ws, settings.compare)
    if st.id not in {s.id for s in others}:
        others = (st, *others)
    crit = {c.id: c for c in ws.criteria}
    opts = {o.id: o for o in ws.options}

    def label(oid: str) -> str:
        o = opts[oid]
        return f"option {o.number} ({o.name})" if o.number is not None else o.name

    def short(oid: str) -> str:
        o = opts[oid]
        return f"{o.number}. {o.name}" if o.number is not None else o.name

    w0 = weight_vector(dm.criteria, st)
    ranking = rank_options(dm, w0, st.id)
    sa = analyse(ws, dm, st)
    rankings = [rank_options(dm, weight_vector(dm.criteria, s), s.id) for s in others]
    con = consensus_for(dm, others, make_solver())
    k = settings.samples or sm.samples_for(len(dm.options))[0]
    smaa_res = sm.smaa(
        dm.values,
        dm.lows,
        dm.highs,
        dm.options,
        dm.criteria,
        sm.sampler_for(weight_set(dm.criteria, st), k),
        k,
        settings.seed,
    )
    idx = {o: i for i, o in enumerate(dm.options)}
    leader, second = (
        ranking.rows[0].option,
        ranking.rows[1].option if len(ranking.rows) > 1 else None,
    )
    lead = (
        sm.lead_under_scores(
            dm.values, dm.lows, dm.highs, w0, idx[leader], idx[second], seed=settings.seed
        )
        if second
        else None
    )
    names = {s.id: s.name for s in others}
    favourites = {names[rk.stakeholder]: rk.leaders for rk in rankings}
    story = build(
        option_label=label,
        crit_name=lambda c: crit[c].name.lower() if c in crit else c,
        stakeholder=st.name,
        ranking=ranking,
        lead_scores=lead,
        sensitivity=sa,
        smaa_first=float(smaa_res.acceptability[idx[leader], 0]),
        smaa_samples=smaa_res.samples,
        favourites=favourites,
        minimax=con.minimax_regret,
        common_ground=con.common_ground.feasible,
        weight_words=lambda a, b: weight_change_words(ws, a, b),
    )

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
    acc_order = sorted(range(len(dm.options)), key=lambda a: (-smaa_res.holistic[a], a))
    chart_acc = charts.acceptability(
        [short(dm.options[a]) for a in acc_order],
        smaa_res.acceptability[acc_order],
        smaa_res.samples,
        smaa_res.seed,
    )

    sens_tables, _ = sensitivity_view(ws, st, sa)
    cmp_tables, _ = compare_view(ws, others, rankings)
    con_tables, con_data = consensus_view(ws, others, con)

    date = settings.date or ws.date
    if date == "today":
        date = dt.date.today().isoformat()

    files = [ws.root / "criteria.toml", *(ws.root / "options" / f"{o.id}.toml" for o in ws.options)]
    used = {s.path for s in others}
    files += [p for p in weights_paths(ws) if p.relative_to(ws.root).as_posix() in used]
    audit_files = [(p.relative_to(ws.root).as_posix(), _sha256(p)) for p in files]

    rec = opts[leader]
    evidence_notes = list(story.evidence)
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
        "sensitivity_tables": sens_tables,
        "compare_tables": cmp_tables + con_tables,
        "consensus": con,
        "consensus_data": con_data,
        "smaa": smaa_res,
        "lead": lead,
        "evidence_notes": evidence_notes,
        "widest": [(crit[c].name, s) for c, s in widest],
        "dclg": _dclg_steps(ws, others, sa, smaa_res),
        "findings": check(ws, dm, others),
        "audit": {
            "files": audit_files,
            "solver": solver_name(),
            "seed": settings.seed,
            "samples": smaa_res.samples,
            "python": platform.python_version(),
            "versions": _versions(),
        },
    }


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
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

    loaders = []
    if (ws.root / "templates").is_dir():
        loaders.append(FileSystemLoader(str(ws.root / "templates")))
    loaders.append(PackageLoader("delivery_options.report", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = _cell
    env.filters["md"] = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    env.globals["Table"] = Table
    return env


def _cell(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float | np.floating):
        return f"{value:.{digits}f}"
    return str(value)


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


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(
    ws: Workspace, settings: Settings, out: Path, formats: tuple[str, ...]
) -> list[Path]:
    """Render every requested format in memory first, then write them; return the paths."""
    if not out.parent.is_dir():
        raise OptionsError(f"--out: the folder {out.parent} does not exist")
    ctx = build_context(ws, settings)
    rendered: dict[str, bytes] = {}
    html = render_html(ctx)
    if "html" in formats:
        rendered["html"] = html.encode("utf-8")
    if "md" in formats:
        rendered["md"] = render_markdown(ctx).encode("utf-8")
    if "pdf" in formats:
        rendered["pdf"] = render_pdf(html, ws.root, ctx["date"])
    paths = []
    for fmt in FORMATS:
        if fmt in rendered:
            path = out.with_name(f"{out.name}.{fmt}")
            write_atomic(path, rendered[fmt])
            paths.append(path)
    return paths
