"""The paper says no more than the analysis shows: whose weights they are, which method steps the
data show, dissent over the whole long list, certainty, counts, and no tool talk in the main text."""

from __future__ import annotations

import pytest

from conftest import write_workspace
from delivery_options.appraisal import load
from delivery_options.paper import render
from delivery_options.paper.document import Grid, Heading, Items, Para
from paper_helpers import blocks_text, section, text_of

CRITERIA = """
[appraisal]
title = "Small appraisal"
question = "Which way?"

[appraisal.decision]
maker = "The board"

[criteria.c1]
name = "Quality"

[criteria.c2]
name = "Speed"

[requirements.legal]
name = "Lawful"
"""


def _option(number: int, q: int, s: int, legal: bool) -> str:
    return (
        f'name = "Option {"ABCD"[number - 1]}"\nnumber = {number}\n'
        f"[scores]\nc1 = {{ value = {q}, low = {max(q - 5, 0)}, high = {min(q + 5, 100)}, "
        f'rationale = "r", evidence = ["e"] }}\n'
        f"c2 = {{ value = {s}, low = {max(s - 5, 0)}, high = {min(s + 5, 100)}, "
        f'rationale = "r", evidence = ["e"] }}\n'
        f"[requirements]\nlegal = {str(legal).lower()}\n"
    )


# option 1 is best on quality but unlawful, so screened out; 2, 3 and 4 are short-listed
OPTIONS = {
    "a": _option(1, 100, 0, False),
    "b": _option(2, 70, 60, True),
    "c": _option(3, 30, 90, True),
    "d": _option(4, 50, 50, True),
}
STATED = 'name = "Chair"\nbasis = "stated"\n[weights]\nc1 = 1\nc2 = 1\n'
MODELLED = 'name = "Panel"\nbasis = "modelled"\n[weights]\nc1 = 9\nc2 = 1\n'
SWUNG = """name = "Rater"
basis = "stated"

[[statements]]
swing = { c1 = 100, c2 = [40, 60] }
source = "Workshop, 3 May"
"""


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return write_workspace(
        tmp_path_factory.mktemp("honest") / "ws",
        CRITERIA,
        OPTIONS,
        {"chair": STATED, "panel": MODELLED, "rater": SWUNG},
    )


def _context(ws, who: str, kind: str = "paper") -> dict:
    return render.build_context(load(ws), render.Settings(who, samples=300, kind=kind))


@pytest.fixture(scope="module")
def paper(ws):
    return _context(ws, "chair")


@pytest.fixture(scope="module")
def brief(ws):
    return _context(ws, "chair", "submission")


# --- 1. stated weights are attributed as stated ---------------------------------------------


def test_stated_weights_are_said_to_be_stated_and_modelled_ones_modelled(paper, brief):
    doc = text_of(paper["doc"])
    assert "the weights stated for Chair" in paper["narrative"].headline
    assert "none was stated by the party" not in doc
    assert "modelled for Chair" not in doc and "modelled for the Chair" not in doc
    two = section(paper["doc"], "2. ")
    assert "The weights of Panel are modelled for this appraisal from the evidence" in two
    assert "those of Chair stated for this appraisal, by or for the party" in two
    six = section(paper["doc"], "6. ")
    assert "Weights stated for Chair." in six and "Weights modelled for Panel." in six
    assert "What Chair would accept, as stated for them:" in six
    assert "None of the parties below stated weights" not in six
    assert "The weights of Panel are modelled from the evidence" in six
    sub = text_of(brief["doc"])
    assert "modelled for Chair" not in sub
    assert "not stated by the parties" not in sub
    assert "weights modelled for every party" not in sub


# --- 2. swing weights decided from the statements -------------------------------------------


def test_swing_step_is_decided_from_the_statements_and_says_whose(paper):
    step = next(row for row in paper["dclg"] if row[0].startswith("5."))
    assert step[1] == "partly met"  # one party of three rates swings
    assert (
        "Swing ratings underlie the weights of Rater (inferred from what the party said" in step[2]
    )
    assert "those of Chair and Panel rest on other readings" in step[2]
    annex = section(paper["doc"], "Annex A")
    assert "underlie the weights of Rater" in annex
    assert "not elicited as swing weights" not in annex


def test_swing_step_not_met_without_swing_ratings(ws):
    ctx = render.build_context(
        load(ws), render.Settings("chair", compare=("chair", "panel"), samples=300)
    )
    step = next(row for row in ctx["dclg"] if row[0].startswith("5."))
    assert step[1] == "not met" and "No party's weights rest on swing ratings" in step[2]


# --- 3. agreement on the short list is not agreement over the long list; ties name all -----


def test_a_first_choice_screened_out_is_named_where_no_dissent_is_claimed(paper, brief):
    # what each record settles over the long list: Panel's typed weights put option 1 first;
    # Rater's swing (w2/w1 in [0.4, 0.6], so w1 in [0.625, 0.714]) leaves it open: option 1 scores
    # 100 w1 (62.5 to 71.4) and option 2 60 + 10 w1 (66.3 to 67.1), so each is first somewhere.
    # On the short list option 2 is first for Rater at every such w1 (60 + 10 w1 > 90 - 60 w1, 50).
    assert paper["long_favourites"] == {"Chair": ("b",), "Panel": ("a",)}
    said = (
        "Over the whole long list, option 1 (Option A), screened out for failing \u2018Lawful\u2019, "
        "comes first under the weights modelled for Panel."
    )
    one = section(paper["doc"], "1. ")
    assert "comes first on the short list for each of the 3 parties" in one
    assert said in one
    six = section(paper["doc"], "6. ")
    assert "comes first on the short list, so among the short-listed options" in six
    assert said in six and "option 2 (Option B) comes first: the analysis records no" not in six
    assert "Settled first over the whole long list" in six
    # the submission gives the parties' recorded positions, never a model's ranking: these
    # parties record none, and it says so
    sub = section(brief["doc"], "What the parties think")
    assert "No party's position is recorded in this appraisal" in sub
    assert "comes first" not in sub and "settle" not in sub


TIED = """
[appraisal]
title = "Three level"

[criteria.c1]
name = "Quality"

[criteria.c2]
name = "Speed"
"""


def test_a_three_way_tie_names_every_option_level_first(tmp_path):
    opts = {
        k: f'name = "{k.upper()}"\nnumber = {i + 1}\n[scores]\nc1 = {q}\nc2 = {100 - q}\n'
        for i, (k, q) in enumerate((("a", 60), ("b", 40), ("c", 50)))
    }
    root = write_workspace(
        tmp_path / "ws", TIED, opts, {"even": 'name = "Even"\n[weights]\nc1 = 1\nc2 = 1\n'}
    )
    ctx = render.build_context(load(root), render.Settings("even", samples=300))
    n = ctx["narrative"]
    assert len(n.tied) == 3
    assert n.headline.startswith(
        "The analysis cannot separate option 1 (A), option 2 (B) and option 3 (C). "
    )
    assert "All 3 should go forward" in n.headline
    assert n.way_forward[0].startswith("Take all 3 of option 1 (A), option 2 (B) and option 3 (C)")


# --- 4. certainty: one label, the weakest; no single test's verdict read as the verdict ----


def test_no_single_tests_verdict_is_shown_as_the_verdict(paper, brief):
    n = paper["narrative"]
    verdicts = [t.verdict for t in n.verdicts]
    assert "clear" in verdicts and n.status == "close"  # one test alone is clear, the label not
    how = next(
        b for b in brief["doc"].blocks if getattr(b, "lead", "") == "What the appraisal adds."
    )
    assert "The lead is narrow: at least one test brings the runner-up close." in how.text
    assert "weakest" not in how.text and "sets the label" not in how.text
    for word in ("(clear)", "(close)", "(too close to call)", "clear"):
        assert word not in how.text
    assert "Option 2 stays ahead of option 3 in 99% of trials with the scores varied" in how.text
    assert "and comes first in" in how.text
    one = section(paper["doc"], "1. ")
    assert "Verdict: clear" not in one and "On this test alone: clear." in one


def test_each_tests_brief_result_carries_no_verdict_word():
    from test_narrative import _build

    for p, s in ((0.49, 0.85), (0.99, 0.9), (0.9, 0.6)):
        n = _build(p_ahead=p, smaa_first=s)
        for t in n.verdicts:
            assert t.brief and not any(w in t.brief for w in ("clear", "close", "too close"))


# --- 5. counts match what is shown ---------------------------------------------------------


@pytest.fixture(scope="module")
def sandwell():
    from conftest import ROOT

    return render.build_context(load(ROOT), render.Settings("commissioner", samples=300))


def _listed_in_section_7(doc) -> list[str]:
    """The items listed under section 7's 'If the weights changed' and 'If the scores changed'."""
    blocks = doc.blocks
    out = []
    for k, b in enumerate(blocks):
        if isinstance(b, Heading) and b.text in ("If the weights changed", "If the scores changed"):
            out += list(next(x for x in blocks[k:] if isinstance(x, Items)).items)
    return out


def test_the_count_of_more_in_section_7_is_of_the_list_shown_there(sandwell):
    doc = sandwell["doc"]
    listed = _listed_in_section_7(doc)
    i = next(
        k for k, b in enumerate(doc.blocks) if getattr(b, "text", "") == "What would change it"
    )
    shown = list(next(b for b in doc.blocks[i:] if isinstance(b, Items)).items)
    more = [x for x in listed if x not in shown]
    note = next(b for b in doc.blocks[i:] if isinstance(b, Para) and "Section 7 lists" in b.text)
    # what they are, so that the reader's count of what is shown here agrees (office finding
    # 40), each threshold counted, not each sentence: option 2's workforce and governance
    # scores (55 each) share one sentence and are two thresholds (office reading 7, A8)
    weights = sum(1 for x in listed if "weights changed" in x)
    n, sa = sandwell["narrative"], sandwell["sensitivity"]
    thresholds = [
        s
        for s in sa.scores
        if s.within_range and s.option in (n.leader, n.runner_up) and s.switch_at is not None
    ]
    hidden = len(thresholds) - sum(1 for x in shown if "score" in x and "weights" not in x)
    assert note.text == (
        f"Section 7 lists {weights + len(thresholds)} such changes ({weights} change of weights "
        f"and {len(thresholds)} score thresholds); {hidden} of them are not shown here."
    )
    assert (len(listed), weights, len(thresholds), len(shown), hidden) == (14, 1, 14, 4, 11)
    assert len(more) == 10  # sentences; one of them gives two thresholds


def test_scores_with_a_reason_are_counted_for_the_short_list_and_the_screened_out_apart(paper):
    step = next(row for row in paper["dclg"] if row[0].startswith("4."))
    assert step[2].startswith(
        "6 of 6 scores of the 3 short-listed options carry a reason and evidence (Annex B); of "
        "the 1 screened-out option's 2 scores, 2 do"
    )


# --- 6. figure 2: a weight held by a bound is held; ties for soonest are all named ---------


def test_stability_reading_names_every_weight_tied_for_soonest_and_a_held_one():
    from delivery_options.paper.readings import Switch, stability_reading

    names = ["Cost", "Reach", "Control", "Speed"]
    found = [
        Switch(0, "falls", 0.098, 0.012, "option 5", 0.110),
        Switch(1, "rises", 0.354, 0.012, "option 5", 0.342),
    ]
    feasible = [(0.0, 0.26), (0.19, 0.49), (0.0, 0.0), (0.0, 0.999)]
    text = stability_reading(names, found, "option 2", "what X would accept", feasible)
    assert text.startswith(
        "Moved alone, the weights on Cost and on Reach change the leader soonest, each 1.2 "
        "points from where it is now: option 5 comes first if the weight on Cost falls from "
        "11.0% to below 9.8% or if the weight on Reach rises from 34.2% to above 35.4%."
    )
    assert "The weight on Control cannot move: what X would accept, holds it at 0.0%." in text
    assert "The weight on Speed can move across the whole range" in text
    assert "Control can move" not in text and "Control and Speed" not in text


def test_sandwell_figure_2_names_the_weight_that_changes_the_leader_soonest(sandwell):
    # at the commissioner's representative weights fresh start is 25.1%; below 23.9% option 2
    # leads. No Sandwell weight is held at one value any more (the held case: the test above)
    fig = sandwell["figures"]["stability"]
    assert fig.reading.startswith(
        "Moved alone, the weight on Fresh start and lasting leadership changes the leader soonest"
    )
    assert "cannot move" not in fig.reading


# --- 7. section 8: a whole heading, and section 7's list referred to, not repeated --------


def test_section_8_has_a_whole_heading_and_does_not_repeat_section_7(sandwell):
    doc = sandwell["doc"]
    assert sandwell["narrative"].status == "too close to call"
    heads = [b.text for b in doc.blocks if isinstance(b, Heading) and b.text.startswith("8. ")]
    assert heads == ["8. What would separate option 5 and option 2"]
    eight = section(doc, "8. ")
    for item in _listed_in_section_7(doc):
        assert item not in eight
    assert (
        "Section 7 (\u2018If the scores changed\u2019) lists the scores of option 5 and " in eight
    )
    assert "Take both option 5" in eight  # what is new in section 8 stays


# --- 8. no tool talk in the main text; the screened-out table once ------------------------


def _main_text(doc) -> str:
    """Everything before Annex A."""
    blocks = doc.blocks
    end = next(
        k for k, b in enumerate(blocks) if isinstance(b, Heading) and b.text.startswith("Annex A")
    )
    return blocks_text(blocks[:end])


def test_the_main_text_names_no_file_table_command_or_risk_id(sandwell):
    doc = sandwell["doc"]
    main = _main_text(doc)
    assert "criteria.toml" not in main and "[appraisal.outcome]" not in main
    assert "after the report" not in main  # dated April 2016: no word of what came later
    registers = [g for g in doc.grids() if g.header[0] == "Risk"]
    assert registers and all(r[0][:1].isdigit() for g in registers for r in g.rows)
    assert registers[0].rows[0][0] == (
        "2.1 The quality of practice does not improve at a time of financial constraint "
        "[modelled]"  # each modelled rating marked, as the note above the registers says
    )
    assert "practice-quality" not in main and "council-leadership" not in main
    every = text_of(doc)
    assert "`options screen`" not in every and "--all" not in every
    assert "What the workspace shows" not in every
    screened = [g for g in doc.grids() if g.caption.startswith("Screened out")]
    assert len(screened) == 1


def test_a_cut_gives_its_command_in_annex_g_only():
    from delivery_options.paper.document import Document

    doc = Document("paper", "T", "S", "", ())
    shown = doc.cut("Section 5", "The first 12 registers are shown; every register: options risks.")
    assert (
        shown == "The first 12 registers are shown; every register: the command given in Annex G."
    )
    assert doc.cuts == [
        ("Section 5", "The first 12 registers are shown; every register: options risks.")
    ]


# --- 9. the submission's screen and risks; the paper's requirements table and registers ----


@pytest.fixture(scope="module")
def sandwell_brief():
    from conftest import ROOT

    return render.build_context(
        load(ROOT), render.Settings("commissioner", samples=300, kind="submission")
    )


def test_submission_names_each_rejected_option_then_the_requirement_it_fails(sandwell_brief):
    doc = sandwell_brief["doc"]
    # each requirement once, after the options that fail it (the full composition: the two
    # pages may leave this detail out for space, and then say the paper gives each reason)
    from delivery_options.paper.submission import _compose

    full = _compose(sandwell_brief, {})
    options = next(b for b in full.blocks if getattr(b, "lead", "") == "Background: the options.")
    assert (
        "Set aside: option 1 fails \u2018More than the council on its own\u2019; options 1 and 3 "
        "fail \u2018A period out of the council's direct control\u2019; options 4 and 7 fail "
        "\u2018Achieved working closely with the council\u2019; options 4 and 6 fail "
        "\u2018Someone able to take it on\u2019." in options.text
    )
    shown = next(b for b in doc.blocks if getattr(b, "lead", "") == "Background: the options.")
    assert "Set aside: option 1 fails" in shown.text or (
        "the options paper's screen reproduces it and says why the other five were set aside."
        in shown.text
    )


def test_submission_risks_show_what_sets_each_option_apart_rated_before_and_after(
    sandwell_brief,
):
    from delivery_options.paper.submission import _compose

    # in full, the risk that is the largest in both registers is said once, with each option's
    # mitigation; then what sets each apart (office reading 7, A1)
    full = section(_compose(sandwell_brief, {}), "Risks")
    assert full.count("he quality of practice does not improve") == 1  # common: said once
    assert (
        "Mitigation: option 2, the improvement team works on frontline practice (assessments, "
        "management oversight, supervision) (owner: Executive commissioner); option 5, the "
        "contract between council and trust sets the funding for the first years and the "
        "practice standards to reach (owner: Trust board)." in full
    )
    assert (
        "Option 2 also: the council's leadership does not develop the capability to drive the "
        "service forward long term, so improvement is lost when the service returns to it (2.2). "
        "Rated 20 of 25 (high: 4 \u00d7 5), 15 after mitigation (high: 3 \u00d7 5)." in full
    )
    # in the two pages, what is left out is counted and numbered, with where it is
    risks = section(sandwell_brief["doc"], "Risks")
    assert "Not shown " in risks and "(options paper, section 5)." in risks


def test_requirements_source_has_room_and_each_register_is_named_once(sandwell):
    doc = sandwell["doc"]
    reqs = next(g for g in doc.grids() if g.caption == "The must-meet requirements")
    assert reqs.widths[2] / sum(reqs.widths) >= 0.3
    blocks = doc.blocks
    for k, b in enumerate(blocks):
        if isinstance(b, Heading) and b.text.startswith("Risk register: "):
            grid = blocks[k + 1]
            assert isinstance(grid, Grid) and grid.caption == ""
    assert not [g for g in doc.grids() if g.caption.startswith("Risk register")]


# --- 10. what was decided later stays out of a paper dated before it ------------------------


def test_a_paper_dated_before_the_decision_does_not_report_it(sandwell):
    """The Sandwell paper is dated 26 April 2016; the trust was directed in October 2016. A
    paper to the decision-maker cannot report the decision it advises on: the back-test stays
    in the README and ``options compare``."""
    every = text_of(sandwell["doc"])
    assert sandwell["ws"].title and "October 2016" not in every
    assert "decided later" not in every and "after the event" not in every
    assert not [g for g in sandwell["doc"].grids() if "decided later" in g.caption]


def test_a_paper_dated_after_the_decision_labels_it_as_added_after_the_event():
    from conftest import ROOT

    later = render.build_context(
        load(ROOT), render.Settings("commissioner", samples=300, date="2017-01-10")
    )
    annex = section(later["doc"], "Annex E")
    assert "A check added after the event" in annex
    assert (
        "The appraisal rests on the record as of 26 April 2016. What was decided later (October "
        "2016) is not part of it: no result above uses it." in annex
    )
    grid = next(g for g in later["doc"].grids() if "decided later" in g.caption)
    assert grid.caption == (
        "A check added after the event: what was decided later (5. Independent trust with full "
        "council involvement, October 2016)"
    )


def test_trials_stopped_at_their_limit_state_the_precision_reached_not_the_target():
    # batch means may stop hit-and-run at its draw limit before every share is within the
    # target: the paper must give the half-width reached (here 1.78 points), not the +-1 aimed at
    from types import SimpleNamespace

    from delivery_options.paper.compose import trials_differ

    lead = SimpleNamespace(samples=20_000)
    smaa = SimpleNamespace(samples=250_608, stop="limit", half_width=0.01, error_bound=0.0178)
    text = trials_differ({"lead": lead, "smaa": smaa})
    assert "stops at its limit of 250,608 trials, with every share within \u00b11.8 points" in text
    assert "\u00b11 point" not in text
    cap = SimpleNamespace(samples=40_000, stop="cap", half_width=0.01, error_bound=0.009)
    assert "to within \u00b11 point" in trials_differ({"lead": lead, "smaa": cap})


# --- 11. what the records settle, the decision-maker's first -------------------------------


def _lead_para(doc, lead: str) -> str:
    return next(b.text for b in doc.blocks if isinstance(b, Para) and b.lead == lead)


def test_the_summary_gives_the_decision_makers_weights_as_an_input_and_why_the_base_case(
    sandwell,
):
    """criteria.toml names the Department's weights as the decision-maker's view. They are this
    appraisal's reading of the Direction's question (its only statements are swings, none on the
    options), so the paper says so: an input, not the Department's preference (office findings
    N1, 42). Under that reading option 5 comes first under 77% of the weightings; at their centre
    it leads by 62.3 - 60.2 = 2.1 points (Annex E). The base case is said to be the
    Commissioner's because the conclusion before the decision-maker is hers (s18)."""
    doc = sandwell["doc"]
    summary = section(doc, "1. Summary")
    maker = _lead_para(doc, "For the decision-maker, the Secretary of State for Education.")
    assert maker == (
        "The Department for Education's record here is the Secretary of State's Direction, "
        "January 2016 (terms of reference), in the Commissioner's report, s2, which states no "
        "view on the options. The weights this appraisal reads from it are an input to this "
        "analysis, not a preference the Department for Education stated. On that reading, "
        "option 5 comes first under 77% of the weightings the reading allows, option 2 under "
        "23%. At the centre of those weights option 5 leads by 2.1 points; that is a "
        "representative point, not a preference."
    )
    assert "record settles no first choice" not in maker
    assert summary.index(maker) < summary.index("What the other parties")
    others = _lead_para(doc, "What the other parties' records settle.")
    assert "Commissioner for Children's Services settles no first choice: option 5 comes " in others
    assert "Nor do the records of Children and families, the Safeguarding partnership and the " in (
        others
    )
    assert "reads the records of Sandwell Council leadership and the Trade unions as putting " in (
        others
    )
    assert "an input, not a finding" in others
    assert others.endswith(
        "This paper's base case uses the weights this appraisal inferred from the Commissioner "
        "for Children's Services' record. It does so because the conclusion before the "
        "decision-maker is the Commissioner for Children's Services' (her report, section 18). "
        "Section 6 gives every party's."
    )


def test_a_first_choice_a_party_stated_is_never_said_to_be_settled_by_its_record(sandwell):
    """The council's and the unions' statements put option 2 before option 5: Annex E says so
    as an input, as section 6 does, not 'its record settles it'."""
    every = text_of(sandwell["doc"])
    assert "its record settles it" not in every
    annex = section(sandwell["doc"], "Annex E")
    assert (
        "Trade unions: Executive commissioner with an improvement team first, as this appraisal "
        "reads its record: an input, not a finding." in annex
    )


def test_no_range_is_said_in_a_partys_name(sandwell):
    every = text_of(sandwell["doc"])
    assert "would accept, as modelled" not in every
    assert "within the weights modelled from the Commissioner for Children's Services' " in every


def test_what_each_case_still_lacks_agrees_with_the_text_above_it(sandwell):
    """Option 5's funding entry says the report 'does not say who would pay', option 2's exit
    entry 'No criteria for a return are recorded', and option 5's staff entry that 'the terms of
    any transfer are not recorded': each is missing for the options named, and no box names
    one option where both lack it."""
    doc = sandwell["doc"]
    lacks = [
        b.text
        for b in doc.blocks
        if isinstance(b, Para) and b.lead == "What this case still lacks."
    ]
    commercial, financial, management = lacks
    assert "staff transfer (for option 5)" in commercial
    assert "funding: who pays;" in financial and "(for" not in financial
    assert "exit or return criteria;" in management and "(for" not in management


# --- 12. business as usual as the benchmark; a concern counted twice, where the result is --


def test_business_as_usual_is_shown_as_the_benchmark(sandwell):
    """Option 1 fails the screen but is the Green Book's benchmark. By hand, at the weights of
    section 6 (capacity and fresh start 25.1%, transition and council 12.3%, the rest 8.4%) and
    option 1's scores (20, 10, 55, transition 5 so a value of 95, 90, 95, 55):
    5.02 + 2.51 + 4.62 + 11.69 + 11.07 + 7.98 + 4.62 = 47.5; option 5 (62.1) is 14.6 above."""
    four = section(sandwell["doc"], "4. ")
    assert (
        "Under the same weights it scores 47.5 out of 100: option 5 scores 14.6 points more and "
        "option 2 13.9 points more." in four
    )
    assert "may wish to see it appraised" not in text_of(sandwell["doc"])


def test_the_result_says_which_criteria_may_count_one_concern_twice(sandwell):
    """Annex F's structure check, said in section 4 in one sentence with a pointer: the three
    criteria that favour option 2 move together; merged, option 5 leads with no view on the
    weights (the check's figures: 75% as cut, 55% merged)."""
    four = section(sandwell["doc"], "4. ")
    assert (
        "Three criteria move together across the options and may count one concern more than "
        "once: workforce stability and staff relations, transition cost and disruption and "
        "council commitment and joint working." in four
    )
    assert (
        "option 2 comes first in 75% of draws as the criteria are cut; with the three merged, "
        "option 5 comes first instead, in 55%. Annex F gives the check." in four
    )


def test_the_cover_names_what_the_workspace_does_not_record_once(sandwell):
    """Sandwell records no organisation, author, version or marking: one row says so, never
    four 'not stated'."""
    cover = dict(sandwell["doc"].cover)
    assert cover == {
        "Date": "26 April 2016",
        "Not stated": "Organisation, author, version and protective marking",
    }


def test_short_tables_stay_whole_and_tall_rows_may_break(sandwell):
    """A table of up to 8 short rows is kept whole (no row left alone at a page's foot); a row
    too tall to move whole, such as Annex B's evidence for a score, may break inside it rather
    than leave most of a page blank (the private-office reading: pages 12, 23 and 31)."""
    import re

    html = render.render_html(sandwell)
    css = (render.Path(render.__file__).parent / "templates" / "style.css").read_text()
    assert "table.keep { break-inside: avoid; }" in css and "tr.long { break-inside: auto; }" in css
    tables = re.findall(r'<table class="([^"]*)">\s*<caption>([^<]*)</caption>', html)
    kept = {cap for cls, cap in tables if "keep" in cls.split()}
    assert any(cap.startswith("Weights (% of the total)") for cap in kept)
    assert not any(cap.startswith("Scores of 2.") for cap in kept)  # Annex B: tall rows
    assert '<tr class="long"><th scope="row">Fresh start and lasting leadership' in html


def test_the_provisional_rule_is_shown_only_when_it_applies(sandwell):
    """Annex A's 'Provisional' rule concerns a workspace still holding init's example text;
    Sandwell holds none, so the rule (and its tool talk) is left out."""
    annex = section(sandwell["doc"], "Annex A")
    assert "Provisional" not in annex and "options init" not in annex
    assert '"Too close to call"' in annex


def test_section_6_says_two_parties_are_one_view_counted_twice(sandwell):
    """Children and families and the partnership have one statement of the same form, so the
    same weights (Annex F): where the compromise across the parties is given, that is said."""
    six = section(sandwell["doc"], "6. ")
    assert (
        "Children and families and Safeguarding partnership have the same weights, as their "
        "records cannot be told apart, so a result across the parties counts that view twice. "
        "Annex F gives the check." in six
    )


def test_what_the_record_leaves_open_is_a_limit_and_its_question_is_put(sandwell):
    """'The record does not settle which' is a limit of what is recorded, said so, not a result;
    section 8 puts the question that would settle it to the decision-maker, as the submission
    does (office reading 7, N10 and old 23)."""
    doc = sandwell["doc"]
    why = section(doc, "Why", level=2)
    assert (
        "The Commissioner for Children's Services' record does not say enough to settle which "
        "short-listed option comes first" in why
    )
    assert "That is a limit of what is recorded, not a finding about the options" in why
    assert "does not settle which" not in text_of(doc)
    eight = section(doc, "8. ")
    assert "Confirm with the decision-maker" not in eight
    assert (
        "Put this question to the decision-maker. How much more does fresh start and lasting "
        "leadership matter than avoiding transition cost and disruption?" in eight
    )


def test_no_party_rationale_speaks_of_what_came_after_or_repeats_method_talk(sandwell):
    """A paper dated April 2016 says nothing of what the Department 'decided after the report'
    (office reading 7, old 34), and the three one-statement parties' rationales do not repeat
    'with one statement, most weightings remain compatible' (old 27)."""
    every = text_of(sandwell["doc"])
    assert "after the report" not in every
    assert "remain compatible" not in every
    assert every.count("leaves most weights open") <= 1


def test_annex_a_says_each_method_in_plain_words_before_its_name(sandwell):
    """Annex A keeps the technical names for readers who check them, each after plain words
    (office reading 7, old 50): 'L1', 'simplex', 'convex hull', 'HiGHS' never stand alone."""
    annex = section(sandwell["doc"], "Annex A")
    assert "(technically, the L1 and L\u221e distances)" in annex
    assert "drawn at random among all weights that add up to 100%" in annex
    assert "any mix of the parties' weights (their convex hull)" in annex
    assert "The weight calculations are linear programs, solved with the" in annex
    assert "L1 distance" not in annex and "blends of the stakeholders' weights" not in annex
    main = _main_text(sandwell["doc"])
    assert not any(w in main for w in ("simplex", "convex hull", "HiGHS", "L\u221e", "tau-b"))
