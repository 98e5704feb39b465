"""The recommendation and its reasons, built from computed results, never written by hand.

How certain the paper may sound is decided here, by three tests, each stated in the paper:
  scores   how often plausible scores (each within its low-high range) reverse the top two at the
           stakeholder's own weights;
  weights  whether the runner-up could come first under weights the stakeholder would accept
           (the switching weights of switching.py over its feasible set);
  both     how often the leader is first when weights and scores vary together (SMAA-2).
"too close to call": plausible scores reverse the top two in more than 1 draw in 5, or the
  leader is first in fewer than half the SMAA draws.
"close": the runner-up can come first under acceptable weights, or scores reverse the pair in
  more than 1 draw in 20, or the leader is first in fewer than three quarters of SMAA draws.
"clear": none of these.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TOO_CLOSE_SCORES = 0.80  # leader ahead of runner-up in fewer than this share of score draws
CLOSE_SCORES = 0.95
TOO_CLOSE_SMAA = 0.50
CLOSE_SMAA = 0.75


@dataclass(frozen=True)
class HeadToHead:
    leader: str
    runner_up: str
    lead: float
    by_criterion: tuple[
        tuple[str, float], ...
    ]  # (criterion id, leader minus runner-up), largest first

    def sentence(self, name, crit_name) -> str:
        parts = ", ".join(
            f"{d:+.1f} from {crit_name(c)}" for c, d in self.by_criterion if abs(d) >= 0.05
        )
        return (
            f"{name(self.leader)} leads {name(self.runner_up)} by {self.lead:.1f} points: {parts}."
        )


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
    # two kinds of caveat the paper shows in their own sections (both are also in caveats)
    evidence: tuple[str, ...] = ()  # scores whose plausible range could change the top option
    dissent: tuple[str, ...] = ()  # stakeholders who would choose another option


def head_to_head(
    contrib_a: dict[str, float], contrib_b: dict[str, float], a: str, b: str
) -> HeadToHead:
    diffs = [(c, contrib_a[c] - contrib_b[c]) for c in contrib_a]
    diffs.sort(key=lambda cd: (-abs(cd[1]), cd[0]))
    return HeadToHead(a, b, sum(d for _, d in diffs), tuple(diffs))


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def build(
    *,
    option_label,  # option id -> "option 2, Executive commissioner ..."
    crit_name,  # criterion id -> name
    stakeholder: str,  # the stakeholder's name
    ranking,  # value.Ranking for the main stakeholder
    lead_scores=None,  # smaa.LeadUnderScores for leader vs runner-up
    sensitivity=None,  # sensitivity.Sensitivity
    smaa_first: float | None = None,  # leader's first-rank acceptability
    smaa_samples: int | None = None,
    favourites: dict[str, Sequence[str]] | None = None,  # stakeholder name -> favourite ids
    minimax: tuple[str, float] | None = None,
    common_ground: bool | None = None,
    weight_words=None,  # (before, after) -> words, for the switching caveat
) -> Narrative:
    rows = ranking.rows
    leader = rows[0].option
    if len(rows) == 1:
        return Narrative(
            "clear", leader, None, f"{option_label(leader)} is the only option.", (), (), (), None
        )
    second = rows[1].option
    h2h = head_to_head(dict(rows[0].contributions), dict(rows[1].contributions), leader, second)
    tests, reasons, caveats, evidence, dissent = [], [], [], [], []
    too_close = close = False

    if rows[1].rank == 1:
        too_close = True
        tests.append(
            f"Under the weights modelled for {stakeholder} the two score exactly the same."
        )
    if lead_scores is not None:
        reverse = 1 - lead_scores.p_ahead
        tests.append(
            f"Scores: with the weights held and every score drawn within its plausible range, "
            f"{option_label(second)} comes out ahead in {_pct(reverse)} of "
            f"{lead_scores.samples:,} draws (the lead runs from {lead_scores.low:.1f} to "
            f"{lead_scores.high:.1f} points in 90% of them)."
        )
        too_close |= lead_scores.p_ahead < TOO_CLOSE_SCORES
        close |= lead_scores.p_ahead < CLOSE_SCORES
    runner_switch = None
    if sensitivity is not None:
        runner_switch = next(s for s in sensitivity.switching if s.option == second)
        if runner_switch.status == "optimal":
            tests.append(
                f"Weights: {option_label(second)} would draw level if "
                f"{100 * runner_switch.moved:.1f} points of weight moved between criteria, "
                f"within what {stakeholder} would accept."
            )
            close = True
        elif runner_switch.status == "cannot":
            tests.append(
                f"Weights: no weights {stakeholder} would accept put {option_label(second)} first."
            )
    if smaa_first is not None:
        tests.append(
            f"Weights and scores together: {option_label(leader)} is first in "
            f"{_pct(smaa_first)} of {smaa_samples:,} draws (SMAA)."
        )
        too_close |= smaa_first < TOO_CLOSE_SMAA
        close |= smaa_first < CLOSE_SMAA
    status = "too close to call" if too_close else "close" if close else "clear"

    if status == "too close to call":
        headline = (
            f"Too close to call between {option_label(leader)} and {option_label(second)}: "
            f"under the weights modelled for {stakeholder} the analysis does not separate them. "
            f"Both should go "
            f"forward to a detailed appraisal before a choice is made."
        )
    elif status == "close":
        headline = (
            f"{option_label(leader)} is preferred under the weights modelled for {stakeholder}, "
            f"but not decisively: "
            f"{option_label(second)} remains a credible alternative."
        )
    else:
        headline = (
            f"{option_label(leader)} is recommended: it comes first under the weights modelled for "
            f"{stakeholder} and stays first under every test of the weights and scores below."
        )

    reasons.append(h2h.sentence(option_label, crit_name))
    if sensitivity is not None:
        pb = [o for o in sensitivity.robust.possibly_best]
        others = [o for o in pb if o != leader]
        if not others:
            reasons.append(f"No weights {stakeholder} would accept put any other option first.")
        else:
            reasons.append(
                f"Under the weights {stakeholder} would accept, only "
                f"{' and '.join(option_label(o) for o in pb)} can come first; every other option "
                f"is out of contention."
            )
    if smaa_first is not None and status != "too close to call":
        reasons.append(
            f"It is first in {_pct(smaa_first)} of draws when weights and scores vary together."
        )
    if favourites:
        agree = [s for s, fav in favourites.items() if leader in fav]
        if len(agree) == len(favourites):
            reasons.append(f"It is the first choice of every stakeholder compared ({len(agree)}).")
        elif minimax is not None and minimax[0] == leader:
            reasons.append(
                f"It is the choice that leaves no stakeholder more than {minimax[1]:.1f} points "
                f"short of its own favourite (minimax regret)."
            )

    if runner_switch is not None and runner_switch.status == "optimal" and weight_words:
        caveats.append(
            f"{option_label(second)} would draw level if the weights changed like this: "
            f"{weight_words(sensitivity.weights, runner_switch.weights_l1)}."
        )
    if sensitivity is not None:
        for s in sensitivity.scores:
            if s.within_range and s.option in (leader, second):
                evidence.append(
                    f"If the score of {option_label(s.option)} on {crit_name(s.criterion)} were "
                    f"{s.switch_at:g} rather than {s.current:g} (inside its plausible range "
                    f"{s.plausible[0]:g}–{s.plausible[1]:g}), the top option would change: the "
                    f"evidence for that score matters most."
                )
    if favourites:
        for s, fav in favourites.items():
            if leader not in fav:
                dissent.append(
                    f"{s} would choose {' or '.join(option_label(o) for o in fav)} instead."
                )
    caveats += evidence + dissent
    if common_ground is False:
        caveats.append(
            "No set of weights meets every stakeholder's stated limits: choosing between their "
            "views is a judgement for the decision-maker, which this analysis informs but cannot make."
        )
    return Narrative(
        status,
        leader,
        second,
        headline,
        tuple(reasons[:3]),
        tuple(caveats),
        tuple(tests),
        h2h,
        tuple(evidence),
        tuple(dissent),
    )
