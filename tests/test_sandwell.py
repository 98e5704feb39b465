"""The bundled Sandwell appraisal: complete, evidenced, and face-valid."""

from __future__ import annotations

import pytest

from conftest import ROOT
from delivery_options.appraisal import load
from delivery_options.methods.value import decision_matrix, rank_options, weight_vector
from delivery_options.model.load import unmapped_statements

REQUIRED_STAKEHOLDERS = {
    "commissioner",
    "council",
    "unions",
    "dfe",
    "partnership",
    "staff",
    "children-families",
}


@pytest.fixture(scope="module")
def sandwell():
    app = load(ROOT)
    return app.long_list, app.stakeholders()


def test_seven_options_numbered_as_in_the_report(sandwell):
    ws, _ = sandwell
    assert [o.number for o in ws.options] == [1, 2, 3, 4, 5, 6, 7]
    assert sum(o.status_quo for o in ws.options) == 1


def test_every_benefit_and_risk_maps_to_a_criterion(sandwell):
    ws, _ = sandwell
    assert unmapped_statements(ws) == []
    assert all(o.benefits and o.risks for o in ws.options)


def test_every_score_has_rationale_evidence_and_range(sandwell):
    ws, _ = sandwell
    for o in ws.options:
        for cid, s in o.scores.items():
            assert s.rationale.strip(), (o.id, cid)
            assert s.evidence, (o.id, cid)
            assert s.low < s.value < s.high or s.low < s.high, (o.id, cid)


def test_every_criterion_is_used_by_some_statement(sandwell):
    ws, _ = sandwell
    used = {c for o in ws.options for s in (*o.benefits, *o.risks) for c in s.criteria}
    assert used == set(ws.criterion_ids)


def test_stakeholders_present_with_rationale(sandwell):
    _, sts = sandwell
    assert {s.id for s in sts} >= REQUIRED_STAKEHOLDERS
    assert all(len(s.rationale) > 200 for s in sts)


def test_face_validity_commissioner_ranks_options_2_and_5_first(sandwell):
    """Section 18: 'only option 2 and 5 will meet those requirements'."""
    ws, sts = sandwell
    com = next(s for s in sts if s.id == "commissioner")
    dm = decision_matrix(ws)
    rk = rank_options(dm, weight_vector(dm.criteria, com))
    top_two = {ws.option(r.option).number for r in rk.rows[:2]}
    assert top_two == {2, 5}
    assert rk.rows[1].score > rk.rows[2].score


def test_commissioner_scores_by_hand(sandwell):
    """Option 5 under the commissioner's weights, worked by hand from the files:
    .25*70 + .25*80 + .20*70 + .10*40 + .10*(100-70) + .05*65 + .05*60 = 64.75."""
    ws, sts = sandwell
    com = next(s for s in sts if s.id == "commissioner")
    dm = decision_matrix(ws)
    rk = rank_options(dm, weight_vector(dm.criteria, com))
    assert rk.row("trust-with-council").score == pytest.approx(64.75)
