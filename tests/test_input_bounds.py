"""Derived sizes of a stranger's input are bounded before the work they cost (adversary 6,
findings 5, 7, 15 and 16): TOML values per file, statement rows per file, near-tie margins, and
the shared-phrase search."""

from __future__ import annotations

from pathlib import Path

from delivery_options.model.toml import MAX_TOML, MAX_VALUES


def _one_line(res) -> str:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.stderr, res.stderr
    lines = [x for x in res.stderr.strip().splitlines() if x.startswith("error:")]
    assert len(lines) == 1, res.stderr
    return lines[0]


# --- finding 15: TOML values counted before parsing -------------------------------------------


def test_many_values_are_refused_before_parsing(tiny: Path, run) -> None:
    """Adversary 6's file at a scale a test can hold: one more ``{},`` than the bound allows
    (each counts two: ``{`` and ``,``) is refused in one line naming the file, unparsed."""
    n = MAX_VALUES // 2 + 1
    (tiny / "options" / "zeta.toml").write_text('name = "Z"\nx = [' + "{}," * n + "]\n")
    line = _one_line(run("validate", "-p", str(tiny)))
    assert line.startswith("error: options/zeta.toml: holds 500,005 of the characters")
    assert f"at most {MAX_VALUES:,}" in line


def test_values_at_the_bound_are_parsed(tiny: Path, run) -> None:
    """Just under the bound the file is parsed, and refused for what it says (an unknown field),
    not for its size."""
    n = (MAX_VALUES - 10) // 2
    (tiny / "options" / "zeta.toml").write_text('name = "Z"\nx = [' + "{}," * n + "]\n")
    res = run("validate", "-p", str(tiny))
    assert res.exit_code == 1 and "x: unknown field" in res.stderr
    assert "holds" not in res.stderr


def test_a_file_past_the_size_cap_is_refused(tiny: Path, run) -> None:
    """A TOML file larger than MAX_TOML (8 MB) is refused unread, naming the file."""
    text = 'name = "Z"\nrationale = "' + "a" * MAX_TOML + '"\n'
    (tiny / "weights" / "big.toml").write_text(text)
    line = _one_line(run("validate", "-p", str(tiny)))
    assert line == "error: weights/big.toml: is larger than 8 MB"
