"""A few words of English for messages, titles and notes: counts, ordinals and possessives."""

from __future__ import annotations

#: Plurals that are not the noun with an s.
PLURALS = {"criterion": "criteria", "benefit or risk": "benefits and risks"}


def counted(k: int, noun: str) -> str:
    """'1 criterion', '7 criteria', '2 findings', '1 linear program'."""
    plural = PLURALS.get(noun, noun + "s")
    return f"{k} {noun if k == 1 else plural}"


def ordinal(k: int) -> str:
    """'1st', '2nd', '3rd', '8th', '11th', '22nd'."""
    if 10 <= k % 100 <= 20:
        return f"{k}th"
    return f"{k}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th') }"


def possessive(name: str) -> str:
    """'Cabinet's', but 'Friends of Anytown Libraries'' (a name ending in s takes only the
    apostrophe)."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"
