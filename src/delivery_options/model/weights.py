"""Load stakeholders' weights files (``weights/**/<id>.toml``) against a workspace's criteria."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..errors import OptionsError, Problem
from .ids import identity, unportable
from .toml import (
    MAX_STAKEHOLDERS,
    MAX_STATEMENT_ENTRIES,
    MAX_STATEMENTS,
    SAME_ID,
    Checker,
    did_you_mean,
    hint,
    nth,
    read_toml,
    rel,
    too_many,
)
from .tree import ROOT, Tree, flat
from .types import Constraints, Stakeholder

if TYPE_CHECKING:
    import numpy as np

#: Slack used when checking that a stakeholder's own weights satisfy its constraints.
CONSTRAINT_SLACK = 1e-9


def weights_paths(root: Path) -> tuple[Path, ...]:
    """Every weights file in the workspace (sub-folders included), in a stable order."""
    from ..files import walk

    wdir = root / "weights"
    if not wdir.is_dir():
        return ()
    found = [p for p in walk(wdir, "weights/") if p.name.endswith(".toml")]
    return tuple(sorted(found, key=lambda p: p.relative_to(wdir).as_posix()))


def resolve_weights(root: Path, name: str) -> Path:
    """Find a stakeholder's weights file by bare name, file name, path inside ``weights/``, or
    any path to a weights file."""
    if not isinstance(name, str) or not name.strip():
        raise OptionsError(
            Problem("", "", "a stakeholder name must be non-empty text"), "stakeholder"
        )
    candidates = []
    wdir = root / "weights"
    stem = name[:-5] if name.endswith(".toml") else name
    for p in weights_paths(root):
        r = p.relative_to(wdir).as_posix()
        if name in (r, r[:-5]) or identity(p.stem) == identity(stem):
            candidates.append(p)
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        shown = ", ".join(rel(root, p) for p in candidates)
        raise OptionsError(
            Problem("", "", f"stakeholder '{name}' is ambiguous: {shown}"), "stakeholder"
        )
    direct = Path(name)
    if direct.suffix == ".toml" and direct.is_file():
        return direct
    by_name = [p for p in weights_paths(root) if identity(_name_of(p, root)) == identity(name)]
    if len(by_name) == 1:  # the stakeholder's name as the outputs show it ("Trade unions")
        return by_name[0]
    stems = [p.stem for p in weights_paths(root)]
    raise OptionsError(
        Problem(
            "",
            "",
            f"no stakeholder '{name}' in weights/ (known: {', '.join(stems) or 'none'})"
            + did_you_mean(stem, stems),
        ),
        "stakeholder",
    )


def _name_of(path: Path, root: Path) -> str:
    try:
        name = read_toml(path, path.name, root).get("name", "")
    except OptionsError:
        return ""
    return name if isinstance(name, str) else ""


def _load_constraints(chk: Checker, data: dict[str, Any], tree: Tree) -> Constraints:
    """Bounds and orders on criteria, and on objectives (an objective's weight is the sum of its
    criteria's: rows on the weights, :func:`objective_rows`)."""
    crit_ids, known = tree.criteria, (*tree.criteria, *tree.objective_ids)
    what = "criterion" if tree.flat else "criterion or objective"
    raw = chk.table(data, "constraints", "constraints")
    chk.unknown_keys(raw, ("bounds", "order", "tolerance"), "constraints.")
    bounds: dict[str, tuple[float, float]] = {}
    groups: dict[str, tuple[str, ...]] = {}
    for cid, pair in chk.table(raw, "bounds", "constraints.bounds").items():
        fld = f"constraints.bounds.{cid}"
        if cid not in known:
            chk.fail(fld, f"unknown {what}{hint(cid, known)}")
            continue
        if not isinstance(pair, list) or len(pair) != 2:
            chk.fail(fld, "must be a list [lo, hi]")
            continue
        lo, hi = chk.number(pair[0], fld), chk.number(pair[1], fld)
        if lo is None or hi is None:
            continue
        if not 0 <= lo <= hi <= 1:
            chk.fail(fld, f"needs 0 <= lo <= hi <= 1 on normalised weights, got [{lo:g}, {hi:g}]")
            continue
        bounds[cid] = (lo, hi)
    order: list[tuple[str, str]] = []
    raw_order = raw.get("order", [])
    if not isinstance(raw_order, list):
        chk.fail("constraints.order", 'must be a list of pairs ["a", "b"]')
        raw_order = []
    for i, pair in enumerate(raw_order):
        fld = nth("constraints.order", i)
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(x, str) for x in pair)
        ):
            chk.fail(fld, 'must be a pair ["a", "b"] meaning weight(a) >= weight(b)')
            continue
        bad = [x for x in pair if x not in known]
        if bad:
            chk.fail(fld, f"unknown {what} '{bad[0]}'{hint(bad[0], known)}")
            continue
        order.append((pair[0], pair[1]))
    tolerance = None
    if "tolerance" in raw:
        tolerance = chk.number(raw["tolerance"], "constraints.tolerance")
        if tolerance is not None and tolerance < 0:
            chk.fail("constraints.tolerance", f"must not be negative, got {tolerance:g}")
            tolerance = None
    for x in (*bounds, *(x for pair in order for x in pair)):
        if x not in crit_ids:
            groups[x] = tree.leaves(x)
    crit_bounds = {c: b for c, b in bounds.items() if c not in groups}
    crit_order = tuple(p for p in order if p[0] not in groups and p[1] not in groups)
    return Constraints(
        MappingProxyType(crit_bounds),
        crit_order,
        tolerance,
        objective_bounds=MappingProxyType({c: b for c, b in bounds.items() if c in groups}),
        objective_order=tuple(p for p in order if p not in crit_order),
        groups=MappingProxyType(groups),
    )


def objective_rows(cons: Constraints, crit_ids: tuple[str, ...]) -> list[np.ndarray]:
    """Bounds and orders naming an objective as rows a.w >= 0 (w sums to 1): lo <= w_O is
    (1_O - lo).w >= 0, w_O <= hi is (hi - 1_O).w >= 0, and w_A >= w_B is (1_A - 1_B).w >= 0,
    where 1_O picks the objective's criteria (1_c = e_c for a criterion)."""
    import numpy as np

    def ind(x: str) -> np.ndarray:
        beneath = cons.groups.get(x, (x,))
        return np.array([1.0 if c in beneath else 0.0 for c in crit_ids])

    out = []
    for x, (lo, hi) in cons.objective_bounds.items():
        out += [ind(x) - lo, hi - ind(x)]
    out += [ind(a) - ind(b) for a, b in cons.objective_order]
    return out


def _node_weight(w: Mapping[str, float], cons: Constraints, x: str) -> float:
    return math.fsum(w[c] for c in cons.groups.get(x, (x,)))


def _check_own_weights(chk: Checker, w: Mapping[str, float], cons: Constraints) -> None:
    for cid, (lo, hi) in {**cons.bounds, **cons.objective_bounds}.items():
        wc = _node_weight(w, cons, cid)
        if not lo - CONSTRAINT_SLACK <= wc <= hi + CONSTRAINT_SLACK:
            chk.fail(
                f"constraints.bounds.{cid}",
                f"the stakeholder's own weight {wc:.4f} is outside [{lo:g}, {hi:g}]",
            )
    for i, (a, b) in enumerate((*cons.order, *cons.objective_order)):
        wa, wb = _node_weight(w, cons, a), _node_weight(w, cons, b)
        if wa < wb - CONSTRAINT_SLACK:
            # pairs naming objectives are kept apart, so a place in the file is known only
            # when there are none
            fld = "constraints.order" if cons.objective_order else nth("constraints.order", i)
            chk.fail(fld, f"the stakeholder's own weights break it: {a} {wa:.4f} < {b} {wb:.4f}")


#: How a weights file's [weights] came about, as the paper attributes them.
BASES = ("modelled", "stated", "elicited")
FIELDS = (
    "name",
    "rationale",
    "weights",
    "constraints",
    "sources",
    "statements",
    "basis",
    "date",
    "positions",
)
#: A recorded position's fields, each required, with the most characters each may hold: the
#: submission quotes them under "What the parties think".
POSITION_FIELDS = {"said": 120, "quote": 240, "source": 60}
MAX_POSITIONS = 4


@dataclass(frozen=True)
class Position:
    """What the record says a stakeholder thinks of the decision: in a few plain words
    (``said``), in the record's own words (``quote``) and where (``source``). Kept apart from
    the statements the weights are inferred from: a position is shown as recorded, and no
    model's ranking stands in for it."""

    said: str
    quote: str
    source: str


def _positions(chk: Checker, data: dict[str, Any]) -> tuple[Position, ...]:
    raw = data.get("positions")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        chk.fail("positions", "must be a list of tables: [[positions]]")
        return ()
    if len(raw) > MAX_POSITIONS:
        chk.fail(
            "positions",
            f"holds {len(raw)}; at most {MAX_POSITIONS} fit the two-page submission",
        )
        return ()
    out = []
    for i, item in enumerate(raw):
        fld = nth("positions", i)
        before = len(chk.problems)
        chk.unknown_keys(item, POSITION_FIELDS, f"{fld}.")
        got = {k: chk.text(item, k, f"{fld}.{k}", required=True) for k in POSITION_FIELDS}
        for k, most in POSITION_FIELDS.items():
            if len(got[k]) > most:
                chk.fail(
                    f"{fld}.{k}",
                    f"is {len(got[k]):,} characters; at most {most} fit the two-page submission",
                )
        if len(chk.problems) == before:
            out.append(Position(**got))
    return tuple(out)


def _too_many_rows(statements: tuple, criteria: int, options: int) -> str | None:
    """Why the statements' rows are past :data:`MAX_STATEMENT_ENTRIES`, or None."""
    from .statements import distinct, row_entries

    entries = sum(row_entries(statements[k], criteria, options) for k in distinct(statements))
    if entries <= MAX_STATEMENT_ENTRIES:
        return None
    return (
        f"put up to {entries:,} coefficients on the weights (a row over every criterion for each "
        f'pair of options compared, one for each other option with "*", up to two for each pair '
        f"of a swing's criteria); the supported size is at most {MAX_STATEMENT_ENTRIES:,} "
        "(docs/format.md, Supported size)"
    )


def load_stakeholder(
    root: Path,
    crit_ids: tuple[str, ...],
    path: Path,
    option_ids: tuple[str, ...] = (),
    tree: Tree | None = None,
) -> Stakeholder:
    """Load one weights file against the criteria (and, for statements, the option) ids.

    Typed ``[weights]`` on the criteria alone are normalised to sum to 1. In a value tree they
    may instead be local weights on every objective and criterion (:func:`_local`). A file with
    ``[[statements]]`` may leave ``[weights]`` out: the core then infers them from the
    statements (``inferred``)."""
    tree = flat(crit_ids) if tree is None else tree
    shown = rel(root.resolve(), path.resolve())
    data = read_toml(path, shown, root)
    problems: list[Problem] = []
    chk = Checker(shown, problems)
    chk.unknown_keys(data, FIELDS, "")
    if why := unportable(path.name[: -len(".toml")] if path.name.endswith(".toml") else path.stem):
        chk.fail("", why)
    name = chk.text(data, "name", "name", required=True)
    rationale = chk.text(data, "rationale", "rationale")
    chk.texts(data.get("sources"), "sources")
    date = chk.text(data, "date", "date")
    positions = _positions(chk, data)
    statements: tuple = ()
    said = data.get("statements")
    if many := too_many(len(said) if isinstance(said, list) else 0, MAX_STATEMENTS, "statements"):
        raise OptionsError(Problem(shown, "statements", many))
    if "statements" in data:
        from .statements import parse_statements  # numpy: only for files that need it

        found, bad = parse_statements(data["statements"], shown, crit_ids, option_ids, tree)
        problems.extend(bad)
        statements = tuple(found)
        if why := _too_many_rows(statements, len(crit_ids), len(option_ids)):
            raise OptionsError(Problem(shown, "statements", why))
    inferred = "weights" not in data and bool(statements) and not problems
    basis = data.get("basis", "stated")
    if basis not in BASES:
        chk.fail("basis", f"must be one of {', '.join(BASES)}, not {basis!r}")
    raw = chk.table(data, "weights", "weights", required=not statements)
    local = any(k in tree.objective_ids for k in raw)
    nodes = (*tree.objective_ids, *crit_ids) if local else crit_ids
    for key in raw:
        if key not in nodes:
            chk.fail(
                f"weights.{key}",
                f"unknown {'criterion' if tree.flat else 'criterion or objective'} "
                f"(not in criteria.toml){hint(key, (*tree.objective_ids, *crit_ids))}",
            )
    values: dict[str, float] = {}
    for cid in nodes:
        if cid not in raw:
            if "weights" in data:
                need = (
                    "with weights on objectives, every objective and criterion needs a local "
                    "weight (0 is allowed)"
                    if local
                    else "every criterion needs a weight (0 is allowed)"
                )
                chk.fail(f"weights.{cid}", f"missing: {need}")
            continue
        x = chk.number(raw[cid], f"weights.{cid}")
        if x is None:
            continue
        if x < 0:
            chk.fail(f"weights.{cid}", f"must not be negative, got {x:g}")
            continue
        values[cid] = x
    constraints = _load_constraints(chk, data, tree)
    if inferred and constraints.tolerance is not None:
        chk.fail("constraints.tolerance", "needs typed [weights] to be a tolerance around")
    if problems:
        raise OptionsError(problems)
    norm: dict[str, float] = {}
    if not inferred:
        if local:
            norm = _local(shown, tree, values)
        else:
            try:
                total = math.fsum(values.values())
            except OverflowError:
                total = math.inf
            if not math.isfinite(total):
                raise OptionsError(
                    Problem(
                        shown, "weights", "the weights are too large to add up; scale them down"
                    )
                )
            if total <= 0:
                raise OptionsError(
                    Problem(shown, "weights", "all weights are zero; at least one must be positive")
                )
            norm = {cid: values[cid] / total for cid in crit_ids}
        _check_own_weights(chk, norm, constraints)
    if problems:
        raise OptionsError(problems)
    return Stakeholder(
        id=path.stem,
        name=name,
        weights=MappingProxyType(norm),
        rationale=rationale,
        constraints=constraints,
        path=shown,
        # as typed; local weights in a value tree give their overall weights instead, so that
        # raw_weights always holds one weight per criterion on one scale
        raw_weights=MappingProxyType(dict(norm if local else values)),
        statements=statements,
        basis=basis,
        inferred=inferred,
        date=date,
        positions=positions,
    )


def _local(shown: str, tree: Tree, values: Mapping[str, float]) -> dict[str, float]:
    """Local weights on every node of a value tree, normalised among siblings; a criterion's
    weight is the product of the normalised local weights down its path (Belton and Stewart
    2002, section 5.4). Siblings that all weigh 0 are allowed only under a node of weight 0."""
    share: dict[str, float] = {}
    for parent, kids in tree.children.items():
        try:
            total = math.fsum(values[k] for k in kids)
        except OverflowError:
            total = math.inf
        if not math.isfinite(total):
            raise OptionsError(
                Problem(shown, "weights", "the weights are too large to add up; scale them down")
            )
        for k in kids:
            share[k] = values[k] / total if total > 0 else 0.0
        if total <= 0 and (parent == ROOT or values[parent] > 0):
            where = "at the top" if parent == ROOT else f"under '{parent}'"
            raise OptionsError(
                Problem(
                    shown, "weights", f"all weights {where} are zero; at least one must be positive"
                )
            )
    return tree.global_weights(share)


def load_stakeholders(
    root: Path,
    crit_ids: tuple[str, ...],
    names: Iterable[str] = (),
    option_ids: tuple[str, ...] = (),
    tree: Tree | None = None,
) -> tuple[Stakeholder, ...]:
    """Load the named stakeholders, or every weights file in ``weights/`` when none are named;
    every problem in every file is collected before raising."""
    names = list(names)
    paths = [resolve_weights(root, n) for n in names] if names else list(weights_paths(root))
    if not paths:
        raise OptionsError(Problem("weights/", "", "no weights files (weights/<id>.toml) found"))
    if many := too_many(len(paths), MAX_STAKEHOLDERS, "weights files"):
        raise OptionsError(Problem("weights/", "", many))
    problems: list[Problem] = []
    out: list[Stakeholder] = []
    seen: dict[str, str] = {}
    for p in paths:
        try:
            s = load_stakeholder(root, crit_ids, p, option_ids, tree)
        except OptionsError as exc:
            problems.extend(exc.problems)
            continue
        key = identity(s.id)
        if key in seen:
            if names and seen[key] == s.path:
                continue  # the same stakeholder named twice
            problems.append(Problem(s.path, "", f"same id as {seen[key]} {SAME_ID}"))
            continue
        seen[key] = s.path
        out.append(s)
    if problems:
        raise OptionsError(problems)
    return tuple(out)
