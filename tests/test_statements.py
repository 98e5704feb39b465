"""Statements in a weights file: parsing, problems per bad field, and the rows they make."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest

from delivery_options.model.statements import (
    CriteriaOrder,
    Hypothetical,
    Indifferent,
    Prefer,
    Swing,
    parse_statements,
    rows,
    swing_rows,
)

CRIT = ("capacity", "cost", "speed")
OPTS = ("alpha", "beta", "gamma")
X = np.array([[80.0, 25.0, 50.0], [40.0, 75.0, 80.0], [60.0, 50.0, 20.0]])

GOOD = """
[[statements]]
source = "Director of Children's Services"
evidence = "meeting notes, 3 May"
date = 2024-05-03
prefer = ["alpha", "beta"]

[[statements]]
source = "Finance"
prefer = ["gamma", "*"]

[[statements]]
source = "Finance"
indifferent = ["beta", "gamma"]

[[statements]]
source = "Workshop"
swing = { capacity = 100, cost = [40, 60], speed = 20 }

[[statements]]
source = "Workshop"
criteria_order = ["capacity", "speed", "cost"]

[[statements]]
source = "Interview"
prefer = [{ capacity = 100 }, { speed = 35 }]
"""


def _parse(items):
    return parse_statements(items, "weights/x.toml", CRIT, OPTS)


def test_parse_every_kind():
    sts, problems = _parse(tomllib.loads(GOOD)["statements"])
    assert problems == []
    assert sts == [
        Prefer(
            "alpha",
            "beta",
            source="Director of Children's Services",
            evidence="meeting notes, 3 May",
            date="2024-05-03",
        ),
        Prefer("gamma", "*", source="Finance"),
        Indifferent("beta", "gamma", source="Finance"),
        Swing(
            (("capacity", 100.0, 100.0), ("cost", 40.0, 60.0), ("speed", 20.0, 20.0)),
            source="Workshop",
        ),
        CriteriaOrder(("capacity", "speed", "cost"), source="Workshop"),
        Prefer(
            Hypothetical((("capacity", 100.0),)),
            Hypothetical((("speed", 35.0),)),
            source="Interview",
        ),
    ]


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        ({"prefer": ["alpha", "beta"]}, "statement 1, source", "required"),
        ({"source": "  ", "prefer": ["alpha", "beta"]}, "statement 1, source", "non-empty"),
        ({"source": "s", "prefer": ["alpha", "delta"]}, "statement 1, prefer, item 2", "delta"),
        ({"source": "s", "prefer": ["*", "beta"]}, "statement 1, prefer, item 1", "second"),
        ({"source": "s", "prefer": ["alpha", "alpha"]}, "statement 1, prefer", "itself"),
        ({"source": "s", "prefer": ["alpha"]}, "statement 1, prefer", "two options"),
        ({"source": "s", "indifferent": ["alpha", "*"]}, "statement 1, indifferent, item 2", "*"),
        (
            {"source": "s", "prefer": ["alpha", "beta"], "criteria_order": ["cost", "speed"]},
            "statement 1",
            "exactly one",
        ),
        ({"source": "s"}, "statement 1", "found none"),
        ({"source": "s", "swing": {"capacity": 100, "size": 50}}, "statement 1, swing, size", ""),
        ({"source": "s", "swing": {"capacity": 100, "cost": [70, 30]}}, "swing, cost", "reversed"),
        ({"source": "s", "swing": {"capacity": 120, "cost": 30}}, "swing, capacity", "between"),
        ({"source": "s", "swing": {"capacity": 100, "cost": "high"}}, "swing, cost", "number"),
        ({"source": "s", "swing": {"capacity": 100, "cost": [1, 2, 3]}}, "swing, cost", "range"),
        ({"source": "s", "swing": {"capacity": 90, "cost": 30}}, "statement 1, swing", "100"),
        ({"source": "s", "swing": {"capacity": 100}}, "statement 1, swing", "two"),
        ({"source": "s", "criteria_order": ["cost", "cost"]}, "criteria_order, item 2", "twice"),
        ({"source": "s", "criteria_order": ["cost", "size"]}, "criteria_order, item 2", "size"),
        ({"source": "s", "criteria_order": "cost"}, "statement 1, criteria_order", "two"),
        ({"source": "s", "prefer": [{"cost": 101}, "beta"]}, "prefer, item 1, cost", "between"),
        ({"source": "s", "prefer": [{"size": 10}, "beta"]}, "prefer, item 1, size", "unknown"),
        ({"source": "s", "prefer": [{}, "beta"]}, "statement 1, prefer, item 1", "at least one"),
        ({"source": "s", "date": 5, "prefer": ["alpha", "beta"]}, "statement 1, date", "date"),
        ({"source": "s", "colour": 1, "prefer": ["alpha", "beta"]}, "statement 1, colour", ""),
    ],
)
def test_one_problem_per_bad_field(item, field, words):
    sts, problems = _parse([item])
    assert sts == []
    assert len(problems) == 1, problems
    (p,) = problems
    assert p.file == "weights/x.toml"
    assert p.field.endswith(field)
    assert words in p.message


def test_problems_are_collected_and_good_entries_kept():
    items = [
        {"source": "s", "prefer": ["alpha", "beta"]},
        {"source": "s", "swing": {"capacity": 100, "cost": [70, 30], "speed": 120}},
        "not a table",
    ]
    sts, problems = _parse(items)
    assert sts == [Prefer("alpha", "beta", source="s")]
    assert [p.field for p in problems] == [
        "statement 2, swing, cost",
        "statement 2, swing, speed",
        "statement 3",
    ]
    assert _parse({"source": "s"})[1][0].field == "statements"


def test_rows_of_options_and_orders():
    alpha_beta, star, same = (
        Prefer("alpha", "beta", source="s"),
        Prefer("gamma", "*", source="s"),
        Indifferent("beta", "gamma", source="s"),
    )
    (r,) = rows(alpha_beta, X, OPTS, CRIT)
    assert r.kind == ">=eps" and r.a.tolist() == [40.0, -50.0, -30.0]
    got = rows(star, X, OPTS, CRIT)
    assert [r.a.tolist() for r in got] == [[-20.0, 25.0, -30.0], [20.0, -25.0, -60.0]]
    assert rows(same, X, OPTS, CRIT)[0].kind == "=0"
    order = rows(CriteriaOrder(("speed", "capacity", "cost"), source="s"), X, OPTS, CRIT)
    assert [(r.a.tolist(), r.kind) for r in order] == [
        ([-1.0, 0.0, 1.0], ">=0"),
        ([1.0, -1.0, 0.0], ">=0"),
    ]
    made_up = Prefer(Hypothetical((("capacity", 100.0),)), "beta", source="s")
    assert rows(made_up, X, OPTS, CRIT)[0].a.tolist() == [60.0, -75.0, -80.0]


def _ratio_bounds_hold(W, ratings, idx) -> np.ndarray:
    """The definition: lo_i / hi_j <= w_i / w_j <= hi_i / lo_j for every named pair."""
    ok = np.ones(len(W), dtype=bool)
    for ci, li, ui in ratings:
        for cj, lj, uj in ratings:
            if ci != cj:
                r = W[:, idx[ci]] / W[:, idx[cj]]
                ok &= r >= li / uj - 1e-12
                if lj > 0:
                    ok &= r <= ui / lj + 1e-12
    return ok


@pytest.mark.parametrize("seed", range(6))
def test_swing_rows_match_the_ratio_bounds(seed):
    """Sampled weights satisfy the rows exactly when they satisfy the interval ratio bounds
    (Mustajoki, Hamalainen & Salo 2005), and when some multiple of them falls in every range."""
    rng = np.random.default_rng(seed)
    crit = tuple(f"c{j}" for j in range(5))
    named = rng.choice(5, size=3 + seed % 3, replace=False)
    ratings = []
    for k, j in enumerate(named):
        lo = 100.0 if k == 0 else float(rng.uniform(5, 60))
        hi = 100.0 if k == 0 else float(min(100.0, lo + rng.uniform(10, 80)))
        ratings.append((crit[j], lo, hi))
    rs = swing_rows(ratings, crit)
    A = np.array([r.a for r in rs])
    idx = {c: j for j, c in enumerate(crit)}
    W = np.random.default_rng(seed + 100).dirichlet(np.ones(5), size=20_000)
    by_rows = (W @ A.T >= 0).all(axis=1)
    by_def = _ratio_bounds_hold(W, ratings, idx)
    lo = np.array([li for _, li, _ in ratings])
    hi = np.array([ui for _, _, ui in ratings])
    sub = W[:, [idx[c] for c, _, _ in ratings]]
    by_scale = (lo[None, :] / sub).max(axis=1) <= (hi[None, :] / sub).min(axis=1) + 1e-12
    assert (by_rows == by_def).all()
    assert (by_rows == by_scale).all()
    assert 0 < by_rows.sum() < len(W)  # both outcomes occur, so the test can fail
    unnamed = [j for j in range(5) if j not in named]
    assert not A[:, unnamed].any()  # criteria not named are not constrained


def test_exact_swing_ratings_are_equalities():
    rs = swing_rows(
        [("c0", 100.0, 100.0), ("c1", 50.0, 50.0), ("c2", 0.0, 0.0)], ("c0", "c1", "c2")
    )
    assert all(r.kind == "=0" for r in rs)
    A = np.array([r.a for r in rs])
    w = np.array([2.0, 1.0, 0.0]) / 3
    assert np.abs(A @ w).max() < 1e-12
    assert np.abs(A @ np.array([0.5, 0.5, 0.0])).max() > 0.1
