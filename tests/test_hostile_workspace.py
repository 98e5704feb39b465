"""A workspace from a stranger: any text in names and ids, through every command's outputs.

Random text in option, criterion and stakeholder names (and criterion ids, which TOML allows to
be any quoted key) must never change the structure of the terminal, Markdown or CSV output, and
never reach the terminal as a control sequence."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_workspace
from delivery_options.model.toml import toml_string
from present_helpers import hostile_text

names = hostile_text.filter(lambda t: t.strip() and "\x00" not in t)


def _workspace(root, crit_ids, crit_names, opt_names, st_name):
    crit = '[appraisal]\ntitle = "Hostile"\n'
    for cid, name in zip(crit_ids, crit_names, strict=True):
        crit += f"[criteria.{toml_string(cid)}]\nname = {toml_string(name)}\n"
    options = {}
    for i, name in enumerate(opt_names):
        scores = "\n".join(
            f"{toml_string(c)} = {10 * (i + j) % 100}" for j, c in enumerate(crit_ids)
        )
        options[f"o{i}"] = f"name = {toml_string(name)}\nnumber = {i + 1}\n[scores]\n{scores}\n"
    weights = "\n".join(f"{toml_string(c)} = 1" for c in crit_ids)
    who = {"w": f"name = {toml_string(st_name)}\n[weights]\n{weights}\n"}
    return write_workspace(root, crit, options, who)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    crit_ids=st.lists(names, min_size=2, max_size=3, unique_by=str.casefold),
    data=st.data(),
)
def test_hostile_names_never_change_the_structure(tmp_path_factory, run, crit_ids, data):
    crit_names = data.draw(st.lists(names, min_size=len(crit_ids), max_size=len(crit_ids)))
    opt_names = data.draw(st.lists(names, min_size=2, max_size=3))
    st_name = data.draw(names)
    root = _workspace(tmp_path_factory.mktemp("hostile"), crit_ids, crit_names, opt_names, st_name)
    p = ("-p", str(root), "-w", "w")

    text = run("rank", *p).stdout
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) < 0xA0 for c in text)

    md = run("rank", *p, "-f", "md", "--table", "ranking").stdout
    rows = [line for line in md.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + len(opt_names)  # header, rule, one line per option
    pipes = {line.replace("\\|", "").count("|") for line in rows}
    assert len(pipes) == 1  # every row has the same number of cells
    assert (
        "<script" not in md.lower() and sum(line.startswith("#") for line in md.splitlines()) == 1
    )

    table = list(csv.reader(io.StringIO(run("rank", *p, "-f", "csv").stdout)))
    assert len(table) == 1 + len(opt_names) and len({len(r) for r in table}) == 1
    for row in table[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell

    doc = json.loads(run("rank", *p, "-f", "json").stdout)
    assert {r["name"] for r in doc["ranking"]} == set(opt_names)  # the names, unchanged
