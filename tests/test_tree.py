"""Value trees: objectives above the criteria (Keeney 1992; Belton and Stewart 2002, ch. 3).

Every expected figure here is worked by hand in the comment beside it."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import CRITERIA_3, TINY_OPTIONS, write_workspace
from delivery_options.errors import OptionsError
from delivery_options.model.load import load_workspace
from delivery_options.model.tree import ROOT

# Two levels: "benefits" holds quality and speed; cost hangs from the root. Listed in the file
# as quality, cost, speed, so the depth-first order (objectives first) moves cost last.
TREE_3 = (
    CRITERIA_3.replace(
        '[criteria.quality]\nname = "Quality"',
        '[criteria.quality]\nname = "Quality"\nobjective = "benefits"',
    ).replace(
        '[criteria.speed]\nname = "Speed"',
        '[criteria.speed]\nname = "Speed"\nobjective = "benefits"',
    )
    + '\n[objectives.benefits]\nname = "Benefits"\ndescription = "What the service gains"\n'
)


def tree_ws(tmp_path, criteria=TREE_3, weights=None):
    return write_workspace(tmp_path / "ws", criteria, TINY_OPTIONS, weights or {})


def test_a_tree_loads_in_depth_first_order(tmp_path):
    ws = load_workspace(tree_ws(tmp_path))
    t = ws.tree
    assert not t.flat
    assert t.objective_ids == ("benefits",)
    assert ws.criterion_ids == ("quality", "speed", "cost") == t.criteria
    assert t.children[ROOT] == ("benefits", "cost")
    assert t.leaves("benefits") == ("quality", "speed")
    assert t.path("speed") == ("benefits",) and t.path("cost") == ()
    assert t.objective("benefits").description == "What the service gains"


def test_a_flat_list_is_a_flat_tree_in_file_order(tmp_path):
    ws = load_workspace(tree_ws(tmp_path, CRITERIA_3))
    assert ws.tree.flat and ws.criterion_ids == ("quality", "cost", "speed") == ws.tree.criteria
    assert ws.tree.children[ROOT] == ws.criterion_ids


DEEP = """
[appraisal]
title = "Deep"
[objectives.top]
name = "Top"
[objectives.mid]
name = "Mid"
parent = "top"
[criteria.a]
name = "A"
objective = "mid"
[criteria.b]
name = "B"
objective = "top"
[criteria.c]
name = "C"
"""


def test_global_weight_is_the_product_down_the_path(tmp_path):
    opts = {k: f'name = "{k}"\n[scores]\na = 1\nb = 2\nc = 3\n' for k in ("x", "y")}
    t = load_workspace(write_workspace(tmp_path / "d", DEEP, opts)).tree
    assert t.criteria == ("a", "b", "c") and t.path("a") == ("top", "mid")
    # by hand: top 0.6 (c 0.4); under top: mid 0.5, b 0.5; under mid: a alone, 1
    local = {"top": 0.6, "c": 0.4, "mid": 0.5, "b": 0.5, "a": 1.0}
    g = t.global_weights(local)
    assert g == pytest.approx({"a": 0.3, "b": 0.3, "c": 0.4})
    w = np.array([g[c] for c in t.criteria])
    assert t.node_weight(w, "top") == pytest.approx(0.6)
    assert t.node_weight(w, "mid") == pytest.approx(0.3)
    assert t.local_weights(w) == pytest.approx(local)


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [
        (('parent = "top"', 'parent = "tpo"'), "objectives.mid.parent", "unknown objective 'tpo'"),
        (('parent = "top"', 'parent = "a"'), "objectives.mid.parent", "is a criterion"),
        (('name = "Top"', 'name = "Top"\nparent = "mid"'), "objectives.", "makes a cycle"),
        (('objective = "mid"', 'objective = "mdi"'), "criteria.a.objective", "unknown objective"),
        (
            ("[criteria.c]", '[objectives.c]\nname = "C"\n[criteria.c]'),
            "objectives.c",
            "also a criterion",
        ),
        (('objective = "top"', ""), "", ""),  # still fine: top holds mid, which holds a
        (('objective = "mid"', ""), "objectives.mid", "holds no criterion"),
        (('name = "Mid"', 'name = "Mid"\nweight = 2'), "objectives.mid.weight", "unknown field"),
    ],
)
def test_tree_errors_name_the_file_and_field(tmp_path, edit, field, words):
    opts = {k: f'name = "{k}"\n[scores]\na = 1\nb = 2\nc = 3\n' for k in ("x", "y")}
    root = write_workspace(tmp_path / "d", DEEP.replace(*edit), opts)
    if not field:
        load_workspace(root)
        return
    with pytest.raises(OptionsError) as exc:
        load_workspace(root)
    p = exc.value.problems[0]
    assert p.file == "criteria.toml" and p.field.startswith(field) and words in p.message
