"""One identity rule (issue 22, item 3): every id is compared after NFC normalisation and case
folding, and two ids equal under it are an error naming both."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import CRITERIA_3, TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options.model.ids import clashes, identity

COMPOSED = "caf\u00e9"
DECOMPOSED = "cafe\u0301"


@given(st.text(max_size=12))
def test_the_rule_ignores_normalisation_and_case(text):
    for form in ("NFC", "NFD", "NFKC"):
        variant = unicodedata.normalize(form, text)
        if unicodedata.normalize("NFC", variant) == unicodedata.normalize("NFC", text):
            assert identity(variant) == identity(text)
    assert identity(text.upper()) == identity(text.lower()) or text.upper().lower() != text.lower()
    assert clashes([text, unicodedata.normalize("NFD", text).swapcase()]) in (
        [(text, unicodedata.normalize("NFD", text).swapcase())],
        [],
    )


def test_option_ids_differing_only_by_normalisation_clash(tmp_path, run):
    opts = dict(TINY_OPTIONS)
    opts[COMPOSED] = opts.pop("gamma")
    opts[DECOMPOSED] = TINY_OPTIONS["gamma"].replace("number = 3", "number = 4")
    ws = write_workspace(tmp_path / "w", options=opts, weights=TINY_WEIGHTS)
    if len(list((ws / "options").iterdir())) < 4:  # a file system that normalises names
        return
    res = run("validate", "-p", str(ws))
    assert res.exit_code == 1
    assert "clashes with option" in res.stderr and "Unicode normalisation" in res.stderr


def test_criterion_ids_differing_only_by_normalisation_clash(tmp_path, run):
    crit = (
        CRITERIA_3
        + f'\n["criteria"."{COMPOSED}"]\nname = "A"\n["criteria"."{DECOMPOSED}"]\nname = "B"\n'
    )
    ws = write_workspace(tmp_path / "w", crit, TINY_OPTIONS, TINY_WEIGHTS)
    res = run("validate", "-p", str(ws))
    assert res.exit_code == 1 and f"clashes with criterion '{COMPOSED}'" in res.stderr


def test_risk_ids_differing_only_in_case_clash(tmp_path, run):
    register = (
        '\n[[risk_register]]\nid = "R-1"\nrisk = "One"\nlikelihood = 2\nimpact = 2\n'
        '\n[[risk_register]]\nid = "r-1"\nrisk = "Two"\nlikelihood = 2\nimpact = 2\n'
    )
    opts = dict(
        TINY_OPTIONS, alpha=TINY_OPTIONS["alpha"].replace("[scores]", register + "[scores]")
    )
    ws = write_workspace(tmp_path / "w", options=opts, weights=TINY_WEIGHTS)
    res = run("validate", "-p", str(ws))
    assert res.exit_code == 1
    assert "'r-1' is the same id as risk 'R-1'" in res.stderr


def test_stakeholder_ids_differing_only_by_normalisation_clash(tmp_path, run):
    weights = dict(TINY_WEIGHTS)
    weights[COMPOSED] = TINY_WEIGHTS["even"]
    weights[f"sub/{DECOMPOSED.upper()}"] = TINY_WEIGHTS["even"]
    ws = write_workspace(tmp_path / "w", options=TINY_OPTIONS, weights=weights)
    res = run("compare", "-p", str(ws))
    assert res.exit_code == 1 and "same id as" in res.stderr


def test_an_objective_sharing_a_criterions_id_under_the_rule_is_refused(tmp_path):
    """model/tree.py compared objective and criterion ids with plain casefold, so ``café``
    composed and decomposed passed as two ids."""
    import pytest

    from delivery_options.errors import OptionsError
    from delivery_options.model.load import load_workspace

    criteria = (
        CRITERIA_3.replace("[criteria.quality]", f'[criteria."{DECOMPOSED}"]').replace(
            "[criteria.cost]", f'[criteria.cost]\nobjective = "{COMPOSED}"'
        )
        + f'\n[objectives."{COMPOSED}"]\nname = "Value"\n'
    )
    opts = {k: v.replace("quality =", f'"{DECOMPOSED}" =') for k, v in TINY_OPTIONS.items()}
    root = write_workspace(tmp_path / "ws", criteria, opts, TINY_WEIGHTS)
    with pytest.raises(OptionsError) as exc:
        load_workspace(root)
    messages = [p.message for p in exc.value.problems]
    assert any("also a criterion" in m for m in messages), messages


def test_a_stakeholder_is_found_by_its_id_under_the_rule(tmp_path, run):
    """``-w`` found a weights file only by its exact stem: ``Even`` or a decomposed ``café``
    (as some systems spell file names) named nothing."""
    weights = {DECOMPOSED: TINY_WEIGHTS["even"], "even": TINY_WEIGHTS["even"]}
    root = write_workspace(tmp_path / "ws", CRITERIA_3, TINY_OPTIONS, weights)
    for asked in (COMPOSED, "EVEN"):
        res = run("rank", "-p", str(root), "-w", asked)
        assert res.exit_code == 0, res.output


@pytest.mark.parametrize(
    ("stem", "bad"),
    [("CON", True), ("aux", True), ("Lpt9", True), ("nul.backup", True), ("x.", True)]
    + [("x ", True), ("console", False), ("com10", False), ("council", False), ("café", False)],
)
def test_names_windows_cannot_hold_are_refused(stem, bad):
    """Windows device names (any case, any extension) and a trailing dot or space (Microsoft,
    "Naming Files, Paths, and Namespaces")."""
    from delivery_options.model.ids import unportable

    assert (unportable(stem) is not None) is bad


def test_an_option_file_windows_cannot_hold_is_refused(tmp_path):
    """options/aux.toml names a device on Windows: validate names the file."""
    from delivery_options.errors import OptionsError
    from delivery_options.model.load import load_workspace

    root = write_workspace(tmp_path, CRITERIA_3, TINY_OPTIONS, TINY_WEIGHTS)
    first = sorted((root / "options").glob("*.toml"))[0]
    first.rename(root / "options" / "aux.toml")
    with pytest.raises(OptionsError) as exc:
        load_workspace(root)
    assert any(
        p.file == "options/aux.toml" and "device name" in p.message for p in exc.value.problems
    )


@pytest.mark.parametrize(
    "weights, said",
    [
        ("[weights]\nQUALITY = 1\ncost = 1\nspeed = 1\n", "weights.QUALITY: unknown criterion"),
        (
            "[weights]\nquality = 1\ncost = 1\nspeed = 1\n"
            '[[statements]]\nprefer = ["ALPHA", "beta"]\nsource = "x"\n',
            "statement 1, prefer, item 1: unknown option 'ALPHA'",
        ),
    ],
)
def test_a_reference_is_written_as_its_id_is_defined(tmp_path, run, weights, said):
    """docs/format.md: a reference in another case is an error naming the id meant (the
    identity rule keeps two ids from looking alike; it does not let one file read an id two
    ways)."""
    root = write_workspace(tmp_path, CRITERIA_3, TINY_OPTIONS, {"s": f'name = "S"\n{weights}'})
    res = run("validate", "-p", str(root))
    assert res.exit_code == 1
    line = next(x for x in res.stderr.splitlines() if said in x)
    assert "did you mean 'quality'?" in line or "did you mean 'alpha'?" in line
