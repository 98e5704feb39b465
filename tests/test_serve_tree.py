"""The web view on the bundled Sandwell value tree (issue 19) in a real browser: contributions by
objective, each opened to its criteria, in the ranking and the head to head (the core's sums);
what each stakeholder's record settles, never a preference it does not; the room's weights of an
inferred stakeholder saved as a new file and never over its statements; another window's locks;
the interview answered in words; and axe-core on the tree at a desk and on a phone.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

import test_serve_browser as page
from conftest import ROOT
from delivery_options.appraisal import Appraisal
from test_serve_browser import wait_for
from test_serve_conference import axe, index_of, open_at, slide

browser, serve, shots = page.browser, page.serve, page.shots  # the same fixtures


def tree(folder: Path) -> Path:
    """The bundled Sandwell workspace (a three-objective value tree), copied to save into."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "criteria.toml", folder)
    shutil.copytree(ROOT / "options", folder / "options")
    shutil.copytree(ROOT / "weights", folder / "weights")
    return folder


def nodes(driver, css: str) -> list[str]:
    return [e.get_attribute("data-node") for e in driver.find_elements("css selector", css)]


def test_contributions_by_objective_open_to_their_criteria(browser, serve, tmp_path, shots):
    server = serve(tree(tmp_path / "s"))
    open_at(browser, server, "#dfe")
    app = Appraisal.open(server.room.app.workspace.root)
    top = list(app.workspace.tree.children[""])
    first_bar = "#ranking-table tbody tr:first-child .bar span"
    assert nodes(browser, first_bar) == top
    head = browser.find_element("css selector", "#ranking-table thead").text
    assert "Contributions by objective" in head
    # the numbers are the core's table by objective, its criteria beneath
    assert browser.find_elements("css selector", '#contributions [data-table="by_objective"]')
    # the head to head: by objective, each difference the core's objectives' contributions
    rank = browser.execute_script("return state.rank")
    a, b = (
        browser.execute_script(f"return document.getElementById('h2h-{k}').value") for k in "ab"
    )
    shown = {
        e.get_attribute("data-node"): e for e in browser.find_elements("css selector", "#h2h rect")
    }
    assert list(shown) == top
    label = browser.find_element("css selector", "#h2h svg").get_attribute("aria-label")
    for oid in top:
        d = (
            rank["objectives"][oid]["contributions"][a]
            - rank["objectives"][oid]["contributions"][b]
        )
        name = app.workspace.node_name(oid)
        assert f"{name} {'+' if d >= 0 else '−'}{abs(d):.1f}" in label
    # open "improvement" in the ranking: its criteria replace it in the bars, and in the head
    # to head it stays, with its criteria beneath
    browser.find_element("css selector", '#tree-rank [data-objective="improvement"]').click()
    kids = list(app.workspace.tree.children["improvement"])
    wait_for(browser, lambda d: nodes(d, first_bar) == kids + top[1:], "it did not open")
    assert nodes(browser, "#h2h rect") == ["improvement", *kids, *top[1:]]
    toggle = browser.find_element("css selector", '#tree-h2h [data-objective="improvement"]')
    assert toggle.get_attribute("aria-expanded") == "true"
    assert browser.switch_to.active_element.get_attribute("data-objective") == "improvement"
    browser.execute_script("document.getElementById('ranking').scrollIntoView()")
    browser.save_screenshot(str(shots / "tree-ranking.png"))
    toggle.click()
    wait_for(browser, lambda d: nodes(d, first_bar) == top, "it did not close")
    # the sliders are grouped under their objectives, each with its weight
    groups = browser.find_elements("css selector", "#sliders .slider-group")
    assert [g.get_attribute("data-group") for g in groups] == top


def test_the_page_says_what_each_record_settles_and_no_more(browser, serve, run, tmp_path):
    """The header, the ranking's caption and the side by side: a first choice only where the
    record settles it (the council's), the options left possible with their shares where it
    does not (the Department's), as options compare's record gives them."""
    server = serve(tree(tmp_path / "s"))
    ws = server.room.app.workspace.root
    res = run("compare", "--project", str(ws), "-f", "json")
    assert res.exit_code == 0, res.stderr
    record = json.loads(res.stdout)["record"]
    open_at(browser, server, "#dfe")
    said = browser.find_element("id", "record").text
    assert not record["dfe"]["settled"]
    assert said.startswith(
        "Department for Education (the Secretary of State decides)'s record settles no first "
        "choice: "
    )
    label = Appraisal.open(ws).workspace.option_label
    for o in record["dfe"]["possible"]:
        assert label(o) in said
    assert "prefer" not in said and "favourite" not in said
    assert browser.find_element("id", "leader").text.startswith("First under these weights: ")
    caption = browser.find_element("css selector", "#ranking-table caption").text
    assert "a representative point, not a preference it stated" in caption
    rows = {
        r.get_attribute("data-stakeholder"): r.text
        for r in wait_for(
            browser,
            lambda d: d.find_elements("css selector", "#records-table tbody tr"),
            "no records",
        )
    }
    assert set(rows) == set(record)
    for sid, rec in record.items():
        first = rec["first"]
        if rec["settled"]:
            assert f"settles its first choice: {label(first[0])}" in rows[sid]
        else:
            assert "settles no first choice" in rows[sid] and "its first choice" not in rows[sid]
    # moved weights: the ranking is the room's, not the stakeholder's
    slide(browser, index_of(browser, "capacity"), 40)
    wait_for(
        browser,
        lambda d: "the room's" in d.find_element("css selector", "#ranking-table caption").text,
        "the caption still speaks for the stakeholder",
    )


def test_the_rooms_weights_of_an_inferred_stakeholder_are_saved_as_a_new_file(
    browser, serve, run, tmp_path, shots
):
    server = serve(tree(tmp_path / "s"))
    ws = server.room.app.workspace.root
    before = (ws / "weights" / "dfe.toml").read_bytes()
    open_at(browser, server, "#dfe")
    slide(browser, index_of(browser, "fresh_start"), 30)
    wait_for(browser, lambda d: d.execute_script("return state.moved && !running"), "")
    assert browser.find_element("id", "save-id").get_attribute("value") == "dfe-room"
    note = browser.find_element("id", "save-note")
    assert note.is_displayed() and "never replaced by the room's weights" in note.text
    # asked to replace its own file: refused, nothing written
    field = browser.find_element("id", "save-id")
    field.clear()
    field.send_keys("dfe")
    browser.find_element("id", "save-replace").click()
    browser.find_element("id", "save-button").click()
    said = wait_for(browser, lambda d: d.find_element("id", "saved").text, "saving said nothing")
    assert said.startswith("Not saved: weights/dfe.toml holds what Department for Education")
    assert "weights/dfe-room.toml" in said
    assert (ws / "weights" / "dfe.toml").read_bytes() == before
    # the suggested new file
    field.clear()
    field.send_keys("dfe-room")
    browser.find_element("id", "save-replace").click()
    browser.find_element("id", "save-button").click()
    said = wait_for(
        browser,
        lambda d: (
            d.find_element("id", "saved").text.startswith("Saved")
            and d.find_element("id", "saved").text
        ),
        "not saved",
    )
    assert said.startswith("Saved weights/dfe-room.toml.")
    assert (ws / "weights" / "dfe.toml").read_bytes() == before
    new = tomllib.loads((ws / "weights" / "dfe-room.toml").read_text())
    assert new["basis"] == "stated" and "set in the room" in new["rationale"]
    assert "derived from dfe's statements" in new["rationale"]
    page_w = browser.execute_script("return state.rank.weights")
    res = run("rank", "-p", str(ws), "-w", "dfe-room", "-f", "json")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["weights"] == pytest.approx(page_w, abs=1e-9)
    browser.save_screenshot(str(shots / "tree-saved-room.png"))


def test_another_windows_locks_are_shown(browser, serve, tmp_path):
    """Finding 3 for locks: this window locks a weight, and the server knows it (another window
    polling is told); another window's locks are shown here, with an offer to take them."""
    server = serve(tree(tmp_path / "s"))
    open_at(browser, server, "#commissioner")
    browser.find_element("id", f"w-{index_of(browser, 'council')}-lock").click()
    wait_for(
        browser,
        lambda d: any(o["locked"] == ["council"] for o in server.room.others("x", "commissioner")),
        "the server never heard of this window's lock",
    )
    # the other window polls, holding capacity and deliverability locked
    server.room.others("otherwindow", "commissioner", "capacity,deliverability")
    note = wait_for(
        browser,
        lambda d: (
            "holds other weights locked" in d.find_element("id", "notice").text
            and d.find_element("id", "notice").text
        ),
        "this window was not told",
    )
    assert "Capacity to drive improvement, Deliverability" in note
    assert "(here: Council commitment and joint working)" in note
    browser.find_element("id", "notice-action").click()
    locked = browser.execute_script("return [...state.locked].sort()")
    assert locked == ["capacity", "deliverability"]


def test_a_swing_rated_in_words_is_saved_as_its_interval(browser, serve, tmp_path, shots):
    server = serve(tree(tmp_path / "s"))
    ws = server.room.app.workspace.root
    open_at(browser, server, "#dfe")
    browser.execute_script("document.getElementById('elicit').scrollIntoView()")
    browser.find_element("id", "elicit-id").send_keys("board")
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "elicit-rate-1-words")).select_by_value("weak")
    assert browser.find_element("id", "elicit-rate-1").get_attribute("value") == "weak"
    browser.find_element("id", "elicit-rate-2").send_keys("very strong to extreme")
    browser.execute_script("document.getElementById('elicit-words-box').open = true")
    table = browser.find_element("id", "elicit-words").text
    assert "weak 67 to 83" in table and "extreme 0 to 17" in table
    browser.save_screenshot(str(shots / "tree-words.png"))
    browser.find_element("id", "elicit-start").click()
    wait_for(browser, lambda d: d.find_element("id", "elicit-run").is_displayed(), "no start")
    said = browser.execute_script("return elicit.view.statements[1]")
    crit = Appraisal.open(ws).workspace.criteria
    assert f"{crit[1].name} 67-83" in said and f"{crit[2].name} 0-33" in said


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desk", "phone"])
def test_axe_finds_nothing_serious_on_the_tree(browser, serve, tmp_path, size):
    server = serve(tree(tmp_path / "s"))
    open_at(browser, server, "#dfe", size)
    toggle = browser.find_element("css selector", '#tree-h2h [data-objective="improvement"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", toggle)
    toggle.click()
    wait_for(browser, lambda d: d.find_elements("id", "records-table"), "no side by side")
    found = axe(browser)
    assert not found, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in found]


def test_the_stakeholders_side_by_side_by_objective(browser, serve, tmp_path, shots):
    """On a value tree the side by side shows each stakeholder's weight on each objective (the
    sum of its criteria's, worked out here from the core's weights) and the range of it that
    its statements allow (Appraisal.objective_ranges); the ranking's buttons open an objective
    to its criteria there too, each criterion with its own range."""
    server = serve(tree(tmp_path / "s"))
    open_at(browser, server, "#dfe")
    app = Appraisal.open(server.room.app.workspace.root)
    t = app.workspace.tree
    top = list(t.children[""])
    people = [s.id for s in app.stakeholders()]

    def table() -> list[list[str]]:
        return browser.execute_script(
            "return [...document.querySelectorAll('#people-weights tbody tr')].map(r =>"
            " [r.dataset.node, ...[...r.querySelectorAll('td')].map(td => td.textContent)])"
        )

    rows = wait_for(browser, lambda d: table() or None, "no side by side")
    assert [r[0] for r in rows] == top
    # each name kept whole beside eight columns (it was once squeezed to a letter a line)
    widths = browser.execute_script(
        "return [...document.querySelectorAll('#people-weights tbody th')]"
        ".map(th => th.getBoundingClientRect().width)"
    )
    assert min(widths) >= 150, widths
    for row in rows:
        for sid, cell in zip(people, row[1:], strict=True):
            st = app.stakeholder(sid)
            w = sum(st.weights[c] for c in t.leaves(row[0]))
            lo, hi = app.objective_ranges(sid)[row[0]]
            assert cell == f"{100 * w:.1f}% ({100 * lo:.1f}%–{100 * hi:.1f}%)"
    chart = browser.find_element("css selector", "#people-chart svg")
    assert "by objective" in chart.get_attribute("aria-label")
    marks = browser.find_elements("css selector", "#people-chart [data-stakeholder][data-node]")
    assert {m.get_attribute("data-node") for m in marks} == set(top)
    caption = browser.find_element("css selector", "#people-weights caption").text
    assert "by objective" in caption
    toggle = browser.find_element("css selector", '#tree-people [data-objective="improvement"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", toggle)
    toggle.click()
    kids = list(t.children["improvement"])
    wait_for(browser, lambda d: [r[0] for r in table()] == ["improvement", *kids, *top[1:]], "")
    assert browser.switch_to.active_element.get_attribute("data-objective") == "improvement"
    ranges = {s["id"]: s["acceptable"] for s in server.room.workspace()["stakeholders"]}
    for row in table()[1 : 1 + len(kids)]:
        for sid, cell in zip(people, row[1:], strict=True):
            lo, hi = ranges[sid][row[0]]
            w = app.stakeholder(sid).weights[row[0]]
            assert cell == f"{100 * w:.1f}% ({100 * lo:.1f}%–{100 * hi:.1f}%)"
    # the ranking's bars opened with it: one state, shown alike
    first_bar = "#ranking-table tbody tr:first-child .bar span"
    assert nodes(browser, first_bar) == kids + top[1:]
    browser.execute_script("document.getElementById('compare').scrollIntoView()")
    browser.save_screenshot(str(shots / "tree-side-by-side.png"))
