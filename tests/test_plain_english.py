"""Plain English before the annexes, in both documents a minister's office reads: the submission
and the options paper. Each sentence of the analysis's own is at most ``MAX_WORDS`` words
(quotations from the record are the record's, and count as one word), and no method term or
arithmetic shorthand appears: the method is named in Annex A, not in the argument.

The workspace's own prose (the descriptions, reasons and readings in criteria.toml, options/ and
weights/) is the analyst's, and the paper shows it as written: it is checked apart from the
paper's own sentences, against the same limit, in ``test_the_workspace_prose_is_short``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT
from delivery_options.appraisal import load
from delivery_options.paper import render
from delivery_options.paper.document import Box, Figure, Heading, Items, Para

MAX_WORDS = 35  # GOV.UK asks for 25 words on average; this is the longest allowed

#: Method terms and arithmetic phrasings that must not appear before the annexes.
BANNED = {
    "SMAA": r"\bSMAA",
    "LP": r"\bLP\b|linear program",
    "Kendall": r"\bKendall",
    "tau": r"\btau\b",
    "centroid": r"\bcentroid",
    "acceptability index": r"acceptability ind",
    "Chebyshev": r"Chebyshev",
    "Dirichlet": r"Dirichlet",
    "hit-and-run": r"hit-and-run",
    "simplex": r"\bsimplex",
    "minimax": r"\bminimax|\bregret\b",
    "Monte Carlo": r"Monte Carlo",
    "ordinal regression": r"ordinal regression|\bROR\b",
    "solver": r"\bsolver|HiGHS|\bCBC\b",
    "norm": r"\bL1\b|L\u221e|L-infinity",
    "normalised": r"\bnormali[sz]",
    "feasible": r"\bfeasib",
    "the weakest result sets the label": r"weakest (result|verdict)|sets the label",
    "+x each": r"[+\-\u2212]\d+(\.\d+)? each",
    "signed part in brackets": r"\([+\-\u2212]\d+(\.\d+)?\)",
    "+x together": r"[+\-\u2212]\d+(\.\d+)? together",
    "a bare risk rating": r"(?<!of )\b\d+ \((high|medium|low)\)",
}


@pytest.fixture(scope="module")
def documents():
    app = load(ROOT)
    out = {}
    for kind in ("submission", "paper"):
        ctx = render.build_context(app, render.Settings("commissioner", samples=300, kind=kind))
        out[kind] = _before_annexes(ctx["doc"].blocks)
    return out


def _before_annexes(blocks) -> str:
    """The words a reader meets before Annex A: headings, paragraphs, lists, boxes and each
    figure's caption and reading (tables hold figures, not sentences)."""
    out = []
    for b in blocks:
        if isinstance(b, Heading) and b.text.startswith("Annex"):
            break
        if isinstance(b, Para):
            out.append(f"{b.lead} {b.text}")
        elif isinstance(b, Items):
            out += list(b.items)
        elif isinstance(b, Box):
            out += [f"{k}: {v}" for k, v in b.rows]
        elif isinstance(b, Figure):
            out += [b.caption, b.reading]
    return "\n".join(out)


# a quotation in single quotes may hold an apostrophe between letters ('Sandwell's services')
_QUOTED = re.compile(
    r"\u201c[^\u201d]*\u201d|(?<![\w])'(?:[^']|(?<=\w)'(?=\w))*'(?![\w])|\u2018[^\u2019]*\u2019"
)


def sentences(text: str) -> list[str]:
    """The text's sentences, each quotation from the record counted as one word."""
    out = []
    for line in text.splitlines():
        line = _QUOTED.sub("QUOTE", line)
        out += [s for s in re.split(r"(?<=[.?!:;])\s+(?=[A-Z(\[])", line) if s.strip()]
    return out


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [x for v in value for x in _strings(v)]
    return []


def workspace_sentences(root: Path) -> set[str]:
    """The sentences of the workspace's own prose: every text in criteria.toml, options/ and
    weights/, its lines joined as the paper joins them."""
    files = [root / "criteria.toml", *sorted((root / "options").glob("*.toml"))]
    files += sorted((root / "weights").glob("*.toml"))
    out: set[str] = set()
    for f in files:
        for text in _strings(tomllib.loads(f.read_text("utf-8"))):
            for para in text.split("\n\n"):
                out.update(sentences(" ".join(para.split())))
    return out


def _own(text: str, workspace: set[str]) -> str:
    """The paper's own sentences: the text without the workspace's prose."""
    return "\n".join(s for s in sentences(text) if s not in workspace)


def _longest(text: str) -> tuple[int, str]:
    return max((len(s.split()), s) for s in sentences(text))


def _found(text: str, pattern: str) -> str | None:
    m = re.search(pattern, text, re.IGNORECASE if pattern.islower() else 0)
    return m.group(0) if m else None


def test_the_checks_find_what_they_should():
    """The rules themselves: a long sentence is found, a quotation is one word (an apostrophe
    inside it included), each banned phrase is caught where it stands and not where it does
    not, and the workspace's prose is told apart from the paper's own sentences."""
    long = " ".join(["word"] * (MAX_WORDS + 1)) + "."
    assert _longest(long)[0] == MAX_WORDS + 1
    quoted = "She said \u201c" + " ".join(["word"] * 60) + "\u201d in section 18."
    assert _longest(quoted)[0] == 6
    quoted = "They said 'concerns about " + "Sandwell's services " * 20 + "transferring' (s13G)."
    assert _longest(quoted)[0] == 4
    assert sentences("One. [a tag] (evidence: s1)") == ["One.", "[a tag] (evidence: s1)"]
    theirs = long.replace("word", "Theirs")
    assert _own(f"Short one. {theirs} Short two.", set(sentences(theirs))) == (
        "Short one.\nShort two."
    )
    assert _found("from fresh start (+12.6)", BANNED["signed part in brackets"]) == "(+12.6)"
    assert _found("criteria (+1.6 each, +4.9 together)", BANNED["+x each"]) == "+1.6 each"
    assert _found("rated 20 (high) before", BANNED["a bare risk rating"]) == "20 (high)"
    assert _found("rated 20 of 25 (high: likelihood 4", BANNED["a bare risk rating"]) is None
    assert _found("the SMAA trials", BANNED["SMAA"]) == "SMAA"
    assert _found("Kendall's tau", BANNED["tau"]) == "tau"
    assert _found("a station", BANNED["tau"]) is None


@pytest.mark.parametrize("term", sorted(BANNED))
def test_the_submission_uses_no_method_terms(documents, term):
    assert _found(documents["submission"], BANNED[term]) is None


def test_the_submission_sentences_are_short(documents):
    n, s = _longest(documents["submission"])
    assert n <= MAX_WORDS, s


@pytest.mark.parametrize("term", sorted(BANNED))
def test_the_options_paper_uses_no_method_terms_before_the_annexes(documents, term):
    assert _found(documents["paper"], BANNED[term]) is None


def test_the_options_paper_sentences_are_short_before_the_annexes(documents):
    own = _own(documents["paper"], workspace_sentences(ROOT))
    long = [s for s in sentences(own) if len(s.split()) > MAX_WORDS]
    assert not long, long


def test_the_workspace_prose_is_short(documents):
    """The workspace's sentences the options paper shows before its annexes."""
    shown = set(sentences(documents["paper"])) & workspace_sentences(ROOT)
    long = sorted(s for s in shown if len(s.split()) > MAX_WORDS)
    assert not long, long
