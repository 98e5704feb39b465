"""`options serve` without a browser: the token, other origins refused, the API's answers equal
the command line's, saving only into weights/, and hostile workspace text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import TYPED as ROOT
from delivery_options.appraisal import Appraisal
from delivery_options.present import render
from delivery_options.present.json import rounded
from delivery_options.present.web import web_table
from delivery_options.serve.app import create_app
from delivery_options.serve.room import Room
from serve_helpers import HOSTILE, hostile_workspace, sandwell_copy

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STAKEHOLDERS = sorted(p.stem for p in (ROOT / "weights").glob("*.toml"))


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return sandwell_copy(tmp_path / "sandwell")


@pytest.fixture
def client(ws: Path):
    return create_app(Room(Appraisal.open(ws)), TOKEN).test_client()


def post(client, path: str, body, headers=AUTH):
    return client.post(path, json=body, headers=headers)


def cli_json(run, ws: Path, *args: str):
    res = run(*args, "-p", str(ws), "-f", "json")
    assert res.exit_code == 0, res.stderr
    return json.loads(res.stdout)


def random_weights(app: Appraisal, rng) -> dict[str, float]:
    return {
        c: float(round(x, 2))
        for c, x in zip(
            app.workspace.criterion_ids,
            100 * rng.dirichlet(np.ones(len(app.workspace.criterion_ids))),
            strict=True,
        )
    }


# --- the token and the origin ------------------------------------------------------------------


def test_every_request_needs_the_token(client):
    paths = ("/", "/static/app.js", "/api/workspace")
    for path in paths:
        assert client.get(path).status_code == 403
        assert client.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 403
        assert client.get(f"{path}?token=wrong").status_code == 403
    res = post(client, "/api/rank", {"stakeholder": "dfe"}, headers={})
    assert res.status_code == 403
    assert "token" in res.get_json()["error"]
    for path in paths:
        assert client.get(path, headers=AUTH).status_code == 200
        assert client.get(f"{path}?token={TOKEN}").status_code in (200, 303)


def test_the_first_page_load_sets_a_cookie_and_drops_the_token_from_the_address(client):
    res = client.get(f"/?token={TOKEN}")
    assert res.status_code == 303 and res.headers["Location"] == "/"
    cookie = res.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/api/workspace").status_code == 200  # the cookie now stands for the token
    assert post(client, "/api/rank", {"stakeholder": "dfe"}, headers={}).status_code == 200


def test_other_hosts_and_origins_are_refused(client):
    evil = {**AUTH, "Host": "evil.example:8750"}
    assert client.get("/api/workspace", headers=evil).status_code == 403  # DNS rebinding
    cross = {**AUTH, "Origin": "http://evil.example"}
    assert post(client, "/api/rank", {"stakeholder": "dfe"}, headers=cross).status_code == 403
    site = {**AUTH, "Sec-Fetch-Site": "cross-site"}
    assert post(client, "/api/save", {"stakeholder": "dfe", "id": "x"}, site).status_code == 403
    same = {**AUTH, "Origin": "http://localhost"}
    assert post(client, "/api/rank", {"stakeholder": "dfe"}, headers=same).status_code == 200
    form = client.post("/api/rank", data="stakeholder=dfe", headers=AUTH)  # a plain form post
    assert form.status_code == 415


def test_pages_carry_a_strict_content_security_policy(client):
    res = client.get("/", headers=AUTH)
    csp = res.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert res.headers["X-Content-Type-Options"] == "nosniff"
    assert b"http://" not in res.data and b"https://" not in res.data  # nothing from elsewhere


def test_only_the_packaged_static_files_are_served(client):
    assert client.get("/static/style.css", headers=AUTH).status_code == 200
    for name in (
        "../app.py",
        "..%2Fapp.py",
        "room.py",
        "index.html",
        "%2e%2e/%2e%2e/criteria.toml",
    ):
        assert client.get(f"/static/{name}", headers=AUTH).status_code == 404


# --- the same numbers as the command line ------------------------------------------------------


@pytest.mark.parametrize("who", STAKEHOLDERS)
def test_rank_is_the_command_lines_json(client, run, who):
    res = post(client, "/api/rank", {"stakeholder": who})
    assert res.status_code == 200
    assert res.get_json() == cli_json(run, ROOT, "rank", "-w", who)


def test_rank_with_moved_weights_is_the_core_with_those_weights(client, ws):
    app = Appraisal.open(ws)
    rng = np.random.default_rng(3)
    for who in STAKEHOLDERS:
        weights = random_weights(app, rng)
        res = post(client, "/api/rank", {"stakeholder": who, "weights": weights})
        expected = render(app.rank(app.with_weights(who, weights)), "json")
        assert res.get_data(as_text=True) == expected


def test_switching_and_compare_match_the_command_line(client, run):
    sens = cli_json(run, ROOT, "sensitivity", "-w", "commissioner")
    res = post(client, "/api/switching", {"stakeholder": "commissioner"}).get_json()
    assert res["leader"] == sens["leader"] and res["inside"]
    for row in res["options"]:
        assert row["moved"] == sens["switching"][row["option"]]["moved"]
        assert row["status"] == sens["switching"][row["option"]]["status"]
    five = next(r for r in res["options"] if r["option"] == "trust-with-council")
    assert five["what_it_takes"].startswith("move 5.8 points of weight")
    compare = post(client, "/api/compare", {}).get_json()
    assert compare["document"] == cli_json(run, ROOT, "compare")
    assert [t["name"] for t in compare["tables"]][:2] == ["ranks", "scores"]


FLAT = Path(__file__).parent / "fixtures" / "sandwell-flat"


def test_what_it_would_take_is_options_sensitivity_for_every_stakeholder(run, tmp_path):
    """/api/switching (Appraisal.what_it_takes, a lighter call than Appraisal.sensitivity) is
    `options sensitivity --format json`'s switching entries and its first table, for every
    stakeholder of the three Sandwell workspaces (typed, flat, the value tree) at its own
    weights, and the core's full sensitivity at moved weights (some of which leave an option
    unable to come first, so that the move past the leader alone is said)."""
    rng = np.random.default_rng(5)
    alone = 0
    for k, source in enumerate((ROOT, FLAT, ROOT.parents[2])):
        ws = sandwell_copy(tmp_path / f"ws{k}", source)
        app = Appraisal.open(ws)
        client = create_app(Room(Appraisal.open(ws)), TOKEN).test_client()
        for who in sorted(p.stem for p in (ws / "weights").glob("*.toml")):
            sens = cli_json(run, ws, "sensitivity", "-w", who)
            cases = [({"stakeholder": who}, sens, app.sensitivity(who))]
            for _ in range(3):
                weights = random_weights(app, rng)
                full = app.sensitivity(app.with_weights(who, weights))
                cases.append(({"stakeholder": who, "weights": weights}, full.document(), full))
            for body, doc, full in cases:
                doc = json.loads(json.dumps(rounded(doc)))
                res = post(client, "/api/switching", body).get_json()
                assert res["leader"] == doc["leader"]
                tops = {c: s["top"] for c, s in doc["stability"].items()}
                assert res["stability"] == {c: None if None in t else t for c, t in tops.items()}
                for row in res["options"]:
                    want = doc["switching"][row["option"]]
                    got = (row["status"], row["moved"], row["largest"], row["weights"])
                    assert got == (want["status"], want["moved"], want["linf"], want["weights"])
                assert res["table"] == web_table(full.table("switching"))
                said = [r["what_it_takes"] for r in res["options"]]
                alone += sum("could pass the leader alone" in w for w in said)
    assert alone  # the pairwise move, worked out only where it is said, was said


def test_what_it_takes_works_out_the_robust_choice_once_per_weight_set(monkeypatch, tmp_path):
    """Appraisal.what_it_takes keeps the robust choice of each weight set (which options can
    come first, which the leader beats everywhere: W's alone), so that a weight moved many
    times within one set works it out once; its switching entries and table stay those of the
    full Appraisal.sensitivity (worked out afresh each time) at every moved weight, and the
    minimax-regret choice too (its tie-break is by value at the weights moved to)."""
    import delivery_options.methods.robust as robust

    calls = []
    real = robust.robust_choice
    monkeypatch.setattr(robust, "robust_choice", lambda *a, **k: calls.append(1) or real(*a, **k))
    ws = sandwell_copy(tmp_path / "tree", ROOT.parents[2])
    app, rng = Appraisal.open(ws), np.random.default_rng(11)
    for who in ("commissioner", "children-families"):
        before = len(calls)
        for _ in range(5):
            moved = app.with_weights(who, random_weights(app, rng))
            fast, full = app.what_it_takes(moved), app.sensitivity(moved)
            assert fast.table("switching") == full.table("switching")
            doc, want = fast.document(), full.document()
            assert doc["switching"] == want["switching"]
            assert doc["stability"] == want["stability"]
            assert fast.analysis.robust.minimax_regret == full.analysis.robust.minimax_regret
        assert len(calls) - before == 1  # what_it_takes's, once for the five moves


def test_a_move_answers_what_it_would_take_with_the_rest(client):
    """POST /api/move (as the page sends it: one request when a weight moves) holds what it
    would take, the same as POST /api/switching for the same weights, and its limits' stability
    intervals are those what it would take worked out with."""
    body = {
        "stakeholder": "dfe",
        "weights": {c: 10 + k for k, c in enumerate(Appraisal.open(ROOT).workspace.criterion_ids)},
    }
    move = post(client, "/api/move", {**body, "criterion": "capacity"}).get_json()
    alone = post(client, "/api/switching", body).get_json()
    assert move["switching"] == alone
    assert move["limits"]["stability"] == alone["stability"]
    assert post(client, "/api/move", {**body, "switching": False}).get_json()["switching"] is None


def test_compare_adds_the_rooms_weights_as_a_column(client):
    body = {
        "stakeholder": "dfe",
        "weights": {c: 1 for c in Appraisal.open(ROOT).workspace.criterion_ids},
    }
    doc = post(client, "/api/compare", body).get_json()["document"]
    assert doc["stakeholders"][-1] == "in-the-room" and len(doc["stakeholders"]) == 8


# --- saving ------------------------------------------------------------------------------------


def _files(ws: Path) -> dict[str, bytes]:
    return {p.relative_to(ws).as_posix(): p.read_bytes() for p in ws.rglob("*") if p.is_file()}


def test_save_writes_one_file_in_weights_that_ranks_the_same(client, run, ws):
    app = Appraisal.open(ws)
    weights = random_weights(app, np.random.default_rng(7))
    crit = app.workspace.criterion_ids
    # inside the commissioner's acceptable set, so that its constraints can be kept
    weights = dict(zip(crit, (27, 23.5, 19.5, 10, 9.25, 5.75, 5), strict=True))
    before = _files(ws)
    body = {
        "stakeholder": "commissioner",
        "weights": weights,
        "id": "room-agreed",
        "name": "Agreed in the room",
        "rationale": 'We moved "fresh start" down.\nSecond line \\ with a backslash.',
    }
    res = post(client, "/api/save", body)
    assert res.status_code == 200, res.get_json()
    saved = res.get_json()
    assert saved["path"] == "weights/room-agreed.toml" and not saved["replaced"]
    assert saved["compared_with"] == "weights/commissioner.toml"
    assert "+capacity = 27" in saved["diff"]
    after = _files(ws)
    assert set(after) - set(before) == {"weights/room-agreed.toml"}
    assert all(after[k] == v for k, v in before.items())
    assert run("validate", "-p", str(ws)).exit_code == 0
    cli = cli_json(run, ws, "rank", "-w", "room-agreed")
    api = post(client, "/api/rank", {"stakeholder": "commissioner", "weights": weights}).get_json()
    assert cli["ranking"] == api["ranking"] and cli["weights"] == api["weights"]
    # the acceptable set is kept: what it would take is the same on the command line
    sens = cli_json(run, ws, "sensitivity", "-w", "room-agreed")
    live = post(client, "/api/switching", {"stakeholder": "commissioner", "weights": weights})
    for row in live.get_json()["options"]:
        assert row["moved"] == sens["switching"][row["option"]]["moved"]
    st = Appraisal.open(ws).stakeholder("room-agreed")
    assert st.rationale.startswith('We moved "fresh start" down.\nSecond line \\')
    # the new file is one of the stakeholders now
    names = [s["id"] for s in client.get("/api/workspace", headers=AUTH).get_json()["stakeholders"]]
    assert "room-agreed" in names


def test_save_replaces_a_file_only_when_asked(client, ws):
    body = {"stakeholder": "dfe", "id": "dfe"}
    res = post(client, "/api/save", body)
    assert res.status_code == 400 and "already exists" in res.get_json()["error"]
    old = (ws / "weights" / "dfe.toml").read_text()
    res = post(client, "/api/save", {**body, "replace": True, "rationale": "Agreed."})
    assert res.status_code == 200 and res.get_json()["replaced"]
    assert (ws / "weights" / "dfe.toml").read_text() != old
    clash = post(client, "/api/save", {"stakeholder": "dfe", "id": "DFE", "replace": True})
    assert clash.status_code == 400 and "already has the id" in clash.get_json()["error"]


def test_weights_outside_the_acceptable_set_are_saved_only_without_it(client, ws):
    crit = Appraisal.open(ws).workspace.criterion_ids
    weights = dict(zip(crit, (60, 10, 10, 5, 5, 5, 5), strict=True))  # capacity above 35%
    body = {"stakeholder": "commissioner", "weights": weights, "id": "bold"}
    res = post(client, "/api/save", body)
    assert res.status_code == 400 and res.get_json()["error"].startswith("not saved:")
    assert not (ws / "weights" / "bold.toml").exists()
    res = post(client, "/api/save", {**body, "keep_constraints": False})
    assert res.status_code == 200
    assert "[constraints]" not in (ws / "weights" / "bold.toml").read_text()


@pytest.mark.parametrize(
    "bad_id",
    [
        "../evil",
        "a/b",
        "..",
        ".hidden",
        "x.toml",
        "/etc/passwd",
        "nul\x00",
        "",
        " x",
        "a" * 65,
        "weights/dfe",
        "..\\evil",
        7,
        None,
        ["x"],
    ],
)
def test_path_tricks_in_the_id_are_refused(client, ws, bad_id):
    before = _files(ws)
    res = post(client, "/api/save", {"stakeholder": "dfe", "id": bad_id, "replace": True})
    assert res.status_code == 400
    assert "not a usable name" in res.get_json()["error"]
    assert _files(ws) == before
    assert not (ws.parent / "evil.toml").exists()


@pytest.mark.parametrize(
    "body, words",
    [
        ({"stakeholder": "weights/dfe.toml"}, "no stakeholder"),
        ({"stakeholder": str(ROOT / "weights" / "dfe.toml")}, "no stakeholder"),
        ({"stakeholder": "../../etc/passwd"}, "no stakeholder"),
        ({"stakeholder": "dfe", "weights": {"nope": 1}}, "unknown criterion"),
        ({"stakeholder": "dfe", "weights": [1, 2]}, "weights must be an object"),
        ({"stakeholder": "dfe", "weights": dict.fromkeys(STAKEHOLDERS, 0)}, "unknown criterion"),
        ([1, 2], "JSON object"),
    ],
)
def test_bad_input_is_a_400_with_one_line(client, body, words):
    res = post(client, "/api/rank", body)
    assert res.status_code == 400
    error = res.get_json()["error"]
    assert words in error and "\n" not in error


def test_bad_numbers_and_bad_json_are_400s(client):
    crit = Appraisal.open(ROOT).workspace.criterion_ids
    for value in (-1, "1", True, None):
        weights = {c: 1 for c in crit} | {crit[0]: value}
        res = post(client, "/api/rank", {"stakeholder": "dfe", "weights": weights})
        assert res.status_code == 400, value
    zero = post(client, "/api/rank", {"stakeholder": "dfe", "weights": dict.fromkeys(crit, 0)})
    assert zero.status_code == 400 and "positive" in zero.get_json()["error"]
    nan = client.post(
        "/api/rank",
        data='{"stakeholder": "dfe", "weights": {"capacity": NaN}}',
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert nan.status_code == 400
    broken = client.post(
        "/api/rank", data="{", headers={**AUTH, "Content-Type": "application/json"}
    )
    assert broken.status_code == 400 and "not valid JSON" in broken.get_json()["error"]


# --- hostile workspace text -------------------------------------------------------------------


def test_hostile_names_are_data_never_markup(tmp_path):
    client = create_app(
        Room(Appraisal.open(hostile_workspace(tmp_path / "h"))), TOKEN
    ).test_client()
    page = client.get("/", headers=AUTH)
    assert b"__pwned" not in page.data  # the page holds no workspace text at all
    res = client.get("/api/workspace", headers=AUTH)
    assert res.content_type == "application/json"
    assert res.get_json()["stakeholders"][0]["name"] == HOSTILE
    res = post(client, "/api/switching", {"stakeholder": "even"})
    assert res.status_code == 200 and res.content_type == "application/json"


# --- the command ------------------------------------------------------------------------------


def test_the_serve_command_prints_a_local_address_with_a_token(ws):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "delivery_options",
            "serve",
            "-p",
            str(ws),
            "--no-browser",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "BROWSER": "false"},
    )
    try:
        lines = [proc.stdout.readline() for _ in range(3)]
        url = next(line.split()[1] for line in lines if line.startswith("Open "))
        assert url.startswith("http://127.0.0.1:") and "?token=" in url
        import http.cookiejar
        import urllib.request

        # the redirect to "/" carries the token in a cookie, as a browser would keep it
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                with opener.open(url, timeout=5) as resp:
                    assert resp.status == 200 and b"live model" in resp.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_another_interface_is_served_only_when_asked_and_with_a_warning(ws):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "delivery_options",
            "serve",
            "-p",
            str(ws),
            "--no-browser",
            "--port",
            "0",
            "--host",
            "127.0.0.2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr.readline().startswith("warning: serving on 127.0.0.2")
        lines = [proc.stdout.readline() for _ in range(2)]
        assert any(line.startswith("Open http://127.0.0.2:") for line in lines)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_save_in_a_value_tree_workspace_with_local_weights(tmp_path, run):
    """Adversary: in an `init --tree` workspace (local weights on objectives) the page's save
    reloaded the file without the tree and refused it ('unknown criterion')."""
    ws = tmp_path / "tr"
    assert run("init", str(ws), "--tree").exit_code == 0
    client = create_app(Room(Appraisal.open(ws)), TOKEN).test_client()
    res = post(client, "/api/save", {"stakeholder": "example", "id": "copy1"})
    assert res.status_code == 200, res.get_json()
    assert run("validate", "-p", str(ws)).exit_code == 0
    assert (ws / "weights" / "copy1.toml").is_file()


def test_moved_weights_saved_over_a_tree_stakeholder_s_own_file(tmp_path, run):
    """Adversary 5, finding 6: saving the room's weights over the stakeholder's own file (its
    constraints kept) rewrote the criteria's local weights but left the objectives', so the file
    meant other weights and was always refused. Now it saves, and ranks as the room did."""
    ws = tmp_path / "tr"
    assert run("init", str(ws), "--tree").exit_code == 0
    client = create_app(Room(Appraisal.open(ws)), TOKEN).test_client()
    moved = {"quality": 0.5, "speed": 0.3, "cost": 0.2}
    res = post(
        client,
        "/api/save",
        {"stakeholder": "example", "weights": moved, "id": "example", "replace": True},
    )
    assert res.status_code == 200, res.get_json()
    assert run("validate", "-p", str(ws)).exit_code == 0
    w = Appraisal.open(ws).stakeholder("example").weights
    assert w == pytest.approx(moved)
    assert "tolerance" in (ws / "weights" / "example.toml").read_text()  # its constraints kept
