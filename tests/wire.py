"""Wire helpers shared by the server's byte-exact tests: read exactly one
framed response off a raw socket, mask the Date, run a handler and capture
what went out."""

from __future__ import annotations

import re
import socket
from typing import Any

from tests.support import connect, serve

_DATE = re.compile(rb"\r\nDate: (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d "
                   rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                   rb"\d{4} \d\d:\d\d:\d\d GMT\r\n")


def mask_date(data: bytes) -> bytes:
    """Replace every IMF-fixdate ``Date`` value by ``X`` (a malformed one stays)."""
    return _DATE.sub(b"\r\nDate: X\r\n", data)


def _fill(sock: socket.socket, buf: bytes, need: int | bytes, start: int = 0) -> bytes:
    while (len(buf) < need) if isinstance(need, int) else (buf.find(need, start) < 0):
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"connection closed early; got {buf!r}")
        buf += chunk
    return buf


def read_message(sock: socket.socket, buf: bytes = b"", head_only: bool = False,
                 ) -> tuple[bytes, bytes]:
    """Read exactly one response as sent (head + framed body) -> (bytes, leftover)."""
    buf = _fill(sock, buf, b"\r\n\r\n")
    end = buf.index(b"\r\n\r\n") + 4
    head = buf[:end].lower()
    status = int(head.split(b" ", 2)[1])
    if head_only or status in (204, 304) or 100 <= status < 200:
        return buf[:end], buf[end:]
    te = re.search(rb"\r\ntransfer-encoding:([^\r]*)", head)
    cl = re.search(rb"\r\ncontent-length: *(\d+)", head)
    if te and te.group(1).strip().endswith(b"chunked"):
        pos = end
        while True:
            buf = _fill(sock, buf, b"\r\n", pos)
            eol = buf.index(b"\r\n", pos)
            size = int(buf[pos:eol].split(b";")[0], 16)
            pos = eol + 2
            if size == 0:
                buf = _fill(sock, buf, pos + 2)
                if buf[pos:pos + 2] != b"\r\n":  # trailers
                    buf = _fill(sock, buf, b"\r\n\r\n", pos)
                    pos = buf.index(b"\r\n\r\n", pos) + 2
                return buf[:pos + 2], buf[pos + 2:]
            buf = _fill(sock, buf, pos + size + 2)
            pos += size + 2
    if cl:
        total = end + int(cl.group(1))
        buf = _fill(sock, buf, total)
        return buf[:total], buf[total:]
    while True:  # close-delimited
        chunk = sock.recv(65536)
        if not chunk:
            return buf, b""
        buf += chunk


def respond(handler: Any, request: bytes = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
            **options: Any) -> bytes:
    """Serve ``request`` with ``handler``; the exact response bytes, Date masked."""

    def client(port: int) -> bytes:
        with connect(port) as sock:
            sock.sendall(request)
            msg, rest = read_message(sock, head_only=request.startswith(b"HEAD "))
            assert rest == b""
            return mask_date(msg)

    return serve(lambda srv: srv.on("request", handler), client, **options)


def call_in_handler(fn: Any) -> dict[str, Any]:
    """Run ``fn(res)`` inside a request handler; return what it recorded + the response."""
    out: dict[str, Any] = {}

    def handler(req: Any, res: Any) -> None:
        try:
            out["value"] = fn(res)
        except Exception as exc:  # noqa: BLE001 - inspected by the test
            out["error"] = exc
        if not res.writable_ended:
            res.end()

    out["wire"] = respond(handler, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    return out


KA = b"Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
