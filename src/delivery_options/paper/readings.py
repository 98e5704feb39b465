"""What each chart and table says, computed from the same numbers the reader is shown.

Each function takes the numbers behind one chart (as shown, after rounding) and returns the
sentence that reads it; the tests recompute every reading from the table beside the chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .fmt import apportion_table, join_words, pct, points, weight_pct

#: A weight change smaller than this (a twentieth of a point) does not show at one decimal.
SHOWN = 0.0005


@dataclass(frozen=True)
class Summary:
    """The rows and columns a chart shows: the top options and criteria, the rest gathered."""

    labels: tuple[str, ...]  # options shown, in rank order
    part_labels: tuple[str, ...]  # criteria shown, each gathered part as "Other criteria (k)"
    parts: np.ndarray  # shown options x shown parts, one decimal, equal parts shown equal
    totals: tuple[float, ...]  # each shown option's total, one decimal
    hidden_options: int
    #: each part's objective (a value tree: the top-level objective it falls under), else ""
    groups: tuple[str, ...] = ()
    #: each part's criteria: the criterion itself, or every criterion a gathered part holds
    gathered: tuple[tuple[str, ...], ...] = ()
    #: the leader's lead over the second, from the unrounded scores (as the text gives it)
    lead: float | None = None

    def sums(self) -> tuple[float, ...]:
        """What each shown option's parts add up to, as shown (its total, unless equal parts
        shown equal keep them from adding up)."""
        return tuple(round(float(r.sum()), 1) for r in self.parts)

    def others(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each gathered part's label and the criteria it holds, by name."""
        return [
            (lb, names)
            for lb, names in zip(self.part_labels, self.gathered, strict=True)
            if (lb,) != names
        ]


def summarise_contributions(
    labels: Sequence[str],
    crit_labels: Sequence[str],
    contrib: np.ndarray,
    top_options: int,
    top_criteria: int,
    named: Sequence[int] = (),
    groups: Sequence[str] | None = None,
) -> Summary:
    """The top options (rank order) and the criteria that contribute most across them; each
    criterion in ``named`` (the text names it, e.g. as the largest reason for the ranking) keeps
    a column of its own, never gathered into the other criteria. With a value tree (``groups``:
    each criterion's top-level objective) the parts are ordered by objective, and the criteria
    not shown alone are gathered within their objective; every gathered part keeps the names of
    the criteria it holds (:meth:`Summary.others`)."""
    m, n = contrib.shape
    rows = contrib[: min(m, top_options)]
    keep = set(range(n))
    if n > top_criteria:
        largest = np.argsort(-rows.sum(axis=0), kind="stable").tolist()
        first = [j for j in dict.fromkeys(named) if 0 <= j < n]
        keep = set((first + [j for j in largest if j not in first])[: top_criteria - 1])
    group_of = list(groups) if groups is not None and len(groups) == n else [""] * n
    cols, names, held, grp = [], [], [], []
    for g in dict.fromkeys(group_of):
        members = [j for j in range(n) if group_of[j] == g]
        for j in (j for j in members if j in keep):
            cols.append(rows[:, j])
            names.append(crit_labels[j])
            held.append((crit_labels[j],))
            grp.append(g)
        rest = [j for j in members if j not in keep]
        if rest:
            cols.append(rows[:, rest].sum(axis=1))
            names.append(
                f"Other criteria of {g} ({len(rest)})" if g else f"Other criteria ({len(rest)})"
            )
            held.append(tuple(crit_labels[j] for j in rest))
            grp.append(g)
    table = np.column_stack(cols) if cols else rows[:, :0]
    shown = np.array(apportion_table(table.tolist())).reshape(table.shape)
    totals = tuple(round(float(r.sum()), 1) for r in table)
    return Summary(
        tuple(labels[: len(rows)]),
        tuple(names),
        shown,
        totals,
        m - len(rows),
        tuple(grp) if groups is not None else (),
        tuple(held),
        float(table[0].sum() - table[1].sum()) if len(table) > 1 else None,
    )


def gathered_note(s: Summary) -> str:
    """The criteria each gathered part holds, named: "Other criteria (2): A and B." """
    return " ".join(f"{lb}: {join_words(list(names))}." for lb, names in s.others())


def contributions_note(s: Summary, columns: Sequence[int]) -> str:
    """The note under figure 1's table: how its parts are rounded, and, where equal parts shown
    equal keep an option's parts from adding up to its total, what they add up to."""
    text = (
        "Each part is the criterion's weight times the option's value on it (0\u2013100, 100 the "
        "best the criterion's scale allows, for a benefit or a cost alike); parts are rounded so "
        "that they add up to the overall score shown"
    )
    sums = s.sums()
    off = [i for i in columns if sums[i] != s.totals[i]]
    if not off:
        return text + "."
    return (
        text
        + ", except that equal parts are always shown equal: the parts shown add up to "
        + join_words([f"{points(sums[i])} for {s.labels[i]}" for i in off])
        + "."
    )


def contributions_reading(s: Summary) -> str:
    """Who comes first, by how much, and its largest part (ties named as ties)."""
    if not s.labels:
        return "No option is appraised."
    best = max(s.totals)
    first = [lb for lb, t in zip(s.labels, s.totals, strict=True) if t == best]
    j = int(np.argmax(s.parts[0]))
    if len(first) > 1:
        return (
            f"{join_words(first)} score the same ({points(best)} out of 100); the first "
            f"listed draws most from {s.part_labels[j]} ({points(s.parts[0, j])})."
        )
    # "scores", never "comes first": the paper says elsewhere how far the lead can be trusted
    text = f"{first[0]} scores {points(best)} out of 100"
    if len(s.totals) > 1:  # the lead from the unrounded scores: 0.8, never 62.1 - 61.4
        lead = s.lead if s.lead is not None else best - s.totals[1]
        text += f", {points(lead)} more than {s.labels[1]}"
        shown = float(points(best)) - float(points(s.totals[1]))
        if points(shown) != points(lead):  # said, so that no reader finds the sum wrong
            text += f" before rounding (the totals shown differ by {points(shown)})"
    return text + f"; its largest part is {s.part_labels[j]} ({points(s.parts[0, j])})."


@dataclass(frozen=True)
class Switch:
    criterion: int  # index into the criteria
    direction: str  # "falls" or "rises"
    at: float  # the weight at which the leader stops being first
    distance: float  # how far the weight moves to get there
    new_leader: str  # who comes first just beyond
    weight: float = 0.0  # the weight now


def switches(
    weights: Sequence[float],
    top: Sequence[tuple[float, float]],
    feasible: Sequence[tuple[float, float]],
    first_at: Callable[[int, float], str],
) -> list[Switch]:
    """Each weight, moved alone, that changes the leader within the acceptable range.

    A switch is where the leader's interval ends strictly inside the acceptable range (by more
    than shows at one decimal); an interval that ends where the acceptable range ends is no
    switch, however near the current weight that end is.
    """
    out = []
    for k, (w, (tl, th), (fl, fh)) in enumerate(zip(weights, top, feasible, strict=True)):
        if tl != tl or fl != fl:  # no interval
            continue
        if tl > fl + SHOWN:
            out.append(Switch(k, "falls", tl, w - tl, first_at(k, max(fl, tl - SHOWN)), w))
        if th < fh - SHOWN:
            out.append(Switch(k, "rises", th, th - w, first_at(k, min(fh, th + SHOWN)), w))
    out.sort(key=lambda s: (s.distance, s.criterion))
    return out


def _shown_gap(s: Switch) -> float:
    """How far the weight moves to switch, as the table beside the chart shows it."""
    return round(abs(round(100 * s.weight, 1) - round(100 * s.at, 1)), 1)


def stability_reading(
    names: Sequence[str],
    found: list[Switch],
    leader: str,
    who: str,
    feasible: Sequence[tuple[float, float]] | None = None,
) -> str:
    """The criterion whose weight, moved alone, switches the leader soonest (every one of them,
    when several tie as shown), or that none does; a weight the acceptable range holds at one
    value is said to be held there, never to move across its range."""
    held = [
        k
        for k, (lo, hi) in enumerate(feasible or ())
        if lo == lo and round(100 * lo, 1) == round(100 * hi, 1)
    ]
    if not found:
        text = (
            f"No weight, moved alone within {who}, changes the leader: {leader} stays first "
            f"across every range shown."
        )
    else:
        gap = _shown_gap(found[0])
        first = [s for s in found if _shown_gap(s) == gap]
        first = [
            s for k, s in enumerate(first) if s.criterion not in {x.criterion for x in first[:k]}
        ]

        def move(s: Switch, own: bool) -> str:
            beyond = "below" if s.direction == "falls" else "above"
            what = "it" if own else f"the weight on {names[s.criterion]}"
            return (
                f"if {what} {s.direction} from {weight_pct(s.weight)} to {beyond} "
                f"{weight_pct(s.at)}, {s.new_leader} comes first"
            )

        if len(first) == 1:
            text = (
                f"Moved alone, the weight on {names[first[0].criterion]} changes the leader "
                f"soonest: {move(first[0], True)}."
            )
        else:
            text = (
                "Moved alone, the weights on "
                f"{join_words([names[s.criterion] for s in first], 'and on')} "
                f"change the leader soonest, each {points(gap)} points from where it is now: "
            )
            if len({s.new_leader for s in first}) == 1:  # one new leader: said once
                text += f"{first[0].new_leader} comes first " + join_words(
                    [move(s, False).split(", ")[0] for s in first], "or"
                )
            else:
                text += "; ".join(move(s, False) for s in first)
            text += "."
    moved = {x.criterion for x in found}
    if held:
        text += (
            f" The weight{'s' if len(held) > 1 else ''} on "
            f"{join_words([names[k] for k in held])} cannot move: {who}, holds "
            + ("it" if len(held) == 1 else "them")
            + " at "
            + join_words(sorted({weight_pct(feasible[k][0]) for k in held}))
            + "."
        )
    steady = [names[k] for k in range(len(names)) if k not in moved and k not in held]
    if not found:
        return text
    if steady and len(steady) <= 4:
        text += (
            f" The weight{'s' if len(steady) > 1 else ''} on {join_words(steady)} can move "
            f"across the whole range shown without changing the leader."
        )
    elif steady:
        text += (
            f" {len(steady)} of the {len(names)} weights shown can move across their whole "
            f"range without changing the leader."
        )
    return text


def acceptability_reading(labels: Sequence[str], first: Sequence[float], trials: int) -> str:
    """Who is first most often, and how often the next is."""
    if not labels:
        return "No option is appraised."
    order = sorted(range(len(labels)), key=lambda i: (-first[i], i))
    a = order[0]
    text = f"{labels[a]} comes first in {pct(first[a])} of {trials:,} trials"
    if len(order) > 1:
        b = order[1]
        if round(100 * first[b]) == round(100 * first[a]):
            text += f", as often as {labels[b]}"
        else:
            text += f"; {labels[b]} in {pct(first[b])}"
    return text + "."
