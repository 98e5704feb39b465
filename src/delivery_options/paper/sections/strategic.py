"""The strategic case: the decision, the case for change, the spending objectives (the value
tree's objectives), the critical success factors (the must-meet requirements), constraints and
dependencies (HM Treasury, Business Case Guidance, 2018, ch. 2)."""

from __future__ import annotations

from ...model.tree import ROOT
from ..compose import NO_DECISION, _cap
from ..document import Document, Heading, Items, Para
from ..fmt import join_words
from ..narrative import BASIS_WORDS, the
from .common import NOT_RECORDED, part, still_needed, topics

NAME = "The strategic case"
WHAT = (
    "Why a change is needed, what it must achieve, and the tests any option must pass "
    "(HM Treasury, The Green Book: the strategic case)."
)


def section(doc: Document, c: dict) -> None:
    part(doc, NAME, WHAT)
    decision(doc, c)
    case_for_change(doc, c)


def decision(doc: Document, c: dict) -> None:
    """The question, the decision sought, who decides, the background, whose views are
    weighed."""
    from ..compose import _basis, _who_and_when

    ws, d = c["ws"], c["decision"]
    doc.add(Heading(1, "2. The decision and who takes it"))
    if ws.question:
        doc.add(Para(ws.question, lead="The question."))
    doc.add(
        Para(
            d["sought"]
            or f"{NO_DECISION} This paper analyses the question above; the decision to put is "
            "still to be framed.",
            lead="The decision sought.",
        )
    )
    who = _who_and_when(d)
    if who:
        doc.add(who)
    for para in (p.strip() for p in ws.description.split("\n\n")):
        if para:
            doc.add(Para(" ".join(para.split())))
    sts = c["stakeholders"]
    by_basis: dict[str, list] = {}
    for s in sts:
        by_basis.setdefault(_basis(s), []).append(s)
    how = {
        "modelled": "modelled for this appraisal from the evidence",
        "stated": "stated for this appraisal, by or for the party",
        "inferred": "inferred from what the party said",
        "elicited": "elicited from the party itself",
    }
    if len(by_basis) == 1:
        (b,) = by_basis
        whose_weights = f"Their weights are {how[b]}" + (
            "; none was stated by the party" if b == "modelled" else ""
        )
    else:  # say whose weights are which: never one kind said of all
        kinds = [b for b in BASIS_WORDS if b in by_basis]
        whose_weights = "; ".join(
            f"{'The weights' if k == 0 else 'those'} of "
            f"{join_words([the(s.name) for s in by_basis[b]])} {'are ' if k == 0 else ''}{how[b]}"
            for k, b in enumerate(kinds)
        )
    doc.add(
        Para(
            f"The analysis weighs the options from the point of view of {len(sts)} parties, "
            f"listed below. {whose_weights} (section 6).",
            lead="Whose views are weighed.",
        ),
        Items(tuple(_cap(the(s.name)) for s in sts)),
    )


def case_for_change(doc: Document, c: dict) -> None:
    """The recorded case for change, then the objectives and success factors the workspace
    already holds, then constraints and dependencies."""
    ws = c["ws"]
    long = c["long_list"]
    doc.add(Heading(2, "The case for change"))
    missing = topics(doc, "strategic", c, skip=("constraints", "dependencies"))
    objectives = [o for o in ws.tree.objectives if o.parent == ROOT]
    if objectives:
        doc.add(
            Para("", lead="Spending objectives."),
            Items(
                tuple(
                    f"{o.name}: {' '.join(o.description.split())}" if o.description else o.name
                    for o in objectives
                )
            ),
            Para(
                "Each is weighed through the criteria beneath it (section 4).",
                style="note",
            ),
        )
    else:
        doc.add(
            Para(
                "No objectives are recorded above the criteria; the criteria in section 4 "
                "stand in for them.",
                lead="Spending objectives.",
            )
        )
    if long.requirements:
        doc.add(
            Para("", lead="Critical success factors."),
            Items(tuple(r.name for r in long.requirements)),
            Para(
                "These are the must-meet requirements: every option on the long list is tested "
                "against them in section 3, and one that fails any of them is set aside.",
                style="note",
            ),
        )
    else:
        doc.add(Para(NOT_RECORDED, lead="Critical success factors."))
        missing.append("Critical success factors")
    rest = topics(doc, "strategic", c, skip=("case_for_change", "existing", "needs"))
    still_needed(doc, missing + rest, "strategic case")
