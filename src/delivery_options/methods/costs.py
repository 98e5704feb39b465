"""Present cost, affordability and value for money (HM Treasury, The Green Book, 2022; its MCDA
supplementary guidance, 2024: benefits from the value model, kept apart from costs).

Discounting. Costs are in today's prices; a cost in year t (t = 0 the first year, paid at its
start) is worth D_t today, D_0 = 1 and D_t = D_{t-1} / (1 + r_t). A stated rate is used for every
year; by default r_t is the Green Book's: 3.5% for years 1-30, then its long-term schedule (3.0%
to year 75, 2.5% to 125, 2.0% to 200, 1.5% to 300, 1.0% beyond; Green Book 2022, Annex A6).
So £1m a year for 3 years at 3.5% is 1 + 1/1.035 + 1/1.035^2 = 2.8997.

The choice. Among the affordable options (cash cost over the period within the budget, when
one is set), the one with the most net value w*V - C at the stated worth w of a value point;
with no worth stated, the most valuable affordable option (cost decides only between options of
equal value). The chosen option is on the efficient frontier (value against present cost)
unless the budget, which is on cash, rules out one that beats it there. A switching value is
the change in one option's cost, as a one-off in the first year (the same in present and cash
terms), at which the choice changes; each is re-checked by recomputing the choice there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model.costs import GREEN_BOOK_RATE, CostItem

#: The Green Book's declining long-term discount rate: (last year it applies to, rate).
SCHEDULE = ((30, GREEN_BOOK_RATE), (75, 0.030), (125, 0.025), (200, 0.020), (300, 0.015))
LONG_RATE = 0.010
TOLERANCE = 1e-9  # two values or costs closer than this are equal
ENDS = ("low", "central", "high")


def rate_in_year(t: int, rate: float | None) -> float:
    """The discount rate between year t-1 and year t (t >= 1)."""
    if rate is not None:
        return rate
    for last, r in SCHEDULE:
        if t <= last:
            return r
    return LONG_RATE


def discount_factors(period: int, rate: float | None = None) -> np.ndarray:
    """D_0 .. D_{period-1}: the present worth of 1 paid at the start of each year."""
    out = np.ones(period)
    for t in range(1, period):
        out[t] = out[t - 1] / (1.0 + rate_in_year(t, rate))
    return out


def cash_flows(items: Sequence[CostItem], period: int, end: str = "central") -> np.ndarray:
    """Each year's cost (in today's prices) over the period, at one end of the ranges."""
    flows = np.zeros(period)
    for c in items:
        x = getattr(c, end)
        if c.kind == "one-off":
            if c.year < period:
                flows[c.year] += x
            continue
        last = period if c.years is None else min(period, c.year + c.years)
        flows[c.year : last] += x
    return flows


@dataclass(frozen=True)
class Costed:
    """One option's costs summed: present (discounted) and cash, at each end of the ranges."""

    present: tuple[float, float, float]  # low, central, high
    cash: tuple[float, float, float]


def cost_option(items: Sequence[CostItem], period: int, rate: float | None = None) -> Costed:
    d = discount_factors(period, rate)
    flows = [cash_flows(items, period, e) for e in ENDS]
    return Costed(
        tuple(float(f @ d) for f in flows),  # type: ignore[arg-type]
        tuple(float(f.sum()) for f in flows),  # type: ignore[arg-type]
    )


def affordability(cash: tuple[float, float, float], budget: float | None) -> str:
    """'affordable' (even the high cost is within the budget), 'not affordable' (even the low
    is over it), 'depends' (the range straddles it), or '' with no budget."""
    if budget is None:
        return ""
    low, _, high = cash
    if high <= budget + TOLERANCE:
        return "affordable"
    if low > budget + TOLERANCE:
        return "not affordable"
    return "depends"


def dominated(values: np.ndarray, costs: np.ndarray) -> list[int | None]:
    """For each option, an option that dominates it (at least as valuable and no dearer, better
    on one), or None: the options with None form the efficient frontier."""
    out: list[int | None] = []
    for a in range(len(values)):
        by = None
        for b in range(len(values)):
            no_worse = values[b] >= values[a] - TOLERANCE and costs[b] <= costs[a] + TOLERANCE
            better = values[b] > values[a] + TOLERANCE or costs[b] < costs[a] - TOLERANCE
            if b != a and no_worse and better:
                by = b
                break
        out.append(by)
    return out


@dataclass(frozen=True)
class Step:
    """A move along the frontier to a dearer, more valuable option."""

    from_option: int
    to_option: int
    extra_cost: float
    extra_value: float

    @property
    def per_point(self) -> float:
        """Incremental cost per value point."""
        return self.extra_cost / self.extra_value if self.extra_value > 0 else float("nan")


def frontier_steps(values: np.ndarray, costs: np.ndarray) -> tuple[list[int], list[Step]]:
    """The frontier in order of cost (then value), and the step from each to the next."""
    dom = dominated(values, costs)
    front = sorted(
        (a for a in range(len(values)) if dom[a] is None), key=lambda a: (costs[a], -values[a], a)
    )
    steps = [
        Step(a, b, float(costs[b] - costs[a]), float(values[b] - values[a]))
        for a, b in zip(front, front[1:], strict=False)
    ]
    return front, steps


def choose(
    values: np.ndarray,
    present: np.ndarray,
    cash: np.ndarray,
    budget: float | None = None,
    worth: float | None = None,
) -> int | None:
    """The chosen option by the rule above (ties: the cheaper, then the first); None when no
    option is affordable."""
    ok = [a for a in range(len(values)) if budget is None or cash[a] <= budget + TOLERANCE]
    if not ok:
        return None

    def key(a: int):
        merit = values[a] if worth is None else worth * values[a] - present[a]
        return (-round(merit / TOLERANCE) * TOLERANCE, present[a], a)

    return min(ok, key=key)


@dataclass(frozen=True)
class Switch:
    """How far one option's cost would have to move (up for the chosen option, down for
    another) before the choice changes, and the re-check there."""

    option: int
    change: float | None  # None: no change of this option's cost alone changes the choice
    why: str  # "budget" (affordability) or "value" (net value) or "" when change is None
    becomes: int | None  # the option chosen once the cost has moved past the switching value
    rechecked: bool  # recomputing the choice just past the switching value confirms it


def switching_values(
    values: np.ndarray,
    present: np.ndarray,
    cash: np.ndarray,
    budget: float | None = None,
    worth: float | None = None,
) -> tuple[int | None, list[Switch]]:
    """The chosen option, and for every option its cost switching value."""
    m = len(values)
    best = choose(values, present, cash, budget, worth)
    if best is None:
        return None, []
    out = []
    for a in range(m):
        change, why = _switch(a, best, values, present, cash, budget, worth)
        becomes, ok = None, False
        if change is not None:
            sign = 1.0 if a == best else -1.0
            step = max(abs(change) * 1e-6, 1e-6)
            moved = sign * (change + step)
            p, c = present.copy(), cash.copy()
            p[a] += moved
            c[a] += moved
            becomes = choose(values, p, c, budget, worth)
            p[a] -= sign * 2 * step  # just short of the switching value: unchanged
            c[a] -= sign * 2 * step
            before = choose(values, p, c, budget, worth)
            ok = becomes != best and before == best and (a == best or becomes == a)
        out.append(Switch(a, change, why, becomes, ok))
    return best, out


def _switch(a, best, values, present, cash, budget, worth) -> tuple[float | None, str]:
    others = [b for b in range(len(values)) if b != a]
    fits = [b for b in others if budget is None or cash[b] <= budget + TOLERANCE]
    if a == best:  # how much more it could cost
        cands = []
        if budget is not None:
            cands.append((budget - cash[a], "budget"))
        if worth is not None:
            for b in fits:
                cands.append((worth * (values[a] - values[b]) - (present[a] - present[b]), "value"))
        else:
            for b in fits:  # as valuable and dearer now: the tie is broken by cost
                if abs(values[b] - values[a]) <= TOLERANCE:
                    cands.append((present[b] - present[a], "value"))
        if not cands:
            return None, ""
        x, w = min(cands)
        return max(x, 0.0), w
    # how much less another option would have to cost
    over = max(0.0, cash[a] - budget) if budget is not None else 0.0
    if worth is not None:
        gap = (worth * values[best] - present[best]) - (worth * values[a] - present[a])
        x = max(gap, over)
        return x, "budget" if over >= gap else "value"
    if values[a] > values[best] + TOLERANCE:
        return over, "budget"
    if abs(values[a] - values[best]) <= TOLERANCE:
        return max(present[a] - present[best], over), "value"
    return None, ""


@dataclass(frozen=True)
class ValueForMoney:
    """Everything value for money computes, in the options' order."""

    values: np.ndarray  # overall value on 0-100
    costed: tuple[Costed, ...]
    affordable: tuple[str, ...]  # affordability(): "" with no budget
    dominated_by: tuple[int | None, ...]
    frontier: tuple[int, ...]  # in order of cost
    steps: tuple[Step, ...]
    chosen: int | None  # None: nothing is affordable
    switches: tuple[Switch, ...]

    def present(self, end: int = 1) -> np.ndarray:
        return np.array([c.present[end] for c in self.costed])

    def cash(self, end: int = 1) -> np.ndarray:
        return np.array([c.cash[end] for c in self.costed])


def value_for_money(
    values: np.ndarray,
    items: Sequence[Sequence[CostItem]],
    period: int,
    rate: float | None = None,
    budget: float | None = None,
    worth: float | None = None,
) -> ValueForMoney:
    """Present and cash costs, affordability, the frontier with its steps, the choice (at the
    central costs) and every option's cost switching value."""
    values = np.asarray(values, dtype=float)
    costed = tuple(cost_option(x, period, rate) for x in items)
    present = np.array([c.present[1] for c in costed])
    cash = np.array([c.cash[1] for c in costed])
    front, steps = frontier_steps(values, present)
    best, switches = switching_values(values, present, cash, budget, worth)
    return ValueForMoney(
        values,
        costed,
        tuple(affordability(c.cash, budget) for c in costed),
        tuple(dominated(values, present)),
        tuple(front),
        tuple(steps),
        best,
        tuple(switches),
    )
