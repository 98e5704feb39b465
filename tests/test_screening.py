"""Screening against must-meet requirements: worked answers on a small workspace."""

from __future__ import annotations

import pytest

from conftest import CRITERIA_3, TINY_OPTIONS, write_workspace
from delivery_options.errors import OptionsError
from delivery_options.methods.screening import restrict, screen
from delivery_options.model.load import load_workspace

REQUIREMENTS = """
[requirements.legal]
name = "Lawful"
source = "statute"

[requirements.good_enough]
name = "Quality of at least 50"
criterion = "quality"
min = 50

[requirements.affordable]
name = "Costs no more than 120"
criterion = "cost"
max = 120
"""

# quality 0-100 (benefit), cost 0-200 (cost), speed 0-10
SCREEN_OPTIONS = {
    # passes both thresholds at its scores, but its cost range (90-130) reaches above 120
    "alpha": """name = "Alpha"
number = 1
[scores]
quality = { value = 80, low = 70, high = 90 }
cost = { value = 110, low = 90, high = 130, evidence = ["quote"] }
speed = 5
[requirements]
legal = true
""",
    # fails quality at 45, but its range (40-55) reaches 50
    "beta": """name = "Beta"
number = 2
[scores]
quality = { value = 45, low = 40, high = 55 }
cost = 50
speed = 8
[requirements]
legal = { meets = true, rationale = "Within the statute" }
""",
    # passes both thresholds at every score in range; fails the judged requirement
    "gamma": """name = "Gamma"
number = 3
[scores]
quality = 60
cost = 100
speed = 2
[requirements]
legal = { meets = false, rationale = "Breaks the statute", evidence = ["s1: 'not allowed'"] }
""",
    # business as usual fails everything, whatever its range
    "delta": """name = "Delta"
number = 4
status_quo = true
[scores]
quality = { value = 30, low = 20, high = 40 }
cost = 150
speed = 1
[requirements]
legal = false
""",
    # exactly on both thresholds at the unfavourable end of its ranges: a robust pass
    "epsilon": """name = "Epsilon"
number = 5
[scores]
quality = { value = 50, low = 50, high = 60 }
cost = { value = 120, low = 100, high = 120 }
speed = 3
[requirements]
legal = { meets = true }
""",
}


@pytest.fixture
def screened(tmp_path):
    root = write_workspace(
        tmp_path / "s", criteria=CRITERIA_3 + REQUIREMENTS, options=SCREEN_OPTIONS
    )
    return load_workspace(root)


def test_screen_worked_answer(screened):
    sc = screen(screened)
    assert sc.requirements == ("legal", "good_enough", "affordable")
    assert sc.short_list == ("alpha", "epsilon")
    assert dict(sc.screened_out) == {
        "beta": ("good_enough",),
        "gamma": ("legal",),
        "delta": ("legal", "good_enough", "affordable"),
    }
    # alpha could fail on cost; beta could pass on quality, its only failure
    assert sc.could_change == ("alpha", "beta")
    assert sc.status_quo == ("delta",)
    assert sc.benchmarked == ("alpha", "delta", "epsilon")


def test_threshold_passes_at_score_but_could_fail_within_range(screened):
    alpha = screen(screened).option("alpha")
    quality, cost = alpha.results[1], alpha.results[2]
    assert quality.passes and not quality.could_change and quality.range_note == ""
    assert quality.reason == "scores 80 on Quality against a minimum of 50"
    assert cost.passes and cost.could_change and cost.threshold
    assert cost.reason == "scores 110 on Cost against a maximum of 120"
    assert cost.range_note == "passes at its score; could fail within its range (90-130)"
    assert cost.evidence == ("quote",)
    assert alpha.passes and alpha.could_change


def test_threshold_fails_at_score_but_could_pass_within_range(screened):
    beta = screen(screened).option("beta")
    quality = beta.results[1]
    assert not quality.passes and quality.could_change
    assert quality.range_note == "fails at its score; could pass within its range (40-55)"
    assert not beta.passes and beta.could_change and beta.failed == ("good_enough",)


def test_threshold_boundaries_and_robust_results(screened):
    sc = screen(screened)
    eps = sc.option("epsilon")  # 50 >= 50 and 120 <= 120, low/high exactly on the bounds
    assert eps.passes and not eps.could_change
    delta = sc.option("delta")  # 20-40 all below 50; 150 above 120
    assert not any(r.could_change for r in delta.results) and not delta.could_change


def test_judged_requirement_reason_and_evidence(screened):
    gamma = screen(screened).option("gamma")
    legal = gamma.results[0]
    assert (legal.passes, legal.reason, legal.evidence) == (
        False,
        "Breaks the statute",
        ("s1: 'not allowed'",),
    )
    assert not legal.threshold and not gamma.could_change  # a judgement has no range


def test_no_requirements_everyone_passes(tiny):
    ws = load_workspace(tiny)
    sc = screen(ws)
    assert ws.requirements == () and sc.requirements == ()
    assert sc.short_list == ws.option_ids == ("alpha", "beta", "gamma")
    assert dict(sc.screened_out) == {} and sc.could_change == ()
    assert all(o.requirements == {} and o.risk_register == () for o in ws.options)


def test_restrict_keeps_workspace_order(screened):
    sub = restrict(screened, ["epsilon", "alpha"])
    assert sub.option_ids == ("alpha", "epsilon")
    assert sub.criteria == screened.criteria and sub.requirements == screened.requirements
    assert screened.option_ids == ("alpha", "beta", "gamma", "delta", "epsilon")  # unchanged
    with pytest.raises(KeyError):
        restrict(screened, ["alpha", "zeta"])


def _problems(tmp_path, criteria: str, options: dict[str, str]) -> set[str]:
    root = write_workspace(tmp_path / "bad", criteria=criteria, options=options)
    with pytest.raises(OptionsError) as err:
        load_workspace(root)
    return {str(p) for p in err.value.problems}


def test_loader_reports_every_bad_judgement(tmp_path):
    scores = "[scores]\nquality = 60\ncost = 100\nspeed = 2\n"
    problems = _problems(
        tmp_path,
        CRITERIA_3 + REQUIREMENTS,
        {
            "none": 'name = "None"\n' + scores,
            "unknown": 'name = "U"\n' + scores + "[requirements]\nlegal = true\nnope = true\n",
            "typed": 'name = "T"\n' + scores + '[requirements]\nlegal = "yes"\n',
            "nomeets": 'name = "N"\n' + scores + '[requirements]\nlegal = { rationale = "r" }\n',
            "byhand": 'name = "B"\n'
            + scores
            + "[requirements]\nlegal = true\ngood_enough = true\n",
            "extra": 'name = "E"\n'
            + scores
            + '[requirements]\nlegal = { meets = true, why = "r", evidence = [1] }\n',
        },
    )
    assert problems == {
        "options/none.toml: requirements.legal: missing: every option is judged on every requirement",
        "options/unknown.toml: requirements.nope: unknown requirement (not in criteria.toml); "
        "known: legal, good_enough, affordable",
        "options/typed.toml: requirements.legal: must be true, false or "
        '{ meets = true, rationale = "..." }',
        "options/nomeets.toml: requirements.legal.meets: is required: true or false",
        "options/byhand.toml: requirements.good_enough: is decided from scores.quality; "
        "do not judge it by hand",
        "options/extra.toml: requirements.legal.why: unknown field "
        "(expected one of: evidence, meets, rationale)",
        "options/extra.toml: requirements.legal.evidence: must be a list of text",
    }


def test_loader_reports_every_bad_requirement(tmp_path):
    criteria = (
        CRITERIA_3
        + """
[requirements.unnamed]
description = "no name"
[requirements.both]
name = "Both"
criterion = "quality"
min = 10
max = 90
[requirements.where]
name = "Where"
criterion = "colour"
min = 1
[requirements.outside]
name = "Outside"
criterion = "speed"
min = 11
[requirements.loose]
name = "Loose"
max = 5
[requirements.Legal]
name = "Lawful"
[requirements.LEGAL]
name = "Clash"
"""
    )
    problems = _problems(
        tmp_path, criteria, {"a": TINY_OPTIONS["alpha"] + "[requirements]\nLegal = true\n"}
    )
    assert problems == {
        "criteria.toml: requirements.unnamed.name: is required",
        "criteria.toml: requirements.both: a threshold needs exactly one of min or max",
        "criteria.toml: requirements.where.criterion: unknown criterion 'colour'; "
        "known: quality, cost, speed",
        "criteria.toml: requirements.outside.min: 11 is outside the criterion's scale [0, 10]",
        'criteria.toml: requirements.loose.max: needs criterion = "<id>" to say which score',
        "criteria.toml: requirements.LEGAL: clashes with requirement 'Legal' (ids ignore case and Unicode normalisation)",
        # 'unnamed' is still a judged requirement, so the option is asked for it
        "options/a.toml: requirements.unnamed: missing: every option is judged on every requirement",
    }
