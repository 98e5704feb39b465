"""Risk registers (``[[risk_register]]`` in an option file): the records and their reading.
Ranking and profiles are :mod:`delivery_options.methods.risks`; the format is in docs/format.md.

Banding. The Orange Book asks for risks to be assessed consistently against a stated appetite but
does not fix bands; this module uses the common 5x5 convention: high 15-25, medium 5-12, low 1-4
(no product of two whole numbers from 1 to 5 falls at 13 or 14).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .ids import identity
from .toml import SAME_ID, hint, nth

if TYPE_CHECKING:
    from .toml import Checker

HIGH_FROM = 15  # scores 15-25 are high
MEDIUM_FROM = 5  # scores 5-14 are medium (13 and 14 cannot occur); 1-4 are low
SCALE = (1, 5)

RISK_KEYS = (
    "id",
    "risk",
    "likelihood",
    "impact",
    "mitigation",
    "owner",
    "residual_likelihood",
    "residual_impact",
    "rationale",
    "evidence",
    "criteria",
    "source",
    "modelled",
)


def band(score: int) -> str:
    """'high' (15-25), 'medium' (5-12) or 'low' (1-4) on the 5x5 matrix."""
    if score >= HIGH_FROM:
        return "high"
    return "medium" if score >= MEDIUM_FROM else "low"


@dataclass(frozen=True)
class Risk:
    """One entry in an option's risk register (Orange Book 2020; Green Book 2022)."""

    id: str  # as given, or "R<n>" from its place in the file
    risk: str
    likelihood: int  # 1-5
    impact: int  # 1-5
    mitigation: str = ""
    owner: str = ""
    residual_likelihood: int | None = None  # after mitigation; defaults to likelihood
    residual_impact: int | None = None  # after mitigation; defaults to impact
    rationale: str = ""  # why these levels
    evidence: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    source: str = ""
    #: likelihood, impact, mitigation, owner and the levels after mitigation are modelled
    #: judgements (the appraisal's), not figures the evidence gives
    modelled: bool = False
    #: whether the file names the id; an id taken from the risk's place (R1, R2, ...) says
    #: nothing about a risk another register shares
    named: bool = True

    @property
    def score(self) -> int:
        """Likelihood x impact before mitigation (1-25)."""
        return self.likelihood * self.impact

    @property
    def after_likelihood(self) -> int:
        """Likelihood after mitigation: as recorded, else unchanged."""
        return self.likelihood if self.residual_likelihood is None else self.residual_likelihood

    @property
    def after_impact(self) -> int:
        """Impact after mitigation: as recorded, else unchanged."""
        return self.impact if self.residual_impact is None else self.residual_impact

    @property
    def residual_score(self) -> int:
        """Likelihood x impact after mitigation."""
        return self.after_likelihood * self.after_impact

    @property
    def band(self) -> str:
        return band(self.score)

    @property
    def residual_band(self) -> str:
        return band(self.residual_score)


def _level(chk: Checker, item: Mapping[str, Any], key: str, fld: str) -> int | None:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        chk.fail(f"{fld}.{key}", f"must be a whole number from 1 to 5, not {value!r}")
        return None
    return value


def parse_register(
    chk: Checker, data: Mapping[str, Any], crit_ids: Iterable[str]
) -> tuple[Risk, ...]:
    """Read an option's ``[[risk_register]]`` entries; one problem per bad field."""
    raw = data.get("risk_register", [])
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        chk.fail("risk_register", "must be a list of tables: [[risk_register]]")
        return ()
    known = tuple(crit_ids)
    crit_ids = set(known)
    out: list[Risk] = []
    ids: dict[str, str] = {}
    for i, item in enumerate(raw):
        fld = nth("risk_register", i)
        before = len(chk.problems)
        chk.unknown_keys(item, RISK_KEYS, f"{fld}.")
        given = chk.text(item, "id", f"{fld}.id")
        rid = given or f"R{i + 1}"
        if identity(rid) in ids:
            chk.fail(
                f"{fld}.id",
                f"'{rid}' is the same id as risk '{ids[identity(rid)]}' in this register {SAME_ID}",
            )
        ids.setdefault(identity(rid), rid)
        text = chk.text(item, "risk", f"{fld}.risk", required=True)
        lik = _level(chk, item, "likelihood", fld)
        imp = _level(chk, item, "impact", fld)
        res = {}
        for key, base in (("residual_likelihood", lik), ("residual_impact", imp)):
            res[key] = _level(chk, item, key, fld) if key in item else None
            if res[key] is not None and base is not None and res[key] > base:
                chk.fail(
                    f"{fld}.{key}", f"{res[key]} is above the level before mitigation ({base})"
                )
        crits = chk.texts(item.get("criteria"), f"{fld}.criteria")
        for c in crits:
            if c not in crit_ids:
                chk.fail(f"{fld}.criteria", f"unknown criterion '{c}'{hint(c, known)}")
        modelled = item.get("modelled", False)
        if not isinstance(modelled, bool):
            chk.fail(f"{fld}.modelled", "must be true or false")
        risk = Risk(
            id=rid,
            risk=text,
            likelihood=lik or 0,
            impact=imp or 0,
            mitigation=chk.text(item, "mitigation", f"{fld}.mitigation"),
            owner=chk.text(item, "owner", f"{fld}.owner"),
            residual_likelihood=res["residual_likelihood"],
            residual_impact=res["residual_impact"],
            rationale=chk.text(item, "rationale", f"{fld}.rationale"),
            evidence=chk.texts(item.get("evidence"), f"{fld}.evidence"),
            criteria=crits,
            source=chk.text(item, "source", f"{fld}.source"),
            modelled=modelled is True,
            named=bool(given),
        )
        if len(chk.problems) == before:
            out.append(risk)
    return tuple(out)
