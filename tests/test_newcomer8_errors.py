"""Rough edges of error messages a council officer met (newcomer 8, finding 11): a mistyped
option id gets a suggestion as a mistyped stakeholder does."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _piped(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)


def test_a_mistyped_option_is_suggested_as_a_stakeholder_is(tiny, run):
    res = run("risks", "-p", str(tiny), "gama")
    assert res.exit_code == 1
    assert res.stderr.strip().endswith(
        "no option 'gama' in options/ (known: alpha, beta, gamma); did you mean 'gamma'?"
    )
    res = run("rank", "-p", str(tiny), "-w", "evn")
    assert res.stderr.strip().endswith("did you mean 'even'?")
    res = run("risks", "-p", str(tiny), "zzz")  # nothing close: the known ids alone
    assert res.stderr.strip().endswith("(known: alpha, beta, gamma)")


def _weights(tiny, text: str | bytes):
    path = tiny / "weights" / "even.toml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return tiny


def test_a_per_cent_sign_is_met_by_saying_a_weight_is_a_number(tiny, run):
    res = run("validate", "-p", str(_weights(tiny, 'name = "Even"\n[weights]\nquality = 40%\n')))
    assert res.exit_code == 1
    (line, _) = res.stderr.splitlines()
    assert line.startswith("error: weights/even.toml: TOML syntax error: ")
    assert "line 3" in line
    assert line.endswith('; a weight or score is a number: write 40, not 40% or "40%"')
    text = 'name = "Even"\n[weights]\nquality = 12.5 %  # of the total\ncost = 1\nspeed = 1\n'
    res = run("validate", "-p", str(_weights(tiny, text)))
    assert res.stderr.splitlines()[0].endswith('write 12.5, not 12.5% or "12.5%"')
    # quoted, it is text: the message says what to write
    text = 'name = "Even"\n[weights]\nquality = "40%"\ncost = 1\nspeed = 1\n'
    res = run("validate", "-p", str(_weights(tiny, text)))
    assert res.stderr.splitlines()[0] == (
        'error: weights/even.toml: weights.quality: must be a number: write 40, not "40%" '
        "(no quotes, no %)"
    )


def test_other_syntax_errors_are_left_as_they_were(tiny, run):
    res = run("validate", "-p", str(_weights(tiny, 'name = "40%"\n[weights]\nquality = £4\n')))
    assert "a weight or score is a number" not in res.stderr
