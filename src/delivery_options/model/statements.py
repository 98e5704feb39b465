"""Stakeholders' statements about the weights, and the linear rows they put on the weights.

A weights file may hold ``[[statements]]`` instead of (or beside) typed weights. Each entry has a
``source`` (required), optional ``evidence`` and ``date``, and exactly one of:

- ``prefer = ["a", "b"]``: option a is strictly preferred to b (``"*"`` as b: to every other
  option). Row: sum_j w_j (x_aj - x_bj) >= eps (Greco, Mousseau & Slowinski 2008, EJOR 191).
- ``indifferent = ["a", "b"]``: V_a(w) = V_b(w). Row: sum_j w_j (x_aj - x_bj) = 0, held exactly
  by the LPs and checked to :data:`delivery_options.lp.VERIFY_TOL` value points.
- ``swing = { c = [lo, hi], ... }``: interval swing ratings, the most valued swing rated 100
  (a single number is an exact rating); see :func:`swing_rows`.
- ``criteria_order = ["c1", "c2", ...]``: w_c1 >= w_c2 >= ....

In a value tree (model/tree.py) swing ratings and ``criteria_order`` may name objectives too: an
objective's weight is the sum of its criteria's global weights, so every row stays linear in
the criterion weights.

In ``prefer`` and ``indifferent`` either side may also be a made-up option written as an inline
table of its values (0-100) on some criteria, 0 (the worst) on the rest, e.g.
``prefer = [{ capacity = 100 }, { workforce = 40 }]``: the answer to a pairwise question
(:mod:`delivery_options.elicitation`) is a statement of this form.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import Problem
from .toml import MAX_DATE, MAX_TEXT, hint

if TYPE_CHECKING:
    from .tree import Tree

KINDS = ("prefer", "indifferent", "swing", "criteria_order")
_KEYS = (*KINDS, "source", "evidence", "date", "use")


@dataclass(frozen=True)
class Hypothetical:
    """A made-up option: its values (0-100) on the named criteria, 0 on every other one."""

    values: tuple[tuple[str, float], ...]

    def vector(self, crit_ids: Sequence[str]) -> np.ndarray:
        x = np.zeros(len(crit_ids))
        for c, v in self.values:
            x[list(crit_ids).index(c)] = v
        return x


Side = str | Hypothetical  # an option id, "*" (every other option; second place only), or made up


@dataclass(frozen=True, kw_only=True)
class _Provenance:
    source: str
    evidence: str = ""
    date: str = ""
    #: False: on the record, but not used as a constraint on the weights (``options infer``
    #: still tests whether it could hold alongside the others, and says why not)
    use: bool = True


@dataclass(frozen=True)
class Prefer(_Provenance):
    """``better`` is strictly preferred to ``worse``."""

    better: Side
    worse: Side


@dataclass(frozen=True)
class Indifferent(_Provenance):
    """``a`` and ``b`` are equally good."""

    a: Side
    b: Side


#: The objectives a statement names, each with the criteria beneath it (model/tree.py).
Groups = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Swing(_Provenance):
    """Swing ratings: (criterion or objective, lo, hi), lo == hi for an exact rating; the
    largest hi is 100."""

    ratings: tuple[tuple[str, float, float], ...]
    groups: Groups = ()


@dataclass(frozen=True)
class CriteriaOrder(_Provenance):
    """w_order[0] >= w_order[1] >= ... (criteria or objectives)"""

    order: tuple[str, ...]
    groups: Groups = ()


def _indicator(node: str, groups: Groups, crit_ids: Sequence[str]) -> np.ndarray:
    """The row picking ``node``'s weight: e_c for a criterion, the sum over an objective's."""
    beneath = dict(groups).get(node, (node,))
    return np.array([1.0 if c in beneath else 0.0 for c in crit_ids])


Statement = Prefer | Indifferent | Swing | CriteriaOrder


@dataclass(frozen=True, eq=False)
class Row:
    """One linear row on the weights: ``a . w >= eps`` (strict), ``>= 0`` or ``= 0``."""

    a: np.ndarray
    kind: str  # ">=eps", ">=0" or "=0"


# --- parsing ---------------------------------------------------------------------------------


def parse_statements(
    items: Any,
    file: str,
    crit_ids: Sequence[str],
    option_ids: Sequence[str],
    tree: Tree | None = None,
) -> tuple[list[Statement], list[Problem]]:
    """Check a ``[[statements]]`` array; return the good statements and one problem per bad field.

    Statement indices elsewhere (conflicts) count the returned list, which follows the file's
    order and equals it whenever there are no problems.
    """
    problems: list[Problem] = []
    if not isinstance(items, list):
        return [], [Problem(file, "statements", "must be an array of tables ([[statements]])")]
    objectives = {o: tree.leaves(o) for o in tree.objective_ids} if tree is not None else {}
    parser = _Parser(file, tuple(crit_ids), tuple(option_ids), problems, objectives)
    out = []
    for i, item in enumerate(items):
        before = len(problems)
        st = parser.statement(item, f"statement {i + 1}")
        if st is not None and len(problems) == before:
            out.append(st)
    return out, problems


@dataclass
class _Parser:
    file: str
    crit_ids: tuple[str, ...]
    option_ids: tuple[str, ...]
    problems: list[Problem]
    objectives: dict[str, tuple[str, ...]]  # objective -> the criteria beneath it

    @property
    def nodes(self) -> tuple[str, ...]:
        """What swings and orders may name: the criteria, then the objectives."""
        return (*self.crit_ids, *self.objectives)

    @property
    def what(self) -> str:
        return "criterion or objective" if self.objectives else "criterion"

    def groups(self, named) -> Groups:
        return tuple((x, self.objectives[x]) for x in dict.fromkeys(named) if x in self.objectives)

    def fail(self, fld: str, message: str) -> None:
        self.problems.append(Problem(self.file, fld, message))

    def statement(self, item: Any, at: str) -> Statement | None:
        if not isinstance(item, dict):
            self.fail(at, "must be a table")
            return None
        for key in item:
            if key not in _KEYS:
                self.fail(f"{at}, {key}", f"unknown key (expected one of {', '.join(_KEYS)})")
        prov = self.provenance(item, at)
        kinds = [k for k in KINDS if k in item]
        if len(kinds) != 1:
            found = f"found {', '.join(kinds)}" if kinds else "found none"
            self.fail(at, f"needs exactly one of {', '.join(KINDS)} ({found})")
            return None
        kind = kinds[0]
        fld, value = f"{at}, {kind}", item[kind]
        if kind in ("prefer", "indifferent"):
            pair = self.pair(value, fld, star=kind == "prefer")
            if pair is None or prov is None:
                return None
            cls = Prefer if kind == "prefer" else Indifferent
            return cls(*pair, **prov)
        if kind == "swing":
            ratings = self.swing(value, fld)
            if ratings is None or prov is None:
                return None
            return Swing(ratings, self.groups(r[0] for r in ratings), **prov)
        order = self.order(value, fld)
        if order is None or prov is None:
            return None
        return CriteriaOrder(order, self.groups(order), **prov)

    def provenance(self, item: dict, at: str) -> dict[str, Any] | None:
        out: dict[str, Any] = {}
        use = item.get("use", True)
        if not isinstance(use, bool):
            self.fail(f"{at}, use", "must be true or false")
        else:
            out["use"] = use
        source = item.get("source")
        if source is None:
            self.fail(f"{at}, source", "is required: who made this statement")
        elif not isinstance(source, str) or not source.strip():
            self.fail(f"{at}, source", "must be non-empty text")
        elif len(source) > MAX_TEXT:
            self.fail(f"{at}, source", f"is {len(source):,} characters; at most {MAX_TEXT:,}")
        else:
            out["source"] = source
        evidence = item.get("evidence", "")
        if not isinstance(evidence, str):
            self.fail(f"{at}, evidence", "must be text")
        elif len(evidence) > MAX_TEXT:
            self.fail(f"{at}, evidence", f"is {len(evidence):,} characters; at most {MAX_TEXT:,}")
        else:
            out["evidence"] = evidence
        date = item.get("date", "")
        if isinstance(date, dt.date | dt.datetime):
            date = date.isoformat()
        if not isinstance(date, str):
            self.fail(f"{at}, date", "must be a date (2024-05-01) or text")
        elif len(date) > MAX_DATE:
            self.fail(
                f"{at}, date", f"is {len(date):,} characters; a date holds at most {MAX_DATE}"
            )
        else:
            out["date"] = date
        return out if len(out) == 4 else None

    def pair(self, value: Any, fld: str, star: bool) -> tuple[Side, Side] | None:
        if not isinstance(value, list) or len(value) != 2:
            self.fail(fld, 'must be a list of two options, e.g. ["a", "b"]')
            return None
        sides = [self.side(v, f"{fld}, item {k + 1}", star and k == 1) for k, v in enumerate(value)]
        if sides[0] is None or sides[1] is None:
            return None
        if sides[0] == sides[1]:
            self.fail(fld, "compares an option with itself")
            return None
        if sides[1] == "*" and not isinstance(sides[0], str):
            self.fail(fld, '"*" (every other option) needs a real option first')
            return None
        return sides[0], sides[1]

    def side(self, value: Any, fld: str, star: bool) -> Side | None:
        if isinstance(value, str):
            if value == "*":
                if star:
                    return value
                self.fail(fld, '"*" is allowed only as the second option of prefer')
                return None
            if value not in self.option_ids:
                self.fail(fld, f"unknown option '{value}'{hint(value, self.option_ids)}")
                return None
            return value
        if isinstance(value, dict):
            if not value:
                self.fail(fld, "a made-up option needs a value on at least one criterion")
                return None
            vals = []
            for c, v in value.items():
                x = self.number(v, f"{fld}, {c}", 0.0, 100.0)
                if c not in self.crit_ids:
                    self.fail(f"{fld}, {c}", f"unknown criterion '{c}'{hint(c, self.crit_ids)}")
                elif x is not None:
                    vals.append((c, x))
            if len(vals) != len(value):
                return None
            return Hypothetical(tuple(sorted(vals, key=lambda cv: self.crit_ids.index(cv[0]))))
        self.fail(fld, "must be an option id or a table of values (a made-up option)")
        return None

    def number(self, value: Any, fld: str, lo: float, hi: float) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(fld, "must be a number")
            return None
        if not math.isfinite(value) or not lo <= value <= hi:
            self.fail(fld, f"must be between {lo:g} and {hi:g}, got {value}")
            return None
        return float(value)

    def swing(self, value: Any, fld: str) -> tuple[tuple[str, float, float], ...] | None:
        if not isinstance(value, dict):
            self.fail(fld, "must be a table of ratings, e.g. { capacity = 100, cost = [40, 60] }")
            return None
        ok = True
        ratings = []
        for c, r in value.items():
            f = f"{fld}, {c}"
            if c not in self.nodes:
                self.fail(f, f"unknown {self.what} '{c}'{hint(c, self.nodes)}")
                ok = False
                continue
            if isinstance(r, list):
                if len(r) != 2:
                    self.fail(f, "must be a rating or a range [lo, hi]")
                    ok = False
                    continue
                lo, hi = (self.number(x, f, 0.0, 100.0) for x in r)
            else:
                lo = hi = self.number(r, f, 0.0, 100.0)
            if lo is None or hi is None:
                ok = False
            elif lo > hi:
                self.fail(f, f"the range is reversed: {lo:g} > {hi:g}")
                ok = False
            else:
                ratings.append((c, lo, hi))
        if not ok:
            return None
        if len(ratings) < 2:
            self.fail(fld, "must rate at least two criteria (one rating alone says nothing)")
            return None
        if max(hi for _, _, hi in ratings) != 100:
            self.fail(fld, "the most valued swing must be rated 100")
            return None
        if why := rating_problem([(lo, hi) for _, lo, hi in ratings]):
            self.fail(fld, why)
            return None
        return tuple(sorted(ratings, key=lambda r: self.nodes.index(r[0])))

    def order(self, value: Any, fld: str) -> tuple[str, ...] | None:
        if not isinstance(value, list) or len(value) < 2:
            self.fail(fld, "must list at least two criteria, most valued first")
            return None
        ok = True
        for k, c in enumerate(value):
            if not isinstance(c, str) or c not in self.nodes:
                self.fail(f"{fld}, item {k + 1}", f"unknown {self.what} {c!r}{hint(c, self.nodes)}")
                ok = False
            elif c in value[:k]:
                self.fail(f"{fld}, item {k + 1}", f"'{c}' is listed twice")
                ok = False
        return tuple(value) if ok else None


# --- rows ------------------------------------------------------------------------------------


def rows(
    statement: Statement, X: np.ndarray, option_ids: Sequence[str], crit_ids: Sequence[str]
) -> list[Row]:
    """The linear rows a statement puts on the weights (X: options x criteria values, 0-100)."""
    if isinstance(statement, Prefer | Indifferent):
        first, second = (
            (statement.better, statement.worse)
            if isinstance(statement, Prefer)
            else (statement.a, statement.b)
        )
        kind = ">=eps" if isinstance(statement, Prefer) else "=0"
        x = _values(first, X, option_ids, crit_ids)
        if second == "*":
            others = [b for b in range(len(option_ids)) if option_ids[b] != first]
            return [Row(x - X[b], kind) for b in others]
        return [Row(x - _values(second, X, option_ids, crit_ids), kind)]
    if isinstance(statement, Swing):
        return swing_rows(statement.ratings, crit_ids, statement.groups)
    vec = [_indicator(c, statement.groups, crit_ids) for c in statement.order]
    return [Row(p - q, ">=0") for p, q in zip(vec, vec[1:], strict=False)]


def content(statement: Statement) -> tuple:
    """What a statement says, without who said it, where or whether it is used: statements of
    the same content put the same rows on the weights."""
    if isinstance(statement, Prefer):
        return ("prefer", statement.better, statement.worse)
    if isinstance(statement, Indifferent):
        return ("indifferent", frozenset((statement.a, statement.b)))
    if isinstance(statement, Swing):
        return ("swing", statement.ratings, statement.groups)
    return ("order", statement.order, statement.groups)


def distinct(statements: Sequence[Statement]) -> dict[int, int]:
    """The place of the first statement of each content, in order, mapped to the place of its
    last copy: a repeated statement adds no row, so its copies are left out before any row is
    made (the last copy owns the rows, as a deletion filter over every copy would name it)."""
    first: dict[tuple, int] = {}
    last: dict[tuple, int] = {}
    for k, st in enumerate(statements):
        key = content(st)
        first.setdefault(key, k)
        last[key] = k
    return {first[key]: last[key] for key in sorted(first, key=first.__getitem__)}


def row_entries(statement: Statement, criteria: int, options: int) -> int:
    """An upper bound on the coefficients of the rows a statement puts on the weights, cheap
    to count before any row is made. Every row is stored over all ``criteria`` (a dense row),
    so the count is rows times criteria: one row for a pair of options, one for each other
    option with ``"*"``, at most two for each pair of a swing's k nodes (k (k - 1) rows; 2 (k - 1)
    when a node is rated exactly, :func:`swing_rows`), and one for each neighbour of an order."""
    if isinstance(statement, Prefer | Indifferent):
        second = statement.worse if isinstance(statement, Prefer) else statement.b
        return (max(options - 1, 0) if second == "*" else 1) * criteria
    if isinstance(statement, Swing):
        k = len(statement.ratings)
        exact = any(lo == hi > 0 for _, lo, hi in statement.ratings)
        return (2 if exact else k) * (k - 1) * criteria
    return max(len(statement.order) - 1, 0) * criteria


def statement_matrix(
    statements: Sequence[Statement],
    X: np.ndarray,
    option_ids: Sequence[str],
    crit_ids: Sequence[str],
) -> tuple[np.ndarray, tuple[str, ...], tuple[int, ...]]:
    """Every row the statements put on the weights, once: (coefficients, kinds, owners), in
    the order first made, an owner being the place in ``statements`` of the last statement
    that makes the row. A statement repeated, or a row two statements share, is one row, so a
    record and the same record with every statement doubled give the same rows."""
    seen: dict[tuple[str, bytes], int] = {}  # row -> its place in A
    A, kinds, owners = [], [], []
    for k, owner in distinct(statements).items():
        for row in rows(statements[k], X, option_ids, crit_ids):
            a = np.asarray(row.a, dtype=float) + 0.0  # -0.0 and 0.0 alike
            key = (row.kind, a.tobytes())
            if key in seen:
                owners[seen[key]] = max(owners[seen[key]], owner)
                continue
            seen[key] = len(A)
            A.append(a)
            kinds.append(row.kind)
            owners.append(owner)
    mat = np.array(A, dtype=float).reshape(len(A), len(crit_ids))
    return mat, tuple(kinds), tuple(owners)


def _values(
    side: Side, X: np.ndarray, option_ids: Sequence[str], crit_ids: Sequence[str]
) -> np.ndarray:
    if isinstance(side, Hypothetical):
        return side.vector(crit_ids)
    return np.asarray(X[list(option_ids).index(side)], dtype=float)


#: The finest difference a swing rating can tell (on 0-100): two values of one statement closer
#: than this, or a rating above 0 and below it, say nothing a judgement can, and leave the LPs a
#: sliver (or a near-equality) they cannot solve reliably.
RATING_STEP = 0.001


def rating_problem(ratings: Sequence[tuple[float, float]]) -> str | None:
    """Why a swing statement's ratings ((lo, hi) pairs, lo == hi when exact) are finer than a
    judgement can be, or None. Thirds (33.3333333333) are fine; 99.999999999 beside 100 is not."""
    ends = sorted({x for pair in ratings for x in pair})
    for x in ends:
        if 0 < x < RATING_STEP:
            return f"{x!r} is finer than a judgement: use 0 or at least {RATING_STEP:g}"
    for x, y in zip(ends, ends[1:], strict=False):
        if y - x < RATING_STEP:
            return (
                f"{x!r} and {y!r} are closer than a judgement can tell apart ({RATING_STEP:g}): "
                "make them equal, or further apart"
            )
    return None


def swing_rows(
    ratings: Sequence[tuple[str, float, float]], crit_ids: Sequence[str], groups: Groups = ()
) -> list[Row]:
    """Interval swing ratings as rows (Mustajoki, Hamalainen & Salo 2005, Decision Sciences 36).

    Ratings r_i in [l_i, u_i] say w_i / w_j = r_i / r_j for some such ratings, so for each pair
    l_i / u_j <= w_i / w_j <= u_i / l_j. Clearing the (non-negative) denominators, each ordered
    pair (i, j) gives the row u_j w_i - l_i w_j >= 0 (the pair (j, i) gives the upper bound).
    Together the rows say exactly that some multiple t > 0 of the named weights has
    l_i <= t w_i <= u_i for every named i. Two exact ratings give one equality r_j w_i = r_i w_j.
    Rows with no negative coefficient (always true for w >= 0) are left out. Criteria not named
    are not constrained. An objective's w is the sum of its criteria's (``groups``), so its rows
    read with e_i replaced by the objective's indicator.

    When some node r is rated exactly (l_r = u_r = R > 0, as the most valued swing usually is),
    only the pairs with r are kept: 2 (k - 1) rows, not k (k - 1). Every other pair's row is
    implied, R (u_j w_i - l_i w_j) = u_j (u_r w_i - l_i w_r) + l_i (u_j w_r - l_r w_j), a
    non-negative sum of the rows (i, r) and (r, j) (an exact pair's equality likewise), so the
    set of weights is the same.
    """
    col = {c: _indicator(c, groups, crit_ids) for c, _, _ in ratings}
    ref = next((k for k, (_, lo, hi) in enumerate(ratings) if lo == hi > 0), None)
    out = []
    for k, (ci, li, ui) in enumerate(ratings):
        for m, (cj, lj, uj) in enumerate(ratings[k + 1 :], start=k + 1):
            if ref is not None and ref not in (k, m):
                continue  # implied by the rows with the exactly rated node
            i, j = col[ci], col[cj]
            if li == ui and lj == uj:
                a = uj * i - ui * j
                if a.any():
                    out.append(Row(a, "=0"))
                continue
            for (p, lp, _), (q, _, uq) in (((i, li, ui), (j, lj, uj)), ((j, lj, uj), (i, li, ui))):
                a = uq * p - lp * q  # u_q w_p - l_p w_q >= 0
                if (a < 0).any():
                    out.append(Row(a, ">=0"))
    return out


# --- writing ---------------------------------------------------------------------------------


def _number(x: float) -> str:
    """A number as TOML, read back exactly: short when that loses nothing (``62``, ``0.5``),
    else every digit a float holds (``33.333333333333336``), never rounded to six."""
    short = f"{x:g}"
    return short if float(short) == x else repr(float(x))


def to_toml(statement: Statement) -> str:
    """One ``[[statements]]`` entry as TOML text, read back by :func:`parse_statements` to the
    same numbers."""
    from .toml import toml_string

    def side(x: Side) -> str:
        if isinstance(x, str):
            return toml_string(x)
        return "{ " + ", ".join(f"{toml_string(c)} = {_number(v)}" for c, v in x.values) + " }"

    lines = ["[[statements]]"]
    if isinstance(statement, Prefer):
        lines.append(f"prefer = [{side(statement.better)}, {side(statement.worse)}]")
    elif isinstance(statement, Indifferent):
        lines.append(f"indifferent = [{side(statement.a)}, {side(statement.b)}]")
    elif isinstance(statement, Swing):
        cells = ", ".join(
            f"{toml_string(c)} = {_number(lo)}"
            if lo == hi
            else f"{toml_string(c)} = [{_number(lo)}, {_number(hi)}]"
            for c, lo, hi in statement.ratings
        )
        lines.append(f"swing = {{ {cells} }}")
    else:
        lines.append("criteria_order = [" + ", ".join(map(toml_string, statement.order)) + "]")
    lines.append(f"source = {toml_string(statement.source)}")
    if statement.evidence:
        lines.append(f"evidence = {toml_string(statement.evidence)}")
    if statement.date:
        lines.append(f"date = {toml_string(statement.date)}")
    if not statement.use:
        lines.append("use = false")
    return "\n".join(lines) + "\n"
