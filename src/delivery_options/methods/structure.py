"""Checks on the structure of the criteria: double counting, imbalance, criteria that work
against a must-meet requirement, weight the record does not speak to, and stakeholders the record
cannot tell apart. Pure maths on arrays and records; methods/check.py words the findings.

Sources: DCLG, *Multi-criteria analysis: a manual* (2009), section 6.2.10 (redundancy, double
counting, preference independence); Keeney, *Value-Focused Thinking* (1992), ch. 3 (fundamental
objectives are weighed once, and constraints are not objectives); Belton and Stewart, *Multiple
Criteria Decision Analysis* (2002), ch. 3 (value trees: each concern at its own level).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .quotes import contained, quoted

#: A correlation is reported only when chance alone would reach it in fewer than this share of
#: cases (two-sided) and it is at least STRONG: with few options, chance correlations run high.
SIGNIFICANCE = 0.05
STRONG = 0.7
#: Draws of uniform weights for the no-information shares (about +-0.3 points at 95%).
NO_INFORMATION_DRAWS = 100_000
#: A quoted phrase must have at least this many words to count as the same evidence.
PHRASE_WORDS = 4


def critical_r(m: int, level: float = SIGNIFICANCE) -> float:
    """The |r| that chance alone exceeds with probability ``level`` across ``m`` points, when
    the two variables are independent and normal: the null density of Pearson's r is
    proportional to (1 - r^2)^((m - 4) / 2) (Fisher 1915), integrated numerically."""
    if m < 4:
        return 1.0
    x = np.linspace(0.0, 1.0, 200_001)
    f = (1.0 - x * x) ** ((m - 4) / 2)
    seg = (f[1:] + f[:-1]) / 2 * np.diff(x)
    tail = np.concatenate([np.cumsum(seg[::-1])[::-1], [0.0]])  # integral from x to 1
    share = tail / (2 * tail[0])  # P(R >= x): half the mass lies on each side
    return float(np.interp(level / 2, share[::-1], x[::-1]))


def correlation_limit(m: int) -> float:
    """The limit over ``m`` options: the larger of STRONG and :func:`critical_r`."""
    return max(STRONG, critical_r(m))


def correlations(values: np.ndarray) -> np.ndarray:
    """Pearson r between the criteria (columns) across the options; 0 where a column is flat."""
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.corrcoef(np.asarray(values, dtype=float).T)
    return np.nan_to_num(np.atleast_2d(r), nan=0.0)


def correlated_pairs(values: np.ndarray, limit: float) -> list[tuple[int, int, float]]:
    """Pairs of criteria (p < q) whose values rise together with r >= ``limit``."""
    r = correlations(values)
    n = r.shape[0]
    return [(p, q, float(r[p, q])) for p in range(n) for q in range(p + 1, n) if r[p, q] >= limit]


def clusters(n: int, pairs: Sequence[tuple[int, int, float]]) -> list[tuple[int, ...]]:
    """Groups of two or more criteria linked by correlated pairs (connected components)."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for p, q, _ in pairs:
        parent[root(p)] = root(q)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted((tuple(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


@dataclass(frozen=True)
class Imbalance:
    """A cluster of criteria that move together, the criteria that move against it, and the
    share of first places each option gets under uniform weights, as cut and merged."""

    cluster: tuple[int, ...]
    against: tuple[tuple[int, float], ...]  # (criterion, r with the cluster's mean value)
    flat: np.ndarray  # share first per option, every criterion its own
    merged: np.ndarray  # share first per option, the cluster as one criterion (its mean)


def no_information_shares(
    values: np.ndarray, draws: int = NO_INFORMATION_DRAWS, seed: int = 0, sample=None
) -> np.ndarray:
    """Share of uniform weight draws (Dirichlet(1,...,1), SMAA-2's 'no preference
    information', Lahdelma and Salminen 2001) under which each option is first, at the stated
    scores; a tie for first is split between the tied options. ``sample(rng, k)`` draws the
    weights instead (a value tree's prior, uniform at each node)."""
    X = np.asarray(values, dtype=float)
    m, n = X.shape
    rng = np.random.default_rng(seed)
    out = np.zeros(m)
    done = 0
    while done < draws:
        k = min(20_000, draws - done)
        w = rng.dirichlet(np.ones(n), k) if sample is None else sample(rng, k)
        V = X @ w.T  # m x k
        top = V.max(axis=0) - 1e-9 <= V
        out += (top / top.sum(axis=0)).sum(axis=1)
        done += k
    return out / draws


def merge(values: np.ndarray, cluster: Sequence[int]) -> np.ndarray:
    """The matrix with the cluster's criteria replaced by one: their mean value (DCLG 2009,
    6.2.10: criteria that measure one concern are combined into one)."""
    X = np.asarray(values, dtype=float)
    keep = [j for j in range(X.shape[1]) if j not in set(cluster)]
    return np.column_stack([X[:, keep], X[:, list(cluster)].mean(axis=1)])


def imbalances(
    values: np.ndarray, limit: float, appraised: np.ndarray | None = None
) -> list[Imbalance]:
    """Each cluster of criteria correlated at ``limit`` or more (across every option) that one
    or more criteria oppose (r with the cluster's mean value at -``limit`` or below), with the
    no-information shares over the ``appraised`` rows as cut and with the cluster merged."""
    X = np.asarray(values, dtype=float)
    rows = X if appraised is None else appraised
    out = []
    for g in clusters(X.shape[1], correlated_pairs(X, limit)):
        mean = X[:, list(g)].mean(axis=1)
        against = []
        for j in range(X.shape[1]):
            if j in g:
                continue
            r = correlations(np.column_stack([X[:, j], mean]))[0, 1]
            if r <= -limit:
                against.append((j, float(r)))
        if against:
            out.append(
                Imbalance(
                    g,
                    tuple(against),
                    no_information_shares(rows),
                    no_information_shares(merge(rows, g)),
                )
            )
    return out


def works_against(
    values: np.ndarray, meets: Sequence[bool], least: int = 2
) -> list[tuple[int, float, float]]:
    """Criteria on which every option that meets a requirement scores below every option that
    fails it, with at least ``least`` options on each side: (criterion, highest value among
    those that meet it, lowest among those that fail). Weighing such a criterion rewards what
    the requirement rules out (Keeney 1992: a constraint is not also an objective)."""
    X = np.asarray(values, dtype=float)
    ok = np.asarray(meets, dtype=bool)
    if ok.sum() < least or (~ok).sum() < least:
        return []
    out = []
    for j in range(X.shape[1]):
        hi_ok, lo_fail = float(X[ok, j].max()), float(X[~ok, j].min())
        if hi_ok < lo_fail:
            out.append((j, hi_ok, lo_fail))
    return out


@dataclass(frozen=True)
class LeadSplit:
    leader: int
    runner_up: int
    lead: float  # value points at the weights
    unmentioned: float  # the part of the lead from criteria the record never mentions


def lead_split(values: np.ndarray, w: np.ndarray, mentioned: Sequence[int]) -> LeadSplit | None:
    """The leader's lead over the runner-up at weights ``w``, and how much of it comes from
    criteria outside ``mentioned``: sum over those j of w_j (x_aj - x_bj)."""
    X = np.asarray(values, dtype=float)
    if X.shape[0] < 2:
        return None
    v = X @ w
    order = sorted(range(len(v)), key=lambda i: (-v[i], i))
    a, b = order[0], order[1]
    d = w * (X[a] - X[b])
    others = [j for j in range(X.shape[1]) if j not in set(mentioned)]
    return LeadSplit(a, b, float(d.sum()), float(d[others].sum()))


def mentioned_criteria(statements: Sequence[object], criteria: Sequence[str]) -> set[str] | None:
    """The criteria a stakeholder's used statements speak to: an exact swing rating, a range
    narrower than 0-100, a place in an order of criteria, or a made-up option's value. None when
    a used statement compares real options (the record then speaks to options, not criteria)."""
    from ..model.statements import CriteriaOrder, Hypothetical, Indifferent, Prefer, Swing

    out: set[str] = set()
    for s in statements:
        if not getattr(s, "use", True):
            continue
        if isinstance(s, Swing):
            out |= {c for c, lo, hi in s.ratings if lo == hi or hi - lo < 100}
        elif isinstance(s, CriteriaOrder):
            out |= set(s.order)
        elif isinstance(s, Prefer | Indifferent):
            sides = (s.better, s.worse) if isinstance(s, Prefer) else (s.a, s.b)
            if any(not isinstance(x, Hypothetical) for x in sides):
                return None
            out |= {c for x in sides for c, _ in x.values}
    return out & set(criteria)


def phrases(text: str) -> list[str]:
    """The quoted phrases in an evidence text, normalised (lower case, single spaces, no
    ellipses or edge punctuation), with at least :data:`PHRASE_WORDS` words."""
    out = []
    for q in quoted(text):
        p = " ".join(re.sub(r"\.\.\.|…", " ", q).lower().split()).strip(" .,;:")
        if len(p.split()) >= PHRASE_WORDS:
            out.append(p)
    return out


def shared_phrases(evidence: Mapping[str, Sequence[str]]) -> list[tuple[str, str, str]]:
    """Pairs of criteria whose evidence quotes the same phrase (one quoted phrase contains the
    other): (criterion, criterion, the shorter phrase, the longest such), each pair once.

    Per phrase p, the criteria quoting it and those quoting p or a phrase containing it, as bit
    sets; the phrases are taken longest first and each pair keeps the first that joins it, so
    the work is the phrases inside one another plus the pairs found, not their product (a
    nested chain of k phrases quoted under c criteria cost k^2 c^2)."""
    ids = list(evidence)
    quote: dict[str, int] = {}  # phrase -> the criteria (bits, by place) that quote it
    for k, c in enumerate(ids):
        for t in evidence[c]:
            for p in phrases(t):
                quote[p] = quote.get(p, 0) | 1 << k
    near = dict.fromkeys(quote, 0)  # phrase -> criteria quoting it or a phrase containing it
    for q, inside in contained(quote).items():
        for p in inside:
            near[p] |= quote[q]
    paired = [0] * len(ids)  # criterion -> the criteria it is already paired with (bits)
    best: dict[tuple[int, int], str] = {}
    for p in sorted(quote, key=lambda x: (-len(x), x)):
        for i in _bits(quote[p]):
            new = near[p] & ~paired[i] & ~(1 << i)
            if not new:
                continue
            paired[i] |= new
            for j in _bits(new):
                paired[j] |= 1 << i
                best[min(i, j), max(i, j)] = p
    return [(ids[i], ids[j], best[i, j]) for i, j in sorted(best)]


def _bits(x: int) -> list[int]:
    """The places of the set bits of ``x``."""
    out = []
    while x:
        low = x & -x
        out.append(low.bit_length() - 1)
        x ^= low
    return out


def same_weights(weights: Sequence[np.ndarray], tol: float = 1e-6) -> list[tuple[int, int]]:
    """Pairs (i < j) of weight vectors equal to within ``tol`` on every criterion."""
    return [
        (i, j)
        for i in range(len(weights))
        for j in range(i + 1, len(weights))
        if math.isclose(0.0, float(np.abs(weights[i] - weights[j]).max()), abs_tol=tol)
    ]
