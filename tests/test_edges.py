"""Every argument validated at the edge (issue 22, item 6): ports, dates, limits, the
environment, long ids and long titles; each a clear line, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from conftest import CRITERIA_3, ROOT, TINY_OPTIONS, TINY_WEIGHTS, write_workspace


@pytest.fixture
def ws(tmp_path):
    return write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)


def _cli(*args, env=None, timeout=60):
    full = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "delivery_options", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=timeout,
    )


@pytest.mark.parametrize("port", ["-1", "70000", "65536", "x"])
def test_a_port_out_of_range_is_refused(ws, port):
    res = _cli("serve", "-p", str(ws), "--no-browser", "--port", port)
    assert res.returncode == 2 and "--port" in res.stderr and "Traceback" not in res.stderr


def test_a_port_in_use_is_one_clear_line(ws):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    try:
        port = str(sock.getsockname()[1])
        res = _cli("serve", "-p", str(ws), "--no-browser", "--port", port)
    finally:
        sock.close()
    assert res.returncode == 1
    assert res.stderr.startswith(f"error: --port: cannot listen on 127.0.0.1 port {port}")
    assert res.stderr.count("\n") == 1


def test_a_date_that_is_not_on_the_calendar_is_refused(ws, tmp_path, run):
    for date in ("2016-02-30", "2016-13-01", "yesterday", "2016-2-3x"):
        res = run(
            "report",
            "-p",
            str(ws),
            "-w",
            "even",
            "-f",
            "md",
            "--date",
            date,
            "-o",
            str(tmp_path / "p"),
        )
        assert res.exit_code == 1 and res.stderr.startswith("error: --date: ")
    assert not (tmp_path / "p.md").exists()
    res = run("report", "-p", str(ws), "-w", "even", "-f", "md", "-n", "200",
              "--date", "2016-02-29", "-o", str(tmp_path / "p"))  # fmt: skip
    assert res.exit_code == 0 and (tmp_path / "p.md").exists()


@pytest.mark.parametrize("limit", ["-5", "0"])
def test_a_question_limit_below_one_is_refused(ws, limit):
    res = _cli("elicit", "-p", str(ws), "new", "--limit", limit)
    assert res.returncode == 2 and "--limit" in res.stderr
    assert not (ws / "weights" / "new.toml").exists()


@pytest.mark.parametrize("epoch", ["abc", "1e9", "-5", "12345678901234567890", " 1"])
def test_a_malformed_source_date_epoch_is_one_line(epoch):
    res = _cli("rank", "-p", str(ROOT), "-w", "commissioner", env={"SOURCE_DATE_EPOCH": epoch})
    assert res.returncode == 1
    assert res.stderr.startswith("error: SOURCE_DATE_EPOCH is ") and res.stderr.count("\n") == 1


def test_a_valid_source_date_epoch_is_accepted():
    res = _cli("validate", "-p", str(ROOT), env={"SOURCE_DATE_EPOCH": "1461628800"})
    assert res.returncode == 0, res.stderr


def test_a_long_stakeholder_id_is_interviewed_and_written(ws, tmp_path, run):
    answers = tmp_path / "a.txt"
    answers.write_text("1 3 2\n\n\nstop\n")
    long_id = "s" * 240  # weights/<id>.toml fits in 255 bytes; a temporary name beside it would not
    res = run("elicit", "-p", str(ws), long_id, "--answers", str(answers))
    assert res.exit_code == 0, res.stderr
    assert (ws / "weights" / f"{long_id}.toml").exists()
    too_long = "s" * 251
    res = run("elicit", "-p", str(ws), too_long, "--answers", str(answers))
    assert res.exit_code == 1 and "too long for a file name" in res.stderr


def test_a_word_title_longer_than_255_characters(tmp_path, run):
    title = "A very long appraisal title " * 12
    criteria = CRITERIA_3.replace('title = "Tiny appraisal"', f'title = "{title}"')
    w = write_workspace(tmp_path / "w", criteria, TINY_OPTIONS, TINY_WEIGHTS)
    res = run(
        "report", "-p", str(w), "-w", "even", "-f", "docx", "-n", "200", "-o", str(tmp_path / "p")
    )
    assert res.exit_code == 0, res.stderr
    from docx import Document

    doc = Document(str(tmp_path / "p.docx"))
    assert len(doc.core_properties.title) == 255
    assert title.strip() in "\n".join(p.text for p in doc.paragraphs)
