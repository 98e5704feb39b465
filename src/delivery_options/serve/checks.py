"""What a request from the page may hold: a JSON object, bounded text, a safe file id; and how
a request's value is shown in an error or a TOML comment."""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import OptionsError
from ..model.ids import unportable

#: A new weights file's id: a file stem of letters, digits, "-" and "_" (no dots, no slashes).
SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
MAX_TEXT = 20_000  # characters in a name or a rationale


def safe_id(value: Any) -> str:
    """A new weights file's id, refused unless it is a safe file stem."""
    if not isinstance(value, str) or not SAFE_ID.fullmatch(value):
        raise OptionsError(
            f"{shown(value)} is not a usable name for a weights file: use up to 64 letters, "
            "digits, '-' and '_', starting with a letter or digit",
            "id",
        )
    if why := unportable(value):
        raise OptionsError(why, "id")
    return value


def as_object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise OptionsError("the request must be a JSON object")
    return body


def as_text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise OptionsError(f"{what} must be text", what)
    if len(value) > MAX_TEXT:
        raise OptionsError(f"{what} is longer than {MAX_TEXT:,} characters", what)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise OptionsError(f"{what} holds characters that are not text", what) from None
    return value.replace("\r\n", "\n").replace("\r", "\n")


def shown(value: Any) -> str:
    """A value from a request, quoted and cut short, for an error message."""
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 60 else text[:57] + "..."


def comment_text(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)
