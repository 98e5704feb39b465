"""Links swapped in after a check, hard links and links planted at an output (issue 22): an
input inside the workspace is opened without following any link made after it was checked, a
file with a second hard link is refused (see files.HARD_LINKED for why), and writing an output
never writes through, or changes the mode of, a link planted at its name."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options import files
from delivery_options.errors import OptionsError

SECRET = b"TOP-SECRET-OUTSIDE"


@pytest.fixture
def box(tmp_path):
    ws = write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    (tmp_path / "secret.toml").write_bytes(SECRET)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "gamma.toml").write_bytes(SECRET)
    return ws


def _swap_after_check(monkeypatch, swap):
    """Run ``swap`` just after the confinement check, as a racing attacker would."""
    real = files.confined

    def racing(root, path, shown):
        checked = real(root, path, shown)
        swap()
        return checked

    monkeypatch.setattr(files, "confined", racing)


@pytest.fixture(params=["dir_fd", "fstat"])
def way(request, monkeypatch):
    """Both ways of opening: component by component, and (as on Windows) open then compare."""
    if request.param == "fstat":
        monkeypatch.setattr(os, "supports_dir_fd", set())
    return request.param


def test_a_file_swapped_for_a_link_after_the_check_is_not_read(box, tmp_path, monkeypatch, way):
    target = box / "options" / "gamma.toml"

    def swap():
        target.unlink()
        target.symlink_to(tmp_path / "secret.toml")

    _swap_after_check(monkeypatch, swap)
    with pytest.raises(OptionsError) as exc:
        files.read_input(target, "options/gamma.toml", box)
    assert "replaced" in str(exc.value) and "options/gamma.toml" in str(exc.value)


def test_a_folder_swapped_for_a_link_after_the_check_is_not_read(box, tmp_path, monkeypatch):
    target = box / "options" / "gamma.toml"

    def swap():
        shutil.move(box / "options", tmp_path / "moved")
        (box / "options").symlink_to(tmp_path / "outside")

    _swap_after_check(monkeypatch, swap)
    with pytest.raises(OptionsError) as exc:
        files.read_input(target, "options/gamma.toml", box)
    assert "replaced" in str(exc.value)


def test_a_file_swapped_for_another_is_caught_by_fstat(box, tmp_path, monkeypatch):
    """Without dir_fd the opened file must be the one checked."""
    monkeypatch.setattr(os, "supports_dir_fd", set())
    target = box / "options" / "gamma.toml"
    real_stat = os.stat
    resolved = str(target.resolve())

    def stat_then_swap(p, *a, **k):
        st = real_stat(p, *a, **k)
        if str(p) == resolved and sys._getframe(1).f_code.co_name == "_open_confined":
            target.rename(box / "old.toml")  # kept, so its inode is not reused at once
            target.write_bytes(SECRET)  # a new file at the same name
        return st

    monkeypatch.setattr(os, "stat", stat_then_swap)
    with pytest.raises(OptionsError, match="replaced"):
        files.read_input(target, "options/gamma.toml", box)


def test_a_link_inside_the_workspace_is_still_read_both_ways(box, way):
    (box / "spare").mkdir()
    shutil.move(box / "options" / "gamma.toml", box / "spare" / "gamma.toml")
    (box / "options" / "gamma.toml").symlink_to(box / "spare" / "gamma.toml")
    data = files.read_input(box / "options" / "gamma.toml", "options/gamma.toml", box)
    assert data == (box / "spare" / "gamma.toml").read_bytes()


def test_a_hard_link_to_a_file_outside_is_refused(box, tmp_path, run):
    (box / "options" / "gamma.toml").unlink()
    os.link(tmp_path / "secret.toml", box / "options" / "gamma.toml")
    res = run("rank", "-p", str(box), "-w", "even")
    assert res.exit_code == 1
    line = res.stderr.strip()
    assert line.startswith("error:") and "\n" not in line, line
    assert "options/gamma.toml" in line and "hard link" in line, line
    assert "SECRET" not in res.output


def test_an_answers_file_outside_the_workspace_may_be_hard_linked(tmp_path):
    """Only files found in the workspace are held to it; a file the user names is theirs."""
    (tmp_path / "a.txt").write_bytes(b"x")
    os.link(tmp_path / "a.txt", tmp_path / "b.txt")
    assert files.read_input(tmp_path / "b.txt", "b.txt") == b"x"


def test_a_link_planted_at_an_output_is_replaced_not_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    os.chmod(victim, 0o600)
    out = tmp_path / "out"
    out.mkdir()
    (out / "p.md").symlink_to(victim)
    (out / "p.html").write_bytes(b"old")
    files.write_set({out / "p.md": b"new md", out / "p.html": b"new html"})
    assert victim.read_bytes() == b"precious" and (victim.stat().st_mode & 0o777) == 0o600
    assert not (out / "p.md").is_symlink() and (out / "p.md").read_bytes() == b"new md"
    files.write_atomic(out / "q.md", b"q")
    (out / "r.md").symlink_to(victim)
    files.write_atomic(out / "r.md", b"r")
    assert victim.read_bytes() == b"precious" and (out / "r.md").read_bytes() == b"r"


def test_a_failed_set_puts_a_planted_link_back_without_linking_its_target(tmp_path, monkeypatch):
    """The backup of an earlier output is of the link itself, never a hard link to its target."""
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "p.md").symlink_to(victim)
    real_replace = os.replace
    calls = {"n": 0}

    def failing(a, b):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device", str(b))
        return real_replace(a, b)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OptionsError):
        files.write_set({out / "p.md": b"x", out / "q.md": b"y"})
    assert victim.stat().st_nlink == 1  # no second name for the victim was made
    assert (out / "p.md").is_symlink() and victim.read_bytes() == b"precious"


def test_the_mode_is_set_on_the_temporary_file_not_a_link_at_its_name(tmp_path, monkeypatch):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    os.chmod(victim, 0o600)
    real_mkstemp = files.tempfile.mkstemp

    def planted(*a, **k):
        fd, name = real_mkstemp(*a, **k)
        os.rename(name, name + ".real")  # the attacker moves it and plants a link
        os.symlink(victim, name)
        return fd, name

    monkeypatch.setattr(files.tempfile, "mkstemp", planted)
    files.write_set({tmp_path / "p.md": b"x"})
    assert (victim.stat().st_mode & 0o777) == 0o600
