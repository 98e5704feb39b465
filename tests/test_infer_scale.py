"""options infer past a hundred options (adversary finding 6): each option's counts instead of
every pair, the pairs listed with --pairs, and the relations held without options x options
arrays of numbers. The pairs and counts are checked against the m x m version of the analysis
(tests/reference_ror_blocks.py) on the same workspace."""

from __future__ import annotations

import io
import json
import tracemalloc
from csv import reader

import numpy as np
import pytest

import reference_ror_blocks
from conftest import write_workspace
from delivery_options.appraisal import Appraisal
from delivery_options.methods import ror
from delivery_options.methods.lp import make_solver, simplex
from delivery_options.model.statements import Prefer
from delivery_options.results.infer import PAIR_LIMIT

CRITERIA = '[appraisal]\ntitle = "Many"\n' + "".join(
    f'[criteria.c{j}]\nname = "C{j}"\n' for j in range(4)
)
SAID = (
    'name = "Said"\n[[statements]]\nprefer = [{ c0 = 100 }, { c1 = 50 }]\nsource = "y"\n'
    '[[statements]]\nprefer = ["o3", "o7"]\nsource = "y"\n'
)


def _workspace(root, m: int):
    rng = np.random.default_rng(m)
    X = rng.integers(0, 100, (m, 4))
    X[3], X[7] = [90, 60, 50, 50], [20, 30, 40, 40]  # o3 over o7 can hold
    options = {
        f"o{i}": f'name = "O{i}"\nnumber = {i + 1}\n[scores]\n'
        + "".join(f"c{j} = {X[i, j]}\n" for j in range(4))
        for i in range(m)
    }
    return write_workspace(root, CRITERIA, options, {"said": SAID})


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    return _workspace(tmp_path_factory.mktemp("many"), PAIR_LIMIT + 20)


@pytest.fixture(scope="module")
def old(many):
    """The m x m version's analysis of the same statements over the same weights."""
    app = Appraisal.open(many)
    st, dm = app._raw("said"), app.long_matrix
    W = app._weight_set_of(st, dm.criteria)
    res = reference_ror_blocks.analyse(dm.values, dm.options, W, st.statements, app.solver)
    assert res.consistent and len(res.possibly_first) > 1 and res.necessary
    return res


def _json(run, *args):
    res = run(*args, "-f", "json")
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def test_counts_not_pairs_past_the_limit(many, old, run):
    """Past PAIR_LIMIT options the JSON gives each option's counts, as the old pairs count them,
    and no pair list; the rest of the answer is the old one's."""
    data = _json(run, "infer", "-p", str(many), "-w", "said")
    assert data["necessary"] is None and data["possible"] is None
    assert data["pairs_listed"] is False
    opts = list(old.options)
    counts = {o: [0, 0, 0] for o in opts}
    for a, b in old.necessary:
        counts[a][0] += 1
        counts[b][1] += 1
    for a, _ in old.possible:
        counts[a][2] += 1
    got = {
        c["option"]: [c["necessary_over"], c["necessary_under"], c["possible_over"]]
        for c in data["relation_counts"]
    }
    assert [c["option"] for c in data["relation_counts"]] == opts
    assert got == counts
    assert data["possibly_first"] == list(old.possibly_first)
    assert data["necessarily_first"] == list(old.necessarily_first)


def test_pairs_listed_when_asked(many, old, run):
    """--pairs lists every pair, as the old analysis's document listed them."""
    data = _json(run, "infer", "-p", str(many), "-w", "said", "--pairs")
    assert data["pairs_listed"] is True
    doc = old.document()
    assert data["necessary"] == doc["necessary"] and data["possible"] == doc["possible"]
    assert len(data["relation_counts"]) == len(old.options)


def test_tables_past_the_limit(many, run):
    """Text: the counts table and its note naming --pairs, no option-by-option table; CSV of
    relation_counts one row per option; with --pairs the option-by-option table is back."""
    res = run("infer", "-p", str(many), "-w", "said")
    assert res.exit_code == 0, res.stderr
    assert "How many options is each option at least as good as?" in res.stdout
    assert "options infer -w said --pairs lists them" in " ".join(res.stdout.split())
    assert "Is the row option at least as good as the column option?" not in res.stdout
    csv = run("infer", "-p", str(many), "-w", "said", "-f", "csv", "--table", "relation_counts")
    rows = list(reader(io.StringIO(csv.stdout)))
    assert rows[0] == ["option", "name", "necessary_over", "necessary_under", "possible_over"]
    assert len(rows) == PAIR_LIMIT + 21
    both = run("infer", "-p", str(many), "-w", "said", "--pairs")
    assert "Is the row option at least as good as the column option?" in both.stdout
    assert "How many options" not in both.stdout


def test_pairs_listed_up_to_the_limit(tmp_path, run):
    """At PAIR_LIMIT options every pair is listed, as before, and the counts agree with them."""
    ws = _workspace(tmp_path / "few", PAIR_LIMIT)
    data = _json(run, "infer", "-p", str(ws), "-w", "said")
    assert data["pairs_listed"] is True
    over = {c["option"]: c["necessary_over"] for c in data["relation_counts"]}
    for o, k in over.items():
        assert k == sum(1 for a, _ in data["necessary"] if a == o)
    res = run("infer", "-p", str(ws), "-w", "said")
    assert "Is the row option at least as good as the column option?" in res.stdout


def test_relations_held_without_options_squared_numbers():
    """The analysis at 1,000 options holds less than one options x options array of float64
    (8 MB) at its peak, the boolean relations (1 MB each) included: the m x m version held two
    (the least differences and a scratch array) and index arrays of every open pair besides."""
    rng = np.random.default_rng(0)
    m, n = 1000, 10
    X = rng.integers(0, 101, (m, n)).astype(float)
    opts, crit = [f"o{i}" for i in range(m)], [f"c{j}" for j in range(n)]
    sts = [Prefer(opts[int(np.argmax(X[:, 0] + X[:, 1]))], opts[0], source="t")]
    solver = make_solver("auto")
    tracemalloc.start()
    try:
        res = ror.analyse(X, opts, simplex(crit), sts, solver)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert res.consistent and res.necessary_matrix.dtype == bool
    assert 1 < len(res.possibly_first) < m and res.necessary
    assert peak < m * m * 8
