"""A large appraisal's paper stays usable: on a generated 75-option long list (60 short-listed)
with 12 criteria, the body summarises, every table stays within its bounds, and every cut the
paper makes is said where it is made (with where to find the rest) and listed in Annex G."""

from __future__ import annotations

import re

import numpy as np
import pytest

from delivery_options.appraisal import load
from delivery_options.paper import compose, render
from delivery_options.paper.document import Grid, Heading, Items, Para, without_command

LONG, CRIT, FAIL = 75, 12, 15  # options on the long list, criteria, options failing the screen


def _write(root):
    """A seeded workspace: two requirements (every fifth option fails one), three risks per
    option (many in one cell of the matrix), reasons on every other option's scores."""
    rng = np.random.default_rng(7)
    (root / "options").mkdir(parents=True)
    (root / "weights").mkdir()
    crit = [f"c{j:02d}" for j in range(CRIT)]
    lines = ['[appraisal]\ntitle = "Mid-size appraisal"\ndate = "2024-01-31"\n']
    for j, c in enumerate(crit):
        kind = "cost" if j % 4 == 3 else "benefit"
        lines.append(f'[criteria.{c}]\nname = "Criterion {j}"\ndirection = "{kind}"\n')
    for r in ("alpha", "beta"):
        lines.append(f'[requirements.{r}]\nname = "Requirement {r}"\ndescription = "Must {r}."\n')
    (root / "criteria.toml").write_text("\n".join(lines))
    scores = rng.integers(15, 86, size=(LONG, CRIT))
    for i in range(LONG):
        body = [f'name = "Option {i}"\nnumber = {i + 1}\n[scores]']
        for j, c in enumerate(crit):
            v = int(scores[i, j])
            why = ', rationale = "Why.", evidence = ["Source."]' if i % 2 == 0 else ""
            body.append(f"{c} = {{ value = {v}, low = {v - 10}, high = {v + 10}{why} }}")
        fails = i % (LONG // FAIL) == 4
        for r in ("alpha", "beta"):
            meets = "false" if fails and r == "beta" else "true"
            body.append(f'[requirements.{r}]\nmeets = {meets}\nrationale = "Judged."')
        for k in range(3):
            lik, imp = (3, 3) if k == 0 else (1 + (i + k) % 5, 1 + (2 * i + k) % 5)
            body.append(
                f'[[risk_register]]\nid = "R{k + 1}"\nrisk = "Risk {k + 1} of option {i}"\n'
                f'likelihood = {lik}\nimpact = {imp}\nmitigation = "Act."\nowner = "Lead"\n'
            )
        (root / "options" / f"o{i:03d}.toml").write_text("\n".join(body) + "\n")
    w = rng.dirichlet(np.ones(CRIT))
    weights = "\n".join(f"{c} = {w[j]:.6f}" for j, c in enumerate(crit))
    bounds = ", ".join(
        f"{c} = [{max(0.0, w[j] - 0.03):.6f}, {min(1.0, w[j] + 0.03):.6f}]"
        for j, c in enumerate(crit)
    )
    (root / "weights" / "panel.toml").write_text(
        f'name = "Review panel"\nrationale = "Modelled."\n[weights]\n{weights}\n'
        f"[constraints]\nbounds = {{ {bounds} }}\n"
    )
    return root


@pytest.fixture(scope="module")
def mid(tmp_path_factory):
    root = _write(tmp_path_factory.mktemp("mid") / "ws")
    ctx = render.build_context(load(root), render.Settings("panel", samples=2000))
    return ctx, render.render_html(ctx), render.render_markdown(ctx)


def test_the_workspace_is_mid_size(mid):
    ctx, _, _ = mid
    assert len(ctx["long_list"].options) == LONG
    assert len(ctx["ws"].options) == LONG - FAIL
    assert len(ctx["ws"].criteria) == CRIT


def _visible(html: str) -> str:
    """The HTML's text as a reader sees it, white space collapsed."""
    from html import unescape

    text = re.sub(r"<style>.*?</style>|<svg.*?</svg>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _sections(doc):
    """Each block with whether it is in the annexes."""
    annex = False
    for b in doc.blocks:
        if isinstance(b, Heading) and b.level == 1:
            annex = b.text.startswith("Annex")
        yield annex, b


def test_every_table_and_list_stays_within_its_bounds(mid):
    ctx, _, _ = mid
    for annex, b in _sections(ctx["doc"]):
        grids = [b] if isinstance(b, Grid) else [b.table] if hasattr(b, "table") else []
        for g in grids:
            assert len(g.header) <= compose.MAX_COLUMNS, g.caption
            assert len(g.rows) <= (compose.MAX_ROWS if annex else compose.BODY_ROWS), g.caption
            for row in g.rows:
                assert len(row) == len(g.header), g.caption
                assert max(map(len, row)) <= 600, (g.caption, row)
        if isinstance(b, Items):
            assert len(b.items) <= compose.BODY_ROWS
            assert max(map(len, b.items)) <= 1000, b.items
        if isinstance(b, Para):
            assert len(b.text) <= 1200, b.text
    # the body shows the highest-ranked options one by one: a register each, no more
    registers = [
        b for b in ctx["doc"].blocks if isinstance(b, Heading) and "Risk register:" in b.text
    ]
    assert len(registers) == compose.BODY_OPTIONS
    order = [r.option for r in ctx["ranking"].rows]
    assert [b.text for b in registers] == [
        f"Risk register: {ctx['label'](o)}" for o in order[: compose.BODY_OPTIONS]
    ]


def test_every_cut_is_said_where_it_is_made_and_listed_in_annex_g(mid):
    ctx, html, md = mid
    cuts = ctx["doc"].cuts
    where = {w.split(",")[0] for w, _ in cuts}
    assert {"Section 3", "Section 4", "Section 5", "Figure 1", "Figure 3", "Annex B"} <= where
    assert "Annex F" in where  # hundreds of unevidenced scores, each kind shown once
    seen = _visible(html)
    plain_md = " ".join(md.replace("\\", "").split())
    said, listed = seen.split("What this paper leaves out, and where to find it", 1)
    for w, text in cuts:
        # where the cut is made, its command referred to Annex G, where it is given in full
        assert without_command(text) in said, text
        assert not re.search(r"\boptions (rank|risks|screen|smaa|check|infer|sensitivity)\b", said)
        assert f"{w}. {text}" in listed, text  # and in Annex G's list
        assert without_command(text) in plain_md, text
        # and where to find the rest: a command that prints it, or the input files
        assert re.search(r"\boptions [a-z]+\b|options/|Annex [A-G]|each table says", text), text
    # the reader is told up front, in the summary
    blocks = ctx["doc"].blocks
    heads = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1]
    summary = blocks[heads[0] : heads[1]]
    assert any(getattr(b, "lead", "") == "What the paper leaves out." for b in summary)


def test_the_cuts_count_what_they_leave_out(mid):
    ctx, html, _ = mid
    seen = _visible(html)
    n = len(ctx["ws"].options)
    assert f"The first 30 of {LONG} options of the long list are shown" in seen
    assert f"The first 15 of {n} options are shown one by one, the other {n - 15} together" in seen
    assert f"Of {len(ctx['findings'])} findings, a kind found more than 3 times" in seen
    # the options not shown one by one are summarised, not dropped: the ranked table's last row
    rows = ctx["ranking"].rows
    ranked = next(g for g in ctx["doc"].grids() if g.caption.startswith("The options ranked"))
    assert ranked.rows[-1] == (
        f"{rows[15].rank}\u2013{rows[-1].rank}",
        f"The other {n - 15} options",
        f"{rows[-1].score:.1f}\u2013{rows[15].score:.1f}",
    )
    # and the risk profiles of the others add up to theirs
    prof = next(g for g in ctx["doc"].grids() if g.caption == "The risk profiles compared")
    shown = {r[0] for r in prof.rows[:-1]}
    rest = [
        p for p in ctx["risks"].profiles if ctx["long_list"].option_label(p.option) not in shown
    ]
    assert prof.rows[-1][:2] == (f"The other {len(rest)} options, together", str(3 * len(rest)))


def test_a_large_paper_is_the_same_every_time(mid):
    ctx, html, md = mid
    again = render.build_context(load(ctx["ws"].root), render.Settings("panel", samples=2000))
    assert render.render_html(again) == html and render.render_markdown(again) == md


def test_the_submission_still_fits_two_pages(mid, tmp_path):
    from pypdf import PdfReader

    ctx, _, _ = mid
    sub = render.build_context(
        load(ctx["ws"].root), render.Settings("panel", samples=2000, kind="submission")
    )
    pdf = tmp_path / "submission.pdf"
    pdf.write_bytes(render.render_pdf(render.render_html(sub), ctx["ws"].root, sub["date"]))
    assert len(PdfReader(pdf).pages) <= 2
    md = render.render_markdown(sub)
    n = len(ctx["ws"].options)
    assert f"{n} were appraised (the options paper ranks them all)." in md
    assert f"The other {n - 3} short-listed options' risks are in section 5" in md
