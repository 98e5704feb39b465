"""Robust ordinal regression: a hand-worked case, conflicts, and brute force over the polytope."""

from __future__ import annotations

import json

import numpy as np
import pytest

from delivery_options.methods import ror
from delivery_options.methods.lp import LpOutcome, WeightSet, make_solver, simplex
from delivery_options.model.statements import CriteriaOrder, Indifferent, Prefer, Swing
from ror_helpers import constraints, dirichlet_in, max_eps, vertices

SOLVER = make_solver("auto")
CRIT = ("c1", "c2", "c3")
OPTS = ("a", "b", "c")
# each option is best on one criterion: V_a = 100 w1, V_b = 100 w2, V_c = 100 w3
CORNERS = 100 * np.eye(3)
CHAIN = [Prefer("a", "b", source="s"), Prefer("b", "c", source="s")]


def test_hand_worked_chain_of_preferences():
    """The chain a > b > c with each option best on one criterion (hand-worked).

    Rows: 100 (w1 - w2) >= eps and 100 (w2 - w3) >= eps. With w2 = w3 + eps/100 and
    w1 = w3 + 2 eps/100, the sum 3 w3 + 3 eps/100 = 1 is best at w3 = 0: eps* = 100/3.
    The closure is the triangle w1 >= w2 >= w3 >= 0, vertices (1,0,0), (1/2,1/2,0),
    (1/3,1/3,1/3); its Chebyshev centre is the incentre (vertices weighted by the opposite
    sides' lengths), radius = area / semi-perimeter.
    """
    res = ror.analyse(CORNERS, OPTS, simplex(CRIT), CHAIN, SOLVER)
    assert res.consistent and res.margin == pytest.approx(100 / 3)
    assert res.necessarily_first == ("a",) and res.possibly_first == ("a",)
    assert set(res.necessary) == {("a", "b"), ("b", "c"), ("a", "c")}
    assert set(res.possible) == {("a", "b"), ("b", "c"), ("a", "c")}  # strict: no reverse
    ranges = [res.weight_ranges[c] for c in CRIT]
    assert np.array(ranges) == pytest.approx(np.array([[1 / 3, 1], [0, 1 / 2], [0, 1 / 3]]))
    V = np.array([[1, 0, 0], [0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3]])
    side = [np.linalg.norm(V[(k + 1) % 3] - V[(k + 2) % 3]) for k in range(3)]
    incentre = (np.array(side) @ V) / sum(side)
    area = 0.5 * np.linalg.norm(np.cross(V[1] - V[0], V[2] - V[0]))
    got = np.array([res.weights[c] for c in CRIT])
    assert got == pytest.approx(incentre, abs=1e-7)
    assert res.radius == pytest.approx(area / (sum(side) / 2), abs=1e-7)
    doc = json.loads(json.dumps(res.document()))
    assert doc["consistent"] is True and doc["necessarily_first"] == ["a"]
    assert doc["weight_ranges"]["c1"] == pytest.approx([1 / 3, 1])


def test_cycle_conflicts_and_each_member_is_needed():
    """a > b > c > a cannot hold; an order on a fourth criterion is not part of the conflict."""
    X = np.hstack([CORNERS, np.full((3, 1), 50.0)])
    W = simplex((*CRIT, "c4"))
    sts = [CriteriaOrder(("c4", "c1"), source="t"), *CHAIN, Prefer("c", "a", source="u")]
    res = ror.analyse(X, OPTS, W, sts, SOLVER)
    assert res.status == "inconsistent" and not res.consistent
    assert res.margin == pytest.approx(0.0, abs=1e-7)
    assert res.conflicts == ((1, 2, 3),)
    C = ror.compatible_set(X, OPTS, W, sts)
    assert ror.margin(C.subset(res.conflicts[0]), SOLVER).status == "inconsistent"
    for k in res.conflicts[0]:  # minimal: drop any member and the rest can hold together
        rest = [s for s in res.conflicts[0] if s != k]
        assert ror.margin(C.subset(rest), SOLVER).status == "consistent"
    assert res.document()["conflicts"] == [[1, 2, 3]]


def test_non_strict_rows_that_cannot_hold_are_infeasible():
    """w1 / w2 in [2, 10/3] by swing, but w2 >= w1 by order, and every weight >= 0.1.

    Within W, 1 and 2 cannot hold; on the whole simplex they force w1 = w2 = 0, and then 0
    (a over c: w1 > w3) cannot hold. W's limits are dropped first, so the statements alone are
    named."""
    sts = [
        Prefer("a", "c", source="s"),
        Swing((("c1", 60.0, 100.0), ("c2", 30.0, 30.0)), source="s"),
        CriteriaOrder(("c2", "c1"), source="s"),
    ]
    W = WeightSet(CRIT, np.full(3, 0.1), np.ones(3))
    res = ror.analyse(CORNERS, OPTS, W, sts, SOLVER)
    assert res.status == "infeasible" and res.margin is None
    assert res.conflicts == ((0, 1, 2),)
    C = ror.compatible_set(CORNERS, OPTS, W, sts)
    assert ror.find_conflict(C, SOLVER) == (1, 2)  # W taken as given


def test_a_statement_that_holds_only_outside_the_limits_of_w_names_them():
    """b over a is 100 (w2 - w1) > 0, which holds on the simplex (w2 = 1) but not with
    w1 >= 1/2: there w2 <= 1 - w1 <= w1, so the margin is 0 (at w1 = w2 = 1/2). The conflict is
    the statement and W's limits; a statement against it is a conflict of statements alone."""
    W = WeightSet(CRIT, np.array([0.5, 0, 0]), np.ones(3))
    res = ror.analyse(CORNERS, OPTS, W, [Prefer("b", "a", source="s")], SOLVER)
    assert res.status == "inconsistent" and res.margin == pytest.approx(0.0, abs=1e-7)
    assert res.conflicts == ((0, ror.CONSTRAINTS),)
    assert res.document()["conflicts"] == [[0, "constraints"]]
    sts = [Prefer("a", "b", source="s"), Prefer("b", "a", source="s")]
    assert ror.analyse(CORNERS, OPTS, W, sts, SOLVER).conflicts == ((0, 1),)


def test_indifference_and_exact_swings_give_a_flat_set():
    """a ~ b forces w1 = w2; the centre lies on that plane with a positive radius within it."""
    sts = [Indifferent("a", "b", source="s"), CriteriaOrder(("c3", "c1"), source="s")]
    res = ror.analyse(CORNERS, OPTS, simplex(CRIT), sts, SOLVER)
    assert res.consistent and res.margin is None  # nothing strict
    assert res.weights["c1"] == pytest.approx(res.weights["c2"], abs=1e-9)
    assert res.radius > 0.01
    assert ("a", "b") in res.necessary and ("b", "a") in res.necessary
    # w3 >= w1 = w2 with an implicit equality too: w1 >= w3 written as a swing ratio of 1
    sts2 = [*sts, Swing((("c1", 50.0, 100.0), ("c3", 50.0, 100.0)), source="s")]
    sts2.append(CriteriaOrder(("c1", "c3"), source="s"))
    res2 = ror.analyse(CORNERS, OPTS, simplex(CRIT), sts2, SOLVER)
    assert res2.consistent
    assert [res2.weights[c] for c in CRIT] == pytest.approx([1 / 3] * 3, abs=1e-7)


def _random_case(seed: int):
    """5 options x 4 criteria, a box W, and statements true of hidden weights w0."""
    rng = np.random.default_rng(seed)
    m, n = 5, 4
    X = rng.integers(0, 101, size=(m, n)).astype(float)
    w0 = rng.dirichlet(np.ones(n))
    crit, opts = tuple(f"k{j}" for j in range(n)), tuple("pqrst")
    W = WeightSet(crit, np.maximum(0, w0 - 0.3), np.minimum(1, w0 + 0.3))
    v = X @ w0
    sts = []
    for _ in range(2):
        a, b = rng.choice(m, 2, replace=False)
        if abs(v[a] - v[b]) > 1e-6:
            hi, lo = (a, b) if v[a] > v[b] else (b, a)
            sts.append(Prefer(opts[hi], opts[lo], source="s"))
    i, j = np.argsort(-w0)[:2]
    sts.append(CriteriaOrder((crit[i], crit[j]), source="s"))
    r = 100 * w0[j] / w0[i]
    sts.append(
        Swing(((crit[i], 100.0, 100.0), (crit[j], max(0, r - 15), min(100, r + 15))), source="s")
    )
    return X, W, opts, sts, w0


@pytest.mark.parametrize("seed", range(8))
def test_against_vertices_and_dirichlet_samples(seed):
    X, W, opts, sts, w0 = _random_case(seed)
    res = ror.analyse(X, opts, W, sts, SOLVER)
    C = ror.compatible_set(X, opts, W, sts)
    assert res.consistent and C.compatible(w0)  # the hidden weights satisfy every statement

    # exact brute force: the closure's vertices give every min and max, eps* over (w, eps)
    V = vertices(*constraints(W, C.A, C.kinds))
    assert len(V)
    assert res.margin == pytest.approx(max_eps(W, C.in_points().A, C.kinds), abs=1e-6)
    for j, c in enumerate(W.criteria):
        assert res.weight_ranges[c] == pytest.approx((V[:, j].min(), V[:, j].max()), abs=1e-7)
    vals = V @ X.T
    m = len(opts)

    def possible_in_c(extra: np.ndarray) -> bool:
        """Some w of C itself (strict rows > 0) meets the extra rows: eps* over them > 0."""
        eps = max_eps(W, np.vstack([C.A, extra]), C.kinds + (">=0",) * len(extra))
        return eps is not None and eps > 1e-6

    for a in range(m):
        for b in range(m):
            if a != b:
                nec = (vals[:, a] - vals[:, b]).min() >= -1e-7
                assert ((opts[a], opts[b]) in res.necessary) == nec
                assert ((opts[a], opts[b]) in res.possible) == possible_in_c((X[a] - X[b])[None])
        beat = np.array([X[a] - X[b] for b in range(m) if b != a])
        assert (opts[a] in res.possibly_first) == possible_in_c(beat)
    w = np.array([res.weights[c] for c in W.criteria])
    assert C.compatible(w)  # the representative weights satisfy every statement

    # sampled brute force: Dirichlet draws kept when they satisfy W and every row
    S = dirichlet_in(W, C.A, C.kinds, 60_000, seed)
    assert len(S) > 50
    sv = S @ X.T
    first = sv >= sv.max(axis=1, keepdims=True) - 1e-12
    for a in range(m):
        if first[:, a].any():
            assert opts[a] in res.possibly_first
        if opts[a] in res.necessarily_first:
            assert first[:, a].all()
        for b in range(m):
            if a != b and (sv[:, a] < sv[:, b]).any():
                assert (opts[a], opts[b]) not in res.necessary
                assert (opts[b], opts[a]) in res.possible


def test_possible_relation_at_a_boundary_tie_is_settled_by_the_margin():
    """a > b strictly: b >= a reaches 0 only on the boundary, so it is not possible."""
    res = ror.analyse(CORNERS, OPTS, simplex(CRIT), CHAIN[:1], SOLVER)
    assert ("a", "b") in res.possible and ("b", "a") not in res.possible
    assert "b" not in res.possibly_first and "a" in res.possibly_first and "c" in res.possibly_first


def test_a_wrong_lp_answer_is_reported_failed(monkeypatch):
    """The margin LP's weights are re-evaluated: weights outside W make it "failed"."""
    C = ror.compatible_set(CORNERS, OPTS, simplex(CRIT), CHAIN)
    monkeypatch.setattr(
        ror.MatrixLp, "solve", lambda *a, **k: LpOutcome("optimal", 50.0, np.ones(5))
    )
    assert ror.margin(C, SOLVER).status == "failed"
    with pytest.raises(RuntimeError, match="failed"):
        ror.analyse(CORNERS, OPTS, simplex(CRIT), CHAIN, SOLVER)


def test_sampling_stays_inside_and_spreads():
    C = ror.compatible_set(CORNERS, OPTS, simplex(CRIT), CHAIN)
    pts, centre = ror.sample(C, 400, np.random.default_rng(1), SOLVER)
    assert centre.status == "optimal"
    assert all(C.compatible(p) for p in pts)
    # uniform on the triangle: the mean is near its centroid (1/6)(1+1/2+1/3, 1/2+1/3, 1/3)
    assert pts.mean(axis=0) == pytest.approx([11 / 18, 5 / 18, 2 / 18], abs=0.03)
