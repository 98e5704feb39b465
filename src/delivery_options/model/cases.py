"""The five cases of a business case (HM Treasury, The Green Book, 2022, and its Business Case
Guidance, 2018): what the workspace records of the strategic, commercial, financial and
management cases, and where each option sits in the options framework. The economic case is the
appraisal itself (long list, screen, short list, value, risks, costs).

Every field is optional: the paper says "not recorded" for what is missing and ``options check``
names the thin cases. The workspace's ``[appraisal.strategic]``, ``[appraisal.commercial]``,
``[appraisal.financial]`` and ``[appraisal.management]`` hold what applies to every option; an
option file's ``[commercial]``, ``[financial]`` and ``[management]`` what applies to that option;
its ``[framework]`` its choice on each dimension of the options framework. The format is in
docs/format.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .toml import nth

if TYPE_CHECKING:
    from .toml import Checker

#: Each case's topics, in the order the paper shows them: key -> what the paper calls it.
TOPICS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "strategic": MappingProxyType(
            {
                "case_for_change": "The case for change",
                "existing": "Existing arrangements",
                "needs": "Business needs",
                "constraints": "Constraints",
                "dependencies": "Dependencies",
            }
        ),
        "commercial": MappingProxyType(
            {
                "vehicle": "Delivery vehicle",
                "procurement": "Procurement route",
                "staff": "Staff transfer",
                "pensions": "Pensions",
                "contracts": "Contracts",
            }
        ),
        "financial": MappingProxyType(
            {"funding": "Funding: who pays", "affordability": "Affordability"}
        ),
        "management": MappingProxyType(
            {
                "milestones": "Implementation plan: dated milestones",
                "governance": "Governance",
                "exit": "Exit or return criteria",
                "outcome_measures": "Outcome measures",
                "benefits_realisation": "Benefits realisation",
            }
        ),
    }
)
#: The cases an option file may hold (the strategic case is the workspace's alone).
OPTION_CASES = ("commercial", "financial", "management")
#: The options framework (Green Book 2022, 4.A): the dimensions a long list is drawn across.
FRAMEWORK = ("scope", "solution", "delivery", "implementation", "funding")
BASES = ("record", "judgement")
ENTRY_FIELDS = ("text", "evidence", "basis", "absent")
MILESTONE_FIELDS = ("milestone", "date", "earliest", "latest", "evidence", "basis")


@dataclass(frozen=True)
class Entry:
    """One recorded point: its text, the evidence for it, and whether it is the record's
    (``record``) or the appraisal's own judgement (``judgement``); empty: not said."""

    text: str
    evidence: tuple[str, ...] = ()
    basis: str = ""
    absent: bool = False  # it records that the record lacks what the topic asks: still missing


@dataclass(frozen=True)
class Milestone:
    """A dated milestone with its plausible range (earliest, latest)."""

    milestone: str
    date: str
    earliest: str = ""
    latest: str = ""
    evidence: tuple[str, ...] = ()
    basis: str = ""


@dataclass(frozen=True)
class Case:
    """What one case records: topic -> its entries; the management case's milestones apart."""

    entries: Mapping[str, tuple[Entry, ...]] = field(default_factory=lambda: MappingProxyType({}))
    milestones: tuple[Milestone, ...] = ()

    def recorded(self, topic: str) -> bool:
        if topic == "milestones":
            return bool(self.milestones)
        return any(not e.absent for e in self.entries.get(topic, ()))

    @property
    def empty(self) -> bool:
        return not self.milestones and not any(self.entries.values())


EMPTY = Case()


@dataclass(frozen=True)
class Cases:
    """The workspace's cases, each option's own, and each option's place in the framework."""

    workspace: Mapping[str, Case] = field(default_factory=lambda: MappingProxyType({}))
    options: Mapping[str, Mapping[str, Case]] = field(default_factory=lambda: MappingProxyType({}))
    framework: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))

    def of(self, kind: str, option: str | None = None) -> Case:
        """The workspace's case (``option`` None) or one option's own."""
        if option is None:
            return self.workspace.get(kind, EMPTY)
        return self.options.get(option, {}).get(kind, EMPTY)

    def missing(self, kind: str, options: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The topics of a case recorded neither for the workspace nor for every one of
        ``options`` (the short list)."""
        out = []
        for topic in TOPICS[kind]:
            if self.of(kind).recorded(topic):
                continue
            if (
                kind != "strategic"
                and options
                and all(self.of(kind, o).recorded(topic) for o in options)
            ):
                continue
            out.append(topic)
        return tuple(out)


def _basis(chk: Checker, raw: Mapping[str, Any], fld: str) -> str:
    basis = raw.get("basis", "")
    if basis != "" and basis not in BASES:
        chk.fail(f"{fld}.basis", f'must be "record" or "judgement", not {basis!r}')
        return ""
    return basis


def _entry(chk: Checker, raw: Any, fld: str) -> Entry | None:
    if isinstance(raw, str):
        if not raw.strip():
            chk.fail(fld, "must not be empty")
            return None
        return Entry(raw)
    if not isinstance(raw, dict):
        chk.fail(fld, "must be text, a table with text and evidence, or a list of them")
        return None
    before = len(chk.problems)
    chk.unknown_keys(raw, ENTRY_FIELDS, f"{fld}.")
    text = chk.text(raw, "text", f"{fld}.text", required=True)
    absent = raw.get("absent", False)
    if not isinstance(absent, bool):
        chk.fail(f"{fld}.absent", "must be true or false")
        absent = False
    entry = Entry(
        text, chk.texts(raw.get("evidence"), f"{fld}.evidence"), _basis(chk, raw, fld), absent
    )
    return entry if len(chk.problems) == before else None


def _date(chk: Checker, raw: Mapping[str, Any], key: str, fld: str, required=False) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            chk.fail(f"{fld}.{key}", "is required")
        return ""
    if (
        isinstance(value, bool)
        or not isinstance(value, str | int)
        and not hasattr(value, "isoformat")
    ):
        chk.fail(f"{fld}.{key}", "must be a date or text such as 2017-04")
        return ""
    from .toml import MAX_DATE

    text = str(value)
    return text if chk.short(text, f"{fld}.{key}", MAX_DATE, "a date") else ""


def _milestones(chk: Checker, raw: Any, fld: str) -> tuple[Milestone, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        chk.fail(fld, "must be a list of tables: [[management.milestones]]")
        return ()
    out = []
    for i, item in enumerate(raw):
        at = nth(fld, i)
        before = len(chk.problems)
        chk.unknown_keys(item, MILESTONE_FIELDS, f"{at}.")
        m = Milestone(
            chk.text(item, "milestone", f"{at}.milestone", required=True),
            _date(chk, item, "date", at, required=True),
            _date(chk, item, "earliest", at),
            _date(chk, item, "latest", at),
            chk.texts(item.get("evidence"), f"{at}.evidence"),
            _basis(chk, item, at),
        )
        if len(chk.problems) == before:
            out.append(m)
    return tuple(out)


def parse_case(chk: Checker, raw: Any, kind: str, fld: str) -> Case:
    """One case's table (``[appraisal.<kind>]`` or an option's ``[<kind>]``)."""
    if raw is None:
        return EMPTY
    if not isinstance(raw, dict):
        chk.fail(fld, "must be a table")
        return EMPTY
    chk.unknown_keys(raw, TOPICS[kind], f"{fld}.")
    entries: dict[str, tuple[Entry, ...]] = {}
    milestones: tuple[Milestone, ...] = ()
    for topic in TOPICS[kind]:
        if topic not in raw:
            continue
        value = raw[topic]
        if topic == "milestones":
            milestones = _milestones(chk, value, f"{fld}.{topic}")
            continue
        items = value if isinstance(value, list) else [value]
        got = [
            _entry(
                chk, v, nth(f"{fld}.{topic}", i) if isinstance(value, list) else f"{fld}.{topic}"
            )
            for i, v in enumerate(items)
        ]
        entries[topic] = tuple(e for e in got if e is not None)
    return Case(MappingProxyType(entries), milestones)


def parse_framework(chk: Checker, raw: Any) -> Mapping[str, str]:
    """An option's ``[framework]``: its choice on each dimension of the options framework."""
    if raw is None:
        return MappingProxyType({})
    if not isinstance(raw, dict):
        chk.fail("framework", "must be a table")
        return MappingProxyType({})
    chk.unknown_keys(raw, FRAMEWORK, "framework.")
    out = {}
    for dim in FRAMEWORK:
        text = chk.text(raw, dim, f"framework.{dim}")
        if text.strip():
            out[dim] = text.strip()
    return MappingProxyType(out)


def parse_workspace_cases(chk: Checker, appraisal: Mapping[str, Any]) -> dict[str, Case]:
    """``[appraisal.strategic]`` and the other cases in criteria.toml."""
    return {
        kind: parse_case(chk, appraisal.get(kind), kind, f"appraisal.{kind}")
        for kind in TOPICS
        if appraisal.get(kind) is not None
    }


def parse_option_cases(chk: Checker, data: Mapping[str, Any]) -> tuple[dict, Mapping[str, str]]:
    """An option file's ``[commercial]``, ``[financial]``, ``[management]`` and
    ``[framework]``."""
    cases = {
        kind: parse_case(chk, data.get(kind), kind, kind)
        for kind in OPTION_CASES
        if data.get(kind) is not None
    }
    return cases, parse_framework(chk, data.get("framework"))


def build(workspace: Mapping[str, Case], options: Mapping[str, tuple[dict, Mapping]]) -> Cases:
    """The workspace's :class:`Cases` from what each file recorded."""
    return Cases(
        MappingProxyType(dict(workspace)),
        MappingProxyType({o: MappingProxyType(c) for o, (c, _) in options.items() if c}),
        MappingProxyType({o: f for o, (_, f) in options.items() if f}),
    )
