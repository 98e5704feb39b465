"""The web view's input is bounded (issue 22, item 5): bodies capped in size and nesting before
they are parsed, numbers checked as the command line checks them, every endpoint's types
checked, and every failure a 4xx with a JSON error: never a 500, never a traceback."""

from __future__ import annotations

import json
import logging
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options.appraisal import Appraisal
from delivery_options.serve.app import MAX_DEPTH, create_app
from delivery_options.serve.room import Room

TOKEN = "test-token-0123456789"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
ENDPOINTS = (
    "/api/rank",
    "/api/switching",
    "/api/compare",
    "/api/save",
    "/api/statements",
    "/api/elicit/start",
    "/api/elicit/answer",
    "/api/elicit/back",
    "/api/elicit/save",
    "/api/move",
    "/api/first",
    "/api/graph",
    "/api/vfm",
    "/api/elicit/resume",
)
FIELDS = (
    "stakeholder",
    "weights",
    "id",
    "name",
    "rationale",
    "replace",
    "keep_constraints",
    "order",
    "ratings",
    "limit",
    "interview",
    "question",
    "reply",
    "option",
    "start",
    "criterion",
    "vfm",
    "tab",
    "file",
)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    ws = write_workspace(
        tmp_path_factory.mktemp("serve") / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS
    )
    room = Room(Appraisal.open(ws))
    app = create_app(room, TOKEN)
    return ws, app


def _post(app, path, raw: bytes | str):
    return app.test_client().post(path, data=raw, headers=HEADERS)


def _assert_refused(resp, status=400):
    assert resp.status_code == status, (resp.status_code, resp.get_data(as_text=True)[:300])
    assert resp.is_json and isinstance(resp.get_json()["error"], str)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_deep_nesting_is_refused_before_parsing(served, path, caplog):
    _, app = served
    with caplog.at_level(logging.ERROR):
        _assert_refused(_post(app, path, "[" * 50_000 + "]" * 50_000))
        _assert_refused(_post(app, path, '{"a":' * 20_000 + "1" + "}" * 20_000))
        _assert_refused(_post(app, path, "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)))
    assert "Traceback" not in caplog.text


def test_the_nesting_count_skips_strings_as_json_reads_them():
    """Brackets inside strings are not nesting; an escaped quote does not end a string; an
    unterminated string (adversary 8: a body of escaped quotes with no closing one made the
    scan quadratic, 65 s for 96 KB) runs to the end, and json refuses the body."""
    from delivery_options.errors import OptionsError
    from delivery_options.serve.app import parse_body

    deep = "[" * (MAX_DEPTH + 1)
    assert parse_body(json.dumps({"a": deep, "b": 'x\\"' + deep}).encode(), "x")["a"] == deep
    assert parse_body(b'{"a": "\\\\", "b": [[1]]}', "x") == {"a": "\\", "b": [[1]]}
    for body in (b'"' + b'a\\"' * 80_000, b'{"a": "x' + deep.encode(), b'"abc\\'):
        with pytest.raises(OptionsError, match="not valid JSON"):
            parse_body(body, "x")
    nested = b'{"a": "\\"", "b": ' + deep.encode() + b"]" * (MAX_DEPTH + 1) + b"}"
    with pytest.raises(OptionsError, match="nested more than"):
        parse_body(nested, "x")


@pytest.mark.parametrize(
    "weights",
    [
        {"quality": 1e308, "cost": 1e308, "speed": 1},
        {"quality": int("9" * 401), "cost": 1, "speed": 1},
        {"quality": float("nan"), "cost": 1, "speed": 1},
        {"quality": float("inf"), "cost": 1, "speed": 1},
        {"quality": "1", "cost": 1, "speed": 1},
        {"quality": [1], "cost": 1, "speed": 1},
        [1, 2, 3],
    ],
)
def test_numbers_are_checked_as_the_command_line_checks_them(served, weights):
    _, app = served
    raw = json.dumps({"stakeholder": "even", "weights": weights})  # NaN and Infinity as JSON allows
    for path in ("/api/rank", "/api/switching", "/api/compare", "/api/save"):
        _assert_refused(_post(app, path, raw))


def test_an_interview_reply_that_is_a_list_is_refused(served):
    _, app = served
    start = _post(
        app,
        "/api/elicit/start",
        json.dumps({"id": "new", "order": ["quality", "cost", "speed"], "limit": 3}),
    )
    assert start.status_code == 200, start.get_data(as_text=True)
    interview = start.get_json()["interview"]
    for reply in (["a"], {"a": 1}, 1, None):
        body = {"interview": interview, "question": 1, "reply": reply}
        _assert_refused(_post(app, "/api/elicit/answer", json.dumps(body)))


def test_a_body_too_large_is_a_413(served):
    _, app = served
    _assert_refused(_post(app, "/api/rank", '{"name": "' + "x" * 300_000 + '"}'), 413)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["even", "quality", "cost", "speed", "a", "b", "same", "skip"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
BODIES = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6),
    JSON,
    st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=st.sampled_from(ENDPOINTS), body=BODIES)
def test_fuzzed_requests_to_every_endpoint_are_never_a_500(served, tmp_path_factory, path, body):
    ws, app = served
    raw = body if isinstance(body, str) else json.dumps(body)
    resp = _post(app, path, raw)
    assert resp.status_code < 500, (path, raw[:200], resp.get_data(as_text=True)[:300])
    assert resp.is_json
    if resp.status_code >= 400:
        assert isinstance(resp.get_json()["error"], str)
    # a save may have written a file: put the workspace back for the next example
    for extra in (ws / "weights").glob("*.toml"):
        if extra.stem not in TINY_WEIGHTS:
            extra.unlink()
    for name, text in TINY_WEIGHTS.items():
        (ws / "weights" / f"{name}.toml").write_text(text)
    shutil.rmtree(ws / "weights" / "__pycache__", ignore_errors=True)


def test_an_lp_the_core_cannot_solve_is_a_422_not_a_500(tmp_path, monkeypatch):
    """Adversary 5, finding 2c: a centre LP that ended 'failed' raised RuntimeError, which the
    server answered with a 500 and a traceback in its terminal."""
    ws = write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    room = Room(Appraisal.open(ws))

    def fails(body):
        raise RuntimeError("the Chebyshev-centre LP ended failed")

    monkeypatch.setattr(room, "rank", fails)
    app = create_app(room, TOKEN)
    resp = _post(app, "/api/rank", json.dumps({"stakeholder": "even"}))
    _assert_refused(resp, 422)
    assert "could not finish" in resp.get_json()["error"]
