"""Machinery shared by the hostile-input suite.

- :class:`Recorder`: the application. Its ``'request'`` listener records every
  ``(method, url, body)`` the server hands over (``body`` is ``None`` until the
  request ends, so an aborted request stays ``None``), and answers ``200``
  with a ``Content-Length`` body once the request body has ended.
- :func:`uncaught`: a ``process.on('uncaughtException')`` recorder (removed on
  exit), so an exception escaping into the loop fails the test instead of
  being swallowed or stopping ``run()`` somewhere else.
- :func:`exchange_raw`: send bytes on a fresh blocking socket, read until the
  server closes, and say how the connection ended.
- :func:`parse_responses`: split a byte stream into HTTP/1.x responses.
- :func:`check_vector`: run one row of ``vectors.py`` against a live server.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from nodekit import process
from tests.support import connect, serve

from .vectors import Vector

SENTINEL = b"GET /__end HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
NEXT = b"GET /__next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
READ_TIMEOUT = 3.0  # seconds a blocking client waits for more bytes before calling it a hang


# -- the application ------------------------------------------------------------
@dataclass
class Seen:
    method: str
    url: str
    body: bytes | None = None
    headers: int = 0
    trailers: list[str] = field(default_factory=list)
    aborted: bool = False

    def triple(self) -> tuple[str, str, bytes | None]:
        return (self.method, self.url, self.body)


class Recorder:
    """The 'request' listener of every server in this suite; see the module docstring."""

    def __init__(self, respond: bool = True, body: Callable[[Seen], bytes] | None = None) -> None:
        self.seen: list[Seen] = []
        self.respond = respond
        self.body = body or (lambda s: f"{s.method} {s.url}".encode("latin-1")[:200])

    def install(self, srv: Any) -> Recorder:
        srv.on("request", self.on_request)
        return self

    def on_request(self, req: Any, res: Any) -> None:
        entry = Seen(req.method, req.url, headers=len(req.raw_headers) // 2)
        self.seen.append(entry)
        chunks: list[bytes] = []
        req.on("data", lambda chunk: chunks.append(bytes(chunk)))
        req.on("aborted", lambda: setattr(entry, "aborted", True))

        def end() -> None:
            entry.body = b"".join(chunks)
            entry.trailers = list(req.raw_trailers)
            if self.respond and not res.writable_ended and not res.destroyed:
                payload = self.body(entry)
                res.set_header("Content-Type", "text/plain")
                res.set_header("Content-Length", len(payload))
                res.end(payload)

        req.on("end", end)

    def triples(self) -> list[tuple[str, str, bytes | None]]:
        return [s.triple() for s in self.seen if s.url not in ("/__end", "/__next")]


@contextlib.contextmanager
def uncaught() -> Iterator[list[BaseException]]:
    """Record what reaches ``process.on('uncaughtException')`` while the block runs."""
    errors: list[BaseException] = []

    def listener(err: BaseException, *_: Any) -> None:
        if type(err).__name__ == "Watchdog":
            raise err  # conftest's run() timeout must still stop the loop
        errors.append(err)

    process.on("uncaughtException", listener)
    try:
        yield errors
    finally:
        process.remove_listener("uncaughtException", listener)


# -- wire helpers ---------------------------------------------------------------
@dataclass
class Response:
    status: int
    head: bytes
    body: bytes

    def header(self, name: str) -> str | None:
        for line in self.head.split(b"\r\n")[1:]:
            key, _, value = line.partition(b":")
            if key.strip().lower() == name.lower().encode():
                return value.strip().decode("latin-1")
        return None


_STATUS_LINE = re.compile(rb"HTTP/1\.[01] (\d{3})[^\r\n]*\r\n")


def parse_responses(data: bytes, head_request: bool = False) -> tuple[list[Response], bytes]:
    """Split ``data`` into responses; returns them and whatever could not be parsed."""
    out: list[Response] = []
    i = 0
    while i < len(data):
        m = _STATUS_LINE.match(data, i)
        end = data.find(b"\r\n\r\n", i)
        if m is None or end < 0:
            return out, data[i:]
        status = int(m.group(1))
        head = data[i:end]
        i = end + 4
        lower = head.lower()
        cl = re.search(rb"\r\ncontent-length:[ \t]*(\d+)", lower)
        if status < 200 or status in (204, 304) or head_request:
            body = b""
        elif re.search(rb"\r\ntransfer-encoding:[^\r]*chunked", lower):
            body = b""
            while True:
                line_end = data.find(b"\r\n", i)
                if line_end < 0:
                    return out, data[i:]
                size = int(data[i:line_end].split(b";")[0], 16)
                i = line_end + 2
                if size == 0:
                    trailer_end = data.find(b"\r\n", i)
                    while trailer_end != i and trailer_end >= 0:
                        i = trailer_end + 2
                        trailer_end = data.find(b"\r\n", i)
                    i += 2
                    break
                body += data[i:i + size]
                i += size + 2
        elif cl is not None:
            n = int(cl.group(1))
            body = data[i:i + n]
            i += n
        else:
            body = data[i:]
            i = len(data)
        out.append(Response(status, head, body))
    return out, b""


RESETS: tuple[type[BaseException], ...] = (ConnectionResetError, ConnectionAbortedError)


def read_to_end(sock: socket.socket, timeout: float = READ_TIMEOUT,
                resets: tuple[type[BaseException], ...] = RESETS) -> tuple[bytes, str]:
    """Read until the peer closes. The second value is 'eof', 'reset' (one
    of ``resets`` raised) or 'open' (timed out)."""
    sock.settimeout(timeout)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            return b"".join(chunks), "open"
        except resets:
            return b"".join(chunks), "reset"
        if not chunk:
            return b"".join(chunks), "eof"
        chunks.append(chunk)


def split(data: bytes, size: int) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


def exchange_raw(port: int, data: bytes | list[bytes], shutdown: bool = False,
                 timeout: float = READ_TIMEOUT, pause: float = 0.0) -> tuple[bytes, str]:
    """Send ``data`` (a list: one send each) on a new connection; read until it closes."""
    with connect(port, timeout) as sock:
        pieces = data if isinstance(data, list) else [data]
        try:
            for piece in pieces:
                if piece:
                    sock.sendall(piece)
                    if pause:
                        time.sleep(pause)
            if shutdown:
                sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may close first (an early 400 / 431): read what it sent
        return read_to_end(sock, timeout)


def still_serving(port: int) -> int:
    """Status of a plain GET on a new connection (the server must keep serving)."""
    data, _ = exchange_raw(port, NEXT)
    responses, _ = parse_responses(data)
    return responses[0].status if responses else 0


def reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0: the peer gets a TCP RST instead of a FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def fd_count() -> int:
    return len(os.listdir("/proc/self/fd"))


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# -- one vector -------------------------------------------------------------------
@dataclass
class Outcome:
    responses: list[Response]
    leftover: bytes
    ended: str
    seen: list[Seen]
    uncaught: list[BaseException]
    next_status: int


def uses_shutdown(vec: Vector) -> bool:
    """Half-close instead of sending the sentinel?

    Yes when asked, and when the vector ends with a valid answer on a
    connection that must close (an HTTP/1.0 request, say): bytes sent after
    such a request are "data after close", which is its own family.
    """
    return vec.shutdown or (not vec.keep_alive and bool(vec.status) and vec.status[-1] < 400)


def run_vector(vec: Vector, piece: int = 0) -> Outcome:
    recorder = Recorder()

    def setup(srv: Any) -> None:
        for name, value in vec.attrs.items():
            setattr(srv, name, value)
        recorder.install(srv)

    def client(port: int) -> tuple[bytes, str, int]:
        shutdown = uses_shutdown(vec)
        data = vec.data if shutdown else vec.data + SENTINEL
        if piece:
            raw, ended = exchange_raw(port, split(data, piece), shutdown=shutdown, pause=0.001)
        else:
            raw, ended = exchange_raw(port, data, shutdown=shutdown)
        return raw, ended, still_serving(port)

    with uncaught() as errors:
        raw, ended, next_status = serve(setup, client, **vec.options)
    responses, leftover = parse_responses(raw)
    return Outcome(responses, leftover, ended, recorder.seen, errors, next_status)


def check_vector(vec: Vector, piece: int = 0) -> None:
    """The vector gets its answer, nothing is smuggled, the connection ends, the server lives.

    ``piece``: send the bytes in sends of that many bytes (with a 1 ms pause).
    """
    out = run_vector(vec, piece)
    assert out.uncaught == [], f"exception escaped to the loop: {out.uncaught!r}"
    statuses = tuple(r.status for r in out.responses)
    want_status = vec.status + ((200,) if vec.keep_alive else ())
    seen = tuple(s.triple() for s in out.seen if s.url != "/__next")
    want_seen = vec.seen + ((("GET", "/__end", b""),) if vec.keep_alive else ())
    assert seen == want_seen, f"application saw {seen!r}"
    assert statuses == want_status, f"answers {statuses!r} (leftover {out.leftover[:80]!r})"
    assert out.leftover == b"", f"unparsable bytes after the answers: {out.leftover[:80]!r}"
    assert out.ended in ("eof", "reset"), "the server left the connection open"
    if vec.headers is not None:
        assert out.seen[0].headers == vec.headers
    if vec.trailers is not None:
        assert tuple(out.seen[0].trailers) == vec.trailers
    for resp in out.responses:
        if resp.status >= 400 and not vec.keep_alive:
            # An error answer that ends the connection says so (Node's canned answers do).
            assert resp.header("connection") in ("close", None)
    assert out.next_status == 200, "the server stopped serving new connections"


def vector_params(vectors: list[Vector]) -> list[Any]:
    import pytest

    return [pytest.param(vec, id=vec.name) for vec in vectors]
