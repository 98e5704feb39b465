"""Section 6 of the paper: each stakeholder's statements as the record gives them and as they were
read, never put in the stakeholder's mouth, with each weight's range over the weights that fit."""

from __future__ import annotations

import pytest

from conftest import ROOT, write_workspace
from delivery_options.appraisal import load
from delivery_options.model.statements import CriteriaOrder, Hypothetical, Indifferent, Prefer
from delivery_options.paper import compose, render
from delivery_options.paper.document import Grid
from paper_helpers import section, text_of

CRITERIA_2 = """
[appraisal]
title = "Two criteria"

[criteria.c1]
name = "Quality"

[criteria.c2]
name = "Speed"
"""

# A is best on quality, B on speed, C in between: scores on 0-100 scales, so values = scores
OPTIONS = {
    "a": 'name = "A"\nnumber = 1\n[scores]\nc1 = 100\nc2 = 0\n',
    "b": 'name = "B"\nnumber = 2\n[scores]\nc1 = 0\nc2 = 100\n',
    "c": 'name = "C"\nnumber = 3\n[scores]\nc1 = 50\nc2 = 50\n',
}

SAID = """name = "Chair"
basis = "modelled"

[[statements]]
prefer = ["a", "b"]
source = "Minutes, 3 May"
evidence = "'quality comes first'"
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = write_workspace(
        tmp_path_factory.mktemp("said") / "ws", CRITERIA_2, OPTIONS, {"chair": SAID}
    )
    return render.build_context(load(root), render.Settings("chair", samples=500))


def test_weight_ranges_worked_by_hand(small):
    # A over B: 100 w1 - 100 w2 > 0, so w1 >= 1/2 on the closure; w1 + w2 = 1 gives w1 in
    # [0.5, 1], w2 in [0, 0.5]; the Chebyshev centre of that segment is w1 = 0.75
    got = small["weight_ranges"]["chair"]
    assert got["c1"] == pytest.approx((0.5, 1.0), abs=1e-6)
    assert got["c2"] == pytest.approx((0.0, 0.5), abs=1e-6)
    grid = next(b for b in small["doc"].blocks if isinstance(b, Grid) and "range" in b.caption)
    nb = "\u00a0"
    assert grid.rows == (
        ("Quality", f"75.0%{nb}(50{nb}to{nb}100%)"),
        ("Speed", f"25.0%{nb}(0{nb}to{nb}50%)"),
    )
    assert "widest range" in grid.caption and grid.notes


def test_a_modelled_stakeholder_is_never_quoted_as_saying_it(small):
    text = section(small["doc"], "6.")
    assert "What the record shows, and how the analyst read it:" in text
    assert "own words" not in text and "Chair said" not in text
    assert "Minutes, 3 May: 'quality comes first'. Read as: option 1 preferred to option 2." in text
    assert "weights under which the readings above hold" in text


def test_evidence_ending_in_a_full_stop_gets_no_second_one(tmp_path):
    """A newcomer's reading: "We oppose any outsourcing of leisure.. Read as" (evidence that
    ends a sentence took another full stop)."""
    said = SAID.replace("'quality comes first'", "We put quality first.")
    root = write_workspace(tmp_path / "ws", CRITERIA_2, OPTIONS, {"chair": said})
    ctx = render.build_context(load(root), render.Settings("chair", samples=500))
    text = section(ctx["doc"], "6.")
    assert "Minutes, 3 May: We put quality first. Read as: option 1 preferred" in text
    assert ".." not in text


@pytest.mark.parametrize(
    ("basis", "lead"),
    [
        ("modelled", "What the record shows, and how the analyst read it:"),
        ("elicited", "What Chair said when asked (3 May 2026):"),
        ("stated", "What Chair said:"),
    ],
)
def test_whose_words_follow_the_basis(basis, lead):
    from delivery_options.model.types import Stakeholder

    s = Stakeholder("chair", "Chair", {}, basis=basis, date="2026-05-03")
    assert compose._said_lead(s) == lead


def _readings(items) -> str:
    names = {"c1": "Quality", "c2": "Speed", "c3": "Cost"}
    return compose._readings(items, lambda o: f"option {o[-1]}", names.get, ("c1", "c2", "c3"))


def test_readings_merge_preferences_for_one_option_and_name_the_rest():
    p = [Prefer("o2", o, source="s") for o in ("o1", "o3", "o4")]
    assert _readings(p) == "option 2 preferred to options 1, 3 and 4"
    assert _readings([Prefer("o1", "*", source="s")]) == "option 1 preferred to every other option"
    made = Prefer(Hypothetical((("c1", 60.0), ("c2", 20.0))), "o1", source="s")
    assert _readings([made]) == "a made-up option (Quality 60, Speed 20) preferred to option 1"
    mixed = [
        Indifferent("o1", "o2", source="s"),
        CriteriaOrder(("c2", "c1"), source="s"),
        Prefer("o3", "o1", source="s"),
    ]
    assert _readings(mixed) == (
        "option 1 and option 2 equally good; Speed weighed at least as much as Quality; "
        "option 3 preferred to option 1"
    )


def test_swing_words_say_what_the_ratings_mean():
    names = {"c1": "Quality", "c2": "Speed", "c3": "Cost"}.get
    ids = ("c1", "c2", "c3")
    every = (("c1", 100.0, 100.0), ("c2", 0.0, 100.0), ("c3", 0.0, 100.0))
    assert compose._swing_words(every, names, ids) == (
        "Quality weighs at least as much as any other criterion"
    )
    some = (("c1", 100.0, 100.0), ("c3", 0.0, 100.0))
    assert compose._swing_words(some, names, ids) == "Quality weighs at least as much as Cost"
    exact = (("c1", 100.0, 100.0), ("c2", 40.0, 60.0))
    assert compose._swing_words(exact, names, ids) == (
        "swings rated, out of 100 for the most valued: Quality 100 and Speed 40 to 60"
    )


def test_a_weight_held_at_one_value_is_said_so():
    from delivery_options.model.types import Constraints, Stakeholder

    ws = load(ROOT / "tests" / "fixtures" / "sandwell-flat").long_list  # it has control
    s = Stakeholder("x", "X", {}, constraints=Constraints(bounds={"control": (0.0, 0.0)}))
    assert compose._constraints_text(s, ws) == "Council keeps running the service held at 0%"
    s = Stakeholder("x", "X", {}, constraints=Constraints(bounds={"control": (0.1, 0.3)}))
    assert compose._constraints_text(s, ws) == (
        "Council keeps running the service between 10% and 30%"
    )


def test_sandwell_section_6_shows_readings_not_records():
    ctx = render.build_context(load(ROOT), render.Settings("commissioner", samples=500))
    text = section(ctx["doc"], "6.")
    assert "Prefer(" not in text and "Swing(" not in text  # no internal record leaks
    assert "own words" not in text  # every Sandwell party is modelled from the record
    assert "between 0% and 0%" not in text
    assert (
        "Commissioner's report, s15: 'Above all, it requires strong and clear leadership and "
        "direction" in text
    )
    # five records leave 2 and 5 open: no first choice is reported for them
    # readings, not recorded dissent: the heading says whose reading it is (office finding N7)
    assert (
        "Where the parties' records point, as this appraisal reads them, and what they leave open"
        in text
    )
    assert "Dissent recorded" not in text
    assert (
        "The records of Children and families and the Safeguarding partnership (police, health, "
        "Safeguarding Children Board) settle no first choice." in text
    )
    assert "for each of the 7 parties" not in text_of(ctx["doc"])
    assert (
        "Commissioner's report, s18: 'in my view only option 2 and 5 will meet those "
        "requirements'. Read as: option 2 preferred to options 1, 3, 4, 6 and 7; option 5 "
        "preferred to options 1, 3, 4, 6 and 7." in text
    )
    app = load(ROOT)
    for s in ctx["stakeholders"]:  # the ranges shown are the core's, for every party
        assert ctx["weight_ranges"][s.id] == app.infer(s).ror.weight_ranges
