"""The paper's value-for-money section and the submission's word on costs, from the same result
`options value` prints (paper/economic.py)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from delivery_options.appraisal import load
from delivery_options.paper import render
from delivery_options.paper.document import Figure, Heading, Items, Para

WORCS = ROOT / "examples" / "worcestershire"


def _text(doc) -> str:
    out = []
    for b in doc.blocks:
        if isinstance(b, Para):
            out.append(b.lead + " " + b.text)
        elif isinstance(b, Items):
            out += b.items
        elif isinstance(b, Heading):
            out.append(b.text)
        elif isinstance(b, Figure):
            out += [b.caption, b.reading, b.alt]
    return "\n".join(out)


def _named(res, a: int) -> str:
    """An option as the paper names it."""
    o = res.workspace.options[a]
    return f"option {o.number} ({o.name})"


def _section(doc) -> str:
    text = _text(doc)
    start = text.index("Value for money\n")
    return text[start : text.index("\nAnnex A. Method", start)]


@pytest.fixture(scope="module")
def worcs():
    app = load(WORCS)
    paper = render.build_context(app, render.Settings("department", samples=500))
    sub = render.build_context(app, render.Settings("department", samples=500, kind="submission"))
    return app.value_for_money("department"), paper["doc"], sub["doc"]


def test_the_section_follows_the_preferred_way_forward_with_the_next_figure(worcs):
    _, doc, _ = worcs
    heads = [h.text for h in doc.contents() if h.text[:1].isdigit()]  # the numbered sections
    at = next(i for i, h in enumerate(heads) if h.endswith("Value for money"))
    assert heads[at] == f"{at + 1}. Value for money" and heads[at - 1].startswith(f"{at}. ")
    assert heads[at + 1].startswith(f"{at + 2}. ")  # the commercial case follows the economic
    figures = doc.figures()
    assert [f.number for f in figures] == list(range(1, len(figures) + 1))
    chart = figures[-1]
    assert "efficient frontier" in chart.caption and chart.svg.startswith("<svg")
    assert "Independent trust: value 73.5, present cost £17.02m" in chart.alt


def test_the_section_says_what_the_result_says(worcs):
    res, doc, _ = worcs
    text = _section(doc)
    vm = res.computed
    company = res.workspace.option_ids.index("company")
    trust = res.workspace.option_ids.index("trust")
    # the same numbers as options value: the choice, the switching values, the frontier steps
    assert f"By that rule: {_named(res, vm.chosen)}." in text
    assert _named(res, vm.chosen) == "option 3 (Company wholly owned by the council)"
    rise = res.money(vm.switches[company].change)
    assert rise == "£0.40m" and f"rises by more than {rise}" in text
    fall = res.money(vm.switches[trust].change)
    assert fall == "£3m" and f"fell by more than {fall}" in text
    for s in vm.steps:
        assert f"{res.money(s.per_point)} a point" in text
    assert "Option 3 (Company wholly owned by the council) costs more a point to reach" in text
    assert "the cash cost of option 4 (Independent trust) over the period (£18m) is over" in text
    assert "Each switching value was re-checked" in text
    assert "illustrative" in text.lower()  # the weights are named as the example's


def test_the_submission_gives_the_costs(worcs):
    _, _, sub = worcs
    text = _text(sub)
    assert (
        "Costs. On value for money, the choice is option 3 (Company wholly owned by the "
        "council): present cost £13.78m, plausibly £9.35m to £18.52m; it stays the choice "
        "unless its cost rises by £0.40m." in text
    )


@pytest.fixture(scope="module")
def sandwell():
    app = load(ROOT)
    paper = render.build_context(app, render.Settings("commissioner", samples=500))
    sub = render.build_context(app, render.Settings("commissioner", samples=500, kind="submission"))
    return app.value_for_money("commissioner"), paper["doc"], sub["doc"]


def test_without_costs_the_paper_says_so_and_what_a_cost_difference_would_mean(sandwell):
    res, doc, sub = sandwell
    text = _section(doc)
    assert "Costs are not recorded." in text and "The decision needs them" in text
    a, b = res.ranked()[:2]
    gap = res.values[a] - res.values[b]
    assert f"Option {_named(res, a)[7:]} leads {_named(res, b)} by {gap:.1f} value points" in text
    # no invented sum divided by a lead that already holds the transition's cost (office
    # finding N3): the money a cost criterion counts is said, and no £ figure is made up
    assert "£" not in text and "divided by" not in text
    assert (
        "That value already counts cost in part: transition cost and disruption is a criterion "
        "in the score. Before recorded costs are set against value, it must be scored without "
        "money, or money is counted twice." in text
    )
    assert "No cost is known, so no cost per value point is given." in text
    assert "nothing more can be said about value for money" in text
    assert not [f for f in doc.figures() if "present cost" in f.caption]  # no chart without costs
    # the submission says what their absence means for the decision
    said = _text(sub)
    assert "Costs: not recorded." in said and "The report gives no cost for any option" in said
    assert "Without them, no one can weigh cost against value." in said


def test_a_money_criterion_beside_recorded_costs_is_said_to_count_money_twice(tmp_path, worcs):
    """A newcomer's reading: the paper said the value 'leave[s] cost out' while a criterion of
    the value was the options' cost in pounds, and costs were recorded too."""
    import shutil

    assert "which leave money out" in " ".join(_section(worcs[1]).split())
    ws = tmp_path / "ws"
    shutil.copytree(WORCS, ws)
    crit = (ws / "criteria.toml").read_text()
    crit = crit.replace("[criteria.risk]\n", '[criteria.risk]\nunit = "£m"\n', 1)
    (ws / "criteria.toml").write_text(crit)
    doc = render.build_context(load(ws), render.Settings("department", samples=500))["doc"]
    text = " ".join(_section(doc).split())
    assert (
        "which include risk to improvement during the change as a criterion, so money may be "
        "counted twice (Annex F)" in text
    )
