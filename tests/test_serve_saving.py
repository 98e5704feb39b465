"""Saving the room's weights edits a stakeholder's own file as TOML is written, and never
replaces what it did not see (adversary 8, findings G and I): the ``[weights]`` header is found
however TOML allows it written and never inside a string, the room's note goes above that
header, the file's line endings are kept, and a file made or edited while the weights were
being checked is left as it is."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from delivery_options.appraisal import Appraisal
from delivery_options.errors import OptionsError
from delivery_options.serve import saving
from delivery_options.serve.room import Room

ROOT = Path(__file__).resolve().parents[1]
WORCS = ROOT / "examples" / "worcestershire"


@pytest.fixture
def ws(tmp_path) -> Path:
    shutil.copytree(WORCS, tmp_path / "ws")
    return tmp_path / "ws"


def _save(room: Room, sid: str, **more) -> dict:
    st = room.stakeholders[sid]
    w = {c: 100 * v for c, v in st.weights.items()}
    first, second = list(w)[:2]
    w[first], w[second] = w[first] + 2, w[second] - 2
    body = {"stakeholder": sid, "weights": w, "id": sid, "replace": True, "name": st.name}
    return room.save({**body, **more})


def test_a_header_with_a_comment_is_the_weights_table(ws):
    path = ws / "weights" / "council.toml"
    path.write_text(path.read_text().replace("[weights]", "[ weights ]  # as minuted"))
    before = tomllib.loads(path.read_text())
    room = Room(Appraisal.open(ws))
    _save(room, "council", rationale="moved in the meeting")
    text = path.read_text()
    after = tomllib.loads(text)
    assert text.count("weights ]") == 1 and "# as minuted" in text
    assert after["rationale"] == before["rationale"]
    assert after["weights"] != before["weights"]
    note = text.index("# Moved in the room")
    assert note < text.index("[ weights ]") and "#   moved in the meeting" in text


def test_a_rationale_holding_a_weights_line_is_left_as_it_was(ws):
    path = ws / "weights" / "council.toml"
    text = path.read_text()
    start = text.index("rationale = ")
    end = text.index("\n", start)
    minutes = 'rationale = """Minutes:\n[weights]\nnoted."""'
    path.write_text(text[:start] + minutes + text[end:])
    before = tomllib.loads(path.read_text())
    assert before["rationale"] == "Minutes:\n[weights]\nnoted."
    room = Room(Appraisal.open(ws))
    _save(room, "council", rationale="moved in the meeting")
    after = tomllib.loads(path.read_text())
    assert after["rationale"] == before["rationale"]  # the note is a comment, not its text
    assert "#   moved in the meeting" in path.read_text()


def test_the_files_line_endings_are_kept(ws):
    path = ws / "weights" / "council.toml"
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    room = Room(Appraisal.open(ws))
    _save(room, "council", rationale="moved")
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > 5


def test_a_file_changed_while_the_weights_were_checked_is_not_replaced(ws, monkeypatch):
    path = ws / "weights" / "council.toml"
    room = Room(Appraisal.open(ws))
    checked = saving._validated

    def meanwhile(*args, **kwargs):  # someone saves the file in an editor during the check
        path.write_text(path.read_text() + "\n# edited meanwhile\n")
        return checked(*args, **kwargs)

    monkeypatch.setattr(saving, "_validated", meanwhile)
    with pytest.raises(OptionsError, match="changed while the weights were being checked"):
        _save(room, "council")
    assert path.read_text().endswith("# edited meanwhile\n")

    made = ws / "weights" / "board.toml"

    def appears(*args, **kwargs):  # a file made under the new id during the check
        made.write_text(path.read_text())
        return checked(*args, **kwargs)

    monkeypatch.setattr(saving, "_validated", appears)
    st = room.stakeholders["council"]
    w = {c: 100 * v for c, v in st.weights.items()}
    with pytest.raises(OptionsError, match="changed while"):
        room.save({"stakeholder": "council", "weights": w, "id": "board", "name": "Board"})
    assert made.read_text() == path.read_text()


def test_a_line_separator_inside_the_rationale_is_kept(ws):
    """Adversary 9, finding 2: the file was split with str.splitlines, which also breaks at
    U+2028 and NEL: a rationale's U+2028 became a newline, and one in a one-line string made
    the save fail."""
    path = ws / "weights" / "council.toml"
    text = path.read_text()
    start = text.index("rationale = ")
    end = text.index("\n", start)
    path.write_text(text[:start] + 'rationale = "Minuted\u2028here\u0085too"' + text[end:])
    before = tomllib.loads(path.read_text())
    room = Room(Appraisal.open(ws))
    _save(room, "council", rationale="moved")
    assert tomllib.loads(path.read_text())["rationale"] == before["rationale"]


def test_weights_written_inline_are_refused_with_the_reason(ws):
    path = ws / "weights" / "council.toml"
    w = tomllib.loads(path.read_text())["weights"]
    inline = "weights = { " + ", ".join(f"{k} = {v}" for k, v in w.items()) + " }"
    text = path.read_text()
    path.write_text(text[: text.index("[weights]")] + inline + "\n")
    before = path.read_bytes()
    room = Room(Appraisal.open(ws))
    with pytest.raises(OptionsError, match="inline table or dotted keys"):
        _save(room, "council")
    assert path.read_bytes() == before


def test_an_id_taken_in_another_case_while_checking_is_not_written_beside_it(ws, monkeypatch):
    """Adversary 9, finding 6: weights/Board.toml made while the page checked a save as
    'board' was not seen; board.toml was written beside it, and the workspace no longer
    validated."""
    room = Room(Appraisal.open(ws))
    checked = saving._validated
    other = ws / "weights" / "Board.toml"

    def meanwhile(*args, **kwargs):
        other.write_text((ws / "weights" / "council.toml").read_text())
        return checked(*args, **kwargs)

    monkeypatch.setattr(saving, "_validated", meanwhile)
    st = room.stakeholders["council"]
    w = {c: 100 * v for c, v in st.weights.items()}
    with pytest.raises(OptionsError, match="already has the id"):
        room.save({"stakeholder": "council", "weights": w, "id": "board", "name": "Board"})
    assert not (ws / "weights" / "board.toml").exists()
