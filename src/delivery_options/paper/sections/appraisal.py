"""The short list appraised (section 4): each option's benefits and risks, the criteria and their
scales, the objectives, the scores, the result and Figure 1 (DCLG, Multi-criteria analysis: a
manual, 2009, steps 3-7)."""

from __future__ import annotations

from ..compose import (
    BODY_OPTIONS,
    MAX_ROWS,
    NOT_STATED,
    OPTION_COLUMNS,
    _cap,
    _chunks,
    _figure_cuts,
    benchmark_option,
)
from ..document import Document, Grid, Heading, Items, Para
from ..fmt import (
    apportion_table,
    join_words,
    number_word,
    points,
    scale_text,
    score_rows,
)


def section(doc: Document, c: dict) -> None:
    ws, n = c["ws"], c["narrative"]
    label = c["label"]
    doc.add(Heading(1, "4. The short list appraised"))
    doc.add(
        Para(
            f"{number_word(len(ws.options)).capitalize()} option"
            f"{'s are' if len(ws.options) != 1 else ' is'} appraised: each is scored on "
            f"{len(ws.criteria)} "
            f"criteria drawn from the evidence, and the scores are combined using weights that "
            f"say how much each criterion matters."
        )
    )
    if len(ws.options) > BODY_OPTIONS:
        doc.add(
            Para(
                doc.cut(
                    "Section 4",
                    f"With {len(ws.options)} options, this section shows the "
                    f"{BODY_OPTIONS} ranked highest in full and summarises the other "
                    f"{len(ws.options) - BODY_OPTIONS}; each table says what it leaves out and "
                    f"where to find it.",
                ),
                style="note",
            )
        )
    else:
        for o in ws.options:
            doc.add(Heading(2, _cap(label(o.id))))
            if o.description:
                doc.add(Para(" ".join(o.description.split())))
            if o.benefits:
                doc.add(Para("", lead="Benefits:"), Items(tuple(b.text for b in o.benefits)))
            if o.risks:
                doc.add(Para("", lead="Risks:"), Items(tuple(r.text for r in o.risks)))
    doc.add(Heading(2, "The criteria"))
    doc.add(
        Grid(
            "The criteria and their scales",
            ("Criterion", "What it measures", "Better when", "Scale"),
            tuple(
                (
                    cr.name,
                    " ".join(cr.description.split()) or NOT_STATED,
                    "higher" if cr.direction == "benefit" else "lower (a cost)",
                    scale_text(cr),
                )
                for cr in ws.criteria
            ),
            numeric=(False, False, False, True),
            small=True,
            widths=(2, 6, 1.2, 1),
        )
    )
    if not ws.tree.flat:
        _by_objective(doc, c)
    doc.add(Heading(2, "The scores"))
    doc.add(
        Para(
            "Each score is on the criterion's own scale, with its plausible range in brackets: "
            "the range the evidence allows. The reasons and evidence for every score are in "
            "Annex B."
        )
    )
    order = [r.option for r in c["ranking"].rows]
    shown = order[:BODY_OPTIONS]
    for k, part in enumerate(_chunks(shown, OPTION_COLUMNS)):
        doc.add(
            Grid(
                "Scores of the short-listed options"
                + (
                    f" ({k + 1} of {len(_chunks(shown, OPTION_COLUMNS))})" if len(shown) > 4 else ""
                ),
                ("Criterion (scale)", *(c["short"](o) for o in part)),
                score_rows(ws.criteria, [ws.option(o) for o in part]),
                (False, *(True for _ in part)),
                small=True,
            )
        )
    if len(order) > len(shown):
        annex = min(len(order), MAX_ROWS) - len(shown)
        doc.add(
            Para(
                f"The other {len(order) - len(shown)} options' scores are in Annex B."
                if len(order) <= MAX_ROWS
                else doc.cut(
                    "Section 4, the scores",
                    f"The scores of the next {annex} options are in Annex B; every score of "
                    f"all {len(order)} options, with its range, reason and evidence, is in the "
                    f"option's file in options/ (Annex G lists them).",
                ),
                style="note",
            )
        )
    doc.add(Heading(2, "The result"))
    doc.add(
        Para(
            "Each score is first put on a common 0\u2013100 scale (100 is the best the criterion's "
            "scale allows, whether the criterion is a benefit or a cost), then multiplied by the "
            "criterion's weight. The parts add up to an overall score out of 100. The result "
            f"below uses {n.weights_by}."
        )
    )
    rows = c["ranking"].rows
    top = rows[:15]
    rest = rows[len(top) :]
    others = ()
    if rest:
        others = (
            (
                f"{rest[0].rank}\u2013{rest[-1].rank}",
                f"The other {len(rest)} options",
                f"{points(rest[-1].score)}\u2013{points(rest[0].score)}",
            ),
        )
    doc.add(
        Grid(
            f"The options ranked under {n.weights_by}",
            ("Rank", "Option", "Overall score (out of 100)"),
            (*((str(r.rank), c["short"](r.option), points(r.score)) for r in top), *others),
            (True, False, True),
            widths=(1, 5, 2),
            notes=(
                "Options with the same score share a rank.",
                *_rounding_note(c, top),
                *(
                    (
                        doc.cut(
                            "Section 4, the options ranked",
                            f"The first {len(top)} of {len(rows)} options are shown one by one, "
                            f"the other {len(rest)} together; "
                            + (
                                "every option is ranked in Annex C."
                                if len(rows) <= MAX_ROWS
                                else f"every option ranked: options rank -w "
                                f"{c['stakeholder'].id} -f csv."
                            ),
                        ),
                    )
                    if rest
                    else ()
                ),
            ),
        )
    )
    bench = benchmark(c)
    if bench:
        doc.add(bench)
    if n.head_to_head:
        doc.add(Para(_cap(n.reasons[0]), lead="The top two, head to head."))
    counted = counted_twice(c)
    if counted:
        doc.add(counted)
    doc.add(c["figures"]["contributions"])
    _figure_cuts(doc, c, "contributions", "Figure 1")


def _rounding_note(c: dict, rows) -> tuple[str, ...]:
    """When the top two's totals, each rounded, differ by other than the lead before rounding:
    both said, once, under the table (62.1 - 61.4 = 0.7, the lead 0.78, said as 0.8); and, when
    the tests cannot separate them, that the ranks do not either."""
    out = []
    n = c["narrative"]
    if len(rows) > 1:
        lead = rows[0].score - rows[1].score
        shown = float(points(rows[0].score)) - float(points(rows[1].score))
        if points(shown) != points(lead):
            out.append(
                f"{c['short'](rows[0].option)} is {points(lead)} points ahead before rounding; "
                f"the totals shown, each rounded, differ by {points(shown)}."
            )
        if n.status == "too close to call":
            out.append("Too close to call: the ranks do not separate the options (section 7).")
    return tuple(out)


def benchmark(c: dict) -> Para | None:
    """Business as usual as the benchmark (HM Treasury, The Green Book, 2022: options are
    compared with business as usual): its overall score under the same weights, and how far each
    short-listed option is above it, when it failed the screen and so is not appraised."""
    from ...methods.value import decision_matrix, rank_options, weight_vector

    long = c["long_list"]
    sq = benchmark_option(c)
    if sq is None:
        return None
    dm = decision_matrix(long)
    rk = rank_options(dm, weight_vector(dm.criteria, c["stakeholder"]), c["stakeholder"].id)
    base = round(rk.row(sq.id).score, 1)

    def gap(r) -> str:  # the difference of the totals printed (each rounded), as every gap
        d = round(r.score, 1) - base
        return f"{points(abs(d))} points {'more' if d >= 0 else 'less'}"

    rows = c["ranking"].rows
    said = [f"{_low(c['short'](rows[0].option))} scores {gap(rows[0])}"]
    said += [f"{_low(c['short'](r.option))} {gap(r)}" for r in rows[1:]]
    return Para(
        f"{_cap(c['label'](sq.id))} is business as usual. It fails the screen (section 3), so "
        f"it is not appraised, but it is the benchmark. Under the same weights it scores "
        f"{points(base)} out of 100: {join_words(said)}. Annex B gives its scores, with the "
        "reasons and evidence.",
        lead="Against business as usual.",
    )


def _low(name: str) -> str:
    return "o" + name[1:] if name.startswith("Option ") else name


def counted_twice(c: dict) -> Para | None:
    """Where the result is given, one sentence on criteria that may count one concern twice
    (the structure checks: DCLG 2009, step 3), with a pointer to Annex F."""
    found = [f for f in c.get("findings", ()) if f.code == "concern-imbalance" and f.plain]
    if not found:
        return None
    return Para(
        f"{found[0].plain} Annex F gives the check.",
        lead="A concern that may be counted more than once.",
    )


def _by_objective(doc: Document, c: dict) -> None:
    """The value tree: each objective's contribution with its criteria's beneath, so a concern is
    read once at its own level (Keeney 1992; Belton and Stewart 2002, ch. 3)."""
    ws, ranked = c["ws"], c["ranked"]
    tree = ws.tree
    shown = [r.option for r in ranked.ranking.rows][:BODY_OPTIONS]
    doc.add(Heading(2, "The objectives"))
    doc.add(
        Para(
            f"The criteria are grouped under {len(tree.objective_ids)} objectives. Each option's "
            f"score is the sum of what each objective contributes (weight times value, in points "
            f"out of 100), and each objective's part is the sum of its criteria's, shown beneath "
            f"it. The weights are {c['weights_by']}."
        )
    )
    # the criteria's parts rounded as Figure 1 rounds them (each option's parts add up to its
    # total, equal parts shown equal), and each objective the sum of its criteria as shown, so
    # that the table adds up and a cell is the same number in both
    ids = [cr.id for cr in ws.criteria]
    parts = apportion_table([[ranked.contribution(o, j) for j in ids] for o in shown])
    said = {(o, j): parts[i][k] for i, o in enumerate(shown) for k, j in enumerate(ids)}

    def cell(o: str, node: str) -> str:
        return f"{round(sum(said[(o, j)] for j in tree.leaves(node)), 1):.1f}"

    for k, part in enumerate(_chunks(shown, OPTION_COLUMNS)):
        count = len(_chunks(shown, OPTION_COLUMNS))
        doc.add(
            Grid(
                "Contributions by objective, with the criteria beneath (points)"
                + (f" ({k + 1} of {count})" if count > 1 else ""),
                ("Objective or criterion", *(c["short"](o) for o in part)),
                tuple(
                    (
                        "\u00a0\u00a0" * tree.depth(node) + ws.node_name(node),
                        *(cell(o, node) for o in part),
                    )
                    for node in tree.nodes()
                ),
                (False, *(True for _ in part)),
                small=True,
            )
        )
