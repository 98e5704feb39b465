"""Findings of a third fresh adversarial run against issue 22 (a stranger's workspace, every
output target, the web view). Each test documents one bug: fixed ones run as plain tests; any
left open is marked xfail(strict=True), so that it fails the suite once fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace

SECRET = "TOP-SECRET-OUTSIDE-THE-WORKSPACE"


@pytest.fixture
def box(tmp_path):
    ws = write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    (tmp_path / "secret.txt").write_text(SECRET)
    return ws


def _template(box: Path, body: str, name: str = "paper.md.j2") -> None:
    (box / "templates").mkdir(exist_ok=True)
    (box / "templates" / name).write_text(body, encoding="utf-8")


def _report(run, box: Path, out: Path, fmt: str = "md"):
    return run("report", "-p", str(box), "-w", "even", "-f", fmt, "-n", "100", "-o", str(out))


def _one_line(res, *words):
    assert res.exit_code == 1, res.output
    line = res.stderr.strip()
    assert "\n" not in line and line.startswith("error:") and "Traceback" not in line, line
    for w in words:
        assert w in line, line


# --- 1. a workspace template reached the file system through the objects it is given ----------


@pytest.mark.parametrize(
    "body",
    [
        "{{ ws.root.parent.joinpath('secret.txt').read_text() }}",
        "{{ (ws.root / '..' / 'secret.txt').read_text() }}",
        "{{ ws.root|attr('parent')|attr('joinpath') }}",
        "{% for k, p in inputs %}{{ p.read_bytes() }}{% endfor %}",
    ],
    ids=["joinpath", "division", "attr-filter", "inputs"],
)
def test_a_workspace_template_cannot_read_a_file_through_a_path(box, tmp_path, run, body):
    """Adversary: the paper's context holds Path objects (the workspace's root, the inputs),
    and the sandbox let a template call their methods: read_text read any file the user can."""
    _template(box, body)
    res = _report(run, box, tmp_path / "p")
    _one_line(res, "templates/")
    assert SECRET not in res.output
    assert not (tmp_path / "p.md").exists()


@pytest.mark.parametrize(
    "body",
    [
        "{{ ws.root.parent.joinpath('planted.txt').write_text('x') }}",
        "{{ ws.root.parent.joinpath('secret.txt').unlink() }}",
        "{{ smaa.acceptability.tofile((ws.root.parent / 'planted.txt')|string) }}",
        "{{ ranked.frames()['ranking'].to_csv((ws.root.parent / 'planted.txt')|string) }}",
    ],
    ids=["write_text", "unlink", "numpy-tofile", "pandas-to_csv"],
)
def test_a_workspace_template_cannot_write_or_delete_a_file(box, tmp_path, run, body):
    """Adversary: through a Path, a numpy array or a pandas frame a template wrote and deleted
    files anywhere (~/.bashrc included), and the run said 'wrote'."""
    _template(box, body)
    res = _report(run, box, tmp_path / "p")
    _one_line(res, "templates/")
    assert not (tmp_path / "planted.txt").exists()
    assert (tmp_path / "secret.txt").read_text() == SECRET


def test_the_html_template_is_held_to_the_same_rule(box, tmp_path, run):
    _template(
        box, "<p>{{ ws.root.parent.joinpath('secret.txt').read_text() }}</p>", "paper.html.j2"
    )
    res = _report(run, box, tmp_path / "p", "html")
    _one_line(res, "templates/")
    assert not (tmp_path / "p.html").exists()
