"""Where the command line writes what -o names."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _piped(monkeypatch):
    """Standard error is not a terminal here; without COLUMNS, errors are one line each."""
    monkeypatch.delenv("COLUMNS", raising=False)


def test_report_adds_no_extension_the_output_path_already_has(tiny, run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()

    def report(formats: str, path: str) -> None:
        res = run(
            "report",
            "-p",
            str(tiny),
            "-w",
            "even",
            "-f",
            formats,
            "-n",
            "200",
            "-o",
            str(out / path),
        )
        assert res.exit_code == 0, res.stderr

    report("md", "one.md")  # the only format's extension: not added again
    report("md", "two")  # no extension: added, as before
    report("md,html", "three.md")  # several formats: a report extension is dropped first
    report("html", "four.v2")  # anything else is part of the name
    assert sorted(p.name for p in out.iterdir()) == [
        "four.v2.html",
        "one.md",
        "three.html",
        "three.md",
        "two.md",
    ]


def test_the_help_for_output_says_which_folder_is_created(tiny, run, tmp_path):
    from conftest import ROOT

    rule = "its folder is created when that folder's parent exists"
    for command in ("rank", "report"):
        assert rule in " ".join(run(command, "--help").stdout.split()), command
    assert "created if needed" not in (ROOT / "docs" / "cli.md").read_text()
    args = ("rank", "-p", str(tiny), "-w", "even", "-f", "csv", "-o")
    made = tmp_path / "made" / "rank.csv"  # the last folder is created ...
    assert run(*args, str(made)).exit_code == 0 and made.is_file()
    deep = tmp_path / "no" / "such" / "rank.csv"  # ... but not a folder above it
    res = run(*args, str(deep))
    assert res.exit_code == 1 and f"the folder {tmp_path / 'no'} does not exist" in res.stderr
    assert not (tmp_path / "no").exists()
