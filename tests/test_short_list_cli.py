"""The short list is what gets appraised: every command, with and without --all, on a workspace
in the minimal form the format documents, with answers worked out by hand."""

from __future__ import annotations

import json

import pytest

from conftest import CRITERIA_3, TINY_OPTIONS, TINY_WEIGHTS, write_workspace

REQS = (
    CRITERIA_3
    + """
[requirements.affordable]
name = "Affordable"
criterion = "cost"
max = 120

[requirements.legal]
name = "Lawful"
"""
)
# By hand: alpha costs 150 and fails affordable (max 120); beta (50), gamma (100) and delta (110)
# pass it. Judged: alpha, beta and delta are lawful, gamma is not. Short list: beta and delta.
JUDGED = {
    "alpha": TINY_OPTIONS["alpha"].replace("[scores]", "[requirements]\nlegal = true\n[scores]"),
    "beta": TINY_OPTIONS["beta"].replace(
        "[scores]",
        '[requirements]\nlegal = { meets = true, rationale = "Statute allows it" }\n[scores]',
    ),
    "gamma": TINY_OPTIONS["gamma"].replace(
        "[scores]",
        '[requirements]\nlegal = { meets = false, rationale = "Needs primary legislation" }\n'
        "[scores]",
    ),
    "delta": 'name = "Delta"\nnumber = 4\n[requirements]\nlegal = true\n'
    "[scores]\nquality = 70\ncost = 110\nspeed = 6\n",
}


@pytest.fixture
def screened(tmp_path):
    return write_workspace(tmp_path / "screened", REQS, JUDGED, TINY_WEIGHTS)


def _json(run, *args):
    res = run(*args, "-f", "json")
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def test_screen_worked_by_hand(screened, run):
    data = _json(run, "screen", "-p", str(screened))
    assert data["requirements"] == ["affordable", "legal"]
    meets = {o["option"]: o["meets"] for o in data["options"]}
    assert meets == {
        "alpha": {"affordable": False, "legal": True},
        "beta": {"affordable": True, "legal": True},
        "gamma": {"affordable": True, "legal": False},
        "delta": {"affordable": True, "legal": True},
    }
    assert data["short_list"] == ["beta", "delta"]
    assert data["screened_out"] == [
        {"option": "alpha", "fails": ["affordable"]},
        {"option": "gamma", "fails": ["legal"]},
    ]
    reasons = {o["option"]: o["reasons"] for o in data["options"]}
    assert "150" in reasons["alpha"]["affordable"]["reason"]  # the threshold says its score
    assert reasons["gamma"]["legal"]["reason"] == "Needs primary legislation"


def test_every_command_appraises_the_short_list(screened, run):
    p = ("-p", str(screened))
    rank = _json(run, "rank", *p, "-w", "even")
    assert [r["option"] for r in rank["ranking"]] == ["beta", "delta"]
    # by hand, even weights: beta (40 + 75 + 80)/3 = 65.0; delta (70 + 45 + 60)/3 = 58.33
    assert [round(r["score"], 2) for r in rank["ranking"]] == [65.0, 58.33]
    assert rank["screened_out"] == [
        {"option": "alpha", "fails": ["affordable"]},
        {"option": "gamma", "fails": ["legal"]},
    ]
    assert _json(run, "compare", *p)["options"] == ["beta", "delta"]
    assert set(_json(run, "sensitivity", *p, "-w", "even")["switching"]) == {"beta", "delta"}
    assert set(_json(run, "smaa", *p, "-n", "500")["acceptability"]) == {"beta", "delta"}
    text = run("rank", *p, "-w", "even").stdout
    assert "Screened out" in text and "Affordable" in text


def test_all_appraises_every_option(screened, run):
    p = ("-p", str(screened), "--all")
    rank = _json(run, "rank", *p, "-w", "even")
    assert {r["option"] for r in rank["ranking"]} == {"alpha", "beta", "gamma", "delta"}
    assert rank["screened_out"] == []
    assert set(_json(run, "compare", *p)["options"]) == {"alpha", "beta", "gamma", "delta"}


def test_no_requirements_changes_nothing(tiny, run):
    rank = _json(run, "rank", "-p", str(tiny), "-w", "even")
    assert "screened_out" not in rank and len(rank["ranking"]) == 3
    data = _json(run, "screen", "-p", str(tiny))
    assert data["short_list"] == ["alpha", "beta", "gamma"] and data["screened_out"] == []


def test_paper_appraises_the_short_list_and_names_the_rest(screened, run, tmp_path):
    out = tmp_path / "paper" / "even"
    res = run("report", "-p", str(screened), "-w", "even", "-f", "md", "-n", "500", "-o", str(out))
    assert res.exit_code == 0, res.stderr
    md = out.with_suffix(".md").read_text()
    assert "Screened out" in md and "Affordable" in md and "Lawful" in md


def test_nothing_passes(tmp_path, run):
    opts = {k: v.replace("legal = true", "legal = false") for k, v in JUDGED.items()}
    opts["beta"] = opts["beta"].replace("meets = true", "meets = false")
    ws = write_workspace(tmp_path / "none", REQS, opts, TINY_WEIGHTS)
    res = run("rank", "-p", str(ws), "-w", "even")
    assert res.exit_code == 1
    assert res.stderr.startswith("error: --all: no option passes every requirement")


RISKY = {
    **JUDGED,
    "beta": JUDGED["beta"]
    + """
[[risk_register]]
risk = "Supplier fails"
likelihood = 2
impact = 5
mitigation = "Second supplier"
owner = "Director"
residual_likelihood = 1

[[risk_register]]
id = "delay"
risk = "Delay"
likelihood = 4
impact = 4
mitigation = "Plan"
owner = "PMO"
residual_impact = 2
""",
}


def test_risks_ranked_by_likelihood_times_impact(tmp_path, run):
    ws = write_workspace(tmp_path / "risky", REQS, RISKY, TINY_WEIGHTS)
    data = _json(run, "risks", "-p", str(ws))
    assert set(data["options"]) == {"beta", "delta"}  # the short list
    beta = data["options"]["beta"]
    # by hand: delay 4 x 4 = 16 (after 4 x 2 = 8); R1 2 x 5 = 10 (after 1 x 5 = 5)
    assert [(r["id"], r["score"], r["residual_score"]) for r in beta] == [
        ("delay", 16, 8),
        ("R1", 10, 5),
    ]
    assert data["options"]["delta"] == []
    assert data["profiles"]["beta"]["before"]["high"] == 1
    one = _json(run, "risks", "-p", str(ws), "alpha")
    assert list(one["options"]) == ["alpha"]
    bad = run("risks", "-p", str(ws), "nope")
    assert bad.exit_code == 1 and "no option 'nope'" in bad.stderr
    assert (
        "delta is on the short list but has no risk register"
        not in run("check", "-p", str(ws)).stdout
    )  # names, not ids, in findings
    assert "Delta is on the short list but has no risk register" in " ".join(
        run("check", "-p", str(ws)).stdout.split()
    )


def test_what_is_missing_is_said_in_a_sentence_not_an_empty_table(tmp_path, run, monkeypatch):
    """No requirements, no risk registers, no statements: a sentence each, never a grid of
    headers; a judgement with no reason says so."""
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no sentence wraps
    bare = write_workspace(tmp_path / "bare", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    screen = run("screen", "-p", str(bare)).stdout
    assert (
        "There are no must-meet requirements (criteria.toml), so there is nothing to judge: "
        "every option is on the short list." in screen
    )
    assert "Reason and evidence" not in screen and "pass or FAIL" not in screen
    risks = run("risks", "-p", str(bare)).stdout
    assert risks.count("No risk register: this option's risks are not yet assessed.") == 3
    assert "No option here has a risk register yet, so there are no risk profiles" in risks
    assert "L x I" not in risks and "Largest" not in risks
    infer = run("infer", "-p", str(bare), "-w", "even").stdout
    assert (
        "Even has made no statements (weights/even.toml), so nothing is inferred: its weights "
        "are those typed in the file." in infer
    )
    assert "Inferred" not in infer and "Statement" not in infer and "Consistent?" not in infer
    # a risk register for beta only: delta has no profile of zeros, it is named instead
    risky = write_workspace(tmp_path / "risky", REQS, RISKY, TINY_WEIGHTS)
    profiles = run("risks", "-p", str(risky), "--table", "profiles").stdout
    assert "Beta" in profiles and "Delta" not in profiles.split("\n\n")[1]
    assert "No risk register yet: 4. Delta." in profiles
    # alpha's "legal = true" carries no reason: said, not left blank
    screened = write_workspace(tmp_path / "screened", REQS, JUDGED, TINY_WEIGHTS)
    reasons = run("screen", "-p", str(screened), "--table", "reasons", "-f", "csv").stdout
    assert '"alpha","Alpha","legal","Lawful","pass","No reason or evidence recorded."' in reasons
