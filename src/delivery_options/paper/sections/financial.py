"""The financial case: costs, funding (who pays) and affordability (HM Treasury, Business Case
Guidance, 2018, ch. 5). Costs come from the cost model (the value-for-money result); funding
and affordability from ``[appraisal.financial]`` and each short-listed option's
``[financial]``."""

from __future__ import annotations

from ..document import Document, Heading, Para
from .common import NOT_RECORDED, part, still_needed, topics

NAME = "The financial case"
WHAT = (
    "What the arrangement would cost, who would pay, and whether it is affordable "
    "(HM Treasury, The Green Book: the financial case)."
)


def section(doc: Document, c: dict, number: int, vfm: str) -> None:
    part(doc, NAME, WHAT)
    doc.add(Heading(1, f"{number}. Costs, funding and affordability"))
    res = c["value_for_money"].result
    missing = []
    if res.recorded:
        s = res.settings
        budget = (
            f" The budget recorded is {res.money(s.budget)} over the {s.period} years; which "
            f"options fit within it is in {vfm}."
            if s.budget is not None
            else ""
        )
        doc.add(
            Para(
                f"Each option's costs, their plausible ranges and who bears them are recorded and "
                f"set against value in {vfm}, over {s.period} years." + budget,
                lead="Costs.",
            )
        )
        if s.budget is None:
            missing.append("Budget")
    else:
        doc.add(
            Para(
                f"{NOT_RECORDED} No option records its costs; {vfm} says what their absence "
                "means for the choice.",
                lead="Costs.",
            )
        )
        missing.append("Costs")
    missing += topics(doc, "financial", c)
    still_needed(doc, missing, "financial case")
