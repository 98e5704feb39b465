"""The appraisal's data model: immutable records of criteria, options, scores and stakeholders.

Loading and validation live beside this module (``load.py``, ``weights.py``); the format is
documented in ``docs/format.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cases import Cases
    from .costs import CostSettings, OptionCosts
    from .requirements import Judgement, Requirement
    from .risks import Risk
    from .tree import Tree


@dataclass(frozen=True)
class Criterion:
    """A criterion and how its raw values map onto the 0-100 preference scale (DCLG manual ch. 5)."""

    id: str
    name: str
    description: str = ""
    direction: str = "benefit"
    scale: tuple[float, float] = (0.0, 100.0)
    anchors: str = "fixed"  # "fixed", or "relative": worst option = low, best = high
    unit: str = ""  # of the raw scale, e.g. "£m" or "months"; shown beside every raw value

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
    # must-meet judgements by requirement id, and the risk register (requirements.py, risks.py)
    requirements: Mapping[str, Judgement] = field(default_factory=lambda: MappingProxyType({}))
    risk_register: tuple[Risk, ...] = ()
    costs: OptionCosts | None = None  # costs and time to implement (costs.py); None: not recorded


@dataclass(frozen=True)
class Constraints:
    """The weights a stakeholder would still accept, on normalised weights (methods.md, W)."""

    bounds: Mapping[str, tuple[float, float]] = field(default_factory=lambda: MappingProxyType({}))
    order: tuple[tuple[str, str], ...] = ()
    tolerance: float | None = None
    #: bounds and order pairs that name an objective (its weight: the sum of its criteria's),
    #: kept apart as rows on the weights (model/weights.py objective_rows)
    objective_bounds: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    objective_order: tuple[tuple[str, str], ...] = ()
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def empty(self) -> bool:
        return (
            not self.bounds
            and not self.order
            and self.tolerance is None
            and not self.objective_bounds
            and not self.objective_order
        )


@dataclass(frozen=True)
class Stakeholder:
    id: str
    name: str
    weights: Mapping[str, float]  # normalised to sum to 1, in criteria order
    rationale: str = ""
    constraints: Constraints = field(default_factory=Constraints)
    path: str = ""
    raw_weights: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    statements: tuple[Any, ...] = ()  # model.statements: what the stakeholder has said
    #: how the weights (or the statements they are inferred from) came about: "modelled" (by
    #: the analyst, from a record), "stated" (given by or for the stakeholder) or "elicited"
    #: (from an interview)
    basis: str = "stated"
    date: str = ""
    inferred: bool = False  # the weights are inferred from the statements, not typed
    #: what the record says the stakeholder thinks of the decision, each quoted with its source
    #: (model.weights.Position); shown in the submission, never a model's ranking
    positions: tuple[Any, ...] = ()

    @property
    def attribution(self) -> str:
        """How the paper attributes the weights: "modelled", "elicited", "inferred" (from what
        the stakeholder itself said) or "stated"."""
        if self.basis in ("modelled", "elicited"):
            return self.basis
        return "inferred" if self.inferred else "stated"


@dataclass(frozen=True)
class Outcome:
    """What was decided after the appraisal's date (``[appraisal.outcome]``): never an input to
    any analysis, only set beside the model's answer as a back-test."""

    option: str
    date: str = ""
    source: str = ""
    note: str = ""


from .decision import Decision  # noqa: E402  (re-exported: the paper and tests name it here)


@dataclass(frozen=True)
class Workspace:
    root: Path
    title: str
    criteria: tuple[Criterion, ...]
    options: tuple[Option, ...]
    description: str = ""
    question: str = ""
    date: str = ""
    requirements: tuple[Requirement, ...] = ()  # must-meet tests for the short list
    outcome: Outcome | None = None  # what was decided later: a back-test, never an input
    # the paper's cover (optional; the paper says "not stated" for what is missing)
    organisation: str = ""
    author: str = ""
    version: str = ""
    marking: str = ""  # protective marking, e.g. "OFFICIAL"
    decision: Decision = field(default_factory=Decision)
    #: objectives above the criteria (model/tree.py); left out: the flat list of criteria
    tree: Tree = None  # type: ignore[assignment]
    costs: CostSettings | None = None  # [appraisal.costs]: period, discount rate, budget
    cases: Cases | None = None  # the strategic, commercial, financial and management cases

    def __post_init__(self) -> None:
        if self.tree is None:
            from .tree import flat

            object.__setattr__(self, "tree", flat(c.id for c in self.criteria))
        # Lookups by id are constant-time: a 1,000-option appraisal asks for names often.
        object.__setattr__(self, "_options", {o.id: o for o in self.options})
        object.__setattr__(self, "_criteria", {c.id: c for c in self.criteria})
        object.__setattr__(self, "_option_ids", tuple(o.id for o in self.options))
        object.__setattr__(self, "_criterion_ids", tuple(c.id for c in self.criteria))

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return self._criterion_ids

    @property
    def option_ids(self) -> tuple[str, ...]:
        return self._option_ids

    def criterion(self, cid: str) -> Criterion:
        return self._criteria[cid]

    def option(self, oid: str) -> Option:
        return self._options[oid]

    def node_name(self, node: str) -> str:
        """A criterion's or an objective's name."""
        if node in self._criteria:
            return self._criteria[node].name
        return self.tree.objective(node).name

    def option_label(self, oid: str) -> str:
        """ "2. Executive commissioner" when the option is numbered, else its name."""
        o = self._options[oid]
        return f"{o.number}. {o.name}" if o.number is not None else o.name
