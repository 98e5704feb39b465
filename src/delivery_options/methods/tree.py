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
    """A weight sampler for methods/smaa.py: ``draw(k)`` and ``method`` in words."""

    tree: Tree
    rng: np.random.Generator
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
