"""A workspace is a closed box (issue 22, item 1): nothing read from outside it, nothing fetched.

Each way out the adversary found is tried: a link under options/, weights/ or templates/ to a
file elsewhere, ``..`` in a template name, a template that is otherwise valid but names an
outside file as a PDF attachment, a picture on the network, or a file of the workspace itself.
Each is refused with one line naming the file, and nothing outside is read or requested."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace

SECRET = "TOP-SECRET-OUTSIDE-THE-WORKSPACE"


@pytest.fixture
def box(tmp_path):
    ws = write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    (tmp_path / "secret.txt").write_text(SECRET)
    return ws


def _package_template(name: str) -> str:
    from importlib import resources

    return (resources.files("delivery_options.paper") / "templates" / name).read_text()


def _one_line(res, *words):
    assert res.exit_code == 1, res.output
    line = res.stderr.strip()
    assert "\n" not in line and line.startswith("error:") and "Traceback" not in line
    for w in words:
        assert w in line, line


def test_a_linked_option_file_leading_outside_is_refused(box, tmp_path, run):
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(TINY_OPTIONS["gamma"])
    (box / "options" / "gamma.toml").unlink()
    (box / "options" / "gamma.toml").symlink_to(outside)
    res = run("rank", "-p", str(box), "-w", "even")
    _one_line(res, "options/gamma.toml", "outside the workspace")


def test_a_linked_weights_folder_or_criteria_file_is_refused(box, tmp_path, run):
    shutil.move(box / "weights", tmp_path / "their-weights")
    (box / "weights").symlink_to(tmp_path / "their-weights")
    _one_line(run("rank", "-p", str(box), "-w", "even"), "even.toml", "outside the workspace")
    (box / "weights").unlink()
    shutil.move(tmp_path / "their-weights", box / "weights")
    shutil.move(box / "criteria.toml", tmp_path / "criteria.toml")
    (box / "criteria.toml").symlink_to(tmp_path / "criteria.toml")
    _one_line(run("rank", "-p", str(box), "-w", "even"), "criteria.toml", "outside")


def test_a_link_inside_the_workspace_is_still_read(box, run):
    (box / "spare").mkdir()
    shutil.move(box / "options" / "gamma.toml", box / "spare" / "gamma.toml")
    (box / "options" / "gamma.toml").symlink_to(box / "spare" / "gamma.toml")
    assert run("rank", "-p", str(box), "-w", "even").exit_code == 0


def test_a_template_including_a_linked_outside_file_is_refused(box, tmp_path, run):
    (box / "templates").mkdir()
    (box / "templates" / "notes.txt").symlink_to(tmp_path / "secret.txt")
    page = _package_template("paper.md.j2") + '\n{% include "notes.txt" %}\n'
    (box / "templates" / "paper.md.j2").write_text(page)
    out = tmp_path / "out" / "p"
    res = run("report", "-p", str(box), "-w", "even", "-f", "md", "-n", "200", "-o", str(out))
    _one_line(res, "templates/notes.txt", "outside the workspace")
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def test_a_template_naming_a_parent_folder_is_refused(box, tmp_path, run):
    (box / "templates").mkdir()
    page = _package_template("paper.md.j2") + '\n{% include "../../secret.txt" %}\n'
    (box / "templates" / "paper.md.j2").write_text(page)
    res = run(
        "report", "-p", str(box), "-w", "even", "-f", "md", "-n", "200", "-o", str(tmp_path / "p")
    )
    _one_line(res, "template")
    assert not (tmp_path / "p.md").exists()


def _html_template_with(extra: str) -> str:
    page = _package_template("paper.html.j2")
    return page.replace("</head>", extra + "\n</head>", 1)


@pytest.mark.parametrize(
    "extra",
    [
        '<link rel="attachment" href="../secret.txt" title="secret">',
        '<link rel="attachment" href="criteria.toml">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<link rel="attachment" href="data:text/plain;base64,U0VDUkVU">',
    ],
)
def test_a_pdf_template_cannot_attach_or_embed_a_file(box, tmp_path, run, extra):
    pypdf = pytest.importorskip("pypdf")
    (box / "templates").mkdir()
    (box / "templates" / "paper.html.j2").write_text(_html_template_with(extra))
    out = tmp_path / "p"
    res = run("report", "-p", str(box), "-w", "even", "-f", "pdf", "-n", "200", "-o", str(out))
    _one_line(res, "asks for")
    assert not (tmp_path / "p.pdf").exists()
    del pypdf


def test_a_pdf_template_cannot_fetch_from_the_network(box, tmp_path, run):
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/beacon.png"
        (box / "templates").mkdir()
        page = _html_template_with(f'<link rel="stylesheet" href="{url}">')
        page = page.replace("<body", f'<img src="{url}"><body', 1)
        (box / "templates" / "paper.html.j2").write_text(page)
        res = run(
            "report",
            "-p",
            str(box),
            "-w",
            "even",
            "-f",
            "pdf",
            "-n",
            "200",
            "-o",
            str(tmp_path / "p"),
        )
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []
    _one_line(res, "asks for", "beacon.png")


def test_the_paper_still_renders_its_own_pdf(box, tmp_path, run):
    res = run(
        "report", "-p", str(box), "-w", "even", "-f", "pdf", "-n", "200", "-o", str(tmp_path / "p")
    )
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")


def test_an_answers_file_that_is_a_device_pipe_or_binary_is_refused(box, tmp_path, run):
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    binary = tmp_path / "answers.bin"
    binary.write_bytes(b"\x00\x01\xff\xfe" * 100)
    for path, words in (
        (fifo, "not a regular file"),
        (Path("/dev/zero"), "not a regular file"),
        (binary, "not text"),
    ):
        res = run("elicit", "-p", str(box), "newone", "--answers", str(path))
        _one_line(res, "--answers", *words.split(" "))
    assert not (box / "weights" / "newone.toml").exists()


def test_the_html_paper_loads_nothing_from_elsewhere_when_opened(box, tmp_path, run):
    (box / "templates").mkdir()
    page = _html_template_with('<link rel="stylesheet" href="https://evil.example/x.css">')
    (box / "templates" / "paper.html.j2").write_text(page)
    res = run("report", "-p", str(box), "-w", "even", "-f", "html", "-n", "200",
              "-o", str(tmp_path / "p"))  # fmt: skip
    _one_line(res, "asks for https://evil.example/x.css")
    (box / "templates" / "paper.html.j2").write_text(_html_template_with(""))
    res = run("report", "-p", str(box), "-w", "even", "-f", "html", "-n", "200",
              "-o", str(tmp_path / "p"))  # fmt: skip
    assert res.exit_code == 0, res.stderr
    html = (tmp_path / "p.html").read_text()
    policy = html.index('http-equiv="Content-Security-Policy"')
    assert "default-src 'none'" in html[policy : policy + 200]


def test_a_linked_templates_folder_is_not_walked(box, tmp_path, run):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "paper.md.j2").write_text(SECRET)
    (box / "templates").symlink_to(tmp_path / "elsewhere")
    res = run("report", "-p", str(box), "-w", "even", "-f", "md", "-n", "200",
              "-o", str(tmp_path / "p"))  # fmt: skip
    _one_line(res, "templates/", "outside the workspace")


def test_an_html_template_cannot_hide_the_content_policy(box, tmp_path, run):
    """Adversary: '<head>' inside a comment took the policy with it, and tags written before the
    real head loaded before it. The policy now stands before anything the template wrote."""
    (box / "templates").mkdir()
    (box / "templates" / "paper.html.j2").write_text(
        '<!doctype html><html><!-- <head> --><body><img src="data:image/png;base64,AA">'
        '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/r"></body></html>'
    )
    out = tmp_path / "p"
    res = run("report", "-p", str(box), "-w", "even", "-f", "html", "-n", "200", "-o", str(out))
    assert res.exit_code == 0, res.output
    html = (tmp_path / "p.html").read_text()
    from delivery_options.paper.render import PAPER_CSP

    assert html.startswith("<!doctype html>" + PAPER_CSP)


def test_an_html_template_names_nothing_a_viewer_would_fetch(box, tmp_path, run):
    """Adversary 9, finding 3: a workspace template's remote style sheet, images, poster,
    cite, CSS url() and @import stayed in the HTML paper, stopped only by the page's content
    policy, which a viewer may ignore. Now they are refused, in one line, as the PDF refuses
    them; data the page holds and links within it are kept."""
    (box / "templates").mkdir()
    (box / "templates" / "paper.html.j2").write_text(
        '<!doctype html><html><head><link rel="stylesheet" href="https://e.test/s.css">'
        "<style>@import url(https://e.test/a.css); p { background: url('file:///etc/x') }"
        " q { background: u\\rl(https://e.test/c) }</style></head><body>"
        '<img src="https://e.test/i.png" srcset="https://e.test/2.png 2x">'
        '<img src="data:image/png;base64,AAAA"><video poster="file:///etc/passwd"></video>'
        '<q cite="https://e.test/q">q</q><p style="background:url(//e.test/s)">p</p>'
        '<a href="#top">top</a></body></html>'
    )
    res = run("report", "-p", str(box), "-w", "even", "-f", "html", "-n", "200",
              "-o", str(tmp_path / "p"))  # fmt: skip
    _one_line(res, "templates/", "asks for https://e.test/s.css", "data: URLs")
    assert not (tmp_path / "p.html").exists()
    for each in (
        "<style>p { background: u\\rl(https://e.test/c) }</style>",
        "<style>@import 'https://e.test/a.css';</style>",
        '<img srcset="https://e.test/2.png 2x">',
        '<video poster="file:///etc/passwd"></video>',
        '<p style="background:url(//e.test/s)">p</p>',
        # adversary 10, finding 1: escapes, references, image-set, srcset, data: style sheets
        # that import, and url() in SVG's attributes
        "<style>p { background: \\75 rl(https://e.test/a) }</style>",
        '<style>@\\69 mport "https://e.test/b.css";</style>',
        "<svg><style>p { background: &#117;rl(https://e.test/c) }</style></svg>",
        '<style>p { background-image: image-set("https://e.test/d.png" 1x) }</style>',
        '<img srcset="data:image/png;base64,AA 1x, https://e.test/e.png 2x">',
        '<link rel="stylesheet" href="data:text/css,@import url(https://e.test/f.css);">',
        '<svg><rect fill="url(https://e.test/g#x)"/></svg>',
        '<p style="cursor: url(https://e.test/i.cur), auto">x</p>',
    ):
        (box / "templates" / "paper.html.j2").write_text(f"<!doctype html><html>{each}</html>")
        res = run("report", "-p", str(box), "-w", "even", "-f", "html", "-n", "200",
                  "-o", str(tmp_path / "p"))  # fmt: skip
        _one_line(res, "templates/", "asks for")
    page = '<img src="data:image/png;base64,AAAA"><a href="#top">top</a><a href="https://e">e</a>'
    (box / "templates" / "paper.html.j2").write_text(f"<!doctype html><html>{page}</html>")
    res = run("report", "-p", str(box), "-w", "even", "-f", "html", "-n", "200",
              "-o", str(tmp_path / "p"))  # fmt: skip
    assert res.exit_code == 0, res.output
    html = (tmp_path / "p.html").read_text()
    assert 'src="data:image/png;base64,AAAA"' in html and 'href="#top"' in html
    assert "https://e" not in html  # a link off the page: dropped, as before


@pytest.mark.parametrize(
    "body",
    ["{{ 1/0 }}", "{{ 10**5000 }}", '{% include "paper.md.j2" %}'],
    ids=["division", "huge-number", "self-include"],
)
def test_a_failing_workspace_template_is_one_line(box, tmp_path, run, body):
    """Adversary: arithmetic, number-size and recursion errors in a template were tracebacks."""
    (box / "templates").mkdir()
    (box / "templates" / "paper.md.j2").write_text(body)
    res = run(
        "report", "-p", str(box), "-w", "even", "-f", "md", "-n", "200", "-o", str(tmp_path / "p")
    )
    _one_line(res, "templates/", "template failed")
    assert not (tmp_path / "p.md").exists()
