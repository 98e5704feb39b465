"""The value tree: criteria grouped under objectives, to any depth (Keeney, *Value-Focused
Thinking*, 1992; Belton and Stewart, *Multiple Criteria Decision Analysis*, 2002, ch. 3).

A flat list of criteria is a tree of one level. Each node's weight is local (a share of its
parent's); a criterion's global weight is the product of the local weights down its path, and an
objective's weight is the sum of its criteria's global weights, so any statement about an
objective is linear in the criterion weights.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

#: The root's id: the whole tree (never a criterion's or an objective's id).
ROOT = ""


@dataclass(frozen=True)
class Objective:
    """A node above the criteria: what a group of criteria together measure."""

    id: str
    name: str
    description: str = ""
    parent: str = ROOT


@dataclass(frozen=True)
class Tree:
    """Objectives and criteria as a rooted tree, in display order (depth first)."""

    objectives: tuple[Objective, ...]  # depth first, parents before children
    criteria: tuple[str, ...]  # the leaves, depth first: the workspace's criteria order
    parent: Mapping[str, str]  # every node (objective or criterion) -> its parent (ROOT at top)
    children: Mapping[str, tuple[str, ...]]  # every objective and ROOT -> its children, in order
    _leaves: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        leaves: dict[str, tuple[str, ...]] = {c: (c,) for c in self.criteria}
        for o in reversed((ROOT, *(o.id for o in self.objectives))):
            leaves[o] = tuple(c for k in self.children[o] for c in leaves[k])
        object.__setattr__(self, "_leaves", MappingProxyType(leaves))

    @property
    def flat(self) -> bool:
        """No objectives: every criterion hangs from the root."""
        return not self.objectives

    @property
    def objective_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.objectives)

    def objective(self, oid: str) -> Objective:
        """An objective by id (KeyError when there is none)."""
        for o in self.objectives:
            if o.id == oid:
                return o
        raise KeyError(oid)

    def is_objective(self, node: str) -> bool:
        return node in self.children and node != ROOT

    def nodes(self) -> tuple[str, ...]:
        """Every objective and criterion, depth first: each objective before what it holds."""
        out: list[str] = []

        def walk(node: str) -> None:
            for k in self.children.get(node, ()):
                out.append(k)
                walk(k)

        walk(ROOT)
        return tuple(out)

    def leaves(self, node: str) -> tuple[str, ...]:
        """The criteria beneath ``node`` (a criterion: itself), in leaf order."""
        return self._leaves[node]

    def path(self, node: str) -> tuple[str, ...]:
        """The objectives from the top down to ``node``'s parent."""
        out = []
        p = self.parent[node]
        while p != ROOT:
            out.append(p)
            p = self.parent[p]
        return tuple(reversed(out))

    def depth(self, node: str) -> int:
        """0 for a node hanging from the root."""
        return len(self.path(node))

    def siblings(self, node: str) -> tuple[str, ...]:
        return self.children[self.parent[node]]

    def indicator(self, node: str) -> np.ndarray:
        """The row that sums ``node``'s criteria: w_node = indicator . w."""
        beneath = set(self.leaves(node))
        return np.array([1.0 if c in beneath else 0.0 for c in self.criteria])

    def node_weight(self, w: np.ndarray, node: str) -> float:
        """An objective's weight: the sum of its criteria's global weights."""
        return float(self.indicator(node) @ w)

    def global_weights(self, local: Mapping[str, float]) -> dict[str, float]:
        """Each criterion's global weight: the product of the local weights down its path."""
        return {c: float(np.prod([local[n] for n in (*self.path(c), c)])) for c in self.criteria}

    def local_weights(self, w: np.ndarray) -> dict[str, float]:
        """Every node's local weight from global criterion weights: its weight over its
        parent's (0 where the parent weighs nothing)."""
        total = {n: self.node_weight(w, n) for n in (*self.objective_ids, *self.criteria)}
        total[ROOT] = float(np.sum(w))
        return {
            n: (total[n] / total[self.parent[n]] if total[self.parent[n]] > 0 else 0.0)
            for n in (*self.objective_ids, *self.criteria)
        }


def flat(criteria: Sequence[str]) -> Tree:
    """The tree of a flat list: every criterion under the root."""
    criteria = tuple(criteria)
    return Tree(
        (),
        criteria,
        MappingProxyType(dict.fromkeys(criteria, ROOT)),
        MappingProxyType({ROOT: criteria}),
    )


#: How deep objectives may nest (value trees in practice have a handful of levels; the walks
#: over the tree are recursive).
MAX_DEPTH = 50


def build(
    objectives: Sequence[Objective],
    membership: Sequence[tuple[str, str]],
    fail: Callable[[str, str], None],
) -> Tree | None:
    """The tree from objectives (file order) and (criterion, objective or ROOT) pairs (file
    order); each problem goes to ``fail(field, message)`` and gives None.

    Display order: under each node, its sub-objectives in the order of ``[objectives]``, then
    its own criteria in the order of ``[criteria]``; the criteria's order is that depth-first
    order, so a flat list keeps its file order."""
    from .ids import identity
    from .toml import hint

    ids = [o.id for o in objectives]
    crit = {identity(c): c for c, _ in membership}  # the one identity rule (model/ids.py)
    ok = True
    for o in objectives:
        if identity(o.id) in crit:
            fail(f"objectives.{o.id}", f"the id is also a criterion's ('{crit[identity(o.id)]}')")
            ok = False
        if o.parent != ROOT and o.parent not in ids:
            what = (
                f"'{o.parent}' is a criterion; a parent must be an objective"
                if o.parent in crit.values()
                else f"unknown objective '{o.parent}'{hint(o.parent, ids)}"
            )
            fail(f"objectives.{o.id}.parent", what)
            ok = False
    for c, oid in membership:
        if oid != ROOT and oid not in ids:
            fail(f"criteria.{c}.objective", f"unknown objective '{oid}'{hint(oid, ids)}")
            ok = False
    if not ok:
        return None
    parent_of = {o.id: o.parent for o in objectives}
    for o in objectives:
        seen, p = [o.id], o.parent
        while p != ROOT and p not in seen:
            seen.append(p)
            p = parent_of[p]
        if p == o.id:
            fail(f"objectives.{o.id}.parent", "makes a cycle: " + " -> ".join([*seen, o.id]))
            return None
        if len(seen) > MAX_DEPTH:
            fail(f"objectives.{o.id}.parent", f"objectives nest more than {MAX_DEPTH} deep")
            return None
    children: dict[str, list[str]] = {ROOT: [], **{i: [] for i in ids}}
    for o in objectives:
        children[o.parent].append(o.id)
    for c, oid in membership:
        children[oid].append(c)
    order: list[str] = []
    leaves: list[str] = []

    def walk(node: str) -> None:
        for k in children[node]:
            if k in parent_of:
                order.append(k)
                walk(k)
            else:
                leaves.append(k)

    walk(ROOT)
    parent = {**parent_of, **dict(membership)}
    tree = Tree(
        tuple(next(o for o in objectives if o.id == i) for i in order),
        tuple(leaves),
        MappingProxyType(parent),
        MappingProxyType({k: tuple(v) for k, v in children.items()}),
    )
    for o in objectives:
        if not tree.leaves(o.id):
            fail(
                f"objectives.{o.id}",
                "holds no criterion: name it as a criterion's objective, or as the parent of an "
                "objective that holds one",
            )
            ok = False
    return tree if ok else None
