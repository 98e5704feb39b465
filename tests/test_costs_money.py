"""Money counted twice: a criterion that is money beside options' [[costs]] (HM Treasury, Green
Book 2022, and its MCDA supplementary guidance, 2024: benefits kept apart from costs). `check`
says so, `value` names the cost criteria inside the value, and `init` no longer writes a
criterion that is money."""

from __future__ import annotations

import json
import re

from delivery_options.model.load import load_workspace
from delivery_options.model.types import Criterion

OLD_COST = "Whole-life cost over five years, in thousands of pounds. 0-2,000 is the fixed range."


def _init_with_costs(tmp_path, run, description: str | None = None, name: str = "mine"):
    """The README's `options init ... --criteria capacity,cost,risk`, then [[costs]] recorded
    (and, given ``description``, the cost criterion's description as the old init wrote it)."""
    ws = tmp_path / name
    assert run("init", str(ws), "--options", "4", "--criteria", "capacity,cost,risk").exit_code == 0
    crit = ws / "criteria.toml"
    text = crit.read_text().replace("# [appraisal.costs]", "[appraisal.costs]", 1)
    text = re.sub(r"(?m)^# period = 5\b", "period = 5", text, count=1)
    if description is not None:
        text = re.sub(
            r'(?ms)(\[criteria\.cost\]\nname = )"[^"]*"\ndescription = "[^"]*"',
            rf'\1"Cost"\ndescription = "{description}"',
            text,
        )
    crit.write_text(text)
    for i, f in enumerate(sorted((ws / "options").glob("*.toml"))):
        f.write_text(
            f.read_text()
            + f'\n[[costs]]\nitem = "Running"\nkind = "recurring"\ncentral = {i + 1}\n'
        )
    res = run("validate", "-p", str(ws))
    assert res.exit_code == 0, res.stderr
    return ws


def _findings(run, ws) -> list[dict]:
    return json.loads(run("check", "-p", str(ws), "-f", "json").stdout)["findings"]


def test_check_finds_money_counted_twice(tmp_path, run):
    ws = _init_with_costs(tmp_path, run, OLD_COST)
    money = [f for f in _findings(run, ws) if f["code"] == "money-twice"]
    assert len(money) == 1, money
    f = money[0]
    assert f["where"] == "criteria.toml: criteria.cost"
    assert "Cost looks like money" in f["message"] and "counted twice" in f["message"]
    assert "[[costs]]" in f["why"]
    assert "Green Book" in f["reference"] and "MCDA" in f["reference"]


def test_no_finding_without_costs_or_when_the_criterion_is_not_money(tmp_path, run):
    ws = tmp_path / "plain"
    run("init", str(ws), "--options", "4", "--criteria", "capacity,cost,risk")
    text = (ws / "criteria.toml").read_text()
    (ws / "criteria.toml").write_text(
        re.sub(
            r'(?ms)(\[criteria\.cost\]\nname = "[^"]*"\ndescription = )"[^"]*"',
            rf'\1"{OLD_COST}"',
            text,
        )
    )
    assert not [f for f in _findings(run, ws) if f["code"] == "money-twice"]  # no [[costs]]
    ws = _init_with_costs(tmp_path, run, name="b")  # init's own criterion: a judged burden
    assert not [f for f in _findings(run, ws) if f["code"] == "money-twice"]


def test_money_criteria_by_unit_name_and_description():
    from delivery_options.model.costs import money_criteria

    def crit(**kw) -> Criterion:
        return Criterion(kw.pop("id", "c"), kw.pop("name", "Quality"), direction="cost", **kw)

    assert money_criteria([crit(unit="£m")])[0][1] == "its unit is £m"
    assert money_criteria([crit(name="Running cost")])[0][1] == "its name says 'cost'"
    assert money_criteria([crit(description="Spend over 5 years")])[0][1] == (
        "its description says 'Spend'"
    )
    assert money_criteria([crit(description=OLD_COST)])  # "cost" and "pounds"
    assert not money_criteria([crit(unit="months", name="Time to set up")])
    assert not money_criteria([crit(name="Transition cost", description="Effort; not money.")])
    assert not money_criteria([Criterion("c", "Price", direction="benefit")])


def test_value_says_which_cost_criteria_are_in_the_value(tmp_path, run):
    ws = _init_with_costs(tmp_path, run, OLD_COST)
    notes = json.loads(run("value", "-p", str(ws), "-w", "example", "-f", "json").stdout)
    text = run("value", "-p", str(ws), "-w", "example", "-f", "md").stdout
    flat = " ".join(text.split())
    assert (
        "the value includes Cost, a cost criterion; the recorded costs are not part of it" in flat
    ), flat
    assert "costs are not part of it." not in flat
    assert notes["costs_recorded"] is True
    ws = _init_with_costs(tmp_path, run, name="b")
    flat = " ".join(run("value", "-p", str(ws), "-w", "example", "-f", "md").stdout.split())
    assert "; costs are not part of it." in flat and "cost criterion" not in flat


def test_init_does_not_describe_a_criterion_as_money(tmp_path, run):
    ws = tmp_path / "new"
    run("init", str(ws), "--options", "3", "--criteria", "cost,quality")
    loaded = load_workspace(ws)
    cost = loaded.criterion("cost")
    assert cost.direction == "cost" and cost.scale == (0.0, 100.0)
    assert not re.search(r"pounds|£|thousands", cost.description + cost.unit)
    assert "disruption" in cost.description and "[[costs]]" in cost.description
    block = (ws / "criteria.toml").read_text().split("[criteria.cost]")[1].split("[criteria.")[0]
    assert "[[costs]]" in block  # the comment points money to the options' costs
