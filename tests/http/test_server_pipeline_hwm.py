"""Pipelined responses larger than the high-water mark (issue 10).

A response written while it waits behind an earlier one buffers its bytes;
past 16 KiB that buffer reports back-pressure. Once the response gets the
socket and the kernel takes the bytes, it must finish ('finish', the end
callback) and let the next one through, as Node answers every pipelined
request whatever the body size.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import connect, serve
from tests.wire import read_message

REQUESTS = 50


def _serve_pipelined(size: int, must_call: Any) -> list[bytes]:
    ended = must_call(times=REQUESTS)

    def on_request(req: Any, res: Any) -> None:
        res.end(b"A" * size, callback=ended)

    def client(port: int) -> list[bytes]:
        bodies = []
        with connect(port, timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * REQUESTS)
            rest = b""
            for _ in range(REQUESTS):
                msg, rest = read_message(sock, rest)
                bodies.append(msg.partition(b"\r\n\r\n")[2])
            assert rest == b""
        return bodies

    return serve(lambda srv: srv.on("request", on_request), client, timeout=20)


@pytest.mark.parametrize("size", [16384, 17000, 70000])
def test_every_pipelined_response_over_the_high_water_mark_finishes(size, must_call):
    bodies = _serve_pipelined(size, must_call)
    assert bodies == [b"A" * size] * REQUESTS


def test_a_queued_writer_that_was_told_to_wait_gets_drain(must_call):
    # write() returned False while the response was queued: 'drain' must follow
    # once the bytes reach the socket, or a writer honouring back-pressure stalls.
    drained = must_call(times=2)

    def on_request(req: Any, res: Any) -> None:
        if res.write(b"B" * 20000):
            res.end()  # the first response gets the socket at once
            drained()
            return
        res.once("drain", lambda: (drained(), res.end()))

    def client(port: int) -> None:
        with connect(port, timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * 2)
            rest = b""
            for _ in range(2):
                msg, rest = read_message(sock, rest)
                assert msg.endswith(b"B" * 20000 + b"\r\n0\r\n\r\n")

    serve(lambda srv: srv.on("request", on_request), client, timeout=20)
