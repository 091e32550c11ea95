"""Client-side faults: NodeKit's ``http.request`` / ``http.get`` against raw Python
socket servers that reset, close a pooled keep-alive socket while it is idle,
send garbage, truncate a body, or never answer. Each ends in an ``'error'``
with a ``code`` or a premature ``'aborted'`` / ``'close'`` exactly as Node v20
reports it (checked with ``node`` against the same servers), never a hang.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from nodekit import http, set_immediate, set_timeout
from tests.conftest import run

from .harness import reset, uncaught

HOLD = 5.0  # how long an "_open" server keeps the connection: longer than run()'s timeout


# -- raw servers ----------------------------------------------------------------------
@contextlib.contextmanager
def raw_server(handler: Callable[[socket.socket, int], None]) -> Iterator[int]:
    """A thread accepting on 127.0.0.1; ``handler(conn, n)`` serves the n-th connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stop = threading.Event()
    threads: list[threading.Thread] = []

    def serve_one(conn: socket.socket, n: int) -> None:
        with contextlib.suppress(OSError), conn:
            conn.settimeout(HOLD + 1)
            handler(conn, n)

    def accept_loop() -> None:
        n = 0
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            t = threading.Thread(target=serve_one, args=(conn, n), daemon=True)
            t.start()
            threads.append(t)
            n += 1

    acceptor = threading.Thread(target=accept_loop, daemon=True)
    acceptor.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        acceptor.join(2)
        listener.close()


def read_request(conn: socket.socket, buf: bytes = b"") -> tuple[bytes, bytes]:
    """Read one request head (the client's requests here have no body)."""
    while b"\r\n\r\n" not in buf:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("client went away")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    return head, rest


def wait_closed(conn: socket.socket, limit: float = HOLD) -> None:
    """Keep the connection open until the client closes it (or ``limit``)."""
    conn.settimeout(limit)
    with contextlib.suppress(OSError):
        while conn.recv(65536):
            pass


def answer_then(data: bytes, then: str) -> Callable[[socket.socket, int], None]:
    """Read the request, send ``data``, then 'close' (FIN), 'reset' (RST) or 'open' (hold)."""
    def handler(conn: socket.socket, _n: int) -> None:
        read_request(conn)
        if data:
            conn.sendall(data)
        if then == "reset":
            reset(conn)
        elif then == "open":
            wait_closed(conn)
    return handler


# -- the NodeKit client side -------------------------------------------------------------
def fetch(port: int, path: str = "/", run_timeout: float = 4.0, **options: Any) -> list[Any]:
    """``http.get`` inside ``run()``; returns the events, in order, as tuples."""
    events: list[Any] = []

    def main() -> None:
        def on_response(res: Any) -> None:
            events.append(("response", res.status_code))
            body: list[bytes] = []
            res.on("data", lambda d: body.append(bytes(d)))
            res.on("aborted", lambda: events.append(("res aborted",)))
            res.on("error", lambda e: events.append(("res error", getattr(e, "code", None),
                                                     str(e))))
            res.on("end", lambda: events.append(("res end", b"".join(body))))
            res.on("close", lambda *a: events.append(("res close", res.complete)))

        opts = {"port": port, "host": "127.0.0.1", "path": path, "agent": False, **options}
        req = http.get(opts, on_response)
        req.on("error", lambda e: events.append(("error", getattr(e, "code", None), str(e))))
        req.on("close", lambda *a: events.append(("close",)))
        if options.get("timeout"):
            req.on("timeout", lambda: (events.append(("timeout",)), req.destroy()))

    with uncaught() as errors:
        run(main, timeout=run_timeout)
    assert errors == [], f"exception escaped to the loop: {errors!r}"
    return events


def names(events: list[Any]) -> list[str]:
    return [e[0] for e in events]


def errors_of(events: list[Any], kind: str = "error") -> list[Any]:
    return [e[1] for e in events if e[0] == kind]


# -- the server fails before a response ------------------------------------------------
@pytest.mark.parametrize("data,then", [
    (b"", "reset"),                                   # RST as soon as the request is in
    (b"", "close"),                                   # FIN, no answer: "socket hang up"
    (b"HTTP/1.1 200 OK\r\nContent-Le", "close"),      # half a head, then FIN
    (b"HTTP/1.1 200 OK\r\nContent-Le", "reset"),      # half a head, then RST
], ids=["reset", "close", "partial_head_close", "partial_head_reset"])
def test_server_fails_before_the_response(data, then):
    with raw_server(answer_then(data, then)) as port:
        events = fetch(port)
    assert names(events) == ["error", "close"]
    assert errors_of(events) == ["ECONNRESET"]


# -- the server cuts the body -----------------------------------------------------------
TRUNCATED = {
    "content_length": b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789",
    "chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
}


@pytest.mark.parametrize("then", ["close", "reset"])
@pytest.mark.parametrize("kind", sorted(TRUNCATED))
def test_truncated_body_aborts_the_response(kind, then):
    with raw_server(answer_then(TRUNCATED[kind], then)) as port:
        events = fetch(port)
    # Node v20: response, res 'aborted', req 'close', res 'error' ECONNRESET 'aborted',
    # res 'close'. An RST may also surface as a socket error, which Node's
    # socketErrorListener reports on the request first: an extra ECONNRESET 'error'.
    assert events[0] == ("response", 200)
    assert [n for n in names(events) if n != "error"] == [
        "response", "res aborted", "close", "res error", "res close"]
    assert ("res error", "ECONNRESET", "aborted") in events
    assert ("res close", False) in events
    assert set(errors_of(events)) <= ({"ECONNRESET"} if then == "reset" else set())


# -- the server sends something that is not a valid response -----------------------------
PARSE_ERRORS = {
    "garbage": (b"HELLO WORLD\r\n\r\n", "HPE_INVALID_CONSTANT"),
    "http09_body": (b"hello world", "HPE_INVALID_CONSTANT"),
    "bad_status": (b"HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n", "HPE_INVALID_STATUS"),
    "cl_and_te": (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                  b"5\r\nhello\r\n0\r\n\r\n", "HPE_INVALID_TRANSFER_ENCODING"),
    "two_content_lengths": (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
                            b"hello!", "HPE_UNEXPECTED_CONTENT_LENGTH"),
    "bare_lf": (b"HTTP/1.1 200 OK\nContent-Length: 5\n\nhello", "HPE_CR_EXPECTED"),
    "nul_in_header": (b"HTTP/1.1 200 OK\r\nX: a\x00b\r\nContent-Length: 0\r\n\r\n",
                      "HPE_INVALID_HEADER_TOKEN"),
}


@pytest.mark.parametrize("then", ["close", "open"])
@pytest.mark.parametrize("case", sorted(PARSE_ERRORS))
def test_garbage_response_is_an_error_with_a_code(case, then):
    data, code = PARSE_ERRORS[case]
    with raw_server(answer_then(data, then)) as port:
        events = fetch(port)  # 'open': the server holds the socket longer than run()'s timeout
    assert names(events) == ["error", "close"]
    assert errors_of(events) == [code]


def test_response_head_over_16k_is_header_overflow():
    data = b"HTTP/1.1 200 OK\r\nX: " + b"a" * 100_000 + b"\r\n\r\n"
    with raw_server(answer_then(data, "open")) as port:
        events = fetch(port, run_timeout=2.0)
    assert names(events) == ["error", "close"]
    assert errors_of(events) == ["HPE_HEADER_OVERFLOW"]


def test_bad_chunk_after_response_started():
    data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n"
    with raw_server(answer_then(data, "open")) as port:
        events = fetch(port)
    # Node v20: response, req 'error', res 'aborted', req 'close', res 'error', res 'close'.
    assert names(events) == ["response", "error", "res aborted", "close", "res error",
                             "res close"]
    assert errors_of(events) == ["HPE_INVALID_CHUNK_SIZE"]
    assert errors_of(events, "res error") == ["ECONNRESET"]


def test_bytes_after_a_complete_response_are_a_parse_error():
    data = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA"
    with raw_server(answer_then(data, "open")) as port:
        events = fetch(port)
    assert ("res end", b"hello") in events
    assert errors_of(events) == ["HPE_INVALID_CONSTANT"]
    assert names(events)[-1] == "close"


def test_close_delimited_body_is_complete_at_eof():
    with raw_server(answer_then(b"HTTP/1.1 200 OK\r\n\r\nhello", "close")) as port:
        events = fetch(port)
    assert events[0] == ("response", 200)
    assert ("res end", b"hello") in events and errors_of(events) == []
    assert names(events)[-1] == "close"


def test_server_that_never_answers_times_out():
    with raw_server(answer_then(b"", "open")) as port:
        events = fetch(port, timeout=200)
    assert names(events) == ["timeout", "error", "close"]
    assert errors_of(events) == ["ECONNRESET"]


def test_server_resets_during_the_upload():
    """The server reads a little of a large request body, then resets."""
    def handler(conn, _n):
        got = 0
        while got < 100_000:
            got += len(conn.recv(65536))
        reset(conn)

    events: list[Any] = []

    def main():
        req = http.request({"port": port, "host": "127.0.0.1", "method": "POST", "agent": False,
                            "headers": {"Content-Length": str(64 << 20)}})
        req.on("error", lambda e: events.append(("error", getattr(e, "code", None))))
        req.on("close", lambda *a: events.append(("close",)))
        chunk = b"u" * 65536
        sent = {"n": 0}

        def pump():
            while sent["n"] < 64 << 20 and not req.destroyed:
                sent["n"] += len(chunk)
                if not req.write(chunk):
                    req.once("drain", pump)
                    return
        pump()

    with raw_server(handler) as port, uncaught() as errors:
        run(main, timeout=8)
    assert errors == []
    assert names(events) == ["error", "close"]
    assert errors_of(events)[0] in ("ECONNRESET", "EPIPE")


# -- a pooled keep-alive socket the server closes ----------------------------------------
OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"


def keep_alive_then_close(delay: float) -> Callable[[socket.socket, int], None]:
    """Answer one request with keep-alive, then close (FIN) after ``delay`` seconds."""
    def handler(conn, _n):
        read_request(conn)
        conn.sendall(OK)
        if delay:
            time.sleep(delay)
        conn.close()
    return handler


def test_pooled_socket_closed_while_idle_is_not_reused():
    """The server closes an idle pooled socket; the next request must not fail on it."""
    results: list[Any] = []
    with raw_server(keep_alive_then_close(0.1)) as port:
        def main():
            agent = http.Agent(keep_alive=True)

            def get(tag, then=None):
                def on_response(res):
                    res.resume()
                    res.on("end", lambda: (results.append((tag, res.status_code,
                                                           req.reused_socket)),
                                           then and then()))
                req = http.get({"port": port, "host": "127.0.0.1", "agent": agent}, on_response)
                req.on("error", lambda e: (results.append((tag, getattr(e, "code", None),
                                                           req.reused_socket)),
                                           then and then()))

            def second():
                # Wait until the pool has noticed the server's FIN (bounded by run()'s timeout).
                if any(agent.free_sockets.values()):
                    set_timeout(second, 20)
                else:
                    get("b", agent.destroy)

            get("a", lambda: set_timeout(second, 20))

        with uncaught() as errors:
            run(main, timeout=6)
    assert errors == []
    assert results == [("a", 200, False), ("b", 200, False)]


def test_pooled_socket_closed_right_after_response():
    """The FIN races the next request: each request gets its response, or - only on a
    reused socket - ECONNRESET, exactly as Node documents (``req.reusedSocket``)."""
    results: list[Any] = []
    with raw_server(keep_alive_then_close(0)) as port:
        def main():
            agent = http.Agent(keep_alive=True)
            left = {"n": 10}

            def get():
                if left["n"] == 0:
                    agent.destroy()
                    return
                left["n"] -= 1

                def on_response(res):
                    res.resume()
                    res.on("end", lambda: (results.append((200, req.reused_socket)),
                                           set_immediate(get)))
                req = http.get({"port": port, "host": "127.0.0.1", "agent": agent}, on_response)
                req.on("error", lambda e: (results.append((getattr(e, "code", None),
                                                           req.reused_socket)),
                                           set_immediate(get)))
            get()

        with uncaught() as errors:
            run(main, timeout=8)
    assert errors == []
    assert len(results) == 10
    for outcome, reused in results:
        assert outcome == 200 or (outcome == "ECONNRESET" and reused), results
