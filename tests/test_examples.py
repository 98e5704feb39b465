"""The second real case, Kirklees (2017): nothing in the code is specific to Sandwell."""

from __future__ import annotations

import json

from conftest import ROOT

KIRKLEES = ROOT / "examples" / "kirklees"


def test_kirklees_validates_and_ranks(run):
    assert run("validate", "-p", str(KIRKLEES)).exit_code == 0
    data = json.loads(run("compare", "-p", str(KIRKLEES), "-f", "json").stdout)
    # the public decision: a partnership with Leeds; the illustrative weights agree
    assert data["favourites"]["commissioner"] == "partnership"
    # by hand, commissioner: partnership = .30*75 + .20*45 + .10*75 + .15*100*(24-4)/24
    #   + .10*100*(5-0.8)/5 + .15*(100-30) = 22.5 + 9 + 7.5 + 12.5 + 8.4 + 10.5 = 70.4
    assert data["scores"]["commissioner"]["partnership"] == 70.4


def test_kirklees_every_score_is_labelled_illustrative():
    from delivery_options.model.load import load_workspace

    ws = load_workspace(KIRKLEES)
    assert "illustrative" in ws.title.lower()
    for o in ws.options:
        for s in o.scores.values():
            assert s.rationale.startswith("Illustrative")


def test_kirklees_sensitivity_and_paper(run, tmp_path):
    assert run("sensitivity", "-p", str(KIRKLEES), "-w", "commissioner").exit_code == 0
    assert run("check", "-p", str(KIRKLEES)).exit_code == 0
    out = tmp_path / "kirklees"
    res = run(
        "report",
        "-p",
        str(KIRKLEES),
        "-w",
        "commissioner",
        "-o",
        str(out),
        "-f",
        "md",
        "-n",
        "1000",
    )
    assert res.exit_code == 0, res.stderr
    assert "Formal partnership with another council (Leeds)" in out.with_suffix(".md").read_text()
