"""One core behind every front end: the command line, the Python API and the paper give the same
numbers for every analysis and every Sandwell stakeholder (same seed, same draws)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import delivery_options as do
from conftest import ROOT, TYPED
from delivery_options.errors import OptionsError
from delivery_options.paper import render as paper
from delivery_options.present import render

STAKEHOLDERS = sorted(p.stem for p in (ROOT / "weights").glob("*.toml"))
DRAWS, SEED = 3000, 1


@pytest.fixture(scope="module")
def app():
    return do.load(ROOT)


def _cli(run, *args):
    res = run(*args, "-p", str(ROOT), "-f", "json")
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def _doc(result):
    return json.loads(render(result, "json"))


def test_sandwell_has_its_seven_stakeholders():
    assert len(STAKEHOLDERS) == 7


@pytest.mark.parametrize("who", STAKEHOLDERS)
def test_cli_api_and_paper_agree(app, run, who):
    rank = app.rank(who)
    assert _doc(rank) == _cli(run, "rank", "-w", who)
    sens = app.sensitivity(who)
    assert _doc(sens) == _cli(run, "sensitivity", "-w", who)
    smaa = app.smaa(who, samples=DRAWS, seed=SEED)
    cli_smaa = _cli(run, "smaa", "-w", who, "-n", str(DRAWS), "--seed", str(SEED))
    assert _doc(smaa) == cli_smaa
    ctx = paper.build_context(app, paper.Settings(who, samples=DRAWS, seed=SEED))
    assert [(r.option, r.score) for r in ctx["ranking"].rows] == [
        (r.option, r.score) for r in rank.ranking.rows
    ]
    np.testing.assert_array_equal(ctx["smaa"].acceptability, smaa.result.acceptability)
    assert [s.l1 for s in ctx["sensitivity"].switching] == [s.l1 for s in sens.analysis.switching]
    assert ctx["consensus_data"] == app.compare(ctx["stakeholders"]).document()


def test_the_drift_is_gone_commissioner_3000_draws_seed_1(app, run):
    # Before the core, the API built its own sampler: 0.8497 in Python against 0.845 on the
    # command line for the commissioner's option 2 (the figures).
    cli = _cli(run, "smaa", "-w", "commissioner", "-n", "3000", "--seed", "1")
    api = app.smaa("commissioner", samples=3000, seed=1)
    first = api.first("executive-commissioner")
    assert first == pytest.approx(cli["acceptability"]["executive-commissioner"][0], abs=1e-6)


def test_compare_agrees(app, run):
    assert _doc(app.compare()) == _cli(run, "compare")
    some = ["council", "dfe"]
    assert _doc(app.compare(some)) == _cli(run, "compare", "-w", "council", "-w", "dfe")


def test_frames_are_tidy_and_numeric(app):
    df = app.rank("commissioner").frame("ranking")
    assert df["score"].dtype.kind == "f"
    crits = list(app.workspace.criterion_ids)
    assert (df[crits].sum(axis=1) - df["score"]).abs().max() < 1e-9
    inputs = do.load(ROOT, all_options=True).inputs().frames()
    assert inputs["scores"].shape[0] == 7
    values = inputs["values"]
    row = (
        values[values["option"] == "trust-with-council"]
        if "option" in values
        else values.loc[["trust-with-council"]]
    )
    assert float(row["transition"].iloc[0]) == pytest.approx(30)  # a cost: 100 - 70


def test_python_arguments_as_a_python_user_passes_them(app, tmp_path):
    # a Path, one name, or a list: not a string read letter by letter
    assert app.compare("dfe").document()["stakeholders"] == ["dfe"]
    assert app.compare(["dfe", "council"]).document()["stakeholders"] == ["dfe", "council"]
    assert app.rank(ROOT / "weights" / "dfe.toml").stakeholder.id == "dfe"
    assert do.load(str(ROOT)).workspace.title == app.workspace.title
    for bad in (3, None, ["dfe", 4]):
        with pytest.raises(OptionsError) as err:
            app.compare(bad) if bad is not None else app.rank(bad)
        assert "--" not in str(err.value)  # concepts, not flags
    with pytest.raises(OptionsError, match="no stakeholder 'nobody' in weights/"):
        app.rank("nobody")
    with pytest.raises(OptionsError, match="seed"):
        app.smaa(seed=-1, samples=100)
    with pytest.raises(OptionsError, match="draws"):
        app.smaa(samples=10**12)


def test_the_cli_does_not_load_pandas_through_the_package():
    import subprocess
    import sys

    code = "import sys, delivery_options; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_moved_weights_keep_the_files_acceptable_set():
    app = do.load(TYPED)
    st = app.stakeholder("commissioner")  # its constraints hold a tolerance of 0.10
    moved = app.with_weights(st, dict(zip(app.workspace.criterion_ids, [1] * 7, strict=True)))
    before, after = app.weight_set(st), app.weight_set(moved)
    np.testing.assert_array_equal(before.lower, after.lower)
    np.testing.assert_array_equal(before.upper, after.upper)
    assert before.order == after.order and moved.constraints.tolerance is None
    assert not after.contains(app.weights(moved))  # equal weights: outside what she accepts
    res = app.sensitivity(moved)  # measured from the moved weights into her acceptable set
    assert res.analysis.robust.possibly_best == app.sensitivity(st).analysis.robust.possibly_best
