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


def test_list_fields_count_from_one_as_the_risk_ids_do(tiny, run):
    # the first risk is R1 everywhere else, and a weights file's first statement "statement 1"
    reg = (
        '\nbenefits = ["Cheap"]\n[[risk_register]]\nrisk = "Fine"\nlikelihood = 2\nimpact = 2\n'
        '\n[[risk_register]]\nrisk = "Bad"\nlikelihood = 6\nimpact = 2\n'
    )
    text = (tiny / "options" / "beta.toml").read_text().replace("[scores]", reg + "[scores]")
    (tiny / "options" / "beta.toml").write_text(text)
    res = run("validate", "-p", str(tiny))
    assert res.stderr.splitlines()[0] == (
        "error: options/beta.toml: risk_register[2].likelihood: must be a whole number from 1 "
        "to 5, not 6"
    )
    (tiny / "options" / "beta.toml").write_text(text.replace("likelihood = 6", "likelihood = 3"))
    res = run("validate", "-p", str(tiny))
    assert "warning: options/beta.toml: benefits[1]: 'Cheap' maps to no criterion" in res.stdout
    (tiny / "weights" / "even.toml").write_text(
        'name = "Even"\n[weights]\nquality = 1\ncost = 1\nspeed = 1\n'
        '[constraints]\norder = [["quality", "cost"], ["speed", "colour"]]\n'
    )
    res = run("validate", "-p", str(tiny))
    assert res.stderr.startswith(
        "error: weights/even.toml: constraints.order[2]: unknown criterion 'colour'"
    )
