"""The audit is true (issue 22, item 7): each input read once, hashed from the bytes the paper
used; a file edited while the paper is being made stops the run (nothing written), never
hashed after the fact."""

from __future__ import annotations

import hashlib

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options import files
from delivery_options.appraisal import Appraisal
from delivery_options.errors import OptionsError
from delivery_options.paper.render import Settings, build_context, write_report


@pytest.fixture
def ws(tmp_path):
    files.new_run()
    root = write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    (root / "templates").mkdir()
    (root / "templates" / "note.txt").write_text("a note")
    return root


def test_the_audit_hashes_the_bytes_the_run_read(ws):
    used = {
        "criteria.toml": (ws / "criteria.toml").read_bytes(),
        "options/alpha.toml": (ws / "options" / "alpha.toml").read_bytes(),
        "weights/even.toml": (ws / "weights" / "even.toml").read_bytes(),
        "templates/note.txt": b"a note",
    }
    app = Appraisal.open(ws)
    ctx = build_context(app, Settings("even", samples=200))
    # edited after the paper read it: the audit still gives what the paper was built from
    (ws / "options" / "alpha.toml").write_text(TINY_OPTIONS["alpha"].replace("80", "81"))
    audit = dict(ctx["audit"]["files"])
    for shown, data in used.items():
        assert audit[shown] == hashlib.sha256(data).hexdigest(), shown


@pytest.mark.parametrize("edited", ["criteria.toml", "options/beta.toml", "weights/even.toml"])
def test_a_file_edited_during_the_run_stops_it_and_nothing_is_written(ws, tmp_path, edited):
    app = Appraisal.open(ws)
    out = tmp_path / "out" / "paper"
    out.parent.mkdir()

    def progress(stage: str) -> None:
        if stage == "drawing the charts":  # mid-run: after the analyses read the workspace
            path = ws / edited
            path.write_text(path.read_text() + "\n# edited\n")

    with pytest.raises(OptionsError, match=f"{edited} changed while the paper was being made"):
        write_report(app, Settings("even", samples=200), out, ("md", "html"), progress)
    assert list(out.parent.iterdir()) == []


def test_a_file_read_twice_with_different_bytes_is_reported(tmp_path):
    files.new_run()
    p = tmp_path / "x.toml"
    p.write_text("a = 1\n")
    files.read_input(p, "x.toml")
    p.write_text("a = 2\n")
    files.read_input(p, "x.toml")
    p.write_text("a = 1\n")  # back as first read: still reported, the run saw both
    assert files.changed([p]) == [p]


def test_saving_from_the_page_keeps_every_statement_number_exactly(tmp_path):
    """The adversary's finding: a save rewrote a stakeholder's statements to six significant
    digits. The saved file must read back to the very same numbers."""
    from delivery_options.serve.app import create_app
    from delivery_options.serve.room import Room

    said = (
        'name = "Said"\n[weights]\nquality = 100\ncost = 50\nspeed = 12.3456789\n'
        "[[statements]]\n"
        "swing = { quality = 100, cost = [33.3333333333, 66.66666667], speed = [10.1234567, 15.7654321] }\n"
        'source = "Meeting"\n'
        "[[statements]]\n"
        'prefer = [{ quality = 70.000001, cost = 23.4567891, speed = 3.14159265 }, "beta"]\n'
        'source = "Meeting"\nuse = false\n'
    )
    ws = write_workspace(tmp_path / "w", options=TINY_OPTIONS, weights={"said": said})
    app = create_app(Room(Appraisal.open(ws)), "t" * 24)
    body = {"stakeholder": "said", "id": "saved", "name": "Saved"}
    res = app.test_client().post(
        "/api/save", json=body, headers={"Authorization": "Bearer " + "t" * 24}
    )
    assert res.status_code == 200, res.get_json()
    before = Appraisal.open(ws).stakeholder("said").statements
    after = Appraisal.open(ws).stakeholder("saved").statements
    assert after == before
