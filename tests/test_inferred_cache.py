"""The cache of inferred weights (delivery_options/cache.py): a second `options rank` with
weights inferred from statements gives the same bytes without loading HiGHS or PuLP; a damaged,
foreign or stale entry is never used; the cache can be turned off."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT

CODE = (
    "import sys, json\n"
    "from delivery_options.cli import cli\n"
    "try:\n    cli(ARGS, prog_name='options')\nexcept SystemExit:\n    pass\n"
    "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
)


def _rank(cache, *extra: str, xdg=None) -> tuple[str, set[str]]:
    """`options rank --weights commissioner.toml -f json` on Sandwell (weights inferred from
    statements) in a fresh interpreter, OPTIONS_CACHE set to ``cache`` (None: unset): its
    output and the modules it loaded (full names, and their top-level packages)."""
    args = ["rank", "--weights", "commissioner.toml", "-f", "json", *extra]
    env = {k: v for k, v in os.environ.items() if k not in ("OPTIONS_CACHE", "XDG_CACHE_HOME")}
    if cache is not None:
        env["OPTIONS_CACHE"] = str(cache)
    if xdg is not None:
        env["XDG_CACHE_HOME"] = str(xdg)
    res = subprocess.run(
        [sys.executable, "-c", CODE.replace("ARGS", repr(args))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert res.stdout.startswith("{"), res.stderr
    full = json.loads(res.stderr.strip().splitlines()[-1])
    return res.stdout, {*full, *(m.split(".")[0] for m in full)}


@pytest.fixture(scope="module")
def solved():
    """The answer with the cache off: the LPs solved."""
    out, mods = _rank("off")
    assert "highspy" in mods and "pulp" not in mods
    return out


def test_a_kept_centre_gives_the_same_bytes_without_the_solver(tmp_path, solved):
    first, mods = _rank(tmp_path)
    assert first == solved and "highspy" in mods
    (entry,) = tmp_path.glob("*.txt")
    again, mods = _rank(tmp_path)
    assert again == solved
    assert "highspy" not in mods and "pulp" not in mods
    assert "delivery_options.methods.ror" not in mods  # the LPs' module: only the set's
    # the weights kept exactly: the inferred weights in the answer are the entry's numbers
    kept = [float.fromhex(x) for x in entry.read_text().split()]
    shown = json.loads(solved)["weights"]
    assert np.allclose(kept, list(shown.values()), atol=1e-6) and len(kept) == len(shown)


@pytest.mark.parametrize(
    "damage",
    [
        "not a number",
        "",
        "0x1p-1",
        "\n".join([(1.0).hex()] + [(0.0).hex()] * 6),  # a corner: breaks statements
        "\n".join(["nan"] * 7),
        "0x1p-3 " * 100_000,
    ],
)
def test_a_damaged_entry_is_not_used(tmp_path, solved, damage):
    """An entry that is not seven finite numbers, or whose weights break the statements (all on
    one criterion), is ignored: the LPs run, the answer is the solved one, the entry rewritten."""
    _rank(tmp_path)
    (entry,) = tmp_path.glob("*.txt")
    good = entry.read_text()
    entry.write_text(damage)
    out, mods = _rank(tmp_path)
    assert out == solved and "highspy" in mods
    assert entry.read_text() == good


def test_another_solver_or_statement_is_another_entry():
    """The key holds the solver asked for and the statements' rows: CBC's centre is kept apart
    from HiGHS's, and another stakeholder's statements do not reuse the commissioner's."""
    from delivery_options import cache
    from delivery_options.appraisal import Appraisal
    from delivery_options.methods.ror import compatible_set

    app = Appraisal.open(ROOT)
    dm = app.long_matrix
    keys = []
    for who, solver in (("commissioner", "auto"), ("commissioner", "cbc"), ("council", "auto")):
        st = app._raw(who)
        W = app._weight_set_of(st, dm.criteria)
        C = compatible_set(dm.values, dm.options, W, [s for s in st.statements if s.use])
        keys.append(cache.key(C, solver))
        assert cache.key(C, solver) == keys[-1]  # the same inputs, the same key
    assert len(set(keys)) == 3


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CACHE_HOME is Linux's")
def test_kept_in_the_users_cache_folder_unless_off(tmp_path, solved):
    out, _ = _rank("off", xdg=tmp_path)
    assert out == solved and not list(tmp_path.iterdir())
    out, _ = _rank(None, xdg=tmp_path)
    assert out == solved and len(list((tmp_path / "delivery-options").glob("*.txt"))) == 1


def test_the_folder_where_users_expect_caches(monkeypatch, tmp_path):
    from delivery_options import cache

    monkeypatch.delenv("OPTIONS_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert cache.folder() == tmp_path / "delivery-options"
    monkeypatch.setenv("OPTIONS_CACHE", "OFF")
    assert cache.folder() is None
    monkeypatch.setenv("OPTIONS_CACHE", str(tmp_path / "mine"))
    assert cache.folder() == tmp_path / "mine"
