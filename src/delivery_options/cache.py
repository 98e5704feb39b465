"""Weights inferred from statements, kept between runs so that a command whose only LP is the
inference (``options rank`` with inferred weights) need not load the LP solver.

An entry is the Chebyshev centre :mod:`methods.ror` found, keyed by the SHA-256 of everything
that answer depends on: the compatible set's rows, kinds and weight limits as numbers, the
solver asked for, and the code and solver that found it (the bytes of methods/ror.py and
methods/lp.py, and the size and time of HiGHS's library). A value read back is used only when
it is a point of the compatible set with every strict statement holding (checked again, as an
LP answer is); anything else (a missing, damaged or foreign entry) is ignored and the LPs run.

The folder is the user's cache folder: ``$XDG_CACHE_HOME/delivery-options`` (else
``~/.cache/delivery-options``), ``~/Library/Caches/delivery-options`` on macOS,
``%LOCALAPPDATA%\\delivery-options`` on Windows. ``OPTIONS_CACHE`` names another folder, or
``off`` turns the cache off. Nothing from a workspace is written there but numbers; a failure
to read or write it is never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import sys
from pathlib import Path

import numpy as np

#: Entries are a few hundred bytes; anything larger is not ours.
MAX_ENTRY = 1 << 16


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    named = os.environ.get("OPTIONS_CACHE", "")
    if named.lower() == "off":
        return None
    if named:
        return Path(named)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "delivery-options" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "delivery-options"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "delivery-options"


def _code() -> bytes:
    """What identifies the code that finds the centre: ror.py's and lp.py's bytes, HiGHS's."""
    here = Path(__file__).parent / "methods"
    parts = [(here / name).read_bytes() for name in ("ror.py", "lp.py")]
    from importlib.util import find_spec

    spec = find_spec("highspy")
    if spec is not None and spec.origin:
        for lib in sorted(Path(spec.origin).parent.glob("_core*")):
            st = lib.stat()
            parts.append(f"{lib.name} {st.st_size} {st.st_mtime_ns}".encode())
    return b"\0".join(parts)


def key(C, solver: str) -> str:
    """The entry's name for the compatible set ``C`` (methods.ror.Compatible) and solver."""
    W = C.W
    h = hashlib.sha256()
    for part in (
        b"centre 1",
        _code(),
        solver.encode(),
        "\0".join(W.criteria).encode("utf-8", "surrogatepass"),
        np.ascontiguousarray(W.lower, dtype=float).tobytes(),
        np.ascontiguousarray(W.upper, dtype=float).tobytes(),
        repr(tuple(W.order)).encode(),
        np.ascontiguousarray(C.A, dtype=float).tobytes(),
        "\0".join(C.kinds).encode(),
        b"" if C.points is None else np.ascontiguousarray(C.points, dtype=float).tobytes(),
    ):
        h.update(len(part).to_bytes(8, "little") + part)
    return h.hexdigest()


def read(name: str, n: int) -> np.ndarray | None:
    """The n weights kept under ``name``, exactly as they were found; None when absent or not
    n finite numbers."""
    where = folder()
    if where is None:
        return None
    try:
        with open(where / f"{name}.txt", "rb") as fh:
            data = fh.read(MAX_ENTRY + 1)
        if len(data) > MAX_ENTRY:
            return None
        w = [float.fromhex(x) for x in data.decode("ascii").split()]
    except (OSError, ValueError):
        return None
    if len(w) != n or not all(math.isfinite(x) for x in w):
        return None
    return np.array(w, dtype=float)


def write(name: str, w: np.ndarray) -> None:
    """Keep ``w`` under ``name``, one number a line in hexadecimal (exact), through a temporary
    file renamed into place; failures are ignored."""
    where = folder()
    if where is None:
        return
    import tempfile

    tmp = None
    with contextlib.suppress(OSError):
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".centre.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write("".join(float(x).hex() + "\n" for x in w))
        os.replace(tmp, where / f"{name}.txt")
        tmp = None
    if tmp is not None:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
