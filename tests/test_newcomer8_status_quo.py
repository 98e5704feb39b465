"""One business-as-usual option per long list: two marked `status_quo = true` is a problem
for `options validate`, one line for each file, naming the other (newcomer 8, finding 8)."""

from __future__ import annotations

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace


@pytest.fixture(autouse=True)
def _piped(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)


def _marked(tmp_path, *ids):
    options = {
        k: v.replace("[scores]", "status_quo = true\n[scores]") if k in ids else v
        for k, v in TINY_OPTIONS.items()
    }
    return write_workspace(tmp_path / "ws", options=options, weights=TINY_WEIGHTS)


def test_two_business_as_usual_options_are_a_problem_naming_both(tmp_path, run):
    ws = _marked(tmp_path, "alpha", "gamma")
    res = run("validate", "-p", str(ws))
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [
        "error: options/alpha.toml: status_quo: options/gamma.toml is also marked as business "
        "as usual; only one option may be (status_quo = true in one file)",
        "error: options/gamma.toml: status_quo: options/alpha.toml is also marked as business "
        "as usual; only one option may be (status_quo = true in one file)",
        "2 problems found.",
    ]
    res = run("rank", "-p", str(ws), "-w", "even")
    assert res.exit_code == 1
    assert res.stderr.startswith("error: options/alpha.toml: status_quo: options/gamma.toml")


def test_three_are_named_together_and_one_is_fine(tmp_path, run):
    res = run("validate", "-p", str(_marked(tmp_path, "alpha", "beta", "gamma")))
    assert res.exit_code == 1
    first = res.stderr.splitlines()[0]
    assert first.startswith(
        "error: options/alpha.toml: status_quo: options/beta.toml and options/gamma.toml are "
        "also marked as business as usual"
    )
    assert res.stderr.splitlines()[-1] == "3 problems found."
    res = run("validate", "-p", str(_marked(tmp_path / "one", "beta")))
    assert res.exit_code == 0, res.stderr
