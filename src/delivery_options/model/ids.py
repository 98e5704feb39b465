"""The one identity rule for every id in a workspace (criteria, options, stakeholders,
requirements, risks, statements): ids are compared after Unicode NFC normalisation and case
folding, so ``café`` typed composed or decomposed, or ``Risk-1`` and ``risk-1``, are the same
id, and two such ids in one place are an error naming both (docs/format.md, "Ids")."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def identity(value: str) -> str:
    """The form two ids are compared in: NFC, then case-folded (then NFC again, as folding can
    denormalise)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).casefold())


def clashes(ids: Iterable[str]) -> list[tuple[str, str]]:
    """(earlier, later) for each id equal under :func:`identity` to an earlier one, in order."""
    seen: dict[str, str] = {}
    out = []
    for i in ids:
        key = identity(i)
        if key in seen:
            out.append((seen[key], i))
        else:
            seen[key] = i
    return out


def same(a: str, b: str) -> bool:
    """Whether two ids are the same id."""
    return identity(a) == identity(b)
