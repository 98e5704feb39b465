"""`options sensitivity` end to end on the Sandwell appraisal and on a small workspace."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from conftest import ROOT, TINY_OPTIONS, write_workspace
from delivery_options.appraisal import load
from delivery_options.methods.lp import weight_set
from delivery_options.methods.value import decision_matrix

KEYS = {
    "stakeholder",
    "leader",
    "switching",
    "pairwise",
    "stability",
    "value_intervals",
    "possibly_best",
    "necessarily_best",
    "dominance",
    "max_regret",
    "minimax_regret",
}


def _json(run, *args):
    res = run("sensitivity", *args, "--format", "json")
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


@pytest.mark.parametrize("name", ["commissioner", "dfe", "unions", "children-families"])
def test_sandwell_results_verify_against_the_constraints(run, name):
    data = _json(run, "-p", str(ROOT), "-w", name)
    assert data.keys() >= KEYS
    app = load(ROOT)
    ws, st = app.workspace, app.stakeholder(name)
    dm = decision_matrix(ws)
    W = weight_set(dm.criteria, st)
    idx = {o: i for i, o in enumerate(dm.options)}
    assert data["switching"][data["leader"]]["l1"] == 0
    for kind in ("switching", "pairwise"):
        for opt, s in data[kind].items():
            if s["status"] == "leader":
                assert s["l1"] == 0 and opt == data["leader"]
                continue
            if s["status"] != "optimal":
                assert s["l1"] is None and s["weights"] is None
                continue
            for key, dist in (("weights", "l1"), ("weights_linf", "linf")):
                w = np.array([s[key][c] for c in dm.criteria])
                assert W.contains(w, 1e-5)  # JSON rounds to 6 places
                v = dm.values @ w
                rivals = [idx[data["leader"]]] if kind == "pairwise" else list(range(len(v)))
                assert v[idx[opt]] >= max(v[b] for b in rivals) - 1e-3
                d = np.abs(w - W.centre)
                assert (d.sum() if dist == "l1" else d.max()) == pytest.approx(s[dist], abs=1e-5)
    for iv in data["stability"].values():
        assert iv["top"][0] <= iv["weight"] <= iv["top"][1]
        assert iv["top"][0] <= iv["ranking"][0] <= iv["ranking"][1] <= iv["top"][1]
    assert data["leader"] in data["possibly_best"]
    for opt in data["possibly_best"]:
        assert data["switching"][opt]["status"] in ("optimal", "leader")


def test_commissioner_can_reach_option_5_but_not_option_3(run):
    data = _json(run, "-p", str(ROOT), "-w", "commissioner", "--all")  # 3 is screened out
    assert data["leader"] == "executive-commissioner"
    assert data["switching"]["trust-with-council"]["status"] == "optimal"
    assert data["switching"]["partner-good-authority"]["status"] == "cannot"
    assert set(data["possibly_best"]) == {"executive-commissioner", "trust-with-council"}


def test_cbc_and_highs_give_the_same_answers(run):
    a = _json(run, "-p", str(ROOT), "-w", "commissioner", "--solver", "cbc")
    b = _json(run, "-p", str(ROOT), "-w", "commissioner", "--solver", "highs")
    for d in (a, b):
        d.pop("solver")
        for kind in ("switching", "pairwise"):
            for s in d[kind].values():  # an LP may have several optimal weight vectors
                s.pop("weights")
                s.pop("weights_linf")
    assert a == b


def test_scaling_all_weights_changes_nothing(tmp_path, run):
    ws = tmp_path / "sandwell"
    shutil.copytree(ROOT, ws, ignore=shutil.ignore_patterns(".venv", ".git", "tests", "src"))
    text = (ws / "weights" / "commissioner.toml").read_text()
    for c, v in (
        ("capacity", 25),
        ("fresh_start", 25),
        ("council", 20),
        ("workforce", 10),
        ("transition", 10),
        ("deliverability", 5),
        ("governance", 5),
    ):
        text = text.replace(f"\n{c} = {v}\n", f"\n{c} = {v * 7}\n")
    (ws / "weights" / "scaled.toml").write_text(text)
    a = _json(run, "-p", str(ws), "-w", "commissioner")
    b = _json(run, "-p", str(ws), "-w", "scaled")
    a.pop("stakeholder")
    b.pop("stakeholder")
    assert a == b


def test_every_format_renders_and_words_explain(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no cell wraps
    res = run("sensitivity", "-p", str(ROOT), "-w", "commissioner")
    assert res.exit_code == 0
    text = res.stdout
    assert "move 5.8 points of weight from Transition cost and disruption (-5.8)" in text
    assert "cannot come first within the weights this stakeholder would accept" in text
    for fmt in ("csv", "markdown"):
        assert run("sensitivity", "-p", str(ROOT), "-w", "council", "-f", fmt).exit_code == 0


def test_unconstrained_stakeholder_uses_the_closed_form(tmp_path, run):
    ws = write_workspace(
        tmp_path / "t",
        options=TINY_OPTIONS,
        weights={"plain": 'name = "Plain"\n[weights]\nquality = 1\ncost = 1\nspeed = 1\n'},
    )
    data = _json(run, "-p", str(ws), "-w", "plain")
    # even weights: values alpha (80,25,50) 51.67, beta (40,75,80) 65, gamma (60,50,20) 43.33
    alpha = data["pairwise"]["alpha"]
    assert alpha["method"] == "closed form"
    # g = alpha - beta = (40, -50, -30), G = 40/3; move from cost (g=-50) to quality (g=40):
    # 1/3 of weight available covers G/90 = 0.148, so L1 = 2 * 0.148148 = 0.296296
    assert alpha["l1"] == pytest.approx(2 * (40 / 3) / 90, abs=1e-6)
