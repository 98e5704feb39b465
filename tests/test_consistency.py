"""One figure, one name: the whole Sandwell options paper, as its Markdown reader gets it, checked
against the results worked out again through the Appraisal API. Every weight range, share, trial
count and count it prints is the result's; two concepts never share a name; a statement the
weights were built from is not shown as a finding."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from delivery_options.appraisal import load
from delivery_options.paper import render
from delivery_options.paper.fmt import number_word, pct, points

NB = "\u00a0"


@pytest.fixture(scope="module")
def paper():
    app = load(ROOT)
    ctx = render.build_context(app, render.Settings("commissioner"))
    md = " ".join(render.render_markdown(ctx).replace("\\", "").split(" "))
    return app, md.replace(NB, " ")


def _tables(md: str, caption: str) -> list[list[list[str]]]:
    """Every Markdown table under a bold caption that starts with ``caption``: its rows, each
    a list of cells (the header first)."""
    out = []
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"**{caption}"):
            rows, j = [], i + 2
            while j < len(lines) and lines[j].startswith("|"):
                if not set(lines[j]) <= set("|-: "):
                    rows.append([x.strip() for x in lines[j].strip("|").split("|")])
                j += 1
            out.append(rows)
    assert out, caption
    return out


def _main(md: str) -> str:
    return md.split("## Annex A. Method", 1)[0]


def test_each_weight_and_its_widest_range_is_the_results(paper):
    app, md = paper
    names = {s.name.split(" (", 1)[0]: s for s in app.stakeholders()}
    crit = {c.name: c.id for c in app.workspace.criteria}
    seen = 0
    for rows in _tables(md, "Weights (% of the total), as modelled, with the widest range"):
        header, *body = rows
        for row in body:
            for name, cell in zip(header[1:], row[1:], strict=True):
                s = names[name]
                lo, hi = app.weight_ranges(s)[crit[row[0]]]
                w = app.weights(s)[list(app.workspace.criterion_ids).index(crit[row[0]])]
                assert cell == f"{100 * w:.1f}% ({100 * lo:.0f} to {100 * hi:.0f}%)", (name, row)
                seen += 1
    assert seen == 7 * 7


def test_a_weight_moved_alone_has_its_own_name_and_the_results_range(paper):
    app, md = paper
    sa = app.sensitivity(app.stakeholder("commissioner")).analysis
    feasible = {
        app.workspace.criterion(s.criterion).name: s.feasible for s in sa.stability
    }  # the path of one weight moved alone, the others rescaled in proportion (Mareschal 1988)
    for caption in ("The numbers behind figure 2", "Weight stability intervals"):
        (rows,) = _tables(md, caption)
        at = rows[0].index("Acceptable, moved alone")
        for row in rows[1:]:
            lo, hi = feasible[row[0]]
            assert row[at] == f"{100 * lo:.1f}%–{100 * hi:.1f}%", row
    # the widest range (section 6) and the range moved alone (Figure 2, Annex C) differ, so no
    # table calls either simply "acceptable"
    assert "| Range acceptable |" not in md and "| Acceptable |" not in md
    assert "within the acceptable range" not in md
    capacity = feasible["Capacity to drive improvement"]
    widest = app.weight_ranges(app.stakeholder("commissioner"))["capacity"]
    assert round(100 * capacity[0]) != round(100 * widest[0])  # two concepts, two numbers


def test_every_trial_count_is_a_results_and_a_difference_is_explained(paper):
    app, md = paper
    st = app.stakeholder("commissioner")
    smaa = app.smaa(st, seed=0).result
    lead = app.lead(st, seed=0)
    counts = {int(x.replace(",", "")) for x in re.findall(r"([\d,]+) (?:trials|draws)", md)}
    assert counts == {smaa.samples, lead.samples}
    assert smaa.samples != lead.samples
    assert (
        f"The trials differ in number by design: varying the scores alone uses a fixed "
        f"{lead.samples:,}; varying weights and scores together uses {smaa.samples:,} trials"
    ) in md
    first = smaa.acceptability[smaa.options.index("trust-with-council"), 0]
    assert f"comes first in {pct(first)} of {smaa.samples:,} trials" in md
    behind = 1 - lead.p_ahead
    assert f"stays ahead in {pct(1 - behind)} of {lead.samples:,} trials." in md


def test_each_partys_shares_are_the_results(paper):
    app, md = paper
    cmp = app.compare(app.stakeholders())
    (rows,) = _tables(md, "First choice: what each party's record settles")
    short = {o.id: f"Option {o.number}" for o in app.workspace.options}
    by_name = {s.name: s.id for s in app.stakeholders()}
    for row in rows[1:]:
        settled = next(x for x in cmp.settled if x.stakeholder == by_name[row[0]])
        if settled.settled:  # said as settled, or as an input where its statements say it
            assert f"{short[settled.first[0]]} first" in row[1], row
            assert (
                "its record settles it" in row[1] or "as this appraisal reads its record" in row[1]
            ), row
            continue
        said = " or ".join(f"{short[o]} ({pct(p)})" for o, p in settled.shares)
        assert said in row[1], row


def test_counts_are_the_workspaces(paper):
    app, md = paper
    long = app.long_list
    screen = app.screen().screen
    # a count that begins a sentence is in words (GOV.UK style): 'Seven', 'Two'
    assert f"{number_word(len(long.options)).capitalize()} options were considered" in md
    assert f"tested against {len(long.requirements)} must-meet requirements" in md
    assert f"{number_word(len(screen.short_list)).capitalize()} pass every requirement" in md
    assert f"from the point of view of {len(app.stakeholders())} parties" in md


def test_possibly_best_and_first_under_a_blend_are_two_sets_with_two_names(paper):
    app, md = paper
    st = app.stakeholder("commissioner")
    robust = app.sensitivity(st).analysis.robust
    annex_c = md.split("## Annex C.", 1)[1].split("## Annex D.", 1)[0]
    annex_e = md.split("## Annex E.", 1)[1].split("## Annex F.", 1)[0]
    (rows,) = _tables(
        annex_c, "Robust choice over every weighting this stakeholder would accept (1"
    )
    at = rows[0].index("Possibly best")
    names = {o.name: o.id for o in app.workspace.options}
    yes = {names[r[1]] for r in rows[1:] if r[at] == "yes"}
    assert yes == set(robust.possibly_best)
    con = app.compare(app.stakeholders()).consensus
    (blend,) = _tables(annex_e, "Consensus across the stakeholders")
    answers = dict((q, a) for q, a in blend[1:])
    could = answers["Which options could come first under some blend of the stakeholders' weights?"]
    assert could == ", ".join(app.workspace.option(o).name for o in con.hull_possibly_best)
    cannot = [o for o in app.workspace.option_ids if o not in con.hull_possibly_best]
    assert answers["Which cannot come first under any blend?"] == (
        ", ".join(app.workspace.option(o).name for o in cannot) or "none"
    )
    # each name belongs to its own concept
    assert "Possibly best" not in annex_e and "blend" not in annex_c


def test_what_the_record_states_is_shown_as_an_input_not_a_finding(paper):
    _, md = paper
    why = md.split("### Why", 1)[1].split("###", 1)[0]
    assert "no other option can" not in why
    assert "record states it" in why or "is an input to this analysis, not a finding" in why


def test_tables_name_stakeholders_never_by_file_id(paper):
    app, md = paper
    for s in app.stakeholders():
        assert f"| {s.id} |" not in md, s.id


def test_rank_shares_and_overall_scores_are_the_same_wherever_shown(paper):
    app, md = paper
    st = app.stakeholder("commissioner")
    smaa = app.smaa(st, seed=0).result
    ws = app.workspace
    by_short = {f"Option {o.number}": o.id for o in ws.options}
    by_label = {ws.option_label(o.id): o.id for o in ws.options}
    (rows,) = _tables(md, "The numbers behind figure 3")
    for row in rows[1:]:
        a = smaa.options.index(by_short[row[0]])
        assert row[1:] == [pct(x) for x in smaa.acceptability[a]], row
    # Annex D would repeat that table word for word (office finding N14): it points to it
    annex_d = md.split("## Annex D.", 1)[1].split("## Annex E.", 1)[0]
    assert "**Rank acceptability**" not in md and "|" not in annex_d
    assert "is the table under Figure 3 (section 7), which shows them all" in annex_d
    assert len(by_label) == len(ws.options)
    # each stakeholder's overall score: the ranking in section 4 and Annex E say the same
    (ranked,) = _tables(
        md, "The options ranked under the weights this appraisal inferred from the Commissioner"
    )
    rank = app.rank(st).ranking
    for row in ranked[1:]:
        assert row[2] == f"{rank.row(by_short[row[1]]).score:.1f}", row
    names = {s.name: s for s in app.stakeholders()}
    for rows in _tables(md, "Overall scores (0-100) under each stakeholder's weights"):
        for row in rows[1:]:
            oid = next(o.id for o in ws.options if o.name == row[1])
            for name, cell in zip(rows[0][2:], row[2:], strict=True):
                assert cell == f"{app.rank(names[name]).ranking.row(oid).score:.1f}", (name, row)


def test_the_top_two_are_the_same_distance_apart_everywhere(paper):
    """Figure 1's reading gives the lead from the unrounded scores, as the head to head does
    (Sandwell: 62.1 and 61.4 shown, a lead of 0.776, said 0.8 both times); where the rounded
    totals differ by other than that (0.7), both are said, so no printed sum is wrong; and a
    gap between two printed totals (section 6's 'points behind') is their difference."""
    app, md = paper
    rows = app.rank("commissioner").ranking.rows
    lead = points(rows[0].score - rows[1].score)
    shown = points(round(rows[0].score, 1) - round(rows[1].score, 1))
    assert (lead, shown) == ("0.8", "0.7")
    assert f"{lead} more than Option 2 before rounding (the totals shown differ by {shown})" in md
    assert f"scores {lead} points (out of 100)" in md

    assert f"differ by {shown}." in md
    (first,) = _tables(md, "First choice: what each party's record settles")
    names = {s.name: s for s in app.stakeholders()}
    for row in first[1:]:
        found = re.search(r"ranked \d+, ([\d.]+) points behind", row[3])
        if found:
            r = app.rank(names[row[0]]).ranking
            gap = round(r.rows[0].score, 1) - round(r.row("trust-with-council").score, 1)
            assert found.group(1) == points(gap), row


def test_a_first_choice_a_party_states_is_shown_as_an_input(paper):
    """Sandwell: the council's statements put option 2 before options 4 to 7 (so before 5)
    and option 1 before every other; the unions' put option 2 before option 5. What their
    records 'settle' is then what they state: an input, never a finding or dissent 'instead'."""
    app, md = paper
    (rows,) = _tables(md, "First choice: what each party's record settles")
    said = {r[0]: r[1] for r in rows[1:]}
    for party in ("Sandwell Council leadership", "Trade unions"):
        assert said[party] == "Option 2 first, as this appraisal reads its record"
    assert "reads its record" not in said["Commissioner for Children's Services"]
    assert (
        "settle option 2 (Executive commissioner with an improvement team) first instead" not in md
    )
    assert (
        "This appraisal reads the records of Sandwell Council leadership and the Trade unions as "
        "putting option 2 (Executive commissioner with an improvement team) before option 5: an "
        "input" in md
    )
    assert "comes first under the weights this appraisal inferred from Sandwell Council" not in md
    # what the council's record says, plainly, then that the weights rest on its stated
    # preference: an input (office reading 7, old 25: no 'the two readings cannot both hold')
    assert (
        "Sandwell Council leadership's record: earlier preferred option 1 (s17, option 1); "
        "supported option 3 (s17, option 3); accepted her findings (s18); offered to help "
        "appraise options 2 and 5 (s18). The weights modelled for Sandwell Council leadership "
        "rest on the preference its record states. They put option 1 (Retain the "
        "commissioner to direct and support improvement) before every other option: an input "
        "to this analysis, not a finding." in md
    )
    (first,) = _tables(md, "First choice: what each party's record settles")
    council = next(r for r in first if r[0] == "Sandwell Council leadership")
    assert council[-1] == (
        "Option 1, the preference its record states, which its modelled weights keep"
    )
    assert "as this appraisal reads its record" not in council[-1]
    assert "cannot both hold" not in md


def test_the_contributions_by_objective_add_up_and_match_figure_1(paper):
    """Each objective's part is the sum of its criteria's as shown, and each criterion's part is
    the number Figure 1's table gives (Sandwell once showed workforce stability 3.3 there and
    3.4 in Figure 1, and objectives 0.1 off the sum beneath them)."""
    app, md = paper
    (by_objective,) = _tables(md, "Contributions by objective")
    (fig1,) = _tables(md, "The numbers behind figure 1")
    tree = app.workspace.tree
    names = {app.workspace.node_name(x): x for x in tree.nodes()}
    rows = {r[0].replace("\u00a0", " ").strip(): r[1:] for r in by_objective[1:]}
    for name, cells in rows.items():
        node = names[name]
        if tree.is_objective(node):
            leaves = [app.workspace.node_name(j) for j in tree.leaves(node)]
            for k, cell in enumerate(cells):
                assert float(cell) == round(sum(float(rows[x][k]) for x in leaves), 1), name
    header, checked = fig1[0], 0
    for r in fig1[1:]:  # Figure 1's table: a criterion a row, an option a column
        for k, option in enumerate(header[1:], start=1):
            if r[0] in rows and option in by_objective[0]:
                assert rows[r[0]][by_objective[0].index(option) - 1] == r[k], (r[0], option)
                checked += 1
    assert checked == 2 * 7  # every Sandwell criterion, for both options


def _by_party(md: str, caption: str) -> dict[str, dict[str, float]]:
    """A per-stakeholder table of Annex E, its halves joined: party -> option name -> cell."""
    out: dict[str, dict[str, float]] = {}
    for rows in _tables(md, caption):
        header, *body = rows
        for k, party in enumerate(header[2:], start=2):
            if party != "Worst":
                out.setdefault(party, {}).update({r[1]: float(r[k]) for r in body})
    return out


GAP = re.compile(r"(\d+\.\d) points?\b(?! of weight| \(out of 100\) moved)")


def test_every_printed_gap_is_the_difference_of_the_printed_numbers_it_is_read_against(paper):
    """Office findings 18, 37, N11: a gap the paper prints equals the difference of the rounded
    numbers it is read against, or the text beside it says why. Read over the whole paper,
    every 'N points' that is a gap is matched to the numbers it compares:

    - the head to head: each criterion's part is the difference of Figure 1's printed parts
      (workforce 4.6 - 3.4 = 1.2, council 10.5 - 8.6 = 1.9, not 1.3 and 1.8 worked unrounded),
      and the lead is the sum of those parts (12.6 - 1.2 - 1.9 - 2.5 - 6.2 = 0.8);
    - business as usual: each option's margin is its printed total less the benchmark's;
    - section 6's 'points behind', the decision-maker's 'leads by' and Annex E's regret table
      (Frontline 62.0 - 54.7 = 7.3, not 7.4; the Commissioner 62.1 - 61.4 = 0.7, not 0.8) are
      differences of Annex E's printed overall scores;
    - the gaps Annex F's findings give are said to be worked unrounded, under that table;
    - the ranking's own 'before rounding' note says both numbers."""
    app, md = paper
    left = md
    (fig1,) = _tables(md, "The numbers behind figure 1")
    parts = {r[0].lower(): (float(r[1]), float(r[2])) for r in fig1[1:]}
    for line in md.splitlines():
        if "scores 0.8 points (out of 100) more than" not in line:
            continue
        signed, named = 0.0, 0
        for name, (a, b) in parts.items():
            found = re.search(re.escape(name) + r" \((\d+\.\d) points\)", line)
            if found:
                assert float(found.group(1)) == round(abs(a - b), 1), (name, found.group(1))
                signed += a - b
                named += 1
                left = left.replace(found.group(0), "")
        assert named == 5, line  # the two criteria scored alike add nothing
        lead = f"scores {points(signed)} points (out of 100) more"
        assert lead in line
        left = left.replace(lead, "")
    # business as usual against each printed total
    bau = next(x for x in md.splitlines() if x.startswith("**Against business as usual.**"))
    base = float(re.search(r"it scores (\d+\.\d) out of 100", bau).group(1))
    (ranked,) = _tables(
        md, "The options ranked under the weights this appraisal inferred from the Commissioner"
    )
    totals = {r[1].lower(): float(r[2]) for r in ranked[1:]}
    for opt, gap in re.findall(r"(option \d)(?: scores)? (\d+\.\d) points more", bau):
        assert float(gap) == round(totals[opt] - base, 1), (opt, gap)
    left = left.replace(bau, "")
    # Annex E's overall scores, as printed, against section 1, section 6 and the regret table
    scores = _by_party(md, "Overall scores (0-100) under each stakeholder's weights")
    regret = _by_party(md, "Regret: how far each option falls short of each stakeholder's")
    for party, cells in scores.items():
        best = max(cells.values())
        for option, v in cells.items():
            assert regret[party][option] == round(best - v, 1), (party, option)
    dfe = scores["Department for Education (the Secretary of State decides)"]
    maker = next(x for x in md.splitlines() if x.startswith("**For the decision-maker"))
    said = re.search(r"leads by (\d+\.\d) points", maker).group(1)
    assert float(said) == round(abs(dfe[max(dfe, key=dfe.get)] - min(dfe.values())), 1)
    left = left.replace(maker, "")
    (first,) = _tables(md, "First choice: what each party's record settles")
    for row in first[1:]:
        found = re.search(r"ranked \d+, ([\d.]+) points behind", row[3])
        if found:
            cells = next(v for k, v in scores.items() if row[0].startswith(k.split(" (")[0]))
            trust = cells["Independent trust with full council involvement"]
            assert float(found.group(1)) == round(max(cells.values()) - trust, 1), row
            left = left.replace(found.group(0), "")
    worst = re.search(r"which leaves no stakeholder more than (\d+\.\d) points short", md)
    assert float(worst.group(1)) == max(
        round(max(c.values()) - c["Executive commissioner with an improvement team"], 1)
        for c in scores.values()
    )
    left = left.replace(worst.group(0), "")
    # Annex F: worked unrounded, and said so under its table
    annex_f = md.split("## Annex F.", 1)[1].split("## Annex G.", 1)[0]
    assert "A lead in these findings is worked from the unrounded scores" in annex_f
    left = left.replace(annex_f, "")
    # what is left: no gap but the 'before rounding' note, which gives both numbers
    rest = [
        line[max(0, m.start() - 60) : m.end() + 20]
        for line in left.splitlines()
        if "before rounding" not in line and "\u00b1" not in line
        for m in GAP.finditer(line)
    ]
    assert not rest, rest


def test_two_answers_of_least_regret_have_two_names(paper):
    """Annex C's choice within one party's weightings and Annex E's across the parties name
    different options (office finding 36): they are named apart, never one label twice."""
    _, md = paper
    annex_c = md.split("## Annex C.", 1)[1].split("## Annex D.", 1)[0]
    annex_e = md.split("## Annex E.", 1)[1].split("## Annex F.", 1)[0]
    one = re.search(
        r"Safest choice within this stakeholder's weightings \([^)]*\): ([^.]+)\.", annex_c
    )
    every = re.search(r"Safest choice across the parties \([^)]*\): ([^,]+),", annex_e)
    assert one.group(1) == "Independent trust with full council involvement"
    assert every.group(1) == "Executive commissioner with an improvement team"
    assert "minimax regret" not in annex_c + annex_e


def test_the_two_shares_near_62_percent_are_named_for_what_they_count(paper):
    """A share of the weightings a record allows (section 1: option 5 first under 62% of the
    Commissioner's) and a share of score trials (62% of 20,000) are two measures (office finding
    N11); the first names weightings, the second trials, and the certainty tests say that each
    has its own threshold (N12)."""
    _, md = paper
    summary = md.split("## 1. Summary", 1)[1].split("## The strategic case", 1)[0]
    assert "option 5 comes first under 62% of the weightings its record allows" in summary
    assert "stays ahead in 62% of 20,000 trials" in summary
    assert (
        "Each test has its own thresholds (Annex A), so near-equal shares can carry different "
        "labels. A share of trials is not a share of the weightings a party's record allows"
    ) in summary
    assert "of the weights it allows" not in md


def test_an_objectives_weight_beside_its_rounded_criteria_says_why_they_may_differ(paper):
    """Annex E's objective weights are summed before rounding: the Department's 'Securing and
    sustaining improvement' 50.3% beside 25.1% + 25.1% = 50.2% (office reading 7, A9). Every
    difference is at most 0.1 and the note under the table says why."""
    app, md = paper
    tables = _tables(md, "Each stakeholder's weights by objective")
    objectives = {app.workspace.node_name(x) for x in app.workspace.tree.nodes()} - {
        c.name for c in app.workspace.criteria
    }
    differ = 0
    for rows in tables:
        body = rows[1:]
        for k, r in enumerate(body):
            if r[0] not in objectives:
                continue
            beneath = []
            for x in body[k + 1 :]:
                if x[0] in objectives:
                    break
                beneath.append(x)
            for j in range(1, len(r)):
                total = float(r[j].rstrip("%"))
                parts = sum(float(x[j].rstrip("%")) for x in beneath)
                assert abs(total - parts) <= 0.1 + 1e-9, (r[0], j)
                differ += abs(total - parts) > 1e-9
    assert differ > 0  # Sandwell has such rows, so the note is needed
    start = md.index("**Each stakeholder's weights by objective")
    assert (
        "an objective's is summed before rounding, so it may differ by 0.1 from the sum of the "
        "rounded weights beneath it" in md[start : md.index("\n## ", start)]
    )


def test_annex_cs_largest_change_is_said_to_be_another_move(paper):
    """'Moved 0.8' and 'Largest 0.6' side by side are two different moves (the least total
    change, and the least largest change to one weight); the table says so, as section 7's move
    of 0.8 points changes one weight by 0.8 (office reading 7, A11)."""
    _, md = paper
    rows = _tables(md, "How far each option is from first place")[0]
    assert rows[0][-2:] == ["Moved (points)", "Largest one-weight change, another move (points)"]
    moved, largest = (float(x) for x in rows[2][-2:])
    assert largest < moved  # Sandwell: 0.6 beside 0.8, so the two must be told apart
    assert "by a different move from the one in Moved, spread over several weights" in md


def test_every_scored_option_and_its_long_list_totals_are_shown(paper):
    """Options 3, 4, 6 and 7 are scored and the dominance and correlation checks (Annex F) and
    the long-list leads (section 6) rest on them: Annex B shows their scores, and every long-list
    option's total under each party's weights, each worked here as the sum of weight times the
    0-100 value (DCLG manual, ch. 6), e.g. the unions' option 1 at 69.1 beside option 2's 67.8
    (office readings 6 and 7, old 20, N15, A10)."""
    app, md = paper
    long = app.long_list
    (scores,) = _tables(md, "Scores of the options screened out")
    shown = scores[0][1:]
    assert shown == ["Option 3", "Option 4", "Option 6", "Option 7"]
    for row in scores[1:]:
        cr = next(c for c in long.criteria if row[0].startswith(c.name + " ("))
        for name, cell in zip(shown, row[1:], strict=True):
            o = next(x for x in long.options if f"Option {x.number}" == name)
            s = o.scores[cr.id]
            assert cell == f"{s.value:g} ({s.low:g}\u2013{s.high:g})", (name, cr.id)
    totals = _tables(md, "Every option's overall score (out of 100) under each party's weights")
    checked = 0
    for rows in totals:
        for r in rows[1:]:
            o = next(x for x in long.options if f"Option {x.number}" == r[0])
            for party, cell in zip(rows[0][1:], r[1:], strict=True):
                st = next(s for s in app.stakeholders() if s.name.startswith(party))
                total = sum(
                    st.weights[c.id] * c.to_value(o.scores[c.id].value) for c in long.criteria
                )
                assert cell == f"{total:.1f}", (party, r[0])
                checked += 1
    assert checked == 7 * 7
    step4 = next(line for line in md.splitlines() if line.startswith("| 4. Score the options"))
    assert "not shown here" not in step4 and "35 do (Annex B)" in step4


def test_a_cost_is_marked_lower_is_better_where_its_scores_are_read(paper):
    """Transition cost is a cost: its row in the scores tables says lower is better, as the
    criteria table a page before does (office reading 7, old 32); no benefit says so."""
    app, md = paper
    for caption in ("Scores of the short-listed options", "Scores of the options screened out"):
        for rows in _tables(md, caption):
            for r in rows[1:]:
                cr = next(c for c in app.long_list.criteria if r[0].startswith(c.name + " ("))
                assert r[0].endswith(", lower is better)") == (cr.direction == "cost"), r[0]


def test_annex_cs_score_switching_rows_say_something(paper):
    """No column of dashes (no criterion has a unit) and no row of 'yes: check the evidence':
    every Sandwell switching score lies inside its plausible range, said once in the note
    (office reading 7, old 49); the 14 rows are section 7's 14 thresholds."""
    _, md = paper
    tables = _tables(md, "Score switching values")
    assert len(tables) == 1
    (rows,) = tables
    assert "Unit" not in rows[0] and len(rows) - 1 == 14
    assert "check the evidence" not in md.split("**Score switching values", 1)[1].split("\n**")[0]
    for r in rows[1:]:  # each switching value inside its plausible range, as the note says
        lo, hi = (float(x) for x in r[-1].split("\u2013"))
        assert lo <= float(r[3]) <= hi
    assert "Every score here would put another option first at a value inside its plausible" in md
