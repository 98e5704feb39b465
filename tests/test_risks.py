"""Risk registers: ordering, bands and profiles worked by hand, and validation."""

from __future__ import annotations

import pytest

from conftest import TINY_OPTIONS, write_workspace
from delivery_options.errors import OptionsError
from delivery_options.methods.risks import profile, profiles, ranked
from delivery_options.model.load import load_workspace
from delivery_options.model.risks import band

# before: A 2x5=10, B 5x2=10, C 3x3=9, D 2x5=10 (after 1x5=5), E 4x4=16 (after 2x4=8),
#         F 2x5=10 (as A), G 1x3=3 (after 1x1=1)
REGISTER = """
[[risk_register]]
id = "A"
risk = "Rare but severe"
likelihood = 2
impact = 5
mitigation = "m"
owner = "o"
criteria = ["quality"]
evidence = ["s1"]
modelled = true

[[risk_register]]
id = "B"
risk = "Likely but minor"
likelihood = 5
impact = 2

[[risk_register]]
id = "C"
risk = "Middling"
likelihood = 3
impact = 3

[[risk_register]]
id = "D"
risk = "Severe, well mitigated"
likelihood = 2
impact = 5
residual_likelihood = 1

[[risk_register]]
id = "E"
risk = "The largest"
likelihood = 4
impact = 4
residual_likelihood = 2
mitigation = "m"
owner = "o"

[[risk_register]]
risk = "Same as A in every way"
likelihood = 2
impact = 5

[[risk_register]]
risk = "Small"
likelihood = 1
impact = 3
residual_impact = 1
"""


@pytest.fixture
def ws(tmp_path):
    options = dict(TINY_OPTIONS)
    options["alpha"] += REGISTER
    return load_workspace(write_workspace(tmp_path / "r", options=options))


def test_register_is_loaded_with_defaults(ws):
    reg = ws.option("alpha").risk_register
    assert [r.id for r in reg] == ["A", "B", "C", "D", "E", "R6", "R7"]
    a = reg[0]
    assert (a.score, a.residual_score, a.band, a.residual_band) == (10, 10, "medium", "medium")
    assert a.criteria == ("quality",) and a.evidence == ("s1",) and a.modelled
    assert not reg[1].modelled and reg[1].mitigation == "" and reg[1].owner == ""


def test_ranked_by_score_then_impact_then_residual_then_file_order(ws):
    order = [r.id for r in ranked(ws.option("alpha").risk_register)]
    # E 16; the tie at 10: A, R6 and D have impact 5, B impact 2; D's residual 5 < 10 puts it
    # after A and R6, which are identical and keep their file order; then C 9 and R7 3
    assert order == ["E", "A", "R6", "D", "B", "C", "R7"]


@pytest.mark.parametrize(
    ("score", "expected"),
    [(1, "low"), (4, "low"), (5, "medium"), (12, "medium"), (15, "high"), (25, "high")],
)
def test_bands(score, expected):
    assert band(score) == expected


def test_profile_before_and_after(ws):
    p = profile("alpha", ws.option("alpha").risk_register)
    # before: 10, 10, 9, 10, 16, 10, 3 -> high 1, medium 5, low 1, total 68, largest 16
    assert (p.risks, p.before.high, p.before.medium, p.before.low) == (7, 1, 5, 1)
    assert (p.before.total, p.before.largest) == (68, 16)
    # after: 10, 10, 9, 5, 8, 10, 1 -> high 0, medium 6, low 1, total 53, largest 10
    assert (p.after.high, p.after.medium, p.after.low) == (0, 6, 1)
    assert (p.after.total, p.after.largest) == (53, 10)


def test_profiles_compare_options_in_workspace_order(ws):
    ps = profiles(ws)
    assert [p.option for p in ps] == ["alpha", "beta", "gamma"]
    assert ps[1].risks == 0 and ps[1].before.total == 0 and ps[1].before.largest == 0
    assert [p.option for p in profiles(ws, ["gamma", "alpha"])] == ["alpha", "gamma"]


def test_each_bad_field_is_one_problem(tmp_path):
    bad = """
[[risk_register]]
id = "X"
risk = "Bad levels"
likelihood = 0
impact = "high"
residual_likelihood = 6

[[risk_register]]
id = "X"
likelihood = 3
impact = 2
residual_impact = 3
criteria = ["colour"]
modelled = "yes"
colour = "red"
"""
    options = dict(TINY_OPTIONS)
    options["alpha"] += bad
    root = write_workspace(tmp_path / "bad", options=options)
    with pytest.raises(OptionsError) as err:
        load_workspace(root)
    got = {str(p) for p in err.value.problems}
    f = "options/alpha.toml: risk_register"
    assert got == {
        f"{f}[1].likelihood: must be a whole number from 1 to 5, not 0",
        f"{f}[1].impact: must be a whole number from 1 to 5, not 'high'",
        f"{f}[1].residual_likelihood: must be a whole number from 1 to 5, not 6",
        f"{f}[2].id: 'X' is the same id as risk 'X' in this register "
        "(ids ignore case and Unicode normalisation)",
        f"{f}[2].risk: is required",
        f"{f}[2].residual_impact: 3 is above the level before mitigation (2)",
        f"{f}[2].criteria: unknown criterion 'colour'; known: quality, cost, speed",
        f"{f}[2].modelled: must be true or false",
        f"{f}[2].colour: unknown field (expected one of: criteria, evidence, id, impact, "
        "likelihood, mitigation, modelled, owner, rationale, residual_impact, residual_likelihood, "
        "risk, source)",
    }


def test_register_must_be_an_array_of_tables(tmp_path):
    options = dict(TINY_OPTIONS)
    options["alpha"] = options["alpha"].replace(
        "number = 1\n", 'number = 1\nrisk_register = "none"\n'
    )
    root = write_workspace(tmp_path / "bad", options=options)
    with pytest.raises(OptionsError, match=r"risk_register: must be a list of tables"):
        load_workspace(root)


def test_levels_after_mitigation_default_to_those_before(ws):
    # by hand: A records neither (2 x 5 after), D only the likelihood (1 x 5), G both (1 x 1)
    reg = {r.id: r for r in ws.option("alpha").risk_register}
    assert (reg["A"].after_likelihood, reg["A"].after_impact) == (2, 5)
    assert (reg["D"].after_likelihood, reg["D"].after_impact, reg["D"].residual_score) == (1, 5, 5)
    g = reg["R7"]
    assert (g.after_likelihood, g.after_impact, g.residual_score) == (1, 1, 1)
