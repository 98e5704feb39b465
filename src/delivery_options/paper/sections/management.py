"""The management case: the implementation plan with dated milestones and their ranges,
governance, exit or return criteria, outcome measures and benefits realisation (HM Treasury,
Business Case Guidance, 2018, ch. 6), from ``[appraisal.management]`` and each short-listed
option's ``[management]``; time to implement from the cost model's ``[implementation]``."""

from __future__ import annotations

from ..document import Document, Heading, Items, Para
from ..fmt import join_words
from .common import NOT_RECORDED, evidence, part, still_needed, topics

NAME = "The management case"
WHAT = (
    "How the change would be delivered, governed and judged "
    "(HM Treasury, The Green Book: the management case)."
)


def _months(x: float) -> str:
    return f"{x:g}"


def section(doc: Document, c: dict, number: int) -> None:
    part(doc, NAME, WHAT)
    doc.add(Heading(1, f"{number}. Delivering the change"))
    ws = c["ws"]
    said = []
    for o in ws.options:
        imp = o.costs.implementation if o.costs is not None else None
        if imp is not None:
            said.append(
                f"{c['short'](o.id)}: {_months(imp.months)} months (plausible "
                f"{_months(imp.low)}\u2013{_months(imp.high)}){evidence([imp.evidence])}"
            )
    missing = []
    if said:
        doc.add(Para("", lead="Time to implement."), Items(tuple(said)))
        unsaid = [c["short"](o.id) for o in ws.options if not (o.costs and o.costs.implementation)]
        if unsaid:
            doc.add(Para(f"Not recorded for {join_words(unsaid)}.", style="note"))
    else:
        doc.add(Para(NOT_RECORDED, lead="Time to implement."))
        missing.append("Time to implement")
    missing += topics(doc, "management", c)
    still_needed(doc, missing, "management case")
