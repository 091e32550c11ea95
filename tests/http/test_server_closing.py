"""A closing server on the wire. ``close()`` is Node v20's: a response
after it still says keep-alive, then its connection closes, and idle
connections are cut. ``close(graceful=True)`` (what a leaving cluster
worker does): the response to the last request a connection has brought
says ``Connection: close`` and ends the connection (requests pipelined
before it are answered first), and idle keep-alive connections are left to
their next request instead of being cut under it.
"""

from __future__ import annotations

from nodekit import runtime
from tests.support import connect, read_all, read_response, serve

GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
GET_CLOSE = b"GET /close HTTP/1.1\r\nHost: x\r\n\r\n"


def closing_server(graceful: bool):
    """A server that closes itself (``graceful`` or not) on ``GET /close``."""
    def setup(srv):
        def on_request(req, res):
            if req.url == "/close":
                srv.close(graceful=graceful)
            res.end("ok")

        srv.on("request", on_request)
    return setup


def test_a_response_after_graceful_close_says_connection_close_and_ends_it():
    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            first, _ = read_response(sock)
            sock.sendall(GET_CLOSE)  # its handler closes the server, then answers
            return first, read_all(sock)

    first, rest = serve(closing_server(True), client)
    assert b"\r\nConnection: keep-alive\r\n" in first
    head, _, body = rest.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\nConnection: close\r\n" in head and b"keep-alive" not in head.lower()
    assert body == b"ok"  # and then the end of the connection (read_all returned)


def test_a_request_queued_behind_the_one_that_closed_is_not_answered():
    def client(port):
        with connect(port) as sock:
            sock.sendall(GET_CLOSE + GET)  # pipelined: the first closes the server
            return read_all(sock)

    data = serve(closing_server(True), client)
    assert data.count(b"HTTP/1.1 200 OK") == 1
    assert b"\r\nConnection: close\r\n" in data


def test_requests_pipelined_before_the_close_are_answered_the_last_says_close():
    def setup(srv):
        def on_request(req, res):
            if req.url == "/close":
                srv.close(graceful=True)
                # Answered once the request behind it has been parsed too.
                runtime.set_immediate(res.end, "first")
            else:
                res.end("second")

        srv.on("request", on_request)

    def client(port):
        with connect(port) as sock:
            sock.sendall(GET_CLOSE + GET)
            return read_all(sock)

    data = serve(setup, client)
    first, second = data.split(b"HTTP/1.1 200 OK\r\n")[1:]
    assert b"\r\nConnection: keep-alive\r\n" in b"\r\n" + first and first.endswith(b"first")
    assert b"\r\nConnection: close\r\n" in b"\r\n" + second and second.endswith(b"second")


def test_graceful_close_leaves_an_idle_connection_to_its_next_request():
    def client(port):
        with connect(port) as idle, connect(port) as closer:
            idle.sendall(GET)
            read_response(idle)  # idle now: a keep-alive connection between requests
            closer.sendall(GET_CLOSE)
            closing, _ = read_response(closer)
            assert read_all(closer) == b""
            idle.sendall(GET)  # still open: answered, with Connection: close
            head, body = read_response(idle)
            return closing, head, body, read_all(idle)

    closing, head, body, after = serve(closing_server(True), client)
    assert b"\r\nConnection: close\r\n" in closing
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and b"\r\nConnection: close\r\n" in head
    assert body == b"ok" and after == b""


def test_plain_close_says_keep_alive_and_keeps_the_connection_to_its_timeout_as_node_v20():
    # Node v20.20 (checked with node): the response to the request that closed the
    # server says keep-alive, and the connection ends at its keep-alive timeout.
    def client(port):
        with connect(port) as sock:
            sock.sendall(GET_CLOSE)
            return read_all(sock)

    data = serve(closing_server(False), client, keep_alive_timeout=300)
    assert data.startswith(b"HTTP/1.1 200 OK\r\n") and data.endswith(b"\r\n\r\nok")
    assert b"\r\nConnection: keep-alive\r\n" in data  # and then the end (read_all returned)


def idle_connection_after_a_close(port):
    """One connection served and left idle, another sends ``GET /close``:
    what the idle one reads next."""
    with connect(port) as idle, connect(port) as closer:
        idle.sendall(GET)
        read_response(idle)
        closer.sendall(GET_CLOSE)
        read_response(closer)
        return read_all(idle)


def test_plain_close_cuts_the_idle_connection_as_node_does():
    # the end, without a request sent
    assert serve(closing_server(False), idle_connection_after_a_close) == b""


def test_graceful_close_without_a_keep_alive_timeout_cuts_idle_connections():
    # Nothing else would ever end an idle connection: close it, as plain close() does.
    assert serve(closing_server(True), idle_connection_after_a_close,
                 keep_alive_timeout=0) == b""
