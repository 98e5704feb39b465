"""The submission: two pages in the civil-service form. It asks for the decision the workspace
records (``[appraisal.decision]``: what is to be decided now, the answers open, the one
recommended and why), says who it is from, who cleared it and by when (and what each absence
means), then the argument, the costs, the risks with their scale, what the parties think in
their recorded words (``[[positions]]`` in the weights files, never a model's ranking), the
handling and every proviso, quoted whole.

What the appraisal computes is said apart from what the record says, and a result that only
restates an input (the short list, which applies the requirements to the options' facts) is
shown as an input. Text is capped where it is recorded (model/decision.py) and optional parts
are left out by an estimate of the space left, so that the submission never runs past two
pages (tests/test_submission.py renders the largest workspace the caps allow)."""

from __future__ import annotations

import math
import re
import textwrap

from ..model.risks import HIGH_FROM, MEDIUM_FROM, SCALE
from ..model.scaffold import QUESTION
from ..present.words import possessive
from . import economic
from .compose import NO_DECISION, examples_note
from .document import Box, Document, Heading, Items, Para
from .fmt import count, join_words, number_word, points
from .narrative import the
from .question import asked, weight_question
from .sections.common import not_yet_recorded

NOT_STATED = "not stated"
BRIEF_OPTIONS = 6  # the submission names up to this many options in a list
BRIEF_RISKS = 3  # more than that: the risks of the 3 ranked highest
BRIEF_OWN = 2  # the submission names up to this many of an option's own high risks
BRIEF_PARTIES = 8  # parties with recorded positions quoted; the rest are counted
ISSUE_WORDS = 40  # the issue (the appraisal's question) is cut to its first sentences
RISK_WORDS = 30  # a risk's words, likewise

#: What the absence of each field means, said where the field would be.
ABSENT = {
    "from": "Not stated: no one is named to answer for this advice.",
    "clearance": "Not stated: this advice cannot be taken as cleared.",
    "by": "Not stated: the private office should set a date.",
}

#: The space a page holds, in estimated lines of body text (10pt, the brief's page), and the
#: characters a line holds: calibrated on the rendered PDF (tests/test_submission.py renders
#: the largest workspace the caps allow and checks the page count).
PAGE_LINES = 59
LINE_CHARS = 100
SPLIT_LINES = 2  # a paragraph split across pages keeps this many lines each side (style.css)
BOX_CHARS = 78  # a line in the summary box's right-hand column


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _lower(s: str) -> str:
    """'The risk ...' as 'the risk ...' after a colon: an article, or a word whose other
    letters are lower case ('Keep'), is lowered; a name in capitals ('IMPRESS') is not."""
    first = s.split(" ", 1)[0]
    if first in ("The", "A", "An") or (first[1:].islower() and first[:1].isupper()):
        return s[:1].lower() + s[1:]
    return s


def _short_name(name: str) -> str:
    """A stakeholder's name without its bracketed gloss."""
    return name.split(" (", 1)[0]


def _end(text: str) -> str:
    """The text as a sentence: one full stop at the end, none doubled."""
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!", "\u201d", "'")) else text + "."


def _first_words(text: str, limit: int) -> str:
    """The text's first sentences, up to ``limit`` words."""
    words = " ".join(text.split()).split(" ")
    if len(words) <= limit:
        return " ".join(words)
    cut = " ".join(words[:limit])
    end = cut.rfind(". ")
    return cut[: end + 1] if end > 0 else textwrap.shorten(cut, 600, placeholder=" \u2026")


def _lines(block) -> float:
    """Roughly how many lines a block takes on the page (for the two-page budget)."""
    if isinstance(block, Heading):
        return 2.5  # its margin above (style.css: 0.6em) and its rule
    if isinstance(block, Para):
        return 1 + math.ceil((len(block.lead) + len(block.text) + 1) / LINE_CHARS)
    if isinstance(block, Items):
        return 1 + sum(math.ceil((len(x) + 4) / (LINE_CHARS - 4)) for x in block.items)
    if isinstance(block, Box):
        return 4 + sum(max(1, math.ceil(len(v) / BOX_CHARS)) + 0.3 for _, v in block.rows)
    return 2


def _number(c: dict, oid: str) -> str:
    """'option 2', or the option's name when it has no number."""
    o = c["long_list"].option(oid)
    return f"option {o.number}" if o.number is not None else o.name


def _from(c: dict) -> str:
    d, meta = c["long_list"].decision, c["meta"]
    if d.from_:
        return d.from_
    parts = [x for x in (meta["author"], meta["organisation"]) if x and x != NOT_STATED]
    return ", ".join(parts) or ABSENT["from"]


def _deadline(d) -> str:
    by = d.by.strip().rstrip(".")
    why = f" {_end(d.by_why)}" if d.by_why else ""
    if by:
        return f"Decision needed by {by}.{why}"
    return ABSENT["by"] + why


# --- what the appraisal adds ------------------------------------------------------------------

_STANDING = {
    "clear": "The lead holds under each test of how far the evidence can be trusted.",
    "close": "The lead is narrow: at least one test brings the runner-up close.",
    "too close to call": "The lead is too small to rely on.",
    "provisional": "The figures rest on example text, not evidence, so they decide nothing yet.",
}
#: The analysis's own standing, said after the recorded reason for the recommended answer.
_STANDING_BRIEF = {
    "clear": "The appraisal puts {a} first, and its lead holds under every test.",
    "close": "The appraisal puts {a} narrowly ahead of {b}.",
    "too close to call": "The appraisal cannot separate {a} and {b} on the evidence recorded.",
    "provisional": "The appraisal's figures rest on example text, not evidence.",
}


def _finding(c: dict, strengths: bool = True) -> str:
    """What the appraisal computes, in plain words: the top two, what sets them apart, and how
    far that holds; never a restatement of an input."""
    n = c["narrative"]
    h = n.head_to_head
    if h is None:
        return f"{_cap(_number(c, n.leader))} is the only option appraised."
    lead, other = _number(c, h.leader), _number(c, h.runner_up)
    name = c["ws"].criterion
    parts = [(x, v) for x, v in h.by_criterion if round(v, 1) != 0]
    strong = [name(x).name.lower() for x, v in sorted(parts, key=lambda p: -p[1]) if v > 0]
    weak = [name(x).name.lower() for x, v in sorted(parts, key=lambda p: p[1]) if v < 0]
    if round(h.lead, 1) == 0:
        out = f"Under {n.weights_by}, {lead} and {other} score the same overall."
    else:
        out = (
            f"Under {n.weights_by}, {lead} scores {points(h.lead)} points out of 100 more than "
            f"{other}."
        )
        if strong and strengths:  # where each is stronger, never that one side "outweighs"
            chiefly = "chiefly " if len(strong) > 2 else ""
            out += f" It is stronger {chiefly}on {join_words(strong[:2])}"
            if weak:
                chiefly = "chiefly " if len(weak) > 2 else ""
                out += f"; {other} {chiefly}on {join_words(weak[:2])}"
            out += "."
    if not (n.status == "too close to call" and c["long_list"].decision.recommended):
        out += " " + _STANDING.get(n.status, "")  # else the summary box already says it
    both = _both_tests(c)
    if both:
        out += " " + both
    else:
        for t in n.verdicts:
            if t.name in ("scores", "both") and t.brief:
                out += f" {_end(_cap(t.brief))}"
    return out + _across(c)


def _both_tests(c: dict) -> str:
    """The two tests that vary the evidence, in one sentence with one subject, the leader:
    'Option 5 stays first in 62% of trials with the scores varied, and in 61% with weights and
    scores varied together.' Empty when either test is missing."""
    from .fmt import pct

    n, lead, smaa = c["narrative"], c.get("lead"), c.get("smaa")
    names = {t.name for t in n.verdicts}
    if not {"scores", "both"} <= names or lead is None or smaa is None or n.tied[1:]:
        return ""
    first = smaa.acceptability[smaa.options.index(n.leader), 0]
    return (
        f"{_cap(_number(c, n.leader))} stays ahead of {_number(c, n.runner_up)} in "
        f"{pct(lead.p_ahead)} of trials with the scores varied, and comes first in {pct(first)} "
        "with weights and scores varied together."
    )


def _across(c: dict, most: int = BRIEF_PARTIES) -> str:
    """The cross-party view in a sentence: what a compromise between every party's weights puts
    first, beside the one set of weights the paper rests on (never a party's preference). The
    parties are counted as the list under 'What the parties think' counts them, and parties the
    record cannot tell apart are said to count one view twice, as the options paper says."""
    con, sts = c.get("consensus"), c.get("stakeholders") or ()
    lead = c["narrative"].leader
    if con is None or len(sts) < 2 or not getattr(con, "compromise_leader", None):
        return ""
    comp = con.compromise_leader
    listed = [s for s in sts if getattr(s, "positions", ())][:most]
    own = _maker_party(c)
    listed += [own] if own is not None else []
    rest = [_short_name(s.name) for s in sts if s not in listed]
    k = number_word(len(sts))
    if listed and rest:
        whose = (
            f"the {k} parties' modelled weights (the {number_word(len(listed))} listed below and "
            f"{join_words([possessive(the(x)) for x in rest])})"
        )
    else:
        whose = f"all {k} parties' modelled weights"
    out = (
        f" A compromise across {whose} also puts it first"
        if comp == lead
        else f" A compromise across {whose} puts {_number(c, comp)} first instead"
    )
    for f in c.get("findings", ()):  # the structure check's pairs, named as the list names them
        if f.code != "indistinguishable-stakeholders" or " have the same" not in f.plain:
            continue
        said = f.plain.split(" have the same", 1)[0]
        pair = [_short_name(s.name) for s in sts if _short_name(s.name) in said]
        if len(pair) == 2:
            out += (
                f", counting one view twice: {join_words([the(x) for x in pair])} share one set "
                "of weights"
            )
            break
    return out + "."


#: the mark a requirement's source carries when the requirement is this appraisal's reading
READING = "this appraisal's reading"


def _whose_short_list(c: dict) -> str:
    """' is the Commissioner's (Commissioner's report, s18)': the party whose own statements,
    as modelled, put every other option below the short list (the base case's first), with the
    statement's source; empty when no party's record does."""
    from .narrative import stated_below

    short, long_ids = c["screen"].screen.short_list, c["long_list"].option_ids
    for st in sorted(c["stakeholders"], key=lambda s: s.id != c["stakeholder"].id):
        statements = tuple(getattr(st, "statements", ()) or ())
        if stated_below(statements, long_ids, short):
            from ..model.statements import Prefer

            src = next(
                (
                    x.source
                    for x in statements
                    if isinstance(x, Prefer) and x.better in short and x.source
                ),
                "",
            )
            who = possessive(the(_short_name(st.name)))
            where = re.search(r"\bs\d+[A-Z]?$", src)  # 'Commissioner's report, s18': 's18'
            return f"{who} ({where.group(0) if where else src})" if src else who
    return ""


def _short_list(c: dict, detail: bool = True, names: bool = True) -> list:
    """The short list said as whose it is: a party's own statement when its record puts every
    other option below it (office reading 7, A4), reproduced by the options paper's screen,
    with any requirement that is this appraisal's reading said so; never 'an input, not a
    finding'."""
    sc = c["screen"]
    if sc is None:
        return []
    s, long, label = sc.screen, c["long_list"], c["label"]
    shown = (
        f": {join_words([label(o) if names else _number(c, o) for o in s.short_list])}."
        if len(s.short_list) <= BRIEF_OPTIONS
        else " (the options paper ranks them all)."
    )
    readings = [r.name for r in long.requirements if READING in r.source]
    read = (
        f" One of its {number_word(len(long.requirements))} requirements, "
        f"\u2018{readings[0]}\u2019, is this appraisal's reading of the record."
        if len(readings) == 1
        else f" {number_word(len(readings)).capitalize()} of its requirements are this "
        "appraisal's readings of the record."
        if readings
        else ""
    )
    whose = _whose_short_list(c)
    out = c["screened_out"]
    why = (
        f" and says why the other {number_word(len(out))} were set aside"
        if out and not (len(out) <= BRIEF_OPTIONS and detail)
        else ""
    )
    text = (
        f"{number_word(len(long.options)).capitalize()} options were considered; "
        f"{number_word(len(s.short_list))} were appraised{shown} "
        + (
            f"The short list is {whose}; the options paper's screen reproduces it{why}.{read}"
            if whose
            else "The short list is the options that meet every must-meet requirement, as the "
            f"options paper's screen applies them{why}.{read}"
        )
    )
    if out and len(out) <= BRIEF_OPTIONS and detail:
        # each requirement once, with the options that fail it
        failing: dict[str, list[str]] = {}
        for x in out:
            for r in x.failed_names:
                failing.setdefault(r, []).append(_number(c, x.option)[7:] or x.option)
        text += (
            " Set aside: "
            + "; ".join(
                f"{'options' if len(who) > 1 else 'option'} {join_words(who)} "
                f"{'fail' if len(who) > 1 else 'fails'} \u2018{r}\u2019"
                for r, who in failing.items()
            )
            + "."
        )
    return [Para(text, lead="Background: the options.")]


# --- risks --------------------------------------------------------------------------------------

SCALE_WORDS = (
    f"Risks are rated likelihood \u00d7 impact, each {SCALE[0]} to {SCALE[1]}, so at most "
    f"{SCALE[1] ** 2}: {HIGH_FROM} or more is high, {MEDIUM_FROM} to {HIGH_FROM - 3} medium, "
    f"below {MEDIUM_FROM} low."
)


def _whose_ratings(c: dict) -> str:
    """Whose the ratings are, when the registers mark them as the appraisal's own
    (model/risks.py ``modelled``): never left to look like the source's figures."""
    long = c["long_list"]
    every = [r for o in c["risks"].options for r in long.option(o).risk_register]
    if every and all(r.modelled for r in every):
        return " The ratings are this appraisal's judgements; the source gives none."
    if any(r.modelled for r in every):
        return " Some ratings are this appraisal's judgements; the options paper marks them."
    return ""


def _rated(r) -> str:
    """'Rated 20 of 25 before mitigation (high: 4 × 5), 15 after (high: 3 × 5).': likelihood
    times impact, as the scale sentence above the risks says."""
    top = SCALE[1] ** 2
    before = f"Rated {r.score} of {top} ({r.band}: {r.likelihood} \u00d7 {r.impact})"
    lik = r.likelihood if r.residual_likelihood is None else r.residual_likelihood
    imp = r.impact if r.residual_impact is None else r.residual_impact
    if (lik, imp) == (r.likelihood, r.impact):
        return f"{before}, unchanged by mitigation."
    return f"{before}, {r.residual_score} after mitigation ({r.residual_band}: {lik} \u00d7 {imp})."


MITIGATION_WORDS = 14  # a mitigation is cut at a comma to this many words, never mid-phrase


def _top_level_cuts(text: str) -> list[int]:
    """Where ``text`` may end a phrase: each ", " outside brackets."""
    depth, out = 0, []
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0 and text[i + 1 : i + 2] == " ":
            out.append(i)
    return out


def _short_mitigation(text: str) -> str:
    """The register's own mitigation, shortened only where a phrase ends: its first clause (to
    the first '; '), and of that the longest run of phrases (to a comma outside brackets) within
    :data:`MITIGATION_WORDS`; never a phrase cut in the middle, never an ellipsis (office
    reading 7, A2)."""
    first = " ".join(text.split()).split("; ", 1)[0].rstrip(".")
    if len(first.split(" ")) <= MITIGATION_WORDS:
        return first
    fits = [i for i in _top_level_cuts(first) if len(first[:i].split(" ")) <= MITIGATION_WORDS]
    return first[: fits[-1]] if fits else first


def _is_maker(c: dict, owner: str) -> bool:
    """Whether a risk's owner is the decision-maker this submission is addressed to."""
    maker = " ".join((c["long_list"].decision.maker or "").split()).lower()
    maker = maker[4:] if maker.startswith("the ") else maker
    return bool(maker) and maker in owner.lower()


def _owner(c: dict, r) -> str:
    """The first owner named; when that is the decision-maker this submission is addressed to,
    'the decision-maker' and who advises them, so that it is said (office reading 7, A6)."""
    owner = " ".join(r.owner.split())
    if not owner:
        return ""
    first, _, rest = owner.partition(", ")
    if _is_maker(c, first):
        return "the decision-maker" + (f", {rest}" if rest else "")
    return first


def _mitigated(c: dict, r) -> str:
    """' Mitigation: a complete phrase of the register's (owner: the first owner named).'"""
    if not r.mitigation.strip():
        return " No mitigation is recorded."
    owner = _owner(c, r)
    return f" Mitigation: {_lower(_short_mitigation(r.mitigation))}" + (
        f" (owner: {owner})." if owner else "."
    )


def _numbered(c: dict, regs: dict) -> dict:
    """Each risk's number as the options paper's registers give it ('5.1': option 5's first,
    in the ranked order), by (option, risk id)."""
    from .compose import _tag

    long = c["long_list"]
    return {
        (o, r.id): f"{_tag(long, o)}.{k + 1}" for o, reg in regs.items() for k, r in enumerate(reg)
    }


def _handled(c: dict, r) -> bool:
    """Whether the handling names the party the risk is about (a word of the risk's text)."""
    text = r.risk.lower()
    return any(
        re.search(rf"\b{re.escape(h.who.lower())}\b", text)
        for h in c["long_list"].decision.handling
    )


def _profiles_line(c: dict, ids: list[str]) -> str:
    """'High / medium before → after mitigation: option 2, 3 / 1 → 2 / 2; ...', computed from
    the registers' profiles (the options paper's section 5); low is given when any is low."""
    prof = {p.option: p for p in c["risks"].profiles}
    shown = [prof[o] for o in ids if o in prof and prof[o].risks]
    if not shown:
        return ""
    bands = ["high", "medium"] + (
        ["low"] if any(p.before.low or p.after.low for p in shown) else []
    )

    def tally(t) -> str:
        return " / ".join(str(getattr(t, b)) for b in bands)

    return (
        f"{_cap(' / '.join(bands))} risks before \u2192 after mitigation: "
        + "; ".join(
            f"{_number(c, p.option)}, {tally(p.before)} \u2192 {tally(p.after)}" for p in shown
        )
        + "."
    )


def _brief_risks(
    c: dict,
    own_most: int = BRIEF_OWN,
    most: int = BRIEF_RISKS,
    shared: bool = True,
    mitigation: bool = True,
) -> list[str]:
    """The submission's risks, each rated before and after mitigation with its scale and its
    number in the options paper's registers: each short-listed option's largest risk (a risk
    that is the largest in several registers, by id, is said once, with each option's
    mitigation), then, up to ``own_most`` risks an option, its largest own risk that stays
    high after mitigation when its largest is shared, and its most likely risk when more likely than those shown, with a
    pointer to the handling when it names the party the risk is about (office reading 7, A1).
    Every high risk left out is counted and numbered, and one line gives each option's profile
    before and after mitigation. Without ``shared`` the shared risk's mitigations are pointed
    to, not given."""
    from ..methods.risks import ranked

    long = c["long_list"]
    ids = list(c["risks"].options)
    if len(ids) > most:  # the highest-ranked; the paper has the rest
        place = {r.option: i for i, r in enumerate(c["ranking"].rows)}
        ids = sorted(ids, key=lambda o: (place.get(o, len(place)), o))[:most]
    if not any(long.option(o).risk_register for o in c["risks"].options):
        return ["No risk register is recorded for the short-listed options yet."]
    regs = {o: ranked(long.option(o).risk_register) for o in ids}
    num = _numbered(c, regs)
    with_one = [o for o in ids if regs[o]]
    common = (  # only ids the files name: R1, R2 by place are no risk shared
        set.intersection(*({r.id for r in regs[o] if r.named} for o in with_one))
        if len(with_one) > 1
        else set()
    )
    chosen: dict[str, list] = {o: [] for o in with_one}
    for o in with_one:
        reg = regs[o]
        picks = [reg[0]]
        if reg[0].id in common:  # its largest is shared: its largest own risk that stays high
            own = [r for r in reg if r.id not in common and r.residual_band == "high"]
            picks += own[:1]
        likeliest = max(reg, key=lambda r: (r.likelihood, r.score))
        if likeliest.likelihood > max(r.likelihood for r in picks):
            picks.append(likeliest)
        chosen[o] = picks[: max(1, own_most)]
    items = []
    # a risk that is the largest of several options, said once
    firsts: dict[str, list[str]] = {}
    for o in with_one:
        if chosen[o][0].id in common:
            firsts.setdefault(chosen[o][0].id, []).append(o)
    said = set()
    for rid, who in firsts.items():
        if len(who) < 2:
            continue
        rs = [chosen[o][0] for o in who]
        top = max(rs, key=lambda r: (r.score, r.residual_score))
        same = len({(r.score, r.residual_score) for r in rs}) == 1
        nums = ", ".join(num[(o, rid)] for o in who)
        head = (
            f"Largest for {join_words([_number(c, o) for o in who])}: "
            if len(who) < len(ids)  # an option with no register shares nothing
            else "Largest for both options: "
            if len(who) == 2
            else "Largest for every short-listed option: "
        )
        text = f"{head}{_lower(_first_words(top.risk, RISK_WORDS))} ({nums}). " + (
            _rated(top) if same else f"At most: {_rated(top)[6:]}"
        )
        if mitigation and shared:
            parts = [
                f"{_number(c, o)}, {_mitigated(c, chosen[o][0])[13:].rstrip('.')}" for o in who
            ]
            text += " Mitigation: " + "; ".join(parts) + "."
        items.append(text)
        said |= {(o, rid) for o in who}
    for o in ids:
        who = _cap(_number(c, o))
        if not regs[o]:
            items.append(f"{who}: no risk register recorded yet.")
            continue
        rest = [r for r in chosen[o] if (o, r.id) not in said]
        if not rest:
            continue
        parts = []
        for r in rest:
            see = "; see Handling" if _handled(c, r) else ""
            parts.append(
                f"{_lower(_end(_first_words(r.risk, RISK_WORDS))[:-1])} ({num[(o, r.id)]}{see}). "
                + _rated(r)
                + (_mitigated(c, r) if mitigation else "")
            )
        also = " also" if any(s[0] == o for s in said) else ""
        items.append(f"{who}{also}: " + " ".join(parts))
    shown = {(o, r.id) for o in with_one for r in chosen[o]}
    left = [
        num[(o, r.id)]
        for o in with_one
        for r in regs[o]
        if r.band == "high" and (o, r.id) not in shown
    ]
    line = _profiles_line(c, ids)
    if left:
        k = len(left)
        line += (
            f"{' ' if line else ''}Not shown here: {count(k)} more high "
            f"risk{'s' if k != 1 else ''} ({join_words(left)})."
        )
    if line:
        items.append(f"{line[:-1]} (options paper, section 5).")
    if not mitigation:  # cut for space, said where
        items.append("Each risk's mitigation and owner are in section 5 of the options paper.")
    rest_n = len(c["risks"].options) - len(ids)
    if rest_n:
        items.append(
            f"The other {rest_n} short-listed options' risks are in section 5 of the options paper."
            if rest_n > 1
            else "The other short-listed option's risks are in section 5 of the options paper."
        )
    return items


# --- the parties ------------------------------------------------------------------------------


def _maker_party(c: dict):
    """The party whose weights stand for the decision-maker's view (``maker_weights``), when it
    records no position of its own: described, never left out, as a compromise counts it."""
    maker = c["ws"].decision.maker_weights
    return next(
        (s for s in c["stakeholders"] if s.id == maker and not getattr(s, "positions", ())), None
    )


def _cited(source: str) -> str:
    """A source as a submission cites it: its first part and its section ("Secretary of
    State's Direction, January 2016 (...), in the Commissioner's report, s2": "Secretary of
    State's Direction (s2)")."""
    head = source.split(", ", 1)[0]
    where = re.search(r"\bs\d+[A-Z]?$", source)
    return f"{head} ({where.group(0)})" if where and head != source else source


def _maker_words(s) -> str:
    """'Department for Education. No view on the options is recorded; its weights here are
    this appraisal's reading of (its record's source).' (office reading 7, A5)"""
    sources = list(dict.fromkeys(x.source for x in getattr(s, "statements", ()) if x.source))
    read = (
        f"; its weights are this appraisal's reading of the {_cited(sources[0])}"
        if len(sources) == 1
        else "; its weights are this appraisal's reading of its record"
        if sources
        else ""
    )
    return f"{_short_name(s.name)}. No view on the options is recorded{read}."


def _parties(c: dict, most: int = BRIEF_PARTIES, each: int = 99) -> list[str]:
    """Each party's recorded positions, quoted with their sources; the parties with none are
    named as such. A model's ranking never stands in for what a party said."""
    sts = c["stakeholders"]
    said = [s for s in sts if getattr(s, "positions", ())]
    own = _maker_party(c)
    items = []
    for s in sts:
        if s is own:  # counted in the compromise, so described, as the options paper does
            items.append(_maker_words(s))
        if s not in said[:most]:
            continue
        parts = [
            f"{_cap(p.said.rstrip('.'))} (\u201c{' '.join(p.quote.split())}\u201d, {p.source})."
            for p in s.positions[:each]
        ]
        items.append(f"{_short_name(s.name)}. " + " ".join(parts))
    cut = sum(max(0, len(s.positions) - each) for s in said[:most])
    if cut:  # said once, not after each party
        items.append(
            f"For space, {count(cut)} more recorded position{'s are' if cut != 1 else ' is'} "
            "not shown here (their weights files hold them)."
        )
    if len(said) > most:
        items.append(
            f"For space, {len(said) - most} more parties' recorded positions are not shown here "
            "(their weights files hold them)."
        )
    maker = c["ws"].decision.maker_weights  # the decision-maker's own view is this advice
    none = [
        _short_name(s.name)
        for s in sts
        if not getattr(s, "positions", ()) and not (maker and s.id == maker)
    ]
    if none and said:
        items.append(f"No position is recorded for {join_words([the(x) for x in none])}.")
    elif none:
        items.append(
            "No party's position is recorded in this appraisal, so none is given here. The "
            "weights the options paper uses for each party are modelled or stated, not the "
            "party's own view of the decision."
        )
    return items


# --- the document -----------------------------------------------------------------------------


#: What the submission leaves out, step by step, while the estimate says two pages would
#: overflow: first the optional (the closing pointer, what would change it, the background's
#: description, each set-aside option's failed requirements), then the longer lists are cut
#: to their first entries, each cut said where it is made. The decision's own words (the
#: answers, the argument, the handling, every proviso) are never cut: their total is capped
#: where they are recorded (model/decision.py, TOTAL_CHARS).
FIT_STEPS = (
    ("closing",),
    ("change",),
    ("description",),
    ("set_aside",),
    ("strengths",),
    ("shared_risks",),
    ("gaps",),
    ("names",),
    ("own_risks", 1),
    ("positions", 2),
    ("positions", 1),
    ("parties", 4),
    ("parties", 2),
    ("risk_options", 2),
    ("parties", 1),
    ("risk_options", 1),
    ("mitigation",),
)


def submission(c: dict, page_lines: int = PAGE_LINES) -> Document:
    """The two pages: the most that fits of :func:`_compose`, cut by :data:`FIT_STEPS`, on
    pages of ``page_lines`` lines (fewer when the rendered PDF shows the estimate was short)."""
    cuts: dict[str, object] = {}
    doc = _compose(c, cuts)
    for step in FIT_STEPS:
        if _pages(doc, page_lines) <= 2:
            break
        cuts[step[0]] = step[1] if len(step) > 1 else True
        doc = _compose(c, cuts)
    return doc


def _units(doc: Document) -> list[float]:
    """The document as the printed page breaks it: each unit (a box, a list item, a short
    paragraph) is never split across pages, a plain paragraph only with :data:`SPLIT_LINES`
    lines each side (the style sheet's orphans and widows), and a heading goes with the unit
    after it."""
    out: list[float] = [6 + sum(2 + len(v) // LINE_CHARS for _, v in doc.cover)]
    carry = 0.0  # a heading's lines, kept with what follows
    for b in doc.blocks:
        if isinstance(b, Heading):
            carry += _lines(b)
            continue
        if isinstance(b, Items):
            parts = [math.ceil((len(x) + 4) / (LINE_CHARS - 4)) for x in b.items] or [0]
            parts[0] += 1  # the list's margin
        elif isinstance(b, Para) and not b.style and _lines(b) >= 2 * SPLIT_LINES + 1:
            # a plain paragraph may run on to the next page, keeping two lines each side
            n = int(_lines(b))
            parts = [SPLIT_LINES + 1, *([1] * (n - 2 * SPLIT_LINES - 1)), SPLIT_LINES]
        else:
            parts = [_lines(b)]
        out += [carry + parts[0], *parts[1:]]
        carry = 0.0
    if carry:
        out.append(carry)
    return out


def _pages(doc: Document, page_lines: int = PAGE_LINES) -> int:
    """How many pages the document takes, filling pages of :data:`PAGE_LINES` unit by unit
    (an estimate, calibrated on the rendered PDF)."""
    pages, left = 1, page_lines
    for u in _units(doc):
        if u > left and left < page_lines:
            pages, left = pages + 1, page_lines
        left -= u
    return pages


def _compose(c: dict, cut: dict) -> Document:
    ws, n, long = c["ws"], c["narrative"], c["long_list"]
    d = long.decision
    meta = c["meta"]
    doc = Document(
        "submission",
        ws.title,
        "Submission",
        meta["marking"],
        (
            ("To", d.maker or NOT_STATED),
            ("From", _from(c)),
            ("Clearance", d.clearance or ABSENT["clearance"]),
            ("Date", c["date"] or NOT_STATED),
        ),
    )
    note = examples_note(c, labelled=False)
    if note:
        doc.add(note)
    rec = d.recommended
    sought = c["decision"]["sought"]
    issue = (ws.question if ws.question != QUESTION else "") or ws.title
    rows: list[tuple[str, str]] = [("Issue", _first_words(issue, ISSUE_WORDS))]
    rows.append(
        (
            "Decision sought",
            sought
            or f"{NO_DECISION} The recommendation below is the appraisal's finding on the issue, "
            "not an answer to a decision.",
        )
    )
    for a in d.answers:
        rows.append((f"Answer {d.letter(a)}", _end(a.text)))
    if rec is not None:
        standing = _STANDING_BRIEF.get(n.status, "").format(
            a=_number(c, n.leader), b=_number(c, n.runner_up or n.leader)
        )
        why = _end(d.why) + " " if d.why else ""
        rows.append(("Recommendation", f"Answer {d.letter(rec)}. {why}{standing}"))
    else:
        rows.append(("Recommendation", _cap(n.headline)))
    rows.append(("Deadline", _deadline(d)))
    doc.add(Box("Summary", tuple(rows)))
    for p in d.provisos:
        whose = f"{p.by}, " if p.by else ""
        doc.add(
            Para(
                f"\u201c{' '.join(p.quote.split())}\u201d ({whose}{p.source}).",
                lead="Proviso, quoted whole.",
                style="quote",
            )
        )

    if ws.description and "description" not in cut:
        doc.add(Heading(1, "Background"), Para(_first_words(ws.description, 60)))
    doc.add(*_short_list(c, "set_aside" not in cut, "names" not in cut))

    doc.add(Heading(1, f"Argument for answer {d.letter(rec)}" if rec else "Argument"))
    if d.argument:
        doc.add(Items(tuple(_end(x) for x in d.argument)))
    doc.add(Para(_finding(c, "strengths" not in cut), lead="What the appraisal adds."))
    q = weight_question(c)
    if q is not None:  # the judgement the analysis turns on, put to the decision-maker
        # whose weights, named briefly ('the Commissioner' for the Commissioner for Children's
        # Services): the paragraph before ends on other parties' weights (office reading 8)
        whose = _cap(possessive(the(_short_name(c["stakeholder"].name).split(" for ")[0])))
        # the question is what the record leaves open: put to the decision-maker, not said again
        said = asked(c, q, _number, False, f"{whose} weights", silence=False)
        doc.add(Para(said, lead="The question for you."))
    if n.evidence and "change" not in cut:
        doc.add(Para(_cap(n.evidence[0]), lead="What would change it."))
    # what the detailed work must settle: each case's 'still lacks', said once
    vfm = c["value_for_money"].result.recorded
    gaps = [g.split(":", 1)[0].lower() for g in not_yet_recorded(c) if g != "Costs"]
    rest = (
        ("The appraisal does not yet record " if vfm else "Nor does the appraisal yet record ")
        + join_words(gaps)
        + ". The options paper's last three cases list the gaps."
        if gaps and "gaps" not in cut
        else "The options paper's last three cases list what is not yet recorded."
        if gaps
        else ""
    )
    if vfm:
        doc.add(*economic.brief(c))
        if rest:
            doc.add(Para(rest, lead="Not yet recorded."))
    else:
        doc.add(
            Para(
                (_end(d.costs) + " " if d.costs else "No costs are recorded. ")
                + "Without them, no one can weigh cost against value."
                + (f" {rest}" if rest else ""),
                lead="Costs: not recorded.",
            )
        )
    risks = _brief_risks(
        c,
        cut.get("own_risks", BRIEF_OWN),
        cut.get("risk_options", BRIEF_RISKS),
        "shared_risks" not in cut,
        "mitigation" not in cut,
    )
    doc.add(Heading(1, "Risks"))
    if any(f" of {SCALE[1] ** 2} " in x for x in risks):  # a rating shown: its scale first
        doc.add(Para(SCALE_WORDS + _whose_ratings(c)))
    doc.add(Items(tuple(risks)))
    doc.add(
        Heading(1, "What the parties think"),
        Items(tuple(_parties(c, cut.get("parties", BRIEF_PARTIES), cut.get("positions", 99)))),
    )
    doc.add(Heading(1, "Handling"))
    if d.handling:
        doc.add(
            Items(
                tuple(
                    f"{h.who}: {_end(h.reaction)} Line to take: {_end(h.line)[:-1]} ({h.source})."
                    for h in d.handling
                )
            )
        )
    else:
        doc.add(
            Para(
                "No handling is recorded: the reactions the record foresees and the lines to "
                "take are not set out yet."
            )
        )
    if "closing" not in cut:
        doc.add(
            Para(
                "The options paper gives the long list and why each option was set aside, every "
                "score with its evidence, the risk registers and the tests behind this advice.",
                style="note",
            )
        )
    return doc
