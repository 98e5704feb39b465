"""The options paper and the submission as their readers get them: two pages, no jargon before
the annexes, readings that agree with their tables, an honest checklist, Word that opens, a
tagged PDF, Markdown that renders the same in Python-Markdown, and progress only on a terminal."""

from __future__ import annotations

import io
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options.appraisal import load
from delivery_options.methods.check import STRUCTURE_CODES
from delivery_options.paper import render
from delivery_options.paper.document import Figure, Grid

JARGON = re.compile(
    r"\bL1\b|L∞|L-infinity|hit-and-run|Kendall|\bSMAA|Dirichlet|\bsolver|\bseed\b|"
    r"\btau\b|linear program|simplex|minimax|HiGHS|\bCBC\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def sandwell(tmp_path_factory):
    from click.testing import CliRunner

    from delivery_options.cli import cli

    out = tmp_path_factory.mktemp("paper")
    runner = CliRunner()
    for kind, fmts in (("paper", "html,pdf,md,docx"), ("submission", "html,pdf,md,docx")):
        res = runner.invoke(
            cli,
            ["report", "-p", str(ROOT), "-w", "commissioner", "--kind", kind]
            + ["-o", str(out / kind), "-f", fmts, "-n", "3000"],
        )
        assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def ctx():
    return render.build_context(load(ROOT), render.Settings("commissioner", samples=3000))


def _pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def test_submission_fits_two_pages_and_says_what_a_minister_needs(sandwell):
    pages = _pdf_pages(sandwell / "submission.pdf")
    assert len(pages) <= 2
    text = " ".join(pages)
    for needed in (
        "Decision sought",
        "Deadline",
        "Recommendation",
        "option 2 (Executive commissioner with an improvement team)",  # the short list, named
        "option 5 (Independent trust with full council involvement)",
        "Risks",
        "What the parties think",
        "only option 2 and 5",  # what she concluded, quoted, beside the analysis's advice
    ):
        assert needed in text, needed
    assert not JARGON.search(text), JARGON.search(text)


def test_no_jargon_before_the_annexes(sandwell):
    md = (sandwell / "paper.md").read_text()
    body, annexes = md.split("## Annex A. Method", 1)
    assert not JARGON.search(body), JARGON.search(body)
    assert "SMAA" in annexes and "Kendall" in annexes  # the method is named where it belongs
    html = (sandwell / "paper.html").read_text()
    before = html.split('id="annex-a-method"', 1)[0]
    visible = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", before, flags=re.S))
    assert not JARGON.search(visible), JARGON.search(visible)


def test_never_puts_words_in_anyones_mouth(sandwell):
    for name in ("paper.md", "submission.md"):
        text = " ".join((sandwell / name).read_text().split())
        assert "inferred from the Commissioner for Children's Services' record" in text
        for wrong in (
            "Commissioner for Children's Services's weights",
            "preferred by",
            "stated limits",
        ):
            assert wrong not in text
        assert "is preferred under the weights" not in text


def _num(cell: str) -> float:
    return float(cell.replace("%", "").replace(",", ""))


def test_every_chart_reading_agrees_with_its_table(ctx):
    figs = {f.number: f for f in ctx["doc"].figures()}
    # 1: the top total and its largest part; parts add up to the total shown, or the note under
    # the table says what they add up to (equal parts shown equal)
    t = figs[1].table
    totals = [_num(x) for x in t.rows[-1][1:]]
    for j in range(1, len(t.header)):
        added = round(sum(_num(r[j]) for r in t.rows[:-1]), 1)
        if added != totals[j - 1]:
            assert f"add up to {added:.1f} for {t.header[j]}" in t.notes[0]
        else:
            assert f"for {t.header[j]}" not in t.notes[0]
    best = max(range(len(totals)), key=lambda j: totals[j])
    assert figs[1].reading.startswith(f"{t.header[best + 1]} scores {totals[best]:.1f} out of 100")
    assert "comes first" not in figs[1].reading  # how far a lead holds is said elsewhere
    part = max(t.rows[:-1], key=lambda r: _num(r[best + 1]))
    assert f"its largest part is {part[0]} ({_num(part[best + 1]):.1f})" in figs[1].reading
    # 2: the criterion whose weight switches the leader soonest, read from the table
    t = figs[2].table
    gaps = {}
    for row in t.rows:
        if row[4].startswith(("no change", "none: held")):
            continue
        now = _num(row[1])
        at = _num(re.search(r"(below|above) ([\d.]+)%", row[4]).group(2))
        gaps[row[0]] = round(abs(now - at), 1)
    assert gaps
    nearest = [c for c, g in gaps.items() if g == min(gaps.values())]  # ties at one decimal
    soonest = figs[2].reading.split(":")[0]  # every weight tied for soonest is named
    assert "change the leader soonest" in soonest or "changes the leader soonest" in soonest
    assert all(c in soonest for c in nearest)
    # never a weight that can move across its whole range (deliverability, once misread)
    steady = [row[0] for row in t.rows if row[4].startswith("no change")]
    assert not any(f"the weight on {c} changes" in figs[2].reading for c in steady)
    # 3: who is first most often
    t = figs[3].table
    first = max(t.rows, key=lambda r: _num(r[1]))
    assert figs[3].reading.startswith(f"{first[0]} comes first in {first[1]}")


def test_figure_1_shows_equal_parts_equal(ctx):
    fig = next(f for f in ctx["doc"].figures() if f.number == 1)
    t = fig.table
    option = {ctx["short"](r.option): r.option for r in ctx["ranking"].rows}
    crit = {cr.name: cr.id for cr in ctx["criteria"]}
    shown: dict[float, set[str]] = {}
    for row in t.rows[:-1]:
        if row[0] not in crit:  # the other criteria, together
            continue
        for head, cell in zip(t.header[1:], row[1:], strict=True):
            exact = ctx["ranking"].row(option[head]).contributions[crit[row[0]]]
            shown.setdefault(round(exact, 9), set()).add(cell)
    assert all(len(cells) == 1 for cells in shown.values()), shown
    # Sandwell: governance is 55 x 8.37% = 4.60 for each option, and option 2's workforce part is
    # 55 x 8.37% too, all shown as 4.6; deliverability is 65 x 8.37% = 5.44 for both. So option
    # 2's parts as shown add up to 61.3 against its overall 61.4, and the note says so
    gov = next(r for r in t.rows if r[0] == "Clear governance and accountability")
    assert gov[1:] == ("4.6", "4.6")
    work = next(r for r in t.rows if r[0] == "Workforce stability and staff relations")
    assert work[2] == "4.6"
    assert t.rows[-1][1:] == ("62.1", "61.4")
    assert t.notes[0].endswith(
        "equal parts are always shown equal: the parts shown add up to 61.3 for Option 2."
    )
    # the chart labels each bar with the overall score, not with the sum of its parts
    assert ">61.4<" in fig.svg and ">61.3<" not in fig.svg


def test_figure_1_never_gathers_the_largest_reason_the_text_gives(ctx):
    # Sandwell: at the commissioner's representative weights option 5 leads option 2 most on
    # fresh start (+12.6 points), which the table must name, never gather
    n = ctx["narrative"]
    why = ctx["ws"].criterion(n.head_to_head.largest_reason()).name
    assert why == "Fresh start and lasting leadership"
    named = n.reasons[0].split("Its lead comes from ", 1)[1]
    assert named.startswith(f"{why.lower()} (")  # named first
    t = next(f for f in ctx["doc"].figures() if f.number == 1).table
    assert why in [r[0] for r in t.rows]
    # with seven criteria none is gathered: each has its row
    assert [r[0] for r in t.rows[:-1]] == [cr.name for cr in ctx["criteria"]]


@pytest.mark.parametrize(
    ("sought", "by", "maker"),
    [
        (s, b, m)
        for s in ("Agree an option.", "")
        for b in ("30 June 2016", "")
        for m in ("The Minister", "")
    ],
)
def test_the_decision_box_leaves_out_what_is_not_recorded(tmp_path, sought, by, maker):
    fields = {"sought": sought, "by": by, "maker": maker}
    decision = "".join(f'{k} = "{v}"\n' for k, v in fields.items() if v)
    criteria = (
        '[appraisal]\ntitle = "Tiny appraisal"\n'
        + (f"[appraisal.decision]\n{decision}" if decision else "")
        + '[criteria.quality]\nname = "Quality"\n[criteria.cost]\nname = "Cost"\n'
        'direction = "cost"\nscale = [0, 200]\n[criteria.speed]\nname = "Speed"\nscale = [0, 10]\n'
    )
    ws = write_workspace(tmp_path / "d", criteria, TINY_OPTIONS, TINY_WEIGHTS)
    app = load(ws)
    c = render.build_context(app, render.Settings("even", samples=200))
    box = [b for b in c["doc"].blocks if getattr(b, "title", "") == "The decision"]
    want = tuple(
        (label, v)
        for label, v in (("Decision sought", sought), ("By when", by), ("Who decides", maker))
        if v
    )
    assert [b.rows for b in box] == ([want] if want else [])
    paras = {b.lead: b.text for b in c["doc"].blocks if getattr(b, "lead", "")}
    who = {k: v for k, v in paras.items() if k.startswith(("Who decides", "By when"))}
    assert who == (
        {"Who decides, and by when.": "The Minister, by 30 June 2016."}
        if by and maker
        else {"Who decides.": "The Minister."}
        if maker
        else {"By when.": "30 June 2016."}
        if by
        else {}
    )
    said = paras["The decision sought."]  # not recorded is said so, never left out
    assert said == sought if sought else said.startswith("Not recorded.")
    md = render.render_markdown(c)
    front, rest = md.split("## 2. The decision and who takes it", 1)
    section_2 = rest.split("## 3.", 1)[0]
    assert ("**The decision**" in front) == bool(want)
    if want:
        assert "not stated" not in front.split("**The decision**", 1)[1]
    assert "not stated" not in section_2
    sub = render.build_context(app, render.Settings("even", samples=200, kind="submission"))
    rows = dict(next(b for b in sub["doc"].blocks if getattr(b, "title", "") == "Summary").rows)
    # the submission's form keeps its deadline, saying what its absence means
    assert rows["Deadline"] == (
        "Decision needed by 30 June 2016."
        if by
        else "Not stated: the private office should set a date."
    )
    # and what is sought, or that it is not recorded (never the question again)
    assert (
        rows["Decision sought"] == sought
        if sought
        else rows["Decision sought"].startswith("Not recorded.")
    )


def _section_items(doc, number: str) -> list[str]:
    """Every list item of a numbered section of the paper, in order."""
    from delivery_options.paper.document import Heading, Items

    items, inside = [], False
    for b in doc.blocks:
        if isinstance(b, Heading) and b.level == 1:
            inside = b.text.startswith(f"{number}. ")
        elif inside and isinstance(b, Items):
            items += b.items
    return items


def _repeats(items: list[str], names: list[str]) -> list[tuple[str, str]]:
    """Pairs of items said twice, or alike but for the criterion they name."""
    names = sorted({n.lower() for n in names}, key=len, reverse=True)

    def form(text: str) -> str:
        for n in names:
            text = text.replace(n, "<criterion>")
        return text

    return [(a, b) for a, b in itertools.combinations(items, 2) if a == b or form(a) == form(b)]


def test_what_would_change_the_answer_says_each_switch_once(ctx):
    # Sandwell: 14 scores of the top two could change the top option; option 2's workforce and
    # governance (55 to 64) move alike, so 13 statements
    names = [cr.name for cr in ctx["criteria"]]
    n = ctx["narrative"]
    assert n.status == "too close to call"
    section_8 = _section_items(ctx["doc"], "8")
    assert section_8[:-1] == list(n.way_forward)  # section 8 refers to section 7's list
    assert section_8[-1].startswith("Put this question to the decision-maker. How much more")
    section_7 = _section_items(ctx["doc"], "7")
    assert all(section_7.count(e[:1].upper() + e[1:]) == 1 for e in n.evidence)
    assert len(n.evidence) == 13 and not _repeats(section_8, names)
    assert not _repeats(_section_items(ctx["doc"], "7"), names)
    assert (
        "The scores of option 2 (Executive commissioner with an improvement team) on workforce "
        "stability and staff relations and on clear governance and accountability are 55 each. "
        "If either rose above 64.3, inside its plausible range, it would come first. The evidence "
        "for those scores needs checking." in n.evidence
    )
    # every score that could change the top option is still named, once
    within = [
        s
        for s in ctx["sensitivity"].scores
        if s.within_range and s.switch_at is not None and s.option in (n.leader, n.runner_up)
    ]
    assert len(within) == 14
    for s in within:
        who, name = ctx["label"](s.option), ctx["ws"].criterion(s.criterion).name.lower()
        said = [
            e
            for e in n.evidence
            if e.startswith((f"If the score of {who} on ", f"The scores of {who} on "))
        ]
        assert sum(f" {name} " in e.split(". ")[0] + " " for e in said) == 1, (who, name)


def test_what_would_change_the_answer_merges_alike_and_says_the_same_sentence_once(tmp_path):
    # two criteria share a name ("Reach"): their statements would be word for word the same;
    # quality and speed move alike for each option
    criteria = '[appraisal]\ntitle = "Alike"\n' + "".join(
        f'[criteria.{k}]\nname = "{v}"\n'
        for k, v in (
            ("quality", "Quality"),
            ("speed", "Speed"),
            ("reach", "Reach"),
            ("reach2", "Reach"),
        )
    )

    def option(name: str, number: int, qs: str, r: str) -> str:
        return (
            f'name = "{name}"\nnumber = {number}\n[scores]\n'
            + "".join(f"{k} = {qs}\n" for k in ("quality", "speed"))
            + "".join(f"{k} = {r}\n" for k in ("reach", "reach2"))
        )

    ws = write_workspace(
        tmp_path / "alike",
        criteria,
        {
            "x": option(
                "X", 1, "{ value = 80, low = 60, high = 90 }", "{ value = 60, low = 40, high = 70 }"
            ),
            "y": option(
                "Y", 2, "{ value = 70, low = 60, high = 90 }", "{ value = 62, low = 50, high = 80 }"
            ),
        },
        {"even": 'name = "Even"\n[weights]\nquality = 1\nspeed = 1\nreach = 1\nreach2 = 1\n'},
    )
    c = render.build_context(load(ws), render.Settings("even", samples=500))
    n = c["narrative"]
    assert n.status == "too close to call"
    assert list(n.evidence) == [
        # two options appraised: what would come first instead is named, the other one
        "The scores of option 1 (X) on quality and on speed are 80 each. If either fell below 64, "
        "inside its plausible range, option 2 would come first. The evidence for those "
        "scores needs checking.",
        "If the score of option 1 (X) on reach fell from 60 to below 44, inside its plausible range, "
        "option 2 would come first. The evidence for that score needs checking.",
        "The scores of option 2 (Y) on quality and on speed are 70 each. If either rose above 86, "
        "inside its plausible range, it would come first. The evidence for those "
        "scores needs checking.",
        "If the score of option 2 (Y) on reach rose from 62 to above 78, inside its plausible range, "
        "it would come first. The evidence for that score needs checking.",
    ]
    for number in ("7", "8"):
        items = _section_items(c["doc"], number)
        assert not _repeats(items, ["Quality", "Speed", "Reach"]), number
    assert len(n.caveats) == len(set(n.caveats))
    # level at the top: every score is exactly where the top option changes; alike, said once
    ws = write_workspace(
        tmp_path / "level",
        '[appraisal]\ntitle = "Level"\n[criteria.a]\nname = "A"\n[criteria.b]\nname = "B"\n'
        '[criteria.c]\nname = "C"\n',
        {
            "x": 'name = "X"\nnumber = 1\n[scores]\na = 50\nb = 50\nc = 70\n',
            "y": 'name = "Y"\nnumber = 2\n[scores]\na = 60\nb = 60\nc = 50\n',
        },
        {"even": 'name = "Even"\n[weights]\na = 1\nb = 1\nc = 1\n'},
    )
    n = render.build_context(load(ws), render.Settings("even", samples=300))["narrative"]
    assert len(n.tied) == 2
    assert sorted(n.evidence) == [
        "The score of option 1 (X) on c (70) is exactly where the top option changes. Any change "
        "to it separates the leaders, so the evidence for it matters most.",
        "The score of option 2 (Y) on c (50) is exactly where the top option changes. Any change "
        "to it separates the leaders, so the evidence for it matters most.",
        "The scores of option 1 (X) on a and on b (50 each) are exactly where the top option "
        "changes. Any change to one of them separates the leaders, so the evidence for them "
        "matters most.",
        "The scores of option 2 (Y) on a and on b (60 each) are exactly where the top option "
        "changes. Any change to one of them separates the leaders, so the evidence for them "
        "matters most.",
    ]


def test_certainty_label_is_the_weakest_test_shown(ctx):
    n = ctx["narrative"]
    order = {"too close to call": 0, "close": 1, "clear": 2}
    assert n.status == min((t.verdict for t in n.verdicts), key=order.__getitem__)
    summary = next(
        b for b in ctx["doc"].blocks if getattr(b, "lead", "") == "Overall, how certain:"
    )
    assert summary.text.startswith(n.status)


def test_checklist_marks_a_step_met_only_when_the_workspace_shows_it(ctx, tmp_path):
    steps = {s.split(".")[0]: (status, where) for s, status, where in ctx["dclg"]}
    # five Sandwell parties' weights rest on swing ratings read from the record, two do not
    assert steps["5"][0] == "partly met"
    assert steps["5"][1].startswith(
        "Swing ratings underlie the weights of Children and families, the Commissioner for "
        "Children's Services, the Department for Education (the Secretary of State decides)"
    )
    assert "modelled from the record" in steps["5"][1]
    # step 3 is met only when every benefit and risk is mapped and every structure check passes;
    # otherwise it names what failed
    flagged = {f.code for f in ctx["findings"]} & {*STRUCTURE_CODES, "unmapped", "moved-anchors"}
    assert steps["3"][0] == ("partly met" if flagged else "met")
    assert ("all pass" in steps["3"][1]) == (not flagged)
    for code in flagged & set(STRUCTURE_CODES):
        assert STRUCTURE_CODES[code] in steps["3"][1]
    assert steps["2"][0] == "partly met"  # business as usual is screened out, not appraised
    # a workspace with every score evidenced meets step 4; one without does not
    ws = write_workspace(
        tmp_path / "ev",
        criteria='[appraisal]\ntitle = "E"\n[criteria.a]\nname = "A"\n[criteria.b]\nname = "B"\n',
        options={
            "x": 'name = "X"\nstatus_quo = true\n[scores]\na = { value = 60, rationale = "r", evidence = ["e"] }\nb = { value = 40, rationale = "r", evidence = ["e"] }\n',
            "y": 'name = "Y"\n[scores]\na = { value = 40, rationale = "r", evidence = ["e"] }\nb = 50\n',
        },
        weights={"w": 'name = "W"\nrationale = "why"\n[weights]\na = 1\nb = 1\n'},
    )
    c = render.build_context(load(ws), render.Settings("w", samples=300))
    steps = {s.split(".")[0]: status for s, status, _ in c["dclg"]}
    assert steps["4"] == "partly met" and steps["2"] == "met" and steps["5"] == "not met"


def test_word_file_opens_with_headings_tables_and_charts(sandwell):
    import docx

    d = docx.Document(str(sandwell / "paper.docx"))
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    for h in (
        "1. Summary and recommendation",
        "5. Risks of the short-listed options",
        "Annex G. Audit",
    ):
        assert h in heads
    assert len(d.tables) >= 20
    assert d.tables[3].rows[0].cells[0].text  # a header row
    assert len(d.inline_shapes) == 3
    xml = d.element.xml
    assert 'descr="' in xml and "TOC \\o" in xml
    assert d.core_properties.title.startswith("Sandwell")
    sub = docx.Document(str(sandwell / "submission.docx"))
    assert any(p.text.startswith("Argument") for p in sub.paragraphs)


def test_pdf_keeps_each_chart_on_the_page_of_its_caption(sandwell):
    pages = _pdf_pages(sandwell / "paper.pdf")
    axes = {
        1: "Overall score (out of 100), split by criterion",
        2: "Weight on the criterion (%)",
        3: "Share of trials (%)",
    }
    for n, axis in axes.items():
        (page,) = [p for p in pages if f"Figure {n}. " in p]
        assert axis in page, f"figure {n}: its chart is not on its caption's page"


def test_pdf_is_tagged_with_title_language_and_reading_order(sandwell):
    from pypdf import PdfReader

    r = PdfReader(sandwell / "paper.pdf")
    root = r.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root.get("/Lang", "")).lower().startswith("en")
    assert r.metadata.title.startswith("Sandwell")
    text = " ".join(_pdf_pages(sandwell / "paper.pdf")[2:])  # after the cover and contents
    heads = [
        "1. Summary and recommendation",
        "2. The decision and who takes it",
        "3. The long list and the screen",
        "4. The short list appraised",
        "5. Risks of the short-listed options",
        "6. Where the stakeholders stand",
        "7. What would change the answer",
        "8. ",  # the preferred way forward, or what would separate the options
        "Annex A. Method",
        "Annex G. Audit",
    ]
    at = [text.find(h) for h in heads]
    assert -1 not in at and at == sorted(at)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count: dict[str, int] = {}
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.svg: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.count[tag] = self.count.get(tag, 0) + 1
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "svg":
            self.svg.append(a)


def test_html_has_a_working_contents_and_accessible_charts(sandwell):
    p = _Tags()
    p.feed((sandwell / "paper.html").read_text())
    assert p.links and all(x in p.ids for x in p.links)
    assert len(p.svg) == 3
    assert all(s.get("role") == "img" and s.get("aria-label") for s in p.svg)
    assert p.count["title"] >= 4  # the page's and each chart's
    assert p.count["th"] > p.count["table"]  # header cells everywhere


def test_the_contents_are_nested_by_section(sandwell, ctx):
    """Each of the five cases with its numbered sections under it, the annexes under one line;
    the summary, before the first case, on its own. HTML nests the lists the same way."""
    tree = ctx["doc"].contents_tree()
    assert [e.text for e in tree] == [
        "1. Summary and recommendation",
        "The strategic case",
        "The economic case",
        "The commercial case",
        "The financial case",
        "The management case",
        "Annexes",
    ]
    assert [[h.text.split(".")[0] for h in e.children] for e in tree] == [
        [],
        ["2"],
        ["3", "4", "5", "6", "7", "8", "9"],
        ["10"],
        ["11"],
        ["12"],
        [f"Annex {x}" for x in "ABCDEFG"],
    ]
    assert tree[-1].heading is None and all(e.heading for e in tree[:-1])
    nav = (sandwell / "paper.html").read_text().split('<nav class="contents"')[1]
    nav = nav.split("</nav>")[0]
    assert nav.count("<ol>") == 1 + 6  # the list, and one within each case and the annexes
    assert '<li><span>Annexes</span><ol>\n<li><a href="#annex-a-method">' in nav


def test_markdown_renders_the_same_in_python_markdown(sandwell):
    import markdown

    md = (sandwell / "paper.md").read_text()
    html = markdown.markdown(md, extensions=["tables"])
    assert (
        "<p>- " not in html and "\n- " not in re.sub(r"<[^>]+>", "", html).split("Contents")[0][:0]
    )
    grids = sum(1 for line in md.splitlines() if re.match(r"^\|( ---:?)", line))
    assert html.count("<table>") == grids
    lists = len(re.findall(r"(?:^|\n\n)(?:- |1\. )", md))
    lists += len(re.findall(r"\n- [^\n]*\n    - ", md))  # a list nested in the contents
    assert html.count("<ul>") + html.count("<ol>") == lists
    for line_no, line in enumerate(md.splitlines()):
        if line.startswith(("- ", "| ")) and line_no:
            prev = md.splitlines()[line_no - 1]
            nested = line.startswith("- ") and prev.startswith("    - ")  # the contents, nested
            assert prev == "" or prev.startswith(line[:2]) or nested, (line_no, prev, line)
    # the contents nest each part's sections under it, as Python-Markdown reads them
    contents = html.split("<strong>Contents</strong>", 1)[1].split("</ul>\n</li>", 1)[0]
    assert "<li>The strategic case<ul>\n<li>2. The decision" in contents


def test_progress_only_on_a_terminal():
    assert render.progress_printer(io.StringIO()) is None

    class Tty(io.StringIO):
        def isatty(self):
            return True

    out = Tty()
    say = render.progress_printer(out)
    say("drawing the charts")
    assert "drawing the charts" in out.getvalue()


TIE = {
    "x": 'name = "X"\nnumber = 1\n[scores]\nquality = { value = 80, low = 70, high = 90 }\ncost = 100\nspeed = 5\n',
    "y": 'name = "Y"\nnumber = 2\n[scores]\nquality = { value = 80, low = 70, high = 90 }\ncost = 100\nspeed = 5\n',
    "z": 'name = "Z"\nnumber = 3\n[scores]\nquality = 20\ncost = 150\nspeed = 1\n',
}


def test_a_tie_is_called_a_tie_everywhere(tmp_path):
    ws = write_workspace(tmp_path / "tie", options=TIE, weights=TINY_WEIGHTS)
    for kind in ("paper", "submission"):
        c = render.build_context(load(ws), render.Settings("even", samples=500, kind=kind))
        n = c["narrative"]
        assert n.status == "too close to call" and n.tied == ("x", "y")
        md = render.render_markdown(c)
        flat = " ".join(md.split())
        assert "already first" not in flat
        assert not re.search(r"\b(\d+(?:\.\d+)?) rather than \1\b", flat)
        assert not re.search(r"from (\S+) to \1\b", flat)
        assert "cannot separate" in flat
    assert "8. What would separate option 1 and option 2" in md or kind == "submission"


def test_chart_labels_are_text_not_tex(tmp_path):
    crit = (
        '[appraisal]\ntitle = "T"\n[criteria.a]\nname = "Cost in $5m and $6m"\n'
        '[criteria.b]\nname = "\\\\foo \\\\frac{1}{2}"\n'
    )
    ws = write_workspace(
        tmp_path / "tex",
        criteria=crit,
        options={
            "x": 'name = "X $1"\n[scores]\na = 60\nb = 40\n',
            "y": 'name = "Y"\n[scores]\na = 40\nb = 50\n',
        },
        weights={"w": 'name = "W"\n[weights]\na = 1\nb = 1\n'},
    )
    c = render.build_context(load(ws), render.Settings("w", samples=300))
    svg = c["figures"]["contributions"].svg
    assert "Cost in $5m and $6m" in svg and "\\foo" in svg


def test_grids_fit_the_page(ctx):
    for g in ctx["doc"].grids():
        assert isinstance(g, Grid)
        assert len(g.header) <= 6, g.caption
    assert ctx["doc"].cuts == []  # a small appraisal's paper shows everything
    assert all(isinstance(f, Figure) and f.alt for f in ctx["doc"].figures())


def test_a_weight_change_is_said_without_signs():
    """'move 4.5 points of weight from a (3.0 points) and b (1.5 points) to c', worked by hand:
    0.40 -> 0.37 and 0.30 -> 0.285 give 3.0 and 1.5 points to c (0.30 -> 0.345); one criterion
    on a side is only named."""
    from types import SimpleNamespace

    ws = SimpleNamespace(criteria=[SimpleNamespace(name=x) for x in "ABC"])
    said = render.weight_change_words(
        ws, np.array([0.40, 0.30, 0.30]), np.array([0.37, 0.285, 0.345])
    )
    assert said == "move 4.5 points of weight from a (3.0 points) and b (1.5 points) to c"
    said = render.weight_change_words(ws, np.array([0.5, 0.5, 0]), np.array([0.492, 0.508, 0]))
    assert said == "move 0.8 points of weight from a to b"


def test_the_first_choice_settled_over_the_long_list_is_the_cores():
    """The paper reads only the first choice of each record over the whole long list: the same
    as Appraisal.settled gives, without its shares. Sandwell: only the council's record settles
    one, option 1, the 'Council's preferred option' of s17."""
    app = load(ROOT)
    every = type(app)(app.long_list, app.defaults, all_options=True)
    found = {s.id: every.settled_first(s) for s in app.stakeholders()}
    assert found == {s.id: every.settled(s).first for s in app.stakeholders()}
    assert {k: v for k, v in found.items() if v} == {"council": ("retain-commissioner",)}
