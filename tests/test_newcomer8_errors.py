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
