"""Value trees: objectives above the criteria (Keeney 1992; Belton and Stewart 2002, ch. 3).

Every expected figure here is worked by hand in the comment beside it."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import CRITERIA_3, TINY_OPTIONS, write_workspace
from delivery_options.errors import OptionsError
from delivery_options.model.load import load_workspace
from delivery_options.model.tree import ROOT

# Two levels: "benefits" holds quality and speed; cost hangs from the root. Listed in the file
# as quality, cost, speed, so the depth-first order (objectives first) moves cost last.
TREE_3 = (
    CRITERIA_3.replace(
        '[criteria.quality]\nname = "Quality"',
        '[criteria.quality]\nname = "Quality"\nobjective = "benefits"',
    ).replace(
        '[criteria.speed]\nname = "Speed"',
        '[criteria.speed]\nname = "Speed"\nobjective = "benefits"',
    )
    + '\n[objectives.benefits]\nname = "Benefits"\ndescription = "What the service gains"\n'
)


def tree_ws(tmp_path, criteria=TREE_3, weights=None):
    return write_workspace(tmp_path / "ws", criteria, TINY_OPTIONS, weights or {})


def test_a_tree_loads_in_depth_first_order(tmp_path):
    ws = load_workspace(tree_ws(tmp_path))
    t = ws.tree
    assert not t.flat
    assert t.objective_ids == ("benefits",)
    assert ws.criterion_ids == ("quality", "speed", "cost") == t.criteria
    assert t.children[ROOT] == ("benefits", "cost")
    assert t.leaves("benefits") == ("quality", "speed")
    assert t.path("speed") == ("benefits",) and t.path("cost") == ()
    assert t.objective("benefits").description == "What the service gains"


def test_a_flat_list_is_a_flat_tree_in_file_order(tmp_path):
    ws = load_workspace(tree_ws(tmp_path, CRITERIA_3))
    assert ws.tree.flat and ws.criterion_ids == ("quality", "cost", "speed") == ws.tree.criteria
    assert ws.tree.children[ROOT] == ws.criterion_ids


DEEP = """
[appraisal]
title = "Deep"
[objectives.top]
name = "Top"
[objectives.mid]
name = "Mid"
parent = "top"
[criteria.a]
name = "A"
objective = "mid"
[criteria.b]
name = "B"
objective = "top"
[criteria.c]
name = "C"
"""


def test_global_weight_is_the_product_down_the_path(tmp_path):
    opts = {k: f'name = "{k}"\n[scores]\na = 1\nb = 2\nc = 3\n' for k in ("x", "y")}
    t = load_workspace(write_workspace(tmp_path / "d", DEEP, opts)).tree
    assert t.criteria == ("a", "b", "c") and t.path("a") == ("top", "mid")
    # by hand: top 0.6 (c 0.4); under top: mid 0.5, b 0.5; under mid: a alone, 1
    local = {"top": 0.6, "c": 0.4, "mid": 0.5, "b": 0.5, "a": 1.0}
    g = t.global_weights(local)
    assert g == pytest.approx({"a": 0.3, "b": 0.3, "c": 0.4})
    w = np.array([g[c] for c in t.criteria])
    assert t.node_weight(w, "top") == pytest.approx(0.6)
    assert t.node_weight(w, "mid") == pytest.approx(0.3)
    assert t.local_weights(w) == pytest.approx(local)


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [
        (('parent = "top"', 'parent = "tpo"'), "objectives.mid.parent", "unknown objective 'tpo'"),
        (('parent = "top"', 'parent = "a"'), "objectives.mid.parent", "is a criterion"),
        (('name = "Top"', 'name = "Top"\nparent = "mid"'), "objectives.", "makes a cycle"),
        (('objective = "mid"', 'objective = "mdi"'), "criteria.a.objective", "unknown objective"),
        (
            ("[criteria.c]", '[objectives.c]\nname = "C"\n[criteria.c]'),
            "objectives.c",
            "also a criterion",
        ),
        (('objective = "top"', ""), "", ""),  # still fine: top holds mid, which holds a
        (('objective = "mid"', ""), "objectives.mid", "holds no criterion"),
        (('name = "Mid"', 'name = "Mid"\nweight = 2'), "objectives.mid.weight", "unknown field"),
    ],
)
def test_tree_errors_name_the_file_and_field(tmp_path, edit, field, words):
    opts = {k: f'name = "{k}"\n[scores]\na = 1\nb = 2\nc = 3\n' for k in ("x", "y")}
    root = write_workspace(tmp_path / "d", DEEP.replace(*edit), opts)
    if not field:
        load_workspace(root)
        return
    with pytest.raises(OptionsError) as exc:
        load_workspace(root)
    p = exc.value.problems[0]
    assert p.file == "criteria.toml" and p.field.startswith(field) and words in p.message


# --- weights at any node ------------------------------------------------------------------


def _app(tmp_path, weights, criteria=TREE_3):
    from delivery_options import load

    return load(str(tree_ws(tmp_path, criteria, weights)))


LOCAL = 'name = "Local"\n[weights]\nbenefits = 3\ncost = 1\nquality = 1\nspeed = 1\n'


def test_local_weights_multiply_down_the_path(tmp_path):
    app = _app(tmp_path, {"local": LOCAL})
    # by hand: benefits 3/4, cost 1/4; quality and speed each 1/2 of benefits = 3/8
    assert dict(app.stakeholder("local").weights) == pytest.approx(
        {"quality": 0.375, "speed": 0.375, "cost": 0.25}
    )


def test_weights_on_criteria_alone_are_global_in_a_tree(tmp_path):
    app = _app(tmp_path, {"g": 'name = "G"\n[weights]\nquality = 1\ncost = 2\nspeed = 1\n'})
    assert dict(app.stakeholder("g").weights) == pytest.approx(
        {"quality": 0.25, "speed": 0.25, "cost": 0.5}
    )


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        (LOCAL.replace("speed = 1\n", ""), "weights.speed", "every objective and criterion"),
        (
            LOCAL.replace("quality = 1\nspeed = 1", "quality = 0\nspeed = 0"),
            "weights",
            "under 'benefits'",
        ),
        (
            LOCAL.replace("benefits = 3\ncost = 1", "benefits = 0\ncost = 0"),
            "weights",
            "at the top",
        ),
    ],
)
def test_ambiguous_or_empty_local_weights_are_refused(tmp_path, text, field, words):
    from delivery_options import load

    root = tree_ws(tmp_path, weights={"bad": text})
    with pytest.raises(OptionsError) as exc:
        load(str(root)).stakeholder("bad")
    p = exc.value.problems[0]
    assert p.file == "weights/bad.toml" and p.field == field and words in p.message


def test_a_zero_objective_may_hold_zero_criteria(tmp_path):
    text = LOCAL.replace("benefits = 3", "benefits = 0").replace(
        "quality = 1\nspeed = 1", "quality = 0\nspeed = 0"
    )
    app = _app(tmp_path, {"z": text})
    assert dict(app.stakeholder("z").weights) == {"quality": 0.0, "speed": 0.0, "cost": 1.0}


def test_a_tree_of_one_objective_equals_the_flat_model(tmp_path):
    from delivery_options import load

    one = CRITERIA_3.replace('name = "Quality"', 'name = "Quality"\nobjective = "all"')
    one = one.replace('name = "Cost"', 'name = "Cost"\nobjective = "all"')
    one = one.replace('name = "Speed"', 'name = "Speed"\nobjective = "all"')
    one += '[objectives.all]\nname = "All"\n'
    w = {"q": 'name = "Q"\n[weights]\nquality = 6\ncost = 3\nspeed = 1\n'}
    flat_app = load(str(write_workspace(tmp_path / "f", CRITERIA_3, TINY_OPTIONS, w)))
    tree_app = load(str(write_workspace(tmp_path / "t", one, TINY_OPTIONS, w)))
    local = {"q": 'name = "Q"\n[weights]\nall = 5\nquality = 6\ncost = 3\nspeed = 1\n'}
    local_app = load(str(write_workspace(tmp_path / "l", one, TINY_OPTIONS, local)))
    a, b, c = (x.rank("q").ranking for x in (flat_app, tree_app, local_app))
    assert [(r.option, r.rank) for r in a.rows] == [(r.option, r.rank) for r in b.rows]
    assert [r.score for r in a.rows] == pytest.approx([r.score for r in b.rows], abs=1e-12)
    assert [r.score for r in a.rows] == pytest.approx([r.score for r in c.rows], abs=1e-12)


# --- statements and limits on objectives ----------------------------------------------------


def test_an_objective_swing_is_one_linear_row(tmp_path):
    text = 'name = "S"\n[[statements]]\nswing = { benefits = 100, cost = 50 }\nsource = "s1"\n'
    app = _app(tmp_path, {"s": text})
    # an exact pair: one row = 0, given as two rows >= 0. By hand: w_B / w_cost = 100 / 50, so 50 (w_quality + w_speed) - 100 w_cost = 0; criteria
    # in the order quality, speed, cost
    rows = app.statement_rows("s")
    assert len(rows) == 2
    np.testing.assert_allclose(rows[0] * np.sign(rows[0][0]), [50, 50, -100])
    np.testing.assert_allclose(rows[1], -rows[0])
    w = app.weights("s")  # inferred: the only weights left are w_B = 2/3, w_cost = 1/3
    assert w[0] + w[1] == pytest.approx(2 / 3, abs=1e-6) and w[2] == pytest.approx(1 / 3, abs=1e-6)


def test_an_objective_order_and_bounds_hold_at_the_inferred_weights(tmp_path):
    text = (
        'name = "O"\n[[statements]]\ncriteria_order = ["cost", "benefits"]\nsource = "s1"\n'
        "[constraints]\nbounds = { benefits = [0.3, 0.4] }\n"
    )
    app = _app(tmp_path, {"o": text})
    W = app.weight_set("o")
    # by hand: the bounds give (1_B - 0.3).w >= 0 and (0.4 - 1_B).w >= 0; the order gives
    # w_cost - w_quality - w_speed >= 0
    got = [tuple(np.round(r, 9)) for r in W.rows]
    assert got == [(0.7, 0.7, -0.3), (-0.6, -0.6, 0.4), (-1.0, -1.0, 1.0)]
    w = app.weights("o")
    assert 0.3 - 1e-9 <= w[0] + w[1] <= 0.4 + 1e-9 and w[2] >= w[0] + w[1]


def test_typed_weights_that_break_an_objective_bound_are_refused(tmp_path):
    from delivery_options import load

    text = LOCAL + "[constraints]\nbounds = { benefits = [0.1, 0.5] }\n"  # benefits is 0.75
    with pytest.raises(OptionsError) as exc:
        load(str(tree_ws(tmp_path, weights={"b": text}))).stakeholder("b")
    p = exc.value.problems[0]
    assert p.field == "constraints.bounds.benefits" and "0.7500" in p.message


def test_init_tree_writes_a_tree_that_validates_and_ranks(tmp_path, run):
    from delivery_options import load

    ws = tmp_path / "t"
    assert run("init", str(ws), "--tree").exit_code == 0
    assert run("validate", "-p", str(ws)).exit_code == 0
    app = load(str(ws))
    t = app.workspace.tree
    assert t.objective_ids == ("benefits", "costs")
    assert t.leaves("benefits") == ("quality", "speed") and t.leaves("costs") == ("cost",)
    # by hand: benefits 1, costs 1 (each 1/2); quality 3, speed 2 under benefits (3/5, 2/5)
    assert dict(app.stakeholder("example").weights) == pytest.approx(
        {"quality": 0.3, "speed": 0.2, "cost": 0.5}
    )


# --- SMAA with no preference information: uniform at each node ------------------------------

ONE_AND_THREE = """
[appraisal]
title = "One and three"
[objectives.lone]
name = "Lone"
[objectives.many]
name = "Many"
[criteria.a]
name = "A"
objective = "lone"
[criteria.b]
name = "B"
objective = "many"
[criteria.c]
name = "C"
objective = "many"
[criteria.d]
name = "D"
objective = "many"
"""


def test_the_node_sampler_gives_each_objective_the_same_prior():
    from delivery_options.methods.tree import sample_weights
    from delivery_options.model.tree import Objective, build

    tree = build(
        [Objective("lone", "Lone"), Objective("many", "Many")],
        [("a", "lone"), ("b", "many"), ("c", "many"), ("d", "many")],
        lambda f, m: None,
    )
    w = sample_weights(tree, np.random.default_rng(1), 200_000)
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    # closed form: the lone criterion's weight is the top-level Dirichlet(1,1) share, mean 1/2
    # (uniform over the 4 criteria it would be 1/4); each of the three: 1/2 x 1/3 = 1/6
    np.testing.assert_allclose(w.mean(axis=0), [1 / 2, 1 / 6, 1 / 6, 1 / 6], atol=0.005)
    # and the lone weight is uniform on [0, 1]: its variance is 1/12
    assert w[:, 0].var() == pytest.approx(1 / 12, abs=0.002)


TWO_LEVELS = """
[appraisal]
title = "Two levels"
[objectives.lone]
name = "Lone"
[objectives.pair]
name = "Pair"
[criteria.a]
name = "A"
objective = "lone"
[criteria.b1]
name = "B1"
objective = "pair"
[criteria.b2]
name = "B2"
objective = "pair"
"""


def test_no_information_first_places_by_exact_integration(tmp_path):
    from delivery_options import load

    # Each option is best on one criterion only (100 there, 0 elsewhere).
    opts = {
        "x": 'name = "X"\n[scores]\na = 100\nb1 = 0\nb2 = 0\n',
        "y": 'name = "Y"\n[scores]\na = 0\nb1 = 100\nb2 = 0\n',
        "z": 'name = "Z"\n[scores]\na = 0\nb1 = 0\nb2 = 100\n',
    }
    app = load(str(write_workspace(tmp_path / "w", TWO_LEVELS, opts)))
    res = app.smaa(samples=200_000, seed=3)
    # Exact: w_a = u ~ U(0,1); w_b1, w_b2 = (1-u)v, (1-u)(1-v), v ~ U(0,1). X is first iff
    # u > (1-u) m with m = max(v, 1-v) ~ U(1/2, 1), so P = E[1/(1+m)] = 2 ln(4/3) = 0.5754;
    # Y and Z share the rest. Uniform over the three criteria, each is first 1/3 of the time.
    p = 2 * np.log(4 / 3)
    assert res.first("x") == pytest.approx(p, abs=0.005)
    assert res.first("y") == pytest.approx((1 - p) / 2, abs=0.005)
    flat = {r[0]: (r[3], r[4]) for r in res.table("priors").rows}
    assert flat["x"][0] == res.first("x")
    for o in "xyz":
        assert flat[o][1] == pytest.approx(1 / 3, abs=0.005)
    assert "uniform at each node" in res.result.weight_method
    assert "uniform at each node" in res.subject
    doc = res.document()
    assert doc["flat"]["first"]["x"] == flat["x"][1]


def test_a_flat_workspace_has_no_second_prior(tmp_path):
    from delivery_options import load

    app = load(str(write_workspace(tmp_path / "f", CRITERIA_3, TINY_OPTIONS)))
    res = app.smaa(samples=1000)
    assert res.flat is None and [t.name for t in res.tables()] == [
        "acceptability",
        "central_weights",
    ]
    assert "flat" not in res.document()


# --- rank: contributions by objective ---------------------------------------------------------


def test_rank_shows_contributions_by_objective_with_the_criteria_beneath(tmp_path):
    res = _app(tmp_path, {"local": LOCAL}).rank("local")
    # by hand, weights quality 3/8, speed 3/8, cost 1/4; values (0-100):
    # alpha 80, 50 (speed 5 of 10), 25 (cost 150 of 200, less is better): benefits
    #   3/8 (80 + 50) = 48.75, cost 6.25, overall 55; beta 40, 80, 75: 45 + 18.75 = 63.75;
    # gamma 60, 20, 50: 30 + 12.5 = 42.5
    got = {o: d["benefits"] for o, d in res.by_objective().items()}
    assert got == pytest.approx({"beta": 45.0, "alpha": 48.75, "gamma": 30.0})
    t = res.table("by_objective")
    assert [c.key for c in t.columns][4:] == ["weight", "beta", "alpha", "gamma"]
    assert [r[0] for r in t.rows] == ["benefits", "quality", "speed", "cost", ""]
    assert t.rows[0][4:] == pytest.approx((0.75, 45.0, 48.75, 30.0))
    assert t.rows[3][4:] == pytest.approx((0.25, 18.75, 6.25, 12.5))
    assert t.rows[-1][4:] == pytest.approx((1.0, 63.75, 55.0, 42.5))
    w = res.table("weights")
    assert [r[0] for r in w.rows] == ["benefits", "quality", "speed", "cost"]
    assert [x for r in w.rows for x in r[4:]] == pytest.approx(
        [0.75, 0.75, 0.5, 0.375, 0.5, 0.375, 0.25, 0.25]
    )
    doc = res.document()["objectives"]["benefits"]
    assert doc["contributions"] == pytest.approx({"beta": 45.0, "alpha": 48.75, "gamma": 30.0})
    assert doc["criteria"] == ["quality", "speed"] and doc["local_weight"] == 0.75


def test_a_flat_rank_has_no_objective_tables(tmp_path):
    from delivery_options import load

    res = load(
        str(
            write_workspace(
                tmp_path / "f",
                CRITERIA_3,
                TINY_OPTIONS,
                {
                    "e": LOCAL.split("[weights]")[0]
                    + "[weights]\nquality = 1\ncost = 1\nspeed = 1\n"
                },
            )
        )
    ).rank("e")
    assert [t.name for t in res.tables()] == ["ranking", "weights"]
    assert "objectives" not in res.document()


def test_infer_names_an_objective_in_a_statement(tmp_path):
    text = 'name = "S"\n[[statements]]\nswing = { benefits = 100, cost = 50 }\nsource = "s1"\n'
    res = _app(tmp_path, {"s": text}).infer("s")
    from delivery_options.present import render

    assert "Benefits 100" in render(res, "text")


# --- sensitivity: an objective's weight moved with its criteria in proportion -----------------


def test_objective_stability_by_hand(tmp_path):
    res = _app(tmp_path, {"local": LOCAL}).sensitivity("local")
    by = {s.objective: s for s in res.objectives}
    b = by["benefits"]
    # by hand: along the path, benefits' criteria keep 1:1, so the options' values on benefits
    # are alpha (80+50)/2 = 65, beta (40+80)/2 = 60, gamma (60+20)/2 = 40; on cost 25, 75, 50.
    # V(t) = t x_B + (1 - t) x_cost: alpha 25 + 40t, beta 75 - 15t, gamma 50 - 10t. beta leads
    # while t <= 50/55 = 10/11 (then alpha); alpha stays above gamma while t >= 1/2.
    assert b.weight == pytest.approx(0.75)
    assert b.switch == pytest.approx((0.0, 10 / 11))
    assert b.top == pytest.approx((0.0, 10 / 11))
    assert b.ranking == pytest.approx((0.5, 10 / 11))
    assert (b.first_below, b.first_above) == (None, "alpha")
    t = res.table("objective_stability")
    assert [r[0] for r in t.rows] == ["benefits"]
    assert res.document()["objective_stability"]["benefits"]["first_above"] == "alpha"


def test_objective_family_keeps_proportions_and_passes_through_the_weights():
    from delivery_options.methods.stability import family
    from delivery_options.methods.tree import objective_family

    w0 = np.array([0.1, 0.3, 0.2, 0.4])
    ind = np.array([0.0, 1.0, 1.0, 0.0])
    A, B = objective_family(w0, ind)
    for t in (0.2, 0.5, 0.9):
        w = A + B * t
        assert w.sum() == pytest.approx(1.0) and ind @ w == pytest.approx(t)
        assert w[1] / w[2] == pytest.approx(1.5) and w[0] / w[3] == pytest.approx(0.25)
    np.testing.assert_allclose(A + B * 0.5, w0)
    # one criterion: the same path as stability.family
    for got, want in zip(objective_family(w0, np.eye(4)[2]), family(w0, 2), strict=True):
        np.testing.assert_allclose(got, want)


def test_compare_gives_each_stakeholders_weights_by_objective(tmp_path):
    g = 'name = "G"\n[weights]\nquality = 1\ncost = 2\nspeed = 1\n'
    res = _app(tmp_path, {"local": LOCAL, "g": g}).compare()
    t = res.table("objective_weights")
    assert [c.key for c in t.columns][4:] == ["g", "local"]
    # by hand: g puts 1/4 + 1/4 on benefits; local 3/4
    rows = {r[0]: r[4:] for r in t.rows}
    assert rows["benefits"] == pytest.approx((0.5, 0.75))
    assert rows["speed"] == pytest.approx((0.25, 0.375))
    assert res.document()["objective_weights"]["g"]["benefits"] == pytest.approx(0.5)


def test_a_cycle_is_one_line_on_the_command_line(tmp_path, run):
    opts = {k: f'name = "{k}"\n[scores]\na = 1\nb = 2\nc = 3\n' for k in ("x", "y")}
    w = {"e": 'name = "E"\n[weights]\na = 1\nb = 1\nc = 1\n'}
    root = write_workspace(
        tmp_path / "d", DEEP.replace('name = "Top"', 'name = "Top"\nparent = "mid"'), opts, w
    )
    res = run("rank", "-p", str(root), "-w", "e")
    assert res.exit_code != 0 and "Traceback" not in res.stderr
    assert res.stderr.strip().splitlines() == [
        "error: criteria.toml: objectives.top.parent: makes a cycle: top -> mid -> top"
    ]


def test_local_weights_give_overall_raw_weights_and_moved_weights_keep_objective_limits(tmp_path):
    text = LOCAL + "[constraints]\nbounds = { benefits = [0.6, 0.8] }\n"
    app = _app(tmp_path, {"b": text})
    st = app.stakeholder("b")
    assert dict(st.raw_weights) == pytest.approx({"quality": 0.375, "speed": 0.375, "cost": 0.25})
    moved = app.with_weights(st, {"quality": 1, "speed": 1, "cost": 1})
    W = app.weight_set(moved)
    # the objective's bound stays a pair of rows: (1_B - 0.6).w >= 0 and (0.8 - 1_B).w >= 0
    got = [tuple(np.round(r, 9)) for r in W.rows]
    assert (0.4, 0.4, -0.6) in got and (-0.2, -0.2, 0.8) in got
    assert W.contains(np.array([1, 1, 1]) / 3)  # benefits 2/3: inside [0.6, 0.8]
    assert not W.contains(np.array([0.25, 0.25, 0.5]))  # benefits 1/2: outside


def test_local_weights_on_three_levels(tmp_path):
    from delivery_options import load

    opts = {k: f'name = "{k}"\n[scores]\na = 1\nb = 2\nc = 3\n' for k in ("x", "y")}
    text = 'name = "L"\n[weights]\ntop = 3\nc = 1\nmid = 1\nb = 1\na = 5\n'
    app = load(str(write_workspace(tmp_path / "d", DEEP, opts, {"l": text})))
    # by hand: top 3/4, c 1/4; under top: mid 1/2, b 1/2; a alone under mid (5/5 = 1):
    # a = 3/4 x 1/2 x 1 = 0.375, b = 3/4 x 1/2 = 0.375, c = 0.25
    assert dict(app.stakeholder("l").weights) == pytest.approx({"a": 0.375, "b": 0.375, "c": 0.25})
    rows = {r[0]: r[4:] for r in app.rank("l").table("weights").rows}
    assert list(rows) == ["top", "mid", "a", "b", "c"]
    assert rows["mid"] == pytest.approx((0.5, 0.375)) and rows["a"] == pytest.approx((1.0, 0.375))
    names = [r[3] for r in app.rank("l").table("weights").rows]
    assert names == ["Top", "· Mid", "· · A", "· B", "C"]


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        (
            "[weights]\nbenfits = 1\ncost = 1\nquality = 1\nspeed = 1\n",
            "weights.benfits",
            "'benefits'",
        ),
        (
            '[[statements]]\nswing = { benfits = 100, cost = 50 }\nsource = "s"\n',
            "statement 1, swing, benfits",
            "'benefits'",
        ),
        (
            '[[statements]]\ncriteria_order = ["cost", "benfits"]\nsource = "s"\n',
            "statement 1, criteria_order, item 2",
            "'benefits'",
        ),
        (
            "[weights]\nquality = 1\ncost = 1\nspeed = 1\n[constraints]\nbounds = { benfits = [0, 1] }\n",
            "constraints.bounds.benfits",
            "'benefits'",
        ),
    ],
)
def test_a_mistyped_objective_is_named_with_a_hint(tmp_path, text, field, words):
    from delivery_options import load

    root = tree_ws(tmp_path, weights={"m": 'name = "M"\n' + text})
    with pytest.raises(OptionsError) as exc:
        load(str(root)).stakeholder("m")
    p = exc.value.problems[0]
    assert p.field == field and "unknown criterion or objective" in p.message and words in p.message


def test_switching_weights_by_objective_by_hand(tmp_path):
    res = _app(tmp_path, {"local": LOCAL}).sensitivity("local")
    # by hand: alpha - beta = (40, -30, -50) on (quality, speed, cost) at w = (3/8, 3/8, 1/4)
    # is -8.75 points; the cheapest move takes weight from cost (-50) to quality (+40), 90
    # points a unit: 8.75 / 90 = 0.0972 (Wolters and Mareschal 1995's L1 switch). By objective:
    # benefits +0.0972 and cost, a criterion at the top, -0.0972.
    moves = res.switching_by_objective("alpha")
    assert moves == pytest.approx({"benefits": 8.75 / 90, "cost": -8.75 / 90}, abs=1e-6)
    assert res.switching_by_objective("beta") == pytest.approx({"benefits": 0.0, "cost": 0.0})
    row = next(r for r in res.table("switching").rows if r[1] == "alpha")
    assert row[-2] == "Benefits +9.7, Cost -9.7"
    assert res.document()["switching_by_objective"]["alpha"]["cost"] == pytest.approx(
        -8.75 / 90, abs=1e-6
    )


def test_objective_ranges_over_the_compatible_weights_by_hand(tmp_path):
    text = (
        'name = "O"\n[[statements]]\ncriteria_order = ["cost", "benefits"]\nsource = "s1"\n'
        "[constraints]\nbounds = { benefits = [0.3, 0.6] }\n"
    )
    app = _app(
        tmp_path, {"o": text, "g": 'name = "G"\n[weights]\nquality = 1\ncost = 1\nspeed = 1\n'}
    )
    # by hand: w_cost >= w_benefits and w_cost + w_benefits = 1 give w_benefits <= 1/2; the
    # bound gives >= 0.3
    got = app.objective_ranges("o")
    assert list(got) == ["benefits"] and got["benefits"] == pytest.approx((0.3, 0.5), abs=1e-7)
    assert app.objective_ranges("g") is None  # no statements: nothing to range over


def test_the_paper_names_an_objective_a_statement_rates(tmp_path):
    """A swing on an objective is read in section 6 by the objective's name (the paper crashed
    looking it up among the criteria)."""
    from delivery_options.paper import render

    text = 'name = "S"\n[[statements]]\nswing = { benefits = 100, cost = 50 }\nsource = "s1"\n'
    app = _app(tmp_path, {"s": text})
    md = render.render_markdown(render.build_context(app, render.Settings("s", samples=200)))
    assert "Cost 50 and Benefits 100" in md and "None" not in md


def test_the_paper_shows_contributions_by_objective_with_the_criteria_beneath():
    """Sandwell is a value tree: section 4's table gives each objective's part and its criteria's
    beneath; each objective's part is the sum of its criteria's, and the objectives add up to the
    option's overall score (checked against the core's ranking, not the table's own arithmetic)."""
    from pathlib import Path

    from delivery_options import load
    from delivery_options.paper import render

    app = load(str(Path(__file__).resolve().parents[1]))
    tree = app.workspace.tree
    assert not tree.flat
    md = render.render_markdown(
        render.build_context(app, render.Settings("commissioner", samples=200))
    )
    table = md.split("**Contributions by objective, with the criteria beneath (points)**")[1]
    lines = table.split("\n\n\n")[0].strip().splitlines()
    rows = [line for line in lines if line.startswith("|")][2:]  # past the header and its rule
    cells = {r.split("|")[1].strip("\u00a0 "): [float(x) for x in r.split("|")[2:-1]] for r in rows}
    ranking = app.rank("commissioner").ranking
    for k, row in enumerate(ranking.rows):
        objectives = [cells[app.workspace.node_name(o)][k] for o in tree.children[ROOT]]
        assert sum(objectives) == pytest.approx(row.score, abs=0.05 * len(objectives))
        for o in tree.objective_ids:
            parts = [cells[app.workspace.node_name(c)][k] for c in tree.leaves(o)]
            assert cells[app.workspace.node_name(o)][k] == pytest.approx(
                sum(parts), abs=0.05 * len(parts)
            )


def test_objectives_nested_too_deep_are_one_line(tmp_path, run):
    """Adversary: a chain of 1,000 objectives ended in RecursionError; past MAX_DEPTH it is one
    error line naming the field."""
    from delivery_options.model.tree import MAX_DEPTH

    chain = "".join(
        f'[objectives.o{k}]\nname = "O{k}"\n' + (f'parent = "o{k - 1}"\n' if k else "")
        for k in range(150)  # deeper than MAX_DEPTH, within the supported 200 objectives
    )
    criteria = (
        CRITERIA_3.replace(
            '[criteria.quality]\nname = "Quality"',
            '[criteria.quality]\nname = "Quality"\nobjective = "o149"',
        )
        + chain
    )
    root = tree_ws(tmp_path, criteria)
    res = run("validate", "-p", str(root))
    assert res.exit_code != 0 and "Traceback" not in res.output
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"more than {MAX_DEPTH} deep" in errors[0]


@pytest.mark.parametrize("criteria", ["benefits,costs", "Benefits,x"])
def test_init_tree_never_gives_an_objective_a_criterions_id(tmp_path, run, criteria):
    """Adversary: --criteria benefits,costs wrote objectives with the criteria's ids, and the new
    workspace did not validate."""
    ws = tmp_path / "t"
    assert run("init", str(ws), "--tree", "--criteria", criteria).exit_code == 0
    res = run("validate", "-p", str(ws))
    assert res.exit_code == 0, res.stderr
