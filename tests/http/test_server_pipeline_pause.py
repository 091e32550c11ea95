"""Pipelining against a client that does not read (issue 12).

On the compiled parser, once the responses owed wait on back-pressure (the
socket's, or a queued response's buffer past the high-water mark: Node's rule
in parserOnIncoming), the server parses at most one more request; what the
client sent after that stays unparsed (and the socket unread) until the
back-pressure is gone. On httptools, which cannot say where it paused, every
request of a read is parsed and the queue of responses bounds the memory.
Without back-pressure, pipelined requests are all parsed at once, as in Node.
"""

from __future__ import annotations

import threading
from typing import Any

from nodekit import runtime
from nodekit.http import _parser
from tests.support import connect, serve
from tests.wire import read_message

REQUESTS = 40
BODY = b"B" * (1 << 20)  # 40 MiB in all: far more than the kernel's buffers hold


def _pipeline(body: bytes, insecure: bool = False) -> tuple[int, list[bytes]]:
    """Send REQUESTS pipelined GETs in one write and read nothing until the server,
    having answered every request it parsed at once, counted them (a timer after
    the first). Returns that count and the bodies read afterwards."""
    seen: list[Any] = []
    counted = threading.Event()
    at_timer: list[int] = []

    def count() -> None:
        at_timer.append(len(seen))
        counted.set()

    def on_request(req: Any, res: Any) -> None:
        seen.append(req.url)
        res.end(body)
        if len(seen) == 1:
            runtime.set_timeout(count, 200)

    def client(port: int) -> list[bytes]:
        with connect(port, timeout=10) as sock:
            sock.sendall(b"".join(b"GET /%d HTTP/1.1\r\nHost: x\r\n\r\n" % i
                                  for i in range(REQUESTS)))
            assert counted.wait(10)
            bodies, rest = [], b""
            for _ in range(REQUESTS):
                msg, rest = read_message(sock, rest)
                bodies.append(msg.partition(b"\r\n\r\n")[2])
            assert rest == b""
        return bodies

    bodies = serve(lambda srv: srv.on("request", on_request), client, timeout=30,
                   insecure_http_parser=insecure)
    assert seen == [f"/{i}" for i in range(REQUESTS)]  # in order, each once
    return at_timer[0], bodies


def test_a_client_that_does_not_read_gets_no_more_requests_parsed():
    parsed, bodies = _pipeline(BODY)
    assert bodies == [BODY] * REQUESTS
    if _parser.NATIVE_PARSERS is not None:
        # Parsing stopped once the kernel's buffers were full (a few MiB): a
        # greedy parser would have answered all 40 from the one read.
        assert parsed < REQUESTS // 2
    else:
        assert 1 <= parsed <= REQUESTS  # (httptools: whatever the reads held)


def test_without_back_pressure_pipelined_requests_are_parsed_at_once():
    parsed, bodies = _pipeline(b"ok")
    assert bodies == [b"ok"] * REQUESTS
    if _parser.NATIVE_PARSERS is not None:
        assert parsed == REQUESTS  # (one read: Node parses it whole too)


def test_the_lenient_parser_answers_every_pipelined_request():
    parsed, bodies = _pipeline(BODY, insecure=True)
    assert bodies == [BODY] * REQUESTS
    assert 1 <= parsed <= REQUESTS
