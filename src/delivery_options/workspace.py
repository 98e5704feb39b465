"""Load and validate an appraisal workspace into immutable data.

A workspace is a folder holding ``criteria.toml``, ``options/<id>.toml`` and
``weights/**/<id>.toml``; the format is documented in ``docs/format.md``. Loading collects every
problem it can find and raises one :class:`OptionsError` carrying them all, so ``options validate``
can list them and every other command can print the first in one line.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import OptionsError, Problem

#: Slack used when checking that a stakeholder's own weights satisfy its constraints.
CONSTRAINT_SLACK = 1e-9


@dataclass(frozen=True)
class Criterion:
    """A criterion and how its raw values map onto the 0-100 preference scale (DCLG manual ch. 5)."""

    id: str
    name: str
    description: str = ""
    direction: str = "benefit"
    scale: tuple[float, float] = (0.0, 100.0)
    anchors: str = "fixed"  # "fixed", or "relative": worst option = low, best = high

    def to_value(self, x: float) -> float:
        """Map a raw value onto 0-100: 100*(x-low)/(high-low), reversed for a cost."""
        low, high = self.scale
        if self.direction == "cost":
            return 100.0 * (high - x) / (high - low)
        return 100.0 * (x - low) / (high - low)


@dataclass(frozen=True)
class Score:
    """One option's raw score on one criterion, its plausible range and the evidence for it."""

    value: float
    low: float
    high: float
    rationale: str = ""
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    """A benefit or risk from the option's case, and the criteria it is scored under."""

    text: str
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    id: str
    name: str
    number: int | None
    scores: Mapping[str, Score]
    benefits: tuple[Statement, ...] = ()
    risks: tuple[Statement, ...] = ()
    description: str = ""
    status_quo: bool = False


@dataclass(frozen=True)
class Constraints:
    """The weights a stakeholder would still accept, on normalised weights (methods.md, W)."""

    bounds: Mapping[str, tuple[float, float]] = field(default_factory=lambda: MappingProxyType({}))
    order: tuple[tuple[str, str], ...] = ()
    tolerance: float | None = None

    @property
    def empty(self) -> bool:
        return not self.bounds and not self.order and self.tolerance is None


@dataclass(frozen=True)
class Stakeholder:
    id: str
    name: str
    weights: Mapping[str, float]  # normalised to sum to 1, in criteria order
    rationale: str = ""
    constraints: Constraints = field(default_factory=Constraints)
    path: str = ""
    raw_weights: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Workspace:
    root: Path
    title: str
    criteria: tuple[Criterion, ...]
    options: tuple[Option, ...]
    description: str = ""
    question: str = ""
    date: str = ""

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def criterion(self, cid: str) -> Criterion:
        return next(c for c in self.criteria if c.id == cid)

    def option(self, oid: str) -> Option:
        return next(o for o in self.options if o.id == oid)


# --- reading files ---------------------------------------------------------------------------


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_toml(path: Path, shown: str) -> dict[str, Any]:
    """Read a TOML file, as UTF-8 with or without a byte-order mark."""
    if path.exists() and not path.is_dir() and not path.is_file():
        raise OptionsError(Problem(shown, "", "is not a regular file (a pipe or device?)"))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise OptionsError(Problem(shown, "", "file not found")) from None
    except IsADirectoryError:
        raise OptionsError(Problem(shown, "", "is a folder, not a file")) from None
    except OSError as exc:
        raise OptionsError(Problem(shown, "", f"cannot be read ({exc.strerror})")) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OptionsError(
            Problem(shown, "", f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OptionsError(Problem(shown, "", f"TOML syntax error: {exc}")) from None


class _Checker:
    """Typed access to one parsed file that records problems instead of stopping at the first."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems

    def fail(self, fld: str, message: str) -> None:
        self.problems.append(Problem(self.file, fld, message))

    def table(self, data: Mapping[str, Any], key: str, fld: str, required: bool = False) -> dict:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(fld, "is required")
            return {}
        if not isinstance(value, dict):
            self.fail(fld, "must be a table")
            return {}
        return value

    def text(self, data: Mapping[str, Any], key: str, fld: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(fld, "is required")
            return ""
        if not isinstance(value, str):
            self.fail(fld, "must be text")
            return ""
        if required and not value.strip():
            self.fail(fld, "must not be empty")
        return value

    def number(self, value: Any, fld: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(fld, f"must be a number, not {_describe(value)}")
            return None
        if not math.isfinite(value):
            self.fail(fld, f"must be a finite number, not {value}")
            return None
        return float(value)

    def texts(self, value: Any, fld: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(fld, "must be a list of text")
            return ()
        return tuple(value)

    def unknown_keys(self, data: Mapping[str, Any], allowed: Iterable[str], prefix: str) -> None:
        allowed = set(allowed)
        for key in data:
            if key not in allowed:
                self.fail(f"{prefix}{key}", f"unknown field (expected one of: {_list(allowed)})")


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _list(items: Iterable[str]) -> str:
    return ", ".join(sorted(items))


# --- criteria and options --------------------------------------------------------------------


def _load_criteria(
    root: Path, problems: list[Problem]
) -> tuple[dict[str, Any], tuple[Criterion, ...]]:
    shown = "criteria.toml"
    data = read_toml(root / shown, shown)
    chk = _Checker(shown, problems)
    appraisal = chk.table(data, "appraisal", "appraisal", required=True)
    if isinstance(data.get("appraisal"), dict):
        chk.text(appraisal, "title", "appraisal.title", required=True)
    raw = chk.table(data, "criteria", "criteria", required=True)
    if "criteria" in data and not raw:
        chk.fail("criteria", "must define at least one criterion")
    criteria = []
    seen: dict[str, str] = {}
    for cid, spec in raw.items():
        fld = f"criteria.{cid}"
        if cid.casefold() in seen:
            chk.fail(fld, f"clashes with criterion '{seen[cid.casefold()]}' (ids ignore case)")
            continue
        seen[cid.casefold()] = cid
        if not isinstance(spec, dict):
            chk.fail(fld, "must be a table")
            continue
        chk.unknown_keys(spec, ("name", "description", "direction", "scale", "anchors"), f"{fld}.")
        name = chk.text(spec, "name", f"{fld}.name", required=True)
        direction = spec.get("direction", "benefit")
        if direction not in ("benefit", "cost"):
            chk.fail(f"{fld}.direction", f'must be "benefit" or "cost", not {direction!r}')
            direction = "benefit"
        scale = (0.0, 100.0)
        if "scale" in spec:
            s = spec["scale"]
            if not isinstance(s, list) or len(s) != 2:
                chk.fail(f"{fld}.scale", "must be a list [low, high]")
            else:
                lo = chk.number(s[0], f"{fld}.scale")
                hi = chk.number(s[1], f"{fld}.scale")
                if lo is not None and hi is not None:
                    if lo >= hi:
                        chk.fail(f"{fld}.scale", f"low ({lo:g}) must be less than high ({hi:g})")
                    else:
                        scale = (lo, hi)
        description = chk.text(spec, "description", f"{fld}.description")
        anchors = spec.get("anchors", "fixed")
        if anchors not in ("fixed", "relative"):
            chk.fail(f"{fld}.anchors", f'must be "fixed" or "relative", not {anchors!r}')
            anchors = "fixed"
        criteria.append(Criterion(cid, name, description, direction, scale, anchors))
    return appraisal, tuple(criteria)


def _statement(chk: _Checker, item: Any, fld: str, crit_ids: set[str]) -> Statement | None:
    if isinstance(item, str):
        return Statement(item)
    if not isinstance(item, dict):
        chk.fail(fld, 'must be text or a table { text = "...", criteria = [...] }')
        return None
    chk.unknown_keys(item, ("text", "criteria"), f"{fld}.")
    text = chk.text(item, "text", f"{fld}.text", required=True)
    crits = chk.texts(item.get("criteria"), f"{fld}.criteria")
    for c in crits:
        if c not in crit_ids:
            chk.fail(f"{fld}.criteria", f"unknown criterion '{c}'")
    return Statement(text, tuple(c for c in crits if c in crit_ids))


def _score(chk: _Checker, raw: Any, fld: str, crit: Criterion) -> Score | None:
    if isinstance(raw, dict):
        chk.unknown_keys(raw, ("value", "low", "high", "rationale", "evidence"), f"{fld}.")
        if "value" not in raw:
            chk.fail(f"{fld}.value", "is required")
            return None
        value = chk.number(raw["value"], f"{fld}.value")
        low = chk.number(raw.get("low", raw["value"]), f"{fld}.low")
        high = chk.number(raw.get("high", raw["value"]), f"{fld}.high")
        rationale = chk.text(raw, "rationale", f"{fld}.rationale")
        evidence = chk.texts(raw.get("evidence"), f"{fld}.evidence")
    else:
        value = low = high = chk.number(raw, fld)
        rationale, evidence = "", ()
    if value is None or low is None or high is None:
        return None
    ok = True
    if low > value:
        chk.fail(f"{fld}.low", f"low ({low:g}) is above value ({value:g})")
        ok = False
    if value > high:
        chk.fail(f"{fld}.high", f"value ({value:g}) is above high ({high:g})")
        ok = False
    s_lo, s_hi = crit.scale
    checks = (("value", value), ("low", low), ("high", high)) if isinstance(raw, dict) else ()
    for name, x in checks or (("", value),):
        if not s_lo <= x <= s_hi:
            where = f"{fld}.{name}" if name else fld
            chk.fail(where, f"{x:g} is outside the criterion's scale [{s_lo:g}, {s_hi:g}]")
            ok = False
    return Score(value, low, high, rationale, evidence) if ok else None


def _load_option(
    root: Path, path: Path, criteria: tuple[Criterion, ...], problems: list[Problem]
) -> Option | None:
    shown = _rel(root, path)
    data = read_toml(path, shown)
    chk = _Checker(shown, problems)
    before = len(problems)
    chk.unknown_keys(
        data,
        ("name", "number", "description", "benefits", "risks", "scores", "status_quo"),
        "",
    )
    name = chk.text(data, "name", "name", required=True)
    number = data.get("number")
    if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
        chk.fail("number", f"must be a whole number, not {_describe(number)}")
        number = None
    status_quo = data.get("status_quo", False)
    if not isinstance(status_quo, bool):
        chk.fail("status_quo", "must be true or false")
        status_quo = False
    crit_ids = {c.id for c in criteria}
    lists = {}
    for key in ("benefits", "risks"):
        items = data.get(key, [])
        if not isinstance(items, list):
            chk.fail(key, "must be a list")
            items = []
        stmts = (_statement(chk, it, f"{key}[{i}]", crit_ids) for i, it in enumerate(items))
        lists[key] = tuple(s for s in stmts if s is not None)
    raw_scores = chk.table(data, "scores", "scores", required=True)
    scores: dict[str, Score] = {}
    for key in raw_scores:
        if key not in crit_ids:
            chk.fail(f"scores.{key}", "unknown criterion (not in criteria.toml)")
    for crit in criteria:
        if crit.id not in raw_scores:
            if "scores" in data:
                chk.fail(f"scores.{crit.id}", "missing: every criterion needs a score")
            continue
        score = _score(chk, raw_scores[crit.id], f"scores.{crit.id}", crit)
        if score is not None:
            scores[crit.id] = score
    if len(problems) > before:
        return None
    return Option(
        id=path.stem,
        name=name,
        number=number,
        scores=MappingProxyType(scores),
        benefits=lists["benefits"],
        risks=lists["risks"],
        description=chk.text(data, "description", "description"),
        status_quo=status_quo,
    )


def _option_order(o: Option) -> tuple:
    return (o.number is None, o.number if o.number is not None else 0, o.id)


def load_workspace(root: str | Path = ".") -> Workspace:
    """Load ``criteria.toml`` and ``options/*.toml`` from ``root``; raise on any problem."""
    root = Path(root)
    if not root.is_dir():
        raise OptionsError(Problem(str(root), "", "workspace folder not found"))
    problems: list[Problem] = []
    appraisal, criteria = _load_criteria(root, problems)
    opt_dir = root / "options"
    paths = sorted(opt_dir.glob("*.toml")) if opt_dir.is_dir() else []
    if not paths:
        problems.append(Problem("options/", "", "no option files (options/<id>.toml) found"))
    options = []
    seen: dict[str, str] = {}
    for path in paths:
        folded = path.stem.casefold()
        if folded in seen:
            problems.append(
                Problem(
                    _rel(root, path), "", f"clashes with option '{seen[folded]}' (ids ignore case)"
                )
            )
            continue
        seen[folded] = path.stem
        try:
            opt = _load_option(root, path, criteria, problems)
        except OptionsError as exc:
            problems.extend(exc.problems)
            continue
        if opt is not None:
            options.append(opt)
    numbers: dict[int, str] = {}
    for o in options:
        if o.number is not None:
            if o.number in numbers:
                problems.append(
                    Problem(
                        f"options/{o.id}.toml",
                        "number",
                        f"{o.number} is also used by option '{numbers[o.number]}'",
                    )
                )
            numbers[o.number] = o.id
    if problems:
        raise OptionsError(problems)
    return Workspace(
        root=root,
        title=appraisal.get("title", ""),
        criteria=criteria,
        options=tuple(sorted(options, key=_option_order)),
        description=str(appraisal.get("description", "")),
        question=str(appraisal.get("question", "")),
        date=str(appraisal.get("date", "")),
    )


# --- stakeholders ----------------------------------------------------------------------------


def weights_paths(ws: Workspace) -> tuple[Path, ...]:
    """Every weights file in the workspace (sub-folders included), in a stable order."""
    wdir = ws.root / "weights"
    if not wdir.is_dir():
        return ()
    return tuple(sorted(wdir.rglob("*.toml"), key=lambda p: p.relative_to(wdir).as_posix()))


def resolve_weights(ws: Workspace, name: str) -> Path:
    """Find a weights file by bare name, file name, path inside ``weights/``, or any path."""
    candidates = []
    wdir = ws.root / "weights"
    stem = name[:-5] if name.endswith(".toml") else name
    for p in weights_paths(ws):
        rel = p.relative_to(wdir).as_posix()
        if name in (rel, rel[:-5]) or p.stem == stem:
            candidates.append(p)
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        shown = ", ".join(_rel(ws.root, p) for p in candidates)
        raise OptionsError(Problem("--weights", "", f"'{name}' is ambiguous: {shown}"))
    direct = Path(name)
    if direct.is_file():
        return direct
    known = ", ".join(p.stem for p in weights_paths(ws)) or "none"
    raise OptionsError(
        Problem(
            "--weights",
            "",
            f"no weights file '{name}' in {_rel(Path.cwd(), wdir)} (known: {known})",
        )
    )


def _load_constraints(
    chk: _Checker, data: dict[str, Any], crit_ids: tuple[str, ...]
) -> Constraints:
    raw = chk.table(data, "constraints", "constraints")
    chk.unknown_keys(raw, ("bounds", "order", "tolerance"), "constraints.")
    bounds: dict[str, tuple[float, float]] = {}
    for cid, pair in chk.table(raw, "bounds", "constraints.bounds").items():
        fld = f"constraints.bounds.{cid}"
        if cid not in crit_ids:
            chk.fail(fld, "unknown criterion")
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
        fld = f"constraints.order[{i}]"
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(x, str) for x in pair)
        ):
            chk.fail(fld, 'must be a pair ["a", "b"] meaning weight(a) >= weight(b)')
            continue
        bad = [x for x in pair if x not in crit_ids]
        if bad:
            chk.fail(fld, f"unknown criterion '{bad[0]}'")
            continue
        order.append((pair[0], pair[1]))
    tolerance = None
    if "tolerance" in raw:
        tolerance = chk.number(raw["tolerance"], "constraints.tolerance")
        if tolerance is not None and tolerance < 0:
            chk.fail("constraints.tolerance", f"must not be negative, got {tolerance:g}")
            tolerance = None
    return Constraints(MappingProxyType(bounds), tuple(order), tolerance)


def _check_own_weights(chk: _Checker, w: Mapping[str, float], cons: Constraints) -> None:
    for cid, (lo, hi) in cons.bounds.items():
        if not lo - CONSTRAINT_SLACK <= w[cid] <= hi + CONSTRAINT_SLACK:
            chk.fail(
                f"constraints.bounds.{cid}",
                f"the stakeholder's own weight {w[cid]:.4f} is outside [{lo:g}, {hi:g}]",
            )
    for i, (a, b) in enumerate(cons.order):
        if w[a] < w[b] - CONSTRAINT_SLACK:
            chk.fail(
                f"constraints.order[{i}]",
                f"the stakeholder's own weights break it: {a} {w[a]:.4f} < {b} {w[b]:.4f}",
            )


def load_stakeholder(ws: Workspace, path: Path) -> Stakeholder:
    """Load one weights file; weights are normalised to sum to 1."""
    shown = _rel(ws.root.resolve(), path.resolve())
    data = read_toml(path, shown)
    problems: list[Problem] = []
    chk = _Checker(shown, problems)
    chk.unknown_keys(data, ("name", "rationale", "weights", "constraints", "sources"), "")
    name = chk.text(data, "name", "name", required=True)
    rationale = chk.text(data, "rationale", "rationale")
    raw = chk.table(data, "weights", "weights", required=True)
    crit_ids = ws.criterion_ids
    for key in raw:
        if key not in crit_ids:
            chk.fail(f"weights.{key}", "unknown criterion (not in criteria.toml)")
    values: dict[str, float] = {}
    for cid in crit_ids:
        if cid not in raw:
            if "weights" in data:
                chk.fail(f"weights.{cid}", "missing: every criterion needs a weight (0 is allowed)")
            continue
        x = chk.number(raw[cid], f"weights.{cid}")
        if x is None:
            continue
        if x < 0:
            chk.fail(f"weights.{cid}", f"must not be negative, got {x:g}")
            continue
        values[cid] = x
    constraints = _load_constraints(chk, data, crit_ids)
    if problems:
        raise OptionsError(problems)
    total = math.fsum(values.values())
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
        raw_weights=MappingProxyType(dict(values)),
    )


def load_stakeholders(ws: Workspace, names: Iterable[str] = ()) -> tuple[Stakeholder, ...]:
    """Load the named weights files, or every one in ``weights/`` when none are named."""
    names = list(names)
    paths = [resolve_weights(ws, n) for n in names] if names else list(weights_paths(ws))
    if not paths:
        raise OptionsError(Problem("weights/", "", "no weights files (weights/<id>.toml) found"))
    problems: list[Problem] = []
    out: list[Stakeholder] = []
    seen: dict[str, str] = {}
    for p in paths:
        try:
            s = load_stakeholder(ws, p)
        except OptionsError as exc:
            problems.extend(exc.problems)
            continue
        if s.id.casefold() in seen:
            problems.append(Problem(s.path, "", f"same id as {seen[s.id.casefold()]}"))
            continue
        seen[s.id.casefold()] = s.path
        out.append(s)
    if problems:
        raise OptionsError(problems)
    return tuple(out)


def unmapped_statements(ws: Workspace) -> list[Problem]:
    """Benefits and risks that are scored under no criterion (possible gaps in the criteria)."""
    found = []
    for o in ws.options:
        for key, stmts in (("benefits", o.benefits), ("risks", o.risks)):
            for i, s in enumerate(stmts):
                if not s.criteria:
                    found.append(
                        Problem(
                            f"options/{o.id}.toml",
                            f"{key}[{i}]",
                            f"'{_short(s.text)}' maps to no criterion",
                        )
                    )
    return found


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
