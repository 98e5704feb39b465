"""Typed weights that break the stakeholder's own statements: validate says by how much in the
terms used elsewhere (points of value or of weight, out of 100; swing ratings), and with a
tolerance in [constraints] blames the typed weights, not the tolerance (newcomer 8, finding 5).

The tiny workspace's values (0-100): alpha (80, 25, 50), beta (40, 75, 80), gamma (60, 50, 20)
on quality, cost (reversed) and speed."""

from __future__ import annotations

import json

import pytest

from conftest import TINY_OPTIONS, write_workspace

QUALITY_FIRST = 'name = "Cabinet"\n[weights]\nquality = 6\ncost = 3\nspeed = 1\n'
ORDER = '\n[[statements]]\ncriteria_order = ["speed", "quality"]\nsource = "Cabinet, 3 May"\n'


@pytest.fixture(autouse=True)
def _piped(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)


def _ws(tmp_path, text):
    return write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights={"cabinet": text})


def _error(run, ws) -> str:
    res = run("validate", "-p", str(ws))
    assert res.exit_code == 1
    assert res.stderr.splitlines()[-1] == "1 problem found."
    return res.stderr.splitlines()[0]


def test_an_order_is_broken_by_points_of_weight(tmp_path, run):
    # weights 6 : 3 : 1 are 60, 30 and 10 points out of 100
    assert _error(run, _ws(tmp_path, QUALITY_FIRST + ORDER)) == (
        "error: weights/cabinet.toml: statement 1: the stakeholder's own weights break it: it "
        "says speed weighs at least as much as quality, but those weights give speed 10.0 "
        "points of weight (out of 100) and quality 60.0"
    )


def test_check_counts_the_same_points_of_weight(tmp_path, run):
    # the nearest weights with speed >= quality: both 35, moving 25 of quality's 60 to speed
    res = run("check", "-p", str(_ws(tmp_path, QUALITY_FIRST + ORDER)), "-f", "json")
    (found,) = [f for f in json.loads(res.stdout)["findings"] if f["where"].startswith("weights")]
    assert found["code"] == "weights-break-statements"
    assert "moving 25.0 points of weight (out of 100) would honour them all." in found["message"]


def test_a_preference_is_broken_by_points_of_value(tmp_path, run):
    even = 'name = "Cabinet"\n[weights]\nquality = 1\ncost = 1\nspeed = 1\n'
    said = '\n[[statements]]\nprefer = ["alpha", "beta"]\nsource = "Cabinet, 3 May"\n'
    # even weights: alpha (80 + 25 + 50) / 3 = 51.67, beta (40 + 75 + 80) / 3 = 65.00
    assert _error(run, _ws(tmp_path, even + said)).endswith(
        "break it: it says alpha is preferred to beta, but at those weights alpha is 13.3 "
        "points of value (out of 100) behind beta"
    )


def test_a_swing_is_broken_by_its_ratings(tmp_path, run):
    said = '\n[[statements]]\nswing = { quality = 100, speed = [40, 60] }\nsource = "Cabinet"\n'
    # speed 0.1 against quality 0.6: 100 x 0.1 / 0.6 = 16.7 on the ratings' scale
    assert _error(run, _ws(tmp_path, QUALITY_FIRST + said)).endswith(
        "break it: it rates the swings quality 100, speed 40-60, but those weights rate them "
        "quality 100, speed 16.7 (the largest 100)"
    )


def test_with_a_tolerance_the_typed_weights_are_blamed(tmp_path, run):
    text = QUALITY_FIRST + "[constraints]\ntolerance = 0.10\n" + ORDER
    ws = _ws(tmp_path, text)
    line = _error(run, ws)
    assert line.startswith(
        "error: weights/cabinet.toml: statement 1: the stakeholder's own weights break it: it "
        "says speed weighs at least as much as quality, but those weights give speed 10.0"
    )
    assert line.endswith(
        "; change the weights (the tolerance 0.10 in [constraints] keeps the weights the "
        "stakeholder would accept within 0.10 of them)"
    )
    assert "cannot all hold" not in line
    res = run("rank", "-p", str(ws), "-w", "cabinet")
    assert res.exit_code == 1 and "statement 1: the stakeholder's own weights" in res.stderr
    res = run("check", "-p", str(ws), "-f", "json")
    (found,) = [f for f in json.loads(res.stdout)["findings"] if f["where"].startswith("weights")]
    assert found["code"] == "weights-break-statements"
    assert found["message"].endswith(
        "moving 25.0 points of weight (out of 100) would honour them all, more than the "
        "tolerance in its [constraints] allows."
    )


def test_without_a_tolerance_limits_that_conflict_are_still_named(tmp_path, run):
    # speed <= 0.2 and speed >= cost >= quality leave the weights at most 0.6 in all: the
    # [constraints] and the statement cannot hold together, whatever the typed weights
    text = QUALITY_FIRST + "[constraints]\nbounds = { speed = [0, 0.2] }\n"
    text += '\n[[statements]]\ncriteria_order = ["speed", "cost", "quality"]\nsource = "S"\n'
    line = _error(run, _ws(tmp_path, text))
    assert "cannot all hold" in line and "the weight limits in [constraints]" in line
