"""Risk registers for the short-listed options, and a comparison of their risk profiles.

Each option file may hold ``[[risk_register]]`` entries: a risk with its likelihood and impact on
1-5 scales, the mitigation, the owner, and the likelihood and impact left after mitigation. The
score is likelihood x impact (1-25), as on the 5x5 matrix used with HM Treasury's Orange Book
(2020, management of risk); the Green Book (2022) asks for a risk assessment of each short-listed
option. The format is in docs/format.md.

Banding. The Orange Book asks for risks to be assessed consistently against a stated appetite but
does not fix bands; this module uses the common 5x5 convention: high 15-25, medium 5-12, low 1-4
(no product of two whole numbers from 1 to 5 falls at 13 or 14).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model.risks import Risk, band
from ..model.types import Workspace


def ranked(register: Iterable[Risk]) -> tuple[Risk, ...]:
    """The register, largest score before mitigation first.

    Ties: the larger impact first (a severe but less likely risk before a likely minor one), then
    the larger residual score, then the order in the file.
    """
    return tuple(sorted(register, key=lambda r: (-r.score, -r.impact, -r.residual_score)))


@dataclass(frozen=True)
class Tally:
    """Counts by band, the total score and the largest score, at one point in time."""

    high: int
    medium: int
    low: int
    total: int
    largest: int


@dataclass(frozen=True)
class Profile:
    """One option's risk profile, before and after mitigation."""

    option: str
    risks: int
    before: Tally
    after: Tally


def _tally(scores: list[int]) -> Tally:
    bands = [band(s) for s in scores]
    return Tally(
        high=bands.count("high"),
        medium=bands.count("medium"),
        low=bands.count("low"),
        total=sum(scores),
        largest=max(scores, default=0),
    )


def profile(option_id: str, register: Iterable[Risk]) -> Profile:
    """Count one register's risks by band, with total and largest score, before and after."""
    reg = list(register)
    return Profile(
        option=option_id,
        risks=len(reg),
        before=_tally([r.score for r in reg]),
        after=_tally([r.residual_score for r in reg]),
    )


def profiles(ws: Workspace, option_ids: Iterable[str] | None = None) -> tuple[Profile, ...]:
    """Compare the options' risk profiles, in the workspace's option order.

    ``option_ids`` limits the comparison (e.g. to the short list); default: every option.
    """
    keep = None if option_ids is None else set(option_ids)
    return tuple(profile(o.id, o.risk_register) for o in ws.options if keep is None or o.id in keep)
