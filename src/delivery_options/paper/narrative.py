"""The recommendation and its reasons, built from computed results, never written by hand.

How certain the paper may sound is decided here, by three tests, each shown in the paper with its
own verdict; the label is the weakest verdict shown, never stronger:
  scores   how often plausible scores (each within its low-high range) put the runner-up ahead
           at the stakeholder's own weights: "too close to call" in more than 1 trial in 5,
           "close" in more than 1 in 20;
  weights  whether the runner-up could draw level under weights the stakeholder would accept
           (the switching weights of switching.py over its feasible set): "close" if it could;
  both     how often the leader is first when weights and scores vary together (SMAA-2):
           "too close to call" below one half, "close" below three quarters.
An exact tie at the top is "too close to call" whatever the tests say. A workspace that still
holds the example text ``options init`` wrote (model/scaffold.py ``placeholders``) is
"provisional", weaker than any test: its figures rest on no evidence yet.

Every sentence is tie-aware (a tied runner-up is "level", never "already first" or "80 rather
than 80"), attributes weights honestly ("the weights modelled for X", never "X's weights"), and
uses no method jargon: the method's names are in the paper's annex.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from ..methods.check import CLOSE_SCORES, TOO_CLOSE_SCORES  # one rule: the paper and check
from ..methods.record import share_words
from ..present.words import possessive
from .fmt import apportion_table, join_words, pct, points

TOO_CLOSE_SMAA = 0.50
CLOSE_SMAA = 0.75

NAMED_PARTS = 8  # a side of the head to head with more criteria names the largest 6
NAMED_OPTIONS = 12  # more options than this that can come first: counted, the top 5 named
NAMED_SHOWN = 5

CLEAR, CLOSE, TOO_CLOSE = "clear", "close", "too close to call"
PROVISIONAL = "provisional"
STRENGTH = {CLEAR: 2, CLOSE: 1, TOO_CLOSE: 0, PROVISIONAL: -1}
#: more ranked options than this: the body shows the highest-ranked, the rest summarised
BODY_OPTIONS = 12

# The rules, as the paper states them (Annex A) and the tests read them.
RULES = (
    f'"Too close to call": the top two score the same; or, with every score varied within its '
    f"plausible range, the runner-up comes out ahead in more than 1 trial in "
    f"{round(1 / (1 - TOO_CLOSE_SCORES))}; or, with weights and scores varied together, the "
    f"leader is first in fewer than half the trials.",
    f'"Close": the runner-up could draw level under weights the stakeholder would accept; or '
    f"scores put it ahead in more than 1 trial in {round(1 / (1 - CLOSE_SCORES))}; or the "
    f"leader is first in fewer than three quarters of the trials with both varied.",
    '"Clear": none of these. The label shown is never stronger than the weakest test shown '
    "beside it.",
    '"Provisional", whatever the tests say: the workspace still holds the example text that '
    "options init wrote, so its figures rest on no evidence yet.",
)

_ARTICLE = {
    "Commissioner",
    "Department",
    "Secretary",
    "Minister",
    "Council",
    "Board",
    "Director",
    "Chief",
    "Trade",
    "Frontline",
    "Safeguarding",
    "Cabinet",
    "Leader",
}


def the(name: str) -> str:
    """'the Commissioner for Children's Services'; a name that reads without one is kept."""
    first = name.split(" ", 1)[0]
    return f"the {name}" if first in _ARTICLE else name


#: how each basis is said before a stakeholder's name: "the weights modelled for X"
BASIS_WORDS = {
    "modelled": "modelled for",
    "stated": "stated for",
    "inferred": "inferred for",
    "elicited": "elicited from",
}


def whose(name: str, basis: str = "modelled") -> str:
    """Honest attribution of a stakeholder's weights: modelled (by the analyst), stated (given
    by or for the stakeholder), inferred (from what it said) or elicited (in an interview)."""
    if basis == "elicited":
        return f"the weights elicited from {the(name)}"
    if basis == "inferred":
        return f"the weights inferred for {the(name)} from what they said"
    if basis == "stated":
        return f"the weights stated for {the(name)}"
    return f"the weights this appraisal inferred from {possessive(the(name))} record"


def accepts(name: str, basis: str = "modelled") -> str:
    """What a stakeholder would accept: in its own words only when elicited from it."""
    if basis == "elicited":
        return f"what {the(name)} said they would accept"
    if basis == "stated":
        return f"what {the(name)} would accept, as stated for them"
    if basis == "inferred":
        return f"the weights inferred from what {the(name)} said"
    # modelled: the analyst's reading of the record, never said in the party's name
    return f"the weights modelled from {possessive(the(name))} record"


def every_party(bases: Sequence[str]) -> str:
    """'the weights modelled for every party', or with weights of several kinds 'every party's
    weights (stated or modelled)': never one kind said of all when it is true of some."""
    kinds = [b for b in BASIS_WORDS if b in set(bases)]
    if len(kinds) == 1:
        return f"the weights {BASIS_WORDS[kinds[0]]} every party"
    return f"every party's weights ({join_words(kinds, 'or')})"


def their_weights(bases: Sequence[str]) -> str:
    """'the weights modelled for them', or 'their weights (stated or modelled)'."""
    kinds = [b for b in BASIS_WORDS if b in set(bases)]
    if len(kinds) == 1:
        return f"the weights {BASIS_WORDS[kinds[0]]} them"
    return f"their weights ({join_words(kinds, 'or')})"


def limits_of(bases: Sequence[str]) -> str:
    """'The limits modelled for what each party would accept', said as the weights came about."""
    kinds = [b for b in BASIS_WORDS if b in set(bases)]
    if kinds == ["modelled"]:
        return "The weights modelled from each party's record"
    word = kinds[0] if len(kinds) == 1 else "recorded"
    return f"The limits {word} for what each party would accept"


@dataclass(frozen=True)
class Test:
    """One certainty test as it came out: its name, the sentence shown, its verdict."""

    name: str  # "inputs", "tie", "scores", "weights" or "both"
    sentence: str
    verdict: str  # CLEAR, CLOSE or TOO_CLOSE: this test alone, never the paper's label
    brief: str = ""  # the result in a clause, without a verdict word, for the submission


@dataclass(frozen=True)
class HeadToHead:
    leader: str
    runner_up: str
    lead: float
    by_criterion: tuple[tuple[str, float], ...]  # (criterion id, leader minus runner-up)
    #: (criterion id, leader's part minus runner-up's as the tables print them, each rounded as
    #: Figure 1 rounds it): a gap the text gives is the difference of the parts printed
    printed: tuple[tuple[str, float], ...] = ()

    def _diff(self, c: str, d: float) -> float:
        return dict(self.printed).get(c, d)

    def shown(self) -> list[tuple[tuple[str, ...], float]]:
        """The parts as shown: criteria whose parts are equal are one part, said together, and
        each part is its own value rounded to one decimal, so that equal parts are never shown
        unequal nor a larger one smaller; the sentence says when they then miss the lead."""
        groups: dict[float, list[str]] = {}
        values: dict[float, float] = {}
        for c, d in self.by_criterion:
            key = round(d * 10, 6)  # equal to a millionth of the last place shown
            groups.setdefault(key, []).append(c)
            values[key] = values.get(key, 0.0) + self._diff(c, d)
        shown = [(tuple(groups[k]), round(values[k], 1)) for k in groups]
        return [(cs, p) for cs, p in shown if p != 0]

    def sides(self):
        """The leader's parts and the runner-up's, each in the order the sentence names them."""
        parts = self.shown()

        def order(side):
            if sum(len(cs) for cs, _ in side) <= NAMED_PARTS:
                return side
            return sorted(side, key=lambda cp: -abs(cp[1]))  # stable: ties keep their order

        return (
            order([(cs, p) for cs, p in parts if p > 0]),
            order([(cs, p) for cs, p in parts if p < 0]),
        )

    def largest_reason(self) -> str | None:
        """The criterion the sentence names first: the largest part of the leader's lead (with
        no part in its favour, the runner-up's largest)."""
        ahead, behind = self.sides()
        side = ahead or behind
        return side[0][0][0] if side else None

    def sentence(self, name, crit_name, brief=None) -> str:
        """The head to head in short sentences: the lead, where it comes from, and where the
        runner-up is stronger; ``brief`` names an option again once ``name`` has named it."""
        brief = brief or name
        lead = round(self.lead, 1)

        def part(cs: tuple[str, ...], p: float) -> str:
            if len(cs) == 1:
                return f"{crit_name(cs[0])} ({points(abs(p))} points)"
            each_ = {round(self._diff(c, dict(self.by_criterion)[c]), 1) for c in cs}
            each = points(abs(each_.pop() if len(each_) == 1 else dict(self.by_criterion)[cs[0]]))
            names = join_words([crit_name(c) for c in cs])
            return f"{names} ({each} points each, {points(abs(p))} in all)"

        def listed(side) -> list[str]:
            """Each criterion and its part; a long side names the largest, the rest together."""
            if len(side) <= NAMED_PARTS:
                return [part(cs, p) for cs, p in side]
            rest = round(sum(p for _, p in side[NAMED_PARTS - 2 :]), 1)
            others = sum(len(cs) for cs, _ in side[NAMED_PARTS - 2 :])
            return [
                *(part(cs, p) for cs, p in side[: NAMED_PARTS - 2]),
                f"{others} other criteria ({points(abs(rest))} points in all)",
            ]

        up, down = self.sides()
        ahead, behind = listed(up), listed(down)
        if lead == 0:
            text = f"{name(self.leader)} and {name(self.runner_up)} score the same overall."
            if ahead or behind:
                second = listed([(cs, -p) for cs, p in down])  # its own gains, as gains
                text += (
                    f" {_cap(brief(self.leader))} is stronger on "
                    f"{join_words(ahead) or 'nothing'}."
                    f" {_cap(brief(self.runner_up))} is stronger on "
                    f"{join_words(second) or 'nothing'}."
                )
            return text
        text = (
            f"{name(self.leader)} scores {points(lead)} points (out of 100) more than "
            f"{name(self.runner_up)}."
        )
        if ahead:
            text += f" Its lead comes from {join_words(ahead)}."
        if behind:
            text += f" {_cap(brief(self.runner_up))} is stronger on {join_words(behind)}."
        if round(sum(p for _, p in up + down), 1) != lead:
            text += " Each part is rounded on its own."
        return text


@dataclass(frozen=True)
class Narrative:
    status: str  # "clear", "close" or "too close to call"
    leader: str
    runner_up: str | None
    headline: str
    reasons: tuple[str, ...]
    caveats: tuple[str, ...]
    tests: tuple[str, ...]  # the certainty tests as they came out, in words
    head_to_head: HeadToHead | None
    # scores whose plausible range could change the top option; scores moving alike said once
    evidence: tuple[str, ...] = ()
    dissent: tuple[str, ...] = ()  # stakeholders who would choose another option
    verdicts: tuple[Test, ...] = ()
    tied: tuple[str, ...] = ()  # options level first (more than one only on an exact tie)
    way_forward: tuple[str, ...] = ()
    weights_by: str = ""  # "the weights modelled for the Commissioner ..."
    # parties whose first choice over the whole long list was screened out, said by option
    long_dissent: tuple[str, ...] = ()
    #: the options that can come first within what the stakeholder would accept, and the reason
    #: that says so (the paper shows it as an input when the record's statements already say it)
    possibly_first: tuple[str, ...] = ()
    possibly_first_reason: str = ""
    #: how many score thresholds each ``evidence`` statement gives (scores moving alike are one
    #: statement), so that a count of thresholds is of the result, not of the sentences
    thresholds: tuple[int, ...] = ()


def head_to_head(
    contrib_a: dict[str, float],
    contrib_b: dict[str, float],
    a: str,
    b: str,
    printed: dict[str, float] | None = None,
) -> HeadToHead:
    diffs = [(c, contrib_a[c] - contrib_b[c]) for c in contrib_a]
    diffs.sort(key=lambda cd: (-cd[1], cd[0]))  # the leader's advantages first
    return HeadToHead(a, b, sum(d for _, d in diffs), tuple(diffs), tuple((printed or {}).items()))


def printed_parts(rows) -> list[dict[str, float]]:
    """Each ranked option's parts as the tables print them: the first :data:`BODY_OPTIONS`
    rows rounded together as Figure 1 and the contributions table round them (fmt.py)."""
    shown = list(rows)[:BODY_OPTIONS]
    if not shown:
        return []
    ids = list(shown[0].contributions)
    table = apportion_table([[r.contributions[c] for c in ids] for r in shown])
    return [dict(zip(ids, t, strict=True)) for t in table]


def weakest(verdicts: Sequence[str]) -> str:
    return min(verdicts, key=STRENGTH.__getitem__, default=CLEAR)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _switch_sentence(
    how: str, option: str, now: str, then: str, first: str, names: Sequence[str]
) -> str:
    """One score of ``option`` that would change the top option, or several moving alike, in
    short sentences; ``first`` names what would then come first ("another option")."""
    if how == "at":
        if len(names) == 1:
            return (
                f"The score of {option} on {names[0]} ({now}) is exactly where the top option "
                f"changes. Any change to it separates the leaders, so the evidence for it "
                f"matters most."
            )
        return (
            f"The scores of {option} on {join_words(names, 'and on')} ({now} each) are exactly "
            f"where the top option changes. Any change to one of them separates the leaders, "
            f"so the evidence for them matters most."
        )
    beyond = "below" if how == "fell" else "above"
    if len(names) == 1:
        return (
            f"If the score of {option} on {names[0]} {how} from {now} to {beyond} {then}, inside "
            f"its plausible range, {first} would come first. The evidence for that score needs "
            f"checking."
        )
    which = "either" if len(names) == 2 else "any one of them"
    return (
        f"The scores of {option} on {join_words(names, 'and on')} are {now} each. If {which} "
        f"{how} {beyond} {then}, inside its plausible range, {first} would come first. The "
        f"evidence for those scores needs checking."
    )


def build(
    *,
    option_label: Callable[[str], str],  # option id -> "option 2 (Executive commissioner ...)"
    crit_name: Callable[[str], str],  # criterion id -> name in lower case
    stakeholder: str,  # the stakeholder's name
    ranking,  # value.Ranking for the main stakeholder
    lead_scores=None,  # smaa.LeadUnderScores for leader vs runner-up
    sensitivity=None,  # sensitivity.Sensitivity
    smaa_first: float | None = None,  # leader's first-rank acceptability
    smaa_samples: int | None = None,
    favourites: dict[str, Sequence[str]] | None = None,  # stakeholder name -> favourite ids
    minimax: tuple[str, float] | None = None,
    common_ground: bool | None = None,
    weight_words: Callable | None = None,  # (before, after) -> words, for the switching caveat
    basis: str = "modelled",
    score_words: Callable | None = None,  # (option, criterion, value) -> "45 (0-100)"
    #: (option, criterion, value) -> a score where the top option changes, one place finer than
    #: a score ("61.9"), so that "fell below" it is true as said; absent: ``score_words``
    switch_words: Callable | None = None,
    party_bases: dict[str, str] | None = None,  # stakeholder name -> basis; absent: modelled
    long_favourites: dict[str, Sequence[str]] | None = None,  # name -> first over the long list
    screened: dict[str, Sequence[str]] | None = None,  # screened-out option -> failed names
    placeholders: Sequence[str] = (),  # files still holding init's example text
    #: stakeholder name -> (option, share) for each party whose record settles no first choice;
    #: ``favourites`` then holds only the parties whose record settles one (methods/record.py)
    open_records: dict[str, Sequence[tuple[str, float]]] | None = None,
    #: option id -> its name once named ("option 2"); absent: ``option_label`` every time
    option_brief: Callable[[str], str] | None = None,
    #: parties (names) whose settled first choice, on the short list or over the long list, their
    #: own statements give (:func:`stated_below`): said as an input, never as a finding
    stated: Collection[str] = (),
    long_stated: Collection[str] = (),
    #: stakeholder name -> its recorded positions, each "what it said (source)", as the
    #: submission quotes them: said beside a first choice read from its record, so that the two
    #: documents describe its stance the same way
    positions: dict[str, Sequence[str]] | None = None,
) -> Narrative:
    again = option_brief or option_label
    rows = ranking.rows
    leader = rows[0].option
    records = open_records is not None  # favourites are what the parties' records settle
    open_records = open_records or {}
    bases = {
        name: (party_bases or {}).get(name, "modelled")
        for name in (*(favourites or {}), *open_records)
    }
    by = whose(stakeholder, basis)
    ok = accepts(stakeholder, basis)
    verdicts: list[Test] = []
    if placeholders:
        where = join_words(list(placeholders))
        hold = "holds" if len(placeholders) == 1 else "hold"
        verdicts.append(
            Test(
                "inputs",
                f"Inputs: {where} still {hold} the example text that options init wrote "
                "(options check lists every field), so the figures rest on no evidence yet.",
                PROVISIONAL,
                f"the inputs ({where}) still hold the example text that options init wrote",
            )
        )
    if len(rows) == 1:
        return Narrative(
            PROVISIONAL if placeholders else CLEAR,
            leader,
            None,
            f"{_cap(option_label(leader))} is the only option appraised.",
            (),
            (),
            tuple(t.sentence for t in verdicts),
            None,
            verdicts=tuple(verdicts),
            tied=(leader,),
            weights_by=by,
        )
    second = rows[1].option
    tied = tuple(r.option for r in rows if r.rank == 1)
    shown_parts = printed_parts(rows)
    h2h = head_to_head(
        dict(rows[0].contributions),
        dict(rows[1].contributions),
        leader,
        second,
        {c: round(v - shown_parts[1][c], 1) for c, v in shown_parts[0].items()},
    )
    reasons: list[str] = []
    caveats: list[str] = []
    evidence: list[str] = []
    thresholds: list[int] = []  # per evidence statement
    dissent: list[str] = []
    L, S = option_label(leader), option_label(second)

    if len(tied) > 1:
        verdicts.append(
            Test(
                "tie",
                f"Under {by}, {join_words([option_label(o) for o in tied])} score exactly the "
                f"same ({points(rows[0].score)} out of 100).",
                TOO_CLOSE,
                f"{join_words([option_label(o) for o in tied])} score exactly the same",
            )
        )
    if lead_scores is not None:
        reverse = 1 - lead_scores.p_ahead
        v = (
            TOO_CLOSE
            if lead_scores.p_ahead < TOO_CLOSE_SCORES
            else CLOSE
            if lead_scores.p_ahead < CLOSE_SCORES
            else CLEAR
        )
        # the leader is the subject of every test's share, so that two tests read alike
        held = "every one" if reverse <= 0 else pct(lead_scores.p_ahead)
        verdicts.append(
            Test(
                "scores",
                f"Scores varied, weights held: with every score varied at random within its "
                f"plausible range, {L} stays ahead in {held} of {lead_scores.samples:,} "
                "trials.",
                v,
                f"with the scores varied and the weights held, {L} stays ahead in {held} of "
                f"the trials",
            )
        )
    runner_switch = None
    if sensitivity is not None:
        runner_switch = next(s for s in sensitivity.switching if s.option == second)
        if runner_switch.status in ("optimal", "leader"):
            moved = 0.0 if runner_switch.moved is None else 100 * runner_switch.moved
            if len(tied) > 1 or moved < 0.05:
                sentence = f"Weights changed: {S} is already level with {L}."
                brief = f"{S} is already level with {L}"
            else:
                sentence = (
                    f"Weights changed: {S} would draw level if {points(moved)} points of weight "
                    f"(out of 100) moved between criteria, within {ok}."
                )
                brief = (
                    f"moving {points(moved)} points of weight (out of 100) between criteria "
                    f"would bring {S} level"
                )
            verdicts.append(Test("weights", sentence, CLOSE, brief))
        elif runner_switch.status == "cannot":
            verdicts.append(
                Test(
                    "weights",
                    f"Weights changed: no weights within {ok} put {S} first.",
                    CLEAR,
                    f"no weights within {ok} put {S} first",
                )
            )
    if smaa_first is not None:
        v = (
            TOO_CLOSE
            if smaa_first < TOO_CLOSE_SMAA
            else CLOSE
            if smaa_first < CLOSE_SMAA
            else CLEAR
        )
        n = f" of {smaa_samples:,}" if smaa_samples else ""
        verdicts.append(
            Test(
                "both",
                f"Weights and scores varied together: {L} comes first in {pct(smaa_first)}{n} "
                f"trials. The weights stay within {ok}, the scores within their plausible "
                f"ranges.",
                v,
                f"with weights and scores varied together, {L} comes first in "
                f"{pct(smaa_first)} of the trials",
            )
        )
    status = weakest([t.verdict for t in verdicts])

    # an exact tie of three or more names every option level first, never only two of them
    level = join_words([option_label(o) for o in tied]) if len(tied) > 2 else f"{L} and {S}"
    if status == PROVISIONAL:
        headline = (
            f"The analysis is provisional and recommends nothing yet: its inputs still hold "
            f"example text. On those examples, {L} comes first under {by}."
        )
    elif status == TOO_CLOSE and len(tied) > 2:
        headline = (
            f"The analysis cannot separate {level}. Under {by} they score exactly the same. "
            f"All {len(tied)} should go forward to a detailed appraisal; what would separate "
            f"them is set out below."
        )
    elif status == TOO_CLOSE:
        headline = (
            f"The analysis cannot separate {L} and {S}. Under {by}, neither is ahead by "
            f"enough to withstand the tests below. Both should go forward to a detailed "
            f"appraisal; what would separate them is set out below."
        )
    elif status == CLOSE:
        headline = (
            f"The analysis favours {L} under {by}, but not decisively. {_cap(S)} remains a "
            f"credible alternative: at least one test below brings it close."
        )
    else:
        headline = (
            f"The analysis recommends {L}. It comes first under {by}, and each test below "
            f"leaves it ahead by the margins the paper requires of a clear result."
        )

    # Why: the points in favour of the option the analysis puts first, first.
    reasons.append(h2h.sentence(option_label, crit_name, again))
    pb: list[str] = []
    if sensitivity is not None:
        pb = list(sensitivity.robust.possibly_best)
        others = [o for o in pb if o != leader]
        if not others:
            reasons.append(f"No other option can come first under any weights within {ok}.")
        elif len(pb) <= NAMED_OPTIONS:
            reasons.append(
                f"Within {ok}, only {join_words([option_label(o) for o in pb])} can come first; "
                f"no other option can."
            )
        else:  # many: count them, name the highest-ranked
            place = {r.option: i for i, r in enumerate(rows)}
            top = sorted(pb, key=lambda o: (place.get(o, len(place)), o))[:NAMED_SHOWN]
            rest = len(rows) - len(pb)
            reasons.append(
                f"Within {ok}, {len(pb) if rest else 'every one'} of the {len(rows)} options "
                f"can come first, the {len(top)} ranked highest of them being "
                f"{join_words([option_label(o) for o in top])}"
                + (f"; the other {rest} cannot." if rest else ".")
            )
    if smaa_first is not None and status != TOO_CLOSE:
        reasons.append(
            f"It comes first in {pct(smaa_first)} of trials when weights and scores are varied "
            f"together."
        )
    long_dissent = _long_dissent(
        long_favourites or {},
        {r.option for r in rows},
        screened or {},
        option_label,
        bases,
        long_stated,
        positions or {},
    )
    if favourites or open_records:
        agree = [s for s, fav in (favourites or {}).items() if leader in fav]
        on = " on the short list" if screened else ""
        inputs = [s for s in agree if s in stated]  # their statements already say it
        if inputs:
            rest = join_words([again(r.option) for r in rows if r.option != leader])
            reasons.append(
                f"{_records_of(inputs)} {'states' if len(inputs) == 1 else 'state'} "
                f"{again(leader)} before {rest}: an input to this analysis, not a finding."
            )
            agree = [s for s in agree if s not in stated]
        if not agree:
            pass
        elif len(agree) == len(bases) and len(agree) > 1:
            reasons.append(
                f"It comes first{on} for each of the {len(agree)} parties compared, under "
                f"{every_party(list(bases.values()))}, and each party's record settles it"
                + (
                    "; over the whole long list, before the screen, not every party does (below)."
                    if long_dissent
                    else "."
                )
            )
        elif agree:
            reasons.append(
                (
                    f"The record of {the(agree[0])} settles it first{on}: first under every "
                    "weighting that record allows."
                )
                if len(agree) == 1
                else f"The records of {join_words([the(s) for s in agree])} settle it first{on}: "
                "first under every weighting each record allows."
            )
        elif minimax is not None and minimax[0] == leader:
            reasons.append(
                f"Of all the options, it leaves no party further from its own first choice: at "
                f"most {points(minimax[1])} points (out of 100) short of it."
            )

    if (
        runner_switch is not None
        and runner_switch.status == "optimal"
        and weight_words
        and len(tied) == 1
        and runner_switch.moved is not None
        and 100 * runner_switch.moved >= 0.05
    ):
        caveats.append(
            f"{_cap(S)} would draw level if the weights changed like this: "
            f"{weight_words(sensitivity.weights, runner_switch.weights_l1)}."
        )
    if sensitivity is not None:
        # the same switch (option, direction, from, to) on several criteria is said once, naming
        # them all, where the first of them comes
        same: dict[tuple[str, str, str, str, str], list[str]] = {}
        for s in sensitivity.scores:
            if not (s.within_range and s.option in (leader, second)) or s.switch_at is None:
                continue
            show = score_words or (lambda o, c, x: f"{x:g}")
            now, then = (
                show(s.option, s.criterion, s.current),
                show(s.option, s.criterion, s.switch_at),
            )
            # at the switching point already (a tie on this score), or fell or rose past it
            how = "at" if now == then else "fell" if s.switch_at < s.current else "rose"
            if how != "at":
                then = (switch_words or show)(s.option, s.criterion, s.switch_at)
            # with two options appraised, what would come first instead is the other one
            if len(rows) != 2:
                first = "another option"
            elif s.option == leader:
                first = again(second)
            else:
                first = "it"
            names = same.setdefault((how, option_label(s.option), now, then, first), [])
            if crit_name(s.criterion) not in names:
                names.append(crit_name(s.criterion))
        evidence += [_switch_sentence(*key, names) for key, names in same.items()]
        thresholds += [len(names) for names in same.values()]
    if favourites and records:
        # settled by the records: the parties that settle the same other option, said together
        other: dict[tuple[tuple[str, ...], bool], list[str]] = {}
        for s, fav in favourites.items():
            if leader not in fav or len(fav) > 1:
                other.setdefault((tuple(fav), s in stated), []).append(s)
        for (fav, said), who in other.items():
            firsts = join_words([option_label(o) for o in fav])
            if said:  # the record's own statements put it first: an input, shown as one
                rest = join_words([again(r.option) for r in rows if r.option not in fav])
                dissent.append(
                    f"This appraisal reads {_lower(_records_of(who))} as putting {firsts} before "
                    f"{rest}: an input to this analysis, not a finding."
                )
                continue
            verb = "settles" if len(who) == 1 else "settle"
            dissent.append(
                f"{_records_of(who)} {verb} {firsts} "
                + ("first instead." if len(fav) == 1 else "level first.")
            )
    elif favourites:
        for s, fav in favourites.items():
            if leader not in fav:
                dissent.append(
                    f"Under {whose(s, bases[s])}, "
                    f"{join_words([option_label(o) for o in fav])} "
                    f"{'comes' if len(fav) == 1 else 'come level'} first instead."
                )
            elif len(fav) > 1:
                dissent.append(
                    f"Under {whose(s, bases[s])}, "
                    f"{join_words([option_label(o) for o in fav])} come level first."
                )
    grouped: dict[tuple, list[str]] = {}  # parties whose records leave the same shares open
    for s, shares in open_records.items():
        grouped.setdefault(tuple((o, share_words(x)) for o, x in shares), []).append(s)
    if len(open_records) == 1:
        ((said, (who,)),) = grouped.items()
        parts = ", ".join(f"{again(o)} {x}" for o, x in said)
        dissent.append(
            f"{_cap(possessive(the(who)))} record settles no first choice: it leaves {parts} "
            "possible (each option's share of the weights the record allows)."
        )
    for said, who in grouped.items() if len(open_records) > 1 else ():
        head, verb, they = (
            ("The record of", "settles", "it allows")
            if len(who) == 1
            else ("The records of", "settle", "they allow")
        )
        (o, x), rest = said[0], said[1:]
        more = join_words([f"{again(o2)} under {x2}" for o2, x2 in rest])
        dissent.append(
            f"{head} {join_words([the(w) for w in who])} {verb} no first choice. "
            f"{_cap(again(o))} comes first under {x} of the weightings {they}"
            + (f", {more}." if more else ".")
        )
    caveats += evidence + dissent
    caveats = list(dict.fromkeys(caveats))  # a sentence said twice is said once
    if common_ground is False:
        caveats.append(
            f"{limits_of(list(bases.values()) or [basis])} do not overlap: no single set "
            "of weights falls within all of them, so choosing between their views is a judgement "
            "for the decision-maker, which this analysis informs but cannot make."
        )

    if status == PROVISIONAL:
        way = [
            "Replace the example text that options init wrote (options check lists every "
            "field) with the appraisal's own, then write the paper again.",
        ]
    elif status == TOO_CLOSE:
        way = [
            f"Take {'all ' + str(len(tied)) + ' of ' if len(tied) > 2 else 'both '}{level} "
            f"forward to a detailed appraisal; the analysis cannot separate them.",
        ]
    elif status == CLOSE:
        way = [
            f"{_cap(L)} is the analysis's preferred way forward, narrowly; {S} should be kept "
            f"in view until the points below are settled.",
        ]
    else:
        way = [f"{_cap(L)} is the analysis's preferred way forward."]
    if evidence:
        way.append("Firm up the evidence for the scores listed under 'what would change it'.")
    tests = tuple(t.sentence for t in verdicts)
    return Narrative(
        status,
        leader,
        second,
        headline,
        tuple(reasons[:4]),
        tuple(caveats),
        tests,
        h2h,
        tuple(evidence),
        tuple(dissent),
        tuple(verdicts),
        tied,
        tuple(way),
        by,
        tuple(long_dissent),
        tuple(pb),
        reasons[1] if pb and len(reasons) > 1 else "",
        tuple(thresholds),
    )


def stated_below(statements, options: Sequence[str], first: Sequence[str]) -> bool:
    """Whether the statements in use already put every option outside ``first`` below one of
    ``first`` (a preference between options): then that only ``first`` can come first restates
    the record, an input, not a finding."""
    from ..model.statements import Prefer

    beaten = {
        x.worse
        for x in statements
        if isinstance(x, Prefer) and getattr(x, "use", True) and x.better in first
    }
    rest = [o for o in options if o not in first]
    return bool(rest) and ("*" in beaten or all(o in beaten for o in rest))  # "*": every other


def _weights_of(names: Sequence[str], bases: dict[str, str]) -> str:
    """'the weights modelled for A and B', or each party's own words when their bases differ."""
    kinds = {bases.get(n, "modelled") for n in names}
    if len(kinds) == 1:
        (b,) = kinds
        return f"the weights {BASIS_WORDS[b]} {join_words([the(n) for n in names])}"
    return join_words([whose(n, bases.get(n, "modelled")) for n in names])


def _records_of(names: Sequence[str]) -> str:
    """'The record of X' or 'The records of X and Y'."""
    head = "The record of" if len(names) == 1 else "The records of"
    return f"{head} {join_words([the(x) for x in names])}"


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _long_dissent(
    long_favourites, short_ids, screened, option_label, bases, stated=(), positions=None
) -> list[str]:
    """For each screened-out option that some party would put first over the whole long list:
    the option, the requirements it fails, and the parties, each group with its level options;
    a party whose own statements put it first is said to state it, an input, not a finding."""
    by_option: dict[str, dict[tuple[str, ...], list[str]]] = {}
    inputs: dict[str, list[str]] = {}
    for party, fav in long_favourites.items():
        for o in fav:
            if o not in short_ids and party in stated:
                inputs.setdefault(o, []).append(party)
            elif o not in short_ids:
                level = tuple(x for x in fav if x != o)
                by_option.setdefault(o, {}).setdefault(level, []).append(party)
    out = []
    for o, who in inputs.items():
        failed = screened.get(o, ())
        quoted = ["\u2018" + r + "\u2019" for r in failed]
        told = [w for w in who if (positions or {}).get(w)]
        said = [f"{_cap(possessive(the(w)))} record: {'; '.join(positions[w])}. " for w in told]
        rest = [w for w in who if w not in told]
        out.append(
            "".join(said)
            + (  # what the record says first, then what the weights rest on (office reading 7)
                f"The weights modelled for {join_words([the(w) for w in told])} rest on the "
                f"preference {'its' if len(told) == 1 else 'their'} record states. They put "
                f"{option_label(o)} before every other option: an input to this analysis, not a "
                "finding. "
                if told
                else ""
            )
            + (
                f"This appraisal reads {_lower(_records_of(rest))} as putting {option_label(o)} "
                "before every other option: an input, not a finding. "
                if rest
                else ""
            )
            + (
                f"The screen sets it aside for failing {join_words(quoted)}."
                if failed
                else "The screen sets it aside."
            )
        )
    for o, groups in by_option.items():
        failed = screened.get(o, ())
        quoted = ["\u2018" + r + "\u2019" for r in failed]
        why = f", screened out for failing {join_words(quoted)}," if failed else ", screened out,"
        parts = [
            ("first" if not level else f"level first with {join_words(map(option_label, level))}")
            + f" under {_weights_of(who, bases)}"
            for level, who in groups.items()
        ]
        said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", and " + parts[-1]
        out.append(f"over the whole long list, {option_label(o)}{why} comes {said}.")
    return out
