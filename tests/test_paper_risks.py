"""The paper's risk section (paper/sections/risks.py): each modelled rating marked as the note
says, every risk rated before and after mitigation by likelihood and impact, and a matrix after
mitigation beside the one before, each cell worked out again from the option files."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from delivery_options.appraisal import load
from delivery_options.methods.risks import ranked
from delivery_options.paper import render
from delivery_options.paper.document import Document, Grid, Para
from delivery_options.paper.sections import risks

LEVELS = ("very low", "low", "medium", "high", "very high")


def _section(root) -> tuple[dict, Document]:
    c = render.build_context(load(root), render.Settings("commissioner", samples=500))
    doc = Document("paper", "t", "", "", ())
    risks.section(doc, c)
    return c, doc


@pytest.fixture(scope="module")
def sandwell():
    return _section(ROOT)


def _registers(c) -> dict[str, tuple]:
    long = c["long_list"]
    return {o: ranked(long.option(o).risk_register) for o in c["risks"].options}


def test_every_row_says_its_ratings_before_and_after_and_its_mark(sandwell):
    c, doc = sandwell
    regs = _registers(c)
    grids = [g for g in doc.blocks if isinstance(g, Grid) and g.header[0] == "Risk"]
    assert len(grids) == len(regs)
    for g, reg in zip(grids, regs.values(), strict=True):
        assert g.header[3] == "After: likelihood \u00d7 impact"
        for row, r in zip(g.rows, reg, strict=True):
            assert row[0].endswith(" [modelled]") == r.modelled
            assert row[1] == f"{r.likelihood} \u00d7 {r.impact} = {r.score} of 25 ({r.band})"
            lik = r.residual_likelihood or r.likelihood  # by hand: unrecorded means unchanged
            imp = r.residual_impact or r.impact
            assert row[3] == f"{lik} \u00d7 {imp} = {lik * imp} of 25 ({r.residual_band})"
    # the unions' risk under option 5 is the one whose impact falls: 5 x 3 before, 4 x 2 after
    unions = next(r for g in grids for r in g.rows if "unions" in r[0])
    assert (unions[1], unions[3]) == (
        "5 \u00d7 3 = 15 of 25 (high)",
        "4 \u00d7 2 = 8 of 25 (medium)",
    )
    notes = [b.text for b in doc.blocks if isinstance(b, Para) and b.style == "note"]
    assert any(n.startswith("Every risk below is marked [modelled]") for n in notes)


@pytest.mark.parametrize("when", ["before", "after"])
def test_each_matrix_places_every_risk_where_its_levels_put_it(sandwell, when):
    c, doc = sandwell
    (grid,) = [
        g
        for g in doc.blocks
        if isinstance(g, Grid) and g.caption.startswith(f"Every short-listed risk {when}")
    ]
    want: dict[tuple[int, int], list[str]] = {}
    for o, reg in _registers(c).items():
        tag = str(c["long_list"].option(o).number)
        for k, r in enumerate(reg):
            lik = r.likelihood if when == "before" else r.residual_likelihood or r.likelihood
            imp = r.impact if when == "before" else r.residual_impact or r.impact
            want.setdefault((imp, lik), []).append(f"{tag}.{k + 1}")
    for row in grid.rows:
        imp = int(row[0].split(" ", 1)[0])
        assert row[0] == f"{imp} ({LEVELS[imp - 1]})"
        for lik, cell in enumerate(row[1:], start=1):
            assert cell == (", ".join(want.get((imp, lik), [])) or "\u2013"), (imp, lik)


def test_only_the_modelled_ratings_are_marked(tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns("reports", "src", "tests", ".*"))
    path = root / "options" / "executive-commissioner.toml"
    path.write_text(path.read_text().replace("modelled = true", "modelled = false"))
    c, doc = _section(root)
    rows = [r for g in doc.blocks if isinstance(g, Grid) and g.header[0] == "Risk" for r in g.rows]
    assert [r[0][:2] for r in rows if r[0].endswith("[modelled]")] == ["5."] * 6
    assert not any(r[0].endswith("[modelled]") for r in rows if r[0].startswith("2."))
    notes = [b.text for b in doc.blocks if isinstance(b, Para) and b.style == "note"]
    assert any(n.startswith("A risk marked [modelled]") for n in notes)


def test_every_risk_sharing_the_largest_rating_is_named(sandwell):
    """Sandwell: three risks are rated 20 of 25 before mitigation (2.1, 2.2 and 5.1); the
    reading names all three, never one of them as 'the largest risk'."""
    c, doc = sandwell
    regs = _registers(c)
    top = max(r.score for rs in regs.values() for r in rs)
    tied = [r for rs in regs.values() for r in rs if r.score == top]
    assert top == 20 and len(tied) == 3
    (said,) = [b.text for b in doc.blocks if isinstance(b, Para) and b.lead == "Reading."]
    assert said.startswith("Three risks share the largest rating before mitigation, 20 of 25")
    assert "The largest risk" not in said
    assert all(f"\u2018{r.risk}\u2019" in said for r in tied)
