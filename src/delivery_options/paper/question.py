"""The question on the weights that decides between the top two, put to the decision-maker as a
question they can answer: the least change of weights that brings the runner-up level
(switching weights, Triantaphyllou and Sanchez, 1997) takes weight from some criteria and gives
it to others; with one on each side, how much more the first matters than the second, as a
ratio of their weights now and where the two options draw level (the other weights held)."""

from __future__ import annotations

from dataclasses import dataclass

from ..present.words import possessive
from .fmt import join_words, points
from .narrative import the


@dataclass(frozen=True)
class WeightQuestion:
    leader: str
    runner: str
    gives: tuple[str, ...]  # criteria ids the change takes weight from, largest first
    takes: tuple[str, ...]  # criteria ids it gives weight to
    moved: float  # points of weight (out of 100)
    now: tuple[float, float] | None  # one on each side: their weights now (out of 100)
    level: tuple[float, float] | None  # and where the two options draw level


def weight_question(c: dict) -> WeightQuestion | None:
    """The question, or None when there is none to ask: one option appraised, no change of
    weights within the record brings the runner-up level, or one of under 0.05 points."""
    n, sa = c["narrative"], c.get("sensitivity")
    if sa is None or n.runner_up is None or len(n.tied) > 1:
        return None
    sw = next((s for s in sa.switching if s.option == n.runner_up), None)
    if sw is None or sw.status != "optimal" or sw.weights_l1 is None or sw.moved is None:
        return None
    if 100 * sw.moved < 0.05:
        return None
    delta = sw.weights_l1 - sa.weights

    def ids(sel) -> tuple[str, ...]:
        idx = sorted((j for j, x in enumerate(sel) if x), key=lambda j: (-abs(delta[j]), j))
        return tuple(sa.criteria[j] for j in idx)

    gives, takes = ids(delta < -5e-4), ids(delta > 5e-4)
    now = level = None
    if len(gives) == len(takes) == 1:
        a, b = sa.criteria.index(gives[0]), sa.criteria.index(takes[0])
        now = (100 * sa.weights[a], 100 * sa.weights[b])
        level = (100 * sw.weights_l1[a], 100 * sw.weights_l1[b])
    return WeightQuestion(n.leader, n.runner_up, gives, takes, 100 * sw.moved, now, level)


def _name(c: dict, cid: str) -> str:
    """A criterion as a thing that matters: 'fresh start and lasting leadership'; a cost as
    'avoiding transition cost and disruption'."""
    cr = c["ws"].criterion(cid)
    name = cr.name[:1].lower() + cr.name[1:]
    return f"avoiding {name}" if cr.direction == "cost" else name


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _ratios(q: WeightQuestion) -> tuple[str, str]:
    """The two ratios, to one decimal unless that shows them equal."""
    r_now, r_level = q.now[0] / q.now[1], q.level[0] / q.level[1]
    for d in (1, 2, 3):
        a, b = f"{r_now:.{d}f}", f"{r_level:.{d}f}"
        if a != b:
            return a, b
    return a, b


def asked(
    c: dict, q: WeightQuestion, number, moved: bool = True, weights: str = "", silence: bool = True
) -> str:
    """The question and what its answer decides, in plain words; ``number`` names an option
    ('option 2'); ``moved`` gives the points of weight moved too; ``weights`` names the weights
    when the text before has ('Those weights'). The record's silence is said as a limit of what
    is recorded (unless not ``silence``: a question put to the decision-maker says it)."""
    record = f"{possessive(the(c['stakeholder'].name))} record"
    lead, run = number(c, q.leader), number(c, q.runner)
    a = join_words([_name(c, x) for x in q.gives])
    b = join_words([_name(c, x) for x in q.takes])
    if q.now and q.level and q.now[1] > 0 and q.level[1] > 0:
        r_now, r_level = _ratios(q)
        return (
            f"How much more does {a} matter than {b}? "
            + (weights or f"The weights modelled from {record}")
            + f" make it {r_now} times as important; at {r_level} times"
            + (f" ({points(q.moved)} points of weight moved)" if moved else "")
            + f", the two are level; below that, {run} comes first."
            + (" The record does not settle this." if silence else "")
        )
    return (
        f"Does {a} matter more, or {b}? Moving {points(q.moved)} points of weight (out of 100) "
        f"from the first to the second makes {run} level with {lead}. {_cap(record)} does not "
        "settle this."
    )
