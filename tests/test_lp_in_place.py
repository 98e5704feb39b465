"""LP plumbing changed for speed (issue 23): a HiGHS model changed in place passes its changes
to PuLP only when PuLP must solve it again, and the Lagrangian bound that spares most rivals
the greedy sort is a lower bound that the best multiplier makes exact."""

from __future__ import annotations

import numpy as np
import pytest

from delivery_options.methods.lp import LinearOverW, WeightSet, make_solver
from delivery_options.methods.robust import box_simplex_min, fill_multipliers, lagrange_min
from delivery_options.methods.switching import _SwitchLps

HIGHS = make_solver("highs")


def _w(rng: np.random.Generator, n: int) -> tuple[WeightSet, np.ndarray]:
    w0 = rng.dirichlet(np.ones(n))
    order = ((int(np.argmax(w0)), int(np.argmin(w0))),)
    crit = tuple(f"c{j}" for j in range(n))
    return WeightSet(crit, np.maximum(0, w0 - 0.15), np.minimum(1, w0 + 0.15), order, w0), w0


@pytest.mark.parametrize("seed", range(5))
def test_a_model_solved_afresh_after_a_failed_warm_start_has_the_latest_objective(seed):
    """A warm start that ends badly hands the model back to PuLP (``highs`` None): the
    objective set while HiGHS held it must be the one PuLP solves."""
    rng = np.random.default_rng(seed)
    W, _ = _w(rng, 6)
    fam = LinearOverW(W, HIGHS)
    first = fam.optimise(rng.normal(size=6))  # PuLP builds, HiGHS keeps the model
    assert first.ok and fam.model.highs is not None
    c = rng.normal(size=6)
    fam.model.set_objective(fam.w, c)  # HiGHS only
    fam.model.highs = None  # as after a warm start that did not end well
    again = fam.model.solve()
    fresh = LinearOverW(W, HIGHS).optimise(c)
    assert again.ok and again.objective == pytest.approx(fresh.objective, abs=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_a_model_solved_afresh_after_a_failed_warm_start_has_the_latest_rows(seed):
    """The same for a row changed in place: the switching LPs' target row."""
    rng = np.random.default_rng(seed)
    W, w0 = _w(rng, 5)
    X = rng.uniform(0, 100, (8, 5))
    lps = _SwitchLps(X, W, w0, "l1", HIGHS)
    order = np.argsort(-(X @ w0))
    assert lps.solve(int(order[1]), [b for b in range(8) if b != order[1]]).status != "failed"
    r = int(order[2])
    lps.model.set_row("target", lps.w, -X[r])  # in HiGHS only
    lps.model.highs = None
    again = lps.model.solve()
    fresh = _SwitchLps(X, W, w0, "l1", HIGHS)  # the same rows, built for target r
    for b in np.flatnonzero(lps.pooled):
        fresh._add(int(b))
    fresh.model.set_row("target", fresh.w, -X[r])
    want = fresh.model.solve()
    assert again.status == want.status
    if want.ok:
        assert again.objective == pytest.approx(want.objective, abs=1e-7)


@pytest.mark.parametrize("seed", range(20))
def test_the_lagrangian_bound_is_below_the_greedy_minimum_and_meets_it_at_the_best_multiplier(
    seed,
):
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(2, 12)), 30
    w0 = rng.dirichlet(np.ones(n))
    lower = np.maximum(0, w0 - rng.uniform(0.01, 0.5))
    upper = np.minimum(1, w0 + rng.uniform(0.01, 0.5))
    C = rng.uniform(-100, 100, (k, n))
    exact = box_simplex_min(C, lower, upper)
    for lam in (C @ w0, rng.uniform(-100, 100, k), C.min(axis=1), C.max(axis=1)):
        assert (lagrange_min(C, lower, upper, lam) <= exact + 1e-9).all()
    # at lam = each criterion's c, the best one is the greedy fill's last criterion: exact
    best = np.max([lagrange_min(C, lower, upper, C[:, j]) for j in range(n)], axis=0)
    np.testing.assert_allclose(best, exact, atol=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_the_fill_multipliers_bound_is_below_the_greedy_minimum_and_meets_it_on_equal_rooms(seed):
    """On any box the partial-sort multipliers give a lower bound; where every criterion has
    the same room the greedy fill ends at a known rank, so the bound is the minimum."""
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(2, 40)), 50
    C = rng.uniform(-100, 100, (k, n))
    lower = rng.uniform(0, 0.5 / n, n)
    upper = np.minimum(1, lower + rng.uniform(0.01, 0.6, n))
    if upper.sum() < 1:
        upper = upper / upper.sum() * 1.01
    exact = box_simplex_min(C, lower, upper)
    assert (fill_multipliers(C, lower, upper) <= exact + 1e-9).all()
    room = rng.uniform(1.0 / n, 1.0)
    lower, upper = np.zeros(n), np.full(n, room)
    np.testing.assert_allclose(
        fill_multipliers(C, lower, upper), box_simplex_min(C, lower, upper), atol=1e-9
    )


@pytest.mark.parametrize("seed", range(10))
def test_kendall_tau_b_by_blocks_is_the_whole_matrix_count(seed):
    """Kendall's tau-b a block of rows at a time (O(block m) memory) is the count over every
    pair at once (Kendall 1945), ties included, to the bit."""
    from delivery_options.methods.consensus import kendall_tau_b

    rng = np.random.default_rng(seed)
    m = int(rng.integers(2, 700))
    x, y = rng.integers(0, 20, m).astype(float), rng.integers(0, 20, m).astype(float)
    dx, dy = np.sign(np.subtract.outer(x, x)), np.sign(np.subtract.outer(y, y))
    iu = np.triu_indices(m, 1)
    sx, sy = dx[iu], dy[iu]
    nx, ny = np.count_nonzero(sx), np.count_nonzero(sy)
    whole = float(np.sum(sx * sy)) / np.sqrt(float(nx) * float(ny))
    assert kendall_tau_b(x, y, block=int(rng.integers(1, 300))) == whole


@pytest.mark.parametrize("seed", range(5))
def test_rows_added_in_highs_alone_reach_pulp_when_it_solves_again(seed):
    """Rival rows added while HiGHS holds the model (no PuLP expression kept) are made for PuLP
    when a failed warm start hands the model back to it: the same LP as one built with them."""
    rng = np.random.default_rng(seed)
    W, w0 = _w(rng, 5)
    X = rng.uniform(0, 100, (12, 5))
    r = int(np.argsort(-(X @ w0))[3])
    lps = _SwitchLps(X, W, w0, "l1", HIGHS)
    lps.model.set_row("target", lps.w, -X[r])
    assert lps.model.solve().status != "failed"  # PuLP builds; HiGHS holds it from now on
    for b in range(12):
        lps._add(b)  # in HiGHS alone
    lps.model.highs = None
    again = lps.model.solve()
    fresh = _SwitchLps(X, W, w0, "l1", HIGHS)
    for b in range(12):
        fresh._add(b)  # PuLP's rows before its first solve
    fresh.model.set_row("target", fresh.w, -X[r])
    want = fresh.model.solve()
    assert again.status == want.status
    if want.ok:
        assert again.objective == pytest.approx(want.objective, abs=1e-7)
        v = X @ again.w
        assert v[r] >= v.max() - 1e-6
