"""A new, valid workspace with a commented example of every field (`options init`).

:func:`scaffold` returns the files' contents; :func:`create` writes them whole or not at all.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import OptionsError
from .toml import toml_string

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

DEFAULT_CRITERIA = ("quality", "cost", "speed")

#: The example text ``init`` writes where the appraisal's own belongs; :func:`placeholders`
#: finds what is still there (``options check`` and the paper's cover say so).
QUESTION = "What decision is being made, by whom?"
DATE = "2026-01-01"
DESCRIPTION = "The decision context: aims, who decides, who else has a stake, constraints."
ANCHORS = "What 0 and 100 mean on this criterion (write the anchors out)."
COST_DESCRIPTION = (
    "Transition cost and disruption: how much effort and disruption moving to the option would "
    "take, judged. 0 = none; 100 = the most any option could cause. Not money: record money in "
    "each option's [[costs]]."
)
OPTION_DESCRIPTION = "What the option is, in a sentence."
BENEFIT, RISK = "A benefit of this option", "A risk of this option"
RATIONALE = "Why this score (replace this text)."
EVIDENCE = "Where the evidence is: document, section, phrase."
WEIGHTS_RATIONALE = "Where these weights come from: who set them, on what evidence."


def placeholders(ws, stakeholders=()) -> dict[str, list[tuple[str, str]]]:
    """File -> (field, what it is) for every field still holding the example text ``init``
    wrote: the decision question, description and date, criteria's anchors, options'
    descriptions, benefits, risks and scores' rationales and evidence, stakeholders' reasons."""
    out: dict[str, list[tuple[str, str]]] = {}

    def add(file: str, fld: str, what: str) -> None:
        out.setdefault(file, []).append((fld, what))

    for fld, value, example, what in (
        ("appraisal.question", ws.question, QUESTION, "the decision question"),
        ("appraisal.description", ws.description, DESCRIPTION, "the decision's context"),
        ("appraisal.date", ws.date, DATE, "the date"),
    ):
        if str(value).strip() == example:
            add("criteria.toml", fld, what)
    for c in ws.criteria:
        if ANCHORS[:-1] in c.description:  # the cost example's description is a real one
            add("criteria.toml", f"criteria.{c.id}.description", f"{c.name}'s anchors")
    for o in ws.options:
        file = f"options/{o.id}.toml"
        if o.description.strip() == OPTION_DESCRIPTION:
            add(file, "description", "the option's description")
        for kind, example in (("benefits", BENEFIT), ("risks", RISK)):
            if any(b.text.strip() == example for b in getattr(o, kind)):
                add(file, kind, f"its {kind}")
        for cid, sc in o.scores.items():
            if "(replace this text)" in sc.rationale or EVIDENCE in sc.evidence:
                add(file, f"scores.{cid}", f"the evidence for its {cid} score")
    for st in stakeholders:
        if st.rationale.strip() == WEIGHTS_RATIONALE:
            add(st.path, "rationale", "the reason for the weights")
    return out


#: Criterion ids that usually mean "less is better"; init makes them costs, with a comment.
_COSTLY = re.compile(r"(^|[-_])(risk|risks|cost|costs|time|delay|disruption|harm)($|[-_])", re.I)


def _kind(cid: str) -> tuple[str, float, float]:
    """The scaffold's direction and scale for a criterion id."""
    return ("cost" if _COSTLY.search(cid) else "benefit"), 0, 100


def _criterion_block(cid: str, j: int, objective: str = "") -> str:
    if cid == "cost":
        block = f"""[criteria.{cid}]
name = "Transition cost"
description = "{COST_DESCRIPTION}"
direction = "cost"        # "cost": lower is better; a value x maps to 100*(high-x)/(high-low)
scale = [0, 100]          # a judged burden, not money: money goes in each option's [[costs]]
#                         # (`options value` sets it beside the value; never score it here too)
"""
    elif _kind(cid)[0] == "cost":  # a risk, cost or time: less is better
        block = f"""[criteria.{cid}]
name = "{_name(cid)}"
description = "{ANCHORS} Less is better."
direction = "cost"        # "cost": lower is better (check this is what you mean)
scale = [0, 100]
"""
    else:
        block = f"""[criteria.{cid}]
name = "{_name(cid)}"
description = "{ANCHORS}"
direction = "benefit"     # "benefit" (the default): higher is better
scale = [0, 100]          # the default; values outside the scale are an error
"""
    if objective:
        block += f"{f'objective = {toml_string(objective)}':<26}# the objective it sits under\n"
    if j == 0:
        if not objective:
            block += '# objective = "aims"     # optional: the objective it sits under (below)\n'
        block += f"""{'# unit = "points"':<26}# optional: the scale's unit, shown beside every raw value
# anchors = "fixed"       # "fixed" (the default) or "relative": the worst option scores low and
#                         # the best high (`options check` warns when that moves an anchor)
"""
    return block


def _name(cid: str) -> str:
    return cid.replace("_", " ").replace("-", " ").capitalize()


def _value(cid: str, i: int, j: int, n_opt: int) -> tuple[int, int, int]:
    """Option ``i``'s example score on criterion ``j``: (value, low, high), on the scale."""
    if cid == "cost":  # 20 to 80 in steps of i + j, so that it parts options the others tie
        value = 20 + (60 * ((i + j) % n_opt)) // max(1, n_opt - 1)
        return value, max(0, value - 10), min(100, value + 10)
    value = 30 + (50 * ((i * 2 + j) % n_opt)) // max(1, n_opt - 1)
    return value, max(0, value - 10), min(100, value + 10)


def _score(cid: str, i: int, j: int, n_opt: int) -> str:
    value, low, high = _value(cid, i, j, n_opt)
    return (
        f"{cid} = {{ value = {value}, low = {low}, high = {high}, "
        f'rationale = "{RATIONALE}", '
        f'evidence = ["{EVIDENCE}"] }}'
    )


def _weights(criteria: Sequence[str]) -> list[int]:
    return [max(1, len(criteria) - j) for j in range(len(criteria))]


def _statement(criteria: Sequence[str], n_opt: int, weights: Sequence[float]) -> str:
    """An example statement the example weights honour: the option they put first preferred to
    the one they put last (or the two said to be as good, when the weights cannot tell)."""

    def overall(i: int) -> float:
        total = 0.0
        for j, (cid, w) in enumerate(zip(criteria, weights, strict=True)):
            direction, lo, hi = _kind(cid)
            x = (_value(cid, i, j, n_opt)[0] - lo) / (hi - lo)
            total += w * (1 - x if direction == "cost" else x)
        return total

    values = [overall(i) for i in range(n_opt)]
    best = max(range(n_opt), key=lambda i: values[i])
    worst = min(range(n_opt), key=lambda i: values[i])
    if values[best] - values[worst] > 1e-6:
        return f'prefer = ["option-{best + 1}", "option-{worst + 1}"]   # the first is preferred'
    return 'indifferent = ["option-1", "option-2"]   # the two are as good as each other'


def _threshold(cid: str) -> str:
    direction, lo, hi = _kind(cid)
    if direction == "cost":
        bound = hi - (hi - lo) // 20
        return (
            f"max = {bound}                 # pass iff the score is at most {bound}; or min = ..."
        )
    bound = lo + (hi - lo) // 5
    return f"min = {bound}                   # pass iff the score is at least {bound}; or max = ..."


def _bounds(criteria: Sequence[str], weights: Sequence[float]) -> str:
    """Bounds around the first criterion's example weight, which the weight meets."""
    import math

    w = weights[0] / sum(weights)
    lo, hi = max(0, math.floor((w - 0.1) * 10) / 10), min(1, math.ceil((w + 0.1) * 10) / 10)
    return f"{{ {criteria[0]} = [{lo:g}, {hi:g}] }}"


def _groups(criteria: Sequence[str]) -> dict[str, list[str]]:
    """The small value tree ``init --tree`` writes: the benefits, and the costs (less is better),
    under an objective each; one objective holds every criterion when all lie on one side."""
    benefits = [c for c in criteria if _kind(c)[0] == "benefit"]
    costs = [c for c in criteria if _kind(c)[0] == "cost"]
    groups = {"benefits": benefits, "costs": costs} if benefits and costs else {}
    groups = groups or {"benefits" if benefits else "costs": list(criteria)}
    return {_free(oid, criteria): cs for oid, cs in groups.items()}


def _free(oid: str, criteria: Sequence[str]) -> str:
    """An objective id no criterion has (ids ignore case): ``oid``, else ``oid_objective``."""
    taken = {c.casefold() for c in criteria}
    while oid.casefold() in taken:
        oid += "_objective"
    return oid


_OBJECTIVE_TEXT = {
    "benefits": ("Benefits", "What the service gains: quality and outcomes."),
    "costs": (
        "Costs and risks",
        "What the options cost, and what could go wrong (less is better).",
    ),
}


def _tree_block(criteria: Sequence[str], tree: bool) -> str:
    """The [objectives] tables (``tree``), or a commented example of them."""
    if not tree:
        return """
# Optional: a value tree. Group the criteria under objectives (to any depth), so that each
# concern is weighed once, at its own level (each criterion names its `objective`, as the
# first one shows); `options init --tree` writes one.
# [objectives.outcomes]
# name = "Outcomes"                   # required
# [objectives.aims]
# name = "Aims"
# description = "What the objective is for"
# parent = "outcomes"                 # optional: the objective it sits under
"""
    out = [
        "",
        "# The value tree: each criterion sits under an objective (its `objective` field), so",
        "# each concern is weighed once, at its own level. Objectives may nest (`parent`).",
    ]
    for oid in _groups(criteria):
        name, description = _OBJECTIVE_TEXT[oid.split("_objective")[0].casefold()]
        out += [f"[objectives.{oid}]", f'name = "{name}"', f'description = "{description}"', ""]
    return "\n".join(out)


def scaffold(
    title: str,
    options: int = 3,
    criteria: Sequence[str] = DEFAULT_CRITERIA,
    tree: bool = False,
) -> dict[str, str]:
    """Relative path -> text for a workspace that validates and ranks at once, with a commented
    example of every field (uncommented, the examples validate too); ``tree``: the criteria
    grouped under objectives (:func:`_groups`), with weights on every node."""
    if not isinstance(title, str) or not title.strip():
        raise OptionsError("the title must not be empty", "title")
    if options < 2:
        raise OptionsError("an appraisal needs at least two options", "options")
    criteria = [c.strip() for c in criteria if c.strip()]
    twice = [c for k, c in enumerate(criteria) if c in criteria[:k]]
    if twice:
        raise OptionsError(f"'{twice[0]}' is named twice; name each criterion once", "criteria")
    if not criteria:
        raise OptionsError("name at least one criterion", "criteria")
    for c in criteria:
        if not _ID.match(c):
            raise OptionsError(
                f"'{c}' is not a usable criterion id (letters, digits, - and _; start with a "
                "letter)",
                "criteria",
            )
    folded = [c.casefold() for c in criteria]
    if len(set(folded)) != len(folded):
        raise OptionsError("two criteria differ only in letter case", "criteria")
    first, last = criteria[0], criteria[-1]
    groups = _groups(criteria) if tree else {}
    home = {c: oid for oid, cs in groups.items() for c in cs}
    if tree:  # the file lists them in the order every output shows them: beneath each objective
        criteria = [c for cs in groups.values() for c in cs]
    files: dict[str, str] = {}
    files["criteria.toml"] = (
        f"""# The appraisal: its context, and the criteria the options are scored against.
# Format: docs/format.md in the options repository. Check with `options validate`.
# A line such as "# version = ..." is an example of an optional field: delete its "# " to use it.

[appraisal]
title = {toml_string(title)}  # required
question = "{QUESTION}"    # optional: the decision question
date = "{DATE}"                                   # optional: printed on the paper
description = \"\"\"
{DESCRIPTION}\"\"\"
# For the paper's cover (optional; the paper says "not stated" for any left out):
# organisation = "The council"
# author = "The team writing the appraisal"
# version = "Draft 1"
# marking = "OFFICIAL"                # the protective marking, shown at the top of every page

# Optional: the decision the submission asks for (`options report --kind submission`) and the
# paper's decision box. A field left out is "not stated", and the submission says what that
# means; the fields it shows hold at most 2,400 characters in all, to fit its two pages.
# [appraisal.decision]
# sought = "What the decision-maker is asked to decide now, in a sentence"
# maker = "Who takes the decision"
# maker_weights = "example"         # the weights file whose view stands for the decision-maker
# from = "The author or team"
# clearance = "Who has cleared this advice"
# by = "2026-03-31"                   # by when
# by_why = "Why by then"
# recommend = "agree"                 # the id of one of the answers below
# why = "Why that answer, in a sentence or two"
# argument = ["The case for it, point by point, each with its source"]
# costs = "What the record says of the costs (options' [[costs]] take over when recorded)"
# concluded = "What the decision-maker or their adviser concluded, quoted"
# concluded_by = "Who concluded it"   # the paper sets the analysis beside it, never in its place
# source = "Where that is recorded"
#
# [[appraisal.decision.answers]]      # the answers open to the decision-maker (at most 4)
# id = "agree"
# text = "What the decision-maker would agree to"
#
# [[appraisal.decision.handling]]     # a reaction the record foresees, and the line to take
# who = "Who reacts"
# reaction = "How, in the record's words where it has them"
# line = "The line to take"
# source = "Where the record foresees it"
#
# [[appraisal.decision.provisos]]     # a condition on the decision, quoted whole (no "...")
# quote = "The whole sentence that states the condition"
# source = "Where it is recorded"

# Optional, once the decision is taken: what was decided, set beside the model as a back-test.
# [appraisal.outcome]
# option = "option-1"                 # an option id
# date = 2026-06-30
# source = "Where the decision is recorded"
# note = "Anything the record adds"

# Optional: the costing conventions for value for money (`options value`); `period` is needed
# once any option records costs.
# [appraisal.costs]
# unit = "£m"
# period = 5                          # the appraisal period, in years
# discount_rate = 0.035               # default: the Green Book's 3.5%, lower after 30 years
# budget = 10                         # the cash available over the period, for affordability
# worth_per_point = 0.5               # the most the decision-maker would pay for a value point
# prices = "2026-27 prices"

# Optional: the other cases of the business case (the paper says "not recorded" for each topic
# left out; `options check` names the thin cases). A topic is text, a table with text,
# evidence and basis ("record" or "judgement"), or a list of them.
# [appraisal.strategic]
# case_for_change = {{ text = "Why a change is needed", evidence = ["Where it is recorded"], basis = "record" }}
# existing = "How the service is run now"
# needs = "What the change must provide"
# constraints = ["A limit every option must respect"]
# dependencies = ["Something the change depends on"]
# [appraisal.commercial]
# vehicle = "The body that would run the service"
# procurement = "How it is bought or set up"
# staff = "How staff would transfer"
# pensions = "What happens to their pensions"
# contracts = "The contracts it needs"
# [appraisal.financial]
# funding = "Who pays"
# affordability = "Against which budget"
# [appraisal.management]
# governance = "Who oversees delivery"
# exit = "When the arrangement ends or the service returns"
# outcome_measures = ["A measure and its target"]
# benefits_realisation = "Who tracks the benefits, and when"
# [[appraisal.management.milestones]]
# milestone = "Shadow board in place"
# date = "2027-04"
# earliest = "2027-01"
# latest = "2027-09"

# One [criteria.<id>] table per criterion, in display order. Each fact that is one option's
# benefit and another's risk should be ONE criterion, scored on both (no double counting).
"""
        + "\n".join(_criterion_block(c, j, home.get(c, "")) for j, c in enumerate(criteria))
        + _tree_block(criteria, tree)
        + f"""
# Optional: must-meet requirements, the screen from the long list to the short list. An option
# is short-listed only if it meets every one; each option judges every requirement that is not
# a threshold, in its own [requirements] table.
# [requirements.lawful]
# name = "Lawful for the council to adopt"   # required
# description = "What meeting it means."
# source = "Where the requirement comes from"

# A threshold: decided from each option's score, never judged by hand.
# [requirements.enough_{first}]
# name = "Enough {_name(first).lower()}"
# criterion = "{first}"
# {_threshold(first)}
"""
    )
    for i in range(options):
        is_first = i == 0
        lines = [
            "# One option. Its id is the file name (without .toml).",
            f'name = "{"Business as usual" if is_first else f"Option {i + 1}"}"   # required',
            f"number = {i + 1}            # optional: display order",
            f"status_quo = {'true' if is_first else 'false'}     # mark the business-as-usual option",
            f'description = "{OPTION_DESCRIPTION}"',
            "",
            "# Benefits and risks: plain text, or { text, criteria } naming the criteria they are",
            "# scored under (`options validate` warns about any that name none).",
            f'benefits = [{{ text = "{BENEFIT}", criteria = ["{first}"] }}]',
            f'risks = [{{ text = "{RISK}", criteria = ["{last}"] }}]',
            "",
            "# A score for every criterion: a number, or a table with the plausible range",
            "# (low <= value <= high, within the criterion's scale) and the evidence for it.",
            "[scores]",
            *(_score(c, i, j, options) for j, c in enumerate(criteria)),
            "",
            "# Once criteria.toml has requirements: a judgement on each that is not a threshold,",
            "# true or false, or a table with the reason.",
            "# [requirements]",
            '# lawful = { meets = true, rationale = "Why (replace this text).", '
            'evidence = ["Where it says so."] }',
            "",
            "# The risk register (`options risks`): one [[risk_register]] table per risk.",
            "# [[risk_register]]",
            '# id = "staffing"                 # optional; R1, R2, ... by position',
            '# risk = "Losing staff during the change"   # required',
            "# likelihood = 3                  # required: a whole number from 1 to 5",
            "# impact = 4                      # required: likewise",
            '# mitigation = "What will be done about it"',
            '# owner = "Who will do it"',
            "# residual_likelihood = 2         # after mitigation; no higher than before",
            "# residual_impact = 3",
            '# rationale = "Why these levels"',
            '# evidence = ["Where the evidence is."]',
            f'# criteria = ["{first}"]          # the criteria the risk bears on',
            '# source = "Where the risk was raised"',
            "# modelled = false                # true: the levels are the analyst's judgement",
            "",
            "# Costs and time to implement (`options value`). Once one option records costs,",
            "# every option must (costs = [] for one that costs nothing more).",
            "# [implementation]",
            "# months = 12                     # low and high: the plausible range",
            "# low = 9",
            "# high = 18",
            "# [[costs]]",
            '# item = "Running the new body"   # required',
            '# kind = "recurring"              # required: "one-off" or "recurring" (a year)',
            "# central = 1.0                   # required; low <= central <= high",
            "# low = 0.5",
            "# high = 1.5",
            "# year = 0                        # a one-off's year, or a recurring cost's first",
            "# years = 3                       # recurring: how many years (default: to the end)",
            '# bears = "Who bears the cost"',
            '# evidence = "The source of the figure and its range"',
            "",
            "# Optional: where the option sits in the options framework, and its own commercial,",
            "# financial and management points (the topics of criteria.toml's cases).",
            "# [framework]",
            '# scope = "What the option covers"',
            '# solution = "What it does"',
            '# delivery = "Who delivers it"',
            '# implementation = "How and when it is brought in"',
            '# funding = "Who pays"',
            "# [commercial]",
            '# vehicle = "The body that would run the service"',
            "# [financial]",
            '# funding = "Who pays for this option"',
            "# [management]",
            '# exit = "When this arrangement ends"',
        ]
        files[f"options/option-{i + 1}.toml"] = "\n".join(lines) + "\n"
    weights = "\n".join(f"{c} = {w}" for c, w in zip(criteria, _weights(criteria), strict=True))
    weights_words = """# Swing weights: how much the swing from 0 to 100 on each criterion matters, relative to the
# others. Any non-negative numbers; they are normalised to sum to 1."""
    overall: list[float] = list(_weights(criteria))
    if tree:
        weights = "\n".join(f"{oid} = 1" for oid in groups) + "\n" + weights
        local = dict(zip(criteria, _weights(criteria), strict=True))
        overall = [
            local[c] / sum(local[k] for k in groups[home[c]]) / len(groups) for c in criteria
        ]
        weights_words = """# Local swing weights on every objective and criterion: each is normalised among the nodes
# beside it (under the same objective), and a criterion's weight is the product down its path.
# (Weights on the criteria alone are read as their overall weights instead.)"""
    heavy = criteria[overall.index(max(overall))]
    light = criteria[len(overall) - 1 - overall[::-1].index(min(overall))]
    files[
        "weights/example.toml"
    ] = f"""# One stakeholder's weights. Its id is the file name; files in sub-folders count too.
name = "Example stakeholder"          # required
rationale = "{WEIGHTS_RATIONALE}"
sources = ["A document or meeting"]   # optional
# basis = "stated"                    # how the weights came about: "stated" (the default),
#                                     # "modelled" (by the analyst, from a record) or "elicited"
# date = "2026-01-01"                 # when

{weights_words}
[weights]
{weights}

# Optional: the weights this stakeholder would still accept, used by `options sensitivity`,
# `options smaa` and the paper. Its own weights must satisfy them.
[constraints]
tolerance = 0.10    # every normalised weight may move by at most 0.10
# bounds = {_bounds(criteria, overall)}          # bounds on normalised weights
# order = [["{heavy}", "{light}"]]      # weight({heavy}) >= weight({light})

# Optional: what the stakeholder has said, each a condition on its weights (`options infer`;
# `options elicit` asks the questions and writes them). Beside [weights] the weights must
# honour every statement; without [weights] they are inferred from the statements.
# [[statements]]
# {_statement(criteria, options, overall)}
# source = "Who said it, and where"   # required
# evidence = "The words they used"
# date = 2026-01-01
# use = true                          # false: on the record, not used as a condition
#   Other kinds, one to a statement: indifferent = ["option-1", "option-2"],
#   criteria_order = ["{first}", "{last}"] (most valued first), and
#   swing = {{ {first} = 100, {last} = [40, 60] }} (ratings of the swings, the largest 100).

# Optional: what the record says this stakeholder thinks of the decision, quoted. The
# submission's "What the parties think" shows these, never a ranking from the weights above.
# [[positions]]
# said = "Prefers option 1"           # in a few plain words
# quote = "The words the record has"  # exactly as written
# source = "Document, section"
"""
    files["reports/.gitkeep"] = ""
    return files


#: Moved into place last: a folder without criteria.toml is not a workspace, so an interrupted
#: ``init`` never leaves something that validates as one.
_LAST = "criteria.toml"


def create(folder: Path, files: dict[str, str]) -> None:
    """Write a new workspace into ``folder`` (created if missing; it must not hold one yet):
    built in a temporary folder beside it, then moved into place, criteria.toml last."""
    from ..files import _signals_held

    if folder.exists() and not folder.is_dir():
        raise OptionsError(f"{folder}: exists and is not a folder")
    clash = [rel for rel in (_LAST, "options", "weights") if (folder / rel).exists()]
    if clash:
        raise OptionsError(f"{folder}: already holds a workspace ({clash[0]}); nothing was written")
    parent = folder.parent
    if not parent.is_dir():
        raise OptionsError(f"the folder {parent} does not exist")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # an ordinary folder, not mkdtemp's owner-only one
    except OSError as exc:
        raise OptionsError(f"cannot write in {parent} ({exc.strerror})") from None
    try:
        for rel, text in files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        with _signals_held() as pending:
            if not folder.exists():
                os.rename(tmp, folder)
            else:
                tops = sorted({Path(rel).parts[0] for rel in files}, key=lambda t: t == _LAST)
                moved: list[str] = []
                try:
                    for top in tops:
                        os.rename(tmp / top, folder / top)
                        moved.append(top)
                except OSError:
                    for top in moved:  # take back what was moved: the folder is as it was
                        os.rename(folder / top, tmp / top)
                    raise
        if pending:
            raise KeyboardInterrupt
    except OSError as exc:
        raise OptionsError(
            f"could not write the workspace ({exc.strerror}); nothing was left half-written"
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
