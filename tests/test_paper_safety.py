"""Random text in every name, id and rationale of a small workspace never changes the structure of
the paper's HTML or Markdown, and never executes (hypothesis)."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from delivery_options.appraisal import load
from delivery_options.errors import OptionsError
from delivery_options.paper import render

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=30,
)
HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "# heading",
        "- item",
        "1. item",
        "a | b",
        "line\nbreak",
        "{{ 7*7 }}",
        "{% raw %}",
        "$5m",
        "\\foo",
        "**bold**",
        "[link](http://x)",
        "```",
        "> quote",
        "&amp;",
        "\u2028",
    ]
)
ANY = st.one_of(TEXT, HOSTILE)
IDS = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)


def _q(s: str) -> str:
    """A TOML basic string."""
    out = s.replace("\\", "\\\\").replace('"', '\\"')
    out = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in out)
    return f'"{out}"'


def _write(root, names, rationale, ids):
    c1, c2 = ids[0], ids[1]
    o1, o2 = ids[2], ids[3]
    root.mkdir(parents=True, exist_ok=True)
    (root / "options").mkdir(exist_ok=True)
    (root / "weights").mkdir(exist_ok=True)
    (root / "criteria.toml").write_text(
        f"[appraisal]\ntitle = {_q(names[0])}\nquestion = {_q(names[1])}\n"
        f"description = {_q(rationale)}\n"
        f"[criteria.{c1}]\nname = {_q(names[2])}\ndescription = {_q(rationale)}\n"
        f"[criteria.{c2}]\nname = {_q(names[3])}\n",
        encoding="utf-8",
    )
    for oid, name, v in ((o1, names[4], 70), (o2, names[5], 40)):
        (root / "options" / f"{oid}.toml").write_text(
            f"name = {_q(name)}\nbenefits = [{_q(rationale)}]\nrisks = [{_q(names[0])}]\n"
            f"[scores]\n{c1} = {{ value = {v}, low = {v - 5}, high = {v + 5}, "
            f"rationale = {_q(rationale)}, evidence = [{_q(names[1])}] }}\n"
            f"{c2} = {100 - v}\n",
            encoding="utf-8",
        )
    (root / "weights" / "w.toml").write_text(
        f"name = {_q(names[6])}\nrationale = {_q(rationale)}\n[weights]\n{c1} = 2\n{c2} = 1\n",
        encoding="utf-8",
    )


class _Shape(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "h1", "h2", "h3", "table", "tr", "ul", "ol", "li", "figure", "a"):
            self.tags[tag] = self.tags.get(tag, 0) + 1


def _shape(html: str, md: str):
    p = _Shape()
    p.feed(html)
    heads = sum(1 for line in md.splitlines() if re.match(r"^#{1,6} ", line))
    rows = sum(1 for line in md.splitlines() if line.startswith("|"))
    items = sum(1 for line in md.splitlines() if re.match(r"^(- |\d+\. )", line))
    raw_html = re.findall(r"<[a-zA-Z/!]", md)
    return p.tags, heads, rows, items, raw_html


def _render(root):
    ctx = render.build_context(load(root), render.Settings("w", samples=200))
    return render.render_html(ctx), render.render_markdown(ctx)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    root = tmp_path_factory.mktemp("plain") / "ws"
    _write(root, [f"Name {i}" for i in range(7)], "A plain rationale.", ["ca", "cb", "oa", "ob"])
    return _shape(*_render(root))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    names=st.lists(ANY, min_size=7, max_size=7),
    rationale=ANY.filter(lambda t: t.strip()),  # a blank rationale is a finding of its own
    ids=st.lists(IDS, min_size=4, max_size=4, unique=True),
)
def test_random_text_never_changes_the_structure(tmp_path_factory, baseline, names, rationale, ids):
    assume(len({i.lower() for i in ids}) == 4)
    # a blank rationale is a finding of its own (weights without a reason): another row, rightly
    assume(rationale.strip())
    root = tmp_path_factory.mktemp("fuzz") / "ws"
    _write(root, names, rationale, ids)
    try:
        html, md = _render(root)
    except OptionsError:  # a workspace the loader rejects (e.g. blank names) is not rendered
        assume(False)
    tags, heads, rows, items, raw_html = _shape(html, md)
    b_tags, b_heads, b_rows, b_items, _ = baseline
    assert tags.get("script", 0) == 0
    assert tags == b_tags
    assert (heads, rows, items) == (b_heads, b_rows, b_items)
    assert raw_html == []  # no raw HTML from workspace text in the Markdown
    if "{{ 7*7 }}" in names[:1]:  # the title, as text: never evaluated
        assert "{{ 7*7 }}" in html and "{{ 7\\*7 }}" in md
