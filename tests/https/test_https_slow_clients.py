"""Slow and deaf clients against an https server: the plain-HTTP slow-client
tests (tests/hostile/test_slow_clients.py, tests/http/test_destroy_lifecycle.py)
with the same helpers, over TLS, plus the one TLS adds — a slowloris that
never finishes its handshake, cut off by ``handshake_timeout``.

Each test ends by checking that the server still serves a new TLS client.
Timeouts are hundreds of ms; every loop is bounded by a count.
"""

from __future__ import annotations

import socket
import ssl
from typing import Any

from tls_certs import certs

from nodekit import https, runtime
from tests.hostile.harness import (
    NEXT,
    Recorder,
    parse_responses,
    read_to_end,
    uncaught,
)
from tests.hostile.test_slow_clients import FAST, HEAD, trickle
from tests.support import connect, read_all, serve, wait_for

HANDSHAKE_MS = 300
SLOWLORISES = 5
BIG = b"x" * (8 << 20)


def tls_connect(port: int, timeout: float = 5.0, rcvbuf: int = 0) -> ssl.SSLSocket:
    """A finished handshake to the test server (``rcvbuf``: a small receive
    buffer, for a client that will not read)."""
    raw = socket.socket()
    if rcvbuf:
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    raw.settimeout(timeout)
    raw.connect(("127.0.0.1", port))
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    ctx = ssl.create_default_context(cadata=certs().ca.cert)
    return ctx.wrap_socket(raw, server_hostname="localhost")


def tls_still_serving(port: int) -> int:
    """Status of a GET on a new TLS connection."""
    with tls_connect(port) as sock:
        sock.sendall(NEXT)
        data, _ = read_to_end(sock)
    responses, _ = parse_responses(data)
    return responses[0].status if responses else 0


def client_hello() -> bytes:
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ssl.create_default_context().wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


# -- the handshake -----------------------------------------------------------------------
def test_slowloris_that_never_finishes_the_handshake_is_cut_off() -> None:
    # Each sends its ClientHello a byte at a time (the bytes keep coming, so
    # only a deadline for the whole handshake can stop them).
    errors: list[str] = []
    srv = https.create_server({**certs().server_options(), "handshake_timeout": HANDSHAKE_MS},
                              lambda req, res: res.end("ok"))
    srv.on("tlsClientError", lambda err, sock: errors.append(err.code))

    def client(port: int) -> tuple[list[tuple[bytes, int]], int]:
        import threading
        hello = client_hello()
        results: list[tuple[bytes, int]] = []

        def one() -> None:
            with connect(port) as sock:
                results.append(trickle(sock, hello, every=0.02, max_steps=len(hello)))

        threads = [threading.Thread(target=one) for _ in range(SLOWLORISES)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        return results, tls_still_serving(port)

    with uncaught() as escaped:
        results, next_status = serve(None, client, server=srv, timeout=20)
    assert escaped == []
    assert len(results) == SLOWLORISES
    hello_size = len(client_hello())
    for answer, sent in results:
        assert answer == b""  # cut off with nothing sent back
        assert sent < hello_size, "the whole trickled ClientHello was accepted"
    assert errors == ["ERR_TLS_HANDSHAKE_TIMEOUT"] * SLOWLORISES
    assert next_status == 200


def test_handshake_timeout_releases_the_connections_it_cuts_off() -> None:
    # Counted from the TCP accept while handshaking, released when cut off:
    # afterwards the server holds only the connection that finished.
    seen: dict[str, Any] = {"cut": 0}
    srv = https.create_server({**certs().server_options(), "handshake_timeout": HANDSHAKE_MS},
                              lambda req, res: (srv.get_connections(
                                  lambda _e, n: seen.__setitem__("during_request", n)),
                                  res.end("ok")))
    srv.on("tlsClientError", lambda err, sock: seen.__setitem__("cut", seen["cut"] + 1))

    def client(port: int) -> tuple[str, str, int]:
        with connect(port) as a, connect(port) as b:
            a.sendall(client_hello()[:10])
            b.sendall(client_hello()[:10])
            ended = read_to_end(a)[1], read_to_end(b)[1]  # until the server cuts them off
        return (*ended, tls_still_serving(port))

    assert serve(None, client, server=srv) == ("eof", "eof", 200)
    assert seen["cut"] == 2
    assert seen["during_request"] == 1  # only the client that finished its handshake


# -- after the handshake: the http timers apply -------------------------------------------------
def test_slowloris_head_over_tls_is_cut_off_by_headers_timeout() -> None:
    recorder = Recorder()
    srv = https.create_server({**certs().server_options(), **FAST})
    recorder.install(srv)

    def client(port: int) -> tuple[bytes, int, int]:
        with tls_connect(port) as sock:
            answer, sent = trickle(sock, HEAD)
        return answer, sent, tls_still_serving(port)

    with uncaught() as errors:
        answer, sent, next_status = serve(None, client, server=srv)
    assert errors == []
    responses, _ = parse_responses(answer)
    assert [r.status for r in responses] == [408]
    assert responses[0].header("connection") == "close"
    assert sent < len(HEAD), "the whole trickled head was accepted"
    assert [s.url for s in recorder.seen] == ["/__next"]
    assert next_status == 200


def test_slow_body_over_tls_is_cut_off_by_request_timeout() -> None:
    recorder = Recorder()
    srv = https.create_server({**certs().server_options(), **FAST})
    recorder.install(srv)

    def client(port: int) -> tuple[bytes, int, int]:
        with tls_connect(port) as sock:
            sock.sendall(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
            answer, sent = trickle(sock, b"a" * 1000)
        return answer, sent, tls_still_serving(port)

    with uncaught() as errors:
        answer, sent, next_status = serve(None, client, server=srv)
    assert errors == []
    assert [r.status for r in parse_responses(answer)[0]] == [408]
    assert sent < 1000
    assert recorder.seen[0].aborted and recorder.seen[0].body is None
    assert next_status == 200


# -- a client that does not read --------------------------------------------------------
def test_a_deaf_client_is_cut_off_by_headers_timeout_while_others_are_served() -> None:
    # It asks for 8 MB and then half a second request, reading nothing: the
    # server keeps serving others meanwhile, headers_timeout ends the deaf
    # connection (its 'close' fires while the client still does not read),
    # and the client then finds the connection ended.
    seen: dict[str, Any] = {}

    def on_request(req: Any, res: Any) -> None:
        req.resume()
        if req.url != "/big":
            res.end("ok")
            return
        req.socket.on("close", lambda had_error: seen.__setitem__("closed", True))
        res.end(BIG)
        seen["answered"] = True

    srv = https.create_server({**certs().server_options(), **FAST, "headers_timeout": 200},
                              on_request)

    def client(port: int) -> tuple[int, bool, bytes]:
        with tls_connect(port, rcvbuf=65536) as sock:
            sock.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n")
            wait_for(lambda: "answered" in seen)
            other = tls_still_serving(port)
            closed = wait_for(lambda: "closed" in seen)
            try:
                got = read_all(sock)
            except ssl.SSLError:
                got = b""
        return other, closed, got

    with uncaught() as errors:
        other, closed, got = serve(None, client, server=srv)
    assert errors == []
    assert other == 200, "the server stopped serving while a client did not read"
    assert closed, "the deaf connection was not closed by headers_timeout"
    assert len(got) < len(BIG)


def test_a_deaf_client_holds_no_more_than_the_buffers_of_a_streamed_answer() -> None:
    # A 64 MB answer streamed with backpressure (write() False -> wait for
    # 'drain') to a client that reads nothing: the server stops writing after
    # a bounded amount and keeps serving others; close() + close_all_connections()
    # then end the deaf connection without waiting for it.
    total, chunk = 64 << 20, b"x" * 65536
    seen: dict[str, Any] = {"writes": 0}

    def on_request(req: Any, res: Any) -> None:
        if req.url != "/big":
            res.end("ok")
            return
        req.socket.on("close", lambda had_error: seen.__setitem__("closed", True))
        res.write_head(200, {"Content-Length": str(total)})

        def pump() -> None:
            while seen["writes"] * len(chunk) < total and not res.destroyed:
                seen["writes"] += 1
                if not res.write(chunk):
                    seen["stalled_at"] = seen["writes"]
                    res.once("drain", pump)
                    return
            res.end()

        pump()

    srv = https.create_server(certs().server_options(), on_request)

    def client(port: int) -> tuple[int, int, bool, int]:
        with tls_connect(port, rcvbuf=65536) as sock:
            sock.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            wait_for(lambda: "stalled_at" in seen)
            other = tls_still_serving(port)
            writes = seen["writes"]
            seen["loop"].call_soon_threadsafe(lambda: (srv.close(), srv.close_all_connections()))
            closed = wait_for(lambda: "closed" in seen)
            try:
                got = len(read_all(sock))
            except ssl.SSLError:
                got = 0
        return other, writes, closed, got

    def setup(server: Any) -> None:
        seen["loop"] = runtime.get_loop()

    with uncaught() as errors:
        other, writes, closed, got = serve(setup, client, server=srv)
    assert errors == []
    assert other == 200
    # Stopped at the first write() that said False and no further while the
    # client read nothing: what it holds is the transports' buffers and the
    # kernel's send buffer, which Linux autotunes up to tcp_wmem's maximum (4 MiB
    # by default) when the writer keeps it full: 64 chunks were seen under load.
    assert writes == seen["stalled_at"]
    assert writes * len(chunk) <= 8 << 20, f"{writes} chunks written to a deaf client"
    assert closed and got < total
