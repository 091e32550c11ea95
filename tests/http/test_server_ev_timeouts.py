"""Server timeouts: ``server.timeout`` / ``set_timeout`` and the ``'timeout'`` event,
``keep_alive_timeout``, ``headers_timeout`` (slowloris), ``request_timeout`` and
``req.set_timeout``.

Small values keep the tests short; ``connections_checking_interval`` (Node's
``connectionsCheckingInterval``) is lowered so the periodic check runs often.
Expected bytes are what Node v20.20 sent (raw sockets), hard-coded. Nothing
asserts how long anything took: clients wait for an event or the server's
close, with generous bounds.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from typing import Any

import pytest

from nodekit import http, net
from tests.support import connect, read_all, read_response, serve

REQUEST_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"
GET = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"


def ok_handler(req: Any, res: Any) -> None:
    res.end("ok")


def trickle(sock: socket.socket, pieces: list[bytes], pause: float = 0.05) -> tuple[int, bytes]:
    """Send ``pieces`` one by one until the server answers or closes -> (sent, answer)."""
    sent = 0
    for piece in pieces:
        try:
            sock.sendall(piece)
        except OSError:
            break
        sent += 1
        if select.select([sock], [], [], pause)[0]:
            break
    return sent, read_all(sock)


# -- server.timeout / set_timeout / 'timeout' ---------------------------------------------


def test_server_timeout_defaults_to_two_minutes():
    # The seed's default (Node v20's is 0): a README deviation.
    assert http.create_server().timeout == 120000


@pytest.mark.parametrize("bad", [-1, "100", None])
def test_server_set_timeout_rejects_a_bad_value_at_the_call(bad):
    # Node v20 stores it and throws at each later connection's setTimeout
    # (README deviation): here the call fails and the timeout stays.
    srv = http.create_server()
    with pytest.raises(TypeError) as info:
        srv.set_timeout(bad)
    assert info.value.code == "ERR_INVALID_ARG_TYPE"
    assert srv.timeout == 120000


def test_set_timeout_emits_timeout_on_the_server_with_the_socket(must_call):
    seen: list[Any] = []

    def on_timeout(sock):
        seen.append(sock)
        sock.destroy()

    def setup(srv):
        assert srv.set_timeout(100, must_call(on_timeout)) is srv

    def client(port):
        with connect(port) as sock:
            return read_all(sock)  # idle until the listener destroys the socket

    assert serve(setup, client) == b""
    assert isinstance(seen[0], net.Socket)


def test_timeout_without_listener_destroys_the_socket():
    def setup(srv):
        srv.timeout = 100

    def client(port):
        with connect(port) as sock:
            return read_all(sock)

    assert serve(setup, client) == b""


def test_timeout_listener_keeps_the_socket_open(must_call):
    # Node: with a 'timeout' listener, handling the timed-out socket is the listener's job.
    fired = threading.Event()

    def setup(srv):
        srv.set_timeout(50, must_call(lambda sock: fired.set()))
        srv.on("request", ok_handler)

    def client(port):
        with connect(port) as sock:
            assert fired.wait(5)
            sock.sendall(GET)
            return read_response(sock)[1]

    assert serve(setup, client) == b"ok"


def test_timeout_zero_disables_the_socket_timeout(must_call):
    def setup(srv):
        srv.timeout = 0
        srv.on("timeout", must_call.never())
        srv.on("request", ok_handler)

    def client(port):
        with connect(port) as sock:
            time.sleep(0.3)
            sock.sendall(GET)
            return read_response(sock)[1]

    assert serve(setup, client) == b"ok"


def test_timeout_during_a_request_is_emitted_on_request_response_and_server(must_call):
    events: list[str] = []

    def handler(req, res):
        req.on("timeout", lambda sock: events.append("req"))
        res.on("timeout", lambda sock: events.append("res"))

    def on_timeout(sock):
        events.append("server")
        sock.destroy()

    def setup(srv):
        srv.set_timeout(100, must_call(on_timeout))
        srv.on("request", handler)

    def client(port):
        with connect(port) as sock:
            # The body never comes: the request is incomplete when the socket times out.
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n")
            return read_all(sock)

    assert serve(setup, client) == b""
    assert events == ["req", "res", "server"]


def test_request_set_timeout_emits_timeout_on_the_request():
    # Also the guard of net's re-arm (0530236 fixed it and dropped this test's
    # xfail): set_timeout(shorter) under server.timeout's 120 s acts at once.
    def handler(req, res):
        assert req.set_timeout(100, lambda *a: res.end("timed out")) is req

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n")
            sock.settimeout(3)
            return read_response(sock)[1]

    assert serve(lambda srv: srv.on("request", handler), client) == b"timed out"


# -- keep_alive_timeout -------------------------------------------------------------------


def test_keep_alive_header_advertises_keep_alive_timeout_in_seconds():
    def setup(srv):
        srv.keep_alive_timeout = 3000
        srv.on("request", ok_handler)

    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            return read_response(sock)[0]

    assert b"\r\nKeep-Alive: timeout=3\r\n" in serve(setup, client) + b"\r\n"


def test_keep_alive_timeout_closes_an_idle_keep_alive_connection():
    # (As above: the shorter keep-alive timeout replaces the 120 s one at once.)
    def setup(srv):
        srv.keep_alive_timeout = 100
        srv.on("request", ok_handler)

    def client(port):
        with connect(port) as sock:
            sock.settimeout(3)
            sock.sendall(GET)
            head, body = read_response(sock)
            return body, read_all(sock)  # EOF once the idle connection times out

    assert serve(setup, client) == (b"ok", b"")


def test_keep_alive_period_restarts_after_each_response():
    # The timer list's loop timer stays armed for the first response's deadline
    # when the connection leaves and rejoins it: firing then must re-arm for the
    # second response's deadline, not close the connection early.
    def setup(srv):
        srv.keep_alive_timeout = 800
        srv.on("request", ok_handler)

    def client(port):
        bodies = []
        with connect(port) as sock:
            sock.settimeout(5)
            for pause in (0.5, 0.5, 0.0):
                sock.sendall(GET)
                bodies.append(read_response(sock)[1])
                time.sleep(pause)  # each pause well inside one period, both beyond the first
            return bodies, read_all(sock)

    assert serve(setup, client) == ([b"ok", b"ok", b"ok"], b"")


def test_keep_alive_timeout_closes_an_idle_connection_when_server_timeout_is_off():
    def setup(srv):
        srv.timeout = 0
        srv.keep_alive_timeout = 100
        srv.on("request", ok_handler)

    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            head, body = read_response(sock)
            return body, read_all(sock)

    assert serve(setup, client) == (b"ok", b"")


# -- headers_timeout / request_timeout ------------------------------------------------------

CHECKING = {"headers_timeout": 300, "request_timeout": 600, "connections_checking_interval": 20}


def test_headers_timeout_cuts_off_a_slowloris_client_with_408(must_call):
    lines = [b"GET / HTTP/1.1\r\n", b"Host: a\r\n"] + [b"X-%d: y\r\n" % i for i in range(200)]

    def client(port):
        with connect(port) as sock:
            return trickle(sock, lines)

    sent, answer = serve(lambda srv: srv.on("request", must_call.never()), client, **CHECKING)
    assert answer == REQUEST_TIMEOUT
    assert sent < len(lines)  # the head was never completed


def test_request_timeout_cuts_off_a_slow_body_with_408(must_call):
    pieces = [b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 300\r\n\r\n"] + [b"x"] * 300
    received: list[int] = []

    def handler(req, res):
        req.on("data", lambda d: received.append(len(d)))
        req.on("end", lambda: res.end("complete"))

    def client(port):
        with connect(port) as sock:
            return trickle(sock, pieces)

    sent, answer = serve(lambda srv: srv.on("request", must_call(handler)), client, **CHECKING)
    assert answer == REQUEST_TIMEOUT
    assert sent < len(pieces) and sum(received) < 300


def test_request_timeout_alone_answers_a_silent_connection_with_408(must_call):
    # Node's requestTimeout counts from the connection: with headers_timeout
    # off, a client that sends nothing still gets the 408.
    def client(port):
        with connect(port) as sock:
            return read_all(sock)

    assert serve(lambda srv: srv.on("request", must_call.never()), client,
                 headers_timeout=0, request_timeout=200,
                 connections_checking_interval=20) == REQUEST_TIMEOUT


def test_headers_timeout_error_reaches_client_error_listener(must_call):
    codes: list[str] = []

    def on_client_error(err, sock):
        codes.append(err.code)
        sock.destroy()

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n")
            return read_all(sock)

    assert serve(lambda srv: srv.on("clientError", must_call(on_client_error)), client,
                 **CHECKING) == b""
    assert codes == ["ERR_HTTP_REQUEST_TIMEOUT"]


def test_a_prompt_request_is_not_cut_off_by_the_checks(must_call):
    def client(port):
        with connect(port) as sock:
            out = []
            for _ in range(3):
                sock.sendall(GET)
                out.append(read_response(sock)[1])
                time.sleep(0.1)
            return out

    assert serve(lambda srv: srv.on("request", must_call(ok_handler, times=3)), client,
                 **CHECKING) == [b"ok"] * 3
