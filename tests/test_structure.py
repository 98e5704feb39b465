"""The structure checks of `options check` (methods/structure.py): each on a built case where it
must fire and one where it must not, with the figures worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

import delivery_options as do
from conftest import ROOT, write_workspace
from delivery_options.methods import structure as st

FLAT = ROOT / "tests" / "fixtures" / "sandwell-flat"


def _findings(ws, code):
    return [f for f in do.load(ws).check().findings if f.code == code]


def _criteria(*ids, extra=""):
    return (
        '[appraisal]\ntitle = "T"\n'
        + "".join(f'[criteria.{c}]\nname = "{c.upper()}"\n' for c in ids)
        + extra
    )


def _option(name, scores, extra=""):
    body = "".join(f"{c} = {v}\n" for c, v in scores.items())
    return f'name = "{name}"\n{extra}[scores]\n{body}'


# --- the limit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "m, table",
    # Fisher and Yates, Statistical Tables (1963), table VII: r at 5%, two-sided, df = m - 2
    [(5, 0.8783), (6, 0.8114), (7, 0.7545), (10, 0.6319), (20, 0.4438)],
)
def test_critical_r_matches_the_published_table(m, table):
    assert st.critical_r(m) == pytest.approx(table, abs=5e-4)


def test_critical_r_closed_forms():
    # m = 4: r is uniform on [-1, 1] under independence, so P(R >= r) = (1 - r) / 2 = 0.025
    assert st.critical_r(4) == pytest.approx(0.95, abs=1e-6)
    # m = 6: density (3/4)(1 - r^2); the tail 3/4 (2/3 - r + r^3/3) = 0.025 at r = 0.81140
    r = st.critical_r(6)
    assert 0.75 * (2 / 3 - r + r**3 / 3) == pytest.approx(0.025, abs=1e-6)
    assert st.correlation_limit(20) == st.STRONG  # many options: the floor holds


# --- criteria that move together, and a concern held by several against one -------------------

# Two options contest: P is all a, Q all b and c, which move together (r = 1). Under uniform
# weights P is first iff w_a > w_b + w_c, i.e. w_a > 1/2: probability (1/2)^2 = 1/4 for
# Dirichlet(1,1,1). With b and c merged into one, P is first iff w_a > 1/2: probability 1/2.
# R, S and T never come first (checked by hand in the text: each is at most max(x, 1 - x) * 100
# when w_a = x).
IMBALANCED = {
    "p": {"a": 100, "b": 0, "c": 0},
    "q": {"a": 0, "b": 100, "c": 100},
    "r": {"a": 50, "b": 40, "c": 40},
    "s": {"a": 40, "b": 50, "c": 50},
    "t": {"a": 20, "b": 80, "c": 80},
}


def test_no_information_shares_closed_form():
    X = np.array([[v["a"], v["b"], v["c"]] for v in IMBALANCED.values()], dtype=float)
    assert st.no_information_shares(X) == pytest.approx([0.25, 0.75, 0, 0, 0], abs=0.005)
    merged = st.merge(X, [1, 2])
    assert merged[:, 1].tolist() == [0, 100, 40, 50, 80]  # the mean of b and c
    assert st.no_information_shares(merged) == pytest.approx([0.5, 0.5, 0, 0, 0], abs=0.005)


def test_imbalance_fires_with_its_figure(tmp_path):
    ws = write_workspace(
        tmp_path / "w",
        criteria=_criteria("a", "b", "c"),
        options={k: _option(k.upper(), v) for k, v in IMBALANCED.items()},
    )
    (corr,) = _findings(ws, "correlated-criteria")
    assert "B and C move together" in corr.message and "B with C r = 1.00" in corr.message
    assert "the limit is r = 0.88 across 5 options" in corr.message
    (imb,) = _findings(ws, "concern-imbalance")
    assert "2 criteria move together (B, C) and against A" in imb.message
    assert "gets 2/3 of it and A 1/3" in imb.message
    assert "P 25% -> 50%, Q 75% -> 50%" in imb.message


def test_imbalance_and_correlation_stay_silent_when_criteria_are_independent(tmp_path):
    # b and c: r = 0 by construction (centred, orthogonal columns); a against neither
    opts = {
        "p": {"a": 60, "b": 10, "c": 50},
        "q": {"a": 50, "b": 90, "c": 50},
        "r": {"a": 40, "b": 50, "c": 10},
        "s": {"a": 55, "b": 50, "c": 90},
        "t": {"a": 45, "b": 50, "c": 50},
    }
    X = np.array([[v["a"], v["b"], v["c"]] for v in opts.values()], dtype=float)
    assert st.correlations(X)[1, 2] == pytest.approx(0.0)
    ws = write_workspace(
        tmp_path / "w",
        criteria=_criteria("a", "b", "c"),
        options={k: _option(k.upper(), v) for k, v in opts.items()},
    )
    assert not _findings(ws, "correlated-criteria")
    assert not _findings(ws, "concern-imbalance")


# --- the same evidence under two criteria ------------------------------------------------------


def _evidenced(ev_a, ev_b, mapped=("a",)):
    crit = ", ".join(f'"{c}"' for c in mapped)
    return (
        'name = "X"\n'
        f'benefits = [{{ text = "A benefit", criteria = [{crit}] }}]\n'
        "[scores]\n"
        f'a = {{ value = 60, rationale = "r", evidence = ["{ev_a}"] }}\n'
        f'b = {{ value = 40, rationale = "r", evidence = ["{ev_b}"] }}\n'
    )


def test_shared_evidence_fires_on_one_quote_under_two_criteria(tmp_path):
    ws = write_workspace(
        tmp_path / "w",
        criteria=_criteria("a", "b"),
        options={
            "x": _evidenced(
                "s17: 'Extension of Council's preferred option which is most likely'",
                "s17: 'Extension of Council's preferred option' (option 1)",
                mapped=("a", "b"),
            ),
            "y": _option("Y", {"a": 10, "b": 10}),
        },
    )
    found = _findings(ws, "shared-evidence")
    assert [f.where for f in found] == [
        "options/x.toml: benefits[1]",
        "options/x.toml: scores.a, scores.b",
    ]
    assert "quotes the same phrase ('extension of council's preferred option')" in found[1].message


def test_shared_evidence_silent_on_distinct_quotes_and_short_ones(tmp_path):
    ws = write_workspace(
        tmp_path / "w",
        criteria=_criteria("a", "b"),
        options={
            # 'new start' is under four words; the long quotes differ
            "x": _evidenced(
                "s17: 'New start' and 'greater flexibility for the trust'",
                "s17: 'New start' and 'risk of losing some staff'",
            ),
            "y": _option("Y", {"a": 10, "b": 10}),
        },
    )
    assert not _findings(ws, "shared-evidence")


# --- a criterion against a must-meet requirement ------------------------------------------------

REQ = '[requirements.out]\nname = "Out of direct control"\n'


def _judged(name, scores, meets):
    return (
        _option(name, scores)
        + f'[requirements.out]\nmeets = {str(meets).lower()}\nrationale = "r"\n'
    )


def test_against_requirement_fires_when_every_passing_option_scores_lower(tmp_path):
    # keep: passing options 50, 0, 25; failing 100, 90 -> 50 < 90 (fires); a: 70 > 60 (mixed)
    opts = {
        "p": _judged("P", {"a": 70, "keep": 50}, True),
        "q": _judged("Q", {"a": 40, "keep": 0}, True),
        "r": _judged("R", {"a": 80, "keep": 25}, True),
        "s": _judged("S", {"a": 60, "keep": 100}, False),
        "t": _judged("T", {"a": 30, "keep": 90}, False),
    }
    ws = write_workspace(tmp_path / "w", criteria=_criteria("a", "keep", extra=REQ), options=opts)
    (f,) = _findings(ws, "against-requirement")
    assert f.where == "criteria.toml: criteria.keep"
    assert "at most 50 on it, every option that fails it at least 90" in f.message


def test_against_requirement_silent_when_the_sides_overlap_or_one_option_fails(tmp_path):
    opts = {
        "p": _judged("P", {"a": 70, "keep": 95}, True),  # 95 > 90: the sides overlap
        "q": _judged("Q", {"a": 40, "keep": 0}, True),
        "r": _judged("R", {"a": 80, "keep": 25}, True),
        "s": _judged("S", {"a": 60, "keep": 100}, False),
        "t": _judged("T", {"a": 30, "keep": 90}, False),
    }
    ws = write_workspace(tmp_path / "w", criteria=_criteria("a", "keep", extra=REQ), options=opts)
    assert not _findings(ws, "against-requirement")
    # one failing option: any criterion on which it is best would separate the sides
    assert st.works_against(np.array([[1.0], [2.0], [9.0]]), [True, True, False]) == []


# --- weight on criteria the record never mentions ----------------------------------------------


def test_lead_split_by_hand():
    X = np.array([[80, 20, 50], [60, 40, 10]], dtype=float)
    split = st.lead_split(X, np.array([0.5, 0.25, 0.25]), [0])
    # lead = 0.5*20 + 0.25*(-20) + 0.25*40 = 15; from b and c: -5 + 10 = 5
    assert (split.leader, split.runner_up) == (0, 1)
    assert split.lead == pytest.approx(15) and split.unmentioned == pytest.approx(5)


SWING_A = 'name = "{name}"\n[[statements]]\nswing = {{ a = 100, b = [0, 100] }}\nsource = "s1"\n'


def test_unmentioned_weight_fires_when_the_lead_comes_from_what_was_never_said(tmp_path):
    # The record says only w_a >= w_b. X leads Y by 10 w_a + 100 w_b: more than half of it comes
    # from b whenever w_b > 0.1 w_a, which holds at any centre of {w_a >= w_b}.
    ws = write_workspace(
        tmp_path / "w",
        criteria=_criteria("a", "b"),
        options={"x": _option("X", {"a": 60, "b": 100}), "y": _option("Y", {"a": 50, "b": 0})},
        weights={"p": SWING_A.format(name="P")},
    )
    (f,) = _findings(ws, "unmentioned-weight")
    w = do.load(ws).stakeholder("p").weights
    lead, part = 10 * w["a"] + 100 * w["b"], 100 * w["b"]
    assert f"by {lead:.1f} points, of which {part:.1f}" in f.message
    assert "never mentions (B)" in f.message


def test_unmentioned_weight_silent_when_the_lead_comes_from_what_was_said(tmp_path):
    # X leads by 100 w_a - 10 w_b; b's part is negative
    ws = write_workspace(
        tmp_path / "w",
        criteria=_criteria("a", "b"),
        options={"x": _option("X", {"a": 100, "b": 40}), "y": _option("Y", {"a": 0, "b": 50})},
        weights={"p": SWING_A.format(name="P")},
    )
    assert not _findings(ws, "unmentioned-weight")


# --- stakeholders the record cannot tell apart -------------------------------------------------


def test_indistinguishable_stakeholders(tmp_path):
    opts = {"x": _option("X", {"a": 60, "b": 100}), "y": _option("Y", {"a": 50, "b": 0})}
    same = write_workspace(
        tmp_path / "same",
        criteria=_criteria("a", "b"),
        options=opts,
        weights={"p": SWING_A.format(name="P"), "q": SWING_A.format(name="Q")},
    )
    (f,) = _findings(same, "indistinguishable-stakeholders")
    assert f.message.startswith("P and Q have the same inferred weights")
    other = SWING_A.format(name="Q").replace("a = 100, b = [0, 100]", "b = 100, a = [0, 100]")
    apart = write_workspace(
        tmp_path / "apart",
        criteria=_criteria("a", "b"),
        options=opts,
        weights={"p": SWING_A.format(name="P"), "q": other},
    )
    assert not _findings(apart, "indistinguishable-stakeholders")


# --- the flat Sandwell workspace (the "done when") ------------------------------------


def test_flat_sandwell_names_the_correlated_criteria_the_imbalance_and_the_requirement():
    findings = do.load(FLAT).check().findings
    codes = [f.code for f in findings]
    (corr,) = [f for f in findings if f.code == "correlated-criteria"]
    for pair in (
        "Council keeps running the service with Workforce stability and staff relations r = 0.93",
        "Workforce stability and staff relations with Transition cost and disruption r = 0.93",
        "Council commitment and joint working with Transition cost and disruption r = 0.80",
    ):
        assert pair in corr.message
    assert "the limit is r = 0.75 across 7 options" in corr.message
    (imb,) = [f for f in findings if f.code == "concern-imbalance"]
    assert "against Fresh start and lasting leadership" in imb.message
    # no preference information on the short list (options 2, 5, 6), as cut and merged
    assert "Executive commissioner with an improvement team 95% -> 75%" in imb.message
    (req,) = [f for f in findings if f.code == "against-requirement"]
    assert req.where == "criteria.toml: criteria.control"
    assert "'A period out of the council's direct control'" in req.message
    assert "indistinguishable-stakeholders" in codes and "unmentioned-weight" in codes


def test_imbalance_on_a_value_tree_gives_the_tree_figure(tmp_path):
    # a alone under one objective, b and c under another: each objective has prior weight
    # uniform on [0, 1], so P (all a) is first iff w_a > 1/2: 50%, as if merged
    tree = (
        '[objectives.one]\nname = "One"\n[objectives.two]\nname = "Two"\n'
        '[criteria.a]\nname = "A"\nobjective = "one"\n'
        '[criteria.b]\nname = "B"\nobjective = "two"\n'
        '[criteria.c]\nname = "C"\nobjective = "two"\n'
    )
    ws = write_workspace(
        tmp_path / "w",
        criteria='[appraisal]\ntitle = "T"\n' + tree,
        options={k: _option(k.upper(), v) for k, v in IMBALANCED.items()},
    )
    (imb,) = _findings(ws, "concern-imbalance")
    assert "P 25% -> 50%, Q 75% -> 50%" in imb.message  # the flat list, as cut and merged
    assert imb.message.endswith("each objective has the same prior): P 50%, Q 50%.")
