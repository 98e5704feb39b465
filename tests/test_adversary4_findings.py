"""Findings of a fourth fresh adversarial run against issue 22 (a stranger's workspace
templates, every output target), and a fifth run's finding on the outcome's date. Each test
failed on the main it was found against."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def box(tmp_path):
    return write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)


def _template(box: Path, body: str, name: str = "paper.md.j2") -> None:
    (box / "templates").mkdir(exist_ok=True)
    (box / "templates" / name).write_text(body, encoding="utf-8")


def _report(run, box: Path, out: Path, fmt: str = "md"):
    return run("report", "-p", str(box), "-w", "even", "-f", fmt, "-n", "100", "-o", str(out))


def _one_line(res, *words):
    assert res.exit_code == 1, res.output
    line = res.stderr.strip()
    assert "\n" not in line and line.startswith("error:") and "Traceback" not in line, line
    assert len(line) < 400, line
    for w in words:
        assert w in line, line


def _context(box: Path):
    from delivery_options.appraisal import Appraisal
    from delivery_options.paper.render import Settings, build_context

    return build_context(Appraisal.open(box), Settings(stakeholder="even", samples=100))


# --- F1: numpy arrays and pandas frames reached a template, whose indexing, broadcasting and
# repeat the sandbox does not count (one line allocated 100 million items, 877 MB) ------------


@pytest.mark.parametrize(
    "body",
    [
        "{{ smaa.acceptability[[0, 0, 0, 0]] }}",  # fancy indexing: any number of rows
        "{{ smaa.acceptability[none] }}",  # a new axis, the first step of broadcasting
        "{{ ranked.frames()['ranking'][['option', 'option', 'option']] }}",  # pandas
    ],
    ids=["fancy-index", "new-axis", "pandas-columns"],
)
def test_a_template_is_given_no_array_or_frame_to_index(box, tmp_path, run, body):
    _template(box, body)
    _one_line(_report(run, box, tmp_path / "p"), "templates/paper.md.j2")
    assert not (tmp_path / "p.md").exists()


def test_nothing_a_template_can_reach_is_a_numpy_or_pandas_object(box):
    """Walk everything a template can read (fields, properties, items) from the context it is
    given: plain values, tuples, read-only mappings and views of the tool's objects only."""
    from types import MappingProxyType

    from delivery_options.paper import sandbox

    ctx = _context(box)
    env = sandbox.environment(ctx["ws"], autoescape=False, templates={})
    given = sandbox.given_context(env, ctx)
    seen: set[int] = set()
    found: list[str] = []

    def walk(v, path: str, depth: int = 0) -> None:
        module = type(v).__module__ or ""
        if module.startswith(("numpy", "pandas", "pathlib")):
            found.append(f"{path}: {type(v).__name__}")
        if depth > 8 or id(v) in seen or isinstance(v, (str, bytes, int, float)):
            return
        seen.add(id(v))
        assert not isinstance(v, (list, dict, set)), path  # nothing a template could change
        if isinstance(v, MappingProxyType):
            for k, x in v.items():
                walk(x, f"{path}[{k!r}]", depth + 1)
        elif isinstance(v, (tuple, frozenset)):
            for i, x in enumerate(v):
                walk(x, f"{path}[{i}]", depth + 1)
        elif isinstance(v, sandbox._View):
            obj = object.__getattribute__(v, "_obj")
            for name in dir(type(obj)) + list(getattr(obj, "__dataclass_fields__", {})):
                if name.startswith("_"):
                    continue
                try:
                    x = getattr(v, name)
                except Exception:  # a method refused on a mutable object, a failing property
                    continue
                if not callable(x):
                    walk(x, f"{path}.{name}", depth + 1)

    for k, v in given.items():
        walk(v, k)
    assert not found, found[:10]


@pytest.mark.parametrize("page", ["paper.html.j2", "paper.md.j2"])
def test_the_bundled_templates_render_the_same_bytes_from_the_context_given(box, page):
    """The views change nothing the package's own templates show."""
    from delivery_options.paper import sandbox

    ctx = _context(box)

    def render(given) -> str:
        env = sandbox.environment(ctx["ws"], autoescape=page.endswith("html.j2"), templates={})
        old = sandbox.given_context
        sandbox.given_context = given
        try:
            return sandbox._render(env, page, ctx)
        finally:
            sandbox.given_context = old

    assert render(sandbox.given_context) == render(lambda env, ctx: ctx)


def test_a_copy_of_the_bundled_templates_in_the_workspace_renders_the_same(box, tmp_path):
    from importlib import resources

    from delivery_options.paper import render

    ctx = _context(box)
    plain = render.render_markdown(ctx)
    own = resources.files("delivery_options.paper") / "templates"
    ctx["workspace_templates"] = {
        n: (own / n).read_text() for n in ("paper.md.j2", "paper.html.j2", "macros.html.j2")
    }
    assert render.render_markdown(ctx) == plain


# --- F2: the trusted `cell` filter formatted a namespace whose digits were set after it was
# made (a billion digits: 1 GB of text before the size check); md and mdpara took any text ----


def test_the_cell_filter_refuses_a_column_it_did_not_make(box, tmp_path, run):
    _template(
        box,
        '{% set ns = namespace(key="k", label="k", kind="number", of="number", unit="") %}'
        "{% set ns.digits = 5000000 %}{{ 1.5|cell(ns)|length }}",
    )
    _one_line(_report(run, box, tmp_path / "p"), "templates/paper.md.j2", "cell filter")
    assert not (tmp_path / "p.md").exists()


def test_the_cell_filter_still_formats_the_tools_own_columns(box, tmp_path, run):
    _template(box, "{% set t = sensitivity_tables[0] %}{{ 0.25|cell(t.columns[1]) }}")
    res = _report(run, box, tmp_path / "p")
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "p.md").read_text().strip() in {"0.2", "0.25", "25.0%", "0", "0.250"}


@pytest.mark.parametrize("name", ["md", "mdpara"])
def test_the_markdown_filters_refuse_a_huge_text_before_escaping_it(box, tmp_path, run, name):
    _template(box, "{{ ('&' * 3000000)|" + name + "|length }}")  # each '&' becomes '&amp;'
    _one_line(_report(run, box, tmp_path / "p"), "templates/paper.md.j2", f"the {name} filter")


def test_zip_takes_a_few_sequences_and_still_zips_them(box, tmp_path, run):
    _template(box, "{{ zip(*([[1]] * 100000))|first|length }}")
    _one_line(_report(run, box, tmp_path / "p"), "templates/paper.md.j2", "zip takes at most")
    _template(box, "{% for a, b in zip(['x', 'y'], [1, 2]) %}{{ a }}{{ b }};{% endfor %}")
    assert _report(run, box, tmp_path / "p").exit_code == 0
    assert (tmp_path / "p.md").read_text() == "x1;y2;"


# --- F3: 45 KB of HTML with a page break after each paragraph made a 5,000-page PDF ----------


def test_a_pdf_stops_at_its_page_limit_naming_the_template(box, tmp_path, run):
    breaks = "<p style='page-break-after: always'>x</p>" * 600
    _template(box, f"<html><head></head><body>{breaks}</body></html>", "paper.html.j2")
    res = _report(run, box, tmp_path / "p", "pdf")
    _one_line(res, "templates/paper.html.j2", "500 pages")
    assert not (tmp_path / "p.pdf").exists()


def test_the_page_limit_holds_in_the_renderer_and_lets_it_go_on_after(tmp_path):
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from delivery_options.errors import OptionsError\n"
        "from delivery_options.paper.render import render_pdf\n"
        "html = '<style>p { page-break-after: always }</style>' + '<p>x</p>' * 5000\n"
        "try:\n"
        "    render_pdf(html, Path(sys.argv[1]), template='templates/style.css')\n"
        "except OptionsError as exc:\n"
        "    print(exc)\n"
        "pages = []\n"
        "render_pdf('<p>one</p>', Path(sys.argv[1]), pages=pages)\n"
        "print(pages)\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
    )
    assert res.returncode == 0 and "Traceback" not in res.stderr, res.stderr
    first, second = res.stdout.splitlines()
    assert first.startswith("templates/style.css: the paper runs past 500 pages")
    assert second == "[1]"  # the limit is lifted after the refusal


# --- F4: a template added blocks to the Word document through doc.add -------------------------


@pytest.mark.parametrize(
    "block",
    ['namespace(kind="para", text="PLANTED", lead="", style="")', "doc.blocks[1]"],
    ids=["namespace", "real-block"],
)
def test_a_template_cannot_add_to_the_document(box, tmp_path, run, block):
    _template(box, "<html><body>{{ doc.add(" + block + ") }}hi</body></html>", "paper.html.j2")
    _one_line(_report(run, box, tmp_path / "p", "md,docx"), "templates/paper.html.j2", "add")
    assert not (tmp_path / "p.docx").exists()


def test_the_word_writer_takes_only_the_documents_own_blocks():
    from types import SimpleNamespace

    from delivery_options.errors import OptionsError
    from delivery_options.paper.document import Document, Para
    from delivery_options.paper.word import render

    doc = Document("paper", "T", "S", "", (), [Para("fine")])
    assert render(doc).startswith(b"PK")
    doc.blocks.append(SimpleNamespace(kind="para", text="PLANTED", lead="", style=""))
    with pytest.raises(OptionsError, match="block"):
        render(doc)


# --- F5: a template changed the context's dicts through dict's own methods, and showed the
# recipient's absolute workspace path ---------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '{{ dict.update(meta, author="PLANTED") }}{{ meta.author }}',
        "{{ dict.clear(meta) }}{{ meta }}",
        "{{ dict.pop(weights_pct, 'even') }}",
        "{{ dict.setdefault(audit, 'x', 1) }}",
        '{{ meta.update({"author": "PLANTED"}) }}',
        "{{ weights_pct.even.clear() }}",
    ],
)
def test_a_template_cannot_change_the_contexts_dicts(box, tmp_path, run, body):
    _template(box, "<html><body>" + body + "</body></html>", "paper.html.j2")
    _one_line(_report(run, box, tmp_path / "p", "md,docx"), "templates/paper.html.j2")
    assert not (tmp_path / "p.docx").exists()


@pytest.mark.parametrize(
    "body",
    ["{{ ws.root }}", "{{ long_list.root }}", "{{ inputs }}", "{{ ws }}", "{{ ws|string }}"],
)
def test_a_template_cannot_show_where_the_workspace_is(box, tmp_path, run, body):
    _template(box, body)
    res = _report(run, box, tmp_path / "p")
    assert res.exit_code == 0, res.stderr
    text = (tmp_path / "p.md").read_text()
    assert str(tmp_path) not in text and str(box.resolve()) not in text, text


def test_the_inputs_are_named_inside_the_workspace(box, tmp_path, run):
    _template(box, "{% for shown, p in inputs %}{{ p }};{% endfor %}")
    res = _report(run, box, tmp_path / "p")
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "p.md").read_text().startswith("criteria.toml;options/alpha.toml;")


# --- 6. noncharacters (U+FFFE, U+FFFF, U+FDD0...) passed into text output raw ------------------

NONCHARACTERS = ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff"]


@pytest.mark.parametrize("char", NONCHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("target", ["terminal", "markdown", "html", "pdf", "word", "chart", "csv"])
def test_each_target_shows_a_noncharacter_escaped(target, char):
    from delivery_options.present import escape

    shown = getattr(escape, target)(f"a{char}b")
    assert char not in shown
    if target in {"terminal", "html", "pdf", "word", "csv"}:
        code = ord(char)
        assert (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}") in shown


def test_the_markdown_paper_holds_no_control_or_noncharacter_raw(box, tmp_path, run):
    _template(box, "A\ufffe\x1b[2J{{ ws.title }}\u202e")
    res = _report(run, box, tmp_path / "p")
    assert res.exit_code == 0, res.stderr
    text = (tmp_path / "p.md").read_text()
    assert "\ufffe" not in text and "\x1b" not in text and "\u202e" not in text
    assert "\\ufffe" in text and "\\x1b" in text


# --- 7. no limit on counts: 3,000 options took `smaa` past 300 s, 2,000 criteria `check` 115 s --


def _criteria(n: int) -> str:
    return '[appraisal]\ntitle = "Big"\n' + "".join(
        f'[criteria.c{j}]\nname = "C{j}"\n' for j in range(n)
    )


def _scores(n: int) -> str:
    return "[scores]\n" + "".join(f"c{j} = 50\n" for j in range(n))


@pytest.mark.parametrize(
    ("what", "count", "where"),
    [
        ("criteria", 201, "criteria.toml: criteria"),
        ("objectives", 201, "criteria.toml: objectives"),
        ("option files", 5001, "options/"),
        ("weights files", 201, "weights/"),
        ("statements", 5001, "weights/stated.toml: statements"),
    ],
)
def test_a_workspace_past_the_supported_size_is_one_line(tmp_path, run, what, count, where):
    n = 3
    crit = _criteria(n)
    options = {f"o{i}": f'name = "O{i}"\n{_scores(n)}' for i in range(3)}
    weights = {"even": 'name = "Even"\n[weights]\nc0 = 1\nc1 = 1\nc2 = 1\n'}
    if what == "criteria":
        crit = _criteria(count)
    elif what == "objectives":
        crit += "".join(f'[objectives.g{k}]\nname = "G{k}"\n' for k in range(count))
    elif what == "option files":
        options = {f"o{i}": f'name = "O{i}"\n{_scores(n)}' for i in range(count)}
    elif what == "weights files":
        weights = {f"w{k}": weights["even"] for k in range(count)}
    else:
        said = '[[statements]]\nprefer = ["o0", "o1"]\nsource = "s"\n' * count
        weights["stated"] = f'name = "Stated"\n{said}'
    ws = write_workspace(tmp_path / "big", crit, options, weights)
    res = run("check", "-p", str(ws))
    _one_line(res, where, f"{count:,} {what}", "at most")


def test_the_supported_size_holds_the_benchmarks_largest(tmp_path, run):
    from delivery_options.model import toml

    assert (toml.MAX_OPTIONS, toml.MAX_CRITERIA, toml.MAX_OBJECTIVES) == (5_000, 200, 200)
    assert (toml.MAX_STAKEHOLDERS, toml.MAX_STATEMENTS) == (200, 5_000)
    crit = _criteria(200)
    options = {f"o{i}": f'name = "O{i}"\n{_scores(200)}' for i in range(3)}
    weights = {"even": 'name = "Even"\n[weights]\n' + "".join(f"c{j} = 1\n" for j in range(200))}
    res = run("validate", "-p", str(write_workspace(tmp_path / "ok", crit, options, weights)))
    assert res.exit_code == 0, res.stderr


def test_the_supported_size_is_documented():
    text = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text()
    section = text.split("## Supported size", 1)[1].split("\n## ", 1)[0]
    for figure in ("5,000 options", "200 criteria", "200 objectives", "200 stakeholders"):
        assert figure in section, figure
    assert "5,000 statements" in section


# --- a fifth adversary: the outcome's date was any TOML value, of any length; a criterion with
# an empty id passed validate, then every command recursed for ever (in a value tree) ----------


@pytest.mark.parametrize(
    ("value", "words"),
    [('{ a = "x" }', "must be a date or text"), ('"' + "x " * 300 + '"', "holds at most 100")],
    ids=["table", "long"],
)
def test_the_outcomes_date_is_a_date_or_a_short_text(tmp_path, run, value, words):
    crit = (
        '[appraisal]\ntitle = "Tiny appraisal"\n[appraisal.outcome]\noption = "alpha"\n'
        f'source = "s"\ndate = {value}\n'
        '[criteria.quality]\nname = "Quality"\n[criteria.cost]\nname = "Cost"\n'
        'direction = "cost"\nscale = [0, 200]\n[criteria.speed]\nname = "Speed"\nscale = [0, 10]\n'
    )
    ws = write_workspace(tmp_path / "w", crit, TINY_OPTIONS, TINY_WEIGHTS)
    _one_line(run("check", "-p", str(ws)), "appraisal.outcome.date", words)


@pytest.mark.parametrize("key", ['""', '" "'], ids=["empty", "blank"])
@pytest.mark.parametrize("tree", [False, True], ids=["flat", "tree"])
def test_an_empty_criterion_id_is_refused_at_load(tmp_path, run, key, tree):
    objective = 'objective = "g"\n' if tree else ""
    crit = (
        '[appraisal]\ntitle = "Tiny appraisal"\n'
        + ('[objectives.g]\nname = "G"\n' if tree else "")
        + f'[criteria.quality]\nname = "Quality"\n{objective}'
        + f'[criteria.{key}]\nname = "Speed"\n{objective}'
    )
    options = {"a": f'name = "A"\n[scores]\nquality = 10\n{key} = 20\n'}
    weights = {"even": f'name = "Even"\n[weights]\nquality = 1\n{key} = 1\n'}
    ws = write_workspace(tmp_path / "w", crit, options, weights)
    for args in (("rank", "-w", "even"), ("check",)):
        _one_line(run(*args, "-p", str(ws)), "criteria.toml", "id must not be empty")


def test_markdown_output_sets_no_dollar_as_maths(tmp_path, run):
    """A fifth adversary: `$\\color{red}\\huge ...$` in a name was typeset as large red text
    by every renderer with maths (GitHub, GitLab, Jupyter), in `rank -f md` and the paper."""
    from delivery_options.present import escape

    name = "$\\color{red}\\huge\\textsf{RECOMMENDED}$ Beta"
    assert escape.markdown(name).startswith("\\$\\\\color")
    assert escape.markdown_document("a $x$ and \\$y") == "a \\$x\\$ and \\$y"
    options = dict(TINY_OPTIONS, beta=TINY_OPTIONS["beta"].replace('"Beta"', f"'{name}'"))
    ws = write_workspace(tmp_path / "w", options=options, weights=TINY_WEIGHTS)
    md = run("rank", "-p", str(ws), "-w", "even", "-f", "md").stdout
    assert "$" in md and "$\\color" not in md.replace("\\$", "")
    res = run(
        "report", "-p", str(ws), "-w", "even", "-f", "md", "-n", "100", "-o", str(tmp_path / "p")
    )
    assert res.exit_code == 0, res.stderr
    paper = (tmp_path / "p.md").read_text()
    assert "RECOMMENDED" in paper and "$" not in paper.replace("\\$", "")


@pytest.mark.parametrize("key", ["marking", "organisation", "author", "version", "date"])
def test_a_cover_field_is_held_to_a_labels_length(tmp_path, run, key):
    """A fifth adversary: a protective marking of 3,000 characters (the text bound was 50,000)
    left WeasyPrint no room in the page's header: an AssertionError traceback, no PDF."""
    from conftest import CRITERIA_3

    crit = CRITERIA_3.replace("[appraisal]\n", f'[appraisal]\n{key} = "{"OFFICIAL " * 333}"\n')
    ws = write_workspace(tmp_path / "w", crit, TINY_OPTIONS, TINY_WEIGHTS)
    _one_line(run("check", "-p", str(ws)), f"appraisal.{key}", "at most")
    if key == "marking":
        _one_line(_report(run, ws, tmp_path / "p", "pdf"), "appraisal.marking")


@pytest.mark.parametrize("name", ["a?b.j2", "con/paper.md.j2", "x./paper.md.j2"])
def test_a_template_name_windows_cannot_hold_is_one_line(box, tmp_path, run, name):
    """A fifth adversary (7b): only the option and weights files' own names were checked."""
    (box / "templates" / name).parent.mkdir(parents=True)
    (box / "templates" / name).write_text("x")
    _one_line(_report(run, box, tmp_path / "p"), "templates/", "Windows")
