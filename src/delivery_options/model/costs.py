"""Costs: what each option would cost, when, and who bears it; the appraisal period and the
discount rate (``[appraisal.costs]`` in criteria.toml, ``[[costs]]`` and ``[implementation]`` in
an option file). The format is in docs/format.md; the maths in :mod:`..methods.costs`.

Costs are kept apart from the value model, as the Green Book's MCDA guidance asks: they are
never a criterion's score, and value for money sets the two side by side.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from .toml import nth

if TYPE_CHECKING:
    from .toml import Checker
    from .types import Criterion, Option

#: HM Treasury, The Green Book (2022), Annex A6: the real discount rate for years 0-30.
GREEN_BOOK_RATE = 0.035
LONGEST_PERIOD = 300  # years; the Green Book's schedule runs to 301 and beyond
SETTINGS_FIELDS = ("unit", "period", "discount_rate", "budget", "worth_per_point", "prices", "note")
COST_FIELDS = ("item", "kind", "central", "low", "high", "year", "years", "bears", "evidence")
IMPLEMENTATION_FIELDS = ("months", "low", "high", "evidence")
KINDS = ("one-off", "recurring")
LARGEST = 1e12  # an amount or a number of months beyond this is too large to add up safely


#: Money in a criterion's unit, name or description, and words that say a criterion is money.
MONEY_UNIT = re.compile(r"[£$€]|\b(pounds?|sterling|gbp|euros?|dollars?)\b", re.I)
MONEY_WORDS = re.compile(
    r"\b(costs?|costing|spend|spending|spent|prices?|pricing|budgets?)\b", re.I
)
NOT_MONEY = re.compile(r"\bnot money\b", re.I)  # a description that says so settles it


def money_criteria(criteria: Iterable[Criterion]) -> list[tuple[Criterion, str]]:
    """The criteria that look like money, each with why: less is better and its unit is money
    (£, £k, £m, pounds), or its name or description speaks of money, cost, spend, price or
    budget, unless its description says it is "not money". With options' ``[[costs]]``
    recorded as well, money may be counted twice: once in the value, once beside it (the Green
    Book's MCDA guidance keeps benefits apart from costs)."""
    out = []
    for c in criteria:
        if c.direction != "cost" or NOT_MONEY.search(c.description):
            continue
        for what, text in (("unit", c.unit), ("name", c.name), ("description", c.description)):
            hit = MONEY_UNIT.search(text) or (what != "unit" and MONEY_WORDS.search(text))
            if hit:
                said = f"its unit is {text}" if what == "unit" else f"its {what} says {hit[0]!r}"
                out.append((c, said))
                break
    return out


def costs_recorded(options: Iterable[Option]) -> bool:
    """Whether any option records ``[[costs]]`` (``costs = []`` included)."""
    return any(o.costs is not None and o.costs.recorded for o in options)


@dataclass(frozen=True)
class CostSettings:
    """The workspace's costing conventions (``[appraisal.costs]``)."""

    unit: str = "£m"
    period: int | None = None  # appraisal period in years: required once any option has costs
    discount_rate: float | None = None  # None: the Green Book's rate and long-term schedule
    budget: float | None = None  # cash over the period in today's prices, for affordability
    worth_per_point: float | None = None  # the most the decision-maker pays for a value point
    prices: str = ""  # the price base, e.g. "2017-18 prices"
    note: str = ""


@dataclass(frozen=True)
class CostItem:
    """One cost of one option, with its plausible range, evidence and who bears it."""

    item: str
    kind: str  # "one-off" or "recurring" (every year)
    central: float
    low: float
    high: float
    year: int = 0  # one-off: the year it falls (0 = the first year); recurring: its first year
    years: int | None = None  # recurring: how many years (None: to the end of the period)
    bears: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Implementation:
    """Time to implement, in months, with its plausible range."""

    months: float
    low: float
    high: float
    evidence: str = ""


@dataclass(frozen=True)
class OptionCosts:
    """An option's costs: ``items`` None when the file records none (not the same as
    ``costs = []``, which says the option costs nothing more)."""

    items: tuple[CostItem, ...] | None = None
    implementation: Implementation | None = None

    @property
    def recorded(self) -> bool:
        return self.items is not None


def _range(
    chk: Checker, item: Mapping[str, Any], fld: str, mid: str
) -> tuple[float, float, float] | None:
    """(central, low, high) with low <= central <= high; low and high default to central."""
    if mid not in item:
        chk.fail(f"{fld}.{mid}", "is required")
        return None
    x = chk.number(item[mid], f"{fld}.{mid}")
    lo = chk.number(item.get("low", item[mid]), f"{fld}.low")
    hi = chk.number(item.get("high", item[mid]), f"{fld}.high")
    if x is None or lo is None or hi is None:
        return None
    for key, v in ((mid, x), ("low", lo), ("high", hi)):
        if abs(v) > LARGEST:
            chk.fail(f"{fld}.{key}", f"{v:g} is too large to add up (at most {LARGEST:g})")
            return None
    if lo > x:
        chk.fail(f"{fld}.low", f"low ({lo:g}) is above {mid} ({x:g})")
        return None
    if x > hi:
        chk.fail(f"{fld}.high", f"{mid} ({x:g}) is above high ({hi:g})")
        return None
    return x, lo, hi


def _whole(chk: Checker, item: Mapping[str, Any], key: str, fld: str, least: int) -> int | None:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        chk.fail(f"{fld}.{key}", f"must be a whole number of at least {least}, not {value!r}")
        return None
    return value


def parse_option_costs(chk: Checker, data: Mapping[str, Any]) -> OptionCosts | None:
    """An option file's ``[[costs]]`` and ``[implementation]``; None when it has neither."""
    if "costs" not in data and "implementation" not in data:
        return None
    items = None
    if "costs" in data:
        raw = data["costs"]
        if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
            chk.fail("costs", "must be a list of tables: [[costs]] (or costs = [] for none)")
            raw = []
        found = []
        for i, item in enumerate(raw):
            fld = nth("costs", i)
            before = len(chk.problems)
            chk.unknown_keys(item, COST_FIELDS, f"{fld}.")
            name = chk.text(item, "item", f"{fld}.item", required=True)
            kind = item.get("kind")
            if kind not in KINDS:
                chk.fail(f"{fld}.kind", f'must be "one-off" or "recurring", not {kind!r}')
            rng = _range(chk, item, fld, "central")
            year = _whole(chk, item, "year", fld, 0) if "year" in item else 0
            years = _whole(chk, item, "years", fld, 1) if "years" in item else None
            if years is not None and kind == "one-off":
                chk.fail(f"{fld}.years", "applies to a recurring cost only")
            bears = chk.text(item, "bears", f"{fld}.bears")
            evidence = chk.text(item, "evidence", f"{fld}.evidence")
            if len(chk.problems) == before and rng is not None and year is not None:
                found.append(CostItem(name, kind, *rng, year, years, bears, evidence))
        items = tuple(found)
    impl = None
    if "implementation" in data:
        raw = chk.table(data, "implementation", "implementation")
        chk.unknown_keys(raw, IMPLEMENTATION_FIELDS, "implementation.")
        rng = _range(chk, raw, "implementation", "months") if raw else None
        if rng is not None and rng[1] < 0:
            chk.fail("implementation.low", f"must not be negative, not {rng[1]:g}")
        elif rng is not None:
            evidence = chk.text(raw, "evidence", "implementation.evidence")
            impl = Implementation(*rng, evidence)
    return OptionCosts(items, impl)


def parse_settings(chk: Checker, appraisal: Mapping[str, Any]) -> CostSettings | None:
    """``[appraisal.costs]`` in criteria.toml; None when it is not there."""
    if not isinstance(appraisal, Mapping) or "costs" not in appraisal:
        return None
    raw = chk.table(appraisal, "costs", "appraisal.costs")
    fld = "appraisal.costs"
    chk.unknown_keys(raw, SETTINGS_FIELDS, f"{fld}.")
    out: dict[str, Any] = {}
    for key in ("unit", "prices", "note"):
        if key in raw:
            out[key] = chk.text(raw, key, f"{fld}.{key}")
    if "period" in raw:
        period = _whole(chk, raw, "period", fld, 1)
        if period is not None and period > LONGEST_PERIOD:
            chk.fail(f"{fld}.period", f"must be at most {LONGEST_PERIOD} years, not {period}")
        elif period is not None:
            out["period"] = period
    for key, lo, hi in (("discount_rate", 0.0, 1.0), ("budget", 0.0, LARGEST)):
        if key in raw:
            x = chk.number(raw[key], f"{fld}.{key}")
            if x is not None and (x < lo or (hi is not None and x >= hi)):
                top = f" and below {hi:g}" if hi is not None else ""
                chk.fail(f"{fld}.{key}", f"must be {lo:g} or more{top}, not {x:g}")
            elif x is not None:
                out[key] = x
    if "worth_per_point" in raw:
        x = chk.number(raw["worth_per_point"], f"{fld}.worth_per_point")
        if x is not None and not 0 < x <= LARGEST:
            chk.fail(f"{fld}.worth_per_point", f"must be more than 0 and at most {LARGEST:g}")
        elif x is not None:
            out["worth_per_point"] = x
    return CostSettings(**out)


def cost_problems(settings: CostSettings | None, options: Iterable[Option]) -> list[Problem]:
    """What only the whole workspace shows: an option without costs when others record them,
    costs without an appraisal period, a cost that falls after the period."""
    options = list(options)
    recorded = [o for o in options if o.costs is not None and o.costs.recorded]
    if not recorded:
        return []
    out = []
    period = settings.period if settings is not None else None
    if period is None:
        out.append(
            Problem(
                "criteria.toml",
                "appraisal.costs.period",
                "is required when options record costs: the appraisal period in years",
            )
        )
    for o in options:
        if o.costs is None or not o.costs.recorded:
            out.append(
                Problem(
                    f"options/{o.id}.toml",
                    "costs",
                    "missing: other options record costs; write costs = [] if this one costs "
                    "nothing more",
                )
            )
            continue
        for i, c in enumerate(o.costs.items or ()):
            if period is not None and c.year >= period:
                out.append(
                    Problem(
                        f"options/{o.id}.toml",
                        f"{nth('costs', i)}.year",
                        f"year {c.year} is after the appraisal period (years 0 to {period - 1})",
                    )
                )
    return out
