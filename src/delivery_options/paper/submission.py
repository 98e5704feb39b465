"""The submission: two pages in the civil-service form (the issue, the recommendation and
timing, the background, the argument, the risks, what the parties think, and handling)."""

from __future__ import annotations

import textwrap

from ..model.scaffold import QUESTION
from . import economic
from .compose import (
    BRIEF_OPTIONS,
    BRIEF_RISKS,
    NOT_STATED,
    _basis,
    _cap,
    _concluded,
    _examples,
    _number,
    _short_name,
    _short_names,
)
from .document import Box, Document, Heading, Items, Para
from .fmt import join_words
from .narrative import BASIS_WORDS, limits_of, the, their_weights


def _first_words(text: str, limit: int = 90) -> str:
    words = " ".join(text.split()).split(" ")
    if len(words) <= limit:
        return " ".join(words)
    cut = " ".join(words[:limit])
    end = max(cut.rfind(". "), -1)
    return cut[: end + 1] if end > 0 else textwrap.shorten(cut, 600, placeholder=" \u2026")


_TEST_WORDS = {
    "tie": "the top two score the same",
    "scores": "scores varied",
    "weights": "weights changed",
    "both": "both varied together",
}


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return (text[: end + 1] if end > 0 else text).rstrip(".")


def _from(meta: dict) -> str:
    parts = [x for x in (meta["author"], meta["organisation"]) if x != NOT_STATED]
    return ", ".join(parts) or NOT_STATED


def submission(c: dict) -> Document:

    ws, n = c["ws"], c["narrative"]
    long = c["long_list"]
    label = c["label"]
    d = c["decision"]
    meta = c["meta"]
    doc = Document(
        "submission",
        ws.title,
        "Submission",
        meta["marking"],
        (
            ("To", d["maker"] or NOT_STATED),
            ("From", _from(meta)),
            ("Date", c["date"] or NOT_STATED),
        ),
    )
    summary = (
        ("Issue", (ws.question if ws.question != QUESTION else "") or ws.title),
        ("Decision sought", d["sought"]),
        (
            "Timing",
            f"Decision needed by: {d['by'].strip().rstrip('.')}."
            if d["by"]
            else "No deadline is recorded.",
        ),
        ("Recommendation", _cap(n.headline)),
    )
    note = _examples(c)
    if note:
        doc.add(note)
    doc.add(Box("Summary", tuple((k, v) for k, v in summary if v)))
    q = _concluded(c)
    if q:
        doc.add(q)
    doc.add(Heading(1, "Background"))
    if ws.description:
        doc.add(Para(_first_words(ws.description)))
    sc = c["screen"]
    if sc is not None:
        s = sc.screen
        out = [  # the option by name, then the requirement it fails: never read as its description
            f"{label(x.option)}, which fails "
            + join_words(["\u2018" + r + "\u2019" for r in x.failed_names])
            for x in c["screened_out"]
        ]
        appraised = (
            f": {join_words([label(o) for o in s.short_list])}. "
            if len(s.short_list) <= BRIEF_OPTIONS
            else " (the options paper ranks them all). "
        )
        aside = (
            f"Set aside: {'; '.join(out)}."
            if len(out) <= BRIEF_OPTIONS
            else f"{len(out)} were set aside for failing a requirement; the options paper "
            "gives each reason."
        )
        doc.add(
            Para(
                f"{len(long.options)} options were considered; {len(s.short_list)} meet every "
                f"must-meet requirement and were appraised{appraised}" + (aside if out else ""),
                lead="The options.",
            )
        )
    doc.add(Heading(1, "Argument"))
    # what the parties' records settle is said once, under 'What the parties think'
    argued = [r for r in n.reasons if not r.startswith(("The record of ", "The records of "))]
    doc.add(Items(tuple(_cap(r) for r in argued[:3])))
    doc.add(
        Para(
            f"{_cap(n.status)}: the weakest result of {len(n.verdicts)} tests sets the label, "
            "so no one test's result is the verdict. "
            + _cap("; ".join(t.brief or _TEST_WORDS.get(t.name, t.name) for t in n.verdicts))
            + ". The options paper gives each test in full."
            + economic.aside(c),
            lead="How certain.",
        ),
        *economic.brief(c),
    )
    doc.add(Heading(1, "Risks"))
    doc.add(Items(tuple(_brief_risks(c))))
    doc.add(Heading(1, "What the parties think"))
    sts = c["stakeholders"]
    agree = [s for s in sts if n.leader in c["favourites_by_id"].get(s.id, ())]
    parties = []
    bases = [_basis(s) for s in sts]
    if len(agree) == len(sts):
        parties.append(
            ("On the short list, " if c["screen"] is not None else "")
            + f"{_number(c, n.leader)} comes first for each of the {len(sts)} parties "
            f"compared, and each party's record settles it, under {their_weights(bases)}"
            + (
                " from the evidence, not stated by the parties."
                if set(bases) == {"modelled"}
                else "."
            )
        )
        parties += [_cap(x) for x in n.long_dissent]
    else:
        said = [_cap(_short_names(x, sts)) for x in n.dissent]
        if agree:
            first = (
                ("The records of " if len(agree) > 1 else "The record of ")
                + join_words([the(_short_name(s.name)) for s in agree])
                + (" settle " if len(agree) > 1 else " settles ")
                + f"{_number(c, n.leader)} first"
                + (" on the short list" if c["screen"] is not None else "")
            )
            said = [f"{first}.", *said]
        # what the records settle, and what they leave open, as one item
        parties.append(" ".join([*said, *(_cap(x) for x in n.long_dissent)]))
    # what a modelled party's file holds is the record read by the analyst, not its own words
    own = sum(
        len(tuple(getattr(s, "statements", ()) or ())) for s in sts if _basis(s) != "modelled"
    )
    read = sum(
        len(tuple(getattr(s, "statements", ()) or ())) for s in sts if _basis(s) == "modelled"
    )
    said = []
    if own:
        said.append(f"{own} statement{'s' if own != 1 else ''} by or for the parties")
    if read:
        said.append(
            f"{read} passage{'s' if read != 1 else ''} of the record bearing on the parties' "
            "views, each with how the analyst read it"
        )
    parties.append(
        f"{_cap(join_words(said))}: see section 6 of the options paper."
        if said
        else "No party's own statement is recorded in this appraisal yet: the views above are "
        + join_words([b for b in BASIS_WORDS if b in set(bases)], "or")
        + "."
    )
    if not c["consensus"].common_ground.feasible:
        parties.append(
            f"{limits_of([_basis(s) for s in sts])} do not overlap: the choice "
            "between their views is the decision-maker's."
        )
    doc.add(Items(tuple(parties)))
    change = [x for x in n.caveats if "would accept do not overlap" not in x][:2]
    if change:
        doc.add(Heading(1, "What would change it"))
        doc.add(Items(tuple(_cap(x) for x in change)))
    doc.add(Heading(1, "Handling and next steps"))
    doc.add(
        Items(
            (
                *n.way_forward[:2],
                "The options paper sets out the long list and the reason for each rejection, "
                "every score with its evidence, the risk registers and the tests behind this "
                "advice.",
            )
        )
    )
    return doc


BRIEF_OWN = 2  # the submission names up to this many of an option's own high risks


def _rated(r) -> str:
    """'rated 16 (high) before mitigation, 12 (medium) after'."""
    if r.residual_score == r.score:
        return f"rated {r.score} ({r.band}), unchanged by mitigation"
    return (
        f"rated {r.score} ({r.band}) before mitigation, {r.residual_score} "
        f"({r.residual_band}) after"
    )


def _brief_risks(c: dict) -> list[str]:
    """The submission's risks, each rated before mitigation with its rating after: a risk every
    short-listed option's register holds (by id) is said once, its highest; then each option's
    own risks rated high before mitigation (up to ``BRIEF_OWN``, else its largest own risk), so
    that what sets the options apart shows, not the same risk three times."""
    from ..methods.risks import ranked

    long = c["long_list"]
    ids = list(c["risks"].options)
    if len(ids) > BRIEF_OPTIONS:  # the highest-ranked; the paper has the rest
        place = {r.option: i for i, r in enumerate(c["ranking"].rows)}
        ids = sorted(ids, key=lambda o: (place.get(o, len(place)), o))[:BRIEF_RISKS]
    regs = {o: ranked(long.option(o).risk_register) for o in ids}
    with_one = [o for o in ids if regs[o]]
    common = (
        set.intersection(*({r.id for r in regs[o]} for o in with_one))
        if len(with_one) > 1
        else set()
    )
    items = []
    if common:
        top = max(
            ((r, o) for o in with_one for r in regs[o] if r.id in common),
            key=lambda ro: (ro[0].score, ro[0].impact),
        )[0]
        same = {(r.score, r.residual_score) for o in with_one for r in regs[o] if r.id == top.id}
        items.append(
            f"Every short-listed option: {top.risk.rstrip('.')}, "
            + (f"{_rated(top)}, for each" if len(same) == 1 else f"at most {_rated(top)}")
            + "."
        )
    for o in ids:
        if not regs[o]:
            items.append(f"{_cap(c['short'](o))}: no risk register recorded yet.")
            continue
        own = [r for r in regs[o] if r.id not in common]
        shown = [r for r in own if r.band == "high"][:BRIEF_OWN] or own[:1]
        if not shown:
            items.append(f"{_cap(c['short'](o))}: no risk of its own beyond the one above.")
            continue
        items.append(
            f"{_cap(c['short'](o))}: "
            + "; ".join(f"{r.risk.rstrip('.')}, {_rated(r)}" for r in shown)
            + "."
        )
    if len(ids) < len(c["risks"].options):
        items.append(
            f"The other {len(c['risks'].options) - len(ids)} short-listed options' risks are in "
            "section 5 of the options paper."
        )
    return items
