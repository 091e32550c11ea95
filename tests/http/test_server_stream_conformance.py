"""A server's messages as Node's streams (issue 16: server conformance).

Checked with Node v20.20: an OutgoingMessage's writes count in
``writable_length`` until the tick ends (Node corks the socket for the tick),
``write()`` says False from the high-water mark on and 'drain' follows;
``stream.finished(res)`` calls back after the response's 'close'; a request
body nobody reads pauses the socket as a stream ('pause'), reading it resumes
it ('resume').
"""

from __future__ import annotations

import socket
from typing import Any

import pytest

from nodekit import next_tick, stream
from tests.support import connect, read_all, serve

pytestmark = pytest.mark.timeout(30)

GET = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


def answer(handler: Any, request: bytes = GET) -> bytes:
    def client(port: int) -> bytes:
        with connect(port) as sock:
            sock.sendall(request)
            return read_all(sock)

    return serve(lambda srv: srv.on("request", handler), client)


def test_a_ticks_writes_count_until_the_tick_ends():
    seen: dict[str, Any] = {}

    def handler(req: Any, res: Any) -> None:
        res.write("")  # the head goes out (and counts) with the first write
        seen["head"] = res.writable_length
        assert res.write("abc") is True
        assert res.write("de") is True
        seen["body"] = res.writable_length - seen["head"]  # 3\r\nabc\r\n + 2\r\nde\r\n

        def after() -> None:
            seen["after"] = res.writable_length
            res.end()

        next_tick(after)

    data = answer(handler)
    assert data.endswith(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
    assert seen == {"head": data.index(b"\r\n\r\n") + 4, "body": 15, "after": 0}


def test_write_says_false_from_the_high_water_mark_then_drain():
    events: list[Any] = []

    def handler(req: Any, res: Any) -> None:
        hwm = res.writable_high_water_mark
        res.set_header("Content-Length", str(2 * hwm))
        events.append(res.write(b"a" * (hwm - 1)))  # with the head: past the mark
        events.append(res.write(b"b"))
        events.append(res.writable_need_drain)

        def on_drain() -> None:
            events.append(("drain", res.writable_length < hwm))
            res.end(b"c" * hwm)

        res.once("drain", on_drain)

    data = answer(handler)
    assert events == [False, False, True, ("drain", True)]
    assert data.endswith(b"b" + b"c" * 16384)


def test_finished_calls_back_after_the_responses_close():
    order: list[str] = []

    def handler(req: Any, res: Any) -> None:
        res.on("finish", lambda: order.append("finish"))
        res.on("close", lambda: order.append("close"))
        stream.finished(res, lambda err=None: order.append(f"finished {err}"))
        res.end("ok")

    answer(handler)
    assert order == ["finish", "close", "finished None"]


def test_an_unread_body_pauses_the_socket_and_reading_it_resumes_it():
    events: list[str] = []
    body = b"x" * (256 * 1024)

    def handler(req: Any, res: Any) -> None:
        sock = req.socket

        def on_pause() -> None:
            events.append("pause")
            received = []
            req.on("data", received.append)
            req.on("end", lambda: res.end(str(sum(map(len, received)))))

        sock.once("pause", on_pause)
        sock.once("resume", lambda: events.append("resume"))

    request = (b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
               b"Content-Length: %d\r\n\r\n" % len(body)) + body

    def client(port: int) -> bytes:
        with connect(port) as sock:
            sock.sendall(request)
            sock.shutdown(socket.SHUT_WR)
            return read_all(sock)

    data = serve(lambda srv: srv.on("request", handler), client)
    assert data.endswith(b"\r\n\r\n%d" % len(body))
    assert events == ["pause", "resume"]
