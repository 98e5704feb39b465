"""Risks of the short-listed options: each option's risk register rated before and after
mitigation (likelihood x impact on the 5x5 matrix, HM Treasury, The Orange Book, 2020), the
likelihood and impact matrix before and after, and the risk profiles compared. The registers are
:mod:`delivery_options.model.risks`; ranking and profiles :mod:`delivery_options.methods.risks`.
"""

from __future__ import annotations

from ...model.risks import Risk
from ..compose import BODY_OPTIONS, CELL_RISKS, _number, _tag
from ..document import Document, Grid, Heading, Para
from ..fmt import join_words, number_word, risk_score

LEVELS = ("very low", "low", "medium", "high", "very high")
MODELLED = "modelled"


def _before(r: Risk) -> str:
    return f"{r.likelihood} \u00d7 {r.impact} = {risk_score(r.score, r.band)}"


def _after(r: Risk) -> str:
    return (
        f"{r.after_likelihood} \u00d7 {r.after_impact} = "
        f"{risk_score(r.residual_score, r.residual_band)}"
    )


def _mark(r: Risk) -> str:
    return f" [{MODELLED}]" if r.modelled else ""


def section(doc: Document, c: dict) -> None:
    """Each short-listed option's register, the matrix before and after mitigation, the
    profiles compared and the largest risk."""
    from ...methods.risks import ranked

    label = c["label"]
    long = c["long_list"]
    ids = c["risks"].options
    doc.add(Heading(1, "5. Risks of the short-listed options"))
    doc.add(
        Para(
            "Each short-listed option has a risk register. Every risk is rated for likelihood and "
            "for impact from 1 (very low) to 5 (very high); their product (1\u201325) places it on "
            "the usual five-by-five matrix: high 15\u201325, medium 5\u201312, low 1\u20134. Each "
            "has a mitigation, an owner and the rating left after mitigation."
        )
    )
    regs = {o: ranked(long.option(o).risk_register) for o in ids}
    every = [r for reg in regs.values() for r in reg]
    if any(r.modelled for r in every):
        which = "Every risk below is marked" if all(r.modelled for r in every) else "A risk marked"
        doc.add(
            Para(
                f"{which} [{MODELLED}]: its likelihood, impact, mitigation, owner and the "
                "ratings after mitigation are this appraisal's judgements from the evidence, not "
                "figures the source gives.",
                style="note",
            )
        )
    if any(r.residual_likelihood is not None and r.residual_impact is None for r in every):
        doc.add(
            Para(
                "Where a register records only the likelihood after mitigation, the impact is "
                "taken as unchanged: the mitigation makes the harm less likely, not smaller.",
                style="note",
            )
        )
    worst = [(regs[o][0].score, o, regs[o][0]) for o in ids if regs[o]]
    many = len(ids) > BODY_OPTIONS
    shown = list(ids)
    if many:  # the registers of the highest-ranked options; those without one counted
        place = {r.option: i for i, r in enumerate(c["ranking"].rows)}
        by_rank = sorted(ids, key=lambda o: (place.get(o, len(place)), ids.index(o)))
        shown = [o for o in by_rank if regs[o]][:BODY_OPTIONS]
        none = [o for o in ids if not regs[o]]
        with_one = len(ids) - len(none)
        if none:
            doc.add(
                Para(
                    f"No risk register is recorded for {len(none)} of the {len(ids)} short-listed "
                    f"options: their risks are not yet assessed."
                    + (
                        f" They are {join_words([c['short'](o) for o in none])}."
                        if len(none) <= BODY_OPTIONS
                        else ""
                    )
                )
            )
        if with_one > len(shown):
            doc.add(
                Para(
                    doc.cut(
                        "Section 5, the risk registers",
                        f"The registers of the {len(shown)} highest-ranked of the {with_one} "
                        f"options with one are shown; every register: options risks.",
                    ),
                    style="note",
                )
            )
    for o in shown:
        reg = regs[o]
        doc.add(Heading(2, f"Risk register: {label(o)}"))
        if not reg:
            doc.add(Para("No risk register is recorded: this option's risks are not yet assessed."))
            continue
        doc.add(
            Grid(
                "",  # the heading above names the register: said once
                (
                    "Risk",
                    "Before: likelihood \u00d7 impact",
                    "Mitigation (owner)",
                    "After: likelihood \u00d7 impact",
                ),
                tuple(
                    (
                        f"{_tag(long, o)}.{k + 1} {r.risk}{_mark(r)}",
                        _before(r),
                        f"{r.mitigation or 'none recorded'} ({r.owner or 'no owner recorded'})",
                        _after(r),
                    )
                    for k, r in enumerate(reg)
                ),
                (False, True, False, True),
                small=True,
                widths=(4, 2, 5, 2),
            )
        )
    for when in ("before", "after"):
        _matrix(doc, long, ids, regs, when)
    prof = c["risks"].profiles
    if prof:
        rows = []
        listed = prof
        if many:
            keep = set(by_rank[:BODY_OPTIONS])
            listed = [p for p in prof if p.option in keep]
        for p in listed:
            rows.append(
                (
                    long.option_label(p.option),
                    str(p.risks),
                    f"{p.before.high} / {p.before.medium} / {p.before.low}",
                    f"{p.after.high} / {p.after.medium} / {p.after.low}",
                    f"{p.before.largest} \u2192 {p.after.largest}",
                )
            )
        named = {p.option for p in listed}
        rest = [p for p in prof if p.option not in named]
        if rest:
            rows.append(
                (
                    f"The other {len(rest)} options, together",
                    str(sum(p.risks for p in rest)),
                    " / ".join(
                        str(sum(getattr(p.before, k) for p in rest))
                        for k in ("high", "medium", "low")
                    ),
                    " / ".join(
                        str(sum(getattr(p.after, k) for p in rest))
                        for k in ("high", "medium", "low")
                    ),
                    f"{max(p.before.largest for p in rest)} \u2192 "
                    f"{max(p.after.largest for p in rest)}",
                )
            )
        doc.add(
            Grid(
                "The risk profiles compared",
                (
                    "Option",
                    "Risks",
                    "High / medium / low before",
                    "High / medium / low after",
                    "Largest before \u2192 after",
                ),
                tuple(rows),
                (False, True, True, True, True),
                notes=(
                    "Totals depend on how finely risks are split, so compare bands and the "
                    "largest risk rather than sums.",
                    *(
                        (
                            doc.cut(
                                "Section 5, the risk profiles compared",
                                f"The {len(listed)} highest-ranked of {len(prof)} options are "
                                f"shown one by one, the other {len(rest)} together (the "
                                f"largest: the largest of any); every option: options risks -f "
                                f"csv --table profiles.",
                            ),
                        )
                        if rest
                        else ()
                    ),
                ),
            )
        )
    top = max((x[0] for x in worst), default=None)
    tied = [(o, r) for o in ids for r in regs[o] if r.score == top]
    if len(tied) == 1:
        ((o, r),) = tied
        doc.add(
            Para(
                f"The largest risk before mitigation is {label(o)}'s \u2018{r.risk}\u2019 "
                f"(likelihood {r.likelihood} \u00d7 impact {r.impact} = {risk_score(r.score)}, {r.band}). "
                f"After mitigation it is likelihood {r.after_likelihood} \u00d7 impact "
                f"{r.after_impact} = {risk_score(r.residual_score, r.residual_band)}.",
                lead="Reading.",
            )
        )
    elif tied:  # every risk that shares the largest rating is named, never one of them
        r0 = tied[0][1]
        after = [risk_score(r.residual_score, r.residual_band) for _, r in tied]
        doc.add(
            Para(
                f"{number_word(len(tied)).capitalize()} risks share the largest rating before "
                f"mitigation, {risk_score(r0.score, r0.band)}: "
                + join_words([f"{_number(c, o)}'s \u2018{r.risk}\u2019" for o, r in tied])
                + ". After mitigation they are "
                + (f"each {after[0]}" if len(set(after)) == 1 else join_words(after))
                + ".",
                lead="Reading.",
            )
        )


def _possessive_of(long, oid: str) -> str:
    """ "option 2's", or the option's name with its possessive when it has no number."""
    from ...present.words import possessive

    o = long.option(oid)
    return possessive(f"option {o.number}" if o.number is not None else o.name)


def _matrix(doc: Document, long, ids, regs, when: str) -> None:
    """Every short-listed risk placed on the likelihood and impact matrix, before or after
    mitigation."""
    cells: dict[tuple[int, int], list[str]] = {}
    for o in ids:
        tag = _tag(long, o)
        for k, r in enumerate(regs[o]):  # each risk by its number in its register
            at = (
                (r.impact, r.likelihood)
                if when == "before"
                else (r.after_impact, r.after_likelihood)
            )
            cells.setdefault(at, []).append(f"{tag}.{k + 1}")
    if not cells:
        return
    crowded = any(len(v) > CELL_RISKS for v in cells.values())

    def placed(tags: list[str]) -> str:
        if len(tags) <= CELL_RISKS:
            return ", ".join(tags) or "\u2013"
        return f"{len(tags)} risks: {', '.join(tags[:6])} and {len(tags) - 6} more"

    if when == "before":
        doc.add(Heading(2, "The likelihood and impact matrix, before and after mitigation"))
    doc.add(
        Grid(
            f"Every short-listed risk {when} mitigation, by likelihood and impact",
            ("Impact", *(f"Likelihood {lk}" for lk in range(1, 6))),
            tuple(
                (
                    f"{imp} ({LEVELS[imp - 1]})",
                    *(placed(cells.get((imp, lk), [])) for lk in range(1, 6)),
                )
                for imp in range(5, 0, -1)
            ),
            notes=(
                (
                    "Each risk is shown by its number in its option's register above: "
                    + f"{_tag(long, ids[0])}.1 is the first risk in {_possessive_of(long, ids[0])} "
                    + "register. High: likelihood \u00d7 impact of 15 or more; low: 4 or less."
                    if when == "before"
                    else "After mitigation, as rated in each register (the \u2018After\u2019 "
                    "column)."
                ),
                *(
                    (
                        doc.cut(
                            "Section 5, the likelihood and impact matrix",
                            f"A cell holding more than {CELL_RISKS} risks counts them and "
                            f"names the first 6; every risk, in its option's register: "
                            f"options risks.",
                        ),
                    )
                    if crowded
                    else ()
                ),
            ),
            small=True,
        )
    )
