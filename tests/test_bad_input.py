"""Every bad input named in the foundation issue gets one line naming file and field, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CRITERIA_3, TINY_OPTIONS, TINY_WEIGHTS, write_workspace

GOOD_ALPHA = TINY_OPTIONS["alpha"]


def _opt(scores: str, head: str = 'name = "Alpha"\nnumber = 1\n') -> str:
    return head + "[scores]\n" + scores


# (id, file to overwrite (relative), its new text, expected text in the message)
CASES = [
    ("toml syntax", "criteria.toml", "[appraisal\ntitle = 'x'", "criteria.toml: TOML syntax error"),
    ("missing criteria file", "criteria.toml", None, "criteria.toml: file not found"),
    (
        "missing title",
        "criteria.toml",
        CRITERIA_3.replace('title = "Tiny appraisal"', ""),
        "criteria.toml: appraisal.title: is required",
    ),
    (
        "missing criterion name",
        "criteria.toml",
        CRITERIA_3.replace('name = "Speed"', ""),
        "criteria.toml: criteria.speed.name: is required",
    ),
    (
        "bad direction",
        "criteria.toml",
        CRITERIA_3.replace('direction = "cost"', 'direction = "up"'),
        'criteria.toml: criteria.cost.direction: must be "benefit" or "cost", not \'up\'',
    ),
    (
        "reversed scale",
        "criteria.toml",
        CRITERIA_3.replace("scale = [0, 10]", "scale = [10, 0]"),
        "criteria.toml: criteria.speed.scale: low (10) must be less than high (0)",
    ),
    (
        "scale not a pair",
        "criteria.toml",
        CRITERIA_3.replace("scale = [0, 10]", "scale = [0]"),
        "criteria.toml: criteria.speed.scale: must be a list [low, high]",
    ),
    (
        "missing option name",
        "options/alpha.toml",
        _opt("quality = 1\ncost = 1\nspeed = 1\n", ""),
        "options/alpha.toml: name: is required",
    ),
    (
        "missing score",
        "options/alpha.toml",
        _opt("quality = 1\ncost = 1\n"),
        "options/alpha.toml: scores.speed: missing",
    ),
    (
        "unknown criterion",
        "options/alpha.toml",
        _opt("quality = 1\ncost = 1\nspeed = 1\nspeeed = 2\n"),
        "options/alpha.toml: scores.speeed: unknown criterion",
    ),
    (
        "low above value",
        "options/alpha.toml",
        _opt("quality = { value = 50, low = 60, high = 70 }\ncost = 1\nspeed = 1\n"),
        "options/alpha.toml: scores.quality.low: low (60) is above value (50)",
    ),
    (
        "value above high",
        "options/alpha.toml",
        _opt("quality = { value = 80, low = 60, high = 70 }\ncost = 1\nspeed = 1\n"),
        "options/alpha.toml: scores.quality.high: value (80) is above high (70)",
    ),
    (
        "score out of scale",
        "options/alpha.toml",
        _opt("quality = 1\ncost = 1\nspeed = 11\n"),
        "options/alpha.toml: scores.speed: 11 is outside the criterion's scale [0, 10]",
    ),
    (
        "range out of scale",
        "options/alpha.toml",
        _opt("quality = 1\ncost = { value = 190, low = 180, high = 201 }\nspeed = 1\n"),
        "options/alpha.toml: scores.cost.high: 201 is outside the criterion's scale [0, 200]",
    ),
    (
        "non-number score",
        "options/alpha.toml",
        _opt('quality = "high"\ncost = 1\nspeed = 1\n'),
        "options/alpha.toml: scores.quality: must be a number, not text 'high'",
    ),
    (
        "boolean score",
        "options/alpha.toml",
        _opt("quality = true\ncost = 1\nspeed = 1\n"),
        "options/alpha.toml: scores.quality: must be a number, not true/false",
    ),
    (
        "nan score",
        "options/alpha.toml",
        _opt("quality = nan\ncost = 1\nspeed = 1\n"),
        "options/alpha.toml: scores.quality: must be a finite number, not nan",
    ),
    (
        "infinite score",
        "options/alpha.toml",
        _opt("quality = 1\ncost = inf\nspeed = 1\n"),
        "options/alpha.toml: scores.cost: must be a finite number, not inf",
    ),
    (
        "negative weight",
        "weights/even.toml",
        'name = "Even"\n[weights]\nquality = -1\ncost = 1\nspeed = 1\n',
        "weights/even.toml: weights.quality: must not be negative, got -1",
    ),
    (
        "all-zero weights",
        "weights/even.toml",
        'name = "Even"\n[weights]\nquality = 0\ncost = 0\nspeed = 0\n',
        "weights/even.toml: weights: all weights are zero",
    ),
    (
        "missing weight",
        "weights/even.toml",
        'name = "Even"\n[weights]\nquality = 1\ncost = 1\n',
        "weights/even.toml: weights.speed: missing",
    ),
    (
        "unknown weight",
        "weights/even.toml",
        'name = "Even"\n[weights]\nquality = 1\ncost = 1\nspeed = 1\nprice = 1\n',
        "weights/even.toml: weights.price: unknown criterion",
    ),
    (
        "nan weight",
        "weights/even.toml",
        'name = "Even"\n[weights]\nquality = nan\ncost = 1\nspeed = 1\n',
        "weights/even.toml: weights.quality: must be a finite number",
    ),
    (
        "missing stakeholder name",
        "weights/even.toml",
        "[weights]\nquality = 1\ncost = 1\nspeed = 1\n",
        "weights/even.toml: name: is required",
    ),
    (
        "constraint names unknown criterion",
        "weights/even.toml",
        TINY_WEIGHTS["even"] + "[constraints]\nbounds = { price = [0, 1] }\n",
        "weights/even.toml: constraints.bounds.price: unknown criterion",
    ),
    (
        "order names unknown criterion",
        "weights/even.toml",
        TINY_WEIGHTS["even"] + '[constraints]\norder = [["quality", "price"]]\n',
        "weights/even.toml: constraints.order[1]: unknown criterion 'price'",
    ),
    (
        "own weights break a bound",
        "weights/even.toml",
        TINY_WEIGHTS["even"] + "[constraints]\nbounds = { quality = [0.5, 1] }\n",
        "weights/even.toml: constraints.bounds.quality: the stakeholder's own weight 0.3333 is outside",
    ),
    (
        "own weights break an order",
        "weights/even.toml",
        'name = "Even"\n[weights]\nquality = 1\ncost = 2\nspeed = 1\n'
        '[constraints]\norder = [["quality", "cost"]]\n',
        "weights/even.toml: constraints.order[1]: the stakeholder's own weights break it",
    ),
    (
        "bound outside 0-1",
        "weights/even.toml",
        TINY_WEIGHTS["even"] + "[constraints]\nbounds = { quality = [0.2, 1.5] }\n",
        "weights/even.toml: constraints.bounds.quality: needs 0 <= lo <= hi <= 1",
    ),
    (
        "negative tolerance",
        "weights/even.toml",
        TINY_WEIGHTS["even"] + "[constraints]\ntolerance = -0.1\n",
        "weights/even.toml: constraints.tolerance: must not be negative",
    ),
    (
        "integer beyond float range",
        "options/alpha.toml",
        GOOD_ALPHA.replace("quality = 80", "quality = " + "9" * 400),
        "options/alpha.toml: a number too large to use: integer number overflowed",
    ),
    (
        "weights that overflow when added",
        "weights/even.toml",
        'name = "Even"\n[weights]\nquality = 1e308\ncost = 1e308\nspeed = 1e308\n',
        "weights/even.toml: weights: the weights are too large to add up",
    ),
    (
        "a scale whose span overflows",
        "criteria.toml",
        CRITERIA_3.replace("scale = [0, 10]", "scale = [-1.7e308, 1.7e308]"),
        "criteria.toml: criteria.speed.scale: its span is too large to compute with",
    ),
    (
        "a float beyond range",
        "options/alpha.toml",
        GOOD_ALPHA.replace("quality = 80", "quality = 1e400"),
        "options/alpha.toml: a number too large to use",
    ),
    (
        "a misspelt appraisal key",
        "criteria.toml",
        CRITERIA_3.replace('title = "Tiny appraisal"', 'title = "Tiny appraisal"\nqustion = "?"'),
        "criteria.toml: appraisal.qustion: unknown field",
    ),
    (
        "an option file named in capitals",
        "options/delta.TOML",
        GOOD_ALPHA,
        "options/delta.TOML: is not read: only files named *.toml are",
    ),
    (
        "not utf-8",
        "options/alpha.toml",
        GOOD_ALPHA.replace("Alpha", "Alph\xe9").encode("latin-1"),
        "options/alpha.toml: is not UTF-8 text",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_one_line(tmp_path: Path, run, case):
    _, rel, text, expected = case
    ws = write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    target = ws / rel
    if text is None:
        target.unlink()
    elif isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    res = run("rank", "--project", str(ws), "--weights", "even")
    assert res.exit_code == 1
    assert res.stdout == ""
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("error: ")
    assert expected in lines[0], lines[0]
    assert "Traceback" not in res.stderr


def test_unknown_weights_name(tiny, run):
    res = run("rank", "-p", str(tiny), "-w", "mayor")
    assert res.exit_code == 1
    assert res.stderr.startswith("error: -w/--weights: no stakeholder 'mayor' in weights/")
    assert "known: even, quality" in res.stderr


def test_empty_options_folder(tmp_path, run):
    ws = write_workspace(tmp_path / "ws", options={}, weights=TINY_WEIGHTS)
    res = run("rank", "-p", str(ws), "-w", "even")
    assert res.exit_code == 1
    assert res.stderr == "error: options/: no option files (options/<id>.toml) found\n"


def test_missing_workspace_folder(tmp_path, run):
    res = run("rank", "-p", str(tmp_path / "nowhere"), "-w", "even")
    assert res.exit_code == 1
    assert "workspace folder not found" in res.stderr


def test_byte_order_mark_is_accepted(tiny, run):
    path = tiny / "options" / "alpha.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_ALPHA.encode())
    assert run("rank", "-p", str(tiny), "-w", "even").exit_code == 0


def test_more_problems_are_counted_in_the_one_line(tiny, run):
    (tiny / "options" / "alpha.toml").write_text(_opt('quality = "a"\ncost = "b"\nspeed = 1\n'))
    res = run("rank", "-p", str(tiny), "-w", "even")
    assert res.stderr.splitlines() == [
        "error: options/alpha.toml: scores.quality: must be a number, not text 'a' "
        "(and 1 more problem; run `options validate`)"
    ]


def test_ids_clashing_after_case_folding(tiny, run):
    (tiny / "options" / "ALPHA.toml").write_text(GOOD_ALPHA.replace("number = 1", "number = 9"))
    res = run("rank", "-p", str(tiny), "-w", "even")
    assert res.exit_code == 1
    assert "clashes with option" in res.stderr
