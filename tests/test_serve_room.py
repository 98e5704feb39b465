"""The room behind `options serve`, without a browser: weights that put an option strictly first,
what moved weights break (named), the sensitivity graph, files changed on disk, a restarted
server's old token, replacing a weights file by editing it, and an interview saved under another
name after a clash. The figures are checked against values worked out by hand or by brute force.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, write_workspace
from delivery_options.appraisal import Appraisal
from delivery_options.errors import OptionsError
from delivery_options.methods.stability import rescaled
from delivery_options.model.weights import load_stakeholder
from delivery_options.present import render
from delivery_options.present.web import web_table
from delivery_options.serve.app import create_app
from delivery_options.serve.room import Room

TOKEN = "t" * 40
#: Sandwell with flat criteria and inferred stakeholders, frozen (fixtures/sandwell-flat/README.md)
FLAT = Path(__file__).parent / "fixtures" / "sandwell-flat"


def bundled(folder: Path) -> Path:
    """Sandwell with seven options and seven stakeholders inferred from statements."""
    folder.mkdir(parents=True)
    shutil.copy(FLAT / "criteria.toml", folder)
    shutil.copytree(FLAT / "options", folder / "options")
    shutil.copytree(FLAT / "weights", folder / "weights")
    return folder


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Room:
    return Room(Appraisal.open(bundled(tmp_path_factory.mktemp("b") / "ws")))


TWO = """
[appraisal]
title = "Two"
[criteria.a]
name = "A"
[criteria.b]
name = "B"
"""
TWO_OPTIONS = {
    "p": 'name = "P"\nnumber = 1\n[scores]\na = 100\nb = 0\n',
    "q": 'name = "Q"\nnumber = 2\n[scores]\na = 0\nb = 100\n',
}


def test_strictly_first_by_hand(tmp_path):
    """P = 100 w_a, Q = 100 w_b. From (0.5, 0.5), where they draw level, toward the weights of
    largest lead (w_a = 1): P leads by 100 t, so the strict margin 0.01 needs t = 1e-4, w_a =
    0.50005. With w_a at most 0.45 P can never lead: None."""
    ws = write_workspace(
        tmp_path / "two",
        TWO,
        TWO_OPTIONS,
        {
            "free": 'name = "Free"\n[weights]\na = 40\nb = 60\n',
            "held": 'name = "Held"\n[weights]\na = 40\nb = 60\n'
            "[constraints]\nbounds = { a = [0.3, 0.45] }\n",
        },
    )
    app = Appraisal.open(ws)
    w = app.strictly_first("free", "p", np.array([0.5, 0.5]))
    assert w == pytest.approx([0.50005, 0.49995], abs=1e-12)
    assert app.strictly_first("held", "p", np.array([0.45, 0.55])) is None


def test_try_these_weights_puts_the_option_strictly_first(room):
    """Finding 1: at the switching weights the commissioner's option 5 only draws level (option 2
    stays first by 1.5e-5 points); the weights of /api/first put it first by the margin."""
    sw = room.switching({"stakeholder": "commissioner"})
    s = next(o for o in sw["options"] if o["option"] == "trust-with-council")
    assert s["status"] == "optimal"
    level = {c: 100 * v for c, v in s["weights"].items()}
    at_level = json.loads(room.rank({"stakeholder": "commissioner", "weights": level}))
    assert at_level["ranking"][0]["option"] == "executive-commissioner"  # what main applied

    first = room.first(
        {"stakeholder": "commissioner", "option": "trust-with-council", "start": s["weights"]}
    )
    assert first["lead"] == pytest.approx(0.01, abs=1e-9)
    body = {
        "stakeholder": "commissioner",
        "weights": {c: 100 * v for c, v in first["weights"].items()},
    }
    doc = json.loads(room.rank(body))
    top, second = doc["ranking"][:2]
    assert (top["option"], top["rank"], second["rank"]) == ("trust-with-council", 1, 2)
    assert top["score"] - second["score"] >= 0.0099
    after = room.switching(body)
    assert after["leader"] == "trust-with-council" and after["inside"] and after["broken"] == []
    mine = next(o for o in after["options"] if o["option"] == "trust-with-council")
    assert mine["status"] == "leader"
    # the figures the page shows are those of the weights applied
    now = room.stakeholders["commissioner"].weights
    change = [first["weights"][c] - now[c] for c in now]
    assert first["moved"] == pytest.approx(sum(map(abs, change)) / 2)
    assert first["largest"] == pytest.approx(max(map(abs, change)))
    assert first["moved"] >= s["moved"] - 1e-9  # a little more than drawing level


def test_moved_weights_name_the_statement_they_break(room):
    """Finding 2: children and families, fresh start moved to 40.5% (the others in proportion)
    pulls capacity to 17.6%, below fresh start: each weight is inside its own range, but the
    swing statement (capacity rated 100, every other at most that) is broken."""
    own = room.stakeholders["children-families"].weights
    w = {c: 100 * v * (100 - 40.5) / (100 - 100 * own["fresh_start"]) for c, v in own.items()}
    w["fresh_start"] = 40.5
    assert w["capacity"] == pytest.approx(17.56, abs=0.01)
    ranges = room.workspace()["stakeholders"][0]["acceptable"]
    assert all(lo - 1e-9 <= w[c] / 100 <= hi + 1e-9 for c, (lo, hi) in ranges.items())
    sw = room.switching({"stakeholder": "children-families", "weights": w})
    assert not sw["inside"]
    (broken,) = sw["broken"]
    assert broken["kind"] == "statement" and broken["statement"] == 0
    assert broken["text"].startswith("Children and families rates the swings: ")
    assert broken["criteria"] == ["capacity", "fresh_start"]
    assert room.switching({"stakeholder": "children-families"})["broken"] == []


def test_a_bound_broken_is_named(room):
    """The commissioner holds control at 0 (s18): moving it to 5% breaks that bound."""
    own = room.stakeholders["commissioner"].weights
    w = {c: 95 * v for c, v in own.items()}
    w["control"] = 5
    broken = room.switching({"stakeholder": "commissioner", "weights": w})["broken"]
    assert {
        "text": "Council keeps running the service at most 0.0%",
        "criteria": ["control"],
        "kind": "bound",
    } in broken


def test_the_sensitivity_graph_against_brute_force(room):
    """Each line is the option's value along w(t) (the weight at t, the others rescaled); the
    top option changes where the brute-force ranking on a fine grid changes; the stable part is
    options sensitivity's stability interval."""
    app = room.app
    g = room.graph({"stakeholder": "commissioner", "criterion": "fresh_start"})
    dm = app.matrix
    k = dm.criteria.index("fresh_start")
    w0 = app.weights("commissioner")
    assert g["weight"] == pytest.approx(w0[k])
    for line in g["lines"]:
        i = dm.options.index(line["option"])
        for t, key in ((0.0, "at0"), (1.0, "at1")):
            assert line[key] == pytest.approx(float(dm.values[i] @ rescaled(w0, k, t)))
    grid = np.linspace(0, 1, 20001)
    tops = [int(np.argmax(dm.values @ rescaled(w0, k, t))) for t in grid]
    changes = [grid[j] for j in range(1, len(grid)) if tops[j] != tops[j - 1]]
    assert [s["weight"] for s in g["switches"]] == pytest.approx(changes, abs=1e-4)
    assert [s["first"] for s in g["switches"]] == [
        dm.options[tops[j]] for j in range(1, len(grid)) if tops[j] != tops[j - 1]
    ]
    cli = app.sensitivity("commissioner").analysis.stability[k]
    assert g["stable"] == pytest.approx(list(cli.top))
    assert g["feasible"] == pytest.approx(list(cli.feasible))


def test_a_file_changed_on_disk_is_read_again(tmp_path):
    ws = bundled(tmp_path / "ws")
    room = Room(Appraisal.open(ws))
    v0 = room.check()
    assert v0["changed"] == [] and v0["version"] == room.workspace()["version"]
    path = ws / "weights" / "dfe.toml"
    path.write_text(path.read_text().replace('name = "Department', 'name = "The Department'))
    v1 = room.check()
    assert v1["changed"] == ["weights/dfe.toml"] and v1["version"] != v0["version"]
    assert room.stakeholders["dfe"].name.startswith("The Department")
    assert room.check()["changed"] == []
    path.write_text("name = [")  # broken mid-edit: the room keeps what it had, and says why
    bad = room.check()
    assert bad["error"] and "dfe.toml" in bad["error"]
    assert room.stakeholders["dfe"].name.startswith("The Department")


def test_an_old_token_gets_a_page_not_json(tmp_path):
    room = Room(Appraisal.open(bundled(tmp_path / "ws")))
    client = create_app(room, TOKEN).test_client()
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 403 and page.content_type.startswith("text/html")
    text = page.get_data(as_text=True)
    assert "has stopped or been restarted" in text and "?token=" in text and "<script" not in text
    api = client.get("/api/workspace")
    assert api.status_code == 403 and api.is_json


def test_replacing_its_own_file_edits_it(tmp_path):
    """Replacing a stakeholder's file keeps its rationale, sources, constraints and comments;
    only the weights (and the name) change; the room's reasons are a dated comment."""
    ws = tmp_path / "typed"
    shutil.copytree(ROOT / "tests" / "fixtures" / "typed", ws)
    room = Room(Appraisal.open(ws))
    before = (ws / "weights" / "commissioner.toml").read_text()
    own = room.stakeholders["commissioner"]
    w = {c: 100 * v for c, v in own.weights.items()}
    w["capacity"] += 3
    w["workforce"] -= 3
    res = room.save(
        {
            "stakeholder": "commissioner",
            "weights": w,
            "id": "commissioner",
            "replace": True,
            "name": own.name,
            "rationale": "Capacity up.",
        }
    )
    after = (ws / "weights" / "commissioner.toml").read_text()
    old, new = tomllib.loads(before), tomllib.loads(after)
    assert new["rationale"] == old["rationale"] and new["sources"] == old["sources"]
    assert new["constraints"] == old["constraints"]
    assert new["weights"]["capacity"] == pytest.approx(28) and new["weights"][
        "workforce"
    ] == pytest.approx(7)
    kept = [line for line in before.splitlines() if line.startswith("#")]
    assert all(line in after.splitlines() for line in kept)
    assert "#   Capacity up." in after
    assert res["replaced"] and room.stakeholders["commissioner"].weights[
        "capacity"
    ] == pytest.approx(0.28)


def test_an_inferred_stakeholders_file_is_never_replaced_by_weights(tmp_path):
    """The lead's decision on issue 21: the room's weights are never saved over what an inferred
    stakeholder said, even when asked to replace; the refusal names the new file to use."""
    ws = bundled(tmp_path / "ws")
    room = Room(Appraisal.open(ws))
    before = (ws / "weights" / "dfe.toml").read_bytes()
    name = room.stakeholders["dfe"].name
    with pytest.raises(OptionsError, match=r"never saved over them.*weights/dfe-room\.toml"):
        room.save({"stakeholder": "dfe", "id": "dfe", "replace": True, "name": name})
    # nor over another inferred stakeholder's file, from any stakeholder's weights
    with pytest.raises(OptionsError, match="never saved over"):
        room.save({"stakeholder": "council", "id": "dfe", "replace": True, "name": name})
    assert (ws / "weights" / "dfe.toml").read_bytes() == before


def test_the_rooms_weights_of_an_inferred_stakeholder_go_to_a_new_file(tmp_path):
    """Saved as weights/dfe-room.toml: the room's weights typed, a rationale and comment saying
    whose they are (set in the room, derived from dfe's statements), its statements kept as
    conditions; dfe.toml untouched, and the command line reads the new file with these weights."""
    ws = bundled(tmp_path / "ws")
    room = Room(Appraisal.open(ws))
    before = (ws / "weights" / "dfe.toml").read_bytes()
    dfe = room.stakeholders["dfe"]
    w = {c: 100 * v for c, v in dfe.weights.items()}
    res = room.save(
        {"stakeholder": "dfe", "weights": w, "id": "dfe-room", "name": f"{dfe.name}, in the room"}
    )
    assert res["path"] == "weights/dfe-room.toml" and not res["replaced"]
    assert (ws / "weights" / "dfe.toml").read_bytes() == before
    text = (ws / "weights" / "dfe-room.toml").read_text()
    new = tomllib.loads(text)
    assert new["basis"] == "stated" and new["date"] == date.today().isoformat()
    assert new["rationale"].startswith(
        f"These weights were set in the room with options serve on {date.today().isoformat()},"
        " derived from dfe's statements (weights/dfe.toml)"
    )
    assert "not a preference" in new["rationale"] and "# The room's weights" in text
    assert len(new["statements"]) == len(tomllib.loads(before.decode())["statements"])
    crit = room.app.workspace.criterion_ids
    st = load_stakeholder(ws, crit, ws / "weights" / "dfe-room.toml", room.app.long_list.option_ids)
    assert not st.inferred and dict(st.weights) == pytest.approx(dict(dfe.weights), abs=1e-9)
    assert room.stakeholders["dfe-room"].basis == "stated"


def test_an_interview_saved_under_another_name_after_a_clash(tmp_path):
    ws = bundled(tmp_path / "ws")
    room = Room(Appraisal.open(ws))
    crit = room.app.workspace.criterion_ids
    view = room.elicit_start({"id": "dfe", "name": "Board", "order": list(crit[:2]), "limit": 2})
    room.elicit_answer({"interview": view["interview"], "reply": "a"})
    with pytest.raises(Exception, match="already exists"):
        room.elicit_save({"interview": view["interview"]})
    res = room.elicit_save({"interview": view["interview"], "id": "board"})
    assert res["path"] == "weights/board.toml" and res["statements"] >= 2
    assert (ws / "weights" / "board.toml").exists()


# --- the interview: check questions (M-MACBETH's redundant judgements) and names ------------


def test_a_check_question_is_asked_and_catches_a_slip(tmp_path):
    from delivery_options.methods.elicitation import answer

    room = Room(Appraisal.open(bundled(tmp_path / "ws")))
    crit = room.app.workspace.criterion_ids
    view = room.elicit_start({"id": "board", "name": "Board", "order": list(crit), "limit": 12})
    iid = view["interview"]
    for n, reply in ((1, "a"), (2, "b")):
        assert not view["question"]["check"]
        view = room.elicit_answer({"interview": iid, "question": n, "reply": reply})
    q = view["question"]
    assert q["check"] and q["number"] == 3
    (session,) = room.interviews._open.values()
    # settled: of the three replies, the engine keeps exactly one
    kept = [r for r in ("a", "b", "same") if not answer(session.state, session.check, r).conflict]
    assert len(kept) == 1
    (right,) = kept
    wrong = "b" if right == "a" else "a"
    slip = room.elicit_answer({"interview": iid, "question": 3, "reply": wrong})
    assert slip["last"]["kept"] is False and slip["last"]["check"]
    assert slip["last"]["possible"] == [right] and slip["last"]["conflict"]
    assert slip["question"] == q and slip["asked"] == 2
    ok = room.elicit_answer({"interview": iid, "question": 3, "reply": right})
    assert ok["last"] == {"kept": True, "reply": right, "conflict": [], "check": True}
    assert ok["asked"] == 3 and not ok["question"]["check"]


def test_setup_errors_name_the_criteria(tmp_path):
    room = Room(Appraisal.open(bundled(tmp_path / "ws")))
    order = ["fresh_start", "capacity", "council"]
    with pytest.raises(Exception) as err:
        room.elicit_start(
            {"id": "b", "order": order, "ratings": {"capacity": 50, "council": 80}, "limit": 5}
        )
    text = str(err.value)
    assert (
        "Council commitment and joint working is ranked below Capacity to drive improvement" in text
    )
    assert "council " not in text and "capacity " not in text


def test_a_move_is_rank_switching_and_graph_in_one(room):
    own = room.stakeholders["dfe"].weights
    w = {c: 100 * v for c, v in own.items()}
    w["capacity"] += 5
    body = {"stakeholder": "dfe", "weights": w}
    both = room.move({**body, "criterion": "capacity"})
    assert both["rank"] == json.loads(room.rank(body))
    assert both["switching"] == room.switching(body)
    assert both["graph"] == room.graph({**body, "criterion": "capacity"})
    assert room.move(body)["graph"] is None


def test_another_tab_moving_the_same_weights_is_reported(tmp_path):
    room = Room(Appraisal.open(bundled(tmp_path / "ws")))
    w = {c: 100 * v for c, v in room.stakeholders["dfe"].weights.items()}
    room.rank({"stakeholder": "dfe", "weights": w, "tab": "one"})
    room.rank({"stakeholder": "dfe", "tab": "two"})  # its own weights: nothing to report
    room.rank({"stakeholder": "council", "weights": w, "tab": "three"})
    (other,) = room.others("two", "dfe")
    assert other["tab"] == "one" and other["weights"] == pytest.approx(
        {c: x / 100 for c, x in w.items()}
    )
    assert room.others("one", "dfe") == []


def test_an_interview_is_kept_on_disk_and_resumed_after_a_restart(tmp_path):
    ws = bundled(tmp_path / "ws")
    room = Room(Appraisal.open(ws))
    crit = list(room.app.workspace.criterion_ids)
    view = room.elicit_start({"id": "board", "name": "Board", "order": crit, "limit": 12})
    iid = view["interview"]
    for n, reply in ((1, "a"), (2, "b")):
        view = room.elicit_answer({"interview": iid, "question": n, "reply": reply})
    assert view["question"]["check"]
    view = room.elicit_answer({"interview": iid, "question": 3, "reply": "skip"})  # the check
    view = room.elicit_answer({"interview": iid, "question": 3, "reply": "a"})
    view = room.elicit_back({"interview": iid})
    kept = ws / ".options-serve" / "interviews" / f"{iid}.json"
    assert kept.is_file()
    assert json.loads(kept.read_text())["events"] == ["a", "b", "skip", "a", "back"]

    again = Room(Appraisal.open(ws))  # a restart: nothing in memory
    (listed,) = again.elicit_kept()
    assert listed == {
        "file": iid,
        "stakeholder": "board",
        "name": "Board",
        "date": listed["date"],
        "answers": 3,
    }
    resumed = again.elicit_resume({"file": iid})
    for key in ("question", "answers", "statements", "weights", "asked", "leader"):
        assert resumed[key] == view[key], key
    assert resumed["last"] == {"resumed": True}
    saved = again.elicit_save({"interview": iid})
    assert saved["path"] == "weights/board.toml" and not kept.exists()
    assert again.elicit_kept() == []


def test_value_for_money_is_the_command_lines(tmp_path, run):
    ws = tmp_path / "w"
    shutil.copytree(ROOT / "examples" / "worcestershire", ws)
    room = Room(Appraisal.open(ws))
    own = room.stakeholders["council"].weights
    w = {c: 100 * v for c, v in own.items()}
    v = room.vfm({"stakeholder": "council", "weights": w})
    cli = json.loads(run("value", "-p", str(ws), "-w", "council", "-f", "json").stdout)
    assert v["costs_recorded"] and v["unit"] == cli["unit"]
    assert [(o["option"], o["value"], o["cost"], o["efficient"]) for o in v["options"]] == [
        (o["option"], o["value"], o["present_cost"], o["efficient"]) for o in cli["options"]
    ]
    assert room.move({"stakeholder": "council", "vfm": True})["vfm"] == room.vfm(
        {"stakeholder": "council"}
    )
    assert room.vfm.__self__ is room
    sandwell = Room(Appraisal.open(bundled(tmp_path / "s")))
    assert sandwell.vfm({"stakeholder": "dfe"}) == {"costs_recorded": False}


# --- a value tree, what the record settles, the two parts of a move, locks in other tabs -------

THREE = """
[appraisal]
title = "Three"
[criteria.a]
name = "A"
[criteria.b]
name = "B"
[criteria.c]
name = "C"
"""
THREE_OPTIONS = {
    "p": 'name = "P"\nnumber = 1\n[scores]\na = 100\nb = 0\nc = 0\n',
    "q": 'name = "Q"\nnumber = 2\n[scores]\na = 0\nb = 100\nc = 0\n',
}
SAID = 'source = "a meeting"\n'


def test_the_record_settles_a_first_choice_only_where_it_does(tmp_path):
    """By hand: P = (100, 0, 0), Q = (0, 100, 0). 'a weighs at least as much as b' makes P
    first at every allowed weighting: settled. 'c weighs at least as much as a' leaves both
    possible; uniform on the simplex, w_c >= w_a has probability 1/2 and w_a smallest (so Q
    ahead and w_c >= w_a) 1/3: Q's share is 2/3, P's 1/3. The page never says it prefers Q."""
    weights = {
        "sure": f'name = "Sure"\n[[statements]]\ncriteria_order = ["a", "b"]\n{SAID}',
        "open": f'name = "Open"\n[[statements]]\ncriteria_order = ["c", "a"]\n{SAID}',
    }
    room = Room(Appraisal.open(write_workspace(tmp_path / "w", THREE, THREE_OPTIONS, weights)))
    by = {s["id"]: s for s in room.workspace()["stakeholders"]}
    sure, open_ = by["sure"]["record"], by["open"]["record"]
    assert sure["settled"] and [o["option"] for o in sure["first"]] == ["p"]
    assert sure["words"] == "1. P first: its record settles it"
    assert not open_["settled"] and open_["first"] == []
    shares = {o["option"]: o["share"] for o in open_["possible"]}
    assert shares == pytest.approx({"q": 2 / 3, "p": 1 / 3}, abs=0.02)
    assert [o["option"] for o in open_["possible"]] == ["q", "p"]  # the larger share first
    assert open_["words"].startswith("not settled by its record: 2. Q (6")
    assert by["open"]["inferred"] and by["open"]["basis"] == "stated"


def test_a_value_tree_is_sent_with_the_cores_table_by_objective():
    """The bundled Sandwell workspace is a tree: the page gets its objectives and, with each
    move, options rank's table by objective and its objectives' contributions, unchanged."""
    app = Appraisal.open(ROOT)
    room = Room(Appraisal.open(ROOT))
    ws = room.workspace()
    tree = app.workspace.tree
    assert ws["flat"] is False and ws["top"] == list(tree.children[""])
    assert [o["id"] for o in ws["objectives"]] == list(tree.objective_ids)
    for o in ws["objectives"]:
        assert o["criteria"] == list(tree.leaves(o["id"]))
    st = app.stakeholder("dfe")
    moved = room.move({"stakeholder": "dfe", "switching": False})
    result = app.rank(st)
    assert moved["by_objective"] == web_table(result.table("by_objective"))
    assert moved["rank"]["objectives"] == json.loads(render(result, "json"))["objectives"]
    assert moved["switching"] is None


def test_a_flat_workspace_has_no_table_by_objective(room):
    assert room.workspace()["flat"] is True and room.workspace()["objectives"] == []
    assert room.move({"stakeholder": "dfe"})["by_objective"] is None


def test_the_quick_part_of_a_move_agrees_with_what_it_would_take(room):
    """The limits sent at once (inside, what breaks, each weight's stability interval) are
    those of options sensitivity, which /api/switching sends after."""
    own = room.stakeholders["children-families"].weights
    w = {c: 100 * v for c, v in own.items()}
    w["fresh_start"], w["capacity"] = 40.5, 5.0
    body = {"stakeholder": "children-families", "weights": w}
    quick, full = room.move({**body, "switching": False})["limits"], room.switching(body)
    assert not quick["inside"] and quick["broken"] == full["broken"] != []
    assert quick["stability"] == full["stability"]


def test_another_tabs_locks_are_reported(tmp_path):
    """Tab one locks capacity (it says so when it polls); tab two on the same stakeholder is
    told, with no weights moved; a tab on another stakeholder is not."""
    room = Room(Appraisal.open(bundled(tmp_path / "ws")))
    assert room.others("tabone", "commissioner", "capacity,nonsense") == []
    (seen,) = room.others("tabtwo", "commissioner", "")
    assert seen["locked"] == ["capacity"] and seen["weights"] is None
    assert room.others("tabthree", "dfe", "") == []
    room.others("tabone", "commissioner", "")  # unlocked again
    assert room.others("tabtwo", "commissioner", "") == []


def test_what_a_record_settles_is_worked_out_once_per_record(tmp_path, monkeypatch):
    """Appraisal.settled is kept by the whole record: asked again (every compare asks it of each
    stakeholder), or after the room reads its files again with none changed, it is not worked
    out again; a record with other weights is; a meeting's many moved records are not all kept."""
    import delivery_options.appraisal as core
    import delivery_options.methods.record as record

    calls = []
    real = record.settle

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(record, "settle", counted)
    room = Room(Appraisal.open(bundled(tmp_path / "ws")))
    first = room.app.settled("dfe")
    assert room.app.settled("dfe") is first and calls == ["dfe"]
    room.compare({"stakeholder": "dfe"})
    assert sorted(calls) == sorted(room.stakeholders)  # each once, dfe not again
    room._reload()  # as after a save: the same options and criteria
    room.compare({"stakeholder": "dfe"})
    assert len(calls) == len(room.stakeholders)
    moved = room.app.with_weights("council", {c: 1 for c in room.app.workspace.criterion_ids})
    assert room.app.settled(moved).stakeholder == "council" and len(calls) == 8
    monkeypatch.setattr(core, "RECORDS_KEPT", 4)
    for k in range(6):
        room.app.settled(replace(moved, name=f"moved {k}"))
    assert len(room.app._records) <= 4


TREE = """
[appraisal]
title = "Tree"
[objectives.benefits]
name = "Benefits"
[criteria.quality]
name = "Quality"
objective = "benefits"
[criteria.speed]
name = "Speed"
objective = "benefits"
scale = [0, 10]
[criteria.cost]
name = "Cost"
direction = "cost"
scale = [0, 200]
"""


def test_an_objectives_acceptable_range_over_typed_bounds(tmp_path):
    """On a value tree, a typed stakeholder's range for an objective's weight (the sum of its
    criteria's) over W = box and simplex, against the closed form: the least sum is the larger
    of its criteria's lower bounds and 1 less the others' upper bounds; the most, the smaller
    of its upper bounds and 1 less the others' lower bounds (here [max(0.3, 0.4), min(0.9,
    0.9)] = [0.4, 0.9] for benefits). None without a tree."""
    from conftest import TINY_OPTIONS

    bounded = (
        'name = "Bounded"\n[weights]\nquality = 3\nspeed = 2\ncost = 5\n'
        "[constraints]\nbounds = { quality = [0.1, 0.5], speed = [0.2, 0.4], "
        "cost = [0.1, 0.6] }\n"
    )
    ws = write_workspace(tmp_path / "t", TREE, TINY_OPTIONS, {"bounded": bounded})
    room = Room(Appraisal.open(ws))
    (st,) = room.workspace()["stakeholders"]
    lo, hi = st["acceptable_objectives"]["benefits"]
    assert lo == pytest.approx(max(0.1 + 0.2, 1 - 0.6), abs=1e-9)
    assert hi == pytest.approx(min(0.5 + 0.4, 1 - 0.1), abs=1e-9)
    assert set(st["acceptable_objectives"]) == {"benefits"}
    flat = Room(Appraisal.open(bundled(tmp_path / "flat")))
    assert all(s["acceptable_objectives"] is None for s in flat.workspace()["stakeholders"])
