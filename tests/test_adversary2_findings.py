"""Findings of a fresh adversarial run against issue 22's hardening (a stranger's workspace).
Each test documents one bug that is still open: it is marked xfail(strict=True), so it fails
the suite as soon as the bug is fixed, and the mark should then be removed."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace


def _ws(tmp_path: Path, template: str | None = None) -> Path:
    root = write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    if template is not None:
        (root / "templates").mkdir()
        (root / "templates" / "paper.md.j2").write_text(template, encoding="utf-8")
    return root


def test_default_report_output_does_not_follow_a_planted_reports_link(tmp_path, run):
    root = _ws(tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "README.md").write_text("the user's own file\n", encoding="utf-8")
    (root / "reports").symlink_to(victim)
    (root / "weights" / "README.toml").write_text(TINY_WEIGHTS["even"], encoding="utf-8")
    result = run("report", "-p", str(root), "-w", "README", "-f", "md")
    assert (victim / "README.md").read_text(encoding="utf-8") == "the user's own file\n"
    assert result.exit_code == 1 and "error:" in result.stderr


@pytest.mark.parametrize(
    "template",
    [
        "{{ 1|dictsort }}",  # AttributeError
        "{{ 1|xmlattr }}",  # AttributeError
        "{{ 'x'|truncate(-5) }}",  # AssertionError
    ],
)
def test_template_errors_of_every_kind_are_one_error_line(tmp_path, run, template):
    root = _ws(tmp_path, template)
    out = tmp_path / "out" / "p"
    out.parent.mkdir()
    result = run("report", "-p", str(root), "-w", "even", "-f", "md", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: templates/")


def test_a_single_slow_filter_is_held_to_the_deadline(monkeypatch):
    from delivery_options.errors import OptionsError
    from delivery_options.paper import sandbox

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.5)
    tpl = "{{ ('a' * 600000)|wordwrap(1)|length }}"
    env = sandbox.environment(None, autoescape=False, templates={"paper.md.j2": tpl})
    start = time.monotonic()
    with contextlib.suppress(OptionsError):
        sandbox._render(env, "paper.md.j2", {})
    assert time.monotonic() - start < 2.0


def test_html_paper_from_a_workspace_template_cannot_navigate_away(tmp_path, run):
    root = _ws(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "paper.html.j2").write_text(
        '<!doctype html><html><head><meta http-equiv="refresh" '
        'content="0;url=https://evil.example/?opened"></head><body>{{ doc.title }}</body></html>',
        encoding="utf-8",
    )
    out = tmp_path / "out" / "p"
    out.parent.mkdir()
    result = run("report", "-p", str(root), "-w", "even", "-f", "html", "-o", str(out))
    html = (
        (tmp_path / "out" / "p.html").read_text(encoding="utf-8") if result.exit_code == 0 else ""
    )
    assert result.exit_code == 1 or "refresh" not in html.lower()


def test_elicit_does_not_write_through_a_linked_weights_folder(tmp_path, run):
    root = _ws(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    for p in (root / "weights").iterdir():
        p.unlink()
    (root / "weights").rmdir()
    (root / "weights").symlink_to(outside)
    answers = tmp_path / "answers.txt"
    answers.write_text("1 2 3\n" + "50\n" * 60, encoding="utf-8")
    run("elicit", "-p", str(root), "newcomer", "--answers", str(answers))
    assert list(outside.iterdir()) == []


# --- options serve: interviews kept in the workspace (.options-serve/interviews/*.json) ---------

SERVE_TOKEN = "test-token-0123456789"
SERVE_AUTH = {"Authorization": f"Bearer {SERVE_TOKEN}"}
SANDWELL_ORDER = [
    "capacity",
    "fresh_start",
    "council",
    "workforce",
    "transition",
    "deliverability",
    "governance",
]


def _kept_client(tmp_path: Path, files: dict[str, str]):
    from delivery_options.appraisal import Appraisal
    from delivery_options.serve.app import create_app
    from delivery_options.serve.room import Room
    from serve_helpers import sandwell_copy

    ws = sandwell_copy(tmp_path / "sandwell")
    kept = ws / ".options-serve" / "interviews"
    kept.mkdir(parents=True)
    for name, text in files.items():
        (kept / name).write_text(text, encoding="utf-8")
    return create_app(Room(Appraisal.open(ws)), SERVE_TOKEN).test_client()


def _interview(events: list) -> str:
    import json

    return json.dumps(
        {
            "kind": "options serve interview",
            "stakeholder": "newbie",
            "name": "newbie",
            "date": "2026-12-07",
            "order": SANDWELL_ORDER,
            "ratings": None,
            "limit": 12,
            "events": events,
        }
    )


def test_resuming_a_forged_kept_interview_is_bounded(tmp_path, monkeypatch):
    from delivery_options.serve import elicit

    client = _kept_client(tmp_path, {"forged.json": _interview(["a", "back"] * 150)})
    calls = []
    real = elicit.reply
    monkeypatch.setattr(elicit, "reply", lambda *a, **k: calls.append(1) or real(*a, **k))
    res = client.post("/api/elicit/resume", json={"file": "forged"}, headers=SERVE_AUTH)
    # an interview of at most 12 questions has no reason to replay 150 answers
    assert res.status_code == 400 or len(calls) <= 2 * 12


def test_a_deeply_nested_kept_interview_is_skipped(tmp_path):
    client = _kept_client(tmp_path, {"deep.json": "[" * 100_000 + "]" * 100_000})
    res = client.get("/api/elicit/kept", headers=SERVE_AUTH)
    assert res.status_code == 200 and res.get_json() == []


def test_a_filter_cannot_build_a_huge_value_before_the_bound(monkeypatch):
    import tracemalloc

    from delivery_options.errors import OptionsError
    from delivery_options.paper import sandbox

    tpl = (
        "{% set l = ('x ' * 1000000).split() %}"
        "{% set m = [l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l,l] %}"
        "{{ m|string|length }}"
    )
    env = sandbox.environment(None, autoescape=False, templates={"paper.md.j2": tpl})
    tracemalloc.start()
    with contextlib.suppress(OptionsError):
        sandbox._render(env, "paper.md.j2", {})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * sandbox.MAX_TEXT  # a few times the largest value a template may make


def test_windows_reserved_ids_are_refused(tmp_path, run):
    root = _ws(tmp_path)
    (root / "weights" / "CON.toml").write_text(TINY_WEIGHTS["even"], encoding="utf-8")
    result = run("validate", "-p", str(root))
    assert result.exit_code == 1 and "CON" in result.stderr


def test_kept_interviews_are_not_read_through_a_linked_parent(tmp_path):
    from delivery_options.appraisal import Appraisal
    from delivery_options.serve.app import create_app
    from delivery_options.serve.room import Room
    from serve_helpers import sandwell_copy

    ws = sandwell_copy(tmp_path / "sandwell")
    outside = tmp_path / "outside"
    (outside / "interviews").mkdir(parents=True)
    (outside / "interviews" / "elsewhere.json").write_text(_interview([]), encoding="utf-8")
    (ws / ".options-serve").symlink_to(outside)
    client = create_app(Room(Appraisal.open(ws)), SERVE_TOKEN).test_client()
    res = client.get("/api/elicit/kept", headers=SERVE_AUTH)
    assert res.status_code == 200 and res.get_json() == []
