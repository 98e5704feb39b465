"""Weights nobody typed: statements in weights files, options infer, options elicit, and every
analysis over the weights compatible with what a stakeholder said.

The tiny workspace's values (0-100): alpha (80, 25, 50), beta (40, 75, 80), gamma (60, 50, 20)
on quality, cost (reversed) and speed."""

from __future__ import annotations

import json

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace

SAID = """name = "Said"
basis = "stated"

[[statements]]
prefer = ["alpha", "beta"]
source = "Board minutes, 3 May"

[[statements]]
criteria_order = ["quality", "cost", "speed"]
source = "Board minutes, 3 May"
"""


@pytest.fixture
def said(tmp_path):
    return write_workspace(
        tmp_path / "said", options=TINY_OPTIONS, weights={**TINY_WEIGHTS, "said": SAID}
    )


def _json(run, *args):
    res = run(*args, "-f", "json")
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def test_infer_hand_worked_case(said, run):
    """alpha over beta: 40 w_q - 50 w_c - 30 w_s > 0, with w_q >= w_c >= w_s. gamma can draw
    level with alpha only where w_s = 0 and w_q = 1.25 w_c, and there alpha, beta and gamma all
    score 500/9, so the strict preference fails: alpha is first under every compatible weighting
    and gamma under none."""
    data = _json(run, "infer", "-p", str(said), "-w", "said")
    assert data["consistent"] is True and data["margin"] > 0
    assert data["possibly_first"] == ["alpha"] and data["necessarily_first"] == ["alpha"]
    assert ["alpha", "beta"] in data["necessary"] and ["beta", "alpha"] not in data["possible"]
    w = data["weights"]
    assert w["quality"] >= w["cost"] >= w["speed"]
    assert 40 * w["quality"] - 50 * w["cost"] - 30 * w["speed"] > 0
    assert data["basis"] == "stated" and data["inferred"] is True


def test_inferred_weights_drive_every_analysis(said, run):
    rank = _json(run, "rank", "-p", str(said), "-w", "said")
    assert rank["inferred"] and rank["ranking"][0]["option"] == "alpha"
    inferred = _json(run, "infer", "-p", str(said), "-w", "said")["weights"]
    assert rank["weights"] == pytest.approx(inferred, abs=1e-6)
    sens = _json(run, "sensitivity", "-p", str(said), "-w", "said")
    assert ["alpha", "beta"] in sens["dominance"]  # alpha >= beta wherever the statements hold
    free = _json(run, "sensitivity", "-p", str(said), "-w", "quality")  # no statements
    assert ["alpha", "beta"] not in free["dominance"]
    smaa = _json(run, "smaa", "-p", str(said), "-w", "said", "-n", "2000")
    assert smaa["acceptability"]["alpha"][0] == pytest.approx(1.0)
    assert "said" in _json(run, "compare", "-p", str(said))["stakeholders"]


def test_conflicting_statements_are_named(said, run):
    text = SAID + '\n[[statements]]\nprefer = ["beta", "alpha"]\nsource = "Chair, 9 May"\n'
    (said / "weights" / "said.toml").write_text(text)
    data = _json(run, "infer", "-p", str(said), "-w", "said")
    assert data["consistent"] is False
    assert data["conflicts"] == [[0, 2]]  # the two preferences, by their place in the file
    res = run("validate", "-p", str(said))
    assert res.exit_code == 1 and "cannot all hold" in res.stderr and "Chair, 9 May" in res.stderr
    assert run("rank", "-p", str(said), "-w", "said").exit_code == 1


TIGHT = """name = "Tight"
[weights]
quality = 1
cost = 1
speed = 1
[constraints]
tolerance = 0.1

[[statements]]
prefer = ["alpha", "beta"]
source = "Board minutes, 3 May"
"""

BOUNDED = """name = "Bounded"
[constraints]
bounds = { quality = [0, 0.3] }

[[statements]]
prefer = ["alpha", "beta"]
source = "Chair, 9 May"
"""


def test_a_statement_that_cannot_hold_within_the_constraints_names_them(said, run, monkeypatch):
    """alpha over beta is 40 w_q - 50 w_c - 30 w_s > 0, true at w_q = 1. Within a tolerance of
    0.1 around even weights (each weight in [7/30, 13/30]) it is at most
    40 (13/30) - 50 (7/30) - 30 (10/30) = -13/3; with w_q <= 0.3, at most 40 (0.3) - 30 (0.7)
    = -9. Either way the statement and the [constraints] conflict, not the statement alone."""
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no cell wraps
    (said / "weights" / "tight.toml").write_text(TIGHT)
    (said / "weights" / "bounded.toml").write_text(BOUNDED)
    for who, margin, limits, source in (
        ("tight", -13 / 3, "(tolerance 0.10)", "statement 1 (Board minutes, 3 May)"),
        ("bounded", -9, "(bounds on quality)", "statement 1 (Chair, 9 May)"),
    ):
        data = _json(run, "infer", "-p", str(said), "-w", who)
        assert data["consistent"] is False and data["margin"] == pytest.approx(margin, abs=1e-6)
        assert data["conflicts"] == [[0, "constraints"]]
        text = run("infer", "-p", str(said), "-w", who, "--table", "summary").stdout
        assert (
            f"No: {source} cannot hold within the weight limits in [constraints] {limits}, "
            "though it could without them"
        ) in text
        message = (
            f"statements and the weight limits in its [constraints] cannot all hold "
            f"(conflicting: {source}; the weight limits in [constraints] {limits})"
        )
        if who == "tight":  # a tolerance keeps the weights near the typed ones: they are blamed
            message = (
                "statement 1: the stakeholder's own weights break it: it says alpha is "
                "preferred to beta, but at those weights alpha is 13.3 points of value (out of "
                "100) behind beta; change the weights (the tolerance 0.10 in [constraints]"
            )
        res = run("rank", "-p", str(said), "-w", who)
        assert res.exit_code == 1 and message in res.stderr
        assert message in run("validate", "-p", str(said)).stderr
    # two statements that contradict each other: the limits are not named
    text = TIGHT + '\n[[statements]]\nprefer = ["beta", "alpha"]\nsource = "Chair, 9 May"\n'
    (said / "weights" / "tight.toml").write_text(text)
    assert _json(run, "infer", "-p", str(said), "-w", "tight")["conflicts"] == [[0, 1]]
    res = run("rank", "-p", str(said), "-w", "tight")
    assert res.exit_code == 1
    assert (
        "Tight's statements cannot all hold under any weights (conflicting: statement 1 (Board"
        in res.stderr
    )


def test_a_statement_on_record_but_not_used(said, run):
    text = (
        SAID
        + '\n[[statements]]\nprefer = ["beta", "alpha"]\nsource = "Chair, 9 May"\nuse = false\n'
    )
    (said / "weights" / "said.toml").write_text(text)
    data = _json(run, "infer", "-p", str(said), "-w", "said")
    assert data["consistent"] is True and data["unused_could_hold"] == {"2": False}
    assert run("validate", "-p", str(said)).exit_code == 0


def test_typed_weights_that_break_statements(said, run):
    # even weights: alpha (80 + 25 + 50) / 3 = 51.7 < beta (40 + 75 + 80) / 3 = 65
    text = SAID.replace(
        'basis = "stated"', 'basis = "stated"\n[weights]\nquality = 1\ncost = 1\nspeed = 1'
    )
    (said / "weights" / "said.toml").write_text(text)
    res = run("validate", "-p", str(said))
    assert res.exit_code == 1
    assert "weights/said.toml: statement 1: the stakeholder's own weights break it" in res.stderr
    assert run("rank", "-p", str(said), "-w", "said").exit_code == 1
    found = [
        f
        for f in _json(run, "check", "-p", str(said))["findings"]
        if f["where"] == "weights/said.toml"
    ]
    assert [f["code"] for f in found] == ["weights-break-statements"]
    # by brute force over a 1/600 grid: the nearest weights honouring q >= c >= s and
    # 40q >= 50c + 30s are (1/2, 1/4, 1/4), 16.7 points of weight from (1/3, 1/3, 1/3)
    moved = float(found[0]["message"].split("moving ")[1].split(" points")[0])
    assert moved == pytest.approx(16.7, abs=0.05)


def test_elicit_replays_answers_into_a_valid_file(said, run, tmp_path):
    answers = tmp_path / "answers.txt"
    # swings: quality, then speed, then cost; speed rated 50-70, cost unrated; then answers
    answers.write_text("# swings\n1 3 2\n50-70\n\n" + "a\n" * 12)
    res = run("elicit", "-p", str(said), "board", "--answers", str(answers), "--name", "The board")
    assert res.exit_code == 0, res.stderr + res.stdout
    path = said / "weights" / "board.toml"
    assert 'basis = "elicited"' in path.read_text()
    assert run("validate", "-p", str(said)).exit_code == 0
    inferred = _json(run, "infer", "-p", str(said), "-w", "board")
    assert inferred["consistent"] and inferred["weights"]["quality"] >= inferred["weights"]["speed"]
    rank = _json(run, "rank", "-p", str(said), "-w", "board")
    assert rank["weights"] == pytest.approx(inferred["weights"], abs=1e-6)
    again = run("elicit", "-p", str(said), "board", "--answers", str(answers))
    assert again.exit_code == 1 and "--force" in again.stderr
    bad = run("elicit", "-p", str(said), "../evil", "--answers", str(answers))
    assert bad.exit_code == 1 and not (said / "evil.toml").exists()


def test_elicit_counts_its_questions_in_english(said, run, tmp_path):
    answers = tmp_path / "answers.txt"
    answers.write_text("1 3 2\n50-70\n\n" + "a\n" * 3)
    for limit, words in (("1", "up to 1 question between"), ("2", "up to 2 questions between")):
        res = run(
            "elicit", "-p", str(said), f"b{limit}", "--answers", str(answers), "--limit", limit
        )
        assert res.exit_code == 0, res.stderr + res.stdout
        assert words in " ".join(res.stdout.split())
    one = tmp_path / "one.txt"
    one.write_text("1 3 2\n\n\nstop\n")  # the ranking alone: one statement
    res = run("elicit", "-p", str(said), "solo", "--answers", str(one))
    assert res.exit_code == 0, res.stderr + res.stdout
    assert "solo.toml (1 statement); try" in " ".join(res.stdout.split())


def test_outcome_is_a_back_test_never_an_input(tiny, run):
    before = _json(run, "compare", "-p", str(tiny))
    crit = (tiny / "criteria.toml").read_text()
    crit = crit.replace(
        'title = "Tiny appraisal"',
        'title = "Tiny appraisal"\n[appraisal.outcome]\noption = "gamma"\ndate = 2020-01-31\n'
        'source = "Council minutes"',
    )
    (tiny / "criteria.toml").write_text(crit)
    after = _json(run, "compare", "-p", str(tiny))
    outcome = after.pop("outcome")
    assert after == before  # nothing else changes
    # by hand: gamma scores 43.3 (even) and 53.0 (quality first): third for both
    assert outcome["ranks"] == {"even": 3, "quality": 3} and outcome["favourite_of"] == []
    assert outcome["date"] == "2020-01-31" and outcome["appraised"] is True
    text = " ".join(run("compare", "-p", str(tiny)).stdout.split())
    # the typed weights are each stakeholder's record: neither settles gamma first
    assert "Back-test" in text and "No stakeholder's record settles" in text
    (tiny / "criteria.toml").write_text(crit.replace('option = "gamma"', 'option = "delta"'))
    bad = run("validate", "-p", str(tiny))
    assert bad.exit_code == 1 and "appraisal.outcome.option: unknown option 'delta'" in bad.stderr


def test_elicit_refuses_a_partial_ranking_and_ratings_against_it(said, run, tmp_path):
    answers = tmp_path / "answers.txt"
    # "1 2" leaves speed unranked; "1 1 2" repeats; then quality > cost > speed, but speed is
    # rated above cost (90 against 80): asked again, and 80, 60 is accepted
    answers.write_text("1 2\n1 1 2\n1 2 3\n80\n90\n80\n60\n" + "a\n" * 12)
    res = run("elicit", "-p", str(said), "mayor", "--answers", str(answers))
    assert res.exit_code == 0, res.stderr + res.stdout
    out = " ".join(res.stdout.split())
    assert "Rank every swing: 3 still to place" in out
    assert "Each number once" in out
    assert "contradict the ranking: speed is ranked below cost but rated higher" in out
    inferred = _json(run, "infer", "-p", str(said), "-w", "mayor")
    w = inferred["weights"]
    assert w["quality"] >= w["cost"] >= w["speed"] > 0  # the most valued swings weigh most


def test_elicit_names_what_a_refused_answer_contradicts(said, run, tmp_path, monkeypatch):
    """Speed's swing rated exactly 50 against quality's: '100 points on speed or 50 on quality'
    can only be 'the same'. The engine never asks it (it checks), so it is put first here, as a
    stale question would be; 'a' is refused, naming the swing ratings and what is left."""
    from delivery_options.methods import elicitation as el

    settled = el.Question("speed", 100.0, "quality", 50.0)
    real = el.next_question
    monkeypatch.setattr(el, "next_question", lambda s: real(s) if s.asked else settled)
    answers = tmp_path / "answers.txt"
    answers.write_text("1 3 2\n50\n\na\nsame\nstop\n")
    res = run("elicit", "-p", str(said), "judge", "--answers", str(answers))
    assert res.exit_code == 0, res.stderr + res.stdout
    out = " ".join(res.stdout.split())
    assert (
        "That answer was not kept: it contradicts what you said before: - the swing ratings: "
        "Quality 100, Speed 50 Given that, the answer can only be the same." in out
    )
    text = (said / "weights" / "judge.toml").read_text()
    assert 'indifferent = [{ "speed" = 100 }, { "quality" = 50 }]' in text


LIBRARY_CRITERIA = """
[appraisal]
title = "Library service"

[criteria.service_quality]
name = "Service quality"

[criteria.cost]
name = "Five-year cost"
direction = "cost"
scale = [0, 2000]

[criteria.access]
name = "Access for residents"

[criteria.carbon]
name = "Carbon reduction"
"""
LIBRARY_OPTIONS = {
    oid: f'name = "{name}"\nnumber = {k}\n[scores]\n'
    f"service_quality = {q}\ncost = {c}\naccess = {a}\ncarbon = {z}\n"
    for k, (oid, name, q, c, a, z) in enumerate(
        [
            ("in-house", "In-house", 50, 1400, 70, 20),
            ("community-trust", "Community trust", 65, 1150, 60, 40),
            ("shared-service", "Shared service", 60, 1100, 65, 35),
        ],
        1,
    )
}


def test_elicit_says_what_is_still_open_when_it_stops(run, tmp_path):
    """A newcomer's interview: access first, service quality 70-90, cost 60; after five answers
    no question left (in steps of 5 points) tells the trust and the shared service apart, and
    `options infer` finds both can still come first. The stop must say so, and why."""
    ws = write_workspace(tmp_path / "lib", LIBRARY_CRITERIA, LIBRARY_OPTIONS)
    answers = tmp_path / "answers.txt"
    answers.write_text("3 1 2 4\n70-90\n60\n\nb\na\nb\na\nb\n")
    res = run("elicit", "-p", str(ws), "residents", "--answers", str(answers))
    assert res.exit_code == 0, res.stderr + res.stdout
    out = " ".join(res.stdout.split())
    assert (
        "Stopped: 2. Community trust and 3. Shared service can each still come first under "
        "weightings compatible with your answers, but none of the questions left to ask (gains "
        "in steps of 5 points) would tell them apart." in out
    )
    inferred = _json(run, "infer", "-p", str(ws), "-w", "residents")
    assert inferred["possibly_first"] == ["community-trust", "shared-service"]
    # stopped at the person's request: the same, said as such
    answers.write_text("3 1 2 4\n70-90\n60\n\nb\nstop\n")
    res = run("elicit", "-p", str(ws), "panel", "--answers", str(answers))
    assert res.exit_code == 0, res.stderr + res.stdout
    out = " ".join(res.stdout.split())
    assert (
        "Stopped: at your request; 2. Community trust and 3. Shared service can each still "
        "come first under weightings compatible with your answers." in out
    )


def _read_until(proc, text: str, times: int = 1, timeout: float = 60) -> str:
    """Read the process's standard output until ``text`` has been written ``times``."""
    import os
    import select
    import time

    seen, deadline = b"", time.monotonic() + timeout
    while seen.count(text.encode()) < times:
        left = deadline - time.monotonic()
        assert left > 0, f"no {text!r} in {seen.decode()!r}"
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 4096)
            assert chunk, f"the process ended before {text!r}: {seen.decode()!r}"
            seen += chunk
    return seen.decode()


def test_ctrl_c_in_the_interview_says_on_its_own_line_that_nothing_was_saved(said):
    """Ctrl-C at a question: the prompt's line ends, the next says nothing was saved and how
    to keep the answers (stop), no file is written, and the exit status is 130."""
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "delivery_options", "elicit", "-p", str(said), "judge"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        prompt = "Your answer (a, b, same, skip, back, stop):"
        proc.stdin.write(b"1 2 3\n\n\na\n")
        proc.stdin.flush()
        shown = _read_until(proc, prompt, times=2)  # question 2's: the answer to 1 was read
        assert "Question 2." in shown
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert (shown + out.decode()).endswith(f"{prompt} \n")  # the prompt's line ends there
    assert " ".join(err.decode().split()) == (
        "error: interrupted; nothing was saved. To keep the answers given so far, type stop at "
        "a question instead: they are then saved in weights/judge.toml"
    )
    assert not (said / "weights" / "judge.toml").exists()


def test_the_input_ending_mid_interview_says_nothing_was_saved(said):
    from click.testing import CliRunner

    from delivery_options.cli import cli

    res = CliRunner().invoke(cli, ["elicit", "-p", str(said), "judge"], input="1 2 3\n\n\na\n")
    assert res.exit_code == 1
    assert res.stdout.endswith("Your answer (a, b, same, skip, back, stop): \n")
    assert res.stderr == "error: the input ended before the interview did; nothing was saved\n"
    assert not (said / "weights" / "judge.toml").exists()
