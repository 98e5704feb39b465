"""Every quotation in the Sandwell options paper and submission is the report's own words.

The sentences of the report that the paper quotes are kept beside the tests
(tests/fixtures/report-passages.txt: 63 passages of the Commissioner's report to the Secretary of
State, April 2016, published by the Department for Education under the Open Government Licence
v3.0, with case, quotation marks and table marks set aside as below). A paper that quotes a new
passage needs that passage added, copied from the report. A quotation may leave words out ('...') or
add the editor's words in square brackets; each piece between those must stand in the report
as quoted, up to case, quotation marks, apostrophes and the report's table and footnote marks.
A private-office reading found one altered word ('were not captured' for 'are not captured',
s13B); this test reads every quotation, so such a change fails it."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from delivery_options.appraisal import load
from delivery_options.paper import render

REPORT = ROOT / "tests" / "fixtures" / "report-passages.txt"
#: Quoted in the paper but not from the report: the paper's own labels, which it quotes when
#: it names them ('what would change it'), and a finding that quotes a risk with its source.
OWN = re.compile(r"^(acceptable, moved alone|not recorded|what would change it)$", re.I)


def _plain(text: str) -> str:
    """Case, quotation marks, apostrophes, Markdown and the report's table rules, page-break
    rows and footnote marks set aside; spaces made single."""
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    text = text.replace("&amp;", "&").replace("\u00b9", " ")
    text = re.sub(r"[*_|#\\]|-{2,}", " ", text)
    return " ".join(text.split()).lower()


def _quotations(md: str) -> list[str]:
    """Each quotation: in single quotes (an apostrophe between letters is not a quote mark),
    or in double curly quotes."""
    single = re.findall(r"(?<![\w])'(\S(?:[^'\n]|'(?=\w))*?\S)'(?![\w])", md)
    double = re.findall(r"\u201c([^\u201d]+)\u201d", md)
    return [q for q in single + double if "**" not in q and not OWN.match(q.strip())]


@pytest.fixture(scope="module")
def documents():
    app = load(ROOT)
    out = []
    for kind in ("paper", "submission"):
        ctx = render.build_context(app, render.Settings("commissioner", samples=300, kind=kind))
        out.append(render.render_markdown(ctx).replace("\\", ""))
    return out


def test_every_quotation_is_verbatim_in_the_report(documents):
    report = _plain(REPORT.read_text(encoding="utf-8"))
    seen, wrong = 0, []
    for md in documents:
        for q in _quotations(md):
            q = re.sub(r"\s*\((s\d+[A-H]?(, option \d)?)\)$", "", q)  # a source kept inside
            pieces = [p for p in re.split(r"\s*(?:\.\.\.|\u2026|\[[^\]]*\])\s*", q) if p.strip()]
            seen += 1
            if not all(_plain(p).strip(" .,;") in report for p in pieces):
                wrong.append(q)
    assert seen > 100  # the paper quotes the report often: the reader found them all
    assert not wrong, wrong


def test_an_altered_word_is_caught():
    """The check itself: the altered s13B quotation the reader found is not in the report."""
    report = _plain(REPORT.read_text(encoding="utf-8"))
    assert _plain("so their views are not captured") in report
    assert _plain("so their views were not captured") not in report
