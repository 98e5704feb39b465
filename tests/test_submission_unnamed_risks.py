"""Risks are shared between options only when the files name them alike (a newcomer's reading:
each register's first risk, with no id, was "R1" in every register, so the submission called one
option's risk "every short-listed option's" and left out the others' own; and "every" took in an
option with no register at all)."""

from __future__ import annotations

from conftest import CRITERIA_3, TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options.appraisal import load
from delivery_options.paper import render
from paper_helpers import text_of


def _risk(text: str, rid: str = "") -> str:
    named = f'id = "{rid}"\n' if rid else ""
    return f'\n[[risk_register]]\n{named}risk = "{text}"\nlikelihood = 4\nimpact = 4\n'


def _submission(tmp_path, risks: dict[str, str]) -> str:
    options = {k: v + risks.get(k, "") for k, v in TINY_OPTIONS.items()}
    root = write_workspace(tmp_path / "ws", CRITERIA_3, options, TINY_WEIGHTS)
    ctx = render.build_context(load(root), render.Settings("even", samples=300, kind="submission"))
    return " ".join(text_of(ctx["doc"]).split())


def test_risks_without_ids_are_each_options_own(tmp_path):
    text = _submission(
        tmp_path, {"alpha": _risk("No bidders come forward"), "beta": _risk("Staff leave")}
    )
    assert "every short-listed option" not in text and "both options" not in text
    assert "option 1: no bidders come forward (1.1)" in text.lower()
    assert "option 2: staff leave (2.1)" in text.lower()


def test_a_risk_named_alike_is_shared_but_never_with_an_option_without_a_register(tmp_path):
    text = _submission(
        tmp_path,
        {"alpha": _risk("Staff leave", "staff"), "beta": _risk("Staff leave", "staff")},
    )
    assert "every short-listed option" not in text and "both options" not in text
    assert "Largest for option 1 and option 2" in text
