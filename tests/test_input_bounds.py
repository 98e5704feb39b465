"""Derived sizes of a stranger's input are bounded before the work they cost (adversary 6,
findings 5, 7, 15 and 16): TOML values per file, statement rows per file, near-tie margins, and
the shared-phrase search."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TINY_OPTIONS, write_workspace
from delivery_options.model.toml import MAX_TOML, MAX_VALUES


def _one_line(res) -> str:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.stderr, res.stderr
    lines = [x for x in res.stderr.strip().splitlines() if x.startswith("error:")]
    assert len(lines) == 1, res.stderr
    return lines[0]


# --- finding 15: TOML values counted before parsing -------------------------------------------


def test_many_values_are_refused_before_parsing(tiny: Path, run) -> None:
    """Adversary 6's file at a scale a test can hold: one more ``{},`` than the bound allows
    (each counts two: ``{`` and ``,``) is refused in one line naming the file, unparsed."""
    n = MAX_VALUES // 2 + 1
    (tiny / "options" / "zeta.toml").write_text('name = "Z"\nx = [' + "{}," * n + "]\n")
    line = _one_line(run("validate", "-p", str(tiny)))
    assert line.startswith("error: options/zeta.toml: holds 500,005 of the characters")
    assert f"at most {MAX_VALUES:,}" in line


def test_dotted_keys_count_a_value_for_each_dot(tiny: Path, run) -> None:
    """Adversary 7's finding 3: a dotted key makes a table for each dot at the cost of one
    ``=``, so 62,600 keys of 60 dots (8 MB) took the reader to 2.65 GB, and an abort when memory
    was limited. Dots outside numbers now count: a file of such keys past the bound is refused
    unparsed; the same count of decimal points in numbers is not."""
    keys = "".join(f"k{i}" + ".a" * 60 + " = 1\n" for i in range(MAX_VALUES // 60))
    (tiny / "options" / "zeta.toml").write_text('name = "Z"\n' + keys)
    line = _one_line(run("validate", "-p", str(tiny)))
    assert line.startswith("error: options/zeta.toml: holds ")
    assert "dots outside numbers" in line and f"at most {MAX_VALUES:,}" in line
    numbers = "x = [" + "1.5," * (MAX_VALUES // 3) + "]\n"  # a dot and a comma each
    (tiny / "options" / "zeta.toml").write_text('name = "Z"\n' + numbers)
    res = run("validate", "-p", str(tiny))
    assert res.exit_code == 1 and "x: unknown field" in res.stderr, res.stderr


def test_running_out_of_memory_is_one_line(tiny: Path, monkeypatch, capsys) -> None:
    """Memory the machine cannot give (numpy's or Python's MemoryError, anywhere in a command)
    is one error line and exit 1, not a traceback."""
    import sys

    from delivery_options import cli
    from delivery_options.appraisal import Appraisal

    def out_of_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(Appraisal, "rank", out_of_memory)
    monkeypatch.setattr(sys, "argv", ["options", "rank", "-p", str(tiny), "-w", "even"])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    err = capsys.readouterr().err
    assert stop.value.code == 1 and "Traceback" not in err
    assert err.startswith("error: the machine ran out of memory") and err.count("\n") == 1


def test_values_at_the_bound_are_parsed(tiny: Path, run) -> None:
    """Just under the bound the file is parsed, and refused for what it says (an unknown field),
    not for its size."""
    n = (MAX_VALUES - 10) // 2
    (tiny / "options" / "zeta.toml").write_text('name = "Z"\nx = [' + "{}," * n + "]\n")
    res = run("validate", "-p", str(tiny))
    assert res.exit_code == 1 and "x: unknown field" in res.stderr
    assert "holds" not in res.stderr


def test_a_file_past_the_size_cap_is_refused(tiny: Path, run) -> None:
    """A TOML file larger than MAX_TOML (8 MB) is refused unread, naming the file."""
    text = 'name = "Z"\nrationale = "' + "a" * MAX_TOML + '"\n'
    (tiny / "weights" / "big.toml").write_text(text)
    line = _one_line(run("validate", "-p", str(tiny)))
    assert line == "error: weights/big.toml: is larger than 8 MB"


# --- finding 16: statements merged, their rows counted before any LP -------------------------

STATEMENTS = [
    'prefer = ["alpha", "gamma"]\nsource = "s1"',
    'prefer = [{ quality = 100 }, { speed = 60 }]\nsource = "s2"',
    'swing = { quality = 100, cost = [20, 60] }\nsource = "s3"',
    'criteria_order = ["quality", "speed"]\nsource = "s4"',
    'prefer = ["beta", "*"]\nsource = "s5"\nuse = false',
]
CONFLICT = ['prefer = ["alpha", "beta"]\nsource = "x"', 'prefer = ["beta", "alpha"]\nsource = "y"']


def _record(items: list[str], times: int) -> str:
    return 'name = "S"\n' + "".join(f"[[statements]]\n{s}\n" * times for s in items)


def _same_but_places(doubled, once) -> None:
    """Equal, but for statement places: statement i of the record is 2i (and 2i + 1) doubled."""
    if isinstance(once, dict):
        assert set(doubled) == set(once)
        for k in once:
            if k == "statements":
                assert doubled[k][::2] == [dict(s, index=2 * s["index"]) for s in once[k]]
            elif k == "unused_could_hold":
                assert doubled[k] == {
                    **{str(2 * int(i)): v for i, v in once[k].items()},
                    **{str(2 * int(i) + 1): v for i, v in once[k].items()},
                }
            else:
                _same_but_places(doubled[k], once[k])
    elif isinstance(once, list):
        assert len(doubled) == len(once)
        for d, o in zip(doubled, once, strict=True):
            _same_but_places(d, o)
    else:
        assert doubled == once


def test_a_doubled_record_gives_the_same_answers(tmp_path: Path) -> None:
    """Every statement written twice (the copies one after the other) changes no answer of
    infer, rank or sensitivity: the repeated statements and rows are merged."""
    from delivery_options.appraisal import Appraisal

    docs = []
    for times in (1, 2):
        root = write_workspace(
            tmp_path / f"x{times}", options=TINY_OPTIONS, weights={"s": _record(STATEMENTS, times)}
        )
        app = Appraisal.open(root)
        infer = app.infer("s").document()
        assert infer["consistent"] and infer["status"] == "consistent"
        docs.append((infer, app.rank("s").document(), app.statement_rows("s")))
    (i1, r1, rows1), (i2, r2, rows2) = docs
    _same_but_places(i2, i1)
    assert r2 == r1
    assert len(rows2) == len(rows1) and all(
        (a == b).all() for a, b in zip(rows1, rows2, strict=True)
    )


def test_a_doubled_conflict_names_the_same_statements(tmp_path: Path) -> None:
    from delivery_options.appraisal import Appraisal

    found = []
    for times in (1, 2):
        root = write_workspace(
            tmp_path / f"x{times}", options=TINY_OPTIONS, weights={"s": _record(CONFLICT, times)}
        )
        doc = Appraisal.open(root).infer("s").document()
        assert not doc["consistent"]
        found.append(doc["conflicts"])
    assert found[1] == [[2 * i + 1 for i in c] for c in found[0]]  # the later copy


def _many_options(root: Path, criteria: int, options: int, weights: str) -> Path:
    crit = '[appraisal]\ntitle = "Q"\n' + "".join(
        f'[criteria.c{c}]\nname = "C{c}"\n' for c in range(criteria)
    )
    opts = {
        f"o{o}": f'name = "O{o}"\n[scores]\n'
        + "".join(f"c{c} = {100 if o == 0 else (o * 7 + c * 13) % 100}\n" for c in range(criteria))
        for o in range(options)
    }
    return write_workspace(root, crit, opts, {"s": weights})


def test_statements_past_the_row_bound_are_refused_before_any_lp(tmp_path: Path, run) -> None:
    """250 different ``"*"`` statements over 250 options and 200 criteria: 250 x 249 rows of 200
    coefficients (12,450,000, past the bound of 10,000,000), refused at load in one line naming
    the file, before any LP (main built them all and searched them for a conflict)."""
    record = 'name = "S"\n' + "".join(
        f'[[statements]]\nprefer = ["o{k}", "*"]\nsource = "x"\n' for k in range(250)
    )
    root = _many_options(tmp_path / "w", 200, 250, record)
    line = _one_line(run("validate", "-p", str(root)))
    assert line.startswith("error: weights/s.toml: statements: put up to 12,450,000 coefficients")
    assert "at most 10,000,000" in line


def test_swings_over_many_criteria_count_every_row_over_every_criterion(tmp_path: Path, run):
    """Adversary 7's finding: a swing with ranges over 200 criteria makes 200 x 199 rows, each
    kept over all 200 criteria (7,960,000 coefficients); the bound counted only the two each row
    touches, so 30 such swings (a 135 KB file) reached 3 GB and a traceback. Two are refused at
    load in one line; one is accepted. (With no node rated exactly every pair's rows are needed;
    a node rated exactly keeps only the 2 x 199 rows with it: tests/test_swing_rows.py.)"""

    def swing(k: int, top: str = "[99, 100]") -> str:
        ranges = ", ".join(f"c{j} = [{10 + k}, {90 + k}]" for j in range(1, 200))
        return f'[[statements]]\nswing = {{ c0 = {top}, {ranges} }}\nsource = "s{k}"\n'

    root = _many_options(tmp_path / "w", 200, 3, 'name = "S"\n' + swing(0) + swing(1))
    line = _one_line(run("validate", "-p", str(root)))
    assert line.startswith("error: weights/s.toml: statements: put up to 15,920,000 coefficients")
    (root / "weights" / "s.toml").write_text('name = "S"\n' + swing(0), encoding="utf-8")
    from delivery_options.appraisal import Appraisal

    assert len(Appraisal.open(root).statement_rows("s")) == 200 * 199
    exact = 'name = "S"\n' + swing(0, "100") + swing(1, "100")
    (root / "weights" / "s.toml").write_text(exact, encoding="utf-8")
    assert run("validate", "-p", str(root)).exit_code == 0
    assert len(Appraisal.open(root).statement_rows("s")) == 2 * 2 * 199


def test_repeated_star_statements_count_once(tmp_path: Path, run) -> None:
    """Adversary 6's record at a test's scale: one ``"*"`` statement written 300 times over 300
    options is one statement's rows, accepted: 100, as options o and o + 100 score alike here and a
    row two options share is one row; main made 89,700 rows."""
    from delivery_options.appraisal import Appraisal

    record = 'name = "S"\n' + '[[statements]]\nprefer = ["o0", "*"]\nsource = "x"\n' * 300
    root = _many_options(tmp_path / "w", 5, 300, record)
    app = Appraisal.open(root)
    X = app.long_matrix.values
    assert len(app.statement_rows("s")) == len({tuple(X[0] - x) for x in X[1:]}) == 100
    assert app.rank("s").document()["ranking"][0]["option"] == "o0"


def test_row_entries_bound_the_rows(tmp_path: Path) -> None:
    """row_entries is at least the coefficients of the rows each statement makes (brute
    force over random statements of every kind, objectives included)."""
    import numpy as np

    from delivery_options.model.statements import (
        CriteriaOrder,
        Hypothetical,
        Indifferent,
        Prefer,
        Swing,
        row_entries,
        rows,
    )

    rng = np.random.default_rng(7)
    crit = [f"c{j}" for j in range(6)]
    opts = [f"o{i}" for i in range(5)]
    X = rng.integers(0, 101, (5, 6)).astype(float)
    groups = (("g", ("c0", "c1", "c2")), ("h", ("c3", "c4")))
    for _ in range(300):
        kind = rng.integers(5)
        names = [
            str(x) for x in rng.choice([*crit, "g", "h"], size=rng.integers(2, 6), replace=False)
        ]
        if kind == 0:
            a, b = (str(x) for x in rng.choice(opts, 2, replace=False))
            st = Prefer(a, "*" if rng.random() < 0.5 else b, source="s")
        elif kind == 1:
            made = [
                Hypothetical(
                    tuple(
                        (c, float(rng.integers(1, 101))) for c in sorted(set(rng.choice(crit, 2)))
                    )
                )
                for _ in range(2)
            ]
            st = Indifferent(*made, source="s")
        elif kind == 2:
            st = Indifferent(str(rng.choice(opts)), Hypothetical((("c1", 50.0),)), source="s")
        elif kind == 3:
            ratings = [
                (n, float(lo), float(lo) + float(rng.integers(0, 2)) * 10)
                for n, lo in zip(names, rng.integers(1, 80, len(names)), strict=True)
            ]
            ratings[0] = (names[0], 100.0, 100.0)
            st = Swing(tuple(ratings), tuple(g for g in groups if g[0] in names), source="s")
        else:
            st = CriteriaOrder(tuple(names), tuple(g for g in groups if g[0] in names), source="s")
        made_rows = rows(st, X, opts, crit)  # each kept over every criterion
        assert len(made_rows) * len(crit) <= row_entries(st, len(crit), len(opts)), st


# --- finding 5: shared phrases per criterion pair ----------------------------------------------


def _pairwise(evidence):
    """Brute force: every phrase of one criterion against every phrase of each other, keeping
    the longest (then first in order) phrase that one contains."""
    from delivery_options.methods.structure import phrases

    quoted = {c: {p for t in texts for p in phrases(t)} for c, texts in evidence.items()}
    ids, out = list(quoted), []
    for i, c in enumerate(ids):
        for d in ids[i + 1 :]:
            hits = [min(p, q, key=len) for p in quoted[c] for q in quoted[d] if p in q or q in p]
            hits += [p for p in quoted[c] & quoted[d]]
            if hits:
                out.append((c, d, min(hits, key=lambda s: (-len(s), s))))
    return out


def _before(evidence):
    """methods/structure.py's shared_phrases before this change (per phrase pair, then per
    criterion pair), kept as a second reference."""
    from delivery_options.methods.quotes import contained
    from delivery_options.methods.structure import phrases

    ids = list(evidence)
    where: dict[str, set[int]] = {}
    for k, c in enumerate(ids):
        for t in evidence[c]:
            for p in phrases(t):
                where.setdefault(p, set()).add(k)
    best: dict[tuple[int, int], str] = {}
    for q, inside in contained(where).items():
        for p in inside:
            for i in where[p]:
                for j in where[q]:
                    key = (min(i, j), max(i, j))
                    if i != j and (key not in best or (-len(p), p) < (-len(best[key]), best[key])):
                        best[key] = p
    return [(ids[i], ids[j], best[i, j]) for i, j in sorted(best)]


def test_shared_phrases_agree_with_brute_force_on_random_evidence() -> None:
    """The same pairs and phrases as comparing every phrase pair, and as the code before, on
    500 random evidence sets over up to 9 criteria with phrases often inside one another."""
    import random

    from delivery_options.methods.structure import shared_phrases

    rng = random.Random(11)
    vocab = ["a", "ab", "b", "ba", "a a"]
    nonempty = 0
    for _ in range(500):
        ev = {}
        for c in [f"c{k}" for k in range(rng.randint(2, 9))]:
            texts = []
            for _ in range(rng.randint(0, 3)):
                qs = [" ".join(rng.choices(vocab, k=rng.randint(3, 7))) for _ in range(4)]
                texts.append(" and ".join(f"'{q}'" for q in qs))
            ev[c] = texts
        got = shared_phrases(ev)
        assert got == _pairwise(ev) == _before(ev), ev
        nonempty += bool(got)
    assert nonempty > 250  # the cases exercise the pairs


def test_nested_phrases_under_many_criteria_are_quick() -> None:
    """Adversary 6's finding 5 for one option: 100 criteria each quoting the same 100 nested
    phrases. Every pair shares the longest. The code before took 38 s here (k^2 c^2 / 2 steps),
    this 0.12 s: the bound of 10 s leaves a wide margin for a loaded machine."""
    import time

    from delivery_options.methods.structure import shared_phrases

    text = " ".join("'" + " ".join(["a"] * (i + 4)) + "'" for i in range(100))
    ev = {f"c{k}": [text] for k in range(100)}
    start = time.perf_counter()
    got = shared_phrases(ev)
    took = time.perf_counter() - start
    longest = " ".join(["a"] * 103)
    assert got == [(f"c{i}", f"c{j}", longest) for i in range(100) for j in range(i + 1, 100)]
    assert took < 10, took


# --- finding 7: near ties in statements are not called conflicts -------------------------------

ABC = """[appraisal]
title = "W"
[criteria.a]
name = "A"
[criteria.b]
name = "B"
[criteria.c]
name = "C"
"""


def _abc(tmp_path: Path, statements: list[str], c_of_x: str = "50") -> Path:
    """Three criteria on 0-100 and options x, y (equal but on c, where x has ``c_of_x``) and z."""
    opts = {
        "x": f'name = "X"\n[scores]\na = 50\nb = 50\nc = {c_of_x}\n',
        "y": 'name = "Y"\n[scores]\na = 50\nb = 50\nc = 50\n',
        "z": 'name = "Z"\n[scores]\na = 20\nb = 80\nc = 40\n',
    }
    said = 'name = "S"\n' + "".join(f"[[statements]]\n{s}\n" for s in statements)
    return write_workspace(tmp_path / "w", ABC, opts, {"s": said})


HOLDING = [
    # (statements, x's value on c): each holds, by a margin an absolute tolerance swallowed
    (['prefer = [{ b = 1e-7 }, { c = 1e-7 }]\nsource = "s"'], "50"),  # w_b > w_c
    (['prefer = [{ a = 50.000000000001 }, { a = 50 }]\nsource = "s"'], "50"),  # w_a > 0
    (['prefer = ["x", "y"]\nsource = "s"'], "50.0000000001"),  # w_c > 0
    (
        [
            'prefer = ["x", "y"]\nsource = "s"',
            'indifferent = [{ a = 100 }, { c = 99.9999999999 }]\nsource = "t"',
        ],
        "50.0000000001",
    ),
    # adversary 7's finding 5: a row of 1e-268 points, whose squares underflow to 0, was left
    # unscaled and called a conflict on its own (holds at w_b = 1)
    (
        [
            'prefer = [{ b = 7.436159603384938e-268 }, { a = 5.0134244977353215e-275 }]\nsource = "s"'
        ],
        "50",
    ),
]


@pytest.mark.parametrize("said, c_of_x", HOLDING)
def test_tiny_or_close_values_that_hold_are_accepted(tmp_path: Path, run, said, c_of_x) -> None:
    """Adversary 6's finding 7: each record holds (the weights in the comment show it); main
    said "cannot all hold under any weights" and refused the stakeholder in every command."""
    root = _abc(tmp_path, said, c_of_x)
    res = run("rank", "-p", str(root), "-w", "s")
    assert res.exit_code == 0, res.stderr
    res = run("infer", "-p", str(root), "-w", "s", "-f", "json")
    assert res.exit_code == 0 and '"consistent": true' in res.stdout


def test_rows_nearly_opposite_are_too_close_to_tell_not_a_conflict(tmp_path: Path, run) -> None:
    """100 on a over 99.99999999999999 on b, and the reverse: both hold at w_a = w_b (each by
    half of 1.4e-14 value points, exactly), which no solver can tell from a tie. Said so,
    naming both statements, never "cannot hold"."""
    root = _abc(
        tmp_path,
        [
            'prefer = [{ a = 100 }, { b = 99.99999999999999 }]\nsource = "s"',
            'prefer = [{ b = 100 }, { a = 99.99999999999999 }]\nsource = "t"',
        ],
    )
    line = _one_line(run("rank", "-p", str(root), "-w", "s"))
    assert "too small to tell apart" in line and "cannot" not in line
    assert "statement 1 (s); statement 2 (t)" in line
    res = run("infer", "-p", str(root), "-w", "s", "-f", "json")
    assert '"too_close_to_tell": true' in res.stdout


def test_a_hair_beside_an_equal_swing_is_too_close_to_tell_not_a_conflict(tmp_path: Path, run):
    """Adversary 7's finding 2: a swing rating a and b alike (w_a = w_b) and x over y, where x
    is 10 ahead on a, 10 behind on b and 1e-9 ahead on c. They hold together (w_a = w_b = 0.4,
    w_c = 0.2: x leads by 2e-10), but the margin LP's vertex puts w_c at 0, so the check at it
    alone said "cannot all hold". Tried at the centre of the set too: too close to tell."""
    opts = {
        "x": 'name = "X"\n[scores]\na = 60\nb = 40\nc = 50.000000001\n',
        "y": 'name = "Y"\n[scores]\na = 50\nb = 50\nc = 50\n',
        "z": 'name = "Z"\n[scores]\na = 0\nb = 0\nc = 0\n',
    }
    said = (
        'name = "S"\n[[statements]]\nswing = { a = 100, b = 100 }\nsource = "s1"\n'
        '[[statements]]\nprefer = ["x", "y"]\nsource = "s2"\n'
    )
    root = write_workspace(tmp_path / "w", ABC, opts, {"s": said})
    line = _one_line(run("rank", "-p", str(root), "-w", "s"))
    assert "too small to tell apart" in line and "cannot" not in line, line
    assert "statement 1 (s1); statement 2 (s2)" in line


@pytest.mark.parametrize(
    "said",
    [
        ['prefer = ["x", "z"]\nsource = "s"', 'prefer = ["z", "x"]\nsource = "t"'],
        [
            'prefer = [{ a = 100 }, { b = 100 }]\nsource = "s"',
            'prefer = [{ b = 100 }, { c = 100 }]\nsource = "t"',
            'prefer = [{ c = 100 }, { a = 100 }]\nsource = "u"',
        ],
    ],
)
def test_true_conflicts_are_still_conflicts(tmp_path: Path, run, said) -> None:
    """x over z and z over x (margin exactly 0 at every weight where they tie), and the cycle
    w_a > w_b > w_c > w_a: conflicts, named with their statements."""
    root = _abc(tmp_path, said, "60")
    line = _one_line(run("rank", "-p", str(root), "-w", "s"))
    assert "cannot all hold under any weights" in line
    named = "; ".join(f"statement {i + 1} ({s[-2]})" for i, s in enumerate(said))
    assert f"(conflicting: {named})" in line


# --- check: unevidenced scores grouped by option ----------------------------------------------


def test_unevidenced_scores_are_one_finding_per_option(tiny: Path) -> None:
    """The tiny workspace has no rationale or evidence on any of its 9 scores: one finding per
    option naming its three criteria (main made one per score: 600,003 at 3,000 x 200)."""
    from delivery_options.appraisal import Appraisal

    found = [f for f in Appraisal.open(tiny).check().findings if f.code == "unevidenced-score"]
    assert [f.where for f in found] == [
        f"options/{o}.toml: scores (3 of 3)" for o in ("alpha", "beta", "gamma")
    ]
    assert found[0].message == (
        "3 scores of Alpha lack a rationale or evidence: Quality (no rationale and evidence), "
        "Cost (no rationale and evidence) and Speed (no rationale and evidence)."
    )


def test_many_unevidenced_scores_are_counted_past_the_named(tmp_path: Path) -> None:
    from delivery_options.appraisal import Appraisal
    from delivery_options.methods.check import NAMED_SCORES

    crit = '[appraisal]\ntitle = "Q"\n' + "".join(
        f'[criteria.c{c}]\nname = "C{c}"\n' for c in range(20)
    )
    scores = "".join(
        f'[scores.c{c}]\nvalue = 5\nrationale = "r"\nevidence = ["e"]\n' for c in range(5)
    ) + "".join(f"[scores.c{c}]\nvalue = 5\n" for c in range(5, 20))
    root = write_workspace(tmp_path / "w", crit, {"o": f'name = "O"\n{scores}'}, {})
    (found,) = [f for f in Appraisal.open(root).check().findings if f.code == "unevidenced-score"]
    assert found.where == "options/o.toml: scores (15 of 20)"
    assert found.message.startswith("15 scores of O lack a rationale or evidence: C5 (no ")
    assert found.message.endswith(f"and {15 - NAMED_SCORES:,} more.")
    assert found.message.count("(no rationale and evidence)") == NAMED_SCORES


def test_a_set_joined_with_another_keeps_its_rows_in_points() -> None:
    """Compatible.add (the interview adds each answer's rows): the joined set's rows in value
    points are each part's, whether or not a part had short rows scaled up."""
    import numpy as np

    from delivery_options.methods import ror
    from delivery_options.methods.lp import simplex
    from delivery_options.model.statements import Hypothetical, Prefer

    W = simplex(("a", "b", "c"))
    X = np.array([[60.0, 40.0, 50.0], [30.0, 70.0, 50.0]])
    tiny = [Prefer(Hypothetical((("b", 1e-7),)), Hypothetical((("c", 1e-7),)), source="s")]
    big = [Prefer("x", "y", source="t")]
    C1 = ror.compatible_set(X, ("x", "y"), W, tiny)
    C2 = ror.compatible_set(X, ("x", "y"), W, big, 1)
    assert C1.points is not None and C2.points is None
    assert np.allclose(np.linalg.norm(C1.A, axis=1), 1.0)
    for joined in (C1.add(C2), C2.add(C1)):
        rows = {tuple(r) for r in joined.in_points().A}
        assert rows == {(0.0, 1e-7, -1e-7), (30.0, -30.0, 0.0)}
