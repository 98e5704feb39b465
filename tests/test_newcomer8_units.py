"""Raw amounts said in their unit (newcomer 8, finding 6): the screen's threshold reasons, and
the swing questions of `options elicit`."""

from __future__ import annotations

import json

import pytest

from conftest import CRITERIA_3, TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options.present.words import amount

MONEY = (
    CRITERIA_3.replace("scale = [0, 200]", 'scale = [0, 200]\nunit = "£k"')
    + """
[requirements.budget]
name = "Within the financial plan"
criterion = "cost"
max = 120
"""
)


@pytest.fixture(autouse=True)
def _wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # no cell wraps


def test_amounts_are_written_as_a_council_paper_writes_them():
    assert amount(1850, "£k") == "£1,850k"
    assert amount(1.3, "£m") == "£1.3m"
    assert amount(-5, "£k") == "-£5k"
    assert amount(40, "£") == "£40"
    assert amount(12, "months") == "12 months"
    assert amount(40, "%") == "40%"
    assert amount(1850, "") == "1,850"


def test_a_threshold_on_money_is_reasoned_in_money(tmp_path, run):
    # alpha costs 150 (fails at most 120), beta 50, gamma 100 with a range reaching 130
    options = dict(TINY_OPTIONS)
    options["gamma"] = options["gamma"].replace(
        "cost = 100", "cost = { value = 100, low = 80, high = 130 }"
    )
    ws = write_workspace(tmp_path / "ws", criteria=MONEY, options=options, weights=TINY_WEIGHTS)
    res = run("screen", "-p", str(ws))
    assert res.exit_code == 0, res.stderr
    assert "Cost is £150k, against a maximum of £120k" in res.stdout
    assert "Cost is £100k, against a maximum of £120k passes at its score; could fail " in (
        " ".join(res.stdout.split())
    )
    assert "could fail within its range (£80k to £130k)" in " ".join(res.stdout.split())
    doc = json.loads(run("screen", "-p", str(ws), "-f", "json").stdout)
    gamma = next(o for o in doc["options"] if o["option"] == "gamma")["reasons"]["budget"]
    assert gamma["reason"] == "Cost is £100k, against a maximum of £120k"
    # without a unit, the screen's own words
    plain = MONEY.replace('unit = "£k"\n', "")
    ws = write_workspace(tmp_path / "plain", criteria=plain, options=options, weights=TINY_WEIGHTS)
    assert "scores 150 on Cost against a maximum of 120" in run("screen", "-p", str(ws)).stdout


def test_elicit_says_each_swing_and_gain_in_the_criterion_amounts(tmp_path, run):
    criteria = CRITERIA_3.replace("scale = [0, 200]", 'scale = [0, 200]\nunit = "£k"')
    ws = write_workspace(tmp_path / "ws", criteria=criteria, options=TINY_OPTIONS)
    answers = tmp_path / "answers.txt"
    answers.write_text("1 3 2\n50-70\n\na\nstop\n")
    res = run("elicit", "-p", str(ws), "board", "--answers", str(answers))
    assert res.exit_code == 0, res.stderr
    out = " ".join(res.stdout.split())
    assert "2. Cost (from £200k to £0k on its scale)" in out
    assert "3. Speed (from 0 to 10 on its scale)" in out
    # 100 points of cost's 0-200 £k are all of it; 45 points of quality's 0-100 are 45
    assert (
        "Question 1. Option A gains 100 points (of 100) on Cost (a gain here is less of it), "
        "from £200k to £0k; option B gains 45 points on Quality, from 0 to 45." in out
    )
