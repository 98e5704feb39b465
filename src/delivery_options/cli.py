"""The ``options`` command line: each command parses its arguments, calls the core
(:class:`~delivery_options.appraisal.Appraisal`) and renders the result.

One vocabulary everywhere: ``-p/--project`` for the workspace, ``-w/--weights`` for
stakeholders (repeat it to name several), ``-f/--format`` (text, markdown or md, csv, json),
``--table`` to pick one table, ``-o/--output`` to write a file instead of standard output.
Errors from the core name concepts; :func:`_fail` prints them once, naming the flag the running
command has for the concept (see :func:`_flag`), if any.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import OptionsError, Problem

EXIT_USER_ERROR = 1

#: The flag through which the command line gives each concept the core may complain about.
FLAGS = {
    "stakeholder": "-w/--weights",
    "samples": "-n/--samples",
    "seed": "--seed",
    "output": "-o/--output",
    "table": "--table",
    "format": "-f/--format",
    "hull": "--hull",
    "top": "--top",
    "options": "--options",
    "criteria": "--criteria",
    "workspace": "-p/--project",
    "title": "--title",
    "scope": "--all",
    "option": "OPTION",
    "answers": "--answers",
    "port": "--port",
    "host": "--host",
    "date": "--date",
    "limit": "--limit",
}

TABLE_FORMATS = ("text", "markdown", "csv", "csv-excel", "json")
ALIASES = {"table": "text", "md": "markdown"}


class _Command(click.Command):
    """A command that reports a user error as one line, naming the flag it came through."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except OptionsError as exc:
            _fail(ctx, exc)

    def invoke(self, ctx: click.Context):
        from .files import new_run

        new_run()  # the files this command reads are its inputs, and no others
        try:
            return super().invoke(ctx)
        except OptionsError as exc:
            _fail(ctx, exc)


class _Cli(click.Group):
    command_class = _Command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OptionsError as exc:  # outside any one command: no flag to name
            _fail(ctx, exc)


def _fail(ctx: click.Context, exc: OptionsError):
    _error(": ".join(part for part in (_flag(ctx, exc.about), exc.where) if part), exc.detail)
    ctx.exit(exc.exit_code)


def _flag(ctx: click.Context, about: str) -> str:
    """The flag (or argument) of the running command for the concept ``about``, or nothing:
    when the command has no such flag, or the flag takes a value the user did not give (the
    value came from a default, so there is nothing typed to point at). An on/off switch is
    named even when not given (``--all``): adding it may be the remedy."""
    from click.core import ParameterSource

    flag = FLAGS.get(about)
    if flag is None:
        return ""
    for param in ctx.command.params:
        if isinstance(param, click.Option):
            ours = bool(set(flag.split("/")) & set(param.opts))
        else:
            ours = (param.metavar or param.name or "").upper().strip("[].") == flag
        if ours:
            given = ctx.get_parameter_source(param.name) in (
                ParameterSource.COMMANDLINE,
                ParameterSource.ENVIRONMENT,
                ParameterSource.PROMPT,
            )
            switch = isinstance(param, click.Option) and param.is_flag
            return flag if given or switch else ""
    return ""


def _error(where: str, text: str) -> None:
    """``error: WHERE: TEXT`` on standard error. On a terminal, or when COLUMNS is set, the text
    is wrapped to the width with continuation lines indented and ``error: WHERE:`` kept whole on
    the first line; otherwise it is one line, for scripts that read it."""
    from .present.escape import terminal

    where, text = terminal(where), terminal(text)  # a name cannot forge a line or move the cursor
    head = f"error: {where}:" if where else "error:"
    width = _error_width()
    if width is None:
        click.echo(f"{head} {text}", err=True)
        return
    from .present.text import display_width, wrap

    indent = "    "
    room = width - display_width(head) - 1
    words = text.split(" ")
    if room >= 20 and display_width(words[0]) <= room:
        first = wrap(text, room)
        lines, rest = [f"{head} {first[0]}"], " ".join(first[1:])
    else:  # a long head stands alone, whole
        lines, rest = [head], text
    if rest:
        lines += [indent + line for line in wrap(rest, max(width - len(indent), 20))]
    click.echo("\n".join(lines), err=True)


def _error_width() -> int | None:
    """The width to wrap errors to: COLUMNS when set, else standard error's terminal; None when
    standard error is not a terminal (a pipe or a file: one line per problem)."""
    import os

    from .present.text import terminal_width

    if os.environ.get("COLUMNS", "").strip():
        return terminal_width()
    try:
        if sys.stderr is None or not sys.stderr.isatty():
            return None
    except (AttributeError, ValueError):
        return terminal_width()
    return terminal_width(sys.stderr)


# --- shared options ----------------------------------------------------------------------------


def _project_root(ctx: click.Context) -> Path:
    return Path(ctx.params.get("project") or ".")


def _complete_stakeholders(ctx: click.Context, param, incomplete: str):
    from click.shell_completion import CompletionItem

    from .model.weights import weights_paths

    try:
        paths = weights_paths(_project_root(ctx))
    except OSError:
        return []
    return [CompletionItem(p.stem) for p in paths if p.stem.startswith(incomplete)]


def _complete_options(ctx: click.Context, param, incomplete: str):
    from click.shell_completion import CompletionItem

    folder = _project_root(ctx) / "options"
    try:
        stems = sorted(p.stem for p in folder.glob("*.toml"))
    except OSError:
        return []
    return [CompletionItem(s) for s in stems if s.startswith(incomplete)]


project_option = click.option(
    "--project",
    "-p",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default="the current folder",
    is_eager=True,  # read first, so that completion of names can look in it
    help="The appraisal workspace (holds criteria.toml, options/, weights/).",
)


def weights_option(required: bool = False, several: bool = False, help: str = ""):
    return click.option(
        "--weights",
        "-w",
        "weights",
        required=required,
        multiple=several,
        shell_complete=_complete_stakeholders,
        help=help
        or "A stakeholder: a name in weights/ (commissioner or commissioner.toml) or a path.",
    )


all_option = click.option(
    "--all",
    "all_options",
    is_flag=True,
    help="Appraise every option, not only the short list that passes the requirements.",
)


class _TableFormat(click.Choice):
    """A table format; any other is one error line naming this command's formats, and where the
    paper's formats come from."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and value.lower() in self.choices:
            return value.lower()
        command = f"options {ctx.command.name}" if ctx is not None else "this command"
        raise OptionsError(
            f"{command} writes text, markdown (md), csv, csv-excel or json, not {str(value)!r}; "
            "PDF, HTML and Word come from `options report`",
            "format",
        )


def _normal_format(ctx, param, value: str) -> str:
    return ALIASES.get(value, value)


def output_options(f):
    """-f/--format, --table and -o/--output, as every table-writing command takes them."""
    f = click.option(
        "--output",
        "-o",
        type=click.Path(path_type=Path),
        help="Write to this file instead of standard output (its folder is created when that "
        "folder's parent exists).",
    )(f)
    f = click.option(
        "--table",
        "table",
        help="Only this table (by name; for csv, the one table written: default the first).",
    )(f)
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=_TableFormat((*TABLE_FORMATS, *ALIASES)),
        default="text",
        show_default=True,
        callback=_normal_format,
        help="Output format (md = markdown, table = text; csv-excel: csv with a byte-order "
        "mark, so that Excel reads it as UTF-8).",
    )(f)


def _workspace(project: Path) -> None:
    """Stop when ``project`` is a folder with none of criteria.toml, options/ and weights/: not
    a workspace at all (most often: the command was run in the wrong folder). The error says
    where it looked and how to name a workspace or start one."""
    if not project.is_dir() or any(
        (project / name).exists() for name in ("criteria.toml", "options", "weights")
    ):
        return  # the core reports a missing folder, or a workspace's missing files
    shown = f"{Path.cwd()} (the current folder)" if str(project) == "." else str(project)
    raise OptionsError(
        Problem(
            "criteria.toml",
            "",
            f"not found in {shown}, which is not an appraisal workspace; give the workspace "
            "with -p FOLDER, or start one with `options init FOLDER`",
        ),
        "workspace",
    )


def _open(project: Path, all_options: bool = False, **defaults):
    from .appraisal import Appraisal

    _workspace(project)
    return Appraisal.open(project, all_options=all_options, **defaults)


def _emit(result, fmt: str, table: str | None, output: Path | None) -> None:
    """Render a result and write it to standard output (no ``output``, or ``-``) or,
    atomically, to ``output``: never over a device, a folder or an input of the run. JSON is
    written in chunks as it is made, never held whole."""
    from .present import render

    if fmt == "csv-excel":
        from .present.csv import for_excel

        data = for_excel(render(result, "csv", table=table))
    else:
        data = None
    path = None
    if output is not None and str(output) != "-":
        from .files import output_path

        ws = getattr(result, "workspace", None)
        path = output_path(output, getattr(ws, "root", None))
    if fmt == "json":
        from .present.json import json_chunks

        texts = json_chunks(result.document())
    elif data is None:
        texts = iter((render(result, fmt, table=table),))
    if path is not None:
        from .files import write_atomic

        write_atomic(path, data if data is not None else (t.encode("utf-8") for t in texts))
        _wrote(path)  # as report and elicit say it: standard error stays empty
        return
    if data is not None:  # bytes, so that no console encoding can alter the mark or the text
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    for text in texts:
        click.echo(text, nl=False)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="options")
def cli() -> None:
    """Transparent, reproducible appraisal of alternative delivery options.

    \b
    Examples, from inside a workspace folder:
      options validate
      options rank -w commissioner
      options compare -f markdown
      options report -w commissioner
    """


# --- the commands ------------------------------------------------------------------------------


@cli.command()
@project_option
@output_options
def validate(project: Path, fmt: str, table: str | None, output: Path | None) -> None:
    """Check every file of a workspace and list every problem at once."""
    from .appraisal import Appraisal

    if fmt == "text" and output is None:  # a reader, not a script: say what to do
        _workspace(project)
    result = Appraisal.validate(project)
    if fmt != "text" or output is not None:
        _emit(result, fmt, table, output)
    elif not result.valid:
        for p in result.problems:
            _error(p.where, p.message)
        click.echo(result.summary(), err=True)
    else:
        for w in result.warnings:
            _say(f"warning: {w}")
        _say(result.summary())
    if not result.valid:
        sys.exit(EXIT_USER_ERROR)


@cli.command()
@project_option
@weights_option(required=True, help="Whose weights rank the options.")
@all_option
@output_options
def rank(
    project: Path,
    weights: str,
    all_options: bool,
    fmt: str,
    table: str | None,
    output: Path | None,
) -> None:
    """Rank the options under one stakeholder's weights, with each criterion's contribution."""
    _emit(_open(project, all_options).rank(weights), fmt, table, output)


@cli.command()
@project_option
@weights_option(required=True, help="Whose weights value the options.")
@all_option
@output_options
def value(
    project: Path,
    weights: str,
    all_options: bool,
    fmt: str,
    table: str | None,
    output: Path | None,
) -> None:
    """Value for money: each option's value beside its present cost, the efficient
    frontier, the cost of each extra value point, the choice and cost switching values."""
    _emit(_open(project, all_options).value_for_money(weights), fmt, table, output)


@cli.command()
@project_option
@weights_option(several=True, help="Stakeholders to compare (repeat -w); default: every one.")
@all_option
@output_options
def compare(
    project: Path,
    weights: tuple[str, ...],
    all_options: bool,
    fmt: str,
    table: str | None,
    output: Path | None,
) -> None:
    """Compare the stakeholders: ranks side by side, regret, the options any blend of their
    weights could put first, a compromise, common ground and rank agreement."""
    _emit(_open(project, all_options).compare(weights or None), fmt, table, output)


@cli.command()
@project_option
@weights_option(required=True, help="The stakeholder whose ranking is tested.")
@click.option(
    "--solver",
    type=click.Choice(["auto", "cbc", "highs"]),
    default="auto",
    show_default=True,
    help="LP solver: HiGHS (auto; CBC if HiGHS cannot load) or PuLP's bundled CBC (to cross-check).",
)
@click.option(
    "--top", default=3, show_default=True, help="How many top options' scores are tested."
)
@all_option
@output_options
def sensitivity(
    project: Path,
    weights: str,
    solver: str,
    top: int,
    all_options: bool,
    fmt: str,
    table: str | None,
    output: Path | None,
) -> None:
    """How robust is one stakeholder's ranking? Switching values and robust choice."""
    app = _open(project, all_options, solver=solver)
    _emit(app.sensitivity(weights, top=top), fmt, table, output)


@cli.command()
@project_option
@weights_option(
    several=True,
    help="Sample within this stakeholder's acceptable weights; with --hull, the stakeholders "
    "whose blends are sampled (repeat -w; default: every one).",
)
@click.option("--hull", is_flag=True, help="Sample blends of the stakeholders' weights.")
@click.option(
    "--samples",
    "-n",
    type=int,
    help="Draws (default: enough for ±0.01 on every index at 95%).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (0 or more).")
@click.option("--allow-large", is_flag=True, help="Accept more than 10,000,000 draws.")
@all_option
@output_options
def smaa(
    project: Path,
    weights: tuple[str, ...],
    hull: bool,
    samples: int | None,
    seed: int,
    allow_large: bool,
    all_options: bool,
    fmt: str,
    table: str | None,
    output: Path | None,
) -> None:
    """Stochastic robustness (SMAA-2): how often each option takes each rank when the weights
    and the scores vary within what is plausible.

    \b
    options smaa                    no preference information: any weights
    options smaa -w commissioner    weights the commissioner would accept
    options smaa --hull             blends of every stakeholder's weights
    options smaa --hull -w council -w dfe
                                    blends of the council's and the DfE's
    """
    if not hull and len(weights) > 1:
        raise OptionsError("name one stakeholder, or add --hull to sample blends", "stakeholder")
    app = _open(project, all_options)
    kwargs = {"samples": samples, "seed": seed, "allow_large": allow_large}
    k = samples if samples is not None else app.samples_for()
    with _progress(k) as tick:
        if hull:
            result = app.smaa(hull=list(weights) or True, progress=tick, **kwargs)
        else:
            result = app.smaa(weights[0] if weights else None, progress=tick, **kwargs)
    _emit(result, fmt, table, output)


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
@weights_option(
    required=True,
    several=True,
    help="Whose weights the paper rests on; repeat -w to name the stakeholders it compares "
    "(default: every one).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Output path; each format adds its extension unless the path ends with it, and its "
    "folder is created when that folder's parent exists (default: reports/<stakeholder>).",
)
@click.option(
    "--format",
    "-f",
    "formats",
    default="html,pdf,md",
    show_default=True,
    help="Comma-separated: html, pdf (tagged, accessible), md (or markdown), docx (Word).",
)
@click.option(
    "--kind",
    type=click.Choice(["paper", "submission"]),
    default="paper",
    show_default=True,
    help="paper: the full options paper; submission: a two-page submission to the decision-maker.",
)
@click.option("--samples", "-n", type=int, help="SMAA draws.")
@click.option("--seed", type=int, default=0, show_default=True, help="SMAA seed.")
@click.option(
    "--date",
    callback=lambda ctx, param, value: _calendar_date(value),
    help="Date printed on the paper, YYYY-MM-DD (default: the workspace's date; 'today' for "
    "the clock).",
)
@all_option
def report(
    project: Path,
    weights: tuple[str, ...],
    output: Path | None,
    formats: str,
    kind: str,
    samples: int | None,
    seed: int,
    date: str | None,
    all_options: bool,
) -> None:
    """Write the options paper or a two-page submission (HTML, PDF, Markdown, Word), argued from
    the analysis. Stages are shown on standard error when it is a terminal.

    \b
    options report -w commissioner
    options report -w commissioner --kind submission -f pdf,docx
    options report -w dfe -w council -f html,md -o reports/dfe-council
    """
    from .files import confined, output_path
    from .paper.render import FORMATS, PdfUnavailable, Settings, progress_printer, write_report

    wanted = tuple(
        ALIASES.get(f, f).replace("markdown", "md").replace("word", "docx")
        for f in (x.strip().lower() for x in formats.split(","))
        if f
    )
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise OptionsError(f"choose from {', '.join(FORMATS)} (got {formats!r})", "format")
    app = _open(project, all_options)
    lead = app.stakeholder(weights[0])
    name = Path(lead.id).name + ("-submission" if kind == "submission" else "")
    if output is not None:
        output = _report_stem(output, wanted, FORMATS)
    if output is None:  # the workspace's own reports/ folder: a stranger may have linked it out
        root = app.workspace.root
        folder = root / "reports"
        if folder.is_symlink():
            raise OptionsError("reports/ is a link; write elsewhere with -o", "output")
        confined(root, folder, "reports/")
    target = output_path(output or app.workspace.root / "reports" / name, app.workspace.root)
    for f in wanted:  # each file the report writes, checked before anything is computed
        output_path(target.with_name(f"{target.name}.{f}"), app.workspace.root)
    settings = Settings(weights[0], tuple(weights[1:]), samples, seed, date, kind)
    try:
        written = write_report(app, settings, target, wanted, progress_printer())
    except PdfUnavailable as exc:  # the other formats were written: say so, then fail
        for path in exc.written:
            _wrote(path)
        raise
    for path in written:
        _wrote(path)


def _calendar_date(value: str | None) -> str | None:
    """A real calendar date (``2016-02-30`` is refused), or ``today``."""
    import datetime as dt

    if value is None or value == "today":
        return value
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        from .present.escape import terminal

        raise OptionsError(
            f"{terminal(value)!r} is not a calendar date; give YYYY-MM-DD or 'today'", "date"
        ) from None


def _report_stem(path: Path, wanted: tuple[str, ...], known: tuple[str, ...]) -> Path:
    """The report's path without the extension each file gets: ``-o r.md -f md`` writes r.md,
    not r.md.md; with several formats, a report extension on the path is dropped
    (``-o r.md -f md,html`` writes r.md and r.html)."""
    ext = path.suffix[1:].lower()
    if (len(wanted) == 1 and ext == wanted[0]) or (len(wanted) > 1 and ext in known):
        return path.with_suffix("")
    return path


@cli.command()
@project_option
@output_options
def screen(project: Path, fmt: str, table: str | None, output: Path | None) -> None:
    """Screen the long list against the must-meet requirements: pass or fail with the reason,
    the short list, and what could change within the scores' plausible ranges."""
    _emit(_open(project).screen(), fmt, table, output)


@cli.command()
@project_option
@click.argument("options", nargs=-1, metavar="[OPTION]...", shell_complete=_complete_options)
@output_options
def risks(
    project: Path, options: tuple[str, ...], fmt: str, table: str | None, output: Path | None
) -> None:
    """Each option's risk register ranked by likelihood x impact, before and after mitigation,
    and the options' risk profiles compared (default: the short-listed options).

    \b
    options risks
    options risks trust-with-council executive-commissioner
    """
    _emit(_open(project).risks(options or None), fmt, table, output)


@cli.command()
@project_option
@weights_option(required=True, help="The stakeholder whose statements are examined.")
@click.option(
    "--pairs",
    is_flag=True,
    help="List every pair of options the statements settle, whatever their number (by "
    "default only up to 100 options; above that, each option's counts).",
)
@output_options
def infer(
    project: Path, weights: str, pairs: bool, fmt: str, table: str | None, output: Path | None
) -> None:
    """What a stakeholder's statements say about its weights: whether they are consistent, which
    conflict, the weights inferred from them and their ranges, and which options come first
    under every (or some) weighting compatible with them."""
    from dataclasses import replace

    _emit(replace(_open(project).infer(weights), pairs=pairs), fmt, table, output)


@cli.command()
@project_option
@click.argument("stakeholder", shell_complete=_complete_stakeholders)
@click.option("--name", help="The stakeholder's name as the paper shows it.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=12,
    show_default=True,
    help="At most this many questions (1 or more).",
)
@click.option(
    "--answers",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Replay the answers in this file, one a line, instead of asking.",
)
@click.option("--force", is_flag=True, help="Replace an existing weights file.")
def elicit(
    project: Path,
    stakeholder: str,
    name: str | None,
    limit: int,
    answers: Path | None,
    force: bool,
) -> None:
    """Interview a stakeholder in the terminal and write weights/STAKEHOLDER.toml: swing
    weighting, then questions between two made-up options, each chosen to settle which option
    comes first. Every answer is checked against the earlier ones at once.

    \b
    options elicit council
    options elicit council --answers council-answers.txt --force
    """
    import datetime as dt
    import re
    import tempfile

    from .files import write_set
    from .interview import Asker, interview, read_answers, weights_file
    from .model.weights import load_stakeholder
    from .present.words import counted

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", stakeholder):
        raise OptionsError(
            f"'{stakeholder}' is not a usable id (letters, digits, - and _; start with a letter)",
            "stakeholder",
        )
    from .model.toml import MAX_NAME

    if name is not None and (len(name) > MAX_NAME or not name.strip()):
        why = (
            f"is {len(name):,} characters; a name holds at most {MAX_NAME:,}"
            if name.strip()
            else "is empty"
        )
        raise OptionsError(f"--name {why}", "name")
    app = _open(project)
    target = app.long_list.root / "weights" / f"{stakeholder}.toml"
    _elicit_target(app.long_list.root, target, stakeholder)  # before a single question
    if target.exists() and not force:
        raise OptionsError(f"{target} exists; add --force to replace it", "stakeholder")
    if name is None and target.exists():
        name = app._raw(stakeholder).name
    ask = Asker(read_answers(answers, app.long_list.root) if answers else None)
    label, statements, _ = interview(app, stakeholder, ask, limit, name)
    text = weights_file(label, statements, dt.date.today().isoformat())
    ws = app.long_list
    with tempfile.TemporaryDirectory() as tmp:  # the file must load before it is written
        trial = Path(tmp) / f"{stakeholder}.toml"
        trial.write_text(text, encoding="utf-8")
        app._settle(load_stakeholder(Path(tmp), ws.criterion_ids, trial, ws.option_ids))
    target.parent.mkdir(exist_ok=True)
    try:  # again: a file may have been saved under this id while the questions were asked
        _elicit_target(app.long_list.root, target, stakeholder)
        if target.exists() and not force:
            raise OptionsError(f"{target} exists; add --force to replace it", "stakeholder")
    except OptionsError as exc:
        kept = _keep_answers(app.long_list.root, stakeholder, text)
        raise OptionsError(
            f"not saved, as the file changed during the interview ({exc}); the answers are in "
            f"{kept.name}: move it into weights/ to use them",
            "stakeholder",
        ) from None
    write_set({target: text.encode("utf-8")})
    _wrote(
        target, f" ({counted(len(statements), 'statement')}); try: options infer -w {stakeholder}"
    )


def _keep_answers(root: Path, stakeholder: str, text: str) -> Path:
    """The interview's file beside the workspace's folders (never in weights/, so it is no
    stakeholder until moved there), under a name no file has: created exclusively."""
    for n in range(1, 1000):
        path = root / f"{stakeholder}-answers{'' if n == 1 else f'-{n}'}.toml"
        try:
            with open(path, "x", encoding="utf-8") as f:
                f.write(text)
            return path
        except FileExistsError:
            continue
    raise OptionsError("no free name to keep the answers under", "stakeholder")


def _elicit_target(root: Path, target: Path, stakeholder: str) -> None:
    """Refuse, before the interview starts, a target that is not a plain file or whose id is
    already a stakeholder's in any folder of weights/ under the identity rule (case and Unicode
    normalisation ignored), or whose name the file system cannot hold."""
    from .files import _name_max, confined
    from .model.ids import same, unportable
    from .model.weights import weights_paths

    if why := unportable(stakeholder):
        raise OptionsError(why, "stakeholder")
    wdir = root / "weights"
    if wdir.is_symlink():  # a stranger's link out of the workspace: never written through
        raise OptionsError(
            "weights/ is a link; the new file would be written outside", "stakeholder"
        )
    if wdir.exists():
        confined(root, wdir, "weights/")
    if len(target.name.encode()) > _name_max(wdir if wdir.is_dir() else root):
        raise OptionsError(
            f"the id is too long for a file name here (at most {_name_max(root) - 5} bytes)",
            "stakeholder",
        )
    for p in weights_paths(root):
        if same(p.stem, stakeholder) and p != target:
            raise OptionsError(
                f"weights/{p.relative_to(wdir).as_posix()} already has the id '{p.stem}' "
                "(ids ignore case and Unicode normalisation); choose another id",
                "stakeholder",
            )
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise OptionsError(f"{target} is not a plain file; choose another id", "stakeholder")


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
@click.option(
    "--tree",
    is_flag=True,
    help="Group the criteria under objectives (benefits; costs and risks), with weights on each.",
)
def init(folder: Path, title: str, n_options: int, criteria: str, tree: bool) -> None:
    """Start a new appraisal: a valid workspace with a commented example of every field.

    \b
    options init my-appraisal --options 4 --criteria capacity,cost,risk
    options init my-appraisal --tree      # the criteria grouped under objectives
    """
    from .model.scaffold import create, scaffold

    files = scaffold(title, n_options, criteria.split(","), tree)
    create(folder, files)
    import tomllib

    n_crit = len(tomllib.loads(files["criteria.toml"])["criteria"])
    from .present.escape import terminal
    from .results.check import counted

    shown = terminal(folder)
    click.echo(
        f"created {shown} with {counted(n_options, 'option')} and {counted(n_crit, 'criterion')}"
    )
    # one command a line, so that each fits 80 columns whole and can be copied
    click.echo(f"next:\n  options validate -p {shown}\n  options rank -p {shown} -w example")


@cli.command()
@project_option
@click.option("--strict", is_flag=True, help="Exit with status 1 when there are findings.")
@output_options
def check(project: Path, strict: bool, fmt: str, table: str | None, output: Path | None) -> None:
    """Check the appraisal's method: known mistakes, each with why it matters and a reference."""
    result = _open(project).check()
    _emit(result, fmt, table, output)
    if strict and result.findings:
        sys.exit(EXIT_USER_ERROR)


@cli.command()
@project_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="The port, 1 to 65535, or 0 for any free one (default: the first free one from 8750 "
    "to 8759).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The interface to listen on; anything but this computer's own is a risk.",
)
@click.option("--no-browser", is_flag=True, help="Print the address; do not open a browser.")
def serve(project: Path, port: int | None, host: str, no_browser: bool) -> None:
    """The decision-conference view: move the weights in a browser and see the ranking change.

    The page also shows the short list (and why the other options are not on it), what a
    stakeholder has said and whether it holds, and asks the questions of `options elicit`,
    saving the answers in weights/.

    \b
    options serve                 opens the browser at the live model
    options serve --no-browser    prints the address (with its token)
    """
    from .present.escape import terminal
    from .serve import run

    _workspace(project)
    _host(host)
    run(
        project,
        host=host,
        port=port,
        browser=not no_browser,
        say=lambda text: click.echo(terminal(text)),
        warn=lambda text: click.echo(terminal(text), err=True),
    )


def _host(host: str) -> None:
    """Refuse a ``--host`` that no system could look up (a NUL, a label over 63 characters, a
    name over 253), in one line, before the server starts."""
    from .present.escape import terminal

    bare = host.strip("[]")
    try:
        ok = "\0" not in host and (":" in bare or len(bare.encode("idna")) <= 253)
    except UnicodeError:
        ok = False
    if not ok:
        raise OptionsError(
            f"{terminal(host)[:80]!r} is not a host name or address (such as 127.0.0.1)", "host"
        )


def _wrote(path: Path, more: str = "", err: bool = False) -> None:
    """``wrote PATH``, the path escaped for the terminal."""
    from .present.escape import terminal

    click.echo(f"wrote {terminal(path)}{more}", err=err)


def _say(text: str) -> None:
    """A message wrapped to the terminal, continuation lines indented, controls made visible."""
    from .present.text import terminal_width, visible, wrap

    lines = wrap(visible(text), terminal_width())
    first, rest = lines[0], " ".join(lines[1:])
    click.echo(first)
    if rest:
        click.echo("\n".join("    " + line for line in wrap(rest, terminal_width() - 4)))


def _usage_words(exc: click.UsageError) -> str:
    """click's complaint about the command line as one clause, with where to read more."""
    text = " ".join(exc.format_message().split()).rstrip(".")
    if text[:2].isalpha() and text[1].islower():
        text = text[0].lower() + text[1:]
    where = exc.ctx.command_path if exc.ctx is not None else "options"
    param = getattr(exc, "param", None)
    if isinstance(exc, click.MissingParameter) and param is not None and param.name == "weights":
        text += _stakeholders_named(exc.ctx)
    return f"{text} (see {where} --help)"


def _stakeholders_named(ctx: click.Context | None, most: int = 8) -> str:
    """Which stakeholders the workspace has, for a command run without one: '; name one of
    this workspace's stakeholders: a, b and c'."""
    from .model.weights import weights_paths
    from .present.escape import terminal

    try:
        names = [terminal(p.stem) for p in weights_paths(_project_root(ctx))] if ctx else []
    except (OSError, OptionsError):
        return ""
    if not names:
        return ""
    shown = names[:most] + ([f"{len(names) - most} more"] if len(names) > most else [])
    listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"
    return f"; name one of this workspace's stakeholders: {listed}"


#: Each command's summary in ``options --help``, whole at 80 columns (click cuts a longer first
#: sentence of the command's help short with "...").
SUMMARIES = {
    "check": "Check the appraisal's method for known mistakes",
    "compare": "Compare the stakeholders: ranks, regret, a compromise",
    "elicit": "Interview a stakeholder and write its weights file",
    "infer": "What a stakeholder's statements say about its weights",
    "init": "Start a new appraisal: a valid, commented workspace",
    "rank": "Rank the options under one stakeholder's weights",
    "report": "Write the options paper or a two-page submission",
    "risks": "Each option's risk register, ranked, and their profiles",
    "screen": "Screen the long list against the must-meet requirements",
    "sensitivity": "How robust is one stakeholder's ranking?",
    "serve": "The decision-conference view, in a browser",
    "smaa": "How often each option takes each rank as the inputs vary",
    "validate": "Check every file of a workspace and list every problem",
    "value": "Value for money: each option's value beside its cost",
}
for _name, _summary in SUMMARIES.items():
    cli.commands[_name].short_help = _summary


def main() -> None:
    import os

    if sys.stdout is None or sys.stdout.closed:
        sys.stderr.write("error: standard output is closed; nothing was written\n")
        sys.exit(EXIT_USER_ERROR)
    for stream in (sys.stdout, sys.stderr):  # a name the encoding cannot show: an escape
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not (epoch.isascii() and epoch.isdigit() and len(epoch) <= 11):
        from .present.escape import terminal

        sys.stderr.write(
            f"error: SOURCE_DATE_EPOCH is {terminal(repr(epoch))}, not a whole number of "
            "seconds since 1970; set it to one, or unset it\n"
        )
        sys.exit(EXIT_USER_ERROR)
    try:
        try:
            # without standalone mode click returns an exit code rather than exiting with it
            code = cli(prog_name="options", standalone_mode=False)
        finally:
            sys.stdout.flush()
        sys.exit(code if isinstance(code, int) else 0)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:  # one error line, as for every other mistake
        _error("", _usage_words(exc))
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        from .present.escape import terminal

        exc.message = terminal(exc.message)
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.stderr.write("aborted\n")
        sys.exit(130)
    except MemoryError:  # past what the machine holds, inside the supported sizes or not
        _error(
            "",
            "the machine ran out of memory for this workspace; try a smaller one, or one within "
            "the supported sizes (docs/format.md, Supported size)",
        )
        sys.exit(EXIT_USER_ERROR)
    except RuntimeError as exc:  # an LP the core could not solve: a line, not a traceback
        _error("", f"the analysis could not finish: {exc}. Please report this, with the workspace")
        sys.exit(EXIT_USER_ERROR)
    except BrokenPipeError:
        # the reader went away (options rank | head): not an error of ours; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_USER_ERROR)
    except OSError as exc:
        if exc.filename is not None:
            raise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.stderr.write(f"error: could not write the output ({exc.strerror})\n")
        sys.exit(EXIT_USER_ERROR)
