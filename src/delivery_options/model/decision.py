"""The decision an appraisal supports (``[appraisal.decision]`` in ``criteria.toml``): what the
decision-maker is asked, by whom and by when. Every field is optional; the paper and the
submission say "not stated" for what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .toml import Checker

#: What ``[appraisal.decision]`` may hold.
DECISION_FIELDS = ("sought", "by", "maker", "concluded", "concluded_by", "source")


@dataclass(frozen=True)
class Decision:
    """The decision the paper supports (``[appraisal.decision]``): all optional, for the paper."""

    sought: str = ""  # the decision sought, in a sentence
    by: str = ""  # by when
    maker: str = ""  # who takes it
    concluded: str = ""  # what the decision-maker or their adviser concluded, quoted
    concluded_by: str = ""  # who concluded it
    source: str = ""  # where that conclusion is recorded


def check_decision(chk: Checker, appraisal: dict) -> None:
    """Report each malformed field of ``[appraisal.decision]`` to ``chk``."""
    decision = chk.table(appraisal, "decision", "appraisal.decision")
    chk.unknown_keys(decision, DECISION_FIELDS, "appraisal.decision.")
    for key in DECISION_FIELDS:
        chk.text(decision, key, f"appraisal.decision.{key}")


def parse_decision(data: Any) -> Decision:
    if not isinstance(data, dict):
        return Decision()
    return Decision(**{k: str(data.get(k, "")) for k in DECISION_FIELDS})
