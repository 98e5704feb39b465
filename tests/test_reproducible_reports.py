"""`make demo` on a fresh clone leaves `git status` clean: the committed reports/ are exactly what
the demo's two `options report` commands write with the locked versions (requirements.lock).

Run under other versions (`make test-latest`, another Python), the audit annex names those
versions, so the comparison is skipped with the reason; under the locked ones every byte counts.
"""

from __future__ import annotations

import platform
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("html", "pdf", "md", "docx")
#: the demo's reports, as the Makefile writes them: (report arguments, committed stem)
DEMO = (
    ((), "commissioner"),
    (("--kind", "submission"), "commissioner-submission"),
)


def _locked() -> dict[str, str]:
    pins = re.findall(
        r"^([A-Za-z0-9_.-]+)==([^ ;\\\n]+)", (ROOT / "requirements.lock").read_text(), re.M
    )
    return {name.lower().replace("_", "-"): version for name, version in pins}


def _off_lock() -> list[str]:
    """The installed distributions whose versions differ from the lock (the paper's audit names
    numpy, PuLP, highspy, Jinja2, matplotlib, WeasyPrint, python-docx and Python)."""
    locked, off = _locked(), []
    for name in ("numpy", "pulp", "highspy", "jinja2", "matplotlib", "weasyprint", "python-docx"):
        if metadata.version(name) != locked.get(name):
            off.append(f"{name} {metadata.version(name)} (locked {locked.get(name)})")
    return off


def _committed_python() -> str:
    audit = (ROOT / "reports" / "commissioner.md").read_text(encoding="utf-8")
    found = re.search(r"Python (\d+\.\d+\.\d+)", audit)
    return found.group(1) if found else ""


@pytest.mark.parametrize(("args", "stem"), DEMO, ids=[stem for _, stem in DEMO])
def test_demo_reports_are_the_committed_bytes(tmp_path, args, stem):
    off = _off_lock()
    if off:
        pytest.skip("installed versions are not the locked ones: " + "; ".join(off))
    if platform.python_version() != _committed_python():
        pytest.skip(
            f"Python {platform.python_version()}; reports/ was made with {_committed_python()}"
        )
    out = tmp_path / stem
    done = subprocess.run(
        [sys.executable, "-m", "delivery_options", "report", "-p", str(ROOT)]
        + ["--weights", "commissioner.toml", *args, "-f", ",".join(FORMATS), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    stale = [
        f"reports/{stem}.{ext}"
        for ext in FORMATS
        if (tmp_path / f"{stem}.{ext}").read_bytes()
        != (ROOT / "reports" / f"{stem}.{ext}").read_bytes()
    ]
    assert not stale, f"regenerate with `make demo` and commit: {', '.join(stale)}"
