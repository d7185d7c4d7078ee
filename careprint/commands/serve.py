"""`careprint serve`: the web page on this computer, over one library."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from careprint.problems import CareprintError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@dataclass(frozen=True, slots=True)
class ServeOptions:
    library: Path = Path(".")
    host: str = DEFAULT_HOST  # any other address needs CAREPRINT_SERVE_TOKEN
    port: int = DEFAULT_PORT


def serve(options: ServeOptions, ready: Callable[[str], None] = lambda url: None) -> None:
    """Serve until stopped (Ctrl-C). `ready` gets the address once the port is open."""
    from werkzeug.serving import make_server

    from careprint.web import create_app
    from careprint.web.security import Guard, check_bind

    guard = Guard.from_env()
    check_bind(options.host, guard)  # before anything listens
    if not (options.library / "handouts").is_dir():
        raise CareprintError(f"{options.library / 'handouts'} is not a folder: run careprint "
                             "serve in the clinic's library, or give --library DIR")
    app = create_app(options.library, guard)
    try:
        server = make_server(options.host, options.port, app, threaded=True)
    except OSError as err:
        raise CareprintError(f"cannot listen on {options.host}:{options.port} "
                             f"({err.strerror}); choose another --port") from None
    host = f"[{options.host}]" if ":" in options.host else options.host
    _stop_on_terminate()
    ready(f"http://{host}:{server.server_port}/")
    try:
        server.serve_forever()
    finally:
        server.server_close()


def _stop_on_terminate() -> None:
    """A service manager's SIGTERM stops the server as Ctrl-C does: Python then exits cleanly,
    and a library check's worker processes are shut down instead of left behind."""
    import signal
    import threading

    def stop(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
