"""The certainty rules of narrative.py, each exercised on constructed results."""

from __future__ import annotations

from delivery_options.methods.smaa import LeadUnderScores
from delivery_options.methods.value import RankedOption, Ranking
from delivery_options.paper import narrative


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
        stakeholder="S",
        ranking=_ranking(a, b),
        lead_scores=lead,
        smaa_first=smaa_first,
        smaa_samples=1000,
        **kw,
    )


def test_clear_only_when_every_test_passes():
    assert _build(p_ahead=0.99, smaa_first=0.9).status == "clear"
    assert _build(p_ahead=0.99, smaa_first=0.9).headline.startswith("A is recommended")


def test_scores_reversing_often_is_too_close():
    assert _build(p_ahead=0.79, smaa_first=0.9).status == "too close to call"
    assert _build(p_ahead=0.90, smaa_first=0.9).status == "close"


def test_smaa_thresholds():
    assert _build(p_ahead=0.99, smaa_first=0.49).status == "too close to call"
    assert _build(p_ahead=0.99, smaa_first=0.70).status == "close"


def test_exact_tie_is_too_close():
    assert _build(a=55.0, b=55.0).status == "too close to call"


def test_head_to_head_sentence_by_hand():
    h = narrative.head_to_head({"c1": 30.0, "c2": 30.0}, {"c1": 50.0, "c2": 0.0}, "a", "b")
    assert h.lead == 10.0
    assert h.sentence(str.upper, str) == "A leads B by 10.0 points: +30.0 from c2, -20.0 from c1."


def test_dissent_and_common_ground_become_caveats():
    n = _build(
        p_ahead=0.99, smaa_first=0.9, favourites={"S": ["a"], "T": ["b"]}, common_ground=False
    )
    assert "T would choose B instead." in n.caveats
    assert n.dissent == ("T would choose B instead.",)
    assert any("No set of weights meets every stakeholder" in c for c in n.caveats)
