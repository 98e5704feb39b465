"""Present cost, the efficient frontier, the choice and cost switching values, against numbers
worked by hand and by brute force (methods/costs.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from delivery_options.methods import costs as mc
from delivery_options.model.costs import CostItem


def test_discounting_by_hand():
    # £1m a year for 3 years at 3.5%, paid at the start of each year:
    # 1 + 1/1.035 + 1/1.035^2 = 1 + 0.966184 + 0.933511 = 2.899695
    items = [CostItem("Running", "recurring", 1.0, 1.0, 1.0)]
    got = mc.cost_option(items, 3, 0.035)
    assert got.present[1] == pytest.approx(2.899695, abs=1e-6)
    assert got.cash == (3.0, 3.0, 3.0)
    # the Green Book's default is the same 3.5% for the first 30 years
    assert mc.cost_option(items, 3).present[1] == pytest.approx(2.899695, abs=1e-6)


def test_the_green_book_long_term_schedule():
    d = mc.discount_factors(80)
    assert d[30] == pytest.approx(1.035**-30)  # 3.5% to year 30
    assert d[31] == pytest.approx(1.035**-30 / 1.03)  # 3.0% from year 31
    assert d[75] == pytest.approx(1.035**-30 * 1.03**-45)
    assert d[76] == pytest.approx(1.035**-30 * 1.03**-45 / 1.025)  # 2.5% from year 76
    assert mc.rate_in_year(301, None) == 0.01
    assert mc.discount_factors(40, 0.05)[39] == pytest.approx(1.05**-39)  # a stated rate: flat


def test_one_off_and_recurring_timing_by_hand():
    items = [
        CostItem("Set-up", "one-off", 4.0, 2.0, 7.5, year=1),
        CostItem("Running", "recurring", 2.0, 1.0, 3.0, year=2, years=2),
        CostItem("Forever", "recurring", 0.5, 0.5, 0.5, year=3),
    ]
    flows = mc.cash_flows(items, 5)
    assert list(flows) == [0.0, 4.0, 2.0, 2.5, 0.5]
    got = mc.cost_option(items, 5, 0.10)
    central = 4 / 1.1 + 2 / 1.1**2 + 2.5 / 1.1**3 + 0.5 / 1.1**4
    low = 2 / 1.1 + 1 / 1.1**2 + 1.5 / 1.1**3 + 0.5 / 1.1**4
    high = 7.5 / 1.1 + 3 / 1.1**2 + 3.5 / 1.1**3 + 0.5 / 1.1**4
    assert got.present == pytest.approx((low, central, high))
    assert got.cash == pytest.approx((5.0, 9.0, 14.5))


def test_affordability():
    assert mc.affordability((1, 2, 3), None) == ""
    assert mc.affordability((1, 2, 3), 3) == "affordable"
    assert mc.affordability((1, 2, 3), 2.5) == "depends"
    assert mc.affordability((1, 2, 3), 0.5) == "not affordable"


def _sweep_frontier(values, costs) -> set[int]:
    """An independent route: in order of cost, an option is efficient iff it is worth more
    than every cheaper option and at least as much as every option of its own cost."""
    out = set()
    for a in range(len(values)):
        cheaper = [values[b] for b in range(len(values)) if costs[b] < costs[a]]
        same = [values[b] for b in range(len(values)) if costs[b] == costs[a]]
        if all(v < values[a] for v in cheaper) and all(v <= values[a] for v in same):
            out.add(a)
    return out


def test_frontier_by_brute_force():
    rng = np.random.default_rng(7)
    for _ in range(300):
        m = int(rng.integers(1, 9))
        values = rng.integers(0, 6, m).astype(float) * 10  # ties on purpose
        costs = rng.integers(0, 6, m).astype(float)
        dom = mc.dominated(values, costs)
        assert {a for a in range(m) if dom[a] is None} == _sweep_frontier(values, costs)
        front, steps = mc.frontier_steps(values, costs)
        assert set(front) == _sweep_frontier(values, costs)
        for s in steps:  # along the frontier: dearer and more valuable
            assert s.extra_cost >= 0 and s.extra_value >= 0


def test_frontier_steps_by_hand():
    values = np.array([40.0, 60.0, 75.0, 50.0])
    costs = np.array([0.0, 3.0, 9.0, 5.0])  # the fourth is dearer and worth less than the second
    front, steps = mc.frontier_steps(values, costs)
    assert front == [0, 1, 2]
    assert [(s.from_option, s.to_option) for s in steps] == [(0, 1), (1, 2)]
    assert steps[0].per_point == pytest.approx(3 / 20)  # £0.15m a value point
    assert steps[1].per_point == pytest.approx(6 / 15)  # £0.40m a value point


V = np.array([40.0, 60.0, 75.0])
C = np.array([0.0, 3.0, 9.0])


def test_most_valuable_affordable_by_hand():
    best, sw = mc.switching_values(V, C, C, budget=10)
    assert best == 2
    assert (sw[2].change, sw[2].why, sw[2].becomes) == (pytest.approx(1.0), "budget", 1)
    assert sw[1].change is None and sw[0].change is None  # worth less: cost alone cannot do it
    best, sw = mc.switching_values(V, C, C, budget=8)
    assert best == 1
    assert (sw[1].change, sw[1].becomes) == (pytest.approx(5.0), 0)  # 8 - 3
    assert (sw[2].change, sw[2].becomes) == (pytest.approx(1.0), 2)  # 9 - 8
    assert all(s.rechecked for s in sw if s.change is not None)


def test_no_budget_and_no_worth_cost_cannot_change_the_choice():
    best, sw = mc.switching_values(V, C, C)
    assert best == 2 and all(s.change is None for s in sw)


def test_net_value_at_a_stated_worth_by_hand():
    # worth £0.5m a point: net values 20, 27, 28.5
    best, sw = mc.switching_values(V, C, C, worth=0.5)
    assert best == 2
    assert (sw[2].change, sw[2].becomes) == (pytest.approx(1.5), 1)
    assert (sw[1].change, sw[1].becomes) == (pytest.approx(1.5), 1)
    assert (sw[0].change, sw[0].becomes) == (pytest.approx(8.5), 0)
    # with a budget of 8 the third is out: net values 20 and 27
    best, sw = mc.switching_values(V, C, C, budget=8, worth=0.5)
    assert best == 1
    # the third is worth more net already (28.5 > 27): it needs only to come within the budget
    assert sw[2].change == pytest.approx(1.0) and sw[2].why == "budget"  # 9 - 8
    # the second: 8 - 3 = 5 to the budget, before 0.5 * (60 - 40) - (3 - 0) = 7 to the first
    assert sw[1].change == pytest.approx(5.0) and sw[1].why == "budget" and sw[1].becomes == 0


def test_switching_values_re_evaluated_on_random_cases():
    rng = np.random.default_rng(3)
    for _ in range(400):
        m = int(rng.integers(2, 7))
        values = rng.uniform(0, 100, m).round(1)
        present = rng.uniform(0, 20, m).round(2)
        cash = present * rng.uniform(1.0, 1.3, m)
        budget = None if rng.random() < 0.3 else float(rng.uniform(5, 25))
        worth = None if rng.random() < 0.5 else float(rng.uniform(0.05, 0.5))
        best, sw = mc.switching_values(values, present, cash, budget, worth)
        if best is None:
            continue
        for s in sw:
            if s.change is not None:
                assert s.rechecked, (values, present, cash, budget, worth, s)
                continue
            # no change in this option's cost alone changes the choice: try a wide scan
            for x in np.linspace(0, 200, 81):
                p, c = present.copy(), cash.copy()
                d = x if s.option == best else -x
                p[s.option] += d
                c[s.option] += d
                assert mc.choose(values, p, c, budget, worth) == best


def test_nothing_affordable():
    assert mc.choose(V, C + 20, C + 20, budget=10) is None
    assert mc.switching_values(V, C + 20, C + 20, budget=10) == (None, [])


def test_equal_value_cheaper_wins():
    values = np.array([50.0, 50.0])
    present = np.array([4.0, 3.0])
    best, sw = mc.switching_values(values, present, present)
    assert best == 1
    assert sw[1].change == pytest.approx(1.0) and sw[1].becomes == 0 and sw[1].rechecked
    assert sw[0].change == pytest.approx(1.0) and sw[0].rechecked
    assert math.isnan(mc.Step(0, 1, 0.0, 0.0).per_point)


def test_a_cash_budget_can_rule_out_an_option_that_beats_the_choice_on_present_cost():
    # b: as valuable; its costs fall later, so it is cheaper in present cost but dearer in cash
    values = np.array([50.0, 50.0])
    present = np.array([9.0, 8.0])
    cash = np.array([9.5, 10.5])
    best, _ = mc.switching_values(values, present, cash, budget=10)
    assert best == 0 and mc.dominated(values, present)[0] == 1
