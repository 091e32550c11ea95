"""ServerResponse header handling, checked byte for byte on the wire.

Every expected response below is what Node v20.20 sent for the same handler
and request (read with a raw socket, ``Date`` value masked to ``X``); the
bytes are hard-coded so that the tests do not need ``node``.
"""

from __future__ import annotations

import re

import pytest

from nodekit.errors import NodeError
from tests.support import connect, serve
from tests.wire import KA, call_in_handler, read_message, respond

# -- wire helpers (shared shape with test_server_framing / test_server_response) --

# -- write_head ----------------------------------------------------------------


def test_write_head_dict_headers_are_sent_in_order_with_the_given_case(must_call):
    def handler(req, res):
        res.write_head(200, {"Content-Type": "text/plain"})
        res.end("hello")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")


def test_write_head_with_status_message_and_headers(must_call):
    def handler(req, res):
        res.write_head(201, "Yay Created", {"X-A": "1"})
        res.end("x")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 201 Yay Created\r\nX-A: 1\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")


def test_write_head_with_status_message_only(must_call):
    def handler(req, res):
        res.write_head(202, "Fine")
        res.end()

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 202 Fine\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")


def test_write_head_with_status_code_only(must_call):
    def handler(req, res):
        res.write_head(200)
        res.end("abc")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")


def test_write_head_headers_as_list_of_pairs_keep_duplicates_and_order(must_call):
    def handler(req, res):
        res.write_head(200, [["X-A", "1"], ["x-b", "2"], ["X-A", "3"]])
        res.end("p")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nX-A: 1\r\nx-b: 2\r\nX-A: 3\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\np\r\n0\r\n\r\n")


def test_write_head_headers_as_nodes_flat_list(must_call):
    def handler(req, res):
        res.write_head(200, ["X-A", "1", "X-B", "2", "X-A", "3"])
        res.end("f")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nX-A: 1\r\nX-B: 2\r\nX-A: 3\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\nf\r\n0\r\n\r\n")


def test_list_values_are_sent_as_repeated_header_lines(must_call):
    def handler(req, res):
        res.write_head(200, {"Set-Cookie": ["a=1", "b=2"], "X-Multi": ["m1", "m2"]})
        res.end()

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
        b"X-Multi: m1\r\nX-Multi: m2\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")


def test_write_head_int_values_and_user_content_length(must_call):
    def handler(req, res):
        res.write_head(200, {"Content-Length": 3, "X-N": 7})
        res.end("abc")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-N: 7\r\nDate: X\r\n" + KA
        + b"\r\nabc")


def test_write_head_headers_win_over_set_header_and_the_rest_is_merged(must_call):
    def handler(req, res):
        res.set_header("X-A", "set")
        res.set_header("X-B", "set")
        res.write_head(200, {"x-a": "head", "X-C": "head"})
        res.end()

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nx-a: head\r\nX-B: set\r\nX-C: head\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")


def test_write_head_flat_list_after_set_header_sets_each_name(must_call):
    # Node v20: with set_header() used first, each flat pair goes through
    # setHeader, so the last value of a repeated name wins.
    def handler(req, res):
        res.set_header("X-A", "set")
        res.set_header("X-B", "set")
        res.write_head(200, ["X-A", "h1", "X-A", "h2"])
        res.end()

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nX-A: h2\r\nX-B: set\r\nDate: X\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")


# -- set_header & co -------------------------------------------------------------


def test_set_header_name_case_is_kept_on_the_wire(must_call):
    def handler(req, res):
        res.set_header("x-LoWeR-UPPER", "v")
        res.set_header("CONTENT-type", "text/x")
        res.end("c")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nx-LoWeR-UPPER: v\r\nCONTENT-type: text/x\r\nDate: X\r\n" + KA
        + b"Content-Length: 1\r\n\r\nc")


def test_set_header_replaces_case_insensitively_with_the_last_spelling(must_call):
    def handler(req, res):
        res.set_header("X-A", "1")
        res.set_header("x-a", "2")
        res.end()

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nx-a: 2\r\nDate: X\r\n" + KA + b"Content-Length: 0\r\n\r\n")


def test_set_header_int_value_and_user_content_length(must_call):
    def handler(req, res):
        res.set_header("X-Int", 5)
        res.set_header("Content-Length", 3)
        res.end("abc")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nX-Int: 5\r\nContent-Length: 3\r\nDate: X\r\n" + KA
        + b"\r\nabc")


def test_set_header_list_value_gives_repeated_lines(must_call):
    def handler(req, res):
        res.set_header("X-L", ["a", "b"])
        res.end()

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nX-L: a\r\nX-L: b\r\nDate: X\r\n" + KA
        + b"Content-Length: 0\r\n\r\n")


def test_remove_header_drops_a_queued_header(must_call):
    def handler(req, res):
        res.set_header("X-A", "1")
        res.remove_header("x-a")
        res.end()

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nDate: X\r\n" + KA + b"Content-Length: 0\r\n\r\n")


def test_remove_header_connection_sends_no_connection_header(must_call):
    def handler(req, res):
        res.remove_header("Connection")
        res.end("abc")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\nDate: X\r\nContent-Length: 3\r\n\r\nabc")


def test_header_accessors_are_case_insensitive_and_return_what_was_set():
    def fn(res):
        res.set_header("X-Foo", "bar")
        res.set_header("x-num", 5)
        res.set_header("Set-Cookie", ["a", "b"])
        seen = {
            "get": [res.get_header("x-foo"), res.get_header("X-FOO"), res.get_header("X-Num"),
                    res.get_header("set-cookie"), res.get_header("nope")],
            "has": [res.has_header("X-FOO"), res.has_header("nope")],
            "names": res.get_header_names(),
            "headers": res.get_headers(),
        }
        res.remove_header("X-FOO")
        res.remove_header("not-there")  # removing an absent header is fine
        seen["after_remove"] = [res.has_header("x-foo"), res.get_header_names()]
        return seen

    out = call_in_handler(fn)
    assert "error" not in out
    assert out["value"] == {
        "get": ["bar", "bar", 5, ["a", "b"], None],
        "has": [True, False],
        "names": ["x-foo", "x-num", "set-cookie"],
        "headers": {"x-foo": "bar", "x-num": 5, "set-cookie": ["a", "b"]},
        "after_remove": [False, ["x-num", "set-cookie"]],
    }


def test_get_header_still_reads_after_write_head():
    def fn(res):
        res.set_header("X-Num", 5)
        res.write_head(201)
        return res.get_header("x-num")

    assert call_in_handler(fn)["value"] == 5


def test_headers_sent_is_false_until_write_head_then_true():
    # Node: headersSent is `!!this._header`: true as soon as write_head ran.
    def fn(res):
        seen = [res.headers_sent]
        res.write_head(200)
        seen.append(res.headers_sent)
        res.write("a")
        seen.append(res.headers_sent)
        return seen

    assert call_in_handler(fn)["value"] == [False, True, True]


def test_headers_sent_becomes_true_with_the_first_write():
    def fn(res):
        seen = [res.headers_sent]
        res.write("a")
        seen.append(res.headers_sent)
        return seen

    assert call_in_handler(fn)["value"] == [False, True]


# -- misuse ----------------------------------------------------------------------


def _after_first_write(action):
    def fn(res):
        res.write("x")
        action(res)

    return call_in_handler(fn)["error"]


@pytest.mark.parametrize(("action", "verb"), [
    (lambda res: res.set_header("X-A", "1"), "set"),
    (lambda res: res.remove_header("X-A"), "remove"),
    (lambda res: res.write_head(200), "write"),
])
def test_header_changes_after_headers_are_sent_raise_err_http_headers_sent(action, verb):
    err = _after_first_write(action)
    assert isinstance(err, NodeError)
    assert err.code == "ERR_HTTP_HEADERS_SENT"
    assert err.args[0] == f"Cannot {verb} headers after they are sent to the client"


def test_write_head_twice_raises_err_http_headers_sent_and_keeps_the_first_head():
    def fn(res):
        res.write_head(200, {"Content-Length": 5})
        try:
            res.write_head(201)
        finally:
            res.end("hello")

    out = call_in_handler(fn)
    assert out["error"].code == "ERR_HTTP_HEADERS_SENT"
    assert out["error"].args[0] == "Cannot write headers after they are sent to the client"
    assert out["wire"] == (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nDate: X\r\n"
                           b"Connection: close\r\n\r\nhello")


def test_set_header_after_write_head_raises_err_http_headers_sent():
    def fn(res):
        res.write_head(200)
        res.set_header("X-A", "1")

    err = call_in_handler(fn)["error"]
    assert err.code == "ERR_HTTP_HEADERS_SENT"


@pytest.mark.parametrize("name", ["Bad Name", "X:Y", "", "X\nY", "X\r\nY", "X\x00"])
def test_set_header_invalid_name_raises_err_invalid_http_token(name):
    err = call_in_handler(lambda res: res.set_header(name, "x"))["error"]
    assert isinstance(err, TypeError)
    assert err.code == "ERR_INVALID_HTTP_TOKEN"
    assert err.args[0] == f'Header name must be a valid HTTP token ["{name}"]'


@pytest.mark.parametrize("value", ["a\rb", "a\nb", "a\x00b", "a\r\nX-Injected: 1",
                                   ["ok", "a\r\nb"]])
def test_set_header_value_with_cr_lf_or_nul_raises_err_invalid_char(value):
    err = call_in_handler(lambda res: res.set_header("X-V", value))["error"]
    assert isinstance(err, TypeError)
    assert err.code == "ERR_INVALID_CHAR"
    assert err.args[0] == 'Invalid character in header content ["X-V"]'


def test_set_header_none_value_raises_err_http_invalid_header_value():
    err = call_in_handler(lambda res: res.set_header("X-V", None))["error"]
    assert isinstance(err, TypeError)
    assert err.code == "ERR_HTTP_INVALID_HEADER_VALUE"
    assert err.args[0] == 'Invalid value "undefined" for header "X-V"'


def test_rejected_header_is_not_sent_and_the_response_goes_on():
    out = call_in_handler(lambda res: res.set_header("X-V", "a\r\nX-Injected: 1"))
    assert out["error"].code == "ERR_INVALID_CHAR"
    assert out["wire"] == (b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: close\r\n"
                           b"Content-Length: 0\r\n\r\n")


@pytest.mark.parametrize("headers", [{"Bad Name": "x"}, ["Bad Name", "x"], [["Bad Name", "x"]]])
def test_write_head_invalid_header_name_raises_err_invalid_http_token(headers):
    err = call_in_handler(lambda res: res.write_head(200, headers))["error"]
    assert isinstance(err, TypeError)
    assert err.code == "ERR_INVALID_HTTP_TOKEN"
    assert err.args[0] == 'Header name must be a valid HTTP token ["Bad Name"]'


@pytest.mark.parametrize("headers", [{"X-V": "a\nb"}, ["X-V", "a\rb"], [["X-V", "a\x00b"]]])
def test_write_head_invalid_header_value_raises_err_invalid_char(headers):
    err = call_in_handler(lambda res: res.write_head(200, headers))["error"]
    assert isinstance(err, TypeError)
    assert err.code == "ERR_INVALID_CHAR"
    assert err.args[0] == 'Invalid character in header content ["X-V"]'


def test_write_head_invalid_header_leaves_headers_unsent():
    def fn(res):
        try:
            res.write_head(200, {"X-V": "a\nb"})
        except TypeError:
            pass
        return res.headers_sent

    assert call_in_handler(fn)["value"] is False


# -- Date ------------------------------------------------------------------------


def test_send_date_is_true_by_default_and_date_is_an_imf_fixdate(must_call):
    seen = {}

    def handler(req, res):
        seen["send_date"] = res.send_date
        res.end()

    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            return read_message(sock)[0]

    head = serve(lambda srv: srv.on("request", must_call(handler)), client)
    assert seen["send_date"] is True
    dates = re.findall(rb"\r\nDate: ([^\r]*)\r\n", head)
    assert len(dates) == 1
    assert re.fullmatch(rb"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3]\d "
                        rb"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                        rb"\d{4} [0-2]\d:[0-5]\d:[0-6]\d GMT", dates[0])


def test_send_date_false_sends_no_date(must_call):
    def handler(req, res):
        res.send_date = False
        res.end("x")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\n" + KA + b"Content-Length: 1\r\n\r\nx")


def test_remove_header_date_sends_no_date(must_call):
    def handler(req, res):
        res.remove_header("Date")
        res.end("abc")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\n" + KA + b"Content-Length: 3\r\n\r\nabc")


def test_user_date_from_set_header_is_kept_and_not_duplicated(must_call):
    def handler(req, res):
        res.set_header("Date", "Mon, 01 Jan 2001 00:00:00 GMT")
        res.end("x")

    # Compared unmasked: the user's own value goes out, once.
    def client(port):
        with connect(port) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            return read_message(sock)[0]

    assert serve(lambda srv: srv.on("request", must_call(handler)), client) == (
        b"HTTP/1.1 200 OK\r\nDate: Mon, 01 Jan 2001 00:00:00 GMT\r\n" + KA
        + b"Content-Length: 1\r\n\r\nx")


def test_user_date_from_write_head_keeps_its_case(must_call):
    def handler(req, res):
        res.write_head(200, {"date": "Mon, 01 Jan 2001 00:00:00 GMT"})
        res.end("x")

    assert respond(must_call(handler)) == (
        b"HTTP/1.1 200 OK\r\ndate: Mon, 01 Jan 2001 00:00:00 GMT\r\n" + KA
        + b"Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")


def test_trailing_whitespace_of_a_header_value_is_not_part_of_it():
    # RFC 9110 §5.5: OWS around a field value is not part of it (llhttp keeps
    # the trailing part; Node strips it, in raw_headers too).
    seen = []

    def handler(req, res):
        seen.append((req.headers["host"], req.headers["x-a"], req.raw_headers))
        res.end()

    respond(handler, b"GET / HTTP/1.1\r\nHost: foo.com \t\r\nX-A:  v w\t \r\n\r\n")
    assert seen == [("foo.com", "v w", ["Host", "foo.com", "X-A", "v w"])]
