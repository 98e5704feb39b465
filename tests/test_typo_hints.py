"""A misspelt id gets a hint: the close one it may have meant, or the ids there are."""

from __future__ import annotations

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace


@pytest.fixture(autouse=True)
def _piped(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)


def _errors(run, ws) -> list[str]:
    res = run("validate", "-p", str(ws))
    assert res.exit_code == 1
    return [line for line in res.stderr.splitlines() if line.startswith("error:")]


def test_a_misspelt_criterion_in_an_options_scores(tmp_path, run):
    opts = dict(TINY_OPTIONS, beta=TINY_OPTIONS["beta"].replace("quality =", "qualty ="))
    ws = write_workspace(tmp_path / "ws", options=opts, weights=TINY_WEIGHTS)
    assert _errors(run, ws)[0] == (
        "error: options/beta.toml: scores.qualty: unknown criterion (not in criteria.toml); "
        "did you mean 'quality'?"
    )
    opts = dict(TINY_OPTIONS, beta=TINY_OPTIONS["beta"].replace("quality =", "zzz ="))
    ws = write_workspace(tmp_path / "far", options=opts, weights=TINY_WEIGHTS)
    assert _errors(run, ws)[0].endswith(
        "scores.zzz: unknown criterion (not in criteria.toml); known: quality, cost, speed"
    )


def test_a_misspelt_criterion_in_a_weights_file(tmp_path, run):
    weights = dict(TINY_WEIGHTS, even=TINY_WEIGHTS["even"].replace("speed =", "sped ="))
    ws = write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=weights)
    assert (
        "error: weights/even.toml: weights.sped: unknown criterion (not in criteria.toml); "
        "did you mean 'speed'?"
    ) in _errors(run, ws)


def test_a_misspelt_option_in_a_statement(tmp_path, run):
    said = (
        'name = "Said"\n[[statements]]\nprefer = ["alpah", "beta"]\nsource = "a meeting"\n'
        '[[statements]]\nprefer = ["nothing-like-it", "beta"]\nsource = "a meeting"\n'
    )
    ws = write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights={"said": said})
    assert _errors(run, ws)[:2] == [
        "error: weights/said.toml: statement 1, prefer, item 1: unknown option 'alpah'; "
        "did you mean 'alpha'?",
        "error: weights/said.toml: statement 2, prefer, item 1: unknown option 'nothing-like-it'; "
        "known: alpha, beta, gamma",
    ]


def test_the_hint_names_at_most_eight_ids():
    from delivery_options.model.toml import hint

    assert hint("Qualty", ["quality", "cost"]) == "; did you mean 'quality'?"
    assert hint("x", [f"c{i}" for i in range(8)]) == "; known: " + ", ".join(
        f"c{i}" for i in range(8)
    )
    assert hint("x", [f"c{i}" for i in range(9)]) == ""
    assert hint(3, ["a"]) == "; known: a"  # not text: no guess, but the ids
