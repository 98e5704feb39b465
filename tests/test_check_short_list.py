"""The short-list and risk-register findings of `options check`, present and absent."""

from __future__ import annotations

from conftest import CRITERIA_3, write_workspace
from delivery_options.methods.check import check, short_list_findings
from delivery_options.methods.value import decision_matrix
from delivery_options.model.load import load_workspace

REQS = '\n[requirements.legal]\nname = "Lawful"\n'
SCORES = "[scores]\nquality = 60\ncost = 100\nspeed = 2\n"
HIGH = "[[risk_register]]\nrisk = 'Big'\nlikelihood = 5\nimpact = 3\n"  # 15: high
MANAGED = "mitigation = 'Plan'\nowner = 'Director'\n"


def _option(name: str, judgement: str, extra: str = "", status_quo: bool = False) -> str:
    sq = "status_quo = true\n" if status_quo else ""
    return f'name = "{name}"\n{sq}{SCORES}[requirements]\nlegal = {judgement}\n{extra}'


def _findings(tmp_path, options: dict[str, str], criteria: str = CRITERIA_3 + REQS):
    ws = load_workspace(write_workspace(tmp_path / "w", criteria=criteria, options=options))
    return ws, short_list_findings(ws)


def test_each_finding_present(tmp_path):
    ws, found = _findings(
        tmp_path,
        {
            "bau": _option("BAU", '{ meets = false, rationale = "Unlawful now" }', status_quo=True),
            "bare": _option("Bare", "false"),  # rejected with no reason
            "new": _option("New", "true"),  # short-listed, no register
            "risky": _option("Risky", "false", HIGH + "id = 'R9'\n"),  # high, no mitigation/owner
        },
    )
    got = [(f.code, f.where) for f in found]
    assert got == [
        ("short-list-no-status-quo", "criteria.toml: requirements"),
        ("unrecorded-rejection", "options/bare.toml: requirements"),
        ("unrecorded-rejection", "options/risky.toml: requirements"),
        ("no-risk-register", "options/new.toml"),
        ("high-risk-unmanaged", "options/risky.toml: risk_register[1]"),
    ]
    msg = {f.where: f.message for f in found}
    assert msg["options/risky.toml: risk_register[1]"] == (
        "Risky: high risk R9 (score 15) has no mitigation and no owner."
    )
    assert all(f.why and f.reference for f in found)
    # and they are part of the full check
    codes = {f.code for f in check(ws, decision_matrix(ws), ())}
    assert {"short-list-no-status-quo", "no-risk-register", "high-risk-unmanaged"} <= codes


def test_no_alternative_on_the_short_list(tmp_path):
    _, found = _findings(
        tmp_path,
        {
            "bau": _option("BAU", "true", HIGH + MANAGED, status_quo=True),
            "alt": _option("Alt", '{ meets = false, rationale = "No partner" }'),
        },
    )
    assert [f.code for f in found] == ["short-list-no-alternative"]


def test_each_finding_absent(tmp_path):
    _, found = _findings(
        tmp_path,
        {
            "bau": _option("BAU", "true", HIGH + MANAGED, status_quo=True),
            "alt": _option("Alt", "true", HIGH + MANAGED),
            "out": _option("Out", '{ meets = false, rationale = "No partner" }'),
            # a medium risk without owner or mitigation is not flagged (4 x 3 = 12)
            "mid": _option(
                "Mid", "true", "[[risk_register]]\nrisk = 'r'\nlikelihood = 4\nimpact = 3\n"
            ),
        },
    )
    assert found == []


def test_threshold_rejection_counts_as_recorded(tmp_path):
    criteria = CRITERIA_3 + '[requirements.q]\nname = "Q"\ncriterion = "quality"\nmin = 70\n'
    reg = HIGH + MANAGED
    _, found = _findings(
        tmp_path,
        {
            "bau": f'name = "BAU"\nstatus_quo = true\n[scores]\nquality = 80\ncost = 1\nspeed = 1\n{reg}',
            "alt": f'name = "Alt"\n[scores]\nquality = 75\ncost = 1\nspeed = 1\n{reg}',
            "low": 'name = "Low"\n[scores]\nquality = 50\ncost = 1\nspeed = 1\n',
        },
        criteria=criteria,
    )
    assert found == []


def test_no_requirements_and_no_registers_stay_quiet(tiny):
    ws = load_workspace(tiny)  # no status quo, but that is the older no-status-quo finding
    assert short_list_findings(ws) == []
