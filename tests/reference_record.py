"""methods/record.py as it was before the performance work (issue 23), kept verbatim but for its
imports: the reference oracle the new code is compared with on random cases.

What a stakeholder's record settles, apart from the representative weights inferred from it.

Over the weights W its record allows (its statements, bounds and tolerance): an option is
necessarily first when it is at least as good as every other at every w in W, possibly first
when it is so at some w in W (robust ordinal regression, Greco, Mousseau and Slowinski 2008), and
its share is the share of W, drawn uniformly, under which it comes first at the stated scores
(SMAA-2's first-rank acceptability, Lahdelma and Salminen 2001). The record settles a first
choice only when one option is necessarily first; the centre of W (the weights the analyses use)
is a representative point, not a preference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from delivery_options.methods.lp import WeightSet

#: Draws of W for the shares (about +-1 point at 95%).
RECORD_SAMPLES = 10_000
TOL = 1e-7


@dataclass(frozen=True)
class Settled:
    """What one stakeholder's record settles about the options appraised."""

    stakeholder: str
    first: tuple[str, ...]  # necessarily first: empty when the record leaves it open
    possible: tuple[str, ...]  # possibly first, in the options' order
    shares: tuple[tuple[str, float], ...]  # share of W under which each possible one is first
    centre: tuple[str, ...]  # first at the representative (centre or typed) weights
    samples: int = 0  # draws behind the shares (0: W is one point)

    @property
    def settled(self) -> bool:
        return bool(self.first)

    def share(self, option: str) -> float:
        return dict(self.shares).get(option, 0.0)


def _best_margin(X: np.ndarray, a: int, W: WeightSet, solver, sense: str) -> float:
    """max (sense 'max') or min over W of min_b (x_a - x_b).w, b != a: an LP."""
    import pulp

    from delivery_options.methods.lp import add_weight_set, affine, solve

    prob = pulp.LpProblem("record", pulp.LpMaximize if sense == "max" else pulp.LpMinimize)
    w = add_weight_set(prob, W)
    if sense == "max":
        t = prob.add_variable("t", lowBound=None)
        prob += t
        for b in range(len(X)):
            if b != a:
                prob += affine(w, X[a] - X[b]) - t >= 0
        out = solve(prob, solver, [*w, t])
        return out.objective if out.ok else -np.inf
    worst = np.inf
    for b in range(len(X)):
        if b == a:
            continue
        prob.setObjective(affine(w, X[a] - X[b]))
        out = solve(prob, solver, w)
        worst = min(worst, out.objective if out.ok else -np.inf)
    return worst


def settle(
    stakeholder: str,
    X: np.ndarray,
    options: Sequence[str],
    W: WeightSet | None,
    centre_w: np.ndarray,
    solver,
    shares: Callable[[], np.ndarray] | None = None,
) -> Settled:
    """What W settles about the options (rows of X). ``W`` None: the record is the one point
    ``centre_w`` (typed weights with no tolerance). ``shares()`` gives each option's share of W."""
    X = np.asarray(X, dtype=float)
    v = X @ centre_w
    centre = tuple(o for o, x in zip(options, v, strict=True) if x >= v.max() - 1e-9)
    if W is None or len(options) < 2:
        one = tuple((o, 1 / len(centre)) for o in centre)
        return Settled(stakeholder, centre if len(centre) == 1 else (), centre, one, centre)
    first = tuple(o for a, o in enumerate(options) if _best_margin(X, a, W, solver, "min") >= -TOL)
    possible = tuple(
        o
        for a, o in enumerate(options)
        if o in centre or _best_margin(X, a, W, solver, "max") >= -TOL
    )
    if len(first) == 1:
        return Settled(stakeholder, first, first, ((first[0], 1.0),), centre)
    got = shares() if shares is not None else np.zeros(len(options))
    share = tuple(
        sorted(
            ((o, float(got[options.index(o)])) for o in possible),
            key=lambda p: (-p[1], options.index(p[0])),
        )
    )
    return Settled(stakeholder, (), possible, share, centre, RECORD_SAMPLES)


def pct(x: float) -> str:
    """A share as a reader takes it: 'under 1%' and 'over 99%' at the ends."""
    if 0 < x < 0.005:
        return "under 1%"
    if 0.995 <= x < 1:
        return "over 99%"
    return f"{100 * x:.0f}%"


def share_words(x: float) -> str:
    """The share of an option the record leaves possible: never 0% or 100% (each end is held
    by some weights the record allows, however few the draws that land there)."""
    return pct(min(max(x, 0.001), 0.995))


def settled_words(s: Settled, label: Callable[[str], str]) -> str:
    """What the record settles, in words: the first choice it settles, or the options it leaves
    possible with their shares of the weights it allows."""
    if s.settled:
        return f"{label(s.first[0])} first: its record settles it"
    if not s.samples:  # one point, and a tie at it
        return "no first choice settled: " + " and ".join(map(label, s.centre)) + " tie"
    parts = [f"{label(o)} ({share_words(x)})" for o, x in s.shares]
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]
    return (
        f"not settled by its record: {said} can come first (share of the weights its record allows)"
    )
