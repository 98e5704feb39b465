"""Findings of a fifth fresh adversarial run against issue 22 (a stranger's workspace). Each test
documents one bug found by the run and fails on the code before its fix."""

from __future__ import annotations

import pytest

# a swing rated 99.99999999 against 100: consistent (equal weights satisfy both rows), but the
# two rows differ by less than the 1e-9 the Chebyshev centre uses to call a row tight
# (in the value tree `options init --tree` writes: costs is an objective, speed a criterion)
THIN = """name = "Thin"
[[statements]]
source = "minutes"
swing = { costs = 100, speed = [99.99999999, 100] }
[[statements]]
source = "minutes"
criteria_order = ["cost", "benefits"]
"""


@pytest.fixture
def thin(tmp_path, run):
    root = tmp_path / "ws"
    assert run("init", "--tree", str(root)).exit_code == 0
    (root / "weights" / "example.toml").unlink()
    (root / "weights" / "thin.toml").write_text(THIN, encoding="utf-8")
    return root


@pytest.mark.parametrize("args", [("validate",), ("infer", "-w", "thin"), ("check",)])
def test_a_razor_thin_consistent_record_is_inferred_not_a_traceback(thin, run, args):
    """Adversary 5, finding 2: the margin LP found the statements consistent, then the centre's
    LP, with both near-tight rows made equalities, was infeasible and a RuntimeError escaped."""
    res = run(*args, "-p", str(thin))
    assert res.exit_code == 0, res.output + res.stderr
    assert "Traceback" not in res.output + res.stderr


def test_the_thin_record_s_inferred_weights_honour_it(thin):
    """The weights inferred are a point of the statements' closure: the costs objective (its
    one criterion, cost) and speed within 1e-6 of equal (the swing), summing to 1."""
    from delivery_options import Appraisal

    w = Appraisal.open(thin).stakeholder("thin").weights
    assert sum(w.values()) == pytest.approx(1.0)
    assert w["speed"] == pytest.approx(w["cost"], abs=1e-6)
    assert w["speed"] >= 0.99999999 * w["cost"] - 1e-9


def test_a_swing_range_too_narrow_for_six_figures_is_shown_whole(thin, run):
    """Adversary 5, finding 2: the statement was described as 'Speed 100-100', hiding the end
    that makes the record thin."""
    res = run("infer", "-w", "thin", "-p", str(thin))
    assert "99.99999999-100" in res.output
    assert "100-100" not in res.output
