"""The long list and the screen (section 3): the must-meet requirements, each option judged
against them with the reason recorded, and the options set aside (HM Treasury, The Green Book,
2022: the long list and the short list)."""

from __future__ import annotations

from ..compose import BODY_OPTIONS, BODY_ROWS, NOT_STATED, _cap, _first, _split
from ..document import Document, Grid, Heading, Items, Para
from ..fmt import join_words, number_word


def section(doc: Document, c: dict) -> None:
    long, sc = c["long_list"], c["screen"]
    doc.add(Heading(1, "3. The long list and the screen"))
    if sc is None:
        doc.add(
            Para(
                f"{number_word(len(long.options)).capitalize()} options were considered. No "
                "must-meet requirements are "
                f"recorded, so every option is on the short list and appraised in section 4."
            )
        )
        return
    s = sc.screen
    reqs = long.requirements
    label = c["label"]
    named = (
        f": {join_words([label(o) for o in s.short_list]) or 'none'}"
        if len(s.short_list) <= BODY_OPTIONS
        else ", ranked in section 4"
    )
    doc.add(
        Para(
            f"{_cap(number_word(len(long.options)))} option{'s were' if len(long.options) != 1 else ' was'} "
            f"considered (the long list). "
            f"Each was tested "
            f"against {len(reqs)} must-meet requirements: an option that fails any one of them is "
            f"set aside, whatever its strengths elsewhere, and the reason is recorded. "
            f"{_cap(number_word(len(s.short_list)))} "
            f"{'passes' if len(s.short_list) == 1 else 'pass'} every requirement and "
            f"{'forms' if len(s.short_list) == 1 else 'form'} the short list{named}."
        )
    )
    doc.add(
        Grid(
            "The must-meet requirements",
            ("Requirement", "What meeting it means", "Source"),
            tuple(
                (r.name, " ".join(r.description.split()) or NOT_STATED, r.source or NOT_STATED)
                for r in reqs
            ),
            widths=(2, 4, 3),  # the source's quotation needs room to read as a line
        )
    )
    header = ("Option", *(r.name for r in reqs), "Short-listed")
    rows = []
    for o in s.options[:BODY_ROWS]:
        marks = [
            ("passes" if r.passes else "fails") + (" (could change)" if r.could_change else "")
            for r in o.results
        ]
        rows.append((long.option_label(o.option), *marks, "yes" if o.passes else "no"))
    notes = []
    if s.could_change:
        notes.append(
            "'Could change': the option's score on the criterion behind a threshold has a "
            "plausible range that holds the other result."
        )
    if len(s.options) > BODY_ROWS:
        notes.append(
            doc.cut(
                "Section 3, the long list against the requirements",
                _first(
                    BODY_ROWS,
                    len(s.options),
                    "options of the long list",
                    "every option: options screen -f csv --table screen",
                ),
            )
        )
    doc.add(
        *_split(
            "The long list against the requirements",
            header,
            rows,
            notes=notes,
            small=True,
        )
    )
    out = [o for o in s.options if not o.passes]
    if out:
        doc.add(Heading(2, "Why each rejected option was set aside"))
        names = {r.id: r.name for r in reqs}
        items = []
        for o in out[:BODY_ROWS]:
            why = []
            for r in o.results:
                if not r.passes:
                    ev = f" (evidence: {'; '.join(r.evidence)})" if r.evidence else ""
                    reason = r.reason or "no reason recorded"
                    why.append(f"fails \u2018{names[r.requirement]}\u2019: {reason}{ev}")
            items.append(f"{_cap(label(o.option))} {'; '.join(why)}.")
        doc.add(Items(tuple(items)))
        gone = c["screened_out"]
        more = ()
        if len(out) > BODY_ROWS or len(gone) > BODY_ROWS:
            more = (
                doc.cut(
                    "Section 3, the rejected options",
                    _first(
                        BODY_ROWS,
                        max(len(out), len(gone)),
                        "rejected options",
                        "every one, with its reasons: options screen -f csv --table screened_out",
                    ),
                ),
            )
            doc.add(Para(more[0], style="note"))
        doc.add(
            Grid(
                "Screened out: not on the short list, so not appraised here",
                ("Option", "Fails the requirement(s)"),
                tuple(
                    (long.option_label(x.option), "; ".join(x.failed_names))
                    for x in gone[:BODY_ROWS]
                ),
                notes=more,
            )
        )
    for sq in s.status_quo:
        if sq not in s.short_list:
            doc.add(
                Para(
                    f"{_cap(label(sq))} is business as usual. It fails the requirements, so it is "
                    f"not appraised. The Green Book compares every option with business as usual, "
                    f"so section 4 gives its overall score as the benchmark.",
                    style="note",
                )
            )
