"""Counts, ordinals and possessives in what people read: '1 linear program', 'every 2nd step',
"Friends of Anytown Libraries' statements"."""

from __future__ import annotations

import re

from conftest import TINY_OPTIONS, write_workspace
from delivery_options.appraisal import load
from delivery_options.present.words import counted, ordinal, possessive

TWO = """
[appraisal]
title = "Two criteria"

[criteria.x]
name = "X"

[criteria.y]
name = "Y"
"""


def test_the_words_themselves():
    assert [counted(k, "linear program") for k in (0, 1, 2)] == [
        "0 linear programs",
        "1 linear program",
        "2 linear programs",
    ]
    assert counted(1, "criterion") == "1 criterion" and counted(3, "criterion") == "3 criteria"
    assert counted(1, "benefit or risk") == "1 benefit or risk"
    assert counted(2, "benefit or risk") == "2 benefits and risks"
    assert [ordinal(k) for k in (1, 2, 3, 4, 8, 11, 12, 13, 21, 22, 23, 111)] == [
        "1st", "2nd", "3rd", "4th", "8th", "11th", "12th", "13th", "21st", "22nd", "23rd", "111th",
    ]  # fmt: skip
    assert possessive("Cabinet") == "Cabinet's"
    assert possessive("Friends of Anytown Libraries") == "Friends of Anytown Libraries'"


def test_one_linear_program_is_singular(tmp_path, run):
    """A (100, 0) and B (0, 100) are each first at a corner of the simplex; C (49, 49) is first
    at none of the points the robust analysis knows (the corners and the even weights, where it
    scores 49 against 50), and no option beats it everywhere (A - C = (51, -49) is negative at
    w = (0, 1)), so one LP settles whether it can come first: it cannot (at best it trails by
    1 point, at w = (1/2, 1/2))."""
    opt = 'name = "{}"\nnumber = {}\n[scores]\nx = {}\ny = {}\n'
    ws = write_workspace(
        tmp_path / "one",
        TWO,
        {
            "a": opt.format("A", 1, 100, 0),
            "b": opt.format("B", 2, 0, 100),
            "c": opt.format("C", 3, 49, 49),
        },
        {"even": 'name = "Even"\n[weights]\nx = 1\ny = 1\n'},
    )
    rob = load(ws).sensitivity("even").analysis.robust
    assert rob.lp_count == 1 and rob.possibly_best == ("a", "b")
    text = run("sensitivity", "-p", str(ws), "-w", "even", "--table", "robust").stdout
    assert re.search(r"; 1 linear program for this table\.", text)


def test_a_name_ending_in_s_takes_only_the_apostrophe(tmp_path, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    friends = (
        'name = "Friends of the Libraries"\n[[statements]]\nprefer = ["alpha", "beta"]\n'
        'source = "Consultation"\n'
    )
    alpha = TINY_OPTIONS["alpha"].replace("[scores]", 'benefits = ["Central"]\n[scores]')
    options = {**TINY_OPTIONS, "alpha": alpha}
    ws = write_workspace(tmp_path / "f", options=options, weights={"friends": friends})
    text = run("infer", "-p", str(ws), "-w", "friends").stdout
    assert "Are Friends of the Libraries' statements consistent" in text
    assert "Libraries's" not in text
    (ws / "weights" / "friends.toml").write_text(
        friends + '[[statements]]\nprefer = ["beta", "alpha"]\nsource = "Meeting"\n'
    )
    res = run("validate", "-p", str(ws))
    assert "Friends of the Libraries' statements cannot all hold" in res.stderr
    (ws / "weights" / "friends.toml").write_text(friends)
    ok = run("validate", "-p", str(ws))
    assert "1 benefit or risk (0 mapped to criteria)" in ok.stdout
