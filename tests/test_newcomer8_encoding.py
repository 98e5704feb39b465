"""A file that is not UTF-8 is placed by line and column, not by byte (newcomer 8, finding 11)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _piped(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)


def _weights(tiny, data: bytes):
    (tiny / "weights" / "even.toml").write_bytes(data)
    return tiny


def test_text_that_is_not_utf8_is_placed_by_line_and_column(tiny, run):
    text = 'name = "Even"\n# costs in \xa3k\n[weights]\nquality = 1\ncost = 1\nspeed = 1\n'
    res = run("validate", "-p", str(_weights(tiny, text.encode("cp1252"))))
    assert res.stderr.splitlines()[0] == (
        "error: weights/even.toml: is not UTF-8 text (line 2, column 12); save it as UTF-8"
    )
    # with a byte-order mark the place is the same
    res = run("validate", "-p", str(_weights(tiny, b"\xef\xbb\xbf" + text.encode("cp1252"))))
    assert "(line 2, column 12)" in res.stderr
    res = run("validate", "-p", str(_weights(tiny, text.encode("utf-16"))))
    assert res.stderr.splitlines()[0] == (
        "error: weights/even.toml: is not UTF-8 text but UTF-16 (what Notepad calls Unicode); "
        "save it as UTF-8"
    )
