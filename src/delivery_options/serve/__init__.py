"""``options serve``: the decision-conference view, a live model in the browser.

The page (``static/``) calls a small JSON API (:mod:`.app`, Flask) over a :class:`.room.Room`,
which only calls the core and renders. The server listens on 127.0.0.1 unless told otherwise,
and every request needs the random token printed in the address. Flask is imported only here,
so that the other commands never pay for it.

Besides the weights, the page shows the short list (the screen), what the chosen stakeholder has
said (its statements, as ``options infer``) and asks the interview of ``options elicit``
(:mod:`.elicit`, over the pure engine of :mod:`delivery_options.methods.elicitation`), saving
the answers as a weights file of statements.
"""

from __future__ import annotations

import secrets
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from ..errors import OptionsError

#: The first port tried when none is given, and how many after it.
DEFAULT_PORT, PORT_TRIES = 8750, 10


class LiveServer:
    """The application served on a background thread (the command runs it in the foreground)."""

    def __init__(self, project: Path | str, host: str = "127.0.0.1", port: int | None = None):
        from werkzeug.serving import WSGIRequestHandler, make_server

        from ..appraisal import Appraisal
        from .app import LOCAL_HOSTS, create_app
        from .room import Room

        class Quiet(WSGIRequestHandler):
            def log_request(self, *args, **kwargs) -> None:
                pass  # the log would show the token; errors are still reported

        self.token = secrets.token_urlsafe(32)
        self.room = Room(Appraisal.open(project))
        hosts = (
            None  # every interface: its names cannot be known; the token still guards
            if host in ("0.0.0.0", "::", "")
            else LOCAL_HOSTS
            if host in LOCAL_HOSTS
            else (*LOCAL_HOSTS, host)
        )
        app = create_app(self.room, self.token, hosts)
        ports = [port] if port is not None else range(DEFAULT_PORT, DEFAULT_PORT + PORT_TRIES)
        for p in ports:
            try:
                _probe(host, p)  # werkzeug would print its own lines and exit the process
                self.server = make_server(host, p, app, threaded=True, request_handler=Quiet)
                break
            except OSError as exc:
                last = exc
        else:
            raise OptionsError(
                f"cannot listen on {host} port {ports[0]}"
                + (f" to {ports[-1]}" if len(ports) > 1 else "")
                + f" ({last.strerror}); choose another with --port",
                "port",
            )
        self.host, self.port = host, self.server.server_port
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The address to open, with the token."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/?token={self.token}"

    def start(self) -> LiveServer:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)


def _probe(host: str, port: int) -> None:
    """Raise the OSError a server would meet binding ``host``:``port`` (in use, not allowed)."""
    import socket

    if port == 0:
        return
    for family, kind, proto, _, address in socket.getaddrinfo(
        host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[:1]:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)


def run(
    project: Path | str,
    host: str = "127.0.0.1",
    port: int | None = None,
    browser: bool = True,
    say: Callable[[str], None] = print,
    warn: Callable[[str], None] = print,
) -> None:
    """Serve until Ctrl-C: print the address and open it in the browser."""
    server = LiveServer(project, host, port)
    if host not in ("127.0.0.1", "localhost", "::1"):
        warn(
            f"warning: serving on {host}, not only on this computer: anyone who can reach it "
            "and has the address below (with its token) can see and change the weights"
        )
    say(f"Serving {server.room.app.workspace.title}")
    say(f"Open {server.url}")
    say("Press Ctrl-C to stop.")
    if browser:
        threading.Timer(0.5, webbrowser.open, args=(server.url,)).start()
    try:
        server.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server.server_close()
