"""Wire-level test support: a NodeKit server in the loop, a blocking client in a thread.

``serve(setup, client)``: ``setup(server)`` configures an ``http.Server``
(listeners, limits); once it listens on 127.0.0.1 port 0, ``client(port)``
runs in a thread with plain blocking sockets (independent of NodeKit's own
client) and its return value is returned. The server is closed (all its
connections destroyed) when the client returns, so ``run()`` goes idle.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from nodekit import http, runtime

from .conftest import run


def serve(setup: Callable[[Any], Any] | None, client: Callable[[int], Any],
          timeout: float = 15.0, server: Any = None, **options: Any) -> Any:
    result: dict[str, Any] = {}
    rt: Any = None
    srv = server if server is not None else http.create_server(options or None)

    def client_thread(port: int, loop: Any) -> None:
        try:
            result["value"] = client(port)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            result["error"] = exc
        finally:
            loop.call_soon_threadsafe(_finish, srv, rt)

    def main() -> None:
        nonlocal rt
        if setup is not None:
            setup(srv)
        loop = runtime.get_loop()
        # Keep run() going until the client thread is done, even if the
        # server closes (or is closed by the test) before that.
        rt = runtime.current()
        rt.ref()

        def on_listening() -> None:
            port = srv.address()["port"]
            threading.Thread(target=client_thread, args=(port, loop), daemon=True).start()

        srv.listen(0, "127.0.0.1", on_listening)

    run(main, timeout=timeout)
    if "error" in result:
        raise result["error"]
    return result.get("value")


def _finish(srv: Any, rt: Any) -> None:
    rt.unref()
    if srv.listening:
        srv.close()
    if hasattr(srv, "close_all_connections"):
        srv.close_all_connections()


def connect(port: int, timeout: float = 5.0) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def exchange(port: int, data: bytes, timeout: float = 5.0) -> bytes:
    """Send ``data``, then read until the server closes the connection."""
    with connect(port, timeout) as sock:
        sock.sendall(data)
        return read_all(sock)


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def read_until(sock: socket.socket, marker: bytes, limit: int = 1 << 20) -> bytes:
    buf = b""
    while marker not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            break
        buf += chunk
        if len(buf) > limit:
            raise AssertionError("marker not found")
    return buf


def read_response(sock: socket.socket) -> tuple[bytes, bytes]:
    """Read one response (Content-Length, chunked, or no-body) → (head, body)."""
    buf = read_until(sock, b"\r\n\r\n")
    head, _, rest = buf.partition(b"\r\n\r\n")
    lower = head.lower()
    status = int(head.split(b" ", 2)[1])
    if b"\r\ncontent-length:" in lower:
        length = int(lower.split(b"\r\ncontent-length:")[1].split(b"\r\n")[0])
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        return head, rest[:length]
    if b"transfer-encoding: chunked" in lower:
        while not rest.endswith(b"0\r\n\r\n") and b"\r\n0\r\n" not in rest:
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        return head, rest
    if status in (204, 304) or 100 <= status < 200:
        return head, rest
    return head, rest + read_all(sock)


def header_lines(head: bytes) -> list[str]:
    """The header lines of a response head, without the status line, Date dropped."""
    lines = head.decode("latin-1").split("\r\n")[1:]
    return [line for line in lines if line and not line.lower().startswith("date:")]


def strip_date(data: bytes) -> bytes:
    out = []
    for line in data.split(b"\r\n"):
        if not line.lower().startswith(b"date: "):
            out.append(line)
    return b"\r\n".join(out)


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


class Loop:
    """Run a callable in NodeKit's loop from the client thread and wait for it."""

    def __init__(self) -> None:
        self.loop: Any = None

    def bind(self, *_: Any) -> None:
        self.loop = runtime.get_loop()

    def call(self, fn: Any, *args: Any) -> Any:
        done = threading.Event()
        box: dict[str, Any] = {}

        def job() -> None:
            try:
                box["value"] = fn(*args)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the client thread
                box["error"] = exc
            finally:
                done.set()

        self.loop.call_soon_threadsafe(job)
        assert done.wait(5), "the loop did not run the call"
        if "error" in box:
            raise box["error"]
        return box.get("value")
