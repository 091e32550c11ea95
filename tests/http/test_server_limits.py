"""Server limits: header size (431), ``max_header_size``, ``max_headers_count``,
``max_requests_per_socket`` (Connection: close, then 503).

Expected bytes and thresholds are what Node v20.20 did for the same requests
(raw sockets, ``Date`` masked), hard-coded so the tests do not need ``node``.
Node counts the url, the header names and the header values -- not the
method, ``': '`` or CRLFs -- and answers 431 once that sum reaches the limit.
"""

from __future__ import annotations

import re
import select
import socket
from typing import Any

import pytest

from nodekit import http
from tests.support import connect, read_all, read_response, serve

HEADERS_TOO_LARGE = (b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
                     b"Connection: close\r\n\r\n")
KIB = 1024


def mask_date(data: bytes) -> bytes:
    return re.sub(rb"\r\nDate: [^\r]*\r\n", b"\r\nDate: X\r\n", data)


def ok_handler(req: Any, res: Any) -> None:
    res.end("ok")


def status_of(port: int, request: bytes) -> int:
    with connect(port) as sock:
        sock.sendall(request)
        return int(read_response(sock)[0].split(b" ", 2)[1])


def one_header(value_len: int) -> bytes:
    # Counted: url "/" (1) + "Host" "a" (5) + "X" (1) + value.
    return b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"a" * value_len + b"\r\n\r\n"


# -- header size ------------------------------------------------------------------------


def test_default_max_header_size_is_16_kib():
    assert http.max_header_size == 16384
    assert http.create_server().max_header_size == 16384


def test_headers_one_byte_over_16_kib_get_431_and_the_connection_closed(must_call):
    def client(port):
        with connect(port) as sock:
            sock.sendall(one_header(16384 - 7))  # counted size: exactly 16384
            return read_all(sock)

    assert serve(lambda srv: srv.on("request", must_call.never()), client) == HEADERS_TOO_LARGE


def test_headers_one_byte_under_16_kib_are_served(must_call):
    def client(port):
        return status_of(port, one_header(16384 - 8))  # counted size: 16383

    assert serve(lambda srv: srv.on("request", must_call(ok_handler)), client) == 200


def test_header_limit_counts_names_and_values_not_separators(must_call):
    # 100 headers: 16306 bytes counted, 16727 bytes on the wire -- Node serves it.
    headers = b"".join(b"X%04d: %s\r\n" % (i, b"a" * 158) for i in range(100))
    request = b"GET / HTTP/1.1\r\nHost: a\r\n" + headers + b"\r\n"
    assert len(request) > 16 * KIB

    def client(port):
        return status_of(port, request)

    assert serve(lambda srv: srv.on("request", must_call(ok_handler)), client) == 200


def test_long_url_counts_against_the_header_limit(must_call):
    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET /" + b"a" * 16378 + b" HTTP/1.1\r\nHost: a\r\n\r\n")
            return read_all(sock)

    assert serve(lambda srv: srv.on("request", must_call.never()), client) == HEADERS_TOO_LARGE


def _send_endless(sock: socket.socket, start: bytes, total: int = 1 << 20,
                  piece: int = 16 * KIB) -> tuple[int, bytes]:
    """Send ``start`` then ``total`` bytes of one never-ending line, piece by piece,
    stopping as soon as the server answers or closes -> (bytes sent, answer)."""
    sock.sendall(start)
    sent = 0
    while sent < total:
        try:
            sock.sendall(b"a" * piece)
        except OSError:
            break
        sent += piece
        if select.select([sock], [], [], 0.1)[0]:
            break
    return sent, read_all(sock)


def test_endless_header_line_sent_in_pieces_gets_431_and_close(must_call):
    def client(port):
        with connect(port) as sock:
            return _send_endless(sock, b"GET / HTTP/1.1\r\nHost: a\r\nX-Long: ")

    sent, answer = serve(lambda srv: srv.on("request", must_call.never()), client)
    assert answer == HEADERS_TOO_LARGE
    assert sent < 1 << 20  # cut off long before the line (never) ended: nothing piles up


def test_endless_trailer_line_gets_431_and_close(must_call):
    def handler(req, res):
        req.resume()
        req.on("end", lambda: res.end("ok"))

    def client(port):
        with connect(port) as sock:
            return _send_endless(sock, b"POST / HTTP/1.1\r\nHost: a\r\n"
                                       b"Transfer-Encoding: chunked\r\n\r\n"
                                       b"3\r\nabc\r\n0\r\nX-Long: ")

    sent, answer = serve(lambda srv: srv.on("request", must_call(handler)), client)
    assert answer == HEADERS_TOO_LARGE
    assert sent < 1 << 20


def test_trailers_are_counted_apart_from_the_headers():
    # 10000 bytes of headers + 10000 of trailers: each under 16 KiB, Node serves it.
    trailers: list[Any] = []

    def handler(req, res):
        req.resume()
        req.on("end", lambda: (trailers.append(req.trailers), res.end("ok")))

    big = b"a" * 10000

    def client(port):
        return status_of(port, b"POST / HTTP/1.1\r\nHost: a\r\nX: " + big +
                         b"\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: " + big +
                         b"\r\n\r\n")

    assert serve(lambda srv: srv.on("request", handler), client) == 200
    assert trailers == [{"t": big.decode()}]


@pytest.mark.parametrize(("url_len", "status"), [(993, 200), (994, 431)])
def test_max_header_size_option_sets_the_limit(url_len, status):
    # max_header_size=1000: "/" + 993 + "Host" + "a" = 999 is the most Node serves.
    def client(port):
        return status_of(port, b"GET /" + b"a" * url_len + b" HTTP/1.1\r\nHost: a\r\n\r\n")

    assert serve(lambda srv: srv.on("request", ok_handler), client,
                 max_header_size=1000) == status


def test_max_header_size_option_can_raise_the_limit():
    def client(port):
        return status_of(port, one_header(40000))

    assert serve(lambda srv: srv.on("request", ok_handler), client,
                 max_header_size=64 * KIB) == 200


# -- max_headers_count ------------------------------------------------------------------


def many_headers(n: int) -> bytes:
    return (b"GET / HTTP/1.1\r\nHost: a\r\n"
            + b"".join(b"h%d: v\r\n" % i for i in range(n)) + b"\r\n")


def capture_headers(setup_extra: Any = None) -> tuple[list[Any], Any]:
    seen: list[Any] = []

    def handler(req, res):
        seen.append((dict(req.headers), list(req.raw_headers)))
        res.end()

    def setup(srv):
        if setup_extra is not None:
            setup_extra(srv)
        srv.on("request", handler)

    return seen, setup


def test_max_headers_count_defaults_to_1000():
    assert http.create_server().max_headers_count == 1000


def test_headers_beyond_the_default_1000_are_dropped():
    seen, setup = capture_headers()
    assert serve(setup, lambda port: status_of(port, many_headers(2000))) == 200
    headers, raw = seen[0]
    # Node: the first 1000 headers (host, h0 .. h998) make req.headers ...
    assert len(headers) == 1000
    assert headers["host"] == "a" and headers["h998"] == "v" and "h999" not in headers
    # ... and raw_headers does not keep all 2001 (Node keeps 1023 of them).
    assert raw[:4] == ["Host", "a", "h0", "v"]
    assert 2000 <= len(raw) < 2 * 2001


def test_max_headers_count_keeps_the_first_n_headers():
    seen, setup = capture_headers(lambda srv: setattr(srv, "max_headers_count", 5))
    assert serve(setup, lambda port: status_of(port, many_headers(8))) == 200
    headers, raw = seen[0]
    assert headers == {"host": "a", "h0": "v", "h1": "v", "h2": "v", "h3": "v"}
    assert raw[:10] == ["Host", "a", "h0", "v", "h1", "v", "h2", "v", "h3", "v"]


def test_max_headers_count_zero_means_no_limit():
    seen, setup = capture_headers(lambda srv: setattr(srv, "max_headers_count", 0))
    assert serve(setup, lambda port: status_of(port, many_headers(2000))) == 200
    headers, raw = seen[0]
    assert len(headers) == 2001
    assert len(raw) == 2 * 2001


# -- max_requests_per_socket ------------------------------------------------------------


def _max_requests_exchange(port: int, count: int) -> list[bytes]:
    out = []
    with connect(port) as sock:
        for i in range(count):
            sock.sendall(b"GET /%d HTTP/1.1\r\nHost: a\r\n\r\n" % i)
            head, body = read_response(sock)
            out.append(mask_date(head + b"\r\n\r\n" + body))
    return out


def test_max_requests_per_socket_nth_response_says_connection_close(must_call):
    def setup(srv):
        srv.max_requests_per_socket = 2
        srv.on("request", must_call(ok_handler, times=2))

    first, second = serve(setup, lambda port: _max_requests_exchange(port, 2))
    assert first == (b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: keep-alive\r\n"
                     b"Keep-Alive: timeout=5, max=2\r\nContent-Length: 2\r\n\r\nok")
    assert second == (b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n"
                      b"Content-Length: 2\r\n\r\nok")


def test_max_requests_per_socket_none_is_no_limit(must_call):
    # Node's maxRequestsPerSocket = null (test-http-server-keep-alive-max-requests-null).
    def setup(srv):
        srv.max_requests_per_socket = None
        srv.on("request", must_call(ok_handler, times=3))

    out = serve(setup, lambda port: _max_requests_exchange(port, 3))
    assert out == [b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: keep-alive\r\n"
                   b"Keep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\nok"] * 3


def test_requests_beyond_max_requests_per_socket_get_503(must_call):
    # Node's docs: "it will set the Connection header value to close, but will not
    # actually close the connection, subsequent requests [...] will get 503".
    def setup(srv):
        srv.max_requests_per_socket = 2
        srv.on("request", must_call(ok_handler, times=2))

    out = serve(setup, lambda port: _max_requests_exchange(port, 4))
    assert out[2:] == [b"HTTP/1.1 503 Service Unavailable\r\nDate: X\r\nConnection: close\r\n"
                       b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"] * 2


def test_drop_request_event_fires_for_each_request_beyond_the_limit():
    dropped: list[Any] = []

    def setup(srv):
        srv.max_requests_per_socket = 1
        srv.on("request", ok_handler)
        srv.on("dropRequest", lambda req, sock: dropped.append((req.url, sock is req.socket)))

    serve(setup, lambda port: _max_requests_exchange(port, 3))
    assert dropped == [("/1", True), ("/2", True)]


def test_pipelined_requests_beyond_max_requests_per_socket_get_503(must_call):
    def setup(srv):
        srv.max_requests_per_socket = 2
        srv.on("request", must_call(ok_handler, times=2))

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"".join(b"GET /%d HTTP/1.1\r\nHost: a\r\n\r\n" % i for i in range(3)))
            data = b""
            while not (b" 503 " in data and data.endswith(b"\r\n0\r\n\r\n")):
                chunk = sock.recv(65536)
                assert chunk, data
                data += chunk
            return re.findall(rb"HTTP/1.1 [^\r]*", data)

    assert serve(setup, client) == [b"HTTP/1.1 200 OK", b"HTTP/1.1 200 OK",
                                    b"HTTP/1.1 503 Service Unavailable"]


# -- chunk extensions -------------------------------------------------------------------


def test_chunk_extensions_over_16_kib_get_413(must_call):
    def client(port):
        with connect(port, timeout=1) as sock:
            sock.sendall(b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"3;ext=" + b"a" * 20000 + b"\r\nabc\r\n0\r\n\r\n")
            return read_all(sock)

    def handler(req, res):
        req.resume()
        req.on("end", lambda: res.end("ok"))

    assert serve(lambda srv: srv.on("request", handler), client) == (
        b"HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n")
