"""Reading the workspace's files and writing the user's, safely.

Reading: a workspace is a closed box (:func:`confined`); every input is read once through
:func:`read_input` (regular files only, size-capped), and the SHA-256 of the bytes actually used
is kept for the run's audit (:func:`digest`), with :func:`changed` to tell whether a file was
edited while the run was using it.

Writing: to a temporary file beside the target, renamed into place only when complete, so that a
failure never leaves a half-written or overwritten file; an output is checked before anything is
written (:func:`output_path`: no device, pipe, socket, folder or input of the run), and two runs
writing into one folder take turns (:func:`_folder_lock`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import stat
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .errors import OptionsError, Problem


class Interrupted(OptionsError):
    """Ctrl-C or a termination signal: nothing was changed."""

    exit_code = 130


#: Longest part of a file name kept in a temporary name beside it (the name stays well under
#: the 255 bytes most file systems allow, whatever the final name's length).
TEMP_STEM = 64


def _temp(path: Path) -> tuple[int, str]:
    """A new temporary file beside ``path`` whose name is bounded however long ``path``'s is."""
    stem = path.name.encode("utf-8", "surrogateescape")[:TEMP_STEM].decode("utf-8", "ignore")
    return tempfile.mkstemp(dir=path.parent, prefix=f".{stem}.", suffix=".tmp")


def confined(root: Path, path: Path, shown: str) -> Path:
    """``path`` resolved, refused when it leads outside the workspace ``root`` (through a
    symbolic link, or ``..``): a workspace is a closed box, and a stranger's workspace must not
    make the tool read a file of the user's. Raises :class:`OptionsError` naming ``shown``."""
    try:
        real, base = path.resolve(), root.resolve()
    except (OSError, RuntimeError):  # a loop of links
        raise OptionsError(Problem(shown, "", "cannot be resolved (a loop of links?)")) from None
    if not real.is_relative_to(base):
        raise OptionsError(
            Problem(
                shown,
                "",
                "leads outside the workspace (a link or '..'); copy the file into the "
                "workspace instead",
            )
        )
    return real


def _mode(fd: int, name: str, mode: int) -> None:
    """Set the mode of the temporary file itself (its descriptor), never of a link put at its
    name since."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:  # pragma: no cover - Windows
        os.chmod(name, mode)


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file.
    ``data`` is the bytes, or chunks of them written as they come."""
    fd, tmp = _temp(path)
    try:
        umask = os.umask(0)
        os.umask(umask)
        with os.fdopen(fd, "wb") as f:
            if isinstance(data, bytes | bytearray | memoryview):
                f.write(data)
            else:
                for chunk in data:
                    f.write(chunk)
            _mode(f.fileno(), tmp, 0o666 & ~umask)  # an ordinary new file's, not mkstemp's
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: The largest input file read (a workspace's TOML, a template, an answers file).
MAX_INPUT = 64 * 1024 * 1024

_reads: dict[Path, str] = {}  # resolved path -> SHA-256 of the bytes the run used
_unsteady: set[Path] = set()  # read twice in one run, with different bytes
_reads_lock = threading.Lock()


def new_run() -> None:
    """Forget the files an earlier run read (each command is one run)."""
    with _reads_lock:
        _reads.clear()
        _unsteady.clear()


def read_input(path: Path, shown: str, root: Path | None = None, limit: int = MAX_INPUT) -> bytes:
    """The bytes of an input file, read once: refused when it leads outside ``root`` (for a file
    found in the workspace), is not a regular file (a folder, pipe or device would block or
    never end) or is larger than ``limit``; its SHA-256 is kept for the audit."""
    inside = root is not None and Path(os.path.abspath(path)).is_relative_to(os.path.abspath(root))
    try:
        if inside:
            fd = _open_confined(root, confined(root, path, shown), shown)
        else:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise OptionsError(Problem(shown, "", "file not found")) from None
    except IsADirectoryError:
        raise OptionsError(Problem(shown, "", "is a folder, not a file")) from None
    except OSError as exc:
        raise OptionsError(Problem(shown, "", f"cannot be read ({exc.strerror})")) from None
    st = os.fstat(fd)
    mode = st.st_mode
    if inside and stat.S_ISREG(mode) and st.st_nlink > 1:
        os.close(fd)
        raise OptionsError(Problem(shown, "", HARD_LINKED))
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise OptionsError(Problem(shown, "", "is a folder, not a file"))
        raise OptionsError(Problem(shown, "", "is not a regular file (a pipe or device?)"))
    with os.fdopen(fd, "rb") as f:
        try:
            data = f.read(limit + 1)
        except OSError as exc:
            raise OptionsError(Problem(shown, "", f"cannot be read ({exc.strerror})")) from None
    if len(data) > limit:
        raise OptionsError(Problem(shown, "", f"is larger than {limit // 2**20} MB"))
    real, sha = Path(os.path.realpath(path)), hashlib.sha256(data).hexdigest()
    with _reads_lock:
        if _reads.get(real, sha) != sha:
            _unsteady.add(real)
        _reads[real] = sha
    return data


#: Why a workspace file with a second hard link is refused: a hard link is the file itself,
#: wherever its other name is, so nothing tells a link to a file outside the workspace from an
#: ordinary file but its link count. Git never hard-links a checkout's files (only, with a
#: local clone, the objects under .git), and zip archives carry no hard links, so a workspace
#: that arrives that way has none; where the system lets anyone hard-link a file they cannot
#: read (macOS, Linux without protected_hardlinks), refusing them keeps the box closed.
HARD_LINKED = (
    "has another hard link, which may be a file outside the workspace; copy it "
    "(for example: cp FILE FILE.new && mv FILE.new FILE) to make it an ordinary file"
)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _open_confined(root: Path, real: Path, shown: str) -> int:
    """Open ``real`` (resolved, inside ``root``) without following any link swapped in since it
    was checked: component by component from the workspace's folder, none a link, where the
    system allows (``dir_fd``, ``O_NOFOLLOW``); elsewhere the opened file must be the one
    checked and still inside."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    base = Path(os.path.realpath(root))
    parts = real.relative_to(base).parts
    if _NOFOLLOW and os.open in os.supports_dir_fd and parts:
        fd = os.open(base, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            for i, part in enumerate(parts):
                last = i == len(parts) - 1
                extra = _NOFOLLOW | (0 if last else getattr(os, "O_DIRECTORY", 0))
                try:
                    nxt = os.open(part, (flags if last else os.O_RDONLY) | extra, dir_fd=fd)
                except OSError as exc:
                    if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                        raise OptionsError(Problem(shown, "", CHANGED)) from None
                    raise
                os.close(fd)
                fd = nxt
            return fd
        except BaseException:
            os.close(fd)
            raise
    checked = os.stat(real)
    try:
        fd = os.open(real, flags | _NOFOLLOW)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):
            raise OptionsError(Problem(shown, "", CHANGED)) from None
        raise
    now = os.fstat(fd)
    if (now.st_dev, now.st_ino) != (checked.st_dev, checked.st_ino) or not Path(
        os.path.realpath(real)
    ).is_relative_to(base):
        os.close(fd)
        raise OptionsError(Problem(shown, "", CHANGED))
    return fd


CHANGED = "was replaced (by a link?) while it was being read; nothing was read from it"


def digest(path: Path) -> str | None:
    """The SHA-256 of the bytes this run read from ``path``, or None if it read none."""
    with _reads_lock:
        return _reads.get(Path(os.path.realpath(path)))


def changed(paths: list[Path]) -> list[Path]:
    """Those of ``paths`` whose bytes now differ from the bytes this run read (edited, replaced
    or removed since), or that the run read twice and found different."""
    out = []
    for p in paths:
        with _reads_lock:
            if Path(os.path.realpath(p)) in _unsteady:
                out.append(p)
                continue
        used = digest(p)
        try:
            now = hashlib.sha256(Path(p).read_bytes()).hexdigest()
        except OSError:
            now = None
        if used is not None and now != used:
            out.append(p)
    return out


def run_inputs() -> frozenset[Path]:
    """Every file this run has read (resolved)."""
    with _reads_lock:
        return frozenset(_reads)


#: How deep folders inside one of the workspace's folders may nest.
MAX_NESTING = 32


def walk(folder: Path, shown: str) -> list[Path]:
    """Every entry below ``folder`` (files, folders, links; a link to a folder is listed, not
    entered), found without recursion: pathlib's ``rglob`` recurses once per level, so a
    stranger's folders nested 1,500 deep were a RecursionError. Nesting past
    :data:`MAX_NESTING` is refused in one line naming ``shown``, and so is a name Windows cannot
    hold (model/ids.py)."""
    from .model.ids import unportable

    out: list[Path] = []
    stack = [(folder, 0)]
    while stack:
        here, depth = stack.pop()
        try:
            with os.scandir(here) as entries:
                found = sorted(entries, key=lambda e: e.name)
        except NotADirectoryError:
            continue
        except OSError as exc:
            raise OptionsError(Problem(shown, "", f"cannot be read ({exc.strerror})")) from None
        for entry in found:
            path = here / entry.name
            if why := unportable(entry.name):  # a folder's name too: Windows must hold it
                rel = path.relative_to(folder).as_posix()
                raise OptionsError(Problem(f"{shown}{rel}", "", why))
            out.append(path)
            if entry.is_dir(follow_symlinks=False):
                if depth + 1 >= MAX_NESTING:
                    raise OptionsError(
                        Problem(shown, "", f"holds folders nested more than {MAX_NESTING} deep")
                    )
                stack.append((path, depth + 1))
    return out


#: The workspace's folders of inputs: an output is never written into them.
INPUT_FOLDERS = ("options", "weights", "templates")


def workspace_inputs(root: Path) -> frozenset[Path]:
    """The files a workspace is made of: criteria.toml and everything under options/, weights/
    and templates/ (resolved)."""
    found = [root / "criteria.toml"]
    for sub in INPUT_FOLDERS:
        if (root / sub).is_dir():
            found += [p for p in walk(root / sub, f"{sub}/") if not p.is_dir()]
    return frozenset(Path(os.path.realpath(p)) for p in found)


def _identity(path: Path) -> tuple[int, int] | None:
    """A file's or folder's identity on its device (as ``os.path.samefile`` compares them),
    None when it does not exist."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def output_path(path: Path | str, root: Path | None = None) -> Path:
    """Check a path the user asked us to write before anything is written; create its folder
    when that folder's parent exists. Refused: a folder, a device, pipe or socket, a name the
    file system cannot hold, and any input of this run or of the workspace ``root``. Every
    problem is one line about the path."""
    from .present.escape import terminal

    text = str(path)
    if not text.strip():
        raise OptionsError("the output path is empty", "output")
    path = Path(text)
    shown = terminal(text)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise OptionsError(
                f"the file name {shown[:40]}... is longer than the file system allows", "output"
            ) from None
        mode = None
    if text.endswith(("/", os.sep)) or (mode is not None and stat.S_ISDIR(mode)):
        raise OptionsError(f"{shown} is a folder; give a file name", "output")
    if mode is not None and not stat.S_ISREG(mode):
        what = (
            "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        )
        raise OptionsError(
            f"{shown} is {what}, not a file; to write to standard output, leave out -o or give -o -",
            "output",
        )
    target = Path(os.path.realpath(path))
    if root is not None:  # named inside the workspace, led out of it by a link the workspace holds
        named_inside = Path(os.path.abspath(path)).is_relative_to(os.path.abspath(root))
        if named_inside and not target.is_relative_to(os.path.realpath(root)):
            raise OptionsError(
                f"{shown} leads outside the workspace through a link in it; writing there could "
                "replace a file elsewhere (give a path outside the workspace, or remove the link)",
                "output",
            )
    inputs = run_inputs() | (workspace_inputs(root) if root is not None else frozenset())
    # the same file however it is named: on a file system that ignores case or Unicode form
    # (macOS, Windows), CRITERIA.toml is criteria.toml though the two paths differ
    same_file = mode is not None and _identity(target) in {_identity(p) for p in inputs}
    if target in inputs or same_file:
        raise OptionsError(
            f"{shown} is an input of this appraisal; writing there would replace it (choose "
            "another output)",
            "output",
        )
    if root is not None:
        above = {_identity(a) for a in (target.parent, *target.parent.parents)} - {None}
        real_root = Path(os.path.realpath(root))
        first = target.relative_to(real_root).parts[:1] if target.is_relative_to(real_root) else ()
        for sub in INPUT_FOLDERS:
            inside = target.is_relative_to(os.path.realpath(root / sub))
            # a folder not made yet: Templates/ is templates/ where case is ignored, and
            # templates./ where Windows drops trailing dots and spaces
            named = (
                bool(first)
                and len(target.relative_to(real_root).parts) > 1
                and unicodedata.normalize("NFC", first[0]).rstrip(". ").casefold() == sub
            )
            if inside or named or _identity(root / sub) in above:
                raise OptionsError(
                    f"{shown} is in the workspace's {sub}/ folder, where it would be read as "
                    "part of the appraisal (choose another output)",
                    "output",
                )
    if not path.name.encode("utf-8", "surrogateescape"):
        raise OptionsError("the output path is empty", "output")
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise OptionsError(f"{terminal(folder)} is a file, not a folder", "output")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise OptionsError(f"the folder {terminal(folder.parent)} does not exist", "output")
        try:
            folder.mkdir()
        except OSError as exc:
            raise OptionsError(
                f"cannot create {terminal(folder)} ({exc.strerror})", "output"
            ) from None
    if not os.access(folder, os.W_OK):
        raise OptionsError(f"cannot write in {terminal(folder)} (permission denied)", "output")
    size = len(path.name.encode("utf-8", "surrogateescape"))
    if size > _name_max(folder):
        raise OptionsError(
            f"the file name {shown[:40]}... is {size} bytes long; the folder allows at most "
            f"{_name_max(folder)}",
            "output",
        )
    return path


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


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
            fd, tmp = _temp(path)
            temps[path] = tmp
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
                _mode(f.fileno(), tmp, 0o666 & ~umask)
        with _folder_lock(sorted({p.parent for p in files})), _signals_held() as pending:
            try:
                for path in files:
                    if path.exists():
                        backup = f"{temps[path]}.old"
                        os.link(path, backup, follow_symlinks=False)
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


#: How long a run waits for another writing into the same folder before it says so.
LOCK_WAIT = 60.0


@contextmanager
def _folder_lock(folders: list[Path]) -> Iterator[None]:
    """Hold an exclusive lock on each output folder (in a fixed order) while a set is moved
    into place, so that two runs writing the same set cannot interleave their files; the second
    waits, and after :data:`LOCK_WAIT` seconds says so. No lock file is left behind (the
    folder itself is locked); where ``fcntl`` is missing (Windows) there is no lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    held: list[int] = []
    try:
        for folder in folders:
            fd = os.open(folder, os.O_RDONLY)
            held.append(fd)
            deadline = time.monotonic() + LOCK_WAIT
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OptionsError(
                            f"another run is writing into {folder}; try again when it has "
                            "finished (nothing was changed)",
                            "output",
                        ) from None
                    time.sleep(0.05)
        yield
    finally:
        for fd in held:
            os.close(fd)  # closing releases the lock


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
