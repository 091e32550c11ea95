"""Issue 15, server half: today's Node ``create_server`` options (API.md §11),
each checked on the wire through a raw socket (tests/wire.py)."""

from __future__ import annotations

import threading
from types import MappingProxyType
from typing import Any

import pytest

from nodekit import http, runtime
from nodekit.errors import NodeError
from tests.support import connect, exchange, read_all, serve
from tests.wire import read_message, respond

CLOSE = b"Connection: close\r\n"


def _get(extra: bytes = b"", version: bytes = b"1.1", method: bytes = b"GET") -> bytes:
    return method + b" / HTTP/" + version + b"\r\n" + extra + CLOSE + b"\r\n"


def _status(wire: bytes) -> int:
    return int(wire.split(b" ", 2)[1])


def _ok(req: Any, res: Any) -> None:
    res.end("ok")


# -- require_host_header ----------------------------------------------------------
def test_a_1_1_request_without_host_gets_400_by_default() -> None:
    assert _status(respond(_ok, _get())) == 400


def test_require_host_header_false_accepts_a_1_1_request_without_host() -> None:
    assert _status(respond(_ok, _get(), require_host_header=False)) == 200


# -- join_duplicate_headers, headers_distinct, trailers_distinct ---------------------
_TWO_AUTH = b"Host: x\r\nAuthorization: 1\r\nauthorization: 2\r\n"


def _echo(fn: Any) -> Any:
    def handler(req: Any, res: Any) -> None:
        req.resume()
        req.on("end", lambda: res.end(repr(fn(req))))
    return handler


def _body(wire: bytes) -> str:
    return wire.split(b"\r\n\r\n", 1)[1].decode()


def test_a_repeated_authorization_keeps_its_first_value_by_default() -> None:
    wire = respond(_echo(lambda req: req.headers["authorization"]), _get(_TWO_AUTH))
    assert _body(wire) == "'1'"


def test_join_duplicate_headers_joins_a_repeated_authorization() -> None:
    wire = respond(_echo(lambda req: req.headers["authorization"]), _get(_TWO_AUTH),
                   join_duplicate_headers=True)
    assert _body(wire) == "'1, 2'"


def test_headers_distinct_lists_every_value_under_the_lower_cased_name() -> None:
    wire = respond(_echo(lambda req: req.headers_distinct), _get(_TWO_AUTH))
    assert _body(wire) == repr({"host": ["x"], "authorization": ["1", "2"],
                                "connection": ["close"]})


def test_trailers_distinct_and_joined_trailers() -> None:
    request = (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" + CLOSE
               + b"\r\n3\r\nabc\r\n0\r\nX-Sum: 1\r\nx-sum: 2\r\nAuthorization: a\r\n"
               b"Authorization: b\r\n\r\n")
    wire = respond(_echo(lambda req: (req.trailers_distinct, req.trailers["authorization"])),
                   request, join_duplicate_headers=True)
    assert _body(wire) == repr(({"x-sum": ["1", "2"], "authorization": ["a", "b"]}, "a, b"))


# -- reject_non_standard_body_writes -------------------------------------------------
def _write_after(status: int, method: bytes = b"GET", **options: Any) -> tuple[bytes, Any]:
    seen: dict[str, Any] = {}

    def handler(req: Any, res: Any) -> None:
        res.write_head(status)
        try:
            seen["write"] = res.write("body")
        except NodeError as err:
            seen["write"] = err.code
        try:
            res.end("more")
        except NodeError as err:
            seen["end"] = err.code
            res.end()

    wire = respond(handler, _get(b"Host: x\r\n", method=method), **options)
    return wire, seen


@pytest.mark.parametrize("status,method", [(204, b"GET"), (304, b"GET"), (200, b"HEAD")])
def test_a_body_for_head_204_304_is_dropped_by_default(status: int, method: bytes) -> None:
    wire, seen = _write_after(status, method)
    assert seen == {"write": True}
    assert wire.endswith(b"\r\n\r\n") and b"body" not in wire and b"more" not in wire


@pytest.mark.parametrize("status,method", [(204, b"GET"), (304, b"GET"), (200, b"HEAD")])
def test_reject_non_standard_body_writes_raises_for_head_204_304(status: int,
                                                                  method: bytes) -> None:
    wire, seen = _write_after(status, method, reject_non_standard_body_writes=True)
    assert seen == {"write": "ERR_HTTP_BODY_NOT_ALLOWED", "end": "ERR_HTTP_BODY_NOT_ALLOWED"}
    assert _status(wire) == status and wire.endswith(b"\r\n\r\n")


# -- high_water_mark -----------------------------------------------------------------
def _pipelined_write(size: int, **options: Any) -> dict[str, Any]:
    """Two pipelined requests: the second response writes ``size`` bytes while it
    still waits behind the first, so they buffer in the message."""
    seen: dict[str, Any] = {}
    first: list[Any] = []

    def handler(req: Any, res: Any) -> None:
        if not first:
            first.append(res)
            seen["req_hwm"] = req.readable_high_water_mark
            seen["socket_hwm"] = req.socket.writable_high_water_mark
            return
        seen["res_hwm"] = res.writable_high_water_mark
        seen["write"] = res.write(b"x" * size)
        first[0].end("one")
        res.end()

    def client(port: int) -> bytes:
        with connect(port) as sock:
            sock.sendall(b"GET /1 HTTP/1.1\r\nHost: x\r\n\r\n" + _get(b"Host: x\r\n"))
            return read_all(sock)

    serve(lambda srv: srv.on("request", handler), client, **options)
    return seen


def test_high_water_mark_sets_the_socket_request_and_response_buffers() -> None:
    seen = _pipelined_write(200, high_water_mark=100)
    assert seen == {"req_hwm": 100, "socket_hwm": 100, "res_hwm": 100, "write": False}


def test_the_default_high_water_mark_is_16_kib() -> None:
    seen = _pipelined_write(200)
    assert seen == {"req_hwm": 16384, "socket_hwm": 16384, "res_hwm": 16384, "write": True}


def test_a_negative_high_water_mark_is_out_of_range() -> None:
    with pytest.raises(ValueError) as info:
        http.create_server({"high_water_mark": -1})
    assert info.value.code == "ERR_OUT_OF_RANGE"


# -- insecure_http_parser, max_header_size --------------------------------------------
_CTL_VALUE = b"Host: x\r\nContent-Type: text/te\x08t\r\n"


def test_a_control_character_in_a_header_value_gets_400_by_default() -> None:
    assert _status(respond(_ok, _get(_CTL_VALUE))) == 400


def test_insecure_http_parser_accepts_a_control_character() -> None:
    wire = respond(_echo(lambda req: req.headers["content-type"]), _get(_CTL_VALUE),
                   insecure_http_parser=True)
    assert _status(wire) == 200 and _body(wire) == repr("text/te\bt")


def test_max_header_size_option_raises_the_limit() -> None:
    big = b"Host: x\r\nX-Big: " + b"a" * 20000 + b"\r\n"
    assert _status(respond(_ok, _get(big))) == 431
    assert _status(respond(_ok, _get(big), max_header_size=65536)) == 200
    assert http.max_header_size == 16384


# -- timeouts ----------------------------------------------------------------------
def test_keep_alive_timeout_option_is_announced() -> None:
    wire = respond(_ok, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", keep_alive_timeout=7000)
    assert b"\r\nKeep-Alive: timeout=7\r\n" in wire


@pytest.mark.parametrize("options,headers,request_", [
    ({}, 60000, 300000),
    ({"request_timeout": 20000}, 20000, 20000),
    ({"request_timeout": 0}, 0, 0),
    ({"headers_timeout": 10000, "request_timeout": 0}, 10000, 0),
])
def test_headers_timeout_follows_a_smaller_request_timeout(options: dict[str, Any],
                                                           headers: int, request_: int) -> None:
    server = http.create_server(options)
    assert (server.headers_timeout, server.request_timeout) == (headers, request_)


@pytest.mark.parametrize("options,code", [
    ({"headers_timeout": 10000, "request_timeout": 1000}, "ERR_OUT_OF_RANGE"),
    ({"request_timeout": -1}, "ERR_OUT_OF_RANGE"),
    ({"keep_alive_timeout": "5"}, "ERR_INVALID_ARG_TYPE"),
    ({"connections_checking_interval": 1.5}, "ERR_INVALID_ARG_TYPE"),
    ({"require_host_header": 1}, "ERR_INVALID_ARG_TYPE"),
    ({"incoming_message": dict}, "ERR_INVALID_ARG_TYPE"),
])
def test_bad_options_are_refused_at_the_call(options: dict[str, Any], code: str) -> None:
    with pytest.raises(NodeError) as info:
        http.create_server(options)
    assert info.value.code == code


def test_headers_timeout_checked_every_connections_checking_interval() -> None:
    def client(port: int) -> bytes:
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # the head never ends
            return read_all(sock)

    wire = serve(lambda srv: srv.on("request", _ok), client, headers_timeout=100,
                 request_timeout=200, connections_checking_interval=20)
    assert wire.startswith(b"HTTP/1.1 408 Request Timeout\r\n")


# -- no_delay, keep_alive ------------------------------------------------------------
def test_no_delay_is_on_by_default_and_keep_alive_off() -> None:
    server = http.create_server()
    assert (server.no_delay, server.keep_alive, server.keep_alive_initial_delay) == (
        True, False, 0)


def test_no_delay_false_and_tcp_keep_alive_serve_requests() -> None:
    options = {"no_delay": False, "keep_alive": True, "keep_alive_initial_delay": 1000}
    assert _status(respond(_ok, _get(b"Host: x\r\n"), **options)) == 200
    server = http.create_server(options)
    assert (server.no_delay, server.keep_alive, server.keep_alive_initial_delay) == (
        False, True, 1000)


# -- unique_headers ------------------------------------------------------------------
def _tags(req: Any, res: Any) -> None:
    res.set_header("X-Tag", ["a", "b"])
    res.add_trailers({"X-Sum": ["1", "2"]})
    res.set_header("Trailer", "X-Sum")
    res.end("ok")


def test_a_list_value_is_one_line_per_item_by_default() -> None:
    wire = respond(_tags, _get(b"Host: x\r\n"))
    assert b"\r\nX-Tag: a\r\nX-Tag: b\r\n" in wire
    assert wire.endswith(b"0\r\nX-Sum: 1\r\nX-Sum: 2\r\n\r\n")


def test_unique_headers_are_sent_once_joined_with_semicolons() -> None:
    wire = respond(_tags, _get(b"Host: x\r\n"), unique_headers=["x-TAG", "X-Sum"])
    assert b"\r\nX-Tag: a; b\r\n" in wire
    assert wire.endswith(b"0\r\nX-Sum: 1; 2\r\n\r\n")


# -- incoming_message / server_response ------------------------------------------------
class Request(http.IncomingMessage):
    def agent(self) -> str:
        return self.headers.get("user-agent", "unknown")


class Response(http.ServerResponse):
    def text(self, body: str) -> None:
        self.write_head(200, {"Content-Type": "text/plain"})
        self.end(body)


def test_incoming_message_and_server_response_classes_are_used() -> None:
    def handler(req: Request, res: Response) -> None:
        res.text(f"{type(req).__name__} {type(res).__name__} {req.agent()}")

    wire = respond(handler, _get(b"Host: x\r\nUser-Agent: probe\r\n"),
                   incoming_message=Request, server_response=Response)
    assert b"\r\nContent-Type: text/plain\r\n" in wire
    assert wire.endswith(b"\r\n\r\n16\r\nRequest Response probe\r\n0\r\n\r\n")


# -- server.close() closes idle keep-alive connections -------------------------------
def test_close_ends_an_idle_keep_alive_connection() -> None:
    state: dict[str, Any] = {}

    def setup(srv: Any) -> None:
        state["server"] = srv
        state["loop"] = runtime.get_loop()
        srv.on("request", _ok)

    def client(port: int) -> bytes:
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            msg, _ = read_message(sock)
            assert b"Connection: keep-alive" in msg
            closed = threading.Event()
            srv = state["server"]
            state["loop"].call_soon_threadsafe(srv.close, lambda *_: closed.set())
            assert read_all(sock) == b""  # the server closed the idle connection
            assert closed.wait(5)
            return msg

    serve(setup, client)


def test_close_during_a_request_leaves_its_connection_serving_until_idle() -> None:
    """Node v20: server.close() closes the connections idle at that moment; one busy
    with a request keeps serving (keep-alive) until its keep-alive timeout."""
    def setup(srv: Any) -> None:
        def handler(req: Any, res: Any) -> None:
            res.end(req.url)
            if req.url == "/1":
                srv.close()

        srv.keep_alive_timeout = 300
        srv.on("request", handler)

    def client(port: int) -> list[bytes]:
        with connect(port) as sock:
            sock.sendall(b"GET /1 HTTP/1.1\r\nHost: x\r\n\r\n")
            first, rest = read_message(sock)
            sock.sendall(b"GET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
            second, rest = read_message(sock, rest)
            return [first, second, rest + read_all(sock)]  # then the keep-alive timeout

    first, second, tail = serve(setup, client)
    assert first.endswith(b"\r\n\r\n/1") and b"Connection: keep-alive" in first
    assert second.endswith(b"\r\n\r\n/2") and tail == b""


# -- res.write_early_hints ---------------------------------------------------------
def test_write_early_hints_sends_a_103_before_the_response() -> None:
    called: list[bool] = []

    def handler(req: Any, res: Any) -> None:
        res.write_early_hints({"link": ["</a.css>; rel=preload; as=style",
                                        '</b.js>; rel="preload"'], "x-trace-id": "id"},
                              lambda: called.append(True))
        res.write_early_hints({"x-only": "no link: nothing sent"})
        res.write_early_hints({"link": []})
        res.end("ok")

    def client(port: int) -> bytes:
        return exchange(port, _get(b"Host: x\r\n"))

    wire = serve(lambda srv: srv.on("request", handler), client)
    assert wire.startswith(b"HTTP/1.1 103 Early Hints\r\n"
                           b'Link: </a.css>; rel=preload; as=style, </b.js>; rel="preload"\r\n'
                           b"x-trace-id: id\r\n\r\nHTTP/1.1 200 OK\r\n")
    assert wire.count(b"HTTP/1.1 ") == 2 and called == [True]


def test_early_hints_of_a_queued_pipelined_response_follow_the_earlier_response() -> None:
    first: list[Any] = []

    def handler(req: Any, res: Any) -> None:
        if not first:
            first.append(res)
            return
        res.write_early_hints({"link": "</b.css>; rel=preload"})
        first[0].end("one")
        res.end("two")

    def client(port: int) -> bytes:
        return exchange(port, b"GET /1 HTTP/1.1\r\nHost: x\r\n\r\n" + _get(b"Host: x\r\n"))

    wire = serve(lambda srv: srv.on("request", handler), client)
    one, hints, two = wire.split(b"HTTP/1.1 ")[1:]
    assert one.startswith(b"200 OK\r\n") and one.endswith(b"\r\n\r\none")
    assert hints == b"103 Early Hints\r\nLink: </b.css>; rel=preload\r\n\r\n"
    assert two.startswith(b"200 OK\r\n") and two.endswith(b"\r\n\r\ntwo")


@pytest.mark.parametrize("hints,code", [
    ("</a>; rel=preload", "ERR_INVALID_ARG_TYPE"),
    ({"link": "</>; "}, "ERR_INVALID_ARG_VALUE"),
    ({"link": ["</a>; rel=preload", "bad"]}, "ERR_INVALID_ARG_VALUE"),
    ({"link": 5}, "ERR_INVALID_ARG_VALUE"),
    ({"link": "</a>", "x-bad": "a\r\nb"}, "ERR_INVALID_CHAR"),
])
def test_write_early_hints_validates_its_argument(hints: Any, code: str) -> None:
    seen: dict[str, Any] = {}

    def handler(req: Any, res: Any) -> None:
        try:
            res.write_early_hints(hints)
        except NodeError as err:
            seen["code"] = err.code
        res.end("ok")

    assert respond(handler, _get(b"Host: x\r\n")).startswith(b"HTTP/1.1 200 OK\r\n")
    assert seen == {"code": code}


# -- append_header, set_headers ----------------------------------------------------
def test_append_header_adds_lines_to_a_set_header() -> None:
    def handler(req: Any, res: Any) -> None:
        res.set_header("Set-Cookie", "a=1")
        res.append_header("set-cookie", ["b=2", "c=3"])
        res.append_header("X-New", "n")
        res.end()

    wire = respond(handler, _get(b"Host: x\r\n"))
    assert b"\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nSet-Cookie: c=3\r\nX-New: n\r\n" in wire


def test_set_headers_takes_a_mapping_and_gathers_set_cookie() -> None:
    def handler(req: Any, res: Any) -> None:
        res.set_header("Set-Cookie", "old=0")
        res.set_headers(MappingProxyType({"X-A": "1", "set-cookie": ["a=1", "b=2"]}))
        res.end()

    wire = respond(handler, _get(b"Host: x\r\n"))
    # set-cookie keeps its place in the store; its values are replaced by the gathered list.
    assert b"\r\nset-cookie: a=1\r\nset-cookie: b=2\r\nX-A: 1\r\n" in wire
    assert b"old=0" not in wire


@pytest.mark.parametrize("value", [["x", "1"], None, "test", 1], ids=repr)
def test_set_headers_refuses_what_is_not_a_mapping(value: Any) -> None:
    seen: dict[str, Any] = {}

    def handler(req: Any, res: Any) -> None:
        try:
            res.set_headers(value)
        except NodeError as err:
            seen["code"] = err.code
        res.end()

    respond(handler, _get(b"Host: x\r\n"))
    assert seen == {"code": "ERR_INVALID_ARG_TYPE"}


# -- strict_content_length -----------------------------------------------------------
def _strict(writes: list[str], last: str) -> tuple[bytes, list[Any]]:
    seen: list[Any] = []

    def handler(req: Any, res: Any) -> None:
        res.strict_content_length = True
        res.set_header("Content-Length", 5)
        for chunk in writes:
            try:
                seen.append(res.write(chunk))
            except NodeError as err:
                seen.append(err.code)
        try:
            res.end(last)
        except NodeError as err:
            seen.append(err.code)
            res.destroy()

    def client(port: int) -> bytes:
        return exchange(port, _get(b"Host: x\r\n"))

    return serve(lambda srv: srv.on("request", handler), client), seen


def test_strict_content_length_refuses_a_write_past_the_length() -> None:
    wire, seen = _strict(["hello", "!"], "")
    assert seen == [True, "ERR_HTTP_CONTENT_LENGTH_MISMATCH"]
    assert wire.endswith(b"\r\n\r\nhello") and b"!" not in wire


def test_strict_content_length_refuses_an_end_short_of_the_length() -> None:
    wire, seen = _strict(["hel"], "l")
    assert seen == [True, "ERR_HTTP_CONTENT_LENGTH_MISMATCH"]
    assert wire.endswith(b"\r\n\r\nhel")  # destroyed: the client sees the body cut short


def test_strict_content_length_accepts_the_exact_length() -> None:
    wire, seen = _strict(["hel"], "lo")
    assert seen == [True] and wire.startswith(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n")
    assert wire.endswith(b"\r\n\r\nhello")


# -- exported validators ---------------------------------------------------------------
@pytest.mark.parametrize("call,code", [
    (lambda: http.validate_header_name("bad name"), "ERR_INVALID_HTTP_TOKEN"),
    (lambda: http.validate_header_name(""), "ERR_INVALID_HTTP_TOKEN"),
    (lambda: http.validate_header_value("x", None), "ERR_HTTP_INVALID_HEADER_VALUE"),
    (lambda: http.validate_header_value("x", "a\nb"), "ERR_INVALID_CHAR"),
])
def test_validators_raise_node_codes(call: Any, code: str) -> None:
    with pytest.raises(TypeError) as info:
        call()
    assert info.value.code == code


def test_validators_accept_good_input() -> None:
    http.validate_header_name("X-Good")
    http.validate_header_value("x-good", 1)
    http.validate_header_value("x-good", ["a", "b"])


def test_insecure_http_parser_holds_after_an_upgrade_served_as_a_plain_request() -> None:
    # No 'upgrade' listener: the Upgrade request is answered as a plain one and
    # parsing goes on with a fresh llhttp (httptools path), which must keep the
    # leniencies: the next request's control character is accepted too.
    upgrade = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: foo\r\n\r\n"

    def client(port: int) -> list[bytes]:
        with connect(port) as sock:
            sock.sendall(upgrade + _get(_CTL_VALUE))
            first, rest = read_message(sock)
            second, _ = read_message(sock, rest)
            return [first, second]

    handler = _echo(lambda req: req.headers.get("content-type"))
    first, second = serve(lambda srv: srv.on("request", handler), client,
                          insecure_http_parser=True)
    assert _status(first) == 200 and _body(first) == "None"
    assert _status(second) == 200 and _body(second) == repr("text/te\bt")
