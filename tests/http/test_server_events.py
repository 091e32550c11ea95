"""``http.Server`` events: request, connection, close, listening, checkContinue,
checkExpectation, upgrade, connect and clientError -- and the listen forms.

Driven by blocking raw sockets in a thread (``tests.support.serve``) against a
NodeKit server in the loop. Every expected wire byte sequence is what Node
v20.20 sent for the same handler and request (``Date`` masked), hard-coded so
the tests do not need ``node``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
import threading
from typing import Any

import pytest

from nodekit import http, net, process, runtime
from tests.conftest import run
from tests.support import Loop, connect, read_all, read_response, read_until, serve

GET = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"
OK = b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
BAD_REQUEST = b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"


def mask_date(data: bytes) -> bytes:
    return re.sub(rb"\r\nDate: [^\r]*\r\n", b"\r\nDate: X\r\n", data)


def ok_handler(req: Any, res: Any) -> None:
    res.end("ok")


def recv_nothing(sock: socket.socket, wait: float = 0.3) -> bytes:
    """What arrives within ``wait`` seconds (b'' when nothing did)."""
    sock.settimeout(wait)
    try:
        return sock.recv(65536)
    except TimeoutError:
        return b""
    finally:
        sock.settimeout(5)


# -- 'request' / 'connection' / 'close' / 'listening' ----------------------------------


def test_request_event_fires_for_each_request_on_a_keep_alive_connection(must_call):
    handler = must_call(lambda req, res: res.end(req.url), times=3)

    def client(port):
        with connect(port) as sock:
            out = []
            for path in (b"/a", b"/b", b"/c"):
                sock.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: a\r\n\r\n")
                out.append(read_response(sock)[1])
            return out

    assert serve(lambda srv: srv.on("request", handler), client) == [b"/a", b"/b", b"/c"]


def test_requests_of_one_connection_share_its_socket():
    sockets: list[Any] = []

    def handler(req, res):
        sockets.append(req.socket)
        res.end()

    def client(port):
        with connect(port) as sock:
            for _ in range(2):
                sock.sendall(GET)
                read_response(sock)

    serve(lambda srv: srv.on("request", handler), client)
    assert len(sockets) == 2 and sockets[0] is sockets[1]


def test_connection_event_gets_the_net_socket_that_requests_arrive_on(must_call):
    seen: dict[str, Any] = {}

    def on_connection(sock):
        seen["socket"] = sock

    def handler(req, res):
        seen["req_socket"] = req.socket
        seen["req_connection"] = req.connection
        res.end()

    def setup(srv):
        srv.on("connection", must_call(on_connection))
        srv.on("request", handler)

    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            read_response(sock)
            return sock.getsockname()[1]

    client_port = serve(setup, client)
    sock = seen["socket"]
    assert isinstance(sock, net.Socket)
    assert seen["req_socket"] is sock
    assert seen["req_connection"] is sock
    assert sock.remote_address == "127.0.0.1"
    assert sock.remote_port == client_port


def test_set_encoding_on_a_server_socket_raises_and_the_request_still_reads_bytes(must_call):
    # Node's test-http-socket-encoding-error: ERR_HTTP_SOCKET_ENCODING, for any
    # encoding, and the request on that socket is served as usual.
    codes: list[Any] = []

    def on_connection(sock):
        for enc in ("utf8", "", None):
            try:
                sock.set_encoding(enc)
            except Exception as exc:  # noqa: BLE001 - recorded, checked below
                codes.append(getattr(exc, "code", exc))

    def setup(srv):
        srv.on("connection", must_call(on_connection))
        srv.on("request", lambda req, res: res.end("ok"))

    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            return read_response(sock)

    assert serve(setup, client)[1] == b"ok"
    assert codes == ["ERR_HTTP_SOCKET_ENCODING"] * 3


def test_connection_event_fires_once_per_connection_not_per_request(must_call):
    on_connection = must_call(times=2)

    def setup(srv):
        srv.on("connection", on_connection)
        srv.on("request", ok_handler)

    def client(port):
        for _ in range(2):
            with connect(port) as sock:
                for _ in range(3):
                    sock.sendall(GET)
                    read_response(sock)

    serve(setup, client)


def test_listening_event_fires_once_bound_with_the_address(must_call):
    seen: dict[str, Any] = {}

    def main():
        srv = http.create_server(ok_handler)

        def on_listening():
            seen["address"] = srv.address()
            seen["listening"] = srv.listening
            srv.close()

        srv.on("listening", must_call(on_listening))
        srv.listen(0, "127.0.0.1")

    run(main)
    assert seen["listening"] is True
    assert seen["address"]["address"] == "127.0.0.1"
    assert seen["address"]["family"] == "IPv4"
    assert seen["address"]["port"] > 0


def test_close_event_fires_after_server_close(must_call):
    order: list[str] = []

    def main():
        srv = http.create_server(ok_handler)
        srv.on("close", must_call(lambda: order.append("close")))

        def on_listening():
            srv.close(must_call(lambda *a: order.append("callback")))
            order.append("close() returned")

        srv.listen(0, "127.0.0.1", on_listening)

    run(main)
    assert order[0] == "close() returned"
    assert sorted(order[1:]) == ["callback", "close"]


def _serve_on(listen: Any, client: Any, handler: Any = ok_handler) -> Any:
    """Listen with ``listen(srv, on_listening)``, run ``client(srv)`` in a thread.

    A ref'd interval keeps the loop running until the client returns, even
    when the client itself closes the server.
    """
    result: dict[str, Any] = {}

    def main():
        srv = http.create_server(handler)
        loop = runtime.get_loop()
        hold = runtime.set_interval(lambda: None, 1000)

        def finish():
            hold.close()
            srv.close()
            srv.close_all_connections()

        def client_thread():
            try:
                result["value"] = client(srv)
            except BaseException as exc:  # noqa: BLE001
                result["error"] = exc
            finally:
                loop.call_soon_threadsafe(finish)

        listen(srv, lambda: threading.Thread(target=client_thread, daemon=True).start())

    run(main)
    if "error" in result:
        raise result["error"]
    return result.get("value")


def test_listen_with_port_host_and_callback_serves_requests(must_call):
    def listen(srv, on_listening):
        srv.listen(0, "127.0.0.1", must_call(on_listening))

    def client(srv):
        with connect(srv.address()["port"]) as sock:
            sock.sendall(GET)
            return read_response(sock)[1]

    assert _serve_on(listen, client) == b"ok"


def test_listen_on_a_unix_socket_path_serves_requests(must_call):
    tmp = tempfile.mkdtemp(prefix="nk", dir="/tmp")
    path = os.path.join(tmp, "s.sock")

    def listen(srv, on_listening):
        srv.listen(path, must_call(on_listening))

    def client(srv):
        assert srv.address() == path
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(path)
            sock.sendall(GET)
            return read_response(sock)[1]

    try:
        assert _serve_on(listen, client) == b"ok"
        assert not os.path.exists(path)  # close() removes the socket file, like Node
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_listen_on_a_bound_listening_fd_serves_requests(must_call):
    pre = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    pre.bind(("127.0.0.1", 0))
    pre.listen(16)
    port = pre.getsockname()[1]

    def listen(srv, on_listening):
        srv.listen({"fd": pre.fileno()}, must_call(on_listening))

    def client(srv):
        with connect(port) as sock:
            sock.sendall(GET)
            return read_response(sock)[1]

    try:
        assert _serve_on(listen, client) == b"ok"
    finally:
        pre.close()


def test_server_close_closes_idle_keep_alive_connections(must_call):
    # Node >= 19: server.close() calls closeIdleConnections().
    loop = Loop()
    closed = threading.Event()
    done = threading.Event()

    def handler(req, res):
        res.on("close", lambda: done.set())  # the response is off the connection: it is idle
        res.end("ok")

    def listen(srv, on_listening):
        loop.bind()
        srv.listen(0, "127.0.0.1", on_listening)

    def client(srv):
        with connect(srv.address()["port"]) as sock:
            sock.sendall(GET)
            head, _ = read_response(sock)
            assert b"Connection: keep-alive" in head
            assert done.wait(5)
            loop.call(lambda: srv.close(must_call(lambda *a: closed.set())))
            rest = read_all(sock)  # EOF: the server closed the idle connection
            assert closed.wait(5)
            return rest

    assert _serve_on(listen, client, handler) == b""


def test_server_close_lets_an_in_flight_request_finish(must_call):
    def handler(req, res):
        req.socket.server.close(must_call())
        runtime.set_timeout(lambda: res.end("late"), 50)

    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            return read_response(sock)[1]

    assert serve(lambda srv: srv.on("request", handler), client) == b"late"


# -- 'checkContinue' / 'checkExpectation' -----------------------------------------------


def test_check_continue_replaces_request_and_nothing_is_sent_until_write_continue(must_call):
    loop = Loop()
    called = threading.Event()
    pending: list[Any] = []

    def check_continue(req, res):
        pending.append(res)
        body: list[bytes] = []
        req.on("data", lambda d: body.append(bytes(d)))
        req.on("end", lambda: res.end(b"got " + b"".join(body)))
        called.set()

    def setup(srv):
        loop.bind()
        srv.on("checkContinue", must_call(check_continue))
        srv.on("request", must_call.never())

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                         b"Content-Length: 5\r\n\r\n")
            assert called.wait(5)
            assert recv_nothing(sock) == b""
            loop.call(lambda: pending[0].write_continue())
            assert read_until(sock, b"\r\n\r\n") == b"HTTP/1.1 100 Continue\r\n\r\n"
            sock.sendall(b"hello")
            return read_response(sock)[1]

    assert serve(setup, client) == b"got hello"


def test_without_check_continue_listener_100_continue_precedes_the_response():
    def handler(req, res):
        req.resume()
        req.on("end", lambda: res.end("ok"))

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                         b"Content-Length: 5\r\n\r\n")
            interim = read_until(sock, b"\r\n\r\n")
            sock.sendall(b"hello")
            return interim, read_response(sock)

    interim, (head, body) = serve(lambda srv: srv.on("request", handler), client)
    assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and body == b"ok"


@pytest.mark.parametrize("status", [417, 400])
def test_check_continue_handler_may_refuse_without_write_continue(must_call, status):
    def check_continue(req, res):
        res.write_head(status)
        res.end()

    def setup(srv):
        srv.on("checkContinue", must_call(check_continue))

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                         b"Content-Length: 3\r\n\r\n")
            return read_all(sock)

    reason = http.STATUS_CODES[status].encode()
    # Node: no 100 on the wire, and the connection is not kept (the body may follow).
    assert mask_date(serve(setup, client)) == (
        b"HTTP/1.1 %d %s\r\nDate: X\r\nConnection: close\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" % (status, reason))


def test_other_expectation_gets_417_without_check_expectation_listener(must_call):
    def setup(srv):
        srv.on("request", must_call.never())

    def client_bytes(port):
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\nExpect: something-else\r\n\r\n")
            head, body = read_response(sock)
            return head + b"\r\n\r\n" + body

    assert mask_date(serve(setup, client_bytes)) == (
        b"HTTP/1.1 417 Expectation Failed\r\nDate: X\r\nConnection: keep-alive\r\n"
        b"Keep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")


def test_check_expectation_listener_gets_other_expect_values(must_call):
    seen: list[str] = []

    def check_expectation(req, res):
        seen.append(req.headers["expect"])
        res.write_head(402)
        res.end()

    def setup(srv):
        srv.on("checkExpectation", must_call(check_expectation))
        srv.on("request", must_call.never())

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\nExpect: something-else\r\n\r\n")
            return read_response(sock)[0]

    assert serve(setup, client).startswith(b"HTTP/1.1 402 Payment Required\r\n")
    assert seen == ["something-else"]


def test_expect_100_continue_is_found_among_other_tokens():
    # Node's continueExpression is /(?:^|\W)100-continue(?:$|\W)/i.
    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue, foo\r\n\r\n")
            return read_until(sock, b"ok")

    out = serve(lambda srv: srv.on("request", ok_handler), client)
    assert out.startswith(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n")


def test_expect_is_ignored_on_http_1_0_requests(must_call):
    # Node only looks at Expect for HTTP/1.1 requests.
    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.0\r\nExpect: something-else\r\n\r\n")
            return read_all(sock)

    out = serve(lambda srv: srv.on("request", must_call(ok_handler)), client)
    assert mask_date(out) == b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n\r\nok"


# -- 'upgrade' ----------------------------------------------------------------------------

UPGRADE = b"GET /chat HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"
SWITCHING = b"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n"


def test_upgrade_event_gets_request_socket_and_the_bytes_read_past_the_head(must_call):
    seen: dict[str, Any] = {}

    def on_upgrade(req, sock, head):
        seen.update(url=req.url, upgrade=req.headers["upgrade"], head=bytes(head), sock=sock)
        sock.end(SWITCHING)

    def setup(srv):
        srv.on("upgrade", must_call(on_upgrade))
        srv.on("request", must_call.never())

    def client(port):
        with connect(port) as sock:
            sock.sendall(UPGRADE + b"first frame")
            return read_all(sock)

    assert serve(setup, client) == SWITCHING
    assert seen["url"] == "/chat" and seen["upgrade"] == "echo"
    assert seen["head"] == b"first frame"
    assert isinstance(seen["sock"], net.Socket)


def test_upgrade_head_is_empty_when_nothing_followed_the_request(must_call):
    heads: list[bytes] = []

    def on_upgrade(req, sock, head):
        heads.append(bytes(head))
        sock.destroy()

    def client(port):
        with connect(port) as sock:
            sock.sendall(UPGRADE)
            return read_all(sock)

    serve(lambda srv: srv.on("upgrade", must_call(on_upgrade)), client)
    assert heads == [b""]


def test_upgraded_socket_ended_by_the_listener_closes_when_the_client_ends(must_call):
    # Node: the peer's EOF ends even an unread socket (onStreamRead: push(null); read(0)).
    def on_upgrade(req, sock, head):
        sock.end(SWITCHING)

    def client(port):
        with connect(port) as sock:
            sock.sendall(UPGRADE)
            return read_all(sock)

    assert serve(lambda srv: srv.on("upgrade", must_call(on_upgrade)), client,
                 timeout=3) == SWITCHING


def test_upgraded_socket_is_a_plain_duplex_that_can_echo(must_call):
    def on_upgrade(req, sock, head):
        sock.write(SWITCHING)
        sock.write(head)
        sock.pipe(sock)

    def client(port):
        with connect(port) as sock:
            sock.sendall(UPGRADE + b"one;")
            got = read_until(sock, b"one;")
            for msg in (b"two;", b"GET / HTTP/1.1\r\n\r\n", b"x" * 100000):
                sock.sendall(msg)
                got += read_until_len(sock, len(msg))
            sock.shutdown(socket.SHUT_WR)
            return got + read_all(sock)

    out = serve(lambda srv: srv.on("upgrade", must_call(on_upgrade)), client)
    assert out == SWITCHING + b"one;two;GET / HTTP/1.1\r\n\r\n" + b"x" * 100000


def read_until_len(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(65536)
        if not chunk:
            break
        buf += chunk
    return buf


def test_upgrade_without_listener_is_served_as_a_normal_request(must_call):
    # Node 20: with no 'upgrade' listener the request goes to 'request' and the
    # connection stays usable.
    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\n"
                         b"Upgrade: foo\r\n\r\n")
            first = read_response(sock)
            sock.sendall(b"GET /2 HTTP/1.1\r\nHost: a\r\n\r\n")
            return first, read_response(sock)

    (head1, body1), (head2, body2) = serve(
        lambda srv: srv.on("request", must_call(lambda req, res: res.end(req.url), times=2)),
        client)
    assert mask_date(head1 + b"\r\n\r\n") == OK + b"Content-Length: 2\r\n\r\n"
    assert (body1, body2) == (b"/x", b"/2")


def test_unanswered_upgrade_followed_by_garbage_does_not_crash_the_server(must_call):
    # Regression: the bytes after an unanswered Upgrade were parsed while the
    # HttpParserUpgrade was being handled, and a parse error in them became an
    # uncaught error that stopped the server. Node keeps serving.
    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\n"
                         b"Upgrade: foo\r\n\r\nhello")
            first = read_response(sock)[1]
        with connect(port) as sock:
            sock.sendall(GET)
            return first, read_response(sock)[1]

    assert serve(lambda srv: srv.on("request", ok_handler), client) == (b"ok", b"ok")


# -- 'connect' ----------------------------------------------------------------------------

CONNECT = b"CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n"


def test_connect_event_gets_request_socket_and_head(must_call):
    seen: dict[str, Any] = {}

    def on_connect(req, sock, head):
        seen.update(method=req.method, url=req.url, head=bytes(head))
        sock.end(b"HTTP/1.1 200 Connection Established\r\n\r\n")

    def setup(srv):
        srv.on("connect", must_call(on_connect))
        srv.on("request", must_call.never())

    def client(port):
        with connect(port) as sock:
            sock.sendall(CONNECT + b"\x16\x03\x01tls-ish")
            return read_all(sock)

    assert serve(setup, client) == b"HTTP/1.1 200 Connection Established\r\n\r\n"
    assert seen == {"method": "CONNECT", "url": "example.org:443", "head": b"\x16\x03\x01tls-ish"}


def test_connect_socket_carries_the_tunnel_both_ways(must_call):
    def on_connect(req, sock, head):
        sock.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        sock.on("data", lambda d: sock.write(bytes(d).upper()))
        sock.on("end", lambda: sock.end())

    def client(port):
        with connect(port) as sock:
            sock.sendall(CONNECT)
            got = read_until(sock, b"\r\n\r\n")
            sock.sendall(b"through the tunnel")
            got += read_until_len(sock, len(b"THROUGH THE TUNNEL"))
            sock.shutdown(socket.SHUT_WR)
            return got + read_all(sock)

    out = serve(lambda srv: srv.on("connect", must_call(on_connect)), client)
    assert out == b"HTTP/1.1 200 Connection Established\r\n\r\nTHROUGH THE TUNNEL"


def test_connect_without_listener_closes_the_connection(must_call):
    # Node: nothing is written, the connection is closed.
    def client(port):
        with connect(port) as sock:
            sock.sendall(CONNECT + b"hello")
            return read_all(sock)

    assert serve(lambda srv: srv.on("request", must_call.never()), client) == b""


# -- 'clientError' ------------------------------------------------------------------------

CLIENT_ERRORS = [
    (b"XYZ / HTTP/1.1\r\nHost: a\r\n\r\n", "HPE_INVALID_METHOD"),
    (b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
     "HPE_UNEXPECTED_CONTENT_LENGTH"),
    (b"GET / HTTP/1.1\r\nHo st: a\r\n\r\n", "HPE_INVALID_HEADER_TOKEN"),
]


@pytest.mark.parametrize(("request_bytes", "code"), CLIENT_ERRORS)
def test_client_error_gets_an_error_with_code_and_the_socket(must_call, request_bytes, code):
    seen: dict[str, Any] = {}

    def on_client_error(err, sock):
        seen.update(code=err.code, socket=sock, message=str(err))
        sock.end(b"HTTP/1.1 400 Bad Request\r\n\r\n")

    def setup(srv):
        srv.on("clientError", must_call(on_client_error))
        srv.on("request", must_call.never())

    def client(port):
        with connect(port) as sock:
            sock.sendall(request_bytes)
            return read_all(sock)

    # Only what the listener wrote goes out.
    assert serve(setup, client) == b"HTTP/1.1 400 Bad Request\r\n\r\n"
    assert seen["code"] == code
    assert seen["message"].startswith("Parse Error: ")
    assert isinstance(seen["socket"], net.Socket)


def test_client_error_carries_the_raw_packet(must_call):
    packets: list[bytes] = []

    def on_client_error(err, sock):
        packets.append(bytes(err.raw_packet))
        sock.destroy()

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"XYZ / HTTP/1.1\r\n\r\n")
            return read_all(sock)

    serve(lambda srv: srv.on("clientError", must_call(on_client_error)), client)
    assert packets == [b"XYZ / HTTP/1.1\r\n\r\n"]


def test_client_error_listener_that_writes_nothing_leaves_the_wire_silent(must_call):
    loop = Loop()
    sockets: list[Any] = []

    def setup(srv):
        loop.bind()
        srv.on("clientError", must_call(lambda err, sock: sockets.append(sock)))

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"XYZ / HTTP/1.1\r\n\r\n")
            silent = recv_nothing(sock)
            loop.call(lambda: sockets[0].destroy())
            return silent + read_all(sock)

    assert serve(setup, client) == b""


@pytest.mark.parametrize(("request_bytes", "code"), CLIENT_ERRORS)
def test_without_client_error_listener_400_is_sent_and_the_connection_closed(
        must_call, request_bytes, code):
    def client(port):
        with connect(port) as sock:
            sock.sendall(request_bytes)
            return read_all(sock)

    assert serve(lambda srv: srv.on("request", must_call.never()), client) == BAD_REQUEST


HEADERS_TOO_LARGE = b"HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n"
AUTOMATIC_REJECTS = [
    (b"FOO / HTTP/1.1\r\nHost: a\r\n\r\n", "HPE_INVALID_METHOD", BAD_REQUEST),
    (b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"a" * 20000 + b"\r\n\r\n",
     "HPE_HEADER_OVERFLOW", HEADERS_TOO_LARGE),
]


@pytest.mark.parametrize(("request_bytes", "code", "answer"), AUTOMATIC_REJECTS,
                         ids=[code for _, code, _ in AUTOMATIC_REJECTS])
def test_the_automatic_reject_destroys_the_socket_with_the_parse_error(
        must_call, request_bytes, code, answer):
    # Node v20's socketOnError: write the 400/431, then socket.destroy(err): a
    # 'connection' listener's socket.on('error') sees the parser's code, and
    # 'close' says had_error.
    seen: list[Any] = []

    def on_connection(sock):
        sock.on("error", must_call(lambda err: seen.append(err.code)))
        sock.on("close", must_call(lambda had_error=None: seen.append(had_error)))

    def setup(srv):
        srv.on("connection", on_connection)
        srv.on("request", must_call.never())

    def client(port):
        with connect(port) as sock:
            sock.sendall(request_bytes)
            return read_all(sock)

    assert serve(setup, client) == answer
    assert seen == [code, True]


@pytest.mark.parametrize(("request_bytes", "code", "answer"), AUTOMATIC_REJECTS,
                         ids=[code for _, code, _ in AUTOMATIC_REJECTS])
def test_the_automatic_reject_leaves_nothing_uncaught_without_an_error_listener(
        must_call, request_bytes, code, answer):
    # The socket's 'error' has our own listener behind it (Node: a no-op one),
    # so run() ends normally and no 'uncaughtException' is emitted.
    def setup(srv):
        process.on("uncaughtException", on_uncaught)
        srv.on("connection", must_call(lambda sock: sock.on("close", must_call())))

    def client(port):
        with connect(port) as sock:
            sock.sendall(request_bytes)
            return read_all(sock)

    on_uncaught = must_call.never()
    try:
        assert serve(setup, client) == answer
    finally:
        process.remove_listener("uncaughtException", on_uncaught)


def test_client_error_after_a_good_request_on_the_same_connection(must_call):
    codes: list[str] = []

    def on_client_error(err, sock):
        codes.append(err.code)
        sock.destroy()

    def setup(srv):
        srv.on("request", must_call(ok_handler))
        srv.on("clientError", must_call(on_client_error))

    def client(port):
        with connect(port) as sock:
            sock.sendall(GET)
            body = read_response(sock)[1]
            sock.sendall(b"\x00garbage\r\n\r\n")
            return body, read_all(sock)

    assert serve(setup, client) == (b"ok", b"")
    assert codes == ["HPE_INVALID_METHOD"]


# -- HTTP/1.1 without Host ---------------------------------------------------------------


def test_http_1_1_request_without_host_gets_400():
    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            return read_all(sock)

    out = serve(lambda srv: srv.on("request", lambda req, res: res.end("served")), client)
    assert mask_date(out) == (b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\nDate: X\r\n"
                              b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")


@pytest.mark.parametrize("options", ["foo", 42, True, []], ids=repr)
def test_server_options_that_are_not_a_dict_raise_err_invalid_arg_type(options):
    # Node's test-http-server: new http.Server('foo' | 42 | true | []) throws.
    with pytest.raises(TypeError) as info:
        http.Server(options)
    assert info.value.code == "ERR_INVALID_ARG_TYPE"


def test_the_connection_is_the_socket_consumer_until_an_upgrade_takes_the_socket(must_call):
    # Issue 11: the server attaches through net's one consumer hook (no writes
    # to the socket's private attributes); the upgrade hand-over detaches it.
    seen: dict[str, Any] = {}

    def on_connection(sock):
        seen["at_connection"] = type(sock.consumer).__name__

    def on_upgrade(req, sock, head):
        seen["at_upgrade"] = sock.consumer
        sock.end(SWITCHING)

    def setup(srv):
        srv.on("connection", on_connection)
        srv.on("upgrade", must_call(on_upgrade))

    def client(port):
        with connect(port) as sock:
            sock.sendall(UPGRADE)
            return read_all(sock)

    assert serve(setup, client) == SWITCHING
    assert seen == {"at_connection": "ServerConnection", "at_upgrade": None}


def test_after_a_client_error_the_clients_fin_ends_the_connection(must_call):
    # An errored connection answers nothing more (each later read fails again
    # with the same code, as llhttp's lingering error does in Node v20.20: one
    # 'clientError' per read, so one or two here as the kernel coalesces the
    # writes) and answers the peer's FIN by ending our side.
    errors: list[str] = []

    def setup(srv):
        srv.on("clientError", lambda err, sock: errors.append(err.code))

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"BAD\x00 / HTTP/1.1\r\n\r\n")
            sock.sendall(GET)  # ignored
            sock.shutdown(socket.SHUT_WR)
            return read_all(sock)

    assert serve(setup, client) == b""
    assert errors[:1] == ["HPE_INVALID_METHOD"] and set(errors) == {"HPE_INVALID_METHOD"}
