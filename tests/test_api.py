"""The notebook API returns the same numbers as the CLI, as DataFrames."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import delivery_options as do
from conftest import ROOT


@pytest.fixture(scope="module")
def app():
    return do.load(ROOT)


def test_rank_matches_cli(app, run):
    df = app.rank("commissioner")
    cli = json.loads(run("rank", "-p", str(ROOT), "-w", "commissioner", "-f", "json").stdout)
    assert list(df.index) == [r["option"] for r in cli["ranking"]]
    assert df["score"].round(6).tolist() == [r["score"] for r in cli["ranking"]]
    assert (df[list(app.matrix.criteria)].sum(axis=1) - df["score"]).abs().max() < 1e-9


def test_tables(app):
    assert app.scores.shape == (7, 7) and app.values.shape == (7, 7)
    assert app.scores.loc["trust-with-council", "transition"] == 70
    assert app.values.loc["trust-with-council", "transition"] == pytest.approx(30)  # a cost
    assert app.weights.sum(axis=1).round(12).eq(1).all()
    assert app.criteria.loc["transition", "direction"] == "cost"


def test_compare_and_consensus(app):
    ranks = app.compare()
    assert ranks.shape == (7, 7) and (ranks.loc["executive-commissioner"] == 1).all()
    con = app.consensus()
    assert isinstance(con["regret"], pd.DataFrame)
    assert con["minimax_regret"][0] == "executive-commissioner"
    assert con["compromise_weights"].sum() == pytest.approx(1)


def test_sensitivity_and_smaa(app, run):
    sens = app.sensitivity("commissioner")
    cli = json.loads(run("sensitivity", "-p", str(ROOT), "-w", "commissioner", "-f", "json").stdout)
    assert sens["switching"].loc["trust-with-council", "l1"] == pytest.approx(
        cli["switching"]["trust-with-council"]["l1"], abs=1e-6
    )
    assert set(sens["robust"].query("possibly_best").index) == set(cli["possibly_best"])
    res = app.smaa("commissioner", samples=2000, seed=1)
    assert res["acceptability"].sum(axis=1).round(9).eq(1).all()
    assert list(res["acceptability"].columns) == list(range(1, 8))


def test_the_cli_does_not_load_pandas_through_the_package():
    import subprocess
    import sys

    code = "import sys, delivery_options; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
