"""A request body nobody touched until later still ends for whoever looks.

The server skips the end-of-stream machinery for a body-less request that
nobody touches (the hot path); these tests pin that a consumer arriving
later — a listener, read(), resume(), async for — still gets Node's events.
"""

from __future__ import annotations

from nodekit import runtime
from tests.support import connect, read_response, serve

GET = b"GET /late HTTP/1.1\r\nHost: a\r\n\r\n"


def ask(handler):
    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            return read_response(sock)[1]

    return serve(lambda srv: srv.on("request", handler), client)


def test_end_listener_added_after_the_request_completed_fires(must_call):
    def handler(req, res):
        def later():
            assert req.complete
            req.on("end", must_call(lambda: res.end("ended")))
            req.resume()

        runtime.set_timeout(later, 20)

    assert ask(handler) == b"ended"


def test_close_listener_added_late_fires_after_end(must_call):
    order = []

    def handler(req, res):
        def later():
            req.on("end", lambda: order.append("end"))
            req.on("close", must_call(lambda: (order.append("close"), res.end("ok"))))
            req.resume()

        runtime.set_timeout(later, 20)

    assert ask(handler) == b"ok"
    assert order == ["end", "close"]


def test_read_after_completion_returns_none_and_ends(must_call):
    def handler(req, res):
        def later():
            req.on("end", must_call(lambda: res.end("done")))
            assert req.read() is None

        runtime.set_timeout(later, 20)

    assert ask(handler) == b"done"


def test_async_for_over_an_empty_body_started_late_finishes():
    chunks = []

    def handler(req, res):
        async def consume():
            async for chunk in req:
                chunks.append(chunk)
            res.end("iterated")

        runtime.set_timeout(lambda: runtime.spawn(consume()), 20)

    assert ask(handler) == b"iterated"
    assert chunks == []


def test_untouched_request_is_retired_without_events_and_the_connection_goes_on():
    seen = []

    def handler(req, res):
        seen.append(req)
        res.end("x")

    def client(port):
        with connect(port) as sock:
            bodies = []
            for _ in range(3):
                sock.sendall(GET)
                bodies.append(read_response(sock)[1])
            return bodies

    assert serve(lambda srv: srv.on("request", handler), client) == [b"x"] * 3
    assert all(req.complete and req.readable_ended and req.destroyed for req in seen)
