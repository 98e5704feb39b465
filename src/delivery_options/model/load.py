"""Load and validate an appraisal workspace (criteria and options) into immutable data.

A workspace is a folder holding ``criteria.toml``, ``options/<id>.toml`` and
``weights/**/<id>.toml``; the format is documented in ``docs/format.md``. Loading collects every
problem it can find and raises one :class:`OptionsError` carrying them all, so ``options validate``
can list them and every other command can print the first in one line.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import OptionsError, Problem
from .cases import OPTION_CASES, TOPICS, parse_option_cases, parse_workspace_cases
from .cases import build as build_cases
from .costs import cost_problems, parse_option_costs, parse_settings
from .decision import DECISION_FIELDS, check_decision, parse_decision  # noqa: F401
from .ids import identity, unportable
from .requirements import Requirement, parse_judgements, parse_requirements
from .risks import parse_register
from .toml import (
    MAX_CRITERIA,
    MAX_DATE,
    MAX_NAME,
    MAX_OBJECTIVES,
    MAX_OPTIONS,
    SAME_ID,
    Checker,
    describe,
    hint,
    nth,
    read_toml,
    rel,
    too_many,
)
from .tree import ROOT, Objective, Tree, build, flat
from .types import Criterion, Option, Outcome, Score, Statement, Workspace

#: What ``criteria.toml`` may hold at its top level and in ``[appraisal]``.
TOP_LEVEL = ("appraisal", "objectives", "criteria", "requirements")
APPRAISAL_FIELDS = (
    "title",
    "question",
    "date",
    "description",
    # the paper's cover and decision box (optional)
    "organisation",
    "author",
    "version",
    "marking",
    "decision",
    "outcome",
    "costs",
    *TOPICS,  # the strategic, commercial, financial and management cases (cases.py)
)
COVER_FIELDS = ("organisation", "author", "version", "marking")
OUTCOME_FIELDS = ("option", "date", "source", "note")
#: What a ``[criteria.<id>]`` table may hold.
CRITERION_FIELDS = ("name", "description", "direction", "scale", "anchors", "unit", "objective")
#: What an ``[objectives.<id>]`` table may hold (model/tree.py).
OBJECTIVE_FIELDS = ("name", "description", "parent")
#: What an option file may hold at its top level, and in a score's table.
OPTION_FIELDS = ("name", "number", "description", "benefits", "risks", "scores", "status_quo") + (
    "requirements",
    "risk_register",
    "costs",
    "implementation",
    *OPTION_CASES,
    "framework",
)
SCORE_FIELDS = ("value", "low", "high", "rationale", "evidence")


def near_misses(folder: Path) -> list[Path]:
    """Files that look meant to be read but are not named ``*.toml`` (``a.TOML``, ``a.tml``,
    ``a.toml.txt``): reported rather than silently skipped."""
    from ..files import walk

    if not folder.is_dir():
        return []
    out = []
    for p in sorted(walk(folder, f"{folder.name}/")):
        name = p.name.lower()
        if p.suffix == ".toml" or name.startswith("."):
            continue
        if (
            name.endswith((".toml", ".tml", ".toml.txt", ".toml.bak"))
            or p.suffix.lower() == ".toml"
        ):
            out.append(p)
    return out


def _load_criteria(
    root: Path, problems: list[Problem]
) -> tuple[dict[str, Any], tuple[Criterion, ...], tuple[Requirement, ...], Tree]:
    shown = "criteria.toml"
    data = read_toml(root / shown, shown, root)
    chk = Checker(shown, problems)
    appraisal = chk.table(data, "appraisal", "appraisal", required=True)
    chk.unknown_keys(data, TOP_LEVEL, "")
    chk.unknown_keys(appraisal, APPRAISAL_FIELDS, "appraisal.")
    if isinstance(data.get("appraisal"), dict):
        chk.text(appraisal, "title", "appraisal.title", required=True)
        for key in ("question", "description"):
            chk.text(appraisal, key, f"appraisal.{key}")
        # the cover's fields are labels, and the marking heads and foots every page of the PDF
        # (a marking of 3,000 characters left WeasyPrint no room on the page: a traceback)
        for key, most in (("date", MAX_DATE), *((k, MAX_NAME) for k in COVER_FIELDS)):
            value = appraisal.get(key)
            if isinstance(value, str) and len(value) > most:
                chk.short(
                    value, f"appraisal.{key}", most, "a date" if key == "date" else "a cover field"
                )
            else:
                chk.text(appraisal, key, f"appraisal.{key}")
        check_decision(chk, appraisal)
        outcome = chk.table(appraisal, "outcome", "appraisal.outcome")
        chk.unknown_keys(outcome, OUTCOME_FIELDS, "appraisal.outcome.")
        if outcome:
            chk.text(outcome, "option", "appraisal.outcome.option", required=True)
            chk.text(outcome, "source", "appraisal.outcome.source", required=True)
            chk.text(outcome, "note", "appraisal.outcome.note")
            when = outcome.get("date", "")
            if isinstance(when, dt.date):  # a TOML date (or date and time)
                outcome["date"] = str(when)
            elif not isinstance(when, str):
                chk.fail("appraisal.outcome.date", f"must be a date or text, not {describe(when)}")
                outcome["date"] = ""
            else:
                chk.short(when, "appraisal.outcome.date", MAX_DATE, "a date")
    raw = chk.table(data, "criteria", "criteria", required=True)
    if "criteria" in data and not raw:
        chk.fail("criteria", "must define at least one criterion")
    if many := too_many(len(raw), MAX_CRITERIA, "criteria"):
        raise OptionsError(Problem(shown, "criteria", many))
    objectives = _load_objectives(chk, data)
    criteria, membership = [], []
    for cid, fld, spec in chk.table_entries(raw, "criteria", "criterion"):
        chk.unknown_keys(spec, CRITERION_FIELDS, f"{fld}.")
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
                    elif not math.isfinite(hi - lo):
                        chk.fail(f"{fld}.scale", "its span is too large to compute with")
                    else:
                        scale = (lo, hi)
        description = chk.text(spec, "description", f"{fld}.description")
        anchors = spec.get("anchors", "fixed")
        if anchors not in ("fixed", "relative"):
            chk.fail(f"{fld}.anchors", f'must be "fixed" or "relative", not {anchors!r}')
            anchors = "fixed"
        unit = chk.text(spec, "unit", f"{fld}.unit")
        criteria.append(Criterion(cid, name, description, direction, scale, anchors, unit))
        membership.append((cid, chk.text(spec, "objective", f"{fld}.objective") or ROOT))
    tree = flat(c.id for c in criteria)
    if objectives or any(o != ROOT for _, o in membership):
        tree = build(objectives, membership, chk.fail) or tree
        place = {c: k for k, c in enumerate(tree.criteria)}
        criteria.sort(key=lambda c: place[c.id])  # depth first: each beneath its objective
    requirements = parse_requirements(chk, data, tuple(criteria))
    return appraisal, tuple(criteria), requirements, tree


def _load_objectives(chk: Checker, data: dict[str, Any]) -> list[Objective]:
    """The ``[objectives.<id>]`` tables, in file order (checked as a tree by tree.build)."""
    raw = chk.table(data, "objectives", "objectives")
    if many := too_many(len(raw), MAX_OBJECTIVES, "objectives"):
        raise OptionsError(Problem(chk.file, "objectives", many))
    out = []
    for oid, fld, spec in chk.table_entries(raw, "objectives", "objective"):
        chk.unknown_keys(spec, OBJECTIVE_FIELDS, f"{fld}.")
        name = chk.text(spec, "name", f"{fld}.name", required=True)
        description = chk.text(spec, "description", f"{fld}.description")
        parent = chk.text(spec, "parent", f"{fld}.parent") or ROOT
        out.append(Objective(oid, name, description, parent))
    return out


def _statement(chk: Checker, item: Any, fld: str, crit_ids: tuple[str, ...]) -> Statement | None:
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
            chk.fail(f"{fld}.criteria", f"unknown criterion '{c}'{hint(c, crit_ids)}")
    return Statement(text, tuple(c for c in crits if c in crit_ids))


def _score(chk: Checker, raw: Any, fld: str, crit: Criterion) -> Score | None:
    if isinstance(raw, dict):
        chk.unknown_keys(raw, SCORE_FIELDS, f"{fld}.")
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
    root: Path,
    path: Path,
    criteria: tuple[Criterion, ...],
    problems: list[Problem],
    requirements: tuple[Requirement, ...] = (),
    cases: dict | None = None,
) -> Option | None:
    shown = rel(root, path)
    data = read_toml(path, shown, root)
    chk = Checker(shown, problems)
    before = len(problems)
    chk.unknown_keys(data, OPTION_FIELDS, "")
    name = chk.text(data, "name", "name", required=True)
    number = data.get("number")
    if number is not None and (isinstance(number, bool) or not isinstance(number, int)):
        chk.fail("number", f"must be a whole number, not {describe(number)}")
        number = None
    status_quo = data.get("status_quo", False)
    if not isinstance(status_quo, bool):
        chk.fail("status_quo", "must be true or false")
        status_quo = False
    crit_ids = tuple(c.id for c in criteria)
    lists = {}
    for key in ("benefits", "risks"):
        items = data.get(key, [])
        if not isinstance(items, list):
            chk.fail(key, "must be a list")
            items = []
        stmts = (_statement(chk, it, nth(key, i), crit_ids) for i, it in enumerate(items))
        lists[key] = tuple(s for s in stmts if s is not None)
    raw_scores = chk.table(data, "scores", "scores", required=True)
    scores: dict[str, Score] = {}
    for key in raw_scores:
        if key not in crit_ids:
            chk.fail(
                f"scores.{key}", f"unknown criterion (not in criteria.toml){hint(key, crit_ids)}"
            )
    for crit in criteria:
        if crit.id not in raw_scores:
            if "scores" in data:
                chk.fail(f"scores.{crit.id}", "missing: every criterion needs a score")
            continue
        score = _score(chk, raw_scores[crit.id], f"scores.{crit.id}", crit)
        if score is not None:
            scores[crit.id] = score
    judgements = parse_judgements(chk, data, requirements)
    register = parse_register(chk, data, crit_ids)
    costs = parse_option_costs(chk, data)
    own = parse_option_cases(chk, data)
    if len(problems) > before:
        return None
    if cases is not None:
        cases[path.stem] = own
    return Option(
        id=path.stem,
        name=name,
        number=number,
        scores=MappingProxyType(scores),
        benefits=lists["benefits"],
        risks=lists["risks"],
        description=chk.text(data, "description", "description"),
        status_quo=status_quo,
        requirements=judgements,
        risk_register=register,
        costs=costs,
    )


def _option_order(o: Option) -> tuple:
    return (o.number is None, o.number if o.number is not None else 0, o.id)


def load_workspace(root: str | Path = ".") -> Workspace:
    """Load ``criteria.toml`` and ``options/*.toml`` from ``root``; raise on any problem."""
    ws, _tree, problems = read_workspace(root)
    if problems or ws is None:
        raise OptionsError(problems)
    return ws


def read_workspace(
    root: str | Path,
) -> tuple[Workspace | None, Tree | None, list[Problem]]:
    """Read everything it can and collect every problem: (workspace or None, the value tree of
    the criteria when ``criteria.toml`` itself is sound (weights files can be checked against
    it) or None, the problems)."""
    root = Path(root)
    if not root.is_dir():
        return None, None, [Problem(str(root), "", "workspace folder not found")]
    problems: list[Problem] = []
    try:
        appraisal, criteria, requirements, tree = _load_criteria(root, problems)
    except OptionsError as exc:
        return None, None, list(exc.problems)
    sound = None if problems else tree
    cost_settings = parse_settings(Checker("criteria.toml", problems), appraisal)
    ws_cases = parse_workspace_cases(Checker("criteria.toml", problems), appraisal)
    option_cases: dict = {}
    opt_dir = root / "options"
    paths = sorted(opt_dir.glob("*.toml")) if opt_dir.is_dir() else []
    for p in near_misses(opt_dir) + near_misses(root / "weights"):
        problems.append(Problem(rel(root, p), "", "is not read: only files named *.toml are"))
    if not paths:
        problems.append(Problem("options/", "", "no option files (options/<id>.toml) found"))
    if many := too_many(len(paths), MAX_OPTIONS, "option files"):
        return None, sound, [Problem("options/", "", many)]  # not read one by one first
    options = []
    seen: dict[str, str] = {}
    for path in paths:
        folded = identity(path.stem)
        if folded in seen:
            problems.append(
                Problem(rel(root, path), "", f"clashes with option '{seen[folded]}' {SAME_ID}")
            )
            continue
        seen[folded] = path.stem
        if why := unportable(path.name[: -len(".toml")]):
            problems.append(Problem(rel(root, path), "", why))
            continue
        try:
            opt = _load_option(root, path, criteria, problems, requirements, option_cases)
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
    problems += _one_status_quo(options)
    problems += cost_problems(cost_settings, options)
    if problems:
        return None, sound, problems
    ws = Workspace(
        root=root,
        title=appraisal.get("title", ""),
        criteria=criteria,
        options=tuple(sorted(options, key=_option_order)),
        description=str(appraisal.get("description", "")),
        question=str(appraisal.get("question", "")),
        date=str(appraisal.get("date", "")),
        requirements=requirements,
        **{k: str(appraisal.get(k, "")) for k in COVER_FIELDS},
        decision=parse_decision(appraisal.get("decision")),
        outcome=_outcome(appraisal),
        tree=tree,
        costs=cost_settings,
        cases=build_cases(ws_cases, option_cases),
    )
    if ws.outcome is not None and ws.outcome.option not in ws.option_ids:
        known = ", ".join(ws.option_ids)
        return (
            None,
            tree,
            [
                Problem(
                    "criteria.toml",
                    "appraisal.outcome.option",
                    f"unknown option '{ws.outcome.option}' (known: {known})",
                )
            ],
        )
    return ws, tree, []


def _one_status_quo(options: list[Option]) -> list[Problem]:
    """One business-as-usual option per long list (HM Treasury, The Green Book, 2022: the
    benchmark the others are measured against): when several are marked ``status_quo = true``,
    a problem for each, naming the others."""
    marked = [o.id for o in options if o.status_quo]
    if len(marked) < 2:
        return []
    out = []
    for oid in marked:
        others = " and ".join(f"options/{m}.toml" for m in marked if m != oid)
        out.append(
            Problem(
                f"options/{oid}.toml",
                "status_quo",
                f"{others} {'is' if len(marked) == 2 else 'are'} also marked as business "
                "as usual; only one option may be (status_quo = true in one file)",
            )
        )
    return out


def _outcome(appraisal: dict[str, Any]) -> Outcome | None:
    raw = appraisal.get("outcome")
    if not isinstance(raw, dict) or not raw:
        return None
    return Outcome(
        option=str(raw.get("option", "")),
        date=str(raw.get("date", "")),
        source=str(raw.get("source", "")),
        note=str(raw.get("note", "")),
    )


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
                            nth(key, i),
                            f"'{_short(s.text)}' maps to no criterion",
                        )
                    )
    return found


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
