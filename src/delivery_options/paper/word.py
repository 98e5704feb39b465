"""The paper as a Word document (python-docx), for officials to edit and keep the structure.

Headings use Word's heading styles (so the navigation pane and the contents field work), the
contents is a TOC field already filled with an entry for each section, linked to its heading
(updating the field in Word adds page numbers), tables are real tables with a repeating header
row, and each chart is a PNG with its text alternative. The language is British English
throughout (the document's defaults, its styles and its properties); the author and organisation
come from the workspace, and are left empty when it does not state them. Text goes in as text:
nothing in it is interpreted.
"""

from __future__ import annotations

import datetime as dt
import io
from copy import deepcopy

from ..errors import OptionsError
from ..present.escape import word
from .document import Box, Break, Contents, Document, Figure, Grid, Heading, Items, Para

#: The blocks the Word writer takes: the document's own kinds, never a look-alike a template
#: made (a namespace with ``kind = "para"``) nor anything else.
BLOCKS = (Heading, Para, Items, Grid, Figure, Box, Contents, Break)


def _t(text: str) -> str:
    """Workspace text for a run: controls and bidi overrides shown as escapes, what XML 1.0
    cannot hold as U+FFFD (:func:`delivery_options.present.escape.word`)."""
    return word(text)


def _prop(text: str) -> str:
    """A document property: Word holds at most 255 characters (the text itself is whole)."""
    text = _t(text)
    return text if len(text) <= 255 else text[:254] + "…"


def render(
    doc: Document, date: str | None = None, author: str = "", organisation: str = ""
) -> bytes:
    """The document as .docx bytes; ``date`` (ISO) fixes its timestamps, ``author`` and
    ``organisation`` (the workspace's, empty when not stated) go in its properties."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt

    d = docx.Document()
    _style_ids_once(d)
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.9))
    section.top_margin = section.bottom_margin = Cm(2.0)
    styles = d.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(10.5)
    _language(d, doc.language)

    props = d.core_properties
    props.title = _prop(doc.title)
    props.subject = _prop(doc.subtitle)
    props.language = doc.language
    props.author = _prop(author or organisation)
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

    for k, b in enumerate(doc.blocks):
        if type(b) not in BLOCKS:
            raise OptionsError(
                f"the Word paper's block {k + 1} is a {type(b).__name__}, not one of the "
                "document's own blocks (a template may show the paper, never add to it)",
                "template",
            )
    marks = {id(h): f"_Toc{k + 1:06d}" for k, h in enumerate(doc.contents())}
    for b in doc.blocks:
        kind = b.kind
        if kind == "heading":
            h = d.add_heading(_t(b.text), level=min(b.level, 8))
            if id(b) in marks:
                _bookmark(h, marks[id(b)], len(marks) + 1 + list(marks).index(id(b)))
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
            d.add_paragraph(_t(b.title), style=_box_title(d))
            _pairs(d, b.rows, shaded=True)
        elif kind == "contents":
            d.add_paragraph("Contents", style="TOC Heading")  # not itself an entry
            _toc(
                d,
                [
                    row
                    for e in doc.contents_tree()
                    for row in (
                        (_t(e.text), marks[id(e.heading)] if e.heading else "", 1),
                        *((_t(h.text), marks[id(h)], 2) for h in e.children),
                    )
                ],
            )
        elif kind == "break":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    d.save(out)
    return _deterministic(out.getvalue(), organisation)


def _style_ids_once(d) -> None:
    """Each style name looked up once: python-docx scans every style for the default one at
    each lookup (each heading, list item and table), a third of the Word paper's time. A
    name's id does not change once found (styles are only added)."""
    part = d.part
    look, found = part.get_style_id, {}

    def get_style_id(style_or_name, style_type):
        if not isinstance(style_or_name, str):
            return look(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in found:
            found[key] = look(style_or_name, style_type)
        return found[key]

    part.get_style_id = get_style_id


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
    proto = None  # a row of empty runs, as python-docx makes it, copied for each full row
    for row in g.rows:
        if len(row) < cols:  # a short row (the rest of its cells empty): made as it was
            _row(table, row[:cols], size, g)
            continue
        if proto is None:
            proto = _row(table, ("",) * cols, size, g)
            table._tbl.remove(proto)
        # the copy's runs take their text as python-docx sets it; a run added through
        # python-docx's objects looks the whole table up again for each row (quadratic)
        tr = deepcopy(proto)
        table._tbl.append(tr)
        for tc, value in zip(tr.tc_lst, row, strict=False):
            tc[-1][-1].text = _t(value)  # the cell's paragraph's run
    for n in g.notes:
        p = d.add_paragraph()
        p.add_run(_t(n)).font.size = Pt(8)


def _row(table, values, size, g):
    """A row of the table with a run of each value (numeric columns right-aligned); its
    ``<w:tr>``."""
    cells = table.add_row().cells
    for j, value in enumerate(values):
        para = cells[j].paragraphs[0]
        para.add_run(_t(value)).font.size = size
        if g.is_numeric(j):
            para.alignment = 2  # right
    return table._tbl.tr_lst[-1]


def _alt_text(d, alt: str) -> None:
    """Set the text alternative of the picture just added (docPr/@descr)."""
    from docx.oxml.ns import qn

    body = d.element.body
    found = body.findall(".//" + qn("wp:docPr"))
    if found:
        found[-1].set("descr", _t(alt))
        found[-1].set("title", _t(alt[:120]))


def _language(d, lang: str) -> None:
    """The document's language everywhere Word reads one: the run defaults, every style that
    names a language, and the theme fonts' (python-docx's template says en-US)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = d.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    found = list(styles.iter(qn("w:lang")))
    if not rpr.findall(qn("w:lang")):
        el = OxmlElement("w:lang")
        rpr.append(el)
        found.append(el)
    for el in found:
        el.set(qn("w:val"), lang)
        if el.get(qn("w:eastAsia")) == "en-US":
            el.set(qn("w:eastAsia"), lang)
    normal = d.styles["Normal"].element.get_or_add_rPr()
    if normal.find(qn("w:lang")) is None:
        el = OxmlElement("w:lang")
        el.set(qn("w:val"), lang)
        normal.append(el)
    for el in d.settings.element.iter(qn("w:themeFontLang")):
        el.set(qn("w:val"), lang)


def _bookmark(paragraph, name: str, number: int) -> None:
    """A bookmark around the heading's text, for a contents entry to link to."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
    p.append(end)


def _box_title(d):
    """The decision box's title: looks like a heading, but is body text to the outline, so the
    contents (and the field, when Word updates it) list the sections only."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    try:
        return d.styles["Box Title"]
    except KeyError:
        style = d.styles.add_style("Box Title", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = d.styles["Heading 1"]
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), "9")
        style.element.get_or_add_pPr().append(level)
        return style


def _toc_style(d, level: int = 1):
    """The "TOC 1" (or "TOC 2", indented) paragraph style, added when the template lacks it."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt

    try:
        return d.styles[f"TOC {level}"]
    except KeyError:
        style = d.styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = d.styles["Normal"]
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        return style


def _toc(d, entries: list[tuple[str, str, int]]) -> None:
    """A contents field over the level-1 headings, already filled in and nested by section
    (``Document.contents_tree``): one entry per line, at its level, linked to its heading's
    bookmark (the annexes' line has none). Word keeps the entries until the field is updated,
    which adds page numbers and lists the headings from the outline, one level; a reader who
    never updates it still sees the contents."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field_char(kind: str):
        run = OxmlElement("w:r")
        ch = OxmlElement("w:fldChar")
        ch.set(qn("w:fldCharType"), kind)
        run.append(ch)
        return run

    paras = [
        d.add_paragraph(style=_toc_style(d, level)) for _, _, level in entries or [("", "", 1)]
    ]
    first, last = paras[0]._p, paras[-1]._p
    first.append(field_char("begin"))
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-1" \\h \\z \\u'
    instr_run.append(instr)
    first.append(instr_run)
    first.append(field_char("separate"))
    for p, (text, mark, _) in zip(paras, entries, strict=False):
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
        if mark:
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), mark)
            link.set(qn("w:history"), "1")
            link.append(run)
            p._p.append(link)
        else:
            p._p.append(run)
    last.append(field_char("end"))


def _deterministic(data: bytes, organisation: str = "") -> bytes:
    """The same document gives the same bytes: zip entries with a fixed time. The
    organisation goes in the extended properties' Company (python-docx leaves them alone)."""
    import zipfile
    from xml.sax.saxutils import escape

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                company = f"<Company>{escape(_prop(organisation))}</Company>".encode()
                body = body.replace(b"<Company/>", company)
            z.writestr(fixed, body)
    return out.getvalue()
