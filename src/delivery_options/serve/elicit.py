"""The interview of ``options elicit``, asked in the page: swing weighting, then pairwise
questions, each answer checked at once, ``back`` to take the last one back.

The engine (:mod:`delivery_options.methods.elicitation`) is pure; this module keeps each
interview's states (its history, so that an answer can be taken back) under an id the server
makes, and turns a state into the JSON the page shows. The :class:`~.room.Room` holds the
interviews and saves their statements as a weights file.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from ..appraisal import Appraisal
from ..errors import OptionsError
from ..interview import ending, question_names, statement_words
from ..methods.elicitation import (
    Interview,
    Question,
    answer,
    possible_replies,
    start,
    swing_statements,
    tree_levels,
)

#: Check questions (M-MACBETH's redundant judgements, Bana e Costa, De Corte & Vansnick 2012):
#: after the 2nd kept answer and every 3rd after it, one question the answers already settle is
#: asked, to catch a slip; at most this many in an interview.
MAX_CHECKS = 3
CHECK_GAINS = (50.0, 25.0, 75.0, 10.0, 90.0)

#: Judgements in words (M-MACBETH's categories of difference in attractiveness: Bana e Costa
#: and Vansnick 1994; Bana e Costa, De Corte and Vansnick 2012), said of the swing ranked first
#: against another: how much more the first swing is worth. Each is the interval of the other
#: swing's rating against the first (= 100) that the words stand for: no difference is 100, and
#: the six categories cut 0-100 into sixths, rounded to whole points (extreme: the other swing
#: is worth at most 17). "weak to moderate" (hesitating between two) is the interval they span.
#: A rating in words is the interval swing statement of its numbers, nothing more.
JUDGEMENTS: dict[str, tuple[float, float]] = {
    "no difference": (100.0, 100.0),
    "very weak": (83.0, 100.0),
    "weak": (67.0, 83.0),
    "moderate": (50.0, 67.0),
    "strong": (33.0, 50.0),
    "very strong": (17.0, 33.0),
    "extreme": (0.0, 17.0),
}

#: Interviews kept at once; starting one more forgets the oldest.
MAX_INTERVIEWS = 16
#: The most questions an interview may be given.
MAX_LIMIT = 40
REPLY_WORDS = {"a": "A is better", "b": "B is better", "same": "the same", "skip": "skipped"}


@dataclass
class Session:
    """One interview: who it is for, and every state so far (the last is where it stands)."""

    id: str
    stakeholder: str  # the id of the weights file it will be saved as
    name: str
    date: str
    history: list[Interview] = field(default_factory=list)
    saved: str = ""  # the path it was last saved to
    check: Question | None = None  # a check question asked before the engine's next one
    checks: int = 0  # check questions asked so far
    setup: dict[str, Any] = field(default_factory=dict)  # order, ratings, limit: to resume
    events: list[str] = field(default_factory=list)  # replies kept and "back", in turn

    @property
    def state(self) -> Interview:
        return self.history[-1]

    @property
    def question(self) -> Question | None:
        """The question shown: a check question first, else the engine's."""
        return self.check if self.check is not None else self.state.question


class Interviews:
    """The interviews in progress, by id (the server's own random ids, never a path)."""

    def __init__(self) -> None:
        self._open: OrderedDict[str, Session] = OrderedDict()

    def open(
        self, stakeholder: str, name: str, date: str, first: Interview, sid: str | None = None
    ) -> Session:
        while sid is None or sid in self._open:  # 96 random bits, in hex: a kept file's name
            sid = secrets.token_hex(12)  # must pass checks.SAFE_ID (urlsafe may start with - or _)
        session = Session(sid, stakeholder, name, date, [first])
        self._open[sid] = session
        while len(self._open) > MAX_INTERVIEWS:
            self._open.popitem(last=False)
        return session

    def get(self, value: Any) -> Session:
        if not isinstance(value, str) or value not in self._open:
            raise OptionsError(
                "no such interview here (it may have been forgotten when the server restarted, "
                "or after too many others): start it again",
                "interview",
            )
        self._open.move_to_end(value)
        return self._open[value]


def begin(app: Appraisal, order: Any, ratings: Any, limit: Any, source: str, date: str):
    """The swing statements from the page's ranking and ratings, and the interview started
    from them (over the short list, any weights allowed, as ``options elicit`` does)."""
    crit = app.workspace.criterion_ids
    if not isinstance(order, list) or not all(isinstance(c, str) for c in order):
        raise OptionsError("order must be a list of criterion ids, most valued first", "order")
    unknown = [c for c in order if c not in crit]
    if unknown:
        raise OptionsError(f"unknown criterion {_shown(unknown[0])} in the ranking", "order")
    name = {c.id: c.name for c in app.workspace.criteria}
    if len(order) < 2 or len(set(order)) != len(order):
        raise OptionsError("rank at least two different swings", "order")
    given: dict[str, float | tuple[float, float]] = {}
    if ratings is not None:
        if not isinstance(ratings, dict):
            raise OptionsError("ratings must be an object of criterion: rating", "ratings")
        for c, r in ratings.items():
            if c not in order:
                raise OptionsError(f"{name.get(c, _shown(c))} is rated but not ranked", "ratings")
            given[c] = _rating(r, name[c])
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise OptionsError(f"the question limit is a whole number from 1 to {MAX_LIMIT}", "limit")
    try:
        first = swing_statements(order, given or None, source=source, date=date)
    except ValueError as exc:
        raise OptionsError(f"the swing ratings: {_named(str(exc), name)}", "ratings") from None
    dm, W = app.matrix, app.weight_set(None)
    groups, levels = tree_levels(app.workspace.tree)  # swings of objectives too, top down
    try:
        return start(
            dm.values,
            dm.options,
            W,
            first,
            limit=limit,
            source=source,
            solver=app.defaults.solver,
            groups=groups,
            levels=levels,
        )
    except OptionsError:
        raise OptionsError(
            "the swing ratings contradict the ranking (a swing ranked lower is rated higher); "
            "rate the swings again",
            "ratings",
        ) from None


def _named(text: str, name: dict[str, str]) -> str:
    """A message of the engine with criterion names for its ids."""
    for c in sorted(name, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(c)}(?![\w-])", lambda _m, c=c: name[c], text)
    return text


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def judgement(text: str) -> tuple[float, float] | None:
    """The rating interval of a judgement in words (:data:`JUDGEMENTS`), one category or two
    ("weak to moderate"); None when the text is not one."""
    words = " ".join(text.lower().replace("-", " ").split())
    if words in JUDGEMENTS:
        return JUDGEMENTS[words]
    parts = words.split(" to ")
    if len(parts) == 2 and all(p in JUDGEMENTS for p in parts):
        a, b = JUDGEMENTS[parts[0]], JUDGEMENTS[parts[1]]
        return min(a[0], b[0]), max(a[1], b[1])
    return None


def _rating(value: Any, c: str) -> float | tuple[float, float]:
    """A rating: a number, [lo, hi] where unsure, or a judgement in words (:func:`judgement`);
    0 to 100 (``c``: the criterion's name)."""
    if isinstance(value, str):
        found = judgement(value[:80])
        if found is None:
            known = ", ".join(JUDGEMENTS)
            raise OptionsError(
                f"the rating of {c} is a number or [low, high], or in words one of: {known} "
                "(or two, as 'weak to moderate')",
                "ratings",
            )
        lo, hi = found
        return lo if lo == hi else (lo, hi)
    pair = value if isinstance(value, list) else [value, value]
    if len(pair) != 2 or any(isinstance(x, bool) or not isinstance(x, int | float) for x in pair):
        raise OptionsError(f"the rating of {c} is a number or [low, high]", "ratings")
    lo, hi = float(pair[0]), float(pair[1])
    if not 0 <= lo <= hi <= 100:
        raise OptionsError(f"the rating of {c} is from 0 to 100, low first", "ratings")
    return lo if lo == hi else (lo, hi)


def reply(session: Session, value: Any, number: Any) -> dict[str, Any]:
    """Answer the question the interview stands at; a reply that contradicts earlier answers is
    not kept (the state stays where it was). ``number`` is the question the page showed. A check
    question's reply is kept as an answer when it agrees; skipping it drops the check."""
    state = session.state
    q = session.question
    check = session.check is not None
    if q is None:
        raise OptionsError("the interview has stopped: there is no question to answer", "reply")
    if number is not None and number != len(state.asked) + 1:
        raise OptionsError(
            f"that answer was to question {number}, but the interview is at question "
            f"{len(state.asked) + 1}; answer the question shown now",
            "reply",
        )
    if value not in REPLY_WORDS:
        raise OptionsError("answer a, b, same or skip", "reply")
    if check and value == "skip":
        session.check = None
        session.events.append(value)
        return {"kept": True, "reply": value, "conflict": [], "check": True}
    new = answer(state, q, value)
    if new.conflict:
        fits = list(possible_replies(state, q))  # what the earlier answers leave
        return {
            "kept": False,
            "reply": value,
            "conflict": list(new.conflict),
            "possible": fits,
            "check": check,
        }
    session.history.append(new)
    session.events.append(value)
    session.check = None
    if not check and new.question is not None and session.checks < MAX_CHECKS:
        kept = sum(r != "skip" for _, r in new.asked)
        if kept >= 2 and kept % 3 == 2:
            session.check = find_check(new)
            session.checks += session.check is not None
    return {"kept": True, "reply": value, "conflict": [], "check": check}


def find_check(state: Interview) -> Question | None:
    """A question the answers so far settle (one reply only) between two criteria already
    asked about but never against each other, so that a reply against it shows a slip or a
    change of mind. Samples of the compatible set screen the candidates; the margin LPs of
    :func:`possible_replies` confirm."""
    asked = [q for q, r in state.asked if r != "skip"]
    direct = {frozenset((q.first, q.second)) for q in asked}
    order = state.criteria
    crits = sorted({c for q in asked for c in (q.first, q.second) if c in order}, key=order.index)
    P = state.samples
    for i in crits:
        for j in crits:
            if i == j or frozenset((i, j)) in direct:
                continue
            for gain in CHECK_GAINS:
                q = Question(i, 100.0, j, gain)
                if len(P):
                    v = P @ q.row(order)
                    if not ((v > 1e-9).all() or (v < -1e-9).all()):
                        continue
                if len(possible_replies(state, q)) == 1:
                    return q
    return None


def back(session: Session) -> dict[str, Any]:
    """Take back the last answer."""
    if len(session.history) < 2:
        raise OptionsError("there is no answer to take back yet", "back")
    session.history.pop()
    session.check = None
    session.events.append("back")
    return {"taken_back": True}


# --- what the page shows ---------------------------------------------------------------------


def names(app: Appraisal) -> dict[str, str]:
    """Criterion and objective names for the questions (:func:`~..interview.question_names`)."""
    return question_names(app.workspace)


def view(
    app: Appraisal, session: Session, exists: bool, last: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The interview as the page shows it: the question, the answers so far, whether the last
    answer was kept, the first option at the weights inferred so far, and, once it has stopped,
    why and which options can still come first."""
    ws, state = app.workspace, session.state
    label = ws.option_label
    said = names(app)
    crit = {c: ws.node_name(c) for c in (*ws.criterion_ids, *ws.tree.objective_ids)}
    q = session.question

    def side(node: str, gain: float) -> dict[str, Any]:
        beneath = q.beneath(node)
        return {
            "criterion": node,
            "name": crit[node],
            "gain": gain,
            "cost": any(ws.criterion(c).direction == "cost" for c in beneath),
            # an objective's swing: every criterion beneath it, worst to best
            "objective": beneath != (node,),
            "criteria": [crit[c] for c in beneath] if beneath != (node,) else [],
        }

    stopped = ending(state, label, "the answers") if q is None else None
    if last is not None and last.get("conflict"):
        statements = (*state.statements, None)  # the reply not kept comes last
        last = {
            **last,
            "conflict": [
                statement_words(ws, statements[k])
                for k in last["conflict"]
                if statements[k] is not None
            ],
        }
    return {
        "interview": session.id,
        "stakeholder": {
            "id": session.stakeholder,
            "name": session.name,
            "path": f"weights/{session.stakeholder}.toml",
            "exists": exists,
        },
        "limit": state.limit,
        "asked": len(state.asked),
        "question": None
        if q is None
        else {
            "number": len(state.asked) + 1,
            "text": q.text(said),
            "a": side(q.first, q.gain_first),
            "b": side(q.second, q.gain_second),
            "check": session.check is not None,
        },
        "stopped": stopped,
        "leader": {"option": state.leader, "label": label(state.leader)},
        "necessarily_first": state.necessarily_first,
        "still_first": list(state.still_first),
        "weights": {c: float(w) for c, w in zip(state.criteria, state.weights, strict=True)},
        "answers": [
            {
                "number": k,
                "question": _short(question, crit),
                "reply": r,
                "words": REPLY_WORDS[r],
            }
            for k, (question, r) in enumerate(state.asked, 1)
        ],
        "statements": [statement_words(ws, s) for s in state.statements],
        "can_back": len(session.history) > 1,
        "last": last,
        "saved": session.saved,
    }


def _short(q: Question, crit: dict[str, str]) -> str:
    def on(node: str) -> str:
        return f"every criterion of {crit[node]}" if q.beneath(node) != (node,) else crit[node]

    return f"A: {q.gain_first:g} points on {on(q.first)}; B: {q.gain_second:g} points on {on(q.second)}"


def today() -> str:
    return dt.date.today().isoformat()
