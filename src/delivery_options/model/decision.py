"""The decision an appraisal supports (``[appraisal.decision]`` in ``criteria.toml``): what the
decision-maker is asked to decide now and the answers open to them, the one recommended and
why, who it is from and who cleared it, by when, the costs as the record gives them, the
handling (reactions the record foresees, and the lines to take) and every proviso, quoted whole.

Every field is optional; the paper and the submission say "not stated" for what is missing, and
the submission says what the absence means. Text fields are capped in length, and lists in
number, so that the submission always fits its two pages (docs/format.md, "The decision")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .ids import identity
from .toml import SAME_ID, Checker, hint, nth

#: The one-line text fields of ``[appraisal.decision]``, and the most characters each may hold.
TEXT_FIELDS = {
    "sought": 250,  # what the decision-maker is asked to decide now
    "maker": 120,  # who takes it
    "maker_weights": 60,  # the weights file (its id) that stands for the decision-maker's view
    "from": 120,  # the author or team
    "clearance": 120,  # who has cleared it
    "by": 60,  # by when
    "by_why": 250,  # why by then; with no date, what the record says of timing
    "recommend": 60,  # the id of the recommended answer
    "why": 250,  # why that answer, in a sentence or two
    "costs": 350,  # what the record says of the costs bearing on the decision
    "concluded": 600,  # what the decision-maker or their adviser concluded, quoted (the paper)
    "concluded_by": 100,
    "source": 100,  # where that conclusion is recorded
}
#: The lists, each with the most entries it may hold, and each entry's fields and their limits
#: ("" for a list of text).
LIST_FIELDS = {
    "answers": (4, {"id": 60, "text": 200}),
    "argument": (6, {"": 250}),
    "handling": (4, {"who": 60, "reaction": 200, "line": 200, "source": 60}),
    "provisos": (2, {"quote": 450, "source": 80, "by": 80}),
}
REQUIRED = {
    "answers": ("id", "text"),
    "handling": ("who", "reaction", "line", "source"),
    "provisos": ("quote", "source"),
}
#: The most characters the submission's words from ``[appraisal.decision]`` may hold in all
#: (every field but the paper's ``concluded``, ``concluded_by``, ``source`` and the ids): with
#: the rest of the two pages (risks, parties, the short list) cut to fit, this much always fits.
TOTAL_CHARS = 2400
NOT_COUNTED = ("concluded", "concluded_by", "source", "recommend", "maker_weights")
#: What ``[appraisal.decision]`` may hold.
DECISION_FIELDS = (*TEXT_FIELDS, *LIST_FIELDS)
#: A quotation cut short: a proviso is quoted whole.
CUT = ("...", "\u2026")


@dataclass(frozen=True)
class Answer:
    """One answer open to the decision-maker: its id and its words."""

    id: str
    text: str


@dataclass(frozen=True)
class Handling:
    """A reaction the record foresees, from whom, the line to take, and where it is recorded."""

    who: str
    reaction: str
    line: str
    source: str


@dataclass(frozen=True)
class Proviso:
    """A condition attached to the decision, quoted whole, with where it is recorded and whose."""

    quote: str
    source: str
    by: str = ""


@dataclass(frozen=True)
class Decision:
    """The decision the paper supports (``[appraisal.decision]``): all optional, for the paper."""

    sought: str = ""  # the decision sought, in a sentence
    by: str = ""  # by when
    maker: str = ""  # who takes it
    maker_weights: str = ""  # the id of the weights file that stands for the decision-maker
    concluded: str = ""  # what the decision-maker or their adviser concluded, quoted
    concluded_by: str = ""  # who concluded it
    source: str = ""  # where that conclusion is recorded
    answers: tuple[Answer, ...] = ()  # the answers open to the decision-maker
    recommend: str = ""  # the id of the recommended answer
    why: str = ""  # why that answer, in a sentence
    argument: tuple[str, ...] = ()  # the case for it, point by point
    from_: str = ""  # the author or team (``from`` in the file)
    clearance: str = ""  # who has cleared it
    by_why: str = ""  # why by then, or what the record says of timing
    costs: str = ""  # what the record says of the costs
    handling: tuple[Handling, ...] = ()
    provisos: tuple[Proviso, ...] = ()

    @property
    def recommended(self) -> Answer | None:
        """The recommended answer, or None when none is recorded."""
        return next((a for a in self.answers if same_id(a.id, self.recommend)), None)

    def letter(self, answer: Answer) -> str:
        """'A', 'B', ...: how the submission names an answer, in the file's order."""
        return "ABCDEFGH"[self.answers.index(answer)]


def same_id(a: str, b: str) -> bool:
    return bool(a) and identity(a) == identity(b)


def check_decision(chk: Checker, appraisal: dict) -> None:
    """Report each malformed field of ``[appraisal.decision]`` to ``chk``, one problem a field."""
    decision = chk.table(appraisal, "decision", "appraisal.decision")
    chk.unknown_keys(decision, DECISION_FIELDS, "appraisal.decision.")
    pre = "appraisal.decision."
    for key, most in TEXT_FIELDS.items():
        _capped(chk, chk.text(decision, key, pre + key), most, pre + key)
    for key, (count, fields) in LIST_FIELDS.items():
        raw = decision.get(key)
        if raw is None:
            continue
        fld = pre + key
        entries = "a list of text" if "" in fields else f"a list of tables: [[{fld}]]"
        if not isinstance(raw, list) or not all(
            isinstance(x, str) if "" in fields else isinstance(x, dict) for x in raw
        ):
            chk.fail(fld, f"must be {entries}")
            continue
        if len(raw) > count:
            chk.fail(fld, f"holds {len(raw)}; at most {count} fit the two-page submission")
            continue
        for i, item in enumerate(raw):
            at = nth(fld, i)
            if "" in fields:
                if not item.strip():
                    chk.fail(at, "must not be empty")
                _capped(chk, item, fields[""], at)
                continue
            chk.unknown_keys(item, fields, f"{at}.")
            for name, most in fields.items():
                text = chk.text(item, name, f"{at}.{name}", required=name in REQUIRED[key])
                _capped(chk, text, most, f"{at}.{name}")
            if key == "provisos":
                quote = item.get("quote")
                if isinstance(quote, str) and any(c in quote for c in CUT):
                    chk.fail(
                        f"{at}.quote",
                        "is cut short ('...'): a proviso is quoted whole, so that nothing it "
                        "asks is lost",
                    )
    _check_answers(chk, decision)
    sizes = {k: _size(decision.get(k), k) for k in DECISION_FIELDS if k not in NOT_COUNTED}
    if sum(sizes.values()) > TOTAL_CHARS:
        big = max(sizes, key=lambda k: sizes[k])
        chk.fail(
            "appraisal.decision",
            f"holds {sum(sizes.values()):,} characters for the submission; at most "
            f"{TOTAL_CHARS:,} fit its two pages (the longest is {big}, {sizes[big]:,})",
        )


def _size(value: Any, key: str) -> int:
    """The characters a field puts on the submission (answer ids are not shown)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(_size(v, key) for v in value)
    if isinstance(value, dict):
        return sum(_size(v, key) for k, v in value.items() if k != "id")
    return 0


def _capped(chk: Checker, text: str, most: int, fld: str) -> None:
    if len(text) > most:
        chk.fail(
            fld,
            f"is {len(text):,} characters; at most {most:,} fit the two-page submission "
            "(put the rest in the options paper's record)",
        )


def _check_answers(chk: Checker, decision: dict) -> None:
    """Answer ids are unique, and the recommended answer is one of them."""
    raw = decision.get("answers")
    answers = raw if isinstance(raw, list) else []
    ids: dict[str, str] = {}
    for i, a in enumerate(answers):
        aid = a.get("id") if isinstance(a, dict) else None
        if not isinstance(aid, str) or not aid:
            continue
        if identity(aid) in ids:
            chk.fail(
                f"{nth('appraisal.decision.answers', i)}.id",
                f"'{aid}' is the same id as answer '{ids[identity(aid)]}' {SAME_ID}",
            )
        ids.setdefault(identity(aid), aid)
    rec = decision.get("recommend")
    if not isinstance(rec, str) or not rec:
        return
    if not ids:
        chk.fail(
            "appraisal.decision.recommend",
            "names an answer, but no answers are recorded ([[appraisal.decision.answers]])",
        )
    elif identity(rec) not in ids:
        chk.fail(
            "appraisal.decision.recommend",
            f"'{rec}' is not one of the answers{hint(rec, list(ids.values()))}",
        )


def parse_decision(data: Any) -> Decision:
    """The checked ``[appraisal.decision]`` table as a :class:`Decision` (anything malformed
    has been reported by :func:`check_decision` already, and is left out)."""
    if not isinstance(data, dict):
        return Decision()

    def text(table: dict, key: str) -> str:
        value = table.get(key, "")
        return value if isinstance(value, str) else ""

    def tables(key: str) -> list[dict]:
        raw = data.get(key)
        return [x for x in raw if isinstance(x, dict)] if isinstance(raw, list) else []

    plain = {k: text(data, k) for k in TEXT_FIELDS if k != "from"}
    argument = data.get("argument")
    return Decision(
        **plain,
        from_=text(data, "from"),
        answers=tuple(Answer(text(a, "id"), text(a, "text")) for a in tables("answers")),
        argument=tuple(x for x in argument if isinstance(x, str))
        if isinstance(argument, list)
        else (),
        handling=tuple(
            Handling(*(text(h, k) for k in ("who", "reaction", "line", "source")))
            for h in tables("handling")
        ),
        provisos=tuple(
            Proviso(text(p, "quote"), text(p, "source"), text(p, "by")) for p in tables("provisos")
        ),
    )
