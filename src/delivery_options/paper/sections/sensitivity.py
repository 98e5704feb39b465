"""What would change the answer (section 7): the weights, the scores and both together, with
Figures 2 and 3 (Mareschal 1988; SMAA-2, Lahdelma and Salminen 2001; named only in the annexes)."""

from __future__ import annotations

from ..compose import _evidence, _figure_cuts, _weight_items
from ..document import Document, Heading, Items, Para
from ..fmt import raw, raw_range


def section(doc: Document, c: dict) -> None:
    n = c["narrative"]
    doc.add(Heading(1, "7. What would change the answer"))
    doc.add(
        Para(
            "The result rests on judgements: how much each criterion matters, and each score. "
            "This section shows how far those judgements would have to move to change which "
            "option comes first."
        )
    )
    doc.add(Heading(2, "If the weights changed"))
    ww = _weight_items(n)
    doc.add(Items(tuple(ww) or (f"No weights within {c['accepts']} put another option first.",)))
    doc.add(c["figures"]["stability"])
    doc.add(Heading(2, "If the scores changed"))
    if n.evidence:
        doc.add(*_evidence(doc, c))
    else:
        doc.add(
            Para(
                "No single score of the top two, moved anywhere within its plausible range, "
                "changes which option comes first."
            )
        )
    if c["widest"]:
        doc.add(
            Para(
                "",
                lead=f"The scores of {c['label'](n.leader)} whose plausible range moves its "
                "overall score most:",
            ),
            Items(
                tuple(
                    f"{name}: {raw(cr, s.value)} (plausible {raw_range(cr, s.low, s.high)}). "
                    + " ".join(s.rationale.split())
                    for name, s, cr in c["widest"]
                )
            ),
        )
    doc.add(Heading(2, "If both changed together"))
    doc.add(c["figures"]["acceptability"])
    _figure_cuts(doc, c, "acceptability", "Figure 3")
