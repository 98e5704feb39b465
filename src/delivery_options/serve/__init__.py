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
#: Connections served at once (a thread each); one past it is closed at once. A browser opens
#: at most six to a server, so this is a room of tabs, and a bound on what idle sockets hold.
MAX_CONNECTIONS = 64
#: Seconds a connection may take to send a request's line and headers, and to send each
#: further part, or sit idle between requests, before it is closed; without it an idle socket
#: held a thread for ever.
IDLE_SECONDS = 30.0


class LiveServer:
    """The application served on a background thread (the command runs it in the foreground)."""

    def __init__(self, project: Path | str, host: str = "127.0.0.1", port: int | None = None):
        from werkzeug.serving import WSGIRequestHandler, make_server

        from ..appraisal import Appraisal
        from .app import LOCAL_HOSTS, create_app
        from .room import Room

        class Quiet(WSGIRequestHandler):
            timeout = IDLE_SECONDS  # applied to the connection by StreamRequestHandler.setup

            def log_request(self, *args, **kwargs) -> None:
                pass  # the log would show the token; errors are still reported

            def log_error(self, format: str, *args) -> None:
                if not format.startswith("Request timed out"):  # an idle connection closed
                    super().log_error(format, *args)

            def handle_one_request(self) -> None:
                # the whole request line and headers within IDLE_SECONDS, not each read: a
                # header line every few seconds held a connection for ever (adversary 9)
                self.deadline = threading.Timer(IDLE_SECONDS, self.give_up)
                self.deadline.daemon, self.deadline.name = True, "options-serve-deadline"
                self.deadline.start()
                try:
                    super().handle_one_request()
                finally:
                    self.deadline.cancel()

            def parse_request(self) -> bool:
                ok = super().parse_request()  # the headers are in; the answer takes its time
                self.deadline.cancel()
                return ok

            def give_up(self) -> None:
                import contextlib
                import socket

                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)

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
                _bounded(self.server)
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


def _bounded(server) -> None:
    """At most :data:`MAX_CONNECTIONS` connections served at once, each on its own thread (past
    it a connection is closed unanswered, and no thread is started); the server's own failures
    (a thread that cannot start, a connection reset) one escaped line each, never a traceback,
    and each kind said once."""
    import sys

    from ..present.escape import terminal

    slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
    spawn, serve_one = server.process_request, server.process_request_thread
    said: set[str] = set()

    def process_request(request, client_address) -> None:
        if not slots.acquire(blocking=False):
            server.shutdown_request(request)
            return
        try:
            spawn(request, client_address)
        except BaseException:
            slots.release()
            raise

    def process_request_thread(request, client_address) -> None:
        try:
            serve_one(request, client_address)
        finally:
            slots.release()

    def handle_error(request, client_address) -> None:
        exc = sys.exc_info()[1]
        what = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown"
        if what not in said and len(said) < 100:
            said.add(what)
            sys.stderr.write(f"error: a connection failed ({terminal(what)[:200]})\n")

    server.process_request = process_request
    server.process_request_thread = process_request_thread
    server.handle_error = handle_error


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
