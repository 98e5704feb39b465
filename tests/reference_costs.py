"""The value-for-money choice, frontier and cost switching values as first written (quadratic in
the number of options): a reference the faster methods/costs.py is compared with, answer for
answer (tests/test_costs_speed.py). Not part of the package."""

from __future__ import annotations

import numpy as np

from delivery_options.methods.costs import TOLERANCE, Step, Switch


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
