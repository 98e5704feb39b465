"""The commercial case: the delivery vehicle, the procurement route, staff transfer and
pensions, and contracts (HM Treasury, Business Case Guidance, 2018, ch. 4), from
``[appraisal.commercial]`` and each short-listed option's ``[commercial]``."""

from __future__ import annotations

from ..document import Document, Heading
from .common import part, still_needed, topics

NAME = "The commercial case"
WHAT = (
    "How the chosen arrangement would be set up, bought and staffed "
    "(HM Treasury, The Green Book: the commercial case)."
)


def section(doc: Document, c: dict, number: int) -> None:
    part(doc, NAME, WHAT)
    doc.add(Heading(1, f"{number}. The delivery vehicle, procurement, staff and contracts"))
    still_needed(doc, topics(doc, "commercial", c), "commercial case")
