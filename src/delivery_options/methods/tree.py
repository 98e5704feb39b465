"""Analyses on a value tree (model/tree.py): weights drawn at each node, and objectives' parts.

With no preference information, SMAA draws weights uniformly on the simplex of the criteria
(Lahdelma and Salminen 2001), so a concern held by four criteria gets four times the prior weight
of one held by a single criterion. On a value tree the draw is made at each node instead: the
children of every node (the root and each objective) share its weight by a Dirichlet(1), that is
uniform, draw, and a criterion's weight is the product down its path. Each objective then has the
same prior whatever number of criteria it holds: with two objectives holding one and three
criteria, the lone criterion's prior mean weight is 1/2, not 1/4.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model.tree import ROOT, Tree


def _uniform_simplex(rng: np.random.Generator, k: int, n: int) -> np.ndarray:
    """k draws uniform on the n-simplex (Dirichlet(1)): the gaps between sorted uniforms."""
    u = np.sort(rng.random((k, n - 1)), axis=1)
    return np.diff(u, axis=1, prepend=0.0, append=1.0)


def sample_weights(tree: Tree, rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` weight vectors (n x criteria, in the tree's leaf order), uniform at each node."""
    col = {c: j for j, c in enumerate(tree.criteria)}
    w = np.ones((n, len(tree.criteria)))
    for node in (ROOT, *tree.objective_ids):
        kids = tree.children[node]
        share = _uniform_simplex(rng, n, len(kids))
        for k, kid in enumerate(kids):
            w[:, [col[c] for c in tree.leaves(kid)]] *= share[:, [k]]
    return w


@dataclass
class TreeSampler:
    """A weight sampler for methods/smaa.py: ``draw(k)``, ``method`` in words, and
    ``independent``: every draw is fresh Dirichlet shares, so successive draws are independent
    and SMAA's sequential stopping rule applies."""

    tree: Tree
    rng: np.random.Generator
    independent = True  # a class constant, not a field
    method: str = (
        "uniform at each node of the value tree (a Dirichlet(1) draw over each objective's "
        "children, multiplied down the path), so every objective has the same prior whatever "
        "number of criteria it holds"
    )

    def draw(self, k: int) -> np.ndarray:
        return sample_weights(self.tree, self.rng, k)


def objective_values(tree: Tree, values: np.ndarray, w: np.ndarray) -> dict[str, np.ndarray]:
    """Each objective's part of every option's overall value at weights ``w``: the sum of its
    criteria's contributions w_j x_aj (values: options x criteria in leaf order)."""
    contrib = values * w[None, :]
    return {o: contrib @ tree.indicator(o) for o in tree.objective_ids}


def collapse(tree: Tree, values: np.ndarray, w: np.ndarray, node: str) -> tuple[np.ndarray, float]:
    """The options' values on ``node`` alone, its criteria weighted in proportion to ``w``
    (x_aO = sum_j in O w_j x_aj / w_O), and w_O. Moving w_O with its criteria kept in proportion
    (and the rest in proportion) moves V_a linearly between x_aO and the rest's value, so an
    objective's switching weight is a criterion's on this column (Belton and Stewart 2002, 5.4)."""
    ind = tree.indicator(node)
    w_o = float(ind @ w)
    # with no weight to keep in proportion, the criteria share it equally
    share = ind * w / w_o if w_o > 0 else ind / ind.sum()
    return values @ share, w_o


@dataclass(frozen=True)
class ObjectiveStability:
    """An objective's weight moved with its criteria in proportion, the rest in proportion
    (Mareschal 1988's stability interval, on a node of the tree): where the leader stays first,
    where the ranking is unchanged, and who comes first just past each end."""

    objective: str
    weight: float
    top: tuple[float, float]
    ranking: tuple[float, float]
    feasible: tuple[float, float]  # where the path stays inside the acceptable weights W
    switch: tuple[float, float]  # where the leader stays first on the path, W aside
    first_below: str | None  # first just below the leader's interval (None: it reaches 0)
    first_above: str | None  # first just above it (None: it reaches 1)


def objective_family(w0: np.ndarray, ind: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """w(t) = A + B t with the objective's weight ind . w(t) = t, its criteria in proportion to
    w0 and every other criterion in proportion too (one criterion: stability.family)."""
    w_o = float(ind @ w0)
    inside = ind * w0 / w_o if w_o > 1e-12 else ind / ind.sum()
    rest = 1.0 - ind
    outside = rest * w0 / (1.0 - w_o) if 1.0 - w_o > 1e-12 else rest / rest.sum()
    return outside, inside - outside


def objective_stability(
    X: np.ndarray, tree: Tree, options: tuple[str, ...], w0: np.ndarray, W
) -> list[ObjectiveStability]:
    """Stability intervals of every objective's weight (closed form, as methods/stability.py
    for a criterion: every option's value and every row of W is linear along the path)."""
    from .stability import _intersect, _pairs_interval, _w_interval

    v0 = X @ w0
    order = sorted(range(len(v0)), key=lambda i: (-v0[i], i))
    leader = order[0]
    top_pairs = [(leader, b) for b in order[1:]]
    adjacent = list(zip(order[:-1], order[1:], strict=True))
    out = []
    for o in tree.objective_ids:
        ind = tree.indicator(o)
        w_o = float(ind @ w0)
        if ind.all():  # the objective holds every criterion: its weight is 1 and cannot move
            one = (1.0, 1.0)
            out.append(ObjectiveStability(o, w_o, one, one, one, one, None, None))
            continue
        A, B = objective_family(w0, ind)
        feasible = _w_interval(W, A, B)
        top = _intersect(_pairs_interval(X, A, B, top_pairs), feasible)
        lo, hi = _pairs_interval(X, A, B, top_pairs)

        def first_at(t: float, A=A, B=B) -> str | None:
            v = X @ (A + B * t)
            best = int(np.argmax(v))
            return None if v[best] <= v[leader] + 1e-9 else options[best]

        out.append(
            ObjectiveStability(
                objective=o,
                weight=w_o,
                top=top,
                ranking=_intersect(_pairs_interval(X, A, B, adjacent), feasible),
                feasible=feasible,
                switch=(lo, hi),
                first_below=first_at(max(0.0, lo - 1e-6)) if lo > 1e-9 else None,
                first_above=first_at(min(1.0, hi + 1e-6)) if hi < 1 - 1e-9 else None,
            )
        )
    return out
