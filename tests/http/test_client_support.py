"""Shared harness of the HTTP client tests (no tests of its own).

- ``RawServer``: a blocking TCP server in a thread that runs a script per
  connection (``RawConn``: read one request, send bytes, close or reset) and
  records every byte each connection sent, so tests can check the exact
  request bytes NodeKit's client puts on the wire.
- ``nodekit_server(handler, client)``: a NodeKit ``http.Server`` on
  127.0.0.1 port 0 in the loop; ``client(server, port)`` runs once it
  listens and must close the server when done.
- ``Body``: collects a response body and its ``'end'``.
- ``node_server(script)``: Node as a foreign HTTP peer, in a subprocess.
- ``python_http_server(handler_class)``: ``http.server`` in a thread.

Everything is bounded: socket timeouts, thread joins with a timeout, and
``run(main, timeout)`` from conftest.
"""

from __future__ import annotations

import contextlib
import http.server as http_server
import shutil
import socket
import struct
import subprocess
import threading
from collections.abc import Callable, Iterator
from typing import Any

from conftest import run

from nodekit import http

IO_TIMEOUT = 5.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RawConn:
    """One accepted connection of a :class:`RawServer` (blocking, with a timeout)."""

    def __init__(self, sock: socket.socket, index: int) -> None:
        self.sock = sock
        self.index = index
        self.data = b""  # everything received on this connection
        self._buf = b""
        sock.settimeout(IO_TIMEOUT)

    def _recv(self) -> bytes:
        chunk = self.sock.recv(65536)
        self.data += chunk
        return chunk

    def read_head(self) -> bytes:
        """Read up to and including the blank line; '' if the peer closed first."""
        while b"\r\n\r\n" not in self._buf:
            chunk = self._recv()
            if not chunk:
                buf, self._buf = self._buf, b""
                return buf
            self._buf += chunk
        head, _, self._buf = self._buf.partition(b"\r\n\r\n")
        return head + b"\r\n\r\n"

    def read_exact(self, n: int) -> bytes:
        while len(self._buf) < n:
            chunk = self._recv()
            if not chunk:
                break
            self._buf += chunk
        out, self._buf = self._buf[:n], self._buf[n:]
        return out

    def read_until(self, marker: bytes) -> bytes:
        while marker not in self._buf:
            chunk = self._recv()
            if not chunk:
                out, self._buf = self._buf, b""
                return out
            self._buf += chunk
        out, _, self._buf = self._buf.partition(marker)
        return out + marker

    def read_request(self) -> tuple[bytes, bytes]:
        """One request: (head, body) with the body de-framed (Content-Length or chunked)."""
        head = self.read_head()
        lower = head.lower()
        if b"\r\ncontent-length:" in lower:
            n = int(lower.split(b"\r\ncontent-length:")[1].split(b"\r\n")[0])
            return head, self.read_exact(n)
        if b"\r\ntransfer-encoding: chunked" in lower:
            body = b""
            while True:
                size_line = self.read_until(b"\r\n")
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.read_until(b"\r\n")  # (no trailers expected) the final CRLF
                    return head, body
                body += self.read_exact(size)
                self.read_exact(2)
        return head, b""

    def read_to_eof(self) -> bytes:
        out = self._buf
        self._buf = b""
        while True:
            try:
                chunk = self._recv()
            except (ConnectionResetError, TimeoutError):
                break
            if not chunk:
                break
            out += chunk
        return out

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def reset(self) -> None:
        """Close with an RST (SO_LINGER 0): the client sees ECONNRESET."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def close(self) -> None:
        self.sock.close()


class RawServer:
    """A scripted TCP server in a thread: ``handler(conn)`` runs per connection.

    Use as a context manager; on exit the server stops and any exception
    raised by a handler is re-raised in the test.
    """

    def __init__(self, handler: Callable[[RawConn], Any], host: str = "127.0.0.1") -> None:
        self.handler = handler
        self.listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, 0))
        self.listener.listen(16)
        self.listener.settimeout(0.2)
        self.port: int = self.listener.getsockname()[1]
        self.conns: list[RawConn] = []
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accepter = threading.Thread(target=self._accept_loop, daemon=True)
        self._accepter.start()

    @property
    def requests(self) -> list[bytes]:
        """All bytes received, per connection."""
        return [c.data for c in self.conns]

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                sock, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            conn = RawConn(sock, len(self.conns))
            self.conns.append(conn)
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(t)
            t.start()

    def _serve(self, conn: RawConn) -> None:
        try:
            self.handler(conn)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test
            self.errors.append(exc)
        finally:
            with contextlib.suppress(OSError):
                conn.sock.close()

    def close(self) -> None:
        self._stop.set()
        self._accepter.join(IO_TIMEOUT)
        self.listener.close()
        for t in self._threads:
            t.join(IO_TIMEOUT * 2)

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
        if self.errors and exc[0] is None:
            raise self.errors[0]


def respond(response: bytes, requests: int = 1) -> Callable[[RawConn], None]:
    """A RawServer handler: read ``requests`` requests, answer each with ``response``."""

    def handler(conn: RawConn) -> None:
        for _ in range(requests):
            head, _body = conn.read_request()
            if not head:
                return
            conn.send(response)

    return handler


OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


class Body:
    """Collects a response: its body bytes and whether ``'end'`` came."""

    def __init__(self, res: Any, on_end: Callable[[Body], Any] | None = None) -> None:
        self.res = res
        self.chunks: list[bytes] = []
        self.ended = False
        self._on_end = on_end
        res.on("data", self.chunks.append)
        res.on("end", self._end)

    def _end(self) -> None:
        self.ended = True
        if self._on_end is not None:
            self._on_end(self)

    @property
    def data(self) -> bytes:
        return b"".join(self.chunks)


def nodekit_server(handler: Callable[..., Any] | None,
                   client: Callable[[Any, int], Any], timeout: float = 10.0,
                   setup: Callable[[Any], Any] | None = None) -> None:
    """Run a NodeKit server with ``handler`` and call ``client(server, port)`` once listening."""

    def main() -> None:
        srv = http.create_server(handler) if handler is not None else http.create_server()
        if setup is not None:
            setup(srv)
        srv.listen(0, "127.0.0.1", lambda: client(srv, srv.address()["port"]))

    run(main, timeout=timeout)


def get_with(port: int, path: str = "/", **options: Any) -> dict[str, Any]:
    return {"host": "127.0.0.1", "port": port, "path": path, **options}


def _resume(res: Any) -> None:
    res.resume()


def request_resumed(must_call: Any, port: int, *args: Any, **options: Any) -> Any:
    """``http.request(get_with(port, ...), cb)`` whose one response is resumed."""
    return http.request(get_with(port, *args, **options), must_call(_resume))


def get_resumed(must_call: Any, port: int, *args: Any, **options: Any) -> Any:
    """``http.get(get_with(port, ...), cb)`` whose one response is resumed."""
    return http.get(get_with(port, *args, **options), must_call(_resume))


# -- foreign peers -------------------------------------------------------------

NODE = shutil.which("node")


@contextlib.contextmanager
def node_server(script: str) -> Iterator[int]:
    """Run ``script`` (JS that defines ``server``) under Node; yields its port.

    The script must call ``server.listen(0, '127.0.0.1', ...)``; the wrapper
    prints the port once listening and the process is killed on exit.
    """
    assert NODE is not None
    js = script + """
server.on('listening', () => console.log(server.address().port));
"""
    proc = subprocess.Popen([NODE, "-e", js], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        port_line = _readline_with_timeout(proc, IO_TIMEOUT * 2)
        yield int(port_line)
    finally:
        proc.kill()
        proc.communicate(timeout=IO_TIMEOUT)


def _readline_with_timeout(proc: subprocess.Popen[str], timeout: float) -> str:
    out: list[str] = []
    t = threading.Thread(target=lambda: out.append(proc.stdout.readline()),  # type: ignore[union-attr]
                         daemon=True)
    t.start()
    t.join(timeout)
    if not out or not out[0].strip():
        proc.kill()
        _, err = proc.communicate(timeout=IO_TIMEOUT)
        raise AssertionError(f"process did not report readiness: {err}")
    return out[0].strip()


@contextlib.contextmanager
def python_http_server(handler_class: type[http_server.BaseHTTPRequestHandler],
                       ) -> Iterator[int]:
    """``http.server.ThreadingHTTPServer`` on 127.0.0.1 port 0, in a thread."""
    srv = http_server.ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    try:
        yield srv.server_address[1]
    finally:
        srv.shutdown()
        srv.server_close()
        t.join(IO_TIMEOUT)
