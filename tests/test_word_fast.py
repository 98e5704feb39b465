"""The Word writer's tables, made by copying one row of empty runs, are the bytes python-docx
made cell by cell before (issue 23: a 300-option paper's tables took 5 s of its Word)."""

from __future__ import annotations

import numpy as np
import pytest

from delivery_options.paper import word
from delivery_options.paper.document import Box, Contents, Document, Grid, Heading, Items, Para


def _old_table(d, g) -> None:
    """word._table as it was: every row through python-docx's objects."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    if g.caption:
        p = d.add_paragraph()
        p.add_run(word._t(g.caption)).bold = True
        p.paragraph_format.keep_with_next = True
    cols = len(g.header)
    table = d.add_table(rows=1, cols=cols)
    table.style = "Table Grid"
    size = Pt(8) if g.small else Pt(9)
    head = table.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for j, h in enumerate(g.header):
        run = head.cells[j].paragraphs[0].add_run(word._t(h))
        run.bold = True
        run.font.size = size
    for row in g.rows:
        cells = table.add_row().cells
        for j, value in enumerate(row[:cols]):
            para = cells[j].paragraphs[0]
            para.add_run(word._t(value)).font.size = size
            if g.is_numeric(j):
                para.alignment = 2
    for n in g.notes:
        p = d.add_paragraph()
        p.add_run(word._t(n)).font.size = Pt(8)


CELLS = ("", "12.5", " lead and trail ", "tab\there", "two\nlines", "a\x07bell", "€ 1,000", "<&>")


def _grids(seed: int) -> list:
    rng = np.random.default_rng(seed)
    out = []
    for t in range(6):
        cols = int(rng.integers(1, 6))
        rows = tuple(
            tuple(
                str(rng.choice(CELLS)) + ("" if rng.random() < 0.5 else str(r))
                for _ in range(int(rng.choice([cols, cols, cols, max(0, cols - 2), cols + 1])))
            )
            for r in range(int(rng.integers(0, 30)))
        )
        out.append(
            Grid(
                caption="" if t % 3 == 0 else f"Table {t}",
                header=tuple(f"h{j}" for j in range(cols)),
                rows=rows,
                numeric=tuple(bool(rng.random() < 0.5) for _ in range(cols)),
                notes=("a note",) if t % 2 else (),
                small=bool(t % 2),
            )
        )
    return out


@pytest.mark.parametrize("seed", range(5))
def test_tables_are_the_bytes_python_docx_made_cell_by_cell(seed, monkeypatch):
    """Random tables (short and long rows, empty cells, tabs, newlines, controls, numeric
    columns, small type): the same .docx bytes as the previous cell-by-cell writer."""
    doc = Document("paper", "Title", "Sub", "OFFICIAL", (("Date", "1 May 2016"),))
    for k, g in enumerate(_grids(seed)):
        doc.add(Heading(1, f"Section {k}"), Para("text"), g)
    new = word.render(doc, "2016-05-01", "me", "us")
    monkeypatch.setattr(word, "_table", _old_table)
    old = word.render(doc, "2016-05-01", "me", "us")
    assert new == old


def test_style_ids_looked_up_once_give_the_same_bytes(monkeypatch):
    """Headings, lists, the box, the contents and tables, with each style's id remembered:
    the bytes of the document made with python-docx's own lookup at every use."""
    doc = Document("paper", "Title", "Sub", "OFFICIAL", (("Date", "1 May 2016"),))
    doc.add(Contents(), Box("The decision", (("Asked", "which option"), ("Answer", "5"))))
    for k, g in enumerate(_grids(7)):
        doc.add(Heading(1, f"Section {k}"), Heading(2, f"Part {k}"), Heading(3, "Detail"))
        doc.add(Para("text", style="note"), Items(("one", "two"), ordered=bool(k % 2)), g)
    doc.add(Heading(1, "Annex A"), Items(("three",)))
    new = word.render(doc, "2016-05-01")
    monkeypatch.setattr(word, "_style_ids_once", lambda d: None)
    assert new == word.render(doc, "2016-05-01")
