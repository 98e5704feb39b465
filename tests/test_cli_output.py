"""Where the command line writes what -o names."""

from __future__ import annotations


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
