"""``end(data)`` with nothing sent yet goes out in one write (issue 12's fast path,
``OutgoingMessage._end_at_once``): the bytes on the wire, the callbacks and the
order of 'finish' are the same as through the generic write path.

Each case runs twice on a real server: as is, and with a ``ServerResponse``
whose ``end`` always takes the generic path (``_end_written``); the two wires
must be equal, and the expected bytes are spelled out for the common ones.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import run
from test_client_support import RawServer, get_with

from nodekit import http, runtime
from nodekit.http import ServerResponse
from tests.support import connect, serve
from tests.wire import mask_date, read_message, respond

GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
HEAD = b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
KA = b"Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n"


class GenericResponse(ServerResponse):
    """The write path before the fast one: end(data) = write the chunk, then end."""

    def _end_at_once(self, chunk: Any, encoding: Any) -> None:
        self._end_written(chunk, encoding)


class _RecordingTransport:
    """A socket's transport that records each ``write`` and passes it on."""

    def __init__(self, transport: Any, writes: list[bytes]) -> None:
        self._inner = transport
        self._writes = writes

    def write(self, data: Any) -> None:
        self._writes.append(bytes(data))
        self._inner.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def both(handler: Any, request: bytes = GET) -> bytes:
    """The response to ``request``, checked equal on the fast and the generic path;
    each fast response's raw socket writes are recorded in ``handler.writes``."""
    writes: list[bytes] = []

    def counting(req: Any, res: Any) -> None:
        # Recorded where the bytes reach the transport: compiled, the response
        # calls the socket's _write_raw as a C method, past any attribute set
        # on the socket.
        sock = res.socket
        transport = sock._transport
        sock._transport = _RecordingTransport(transport, writes)
        try:
            handler(req, res)
        finally:
            sock._transport = transport

    fast = respond(counting, request)
    generic = respond(handler, request, server_response=GenericResponse)
    assert fast == generic
    both.writes = writes  # type: ignore[attr-defined]
    return fast


def test_hello_world_after_write_head_is_one_chunked_write():
    """The benchmark's handler: write_head decided chunked (Node's too)."""
    def handler(req, res):
        res.write_head(200, {"Content-Type": "text/plain"})
        res.end("Hello, World!")

    assert both(handler) == (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: X\r\n"
                             + KA + b"Transfer-Encoding: chunked\r\n\r\n"
                             b"d\r\nHello, World!\r\n0\r\n\r\n")
    assert len(both.writes) == 1


def test_bytes_end_is_one_write_with_content_length():
    def handler(req, res):
        res.set_header("Content-Type", "text/plain")
        res.end(b"Hello, World!")

    assert both(handler) == (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: X\r\n"
                             + KA + b"Content-Length: 13\r\n\r\nHello, World!")
    assert len(both.writes) == 1


def test_str_end_without_write_head_counts_encoded_bytes():
    wire = both(lambda req, res: res.end("h\u00e9llo"))
    assert wire == (b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
                    + b"Content-Length: 6\r\n\r\nh\xc3\xa9llo")
    assert len(both.writes) == 1


@pytest.mark.parametrize("encoding, body", [("latin1", b"h\xe9"), ("hex", b"\xab\xcd"),
                                            ("base64", b"hi")])
def test_encoding_argument(encoding, body):
    text = {"latin1": "h\u00e9", "hex": "abcd", "base64": "aGk="}[encoding]
    wire = both(lambda req, res: res.end(text, encoding))
    assert wire.endswith(b"Content-Length: %d\r\n\r\n" % len(body) + body)


@pytest.mark.parametrize("chunk", [b"", "", bytearray(b"xy"), memoryview(b"xyz")])
def test_empty_and_bytes_like_chunks(chunk):
    wire = both(lambda req, res: res.end(chunk))
    body = chunk.encode() if isinstance(chunk, str) else bytes(chunk)
    assert wire.endswith(b"Content-Length: %d\r\n\r\n" % len(body) + body)


def test_head_request_sends_the_head_alone():
    """Node v20 frames no body for HEAD: no Content-Length either."""
    wire = both(lambda req, res: res.end("body"), HEAD)
    assert wire == b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"\r\n"
    assert len(both.writes) == 1


@pytest.mark.parametrize("status", [204, 304])
def test_no_body_statuses(status):
    def handler(req, res):
        res.status_code = status
        res.end("dropped")

    wire = both(handler)
    assert wire.startswith(b"HTTP/1.1 %d " % status)
    assert b"dropped" not in wire
    assert len(both.writes) == 1


def test_reject_non_standard_body_writes_still_raises():
    seen: list[str] = []

    def handler(req, res):
        res.status_code = 204
        try:
            res.end("x")
        except Exception as exc:  # noqa: BLE001 - inspected below
            seen.append(exc.code)
            res.end()

    respond(handler, reject_non_standard_body_writes=True)
    respond(handler, reject_non_standard_body_writes=True, server_response=GenericResponse)
    assert seen == ["ERR_HTTP_BODY_NOT_ALLOWED"] * 2


def test_chunked_forced_by_transfer_encoding_header():
    def handler(req, res):
        res.set_header("Transfer-Encoding", "chunked")
        res.end("hello")

    wire = both(handler)
    assert wire == (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDate: X\r\n" + KA
                    + b"\r\n5\r\nhello\r\n0\r\n\r\n")
    assert len(both.writes) == 1


def test_chunked_empty_end_sends_only_the_last_chunk():
    def handler(req, res):
        res.write_head(200, {"Transfer-Encoding": "chunked"})
        res.end(b"")

    assert both(handler).endswith(b"\r\n\r\n0\r\n\r\n")


def test_chunked_large_end_is_framed_the_same():
    big = b"z" * 20000

    def handler(req, res):
        res.write_head(200, {"Transfer-Encoding": "chunked"})
        res.end(big)

    assert both(handler).endswith(b"\r\n\r\n4e20\r\n" + big + b"\r\n0\r\n\r\n")


def test_trailers_follow_the_last_chunk():
    def handler(req, res):
        res.write_head(200, {"Transfer-Encoding": "chunked", "Trailer": "X-Sum"})
        res.add_trailers({"X-Sum": "42"})
        res.end("ab")

    assert both(handler).endswith(b"\r\n\r\n2\r\nab\r\n0\r\nX-Sum: 42\r\n\r\n")
    assert len(both.writes) == 1


def test_strict_content_length_mismatch_raises_as_before():
    seen: list[str] = []

    def handler(req, res):
        res.strict_content_length = True
        res.set_header("Content-Length", "5")
        try:
            res.end("abc")
        except Exception as exc:  # noqa: BLE001 - inspected below
            seen.append(exc.code)
            res.destroy()

    for cls in (None, GenericResponse):
        with pytest.raises(AssertionError):  # the connection is destroyed: no response
            respond(handler, **({"server_response": cls} if cls else {}))
    assert seen == ["ERR_HTTP_CONTENT_LENGTH_MISMATCH"] * 2


def test_after_a_write_end_takes_the_write_path():
    def handler(req, res):
        res.write("a")
        res.end("b")

    assert both(handler).endswith(b"\r\n\r\n1\r\na\r\n1\r\nb\r\n0\r\n\r\n")


def test_callback_and_finish_order(must_call):
    orders: list[list[str]] = []

    def handler(req, res):
        order: list[str] = []
        orders.append(order)
        res.on("prefinish", lambda: order.append("prefinish"))
        res.on("finish", lambda: order.append("finish listener"))
        res.end("x", lambda: order.append("callback"))
        order.append("returned")
        res.on("close", lambda: order.append("close"))

    both(handler)
    assert len(orders) == 2
    assert orders[0] == orders[1] == ["returned", "prefinish", "finish listener", "callback",
                                      "close"]


def test_end_with_encoding_and_callback_positional(must_call):
    called = must_call(times=2)
    both(lambda req, res: res.end("aGk=", "base64", called))


def _recording(got: list[bytes]):
    """A raw handler keeping each request (head and body) in ``got``,
    answered with an empty 200 and Connection: close."""

    def handler(conn):
        head, body = conn.read_request()
        got.append(head + body)
        conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    return handler


def test_client_request_end_with_body_is_the_same_request():
    """ClientRequest shares the path: a POST ended with its body, as one write."""
    got: list[bytes] = []
    with RawServer(_recording(got)) as server:
        def main() -> None:
            req = http.request(get_with(server.port, method="POST",
                                        headers={"Connection": "close"}),
                               lambda res: res.resume())
            req.end("payload")

        run(main)
    assert got == [b"POST / HTTP/1.1\r\nConnection: close\r\nHost: 127.0.0.1:%d\r\n"
                   b"Content-Length: 7\r\n\r\npayload" % server.port]


def test_a_queued_pipelined_response_is_buffered_then_sent_in_order():
    """The second of two pipelined requests ends at once while the first still
    owns the socket: its one payload waits in the output buffer."""
    def on_request(req, res):
        if req.url == "/slow":
            runtime.set_timeout(lambda: res.end("first"), 20)
        else:
            res.end("second")

    def client(port: int) -> list[bytes]:
        with connect(port) as sock:
            sock.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                         b"GET /fast HTTP/1.1\r\nHost: x\r\n\r\n")
            first, rest = read_message(sock)
            second, rest = read_message(sock, rest)
            assert rest == b""
            return [mask_date(first), mask_date(second)]

    for options in ({}, {"server_response": GenericResponse}):
        got = serve(lambda srv: srv.on("request", on_request), client, **options)
        assert [m.split(b"\r\n\r\n")[1] for m in got] == [b"first", b"second"]
        assert got[1] == b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 6\r\n\r\nsecond"


@pytest.mark.parametrize("path, tail", [("/plain", b"Content-Length: 0\r\n\r\n"),
                                        ("/chunked", b"timeout=5\r\n\r\n0\r\n\r\n"),
                                        ("/204", b"Keep-Alive: timeout=5\r\n\r\n")])
def test_a_bare_end_takes_the_same_path(path, tail):
    def handler(req, res):
        if req.url == "/chunked":
            res.write_head(200, {"Transfer-Encoding": "chunked"})
        elif req.url == "/204":
            res.status_code = 204
        res.end()

    wire = both(handler, f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert wire.endswith(tail)
    assert len(both.writes) == 1


def test_client_get_end_without_body():
    got: list[bytes] = []
    with RawServer(_recording(got)) as server:
        run(lambda: http.get(get_with(server.port, headers={"Connection": "close"}),
                             lambda res: res.resume()))
    assert got == [b"GET / HTTP/1.1\r\nConnection: close\r\nHost: 127.0.0.1:%d\r\n\r\n"
                   % server.port]
