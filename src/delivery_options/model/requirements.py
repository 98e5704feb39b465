"""Must-meet requirements (``[requirements.<id>]`` in criteria.toml) and each option's judgement
on them (``[requirements]`` in an option file): the records and their reading. The screen itself
is :mod:`delivery_options.methods.screening`; the format is in docs/format.md."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .toml import hint

if TYPE_CHECKING:
    from .toml import Checker
    from .types import Criterion

REQUIREMENT_KEYS = ("name", "description", "source", "criterion", "min", "max")
JUDGEMENT_KEYS = ("meets", "rationale", "evidence")


@dataclass(frozen=True)
class Requirement:
    """A must-meet requirement: judged per option, or a threshold on one criterion's score."""

    id: str
    name: str
    description: str = ""
    source: str = ""
    criterion: str | None = None  # set for a threshold requirement
    min: float | None = None  # pass iff score >= min
    max: float | None = None  # pass iff score <= max (e.g. for a cost)

    @property
    def threshold(self) -> bool:
        return self.criterion is not None


@dataclass(frozen=True)
class Judgement:
    """Whether one option meets one judged requirement, and why."""

    meets: bool
    rationale: str = ""
    evidence: tuple[str, ...] = ()


def parse_requirements(
    chk: Checker, data: Mapping[str, Any], criteria: tuple[Criterion, ...]
) -> tuple[Requirement, ...]:
    """Read ``[requirements.<id>]`` from criteria.toml, recording every problem in ``chk``."""
    raw = chk.table(data, "requirements", "requirements")
    crits = {c.id: c for c in criteria}
    out: list[Requirement] = []
    for rid, fld, spec in chk.table_entries(raw, "requirements", "requirement"):
        chk.unknown_keys(spec, REQUIREMENT_KEYS, f"{fld}.")
        name = chk.text(spec, "name", f"{fld}.name", required=True)
        description = chk.text(spec, "description", f"{fld}.description")
        source = chk.text(spec, "source", f"{fld}.source")
        cid, lo, hi = spec.get("criterion"), None, None
        if cid is None:
            stray = [k for k in ("min", "max") if k in spec]
            for key in stray:
                chk.fail(f"{fld}.{key}", 'needs criterion = "<id>" to say which score')
            if stray:
                continue
        else:
            if not isinstance(cid, str) or cid not in crits:
                chk.fail(f"{fld}.criterion", f"unknown criterion {cid!r}{hint(cid, crits)}")
                continue
            if ("min" in spec) == ("max" in spec):
                chk.fail(fld, "a threshold needs exactly one of min or max")
                continue
            key = "min" if "min" in spec else "max"
            bound = chk.number(spec[key], f"{fld}.{key}")
            if bound is None:
                continue
            s_lo, s_hi = crits[cid].scale
            if not s_lo <= bound <= s_hi:
                chk.fail(
                    f"{fld}.{key}",
                    f"{bound:g} is outside the criterion's scale [{s_lo:g}, {s_hi:g}]",
                )
                continue
            lo, hi = (bound, None) if key == "min" else (None, bound)
        out.append(Requirement(rid, name, description, source, cid, lo, hi))
    return tuple(out)


def parse_judgements(
    chk: Checker, data: Mapping[str, Any], requirements: tuple[Requirement, ...]
) -> Mapping[str, Judgement]:
    """Read an option's ``[requirements]``: one judgement per judged requirement, no others."""
    raw = chk.table(data, "requirements", "requirements")
    by_id = {r.id: r for r in requirements}
    out: dict[str, Judgement] = {}
    for rid, item in raw.items():
        fld = f"requirements.{rid}"
        if rid not in by_id:
            chk.fail(fld, f"unknown requirement (not in criteria.toml){hint(rid, by_id)}")
        elif by_id[rid].threshold:
            chk.fail(fld, f"is decided from scores.{by_id[rid].criterion}; do not judge it by hand")
        elif isinstance(item, bool):
            out[rid] = Judgement(item)
        elif isinstance(item, dict):
            chk.unknown_keys(item, JUDGEMENT_KEYS, f"{fld}.")
            meets = item.get("meets")
            if not isinstance(meets, bool):
                chk.fail(f"{fld}.meets", "is required: true or false")
                continue
            rationale = chk.text(item, "rationale", f"{fld}.rationale")
            evidence = chk.texts(item.get("evidence"), f"{fld}.evidence")
            out[rid] = Judgement(meets, rationale, evidence)
        else:
            chk.fail(fld, 'must be true, false or { meets = true, rationale = "..." }')
    for r in requirements:
        if not r.threshold and r.id not in raw:
            chk.fail(f"requirements.{r.id}", "missing: every option is judged on every requirement")
    return MappingProxyType(out)
