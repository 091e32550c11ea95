"""Slow and broken clients against a NodeKit server: slowloris (headers a byte at a
time) cut off by ``headers_timeout``, a slow body cut off by ``request_timeout``,
idle keep-alive sockets closed after ``keep_alive_timeout``, clients that reset
(SO_LINGER 0) mid-headers, mid-body and mid-response, and a pipelining client
that never reads (the server must stop reading and keep its queues bounded).

Timeouts are small (hundreds of ms) so everything runs in seconds; every loop
is bounded by a count, never by a timing assertion.
"""

from __future__ import annotations

import socket
import time

from nodekit.net import RECV_BUFFER_SIZE
from tests.support import connect, serve, wait_for

from .harness import (
    Recorder,
    parse_responses,
    read_to_end,
    reset,
    still_serving,
    uncaught,
)

FAST = {"headers_timeout": 400, "request_timeout": 1000, "connections_checking_interval": 50}
HEAD = b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: y\r\n" * 200 + b"\r\n"


def trickle(sock: socket.socket, data: bytes, every: float = 0.02, max_steps: int = 200,
            ) -> tuple[bytes, int]:
    """Send ``data`` one byte at a time until the server answers or closes.

    Returns what the server sent and how many bytes went out. At most
    ``max_steps`` bytes are sent (a few seconds): a server that never cuts the
    client off fails the caller's assertions instead of hanging the test.
    """
    sock.settimeout(every)
    sent = 0
    for byte in data[:max_steps]:
        try:
            sock.send(bytes([byte]))
        except OSError:
            break
        sent += 1
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            continue
        except OSError:
            return b"", sent
        rest, _ = read_to_end(sock) if chunk else (b"", "eof")
        return chunk + rest, sent
    rest, ended = read_to_end(sock, timeout=0.5)
    return rest, sent


def keep_alive_gets(n: int, pause: float, closed_msg: str):
    """A client sending ``n`` GETs one after another on one keep-alive
    connection, waiting ``pause`` after each answer; their statuses."""
    def client(port):
        statuses = []
        with connect(port) as sock:
            for i in range(n):
                sock.sendall(b"GET /%d HTTP/1.1\r\nHost: x\r\n\r\n" % i)
                data = b""
                while not data.endswith(b"GET /%d" % i):
                    chunk = sock.recv(65536)
                    assert chunk, closed_msg
                    data += chunk
                statuses += [r.status for r in parse_responses(data)[0]]
                time.sleep(pause)
        return statuses

    return client


def _conns_drained(srv) -> bool:
    return not srv._connections and not srv._live


# -- cut off by the server's timers -------------------------------------------------
def test_slowloris_headers_cut_off_by_headers_timeout():
    recorder = Recorder()
    errors_seen = []

    def setup(srv):
        recorder.install(srv)

    def client(port):
        with connect(port) as sock:
            answer, sent = trickle(sock, HEAD)
        return answer, sent, still_serving(port)

    with uncaught() as errors:
        answer, sent, next_status = serve(setup, client, **FAST)
    assert errors == errors_seen == []
    responses, _ = parse_responses(answer)
    assert [r.status for r in responses] == [408]
    assert responses[0].header("connection") == "close"
    assert sent < len(HEAD), "the whole trickled head was accepted"
    assert recorder.seen[:-1] == [] and recorder.seen[-1].url == "/__next"
    assert next_status == 200


def test_slowloris_reported_to_client_error_listener():
    codes = []

    def setup(srv):
        def on_client_error(err, sock):
            codes.append(getattr(err, "code", None))
            sock.destroy()
        srv.on("clientError", on_client_error)

    def client(port):
        with connect(port) as sock:
            return trickle(sock, HEAD)

    answer, sent = serve(setup, client, **FAST)
    assert codes == ["ERR_HTTP_REQUEST_TIMEOUT"]
    assert answer == b""


def test_idle_connection_without_a_byte_cut_off_by_headers_timeout():
    def client(port):
        with connect(port) as sock:
            return read_to_end(sock, timeout=3.0)

    answer, ended = serve(None, client, **FAST)
    assert [r.status for r in parse_responses(answer)[0]] == [408]
    assert ended in ("eof", "reset")


def test_idle_keep_alive_connection_is_not_cut_by_headers_timeout():
    """Between two requests a keep-alive connection is idle, not a slow head: only
    keep_alive_timeout applies (here longer than headers_timeout)."""
    def setup(srv):
        srv.keep_alive_timeout = 5000
        Recorder().install(srv)

    # the pause is > headers_timeout + a checker interval
    client = keep_alive_gets(2, 0.8, "closed while idle between requests")
    assert serve(setup, client, **FAST) == [200, 200]


def test_slow_body_cut_off_by_request_timeout():
    recorder = Recorder()
    closed = []

    def setup(srv):
        recorder.install(srv)
        srv.on("request", lambda req, res: res.on("close", lambda *a: closed.append(req.url)))

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
            answer, sent = trickle(sock, b"a" * 1000)
        return answer, sent, still_serving(port)

    with uncaught() as errors:
        answer, sent, next_status = serve(setup, client, **FAST)
    assert errors == []
    assert [r.status for r in parse_responses(answer)[0]] == [408]
    assert sent < 1000
    slow = recorder.seen[0]
    assert (slow.method, slow.url, slow.body, slow.aborted) == ("POST", "/slow", None, True)
    assert "/slow" in closed
    assert next_status == 200


def test_idle_keep_alive_socket_closed_after_keep_alive_timeout():
    def setup(srv):
        srv.keep_alive_timeout = 200
        Recorder().install(srv)

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            first = sock.recv(65536)
            rest, ended = read_to_end(sock, timeout=3.0)
        return first + rest, ended

    answer, ended = serve(setup, client)
    responses, _ = parse_responses(answer)
    assert [r.status for r in responses] == [200]
    assert responses[0].header("connection") == "keep-alive"
    assert ended == "eof", "the idle keep-alive socket was not closed"


def test_keep_alive_socket_stays_open_while_requests_keep_coming():
    """Control: a busy keep-alive connection is not cut by keep_alive_timeout."""
    def setup(srv):
        srv.keep_alive_timeout = 300
        Recorder().install(srv)

    assert serve(setup, keep_alive_gets(5, 0.1, "closed while in use")) == [200] * 5


# -- clients that reset -----------------------------------------------------------
def _reset_scenario(send, handler=None):
    """Run ``send(sock, srv_state)`` then RST the socket; return what the server recorded."""
    state: dict = {"srv": None}
    recorder = Recorder()

    def setup(srv):
        state["srv"] = srv
        if handler is None:
            recorder.install(srv)
        else:
            srv.on("request", handler)

    def client(port):
        sock = connect(port)
        send(sock, state)
        reset(sock)
        drained = wait_for(lambda: not state["srv"]._connections, timeout=3.0)
        return drained, still_serving(port)

    with uncaught() as errors:
        drained, next_status = serve(setup, client)
    return errors, drained, next_status, recorder, state


def test_reset_mid_headers():
    def send(sock, state):
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Partial: abc")
        time.sleep(0.05)

    errors, drained, next_status, recorder, _ = _reset_scenario(send)
    assert errors == []
    assert drained, "the reset connection is still open on the server"
    assert [s.url for s in recorder.seen] == ["/__next"]
    assert next_status == 200


def test_reset_mid_body():
    events: list = []

    def handler(req, res):
        if req.url == "/__next":
            res.end("ok")
            return
        events.append("request")
        req.on("data", lambda d: None)
        req.on("aborted", lambda: events.append("aborted"))
        req.on("close", lambda *a: events.append("req close"))
        res.on("close", lambda *a: events.append("res close"))
        req.on("end", lambda: events.append("end"))

    def send(sock, state):
        sock.sendall(b"POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                     + b"a" * 1000)
        assert wait_for(lambda: "request" in events)

    errors, drained, next_status, _, _ = _reset_scenario(send, handler)
    assert errors == []
    assert drained
    assert "end" not in events
    assert {"aborted", "req close", "res close"} <= set(events)
    assert next_status == 200


def test_reset_mid_response():
    events: list = []
    total = 64 << 20
    chunk = b"x" * 65536

    def handler(req, res):
        if req.url == "/__next":
            res.end("ok")
            return
        res.on("close", lambda *a: events.append("close"))
        res.on("finish", lambda: events.append("finish"))
        res.write_head(200, {"Content-Length": str(total)})
        written = {"n": 0}

        def pump():
            while written["n"] < total and not res.destroyed and not res.writable_ended:
                written["n"] += len(chunk)
                events.append("write")
                if not res.write(chunk):
                    res.once("drain", pump)
                    return
            if written["n"] >= total:
                res.end()

        pump()

    def send(sock, state):
        sock.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        got = 0
        while got < 200_000:
            got += len(sock.recv(65536))

    errors, drained, next_status, _, _ = _reset_scenario(send, handler)
    assert errors == []
    assert drained
    assert "close" in events and "finish" not in events
    assert events.count("write") < total // len(chunk), "the server wrote the whole body anyway"
    assert next_status == 200


# -- a pipelining client that never reads -------------------------------------------
def test_pipelining_client_that_never_reads_is_throttled():
    """Thousands of pipelined requests, nothing read: the server must stop reading the
    socket while responses are queued, so its queues and buffers stay bounded; once the
    client reads, every request is answered, in order."""
    # stats are sampled in the 'request' listener (where the queue grows); the queue
    # and buffered output are private state, read here on purpose.
    n = 5000
    body = b"r" * 8192
    stats = {"max_queued": 0, "max_buffered": 0, "handled": 0}

    def setup(srv):
        def handler(req, res):
            stats["handled"] += 1
            for conn in srv._live:  # the server's per-connection response queue
                stats["max_queued"] = max(stats["max_queued"], len(conn.outgoing))
            stats["max_buffered"] = max(stats["max_buffered"], req.socket.write_buffer_size
                                        + sum(r.writable_length for c in srv._live
                                              for r in c.outgoing))
            res.end(body)
        srv.on("request", handler)

    requests = b"".join(b"GET /%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(n))

    def client(port):
        with connect(port, timeout=1.0) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
            view, sent = memoryview(requests), 0
            while sent < len(requests):
                try:
                    sent += sock.send(view[sent:sent + 65536])
                except TimeoutError:
                    break  # the server stopped reading: good
            handled_while_blocked = stats["handled"]
            time.sleep(0.2)
            stalled_at = stats["handled"]
            # Now read everything; the server must resume and answer every request.
            sock.settimeout(20.0)
            data = bytearray()
            expected = n * len(body)
            seen_bodies = 0
            while seen_bodies < expected:
                if sent < len(requests):
                    try:
                        sock.setblocking(False)
                        sent += sock.send(view[sent:sent + 65536])
                    except BlockingIOError:
                        pass
                    finally:
                        sock.settimeout(20.0)
                chunk = sock.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
                seen_bodies += chunk.count(b"r")
            responses, _ = parse_responses(bytes(data))
        return handled_while_blocked, stalled_at, responses

    with uncaught() as errors:
        handled_while_blocked, stalled_at, responses = serve(setup, client, timeout=60)
    assert errors == []
    assert stalled_at < n, "the server read every request although nothing was read back"
    # Like Node (which pauses the socket but finishes parsing the chunk it has read), the
    # bound is one read's worth of requests: what arrived before reading stopped.
    one_read = RECV_BUFFER_SIZE // len(b"GET /0 HTTP/1.1\r\nHost: x\r\n\r\n") + 16
    assert stats["max_queued"] <= one_read, f"{stats['max_queued']} responses queued"
    assert stats["max_buffered"] <= one_read * (len(body) + 256) + (1 << 20), (
        f"{stats['max_buffered']} bytes buffered")
    assert len(responses) == n and all(r.status == 200 for r in responses)
