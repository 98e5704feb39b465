"""`options --help` and `options rank` import nothing heavy (measured in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

HEAVY = (
    "pulp",
    "matplotlib",
    "weasyprint",
    "jinja2",
    "pandas",
    "highspy",
    "scipy",
    "flask",
    "werkzeug",
)


def _modules_after(*args: str, full: bool = False) -> set[str]:
    name = "m" if full else "m.split('.')[0]"
    code = (
        "import sys, json\n"
        "from delivery_options.cli import cli\n"
        f"try:\n    cli({list(args)!r}, prog_name='options')\nexcept SystemExit:\n    pass\n"
        f"print(json.dumps(sorted({name} for m in sys.modules)), file=sys.stderr)\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(res.stderr.strip().splitlines()[-1]))


def test_help_imports_nothing_heavy():
    mods = _modules_after("--help")
    assert not mods & set(HEAVY), mods & set(HEAVY)
    assert "numpy" not in mods


def test_rank_with_typed_weights_imports_nothing_heavy(tiny):
    mods = _modules_after("rank", "-p", str(tiny), "--weights", "even")
    assert not mods & set(HEAVY), mods & set(HEAVY)


def test_inferred_weights_need_only_highs():
    # Sandwell's weights are inferred from statements: two small LPs (the margin and the
    # Chebyshev centre), solved in HiGHS directly; PuLP is for CBC and is not imported
    mods = _modules_after("rank", "--weights", "commissioner.toml")
    assert mods & set(HEAVY) == {"highspy"}, mods & set(HEAVY)


def test_rank_loads_no_module_only_other_commands_use():
    # The frozen fixture has requirements and risk registers: rank needs the screen's verdict,
    # not the screen's or the registers' tables, nor the fallback TOML parser.
    typed = ROOT / "tests" / "fixtures" / "typed"
    mods = _modules_after("rank", "-p", str(typed), "--weights", "commissioner", full=True)
    assert "delivery_options.methods.screening" in mods  # the short list is still screened
    unused = {
        "delivery_options.results.screen",
        "delivery_options.methods.risks",
        "delivery_options.model.statements",
        "tomllib",
    }
    assert not mods & unused, mods & unused


def _blas_threads_after_rank(env: dict[str, str]) -> str:
    code = (
        "import os, sys\n"
        "from delivery_options.cli import cli\n"
        "try:\n    cli(['rank', '-w', 'commissioner', '-f', 'json'], prog_name='options')\n"
        "except SystemExit:\n    pass\n"
        "import ctypes, numpy\n"
        "got = os.environ.get('OPENBLAS_NUM_THREADS')\n"
        "try:  # the threads numpy's own OpenBLAS runs (Linux wheels), where it can be asked\n"
        "    lib = [x.split()[-1] for x in open('/proc/self/maps') if 'openblas' in x][0]\n"
        "    got = ctypes.CDLL(lib).scipy_openblas_get_num_threads64_()\n"
        "except (OSError, IndexError, AttributeError):\n"
        "    pass\n"
        "print(got, file=sys.stderr)\n"
    )
    base = {k: v for k, v in __import__("os").environ.items() if k != "OPENBLAS_NUM_THREADS"}
    res = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**base, **env},
    )
    return res.stderr.strip().splitlines()[-1]


def test_blas_runs_on_one_thread_unless_the_user_says():
    """The command line's numpy is loaded with OPENBLAS_NUM_THREADS=1 (its spinning workers
    cost several times the work on a busy machine), and a user's own setting is kept."""
    assert _blas_threads_after_rank({}) == "1"
    assert _blas_threads_after_rank({"OPENBLAS_NUM_THREADS": "2"}) == "2"
