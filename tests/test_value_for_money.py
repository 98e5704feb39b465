"""Value for money on the worked example with money (examples/worcestershire), by hand, and on a
workspace without costs (Sandwell): the result, `options value` in every format."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import ROOT
from delivery_options.appraisal import Appraisal

WORCS = ROOT / "examples" / "worcestershire"
# the present worth of 1 a year in years 1-4 at 3.5%, paid at the start of each year
A = 1 / 1.035 + 1 / 1.035**2 + 1 / 1.035**3 + 1 / 1.035**4  # 3.673079


@pytest.fixture(scope="module")
def app():
    return Appraisal.open(WORCS)


def _by_id(doc):
    return {o["option"]: o for o in doc["options"]}


def test_present_costs_by_hand(app):
    doc = app.value_for_money("council").document()
    got = _by_id(doc)
    assert round(A, 6) == 3.673079
    # company: set-up 4.6 (2-7.5) in year 0, running 2.5 (2-3) a year in years 1-4
    assert got["company"]["present_cost"] == pytest.approx(
        {"low": 2 + 2 * A, "central": 4.6 + 2.5 * A, "high": 7.5 + 3 * A}
    )
    assert got["company"]["cash_cost"] == pytest.approx(
        {"low": 10.0, "central": 14.6, "high": 19.5}
    )
    assert got["partnership"]["present_cost"]["central"] == pytest.approx(0.5 + A)
    assert got["trust"]["present_cost"]["central"] == pytest.approx(6 + 3 * A)
    assert got["in-house"]["present_cost"] == {"low": 0.0, "central": 0.0, "high": 0.0}
    # affordability against the budget of 15 (cash): company 10-19.5 straddles it
    assert [got[k]["affordable"] for k in ("in-house", "partnership", "company", "trust")] == [
        "affordable",
        "affordable",
        "depends",
        "depends",
    ]
    assert got["company"]["months_to_implement"] == {"low": 9, "central": 12, "high": 18}


def test_council_frontier_choice_and_switching_by_hand(app):
    doc = app.value_for_money("council").document()
    got = _by_id(doc)
    # values by hand (weights 35/15/20/10/20; time on 0-24 months and risk are costs):
    # in-house  .35*35 + 0 + .2*100 + .1*100 + .2*50 = 52.25
    # partner   .35*65 + .15*30 + .2*75 + .1*80 + .2*70 = 64.25
    # company   .35*75 + .15*70 + .2*50 + .1*75 + .2*60 = 66.25
    # trust     .35*75 + .15*100 + .2*25 + .1*50 + .2*40 = 59.25
    assert [got[k]["value"] for k in ("in-house", "partnership", "company", "trust")] == (
        pytest.approx([52.25, 64.25, 66.25, 59.25])
    )
    # the trust is worth less than the partnership and costs more
    assert doc["frontier"] == ["in-house", "partnership", "company"]
    assert got["trust"]["dominated_by"] == "partnership"
    steps = doc["steps"]
    assert steps[0]["per_point"] == pytest.approx((0.5 + A) / 12)  # £0.348m a point
    assert steps[1]["per_point"] == pytest.approx((4.1 + 1.5 * A) / 2)  # £4.805m a point
    # the most valuable affordable option: the company (cash 14.6 <= 15)
    assert doc["chosen"] == "company"
    sw = {s["option"]: s for s in doc["switching"]}
    assert sw["company"]["change"] == pytest.approx(15 - 14.6)
    assert sw["company"]["then_chosen"] == "partnership" and sw["company"]["rechecked"]
    assert sw["partnership"]["change"] is None and sw["trust"]["change"] is None


def test_switching_values_re_evaluated_by_moving_the_cost(app):
    """Move the company's set-up cost in the file's terms and run the choice again."""
    from delivery_options.methods.costs import value_for_money

    res = app.value_for_money("council")
    ws = res.workspace
    items = [list(o.costs.items) for o in ws.options]
    company = ws.option_ids.index("company")
    for extra, chosen in ((0.39, "company"), (0.41, "partnership")):
        moved = [list(x) for x in items]
        c = moved[company][0]
        moved[company][0] = type(c)(**{**c.__dict__, "central": c.central + extra})
        vm = value_for_money(res.values, moved, 5, None, 15)
        assert ws.option_ids[vm.chosen] == chosen


def test_department_trust_switch_and_extended_dominance(app):
    res = app.value_for_money("department")
    doc = res.document()
    got = _by_id(doc)
    # .30*75 + .40*100 + .10*25 + .05*50 + .15*40 = 73.5: the most valuable, but cash 18 > 15
    assert got["trust"]["value"] == pytest.approx(73.5)
    assert doc["chosen"] == "company"
    sw = {s["option"]: s for s in doc["switching"]}
    assert sw["trust"]["change"] == pytest.approx(3.0) and sw["trust"]["then_chosen"] == "trust"
    assert sw["trust"]["because"] == "budget" and sw["trust"]["rechecked"]
    # partnership -> company costs (4.1 + 1.5A)/14.75 a point, company -> trust (1.4 + 0.5A)/5.25:
    # the later step is cheaper a point, so the company is never the best net value
    per = [s["per_point"] for s in doc["steps"]]
    assert per[1] == pytest.approx((4.1 + 1.5 * A) / 14.75)
    assert per[2] == pytest.approx((1.4 + 0.5 * A) / 5.25)
    assert [res.label(a) for a in res.extended()] == ["3. Company wholly owned by the council"]
    notes = " ".join(res.table("frontier").notes)
    assert "extended dominance" in notes


def test_without_costs_says_what_it_can(run):
    res = Appraisal.open(ROOT).value_for_money("commissioner")
    doc = res.document()
    assert doc["costs_recorded"] is False and doc["chosen"] is None
    gaps = doc["value_gaps"]
    lead, second = (o["option"] for o in doc["options"][:2])
    top = doc["options"][0]["value"] - doc["options"][1]["value"]
    assert gaps[lead] == 0 and gaps[second] == pytest.approx(top)
    table = res.table("value_gap")
    row = next(r for r in table.rows if r[0] == second)
    assert row[-1] == pytest.approx(top)  # the gap, and no invented cost per point after it
    assert [c.key for c in table.columns][-2:] == ["value", "gap"]
    text = run("value", "-p", str(ROOT), "-w", "commissioner", "-f", "md").stdout
    assert "Costs are not recorded in this workspace. The decision needs them" in text
    assert "nothing can be said about which option is better value for money" in text


@pytest.mark.parametrize("fmt", ["text", "md", "csv", "json"])
def test_the_command_in_every_format(run, fmt):
    res = run("value", "-p", str(WORCS), "-w", "council", "-f", fmt)
    assert res.exit_code == 0, res.stderr
    if fmt == "json":
        assert json.loads(res.stdout)["chosen"] == "company"
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(res.stdout)))
        assert [r["option"] for r in rows] == ["company", "partnership", "trust", "in-house"]
        assert rows[0]["chosen"] == "chosen"
    else:
        assert "Cost switching values" in res.stdout and "frontier" in res.stdout
    for table in ("frontier", "cost_switching", "costs"):
        assert run("value", "-p", str(WORCS), "-w", "council", "--table", table).exit_code == 0


def test_the_example_validates_and_every_cost_has_its_source():
    from delivery_options.model.load import load_workspace

    assert Appraisal.validate(WORCS).valid
    ws = load_workspace(WORCS)
    assert "illustrative" in ws.title.lower()
    for o in ws.options:
        for s in o.scores.values():
            assert s.rationale.startswith("Illustrative")
        for c in o.costs.items:
            assert c.evidence and c.bears
            assert c.evidence.startswith("Illustrative") or any(
                src in c.evidence for src in ("CYP Now", "LGC")
            )


def test_the_example_reports_value_for_money(run, tmp_path):
    assert run("check", "-p", str(WORCS)).exit_code == 0
    out = tmp_path / "worcs"
    res = run("report", "-p", str(WORCS), "-w", "council", "-o", str(out), "-f", "md", "-n", "500")
    assert res.exit_code == 0, res.stderr
    text = out.with_suffix(".md").read_text()
    assert "## 9. Value for money" in text
    assert "The numbers behind figure 4" in text and "Every cost and its evidence" in text


def test_nothing_affordable_says_so(tmp_path):
    import shutil

    root = tmp_path / "w"
    shutil.copytree(WORCS, root)
    crit = root / "criteria.toml"
    crit.write_text(crit.read_text().replace("budget = 15 ", "budget = 0 "))
    (root / "options" / "in-house.toml").write_text(
        (WORCS / "options" / "in-house.toml")
        .read_text()
        .replace("costs = []", 'costs = [{ item = "x", kind = "one-off", central = 1 }]')
    )
    res = Appraisal.open(root).value_for_money("council")
    assert res.document()["chosen"] is None
    table = res.table("cost_switching")
    assert table.rows == () and "No option is affordable" in table.no_rows


def test_without_costs_a_stated_worth_gives_the_cost_difference_that_changes_the_answer(tmp_path):
    import shutil

    root = tmp_path / "s"
    root.mkdir()
    for name in ("criteria.toml", "options", "weights"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, root / name)
    crit = root / "criteria.toml"
    crit.write_text(crit.read_text() + "\n[appraisal.costs]\nworth_per_point = 0.5\n")
    res = Appraisal.open(root).value_for_money("commissioner")
    assert not res.recorded
    table = res.table("value_gap")
    second = table.rows[1]
    gap = second[4]
    assert second[-1] == pytest.approx(0.5 * gap)  # the worth of a point times the gap
    assert "stays the better value unless it costs more" in " ".join(table.notes)
    from delivery_options.paper.economic import _without_costs

    said = _without_costs(res, lambda a: res.workspace.option_ids[a])
    assert f"it costs more than {res.money(0.5 * gap)} more than" in said
