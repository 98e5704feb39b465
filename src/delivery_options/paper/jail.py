"""A workspace's own templates rendered in a child process with hard limits.

The sandbox (:mod:`.sandbox`) counts a template's steps and the size of what it makes, and gives
the precise message for an ordinary mistake; but one Python operation (an ``in`` over a long
tuple, a codec, hashing a deeply nested value) or WeasyPrint's layout of the page can take any
time or memory, or crash the interpreter, between two steps. So the paper's HTML, Markdown and
PDF from a workspace that holds ``templates/`` are made in a child process started afresh (no
fork of a process holding solver threads), which limits its own memory and processor time
before it reads anything (``setrlimit`` on POSIX, a Job object on Windows) and which the parent
kills at a wall-clock deadline. The child is given the paper's context and the template texts
(pickled by the parent) and sends back only the finished bytes, or one error line; whatever it
prints, and however it dies, the user sees one line naming the template."""

from __future__ import annotations

import copyreg
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path
from types import FunctionType, MappingProxyType

from ..errors import OptionsError, Problem

MAX_MEMORY = 2**30  # bytes of address space the child may use (or the current limit, if lower)
MARGIN = 60.0  # seconds of processor time the child may use beyond the sandbox's deadline
WAIT = 60.0  # seconds of wall-clock time the parent waits beyond twice the processor time
#: What a larger appraisal adds, per score (an option on a criterion, over the long list): the
#: built-in templates copied into templates/ took the child to 914 MB and 236 s at 1,500
#: options x 100 criteria (adversary 7), where fixed limits blamed the template for the
#: appraisal's size. The growth follows the appraisal's dimensions, not the bytes of the
#: context: those are mostly a stranger's free text, and grew the limits of the template the
#: jail contains (adversary 8: 15 MB of descriptions bought 1.55 GB and 9 minutes).
MEMORY_PER_CELL = 7 * 1024
SECONDS_PER_CELL = 0.0008
MAX_GROWN_SECONDS = 3600  # the processor time the growth stops at

_INSIDE = False  # set in the child: its own rendering is in-process
_JOB = None  # the child's Job object on Windows, kept open for its lifetime
#: the stage a child reports (render._render_formats's progress) and the templates it runs
_STAGES = {
    "writing HTML": ("paper.html.j2", "macros.html.j2", "style.css"),
    "writing Markdown": ("paper.md.j2",),
    "writing the tagged PDF": ("paper.html.j2", "macros.html.j2", "style.css"),
}
_BOOT = (
    "import sys; sys.path[:] = sys.argv[1:]; from delivery_options.paper.jail import child; child()"
)


def wanted(ctx: dict) -> bool:
    """Whether this paper is made in a child: it has workspace templates, and this process is
    not already the child."""
    return bool(ctx.get("workspace_templates")) and not _INSIDE


def render_formats(ctx: dict, formats, say):
    """``render._render_formats`` for a paper with workspace templates: HTML, Markdown and PDF
    made in the child; Word (which no template writes) here."""
    from .render import PdfUnavailable, render_docx

    say("writing the paper from the workspace's templates (in a separate process)")
    made = _run(ctx, [f for f in formats if f != "docx"])
    rendered = {f: made["data"][f] for f in ("html", "md", "pdf") if f in made["data"]}
    if "docx" in formats:
        say("writing Word")
        rendered["docx"] = render_docx(ctx)
    missing = PdfUnavailable(made["missing"]) if made["missing"] else None
    return rendered, missing, list(made["pages"])


def limits(cells: int = 0) -> dict:
    """What the child is held to, for an appraisal of ``cells`` scores: its memory and
    processor time (growing with the appraisal up to half the machine's memory and
    MAX_GROWN_SECONDS; the current limits, if lower), the wall-clock wait (twice the processor
    time, as a busy machine shares its cores, and a margin), and the sandbox's and PDF's bounds
    as this process has them."""
    from . import render, sandbox

    memory = MAX_MEMORY + min(MEMORY_PER_CELL * cells, max(0, _half_memory() - MAX_MEMORY))
    base = sandbox.MAX_SECONDS + MARGIN
    cpu = int(base + min(SECONDS_PER_CELL * cells, max(0.0, MAX_GROWN_SECONDS - base)))
    try:
        import resource

        memory, cpu = (
            want if soft == resource.RLIM_INFINITY else min(want, soft)
            for want, soft in (
                (memory, resource.getrlimit(resource.RLIMIT_AS)[0]),
                (cpu, resource.getrlimit(resource.RLIMIT_CPU)[0]),
            )
        )
    except ImportError:
        pass
    bounds = {
        mod.__name__: {
            k: v
            for k, v in vars(mod).items()
            if k.startswith("MAX_") and type(v) in (int, float) and not isinstance(v, bool)
        }
        for mod in (sandbox, render)
    }
    return {"memory": memory, "cpu": cpu, "wait": 2 * cpu + WAIT, "bounds": bounds}


def _run(ctx: dict, formats: list[str]) -> dict:
    """Run the child on ``ctx``; its result, or one :class:`OptionsError`."""
    pickled = _pickled(ctx)
    long = ctx.get("long_list")
    held = limits(len(long.options) * len(long.criteria) if long is not None else 0)
    header = {**held, "formats": formats, "parent": os.getpid()}
    payload = json.dumps(header).encode() + b"\n" + pickled
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    env.update({"MKL_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2"})
    paths = [p for p in sys.path if p] or [str(Path(__file__).resolve().parents[2])]
    if not sys.executable:
        raise OptionsError("the workspace's templates need Python to run a renderer", "template")
    cmd = [sys.executable, "-P", "-E", "-c", _BOOT, *paths]
    used = _child_seconds()
    try:
        # its standard error (where its libraries' messages go) is never read: a template that
        # makes WeasyPrint warn once per element would fill this process's memory with it
        done = subprocess.run(
            cmd,
            input=payload,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=held["wait"],
            env=env,
        )
    except subprocess.TimeoutExpired as exc:
        stage = _stage(exc.stdout or b"")
        raise _failed(ctx, stage, f"needed more than {held['wait']:g} seconds") from None
    except OSError as exc:
        raise OptionsError(
            f"templates/: the renderer could not be started ({exc.strerror})", "template"
        ) from None
    return _read(ctx, done, held, _child_seconds() - used)


def _half_memory() -> int:
    """Half the machine's physical memory (bytes), or MAX_MEMORY where it cannot be read."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    except (AttributeError, ValueError, OSError):
        return MAX_MEMORY


def _child_seconds() -> float:
    try:
        import resource
    except ImportError:
        return 0.0
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def _read(ctx: dict, done, held: dict, seconds: float) -> dict:
    """The child's result from its output: stage lines, then one ``result`` or ``error`` line
    (JSON) and the result's bytes. Nothing it printed reaches the terminal."""
    out, stage = done.stdout, None
    while out:
        line, _, rest = out.partition(b"\n")
        word, _, text = line.partition(b" ")
        if word == b"stage":
            stage, out = text.decode("utf-8", "replace"), rest
            continue
        if word in (b"result", b"error") and done.returncode == 0:
            try:
                head = json.loads(text)
                if word == b"error":
                    about = str(head.get("about", ""))[:40]
                    failure = OptionsError(_problems(head.get("problems")), about)
                else:
                    return _result(head, rest)
            except (ValueError, TypeError, KeyError, AttributeError):
                break  # not what the child writes: it did not finish
            raise failure
        break
    code = done.returncode
    if code < 0:
        import signal

        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = "a signal"
        if name == "SIGXCPU" or (name == "SIGKILL" and seconds >= held["cpu"] - 1):
            raise _failed(ctx, stage, f"needed more than {held['cpu']:g} seconds")
        raise _failed(ctx, stage, f"stopped the renderer (signal {-code}, {name})")
    raise _failed(ctx, stage, f"stopped the renderer (exit code {code})")


def _result(head: dict, rest: bytes) -> dict:
    """The formats' bytes, the PDF's page counts and why there is no PDF (no Pango), checked:
    the child ran a stranger's template."""
    from ..present.escape import terminal

    data, at = {}, 0
    for name, size in head["sizes"].items():
        if name not in ("html", "md", "pdf") or type(size) is not int or size < 0:
            raise ValueError(name)
        data[name], at = rest[at : at + size], at + size
    pages = head.get("pages") or []
    if at != len(rest) or not all(type(p) is int for p in pages):
        raise ValueError("sizes")
    missing = head.get("missing")
    missing = terminal(str(missing))[:200] if missing is not None else None
    return {"data": data, "missing": missing, "pages": pages}


def _problems(raw) -> list[Problem]:
    """The child's problems, each part escaped and bounded (it ran a stranger's template)."""
    from ..present.escape import terminal

    out = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, list) and len(item) == 3:
            out.append(Problem(*(terminal(str(x))[:2000] for x in item)))
    return out or [Problem("templates/", "", "the renderer failed")]


def _stage(out: bytes) -> str | None:
    stage = None
    for line in out.split(b"\n"):
        if line.startswith(b"stage "):
            stage = line[6:].decode("utf-8", "replace")
    return stage


def _where(ctx: dict, stage: str | None) -> str:
    """The workspace template a stage runs, as an error names it."""
    own = ctx.get("workspace_templates") or {}
    making = [n for n in _STAGES.get(stage or "", ()) if n in own]
    return f"templates/{(making or sorted(own))[0]}" if own else "templates/"


def _failed(ctx: dict, stage: str | None, what: str) -> OptionsError:
    return OptionsError(
        f"{_where(ctx, stage)}: the template {what}; a workspace template may not loop, "
        "recurse or grow text or pages without bound",
        "template",
    )


# -- the context, as the child is given it ----------------------------------------------------


class _Table:
    """A function of the paper's (``label``, ``short``: a closure over the option records, which
    cannot be pickled) as the table of its values for every option id."""

    __slots__ = ("values", "__name__")

    def __init__(self, values: dict, name: str):
        self.values, self.__name__ = values, name

    def __call__(self, key):
        return self.values[key]

    def __reduce__(self):
        return (_Table, (self.values, self.__name__))


def _proxy(d: dict) -> MappingProxyType:
    return MappingProxyType(d)


def _pickled(ctx: dict) -> bytes:
    """``ctx`` pickled: read-only mappings as such, and the paper's own local functions of an
    option id as tables over the option ids."""
    import io

    ids: list[str] = []
    for key in ("long_list", "ws"):
        ids += [o.id for o in getattr(ctx.get(key), "options", ()) or ()]
    ids = list(dict.fromkeys(ids))

    class Pickler(pickle.Pickler):
        dispatch_table = copyreg.dispatch_table.copy()
        dispatch_table[MappingProxyType] = lambda m: (_proxy, (dict(m),))

        def reducer_override(self, obj):
            if isinstance(obj, FunctionType) and "<locals>" in obj.__qualname__:
                values = {}
                for i in ids:
                    try:
                        values[i] = obj(i)
                    except Exception:  # noqa: BLE001 (not a function of an option id)
                        values.clear()
                        break
                return (_Table, (values, obj.__name__))
            return NotImplemented

    buf = io.BytesIO()
    Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(ctx)
    return buf.getvalue()


# -- the child ------------------------------------------------------------------------------------


def child() -> None:
    """The child's whole life: limit itself, read the context, render, answer, exit."""
    global _INSIDE
    _INSIDE = True
    answer = os.dup(1)
    os.dup2(2, 1)  # whatever a library prints goes with standard error, which is not shown
    stdin = sys.stdin.buffer
    held = json.loads(stdin.readline())
    _orphan_dies(held.get("parent"))
    _limit(held["memory"], held["cpu"])
    stage: list[str | None] = [None]

    def send(data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(answer, view) :]

    def say(text: str) -> None:
        stage[0] = text
        send(f"stage {text}\n".encode())

    def error(problems: list[Problem], about: str = "template") -> bytes:
        raw = [[p.file, p.field, p.message] for p in problems]
        return b"error " + json.dumps({"problems": raw, "about": about}).encode() + b"\n"

    from . import sandbox

    ctx: dict = {}
    try:
        ctx = pickle.load(stdin)
        _bound(held)
        from . import render

        sandbox.MEMORY = held["memory"]
        rendered, missing, pages = render._render_formats(ctx, held["formats"], say)
        data = {k: rendered[k] for k in ("html", "md", "pdf") if k in rendered}
        head = {
            "sizes": {k: len(v) for k, v in data.items()},
            "pages": pages,
            "missing": missing.cause if missing is not None else None,
        }
        send(b"result " + json.dumps(head).encode() + b"\n" + b"".join(data.values()))
    except OptionsError as exc:
        send(error(list(exc.problems), exc.about))
    except MemoryError:
        held_words = sandbox.memory_words(held["memory"])
        what = f"the template needed more than {held_words} of memory"
        send(error([Problem(_where(ctx, stage[0]), "", what)]))
    except Exception as exc:  # noqa: BLE001 (WeasyPrint's, or a filter's: one line, no traceback)
        what = (
            f"the paper could not be made from it ({type(exc).__name__}: {str(exc)[:200]}); "
            "write it as another format, or change the template"
        )
        send(error([Problem(_where(ctx, stage[0]), "", what)]))
    finally:
        os.close(answer)


def _orphan_dies(parent: int | None) -> None:
    """End this process when the parent does, however it ends (``kill -9``, the OOM killer, a
    job's hard stop), rather than render on alone up to its limits: on Linux the kernel sends
    SIGKILL (``prctl(PR_SET_PDEATHSIG)``); everywhere a thread watches the parent."""
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if parent is None:
        return
    if os.name != "nt" and os.getppid() != parent:  # it died before the signal was set
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    """Exit once ``parent`` has ended: on POSIX this process is then given another parent; on
    Windows the parent's handle is signalled (OpenProcess, WaitForSingleObject: Win32 API,
    untested here)."""
    import time

    if os.name == "nt":
        try:
            import ctypes

            k32 = ctypes.WinDLL("kernel32", use_last_error=True)
            handle = k32.OpenProcess(0x00100000, False, parent)  # SYNCHRONIZE
            if handle:
                k32.WaitForSingleObject(handle, 0xFFFFFFFF)  # INFINITE
                os._exit(1)
        except Exception:  # noqa: BLE001, S110 (the wall-clock deadline still holds)
            pass
        return
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _bound(held: dict) -> None:
    """The sandbox's and the PDF's bounds, as the parent has them."""
    import importlib

    for module, values in held["bounds"].items():
        mod = importlib.import_module(module)
        for k, v in values.items():
            setattr(mod, k, v)


def _limit(memory: int, cpu: int) -> None:
    """Hold this process to ``memory`` bytes of address space and ``cpu`` seconds of processor
    time: ``setrlimit`` on POSIX (past the time, SIGXCPU ends it), a Job object on Windows."""
    try:
        import resource
    except ImportError:
        _job(memory, cpu)
        return
    for what, want, spare in ((resource.RLIMIT_AS, memory, 0), (resource.RLIMIT_CPU, cpu, 5)):
        soft, hard = resource.getrlimit(what)
        inf = resource.RLIM_INFINITY
        new = want if soft == inf else min(want, soft)
        top = new + spare if hard == inf else min(new + spare, hard)
        for limit in ((min(new, top), top), (new, hard)):
            try:
                resource.setrlimit(what, limit)
                break
            except (ValueError, OSError):  # macOS refuses some; the wall-clock deadline holds
                continue


def _job(memory: int, cpu: int) -> None:
    """Windows: put this process in a Job object that limits its memory and processor time
    (JOBOBJECT_EXTENDED_LIMIT_INFORMATION, Microsoft's Win32 API). Untested on Windows here:
    any failure leaves the parent's wall-clock deadline as the only bound."""
    global _JOB
    try:
        import ctypes
        from ctypes import wintypes

        class Basic(ctypes.Structure):
            _fields_ = [
                ("PerProcessUserTimeLimit", ctypes.c_int64),
                ("PerJobUserTimeLimit", ctypes.c_int64),
                ("LimitFlags", wintypes.DWORD),
                ("MinimumWorkingSetSize", ctypes.c_size_t),
                ("MaximumWorkingSetSize", ctypes.c_size_t),
                ("ActiveProcessLimit", wintypes.DWORD),
                ("Affinity", ctypes.c_size_t),
                ("PriorityClass", wintypes.DWORD),
                ("SchedulingClass", wintypes.DWORD),
            ]

        class Extended(ctypes.Structure):
            _fields_ = [
                ("BasicLimitInformation", Basic),
                ("IoInfo", ctypes.c_uint64 * 6),
                ("ProcessMemoryLimit", ctypes.c_size_t),
                ("JobMemoryLimit", ctypes.c_size_t),
                ("PeakProcessMemoryUsed", ctypes.c_size_t),
                ("PeakJobMemoryUsed", ctypes.c_size_t),
            ]

        k32 = ctypes.WinDLL("kernel32", use_last_error=True)
        k32.CreateJobObjectW.restype = wintypes.HANDLE
        k32.CreateJobObjectW.argtypes = [ctypes.c_void_p, wintypes.LPCWSTR]
        k32.SetInformationJobObject.argtypes = [
            wintypes.HANDLE,
            ctypes.c_int,
            ctypes.c_void_p,
            wintypes.DWORD,
        ]
        k32.GetCurrentProcess.restype = wintypes.HANDLE
        k32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
        job = k32.CreateJobObjectW(None, None)
        if not job:
            return
        info = Extended()
        # JOB_OBJECT_LIMIT_PROCESS_TIME | _PROCESS_MEMORY | _KILL_ON_JOB_CLOSE
        info.BasicLimitInformation.LimitFlags = 0x2 | 0x100 | 0x2000
        info.BasicLimitInformation.PerProcessUserTimeLimit = int(cpu * 10_000_000)
        info.ProcessMemoryLimit = memory
        extended = 9  # JobObjectExtendedLimitInformation
        if k32.SetInformationJobObject(job, extended, ctypes.byref(info), ctypes.sizeof(info)):
            k32.AssignProcessToJobObject(job, k32.GetCurrentProcess())
        _JOB = job
    except Exception:  # noqa: BLE001, S110 (no Job object: the wall-clock deadline still holds)
        pass
