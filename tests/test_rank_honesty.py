"""`options rank` never presents the centre of an open weight set as a stakeholder's preference."""

from __future__ import annotations

from pathlib import Path

from delivery_options import Appraisal

ROOT = Path(__file__).resolve().parents[1]


def _notes(app: Appraisal, who: str) -> str:
    res = app.rank(who)
    return " ".join(n for t in res.tables() for n in t.notes)


def test_inferred_weights_are_said_not_to_be_a_preference():
    app = Appraisal.open(ROOT)
    text = _notes(app, "dfe")  # the Department: statements only, no preference among options
    assert "Inferred from the statements in weights/dfe.toml" in text
    assert "this ranking is not its preference" in text
    assert "options infer -w dfe" in text


def test_typed_weights_are_not_called_inferred():
    app = Appraisal.open(ROOT / "tests" / "fixtures" / "typed")
    who = app.stakeholders()[0].id
    text = _notes(app, who)
    assert "not its preference" not in text and "Inferred" not in text
