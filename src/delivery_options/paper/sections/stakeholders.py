"""Where the stakeholders stand (section 6): each party's weights as modelled, with what its record
says and how it was read, the weights side by side, each party's first choice and the dissent
recorded. The helpers that say a party's statements in words stay in ``compose.py``."""

from __future__ import annotations

from ..compose import (
    MOVED_ALONE,
    OPTION_COLUMNS,
    WIDEST,
    _basis,
    _cap,
    _chunks,
    _constraints_text,
    _said,
    _said_lead,
    _short_name,
    _used,
    _weight_cell,
)
from ..document import Document, Grid, Heading, Items, Para
from ..fmt import join_words, points
from ..narrative import BASIS_WORDS, accepts, every_party, limits_of, the


def section(doc: Document, c: dict) -> None:
    ws, n = c["ws"], c["narrative"]
    sts = c["stakeholders"]
    label = c["label"]
    ranges = c.get("weight_ranges", {})
    crit_name = c["long_list"].node_name  # a statement may name an objective of a value tree

    def number(oid: str) -> str:
        o = c["long_list"].option(oid)
        return f"option {o.number}" if o.number is not None else o.name

    doc.add(Heading(1, "6. Where the stakeholders stand"))
    modelled = [s for s in sts if _basis(s) == "modelled"]
    if len(modelled) == len(sts):
        doc.add(
            Para(
                "None of the parties below stated weights for this appraisal. Each set of weights "
                "is modelled from the evidence, with its reasons and sources, so that the choice "
                "can be seen from each party's likely point of view. Each is a judgement open to "
                "challenge, not the party's own view. Where the record is quoted, the words are "
                "the source's, which is not always the party itself."
            )
        )
    elif modelled:
        doc.add(
            Para(
                f"The weights of {join_words([the(s.name) for s in modelled])} are modelled from "
                "the evidence, with their reasons and sources: each is a judgement open to "
                "challenge, not the party's own view. The heading of each party below says how "
                "its weights came about."
            )
        )
    for s in sts:
        basis = _basis(s)
        doc.add(Heading(2, s.name))
        doc.add(
            Para(
                " ".join((s.rationale or "No reason was recorded for these weights.").split()),
                lead=f"Weights {BASIS_WORDS[basis]} {the(s.name)}.",
            )
        )
        statements = tuple(getattr(s, "statements", ()) or ())
        if statements:
            doc.add(
                Para("", lead=_said_lead(s)),
                Items(_said(s, number, crit_name, c["long_list"].criterion_ids)),
            )
        doc.add(Para(_constraints_text(s, ws) + ".", lead=f"{_cap(accepts(s.name, basis))}:"))
    doc.add(Heading(2, "The weights side by side"))
    ranged = any(s.id in ranges for s in sts)
    notes: tuple[str, ...] = ()
    if ranged:
        notes = (
            f"In brackets: the {WIDEST}, the lowest and highest weight the criterion can take "
            "while every reading of that party's record holds, the other weights moving as "
            "they must; the weight shown is the centre of that set (as far as possible from "
            "every limit); fixed: held at that value by the readings. Figure 2 "
            f"and Annex C show a narrower range, '{MOVED_ALONE.lower()}': how far one weight "
            "can move while the others keep their proportions.",
        )
    elif c.get("weight_ranges_cut") and any(_used(s) for s in sts):
        notes = (
            doc.cut(
                "Section 6",
                "With this many options the range of each weight that fits a party's "
                "statements is not worked out here: `options infer -w NAME` gives it.",
            ),
        )
    for k, part in enumerate(_chunks(list(sts), OPTION_COLUMNS)):
        total = len(_chunks(list(sts), OPTION_COLUMNS))
        doc.add(
            Grid(
                "Weights (% of the total), as "
                + join_words([b for b in BASIS_WORDS if b in {_basis(s) for s in sts}], "or")
                + (
                    f", with the {WIDEST} each can take under the party's readings"
                    if ranged
                    else ""
                )
                + (f" ({k + 1} of {total})" if total > 1 else ""),
                ("Criterion", *(_short_name(s.name) for s in part)),
                tuple(
                    (cr.name, *(_weight_cell(s, cr.id, ranges) for s in part)) for cr in ws.criteria
                ),
                (False, *(True for _ in part)),
                notes=notes,
                small=True,
            )
        )
    doc.add(Heading(2, "Which option each would put first"))
    doc.add(
        Para(
            "A party's record settles its first choice only when one option comes first under "
            "every weighting that record allows. Otherwise the record leaves several options "
            "possible, each with the share of those weightings under which it comes first. The "
            "weights used elsewhere in this paper are then only a representative point (the "
            "centre of that set), not the party's preference."
        )
    )
    rankings = {rk.stakeholder: rk for rk in c["compared"].rankings}
    long_first = c.get("long_favourites", {})
    words = c.get("record_words", {})
    wider = bool(n.long_dissent)  # some party's settled first over the long list was screened out
    rows = []
    for s in sts:
        rk = rankings[s.id]
        lead = rk.row(n.leader)
        # the difference of the totals Annex E prints (each rounded), so that no sum is wrong
        gap = float(points(rk.rows[0].score)) - float(points(lead.score))
        where = "first" if lead.rank == 1 else f"ranked {lead.rank}, {points(gap)} points behind"
        settled = words.get(s.id) or join_words([c["short"](o) for o in rk.leaders])
        fav = c.get("favourites_by_id", {}).get(s.id, ())
        if s.name in c.get("stated_first", ()):  # its own statements say it: an input
            settled = f"{join_words([c['short'](o) for o in fav])} first, as this appraisal reads its record"
        row = [s.name, _cap(settled), join_words([c["short"](o) for o in rk.leaders]), where]
        if wider:
            first = join_words([c["short"](o) for o in long_first.get(s.name, ())])
            if first and s.name in c.get("long_stated_first", ()):
                first += (  # what its record says, not a reading (office reading 7, old 25)
                    ", the preference its record states, which its modelled weights keep"
                    if getattr(s, "positions", ())
                    else ", as this appraisal reads its record"
                )
            row.append(first or "not settled")
        rows.append(tuple(row))
    doc.add(
        Grid(
            "First choice: what each party's record settles, and the representative weights",
            (
                "Party",
                "What its record settles" + (" on the short list" if wider else ""),
                "First at the representative weights",
                f"Where {c['short'](n.leader)} stands there",
                *(("Settled first over the whole long list",) if wider else ()),
            ),
            tuple(rows),
            small=True,
            notes=(
                (
                    "\u2018As this appraisal reads its record\u2019: this appraisal's reading of the party's "
                    "record already puts "
                    "that option before the others, so it is an input to this analysis, not a "
                    "finding.",
                )
                if any("as this appraisal reads its record" in x for r in rows for x in r)
                else ()
            ),
        )
    )
    doc.add(
        Heading(
            2,
            "Where the parties' records point, as this appraisal reads them, and what they "
            "leave open"
            if any(
                ("settles no first choice" in d or "settle no first choice" in d) for d in n.dissent
            )
            else "Where the parties' records point, as this appraisal reads them",
        )
    )
    if n.dissent:  # with what differs over the long list, as one list
        doc.add(Items(tuple(_cap(d) for d in (*n.dissent, *n.long_dissent))))
    elif n.long_dissent:  # no dissent on the short list only: said so, with who differs
        doc.add(
            Para(
                f"Under {every_party([_basis(s) for s in sts])}, {label(n.leader)} comes first "
                f"on the short list, so among the short-listed options the analysis records no "
                f"dissent. Before the screen it is not so:"
            ),
            Items(tuple(_cap(d) for d in n.long_dissent)),
        )
    else:
        doc.add(
            Para(
                f"Under {every_party([_basis(s) for s in sts])}, {label(n.leader)} comes first: the "
                f"analysis records no dissent. The parties' own statements, when recorded, may "
                f"still differ."
            )
        )
    con = c["consensus"]
    if con.common_ground.feasible:
        doc.add(
            Para(
                f"{limits_of([_basis(s) for s in sts])} overlap: at least one set "
                "of weights falls within all of them."
            )
        )
    else:
        doc.add(
            Para(
                f"{limits_of([_basis(s) for s in sts])} do not overlap: no single "
                "set of weights falls within all of them, so a choice between their views is a "
                "judgement for the decision-maker."
            )
        )
    doc.add(
        Para(
            f"A compromise set of weights, as close as possible to every party's at once, puts "
            f"{label(con.compromise_leader)} first."
        )
    )
    twice = [
        f.plain
        for f in c.get("findings", ())
        if f.code == "indistinguishable-stakeholders" and f.plain
    ]
    if twice:  # the structure check, where the cross-party result is given (Annex F)
        doc.add(Para(" ".join(twice) + " Annex F gives the check.", style="note"))
