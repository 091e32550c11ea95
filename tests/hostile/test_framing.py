"""Message framing and syntax: chunk sizes and extensions, trailers, bare CR / bare LF,
whitespace before the colon, obs-fold, control characters and NUL, methods and
versions, ``Expect``, CONNECT and Upgrade misuse, and an incomplete request
followed by EOF (rows of ``vectors.py``); then the same vectors cut into small
sends, a ``'clientError'`` listener answering while a response is pending, and
the bytes after a CONNECT / Upgrade head going to the tunnel, never the parser."""

from __future__ import annotations

import socket

import pytest

from tests.support import connect, serve

from .harness import (
    SENTINEL,
    Recorder,
    check_vector,
    exchange_raw,
    parse_responses,
    read_to_end,
    still_serving,
    uncaught,
    vector_params,
)
from .vectors import SMUGGLED, VECTORS, family, req

FAMILIES = ["Chunked body", "Line endings", "Field syntax", "obs-fold", "Control characters",
            "Methods and versions", "Expect", "CONNECT / Upgrade", "Incomplete + EOF"]


@pytest.mark.parametrize("vec", vector_params([v for f in FAMILIES for v in family(f)]))
def test_vector(vec):
    check_vector(vec)


# Timing-independent rows (no answer that depends on a response still being pending
# when the next bytes arrive), small enough to send in 3-byte pieces.
_SPLIT_FAMILIES = {"CL+TE", "Content-Length", "Chunked body", "Line endings", "Field syntax",
                   "obs-fold", "Control characters", "Host"}
_SPLIT = [v for v in VECTORS if v.family in _SPLIT_FAMILIES and len(v.data) < 2048
          and v.name not in ("cl_shorter_than_body",)]


@pytest.mark.parametrize("vec", vector_params(_SPLIT))
def test_vector_in_3_byte_sends(vec):
    """The answer does not depend on how the bytes are cut into reads."""
    check_vector(vec, piece=3)


def test_client_error_listener_answers_while_a_response_is_pending():
    """Node's documented pattern: ``socket.end('HTTP/1.1 400 Bad Request...')`` in
    'clientError'. A response still pending for an earlier request must not then
    raise into the loop when it is written (write after the socket's end)."""
    recorder = Recorder()

    def setup(srv):
        recorder.install(srv)
        srv.on("clientError", lambda err, sock: sock.end(
            b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"))

    data = req(b"POST / HTTP/1.1", b"Host: x", b"Content-Length: 3", body=b"hello")

    def client(port):
        raw, ended = exchange_raw(port, data)
        return raw, ended, still_serving(port)

    with uncaught() as errors:
        raw, ended, next_status = serve(setup, client)
    assert errors == [], f"exception escaped to the loop: {errors!r}"
    assert [r.status for r in parse_responses(raw)[0]] == [400]
    assert [s.triple() for s in recorder.seen if s.url != "/__next"] == [("POST", "/", b"hel")]
    assert ended in ("eof", "reset") and next_status == 200



@pytest.mark.parametrize("event", ["connect", "upgrade"])
def test_bytes_after_tunnel_head_go_to_the_listener_not_the_parser(event):
    """After CONNECT / an accepted Upgrade, what follows the head is tunnel data:
    handed over as ``head`` and on the socket, never parsed as requests."""

    recorder = Recorder()
    got: dict = {}

    def on_tunnel(req, sock, head):
        got["url"], got["head"] = req.url, bytes(head)
        chunks = []
        sock.on("data", lambda d: chunks.append(bytes(d)))
        sock.on("end", lambda: (got.__setitem__("rest", b"".join(chunks)), sock.end()))
        sock.write(b"HTTP/1.1 200 Tunnel\r\n\r\n" if event == "connect" else
                   b"HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\n"
                   b"Upgrade: x\r\n\r\n")

    def setup(srv):
        recorder.install(srv)
        srv.on(event, on_tunnel)

    if event == "connect":
        head = req(b"CONNECT x:443 HTTP/1.1", b"Host: x:443")
    else:
        head = req(b"GET /up HTTP/1.1", b"Host: x", b"Connection: upgrade", b"Upgrade: x")
    tail = SMUGGLED + SENTINEL

    def client(port):
        with connect(port) as sock:
            sock.sendall(head + SMUGGLED)
            first = sock.recv(65536)
            sock.sendall(SENTINEL)
            sock.shutdown(socket.SHUT_WR)
            rest, ended = read_to_end(sock)
        return first + rest, ended, still_serving(port)

    with uncaught() as errors:
        raw, ended, next_status = serve(setup, client)
    assert errors == []
    assert got["url"] == ("x:443" if event == "connect" else "/up")
    assert got["head"] + got.get("rest", b"") == tail
    assert [s for s in recorder.seen if s.url != "/__next"] == []
    assert raw.startswith(b"HTTP/1.1 200 Tunnel" if event == "connect" else b"HTTP/1.1 101")
    assert ended in ("eof", "reset") and next_status == 200


def test_upgrade_listener_sees_head_even_when_sent_with_the_request():
    """Control for the tunnel test: a lone Upgrade request with no extra bytes."""

    got = {}

    def setup(srv):
        def on_upgrade(req, sock, head):
            got["head"] = bytes(head)
            sock.end(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n"
                     b"Connection: upgrade\r\n\r\n")
        srv.on("upgrade", on_upgrade)

    def client(port):
        return exchange_raw(port, req(b"GET / HTTP/1.1", b"Host: x", b"Connection: upgrade",
                                      b"Upgrade: x"), shutdown=True)

    raw, ended = serve(setup, client)
    assert got["head"] == b""
    assert raw.startswith(b"HTTP/1.1 101 ")



def test_upgrade_body_not_parsed_as_requests_when_answered_at_once():
    """As ``upgrade_body_is_not_a_request``, with a handler that answers before the body
    arrives (and never reads it): the body is still not a request."""
    seen = []

    def setup(srv):
        def handler(req, res):
            seen.append((req.method, req.url))
            res.end("at once")
        srv.on("request", handler)

    data = req(b"POST / HTTP/1.1", b"Host: x", b"Connection: upgrade", b"Upgrade: x",
               b"Content-Length: %d" % len(SMUGGLED), body=SMUGGLED) + SENTINEL

    def client(port):
        return exchange_raw(port, data)

    with uncaught() as errors:
        raw, ended = serve(setup, client)
    assert errors == []
    assert seen == [("POST", "/"), ("GET", "/__end")]
    assert [r.status for r in parse_responses(raw)[0]] == [200, 200]
