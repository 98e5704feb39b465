"""What the methodology linter found (methods/check.py), and what validation found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Problem
from ..methods.check import Finding
from ..present.table import Column, Table
from ..present.words import counted
from .base import Presentable

__all__ = ["CheckResult", "Validation", "counted"]


@dataclass(frozen=True)
class CheckResult(Presentable):
    title: str
    findings: tuple[Finding, ...]

    def tables(self) -> tuple[Table, ...]:
        return (
            Table(
                name="findings",
                title=f"{self.title}: {counted(len(self.findings), 'finding')}",
                columns=(
                    Column("code", "Finding", key_column=True),
                    Column("where", "Where"),
                    Column("message", "What"),
                    Column("why", "Why it matters"),
                    Column("reference", "Reference"),
                ),
                rows=tuple((f.code, f.where, f.message, f.why, f.reference) for f in self.findings),
                empty="No known methodological mistake was found.",
            ),
        )

    def document(self) -> dict[str, Any]:
        return {"findings": [f.__dict__ for f in self.findings], "count": len(self.findings)}


@dataclass(frozen=True)
class Validation(Presentable):
    """Every problem of a workspace at once (criteria, options and weights), and its warnings."""

    root: str
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()  # ("criteria", 7), ... when valid

    @property
    def valid(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if not self.valid:
            return f"{counted(len(self.problems), 'problem')} found."
        c = dict(self.counts)
        return (
            f"{self.root}: valid. {counted(c['criteria'], 'criterion')}, "
            f"{counted(c['options'], 'option')}, {counted(c['stakeholders'], 'stakeholder')}, "
            f"{counted(c['statements'], 'benefit or risk')} ({c['mapped']} mapped to criteria)"
            + (
                f", {counted(c['requirements'], 'requirement')}, "
                f"{counted(c['risk_registers'], 'risk register')}"
                if c.get("requirements")
                else ""
            )
            + (
                f", {counted(c['stakeholder_statements'], 'statement')} by stakeholders"
                if c.get("stakeholder_statements")
                else ""
            )
            + "."
        )

    def tables(self) -> tuple[Table, ...]:
        rows = tuple(("error", p.file, p.field, p.message) for p in self.problems)
        rows += tuple(("warning", p.file, p.field, p.message) for p in self.warnings)
        return (
            Table(
                name="problems",
                title=self.summary(),
                columns=(
                    Column("severity", "Severity"),
                    Column("file", "File", key_column=True),
                    Column("field", "Field"),
                    Column("message", "Problem"),
                ),
                rows=rows,
                empty="No problems and no warnings.",
            ),
        )

    def document(self) -> dict[str, Any]:
        def items(ps):
            return [{"file": p.file, "field": p.field, "message": p.message} for p in ps]

        return {
            "valid": self.valid,
            "problems": items(self.problems),
            "warnings": items(self.warnings),
            "counts": dict(self.counts),
        }
