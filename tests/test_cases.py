"""The five cases: what the workspace records of the strategic, commercial, financial and
management cases and of the options framework, read and checked (model/cases.py), named when thin
by options check, and each case's section of the paper readable alone (paper/sections/)."""

from __future__ import annotations

import pytest

from conftest import CRITERIA_3, ROOT, TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options.errors import OptionsError
from delivery_options.methods.check import case_findings
from delivery_options.model.cases import FRAMEWORK, TOPICS
from delivery_options.model.load import load_workspace
from delivery_options.paper.document import Document, Items, Para
from delivery_options.paper.sections import commercial, economic_case, management
from paper_helpers import blocks_text

SHORT = ("executive-commissioner", "trust-with-council")


def test_sandwell_records_only_what_the_report_says():
    ws = load_workspace(ROOT)
    cases = ws.cases
    assert all(cases.of("strategic").recorded(t) for t in TOPICS["strategic"])
    # the report gives no procurement route, pension terms or contracts for any option, and no
    # terms of transfer for option 5 (its entry says so: absent = true, shown but not recorded)
    assert cases.missing("commercial", SHORT) == ("procurement", "staff", "pensions", "contracts")
    assert cases.missing("financial", SHORT) == ("funding", "affordability")
    assert {"milestones", "exit"} <= set(cases.missing("management", SHORT))
    (who_pays,) = cases.of("financial", "trust-with-council").entries["funding"]
    assert who_pays.absent and not cases.of("financial", "trust-with-council").recorded("funding")
    # a reading of the record is labelled as the appraisal's judgement
    (staff,) = cases.of("commercial", "executive-commissioner").entries["staff"]
    assert staff.basis == "judgement"
    assert all(
        e.evidence for c in cases.workspace.values() for es in c.entries.values() for e in es
    )
    # every option is placed in the framework on scope and delivery, on nothing else
    assert {d for f in cases.framework.values() for d in f} == {"scope", "delivery"}
    assert len(cases.framework) == len(ws.options)


CASES = """
[appraisal.commercial]
vehicle = "A company wholly owned by the council"
staff = [{ text = "Staff transfer on their current terms", evidence = ["Cabinet, 2017"], basis = "record" }]

[appraisal.management]
governance = { text = "A shadow board for six months", basis = "judgement" }

[[appraisal.management.milestones]]
milestone = "Shadow board in place"
date = 2017-04-01
earliest = "2017-01"
latest = "2017-09"
"""


def _ws(tmp_path, extra: str = CASES, options: dict | None = None):
    return write_workspace(
        tmp_path / "ws",
        CRITERIA_3.replace("[criteria.quality]", extra + "\n[criteria.quality]", 1),
        options or TINY_OPTIONS,
        TINY_WEIGHTS,
    )


def test_every_form_of_a_topic_is_read(tmp_path):
    ws = load_workspace(_ws(tmp_path))
    com = ws.cases.of("commercial")
    assert com.entries["vehicle"][0].text == "A company wholly owned by the council"
    (staff,) = com.entries["staff"]
    assert (staff.evidence, staff.basis) == (("Cabinet, 2017",), "record")
    (m,) = ws.cases.of("management").milestones
    assert (m.milestone, m.date, m.earliest, m.latest) == (
        "Shadow board in place",
        "2017-04-01",  # a TOML date, kept as written
        "2017-01",
        "2017-09",
    )
    # an option's own table fills a topic for that option only
    opts = dict(TINY_OPTIONS, alpha=TINY_OPTIONS["alpha"] + '[commercial]\npensions = "LGPS"\n')
    ws = load_workspace(_ws(tmp_path / "2", options=opts))
    assert ws.cases.of("commercial", "alpha").entries["pensions"][0].text == "LGPS"
    assert "pensions" in ws.cases.missing("commercial", ("alpha", "beta"))
    assert "pensions" not in ws.cases.missing("commercial", ("alpha",))


@pytest.mark.parametrize(
    "extra, where, message",
    [
        ("[appraisal.commercial]\nvehicel = 'x'", "appraisal.commercial.vehicel", "unknown field"),
        ("[appraisal.commercial]\nvehicle = 3", "appraisal.commercial.vehicle", "must be text"),
        (
            "[appraisal.financial]\nfunding = { text = 'x', basis = 'guess' }",
            "funding.basis",
            "must be",
        ),
        ("[appraisal.strategic]\nneeds = { evidence = ['s1'] }", "needs.text", "is required"),
        (
            "[appraisal.management]\nmilestones = [{ milestone = 'x' }]",
            "milestones[1].date",
            "required",
        ),
        ("[appraisal.strategic]\nvehicle = 'x'", "appraisal.strategic.vehicle", "unknown field"),
    ],
)
def test_a_bad_case_field_is_one_problem_naming_file_and_field(tmp_path, extra, where, message):
    with pytest.raises(OptionsError) as err:
        load_workspace(_ws(tmp_path, extra))
    (p,) = err.value.problems
    assert p.file == "criteria.toml" and where in p.field and message in p.message


def test_an_options_framework_choice_must_be_a_known_dimension(tmp_path):
    opts = dict(TINY_OPTIONS, alpha=TINY_OPTIONS["alpha"] + '[framework]\nscoep = "All"\n')
    with pytest.raises(OptionsError) as err:
        load_workspace(_ws(tmp_path, "", opts))
    (p,) = err.value.problems
    assert (p.file, p.field) == ("options/alpha.toml", "framework.scoep")


def test_check_names_the_thin_cases_and_the_framework_gaps():
    found = case_findings(load_workspace(ROOT))
    thin = {f.message.split(" case", 1)[0]: f.message for f in found if f.code == "thin-case"}
    assert set(thin) == {"The commercial", "The financial", "The management"}  # strategic: full
    assert (
        "procurement route, staff transfer, pensions and contracts are not recorded"
        in (thin["The commercial"])
    )
    (gap,) = [f for f in found if f.code == "framework-gap"]
    assert "solution, implementation and funding" in gap.message


def test_check_is_silent_on_a_workspace_not_yet_at_the_short_list(tmp_path):
    ws = load_workspace(write_workspace(tmp_path / "t", options=TINY_OPTIONS))
    assert case_findings(ws) == []


def test_check_is_silent_on_a_case_recorded_whole(tmp_path):
    full = "[appraisal.commercial]\n" + "\n".join(f'{t} = "x"' for t in TOPICS["commercial"])
    found = case_findings(load_workspace(_ws(tmp_path, full)))
    assert not any("commercial" in f.message for f in found)
    assert any("financial" in f.message for f in found)  # recorded in part: still named


def _ctx(ws) -> dict:
    return {"ws": ws, "long_list": ws, "short": lambda o: f"Option {ws.option(o).number}"}


def test_the_commercial_section_reads_alone_and_says_not_recorded(tmp_path):
    ws = load_workspace(_ws(tmp_path))
    doc = Document("paper", "t", "", "", ())
    commercial.section(doc, _ctx(ws), 10)
    text = blocks_text(doc.blocks)
    assert "10. The delivery vehicle, procurement, staff and contracts" in text
    paras = {b.lead: b.text for b in doc.blocks if isinstance(b, Para)}
    assert paras["Procurement route."] == "Not recorded."
    assert paras["Delivery vehicle."] == "A company wholly owned by the council"
    assert (
        paras["Staff transfer."]
        == "Staff transfer on their current terms (evidence: Cabinet, 2017)"
    )
    assert "procurement route; pensions; contracts" in paras["What this case still lacks."]


def test_the_management_section_dates_each_milestone_with_its_range(tmp_path):
    ws = load_workspace(_ws(tmp_path))
    doc = Document("paper", "t", "", "", ())
    management.section(doc, _ctx(ws), 12)
    paras = {b.lead: b.text for b in doc.blocks if isinstance(b, Para)}
    assert paras["Implementation plan: dated milestones."] == (
        "Shadow board in place: 2017-04-01 (range 2017-01 to 2017-09)"
    )
    assert paras["Governance."] == (
        "A shadow board for six months [the appraisal's judgement, not the record's]"
    )
    assert paras["Time to implement."] == "Not recorded."


def test_an_option_without_its_own_entry_is_said_not_recorded(tmp_path):
    opts = dict(TINY_OPTIONS, alpha=TINY_OPTIONS["alpha"] + '[financial]\nfunding = "The DfE"\n')
    ws = load_workspace(_ws(tmp_path, "", opts))
    doc = Document("paper", "t", "", "", ())
    from delivery_options.paper.sections.common import topics

    missing = topics(doc, "financial", _ctx(ws))
    items = next(b for b in doc.blocks if isinstance(b, Items)).items
    assert items == ("Option 1: The DfE", "Option 2: not recorded.", "Option 3: not recorded.")
    assert missing == ["Funding: who pays (for option 2 and option 3)", "Affordability"]


def test_an_entry_that_records_an_absence_is_shown_but_still_missing(tmp_path):
    absent = '[financial]\nfunding = { text = "No one says who pays", absent = true }\n'
    opts = dict(TINY_OPTIONS, alpha=TINY_OPTIONS["alpha"] + absent)
    ws = load_workspace(_ws(tmp_path, "", opts))
    doc = Document("paper", "t", "", "", ())
    from delivery_options.paper.sections.common import topics

    missing = topics(doc, "financial", _ctx(ws))
    items = next(b for b in doc.blocks if isinstance(b, Items)).items
    assert items[0] == "Option 1: No one says who pays"
    assert missing[0] == "Funding: who pays"  # every option lacks it: no option singled out
    assert "funding" in ws.cases.missing("financial", tuple(ws.option_ids))


def test_the_framework_is_read_dimension_by_dimension():
    class Long:  # three options: scope shared, delivery varied, the rest never recorded
        class cases:
            framework = {
                "a": {"scope": "All", "delivery": "Council"},
                "b": {"scope": "All", "delivery": "Trust"},
                "c": {"scope": "All"},
            }

        options = [type("O", (), {"id": x}) for x in "abc"]

    assert set(FRAMEWORK) == {"scope", "solution", "delivery", "implementation", "funding"}
    assert economic_case.framework_words(Long) == (
        "The options differ in delivery and share one choice of scope; no option records a "
        "choice of solution, implementation or funding, so the long list was not drawn across "
        "those dimensions."
    )
