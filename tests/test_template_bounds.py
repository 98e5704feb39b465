"""A workspace template cannot hang the run or fill the memory (issue 22): nested loops,
recursive macros and includes, string products, powers, format widths and amplifying filters
each end in one ``error:`` line naming the template, exit 1, and no file written; the bounds
are checked in the template's own code, so they hold where there is no ``signal.alarm``."""

from __future__ import annotations

import time

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace

# one list of a million short words, held forty times: small to hold, 200 MB to show
NESTED = "{% set l = ('x ' * 1000000).split() %}{% set m = [l] * 40 %}"
ATTACKS = {
    "nested-range-silent": (
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    ),
    "nested-range-output": (
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}"
    ),
    "nested-list-loops": (
        "{% set l = [1,2,3,4,5,6,7,8,9,10] %}"
        "{% for a in l %}{% for b in l %}{% for c in l %}{% for d in l %}{% for e in l %}"
        "{% for f in l %}{% for g in l %}{% for h in l %}{% for i in l %}{% endfor %}{% endfor %}"
        "{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}"
    ),
    "recursive-macro": (
        "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(60) }}"
    ),
    "recursive-loop": (
        "{% for x in range(100000) recursive %}{% if loop.depth < 4 %}"
        "{{ loop(range(100000)) }}{% endif %}{% endfor %}"
    ),
    "big-list-each-time": (
        "{% for i in range(100000) %}{% for j in range(100000) %}"
        "{% set x = range(100000)|list %}{% endfor %}{% endfor %}"
    ),
    "string-product": "{{ 'x' * 100000000000 }}",
    "string-product-steps": "{{ ('x' * 5000000) * 5000000 }}",
    "list-product": "{{ ([1] * 9000000) * 9000000 }}",
    "power": "{{ 9 ** 999999999 }}",
    "concat-doubling": (
        "{% set ns = namespace(s='xxxxxxxx') %}{% for i in range(64) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    ),
    "plus-doubling": (
        "{% set ns = namespace(s='xxxxxxxx') %}{% for i in range(64) %}"
        "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}"
    ),
    "format-width": "{{ '%099999999999d' % 1 }}",
    "format-filter": "{{ '%0999999999d'|format(1) }}",
    "str-format-width": "{{ '{:>9999999999}'.format(1) }}",
    "format-fields": "{% set x = 'x' * 9000000 %}{{ ('{0}' * 1000).format(x) }}",
    "percent-fields": "{% set x = 'x' * 9000000 %}{{ ('%(a)s' * 1000) % {'a': x} }}",
    "format-filter-fields": "{% set x = 'x' * 9000000 %}{{ ('%(a)s' * 1000)|format(a=x) }}",
    "center-filter": "{{ 'x'|center(99999999999) }}",
    "ljust-method": "{{ 'x'.ljust(99999999999) }}",
    "replace-filter": "{{ ('x' * 1000000)|replace('x', 'y' * 1000000) }}",
    "replace-method": "{{ ('x' * 1000000).replace('x', 'y' * 1000000) }}",
    "join-method": "{{ ('z' * 1000000).join(range(100000)|map('string')) }}",
    "join-filter": "{{ range(100000)|join('z' * 1000000) }}",
    "indent-filter": "{{ ('\n' * 1000000)|indent('    ' * 100000) }}",
    "batch-fill": "{{ [1]|batch(99999999999, 'x')|list }}",
    "wordwrap-long-word": "{{ ('a' * 600000)|wordwrap(1)|length }}",
    "striptags-open-comments": "{{ ('<!--' * 100000)|striptags|length }}",
    "urlize-long": "{{ ('a. ' * 100000)|urlize|length }}",
    "shared-list-shown": NESTED + "{{ m }}",
    "shared-list-string": NESTED + "{{ m|string|length }}",
    "shared-list-concat": NESTED + "{{ (m ~ '')|length }}",
    "shared-list-join": NESTED + "{{ m|join|length }}",
    "shared-list-sum": NESTED + "{{ m|sum(start=[])|length }}",
    "shared-list-escape": NESTED + "{{ m|e|length }}",
    "shared-list-percent": NESTED + "{{ ('%s' % (m,))|length }}",
    "shared-list-format": NESTED + "{{ '{}'.format(m)|length }}",
    "deep-list-shown": (
        "{% set ns = namespace(v=[]) %}{% for i in range(5000) %}{% set ns.v = [ns.v] %}"
        "{% endfor %}{{ ns.v }}"
    ),
    "include-bomb": (
        "{% set d = d|default(0) + 1 %}{% if d < 40 %}"
        "{% include 'paper.md.j2' %}{% include 'paper.md.j2' %}{% endif %}"
    ),
}


@pytest.fixture
def box(tmp_path):
    return write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)


def _report(run, box, out, fmt="md"):
    return run("report", "-p", str(box), "-w", "even", "-f", fmt, "-n", "200", "-o", str(out))


@pytest.mark.parametrize("body", list(ATTACKS.values()), ids=list(ATTACKS))
def test_a_template_that_would_run_for_ever_or_fill_memory_is_one_line(box, tmp_path, run, body):
    (box / "templates").mkdir()
    (box / "templates" / "paper.md.j2").write_text(body)
    start = time.monotonic()
    res = _report(run, box, tmp_path / "out" / "p")
    took = time.monotonic() - start
    assert res.exit_code == 1, res.output
    line = res.stderr.strip()
    assert "\n" not in line and line.startswith("error:") and "Traceback" not in line, line
    assert "templates/paper.md.j2" in line and "template failed" in line, line
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    assert took < 60, took


def test_the_bound_names_an_included_template_and_holds_for_html(box, tmp_path, run):
    (box / "templates").mkdir()
    (box / "templates" / "spin.j2").write_text(ATTACKS["nested-range-silent"])
    (box / "templates" / "paper.html.j2").write_text("<p>{% include 'spin.j2' %}</p>")
    res = _report(run, box, tmp_path / "p", fmt="html")
    assert res.exit_code == 1, res.output
    assert "templates/spin.j2" in res.stderr and res.stderr.count("\n") == 1, res.stderr
    assert not (tmp_path / "p.html").exists()


def test_the_clock_ends_a_slow_template_without_a_signal(box, tmp_path, run, monkeypatch):
    """The deadline is checked from the template's own loop, not by signal.alarm."""
    import signal

    from delivery_options.paper import sandbox

    monkeypatch.setattr(sandbox, "MAX_STEPS", 10**12)
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 1.0)
    monkeypatch.delattr(signal, "alarm", raising=False)
    (box / "templates").mkdir()
    (box / "templates" / "paper.md.j2").write_text(ATTACKS["nested-range-silent"])
    start = time.monotonic()
    res = _report(run, box, tmp_path / "p")
    assert time.monotonic() - start < 30
    assert res.exit_code == 1 and "seconds" in res.stderr and "paper.md.j2" in res.stderr


def test_the_page_size_is_bounded(box, tmp_path, run, monkeypatch):
    from delivery_options.paper import sandbox

    monkeypatch.setattr(sandbox, "MAX_PAGE", 100_000)
    (box / "templates").mkdir()
    (box / "templates" / "paper.md.j2").write_text(
        "{% for a in range(1000) %}{% for b in range(100) %}xxxxxxxxxx{% endfor %}{% endfor %}"
    )
    res = _report(run, box, tmp_path / "p")
    assert res.exit_code == 1 and "page grew past" in res.stderr, res.output


def test_ordinary_templates_with_large_figures_still_render(box, tmp_path, run):
    """Figures over a million passed to a macro or shown are not mistaken for an attack."""
    (box / "templates").mkdir()
    (box / "templates" / "paper.md.j2").write_text(
        "{% macro money(x) %}£{{ '{:,}'.format(x) }}{% endmacro %}"
        "{{ money(12345678) }} {{ 2 ** 64 }} {{ 'ab' * 3 }} {{ range(3)|join(', ') }}"
        "{% for o in range(5) %}{{ o }}{% endfor %} {{ '%5.1f' % 2.25 }}"
    )
    res = _report(run, box, tmp_path / "p")
    assert res.exit_code == 0, res.output
    text = (tmp_path / "p.md").read_text()
    assert "£12,345,678" in text and "18446744073709551616" in text and "ababab" in text
    assert "0, 1, 2" in text and "01234" in text and "  2.2" in text


def test_a_slow_filter_on_a_long_text_is_refused_at_once(box, tmp_path, run):
    """wordwrap breaks a long word in time quadratic in its length (600,000 characters took
    minutes): the text it is given is capped, so the refusal is immediate."""
    (box / "templates").mkdir()
    (box / "templates" / "paper.md.j2").write_text(ATTACKS["wordwrap-long-word"])
    start = time.monotonic()
    res = _report(run, box, tmp_path / "p")
    assert time.monotonic() - start < 10
    assert res.exit_code == 1 and "wordwrap filter given more than" in res.stderr, res.output


def test_the_clock_is_read_at_each_long_value(monkeypatch):
    """A value worth many steps reads the clock even when no 256th step falls on it."""
    from delivery_options.errors import OptionsError
    from delivery_options.paper import sandbox

    env = sandbox.environment(None, autoescape=False, templates={"paper.md.j2": ""})
    env.steps, env.deadline = 1, time.monotonic() - 1
    with pytest.raises(OptionsError, match="seconds"):
        sandbox._sized(env, "x" * 20_000)


def test_ordinary_lists_and_wrapped_text_still_render(box, tmp_path, run):
    (box / "templates").mkdir()
    (box / "templates" / "paper.md.j2").write_text(
        "{{ [1, 'a', [2, 3]] }}|{{ [[1], [2]]|sum(start=[]) }}|{{ ['p', 'q']|join('-') }}|"
        "{{ ('word ' * 3)|wordwrap(6) }}|{{ {'k': [1]}|string }}|{{ [1] ~ 'x' }}"
    )
    res = _report(run, box, tmp_path / "p")
    assert res.exit_code == 0, res.output
    text = (tmp_path / "p.md").read_text().replace("\\[", "[")  # Markdown's own escape
    for shown in ("[1, 'a', [2, 3]]", "[1, 2]", "p-q", "word\nword\nword", "{'k': [1]}", "[1]x"):
        assert shown in text, (shown, text)


def test_tojson_and_pprint_are_not_offered(box, tmp_path, run):
    (box / "templates").mkdir()
    (box / "templates" / "paper.md.j2").write_text("{{ [1]|tojson }}")
    res = _report(run, box, tmp_path / "p")
    assert res.exit_code == 1 and "tojson" in res.stderr, res.output


HOSTILE_HTML = {
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "meta-refresh-odd-case": "<META HTTP-EQUIV=Refresh CONTENT='0;URL=https://evil.example/'>",
    "meta-slash": "<meta/http-equiv=refresh/content=0;url=https://evil.example/>",
    "base": '<base href="https://evil.example/"><a href="#x">x</a>',
    "link-prefetch": '<link rel="dns-prefetch" href="//evil.example"><link rel=prerender '
    'href="https://evil.example/">',
    "anchor": '<a href="https://evil.example/">go</a><a href=" javascript:alert(1)">js</a>',
    "form": '<form action="https://evil.example/"><button formaction="https://evil.example/">'
    "b</button></form>",
    "ping": '<a href="#top" ping="https://evil.example/">p</a>',
    "svg": '<svg><a xlink:href="https://evil.example/"><text>t</text></a>'
    '<animate attributeName="href" to="https://evil.example/"/>'
    '<style><meta http-equiv="refresh" content="0;url=https://evil.example/"></style></svg>',
    "comment-end-mismatch": '<!-- --!><meta http-equiv="refresh" '
    'content="0;url=https://evil.example/"> -->',
    "iframe": '<iframe srcdoc="&lt;meta http-equiv=refresh content=0;url=https://evil.example/&gt;">'
    "</iframe>",
    "script": "<script>location='https://evil.example/'</script>",
    "handler": "<body onload=\"location='https://evil.example/'\">",
}


@pytest.mark.parametrize("tags", list(HOSTILE_HTML.values()), ids=list(HOSTILE_HTML))
def test_an_html_template_cannot_send_the_reader_away(box, tmp_path, run, tags):
    """The content policy stops loads, not navigation: a workspace template's page is rebuilt so
    that nothing in it leaves the page when opened or clicked (a Chromium check is in
    tests/test_closed_box.py)."""
    from html.parser import HTMLParser

    (box / "templates").mkdir()
    (box / "templates" / "paper.html.j2").write_text(
        f"<!doctype html><html><head>{tags}</head><body><h1 id=x>{{{{ doc.title }}}}</h1>"
        f"<a href='#x'>here</a>{tags}</body></html>"
    )
    res = _report(run, box, tmp_path / "p", fmt="html")
    assert res.exit_code == 0, res.output
    html = (tmp_path / "p.html").read_text()
    found: list[tuple[str, dict]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Tags().feed(html)
    metas = [a for t, a in found if t == "meta" and "http-equiv" in a]
    assert metas == [{"http-equiv": "Content-Security-Policy", "content": metas[0]["content"]}]
    for tag, attrs in found:
        assert tag not in {"base", "link", "iframe", "script", "animate", "set"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on") and name not in {"ping", "action", "formaction"}
            if name in {"href", "xlink:href"}:
                assert value.startswith("#"), (tag, name, value)
    assert ("a", {"href": "#x"}) in found and "evil.example" not in "".join(
        str(a) for _, a in found
    )
