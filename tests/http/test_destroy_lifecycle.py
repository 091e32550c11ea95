"""What ``socket.destroy()`` dropping unsent data means for http: a peer that
stops reading cannot hold a request, a server's close or a timed-out
connection open. Event orders were checked against Node v20 with the same
programs in JS.

The peers that never read are raw sockets with a small receive buffer, so
the 8-20 MB bodies below stall in the kernel and in the transport."""

from __future__ import annotations

import contextlib
import socket

from conftest import run

from nodekit import http, net
from tests.support import connect, read_all, read_until, serve

BIG = b"x" * (8 << 20)
CHECKING = {"headers_timeout": 100, "request_timeout": 200, "connections_checking_interval": 20}


@contextlib.contextmanager
def deaf_listener():
    """A listening socket that never accepts nor reads. Yields its port."""
    with socket.socket() as lsock:
        lsock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)  # accepted ones inherit it
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(8)
        yield lsock.getsockname()[1]


def deaf_client(port: int, data: bytes) -> socket.socket:
    """A client that sends ``data`` and then never reads."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    sock.settimeout(5)
    sock.connect(("127.0.0.1", port))
    sock.sendall(data)
    return sock


def test_destroying_a_request_with_a_stalled_upload_emits_econnreset_then_close():
    # Node v20: 'socket', 'error' ECONNRESET "socket hang up", 'close'; the process exits.
    log = []
    with deaf_listener() as port:
        def main():
            req = http.request({"port": port, "host": "127.0.0.1", "method": "POST",
                                "headers": {"content-length": 20 << 20}})
            req.on("socket", lambda s: log.append("socket"))
            req.on("error", lambda err: log.append(("error", err.code, str(err))))
            req.on("close", lambda: log.append("close"))
            req.on("response", lambda res: log.append("response"))

            def stalled():
                assert req.socket.write_buffer_size > 0
                req.destroy()

            req.write(BIG + BIG)
            # 'ready' follows 'connect' and the sending of what was written
            # while connecting (as in Node, from a 'connect' listener).
            req.on("socket", lambda s: s.once("ready", stalled))

        run(main, timeout=10)
    assert log == ["socket", ("error", "ECONNRESET", "socket hang up"), "close"]


def test_server_close_with_close_all_connections_does_not_wait_for_a_deaf_client(must_call):
    clients = []

    def main():
        def on_request(req, res):
            res.end(BIG)
            assert req.socket.write_buffer_size > 0  # the client does not read
            srv.close(must_call(lambda *err: None))
            srv.close_all_connections()

        srv = http.create_server(on_request)
        srv.listen(0, "127.0.0.1", lambda: clients.append(deaf_client(
            srv.address()["port"], b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")))

    try:
        run(main, timeout=10)
    finally:
        for c in clients:
            c.close()


def _timed_out_while_not_reading(request: bytes, must_call) -> bytes:
    """Serve ``request`` with an 8 MB answer to a client that does not read,
    until the server's timeout destroys the connection; then what the client
    finally reads (up to EOF or a reset)."""
    clients = []

    def main():
        def on_request(req, res):
            req.resume()
            res.end(BIG)

        def on_connection(sock):
            # The server's socket is really closed (its fd released) while the
            # client still does not read.
            sock.on("close", must_call(lambda had_error: srv.close()))

        srv = http.create_server(CHECKING, on_request)
        srv.on("connection", on_connection)
        srv.listen(0, "127.0.0.1",
                   lambda: clients.append(deaf_client(srv.address()["port"], request)))

    try:
        run(main, timeout=10)
        clients[0].settimeout(5)
        return read_all(clients[0])  # EOF or RST, not a timeout
    finally:
        for c in clients:
            c.close()


def test_headers_timeout_closes_a_connection_whose_client_stopped_reading(must_call):
    # A full request (its 8 MB answer stalls), then half a head: headers_timeout.
    got = _timed_out_while_not_reading(
        b"GET /big HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n", must_call)
    assert len(got) < len(BIG)


def test_request_timeout_closes_a_connection_whose_client_stopped_reading(must_call):
    # The answer starts before the body is complete; the body never completes.
    got = _timed_out_while_not_reading(
        b"POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789", must_call)
    assert len(got) < len(BIG)


def test_a_client_left_with_an_unread_408_does_not_keep_run_alive(must_call):
    # The server's headers_timeout answers 408 and destroys; the client never
    # reads it. As in Node, the client socket at EOF no longer holds the loop.
    client = []

    def main():
        srv = http.create_server(CHECKING, must_call.never())

        def on_connection(sock):
            sock.on("close", must_call(lambda had_error: srv.close()))

        srv.on("connection", on_connection)

        def on_listening():
            sock = net.connect(srv.address()["port"], "127.0.0.1")
            sock.write(b"GET / HTTP/1.1\r\nHost: x\r\n")
            sock.on("end", must_call.never())
            client.append(sock)

        srv.listen(0, "127.0.0.1", on_listening)

    run(main, timeout=10)
    assert client[0].readable_length > 0


def test_end_in_the_close_listener_of_a_response_whose_client_left_closes_once(must_call):
    # Node: 'close' (the socket went away) is emitted once; an end() from the
    # 'close' listener neither emits it again nor errors.
    closes = []

    def handler(req, res):
        res.write("a")  # the head and a first chunk: the client sees them and leaves

        def on_close():
            closes.append(res.closed)
            res.end("asd")

        res.on("close", on_close)
        res.on("error", must_call.never())

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nasd")
            read_until(sock, b"\r\n\r\n")

    serve(lambda srv: srv.on("request", handler), client)
    assert closes == [True]


def test_a_complete_unread_request_whose_client_leaves_errors_aborted(must_call):
    # Node's abortIncoming: req.destroy(ECONNRESET 'aborted'), emitted as
    # 'error' when the request has a listener, after 'aborted'.
    log = []

    def handler(req, res):
        req.on("aborted", lambda: log.append("aborted"))
        req.on("error", lambda err: log.append((err.code, str(err))))
        res.write("hello")

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            read_until(sock, b"hello")

    serve(lambda srv: srv.on("request", handler), client)
    assert log == ["aborted", ("ECONNRESET", "aborted")]
