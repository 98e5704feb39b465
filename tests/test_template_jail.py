"""A workspace's own templates are rendered in a child process with hard limits (issue 22,
adversary 6's findings 1-4 and 8-14): whatever a template does inside one Python operation or
to WeasyPrint's layout, the run ends in one ``error:`` line naming the template, exit 1, no
traceback, and the machine is not exhausted. The limits are lowered here through the module
constants the parent passes to the child, so each attack is small and quick yet past them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import delivery_options
from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace

#: where the package under test is, for the command line run in a process of its own
SRC = str(Path(delivery_options.__file__).resolve().parents[1])


@pytest.fixture
def box(tmp_path):
    return write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)


def _template(box, body: str, name: str = "paper.md.j2") -> None:
    (box / "templates").mkdir(exist_ok=True)
    (box / "templates" / name).write_text(body, encoding="utf-8")


def _report(run, box, out, fmt="md"):
    return run("report", "-p", str(box), "-w", "even", "-f", fmt, "-n", "100", "-o", str(out))


def _one_line(res, name: str, *words: str) -> str:
    assert res.exit_code == 1, res.output
    line = res.stderr.strip()
    assert line.startswith("error:") and "\n" not in line and "Traceback" not in line, line
    assert f"templates/{name}" in line, line
    for w in words:
        assert w in line, (w, line)
    return line


def _limits(monkeypatch, memory: int | None = None, seconds: float | None = None):
    """The child's limits lowered: memory in MB, processor seconds past its start-up."""
    from delivery_options.paper import sandbox

    jail = _jail()
    monkeypatch.setattr(jail, "MEMORY_PER_CELL", 0, raising=False)  # the limits as set, exactly
    monkeypatch.setattr(jail, "SECONDS_PER_CELL", 0.0, raising=False)
    if memory is not None:
        monkeypatch.setattr(jail, "MAX_MEMORY", memory * 2**20, raising=False)
    if seconds is not None:
        monkeypatch.setattr(sandbox, "MAX_SECONDS", 1.0)
        monkeypatch.setattr(jail, "MARGIN", seconds - 1.0, raising=False)
        monkeypatch.setattr(jail, "WAIT", 20.0, raising=False)


def _jail():
    """The jail module, or a stand-in where there is none (main before it, to see the tests
    fail there for the reason they name)."""
    try:
        from delivery_options.paper import jail
    except ImportError:
        import types

        return types.SimpleNamespace()
    return jail


def _cli(box, out, fmt: str, prelude: str = "") -> tuple[subprocess.CompletedProcess, int]:
    """The real command line in a process of its own; its result and the peak resident memory
    (KB) of it and every process it waited for, the renderer included."""
    code = f"{prelude}\nfrom delivery_options.cli import main\nmain()"
    args = ["report", "-p", str(box), "-w", "even", "-f", fmt, "-n", "100", "-o", str(out)]
    env = {**os.environ, "PYTHONPATH": SRC}
    # a small process starts the command and reads its peak: a process forked from this one
    # would start from this one's (pytest's) resident size
    wrap = (
        "import os, subprocess, sys\n"
        "p = subprocess.Popen(sys.argv[1:])\n"
        "_, status, use = os.wait4(p.pid, 0)\n"
        "sys.stderr.write(f'\\n{use.ru_maxrss}')\n"
        "sys.exit(os.waitstatus_to_exitcode(status) % 256)\n"
    )
    cmd = [sys.executable, "-c", wrap, sys.executable, "-c", code, *args]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    err, _, peak = done.stderr.rpartition("\n")
    code = done.returncode if done.returncode < 128 else done.returncode - 256
    return subprocess.CompletedProcess(cmd, code, done.stdout, err), int(peak)


# -- memory ---------------------------------------------------------------------------------


MANY_LISTS = "{{ ('a' * 2000000)|batch(1)|list|length }}"  # 2 million lists: some 250 MB


def test_a_template_that_needs_more_memory_than_the_limit_is_one_line(box, tmp_path):
    """Adversary 6, findings 1 and 10: within the sandbox's counts (items, steps), one value
    of millions of small lists took gigabytes. In the child, past its memory limit (200 MB
    here), it is one line; the real command line is run, and nothing it waited for grew past
    the limit."""
    _template(box, MANY_LISTS)
    prelude = (
        "try:\n    from delivery_options.paper import jail\n"
        "    jail.MAX_MEMORY = 200 * 2**20\n    jail.MEMORY_PER_CELL = 0\n"
        "except ImportError:\n    pass"
    )
    done, peak = _cli(box, tmp_path / "p", "md", prelude)
    assert done.returncode == 1, (done.returncode, done.stderr)
    line = done.stderr.strip()
    assert "\n" not in line and "Traceback" not in line, line
    assert line.startswith("error: templates/paper.md.j2:") and "200 MB of memory" in line, line
    assert peak < 260_000, peak  # KB: the child stopped at its 200 MB
    assert not (tmp_path / "p.md").exists()


def test_escaping_a_huge_markdown_page_is_inside_the_limits(box, tmp_path, run, monkeypatch):
    """Finding 11: the page's escaping ran after the sandbox's deadline and took 4.5 GB for a
    64 M-character page; it is done in the child now, under its limits."""
    _limits(monkeypatch, memory=250)
    _template(box, "{% set big = '[@' * 2500000 %}" + "{{ big }}" * 6)
    _one_line(_report(run, box, tmp_path / "p"), "paper.md.j2", "250 MB of memory")


# -- time -----------------------------------------------------------------------------------


def test_one_operation_past_the_time_limit_is_one_line(box, tmp_path, run, monkeypatch):
    """Finding 13: an ``in`` over a tuple of long texts is one Python operation, so the
    sandbox's clock never fired (13.7 s with a 2 s deadline, hours at full size). The child's
    processor time is limited (4 s here)."""
    _limits(monkeypatch, seconds=4)
    _template(
        box,
        "{% set s = 'a' * 9999998 ~ 'b' %}{% set t = 'a' * 9999998 ~ 'c' %}"
        "{% set big = (t,) * 30000 %}{{ s in big }}",
    )
    start = time.monotonic()
    res = _report(run, box, tmp_path / "p")
    assert time.monotonic() - start < 40
    _one_line(res, "paper.md.j2", "more than 4 seconds")


def test_a_pdf_layout_past_the_time_limit_is_one_line(box, tmp_path, run, monkeypatch):
    """Finding 4: floats make WeasyPrint's layout quadratic on one page (6,000: 26 s); the
    layout is in the child, under its processor time (5 s here)."""
    _limits(monkeypatch, seconds=5)
    _template(
        box,
        "<!doctype html><html><head><title>t</title><style>.f{float:left;width:1px;height:1px}"
        '</style></head><body><div style="height:100px;overflow:hidden">'
        "{% for i in range(6000) %}<i class=f></i>{% endfor %}</div></body></html>",
        "paper.html.j2",
    )
    start = time.monotonic()
    res = _report(run, box, tmp_path / "p", "pdf")
    assert time.monotonic() - start < 40
    _one_line(res, "paper.html.j2", "more than 5 seconds")


def test_rebuilding_a_huge_html_page_is_inside_the_limits(box, tmp_path, run, monkeypatch):
    """Finding 11 (HTML): the page's rebuild tag by tag ran after the sandbox's deadline."""
    _limits(monkeypatch, seconds=3)
    _template(
        box,
        "{% set big = '<b x=1>' * 1400000 %}{% autoescape false %}"
        + "{{ big }}" * 4
        + "{% endautoescape %}",
        "paper.html.j2",
    )
    _one_line(_report(run, box, tmp_path / "p", "html"), "paper.html.j2", "more than 3 seconds")


# -- the interpreter stopped ----------------------------------------------------------------

DEEP = (
    "{% set ns = namespace(d=()) %}{% for i in range(100000) %}{% set ns.d = (ns.d,) %}"
    "{% endfor %}{% for i in range(100000) %}{% set ns.d = (ns.d,) %}{% endfor %}"
    "{% set x = {ns.d: 1} %}{{ x|length }}"
)


def test_a_template_that_crashes_the_interpreter_is_one_line(box, tmp_path):
    """Finding 9: a tuple nested 200,000 deep, then hashed, overflowed the C stack: the
    command line died of SIGSEGV with no word. The real command line is run: the child dies,
    the command says so in one line."""
    _template(box, DEEP)
    done, _ = _cli(box, tmp_path / "p", "md")
    assert done.returncode == 1, (done.returncode, done.stderr)
    line = done.stderr.strip()
    assert "\n" not in line and "Traceback" not in line, line
    assert line.startswith("error: templates/paper.md.j2:") and "signal 11" in line, line


class _Crash:
    """Unpickled, it stops the process that reads it with SIGSEGV."""

    def __reduce__(self):
        import faulthandler

        return (faulthandler._sigsegv, ())


def test_a_child_that_dies_of_a_signal_is_one_error_naming_the_template():
    from delivery_options.errors import OptionsError
    from delivery_options.paper import jail

    ctx = {"workspace_templates": {"paper.md.j2": "x"}, "crash": _Crash()}
    with pytest.raises(OptionsError, match=r"^templates/paper.md.j2: .*signal 11, SIGSEGV"):
        jail._run(ctx, ["md"])


# -- one line, never a traceback ------------------------------------------------------------


@pytest.mark.parametrize("css", ["letter-spacing:1e308px", "word-spacing:-1e308px"])
def test_css_numbers_weasyprint_cannot_take_are_one_line(box, tmp_path, run, capfd, css):
    """Finding 8: WeasyPrint's OverflowError reached the terminal as a traceback."""
    _template(
        box,
        f'<!doctype html><html><head><title>t</title></head><body><p style="{css}">abc</p>'
        "</body></html>",
        "paper.html.j2",
    )
    _one_line(_report(run, box, tmp_path / "p", "pdf,html"), "paper.html.j2", "Overflow")
    assert capfd.readouterr().err == ""  # nothing from the child reaches the terminal
    assert not (tmp_path / "p.html").exists()


def test_pango_criticals_stay_in_the_child(box, tmp_path, run, capfd):
    """Finding 8: a font size of 1e300px printed Pango's criticals, then a traceback."""
    _template(
        box,
        '<!doctype html><html><head><title>t</title></head><body><p style="font-size:1e300px">'
        "abc</p></body></html>",
        "paper.html.j2",
    )
    _one_line(_report(run, box, tmp_path / "p", "pdf"), "paper.html.j2")
    assert "Pango" not in capfd.readouterr().err


def test_a_string_method_given_to_the_tool_as_a_function_is_refused(box, tmp_path, run):
    """Finding 10: ``compared.record_words(big.join)`` had the tool call a text's join outside
    the sandbox's count (4.7 GB, exit 0)."""
    _template(box, "{% set big = 'x' * 1000 %}{{ compared.record_words(big.join)|length }}")
    _one_line(_report(run, box, tmp_path / "p"), "paper.md.j2", "macro")


def test_the_tools_own_functions_and_macros_are_still_taken(box, tmp_path, run):
    _template(
        box,
        "{% macro up(o) %}{{ o|upper }}{% endmacro %}"
        "{{ compared.record_words(short)|length }}|{{ compared.record_words(up)|length }}|"
        "{{ label(options[0].id) }}",
    )
    res = _report(run, box, tmp_path / "p")
    assert res.exit_code == 0, res.output
    assert "option 1 (Alpha)" in (tmp_path / "p.md").read_text()


# -- made values counted before they are made -------------------------------------------------

BEFORE = {
    "slices": (
        "{% set big = '\U0001f600' * 999999 %}{% set keep = ("
        + ", ".join(f"big[{i}:]" for i in range(1, 41))
        + ") %}{{ keep|length }}",
        "steps",
    ),
    "format-widths": ("{{ (('{0:>99999}' * 200).format(1))|length }}", "a format that would"),
    "percent-widths": ("{{ (('%99999d' * 200) % ((1,) * 200))|length }}", "a format that would"),
    "percent-precision": ("{{ (('%.99999f' * 200) % ((1,) * 200))|length }}", "a format that"),
    "expandtabs": ("{{ ('\\t' * 200).expandtabs(99999)|length }}", "would make more than"),
    "join-items": (
        "{% set big = 'a' * 999999 %}{{ ''.join((big,) * 20)|length }}",
        "would make more than",
    ),
    "translate": (
        "{{ ('a' * 1000).translate({97: 'b' * 99999})|length }}",
        "would make more than",
    ),
    "bytes-replace": (
        "{{ ('a' * 300).encode().replace(''.encode(), ('a' * 99999).encode())|length }}",
        "would make more than",
    ),
    "punycode": ("{{ 'abc'.encode('punycode')|length }}", "codec"),
    "idna": ("{{ 'abc'.encode('idna')|length }}", "codec"),
}


@pytest.mark.parametrize("body,words", list(BEFORE.values()), ids=list(BEFORE))
def test_a_value_is_refused_before_it_is_made(box, tmp_path, run, body, words):
    """Findings 1, 2 and 3: a slice cost one step whatever its length; format widths and
    precisions, ``expandtabs``, a ``join`` of long items, ``translate`` and bytes' ``replace``
    were made (gigabytes) before their size was checked; punycode ran past the deadline in one
    call. Each is refused before it is made (or, for slices, charged for its bytes)."""
    _template(box, body)
    _one_line(_report(run, box, tmp_path / "p"), "paper.md.j2", words)


def test_ordinary_formats_slices_and_codecs_still_render(box, tmp_path, run):
    _template(
        box,
        "{{ '{:>6}|{:.2f}|{:,}'.format('ab', 2.5, 1234567) }} {{ '%5s|%.1f' % ('x', 2.25) }} "
        "{{ 'abcdef'[1:4] }} {{ [1, 2, 3][::-1] }} {{ 'é'.encode('utf-8')|length }} "
        "{{ 'a\\tb'.expandtabs(4) }} {{ '-'.join(['p', 'q']) }}",
    )
    res = _report(run, box, tmp_path / "p")
    assert res.exit_code == 0, res.output
    text = (tmp_path / "p.md").read_text()
    for shown in ("    ab|2.50|1,234,567", "    x|2.2", "bcd", "3, 2, 1", " 2 ", "a   b", "p-q"):
        assert shown in text, (shown, text)


# -- the templates folder ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [("paper.md.j2", "PAPER.md.j2"), ("caf\u00e9.j2", "cafe\u0301.j2")],
    ids=["case", "nfc"],
)
def test_two_template_names_the_same_under_the_identity_rule_are_refused(box, tmp_path, run, names):
    """Finding 12: on Windows or macOS the folder holds one of the two, so the paper depended
    on which."""
    for i, name in enumerate(names):
        _template(box, f"{i}\n", name)
    if len(list((box / "templates").iterdir())) < 2:
        pytest.skip("this file system holds only one of the two names")
    res = _report(run, box, tmp_path / "p")
    line = _one_line(res, "", "clashes with")
    assert all(f"templates/{n}" in line for n in names), line


def test_the_templates_folder_holds_at_most_16_mb(box, tmp_path, run):
    """Finding 14: every file under templates/ was read (64 MB each, no total): thirty sparse
    files of 60 MB, none used, took 2 GB. The total is checked before any is read."""
    _template(box, "x")
    for i in range(3):
        with open(box / "templates" / f"t{i}.j2", "wb") as f:
            f.truncate(6 * 2**20)
    _one_line(_report(run, box, tmp_path / "p"), "t2.j2", "16 MB")


# -- the child's paper is the paper ---------------------------------------------------------


def test_the_child_makes_the_same_bytes_as_rendering_here(box, monkeypatch):
    """The context the child is given (pickled, the paper's option-labelling functions as
    tables) makes the same HTML, Markdown and PDF as this process does from it."""
    from importlib import resources

    from delivery_options.appraisal import Appraisal
    from delivery_options.paper import jail, render

    own = resources.files("delivery_options.paper") / "templates"
    for name in ("paper.html.j2", "paper.md.j2", "macros.html.j2", "style.css"):
        _template(box, (own / name).read_text(encoding="utf-8"), name)
    ctx = render.build_context(Appraisal.open(box), render.Settings("even", samples=100))
    assert ctx["workspace_templates"] and jail.wanted(ctx)
    there = jail.render_formats(ctx, ("html", "md", "pdf"), lambda stage: None)
    monkeypatch.setattr(jail, "_INSIDE", True)
    here = render._render_formats(ctx, ("html", "md", "pdf"), lambda stage: None)
    assert there[0] == here[0] and there[2] == here[2]


def test_the_paper_s_local_functions_become_full_tables(box):
    import pickle

    from delivery_options.appraisal import Appraisal
    from delivery_options.paper import jail, render

    for kind in ("paper", "submission"):
        ctx = render.build_context(
            Appraisal.open(box), render.Settings("even", samples=100, kind=kind)
        )
        back = pickle.loads(jail._pickled(ctx))
        tables = [v for v in back.values() if isinstance(v, jail._Table)]
        assert {t.__name__ for t in tables} >= {"label", "short"}
        assert all(len(t.values) == 3 for t in tables), [t.values for t in tables]


def test_a_paper_without_templates_starts_no_child(tiny, tmp_path, run, monkeypatch):
    """Only a workspace with templates/ pays for the child's start."""

    def no(*args, **kwargs):
        raise AssertionError("a child was started")

    monkeypatch.setattr(subprocess, "run", no)
    res = run(
        "report", "-p", str(tiny), "-w", "even", "-f", "md", "-n", "100", "-o", str(tmp_path / "p")
    )
    assert res.exit_code == 0, res.output


def test_the_limits_grow_with_the_appraisal_not_with_its_text() -> None:
    """Adversary 7's finding 4: fixed limits (1 GB, 180 s) refused the tool's own templates,
    copied into templates/, at 3,000 options x 100 criteria, blaming the template for the
    appraisal's size. 1,500 options x 100 criteria get 1 GB plus 7 KB a score, 180 s plus
    0.8 ms a score, and twice that plus 60 s of waiting. Adversary 8's finding D: the limits
    grew with the bytes of the context, mostly a stranger's free text; now they grow with the
    scores, and stop at half the machine's memory and an hour."""
    from delivery_options.paper import jail

    small, big = jail.limits(0), jail.limits(150_000)
    assert small["memory"] <= jail.MAX_MEMORY and small["cpu"] <= 180
    grown = jail.MAX_MEMORY + min(7 * 1024 * 150_000, jail._half_memory() - jail.MAX_MEMORY)
    assert big["memory"] in (grown, small["memory"])  # or a ulimit
    assert big["cpu"] in (180 + 120, small["cpu"])
    assert big["wait"] == 2 * big["cpu"] + 60
    huge = jail.limits(10**9)
    assert huge["memory"] <= max(jail.MAX_MEMORY, jail._half_memory())
    assert huge["cpu"] <= 3600


def test_free_text_does_not_grow_the_limits(box, monkeypatch):
    """The same workspace with 40,000 characters of description: the same limits."""
    from delivery_options.appraisal import Appraisal
    from delivery_options.paper import jail
    from delivery_options.paper.render import Settings, build_context

    seen = []
    monkeypatch.setattr(jail, "limits", lambda cells=0: seen.append(cells) or {})
    original = (box / "criteria.toml").read_text()
    for text in ("short", "x" * 40_000):
        crit = original.replace("[criteria.", f'description = "{text}"\n\n[criteria.', 1)
        (box / "criteria.toml").write_text(crit)
        ctx = build_context(Appraisal.open(box), Settings("even", samples=100))
        with pytest.raises(Exception):  # noqa: B017 (the stand-in gives no limits to run on)
            jail._run(ctx, ["md"])
    assert len(seen) == 2 and seen[0] == seen[1] > 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_renderer_dies_with_its_parent_even_when_the_parent_is_killed(box, tmp_path):
    """Adversary 8, finding E: ``kill -9`` of ``options report`` left the renderer running on
    its own (parent 1) up to its processor limit, holding its memory. A template whose PDF
    layout takes minutes keeps the child busy; once the parent is killed the child must go."""
    import signal

    floats = '<div style="float:left;width:1px;height:1px"></div>'
    _template(
        box,
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        f"{{% for i in range(30000) %}}{floats}{{% endfor %}}</body></html>",
        "paper.html.j2",
    )
    args = ["report", "-p", str(box), "-w", "even", "-f", "pdf", "-n", "100"]
    code = "from delivery_options.cli import main\nmain()"
    parent = subprocess.Popen(
        [sys.executable, "-c", code, *args, "-o", str(tmp_path / "out" / "p")],
        env={**os.environ, "PYTHONPATH": SRC},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def renderers() -> list[int]:
        found = []
        for proc in Path("/proc").iterdir():
            try:
                cmd = (proc / "cmdline").read_bytes()
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if b"jail import child" in cmd and (ppid == parent.pid or ppid == 1):
                found.append(int(proc.name))
        return found

    try:
        deadline = time.monotonic() + 120
        while not renderers() and time.monotonic() < deadline and parent.poll() is None:
            time.sleep(0.2)
        child = renderers()
        assert child, "the renderer did not start"
        # past its start-up and its last progress line (a write to a closed pipe would end
        # it): some seconds into the PDF's layout
        ticks = os.sysconf("SC_CLK_TCK")
        while time.monotonic() < deadline:
            fields = Path(f"/proc/{child[0]}/stat").read_text().rsplit(")", 1)[1].split()
            if (int(fields[11]) + int(fields[12])) / ticks > 8:
                break
            time.sleep(0.2)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 30
        while any(Path(f"/proc/{c}").exists() for c in child) and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = [c for c in child if Path(f"/proc/{c}/stat").exists()]
        assert not [c for c in alive if " Z " not in Path(f"/proc/{c}/stat").read_text()]
    finally:
        parent.kill()
        for c in renderers():
            os.kill(c, signal.SIGKILL)
