"""Bad files from people who are not programmers: never a traceback, never lost work."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options.cli import cli


def _invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def _assert_clean(res) -> None:
    """Success, or user errors as 'error:' lines and exit 1; never an exception."""
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"traceback: {res.exception!r}") from res.exception
    assert res.exit_code in (0, 1), (res.exit_code, res.stderr)
    if res.exit_code == 1:
        lines = res.stderr.strip().splitlines()
        assert lines and all(ln.startswith("error: ") or ln.endswith("found.") for ln in lines), (
            res.stderr
        )
        assert "Traceback" not in res.stderr


def _valid(root: Path, n_crit: int, n_opt: int) -> Path:
    crit = "\n".join(
        f'[criteria.c{j}]\nname = "C{j}"\n' + ('direction = "cost"\n' if j % 2 else "")
        for j in range(n_crit)
    )
    opts = {
        f"o{i}": f'name = "O{i}"\nnumber = {i}\n[scores]\n'
        + "\n".join(
            f"c{j} = {{ value = {(17 * i + 31 * j) % 90 + 5}, low = 0, high = 100 }}"
            for j in range(n_crit)
        )
        for i in range(n_opt)
    }
    weights = {"s": 'name = "S"\n[weights]\n' + "\n".join(f"c{j} = {j + 1}" for j in range(n_crit))}
    return write_workspace(root, f'[appraisal]\ntitle = "Fuzz"\n{crit}', opts, weights)


JUNK = st.sampled_from(
    [
        '"text"',
        "true",
        "nan",
        "inf",
        "-inf",
        "-5",
        "1e400",
        "[]",
        "{}",
        "[1, 2, 3]",
        '""',
        "{ value = 5, low = 9 }",
        "{ low = 1 }",
        "2099-01-01",
        "0x10",
        "'''",
        "[[x]]",
    ]
)


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),  # FUZZ_EXAMPLES=1000 for a deeper run
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    n_crit=st.integers(1, 3),
    n_opt=st.integers(2, 4),
    target=st.sampled_from(
        ["criteria.toml", "options/o0.toml", "options/o1.toml", "weights/s.toml"]
    ),
    how=st.sampled_from(["none", "replace-value", "truncate", "bytes", "delete", "append"]),
    junk=JUNK,
    cut=st.integers(0, 400),
    blob=st.binary(min_size=1, max_size=40),
)
def test_fuzzed_workspaces_never_crash(
    tmp_path_factory, n_crit, n_opt, target, how, junk, cut, blob
):
    ws = _valid(tmp_path_factory.mktemp("fuzz"), n_crit, n_opt)
    path = ws / target
    text = path.read_text()
    if how == "replace-value":
        lines = [ln for ln in text.splitlines() if " = " in ln]
        victim = lines[cut % len(lines)]
        path.write_text(text.replace(victim, victim.split(" = ")[0] + " = " + junk, 1))
    elif how == "truncate":
        path.write_text(text[: cut % (len(text) + 1)])
    elif how == "bytes":
        raw = text.encode()
        k = cut % (len(raw) + 1)
        path.write_bytes(raw[:k] + blob + raw[k:])
    elif how == "delete":
        path.unlink()
    elif how == "append":
        path.write_text(text + f"\nextra = {junk}\n")
    for args in (
        ["validate"],
        ["rank", "-w", "s"],
        ["compare"],
        ["check"],
        ["sensitivity", "-w", "s"],
    ):
        _assert_clean(_invoke(*args, "-p", str(ws)))


def test_other_encodings_are_named(tiny):
    (tiny / "options" / "beta.toml").write_bytes(TINY_OPTIONS["beta"].encode("utf-16"))
    res = _invoke("rank", "-p", str(tiny), "-w", "even")
    assert res.exit_code == 1
    assert "options/beta.toml: is not UTF-8 text" in res.stderr


def test_very_long_text_is_fine(tiny):
    """Long text is fine up to the bounds (a name of 500 characters, a text field of 50,000);
    beyond them it is one line naming the file and field, not a paper that takes hours."""
    from delivery_options.model.toml import MAX_NAME, MAX_TEXT

    for name, ok in (("x" * MAX_NAME, True), ("x" * 1_000_000, False)):
        text = TINY_OPTIONS["alpha"].replace('name = "Alpha"', f'name = "{name}"')
        text = text.replace(
            "quality = 80", f'quality = {{ value = 80, rationale = "{"y" * MAX_TEXT}" }}'
        )
        (tiny / "options" / "alpha.toml").write_text(text)
        res = _invoke("rank", "-p", str(tiny), "-w", "even", "-f", "json")
        if ok:
            assert res.exit_code == 0 and name in res.stdout
        else:
            assert res.exit_code == 1 and res.stdout == ""
            assert res.stderr.startswith("error: options/alpha.toml: name: is 1,000,000 characters")


def test_weights_ids_clashing_after_case_folding(tiny):
    (tiny / "weights" / "sub").mkdir()
    (tiny / "weights" / "sub" / "EVEN.toml").write_text(TINY_WEIGHTS["even"])
    res = _invoke("compare", "-p", str(tiny))
    assert res.exit_code == 1 and "same id as" in res.stderr


def test_criteria_ids_clashing_after_case_folding(tiny):
    text = (tiny / "criteria.toml").read_text() + '\n[criteria.Speed]\nname = "Speed again"\n'
    (tiny / "criteria.toml").write_text(text)
    res = _invoke("validate", "-p", str(tiny))
    assert res.exit_code == 1 and "clashes with criterion 'speed'" in res.stderr


def test_symlinks(tiny, tmp_path):
    outside = tmp_path / "kept-elsewhere.toml"
    outside.write_text(TINY_OPTIONS["gamma"])
    (tiny / "options" / "gamma.toml").unlink()
    (tiny / "options" / "gamma.toml").symlink_to(outside)
    res = _invoke("rank", "-p", str(tiny), "-w", "even")  # a closed box: never read
    assert res.exit_code == 1 and "options/gamma.toml: leads outside the workspace" in res.stderr
    (tiny / "options" / "gamma.toml").unlink()
    shutil.copy(outside, tiny / "options" / "gamma.toml")
    (tiny / "options" / "ghost.toml").symlink_to(tmp_path / "missing.toml")
    res = _invoke("rank", "-p", str(tiny), "-w", "even")
    assert res.exit_code == 1 and "options/ghost.toml: leads outside the workspace" in res.stderr
    (tiny / "options" / "ghost.toml").unlink()
    (tiny / "options" / "loop.toml").symlink_to(tiny / "options" / "loop.toml")
    _assert_clean(_invoke("rank", "-p", str(tiny), "-w", "even"))


def test_folder_or_pipe_in_place_of_a_file(tiny):
    (tiny / "options" / "odd.toml").mkdir()
    res = _invoke("rank", "-p", str(tiny), "-w", "even")
    assert res.exit_code == 1 and "options/odd.toml: is a folder" in res.stderr
    (tiny / "options" / "odd.toml").rmdir()
    os.mkfifo(tiny / "options" / "pipe.toml")  # reading it would block for ever
    res = _invoke("rank", "-p", str(tiny), "-w", "even")
    assert res.exit_code == 1 and "is not a regular file" in res.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tiny):
    path = tiny / "options" / "alpha.toml"
    path.chmod(0)
    res = _invoke("rank", "-p", str(tiny), "-w", "even")
    assert res.exit_code == 1 and "options/alpha.toml: cannot be read" in res.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_no_command_writes_outside_the_paths_it_was_given(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "examples" / "kirklees", ws)
    before = _tree(tmp_path)
    for args in (
        ["validate"],
        ["rank", "-w", "commissioner"],
        ["compare"],
        ["check"],
        ["sensitivity", "-w", "council"],
        ["smaa", "-n", "500"],
    ):
        assert _invoke(*args, "-p", str(ws)).exit_code == 0
    assert _tree(tmp_path) == before
    out = tmp_path / "elsewhere" / "paper"
    out.parent.mkdir()
    assert (
        _invoke(
            "report", "-p", str(ws), "-w", "council", "-o", str(out), "-f", "html,md", "-n", "500"
        ).exit_code
        == 0
    )
    after = _tree(tmp_path)
    assert set(after) - set(before) == {"elsewhere/paper.html", "elsewhere/paper.md"}
    assert all(after[k] == v for k, v in before.items())


def test_a_full_or_closed_standard_output_is_one_line(tmp_path):
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "delivery_options", "rank", "-p", str(ROOT), "-w", "commissioner"]
    with open("/dev/full", "w") as full:
        res = subprocess.run(cmd, stdout=full, stderr=subprocess.PIPE, text=True)
    assert res.returncode == 1
    assert res.stderr == "error: could not write the output (No space left on device)\n"
    res = subprocess.run(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: __import__("os").close(1),
    )
    assert res.returncode == 1 and res.stderr.startswith("error: standard output is closed")


def test_errors_exit_non_zero_from_the_installed_command(tmp_path):
    """Through main(), as a shell runs it (the in-process runner bypasses main)."""
    import subprocess
    import sys

    def rc(*args: str) -> int:
        cmd = [sys.executable, "-m", "delivery_options", *args]
        return subprocess.run(cmd, capture_output=True, cwd=ROOT).returncode

    assert rc("rank", "-w", "comissioner") == 1
    assert rc("validate", "-p", str(tmp_path / "none")) == 1
    assert rc("init", str(ROOT)) == 1  # already a workspace
    assert rc("check", "--strict") == 1  # Sandwell has findings
    assert rc("rank", "-w", "commissioner", "-f", "json") == 0
    assert rc("nosuch") == 2  # click's own usage errors
