"""``server.http_allow_half_open`` (Node's ``httpAllowHalfOpen``): a client that
half-closes after its requests still gets every answer (issue 16).

Checked with Node v20.20 on the same bytes: with the switch, both pipelined
requests are answered, then the server closes; without it, the requests still
owed an answer are aborted at the client's FIN and nothing is sent.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest

from nodekit import http, set_timeout
from tests.support import connect, read_all, serve

pytestmark = pytest.mark.timeout(30)

REQUESTS = (b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n")


def half_closing_client(allow_half_open: bool | None) -> tuple[bytes, list[str]]:
    closed: list[str] = []

    def setup(srv: Any) -> None:
        if allow_half_open is not None:
            srv.http_allow_half_open = allow_half_open

        def handler(req: Any, res: Any) -> None:
            res.on("close", lambda: closed.append(req.url))
            # Answered after the FIN has arrived.
            set_timeout(lambda: res.end(req.url), 50)

        srv.on("request", handler)

    def client(port: int) -> bytes:
        with connect(port) as sock:
            sock.sendall(REQUESTS)
            sock.shutdown(socket.SHUT_WR)
            return read_all(sock)

    return serve(setup, client), closed


def test_the_switch_is_off_by_default_as_in_node():
    assert http.Server().http_allow_half_open is False


def test_with_it_every_request_sent_before_the_fin_is_answered():
    data, closed = half_closing_client(True)
    assert data.count(b"HTTP/1.1 200 OK") == 2
    assert data.endswith(b"/b")  # then EOF: the last response closed the socket
    assert data.index(b"/a") < data.index(b"/b")
    assert closed == ["/a", "/b"]


def test_without_it_the_fin_aborts_the_requests_owed_an_answer():
    data, closed = half_closing_client(None)
    assert data == b""
    assert "/a" in closed  # (Node v20.20 emits 'close' for /a only; NodeKit for both)
