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


#: Names Windows keeps for devices, whatever the extension (Microsoft, "Naming Files, Paths, and
#: Namespaces"): a workspace copied to Windows could not hold a file so named.
RESERVED = frozenset(
    (
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{i}" for i in range(1, 10)),
        *(f"lpt{i}" for i in range(1, 10)),
        *(f"{d}{s}" for d in ("com", "lpt") for s in "\u00b9\u00b2\u00b3"),  # COM¹-COM³, LPT¹-LPT³
        "conin$",
        "conout$",
    )
)
#: Characters Windows refuses in any file name (the same page), besides C0 controls.
FORBIDDEN = frozenset('<>:"/\\|?*')


def unportable(stem: str) -> str | None:
    """Why an id that names a file (a stakeholder's, an option's) cannot be a file name on every
    system the tool runs on, or None: a character or a device name Windows refuses, or a
    trailing dot or space, which Windows drops (so ``x.`` and ``x`` would be one file there)."""
    bad = sorted({c for c in stem if c in FORBIDDEN or ord(c) < 32})
    if bad:
        shown = " ".join(c if ord(c) >= 32 else f"U+{ord(c):04X}" for c in bad)
        return f"'{stem}' holds {shown}, which Windows refuses in a file name; choose another"
    if stem.split(".")[0].casefold() in RESERVED:
        return f"'{stem}' is a device name on Windows; choose another file name"
    if stem.endswith((".", " ")):
        return f"'{stem}' ends in a dot or a space, which Windows drops; choose another file name"
    return None
