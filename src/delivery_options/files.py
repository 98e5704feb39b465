"""Writing the user's files safely: to a temporary file beside the target, renamed into place
only when complete, so that a failure never leaves a half-written or overwritten file."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .errors import OptionsError


class Interrupted(OptionsError):
    """Ctrl-C or a termination signal: nothing was changed."""

    exit_code = 130


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def output_path(path: Path | str) -> Path:
    """Check a path the user asked us to write; create its folder when that folder's parent
    exists. Every problem is one line about the path."""
    text = str(path)
    if not text.strip():
        raise OptionsError("the output path is empty", "output")
    path = Path(text)
    if text.endswith(("/", os.sep)) or path.is_dir():
        raise OptionsError(f"{text} is a folder; give a file name", "output")
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise OptionsError(f"{folder} is a file, not a folder", "output")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise OptionsError(f"the folder {folder.parent} does not exist", "output")
        try:
            folder.mkdir()
        except OSError as exc:
            raise OptionsError(f"cannot create {folder} ({exc.strerror})", "output") from None
    if not os.access(folder, os.W_OK):
        raise OptionsError(f"cannot write in {folder} (permission denied)", "output")
    return path


@contextmanager
def interruptible() -> Iterator[dict[str, bool]]:
    """While a set of files is made: SIGINT and SIGTERM raise :class:`Interrupted` at once, and
    are also remembered, so that a library that swallows the exception cannot make a run that
    was interrupted look finished (``state["interrupted"]``; :func:`write_set` checks it)."""
    state = {"interrupted": False}
    if threading.current_thread() is not threading.main_thread():
        yield state
        return

    def handler(signum, frame):
        state["interrupted"] = True
        raise Interrupted("interrupted; no file was changed")

    saved = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield state
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)


def write_set(files: Mapping[Path, bytes], state: dict[str, bool] | None = None) -> None:
    """Write several files as one set: every file to a temporary file first, then every one
    moved into place; on any failure or interrupt the earlier set is restored and no temporary
    file is left. Signals are held off while files are moved."""
    if state is not None and state["interrupted"]:
        raise Interrupted("interrupted; no file was changed")
    temps: dict[Path, str] = {}
    backups: dict[Path, str] = {}
    placed: list[Path] = []
    umask = os.umask(0)
    os.umask(umask)
    try:
        for path, data in files.items():
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps[path] = tmp
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o666 & ~umask)
        with _signals_held() as pending:
            try:
                for path in files:
                    if path.exists():
                        backup = f"{temps[path]}.old"
                        os.link(path, backup)
                        backups[path] = backup
                for path in files:
                    os.replace(temps[path], path)
                    del temps[path]
                    placed.append(path)
                if pending or (state is not None and state["interrupted"]):
                    raise Interrupted("interrupted; no file was changed")
            except BaseException:
                for path in placed:  # put the earlier set back
                    if path in backups:
                        os.replace(backups.pop(path), path)
                    else:
                        path.unlink(missing_ok=True)
                raise
    except OSError as exc:
        raise OptionsError(
            f"could not write {exc.filename or 'the output'} ({exc.strerror}); "
            "the earlier files are unchanged",
            "output",
        ) from None
    finally:
        for leftover in (*temps.values(), *backups.values()):
            Path(leftover).unlink(missing_ok=True)


@contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Defer SIGINT and SIGTERM (recorded in the yielded list) for a short critical section."""
    pending: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pending
        return
    saved = {
        sig: signal.signal(sig, lambda signum, frame: pending.append(signum))
        for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield pending
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)
