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


def test_inferred_weights_need_only_the_lp_layer():
    # Sandwell's weights are inferred from statements: one LP (PuLP, HiGHS), nothing else heavy
    mods = _modules_after("rank", "--weights", "commissioner.toml")
    assert mods & set(HEAVY) <= {"pulp", "highspy"}, mods & set(HEAVY)


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
