"""Every byte escaped (issue 22, item 4): one function per target decides how untrusted text is
shown, and every message path goes through it. Property tests over hostile text for each
target, then the paths that used to let it through raw: ``error:`` and ``wrote`` lines, serve's
start-up lines, Markdown links and images, the HTML paper, Word and the charts' labels."""

from __future__ import annotations

import re
import subprocess
import sys

import markdown as python_markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options.present import escape
from delivery_options.present.cells import is_control

#: C0 and C1 controls, DEL, escape sequences, bidi overrides, line separators, markup, links.
ATTACKS = st.sampled_from(
    [
        "\x1b[2J",
        "\x1b]8;;http://evil\x07link\x1b]8;;\x07",
        "\x9b31m",
        "\x00",
        "\x7f",
        "\n",
        "\r",
        "\nerror: forged",
        "\u202e",
        "\u2066",
        "\u2028",
        "\ufffe",
        "\uffff",
        "\ufdd0",
        "\U0010ffff",
        "[x](javascript:alert(1))",
        "![i](http://evil.example/p.png)",
        "<img src=x onerror=alert(1)>",
        "<http://evil.example>",
        "https://evil.example",
        "www.evil.example",
        "a@evil.example",
        "*em* _em_ `code` ~~s~~",
        "$x^2$",
        "_internal",
        "&amp;",
        "|",
        "\\",
    ]
)
HOSTILE = st.lists(st.one_of(ATTACKS, st.text(max_size=8)), max_size=6).map("".join)

_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
    r"\ufdd0-\ufdef\ufffe\uffff\U0010fffe\U0010ffff]"  # and noncharacters
)


@settings(max_examples=300)
@given(HOSTILE)
def test_terminal_text_has_no_control_character(text):
    shown = escape.terminal(text)
    assert not _CONTROL.search(shown)
    assert "\n" not in shown


@settings(max_examples=300)
@given(HOSTILE)
def test_markdown_text_makes_no_link_image_or_html(text):
    shown = escape.markdown(text)
    assert "\n" not in shown and not _CONTROL.search(shown)
    from delivery_options.present.markdown import paragraph

    for doc in (f"Text: {shown}", paragraph(text)):  # inline in a paragraph; a paragraph alone
        rendered = python_markdown.markdown(doc)
        assert not re.search(r"<(a|img|script|em|strong|code|del)\b", rendered), rendered
        body = rendered.removeprefix("<p>").removesuffix("</p>")
        assert "<" not in body.replace("&lt;", ""), rendered
    # no bare address a GitHub renderer would link: "://", "www." and "@" are broken
    assert not re.search(r"(?<!\\)://|www\.|(?<!\\)@", shown)


@settings(max_examples=300)
@given(HOSTILE)
def test_html_and_word_text_hold_no_control_or_markup(text):
    for shown in (escape.html(text), escape.pdf(text)):
        assert not re.search(r"[<>]", shown)
        assert not _CONTROL.search(shown.replace("\n", "").replace("\t", ""))
    word = escape.word(text)
    assert not _CONTROL.search(word.replace("\n", "").replace("\t", ""))


@settings(max_examples=300)
@given(HOSTILE)
def test_chart_labels_are_never_maths_and_never_hidden(text):
    shown = escape.chart(text)
    assert not any(escape.unshown(c) for c in shown)
    assert not shown.startswith("_")
    assert (
        shown.replace("\u200b", "", 1).strip()
        == "".join(" " if escape.unshown(c) else c for c in text).strip()
    )


def test_a_chart_draws_dollars_as_text_and_keeps_an_underscored_criterion():
    import numpy as np

    from delivery_options.paper import charts

    drawn = charts.contributions(
        ["$5m option", "B"],
        np.array([[10.0, 20.0], [5.0, 5.0]]),
        ["_internal", "$x^2$"],
        "alt",
        False,
        np.array([30.0, 10.0]),
    )
    assert "_internal" in drawn.svg  # matplotlib drops legend labels starting with "_"
    assert "$x^2$" in drawn.svg and "$5m option" in drawn.svg


def _hostile_workspace(root):
    crit = (
        '[appraisal]\ntitle = "Evil\\u001b[2J\\u202etitle"\n'
        '[criteria.quality]\nname = "Quality"\n'
        '[criteria.cost]\nname = "Cost [x](javascript:alert(1)) ![i](http://evil.example/i.png)"\n'
        'direction = "cost"\nscale = [0, 200]\n'
        '[criteria.speed]\nname = "Speed \\u202e\\u0007"\nscale = [0, 10]\n'
    )
    return write_workspace(root, crit, TINY_OPTIONS, TINY_WEIGHTS)


def test_an_error_line_cannot_be_forged_or_send_escapes(tmp_path, run):
    ws = write_workspace(tmp_path / "w", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    (ws / "options" / "alpha.toml").write_text(
        TINY_OPTIONS["alpha"] + '"bad\\u001b[2J\\nerror: forged" = 1\n'
    )
    res = run("rank", "-p", str(ws), "-w", "even")
    assert res.exit_code == 1
    assert "\x1b" not in res.stderr
    assert res.stderr.count("\n") == 1 and "\\x1b[2J\\nerror: forged" in res.stderr


def test_a_wrote_line_shows_a_file_name_escaped(tmp_path, run):
    ws = write_workspace(tmp_path / "w", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    out = tmp_path / "r\x1b[31m\nerror: forged.txt"
    res = run("rank", "-p", str(ws), "-w", "even", "-o", str(out))
    assert res.exit_code == 0 and out.exists()
    assert "\x1b" not in res.stdout and res.stdout.count("\n") == 1 and res.stderr == ""
    assert "\\x1b[31m\\nerror: forged.txt" in res.stdout


def test_markdown_output_of_a_command_has_no_live_link_or_image(tmp_path, run):
    ws = _hostile_workspace(tmp_path / "w")
    md = run("rank", "-p", str(ws), "-w", "even", "-f", "md").stdout
    html = python_markdown.markdown(md, extensions=["tables"])
    assert "<a " not in html and "<img" not in html and "javascript:" in html  # shown as text


def test_the_html_paper_and_word_hold_no_control_or_bidi_override(tmp_path, run):
    import zipfile

    ws = _hostile_workspace(tmp_path / "w")
    out = tmp_path / "paper"
    res = run(
        "report", "-p", str(ws), "-w", "even", "-f", "html,md,docx", "-n", "200", "-o", str(out)
    )
    assert res.exit_code == 0, res.stderr
    for text in (
        (tmp_path / "paper.html").read_text(),
        (tmp_path / "paper.md").read_text(),
        zipfile.ZipFile(tmp_path / "paper.docx").read("word/document.xml").decode(),
    ):
        assert "\u202e" not in text and "\x1b" not in text and "\x07" not in text
    md = (tmp_path / "paper.md").read_text()
    html = python_markdown.markdown(md, extensions=["tables"])
    assert "<img" not in html and 'href="javascript' not in html


def test_serve_prints_the_title_escaped(tmp_path):
    ws = _hostile_workspace(tmp_path / "w")
    from click.testing import CliRunner

    from delivery_options.cli import cli
    from delivery_options.serve import LiveServer

    started = {}

    def fake_run(project, host, port, browser, say, warn):
        server = LiveServer(project, host, port)
        try:
            say(f"Serving {server.room.app.workspace.title}")
            started["ok"] = True
        finally:
            server.server.server_close()

    import delivery_options.serve as serve

    real = serve.run
    serve.run = fake_run
    try:
        res = CliRunner().invoke(cli, ["serve", "-p", str(ws), "--no-browser"])
    finally:
        serve.run = real
    assert started and "\x1b" not in res.stdout and "\u202e" not in res.stdout
    assert "Evil\\x1b[2J\\u202etitle" in res.stdout


def test_an_encoding_that_cannot_show_a_name_falls_back_to_escapes(tmp_path):
    opts = dict(TINY_OPTIONS, alpha=TINY_OPTIONS["alpha"].replace("Alpha", "東京 Ωmega"))
    ws = write_workspace(tmp_path / "w", options=opts, weights=TINY_WEIGHTS)
    env = {"PYTHONIOENCODING": "latin-1", "PATH": "/usr/bin:/bin"}
    import os

    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    res = subprocess.run(
        [sys.executable, "-m", "delivery_options", "rank", "-p", str(ws), "-w", "even"],
        capture_output=True,
        env=env,
    )
    assert res.returncode == 0, res.stderr
    assert b"Traceback" not in res.stderr and b"\\u6771\\u4eac" in res.stdout


def test_the_interview_prompt_shows_a_criterion_name_escaped(tmp_path, monkeypatch):
    import click

    from delivery_options.interview import Asker

    shown = []
    monkeypatch.setattr(click, "prompt", lambda text, **kw: shown.append(text) or "1")
    Asker(None)("  Speed \x1b[2J\u202e")
    assert shown == ["  Speed \\x1b[2J\\u202e"]


@settings(max_examples=300)
@given(HOSTILE)
def test_a_whole_markdown_document_keeps_no_live_link_and_leaves_escaped_text_alone(text):
    assert escape.markdown_document(escape.markdown(text)) == escape.markdown(text)
    rendered = python_markdown.markdown(escape.markdown_document(text))
    assert not re.search(r"<(a|img|script)\b", rendered), rendered


def test_a_workspace_markdown_template_cannot_add_a_link_or_image(tmp_path, run):
    from importlib import resources

    ws = write_workspace(tmp_path / "w", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    (ws / "templates").mkdir()
    page = (resources.files("delivery_options.paper") / "templates" / "paper.md.j2").read_text()
    page += "\n[click](javascript:alert(1)) ![b](https://evil.example/b.png) <img src=x>\n"
    (ws / "templates" / "paper.md.j2").write_text(page)
    out = tmp_path / "p"
    res = run("report", "-p", str(ws), "-w", "even", "-f", "md", "-n", "200", "-o", str(out))
    assert res.exit_code == 0, res.stderr
    html = python_markdown.markdown((tmp_path / "p.md").read_text(), extensions=["tables"])
    assert "<a " not in html and "<img" not in html and "evil.example" in html


@settings(max_examples=300)
@given(HOSTILE)
def test_csv_text_is_never_a_formula(text):
    shown = escape.csv(text)
    assert not shown.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "\0"))
    assert shown in {(c := escape.controls(text, keep="\n\t")), "'" + c}  # a text may open with '
    assert not any(is_control(c) for c in shown if c not in "\n\t")  # no ESC, BEL, U+202E


def test_a_title_with_line_breaks_is_one_line_in_the_pdf_and_word_metadata(tmp_path, run):
    """Adversary 10, finding 2: a CR/LF in the workspace's title reached the PDF's Title and
    Subject and Word's dc:title raw, and `pdfinfo` then printed a forged line."""
    import shutil
    import subprocess
    import zipfile

    from conftest import CRITERIA_3, TINY_OPTIONS, TINY_WEIGHTS, write_workspace

    crit = CRITERIA_3.replace(
        'title = "Tiny appraisal"', 'title = "Tiny\\r\\nAuthor: forged\\u2028x"'
    )
    ws = write_workspace(tmp_path / "ws", crit, TINY_OPTIONS, TINY_WEIGHTS)
    out = tmp_path / "p"
    res = run("report", "-p", str(ws), "-w", "even", "-f", "pdf,docx", "-n", "200", "-o", str(out))
    assert res.exit_code == 0, res.output
    core = zipfile.ZipFile(tmp_path / "p.docx").read("docProps/core.xml").decode()
    assert "Tiny Author: forged x" in core and "\n" not in core.split("<dc:title>")[1][:60]
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(tmp_path / "p.pdf")], capture_output=True).stdout
        assert b"Tiny Author: forged x: options paper\n" in info
        assert not any(line.startswith(b"Author: forged") for line in info.splitlines())
