"""The JSON document of a result: floats rounded, numpy values converted, stable output.

The text is the standard library's ``json.dumps(rounded(document), indent=2,
ensure_ascii=False)`` and a newline, written in pieces as it is made (:func:`json_chunks`):
neither a rounded copy of the document nor the whole text is ever held, and a numpy array is
read a slice at a time (infer at 1,000 options writes a million option pairs, 40 MB).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import Any

#: Decimal places kept in JSON output (enough to re-check a result, no float noise).
JSON_DIGITS = 6
#: Characters gathered before a chunk is handed on.
CHUNK = 1 << 16
_ROWS = 4096  # rows of a numpy array converted to Python values at a time


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


def _scalar(obj: Any, digits: int) -> str | None:
    """The JSON text of a scalar, rounded as :func:`rounded` rounds it; None for a container."""
    if isinstance(obj, str):
        return encode_basestring(obj)
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int):
        return int.__repr__(obj)
    if isinstance(obj, float):
        if not math.isfinite(obj):
            return "null"
        r = round(obj, digits)
        return "0.0" if r == 0 else float.__repr__(r)
    return None


def _key(key: Any) -> str:
    """A dict key as json writes it: a string; a number, boolean or None as its JSON text."""
    if isinstance(key, str):
        return encode_basestring(key)
    if key is None or isinstance(key, int | float):
        return encode_basestring(json.dumps(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _items(obj: Any) -> Iterator[Any]:
    """The items of a list, tuple or numpy array (as Python values, a slice at a time)."""
    if isinstance(obj, list | tuple):
        yield from obj
        return
    for s in range(0, len(obj), _ROWS):
        yield from obj[s : s + _ROWS].tolist()


def _flat(items: Any, digits: int, pad: str, close: str) -> str | None:
    """A list of scalars (a pair of ids, a row of numbers) in one string; None if it holds a
    container."""
    texts = []
    for v in items:
        if hasattr(v, "tolist"):
            v = v.tolist()
        t = _scalar(v, digits)
        if t is None:
            return None
        texts.append(t)
    return "[" + pad + ("," + pad).join(texts) + close + "]"


def _pieces(obj: Any, level: int, digits: int) -> Iterator[str]:
    """The JSON text of ``obj`` at indent ``level`` (two spaces each), in pieces."""
    if hasattr(obj, "tolist") and getattr(obj, "ndim", 0) == 0:
        obj = obj.tolist()  # a numpy scalar
    text = _scalar(obj, digits)
    if text is not None:
        yield text
        return
    pad, close = "\n" + "  " * (level + 1), "\n" + "  " * level
    if isinstance(obj, dict):
        if not obj:
            yield "{}"
            return
        sep = "{" + pad
        for k, v in obj.items():
            yield sep + _key(k) + ": "
            yield from _pieces(v, level + 1, digits)
            sep = "," + pad
        yield close + "}"
        return
    if not isinstance(obj, list | tuple) and not hasattr(obj, "tolist"):
        raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")
    if len(obj) == 0:
        yield "[]"
        return
    sep = "[" + pad
    inner = "\n" + "  " * (level + 2)
    for v in _items(obj):
        if hasattr(v, "tolist") and getattr(v, "ndim", 0) == 0:
            v = v.tolist()
        text = _scalar(v, digits)
        if text is None and isinstance(v, list | tuple) and v:
            text = _flat(v, digits, inner, pad)
        if text is not None:
            yield sep + text
        else:
            yield sep
            yield from _pieces(v, level + 1, digits)
        sep = "," + pad
    yield close + "]"


def json_chunks(document: Any, digits: int = JSON_DIGITS) -> Iterator[str]:
    """The document's JSON text (indented, UTF-8 characters kept, ending with a newline) in
    chunks of about :data:`CHUNK` characters, each made when it is asked for."""
    batch: list[str] = []
    size = 0
    for piece in _pieces(document, 0, digits):
        batch.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield "".join(batch)
            batch.clear()
            size = 0
    batch.append("\n")
    yield "".join(batch)


def render_json(document: Any) -> str:
    """The document as indented UTF-8 JSON, ending with a newline."""
    return "".join(json_chunks(document))
