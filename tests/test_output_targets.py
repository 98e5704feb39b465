"""No user file replaced or damaged (issue 22, item 2): an output is checked before anything is
written, an interview's target before its first question, and two runs writing one set take
turns, whatever the interleaving."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options import files
from delivery_options.errors import OptionsError


@pytest.fixture
def ws(tmp_path):
    return write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)


def _refused(res, *words):
    assert res.exit_code == 1, res.output
    assert res.stderr.startswith("error: -o/--output: ") and res.stderr.count("\n") == 1
    for w in words:
        assert w in res.stderr, res.stderr


def test_a_pipe_a_socket_or_a_device_is_refused_and_left_alone(ws, tmp_path, run):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    _refused(run("rank", "-p", str(ws), "-w", "even", "-o", str(fifo)), "is a pipe")
    assert fifo.is_fifo()
    sock_path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        _refused(run("rank", "-p", str(ws), "-w", "even", "-o", str(sock_path)), "is a socket")
        assert sock_path.is_socket()
    finally:
        sock.close()
    _refused(run("rank", "-p", str(ws), "-w", "even", "-o", "/dev/null"), "is a device")
    assert Path("/dev/null").is_char_device()
    res = run("report", "-p", str(ws), "-w", "even", "-f", "md", "-o", str(fifo))
    _refused(res, "is a pipe")


def test_a_dash_writes_to_standard_output(ws, tmp_path, run):
    res = run("rank", "-p", str(ws), "-w", "even", "-f", "csv", "-o", "-")
    assert res.exit_code == 0 and res.stdout.startswith("rank,") or "," in res.stdout
    assert not (Path.cwd() / "-").exists()


def test_an_input_of_the_run_is_never_overwritten(ws, tmp_path, run):
    before = {p: p.read_bytes() for p in ws.rglob("*.toml")}
    _refused(
        run("rank", "-p", str(ws), "-w", "even", "-o", str(ws / "weights" / "even.toml")),
        "weights/even.toml is an input",
    )
    _refused(
        run("validate", "-p", str(ws), "-o", str(ws / "criteria.toml"), "-f", "json"),
        "criteria.toml is an input",
    )
    _refused(
        run("compare", "-p", str(ws), "-o", str(ws / "options" / "beta.toml")),
        "options/beta.toml is an input",
    )
    (ws / "templates").mkdir()
    (ws / "templates" / "notes.md").write_text("mine")
    res = run(
        "report", "-p", str(ws), "-w", "even", "-f", "md", "-o", str(ws / "templates" / "notes")
    )
    _refused(res, "templates/ folder")
    assert (ws / "templates" / "notes.md").read_text() == "mine"
    assert {p: p.read_bytes() for p in ws.rglob("*.toml")} == before


def test_an_answers_file_is_an_input_too(ws, tmp_path):
    files.new_run()
    answers = tmp_path / "answers.txt"
    answers.write_text("a\n")
    from delivery_options.interview import read_answers

    read_answers(answers)
    with pytest.raises(OptionsError, match="is an input"):
        files.output_path(answers)


def test_a_long_name_gets_a_short_temporary_name(ws, tmp_path, run):
    out = tmp_path / ("r" * 250)
    res = run("rank", "-p", str(ws), "-w", "even", "-o", str(out))
    assert res.exit_code == 0, res.stderr
    assert out.exists()
    _refused(run("rank", "-p", str(ws), "-w", "even", "-o", str(tmp_path / ("r" * 300))), "long")


def test_elicit_refuses_an_id_that_clashes_before_the_first_question(ws, tmp_path, run):
    answers = tmp_path / "a.txt"
    answers.write_text("")  # an interview that began would fail on the empty answers instead
    res = run("elicit", "-p", str(ws), "EVEN", "--answers", str(answers))
    assert res.exit_code == 1 and "weights/even.toml already has the id 'even'" in res.stderr
    (ws / "weights" / "sub").mkdir()
    (ws / "weights" / "sub" / "zz.toml").write_text(TINY_WEIGHTS["even"])
    res = run("elicit", "-p", str(ws), "zz", "--answers", str(answers), "--force")
    assert res.exit_code == 1 and "weights/sub/zz.toml already has the id 'zz'" in res.stderr
    assert not (ws / "weights" / "zz.toml").exists() and not (ws / "weights" / "EVEN.toml").exists()
    (ws / "weights" / "folder.toml").mkdir()
    res = run("elicit", "-p", str(ws), "folder", "--answers", str(answers), "--force")
    assert res.exit_code == 1 and "is not a plain file" in res.stderr
    assert "Traceback" not in res.output


def test_two_runs_writing_one_set_never_mix_their_files(tmp_path, monkeypatch):
    """The attack: two reports on one output at once, each rename slowed so that the runs
    interleave. With the folder locked, the set on disk is always one run's whole set."""
    out = tmp_path / "out"
    out.mkdir()
    names = [out / f"paper.{ext}" for ext in ("html", "md", "pdf")]
    real_replace = os.replace

    def slow_replace(src, dst):
        # run A moves its HTML at once and is then slowed; run B starts late and runs fast
        run, first = threading.current_thread().name, str(dst).endswith(".html")
        time.sleep(0.1 if run == "A" and not first else 0.05 if run == "B" and first else 0)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", slow_replace)
    for _ in range(2):
        threads = [
            threading.Thread(target=files.write_set, args=({p: tag for p in names},), name=name)
            for name, tag in (("A", b"run A"), ("B", b"run B"))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len({p.read_bytes() for p in names}) == 1, [p.read_bytes() for p in names]
    assert sorted(p.name for p in out.iterdir()) == ["paper.html", "paper.md", "paper.pdf"]


def test_a_second_run_says_so_when_the_first_does_not_finish(tmp_path, monkeypatch):
    import fcntl

    monkeypatch.setattr(files, "LOCK_WAIT", 0.2)
    fd = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(OptionsError, match="another run is writing"):
            files.write_set({tmp_path / "a.md": b"x"})
    finally:
        os.close(fd)
    assert list(tmp_path.iterdir()) == []
    files.write_set({tmp_path / "a.md": b"x"})
    assert (tmp_path / "a.md").read_bytes() == b"x"


def test_nothing_is_written_into_the_workspaces_input_folders(ws, tmp_path, run):
    _refused(
        run("rank", "-p", str(ws), "-w", "even", "-o", str(ws / "options" / "new.toml")),
        "options/ folder",
    )
    res = run("report", "-p", str(ws), "-w", "even", "-f", "md", "-o", str(ws / "templates" / "x"))
    _refused(res, "templates/ folder")
    assert not (ws / "templates").exists()  # not even the folder
    _refused(
        run(
            "rank", "-p", str(ws), "-w", "even", "-o", str(ws / "weights" / ".." / "criteria.toml")
        ),
        "is an input",
    )
    assert run("validate", "-p", str(ws)).exit_code == 0


def _bound(source: Path, alias: Path) -> bool:
    """``alias`` made another name for ``source`` (a bind mount: the same file or folder,
    under a path no link leads from), as a case-insensitive file system makes CRITERIA.toml of
    criteria.toml; False where mounting is not allowed."""
    import subprocess

    if alias.exists() is False:
        alias.mkdir() if source.is_dir() else alias.touch()
    done = subprocess.run(["mount", "--bind", str(source), str(alias)], capture_output=True)
    return done.returncode == 0


def _unbind(*aliases: Path) -> None:
    import subprocess

    for a in aliases:
        subprocess.run(["umount", str(a)], capture_output=True)


def test_an_input_under_another_name_is_still_an_input(ws, tmp_path, run):
    """Adversary 8, finding F: where the file system ignores case (macOS, Windows),
    ``-o CRITERIA.toml`` or ``-o Options/x.toml`` opens the workspace's own file or folder
    though the paths differ as text; an output is compared with the inputs as files and
    folders, not as names."""
    crit, opts = tmp_path / "CRITERIA.toml", tmp_path / "Options"
    if not (_bound(ws / "criteria.toml", crit) and _bound(ws / "options", opts)):
        _unbind(crit, opts)
        pytest.skip("bind mounts are not allowed here")
    try:
        before = {p: p.read_bytes() for p in ws.rglob("*.toml")}
        _refused(run("rank", "-p", str(ws), "-w", "even", "-o", str(crit)), "is an input")
        res = run("rank", "-p", str(ws), "-w", "even", "-o", str(opts / "beta.toml"))
        _refused(res, "is an input")
        res = run("rank", "-p", str(ws), "-w", "even", "-o", str(opts / "new.toml"))
        _refused(res, "options/ folder")
        assert {p: p.read_bytes() for p in ws.rglob("*.toml")} == before
        assert not (ws / "options" / "new.toml").exists()
    finally:
        _unbind(crit, opts)


def test_a_case_variant_of_an_input_folder_not_made_yet_is_refused(ws, run):
    """Adversary 9, finding 5: with no templates/ folder, -o Templates/x made a folder that a
    file system ignoring case (macOS, Windows) then reads as templates/; such a name is
    refused everywhere, for the next run would read what was written there."""
    assert not (ws / "templates").exists()
    res = run("report", "-p", str(ws), "-w", "even", "-f", "md", "-o", str(ws / "Templates" / "p"))
    _refused(res, "templates/ folder")
    assert not (ws / "Templates").exists()
    res = run("rank", "-p", str(ws), "-w", "even", "-o", str(ws / "WEIGHTS" / "x.toml"))
    _refused(res, "weights/ folder")
    res = run("rank", "-p", str(ws), "-w", "even", "-o", str(ws / "templates. " / "x.md"))
    _refused(res, "templates/ folder")  # Windows drops trailing dots and spaces (adversary 10)
    res = run("rank", "-p", str(ws), "-w", "even", "-o", str(ws / "templates.md"))
    assert res.exit_code == 0, res.output  # a file of that name beside them is no folder


def test_a_link_in_the_workspace_does_not_lead_an_output_out_of_it(ws, tmp_path, run):
    """Adversary 10, finding 5: a stranger's workspace holding reports -> a folder elsewhere
    made -o reports/council write there, replacing the user's file of that name."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "rank.csv").write_text("the user's own file\n")
    (ws / "reports").symlink_to(elsewhere)
    res = run(
        "rank", "-p", str(ws), "-w", "even", "-f", "csv", "-o", str(ws / "reports" / "rank.csv")
    )
    _refused(res, "leads outside the workspace")
    assert (elsewhere / "rank.csv").read_text() == "the user's own file\n"


def test_an_answers_file_in_the_workspace_is_not_read_through_a_link(ws, tmp_path, run):
    """Adversary 10, finding 6: an answers file in a stranger's workspace linking to a file
    elsewhere was read, and each of its lines echoed as a reply."""
    secret = tmp_path / "secret.txt"
    secret.write_text("a\nb\n")
    (ws / "answers.txt").symlink_to(secret)
    res = run("elicit", "-p", str(ws), "newone", "--answers", str(ws / "answers.txt"))
    assert res.exit_code == 1 and "outside the workspace" in res.stderr, res.output
    assert not (ws / "weights" / "newone.toml").exists()
