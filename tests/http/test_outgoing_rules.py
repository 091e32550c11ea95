"""Outgoing headers where NodeKit once differed from Node (issue 10), byte for byte.

Expected bytes are what Node v20.20 sent for the same handler or request
(``Date`` masked), except for a ``Transfer-Encoding`` whose last coding is
not ``chunked``: RFC 9112 §6.3 makes such a response close-delimited, and
NodeKit closes after it where Node keeps the connection open.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import run
from test_client_support import OK, RawServer, get_resumed, request_resumed, respond

from nodekit.http import OutgoingMessage
from tests.support import connect, serve
from tests.wire import call_in_handler, mask_date, read_message

GET = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"


def first_response(handler: Any, then: str) -> bytes:
    """Serve one GET with ``handler``; check the connection is then ``'open'``
    (a second GET is answered) or ``'closed'``; the first response's bytes."""

    def on_request(req: Any, res: Any) -> None:
        if req.url == "/probe":
            res.end("probe")
        else:
            handler(req, res)

    def client(port: int) -> bytes:
        with connect(port) as sock:
            sock.sendall(GET)
            msg, rest = read_message(sock)
            assert rest == b""
            if then == "closed":
                assert sock.recv(1) == b"", "the server kept the connection open"
            else:
                sock.sendall(b"GET /probe HTTP/1.1\r\nHost: x\r\n\r\n")
                assert read_message(sock)[0].endswith(b"\r\n\r\nprobe")
            return mask_date(msg)

    return serve(lambda srv: srv.on("request", on_request), client)


# -- Keep-Alive --------------------------------------------------------------------


def test_a_user_keep_alive_header_replaces_nodekits_own(must_call):
    def handler(req, res):
        res.set_header("Keep-Alive", "timeout=99")
        res.end("x")

    assert first_response(must_call(handler), "open") == (
        b"HTTP/1.1 200 OK\r\nKeep-Alive: timeout=99\r\nDate: X\r\n"
        b"Connection: keep-alive\r\nContent-Length: 1\r\n\r\nx")


def test_a_keep_alive_header_given_to_write_head_replaces_nodekits_own(must_call):
    def handler(req, res):
        res.write_head(200, {"keep-alive": "timeout=7, max=3"})
        res.end("x")

    assert first_response(must_call(handler), "open") == (
        b"HTTP/1.1 200 OK\r\nkeep-alive: timeout=7, max=3\r\nDate: X\r\n"
        b"Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")


# -- Cookie ------------------------------------------------------------------------


def test_a_cookie_list_in_request_options_goes_out_as_one_line(must_call):
    with RawServer(respond(OK)) as srv:
        run(lambda: get_resumed(must_call, srv.port, headers={"Cookie": ["a=1", "b=2"]}))
    assert srv.requests == [(f"GET / HTTP/1.1\r\nCookie: a=1; b=2\r\nHost: 127.0.0.1:{srv.port}"
                             "\r\nConnection: keep-alive\r\n\r\n").encode()]


def test_a_cookie_list_set_on_a_request_goes_out_as_one_line(must_call):
    def main():
        req = request_resumed(must_call, srv.port)
        req.set_header("cookie", ["a=1", "b=2", "c=3"])
        req.end()

    with RawServer(respond(OK)) as srv:
        run(main)
    assert b"\r\ncookie: a=1; b=2; c=3\r\n" in srv.requests[0]
    assert srv.requests[0].lower().count(b"cookie:") == 1


def test_a_cookie_list_on_a_response_is_one_line_and_other_lists_are_not(must_call):
    def handler(req, res):
        res.set_header("Cookie", ["a=1", "b=2"])
        res.set_header("X", ["1", "2"])
        res.end("c")

    assert first_response(must_call(handler), "open") == (
        b"HTTP/1.1 200 OK\r\nCookie: a=1; b=2\r\nX: 1\r\nX: 2\r\nDate: X\r\n"
        b"Connection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 1\r\n\r\nc")


# -- Transfer-Encoding not ending in chunked: close-delimited ------------------------


def test_transfer_encoding_gzip_without_length_closes_after_the_body(must_call):
    def handler(req, res):
        res.set_header("Transfer-Encoding", "gzip")
        res.write("hel")
        res.end("lo")

    assert first_response(must_call(handler), "closed") == (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nDate: X\r\n"
        b"Connection: close\r\n\r\nhello")


def test_chunked_then_gzip_is_sent_unframed_and_closed(must_call):
    # RFC 9112 §6.1: chunked must be the last coding; here it is not, so the
    # body is not chunked (a client decodes gzip first) and ends at close.
    def handler(req, res):
        res.write_head(200, {"Transfer-Encoding": "chunked, gzip"})
        res.end("hello")

    assert first_response(must_call(handler), "closed") == (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nDate: X\r\n"
        b"Connection: close\r\n\r\nhello")


def test_a_user_keep_alive_connection_does_not_keep_a_close_delimited_body_open(must_call):
    def handler(req, res):
        res.write_head(200, {"Transfer-Encoding": "gzip", "Connection": "keep-alive"})
        res.end("hello")

    assert first_response(must_call(handler), "closed") == (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nConnection: keep-alive\r\n"
        b"Date: X\r\n\r\nhello")


def test_transfer_encoding_gzip_with_a_content_length_keeps_the_connection(must_call):
    def handler(req, res):
        res.write_head(200, {"Transfer-Encoding": "gzip", "Content-Length": "5"})
        res.end("hello")

    assert first_response(must_call(handler), "open") == (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 5\r\nDate: X\r\n"
        b"Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\nhello")


# -- a header name that is not a str -------------------------------------------------

NAME_METHODS = [
    ("get_header", ()), ("has_header", ()), ("remove_header", ()),
]


@pytest.mark.parametrize("name", [None, 5, b"x"])
@pytest.mark.parametrize(("method", "extra"), NAME_METHODS)
def test_a_non_str_name_is_invalid_arg_type_like_node(method, extra, name):
    with pytest.raises(TypeError) as info:
        getattr(OutgoingMessage(), method)(name, *extra)
    assert info.value.code == "ERR_INVALID_ARG_TYPE"
    assert info.value.args[0].startswith('The "name" argument must be of type string. Received')


@pytest.mark.parametrize("method", ["set_header", "append_header"])
def test_a_non_str_name_to_set_or_append_is_an_invalid_token_like_node(method):
    # Node v20: setHeader(null, 'v') / appendHeader(null, 'v') throw
    # ERR_INVALID_HTTP_TOKEN (a TypeError), not ERR_INVALID_ARG_TYPE.
    with pytest.raises(TypeError) as info:
        getattr(OutgoingMessage(), method)(None, "v")
    assert info.value.code == "ERR_INVALID_HTTP_TOKEN"


def test_a_server_response_checks_the_name_type_even_after_the_head_is_sent():
    def check(res):
        res.flush_headers()
        codes = []
        for method in ("get_header", "has_header", "remove_header"):
            try:
                getattr(res, method)(None)
            except TypeError as exc:
                codes.append(exc.code)
        return codes

    out = call_in_handler(check)
    assert out["value"] == ["ERR_INVALID_ARG_TYPE"] * 3


def test_a_client_request_checks_the_name_type(must_call):
    def main():
        req = request_resumed(must_call, srv.port)
        for method in ("get_header", "has_header", "remove_header"):
            with pytest.raises(TypeError) as info:
                getattr(req, method)(None)
            assert info.value.code == "ERR_INVALID_ARG_TYPE"
        req.end()

    with RawServer(respond(OK)) as srv:
        run(main)


def test_a_subclass_without_a_head_buffers_its_writes_until_the_high_water_mark():
    # Node's _send: no head rendered (an _implicit_header that renders none)
    # means the bytes are queued as they are, nothing is prefixed.
    class Headless(OutgoingMessage):
        def _implicit_header(self) -> None:
            pass

    msg = Headless()
    assert msg.write(b"abc") is True
    assert msg.writable_length == 3
    assert msg.headers_sent is False
    while msg.write(b"x" * 1000):
        pass
    assert msg.writable_length >= msg.writable_high_water_mark


def test_a_bare_outgoing_message_write_is_method_not_implemented():
    # Node: OutgoingMessage leaves _implicitHeader() to its subclasses.
    with pytest.raises(Exception) as info:
        OutgoingMessage().write("x")
    assert info.value.code == "ERR_METHOD_NOT_IMPLEMENTED"
    assert info.value.args[0] == "The _implicitHeader() method is not implemented"


def test_writable_is_a_plain_property_left_true_by_end_and_destroy():
    # Node v20: OutgoingMessage's writable is set once (true), never by end().
    msg = OutgoingMessage()
    msg.destroy()
    assert msg.writable is True
    msg.writable = False
    assert msg.writable is False

    def ended(res):
        res.end("x")
        return res.writable, res.writable_ended

    assert call_in_handler(ended)["value"] == (True, True)
