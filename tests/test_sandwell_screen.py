"""The Sandwell screen and risk registers, against answers worked by hand from the files."""

from __future__ import annotations

import pytest

from conftest import ROOT
from delivery_options.methods.check import short_list_findings
from delivery_options.methods.risks import profiles, ranked
from delivery_options.methods.screening import restrict, screen
from delivery_options.model.load import load_workspace


@pytest.fixture(scope="module")
def ws():
    return load_workspace(ROOT)


def test_requirements_come_from_the_report(ws):
    assert [r.id for r in ws.requirements] == [
        "more_than_council",
        "out_of_direct_control",
        "works_with_council",
        "someone_to_run_it",
    ]
    assert all(not r.threshold and r.source.startswith(("s16", "s18")) for r in ws.requirements)


def test_every_judgement_has_a_rationale_and_quoted_evidence(ws):
    for o in ws.options:
        assert set(o.requirements) == {r.id for r in ws.requirements}, o.id
        for rid, j in o.requirements.items():
            assert j.rationale.strip(), (o.id, rid)
            assert j.evidence and all(e.startswith(("s1", "s5")) for e in j.evidence), (o.id, rid)


def test_screen_matches_the_judgements_worked_by_hand(ws):
    """From the [requirements] tables (M = more_than_council, O = out_of_direct_control,
    W = works_with_council, R = someone_to_run_it): 1 fails M and O; 3 fails O; 4 fails W and R
    ('No obvious L.A.'); 6 fails R ('No obvious organisation in Sandwell'); 7 fails W; 2 and 5
    pass: section 18's 'only option 2 and 5', read with 'considering the options above'."""
    sc = screen(ws)
    assert sc.short_list == ("executive-commissioner", "trust-with-council")
    assert dict(sc.screened_out) == {
        "retain-commissioner": ("more_than_council", "out_of_direct_control"),
        "partner-good-authority": ("out_of_direct_control",),
        "transfer-another-authority": ("works_with_council", "someone_to_run_it"),
        "partner-charity": ("someone_to_run_it",),
        "trust-without-council": ("works_with_council",),
    }
    assert sc.could_change == ()  # no threshold requirements: nothing rests on a score's range
    assert sc.benchmarked == (
        "retain-commissioner",
        "executive-commissioner",
        "trust-with-council",
    )


def test_option_6_is_what_the_feasibility_reading_decides(ws):
    """Without someone_to_run_it (section 17's feasibility read as outside her requirements)
    option 6 passes, as in the earlier reading."""
    import dataclasses

    alt = dataclasses.replace(
        ws, requirements=tuple(r for r in ws.requirements if r.id != "someone_to_run_it")
    )
    assert screen(alt).short_list == (
        "executive-commissioner",
        "trust-with-council",
        "partner-charity",
    )


def test_registers_for_options_2_and_5_are_modelled_and_evidenced(ws):
    for oid in ("executive-commissioner", "trust-with-council"):
        reg = ws.option(oid).risk_register
        assert reg, oid
        for r in reg:
            assert r.modelled and r.evidence and r.mitigation and r.owner and r.source, r.id
            assert r.rationale.startswith("Modelled"), r.id
        # the three risks going forward in section 16 are on both registers
        assert {"case-system", "staffing", "practice-quality"} <= {r.id for r in reg}


def test_option_6_register_by_hand(ws):
    """Option 6: 4x5=20, 4x4=16, 4x3=12, 16, 16, 20 -> after 15, 12, 3x2=6, 12, 12, 15."""
    (p6,) = profiles(ws, ["partner-charity"])
    assert (p6.before.high, p6.before.medium, p6.before.low) == (5, 1, 0)
    assert (p6.before.total, p6.before.largest) == (100, 20)
    assert (p6.after.high, p6.after.medium, p6.after.low) == (2, 4, 0)
    assert (p6.after.total, p6.after.largest) == (72, 15)
    assert [r.id for r in ranked(ws.option("partner-charity").risk_register)][:2] == [
        "no-provider",
        "practice-quality",
    ]


def test_sandwell_risk_profiles_by_hand(ws):
    """Option 2: 3x4=12, 4x4=16, 4x5=20, 4x5=20 -> after 8, 12, 15, 15.
    Option 5: 16, 16, 5x3=15, 12, 16, 20 -> after 12, 12, 4x2=8, 9, 12, 15."""
    p2, p5 = profiles(ws, ["executive-commissioner", "trust-with-council"])
    assert (p2.before.high, p2.before.medium, p2.before.total, p2.before.largest) == (3, 1, 68, 20)
    assert (p2.after.high, p2.after.medium, p2.after.total, p2.after.largest) == (2, 2, 50, 15)
    assert (p5.before.high, p5.before.medium, p5.before.total, p5.before.largest) == (5, 1, 95, 20)
    assert (p5.after.high, p5.after.medium, p5.after.total, p5.after.largest) == (1, 5, 68, 15)
    order = [r.id for r in ranked(ws.option("executive-commissioner").risk_register)]
    # the tie at 20 (both impact 5, both residual 15) keeps file order
    assert order == ["practice-quality", "council-leadership", "staffing", "case-system"]


def test_sandwell_short_list_findings(ws):
    found = {f.code for f in short_list_findings(ws)}
    # business as usual fails the screen; every rejection has its reason; registers complete
    assert found == {"short-list-no-status-quo"}


def test_short_list_workspace_is_appraisable(ws):
    from delivery_options.methods.value import decision_matrix

    sub = restrict(ws, screen(ws).benchmarked)
    assert decision_matrix(sub).options == (
        "retain-commissioner",
        "executive-commissioner",
        "trust-with-council",
    )


def test_every_command_says_business_as_usual_is_screened_out_and_not_appraised(run):
    """Option 1 (retain-commissioner) is business as usual and fails two requirements: the
    screen, rank, compare, sensitivity and check all say it is off the short list, not
    appraised, and none says it is kept as the benchmark."""
    import json

    from delivery_options.appraisal import load

    app = load(ROOT)
    status = app.screen().frame("short_list").set_index("option")["status"]
    assert status["retain-commissioner"] == "business as usual: screened out, so not appraised"
    assert (status.drop("retain-commissioner") == "short-listed").all()
    assert "retain-commissioner" not in app.workspace.option_ids  # what the analyses appraise
    screen = run("screen", "-p", str(ROOT)).stdout
    assert "kept as the benchmark" not in screen and "with business as usual kept" not in screen
    assert "rank, compare and sensitivity do not appraise it" in " ".join(screen.split())
    for args in (["rank", "-w", "dfe"], ["compare"], ["sensitivity", "-w", "dfe"]):
        doc = json.loads(run(*args, "-p", str(ROOT), "-f", "json").stdout)
        assert "retain-commissioner" in [s["option"] for s in doc["screened_out"]], args
        text = run(*args, "-p", str(ROOT), "--table", "screened_out").stdout
        assert "Screened out: not on the short list, so not appraised here" in text
    found = json.loads(run("check", "-p", str(ROOT), "-f", "json").stdout)["findings"]
    (sq,) = [f for f in found if f["code"] == "short-list-no-status-quo"]
    assert "is not on the short list" in sq["message"]
