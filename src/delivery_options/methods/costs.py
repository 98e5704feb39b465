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

from bisect import bisect_left, bisect_right
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


def cost_option(
    items: Sequence[CostItem], period: int, rate: float | None = None, d: np.ndarray | None = None
) -> Costed:
    """``d``: :func:`discount_factors` already computed."""
    d = discount_factors(period, rate) if d is None else d
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
    """For each option, the first option (in the workspace's order) that dominates it (at least
    as valuable and no dearer, better on one), or None: the options with None form the
    efficient frontier.

    In O(m log m): b dominates a iff V_b >= V_a - tol, C_b <= C_a + tol and (V_b > V_a + tol or
    C_b < C_a - tol), that is iff (C_b <= C_a + tol and V_b > V_a + tol) or (C_b < C_a - tol
    and V_b >= V_a - tol): each clause implies the dropped half of the first condition, and
    neither holds for b = a. Each clause is a query "the least index among the options
    cheaper than a threshold and worth more than another", answered for every option in one
    sweep in order of cost: options are added to a Fenwick tree over the ranks of value that
    keeps the least index, and the threshold of value becomes a suffix of the ranks (the sort
    by cost with a running maximum of value, keeping who attains it)."""
    v = np.asarray(values, dtype=float).tolist()
    c = np.asarray(costs, dtype=float).tolist()
    m = len(v)
    by_value = sorted(range(m), key=v.__getitem__)
    ranked = [v[b] for b in by_value]
    slot = [0] * m  # a's place in the reversed value order, from 1: a suffix becomes a prefix
    for k, b in enumerate(by_value):
        slot[b] = m - k
    by_cost = sorted(range(m), key=c.__getitem__)
    out: list[int | None] = [None] * m
    clauses = (
        (
            lambda a: c[a] + TOLERANCE,
            bisect_right,
            lambda a: bisect_right(ranked, v[a] + TOLERANCE),
        ),
        (lambda a: c[a] - TOLERANCE, bisect_left, lambda a: bisect_left(ranked, v[a] - TOLERANCE)),
    )
    for cost_limit, within, first_rank in clauses:
        limits = [cost_limit(a) for a in range(m)]
        tree = [m] * (m + 1)  # least index in each Fenwick range; m: none
        added = 0
        costs_sorted = [c[b] for b in by_cost]
        for a in sorted(range(m), key=limits.__getitem__):
            # add every option with C_b <= limit (first clause) or C_b < limit (second)
            upto = within(costs_sorted, limits[a])
            while added < upto:
                b = by_cost[added]
                i = slot[b]
                while i <= m:
                    if b < tree[i]:
                        tree[i] = b
                    i += i & -i
                added += 1
            i, least = m - first_rank(a), m  # ranks first_rank.. are worth enough
            while i > 0:
                if tree[i] < least:
                    least = tree[i]
                i -= i & -i
            if least < m and (out[a] is None or least < out[a]):
                out[a] = least
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


def frontier_steps(
    values: np.ndarray, costs: np.ndarray, dom: Sequence[int | None] | None = None
) -> tuple[list[int], list[Step]]:
    """The frontier in order of cost (then value), and the step from each to the next (``dom``:
    :func:`dominated` already computed)."""
    dom = dominated(values, costs) if dom is None else dom
    front = sorted(
        (a for a in range(len(values)) if dom[a] is None), key=lambda a: (costs[a], -values[a], a)
    )
    steps = [
        Step(a, b, float(costs[b] - costs[a]), float(values[b] - values[a]))
        for a, b in zip(front, front[1:], strict=False)
    ]
    return front, steps


def _key(value: float, present: float, a: int, worth: float | None) -> tuple[float, float, int]:
    """The choice's order: most merit (equal within the tolerance), then cheaper, then first."""
    merit = value if worth is None else worth * value - present
    return (-round(merit / TOLERANCE) * TOLERANCE, present, a)


def _ranking(
    values: np.ndarray, present: np.ndarray, fits: np.ndarray, worth: float | None
) -> np.ndarray:
    """The affordable options in the choice's order (:func:`_key`, vectorised: ``np.rint``
    rounds half to even as ``round`` does)."""
    ok = np.flatnonzero(fits)
    merit = values[ok] if worth is None else worth * values[ok] - present[ok]
    rounded = -np.rint(merit / TOLERANCE) * TOLERANCE
    return ok[np.lexsort((ok, present[ok], rounded))]


def _fits(cash: np.ndarray, budget: float | None) -> np.ndarray:
    return np.ones(len(cash), bool) if budget is None else cash <= budget + TOLERANCE


def _floats(*xs) -> tuple[np.ndarray, ...]:
    return tuple(np.asarray(x, dtype=float) for x in xs)


def choose(
    values: np.ndarray,
    present: np.ndarray,
    cash: np.ndarray,
    budget: float | None = None,
    worth: float | None = None,
) -> int | None:
    """The chosen option by the rule above (ties: the cheaper, then the first); None when no
    option is affordable."""
    values, present, cash = _floats(values, present, cash)
    order = _ranking(values, present, _fits(cash, budget), worth)
    return int(order[0]) if len(order) else None


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
    """The chosen option, and for every option its cost switching value, in O(m log m).

    Write M_x for an option's merit: w V_x - P_x at a worth w of a value point, else V_x.
    Moving one option a's cost changes only a's merit and whether a is affordable, so the
    choice after the move is the better of a (if still affordable) and the best affordable
    option other than a: the chosen option b* when a is not b*, else the runner-up. Hence:

    - for the chosen option b*: the least rise that makes another affordable option b beat it
      is min_b [w (V_b* - V_b) - (P_b* - P_b)] = M_b* - max_b M_b, against the runner-up's
      merit (with no worth: the cheapest other option of equal value, P_b - P_b*); or the room
      left in the budget, B - cash_b*, whichever comes first;
    - for another option a: the least fall that makes it the choice is M_b* - M_a, against the
      chosen option's merit (with no worth: P_a - P_b* when equally valuable, nothing when
      worth less), and at least its cash over the budget.

    So the chosen option costs one vectorised pass, each other option a constant, and each
    re-check compares a's moved key with the best or the runner-up, computed once."""
    values, present, cash = _floats(values, present, cash)
    fits = _fits(cash, budget)
    order = _ranking(values, present, fits, worth)
    if not len(order):
        return None, []
    best = int(order[0])
    runner = int(order[1]) if len(order) > 1 else None
    v, p, c = values.tolist(), present.tolist(), cash.tolist()
    others = fits.copy()
    others[best] = False
    top = _chosen_switch(best, values, present, cash, others, budget, worth)

    def chosen_after(a: int, pa: float, ca: float) -> int | None:
        rival = runner if a == best else best
        mine = _key(v[a], pa, a, worth) if budget is None or ca <= budget + TOLERANCE else None
        theirs = None if rival is None else _key(v[rival], p[rival], rival, worth)
        if mine is None or theirs is None:
            return a if mine is not None else rival
        return a if mine < theirs else rival

    out = []
    for a in range(len(v)):
        change, why = top if a == best else _other_switch(a, best, v, p, c, budget, worth)
        becomes, ok = None, False
        if change is not None:
            sign = 1.0 if a == best else -1.0
            step = max(abs(change) * 1e-6, 1e-6)
            moved = sign * (change + step)
            pa, ca = p[a] + moved, c[a] + moved
            becomes = chosen_after(a, pa, ca)
            before = chosen_after(a, pa - sign * 2 * step, ca - sign * 2 * step)
            ok = becomes != best and before == best and (a == best or becomes == a)
        out.append(Switch(a, change, why, becomes, ok))
    return best, out


def _chosen_switch(a, values, present, cash, others, budget, worth) -> tuple[float | None, str]:
    """How much more the chosen option a could cost (``others``: the other affordable ones)."""
    cands = []
    if budget is not None:
        cands.append((float(budget - cash[a]), "budget"))
    if worth is not None:
        gaps = worth * (values[a] - values[others]) - (present[a] - present[others])
    else:  # as valuable and dearer now: the tie is broken by cost
        level = others & (np.abs(values - values[a]) <= TOLERANCE)
        gaps = present[level] - present[a]
    if len(gaps):
        cands.append((float(gaps.min()), "value"))
    if not cands:
        return None, ""
    x, w = min(cands)
    return max(x, 0.0), w


def _other_switch(a, best, v, p, c, budget, worth) -> tuple[float | None, str]:
    """How much less another option a would have to cost."""
    over = max(0.0, c[a] - budget) if budget is not None else 0.0
    if worth is not None:
        gap = (worth * v[best] - p[best]) - (worth * v[a] - p[a])
        x = max(gap, over)
        return x, "budget" if over >= gap else "value"
    if v[a] > v[best] + TOLERANCE:
        return over, "budget"
    if abs(v[a] - v[best]) <= TOLERANCE:
        return max(p[a] - p[best], over), "value"
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
    d = discount_factors(period, rate)
    costed = tuple(cost_option(x, period, rate, d) for x in items)
    present = np.array([c.present[1] for c in costed])
    cash = np.array([c.cash[1] for c in costed])
    dom = dominated(values, present)
    front, steps = frontier_steps(values, present, dom)
    best, switches = switching_values(values, present, cash, budget, worth)
    return ValueForMoney(
        values,
        costed,
        tuple(affordability(c.cash, budget) for c in costed),
        tuple(dom),
        tuple(front),
        tuple(steps),
        best,
        tuple(switches),
    )
