"""The faster methods (issue 23) give the answers the code gave before: each is compared with
the old module (tests/reference_*.py, kept verbatim) on random cases, ties and edge cases
included."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reference_robust
from delivery_options.methods import robust
from delivery_options.methods.lp import WeightSet, make_solver, simplex

SOLVER = make_solver("auto")


def _random_w(rng: np.random.Generator, n: int, kind: str) -> tuple[WeightSet, np.ndarray]:
    """A weight set of the given kind and the stakeholder's weights (sometimes outside it)."""
    crit = tuple(f"c{j}" for j in range(n))
    w0 = rng.dirichlet(np.ones(n))
    if kind == "simplex":
        return simplex(crit), w0
    band = float(rng.choice([0.03, 0.1, 0.3]))
    lower, upper = np.maximum(0, w0 - band), np.minimum(1, w0 + band)
    pairs = []
    for _ in range(int(rng.integers(1, n))):
        p, q = (int(x) for x in rng.choice(n, 2, replace=False))
        if w0[p] < w0[q]:
            p, q = q, p
        pairs.append((p, q))
    rows: tuple[np.ndarray, ...] = ()
    if kind == "rows":
        a = rng.normal(size=n)
        rows = (a if a @ w0 >= 0 else -a,)  # w0 keeps W non-empty
    if rng.random() < 0.2:
        w0 = rng.dirichlet(np.ones(n))  # weights moved outside W: no point of it
    return WeightSet(crit, lower, upper, tuple(dict.fromkeys(pairs)), w0, rows), w0


def _same_robust(new, old) -> None:
    assert new.options == old.options
    assert new.possibly_best == old.possibly_best
    assert new.necessarily_best == old.necessarily_best
    assert new.dominance == old.dominance
    assert new.minimax_regret == old.minimax_regret
    for o in old.options:
        assert new.value_intervals[o] == pytest.approx(old.value_intervals[o], abs=1e-9)
        assert new.max_regret[o] == pytest.approx(old.max_regret[o], abs=1e-7)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    m=st.integers(2, 40),
    n=st.integers(2, 7),
    kind=st.sampled_from(["simplex", "orders", "rows"]),
    coarse=st.booleans(),
)
def test_robust_choice_as_before(seed, m, n, kind, coarse):
    """Bounds in O(m n) per option, points a block at a time: the same verdicts and values."""
    rng = np.random.default_rng(seed)
    X = (rng.integers(0, 4, (m, n)) * 25 if coarse else rng.integers(0, 101, (m, n))).astype(float)
    W, w0 = _random_w(rng, n, kind)
    names = [f"o{i}" for i in range(m)]
    new = robust.robust_choice(X, names, W, w0, SOLVER)
    old = reference_robust.robust_choice(X, names, W, w0, SOLVER)
    _same_robust(new, old)


def test_robust_bounds_as_before_on_a_larger_case():
    """300 options with close values: many pairs are left to the full minimum over the points."""
    rng = np.random.default_rng(7)
    m, n = 300, 12
    X = 50 + rng.normal(0, 3, (m, n))
    W, w0 = _random_w(rng, n, "orders")
    names = [f"o{i}" for i in range(m)]
    _same_robust(
        robust.robust_choice(X, names, W, w0, SOLVER),
        reference_robust.robust_choice(X, names, W, w0, SOLVER),
    )


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000), m=st.integers(2, 30), n=st.integers(2, 6))
def test_margin_bounds_bracket_the_old_bounds(seed, m, n):
    """Per option, the new upper bound is never below the old one where the old one could
    decide anything, and equals it wherever it is still undecided."""
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 101, (m, n)).astype(float)
    W, w0 = _random_w(rng, n, "orders")
    fam = robust.LinearOverW(W, SOLVER)
    pts = [fam.optimise(s * X[a]).w for s in (1.0, -1.0) for a in range(m)]
    own = W.contains(w0)
    P = np.array(pts + ([w0] if own else []))
    new = robust._Margins(X, W, fam, P, own)
    old = reference_robust._Margins(X, W, fam, P)
    tol = robust.TIE_TOLERANCE
    for a in range(m):
        lb, ub = new.bounds(a)
        lb0, ub0 = old.bounds(a)
        assert np.array_equal(lb, lb0)
        assert (ub >= ub0 - 1e-9).all()
        undecided = (lb <= tol) & (ub >= -tol)
        assert np.allclose(ub[undecided], ub0[undecided], atol=1e-9)
        # where the new bound decided "not dominated", the old one did too
        assert (ub0[(lb <= tol) & (ub < -tol)] < -tol).all()


# --- robust ordinal regression ---------------------------------------------------------------

import reference_ror  # noqa: E402
from delivery_options.methods import ror  # noqa: E402
from delivery_options.model.statements import CriteriaOrder, Indifferent, Prefer  # noqa: E402


def _random_statements(rng: np.random.Generator, opts: list[str], crit: list[str], k: int):
    """Preferences, an indifference or two, and criteria orders; consistent or not."""
    out = []
    for _ in range(k):
        u = rng.random()
        a, b = (str(x) for x in rng.choice(opts, 2, replace=False))
        if u < 0.75:
            out.append(Prefer(a, b, source="t"))
        elif u < 0.85:
            out.append(Indifferent(a, b, source="t"))
        else:
            p, q = (str(x) for x in rng.choice(crit, 2, replace=False))
            out.append(CriteriaOrder((p, q), source="t"))
    return out


def _same_ror(new, old) -> None:
    assert new.status == old.status
    assert (new.margin is None) == (old.margin is None)
    if old.margin is not None:
        assert new.margin == pytest.approx(old.margin, abs=1e-7)
    assert new.conflicts == old.conflicts
    assert (new.weights is None) == (old.weights is None)
    if old.weights is not None:
        for c in old.weights:
            assert new.weights[c] == pytest.approx(old.weights[c], abs=1e-7)
            assert new.weight_ranges[c] == pytest.approx(old.weight_ranges[c], abs=1e-7)
        assert new.radius == pytest.approx(old.radius, abs=1e-7)
    assert new.possibly_first == old.possibly_first
    assert new.necessarily_first == old.necessarily_first
    assert new.necessary == old.necessary
    assert new.possible == old.possible
    for key in ("consistent", "status", "conflicts", "possibly_first", "necessary", "possible"):
        assert new.document()[key] == old.document()[key]


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    m=st.integers(2, 14),
    n=st.integers(2, 6),
    k=st.integers(1, 8),
    limited=st.booleans(),
    coarse=st.booleans(),
)
def test_ror_analysis_as_before(seed, m, n, k, limited, coarse):
    """One model per stakeholder, the pre-pass and the relations as arrays: the same answers
    as a fresh PuLP model per LP, consistent or not."""
    rng = np.random.default_rng(seed)
    X = (rng.integers(0, 5, (m, n)) * 25 if coarse else rng.integers(0, 101, (m, n))).astype(float)
    opts, crit = [f"o{i}" for i in range(m)], [f"c{j}" for j in range(n)]
    W = _random_w(rng, n, "orders" if limited else "simplex")[0]
    W = WeightSet(tuple(crit), W.lower, W.upper, W.order)
    sts = _random_statements(rng, opts, crit, k)
    new = ror.analyse(X, opts, W, sts, SOLVER)
    old = reference_ror.analyse(X, opts, W, sts, SOLVER)
    _same_ror(new, old)


def test_ror_relations_as_before_on_a_larger_case():
    """60 options, consistent statements from hidden weights: every relation as before."""
    rng = np.random.default_rng(3)
    m, n = 60, 8
    X = rng.integers(0, 101, (m, n)).astype(float)
    opts, crit = [f"o{i}" for i in range(m)], [f"c{j}" for j in range(n)]
    v = X @ rng.dirichlet(np.ones(n))
    order = np.argsort(-v)
    sts = [Prefer(opts[order[i]], opts[order[i + 7]], source="t") for i in range(0, 40, 3)]
    new = ror.analyse(X, opts, simplex(crit), sts, SOLVER)
    old = reference_ror.analyse(X, opts, simplex(crit), sts, SOLVER)
    assert new.consistent
    _same_ror(new, old)
    assert new.lp_count < old.lp_count


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 100_000), m=st.integers(3, 10), k=st.integers(2, 25))
def test_conflict_search_as_before(seed, m, k):
    """The deletion filter on one model finds the conflict the old one found."""
    rng = np.random.default_rng(seed)
    n = 4
    X = rng.integers(0, 101, (m, n)).astype(float)
    opts, crit = [f"o{i}" for i in range(m)], [f"c{j}" for j in range(n)]
    W, _ = _random_w(rng, n, "orders")
    W = WeightSet(tuple(crit), W.lower, W.upper, W.order)
    sts = _random_statements(rng, opts, crit, k)
    C = ror.compatible_set(X, opts, W, sts)
    C0 = reference_ror.compatible_set(X, opts, W, sts)
    for constraints in (False, True):
        assert ror.find_conflict(C, SOLVER, constraints) == reference_ror.find_conflict(
            C0, SOLVER, constraints
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ror_on_cbc_as_before(seed):
    """Without HiGHS the one model is rebuilt by PuLP for each solve: the same answers."""
    rng = np.random.default_rng(seed)
    m, n = 6, 4
    X = rng.integers(0, 101, (m, n)).astype(float)
    opts, crit = [f"o{i}" for i in range(m)], [f"c{j}" for j in range(n)]
    sts = _random_statements(rng, opts, crit, 4)
    cbc = make_solver("cbc")
    new = ror.analyse(X, opts, simplex(crit), sts, cbc)
    _same_ror(new, reference_ror.analyse(X, opts, simplex(crit), sts, cbc))


def test_conflict_among_many_statements_as_before_with_few_lps(monkeypatch):
    """120 preferences true at hidden weights, two cycles among them: the bisection finds the
    conflict the one-by-one filter finds (it drops the earlier cycle first), with far fewer LPs."""
    rng = np.random.default_rng(5)
    m, n = 40, 5
    X = rng.integers(0, 101, (m, n)).astype(float)
    opts, crit = [f"o{i}" for i in range(m)], [f"c{j}" for j in range(n)]
    v = X @ rng.dirichlet(np.ones(n))
    sts = []
    while len(sts) < 120:
        a, b = (int(x) for x in rng.choice(m, 2, replace=False))
        sts.append(
            Prefer(opts[a], opts[b], source="t")
            if v[a] > v[b]
            else Prefer(opts[b], opts[a], source="t")
        )
    sts[30:33] = [
        Prefer("o1", "o2", source="t"),
        Prefer("o2", "o3", source="t"),
        Prefer("o3", "o1", source="t"),
    ]
    sts[90:92] = [Prefer("o7", "o8", source="t"), Prefer("o8", "o7", source="t")]
    C = ror.compatible_set(X, opts, simplex(crit), sts)
    solves = []
    real = ror.MatrixLp.solve
    monkeypatch.setattr(ror.MatrixLp, "solve", lambda self: solves.append(1) or real(self))
    found = ror.find_conflict(C, SOLVER)
    assert found == (90, 91)
    assert found == reference_ror.find_conflict(C, SOLVER)
    assert len(solves) < 60  # 2 + 2 x 7 bisection steps + the fresh check (4), not 120


# --- SMAA ------------------------------------------------------------------------------------

import reference_smaa  # noqa: E402
from delivery_options.methods import smaa  # noqa: E402


def _smaa_case(rng, m, n, exact):
    X = rng.integers(0, 101, (m, n)).astype(float)
    spread = 0.0 if exact else 10.0
    return X, np.clip(X - spread, 0, 100), np.clip(X + spread, 0, 100)


def _both_smaa(X, lo, hi, factory_new, factory_old, samples, seed=3):
    m, n = X.shape
    opts, crit = tuple(f"o{i}" for i in range(m)), tuple(f"c{j}" for j in range(n))
    new = smaa.smaa(X, lo, hi, opts, crit, factory_new, samples, seed)
    old = reference_smaa.smaa(X, lo, hi, opts, crit, factory_old, samples, seed)
    return new, old


def _same_smaa(new, old) -> None:
    for f in ("samples", "seed", "weight_method", "score_method", "confidence_samples"):
        assert getattr(new, f) == getattr(old, f)
    for f in (
        "acceptability",
        "central_weights",
        "confidence",
        "holistic",
        "error_bound",
        "confidence_error_bound",
    ):
        assert np.array_equal(getattr(new, f), getattr(old, f), equal_nan=True)


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    m=st.integers(2, 9),
    n=st.integers(2, 5),
    exact=st.booleans(),
    kind=st.sampled_from(["simplex", "rejection", "hit-and-run", "hull"]),
)
def test_smaa_with_a_count_asked_for_is_as_before(seed, m, n, exact, kind):
    """Asked for a number of draws, SMAA gives the old answers to the last bit."""
    rng = np.random.default_rng(seed)
    X, lo, hi = _smaa_case(rng, m, n, exact)
    if kind == "hull":
        Ws = rng.dirichlet(np.ones(n), 3)
        new, old = _both_smaa(
            X,
            lo,
            hi,
            lambda r: smaa.HullSampler(Ws, r),
            lambda r: reference_smaa.HullSampler(Ws, r),
            2_500,
        )
    else:
        W = (
            simplex([f"c{j}" for j in range(n)])
            if kind == "simplex"
            else _random_w(rng, n, "orders")[0]
        )
        force = None if kind == "simplex" else kind
        start = smaa.interior_point(W, SOLVER) if kind == "hit-and-run" else None
        new, old = _both_smaa(
            X,
            lo,
            hi,
            lambda r: smaa.WeightSampler(W, r, start=start, chains=300, force=force),
            lambda r: reference_smaa.WeightSampler(W, r, start=start, chains=300, force=force),
            2_500,
        )
    _same_smaa(new, old)
    assert new.stop == "asked"


def test_smaa_that_never_stops_early_is_the_old_default():
    """Few options: the sequential rule does not stop before the worst-case count, and the
    answer is the old default's, bit for bit."""
    rng = np.random.default_rng(11)
    X, lo, hi = _smaa_case(rng, 5, 4, exact=False)
    cap = smaa.samples_for(5)[0]
    W = simplex(["a", "b", "c", "d"])
    m, n = X.shape
    opts, crit = tuple("vwxyz"), ("a", "b", "c", "d")
    new = smaa.smaa(X, lo, hi, opts, crit, lambda r: smaa.WeightSampler(W, r), None, 4)
    old = reference_smaa.smaa(
        X, lo, hi, opts, crit, lambda r: reference_smaa.WeightSampler(W, r), cap, 4
    )
    _same_smaa(new, old)
    assert new.stop == "cap" and new.samples == cap


def test_smaa_stops_when_it_knows_and_is_as_accurate_as_it_says():
    """150 options over the simplex: every acceptability's observed variance puts it within
    the half-width before the worst-case count. The run is the first N draws of an N-draw run
    (the same acceptabilities to the bit), the same seed gives the same answer, and every
    acceptability is within the stated half-width of a run eight times longer (brute force)."""
    rng = np.random.default_rng(2)
    m, n = 150, 10
    X = rng.integers(0, 101, (m, n)).astype(float)
    opts, crit = tuple(f"o{i}" for i in range(m)), tuple(f"c{j}" for j in range(n))
    W = simplex(crit)

    def factory(r):
        return smaa.WeightSampler(W, r)

    res = smaa.smaa(X, X, X, opts, crit, factory, None, 9)
    assert res.stop == "converged" and res.samples < smaa.samples_for(m)[0]
    assert res.error_bound <= 0.01 and "Chow & Robbins" in res.stopped
    again = smaa.smaa(X, X, X, opts, crit, factory, res.samples, 9)
    assert np.array_equal(again.acceptability, res.acceptability)
    twice = smaa.smaa(X, X, X, opts, crit, factory, None, 9)
    assert np.array_equal(twice.acceptability, res.acceptability) and twice.samples == res.samples
    long = smaa.smaa(X, X, X, opts, crit, factory, 8 * res.samples, 10)
    assert np.abs(res.acceptability - long.acceptability).max() <= res.error_bound


def test_smaa_with_correlated_draws_stops_by_batch_means():
    """Hit-and-run draws are correlated: the stopping rule's variance is from batch means, and
    the output says so (it took the full count, whatever the variance, before)."""
    rng = np.random.default_rng(4)
    X, lo, hi = _smaa_case(rng, 30, 4, exact=True)
    W, _ = _random_w(rng, 4, "orders")
    start = smaa.interior_point(W, SOLVER)
    opts, crit = tuple(f"o{i}" for i in range(30)), W.criteria
    res = smaa.smaa(
        X,
        lo,
        hi,
        opts,
        crit,
        lambda r: smaa.WeightSampler(W, r, start=start, chains=500, force="hit-and-run"),
        None,
        1,
    )
    assert res.stop == "converged" and res.batches == 100 and res.error_bound <= 0.01
    assert "batch means" in res.stopped and "batch means" in res.weight_method


# --- what a record settles -----------------------------------------------------------------

from dataclasses import astuple  # noqa: E402

import reference_record  # noqa: E402
from delivery_options.methods import record  # noqa: E402


def _same_settled(X, W, w0, solver=SOLVER):
    names = tuple(f"o{i}" for i in range(len(X)))
    got = np.linspace(0, 1, len(X))  # the shares are the caller's: the same for both

    new = record.settle("s", X, names, W, w0, solver, lambda: (got, np.empty((0, X.shape[1]))))
    old = reference_record.settle("s", X, names, W, w0, solver, lambda: got)
    assert astuple(new) == astuple(old)
    return new


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 100_000),
    m=st.integers(2, 25),
    n=st.integers(2, 6),
    kind=st.sampled_from(["simplex", "orders", "rows"]),
    coarse=st.booleans(),
    narrow=st.booleans(),
)
def test_settled_as_before(seed, m, n, kind, coarse, narrow):
    """Necessarily and possibly first from known points, box bounds and a few reused LPs: the
    same verdicts as one fresh LP per pair, ties (coarse scores), narrow sets (often settled)
    and weights outside W included."""
    rng = np.random.default_rng(seed)
    X = (rng.integers(0, 4, (m, n)) * 25 if coarse else rng.integers(0, 101, (m, n))).astype(float)
    W, w0 = _random_w(rng, n, kind)
    if narrow:
        W = WeightSet(W.criteria, np.maximum(0, w0 - 0.02), np.minimum(1, w0 + 0.02), (), w0)
    if rng.random() < 0.3:
        X[1] = X[0]  # two options the same everywhere: both necessarily first, or neither
    _same_settled(X, W, w0)


def test_settled_as_before_on_a_larger_case():
    """150 options with close values over bounds and orders: many LPs in the old code."""
    rng = np.random.default_rng(3)
    m, n = 150, 10
    X = 50 + rng.normal(0, 3, (m, n))
    W, w0 = _random_w(rng, n, "orders")
    s = _same_settled(X, W, w0)
    assert len(s.possible) > 1


def test_settled_on_cbc_as_before():
    rng = np.random.default_rng(5)
    X = rng.integers(0, 101, (12, 4)).astype(float)
    W, w0 = _random_w(rng, 4, "rows")
    _same_settled(X, W, w0, make_solver("cbc"))


def test_settled_as_before_when_statements_shape_w():
    """W cut by statement-like rows alone (its box is the whole simplex): the bounding box from
    2n LPs settles most options, with the same verdicts as the old LPs."""
    rng = np.random.default_rng(8)
    m, n = 120, 8
    X = rng.integers(0, 101, (m, n)).astype(float)
    w0 = rng.dirichlet(np.ones(n))
    rows = []
    while len(rows) < 6:
        a, b = (int(x) for x in rng.choice(m, 2, replace=False))
        g = X[a] - X[b]
        rows.append(g if g @ w0 >= 0 else -g)
    W = WeightSet(tuple(f"c{j}" for j in range(n)), np.zeros(n), np.ones(n), (), None, tuple(rows))
    s = _same_settled(X, W, w0)
    assert len(s.possible) > 1
