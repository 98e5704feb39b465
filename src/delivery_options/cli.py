"""The ``options`` command line: parse arguments, call the core, format the results.

User errors (:class:`OptionsError`) are caught once, in :class:`_Cli`, and printed as one line.
Heavy libraries (PuLP) are imported inside the commands that need them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import OptionsError

EXIT_USER_ERROR = 1


class _Cli(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OptionsError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_USER_ERROR)


project_option = click.option(
    "--project",
    "-p",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default="the current folder",
    help="The appraisal workspace (holds criteria.toml, options/, weights/).",
)


def format_option(f):
    from .formats import FORMATS

    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(f)


def _emit(fmt: str, tables, data) -> None:
    from .formats import render

    click.echo(render(fmt, tables, data), nl=False)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="options")
def cli() -> None:
    """Transparent, reproducible appraisal of alternative delivery options.

    \b
    Examples, from inside a workspace folder:
      options validate
      options rank --weights commissioner.toml
      options compare --format markdown
    """


@cli.command()
@project_option
@click.option(
    "--weights",
    "-w",
    required=True,
    help="A stakeholder's weights: a name in weights/ (commissioner or commissioner.toml) or a path.",
)
@format_option
def rank(project: Path, weights: str, fmt: str) -> None:
    """Rank the options under one stakeholder's weights."""
    from .value import decision_matrix, rank_options, weight_vector
    from .views import rank_view
    from .workspace import load_stakeholder, load_workspace, resolve_weights

    ws = load_workspace(project)
    st = load_stakeholder(ws, resolve_weights(ws, weights))
    dm = decision_matrix(ws)
    ranking = rank_options(dm, weight_vector(dm.criteria, st), st.id)
    _emit(fmt, *rank_view(ws, st, ranking))


@cli.command()
@project_option
@click.argument("weights", nargs=-1)
@format_option
def compare(project: Path, weights: tuple[str, ...], fmt: str) -> None:
    """Compare the stakeholders (default: every file in weights/): ranks side by side, regret,
    the options any blend of their views could put first, a compromise, and common ground."""
    from .lp import make_solver
    from .stakeholders import consensus_for
    from .value import decision_matrix, rank_options, weight_vector
    from .views import compare_view, consensus_view
    from .workspace import load_stakeholders, load_workspace

    ws = load_workspace(project)
    sts = load_stakeholders(ws, weights)
    dm = decision_matrix(ws)
    rankings = [rank_options(dm, weight_vector(dm.criteria, s), s.id) for s in sts]
    tables, data = compare_view(ws, sts, rankings)
    con = consensus_for(dm, sts, make_solver())
    more_tables, more = consensus_view(ws, sts, con)
    _emit(fmt, tables + more_tables, data | more)


@cli.command()
@project_option
@click.option("--weights", "-w", required=True, help="The stakeholder whose ranking is tested.")
@click.option(
    "--solver",
    type=click.Choice(["auto", "cbc", "highs"]),
    default="auto",
    show_default=True,
    help="LP solver: HiGHS when installed, else PuLP's bundled CBC. Answers do not depend on it.",
)
@click.option("--top", default=3, show_default=True, help="Options tested for score switching.")
@format_option
def sensitivity(project: Path, weights: str, solver: str, top: int, fmt: str) -> None:
    """How robust is one stakeholder's ranking? Switching values and robust choice."""
    from .sensitivity import analyse
    from .value import decision_matrix
    from .views import sensitivity_view
    from .workspace import load_stakeholder, load_workspace, resolve_weights

    ws = load_workspace(project)
    st = load_stakeholder(ws, resolve_weights(ws, weights))
    sa = analyse(ws, decision_matrix(ws), st, solver=solver, top=top)
    _emit(fmt, *sensitivity_view(ws, st, sa))


@cli.command()
@project_option
@click.option("--weights", "-w", help="Sample within this stakeholder's acceptable weights.")
@click.option(
    "--hull",
    is_flag=True,
    help="Sample blends of the stakeholders' weights (those named, default: every file).",
)
@click.argument("hull_weights", nargs=-1)
@click.option(
    "--samples",
    "-n",
    type=click.IntRange(min=100),
    help="Draws (default: enough for ±0.01 on every index at 95%).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@format_option
def smaa(
    project: Path,
    weights: str | None,
    hull: bool,
    hull_weights: tuple[str, ...],
    samples: int | None,
    seed: int,
    fmt: str,
) -> None:
    """Stochastic robustness (SMAA-2): how often each option takes each rank when the weights
    and the scores vary within what is plausible.

    \b
    options smaa                      no preference information: any weights at all
    options smaa -w commissioner      weights the commissioner would accept
    options smaa --hull               blends of every stakeholder's weights
    options smaa --hull council dfe   blends of the council's and the Department's
    """
    import numpy as np

    from . import smaa as sm
    from .lp import simplex, weight_set
    from .value import decision_matrix, weight_vector
    from .views import smaa_view
    from .workspace import load_stakeholder, load_stakeholders, load_workspace, resolve_weights

    if hull_weights and not hull:
        raise OptionsError("extra arguments are stakeholders for --hull; did you mean --hull?")
    if hull and weights:
        raise OptionsError("--hull and --weights: choose one")
    ws = load_workspace(project)
    dm = decision_matrix(ws)
    if hull:
        sts = load_stakeholders(ws, hull_weights)
        Ws = np.array([weight_vector(dm.criteria, s) for s in sts])
        subject = "blends of " + ", ".join(s.id for s in sts)

        def factory(rng):
            return sm.HullSampler(Ws, rng)
    else:
        st = load_stakeholder(ws, resolve_weights(ws, weights)) if weights else None
        W = weight_set(dm.criteria, st) if st else simplex(dm.criteria)
        subject = (
            f"weights {st.name} would accept" if st else "any weights (no preference information)"
        )
    k = samples or sm.samples_for(len(dm.options))[0]
    if not hull:
        factory = sm.sampler_for(W, k)
    with _progress(k) as tick:
        res = sm.smaa(dm.values, dm.lows, dm.highs, dm.options, dm.criteria, factory, k, seed, tick)
    _emit(fmt, *smaa_view(ws, res, subject))


class _progress:
    """A progress bar on stderr, shown only on a terminal and only once a run passes a second."""

    def __init__(self, total: int):
        self.total, self.done, self.bar = total, 0, None

    def __enter__(self):
        import time

        self.t0 = time.monotonic()
        return self.tick

    def tick(self, k: int) -> None:
        import time

        self.done += k
        if self.bar is None and sys.stderr.isatty() and time.monotonic() - self.t0 > 1.0:
            self.bar = click.progressbar(length=self.total, label="sampling", file=sys.stderr)
            self.bar.__enter__()
            self.bar.update(self.done - k)
        if self.bar is not None:
            self.bar.update(k)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


@cli.command()
@project_option
@click.option("--weights", "-w", required=True, help="Whose weights the recommendation rests on.")
@click.option(
    "--compare",
    "compare_with",
    multiple=True,
    default=("all",),
    show_default=True,
    help="Stakeholders to compare (repeat the option), or 'all'.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    help="Output path without extension (default: reports/<stakeholder>).",
)
@click.option(
    "--format",
    "-f",
    "formats",
    default="html,pdf,md",
    show_default=True,
    help="Comma-separated: html, pdf, md.",
)
@click.option("--samples", "-n", type=click.IntRange(min=100), help="SMAA draws.")
@click.option("--seed", type=int, default=0, show_default=True, help="SMAA seed.")
@click.option(
    "--date",
    help="Date printed on the paper (default: the workspace's date; 'today' for the clock).",
)
def report(
    project: Path,
    weights: str,
    compare_with: tuple[str, ...],
    out: Path | None,
    formats: str,
    samples: int | None,
    seed: int,
    date: str | None,
) -> None:
    """Write the recommendation paper (HTML, PDF, Markdown), argued from the analysis.

    \b
    options report --weights commissioner.toml
    options report -w dfe --compare dfe --compare council -f html,md --out reports/dfe-council
    """
    from .report.render import FORMATS, Settings, write_report
    from .workspace import load_workspace

    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise OptionsError(f"--format: choose from {', '.join(FORMATS)} (got {formats!r})")
    ws = load_workspace(project)
    names = () if "all" in compare_with else compare_with
    stem = weights[:-5] if weights.endswith(".toml") else weights
    target = out or (ws.root / "reports" / Path(stem).name)
    if out is None:
        target.parent.mkdir(exist_ok=True)
    settings = Settings(weights, names, samples, seed, date)
    for path in write_report(ws, settings, target, wanted):
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--title", default="A new appraisal", show_default=True, help="The appraisal's title."
)
@click.option("--options", "n_options", default=3, show_default=True, help="How many options.")
@click.option(
    "--criteria",
    default=",".join(("quality", "cost", "speed")),
    show_default=True,
    help="Criterion ids, comma-separated.",
)
def init(folder: Path, title: str, n_options: int, criteria: str) -> None:
    """Start a new appraisal: a valid workspace with a commented example of every field.

    \b
    options init my-appraisal --options 4 --criteria capacity,cost,risk
    """
    from .scaffold import scaffold

    files = scaffold(title, n_options, criteria.split(","))
    if folder.exists() and not folder.is_dir():
        raise OptionsError(f"{folder}: exists and is not a folder")
    clash = [rel for rel in ("criteria.toml", "options", "weights") if (folder / rel).exists()]
    if clash:
        raise OptionsError(f"{folder}: already holds a workspace ({clash[0]}); nothing was written")
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as f:  # "x": never replace a file
            f.write(text)
    import tomllib

    n_crit = len(tomllib.loads(files["criteria.toml"])["criteria"])
    click.echo(f"created {folder} with {_n(n_options, 'option')} and {_n(n_crit, 'criterion')}")
    click.echo(f"next: options validate -p {folder}  then  options rank -p {folder} -w example")


@cli.command()
@project_option
@click.option("--strict", is_flag=True, help="Exit with status 1 when there are findings.")
@format_option
def check(project: Path, strict: bool, fmt: str) -> None:
    """Check the appraisal's method: known mistakes, each with why it matters and a reference."""
    from .check import check as run_checks
    from .formats import Table
    from .value import decision_matrix
    from .workspace import load_stakeholders, load_workspace, weights_paths

    ws = load_workspace(project)
    sts = load_stakeholders(ws) if weights_paths(ws) else ()
    findings = run_checks(ws, decision_matrix(ws), sts)
    table = Table(
        columns=("Finding", "Where", "What", "Why it matters", "Reference"),
        rows=tuple((f.code, f.where, f.message, f.why, f.reference) for f in findings),
        title=f"{ws.title}: {_n(len(findings), 'finding')}",
    )
    data = {"findings": [f.__dict__ for f in findings], "count": len(findings)}
    if fmt == "table":
        lines = [table.title, ""]
        for f in findings:
            lines += [
                f"warning [{f.code}] {f.where}: {f.message}",
                f"    why: {f.why}",
                f"    see: {f.reference}",
            ]
        click.echo("\n".join(lines if findings else [f"{ws.title}: no findings."]))
    else:
        _emit(fmt, [table], data)
    if strict and findings:
        sys.exit(EXIT_USER_ERROR)


@cli.command()
@project_option
def validate(project: Path) -> None:
    """Check a workspace and list what is wrong, or confirm it is valid."""
    from .workspace import load_stakeholders, load_workspace, unmapped_statements, weights_paths

    problems = []
    ws = None
    try:
        ws = load_workspace(project)
    except OptionsError as exc:
        problems.extend(exc.problems)
    if ws is not None and weights_paths(ws):
        try:
            sts = load_stakeholders(ws)
        except OptionsError as exc:
            problems.extend(exc.problems)
            sts = ()
    else:
        sts = ()
    if problems:
        for p in problems:
            click.echo(f"error: {p}", err=True)
        click.echo(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found.", err=True)
        sys.exit(EXIT_USER_ERROR)
    assert ws is not None
    warnings = unmapped_statements(ws)
    if not sts:
        click.echo("warning: weights/: no weights files yet; add one per stakeholder")
    for w in warnings:
        click.echo(f"warning: {w}")
    n_stmt = sum(len(o.benefits) + len(o.risks) for o in ws.options)
    click.echo(
        f"{ws.root}: valid. {_n(len(ws.criteria), 'criterion')}, {_n(len(ws.options), 'option')}, "
        f"{_n(len(sts), 'stakeholder')}, {n_stmt} benefits and risks "
        f"({n_stmt - len(warnings)} mapped to criteria)."
    )


def _n(k: int, noun: str) -> str:
    plural = {"criterion": "criteria"}.get(noun, noun + "s")
    return f"{k} {noun if k == 1 else plural}"


def main() -> None:
    cli(prog_name="options")
