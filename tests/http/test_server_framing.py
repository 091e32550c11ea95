"""ServerResponse body framing and connection handling, byte for byte.

Content-Length vs chunked vs close-delimited, HEAD / 1xx / 204 / 304,
HTTP/1.0 peers, ``Connection`` handling, keep-alive, pipelining and
trailers. Every expected response is what Node v20.20 sent for the same
handler and request (raw socket, ``Date`` value masked to ``X``), hard-coded
so that the tests do not need ``node``.
"""

from __future__ import annotations

from typing import Any

import pytest

from nodekit import runtime
from nodekit.errors import NodeError
from tests.support import connect, serve
from tests.wire import mask_date, read_message

# -- wire helpers (shared shape with test_server_framing / test_server_response) --

PROBE = b"GET /__probe HTTP/1.1\r\nHost: x\r\n\r\n"


def session(handler: Any, requests: list[bytes], *, pipelined: bool = False,
            then: str | None = None, setup: Any = None) -> list[bytes]:
    """Send ``requests`` on one connection and read one response to each.

    ``pipelined``: send them all in one ``sendall``. ``then='closed'``: the
    server must close the connection after the last response; ``then='open'``:
    a further request on the same connection must still be answered.
    """

    def on_request(req: Any, res: Any) -> None:
        if req.url == "/__probe":
            res.end("probe")
        else:
            handler(req, res)

    def client(port: int) -> list[bytes]:
        out = []
        with connect(port) as sock:
            rest = b""
            if pipelined:
                sock.sendall(b"".join(requests))
            for request in requests:
                if not pipelined:
                    sock.sendall(request)
                msg, rest = read_message(sock, rest, head_only=request.startswith(b"HEAD "))
                out.append(mask_date(msg))
            assert rest == b""
            if then == "closed":
                try:
                    assert sock.recv(1) == b"", "the server kept the connection open"
                except ConnectionResetError:
                    pass
            elif then == "open":
                sock.sendall(PROBE)
                msg, rest = read_message(sock)
                assert msg.endswith(b"\r\n\r\nprobe") and rest == b""
        return out

    def do_setup(srv: Any) -> None:
        srv.on("request", on_request)
        if setup is not None:
            setup(srv)

    return serve(do_setup, client)


KA = b"Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
GET_CLOSE = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
HEAD = b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
GET_10 = b"GET / HTTP/1.0\r\n\r\n"
GET_10_KA = b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"


def end_with(*chunks):
    """A handler: write() every chunk but the last, end() with the last."""

    def handler(req, res):
        for chunk in chunks[:-1]:
            res.write(chunk)
        res.end(*chunks[-1:])

    return handler


# -- Content-Length or chunked (HTTP/1.1) -----------------------------------------


def test_end_with_data_and_nothing_written_sends_content_length(must_call):
    assert session(must_call(end_with("hello")), [GET], then="open") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 5\r\n\r\nhello"]


def test_bare_end_sends_content_length_zero(must_call):
    assert session(must_call(end_with()), [GET], then="open") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 0\r\n\r\n"]


def test_end_with_bytes_counts_bytes(must_call):
    assert session(must_call(end_with(bytes([0, 1, 2, 255]))), [GET]) == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Content-Length: 4\r\n\r\n\x00\x01\x02\xff"]


def test_end_with_multibyte_text_counts_utf8_bytes(must_call):
    assert session(must_call(end_with("\u00e9\u20ac")), [GET]) == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Content-Length: 5\r\n\r\n\xc3\xa9\xe2\x82\xac"]


def test_write_then_end_with_data_is_chunked(must_call):
    assert session(must_call(end_with("a", "b")), [GET], then="open") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n0\r\n\r\n"]


def test_write_then_bare_end_is_chunked(must_call):
    def handler(req, res):
        res.write("a")
        res.end()

    assert session(must_call(handler), [GET]) == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n"]


def test_empty_writes_send_no_chunk(must_call):
    # An empty chunk would be the last-chunk: Node never sends one for write('').
    def handler(req, res):
        res.write("")
        res.write("a")
        res.write(b"")
        res.end("")

    assert session(must_call(handler), [GET]) == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n"]


def test_chunk_sizes_are_lower_case_hex(must_call):
    assert session(must_call(end_with("x" * 26, "y" * 255)), [GET]) == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Transfer-Encoding: chunked\r\n\r\n"
        + b"1a\r\n" + b"x" * 26 + b"\r\nff\r\n" + b"y" * 255 + b"\r\n0\r\n\r\n"]


def test_user_content_length_is_honoured_without_chunking(must_call):
    def handler(req, res):
        res.set_header("Content-Length", 5)
        res.write("he")
        res.end("llo")

    assert session(must_call(handler), [GET], then="open") == [
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nDate: X\r\n" + KA + b"\r\nhello"]


@pytest.mark.parametrize("chunks", [("ab", "c"), ("abc",)])
def test_user_transfer_encoding_chunked_frames_the_body(must_call, chunks):
    def handler(req, res):
        res.set_header("Transfer-Encoding", "chunked")
        end_with(*chunks)(req, res)

    body = b"".join(b"%x\r\n%s\r\n" % (len(c), c.encode()) for c in chunks)
    assert session(must_call(handler), [GET], then="open") == [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDate: X\r\n" + KA
        + b"\r\n" + body + b"0\r\n\r\n"]


def test_user_transfer_encoding_ending_in_chunked_is_chunked(must_call):
    def handler(req, res):
        res.set_header("Transfer-Encoding", "gzip, chunked")
        res.end("abc")

    assert session(must_call(handler), [GET]) == [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nDate: X\r\n" + KA
        + b"\r\n3\r\nabc\r\n0\r\n\r\n"]


def test_removed_content_length_makes_end_data_chunked(must_call):
    def handler(req, res):
        res.remove_header("Content-Length")
        res.end("abc")

    assert session(must_call(handler), [GET]) == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"]


def test_removed_transfer_encoding_gives_a_close_delimited_body(must_call):
    def handler(req, res):
        res.remove_header("Transfer-Encoding")
        res.write("a")
        res.end("b")

    # Node ends the body by closing too, but announces keep-alive; NodeKit
    # says what it does (RFC 9112 §9.6: a server that will close sends "close").
    assert session(must_call(handler), [GET], then="closed") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n\r\nab"]


def test_flush_headers_then_end_data_is_chunked(must_call):
    def handler(req, res):
        res.flush_headers()
        res.end("abc")

    assert session(must_call(handler), [GET]) == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"]


# -- HEAD, 1xx, 204, 304: no body ---------------------------------------------------


def test_head_response_to_end_data_has_no_body_and_no_content_length(must_call):
    assert session(must_call(end_with("hello")), [HEAD], then="open") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"\r\n"]


def test_head_response_to_chunked_writes_has_no_body_and_no_framing(must_call):
    assert session(must_call(end_with("a", "b")), [HEAD], then="open") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"\r\n"]


def test_head_response_keeps_the_user_content_length_and_sends_no_body(must_call):
    def handler(req, res):
        res.set_header("Content-Length", 5)
        res.write("he")
        res.end("llo")

    assert session(must_call(handler), [HEAD], then="open") == [
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nDate: X\r\n" + KA + b"\r\n"]


def test_head_response_keeps_the_user_transfer_encoding_and_sends_no_chunks(must_call):
    def handler(req, res):
        res.set_header("Transfer-Encoding", "chunked")
        res.write("ab")
        res.end("c")

    assert session(must_call(handler), [HEAD], then="open") == [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDate: X\r\n" + KA + b"\r\n"]


def test_head_then_get_on_the_same_connection(must_call):
    assert session(must_call(end_with("hello"), times=2), [HEAD, GET]) == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"\r\n",
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 5\r\n\r\nhello"]


def test_204_has_no_body_and_no_framing_header(must_call):
    def handler(req, res):
        res.write_head(204)
        res.end()

    assert session(must_call(handler), [GET], then="open") == [
        b"HTTP/1.1 204 No Content\r\nDate: X\r\n" + KA + b"\r\n"]


def test_204_drops_the_body_given_to_end(must_call):
    def handler(req, res):
        res.write_head(204, {"Content-Type": "text/plain"})
        res.end("ignored")

    assert session(must_call(handler), [GET], then="open") == [
        b"HTTP/1.1 204 No Content\r\nContent-Type: text/plain\r\nDate: X\r\n" + KA + b"\r\n"]


def test_implicit_204_drops_written_body(must_call):
    def handler(req, res):
        res.status_code = 204
        assert res.write("ignored") is True
        res.end()

    assert session(must_call(handler), [GET], then="open") == [
        b"HTTP/1.1 204 No Content\r\nDate: X\r\n" + KA + b"\r\n"]


def test_304_has_no_body_and_no_framing_header(must_call):
    def handler(req, res):
        res.write_head(304, {"ETag": '"x"'})
        res.end("x")

    assert session(must_call(handler), [GET], then="open") == [
        b'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\nDate: X\r\n' + KA + b"\r\n"]


def test_304_keeps_a_user_content_length_without_a_body(must_call):
    def handler(req, res):
        res.write_head(304, {"Content-Length": "10"})
        res.end()

    assert session(must_call(handler), [GET], then="open") == [
        b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\nDate: X\r\n" + KA + b"\r\n"]


def test_1xx_final_status_has_no_body_and_no_framing_header(must_call):
    def handler(req, res):
        res.write_head(102)
        res.end("x")

    assert session(must_call(handler), [GET_CLOSE], then="closed") == [
        b"HTTP/1.1 102 Processing\r\nDate: X\r\nConnection: close\r\n\r\n"]


@pytest.mark.parametrize(("status", "reason"), [(204, b"No Content"), (304, b"Not Modified")])
def test_204_304_with_user_chunked_encoding_close_the_connection(must_call, status, reason):
    # Node's _storeHeader: no zero chunk on a 204/304; the connection closes instead.
    def handler(req, res):
        res.write_head(status, {"Transfer-Encoding": "chunked"})
        res.end()

    assert session(must_call(handler), [GET], then="closed") == [
        b"HTTP/1.1 %d %s\r\nTransfer-Encoding: chunked\r\nDate: X\r\nConnection: close\r\n\r\n"
        % (status, reason)]


# -- HTTP/1.0 peers ----------------------------------------------------------------


def test_http10_write_end_is_close_delimited_with_connection_close(must_call):
    assert session(must_call(end_with("a", "b")), [GET_10], then="closed") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n\r\nab"]


def test_http10_end_data_sends_no_content_length_and_closes(must_call):
    assert session(must_call(end_with("hello")), [GET_10], then="closed") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n\r\nhello"]


def test_http10_bare_end_closes(must_call):
    assert session(must_call(end_with()), [GET_10], then="closed") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n\r\n"]


def test_http10_keep_alive_with_content_length_is_honoured(must_call):
    def handler(req, res):
        res.set_header("Content-Length", 5)
        res.end("hello")

    assert session(must_call(handler, times=2), [GET_10_KA, GET_10_KA], then="open") == [
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nDate: X\r\n" + KA + b"\r\nhello"] * 2


def test_http10_keep_alive_without_content_length_closes(must_call):
    assert session(must_call(end_with("a", "b")), [GET_10_KA], then="closed") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n\r\nab"]


def test_http10_user_chunked_encoding_is_sent_as_is_and_closes(must_call):
    def handler(req, res):
        res.set_header("Transfer-Encoding", "chunked")
        res.write("ab")
        res.end("c")

    assert session(must_call(handler), [GET_10], then="closed") == [
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nDate: X\r\nConnection: close\r\n"
        b"\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n"]


def test_http10_request_with_te_chunked_gets_a_chunked_response(must_call):
    # Node: useChunkedEncodingByDefault = /(?:^|\W)chunked(?:$|\W)/i.test(req.headers.te)
    request = b"GET / HTTP/1.0\r\nTE: chunked\r\nConnection: keep-alive\r\n\r\n"
    assert session(must_call(end_with("a", "b")), [request], then="open") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n0\r\n\r\n"]


# -- Connection header --------------------------------------------------------------


def test_connection_close_request_gets_connection_close_and_the_socket_closes(must_call):
    assert session(must_call(end_with("hello")), [GET_CLOSE], then="closed") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello"]


def test_connection_close_request_with_chunked_response(must_call):
    assert session(must_call(end_with("a", "b")), [GET_CLOSE], then="closed") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n0\r\n\r\n"]


def test_user_connection_close_header_closes_after_the_response(must_call):
    def handler(req, res):
        res.set_header("Connection", "close")
        res.end("abc")

    assert session(must_call(handler), [GET], then="closed") == [
        b"HTTP/1.1 200 OK\r\nConnection: close\r\nDate: X\r\nContent-Length: 3\r\n\r\nabc"]


def test_user_connection_keep_alive_header_is_sent_without_keep_alive_line(must_call):
    def handler(req, res):
        res.set_header("Connection", "keep-alive")
        res.end("abc")

    assert session(must_call(handler), [GET], then="open") == [
        b"HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nDate: X\r\nContent-Length: 3\r\n\r\nabc"]


def test_keep_alive_across_100_sequential_requests_on_one_connection(must_call):
    connections = []

    def handler(req, res):
        res.end(req.url[1:])

    def setup(srv):
        srv.on("connection", connections.append)

    requests = [b"GET /%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(100)]
    out = session(must_call(handler, times=100), requests, then="open", setup=setup)
    assert out == [b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
                   + b"Content-Length: %d\r\n\r\n%d" % (len(str(i)), i) for i in range(100)]
    assert len(connections) == 1


def test_pipelined_requests_are_answered_in_order_even_when_the_first_is_late(must_call):
    order = []

    def handler(req, res):
        order.append(req.url)
        if req.url.startswith("/late-chunked"):
            res.write("L1")
            runtime.set_timeout(lambda: res.end("L2"), 50)
        elif req.url.startswith("/late"):
            runtime.set_timeout(lambda: res.end("late " + req.url), 50)
        elif req.url.startswith("/now-chunked"):
            res.write("N1")
            res.end("N2")
        else:
            res.end("now " + req.url)

    urls = [b"/late?1", b"/now?2", b"/late-chunked?3", b"/now-chunked?4", b"/now?5"]
    requests = [b"GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % u for u in urls]
    out = session(must_call(handler, times=5), requests, pipelined=True, then="open")
    assert out == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 12\r\n\r\nlate /late?1",
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 10\r\n\r\nnow /now?2",
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n2\r\nL1\r\n2\r\nL2\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n2\r\nN1\r\n2\r\nN2\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 10\r\n\r\nnow /now?5",
    ]
    # The handlers ran as soon as each request was parsed, not one after another.
    assert order == [u.decode() for u in urls]


def test_pipelined_requests_arriving_in_one_send_with_head_in_between(must_call):
    requests = [GET, HEAD, GET]
    assert session(must_call(end_with("hello"), times=3), requests, pipelined=True) == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"\r\n",
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 5\r\n\r\nhello"]


# -- trailers ------------------------------------------------------------------------


def test_trailers_follow_the_last_chunk(must_call):
    def handler(req, res):
        res.write_head(200, {"Trailer": "X-T"})
        res.write("a")
        res.add_trailers({"X-T": "1", "X-U": "two"})
        res.end()

    assert session(must_call(handler), [GET], then="open") == [
        b"HTTP/1.1 200 OK\r\nTrailer: X-T\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-T: 1\r\nX-U: two\r\n\r\n"]


def test_trailers_without_a_trailer_header_are_sent_too(must_call):
    def handler(req, res):
        res.write("a")
        res.add_trailers({"X-T": "1"})
        res.end("b")

    assert session(must_call(handler), [GET], then="open") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n0\r\nX-T: 1\r\n\r\n"]


def test_trailers_as_list_of_pairs_keep_duplicates(must_call):
    def handler(req, res):
        res.write("a")
        res.add_trailers([["X-T", "1"], ["X-T", "2"]])
        res.end()

    assert session(must_call(handler), [GET]) == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-T: 1\r\nX-T: 2\r\n\r\n"]


def test_trailers_are_dropped_for_a_content_length_response(must_call):
    def handler(req, res):
        res.set_header("Content-Length", 1)
        res.add_trailers({"X-T": "1"})
        res.end("a")

    assert session(must_call(handler), [GET], then="open") == [
        b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nDate: X\r\n" + KA + b"\r\na"]


def test_trailers_are_dropped_when_end_data_picks_content_length(must_call):
    def handler(req, res):
        res.add_trailers({"X-T": "1"})
        res.end("abc")

    assert session(must_call(handler), [GET], then="open") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 3\r\n\r\nabc"]


def test_trailers_are_dropped_for_http10(must_call):
    def handler(req, res):
        res.write("a")
        res.add_trailers({"X-T": "1"})
        res.end("b")

    assert session(must_call(handler), [GET_10], then="closed") == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n\r\nab"]


def test_trailer_header_on_http11_bare_end_forces_chunking(must_call):
    def handler(req, res):
        res.set_header("Trailer", "X-T")
        res.end()

    assert session(must_call(handler), [GET]) == [
        b"HTTP/1.1 200 OK\r\nTrailer: X-T\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"]


@pytest.mark.parametrize(("request_bytes", "headers"), [
    (GET_10, {"Trailer": "X-T"}),
    (HEAD, {"Trailer": "X-T"}),
    (GET, {"Trailer": "X-T", "Content-Length": 1}),
], ids=["http10", "head", "content-length"])
def test_trailer_header_on_a_non_chunked_response_raises_err_http_trailer_invalid(
        must_call, request_bytes, headers):
    # Node's _storeHeader throws when a message with a Trailer header is not chunked.
    seen = {}

    def handler(req, res):
        try:
            res.write_head(200, headers)
        except Exception as exc:  # noqa: BLE001 - inspected below
            seen["error"] = exc
        seen["headers_sent"] = res.headers_sent
        res.destroy()

    def client(port):
        with connect(port) as sock:
            sock.sendall(request_bytes)
            try:
                return sock.recv(65536)
            except ConnectionResetError:
                return b""

    assert serve(lambda srv: srv.on("request", must_call(handler)), client) == b""
    err = seen["error"]
    assert isinstance(err, NodeError)
    assert err.code == "ERR_HTTP_TRAILER_INVALID"
    assert err.args[0] == "Trailers are invalid with this transfer encoding"
    assert seen["headers_sent"] is False


@pytest.mark.parametrize(("trailers", "code", "message"), [
    ({"Bad Name": "x"}, "ERR_INVALID_HTTP_TOKEN",
     'Trailer name must be a valid HTTP token ["Bad Name"]'),
    ({"X-T": "a\r\nb"}, "ERR_INVALID_CHAR", 'Invalid character in trailer content ["X-T"]'),
])
def test_add_trailers_rejects_invalid_names_and_values(must_call, trailers, code, message):
    seen = {}

    def handler(req, res):
        res.write("a")
        try:
            res.add_trailers(trailers)
        except TypeError as exc:
            seen["error"] = exc
        res.end()

    assert session(must_call(handler), [GET]) == [
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n"]
    assert (seen["error"].code, seen["error"].args[0]) == (code, message)
