"""The interview engine: swing statements, question choice, truthful answers, stopping, replay."""

from __future__ import annotations

import numpy as np
import pytest

from delivery_options.errors import OptionsError
from delivery_options.methods import elicitation as el
from delivery_options.methods import ror
from delivery_options.methods.lp import make_solver, simplex
from delivery_options.model.statements import CriteriaOrder, Prefer, Swing

SOLVER = make_solver("auto")


def _problem(m: int, n: int, seed: int):
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 100, (m, n))
    w = rng.dirichlet(np.ones(n))
    return X, w, tuple(f"c{j}" for j in range(n)), tuple(f"o{a}" for a in range(m))


def _truthful(q: el.Question, w: np.ndarray, crit) -> str:
    gap = float(q.row(crit) @ w)
    return "a" if gap > 0 else "b" if gap < 0 else "same"


def test_swing_weighting_becomes_statements():
    sts = el.swing_statements(
        ["cost", "speed", "quality"], {"speed": (40, 60), "quality": 20}, source="workshop"
    )
    assert sts == (
        CriteriaOrder(("cost", "speed", "quality"), source="workshop"),
        Swing(
            (("cost", 100.0, 100.0), ("speed", 40.0, 60.0), ("quality", 20.0, 20.0)),
            source="workshop",
        ),
    )
    with pytest.raises(ValueError, match="rated but not ranked"):
        el.swing_statements(["cost", "speed"], {"quality": 20}, source="w")
    with pytest.raises(ValueError, match="low first"):
        el.swing_statements(["cost", "speed"], {"speed": (60, 40)}, source="w")


def test_rank_order_centroid_by_hand():
    """n = 3: w = (1 + 1/2 + 1/3, 1/2 + 1/3, 1/3) / 3 = (11, 5, 2) / 18."""
    w = el.rank_order_centroid(["b", "c", "a"], ["a", "b", "c"])
    assert w == pytest.approx(np.array([2, 11, 5]) / 18)


def test_best_question_separates_the_labels():
    """Points labelled by w0 / w1 > 0.45: only 'full swing on c0 vs 45 on c1' splits them
    without error, so it is chosen (least expected entropy)."""
    rng = np.random.default_rng(0)
    P = rng.dirichlet(np.ones(3), size=2000)
    ratio = P[:, 0] / P[:, 1]
    P = P[np.abs(ratio - 0.45) > 1e-3]
    labels = (P[:, 0] / P[:, 1] > 0.45).astype(int)
    q = el._best_question(("c0", "c1", "c2"), P, labels, 2, set())
    assert q == el.Question("c0", 100.0, "c1", 45.0)
    # once asked it is not offered again
    assert el._best_question(("c0", "c1", "c2"), P, labels, 2, {q}) != q
    # nothing splits one label: None
    assert el._best_question(("c0", "c1"), P[:, :2] * 0 + [0.5, 0.5], labels * 0, 1, set()) is None


@pytest.mark.parametrize("seed", range(4))
def test_truthful_answers_keep_the_true_weights(seed):
    X, w, crit, opts = _problem(6, 5, seed)
    state = el.start(X, opts, simplex(crit), limit=8, seed=seed)
    while (q := el.next_question(state)) is not None:
        # the chosen question splits the current samples: its answer is not yet known
        side = state.samples @ q.row(crit) > 0
        assert side.any() and not side.all()
        state = el.answer(state, q, _truthful(q, w, crit))
        assert state.conflict == ()
        C = ror.compatible_set(X, opts, simplex(crit), state.statements)
        assert C.compatible(w)  # the true weights are still in the set
        assert C.compatible(state.weights)  # and so are the representative weights
        assert np.mean([C.compatible(p) for p in state.samples]) == 1.0
    assert len(state.asked) == 8 and state.stop_reason == "the question limit is reached"


def test_interview_stops_when_the_best_is_necessarily_first():
    X, w, crit, opts = _problem(4, 3, 11)
    best = opts[int(np.argmax(X @ w))]
    state = el.start(X, opts, simplex(crit), limit=40, seed=3)
    while (q := el.next_question(state)) is not None:
        state = el.answer(state, q, _truthful(q, w, crit))
    assert len(state.asked) < 40
    assert state.necessarily_first == best
    assert state.stop_reason == f"{best} is necessarily first"
    res = ror.analyse(X, opts, simplex(crit), state.statements, SOLVER)
    assert res.necessarily_first == (best,)


def test_a_dominating_option_needs_no_question():
    X = np.array([[90.0, 80.0, 70.0], [10.0, 20.0, 30.0], [50.0, 50.0, 50.0]])
    state = el.start(X, ("a", "b", "c"), simplex(("x", "y", "z")))
    assert el.next_question(state) is None and state.necessarily_first == "a"


def test_replay_gives_the_same_statements():
    X, w, crit, opts = _problem(6, 5, 7)
    first = el.start(X, opts, simplex(crit), limit=6, seed=2)
    replies = []
    state = first
    while (q := el.next_question(state)) is not None:
        replies.append(_truthful(q, w, crit))
        state = el.answer(state, q, replies[-1])
    again = el.replay(first, replies)
    assert again.statements == state.statements and len(again.statements) == 6
    assert [q for q, _ in again.asked] == [q for q, _ in state.asked]
    fixed = ["a", "b", "skip", "b", "a", "a"]
    one, two = el.replay(first, fixed), el.replay(first, fixed)
    assert one.statements == two.statements
    assert len(one.statements) == 5 and one.asked[2][1] == "skip"
    assert all(isinstance(s, Prefer) for s in one.statements)


def test_a_contradicting_reply_is_not_kept():
    X, _, crit, opts = _problem(5, 4, 5)
    state = el.start(X, opts, simplex(crit), seed=1)
    q = el.next_question(state)
    state = el.answer(state, q, "a")
    flipped = el.answer(state, q, "b")  # the same question again, answered the other way
    assert flipped.conflict == (0, 1)
    assert flipped.statements == state.statements
    assert len(flipped.asked) == 2 and flipped.question is not None
    with pytest.raises(ValueError, match="reply must be"):
        el.answer(state, q, "maybe")


def test_same_gives_an_equality_and_the_samples_follow_it():
    X, _, crit, opts = _problem(5, 4, 9)
    state = el.start(X, opts, simplex(crit), seed=4)
    q = el.next_question(state)
    state = el.answer(state, q, "same")
    assert np.abs(state.samples @ q.row(crit)).max() < 1e-6
    assert abs(float(state.weights @ q.row(crit))) < 1e-6


def test_contradicting_statements_cannot_start_an_interview():
    X, _, crit, opts = _problem(3, 3, 0)
    sts = [Prefer(opts[0], opts[1], source="s"), Prefer(opts[1], opts[0], source="t")]
    with pytest.raises(OptionsError, match="statements 0, 1"):
        el.start(X, opts, simplex(crit), sts)


def test_rival_probes_lie_where_the_rival_wins():
    """a = (60, 60, 60) against b = (100, 0, 0): b wins where w1 >= 0.6 (hand-worked)."""
    X = np.array([[60.0, 60.0, 60.0], [100.0, 0.0, 0.0]])
    crit = ("x", "y", "z")
    C = ror.compatible_set(X, ("a", "b"), simplex(crit), [])
    probes = el._rival_probes(C, X, 0, SOLVER, np.random.default_rng(0))
    assert len(probes) == el.PROBES
    assert (probes[:, 0] >= 0.6 - 1e-9).all() and all(C.contains(p) for p in probes)
    # with y at least as heavy as x, w1 <= 1/2 < 0.6: a is necessarily first, no probes
    C2 = ror.compatible_set(X, ("a", "b"), simplex(crit), [CriteriaOrder(("y", "x"), source="s")])
    assert el._rival_probes(C2, X, 0, SOLVER, np.random.default_rng(0)) is None


# A newcomer's interview about a library service: the options' values (0-100) on service
# quality, five-year cost (reversed), access and carbon; access's swing most valued, service
# quality's rated 70-90 against it, cost's exactly 60.
LIBRARY = np.array([[50.0, 30.0, 70.0, 20.0], [65.0, 42.5, 60.0, 40.0], [60.0, 45.0, 65.0, 35.0]])
LIBRARY_CRIT = ("service_quality", "cost", "access", "carbon")
LIBRARY_OPTS = ("in-house", "community-trust", "shared-service")


def _library(limit: int = 12) -> el.Interview:
    first = el.swing_statements(
        ["access", "service_quality", "cost", "carbon"],
        {"service_quality": (70, 90), "cost": 60},
        source="interview",
    )
    return el.start(LIBRARY, LIBRARY_OPTS, simplex(LIBRARY_CRIT), first, limit=limit)


def test_no_question_is_asked_whose_answer_the_earlier_answers_settle():
    """The ratings fix cost = 0.6 access exactly; the samples straddled that face by round-off
    alone, and the sixth question was '100 points on cost, or 60 on access?', to which only
    'same' can be kept. Every question asked must have at least two answers that can be kept."""
    state, seen = _library(), []
    for reply in ("b", "a", "b", "a", "b", "a", "b", "a"):
        q = el.next_question(state)
        if q is None:
            break
        kept = tuple(r for r in ("a", "b", "same") if not el.answer(state, q, r).conflict)
        assert len(kept) >= 2, f"question {len(state.asked) + 1}, {q}, can only be {kept}"
        seen.append((state, q, kept))
        state = el.answer(state, q, reply)
    # possible_replies says the same as answering
    assert all(el.possible_replies(s, q) == kept for s, q, kept in seen)
    settled = el.Question("cost", 100.0, "access", 60.0)
    assert el.possible_replies(state, settled) == ("same",)


def test_a_stop_says_which_options_can_still_come_first():
    """After five answers no question in steps of 5 points splits what remains, yet the trust
    and the shared service can each still come first: the stop says so, as ROR finds it."""
    state = el.replay(_library(), ("b", "a", "b", "a", "b"))
    assert el.next_question(state) is None and state.necessarily_first is None
    res = ror.analyse(LIBRARY, LIBRARY_OPTS, simplex(LIBRARY_CRIT), state.statements, SOLVER)
    assert state.still_first == res.possibly_first == ("community-trust", "shared-service")
    assert state.stop_reason == (
        "no question left would tell apart the options that can still come first"
    )
    # at the limit, and at the person's request, the same is found
    limited = el.replay(_library(limit=2), ("b", "a"))
    assert limited.stop_reason == "the question limit is reached"
    assert limited.still_first == ("community-trust", "shared-service")
    asked = el.close(_library())
    assert asked.question is None and asked.stop_reason == "stopped at the person's request"
    assert asked.still_first == ("community-trust", "shared-service")


# --- a value tree: swings of objectives, top down ---------------------------------------------

#: Two objectives over four criteria: O1 = {c0, c1}, O2 = {c2, c3}; the top has O1 and O2.
TREE_GROUPS = (("O1", ("c0", "c1")), ("O2", ("c2", "c3")))
TREE_LEVELS = (("O1", "O2"),)


def test_an_objectives_swing_gains_on_every_criterion_beneath_it():
    """A = the full swing of O1 (c0 and c1 at 100), B = 40 on every criterion of O2: by hand,
    V_A - V_B = 100 (w0 + w1) - 40 (w2 + w3); the reply "a" is that row > 0, and written as a
    made-up option on each criterion (a statement the model already reads)."""
    q = el.Question("O1", 100.0, "O2", 40.0, TREE_GROUPS)
    crit = ("c0", "c1", "c2", "c3")
    assert q.row(crit) == pytest.approx([100, 100, -40, -40])
    assert q.objective_level and not el.Question("c0", 100.0, "c2", 40.0).objective_level
    a, b = q.options
    assert a.values == (("c0", 100.0), ("c1", 100.0)) and b.values == (("c2", 40.0), ("c3", 40.0))
    assert "each criterion of Care" in q.text({"O1": "Care", "O2": "Cost"})


def test_on_a_tree_the_first_question_is_between_objectives_and_truthful_answers_hold():
    """Top down: while the objective level has had no question, the question asked is one of
    its own (the swing of O1 against a part of O2's, or the reverse); truthful answers to every
    question, objective or criterion, keep the true weights in the compatible set."""
    X, w, crit, opts = _problem(6, 4, 2)
    state = el.start(
        X, opts, simplex(crit), limit=6, seed=1, groups=TREE_GROUPS, levels=TREE_LEVELS
    )
    first = el.next_question(state)
    assert {first.first, first.second} == {"O1", "O2"}
    kinds = []
    while (q := el.next_question(state)) is not None:
        side = state.samples @ q.row(crit) > 0
        assert side.any() and not side.all()  # still open: its answer is not yet known
        kinds.append(q.objective_level)
        state = el.answer(state, q, _truthful(q, w, crit))
        assert state.conflict == ()
        assert ror.compatible_set(X, opts, simplex(crit), state.statements).compatible(w)
    assert kinds[0] and not all(kinds)  # then criteria too, once the level was asked


def test_tree_levels_of_a_value_tree():
    """Top down: the top's children when an objective is among them; an objective's own
    children only when one of them is an objective (criteria alone are asked about anyway)."""
    from types import SimpleNamespace

    children = {"": ("A", "x"), "A": ("B", "y"), "B": ("p", "q")}
    leaves = {"A": ("y", "p", "q"), "B": ("p", "q")}
    tree = SimpleNamespace(
        flat=False,
        objective_ids=("A", "B"),
        children=children,
        leaves=lambda o: leaves[o],
    )
    groups, levels = el.tree_levels(tree)
    assert groups == (("A", ("y", "p", "q")), ("B", ("p", "q")))
    assert levels == (("A", "x"), ("B", "y"))
    assert el.tree_levels(SimpleNamespace(flat=True)) == ((), ())
