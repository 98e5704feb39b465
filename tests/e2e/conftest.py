"""The installed ``options`` command, run as a user runs it.

Once per test session the package is built as a wheel (not an editable install), a fresh virtual
environment is made in a temporary folder, the locked versions are installed into it
(``pip install --require-hashes -r requirements.lock`` when the repository has that file; else the
wheel's own dependencies), then the wheel itself (``--no-deps``). Every test runs that
environment's real ``options`` executable in a subprocess and reads its real pipes, with no
``PYTHONPATH``, so nothing of the source tree is imported.

Environment variables:

``OPTIONS_E2E_COMMAND=/path/to/options``
    Test this already-installed command instead of building one (CI points it at the command
    that ``pipx install .`` made).
``OPTIONS_E2E_LATEST=1``
    Install the wheel with the newest release of every dependency (no lock, ``--upgrade``), as
    ``make test-latest`` does, so that a new upstream release is met here first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TYPED = ROOT / "tests" / "fixtures" / "typed"
LOCK = ROOT / "requirements.lock"
#: Environment variables that would make the installed command import something else.
FOREIGN = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV")


def _pip(python: Path, *args: str) -> None:
    out = subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", "-q", *args],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if out.returncode != 0:
        pytest.fail(f"pip {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}", pytrace=False)


def _setuptools_builds_here() -> bool:
    """Whether the running interpreter's setuptools is new enough for pyproject.toml (an SPDX
    ``license`` string needs setuptools 77): then the wheel is built without isolation."""
    try:
        from importlib.metadata import version

        return int(version("setuptools").split(".")[0]) >= 77
    except Exception:
        return False


def _build_wheel(work: Path) -> Path:
    """A wheel of the package, built from a copy of the sources (the tree is left untouched)."""
    src = work / "source"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "src",
        src / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    dist = work / "dist"
    isolation = ["--no-build-isolation"] if _setuptools_builds_here() else []
    _pip(Path(sys.executable), "wheel", "--no-deps", *isolation, "-w", str(dist), str(src))
    (wheel,) = dist.glob("*.whl")
    return wheel


def _install(work: Path) -> tuple[Path, Path]:
    """A fresh environment holding the wheel; returns its ``options`` and its interpreter."""
    wheel = _build_wheel(work)
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / ("python.exe" if os.name == "nt" else "python")
    if os.environ.get("OPTIONS_E2E_LATEST"):
        _pip(python, "install", "--upgrade", "--upgrade-strategy", "eager", str(wheel))
    else:
        if LOCK.exists():
            _pip(python, "install", "--require-hashes", "-r", str(LOCK))
            _pip(python, "install", "--no-deps", str(wheel))
        else:
            _pip(python, "install", str(wheel))
    return scripts / ("options.exe" if os.name == "nt" else "options"), python


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int
    out: str
    err: str

    def __str__(self) -> str:  # what an assertion message shows
        return f"options {' '.join(self.args)} -> {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}"


class Options:
    """The installed command: ``run`` starts it in a subprocess; ``cached`` runs each distinct
    command line once per session, so that several tests can assert on one output."""

    def __init__(self, command: Path, python: Path | None = None):
        self.command = command
        self.python = python  # the environment's interpreter, when this session made it
        self._cache: dict[tuple, Run] = {}
        self._lock = threading.Lock()

    def env(self, **extra: str | None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in FOREIGN}
        env.update({"COLUMNS": "80", "PYTHONIOENCODING": "utf-8"})
        for key, value in extra.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def argv(self, simulated: bool = False) -> list[str]:
        """How to start the command. pipx writes scripts whose interpreter ignores every PYTHON*
        variable (``#!.../python -E``), so a missing library simulated on PYTHONPATH would not
        reach it: then the same installed package is started through that interpreter."""
        if simulated and self.command.is_file():
            first = self.command.read_bytes()[:1024].split(b"\n", 1)[0]
            if first.startswith(b"#!") and b" -E" in first:
                return [first[2:].split()[0].decode(), "-m", "delivery_options"]
        return [str(self.command)]

    def run(
        self,
        *args: str,
        cwd: Path = ROOT,
        stdin: str | None = None,
        timeout: float = 300,
        **env: str | None,
    ) -> Run:
        out = subprocess.run(
            [*self.argv(simulated="PYTHONPATH" in env), *args],
            cwd=cwd,
            input=stdin if stdin is not None else "",
            capture_output=True,
            timeout=timeout,
            env=self.env(**env),
        )
        return Run(
            tuple(args),
            out.returncode,
            out.stdout.decode("utf-8"),
            out.stderr.decode("utf-8"),
        )

    def cached(self, *args: str, cwd: Path = ROOT) -> Run:
        key = (str(cwd), args)
        with self._lock:
            found = self._cache.get(key)
        if found is None:
            found = self.run(*args, cwd=cwd)
            with self._lock:
                self._cache.setdefault(key, found)
        return found


@pytest.fixture(scope="session")
def options(tmp_path_factory: pytest.TempPathFactory) -> Options:
    given = os.environ.get("OPTIONS_E2E_COMMAND")
    if given:
        command = Path(given)
        if not command.exists():
            found = shutil.which(given)
            if found is None:
                pytest.fail(f"OPTIONS_E2E_COMMAND={given} does not exist", pytrace=False)
            command = Path(found)
        return Options(command)
    return Options(*_install(tmp_path_factory.mktemp("e2e-install")))


@pytest.fixture(scope="session")
def workspaces(options: Options, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled Sandwell case, the frozen typed-weights copy and a fresh ``options init``,
    each copied into a temporary folder so that nothing a command writes lands in the tree."""
    base = tmp_path_factory.mktemp("e2e-workspaces")
    found = {}
    for name, source in (("sandwell", ROOT), ("typed", TYPED)):
        target = base / name
        target.mkdir()
        shutil.copy2(source / "criteria.toml", target / "criteria.toml")
        for folder in ("options", "weights"):
            shutil.copytree(source / folder, target / folder)
        found[name] = target
    made = options.run("init", "fresh", cwd=base)
    assert made.code == 0 and made.err == "", made
    assert made.out.startswith("created fresh with 3 options and 3 criteria\n"), made
    assert all(len(line) <= 80 for line in made.out.splitlines()), made
    found["fresh"] = base / "fresh"
    return found


#: The stakeholder each workspace's one-stakeholder commands are run for.
STAKEHOLDER = {"sandwell": "dfe", "typed": "commissioner", "fresh": "example"}
#: The commands that write tables, each with its arguments (``{w}``: the stakeholder).
TABLE_COMMANDS: dict[str, tuple[str, ...]] = {
    "validate": ("validate",),
    "screen": ("screen",),
    "risks": ("risks",),
    "rank": ("rank", "-w", "{w}"),
    "compare": ("compare",),
    "sensitivity": ("sensitivity", "-w", "{w}"),
    "smaa": ("smaa", "-n", "2000"),
    "smaa-w": ("smaa", "-w", "{w}", "-n", "2000"),
    "smaa-hull": ("smaa", "--hull", "-n", "2000"),
    "infer": ("infer", "-w", "{w}"),
    "check": ("check",),
    "value": ("value", "-w", "{w}"),
}
FORMATS = ("text", "md", "csv", "json")


def command_line(workspace: str, command: str) -> tuple[str, ...]:
    return tuple(a.format(w=STAKEHOLDER[workspace]) for a in TABLE_COMMANDS[command])


@pytest.fixture(scope="session")
def table_run(
    request: pytest.FixtureRequest, options: Options, workspaces: dict[str, Path]
) -> Callable[..., Run]:
    """``table_run(workspace, command, fmt, *more)``: that command's output, run once a session.
    The runs the selected tests will ask for are made first, a few at a time."""
    from concurrent.futures import ThreadPoolExecutor

    def key(workspace: str, command: str, fmt: str, *more: str) -> tuple[tuple[str, ...], Path]:
        return (*command_line(workspace, command), "-f", fmt, *more), workspaces[workspace]

    wanted = {
        key(p["workspace"], p["command"], p["fmt"])
        for item in request.session.items
        if (p := getattr(getattr(item, "callspec", None), "params", None))
        and {"workspace", "command", "fmt"} <= set(p)
    }
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        list(pool.map(lambda k: options.cached(*k[0], cwd=k[1]), sorted(wanted)))

    def _run(workspace: str, command: str, fmt: str, *more: str) -> Run:
        args, cwd = key(workspace, command, fmt, *more)
        return options.cached(*args, cwd=cwd)

    return _run


#: The papers written in every run: (workspace, kind).
PAPERS = [(w, k) for w in ("sandwell", "typed", "fresh") for k in ("paper", "submission")]


@pytest.fixture(scope="session")
def papers(
    options: Options, workspaces: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], tuple[Run, Path]]:
    """Each workspace's paper and submission in HTML, PDF, Markdown and Word, written once a
    session (three at a time: each run is mostly one process's own work)."""
    from concurrent.futures import ThreadPoolExecutor

    out = tmp_path_factory.mktemp("e2e-papers")

    def write(key: tuple[str, str]) -> tuple[Run, Path]:
        workspace, kind = key
        stem = out / f"{workspace}-{kind}"
        run = options.run(
            "report",
            "-w",
            STAKEHOLDER_FOR_PAPER[workspace],
            "--kind",
            kind,
            "-f",
            "html,pdf,md,docx",
            "-o",
            str(stem),
            cwd=workspaces[workspace],
        )
        return run, stem

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(PAPERS, pool.map(write, PAPERS), strict=True))


STAKEHOLDER_FOR_PAPER = {"sandwell": "commissioner", "typed": "commissioner", "fresh": "example"}
