"""The installed ``options``: papers, the interview, the web view, errors, and machines that lack
HiGHS or the libraries WeasyPrint draws PDFs with."""

from __future__ import annotations

import http.cookiejar
import json
import re
import shutil
import socket
import subprocess
import urllib.request
import zipfile
from pathlib import Path

import pytest

from .conftest import PAPERS, ROOT, Options

FORMATS = ("html", "pdf", "md", "docx")


def test_the_command_is_the_installed_wheel_not_the_source_tree(options: Options):
    version = options.run("--version")
    assert version.code == 0 and version.err == "" and version.out.startswith("options, version")
    if options.python is None:
        pytest.skip("OPTIONS_E2E_COMMAND names the command; its environment is not ours to read")
    where = subprocess.run(
        [str(options.python), "-c", "import delivery_options; print(delivery_options.__file__)"],
        capture_output=True,
        text=True,
        env=options.env(),
        cwd=options.python.parent,
    )
    path = Path(where.stdout.strip())
    assert "site-packages" in path.parts and ROOT / "src" not in path.parents, where


def test_init_makes_a_workspace_that_validates(options: Options, workspaces):
    fresh = workspaces["fresh"]
    assert (fresh / "criteria.toml").is_file() and (fresh / "weights" / "example.toml").is_file()
    run = options.run("validate", cwd=fresh)
    assert run.code == 0 and run.err == "" and run.out.startswith(".: valid."), run


@pytest.mark.parametrize(("workspace", "kind"), PAPERS)
def test_papers_in_every_format(papers, workspace, kind):
    run, stem = papers[workspace, kind]
    assert run.code == 0, run
    assert run.err == "", run
    paths = [stem.with_name(f"{stem.name}.{ext}") for ext in FORMATS]
    assert run.out.splitlines() == [f"wrote {p}" for p in paths], run
    html, pdf, md, docx = paths
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert md.read_text(encoding="utf-8").startswith("#")
    assert "word/document.xml" in zipfile.ZipFile(docx).namelist()


def test_a_paper_on_placeholders_says_so_and_is_never_clear(papers):
    """A fresh ``options init`` holds example text; its paper must say that on the cover and
    must not call its answer clear."""
    for kind in ("paper", "submission"):
        _, stem = papers["fresh", kind]
        md = stem.with_name(f"{stem.name}.md").read_text(encoding="utf-8")
        cover = md[:1500]
        assert "placeholder" in cover.lower(), cover
        assert not re.search(r"How certain[^\n]*\bclear\b", md), md[:3000]


# --- errors ------------------------------------------------------------------------------------

ERRORS = {
    "unknown stakeholder": ("rank", "-w", "nobody"),
    "unknown stakeholder (sensitivity)": ("sensitivity", "-w", "nobody"),
    "unknown stakeholder (infer)": ("infer", "-w", "nobody"),
    "unknown stakeholder (compare)": ("compare", "-w", "nobody"),
    "two stakeholders without --hull": ("smaa", "-w", "dfe", "-w", "council"),
    "a paper format for a table": ("rank", "-w", "dfe", "-f", "pdf"),
    "an unknown table": ("screen", "--table", "nothing"),
    "an unknown option": ("risks", "no-such-option"),
    "a report format": ("report", "-w", "dfe", "-f", "pdf,tiff"),
    "an unknown solver": ("sensitivity", "-w", "dfe", "--solver", "gurobi"),
    "not a workspace": ("check", "-p", "docs"),
    "a missing workspace": ("check", "-p", "no-such-folder"),
    "a missing option value": ("rank", "-w"),
    "a missing stakeholder": ("rank",),
    "elicit over a file": ("elicit", "dfe"),
    "an unknown command": ("rnak",),
    "negative samples": ("smaa", "-n", "-5"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_an_error_is_one_line_and_a_nonzero_exit(options: Options, case):
    run = options.run(*ERRORS[case], COLUMNS=None)
    assert run.code != 0, run
    assert run.out == "", run
    lines = run.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), run
    wrapped = options.run(*ERRORS[case], COLUMNS="60")
    assert wrapped.code == run.code and wrapped.out == ""
    first, *rest = wrapped.err.splitlines()
    assert first.startswith("error: ") and all(line.startswith("    ") for line in rest), wrapped
    assert all(len(line) <= 60 for line in wrapped.err.splitlines()), wrapped
    assert " ".join(wrapped.err.split()) == " ".join(run.err.split())


def test_validate_lists_every_problem_then_a_summary(options: Options, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(ROOT / "tests" / "fixtures" / "typed", broken)
    for name in ("council", "dfe"):
        path = broken / "weights" / f"{name}.toml"
        path.write_text(path.read_text() + "\nunknown_key = 1\n")
    run = options.run("validate", cwd=broken, COLUMNS=None)
    assert run.code == 1 and run.out == "", run
    *problems, summary = run.err.splitlines()
    assert len(problems) == 2 and all(p.startswith("error: weights/") for p in problems), run
    assert "2 problems" in summary
    as_json = options.run("validate", "-f", "json", cwd=broken)
    assert as_json.code == 1 and as_json.err == ""
    assert len(json.loads(as_json.out)["problems"]) == 2


# --- the interview and the web view ------------------------------------------------------------


def test_elicit_replays_answers_and_prints_no_solver_text(options: Options, workspaces, tmp_path):
    work = tmp_path / "fresh"
    shutil.copytree(workspaces["fresh"], work)
    answers = tmp_path / "answers.txt"
    answers.write_text("# swings\n1 3 2\n50-70\n\n" + "a\n" * 12, encoding="utf-8")
    run = options.run("elicit", "board", "--answers", str(answers), cwd=work)
    assert run.code == 0, run
    assert run.err == "", run
    assert "Running HiGHS" not in run.out and "Copyright" not in run.out
    assert run.out.rstrip().splitlines()[-1].startswith("wrote "), run
    assert all(len(line) <= 80 for line in run.out.splitlines()), run
    assert options.run("infer", "-w", "board", "-f", "json", cwd=work).code == 0


def test_serve_prints_its_address_and_answers(options: Options, workspaces):
    with socket.socket() as probe:  # a port no one else is using
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [str(options.command), "serve", "--no-browser", "--port", str(port)],
        cwd=workspaces["typed"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=options.env(),
    )
    try:
        lines = [proc.stdout.readline() for _ in range(3)]
        assert lines[0].startswith("Serving "), lines
        url = lines[1].removeprefix("Open ").strip()
        assert url.startswith(f"http://127.0.0.1:{port}/"), lines
        browser = urllib.request.build_opener(  # the token in the address becomes a cookie
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with browser.open(url, timeout=30) as page:
            assert page.status == 200 and b"<html" in page.read().lower()
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=30)
    assert "Running HiGHS" not in out + err and "Traceback" not in err, (out, err)


# --- machines that lack something ----------------------------------------------------------------

BLOCK_HIGHSPY = "raise ModuleNotFoundError(\"No module named 'highspy'\", name='highspy')\n"

#: Every command that solves an LP on the bundled case (every stakeholder's weights are inferred
#: from statements, so nearly all of them do).
LP_COMMANDS = [
    ("validate", "-f", "json"),
    ("rank", "-w", "dfe", "-f", "json"),
    ("compare", "-f", "json"),
    ("sensitivity", "-w", "dfe", "-f", "json"),
    ("sensitivity", "-w", "commissioner", "-f", "csv"),
    ("smaa", "-w", "dfe", "-n", "500", "-f", "json"),
    ("smaa", "--hull", "-n", "500", "-f", "json"),
    ("infer", "-w", "dfe", "-f", "json"),
    ("check", "-f", "json"),
]


@pytest.fixture(scope="module")
def without_highspy(tmp_path_factory) -> str:
    """A folder to put first on PYTHONPATH whose ``highspy`` cannot be imported, as on a machine
    where it is not installed (its distribution metadata stays, so only the audit line of a
    paper would still name its version; nothing here writes a paper)."""
    folder = tmp_path_factory.mktemp("no-highspy")
    (folder / "highspy").mkdir()
    (folder / "highspy" / "__init__.py").write_text(BLOCK_HIGHSPY)
    return str(folder)


@pytest.mark.parametrize("args", LP_COMMANDS, ids=" ".join)
def test_without_highspy_every_lp_command_runs_on_cbc(options, workspaces, without_highspy, args):
    run = options.run(*args, cwd=workspaces["sandwell"], PYTHONPATH=without_highspy)
    assert run.code == 0, run
    assert run.err == "", run
    if "json" in args:
        doc = json.loads(run.out)
        if args[0] == "sensitivity":
            assert doc["solver"] == "CBC"
    with_highs = options.cached(*args, cwd=workspaces["sandwell"])
    if "json" in args:  # the answer does not depend on the solver (to the LPs' tolerance)
        cbc, highs = json.loads(run.out), json.loads(with_highs.out)
        assert (cbc.pop("solver", "CBC"), highs.pop("solver", "HiGHS")) == ("CBC", "HiGHS")
        for doc in (cbc, highs):  # the least change is unique; the weights at it need not be
            for part in ("switching", "pairwise"):
                for found in doc.get(part, {}).values():
                    for key in ("weights", "weights_linf"):
                        found.pop(key, None)
            # nor are compare's compromise weights (an LP with several optima on the value-tree
            # Sandwell: CBC and HiGHS pick different ones, and the scores at them differ)
            for key in ("weights", "scores"):
                doc.get("compromise", {}).pop(key, None)
        assert _words(cbc) == _words(highs)
        assert _numbers(cbc) == pytest.approx(_numbers(highs), abs=1e-5)


def _numbers(doc) -> list[float]:
    if isinstance(doc, dict):
        return [x for k in sorted(doc) for x in _numbers(doc[k])]
    if isinstance(doc, list):
        return [x for v in doc for x in _numbers(v)]
    return [float(doc)] if isinstance(doc, int | float) and not isinstance(doc, bool) else []


def _words(doc) -> list:
    if isinstance(doc, dict):
        return [(k, w) for k in sorted(doc) for w in _words(doc[k])]
    if isinstance(doc, list):
        return [w for v in doc for w in _words(v)]
    return [] if isinstance(doc, int | float) and not isinstance(doc, bool) else [doc]


def test_without_highspy_the_paper_is_written_on_cbc(
    options, workspaces, without_highspy, tmp_path
):
    stem = tmp_path / "dfe"
    run = options.run(
        "report",
        "-w",
        "dfe",
        "-f",
        "md",
        "-o",
        str(stem),
        cwd=workspaces["sandwell"],
        PYTHONPATH=without_highspy,
    )
    assert run.code == 0 and run.err == "" and run.out == f"wrote {stem}.md\n", run
    assert "## 1. Summary and recommendation" in stem.with_suffix(".md").read_text("utf-8")


def test_without_highspy_asking_for_highs_is_one_line(options, workspaces, without_highspy):
    run = options.run(
        "sensitivity",
        "-w",
        "dfe",
        "--solver",
        "highs",
        cwd=workspaces["sandwell"],
        PYTHONPATH=without_highspy,
        COLUMNS=None,
    )
    assert run.code != 0 and run.out == ""
    assert len(run.err.splitlines()) == 1 and "highspy" in run.err, run


#: A machine without Pango (Windows, a Mac without Homebrew's pango): cffi cannot open GLib's and
#: Pango's libraries, so ``import weasyprint`` fails as it does there, through WeasyPrint's own
#: code (which prints its notice on standard output first).
NO_PANGO = """
import cffi

_dlopen = cffi.FFI.dlopen


def _missing(self, name, flags=0):
    if any(lib in str(name) for lib in ("gobject", "glib", "pango", "harfbuzz", "fontconfig")):
        raise OSError(f"cannot load library '{name}': {name}: cannot open shared object file")
    return _dlopen(self, name, flags)


cffi.FFI.dlopen = _missing
"""


@pytest.mark.parametrize("kind", ["paper", "submission"])
def test_without_pango_the_other_formats_are_written_and_one_line_says_how(
    options: Options, workspaces, tmp_path, kind
):
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(NO_PANGO)
    stem = tmp_path / "out" / "paper"
    run = options.run(
        "report",
        "-w",
        "example",
        "--kind",
        kind,
        "-f",
        "html,pdf,md,docx",
        "-o",
        str(stem),
        cwd=workspaces["fresh"],
        PYTHONPATH=str(shim),
        COLUMNS=None,
    )
    assert run.code != 0, run
    written = [stem.with_name(f"paper.{ext}") for ext in ("html", "md", "docx")]
    assert run.out.splitlines() == [f"wrote {p}" for p in written], run
    assert "WeasyPrint could not" not in run.out
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)
    assert not stem.with_name("paper.pdf").exists()
    (line,) = run.err.splitlines()
    assert line.startswith("error: ") and "PDF" in line
    for how in ("Windows", "pacman -S mingw-w64-x86_64-pango", "macOS", "brew install pango"):
        assert how in line, line
    assert "apt install libpango-1.0-0 libpangoft2-1.0-0" in line
    only_pdf = options.run(
        "report",
        "-w",
        "example",
        "-f",
        "pdf",
        "-o",
        str(tmp_path / "alone"),
        cwd=workspaces["fresh"],
        PYTHONPATH=str(shim),
        COLUMNS=None,
    )
    assert only_pdf.code != 0 and only_pdf.out == "" and len(only_pdf.err.splitlines()) == 1
    assert not list(tmp_path.glob("alone*"))


def test_every_help_fits_80_columns(options: Options):
    commands = ["", *_commands(options)]
    for width in ("80", "200"):
        for command in commands:
            run = options.run(*command.split(), "--help", COLUMNS=width)
            assert run.code == 0 and run.err == "", run
            wide = [line for line in run.out.splitlines() if len(line) > 80]
            assert wide == [], (command, width, wide)


def _commands(options: Options) -> list[str]:
    listing = options.run("--help").out.split("Commands:")[1]
    return [line.split()[0] for line in listing.splitlines() if line.strip()]
