"""The Word file read back with python-docx: British English throughout, the workspace's author
and title in its properties (never "not stated"), and a contents list already filled in."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from conftest import CRITERIA_3, TINY_OPTIONS, TINY_WEIGHTS, write_workspace

AUTHORED = CRITERIA_3.replace(
    'title = "Tiny appraisal"',
    'title = "Tiny appraisal"\nauthor = "A. Officer"\norganisation = "Borough Council"',
)


def _word(tmp_path: Path, run, criteria: str, *extra: str) -> Path:
    ws = write_workspace(tmp_path / "ws", criteria, TINY_OPTIONS, TINY_WEIGHTS)
    out = tmp_path / "out" / "paper"
    out.parent.mkdir()
    res = run(
        "report", "-p", str(ws), "-w", "even", "-f", "docx", "-n", "200", "-o", str(out), *extra
    )
    assert res.exit_code == 0, res.stderr
    return out.with_suffix(".docx")


@pytest.mark.parametrize("kind", ["paper", "submission"])
def test_word_is_british_english_in_its_defaults_styles_and_properties(tmp_path, run, kind):
    import docx
    from docx.oxml.ns import qn

    path = _word(tmp_path, run, AUTHORED, "--kind", kind)
    d = docx.Document(str(path))
    assert d.core_properties.language == "en-GB"
    styles = d.styles.element
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert default.find(qn("w:lang")).get(qn("w:val")) == "en-GB"
    normal = d.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal.get(qn("w:val")) == "en-GB"
    with zipfile.ZipFile(path) as z:
        for part in ("word/styles.xml", "word/settings.xml", "word/document.xml"):
            assert b"en-US" not in z.read(part), part


def test_word_properties_carry_the_workspaces_author_title_and_organisation(tmp_path, run):
    import docx

    path = _word(tmp_path, run, AUTHORED)
    props = docx.Document(str(path)).core_properties
    assert props.author == "A. Officer"
    assert props.title == "Tiny appraisal"
    with zipfile.ZipFile(path) as z:
        assert b"<Company>Borough Council</Company>" in z.read("docProps/app.xml")


def test_word_author_is_empty_when_the_workspace_states_none(tmp_path, run):
    """The paper's cover says the author is not stated, once; the file's
    author is left empty, not "not stated"."""
    import docx

    path = _word(tmp_path, run, CRITERIA_3)
    d = docx.Document(str(path))
    assert d.core_properties.author == ""
    cover = [[c.text for c in r.cells] for r in d.tables[0].rows]
    assert cover[-1] == [
        "Not stated",
        "Organisation, author, date, version and protective marking",
    ]
    only_org = CRITERIA_3.replace(
        'title = "Tiny appraisal"', 'title = "Tiny appraisal"\norganisation = "Borough Council"'
    )
    path = _word(tmp_path / "org", run, only_org)
    assert docx.Document(str(path)).core_properties.author == "Borough Council"


def test_word_contents_are_filled_from_the_headings_and_link_to_them(tmp_path, run):
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(str(_word(tmp_path, run, CRITERIA_3)))
    # every paragraph a contents field lists when Word updates it: the sections, nothing else
    sections = [p for p in d.paragraphs if p.style.name == "Heading 1"]
    lines = [p for p in d.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    entries = [p for p in lines if p._p.find(qn("w:hyperlink")) is not None]
    assert [p.text for p in entries] == [p.text for p in sections]
    assert len(entries) >= 8 and entries[0].text == "1. Summary and recommendation"
    # nested by section: a part's numbered sections and the annexes one level in, under a line
    # of their own ("Annexes", which links nowhere)
    level = {p.text: p.style.name for p in lines}
    assert level["The strategic case"] == "TOC 1" and level["Annexes"] == "TOC 1"
    assert level["2. The decision and who takes it"] == "TOC 2"
    assert level["Annex A. Method"] == "TOC 2" and level["1. Summary and recommendation"] == "TOC 1"
    assert [p.text for p in lines if p not in entries] == ["Annexes"]
    xml = d.element.xml
    assert "Right-click" not in xml and "Update Field" not in xml
    assert 'TOC \\o "1-1"' in xml  # still a field Word can update (adding page numbers)
    for entry, heading in zip(entries, sections, strict=True):
        anchor = entry._p.find(qn("w:hyperlink")).get(qn("w:anchor"))
        marks = [b.get(qn("w:name")) for b in heading._p.iter(qn("w:bookmarkStart"))]
        assert marks == [anchor], heading.text
    # no prompt to update fields on opening: the entries are there already
    assert d.settings.element.find(qn("w:updateFields")) is None
