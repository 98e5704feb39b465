"""The server's connections are bounded (adversary 8, finding B): idle sockets opened by any
local process, with no token, held a thread each for ever, until threads could not start and
every further connection printed a traceback. Now each connection waits at most IDLE_SECONDS
for its request, at most MAX_CONNECTIONS are served at once (one more is closed unanswered),
and the server's own failures are one line each, said once."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request

import pytest

from conftest import TINY_OPTIONS, TINY_WEIGHTS, write_workspace
from delivery_options import serve


@pytest.fixture
def live(tmp_path, monkeypatch):
    monkeypatch.setattr(serve, "MAX_CONNECTIONS", 8, raising=False)
    monkeypatch.setattr(serve, "IDLE_SECONDS", 1.0, raising=False)
    ws = write_workspace(tmp_path / "ws", options=TINY_OPTIONS, weights=TINY_WEIGHTS)
    server = serve.LiveServer(ws, port=0).start()
    yield server
    server.stop()


def _idle(server, n: int) -> list[socket.socket]:
    """``n`` connections that send half a request line and wait."""
    out = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", server.port))
        s.sendall(b"GET / HTTP/1.1\r\n")
        out.append(s)
    return out


def _workspace(server) -> dict:
    req = urllib.request.Request(
        f"http://127.0.0.1:{server.port}/api/workspace",
        headers={"Authorization": f"Bearer {server.token}"},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)


def _threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith("Thread-"))


def test_idle_connections_are_closed_and_hold_no_thread(live):
    held = _idle(live, 5)
    time.sleep(0.3)
    busy = _threads()
    try:
        for s in held:  # each closed by the server after IDLE_SECONDS: recv sees the end
            s.settimeout(10)
            assert s.recv(1024) == b""
    finally:
        for s in held:
            s.close()
    time.sleep(0.5)
    assert _threads() <= busy - 5
    assert _workspace(live)["criteria"]


def test_past_the_bound_a_connection_is_closed_and_no_thread_started(live, capfd):
    held = _idle(live, 30)
    try:
        time.sleep(0.5)
        assert _threads() <= serve.MAX_CONNECTIONS + 2  # the server's own and the test's
        refused = [s for s in held[serve.MAX_CONNECTIONS :] if _closed(s)]
        assert len(refused) == len(held) - serve.MAX_CONNECTIONS
    finally:
        for s in held:
            s.close()
    time.sleep(1.5)  # the held ones time out; the server answers again
    assert _workspace(live)["criteria"]
    assert "Traceback" not in capfd.readouterr().err


def _closed(s: socket.socket) -> bool:
    s.settimeout(0.5)
    try:
        return s.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_a_request_sent_a_header_at_a_time_is_cut_off(live):
    """Adversary 9: a header line every few seconds reset the socket's timeout each time, so 64
    such connections locked the page out for as long as they were kept up."""
    s = socket.create_connection(("127.0.0.1", live.port))
    s.sendall(b"GET / HTTP/1.1\r\n")
    s.settimeout(0.2)
    start, closed = time.monotonic(), False
    try:
        while time.monotonic() - start < 8 and not closed:
            try:
                s.sendall(b"X-Drip: 1\r\n")
                closed = s.recv(1024) == b""
            except TimeoutError:
                continue
            except OSError:
                closed = True
    finally:
        s.close()
    assert closed and time.monotonic() - start < 5  # IDLE_SECONDS is 1 here
