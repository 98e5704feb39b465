"""What the case sections share: a part heading, a recorded point in words, and "not recorded"."""

from __future__ import annotations

from collections.abc import Iterable

from ...model.cases import TOPICS, Case, Entry, Milestone
from ..document import Document, Heading, Items, Para

NOT_RECORDED = "Not recorded."
JUDGEMENT = "the appraisal's judgement, not the record's"


def part(doc: Document, name: str, what: str) -> None:
    """A case's part heading and what the case answers: a level-1 heading before the case's
    numbered sections (also level 1, so that the contents, the Word contents and the section
    numbers count them alike)."""
    doc.add(Heading(1, name, part=True), Para(what, style="note"))


def evidence(ev: Iterable[str]) -> str:
    ev = [e.strip() for e in ev if e.strip()]
    return f" (evidence: {'; '.join(ev)})" if ev else ""


def entry_words(e: Entry) -> str:
    """An entry as the paper says it: its text, marked when it is the appraisal's judgement,
    with its evidence."""
    text = " ".join(e.text.split())
    mark = f" [{JUDGEMENT}]" if e.basis == "judgement" else ""
    return f"{text}{mark}{evidence(e.evidence)}"


def milestone_words(m: Milestone) -> str:
    span = ""
    if m.earliest or m.latest:
        span = f" (range {m.earliest or 'not stated'} to {m.latest or 'not stated'})"
    mark = f" [{JUDGEMENT}]" if m.basis == "judgement" else ""
    return f"{m.milestone}: {m.date}{span}{mark}{evidence(m.evidence)}"


def topic_items(kind: str, topic: str, c: dict, per_option: bool = True) -> tuple[str, ...]:
    """What the workspace and each short-listed option record on one topic, one item each."""
    cases = c["ws"].cases
    if cases is None:
        return ()
    out: list[str] = []

    def said(case: Case) -> list[str]:
        if topic == "milestones":
            return [milestone_words(m) for m in case.milestones]
        return [entry_words(e) for e in case.entries.get(topic, ())]

    out += said(cases.of(kind))
    if per_option:
        own = {o: said(cases.of(kind, o)) for o in c["ws"].option_ids}
        if any(own.values()):
            for o, words in own.items():
                out += [f"{c['short'](o)}: {w}" for w in words]
                if not words and not said(cases.of(kind)):
                    out.append(f"{c['short'](o)}: not recorded.")
    return tuple(out)


def unrecorded_for(kind: str, topic: str, c: dict) -> list[str]:
    """The short-listed options with nothing on a topic, when the workspace says nothing of it
    for all of them."""
    cases = c["ws"].cases
    if cases is None or cases.of(kind).recorded(topic):
        return []
    return [c["short"](o) for o in c["ws"].option_ids if not cases.of(kind, o).recorded(topic)]


def topics(doc: Document, kind: str, c: dict, skip: tuple[str, ...] = ()) -> list[str]:
    """Each topic of a case, with what is recorded or "Not recorded."; returns the names of
    the topics not recorded."""
    missing = []
    for topic, name in TOPICS[kind].items():
        if topic in skip:
            continue
        items = topic_items(kind, topic, c, per_option=kind != "strategic")
        gaps = unrecorded_for(kind, topic, c) if kind != "strategic" else []
        if items and gaps:
            every = len(gaps) == len(c["ws"].option_ids)
            which = " and ".join(gaps).replace("Option ", "option ")
            missing.append(name if every else f"{name} (for {which})")
        if not items:
            missing.append(name)
            doc.add(Para(NOT_RECORDED, lead=f"{name}."))
        elif len(items) == 1:
            doc.add(Para(items[0], lead=f"{name}."))
        else:
            doc.add(Para("", lead=f"{name}."), Items(items))
    return missing


def still_needed(doc: Document, missing: list[str], case: str) -> None:
    if missing:
        names = [m[:1].lower() + m[1:] for m in missing]
        doc.add(
            Para(
                f"Not recorded for this appraisal: {'; '.join(names)}. The {case} is incomplete "
                "until they are.",
                lead="What this case still lacks.",
                style="note",
            )
        )


def not_yet_recorded(c: dict) -> list[str]:
    """What the commercial, financial and management cases do not record for every short-listed
    option, in the paper's order (costs first in the financial case, time to implement first in
    the management case, from the cost model): the topics each case's 'still lacks' note names,
    said once for the whole paper (the submission)."""
    ws = c["ws"]
    cases = ws.cases
    out = []
    for kind in ("commercial", "financial", "management"):
        if kind == "financial" and not c["value_for_money"].result.recorded:
            out.append("Costs")
        if kind == "management" and not any(
            o.costs is not None and o.costs.implementation for o in ws.options
        ):
            out.append("Time to implement")
        for topic, name in TOPICS[kind].items():
            if cases is None or cases.of(kind).recorded(topic):
                continue
            gaps = unrecorded_for(kind, topic, c)
            if len(gaps) == len(ws.option_ids):
                out.append(name)
            elif gaps:  # as the case's own note says it
                out.append(f"{name} (for {' and '.join(gaps).replace('Option ', 'option ')})")
    return out
