"""The recommendation paper: content agrees with the analysis, narrative follows the weights,
escaping, determinism, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options.appraisal import load
from delivery_options.paper import render


@pytest.fixture(scope="module")
def sandwell_paper(tmp_path_factory):
    from click.testing import CliRunner

    from delivery_options.cli import cli

    out = tmp_path_factory.mktemp("paper") / "commissioner"
    res = CliRunner().invoke(
        cli, ["report", "-p", str(ROOT), "-w", "commissioner", "-o", str(out), "-n", "3000"]
    )
    assert res.exit_code == 0, res.output
    return out


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_pdf_agrees_with_rank_json(sandwell_paper, run):
    text = _pdf_text(sandwell_paper.with_suffix(".pdf"))
    ranking = json.loads(run("rank", "-p", str(ROOT), "-w", "commissioner", "-f", "json").stdout)
    for r in ranking["ranking"]:
        assert r["name"] in text
        assert f"{r['score']:.1f}" in text
    top = ranking["ranking"][0]
    assert f"Option {top['number']} ({top['name']})" in text  # the recommendation names it
    for s in load(ROOT).stakeholders():
        assert s.name in text
    assert "How far each option is from first place" in text  # the switching-value table
    assert "Weight stability intervals" in text and "rank acceptability" in text
    assert "Page 2 of" in text
    assert "What the method checks found" in text and "dominated" in text


def test_html_and_markdown_written_with_every_section(sandwell_paper):
    html = sandwell_paper.with_suffix(".html").read_text()
    md = sandwell_paper.with_suffix(".md").read_text()
    for heading in (
        "1. Summary and recommendation",
        "2. The decision and who takes it",
        "3. The long list and the screen",
        "4. The short list appraised",
        "5. Risks of the short-listed options",
        "6. Where the stakeholders stand",
        "7. What would change the answer",
        "Annex A. Method",
        "Annex B. Every score and its evidence",
        "Annex F. Method checklist",
        "Annex G. Audit",
    ):
        assert heading in html and heading in md
    # section 8: the way forward, or what would separate the options when the lead is too close
    eight = ("8. The preferred way forward", "8. What would separate option ")
    assert any(h in html and h in md for h in eight)
    assert html.count("<svg") == 3  # charts inline, nothing fetched:
    for fetch in ('src="http', "src='http", 'href="http', "url(http", "@import"):
        assert fetch not in html
    assert "<metadata>" not in html
    assert "SHA-256" in md


def _tiny_ctx(ws_root: Path, who: str, **kw):
    return render.build_context(load(ws_root), render.Settings(who, samples=2000, **kw))


def test_narrative_follows_the_weights(tiny):
    even = _tiny_ctx(tiny, "even")["narrative"]
    quality = _tiny_ctx(tiny, "quality")["narrative"]
    # by hand: even weights put beta first (65.0); quality-first weights put alpha first (60.5)
    assert even.leader == "beta" and quality.leader == "alpha"
    assert even.headline.startswith(
        ("The analysis recommends option 2 (Beta)", "The analysis favours option 2 (Beta)")
    )
    assert quality.headline.startswith(
        (
            "The analysis recommends option 1 (Alpha)",
            "The analysis favours option 1 (Alpha)",
            "The analysis cannot separate option 1 (Alpha)",
        )
    )


def test_close_leads_are_never_called_clear(tmp_path):
    ws = write_workspace(
        tmp_path / "near",
        criteria='[appraisal]\ntitle = "Near tie"\n[criteria.a]\nname = "A"\n[criteria.b]\nname = "B"\n',
        options={
            "x": 'name = "X"\n[scores]\na = { value = 61, low = 50, high = 70 }\nb = { value = 40, low = 30, high = 50 }\n',
            "y": 'name = "Y"\n[scores]\na = { value = 40, low = 30, high = 50 }\nb = { value = 60, low = 50, high = 70 }\n',
        },
        weights={"half": 'name = "Half"\n[weights]\na = 1\nb = 1\n'},
    )
    n = _tiny_ctx(ws, "half")["narrative"]
    assert n.leader == "x"  # 50.5 against 50.0
    assert n.status == "too close to call"
    assert n.headline.startswith("The analysis cannot separate X and Y")


def test_escaping(tmp_path):
    opts = dict(TINY_OPTIONS)
    opts["alpha"] = opts["alpha"].replace('name = "Alpha"', 'name = "<script>alert(1)</script>"')
    ws = write_workspace(tmp_path / "esc", options=opts, weights=TINY_WEIGHTS)
    html = render.render_html(_tiny_ctx(ws, "quality"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_same_inputs_same_bytes(tiny):
    a, b = _tiny_ctx(tiny, "even", seed=3), _tiny_ctx(tiny, "even", seed=3)
    assert render.render_html(a) == render.render_html(b)
    assert render.render_markdown(a) == render.render_markdown(b)
    assert "**Date:** 2024" not in render.render_markdown(a)  # no clock date unless asked


def test_failed_render_leaves_the_earlier_report(tiny, monkeypatch, run):
    out = tiny / "reports" / "even"
    out.parent.mkdir()
    assert (
        run(
            "report", "-p", str(tiny), "-w", "even", "-o", str(out), "-f", "html,md", "-n", "500"
        ).exit_code
        == 0
    )
    before = out.with_suffix(".html").read_bytes()

    def boom(*a, **k):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(render, "render_markdown", boom)
    with pytest.raises(RuntimeError):
        run(
            "report", "-p", str(tiny), "-w", "quality", "-o", str(out), "-f", "html,md", "-n", "500"
        )
    assert out.with_suffix(".html").read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["even.html", "even.md"]


def test_output_folder_is_made_only_when_its_parent_exists(tiny, run):
    deep = tiny / "nope" / "deeper" / "x"
    res = run("report", "-p", str(tiny), "-w", "even", "-o", str(deep), "-f", "md", "-n", "500")
    assert res.exit_code == 1
    assert res.stderr.startswith("error: -o/--output: the folder")
    assert not (tiny / "nope").exists()
    made = tiny / "new" / "x"
    res = run("report", "-p", str(tiny), "-w", "even", "-o", str(made), "-f", "md", "-n", "500")
    assert res.exit_code == 0, res.stderr
    assert (tiny / "new" / "x.md").is_file()


def test_workspace_templates_override(tiny, run):
    (tiny / "templates").mkdir()
    (tiny / "templates" / "paper.md.j2").write_text("Leader: {{ narrative.leader }}\n")
    out = tiny / "custom"
    assert (
        run(
            "report", "-p", str(tiny), "-w", "even", "-o", str(out), "-f", "md", "-n", "500"
        ).exit_code
        == 0
    )
    assert out.with_suffix(".md").read_text() == "Leader: beta\n"


def test_bad_format_is_a_user_error(tiny, run):
    res = run("report", "-p", str(tiny), "-w", "even", "-f", "rtf")
    assert res.exit_code == 1 and "--format: choose from html, pdf, md, docx" in res.stderr


def test_pdf_is_byte_for_byte_repeatable(tiny):
    """Found while committing the Sandwell paper: font subsets carried the clock's time."""
    ctx = _tiny_ctx(tiny, "even", date="2020-05-01")
    html = render.render_html(ctx)
    a = render.render_pdf(html, tiny, ctx["date"])
    b = render.render_pdf(html, tiny, ctx["date"])
    assert a == b and a.startswith(b"%PDF")


def test_evidence_list_compares_ranges_on_the_value_scale(tmp_path):
    """A 0-5 (£m) range must not look narrow beside a 0-100 one: widths are compared on 0-100."""
    ws = write_workspace(
        tmp_path / "units",
        criteria='[appraisal]\ntitle = "U"\n[criteria.pounds]\nname = "Pounds"\nscale = [0, 5]\n'
        '[criteria.points]\nname = "Points"\n',
        options={
            "x": 'name = "X"\n[scores]\npounds = { value = 4, low = 1, high = 5 }\n'
            "points = { value = 60, low = 50, high = 70 }\n",
            "y": 'name = "Y"\n[scores]\npounds = 1\npoints = 40\n',
        },
        weights={"even": 'name = "Even"\n[weights]\npounds = 1\npoints = 1\n'},
    )
    ctx = _tiny_ctx(ws, "even")
    # pounds: 1-5 of 0-5 is 80 points wide; points: 50-70 is 20 points wide
    assert [name for name, _, _ in ctx["widest"]] == ["Pounds", "Points"]


def test_date_sets_the_papers_date(tiny, run, tmp_path):
    out = tmp_path / "dated" / "even"
    args = ("report", "-p", str(tiny), "-w", "even", "-f", "md", "-n", "500", "-o", str(out))
    assert run(*args, "--date", "2031-02-03").exit_code == 0
    md = out.with_suffix(".md").read_text()
    assert "**Date:** 3 February 2031" in md  # as UK prose writes a date, never ISO
    assert "2031-02-03" not in md
    assert run(*args).exit_code == 0  # no --date, and the workspace states none
    assert (  # the cover names what the workspace does not record once
        "**Not stated:** Organisation, author, date, version and protective "
        "marking" in out.with_suffix(".md").read_text()
    )


def test_dates_are_shown_the_uk_way_and_kept_iso_for_machines(tiny, run, tmp_path):
    """The cover of both documents says "3 February 2031"; the Word file's timestamps (and the
    PDF's, through SOURCE_DATE_EPOCH) still read the ISO date."""
    import docx

    for kind in ("paper", "submission"):
        out = tmp_path / kind / "even"
        out.parent.mkdir()
        args = ("report", "-p", str(tiny), "-w", "even", "-f", "md,docx", "-n", "300")
        res = run(*args, "-o", str(out), "--kind", kind, "--date", "2031-02-03")
        assert res.exit_code == 0, res.stderr
        md = out.with_suffix(".md").read_text()
        assert "**Date:** 3 February 2031" in md and "2031-02-03" not in md
        d = docx.Document(str(out.with_suffix(".docx")))
        cover = [r.cells[1].text for r in d.tables[0].rows if r.cells[0].text == "Date"]
        assert cover == ["3 February 2031"]
        assert d.core_properties.created.date().isoformat() == "2031-02-03"


def _blank_below(path: Path) -> list[float]:
    """Each page's share of its text area left empty below its last line of text (from where
    pypdf finds each piece of text; the running head and the page number are left out)."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(path).pages:
        height = float(page.mediabox.height)
        top, bottom = height - 62, 57  # A4 with the paper's 22 mm and 20 mm margins, in points
        ys: list[float] = []

        def seen(text, cm, tm, font, size, ys=ys):
            if text.strip():
                ys.append(tm[5] * cm[3] + tm[4] * cm[1] + cm[5])

        page.extract_text(visitor_text=seen)
        body = [y for y in ys if bottom + 3 < y < top]
        out.append((min(body, default=top) - bottom) / (top - bottom))
    return out


def test_no_page_is_left_mostly_blank_by_a_table_that_could_follow(sandwell_paper):
    """Tables flow on after the text and break between rows: a page more than half empty is
    the contents, the end of the main text before the annexes (a deliberate break), or the
    last. Six pages were, when each annex and each figure's table had to start a page whole."""
    from pypdf import PdfReader

    path = sandwell_paper.with_suffix(".pdf")
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]
    blank = _blank_below(path)
    deliberate = ("1. Summary and recommendation", "Annex A. ")
    for k, share in enumerate(blank[:-1]):
        if share > 0.5:
            after = pages[k + 1][:200]
            assert any(h in after for h in deliberate), (k + 1, share, after)
    assert sum(share > 0.5 for share in blank[:-1]) <= 2, blank


def test_the_style_sheet_lets_tables_break_and_starts_no_annex_on_a_page_of_its_own():
    css = (Path(render.__file__).parent / "templates" / "style.css").read_text()
    assert "h2.annex { break-before: page" not in css
    assert "figure table" not in css  # a figure's table may break between its rows
    assert "thead { display: table-header-group; }" in css  # its header row repeated
    assert "h2, h3, h4, caption, figcaption" in css and "break-after: avoid" in css


def test_the_submission_is_exactly_two_pages(tmp_path):
    from click.testing import CliRunner
    from pypdf import PdfReader

    from delivery_options.cli import cli

    out = tmp_path / "submission"
    args = ["report", "-p", str(ROOT), "-w", "commissioner", "--kind", "submission"]
    res = CliRunner().invoke(cli, [*args, "-f", "pdf", "-n", "3000", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert len(PdfReader(out.with_suffix(".pdf")).pages) == 2
