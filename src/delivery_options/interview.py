"""`options elicit`: an interview in the terminal that turns a person's answers into a weights
file of statements (swing weighting, then pairwise questions chosen by
:mod:`delivery_options.methods.elicitation`). Front end only: it asks, checks and writes.

Every prompt reads one line; ``--answers FILE`` replays a file of such lines (a blank line is a
blank answer; lines starting with ``#`` are skipped), so an interview can be repeated exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from .errors import OptionsError
from .present.words import amount, counted

HELP = (
    "Answer a (option A is better), b (option B is better), same, skip (no view), back (take "
    "back the last answer) or stop."
)

#: The replies to a question, as the interview names them in a sentence.
REPLY_NAMES = {"a": "A", "b": "B", "same": "the same"}


def say(text: str, indent: str = "") -> None:
    """A line of the interview, wrapped to the terminal (workspace text made visible)."""
    from .present.text import terminal_width, visible, wrap

    width = max(20, terminal_width() - len(indent))
    click.echo("\n".join(indent + line for line in wrap(visible(text), width)))


class Asker:
    """Reads answers from the terminal, or from a list of lines when replaying."""

    def __init__(self, lines: list[str] | None):
        self.lines: Iterator[str] | None = iter(lines) if lines is not None else None

    def __call__(self, prompt: str) -> str:
        if self.lines is None:
            from .present.escape import terminal

            try:
                return click.prompt(terminal(prompt), default="", show_default=False).strip()
            except click.Abort as exc:  # click's word for Ctrl-C or the end of the input
                if isinstance(exc.__context__, EOFError):
                    click.echo()
                    raise OptionsError(
                        "the input ended before the interview did; nothing was saved"
                    ) from None
                raise KeyboardInterrupt from None
        try:
            line = next(self.lines)
        except StopIteration:
            raise OptionsError(
                "the answers file ended before the interview did", "answers"
            ) from None
        say(f"{prompt}: {line}")
        return line.strip()


#: The largest answers file read: far more than any interview's answers.
MAX_ANSWERS = 1024 * 1024


def read_answers(path: Path, root: Path | None = None) -> list[str]:
    """The answers in a file, one a line (``#`` lines skipped): a regular text file of at most
    :data:`MAX_ANSWERS` bytes, never a device or pipe (which could block or never end); one in
    the workspace ``root`` is read as its other files are, never through a link out of it."""
    from .files import read_input
    from .present.escape import terminal

    shown = terminal(path)
    try:
        data = read_input(path, shown, root, limit=MAX_ANSWERS)
    except OptionsError as exc:
        raise OptionsError(exc.problems, "answers") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:
        raise OptionsError(f"{shown}: is not text (a binary file?)", "answers")
    return [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]


def swings(app, ask: Callable[[str], str], source: str, date: str):
    """Rank the swings, then rate them against the most valued one (a range where unsure)."""
    from .methods.elicitation import swing_statements

    crit = app.workspace.criteria
    click.echo()
    say(
        "Step 1: the swings. For each criterion, imagine an option moving from the worst to "
        "the best on it, all else equal. Which swing matters most to you?"
    )
    for k, c in enumerate(crit, 1):
        lo, hi = c.scale
        worst, best = (hi, lo) if c.direction == "cost" else (lo, hi)
        say(
            f"{k}. {c.name} (from {amount(worst, c.unit)} to {amount(best, c.unit)} on its scale)",
            "  ",
        )
    n = len(crit)
    while True:
        raw = ask(f"Rank all {n}, most valued first (numbers separated by spaces)")
        if raw.lower() in ("stop", "quit"):
            raise OptionsError("the interview was stopped; nothing was written", "answers")
        picks = raw.replace(",", " ").split()
        if not all(p.isdigit() and 1 <= int(p) <= n for p in picks):
            say(
                f"Use the numbers 1 to {n} from the list, e.g. {' '.join(map(str, range(1, n + 1)))}.",
                "  ",
            )
            continue
        if len(set(picks)) != len(picks):
            say("Each number once, please: a swing cannot take two places.", "  ")
            continue
        if len(picks) != n:
            missing = sorted(set(range(1, n + 1)) - {int(p) for p in picks})
            say(f"Rank every swing: {', '.join(map(str, missing))} still to place.", "  ")
            continue
        order = [crit[int(p) - 1].id for p in picks]
        break
    name = {c.id: c.name for c in crit}
    ratings: dict[str, float | tuple[float, float]] = {}
    click.echo()
    say(
        f"Rate each swing against '{name[order[0]]}' (= 100): a number from 0 to 100, a range "
        "such as 60-80 where you are unsure, or blank to leave it unrated."
    )
    for c in order[1:]:
        while True:
            raw = ask(f"  {name[c]}")
            if not raw:
                break
            try:
                parts = [float(x) for x in raw.split("-")]
                lo, hi = (parts[0], parts[0]) if len(parts) == 1 else (parts[0], parts[1])
                if not 0 <= lo <= hi <= 100 or len(parts) > 2:
                    raise ValueError
                ratings[c] = lo if lo == hi else (lo, hi)
                break
            except ValueError:
                say("A number from 0 to 100, or a range low-high (60-80).", "    ")
    try:
        return swing_statements(order, ratings or None, source=source, date=date)
    except ValueError as exc:
        say(f"Those ratings do not fit: {exc}. Rate them again.", "  ")
        return _rate_again(app, ask, source, date, order)


def _rate_again(app, ask: Callable[[str], str], source: str, date: str, order: list[str]):
    """Ask for the ratings again, keeping the ranking, until they follow it."""
    from .methods.elicitation import swing_statements

    name = {c.id: c.name for c in app.workspace.criteria}
    while True:
        ratings: dict[str, float | tuple[float, float]] = {}
        for c in order[1:]:
            raw = ask(f"  {name[c]}")
            try:
                parts = [float(x) for x in raw.split("-")] if raw else []
            except ValueError:
                parts = []
            if len(parts) == 1 and 0 <= parts[0] <= 100:
                ratings[c] = parts[0]
            elif len(parts) == 2 and 0 <= parts[0] <= parts[1] <= 100:
                ratings[c] = (parts[0], parts[1])
        try:
            return swing_statements(order, ratings or None, source=source, date=date)
        except ValueError as exc:
            say(f"Those ratings do not fit: {exc}. Rate them again.", "  ")


def interview(app, who: str, ask: Callable[[str], str], limit: int, name: str | None):
    """Run the interview; return (name, statements, the final state). Ctrl-C ends it with
    nothing saved, and says so on a line of its own (``stop`` is the way to keep the answers)."""
    from .files import Interrupted

    try:
        return _interview(app, who, ask, limit, name)
    except KeyboardInterrupt:
        click.echo()  # off the prompt's line (or the ^C the terminal showed)
        raise Interrupted(
            "interrupted; nothing was saved. To keep the answers given so far, type stop at a "
            f"question instead: they are then saved in weights/{who}.toml"
        ) from None


def _interview(app, who: str, ask: Callable[[str], str], limit: int, name: str | None):
    from .methods.elicitation import (
        answer,
        close,
        next_question,
        possible_replies,
        start,
        tree_levels,
    )

    today = dt.date.today().isoformat()
    label = name or who
    source = f"{label}, interview with options elicit on {today}"
    first = swings(app, ask, source, today)
    dm = app.matrix
    W = app.weight_set(None)
    groups, levels = tree_levels(app.workspace.tree)  # swings of objectives too, top down
    try:
        state = start(
            dm.values,
            dm.options,
            W,
            first,
            limit=limit,
            source=source,
            groups=groups,
            levels=levels,
        )
    except OptionsError:
        raise OptionsError(
            "the swing ratings contradict the ranking; rate the swings again", "answers"
        ) from None
    names = question_names(app.workspace)
    click.echo()
    say(f"Step 2: up to {counted(limit, 'question')} between two made-up options. {HELP}")
    history = [state]
    while (q := next_question(state)) is not None:
        click.echo()
        say(f"Question {len(state.asked) + 1}. {q.text(names, swing_span(app.workspace))}")
        reply = ask("Your answer (a, b, same, skip, back, stop)").lower()
        if reply == "stop":
            state = close(state)
            break
        if reply == "back":
            if len(history) > 1:
                history.pop()
                state = history[-1]
                say("The last answer is taken back.", "  ")
            continue
        if reply not in ("a", "b", "same", "skip"):
            say(HELP, "  ")
            continue
        new = answer(state, q, reply)
        if new.conflict:
            said = [state.statements[k] for k in new.conflict if k < len(state.statements)]
            say("That answer was not kept: it contradicts what you said before:", "  ")
            for s in said:
                say(f"- {statement_words(app.workspace, s)}", "    ")
            fits = " or ".join(REPLY_NAMES[r] for r in possible_replies(state, q))
            say(
                f"Given that, the answer can only be {fits}. Answer again, or type back to "
                "take back your last answer.",
                "  ",
            )
            continue
        state = new
        history.append(state)
        leader = app.workspace.option_label(state.leader)
        say(f"Consistent. First at the weights inferred so far: {leader}.", "  ")
    click.echo()
    say(f"Stopped: {ending(state, app.workspace.option_label, 'your answers')}.")
    return label, state.statements, state


def question_names(ws) -> dict[str, str]:
    """Criterion and objective names for the questions; for a cost, a gain there is less of
    it (an objective's swing: its criteria named, each cost said as such)."""
    out = {
        c.id: f"{c.name} (a gain here is less of it)" if c.direction == "cost" else c.name
        for c in ws.criteria
    }
    for o in ws.tree.objectives:
        beneath = [
            f"{ws.criterion(c).name}, where a gain is less of it"
            if ws.criterion(c).direction == "cost"
            else ws.criterion(c).name
            for c in ws.tree.leaves(o.id)
        ]
        out[o.id] = f"{o.name} ({'; '.join(beneath)})"
    return out


def swing_span(ws) -> Callable[[str, float], str]:
    """What a gain of so many points (of 100) on a criterion is in its own amounts, from its
    worst end: "from £2,000k to £1,000k" for 50 points on a cost on 0-2,000 £k."""

    def span(cid: str, gain: float) -> str:
        if cid not in ws.criterion_ids:
            return ""
        c = ws.criterion(cid)
        lo, hi = c.scale
        step = gain / 100 * (hi - lo)
        start, end = (hi, hi - step) if c.direction == "cost" else (lo, lo + step)
        return f"from {amount(start, c.unit)} to {amount(end, c.unit)}"

    return span


def ending(state, label: Callable[[str], str], whose: str) -> str:
    """Why a stopped interview stopped and what it leaves open, as a clause ("Stopped: ..."):
    the options that can still come first under weightings compatible with ``whose`` answers."""
    if state.necessarily_first is not None:
        first = label(state.necessarily_first)
        return f"{first} comes first under every weighting compatible with {whose}"
    still = [label(o) for o in state.still_first]
    names = " and ".join([", ".join(still[:-1]), still[-1]] if len(still) > 1 else still)
    each = "each " if len(still) > 1 else ""
    can = f"{names} can {each}still come first under weightings compatible with {whose}"
    if state.requested:
        return f"at your request; {can}"
    if len(state.asked) >= state.limit:
        return f"the question limit ({state.limit}) is reached; {can}"
    return (
        f"{can}, but none of the questions left to ask (gains in steps of 5 points) would tell "
        "them apart"
    )


def statement_words(ws, s) -> str:
    """A statement of an interview in plain words, with the workspace's names: "the answer to
    question 3: 70 points on Service quality is better than 100 points on Cost (a gain here is
    less of it)", "the swing ratings: ...", "the ranking of the swings: ..."."""
    from .model.statements import CriteriaOrder, Hypothetical, Prefer, Swing
    from .results.infer import describe

    crit = {c.id: c.name for c in ws.criteria}

    def side(x) -> str:
        on, same = [c for c, _ in x.values], len({v for _, v in x.values}) == 1
        for o in ws.tree.objectives:  # an objective's swing (methods/elicitation.py)
            if len(on) > 1 and same and sorted(on) == sorted(ws.tree.leaves(o.id)):
                return f"{x.values[0][1]:g} points on every criterion of {o.name}"
        return ", ".join(
            f"{v:g} points on {crit[c]}"
            + (" (a gain here is less of it)" if ws.criterion(c).direction == "cost" else "")
            for c, v in x.values
        )

    if isinstance(s, CriteriaOrder):
        return "the ranking of the swings: " + " > ".join(crit[c] for c in s.order)
    if isinstance(s, Swing):
        return "the swing ratings: " + ", ".join(
            f"{crit[c]} {lo:g}" if lo == hi else f"{crit[c]} {lo:g}-{hi:g}"
            for c, lo, hi in s.ratings
        )
    pair = (s.better, s.worse) if isinstance(s, Prefer) else (s.a, s.b)
    if all(isinstance(x, Hypothetical) for x in pair):
        verb = "is better than" if isinstance(s, Prefer) else "is as good as"
        words = f"{side(pair[0])} {verb} {side(pair[1])}"
    else:
        words = describe(s, ws)
    if s.evidence.startswith("answer to question"):
        return f"the {s.evidence}: {words}"
    return f"{s.evidence}: {words}" if s.evidence else words


def weights_file(name: str, statements, date: str, how: str = "options elicit") -> str:
    """The weights file of an interview: its statements, the weights to be inferred from them."""
    from .model.statements import to_toml
    from .model.toml import toml_string

    rationale = (
        f"Elicited in an interview ({how}) on {date}: swing weighting, then pairwise "
        "questions. The weights are inferred from these statements."
    )
    head = (
        f"name = {toml_string(name)}\n"
        'basis = "elicited"\n'
        f"date = {toml_string(date)}\n"
        f"rationale = {toml_string(rationale)}\n"
    )
    return head + "".join("\n" + to_toml(s) for s in statements)
