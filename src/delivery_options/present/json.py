"""The JSON document of a result: floats rounded, numpy values converted, stable output."""

from __future__ import annotations

import json
import math
from typing import Any

#: Decimal places kept in JSON output (enough to re-check a result, no float noise).
JSON_DIGITS = 6


def rounded(obj: Any, digits: int = JSON_DIGITS) -> Any:
    """Round every float in a nested structure for stable JSON.

    -0.0 becomes 0.0, NaN and infinities become None (JSON has no such numbers), and numpy
    scalars and arrays become plain Python values.
    """
    if hasattr(obj, "tolist"):
        obj = obj.tolist()  # a numpy scalar or array
    if isinstance(obj, float):
        if not math.isfinite(obj):
            return None
        r = round(obj, digits)
        return 0.0 if r == 0 else r
    if isinstance(obj, dict):
        return {k: rounded(v, digits) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [rounded(v, digits) for v in obj]
    return obj


def render_json(document: Any) -> str:
    """The document as indented UTF-8 JSON, ending with a newline. The encoder's pieces (several
    per number) are joined a batch at a time: json.dumps with an indent holds every piece in one
    list first, 350 MB for the million option pairs of infer at 1,000 options."""
    encoder = json.JSONEncoder(indent=2, ensure_ascii=False)
    parts: list[str] = []
    batch: list[str] = []
    for piece in encoder.iterencode(rounded(document)):
        batch.append(piece)
        if len(batch) == 65_536:
            parts.append("".join(batch))
            batch.clear()
    parts += ["".join(batch), "\n"]
    return "".join(parts)
