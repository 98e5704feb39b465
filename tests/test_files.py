"""A set of files is written whole or not at all: faults injected at every step of a report."""

from __future__ import annotations

import contextlib
import os
import signal

import pytest

from delivery_options.errors import OptionsError
from delivery_options.files import Interrupted, interruptible, output_path, write_set


def _set(tmp_path, tag: bytes):
    return {tmp_path / f"paper.{ext}": tag + ext.encode() for ext in ("html", "pdf", "md")}


def _state(tmp_path):
    return {p.name: p.read_bytes() for p in sorted(tmp_path.iterdir())}


@pytest.mark.parametrize("fail_at", range(6))
def test_a_failed_write_or_move_leaves_the_earlier_set(tmp_path, monkeypatch, fail_at):
    write_set(_set(tmp_path, b"old "))
    before = _state(tmp_path)
    calls = {"n": 0}
    real_replace, real_fsync = os.replace, os.fsync

    def counting(real):
        def wrapped(*args, **kw):
            calls["n"] += 1
            if calls["n"] == fail_at + 1:
                raise OSError(28, "No space left on device", str(args[0]))
            return real(*args, **kw)

        return wrapped

    # steps 0-2 fail while the temporary files are written, 3-5 while they are moved in
    monkeypatch.setattr(os, "fsync", counting(real_fsync))
    monkeypatch.setattr(os, "replace", counting(real_replace))
    with pytest.raises(OptionsError, match="earlier files are unchanged"):
        write_set(_set(tmp_path, b"new "))
    monkeypatch.undo()
    assert _state(tmp_path) == before  # the old set, and no temporary file left


def test_a_new_set_with_no_earlier_files_leaves_nothing(tmp_path, monkeypatch):
    real = os.replace
    n = {"k": 0}

    def fail_second(*args):
        n["k"] += 1
        if n["k"] == 2:
            raise OSError(5, "Input/output error", str(args[1]))
        return real(*args)

    monkeypatch.setattr(os, "replace", fail_second)
    with pytest.raises(OptionsError):
        write_set(_set(tmp_path, b"new "))
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_an_interrupt_while_rendering_changes_nothing(tmp_path):
    write_set(_set(tmp_path, b"old "))
    before = _state(tmp_path)
    with pytest.raises(Interrupted), interruptible() as state:
        with contextlib.suppress(Interrupted):  # a library that swallows the interrupt ...
            os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C during a chart
        write_set(_set(tmp_path, b"new "), state)  # ... cannot make the set be written
    assert _state(tmp_path) == before


def test_sigterm_is_an_interrupt_too(tmp_path):
    with pytest.raises(Interrupted), interruptible():
        os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


@pytest.mark.parametrize("bad", ["", ".", "/", "folder/"])
def test_output_paths_that_are_not_files(tmp_path, monkeypatch, bad):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    with pytest.raises(OptionsError) as err:
        output_path(bad)
    assert err.value.about == "output"


def test_output_under_a_file_or_a_missing_folder(tmp_path):
    (tmp_path / "reports").write_text("not a folder")
    with pytest.raises(OptionsError, match="is a file, not a folder"):
        output_path(tmp_path / "reports" / "x")
    with pytest.raises(OptionsError, match="does not exist"):
        output_path(tmp_path / "a" / "b" / "x")
    assert output_path(tmp_path / "new" / "x") == tmp_path / "new" / "x"
    assert (tmp_path / "new").is_dir()
