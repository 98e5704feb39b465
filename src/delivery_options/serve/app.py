"""The web application: the page, its static files and the JSON API, with the token checks.

Every request needs the token: ``?token=`` (the printed address; the page then redirects to
itself without it and keeps the token in an HttpOnly, SameSite=Strict cookie), the cookie, or
``Authorization: Bearer <token>``. Requests naming another host (DNS rebinding) or coming from
another origin are refused, and so is any POST that is not same-origin JSON. No file path is
taken from a request: the static files are a fixed list read from the package at start.

    POST /api/rank       {"stakeholder": id, "weights": {criterion: number}}  options rank JSON
    POST /api/switching  the same body: what it would take for each option to come first
    POST /api/move       the same body (+ criterion, vfm): rank, switching, graph (and value
                         for money) in one answer
    POST /api/first      the same body + option, start: weights under which it comes first
    POST /api/graph      the same body + criterion: the sensitivity graph of that weight
    POST /api/vfm        the same body: each option's value and present cost (options value)
    POST /api/compare    {} or the same body: every stakeholder side by side (+ the room)
    POST /api/save       the same body + id, name, rationale, replace, keep_constraints
    GET  /api/version    the workspace files' version, read again when they changed on disk;
                         ?tab=&stakeholder=&locked=: other tabs on that stakeholder, the
                         weights they moved and the weights they locked
    GET  /api/workspace  criteria, options, stakeholders and what each would accept
    GET  /api/screen     the long list against the requirements: the short list, and why not
    POST /api/statements {"stakeholder": id}: what it said and whether it holds (options infer)
    POST /api/elicit/start   {"id", "name", "order", "ratings", "limit"}: an interview
    POST /api/elicit/answer  {"interview", "question": number, "reply": a, b, same or skip}
    POST /api/elicit/back    {"interview"}: take back the last answer
    POST /api/elicit/save    {"interview", "replace"}: weights/<id>.toml of its statements
    GET  /api/elicit/kept    interviews kept in .options-serve/interviews/, to resume
    POST /api/elicit/resume  {"file"}: open a kept interview again
"""

from __future__ import annotations

import hmac
import json
import math
import re
import time
from collections.abc import Callable
from importlib import resources
from typing import Any

from flask import Flask, Response, redirect, request

from ..errors import OptionsError
from ..present.escape import terminal
from .room import Room

STATIC = {
    "app.js": "text/javascript; charset=utf-8",
    "charts.js": "text/javascript; charset=utf-8",
    "room.js": "text/javascript; charset=utf-8",
    "interview.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
#: The page for a page load without the token: most often a tab from before a restart (each
#: start makes a new token), or an address typed without it. Plain HTML, no script.
STALE = b"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>options: open the address again</title></head>
<body>
<h1>This address needs the server's current token</h1>
<p>The <code>options serve</code> that made this page has stopped or been restarted (each start
makes a new token), or the address was opened without its token.</p>
<p>To reopen: look in the terminal where <code>options serve</code> runs (start it again if it
has stopped) and open the address it printed, the one ending in <code>?token=...</code>.</p>
<p>Nothing saved is lost: the weights files are in the workspace's <code>weights/</code> folder.
The weights the room had moved are kept in this browser: the reopened page offers to bring
them back.</p>
</body></html>
"""
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _files() -> dict[str, bytes]:
    folder = resources.files("delivery_options.serve") / "static"
    names = ["index.html", *STATIC]
    return {name: (folder / name).read_bytes() for name in names}


def create_app(room: Room, token: str, hosts: tuple[str, ...] | None = LOCAL_HOSTS) -> Flask:
    """The Flask application for ``room``; ``hosts`` are the host names a request may name
    (None: any, for a server on every interface, whose names cannot be known)."""
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    files = _files()
    allowed = None if hosts is None else {h.strip("[]").lower() for h in hosts}

    def cookie_name() -> str:
        # cookies ignore the port: one per port, so that two servers do not share a token
        return f"options-token-{request.environ.get('SERVER_PORT', '')}"

    def has_token() -> bool:
        given = [request.args.get("token", ""), request.cookies.get(cookie_name(), "")]
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            given.append(auth[len("Bearer ") :])
        return any(g and hmac.compare_digest(g.encode(), token.encode()) for g in given)

    def refused(status: int, message: str) -> Response:
        return _json({"error": message}, status)

    @app.before_request
    def guard() -> Response | None:
        if allowed is not None and _host_name(request.host) not in allowed:
            return refused(403, "this address is not served here (check the host name)")
        origin = request.headers.get("Origin")
        if origin is not None and origin != f"{request.scheme}://{request.host}":
            return refused(403, "requests from other web sites are refused")
        if request.method == "POST":
            if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                return refused(403, "requests from other web sites are refused")
            if not request.is_json:
                return refused(415, "send JSON (Content-Type: application/json)")
        if not has_token():
            if request.method == "GET" and not request.path.startswith(("/api/", "/static/")):
                return Response(STALE, 403, content_type="text/html; charset=utf-8")
            return refused(
                403,
                "open the address that `options serve` printed: it holds the token",
            )
        return None

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Cache-Control"] = "no-store"
        return resp

    @app.get("/")
    def index() -> Response:
        if request.args.get("token"):
            # keep the token in a cookie, and out of the address bar and the history
            resp = redirect("/", code=303)
            resp.set_cookie(cookie_name(), token, httponly=True, samesite="Strict", path="/")
            return resp
        return Response(files["index.html"], content_type="text/html; charset=utf-8")

    @app.get("/static/<name>")
    def static_file(name: str) -> Response:
        if name not in STATIC:
            return refused(404, "no such file")
        return Response(files[name], content_type=STATIC[name])

    def api(compute: Callable[[Any], Any]) -> Callable[[], Response]:
        def view() -> Response:
            began = time.perf_counter()
            try:
                body = parse_body(request.get_data(cache=False), compute.__name__)
                with_result = compute(body)
            except OptionsError as exc:
                return refused(400, str(exc))
            except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
                # a request the checks above let through and the core could not use: the
                # client's fault as far as the page can tell; one line, never a traceback
                return refused(400, f"the request's values cannot be used ({type(exc).__name__})")
            except RuntimeError as exc:  # an LP the core could not solve (HiGHS gave up)
                return refused(422, f"the analysis could not finish: {exc}")
            if isinstance(with_result, str):  # already rendered, as the command line does
                resp = Response(with_result, content_type="application/json")
            else:
                resp = _json(with_result)
            # how long the server took (Server-Timing), for the latency benchmark
            resp.headers["Server-Timing"] = f"app;dur={1000 * (time.perf_counter() - began):.1f}"
            return resp

        view.__name__ = compute.__name__
        return view

    app.add_url_rule("/api/rank", view_func=api(room.rank), methods=["POST"])
    app.add_url_rule("/api/switching", view_func=api(room.switching), methods=["POST"])
    app.add_url_rule("/api/move", view_func=api(room.move), methods=["POST"])
    app.add_url_rule("/api/first", view_func=api(room.first), methods=["POST"])
    app.add_url_rule("/api/graph", view_func=api(room.graph), methods=["POST"])
    app.add_url_rule("/api/vfm", view_func=api(room.vfm), methods=["POST"])
    app.add_url_rule("/api/compare", view_func=api(room.compare), methods=["POST"])
    app.add_url_rule("/api/save", view_func=api(room.save), methods=["POST"])
    app.add_url_rule("/api/statements", view_func=api(room.statements), methods=["POST"])
    for name in ("start", "answer", "back", "save", "resume"):
        view = api(getattr(room, f"elicit_{name}"))
        app.add_url_rule(f"/api/elicit/{name}", view_func=view, methods=["POST"])

    @app.get("/api/workspace")
    def workspace() -> Response:
        with room.lock:
            return _json(room.workspace())

    @app.get("/api/elicit/kept")
    def elicit_kept() -> Response:
        return _json(room.elicit_kept())

    @app.get("/api/version")
    def version() -> Response:
        out = room.check()
        args = request.args
        out["others"] = room.others(args.get("tab"), args.get("stakeholder"), args.get("locked"))
        return _json(out)

    @app.get("/api/screen")
    def screen() -> Response:
        return _json(room.screen())

    @app.errorhandler(404)
    def not_found(exc) -> Response:
        return refused(404, "not found")

    @app.errorhandler(405)
    def not_allowed(exc) -> Response:
        return refused(405, "method not allowed")

    @app.errorhandler(413)
    def too_large(exc) -> Response:
        return refused(413, "the request is too large")

    @app.errorhandler(500)
    def failed(exc) -> Response:
        return refused(500, "internal error: the server could not answer (see its terminal)")

    def log_exception(exc_info) -> None:  # one line in the terminal, not a traceback
        app.logger.error("error: %s: %s", exc_info[0].__name__, terminal(str(exc_info[1])[:200]))

    app.log_exception = log_exception
    return app


# --- the request-parsing layer: every body bounded and typed before a view sees it -----------

#: Largest body, deepest nesting and largest number a request may hold. The numbers bound
#: every sum the core makes of a request's numbers (at most MAX_BODY / 2 numbers of at most
#: MAX_NUMBER each: nowhere near overflow), as the command line bounds a file's.
MAX_BODY = 256 * 1024
MAX_DEPTH = 16
MAX_NUMBER = 1e15
#: A JSON string, or an unterminated one running to the end: possessive, so each quote is
#: scanned from once (with backtracking, a body of escaped quotes took quadratic time).
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)', re.S)


#: Fields whose type the room does not check itself before using them; every other field's
#: type is checked where it is used, with its own message (``checks.safe_id``, ``checks.as_text``,
#: ``Appraisal.with_weights``, ``elicit.begin``, ``elicit.Interviews.get``), which the fuzz
#: test over every endpoint holds to a 4xx.
SHAPES: dict[str, dict[str, tuple[type, str]]] = {
    "elicit_answer": {"reply": (str, "a, b, same or skip")},
}


def parse_body(raw: bytes, endpoint: str) -> dict[str, Any]:
    """The JSON object of a request, bounded before it is parsed (size, nesting depth) and
    checked after (numbers finite and at most MAX_NUMBER in size, each field of its type);
    any problem an :class:`OptionsError` (a 400), never an exception of the parser's."""
    if len(raw) > MAX_BODY:
        raise OptionsError("the request is too large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise OptionsError("the request body is not UTF-8 JSON") from None
    depth = 0
    for byte in _STRINGS.sub(b'""', raw):
        if byte in b"[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise OptionsError(f"the request is nested more than {MAX_DEPTH} deep")
        elif byte in b"]}":
            depth -= 1
    try:
        body = json.loads(text, parse_constant=_no_constant, parse_int=_int, parse_float=_float)
    except (ValueError, RecursionError):
        raise OptionsError("the request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise OptionsError("the request must be a JSON object")
    for key, (kind, words) in SHAPES.get(endpoint, {}).items():
        if not isinstance(body.get(key), kind):
            raise OptionsError(f"{key} must be {words}", key)
    return body


def _no_constant(name: str) -> None:
    raise OptionsError(f"{name} is not a number the appraisal can use")


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 15:
        raise OptionsError(f"the number {text[:20]}... is too large (at most {MAX_NUMBER:g})")
    return int(text)


def _float(text: str) -> float:
    x = float(text)
    if not math.isfinite(x) or abs(x) > MAX_NUMBER:
        raise OptionsError(f"the number {text[:20]} is too large (at most {MAX_NUMBER:g})")
    return x


def _json(data: Any, status: int = 200) -> Response:
    from ..present.json import rounded

    text = json.dumps(rounded(data), ensure_ascii=False, allow_nan=False)
    return Response(text + "\n", status=status, content_type="application/json")


def _host_name(host: str) -> str:
    """The host name of a Host header, without its port (``[::1]:8750`` gives ``::1``)."""
    if host.startswith("["):
        return host[1 : host.find("]")].lower() if "]" in host else ""
    return host.rsplit(":", 1)[0].lower() if ":" in host else host.lower()
