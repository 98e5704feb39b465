"""The certainty rules of narrative.py, each exercised on constructed results: the label is never
stronger than the weakest test shown, sentences are tie-aware, weights are attributed honestly."""

from __future__ import annotations

import re

import numpy as np

from delivery_options.methods.smaa import LeadUnderScores
from delivery_options.methods.value import RankedOption, Ranking
from delivery_options.paper import narrative
from delivery_options.paper.fmt import apportion, pct


def _ranking(a: float, b: float) -> Ranking:
    rows = (
        RankedOption("a", 1, a, {"c1": a / 2, "c2": a / 2}),
        RankedOption("b", 1 if a == b else 2, b, {"c1": b, "c2": 0.0}),
    )
    return Ranking("s", {"c1": 0.5, "c2": 0.5}, rows)


def _build(p_ahead=None, smaa_first=None, a=60.0, b=50.0, **kw):
    lead = None if p_ahead is None else LeadUnderScores(a - b, p_ahead, -1.0, 12.0, 1000)
    return narrative.build(
        option_label=str.upper,
        crit_name=str,
        stakeholder="Commissioner",
        ranking=_ranking(a, b),
        lead_scores=lead,
        smaa_first=smaa_first,
        smaa_samples=1000,
        **kw,
    )


def test_clear_only_when_every_test_passes():
    n = _build(p_ahead=0.99, smaa_first=0.9)
    assert n.status == "clear"
    assert n.headline.startswith("The analysis recommends A")


def test_inputs_holding_init_examples_are_provisional_never_clear():
    """Every test passes, yet the workspace still holds init's example text: the label is
    provisional, the first test says which files, and nothing is recommended."""
    n = _build(p_ahead=0.99, smaa_first=0.9, placeholders=("criteria.toml", "weights/x.toml"))
    assert n.status == "provisional"
    assert n.verdicts[0].name == "inputs" and "criteria.toml and weights/x.toml" in n.tests[0]
    assert "recommends nothing yet" in n.headline and "recommends a" not in n.headline
    assert _build(p_ahead=0.99, smaa_first=0.9).status == "clear"


def test_scores_reversing_often_is_too_close():
    assert _build(p_ahead=0.79, smaa_first=0.9).status == "too close to call"
    assert _build(p_ahead=0.90, smaa_first=0.9).status == "close"


def test_smaa_thresholds():
    assert _build(p_ahead=0.99, smaa_first=0.49).status == "too close to call"
    assert _build(p_ahead=0.99, smaa_first=0.70).status == "close"


def test_label_is_never_stronger_than_the_weakest_test_shown():
    for p in (0.5, 0.79, 0.8, 0.9, 0.95, 0.99, 1.0):
        for s in (0.3, 0.5, 0.6, 0.75, 0.9):
            n = _build(p_ahead=p, smaa_first=s)
            shown = [t.verdict for t in n.verdicts]
            assert len(shown) == len(n.tests) == 2
            weakest = min(shown, key=narrative.STRENGTH.__getitem__)
            assert n.status == weakest
            # and each verdict follows from the number in its own sentence
            held = re.search(r"stays ahead in (\d+)%", n.tests[0])
            if held:
                shown_p = int(held.group(1)) / 100
                if n.verdicts[0].verdict == "clear":
                    assert shown_p >= narrative.CLOSE_SCORES - 0.005


def test_exact_tie_is_too_close_and_tie_aware():
    n = _build(a=55.0, b=55.0, p_ahead=0.5, smaa_first=0.5)
    assert n.status == "too close to call"
    assert n.tied == ("a", "b")
    assert "score exactly the same" in n.tests[0]
    assert "cannot separate A and B" in n.headline
    assert "already first" not in " ".join((n.headline, *n.reasons, *n.caveats))
    assert n.head_to_head.sentence(str.upper, str).startswith("A and B score the same overall")


def test_head_to_head_opens_with_the_leaders_strengths_and_adds_up():
    h = narrative.head_to_head({"c1": 30.0, "c2": 30.0}, {"c1": 50.0, "c2": 0.0}, "a", "b")
    assert h.lead == 10.0
    text = h.sentence(str.upper, str)
    assert (
        text
        == "A scores 10.0 points (out of 100) more than B. Its lead comes from c2 (30.0 points). "
        "B is stronger on c1 (20.0 points)."
    )
    # an option named again is named briefly, in sentences of their own
    assert h.sentence(lambda o: f"option {o} (long name)", str, lambda o: f"option {o}") == (
        "option a (long name) scores 10.0 points (out of 100) more than option b (long name). "
        "Its lead comes from c2 (30.0 points). Option b is stronger on c1 (20.0 points)."
    )
    # each part its own value rounded; equal parts said together, each and in total
    h = narrative.head_to_head(
        {"x": 1.04, "y": 1.06, "z": 1.04}, {"x": 0.0, "y": 0.0, "z": 0.0}, "a", "b"
    )
    text = h.sentence(str.upper, str)
    assert text == (
        "A scores 3.1 points (out of 100) more than B. Its lead comes from y (1.1 points) and x "
        "and z (1.0 points each, 2.1 in all). Each part is rounded on its own."
    )
    # equal parts are never shown unequal; when the parts shown miss the lead, it says so
    h = narrative.head_to_head(
        {"x": 1.04, "y": 1.04, "z": 1.04}, {"x": 0.0, "y": 0.0, "z": 0.0}, "a", "b"
    )
    text = h.sentence(str.upper, str)
    assert (
        text == "A scores 3.1 points (out of 100) more than B. Its lead comes from x, y and z (1.0 "
        "points each, 3.1 in all)."
    )
    assert h.largest_reason() == "x"
    # a tie overall: the second's gains are said as gains, for a group too
    h = narrative.head_to_head(
        {"x": 10.0, "y": 0.0, "z": 0.0}, {"x": 0.0, "y": 5.0, "z": 5.0}, "a", "b"
    )
    assert h.sentence(str.upper, str) == (
        "A and B score the same overall. A is stronger on x (10.0 points). B is stronger on y and "
        "z (5.0 points each, 10.0 in all)."
    )


def test_apportion_keeps_totals():
    rng = np.random.default_rng(1)
    for _ in range(200):
        v = list(rng.normal(0, 5, 7))
        shown = apportion(v)
        pos = round(sum(x for x in v if x > 0), 1)
        neg = round(sum(x for x in v if x < 0), 1)
        assert round(sum(x for x in shown if x > 0), 1) == pos
        assert round(sum(x for x in shown if x < 0), 1) == neg


def test_shares_never_round_to_what_did_not_happen():
    assert pct(0.001) == "fewer than 1%" and pct(0.999) == "more than 99%"
    assert pct(0) == "0%" and pct(1) == "100%" and pct(0.84) == "84%"


def test_weights_are_attributed_never_owned():
    n = _build(p_ahead=0.99, smaa_first=0.9, favourites={"Commissioner": ["a"], "Unions": ["b"]})
    text = " ".join((n.headline, *n.reasons, *n.caveats, *n.tests))
    assert "inferred from the Commissioner's record" in text
    assert "Commissioner's weights" not in text and "preferred by" not in text
    assert n.dissent == (
        "Under the weights this appraisal inferred from Unions' record, B comes first instead.",
    )
    e = _build(p_ahead=0.99, smaa_first=0.9, basis="elicited")
    assert "elicited from the Commissioner" in e.headline


def test_common_ground_words_say_modelled_not_stated():
    n = _build(p_ahead=0.99, smaa_first=0.9, common_ground=False)
    last = n.caveats[-1]
    assert "weights modelled from each party's record" in last and "stated limits" not in last


def test_a_long_head_to_head_names_the_largest_parts_and_still_adds_up():
    a = {f"c{j:02d}": 2.0 + 0.13 * j for j in range(20)}
    b = {f"c{j:02d}": (1.0 if j < 14 else 2.5 + 0.13 * j) for j in range(20)}
    h = narrative.head_to_head(a, b, "a", "b")
    text = h.sentence(str.upper, str)
    named = narrative.NAMED_PARTS - 2
    assert (
        text.count(" points)") == named and "8 other criteria (11.6 points in all)" in text
    )  # 14 ahead
    assert (
        h.lead > 0 and "B is stronger on c14, c15, c16, c17, c18 and c19 (0.5 points each" in text
    )
    assert (
        "c13 (2.7 points)" in text and "c00" not in text
    )  # the largest named, the smallest gathered
    ahead, behind = text.split(". B is stronger on ")

    def shown(side: str) -> float:  # each part: "(2.7 points)" or "(... 11.6 points in all)"
        found = re.findall(r"\(([\d.]+) points(?: in all)?\)|, ([\d.]+) in all\)", side)
        return sum(float(a or b) for a, b in found)

    assert round(shown(ahead) - shown(behind), 1) == round(h.lead, 1)  # parts add up to the lead
    assert f"{round(h.lead, 1):.1f} points" in text


def test_many_options_that_can_come_first_are_counted_the_highest_ranked_named():
    from types import SimpleNamespace

    rows = tuple(RankedOption(f"o{i:02d}", i + 1, 90.0 - i, {"c1": 90.0 - i}) for i in range(30))
    possible = ("o29", "o17", *(f"o{i:02d}" for i in range(10, 0, -1)), "o00", "o25", "o20")
    sens = SimpleNamespace(
        switching=[SimpleNamespace(option="o01", status="cannot", moved=None)],
        robust=SimpleNamespace(possibly_best=possible),
        scores=[],
    )
    n = narrative.build(
        option_label=str.upper,
        crit_name=str,
        stakeholder="Commissioner",
        ranking=Ranking("s", {"c1": 1.0}, rows),
        sensitivity=sens,
    )
    said = next(r for r in n.reasons if "can come first" in r)
    assert said.endswith(
        "15 of the 30 options can come first, the 5 ranked highest of them being O00, O01, "
        "O02, O03 and O04; the other 15 cannot."
    )


def test_the_largest_reason_is_the_criterion_the_sentence_names_first():
    h = narrative.head_to_head({"c1": 30.0, "c2": 30.0}, {"c1": 50.0, "c2": 0.0}, "a", "b")
    assert h.largest_reason() == "c2"  # "Its lead comes from c2 (30.0 points). B is stronger ..."
    a = {f"c{j:02d}": 2.0 + 0.13 * j for j in range(20)}
    b = {f"c{j:02d}": (1.0 if j < 14 else 2.5 + 0.13 * j) for j in range(20)}
    h = narrative.head_to_head(a, b, "a", "b")
    assert h.largest_reason() == "c13"
    assert h.sentence(str.upper, str).split("lead comes from ", 1)[1].startswith("c13 (")
    # level on every criterion: the sentence names none
    h = narrative.head_to_head({"c1": 10.0}, {"c1": 10.0}, "a", "b")
    assert h.largest_reason() is None
