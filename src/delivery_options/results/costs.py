"""Value for money: benefits (one stakeholder's overall value) set beside present costs, never
mixed with them (HM Treasury, Green Book 2022 and its MCDA supplementary guidance, 2024):
the table of value against cost, the efficient frontier, the cost of each extra value point along
it, the choice by a stated rule and each option's cost switching value (methods/costs.py).

A workspace without costs gets the same result saying so: the decision needs them, and the
value gap of each option to the leader; no cost per value point, which would divide an invented
sum by the gap (the paper's economic case says the same), except at a stated worth of a value
point: the extra cost of the leader that changes the answer."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..methods.costs import ValueForMoney as Computed
from ..model.costs import CostSettings
from ..model.types import Stakeholder, Workspace
from ..present.table import Column, Table
from .base import Presentable, option_cells, option_columns
from .screened import ScreenedOut

NOT_RECORDED = (
    "Costs are not recorded in this workspace. The decision needs them: value for money sets "
    "each option's benefits against its cost, and without costs only the benefits can be compared."
)
RULE_BEST = (
    "The choice: the most valuable option whose cash cost over the period is within the budget "
    "(every option, with no budget); of options equally valuable, the cheaper."
)
RULE_WORTH = (
    "The choice: among the options whose cash cost over the period is within the budget (every "
    "option, with no budget), the one with the most net value: {w} a value point times its value, "
    "less its present cost."
)


def _implementation(o) -> tuple[float | None, tuple[float, float] | None]:
    impl = o.costs.implementation if o.costs is not None else None
    if impl is None:
        return None, None
    return impl.months, (impl.low, impl.high)


@dataclass(frozen=True)
class ValueForMoneyResult(Presentable):
    workspace: Workspace
    stakeholder: Stakeholder
    values: tuple[float, ...]  # each option's overall value, in the workspace's option order
    computed: Computed | None  # None: no costs recorded
    settings: CostSettings | None = None
    screened_out: tuple[ScreenedOut, ...] | None = None

    # --- words ------------------------------------------------------------------------------

    @property
    def recorded(self) -> bool:
        return self.computed is not None

    @property
    def unit(self) -> str:
        return self.settings.unit if self.settings is not None else "£m"

    def money(self, x: float) -> str:
        """'£4.6m', '£120k', '12.0 £' for an unusual unit."""
        u = self.unit
        sign = "-" if x < 0 else ""
        if u.startswith("£") and len(u) > 1:
            return f"{sign}£{abs(x):,.2f}{u[1:]}".replace(".00" + u[1:], u[1:])
        if u == "£":
            return f"{sign}£{abs(x):,.0f}"
        return f"{x:,.2f} {u}"

    @property
    def rule(self) -> str:
        s = self.settings
        if s is not None and s.worth_per_point is not None:
            return RULE_WORTH.format(w=self.money(s.worth_per_point))
        return RULE_BEST

    @property
    def discounting(self) -> str:
        s = self.settings
        if s is None or s.period is None:
            return ""
        rate = (
            f"{100 * s.discount_rate:g}% a year"
            if s.discount_rate is not None
            else "the Green Book's 3.5% a year"
            + (" and its long-term schedule after year 30" if s.period > 31 else "")
        )
        prices = f" in {s.prices}" if s.prices else " in today's prices"
        return (
            f"Present cost: every cost over {s.period} years{prices}, paid at the start of each "
            f"year and discounted at {rate} (the first year is not discounted)."
        )

    @property
    def value_note(self) -> str:
        """What the value holds: never the recorded costs, but perhaps criteria that are costs
        (money may then be counted twice: `options check` says so)."""
        from ..model.costs import money_criteria

        said = f"Value: the overall value (0-100) under the weights of {self.stakeholder.name}; "
        costly = [c.name for c, _ in money_criteria(self.workspace.criteria)]
        if not costly:
            return said + "costs are not part of it."
        which = (
            f"{costly[0]}, a cost criterion"
            if len(costly) == 1
            else f"{', '.join(costly[:-1])} and {costly[-1]}, cost criteria"
        )
        return (
            said + f"the value includes {which}; the recorded costs are not part of it, so "
            "money may be counted twice (see `options check`)."
        )

    def ranked(self) -> list[int]:
        """Options by value, best first (ties in the workspace's order)."""
        return sorted(range(len(self.values)), key=lambda a: (-self.values[a], a))

    def label(self, a: int) -> str:
        return self.workspace.option_label(self.workspace.option_ids[a])

    # --- tables -----------------------------------------------------------------------------

    def _tables(self) -> tuple[Table, ...]:
        if self.computed is None:
            return self._without_costs()
        ws, vm, u = self.workspace, self.computed, self.unit
        budget = self.settings.budget if self.settings else None
        notes = [
            self.value_note,
            self.discounting,
            "Efficient: no other option is at least as valuable for no more present cost.",
            self.rule,
        ]
        if budget is not None:
            notes.append(
                f"Affordable: the cash cost over the period (not discounted) against the budget "
                f"of {self.money(budget)}; 'depends' when the budget falls within its range."
            )
        vfm = Table(
            name="value_for_money",
            title=f"{ws.title}: value for money ({self.stakeholder.name})",
            columns=(
                *option_columns(),
                Column("value", "Value", "number"),
                Column("present_cost", "Present cost", "number", 2, unit=u),
                Column("present_range", "Plausible", "range", 2, unit=u),
                Column("cash_cost", "Cash cost", "number", 2, unit=u),
                *((Column("affordable", "Affordable"),) if budget is not None else ()),
                Column("efficient", "Efficient"),
                Column("chosen", "Choice"),
                Column("months", "Months to implement", "number", 0),
                Column("months_range", "Months plausible", "range", 0),
            ),
            rows=tuple(
                (
                    *option_cells(ws, ws.option_ids[a]),
                    self.values[a],
                    vm.costed[a].present[1],
                    (vm.costed[a].present[0], vm.costed[a].present[2]),
                    vm.costed[a].cash[1],
                    *((vm.affordable[a],) if budget is not None else ()),
                    self._efficient(a),
                    "chosen" if a == vm.chosen else "",
                    *_implementation(ws.options[a]),
                )
                for a in self.ranked()
            ),
            notes=tuple(n for n in notes if n),
        )
        frontier = Table(
            name="frontier",
            title="Along the efficient frontier: the cost of each extra value point",
            columns=(
                Column("from", "From"),
                Column("to", "To"),
                Column("extra_cost", "Extra present cost", "number", 2, unit=u),
                Column("extra_value", "Extra value", "number"),
                Column("per_point", "Cost per extra point", "number", 3, unit=u),
            ),
            rows=tuple(
                (
                    self.label(s.from_option),
                    self.label(s.to_option),
                    s.extra_cost,
                    s.extra_value,
                    s.per_point,
                )
                for s in vm.steps
            ),
            notes=(
                "Each step is worth taking only if a value point is worth at least its cost per "
                "extra point to the decision-maker.",
                *(
                    f"{self.label(a)} costs more a point to reach than the step beyond it: at "
                    "any worth of a value point, an option either side of it gives more net "
                    "value (extended dominance)."
                    for a in self.extended()
                ),
            ),
            empty="Only one option is efficient: it is at least as valuable as every other "
            "for no more cost.",
        )
        switching = Table(
            name="cost_switching",
            title="Cost switching values: how far one option's cost would have to move to "
            "change the choice",
            columns=(
                *option_columns(),
                Column("role", "Now"),
                Column("present_cost", "Present cost", "number", 2, unit=u),
                Column("switch", "Switching value", "number", 2, unit=u),
                Column("switch_at", "Switches at", "number", 2, unit=u),
                Column("why", "Because"),
                Column("then", "Then chosen"),
                Column("in_range", "Within its plausible range"),
                Column("rechecked", "Re-checked"),
            ),
            rows=tuple(self._switch_row(a) for a in self.ranked()) if vm.chosen is not None else (),
            notes=(
                "A switching value is a change in present cost, as if a one-off in the first "
                "year: more for the chosen option, less for another. Re-checked: the choice "
                "recomputed just past the switching value changes, and just short of it does "
                "not.",
            ),
            empty="No option is affordable within the budget, so there is no choice to test.",
        )
        items = Table(
            name="costs",
            title="Every cost recorded, with its range, who bears it and its evidence",
            columns=(
                *option_columns(),
                Column("item", "Cost"),
                Column("kind", "Kind"),
                Column("when", "Years"),
                Column("central", "Central", "number", 2, unit=u),
                Column("range", "Plausible", "range", 2, unit=u),
                Column("bears", "Borne by"),
                Column("evidence", "Evidence"),
            ),
            rows=tuple(
                (
                    *option_cells(ws, o.id),
                    c.item,
                    c.kind,
                    self._when(c),
                    c.central,
                    (c.low, c.high),
                    c.bears,
                    c.evidence,
                )
                for o in ws.options
                for c in (o.costs.items or ())
            ),
            notes=("Amounts a year for a recurring cost; years counted from 0, the first.",),
            empty="No option records any cost (every option records costs = []).",
        )
        return vfm, frontier, switching, items

    def _efficient(self, a: int) -> str:
        vm = self.computed
        b = vm.dominated_by[a]
        if b is None:
            return "yes"
        more = self.values[b] > self.values[a] + 1e-9
        less = vm.costed[b].present[1] < vm.costed[a].present[1] - 1e-9
        how = (
            "is worth more and costs less"
            if more and less
            else "is worth more for the same cost"
            if more
            else "is worth as much and costs less"
        )
        return f"no: {self.label(b)} {how}"

    def extended(self) -> list[int]:
        """Frontier options never the best net value at any worth of a value point: the cost
        of a point rises into them and falls out of them (extended dominance)."""
        st = self.computed.steps
        return [
            st[k].to_option
            for k in range(len(st) - 1)
            if st[k + 1].per_point < st[k].per_point - 1e-12
        ]

    def _when(self, c) -> str:
        period = self.settings.period if self.settings else None
        if c.kind == "one-off":
            return str(c.year)
        last = (period or c.year + 1) - 1 if c.years is None else c.year + c.years - 1
        if period is not None:
            last = min(last, period - 1)
        return f"{c.year}\u2013{last}" if last > c.year else str(c.year)

    def _switch_row(self, a: int) -> tuple:
        vm = self.computed
        ws = self.workspace
        s = vm.switches[a] if vm.switches else None
        present = vm.costed[a].present
        role = "chosen" if a == vm.chosen else "alternative"
        if s is None or s.change is None:
            return (
                *option_cells(ws, ws.option_ids[a]),
                role,
                present[1],
                None,
                None,
                "none: see the notes" if s is None else self._never(a),
                "",
                "",
                "",
            )
        sign = 1 if a == vm.chosen else -1
        room = present[2] - present[1] if sign > 0 else present[1] - present[0]
        then = self.label(s.becomes) if s.becomes is not None else "nothing (none affordable)"
        return (
            *option_cells(ws, ws.option_ids[a]),
            role,
            present[1],
            s.change,
            present[1] + sign * s.change,
            "the budget"
            if s.why == "budget"
            else "net value"
            if self.settings.worth_per_point
            else "value",
            then,
            "yes" if s.change <= room + 1e-9 else "no",
            "yes" if s.rechecked else "no",
        )

    def _never(self, a: int) -> str:
        if a == self.computed.chosen:
            return "no rise in its cost alone changes the choice"
        return "it is worth less: no fall in its cost alone makes it the choice"

    def _without_costs(self) -> tuple[Table, ...]:
        ws = self.workspace
        order = self.ranked()
        lead = order[0]
        u = self.unit
        worth = self.settings.worth_per_point if self.settings else None
        gaps = [self.values[lead] - self.values[a] for a in order]
        notes = [
            NOT_RECORDED,
            f"Value gap to the leader: how many value points each option is behind "
            f"{self.label(lead)}. No cost is known, so no cost per value point is given; "
            "without costs nothing can be said about which option is better value for money.",
        ]
        if worth is not None:
            notes.append(
                f"At the stated worth of {self.money(worth)} a value point, {self.label(lead)} "
                "stays the better value unless it costs more than another option by more than "
                "the last column (the worth times the value gap)."
            )
        gap = Table(
            name="value_gap",
            title=f"{ws.title}: costs not recorded ({self.stakeholder.name})",
            columns=(
                *option_columns(),
                Column("value", "Value", "number"),
                Column("gap", "Value gap to the leader", "number"),
                *(
                    (Column("switch", "Extra cost that changes the answer", "number", 2, unit=u),)
                    if worth is not None
                    else ()
                ),
            ),
            rows=tuple(
                (
                    *option_cells(ws, ws.option_ids[a]),
                    self.values[a],
                    g,
                    *((worth * g if g > 1e-9 else None,) if worth is not None else ()),
                )
                for a, g in zip(order, gaps, strict=True)
            ),
            notes=tuple(notes),
        )
        return (gap,)

    # --- JSON --------------------------------------------------------------------------------

    def _document(self) -> dict[str, Any]:
        ws, vm, s = self.workspace, self.computed, self.settings
        ids = ws.option_ids

        def trio(x) -> dict[str, float]:
            return dict(zip(("low", "central", "high"), map(float, x), strict=True))

        options = []
        for a in self.ranked():
            o = ws.options[a]
            row: dict[str, Any] = {
                "option": o.id,
                "name": o.name,
                "number": o.number,
                "value": float(self.values[a]),
            }
            if vm is not None:
                months, rng = _implementation(o)
                row |= {
                    "present_cost": trio(vm.costed[a].present),
                    "cash_cost": trio(vm.costed[a].cash),
                    "affordable": vm.affordable[a] or None,
                    "efficient": vm.dominated_by[a] is None,
                    "dominated_by": None if vm.dominated_by[a] is None else ids[vm.dominated_by[a]],
                    "months_to_implement": None
                    if months is None
                    else {"low": rng[0], "central": months, "high": rng[1]},
                    "costs": [
                        {
                            "item": c.item,
                            "kind": c.kind,
                            "year": c.year,
                            "years": c.years,
                            "low": c.low,
                            "central": c.central,
                            "high": c.high,
                            "bears": c.bears,
                            "evidence": c.evidence,
                        }
                        for c in (o.costs.items or ())
                    ],
                }
            options.append(row)
        lead = self.ranked()[0]
        return {
            "stakeholder": self.stakeholder.id,
            "costs_recorded": vm is not None,
            "unit": self.unit,
            "period": s.period if s else None,
            "discount_rate": s.discount_rate if s else None,
            "budget": s.budget if s else None,
            "worth_per_point": s.worth_per_point if s else None,
            "rule": self.rule if vm is not None else None,
            "options": options,
            "frontier": [ids[a] for a in vm.frontier] if vm is not None else None,
            "steps": [
                {
                    "from": ids[x.from_option],
                    "to": ids[x.to_option],
                    "extra_cost": x.extra_cost,
                    "extra_value": x.extra_value,
                    "per_point": None if math.isnan(x.per_point) else x.per_point,
                }
                for x in vm.steps
            ]
            if vm is not None
            else None,
            "chosen": ids[vm.chosen] if vm is not None and vm.chosen is not None else None,
            "switching": [
                {
                    "option": ids[x.option],
                    "change": x.change,
                    "direction": "up" if x.option == vm.chosen else "down",
                    "because": x.why or None,
                    "then_chosen": None if x.becomes is None else ids[x.becomes],
                    "rechecked": x.rechecked,
                }
                for x in vm.switches
            ]
            if vm is not None
            else None,
            "value_gaps": None
            if vm is not None
            else {ids[a]: float(self.values[lead] - self.values[a]) for a in self.ranked()},
        }
