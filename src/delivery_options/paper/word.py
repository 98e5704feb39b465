"""The paper as a Word document (python-docx), for officials to edit and keep the structure.

Headings use Word's heading styles (so the navigation pane and the contents field work), the
contents is a real TOC field (Word fills it in when the document is opened or fields are
updated), tables are real tables with a repeating header row, and each chart is a PNG with its
text alternative. Text goes in as text: nothing in it is interpreted.
"""

from __future__ import annotations

import datetime as dt
import io

from ..present.escape import word
from .document import Document


def _t(text: str) -> str:
    """Workspace text for a run: controls and bidi overrides shown as escapes, what XML 1.0
    cannot hold as U+FFFD (:func:`delivery_options.present.escape.word`)."""
    return word(text)


def _prop(text: str) -> str:
    """A document property: Word holds at most 255 characters (the text itself is whole)."""
    text = _t(text)
    return text if len(text) <= 255 else text[:254] + "…"


def render(doc: Document, date: str | None = None) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    d = docx.Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.9))
    section.top_margin = section.bottom_margin = Cm(2.0)
    styles = d.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(10.5)

    props = d.core_properties
    props.title = _prop(doc.title)
    props.subject = _prop(doc.subtitle)
    props.language = doc.language
    props.author = _prop(dict(doc.cover).get("Author", dict(doc.cover).get("From", "")))
    props.comments = ""
    fixed = _when(date)
    props.created = props.modified = fixed
    props.last_modified_by = ""
    props.revision = 1

    header = section.header.paragraphs[0]
    header.text = _t(f"{doc.title}{'  |  ' + doc.marking if doc.marking else ''}")
    header.style = styles["Header"]
    if doc.marking:
        section.footer.paragraphs[0].text = _t(doc.marking)

    if doc.marking:
        p = d.add_paragraph()
        r = p.add_run(_t(doc.marking))
        r.bold = True
    d.add_paragraph(_t(doc.subtitle), style="Subtitle")
    d.add_heading(_t(doc.title), level=0)
    _pairs(d, doc.cover)

    for b in doc.blocks:
        kind = b.kind
        if kind == "heading":
            d.add_heading(_t(b.text), level=min(b.level, 8))
        elif kind == "para":
            p = d.add_paragraph()
            if b.lead:
                p.add_run(_t(b.lead) + " ").bold = True
            run = p.add_run(_t(b.text))
            if b.style == "note":
                run.font.size = Pt(8.5)
            if b.style == "quote":
                p.paragraph_format.left_indent = Cm(0.6)
        elif kind == "items":
            style = "List Number" if b.ordered else "List Bullet"
            for item in b.items:
                d.add_paragraph(_t(item), style=style)
        elif kind == "grid":
            _table(d, b)
        elif kind == "figure":
            cap = d.add_paragraph()
            cap.add_run(f"Figure {b.number}. ").bold = True
            cap.add_run(_t(b.caption))
            if b.png:
                d.add_picture(io.BytesIO(b.png), width=Cm(16))
                _alt_text(d, b.alt)
            d.add_paragraph().add_run(_t(f"Reading: {b.reading}")).italic = True
            _table(d, b.table)
        elif kind == "box":
            d.add_heading(_t(b.title), level=1)
            _pairs(d, b.rows, shaded=True)
        elif kind == "contents":
            d.add_heading("Contents", level=1)
            _toc(d)
        elif kind == "break":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    d.save(out)
    return _deterministic(out.getvalue())


def _when(date: str | None) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(date or "").replace(tzinfo=None)
    except ValueError:
        return dt.datetime(2000, 1, 1)


def _pairs(d, rows, shaded: bool = False) -> None:
    table = d.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for k, v in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(_t(k)).bold = True
        cells[1].paragraphs[0].add_run(_t(v))
    d.add_paragraph()


def _table(d, g) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    if g.caption:
        p = d.add_paragraph()
        p.add_run(_t(g.caption)).bold = True
        p.paragraph_format.keep_with_next = True
    cols = len(g.header)
    table = d.add_table(rows=1, cols=cols)
    table.style = "Table Grid"
    size = Pt(8) if g.small else Pt(9)
    head = table.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for j, h in enumerate(g.header):
        run = head.cells[j].paragraphs[0].add_run(_t(h))
        run.bold = True
        run.font.size = size
    for row in g.rows:
        cells = table.add_row().cells
        for j, value in enumerate(row[:cols]):
            para = cells[j].paragraphs[0]
            para.add_run(_t(value)).font.size = size
            if g.is_numeric(j):
                para.alignment = 2  # right
    for n in g.notes:
        p = d.add_paragraph()
        p.add_run(_t(n)).font.size = Pt(8)


def _alt_text(d, alt: str) -> None:
    """Set the text alternative of the picture just added (docPr/@descr)."""
    from docx.oxml.ns import qn

    body = d.element.body
    found = body.findall(".//" + qn("wp:docPr"))
    if found:
        found[-1].set("descr", _t(alt))
        found[-1].set("title", _t(alt[:120]))


def _toc(d) -> None:
    """A contents field over heading levels 1-2; Word fills it in when fields are updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = d.add_paragraph()
    run = p.add_run()
    parts = []
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    parts.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    parts.append(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    parts.append(sep)
    text = OxmlElement("w:t")
    text.text = "Right-click and choose Update Field to show the contents."
    parts.append(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    parts.append(end)
    for el in parts:
        run._r.append(el)
    settings = d.settings.element
    upd = OxmlElement("w:updateFields")
    upd.set(qn("w:val"), "true")
    settings.append(upd)


def _deterministic(data: bytes) -> bytes:
    """The same document gives the same bytes: zip entries with a fixed time."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(fixed, src.read(info.filename))
    return out.getvalue()
