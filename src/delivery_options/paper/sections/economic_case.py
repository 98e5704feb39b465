"""The economic case: the long list against the options framework and the screen, the short
list appraised, its risks, where the stakeholders stand, what would change the answer, what would
separate the leading options, and value for money (HM Treasury, The Green Book, 2022, ch. 4-6).
Each section is its own module; value for money is ``paper/economic.py``."""

from __future__ import annotations

from ...model.cases import FRAMEWORK
from .. import economic
from ..document import Document, Grid, Para
from . import appraisal, risks, screen, sensitivity, stakeholders, way_forward
from .common import part

NAME = "The economic case"
WHAT = (
    "Which option gives the best value (HM Treasury, The Green Book: the economic case). It "
    "covers the long list and the screen, the short list appraised, its risks, the parties' "
    "views, what would change the answer and value for money."
)
DIMENSIONS = {
    "scope": "Scope",
    "solution": "Solution",
    "delivery": "Delivery",
    "implementation": "Implementation",
    "funding": "Funding",
}


def section(doc: Document, c: dict) -> None:
    part(doc, NAME, WHAT)
    screen.section(doc, c)
    framework(doc, c)
    for each in (appraisal, risks, stakeholders, sensitivity, way_forward, economic):
        each.section(doc, c)


def framework(doc: Document, c: dict) -> None:
    """The long list against the options framework: each option's choice on each dimension,
    and the dimensions along which the long list does not vary or records nothing."""
    long = c["long_list"]
    cases = long.cases
    fw = cases.framework if cases is not None else {}
    if not fw:
        doc.add(
            Para(
                "No option records where it sits in the options framework (scope, solution, "
                "delivery, implementation, funding), so whether the long list covers the choices "
                "open on each cannot be checked.",
                lead="The options framework.",
            )
        )
        return
    rows = tuple(
        (long.option_label(o.id), *(fw.get(o.id, {}).get(d, "not recorded") for d in FRAMEWORK))
        for o in long.options
    )
    doc.add(
        Grid(
            "The long list against the options framework",
            ("Option", *DIMENSIONS.values()),
            rows,
            small=True,
        )
    )
    doc.add(Para(framework_words(long), lead="The options framework.", style="note"))


def framework_words(long) -> str:
    """Which dimensions the long list varies along, which it holds fixed and which it does not
    record (Green Book 2022: a long list is drawn across every dimension)."""
    fw = long.cases.framework
    varied, fixed, unrecorded = [], [], []
    for d in FRAMEWORK:
        said = [fw.get(o.id, {}).get(d) for o in long.options]
        if not any(said):
            unrecorded.append(DIMENSIONS[d].lower())
        elif len({s for s in said if s}) > 1:
            varied.append(DIMENSIONS[d].lower())
        else:
            fixed.append(DIMENSIONS[d].lower())
    from ..fmt import join_words

    out = []
    if varied:
        out.append(f"The options differ in {join_words(varied)}")
    if fixed:
        out.append(f"share one choice of {join_words(fixed)}")
    text = (" and " if varied and fixed else "").join(out) if out else ""
    text = text[:1].upper() + text[1:] if text else ""
    if unrecorded:
        listed = (
            ", ".join(unrecorded[:-1]) + " or " + unrecorded[-1]
            if len(unrecorded) > 1
            else unrecorded[0]
        )
        tail = f"no option records a choice of {listed}, so the long list was not drawn across " + (
            "those dimensions" if len(unrecorded) > 1 else "that dimension"
        )
        text = f"{text}; {tail}" if text else tail[:1].upper() + tail[1:]
    return text + "."
