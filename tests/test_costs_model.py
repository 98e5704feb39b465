"""Reading costs: [appraisal.costs] in criteria.toml, [[costs]] and [implementation] in options."""

from __future__ import annotations

import pytest

from conftest import CRITERIA_3, ROOT, write_workspace
from delivery_options.errors import OptionsError
from delivery_options.model.load import load_workspace

SCORES = "[scores]\nquality = 50\ncost = 100\nspeed = 5\n"
SETTINGS = '\n[appraisal.costs]\nunit = "£m"\nperiod = 5\nbudget = 10\n'
COSTS = """
[implementation]
months = 12
low = 9
high = 18
evidence = "Cabinet report, December 2017"

[[costs]]
item = "Set-up"
kind = "one-off"
central = 4.6
low = 2
high = 7.5
bears = "The council; the Department expected to fund part"
evidence = "CYP Now, 7 December 2017"

[[costs]]
item = "Running the company"
kind = "recurring"
central = 2.5
year = 1
years = 3
"""


def _ws(tmp_path, a: str = COSTS, b: str = "costs = []\n", settings: str = SETTINGS):
    criteria = CRITERIA_3.replace('title = "Tiny appraisal"', 'title = "Tiny appraisal"' + settings)
    opts = {"a": f'name = "A"\n{a}\n{SCORES}', "b": f'name = "B"\n{b}\n{SCORES}'}
    return write_workspace(tmp_path / "ws", criteria, opts)


def _problems(root) -> list[str]:
    with pytest.raises(OptionsError) as exc:
        load_workspace(root)
    return [str(p) for p in exc.value.problems]


def test_costs_are_read(tmp_path):
    ws = load_workspace(_ws(tmp_path))
    assert ws.costs.period == 5 and ws.costs.budget == 10 and ws.costs.unit == "£m"
    assert ws.costs.discount_rate is None  # the Green Book's schedule
    a = ws.option("a").costs
    assert [c.item for c in a.items] == ["Set-up", "Running the company"]
    setup, running = a.items
    assert (setup.low, setup.central, setup.high, setup.year) == (2, 4.6, 7.5, 0)
    assert setup.bears.startswith("The council") and setup.evidence.startswith("CYP Now")
    assert (running.kind, running.low, running.high, running.year, running.years) == (
        "recurring",
        2.5,
        2.5,
        1,
        3,
    )
    assert (a.implementation.months, a.implementation.low, a.implementation.high) == (12, 9, 18)
    b = ws.option("b").costs
    assert b.recorded and b.items == () and b.implementation is None


def test_a_workspace_without_costs_has_none(tmp_path):
    ws = load_workspace(_ws(tmp_path, a="", b="", settings=""))
    assert ws.costs is None and ws.option("a").costs is None


@pytest.mark.parametrize(
    "a, settings, expected",
    [
        (COSTS.replace('kind = "one-off"', 'kind = "once"'), SETTINGS, "costs[1].kind"),
        (COSTS.replace("low = 2\n", "low = 5\n"), SETTINGS, "costs[1].low: low (5) is above"),
        (COSTS.replace("high = 7.5", "high = 4"), SETTINGS, "costs[1].high"),
        (COSTS.replace("central = 4.6\n", ""), SETTINGS, "costs[1].central: is required"),
        (COSTS.replace("central = 4.6", 'central = "4.6"'), SETTINGS, "costs[1].central"),
        (COSTS.replace("years = 3", "years = 0"), SETTINGS, "costs[2].years"),
        (COSTS.replace("year = 1", "year = -1"), SETTINGS, "costs[2].year"),
        (COSTS.replace("year = 1", "year = 5"), SETTINGS, "costs[2].year: year 5 is after"),
        (COSTS.replace('item = "Set-up"', 'item = "Set-up"\nprice = 3'), SETTINGS, "price"),
        (COSTS.replace("months = 12", "months = 20"), SETTINGS, "implementation.high"),
        (COSTS, SETTINGS.replace("period = 5", "period = 0"), "appraisal.costs.period"),
        (COSTS, SETTINGS.replace("period = 5\n", ""), "appraisal.costs.period: is required"),
        (COSTS, SETTINGS + "discount_rate = 1.5\n", "appraisal.costs.discount_rate"),
        (COSTS, SETTINGS.replace("budget = 10", "budget = -1"), "appraisal.costs.budget"),
        (COSTS, SETTINGS + "worth_per_point = 0\n", "appraisal.costs.worth_per_point"),
        (COSTS, SETTINGS + "worth_per_point = 1e300\n", "appraisal.costs.worth_per_point"),
        (COSTS, SETTINGS.replace("budget = 10", "budget = 1e300"), "appraisal.costs.budget"),
        (COSTS, SETTINGS + "currency = 1\n", "appraisal.costs.currency: unknown field"),
        ("costs = 3\n", SETTINGS, "options/a.toml: costs: must be a list"),
        (
            COSTS.replace("high = 7.5", "high = 1e300"),
            SETTINGS,
            "costs[1].high: 1e+300 is too large",
        ),
    ],
)
def test_every_bad_field_is_one_line_naming_file_and_field(tmp_path, a, settings, expected):
    found = _problems(_ws(tmp_path, a=a, settings=settings))
    assert any(expected in p for p in found), found
    assert all("\n" not in p for p in found)


def test_an_option_without_costs_when_others_have_them(tmp_path):
    found = _problems(_ws(tmp_path, b=""))
    assert found == [
        "options/b.toml: costs: missing: other options record costs; write costs = [] if "
        "this one costs nothing more"
    ]


def test_the_cli_prints_one_line(run, tmp_path):
    root = _ws(tmp_path, a=COSTS.replace('kind = "one-off"', 'kind = "once"'))
    res = run("rank", "-p", str(root), "-w", "x")
    assert res.exit_code == 1
    assert res.stderr.strip().splitlines() == [
        'error: options/a.toml: costs[1].kind: must be "one-off" or "recurring", not \'once\''
    ]


def test_the_value_for_money_chart_shows_a_hostile_unit_as_text(tmp_path):
    """The workspace's cost unit reaches the chart's axis label escaped: no control character
    in the drawing (present/escape.py's chart target)."""
    import shutil

    from delivery_options import load
    from delivery_options.paper import economic

    root = tmp_path / "ws"
    shutil.copytree(
        ROOT / "examples" / "worcestershire", root, ignore=shutil.ignore_patterns("reports")
    )
    criteria = root / "criteria.toml"
    criteria.write_text(criteria.read_text().replace('unit = "£m"', 'unit = "£m\\u001b[31m"', 1))
    app = load(str(root))
    assert "\x1b" in app.workspace.costs.unit
    drawn = economic.chart(app.value_for_money(app.stakeholders()[0].id))
    i = drawn.svg.find("\x1b")
    assert i < 0, repr(drawn.svg[: i + 40])  # neither the drawn label nor the text alternative
