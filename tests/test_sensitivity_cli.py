"""`options sensitivity` end to end on the Sandwell appraisal and on a small workspace."""

from __future__ import annotations

import json
import re

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


def test_commissioner_can_reach_option_2_but_not_option_3(run):
    # at her representative weights option 5 leads; 2 is reachable, 3 (screened out, and no
    # better than 2 on any criterion) is not
    data = _json(run, "-p", str(ROOT), "-w", "commissioner", "--all")
    assert data["leader"] == "trust-with-council"
    assert data["switching"]["executive-commissioner"]["status"] == "optimal"
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
    # the commissioner's weights are inferred (an LP's centre), so figures agree to within the
    # solvers' precision rather than to the last printed digit; every status is the same
    assert _statuses(a) == _statuses(b)
    assert _numbers(a) == pytest.approx(_numbers(b), abs=1e-4)


def _statuses(d) -> list:
    return [d["leader"], d["possibly_best"], d["necessarily_best"], d["dominance"]] + [
        (o, s["status"]) for kind in ("switching", "pairwise") for o, s in d[kind].items()
    ]


def _numbers(d) -> list[float]:
    out = []

    def walk(x):
        if isinstance(x, bool) or x is None or isinstance(x, str):
            return
        if isinstance(x, int | float):
            out.append(float(x))
        elif isinstance(x, dict):
            for k in sorted(x):
                walk(x[k])
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk({k: v for k, v in d.items() if k not in ("leader", "possibly_best", "necessarily_best")})
    return out


def test_scaling_all_weights_changes_nothing(tiny, run):
    text = (tiny / "weights" / "quality.toml").read_text()
    scaled = text.replace("quality = 6", "quality = 42").replace("cost = 3", "cost = 21")
    (tiny / "weights" / "scaled.toml").write_text(scaled.replace("speed = 1", "speed = 7"))
    a = _json(run, "-p", str(tiny), "-w", "quality")
    b = _json(run, "-p", str(tiny), "-w", "scaled")
    assert "42" not in text and (tiny / "weights" / "scaled.toml").read_text().count("= 7") == 1
    a.pop("stakeholder")
    b.pop("stakeholder")
    assert a == b


def test_every_format_renders_and_words_explain(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # wide enough that no cell wraps
    res = run("sensitivity", "-p", str(ROOT), "-w", "commissioner")
    assert res.exit_code == 0
    text = res.stdout
    data = _json(run, "-p", str(ROOT), "-w", "commissioner")
    moved = 100 * data["switching"]["executive-commissioner"]["moved"]
    words = re.search(r"move (\d+\.\d) points of weight from .+? \(-[\d.]+\) to .+? \(\+", text)
    assert words and float(words.group(1)) == pytest.approx(moved, abs=0.05)
    every = run("sensitivity", "-p", str(ROOT), "-w", "commissioner", "--all").stdout
    assert "cannot come first within the weights this stakeholder would accept" in every
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


TIED_CRITERIA = """
[appraisal]
title = "Ties"

[criteria.q]
name = "Q"

[criteria.c]
name = "C"
"""


def _tied(tmp_path):
    opt = 'name = "{}"\nnumber = {}\n[scores]\nq = {}\nc = {}\n'
    return write_workspace(
        tmp_path / "tied",
        criteria=TIED_CRITERIA,
        options={
            "alpha": opt.format("Alpha", 1, 60, 60),
            "beta": opt.format("Beta", 2, 60, 60),  # the same scores as alpha
            "gamma": opt.format("Gamma", 3, 40, 50),
            "delta": opt.format("Delta", 4, 60, 50),
        },
        weights={
            "lead": 'name = "Lead"\n[weights]\nq = 3\nc = 1\n'
            "[constraints]\nbounds = { q = [0.5, 1] }\n"
        },
    )


def test_beaten_everywhere_means_better_under_every_acceptable_weighting(tmp_path, run):
    """With w = w_q in [0.5, 1] (w_c = 1 - w): alpha and beta score 60 always, gamma
    40w + 50(1 - w) = 50 - 10w in [40, 45], delta 50 + 10w in [55, 60]. Alpha and beta tie
    everywhere, so neither beats the other; delta draws level with them at w = 1, so they do not
    beat it everywhere; alpha, beta and delta (by 20w >= 10) beat gamma under every weighting."""
    ws = _tied(tmp_path)
    data = _json(run, "-p", str(ws), "-w", "lead")
    assert data["value_intervals"]["gamma"] == pytest.approx([40, 45], abs=1e-6)
    assert data["value_intervals"]["delta"] == pytest.approx([55, 60], abs=1e-6)
    assert ["alpha", "beta"] in data["dominance"] and ["beta", "alpha"] in data["dominance"]
    assert sorted(data["dominance_strict"]) == [
        ["alpha", "gamma"],
        ["beta", "gamma"],
        ["delta", "gamma"],
    ]
    assert data["max_regret"] == pytest.approx(
        {"alpha": 0, "beta": 0, "gamma": 20, "delta": 5}, abs=1e-6
    )
    beaten = load(ws).sensitivity("lead").frame("robust").set_index("option")["beaten_by"]
    assert beaten.isna().to_dict() == {"alpha": True, "beta": True, "gamma": False, "delta": True}
    assert beaten["gamma"] == "1, 2, 4"
    text = run("sensitivity", "-p", str(ws), "-w", "lead", "--table", "robust").stdout
    assert "score higher than it under every one of them" in text
