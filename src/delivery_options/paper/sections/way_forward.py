"""What would separate the leading options, or the preferred way forward (section 8)."""

from __future__ import annotations

from ..compose import _concluded, _number, _weight_items
from ..document import Document, Heading, Items, Para
from ..fmt import join_words
from ..question import asked, weight_question


def section(doc: Document, c: dict) -> None:
    n = c["narrative"]
    close = n.status == "too close to call"
    level = [o for o in n.tied] if len(n.tied) > 2 else [n.leader, n.runner_up]
    named = join_words([_number(c, o) for o in level if o])
    doc.add(
        Heading(1, f"8. What would separate {named}" if close else "8. The preferred way forward")
    )
    q = weight_question(c)
    ask = (f"Put this question to the decision-maker. {asked(c, q, _number)}",) if q else ()
    doc.add(Items((*n.way_forward, *ask)))
    if close and n.evidence:  # section 7 lists the scores: referred to, not repeated
        doc.add(
            Para(
                f"Section 7 (\u2018If the scores changed\u2019) lists the scores of {named} that, "
                "moved within their plausible ranges, would put another option first. Firmer "
                "evidence for those scores is what would separate them"
                + (
                    ", with a settled view of the weights named under \u2018If the weights "
                    "changed\u2019."
                    if _weight_items(n)
                    else "."
                ),
                lead="What would separate them.",
            )
        )
    q = _concluded(c)
    if q:
        doc.add(q)
