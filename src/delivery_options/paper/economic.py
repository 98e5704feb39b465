"""The paper's economic case: value for money, from :meth:`Appraisal.value_for_money` (the same
result `options value` prints). Benefits (the value model) and costs are kept apart and then set
side by side (HM Treasury, Green Book 2022, and its MCDA supplementary guidance, 2024): a chart
of value against present cost with the efficient frontier, the table, the cost of each extra
value point, the choice by its stated rule and the cost switching values. Without costs the
section says they are not recorded, that the decision needs them, and what a cost difference
between the leading options would mean.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .document import Document, Figure, Grid, Heading, Items, Para
from .fmt import join_words, points

if TYPE_CHECKING:
    from ..appraisal import Appraisal
    from ..results.costs import ValueForMoneyResult
    from .charts import Drawn


@dataclass(frozen=True)
class Prepared:
    result: ValueForMoneyResult
    drawn: Drawn | None  # the chart, when costs are recorded


def prepare(app: Appraisal, who, png: bool = False) -> Prepared:
    """The result and its chart, computed once for the paper and the submission."""
    res = app.value_for_money(who)
    return Prepared(res, chart(res, png) if res.recorded else None)


def chart(res: ValueForMoneyResult, png: bool = False) -> Drawn:
    """Value against present cost: each option a point with its plausible cost as a bar, the
    efficient frontier a line through its options, the chosen option ringed."""
    import numpy as np

    from .charts import _finish, _setup, _wrap

    plt = _setup()
    vm = res.computed
    x = vm.present()
    lo, hi = vm.present(0), vm.present(2)
    y = np.asarray(res.values)
    fig, ax = plt.subplots(figsize=(7.0, 4.2))
    ax.errorbar(x, y, xerr=[x - lo, hi - x], fmt="o", color="#1b3a5c", ecolor="#9ec1e0", capsize=3)
    front = list(vm.frontier)
    ax.plot(x[front], y[front], color="#1b3a5c", linewidth=1.2, linestyle="--")
    if vm.chosen is not None:
        ax.plot(
            [x[vm.chosen]], [y[vm.chosen]], marker="o", markersize=14, mfc="none", color="black"
        )
    for a in range(len(y)):
        o = res.workspace.options[a]
        ax.annotate(
            f"Option {o.number}" if o.number is not None else _wrap(o.name, 24),
            (x[a], y[a]),
            textcoords="offset points",
            xytext=(8, -14),
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
        )
    from ..present.escape import chart as chart_text

    ax.set_xlabel(f"Present cost ({chart_text(res.unit)}), with its plausible range")
    ax.set_ylabel("Value (0-100)")
    ax.set_ylim(max(0.0, float(y.min()) - 10), min(100.0, float(y.max()) + 10))
    ax.set_xlim(min(0.0, float(lo.min())) - 0.5, float(hi.max()) * 1.15 + 0.5)
    return _finish(fig, _alt(res), png)


def _alt(res: ValueForMoneyResult) -> str:
    vm = res.computed
    pts = "; ".join(
        f"{res.label(a)}: value {points(res.values[a])}, present cost {res.money(vm.costed[a].present[1])}"
        for a in res.ranked()
    )
    front = join_words([res.label(a) for a in vm.frontier])
    return (
        f"Scatter chart of each option's value against its present cost. {pts}. The efficient "
        f"frontier joins {front}."
    )


def _label(c: dict, res: ValueForMoneyResult) -> Callable[[int], str]:
    """An option by its place, as the paper names it: 'option 2 (Executive commissioner)'."""
    ids = res.workspace.option_ids
    return lambda a: c["label"](ids[a])


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _heading(doc: Document) -> str:
    n = 1 + sum(1 for h in doc.contents() if h.text[:1].isdigit())
    return f"{n}. Value for money"


def section(doc: Document, c: dict) -> None:
    """The options paper's value-for-money section, after the preferred way forward."""
    prep: Prepared = c["value_for_money"]
    res = prep.result
    doc.add(Heading(1, _heading(doc)))
    if not res.recorded:
        costs = [cr.name.lower() for cr in c["ws"].criteria if cr.direction == "cost"]
        doc.add(Para(_without_costs(res, _label(c, res), costs), lead="Costs are not recorded."))
        return
    s = res.settings
    from ..model.costs import money_criteria

    money = [cr.name.lower() for cr, _ in money_criteria(c["ws"].criteria)]
    weighed = (
        "which leave money out"
        if not money
        else f"which include {join_words(money)} as a criterion, so money may be counted twice "
        "(Annex F)"
    )
    doc.add(
        Para(
            f"The sections above weigh what each option would achieve. Here it is set beside what "
            f"each would cost, kept apart as the Green Book asks: value (0-100) under the weights "
            f"of {res.stakeholder.name}, {weighed}, and cost over {s.period} years. "
            + res.discounting
            + (f" {s.note}" if s.note else ""),
        )
    )
    number = 1 + len(doc.figures())
    grids = [_grid(res, number)]
    doc.add(
        Figure(
            number,
            "Each option's value against its present cost; the bar is the plausible range of "
            "the cost, the dashed line the efficient frontier, the ring the option chosen.",
            _frontier_words(res, _label(c, res)),
            _alt(res),
            prep.drawn.svg,
            prep.drawn.png,
            grids[0],
        ),
        *grids[1:],
    )
    doc.add(Heading(2, "The cost of each extra value point"))
    doc.add(Items(tuple(_step_words(res, _label(c, res))) or ("Only one option is efficient.",)))
    lab = _label(c, res)
    for a in res.extended():
        doc.add(
            Para(
                f"{_cap(lab(a))} costs more a point to reach than the step beyond it costs: at "
                "any worth of a value point, an option either side of it gives more net value.",
                style="note",
            )
        )
    doc.add(Heading(2, "The choice on value for money"))
    doc.add(Para(_choice_words(res, _label(c, res), c)))
    doc.add(Heading(2, "What cost would change it"))
    doc.add(
        Para(
            "Each change below is in present cost, as if a one-off in the first year (the same "
            "in cash); the other options' costs are held where they are."
        ),
        Items(tuple(_switch_words(res, _label(c, res)))),
    )
    from .compose import grids_from_table

    for g in grids_from_table(
        res.table("costs").for_people(), caption="Every cost and its evidence"
    ):
        doc.add(g)


def _grid(res: ValueForMoneyResult, number: int) -> Grid:
    """The numbers behind the chart, one row an option, most valuable first."""
    vm, u = res.computed, res.unit
    budget = res.settings.budget is not None
    rows = []
    for a in res.ranked():
        o = res.workspace.options[a]
        p = vm.costed[a].present
        impl = o.costs.implementation if o.costs is not None else None
        months = "not recorded"
        if impl is not None:
            months = f"{impl.months:g}" + (
                f" ({impl.low:g}\u2013{impl.high:g})" if impl.low != impl.high else ""
            )
        rows.append(
            (
                res.label(a) + (" (chosen)" if a == vm.chosen else ""),
                points(res.values[a]),
                f"{p[1]:.2f}",
                f"{p[0]:.2f}\u2013{p[2]:.2f}",
                f"{vm.costed[a].cash[1]:.2f}",
                *((vm.affordable[a],) if budget else ()),
                "yes" if vm.dominated_by[a] is None else "no",
                months,
            )
        )
    header = (
        "Option",
        "Value",
        f"Present cost ({u})",
        f"Plausible ({u})",
        f"Cash cost ({u})",
        *(("Affordable",) if budget else ()),
        "Efficient",
        "Months to implement",
    )
    numeric = (False, True, True, True, True, *((False,) if budget else ()), False, True)
    notes = tuple(
        n for n in res.table("value_for_money").notes if n.startswith(("Efficient", "Affordable"))
    )
    return Grid(f"The numbers behind figure {number}", header, tuple(rows), numeric, notes, True)


def aside(c: dict) -> str:
    """A sentence the submission adds to its word on certainty when costs are not recorded."""
    if c["value_for_money"].result.recorded:
        return ""
    return " Costs are not recorded: value for money is not yet shown."


def brief(c: dict) -> tuple[Para, ...]:
    """The submission's paragraph on costs, when they are recorded."""
    res = c["value_for_money"].result
    if not res.recorded:
        return ()
    vm = res.computed
    if vm.chosen is None:
        return (Para("No option is affordable within the budget.", lead="Costs."),)
    a = vm.chosen
    p = vm.costed[a].present
    sw = vm.switches[a]
    more = (
        f"; it stays the choice unless its cost rises by {res.money(sw.change)}"
        if sw.change is not None
        else ""
    )
    return (
        Para(
            f"On value for money, the choice is {_label(c, res)(a)}: present cost "
            f"{res.money(p[1])}, plausibly {res.money(p[0])} to {res.money(p[2])}{more}. The "
            "options paper's section 'Value for money' gives the frontier and the cost switching "
            "values.",
            lead="Costs.",
        ),
    )


def _without_costs(
    res: ValueForMoneyResult, lab: Callable[[int], str], cost_criteria: Sequence[str] = ()
) -> str:
    """What the absence of costs means: the lead in value, that a cost criterion already in the
    score would count money twice once costs are set against value (DCLG 2009, 6.2.9: double
    counting), and no made-up cost per point (an invented sum divided by that lead would be a
    figure that could be lifted from the paper)."""
    order = res.ranked()
    if len(order) < 2:
        return "Costs are not recorded; the decision needs them."
    a, b = order[0], order[1]
    gap = res.values[a] - res.values[b]
    worth = res.settings.worth_per_point if res.settings else None
    head = (
        "The decision needs them: value for money weighs what each option would achieve "
        "against what it would cost, and this appraisal can compare only what they achieve. "
    )
    twice = (
        f"That value already counts cost in part: {join_words(list(cost_criteria))} "
        f"{'is a criterion' if len(cost_criteria) == 1 else 'are criteria'} in the score. "
        "Before recorded costs are set against value, "
        f"{'it' if len(cost_criteria) == 1 else 'they'} must be scored without money, or money "
        "is counted twice. "
        if cost_criteria
        else ""
    )
    if gap <= 1e-9:
        return (
            head
            + twice
            + (
                f"{_cap(lab(a))} and {lab(b)} are of equal value, so the cheaper of them would "
                "be the better value for money."
            )
        )
    return head + (
        f"{_cap(lab(a))} leads {lab(b)} by {points(gap)} value points. "
        + twice
        + (
            f"At the stated worth of {res.money(worth)} a point, it stays the better value "
            f"unless it costs more than {res.money(worth * gap)} more than {lab(b)}. "
            if worth is not None
            else "No cost is known, so no cost per value point is given. "
        )
        + "Without costs, nothing more can be said about value for money."
    )


def _frontier_words(res: ValueForMoneyResult, lab: Callable[[int], str]) -> str:
    vm = res.computed
    front = join_words([lab(a) for a in vm.frontier])
    out = [f"The efficient options, none beaten on both value and cost: {front}."]
    for a in res.ranked():
        if vm.dominated_by[a] is not None:
            b = vm.dominated_by[a]
            more = res.values[b] > res.values[a] + 1e-9
            less = vm.costed[b].present[1] < vm.costed[a].present[1] - 1e-9
            how = "is worth more" if more else "is worth as much"
            how += " and costs less" if less else " for the same cost"
            out.append(f"{_cap(lab(a))} is not: {lab(b)} {how}.")
    return " ".join(out)


def _step_words(res: ValueForMoneyResult, lab: Callable[[int], str]) -> list[str]:
    return [
        f"From {lab(s.from_option)} to {lab(s.to_option)}: "
        f"{res.money(s.extra_cost)} more for {points(s.extra_value)} more value points, "
        f"{res.money(s.per_point)} a point."
        for s in res.computed.steps
    ]


def _choice_words(res: ValueForMoneyResult, lab: Callable[[int], str], c: dict) -> str:
    vm = res.computed
    if vm.chosen is None:
        return f"{res.rule} No option is affordable within the budget."
    a = vm.chosen
    top = res.ranked()[0]
    same = (
        f"It is also the option the value model puts first for {res.stakeholder.name}."
        if a == top
        else f"The value model alone puts {lab(top)} first for {res.stakeholder.name}; "
        f"{lab(a)} is chosen here because "
        + (
            f"the cash cost of {lab(top)} over the period "
            f"({res.money(vm.costed[top].cash[1])}) is over the budget "
            f"({res.money(res.settings.budget)})."
            if res.settings.budget is not None and vm.costed[top].cash[1] > res.settings.budget
            else "it is as valuable and costs less."
            if abs(res.values[a] - res.values[top]) <= 1e-9
            else "it gives more net value."
        )
    )
    return f"{res.rule} By that rule: {lab(a)}. {same}"


def _switch_words(res: ValueForMoneyResult, lab: Callable[[int], str]) -> list[str]:
    vm = res.computed
    if vm.chosen is None:
        return ["No option is affordable within the budget, so there is no choice to change."]
    out = []
    for a in res.ranked():
        s = vm.switches[a] if vm.switches else None
        if s is None:
            continue
        p = vm.costed[a].present
        if s.change is None:
            if a == vm.chosen:
                out.append(f"{_cap(lab(a))}: no rise in its cost alone changes the choice.")
            continue
        then = lab(s.becomes) if s.becomes is not None else "no option"
        if a == vm.chosen:
            within = s.change <= p[2] - p[1] + 1e-9
            out.append(
                f"{_cap(lab(a))} stays the choice unless its present cost rises by more than "
                f"{res.money(s.change)} (to {res.money(p[1] + s.change)}); then {then}. "
                + (
                    f"That is within its plausible range (up to {res.money(p[2])}): the choice "
                    "depends on the cost estimate."
                    if within
                    else f"That is beyond its plausible range (up to {res.money(p[2])})."
                )
            )
        else:
            within = s.change <= p[1] - p[0] + 1e-9
            out.append(
                f"{_cap(lab(a))} would be chosen if its present cost fell by more than "
                f"{res.money(s.change)} (to {res.money(p[1] - s.change)}), "
                + (
                    f"within its plausible range (down to {res.money(p[0])})."
                    if within
                    else f"beyond its plausible range (down to {res.money(p[0])})."
                )
            )
    others = [
        lab(a)
        for a in res.ranked()
        if a != vm.chosen and vm.switches and vm.switches[a].change is None
    ]
    if others:
        out.append(
            f"No fall in the cost of {join_words(others)} alone would make "
            f"{'it' if len(others) == 1 else 'either' if len(others) == 2 else 'any of them'} "
            "the choice: each is worth less."
        )
    tested = [s for s in vm.switches if s.change is not None]
    if tested and all(s.rechecked for s in tested):
        out.append("Each switching value was re-checked by recomputing the choice at that cost.")
    elif tested:
        bad = join_words([lab(s.option) for s in tested if not s.rechecked])
        out.append(f"Recomputing the choice did not confirm the switching value of {bad}.")
    return out
